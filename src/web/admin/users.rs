//! Administration of accounts: create, reset passwords, disable (ending sessions at once), roles,
//! clear sign-in locks. An administrator's power stops at their unit subtree: they see and change
//! only the accounts whose person and roles all lie inside it (`CurrentUser::manages_account`),
//! checked again inside the transaction of every change; a role is granted only over a unit inside
//! it; an account with neither is for an administrator of the whole organisation.

use crate::auth::{CurrentUser, session};
use crate::db::audit::Entry;
use crate::db::users::{RoleRow, UserListRow, UserRow};
use crate::db::{self};
use crate::domain::names::clean_text;
use crate::domain::paging::Paging;
use crate::domain::roles::Role;
use crate::domain::username::{check_password, parse_username};
use crate::error::{AppError, AppResult, is_unique_violation};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::choices::{UnitChoice, unit_choices};
use crate::web::extract::{Form, Path, Query, empty_as_none};
use crate::web::forms::EmptyForm;
use crate::web::{ClientIp, Ctx, Errors, redirect_flash, render, render_invalid, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/index.html")]
pub struct IndexPage {
    pub ctx: Ctx,
}

pub async fn index(ctx: Ctx, user: CurrentUser) -> AppResult<Response> {
    user.require_admin()?;
    render(&IndexPage { ctx })
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<UserListRow>,
    pub paging: Paging,
    pub q: String,
}

impl ListPage {
    pub fn base_query(&self) -> String {
        format!("/admin/users?q={}", urlencode(&self.q))
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    user.require_admin()?;
    let search = q.q.trim().to_string();
    let qq = (!search.is_empty()).then_some(search.as_str());
    let scope = user.account_scope();
    let total = db::users::count(&state.db, qq, &scope).await?;
    let paging = Paging::new(q.page, None, total);
    let rows = db::users::page(&state.db, qq, &scope, paging.per_page, paging.offset()).await?;
    render(&ListPage {
        ctx,
        rows,
        paging,
        q: search,
    })
}

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    employee_code: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit_id: String,
}

#[derive(Template)]
#[template(path = "admin/user_new.html")]
pub struct NewPage {
    pub ctx: Ctx,
    pub form: NewUserForm,
    pub errors: Errors,
    pub units: Vec<UnitChoice>,
    pub roles: Vec<&'static str>,
}

impl NewPage {
    fn unit_selected(&self, id: &i64) -> bool {
        self.form.unit_id == id.to_string()
    }
}

fn role_codes() -> Vec<&'static str> {
    Role::ALL.iter().map(|r| r.code()).collect()
}

