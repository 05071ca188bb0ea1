//! The initiatives registered in a campaign, for the Office and unit heads, with the .xlsx export
//! and the way to a recognition.

use crate::auth::CurrentUser;
use crate::db::campaigns::CampaignRow;
use crate::db::registrations::CampaignInitiative;
use crate::db::{self};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::access::coverage_scope;
use crate::web::access::readable;
use crate::web::extract::{Path, Query};
use crate::web::files::sheets_response;
use crate::web::{Ctx, render, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct InitiativeQuery {
    #[serde(default)]
    pub q: String,
}

#[derive(Template)]
#[template(path = "registrations/initiatives.html")]
pub struct InitiativesPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub rows: Vec<CampaignInitiative>,
    pub q: String,
}

impl InitiativesPage {
    fn export_href(&self) -> String {
        format!(
            "/campaigns/{}/initiatives.xlsx?q={}",
            self.c.id,
            urlencode(&self.q)
        )
    }
}

async fn load_initiatives(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    q: &str,
) -> AppResult<(CampaignRow, Vec<CampaignInitiative>)> {
    let c = readable(state, user, id).await?;
    let (scope, _) = coverage_scope(user, &c)?;
    let words: Vec<String> = db::directory::search_words(q)
        .into_iter()
        .map(|w| {
            format!(
                "%{}%",
                w.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        })
        .collect();
    let rows = db::registrations::campaign_initiatives(&state.db, c.id, &scope, &words).await?;
    Ok((c, rows))
}

pub async fn initiatives(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<InitiativeQuery>,
) -> AppResult<Response> {
    let (c, rows) = load_initiatives(&state, &user, id, &q.q).await?;
    render(&InitiativesPage {
        ctx,
        c,
        rows,
        q: q.q.trim().to_string(),
    })
}

pub async fn initiatives_xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<InitiativeQuery>,
) -> AppResult<Response> {
    let (c, rows) = load_initiatives(&state, &user, id, &q.q).await?;
    let sheet = crate::export::sheets::initiatives(&c.plan.title, &rows);
    sheets_response(
        &[sheet],
        &format!("sang-kien-{}-{}.xlsx", c.plan.year, c.id),
    )
}
