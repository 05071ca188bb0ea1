//! The JSON API's kernel: the signed-in user an answer is for, and the schema pieces the answers'
//! types share (codes listed as enums in the OpenAPI document, `crate::openapi`).

use crate::auth::{CurrentUser, MaybeUser};
use crate::domain::campaign::{PLAN_KINDS, Stage};
use crate::domain::eligibility::Tri;
use crate::domain::roles::Role;
use crate::error::AppError;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

/// The signed-in user, or the API's 401.
pub fn signed_in(user: MaybeUser) -> Result<CurrentUser, AppError> {
    user.0.ok_or(AppError::Unauthenticated { next: "/".into() })
}

/// A string that is one of `codes`.
pub fn one_of(codes: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(codes))
        .build()
}

pub fn roles() -> Object {
    one_of(Role::ALL.iter().map(|r| r.code()))
}

pub fn stages() -> Object {
    one_of(Stage::ALL.iter().map(|s| s.code()))
}

pub fn plan_kinds() -> Object {
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
