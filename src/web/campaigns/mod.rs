//! Campaign plans: list, draft, edit (amend once published), publish, stage, read as the official
//! document, download as .docx, earlier published texts.

pub mod api;
pub mod initiatives;
pub mod phases;
pub mod rule_set;
use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::campaigns::{CampaignListRow, CampaignRow, VersionRow};
use crate::db::{self};
use crate::domain::campaign::phases::{Phase, PhaseState};
use crate::domain::campaign::{Plan, PlanForm, Stage};
use crate::domain::dates::today_vn;
use crate::error::{AppError, AppResult};
use crate::export;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::{Managed, Readable};
use crate::web::access::{managed, readable};
use crate::web::choices::{UnitChoice, unit_choices};
use crate::web::extract::{Form, Path};
use crate::web::forms;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "campaigns/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<(CampaignListRow, Stage)>,
    pub can_create: bool,
}

/// The campaigns a user sees (published ones reaching them, and every one they run), with their
/// stage today, newest first.
pub async fn visible(
    state: &AppState,
    user: &CurrentUser,
) -> AppResult<Vec<(CampaignListRow, Stage)>> {
    let rows = match user.unit_path.as_deref() {
        Some(path) => {
            db::campaigns::list(&state.db, Some(path), &user.campaign_manage_scope()).await?
        }
        // no unit of their own (an administrator account): what their roles reach
        None => db::campaigns::list(&state.db, None, &["/%".to_string()])
            .await?
            .into_iter()
            .filter(|c| {
                user.manages_campaigns_of(&c.issuer_unit_path)
                    || (c.stage != "draft" && user.reached_by(&c.issuer_unit_path))
            })
            .collect(),
    };
    let today = today_vn();
    Ok(rows
        .into_iter()
        .map(|r| {
            let manual = Stage::parse(&r.stage).unwrap_or(Stage::Draft);
            let st = crate::domain::campaign::effective_stage(manual, &r.timeline, today);
            (r, st)
        })
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let rows = visible(&state, &user).await?;
    render(&ListPage {
        ctx,
        rows,
        can_create: !user.campaign_manage_scope().is_empty(),
    })
}

#[derive(Template)]
#[template(path = "campaigns/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub stage: Stage,
    pub doc: export::docx::OfficialDoc,
    pub body_html: String,
    pub can_manage: bool,
    pub can_publish: bool,
    pub is_director: bool,
    pub next_stage: Option<Stage>,
    pub versions: Vec<VersionRow>,
    pub viewing: Option<i32>,
    /// why the last action on this page was refused (a stale page, a stage that cannot be set)
    pub errors: Errors,
    /// the cycle's phases, with the viewer's tasks and pages in each
    pub phases: Vec<phases::PhaseView>,
    /// the status of the viewer's own registration
    pub my_registration: Option<String>,
}

impl ShowPage {
    fn stage_label(&self) -> &'static str {
        self.ctx.label("stage", self.stage.code())
    }
    /// A phase's dates in words: one day, a span, or only its start or end.
    fn dates(&self, p: &phases::PhaseView) -> Option<String> {
        let f = crate::domain::dates::fmt_date;
        match (p.from, p.to) {
            (Some(a), Some(b)) if a == b => Some(f(a)),
            (Some(a), Some(b)) => Some(format!("{} – {}", f(a), f(b))),
            (Some(a), None) => Some(self.ctx.tf("phase.from", [f(a).as_str()])),
            (None, Some(b)) => Some(self.ctx.tf("phase.until", [f(b).as_str()])),
            (None, None) => None,
        }
    }
    fn task_text(&self, t: &crate::domain::tasks::Task) -> String {
        crate::web::tasks::text(&self.ctx, t)
    }
    fn task_due(&self, t: &crate::domain::tasks::Task) -> Option<String> {
        crate::web::tasks::due(&self.ctx, t, today_vn())
    }
}

