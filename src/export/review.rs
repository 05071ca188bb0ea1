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
    /// the plan's place ("Sóc Trăng")
    pub place_name: String,
    pub year: i32,
    /// the plan's number and title ("05/KH-STNMT", "Kế hoạch ...")
    pub plan_ref: String,
    pub held_on: Option<NaiveDate>,
    pub held_at: String,
    pub venue: String,
    pub chair: String,
    pub secretary: String,
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

fn percent(v: &Vote, present: u32) -> String {
    v.percent_yes(present)
        .map(|p| format!("{p}%"))
        .unwrap_or_default()
}

/// "……………" for a field left empty.
fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "……………".to_string()
    } else {
        s.to_string()
    }
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
        para(format!(
            "Chủ trì: {}. Thư ký: {}.",
            dash(&m.chair),
            dash(&m.secretary)
        )),
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
        widths: vec![7, 30, 23, 10, 10, 10, 10],
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
            "Tập thể {} đề nghị danh hiệu {}: đồng ý {}, không đồng ý {}, {} {} (tỷ lệ đồng ý {}).",
            m.unit_name,
            title,
            v.yes,
            v.no,
            third.to_lowercase(),
            v.abstain,
            percent(v, m.present)
        )));
    }
    body.push(para(
        "Cuộc họp kết thúc cùng ngày; biên bản đã được thông qua trước cuộc họp và các thành viên dự họp nhất trí.",
    ));
    OfficialDoc {
        parent_body: m.body_name.to_uppercase(),
        issuer: m.unit_name.to_uppercase(),
        number_line: String::new(),
        place_date: match m.held_on {
            Some(d) => vn_place_date(&m.place_name, d),
            None => format!("{}, ngày … tháng … năm {}", m.place_name, m.year + 1),
        },
        doc_type: "BIÊN BẢN".into(),
        title: format!("Họp bình xét thi đua, khen thưởng năm {}", m.year),
        body,
        recipients: Vec::new(),
        signer_lines: vec!["CHỦ TRÌ".into()],
        signer_name: m.chair.clone(),
        co_signer: Some((vec!["THƯ KÝ".into()], m.secretary.clone())),
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
    /// the person's or the collective's name
    pub subject: String,
    pub individual: bool,
    pub year: i32,
}

/// The achievement report as a document (ND 98/2023 Phụ lục I, Mẫu 02 and 03).
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
    let mut body = vec![sub(&format!(
        "{}: {}",
        if h.individual {
            "Cá nhân"
        } else {
            "Tập thể"
        },
        h.subject
    ))];
    body.push(heading(if h.individual {
        "I. SƠ LƯỢC LÝ LỊCH"
    } else {
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"
    }));
    body.extend(lines(&r.profile));
    body.push(heading("II. THÀNH TÍCH ĐẠT ĐƯỢC"));
    body.push(sub(if h.individual {
        "1. Quyền hạn, nhiệm vụ được giao"
    } else {
        "1. Chức năng, nhiệm vụ được giao"
    }));
    body.extend(lines(&r.duties));
    body.push(sub(&format!("2. Thành tích đạt được năm {}", h.year)));
    body.extend(lines(&r.achievements));
    body.push(sub("3. Sáng kiến, đề tài, giải pháp được công nhận"));
    if r.initiatives.trim().is_empty() {
        body.push(para("Không."));
    } else {
        body.extend(lines(&r.initiatives));
    }
    body.push(heading("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"));
    let rows = crate::domain::report::award_rows(&r.awards);
    if rows.is_empty() {
        body.push(para("Chưa được khen thưởng."));
    } else {
        body.push(DocBlock::Table {
            widths: vec![12, 38, 30, 20],
            header: [
                "Năm",
                "Danh hiệu, hình thức khen thưởng",
                "Số, ngày quyết định",
                "Cơ quan ban hành",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        });
    }
    OfficialDoc {
        parent_body: h.body_name.to_uppercase(),
        issuer: h.unit_name.to_uppercase(),
        number_line: String::new(),
        place_date: vn_place_date(&h.place_name, h.on),
        doc_type: "BÁO CÁO THÀNH TÍCH".into(),
        title: format!("Đề nghị tặng {} năm {}", h.award, h.year),
        body,
        recipients: Vec::new(),
        signer_lines: if h.individual {
            vec!["NGƯỜI BÁO CÁO THÀNH TÍCH".into()]
        } else {
            vec!["THỦ TRƯỞNG ĐƠN VỊ".into()]
        },
        signer_name: if h.individual {
            h.subject.clone()
        } else {
            String::new()
        },
        co_signer: Some((
            if h.individual {
                vec!["THỦ TRƯỞNG ĐƠN VỊ".into(), "XÁC NHẬN, ĐỀ NGHỊ".into()]
            } else {
                vec!["XÁC NHẬN CỦA CẤP TRÌNH KHEN".into()]
            },
            String::new(),
        )),
    }
}
