//! Sign-in and sign-out.

use crate::auth::session::{self, SESSION_COOKIE, cookie};
use crate::auth::throttle;
use crate::auth::{CurrentUser, safe_next};
use crate::db;
use crate::db::audit::Actor;
use crate::db::audit::Entry;
use crate::db::login_attempts::Begun;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Actor as Acting;
use crate::web::extract::{Form, Query};
use crate::web::{ClientIp, Ctx, redirect_flash, render};
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

pub const DEMO_ACCOUNTS: &[(&str, &str)] = &[
    ("admin", "role.admin"),
    ("giamdoc", "role.director"),
    ("phogiamdoc", "role.deputy_director"),
    ("vanphong", "role.office"),
    ("truongphong", "role.unit_head"),
    ("canbo", "role.staff"),
    ("hoidong", "role.council"),
];

#[derive(Template)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub ctx: Ctx,
    pub username: String,
    pub next: String,
    pub error: Option<String>,
    pub demo_accounts: &'static [(&'static str, &'static str)],
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn form(ctx: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    if ctx.user.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    let next = q
        .next
        .as_deref()
        .and_then(safe_next)
        .unwrap_or_else(|| "/".into());
    render(&LoginPage {
        ctx,
        username: String::new(),
        next,
        error: None,
        demo_accounts: DEMO_ACCOUNTS,
    })
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> AppResult<Response> {
    let username = f.username.trim().to_lowercase();
    let next = f
        .next
        .as_deref()
        .and_then(safe_next)
        .unwrap_or_else(|| "/".into());
    let fail = |ctx: Ctx, key: &str, status: StatusCode| -> AppResult<Response> {
        let page = LoginPage {
            error: Some(ctx.t(key).to_string()),
            ctx,
            username: f.username.clone(),
            next: next.clone(),
            demo_accounts: DEMO_ACCOUNTS,
        };
        Ok((status, Html(page.render()?)).into_response())
    };
    if username.is_empty() || f.password.is_empty() {
        return fail(ctx, "login.missing", StatusCode::UNPROCESSABLE_ENTITY);
    }
    // counted before the password is checked, so parallel guesses get no more checks than the limit
    let (attempt, failures, delay) =
        match db::login_attempts::begin(&state.db, &username, &ip).await? {
            Begun::Locked(_) => return fail(ctx, "login.locked", StatusCode::TOO_MANY_REQUESTS),
            Begun::Allowed {
                id,
                failures,
                delay,
            } => (id, failures, delay),
        };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let account = db::users::for_login(&state.db, &username).await?;
    let ok = state
        .hasher
        .verify(
            f.password.clone(),
            account.as_ref().map(|a| a.password_hash.clone()),
        )
        .await?;
    let account = match account {
        Some(a) if ok && a.active => a,
        Some(_) if ok => {
            db::login_attempts::finish(&state.db, attempt, false, "disabled").await?;
            return fail(ctx, "login.disabled", StatusCode::FORBIDDEN);
        }
        other => {
            let reason = if other.is_some() {
                "bad_password"
            } else {
                "unknown_user"
            };
            let mut tx = state.db.begin().await?;
            db::login_attempts::finish(&mut *tx, attempt, false, reason).await?;
            audit_new_locks(&mut tx, &username, other.map(|a| a.id), &ip, failures).await?;
            tx.commit().await?;
            return fail(ctx, "login.bad", StatusCode::UNAUTHORIZED);
        }
    };
    start_session(&state, &headers, account.id, &username, &ip, attempt, &next).await
}

/// Signs in: a fresh session (any session this browser had is ended), the attempt recorded as a
/// success and the sign-in audited, in one transaction; then the cookie and the way on.
async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    account_id: i64,
    username: &str,
    ip: &str,
    attempt: i64,
    next: &str,
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    if let Some(old) = cookie(headers, SESSION_COOKIE) {
        session::delete(&mut *tx, &session::hash_token(old)).await?;
    }
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let new = session::create(
        &mut *tx,
        account_id,
        state.settings.session_absolute,
        ip,
        ua,
    )
    .await?;
    db::users::mark_login(&mut *tx, account_id).await?;
    db::login_attempts::finish(&mut *tx, attempt, true, "ok").await?;
    db::audit::record(
        &mut *tx,
        &Actor {
            user_id: Some(account_id),
            username: username.to_string(),
            ip: Some(ip.to_string()),
        },
        Entry::new("sign_in", "user", account_id.to_string())
            .summary(username.to_string())
            .after(Some(
                serde_json::json!({ "user_agent": ua.chars().take(300).collect::<String>() }),
            )),
    )
    .await?;
    tx.commit().await?;
    let mut resp = Redirect::to(next).into_response();
    let c = session::set_cookie(
        SESSION_COOKIE,
        &new.token,
        None,
        state.settings.secure_cookies,
        true,
    );
    resp.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&c).map_err(anyhow::Error::from)?,
    );
    Ok(resp)
}

/// Writes to the audit log the locks that this failure starts (once, at the failure that reaches
/// the limit): the account from this address, or this address for every account.
async fn audit_new_locks(
    tx: &mut db::Tx<'_>,
    username: &str,
    user_id: Option<i64>,
    ip: &str,
    before: throttle::Failures,
) -> AppResult<()> {
    let locks = throttle::locks_after_failure(before);
    // the system locks; the user name tried and the address are in the entry
    let actor = Actor {
        user_id: None,
        username: "sign-in".to_string(),
        ip: Some(ip.to_string()),
    };
    let minutes = throttle::WINDOW_MINUTES;
    if locks.pair {
        let (entity, id) = match user_id {
            Some(id) => ("user", id.to_string()),
            None => ("login", username.to_string()),
        };
        db::audit::record(&mut **tx, &actor, Entry::new("lock", entity, id.to_string())
.summary(format!(
                "{username} from {ip}: signing in locked for {minutes} minutes after {} failures",
                throttle::PAIR_LOCK
            ))
.after(serde_json::json!({ "username": username, "ip": ip, "failures": throttle::PAIR_LOCK })))
        .await?;
    }
    if locks.address {
        db::audit::record(&mut **tx, &actor, Entry::new("lock", "address", ip.to_string())
.summary(format!(
                "{ip}: signing in locked for every account for {minutes} minutes after {} failures",
                throttle::ADDRESS_LOCK
            ))
.after(serde_json::json!({ "ip": ip, "failures": throttle::ADDRESS_LOCK })))
        .await?;
    }
    Ok(())
}

#[derive(Deserialize)]
pub struct LogoutForm {}

pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: Ctx,
    Acting(actor): Acting,
    Form(_f): Form<LogoutForm>,
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    session::delete(&mut *tx, &user.session_hash).await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("sign_out", "user", user.user_id.to_string()).summary(user.username.to_string()),
    )
    .await?;
    tx.commit().await?;
    let mut resp = redirect_flash("/login", ctx.t("login.signed_out"));
    let c = session::set_cookie(
        SESSION_COOKIE,
        "",
        Some(0),
        state.settings.secure_cookies,
        true,
    );
    resp.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_str(&c).map_err(anyhow::Error::from)?,
    );
    Ok(resp)
}
