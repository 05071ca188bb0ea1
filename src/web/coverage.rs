//! Who has registered: the Office's coverage (per unit, rolled up the tree; who is missing), the unit
//! head's view of their unit, and its .xlsx export. (The campaign's registered initiatives are in
//! campaign_initiatives.rs, a unit's collective registration in collective.rs.)

use super::campaigns::readable;
use super::extract::{Path, Query};
use super::{Ctx, render, urlencode};
use crate::auth::CurrentUser;
use crate::db::campaigns::{CampaignRow, TitleRow};
use crate::db::registrations::{MemberRow, ReopeningRow, UnitCounts};
use crate::db::versioned::VersionedCache;
use crate::db::{self};
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::paging::Paging;
use crate::domain::roles::{Role, scope_patterns};
use crate::error::{AppError, AppResult};
use crate::export::xlsx::{self, Cell, Sheet};
use crate::startup::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

/// A unit's line in the coverage table, its own counts and its subtree's.
#[derive(Clone, Debug)]
pub struct CoverageRow {
    pub unit: UnitCounts,
    pub people: i64,
    pub registered: i64,
    pub confirmed: i64,
    pub pending: i64,
    pub returned: i64,
    pub missing: i64,
}

/// Units by depth, then by name in the Vietnamese collation (ranks from the in-memory directory).
async fn in_unit_order(
    state: &AppState,
    user: &CurrentUser,
    mut units: Vec<UnitCounts>,
) -> AppResult<Vec<UnitCounts>> {
    let dir = state
        .directory
        .snapshot(&state.db, user.people_version)
        .await?;
    units.sort_by_key(|u| {
        (
            u.depth,
            dir.unit_by_id(u.unit_id).map_or(u32::MAX, |x| x.name_rank),
        )
    });
    Ok(units)
}

