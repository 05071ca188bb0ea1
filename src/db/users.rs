//! Accounts and their roles.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::{PgExecutor, Postgres, Transaction};

pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
    pub active: bool,
}

pub async fn for_login(
    db: impl PgExecutor<'_>,
    username: &str,
) -> Result<Option<LoginRow>, sqlx::Error> {
    sqlx::query_as!(
        LoginRow,
        "SELECT id, password_hash, active FROM users WHERE username = $1",
        username
    )
    .fetch_optional(db)
    .await
}

pub async fn mark_login(db: impl PgExecutor<'_>, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query!("UPDATE users SET last_login_at = now() WHERE id = $1", id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn password_hash(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT password_hash FROM users WHERE id = $1", id)
        .fetch_optional(db)
        .await
}

/// Sets a new password hash. `must_change` true when an administrator set it.
pub async fn set_password(
    db: impl PgExecutor<'_>,
    id: i64,
    hash: &str,
    must_change: bool,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE users SET password_hash = $2, must_change_password = $3, version = version + 1, updated_at = now() WHERE id = $1",
        id,
        hash,
        must_change
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

pub struct UserListRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub active: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub unit_name: Option<String>,
    pub roles: Vec<String>,
}

/// Whose accounts an administrator manages: those whose unit (the common unit of the person's and
/// every role's, `user_unit_path`) lies in one of `patterns`, and, for an administrator of the
/// whole organisation (`all`), the accounts with neither a person nor a role.
#[derive(Clone, Debug)]
pub struct AccountScope {
    pub patterns: Vec<String>,
    pub all: bool,
}

pub async fn count(
    db: impl PgExecutor<'_>,
    q: Option<&str>,
    scope: &AccountScope,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM users u, LATERAL (SELECT user_unit_path(u.id) AS path) a
           WHERE ($1::text IS NULL OR thidua_fold(u.username || ' ' || u.display_name) LIKE '%' || thidua_fold($1) || '%')
             AND (a.path LIKE ANY($2) OR ($3 AND a.path IS NULL))"#,
        q,
        &scope.patterns,
        scope.all
    )
    .fetch_one(db)
    .await
}

/// Account figures over the accounts an administrator of a subtree manages (the home page; an
/// administrator of the whole organisation reads them from `home_data`, cached per server).
pub async fn counts_in(
    db: impl PgExecutor<'_>,
    scope: &AccountScope,
) -> Result<crate::db::campaigns::AccountCounts, sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT count(*) AS "accounts!",
                  count(*) FILTER (WHERE NOT u.active) AS "disabled!",
                  count(*) FILTER (WHERE u.must_change_password AND u.active) AS "must_change!",
                  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id)) AS "no_role!"
           FROM users u, LATERAL (SELECT user_unit_path(u.id) AS path) a
           WHERE a.path LIKE ANY($1) OR ($2 AND a.path IS NULL)"#,
        &scope.patterns,
        scope.all
    )
    .fetch_one(db)
    .await?;
    Ok(crate::db::campaigns::AccountCounts {
        accounts: r.accounts,
        disabled: r.disabled,
        must_change: r.must_change,
        no_role: r.no_role,
    })
}

/// The unit an account lies in (see [`AccountScope`]): `None` when there is no such account,
/// `Some(None)` for an account with neither a person nor a role.
pub async fn unit_path(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<Option<String>>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT user_unit_path(id) AS path FROM users WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await?
    .map(|r| r.path))
}

/// Locks an account row for a change and returns its unit (as [`unit_path`]), inside the
/// transaction that makes the change, so the scope check and the change see the same roles.
pub async fn lock_unit_path(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
) -> Result<Option<Option<String>>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT user_unit_path(id) AS path FROM users WHERE id = $1 FOR UPDATE",
        id
    )
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.path))
}

/// A person to link a new account to, found by employee code.
pub struct LinkCandidate {
    pub id: i64,
    pub full_name: String,
    pub unit_path: String,
    pub linked: bool,
}

pub async fn person_by_code(
    db: impl PgExecutor<'_>,
    code: &str,
) -> Result<Option<LinkCandidate>, sqlx::Error> {
    sqlx::query_as!(
        LinkCandidate,
        r#"SELECT p.id, p.full_name AS "full_name!", u.path AS unit_path,
                  EXISTS (SELECT 1 FROM users a WHERE a.person_id = p.id) AS "linked!"
           FROM people p JOIN units u ON u.id = p.unit_id WHERE p.employee_code = $1"#,
        code
    )
    .fetch_optional(db)
    .await
}

