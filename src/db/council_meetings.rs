//! The council's meetings: the meeting itself, its agenda of accepted proposal lines with the rule
//! each is decided by, who sits and who is present, recusals, votes by show of hands, secret ballots
//! (kept apart from who voted) and each line's computed result.

use super::keys::{IssuerYear, MeetingOf};
use crate::domain::council::{MeetingStatus, Outcome};
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
    pub status: MeetingStatus,
    pub quorum: Option<i32>,
    pub quorum_strict: Option<bool>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// when the ballot papers were issued before the meeting (absent members may vote ahead)
    pub ballot_issued_at: Option<DateTime<Utc>>,
}

super::numbered::status_column!(MeetingStatus, "meeting status");

impl Meeting {
    /// A draft whose ballot papers were issued: secret ballots may be cast before the meeting.
    pub fn advance(&self) -> bool {
        self.status.is_draft() && self.ballot_issued_at.is_some()
    }
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Meeting>, sqlx::Error> {
    sqlx::query_as!(
        Meeting,
        r#"SELECT id, campaign_id, held_on, held_at, place, recuse_own_unit,
                status AS "status: MeetingStatus", quorum, quorum_strict, opened_at, closed_at,
                version, ballot_issued_at
         FROM council_meetings WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Locks meeting `id` for a change of its state (`FOR UPDATE`) and reads it.
pub async fn lock(tx: &mut super::Tx<'_>, id: i64) -> Result<Option<Meeting>, sqlx::Error> {
    sqlx::query_as!(
        Meeting,
        r#"SELECT id, campaign_id, held_on, held_at, place, recuse_own_unit,
                status AS "status: MeetingStatus", quorum, quorum_strict, opened_at, closed_at,
                version, ballot_issued_at
         FROM council_meetings WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut **tx)
    .await
}

/// The meeting's status, read under a share lock: a vote holds it until it commits, so that the
/// ballot cannot close between the check and the vote. And whether its ballot papers were issued
/// (a draft's secret ballots may then be cast ahead).
pub async fn status_for_vote(
    tx: &mut super::Tx<'_>,
    id: i64,
) -> Result<Option<(MeetingStatus, bool)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT status AS "status: MeetingStatus", ballot_issued_at IS NOT NULL AS "issued!"
           FROM council_meetings WHERE id = $1 FOR SHARE"#,
        id
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.status, r.issued)))
}

/// A meeting in the campaign's list.
pub struct MeetingSummary {
    pub id: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub status: MeetingStatus,
    pub lines: i64,
    pub passed: i64,
}

