//! Registrations: a staff member's own (title, commitments, initiatives; save, submit, withdraw,
//! mid-year progress), the unit head's review (confirm, return) and the unit's collective
//! registration, the Office's reopenings.

use super::campaigns::readable;
use super::extract::{Form, Path};
use super::{ClientIp, Ctx, redirect_flash, render, render_invalid};
use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::campaigns::{CampaignRow, TitleRow};
use crate::db::registrations::{CommitmentRow, InitiativeRow, RegRow, Save};
use crate::db::{self, audit::Actor};
use crate::domain::campaign::{
    self, Commitment, Initiative, RegAction, RegStatus, Stage, parse_commitments,
    parse_initiatives, transition,
};
use crate::domain::dates::{fmt_date, parse_date, today_vn};
use crate::domain::names::{clean_text, fold};
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;

/// Field errors of a form with numbered rows ("commitment_2").
#[derive(Clone, Debug, Default)]
pub struct RowErrors(pub Vec<(String, &'static str)>);

impl RowErrors {
    pub fn get(&self, field: impl AsRef<str>) -> Option<&'static str> {
        let field = field.as_ref();
        self.0.iter().find(|(f, _)| f == field).map(|(_, e)| *e)
    }
    pub fn has(&self, field: impl AsRef<str>) -> bool {
        self.get(field).is_some()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn push(&mut self, field: &str, key: &'static str) {
        self.0.push((field.to_string(), key));
    }
    /// An error about the whole form.
    pub fn form(key: &'static str) -> RowErrors {
        RowErrors(vec![("_form".to_string(), key)])
    }
}

/// The registration form as typed: parallel lists for the rows.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct RegForm {
    #[serde(default)]
    pub title_id: String,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(default)]
    pub measure: Vec<String>,
    #[serde(default)]
    pub ini_title: Vec<String>,
    #[serde(default)]
    pub ini_field: Vec<String>,
    #[serde(default)]
    pub ini_benefit: Vec<String>,
    /// co-authors by name, separated by ";" ("Trần Thị Bình; Lê Văn Cường (VP)")
    #[serde(default)]
    pub ini_coauthors: Vec<String>,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub version: i32,
}

