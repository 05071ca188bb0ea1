//! The unit's review minutes (biên bản họp bình xét) as an official document: the meeting, who
//! attended, the criteria read, and the vote on each proposed title, ready for the chair and the
//! secretary to sign.

use super::docx::{DocBlock, OfficialDoc};
use crate::domain::dates::{fmt_date, vn_place_date};
use crate::domain::proposal::Vote;
use crate::domain::richtext::Span;
use chrono::NaiveDate;

/// What the minutes say.
pub struct Minutes {
    /// the Department ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")
    pub body_name: String,
    pub unit_name: String,
    /// the register's code of the unit's minutes ("BB-QLDD")
    pub doc_code: String,
    /// the plan's place ("Sóc Trăng")
    pub place_name: String,
    pub year: i32,
    /// the plan's number and title ("05/KH-STNMT", "Kế hoạch ...")
    pub plan_ref: String,
    pub held_on: Option<NaiveDate>,
    pub held_at: String,
    pub ended_at: String,
    pub venue: String,
    /// the chair and the secretary as the opening names them ("Ông Lê Thanh Đạt, Trưởng phòng"), and
    /// their names as they sign
    pub chair: (String, String),
    pub secretary: (String, String),
    pub members: u32,
    pub present: u32,
    /// (name, reason)
    pub absent: Vec<(String, String)>,
    pub secret: bool,
    pub discussion: String,
    /// (name, title proposed, vote)
    pub lines: Vec<(String, String, Vote)>,
    /// the unit's own collective title and its vote
    pub collective: Option<(String, Vote)>,
}

fn para(text: impl Into<String>) -> DocBlock {
    DocBlock::Para(vec![Span::plain(text.into())])
}

/// The share of votes in favour among those present, with its decimals ("93,33 %").
fn percent(v: &Vote, present: u32) -> String {
    crate::domain::figures::percent(u64::from(v.yes), u64::from(present), 2).unwrap_or_default()
}

/// "……………" for a field left empty.
fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "……………".to_string()
    } else {
        s.to_string()
    }
}

/// The closing of a meeting's minutes: when it ended, and that the minutes were read and approved
/// before it ended.
pub fn closing(ended_at: &str) -> String {
    format!(
        "Cuộc họp kết thúc vào lúc {} cùng ngày. Biên bản đã được thông qua trước khi kết thúc cuộc họp và các thành viên dự họp nhất trí với nội dung biên bản./.",
        if ended_at.trim().is_empty() {
            "…… giờ ……"
        } else {
            ended_at.trim()
        }
    )
}

/// The minutes' opening: when, where, who chaired and kept them, who came and who did not (why).
fn opening(m: &Minutes) -> Vec<DocBlock> {
    let mut body = vec![
        para(format!(
            "Thời gian: {}, ngày {}.",
            dash(&m.held_at),
            m.held_on.map(fmt_date).unwrap_or_else(|| "…/…/…".into())
        )),
        para(format!("Địa điểm: {}.", dash(&m.venue))),
        para(format!("Chủ trì: {}.", dash(&m.chair.0))),
        para(format!("Thư ký: {}.", dash(&m.secretary.0))),
        para(format!(
            "Thành phần: có mặt {}/{} người.",
            m.present, m.members
        )),
    ];
    if m.absent.is_empty() {
        body.push(para("Vắng: không."));
    } else {
        body.push(para(format!("Vắng {} người:", m.absent.len())));
        for (name, reason) in &m.absent {
            let line = if reason.trim().is_empty() {
                name.clone()
            } else {
                format!("{name} (lý do: {reason})")
            };
            body.push(DocBlock::Bullet(vec![Span::plain(line)]));
        }
    }
    body
}

