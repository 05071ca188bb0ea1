//! The award decision (quyết định khen thưởng) as an official document (Nghị định 30/2020/NĐ-CP), as
//! a Department issues it: the regime's and the issuer's legal bases and the plan, "Xét đề nghị của
//! Hội đồng Thi đua - Khen thưởng Sở và Chánh Văn phòng Sở", "QUYẾT ĐỊNH:", Điều 1 what is conferred
//! ("Công nhận danh hiệu …" for titles, "Tặng …" for commendations), each person with Ông/Bà, position
//! and unit, each collective by its name alone (an annexed list when long), Điều 2 the cash (the
//! title's multiple × the base salary in force on the decision's date, rounded as the regime says,
//! per title, in total and in words; a title without a multiple stops the table with a message),
//! Điều 3 who carries it out (the issuer's executors: the Office, the division that pays) and its
//! effect, the recipients and the signature (GIÁM ĐỐC, or KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC).

use super::docx::{DocBlock, OfficialDoc};
use crate::domain::dates::{fmt_date, vn_place_date};
use crate::domain::figures::vnd_words;
use crate::domain::names::group_thousands;
use crate::domain::numbered::Signer;
use crate::domain::richtext::Span;
use chrono::NaiveDate;

/// A recipient line of the decision.
#[derive(Clone, Debug, Default)]
pub struct Awarded {
    /// the person's full name, or the collective's
    pub subject: String,
    /// "Ông", "Bà", or empty (a collective, or a person whose gender is not recorded)
    pub honorific: &'static str,
    /// the person's position (chức vụ), empty for a collective
    pub position: String,
    pub unit: String,
    pub title: String,
    /// an emulation title (danh hiệu: "công nhận") rather than a form of commendation ("tặng")
    pub is_title: bool,
    pub collective: bool,
    /// the title's multiple of the base salary ("0.30"), and the amount in VND; `None` when the
    /// regime gives the title no multiple
    pub multiple: Option<String>,
    pub amount: Option<i64>,
    /// on an amending decision: the award is revoked (else corrected)
    pub revoked: bool,
    /// the exceptional achievement of an ad-hoc commendation (khen thưởng đột xuất)
    pub achievement: Option<String>,
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
    /// the regime's bases, the issuer's own, and the plan, one per line
    pub bases: Vec<String>,
    pub proposer: String,
    pub lines: Vec<Awarded>,
    /// the base salary and its legal basis
    pub base_salary: (i64, String),
    /// who signs: the Director, or a deputy for the Director
    pub signer: Signer,
    pub signer_name: String,
    /// who carries the decision out (Điều 3), before "và các cá nhân, tập thể có tên tại Điều 1"
    pub executors: String,
    /// for a decision amending an issued one: its number, its date, and what is corrected
    pub amends: Option<(String, NaiveDate, String)>,
}

/// Lines above which Điều 1 lists the recipients in an annexed list.
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

/// "03 cá nhân và 01 tập thể" (two digits below ten, as such counts are written).
pub fn count_words(people: usize, units: usize) -> String {
    let mut who = Vec::new();
    if people > 0 {
        who.push(format!("{people:02} cá nhân"));
    }
    if units > 0 {
        who.push(format!("{units:02} tập thể"));
    }
    who.join(" và ")
}

/// A title as the text names it: an emulation title in quotes ("danh hiệu “Lao động tiên tiến”"),
/// a form of commendation as it is ("Giấy khen của Giám đốc Sở").
fn named(l: &Awarded) -> String {
    if l.is_title {
        format!("danh hiệu “{}”", l.title)
    } else {
        l.title.clone()
    }
}

/// The titles in the order first met, each with its lines (a form given for exceptional
/// achievements a group of its own).
fn by_title<'a>(lines: &[&'a Awarded]) -> Vec<(&'a Awarded, Vec<&'a Awarded>)> {
    let mut groups: Vec<(&Awarded, Vec<&Awarded>)> = Vec::new();
    for l in lines {
        let same = |g: &&mut (&Awarded, Vec<&Awarded>)| {
            g.0.title == l.title && g.0.achievement.is_some() == l.achievement.is_some()
        };
        match groups.iter_mut().find(same) {
            Some(g) => g.1.push(l),
            None => groups.push((l, vec![l])),
        }
    }
    groups
}

