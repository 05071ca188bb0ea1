//! The JSON API for other systems, described by an OpenAPI document.

use crate::auth::MaybeUser;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::extract::Extension;
use serde::Serialize;

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
                "Error": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": { "error": { "type": "string" }, "message": { "type": "string" } }
                }
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
                        "401": { "description": "Not signed in", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
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
