//! Sign-in and sign-out.

use super::extract::{Form, Query};
use super::{ClientIp, Ctx, redirect_flash, render};
use crate::auth::session::{self, SESSION_COOKIE, cookie};
use crate::auth::throttle::{self, Verdict};
use crate::auth::{CurrentUser, safe_next};
use crate::db;
use crate::error::AppResult;
use crate::startup::AppState;
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
        .unwrap_or("/")
        .to_string();
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
        .unwrap_or("/")
        .to_string();
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
    let failures = throttle::failures(&state.db, &username, &ip).await?;
    match throttle::verdict(failures) {
        Verdict::Locked => {
            throttle::record(&state.db, &username, &ip, false, "locked").await?;
            return fail(ctx, "login.locked", StatusCode::TOO_MANY_REQUESTS);
        }
        Verdict::Allow { delay } if !delay.is_zero() => tokio::time::sleep(delay).await,
        Verdict::Allow { .. } => {}
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
        Some(a) if ok && !a.active => {
            throttle::record(&state.db, &username, &ip, false, "disabled").await?;
            return fail(ctx, "login.disabled", StatusCode::FORBIDDEN);
        }
        Some(_) => {
            throttle::record(&state.db, &username, &ip, false, "bad_password").await?;
            return fail(ctx, "login.bad", StatusCode::UNAUTHORIZED);
        }
        None => {
            throttle::record(&state.db, &username, &ip, false, "unknown_user").await?;
            return fail(ctx, "login.bad", StatusCode::UNAUTHORIZED);
        }
    };
    // A fresh session id at every sign-in; any session this browser had is ended.
    let mut tx = state.db.begin().await?;
    if let Some(old) = cookie(&headers, SESSION_COOKIE) {
        session::delete(&mut *tx, &session::hash_token(old)).await?;
    }
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let new = session::create(
        &mut *tx,
        account.id,
        state.settings.session_absolute,
        &ip,
        ua,
    )
    .await?;
    db::users::mark_login(&mut *tx, account.id).await?;
    throttle::record(&mut *tx, &username, &ip, true, "ok").await?;
    tx.commit().await?;
    let mut resp = Redirect::to(&next).into_response();
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

#[derive(Deserialize)]
pub struct LogoutForm {}

pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    ctx: Ctx,
    Form(_f): Form<LogoutForm>,
) -> AppResult<Response> {
    session::delete(&state.db, &user.session_hash).await?;
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
