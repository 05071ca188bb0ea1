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
  // "Select all": a box that ticks every box of its form (hidden without this file).
  document.querySelectorAll('[data-select-all]').forEach(function (all) {
    var form = all.getAttribute('data-select-all');
    all.hidden = false;
    all.addEventListener('change', function () {
      document.querySelectorAll('input[type=checkbox][form="' + form + '"]').forEach(function (b) { b.checked = all.checked; });
    });
  });
  // Import progress: reload while the job runs (the page also has a meta-free fallback link).
  var p = document.querySelector('[data-refresh]');
  if (p) { setTimeout(function () { window.location.reload(); }, Number(p.getAttribute('data-refresh')) || 1000); }
})();
