//! The middleware every request passes through: the session (from this server's cache or one
//! query), the cross-site guard, the security headers, the API's error bodies, a panic's answer, the
//! request id and the request metrics.

use crate::auth::session::{self, PRE_CSRF_COOKIE, SESSION_COOKIE, cookie};
use crate::auth::{CurrentUser, MaybeUser};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::{FLASH_COOKIE, PreCsrf};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

const ALWAYS_ALLOWED_WHILE_CHANGING_PASSWORD: &[&str] =
    &["/account/password", "/logout", "/lang", "/api/openapi.json"];

/// After a change, the browser's requests read their session from the database for a moment (see
/// `auth::cache`): the cookie holds until when, in unix milliseconds.
pub const FRESH_COOKIE: &str = "thidua_fresh";

/// Loads the session (from this server's cache, or one query), insists on a password change where one is due, makes the
/// signed-out CSRF token, and marks signed-in responses `no-store`.
pub async fn session_layer(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let token = cookie(req.headers(), SESSION_COOKIE).map(str::to_string);
    let now_ms = chrono::Utc::now().timestamp_millis();
    let fresh = cookie(req.headers(), FRESH_COOKIE)
        .and_then(|v| v.parse::<i64>().ok())
        .is_some_and(|until| now_ms < until);
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let user = match token {
        Some(t) if t.len() == 64 => {
            let (db, cache) = (&state.db, &*state.caches.sessions);
            match session::load(db, cache, &t, state.settings.session_idle, fresh).await {
                Ok(u) => u,
                Err(e) => return AppError::from(e).into_response(),
            }
        }
        _ => None,
    };
    let mut set_pre = None;
    if user.is_none() {
        let pre = match cookie(req.headers(), PRE_CSRF_COOKIE) {
            Some(v) if v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()) => v.to_string(),
            _ => match session::new_token() {
                Ok(t) => {
                    set_pre = Some(t.clone());
                    t
                }
                Err(e) => return AppError::Internal(e).into_response(),
            },
        };
        req.extensions_mut().insert(PreCsrf(pre));
    }
    if let Some(u) = &user
        && let Some(refused) = password_change_due(u, req.uri().path())
    {
        return refused;
    }
    let had_session_cookie = cookie(req.headers(), SESSION_COOKIE).is_some();
    let signed_in = user.is_some();
    req.extensions_mut().insert(MaybeUser(user));
    let mut resp = next.run(req).await;
    if changes {
        // this server hears the change before it answers (its next request may read the caches)
        let nothing_to_hear = resp
            .extensions_mut()
            .remove::<crate::auth::cache::NothingToHear>()
            .is_some();
        match resp.extensions_mut().remove::<crate::auth::cache::Marked>() {
            Some(crate::auth::cache::Marked(m)) => state.caches.sessions.heard(m).await,
            None if nothing_to_hear => true,
            None => state.caches.sessions.settle(&state.db).await,
        };
    }
    let secure = state.settings.secure_cookies;
    if let Some(t) = set_pre {
        append_cookie(
            &mut resp,
            &session::set_cookie(PRE_CSRF_COOKIE, &t, None, secure, true),
        );
    }
    if had_session_cookie && !signed_in && !resp.headers().contains_key(header::SET_COOKIE) {
        // a dead session cookie: forget it
        append_cookie(
            &mut resp,
            &session::set_cookie(SESSION_COOKIE, "", Some(0), secure, true),
        );
    }
    if changes {
        // this browser's next requests read the database, whichever server answers them
        let until = (now_ms + crate::auth::cache::FRESH_FOR_MS).to_string();
        append_cookie(
            &mut resp,
            &session::set_cookie(FRESH_COOKIE, &until, Some(5), secure, true),
        );
    }
    resp
}

fn append_cookie(resp: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
}