/// Sums every unit's subtree (paths are materialised, so a subtree is a path prefix).
pub fn roll_up(units: Vec<UnitCounts>) -> Vec<CoverageRow> {
    let mut out: Vec<CoverageRow> = units
        .iter()
        .map(|u| {
            let sub: Vec<&UnitCounts> = units
                .iter()
                .filter(|x| x.path.starts_with(&u.path))
                .collect();
            let people: i64 = sub.iter().map(|x| x.people).sum();
            let confirmed: i64 = sub.iter().map(|x| x.confirmed).sum();
            let pending: i64 = sub.iter().map(|x| x.submitted).sum();
            let returned: i64 = sub.iter().map(|x| x.returned).sum();
            let registered = confirmed + pending + returned;
            CoverageRow {
                unit: u.clone(),
                people,
                registered,
                confirmed,
                pending,
                returned,
                missing: (people - registered).max(0),
            }
        })
        .collect();
    // tree order: parents before their children, siblings by name (units come by depth then name)
    let order = super::units::tree_order(
        &out,
        |r| r.unit.unit_id,
        |r| {
            let ids: Vec<&str> = r.unit.path.trim_matches('/').split('/').collect();
            (ids.len() >= 2)
                .then(|| ids[ids.len() - 2].parse().ok())
                .flatten()
        },
    );
    let mut sorted = Vec::with_capacity(out.len());
    for i in order {
        sorted.push(out[i].clone());
    }
    out.clear();
    sorted
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
        match m.status.as_deref() {
            Some(s) if s != "draft" && s != "withdrawn" => self.ctx.label("regstatus", s),
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

/// The scope of a coverage view: whoever runs the campaign sees all its units; a unit head their
/// subtree. Returns (LIKE patterns, runs the campaign).
pub(crate) fn coverage_scope(
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<(Vec<String>, bool)> {
    if user.manages_campaigns_of(&c.issuer_unit_path) {
        return Ok((vec![format!("{}%", c.issuer_unit_path)], true));
    }
    let heads: Vec<String> = scope_patterns(&user.grants, |r| r == Role::UnitHead)
        .into_iter()
        .filter(|p| p.starts_with(&c.issuer_unit_path))
        .collect();
    if heads.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok((heads, false))
}

/// A campaign's coverage by unit under a scope (rolled up, in tree order) and its reopenings.
pub struct Overview {
    pub rows: Vec<CoverageRow>,
    pub reopenings: Vec<ReopeningRow>,
}

/// The cache of overviews on this server, keyed by (campaign, scope patterns), valid for the
/// registrations and people versions it was loaded at.
pub type OverviewCache = VersionedCache<(i64, Vec<String>), Overview, 2>;

/// The overview from this server's memory when it is as new as the request's versions (every
/// registration, reopening, unit or people change bumps one of them), otherwise from the counters.
pub async fn overview(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    scope: &[String],
) -> AppResult<Arc<Overview>> {
    let key = (c.id, scope.to_vec());
    let versions = [user.registrations_version, user.people_version];
    if let Some(o) = state.coverage.get(&key, versions) {
        return Ok(o);
    }
    let units = db::registrations::unit_counts(&state.db, c.id, scope).await?;
    let rows = roll_up(in_unit_order(state, user, units).await?);
    let reopenings = db::registrations::reopenings(&state.db, c.id).await?;
    let o = Arc::new(Overview { rows, reopenings });
    state.coverage.put(key, versions, o.clone());
    Ok(o)
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
    let titles = super::registrations::individual_titles(state, user, &c).await?;
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

pub(crate) fn xlsx_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn status_text(m: &MemberRow) -> &'static str {
    match m.status.as_deref() {
        Some("submitted") => "Chờ xác nhận",
        Some("returned") => "Trả lại",
        Some("confirmed") => "Đã xác nhận",
        _ => "Chưa đăng ký",
    }
}

/// Coverage as a workbook: the units (rolled up) and every person matching the filters.
pub async fn coverage_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<CoverageQuery>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let (scope, _) = coverage_scope(&user, &c)?;
    let (overview, members, _) =
        load_coverage(&state, &user, &c, &scope, &q, i64::MAX / 8, None).await?;
    let rows = &overview.rows;
    let min_depth = rows.iter().map(|r| r.unit.depth).min().unwrap_or(0);
    let units = Sheet {
        name: "Đơn vị".into(),
        title: format!("Tình hình đăng ký thi đua — {}", c.plan.title),
        headers: [
            "Mã đơn vị",
            "Tên đơn vị",
            "Số người",
            "Đã đăng ký",
            "Đã xác nhận",
            "Chờ xác nhận",
            "Trả lại",
            "Chưa đăng ký",
            "Đăng ký tập thể",
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.unit.code.clone()),
                    Cell::Text(format!(
                        "{}{}",
                        "  ".repeat((r.unit.depth - min_depth).max(0) as usize),
                        r.unit.name
                    )),
                    Cell::Int(r.people),
                    Cell::Int(r.registered),
                    Cell::Int(r.confirmed),
                    Cell::Int(r.pending),
                    Cell::Int(r.returned),
                    Cell::Int(r.missing),
                    Cell::Text(match r.unit.collective_status.as_deref() {
                        Some("submitted") => "Đã gửi".into(),
                        Some("confirmed") => "Văn phòng đã nhận".into(),
                        Some("returned") => "Trả lại".into(),
                        Some("draft") => "Đang soạn".into(),
                        _ => "Chưa đăng ký".into(),
                    }),
                ]
            })
            .collect(),
        widths: vec![12.0, 48.0, 10.0, 12.0, 12.0, 12.0, 10.0, 12.0, 18.0],
    };
    let people = Sheet {
        name: "Cán bộ".into(),
        title: format!("Danh sách đăng ký thi đua — {}", c.plan.title),
        headers: [
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị",
            "Danh hiệu đăng ký",
            "Tình trạng",
            "Ngày gửi",
            "Gửi muộn",
        ]
        .map(String::from)
        .to_vec(),
        rows: members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::Text(m.full_name.clone()),
                    Cell::Text(m.position.clone().unwrap_or_default()),
                    Cell::Text(m.unit_name.clone()),
                    Cell::Text(m.title_vi.clone().unwrap_or_default()),
                    Cell::Text(status_text(m).into()),
                    match (m.submitted_at, m.status.as_deref()) {
                        (Some(t), Some("submitted" | "returned" | "confirmed")) => Cell::Date(
                            t.with_timezone(&crate::domain::dates::vn_offset())
                                .date_naive(),
                        ),
                        _ => Cell::Empty,
                    },
                    Cell::Text(if m.late == Some(true) {
                        "Có".into()
                    } else {
                        String::new()
                    }),
                ]
            })
            .collect(),
        widths: vec![6.0, 30.0, 24.0, 40.0, 28.0, 16.0, 12.0, 10.0],
    };
    let bytes = xlsx::workbook(&[units, people])
        .map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    Ok(xlsx_response(
        bytes,
        &format!("dang-ky-thi-dua-{}-{}.xlsx", c.plan.year, c.id),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: i64, path: &str, people: i64, confirmed: i64, submitted: i64) -> UnitCounts {
        UnitCounts {
            unit_id: id,
            code: format!("U{id}"),
            name: format!("Unit {id}"),
            path: path.into(),
            depth: path.matches('/').count() as i32 - 2,
            people,
            submitted,
            returned: 0,
            confirmed,
            draft: 0,
            withdrawn: 0,
            collective_status: None,
            collective_id: None,
        }
    }

    #[test]
    fn counts_roll_up_the_tree() {
        let rows = roll_up(vec![
            u(1, "/1/", 2, 1, 0),
            u(2, "/1/2/", 10, 4, 3),
            u(3, "/1/3/", 5, 0, 0),
            u(4, "/1/2/4/", 3, 3, 0),
        ]);
        let ids: Vec<i64> = rows.iter().map(|r| r.unit.unit_id).collect();
        assert_eq!(ids, vec![1, 2, 4, 3]);
        let root = &rows[0];
        assert_eq!((root.people, root.registered, root.missing), (20, 11, 9));
        let two = &rows[1];
        assert_eq!(
            (two.people, two.confirmed, two.pending, two.missing),
            (13, 7, 3, 3)
        );
    }
}
