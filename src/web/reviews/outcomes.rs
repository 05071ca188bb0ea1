//! Registrations against awards (đăng ký và kết quả): for those who see the year-end review, each
//! person's registration for a title and how far it went — awarded, or where it stopped: a
//! condition not met (named, from the eligibility explanation), not proposed by the unit, returned
//! or refused by the Office, not passed by the council, or still on its way. Per title a count of
//! each, and the list filtered by unit, title and point reached, as a page and as .xlsx.

use super::coverage::overview;
use super::statistics::choices_of;
use crate::auth::CurrentUser;
use crate::caches::Evaluated;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::statistics::Journey;
use crate::domain::eligibility::Tri;
use crate::domain::outcomes::{Reached, tally};
use crate::domain::paging::Paging;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::access::coverage_scope;
use crate::web::access::readable;
use crate::web::evaluation::person_outcome;
use crate::web::evaluation::{evaluated, person_results};
use crate::web::extract::{Path, Query};
use crate::web::{Ctx, render, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct OutcomeQuery {
    #[serde(default)]
    pub unit: Option<i64>,
    /// a title's code ("" for all)
    #[serde(default)]
    pub title: String,
    /// a point reached (`Reached::code`); "" for everyone not awarded, "all" for everyone
    #[serde(default)]
    pub reached: String,
    #[serde(default)]
    pub page: Option<i64>,
}

/// The registrations a viewer may see, each with the point it reached.
pub struct Outcomes {
    pub c: CampaignRow,
    pub rows: Vec<(Journey, Reached)>,
    pub e: std::sync::Arc<Evaluated>,
    pub choices: Vec<(i64, String)>,
    /// the unit filtered to: its name
    pub unit: Option<String>,
}

/// Loads campaign `id`'s registrations for `user` (their review scope, or unit `unit`'s subtree
/// within it: another unit is not found), with where each stands.
pub async fn outcomes(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    unit: Option<i64>,
) -> AppResult<Outcomes> {
    let c = readable(state, user, id).await?;
    let (scope, _) = coverage_scope(user, &c)?;
    let o = overview(state, user, &c, &scope).await?;
    let choices = choices_of(
        o.rows
            .iter()
            .map(|r| (r.unit.unit_id, r.unit.depth, r.unit.name.as_str())),
    );
    let (patterns, unit) = match unit {
        Some(u) => {
            let r = o
                .rows
                .iter()
                .find(|r| r.unit.unit_id == u)
                .ok_or(AppError::NotFound)?;
            (vec![format!("{}%", r.unit.path)], Some(r.unit.name.clone()))
        }
        None => (scope, None),
    };
    let versions = &user.seen;
    let journeys = state
        .caches
        .journeys
        .get_or_load(&(c.id, patterns.clone()), versions, || async {
            Ok::<_, AppError>(db::statistics::journeys(&state.db, c.id, &patterns).await?)
        })
        .await?;
    let e = evaluated(state, user, &c).await?;
    let rows = journeys
        .iter()
        .cloned()
        .map(|j| {
            let tri = e
                .scope
                .person_index(j.person_id)
                .map_or(Tri::Unknown, |i| person_outcome(&e, i, &j.title_code));
            let r = Reached::of(
                j.awarded,
                j.line_status.as_deref(),
                j.council.as_deref(),
                tri,
            );
            (j, r)
        })
        .collect();
    Ok(Outcomes {
        c,
        rows,
        e,
        choices,
        unit,
    })
}

/// The conditions that stopped person `person_id` for title `code` (not met, or, when none is, not
/// decidable), in words.
pub fn stopped_by(e: &Evaluated, person_id: i64, code: &str, lang: Lang) -> Vec<String> {
    let Some(i) = e.scope.person_index(person_id) else {
        return Vec::new();
    };
    let Some(r) = person_results(e, i, lang)
        .into_iter()
        .find(|r| r.code == code)
    else {
        return Vec::new();
    };
    let failed: Vec<String> = r
        .conditions
        .iter()
        .filter(|c| c.passed == Some(false))
        .map(|c| c.rule.clone())
        .collect();
    if !failed.is_empty() {
        return failed;
    }
    r.conditions
        .iter()
        .filter(|c| c.passed.is_none())
        .map(|c| c.rule.clone())
        .collect()
}

/// Whether row `r` is one filter `q` asks for.
fn wanted(q: &OutcomeQuery, j: &Journey, r: Reached) -> bool {
    let title = q.title.is_empty() || j.title_code == q.title;
    let reached = match q.reached.as_str() {
        "" => r != Reached::Awarded,
        "all" => true,
        code => Reached::parse(code) == Some(r),
    };
    title && reached
}

/// The point reached asked for, checked ("" and "all" are filters of their own).
fn check_reached(q: &OutcomeQuery) -> AppResult<()> {
    match q.reached.as_str() {
        "" | "all" => Ok(()),
        code if Reached::parse(code).is_some() => Ok(()),
        code => Err(AppError::BadRequest(format!(
            "bước «{code}» không có / no such point «{code}»"
        ))),
    }
}

/// A line of the list: who, their unit, the title, where it stopped and why.
pub struct ListLine {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub title: String,
    pub reached: Reached,
    pub why: Vec<String>,
}

#[derive(Template)]
#[template(path = "campaigns/outcomes.html")]
pub struct OutcomePage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub q: OutcomeQuery,
    pub unit: Option<String>,
    pub choices: Vec<(i64, String)>,
    /// the titles registered for: code and name
    pub titles: Vec<(String, String)>,
    /// per point reached (in `Reached::ALL` order), per title of `titles`, how many
    pub counts: Vec<(Reached, Vec<usize>)>,
    /// per title, the registrations sent
    pub totals: Vec<usize>,
    pub lines: Vec<ListLine>,
    pub paging: Paging,
}

