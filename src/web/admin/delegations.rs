//! Signing authority as data (issue 28, 1): the Director of a unit (or an administrator of the
//! whole organisation) records who signs the unit's award decisions for the Director, for which
//! dates and campaign kinds, on what basis; a deputy approves a decision only under one in force,
//! and the decision keeps which. Every change is audited.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::domain::dates::parse_date;
use crate::domain::names::clean_text;
use crate::domain::roles::{Role, scope_patterns};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::Errors;
use crate::web::extract::{Form, Path};
use crate::web::forms::EmptyForm;
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// The units whose signing this user records (their Director grants' units, or every root unit
/// for an administrator of the whole organisation), as LIKE patterns and as unit ids.
fn scope(user: &CurrentUser) -> (Vec<String>, Vec<i64>) {
    let root = user.is_root_admin();
    let pred = |r: Role| r == Role::Director || (root && r == Role::Admin);
    let patterns = scope_patterns(&user.grants, pred);
    let mut ids: Vec<i64> = user
        .grants
        .iter()
        .filter(|g| pred(g.role))
        .map(|g| g.unit_id)
        .collect();
    ids.sort();
    ids.dedup();
    (patterns, ids)
}

#[derive(Template)]
#[template(path = "delegations.html")]
pub struct DelegationsPage {
    pub ctx: Ctx,
    pub rows: Vec<db::delegations::Delegation>,
    /// the units one may delegate for (id, name), and each one's deputies (unit id, user id, name)
    pub units: Vec<(i64, String)>,
    pub deputies: Vec<(i64, i64, String)>,
    pub errors: Errors,
    /// what was typed, kept on a refused form
    pub form: DelegationForm,
}

/// The form that records a delegation: unit, deputy, dates (dd/mm/yyyy), the campaign kinds
/// ticked (none: every kind), basis.
#[derive(serde::Deserialize, Default)]
pub struct DelegationForm {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub delegate: String,
    #[serde(default)]
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: String,
    #[serde(default)]
    pub kind_annual: Option<String>,
    #[serde(default)]
    pub kind_thematic: Option<String>,
    #[serde(default)]
    pub basis: String,
}

impl DelegationForm {
    /// The campaign kinds ticked.
    fn kinds(&self) -> Vec<String> {
        [
            ("annual", &self.kind_annual),
            ("thematic", &self.kind_thematic),
        ]
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(k, _)| k.to_string())
        .collect()
    }
}

impl DelegationsPage {
    fn kind_checked(&self, kind: &str) -> bool {
        self.form.kinds().iter().any(|k| k == kind)
    }
    fn in_force(&self, g: &db::delegations::Delegation) -> bool {
        let today = crate::domain::dates::today_vn();
        g.revoked_at.is_none() && g.valid_from <= today && today <= g.valid_to
    }
}

/// The units `ids` (id, name, path), and who may be delegated to for each (unit, user, name).
async fn units_and_deputies(
    state: &AppState,
    ids: &[i64],
) -> AppResult<(Vec<(i64, String, String)>, Vec<(i64, i64, String)>)> {
    let units = db::delegations::units(&state.db, ids).await?;
    let deputies = db::delegations::deputies(&state.db, ids).await?;
    Ok((units, deputies))
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    (errors, form): (Errors, DelegationForm),
) -> AppResult<DelegationsPage> {
    let (patterns, ids) = scope(user);
    let rows = db::delegations::list(&state.db, &patterns).await?;
    let (units, deputies) = units_and_deputies(state, &ids).await?;
    Ok(DelegationsPage {
        ctx,
        rows,
        units: units.into_iter().map(|(id, name, _)| (id, name)).collect(),
        deputies,
        errors,
        form,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    user.require(!scope(&user).1.is_empty())?;
    render(
        &page(
            &state,
            ctx,
            &user,
            (Errors::default(), DelegationForm::default()),
        )
        .await?,
    )
}

/// Records a delegation: unit, deputy (one holding the deputy director's role over it), dates
/// (dd/mm/yyyy), kinds (none ticked: every kind), basis.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(f): Form<DelegationForm>,
) -> AppResult<Response> {
    let (_, ids) = scope(&user);
    user.require(!ids.is_empty())?;
    let mut errors = Errors::default();
    let unit = f
        .unit
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|u| ids.contains(u));
    if unit.is_none() {
        errors.push("unit", "err.choose");
    }
    let (_, deputies) = units_and_deputies(&state, &ids).await?;
    let delegate = f.delegate.trim().parse::<i64>().ok().filter(|d| {
        deputies
            .iter()
            .any(|(u, id, _)| Some(*u) == unit && id == d)
    });
    if delegate.is_none() {
        errors.push("delegate", "delegation.err_delegate");
    }
    if delegate == Some(user.user_id) {
        errors.push("delegate", "delegation.err_self");
    }
    let from = parse_date(&f.valid_from)
        .map_err(|k| errors.push("valid_from", k))
        .ok();
    let to = parse_date(&f.valid_to)
        .map_err(|k| errors.push("valid_to", k))
        .ok();
    if let (Some(a), Some(b)) = (from, to) {
        if b < a {
            errors.push("valid_to", "delegation.err_dates");
        }
    }
    let kinds = f.kinds();
    let basis = clean_text(&f.basis);
    if basis.is_empty() || basis.chars().count() > 500 {
        errors.push("basis", "delegation.err_basis");
    }
    let (Some(unit), Some(delegate), Some(from), Some(to), true) =
        (unit, delegate, from, to, errors.is_empty())
    else {
        return render_invalid(&page(&state, ctx, &user, (errors, f)).await?);
    };
    let g = db::delegations::NewDelegation {
        unit,
        delegate,
        from,
        to,
        kinds: &kinds,
        basis: &basis,
    };
    let mut tx = state.db.begin().await?;
    let id = db::delegations::create(&mut *tx, &g, user.user_id).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "signing_delegation", id.to_string())
            .summary(basis.clone())
            .after(Some(serde_json::json!({
                "unit_id": unit, "delegate_id": delegate, "valid_from": from, "valid_to": to,
                "kinds": kinds, "basis": basis,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash("/delegations", ctx.t("form.saved")))
}

/// Revokes a delegation (decisions approved under it keep it).
pub async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(_): Form<EmptyForm>,
) -> AppResult<Response> {
    let (patterns, ids) = scope(&user);
    user.require(!ids.is_empty())?;
    let mut tx = state.db.begin().await?;
    let (path, delegate) = db::delegations::revoke(&mut *tx, id, &patterns, user.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("revoke", "signing_delegation", id.to_string())
            .summary(delegate.clone())
            .before(Some(
                serde_json::json!({"unit_path": path, "delegate": delegate}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash("/delegations", ctx.t("delegation.revoked")))
}
