//! One error type for the request path. It renders a bilingual HTML error page (or JSON for the API),
//! never leaks internals, and maps database outages to 503.

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
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("cross-site request refused")]
    Csrf,
    #[error("too many requests")]
    TooManyRequests,
    #[error("database unavailable: {0}")]
    Unavailable(String),
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

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// (Vietnamese, English) texts shown to the user.
    fn texts(&self) -> (String, String) {
        match self {
            AppError::NotFound => (
                "Không tìm thấy trang hoặc bản ghi bạn yêu cầu.".into(),
                "The page or record you asked for does not exist.".into(),
            ),
            AppError::Forbidden => (
                "Bạn không có quyền xem hoặc thay đổi nội dung này.".into(),
                "You are not allowed to see or change this.".into(),
            ),
            AppError::Unauthenticated { .. } => (
                "Vui lòng đăng nhập để tiếp tục.".into(),
                "Please sign in to continue.".into(),
            ),
            AppError::BadRequest(msg) => (
                format!("Yêu cầu không hợp lệ: {msg}"),
                format!("Bad request: {msg}"),
            ),
            AppError::PayloadTooLarge => (
                "Dữ liệu gửi lên quá lớn.".into(),
                "The data sent is too large.".into(),
            ),
            AppError::Conflict(msg) => (
                format!("Dữ liệu đã bị người khác thay đổi: {msg}"),
                format!("Someone else changed this data: {msg}"),
            ),
            AppError::Csrf => (
                "Yêu cầu bị từ chối vì không đến từ trang của ứng dụng (CSRF). Hãy tải lại trang và thử lại.".into(),
                "Request refused: it did not come from this application's pages (CSRF). Reload the page and try again.".into(),
            ),
            AppError::TooManyRequests => (
                "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.".into(),
                "Too many requests, please try again in a few minutes.".into(),
            ),
            AppError::Unavailable(_) => (
                "Cơ sở dữ liệu tạm thời không phản hồi. Vui lòng thử lại sau ít phút.".into(),
                "The database is not answering right now. Please try again in a few minutes.".into(),
            ),
            AppError::Internal(_) => (
                "Đã xảy ra lỗi hệ thống. Lỗi đã được ghi lại.".into(),
                "Something went wrong on our side. The error has been logged.".into(),
            ),
        }
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

/// A short random reference for an error, shown to the user and written to the log with it.
pub fn reference() -> String {
    let mut b = [0u8; 4];
    let _ = getrandom::fill(&mut b);
    format!(
        "E-{}",
        b.iter().map(|x| format!("{x:02X}")).collect::<String>()
    )
}

/// The body of every error answer under `/api/` (described as `Error` in the OpenAPI document).
#[derive(serde::Serialize, Debug)]
pub struct ApiErrorBody {
    /// the HTTP status code
    pub status: u16,
    /// the status' reason phrase, e.g. "Not Found"
    pub error: String,
    /// what went wrong, in English
    pub message: String,
    /// the same in Vietnamese
    pub message_vi: String,
    /// for a server-side error: the reference written to the server's log with it
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
        let (title_vi, title_en) = match status.as_u16() {
            400 => ("Yêu cầu không hợp lệ", "Bad request"),
            403 => ("Không có quyền truy cập", "Forbidden"),
            404 => ("Không tìm thấy", "Not found"),
            409 => ("Xung đột dữ liệu", "Conflict"),
            413 => ("Dữ liệu quá lớn", "Payload too large"),
            429 => ("Quá nhiều yêu cầu", "Too many requests"),
            503 => ("Dịch vụ tạm thời gián đoạn", "Service unavailable"),
            _ => ("Lỗi hệ thống", "Server error"),
        };
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
    match status.as_u16() {
        400 => ("Yêu cầu không hợp lệ.".into(), "Bad request.".into()),
        401 => (
            "Vui lòng đăng nhập để tiếp tục.".into(),
            "Please sign in to continue.".into(),
        ),
        403 => (
            "Bạn không có quyền xem hoặc thay đổi nội dung này.".into(),
            "You are not allowed to see or change this.".into(),
        ),
        404 => (
            "Không tìm thấy trang hoặc bản ghi bạn yêu cầu.".into(),
            "The page or record you asked for does not exist.".into(),
        ),
        405 => (
            "Phương thức không được hỗ trợ ở địa chỉ này.".into(),
            "This method is not allowed here.".into(),
        ),
        408 => (
            "Yêu cầu mất quá nhiều thời gian.".into(),
            "The request took too long.".into(),
        ),
        413 => (
            "Dữ liệu gửi lên quá lớn.".into(),
            "The data sent is too large.".into(),
        ),
        415 => (
            "Kiểu dữ liệu gửi lên không được hỗ trợ.".into(),
            "Unsupported media type.".into(),
        ),
        422 => (
            "Dữ liệu gửi lên không hợp lệ.".into(),
            "The data sent is not valid.".into(),
        ),
        429 => (
            "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.".into(),
            "Too many requests, please try again in a few minutes.".into(),
        ),
        503 => (
            "Dịch vụ tạm thời gián đoạn. Vui lòng thử lại sau ít phút.".into(),
            "The service is unavailable right now. Please try again in a few minutes.".into(),
        ),
        _ => (
            "Đã xảy ra lỗi hệ thống. Lỗi đã được ghi lại.".into(),
            "Something went wrong on our side. The error has been logged.".into(),
        ),
    }
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
