//! The year at a glance (tổng quan), for the Director and for everyone who reads the campaign:
//! figures only, no names. The whole department's people, registrations, proposals, the council's
//! results, awards and their cash, the next date of the plan; per title proposed and awarded; the
//! units one level down, each a link to the same view of that unit (drill-down), with the way back.

use super::statistics::{Figures, charts, figures_in};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::statistics::{CampaignYear, Pipeline};
use crate::domain::dates::today_vn;
use crate::domain::statistics::UnitStat;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::access::Readable;
use crate::web::extract::Query;
use crate::web::{Ctx, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    #[serde(default)]
    pub unit: Option<i64>,
}

#[derive(Template)]
#[template(path = "campaigns/dashboard.html")]
pub struct DashboardPage {
    pub ctx: Ctx,
    pub f: Figures,
    pub p: Pipeline,
    /// the way from the top to the unit shown (each a link)
    pub trail: Vec<(i64, String)>,
    /// the units one level below the one shown
    pub below: Vec<UnitStat>,
    /// the plan's next date from today: its label key and the date
    pub next: Option<(&'static str, NaiveDate)>,
    pub titles_svg: String,
    pub units_svg: String,
}

impl DashboardPage {
    fn share(&self, n: &i64, of: &i64) -> String {
        if *of <= 0 {
            return "—".into();
        }
        format!("{:.0}%", 100.0 * *n as f64 / *of as f64)
    }
    fn cash(&self) -> String {
        crate::export::decision::vnd(self.p.cash)
    }
}

/// The plan's dates still ahead on `today`, the nearest first.
fn next_date(f: &Figures, today: NaiveDate) -> Option<(&'static str, NaiveDate)> {
    let t = &f.c.plan.timeline;
    [
        ("plan.registration_opens", t.registration_opens),
        ("plan.registration_closes", t.registration_closes),
        ("plan.midyear_review", t.midyear_review),
        ("plan.proposal_deadline", t.proposal_deadline),
        ("plan.council_meeting", t.council_meeting),
        ("plan.decision_date", t.decision_date),
    ]
    .into_iter()
    .filter_map(|(k, d)| d.filter(|d| *d >= today).map(|d| (k, d)))
    .min_by_key(|(_, d)| *d)
}

/// `/campaigns/{id}/dashboard`: the year at a glance, of the whole issuer's tree or of one unit.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<DashboardQuery>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let whole = vec![format!("{}%", c.issuer_unit_path)];
    let all = figures_in(&state, &user, c.clone(), whole.clone(), None).await?;
    let f = match q.unit {
        Some(_) => figures_in(&state, &user, c, whole, q.unit).await?,
        None => all,
    };
    let (here, depth) = match &f.unit {
        Some(u) => (u.path.clone(), u.depth),
        None => (
            f.c.issuer_unit_path.clone(),
            f.units.iter().map(|u| u.depth).min().unwrap_or(0),
        ),
    };
    let trail = match &f.unit {
        Some(u) => db::units::all(&state.db)
            .await?
            .into_iter()
            .filter(|x| u.path.starts_with(&x.path) && x.path.starts_with(&f.c.issuer_unit_path))
            .map(|x| (x.id, x.name.to_string()))
            .collect(),
        None => Vec::new(),
    };
    let below = f
        .units
        .iter()
        .filter(|u| u.depth == depth + 1 && u.path.starts_with(&here))
        .cloned()
        .collect();
    let versions = &user.seen;
    let (cid, year) = (f.c.id, f.c.plan.year);
    let p = state
        .caches
        .pipelines
        .get_or_load(&(cid, here.clone()), versions, || async {
            Ok::<_, AppError>(
                db::statistics::pipeline(
                    &state.db,
                    CampaignYear {
                        campaign: cid,
                        year,
                    },
                    &[format!("{here}%")],
                )
                .await?,
            )
        })
        .await?
        .as_ref()
        .clone();
    let (titles_svg, units_svg) = charts(&f, &ctx)?;
    render(&DashboardPage {
        next: next_date(&f, today_vn()),
        ctx,
        f,
        p,
        trail,
        below,
        titles_svg,
        units_svg,
    })
}
