//! The web layer: page context, middleware (sessions, CSRF, security headers), shared helpers,
//! and one module per area.

pub mod access;
pub mod choices;
pub mod evaluation;
pub mod extract;
pub mod files;
pub mod forms;
pub mod health;
pub mod import_jobs;
pub mod layers;
pub mod metrics;
pub mod papers;
pub mod schema;
pub mod tasks;

// the feature folders, in the order of the cycle
pub mod admin;
pub mod awards;
pub mod campaigns;
pub mod council;
pub mod desk;
pub mod eligibility;
pub mod org;
pub mod registrations;
pub mod reviews;
pub mod rule_sets;
pub mod year_end;

pub use forms::Errors;
pub use layers::{
    FRESH_COOKIE, api_errors_layer, csrf_origin_layer, is_cross_site, metrics_layer,
    panic_response, request_id_layer, security_headers_layer, session_layer,
};

use crate::auth::session::{self, cookie};
use crate::auth::{CurrentUser, MaybeUser};
use crate::domain::roles::Role;
use crate::error::AppError;
use crate::i18n::{self, Lang};
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
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
        if u.has(Role::Director) || u.is_root_admin() {
            push("/delegations", "nav.delegations");
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

/// Extractor for the audit actor of a change: the signed-in user and the client address (what
/// `db::audit::record` writes); rejects as `CurrentUser` does when nobody is signed in.
pub struct Actor(pub crate::db::audit::Actor);

impl FromRequestParts<AppState> for Actor {
    type Rejection = AppError;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        Ok(Actor(user.actor(&ip)))
    }
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
