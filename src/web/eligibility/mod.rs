//! Eligibility pages: a person's or a unit's answer for every title of the campaign's rule set, each
//! condition explained; the overview of everyone in the viewer's scope with the quotas' live counts;
//! and the JSON API.

pub mod api;
use crate::auth::CurrentUser;
use crate::db::campaigns::CampaignRow;
use crate::domain::eligibility::{TitleResult, Tri, outcome_counts};
use crate::domain::names::fold;
use crate::domain::paging::Paging;
use crate::error::{AppError, AppResult};
use crate::export::sheets::OutcomeLine;
use crate::export::xlsx::Cell;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::access::Readable;
use crate::web::extract::{Path, Query};
use crate::web::{Ctx, render, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

pub use crate::caches::{EligibilityCache, Evaluated, Selection};

pub use crate::web::evaluation::{
    QuotaView, RankedLine, UnitLine, evaluated, in_patterns, person_results, quota_views,
    unit_results, visible_patterns,
};

fn badge_class(t: Tri) -> &'static str {
    t.outcome()
}

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    #[serde(default)]
    pub unit: Option<i64>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<i64>,
}

pub struct PersonLine {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub outcomes: Vec<Tri>,
}

pub struct TitleCount {
    pub name: String,
    pub eligible: usize,
    pub review: usize,
    pub not: usize,
}

#[derive(Template)]
#[template(path = "eligibility/overview.html")]
pub struct OverviewPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub rule_set: String,
    pub titles: Vec<(String, String)>,
    pub unit_titles: Vec<(String, String)>,
    pub people: Vec<PersonLine>,
    pub units: Vec<UnitLine>,
    pub unit_options: Vec<(i64, String)>,
    pub counts: Vec<TitleCount>,
    pub quotas: Vec<QuotaView>,
    pub paging: Paging,
    pub q: OverviewQuery,
    pub judged_on: chrono::NaiveDate,
}

impl OverviewPage {
    fn outcome_text(&self, t: &Tri) -> &'static str {
        self.ctx.t(&format!("elig.outcome.{}", t.outcome()))
    }
    fn badge(&self, t: &Tri) -> &'static str {
        badge_class(*t)
    }
    fn page_base(&self) -> String {
        format!(
            "/campaigns/{}/eligibility?unit={}&title={}&outcome={}&q={}",
            self.c.id,
            self.q.unit.map(|u| u.to_string()).unwrap_or_default(),
            urlencode(&self.q.title),
            urlencode(&self.q.outcome),
            urlencode(&self.q.q)
        )
    }
    fn is_unit(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
    /// The export with the same filters (every matching person, not one page).
    fn export_href(&self) -> String {
        self.page_base()
            .replacen("/eligibility?", "/eligibility.xlsx?", 1)
    }
}

pub async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<OverviewQuery>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let id = c.id;
    let patterns = visible_patterns(&user, &c);
    if patterns.as_ref().is_some_and(|p| p.is_empty()) {
        // staff: their own answers
        let pid = user.person_id.ok_or(AppError::Forbidden)?;
        return Ok(
            Redirect::to(&format!("/campaigns/{id}/eligibility/people/{pid}")).into_response(),
        );
    }
    let e = evaluated(&state, &user, &c).await?;
    let lang = ctx.lang;
    let individual = &e.result.individual_titles;
    let title_names = |codes: &[String]| -> Vec<(String, String)> {
        codes
            .iter()
            .map(|code| (code.clone(), e.title_name(code, lang)))
            .collect()
    };
    let key = (
        patterns.clone(),
        q.unit,
        q.title.clone(),
        q.outcome.clone(),
        q.q.clone(),
    );
    let selection = e.selection(key, || -> AppResult<Selection> {
        let visible: Vec<usize> = (0..e.scope.people.len())
            .filter(|&i| in_patterns(&e.scope.people[i].unit_path, &patterns))
            .collect();
        Ok(Selection {
            counts: outcome_counts(&e.result.people, individual.len(), &visible),
            matching: matching_people(&e, &visible, &q)?,
        })
    })?;
    // what the visible people reach, title by title
    let counts = selection
        .counts
        .iter()
        .zip(individual)
        .map(|(&[eligible, review, not], code)| TitleCount {
            name: e.title_name(code, lang),
            eligible,
            review,
            not,
        })
        .collect();
    let matching = &selection.matching;
    let paging = Paging::new(q.page, None, matching.len() as i64);
    let people = matching
        .iter()
        .skip(paging.offset() as usize)
        .take(paging.per_page as usize)
        .map(|&i| PersonLine {
            id: e.scope.people[i].id,
            name: e.scope.people[i].full_name.clone(),
            unit: e.scope.people[i].unit_name.clone(),
            outcomes: e.result.people[i].clone(),
        })
        .collect();
    let units = e
        .scope
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| in_patterns(&u.path, &patterns))
        .map(|(i, u)| UnitLine {
            id: u.id,
            name: u.name.clone(),
            depth: u.depth,
            members: e.scope.unit_facts[i].members.len(),
            outcomes: e.result.units[i].clone(),
        })
        .collect::<Vec<_>>();
    let quotas = quota_views(&ctx, &e, c.id, &units, &patterns);
    let unit_options = units.iter().map(|u| (u.id, u.name.clone())).collect();
    render(&OverviewPage {
        rule_set: e.rules.name.clone(),
        titles: title_names(individual),
        unit_titles: title_names(&e.result.collective_titles),
        people,
        units,
        unit_options,
        counts,
        quotas,
        paging,
        q,
        judged_on: e.setting.on,
        c,
        ctx,
    })
}

