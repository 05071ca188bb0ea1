//! Reading a registration, a unit head confirming or returning it, and the Office reopening the
//! deadline for a unit or a person.

use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::campaigns::CampaignRow;
use crate::db::registrations::{CommitmentRow, InitiativeRow, RegRow};
use crate::db::{self};
use crate::domain::campaign::{RegAction, RegStatus, transition};
use crate::domain::dates::{fmt_date, parse_date, today_vn};
use crate::domain::names::clean_text;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::Readable;
use crate::web::extract::{Form, Path};
use crate::web::forms::{self, Errors};
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "registrations/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub reg: RegRow,
    pub status: Option<RegStatus>,
    pub commitments: Vec<CommitmentRow>,
    pub initiatives: Vec<InitiativeRow>,
    pub can_review: bool,
    pub comment: String,
    pub errors: Errors,
}

impl ShowPage {
    fn subject(&self) -> String {
        self.reg
            .person_name
            .clone()
            .unwrap_or_else(|| self.reg.unit_name.clone())
    }
}

/// Who may read a registration: its owner, the unit head over it, whoever runs the campaign.
async fn visible(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(RegRow, CampaignRow, bool)> {
    let reg = db::registrations::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = state
        .caches
        .campaigns
        .campaign(
            &state.db,
            user.seen.get(crate::db::versioned::Version::Campaigns),
            reg.campaign_id,
        )
        .await?
        .ok_or(AppError::NotFound)?;
    let c = CampaignRow::clone(&c);
    let own = reg.person_id.is_some() && reg.person_id == user.person_id;
    // an individual registration is reviewed by the unit head; a collective one by the Office
    let can_review = if reg.person_id.is_some() {
        !own && user.reviews_registrations_in(&reg.unit_path)
    } else {
        user.manages_campaigns_of(&c.issuer_unit_path)
    };
    let sees = own
        || user.sees_registrations_in(&reg.unit_path, &c.issuer_unit_path)
        || (reg.person_id.is_none() && user.reviews_registrations_in(&reg.unit_path));
    user.require(sees)?;
    Ok((reg, c, can_review))
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (reg, c, can_review) = visible(&state, &user, id).await?;
    let commitments = db::registrations::commitments(&state.db, id).await?;
    let initiatives = db::registrations::initiatives(&state.db, id).await?;
    render(&ShowPage {
        ctx,
        status: Some(reg.status),
        c,
        comment: String::new(),
        reg,
        commitments,
        initiatives,
        can_review,
        errors: Errors::default(),
    })
}

#[derive(Deserialize, Default)]
pub struct ReviewForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub version: i32,
}

/// Confirms or returns (with a comment) a registration.
pub async fn review(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    let (reg, c, can_review) = visible(&state, &user, id).await?;
    user.require(can_review)?;
    let comment = clean_text(&f.comment);
    let action = match f.action.as_str() {
        "confirm" => RegAction::Confirm,
        _ => RegAction::Return,
    };
    let from = Some(reg.status);
    let fail = |errors: Errors, reg: RegRow, c: CampaignRow, ctx: Ctx, comment: String| {
        let state = state.clone();
        async move { refused(&state, ctx, (reg, c), comment, errors).await }
    };
    if action == RegAction::Return && comment.is_empty() {
        return fail(
            Errors::one("comment", "reg.err_comment_required"),
            reg,
            c,
            ctx,
            comment,
        )
        .await;
    }
    if comment.chars().count() > 2000 {
        return fail(Errors::one("comment", "err.too_long"), reg, c, ctx, comment).await;
    }
    let to = match transition(from, action) {
        Ok(s) => s,
        Err(key) => return fail(Errors::form(key), reg, c, ctx, comment).await,
    };
    let mut tx = state.db.begin().await?;
    if !db::registrations::set_status(
        &mut tx,
        reg.id,
        f.version,
        to,
        Some(user.user_id),
        Some(&comment),
    )
    .await?
    {
        tx.rollback().await?;
        let errors = forms::stale(&state.db, "registration", &reg.id.to_string()).await?;
        return fail(errors, reg, c, ctx, comment).await;
    }
    let who = reg
        .person_name
        .clone()
        .unwrap_or_else(|| reg.unit_name.clone());
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new(
            if action == RegAction::Confirm {
                "confirm"
            } else {
                "return"
            },
            "registration",
            reg.id.to_string(),
        )
        .summary(format!("{who} — {}", c.plan.title))
        .before(serde_json::json!({"status": reg.status.code()}))
        .after(Some(
            serde_json::json!({"status": to.code(), "comment": comment}),
        )),
    )
    .await?;
    let kind = if action == RegAction::Confirm {
        "reg_confirmed"
    } else {
        "reg_returned"
    };
    notify_reviewed(&mut tx, &reg, &c, kind, &comment).await?;
    tx.commit().await?;
    let msg = if action == RegAction::Confirm {
        ctx.tf("reg.confirmed_msg", [who.as_str()])
    } else {
        ctx.tf("reg.returned_msg", [who.as_str()])
    };
    let back = if reg.person_id.is_some() {
        format!("/campaigns/{}/unit", c.id)
    } else {
        format!("/campaigns/{}/coverage", c.id)
    };
    Ok(redirect_flash(&back, &msg))
}

