//! Amending an issued decision (quyết định sửa đổi, đính chính): those who run the campaign draft
//! a decision naming the issued one and all its lines; on the draft they say what it corrects and
//! tick the lines whose award it revokes; the Director approves it with the register's next number
//! and it is issued with its signed PDF like any decision (`registry::issue`), after which the
//! revoked awards leave the registry and the corrected ones name it.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::domain::dates::today_vn;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, redirect_flash};
use axum::extract::State;
use axum::response::Response;

/// Drafts a decision amending issued decision `id`.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let super::decisions::Loaded { d, c, manage, .. } =
        super::decisions::load(&state, &user, id).await?;
    user.require(manage)?;
    let back = format!("/decisions/{id}");
    if !d.is(crate::domain::numbered::DecisionStatus::Issued) || d.amends_id.is_some() {
        return Ok(redirect_flash(&back, ctx.t("decision.err_amend_issued")));
    }
    let today = today_vn();
    let mut tx = state.db.begin().await?;
    let did = db::decisions::amend(&mut tx, &d, today, user.user_id).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("amend", "decision", did.to_string())
            .summary(format!("{} — {}", d.number_text(), c.plan.title))
            .after(Some(
                serde_json::json!({ "amends": id, "decided_on": today }),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/decisions/{did}"),
        ctx.t("decision.amend_drafted"),
    ))
}

/// The lines an amending draft's form revokes: the ticked `revoke_{line}` boxes among its `lines`.
pub(super) fn revoked(
    rows: &crate::web::forms::Rows,
    lines: &[db::decisions::DecisionLine],
) -> Vec<i64> {
    lines
        .iter()
        .filter(|l| l.amending && rows.has(&format!("revoke_{}", l.line_id)))
        .map(|l| l.line_id)
        .collect()
}