/// The visible people matching the overview's filters (unit, title and outcome, name words).
fn matching_people(e: &Evaluated, visible: &[usize], q: &OverviewQuery) -> AppResult<Vec<usize>> {
    let unit_path = match q.unit {
        Some(u) => Some(
            e.scope
                .units
                .iter()
                .find(|x| x.id == u)
                .map(|x| x.path.clone())
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let title_idx = e
        .result
        .individual_titles
        .iter()
        .position(|t| *t == q.title);
    let want = Tri::parse_outcome(&q.outcome);
    let words: Vec<String> = fold(&q.q).split_whitespace().map(str::to_string).collect();
    Ok(visible
        .iter()
        .copied()
        .filter(|&i| {
            let p = &e.scope.people[i];
            unit_path
                .as_deref()
                .is_none_or(|up| p.unit_path.starts_with(up))
                && match (title_idx, want) {
                    (Some(ti), Some(w)) => e.result.people[i][ti] == w,
                    (Some(ti), None) => e.result.people[i][ti] != Tri::Fail,
                    (None, Some(w)) => e.result.people[i].contains(&w),
                    (None, None) => true,
                }
                && (words.is_empty() || {
                    let f = fold(&p.full_name);
                    words.iter().all(|w| f.contains(w.as_str()))
                })
        })
        .collect())
}

/// The overview as a workbook: every matching person (not one page) with each title's outcome, and
/// the units with theirs; Vietnamese headers.
pub async fn overview_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<OverviewQuery>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let patterns = visible_patterns(&user, &c);
    user.require(patterns.as_ref().is_none_or(|p| !p.is_empty()))?;
    let e = evaluated(&state, &user, &c).await?;
    let lang = Lang::Vi;
    let visible: Vec<usize> = (0..e.scope.people.len())
        .filter(|&i| in_patterns(&e.scope.people[i].unit_path, &patterns))
        .collect();
    let matching = matching_people(&e, &visible, &q)?;
    let names = |codes: &[String]| -> Vec<String> {
        codes
            .iter()
            .map(|c| {
                e.rules
                    .title(c)
                    .map(|t| t.name(lang).to_string())
                    .unwrap_or_else(|| c.clone())
            })
            .collect()
    };
    let people = matching
        .iter()
        .map(|&i| OutcomeLine {
            name: &e.scope.people[i].full_name,
            second: Cell::Text(e.scope.people[i].unit_name.clone()),
            outcomes: &e.result.people[i],
        })
        .collect();
    let units = e
        .scope
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| in_patterns(&u.path, &patterns))
        .map(|(i, u)| OutcomeLine {
            name: &u.name,
            second: Cell::Int(e.scope.unit_facts[i].members.len() as i64),
            outcomes: &e.result.units[i],
        })
        .collect();
    let sheets = crate::export::sheets::eligibility(
        &c.plan.title,
        &e.rules.name,
        names(&e.result.individual_titles),
        names(&e.result.collective_titles),
        people,
        units,
    );
    crate::web::files::sheets_response(&sheets, &format!("xet-dieu-kien-{}.xlsx", c.plan.year))
}

#[derive(Template)]
#[template(path = "eligibility/subject.html")]
pub struct SubjectPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub rule_set: String,
    pub heading: String,
    pub unit_name: String,
    pub results: Vec<TitleResult>,
    pub judged_on: chrono::NaiveDate,
    pub own: bool,
    pub sees_overview: bool,
}

