//! The Office's view across units: every proposed line with its eligibility, flags and dossier
//! status, filterable by title, unit and status, how long each proposal has waited and which are
//! overdue, exported to .xlsx; and the same lines as JSON for other systems.

use crate::auth::{CurrentUser, MaybeUser};
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::keys::Page;
use crate::db::proposals::{LineFilter, OfficeLine};
use crate::domain::dates::{today_vn, vn_day};
use crate::domain::paging::Paging;
use crate::domain::proposal::{LineStatus, ProposalStatus, missing_documents, waited};
use crate::error::{ApiError, AppError, AppResult};
use crate::export::xlsx::{Cell, Sheet};
use crate::state::AppState;
use crate::web::access::readable;
use crate::web::extract::{Path, Query};
use crate::web::files::sheets_response;
use crate::web::{Ctx, render, urlencode};
use askama::Template;
use axum::Json;
use axum::extract::{Extension, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub unit: Option<i64>,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub page: Option<i64>,
}

/// A line with its dossier's state and its proposal's wait.
pub struct Row {
    pub l: OfficeLine,
    pub missing: Vec<&'static str>,
    pub waited: Option<(u32, bool)>,
}

#[derive(Template)]
#[template(path = "proposals/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub rows: Vec<Row>,
    pub q: ListQuery,
    pub paging: Paging,
    /// counts per line status over the filtered lines
    pub counts: Vec<(&'static str, usize)>,
    pub overdue: usize,
    pub titles: Vec<(String, String)>,
    pub units: Vec<(i64, String)>,
}