/// 404 when there is no account `id`, 403 when this administrator does not manage it.
pub(super) async fn require_manages(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<()> {
    user.require_admin()?;
    let path = db::users::unit_path(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    user.require(user.manages_account(path.as_deref()))
}

/// The same check inside the transaction of a change, with the account's row locked.
pub(super) async fn lock_managed(
    tx: &mut db::Tx<'_>,
    user: &CurrentUser,
    id: i64,
) -> AppResult<()> {
    let path = db::users::lock_unit_path(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    user.require(user.manages_account(path.as_deref()))
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    #[serde(default, deserialize_with = "empty_as_none")]
    person: Option<i64>,
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    user.require_admin()?;
    let units = unit_choices(&state, &user.admin_scope(), None).await?;
    let mut form = NewUserForm {
        role: "staff".into(),
        ..Default::default()
    };
    if let Some(pid) = q.person {
        if let Some(p) = db::people::get(&state.db, pid).await? {
            user.require(user.administers(&p.unit_path))?;
            form.display_name = p.full_name;
            form.employee_code = p.employee_code.unwrap_or_default();
            form.unit_id = p.unit_id.to_string();
        }
    }
    render(&NewPage {
        ctx,
        form,
        errors: Errors::default(),
        units,
        roles: role_codes(),
    })
}

/// A new account's form, checked.
struct NewAccount {
    username: String,
    display: String,
    person: Option<i64>,
    role: Option<(Role, i64)>,
}

/// Checks the new-account form: the user name and password, the person to link (inside the
/// administrator's subtree, without an account), a role over a unit of theirs; an account with
/// neither a person nor a role only for an administrator of the whole organisation.
async fn check_new(
    state: &AppState,
    user: &CurrentUser,
    form: &NewUserForm,
    units: &[UnitChoice],
) -> AppResult<Result<NewAccount, Errors>> {
    let mut errors = Errors::default();
    let username = parse_username(&form.username)
        .map_err(|e| errors.push("username", e))
        .ok();
    if let Err(e) = check_password(&form.password, username.as_deref().unwrap_or("")) {
        errors.push("password", e);
    }
    let code = clean_text(&form.employee_code).to_uppercase();
    let person = if code.is_empty() {
        None
    } else {
        match db::users::person_by_code(&state.db, &code).await? {
            None => {
                errors.push("employee_code", "err.person_not_found");
                None
            }
            // linking an account to someone outside one's subtree would hand them its roles' reach
            Some(p) if !user.administers(&p.unit_path) => {
                errors.push("employee_code", "err.person_out_of_scope");
                None
            }
            Some(p) if p.linked => {
                errors.push("employee_code", "err.person_has_account");
                None
            }
            Some(p) => Some((p.id, p.full_name)),
        }
    };
    let mut display = clean_text(&form.display_name);
    if display.is_empty() {
        match &person {
            Some((_, name)) => display = name.clone(),
            None => errors.push("display_name", "err.required"),
        }
    }
    let role = match form.role.as_str() {
        "" => None,
        r => Role::parse(r).or_else(|| {
            errors.push("role", "err.choose");
            None
        }),
    };
    let unit = form
        .unit_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| units.iter().any(|u| u.id == *id));
    if role.is_some() && unit.is_none() {
        errors.push("unit_id", "err.choose");
    }
    // an account with neither a person nor a role belongs to nobody's subtree
    if person.is_none() && role.is_none() && !user.is_root_admin() && !errors.has("employee_code") {
        errors.push("role", "err.account_needs_scope");
    }
    Ok(match username.filter(|_| errors.is_empty()) {
        Some(username) => Ok(NewAccount {
            username,
            display,
            person: person.map(|p| p.0),
            role: role.zip(unit),
        }),
        None => Err(errors),
    })
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(form): Form<NewUserForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    let units = unit_choices(&state, &user.admin_scope(), None).await?;
    let invalid = |ctx, form, errors, units| {
        render_invalid(&NewPage {
            ctx,
            form,
            errors,
            units,
            roles: role_codes(),
        })
    };
    let a = match check_new(&state, &user, &form, &units).await? {
        Ok(a) => a,
        Err(errors) => return invalid(ctx, form, errors, units),
    };
    let hash = state.hasher.hash(form.password.clone()).await?;
    let mut tx = state.db.begin().await?;
    let inserted =
        db::users::insert(&mut *tx, &a.username, &hash, &a.display, a.person, true).await;
    let (id, row) = match inserted {
        Ok(v) => v,
        Err(e) if is_unique_violation(&e, "users_username_key") => {
            let errors = Errors::one("username", "err.username_taken");
            return invalid(ctx, form, errors, units);
        }
        Err(e) if is_unique_violation(&e, "users_person_key") => {
            let errors = Errors::one("employee_code", "err.person_has_account");
            return invalid(ctx, form, errors, units);
        }
        Err(e) => return Err(e.into()),
    };
    let actor = actor.clone();
    // the role first, so that the entry about the new account is placed in its unit
    if let Some((role, unit)) = a.role {
        db::users::add_role(&mut *tx, id, role.code(), unit).await?;
    }
    let username = a.username;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "user", id.to_string())
            .summary(username.clone())
            .after(row),
    )
    .await?;
    if let Some((role, unit)) = a.role {
        db::audit::record(
            &mut *tx,
            &actor,
            Entry::new("grant_role", "user", id.to_string())
                .summary(format!("{username}: {}", role.code()))
                .after(serde_json::json!({"role": role.code(), "unit_id": unit})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}"),
        &ctx.tf("user.created", [username.as_str()]),
    ))
}

#[derive(Template)]
#[template(path = "admin/user_show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub u: UserRow,
    pub roles: Vec<RoleRow>,
    pub units: Vec<UnitChoice>,
    pub role_codes: Vec<&'static str>,
    pub errors: Errors,
    pub is_self: bool,
    /// sign-in failures in the window, and the addresses this account is locked from
    pub failures: i64,
    pub locked_from: Vec<db::login_attempts::LockedFrom>,
    /// the signing certificates pinned (or proposed) to the account
    pub signer_certs: Vec<db::trust::SignerCert>,
}