/// The minutes as a document in the layout of Nghị định 30/2020/NĐ-CP.
pub fn minutes(m: &Minutes) -> OfficialDoc {
    let mut body = opening(m);
    body.push(DocBlock::Heading(vec![Span::plain("I. NỘI DUNG CUỘC HỌP")]));
    body.push(para(format!(
        "Chủ trì quán triệt tiêu chuẩn, tiêu chí thi đua theo {} và tổ chức bình xét thi đua, khen thưởng năm {} của {}.",
        m.plan_ref, m.year, m.unit_name
    )));
    for l in m.discussion.lines().filter(|l| !l.trim().is_empty()) {
        body.push(para(l.trim()));
    }
    body.push(DocBlock::Heading(vec![Span::plain("II. KẾT QUẢ BÌNH XÉT")]));
    body.push(para(format!(
        "Hình thức biểu quyết: {}. Số người tham gia biểu quyết: {}.",
        if m.secret {
            "bỏ phiếu kín"
        } else {
            "biểu quyết giơ tay"
        },
        m.present
    )));
    let third = if m.secret {
        "Phiếu trắng, không hợp lệ"
    } else {
        "Không biểu quyết"
    };
    body.push(DocBlock::Table {
        widths: vec![7, 28, 25, 10, 10, 10, 10],
        header: [
            "STT",
            "Họ và tên",
            "Danh hiệu, hình thức đề nghị",
            "Đồng ý",
            "Không đồng ý",
            third,
            "Tỷ lệ đồng ý",
        ]
        .map(String::from)
        .to_vec(),
        rows: m
            .lines
            .iter()
            .enumerate()
            .map(|(i, (name, title, v))| {
                vec![
                    (i + 1).to_string(),
                    name.clone(),
                    title.clone(),
                    v.yes.to_string(),
                    v.no.to_string(),
                    v.abstain.to_string(),
                    percent(v, m.present),
                ]
            })
            .collect(),
    });
    if let Some((title, v)) = &m.collective {
        body.push(para(format!(
            "Tập thể {} đề nghị danh hiệu “{}”: đồng ý {}, không đồng ý {}, {} {} (tỷ lệ đồng ý {}).",
            m.unit_name,
            title,
            v.yes,
            v.no,
            third.to_lowercase(),
            v.abstain,
            percent(v, m.present)
        )));
    }
    body.push(para(closing(&m.ended_at)));
    OfficialDoc {
        confirmer: None,
        annex: Vec::new(),
        parent_body: m.body_name.to_uppercase(),
        issuer: m.unit_name.to_uppercase(),
        number_line: format!("Số:       /{}", m.doc_code),
        place_date: match m.held_on {
            Some(d) => vn_place_date(&m.place_name, d),
            None => format!("{}, ngày … tháng … năm {}", m.place_name, m.year),
        },
        doc_type: "BIÊN BẢN".into(),
        title: format!("Họp bình xét thi đua, khen thưởng năm {}", m.year),
        body,
        recipients: Vec::new(),
        signer_lines: vec!["CHỦ TRÌ".into()],
        signer_name: m.chair.1.clone(),
        co_signer: Some((vec!["THƯ KÝ".into()], m.secretary.1.clone())),
    }
}

/// What an achievement report's document needs besides the report itself.
pub struct ReportHead {
    /// the body above the unit ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")
    pub body_name: String,
    pub unit_name: String,
    pub place_name: String,
    pub on: NaiveDate,
    /// "Chiến sĩ thi đua cơ sở"
    pub award: String,
    /// an emulation title (danh hiệu) rather than a form of commendation
    pub is_title: bool,
    /// the person's or the collective's name
    pub subject: String,
    pub individual: bool,
    pub year: i32,
    /// the unit's head who confirms and proposes it (name), printed under the signature
    pub head: String,
    /// the regime's form the report follows ("Mẫu số 03, Phụ lục I, Nghị định 98/2023/NĐ-CP")
    pub form: String,
}

