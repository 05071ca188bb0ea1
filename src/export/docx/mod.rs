//! Official documents as .docx (WordprocessingML), laid out per Nghị định 30/2020/NĐ-CP: A4, margins
//! 20/20/30/15 mm, Times New Roman; the agency block and the national title side by side, the place
//! and date in italics, the recipients ("Nơi nhận:") beside the signature block.

mod prim;
mod table;

use crate::domain::richtext::{Block, Span};
use crate::export::fonts;
pub(crate) use prim::esc;
use prim::{
    Align, BODY_SIZE, CELL_PAD_MM, FONTS, Fmt, LEFT_MM, MM, TEXT_MM, TEXT_WIDTH, borderless_row,
    centred, para, para_at, place, rule, run, spans_runs,
};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

pub struct OfficialDoc {
    /// "UBND TỈNH SÓC TRĂNG" (may be empty); a line break ('\n') breaks it there
    pub parent_body: String,
    /// "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"; too long for its column, it is broken where a clerk would
    /// ("SỞ TÀI NGUYÊN VÀ / MÔI TRƯỜNG"), or where its own line break ('\n') says
    pub issuer: String,
    /// "Số: 05/KH-STNMT"
    pub number_line: String,
    /// "Sóc Trăng, ngày 05 tháng 01 năm 2022"
    pub place_date: String,
    /// "KẾ HOẠCH"
    pub doc_type: String,
    /// the summary (trích yếu), centred in bold with a short rule under it; a line break ('\n')
    /// starts a new line
    pub title: String,
    pub body: Vec<DocBlock>,
    pub recipients: Vec<String>,
    /// ["GIÁM ĐỐC"] or ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]; a line in brackets ("(Ký, đóng dấu)") is
    /// printed in italics, not bold
    pub signer_lines: Vec<String>,
    pub signer_name: String,
    /// a second signature on the left instead of the recipients (minutes: the secretary; an
    /// achievement report: the head who confirms it): its title lines and name
    pub co_signer: Option<(Vec<String>, String)>,
    /// a third signature under the two, centred (an achievement report: the level that proposes
    /// it confirms it)
    pub confirmer: Option<(Vec<String>, String)>,
    /// what follows the signature on a page of its own (the list attached to a submission or a
    /// decision)
    pub annex: Vec<DocBlock>,
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
            confirmer: None,
            annex: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocBlock {
    /// a section heading ("I. Nội dung ...:"), bold, kept with what follows
    Heading(Vec<Span>),
    /// a sub-heading ("1. Đối với tập thể:"), bold, kept with what follows
    SubHeading(Vec<Span>),
    /// a centred bold line ("GIÁM ĐỐC SỞ ...", "QUYẾT ĐỊNH:" in a decision)
    Centered(Vec<Span>),
    /// a centred line in the body's type ("Kính gửi: …")
    CenteredPlain(Vec<Span>),
    /// a centred line in italics ("(Kèm theo Tờ trình số … ngày …)")
    Note(Vec<Span>),
    Para(Vec<Span>),
    /// a dash item ("- ...")
    Bullet(Vec<Span>),
    Numbered(u32, Vec<Span>),
    /// a bordered table: column widths in percent of the text width (widened where a word would
    /// not fit), the header row (bold, repeated on every page) and the rows (cells of plain text,
    /// never split across pages; a row whose first filled cell is "Tổng cộng" is bold)
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

fn document_xml(doc: &OfficialDoc) -> String {
    let title_f = Fmt::bold(BODY_SIZE);
    let mut body = header(doc);
    body.push_str(&para_at("", place(Align::Center, false, 0).kept()));
    if !doc.doc_type.is_empty() {
        body.push_str(&para_at(
            &run(&doc.doc_type, title_f),
            place(Align::Center, false, 0).kept(),
        ));
    }
    // the summary, line by line, and the rule under it: a third to a half of its longest line
    // a long summary is broken where its halves balance, each line a paragraph of its own
    let title_lines = fonts::heading_lines(&doc.title, true, title_f.points(), TEXT_MM - 15.0);
    for l in &title_lines {
        body.push_str(&para_at(
            &run(l, title_f),
            place(Align::Center, false, 0).kept(),
        ));
    }
    if !title_lines.is_empty() {
        let longest = title_lines
            .iter()
            .map(|l| fonts::width_mm(l, true, title_f.points()))
            .fold(0.0, f32::max)
            .min(TEXT_MM);
        body.push_str(&rule((longest * 0.4).max(25.0), TEXT_MM, false));
    }
    let mut charts = 0;
    let last_text = doc
        .body
        .iter()
        .rposition(|b| !matches!(b, DocBlock::Chart(_)));
    for (i, b) in doc.body.iter().enumerate() {
        if let DocBlock::Chart(c) = b {
            charts += 1;
            body.push_str(&super::docx_chart::inline(charts, c));
            // every chart carries its caption under it
            body.push_str(&para_at(
                &run(
                    &format!("Biểu đồ {charts}. {}", caption(&c.alt)),
                    Fmt {
                        italic: true,
                        size: 26,
                        ..Default::default()
                    },
                ),
                place(Align::Center, false, 160),
            ));
        } else {
            // the last paragraph stays on the page of the signature
            body.push_str(&block(b, Some(i) == last_text));
        }
    }
    body.push_str(&para_at("", place(Align::Left, false, 0).kept()));
    let half = TEXT_MM / 2.0;
    let right = signature_lines(&doc.signer_lines, half);
    let left = match &doc.co_signer {
        Some((lines, name)) => {
            let l = signature_lines(lines, half);
            let rows = l.len().max(right.len());
            signature_block(&l, name, rows)
        }
        None => recipients(doc),
    };
    let rows = match &doc.co_signer {
        Some((lines, _)) => signature_lines(lines, half).len().max(right.len()),
        None => right.len(),
    };
    body.push_str(&borderless_row(&[
        (TEXT_WIDTH / 2, left),
        (
            TEXT_WIDTH / 2,
            signature_block(&right, &doc.signer_name, rows),
        ),
    ]));
    if let Some((lines, name)) = &doc.confirmer {
        let l = signature_lines(lines, TEXT_MM);
        body.push_str(&para("", Align::Left, false, 240));
        body.push_str(&borderless_row(&[(
            TEXT_WIDTH,
            signature_block(&l, name, l.len()),
        )]));
    }
    if !doc.annex.is_empty() {
        body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
        for b in &doc.annex {
            body.push_str(&block(b, false));
        }
    }
    let (top, bottom, left, right) = (
        (20.0 * MM) as u32,
        (20.0 * MM) as u32,
        (30.0 * MM) as u32,
        (15.0 * MM) as u32,
    );
    // page numbers from the second page, centred at the top (the first page's header is empty)
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:headerReference w:type=\"first\" r:id=\"rIdHeaderFirst\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>"
    )
}

/// A chart's caption after its number: its alternative text without a leading "Biểu đồ", starting
/// with a capital ("Số người và số đã đăng ký thi đua của các đơn vị năm 2022").
fn caption(alt: &str) -> String {
    let rest = alt.strip_prefix("Biểu đồ ").unwrap_or(alt);
    let mut c = rest.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The header of ND 30/2020: the issuing body with its number on the left, the national title and
/// motto with the place and date on the right. The body's lines break as [`fonts::heading_lines`]
/// says; the national title (13 pt bold) fits its column on one line.
fn header(doc: &OfficialDoc) -> String {
    let s13 = Fmt::plain(26);
    let room = LEFT_MM - CELL_PAD_MM;
    let mut agency = String::new();
    for l in fonts::heading_lines(&doc.parent_body.to_uppercase(), false, 13.0, room) {
        agency.push_str(&centred(&l, s13));
    }
    let issuer = fonts::heading_lines(&doc.issuer.to_uppercase(), true, 13.0, room);
    for l in &issuer {
        agency.push_str(&centred(l, Fmt::bold(26)));
    }
    let widest = issuer
        .iter()
        .map(|l| fonts::width_mm(l, true, 13.0))
        .fold(0.0, f32::max);
    if !issuer.is_empty() {
        agency.push_str(&rule(
            (widest * 0.4).max(20.0),
            LEFT_MM - CELL_PAD_MM,
            false,
        ));
    }
    if !doc.number_line.is_empty() {
        agency.push_str(&centred(&doc.number_line, s13));
    }
    if agency.is_empty() {
        // a cell holds at least a paragraph (an individual's report has no issuing body)
        agency.push_str(&para("", Align::Center, false, 0));
    }
    let mut nation = String::new();
    nation.push_str(&centred(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        Fmt::bold(26),
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
    let left = (LEFT_MM * MM) as u32;
    borderless_row(&[(left, agency), (TEXT_WIDTH - left, nation)])
}

/// One block of the body as a paragraph (or a table); `last` keeps it with the signature.
fn block(b: &DocBlock, last: bool) -> String {
    if let DocBlock::Table {
        widths,
        header,
        rows,
    } = b
    {
        return table::table(widths, header, rows, last);
    }
    // a centred line of one kind of type too long for a line: broken where its halves balance,
    // without splitting a word of two syllables, each part a paragraph
    if let DocBlock::Centered(s) | DocBlock::CenteredPlain(s) | DocBlock::Note(s) = b
        && s.iter().all(|x| !x.bold && !x.italic)
    {
        let (f, bold) = match b {
            DocBlock::Centered(_) => (Fmt::bold(0), true),
            DocBlock::Note(_) => (
                Fmt {
                    italic: true,
                    ..Default::default()
                },
                false,
            ),
            _ => (Fmt::default(), false),
        };
        let text: String = s.iter().map(|x| x.text.as_str()).collect();
        let lines = fonts::heading_lines(&text, bold, 14.0, TEXT_MM - 12.0);
        let n = lines.len();
        return lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let at = place(Align::Center, false, if i + 1 == n { 120 } else { 0 });
                para_at(&run(l, f), if last || i + 1 < n { at.kept() } else { at })
            })
            .collect();
    }
    let plain = Fmt::default();
    let bold = Fmt::bold(0);
    let italic = Fmt {
        italic: true,
        ..Default::default()
    };
    let (runs, at) = match b {
        DocBlock::Heading(s) | DocBlock::SubHeading(s) => {
            (spans_runs(s, bold), place(Align::Both, true, 120).kept())
        }
        DocBlock::Centered(s) => (spans_runs(s, bold), place(Align::Center, false, 120)),
        DocBlock::CenteredPlain(s) => (spans_runs(s, plain), place(Align::Center, false, 120)),
        DocBlock::Note(s) => (spans_runs(s, italic), place(Align::Center, false, 120)),
        DocBlock::Para(s) => (spans_runs(s, plain), place(Align::Both, true, 120)),
        DocBlock::Bullet(s) => (
            format!("{}{}", run("- ", plain), spans_runs(s, plain)),
            place(Align::Both, true, 120),
        ),
        DocBlock::Numbered(n, s) => (
            format!("{}{}", run(&format!("{n}. "), plain), spans_runs(s, plain)),
            place(Align::Both, true, 120),
        ),
        DocBlock::Table { .. } | DocBlock::Chart(_) => {
            (String::new(), place(Align::Left, false, 0))
        }
    };
    para_at(&runs, if last { at.kept() } else { at })
}

/// "Nơi nhận:" and the recipients, bottom left.
fn recipients(doc: &OfficialDoc) -> String {
    if doc.recipients.is_empty() {
        return para("", Align::Left, false, 0);
    }
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
            &run(&format!("- {r}"), Fmt::plain(22)),
            Align::Left,
            false,
            0,
        ));
    }
    out
}