impl SubjectPage {
    fn outcome_text(&self, t: &Tri) -> &'static str {
        self.ctx.t(&format!("elig.outcome.{}", t.outcome()))
    }
    fn badge(&self, t: &Tri) -> &'static str {
        badge_class(*t)
    }
    fn passed_text(&self, p: &Option<bool>) -> &'static str {
        self.ctx.t(match p {
            Some(true) => "elig.passed",
            Some(false) => "elig.failed",
            None => "elig.unknown",
        })
    }
    fn passed_class(&self, p: &Option<bool>) -> &'static str {
        match p {
            Some(true) => "eligible",
            Some(false) => "not_eligible",
            None => "needs_review",
        }
    }
    /// The conditions a title still misses, for "what do I still need?": the failed conditions that
    /// all must hold, and for a failed "one of" group its alternatives ("one of: a / b").
    fn missing(&self, r: &TitleResult) -> Vec<String> {
        let any_rule = self.ctx.t("elig.rule.any");
        let lines = &r.conditions;
        let is_group = |i: usize| lines.get(i + 1).is_some_and(|n| n.depth > lines[i].depth);
        // the "one of" groups above each line
        let mut out = Vec::new();
        let mut stack: Vec<(u8, bool)> = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            while stack.last().is_some_and(|(d, _)| *d >= l.depth) {
                stack.pop();
            }
            let under_any = stack.iter().any(|(_, any)| *any);
            let group = is_group(i);
            let any = group && l.rule == any_rule;
            if l.passed == Some(false) && !under_any {
                if any {
                    let options: Vec<&str> = lines[i + 1..]
                        .iter()
                        .take_while(|n| n.depth > l.depth)
                        .filter(|n| n.depth == l.depth + 1)
                        .map(|n| n.rule.as_str())
                        .collect();
                    out.push(format!(
                        "{} {}",
                        self.ctx.t("elig.one_of"),
                        options.join(" / ")
                    ));
                } else if !group {
                    out.push(l.rule.clone());
                }
            }
            if group {
                stack.push((l.depth, any));
            }
        }
        out
    }
}

/// The person `pid` in the evaluated scope, if this user may see them.
pub(crate) fn person_in_scope(
    user: &CurrentUser,
    c: &CampaignRow,
    e: &Evaluated,
    pid: i64,
) -> AppResult<usize> {
    let i = e.scope.person_index(pid).ok_or(AppError::NotFound)?;
    let p = &e.scope.people[i];
    let ok = user.person_id == Some(pid)
        || user.sees_all_eligibility(&c.issuer_unit_path)
        || user.reviews_registrations_in(&p.unit_path);
    user.require(ok)?;
    Ok(i)
}

pub(crate) fn unit_in_scope(
    user: &CurrentUser,
    c: &CampaignRow,
    e: &Evaluated,
    uid: i64,
) -> AppResult<usize> {
    let i = e.scope.unit_index(uid).ok_or(AppError::NotFound)?;
    let ok = user.sees_all_eligibility(&c.issuer_unit_path)
        || user.reviews_registrations_in(&e.scope.units[i].path);
    user.require(ok)?;
    Ok(i)
}

pub async fn person(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((_, pid)): Path<(i64, i64)>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let e = evaluated(&state, &user, &c).await?;
    let i = person_in_scope(&user, &c, &e, pid)?;
    let p = &e.scope.people[i];
    render(&SubjectPage {
        rule_set: e.rules.name.clone(),
        heading: p.full_name.clone(),
        unit_name: p.unit_name.clone(),
        results: person_results(&e, i, ctx.lang),
        judged_on: e.setting.on,
        own: user.person_id == Some(pid),
        sees_overview: visible_patterns(&user, &c).is_none_or(|v| !v.is_empty()),
        c,
        ctx,
    })
}

pub async fn unit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((_, uid)): Path<(i64, i64)>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let e = evaluated(&state, &user, &c).await?;
    let i = unit_in_scope(&user, &c, &e, uid)?;
    let u = &e.scope.units[i];
    render(&SubjectPage {
        rule_set: e.rules.name.clone(),
        heading: u.name.clone(),
        unit_name: String::new(),
        results: unit_results(&e, i, ctx.lang),
        judged_on: e.setting.on,
        own: false,
        sees_overview: true,
        c,
        ctx,
    })
}

pub use self::api::*;
