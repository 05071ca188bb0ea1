//! Registrations against awards: how far a person's registration for a title went, from the
//! conditions to the registry, and so where it stopped.

use super::eligibility::Tri;

/// Where a registration for a title stands at the year's end (the first that holds, in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reached {
    /// the registry holds the award of the campaign's year
    Awarded,
    /// the council voted on the line and it did not pass
    CouncilFailed,
    /// the council passed it; no award in the registry yet
    AwaitingDecision,
    /// the Office refused the line
    Rejected,
    /// the Office returned the line to the unit
    Returned,
    /// accepted by the Office, not yet voted on
    AwaitingCouncil,
    /// sent by the unit, not yet checked by the Office
    AwaitingOffice,
    /// in the unit's draft proposal
    UnitDraft,
    /// meets the conditions, but the unit did not propose it
    NotProposed,
    /// a condition is not met (the explanation names it)
    NotEligible,
    /// a condition cannot be decided from the facts held
    NeedsReview,
}

impl Reached {
    pub const ALL: [Reached; 11] = [
        Reached::Awarded,
        Reached::CouncilFailed,
        Reached::AwaitingDecision,
        Reached::Rejected,
        Reached::Returned,
        Reached::AwaitingCouncil,
        Reached::AwaitingOffice,
        Reached::UnitDraft,
        Reached::NotProposed,
        Reached::NotEligible,
        Reached::NeedsReview,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Reached::Awarded => "awarded",
            Reached::CouncilFailed => "council_failed",
            Reached::AwaitingDecision => "awaiting_decision",
            Reached::Rejected => "rejected",
            Reached::Returned => "returned",
            Reached::AwaitingCouncil => "awaiting_council",
            Reached::AwaitingOffice => "awaiting_office",
            Reached::UnitDraft => "unit_draft",
            Reached::NotProposed => "not_proposed",
            Reached::NotEligible => "not_eligible",
            Reached::NeedsReview => "needs_review",
        }
    }

    pub fn parse(code: &str) -> Option<Reached> {
        Reached::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Where a registration stands: the award first, then the council's result, then the line's
    /// status, and without a line the person's answer for the title.
    pub fn of(
        awarded: bool,
        line_status: Option<&str>,
        council: Option<&str>,
        eligibility: Tri,
    ) -> Reached {
        if awarded {
            return Reached::Awarded;
        }
        match council {
            Some("failed") => return Reached::CouncilFailed,
            Some("passed") => return Reached::AwaitingDecision,
            _ => {}
        }
        match line_status {
            Some("rejected") => Reached::Rejected,
            Some("returned") => Reached::Returned,
            Some("accepted") => Reached::AwaitingCouncil,
            Some("submitted") => Reached::AwaitingOffice,
            Some(_) => Reached::UnitDraft,
            None => match eligibility {
                Tri::Pass => Reached::NotProposed,
                Tri::Fail => Reached::NotEligible,
                Tri::Unknown => Reached::NeedsReview,
            },
        }
    }
}

/// Per title (in the order first met), how many registrations reached each point, in the order of
/// [`Reached::ALL`].
pub fn tally<'a>(
    rows: impl Iterator<Item = (&'a str, Reached)>,
) -> Vec<(&'a str, [usize; Reached::ALL.len()])> {
    let mut out: Vec<(&str, [usize; Reached::ALL.len()])> = Vec::new();
    for (title, r) in rows {
        let i = Reached::ALL.iter().position(|x| *x == r).unwrap_or(0);
        match out.iter_mut().find(|(t, _)| *t == title) {
            Some((_, n)) => n[i] += 1,
            None => {
                let mut n = [0; Reached::ALL.len()];
                n[i] = 1;
                out.push((title, n));
            }
        }
    }
    out
}

/// The Office's answers of one kind: how many, the mean wait in tenths of a working day, the
/// longest in working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waits {
    pub kind: String,
    pub count: usize,
    pub mean_tenths: u32,
    pub longest: u32,
}

/// Per kind of answer (returned, accepted, rejected, in that order; a kind with none is left
/// out), the waits (`(kind, working days)`) summed up.
pub fn wait_summary(waits: &[(String, u32)]) -> Vec<Waits> {
    ["returned", "accepted", "rejected"]
        .iter()
        .filter_map(|k| {
            let days: Vec<u32> = waits.iter().filter(|w| w.0 == *k).map(|w| w.1).collect();
            let n = days.len() as u32;
            (n > 0).then(|| Waits {
                kind: k.to_string(),
                count: days.len(),
                mean_tenths: (10 * days.iter().sum::<u32>() + n / 2) / n,
                longest: days.iter().copied().max().unwrap_or(0),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_award_comes_first_then_the_council_then_the_line_then_the_conditions() {
        use Reached::*;
        let cases = [
            (true, Some("accepted"), Some("failed"), Tri::Fail, Awarded),
            (
                false,
                Some("accepted"),
                Some("failed"),
                Tri::Pass,
                CouncilFailed,
            ),
            (
                false,
                Some("accepted"),
                Some("passed"),
                Tri::Pass,
                AwaitingDecision,
            ),
            (false, Some("rejected"), None, Tri::Pass, Rejected),
            (false, Some("returned"), None, Tri::Pass, Returned),
            (false, Some("accepted"), None, Tri::Fail, AwaitingCouncil),
            (false, Some("submitted"), None, Tri::Pass, AwaitingOffice),
            (false, Some("draft"), None, Tri::Pass, UnitDraft),
            (false, None, None, Tri::Pass, NotProposed),
            (false, None, None, Tri::Fail, NotEligible),
            (false, None, None, Tri::Unknown, NeedsReview),
        ];
        for (awarded, line, council, tri, want) in cases {
            assert_eq!(Reached::of(awarded, line, council, tri), want, "{want:?}");
            assert_eq!(Reached::parse(want.code()), Some(want));
        }
    }

    #[test]
    fn a_tally_counts_each_title_in_the_order_met() {
        let rows = vec![
            ("LDTT", Reached::Awarded),
            ("CSTDCS", Reached::NotEligible),
            ("LDTT", Reached::NotEligible),
            ("LDTT", Reached::Awarded),
        ];
        let t = tally(rows.into_iter());
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].0, t[0].1[0], t[0].1[9]), ("LDTT", 2, 1));
        assert_eq!((t[1].0, t[1].1[9]), ("CSTDCS", 1));
        assert_eq!(t.iter().flat_map(|x| x.1).sum::<usize>(), 4);
    }

    #[test]
    fn waits_are_summed_up_per_kind_in_order() {
        let w = |k: &str, d: u32| (k.to_string(), d);
        let s = wait_summary(&[
            w("accepted", 3),
            w("returned", 1),
            w("accepted", 4),
            w("returned", 6),
        ]);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (
                s[0].kind.as_str(),
                s[0].count,
                s[0].mean_tenths,
                s[0].longest
            ),
            ("returned", 2, 35, 6)
        );
        assert_eq!(
            (
                s[1].kind.as_str(),
                s[1].count,
                s[1].mean_tenths,
                s[1].longest
            ),
            ("accepted", 2, 35, 4)
        );
        assert!(wait_summary(&[]).is_empty());
    }
}
