//! The draft reports: the mid-year one (sơ kết) and the year-end one (báo cáo tổng kết). Those who
//! run the campaign edit their text parts in the app (`/campaigns/{id}/midyear/report`,
//! `/campaigns/{id}/review/report`, the figures beside them) and download them as .docx
//! (`/campaigns/{id}/midyear.docx`, `/campaigns/{id}/review.docx`), the Department's figures, tables
//! and charts filled in.

use super::midyear::{below_top, progress_of};
use super::statistics::{Figures, figures};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::review_reports::{ReportText, SavedReport};
use crate::domain::dates::today_vn;
use crate::domain::names::clean_block;
use crate::domain::statistics::{COMMITMENTS, INITIATIVES, REPORTED, mean_text};
use crate::error::{AppError, AppResult};
use crate::export::year_report::{
    MidReport, ReportHead, YearReport, mid_starting_text, starting_text,
};
use crate::i18n::{Lang, t};
use crate::state::AppState;
use crate::web::extract::{Form, Path};
use crate::web::{ClientIp, Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

/// Characters a part may hold (as the table's check says).
const MAX_CHARS: usize = 20_000;

/// Which report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    MidYear,
    YearEnd,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::MidYear => "mid_year",
            Kind::YearEnd => "year_end",
        }
    }
    /// The figures page the report belongs to: `/campaigns/{id}/midyear` or `.../review`.
    pub fn page(self, id: i64) -> String {
        match self {
            Kind::MidYear => format!("/campaigns/{id}/midyear"),
            Kind::YearEnd => format!("/campaigns/{id}/review"),
        }
    }
    /// Locale keys: the report's title, the figures page's, the three parts' labels, the first part's hint.
    fn keys(self) -> [&'static str; 6] {
        match self {
            Kind::MidYear => [
                "mid.report_title",
                "mid.title",
                "mid.results",
                "report.shortcomings_mid",
                "mid.direction",
                "mid.results_hint",
            ],
            Kind::YearEnd => [
                "yreport.title",
                "stats.title",
                "report.results",
                "report.shortcomings",
                "report.direction",
                "report.results_hint",
            ],
        }
    }
}

/// What a report is written from: the campaign's figures, and for the mid-year report its progress.
struct Loaded {
    f: Figures,
    /// the mid-year lines and their total (empty for the year-end report)
    progress: Vec<crate::domain::statistics::UnitProgress>,
    total: [i64; 8],
    saved: Option<SavedReport>,
}

/// The figures of the whole campaign for one who runs it (a unit head's subtree is no Department
/// report: 403).
async fn load(state: &AppState, user: &CurrentUser, id: i64, kind: Kind) -> AppResult<Loaded> {
    let f = figures(state, user, id, None).await?;
    user.require(user.manages_campaigns_of(&f.c.issuer_unit_path))?;
    // both reports read the mid-year figures (the year-end one their initiatives' totals)
    let (f, progress, total) = progress_of(state, user, f).await?;
    let saved = db::review_reports::get(&state.db, f.c.id, kind.code()).await?;
    Ok(Loaded {
        f,
        progress,
        total,
        saved,
    })
}

fn text_of(l: &Loaded, kind: Kind) -> ReportText {
    match (&l.saved, kind) {
        (Some(s), _) => s.text.clone(),
        (None, Kind::MidYear) => mid_starting_text(l.f.c.plan.year, l.f.registered, &l.total),
        (None, Kind::YearEnd) => {
            starting_text(l.f.c.plan.year, l.f.people, l.f.registered, l.f.awarded)
        }
    }
}

#[derive(Template)]
#[template(path = "campaigns/review_report.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub kind: Kind,
    pub f: Figures,
    /// the mid-year totals (zeros for the year-end report)
    pub total: [i64; 8],
    pub text: ReportText,
    /// the budget line as typed (or as stored, its thousands grouped)
    pub budget: String,
    /// the cash of the year's awards, set against the budget line (the year-end report)
    pub cash: String,
    pub version: i32,
    /// who saved last and when, if anyone did
    pub saved: Option<(String, chrono::DateTime<chrono::Utc>)>,
    pub errors: Errors,
}

impl ReportPage {
    /// The figures in a sentence: the mid-year or the year-end summary.
    fn summary(&self) -> String {
        let f = &self.f;
        match self.kind {
            Kind::MidYear => self.ctx.tf(
                "mid.summary",
                [
                    f.registered.to_string().as_str(),
                    self.total[COMMITMENTS].to_string().as_str(),
                    self.total[REPORTED].to_string().as_str(),
                    mean_text(&self.total).as_str(),
                    self.total[INITIATIVES].to_string().as_str(),
                ],
            ),
            Kind::YearEnd => self.ctx.tf(
                "stats.summary",
                [
                    f.people.to_string().as_str(),
                    f.registered.to_string().as_str(),
                    crate::export::year_report::share(f.registered, f.people).as_str(),
                    f.awarded.to_string().as_str(),
                ],
            ),
        }
    }
    fn key(&self, i: usize) -> &'static str {
        self.kind.keys()[i]
    }
    fn page(&self) -> String {
        self.kind.page(self.f.c.id)
    }
}

