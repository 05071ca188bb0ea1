//! Year-end at the units, as rules: the review meeting's votes, a proposal's lines and their
//! statuses, what a submission must carry, what changed between two submissions, lateness and how
//! long a proposal has waited in working days.

use super::workdays::Calendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A proposal line's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineStatus {
    Draft,
    Submitted,
    Returned,
    Accepted,
    Rejected,
}

impl LineStatus {
    pub const ALL: [LineStatus; 5] = [
        LineStatus::Draft,
        LineStatus::Submitted,
        LineStatus::Returned,
        LineStatus::Accepted,
        LineStatus::Rejected,
    ];
    pub fn code(self) -> &'static str {
        match self {
            LineStatus::Draft => "draft",
            LineStatus::Submitted => "submitted",
            LineStatus::Returned => "returned",
            LineStatus::Accepted => "accepted",
            LineStatus::Rejected => "rejected",
        }
    }
    pub fn parse(code: &str) -> Option<LineStatus> {
        LineStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    /// The unit may change the line (its justification, report, documents) or remove it.
    pub fn editable(self) -> bool {
        matches!(self, LineStatus::Draft | LineStatus::Returned)
    }
    /// The Office may accept, reject or return the line.
    pub fn awaits_office(self) -> bool {
        self == LineStatus::Submitted
    }
    /// The Office gave a reason: the line was returned or rejected.
    pub fn has_reason(self) -> bool {
        matches!(self, LineStatus::Returned | LineStatus::Rejected)
    }
}

/// A proposal's status, read off its lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalStatus {
    Draft,
    Submitted,
    Returned,
    Accepted,
}

impl ProposalStatus {
    pub const ALL: [ProposalStatus; 4] = [
        ProposalStatus::Draft,
        ProposalStatus::Submitted,
        ProposalStatus::Returned,
        ProposalStatus::Accepted,
    ];
    pub fn code(self) -> &'static str {
        match self {
            ProposalStatus::Draft => "draft",
            ProposalStatus::Submitted => "submitted",
            ProposalStatus::Returned => "returned",
            ProposalStatus::Accepted => "accepted",
        }
    }
    pub fn parse(code: &str) -> Option<ProposalStatus> {
        ProposalStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The status of a proposal whose lines have `lines`: returned while any line waits for the unit
/// after a return; submitted while any waits for the Office; accepted once the Office decided every
/// line (at least one); a draft otherwise (nothing sent yet, or lines added since).
pub fn proposal_status(lines: &[LineStatus], ever_submitted: bool) -> ProposalStatus {
    if lines.contains(&LineStatus::Returned) {
        ProposalStatus::Returned
    } else if lines.contains(&LineStatus::Submitted) {
        ProposalStatus::Submitted
    } else if !lines.is_empty()
        && lines
            .iter()
            .all(|l| matches!(l, LineStatus::Accepted | LineStatus::Rejected))
    {
        ProposalStatus::Accepted
    } else if ever_submitted && lines.contains(&LineStatus::Draft) {
        // lines added after a submission wait for the next one
        ProposalStatus::Returned
    } else {
        ProposalStatus::Draft
    }
}

/// A vote as counted: in favour, against, abstaining (or, by secret ballot, blank and invalid).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Vote {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

impl Vote {
    /// The counts are possible with `present` voters: their sum is at most those present. Returns
    /// the message key of the error.
    pub fn check(&self, present: u32) -> Result<(), &'static str> {
        let sum = u64::from(self.yes) + u64::from(self.no) + u64::from(self.abstain);
        if sum > u64::from(present) {
            Err("review.err_votes_over")
        } else {
            Ok(())
        }
    }
    /// The share in favour of those present, in percent (rounded down); `None` with nobody present.
    pub fn percent_yes(&self, present: u32) -> Option<u32> {
        (present > 0).then(|| (u64::from(self.yes) * 100 / u64::from(present)) as u32)
    }
}

/// A line as one submission carried it (kept with the submission, compared with the next).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapLine {
    pub id: i64,
    /// the person's or the unit's name
    pub subject: String,
    pub title: String,
    pub justification: Option<String>,
    /// (document name, SHA-256)
    pub documents: Vec<(String, String)>,
    /// the achievement report's text as a digest (a change shows as "report edited")
    #[serde(default)]
    pub report: Option<String>,
}

