//! The document harness: a generated .docx rendered by LibreOffice (headless) and a PDF read back
//! the way a person reads the page: `pdftotext -layout` for the lines of each page, `pdftotext
//! -bbox-layout` for where the words are, and `pdftoppm` for the pixels under them (the rules under
//! the issuer and the summary). [`Paper::check`] holds every official document to what a records
//! clerk looks at before signing; a test adds a document by rendering it and calling `check`.
//!
//! What `check` asks of every official document (Nghị định 30/2020/NĐ-CP):
//! - the national title "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the motto each on one line;
//! - each line of the header as the template sets it (the issuing body broken only where the
//!   template breaks it: "SỞ TÀI NGUYÊN VÀ / MÔI TRƯỜNG", never "MÔI / TRƯỜNG");
//! - no word split anywhere, tables included ("quyế/t", "ST/T", "Khôn/g đạt"): every word on the
//!   rendered pages is a word of the document;
//! - tables: the header row repeats on each page and no row splits across pages (set in the file,
//!   and seen on the pages for a table that runs over a page);
//! - the signature block on the same page as the last paragraph before it;
//! - page numbers from page 2, at the top, centred; none on page 1;
//! - a rule under the summary (trích yếu) and under the issuing body, seen as ink on the page;
//! - numbers in the Vietnamese way: decimal comma, a percentage with its decimals ("87,5 %"), never
//!   "87.5" or a bare "87%".

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "thidua-paper-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs a tool the tests need (scripts/test-setup.sh installs it) in `dir`: its standard output.
pub fn tool(cmd: &str, args: &[&str], dir: &Path) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e} (scripts/test-setup.sh installs it)"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the .docx itself says, read with an XML parser: the parts the checks compare the pages with.
#[derive(Debug, Default)]
pub struct Source {
    /// every paragraph's text, in order
    pub paragraphs: Vec<String>,
    /// the header's left and right cells, a paragraph each (empty ones left out)
    pub agency: Vec<String>,
    pub nation: Vec<String>,
    /// the summary's lines (the bold centred lines before the rule under them)
    pub title: Vec<String>,
    /// the text of the last paragraph before the signatures, and the signatures' lines
    pub last_paragraph: String,
    pub signature: Vec<String>,
    /// per table: (rows, rows with the header flag, rows that may not split, its header's text)
    pub tables: Vec<(usize, usize, usize, String)>,
    /// the words of the document (headers included)
    pub words: HashSet<String>,
}

fn para_text(p: roxmltree::Node) -> String {
    p.descendants()
        .filter_map(|n| match n.tag_name().name() {
            "t" => Some(n.text().unwrap_or("").replace('\u{a0}', " ")),
            "noBreakHyphen" => Some("-".to_string()),
            _ => None,
        })
        .collect()
}

fn is(n: &roxmltree::Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name
}

