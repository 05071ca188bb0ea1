//! The append-only audit log. `record` is called inside the same transaction as the change.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgExecutor;

/// Who made a change.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub username: String,
    pub ip: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor {
            user_id: None,
            username: name.to_string(),
            ip: None,
        }
    }
    /// A signed-in user at an address.
    pub fn signed_in(user_id: i64, username: &str, ip: &str) -> Actor {
        Actor {
            user_id: Some(user_id),
            username: username.to_string(),
            ip: Some(ip.to_string()),
        }
    }
}

/// What a change was: its action and the thing it changed, a line in words, and the thing before
/// and after as JSON.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub summary: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Entry {
    pub fn new(action: &'static str, entity: &'static str, entity_id: impl Into<String>) -> Entry {
        Entry {
            action,
            entity,
            entity_id: entity_id.into(),
            summary: String::new(),
            before: None,
            after: None,
        }
    }
    pub fn summary(mut self, summary: impl Into<String>) -> Entry {
        self.summary = summary.into();
        self
    }
    pub fn before(mut self, before: impl Into<Option<Value>>) -> Entry {
        self.before = before.into();
        self
    }
    pub fn after(mut self, after: impl Into<Option<Value>>) -> Entry {
        self.after = after.into();
        self
    }
}

/// The last audited change to one thing: who made it and when. A save from a page read before it
/// is refused, and the refusal names this change.
#[derive(Clone, Debug, PartialEq)]
pub struct LastChange {
    pub who: String,
    pub at: DateTime<Utc>,
}

/// The last change to `entity` `entity_id`, if any was audited.
pub async fn last_change(
    db: impl PgExecutor<'_>,
    entity: &str,
    entity_id: &str,
) -> Result<Option<LastChange>, sqlx::Error> {
    sqlx::query_as!(
        LastChange,
        r#"SELECT COALESCE(NULLIF(u.display_name, ''), a.actor_username) AS "who!", a.at
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
           WHERE a.entity = $1 AND a.entity_id = $2
           ORDER BY a.id DESC LIMIT 1"#,
        entity,
        entity_id
    )
    .fetch_optional(db)
    .await
}

/// Writes `entry` by `actor` (call it inside the transaction of the change).
pub async fn record(
    db: impl PgExecutor<'_>,
    actor: &Actor,
    entry: Entry,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO audit_log (actor_user_id, actor_username, action, entity, entity_id, summary, before, after, ip)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        actor.user_id,
        actor.username,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.summary,
        entry.before,
        entry.after,
        actor.ip,
    )
    .execute(db)
    .await?;
    Ok(())
}

pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor_username: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub summary: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub ip: Option<String>,
}

#[derive(Default, Clone)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// Entries an administrator reads: those about units in their subtrees (`unit_path`, set by a
/// trigger from the entity), and for an administrator of the whole organisation also those about
/// what every unit shares (no unit).
pub async fn count(
    db: impl PgExecutor<'_>,
    f: &AuditFilter,
    scope: &crate::db::users::AccountScope,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM audit_log
           WHERE ($1::text IS NULL OR actor_username = $1)
             AND ($2::text IS NULL OR entity = $2)
             AND ($3::text IS NULL OR entity_id = $3)
             AND ($4::text IS NULL OR action = $4)
             AND ($5::date IS NULL OR at >= ($5::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))
             AND ($6::date IS NULL OR at < (($6::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))
             AND (unit_path LIKE ANY($7) OR ($8 AND unit_path IS NULL))"#,
        f.actor, f.entity, f.entity_id, f.action, f.from, f.to, &scope.patterns, scope.all
    )
    .fetch_one(db)
    .await
}

pub async fn page(
    db: impl PgExecutor<'_>,
    f: &AuditFilter,
    scope: &crate::db::users::AccountScope,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuditRow>, sqlx::Error> {
    sqlx::query_as!(
        AuditRow,
        r#"SELECT id, at, actor_username, action, entity, entity_id, summary, before, after, ip FROM audit_log
           WHERE ($1::text IS NULL OR actor_username = $1)
             AND ($2::text IS NULL OR entity = $2)
             AND ($3::text IS NULL OR entity_id = $3)
             AND ($4::text IS NULL OR action = $4)
             AND ($5::date IS NULL OR at >= ($5::date::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))
             AND ($6::date IS NULL OR at < (($6::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'))
             AND (unit_path LIKE ANY($9) OR ($10 AND unit_path IS NULL))
           ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8"#,
        f.actor, f.entity, f.entity_id, f.action, f.from, f.to, limit, offset, &scope.patterns, scope.all
    )
    .fetch_all(db)
    .await
}