fn page_of(
    ctx: Ctx,
    l: Loaded,
    kind: Kind,
    typed: Option<(ReportText, i32, String)>,
    errors: Errors,
) -> ReportPage {
    let (text, version, budget) = match typed {
        Some(t) => t,
        None => {
            let text = text_of(&l, kind);
            let budget = text
                .budget
                .map(|b| crate::domain::names::group_thousands(&b.to_string()))
                .unwrap_or_default();
            (text, l.saved.as_ref().map_or(0, |s| s.version), budget)
        }
    };
    ReportPage {
        cash: crate::export::decision::vnd(l.f.cash),
        budget,
        ctx,
        kind,
        total: l.total,
        text,
        version,
        saved: l
            .saved
            .map(|s| (s.updated_by.unwrap_or_default(), s.updated_at)),
        errors,
        f: l.f,
    }
}

async fn edit(
    state: AppState,
    ctx: Ctx,
    user: CurrentUser,
    id: i64,
    kind: Kind,
) -> AppResult<Response> {
    let l = load(&state, &user, id, kind).await?;
    render(&page_of(ctx, l, kind, None, Errors::default()))
}

/// A report's text parts as posted (the year-end one's `budget` line too) and the `version` read.
#[derive(Deserialize)]
pub struct ReportTextForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub results: String,
    #[serde(default)]
    pub shortcomings: String,
    #[serde(default)]
    pub direction: String,
    #[serde(default)]
    pub budget: String,
}

async fn save(
    state: AppState,
    (ctx, user, ip): (Ctx, CurrentUser, String),
    id: i64,
    kind: Kind,
    form: ReportTextForm,
) -> AppResult<Response> {
    let l = load(&state, &user, id, kind).await?;
    let budget_typed = form.budget.trim().to_string();
    let budget = match kind {
        Kind::YearEnd => crate::domain::cash::parse_amount(&budget_typed),
        Kind::MidYear => Ok(None),
    };
    let text = ReportText {
        results: clean_block(&form.results),
        shortcomings: clean_block(&form.shortcomings),
        direction: clean_block(&form.direction),
        budget: budget.unwrap_or(None),
    };
    let version: i32 = form.version.trim().parse().unwrap_or(-1);
    let mut errors = Errors::default();
    for (k, v) in [
        ("results", &text.results),
        ("shortcomings", &text.shortcomings),
        ("direction", &text.direction),
    ] {
        if v.chars().count() > MAX_CHARS {
            errors.push(k, "report.err_too_long");
        }
    }
    if text.results.is_empty() {
        errors.push("results", "report.err_results");
    }
    if budget.is_err() {
        errors.push("budget", "report.err_budget");
    }
    if !errors.is_empty() {
        return render_invalid(&page_of(
            ctx,
            l,
            kind,
            Some((text, version, budget_typed)),
            errors,
        ));
    }
    let c_id = l.f.c.id;
    let summary = format!("{} — {}", l.f.c.plan.title, t(Lang::Vi, kind.keys()[0]));
    let mut tx = state.db.begin().await?;
    if !db::review_reports::save(
        &mut tx,
        &user.actor(&ip),
        (c_id, kind.code(), version),
        &text,
        &summary,
    )
    .await?
    {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(
            &state.db,
            "review_report",
            &format!("{c_id}:{}", kind.code()),
        )
        .await?;
        let saved = db::review_reports::get(&state.db, c_id, kind.code()).await?;
        let l = Loaded { saved, ..l };
        return render_invalid(&page_of(
            ctx,
            l,
            kind,
            Some((text, version, budget_typed)),
            errors,
        ));
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("{}/report", kind.page(id)),
        ctx.t("yreport.saved"),
    ))
}

/// The heading, citation and signature of a `kind` report on campaign `c` of the body described by
/// `p`, dated today, or the last day of its period for a report written after it (a mid-year
/// review by 31/07, a year-end review by 31/01 of the next year).
fn head(c: &CampaignRow, p: &crate::domain::issuer::IssuerProfile, kind: Kind) -> ReportHead {
    ReportHead {
        reported_to: vec![p.province_body(), p.province_board.clone()],
        parent_body: c.plan.parent_body.clone(),
        issuer: c.plan.issuer_name.clone(),
        issuer_text: c.issuer_unit_name.clone(),
        place_name: c.plan.place.clone(),
        number_code: format!("/{}", c.plan.document_code("BC")),
        year: c.plan.year,
        plan_ref: crate::web::papers::plan_ref(c),
        dated: report_date(kind, c.plan.year, today_vn()),
        signer_lines: c
            .plan
            .signer_lines()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        signer_name: c.plan.signer_name.clone(),
    }
}

