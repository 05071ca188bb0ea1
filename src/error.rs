//! One error type for the request path. It renders a bilingual HTML error page (or JSON for the API),
//! never leaks internals, and maps database outages to 503.

use crate::i18n::{self, Lang};
use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("sign-in required")]
    Unauthenticated { next: String },
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("cross-site request refused")]
    Csrf,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// a bounded queue is full (the PDFs made by LibreOffice): try again in a moment
    #[error("busy")]
    Busy,
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                AppError::Unavailable(e.to_string())
            }
            sqlx::Error::Tls(_) => AppError::Unavailable(e.to_string()),
            sqlx::Error::Database(db) if db.code().as_deref() == Some("57P01") => {
                // admin_shutdown: the server is going away
                AppError::Unavailable(e.to_string())
            }
            _ => AppError::Internal(anyhow::Error::new(e)),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("template: {e}"))
    }
}

impl From<crate::export::programs::RunError> for AppError {
    fn from(e: crate::export::programs::RunError) -> Self {
        use crate::export::programs::RunError;
        match e {
            RunError::Busy => AppError::Busy,
            RunError::TimedOut => {
                tracing::warn!(
                    "a program (LibreOffice, poppler) ran past its time and was stopped"
                );
                AppError::Busy
            }
            RunError::Failed(e) => AppError::Internal(e),
        }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unavailable(_) | AppError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// (Vietnamese, English) texts shown to the user, from the locale files.
    fn texts(&self) -> (String, String) {
        let key = match self {
            AppError::NotFound => "error.not_found",
            AppError::Forbidden => "error.forbidden",
            AppError::Unauthenticated { .. } => "error.unauthenticated",
            AppError::BadRequest(msg) => {
                return (
                    i18n::tf(Lang::Vi, "error.bad_request", &[msg]),
                    i18n::tf(Lang::En, "error.bad_request", &[msg]),
                );
            }
            AppError::PayloadTooLarge => "error.too_large",
            AppError::Csrf => "error.csrf",
            AppError::Unavailable(_) => "error.database_unavailable",
            AppError::Busy => "error.busy",
            AppError::Internal(_) => "error.internal",
        };
        both(key)
    }

    /// JSON rendering for `/api/` routes (see [`ApiErrorBody`]).
    pub fn into_json_response(self) -> Response {
        let reference = self.log();
        let status = self.status();
        let (vi, en) = self.texts();
        let mut resp = ApiErrorBody::new(status, en, vi, reference).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        resp
    }

    /// Logs the error; a server-side one gets a reference that the page shows, so that what the
    /// user reports can be found in the log without the page showing any internals.
    fn log(&self) -> Option<String> {
        match self {
            AppError::Internal(e) => {
                let r = reference();
                tracing::error!(reference = %r, error = %e, "internal error");
                Some(r)
            }
            AppError::Unavailable(e) => {
                let r = reference();
                tracing::warn!(reference = %r, error = %e, "database unavailable");
                Some(r)
            }
            _ => {
                tracing::debug!(error = %self, "request error");
                None
            }
        }
    }
}

tokio::task_local! {
    /// The id of the request being served (`web::request_id_layer`), on every log line of it.
    pub static REQUEST_ID: String;
}

/// A short random id: eight hexadecimal digits.
pub fn new_request_id() -> String {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// The reference of an error, shown to the user and written to the log with it: the request's
/// id ("E-1A2B3C4D", so that the operator finds every log line of that request), or a fresh one
/// outside a request.
pub fn reference() -> String {
    let id = REQUEST_ID
        .try_with(|id| id.clone())
        .unwrap_or_else(|_| new_request_id());
    format!("E-{id}")
}

/// The body of every error answer under `/api/`, whatever its status (`Error` in the OpenAPI
/// document).
#[derive(serde::Serialize, Debug, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ApiErrorBody {
    /// the HTTP status code
    pub status: u16,
    /// the status' reason phrase, e.g. "Not Found"
    pub error: String,
    /// what went wrong, in English
    pub message: String,
    /// the same in Vietnamese
    pub message_vi: String,
    /// for a server-side error (500, 503): the reference written to the server's log with it
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl ApiErrorBody {
    pub fn new(
        status: StatusCode,
        message: String,
        message_vi: String,
        reference: Option<String>,
    ) -> Self {
        ApiErrorBody {
            status: status.as_u16(),
            error: status.canonical_reason().unwrap_or("Error").to_string(),
            message,
            message_vi,
            reference,
        }
    }
}

impl IntoResponse for ApiErrorBody {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(self)).into_response()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    title_vi: &'static str,
    title_en: &'static str,
    message_vi: String,
    message_en: String,
    reference: Option<String>,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Unauthenticated { next } = &self {
            let to = format!("/login?next={}", crate::domain::url::encode_component(next));
            return Redirect::to(&to).into_response();
        }
        let reference = self.log();
        let status = self.status();
        let (message_vi, message_en) = self.texts();
        let title = match status.as_u16() {
            400 => "error.title.400",
            403 => "error.title.403",
            404 => "error.title.404",
            413 => "error.title.413",
            503 => "error.title.503",
            _ => "error.title.500",
        };
        let (title_vi, title_en) = (i18n::t(Lang::Vi, title), i18n::t(Lang::En, title));
        let page = ErrorPage {
            status: status.as_u16(),
            title_vi,
            title_en,
            message_vi,
            message_en,
            reference,
        };
        let html = page
            .render()
            .unwrap_or_else(|_| format!("<!doctype html><title>{}</title>", status.as_u16()));
        let mut resp = (status, axum::response::Html(html)).into_response();
        // for the API's layer, which answers errors under /api/ as JSON with the same texts
        resp.extensions_mut().insert(ErrorTexts {
            vi: page.message_vi.clone(),
            en: page.message_en.clone(),
            reference: page.reference.clone(),
        });
        if status == StatusCode::SERVICE_UNAVAILABLE {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        resp
    }
}

/// The texts of an error rendered as a page, kept on the response for the API's JSON layer.
#[derive(Clone, Debug)]
pub struct ErrorTexts {
    pub vi: String,
    pub en: String,
    pub reference: Option<String>,
}

/// (Vietnamese, English) texts for an error status that did not come from an [`AppError`]
/// (axum's own rejections: method not allowed, body too large, timeouts).
pub fn status_texts(status: StatusCode) -> (String, String) {
    both(match status.as_u16() {
        400 => "error.status.400",
        401 => "error.unauthenticated",
        403 => "error.forbidden",
        404 => "error.not_found",
        405 => "error.status.405",
        408 => "error.status.408",
        413 => "error.too_large",
        415 => "error.status.415",
        422 => "error.status.422",
        429 => "error.status.429",
        503 => "error.status.503",
        _ => "error.internal",
    })
}

/// The (Vietnamese, English) texts of one key.
fn both(key: &str) -> (String, String) {
    (
        i18n::t(Lang::Vi, key).to_string(),
        i18n::t(Lang::En, key).to_string(),
    )
}

/// Wraps an error so that it renders as JSON (API routes).
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_json_response()
    }
}

