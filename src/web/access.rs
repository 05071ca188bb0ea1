//! The web kernel's access checks: what a user may read or run, loaded and checked at the top of a
//! handler (a campaign readable by the user, one they manage). Feature modules call these rather
//! than each other.

use crate::auth::CurrentUser;
use crate::db::campaigns::CampaignRow;
use crate::domain::campaign::Stage;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

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
