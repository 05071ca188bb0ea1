//! The JSON API for other systems. Its OpenAPI document is generated from the handlers and the
//! types they answer with (utoipa): a changed struct changes the document, and
//! `tests/app/openapi.rs` checks a real answer of every operation against its schema.

use crate::auth::{CurrentUser, MaybeUser};
use crate::domain::campaign::{PLAN_KINDS, Stage, Timeline};
use crate::domain::eligibility::Tri;
use crate::domain::roles::Role;
use crate::error::{ApiError, ApiErrorBody, AppError};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Extension, State};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};
use utoipa::{OpenApi, ToSchema};

fn signed_in(user: MaybeUser) -> Result<CurrentUser, AppError> {
    user.0.ok_or(AppError::Unauthenticated { next: "/".into() })
}

/// Dates (yyyy-mm-dd) of the campaign's cycle; null when not set
#[derive(Serialize, ToSchema)]
#[schema(as = Timeline)]
pub struct TimelineJson {
    pub registration_opens: Option<NaiveDate>,
    pub registration_closes: Option<NaiveDate>,
    pub midyear_review: Option<NaiveDate>,
    pub proposal_deadline: Option<NaiveDate>,
    pub council_meeting: Option<NaiveDate>,
    pub decision_date: Option<NaiveDate>,
}

impl From<&Timeline> for TimelineJson {
    fn from(t: &Timeline) -> Self {
        TimelineJson {
            registration_opens: t.registration_opens,
            registration_closes: t.registration_closes,
            midyear_review: t.midyear_review,
            proposal_deadline: t.proposal_deadline,
            council_meeting: t.council_meeting,
            decision_date: t.decision_date,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = Campaign)]
pub struct CampaignJson {
    pub id: i64,
    pub year: i32,
    #[schema(schema_with = plan_kinds)]
    pub kind: String,
    /// number and code, e.g. 05/KH-STNMT
    pub number: String,
    pub title: String,
    #[schema(schema_with = stages)]
    pub status: &'static str,
    pub issuer_unit: String,
    pub timeline: TimelineJson,
}

/// The campaigns the user sees, newest first: published ones reaching their unit, drafts too for
/// those who run them.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns",
    operation_id = "listCampaigns",
    summary = "Campaigns the user sees (published ones reaching their unit; drafts too for those who run them)",
    security(("session" = [])),
    responses((status = 200, description = "Campaigns, newest first", body = Vec<CampaignJson>))
)]
pub async fn campaigns(
    State(state): State<AppState>,
    Extension(user): Extension<MaybeUser>,
) -> Result<Json<Vec<CampaignJson>>, ApiError> {
    let user = signed_in(user)?;
    let rows = super::campaigns::visible(&state, &user).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(r, st)| CampaignJson {
                id: r.id,
                year: r.year,
                kind: r.kind,
                number: format!("{}/{}", r.doc_number, r.doc_code),
                title: r.title,
                status: st.code(),
                issuer_unit: r.issuer_unit_name,
                timeline: (&r.timeline).into(),
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
#[schema(as = UnitCoverage)]
pub struct CoverageJson {
    pub unit_code: String,
    pub unit_name: String,
    /// active people in the unit and the units below it
    pub people: i64,
    /// registrations sent (pending + returned + confirmed)
    pub registered: i64,
    pub confirmed: i64,
    /// sent, awaiting the unit head
    pub pending: i64,
    pub returned: i64,
    /// people without a sent registration
    pub missing: i64,
}

/// Registration counts per unit (rolled up the tree), for whoever runs the campaign (all its
/// units) or a unit head (their subtree).
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/coverage",
    operation_id = "getCampaignCoverage",
    summary = "Registration coverage per unit, rolled up the tree",
    security(("session" = [])),
    params(("id" = i64, Path, description = "the campaign's id")),
    responses(
        (status = 200, description = "One row per unit in the user's scope, parents before children", body = Vec<CoverageJson>),
        (status = 400, description = "An id that is not a number", body = ApiErrorBody),
        (status = 403, description = "Neither running the campaign nor heading a unit in it (or the password must be changed first)", body = ApiErrorBody),
        (status = 404, description = "No such campaign (or a draft the user may not see)", body = ApiErrorBody)
    )
)]
pub async fn coverage(
    State(state): State<AppState>,
    Extension(user): Extension<MaybeUser>,
    super::extract::Path(id): super::extract::Path<i64>,
) -> Result<Json<Vec<CoverageJson>>, ApiError> {
    let user = signed_in(user)?;
    let overview = super::coverage::coverage_rows(&state, &user, id).await?;
    Ok(Json(
        overview
            .rows
            .iter()
            .map(|r| CoverageJson {
                unit_code: r.unit.code.clone(),
                unit_name: r.unit.name.clone(),
                people: r.people,
                registered: r.registered,
                confirmed: r.confirmed,
                pending: r.pending,
                returned: r.returned,
                missing: r.missing,
            })
            .collect(),
    ))
}

