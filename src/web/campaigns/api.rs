//! The campaigns in the JSON API: those the user sees, with their stage and timeline.

use crate::auth::MaybeUser;
use crate::domain::campaign::Timeline;
use crate::error::ApiError;
use crate::state::AppState;
use crate::web::schema::{plan_kinds, signed_in, stages};
use axum::Json;
use axum::extract::{Extension, State};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

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
    let rows = super::visible(&state, &user).await?;
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
