//! Signing delegations: a deputy signs a unit's award decisions for its Director ("KT. GIÁM ĐỐC")
//! only under one of these, dated and scoped.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgExecutor;

/// A delegation as the page lists it.
pub struct Delegation {
    pub id: i64,
    pub unit_name: String,
    pub unit_path: String,
    pub delegate: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub kinds: Vec<String>,
    pub basis: String,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub revoked_by: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The delegations of the units under `patterns` (LIKE), current ones first, newest first.
pub async fn list(
    db: impl PgExecutor<'_>,
    patterns: &[String],
) -> Result<Vec<Delegation>, sqlx::Error> {
    sqlx::query_as!(
        Delegation,
        r#"SELECT g.id, u.name AS unit_name, u.path AS unit_path, d.display_name AS delegate,
                  g.valid_from, g.valid_to, g.kinds, g.basis, c.display_name AS "created_by?",
                  g.created_at, r.display_name AS "revoked_by?", g.revoked_at
             FROM signing_delegations g
             JOIN units u ON u.id = g.issuer_unit_id
             JOIN users d ON d.id = g.delegate_id
             LEFT JOIN users c ON c.id = g.created_by
             LEFT JOIN users r ON r.id = g.revoked_by
            WHERE u.path LIKE ANY($1)
            ORDER BY g.revoked_at IS NOT NULL, g.valid_to < current_date, g.valid_from DESC, g.id DESC"#,
        patterns
    )
    .fetch_all(db)
    .await
}

/// The delegation under which `delegate` may sign a decision of unit `unit` dated `on` of a
/// campaign of `kind`: (its id, its basis), if one is in force.
pub async fn covering(
    db: impl PgExecutor<'_>,
    delegate: i64,
    (unit, on, kind): (i64, NaiveDate, &str),
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let r = sqlx::query!(
        "SELECT id, basis FROM signing_delegations
          WHERE delegate_id = $1 AND issuer_unit_id = $2 AND revoked_at IS NULL
            AND $3::date BETWEEN valid_from AND valid_to
            AND (kinds = '{}' OR $4 = ANY(kinds))
          ORDER BY valid_from DESC, id DESC LIMIT 1",
        delegate,
        unit,
        on,
        kind
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.id, r.basis)))
}

/// What a new delegation says.
pub struct NewDelegation<'a> {
    pub unit: i64,
    pub delegate: i64,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kinds: &'a [String],
    pub basis: &'a str,
}

pub async fn create(
    db: impl PgExecutor<'_>,
    g: &NewDelegation<'_>,
    by: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO signing_delegations (issuer_unit_id, delegate_id, valid_from, valid_to, kinds, basis, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        g.unit,
        g.delegate,
        g.from,
        g.to,
        g.kinds,
        g.basis,
        by
    )
    .fetch_one(db)
    .await
}

/// Revokes delegation `id` if it lies under `patterns` and is not revoked: its unit's path and
/// delegate's name.
pub async fn revoke(
    db: impl PgExecutor<'_>,
    id: i64,
    patterns: &[String],
    by: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let r = sqlx::query!(
        r#"UPDATE signing_delegations g SET revoked_by = $3, revoked_at = now()
             FROM units u, users d
            WHERE g.id = $1 AND u.id = g.issuer_unit_id AND d.id = g.delegate_id
              AND u.path LIKE ANY($2) AND g.revoked_at IS NULL
        RETURNING u.path, d.display_name"#,
        id,
        patterns,
        by
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.path, r.display_name)))
}

/// Who may be delegated to for each of the units `ids`: the active accounts holding the deputy
/// director's role over it, as (unit, account, name), by unit and name.
pub async fn deputies(
    db: impl PgExecutor<'_>,
    ids: &[i64],
) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT DISTINCT t.id AS unit, u.id, u.display_name
             FROM units t
             JOIN units x ON t.path LIKE x.path || '%'
             JOIN user_roles r ON r.unit_id = x.id AND r.role = 'deputy_director'
             JOIN users u ON u.id = r.user_id AND u.active
            WHERE t.id = ANY($1)
            ORDER BY t.id, u.display_name"#,
        ids
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.unit, r.id, r.display_name))
        .collect())
}

/// Records the delegation a decision was approved under.
pub async fn mark_decision(
    db: impl PgExecutor<'_>,
    decision: i64,
    delegation: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE decisions SET delegation_id = $2 WHERE id = $1",
        decision,
        delegation
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The units `ids` (id, name, path), by path.
pub async fn units(
    db: impl PgExecutor<'_>,
    ids: &[i64],
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "SELECT id, name, path FROM units WHERE id = ANY($1) ORDER BY path",
        ids
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.name, r.path)).collect())
}