impl ListPage {
    fn query_string(&self) -> String {
        format!(
            "?title={}&unit={}&status={}",
            urlencode(&self.q.title),
            self.q.unit.map(|u| u.to_string()).unwrap_or_default(),
            urlencode(&self.q.status)
        )
    }
    fn unit_selected(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
}

/// The lines of campaign `c` the user may see that pass `filter` (all of them: the workbook, the
/// API).
async fn visible_lines(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    filter: &LineFilter,
) -> AppResult<Vec<OfficeLine>> {
    let everyone = vec![format!("{}%", c.issuer_unit_path)];
    let all = Page::ALL;
    Ok(match crate::web::evaluation::visible_patterns(user, c) {
        None => db::proposals::campaign_lines(&state.db, c.id, &everyone, filter, all).await?,
        Some(p) if !p.is_empty() => {
            db::proposals::campaign_lines(&state.db, c.id, &p, filter, all).await?
        }
        Some(_) => {
            let own = user.person_id;
            let mut lines = match own {
                Some(_) => {
                    db::proposals::campaign_lines(&state.db, c.id, &everyone, filter, all).await?
                }
                None => Vec::new(),
            };
            lines.retain(|l| l.person_id.is_some() && l.person_id == own);
            lines
        }
    })
}

/// What the list shows of each line's dossier and wait.
struct Waits {
    cal: crate::domain::workdays::Calendar,
    check: u32,
    supplement: u32,
    today: chrono::NaiveDate,
}

impl Waits {
    async fn load(state: &AppState, c: &CampaignRow) -> AppResult<Waits> {
        let (check, supplement) = db::proposals::rule_set_periods(&state.db, c.rule_set_id).await?;
        Ok(Waits {
            cal: db::calendar::calendar(&state.db).await?,
            check,
            supplement,
            today: today_vn(),
        })
    }
    /// Working days the proposal of line `l` has waited, and whether overdue.
    fn of(&self, l: &OfficeLine) -> Option<(u32, bool)> {
        match l.proposal_status {
            ProposalStatus::Submitted => l
                .submitted_at
                .map(|t| waited(&self.cal, vn_day(t), self.today, self.check)),
            ProposalStatus::Returned => l
                .returned_at
                .map(|t| waited(&self.cal, vn_day(t), self.today, self.supplement)),
            _ => None,
        }
    }
    fn row(&self, l: OfficeLine) -> Row {
        let waited = self.of(&l);
        row(l, waited)
    }
}

/// A line of the list: its dossier's missing documents, and its wait.
fn row(l: OfficeLine, waited: Option<(u32, bool)>) -> Row {
    let missing = missing_documents(
        &l.required,
        &l.attached,
        l.minutes_signed,
        (l.report_written, l.achievement.is_some()),
    )
    .into_iter()
    .map(|k| {
        db::documents::KINDS
            .iter()
            .find(|x| **x == k)
            .copied()
            .unwrap_or("other")
    })
    .collect();
    Row { l, missing, waited }
}

/// Only whoever runs the campaign and the council see the list across units.
async fn office_campaign(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<CampaignRow> {
    let c = readable(state, user, id).await?;
    user.require(user.sees_all_eligibility(&c.issuer_unit_path))?;
    Ok(c)
}

fn filter_of(q: &ListQuery) -> LineFilter {
    LineFilter {
        title: q.title.clone(),
        unit: q.unit,
        status: q.status.clone(),
    }
}

/// Every line of the campaign and what its waits are counted with, from this server's memory while
/// no proposal, line, document, review, person, rule set or holiday changed and the day is the same
/// (loaded otherwise).
async fn all_lines(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<std::sync::Arc<crate::caches::OfficeList>> {
    let everyone = vec![format!("{}%", c.issuer_unit_path)];
    let today = today_vn();
    let versions = &user.seen;
    state
        .caches
        .proposal_lines
        .get_or_load(&c.id, versions, || async {
            let lines = db::proposals::campaign_lines(
                &state.db,
                c.id,
                &everyone,
                &LineFilter::default(),
                Page::ALL,
            )
            .await?;
            let (check, supplement) =
                db::proposals::rule_set_periods(&state.db, c.rule_set_id).await?;
            let w = Waits {
                cal: db::calendar::calendar(&state.db).await?,
                check,
                supplement,
                today,
            };
            let mut titles: Vec<(String, String, String)> = Vec::new();
            let mut units: Vec<(i64, String)> = Vec::new();
            for l in &lines {
                if !titles.iter().any(|t| t.0 == l.title_code) {
                    let names = (l.title_name_vi.clone(), l.title_name_en.clone());
                    titles.push((l.title_code.clone(), names.0, names.1));
                }
                if units.last().is_none_or(|u| u.0 != l.unit_id) {
                    units.push((l.unit_id, l.unit_name.clone()));
                }
            }
            Ok::<_, AppError>(crate::caches::OfficeList {
                waits: lines.iter().map(|l| w.of(l)).collect(),
                titles,
                units,
                lines,
            })
        })
        .await
}

/// The list: the campaign's lines from memory, filtered, counted per status and paged here.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let c = office_campaign(&state, &user, id).await?;
    let list = all_lines(&state, &user, &c).await?;
    let mut titles: Vec<(String, String)> = list
        .titles
        .iter()
        .map(|(code, vi, en)| (code.clone(), ctx.name(vi, en).to_string()))
        .collect();
    titles.sort_by(|a, b| a.1.cmp(&b.1));
    let units = list.units.clone();
    // one pass: the lines the title and unit filters keep, counted per status
    let mut counts = [0usize; LineStatus::ALL.len()];
    let mut shown: Vec<usize> = Vec::new();
    for (i, l) in list.lines.iter().enumerate() {
        if (!q.title.is_empty() && l.title_code != q.title)
            || q.unit.is_some_and(|u| u != l.unit_id)
        {
            continue;
        }
        if let Some(k) = LineStatus::ALL.iter().position(|s| *s == l.status) {
            counts[k] += 1;
        }
        if q.status.is_empty() || l.status.code() == q.status {
            shown.push(i);
        }
    }
    let counts = LineStatus::ALL
        .iter()
        .zip(counts)
        .map(|(s, n)| (s.code(), n))
        .collect();
    let overdue = shown
        .iter()
        .filter(|&&i| list.waits[i].is_some_and(|w| w.1))
        .count();
    let paging = Paging::new(q.page, None, shown.len() as i64);
    let rows = shown
        .into_iter()
        .skip(paging.offset() as usize)
        .take(paging.per_page as usize)
        .map(|i| row(list.lines[i].clone(), list.waits[i]))
        .collect();
    render(&ListPage {
        ctx,
        c,
        rows,
        q,
        paging,
        counts,
        overdue,
        titles,
        units,
    })
}

/// The filtered lines as a workbook.
pub async fn list_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let c = office_campaign(&state, &user, id).await?;
    let lines = visible_lines(&state, &user, &c, &filter_of(&q)).await?;
    let waits = Waits::load(&state, &c).await?;
    let all: Vec<Row> = lines.into_iter().map(|l| waits.row(l)).collect();
    let text = |s: &str| Cell::Text(s.to_string());
    let sheet = Sheet {
        name: "Đề nghị".into(),
        title: format!("Danh sách đề nghị khen thưởng — {}", c.plan.title),
        headers: [
            "Mã đơn vị",
            "Đơn vị",
            "Đối tượng",
            "Danh hiệu, hình thức",
            "Điều kiện",
            "Điều kiện chưa đạt",
            "Giải trình, thành tích đột xuất",
            "Hồ sơ còn thiếu",
            "Trạng thái",
            "Nộp muộn",
            "Số ngày làm việc chờ",
            "Quá hạn",
        ]
        .map(String::from)
        .to_vec(),
        rows: all
            .iter()
            .map(|r| {
                vec![
                    text(&r.l.unit_code),
                    text(&r.l.unit_name),
                    text(&r.l.subject),
                    text(&r.l.title_name_vi),
                    text(match r.l.eligibility.as_str() {
                        _ if r.l.achievement.is_some() => "Khen thưởng đột xuất",
                        "eligible" => "Đủ điều kiện",
                        "not_eligible" => "Chưa đủ điều kiện",
                        _ => "Cần xem xét",
                    }),
                    text(&r.l.failed),
                    text(
                        r.l.achievement
                            .as_deref()
                            .or(r.l.justification.as_deref())
                            .unwrap_or(""),
                    ),
                    text(
                        &r.missing
                            .iter()
                            .map(|k| doc_kind_vi(k))
                            .collect::<Vec<_>>()
                            .join("; "),
                    ),
                    text(match r.l.status {
                        LineStatus::Draft => "Dự thảo",
                        LineStatus::Submitted => "Đã gửi",
                        LineStatus::Returned => "Trả lại bổ sung",
                        LineStatus::Accepted => "Đã tiếp nhận",
                        LineStatus::Rejected => "Không tiếp nhận",
                    }),
                    text(if r.l.late { "Có" } else { "" }),
                    r.waited
                        .map(|w| Cell::Int(i64::from(w.0)))
                        .unwrap_or(Cell::Empty),
                    text(if r.waited.is_some_and(|w| w.1) {
                        "Có"
                    } else {
                        ""
                    }),
                ]
            })
            .collect(),
        widths: vec![
            12.0, 30.0, 28.0, 30.0, 16.0, 40.0, 40.0, 30.0, 16.0, 10.0, 12.0, 10.0,
        ],
    };
    sheets_response(
        &[sheet],
        &format!("de-nghi-khen-thuong-{}-{}.xlsx", c.plan.year, c.id),
    )
}

/// A document kind in Vietnamese (the workbook speaks it).
fn doc_kind_vi(k: &str) -> &'static str {
    match k {
        "review_minutes" => "Biên bản bình xét",
        "achievement_report" => "Báo cáo thành tích",
        "achievement_summary" => "Báo cáo tóm tắt thành tích đột xuất",
        "initiative_certificate" => "Chứng nhận sáng kiến",
        "achievement_certification" => "Xác nhận thành tích",
        "photo" => "Ảnh",
        _ => "Khác",
    }
}

