//! The comparison with earlier years (so sánh qua các năm): for those who see the year-end review,
//! per year up to the campaign's the registrations sent, the lines proposed and the awards, over
//! the viewer's scope or one unit's subtree, and per unit each year's figure of one measure; a
//! merged unit's past counted under the unit it merged into (`db::statistics::trends`). As a page
//! with a line chart and as .xlsx.

use super::coverage::overview;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::domain::statistics::{T_AWARDED, T_PROPOSED, T_REGISTERED, trend_table};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::access::coverage_scope;
use crate::web::access::readable;
use crate::web::extract::{Path, Query};
use crate::web::{Ctx, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct TrendQuery {
    #[serde(default)]
    pub unit: Option<i64>,
    /// the measure the per-unit table shows: registered, proposed or awarded (the default)
    #[serde(default)]
    pub measure: Option<String>,
}

/// The measures, their positions and their label keys.
pub const MEASURES: [(&str, usize, &str); 3] = [
    ("registered", T_REGISTERED, "cov.registered"),
    ("proposed", T_PROPOSED, "stats.proposed"),
    ("awarded", T_AWARDED, "stats.awarded"),
];

/// A unit's line: its subtree's figures, one per year.
#[derive(Clone, Debug)]
pub struct UnitTrend {
    pub unit_id: i64,
    pub code: String,
    pub name: String,
    pub path: String,
    pub depth: i32,
    pub by_year: Vec<[i64; 3]>,
}

/// The comparison a viewer may see, for the whole scope or one unit's subtree.
pub struct Trends {
    pub c: CampaignRow,
    /// oldest first
    pub years: Vec<i32>,
    /// the scope's (or the chosen unit's) figures per year
    pub totals: Vec<[i64; 3]>,
    /// parents before their children
    pub units: Vec<UnitTrend>,
    pub unit: Option<UnitTrend>,
    /// the units the filter offers (the viewer's whole scope), indented under their parents
    pub choices: Vec<(i64, String)>,
}

/// Loads the comparison for campaign `id` as `user` may see it, within unit `unit`'s subtree when
/// given (a unit outside the viewer's scope is not found).
pub async fn trends(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    unit: Option<i64>,
) -> AppResult<Trends> {
    let c = readable(state, user, id).await?;
    let (scope, _) = coverage_scope(user, &c)?;
    let o = overview(state, user, &c, &scope).await?;
    let versions = &user.seen;
    let rows = state
        .caches
        .trend_rows
        .get_or_load(&(c.id, scope.clone()), versions, || {
            db::statistics::trends(&state.db, c.id, &scope)
        })
        .await?;
    let paths: Vec<String> = o.rows.iter().map(|r| r.unit.path.clone()).collect();
    let own: Vec<(String, i32, [i64; 3])> = rows
        .iter()
        .map(|r| {
            (
                r.path.clone(),
                r.year,
                [r.registered, r.proposed, r.awarded],
            )
        })
        .collect();
    let mut t = trend_table(&paths, &own, c.plan.year);
    let mut units: Vec<UnitTrend> = o
        .rows
        .iter()
        .map(|r| UnitTrend {
            unit_id: r.unit.unit_id,
            code: r.unit.code.clone(),
            name: r.unit.name.clone(),
            path: r.unit.path.clone(),
            depth: r.unit.depth,
            by_year: t.by_path.remove(&r.unit.path).unwrap_or_default(),
        })
        .collect();
    let choices =
        super::statistics::choices_of(units.iter().map(|u| (u.unit_id, u.depth, u.name.as_str())));
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
    if let Some(u) = &chosen {
        units.retain(|x| x.path.starts_with(&u.path));
    }
    let totals = match &chosen {
        Some(u) => u.by_year.clone(),
        None => sum_tops(&units, t.years.len()),
    };
    Ok(Trends {
        c,
        years: t.years,
        totals,
        units,
        unit: chosen,
        choices,
    })
}

/// Per year, the sum over the units with no ancestor in the list (each counts its subtree).
fn sum_tops(units: &[UnitTrend], years: usize) -> Vec<[i64; 3]> {
    let mut totals = vec![[0i64; 3]; years];
    let top =
        crate::domain::statistics::tops(&units.iter().map(|u| u.path.as_str()).collect::<Vec<_>>());
    for (u, _) in units.iter().zip(top).filter(|(_, t)| *t) {
        for (t, v) in totals.iter_mut().zip(&u.by_year) {
            for (a, b) in t.iter_mut().zip(v) {
                *a += b;
            }
        }
    }
    totals
}

#[derive(Template)]
#[template(path = "campaigns/trends.html")]
pub struct TrendPage {
    pub ctx: Ctx,
    pub t: Trends,
    pub q: TrendQuery,
    /// the measure of the per-unit table (its position) and its code
    pub measure: (usize, &'static str),
    pub svg: String,
}

impl TrendPage {
    fn indent(&self, u: &UnitTrend) -> String {
        let top = self.t.units.iter().map(|x| x.depth).min().unwrap_or(0);
        "\u{a0}\u{a0}\u{a0}".repeat((u.depth - top).max(0) as usize)
    }
    fn selected(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
    fn year_rows(&self) -> Vec<(i32, [i64; 3], String)> {
        let mut prev: Option<i64> = None;
        self.t
            .years
            .iter()
            .zip(&self.t.totals)
            .map(|(y, v)| {
                let change = match prev {
                    Some(p) => signed(v[T_AWARDED] - p),
                    None => "—".into(),
                };
                prev = Some(v[T_AWARDED]);
                (*y, *v, change)
            })
            .collect()
    }
    fn cell(&self, u: &UnitTrend, i: &usize) -> i64 {
        u.by_year.get(*i).map_or(0, |v| v[self.measure.0])
    }
    fn measure_label(&self) -> String {
        let key = MEASURES
            .iter()
            .find(|m| m.0 == self.measure.1)
            .map_or("stats.awarded", |m| m.2);
        self.ctx.t(key).to_string()
    }
    fn is_measure(&self, code: &str) -> bool {
        code == self.measure.1
    }
    fn xlsx_href(&self) -> String {
        self.href(self.q.unit, true)
    }
    fn unit_href(&self, id: &i64) -> String {
        self.href(Some(*id), false)
    }
    fn href(&self, unit: Option<i64>, xlsx: bool) -> String {
        let measure = self.measure.1;
        let base = format!(
            "/campaigns/{}/trends{}?measure={measure}",
            self.t.c.id,
            if xlsx { ".xlsx" } else { "" }
        );
        match unit {
            Some(u) => format!("{base}&unit={u}"),
            None => base,
        }
    }
}

/// "+3", "−2" (a true minus sign), "0".
fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("\u{2212}{}", -n),
        _ => "0".into(),
    }
}

/// The measure asked for (awarded when none or an unknown one).
fn measure_of(q: &TrendQuery) -> AppResult<(usize, &'static str)> {
    match q.measure.as_deref().map(str::trim) {
        None | Some("") => Ok((T_AWARDED, "awarded")),
        Some(m) => MEASURES
            .iter()
            .find(|x| x.0 == m)
            .map(|x| (x.1, x.0))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "chỉ tiêu «{m}» không có / no measure «{m}» (registered, proposed, awarded)"
                ))
            }),
    }
}

