//! A proposal line's achievement report (báo cáo thành tích): pre-filled from the year's own data
//! (the person's position and unit, the commitments and how they ended, the ratings of the years
//! the title reads, recognised initiatives with their decisions, earlier awards), edited by the
//! unit's head or the person in a form following the template's sections, exported as .docx.

use super::proposals::load;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::proposals::{Line, Proposal};
use crate::domain::dates::today_vn;
use crate::domain::report::{MAX_SECTION, Report};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::files::attachment;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "proposals/report.html")]
pub struct ReportPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub p: Proposal,
    pub line: Line,
    pub r: Report,
    /// the report was saved (not only pre-filled)
    pub saved: bool,
    pub can_edit: bool,
    pub errors: Errors,
}

#[derive(Deserialize, Default)]
pub struct ReportForm {
    #[serde(default)]
    pub profile: String,
    #[serde(default)]
    pub duties: String,
    #[serde(default)]
    pub achievements: String,
    #[serde(default)]
    pub initiatives: String,
    #[serde(default)]
    pub awards: String,
    #[serde(default)]
    pub version: i32,
}

/// The line, its proposal and campaign, and whether the user may edit its report: the unit's head
/// or the person the line is about, while the line is the unit's to change.
async fn line_of(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    line_id: i64,
) -> AppResult<(Proposal, CampaignRow, Line, bool)> {
    let loaded = match load(state, user, id).await {
        Ok(x) => Some(x),
        Err(AppError::Forbidden) => None,
        Err(e) => return Err(e),
    };
    // someone with no part in the proposal learns nothing of its lines
    let missing = || {
        if loaded.is_some() {
            AppError::NotFound
        } else {
            AppError::Forbidden
        }
    };
    let line = db::proposals::lines(&state.db, id)
        .await?
        .into_iter()
        .find(|l| l.id == line_id)
        .ok_or_else(missing)?;
    let own = line.person_id.is_some() && line.person_id == user.person_id;
    let (p, c, head) = match loaded {
        Some((p, c, powers)) => (p, c, powers.head),
        // the person a line is about reads and edits their own report
        None => {
            user.require(own)?;
            let p = db::proposals::get(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let c = crate::web::access::readable(state, user, p.campaign_id).await?;
            (p, c, false)
        }
    };
    let open = !matches!(
        c.stage_on(today_vn()),
        crate::domain::campaign::Stage::Draft | crate::domain::campaign::Stage::Closed
    );
    let editable = line.status.editable();
    Ok((p, c, line, (head || (own && open)) && editable))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((id, line_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (p, c, line, can_edit) = line_of(&state, &user, id, line_id).await?;
    let (r, saved) = crate::web::papers::report_of(&state, &user, &c, &p, &line).await?;
    render(&ReportPage {
        ctx,
        c,
        p,
        line,
        r,
        saved,
        can_edit,
        errors: Errors::default(),
    })
}

/// Saves the report as edited (a stale form comes back with the other change named).
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, line_id)): Path<(i64, i64)>,
    Form(f): Form<ReportForm>,
) -> AppResult<Response> {
    let (p, c, line, can_edit) = line_of(&state, &user, id, line_id).await?;
    user.require(can_edit)?;
    let r = Report {
        profile: f.profile.trim().to_string(),
        duties: f.duties.trim().to_string(),
        achievements: f.achievements.trim().to_string(),
        initiatives: f.initiatives.trim().to_string(),
        awards: f.awards.trim().to_string(),
    };
    let mut errors = Errors::default();
    for (k, v) in [
        ("profile", &r.profile),
        ("duties", &r.duties),
        ("achievements", &r.achievements),
        ("initiatives", &r.initiatives),
        ("awards", &r.awards),
    ] {
        if v.chars().count() > MAX_SECTION {
            errors.push(k, "proposal.err_long");
        }
    }
    if r.achievements.is_empty() {
        errors.push("achievements", "report.err_achievements");
    }
    let value = serde_json::to_value(&r).map_err(|e| AppError::Internal(e.into()))?;
    let mut tx = state.db.begin().await?;
    let mut version = f.version;
    if errors.is_empty() && !db::proposals::set_report(&mut *tx, line.id, f.version, &value).await?
    {
        errors = crate::web::forms::stale(&state.db, "proposal", &id.to_string()).await?;
        // the form comes back at the line's version now, so that what was typed can be saved
        version = line.version;
    }
    if !errors.is_empty() {
        tx.rollback().await?;
        let line = Line { version, ..line };
        return render_invalid(&ReportPage {
            ctx,
            c,
            p,
            line,
            r,
            saved: false,
            can_edit,
            errors,
        });
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("report", "proposal", id.to_string())
            .summary(format!(
                "{} — {} {}",
                p.unit_name, line.subject, line.title_code
            ))
            .before(line.report.clone())
            .after(Some(
                serde_json::json!({"unit_id": p.unit_id, "line": line.id, "report": value}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/proposals/{id}/lines/{line_id}/report"),
        ctx.t("report.saved"),
    ))
}

/// The report (as saved, or pre-filled) as .docx.
pub async fn docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, line_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (p, c, line, _) = line_of(&state, &user, id, line_id).await?;
    let bytes = crate::web::papers::report_bytes(&state, &user, (&c, &p, &line)).await?;
    Ok(attachment(
        bytes,
        crate::storage::DOCX,
        &if line.achievement.is_some() {
            format!(
                "bao-cao-tom-tat-thanh-tich-{}-{}.docx",
                line.id, c.plan.year
            )
        } else {
            format!("bao-cao-thanh-tich-{}-{}.docx", line.id, c.plan.year)
        },
    ))
}
