//! The achievement report (báo cáo thành tích) of a proposal line, by the sections of the official
//! templates (ND 98/2023 Phụ lục I: Mẫu 02 for a collective, Mẫu 03 for an individual): I. the
//! profile, II. the achievements (duties, results, initiatives), III. the awards received. It is
//! pre-filled from the year's own data and then edited as text.

use serde::{Deserialize, Serialize};

/// A report as edited: each section's text (lines), the awards as table rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Report {
    /// I. Sơ lược lý lịch (individual) / Sơ lược đặc điểm, tình hình (collective): "Label: value" lines
    pub profile: String,
    /// II.1 Quyền hạn, nhiệm vụ được giao / chức năng, nhiệm vụ
    pub duties: String,
    /// II.2 Thành tích đạt được: results against the commitments, ratings of the years
    pub achievements: String,
    /// II.3 Sáng kiến, đề tài, giải pháp with the bodies that recognised them
    pub initiatives: String,
    /// III. Các hình thức đã được khen thưởng: one award per line, "year | award | decision | issuer"
    pub awards: String,
}

/// What the system knows for the pre-filled report.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// "Label: value" lines of the profile
    pub profile: Vec<(String, String)>,
    /// (target, measure, progress %, note) of the year's commitments
    pub commitments: Vec<(String, String, Option<i32>, String)>,
    /// (year, rating code) over the years the title reads
    pub ratings: Vec<(i32, String)>,
    /// (title, level, decision number, decided on dd/mm/yyyy, body)
    pub initiatives: Vec<(String, String, String, String, String)>,
    /// (year, award, decision, issuer)
    pub awards: Vec<(i32, String, String, String)>,
}

/// A rating code in words.
pub fn rating_words(code: &str) -> &str {
    match code {
        "HTXSNV" => "Hoàn thành xuất sắc nhiệm vụ",
        "HTTNV" => "Hoàn thành tốt nhiệm vụ",
        "HTNV" => "Hoàn thành nhiệm vụ",
        "KHTNV" => "Không hoàn thành nhiệm vụ",
        other => other,
    }
}

/// The report pre-filled from `s`.
pub fn prefill(s: &Sources) -> Report {
    let profile = s
        .profile
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut achievements: Vec<String> = s
        .commitments
        .iter()
        .map(|(target, measure, progress, note)| {
            // the result first, the commitment it answers in brackets: never a target and a
            // contradicting figure side by side
            let mut line = match (progress, measure.trim().is_empty()) {
                (Some(p), false) => {
                    format!(
                        "- {}: đạt {p} % (chỉ tiêu đăng ký: {target})",
                        measure.trim()
                    )
                }
                (Some(p), true) => format!("- Đạt {p} % chỉ tiêu đăng ký: {target}"),
                (None, false) => format!("- Chỉ tiêu đăng ký: {target} ({})", measure.trim()),
                (None, true) => format!("- Chỉ tiêu đăng ký: {target}"),
            };
            if !note.is_empty() {
                line.push_str(&format!("; {note}"));
            }
            line
        })
        .collect();
    for (year, r) in &s.ratings {
        achievements.push(format!("- Năm {year}: {}.", rating_words(r)));
    }
    let initiatives = s
        .initiatives
        .iter()
        .map(|(title, level, no, on, body)| {
            let mut line = format!("- {title} (cấp {level})");
            if !no.is_empty() || !on.is_empty() {
                line.push_str(&format!(", công nhận tại Quyết định số {no} ngày {on}"));
            }
            if !body.is_empty() {
                line.push_str(&format!(" của {body}"));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n");
    let awards = s
        .awards
        .iter()
        .map(|(y, a, d, i)| format!("{y} | {a} | {d} | {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    Report {
        profile,
        duties: String::new(),
        achievements: achievements.join("\n"),
        initiatives,
        awards,
    }
}

/// The awards section as table rows (four cells each; missing cells blank).
pub fn award_rows(awards: &str) -> Vec<Vec<String>> {
    awards
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cells: Vec<String> = l.split('|').map(|c| c.trim().to_string()).collect();
            cells.resize(4, String::new());
            cells.truncate(4);
            cells
        })
        .collect()
}

/// Each section at most this many characters.
pub const MAX_SECTION: usize = 20_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_prefilled_from_the_year() {
        let s = Sources {
            profile: vec![("Họ và tên".into(), "Nguyễn Văn An".into())],
            commitments: vec![(
                "Hoàn thành 100% hồ sơ đúng hạn".into(),
                "Tỷ lệ".into(),
                Some(95),
                "Còn 2 hồ sơ".into(),
            )],
            ratings: vec![(2024, "HTXSNV".into())],
            initiatives: vec![(
                "Số hóa hồ sơ địa chính".into(),
                "cơ sở".into(),
                "12/QĐ-STNMT".into(),
                "05/01/2025".into(),
                "Giám đốc Sở".into(),
            )],
            awards: vec![(
                2023,
                "Chiến sĩ thi đua cơ sở".into(),
                "15/QĐ-STNMT".into(),
                "Sở TN&MT".into(),
            )],
        };
        let r = prefill(&s);
        assert_eq!(r.profile, "Họ và tên: Nguyễn Văn An");
        // the result, then the commitment it answers: never "100% …: đạt 95%" on one line
        assert!(
            r.achievements.contains(
                "- Tỷ lệ: đạt 95 % (chỉ tiêu đăng ký: Hoàn thành 100% hồ sơ đúng hạn); Còn 2 hồ sơ"
            ),
            "{}",
            r.achievements
        );
        assert!(
            r.achievements
                .contains("Năm 2024: Hoàn thành xuất sắc nhiệm vụ.")
        );
        assert!(
            r.initiatives
                .contains("Quyết định số 12/QĐ-STNMT ngày 05/01/2025 của Giám đốc Sở")
        );
        assert_eq!(
            award_rows(&r.awards),
            vec![vec![
                "2023",
                "Chiến sĩ thi đua cơ sở",
                "15/QĐ-STNMT",
                "Sở TN&MT"
            ]]
        );
        assert_eq!(
            award_rows("2020 | Giấy khen\n\n"),
            vec![vec!["2020", "Giấy khen", "", ""]]
        );
    }
}