/// The form each regime prescribes for an achievement report: ND 91/2017 Mẫu 01 (collective) and
/// Mẫu 02 (individual); ND 98/2023 Phụ lục I Mẫu 02 and Mẫu 03. No form of ND 152/2025 was found
/// in the texts read: it keeps ND 98's (docs/LEGAL-SOURCES.md).
pub fn report_form(regime: &str, individual: bool) -> String {
    match (regime, individual) {
        ("ND91_2017", false) => "Mẫu số 01 kèm theo Nghị định số 91/2017/NĐ-CP".into(),
        ("ND91_2017", true) => "Mẫu số 02 kèm theo Nghị định số 91/2017/NĐ-CP".into(),
        (_, false) => "Mẫu số 02, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP".into(),
        (_, true) => "Mẫu số 03, Phụ lục I kèm theo Nghị định số 98/2023/NĐ-CP".into(),
    }
}

/// Whether an award is a form of commendation (hình thức khen thưởng) rather than an emulation
/// title (danh hiệu thi đua), by its name.
fn is_commendation(award: &str) -> bool {
    let a = crate::domain::names::fold(award);
    [
        "bang khen",
        "giay khen",
        "huan chuong",
        "huy chuong",
        "ky niem chuong",
    ]
    .iter()
    .any(|k| a.starts_with(k))
}

/// Section III: the emulation titles and the commendations received, a table each.
fn awards_part(r: &crate::domain::report::Report) -> Vec<DocBlock> {
    let rows = crate::domain::report::award_rows(&r.awards);
    let sub = |t: &str| DocBlock::SubHeading(vec![Span::plain(t)]);
    let mut out = vec![DocBlock::Heading(vec![Span::plain(
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
    )])];
    for (heading, kind, commendations) in [
        ("1. Danh hiệu thi đua", "Danh hiệu thi đua", false),
        ("2. Hình thức khen thưởng", "Hình thức khen thưởng", true),
    ] {
        out.push(sub(heading));
        let part: Vec<Vec<String>> = rows
            .iter()
            .filter(|r| is_commendation(&r[1]) == commendations)
            .map(|r| vec![r[0].clone(), r[1].clone(), format!("{}; {}", r[2], r[3])])
            .collect();
        if part.is_empty() {
            out.push(para("Không."));
        } else {
            out.push(DocBlock::Table {
                widths: vec![12, 38, 50],
                header: vec![
                    "Năm".into(),
                    kind.into(),
                    "Số, ngày, tháng, năm của quyết định; cơ quan ban hành".into(),
                ],
                rows: part,
            });
        }
    }
    out
}

/// A signature: its title lines and the name printed under it.
type Signature = (Vec<String>, String);

/// The report's signatures: an individual's (the head confirms and proposes it on the left, the
/// reporter on the right, the proposing level's confirmation under them); a collective's (the
/// proposing level's confirmation on the left, the head on the right).
fn report_signatures(h: &ReportHead) -> (Signature, Signature, Option<Signature>) {
    let lines = |ls: &[&str]| ls.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let level = (
        lines(&["XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG", "(Ký, đóng dấu)"]),
        String::new(),
    );
    if h.individual {
        (
            (
                lines(&["THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)"]),
                h.head.clone(),
            ),
            (
                lines(&["NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ và tên)"]),
                h.subject.clone(),
            ),
            Some(level),
        )
    } else {
        (
            level,
            (
                lines(&["THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)"]),
                h.head.clone(),
            ),
            None,
        )
    }
}

