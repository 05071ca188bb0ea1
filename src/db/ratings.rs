//! Annual ratings of people and units, and the closing of a year.

use crate::db::audit::Entry;
use crate::db::audit::{self, Actor};
use sqlx::{PgExecutor, Postgres, Transaction};

/// A member of a unit with their rating of a year (if entered).
#[derive(Clone, Debug)]
pub struct MemberRating {
    pub person_id: i64,
    pub full_name: String,
    pub position: Option<String>,
    pub rating: Option<String>,
    pub score: Option<f64>,
    pub note: String,
    pub version: i32,
}

/// The active people of a unit (not its sub-units), by given name, with their ratings of `year`.
pub async fn members(
    db: impl PgExecutor<'_>,
    unit_id: i64,
    year: i32,
) -> Result<Vec<MemberRating>, sqlx::Error> {
    sqlx::query_as!(
        MemberRating,
        r#"SELECT p.id AS person_id, p.full_name::text AS "full_name!", p.position,
                  g.rating AS "rating?", g.score::float8 AS "score?",
                  coalesce(g.note, '') AS "note!", coalesce(g.version, 0) AS "version!"
           FROM people p
           LEFT JOIN ratings g ON g.person_id = p.id AND g.year = $2
           WHERE p.unit_id = $1 AND p.active
           ORDER BY p.given_name, p.full_name, p.id"#,
        unit_id,
        year
    )
    .fetch_all(db)
    .await
}

#[derive(Clone, Debug)]
pub struct UnitRating {
    pub rating: Option<String>,
    pub note: String,
    pub version: i32,
}

pub async fn unit_rating(
    db: impl PgExecutor<'_>,
    unit_id: i64,
    year: i32,
) -> Result<UnitRating, sqlx::Error> {
    Ok(sqlx::query_as!(
        UnitRating,
        r#"SELECT rating AS "rating?", note, version FROM ratings WHERE unit_id = $1 AND year = $2"#,
        unit_id,
        year
    )
    .fetch_optional(db)
    .await?
    .unwrap_or(UnitRating {
        rating: None,
        note: String::new(),
        version: 0,
    }))
}

/// A closing of a year's ratings that covers a unit.
pub struct Closure {
    pub closed_at: chrono::DateTime<chrono::Utc>,
    /// the unit whose subtree it closes
    pub unit_name: String,
    pub unit_path: String,
}

/// The closing of `year` that covers the unit at `path` (the widest, if several do).
pub async fn closed_for(
    db: impl PgExecutor<'_>,
    year: i32,
    path: &str,
) -> Result<Option<Closure>, sqlx::Error> {
    sqlx::query_as!(
        Closure,
        r#"SELECT c.closed_at, u.name::text AS "unit_name!", u.path AS unit_path
           FROM rating_closures c JOIN units u ON u.id = c.unit_id
           WHERE c.year = $1 AND $2 LIKE u.path || '%'
           ORDER BY length(u.path) LIMIT 1"#,
        year,
        path
    )
    .fetch_optional(db)
    .await
}

/// Orders the saving of a year's ratings against its closing and reopening: saves share the lock,
/// closing and reopening take it alone, so a save never slips in after a closing has been checked.
pub async fn lock_year(
    tx: &mut Transaction<'_, Postgres>,
    year: i32,
    exclusive: bool,
) -> Result<(), sqlx::Error> {
    if exclusive {
        sqlx::query!(
            "SELECT pg_advisory_xact_lock(hashtextextended('thidua-rating-year', $1))",
            year as i64
        )
        .execute(&mut **tx)
        .await?;
    } else {
        sqlx::query!(
            "SELECT pg_advisory_xact_lock_shared(hashtextextended('thidua-rating-year', $1))",
            year as i64
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The cap on excellent ratings in force on 31 December of `year`: (percent, legal basis).
pub async fn excellent_cap(
    db: impl PgExecutor<'_>,
    year: i32,
) -> Result<Option<(i32, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT excellent_cap_pct, legal_basis FROM rating_rules
         WHERE effective_from <= make_date($1, 12, 31) ORDER BY effective_from DESC LIMIT 1",
        year
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.excellent_cap_pct, r.legal_basis)))
}

/// One rating to write: `rating` None removes it.
pub struct Change<'a> {
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub year: i32,
    pub rating: Option<&'a str>,
    pub score: Option<f64>,
    pub note: &'a str,
    /// the version the user saw (0: none)
    pub version: i32,
}

pub enum Saved {
    Unchanged,
    Written,
    /// someone else changed it since it was read
    Stale,
}

/// The audit log's id of a rating: "person:7:2025" or "unit:3:2025".
pub fn audit_id(c: &Change<'_>) -> String {
    match (c.person_id, c.unit_id) {
        (Some(p), _) => format!("person:{p}:{}", c.year),
        (_, Some(u)) => format!("unit:{u}:{}", c.year),
        _ => format!(":{}", c.year),
    }
}

