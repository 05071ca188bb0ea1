//! The council's ballot in a meeting: opened by whoever runs the campaign with the attendance (the
//! council's seats on the meeting's day, present or absent) and the recusals the organisation chart
//! gives; closed with each line's result computed from the votes and the rule the line was put on
//! the agenda with, once the meeting has its quorum.

use super::council_meetings::{Extra, draft_of, invalid, not_draft};
use super::extract::{Form, Path};
use super::{ClientIp, Ctx, Errors, redirect_flash};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::domain::council::quorate;
use crate::domain::dates::fmt_date;
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

/// Opens the ballot: the council's seats on the meeting's day sit in it, present as ticked
/// (`p{user id}`); the recusals the organisation chart gives are recorded.
pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let l = draft_of(&state, &user, id).await?;
    let version: Option<i32> = f.get("version").and_then(|v| v.parse().ok());
    let mut tx = state.db.begin().await?;
    let m = db::council_meetings::lock(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let agenda = db::council_meetings::agenda(&mut *tx, id).await?;
    let mut members =
        db::council_meetings::seated_on(&mut *tx, (l.c.issuer_unit_id, l.c.plan.year), m.held_on)
            .await?;
    for x in &mut members {
        x.present = f.contains_key(&format!("p{}", x.user_id));
    }
    let errors = if let Some(e) = not_draft(&m) {
        Some(e)
    } else if version != Some(m.version) {
        Some(super::forms::stale(&state.db, "council_meeting", &id.to_string()).await?)
    } else if agenda.is_empty() {
        Some(Errors::form("meeting.err_empty"))
    } else if members.is_empty() {
        Some(Errors::form("meeting.err_no_members"))
    } else {
        None
    };
    if let Some(errors) = errors {
        tx.rollback().await?;
        let extra = Extra {
            errors,
            ..Default::default()
        };
        return invalid(&state, ctx, &user, l, extra).await;
    }
    let (quorum, strict, _) = db::council::quorum(&mut *tx, l.c.rule_set_id)
        .await?
        .unwrap_or((5000, true, 0));
    db::council_meetings::open(&mut tx, id, &members, (quorum, strict), user.user_id).await?;
    audit::record(
        &mut *tx,
        &user.actor(&ip),
        Entry::new("open", "council_meeting", id.to_string())
            .summary(format!(
                "{} — {}/{}",
                fmt_date(m.held_on),
                members.iter().filter(|x| x.present).count(),
                members.len()
            ))
            .after(Some(serde_json::json!({
                "present": members.iter().filter(|x| x.present).map(|x| x.user_id).collect::<Vec<_>>(),
                "absent": members.iter().filter(|x| !x.present).map(|x| x.user_id).collect::<Vec<_>>(),
                "quorum": quorum, "quorum_strict": strict, "lines": agenda.len(),
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}"),
        ctx.t("meeting.opened"),
    ))
}

/// Closes the ballot and computes each line's result from the votes and its rule. A meeting
/// without its quorum (present members and absent ones who voted in writing) cannot close.
pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(_f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let l = draft_of(&state, &user, id).await?;
    let mut tx = state.db.begin().await?;
    let m = db::council_meetings::lock(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let counting = db::council_meetings::counting(&mut tx, id).await?;
    let quorum_ok = quorate(
        counting.present(),
        counting.members.len() as u32,
        m.quorum.unwrap_or(5000).max(0) as u32,
        m.quorum_strict.unwrap_or(true),
    );
    let error = match m.status.as_str() {
        "open" if !quorum_ok => Some("meeting.err_quorum"),
        "open" => None,
        _ => Some("meeting.err_not_open"),
    };
    if let Some(key) = error {
        tx.rollback().await?;
        let extra = Extra {
            errors: Errors::form(key),
            ..Default::default()
        };
        return invalid(&state, ctx, &user, l, extra).await;
    }
    let results = counting.outcomes();
    db::council_meetings::close(&mut tx, id, &results, user.user_id).await?;
    audit::record(
        &mut *tx,
        &user.actor(&ip),
        Entry::new("close", "council_meeting", id.to_string())
            .summary(format!(
                "{} — {}/{}",
                fmt_date(m.held_on),
                results.iter().filter(|r| r.passed).count(),
                results.len()
            ))
            .after(Some(serde_json::json!({
                "results": results.iter().map(|r| serde_json::json!({
                    "line_id": r.line, "for": r.votes[0], "against": r.votes[1],
                    "abstain": r.votes[2], "counted_over": r.counted_over, "needed": r.needed,
                    "passed": r.passed,
                })).collect::<Vec<_>>(),
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}#agenda"),
        ctx.t("meeting.closed"),
    ))
}
