//! The council meeting's papers as official documents (Nghị định 30/2020/NĐ-CP layout): the minutes
//! (biên bản họp Hội đồng thi đua, khen thưởng), with the attendance, recusals and each line's
//! result, signed by the chair and the secretary; and the ballot count (biên bản kiểm phiếu) of the
//! lines decided by secret ballot, with the ballots per line and the share in favour, signed by the
//! counting board (the secretary) and the chair. Both are filled from what the app recorded: the
//! results are the computed ones.

use super::docx::{DocBlock, OfficialDoc};
use crate::domain::dates::{fmt_date, vn_place_date};
use crate::domain::richtext::Span;
use chrono::NaiveDate;

/// A line of the agenda as the papers list it.
pub struct PaperLine {
    pub subject: String,
    pub unit: String,
    /// a collective (named alone: its unit is itself)
    pub collective: bool,
    pub title: String,
    pub secret: bool,
    /// in favour, against, abstaining (blank ballots)
    pub votes: [u32; 3],
    /// the members it was counted over and the votes it needed
    pub counted_over: u32,
    pub needed: u32,
    /// the rule in words ("từ 90% tổng số thành viên Hội đồng trở lên")
    pub rule: String,
    pub passed: Option<bool>,
    /// who did not vote on it and why
    pub recused: Vec<String>,
}

/// What the papers say.
pub struct Papers {
    /// the issuing body, above the council ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG")
    pub issuer: String,
    pub place_name: String,
    pub year: i32,
    pub held_on: NaiveDate,
    pub held_at: String,
    /// when the ballot closed ("10 giờ 30"), or empty
    pub ended_at: String,
    pub venue: String,
    /// the chair and the secretary as the opening names them ("Ông Lê Minh Khoa, Giám đốc Sở") and
    /// as they sign
    pub chair: (String, String),
    pub secretary: (String, String),
    /// (name with honorific and position, capacity in words, present)
    pub members: Vec<(String, String, bool)>,
    /// (name of an absent member who voted in writing)
    pub written: Vec<String>,
    pub quorum: String,
    pub lines: Vec<PaperLine>,
}

fn para(text: impl Into<String>) -> DocBlock {
    DocBlock::Para(vec![Span::plain(text.into())])
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "……………".to_string()
    } else {
        s.to_string()
    }
}

/// The share of `yes` over `of`, as people read it ("75", "66,67").
fn percent(yes: u32, of: u32) -> String {
    if of == 0 {
        return String::new();
    }
    crate::domain::figures::percent(u64::from(yes), u64::from(of), 2).unwrap_or_default()
}

impl PaperLine {
    /// "Nguyễn Ngọc Bích (Phòng Khoáng sản)"; a collective by its name alone.
    fn who(&self) -> String {
        if self.collective || self.unit.is_empty() {
            self.subject.clone()
        } else {
            format!("{} ({})", self.subject, self.unit)
        }
    }
}

fn result_text(passed: Option<bool>) -> String {
    match passed {
        Some(true) => "Đạt".into(),
        Some(false) => "Không đạt".into(),
        None => "Chưa biểu quyết".into(),
    }
}

impl Papers {
    fn present(&self) -> usize {
        self.members.iter().filter(|m| m.2).count()
    }
    fn head(&self, title: &str, body: Vec<DocBlock>, secretary_title: &str) -> OfficialDoc {
        OfficialDoc {
            confirmer: None,
            annex: Vec::new(),
            parent_body: self.issuer.to_uppercase(),
            issuer: "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG".into(),
            number_line: "Số:       /BB-HĐTĐKT".into(),
            place_date: vn_place_date(&self.place_name, self.held_on),
            doc_type: "BIÊN BẢN".into(),
            title: title.to_string(),
            body,
            recipients: Vec::new(),
            signer_lines: vec!["CHỦ TỊCH HỘI ĐỒNG".into()],
            signer_name: self.chair.1.clone(),
            co_signer: Some((vec![secretary_title.into()], self.secretary.1.clone())),
        }
    }
    fn opening(&self) -> Vec<DocBlock> {
        let mut body = vec![
            para(format!(
                "Thời gian: {}, ngày {}.",
                dash(&self.held_at),
                fmt_date(self.held_on)
            )),
            para(format!("Địa điểm: {}.", dash(&self.venue))),
            para(format!(
                "Chủ trì: {}, Chủ tịch Hội đồng.",
                dash(&self.chair.0)
            )),
            para(format!(
                "Thư ký: {}, Thư ký Hội đồng.",
                dash(&self.secretary.0)
            )),
            para(format!(
                "Thành phần: có mặt {}/{} thành viên Hội đồng. {}",
                self.present(),
                self.members.len(),
                self.quorum
            )),
        ];
        for (name, capacity, present) in &self.members {
            let state = if *present {
                "có mặt".to_string()
            } else if self.written.contains(name) {
                "vắng mặt, có ý kiến bằng văn bản".to_string()
            } else {
                "vắng mặt".to_string()
            };
            body.push(DocBlock::Bullet(vec![Span::plain(format!(
                "{name}, {capacity}: {state}."
            ))]));
        }
        body
    }
}