/// The date a `kind` report on `year` bears when written on `today`: today, or the last day of its
/// period when written after it.
fn report_date(kind: Kind, year: i32, today: NaiveDate) -> NaiveDate {
    let last = match kind {
        Kind::MidYear => NaiveDate::from_ymd_opt(year, 7, 31),
        Kind::YearEnd => NaiveDate::from_ymd_opt(year + 1, 1, 31),
    };
    last.map_or(today, |l| today.min(l))
}

async fn docx(state: AppState, user: CurrentUser, id: i64, kind: Kind) -> AppResult<Response> {
    let l = load(&state, &user, id, kind).await?;
    let text = text_of(&l, kind);
    let f = &l.f;
    let c = &f.c;
    let recognised =
        db::initiatives::recognised_in_year(&state.db, &c.issuer_unit_path, c.plan.year).await?;
    let profile = crate::web::papers::issuer_profile(&state, c).await?;
    let doc = match kind {
        Kind::MidYear => crate::export::year_report::mid_year(&MidReport {
            head: head(c, &profile, kind),
            registered: f.registered,
            total: l.total,
            units: below_top(&l.progress),
            text: &text,
        }),
        Kind::YearEnd => {
            let top = f.units.iter().map(|u| u.depth).min().unwrap_or(0);
            let mut units: Vec<_> = f.units.iter().filter(|u| u.depth == top + 1).collect();
            if units.is_empty() {
                units = f.units.iter().filter(|u| u.depth == top).collect();
            }
            crate::export::year_report::year_end(&YearReport {
                head: head(c, &profile, kind),
                people: f.people,
                registered: f.registered,
                awarded: f.awarded,
                titles: &f.titles,
                levels: f
                    .levels
                    .iter()
                    .map(|l| {
                        let name = t(Lang::Vi, &format!("award_level.{}", l.level)).to_string();
                        (name, l.proposed, l.awarded)
                    })
                    .collect(),
                units,
                groups: f
                    .groups
                    .iter()
                    .map(|g| {
                        (
                            t(Lang::Vi, &format!("gender.{}", g.gender)).to_string(),
                            t(Lang::Vi, &format!("category.{}", g.category)).to_string(),
                            g.people,
                            g.registered,
                            g.awarded,
                        )
                    })
                    .collect(),
                text: &text,
                cash: f.cash,
                // registered with the pledges; recognised in the year by the recognition decisions
                initiatives: (l.total[crate::domain::statistics::INITIATIVES], recognised),
            })
        }
    };
    let bytes = crate::export::docx::render(&doc)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))?;
    let name = match kind {
        Kind::MidYear => format!("bao-cao-so-ket-{}.docx", c.plan.year),
        Kind::YearEnd => format!("bao-cao-tong-ket-{}.docx", c.plan.year),
    };
    Ok(crate::web::files::attachment(
        bytes,
        crate::storage::DOCX,
        &name,
    ))
}

/// `GET /campaigns/{id}/review/report`: the year-end report's text parts to edit.
pub async fn edit_year(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    edit(state, ctx, user, id, Kind::YearEnd).await
}

/// `POST /campaigns/{id}/review/report`: saves them (a refused or stale form comes back as typed).
pub async fn save_year(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    crate::web::ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(form): Form<ReportTextForm>,
) -> AppResult<Response> {
    save(state, (ctx, user, ip), id, Kind::YearEnd, form).await
}

/// `GET /campaigns/{id}/review.docx`: the draft year-end report.
pub async fn docx_year(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    docx(state, user, id, Kind::YearEnd).await
}

/// `GET /campaigns/{id}/midyear/report`: the mid-year report's text parts to edit.
pub async fn edit_mid(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    edit(state, ctx, user, id, Kind::MidYear).await
}

/// `POST /campaigns/{id}/midyear/report`: saves them.
pub async fn save_mid(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    crate::web::ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(form): Form<ReportTextForm>,
) -> AppResult<Response> {
    save(state, (ctx, user, ip), id, Kind::MidYear, form).await
}

/// `GET /campaigns/{id}/midyear.docx`: the draft mid-year report.
pub async fn docx_mid(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    docx(state, user, id, Kind::MidYear).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_written_after_its_period_bears_its_last_day() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            report_date(Kind::YearEnd, 2022, d(2026, 12, 7)),
            d(2023, 1, 31)
        );
        assert_eq!(
            report_date(Kind::MidYear, 2022, d(2026, 12, 7)),
            d(2022, 7, 31)
        );
        assert_eq!(
            report_date(Kind::YearEnd, 2026, d(2026, 12, 7)),
            d(2026, 12, 7)
        );
    }
}
