//! The organisation chart.

use chrono::NaiveDate;
use serde_json::Value;
use sqlx::{PgExecutor, Postgres, Transaction};

#[derive(Clone, Debug)]
pub struct UnitRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub path: String,
    pub depth: i32,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub merged_into_id: Option<i64>,
    pub version: i32,
    /// active people directly in the unit
    pub people: i64,
}

impl UnitRow {
    pub fn is_open(&self) -> bool {
        self.valid_to
            .is_none_or(|d| d >= crate::domain::dates::today_vn())
    }
}

/// Every unit (open and closed) with its direct active headcount, in chart order.
pub async fn all(db: impl PgExecutor<'_>) -> Result<Vec<UnitRow>, sqlx::Error> {
    sqlx::query_as!(
        UnitRow,
        r#"SELECT u.id, u.code, u.name AS "name!", u.kind, u.parent_id, u.path, u.depth, u.valid_from, u.valid_to,
                  u.merged_into_id, u.version,
                  u.active_people::int8 AS "people!"
           FROM units u
           ORDER BY u.depth,
                    array_position(ARRAY['department','office','inspectorate','division','centre','district_office','other'], u.kind),
                    u.name"#
    )
    .fetch_all(db)
    .await
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<UnitRow>, sqlx::Error> {
    sqlx::query_as!(
        UnitRow,
        r#"SELECT u.id, u.code, u.name AS "name!", u.kind, u.parent_id, u.path, u.depth, u.valid_from, u.valid_to,
                  u.merged_into_id, u.version,
                  u.active_people::int8 AS "people!"
           FROM units u WHERE u.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// (id, name) of the units `ids`, by name.
pub async fn names_of(
    db: impl PgExecutor<'_>,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT id, name AS "name!" FROM units WHERE id = ANY($1) ORDER BY name"#,
        ids
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect())
}

/// The units open today under any of `patterns`, as (id, name, depth, path), in tree order.
pub async fn open_in(
    db: impl PgExecutor<'_>,
    patterns: &[String],
) -> Result<Vec<(i64, String, i32, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT id, name::text AS "name!", depth, path FROM units
           WHERE path LIKE ANY($1) AND (valid_to IS NULL OR valid_to >= current_date)
           ORDER BY path"#,
        patterns
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name, r.depth, r.path))
    .collect())
}

/// Every unit open today by code, and whether it lies under one of `patterns`.
pub async fn open_codes(
    db: impl PgExecutor<'_>,
    patterns: &[String],
) -> Result<Vec<(String, bool)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT code, path LIKE ANY($1) AS "allowed!" FROM units
           WHERE valid_to IS NULL OR valid_to >= current_date"#,
        patterns
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.code, r.allowed))
    .collect())
}

/// The ids of the units open today under `patterns`, by code.
pub async fn open_ids_by_code(
    db: impl PgExecutor<'_>,
    patterns: &[String],
) -> Result<std::collections::HashMap<String, i64>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT code, id FROM units WHERE (valid_to IS NULL OR valid_to >= current_date) AND path LIKE ANY($1)",
        patterns
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.code, r.id))
    .collect())
}

/// The materialised path of unit `id`.
pub async fn path_of(db: impl PgExecutor<'_>, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT path FROM units WHERE id = $1", id)
        .fetch_optional(db)
        .await
}

pub async fn by_code(db: impl PgExecutor<'_>, code: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!("SELECT id FROM units WHERE code = $1", code)
        .fetch_optional(db)
        .await
}

pub struct HistoryRow {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub change: String,
}

pub async fn history(
    db: impl PgExecutor<'_>,
    unit_id: i64,
) -> Result<Vec<HistoryRow>, sqlx::Error> {
    sqlx::query_as!(
        HistoryRow,
        "SELECT code, name, kind, valid_from, valid_to, change FROM unit_history WHERE unit_id = $1 ORDER BY valid_to DESC, id DESC",
        unit_id
    )
    .fetch_all(db)
    .await
}

pub struct NewUnit<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_id: Option<i64>,
    pub valid_from: NaiveDate,
}

/// Inserts a unit, computing its materialised path from the parent. Returns (id, row as JSON).
pub async fn insert(db: impl PgExecutor<'_>, u: &NewUnit<'_>) -> Result<(i64, Value), sqlx::Error> {
    let r = sqlx::query!(
        r#"WITH nid AS (SELECT nextval(pg_get_serial_sequence('units', 'id')) AS id),
                par AS (SELECT path, depth FROM units WHERE id = $4)
           INSERT INTO units (id, code, name, kind, parent_id, path, depth, valid_from)
           SELECT nid.id, $1, $2, $3, $4,
                  coalesce((SELECT path FROM par), '/') || nid.id || '/',
                  coalesce((SELECT depth + 1 FROM par), 0), $5
           FROM nid
           RETURNING id, to_jsonb(units.*) AS "row!""#,
        u.code,
        u.name,
        u.kind,
        u.parent_id,
        u.valid_from,
    )
    .fetch_one(db)
    .await?;
    Ok((r.id, r.row))
}

pub struct UnitChange<'a> {
    pub id: i64,
    pub version: i32,
    pub code: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub parent_id: Option<i64>,
    /// the date from which the new name/code/place applies
    pub effective: NaiveDate,
}

pub enum ChangeOutcome {
    Changed {
        before: Value,
        after: Value,
    },
    /// someone saved in between
    Stale,
}

