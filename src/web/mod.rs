//! The web layer: page context, middleware (sessions, CSRF, security headers), shared helpers,
//! and one module per area.

pub mod account;
pub mod admin_users;
pub mod api;
pub mod audit;
pub mod calendar;
pub mod campaign_initiatives;
pub mod campaign_rule_set;
pub mod campaigns;
pub mod certificates;
pub mod clusters;
pub mod collective;
pub mod council;
pub mod council_ballot;
pub mod council_meetings;
pub mod council_votes;
pub mod coverage;
pub mod decision_amend;
pub mod decisions;
pub mod documents;
pub mod eligibility;
pub mod exemplars;
pub mod extract;
pub mod fact_imports;
pub mod forms;
pub mod health;
pub mod home;
pub mod import_jobs;
pub mod imports;
pub mod initiatives;
pub mod login;
pub mod midyear;
pub mod notices;
pub mod notifications;
pub mod people;
pub mod proposal_flow;
pub mod proposal_list;
pub mod proposals;
pub mod ratings;
pub mod records;
pub mod registrations;
pub mod registry;
pub mod registry_list;
pub mod reports;
pub mod review_form;
pub mod review_report;
pub mod reviews;
pub mod rule_set_council;
pub mod rule_set_dossier;
pub mod rule_set_params;
pub mod rule_set_principles;
pub mod rule_sets;
pub mod scores;
pub mod statistics;
pub mod submission_pack;
pub mod submissions;
pub mod trends;
pub mod units;

pub use forms::Errors;

use crate::auth::session::{self, PRE_CSRF_COOKIE, SESSION_COOKIE, cookie};
use crate::auth::{CurrentUser, MaybeUser};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::{self, Lang};
use crate::startup::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::net::SocketAddr;

pub const LANG_COOKIE: &str = "thidua_lang";
pub const FLASH_COOKIE: &str = "thidua_flash";

pub use crate::domain::url::encode_component as urlencode;

/// One navigation entry.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// Everything the layout needs, per request: language, user, CSRF token, flash message.
pub struct Ctx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub flash: Option<String>,
    pub path: String,
    pub query: String,
    pub demo: bool,
}

impl Ctx {
    pub fn t(&self, key: &str) -> &'static str {
        i18n::t(self.lang, key)
    }
    /// The label of a coded value: `label("unitkind", "division")` looks up "unitkind.division".
    pub fn label(&self, prefix: &str, code: &str) -> &'static str {
        i18n::t(self.lang, &format!("{prefix}.{code}"))
    }
    pub fn tf<'a>(&self, key: &str, args: impl AsRef<[&'a str]>) -> String {
        i18n::tf(self.lang, key, args.as_ref())
    }
    pub fn person_id(&self) -> Option<i64> {
        self.user.as_ref().and_then(|u| u.person_id)
    }
    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }
    pub fn other_lang(&self) -> &'static str {
        self.lang.other().code()
    }
    /// URL that switches language and comes back here.
    pub fn switch_lang_href(&self) -> String {
        let here = if self.query.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{}", self.path, self.query)
        };
        format!("/lang?to={}&next={}", self.other_lang(), urlencode(&here))
    }
    pub fn has(&self, role: Role) -> bool {
        self.user.as_ref().is_some_and(|u| u.has(role))
    }
    pub fn signed_in(&self) -> bool {
        self.user.is_some()
    }
    pub fn user_name(&self) -> &str {
        self.user
            .as_ref()
            .map(|u| u.display_name.as_str())
            .unwrap_or("")
    }
    /// The rows of a repeated form list, numbered from 1, with `extra` blank rows for new entries.
    pub fn rows(&self, v: &[String], extra: usize) -> Vec<(usize, String)> {
        v.iter()
            .cloned()
            .chain(std::iter::repeat_n(String::new(), extra))
            .enumerate()
            .map(|(i, s)| (i + 1, s))
            .collect()
    }
    /// Row `i` (from 1) of a parallel form list, empty past its end.
    pub fn at(&self, v: &[String], i: &usize) -> String {
        v.get(i.wrapping_sub(1)).cloned().unwrap_or_default()
    }
    /// A name kept in both languages, in the page's language.
    pub fn name<'a>(&self, vi: &'a str, en: &'a str) -> &'a str {
        match self.lang {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
    /// [`Ctx::name`] of names that may be missing.
    pub fn name_opt<'a>(&self, vi: &'a Option<String>, en: &'a Option<String>) -> &'a str {
        self.name(vi.as_deref().unwrap_or(""), en.as_deref().unwrap_or(""))
    }
    /// Administers the whole organisation: changes what every unit shares (rule sets, the calendar).
    pub fn is_root_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_root_admin())
    }
    /// The database holds demo data (its accounts' password is published): every page says so.
    pub fn demo_data(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.demo_data)
    }
    /// Unread notifications of the signed-in user.
    pub fn unread(&self) -> i64 {
        self.user.as_ref().map_or(0, |u| u.unread)
    }
    pub fn can_read_people(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| !u.people_read_scope().is_empty())
    }
    pub fn can_manage_campaigns(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| !u.campaign_manage_scope().is_empty())
    }
    pub fn can_edit_people(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| !u.people_edit_scope().is_empty())
    }
    pub fn nav(&self) -> Vec<NavItem> {
        let mut v = Vec::new();
        let Some(u) = &self.user else { return v };
        let mut push = |href: &'static str, label: &'static str| {
            let current = if href == "/" {
                self.path == "/"
            } else {
                self.path.starts_with(href)
            };
            v.push(NavItem {
                href,
                label: i18n::t(self.lang, label),
                current,
            });
        };
        push("/", "nav.home");
        push("/campaigns", "nav.campaigns");
        push("/units", "nav.units");
        push("/notices", "nav.notices");
        if !u.people_read_scope().is_empty() {
            push("/people", "nav.people");
            push("/registry", "nav.registry");
        }
        if u.any(&[
            Role::UnitHead,
            Role::Office,
            Role::Director,
            Role::DeputyDirector,
        ]) {
            push("/ratings", "nav.ratings");
        }
        if !u.campaign_manage_scope().is_empty() {
            push("/clusters", "nav.clusters");
        }
        if u.is_admin() {
            push("/admin", "nav.admin");
        }
        push("/account", "nav.account");
        v
    }
    pub fn fmt_date(&self, d: &chrono::NaiveDate) -> String {
        crate::domain::dates::fmt_date(*d)
    }
    pub fn fmt_opt_date(&self, d: &Option<chrono::NaiveDate>) -> String {
        crate::domain::dates::fmt_opt_date(*d)
    }
    pub fn fmt_datetime(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        crate::domain::dates::fmt_datetime(*t)
    }
}