/// The registration's page again with the review form as sent and its errors (422).
async fn refused(
    state: &AppState,
    ctx: Ctx,
    (reg, c): (RegRow, CampaignRow),
    comment: String,
    errors: Errors,
) -> AppResult<Response> {
    let commitments = db::registrations::commitments(&state.db, reg.id).await?;
    let initiatives = db::registrations::initiatives(&state.db, reg.id).await?;
    render_invalid(&ShowPage {
        ctx,
        status: Some(reg.status),
        c,
        reg,
        commitments,
        initiatives,
        can_review: true,
        comment,
        errors,
    })
}

/// Tells the owner of a reviewed registration (a person, or a unit's heads for its collective one).
async fn notify_reviewed(
    tx: &mut db::Tx<'_>,
    reg: &RegRow,
    c: &CampaignRow,
    kind: &str,
    comment: &str,
) -> AppResult<()> {
    let args = [c.plan.title.as_str(), comment];
    match reg.person_id {
        Some(pid) => {
            let link = format!("/campaigns/{}/register", c.id);
            db::notifications::notify_person(tx, pid, kind, &link, &args, None).await?
        }
        None => {
            let link = format!("/registrations/{}", reg.id);
            db::notifications::notify_unit_heads(tx, &reg.unit_path, kind, &link, &args, None)
                .await?
        }
    }
    Ok(())
}

#[derive(Deserialize, Default)]
pub struct ReopenForm {
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub person_id: String,
    #[serde(default)]
    pub until: String,
    #[serde(default)]
    pub reason: String,
}

/// The Office reopens registration for a unit (and below) or one person, with a reason and a date.
pub async fn reopen(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Readable(c): Readable,
    Form(f): Form<ReopenForm>,
) -> AppResult<Response> {
    let id = c.id;
    user.require(user.manages_campaigns_of(&c.issuer_unit_path))?;
    let back = format!("/campaigns/{id}/coverage");
    let reason = clean_text(&f.reason);
    let until = match parse_date(&f.until) {
        Ok(d) if d >= today_vn() => d,
        Ok(_) => return Ok(redirect_flash(&back, ctx.t("reopen.err_past"))),
        Err(_) => return Ok(redirect_flash(&back, ctx.t("reopen.err_date"))),
    };
    if reason.is_empty() {
        return Ok(redirect_flash(&back, ctx.t("reopen.err_reason")));
    }
    let unit_id = f.unit_id.trim().parse::<i64>().ok();
    let person_id = f.person_id.trim().parse::<i64>().ok();
    // the target must be inside the campaign's reach
    let (unit_id, person_id, label, path) = match (unit_id, person_id) {
        (_, Some(pid)) => {
            let p = db::people::get(&state.db, pid)
                .await?
                .ok_or(AppError::NotFound)?;
            user.require(p.unit_path.starts_with(&c.issuer_unit_path))?;
            (None, Some(pid), p.full_name, p.unit_path)
        }
        (Some(uid), None) => {
            let u = db::units::get(&state.db, uid)
                .await?
                .ok_or(AppError::NotFound)?;
            user.require(u.path.starts_with(&c.issuer_unit_path))?;
            (Some(uid), None, u.name, u.path)
        }
        (None, None) => return Ok(redirect_flash(&back, ctx.t("reopen.err_target"))),
    };
    let mut tx = state.db.begin().await?;
    let rid = db::registrations::add_reopening(
        &mut tx,
        c.id,
        unit_id,
        person_id,
        until,
        &reason,
        user.user_id,
    )
    .await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("reopen", "campaign", c.id.to_string())
            .summary(format!("{label}: {} — {reason}", fmt_date(until)))
            .after(Some(
                serde_json::json!({"reopening": rid, "unit_id": unit_id, "person_id": person_id,
                                "until": until, "reason": reason}),
            )),
    )
    .await?;
    let args = [c.plan.title.as_str(), &fmt_date(until), reason.as_str()];
    let link = format!("/campaigns/{}/register", c.id);
    match person_id {
        Some(pid) => {
            db::notifications::notify_person(&mut tx, pid, "reopened", &link, &args, None).await?
        }
        None => {
            db::notifications::notify_unit_heads(&mut tx, &path, "reopened", &link, &args, None)
                .await?
        }
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &back,
        &ctx.tf("reopen.done", [label.as_str(), fmt_date(until).as_str()]),
    ))
}