impl OutcomePage {
    fn selected_unit(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
    fn base(&self) -> String {
        format!(
            "/campaigns/{}/review/outcomes?unit={}&title={}&reached={}",
            self.c.id,
            self.q.unit.map(|u| u.to_string()).unwrap_or_default(),
            urlencode(&self.q.title),
            urlencode(&self.q.reached)
        )
    }
    fn cell_href(&self, r: &Reached, title: &str) -> String {
        format!(
            "/campaigns/{}/review/outcomes?unit={}&title={}&reached={}",
            self.c.id,
            self.q.unit.map(|u| u.to_string()).unwrap_or_default(),
            urlencode(title),
            r.code()
        )
    }
    fn xlsx_href(&self) -> String {
        self.base()
            .replacen("/review/outcomes?", "/review/outcomes.xlsx?", 1)
    }
    fn reached_label(&self, r: &Reached) -> String {
        self.ctx.t(&format!("reached.{}", r.code())).to_string()
    }
}

/// `/campaigns/{id}/review/outcomes`: the counts and the list.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<OutcomeQuery>,
) -> AppResult<Response> {
    check_reached(&q)?;
    let o = outcomes(&state, &user, id, q.unit).await?;
    let counted = tally(o.rows.iter().map(|(j, r)| (j.title_code.as_str(), *r)));
    let titles: Vec<(String, String)> = counted
        .iter()
        .map(|(code, _)| {
            let j = o
                .rows
                .iter()
                .find(|(j, _)| j.title_code == *code)
                .map(|x| &x.0);
            let name = j.map_or(code.to_string(), |j| {
                ctx.name(&j.title_vi, &j.title_en).to_string()
            });
            (code.to_string(), name)
        })
        .collect();
    let counts = Reached::ALL
        .iter()
        .enumerate()
        .map(|(k, r)| (*r, counted.iter().map(|(_, n)| n[k]).collect()))
        .collect();
    let totals = counted.iter().map(|(_, n)| n.iter().sum()).collect();
    let matching: Vec<&(Journey, Reached)> =
        o.rows.iter().filter(|(j, r)| wanted(&q, j, *r)).collect();
    let paging = Paging::new(q.page, None, matching.len() as i64);
    let lines = matching
        .iter()
        .skip(paging.offset() as usize)
        .take(paging.per_page as usize)
        .map(|(j, r)| line(&o.e, &ctx, j, *r))
        .collect();
    render(&OutcomePage {
        c: o.c,
        unit: o.unit,
        choices: o.choices,
        titles,
        counts,
        totals,
        lines,
        paging,
        q,
        ctx,
    })
}

fn line(e: &Evaluated, ctx: &Ctx, j: &Journey, r: Reached) -> ListLine {
    let why = match r {
        Reached::NotEligible | Reached::NeedsReview => {
            stopped_by(e, j.person_id, &j.title_code, ctx.lang)
        }
        _ => Vec::new(),
    };
    ListLine {
        person_id: j.person_id,
        name: j.full_name.clone(),
        unit: j.unit_name.clone(),
        title: ctx.name(&j.title_vi, &j.title_en).to_string(),
        reached: r,
        why,
    }
}

/// `/campaigns/{id}/review/outcomes.xlsx`: every registration the filter asks for, with where it
/// stopped and why.
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<OutcomeQuery>,
) -> AppResult<Response> {
    check_reached(&q)?;
    let o = outcomes(&state, &user, id, q.unit).await?;
    let rows: Vec<(String, String, String, String, String)> = o
        .rows
        .iter()
        .filter(|(j, r)| wanted(&q, j, *r))
        .map(|(j, r)| {
            let why = match r {
                Reached::NotEligible | Reached::NeedsReview => {
                    stopped_by(&o.e, j.person_id, &j.title_code, Lang::Vi).join("; ")
                }
                _ => String::new(),
            };
            (
                j.full_name.clone(),
                j.unit_name.clone(),
                j.title_vi.clone(),
                crate::i18n::t(Lang::Vi, &format!("reached.{}", r.code())).to_string(),
                why,
            )
        })
        .collect();
    let sheets = [crate::export::sheets::outcomes(&o.c.plan.title, &rows)];
    crate::web::files::sheets_response(
        &sheets,
        &format!("dang-ky-va-ket-qua-{}.xlsx", o.c.plan.year),
    )
}