/// The achievement report as a document, on the regime's form (ND 91 Mẫu 01/02, ND 98 Mẫu 02/03):
/// an individual's with the head's confirmation and the level that proposes it, a collective's
/// with the head's signature and that level's confirmation.
pub fn report_doc(h: &ReportHead, r: &crate::domain::report::Report) -> OfficialDoc {
    let lines = |text: &str| -> Vec<DocBlock> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| match l.strip_prefix("- ") {
                Some(rest) => DocBlock::Bullet(vec![Span::plain(rest)]),
                None => para(l),
            })
            .collect()
    };
    let heading = |t: &str| DocBlock::Heading(vec![Span::plain(t)]);
    let sub = |t: &str| DocBlock::SubHeading(vec![Span::plain(t)]);
    let mut body = vec![DocBlock::Note(vec![Span::plain(format!("({})", h.form))])];
    if !h.individual {
        body.push(sub(&format!("Tên tập thể: {}", h.subject)));
    }
    body.push(heading(if h.individual {
        "I. SƠ LƯỢC LÝ LỊCH"
    } else {
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
    }));
    body.extend(lines(&r.profile));
    body.push(heading("II. THÀNH TÍCH ĐẠT ĐƯỢC"));
    body.push(sub(if h.individual {
        "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận"
    } else {
        "1. Chức năng, nhiệm vụ được giao"
    }));
    if r.duties.trim().is_empty() {
        body.push(para("……………"));
    } else {
        body.extend(lines(&r.duties));
    }
    body.push(sub(&format!("2. Thành tích đạt được năm {}", h.year)));
    body.extend(lines(&r.achievements));
    body.push(sub(
        "3. Sáng kiến, đề tài khoa học, giải pháp được công nhận",
    ));
    if r.initiatives.trim().is_empty() {
        body.push(para("Không."));
    } else {
        body.extend(lines(&r.initiatives));
    }
    body.extend(awards_part(r));
    let (left, right, confirmer) = report_signatures(h);
    let what = if h.is_title {
        format!("danh hiệu “{}”", h.award)
    } else {
        h.award.clone()
    };
    OfficialDoc {
        confirmer,
        annex: Vec::new(),
        // an individual writes the report: only a collective's carries its body's name
        parent_body: if h.individual {
            String::new()
        } else {
            h.body_name.to_uppercase()
        },
        issuer: if h.individual {
            String::new()
        } else {
            h.unit_name.to_uppercase()
        },
        number_line: String::new(),
        place_date: vn_place_date(&h.place_name, h.on),
        doc_type: "BÁO CÁO THÀNH TÍCH".into(),
        title: format!("ĐỀ NGHỊ TẶNG {} NĂM {}", what.to_uppercase(), h.year),
        body,
        recipients: Vec::new(),
        signer_lines: right.0,
        signer_name: right.1,
        co_signer: Some(left),
    }
}

/// The form a summary of an exceptional achievement follows: ND 91/2017 Mẫu số 06; under the later
/// regimes no form number was found (docs/LEGAL-SOURCES.md §18, Q9): the simplified procedure of
/// Art. 85 of the Law is named instead.
pub fn summary_form(regime: &str) -> String {
    match regime {
        "ND91_2017" => "Mẫu số 06 kèm theo Nghị định số 91/2017/NĐ-CP".into(),
        _ => "Theo thủ tục đơn giản, Điều 85 Luật Thi đua, khen thưởng".into(),
    }
}

/// The summary of an exceptional achievement (báo cáo tóm tắt thành tích đột xuất), the paper an
/// ad-hoc commendation's dossier asks for: who (the profile as the report pre-fills it), what was
/// done (`achievement`), signed like an achievement report (the head confirms and proposes it).
pub fn summary_doc(h: &ReportHead, profile: &str, achievement: &str) -> OfficialDoc {
    let paras = |text: &str| -> Vec<DocBlock> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(para)
            .collect()
    };
    let heading = |t: &str| DocBlock::Heading(vec![Span::plain(t)]);
    let mut body = vec![DocBlock::Note(vec![Span::plain(format!("({})", h.form))])];
    if !h.individual {
        body.push(DocBlock::SubHeading(vec![Span::plain(format!(
            "Tên tập thể: {}",
            h.subject
        ))]));
    }
    body.push(heading(if h.individual {
        "I. SƠ LƯỢC LÝ LỊCH"
    } else {
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
    }));
    body.extend(paras(profile));
    body.push(heading("II. THÀNH TÍCH XUẤT SẮC ĐỘT XUẤT"));
    body.extend(paras(achievement));
    let mut doc = report_doc(h, &crate::domain::report::Report::default());
    doc.doc_type = "BÁO CÁO TÓM TẮT THÀNH TÍCH".into();
    doc.title = format!(
        "ĐỀ NGHỊ TẶNG {} VỀ THÀNH TÍCH XUẤT SẮC ĐỘT XUẤT",
        h.award.to_uppercase()
    );
    doc.body = body;
    doc
}