impl Source {
    pub fn of(docx: &[u8]) -> Source {
        let xml = super::docx_part(docx, "word/document.xml");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let body = doc.descendants().find(|n| is(n, "body")).expect("a body");
        let mut s = Source::default();
        for p in doc.descendants().filter(|n| is(n, "p")) {
            let t = para_text(p);
            s.words.extend(t.split_whitespace().map(String::from));
            s.paragraphs.push(t);
        }
        let top: Vec<roxmltree::Node> = body.children().filter(|n| n.is_element()).collect();
        // the header: the first table's two cells
        if let Some(head) = top.iter().find(|n| is(n, "tbl")) {
            let cells: Vec<roxmltree::Node> = head.descendants().filter(|n| is(n, "tc")).collect();
            let texts = |c: &roxmltree::Node| -> Vec<String> {
                c.children()
                    .filter(|n| is(n, "p"))
                    .map(para_text)
                    .filter(|t| !t.trim().is_empty())
                    .collect()
            };
            if cells.len() >= 2 {
                s.agency = texts(&cells[0]);
                s.nation = texts(&cells[1]);
            }
        }
        // the summary: bold centred paragraphs right before the first paragraph with a border
        if let Some(rule) = top
            .iter()
            .position(|n| is(n, "p") && n.descendants().any(|d| is(&d, "pBdr")))
        {
            let mut title = Vec::new();
            for n in top[..rule].iter().rev() {
                if !is(n, "p") {
                    break;
                }
                let t = para_text(*n);
                if t.trim().is_empty() {
                    break;
                }
                title.push(t);
            }
            title.reverse();
            // the document's kind ("QUYẾT ĐỊNH") is not part of the summary
            if title.len() > 1 {
                title.remove(0);
            }
            s.title = title;
        }
        // the signatures: the last borderless table before the annex's page break (or the end)
        let annex = top
            .iter()
            .position(|n| {
                n.descendants()
                    .any(|d| is(&d, "br") && d.attribute((W, "type")) == Some("page"))
            })
            .unwrap_or(top.len());
        let tables: Vec<usize> = (0..annex).filter(|i| is(&top[*i], "tbl")).collect();
        if let Some(&sig) = tables.iter().rev().find(|i| !bordered(&top[**i])) {
            // a confirming signature under the two: the pair above it
            let sig = match tables.iter().rev().filter(|i| !bordered(&top[**i])).nth(1) {
                Some(&pair) if sig - pair <= 2 && pair > 0 => pair,
                _ => sig,
            };
            s.signature = top[sig]
                .descendants()
                .filter(|n| is(n, "p"))
                .map(para_text)
                .filter(|t| !t.trim().is_empty())
                .collect();
            s.last_paragraph = top[..sig]
                .iter()
                .rev()
                .filter(|n| is(n, "p") || is(n, "tbl"))
                .map(|n| {
                    if is(n, "tbl") {
                        // a table ends the body: its last row stands for it
                        n.descendants()
                            .rfind(|r| is(r, "tr"))
                            .map(|r| {
                                r.descendants()
                                    .filter(|p| is(p, "p"))
                                    .map(para_text)
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            })
                            .unwrap_or_default()
                    } else {
                        para_text(*n)
                    }
                })
                .find(|t| !t.trim().is_empty())
                .unwrap_or_default();
        }
        for t in doc.descendants().filter(|n| is(n, "tbl")).filter(bordered) {
            let rows: Vec<roxmltree::Node> = t.children().filter(|n| is(n, "tr")).collect();
            let flag = |r: &roxmltree::Node, f: &str| r.descendants().any(|d| is(&d, f));
            let header = rows
                .first()
                .map(|r| {
                    r.descendants()
                        .filter(|p| is(p, "p"))
                        .map(para_text)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            s.tables.push((
                rows.len(),
                rows.iter().filter(|r| flag(r, "tblHeader")).count(),
                rows.iter().filter(|r| flag(r, "cantSplit")).count(),
                header,
            ));
        }
        // the page header's words (the number) and the headers' parts
        for part in ["word/header1.xml", "word/header2.xml"] {
            if let Ok(x) = std::panic::catch_unwind(|| super::docx_part(docx, part)) {
                s.words.extend(
                    x.split(|c: char| !c.is_ascii_digit())
                        .filter(|w| !w.is_empty())
                        .map(String::from),
                );
            }
        }
        s
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A table with borders (a data table; the header and the signatures have none).
fn bordered(t: &roxmltree::Node) -> bool {
    t.children()
        .find(|n| is(n, "tblPr"))
        .and_then(|pr| pr.children().find(|n| is(n, "tblBorders")))
        .and_then(|b| b.children().find(|n| is(n, "top")))
        .and_then(|top| top.attribute((W, "val")))
        .is_some_and(|v| v != "nil" && v != "none")
}

/// A word on a rendered page with its box (points from the top-left corner).
#[derive(Clone, Debug)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// A rendered document.
pub struct Paper {
    pub name: String,
    /// each page's lines as `pdftotext -layout` lays them out
    pub pages: Vec<String>,
    /// every word with its box
    pub words: Vec<Word>,
    /// each page's width in points
    pub page_width: Vec<f32>,
    /// the pages as grey pixels at 72 dpi (a pixel a point): (width, height, bytes)
    pub pixels: Vec<(usize, usize, Vec<u8>)>,
    pub pdf: Vec<u8>,
    pub source: Option<Source>,
    /// words a person typed that the numbers check lets pass ("100%" in a pledge's text)
    pub typed: Vec<String>,
}

impl Paper {
    /// Renders `docx` with LibreOffice and reads the PDF back.
    pub fn docx(name: &str, docx: &[u8]) -> Paper {
        Paper::docx_many(&[(name, docx)]).pop().expect("one paper")
    }

    /// Renders several .docx files in one LibreOffice run (it starts once) and reads each back.
    pub fn docx_many(docs: &[(&str, &[u8])]) -> Vec<Paper> {
        let dir = Scratch::new("docx");
        let mut args = vec![
            "--headless".to_string(),
            format!("-env:UserInstallation=file://{}/profile", dir.0.display()),
            "--convert-to".into(),
            "pdf".into(),
        ];
        for (i, (_, bytes)) in docs.iter().enumerate() {
            let f = format!("d{i}.docx");
            std::fs::write(dir.0.join(&f), bytes).unwrap();
            args.push(f);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tool("soffice", &args, &dir.0);
        docs.iter()
            .enumerate()
            .map(|(i, (name, bytes))| {
                let pdf = std::fs::read(dir.0.join(format!("d{i}.pdf")))
                    .unwrap_or_else(|e| panic!("{name}: LibreOffice made no PDF: {e}"));
                keep_for_eyes(name, &pdf);
                let mut p = Paper::pdf(name, &pdf);
                p.source = Some(Source::of(bytes));
                p
            })
            .collect()
    }

    /// Reads a PDF back (as produced: a signed decision, the certificates).
    pub fn pdf(name: &str, pdf: &[u8]) -> Paper {
        let dir = Scratch::new("pdf");
        std::fs::write(dir.0.join("in.pdf"), pdf).unwrap();
        // a non-breaking hyphen reads as a hyphen
        let text = tool("pdftotext", &["-layout", "in.pdf", "-"], &dir.0)
            .replace('\u{2011}', "-")
            .replace('\u{a0}', " ");
        let mut pages: Vec<String> = text.split('\u{c}').map(String::from).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        let bbox = tool("pdftotext", &["-bbox-layout", "in.pdf", "-"], &dir.0)
            .replace('\u{2011}', "-")
            .replace('\u{a0}', " ");
        let (words, page_width) = parse_bbox(&bbox);
        tool("pdftoppm", &["-r", "72", "-gray", "in.pdf", "pg"], &dir.0);
        let mut pgms: Vec<String> = std::fs::read_dir(&dir.0)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.starts_with("pg") && n.ends_with(".pgm"))
            .collect();
        pgms.sort_by_key(|n| {
            n.trim_start_matches("pg-")
                .trim_end_matches(".pgm")
                .parse::<usize>()
                .unwrap_or(0)
        });
        let pixels = pgms
            .iter()
            .map(|f| parse_pgm(&std::fs::read(dir.0.join(f)).unwrap()))
            .collect();
        Paper {
            name: name.to_string(),
            pages,
            words,
            page_width,
            pixels,
            pdf: pdf.to_vec(),
            source: None,
            typed: Vec::new(),
        }
    }

    /// Lets the words of `text` (typed by a person, printed as typed: "100%") pass the numbers
    /// check.
    pub fn typed(mut self, text: &str) -> Paper {
        self.typed.extend(text.split_whitespace().map(String::from));
        self
    }

    /// All pages' text.
    pub fn text(&self) -> String {
        self.pages.join("\n")
    }

    /// Each line of every page with its runs of spaces made one (a line as a reader takes it in).
    pub fn lines(&self) -> Vec<(usize, String)> {
        self.pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                p.lines()
                    .map(move |l| (i, l.split_whitespace().collect::<Vec<_>>().join(" ")))
            })
            .collect()
    }

    /// The page (0-based) of the first line that holds `text` whole.
    pub fn page_of(&self, text: &str) -> Option<usize> {
        self.lines()
            .into_iter()
            .find(|(_, l)| l.contains(text))
            .map(|(p, _)| p)
    }

    /// `text` stands whole on one line somewhere.
    pub fn has_line_with(&self, text: &str) -> bool {
        self.page_of(text).is_some()
    }

    /// Asserts that `text` stands whole on one line.
    pub fn assert_line(&self, text: &str) {
        assert!(
            self.has_line_with(text),
            "{}: no line reads {text:?}:\n{}",
            self.name,
            self.text()
        );
    }

    /// Asserts that nothing on the pages reads `text`.
    pub fn assert_absent(&self, text: &str) {
        let flat = self
            .lines()
            .into_iter()
            .map(|l| l.1)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            !flat.contains(text),
            "{}: the pages read {text:?}:\n{}",
            self.name,
            self.text()
        );
    }

    /// Every check of an official document; panics naming each that fails.
    pub fn check(&self) -> &Paper {
        let failures = self.failures();
        assert!(
            failures.is_empty(),
            "{}: {} check(s) failed:\n- {}\n\nthe pages:\n{}",
            self.name,
            failures.len(),
            failures.join("\n- "),
            self.text()
        );
        self
    }

    /// What a records clerk would refuse, one message each (empty when none).
    pub fn failures(&self) -> Vec<String> {
        let mut f = Vec::new();
        self.header_lines(&mut f);
        self.split_words(&mut f);
        self.tables(&mut f);
        self.signature_page(&mut f);
        self.page_numbers(&mut f);
        self.rules(&mut f);
        self.numbers(&mut f);
        f
    }

    fn header_lines(&self, f: &mut Vec<String>) {
        for want in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ] {
            if self.page_of(want) != Some(0) {
                f.push(format!("{want:?} is not on one line of page 1"));
            }
        }
        if let Some(s) = &self.source {
            for l in s.agency.iter().chain(&s.nation) {
                let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
                if self.page_of(&l) != Some(0) {
                    f.push(format!(
                        "the header's line {l:?} does not stand on one line of page 1 (broken where the template does not break it)"
                    ));
                }
            }
            for l in &s.title {
                if !self.has_line_with(l.trim()) {
                    f.push(format!("the summary's line {l:?} is broken"));
                }
            }
        }
    }

