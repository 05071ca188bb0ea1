//! Input extractors. Every form and query string is decoded strictly (malformed UTF-8 or a bad
//! value is a 400 with a message, never a 500), NFC-normalised on the way in, and every form body
//! must carry the CSRF token of the session (or of the signed-out visitor).

use crate::auth::MaybeUser;
use crate::auth::session::constant_time_eq;
use crate::error::AppError;
use crate::web::PreCsrf;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

/// Decodes `application/x-www-form-urlencoded` text into NFC (name, value) pairs.
pub fn decode_pairs(raw: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    let mut out = Vec::new();
    for part in raw.split(|b| *b == b'&') {
        if part.is_empty() {
            continue;
        }
        let (k, v) = match part.iter().position(|b| *b == b'=') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &b""[..]),
        };
        let dec = |s: &[u8]| -> Result<String, AppError> {
            let plus: Vec<u8> = s
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect();
            let bytes: Vec<u8> = percent_encoding::percent_decode(&plus).collect();
            let text = String::from_utf8(bytes).map_err(|_| {
                AppError::BadRequest(
                    "dữ liệu không phải UTF-8 hợp lệ / input is not valid UTF-8".into(),
                )
            })?;
            // PostgreSQL's text cannot hold NUL, and no form means one: dropped
            let text = if text.contains('\0') {
                text.replace('\0', "")
            } else {
                text
            };
            Ok(crate::domain::names::nfc(&text))
        };
        out.push((dec(k)?, dec(v)?));
    }
    Ok(out)
}

fn deserialize<T: DeserializeOwned>(pairs: &[(String, String)]) -> Result<T, AppError> {
    let encoded = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs.iter())
        .finish();
    serde_html_form::from_str(&encoded).map_err(|e| AppError::BadRequest(e.to_string()))
}

/// The text fields of a multipart form (`files::read_upload`) as a form's struct, read as a
/// form body's are.
pub fn typed_fields<T: DeserializeOwned>(
    fields: std::collections::HashMap<String, String>,
) -> Result<T, AppError> {
    deserialize(&fields.into_iter().collect::<Vec<_>>())
}

/// The CSRF token this request must present: the session's, or the signed-out visitor's.
pub fn expected_csrf(ext: &axum::http::Extensions) -> Option<String> {
    match ext.get::<MaybeUser>() {
        Some(MaybeUser(Some(u))) => Some(u.csrf_token.clone()),
        _ => ext.get::<PreCsrf>().map(|p| p.0.clone()),
    }
}

pub fn check_csrf(expected: Option<&str>, presented: Option<&str>) -> Result<(), AppError> {
    match (expected, presented) {
        (Some(e), Some(p)) if !e.is_empty() && constant_time_eq(e, p) => Ok(()),
        _ => Err(AppError::Csrf),
    }
}

/// A CSRF-checked, NFC-normalised form body.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = expected_csrf(req.extensions());
        let ctype = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !ctype.starts_with("application/x-www-form-urlencoded") {
            return Err(AppError::BadRequest(
                "expected a form (application/x-www-form-urlencoded)".into(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest(e.body_text())
            }
        })?;
        let pairs = decode_pairs(&bytes)?;
        let presented = pairs
            .iter()
            .find(|(k, _)| k == "csrf_token")
            .map(|(_, v)| v.as_str());
        check_csrf(expected.as_deref(), presented)?;
        Ok(Form(deserialize(&pairs)?))
    }
}

/// An NFC-normalised query string; a malformed one is a 400.
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        let pairs = decode_pairs(q.as_bytes())?;
        deserialize(&pairs).map(Query).map_err(|e| {
            // a parameter given twice where one value is expected: say which
            // (serde_html_form says "unsupported value" when several values meet a single field)
            let mut seen = std::collections::HashSet::new();
            let repeated = match &e {
                AppError::BadRequest(d) if d.contains("unsupported value") => {
                    pairs.iter().find(|(k, _)| !seen.insert(k.as_str()))
                }
                _ => None,
            };
            match repeated {
                Some((k, _)) => AppError::BadRequest(format!(
                    "tham số «{k}» bị lặp lại / the parameter «{k}» is given more than once"
                )),
                None => match e {
                    AppError::BadRequest(detail) => AppError::BadRequest(format!(
                        "một tham số có giá trị không hợp lệ / a parameter has a bad value ({detail})"
                    )),
                    other => other,
                },
            }
        })
    }
}

/// Path parameters; a bad id is a 400 with a message.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(_) => Err(AppError::BadRequest(
                "mã số trong đường dẫn không hợp lệ / bad id in the address".into(),
            )),
        }
    }
}

/// Deserialises an optional number that may arrive as an empty string ("" -> None).
pub fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
{
    let s: Option<String> = serde::Deserialize::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("bad number {v:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_normalises() {
        let p = decode_pairs("a=Nguye%CC%82%CC%83n+V%C4%83n&b=&c".as_bytes()).unwrap();
        assert_eq!(p[0], ("a".into(), "Nguyễn Văn".into()));
        assert_eq!(p[1], ("b".into(), "".into()));
        assert_eq!(p[2], ("c".into(), "".into()));
    }

    #[test]
    fn malformed_utf8_is_a_bad_request() {
        assert!(matches!(
            decode_pairs(b"a=%FF%FE"),
            Err(AppError::BadRequest(_))
        ));
    }

    #[test]
    fn csrf_must_match() {
        assert!(check_csrf(Some("abc"), Some("abc")).is_ok());
        assert!(check_csrf(Some("abc"), Some("abd")).is_err());
        assert!(check_csrf(Some("abc"), None).is_err());
        assert!(check_csrf(None, Some("")).is_err());
        assert!(check_csrf(Some(""), Some("")).is_err());
    }
}
