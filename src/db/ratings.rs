//! Annual ratings of people and units, and the closing of a year.

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

/// When the Office closed `year` (ratings can no longer be changed by unit heads).
pub async fn closed_at(
    db: impl PgExecutor<'_>,
    year: i32,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, sqlx::Error> {
    Ok(
        sqlx::query_scalar!("SELECT closed_at FROM rating_years WHERE year = $1", year)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
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
        if c.rating.is_some() { "rate" } else { "unrate" },
        "rating",
        &format!("{subject}:{}", c.year),
        &format!("{} {}: {}", subject, c.year, c.rating.unwrap_or("—")),
        before,
        c.rating
            .map(|r| serde_json::json!({"rating": r, "score": c.score, "note": c.note})),
    )
    .await?;
    Ok(Saved::Written)
}

/// Closes (or reopens) a year's ratings, audited.
pub async fn set_closed(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    year: i32,
    closed: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO rating_years (year, closed_at, closed_by) VALUES ($1, CASE WHEN $2 THEN now() END, $3)
         ON CONFLICT (year) DO UPDATE SET closed_at = EXCLUDED.closed_at, closed_by = EXCLUDED.closed_by",
        year,
        closed,
        actor.user_id
    )
    .execute(&mut **tx)
    .await?;
    audit::record(
        &mut **tx,
        actor,
        if closed { "close_year" } else { "reopen_year" },
        "rating_year",
        &year.to_string(),
        &format!("ratings {year}"),
        None,
        Some(serde_json::json!({ "closed": closed })),
    )
    .await
}