impl RegForm {
    fn from_saved(
        reg: Option<&RegRow>,
        commitments: &[CommitmentRow],
        initiatives: &[InitiativeRow],
    ) -> RegForm {
        RegForm {
            title_id: reg
                .and_then(|r| r.title_id)
                .map(|t| t.to_string())
                .unwrap_or_default(),
            target: commitments.iter().map(|c| c.target.clone()).collect(),
            measure: commitments.iter().map(|c| c.measure.clone()).collect(),
            ini_title: initiatives.iter().map(|i| i.title.clone()).collect(),
            ini_field: initiatives.iter().map(|i| i.field.clone()).collect(),
            ini_benefit: initiatives
                .iter()
                .map(|i| i.expected_benefit.clone())
                .collect(),
            ini_coauthors: initiatives
                .iter()
                .map(|i| {
                    i.coauthors
                        .iter()
                        .map(|c| c.1.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .collect(),
            action: String::new(),
            version: reg.map(|r| r.version).unwrap_or(0),
        }
    }
}

/// Where the deadline stands for one person (or unit).
pub struct DeadlineInfo {
    pub deadline: Option<NaiveDate>,
    pub reopened: bool,
    pub refusal: Option<&'static str>,
    pub days_left: Option<i64>,
}

pub async fn deadline_info(
    state: &AppState,
    c: &CampaignRow,
    person_id: Option<i64>,
    unit_path: &str,
) -> AppResult<DeadlineInfo> {
    let reopenings =
        db::registrations::reopenings_for(&state.db, c.id, person_id, unit_path).await?;
    Ok(deadline_of(c, &reopenings))
}

/// [`deadline_info`] with the reopenings already read.
pub fn deadline_of(c: &CampaignRow, reopenings: &[NaiveDate]) -> DeadlineInfo {
    let closes = c.plan.timeline.registration_closes;
    let deadline = campaign::deadline_for(closes, reopenings);
    let today = today_vn();
    DeadlineInfo {
        reopened: deadline != closes,
        refusal: campaign::submission_refusal(
            c.stage_on(today),
            c.plan.timeline.registration_opens,
            deadline,
            today,
        ),
        days_left: deadline.map(|d| (d - today).num_days()),
        deadline,
    }
}

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
    pub errors: RowErrors,
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
    fn progress_of(&self, c: &CommitmentRow) -> String {
        c.progress.map(|p| p.to_string()).unwrap_or_default()
    }
}

/// The titles one registers for in the campaign's rule set (from the campaign cache).
pub async fn individual_titles(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<Vec<TitleRow>> {
    Ok(state
        .campaigns
        .titles(
            &state.db,
            user.campaigns_version,
            c.rule_set_id,
            "individual",
        )
        .await?
        .to_vec())
}

/// The person a staff member registers as (their own record).
fn me(user: &CurrentUser) -> AppResult<(i64, String)> {
    match (user.person_id, user.unit_path.clone()) {
        (Some(p), Some(path)) => Ok((p, path)),
        _ => Err(AppError::Forbidden),
    }
}

/// Names of the people of the user's unit, for the co-author suggestions.
async fn colleagues(state: &AppState, user: &CurrentUser) -> AppResult<Vec<String>> {
    let Some(path) = user.unit_path.clone() else {
        return Ok(Vec::new());
    };
    let dir = state
        .directory
        .snapshot(&state.db, user.people_version)
        .await?;
    let q = db::directory::Query {
        scope: vec![path],
        active: Some(true),
        sort: "name".into(),
        ..Default::default()
    };
    let (_, page) = dir.list(&q, |n| {
        crate::domain::paging::Paging::new(Some(1), Some(200), n)
    });
    Ok(page
        .into_iter()
        .filter(|e| Some(e.id) != user.person_id)
        .map(|e| e.full_name.clone())
        .collect())
}

/// At most this many names in one cell of co-authors or authors.
pub const MAX_NAMES_PER_CELL: usize = 20;

/// Resolves names ("Trần Thị Bình; Lê Văn Cường (VP)") among the active people under
/// `issuer_path`, one cell per row, through the directory's name index: the ids (comma-separated)
/// per row, and the rows with a name that matches nobody or several people, or `exclude` (the user
/// naming themself a co-author), or more than [`MAX_NAMES_PER_CELL`] names.
pub async fn resolve_names(
    state: &AppState,
    user: &CurrentUser,
    issuer_path: &str,
    raw: &[String],
    exclude: Option<i64>,
) -> AppResult<(Vec<String>, Vec<usize>)> {
    let dir = state
        .directory
        .snapshot(&state.db, user.people_version)
        .await?;
    let mut out = Vec::new();
    let mut bad_rows = Vec::new();
    for (i, cell) in raw.iter().enumerate() {
        let parts: Vec<&str> = cell
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() > MAX_NAMES_PER_CELL {
            bad_rows.push(i);
            out.push(String::new());
            continue;
        }
        let mut ids = Vec::new();
        for part in parts {
            let (name, code) = match part.rsplit_once('(') {
                Some((n, c)) if c.ends_with(')') => {
                    (n.trim(), Some(c.trim_end_matches(')').trim()))
                }
                _ => (part, None),
            };
            let want = fold(&clean_text(name));
            let found: Vec<i64> = dir
                .named(&want)
                .filter(|e| e.active)
                .filter(|e| {
                    let u = dir.unit_of(e);
                    u.path.starts_with(issuer_path)
                        && code.is_none_or(|c| u.code.eq_ignore_ascii_case(c))
                })
                .take(2)
                .map(|e| e.id)
                .collect();
            match found.as_slice() {
                [id] if Some(*id) != exclude => ids.push(id.to_string()),
                _ => {
                    bad_rows.push(i);
                    break;
                }
            }
        }
        out.push(ids.join(","));
    }
    Ok((out, bad_rows))
}

async fn my_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    form: Option<RegForm>,
    errors: RowErrors,
) -> AppResult<FormPage> {
    let (person_id, unit_path) = me(user)?;
    let full = db::registrations::for_person_full(&state.db, c.id, person_id, &unit_path).await?;
    let (reg, commitments, initiatives) = (full.reg, full.commitments, full.initiatives);
    let status = reg.as_ref().and_then(|r| RegStatus::parse(&r.status));
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
    render(&my_page(&state, ctx, &user, c, None, RowErrors::default()).await?)
}

/// Checks and cleans the form: (title id, commitments, initiatives) or row errors.
async fn check_form(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    form: &RegForm,
    titles: &[TitleRow],
    submitting: bool,
) -> AppResult<Result<(Option<i64>, Vec<Commitment>, Vec<Initiative>), RowErrors>> {
    let mut errors = RowErrors::default();
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
    let from = existing.and_then(|r| RegStatus::parse(&r.status));
    let invalid = |form: RegForm, errors: RowErrors, ctx: Ctx, c: CampaignRow| {
        let state = state.clone();
        let user = user.clone();
        async move { render_invalid(&my_page(&state, ctx, &user, c, Some(form), errors).await?) }
    };
    let to = match transition(from, action) {
        Ok(s) => s,
        Err(key) => {
            return invalid(form, RowErrors::form(key), ctx, c).await;
        }
    };
    // sending (a submission, or an amendment of what was sent) is refused after the deadline
    let sends = to != RegStatus::Draft;
    let info = deadline_of(&c, &saved_before.reopenings);
    if sends && let Some(key) = info.refusal {
        return invalid(form, RowErrors::form(key), ctx, c).await;
    }
    if c.stage_on(today_vn()) >= Stage::Closed {
        return invalid(form, RowErrors::form("reg.err_closed"), ctx, c).await;
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
    let unit_id = user.unit_id.ok_or(AppError::Forbidden)?;
    let late = c
        .plan
        .timeline
        .registration_closes
        .is_some_and(|d| today_vn() > d);
    let mut tx = state.db.begin().await?;
    let (reg_id, version, before) = match existing {
        // the saved content as it was read (the version check below refuses a save if it changed)
        Some(r) => (r.id, form.version, Some(saved_before.content_json())),
        None => {
            if form.version != 0 {
                // the form was opened on a registration that has since been deleted: start afresh
                return invalid(form, RowErrors::form("err.stale"), ctx, c).await;
            }
            match db::registrations::create(&mut tx, c.id, Some(person_id), unit_id).await {
                Ok((rid, v)) => (rid, v, None),
                Err(e) if crate::error::is_unique_violation(&e, "registrations_person_key") => {
                    // someone (another tab) created it meanwhile
                    return invalid(form, RowErrors::form("err.stale"), ctx, c).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let submitted = (action == RegAction::Submit).then_some(late);
    let saved = db::registrations::save(
        &mut tx,
        reg_id,
        version,
        &Save {
            title_id,
            status: to.code(),
            submitted,
            unit_id,
            commitments: &commitments,
            initiatives: &initiatives,
        },
    )
    .await?;
    if !saved {
        return invalid(form, RowErrors::form("err.stale"), ctx, c).await;
    }
    let title_code = titles
        .iter()
        .find(|t| Some(t.id) == title_id)
        .map(|t| t.code.as_str());
    let after = db::registrations::content_json(title_code, to.code(), &commitments, &initiatives);
    let audit_action = match (action, from) {
        (RegAction::Submit, Some(RegStatus::Returned)) => "resubmit",
        (RegAction::Submit, Some(RegStatus::Submitted)) => "amend",
        (RegAction::Submit, _) => "submit",
        _ => "save",
    };
    db::audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        Entry::new(audit_action, "registration", reg_id.to_string())
            .summary(format!("{} — {}", user.display_name, c.plan.title))
            .before(before)
            .after(after),
    )
    .await?;
    if action == RegAction::Submit {
        db::notifications::notify_unit_heads(
            &mut tx,
            &unit_path,
            "reg_submitted",
            &format!("/registrations/{reg_id}"),
            &[user.display_name.as_str(), c.plan.title.as_str()],
            None,
        )
        .await?;
    }
    tx.commit().await?;
    let msg = match (action, late) {
        (RegAction::Submit, true) => ctx.t("reg.submitted_late"),
        (RegAction::Submit, false) => ctx.t("reg.submitted"),
        _ => ctx.t("reg.saved"),
    };
    Ok(redirect_flash(&format!("/campaigns/{id}/register"), msg))
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

#[derive(Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    pub version: i32,
}

pub async fn my_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<VersionForm>,
) -> AppResult<Response> {
    let (c, reg, back) = my_registration(&state, &user, id).await?;
    let from = RegStatus::parse(&reg.status);
    let to = match transition(from, RegAction::Withdraw) {
        Ok(s) => s,
        Err(key) => return Ok(redirect_flash(&back, ctx.t(key))),
    };
    let mut tx = state.db.begin().await?;
    if !db::registrations::set_status(&mut tx, reg.id, f.version, to.code(), None, None).await? {
        return Ok(redirect_flash(&back, ctx.t("err.stale")));
    }
    db::audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        Entry::new("withdraw", "registration", reg.id.to_string())
            .summary(format!("{} — {}", user.display_name, c.plan.title))
            .before(serde_json::json!({"status": reg.status}))
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
pub async fn my_progress(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ProgressForm>,
) -> AppResult<Response> {
    let (c, reg, back) = my_registration(&state, &user, id).await?;
    if !RegStatus::parse(&reg.status).is_some_and(|s| s.is_registered()) {
        return Ok(redirect_flash(&back, ctx.t("reg.err_progress_unsent")));
    }
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
                _ => return Ok(redirect_flash(&back, ctx.t("reg.err_progress"))),
            }
        };
        let note = clean_text(f.note.get(i).map(String::as_str).unwrap_or(""));
        rows.push((pos, pct, note.chars().take(1000).collect::<String>()));
    }
    let mut tx = state.db.begin().await?;
    // row locks on the commitments make two submits of the same form run one after the other;
    // the second finds nothing to change, and writes nothing
    if db::registrations::save_progress(&mut tx, reg.id, &rows).await? == 0 {
        tx.rollback().await?;
        return Ok(redirect_flash(&back, ctx.t("form.nothing_changed")));
    }
    db::audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        Entry::new("progress", "registration", reg.id.to_string())
            .summary(format!("{} — {}", user.display_name, c.plan.title))
            .after(Some(serde_json::json!(
                rows.iter()
                    .map(|r| serde_json::json!({"position": r.0, "progress": r.1, "note": r.2}))
                    .collect::<Vec<_>>()
            ))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(&back, ctx.t("reg.progress_saved")))
}

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
    pub error: Option<&'static str>,
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
        .campaigns
        .campaign(&state.db, user.campaigns_version, reg.campaign_id)
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
        status: RegStatus::parse(&reg.status),
        c,
        comment: String::new(),
        reg,
        commitments,
        initiatives,
        can_review,
        error: None,
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
    ClientIp(ip): ClientIp,
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
    let from = RegStatus::parse(&reg.status);
    let fail = |key: &'static str, reg: RegRow, c: CampaignRow, ctx: Ctx, comment: String| {
        let state = state.clone();
        async move {
            let commitments = db::registrations::commitments(&state.db, id).await?;
            let initiatives = db::registrations::initiatives(&state.db, id).await?;
            render_invalid(&ShowPage {
                ctx,
                status: RegStatus::parse(&reg.status),
                c,
                reg,
                commitments,
                initiatives,
                can_review: true,
                comment,
                error: Some(key),
            })
        }
    };
    if action == RegAction::Return && comment.is_empty() {
        return fail("reg.err_comment_required", reg, c, ctx, comment).await;
    }
    if comment.chars().count() > 2000 {
        return fail("err.too_long", reg, c, ctx, comment).await;
    }
    let to = match transition(from, action) {
        Ok(s) => s,
        Err(key) => return fail(key, reg, c, ctx, comment).await,
    };
    let mut tx = state.db.begin().await?;
    if !db::registrations::set_status(
        &mut tx,
        reg.id,
        f.version,
        to.code(),
        Some(user.user_id),
        Some(&comment),
    )
    .await?
    {
        tx.rollback().await?;
        return fail("err.stale", reg, c, ctx, comment).await;
    }
    let who = reg
        .person_name
        .clone()
        .unwrap_or_else(|| reg.unit_name.clone());
    db::audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
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
        .before(serde_json::json!({"status": reg.status}))
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
    match reg.person_id {
        Some(pid) => {
            db::notifications::notify_person(
                &mut tx,
                pid,
                kind,
                &format!("/campaigns/{}/register", c.id),
                &[c.plan.title.as_str(), comment.as_str()],
                None,
            )
            .await?
        }
        None => {
            db::notifications::notify_unit_heads(
                &mut tx,
                &reg.unit_path,
                kind,
                &format!("/registrations/{}", reg.id),
                &[c.plan.title.as_str(), comment.as_str()],
                None,
            )
            .await?
        }
    }
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
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ReopenForm>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
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
        &Actor::user(&user, &ip),
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
