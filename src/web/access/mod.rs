//! The web kernel's access checks: what a user may read or run, loaded and checked at the top of a
//! handler (a campaign readable by the user, one they manage, the units of its coverage the user
//! sees, the titles one registers for in it; a council meeting, a decision). Feature folders call
//! these rather than each other.

/// `impl FromRequestParts` for an entity loaded from the route's `{id}` by `$load(state, user, id)`
/// (which checks the signed-in user's access): the handler takes it as its last parts extractor.
macro_rules! loaded_from_route {
    ($ty:ty, $load:expr) => {
        impl axum::extract::FromRequestParts<crate::state::AppState> for $ty {
            type Rejection = crate::error::AppError;

            async fn from_request_parts(
                parts: &mut axum::http::request::Parts,
                state: &crate::state::AppState,
            ) -> crate::error::AppResult<Self> {
                let user = crate::auth::CurrentUser::from_request_parts(parts, state).await?;
                let id = crate::web::access::route_id(parts, state).await?;
                $load(state, &user, id).await
            }
        }
    };
}

pub mod decision;
pub mod meeting;

use crate::auth::CurrentUser;
use crate::db::campaigns::{CampaignRow, TitleRow};
use crate::domain::campaign::Stage;
use crate::domain::roles::{Role, scope_patterns};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

/// The campaign of the route's `{id}` that the signed-in user may read ([`readable`]), loaded and
/// checked before the handler runs: `Readable(c): Readable` as the handler's last parts extractor
/// (after its path and query, so that a malformed one is still a 400 before any access check; in a
/// post it comes before the form, so the access check now precedes the form's CSRF check: a request
/// failing both is refused as before, for the access rather than the token).
pub struct Readable(pub CampaignRow);

/// The campaign of the route's `{id}` that the signed-in user runs ([`managed`]).
pub struct Managed(pub CampaignRow);

/// The route's `{id}` parameter as a number; a bad one is the same 400 as `extract::Path`'s.
pub(crate) async fn route_id(parts: &mut Parts, state: &AppState) -> AppResult<i64> {
    let bad = || {
        AppError::BadRequest("mã số trong đường dẫn không hợp lệ / bad id in the address".into())
    };
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|_| bad())?;
    params
        .iter()
        .find(|(name, _)| *name == "id")
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(bad)
}

loaded_from_route!(Readable, async |s, u, id| readable(s, u, id)
    .await
    .map(Readable));
loaded_from_route!(Managed, async |s, u, id| managed(s, u, id)
    .await
    .map(Managed));

/// A campaign the user may read: published and reaching them, or one they run (drafts too).
pub async fn readable(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<CampaignRow> {
    let c = state
        .caches
        .campaigns
        .campaign(
            &state.db,
            user.seen.get(crate::db::versioned::Version::Campaigns),
            id,
        )
        .await?
        .ok_or(AppError::NotFound)?;
    let c = CampaignRow::clone(&c);
    let runs = user.manages_campaigns_of(&c.issuer_unit_path);
    let reads = c.manual_stage() != Stage::Draft && user.reached_by(&c.issuer_unit_path);
    if runs || reads {
        Ok(c)
    } else if c.manual_stage() == Stage::Draft {
        // a draft is not there for those who may not see it
        Err(AppError::NotFound)
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn managed(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<CampaignRow> {
    let c = readable(state, user, id).await?;
    user.require(user.manages_campaigns_of(&c.issuer_unit_path))?;
    Ok(c)
}

/// The scope of a coverage view: whoever runs the campaign sees all its units; a unit head their
/// subtree. Returns (LIKE patterns, runs the campaign).
pub(crate) fn coverage_scope(
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<(Vec<String>, bool)> {
    if user.manages_campaigns_of(&c.issuer_unit_path) {
        return Ok((vec![format!("{}%", c.issuer_unit_path)], true));
    }
    let heads: Vec<String> = scope_patterns(&user.grants, |r| r == Role::UnitHead)
        .into_iter()
        .filter(|p| p.starts_with(&c.issuer_unit_path))
        .collect();
    if heads.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok((heads, false))
}

/// The titles one registers for in the campaign's rule set (from the campaign cache).
pub async fn individual_titles(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<Vec<TitleRow>> {
    Ok(state
        .caches
        .campaigns
        .titles(
            &state.db,
            user.seen.get(crate::db::versioned::Version::Campaigns),
            c.rule_set_id,
            "individual",
        )
        .await?
        .to_vec())
}
