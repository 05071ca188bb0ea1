//! A unit's collective registration (the unit's title and commitments), which its head signs off to
//! the Office with the package of members' registrations.

use super::{RegForm, deadline_info};
use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::campaigns::{CampaignRow, TitleRow};
use crate::db::registrations::Save;
use crate::db::{self, audit::Actor};
use crate::domain::campaign::{RegAction, RegStatus, Stage, parse_commitments, transition};
use crate::domain::coverage::{CoverageRow, roll_up};
use crate::domain::dates::today_vn;
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor as Acting;
use crate::web::access::readable;
use crate::web::extract::{Form, Path};
use crate::web::forms::{self, Errors};
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

#[derive(Template)]
#[template(path = "registrations/collective.html")]
pub struct CollectivePage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub unit_id: i64,
    pub unit_name: String,
    pub reg: Option<db::registrations::RegRow>,
    pub status: Option<RegStatus>,
    pub form: RegForm,
    pub titles: Vec<TitleRow>,
    pub errors: Errors,
    pub deadline: Option<chrono::NaiveDate>,
    pub refusal: Option<&'static str>,
    pub counts: Option<CoverageRow>,
}

impl CollectivePage {
    fn title_selected(&self, id: &i64) -> bool {
        self.form.title_id == id.to_string()
    }
    fn row_field(&self, prefix: &str, i: &usize) -> String {
        format!("{prefix}_{i}")
    }
    fn status_label(&self) -> &'static str {
        match self.status {
            Some(s) => self.ctx.label("regstatus", s.code()),
            None => self.ctx.t("regstatus.none"),
        }
    }
}

