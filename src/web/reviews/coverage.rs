//! Who has registered: the Office's coverage (per unit, rolled up the tree; who is missing), the unit
//! head's view of their unit, and its .xlsx export. (The campaign's registered initiatives are in
//! campaign_initiatives.rs, a unit's collective registration in collective.rs.)

use crate::auth::CurrentUser;
use crate::db::campaigns::{CampaignRow, TitleRow};
use crate::db::registrations::{MemberRow, UnitCounts};
use crate::db::{self};
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::paging::Paging;
use crate::domain::roles::{Role, scope_patterns};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::access::Readable;
use crate::web::access::{coverage_scope, readable};
use crate::web::extract::{Path, Query};
use crate::web::files::sheets_response;
use crate::web::{Ctx, render, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

pub use crate::domain::coverage::{CoverageRow, roll_up};

/// Units by depth, then by name in the Vietnamese collation (ranks from the in-memory directory).
async fn in_unit_order(
    state: &AppState,
    user: &CurrentUser,
    mut units: Vec<UnitCounts>,
) -> AppResult<Vec<UnitCounts>> {
    let dir = state
        .caches
        .directory
        .snapshot(
            &state.db,
            user.seen.get(crate::db::versioned::Version::People),
        )
        .await?;
    units.sort_by_key(|u| {
        (
            u.depth,
            dir.unit_by_id(u.unit_id).map_or(u32::MAX, |x| x.name_rank),
        )
    });
    Ok(units)
}

#[derive(Deserialize, Default)]
pub struct CoverageQuery {
    #[serde(default)]
    pub unit: Option<i64>,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template)]
#[template(path = "registrations/coverage.html")]
pub struct CoveragePage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub stage: Stage,
    pub overview: Arc<Overview>,
    pub min_depth: i32,
    pub members: Vec<MemberRow>,
    pub paging: Paging,
    pub q: CoverageQuery,
    pub titles: Vec<TitleRow>,
    pub manage: bool,
    pub heading: &'static str,
    pub base: String,
    /// the people list is shown (a filter is chosen, or a unit head's own unit)
    pub listing: bool,
}

impl CoveragePage {
    fn indent(&self, r: &CoverageRow) -> usize {
        (r.unit.depth - self.min_depth).max(0) as usize
    }
    fn pct(&self, r: &CoverageRow) -> String {
        if r.people == 0 {
            "—".into()
        } else {
            format!("{}%", r.registered * 100 / r.people)
        }
    }
    fn member_status(&self, m: &MemberRow) -> &'static str {
        match m.status {
            Some(s) if s.is_registered() => self.ctx.label("regstatus", s.code()),
            _ => self.ctx.t("regstatus.missing"),
        }
    }
    fn is_unit(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
    fn total(&self) -> Option<&CoverageRow> {
        self.overview.rows.iter().min_by_key(|r| r.unit.depth)
    }
    fn export_href(&self) -> String {
        format!(
            "/campaigns/{}/coverage.xlsx?{}",
            self.c.id,
            self.filter_query()
        )
    }
    fn filter_query(&self) -> String {
        let mut q = format!(
            "status={}&title={}",
            urlencode(&self.q.status),
            urlencode(&self.q.title)
        );
        if let Some(u) = self.q.unit {
            q.push_str(&format!("&unit={u}"));
        }
        q
    }
    fn page_base(&self) -> String {
        format!("{}?{}", self.base, self.filter_query())
    }
}

const STATUSES: [&str; 6] = [
    "missing",
    "draft",
    "submitted",
    "returned",
    "confirmed",
    "withdrawn",
];

fn status_filter(s: &str) -> Option<String> {
    STATUSES.contains(&s).then(|| s.to_string())
}

pub use crate::caches::{CoverageCache as OverviewCache, Overview};

