//! The web kernel's file helpers: a download with its type and a safe name, an upload read and
//! checked (size, type by its bytes), a workbook answered as .xlsx. Feature modules call these
//! rather than each other.

use crate::error::{AppError, AppResult};
use crate::export::xlsx;
use crate::state::AppState;
use crate::storage;
use crate::web::extract::{check_csrf, expected_csrf};
use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// A file sent as a download: never rendered by the browser, whatever it holds.
pub fn attachment(bytes: Vec<u8>, content_type: &str, name: &str) -> Response {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String =
        percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC).collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'".to_string(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        bytes,
    )
        .into_response()
}

/// An uploaded file checked: its content type by its bytes, its size, its safe name and checksum;
/// an image stripped of its metadata (`storage::strip_metadata`).
/// The error is the message key for the form.
pub fn check_file(
    state: &AppState,
    file: Option<(String, Vec<u8>)>,
    allowed: &[&str],
) -> Result<storage::Checked, &'static str> {
    let Some((name, bytes)) = file.filter(|f| !f.1.is_empty()) else {
        return Err("doc.err_no_file");
    };
    if bytes.len() > state.settings.max_document_bytes {
        return Err("doc.err_too_large");
    }
    let Some(kind) = storage::sniff(&bytes).filter(|k| allowed.contains(k)) else {
        return Err(type_error(allowed));
    };
    // a photo keeps no trace of where and with what it was taken (GPS, camera, comments)
    let bytes = storage::strip_metadata(kind, bytes).ok_or(type_error(allowed))?;
    Ok(storage::Checked {
        name: storage::safe_name(&name, kind),
        sha256: crate::domain::digest::sha256_hex(&bytes),
        bytes,
        content_type: kind,
    })
}

/// The message for a file of another type than the field takes, naming what it takes.
fn type_error(allowed: &[&str]) -> &'static str {
    let takes = |k: &str| allowed.contains(&k);
    match (
        takes(storage::PDF),
        takes(storage::DOCX),
        takes(storage::PNG),
    ) {
        (true, true, _) => "doc.err_type",
        (true, false, true) => "doc.err_type_scan",
        (true, false, false) => "doc.err_type_pdf",
        (false, _, true) => "doc.err_type_image",
        _ => "doc.err_type",
    }
}

/// Reads a multipart upload (checking its CSRF token): the file (name, bytes) and the other
/// text fields.
pub async fn read_upload(
    state: &AppState,
    req: Request,
) -> AppResult<(
    Option<(String, Vec<u8>)>,
    std::collections::HashMap<String, String>,
)> {
    let expected = expected_csrf(req.extensions());
    let mut mp = axum::extract::Multipart::from_request(req, state)
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?;
    let mut fields = std::collections::HashMap::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(AppError::PayloadTooLarge);
            }
            Err(e) => return Err(AppError::BadRequest(e.body_text())),
        };
        match field.name().map(str::to_string) {
            Some(name) if name == "file" => {
                let fname = crate::domain::names::clean_text(field.file_name().unwrap_or("upload"));
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::PayloadTooLarge
                    } else {
                        AppError::BadRequest(e.body_text())
                    }
                })?;
                file = Some((fname, bytes.to_vec()));
            }
            Some(name) => {
                let text = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))?;
                fields.insert(name, text);
            }
            None => {}
        }
    }
    check_csrf(
        expected.as_deref(),
        fields.get("csrf_token").map(String::as_str),
    )?;
    Ok((file, fields))
}

/// Sheets as an .xlsx download named `name`.
pub fn sheets_response(sheets: &[xlsx::Sheet], name: &str) -> AppResult<Response> {
    let bytes =
        xlsx::workbook(sheets).map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    Ok(xlsx_response(bytes, name))
}

pub fn xlsx_response(bytes: Vec<u8>, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}