fn show_page(
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    plan: &Plan,
    (versions, viewing): (Vec<VersionRow>, Option<i32>),
    (phases, my_registration): (Vec<phases::PhaseView>, Option<String>),
) -> ShowPage {
    let stage = c.stage_on(today_vn());
    let doc = export::plan::document(plan);
    let body_html = export::plan::body_html(&doc.body);
    let can_manage = user.manages_campaigns_of(&c.issuer_unit_path);
    let is_director = user.grants.iter().any(|g| {
        matches!(
            g.role,
            crate::domain::roles::Role::Director | crate::domain::roles::Role::DeputyDirector
        ) && g.covers(&c.issuer_unit_path)
    });
    ShowPage {
        ctx,
        stage,
        doc,
        body_html,
        can_manage,
        can_publish: can_manage && stage == Stage::Draft,
        is_director,
        next_stage: stage.next().filter(|_| can_manage && stage != Stage::Draft),
        versions,
        viewing,
        errors: Errors::default(),
        phases,
        my_registration,
        c,
    }
}

/// The campaign's page again, answering 422 with `errors` (a refused publish, stage or delete).
async fn show_refused(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    id: i64,
    errors: Errors,
) -> AppResult<Response> {
    let c = readable(state, user, id).await?;
    let versions = db::campaigns::versions(&state.db, id).await?;
    let plan = c.plan.clone();
    let ph = phases::load(state, user, &c).await?;
    let mut page = show_page(ctx, user, c, &plan, (versions, None), ph);
    page.errors = errors;
    render_invalid(&page)
}

/// The errors of a save from a page read before the campaign's last change.
pub(super) async fn stale(state: &AppState, id: i64) -> AppResult<Errors> {
    forms::stale(&state.db, "campaign", &id.to_string()).await
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Readable(c): Readable,
) -> AppResult<Response> {
    let id = c.id;
    let versions = db::campaigns::versions(&state.db, id).await?;
    let plan = c.plan.clone();
    let ph = phases::load(&state, &user, &c).await?;
    render(&show_page(ctx, &user, c, &plan, (versions, None), ph))
}

/// An earlier published text of the plan.
pub async fn version(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((id, n)): Path<(i64, i32)>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let plan = db::campaigns::version_plan(&state.db, id, n)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = db::campaigns::versions(&state.db, id).await?;
    let ph = phases::load(&state, &user, &c).await?;
    render(&show_page(ctx, &user, c, &plan, (versions, Some(n)), ph))
}

/// The plan as a Word document laid out per Nghị định 30/2020.
pub async fn docx(Readable(c): Readable) -> AppResult<Response> {
    let bytes = export::docx::render(&export::plan::document(&c.plan))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))?;
    let name = format!("ke-hoach-{}-{}.docx", c.plan.year, c.id);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    .to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "campaigns/form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub campaign_id: Option<i64>,
    pub published: bool,
    pub form: PlanForm,
    pub errors: Errors,
    pub units: Vec<UnitChoice>,
}

impl FormPage {
    fn unit_selected(&self, id: &i64) -> bool {
        self.form.issuer_unit_id == id.to_string()
    }
}