pub(super) async fn show_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    id: i64,
    errors: Errors,
) -> AppResult<ShowPage> {
    let u = db::users::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let roles = db::users::roles(&state.db, id).await?;
    let units = unit_choices(state, &user.admin_scope(), None).await?;
    let (failures, locked_from) = db::login_attempts::status(&state.db, &u.username).await?;
    let signer_certs = db::trust::signer_certs(&state.db, id).await?;
    Ok(ShowPage {
        signer_certs,
        ctx,
        is_self: u.id == user.user_id,
        u,
        roles,
        units,
        role_codes: role_codes(),
        errors,
        failures,
        locked_from,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    render(&show_page(&state, ctx, &user, id, Errors::default()).await?)
}

#[derive(Deserialize)]
pub struct ResetForm {
    password: String,
}

pub async fn reset_password(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ResetForm>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    let target = db::users::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Err(e) = check_password(&f.password, &target.username) {
        return render_invalid(
            &show_page(&state, ctx, &user, id, Errors::one("password", e)).await?,
        );
    }
    let hash = state.hasher.hash(f.password.clone()).await?;
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    db::users::set_password(&mut *tx, id, &hash, true).await?;
    let ended = session::delete_for_user(&mut *tx, id).await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("reset_password", "user", id.to_string())
            .summary(target.username.to_string())
            .after(Some(
                serde_json::json!({"must_change_password": true, "sessions_ended": ended}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}"),
        &ctx.tf("user.password_reset", [target.username.as_str()]),
    ))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    let active = f.active == "1";
    if id == user.user_id && !active {
        return render_invalid(
            &show_page(&state, ctx, &user, id, Errors::form("err.disable_self")).await?,
        );
    }
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    let changed = db::users::set_active(&mut tx, id, active).await?;
    let Some((before, after)) = changed else {
        return Ok(redirect_flash(
            &format!("/admin/users/{id}"),
            ctx.t("form.nothing_changed"),
        ));
    };
    let ended = if active {
        0
    } else {
        session::delete_for_user(&mut *tx, id).await?
    };
    let name = after
        .get("username")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new(
            if active { "enable" } else { "disable" },
            "user",
            id.to_string(),
        )
        .summary(format!("{name} (sessions ended: {ended})"))
        .before(before)
        .after(after),
    )
    .await?;
    tx.commit().await?;
    let key = if active {
        "user.enabled"
    } else {
        "user.disabled"
    };
    Ok(redirect_flash(
        &format!("/admin/users/{id}"),
        &ctx.tf(key, [name.as_str()]),
    ))
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
    unit_id: String,
}

pub async fn add_role(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    let target = db::users::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let units = unit_choices(&state, &user.admin_scope(), None).await?;
    let mut errors = Errors::default();
    let role = Role::parse(&f.role);
    if role.is_none() {
        errors.push("role", "err.choose");
    }
    let unit = f
        .unit_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|u| units.iter().any(|c| c.id == *u));
    if unit.is_none() {
        errors.push("unit_id", "err.choose");
    }
    // nobody grants themselves a role: another administrator does
    if id == user.user_id {
        errors.push("role", "err.grant_own_role");
    }
    let (Some(role), Some(unit), true) = (role, unit, errors.is_empty()) else {
        return render_invalid(&show_page(&state, ctx, &user, id, errors).await?);
    };
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    if let Some(rid) = db::users::add_role(&mut *tx, id, role.code(), unit).await? {
        db::audit::record(
            &mut *tx,
            &actor,
            Entry::new("grant_role", "user", id.to_string())
                .summary(format!("{}: {}", target.username, role.code()))
                .after(Some(
                    serde_json::json!({"id": rid, "role": role.code(), "unit_id": unit}),
                )),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}"),
        ctx.t("form.saved"),
    ))
}

pub async fn remove_role(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, role_id)): Path<(i64, i64)>,
    Form(_f): Form<EmptyForm>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    let target = db::users::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    let removed = db::users::remove_role(&mut *tx, id, role_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if id == user.user_id && removed.get("role").and_then(|r| r.as_str()) == Some("admin") {
        let still_admin = db::users::is_admin(&mut *tx, id).await?;
        if !still_admin {
            tx.rollback().await?;
            return render_invalid(
                &show_page(&state, ctx, &user, id, Errors::form("err.remove_own_admin")).await?,
            );
        }
    }
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("revoke_role", "user", id.to_string())
            .summary(target.username.to_string())
            .before(removed),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}"),
        ctx.t("form.saved"),
    ))
}

/// Clears the sign-in locks of an account (every address), audited.
pub async fn unlock(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(_f): Form<EmptyForm>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    let target = db::users::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    let (failures, locked) = db::login_attempts::status(&mut *tx, &target.username).await?;
    db::login_attempts::unlock(&mut *tx, &target.username, &ip).await?;
    db::audit::record(
        &mut *tx,
        &user.actor(&ip),
        Entry::new("unlock", "user", id.to_string())
            .summary(format!("{}: sign-in locks cleared", target.username))
            .before(Some(serde_json::json!({
                "failures": failures,
                "locked_from": locked.iter().map(|l| l.ip.as_str()).collect::<Vec<_>>(),
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}"),
        &ctx.tf("user.unlocked", [target.username.as_str()]),
    ))
}