/// The unit (and campaign) a unit head registers collectively for.
async fn headed_unit(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    unit_id: i64,
) -> AppResult<(CampaignRow, db::units::UnitRow)> {
    let c = readable(state, user, id).await?;
    let u = db::units::get(&state.db, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    user.require(
        user.grants
            .iter()
            .any(|g| g.role == Role::UnitHead && g.unit_id == unit_id)
            && u.path.starts_with(&c.issuer_unit_path)
            && c.manual_stage() != Stage::Draft,
    )?;
    Ok((c, u))
}

async fn collective_page(
    state: &AppState,
    ctx: Ctx,
    c: CampaignRow,
    u: db::units::UnitRow,
    form: Option<RegForm>,
    errors: Errors,
) -> AppResult<CollectivePage> {
    let reg = db::registrations::for_unit(&state.db, c.id, u.id).await?;
    let commitments = match &reg {
        Some(r) => db::registrations::commitments(&state.db, r.id).await?,
        None => Vec::new(),
    };
    let form = form.unwrap_or_else(|| RegForm {
        title_id: reg
            .as_ref()
            .and_then(|r| r.title_id)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        target: commitments.iter().map(|c| c.target.clone()).collect(),
        measure: commitments.iter().map(|c| c.measure.clone()).collect(),
        version: reg.as_ref().map(|r| r.version).unwrap_or(0),
        ..Default::default()
    });
    let info = deadline_info(state, &c, None, &u.path).await?;
    let titles = db::campaigns::registrable_titles(&state.db, c.rule_set_id, "collective").await?;
    let counts =
        roll_up(db::registrations::unit_counts(&state.db, c.id, &[format!("{}%", u.path)]).await?)
            .into_iter()
            .find(|r| r.unit.unit_id == u.id);
    Ok(CollectivePage {
        ctx,
        status: reg.as_ref().map(|r| r.status),
        c,
        unit_id: u.id,
        unit_name: u.name,
        reg,
        form,
        titles,
        errors,
        deadline: info.deadline,
        refusal: info.refusal,
        counts,
    })
}

pub async fn collective_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((id, unit_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (c, u) = headed_unit(&state, &user, id, unit_id).await?;
    render(&collective_page(&state, ctx, c, u, None, Errors::default()).await?)
}

/// Saves or submits the unit's collective registration (the head signs the package off to the
/// Office).
pub async fn collective_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Acting(actor): Acting,
    Path((id, unit_id)): Path<(i64, i64)>,
    Form(form): Form<RegForm>,
) -> AppResult<Response> {
    let (c, u) = headed_unit(&state, &user, id, unit_id).await?;
    let action = if form.action == "submit" {
        RegAction::Submit
    } else {
        RegAction::SaveDraft
    };
    let existing = db::registrations::for_unit(&state.db, c.id, u.id).await?;
    let checked = match check_collective(&state, &c, &u, &form, existing.as_ref(), action).await? {
        Ok(v) => v,
        Err(errors) => {
            return render_invalid(&collective_page(&state, ctx, c, u, Some(form), errors).await?);
        }
    };
    let actor = actor.clone();
    let version = form.version;
    if let Err(errors) =
        write_collective(&state, &actor, &c, &u, existing.as_ref(), version, &checked).await?
    {
        return render_invalid(&collective_page(&state, ctx, c, u, Some(form), errors).await?);
    }
    Ok(redirect_flash(
        &format!("/campaigns/{id}/collective/{unit_id}"),
        if action == RegAction::Submit {
            ctx.t("reg.collective_submitted")
        } else {
            ctx.t("reg.saved")
        },
    ))
}

/// A collective registration form that passed its checks.
struct CheckedCollective {
    action: RegAction,
    to: RegStatus,
    title_id: Option<i64>,
    title_code: Option<String>,
    commitments: Vec<crate::domain::campaign::Commitment>,
}

/// The checks of a collective registration: the status change allowed, the deadline for sending,
/// a title of the rule set's collective ones, the commitments (both required to send).
async fn check_collective(
    state: &AppState,
    c: &CampaignRow,
    u: &db::units::UnitRow,
    form: &RegForm,
    existing: Option<&db::registrations::RegRow>,
    action: RegAction,
) -> AppResult<Result<CheckedCollective, Errors>> {
    let from = existing.map(|r| r.status);
    let mut errors = Errors::default();
    let to = match transition(from, action) {
        Ok(s) => Some(s),
        Err(k) => {
            errors.push("_form", k);
            None
        }
    };
    let info = deadline_info(state, c, None, &u.path).await?;
    if to.is_some_and(|t| t != RegStatus::Draft)
        && let Some(k) = info.refusal
    {
        errors.push("_form", k);
    }
    let titles = db::campaigns::registrable_titles(&state.db, c.rule_set_id, "collective").await?;
    let title_id = match form.title_id.trim() {
        "" => None,
        t => match t.parse::<i64>() {
            Ok(tid) if titles.iter().any(|x| x.id == tid) => Some(tid),
            _ => {
                errors.push("title_id", "err.choose");
                None
            }
        },
    };
    let (commitments, ce) = parse_commitments(&form.target, &form.measure);
    errors.extend(ce.into());
    if action == RegAction::Submit {
        if title_id.is_none() && !errors.has("title_id") {
            errors.push("title_id", "reg.err_title_required");
        }
        if commitments.is_empty() && !errors.has("commitment_1") {
            errors.push("commitment_1", "reg.err_commitment_required");
        }
    }
    Ok(match to.filter(|_| errors.is_empty()) {
        Some(to) => Ok(CheckedCollective {
            action,
            to,
            title_id,
            title_code: titles
                .iter()
                .find(|t| Some(t.id) == title_id)
                .map(|t| t.code.clone()),
            commitments,
        }),
        None => Err(errors),
    })
}

/// Writes a checked collective registration with its audit entry; the key of why it is stale.
async fn write_collective(
    state: &AppState,
    actor: &Actor,
    c: &CampaignRow,
    u: &db::units::UnitRow,
    existing: Option<&db::registrations::RegRow>,
    version: i32,
    k: &CheckedCollective,
) -> AppResult<Result<(), Errors>> {
    let late = c
        .plan
        .timeline
        .registration_closes
        .is_some_and(|d| today_vn() > d);
    let mut tx = state.db.begin().await?;
    let (rid, version) = match existing {
        Some(r) => (r.id, version),
        None => match db::registrations::create(&mut tx, c.id, None, u.id).await {
            Ok(v) => v,
            Err(e) if crate::error::is_unique_violation(&e, "registrations_unit_key") => {
                return Ok(Err(Errors::form("err.stale")));
            }
            Err(e) => return Err(e.into()),
        },
    };
    let save = Save {
        title_id: k.title_id,
        status: k.to,
        submitted: (k.action == RegAction::Submit).then_some(late),
        unit_id: u.id,
        commitments: &k.commitments,
        initiatives: &[],
    };
    if !db::registrations::save(&mut tx, rid, version, &save).await? {
        tx.rollback().await?;
        return Ok(Err(forms::stale(
            &state.db,
            "registration",
            &rid.to_string(),
        )
        .await?));
    }
    let verb = if k.action == RegAction::Submit {
        "submit"
    } else {
        "save"
    };
    let after =
        db::registrations::content_json(k.title_code.as_deref(), Some(k.to), &k.commitments, &[]);
    db::audit::record(
        &mut *tx,
        actor,
        Entry::new(verb, "registration", rid.to_string())
            .summary(format!("{} — {}", u.name, c.plan.title))
            .before(
                existing
                    .map(|r| serde_json::json!({"status": r.status.code(), "title": r.title_code})),
            )
            .after(after),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