    fn split_words(&self, f: &mut Vec<String>) {
        let Some(s) = &self.source else { return };
        // the words as the PDF places them (pdftotext's layout text may close up a small gap)
        let mut bad: Vec<String> = Vec::new();
        for w in &self.words {
            let w = w.text.as_str();
            let number = w.chars().all(|c| c.is_ascii_digit());
            if !number && !s.words.contains(w) && !bad.iter().any(|b| b == w) {
                bad.push(w.to_string());
            }
        }
        if !bad.is_empty() {
            f.push(format!(
                "words split or changed on the page (not words of the document): {bad:?}"
            ));
        }
    }

    fn tables(&self, f: &mut Vec<String>) {
        let Some(s) = &self.source else { return };
        for (i, (rows, headers, whole, head)) in s.tables.iter().enumerate() {
            if *headers != 1 {
                f.push(format!(
                    "table {} ({head:?}): the header row is not set to repeat on each page",
                    i + 1
                ));
            }
            if whole != rows {
                f.push(format!(
                    "table {} ({head:?}): {} of {rows} rows may split across pages",
                    i + 1,
                    rows - whole
                ));
            }
        }
    }

    /// The page (0-based) of the last place where the words of `text` follow one another (across
    /// lines).
    pub fn last_page_of(&self, text: &str) -> Option<usize> {
        let want: Vec<&str> = text.split_whitespace().collect();
        if want.is_empty() || want.len() > self.words.len() {
            return None;
        }
        (0..=self.words.len() - want.len())
            .rev()
            .find(|i| {
                self.words[*i..*i + want.len()]
                    .iter()
                    .zip(&want)
                    .all(|(w, t)| w.text == *t)
            })
            .map(|i| self.words[i].page)
    }

