//! The council's votes at a meeting: recusals, votes by show of hands, secret ballots (kept apart
//! from who voted), the written votes' scans, the tally and what the count needs.

use super::council_meetings::{AgendaLine, agenda, attendance};
use crate::domain::council::{Outcome, VoteRule};
use sqlx::PgExecutor;

/// A member on a line of a meeting: whose vote (or recusal) it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ballot {
    pub meeting: i64,
    pub line: i64,
    pub user: i64,
}

/// A member of a meeting's council.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attendee {
    pub meeting: i64,
    pub user: i64,
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

/// A conflict member `key.user` declares on line `key.line` of meeting `key.meeting`. False when
/// they are recused from it already.
pub async fn declare(tx: &mut super::Tx<'_>, key: Ballot, note: &str) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "INSERT INTO council_recusals (meeting_id, line_id, user_id, reason, note, created_by)
         VALUES ($1, $2, $3, 'declared', $4, $3) ON CONFLICT DO NOTHING",
        key.meeting,
        key.line,
        key.user,
        note
    )
    .execute(&mut **tx)
    .await?;
    Ok(n.rows_affected() == 1)
}

/// The lines of meeting `key.meeting` member `key.user` is recused from (read inside a vote's transaction,
/// after the meeting's share lock: a conflict declared meanwhile has committed by then).
pub async fn recused_lines(tx: &mut super::Tx<'_>, key: Attendee) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT line_id FROM council_recusals WHERE meeting_id = $1 AND user_id = $2",
        key.meeting,
        key.user
    )
    .fetch_all(&mut **tx)
    .await
}

/// Whether member `key.user` has voted on line `key.line` of meeting `key.meeting` (by hands or
/// ballot).
pub async fn has_voted(db: impl PgExecutor<'_>, key: Ballot) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM council_votes WHERE meeting_id = $1 AND line_id = $2 AND user_id = $3)
               OR EXISTS (SELECT 1 FROM council_ballot_tokens WHERE meeting_id = $1 AND line_id = $2 AND user_id = $3)
               AS "voted!""#,
        key.meeting,
        key.line,
        key.user
    )
    .fetch_one(db)
    .await
}

/// A vote by show of hands: member `key.user`'s choice on a line, replacing their earlier one.
pub async fn vote_hands(
    tx: &mut super::Tx<'_>,
    key: Ballot,
    choice: &str,
    (written, entered_by): (bool, i64),
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO council_votes (meeting_id, line_id, user_id, choice, written, entered_by)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (meeting_id, line_id, user_id)
         DO UPDATE SET choice = EXCLUDED.choice, written = EXCLUDED.written,
                       entered_by = EXCLUDED.entered_by, at = now()",
        key.meeting,
        key.line,
        key.user,
        choice,
        written,
        entered_by
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A secret ballot: spends member `key.user`'s token for the line and, only if it was unspent,
/// keeps the receipt's hash (without the choice) and drops the choice into an empty slot of the
/// line's ballot box, the `pick`-th (modulo their number) in the slots' random order. The whole
/// box of the line is rewritten by that one statement, so that every ballot in it carries this
/// transaction's id and keeps its place: neither tells which slot was filled now. False when they
/// had voted already.
pub async fn cast_secret(
    tx: &mut super::Tx<'_>,
    key: Ballot,
    (choice, pick): (&str, u64),
    receipt_hash: &str,
    written: bool,
) -> Result<bool, sqlx::Error> {
    let n = sqlx::query!(
        "INSERT INTO council_ballot_tokens (meeting_id, line_id, user_id, written)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        key.meeting,
        key.line,
        key.user,
        written
    )
    .execute(&mut **tx)
    .await?;
    if n.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query!(
        "INSERT INTO council_receipts (receipt_hash, meeting_id, line_id) VALUES ($1, $2, $3)",
        receipt_hash,
        key.meeting,
        key.line
    )
    .execute(&mut **tx)
    .await?;
    // one voter at a time per line (a lock that marks no row): two voters never pick one slot
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('council_ballot_box:' || $1::int8, 0))",
        key.line
    )
    .execute(&mut **tx)
    .await?;
    let empty = sqlx::query_scalar!(
        r#"SELECT slot::text AS "slot!" FROM council_ballot_box
           WHERE meeting_id = $1 AND line_id = $2 AND choice = 0 ORDER BY slot"#,
        key.meeting,
        key.line
    )
    .fetch_all(&mut **tx)
    .await?;
    let Some(slot) = empty.get((pick % empty.len().max(1) as u64) as usize) else {
        // a box holds a slot for every member who may vote on the line: never empty here
        return Err(sqlx::Error::RowNotFound);
    };
    // the choice as its code (1 in favour, 2 against, 3 abstaining)
    let code = crate::domain::council::CHOICES
        .iter()
        .position(|c| *c == choice)
        .map_or(3, |i| i as i16 + 1);
    sqlx::query!(
        "UPDATE council_ballot_box SET choice = CASE WHEN slot = $3::text::uuid THEN $4 ELSE choice END
         WHERE meeting_id = $1 AND line_id = $2",
        key.meeting,
        key.line,
        slot,
        code
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
                 SELECT line_id, (ARRAY['for', 'against', 'abstain'])[choice] FROM council_ballot_box
                 WHERE meeting_id = $1 AND choice > 0) v
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

/// The lines of meeting `id` on which a secret ballot was counted under one of `hashes` (a
/// receipt's hashes, one per line): what the receipt proves, never the choice.
pub async fn receipts_of(
    db: impl PgExecutor<'_>,
    id: i64,
    hashes: &[String],
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT line_id FROM council_receipts WHERE meeting_id = $1 AND receipt_hash = ANY($2)",
        id,
        hashes
    )
    .fetch_all(db)
    .await
}

/// Records the scan of absent member `key.user`'s written vote.
pub async fn set_written_document(
    tx: &mut super::Tx<'_>,
    key: Attendee,
    document_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE council_attendance SET written_document_id = $3 WHERE meeting_id = $1 AND user_id = $2",
        key.meeting,
        key.user,
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
    /// every vote or ballot cast: (line, user)
    pub cast: Vec<(i64, i64)>,
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
    /// How many votes the members present have yet to cast.
    pub fn missing(&self) -> usize {
        let lines: Vec<i64> = self.lines.iter().map(|l| l.0).collect();
        crate::domain::council::missing_votes(&lines, &self.members, &self.recused, &self.cast)
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
    let voted = voted(&mut **tx, id).await?;
    let written = voted.iter().filter(|v| v.3).map(|v| (v.0, v.1)).collect();
    let cast = voted.iter().map(|v| (v.0, v.1)).collect();
    let tally = tally(&mut **tx, id).await?;
    Ok(Counting {
        lines,
        members,
        recused,
        written,
        cast,
        tally,
    })
}