/// What changed between two submissions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    LineAdded { subject: String, title: String },
    LineRemoved { subject: String, title: String },
    Justification { subject: String, title: String },
    Report { subject: String, title: String },
    DocumentAdded { subject: String, name: String },
    DocumentRemoved { subject: String, name: String },
}

/// The changes from submission `before` to `after`, line by line in `after`'s order (removed
/// lines last). A document replaced by one of the same name but other content is removed and added.
pub fn diff(before: &[SnapLine], after: &[SnapLine]) -> Vec<Change> {
    let mut out = Vec::new();
    for a in after {
        let Some(b) = before.iter().find(|b| b.id == a.id) else {
            out.push(Change::LineAdded {
                subject: a.subject.clone(),
                title: a.title.clone(),
            });
            continue;
        };
        if a.justification != b.justification {
            out.push(Change::Justification {
                subject: a.subject.clone(),
                title: a.title.clone(),
            });
        }
        if a.report != b.report {
            out.push(Change::Report {
                subject: a.subject.clone(),
                title: a.title.clone(),
            });
        }
        for d in &b.documents {
            if !a.documents.contains(d) {
                out.push(Change::DocumentRemoved {
                    subject: a.subject.clone(),
                    name: d.0.clone(),
                });
            }
        }
        for d in &a.documents {
            if !b.documents.contains(d) {
                out.push(Change::DocumentAdded {
                    subject: a.subject.clone(),
                    name: d.0.clone(),
                });
            }
        }
    }
    for b in before {
        if !after.iter().any(|a| a.id == b.id) {
            out.push(Change::LineRemoved {
                subject: b.subject.clone(),
                title: b.title.clone(),
            });
        }
    }
    out
}

/// The document kinds a dossier still lacks: `required` (the title's checklist) less those present.
/// The review's signed minutes count for every line of the unit; the report filled in the app
/// counts as the achievement report.
pub fn missing_documents<'a>(
    required: &'a [String],
    attached: &[String],
    minutes_signed: bool,
    (report_written, adhoc): (bool, bool),
) -> Vec<&'a str> {
    required
        .iter()
        .map(String::as_str)
        .filter(|k| match *k {
            "review_minutes" => !minutes_signed && !attached.iter().any(|a| a == k),
            "achievement_report" => !report_written && !attached.iter().any(|a| a == k),
            // an ad-hoc line's summary is made from its recorded achievement
            "achievement_summary" => !adhoc && !attached.iter().any(|a| a == k),
            _ => !attached.iter().any(|a| a == k),
        })
        .collect()
}

/// A submission on `on` is late when the proposal deadline has passed (the deadline day counts; a
/// deadline on a weekend or a day off moves to the next working day of the calendar).
pub fn late(cal: &Calendar, deadline: Option<NaiveDate>, on: NaiveDate) -> bool {
    deadline.is_some_and(|d| on > cal.add_working_days(d, 0))
}

