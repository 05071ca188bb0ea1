//! A decision as its pages, its certificates, the registry and its documents' downloads read it,
//! with who may read it checked.

use super::readable;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::decisions::Decision;
use crate::domain::numbered::{DecisionStatus, Signer};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A decision as `load` gives it.
#[derive(Clone)]
pub struct Loaded {
    pub d: Decision,
    /// its campaign
    pub c: CampaignRow,
    /// whether the user runs the campaign
    pub manage: bool,
    /// whether the user signs it, and as whom
    pub signs: Option<Signer>,
}

/// A decision with its campaign: a draft or an approved one for those who run the campaign or sign
/// for it; an issued one for everyone the campaign reaches.
pub async fn load(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<Loaded> {
    let d = db::decisions::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = readable(state, user, d.campaign_id).await?;
    let manage = user.manages_campaigns_of(&c.issuer_unit_path);
    let signs = user.signs_for(&c.issuer_unit_path);
    user.require(manage || signs.is_some() || d.is(DecisionStatus::Issued))?;
    Ok(Loaded {
        d,
        c,
        manage,
        signs,
    })
}

loaded_from_route!(Loaded, load);
