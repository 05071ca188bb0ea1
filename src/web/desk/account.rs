//! The signed-in user's own account: details and password change.

use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::{self};
use crate::domain::username::check_password;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::Form;
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

pub struct RoleLine {
    pub role_key: &'static str,
    pub unit_name: String,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct AccountPage {
    pub ctx: Ctx,
    pub username: String,
    pub roles: Vec<RoleLine>,
    /// the person's e-mail address, whether they want notifications by e-mail, and whether this
    /// deployment sends e-mail at all
    pub email: Option<String>,
    pub email_notifications: bool,
    pub mail_configured: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let roles = db::users::roles(&state.db, user.user_id)
        .await?
        .into_iter()
        .map(|r| RoleLine {
            role_key: crate::domain::roles::Role::parse(&r.role)
                .map(|r| r.label_key())
                .unwrap_or("role.staff"),
            unit_name: r.unit_name,
        })
        .collect();
    let prefs = db::users::email_prefs(&state.db, user.user_id).await?;
    render(&AccountPage {
        ctx,
        username: user.username.clone(),
        roles,
        email: prefs.email.filter(|e| !e.trim().is_empty()),
        email_notifications: prefs.email_notifications,
        mail_configured: state.settings.smtp_url.is_some(),
    })
}

#[derive(Deserialize)]
pub struct EmailForm {
    #[serde(default)]
    pub email_notifications: Option<String>,
}

/// Turns e-mail copies of one's notifications on or off (audited).
pub async fn set_email(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(f): Form<EmailForm>,
) -> AppResult<Response> {
    let on = f.email_notifications.is_some();
    let mut tx = state.db.begin().await?;
    db::users::set_email_notifications(&mut *tx, user.user_id, on).await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("email_notifications", "user", user.user_id.to_string())
            .summary(user.username.to_string())
            .after(serde_json::json!({ "email_notifications": on })),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        "/account",
        ctx.t(if on {
            "account.email_on"
        } else {
            "account.email_off"
        }),
    ))
}

#[derive(Template)]
#[template(path = "password.html")]
pub struct PasswordPage {
    pub ctx: Ctx,
    pub forced: bool,
    pub errors: Vec<(&'static str, &'static str)>,
}

impl PasswordPage {
    pub fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| *e)
    }
}

pub async fn password_form(ctx: Ctx, user: CurrentUser) -> AppResult<Response> {
    render(&PasswordPage {
        ctx,
        forced: user.must_change_password,
        errors: vec![],
    })
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

pub async fn password_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(f): Form<PasswordForm>,
) -> AppResult<Response> {
    let mut errors = Vec::new();
    let stored = db::users::password_hash(&state.db, user.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !state.hasher.verify(f.current.clone(), Some(stored)).await? {
        errors.push(("current", "err.current_password"));
    }
    if let Err(e) = check_password(&f.new, &user.username) {
        errors.push(("new", e));
    } else if f.new != f.confirm {
        errors.push(("confirm", "err.password_mismatch"));
    } else if f.new == f.current {
        errors.push(("new", "err.password_same"));
    }
    if !errors.is_empty() {
        return render_invalid(&PasswordPage {
            ctx,
            forced: user.must_change_password,
            errors,
        });
    }
    let hash = state.hasher.hash(f.new.clone()).await?;
    let mut tx = state.db.begin().await?;
    db::users::set_password(&mut *tx, user.user_id, &hash, false).await?;
    // other sessions of this user end; this one stays
    crate::auth::session::delete_others(&mut *tx, user.user_id, &user.session_hash).await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("password_change", "user", user.user_id.to_string())
            .summary(user.username.to_string()),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        "/account",
        ctx.t("account.password_changed"),
    ))
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Role)]
pub struct RoleJson {
    #[schema(schema_with = crate::web::schema::roles)]
    pub role: &'static str,
    /// code of the unit whose subtree the role covers
    pub unit_code: String,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Me {
    pub username: String,
    pub full_name: String,
    pub person_id: Option<i64>,
    pub unit_code: Option<String>,
    pub roles: Vec<RoleJson>,
}

/// The signed-in user with their roles and the units they cover.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    operation_id = "getMe",
    summary = "The signed-in user with roles and unit scope",
    security(("session" = [])),
    responses((status = 200, description = "The user", body = Me))
)]
pub async fn me(
    axum::extract::Extension(user): axum::extract::Extension<crate::auth::MaybeUser>,
) -> Result<axum::Json<Me>, crate::error::ApiError> {
    let u = crate::web::schema::signed_in(user)?;
    Ok(axum::Json(Me {
        full_name: u.display_name.clone(),
        person_id: u.person_id,
        unit_code: u.unit_code.clone(),
        roles: u
            .grants
            .iter()
            .map(|g| RoleJson {
                role: g.role.code(),
                unit_code: g.unit_code.clone(),
            })
            .collect(),
        username: u.username,
    }))
}