fn lang_from_headers(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE)
        .and_then(Lang::parse)
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = parts
            .extensions
            .get::<MaybeUser>()
            .and_then(|m| m.0.clone());
        let csrf = match &user {
            Some(u) => u.csrf_token.clone(),
            None => parts
                .extensions
                .get::<PreCsrf>()
                .map(|p| p.0.clone())
                .unwrap_or_default(),
        };
        let flash = cookie(&parts.headers, FLASH_COOKIE)
            .and_then(|v| percent_encoding::percent_decode_str(v).decode_utf8().ok())
            .map(|v| v.chars().take(300).collect());
        Ok(Ctx {
            lang: lang_from_headers(&parts.headers),
            user,
            csrf,
            flash,
            path: parts.uri.path().to_string(),
            query: parts.uri.query().unwrap_or("").to_string(),
            demo: state.settings.demo,
        })
    }
}

/// The signed-out CSRF token of this request (from its cookie, or freshly made and set on the response).
#[derive(Clone)]
pub struct PreCsrf(pub String);

/// Renders a template into an HTML response.
pub fn render(t: &impl askama::Template) -> Result<Response, AppError> {
    Ok(Html(t.render()?).into_response())
}

/// [`render`] into a buffer of `capacity` bytes: a long page estimates its size, so that it is
/// written once instead of copied each time the buffer grows.
pub fn render_sized(t: &impl askama::Template, capacity: usize) -> Result<Response, AppError> {
    let mut buf = String::with_capacity(capacity);
    t.render_into(&mut buf)?;
    Ok(Html(buf).into_response())
}

/// Renders a form page again with status 422 (input kept, errors shown).
pub fn render_invalid(t: &impl askama::Template) -> Result<Response, AppError> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(t.render()?)).into_response())
}

/// Redirects (303) and shows `message` once on the next page.
pub fn redirect_flash(to: &str, message: &str) -> Response {
    let value: String =
        percent_encoding::utf8_percent_encode(message, percent_encoding::NON_ALPHANUMERIC)
            .collect();
    let mut resp = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&session::set_cookie(
        FLASH_COOKIE,
        &value,
        Some(60),
        false,
        true,
    )) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