/// How long something has waited since `since`, in working days, and whether that is more than
/// the `allowed` working days.
pub fn waited(cal: &Calendar, since: NaiveDate, today: NaiveDate, allowed: u32) -> (u32, bool) {
    let days = if today > since {
        cal.working_days_between(since, today)
    } else {
        0
    };
    (days, days > allowed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use LineStatus::*;

    #[test]
    fn a_proposal_reads_its_status_off_its_lines() {
        assert_eq!(proposal_status(&[], false), ProposalStatus::Draft);
        assert_eq!(
            proposal_status(&[Draft, Draft], false),
            ProposalStatus::Draft
        );
        assert_eq!(
            proposal_status(&[Submitted, Accepted], true),
            ProposalStatus::Submitted
        );
        assert_eq!(
            proposal_status(&[Submitted, Returned, Accepted], true),
            ProposalStatus::Returned,
            "one line returned: the unit has work to do"
        );
        assert_eq!(
            proposal_status(&[Accepted, Rejected], true),
            ProposalStatus::Accepted
        );
        assert_eq!(
            proposal_status(&[Accepted, Draft], true),
            ProposalStatus::Returned,
            "a line added after the submission waits for the next"
        );
        assert!(Returned.editable() && Draft.editable());
        assert!(!Submitted.editable() && !Accepted.editable() && !Rejected.editable());
        for s in LineStatus::ALL {
            assert_eq!(LineStatus::parse(s.code()), Some(s));
        }
        for s in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn votes_cannot_outnumber_those_present() {
        let v = Vote {
            yes: 7,
            no: 2,
            abstain: 1,
        };
        assert_eq!(v.check(10), Ok(()));
        assert_eq!(v.check(9), Err("review.err_votes_over"));
        assert_eq!(v.percent_yes(10), Some(70));
        assert_eq!(v.percent_yes(0), None);
        let huge = Vote {
            yes: u32::MAX,
            no: u32::MAX,
            abstain: 0,
        };
        assert!(huge.check(u32::MAX).is_err(), "no overflow");
    }

    fn line(id: i64, j: Option<&str>, docs: &[(&str, &str)]) -> SnapLine {
        SnapLine {
            id,
            subject: format!("P{id}"),
            title: "CSTDCS".into(),
            justification: j.map(String::from),
            documents: docs
                .iter()
                .map(|(n, h)| (n.to_string(), h.to_string()))
                .collect(),
            report: None,
        }
    }

    #[test]
    fn a_resubmission_shows_what_changed() {
        let before = vec![line(1, None, &[("a.pdf", "11")]), line(2, None, &[])];
        let mut l1 = line(1, Some("Lý do"), &[("a.pdf", "12"), ("b.pdf", "13")]);
        l1.report = Some("r".into());
        let after = vec![l1, line(3, None, &[])];
        assert_eq!(
            diff(&before, &after),
            vec![
                Change::Justification {
                    subject: "P1".into(),
                    title: "CSTDCS".into()
                },
                Change::Report {
                    subject: "P1".into(),
                    title: "CSTDCS".into()
                },
                Change::DocumentRemoved {
                    subject: "P1".into(),
                    name: "a.pdf".into()
                },
                Change::DocumentAdded {
                    subject: "P1".into(),
                    name: "a.pdf".into()
                },
                Change::DocumentAdded {
                    subject: "P1".into(),
                    name: "b.pdf".into()
                },
                Change::LineAdded {
                    subject: "P3".into(),
                    title: "CSTDCS".into()
                },
                Change::LineRemoved {
                    subject: "P2".into(),
                    title: "CSTDCS".into()
                },
            ]
        );
        assert!(diff(&after, &after).is_empty());
    }

    #[test]
    fn a_dossier_lists_what_it_lacks() {
        let req: Vec<String> = [
            "review_minutes",
            "achievement_report",
            "initiative_certificate",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            missing_documents(&req, &[], false, (false, false)),
            vec![
                "review_minutes",
                "achievement_report",
                "initiative_certificate"
            ]
        );
        assert_eq!(
            missing_documents(
                &req,
                &["initiative_certificate".into()],
                true,
                (true, false)
            ),
            Vec::<&str>::new()
        );
        assert_eq!(
            missing_documents(&req, &["achievement_report".into()], true, (false, false)),
            vec!["initiative_certificate"],
            "an uploaded report counts as well"
        );
        // an ad-hoc line's summary is made from its achievement; another line's is not
        let summary = vec!["achievement_summary".to_string()];
        assert!(missing_documents(&summary, &[], false, (false, true)).is_empty());
        assert_eq!(
            missing_documents(&summary, &[], false, (true, false)),
            vec!["achievement_summary"]
        );
    }

    #[test]
    fn lateness_and_waiting_count_working_days() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let cal = Calendar::new([]);
        assert!(
            !late(&cal, Some(d(12, 15)), d(12, 15)),
            "the deadline day counts"
        );
        assert!(late(&cal, Some(d(12, 15)), d(12, 16)));
        assert!(!late(&cal, None, d(12, 16)));
        // a deadline on Saturday 2026-12-12 moves to Monday 2026-12-14
        assert!(!late(&cal, Some(d(12, 12)), d(12, 14)));
        assert!(late(&cal, Some(d(12, 12)), d(12, 15)));
        // and past a day off
        let off = Calendar::new([(d(12, 14), crate::domain::workdays::DayKind::Holiday)]);
        assert!(!late(&off, Some(d(12, 12)), d(12, 15)));
        // Friday 2026-12-04 to Friday 2026-12-11: five working days
        assert_eq!(waited(&cal, d(12, 4), d(12, 11), 5), (5, false));
        assert_eq!(waited(&cal, d(12, 4), d(12, 14), 5), (6, true));
        assert_eq!(waited(&cal, d(12, 11), d(12, 4), 5), (0, false));
    }
}