/// A reset password must be changed before anything else: the page to do it (or, for the API, a
/// 403 that says so), unless the request is one of the few allowed meanwhile.
fn password_change_due(u: &CurrentUser, path: &str) -> Option<Response> {
    if !u.must_change_password || ALWAYS_ALLOWED_WHILE_CHANGING_PASSWORD.contains(&path) {
        return None;
    }
    if path.starts_with("/api/") {
        // the API is no way around a password an administrator has reset
        return Some(
            crate::error::ApiErrorBody::new(
                StatusCode::FORBIDDEN,
                "Change your password first (an administrator has reset it): /account/password"
                    .into(),
                "Hãy đổi mật khẩu trước (quản trị đã đặt lại mật khẩu của bạn): /account/password"
                    .into(),
                None,
            )
            .into_response(),
        );
    }
    Some(Redirect::to("/account/password").into_response())
}

/// Refuses cross-site state-changing requests before any handler runs: a browser marks them with
/// `Sec-Fetch-Site: cross-site`/`same-site` or an `Origin` that is not this host. (Forms also carry a
/// per-session token, checked by the `Form` extractor.)
pub async fn csrf_origin_layer(req: Request, next: Next) -> Response {
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        && is_cross_site(req.headers())
    {
        tracing::warn!(path = %req.uri().path(), "cross-site request refused");
        return AppError::Csrf.into_response();
    }
    next.run(req).await
}

pub fn is_cross_site(h: &HeaderMap) -> bool {
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    if let Some(origin) = h.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if origin == "null" {
            return true;
        }
        let host = h
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(origin);
        if !origin_host.eq_ignore_ascii_case(host) {
            return true;
        }
    }
    false
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Security headers on every response, errors included; `no-store` on everything but static files;
/// clears a flash message once a page has shown it.
pub async fn security_headers_layer(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let had_flash = cookie(req.headers(), FLASH_COOKIE).is_some();
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    // a download sets its own, stricter policy (a sandbox); every other answer gets the page's
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if !is_static {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if had_flash && !resp.status().is_redirection() {
        let c = session::set_cookie(FLASH_COOKIE, "", Some(0), false, true);
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// Every error answer under `/api/` is JSON (`ApiErrorBody`, the `Error` schema of the OpenAPI
/// document), whatever produced it: a handler, an extractor's rejection (a bad or repeated query
/// parameter, a bad id), the session layer, axum itself (405, 413), the timeout or a panic.
pub async fn api_errors_layer(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let resp = next.run(req).await;
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return resp;
    }
    let (vi, en, reference) = match resp.extensions().get::<crate::error::ErrorTexts>() {
        Some(t) => (t.vi.clone(), t.en.clone(), t.reference.clone()),
        None => {
            let (vi, en) = crate::error::status_texts(status);
            (vi, en, None)
        }
    };
    let mut out = crate::error::ApiErrorBody::new(status, en, vi, reference).into_response();
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(v) = resp.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}

/// Gives every request an id: a tracing span carrying it (so every log line of the request names
/// it), the `X-Request-Id` header of the answer, and the reference of a server error's page
/// (`error::reference`).
pub async fn request_id_layer(req: Request, next: Next) -> Response {
    use tracing::Instrument;
    let id = crate::error::new_request_id();
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.uri().path()
    );
    let mut resp = crate::error::REQUEST_ID
        .scope(id.clone(), next.run(req).instrument(span))
        .await;
    if let Ok(v) = axum::http::HeaderValue::from_str(&id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

/// Counts and times every request for the metrics (`crate::metrics`) under its route template
/// (axum's `MatchedPath`, such as `/campaigns/{id}`; a request no route matched: `unmatched`), never
/// under its path, which would make a series per id. Added (outermost) only when
/// `THIDUA_METRICS_BIND` is set.
pub async fn metrics_layer(
    State(metrics): State<std::sync::Arc<crate::metrics::Metrics>>,
    req: Request,
    next: Next,
) -> Response {
    let started = std::time::Instant::now();
    let method = crate::metrics::method_label(req.method());
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .cloned();
    let resp = next.run(req).await;
    let route = route.as_ref().map(axum::extract::MatchedPath::as_str);
    metrics.observe(method, route, resp.status().as_u16(), started.elapsed());
    resp
}

pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    AppError::Internal(anyhow::anyhow!("handler panicked")).into_response()
}