pub async fn of_campaign(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
) -> Result<Vec<MeetingSummary>, sqlx::Error> {
    sqlx::query_as!(
        MeetingSummary,
        r#"SELECT m.id, m.held_on, m.place, m.status AS "status: MeetingStatus",
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
         WHERE id = $1 AND version = $2 AND status = 'draft' AND ballot_issued_at IS NULL",
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
    /// the exceptional achievement of an ad-hoc commendation
    pub achievement: Option<String>,
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
                  t.name_en AS title_en, t.level, l.eligibility, l.failed, l.justification, l.achievement,
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

/// Puts the accepted lines `ids` of the campaign on the draft agenda of the meeting with their
/// titles' vote rules, leaving off those another meeting has taken meanwhile. The ids added.
pub async fn add_to_agenda(
    tx: &mut super::Tx<'_>,
    key: MeetingOf,
    ids: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO council_agenda (meeting_id, line_id, position, ballot, share, base, strict, source)
         SELECT $1, l.id, t.position, t.council_ballot, t.council_share, t.council_base,
                t.council_strict, t.council_source
         FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id JOIN titles t ON t.id = l.title_id
         WHERE l.id = ANY($3) AND p.campaign_id = $2 AND l.status = 'accepted'
         ON CONFLICT DO NOTHING RETURNING line_id",
        key.meeting,
        key.campaign,
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
    /// the member's gender code and position, when the account is a person's
    pub gender: Option<String>,
    pub position: Option<String>,
}

/// The open seats on `day` of the council of `council.issuer` for `council.year`, all present by
/// default.
pub async fn seated_on(
    db: impl PgExecutor<'_>,
    council: IssuerYear,
    day: NaiveDate,
) -> Result<Vec<Member>, sqlx::Error> {
    sqlx::query_as!(
        Member,
        r#"SELECT s.user_id, coalesce(p.full_name::text, u.display_name) AS "name!", s.capacity,
                  u.person_id, p.unit_id AS "unit_id?", true AS "present!",
                  NULL::int8 AS written_document_id, p.gender AS "gender?", p.position AS "position?"
           FROM council_seats s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN people p ON p.id = u.person_id
           WHERE s.unit_id = $1 AND s.year = $2 AND s.from_date <= $3
             AND (s.to_date IS NULL OR s.to_date >= $3)
           ORDER BY array_position(ARRAY['chair', 'vice_chair', 'secretary', 'member'], s.capacity),
                    p.given_name, p.full_name, s.id"#,
        council.issuer,
        council.year,
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
                  u.person_id, p.unit_id AS "unit_id?", a.present, a.written_document_id,
                  p.gender AS "gender?", p.position AS "position?"
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
    let seated: Vec<i64> = members.iter().map(|m| m.user_id).collect();
    recuse_by_chart(tx, id, &seated, by_user).await?;
    fill_ballot_boxes(tx, id, &seated).await?;
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

/// Records the recusals the organisation chart gives the members `seated` of meeting `id` (lines
/// about the member, and by the meeting's setting lines of the member's own unit).
async fn recuse_by_chart(
    tx: &mut super::Tx<'_>,
    id: i64,
    seated: &[i64],
    by_user: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO council_recusals (meeting_id, line_id, user_id, reason, created_by)
         SELECT a.meeting_id, a.line_id, u.id,
                CASE WHEN l.person_id = u.person_id THEN 'self' ELSE 'own_unit' END, $3
         FROM council_agenda a
         JOIN council_meetings m ON m.id = a.meeting_id
         JOIN proposal_lines l ON l.id = a.line_id
         JOIN proposals p ON p.id = l.proposal_id
         JOIN users u ON u.id = ANY($2)
         LEFT JOIN people me ON me.id = u.person_id
         WHERE a.meeting_id = $1
           AND (l.person_id = u.person_id OR (m.recuse_own_unit AND me.unit_id = p.unit_id))
         ON CONFLICT DO NOTHING",
        id,
        seated,
        by_user
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The ballot boxes of meeting `id`: for each secret line, one slot per member of `seated` not
/// recused from it. A line without a box gets one, in the order of random identifiers (the rows'
/// place is set before anyone votes); a box made when the ballot papers were issued gets empty
/// slots added or taken away (a recusal declared since), so that its size is right whatever was
/// cast in it. An empty slot belongs to nobody: adding or removing one tells nothing.
async fn fill_ballot_boxes(
    tx: &mut super::Tx<'_>,
    id: i64,
    seated: &[i64],
) -> Result<(), sqlx::Error> {
    // one statement: the insert and the delete read the same snapshot, and touch different lines
    sqlx::query!(
        "WITH elig AS (
             SELECT a.line_id, count(*) AS n
             FROM council_agenda a CROSS JOIN UNNEST($2::int8[]) AS m(user_id)
             WHERE a.meeting_id = $1 AND a.ballot = 'secret'
               AND NOT EXISTS (SELECT 1 FROM council_recusals r WHERE r.meeting_id = $1
                               AND r.line_id = a.line_id AND r.user_id = m.user_id)
             GROUP BY a.line_id),
         have AS (SELECT line_id, count(*) AS n FROM council_ballot_box WHERE meeting_id = $1
                  GROUP BY line_id),
         empty AS (SELECT slot, line_id,
                          row_number() OVER (PARTITION BY line_id ORDER BY slot) AS k
                   FROM council_ballot_box WHERE meeting_id = $1 AND choice = 0),
         added AS (
             INSERT INTO council_ballot_box (slot, meeting_id, line_id)
             SELECT gen_random_uuid(), $1, e.line_id
             FROM elig e LEFT JOIN have h USING (line_id)
             CROSS JOIN LATERAL generate_series(1, (e.n - coalesce(h.n, 0))::int4)
             ORDER BY 1
             RETURNING slot)
         DELETE FROM council_ballot_box b
         USING empty e JOIN have h USING (line_id) LEFT JOIN elig g USING (line_id)
         WHERE b.slot = e.slot AND e.k <= h.n - coalesce(g.n, 0)",
        id,
        seated
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Issues the ballot papers of draft meeting `id` before it sits: the recusals the chart gives the
/// members `seated`, and the ballot boxes; from then on its agenda and details are fixed and the
/// members may cast their secret ballots ahead. False when it was not a draft without papers.
pub async fn issue_ballot(
    tx: &mut super::Tx<'_>,
    id: i64,
    seated: &[i64],
    by_user: i64,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "UPDATE council_meetings SET ballot_issued_at = now(), ballot_issued_by = $2,
                version = version + 1
         WHERE id = $1 AND status = 'draft' AND ballot_issued_at IS NULL",
        id,
        by_user
    )
    .execute(&mut **tx)
    .await?;
    if n.rows_affected() != 1 {
        return Ok(false);
    }
    recuse_by_chart(tx, id, seated, by_user).await?;
    fill_ballot_boxes(tx, id, seated).await?;
    Ok(true)
}

pub use super::council_votes::*;

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
    // every ballot of the meeting rewritten by the closing transaction: none keeps the id of
    // the last voter on its line
    sqlx::query!(
        "UPDATE council_ballot_box SET choice = choice WHERE meeting_id = $1",
        id
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

/// Whether user `user_id` holds a seat in `council` (open or ended) or sat in meeting `meeting_id`:
/// they read the council's meetings.
pub async fn sits(
    db: impl PgExecutor<'_>,
    council: IssuerYear,
    user_id: i64,
    meeting_id: Option<i64>,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM council_seats WHERE unit_id = $1 AND year = $2 AND user_id = $3)
               OR EXISTS (SELECT 1 FROM council_attendance WHERE meeting_id = $4 AND user_id = $3)
               AS "sits!""#,
        council.issuer,
        council.year,
        user_id,
        meeting_id
    )
    .fetch_one(db)
    .await
}