/// The overview from this server's memory when it is as new as the request's versions (every
/// registration, reopening, unit or people change bumps one of them), otherwise from the counters.
pub async fn overview(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    scope: &[String],
) -> AppResult<Arc<Overview>> {
    let key = (c.id, scope.to_vec());
    let versions = &user.seen;
    state
        .caches
        .coverage
        .get_or_load(&key, versions, || async {
            let units = db::registrations::unit_counts(&state.db, c.id, scope).await?;
            let rows = roll_up(in_unit_order(state, user, units).await?);
            let reopenings = db::registrations::reopenings(&state.db, c.id).await?;
            Ok(Overview { rows, reopenings })
        })
        .await
}

/// The coverage rows a user may see for a campaign (the API's answer).
pub async fn coverage_rows(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<Arc<Overview>> {
    let c = readable(state, user, id).await?;
    let (scope, _) = coverage_scope(user, &c)?;
    overview(state, user, &c, &scope).await
}

async fn load_coverage(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    scope: &[String],
    q: &CoverageQuery,
    limit: i64,
    page: Option<i64>,
) -> AppResult<(Arc<Overview>, Vec<MemberRow>, Paging)> {
    let o = overview(state, user, c, scope).await?;
    let rows = &o.rows;
    let unit_path = match q.unit {
        Some(id) => Some(
            rows.iter()
                .find(|r| r.unit.unit_id == id)
                .map(|r| r.unit.path.clone())
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let status = status_filter(&q.status);
    let title = (!q.title.trim().is_empty()).then(|| q.title.trim().to_string());
    // the number of matches from the counters (kept by triggers) when they can answer; the counters
    // count registrations in the unit they were made in, people in their unit now
    let from_counters = |r: &CoverageRow| -> Option<i64> {
        match status.as_deref() {
            None => Some(r.people),
            Some("missing") => Some(r.missing),
            Some("submitted") => Some(r.pending),
            Some("returned") => Some(r.returned),
            Some("confirmed") => Some(r.confirmed),
            _ => None,
        }
    };
    let top = match q.unit {
        Some(id) => rows.iter().find(|r| r.unit.unit_id == id),
        None => None,
    };
    let counted = if title.is_none() {
        match top {
            Some(r) => from_counters(r),
            // the whole scope: the top-level rows (no ancestor in the list)
            None => rows
                .iter()
                .filter(|r| {
                    !rows.iter().any(|o| {
                        o.unit.unit_id != r.unit.unit_id && r.unit.path.starts_with(&o.unit.path)
                    })
                })
                .map(from_counters)
                .sum::<Option<i64>>(),
        }
    } else {
        None
    };
    let total = match counted {
        Some(n) => n,
        None => {
            db::registrations::count_members(
                &state.db,
                c.id,
                scope,
                unit_path.as_deref(),
                status.as_deref(),
                title.as_deref(),
            )
            .await?
        }
    };
    let paging = Paging::new(page, Some(limit), total);
    // an export (limit above a page's maximum) takes every row
    let (take, skip) = if limit > 200 {
        (i64::MAX, 0)
    } else {
        (paging.per_page, paging.offset())
    };
    let members = db::registrations::members(
        &state.db,
        c.id,
        scope,
        unit_path.as_deref(),
        status.as_deref(),
        title.as_deref(),
        take,
        skip,
    )
    .await?;
    Ok((o, members, paging))
}

async fn coverage_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    id: i64,
    q: CoverageQuery,
    unit_view: bool,
) -> AppResult<Response> {
    let c = readable(state, user, id).await?;
    let (scope, manage) = if unit_view {
        let heads: Vec<String> = scope_patterns(&user.grants, |r| r == Role::UnitHead)
            .into_iter()
            .filter(|p| p.starts_with(&c.issuer_unit_path))
            .collect();
        user.require(!heads.is_empty())?;
        (heads, false)
    } else {
        let (s, m) = coverage_scope(user, &c)?;
        user.require(m)?;
        (s, m)
    };
    // the whole department's people (thousands) are listed once a unit, status or title is chosen;
    // until then the page is the overview by unit, whose counts link to the lists
    let listing = unit_view
        || q.unit.is_some()
        || !q.status.is_empty()
        || !q.title.is_empty()
        || q.page.is_some();
    let (overview, members, paging) = if listing {
        load_coverage(state, user, &c, &scope, &q, 50, q.page).await?
    } else {
        let o = overview(state, user, &c, &scope).await?;
        (o, Vec::new(), Paging::new(None, None, 0))
    };
    let titles = crate::web::access::individual_titles(state, user, &c).await?;
    let min_depth = overview
        .rows
        .iter()
        .map(|r| r.unit.depth)
        .min()
        .unwrap_or(0);
    render(&CoveragePage {
        ctx,
        stage: c.stage_on(today_vn()),
        base: if unit_view {
            format!("/campaigns/{id}/unit")
        } else {
            format!("/campaigns/{id}/coverage")
        },
        c,
        overview,
        min_depth,
        members,
        paging,
        q,
        titles,
        manage,
        heading: if unit_view {
            "cov.unit_title"
        } else {
            "cov.title"
        },
        listing,
    })
}

pub async fn coverage(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<CoverageQuery>,
) -> AppResult<Response> {
    coverage_page(&state, ctx, &user, id, q, false).await
}

/// The unit head's view: their unit's people and registrations to confirm or return.
pub async fn unit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<CoverageQuery>,
) -> AppResult<Response> {
    coverage_page(&state, ctx, &user, id, q, true).await
}

/// Coverage as a workbook: the units (rolled up) and every person matching the filters.
pub async fn coverage_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<CoverageQuery>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let (scope, _) = coverage_scope(&user, &c)?;
    let (overview, members, _) =
        load_coverage(&state, &user, &c, &scope, &q, i64::MAX / 8, None).await?;
    let sheets = crate::export::sheets::coverage(&c.plan.title, &overview.rows, &members);
    sheets_response(
        &sheets,
        &format!("dang-ky-thi-dua-{}-{}.xlsx", c.plan.year, c.id),
    )
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = UnitCoverage)]
pub struct CoverageJson {
    pub unit_code: String,
    pub unit_name: String,
    /// active people in the unit and the units below it
    pub people: i64,
    /// registrations sent (pending + returned + confirmed)
    pub registered: i64,
    pub confirmed: i64,
    /// sent, awaiting the unit head
    pub pending: i64,
    pub returned: i64,
    /// people without a sent registration
    pub missing: i64,
}