/// Writes one rating with its audit entry, if it differs from what is stored.
pub async fn save(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    c: &Change<'_>,
    source: &str,
) -> Result<Saved, sqlx::Error> {
    let current = sqlx::query!(
        r#"SELECT id, rating, score::float8 AS "score?", note, version FROM ratings
           WHERE year = $1 AND (person_id = $2 OR unit_id = $3) FOR UPDATE"#,
        c.year,
        c.person_id,
        c.unit_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    let before = current.as_ref().map(|r| {
        serde_json::json!({"rating": r.rating, "score": r.score, "note": r.note, "version": r.version})
    });
    if current.as_ref().map_or(0, |r| r.version) != c.version && c.version >= 0 {
        return Ok(Saved::Stale);
    }
    let same = match (&current, c.rating) {
        (None, None) => true,
        (Some(r), Some(new)) => r.rating == new && r.score == c.score && r.note == c.note,
        _ => false,
    };
    if same {
        return Ok(Saved::Unchanged);
    }
    let subject = match (c.person_id, c.unit_id) {
        (Some(p), _) => format!("person:{p}"),
        (_, Some(u)) => format!("unit:{u}"),
        _ => String::new(),
    };
    let audit_id = audit_id(c);
    match (current, c.rating) {
        (Some(r), None) => {
            sqlx::query!("DELETE FROM ratings WHERE id = $1", r.id)
                .execute(&mut **tx)
                .await?;
        }
        (Some(r), Some(new)) => {
            sqlx::query!(
                "UPDATE ratings SET rating = $2, score = $3::float8::numeric, note = $4, source = $5,
                        entered_by = $6, updated_at = now(), version = version + 1 WHERE id = $1",
                r.id,
                new,
                c.score,
                c.note,
                source,
                actor.user_id
            )
            .execute(&mut **tx)
            .await?;
        }
        (None, Some(new)) => {
            sqlx::query!(
                "INSERT INTO ratings (year, person_id, unit_id, rating, score, note, source, entered_by)
                 VALUES ($1, $2, $3, $4, $5::float8::numeric, $6, $7, $8)",
                c.year,
                c.person_id,
                c.unit_id,
                new,
                c.score,
                c.note,
                source,
                actor.user_id
            )
            .execute(&mut **tx)
            .await?;
        }
        (None, None) => {}
    }
    audit::record(
        &mut **tx,
        actor,
        Entry::new(
            if c.rating.is_some() { "rate" } else { "unrate" },
            "rating",
            audit_id,
        )
        .summary(format!(
            "{} {}: {}",
            subject,
            c.year,
            c.rating.unwrap_or("—")
        ))
        .before(before)
        .after(
            c.rating
                .map(|r| serde_json::json!({"rating": r, "score": c.score, "note": c.note})),
        ),
    )
    .await?;
    Ok(Saved::Written)
}

/// Closes `year` for the subtrees of `unit_ids` (those not closed already), audited; returns how
/// many closings were added.
pub async fn close(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    year: i32,
    unit_ids: &[i64],
) -> Result<usize, sqlx::Error> {
    let added = sqlx::query_scalar!(
        "INSERT INTO rating_closures (year, unit_id, closed_by) SELECT $1, unnest($2::int8[]), $3
         ON CONFLICT DO NOTHING RETURNING unit_id",
        year,
        unit_ids,
        actor.user_id
    )
    .fetch_all(&mut **tx)
    .await?;
    for u in &added {
        audit::record(
            &mut **tx,
            actor,
            Entry::new("close_year", "rating_closure", format!("unit:{u}:{year}"))
                .summary(format!("ratings {year} closed for unit {u}"))
                .after(Some(
                    serde_json::json!({ "year": year, "unit_id": u, "closed": true }),
                )),
        )
        .await?;
    }
    Ok(added.len())
}

/// Removes the closings of `year` inside `patterns` (the reopener's subtrees), audited; returns
/// how many were removed. A closing by a unit above stays.
pub async fn reopen(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    year: i32,
    patterns: &[String],
) -> Result<usize, sqlx::Error> {
    let removed = sqlx::query!(
        r#"DELETE FROM rating_closures c USING units u
           WHERE u.id = c.unit_id AND c.year = $1 AND u.path LIKE ANY($2)
           RETURNING c.unit_id, c.closed_at, c.closed_by"#,
        year,
        patterns
    )
    .fetch_all(&mut **tx)
    .await?;
    for r in &removed {
        audit::record(&mut **tx, actor, Entry::new("reopen_year", "rating_closure", format!("unit:{}:{year}", r.unit_id))
.summary(format!("ratings {year} reopened for unit {}", r.unit_id))
.before(serde_json::json!({ "year": year, "unit_id": r.unit_id, "closed_at": r.closed_at, "closed_by": r.closed_by })))
        .await?;
    }
    Ok(removed.len())
}
