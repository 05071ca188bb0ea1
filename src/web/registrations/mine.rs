//! A person's own registration: the form, saving and sending it, withdrawing it, mid-year progress.

use super::*;
use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::campaigns::{CampaignRow, TitleRow};
use crate::db::registrations::{CommitmentRow, InitiativeRow, RegRow, Save};
use crate::db::{self};
use crate::domain::campaign::{
    Commitment, Initiative, RegAction, RegStatus, Stage, parse_commitments, parse_initiatives,
    transition,
};
use crate::domain::dates::today_vn;
use crate::domain::names::clean_text;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::individual_titles;
use crate::web::access::readable;
use crate::web::extract::{Form, Path};
use crate::web::forms::{self, Errors};
use crate::web::{ClientIp, Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "registrations/form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub stage: Stage,
    pub reg: Option<RegRow>,
    pub status: Option<RegStatus>,
    pub form: RegForm,
    pub titles: Vec<TitleRow>,
    pub errors: Errors,
    pub info: DeadlineInfo,
    pub editable: bool,
    pub commitments: Vec<CommitmentRow>,
    pub initiatives: Vec<InitiativeRow>,
    pub colleagues: Vec<String>,
    pub action: String,
    pub collective_unit: Option<(i64, String)>,
}

impl FormPage {
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
    /// A colleague's name for the co-author hint's example (never the viewer's own).
    fn coauthor_example(&self) -> Option<&str> {
        let me = self.ctx.user_name();
        self.colleagues
            .iter()
            .map(String::as_str)
            .find(|n| *n != me)
    }
    /// The code of the viewer's unit, for the co-author hint's example ("Name (CODE)").
    fn unit_code(&self) -> &str {
        let user = self.ctx.user.as_ref();
        user.and_then(|u| u.unit_code.as_deref()).unwrap_or("")
    }
    fn progress_of(&self, c: &CommitmentRow) -> String {
        c.progress.map(|p| p.to_string()).unwrap_or_default()
    }
}

/// The person a staff member registers as (their own record).
fn me(user: &CurrentUser) -> AppResult<(i64, String)> {
    match (user.person_id, user.unit_path.clone()) {
        (Some(p), Some(path)) => Ok((p, path)),
        _ => Err(AppError::Forbidden),
    }
}

/// Names of the people of the user's unit, for the co-author suggestions (kept per unit at the
/// people version).
async fn colleagues(state: &AppState, user: &CurrentUser) -> AppResult<Vec<String>> {
    let Some(path) = user.unit_path.clone() else {
        return Ok(Vec::new());
    };
    let versions = &user.seen;
    let names = state
        .caches
        .colleagues
        .get_or_load(&path, versions, || async {
            let dir = state
                .caches
                .directory
                .snapshot(
                    &state.db,
                    user.seen.get(crate::db::versioned::Version::People),
                )
                .await?;
            let q = db::directory::Query {
                scope: vec![path.clone()],
                active: Some(true),
                sort: "name".into(),
                ..Default::default()
            };
            let (_, page) = dir.list(&q, |n| {
                crate::domain::paging::Paging::new(Some(1), Some(200), n)
            });
            Ok::<_, AppError>(
                page.into_iter()
                    .map(|e| (e.id, e.full_name.clone()))
                    .collect(),
            )
        })
        .await?;
    Ok(names
        .iter()
        .filter(|(id, _)| Some(*id) != user.person_id)
        .map(|(_, name)| name.clone())
        .collect())
}

async fn my_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    form: Option<RegForm>,
    errors: Errors,
) -> AppResult<FormPage> {
    let (person_id, unit_path) = me(user)?;
    let key = (c.id, person_id, unit_path.clone());
    let versions = &user.seen;
    let full = (*state
        .caches
        .registration_forms
        .get_or_load(&key, versions, || {
            db::registrations::for_person_full(&state.db, c.id, person_id, &unit_path)
        })
        .await?)
        .clone();
    let (reg, commitments, initiatives) = (full.reg, full.commitments, full.initiatives);
    let status = reg.as_ref().map(|r| r.status);
    let info = deadline_of(&c, &full.reopenings);
    let titles = individual_titles(state, user, &c).await?;
    let form =
        form.unwrap_or_else(|| RegForm::from_saved(reg.as_ref(), &commitments, &initiatives));
    let stage = c.stage_on(today_vn());
    let collective_unit = match user.unit_id {
        Some(u) if user.reviews_registrations_in(&unit_path) => {
            Some((u, user.unit_code.clone().unwrap_or_default()))
        }
        _ => None,
    };
    Ok(FormPage {
        ctx,
        stage,
        editable: status.is_none_or(|s| s.editable_by_owner()) && stage < Stage::Closed,
        reg,
        status,
        form,
        titles,
        errors,
        info,
        commitments,
        initiatives,
        colleagues: colleagues(state, user).await?,
        action: format!("/campaigns/{}/register", c.id),
        collective_unit,
        c,
    })
}