/// Renames, recodes, re-kinds and/or moves a unit. The old values go to `unit_history`;
/// a move rewrites the materialised paths of the whole subtree.
pub async fn change(
    tx: &mut Transaction<'_, Postgres>,
    c: &UnitChange<'_>,
) -> Result<ChangeOutcome, sqlx::Error> {
    let Some(old) = sqlx::query!(
        r#"SELECT to_jsonb(u.*) AS "row!", code, name AS "name!", kind, parent_id, path, valid_from, version
           FROM units u WHERE id = $1 FOR UPDATE"#,
        c.id
    )
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Err(sqlx::Error::RowNotFound);
    };
    if old.version != c.version {
        return Ok(ChangeOutcome::Stale);
    }
    let renamed = old.code != c.code || old.name != c.name || old.kind != c.kind;
    let moved = old.parent_id != c.parent_id;
    if renamed || moved {
        let change = match (renamed, moved) {
            (true, true) => "rename_move",
            (true, false) => "rename",
            _ => "move",
        };
        let until = c
            .effective
            .pred_opt()
            .unwrap_or(c.effective)
            .max(old.valid_from);
        sqlx::query!(
            "INSERT INTO unit_history (unit_id, code, name, kind, parent_id, valid_from, valid_to, change)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            c.id,
            old.code,
            old.name,
            old.kind,
            old.parent_id,
            old.valid_from,
            until,
            change
        )
        .execute(&mut **tx)
        .await?;
    }
    if moved {
        let new_parent_path: Option<String> = match c.parent_id {
            Some(p) => {
                sqlx::query_scalar!("SELECT path FROM units WHERE id = $1", p)
                    .fetch_optional(&mut **tx)
                    .await?
            }
            None => Some("/".to_string()),
        };
        let new_parent_path = new_parent_path.ok_or(sqlx::Error::RowNotFound)?;
        let new_path = format!("{new_parent_path}{}/", c.id);
        let depth_shift =
            new_path.matches('/').count() as i32 - old.path.matches('/').count() as i32;
        sqlx::query!(
            "UPDATE units SET path = $2 || substr(path, length($1) + 1), depth = depth + $3
             WHERE path LIKE $1 || '%'",
            old.path,
            new_path,
            depth_shift
        )
        .execute(&mut **tx)
        .await?;
    }
    let new_from = if renamed || moved {
        c.effective.max(old.valid_from)
    } else {
        old.valid_from
    };
    let after = sqlx::query_scalar!(
        r#"UPDATE units SET code = $2, name = $3, kind = $4, parent_id = $5, valid_from = $6,
                  version = version + 1, updated_at = now()
           WHERE id = $1 RETURNING to_jsonb(units.*) AS "row!""#,
        c.id,
        c.code,
        c.name,
        c.kind,
        c.parent_id,
        new_from
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(ChangeOutcome::Changed {
        before: old.row,
        after,
    })
}

/// Closes a unit (valid_to), optionally recording the unit it merged into.
pub async fn close(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
    valid_to: NaiveDate,
    merged_into: Option<i64>,
) -> Result<ChangeOutcome, sqlx::Error> {
    let before = sqlx::query!(
        r#"SELECT to_jsonb(u.*) AS "row!", version FROM units u WHERE id = $1 FOR UPDATE"#,
        id
    )
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(sqlx::Error::RowNotFound)?;
    if before.version != version {
        return Ok(ChangeOutcome::Stale);
    }
    let after = sqlx::query_scalar!(
        r#"UPDATE units SET valid_to = $2, merged_into_id = $3, version = version + 1, updated_at = now()
           WHERE id = $1 RETURNING to_jsonb(units.*) AS "row!""#,
        id,
        valid_to,
        merged_into
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(ChangeOutcome::Changed {
        before: before.row,
        after,
    })
}

/// Open units (and their ancestors' names are not needed): id, code, name, path, depth, for selects.
pub struct UnitOption {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub path: String,
    pub depth: i32,
}

/// Open units within any of the LIKE `scope` patterns, in path order (a tree when indented by depth).
pub async fn options(
    db: impl PgExecutor<'_>,
    scope: &[String],
) -> Result<Vec<UnitOption>, sqlx::Error> {
    sqlx::query_as!(
        UnitOption,
        r#"SELECT id, code, name AS "name!", path, depth FROM units
           WHERE (valid_to IS NULL OR valid_to >= current_date) AND path LIKE ANY($1)
           ORDER BY depth, name"#,
        scope
    )
    .fetch_all(db)
    .await
}

/// The head of unit `unit_id` as a report prints them: the person of an account holding the unit
/// head's role there, else the member whose position heads the unit ("Trưởng phòng", "Giám đốc
/// …", "Chánh …"): (full name, position). `None` when neither is known.
pub async fn head(
    db: impl PgExecutor<'_>,
    unit_id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT p.full_name::text AS "name!", coalesce(p.position, '')::text AS "position!",
                  EXISTS (SELECT 1 FROM users a JOIN user_roles r ON r.user_id = a.id
                           WHERE a.person_id = p.id AND r.role = 'unit_head'
                             AND r.unit_id = $1) AS "role!"
             FROM people p
            WHERE p.unit_id = $1 AND p.active
              AND (p.position ILIKE 'Trưởng %' OR p.position ILIKE 'Giám đốc%'
                   OR p.position ILIKE 'Chánh %'
                   OR EXISTS (SELECT 1 FROM users a JOIN user_roles r ON r.user_id = a.id
                               WHERE a.person_id = p.id AND r.role = 'unit_head' AND r.unit_id = $1))
            ORDER BY 3 DESC, p.id
            LIMIT 1"#,
        unit_id
    )
    .fetch_optional(db)
    .await?;
    Ok(rows.map(|r| (r.name, r.position)))
}
