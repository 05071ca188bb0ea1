//! The council's meetings: the meeting itself, its agenda of accepted proposal lines with the rule
//! each is decided by, who sits and who is present, recusals, votes by show of hands, secret ballots
//! (kept apart from who voted) and each line's computed result.

use crate::domain::council::{Outcome, VoteRule};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

#[derive(Clone, Debug)]
pub struct Meeting {
    pub id: i64,
    pub campaign_id: i64,
    pub held_on: NaiveDate,
    pub held_at: String,
    pub place: String,
    pub recuse_own_unit: bool,
    pub status: String,
    pub quorum: Option<i32>,
    pub quorum_strict: Option<bool>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Meeting>, sqlx::Error> {
    sqlx::query_as!(
        Meeting,
        "SELECT id, campaign_id, held_on, held_at, place, recuse_own_unit, status, quorum,
                quorum_strict, opened_at, closed_at, version
         FROM council_meetings WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await
}

/// Locks meeting `id` for a change of its state (`FOR UPDATE`) and reads it.
pub async fn lock(tx: &mut super::Tx<'_>, id: i64) -> Result<Option<Meeting>, sqlx::Error> {
    sqlx::query_as!(
        Meeting,
        "SELECT id, campaign_id, held_on, held_at, place, recuse_own_unit, status, quorum,
                quorum_strict, opened_at, closed_at, version
         FROM council_meetings WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// The meeting's status, read under a share lock: a vote holds it until it commits, so that the
/// ballot cannot close between the check and the vote.
pub async fn status_for_vote(
    tx: &mut super::Tx<'_>,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT status FROM council_meetings WHERE id = $1 FOR SHARE",
        id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// A meeting in the campaign's list.
pub struct MeetingSummary {
    pub id: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub status: String,
    pub lines: i64,
    pub passed: i64,
}

pub async fn of_campaign(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
) -> Result<Vec<MeetingSummary>, sqlx::Error> {
    sqlx::query_as!(
        MeetingSummary,
        r#"SELECT m.id, m.held_on, m.place, m.status,
                  (SELECT count(*) FROM council_agenda a WHERE a.meeting_id = m.id) AS "lines!",
                  (SELECT count(*) FROM council_agenda a WHERE a.meeting_id = m.id AND a.result = 'passed') AS "passed!"
           FROM council_meetings m WHERE m.campaign_id = $1 ORDER BY m.held_on DESC, m.id DESC"#,
        campaign_id
    )
    .fetch_all(db)
    .await
}

/// A meeting's date, time, place and recusal setting as typed.
pub struct Details<'a> {
    pub held_on: NaiveDate,
    pub held_at: &'a str,
    pub place: &'a str,
    pub recuse_own_unit: bool,
}

pub async fn create(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    d: &Details<'_>,
    by_user: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO council_meetings (campaign_id, held_on, held_at, place, recuse_own_unit, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        campaign_id,
        d.held_on,
        d.held_at,
        d.place,
        d.recuse_own_unit,
        by_user
    )
    .fetch_one(db)
    .await
}

/// Changes a draft meeting's details if it is still at `version`; false when it moved on.
pub async fn update(
    db: impl PgExecutor<'_>,
    id: i64,
    version: i32,
    d: &Details<'_>,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE council_meetings SET held_on = $3, held_at = $4, place = $5, recuse_own_unit = $6,
                version = version + 1
         WHERE id = $1 AND version = $2 AND status = 'draft'",
        id,
        version,
        d.held_on,
        d.held_at,
        d.place,
        d.recuse_own_unit
    )
    .execute(db)
    .await?;
    Ok(n.rows_affected() == 1)
}

/// A line on the agenda with what the council reads before deciding it.
#[derive(Clone, Debug)]
pub struct AgendaLine {
    pub line_id: i64,
    pub position: i32,
    pub person_id: Option<i64>,
    pub subject: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub title_code: String,
    pub title_vi: String,
    pub title_en: String,
    pub level: String,
    pub eligibility: String,
    pub failed: String,
    pub justification: Option<String>,
    pub documents: i64,
    pub ballot: String,
    pub share: i32,
    pub base: String,
    pub strict: bool,
    pub source: String,
    pub votes_for: Option<i32>,
    pub votes_against: Option<i32>,
    pub votes_abstain: Option<i32>,
    pub counted_over: Option<i32>,
    pub needed: Option<i32>,
    pub result: Option<String>,
}

/// The agenda of meeting `id`, grouped by title (in the regime's order) and then by unit and name.
pub async fn agenda(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<AgendaLine>, sqlx::Error> {
    sqlx::query_as!(
        AgendaLine,
        r#"SELECT a.line_id, a.position, l.person_id,
                  coalesce(pe.full_name, u.name)::text AS "subject!", u.id AS unit_id,
                  u.name::text AS "unit_name!", t.code AS title_code, t.name_vi AS title_vi,
                  t.name_en AS title_en, t.level, l.eligibility, l.failed, l.justification,
                  (SELECT count(*) FROM documents d WHERE d.line_id = l.id) AS "documents!",
                  a.ballot, a.share, a.base, a.strict, a.source, a.votes_for, a.votes_against,
                  a.votes_abstain, a.counted_over, a.needed, a.result
           FROM council_agenda a
           JOIN proposal_lines l ON l.id = a.line_id
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           WHERE a.meeting_id = $1
           ORDER BY t.position, t.id, u.path, l.person_id IS NOT NULL, pe.given_name, pe.full_name, l.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A line that may go on an agenda: accepted by the Office, on no meeting's agenda yet.
pub struct Candidate {
    pub line_id: i64,
    pub subject: String,
    pub unit_name: String,
    pub title_vi: String,
    pub title_en: String,
}

pub async fn candidates(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
) -> Result<Vec<Candidate>, sqlx::Error> {
    sqlx::query_as!(
        Candidate,
        r#"SELECT l.id AS line_id, coalesce(pe.full_name, u.name)::text AS "subject!",
                  u.name::text AS "unit_name!", t.name_vi AS title_vi, t.name_en AS title_en
           FROM proposal_lines l
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           WHERE p.campaign_id = $1 AND l.status = 'accepted'
             AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = l.id)
           ORDER BY t.position, t.id, u.path, l.person_id IS NOT NULL, pe.given_name, pe.full_name, l.id"#,
        campaign_id
    )
    .fetch_all(db)
    .await
}

/// Puts the accepted lines `ids` of the campaign on the draft agenda of meeting `id` with their
/// titles' vote rules, leaving off those another meeting has taken meanwhile. The ids added.
pub async fn add_to_agenda(
    tx: &mut super::Tx<'_>,
    (id, campaign_id): (i64, i64),
    ids: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO council_agenda (meeting_id, line_id, position, ballot, share, base, strict, source)
         SELECT $1, l.id, t.position, t.council_ballot, t.council_share, t.council_base,
                t.council_strict, t.council_source
         FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id JOIN titles t ON t.id = l.title_id
         WHERE l.id = ANY($3) AND p.campaign_id = $2 AND l.status = 'accepted'
         ON CONFLICT DO NOTHING RETURNING line_id",
        id,
        campaign_id,
        ids
    )
    .fetch_all(&mut **tx)
    .await
}

/// Takes line `line_id` off the agenda of meeting `id`; false when it was not there.
pub async fn remove_from_agenda(
    tx: &mut super::Tx<'_>,
    id: i64,
    line_id: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "DELETE FROM council_agenda WHERE meeting_id = $1 AND line_id = $2",
        id,
        line_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(n.rows_affected() == 1)
}

/// A member of the council as a meeting sees them.
#[derive(Clone, Debug)]
pub struct Member {
    pub user_id: i64,
    pub name: String,
    pub capacity: String,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub present: bool,
    pub written_document_id: Option<i64>,
}

/// The council's open seats on `day` (unit `unit_id`, `year`), all present by default.
pub async fn seated_on(
    db: impl PgExecutor<'_>,
    (unit_id, year): (i64, i32),
    day: NaiveDate,
) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as!(
        Member,
        r#"SELECT s.user_id, coalesce(p.full_name::text, u.display_name) AS "name!", s.capacity,
                  u.person_id, p.unit_id AS "unit_id?", true AS "present!",
                  NULL::int8 AS written_document_id
           FROM council_seats s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN people p ON p.id = u.person_id
           WHERE s.unit_id = $1 AND s.year = $2 AND s.from_date <= $3
             AND (s.to_date IS NULL OR s.to_date >= $3)
           ORDER BY array_position(ARRAY['chair', 'vice_chair', 'secretary', 'member'], s.capacity),
                    p.given_name, p.full_name, s.id"#,
        unit_id,
        year,
        day
    )
    .fetch_all(db)
    .await
}

/// Who sat in meeting `id` once it opened, present or absent.
pub async fn attendance(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as!(
        Member,
        r#"SELECT a.user_id, coalesce(p.full_name::text, u.display_name) AS "name!", a.capacity,
                  u.person_id, p.unit_id AS "unit_id?", a.present, a.written_document_id
           FROM council_attendance a
           JOIN users u ON u.id = a.user_id
           LEFT JOIN people p ON p.id = u.person_id
           WHERE a.meeting_id = $1
           ORDER BY array_position(ARRAY['chair', 'vice_chair', 'secretary', 'member'], a.capacity),
                    p.given_name, p.full_name, a.user_id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// Opens the ballot of draft meeting `id`: records who sits and who is present, the quorum it is
/// held under, and the recusals the organisation chart gives (lines about the member, and by the
/// meeting's setting lines of the member's own unit).
pub async fn open(
    tx: &mut super::Tx<'_>,
    id: i64,
    members: &[Member],
    (quorum, strict): (i32, bool),
    by_user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO council_attendance (meeting_id, user_id, capacity, present)
         SELECT $1, x.u, x.c, x.p FROM UNNEST($2::int8[], $3::text[], $4::bool[]) AS x(u, c, p)",
        id,
        &members.iter().map(|m| m.user_id).collect::<Vec<_>>(),
        &members
            .iter()
            .map(|m| m.capacity.clone())
            .collect::<Vec<_>>(),
        &members.iter().map(|m| m.present).collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO council_recusals (meeting_id, line_id, user_id, reason, created_by)
         SELECT a.meeting_id, a.line_id, at.user_id,
                CASE WHEN l.person_id = u.person_id THEN 'self' ELSE 'own_unit' END, $2
         FROM council_agenda a
         JOIN council_meetings m ON m.id = a.meeting_id
         JOIN proposal_lines l ON l.id = a.line_id
         JOIN proposals p ON p.id = l.proposal_id
         JOIN council_attendance at ON at.meeting_id = a.meeting_id
         JOIN users u ON u.id = at.user_id
         LEFT JOIN people me ON me.id = u.person_id
         WHERE a.meeting_id = $1
           AND (l.person_id = u.person_id OR (m.recuse_own_unit AND me.unit_id = p.unit_id))
         ON CONFLICT DO NOTHING",
        id,
        by_user
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE council_meetings SET status = 'open', quorum = $2, quorum_strict = $3,
                opened_at = now(), opened_by = $4, version = version + 1
         WHERE id = $1",
        id,
        quorum,
        strict,
        by_user
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A recusal: the line, the member, why.
#[derive(Clone, Debug)]
pub struct Recusal {
    pub line_id: i64,
    pub user_id: i64,
    pub name: String,
    pub reason: String,
    pub note: String,
}

pub async fn recusals(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<Recusal>, sqlx::Error> {
    sqlx::query_as!(
        Recusal,
        r#"SELECT r.line_id, r.user_id, coalesce(p.full_name::text, u.display_name) AS "name!",
                  r.reason, r.note
           FROM council_recusals r JOIN users u ON u.id = r.user_id
           LEFT JOIN people p ON p.id = u.person_id
           WHERE r.meeting_id = $1 ORDER BY r.line_id, p.given_name, r.user_id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A conflict member `user_id` declares on a line of meeting `id`. False when they are recused
/// from it already.
pub async fn declare(
    tx: &mut super::Tx<'_>,
    (id, line_id, user_id): (i64, i64, i64),
    note: &str,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "INSERT INTO council_recusals (meeting_id, line_id, user_id, reason, note, created_by)
         VALUES ($1, $2, $3, 'declared', $4, $3) ON CONFLICT DO NOTHING",
        id,
        line_id,
        user_id,
        note
    )
    .execute(&mut **tx)
    .await?;
    Ok(n.rows_affected() == 1)
}

/// The lines of meeting `id` member `user_id` is recused from (read inside a vote's transaction,
/// after the meeting's share lock: a conflict declared meanwhile has committed by then).
pub async fn recused_lines(
    tx: &mut super::Tx<'_>,
    (id, user_id): (i64, i64),
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT line_id FROM council_recusals WHERE meeting_id = $1 AND user_id = $2",
        id,
        user_id
    )
    .fetch_all(&mut **tx)
    .await
}

/// Whether member `user_id` has voted on line `line_id` of meeting `id` (by hands or ballot).
pub async fn has_voted(
    db: impl PgExecutor<'_>,
    (id, line_id, user_id): (i64, i64, i64),
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM council_votes WHERE meeting_id = $1 AND line_id = $2 AND user_id = $3)
               OR EXISTS (SELECT 1 FROM council_ballot_tokens WHERE meeting_id = $1 AND line_id = $2 AND user_id = $3)
               AS "voted!""#,
        id,
        line_id,
        user_id
    )
    .fetch_one(db)
    .await
}

/// A vote by show of hands: member `user_id`'s choice on a line, replacing their earlier one.
pub async fn vote_hands(
    tx: &mut super::Tx<'_>,
    (id, line_id, user_id): (i64, i64, i64),
    choice: &str,
    (written, entered_by): (bool, i64),
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO council_votes (meeting_id, line_id, user_id, choice, written, entered_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (meeting_id, line_id, user_id)
         DO UPDATE SET choice = EXCLUDED.choice, written = EXCLUDED.written,
                       entered_by = EXCLUDED.entered_by, at = now()",
        id,
        line_id,
        user_id,
        choice,
        written,
        entered_by
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A secret ballot: spends member `user_id`'s token for the line and, only if it was unspent,
/// drops the ballot (the choice with the receipt's hash, nothing of the voter). False when they had
/// voted already.
pub async fn cast_secret(
    tx: &mut super::Tx<'_>,
    (id, line_id, user_id): (i64, i64, i64),
    choice: &str,
    receipt_hash: &str,
    written: bool,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "INSERT INTO council_ballot_tokens (meeting_id, line_id, user_id, written)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        id,
        line_id,
        user_id,
        written
    )
    .execute(&mut **tx)
    .await?;
    if n.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query!(
        "INSERT INTO council_ballots (receipt_hash, meeting_id, line_id, choice) VALUES ($1, $2, $3, $4)",
        receipt_hash,
        id,
        line_id,
        choice
    )
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Who has voted on which line of meeting `id`: (line, user, the choice for a show of hands or
/// `None` for a secret ballot, written).
pub async fn voted(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Vec<(i64, i64, Option<String>, bool)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT line_id AS "line_id!", user_id AS "user_id!", choice, written AS "written!"
           FROM (SELECT line_id, user_id, choice, written FROM council_votes WHERE meeting_id = $1
                 UNION ALL
                 SELECT line_id, user_id, NULL, written FROM council_ballot_tokens WHERE meeting_id = $1) v"#,
        id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.line_id, r.user_id, r.choice, r.written))
        .collect())
}

/// The count per line and choice of meeting `id`: the hands and the secret ballots.
pub async fn tally(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT line_id AS "line_id!", choice AS "choice!", count(*) AS "n!"
           FROM (SELECT line_id, choice FROM council_votes WHERE meeting_id = $1
                 UNION ALL
                 SELECT line_id, choice FROM council_ballots WHERE meeting_id = $1) v
           GROUP BY line_id, choice"#,
        id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.line_id, r.choice, r.n))
        .collect())
}

/// The secret ballots of meeting `id` whose receipt hashes are among `hashes`: (line, choice).
pub async fn ballots_of(
    db: impl PgExecutor<'_>,
    id: i64,
    hashes: &[String],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT line_id, choice FROM council_ballots WHERE meeting_id = $1 AND receipt_hash = ANY($2)",
        id,
        hashes
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.line_id, r.choice)).collect())
}

