//! A campaign as the phases of the year's cycle (issue 30, 2): the plan, registration, carrying out
//! (with the mid-year review), the units' year-end reviews, the proposals, the council, the public
//! notice, the decisions, and the year's review. Which phase is current is read off the plan's dates
//! and what has happened (a unit reviewed, a meeting held, a decision issued), so that a late
//! council or an early decision shows as it is, not as the plan hoped.

use super::Timeline;
use chrono::NaiveDate;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Plan,
    Registration,
    Midyear,
    YearEnd,
    Proposals,
    Council,
    Notice,
    Decisions,
    Review,
}

impl Phase {
    pub const ALL: [Phase; 9] = [
        Phase::Plan,
        Phase::Registration,
        Phase::Midyear,
        Phase::YearEnd,
        Phase::Proposals,
        Phase::Council,
        Phase::Notice,
        Phase::Decisions,
        Phase::Review,
    ];

    /// Its code in the interface's texts (`phase.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Phase::Plan => "plan",
            Phase::Registration => "registration",
            Phase::Midyear => "midyear",
            Phase::YearEnd => "year_end",
            Phase::Proposals => "proposals",
            Phase::Council => "council",
            Phase::Notice => "notice",
            Phase::Decisions => "decisions",
            Phase::Review => "review",
        }
    }

    /// The plan's dates the phase runs between (either may be unknown).
    pub fn dates(self, t: &Timeline) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match self {
            Phase::Plan => (None, None),
            Phase::Registration => (t.registration_opens, t.registration_closes),
            Phase::Midyear => (t.registration_closes, t.midyear_review),
            Phase::YearEnd => (None, t.proposal_deadline),
            Phase::Proposals => (None, t.proposal_deadline),
            Phase::Council => (t.council_meeting, t.council_meeting),
            Phase::Notice => (t.council_meeting, None),
            Phase::Decisions => (None, t.decision_date),
            Phase::Review => (t.decision_date, None),
        }
    }
}

/// What has happened in a campaign, as far as its phases go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub published: bool,
    pub closed: bool,
    /// units that held their year-end review
    pub reviews_held: i64,
    /// proposals sent to the Office (at least once)
    pub proposals_sent: i64,
    /// council meetings called (any status)
    pub meetings: i64,
    /// lists posted for public notice
    pub notices: i64,
    /// award decisions drafted, and those issued
    pub decisions: i64,
    pub decisions_issued: i64,
}

/// How a phase stands: over, the current one, or ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhaseState {
    Done,
    /// over by the dates and what happened, but the viewer still has work in it
    Behind,
    Current,
    Ahead,
}

impl PhaseState {
    pub fn code(self) -> &'static str {
        match self {
            PhaseState::Done => "done",
            PhaseState::Behind => "behind",
            PhaseState::Current => "current",
            PhaseState::Ahead => "ahead",
        }
    }
}

/// The current phase on `today`: the furthest one that what happened or the plan's dates have
/// reached. A closed campaign is in its review, done.
pub fn current(t: &Timeline, p: &Progress, today: NaiveDate, lead_days: u64) -> Phase {
    let reached = |d: Option<NaiveDate>| d.is_some_and(|d| today >= d);
    let near = |d: Option<NaiveDate>| {
        d.and_then(|d| d.checked_sub_days(chrono::Days::new(lead_days)))
            .is_some_and(|d| today >= d)
    };
    if !p.published {
        Phase::Plan
    } else if p.closed || (p.decisions_issued > 0 && reached(t.decision_date)) {
        Phase::Review
    } else if p.decisions > 0 {
        Phase::Decisions
    } else if p.notices > 0 {
        Phase::Notice
    } else if p.meetings > 0 {
        Phase::Council
    } else if p.proposals_sent > 0 || reached(t.proposal_deadline) {
        Phase::Proposals
    } else if p.reviews_held > 0 || near(t.proposal_deadline) {
        Phase::YearEnd
    } else if t.registration_closes.is_some_and(|d| today > d) {
        Phase::Midyear
    } else {
        Phase::Registration
    }
}

/// Each phase with how it stands, given the current one (a closed campaign: every phase done).
pub fn states(current: Phase, closed: bool) -> Vec<(Phase, PhaseState)> {
    Phase::ALL
        .into_iter()
        .map(|ph| {
            let st = if closed || ph < current {
                PhaseState::Done
            } else if ph == current {
                PhaseState::Current
            } else {
                PhaseState::Ahead
            };
            (ph, st)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn timeline() -> Timeline {
        Timeline {
            registration_opens: Some(d(1, 15)),
            registration_closes: Some(d(3, 15)),
            midyear_review: Some(d(6, 30)),
            proposal_deadline: Some(d(11, 30)),
            council_meeting: Some(d(12, 10)),
            decision_date: Some(d(12, 25)),
        }
    }

    fn published() -> Progress {
        Progress {
            published: true,
            ..Default::default()
        }
    }

    #[test]
    fn the_dates_lead_until_something_happens() {
        let t = timeline();
        assert_eq!(current(&t, &Progress::default(), d(2, 1), 30), Phase::Plan);
        assert_eq!(current(&t, &published(), d(1, 2), 30), Phase::Registration);
        assert_eq!(current(&t, &published(), d(3, 15), 30), Phase::Registration);
        assert_eq!(current(&t, &published(), d(3, 16), 30), Phase::Midyear);
        // the year end begins 30 days before the proposal deadline
        assert_eq!(current(&t, &published(), d(10, 30), 30), Phase::Midyear);
        assert_eq!(current(&t, &published(), d(10, 31), 30), Phase::YearEnd);
        assert_eq!(current(&t, &published(), d(11, 30), 30), Phase::Proposals);
    }

    #[test]
    fn what_happened_moves_the_phase_on() {
        let t = timeline();
        let mut p = published();
        p.reviews_held = 1;
        assert_eq!(current(&t, &p, d(9, 1), 30), Phase::YearEnd);
        p.proposals_sent = 1;
        assert_eq!(current(&t, &p, d(9, 1), 30), Phase::Proposals);
        p.meetings = 1;
        assert_eq!(current(&t, &p, d(9, 1), 30), Phase::Council);
        p.notices = 1;
        assert_eq!(current(&t, &p, d(9, 1), 30), Phase::Notice);
        p.decisions = 1;
        assert_eq!(current(&t, &p, d(12, 26), 30), Phase::Decisions);
        // issued, and the decision date passed: the year's review
        p.decisions_issued = 1;
        assert_eq!(current(&t, &p, d(12, 24), 30), Phase::Decisions);
        assert_eq!(current(&t, &p, d(12, 25), 30), Phase::Review);
        p.closed = true;
        assert_eq!(current(&t, &p, d(12, 1), 30), Phase::Review);
    }

    #[test]
    fn phases_before_the_current_are_done_and_after_it_ahead() {
        let s = states(Phase::Council, false);
        assert_eq!(s.len(), 9);
        assert_eq!(s[4], (Phase::Proposals, PhaseState::Done));
        assert_eq!(s[5], (Phase::Council, PhaseState::Current));
        assert_eq!(s[6], (Phase::Notice, PhaseState::Ahead));
        assert!(
            states(Phase::Review, true)
                .iter()
                .all(|(_, st)| *st == PhaseState::Done)
        );
    }
}
