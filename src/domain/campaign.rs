//! Campaigns (the Director's emulation plan) and registrations: stages, deadlines, status changes and
//! form validation. Pure: no web framework, no database.

use crate::domain::dates::{parse_date, parse_opt_date};
use crate::domain::names::{clean_text, nfc};
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

/// A registration's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
            errors.push((field, "err.too_long"));
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
            errors.push((name, "err.too_long"));
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

/// A criterion of the plan (tiêu chí), with the maximum score it may carry in later scoring.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub body: String,
    pub max_score: Option<f64>,
}

/// A responsibility (tổ chức thực hiện) of one addressee: a heading and its rich-text duties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    pub addressee: String,
    pub body: String,
}

/// The whole text of a plan: what is drafted, published, amended and rendered as the document.
/// Rich-text fields hold the markup of [`crate::domain::richtext`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub kind: String,
    pub year: i32,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub doc_number: String,
    pub doc_code: String,
    pub parent_body: String,
    pub issuer_name: String,
    pub place: String,
    pub doc_date: Option<NaiveDate>,
    pub title: String,
    pub legal_bases: String,
    pub introduction: String,
    pub theme: String,
    pub content: Vec<String>,
    pub criteria_collective: Vec<Criterion>,
    pub criteria_individual: Vec<Criterion>,
    pub responsibilities: Vec<Responsibility>,
    pub closing: String,
    pub recipients: String,
    pub signer_title: String,
    pub signer_name: String,
    pub timeline: Timeline,
}

impl Plan {
    /// "05/KH-STNMT", or "/KH-STNMT" while the number is not yet given.
    pub fn number_code(&self) -> String {
        format!("{}/{}", self.doc_number, self.doc_code)
    }
    pub fn recipient_lines(&self) -> Vec<&str> {
        lines(&self.recipients)
    }
    pub fn signer_lines(&self) -> Vec<&str> {
        lines(&self.signer_title)
    }
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// The plan form as typed. Repeated rows arrive as parallel lists.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    pub issuer_unit_id: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub doc_number: String,
    #[serde(default)]
    pub doc_code: String,
    #[serde(default)]
    pub parent_body: String,
    #[serde(default)]
    pub issuer_name: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub doc_date: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub legal_bases: String,
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub content: Vec<String>,
    #[serde(default)]
    pub cc_body: Vec<String>,
    #[serde(default)]
    pub cc_score: Vec<String>,
    #[serde(default)]
    pub ci_body: Vec<String>,
    #[serde(default)]
    pub ci_score: Vec<String>,
    #[serde(default)]
    pub resp_addressee: Vec<String>,
    #[serde(default)]
    pub resp_body: Vec<String>,
    #[serde(default)]
    pub closing: String,
    #[serde(default)]
    pub recipients: String,
    #[serde(default)]
    pub signer_title: String,
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub registration_opens: String,
    #[serde(default)]
    pub registration_closes: String,
    #[serde(default)]
    pub midyear_review: String,
    #[serde(default)]
    pub proposal_deadline: String,
    #[serde(default)]
    pub council_meeting: String,
    #[serde(default)]
    pub decision_date: String,
    /// why a published plan is amended (required then)
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub version: i32,
}

const MAX_RICH: usize = 20_000;

/// Multi-line text: NFC, each line trimmed, no trailing blank lines.
fn clean_block(s: &str) -> String {
    nfc(s)
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn criteria(
    bodies: &[String],
    scores: &[String],
    field: &'static str,
    errors: &mut Vec<(&'static str, &'static str)>,
) -> Vec<Criterion> {
    let mut out = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        let body = clean_block(b);
        let score = scores.get(i).map(|s| s.trim()).unwrap_or("");
        if body.is_empty() && score.is_empty() {
            continue;
        }
        let max_score = if score.is_empty() {
            None
        } else {
            match score.replace(',', ".").parse::<f64>() {
                Ok(v) if v > 0.0 && v < 10_000.0 => Some(v),
                _ => {
                    errors.push((field, "plan.err_score"));
                    None
                }
            }
        };
        if body.is_empty() {
            errors.push((field, "plan.err_criterion_text"));
            continue;
        }
        out.push(Criterion { body, max_score });
    }
    out
}

