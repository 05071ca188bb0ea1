//! The JSON API for other systems, described by an OpenAPI document.

use crate::auth::{CurrentUser, MaybeUser};
use crate::domain::campaign::Timeline;
use crate::error::{ApiError, AppError};
use crate::startup::AppState;
use axum::Json;
use axum::extract::{Extension, State};
use chrono::NaiveDate;
use serde::Serialize;

fn signed_in(user: MaybeUser) -> Result<CurrentUser, AppError> {
    user.0.ok_or(AppError::Unauthenticated { next: "/".into() })
}

#[derive(Serialize)]
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

#[derive(Serialize)]
pub struct CampaignJson {
    pub id: i64,
    pub year: i32,
    pub kind: String,
    pub number: String,
    pub title: String,
    pub status: &'static str,
    pub issuer_unit: String,
    pub timeline: TimelineJson,
}

/// `GET /api/v1/campaigns`: the campaigns the user sees, newest first.
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

#[derive(Serialize)]
pub struct CoverageJson {
    pub unit_code: String,
    pub unit_name: String,
    /// active people in the unit and the units below it
    pub people: i64,
    pub registered: i64,
    pub confirmed: i64,
    pub pending: i64,
    pub returned: i64,
    pub missing: i64,
}

/// `GET /api/v1/campaigns/{id}/coverage`: registration counts per unit (rolled up the tree), for
/// whoever runs the campaign (all its units) or a unit head (their subtree).
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

#[derive(Serialize)]
pub struct RoleJson {
    pub role: &'static str,
    pub unit_code: String,
}

#[derive(Serialize)]
pub struct Me {
    pub username: String,
    pub full_name: String,
    pub person_id: Option<i64>,
    pub unit_code: Option<String>,
    pub roles: Vec<RoleJson>,
}

/// `GET /api/v1/me`: the signed-in user, or 401.
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

/// `GET /api/v1/eligibility?campaign={id}&person={id}` (or `&unit={id}`): every title of the
/// campaign's rule set with its outcome and each condition explained; scoped like the pages.
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

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<serde_json::Value> {
    Json(openapi_document())
}