fn reachable(user: &CurrentUser, c: &CampaignRow) -> AppResult<()> {
    let in_scope = user
        .unit_path
        .as_deref()
        .is_some_and(|p| p.starts_with(&c.issuer_unit_path));
    user.require(in_scope && c.manual_stage() != Stage::Draft)
}

pub async fn my_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    me(&user)?;
    let c = readable(&state, &user, id).await?;
    reachable(&user, &c)?;
    render(&my_page(&state, ctx, &user, c, None, Errors::default()).await?)
}

/// Checks and cleans the form: (title id, commitments, initiatives) or row errors.
async fn check_form(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    form: &RegForm,
    titles: &[TitleRow],
    submitting: bool,
) -> AppResult<Result<(Option<i64>, Vec<Commitment>, Vec<Initiative>), Errors>> {
    let mut errors = Errors::default();
    let title_id = match form.title_id.trim() {
        "" => None,
        t => match t.parse::<i64>() {
            Ok(id) if titles.iter().any(|x| x.id == id) => Some(id),
            _ => {
                errors.push("title_id", "err.choose");
                None
            }
        },
    };
    let (commitments, ce) = parse_commitments(&form.target, &form.measure);
    for (f, e) in ce {
        errors.push(&f, e);
    }
    let (co_ids, bad) = resolve_names(
        state,
        user,
        &c.issuer_unit_path,
        &form.ini_coauthors,
        user.person_id,
    )
    .await?;
    for i in bad {
        errors.push(&format!("initiative_{}", i + 1), "reg.err_coauthor_unknown");
    }
    let (initiatives, ie) =
        parse_initiatives(&form.ini_title, &form.ini_field, &form.ini_benefit, &co_ids);
    for (f, e) in ie {
        if !errors.has(&f) {
            errors.push(&f, e);
        }
    }
    if submitting {
        if title_id.is_none() && !errors.has("title_id") {
            errors.push("title_id", "reg.err_title_required");
        }
        if commitments.is_empty() && !errors.has("commitment_1") {
            errors.push("commitment_1", "reg.err_commitment_required");
        }
    }
    Ok(if errors.is_empty() {
        Ok((title_id, commitments, initiatives))
    } else {
        Err(errors)
    })
}

/// Saves a draft or submits (action = "save" | "submit"); amends a sent registration before the
/// deadline.
pub async fn my_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(form): Form<RegForm>,
) -> AppResult<Response> {
    let (person_id, unit_path) = me(&user)?;
    let c = readable(&state, &user, id).await?;
    reachable(&user, &c)?;
    let action = if form.action == "submit" {
        RegAction::Submit
    } else {
        RegAction::SaveDraft
    };
    let saved_before =
        db::registrations::for_person_full(&state.db, c.id, person_id, &unit_path).await?;
    let existing = saved_before.reg.as_ref();
    let from = existing.map(|r| r.status);
    let invalid = |form: RegForm, errors: Errors, ctx: Ctx, c: CampaignRow| {
        let state = state.clone();
        let user = user.clone();
        async move { render_invalid(&my_page(&state, ctx, &user, c, Some(form), errors).await?) }
    };
    let to = match transition(from, action) {
        Ok(s) => s,
        Err(key) => {
            return invalid(form, Errors::form(key), ctx, c).await;
        }
    };
    // sending (a submission, or an amendment of what was sent) is refused after the deadline
    let sends = to != RegStatus::Draft;
    let info = deadline_of(&c, &saved_before.reopenings);
    if sends && let Some(key) = info.refusal {
        return invalid(form, Errors::form(key), ctx, c).await;
    }
    if c.stage_on(today_vn()) >= Stage::Closed {
        return invalid(form, Errors::form("reg.err_closed"), ctx, c).await;
    }
    let titles = individual_titles(&state, &user, &c).await?;
    let (title_id, commitments, initiatives) = match check_form(
        &state,
        &user,
        &c,
        &form,
        &titles,
        action == RegAction::Submit,
    )
    .await?
    {
        Ok(v) => v,
        Err(errors) => return invalid(form, errors, ctx, c).await,
    };
    let title_code = titles
        .iter()
        .find(|t| Some(t.id) == title_id)
        .map(|t| t.code.clone());
    let checked = Checked {
        action,
        from,
        to,
        title_id,
        title_code,
        commitments,
        initiatives,
    };
    let late = match write_registration(
        &state,
        &user,
        &ip,
        &c,
        (person_id, &unit_path),
        &saved_before,
        form.version,
        &checked,
    )
    .await?
    {
        Ok(late) => late,
        Err(errors) => return invalid(form, errors, ctx, c).await,
    };
    let msg = match (action, late) {
        (RegAction::Submit, true) => ctx.t("reg.submitted_late"),
        (RegAction::Submit, false) => ctx.t("reg.submitted"),
        _ => ctx.t("reg.saved"),
    };
    Ok(redirect_flash(&format!("/campaigns/{id}/register"), msg))
}