/// Registration counts per unit (rolled up the tree), for whoever runs the campaign (all its
/// units) or a unit head (their subtree).
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/coverage",
    operation_id = "getCampaignCoverage",
    summary = "Registration coverage per unit, rolled up the tree",
    security(("session" = [])),
    params(("id" = i64, Path, description = "the campaign's id")),
    responses(
        (status = 200, description = "One row per unit in the user's scope, parents before children", body = Vec<CoverageJson>),
        (status = 400, description = "An id that is not a number", body = crate::error::ApiErrorBody),
        (status = 403, description = "Neither running the campaign nor heading a unit in it (or the password must be changed first)", body = crate::error::ApiErrorBody),
        (status = 404, description = "No such campaign (or a draft the user may not see)", body = crate::error::ApiErrorBody)
    )
)]
pub async fn api(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Extension(user): axum::extract::Extension<crate::auth::MaybeUser>,
    crate::web::extract::Path(id): crate::web::extract::Path<i64>,
) -> Result<axum::Json<Vec<CoverageJson>>, crate::error::ApiError> {
    let user = crate::web::schema::signed_in(user)?;
    let overview = coverage_rows(&state, &user, id).await?;
    Ok(axum::Json(
        overview
            .rows
            .iter()
            .map(|r| CoverageJson {
                unit_code: r.unit.code.clone(),
                unit_name: r.unit.name.clone(),
                people: r.people,
                registered: r.registered,
                confirmed: r.confirmed,
                pending: r.pending,
                returned: r.returned,
                missing: r.missing,
            })
            .collect(),
    ))
}