pub fn openapi_document() -> serde_json::Value {
    serde_json::json!({
        "openapi": "3.1.0",
        "info": {
            "title": "thidua API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "JSON API of thidua. Authentication: the session cookie set by POST /login. Every answer is scoped to the signed-in user's roles and units."
        },
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "thidua_session" }
            },
            "schemas": {
                "Role": {
                    "type": "object",
                    "required": ["role", "unit_code"],
                    "properties": {
                        "role": { "type": "string", "enum": ["staff", "unit_head", "office", "council", "deputy_director", "director", "admin"] },
                        "unit_code": { "type": "string", "description": "Code of the unit whose subtree the role covers" }
                    }
                },
                "Me": {
                    "type": "object",
                    "required": ["username", "full_name", "person_id", "unit_code", "roles"],
                    "properties": {
                        "username": { "type": "string" },
                        "full_name": { "type": "string" },
                        "person_id": { "type": ["integer", "null"] },
                        "unit_code": { "type": ["string", "null"] },
                        "roles": { "type": "array", "items": { "$ref": "#/components/schemas/Role" } }
                    }
                },
                "Timeline": {
                    "type": "object",
                    "description": "Dates (yyyy-mm-dd) of the campaign's cycle; null when not set",
                    "properties": {
                        "registration_opens": { "type": ["string", "null"], "format": "date" },
                        "registration_closes": { "type": ["string", "null"], "format": "date" },
                        "midyear_review": { "type": ["string", "null"], "format": "date" },
                        "proposal_deadline": { "type": ["string", "null"], "format": "date" },
                        "council_meeting": { "type": ["string", "null"], "format": "date" },
                        "decision_date": { "type": ["string", "null"], "format": "date" }
                    }
                },
                "Campaign": {
                    "type": "object",
                    "required": ["id", "year", "kind", "number", "title", "status", "issuer_unit", "timeline"],
                    "properties": {
                        "id": { "type": "integer" },
                        "year": { "type": "integer" },
                        "kind": { "type": "string", "enum": ["annual", "thematic"] },
                        "number": { "type": "string", "description": "Number and code, e.g. 05/KH-STNMT" },
                        "title": { "type": "string" },
                        "status": { "type": "string", "enum": ["draft", "published", "registration_open", "in_progress", "year_end_review", "closed"] },
                        "issuer_unit": { "type": "string" },
                        "timeline": { "$ref": "#/components/schemas/Timeline" }
                    }
                },
                "UnitCoverage": {
                    "type": "object",
                    "required": ["unit_code", "unit_name", "people", "registered", "confirmed", "pending", "returned", "missing"],
                    "properties": {
                        "unit_code": { "type": "string" },
                        "unit_name": { "type": "string" },
                        "people": { "type": "integer", "description": "Active people in the unit and below" },
                        "registered": { "type": "integer", "description": "Registrations sent (pending + returned + confirmed)" },
                        "confirmed": { "type": "integer" },
                        "pending": { "type": "integer", "description": "Sent, awaiting the unit head" },
                        "returned": { "type": "integer" },
                        "missing": { "type": "integer", "description": "People without a sent registration" }
                    }
                },
                "Eligibility": {
                    "type": "object",
                    "required": ["rule_set", "rule_set_name", "campaign", "year", "judged_on", "subject", "id", "name", "results"],
                    "properties": {
                        "rule_set": { "type": "string", "description": "Code of the legal regime, e.g. ND91_2017" },
                        "rule_set_name": { "type": "string" },
                        "campaign": { "type": "integer" },
                        "year": { "type": "integer" },
                        "judged_on": { "type": "string", "format": "date", "description": "Open reviews are those open on this day" },
                        "subject": { "type": "string", "enum": ["person", "unit"] },
                        "id": { "type": "integer" },
                        "name": { "type": "string" },
                        "results": { "type": "array", "items": { "$ref": "#/components/schemas/TitleEligibility" } }
                    }
                },
                "TitleEligibility": {
                    "type": "object",
                    "required": ["title_code", "title_name", "outcome", "conditions"],
                    "properties": {
                        "title_code": { "type": "string" },
                        "title_name": { "type": "string" },
                        "outcome": { "type": "string", "enum": ["eligible", "not_eligible", "needs_review"] },
                        "conditions": { "type": "array", "items": { "$ref": "#/components/schemas/Condition" } }
                    }
                },
                "Condition": {
                    "type": "object",
                    "required": ["rule", "passed", "detail", "source", "depth"],
                    "properties": {
                        "rule": { "type": "string", "description": "The condition in words" },
                        "passed": { "type": ["boolean", "null"], "description": "null: a fact is missing or a person must judge" },
                        "detail": { "type": "string", "description": "The facts it read" },
                        "source": { "type": "string", "description": "The legal article" },
                        "depth": { "type": "integer", "description": "Nesting under 'all of' / 'one of' lines" }
                    }
                },
                "Error": {
                    "type": "object",
                    "description": "Every error answer under /api/, whatever its status",
                    "required": ["status", "error", "message", "message_vi"],
                    "properties": {
                        "status": { "type": "integer", "description": "The HTTP status code" },
                        "error": { "type": "string", "description": "The status' reason phrase, e.g. Not Found" },
                        "message": { "type": "string", "description": "What went wrong, in English" },
                        "message_vi": { "type": "string", "description": "The same in Vietnamese" },
                        "reference": { "type": "string", "description": "For a server-side error (500, 503): the reference written to the server's log" }
                    }
                }
            },
            "responses": {
                "BadRequest": { "description": "A malformed, missing or repeated parameter, or a bad id", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                "Unauthorized": { "description": "Not signed in", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                "Forbidden": { "description": "Not allowed to see this, or the password must be changed first (reset by an administrator)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                "NotFound": { "description": "No such record, or one the user may not know of", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                "ServerError": { "description": "An error on the server's side, logged with the reference given", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                "Unavailable": { "description": "The database is not answering; try again (Retry-After)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
        },
        "paths": {
            "/api/v1/me": {
                "get": {
                    "summary": "The signed-in user with roles and unit scope",
                    "operationId": "getMe",
                    "security": [{ "session": [] }],
                    "responses": {
                        "200": { "description": "The user", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Me" } } } },
                        "401": { "$ref": "#/components/responses/Unauthorized" },
                        "403": { "$ref": "#/components/responses/Forbidden" },
                        "500": { "$ref": "#/components/responses/ServerError" },
                        "503": { "$ref": "#/components/responses/Unavailable" }
                    }
                }
            },
            "/api/v1/campaigns": {
                "get": {
                    "summary": "Campaigns the user sees (published ones reaching their unit; drafts too for those who run them)",
                    "operationId": "listCampaigns",
                    "security": [{ "session": [] }],
                    "responses": {
                        "200": { "description": "Campaigns, newest first", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Campaign" } } } } },
                        "401": { "$ref": "#/components/responses/Unauthorized" },
                        "403": { "$ref": "#/components/responses/Forbidden" },
                        "500": { "$ref": "#/components/responses/ServerError" },
                        "503": { "$ref": "#/components/responses/Unavailable" }
                    }
                }
            },
            "/api/v1/campaigns/{id}/coverage": {
                "get": {
                    "summary": "Registration coverage per unit, rolled up the tree",
                    "operationId": "getCampaignCoverage",
                    "security": [{ "session": [] }],
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
                    "responses": {
                        "200": { "description": "One row per unit in the user's scope, parents before children", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/UnitCoverage" } } } } },
                        "400": { "$ref": "#/components/responses/BadRequest" },
                        "401": { "$ref": "#/components/responses/Unauthorized" },
                        "403": { "description": "Neither running the campaign nor heading a unit in it (or the password must be changed first)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "404": { "description": "No such campaign (or a draft the user may not see)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "500": { "$ref": "#/components/responses/ServerError" },
                        "503": { "$ref": "#/components/responses/Unavailable" }
                    }
                }
            },
            "/api/v1/eligibility": {
                "get": {
                    "summary": "Eligibility of a person or a unit for every title of a campaign's rule set, explained condition by condition",
                    "operationId": "getEligibility",
                    "security": [{ "session": [] }],
                    "parameters": [
                        { "name": "campaign", "in": "query", "required": true, "schema": { "type": "integer" } },
                        { "name": "person", "in": "query", "required": false, "schema": { "type": "integer" }, "description": "a person's id (give this or unit)" },
                        { "name": "unit", "in": "query", "required": false, "schema": { "type": "integer" }, "description": "a unit's id (give this or person)" },
                        { "name": "lang", "in": "query", "required": false, "schema": { "type": "string", "enum": ["vi", "en"] }, "description": "language of the rules and details (default vi)" }
                    ],
                    "responses": {
                        "200": { "description": "The answer", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Eligibility" } } } },
                        "400": { "description": "Neither or both of person and unit, a parameter that is not a number, or one given twice", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "401": { "$ref": "#/components/responses/Unauthorized" },
                        "403": { "description": "Not the person, their unit head, the Office, the council or the direction (or the password must be changed first)", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "404": { "description": "No such campaign, or the person or unit is not in its scope", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } },
                        "500": { "$ref": "#/components/responses/ServerError" },
                        "503": { "$ref": "#/components/responses/Unavailable" }
                    }
                }
            },
            "/api/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "getOpenApi",
                    "responses": { "200": { "description": "OpenAPI 3.1 document", "content": { "application/json": {} } } }
                }
            }
        }
    })
}
