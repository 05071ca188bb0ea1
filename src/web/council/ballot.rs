//! The council's ballot in a meeting: opened by whoever runs the campaign with the attendance (the
//! council's seats on the meeting's day, present or absent) and the recusals the organisation chart
//! gives; closed with each line's result computed from the votes and the rule the line was put on
//! the agenda with, once the meeting has its quorum.

use super::meetings::{Extra, Loaded, draft_of, invalid, load, not_draft};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::domain::council::{MeetingStatus, quorate};
use crate::domain::dates::fmt_date;
use crate::error::{AppError, AppResult};
use crate::export::council::Papers;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// The ballot's buttons as posted: the meeting's `version` as read (issuing the ballot papers,
/// opening), the members present (`p{user}` ticked, opening), `early` ticked (closing before every
/// vote is in).
#[derive(Deserialize)]
pub struct BallotStepForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub early: Option<String>,
    #[serde(flatten)]
    pub present: crate::web::forms::Rows,
}

/// Meeting `id` locked for a change of state (`l`, as loaded), its agenda, and the council's seats
/// on its day.
async fn locked(
    tx: &mut db::Tx<'_>,
    l: &Loaded,
    id: i64,
) -> AppResult<(
    db::council_meetings::Meeting,
    Vec<db::council_meetings::AgendaLine>,
    Vec<db::council_meetings::Member>,
)> {
    let m = db::council_meetings::lock(tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let agenda = db::council_meetings::agenda(&mut **tx, id).await?;
    let members = db::council_meetings::seated_on(&mut **tx, l.c.council(), m.held_on).await?;
    Ok((m, agenda, members))
}

/// Issues the ballot papers before the meeting (issue 28, 2): the agenda and details are fixed,
/// the recusals the organisation chart gives are recorded and the ballot boxes made, so that a
/// member who will be away casts their secret ballots ahead with their own account.
pub async fn issue_papers(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<BallotStepForm>,
) -> AppResult<Response> {
    let l = draft_of(&state, &user, id).await?;
    let version: Option<i32> = f.version.parse().ok();
    let mut tx = state.db.begin().await?;
    let (m, agenda, members) = locked(&mut tx, &l, id).await?;
    let errors = if let Some(e) = super::meetings::not_editable(&m) {
        Some(e)
    } else if version != Some(m.version) {
        Some(crate::web::forms::stale(&state.db, "council_meeting", &id.to_string()).await?)
    } else if !agenda.iter().any(|a| a.ballot == "secret") {
        Some(Errors::form("meeting.err_no_secret_line"))
    } else if members.is_empty() {
        Some(Errors::form("meeting.err_no_members"))
    } else {
        None
    };
    let seated: Vec<i64> = members.iter().map(|x| x.user_id).collect();
    let issued = match errors {
        Some(_) => false,
        None => db::council_meetings::issue_ballot(&mut tx, id, &seated, user.user_id).await?,
    };
    if !issued {
        tx.rollback().await?;
        let extra = Extra {
            errors: errors.unwrap_or_else(|| Errors::form("meeting.err_ballot_issued")),
            ..Default::default()
        };
        return invalid(&state, ctx, &user, l, extra).await;
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("issue_ballot", "council_meeting", id.to_string())
            .summary(fmt_date(m.held_on))
            .after(Some(serde_json::json!({
                "seated": seated,
                "secret_lines": agenda.iter().filter(|a| a.ballot == "secret").map(|a| a.line_id).collect::<Vec<_>>(),
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}"),
        ctx.t("meeting.ballot_issued"),
    ))
}

/// Opens the ballot: the council's seats on the meeting's day sit in it, present as ticked
/// (`p{user id}`); the recusals the organisation chart gives are recorded.
pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<BallotStepForm>,
) -> AppResult<Response> {
    let l = draft_of(&state, &user, id).await?;
    let version: Option<i32> = f.version.parse().ok();
    let mut tx = state.db.begin().await?;
    let (m, agenda, mut members) = locked(&mut tx, &l, id).await?;
    for x in &mut members {
        x.present = f.present.has(&format!("p{}", x.user_id));
    }
    let errors = if let Some(e) = not_draft(&m) {
        Some(e)
    } else if version != Some(m.version) {
        Some(crate::web::forms::stale(&state.db, "council_meeting", &id.to_string()).await?)
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
        &actor,
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

/// The chair closes the ballot (the vice-chair when the chair is absent) and each line's result
/// is computed from the votes and its rule: once every member present has voted on every line
/// they are not recused from, or earlier when the chair confirms it (`early`). A meeting without
/// its quorum (present members and absent ones who voted in writing) cannot close.
pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<BallotStepForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    user.require(l.presides(user.user_id))?;
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
    let missing = counting.missing();
    let error = match m.status {
        MeetingStatus::Open if !quorum_ok => Some("meeting.err_quorum"),
        MeetingStatus::Open if missing > 0 && f.early.is_none() => {
            Some("meeting.err_not_all_voted")
        }
        MeetingStatus::Open => None,
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
        &actor,
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
                "votes_missing": missing,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}#agenda"),
        ctx.t("meeting.closed"),
    ))
}

async fn paper(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    (make, stem): (fn(&Papers) -> crate::export::docx::OfficialDoc, &str),
) -> AppResult<Response> {
    let l = load(state, user, id).await?;
    let p = crate::web::papers::papers(state, &l).await?;
    let bytes = crate::export::docx::render(&make(&p))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))?;
    let name = format!("{stem}-{}.docx", l.m.held_on.format("%Y-%m-%d"));
    Ok(crate::web::files::attachment(
        bytes,
        crate::storage::DOCX,
        &name,
    ))
}

/// The minutes of the meeting as .docx (biên bản họp Hội đồng).
pub async fn minutes_docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let make = (
        crate::export::council::minutes as fn(&Papers) -> _,
        "bien-ban-hop-hoi-dong",
    );
    paper(&state, &user, id, make).await
}

/// The ballot count of the secret ballots as .docx (biên bản kiểm phiếu).
pub async fn ballot_count_docx(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    // a ballot count exists only where a secret ballot was held (the reader's access checked
    // first)
    load(&state, &user, id).await?;
    if !db::council_meetings::agenda(&state.db, id)
        .await?
        .iter()
        .any(|a| a.ballot == "secret")
    {
        return Err(AppError::NotFound);
    }
    let make = (
        crate::export::council::ballot_count as fn(&Papers) -> _,
        "bien-ban-kiem-phieu",
    );
    paper(&state, &user, id, make).await
}