/// A new plan starts from the issuing body's usual header.
fn blank_form(units: &[UnitChoice]) -> PlanForm {
    let year = chrono::Datelike::year(&today_vn());
    PlanForm {
        issuer_unit_id: units.first().map(|u| u.id.to_string()).unwrap_or_default(),
        kind: "annual".into(),
        year: year.to_string(),
        doc_code: "KH-STNMT".into(),
        signer_title: "GIÁM ĐỐC".into(),
        title: format!("Phát động phong trào thi đua năm {year}"),
        ..Default::default()
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let scope = user.campaign_manage_scope();
    user.require(!scope.is_empty())?;
    let units = unit_choices(&state, &scope, None).await?;
    let form = blank_form(&units);
    render(&FormPage {
        ctx,
        campaign_id: None,
        published: false,
        form,
        errors: Errors::default(),
        units,
    })
}

fn issuer_of(form: &PlanForm, units: &[UnitChoice]) -> Option<i64> {
    form.issuer_unit_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| units.iter().any(|u| u.id == *id))
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(form): Form<PlanForm>,
) -> AppResult<Response> {
    let scope = user.campaign_manage_scope();
    user.require(!scope.is_empty())?;
    let units = unit_choices(&state, &scope, None).await?;
    let issuer = issuer_of(&form, &units);
    let plan = match (form.validate(false), issuer) {
        (Ok(p), Some(_)) => p,
        (res, issuer) => {
            let mut errors = res.err().unwrap_or_default();
            if issuer.is_none() {
                errors.push(("issuer_unit_id", "err.choose"));
            }
            return render_invalid(&FormPage {
                ctx,
                campaign_id: None,
                published: false,
                form,
                errors: Errors::from(errors),
                units,
            });
        }
    };
    let issuer = issuer.unwrap_or_default();
    let Some(rule_set) = db::campaigns::rule_set_for_year(&state.db, plan.year).await? else {
        return render_invalid(&FormPage {
            ctx,
            campaign_id: None,
            published: false,
            form,
            errors: Errors::one("year", "plan.err_no_rule_set"),
            units,
        });
    };
    let mut tx = state.db.begin().await?;
    let (id, _) = db::campaigns::insert(&mut tx, &plan, issuer, rule_set, user.user_id).await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "campaign", id.to_string())
            .summary(plan.title.to_string())
            .after(db::campaigns::plan_json(&plan)),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}"),
        ctx.t("plan.created"),
    ))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Managed(c): Managed,
) -> AppResult<Response> {
    let id = c.id;
    user.require(c.manual_stage() != Stage::Closed)?;
    let units = unit_choices(&state, &user.campaign_manage_scope(), None).await?;
    let form = PlanForm::from_plan(&c.plan, c.issuer_unit_id, c.version);
    render(&FormPage {
        ctx,
        campaign_id: Some(id),
        published: c.manual_stage() != Stage::Draft,
        form,
        errors: Errors::default(),
        units,
    })
}

/// Saves a draft, or records an amendment of a published plan (with its reason and a new version).
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Managed(c): Managed,
    Form(form): Form<PlanForm>,
) -> AppResult<Response> {
    let id = c.id;
    user.require(c.manual_stage() != Stage::Closed)?;
    let published = c.manual_stage() != Stage::Draft;
    let units = unit_choices(&state, &user.campaign_manage_scope(), None).await?;
    let issuer = issuer_of(&form, &units);
    let page = |form: PlanForm, errors: Errors, ctx: Ctx| FormPage {
        ctx,
        campaign_id: Some(id),
        published,
        form,
        errors,
        units: units.clone(),
    };
    let plan = match (form.validate(published), issuer) {
        (Ok(p), Some(_)) => p,
        (res, issuer) => {
            let mut errors = res.err().unwrap_or_default();
            if issuer.is_none() {
                errors.push(("issuer_unit_id", "err.choose"));
            }
            return render_invalid(&page(form, errors.into(), ctx));
        }
    };
    if plan == c.plan && issuer == Some(c.issuer_unit_id) {
        return Ok(redirect_flash(
            &format!("/campaigns/{id}"),
            ctx.t("form.nothing_changed"),
        ));
    }
    let mut tx = state.db.begin().await?;
    let saved = db::campaigns::update(
        &mut tx,
        id,
        form.version,
        &plan,
        issuer.unwrap_or(c.issuer_unit_id),
        published,
    )
    .await?;
    if !saved {
        tx.rollback().await?;
        return render_invalid(&page(form, stale(&state, id).await?, ctx));
    }
    let reason = crate::domain::names::clean_text(&form.reason);
    if published {
        db::campaigns::record_version(&mut tx, id, c.amendment + 1, &reason, &plan, user.user_id)
            .await?;
    }
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new(
            if published { "amend" } else { "update" },
            "campaign",
            id.to_string(),
        )
        .summary(
            if published {
                format!("{} — {}", plan.title, reason)
            } else {
                plan.title.clone()
            }
            .to_string(),
        )
        .before(db::campaigns::plan_json(&c.plan))
        .after(db::campaigns::plan_json(&plan)),
    )
    .await?;
    tx.commit().await?;
    let msg = if published {
        ctx.tf("plan.amended", [(c.amendment + 1).to_string().as_str()])
    } else {
        ctx.t("form.saved").to_string()
    };
    Ok(redirect_flash(&format!("/campaigns/{id}"), &msg))
}

