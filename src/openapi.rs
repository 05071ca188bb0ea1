//! The OpenAPI document of the JSON API, generated from the handlers and the types they answer
//! with (utoipa): a changed struct changes the document, and `tests/app/openapi.rs` checks a real
//! answer of every operation against its schema. Like `routes.rs`, it lists what the feature
//! folders of `web/` serve; each JSON handler lives with its feature.

use crate::error::ApiErrorBody;
use axum::Json;
use utoipa::OpenApi;

/// This document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    operation_id = "getOpenApi",
    summary = "This document",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}

/// The API's OpenAPI document.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "thidua API",
        description = "JSON API of thidua. Authentication: the session cookie set by POST /login. Every answer is scoped to the signed-in user's roles and units."
    ),
    paths(
        crate::web::desk::account::me,
        crate::web::campaigns::api::campaigns,
        crate::web::reviews::coverage::api,
        crate::web::eligibility::api::eligibility,
        crate::web::year_end::proposal_list::api,
        crate::web::year_end::exemplars::api,
        crate::web::awards::registry::api,
        crate::web::reviews::statistics::api,
        openapi
    ),
    components(schemas(ApiErrorBody)),
    modifiers(&CommonAnswers)
)]
struct ApiDoc;

/// What every operation under /api/v1/ may answer besides its own: the session scheme, and the
/// shared error answers (each an `Error` body).
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let common = [
            (
                "400",
                "BadRequest",
                "A malformed, missing or repeated parameter, or a bad id",
            ),
            ("401", "Unauthorized", "Not signed in"),
            (
                "403",
                "Forbidden",
                "Not allowed to see this, or the password must be changed first (reset by an administrator)",
            ),
            (
                "404",
                "NotFound",
                "No such record, or one the user may not know of",
            ),
            (
                "500",
                "ServerError",
                "An error on the server's side, logged with the reference given",
            ),
            (
                "503",
                "Unavailable",
                "The database is not answering; try again (Retry-After)",
            ),
        ];
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::auth::session::SESSION_COOKIE,
            ))),
        );
        for (_, name, description) in common {
            let body = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Error")))
                .build();
            components.responses.insert(
                name.to_string(),
                ResponseBuilder::new()
                    .description(description)
                    .content("application/json", body)
                    .build()
                    .into(),
            );
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            let Some(op) = item.get.as_mut().filter(|_| path.starts_with("/api/v1/")) else {
                continue;
            };
            for (status, name, _) in common {
                // 400 and 404 only where the operation takes something that can be wrong
                let takes_input = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
                if matches!(status, "400" | "404") && !takes_input {
                    continue;
                }
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| Ref::new(format!("#/components/responses/{name}")).into());
            }
        }
    }
}