/// True when a database error is a unique-constraint violation of the named constraint/index.
pub fn is_unique_violation(e: &sqlx::Error, constraint: &str) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            db.code().as_deref() == Some("23505") && db.constraint() == Some(constraint)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error text comes from the locale files, in both languages.
    #[test]
    fn every_error_has_its_texts() {
        let errors = [
            AppError::NotFound,
            AppError::Forbidden,
            AppError::Unauthenticated { next: "/".into() },
            AppError::BadRequest("year".into()),
            AppError::PayloadTooLarge,
            AppError::Csrf,
            AppError::Unavailable("down".into()),
            AppError::Busy,
            AppError::Internal(anyhow::anyhow!("boom")),
        ];
        for e in &errors {
            let (vi, en) = e.texts();
            assert!(!vi.contains("[?]") && !en.contains("[?]"), "{e:?}");
            assert_ne!(vi, en, "{e:?}");
        }
        assert_eq!(errors[3].texts().1, "Bad request: year");
        for code in 400..600u16 {
            let (vi, en) = status_texts(StatusCode::from_u16(code).unwrap());
            assert!(!vi.contains("[?]") && !en.contains("[?]"), "{code}");
        }
        let resp = AppError::NotFound.into_response();
        let texts = resp.extensions().get::<ErrorTexts>().unwrap();
        assert_eq!(texts.en, "The page or record you asked for does not exist.");
    }
}
