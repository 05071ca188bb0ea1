//! A campaign plan as an official document (Nghị định 30/2020): the same blocks feed the page that
//! reads like the paper and the .docx download.

use super::docx::{DocBlock, OfficialDoc};
use crate::domain::campaign::{Criterion, Plan};
use crate::domain::dates::vn_place_date;
use crate::domain::richtext::{self, Block, Span};

/// The document's fixed wording (part of the official form, so Vietnamese in either interface language).
const DOC_TYPE: &str = "KẾ HOẠCH";
const H_CONTENT: &str = "I. Nội dung Phong trào thi đua:";
const H_CRITERIA: &str = "II. Tiêu chí thi đua:";
const H_COLLECTIVE: &str = "1. Đối với tập thể:";
const H_INDIVIDUAL: &str = "2. Đối với cá nhân:";
const H_RESPONSIBILITIES: &str = "III. Tổ chức thực hiện:";

fn plain(text: &str) -> Vec<Span> {
    vec![Span {
        text: text.to_string(),
        bold: false,
        italic: false,
    }]
}

fn rich_blocks(src: &str) -> Vec<DocBlock> {
    richtext::parse(src)
        .iter()
        .map(DocBlock::from_rich)
        .collect()
}

/// A numbered item: its first line carries the number, further lines follow as they are.
fn numbered_item(n: u32, src: &str) -> Vec<DocBlock> {
    let mut out = Vec::new();
    for (i, b) in richtext::parse(src).into_iter().enumerate() {
        if i == 0 {
            let spans = match b {
                Block::Para(s) | Block::Bullet(s) | Block::Numbered(_, s) => s,
            };
            out.push(DocBlock::Numbered(n, spans));
        } else {
            out.push(DocBlock::from_rich(&b));
        }
    }
    out
}

fn criterion(c: &Criterion) -> Vec<DocBlock> {
    let mut blocks: Vec<Block> = richtext::parse(&c.body);
    if let (Some(score), Some(last)) = (c.max_score, blocks.last_mut()) {
        let spans = match last {
            Block::Para(s) | Block::Bullet(s) | Block::Numbered(_, s) => s,
        };
        let weight = match c.weight {
            Some(w) if (w - 1.0).abs() > f64::EPSILON => format!(", hệ số {}", fmt_score(w)),
            _ => String::new(),
        };
        spans.push(Span {
            text: format!(" (tối đa {} điểm{weight})", fmt_score(score)),
            bold: false,
            italic: true,
        });
    }
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, b)| match b {
            // each criterion is a dash item, as the paper lists them
            Block::Para(s) if i == 0 => DocBlock::Bullet(s),
            b => DocBlock::from_rich(&b),
        })
        .collect()
}

fn fmt_score(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}").replace('.', ",")
    }
}

/// The body of the plan, from the legal bases to the closing paragraph.
pub fn body(plan: &Plan) -> Vec<DocBlock> {
    let mut out = rich_blocks(&plan.legal_bases);
    out.extend(rich_blocks(&plan.introduction));
    if !plan.content.is_empty() {
        out.push(DocBlock::Heading(plain(H_CONTENT)));
        for (i, c) in plan.content.iter().enumerate() {
            out.extend(numbered_item(i as u32 + 1, c));
        }
    }
    if !plan.criteria_collective.is_empty() || !plan.criteria_individual.is_empty() {
        out.push(DocBlock::Heading(plain(H_CRITERIA)));
        if !plan.criteria_collective.is_empty() {
            out.push(DocBlock::SubHeading(plain(H_COLLECTIVE)));
            out.extend(plan.criteria_collective.iter().flat_map(criterion));
        }
        if !plan.criteria_individual.is_empty() {
            out.push(DocBlock::SubHeading(plain(H_INDIVIDUAL)));
            out.extend(plan.criteria_individual.iter().flat_map(criterion));
        }
    }
    if !plan.responsibilities.is_empty() {
        out.push(DocBlock::Heading(plain(H_RESPONSIBILITIES)));
        for (i, r) in plan.responsibilities.iter().enumerate() {
            out.push(DocBlock::SubHeading(plain(&format!(
                "{}. {}",
                i + 1,
                r.addressee
            ))));
            out.extend(rich_blocks(&r.body));
        }
    }
    out.extend(rich_blocks(&plan.closing));
    out
}

/// "Sóc Trăng, ngày 05 tháng 01 năm 2022", or "Sóc Trăng, ngày    tháng    năm 2022" without a date.
pub fn place_date(plan: &Plan) -> String {
    match plan.doc_date {
        Some(d) => vn_place_date(&plan.place, d),
        None => format!("{}, ngày      tháng      năm {}", plan.place, plan.year),
    }
}

/// The plan as an official document.
pub fn document(plan: &Plan) -> OfficialDoc {
    OfficialDoc {
        confirmer: None,
        annex: Vec::new(),
        parent_body: plan.parent_body.to_uppercase(),
        issuer: plan.issuer_name.to_uppercase(),
        number_line: format!("Số: {}", plan.number_code()),
        place_date: place_date(plan),
        doc_type: DOC_TYPE.to_string(),
        title: plan.title.clone(),
        body: body(plan),
        recipients: plan
            .recipient_lines()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        signer_lines: plan.signer_lines().iter().map(|s| s.to_string()).collect(),
        signer_name: plan.signer_name.clone(),
        co_signer: None,
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let mut t = esc(&s.text);
        if s.italic {
            t = format!("<em>{t}</em>");
        }
        if s.bold {
            t = format!("<strong>{t}</strong>");
        }
        out.push_str(&t);
    }
    out
}