pub async fn page(
    db: impl PgExecutor<'_>,
    q: Option<&str>,
    scope: &AccountScope,
    limit: i64,
    offset: i64,
) -> Result<Vec<UserListRow>, sqlx::Error> {
    sqlx::query_as!(
        UserListRow,
        r#"SELECT u.id, u.username, u.display_name, u.active, u.must_change_password, u.last_login_at,
                  un.name AS "unit_name?",
                  coalesce((SELECT array_agg(DISTINCT r.role) FROM user_roles r WHERE r.user_id = u.id), '{}') AS "roles!"
           FROM users u LEFT JOIN people p ON p.id = u.person_id LEFT JOIN units un ON un.id = p.unit_id,
                LATERAL (SELECT user_unit_path(u.id) AS path) a
           WHERE ($1::text IS NULL OR thidua_fold(u.username || ' ' || u.display_name) LIKE '%' || thidua_fold($1) || '%')
             AND (a.path LIKE ANY($4) OR ($5 AND a.path IS NULL))
           ORDER BY u.username LIMIT $2 OFFSET $3"#,
        q,
        limit,
        offset,
        &scope.patterns,
        scope.all
    )
    .fetch_all(db)
    .await
}

pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub sessions: i64,
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<UserRow>, sqlx::Error> {
    sqlx::query_as!(
        UserRow,
        r#"SELECT u.id, u.username, u.display_name, u.person_id, p.full_name AS "person_name?", u.active,
                  u.must_change_password, u.last_login_at, u.created_at,
                  (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now()) AS "sessions!"
           FROM users u LEFT JOIN people p ON p.id = u.person_id WHERE u.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub struct RoleRow {
    pub id: i64,
    pub role: String,
    pub unit_id: i64,
    pub unit_code: String,
    pub unit_name: String,
}

pub async fn roles(db: impl PgExecutor<'_>, user_id: i64) -> Result<Vec<RoleRow>, sqlx::Error> {
    sqlx::query_as!(
        RoleRow,
        r#"SELECT r.id, r.role, r.unit_id, u.code AS unit_code, u.name AS "unit_name!"
           FROM user_roles r JOIN units u ON u.id = r.unit_id WHERE r.user_id = $1 ORDER BY r.id"#,
        user_id
    )
    .fetch_all(db)
    .await
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    username: &str,
    hash: &str,
    display_name: &str,
    person_id: Option<i64>,
    must_change: bool,
) -> Result<(i64, Value), sqlx::Error> {
    let r = sqlx::query!(
        r#"INSERT INTO users (username, password_hash, display_name, person_id, must_change_password)
           VALUES ($1, $2, $3, $4, $5) RETURNING id, to_jsonb(users.*) - 'password_hash' AS "row!""#,
        username,
        hash,
        display_name,
        person_id,
        must_change
    )
    .fetch_one(db)
    .await?;
    Ok((r.id, r.row))
}

pub async fn set_active(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    active: bool,
) -> Result<Option<(Value, Value)>, sqlx::Error> {
    let r = sqlx::query!(
        r#"WITH old AS (SELECT to_jsonb(u.*) - 'password_hash' AS j FROM users u WHERE id = $1 FOR UPDATE)
           UPDATE users SET active = $2, version = version + 1, updated_at = now()
           FROM old WHERE users.id = $1 AND users.active <> $2
           RETURNING old.j AS "before!", to_jsonb(users.*) - 'password_hash' AS "after!""#,
        id,
        active
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(r.map(|r| (r.before, r.after)))
}

pub async fn add_role(
    db: impl PgExecutor<'_>,
    user_id: i64,
    role: &str,
    unit_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id",
        user_id,
        role,
        unit_id
    )
    .fetch_optional(db)
    .await
}

pub async fn remove_role(
    db: impl PgExecutor<'_>,
    user_id: i64,
    role_id: i64,
) -> Result<Option<Value>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"DELETE FROM user_roles WHERE id = $1 AND user_id = $2 RETURNING to_jsonb(user_roles.*) AS "row!""#,
        role_id,
        user_id
    )
    .fetch_optional(db)
    .await
}

/// Where a user's notifications may be e-mailed: the switch on the account, the person's address.
pub struct EmailPrefs {
    pub email_notifications: bool,
    pub email: Option<String>,
}

pub async fn email_prefs(db: impl PgExecutor<'_>, id: i64) -> Result<EmailPrefs, sqlx::Error> {
    sqlx::query_as!(
        EmailPrefs,
        r#"SELECT a.email_notifications, p.email AS "email?" FROM users a
           LEFT JOIN people p ON p.id = a.person_id WHERE a.id = $1"#,
        id
    )
    .fetch_one(db)
    .await
}

pub async fn set_email_notifications(
    db: impl PgExecutor<'_>,
    id: i64,
    on: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE users SET email_notifications = $2 WHERE id = $1",
        id,
        on
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the account still holds an administrator role somewhere.
pub async fn is_admin(db: impl PgExecutor<'_>, id: i64) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM user_roles WHERE user_id = $1 AND role = 'admin') AS "x!""#,
        id
    )
    .fetch_one(db)
    .await
}
