//! The plan (kế hoạch): its whole text as drafted, published and amended, and the plan form.

use super::stage::{Timeline, TimelineText, parse_timeline};
use crate::domain::dates::parse_opt_date;
use crate::domain::names::{clean_block, clean_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kinds of plan: the year's plan, or a thematic campaign with its own period.
pub const PLAN_KINDS: [&str; 2] = ["annual", "thematic"];

/// A criterion of the plan (tiêu chí), with the maximum score it may carry in later scoring.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub body: String,
    pub max_score: Option<f64>,
    /// its weight in a sheet's total (1 when unset)
    #[serde(default)]
    pub weight: Option<f64>,
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
    /// "QĐ-STNMT" (`kind` "QĐ") from the plan's "KH-STNMT": the code of another document the
    /// plan's issuer writes (a decision, a submission).
    pub fn document_code(&self, kind: &str) -> String {
        match self.doc_code.split_once('-') {
            Some((_, body)) if !body.is_empty() => format!("{kind}-{body}"),
            _ => kind.into(),
        }
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
    pub cc_weight: Vec<String>,
    #[serde(default)]
    pub ci_body: Vec<String>,
    #[serde(default)]
    pub ci_score: Vec<String>,
    #[serde(default)]
    pub ci_weight: Vec<String>,
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

/// A one-line field: cleaned, required or not, at most `max` characters.
fn text(
    field: &'static str,
    s: &str,
    required: bool,
    max: usize,
    errors: &mut Vec<(&'static str, &'static str)>,
) -> String {
    let v = clean_text(s);
    if required && v.is_empty() {
        errors.push((field, "err.required"));
    } else if v.chars().count() > max {
        errors.push((field, "err.too_long"));
    }
    v
}

/// An optional date field ("dd/mm/yyyy").
fn opt_date(
    field: &'static str,
    s: &str,
    errors: &mut Vec<(&'static str, &'static str)>,
) -> Option<NaiveDate> {
    parse_opt_date(s).unwrap_or_else(|e| {
        errors.push((field, e));
        None
    })
}

/// A positive number typed with a dot or a comma (blank: none), below `limit`.
fn positive(text: &str, limit: f64) -> Result<Option<f64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    match text.replace(',', ".").parse::<f64>() {
        Ok(v) if v > 0.0 && v < limit => Ok(Some(v)),
        _ => Err(()),
    }
}

fn criteria(
    bodies: &[String],
    (scores, weights): (&[String], &[String]),
    field: &'static str,
    errors: &mut Vec<(&'static str, &'static str)>,
) -> Vec<Criterion> {
    let mut out = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        let body = clean_block(b);
        let score = scores.get(i).map(|s| s.trim()).unwrap_or("");
        let weight = weights.get(i).map(|s| s.trim()).unwrap_or("");
        if body.is_empty() && score.is_empty() && weight.is_empty() {
            continue;
        }
        let max_score = positive(score, 10_000.0).unwrap_or_else(|_| {
            errors.push((field, "plan.err_score"));
            None
        });
        let weight = positive(weight, 1_000.0).unwrap_or_else(|_| {
            errors.push((field, "plan.err_weight"));
            None
        });
        if body.is_empty() {
            errors.push((field, "plan.err_criterion_text"));
            continue;
        }
        out.push(Criterion {
            body,
            max_score,
            weight,
        });
    }
    out
}

impl PlanForm {
    /// The plan, or the errors by field. A published plan's amendment needs a reason.
    pub fn validate(&self, amending: bool) -> Result<Plan, Vec<(&'static str, &'static str)>> {
        let mut errors = Vec::new();
        let (kind, year, starts_on, ends_on) = self.kind_and_period(&mut errors);
        let doc_date = opt_date("doc_date", &self.doc_date, &mut errors);
        let doc_number = text("doc_number", &self.doc_number, false, 20, &mut errors);
        let doc_code = text("doc_code", &self.doc_code, true, 40, &mut errors);
        let title = text("title", &self.title, true, 500, &mut errors);
        let issuer_name = text("issuer_name", &self.issuer_name, true, 300, &mut errors);
        let place = text("place", &self.place, true, 300, &mut errors);
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
        if signer_title.is_empty() {
            errors.push(("signer_title", "err.required"));
        }
        let content: Vec<String> = self
            .content
            .iter()
            .map(|c| clean_block(c))
            .filter(|c| !c.is_empty())
            .collect();
        let criteria_collective = criteria(
            &self.cc_body,
            (&self.cc_score, &self.cc_weight),
            "criteria_collective",
            &mut errors,
        );
        let criteria_individual = criteria(
            &self.ci_body,
            (&self.ci_score, &self.ci_weight),
            "criteria_individual",
            &mut errors,
        );
        let responsibilities = self.responsibilities(&mut errors);
        let timeline = self.timeline(&mut errors);
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

    /// The kind, the year, and the period (required for a thematic campaign, in order).
    fn kind_and_period(
        &self,
        errors: &mut Vec<(&'static str, &'static str)>,
    ) -> (String, i32, Option<NaiveDate>, Option<NaiveDate>) {
        let kind = match self.kind.as_str() {
            k if PLAN_KINDS.contains(&k) => k.to_string(),
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
        let starts_on = opt_date("starts_on", &self.starts_on, errors);
        let ends_on = opt_date("ends_on", &self.ends_on, errors);
        if kind == "thematic" && (starts_on.is_none() || ends_on.is_none()) {
            errors.push(("starts_on", "plan.err_thematic_dates"));
        }
        if let (Some(a), Some(b)) = (starts_on, ends_on)
            && b < a
        {
            errors.push(("ends_on", "err.timeline_order"));
        }
        (kind, year, starts_on, ends_on)
    }

    /// The responsibilities' rows (blank rows dropped; a duty needs its addressee).
    fn responsibilities(
        &self,
        errors: &mut Vec<(&'static str, &'static str)>,
    ) -> Vec<Responsibility> {
        let mut out = Vec::new();
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
            out.push(Responsibility { addressee, body });
        }
        out
    }

    fn timeline(&self, errors: &mut Vec<(&'static str, &'static str)>) -> Timeline {
        match parse_timeline(&TimelineText {
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
        }
    }

    /// The form filled from a plan (to edit it).
    pub fn from_plan(p: &Plan, issuer_unit_id: i64, version: i32) -> PlanForm {
        let fmt = crate::domain::dates::fmt_opt_date;
        let score = |c: &Criterion| c.max_score.map(|s| s.to_string()).unwrap_or_default();
        let weight = |c: &Criterion| c.weight.map(|s| s.to_string()).unwrap_or_default();
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
            cc_weight: p.criteria_collective.iter().map(weight).collect(),
            ci_body: p
                .criteria_individual
                .iter()
                .map(|c| c.body.clone())
                .collect(),
            ci_score: p.criteria_individual.iter().map(score).collect(),
            ci_weight: p.criteria_individual.iter().map(weight).collect(),
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
