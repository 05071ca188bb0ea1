//! The submission upward (tờ trình đề nghị khen thưởng) as an official document (Nghị định
//! 30/2020/NĐ-CP): the bases, the council's meeting and the public notice, what is asked per title,
//! "Kính trình … xem xét, quyết định", the signature, and the annexed list with each line's share of
//! the council's votes.

use super::docx::{DocBlock, OfficialDoc};
use crate::domain::dates::{fmt_date, vn_place_date};
use crate::domain::richtext::Span;
use chrono::NaiveDate;

/// A line asked for.
pub struct Asked {
    pub subject: String,
    pub position_unit: String,
    pub title: String,
    /// "Danh hiệu" titles are written “in quotes”; forms of commendation as they are
    pub is_title: bool,
    pub collective: bool,
    /// the council's votes in favour over the members counted, as "4/4 (100%)"
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
    pub recipient: String,
    pub bases: Vec<String>,
    pub meeting_on: NaiveDate,
    pub notice_on: NaiveDate,
    pub lines: Vec<Asked>,
    pub deputy: bool,
    pub signer_name: String,
}

fn para(text: impl Into<String>) -> DocBlock {
    DocBlock::Para(vec![Span::plain(text.into())])
}

/// "02 cá nhân và 01 tập thể" (two digits below ten, as such counts are written).
fn count_words(people: usize, units: usize) -> String {
    let mut who = Vec::new();
    if people > 0 {
        who.push(format!("{people:02} cá nhân"));
    }
    if units > 0 {
        who.push(format!("{units:02} tập thể"));
    }
    who.join(" và ")
}

pub fn submission(d: &SubmissionDoc) -> OfficialDoc {
    let mut body = vec![DocBlock::Centered(vec![Span::plain(format!(
        "Kính gửi: {}",
        d.recipient
    ))])];
    for b in &d.bases {
        body.push(para(b.clone()));
    }
    body.push(para(format!(
        "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng {} ngày {} và kết quả công khai danh sách từ ngày {},",
        d.issuer_text,
        fmt_date(d.meeting_on),
        fmt_date(d.notice_on)
    )));
    body.push(para(format!(
        "{} kính trình {} xem xét, quyết định khen thưởng cho các cá nhân, tập thể đã có thành tích xuất sắc trong phong trào thi đua năm {}, cụ thể như sau:",
        d.issuer_text, d.recipient, d.year
    )));
    // per title, in the order first met: how many people and units
    let mut titles: Vec<(&Asked, usize, usize)> = Vec::new();
    for l in &d.lines {
        match titles.iter_mut().find(|t| t.0.title == l.title) {
            Some(t) if l.collective => t.2 += 1,
            Some(t) => t.1 += 1,
            None => titles.push((l, usize::from(!l.collective), usize::from(l.collective))),
        }
    }
    for (i, (l, people, units)) in titles.iter().enumerate() {
        let what = if l.is_title {
            format!("Danh hiệu “{}”", l.title)
        } else {
            l.title.clone()
        };
        body.push(para(format!(
            "{}. {what}: {}.",
            i + 1,
            count_words(*people, *units)
        )));
    }
    body.push(para("(Có danh sách và hồ sơ kèm theo)"));
    body.push(para(format!(
        "Kính trình {} xem xét, quyết định./.",
        d.recipient
    )));
    body.push(DocBlock::Centered(vec![Span::plain(format!(
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {} (Kèm theo Tờ trình số {} ngày {} của {})",
        d.year,
        d.number.trim(),
        fmt_date(d.submitted_on),
        d.issuer_text
    ))]));
    body.push(DocBlock::Table {
        widths: vec![7, 27, 30, 20, 16],
        header: [
            "STT",
            "Cá nhân, tập thể",
            "Chức vụ, đơn vị",
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
                vec![
                    (i + 1).to_string(),
                    l.subject.clone(),
                    l.position_unit.clone(),
                    l.title.clone(),
                    l.votes.clone(),
                ]
            })
            .collect(),
    });
    OfficialDoc {
        parent_body: d.parent_body.to_uppercase(),
        issuer: d.issuer.to_uppercase(),
        number_line: format!("Số: {}", d.number),
        place_date: vn_place_date(&d.place_name, d.submitted_on),
        doc_type: "TỜ TRÌNH".into(),
        title: format!("Về việc đề nghị khen thưởng năm {}", d.year),
        body,
        recipients: vec![
            "Như trên;".into(),
            "Ban Thi đua - Khen thưởng tỉnh;".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_with_two_digits() {
        assert_eq!(count_words(2, 1), "02 cá nhân và 01 tập thể");
        assert_eq!(count_words(0, 12), "12 tập thể");
    }
}
