//! The facts the conditions read: a person's or a unit's ratings, initiatives, awards, discipline,
//! reviews, months worked and registration.

use super::vocab::{DisciplineLevel, InitiativeLevel, Rating};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// A title or commendation received in a year.
#[derive(Clone, Debug, PartialEq)]
pub struct Award {
    pub year: i32,
    pub title: String,
    pub decision: String,
    pub kind: AwardKind,
}

/// What an award was for: the annual merit cycle, a thematic campaign, an unexpected achievement,
/// or long service. Only annual awards are the basis of later annual awards (ND 98/2023 Art. 4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AwardKind {
    #[default]
    Annual,
    Thematic,
    Unexpected,
    LongService,
}

impl AwardKind {
    pub const ALL: [AwardKind; 4] = [
        AwardKind::Annual,
        AwardKind::Thematic,
        AwardKind::Unexpected,
        AwardKind::LongService,
    ];
    pub fn code(self) -> &'static str {
        match self {
            AwardKind::Annual => "annual",
            AwardKind::Thematic => "thematic",
            AwardKind::Unexpected => "unexpected",
            AwardKind::LongService => "long_service",
        }
    }
    pub fn parse(s: &str) -> Option<AwardKind> {
        AwardKind::ALL.into_iter().find(|k| k.code() == s.trim())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct InitiativeFact {
    pub title: String,
    pub level: InitiativeLevel,
    /// the year of the achievement it counts for (councils often recognise a year's initiatives in
    /// January of the next)
    pub year: i32,
    pub decided_on: NaiveDate,
    pub decision: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DisciplineFact {
    pub level: DisciplineLevel,
    pub decided_on: NaiveDate,
    pub until: Option<NaiveDate>,
    pub decision: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReviewFact {
    pub kind: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// an inspection that found signs of a violation (the other kinds block in any case)
    pub violation_signs: bool,
}

/// What the rules read about a person.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonFacts {
    pub ratings: BTreeMap<i32, Rating>,
    pub initiatives: Vec<InitiativeFact>,
    pub awards: Vec<Award>,
    pub disciplines: Vec<DisciplineFact>,
    pub reviews: Vec<ReviewFact>,
    /// months worked in the campaign year; `None` when unknown
    pub months_worked: Option<f64>,
    /// registered for the campaign (sent, not withdrawn), with the title aimed for
    pub registered: Option<String>,
    /// the unit directly under the issuer this person belongs to (0: the issuer itself), where
    /// unit-scoped quotas count
    pub group: i64,
    /// a woman (the tie-break between equal candidates)
    pub woman: bool,
}

/// What the rules read about a unit; its members are indices into the people evaluated with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitFacts {
    pub ratings: BTreeMap<i32, Rating>,
    pub awards: Vec<Award>,
    pub reviews: Vec<ReviewFact>,
    pub registered: Option<String>,
    pub members: Vec<usize>,
    /// as for people: the unit directly under the issuer (itself when it is one)
    pub group: i64,
    /// the share of women among its members, in percent (the tie-break between collectives)
    pub women_pct: u32,
    /// the emulation clusters and blocs it belongs to, with its rank of the year
    pub clusters: Vec<ClusterFact>,
}

/// A unit's place in an emulation cluster or bloc in the campaign's year.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClusterFact {
    pub name: String,
    pub members: usize,
    /// its rank in the year's ranking; `None` while the ranking is not entered
    pub rank: Option<u32>,
    /// it led the cluster that year (cụm trưởng, khối trưởng)
    pub leader: bool,
    /// the cluster's ranking of that year is entered (a member left out of it is not ranked)
    pub ranking_entered: bool,
}

/// Months worked in `year` for someone who started on `start` (whole year when they started before
/// it), in half months, rounded down.
pub fn months_from_start(start: Option<NaiveDate>, year: i32) -> Option<f64> {
    let start = start?;
    let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
    if start <= first {
        return Some(12.0);
    }
    if start > last {
        return Some(0.0);
    }
    let days = (last - start).num_days() + 1;
    let months = days as f64 * 12.0 / 365.0;
    Some((months * 2.0).floor() / 2.0)
}

/// Whether a discipline is in force at some time in `year` (decided then, or running until then).
pub fn in_force_during(d: &DisciplineFact, year: i32) -> bool {
    let decided = d.decided_on.year();
    decided <= year && year <= last_year(d)
}

/// The last year a discipline is in force (its decision's year when no end is recorded).
pub fn last_year(d: &DisciplineFact) -> i32 {
    let decided = d.decided_on.year();
    d.until.map(|u| u.year()).unwrap_or(decided).max(decided)
}