/// The summary (trích yếu): "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2022" when only
/// titles are conferred, "Về việc tặng Giấy khen năm 2022" when only commendations, both joined when
/// both.
pub fn summary(lines: &[Awarded], year: i32) -> String {
    let mut titles: Vec<&str> = Vec::new();
    let mut forms: Vec<&str> = Vec::new();
    for l in lines {
        let list = if l.is_title { &mut titles } else { &mut forms };
        if !list.contains(&l.title.as_str()) {
            list.push(&l.title);
        }
    }
    let titles_text = match titles.len() {
        0 => None,
        1 | 2 => Some(format!(
            "công nhận danh hiệu {}",
            titles
                .iter()
                .map(|t| format!("“{t}”"))
                .collect::<Vec<_>>()
                .join(" và ")
        )),
        _ => Some("công nhận danh hiệu thi đua".to_string()),
    };
    let forms_text = (!forms.is_empty()).then(|| format!("tặng {}", forms.join(", ")));
    if titles.is_empty() && !lines.is_empty() && lines.iter().all(|l| l.achievement.is_some()) {
        return format!(
            "Về việc {} về thành tích xuất sắc đột xuất",
            forms_text.unwrap_or_default()
        );
    }
    let what: Vec<String> = [titles_text, forms_text].into_iter().flatten().collect();
    if what.is_empty() {
        return format!("Về việc khen thưởng năm {year}");
    }
    format!("Về việc {} năm {year}", what.join(" và "))
}

/// The table of one title's recipients: people with Ông/Bà, position and unit; collectives by name;
/// for exceptional achievements, each one's achievement in a column of its own.
fn recipients(lines: &[&Awarded]) -> DocBlock {
    if lines.iter().any(|l| l.achievement.is_some()) {
        return adhoc_recipients(lines);
    }
    if lines.iter().all(|l| l.collective) {
        return DocBlock::Table {
            widths: vec![10, 90],
            header: ["STT", "Tên tập thể"].map(String::from).to_vec(),
            rows: lines
                .iter()
                .enumerate()
                .map(|(i, l)| vec![(i + 1).to_string(), l.subject.clone()])
                .collect(),
        };
    }
    DocBlock::Table {
        widths: vec![8, 37, 55],
        header: ["STT", "Họ và tên", "Chức vụ, đơn vị công tác"]
            .map(String::from)
            .to_vec(),
        rows: lines
            .iter()
            .enumerate()
            .map(|(i, l)| vec![(i + 1).to_string(), who(l), place(l)])
            .collect(),
    }
}

/// A person as a decision's list names them: Ông/Bà and name; a collective by name.
fn who(l: &Awarded) -> String {
    if l.collective || l.honorific.is_empty() {
        l.subject.clone()
    } else {
        format!("{} {}", l.honorific, l.subject)
    }
}

/// A person's position and unit ("Chuyên viên, Phòng Khoáng sản"); nothing for a collective.
fn place(l: &Awarded) -> String {
    match (l.collective, l.position.trim()) {
        (true, _) => String::new(),
        (false, "") => l.unit.clone(),
        (false, p) => format!("{p}, {}", l.unit),
    }
}

/// The recipients of a form given for exceptional achievements: who, where, and what they did.
fn adhoc_recipients(lines: &[&Awarded]) -> DocBlock {
    DocBlock::Table {
        widths: vec![7, 27, 28, 38],
        header: [
            "STT",
            "Cá nhân, tập thể",
            "Chức vụ, đơn vị công tác",
            "Thành tích xuất sắc đột xuất",
        ]
        .map(String::from)
        .to_vec(),
        rows: lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let what = l.achievement.clone().unwrap_or_default();
                vec![(i + 1).to_string(), who(l), place(l), what]
            })
            .collect(),
    }
}

