//! Plain rows the database layer reads and the pages and exports show: a campaign's members and
//! initiatives, the registry's entries and its national-database rows, the people by gender and
//! category, and the texts of a report. Data only, so that `export/` takes plain data and `db/`
//! fills it.

use crate::domain::campaign::RegStatus;
use chrono::{DateTime, NaiveDate, Utc};

/// A person of a unit subtree and their registration (if any) for a campaign.
#[derive(Clone, Debug)]
pub struct MemberRow {
    pub person_id: i64,
    pub full_name: String,
    pub position: Option<String>,
    pub unit_id: i64,
    pub unit_name: String,
    pub reg_id: Option<i64>,
    pub status: Option<RegStatus>,
    pub title_code: Option<String>,
    pub title_vi: Option<String>,
    pub title_en: Option<String>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub late: Option<bool>,
    /// mean progress recorded on the commitments (mid-year review), percent
    pub progress: Option<i32>,
}

/// A registered initiative of a campaign, with its author, unit and co-authors.
#[derive(Clone, Debug)]
pub struct CampaignInitiative {
    pub id: i64,
    pub title: String,
    pub field: String,
    pub expected_benefit: String,
    pub author: String,
    pub unit_name: String,
    pub status: String,
    /// the level of its latest recognition, if any
    pub recognised: Option<String>,
    pub coauthors: Vec<String>,
}

/// A registry entry as the registry page lists it.
#[derive(Clone, Debug)]
pub struct Listed {
    pub id: i64,
    pub year: i32,
    pub person_id: Option<i64>,
    pub recipient: String,
    pub unit_name: String,
    pub title_code: String,
    pub title_name: String,
    pub kind: String,
    pub level: Option<String>,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    pub issuer: String,
    pub cash: Option<i64>,
    pub verification_code: Option<String>,
    /// "verified", "unchecked" (see `Verified`), or none for an award of no decision issued here
    pub signature_state: Option<String>,
}

/// A person's award as the national civil-service database records it: who (the civil-service
/// number, name, birth date, gender, unit, position) and the award (year, name, a title or a
/// commendation, level, kind, decision, issuer, cash).
#[derive(Clone, Debug)]
pub struct NationalRow {
    pub employee_code: Option<String>,
    pub full_name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: String,
    pub unit_name: String,
    pub position: Option<String>,
    pub year: i32,
    pub title_name: String,
    /// "title" (danh hiệu thi đua) or "commendation" (hình thức khen thưởng)
    pub form: String,
    pub level: Option<String>,
    pub kind: String,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    pub issuer: String,
    pub cash: Option<i64>,
}

/// People of one gender and employment category: how many (active, under the patterns), how many
/// sent a registration in the campaign, and their awards of the year.
#[derive(Clone, Debug)]
pub struct GroupStat {
    pub gender: String,
    pub category: String,
    pub people: i64,
    pub registered: i64,
    pub awarded: i64,
}

/// The parts of a report the Office writes (the figures and tables come from the data).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReportText {
    /// I. the movement's results
    pub results: String,
    /// III. shortcomings and their causes
    pub shortcomings: String,
    /// IV. direction for next year
    pub direction: String,
    /// the year's commendation budget line in đồng (the year-end report), if entered
    pub budget: Option<i64>,
}
