//! Registrations: a staff member's own (title, commitments, initiatives; save, submit, withdraw,
//! mid-year progress), the unit head's review (confirm, return) and the unit's collective
//! registration, the Office's reopenings.
//!
//! mine.rs: a person's own registration (the form, saving and sending, withdrawing, mid-year
//! progress); review.rs: a unit head's review and the Office's reopening of the deadline.

pub mod collective;
pub mod fact_imports;
pub mod initiatives;
mod mine;
pub mod ratings;
pub mod records;
mod review;

pub use mine::*;
pub use review::*;

use crate::auth::CurrentUser;
use crate::db::campaigns::CampaignRow;
use crate::db::registrations::{CommitmentRow, InitiativeRow, RegRow};
use crate::db::{self};
use crate::domain::campaign::{self};
use crate::domain::dates::today_vn;
use crate::domain::names::{clean_text, fold};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::NaiveDate;
use serde::Deserialize;

/// The registration form as typed: parallel lists for the rows.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RegForm {
    #[serde(default)]
    pub title_id: String,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(default)]
    pub measure: Vec<String>,
    #[serde(default)]
    pub ini_title: Vec<String>,
    #[serde(default)]
    pub ini_field: Vec<String>,
    #[serde(default)]
    pub ini_benefit: Vec<String>,
    /// co-authors by name, separated by ";" ("Trần Thị Bình; Lê Văn Cường (VP)")
    #[serde(default)]
    pub ini_coauthors: Vec<String>,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub version: i32,
}

impl RegForm {
    fn from_saved(
        reg: Option<&RegRow>,
        commitments: &[CommitmentRow],
        initiatives: &[InitiativeRow],
    ) -> RegForm {
        RegForm {
            title_id: reg
                .and_then(|r| r.title_id)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            target: commitments.iter().map(|c| c.target.clone()).collect(),
            measure: commitments.iter().map(|c| c.measure.clone()).collect(),
            ini_title: initiatives.iter().map(|i| i.title.clone()).collect(),
            ini_field: initiatives.iter().map(|i| i.field.clone()).collect(),
            ini_benefit: initiatives
                .iter()
                .map(|i| i.expected_benefit.clone())
                .collect(),
            ini_coauthors: initiatives
                .iter()
                .map(|i| {
                    i.coauthors
                        .iter()
                        .map(|c| c.1.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .collect(),
            action: String::new(),
            version: reg.map(|r| r.version).unwrap_or(0),
        }
    }
}

/// Where the deadline stands for one person (or unit).
pub struct DeadlineInfo {
    pub deadline: Option<NaiveDate>,
    pub reopened: bool,
    pub refusal: Option<&'static str>,
    pub days_left: Option<i64>,
}

pub async fn deadline_info(
    state: &AppState,
    c: &CampaignRow,
    person_id: Option<i64>,
    unit_path: &str,
) -> AppResult<DeadlineInfo> {
    let reopenings =
        db::registrations::reopenings_for(&state.db, c.id, person_id, unit_path).await?;
    Ok(deadline_of(c, &reopenings))
}

/// [`deadline_info`] with the reopenings already read.
pub fn deadline_of(c: &CampaignRow, reopenings: &[NaiveDate]) -> DeadlineInfo {
    let closes = c.plan.timeline.registration_closes;
    let deadline = campaign::deadline_for(closes, reopenings);
    let today = today_vn();
    DeadlineInfo {
        reopened: deadline != closes,
        refusal: campaign::submission_refusal(
            c.stage_on(today),
            c.plan.timeline.registration_opens,
            deadline,
            today,
        ),
        days_left: deadline.map(|d| (d - today).num_days()),
        deadline,
    }
}

/// At most this many names in one cell of co-authors or authors.
pub const MAX_NAMES_PER_CELL: usize = 20;

/// Resolves names ("Trần Thị Bình; Lê Văn Cường (VP)") among the active people under
/// `issuer_path`, one cell per row, through the directory's name index: the ids (comma-separated)
/// per row, and the rows with a name that matches nobody or several people, or `exclude` (the user
/// naming themself a co-author), or more than [`MAX_NAMES_PER_CELL`] names.
pub async fn resolve_names(
    state: &AppState,
    user: &CurrentUser,
    issuer_path: &str,
    raw: &[String],
    exclude: Option<i64>,
) -> AppResult<(Vec<String>, Vec<usize>)> {
    let dir = state
        .caches
        .directory
        .snapshot(
            &state.db,
            user.seen.get(crate::db::versioned::Version::People),
        )
        .await?;
    let mut out = Vec::new();
    let mut bad_rows = Vec::new();
    for (i, cell) in raw.iter().enumerate() {
        let parts: Vec<&str> = cell
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > MAX_NAMES_PER_CELL {
            bad_rows.push(i);
            out.push(String::new());
            continue;
        }
        let mut ids = Vec::new();
        for part in parts {
            let (name, code) = match part.rsplit_once('(') {
                Some((n, c)) if c.ends_with(')') => {
                    (n.trim(), Some(c.trim_end_matches(')').trim()))
                }
                _ => (part, None),
            };
            let want = fold(&clean_text(name));
            let found: Vec<i64> = dir
                .named(&want)
                .filter(|e| e.active)
                .filter(|e| {
                    let u = dir.unit_of(e);
                    u.path.starts_with(issuer_path)
                        && code.is_none_or(|c| u.code.eq_ignore_ascii_case(c))
                })
                .take(2)
                .map(|e| e.id)
                .collect();
            match found.as_slice() {
                [id] if Some(*id) != exclude => ids.push(id.to_string()),
                _ => {
                    bad_rows.push(i);
                    break;
                }
            }
        }
        out.push(ids.join(","));
    }
    Ok((out, bad_rows))
}
