//! A council meeting as its pages, its papers and its documents' downloads read it, with who may
//! read it checked: those who run the campaign and the council's members.

use super::readable;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::council_meetings::{Meeting, Member};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A meeting with its campaign, who may run it, and who sits in it: the attendance once the
/// ballot opened, the council's seats on the meeting's day before.
pub struct Loaded {
    pub m: Meeting,
    pub c: CampaignRow,
    pub manage: bool,
    pub members: Vec<Member>,
}

impl Loaded {
    /// The signed-in user's own place in the meeting.
    pub fn me(&self, user: &CurrentUser) -> Option<&Member> {
        self.members.iter().find(|m| m.user_id == user.user_id)
    }
    /// Whether `user_id` presides the meeting: the chair, or a vice-chair present when the chair
    /// is absent (or has no seat).
    pub fn presides(&self, user_id: i64) -> bool {
        match self.members.iter().find(|m| m.capacity == "chair") {
            Some(chair) if chair.present => chair.user_id == user_id,
            _ => self
                .members
                .iter()
                .any(|m| m.capacity == "vice_chair" && m.present && m.user_id == user_id),
        }
    }
}

/// Meeting `id` for `user`: those who run the campaign and the council's members read it; anyone
/// else is refused, and an unknown meeting is not found.
pub async fn load(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<Loaded> {
    let m = db::council_meetings::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = readable(state, user, m.campaign_id).await?;
    let manage = user.manages_campaigns_of(&c.issuer_unit_path);
    let members = if m.status.is_draft() {
        db::council_meetings::seated_on(&state.db, c.council(), m.held_on).await?
    } else {
        db::council_meetings::attendance(&state.db, id).await?
    };
    let member = members.iter().any(|x| x.user_id == user.user_id)
        || db::council_meetings::sits(&state.db, c.council(), user.user_id, Some(id)).await?;
    user.require(manage || member)?;
    Ok(Loaded {
        m,
        c,
        manage,
        members,
    })
}

loaded_from_route!(Loaded, load);