/// The lists of Điều 1 (or of the annex): per title, a numbered heading when there are several,
/// then its table; people and collectives of one title in tables of their own.
fn lists(lines: &[&Awarded]) -> Vec<DocBlock> {
    let groups = by_title(lines);
    let mut out = Vec::new();
    let mut n = 0;
    for (first, ls) in &groups {
        let people: Vec<&Awarded> = ls.iter().copied().filter(|l| !l.collective).collect();
        let units: Vec<&Awarded> = ls.iter().copied().filter(|l| l.collective).collect();
        for part in [people, units] {
            if part.is_empty() {
                continue;
            }
            n += 1;
            if groups.len() > 1 || ls.iter().any(|l| l.collective) != part[0].collective {
                let (p, u) = if part[0].collective {
                    (0, part.len())
                } else {
                    (part.len(), 0)
                };
                let mut name = named(first);
                if let Some(c) = name.get(..1) {
                    name = c.to_uppercase() + &name[1..];
                }
                if first.achievement.is_some() {
                    name.push_str(" về thành tích xuất sắc đột xuất");
                }
                out.push(DocBlock::SubHeading(vec![Span::plain(format!(
                    "{n}. {name}: {}",
                    count_words(p, u)
                ))]));
            }
            out.push(recipients(&part));
        }
    }
    out
}

/// Điều 1's sentence.
fn article_one(d: &DecisionDoc, annexed: bool) -> String {
    let people = d.lines.iter().filter(|l| !l.collective).count();
    let units = d.lines.len() - people;
    let all: Vec<&Awarded> = d.lines.iter().collect();
    let groups = by_title(&all);
    let verb = match (
        d.lines.iter().any(|l| l.is_title),
        d.lines.iter().any(|l| !l.is_title),
    ) {
        (true, false) if groups.len() == 1 => format!("Công nhận {}", named(groups[0].0)),
        (true, false) => "Công nhận danh hiệu thi đua".to_string(),
        (false, _) if groups.len() == 1 => format!("Tặng {}", groups[0].0.title),
        (false, _) => "Tặng các hình thức khen thưởng".to_string(),
        (true, true) => "Công nhận danh hiệu thi đua và tặng hình thức khen thưởng".to_string(),
    };
    let adhoc = d.lines.iter().filter(|l| l.achievement.is_some()).count();
    let achieved = match adhoc {
        0 => format!("đã có thành tích trong phong trào thi đua năm {}", d.year),
        n if n == d.lines.len() => "đã có thành tích xuất sắc đột xuất".to_string(),
        _ => format!(
            "đã có thành tích trong phong trào thi đua năm {} và thành tích xuất sắc đột xuất",
            d.year
        ),
    };
    let when = if adhoc == d.lines.len() {
        String::new()
    } else {
        format!(" năm {}", d.year)
    };
    format!(
        "Điều 1. {verb}{when} cho {} thuộc {} {achieved}{}",
        count_words(people, units),
        d.issuer_text,
        if annexed {
            " (có danh sách kèm theo)."
        } else {
            ", gồm:"
        }
    )
}

/// The body of a decision amending decision `no` of `on`: Điều 1 what is corrected and the lines
/// corrected, then those revoked; Điều 2 the rest of the amended decision stands.
fn amending_body(
    d: &DecisionDoc,
    (no, on, correction): &(String, NaiveDate, String),
) -> Vec<DocBlock> {
    let on = fmt_date(*on);
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
    body.push(article_three(d, 3));
    body
}

/// Điều `n`: its effect and who carries it out.
fn article_three(d: &DecisionDoc, n: u32) -> DocBlock {
    let executors = d.executors.trim().trim_end_matches(['.', ';', ',']);
    para(format!(
        "Điều {n}. Quyết định này có hiệu lực kể từ ngày ký. {executors} và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./."
    ))
}

