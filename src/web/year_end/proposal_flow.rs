//! A proposal's journey between the unit and the Office: the head submits it (every line checked
//! again, a line failing a condition never sent, late marked, what was sent kept
//! for the next comparison), and the Office accepts, rejects or returns lines, each step
//! timestamped and audited.

use super::proposals::{
    ProposalForm, answer, back, load, read_justifications, settle, snapshot, stale,
};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::proposals::{Line, Step};
use crate::domain::dates::today_vn;
use crate::domain::eligibility::Tri;
use crate::domain::proposal::{LineStatus, ProposalStatus, late};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::evaluation::evaluated;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash};
use axum::extract::State;
use axum::response::Response;

/// Submits the proposal: every line the unit may change is checked again against the rule set; a
/// line that fails a condition is not sent (a justification is for what the app cannot decide; an
/// exceptional achievement is proposed as an ad-hoc commendation); the lines go to the Office
/// together.
pub async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ProposalForm>,
) -> AppResult<Response> {
    // a burst of submissions waits in line here (every step of one submission reads and writes
    // the database) rather than timing out on the connection pool
    let _turn = state.writes.acquire().await;
    let (p, c, powers) = load(&state, &user, id).await?;
    user.require(powers.head)?;
    let e = evaluated(&state, &user, &c).await?;
    let lines = db::proposals::lines(&state.db, id).await?;
    let mut errors = Errors::default();
    let texts = read_justifications(&f, &lines, &mut errors);
    let sending: Vec<&Line> = lines.iter().filter(|l| l.status.editable()).collect();
    if sending.is_empty() {
        errors.push("_form", "proposal.err_nothing");
    }
    let mut answers = Vec::new();
    for l in &sending {
        // an ad-hoc line is not held to the year's conditions: the council weighs its achievement
        if l.achievement.is_some() {
            continue;
        }
        let (tri, failed) = answer(&e, l.person_id, p.unit_id, &l.title_code);
        // a justification explains what the app cannot decide; it never sends a line that fails
        if tri == Tri::Fail {
            errors.push(&format!("just_{}", l.id), "proposal.err_fails");
        }
        answers.push((l.id, tri, failed));
    }
    if !errors.is_empty() {
        return back(&state, ctx, &user, id, f, errors).await;
    }
    let today = today_vn();
    let cal = db::calendar::calendar(&state.db).await?;
    let is_late = late(&cal, c.plan.timeline.proposal_deadline, today);
    let mut tx = state.db.begin().await?;
    // the version first: a stale form changes nothing and holds the connection for one statement
    if !db::proposals::bump(
        &mut *tx,
        id,
        f.version(),
        ProposalStatus::Submitted,
        Step::Submit { late: is_late },
    )
    .await?
    {
        tx.rollback().await?;
        return stale(&state, ctx, &user, id, f).await;
    }
    db::proposals::set_justifications(&mut *tx, id, &texts).await?;
    let outcomes: Vec<(i64, &str, String)> = answers
        .iter()
        .map(|(line, tri, failed)| (*line, tri.outcome(), failed.clone()))
        .collect();
    db::proposals::set_eligibilities(&mut *tx, &outcomes).await?;
    let ids: Vec<i64> = sending.iter().map(|l| l.id).collect();
    let (from, to) = (
        [LineStatus::Draft, LineStatus::Returned],
        LineStatus::Submitted,
    );
    db::proposals::move_lines(&mut *tx, id, &ids, &from, to, "").await?;
    settle(&mut tx, id).await?;
    let now_lines = db::proposals::lines(&mut *tx, id).await?;
    let docs = db::documents::of_proposal(&mut *tx, id).await?;
    let snap = serde_json::to_value(snapshot(&now_lines, &docs))
        .map_err(|e| AppError::Internal(e.into()))?;
    db::proposals::add_event(
        &mut *tx,
        id,
        None,
        "submitted",
        "",
        Some(&snap),
        user.user_id,
    )
    .await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("submit", "proposal", id.to_string())
            .summary(format!("{} — {} lines", p.unit_name, ids.len()))
            .after(Some(serde_json::json!({
                "unit_id": p.unit_id, "lines": ids, "late": is_late, "submission": p.submissions + 1
            }))),
    )
    .await?;
    tx.commit().await?;
    let msg = if is_late {
        "proposal.submitted_late"
    } else {
        "proposal.submitted"
    };
    Ok(redirect_flash(&format!("/proposals/{id}"), ctx.t(msg)))
}

