//! Official documents as .docx (WordprocessingML), laid out per Nghị định 30/2020/NĐ-CP: A4, margins
//! 20/20/30/15 mm, Times New Roman; the agency block and the national title side by side, the place
//! and date in italics, the recipients ("Nơi nhận:") beside the signature block.

use crate::domain::richtext::{Block, Span};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

pub struct OfficialDoc {
    /// "UBND TỈNH SÓC TRĂNG" (may be empty)
    pub parent_body: String,
    /// "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    pub issuer: String,
    /// "Số: 05/KH-STNMT"
    pub number_line: String,
    /// "Sóc Trăng, ngày 05 tháng 01 năm 2022"
    pub place_date: String,
    /// "KẾ HOẠCH"
    pub doc_type: String,
    pub title: String,
    pub body: Vec<DocBlock>,
    pub recipients: Vec<String>,
    /// ["GIÁM ĐỐC"] or ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    pub signer_lines: Vec<String>,
    pub signer_name: String,
    /// a second signature on the left instead of the recipients (minutes: the secretary; an
    /// achievement report: the head who confirms it): its title lines and name
    pub co_signer: Option<(Vec<String>, String)>,
}

impl OfficialDoc {
    /// A document with a title and nothing else (the fields are then filled in).
    pub fn minimal(title: &str) -> OfficialDoc {
        OfficialDoc {
            parent_body: String::new(),
            issuer: String::new(),
            number_line: String::new(),
            place_date: String::new(),
            doc_type: String::new(),
            title: title.to_string(),
            body: Vec::new(),
            recipients: Vec::new(),
            signer_lines: Vec::new(),
            signer_name: String::new(),
            co_signer: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocBlock {
    /// a section heading ("I. Nội dung ...:"), bold
    Heading(Vec<Span>),
    /// a sub-heading ("1. Đối với tập thể:"), bold
    SubHeading(Vec<Span>),
    /// a centred bold line ("GIÁM ĐỐC SỞ ...", "QUYẾT ĐỊNH:" in a decision)
    Centered(Vec<Span>),
    Para(Vec<Span>),
    /// a dash item ("- ...")
    Bullet(Vec<Span>),
    Numbered(u32, Vec<Span>),
    /// a bordered table: column widths in percent of the text width, the header row (bold) and
    /// the rows (cells of plain text)
    Table {
        widths: Vec<u32>,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// a chart, drawn by the reader's office suite from its values (`docx_chart`)
    Chart(super::docx_chart::Chart),
}

impl DocBlock {
    pub fn from_rich(b: &Block) -> DocBlock {
        match b {
            Block::Para(s) => DocBlock::Para(s.clone()),
            Block::Bullet(s) => DocBlock::Bullet(s.clone()),
            Block::Numbered(n, s) => DocBlock::Numbered(*n, s.clone()),
        }
    }
}

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
struct Fmt {
    bold: bool,
    italic: bool,
    underline: bool,
    /// half-points; 0 = the body size (14 pt)
    size: u32,
}

const BODY_SIZE: u32 = 28;
const FONTS: &str = "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>";

/// A run, with its font and size spelled out (so it keeps them when pasted into another document).
/// Element order in w:rPr follows ECMA-376 (CT_RPr): rFonts, b, bCs, i, iCs, sz, szCs, u.
fn run(text: &str, f: Fmt) -> String {
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
        esc(text)
    )
}

fn spans_runs(spans: &[Span], base: Fmt) -> String {
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
enum Align {
    Left,
    Center,
    Both,
}

/// A paragraph. Element order in w:pPr follows ECMA-376 (CT_PPrBase): pBdr, spacing, ind, jc.
fn para(runs: &str, align: Align, first_line_indent: bool, after: u32) -> String {
    let jc = match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Both => "both",
    };
    let ind = if first_line_indent {
        "<w:ind w:firstLine=\"567\"/>"
    } else {
        ""
    };
    format!(
        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"{after}\" w:line=\"288\" w:lineRule=\"auto\"/>{ind}<w:jc w:val=\"{jc}\"/></w:pPr>{runs}</w:p>"
    )
}

fn centred(text: &str, f: Fmt) -> String {
    para(&run(text, f), Align::Center, false, 0)
}

/// A short centred rule under a heading line (a bottom border on an empty, narrow paragraph).
fn rule(width_twips: u32, cell_twips: u32) -> String {
    let side = cell_twips.saturating_sub(width_twips) / 2;
    format!(
        "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr><w:spacing w:before=\"0\" w:after=\"120\" w:line=\"120\" w:lineRule=\"exact\"/><w:ind w:left=\"{side}\" w:right=\"{side}\"/><w:jc w:val=\"center\"/></w:pPr></w:p>"
    )
}

/// A borderless two-column table.
fn two_columns(left: &str, right: &str, left_w: u32, right_w: u32) -> String {
    let cell = |w: u32, content: &str| {
        format!("<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{content}</w:tc>")
    };
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"{left_w}\"/><w:gridCol w:w=\"{right_w}\"/></w:tblGrid><w:tr>{}{}</w:tr></w:tbl>",
        left_w + right_w,
        cell(left_w, left),
        cell(right_w, right)
    )
}

// A4 with 30 mm left and 15 mm right margins leaves 165 mm of text width.
const MM: f64 = 56.7;
const TEXT_WIDTH: u32 = (165.0 * MM) as u32;
const LEFT_COL: u32 = (70.0 * MM) as u32;

fn document_xml(doc: &OfficialDoc) -> String {
    let bold = Fmt {
        bold: true,
        ..Default::default()
    };
    let mut body = header(doc);
    body.push_str(&para("", Align::Center, false, 0));
    body.push_str(&centred(&doc.doc_type, bold));
    body.push_str(&para(&run(&doc.title, bold), Align::Center, false, 240));
    let mut charts = 0;
    for b in &doc.body {
        if let DocBlock::Chart(c) = b {
            charts += 1;
            body.push_str(&super::docx_chart::inline(charts, c));
        } else {
            body.push_str(&block(b));
        }
    }
    body.push_str(&para("", Align::Left, false, 0));
    let left = match &doc.co_signer {
        Some((lines, name)) => signature_block(lines, name),
        None => recipients(doc),
    };
    body.push_str(&two_columns(
        &left,
        &signature_block(&doc.signer_lines, &doc.signer_name),
        TEXT_WIDTH / 2,
        TEXT_WIDTH / 2,
    ));
    let (top, bottom, left, right) = (
        (20.0 * MM) as u32,
        (20.0 * MM) as u32,
        (30.0 * MM) as u32,
        (15.0 * MM) as u32,
    );
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

/// The header of ND 30/2020: the issuing body with its number on the left, the national motto
/// with the place and date on the right.
fn header(doc: &OfficialDoc) -> String {
    let s13 = Fmt {
        size: 26,
        ..Default::default()
    };
    let mut agency = String::new();
    if !doc.parent_body.is_empty() {
        agency.push_str(&centred(&doc.parent_body.to_uppercase(), s13));
    }
    agency.push_str(&centred(
        &doc.issuer.to_uppercase(),
        Fmt { bold: true, ..s13 },
    ));
    agency.push_str(&rule((25.0 * MM) as u32, LEFT_COL));
    agency.push_str(&centred(&doc.number_line, s13));
    let mut nation = String::new();
    nation.push_str(&centred(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        Fmt { bold: true, ..s13 },
    ));
    nation.push_str(&centred(
        "Độc lập - Tự do - Hạnh phúc",
        Fmt {
            bold: true,
            underline: true,
            size: 28,
            ..Default::default()
        },
    ));
    nation.push_str(&para("", Align::Center, false, 0));
    nation.push_str(&centred(
        &doc.place_date,
        Fmt {
            italic: true,
            size: 28,
            ..Default::default()
        },
    ));
    two_columns(&agency, &nation, LEFT_COL, TEXT_WIDTH - LEFT_COL)
}

/// A bordered table with a bold header row, cells of 13 pt text.
fn table(widths: &[u32], header: &[String], rows: &[Vec<String>]) -> String {
    let cols: Vec<u32> = widths.iter().map(|w| TEXT_WIDTH * w / 100).collect();
    let grid: String = cols
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    let size = Fmt {
        size: 26,
        ..Default::default()
    };
    let row = |cells: &[String], f: Fmt, align: Align| {
        let tcs: String = cols
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map(String::as_str).unwrap_or("");
                format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                    para(&run(text, f), align, false, 0)
                )
            })
            .collect();
        format!("<w:tr>{tcs}</w:tr>")
    };
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        cols.iter().sum::<u32>()
    );
    out.push_str(&row(header, Fmt { bold: true, ..size }, Align::Center));
    for r in rows {
        out.push_str(&row(r, size, Align::Left));
    }
    out.push_str("</w:tbl>");
    out.push_str(&para("", Align::Left, false, 120));
    out
}

