//! The mid-year review (sơ kết): over the viewer's scope (those who run the campaign: every unit; a
//! unit head: their subtree), per unit rolled up the tree the registrations sent, the progress
//! reported on their commitments (how many reported, the mean, how many at 100 %, 50–99 % and below
//! 50 %) and the initiatives registered with them (and recognised so far); filtered to a unit's
//! subtree, as a page and as .xlsx.

use super::statistics::{Figures, ReviewQuery, figures};
use crate::auth::CurrentUser;
use crate::db;
use crate::domain::statistics::{
    COMMITMENTS, REPORTED, UnitProgress, UnitStat, mean_text, roll_up_each,
};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::access::coverage_scope;
use crate::web::extract::{Path, Query};
use crate::web::{Ctx, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// The mid-year figures of campaign `id` for `user` within unit `unit`'s subtree (when given):
/// the year-end figures' units and totals, and each unit's progress rolled up (parents before
/// children), with the totals of the top lines.
pub async fn progress(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    unit: Option<i64>,
) -> AppResult<(Figures, Vec<UnitProgress>, [i64; 8])> {
    progress_of(state, user, figures(state, user, id, unit).await?).await
}

/// The progress rows and top totals of figures `f` (kept per scope at the versions they read).
pub async fn progress_of(
    state: &AppState,
    user: &CurrentUser,
    f: Figures,
) -> AppResult<(Figures, Vec<UnitProgress>, [i64; 8])> {
    let patterns = match &f.unit {
        Some(u) => vec![format!("{}%", u.path)],
        None => coverage_scope(user, &f.c)?.0,
    };
    let versions = &user.seen;
    let own = state
        .caches
        .progress_rows
        .get_or_load(&(f.c.id, patterns.clone()), versions, || async {
            Ok::<_, AppError>(db::statistics::progress_by_unit(&state.db, f.c.id, &patterns).await?)
        })
        .await?;
    let mut all: Vec<(String, [i64; 8])> =
        f.units.iter().map(|u| (u.path.clone(), [0; 8])).collect();
    let at: std::collections::HashMap<String, usize> = all
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (p.clone(), i))
        .collect();
    for (path, p) in own.iter() {
        match at.get(path) {
            Some(&i) => all[i].1 = *p,
            None => all.push((path.clone(), *p)),
        }
    }
    let rolled = roll_up_each(&all);
    let rows: Vec<UnitProgress> = f
        .units
        .iter()
        .map(|u| UnitProgress {
            unit: u.clone(),
            p: rolled.get(&u.path).copied().unwrap_or([0; 8]),
        })
        .collect();
    let mut total = [0i64; 8];
    let top = crate::domain::statistics::tops(
        &rows
            .iter()
            .map(|r| r.unit.path.as_str())
            .collect::<Vec<_>>(),
    );
    for (r, _) in rows.iter().zip(top).filter(|(_, t)| *t) {
        for (t, v) in total.iter_mut().zip(r.p) {
            *t += v;
        }
    }
    Ok((f, rows, total))
}

#[derive(Template)]
#[template(path = "campaigns/midyear.html")]
pub struct MidYearPage {
    pub ctx: Ctx,
    pub f: Figures,
    pub rows: Vec<UnitProgress>,
    pub total: [i64; 8],
    pub q: ReviewQuery,
    pub choices: Vec<(i64, String)>,
    /// the viewer runs the campaign: the mid-year report is theirs to write
    pub report: bool,
    /// per unit below the top, commitments and those with progress reported (numbers in the table)
    pub chart_svg: String,
}

impl MidYearPage {
    fn indent(&self, u: &UnitStat) -> String {
        let top = self.f.units.iter().map(|x| x.depth).min().unwrap_or(0);
        "\u{a0}\u{a0}\u{a0}".repeat((u.depth - top).max(0) as usize)
    }
    fn mean(&self, p: &[i64; 8]) -> String {
        mean_text(p)
    }
    fn selected(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
    fn xlsx_href(&self) -> String {
        match self.q.unit {
            Some(u) => format!("/campaigns/{}/midyear.xlsx?unit={u}", self.f.c.id),
            None => format!("/campaigns/{}/midyear.xlsx", self.f.c.id),
        }
    }
}

/// The units one level below the top of `rows` (or the top alone).
pub fn below_top(rows: &[UnitProgress]) -> Vec<&UnitProgress> {
    let top = rows.iter().map(|r| r.unit.depth).min().unwrap_or(0);
    let below: Vec<&UnitProgress> = rows.iter().filter(|r| r.unit.depth == top + 1).collect();
    if below.is_empty() {
        rows.iter().filter(|r| r.unit.depth == top).collect()
    } else {
        below
    }
}

/// `/campaigns/{id}/midyear`: the mid-year figures.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReviewQuery>,
) -> AppResult<Response> {
    let choices = super::statistics::unit_choices(&figures(&state, &user, id, None).await?);
    let (f, rows, total) = progress(&state, &user, id, q.unit).await?;
    let report = user.manages_campaigns_of(&f.c.issuer_unit_path);
    let below = below_top(&rows);
    let chart_svg = crate::export::charts::paired_bars(
        &below
            .iter()
            .map(|r| r.unit.name.clone())
            .collect::<Vec<_>>(),
        &below
            .iter()
            .map(|r| (r.p[COMMITMENTS], r.p[REPORTED]))
            .collect::<Vec<_>>(),
        (ctx.t("mid.commitments"), ctx.t("mid.reported")),
    )
    .map_err(|e| AppError::Internal(anyhow::anyhow!("chart: {e}")))?;
    render(&MidYearPage {
        chart_svg,
        ctx,
        f,
        rows,
        total,
        q,
        choices,
        report,
    })
}

/// `/campaigns/{id}/midyear.xlsx`: the same lines.
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ReviewQuery>,
) -> AppResult<Response> {
    let (f, rows, _) = progress(&state, &user, id, q.unit).await?;
    let sheets = crate::export::sheets::midyear(&f.c.plan.title, &rows);
    crate::web::files::sheets_response(&sheets, &format!("so-ket-{}.xlsx", f.c.plan.year))
}