/// The minutes of the council's meeting.
pub fn minutes(p: &Papers) -> OfficialDoc {
    let mut body = p.opening();
    body.push(DocBlock::Heading(vec![Span::plain("I. NỘI DUNG CUỘC HỌP")]));
    body.push(para(format!(
        "Hội đồng xem xét {} trường hợp đề nghị khen thưởng năm {} đã được Văn phòng (Thường trực Hội đồng) tiếp nhận, thẩm định hồ sơ; mỗi trường hợp được biểu quyết theo hình thức và tỷ lệ quy định cho danh hiệu, hình thức khen thưởng đề nghị.",
        p.lines.len(),
        p.year
    )));
    let recused: Vec<String> = p
        .lines
        .iter()
        .filter(|l| !l.recused.is_empty())
        .map(|l| format!("{}: {}", l.subject, l.recused.join("; ")))
        .collect();
    if recused.is_empty() {
        body.push(para("Không có thành viên nào không tham gia biểu quyết."));
    } else {
        body.push(para("Thành viên không tham gia biểu quyết:"));
        for r in recused {
            body.push(DocBlock::Bullet(vec![Span::plain(r)]));
        }
    }
    body.push(DocBlock::Heading(vec![Span::plain(
        "II. KẾT QUẢ BIỂU QUYẾT",
    )]));
    body.push(DocBlock::Table {
        widths: vec![5, 19, 16, 9, 10, 11, 11, 10, 9],
        header: [
            "STT",
            "Cá nhân, tập thể",
            "Danh hiệu, hình thức",
            "Hình thức biểu quyết",
            "Đồng ý",
            "Không đồng ý",
            "Không biểu quyết",
            "Tỷ lệ đồng ý",
            "Kết quả",
        ]
        .map(String::from)
        .to_vec(),
        rows: p
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                vec![
                    (i + 1).to_string(),
                    l.who(),
                    l.title.clone(),
                    if l.secret {
                        "Bỏ phiếu kín"
                    } else {
                        "Giơ tay"
                    }
                    .into(),
                    l.votes[0].to_string(),
                    l.votes[1].to_string(),
                    l.votes[2].to_string(),
                    percent(l.votes[0], l.counted_over),
                    result_text(l.passed),
                ]
            })
            .collect(),
    });
    let passed = p.lines.iter().filter(|l| l.passed == Some(true)).count();
    body.push(para(format!(
        "Hội đồng thống nhất đề nghị khen thưởng {passed}/{} trường hợp đạt tỷ lệ phiếu đồng ý theo quy định; kết quả được tính từ số phiếu và quy định của từng danh hiệu, hình thức.",
        p.lines.len()
    )));
    body.push(para(super::review::closing(&p.ended_at)));
    p.head(
        &format!(
            "Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {}",
            p.year
        ),
        body,
        "THƯ KÝ HỘI ĐỒNG",
    )
}

/// The ballot count of the lines decided by secret ballot.
pub fn ballot_count(p: &Papers) -> OfficialDoc {
    let mut body = p.opening();
    let secret: Vec<&PaperLine> = p.lines.iter().filter(|l| l.secret).collect();
    body.push(DocBlock::Heading(vec![Span::plain(
        "I. KẾT QUẢ KIỂM PHIẾU",
    )]));
    if secret.is_empty() {
        body.push(para(
            "Phiên họp không có nội dung biểu quyết bằng phiếu kín.",
        ));
    } else {
        body.push(para(
            "Ban kiểm phiếu (Thư ký Hội đồng) kiểm phiếu các nội dung biểu quyết bằng phiếu kín; phiếu được lưu tách khỏi người bỏ phiếu, mỗi thành viên giữ mã biên nhận để đối chiếu.",
        ));
        body.push(DocBlock::Table {
            widths: vec![7, 27, 22, 9, 8, 9, 8, 10],
            header: [
                "STT",
                "Cá nhân, tập thể",
                "Danh hiệu, hình thức",
                "Số phiếu thu vào",
                "Đồng ý",
                "Không đồng ý",
                "Phiếu trắng",
                "Tỷ lệ đồng ý",
            ]
            .map(String::from)
            .to_vec(),
            rows: secret
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    vec![
                        (i + 1).to_string(),
                        l.who(),
                        l.title.clone(),
                        l.votes.iter().sum::<u32>().to_string(),
                        l.votes[0].to_string(),
                        l.votes[1].to_string(),
                        l.votes[2].to_string(),
                        percent(l.votes[0], l.counted_over),
                    ]
                })
                .collect(),
        });
        body.push(DocBlock::Heading(vec![Span::plain("II. KẾT LUẬN")]));
        for l in secret {
            body.push(DocBlock::Bullet(vec![Span::plain(format!(
                "{}, {}. {}: {} phiếu đồng ý trên {} thành viên ({}), quy định {}; cần {} phiếu.",
                l.who(),
                l.title,
                result_text(l.passed),
                l.votes[0],
                l.counted_over,
                percent(l.votes[0], l.counted_over),
                l.rule,
                l.needed
            ))]));
        }
    }
    p.head(
        &format!("Kiểm phiếu xét khen thưởng năm {}", p.year),
        body,
        "BAN KIỂM PHIẾU",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_to_hundredths() {
        assert_eq!(percent(3, 4), "75 %");
        assert_eq!(percent(2, 3), "66,67 %");
        assert_eq!(percent(1, 0), "");
    }
}