/// A signer's title lines as printed in a column `width_mm` wide: a line in brackets in italics,
/// a title too long for the column broken where a clerk breaks it.
fn signature_lines(lines: &[String], width_mm: f32) -> Vec<(String, Fmt)> {
    let mut out = Vec::new();
    for l in lines {
        let (f, bold) = if l.starts_with('(') {
            (
                Fmt {
                    italic: true,
                    ..Default::default()
                },
                false,
            )
        } else {
            (Fmt::bold(0), true)
        };
        for part in fonts::heading_lines(l, bold, 14.0, width_mm - CELL_PAD_MM) {
            out.push((part, f));
        }
    }
    out
}

/// A signer's title lines, padded to `rows` lines (so that the names of two signatures side by
/// side stand on one line), room for the signature and seal, and the name.
fn signature_block(lines: &[(String, Fmt)], name: &str, rows: usize) -> String {
    if lines.is_empty() && name.is_empty() {
        return para("", Align::Left, false, 0);
    }
    let mut out = String::new();
    for (l, f) in lines {
        out.push_str(&centred(l, *f));
    }
    for _ in lines.len()..rows {
        out.push_str(&para("", Align::Center, false, 0));
    }
    for _ in 0..4 {
        out.push_str(&para("", Align::Center, false, 0));
    }
    if !name.is_empty() {
        out.push_str(&centred(name, Fmt::bold(0)));
    }
    out
}

/// The page header of every page but the first: the page number, centred, 13 pt.
fn page_header() -> String {
    let r = |inner: &str| {
        format!(
            "<w:r><w:rPr>{FONTS}<w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr>{inner}</w:r>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}{}{}{}{}</w:p></w:hdr>",
        r("<w:fldChar w:fldCharType=\"begin\"/>"),
        r("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"),
        r("<w:fldChar w:fldCharType=\"separate\"/>"),
        r("<w:t>2</w:t>"),
        r("<w:fldChar w:fldCharType=\"end\"/>")
    )
}

/// The first page's header: empty (ND 30/2020 numbers pages from the second).
const FIRST_PAGE_HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p/></w:hdr>";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdHeaderFirst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/></Relationships>"#;

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
        ("word/header1.xml".into(), page_header()),
        ("word/header2.xml".into(), FIRST_PAGE_HEADER.to_string()),
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
