//! The eligibility answer as JSON (`/api/v1/eligibility`): a person's or a unit's outcome per title
//! with every condition explained, for whoever may see that person or unit's page.

use super::{evaluated, person_in_scope, person_results, unit_in_scope, unit_results};
use crate::auth::CurrentUser;
use crate::domain::eligibility::Subject;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::access::readable;
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiQuery {
    /// the campaign's id
    pub campaign: i64,
    /// a person's id (give this or unit)
    #[serde(default)]
    pub person: Option<i64>,
    /// a unit's id (give this or person)
    #[serde(default)]
    pub unit: Option<i64>,
    /// language of the rules and details: vi (the default) or en
    #[serde(default)]
    #[param(schema_with = crate::web::schema::languages)]
    pub lang: Option<String>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Condition)]
pub struct ApiCondition {
    /// the condition in words
    pub rule: String,
    /// null: a fact is missing or a person must judge
    pub passed: Option<bool>,
    /// the facts it read
    pub detail: String,
    /// the legal article
    pub source: String,
    /// nesting under "all of" / "one of" lines
    pub depth: u8,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = TitleEligibility)]
pub struct ApiResult {
    pub title_code: String,
    pub title_name: String,
    #[schema(schema_with = crate::web::schema::outcomes)]
    pub outcome: &'static str,
    pub conditions: Vec<ApiCondition>,
}

#[derive(serde::Serialize, utoipa::ToSchema)]
#[schema(as = Eligibility)]
pub struct ApiAnswer {
    /// code of the legal regime, e.g. ND91_2017
    pub rule_set: String,
    pub rule_set_name: String,
    pub campaign: i64,
    pub year: i32,
    /// open reviews are those open on this day
    pub judged_on: chrono::NaiveDate,
    #[schema(schema_with = crate::web::schema::subjects)]
    pub subject: &'static str,
    pub id: i64,
    pub name: String,
    pub results: Vec<ApiResult>,
}

/// `GET /api/v1/eligibility?campaign={id}&person={id}` (or `&unit={id}`), scoped like the pages.
pub async fn api_answer(
    state: &AppState,
    user: &CurrentUser,
    q: &ApiQuery,
) -> AppResult<ApiAnswer> {
    let c = readable(state, user, q.campaign).await?;
    let e = evaluated(state, user, &c).await?;
    let lang = q.lang.as_deref().and_then(Lang::parse).unwrap_or_default();
    let (subject, id, name, results) = match (q.person, q.unit) {
        (Some(pid), None) => {
            let i = person_in_scope(user, &c, &e, pid)?;
            (
                Subject::Individual,
                pid,
                e.scope.people[i].full_name.clone(),
                person_results(&e, i, lang),
            )
        }
        (None, Some(uid)) => {
            let i = unit_in_scope(user, &c, &e, uid)?;
            (
                Subject::Collective,
                uid,
                e.scope.units[i].name.clone(),
                unit_results(&e, i, lang),
            )
        }
        _ => {
            return Err(AppError::BadRequest("give either person or unit".into()));
        }
    };
    Ok(ApiAnswer {
        rule_set: e.rules.code.clone(),
        rule_set_name: e.rules.name.clone(),
        campaign: c.id,
        year: e.setting.year,
        judged_on: e.setting.on,
        subject: if subject == Subject::Individual {
            "person"
        } else {
            "unit"
        },
        id,
        name,
        results: results
            .into_iter()
            .map(|r| ApiResult {
                title_code: r.code,
                title_name: r.name,
                outcome: r.outcome.outcome(),
                conditions: r
                    .conditions
                    .into_iter()
                    .map(|l| ApiCondition {
                        rule: l.rule,
                        passed: l.passed,
                        detail: l.detail,
                        source: l.source,
                        depth: l.depth,
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// Every title of the campaign's rule set with its outcome for a person or a unit, each condition
/// explained; scoped like the pages.
#[utoipa::path(
    get,
    path = "/api/v1/eligibility",
    operation_id = "getEligibility",
    summary = "Eligibility of a person or a unit for every title of a campaign's rule set, explained condition by condition",
    security(("session" = [])),
    params(ApiQuery),
    responses(
        (status = 200, description = "The answer", body = ApiAnswer),
        (status = 400, description = "Neither or both of person and unit, a parameter that is not a number, or one given twice", body = crate::error::ApiErrorBody),
        (status = 403, description = "Not the person, their unit head, the Office, the council or the direction (or the password must be changed first)", body = crate::error::ApiErrorBody),
        (status = 404, description = "No such campaign, or the person or unit is not in its scope", body = crate::error::ApiErrorBody)
    )
)]
pub async fn eligibility(
    axum::extract::State(state): axum::extract::State<AppState>,
    axum::extract::Extension(user): axum::extract::Extension<crate::auth::MaybeUser>,
    crate::web::extract::Query(q): crate::web::extract::Query<ApiQuery>,
) -> Result<axum::Json<ApiAnswer>, crate::error::ApiError> {
    let user = crate::web::schema::signed_in(user)?;
    Ok(axum::Json(api_answer(&state, &user, &q).await?))
}