/// Publishes a draft: the director (or a deputy) signs; the Office publishes on their behalf, and
/// the audit log says so.
pub async fn publish(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Managed(c): Managed,
    Form(f): Form<crate::web::forms::VersionForm>,
) -> AppResult<Response> {
    let id = c.id;
    if c.manual_stage() != Stage::Draft {
        return Ok(redirect_flash(
            &format!("/campaigns/{id}"),
            ctx.t("plan.already_published"),
        ));
    }
    if c.plan.doc_number.is_empty() || c.plan.doc_date.is_none() {
        return Ok(redirect_flash(
            &format!("/campaigns/{id}/edit"),
            ctx.t("plan.err_number_date"),
        ));
    }
    let by_director = user.grants.iter().any(|g| {
        matches!(
            g.role,
            crate::domain::roles::Role::Director | crate::domain::roles::Role::DeputyDirector
        ) && g.covers(&c.issuer_unit_path)
    });
    let mut tx = state.db.begin().await?;
    if !db::campaigns::publish(&mut tx, id, f.version, user.user_id).await? {
        tx.rollback().await?;
        return show_refused(&state, ctx, &user, id, stale(&state, id).await?).await;
    }
    db::campaigns::record_version(&mut tx, id, 0, "", &c.plan, user.user_id).await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new(
            if by_director {
                "publish"
            } else {
                "publish_on_behalf"
            },
            "campaign",
            id.to_string(),
        )
        .summary(format!("{} {}", c.plan.number_code(), c.plan.title))
        .before(serde_json::json!({"stage": "draft"}))
        .after(serde_json::json!({"stage": "published"})),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}"),
        ctx.t("plan.published"),
    ))
}

#[derive(Deserialize)]
pub struct StageForm {
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub version: i32,
}

/// Moves a published campaign on by hand (never back: the dates would move it on again).
pub async fn set_stage(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Managed(c): Managed,
    Form(f): Form<StageForm>,
) -> AppResult<Response> {
    let id = c.id;
    let current = c.stage_on(today_vn());
    let Some(to) = Stage::parse(&f.stage).filter(|s| *s > current && current != Stage::Draft)
    else {
        return show_refused(&state, ctx, &user, id, Errors::form("plan.err_stage")).await;
    };
    let mut tx = state.db.begin().await?;
    if !db::campaigns::set_stage(&mut tx, id, f.version, to).await? {
        tx.rollback().await?;
        return show_refused(&state, ctx, &user, id, stale(&state, id).await?).await;
    }
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("stage", "campaign", id.to_string())
            .summary(c.plan.title.to_string())
            .before(serde_json::json!({"stage": current.code()}))
            .after(serde_json::json!({"stage": to.code()})),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}"),
        &ctx.tf("plan.stage_set", [ctx.label("stage", to.code())]),
    ))
}

/// Deletes a draft nobody has registered for.
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<crate::web::forms::VersionForm>,
) -> AppResult<Response> {
    // a second click of the same button: the draft is gone already
    let c = match managed(&state, &user, id).await {
        Err(AppError::NotFound) => {
            return Ok(redirect_flash("/campaigns", ctx.t("plan.deleted_already")));
        }
        other => other?,
    };
    if c.version != f.version {
        return show_refused(&state, ctx, &user, id, stale(&state, id).await?).await;
    }
    let mut tx = state.db.begin().await?;
    if !db::campaigns::delete_draft(&mut tx, id, f.version).await? {
        tx.rollback().await?;
        // why not: a second click that waited for the first, a change meanwhile, or not a draft
        // nobody registered for
        let errors = match db::campaigns::version_of(&state.db, id).await? {
            None => return Ok(redirect_flash("/campaigns", ctx.t("plan.deleted_already"))),
            Some(v) if v != f.version => stale(&state, id).await?,
            Some(_) => Errors::form("plan.err_delete"),
        };
        return show_refused(&state, ctx, &user, id, errors).await;
    }
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("delete", "campaign", id.to_string())
            .summary(c.plan.title.to_string())
            .before(db::campaigns::plan_json(&c.plan)),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash("/campaigns", ctx.t("plan.deleted")))
}