impl PlanForm {
    /// The plan, or the errors by field. A published plan's amendment needs a reason.
    pub fn validate(&self, amending: bool) -> Result<Plan, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let kind = match self.kind.as_str() {
            k @ ("annual" | "thematic") => k.to_string(),
            _ => {
                errors.push(("kind", "err.choose"));
                String::new()
            }
        };
        let year = match self.year.trim().parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                errors.push(("year", "plan.err_year"));
                0
            }
        };
        let mut date = |field: &'static str, s: &str| match parse_opt_date(s) {
            Ok(d) => d,
            Err(e) => {
                errors.push((field, e));
                None
            }
        };
        let starts_on = date("starts_on", &self.starts_on);
        let ends_on = date("ends_on", &self.ends_on);
        let doc_date = date("doc_date", &self.doc_date);
        if kind == "thematic" && (starts_on.is_none() || ends_on.is_none()) {
            errors.push(("starts_on", "plan.err_thematic_dates"));
        }
        if let (Some(a), Some(b)) = (starts_on, ends_on)
            && b < a
        {
            errors.push(("ends_on", "err.timeline_order"));
        }
        let doc_number = clean_text(&self.doc_number);
        if doc_number.chars().count() > 20 {
            errors.push(("doc_number", "err.too_long"));
        }
        let doc_code = clean_text(&self.doc_code);
        if doc_code.is_empty() {
            errors.push(("doc_code", "err.required"));
        } else if doc_code.chars().count() > 40 {
            errors.push(("doc_code", "err.too_long"));
        }
        let title = clean_text(&self.title);
        if title.is_empty() {
            errors.push(("title", "err.required"));
        } else if title.chars().count() > 500 {
            errors.push(("title", "err.too_long"));
        }
        let issuer_name = clean_text(&self.issuer_name);
        if issuer_name.is_empty() {
            errors.push(("issuer_name", "err.required"));
        }
        let place = clean_text(&self.place);
        if place.is_empty() {
            errors.push(("place", "err.required"));
        }
        let mut rich = |field: &'static str, s: &str| {
            let v = clean_block(s);
            if v.chars().count() > MAX_RICH {
                errors.push((field, "err.too_long"));
            }
            v
        };
        let legal_bases = rich("legal_bases", &self.legal_bases);
        let introduction = rich("introduction", &self.introduction);
        let closing = rich("closing", &self.closing);
        let recipients = rich("recipients", &self.recipients);
        let signer_title = rich("signer_title", &self.signer_title);
        let content: Vec<String> = self
            .content
            .iter()
            .map(|c| clean_block(c))
            .filter(|c| !c.is_empty())
            .collect();
        let criteria_collective = criteria(
            &self.cc_body,
            &self.cc_score,
            "criteria_collective",
            &mut errors,
        );
        let criteria_individual = criteria(
            &self.ci_body,
            &self.ci_score,
            "criteria_individual",
            &mut errors,
        );
        let mut responsibilities = Vec::new();
        for (i, a) in self.resp_addressee.iter().enumerate() {
            let addressee = clean_text(a);
            let body = clean_block(self.resp_body.get(i).map(String::as_str).unwrap_or(""));
            if addressee.is_empty() && body.is_empty() {
                continue;
            }
            if addressee.is_empty() {
                errors.push(("responsibilities", "plan.err_addressee"));
                continue;
            }
            responsibilities.push(Responsibility { addressee, body });
        }
        if signer_title.is_empty() {
            errors.push(("signer_title", "err.required"));
        }
        let timeline = match parse_timeline(&TimelineText {
            registration_opens: &self.registration_opens,
            registration_closes: &self.registration_closes,
            midyear_review: &self.midyear_review,
            proposal_deadline: &self.proposal_deadline,
            council_meeting: &self.council_meeting,
            decision_date: &self.decision_date,
        }) {
            Ok(t) => t,
            Err(e) => {
                errors.extend(e);
                Timeline::default()
            }
        };
        if amending && clean_text(&self.reason).is_empty() {
            errors.push(("reason", "plan.err_reason"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Plan {
            kind,
            year,
            starts_on,
            ends_on,
            doc_number,
            doc_code,
            parent_body: clean_text(&self.parent_body),
            issuer_name,
            place,
            doc_date,
            title,
            legal_bases,
            introduction,
            theme: clean_text(&self.theme),
            content,
            criteria_collective,
            criteria_individual,
            responsibilities,
            closing,
            recipients,
            signer_title,
            signer_name: clean_text(&self.signer_name),
            timeline,
        })
    }

    /// The form filled from a plan (to edit it).
    pub fn from_plan(p: &Plan, issuer_unit_id: i64, version: i32) -> PlanForm {
        let fmt = crate::domain::dates::fmt_opt_date;
        let score = |c: &Criterion| c.max_score.map(|s| s.to_string()).unwrap_or_default();
        PlanForm {
            issuer_unit_id: issuer_unit_id.to_string(),
            kind: p.kind.clone(),
            year: p.year.to_string(),
            starts_on: fmt(p.starts_on),
            ends_on: fmt(p.ends_on),
            doc_number: p.doc_number.clone(),
            doc_code: p.doc_code.clone(),
            parent_body: p.parent_body.clone(),
            issuer_name: p.issuer_name.clone(),
            place: p.place.clone(),
            doc_date: fmt(p.doc_date),
            title: p.title.clone(),
            legal_bases: p.legal_bases.clone(),
            introduction: p.introduction.clone(),
            theme: p.theme.clone(),
            content: p.content.clone(),
            cc_body: p
                .criteria_collective
                .iter()
                .map(|c| c.body.clone())
                .collect(),
            cc_score: p.criteria_collective.iter().map(score).collect(),
            ci_body: p
                .criteria_individual
                .iter()
                .map(|c| c.body.clone())
                .collect(),
            ci_score: p.criteria_individual.iter().map(score).collect(),
            resp_addressee: p
                .responsibilities
                .iter()
                .map(|r| r.addressee.clone())
                .collect(),
            resp_body: p.responsibilities.iter().map(|r| r.body.clone()).collect(),
            closing: p.closing.clone(),
            recipients: p.recipients.clone(),
            signer_title: p.signer_title.clone(),
            signer_name: p.signer_name.clone(),
            registration_opens: fmt(p.timeline.registration_opens),
            registration_closes: fmt(p.timeline.registration_closes),
            midyear_review: fmt(p.timeline.midyear_review),
            proposal_deadline: fmt(p.timeline.proposal_deadline),
            council_meeting: fmt(p.timeline.council_meeting),
            decision_date: fmt(p.timeline.decision_date),
            reason: String::new(),
            version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn timeline() -> Timeline {
        Timeline {
            registration_opens: Some(d(2022, 1, 10)),
            registration_closes: Some(d(2022, 2, 28)),
            midyear_review: Some(d(2022, 7, 15)),
            proposal_deadline: Some(d(2022, 11, 30)),
            council_meeting: Some(d(2022, 12, 15)),
            decision_date: Some(d(2022, 12, 31)),
        }
    }

    #[test]
    fn stage_follows_the_dates_and_the_hand() {
        let t = timeline();
        let cases = [
            (Stage::Draft, d(2022, 3, 1), Stage::Draft),
            (Stage::Published, d(2022, 1, 9), Stage::Published),
            (Stage::Published, d(2022, 1, 10), Stage::RegistrationOpen),
            (Stage::Published, d(2022, 2, 28), Stage::RegistrationOpen),
            (Stage::Published, d(2022, 3, 1), Stage::InProgress),
            (Stage::Published, d(2022, 11, 30), Stage::YearEndReview),
            // moved on by hand before the dates
            (Stage::InProgress, d(2022, 1, 9), Stage::InProgress),
            (Stage::Closed, d(2022, 3, 1), Stage::Closed),
        ];
        for (manual, today, want) in cases {
            assert_eq!(
                effective_stage(manual, &t, today),
                want,
                "{manual:?} on {today}"
            );
        }
        // no dates: only the hand moves it
        assert_eq!(
            effective_stage(Stage::Published, &Timeline::default(), d(2030, 1, 1)),
            Stage::Published
        );
    }

    #[test]
    fn deadlines_and_reopenings() {
        let closes = Some(d(2022, 2, 28));
        assert_eq!(deadline_for(closes, &[]), closes);
        assert_eq!(
            deadline_for(closes, &[d(2022, 3, 10), d(2022, 3, 5)]),
            Some(d(2022, 3, 10))
        );
        // an older reopening never shortens the deadline
        assert_eq!(deadline_for(closes, &[d(2022, 2, 1)]), closes);
        let open = Stage::RegistrationOpen;
        let opens = Some(d(2022, 1, 10));
        assert_eq!(
            submission_refusal(open, opens, closes, d(2022, 2, 28)),
            None
        );
        assert_eq!(
            submission_refusal(open, opens, closes, d(2022, 3, 1)),
            Some("reg.err_deadline")
        );
        assert_eq!(
            submission_refusal(open, opens, closes, d(2022, 1, 9)),
            Some("reg.err_not_open")
        );
        assert_eq!(
            submission_refusal(Stage::Draft, opens, closes, d(2022, 2, 1)),
            Some("reg.err_not_published")
        );
        assert_eq!(
            submission_refusal(Stage::Closed, opens, closes, d(2022, 2, 1)),
            Some("reg.err_closed")
        );
        // reopened until 10/3: allowed on 5/3
        let dl = deadline_for(closes, &[d(2022, 3, 10)]);
        assert_eq!(submission_refusal(open, opens, dl, d(2022, 3, 5)), None);
    }

    #[test]
    fn registration_status_changes() {
        use RegAction::*;
        use RegStatus::*;
        assert_eq!(transition(None, SaveDraft), Ok(Draft));
        assert_eq!(transition(None, Submit), Ok(Submitted));
        assert_eq!(transition(Some(Submitted), SaveDraft), Ok(Submitted));
        assert_eq!(transition(Some(Submitted), Confirm), Ok(Confirmed));
        assert_eq!(transition(Some(Submitted), Return), Ok(Returned));
        assert_eq!(transition(Some(Returned), Submit), Ok(Submitted));
        assert_eq!(transition(Some(Confirmed), Return), Ok(Returned));
        assert_eq!(
            transition(Some(Confirmed), Submit),
            Err("reg.err_confirmed")
        );
        assert_eq!(
            transition(Some(Confirmed), Withdraw),
            Err("reg.err_confirmed")
        );
        assert_eq!(transition(Some(Draft), Confirm), Err("reg.err_transition"));
        assert_eq!(transition(Some(Withdrawn), Submit), Ok(Submitted));
        assert_eq!(transition(None, Withdraw), Err("reg.err_transition"));
        assert!(Submitted.is_registered() && !Draft.is_registered() && !Withdrawn.is_registered());
    }

    #[test]
    fn commitment_rows() {
        let (rows, errors) = parse_commitments(
            &[
                "100% hồ sơ giải quyết đúng hạn".into(),
                "".into(),
                "".into(),
            ],
            &["Tỷ lệ hồ sơ đúng hạn".into(), "".into(), "chỉ đo".into()],
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].target, "100% hồ sơ giải quyết đúng hạn");
        assert_eq!(
            errors,
            vec![("commitment_3".to_string(), "reg.err_target_required")]
        );
    }

    #[test]
    fn initiative_rows() {
        let (rows, errors) = parse_initiatives(
            &["Số hóa hồ sơ địa chính".into(), "".into(), "X".into()],
            &["Chuyển đổi số".into(), "".into(), "".into()],
            &["Giảm thời gian tra cứu".into(), "".into(), "".into()],
            &["12, 15 12".into(), "".into(), "abc".into()],
        );
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].coauthors, vec![12, 15]);
        assert_eq!(
            errors,
            vec![("initiative_3".to_string(), "reg.err_coauthors")]
        );
    }

    #[test]
    fn plan_form_round_trip_and_errors() {
        let form = PlanForm {
            kind: "annual".into(),
            year: "2022".into(),
            doc_number: "05".into(),
            doc_code: "KH-STNMT".into(),
            issuer_name: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
            place: "Sóc Trăng".into(),
            doc_date: "05/01/2022".into(),
            title: "Phát động phong trào thi đua năm 2022".into(),
            content: vec!["Nội dung 1".into(), "  ".into(), "Nội dung 2".into()],
            cc_body: vec!["Tiêu chí".into(), "".into()],
            cc_score: vec!["10".into(), "".into()],
            resp_addressee: vec!["Văn phòng Sở:".into(), "".into()],
            resp_body: vec!["- Tham mưu\r\n- Theo dõi  ".into(), "".into()],
            signer_title: "GIÁM ĐỐC".into(),
            registration_opens: "10/01/2022".into(),
            registration_closes: "28/02/2022".into(),
            ..Default::default()
        };
        let plan = form.validate(false).unwrap();
        assert_eq!(plan.content, vec!["Nội dung 1", "Nội dung 2"]);
        assert_eq!(plan.criteria_collective[0].max_score, Some(10.0));
        assert_eq!(plan.responsibilities[0].body, "- Tham mưu\n- Theo dõi");
        assert_eq!(plan.number_code(), "05/KH-STNMT");
        let back = PlanForm::from_plan(&plan, 1, 3);
        assert_eq!(back.validate(false).unwrap(), plan);
        // amending needs a reason; bad values are named
        assert!(
            form.validate(true)
                .unwrap_err()
                .contains(&("reason", "plan.err_reason"))
        );
        let mut bad = form.clone();
        bad.year = "22".into();
        bad.cc_score = vec!["-1".into()];
        bad.kind = "thematic".into();
        let errors = bad.validate(false).unwrap_err();
        assert!(errors.contains(&("year", "plan.err_year")));
        assert!(errors.contains(&("criteria_collective", "plan.err_score")));
        assert!(errors.contains(&("starts_on", "plan.err_thematic_dates")));
    }

    #[test]
    fn timeline_dates_in_order() {
        let t = TimelineText {
            registration_opens: "10/01/2022",
            registration_closes: "05/01/2022",
            midyear_review: "",
            proposal_deadline: "31/13/2022",
            council_meeting: "",
            decision_date: "",
        };
        let errors = parse_timeline(&t).unwrap_err();
        assert!(errors.contains(&("registration_closes", "err.timeline_order")));
        assert!(errors.contains(&("proposal_deadline", "err.date")));
    }
}
