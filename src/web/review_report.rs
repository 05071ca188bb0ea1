//! The draft year-end report (báo cáo tổng kết): those who run the campaign edit its text parts in
//! the app (`/campaigns/{id}/review/report`, the figures beside them) and download it as .docx
//! (`/campaigns/{id}/review.docx`), the Department's figures, tables and charts filled in.

use super::extract::{Form, Path};
use super::statistics::{Figures, figures};
use super::{ClientIp, Ctx, Errors, redirect_flash, render, render_invalid};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::review_reports::{ReportText, SavedReport};
use crate::domain::dates::today_vn;
use crate::domain::names::clean_block;
use crate::error::{AppError, AppResult};
use crate::export::year_report::{YearReport, starting_text};
use crate::i18n::{Lang, t};
use crate::startup::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

const KIND: &str = "year_end";
/// Characters a part may hold (as the table's check says).
const MAX_CHARS: usize = 20_000;

/// The figures of the whole campaign for one who runs it (a unit head's subtree is no Department
/// report: 403).
async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(Figures, Option<SavedReport>)> {
    let f = figures(state, user, id, None).await?;
    user.require(user.manages_campaigns_of(&f.c.issuer_unit_path))?;
    let saved = db::review_reports::get(&state.db, f.c.id, KIND).await?;
    Ok((f, saved))
}

fn text_of(f: &Figures, saved: &Option<SavedReport>) -> ReportText {
    match saved {
        Some(s) => s.text.clone(),
        None => starting_text(f.c.plan.year, f.people, f.registered, f.awarded),
    }
}

#[derive(Template)]
#[template(path = "campaigns/review_report.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub f: Figures,
    pub text: ReportText,
    pub version: i32,
    /// who saved last and when, if anyone did
    pub saved: Option<(String, chrono::DateTime<chrono::Utc>)>,
    pub errors: Errors,
}

impl ReportPage {
    fn share(&self) -> String {
        crate::export::year_report::share(self.f.registered, self.f.people)
    }
}

fn page_of(
    ctx: Ctx,
    f: Figures,
    saved: Option<SavedReport>,
    typed: Option<(ReportText, i32)>,
    errors: Errors,
) -> ReportPage {
    let last = saved
        .as_ref()
        .map(|s| (s.updated_by.clone().unwrap_or_default(), s.updated_at));
    let (text, version) = match typed {
        Some(t) => t,
        None => (text_of(&f, &saved), saved.as_ref().map_or(0, |s| s.version)),
    };
    ReportPage {
        ctx,
        f,
        text,
        version,
        saved: last,
        errors,
    }
}

/// `GET /campaigns/{id}/review/report`: the text parts to edit.
pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (f, saved) = load(&state, &user, id).await?;
    render(&page_of(ctx, f, saved, None, Errors::default()))
}

/// `POST /campaigns/{id}/review/report`: saves the text parts (a stale form comes back as typed,
/// with who saved in between).
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let (f, saved) = load(&state, &user, id).await?;
    let part = |k: &str| clean_block(form.get(k).map(String::as_str).unwrap_or(""));
    let text = ReportText {
        results: part("results"),
        shortcomings: part("shortcomings"),
        direction: part("direction"),
    };
    let version: i32 = form
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(-1);
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
    if !errors.is_empty() {
        return render_invalid(&page_of(ctx, f, saved, Some((text, version)), errors));
    }
    let mut tx = state.db.begin().await?;
    let summary = format!("{} — {}", f.c.plan.title, t(Lang::Vi, "report.title"));
    if !db::review_reports::save(
        &mut tx,
        &user.actor(&ip),
        (f.c.id, KIND, version),
        &text,
        &summary,
    )
    .await?
    {
        tx.rollback().await?;
        let errors =
            super::forms::stale(&state.db, "review_report", &format!("{}:{KIND}", f.c.id)).await?;
        let saved = db::review_reports::get(&state.db, f.c.id, KIND).await?;
        return render_invalid(&page_of(ctx, f, saved, Some((text, version)), errors));
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}/review/report"),
        ctx.t("report.saved"),
    ))
}

/// `GET /campaigns/{id}/review.docx`: the draft report.
pub async fn docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (f, saved) = load(&state, &user, id).await?;
    let text = text_of(&f, &saved);
    let c = &f.c;
    let top = f.units.iter().map(|u| u.depth).min().unwrap_or(0);
    let mut units: Vec<_> = f.units.iter().filter(|u| u.depth == top + 1).collect();
    if units.is_empty() {
        units = f.units.iter().filter(|u| u.depth == top).collect();
    }
    let report = YearReport {
        parent_body: c.plan.parent_body.clone(),
        issuer: c.plan.issuer_name.clone(),
        issuer_text: c.issuer_unit_name.clone(),
        place_name: c.plan.place.clone(),
        number_code: format!("/{}", c.plan.document_code("BC")),
        year: c.plan.year,
        plan_ref: super::decisions::plan_ref(c),
        dated: today_vn(),
        people: f.people,
        registered: f.registered,
        awarded: f.awarded,
        titles: &f.titles,
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
        signer_lines: c
            .plan
            .signer_lines()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        signer_name: c.plan.signer_name.clone(),
    };
    let bytes = crate::export::docx::render(&crate::export::year_report::year_end(&report))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))?;
    Ok(super::documents::attachment(
        bytes,
        crate::storage::DOCX,
        &format!("bao-cao-tong-ket-{}.docx", c.plan.year),
    ))
}