/// One block of the body as a paragraph (or a table).
fn block(b: &DocBlock) -> String {
    if let DocBlock::Table {
        widths,
        header,
        rows,
    } = b
    {
        return table(widths, header, rows);
    }
    let plain = Fmt::default();
    let bold = Fmt {
        bold: true,
        ..Default::default()
    };
    let (runs, align) = match b {
        DocBlock::Heading(s) | DocBlock::SubHeading(s) => (spans_runs(s, bold), Align::Left),
        DocBlock::Centered(s) => (spans_runs(s, bold), Align::Center),
        DocBlock::Para(s) => (spans_runs(s, plain), Align::Both),
        DocBlock::Bullet(s) => (
            format!("{}{}", run("- ", plain), spans_runs(s, plain)),
            Align::Both,
        ),
        DocBlock::Numbered(n, s) => (
            format!("{}{}", run(&format!("{n}. "), plain), spans_runs(s, plain)),
            Align::Both,
        ),
        DocBlock::Table { .. } | DocBlock::Chart(_) => (String::new(), Align::Left),
    };
    para(&runs, align, true, 120)
}

/// "Nơi nhận:" and the recipients, bottom left.
fn recipients(doc: &OfficialDoc) -> String {
    let mut out = para(
        &run(
            "Nơi nhận:",
            Fmt {
                bold: true,
                italic: true,
                size: 24,
                ..Default::default()
            },
        ),
        Align::Left,
        false,
        0,
    );
    for r in &doc.recipients {
        out.push_str(&para(
            &run(
                &format!("- {r}"),
                Fmt {
                    size: 22,
                    ..Default::default()
                },
            ),
            Align::Left,
            false,
            0,
        ));
    }
    out
}