/// The Office decides a submitted line: accept, reject (with a reason) or return it to the unit
/// (with a reason); `line` "all" returns every submitted line.
pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ProposalForm>,
) -> AppResult<Response> {
    let (p, _, powers) = load(&state, &user, id).await?;
    // nobody decides their own unit's proposal
    user.require(powers.office && !powers.head)?;
    let lines = db::proposals::lines(&state.db, id).await?;
    let action = f.action.as_str();
    let reason = crate::domain::names::clean_text(&f.reason);
    let target = f.line.as_str();
    // the lines ticked on the page (`sel{line}`), for a decision on several at once
    let ticked: Vec<i64> = f.rows.numbered("sel").map(|(l, _)| l).collect();
    let ids: Vec<i64> = lines
        .iter()
        .filter(|l| l.status.awaits_office())
        .filter(|l| match target {
            "all" => true,
            "selected" => ticked.contains(&l.id),
            // every line the rules found eligible (an ad-hoc line is judged on its achievement)
            "eligible" => l.eligibility == "eligible" && l.achievement.is_none(),
            one => one == l.id.to_string(),
        })
        .map(|l| l.id)
        .collect();
    let mut errors = Errors::default();
    let to = match action {
        "accept" => Some(LineStatus::Accepted),
        "reject" => Some(LineStatus::Rejected),
        "return" => Some(LineStatus::Returned),
        _ => {
            errors.push("_form", "err.choose");
            None
        }
    };
    // "all" returns every line; "eligible" accepts those the rules found eligible; a rejection is
    // one line's, never several
    let several = matches!(target, "all" | "selected" | "eligible");
    if (target == "all" && to.is_some_and(|t| t != LineStatus::Returned))
        || (target == "eligible" && to != Some(LineStatus::Accepted))
        || (several && to == Some(LineStatus::Rejected))
    {
        errors.push("_form", "err.choose");
    }
    if target == "selected" && ticked.is_empty() && errors.is_empty() {
        errors.push("sel", "proposal.err_none_selected");
        return back(&state, ctx, &user, id, f, errors).await;
    }
    if ids.is_empty() && errors.is_empty() {
        return stale(&state, ctx, &user, id, f).await;
    }
    if to != Some(LineStatus::Accepted) && reason.is_empty() {
        errors.push(&format!("reason_{target}"), "proposal.err_reason");
    }
    if reason.chars().count() > 2000 {
        errors.push(&format!("reason_{target}"), "proposal.err_long");
    }
    let (true, Some(to)) = (errors.is_empty(), to) else {
        return back(&state, ctx, &user, id, f, errors).await;
    };
    let mut tx = state.db.begin().await?;
    db::proposals::move_lines(&mut *tx, id, &ids, &[LineStatus::Submitted], to, &reason).await?;
    let step = if to == LineStatus::Returned {
        Step::Return { reason: &reason }
    } else {
        Step::Edit
    };
    if !db::proposals::bump(&mut *tx, id, f.version(), p.status, step).await? {
        tx.rollback().await?;
        return stale(&state, ctx, &user, id, f).await;
    }
    settle(&mut tx, id).await?;
    let line = (ids.len() == 1 && !several).then(|| ids[0]);
    db::proposals::add_event(&mut *tx, id, line, to.code(), &reason, None, user.user_id).await?;
    hand_off(&mut tx, (&p, id), (&ids, to, &reason), &actor).await?;
    tx.commit().await?;
    // back at the line decided, not at the top of the page
    let anchor = line.map_or("#lines".to_string(), |l| format!("#line-{l}"));
    let msg = match ids.len() {
        1 => ctx.label("proposal.done", to.code()).to_string(),
        n => ctx.tf(
            &format!("proposal.done_n.{}", to.code()),
            [n.to_string().as_str()],
        ),
    };
    Ok(redirect_flash(&format!("/proposals/{id}{anchor}"), &msg))
}

/// What the Office's decision on lines `ids` of proposal `id` (`p`) leaves behind: the unit's heads
/// told of lines returned, with the reason; an audit entry per line, however many at once.
async fn hand_off(
    tx: &mut db::Tx<'_>,
    (p, id): (&db::proposals::Proposal, i64),
    (ids, to, reason): (&[i64], LineStatus, &str),
    actor: &db::audit::Actor,
) -> AppResult<()> {
    // lines returned go back to the unit's head, with the reason
    if to == LineStatus::Returned {
        let n = ids.len().to_string();
        let args = [p.unit_name.as_str(), n.as_str(), reason];
        let link = format!("/proposals/{id}");
        db::notifications::notify_unit_heads(
            tx,
            &p.unit_path,
            "proposal_returned",
            &link,
            &args,
            None,
        )
        .await?;
    }
    // the audit log reads line by line, however many were decided at once
    for l in ids {
        audit::record(
            &mut **tx,
            actor,
            Entry::new(action_static(to), "proposal", id.to_string())
                .summary(format!(
                    "{} — {} ({} lines at once)",
                    p.unit_name,
                    to.code(),
                    ids.len()
                ))
                .after(Some(serde_json::json!({
                    "proposal_id": id, "unit_id": p.unit_id, "line_id": l, "status": to.code(),
                    "reason": reason
                }))),
        )
        .await?;
    }
    Ok(())
}

fn action_static(to: LineStatus) -> &'static str {
    match to {
        LineStatus::Accepted => "accept",
        LineStatus::Rejected => "reject",
        _ => "return",
    }
}
