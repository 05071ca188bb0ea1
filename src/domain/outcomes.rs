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
}