/// A signer's title lines, room for the signature and seal, and the name.
fn signature_block(lines: &[String], name: &str) -> String {
    let bold = Fmt {
        bold: true,
        ..Default::default()
    };
    let mut out = String::new();
    for l in lines {
        out.push_str(&centred(l, bold));
    }
    for _ in 0..4 {
        out.push_str(&para("", Align::Center, false, 0));
    }
    if !name.is_empty() {
        out.push_str(&centred(name, bold));
    }
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

fn core_xml(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:language>vi-VN</dc:language><dc:creator>thidua</dc:creator></cp:coreProperties>"#,
        esc(title)
    )
}

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>thidua</Application></Properties>"#;

/// The document as .docx bytes.
pub fn render(doc: &OfficialDoc) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let charts: Vec<&super::docx_chart::Chart> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            DocBlock::Chart(c) => Some(c),
            _ => None,
        })
        .collect();
    let (mut types, mut rels) = (CONTENT_TYPES.to_string(), DOC_RELS.to_string());
    for n in 1..=charts.len() {
        types = types.replace("</Types>", &format!("<Override PartName=\"/word/charts/chart{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/></Types>"));
        rels = rels.replace("</Relationships>", &format!("<Relationship Id=\"rIdChart{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart{n}.xml\"/></Relationships>"));
    }
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), types),
        ("_rels/.rels".into(), RELS.to_string()),
        ("word/_rels/document.xml.rels".into(), rels),
        ("word/document.xml".into(), document_xml(doc)),
        ("word/styles.xml".into(), STYLES.to_string()),
        (
            "docProps/core.xml".into(),
            core_xml(&format!("{} {}", doc.doc_type, doc.title)),
        ),
        ("docProps/app.xml".into(), APP.to_string()),
    ];
    for (i, c) in charts.iter().enumerate() {
        parts.push((
            format!("word/charts/chart{}.xml", i + 1),
            super::docx_chart::part(c),
        ));
    }
    for (name, content) in parts {
        zip.start_file(name, opts)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
