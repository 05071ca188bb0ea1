//! The council's votes in a meeting: each member present votes on each line they are not recused
//! from (in favour, against, abstaining), by show of hands or by secret ballot as the line's rule
//! says; the secretary enters absent members' written votes with the scan; members declare
//! conflicts; a voter checks with their receipt that their secret ballots were counted. A vote is
//! taken only while the ballot is open: the meeting's row is share-locked for the vote's
//! transaction, so closing waits for it or it sees the ballot closed.

use super::meetings::{Extra, Loaded, load, page};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::council_meetings::{AgendaLine, Attendee, Ballot, Member};
use crate::domain::council::{
    CHOICES, MeetingStatus, new_receipt, normalize_receipt, receipt_hash, slot_pick,
};
use crate::domain::dates::fmt_date;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage;
use crate::web::Actor;
use crate::web::extract::{Form, Path, typed_fields};
use crate::web::files::read_upload;
use crate::web::forms::Rows;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use axum::extract::{Request, State};
use axum::response::Response;
use serde::Deserialize;

/// The meeting page's forms of the members as posted, kept as typed when one comes back: a vote
/// (the choices `v{line}`), a written vote (the absent `member` and their choices), a conflict
/// declared (`line`, `note`), a receipt checked (`code`).
#[derive(Deserialize, Default)]
pub struct BallotForm {
    #[serde(default)]
    pub line: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub member: String,
    #[serde(default)]
    pub code: String,
    #[serde(flatten)]
    pub votes: Rows,
}

async fn invalid(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    l: Loaded,
    (errors, typed): (Errors, BallotForm),
) -> AppResult<Response> {
    let extra = Extra {
        errors,
        typed,
        ..Default::default()
    };
    render_invalid(&page(state, ctx, user, l, extra).await?)
}

/// The choices typed (`v{line}`), each on a line of the agenda: (line, choice), or the key of the
/// error.
fn choices_of(
    votes: &Rows,
    agenda: &[AgendaLine],
) -> Result<Vec<(AgendaLine, String)>, &'static str> {
    let mut out = Vec::new();
    for (line, v) in votes.with_prefix("v") {
        if v.is_empty() {
            continue;
        }
        let a = line
            .parse::<i64>()
            .ok()
            .and_then(|id| agenda.iter().find(|a| a.line_id == id))
            .ok_or("meeting.err_line")?;
        if !CHOICES.contains(&v) {
            return Err("err.choose");
        }
        out.push((a.clone(), v.to_string()));
    }
    if out.is_empty() {
        return Err("meeting.err_no_choice");
    }
    out.sort_by_key(|(a, _)| a.line_id);
    Ok(out)
}

/// The system's random generator failed.
fn no_random(e: getrandom::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("random: {e}"))
}

/// Records `choices` of member `voter` (entered by `entered_by`) in one transaction while the ballot is open; the lines
/// decided by secret ballot go in apart from the voter, under `receipt`. The lines whose secret
/// ballot was cast before are skipped. `Err(key)` when the ballot is not open.
async fn record_votes(
    tx: &mut db::Tx<'_>,
    (voter, entered_by): (Attendee, i64),
    choices: &[(AgendaLine, String)],
    (receipt, written): (&str, bool),
) -> AppResult<Result<(Vec<(i64, String)>, Vec<i64>), &'static str>> {
    let id = voter.meeting;
    match db::council_meetings::status_for_vote(tx, id).await? {
        Some((MeetingStatus::Open, _)) => {}
        // before the meeting, its ballot papers issued: secret ballots only (the handler checked;
        // checked again under the lock)
        Some((MeetingStatus::Draft, true)) if choices.iter().all(|(a, _)| a.ballot == "secret") => {
        }
        Some((MeetingStatus::Draft, true)) => return Ok(Err("meeting.err_advance_secret_only")),
        Some((MeetingStatus::Closed, _)) => return Ok(Err("meeting.err_closed")),
        _ => return Ok(Err("meeting.err_not_open")),
    }
    // a conflict declared while this vote was on its way has committed once the share lock is
    // held (a declaration locks the meeting for update): checked again here
    let recused = db::council_meetings::recused_lines(tx, voter).await?;
    if choices.iter().any(|(a, _)| recused.contains(&a.line_id)) {
        return Ok(Err("meeting.err_recused"));
    }
    let (mut hands, mut secret) = (Vec::new(), Vec::new());
    for (a, choice) in choices {
        let key = Ballot {
            meeting: id,
            line: a.line_id,
            user: voter.user,
        };
        if a.ballot == "secret" {
            let hash = receipt_hash(receipt, id, a.line_id);
            let ballot = (choice.as_str(), slot_pick().map_err(no_random)?);
            if db::council_meetings::cast_secret(tx, key, ballot, &hash, written).await? {
                secret.push(a.line_id);
            }
        } else {
            db::council_meetings::vote_hands(tx, key, choice, (written, entered_by)).await?;
            hands.push((a.line_id, choice.clone()));
        }
    }
    Ok(Ok((hands, secret)))
}