// --- API -----------------------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
#[schema(as = ProposalDocument)]
pub struct DocumentJson {
    #[schema(schema_with = doc_kinds)]
    pub kind: String,
    pub name: String,
    /// SHA-256 of the file, lower-case hex
    pub sha256: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = ProposalLine)]
pub struct ProposalLineJson {
    pub id: i64,
    pub unit_code: String,
    #[schema(schema_with = crate::web::schema::subjects)]
    pub subject: &'static str,
    /// the person the line is about; null for the unit itself
    pub person_id: Option<i64>,
    pub title_code: String,
    #[schema(schema_with = line_statuses)]
    pub status: &'static str,
    /// the answer when the line was last built or submitted
    #[schema(schema_with = crate::web::schema::outcomes)]
    pub eligibility: String,
    /// what the unit explains of a line the app could not decide; null when none was written
    pub justification: Option<String>,
    /// the exceptional achievement an ad-hoc line (khen thưởng đột xuất) is proposed for; null for
    /// a line of the year's review
    pub achievement: Option<String>,
    /// the line's documents and the review's signed minutes
    pub documents: Vec<DocumentJson>,
}

fn line_statuses() -> utoipa::openapi::schema::Object {
    crate::web::schema::one_of(LineStatus::ALL.iter().map(|s| s.code()))
}

fn doc_kinds() -> utoipa::openapi::schema::Object {
    crate::web::schema::one_of(db::documents::KINDS)
}

/// The proposal lines of a campaign the user may see: all of them for whoever runs the campaign
/// and the council, the subtrees they head for unit heads, the lines about themselves for anyone
/// else.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/proposals",
    operation_id = "listCampaignProposals",
    summary = "Proposal lines of a campaign, scoped like the pages",
    security(("session" = [])),
    params(("id" = i64, Path, description = "the campaign's id")),
    responses(
        (status = 200, description = "Lines in unit order, the unit's own line first", body = Vec<ProposalLineJson>),
        (status = 404, description = "No such campaign (or a draft the user may not see)", body = crate::error::ApiErrorBody)
    )
)]
pub async fn api(
    State(state): State<AppState>,
    Extension(user): Extension<MaybeUser>,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ProposalLineJson>>, ApiError> {
    let user = user
        .0
        .ok_or(AppError::Unauthenticated { next: "/".into() })?;
    let c = readable(&state, &user, id).await?;
    let lines = visible_lines(&state, &user, &c, &LineFilter::default()).await?;
    Ok(Json(
        lines
            .into_iter()
            .map(|l| ProposalLineJson {
                id: l.id,
                unit_code: l.unit_code,
                subject: if l.person_id.is_some() {
                    "person"
                } else {
                    "unit"
                },
                person_id: l.person_id,
                title_code: l.title_code,
                status: l.status.code(),
                eligibility: l.eligibility,
                justification: l.justification,
                achievement: l.achievement,
                documents: serde_json::from_value::<Vec<DocJsonIn>>(l.documents)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| DocumentJson {
                        kind: d.kind,
                        name: d.name,
                        sha256: d.sha256,
                    })
                    .collect(),
            })
            .collect(),
    ))
}

#[derive(Deserialize)]
struct DocJsonIn {
    kind: String,
    name: String,
    sha256: String,
}
