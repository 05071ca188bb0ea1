//! The WordprocessingML pieces the documents are made of: runs, paragraphs, rules, borderless
//! rows, and the page's measures (A4, ND 30/2020 margins).

use crate::domain::richtext::Span;

pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // a line break inside a run would be lost anyway: keep the words apart
            '\n' | '\r' => out.push(' '),
            // characters XML 1.0 forbids
            c if ((c as u32) < 0x20 && c != '\t') || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Clone, Copy, Default)]
pub(super) struct Fmt {
    pub(super) bold: bool,
    pub(super) italic: bool,
    pub(super) underline: bool,
    /// half-points; 0 = the body size (14 pt)
    pub(super) size: u32,
}

impl Fmt {
    pub(super) fn bold(size: u32) -> Fmt {
        Fmt {
            bold: true,
            size,
            ..Default::default()
        }
    }
    pub(super) fn plain(size: u32) -> Fmt {
        Fmt {
            size,
            ..Default::default()
        }
    }
    pub(super) fn points(self) -> f32 {
        (if self.size > 0 { self.size } else { BODY_SIZE }) as f32 / 2.0
    }
}

pub(super) const BODY_SIZE: u32 = 28;
pub(super) const FONTS: &str = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>";

/// A run, with its font and size spelled out (so it keeps them when pasted into another document).
/// Element order in w:rPr follows ECMA-376 (CT_RPr): rFonts, b, bCs, i, iCs, sz, szCs, u.
pub(super) fn run(text: &str, f: Fmt) -> String {
    let mut pr = String::from(FONTS);
    if f.bold {
        pr.push_str("<w:b/><w:bCs/>");
    }
    if f.italic {
        pr.push_str("<w:i/><w:iCs/>");
    }
    let size = if f.size > 0 { f.size } else { BODY_SIZE };
    pr.push_str(&format!(
        "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
    ));
    if f.underline {
        pr.push_str("<w:u w:val=\"single\"/>");
    }
    format!(
        "<w:r><w:rPr>{pr}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        unbroken_numbers(&esc(&text.replace(" %", "\u{a0}%")))
    )
}

/// A document's number or a legal text's ("05/KH-STNMT", "91/2017/NĐ-CP") is never broken at its
/// hyphen: there it takes Word's non-breaking hyphen.
fn unbroken_numbers(escaped: &str) -> String {
    if !escaped.contains('-') || !escaped.contains('/') {
        return escaped.to_string();
    }
    let mut out = String::with_capacity(escaped.len() + 64);
    for (i, word) in escaped.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.contains('/') && word.contains('-') {
            out.push_str(
                &word.replace('-', "</w:t><w:noBreakHyphen/><w:t xml:space=\"preserve\">"),
            );
        } else {
            out.push_str(word);
        }
    }
    out
}

pub(super) fn spans_runs(spans: &[Span], base: Fmt) -> String {
    spans
        .iter()
        .map(|s| {
            run(
                &s.text,
                Fmt {
                    bold: base.bold || s.bold,
                    italic: base.italic || s.italic,
                    ..base
                },
            )
        })
        .collect()
}

#[derive(Clone, Copy)]
pub(super) enum Align {
    Left,
    Center,
    Both,
}

/// How a paragraph sits: alignment, first-line indent, space after (twips), and whether it is
/// kept on the page of the next one.
#[derive(Clone, Copy)]
pub(super) struct Place {
    pub(super) align: Align,
    pub(super) indent: bool,
    pub(super) after: u32,
    pub(super) keep_next: bool,
}

pub(super) const fn place(align: Align, indent: bool, after: u32) -> Place {
    Place {
        align,
        indent,
        after,
        keep_next: false,
    }
}

impl Place {
    pub(super) fn kept(self) -> Place {
        Place {
            keep_next: true,
            ..self
        }
    }
}

/// A paragraph. Element order in w:pPr follows ECMA-376 (CT_PPrBase): keepNext, pBdr, spacing,
/// ind, jc.
pub(super) fn para_at(runs: &str, p: Place) -> String {
    let jc = match p.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Both => "both",
    };
    let keep = if p.keep_next { "<w:keepNext/>" } else { "" };
    let ind = if p.indent {
        "<w:ind w:firstLine=\"567\"/>"
    } else {
        ""
    };
    format!(
        "<w:p><w:pPr>{keep}<w:spacing w:before=\"0\" w:after=\"{}\" w:line=\"288\" w:lineRule=\"auto\"/>{ind}<w:jc w:val=\"{jc}\"/></w:pPr>{runs}</w:p>",
        p.after
    )
}

pub(super) fn para(runs: &str, align: Align, first_line_indent: bool, after: u32) -> String {
    para_at(runs, place(align, first_line_indent, after))
}

pub(super) fn centred(text: &str, f: Fmt) -> String {
    para(&run(text, f), Align::Center, false, 0)
}

/// A short centred rule of `width_mm` (a bottom border on an empty paragraph indented from both
/// sides of a column `column_mm` wide).
pub(super) fn rule(width_mm: f32, column_mm: f32, keep_next: bool) -> String {
    let side = (((column_mm - width_mm).max(0.0) / 2.0) * MM) as u32;
    let keep = if keep_next { "<w:keepNext/>" } else { "" };
    format!(
        "<w:p><w:pPr>{keep}<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"0\" w:after=\"120\" w:line=\"120\" w:lineRule=\"exact\"/><w:ind w:left=\"{side}\" w:right=\"{side}\"/><w:jc w:val=\"center\"/></w:pPr></w:p>"
    )
}

/// A borderless table of one row, never split across pages: the header's two columns, or the
/// signatures at the foot.
pub(super) fn borderless_row(cells: &[(u32, String)]) -> String {
    let total: u32 = cells.iter().map(|c| c.0).sum();
    let grid: String = cells
        .iter()
        .map(|(w, _)| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    let tcs: String = cells
        .iter()
        .map(|(w, content)| {
            format!("<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
        })
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>{tcs}</w:tr></w:tbl>"
    )
}

/// Twips per millimetre.
pub(super) const MM: f32 = 56.7;
/// A4 with 30 mm left and 15 mm right margins leaves 165 mm of text width.
pub(super) const TEXT_MM: f32 = 165.0;
pub(super) const TEXT_WIDTH: u32 = (TEXT_MM * MM) as u32;
/// The header's left column (the issuing body); the right one (the national title, 13 pt bold,
/// about 96 mm) takes the rest.
pub(super) const LEFT_MM: f32 = 62.0;
/// A table cell's left and right margins together (108 twips each, the Normal Table style).
pub(super) const CELL_PAD_MM: f32 = 2.0 * 108.0 / MM;