    fn signature_page(&self, f: &mut Vec<String>) {
        let Some(s) = &self.source else { return };
        let Some(name) = s.signature.last() else {
            f.push("no signature block".into());
            return;
        };
        let sig = self.last_page_of(name);
        let words: Vec<&str> = s.last_paragraph.split_whitespace().collect();
        let tail = words[words.len().saturating_sub(2)..].join(" ");
        let last = self.last_page_of(&tail);
        match (sig, last) {
            (Some(a), Some(b)) if a == b => {}
            (a, b) => f.push(format!(
                "the signature ({name:?}, page {}) is not on the page of the last paragraph ({tail:?}, page {})",
                a.map_or("?".into(), |p| (p + 1).to_string()),
                b.map_or("?".into(), |p| (p + 1).to_string())
            )),
        }
    }

    fn page_numbers(&self, f: &mut Vec<String>) {
        if self
            .pages
            .first()
            .and_then(|p| p.lines().find(|l| !l.trim().is_empty()))
            .is_some_and(|l| l.trim() == "1")
        {
            f.push("page 1 carries a page number".into());
        }
        for (i, _) in self.pages.iter().enumerate().skip(1) {
            let n = (i + 1).to_string();
            // the first word on the page, by its box: the number, centred
            let first = self
                .words
                .iter()
                .filter(|w| w.page == i)
                .min_by(|a, b| a.y0.total_cmp(&b.y0));
            match first {
                Some(w) if w.text == n => {
                    let centre = (w.x0 + w.x1) / 2.0;
                    let width = self.page_width.get(i).copied().unwrap_or(595.0);
                    // the text area's centre: 30 mm left and 15 mm right margins
                    let text_centre = (30.0 + (210.0 - 45.0) / 2.0) / 25.4 * 72.0;
                    if (centre - text_centre).abs() > 20.0 || w.y0 > 60.0 {
                        f.push(format!(
                            "page {n}: its number is not at the top centre (x {centre:.0} of {width:.0}, y {:.0})",
                            w.y0
                        ));
                    }
                }
                other => f.push(format!(
                    "page {n} does not start with its number (first word {:?})",
                    other.map(|w| w.text.as_str())
                )),
            }
        }
    }

