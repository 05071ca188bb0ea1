//! What waits on a signed-in person ("Việc cần làm"), read in one statement across their roles:
//! the Director's drafts, the Office's lines, meetings, notices and decisions, a council member's
//! meetings and ballots, a unit head's registrations, review and proposal, a member of staff's
//! registration and self-assessment. What each row means is `domain::tasks`.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

/// Whose tasks: the account, its person, and the subtrees of its roles (LIKE patterns).
#[derive(Clone, Debug, Default)]
pub struct Whose {
    pub user_id: i64,
    pub person_id: Option<i64>,
    /// where the user signs decisions and submissions (the Director, a deputy)
    pub signs: Vec<String>,
    /// where the user is the Office
    pub office: Vec<String>,
    /// the units the user heads, and their subtrees
    pub head_units: Vec<i64>,
    pub head_scope: Vec<String>,
    pub today: NaiveDate,
    /// how many days before a campaign's proposal deadline the year-end tasks appear
    pub lead_days: i32,
}

/// A row of the tasks: its kind's code, the campaign, what it is about and when it falls due
/// (`due_on`, or `days` working days after the day of `since`).
#[derive(Clone, Debug)]
pub struct TaskRow {
    pub kind: String,
    pub campaign_id: i64,
    pub campaign: String,
    pub target: i64,
    pub name: String,
    pub n: i64,
    pub due_on: Option<NaiveDate>,
    pub since: Option<DateTime<Utc>>,
    pub days: Option<i32>,
}

/// Every task of `w`, in no particular order.
pub async fn of(db: impl PgExecutor<'_>, w: &Whose) -> Result<Vec<TaskRow>, sqlx::Error> {
    // the statement is the SQL function tasks_of (migration 54), so that its plan is reused
    sqlx::query_as!(
        TaskRow,
        r#"SELECT kind AS "kind!", campaign_id AS "campaign_id!", campaign AS "campaign!",
                  target AS "target!", name AS "name!", n AS "n!", due_on, since, days
           FROM tasks_of($1, $2, $3, $4, $5, $6, $7, $8)"#,
        w.user_id,
        w.person_id,
        &w.signs,
        &w.office,
        &w.head_units,
        &w.head_scope,
        w.today,
        w.lead_days,
    )
    .fetch_all(db)
    .await
}

/// What has happened in campaign `id`, as far as its phases go (`published` and `closed` are the
/// caller's, from the campaign's stage), and the status of person `person`'s registration in it.
pub async fn progress(
    db: impl PgExecutor<'_>,
    id: i64,
    person: Option<i64>,
) -> Result<(crate::domain::campaign::phases::Progress, Option<String>), sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM unit_reviews WHERE campaign_id = $1 AND held_on IS NOT NULL) AS "reviews!",
                  (SELECT count(*) FROM proposals WHERE campaign_id = $1 AND submissions > 0) AS "proposals!",
                  (SELECT count(*) FROM council_meetings WHERE campaign_id = $1) AS "meetings!",
                  (SELECT count(*) FROM notices WHERE campaign_id = $1) AS "notices!",
                  (SELECT count(*) FROM decisions WHERE campaign_id = $1) AS "decisions!",
                  (SELECT count(*) FROM decisions WHERE campaign_id = $1 AND status = 'issued') AS "issued!",
                  (SELECT status FROM registrations WHERE campaign_id = $1 AND person_id = $2) AS "mine?""#,
        id,
        person
    )
    .fetch_one(db)
    .await?;
    let p = crate::domain::campaign::phases::Progress {
        published: false,
        closed: false,
        reviews_held: r.reviews,
        proposals_sent: r.proposals,
        meetings: r.meetings,
        notices: r.notices,
        decisions: r.decisions,
        decisions_issued: r.issued,
    };
    Ok((p, r.mine))
}
