//! The public notice of the list the council approved: the notice, its lines with the end of each
//! one's period, and the comments and objections with how they were resolved.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

/// A user's comment on a line of a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentBy {
    pub notice: i64,
    pub line: i64,
    pub user: i64,
}

/// A comment on a notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentOf {
    pub notice: i64,
    pub comment: i64,
}

#[derive(Clone, Debug)]
pub struct Notice {
    pub id: i64,
    pub campaign_id: i64,
    pub meeting_id: i64,
    pub posted_on: NaiveDate,
    pub note: String,
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Notice>, sqlx::Error> {
    sqlx::query_as!(
        Notice,
        "SELECT id, campaign_id, meeting_id, posted_on, note FROM notices WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await
}

/// The notice of meeting `meeting_id`, if posted.
pub async fn of_meeting(
    db: impl PgExecutor<'_>,
    meeting_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM notices WHERE meeting_id = $1", meeting_id)
        .fetch_optional(db)
        .await
}

/// A notice in a list: its campaign, when posted, how many lines and open objections, the last day.
pub struct Listed {
    pub id: i64,
    pub campaign_id: i64,
    pub campaign_title: String,
    pub posted_on: NaiveDate,
    pub lines: i64,
    pub open_objections: i64,
    pub ends_on: Option<NaiveDate>,
}

/// The notices of the campaigns `campaign_ids`, the latest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    campaign_ids: &[i64],
) -> Result<Vec<Listed>, sqlx::Error> {
    sqlx::query_as!(
        Listed,
        r#"SELECT n.id, n.campaign_id, c.title AS campaign_title, n.posted_on,
                  (SELECT count(*) FROM notice_lines l WHERE l.notice_id = n.id) AS "lines!",
                  (SELECT count(*) FROM notice_comments x WHERE x.notice_id = n.id
                     AND x.kind = 'objection' AND x.outcome IS NULL) AS "open_objections!",
                  (SELECT max(l.ends_on) FROM notice_lines l WHERE l.notice_id = n.id) AS ends_on
           FROM notices n JOIN campaigns c ON c.id = n.campaign_id
           WHERE n.campaign_id = ANY($1)
           ORDER BY n.posted_on DESC, n.id DESC"#,
        campaign_ids
    )
    .fetch_all(db)
    .await
}

/// The working days of notice per level under rule set `id`: (grassroots, province, state).
pub async fn days(db: impl PgExecutor<'_>, id: i64) -> Result<(i32, i32, i32), sqlx::Error> {
    let r = sqlx::query!(
        "SELECT notice_days_grassroots, notice_days_province, notice_days_state
         FROM rule_sets WHERE id = $1",
        id
    )
    .fetch_one(db)
    .await?;
    Ok((
        r.notice_days_grassroots,
        r.notice_days_province,
        r.notice_days_state,
    ))
}

/// Posts the notice of meeting `key.meeting` with its lines and the last day of each; `None` when
/// the meeting's notice was posted meanwhile.
pub async fn post(
    tx: &mut super::Tx<'_>,
    key: super::keys::MeetingOf,
    (posted_on, note): (NaiveDate, &str),
    lines: &[(i64, NaiveDate)],
    by_user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO notices (campaign_id, meeting_id, posted_on, note, posted_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id) DO NOTHING RETURNING id",
        key.campaign,
        key.meeting,
        posted_on,
        note,
        by_user
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(id) = id else {
        return Ok(None);
    };
    sqlx::query!(
        "INSERT INTO notice_lines (notice_id, line_id, ends_on)
         SELECT $1, x.l, x.e FROM UNNEST($2::int8[], $3::date[]) AS x(l, e)",
        id,
        &lines.iter().map(|l| l.0).collect::<Vec<_>>(),
        &lines.iter().map(|l| l.1).collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

/// A line of a notice with what the council decided and where its period stands.
#[derive(Clone, Debug)]
pub struct NoticeLine {
    pub line_id: i64,
    pub subject: String,
    pub unit_name: String,
    pub title_vi: String,
    pub title_en: String,
    pub level: String,
    pub votes_for: Option<i32>,
    pub counted_over: Option<i32>,
    pub ends_on: NaiveDate,
    pub withdrawn: bool,
}

pub async fn lines(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<NoticeLine>, sqlx::Error> {
    sqlx::query_as!(
        NoticeLine,
        r#"SELECT nl.line_id, coalesce(pe.full_name, u.name)::text AS "subject!",
                  u.name::text AS "unit_name!", t.name_vi AS title_vi, t.name_en AS title_en, t.level,
                  a.votes_for, a.counted_over, nl.ends_on, nl.withdrawn
           FROM notice_lines nl
           JOIN notices n ON n.id = nl.notice_id
           JOIN proposal_lines l ON l.id = nl.line_id
           JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN titles t ON t.id = l.title_id
           LEFT JOIN people pe ON pe.id = l.person_id
           LEFT JOIN council_agenda a ON a.meeting_id = n.meeting_id AND a.line_id = l.id
           WHERE nl.notice_id = $1
           ORDER BY t.position, t.id, u.path, l.person_id IS NOT NULL, pe.given_name, pe.full_name, l.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A comment or an objection with its resolution.
#[derive(Clone, Debug)]
pub struct Comment {
    pub id: i64,
    pub line_id: i64,
    pub user_id: i64,
    pub author: String,
    pub kind: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub outcome: Option<String>,
    pub resolution: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
}

pub async fn comments(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<Comment>, sqlx::Error> {
    sqlx::query_as!(
        Comment,
        r#"SELECT c.id, c.line_id, c.user_id, coalesce(p.full_name::text, u.display_name) AS "author!",
                  c.kind, c.body, c.created_at, c.outcome, c.resolution, c.resolved_at
           FROM notice_comments c JOIN users u ON u.id = c.user_id
           LEFT JOIN people p ON p.id = u.person_id
           WHERE c.notice_id = $1 ORDER BY c.id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// A comment of user `key.user` on line `key.line` of notice `key.notice`: its id.
pub async fn add_comment(
    db: impl PgExecutor<'_>,
    key: CommentBy,
    kind: &str,
    body: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO notice_comments (notice_id, line_id, user_id, kind, body)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        key.notice,
        key.line,
        key.user,
        kind,
        body
    )
    .fetch_one(db)
    .await
}

/// Resolves comment `key.comment` of notice `key.notice` unless resolved meanwhile; an upheld
/// objection withdraws its line. The line, or `None`.
pub async fn resolve(
    tx: &mut super::Tx<'_>,
    key: CommentOf,
    (outcome, resolution): (&str, &str),
    by_user: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let line = sqlx::query_scalar!(
        "UPDATE notice_comments SET outcome = $3, resolution = $4, resolved_by = $5, resolved_at = now()
         WHERE id = $2 AND notice_id = $1 AND outcome IS NULL RETURNING line_id",
        key.notice,
        key.comment,
        outcome,
        resolution,
        by_user
    )
    .fetch_optional(&mut **tx)
    .await?;
    if let (Some(l), "upheld") = (line, outcome) {
        sqlx::query!(
            "UPDATE notice_lines SET withdrawn = true WHERE notice_id = $1 AND line_id = $2",
            key.notice,
            l
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(line)
}

/// Whether line `line_id` may be decided on `today`: posted, its period over, not withdrawn, and
/// no objection to it unresolved. The reason when not: "not_posted", "in_notice", "withdrawn",
/// "objection".
pub async fn decidable(
    db: impl PgExecutor<'_>,
    line_id: i64,
    today: NaiveDate,
) -> Result<Result<(), &'static str>, sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT nl.ends_on, nl.withdrawn,
                  EXISTS (SELECT 1 FROM notice_comments c WHERE c.notice_id = nl.notice_id
                          AND c.line_id = nl.line_id AND c.kind = 'objection' AND c.outcome IS NULL) AS "open!"
           FROM notice_lines nl WHERE nl.line_id = $1"#,
        line_id
    )
    .fetch_optional(db)
    .await?;
    Ok(match r {
        None => Err("not_posted"),
        Some(r) if r.withdrawn => Err("withdrawn"),
        Some(r) if r.open => Err("objection"),
        Some(r) if r.ends_on >= today => Err("in_notice"),
        Some(_) => Ok(()),
    })
}

/// The campaigns that have a notice.
pub async fn campaigns(db: impl PgExecutor<'_>) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT DISTINCT campaign_id FROM notices ORDER BY campaign_id")
        .fetch_all(db)
        .await
}