/// The body blocks as HTML for the page (every text escaped).
pub fn body_html(blocks: &[DocBlock]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            DocBlock::Heading(s) => {
                out.push_str(&format!("<h3 class=\"doc-h\">{}</h3>\n", spans_html(s)))
            }
            DocBlock::SubHeading(s) => {
                out.push_str(&format!("<h4 class=\"doc-h\">{}</h4>\n", spans_html(s)))
            }
            DocBlock::Centered(s) => out.push_str(&format!(
                "<p class=\"doc-c\"><strong>{}</strong></p>\n",
                spans_html(s)
            )),
            DocBlock::CenteredPlain(s) => {
                out.push_str(&format!("<p class=\"doc-c\">{}</p>\n", spans_html(s)))
            }
            DocBlock::Note(s) => out.push_str(&format!(
                "<p class=\"doc-c\"><em>{}</em></p>\n",
                spans_html(s)
            )),
            DocBlock::Para(s) => out.push_str(&format!("<p>{}</p>\n", spans_html(s))),
            DocBlock::Bullet(s) => {
                out.push_str(&format!("<p class=\"dash\">- {}</p>\n", spans_html(s)))
            }
            DocBlock::Numbered(n, s) => out.push_str(&format!("<p>{n}. {}</p>\n", spans_html(s))),
            DocBlock::Table { header, rows, .. } => {
                out.push_str("<table><thead><tr>");
                for h in header {
                    out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
                }
                out.push_str("</tr></thead><tbody>");
                for r in rows {
                    out.push_str("<tr>");
                    for c in r {
                        out.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    out.push_str("</tr>");
                }
                out.push_str("</tbody></table>\n");
            }
            // a plan has no charts; its alternative text stands in
            DocBlock::Chart(c) => out.push_str(&format!("<p>{}</p>\n", esc(&c.alt))),
        }
    }
    out
}

/// Plain text of the whole document, a line per block (tests and search).
pub fn text(doc: &OfficialDoc) -> String {
    let mut lines = vec![
        doc.parent_body.clone(),
        doc.issuer.clone(),
        doc.number_line.clone(),
        doc.place_date.clone(),
        doc.doc_type.clone(),
        doc.title.clone(),
    ];
    for b in &doc.body {
        let (prefix, spans) = match b {
            DocBlock::Heading(s)
            | DocBlock::SubHeading(s)
            | DocBlock::Centered(s)
            | DocBlock::CenteredPlain(s)
            | DocBlock::Note(s)
            | DocBlock::Para(s) => (String::new(), s),
            DocBlock::Bullet(s) => ("- ".to_string(), s),
            DocBlock::Numbered(n, s) => (format!("{n}. "), s),
            DocBlock::Table { header, rows, .. } => {
                lines.push(header.join(" | "));
                lines.extend(rows.iter().map(|r| r.join(" | ")));
                continue;
            }
            DocBlock::Chart(c) => {
                lines.push(c.alt.clone());
                continue;
            }
        };
        lines.push(format!(
            "{prefix}{}",
            spans.iter().map(|s| s.text.as_str()).collect::<String>()
        ));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_body_reads_like_the_paper() {
        let plan = Plan {
            year: 2022,
            place: "Sóc Trăng".into(),
            doc_number: "05".into(),
            doc_code: "KH-STNMT".into(),
            title: "Phát động phong trào thi đua năm 2022".into(),
            legal_bases: "Căn cứ Công văn số 8240/BTNMT-TĐKTTT,".into(),
            content: vec!["Triển khai **đúng hạn** <script>".into()],
            criteria_individual: vec![Criterion {
                body: "Có đăng ký chỉ tiêu thi đua".into(),
                max_score: Some(10.0),
                weight: None,
            }],
            responsibilities: vec![crate::domain::campaign::Responsibility {
                addressee: "Văn phòng Sở:".into(),
                body: "- Theo dõi, đôn đốc".into(),
            }],
            ..Default::default()
        };
        let blocks = body(&plan);
        let html = body_html(&blocks);
        assert!(html.contains("<p>1. Triển khai <strong>đúng hạn</strong> &lt;script&gt;</p>"));
        assert!(html.contains("<h4 class=\"doc-h\">2. Đối với cá nhân:</h4>"));
        assert!(html.contains("- Có đăng ký chỉ tiêu thi đua<em> (tối đa 10 điểm)</em>"));
        assert!(html.contains("<h4 class=\"doc-h\">1. Văn phòng Sở:</h4>"));
        let t = text(&document(&plan));
        assert!(t.contains("Số: 05/KH-STNMT"));
        assert!(t.contains("Sóc Trăng, ngày      tháng      năm 2022"));
        assert!(t.contains("III. Tổ chức thực hiện:\n1. Văn phòng Sở:\n- Theo dõi, đôn đốc"));
    }
}
