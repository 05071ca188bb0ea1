//! The award decision (quyết định khen thưởng) as an official document (Nghị định 30/2020/NĐ-CP):
//! the legal bases of the regime and the plan, "Xét đề nghị của …", "QUYẾT ĐỊNH:", Điều 1 the list
//! (an annexed table when long), Điều 2 the cash (the title's multiple × the base salary in force on
//! the decision's date, per title and in total), Điều 3 who implements it, the recipients and the
//! signature (GIÁM ĐỐC, or KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC).

use super::docx::{DocBlock, OfficialDoc};
use crate::domain::dates::vn_place_date;
use crate::domain::names::group_thousands;
use crate::domain::richtext::Span;
use chrono::NaiveDate;

/// A recipient line of the decision.
pub struct Awarded {
    pub subject: String,
    pub unit: String,
    pub title: String,
    pub collective: bool,
    /// the title's multiple of the base salary ("0.30"), and the amount in VND
    pub multiple: Option<String>,
    pub amount: i64,
    /// on an amending decision: the award is revoked (else corrected)
    pub revoked: bool,
}

pub struct DecisionDoc {
    pub parent_body: String,
    /// the issuer as its heading names it ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"), and as running text
    /// names it ("Sở Tài nguyên và Môi trường tỉnh Sóc Trăng")
    pub issuer: String,
    pub issuer_text: String,
    pub place_name: String,
    /// "05/QĐ-STNMT" or "     /QĐ-STNMT" for a draft
    pub number: String,
    pub decided_on: NaiveDate,
    pub year: i32,
    /// the regime's bases, one per line, and the plan ("Kế hoạch số 05/KH-STNMT ngày …")
    pub bases: Vec<String>,
    pub proposer: String,
    pub lines: Vec<Awarded>,
    /// the base salary and its legal basis
    pub base_salary: (i64, String),
    pub deputy: bool,
    pub signer_name: String,
    /// for a decision amending an issued one: its number, its date, and what is corrected
    pub amends: Option<(String, NaiveDate, String)>,
}

/// Lines above which Điều 1 lists the recipients in an annexed table.
const ANNEX_AFTER: usize = 15;

/// A paragraph; an article's heading ("Điều 1.") in bold, as Nghị định 30/2020 sets it.
fn para(text: impl Into<String>) -> DocBlock {
    let text = text.into();
    if let Some(rest) = text.strip_prefix("Điều ")
        && let Some(dot) = rest.find(". ")
        && !rest[..dot].is_empty()
        && rest[..dot].chars().all(|c| c.is_ascii_digit())
    {
        let head = Span {
            text: format!("Điều {}.", &rest[..dot]),
            bold: true,
            italic: false,
        };
        return DocBlock::Para(vec![head, Span::plain(&rest[dot + 1..])]);
    }
    DocBlock::Para(vec![Span::plain(text)])
}

fn centred(text: impl Into<String>) -> DocBlock {
    DocBlock::Centered(vec![Span::plain(text.into())])
}

/// "447.000 đồng"
pub fn vnd(amount: i64) -> String {
    format!("{} đồng", group_thousands(&amount.to_string()))
}

/// A multiple as written in Vietnamese ("0,3", "1,5", "3").
pub fn multiple_text(m: &str) -> String {
    let t = m.trim_end_matches('0').trim_end_matches('.');
    t.replace('.', ",")
}

/// The table of recipients: number, who, unit, title.
fn recipients(lines: &[&Awarded]) -> DocBlock {
    DocBlock::Table {
        widths: vec![8, 34, 30, 28],
        header: ["STT", "Cá nhân, tập thể", "Đơn vị", "Danh hiệu, hình thức"]
            .map(String::from)
            .to_vec(),
        rows: lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    (i + 1).to_string(),
                    l.subject.clone(),
                    l.unit.clone(),
                    l.title.clone(),
                ]
            })
            .collect(),
    }
}

