//! The rule set a campaign is judged under: the one in force for its year unless the Office picks
//! another (until the campaign closes).

use super::stale;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::Entry;
use crate::db::campaigns::CampaignRow;
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::Managed;
use crate::web::access::managed;
use crate::web::extract::Form;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "campaigns/rule_set.html")]
pub struct RuleSetPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub options: Vec<(i64, String, chrono::NaiveDate, Option<chrono::NaiveDate>)>,
    pub in_force: Option<i64>,
    /// the choice shown: the campaign's, or the one a refused save sent
    pub chosen: i64,
    pub errors: Errors,
}

/// The rule-set page of campaign `c`, with `chosen` ticked and `errors` shown.
async fn rule_set_page(
    state: &AppState,
    ctx: Ctx,
    c: CampaignRow,
    chosen: i64,
    errors: Errors,
) -> AppResult<RuleSetPage> {
    let options = db::campaigns::rule_set_options(&state.db).await?;
    let in_force = db::campaigns::rule_set_for_year(&state.db, c.plan.year).await?;
    Ok(RuleSetPage {
        ctx,
        c,
        options,
        in_force,
        chosen,
        errors,
    })
}

/// The rule set a campaign is judged under: the one in force for its year unless the Office picks
/// another.
pub async fn rule_set_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Managed(c): Managed,
) -> AppResult<Response> {
    let chosen = c.rule_set_id;
    render(&rule_set_page(&state, ctx, c, chosen, Errors::default()).await?)
}

#[derive(Deserialize)]
pub struct RuleSetForm {
    pub rule_set_id: i64,
    pub version: i32,
}

pub async fn set_rule_set(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Managed(c): Managed,
    Form(f): Form<RuleSetForm>,
) -> AppResult<Response> {
    let id = c.id;
    if c.stage_on(today_vn()) == Stage::Closed {
        return Ok(redirect_flash(
            &format!("/campaigns/{id}"),
            ctx.t("plan.err_closed_rule_set"),
        ));
    }
    let name = db::campaigns::rule_set_name(&state.db, f.rule_set_id)
        .await?
        .ok_or(AppError::BadRequest("rule_set_id".into()))?;
    let mut tx = state.db.begin().await?;
    if !db::campaigns::set_rule_set(&mut *tx, id, f.version, f.rule_set_id).await? {
        tx.rollback().await?;
        let errors = stale(&state, id).await?;
        let c = managed(&state, &user, id).await?;
        return render_invalid(&rule_set_page(&state, ctx, c, f.rule_set_id, errors).await?);
    }
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("rule_set", "campaign", id.to_string())
            .summary(format!("{}: {name}", c.plan.title))
            .before(serde_json::json!({"rule_set_id": c.rule_set_id}))
            .after(serde_json::json!({"rule_set_id": f.rule_set_id})),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}"),
        &ctx.tf("plan.rule_set_set", [name.as_str()]),
    ))
}
