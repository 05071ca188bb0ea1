//! The year-end review's figures (tổng kết): for those who run the campaign (every unit) or a unit
//! head (their subtree), per title the lines proposed and the year's awards, per unit rolled up the
//! tree the people, the registrations sent and the awards; filtered to a unit's subtree; as a page,
//! as .xlsx and as `/api/v1/campaigns/{id}/statistics`.

use super::coverage::overview;
use crate::auth::{CurrentUser, MaybeUser};
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::domain::statistics::{TitleStat, UnitStat, roll_up_paths};
use crate::error::{ApiError, AppError, AppResult};
use crate::state::AppState;
use crate::web::access::coverage_scope;
use crate::web::access::readable;
use crate::web::extract::{Path, Query};
use crate::web::{Ctx, render};
use askama::Template;
use axum::Json;
use axum::extract::{Extension, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;

#[derive(Deserialize, Default)]
pub struct ReviewQuery {
    #[serde(default)]
    pub unit: Option<i64>,
}

/// The figures a viewer may see, for the whole scope or one unit's subtree.
pub struct Figures {
    pub c: CampaignRow,
    pub people: i64,
    pub registered: i64,
    pub awarded: i64,
    pub titles: Vec<TitleStat>,
    /// the titles' figures per level of award, and the registry's other awards
    pub levels: Vec<crate::domain::statistics::LevelStat>,
    /// parents before their children
    pub units: Vec<UnitStat>,
    /// the unit filtered to, if any
    pub unit: Option<UnitStat>,
    /// by gender and employment category
    pub groups: Vec<db::statistics::GroupStat>,
    /// the units counted (LIKE patterns on their paths)
    pub patterns: Vec<String>,
    /// the cash of the year's awards in đồng
    pub cash: i64,
}

/// Loads the figures of campaign `id` for `user`, within unit `unit`'s subtree when given (a unit
/// outside the viewer's scope is not found).
pub async fn figures(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    unit: Option<i64>,
) -> AppResult<Figures> {
    let c = readable(state, user, id).await?;
    let (scope, _) = coverage_scope(user, &c)?;
    figures_in(state, user, c, scope, unit).await
}

/// The counts of campaign `c` over `patterns` from this server's memory at the request's data
/// versions, or read (three aggregate queries).
async fn counts(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    patterns: &[String],
) -> AppResult<Arc<crate::caches::ReviewCounts>> {
    let versions = &user.seen;
    let key = (c.id, patterns.to_vec());
    let year = db::statistics::CampaignYear {
        campaign: c.id,
        year: c.plan.year,
    };
    state
        .caches
        .review_counts
        .get_or_load(&key, versions, || async {
            Ok::<_, AppError>(crate::caches::ReviewCounts {
                titles: db::statistics::titles(&state.db, year, patterns).await?,
                awards: db::statistics::awards_by_unit(&state.db, c.plan.year, patterns).await?,
                groups: db::statistics::by_group(&state.db, year, patterns).await?,
                cash: db::statistics::cash(&state.db, c.plan.year, patterns).await?,
            })
        })
        .await
}

/// The figures of campaign `c` over the units under `scope` (LIKE patterns), within unit `unit`'s
/// subtree when given (a unit outside the scope is not found).
pub async fn figures_in(
    state: &AppState,
    user: &CurrentUser,
    c: CampaignRow,
    scope: Vec<String>,
    unit: Option<i64>,
) -> AppResult<Figures> {
    let o = overview(state, user, &c, &scope).await?;
    let all = counts(state, user, &c, &scope).await?;
    let own = &all.awards;
    let paths: Vec<(String, i64)> = o
        .rows
        .iter()
        .map(|r| {
            let n = own
                .iter()
                .find(|(p, _)| *p == r.unit.path)
                .map_or(0, |(_, n)| *n);
            (r.unit.path.clone(), n)
        })
        .collect();
    let awarded = roll_up_paths(&paths);
    let mut units: Vec<UnitStat> = o
        .rows
        .iter()
        .map(|r| UnitStat {
            unit_id: r.unit.unit_id,
            code: r.unit.code.clone(),
            name: r.unit.name.clone(),
            path: r.unit.path.clone(),
            depth: r.unit.depth,
            people: r.people,
            registered: r.registered,
            awarded: awarded.get(&r.unit.path).copied().unwrap_or(0),
        })
        .collect();
    let chosen = match unit {
        Some(u) => Some(
            units
                .iter()
                .find(|x| x.unit_id == u)
                .cloned()
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let patterns = match &chosen {
        Some(u) => {
            units.retain(|x| x.path.starts_with(&u.path));
            vec![format!("{}%", u.path)]
        }
        None => scope,
    };
    let here = match &chosen {
        Some(_) => counts(state, user, &c, &patterns).await?,
        None => all.clone(),
    };
    let (titles, groups) = (here.titles.clone(), here.groups.clone());
    // the totals: the chosen unit's, or the top rows' (those with no ancestor in the list)
    let top =
        crate::domain::statistics::tops(&units.iter().map(|u| u.path.as_str()).collect::<Vec<_>>());
    let tops: Vec<&UnitStat> = units
        .iter()
        .zip(top)
        .filter(|(_, t)| *t)
        .map(|(u, _)| u)
        .collect();
    let sum = |f: fn(&UnitStat) -> i64| tops.iter().map(|u| f(u)).sum::<i64>();
    let awarded = sum(|u| u.awarded);
    Ok(Figures {
        people: sum(|u| u.people),
        registered: sum(|u| u.registered),
        levels: crate::domain::statistics::by_level(&titles, awarded),
        awarded,
        c,
        titles,
        units,
        unit: chosen,
        groups,
        patterns,
        cash: here.cash,
    })
}

#[derive(Template)]
#[template(path = "campaigns/review.html")]
pub struct ReviewPage {
    pub ctx: Ctx,
    pub f: Figures,
    pub q: ReviewQuery,
    /// the units the filter offers (the whole scope)
    pub choices: Vec<(i64, String)>,
    /// the charts as SVG: per title proposed and awarded; per unit below the top people and
    /// registrations (their numbers are in the tables beside them)
    pub titles_svg: String,
    pub units_svg: String,
    /// the viewer runs the campaign: the Department's draft report is theirs to write
    pub report: bool,
    /// the Office's answers to the proposals and how long they waited, in working days
    pub waits: Vec<crate::domain::outcomes::Waits>,
    /// the exemplars per status, and how many to praise, replicate and send to the province
    pub exemplars: (Vec<(String, i64)>, [i64; 3]),
    /// the year's budget line (shown over the whole scope to those who run the campaign)
    pub budget: Option<i64>,
    /// initiatives registered with the registrations sent, and how many of them are recognised
    pub initiatives: (i64, i64),
}

/// The charts of figures `f`: the titles with anything proposed or awarded, and the units one level
/// below the top (or the top alone) with their people and registrations.
pub(crate) fn charts(f: &Figures, ctx: &Ctx) -> AppResult<(String, String)> {
    let chart_err = |e: String| AppError::Internal(anyhow::anyhow!("chart: {e}"));
    let titles: Vec<&TitleStat> = f
        .titles
        .iter()
        .filter(|t| t.proposed > 0 || t.awarded > 0)
        .collect();
    let t_svg = crate::export::charts::paired_bars(
        &titles
            .iter()
            .map(|t| ctx.name(&t.name_vi, &t.name_en).to_string())
            .collect::<Vec<_>>(),
        &titles
            .iter()
            .map(|t| (t.proposed, t.awarded))
            .collect::<Vec<_>>(),
        (ctx.t("stats.proposed"), ctx.t("stats.awarded")),
    )
    .map_err(chart_err)?;
    let top = f.units.iter().map(|u| u.depth).min().unwrap_or(0);
    let mut below: Vec<&UnitStat> = f.units.iter().filter(|u| u.depth == top + 1).collect();
    if below.is_empty() {
        below = f.units.iter().filter(|u| u.depth == top).collect();
    }
    let u_svg = crate::export::charts::paired_bars(
        &below.iter().map(|u| u.name.clone()).collect::<Vec<_>>(),
        &below
            .iter()
            .map(|u| (u.people, u.registered))
            .collect::<Vec<_>>(),
        (ctx.t("cov.people"), ctx.t("cov.registered")),
    )
    .map_err(chart_err)?;
    Ok((t_svg, u_svg))
}

impl ReviewPage {
    fn indent(&self, u: &UnitStat) -> String {
        let top = self.f.units.iter().map(|x| x.depth).min().unwrap_or(0);
        "\u{a0}\u{a0}\u{a0}".repeat((u.depth - top).max(0) as usize)
    }
    fn share(&self, n: &i64, of: &i64) -> String {
        if *of <= 0 {
            return "—".into();
        }
        format!("{:.0}%", 100.0 * *n as f64 / *of as f64)
    }
    fn selected(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
    fn answer_label(&self, kind: &str) -> String {
        let key = match kind {
            "returned" => "dash.returned",
            "accepted" => "dash.accepted",
            _ => "reached.rejected",
        };
        self.ctx.t(key).to_string()
    }
    fn days(&self, tenths: &u32) -> String {
        format!("{},{}", tenths / 10, tenths % 10)
    }
    fn money(&self, v: &i64) -> String {
        crate::export::decision::vnd(*v)
    }
    fn budget_share(&self, b: &i64) -> String {
        crate::domain::cash::percent_of(self.f.cash, *b)
    }
    fn over_budget(&self, b: &i64) -> Option<String> {
        (self.f.cash > *b).then(|| {
            self.ctx.tf(
                "stats.budget_over",
                [crate::export::decision::vnd(self.f.cash - *b).as_str()],
            )
        })
    }
    fn xlsx_href(&self) -> String {
        match self.q.unit {
            Some(u) => format!("/campaigns/{}/review.xlsx?unit={u}", self.f.c.id),
            None => format!("/campaigns/{}/review.xlsx", self.f.c.id),
        }
    }
}

/// The units a filter offers (the viewer's whole scope), indented under their parents.
pub fn unit_choices(all: &Figures) -> Vec<(i64, String)> {
    choices_of(
        all.units
            .iter()
            .map(|u| (u.unit_id, u.depth, u.name.as_str())),
    )
}

/// Units (id, depth, name) as a filter offers them: indented under their parents.
pub fn choices_of<'a>(
    units: impl Iterator<Item = (i64, i32, &'a str)> + Clone,
) -> Vec<(i64, String)> {
    let top = units.clone().map(|u| u.1).min().unwrap_or(0);
    units
        .map(|(id, depth, name)| {
            let pad = "\u{a0}\u{a0}".repeat((depth - top).max(0) as usize);
            (id, format!("{pad}{name}"))
        })
        .collect()
}

/// The dossiers' way over figures `f`'s units: the Office's answers with their waits in working
/// days (from the proposal's last sending to the answer, on the holiday calendar), and the
/// exemplars.
async fn dossiers(
    state: &AppState,
    f: &Figures,
) -> AppResult<(
    Vec<crate::domain::outcomes::Waits>,
    (Vec<(String, i64)>, [i64; 3]),
)> {
    use crate::domain::dates::vn_day;
    let answers = db::statistics::answers(&state.db, f.c.id, &f.patterns).await?;
    let cal = db::calendar::calendar(&state.db).await?;
    let waits: Vec<(String, u32)> = answers
        .iter()
        .map(|(k, sent, answered)| {
            let (days, _) =
                crate::domain::proposal::waited(&cal, vn_day(*sent), vn_day(*answered), 0);
            (k.clone(), days)
        })
        .collect();
    let exemplars = db::statistics::exemplars(&state.db, f.c.id, &f.patterns).await?;
    Ok((crate::domain::outcomes::wait_summary(&waits), exemplars))
}

/// The year's budget line, for those who run the campaign looking at the whole scope: the line is
/// the whole Department's, set against the whole scope's cash only.
async fn budget_line(state: &AppState, user: &CurrentUser, f: &Figures) -> AppResult<Option<i64>> {
    if !user.manages_campaigns_of(&f.c.issuer_unit_path) || f.unit.is_some() {
        return Ok(None);
    }
    Ok(db::review_reports::get(&state.db, f.c.id, "year_end")
        .await?
        .and_then(|r| r.text.budget))
}

/// `/campaigns/{id}/review`: the year-end figures.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReviewQuery>,
) -> AppResult<Response> {
    let all = figures(&state, &user, id, None).await?;
    let choices = unit_choices(&all);
    let f = match q.unit {
        Some(_) => figures(&state, &user, id, q.unit).await?,
        None => all,
    };
    let (titles_svg, units_svg) = charts(&f, &ctx)?;
    let report = user.manages_campaigns_of(&f.c.issuer_unit_path);
    let (waits, exemplars) = dossiers(&state, &f).await?;
    let budget = budget_line(&state, &user, &f).await?;
    // the initiatives registered with the pledges, and recognised: the mid-year's kept figures
    let (f, _, mid) = super::midyear::progress_of(&state, &user, f).await?;
    let initiatives = (
        mid[crate::domain::statistics::INITIATIVES],
        mid[crate::domain::statistics::RECOGNISED],
    );
    render(&ReviewPage {
        initiatives,
        budget,
        waits,
        exemplars,
        report,
        ctx,
        f,
        q,
        choices,
        titles_svg,
        units_svg,
    })
}

/// `/campaigns/{id}/review.xlsx`: the same figures: titles (with the council's results), units,
/// gender and category, levels of award, and the cash against the budget line.
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReviewQuery>,
) -> AppResult<Response> {
    let f = figures(&state, &user, id, q.unit).await?;
    let money = crate::export::sheets::Money {
        year: f.c.plan.year,
        cash: f.cash,
        budget: budget_line(&state, &user, &f).await?,
    };
    let sheets = crate::export::sheets::review(
        &f.c.plan.title,
        (&f.titles, &f.units, &f.groups),
        (&f.levels, &money),
    );
    crate::web::files::sheets_response(&sheets, &format!("tong-ket-{}.xlsx", f.c.plan.year))
}

#[derive(Serialize, ToSchema)]
#[schema(as = TitleStatistics)]
pub struct TitleJson {
    pub title_code: String,
    /// lines the units proposed (sent, whatever became of them)
    pub proposed: i64,
    /// awards of the campaign's year in the registry (the Department's, higher authorities',
    /// imported)
    pub awarded: i64,
}

#[derive(Serialize, ToSchema)]
#[schema(as = UnitStatistics)]
pub struct UnitJson {
    pub unit_code: String,
    /// active people in the unit and the units below it
    pub people: i64,
    /// of them, those who sent a registration
    pub registered: i64,
    /// awards of the year to the unit, the units below it and their people
    pub awarded: i64,
}

#[derive(Serialize, ToSchema)]
#[schema(as = CampaignStatistics)]
pub struct StatisticsJson {
    pub campaign: i64,
    pub year: i32,
    pub people: i64,
    pub registered: i64,
    pub titles: Vec<TitleJson>,
    /// rolled up the tree, parents before their children
    pub units: Vec<UnitJson>,
}

/// The year-end figures of a campaign, rolled up the tree for the caller's scope.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/statistics",
    operation_id = "getCampaignStatistics",
    summary = "The year-end figures: per title proposed and awarded, per unit (rolled up) people, registrations and awards",
    security(("session" = [])),
    params(("id" = i64, Path, description = "the campaign's id")),
    responses(
        (status = 200, description = "The figures over the user's scope (those who run the campaign: every unit; a unit head: their subtree)", body = StatisticsJson),
        (status = 400, description = "An id that is not a number", body = crate::error::ApiErrorBody),
        (status = 403, description = "Neither running the campaign nor heading a unit in it (or the password must be changed first)", body = crate::error::ApiErrorBody),
        (status = 404, description = "No such campaign (or a draft the user may not see)", body = crate::error::ApiErrorBody)
    )
)]
pub async fn api(
    State(state): State<AppState>,
    Extension(user): Extension<MaybeUser>,
    crate::web::extract::Path(id): crate::web::extract::Path<i64>,
) -> Result<Json<StatisticsJson>, ApiError> {
    let user = user
        .0
        .ok_or(AppError::Unauthenticated { next: "/".into() })?;
    let f = figures(&state, &user, id, None).await?;
    Ok(Json(StatisticsJson {
        campaign: f.c.id,
        year: f.c.plan.year,
        people: f.people,
        registered: f.registered,
        titles: f
            .titles
            .iter()
            .map(|t| TitleJson {
                title_code: t.code.clone(),
                proposed: t.proposed,
                awarded: t.awarded,
            })
            .collect(),
        units: f
            .units
            .iter()
            .map(|u| UnitJson {
                unit_code: u.code.clone(),
                people: u.people,
                registered: u.registered,
                awarded: u.awarded,
            })
            .collect(),
    }))
}