/// The body of a decision amending decision `no` of `on`: Điều 1 what is corrected and the lines
/// corrected, then those revoked; Điều 2 the rest of the amended decision stands.
fn amending_body(
    d: &DecisionDoc,
    (no, on, correction): &(String, NaiveDate, String),
) -> Vec<DocBlock> {
    let on = on.format("%d/%m/%Y");
    let mut body = vec![para(format!(
        "Điều 1. Sửa đổi, đính chính Quyết định số {no} ngày {on} của Giám đốc {} như sau: {}",
        d.issuer_text,
        correction.trim()
    ))];
    let corrected: Vec<&Awarded> = d.lines.iter().filter(|l| !l.revoked).collect();
    let revoked: Vec<&Awarded> = d.lines.iter().filter(|l| l.revoked).collect();
    if !corrected.is_empty() {
        body.push(para(format!(
            "1. Danh hiệu, hình thức khen thưởng của {} trường hợp sau được giữ nguyên theo nội dung đã sửa đổi, đính chính:",
            corrected.len()
        )));
        body.push(recipients(&corrected));
    }
    if !revoked.is_empty() {
        body.push(para(format!(
            "{}. Thu hồi danh hiệu, hình thức khen thưởng và tiền thưởng đã cấp đối với {} trường hợp sau:",
            if corrected.is_empty() { 1 } else { 2 },
            revoked.len()
        )));
        body.push(recipients(&revoked));
    }
    body.push(para(format!(
        "Điều 2. Các nội dung khác của Quyết định số {no} ngày {on} giữ nguyên hiệu lực."
    )));
    body.push(para(
        "Điều 3. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    ));
    body
}

/// Article 2's table: per title how many, the multiple, each one's amount and the subtotal, and the
/// total.
fn cash_table(d: &DecisionDoc, total: i64) -> DocBlock {
    // per title: how many, the multiple, each, the subtotal
    let mut titles: Vec<(&str, Option<&str>, i64, usize)> = Vec::new();
    for l in &d.lines {
        match titles.iter_mut().find(|t| t.0 == l.title) {
            Some(t) => t.3 += 1,
            None => titles.push((&l.title, l.multiple.as_deref(), l.amount, 1)),
        }
    }
    let mut rows: Vec<Vec<String>> = titles
        .iter()
        .enumerate()
        .map(|(i, (title, multiple, each, n))| {
            vec![
                (i + 1).to_string(),
                title.to_string(),
                n.to_string(),
                multiple.map(multiple_text).unwrap_or_default(),
                group_thousands(&each.to_string()),
                group_thousands(&(each * *n as i64).to_string()),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        d.lines.len().to_string(),
        String::new(),
        String::new(),
        group_thousands(&total.to_string()),
    ]);
    DocBlock::Table {
        widths: vec![7, 33, 10, 12, 18, 20],
        header: [
            "STT",
            "Danh hiệu, hình thức",
            "Số lượng",
            "Hệ số",
            "Mức thưởng (đồng)",
            "Thành tiền (đồng)",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

pub fn decision(d: &DecisionDoc) -> OfficialDoc {
    let mut body = vec![centred(format!("GIÁM ĐỐC {}", d.issuer.to_uppercase()))];
    for b in &d.bases {
        body.push(para(b.clone()));
    }
    body.push(para(format!("Xét đề nghị của {}.", d.proposer)));
    body.push(centred("QUYẾT ĐỊNH:"));
    if let Some(a) = &d.amends {
        body.extend(amending_body(d, a));
        return official(d, body);
    }
    let people = d.lines.iter().filter(|l| !l.collective).count();
    let units = d.lines.len() - people;
    let mut who = Vec::new();
    if people > 0 {
        who.push(format!("{people} cá nhân"));
    }
    if units > 0 {
        who.push(format!("{units} tập thể"));
    }
    let annexed = d.lines.len() > ANNEX_AFTER;
    body.push(para(format!(
        "Điều 1. Tặng danh hiệu thi đua và hình thức khen thưởng năm {} cho {} thuộc {} đã có thành tích trong phong trào thi đua{}",
        d.year,
        who.join(" và "),
        d.issuer_text,
        if annexed {
            " (có danh sách kèm theo)."
        } else {
            ", gồm:"
        }
    )));
    let list = recipients(&d.lines.iter().collect::<Vec<_>>());
    if !annexed {
        body.push(list.clone());
    }
    let (base, basis) = &d.base_salary;
    body.push(para(format!(
        "Điều 2. Kèm theo danh hiệu, hình thức khen thưởng là tiền thưởng theo quy định, tính theo mức lương cơ sở {} ({basis}):",
        vnd(*base)
    )));
    let total: i64 = d.lines.iter().map(|l| l.amount).sum();
    body.push(cash_table(d, total));
    body.push(para(format!(
        "Tổng số tiền thưởng: {}, chi từ Quỹ thi đua, khen thưởng của {}.",
        vnd(total),
        d.issuer_text
    )));
    body.push(para(
        "Điều 3. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    ));
    if annexed {
        body.push(centred(format!(
            "DANH SÁCH KÈM THEO QUYẾT ĐỊNH SỐ {} NGÀY {}",
            d.number.trim(),
            d.decided_on.format("%d/%m/%Y")
        )));
        body.push(list);
    }
    official(d, body)
}

/// Decision `d` with `body` as an official document: its heading, title, recipients, signature.
fn official(d: &DecisionDoc, body: Vec<DocBlock>) -> OfficialDoc {
    OfficialDoc {
        parent_body: d.parent_body.to_uppercase(),
        issuer: d.issuer.to_uppercase(),
        number_line: format!("Số: {}", d.number),
        place_date: vn_place_date(&d.place_name, d.decided_on),
        doc_type: "QUYẾT ĐỊNH".into(),
        title: match &d.amends {
            Some((no, on, _)) => format!(
                "Về việc sửa đổi, đính chính Quyết định số {no} ngày {}",
                on.format("%d/%m/%Y")
            ),
            None => format!(
                "Về việc tặng danh hiệu thi đua và hình thức khen thưởng năm {}",
                d.year
            ),
        },
        body,
        recipients: vec![
            "Như Điều 3;".into(),
            "Hội đồng Thi đua - Khen thưởng Sở;".into(),
            "Lưu: VT, VP.".into(),
        ],
        signer_lines: if d.deputy {
            vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()]
        } else {
            vec!["GIÁM ĐỐC".into()]
        },
        signer_name: d.signer_name.clone(),
        co_signer: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_heading_is_bold_and_the_rest_plain() {
        let DocBlock::Para(spans) = para("Điều 2. Các nội dung khác giữ nguyên.") else {
            panic!("a paragraph");
        };
        assert_eq!((spans[0].text.as_str(), spans[0].bold), ("Điều 2.", true));
        assert_eq!(
            (spans[1].text.as_str(), spans[1].bold),
            (" Các nội dung khác giữ nguyên.", false)
        );
        let DocBlock::Para(spans) = para("Điều kiện: không phải tiêu đề.") else {
            panic!("a paragraph");
        };
        assert_eq!(spans.len(), 1);
        assert!(!spans[0].bold);
    }

    #[test]
    fn money_and_multiples_read_the_vietnamese_way() {
        assert_eq!(vnd(447_000), "447.000 đồng");
        assert_eq!(multiple_text("0.30"), "0,3");
        assert_eq!(multiple_text("1.50"), "1,5");
        assert_eq!(multiple_text("3.00"), "3");
    }
}
