// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    if (t.closest('[data-print]')) { window.print(); return; }
    var c = t.closest('[data-confirm]');
    if (c && !window.confirm(c.getAttribute('data-confirm'))) { e.preventDefault(); }
  });
  // Auto-submit filters marked data-autosubmit when a select changes.
  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t instanceof HTMLSelectElement && t.form && t.form.hasAttribute('data-autosubmit')) t.form.submit();
  });
  // A form that came back with errors: its summary takes the focus (its links lead to the fields).
  var summary = document.querySelector('[data-autofocus]');
  if (summary && !window.location.hash) { summary.focus(); }
  // "Select all": a box that ticks every box of its form (hidden without this file).
  document.querySelectorAll('[data-select-all]').forEach(function (all) {
    var form = all.getAttribute('data-select-all');
    all.hidden = false;
    var label = all.closest('label');
    if (label) label.hidden = false;
    all.addEventListener('change', function () {
      document.querySelectorAll('input[type=checkbox][form="' + form + '"]').forEach(function (b) { b.checked = all.checked; });
    });
  });
  // A box with a length limit (data-count) counts its characters as one types.
  function counter(el) {
    var c = document.createElement('span');
    c.className = 'char-count';
    el.insertAdjacentElement('afterend', c);
    var show = function () { c.textContent = el.value.length + ' / ' + el.getAttribute('maxlength'); };
    el.addEventListener('input', show);
    show();
  }
  document.querySelectorAll('[data-count][maxlength]').forEach(counter);
  // "Add a row": a copy of the list's last row, emptied and numbered on (without this file, the
  // form shows blank rows and saving a draft brings more).
  document.querySelectorAll('[data-add-row]').forEach(function (button) {
    var kind = button.getAttribute('data-add-row');
    button.hidden = false;
    button.addEventListener('click', function () {
      var rows = document.querySelectorAll('[data-row="' + kind + '"]');
      var last = rows[rows.length - 1];
      if (!last) return;
      var n = rows.length + 1;
      var copy = last.cloneNode(true);
      var renumber = function (v) { return v.replace(/\d+$/, String(n)); };
      copy.id = renumber(copy.id);
      copy.classList.remove('invalid');
      copy.querySelectorAll('.err, .char-count').forEach(function (e) { e.remove(); });
      copy.querySelectorAll('[id]').forEach(function (e) { e.id = renumber(e.id); });
      copy.querySelectorAll('label[for]').forEach(function (l) {
        l.setAttribute('for', renumber(l.getAttribute('for')));
        l.textContent = l.textContent.replace(/\d+(?!.*\d)/, String(n));
      });
      copy.querySelectorAll('input, textarea').forEach(function (e) {
        e.value = '';
        e.removeAttribute('aria-invalid');
        if (e.hasAttribute('data-count')) counter(e);
      });
      last.insertAdjacentElement('afterend', copy);
      var first = copy.querySelector('input, textarea');
      if (first) first.focus();
    });
  });
  // A title chosen for a member: the rules' answer for it shown at once (each option carries it).
  document.addEventListener('change', function (e) {
    var sel = e.target;
    if (!(sel instanceof HTMLSelectElement) || !sel.hasAttribute('data-outcome-badge')) return;
    var badge = document.getElementById(sel.getAttribute('data-outcome-badge'));
    var opt = sel.options[sel.selectedIndex];
    var outcome = opt ? opt.getAttribute('data-outcome') : null;
    if (!badge) return;
    if (!outcome) { badge.hidden = true; return; }
    var labels = (badge.getAttribute('data-labels') || '').split('|');
    var i = ['eligible', 'not_eligible', 'needs_review'].indexOf(outcome);
    badge.className = 'badge elig-' + outcome;
    badge.textContent = labels[i] || outcome;
    badge.hidden = false;
  });
  // A table wider than the screen scrolls in its frame: the frame takes the keyboard's focus then,
  // so that it can be scrolled without a mouse (and leaves the tab order when it fits).
  function frames() {
    document.querySelectorAll('.table-wrap').forEach(function (w) {
      if (w.getAttribute('role') === 'region') return;
      if (w.scrollWidth > w.clientWidth + 1) { w.setAttribute('tabindex', '0'); }
      else { w.removeAttribute('tabindex'); }
    });
  }
  frames();
  window.addEventListener('resize', frames);
  // Import progress: reload while the job runs (the page also has a meta-free fallback link).
  var p = document.querySelector('[data-refresh]');
  if (p) { setTimeout(function () { window.location.reload(); }, Number(p.getAttribute('data-refresh')) || 1000); }
})();
