//! The submission upward (tờ trình đề nghị khen thưởng) as an official document (Nghị định
//! 30/2020/NĐ-CP; the content of ND 98/2023 Mẫu 01): "Kính gửi" the authority that decides (the
//! province's Chairman, through the province's emulation board), the bases, the council's meeting and
//! the public notice, what is asked per title, "Kính trình … xem xét, quyết định./.", the signature;
//! then, on a page of its own, the list "Danh sách … (Kèm theo Tờ trình số … ngày …)" with each
//! line's share of the council's votes.

use super::decision::count_words;
use super::docx::{DocBlock, OfficialDoc};
use crate::domain::dates::{fmt_date, vn_place_date};
use crate::domain::numbered::Signer;
use crate::domain::richtext::Span;
use chrono::NaiveDate;

/// A line asked for.
pub struct Asked {
    pub subject: String,
    /// "Ông", "Bà" or empty
    pub honorific: &'static str,
    pub position_unit: String,
    pub title: String,
    /// "Danh hiệu" titles are written “in quotes”; forms of commendation as they are
    pub is_title: bool,
    pub collective: bool,
    /// the council's votes in favour over the members counted, as "4/4 (100 %)"
    pub votes: String,
}

pub struct SubmissionDoc {
    pub parent_body: String,
    /// the issuer as its heading names it, and as running text names it
    pub issuer: String,
    pub issuer_text: String,
    pub place_name: String,
    /// "03/TTr-STNMT" or "     /TTr-STNMT" for a draft
    pub number: String,
    pub submitted_on: NaiveDate,
    pub year: i32,
    /// the authority that decides, in sentence case ("Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng")
    pub recipient: String,
    /// through whom it goes ("Ban Thi đua - Khen thưởng tỉnh Sóc Trăng"), or empty
    pub through: String,
    pub bases: Vec<String>,
    pub meeting_on: NaiveDate,
    pub notice_on: NaiveDate,
    pub lines: Vec<Asked>,
    /// who signs: the Director, or a deputy for the Director
    pub signer: Signer,
    pub signer_name: String,
}

fn para(text: impl Into<String>) -> DocBlock {
    DocBlock::Para(vec![Span::plain(text.into())])
}

/// What is asked, per title in the order first met: "1. Bằng khen của Chủ tịch UBND tỉnh: 01 cá
/// nhân."
fn asked(lines: &[Asked]) -> Vec<DocBlock> {
    let mut titles: Vec<(&Asked, usize, usize)> = Vec::new();
    for l in lines {
        match titles.iter_mut().find(|t| t.0.title == l.title) {
            Some(t) if l.collective => t.2 += 1,
            Some(t) => t.1 += 1,
            None => titles.push((l, usize::from(!l.collective), usize::from(l.collective))),
        }
    }
    titles
        .iter()
        .enumerate()
        .map(|(i, (l, people, units))| {
            let what = if l.is_title {
                format!("Danh hiệu “{}”", l.title)
            } else {
                l.title.clone()
            };
            para(format!(
                "{}. {what}: {}.",
                i + 1,
                count_words(*people, *units)
            ))
        })
        .collect()
}

/// The annexed list, on its own page.
fn list(d: &SubmissionDoc) -> Vec<DocBlock> {
    vec![
        DocBlock::Centered(vec![Span::plain(format!(
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {}",
            d.year
        ))]),
        DocBlock::Note(vec![Span::plain(format!(
            "(Kèm theo Tờ trình số {} ngày {} của {})",
            d.number.trim(),
            fmt_date(d.submitted_on),
            d.issuer_text
        ))]),
        DocBlock::Table {
            widths: vec![7, 26, 29, 22, 16],
            header: [
                "STT",
                "Cá nhân, tập thể",
                "Chức vụ, đơn vị công tác",
                "Hình thức đề nghị",
                "Tỷ lệ phiếu đồng ý của Hội đồng",
            ]
            .map(String::from)
            .to_vec(),
            rows: d
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let who = if l.honorific.is_empty() {
                        l.subject.clone()
                    } else {
                        format!("{} {}", l.honorific, l.subject)
                    };
                    vec![
                        (i + 1).to_string(),
                        who,
                        if l.collective {
                            String::new()
                        } else {
                            l.position_unit.clone()
                        },
                        l.title.clone(),
                        l.votes.clone(),
                    ]
                })
                .collect(),
        },
    ]
}

pub fn submission(d: &SubmissionDoc) -> OfficialDoc {
    let recipient = d.recipient.trim().trim_end_matches(['.', ';']);
    let mut body = vec![DocBlock::CenteredPlain(vec![Span::plain(format!(
        "Kính gửi: {recipient}."
    ))])];
    if !d.through.trim().is_empty() {
        body.push(DocBlock::CenteredPlain(vec![Span::plain(format!(
            "(qua {})",
            d.through.trim()
        ))]));
    }
    for b in &d.bases {
        body.push(para(b.clone()));
    }
    body.push(para(format!(
        "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng Sở ngày {} và kết quả công khai danh sách từ ngày {},",
        fmt_date(d.meeting_on),
        fmt_date(d.notice_on)
    )));
    let people = d.lines.iter().filter(|l| !l.collective).count();
    body.push(para(format!(
        "{} kính trình {recipient} xem xét, quyết định khen thưởng cho {} đã có thành tích xuất sắc trong phong trào thi đua năm {}, cụ thể như sau:",
        d.issuer_text,
        count_words(people, d.lines.len() - people),
        d.year
    )));
    body.extend(asked(&d.lines));
    body.push(para("(Có danh sách và hồ sơ kèm theo)"));
    body.push(para(format!(
        "Kính trình {recipient} xem xét, quyết định./."
    )));
    let mut recipients = vec!["Như trên;".to_string()];
    if !d.through.trim().is_empty() {
        recipients.push(format!("{} (để thẩm định);", d.through.trim()));
    }
    recipients.push("Lưu: VT, VP.".into());
    OfficialDoc {
        confirmer: None,
        annex: list(d),
        parent_body: d.parent_body.to_uppercase(),
        issuer: d.issuer.to_uppercase(),
        number_line: format!("Số: {}", d.number),
        place_date: vn_place_date(&d.place_name, d.submitted_on),
        doc_type: "TỜ TRÌNH".into(),
        title: format!("Về việc đề nghị khen thưởng năm {}", d.year),
        body,
        recipients,
        signer_lines: d.signer.lines(),
        signer_name: d.signer_name.clone(),
        co_signer: None,
    }
}

/// The dossier pack: each file at its path in one .zip (stored as they are: the documents are
/// already compressed formats).
pub fn pack(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(files.iter().any(|f| f.1.len() > u32::MAX as usize / 2));
    for (path, bytes) in files {
        zip.start_file(path.as_str(), opts)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
