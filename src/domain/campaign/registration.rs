//! Registrations: their statuses and the changes allowed between them, and the commitment and
//! initiative rows of the form.

use crate::domain::names::clean_text;

/// A registration's status (`registrations.status`; read from a row's JSON by its code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegStatus {
    Draft,
    Submitted,
    Returned,
    Confirmed,
    Withdrawn,
}

impl RegStatus {
    pub const ALL: [RegStatus; 5] = [
        RegStatus::Draft,
        RegStatus::Submitted,
        RegStatus::Returned,
        RegStatus::Confirmed,
        RegStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RegStatus::Draft => "draft",
            RegStatus::Submitted => "submitted",
            RegStatus::Returned => "returned",
            RegStatus::Confirmed => "confirmed",
            RegStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<RegStatus> {
        RegStatus::ALL.into_iter().find(|st| st.code() == s)
    }

    /// The owner may change the content (a confirmed registration is read-only until returned).
    pub fn editable_by_owner(self) -> bool {
        !matches!(self, RegStatus::Confirmed)
    }

    /// Counts as registered for coverage (it was sent to the unit head).
    pub fn is_registered(self) -> bool {
        matches!(
            self,
            RegStatus::Submitted | RegStatus::Returned | RegStatus::Confirmed
        )
    }
}

/// What someone does to a registration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegAction {
    SaveDraft,
    Submit,
    Withdraw,
    Confirm,
    Return,
}

/// The status after `action`, or the i18n key of why it is not allowed from `from`.
pub fn transition(from: Option<RegStatus>, action: RegAction) -> Result<RegStatus, &'static str> {
    use RegAction::*;
    use RegStatus::*;
    match (from, action) {
        // a new registration, or one not yet sent: a draft stays a draft; a sent one is amended
        (None | Some(Draft) | Some(Withdrawn), SaveDraft) => Ok(Draft),
        (Some(Submitted), SaveDraft) => Ok(Submitted),
        (Some(Returned), SaveDraft) => Ok(Returned),
        (None | Some(Draft) | Some(Withdrawn) | Some(Returned) | Some(Submitted), Submit) => {
            Ok(Submitted)
        }
        (Some(Draft) | Some(Submitted) | Some(Returned), Withdraw) => Ok(Withdrawn),
        (Some(Submitted), Confirm) => Ok(Confirmed),
        (Some(Submitted) | Some(Confirmed), Return) => Ok(Returned),
        (Some(Confirmed), SaveDraft | Submit | Withdraw) => Err("reg.err_confirmed"),
        _ => Err("reg.err_transition"),
    }
}

/// One commitment (chỉ tiêu) as typed: a target and how it is measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commitment {
    pub target: String,
    pub measure: String,
}

/// One initiative (sáng kiến) a person will work on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Initiative {
    pub title: String,
    pub field: String,
    pub expected_benefit: String,
    pub coauthors: Vec<i64>,
}

pub const MAX_COMMITMENTS: usize = 30;
pub const MAX_INITIATIVES: usize = 10;
const MAX_TEXT: usize = 1000;

/// Cleans the commitment rows of a form (parallel lists; blank rows dropped). Errors name the row:
/// ("commitment_1", key) for the first row, and so on.
pub fn parse_commitments(
    targets: &[String],
    measures: &[String],
) -> (Vec<Commitment>, Vec<(String, &'static str)>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let target = clean_text(target);
        let measure = clean_text(measures.get(i).map(String::as_str).unwrap_or(""));
        if target.is_empty() && measure.is_empty() {
            continue;
        }
        let field = format!("commitment_{}", i + 1);
        if target.is_empty() {
            errors.push((field, "reg.err_target_required"));
        } else if target.chars().count() > MAX_TEXT || measure.chars().count() > MAX_TEXT {
            errors.push((field, "reg.err_too_long"));
        } else {
            out.push(Commitment { target, measure });
        }
    }
    if out.len() > MAX_COMMITMENTS {
        errors.push(("commitments".into(), "reg.err_too_many"));
    }
    (out, errors)
}

/// Cleans the initiative rows; `coauthors[i]` is the comma-separated person ids of row i.
pub fn parse_initiatives(
    titles: &[String],
    fields: &[String],
    benefits: &[String],
    coauthors: &[String],
) -> (Vec<Initiative>, Vec<(String, &'static str)>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    let get = |v: &[String], i: usize| clean_text(v.get(i).map(String::as_str).unwrap_or(""));
    for i in 0..titles.len() {
        let title = get(titles, i);
        let field = get(fields, i);
        let benefit = get(benefits, i);
        let co_raw = coauthors.get(i).map(String::as_str).unwrap_or("");
        if title.is_empty() && field.is_empty() && benefit.is_empty() && co_raw.trim().is_empty() {
            continue;
        }
        let name = format!("initiative_{}", i + 1);
        let mut ids = Vec::new();
        let mut bad = false;
        for part in co_raw.split([',', ' ']).filter(|p| !p.is_empty()) {
            match part.parse::<i64>() {
                Ok(id) if id > 0 => {
                    if !ids.contains(&id) {
                        ids.push(id)
                    }
                }
                _ => bad = true,
            }
        }
        if title.is_empty() {
            errors.push((name, "reg.err_initiative_title"));
        } else if bad {
            errors.push((name, "reg.err_coauthors"));
        } else if [&title, &field, &benefit]
            .iter()
            .any(|t| t.chars().count() > MAX_TEXT)
        {
            errors.push((name, "reg.err_too_long"));
        } else {
            out.push(Initiative {
                title,
                field,
                expected_benefit: benefit,
                coauthors: ids,
            });
        }
    }
    if out.len() > MAX_INITIATIVES {
        errors.push(("initiatives".into(), "reg.err_too_many"));
    }
    (out, errors)
}