/// A member present votes on the lines they chose (`v{line}` = for, against, abstain).
pub async fn vote(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<BallotForm>,
) -> AppResult<Response> {
    // a whole council voting at once waits in line here (each vote reads the meeting and writes)
    // rather than timing out on the connection pool
    let _turn = state.writes.acquire().await;
    let l = load(&state, &user, id).await?;
    let me = l.me(&user).cloned().ok_or(AppError::Forbidden)?;
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let recusals = db::council_meetings::recusals(&state.db, id).await?;
    // before the meeting, once its ballot papers are issued: secret ballots only, as written votes
    let advance = l.m.advance();
    let checked = match choices_of(&f.votes, &agenda) {
        _ if l.m.status.is_closed() => Err("meeting.err_closed"),
        _ if !l.m.status.is_open() && !advance => Err("meeting.err_not_open"),
        Ok(c) if advance && c.iter().any(|(a, _)| a.ballot != "secret") => {
            Err("meeting.err_advance_secret_only")
        }
        // an absent member casts their own secret ballots; their view on a show of hands reaches
        // the secretary in writing
        Ok(c) if !me.present && c.iter().any(|(a, _)| a.ballot != "secret") => {
            Err("meeting.err_absent")
        }
        Ok(c)
            if c.iter().any(|(a, _)| {
                recusals
                    .iter()
                    .any(|r| r.line_id == a.line_id && r.user_id == me.user_id)
            }) =>
        {
            Err("meeting.err_recused")
        }
        other => other,
    };
    let choices = match checked {
        Ok(c) => c,
        Err(key) => return invalid(&state, ctx, &user, l, (Errors::form(key), f)).await,
    };
    let receipt = new_receipt().map_err(no_random)?;
    let mut tx = state.db.begin().await?;
    let (hands, secret) = match record_votes(
        &mut tx,
        (
            Attendee {
                meeting: id,
                user: me.user_id,
            },
            me.user_id,
        ),
        &choices,
        (&receipt, !me.present || advance),
    )
    .await?
    {
        Ok(x) => x,
        Err(key) => {
            tx.rollback().await?;
            return invalid(&state, ctx, &user, l, (Errors::form(key), f)).await;
        }
    };
    if hands.is_empty() && secret.is_empty() {
        tx.rollback().await?;
        let errors = Errors::form("meeting.err_cast");
        return invalid(&state, ctx, &user, l, (errors, f)).await;
    }
    // the audit log keeps how a show of hands went, and of a secret ballot only that it was cast
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("vote", "council_meeting", id.to_string())
            .summary(format!("{} + {}", hands.len(), secret.len()))
            .after(Some(votes_json(&hands, &secret))),
    )
    .await?;
    tx.commit().await?;
    let next = ("agenda", "meeting.voted");
    after_votes(&state, ctx, &user, id, (secret.is_empty(), receipt), next).await
}

/// What the audit log keeps of votes: how each show of hands went, and of the secret ballots only
/// the lines they were cast on.
fn votes_json(hands: &[(i64, String)], secret: &[i64]) -> serde_json::Value {
    serde_json::json!({
        "hands": hands.iter().map(|(l, c)| serde_json::json!({"line_id": l, "choice": c})).collect::<Vec<_>>(),
        "secret_ballots_cast": secret,
    })
}