/// Records the scan of absent member `user_id`'s written vote.
pub async fn set_written_document(
    tx: &mut super::Tx<'_>,
    (id, user_id): (i64, i64),
    document_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE council_attendance SET written_document_id = $3 WHERE meeting_id = $1 AND user_id = $2",
        id,
        user_id,
        document_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What the results of a meeting's lines are computed from: each line's rule, the members
/// (user, present), recusals and written votes (line, user), and the count per line and choice.
pub struct Counting {
    pub lines: Vec<(i64, VoteRule)>,
    pub members: Vec<(i64, bool)>,
    pub recused: Vec<(i64, i64)>,
    pub written: Vec<(i64, i64)>,
    pub tally: Vec<(i64, String, i64)>,
}

impl Counting {
    /// How many count as present for the quorum: present, or absent with a written vote.
    pub fn present(&self) -> u32 {
        self.members
            .iter()
            .filter(|(u, here)| *here || self.written.iter().any(|w| w.1 == *u))
            .count() as u32
    }
    pub fn outcomes(&self) -> Vec<Outcome> {
        crate::domain::council::outcomes(
            &self.lines,
            &self.members,
            (&self.recused, &self.written),
            &self.tally,
        )
    }
}

impl AgendaLine {
    /// The rule the line is decided by.
    pub fn rule(&self) -> VoteRule {
        VoteRule {
            ballot: self.ballot.clone(),
            share: self.share.max(0) as u32,
            base: self.base.clone(),
            strict: self.strict,
        }
    }
}

/// Reads what meeting `id`'s results are computed from.
pub async fn counting(tx: &mut super::Tx<'_>, id: i64) -> Result<Counting, sqlx::Error> {
    let lines = agenda(&mut **tx, id)
        .await?
        .iter()
        .map(|a| (a.line_id, a.rule()))
        .collect();
    let members = attendance(&mut **tx, id)
        .await?
        .iter()
        .map(|m| (m.user_id, m.present))
        .collect();
    let recused = recusals(&mut **tx, id)
        .await?
        .iter()
        .map(|r| (r.line_id, r.user_id))
        .collect();
    let written = voted(&mut **tx, id)
        .await?
        .iter()
        .filter(|v| v.3)
        .map(|v| (v.0, v.1))
        .collect();
    let tally = tally(&mut **tx, id).await?;
    Ok(Counting {
        lines,
        members,
        recused,
        written,
        tally,
    })
}

/// Closes the ballot of meeting `id` with each line's computed result.
pub async fn close(
    tx: &mut super::Tx<'_>,
    id: i64,
    results: &[Outcome],
    by_user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE council_agenda a SET votes_for = x.f, votes_against = x.ag, votes_abstain = x.ab,
                counted_over = x.o, needed = x.n, result = x.r
         FROM UNNEST($2::int8[], $3::int4[], $4::int4[], $5::int4[], $6::int4[], $7::int4[], $8::text[])
              AS x(l, f, ag, ab, o, n, r)
         WHERE a.meeting_id = $1 AND a.line_id = x.l",
        id,
        &results.iter().map(|r| r.line).collect::<Vec<_>>(),
        &results.iter().map(|r| r.votes[0] as i32).collect::<Vec<_>>(),
        &results.iter().map(|r| r.votes[1] as i32).collect::<Vec<_>>(),
        &results.iter().map(|r| r.votes[2] as i32).collect::<Vec<_>>(),
        &results.iter().map(|r| r.counted_over as i32).collect::<Vec<_>>(),
        &results.iter().map(|r| r.needed as i32).collect::<Vec<_>>(),
        &results
            .iter()
            .map(|r| if r.passed { "passed" } else { "failed" }.to_string())
            .collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE council_meetings SET status = 'closed', closed_at = now(), closed_by = $2,
                version = version + 1
         WHERE id = $1",
        id,
        by_user
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether user `user_id` holds a seat in the council of unit `unit_id` for `year` (open or ended)
/// or sat in meeting `meeting_id`: they read the council's meetings.
pub async fn sits(
    db: impl PgExecutor<'_>,
    (unit_id, year, user_id): (i64, i32, i64),
    meeting_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM council_seats WHERE unit_id = $1 AND year = $2 AND user_id = $3)
               OR EXISTS (SELECT 1 FROM council_attendance WHERE meeting_id = $4 AND user_id = $3)
               AS "sits!""#,
        unit_id,
        year,
        user_id,
        meeting_id
    )
    .fetch_one(db)
    .await
}
