//! An issuing body's particulars as its papers print them (`/issuers/{id}`): its own legal bases
//! (its founding decision, the province's emulation regulation), who carries out its decisions (the
//! Office, the division that pays), and to whom its submissions go. Edited by those who run the
//! body's campaigns (its Office, an administrator over it), audited with what it replaced; a stale
//! form is refused with what was typed kept.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::keys::At;
use crate::db::units::UnitRow;
use crate::domain::issuer::{IssuerProfile, LIMITS};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "units/issuer.html")]
pub struct IssuerPage {
    pub ctx: Ctx,
    pub unit: UnitRow,
    pub version: i32,
    pub errors: Errors,
    /// each field's value: as typed after a refused save, else as saved (or the defaults)
    pub values: HashMap<String, String>,
    /// a profile is saved (not the defaults shown)
    pub saved: bool,
}

impl IssuerPage {
    fn value(&self, key: &str) -> String {
        self.values.get(key).cloned().unwrap_or_default()
    }
    fn limit(&self, key: &str) -> usize {
        LIMITS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or(300, |(_, n)| *n)
    }
}

/// Body `id`, for those who run its campaigns and its administrators.
async fn body(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<UnitRow> {
    let unit = db::units::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    user.require(user.manages_campaigns_of(&unit.path) || user.administers(&unit.path))?;
    Ok(unit)
}

fn values(p: &IssuerProfile) -> HashMap<String, String> {
    LIMITS
        .iter()
        .map(|(k, _)| (k.to_string(), p.field(k).to_string()))
        .collect()
}

/// The place a body's defaults name: the province of its campaigns' plans, else of its name.
async fn place_of(state: &AppState, unit: &UnitRow) -> AppResult<String> {
    Ok(db::campaigns::place_of_issuer(&state.db, unit.id)
        .await?
        .unwrap_or_default())
}

/// `/issuers/{id}`: the body's particulars in a form.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let unit = body(&state, &user, id).await?;
    let saved = db::issuers::profile(&state.db, id).await?;
    let p = match &saved {
        Some(p) => p.clone(),
        None => IssuerProfile::defaults(&place_of(&state, &unit).await?),
    };
    render(&IssuerPage {
        ctx,
        unit,
        version: p.version,
        errors: Errors::default(),
        values: values(&p),
        saved: saved.is_some(),
    })
}

/// The form as typed, with its errors.
fn typed(
    ctx: Ctx,
    unit: UnitRow,
    (version, errors): (i32, Errors),
    values: HashMap<String, String>,
) -> IssuerPage {
    IssuerPage {
        ctx,
        unit,
        version,
        errors,
        values,
        saved: version > 0,
    }
}

/// The particulars as posted, and the `version` they were read at.
#[derive(serde::Deserialize)]
pub struct IssuerForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub bases: String,
    #[serde(default)]
    pub executors: String,
    #[serde(default)]
    pub province_authority: String,
    #[serde(default)]
    pub province_board: String,
    #[serde(default)]
    pub ministry: String,
}

impl IssuerForm {
    /// The particulars as typed, unchecked.
    fn unchecked(self) -> IssuerProfile {
        IssuerProfile {
            bases: self.bases,
            executors: self.executors,
            province_authority: self.province_authority,
            province_board: self.province_board,
            ministry: self.ministry,
            version: 0,
        }
    }
}

/// Saves the body's particulars (`version` as read), audited with what they replaced.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<IssuerForm>,
) -> AppResult<Response> {
    let unit = body(&state, &user, id).await?;
    let version: i32 = f.version.parse().unwrap_or(-1);
    let f = f.unchecked();
    let p = match IssuerProfile::from_form(|k| f.field(k).to_string()) {
        Ok(p) => p,
        Err(list) => {
            let mut errors = Errors::default();
            for (field, key) in list {
                errors.push(field, key);
            }
            return render_invalid(&typed(ctx, unit, (version, errors), values(&f)));
        }
    };
    let mut tx = state.db.begin().await?;
    let Some(before) = db::issuers::save(&mut tx, At { id, version }, &p, user.user_id).await?
    else {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "issuer_profile", &id.to_string()).await?;
        let current = db::issuers::profile(&state.db, id)
            .await?
            .map_or(0, |p| p.version);
        return render_invalid(&typed(ctx, unit, (current, errors), values(&f)));
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "issuer_profile", id.to_string())
            .summary(unit.name.clone())
            .before(before)
            .after(serde_json::to_value(&p).ok()),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/issuers/{id}"),
        ctx.t("issuer.saved"),
    ))
}