#[derive(Serialize, ToSchema)]
#[schema(as = Role)]
pub struct RoleJson {
    #[schema(schema_with = roles)]
    pub role: &'static str,
    /// code of the unit whose subtree the role covers
    pub unit_code: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub username: String,
    pub full_name: String,
    pub person_id: Option<i64>,
    pub unit_code: Option<String>,
    pub roles: Vec<RoleJson>,
}

/// The signed-in user with their roles and the units they cover.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    operation_id = "getMe",
    summary = "The signed-in user with roles and unit scope",
    security(("session" = [])),
    responses((status = 200, description = "The user", body = Me))
)]
pub async fn me(Extension(user): Extension<MaybeUser>) -> Result<Json<Me>, ApiError> {
    let u = user
        .0
        .ok_or(AppError::Unauthenticated { next: "/".into() })?;
    Ok(Json(Me {
        full_name: u.display_name.clone(),
        person_id: u.person_id,
        unit_code: u.unit_code.clone(),
        roles: u
            .grants
            .iter()
            .map(|g| RoleJson {
                role: g.role.code(),
                unit_code: g.unit_code.clone(),
            })
            .collect(),
        username: u.username,
    }))
}

/// Every title of the campaign's rule set with its outcome for a person or a unit, each condition
/// explained; scoped like the pages.
#[utoipa::path(
    get,
    path = "/api/v1/eligibility",
    operation_id = "getEligibility",
    summary = "Eligibility of a person or a unit for every title of a campaign's rule set, explained condition by condition",
    security(("session" = [])),
    params(super::eligibility::ApiQuery),
    responses(
        (status = 200, description = "The answer", body = super::eligibility::ApiAnswer),
        (status = 400, description = "Neither or both of person and unit, a parameter that is not a number, or one given twice", body = ApiErrorBody),
        (status = 403, description = "Not the person, their unit head, the Office, the council or the direction (or the password must be changed first)", body = ApiErrorBody),
        (status = 404, description = "No such campaign, or the person or unit is not in its scope", body = ApiErrorBody)
    )
)]
pub async fn eligibility(
    State(state): State<AppState>,
    Extension(user): Extension<MaybeUser>,
    super::extract::Query(q): super::extract::Query<super::eligibility::ApiQuery>,
) -> Result<Json<super::eligibility::ApiAnswer>, ApiError> {
    let user = signed_in(user)?;
    Ok(Json(
        super::eligibility::api_answer(&state, &user, &q).await?,
    ))
}

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
    paths(me, campaigns, coverage, eligibility, super::proposal_list::api, super::exemplars::api, super::registry::api, super::statistics::api, openapi),
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

/// A string that is one of `codes`.
pub(crate) fn one_of(codes: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes))
        .build()
}

fn roles() -> Object {
    one_of(Role::ALL.iter().map(|r| r.code()))
}

fn stages() -> Object {
    one_of(Stage::ALL.iter().map(|s| s.code()))
}

fn plan_kinds() -> Object {
    one_of(PLAN_KINDS)
}

/// The outcome of a title.
pub fn outcomes() -> Object {
    one_of(Tri::ALL.iter().map(|t| t.outcome()))
}

/// The languages of the answers.
pub fn languages() -> Object {
    one_of(["vi", "en"])
}

/// Whose eligibility: a person's or a unit's.
pub fn subjects() -> Object {
    one_of(["person", "unit"])
}
