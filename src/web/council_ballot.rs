//! The council's ballot in a meeting: opened by whoever runs the campaign with the attendance (the
//! council's seats on the meeting's day, present or absent) and the recusals the organisation chart
//! gives; closed with each line's result computed from the votes and the rule the line was put on
//! the agenda with, once the meeting has its quorum.

use super::council_meetings::{Extra, Loaded, draft_of, invalid, load, not_draft};
use super::extract::{Form, Path};
use super::{Ctx, Errors, redirect_flash};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::domain::council::{MeetingStatus, quorate, share_text};
use crate::domain::dates::fmt_date;
use crate::error::{AppError, AppResult};
use crate::export::council::{PaperLine, Papers};
use crate::state::AppState;
use crate::web::Actor;
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
    pub present: super::forms::Rows,
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
    let seat = (l.c.issuer_unit_id, l.c.plan.year);
    let members = db::council_meetings::seated_on(&mut **tx, seat, m.held_on).await?;
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
    let errors = if let Some(e) = super::council_meetings::not_editable(&m) {
        Some(e)
    } else if version != Some(m.version) {
        Some(super::forms::stale(&state.db, "council_meeting", &id.to_string()).await?)
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

/// A council member as the minutes name them: "Ông Lê Minh Khoa, Giám đốc".
fn styled(m: &db::council_meetings::Member) -> String {
    crate::domain::person::named_with_position(
        m.gender.as_deref().unwrap_or(""),
        &m.name,
        m.position.as_deref(),
    )
}

/// An instant as the minutes give the hour, in Vietnam's time: "10 giờ 30".
fn hour_words(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = crate::domain::dates::fmt_datetime(at);
    local.rsplit(' ').next().unwrap_or("").replace(':', " giờ ")
}

/// The papers of meeting `l` filled from what was recorded (in Vietnamese, as official documents
/// are).
pub(super) async fn papers(state: &AppState, l: &Loaded) -> AppResult<Papers> {
    use crate::i18n::{Lang, t, tf};
    let id = l.m.id;
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let recusals = db::council_meetings::recusals(&state.db, id).await?;
    let voted = db::council_meetings::voted(&state.db, id).await?;
    let officer = |capacity: &str| {
        l.members
            .iter()
            .find(|m| m.capacity == capacity)
            .map(|m| (styled(m), m.name.clone()))
            .unwrap_or_default()
    };
    let written: Vec<String> = l
        .members
        .iter()
        .filter(|m| !m.present && voted.iter().any(|v| v.1 == m.user_id && v.3))
        .map(styled)
        .collect();
    let (share, strict) = (
        l.m.quorum.unwrap_or(5000).max(0) as u32,
        l.m.quorum_strict.unwrap_or(true),
    );
    let how = if strict {
        "council.more_than"
    } else {
        "council.at_least"
    };
    let rule_of = |a: &db::council_meetings::AgendaLine| {
        let how = if a.strict {
            "council.more_than"
        } else {
            "council.at_least"
        };
        let base = t(Lang::Vi, &format!("council.base.{}", a.base));
        tf(Lang::Vi, how, &[&share_text(a.share.max(0) as u32), base])
    };
    let base = t(Lang::Vi, "council.base.members");
    Ok(Papers {
        issuer: l.c.plan.issuer_name.clone(),
        place_name: l.c.plan.place.clone(),
        year: l.c.plan.year,
        held_on: l.m.held_on,
        held_at: l.m.held_at.clone(),
        ended_at: l.m.closed_at.map(hour_words).unwrap_or_default(),
        venue: l.m.place.clone(),
        chair: officer("chair"),
        secretary: officer("secretary"),
        members: l
            .members
            .iter()
            .map(|m| {
                let cap = t(Lang::Vi, &format!("council.capacity.{}", m.capacity));
                (styled(m), cap.to_string(), m.present)
            })
            .collect(),
        written,
        quorum: format!(
            "Phiên họp hợp lệ khi số thành viên dự {}.",
            tf(Lang::Vi, how, &[&share_text(share), base])
        ),
        lines: agenda
            .iter()
            .map(|a| PaperLine {
                subject: a.subject.clone(),
                unit: a.unit_name.clone(),
                collective: a.person_id.is_none(),
                title: a.title_vi.clone(),
                secret: a.ballot == "secret",
                votes: [a.votes_for, a.votes_against, a.votes_abstain]
                    .map(|v| v.unwrap_or(0).max(0) as u32),
                counted_over: a.counted_over.unwrap_or(0).max(0) as u32,
                needed: a.needed.unwrap_or(0).max(0) as u32,
                rule: rule_of(a),
                passed: a.result.as_deref().map(|r| r == "passed"),
                recused: recusals
                    .iter()
                    .filter(|r| r.line_id == a.line_id)
                    .map(|r| {
                        let why = t(Lang::Vi, &format!("meeting.reason.{}", r.reason));
                        if r.note.is_empty() {
                            format!("{} ({why})", r.name)
                        } else {
                            format!("{} ({why}: {})", r.name, r.note)
                        }
                    })
                    .collect(),
            })
            .collect(),
    })
}

async fn paper(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
    (make, stem): (fn(&Papers) -> crate::export::docx::OfficialDoc, &str),
) -> AppResult<Response> {
    let l = load(state, user, id).await?;
    let p = papers(state, &l).await?;
    let bytes = crate::export::docx::render(&make(&p))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))?;
    let name = format!("{stem}-{}.docx", l.m.held_on.format("%Y-%m-%d"));
    Ok(super::files::attachment(bytes, crate::storage::DOCX, &name))
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