/// A registration form that passed its checks: what it does and what it holds.
struct Checked {
    action: RegAction,
    from: Option<RegStatus>,
    to: RegStatus,
    title_id: Option<i64>,
    title_code: Option<String>,
    commitments: Vec<Commitment>,
    initiatives: Vec<Initiative>,
}

/// Writes a checked registration in one transaction with its audit entry (and, when sent, the
/// unit heads' notification): whether it was sent late, or the key of why it is stale (another tab
/// or person saved it since it was read).
#[allow(clippy::too_many_arguments)]
async fn write_registration(
    state: &AppState,
    user: &CurrentUser,
    ip: &str,
    c: &CampaignRow,
    (person_id, unit_path): (i64, &str),
    saved_before: &db::registrations::Full,
    version: i32,
    k: &Checked,
) -> AppResult<Result<bool, Errors>> {
    let unit_id = user.unit_id.ok_or(AppError::Forbidden)?;
    let late = c
        .plan
        .timeline
        .registration_closes
        .is_some_and(|d| today_vn() > d);
    let mut tx = state.db.begin().await?;
    let (reg_id, version, before) = match saved_before.reg.as_ref() {
        // the saved content as it was read (the version check below refuses a save if it changed)
        Some(r) => (r.id, version, Some(saved_before.content_json())),
        // the form was opened on a registration that has since been deleted: start afresh
        None if version != 0 => return Ok(Err(Errors::form("err.stale"))),
        None => match db::registrations::create(&mut tx, c.id, Some(person_id), unit_id).await {
            Ok((rid, v)) => (rid, v, None),
            // someone (another tab) created it meanwhile
            Err(e) if crate::error::is_unique_violation(&e, "registrations_person_key") => {
                return Ok(Err(Errors::form("err.stale")));
            }
            Err(e) => return Err(e.into()),
        },
    };
    let submitted = (k.action == RegAction::Submit).then_some(late);
    let saved = db::registrations::save(
        &mut tx,
        reg_id,
        version,
        &Save {
            title_id: k.title_id,
            status: k.to,
            submitted,
            unit_id,
            commitments: &k.commitments,
            initiatives: &k.initiatives,
        },
    )
    .await?;
    if !saved {
        tx.rollback().await?;
        return Ok(Err(forms::stale(
            &state.db,
            "registration",
            &reg_id.to_string(),
        )
        .await?));
    }
    let after = db::registrations::content_json(
        k.title_code.as_deref(),
        Some(k.to),
        &k.commitments,
        &k.initiatives,
    );
    let audit_action = match (k.action, k.from) {
        (RegAction::Submit, Some(RegStatus::Returned)) => "resubmit",
        (RegAction::Submit, Some(RegStatus::Submitted)) => "amend",
        (RegAction::Submit, _) => "submit",
        _ => "save",
    };
    db::audit::record(
        &mut *tx,
        &user.actor(ip),
        Entry::new(audit_action, "registration", reg_id.to_string())
            .summary(format!("{} — {}", user.display_name, c.plan.title))
            .before(before)
            .after(after),
    )
    .await?;
    if k.action == RegAction::Submit {
        db::notifications::notify_unit_heads(
            &mut tx,
            unit_path,
            "reg_submitted",
            &format!("/registrations/{reg_id}"),
            &[user.display_name.as_str(), c.plan.title.as_str()],
            None,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(late))
}

/// The signed-in person's registration for a campaign (404 when there is none), and where its page is.
async fn my_registration(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(CampaignRow, RegRow, String)> {
    let (person_id, _) = me(user)?;
    let c = readable(state, user, id).await?;
    let reg = db::registrations::for_person(&state.db, c.id, person_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((c, reg, format!("/campaigns/{id}/register")))
}

pub async fn my_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<crate::web::forms::VersionForm>,
) -> AppResult<Response> {
    let (c, reg, back) = my_registration(&state, &user, id).await?;
    let from = Some(reg.status);
    let to = match transition(from, RegAction::Withdraw) {
        Ok(s) => s,
        Err(key) => {
            let page = my_page(&state, ctx, &user, c, None, Errors::form(key)).await?;
            return render_invalid(&page);
        }
    };
    let mut tx = state.db.begin().await?;
    if !db::registrations::set_status(&mut tx, reg.id, f.version, to, None, None).await? {
        tx.rollback().await?;
        let errors = forms::stale(&state.db, "registration", &reg.id.to_string()).await?;
        return render_invalid(&my_page(&state, ctx, &user, c, None, errors).await?);
    }
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("withdraw", "registration", reg.id.to_string())
            .summary(format!("{} — {}", user.display_name, c.plan.title))
            .before(serde_json::json!({"status": reg.status.code()}))
            .after(serde_json::json!({"status": to.code()})),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(&back, ctx.t("reg.withdrawn")))
}

#[derive(Deserialize, Default)]
pub struct ProgressForm {
    #[serde(default)]
    pub position: Vec<String>,
    #[serde(default)]
    pub progress: Vec<String>,
    #[serde(default)]
    pub note: Vec<String>,
}

/// Mid-year review (sơ kết): the owner records progress on each commitment of a sent registration.
///
/// The happy path is one statement (the change and its audit entry, written together with the
/// saves that come at the same moment: `db::progress_batch`), with no notification (see migration
/// 39): this is the form staff send most. Only when it changed nothing is the registration read, to
/// say why.
pub async fn my_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ProgressForm>,
) -> AppResult<Response> {
    let (person_id, unit_path) = me(&user)?;
    let c = readable(&state, &user, id).await?;
    let back = format!("/campaigns/{id}/register");
    let Some(rows) = progress_rows(&f) else {
        let reg = db::registrations::for_person(&state.db, c.id, person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !reg.status.is_registered() {
            return Ok(redirect_flash(&back, ctx.t("reg.err_progress_unsent")));
        }
        return Ok(redirect_flash(&back, ctx.t("reg.err_progress")));
    };
    // row locks on the commitments make two submits of the same form run one after the other;
    // the second finds nothing to change, and writes nothing (saves that come at once are written
    // together: `db::progress_batch`)
    let changed = state
        .progress
        .save(db::progress_batch::ProgressSave {
            actor: actor.clone(),
            campaign_id: c.id,
            person_id,
            rows,
            summary: format!("{} — {}", user.display_name, c.plan.title),
        })
        .await?;
    if changed == 0 {
        let reg = db::registrations::for_person(&state.db, c.id, person_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !reg.status.is_registered() {
            return Ok(redirect_flash(&back, ctx.t("reg.err_progress_unsent")));
        }
        return Ok(redirect_flash(&back, ctx.t("form.nothing_changed")));
    }
    let mut resp = redirect_flash(&back, ctx.t("reg.progress_saved"));
    // this server's next page shows the change: the person's form is loaded again (other servers
    // see it once they read the detail versions, within DETAILS_POLL)
    state
        .caches
        .registration_forms
        .forget(&(c.id, person_id, unit_path));
    resp.extensions_mut()
        .insert(crate::auth::cache::NothingToHear);
    Ok(resp)
}

/// The progress form's rows (position, percent, note), or `None` when a percent is not 0–100.
fn progress_rows(f: &ProgressForm) -> Option<Vec<(i32, Option<i32>, String)>> {
    let mut rows = Vec::new();
    for (i, pos) in f.position.iter().enumerate() {
        let Ok(pos) = pos.trim().parse::<i32>() else {
            continue;
        };
        let raw = f.progress.get(i).map(|s| s.trim()).unwrap_or("");
        let pct = if raw.is_empty() {
            None
        } else {
            match raw.trim_end_matches('%').trim().parse::<i32>() {
                Ok(p) if (0..=100).contains(&p) => Some(p),
                _ => return None,
            }
        };
        let note = clean_text(f.note.get(i).map(String::as_str).unwrap_or(""));
        rows.push((pos, pct, note.chars().take(1000).collect::<String>()));
    }
    Some(rows)
}