/// The client address. Behind `hops` proxies of our own, each has appended the address it saw to
/// `X-Forwarded-For`, so the client is the `hops`-th entry from the right: what lies further left
/// was written by the client and may be forged. With no proxies (or an entry that is not an
/// address) it is the socket peer.
pub fn client_ip(
    parts_headers: &HeaderMap,
    connect: Option<&ConnectInfo<SocketAddr>>,
    hops: usize,
) -> String {
    let peer = || {
        connect
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    if hops == 0 {
        return peer();
    }
    // several headers are one list, in order
    let entries: Vec<&str> = parts_headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if entries.is_empty() {
        return peer();
    }
    // fewer entries than proxies: the first proxy got no header; the leftmost is its peer
    let i = entries.len().saturating_sub(hops);
    match entries[i].parse::<std::net::IpAddr>() {
        Ok(ip) => ip.to_string(),
        Err(_) => peer(),
    }
}

/// Extractor for the client address.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ci = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        Ok(ClientIp(client_ip(
            &parts.headers,
            ci,
            state.settings.trust_proxy_hops,
        )))
    }
}

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
            let (db, cache) = (&state.db, &*state.sessions);
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
    if let Some(u) = &user {
        let path = req.uri().path();
        if u.must_change_password && !ALWAYS_ALLOWED_WHILE_CHANGING_PASSWORD.contains(&path) {
            if path.starts_with("/api/") {
                // the API is no way around a password an administrator has reset
                return crate::error::ApiErrorBody::new(
                    StatusCode::FORBIDDEN,
                    "Change your password first (an administrator has reset it): /account/password".into(),
                    "Hãy đổi mật khẩu trước (quản trị đã đặt lại mật khẩu của bạn): /account/password".into(),
                    None,
                )
                .into_response();
            }
            return Redirect::to("/account/password").into_response();
        }
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
            Some(crate::auth::cache::Marked(m)) => state.sessions.heard(m).await,
            None if nothing_to_hear => true,
            None => state.sessions.settle(&state.db).await,
        };
    }
    if let Some(t) = set_pre {
        let c = session::set_cookie(
            PRE_CSRF_COOKIE,
            &t,
            None,
            state.settings.secure_cookies,
            true,
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    if had_session_cookie && !signed_in && !resp.headers().contains_key(header::SET_COOKIE) {
        // a dead session cookie: forget it
        let c = session::set_cookie(
            SESSION_COOKIE,
            "",
            Some(0),
            state.settings.secure_cookies,
            true,
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    if changes {
        // this browser's next requests read the database, whichever server answers them
        let c = session::set_cookie(
            FRESH_COOKIE,
            &(now_ms + crate::auth::cache::FRESH_FOR_MS).to_string(),
            Some(5),
            state.settings.secure_cookies,
            true,
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp
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

pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    AppError::Internal(anyhow::anyhow!("handler panicked")).into_response()
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

static CSS: &str = include_str!("../../static/app.css");
static JS: &str = include_str!("../../static/app.js");

/// Static files, compiled into the binary (no working-directory dependence in production).
pub async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, ctype) = match file.as_str() {
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "app.js" => (JS, "text/javascript; charset=utf-8"),
        _ => return AppError::NotFound.into_response(),
    };
    let mut resp = Response::new(Body::from(body));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    resp
}

#[derive(serde::Deserialize)]
pub struct LangQuery {
    to: Option<String>,
    next: Option<String>,
}

/// Switches the interface language (a preference cookie, not data) and goes back.
pub async fn switch_lang(
    State(state): State<AppState>,
    extract::Query(q): extract::Query<LangQuery>,
) -> Response {
    let lang = q.to.as_deref().and_then(Lang::parse).unwrap_or_default();
    let next = q
        .next
        .as_deref()
        .and_then(crate::auth::safe_next)
        .unwrap_or_else(|| "/".into());
    let mut resp = Redirect::to(&next).into_response();
    let c = session::set_cookie(
        LANG_COOKIE,
        lang.code(),
        Some(365 * 86400),
        state.settings.secure_cookies,
        false,
    );
    if let Ok(v) = HeaderValue::from_str(&c) {
        resp.headers_mut().append(header::SET_COOKIE, v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn client_address_is_read_from_the_right() {
        let peer = ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 4000)));
        let forged = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7")]);
        assert_eq!(client_ip(&forged, Some(&peer), 0), "10.0.0.1");
        assert_eq!(client_ip(&forged, Some(&peer), 1), "203.0.113.7");
        assert_eq!(client_ip(&forged, Some(&peer), 2), "6.6.6.6");
        let two = headers(&[("x-forwarded-for", "1.1.1.1, 6.6.6.6, 203.0.113.7, 10.0.0.9")]);
        assert_eq!(client_ip(&two, Some(&peer), 2), "203.0.113.7");
        // fewer entries than proxies, or garbage: never the forged text
        let one = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(client_ip(&one, Some(&peer), 3), "203.0.113.7");
        let junk = headers(&[("x-forwarded-for", "6.6.6.6, <script>")]);
        assert_eq!(client_ip(&junk, Some(&peer), 1), "10.0.0.1");
        assert_eq!(client_ip(&HeaderMap::new(), Some(&peer), 1), "10.0.0.1");
    }

    #[test]
    fn cross_site_detection() {
        assert!(!is_cross_site(&headers(&[("host", "a:8080")])));
        assert!(!is_cross_site(&headers(&[
            ("host", "a:8080"),
            ("origin", "http://a:8080")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "a:8080"),
            ("origin", "http://evil.example")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "a:8080"),
            ("origin", "null")
        ])));
        assert!(is_cross_site(&headers(&[
            ("host", "a"),
            ("sec-fetch-site", "cross-site")
        ])));
        assert!(!is_cross_site(&headers(&[
            ("host", "a"),
            ("sec-fetch-site", "same-origin")
        ])));
    }
}
