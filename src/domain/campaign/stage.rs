//! A campaign's stage and dates: where it stands on a day, the order of its dates, and the last day
//! a person or a unit may register.

use crate::domain::dates::{parse_date, parse_opt_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Where a campaign stands. The order is the order of the cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Draft,
    Published,
    RegistrationOpen,
    InProgress,
    YearEndReview,
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Draft,
        Stage::Published,
        Stage::RegistrationOpen,
        Stage::InProgress,
        Stage::YearEndReview,
        Stage::Closed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Published => "published",
            Stage::RegistrationOpen => "registration_open",
            Stage::InProgress => "in_progress",
            Stage::YearEndReview => "year_end_review",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.code() == s)
    }

    pub fn next(self) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| *s > self)
    }
}

/// The dates of a campaign's cycle (all optional while drafting).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    pub registration_opens: Option<NaiveDate>,
    pub registration_closes: Option<NaiveDate>,
    pub midyear_review: Option<NaiveDate>,
    pub proposal_deadline: Option<NaiveDate>,
    pub council_meeting: Option<NaiveDate>,
    pub decision_date: Option<NaiveDate>,
}

impl Timeline {
    /// The stage the dates alone give to a published campaign on `today`.
    pub fn stage_on(&self, today: NaiveDate) -> Stage {
        if self.proposal_deadline.is_some_and(|d| today >= d) {
            Stage::YearEndReview
        } else if self.registration_closes.is_some_and(|d| today > d) {
            Stage::InProgress
        } else if self.registration_opens.is_some_and(|d| today >= d) {
            Stage::RegistrationOpen
        } else {
            Stage::Published
        }
    }

    /// Dates that are out of order, as (field, i18n key) errors.
    pub fn check_order(&self) -> Vec<(&'static str, &'static str)> {
        let seq = [
            ("registration_opens", self.registration_opens),
            ("registration_closes", self.registration_closes),
            ("midyear_review", self.midyear_review),
            ("proposal_deadline", self.proposal_deadline),
            ("council_meeting", self.council_meeting),
            ("decision_date", self.decision_date),
        ];
        let mut errors = Vec::new();
        let mut last: Option<NaiveDate> = None;
        for (field, d) in seq {
            if let Some(d) = d {
                if last.is_some_and(|l| d < l) {
                    errors.push((field, "err.timeline_order"));
                }
                last = Some(d);
            }
        }
        errors
    }
}

/// The stage shown: a draft stays a draft; otherwise the later of the stage set by hand and the one the
/// dates give (so the Office can move a campaign on early, and dates move it on by themselves).
pub fn effective_stage(manual: Stage, timeline: &Timeline, today: NaiveDate) -> Stage {
    if manual == Stage::Draft {
        Stage::Draft
    } else {
        manual.max(timeline.stage_on(today))
    }
}

/// The last day a person (or a unit) may submit: the campaign's closing date, or a later reopening
/// granted to them or to a unit above them. `None` when the campaign sets no closing date.
pub fn deadline_for(closes: Option<NaiveDate>, reopenings: &[NaiveDate]) -> Option<NaiveDate> {
    let latest = reopenings.iter().max().copied();
    match (closes, latest) {
        (Some(c), Some(r)) => Some(c.max(r)),
        (c, None) => c,
        (None, Some(_)) => None,
    }
}

/// Why a submission is refused on `today`, as an i18n key; `None` when it is allowed.
pub fn submission_refusal(
    stage: Stage,
    opens: Option<NaiveDate>,
    deadline: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<&'static str> {
    if stage == Stage::Draft {
        return Some("reg.err_not_published");
    }
    if stage == Stage::Closed {
        return Some("reg.err_closed");
    }
    if opens.is_some_and(|o| today < o) {
        return Some("reg.err_not_open");
    }
    if deadline.is_some_and(|d| today > d) {
        return Some("reg.err_deadline");
    }
    None
}

/// The plan's dates as typed (dd/mm/yyyy).
pub struct TimelineText<'a> {
    pub registration_opens: &'a str,
    pub registration_closes: &'a str,
    pub midyear_review: &'a str,
    pub proposal_deadline: &'a str,
    pub council_meeting: &'a str,
    pub decision_date: &'a str,
}

pub fn parse_timeline(t: &TimelineText) -> Result<Timeline, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let mut get = |field: &'static str, s: &str| match parse_opt_date(s) {
        Ok(d) => d,
        Err(e) => {
            errors.push((field, e));
            None
        }
    };
    let tl = Timeline {
        registration_opens: get("registration_opens", t.registration_opens),
        registration_closes: get("registration_closes", t.registration_closes),
        midyear_review: get("midyear_review", t.midyear_review),
        proposal_deadline: get("proposal_deadline", t.proposal_deadline),
        council_meeting: get("council_meeting", t.council_meeting),
        decision_date: get("decision_date", t.decision_date),
    };
    errors.extend(tl.check_order());
    if errors.is_empty() {
        Ok(tl)
    } else {
        Err(errors)
    }
}

/// A required date ("dd/mm/yyyy").
pub fn required_date(s: &str) -> Result<NaiveDate, &'static str> {
    parse_date(s)
}