/// After votes were recorded: back to the meeting at `anchor` with `flash`, or, when secret
/// ballots were cast, the meeting with their receipt shown this once (and kept out of caches).
async fn after_votes(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    id: i64,
    (no_secret, receipt): (bool, String),
    (anchor, flash): (&str, &str),
) -> AppResult<Response> {
    if no_secret {
        let to = format!("/council/meetings/{id}#{anchor}");
        return Ok(redirect_flash(&to, ctx.t(flash)));
    }
    let l = load(state, user, id).await?;
    let extra = Extra {
        receipt: Some(receipt),
        ..Default::default()
    };
    let mut resp = render(&page(state, ctx, user, l, extra).await?)?;
    resp.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

/// A member declares a conflict on a line (`line`, `note`) before voting on it.
pub async fn declare(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<BallotForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    let me = l.me(&user).cloned().ok_or(AppError::Forbidden)?;
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let line = f
        .line
        .parse::<i64>()
        .ok()
        .and_then(|x| agenda.iter().find(|a| a.line_id == x));
    let note = f.note.trim();
    let error = match line {
        _ if l.m.status.is_closed() => Some(("_form", "meeting.err_closed")),
        None => Some(("line", "err.choose")),
        Some(_) if note.is_empty() || note.chars().count() > 500 => {
            Some(("note", "meeting.err_note"))
        }
        Some(a)
            if db::council_meetings::has_voted(
                &state.db,
                Ballot {
                    meeting: id,
                    line: a.line_id,
                    user: me.user_id,
                },
            )
            .await? =>
        {
            Some(("line", "meeting.err_declare_voted"))
        }
        Some(_) => None,
    };
    let (None, Some(a)) = (error, line) else {
        let (field, key) = error.unwrap_or(("line", "err.choose"));
        return invalid(&state, ctx, &user, l, (Errors::one(field, key), f)).await;
    };
    // the meeting locked for update: votes in flight (which hold it shared) commit first, and a
    // vote after this declaration sees it
    let mut tx = state.db.begin().await?;
    let key = Ballot {
        meeting: id,
        line: a.line_id,
        user: me.user_id,
    };
    let status = db::council_meetings::lock(&mut tx, id)
        .await?
        .map(|m| m.status);
    let error = if status.is_some_and(MeetingStatus::is_closed) {
        Some("meeting.err_closed")
    } else if db::council_meetings::has_voted(&mut *tx, key).await? {
        Some("meeting.err_declare_voted")
    } else if !db::council_meetings::declare(&mut tx, key, note).await? {
        Some("meeting.err_recused_already")
    } else {
        None
    };
    if let Some(key) = error {
        tx.rollback().await?;
        let errors = Errors::one("line", key);
        return invalid(&state, ctx, &user, l, (errors, f)).await;
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("recuse", "council_meeting", id.to_string())
            .summary(format!("{} — {}", me.name, a.subject))
            .after(Some(serde_json::json!({
                "line_id": a.line_id, "user_id": me.user_id, "note": note,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}#agenda"),
        ctx.t("meeting.recused"),
    ))
}

/// An absent member, their choices, the scan of what they wrote.
type WrittenVote = (Member, Vec<(AgendaLine, String)>, storage::Checked);

/// A written vote as typed: the absent member, their choices on show-of-hands lines they are not
/// recused from, and the scan; or the field and key of the error.
async fn written_input(
    state: &AppState,
    l: &Loaded,
    f: &BallotForm,
    file: Option<(String, Vec<u8>)>,
    agenda: &[AgendaLine],
) -> AppResult<Result<WrittenVote, (&'static str, &'static str)>> {
    let recusals = db::council_meetings::recusals(&state.db, l.m.id).await?;
    let member = f
        .member
        .parse::<i64>()
        .ok()
        .and_then(|u| l.members.iter().find(|m| m.user_id == u && !m.present))
        .cloned();
    Ok(match (member, choices_of(&f.votes, agenda)) {
        _ if l.m.status.is_closed() => Err(("_form", "meeting.err_closed")),
        _ if !l.m.status.is_open() => Err(("_form", "meeting.err_not_open")),
        (None, _) => Err(("member", "meeting.err_member")),
        (_, Err(key)) => Err(("_form", key)),
        (Some(m), Ok(c))
            if c.iter().any(|(a, _)| {
                recusals
                    .iter()
                    .any(|r| r.line_id == a.line_id && r.user_id == m.user_id)
            }) =>
        {
            Err(("_form", "meeting.err_recused"))
        }
        // on a secret line an absent member votes with their own account or not at all
        (Some(_), Ok(c)) if c.iter().any(|(a, _)| a.ballot == "secret") => {
            Err(("_form", "meeting.err_written_secret"))
        }
        (Some(m), Ok(c)) => {
            let allowed = [storage::PDF, storage::PNG, storage::JPEG];
            crate::web::files::check_file(state, file, &allowed)
                .map(|file| (m, c, file))
                .map_err(|k| ("file", k))
        }
    })
}

/// The secretary enters an absent member's written vote (`member`, `v{line}`) with its scan (a
/// PDF or an image, `file`), on lines decided by show of hands only; the member is notified of
/// what was entered in their name.
pub async fn written(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    req: Request,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    let me = l.me(&user).cloned();
    user.require(me.as_ref().is_some_and(|m| m.capacity == "secretary"))?;
    let (file, fields) = read_upload(&state, req).await?;
    let f: BallotForm = typed_fields(fields)?;
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let (member, choices, scan) = match written_input(&state, &l, &f, file, &agenda).await? {
        Ok(x) => x,
        Err((field, key)) => {
            return invalid(&state, ctx, &user, l, (Errors::one(field, key), f)).await;
        }
    };
    let mut tx = state.db.begin().await?;
    let recorded = record_votes(
        &mut tx,
        (
            Attendee {
                meeting: id,
                user: member.user_id,
            },
            user.user_id,
        ),
        &choices,
        // show-of-hands lines only (checked above): no secret ballot, so no receipt
        ("", true),
    )
    .await?;
    let (hands, secret) = match recorded {
        Ok(x) if !(x.0.is_empty() && x.1.is_empty()) => x,
        other => {
            tx.rollback().await?;
            let key = other.err().unwrap_or("meeting.err_cast");
            return invalid(&state, ctx, &user, l, (Errors::form(key), f)).await;
        }
    };
    let doc = storage::save(
        &mut tx,
        &state.files,
        storage::Owner::Meeting(id),
        "written_vote",
        &scan,
        user.user_id,
    )
    .await?;
    db::council_meetings::set_written_document(
        &mut tx,
        Attendee {
            meeting: id,
            user: member.user_id,
        },
        doc,
    )
    .await?;
    // the member learns what was entered in their name
    let entered = written_summary(&agenda, &hands);
    let (link, on) = (format!("/council/meetings/{id}"), fmt_date(l.m.held_on));
    let secretary = me
        .as_ref()
        .map_or(user.display_name.as_str(), |m| m.name.as_str());
    let args = [secretary, on.as_str(), entered.as_str()];
    db::notifications::notify_user(&mut tx, member.user_id, "written_vote", &link, &args).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("vote", "council_meeting", id.to_string())
            .summary(format!("{} — {}", member.name, scan.name))
            .after(Some({
                let mut v = votes_json(&hands, &secret);
                v["written_for"] = member.user_id.into();
                v["document"] = doc.into();
                v["sha256"] = scan.sha256.clone().into();
                v
            })),
    )
    .await?;
    tx.commit().await?;
    let to = format!("/council/meetings/{id}#written");
    Ok(redirect_flash(&to, ctx.t("meeting.written_saved")))
}

/// The written votes entered, in Vietnamese as the notification keeps them: "Nguyễn Văn Em
/// (Chiến sĩ thi đua cơ sở): Đồng ý; …".
fn written_summary(agenda: &[AgendaLine], hands: &[(i64, String)]) -> String {
    use crate::i18n::{Lang, t};
    hands
        .iter()
        .filter_map(|(line, choice)| {
            let a = agenda.iter().find(|a| a.line_id == *line)?;
            let said = t(Lang::Vi, &format!("meeting.choice.{choice}"));
            Some(format!("{} ({}): {said}", a.subject, a.title_vi))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A member checks a receipt (`code`): the lines its secret ballots were counted on, never how
/// they were cast.
pub async fn receipt(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<BallotForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    let Some(code) = normalize_receipt(&f.code) else {
        let errors = Errors::one("code", "meeting.err_receipt");
        return invalid(&state, ctx, &user, l, (errors, f)).await;
    };
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let hashes: Vec<String> = agenda
        .iter()
        .map(|a| receipt_hash(&code, id, a.line_id))
        .collect();
    let found = db::council_meetings::receipts_of(&state.db, id, &hashes).await?;
    let checked = found
        .iter()
        .filter_map(|line| {
            let a = agenda.iter().find(|a| a.line_id == *line)?;
            let title = ctx.name(&a.title_vi, &a.title_en);
            Some(format!("{} — {title}", a.subject))
        })
        .collect();
    let extra = Extra {
        checked: Some(checked),
        typed: f,
        ..Default::default()
    };
    render(&page(&state, ctx, &user, l, extra).await?)
}