    /// Ink under a line of words: the longest run of dark pixels in the rows just below it, centred
    /// near the words' centre. Its length in points.
    pub fn rule_under(&self, page: usize, words: &[Word]) -> f32 {
        let Some((w, h, px)) = self.pixels.get(page) else {
            return 0.0;
        };
        let y1 = words.iter().map(|w| w.y1).fold(0.0, f32::max);
        let x0 = words.iter().map(|w| w.x0).fold(f32::MAX, f32::min);
        let x1 = words.iter().map(|w| w.x1).fold(0.0, f32::max);
        let centre = ((x0 + x1) / 2.0) as usize;
        let mut best = 0usize;
        for y in (y1 as usize + 1)..(y1 as usize + 14).min(*h) {
            let row = &px[y * w..(y + 1) * w];
            let mut run = 0usize;
            for (x, v) in row.iter().enumerate() {
                if *v < 140 {
                    run += 1;
                    // a run that reaches across the words' centre
                    if x >= centre && x - run < centre {
                        best = best.max(run);
                    }
                } else {
                    run = 0;
                }
            }
            // finish a run that passed the centre
            let _ = run;
        }
        best as f32
    }

    /// The words of the line of page `page` that reads `text` (its words in order).
    pub fn line_words(&self, page: usize, text: &str) -> Vec<Word> {
        let want: Vec<&str> = text.split_whitespace().collect();
        let on: Vec<&Word> = self.words.iter().filter(|w| w.page == page).collect();
        for i in 0..on.len() {
            if on.len() - i < want.len() {
                break;
            }
            let run = &on[i..i + want.len()];
            if run.iter().zip(&want).all(|(w, t)| w.text == *t)
                && run.iter().all(|w| (w.y0 - run[0].y0).abs() < 3.0)
            {
                return run.iter().map(|w| (*w).clone()).collect();
            }
        }
        Vec::new()
    }

    fn rules(&self, f: &mut Vec<String>) {
        let Some(s) = &self.source else { return };
        if let Some(last) = s.title.last() {
            let words = self.line_words(0, last);
            if words.is_empty() {
                f.push(format!(
                    "the summary's last line {last:?} is not found on page 1"
                ));
            } else if self.rule_under(0, &words) < 50.0 {
                f.push(format!("no rule under the summary {last:?}"));
            }
        } else {
            f.push("no summary (trích yếu) with a rule under it".into());
        }
        // the issuing body's last line, before the number
        let issuer = s
            .agency
            .iter()
            .rfind(|l| !l.starts_with("Số") && !l.trim().is_empty());
        if let Some(l) = issuer {
            let words = self.line_words(0, l);
            if !words.is_empty() && self.rule_under(0, &words) < 40.0 {
                f.push(format!("no rule under the issuing body {l:?}"));
            }
        }
    }