/// Article 2's table: per title how many, the multiple, each one's amount and the subtotal, and the
/// total.
fn cash_table(d: &DecisionDoc, total: i64) -> DocBlock {
    let all: Vec<&Awarded> = d.lines.iter().collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (first, ls) in by_title(&all) {
        for collective in [false, true] {
            let part: Vec<&&Awarded> = ls.iter().filter(|l| l.collective == collective).collect();
            let Some(l) = part.first() else { continue };
            let each = l.amount.unwrap_or_default();
            rows.push(vec![
                (rows.len() + 1).to_string(),
                format!(
                    "{}{}",
                    first.title,
                    if collective { " (tập thể)" } else { "" }
                ),
                part.len().to_string(),
                l.multiple.as_deref().map(multiple_text).unwrap_or_default(),
                group_thousands(&each.to_string()),
                group_thousands(&(each * part.len() as i64).to_string()),
            ]);
        }
    }
    rows.push(vec![
        String::new(),
        "Tổng cộng".into(),
        d.lines.len().to_string(),
        String::new(),
        String::new(),
        group_thousands(&total.to_string()),
    ]);
    DocBlock::Table {
        widths: vec![7, 33, 10, 10, 19, 21],
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

/// The titles of the decision that the regime gives no cash multiple (the cash cannot be counted).
pub fn missing_multiples(lines: &[Awarded]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lines {
        let none = l
            .multiple
            .as_deref()
            .is_none_or(|m| m.trim_matches(['0', '.']).is_empty());
        let name = format!(
            "{}{}",
            l.title,
            if l.collective { " (tập thể)" } else { "" }
        );
        if none && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Article 2: the cash per title, in total and in words; or, when a title has no multiple, the
/// reason the cash cannot be counted.
fn article_two(d: &DecisionDoc) -> Vec<DocBlock> {
    let missing = missing_multiples(&d.lines);
    if !missing.is_empty() {
        return vec![para(format!(
            "Điều 2. [Chưa tính được tiền thưởng: chế độ khen thưởng áp dụng chưa có hệ số tiền thưởng của {}. Văn phòng nhập hệ số trong bộ quy tắc trước khi trình ký.]",
            missing.join("; ")
        ))];
    }
    let (base, basis) = &d.base_salary;
    let total: i64 = d.lines.iter().filter_map(|l| l.amount).sum();
    vec![
        para(format!(
            "Điều 2. Tiền thưởng kèm theo danh hiệu, hình thức khen thưởng tại Điều 1 được tính theo mức lương cơ sở {} ({basis}) và làm tròn theo quy định, cụ thể:",
            vnd(*base)
        )),
        cash_table(d, total),
        para(format!(
            "Tổng số tiền thưởng: {} (Bằng chữ: {}), chi từ Quỹ thi đua, khen thưởng của {} năm {}.",
            vnd(total),
            vnd_words(total.max(0) as u64),
            d.issuer_text,
            d.year
        )),
    ]
}

pub fn decision(d: &DecisionDoc) -> OfficialDoc {
    let mut body = vec![centred(format!("GIÁM ĐỐC {}", d.issuer.to_uppercase()))];
    for b in &d.bases {
        body.push(para(b.clone()));
    }
    body.push(para(format!(
        "Xét đề nghị của {}.",
        d.proposer.trim().trim_end_matches('.')
    )));
    body.push(centred("QUYẾT ĐỊNH:"));
    if let Some(a) = &d.amends {
        body.extend(amending_body(d, a));
        return official(d, body, Vec::new());
    }
    let annexed = d.lines.len() > ANNEX_AFTER;
    body.push(para(article_one(d, annexed)));
    let all: Vec<&Awarded> = d.lines.iter().collect();
    let mut annex = Vec::new();
    if annexed {
        annex.push(centred("DANH SÁCH"));
        annex.push(centred(format!(
            "{} NĂM {}",
            summary(&d.lines, d.year)
                .trim_start_matches("Về việc ")
                .trim_end_matches(&format!(" năm {}", d.year))
                .to_uppercase(),
            d.year
        )));
        annex.push(DocBlock::Note(vec![Span::plain(format!(
            "(Kèm theo Quyết định số {} ngày {} của Giám đốc {})",
            d.number.trim(),
            fmt_date(d.decided_on),
            d.issuer_text
        ))]));
        annex.extend(lists(&all));
    } else {
        body.extend(lists(&all));
    }
    body.extend(article_two(d));
    body.push(article_three(d, 3));
    official(d, body, annex)
}

/// Decision `d` with `body` as an official document: its heading, title, recipients, signature.
fn official(d: &DecisionDoc, body: Vec<DocBlock>, annex: Vec<DocBlock>) -> OfficialDoc {
    OfficialDoc {
        confirmer: None,
        annex,
        parent_body: d.parent_body.to_uppercase(),
        issuer: d.issuer.to_uppercase(),
        number_line: format!("Số: {}", d.number),
        place_date: vn_place_date(&d.place_name, d.decided_on),
        doc_type: "QUYẾT ĐỊNH".into(),
        title: match &d.amends {
            Some((no, on, _)) => format!(
                "Về việc sửa đổi, đính chính Quyết định số {no} ngày {}",
                fmt_date(*on)
            ),
            None => summary(&d.lines, d.year),
        },
        body,
        recipients: vec![
            "Như Điều 3;".into(),
            "Ban Giám đốc Sở;".into(),
            "Hội đồng Thi đua - Khen thưởng Sở;".into(),
            "Lưu: VT, VP.".into(),
        ],
        signer_lines: d.signer.lines(),
        signer_name: d.signer_name.clone(),
        co_signer: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(title: &str, is_title: bool, collective: bool) -> Awarded {
        Awarded {
            subject: "X".into(),
            title: title.into(),
            is_title,
            collective,
            multiple: Some("0.30".into()),
            amount: Some(450_000),
            ..Default::default()
        }
    }

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
        assert_eq!(count_words(3, 1), "03 cá nhân và 01 tập thể");
    }

    #[test]
    fn the_summary_says_what_the_decision_does() {
        let ldtt = line("Lao động tiên tiến", true, false);
        let tt = line("Tập thể lao động tiên tiến", true, true);
        let gk = line("Giấy khen của Giám đốc Sở", false, false);
        assert_eq!(
            summary(&[ldtt.clone(), tt.clone()], 2022),
            "Về việc công nhận danh hiệu “Lao động tiên tiến” và “Tập thể lao động tiên tiến” năm 2022"
        );
        assert_eq!(
            summary(std::slice::from_ref(&gk), 2022),
            "Về việc tặng Giấy khen của Giám đốc Sở năm 2022"
        );
        assert_eq!(
            summary(&[ldtt, gk], 2022),
            "Về việc công nhận danh hiệu “Lao động tiên tiến” và tặng Giấy khen của Giám đốc Sở năm 2022"
        );
    }

    #[test]
    fn an_exceptional_achievement_is_named_as_such() {
        let mut gk = line("Giấy khen của Giám đốc Sở", false, false);
        gk.achievement = Some("Cứu người trong đợt lũ tháng 10/2022.".into());
        assert_eq!(
            summary(std::slice::from_ref(&gk), 2022),
            "Về việc tặng Giấy khen của Giám đốc Sở về thành tích xuất sắc đột xuất"
        );
        let d = DecisionDoc {
            parent_body: String::new(),
            issuer: String::new(),
            issuer_text: "Sở Tài nguyên và Môi trường".into(),
            place_name: String::new(),
            number: String::new(),
            decided_on: NaiveDate::default(),
            year: 2022,
            bases: Vec::new(),
            proposer: String::new(),
            lines: vec![gk.clone(), line("Giấy khen của Giám đốc Sở", false, false)],
            base_salary: (1_490_000, String::new()),
            signer: Signer::Director,
            signer_name: String::new(),
            executors: String::new(),
            amends: None,
        };
        assert_eq!(
            article_one(&d, false),
            "Điều 1. Tặng các hình thức khen thưởng năm 2022 cho 02 cá nhân thuộc Sở Tài nguyên và \
             Môi trường đã có thành tích trong phong trào thi đua năm 2022 và thành tích xuất sắc \
             đột xuất, gồm:"
        );
        let all: Vec<&Awarded> = d.lines.iter().collect();
        let blocks = lists(&all);
        let text = format!("{blocks:?}");
        assert!(
            text.contains("Giấy khen của Giám đốc Sở về thành tích xuất sắc đột xuất: 01 cá nhân")
                && text.contains("Cứu người trong đợt lũ"),
            "{text}"
        );
    }

    #[test]
    fn a_title_without_a_multiple_stops_the_cash() {
        let mut bk = line("Giấy khen của Giám đốc Sở", false, true);
        bk.multiple = None;
        assert_eq!(
            missing_multiples(&[line("Lao động tiên tiến", true, false), bk]),
            ["Giấy khen của Giám đốc Sở (tập thể)"]
        );
        let mut zero = line("Lao động tiên tiến", true, false);
        zero.multiple = Some("0.00".into());
        assert_eq!(missing_multiples(&[zero]).len(), 1);
    }
}
