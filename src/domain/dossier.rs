//! A line's dossier as it goes up with a submission: each paper its title's dossier list asks for
//! (the regime's `titles.documents`), and where it comes from: a scan uploaded with the line (or the
//! unit's signed review minutes), a document the app makes from what is recorded (the achievement
//! report as saved, the review minutes as recorded), or nothing: missing. A pack with a missing
//! paper is sent only once the Office has confirmed it (`submissions.missing_confirmed`).

use serde::{Deserialize, Serialize};

/// Where one paper of a dossier comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// files uploaded for it: (document id, file name)
    Uploaded(Vec<(i64, String)>),
    /// made by the app from what is recorded (to be signed on paper)
    Made,
    Missing,
}

/// What is known of a line for its dossier.
#[derive(Clone, Debug, Default)]
pub struct LineFacts {
    /// the kinds its title's dossier asks for
    pub required: Vec<String>,
    /// its uploaded documents: (kind, document id, file name)
    pub uploaded: Vec<(String, i64, String)>,
    /// an achievement report was written in the app
    pub report_saved: bool,
    /// an ad-hoc line: its exceptional achievement is recorded, so its summary can be made
    pub adhoc: bool,
    /// the unit's review was held (its minutes can be made), and its signed scan if uploaded
    pub review_held: bool,
    pub review_scan: Option<(i64, String)>,
}

/// Each paper the title asks for, in the list's order, with its source.
pub fn papers(f: &LineFacts) -> Vec<(String, Source)> {
    f.required
        .iter()
        .map(|kind| {
            let files: Vec<(i64, String)> = f
                .uploaded
                .iter()
                .filter(|(k, _, _)| k == kind)
                .map(|(_, id, name)| (*id, name.clone()))
                .collect();
            let source = if !files.is_empty() {
                Source::Uploaded(files)
            } else {
                match kind.as_str() {
                    "review_minutes" => match &f.review_scan {
                        Some(scan) => Source::Uploaded(vec![scan.clone()]),
                        None if f.review_held => Source::Made,
                        None => Source::Missing,
                    },
                    "achievement_report" if f.report_saved => Source::Made,
                    "achievement_summary" if f.adhoc => Source::Made,
                    _ => Source::Missing,
                }
            };
            (kind.clone(), source)
        })
        .collect()
}

/// The kinds a line's dossier lacks.
pub fn missing(f: &LineFacts) -> Vec<String> {
    papers(f)
        .into_iter()
        .filter(|(_, s)| *s == Source::Missing)
        .map(|(k, _)| k)
        .collect()
}

/// A paper's name as the manifest and the pages write it.
pub fn kind_name(kind: &str) -> &str {
    match kind {
        "review_minutes" => "Biên bản họp bình xét của đơn vị",
        "achievement_report" => "Báo cáo thành tích có xác nhận của thủ trưởng đơn vị",
        "achievement_summary" => {
            "Báo cáo tóm tắt thành tích đột xuất có xác nhận của thủ trưởng đơn vị"
        }
        "initiative_certificate" => "Quyết định công nhận sáng kiến",
        "achievement_certification" => "Xác nhận thành tích",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> LineFacts {
        LineFacts {
            required: vec![
                "review_minutes".into(),
                "achievement_report".into(),
                "initiative_certificate".into(),
            ],
            ..Default::default()
        }
    }

    #[test]
    fn a_paper_is_uploaded_made_or_missing() {
        let mut f = facts();
        assert_eq!(
            missing(&f),
            [
                "review_minutes",
                "achievement_report",
                "initiative_certificate"
            ]
        );
        // the review held: its minutes are made; the report written: made too
        f.review_held = true;
        f.report_saved = true;
        assert_eq!(missing(&f), ["initiative_certificate"]);
        // a scan uploaded for the line stands for the paper
        f.uploaded.push((
            "initiative_certificate".into(),
            7,
            "qd-sang-kien.pdf".into(),
        ));
        assert!(missing(&f).is_empty());
        f.review_scan = Some((9, "bien-ban-ky.pdf".into()));
        let p = papers(&f);
        assert_eq!(
            p[0].1,
            Source::Uploaded(vec![(9, "bien-ban-ky.pdf".into())])
        );
        assert_eq!(p[1].1, Source::Made);
    }

    #[test]
    fn an_adhoc_line_has_its_summary_made() {
        let mut f = LineFacts {
            required: vec!["achievement_summary".into()],
            ..Default::default()
        };
        assert_eq!(missing(&f), ["achievement_summary"]);
        f.adhoc = true;
        assert_eq!(papers(&f)[0].1, Source::Made);
        assert_eq!(
            kind_name("achievement_summary"),
            "Báo cáo tóm tắt thành tích đột xuất có xác nhận của thủ trưởng đơn vị"
        );
    }
}