/// `/campaigns/{id}/trends`: the years compared.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<TrendQuery>,
) -> AppResult<Response> {
    let measure = measure_of(&q)?;
    let t = trends(&state, &user, id, q.unit).await?;
    let series: Vec<(&str, Vec<i64>)> = MEASURES
        .iter()
        .map(|(_, i, key)| (ctx.t(key), t.totals.iter().map(|v| v[*i]).collect()))
        .collect();
    let svg = crate::export::charts::trend_lines(&t.years, &series)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("chart: {e}")))?;
    render(&TrendPage {
        ctx,
        t,
        q,
        measure,
        svg,
    })
}

/// `/campaigns/{id}/trends.xlsx`: the same comparison, a sheet of years and one of units (every
/// measure of every year).
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<TrendQuery>,
) -> AppResult<Response> {
    measure_of(&q)?;
    let t = trends(&state, &user, id, q.unit).await?;
    let units: Vec<(String, String, i32, Vec<[i64; 3]>)> = t
        .units
        .iter()
        .map(|u| (u.code.clone(), u.name.clone(), u.depth, u.by_year.clone()))
        .collect();
    let sheets = crate::export::sheets::trends(&t.c.plan.title, &t.years, &t.totals, &units);
    crate::web::files::sheets_response(&sheets, &format!("so-sanh-cac-nam-{}.xlsx", t.c.plan.year))
}
