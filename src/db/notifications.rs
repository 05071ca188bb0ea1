//! In-app notifications: a message kind with arguments (rendered in the reader's language), a link,
//! and a de-duplication key so that a reminder is sent once even with several servers.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgExecutor, Postgres, Transaction};

/// Notifies the account of a person (if they have an active one).
pub async fn notify_person(
    tx: &mut Transaction<'_, Postgres>,
    person_id: i64,
    kind: &str,
    link: &str,
    args: &[&str],
    dedupe: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, link, args, dedupe)
         SELECT id, $2, $3, $4, $5 FROM users WHERE person_id = $1 AND active
         ON CONFLICT (user_id, dedupe) WHERE dedupe IS NOT NULL DO NOTHING",
        person_id,
        kind,
        link,
        serde_json::json!(args),
        dedupe
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Notifies an account (if it is active).
pub async fn notify_user(
    tx: &mut Transaction<'_, Postgres>,
    user_id: i64,
    kind: &str,
    link: &str,
    args: &[&str],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, link, args)
         SELECT id, $2, $3, $4 FROM users WHERE id = $1 AND active",
        user_id,
        kind,
        link,
        serde_json::json!(args)
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Notifies the unit heads whose scope covers the unit at `unit_path`.
pub async fn notify_unit_heads(
    tx: &mut Transaction<'_, Postgres>,
    unit_path: &str,
    kind: &str,
    link: &str,
    args: &[&str],
    dedupe: Option<&str>,
) -> Result<(), sqlx::Error> {
    let who = Holders {
        roles: &["unit_head"],
        over: unit_path,
        except: None,
    };
    notify_holders(tx, &who, (kind, link, args), dedupe).await
}

/// The accounts holding one of `roles` over a subtree containing the unit at `over`, but `except`.
pub struct Holders<'a> {
    pub roles: &'a [&'a str],
    pub over: &'a str,
    pub except: Option<i64>,
}

/// Notifies the active accounts `who` names (the unit heads of a unit, those who sign a unit's
/// decisions), each once.
pub async fn notify_holders(
    tx: &mut Transaction<'_, Postgres>,
    who: &Holders<'_>,
    (kind, link, args): (&str, &str, &[&str]),
    dedupe: Option<&str>,
) -> Result<(), sqlx::Error> {
    let roles: Vec<String> = who.roles.iter().map(|r| r.to_string()).collect();
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, link, args, dedupe)
         SELECT DISTINCT a.id, $4, $5, $6::jsonb, $7 FROM users a
         JOIN user_roles r ON r.user_id = a.id AND r.role = ANY($2)
         JOIN units u ON u.id = r.unit_id
         WHERE a.active AND $1 LIKE u.path || '%' AND a.id IS DISTINCT FROM $3
         ON CONFLICT (user_id, dedupe) WHERE dedupe IS NOT NULL DO NOTHING",
        who.over,
        &roles,
        who.except,
        kind,
        link,
        serde_json::json!(args),
        dedupe
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Notifies the members seated on `on` in the council of unit `issuer_unit_id` for `year`, except
/// `except`.
pub async fn notify_council(
    tx: &mut Transaction<'_, Postgres>,
    (issuer_unit_id, year, on): (i64, i32, chrono::NaiveDate),
    except: i64,
    (kind, link, args): (&str, &str, &[&str]),
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, link, args)
         SELECT DISTINCT a.id, $5, $6, $7::jsonb FROM council_seats s JOIN users a ON a.id = s.user_id
         WHERE s.unit_id = $1 AND s.year = $2 AND s.from_date <= $3
           AND (s.to_date IS NULL OR s.to_date >= $3) AND a.active AND a.id <> $4",
        issuer_unit_id,
        year,
        on,
        except,
        kind,
        link,
        serde_json::json!(args)
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Notifies the people a decision awards (each person's line not revoked; a unit's line reaches
/// its heads through `notify_unit_heads`, not here).
pub async fn notify_awarded(
    tx: &mut Transaction<'_, Postgres>,
    decision_id: i64,
    (kind, link, args): (&str, &str, &[&str]),
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO notifications (user_id, kind, link, args)
         SELECT DISTINCT a.id, $2, $3, $4::jsonb FROM decision_lines dl
         JOIN proposal_lines l ON l.id = dl.line_id
         JOIN users a ON a.person_id = l.person_id AND a.active
         WHERE dl.decision_id = $1 AND NOT dl.revoked",
        decision_id,
        kind,
        link,
        serde_json::json!(args)
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub struct NotificationRow {
    pub id: i64,
    pub kind: String,
    pub link: String,
    pub args: Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl NotificationRow {
    pub fn arg_list(&self) -> Vec<String> {
        self.args
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| {
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string())
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub async fn page(
    db: impl PgExecutor<'_>,
    user_id: i64,
    limit: i64,
    offset: i64,
) -> Result<Vec<NotificationRow>, sqlx::Error> {
    sqlx::query_as!(
        NotificationRow,
        "SELECT id, kind, link, args, created_at, read_at FROM notifications
         WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
        user_id,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

pub async fn count(db: impl PgExecutor<'_>, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM notifications WHERE user_id = $1"#,
        user_id
    )
    .fetch_one(db)
    .await
}

/// Marks all (or one) of a user's notifications read; returns how many changed.
pub async fn mark_read(
    db: impl PgExecutor<'_>,
    user_id: i64,
    id: Option<i64>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE notifications SET read_at = now()
         WHERE user_id = $1 AND read_at IS NULL AND ($2::int8 IS NULL OR id = $2)",
        user_id,
        id
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// Deadline reminders: for every live campaign whose registration closes within `days` days of
/// `today`, everyone it reaches who has not sent a registration gets one reminder for that threshold
/// (7 days, 1 day: de-duplicated, so a server that was down on the day still sends it, once).
/// Returns the number of notifications written.
pub async fn deadline_reminders(
    db: impl PgExecutor<'_>,
    today: chrono::NaiveDate,
    days: i32,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, link, args, dedupe)
           SELECT a.id, 'deadline', '/campaigns/' || c.id || '/register',
                  jsonb_build_array(c.title, to_char(c.registration_closes, 'DD/MM/YYYY'),
                                    (c.registration_closes - $1::date)::text),
                  'deadline:' || c.id || ':' || $2::int4
           FROM campaigns c
           JOIN units iu ON iu.id = c.issuer_unit_id
           JOIN units pu ON pu.path LIKE iu.path || '%'
           JOIN people p ON p.unit_id = pu.id AND p.active
           JOIN users a ON a.person_id = p.id AND a.active
           LEFT JOIN registrations r ON r.campaign_id = c.id AND r.person_id = p.id
           WHERE c.stage NOT IN ('draft', 'closed')
             AND c.registration_closes BETWEEN $1::date AND $1::date + $2::int4
             -- the week's reminder only while more than a day is left (the last day has its own)
             AND ($2::int4 = 1 OR c.registration_closes > $1::date + 1)
             AND (r.id IS NULL OR r.status IN ('draft', 'withdrawn'))
           ON CONFLICT (user_id, dedupe) WHERE dedupe IS NOT NULL DO NOTHING"#,
        today,
        days
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// The e-mail outbox's length (the metrics' `thidua_mail_outbox_pending`): notifications no sender
/// has settled yet (never considered, or waiting to be tried again), read from their partial index.
pub async fn email_pending(db: impl PgExecutor<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT count(*) AS "n!" FROM notifications WHERE email_state IS NULL"#)
        .fetch_one(db)
        .await
}