    fn numbers(&self, f: &mut Vec<String>) {
        for w in &self.words {
            let t = w.text.as_str();
            let typed = self.typed.iter().any(|x| x == t);
            let digits_then_sign = t
                .trim_start_matches('(')
                .trim_end_matches([')', ',', '.', ';'])
                .strip_suffix('%')
                .is_some_and(|n| n.ends_with(|c: char| c.is_ascii_digit()));
            if digits_then_sign && !typed {
                f.push(format!(
                    "page {}: a percentage without its space: {t:?}",
                    w.page + 1
                ));
            }
            let n = t.trim_matches(|c: char| !c.is_ascii_digit());
            if let Some((a, b)) = n.rsplit_once('.')
                && !a.is_empty()
                && a.chars().all(|c| c.is_ascii_digit() || c == '.')
                && b.chars().all(|c| c.is_ascii_digit())
                && b.len() != 3
                && !typed
            {
                f.push(format!(
                    "page {}: a decimal point, not a comma: {t:?}",
                    w.page + 1
                ));
            }
        }
    }

    /// The place-and-date line of page 1 ("…, ngày 29 tháng 12 năm 2022") as a date.
    pub fn place_date(&self) -> Option<chrono::NaiveDate> {
        let line = self
            .pages
            .first()?
            .lines()
            .find(|l| l.contains("ngày") && l.contains("tháng") && l.contains("năm"))?;
        let flat = line.split_whitespace().collect::<Vec<_>>();
        let at = |key: &str| -> Option<u32> {
            let i = flat.iter().rposition(|w| *w == key)?;
            flat.get(i + 1)?
                .trim_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .ok()
        };
        chrono::NaiveDate::from_ymd_opt(at("năm")? as i32, at("tháng")?, at("ngày")?)
    }
}

/// With `THIDUA_PAPERS=dir` set, each rendered PDF is kept there as `name.pdf`, to be looked at.
pub fn keep_for_eyes(name: &str, pdf: &[u8]) {
    if let Ok(dir) = std::env::var("THIDUA_PAPERS") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(Path::new(&dir).join(format!("{name}.pdf")), pdf);
    }
}

/// Words and page widths from `pdftotext -bbox-layout`'s XHTML.
fn parse_bbox(xhtml: &str) -> (Vec<Word>, Vec<f32>) {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = match roxmltree::Document::parse_with_options(xhtml, opts) {
        Ok(d) => d,
        Err(e) => panic!("pdftotext -bbox-layout: {e}"),
    };
    let mut words = Vec::new();
    let mut widths = Vec::new();
    for (i, page) in doc
        .descendants()
        .filter(|n| n.tag_name().name() == "page")
        .enumerate()
    {
        widths.push(
            page.attribute("width")
                .and_then(|v| v.parse().ok())
                .unwrap_or(595.0),
        );
        for w in page.descendants().filter(|n| n.tag_name().name() == "word") {
            let a = |k: &str| {
                w.attribute(k)
                    .and_then(|v| v.parse::<f32>().ok())
                    .unwrap_or(0.0)
            };
            words.push(Word {
                page: i,
                text: w.text().unwrap_or("").to_string(),
                x0: a("xMin"),
                y0: a("yMin"),
                x1: a("xMax"),
                y1: a("yMax"),
            });
        }
    }
    (words, widths)
}

/// A binary PGM (P5, 8 bits): (width, height, pixels).
fn parse_pgm(b: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 && i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&b[start..i]).into_owned());
    }
    assert_eq!(
        fields.first().map(String::as_str),
        Some("P5"),
        "a binary PGM"
    );
    let w: usize = fields[1].parse().unwrap();
    let h: usize = fields[2].parse().unwrap();
    let data = b[i + 1..].to_vec();
    assert!(data.len() >= w * h, "the PGM's pixels");
    (w, h, data)
}
