//! People (staff records).

use crate::domain::person::PersonFields;
use chrono::NaiveDate;
use serde_json::Value;
use sqlx::{PgExecutor, Postgres, Transaction};

pub struct PersonListRow {
    pub id: i64,
    pub full_name: String,
    pub gender: String,
    pub position: Option<String>,
    pub category: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_code: String,
    pub start_date: Option<NaiveDate>,
    pub active: bool,
    pub username: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct PeopleFilter {
    /// LIKE patterns of the subtrees the viewer may read
    pub scope: Vec<String>,
    /// restrict to this unit's subtree (path)
    pub unit_path: Option<String>,
    /// LIKE patterns, one per folded search word (all must match); see [`search_patterns`]
    pub q: Vec<String>,
    /// None = all, Some(true) = active only, Some(false) = inactive only
    pub active: Option<bool>,
    pub category: Option<String>,
    /// "name" | "unit" | "start" | "position"
    pub sort: String,
    pub desc: bool,
}

/// The number of active people in scope (and unit subtree) from the unit headcounts: exact and cheap,
/// for lists without a search or category filter.
pub async fn count_active_from_units(
    db: impl PgExecutor<'_>,
    scope: &[String],
    unit_path: Option<&str>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT coalesce(sum(active_people), 0)::int8 AS "n!" FROM units
           WHERE path LIKE ANY($1) AND ($2::text IS NULL OR path LIKE $2 || '%')"#,
        scope,
        unit_path
    )
    .fetch_one(db)
    .await
}

/// The number of matching people, counting no further than `cap` + 1 (a search that matches a third
/// of a 200,000-person ministry is refined, not paged through; the page says "more than `cap`").
pub async fn count(
    db: impl PgExecutor<'_>,
    f: &PeopleFilter,
    cap: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM (SELECT 1 FROM people p JOIN units u ON u.id = p.unit_id
           WHERE u.path LIKE ANY($1)
             AND ($2::text IS NULL OR u.path LIKE $2 || '%')
             AND p.search_text LIKE ALL($3)
             AND ($4::bool IS NULL OR p.active = $4)
             AND ($5::text IS NULL OR p.category = $5)
           LIMIT $6::int8 + 1) s"#,
        &f.scope,
        f.unit_path,
        &f.q,
        f.active,
        f.category,
        cap,
    )
    .fetch_one(db)
    .await
}

/// Words of a search that are used (a Vietnamese full name has four or five; the list function
/// takes four).
pub const MAX_SEARCH_WORDS: usize = 4;

/// Search words folded like the database's `thidua_fold` (no diacritics, đ -> d, lower case) and turned
/// into LIKE patterns, with LIKE's own wildcards escaped.
pub fn search_patterns(q: &str) -> Vec<String> {
    crate::domain::names::fold(q)
        .split_whitespace()
        .take(MAX_SEARCH_WORDS)
        .map(|w| {
            format!(
                "%{}%",
                w.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        })
        .collect()
}

/// Whether [`list_by_name`] serves this filter (the default list: name order, whole scope).
pub fn by_name_fast_path(f: &PeopleFilter) -> bool {
    f.sort == "name" && !f.desc && f.unit_path.is_none()
}

/// The default list in one round trip (the `people_list_by_name` function, planned for the actual
/// words): a page in name order and the number of matches (exact from the unit headcounts when only
/// the scope filters, else counted up to `cap` + 1). `None` for the
/// number when the page is empty (the caller counts then).
pub async fn list_by_name(
    db: impl PgExecutor<'_>,
    f: &PeopleFilter,
    cap: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<PersonListRow>, Option<i64>), sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", full_name AS "full_name!", gender AS "gender!", job, category AS "category!",
                  unit_id AS "unit_id!", unit_name AS "unit_name!", unit_code AS "unit_code!", start_date,
                  active AS "active!", username, total AS "total!"
           FROM people_list_by_name($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"#,
        &f.scope,
        f.q.first(),
        f.q.get(1),
        f.q.get(2),
        f.q.get(3),
        f.active,
        f.category,
        cap,
        limit,
        offset,
    )
    .fetch_all(db)
    .await?;
    let total = rows.first().map(|r| r.total);
    let rows = rows
        .into_iter()
        .map(|r| PersonListRow {
            id: r.id,
            full_name: r.full_name,
            gender: r.gender,
            position: r.job,
            category: r.category,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            unit_code: r.unit_code,
            start_date: r.start_date,
            active: r.active,
            username: r.username,
        })
        .collect();
    Ok((rows, total))
}

/// One page of people in any order, sorted in SQL (names by Vietnamese given-name order, ICU collation).
pub async fn page(
    db: impl PgExecutor<'_>,
    f: &PeopleFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<PersonListRow>, sqlx::Error> {
    sqlx::query_as!(
        PersonListRow,
        r#"SELECT p.id, p.full_name AS "full_name!", p.gender, p.position, p.category, p.unit_id,
                  u.name AS "unit_name!", u.code AS unit_code, p.start_date, p.active, a.username AS "username?"
           FROM people p
           JOIN units u ON u.id = p.unit_id
           LEFT JOIN users a ON a.person_id = p.id
           WHERE u.path LIKE ANY($1)
             AND ($2::text IS NULL OR u.path LIKE $2 || '%')
             AND p.search_text LIKE ALL($3)
             AND ($4::bool IS NULL OR p.active = $4)
             AND ($5::text IS NULL OR p.category = $5)
           ORDER BY
             CASE WHEN $6 = 'unit' AND NOT $7 THEN u.name END ASC,
             CASE WHEN $6 = 'unit' AND $7 THEN u.name END DESC,
             CASE WHEN $6 = 'start' AND NOT $7 THEN p.start_date END ASC NULLS LAST,
             CASE WHEN $6 = 'start' AND $7 THEN p.start_date END DESC NULLS LAST,
             CASE WHEN $6 = 'position' AND NOT $7 THEN p.position END ASC NULLS LAST,
             CASE WHEN $6 = 'position' AND $7 THEN p.position END DESC NULLS LAST,
             CASE WHEN $7 AND $6 = 'name' THEN p.given_name END DESC,
             CASE WHEN $7 AND $6 = 'name' THEN p.full_name END DESC,
             p.given_name, p.full_name, p.id
           LIMIT $8 OFFSET $9"#,
        &f.scope,
        f.unit_path,
        &f.q,
        f.active,
        f.category,
        f.sort,
        f.desc,
        limit,
        offset,
    )
    .fetch_all(db)
    .await
}

pub struct PersonRow {
    pub id: i64,
    pub full_name: String,
    pub gender: String,
    pub birth_date: Option<NaiveDate>,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_code: String,
    pub unit_path: String,
    pub position: Option<String>,
    pub category: String,
    pub start_date: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employee_code: Option<String>,
    pub active: bool,
    pub version: i32,
    pub username: Option<String>,
    pub user_id: Option<i64>,
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<PersonRow>, sqlx::Error> {
    sqlx::query_as!(
        PersonRow,
        r#"SELECT p.id, p.full_name AS "full_name!", p.gender, p.birth_date, p.unit_id, u.name AS "unit_name!",
                  u.code AS unit_code, u.path AS unit_path, p.position, p.category, p.start_date, p.email, p.phone,
                  p.employee_code, p.active, p.version, a.username AS "username?", a.id AS "user_id?"
           FROM people p JOIN units u ON u.id = p.unit_id LEFT JOIN users a ON a.person_id = p.id
           WHERE p.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    f: &PersonFields,
    unit_id: i64,
) -> Result<(i64, Value), sqlx::Error> {
    let r = sqlx::query!(
        r#"INSERT INTO people (full_name, gender, birth_date, unit_id, position, category, start_date, email, phone, employee_code)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           RETURNING id, to_jsonb(people.*) - 'search_text' AS "row!""#,
        f.full_name,
        f.gender.code(),
        f.birth_date,
        unit_id,
        f.position,
        f.category.code(),
        f.start_date,
        f.email,
        f.phone,
        f.employee_code,
    )
    .fetch_one(db)
    .await?;
    Ok((r.id, r.row))
}

pub enum Updated {
    Done { before: Value, after: Value },
    Stale,
}

/// Updates a person if `version` is still current (optimistic concurrency).
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    version: i32,
    f: &PersonFields,
    unit_id: i64,
) -> Result<Updated, sqlx::Error> {
    let before = sqlx::query_scalar!(
        r#"SELECT to_jsonb(p.*) - 'search_text' AS "row!" FROM people p WHERE id = $1 AND version = $2 FOR UPDATE"#,
        id,
        version
    )
    .fetch_optional(&mut **tx)
    .await?;
    let Some(before) = before else {
        return Ok(Updated::Stale);
    };
    let after = sqlx::query_scalar!(
        r#"UPDATE people SET full_name = $2, gender = $3, birth_date = $4, unit_id = $5, position = $6, category = $7,
                  start_date = $8, email = $9, phone = $10, employee_code = $11, version = version + 1, updated_at = now()
           WHERE id = $1 RETURNING to_jsonb(people.*) - 'search_text' AS "row!""#,
        id,
        f.full_name,
        f.gender.code(),
        f.birth_date,
        unit_id,
        f.position,
        f.category.code(),
        f.start_date,
        f.email,
        f.phone,
        f.employee_code,
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(Updated::Done { before, after })
}

pub async fn set_active(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    active: bool,
) -> Result<Option<(Value, Value)>, sqlx::Error> {
    let r = sqlx::query!(
        r#"WITH old AS (SELECT to_jsonb(p.*) - 'search_text' AS j FROM people p WHERE id = $1 FOR UPDATE)
           UPDATE people SET active = $2, version = version + 1, updated_at = now()
           FROM old WHERE people.id = $1 AND people.active <> $2
           RETURNING old.j AS "before!", to_jsonb(people.*) - 'search_text' AS "after!""#,
        id,
        active
    )
    .fetch_optional(&mut **tx)
    .await?;
    Ok(r.map(|r| (r.before, r.after)))
}

/// Inserts many people in one statement (arrays unnested in SQL). Returns the new ids in order.
pub async fn insert_many(
    db: impl PgExecutor<'_>,
    rows: &[(PersonFields, i64)],
) -> Result<Vec<i64>, sqlx::Error> {
    let mut names = Vec::with_capacity(rows.len());
    let mut genders = Vec::with_capacity(rows.len());
    let mut births: Vec<Option<NaiveDate>> = Vec::with_capacity(rows.len());
    let mut unit_ids = Vec::with_capacity(rows.len());
    let mut positions: Vec<Option<String>> = Vec::with_capacity(rows.len());
    let mut cats = Vec::with_capacity(rows.len());
    let mut starts: Vec<Option<NaiveDate>> = Vec::with_capacity(rows.len());
    let mut emails: Vec<Option<String>> = Vec::with_capacity(rows.len());
    let mut phones: Vec<Option<String>> = Vec::with_capacity(rows.len());
    let mut codes: Vec<Option<String>> = Vec::with_capacity(rows.len());
    for (f, u) in rows {
        names.push(f.full_name.clone());
        genders.push(f.gender.code().to_string());
        births.push(f.birth_date);
        unit_ids.push(*u);
        positions.push(f.position.clone());
        cats.push(f.category.code().to_string());
        starts.push(f.start_date);
        emails.push(f.email.clone());
        phones.push(f.phone.clone());
        codes.push(f.employee_code.clone());
    }
    sqlx::query_scalar!(
        r#"INSERT INTO people (full_name, gender, birth_date, unit_id, position, category, start_date, email, phone, employee_code)
           SELECT * FROM UNNEST($1::text[], $2::text[], $3::date[], $4::int8[], $5::text[], $6::text[], $7::date[], $8::text[], $9::text[], $10::text[])
           RETURNING id"#,
        &names,
        &genders,
        &births as &[Option<NaiveDate>],
        &unit_ids,
        &positions as &[Option<String>],
        &cats,
        &starts as &[Option<NaiveDate>],
        &emails as &[Option<String>],
        &phones as &[Option<String>],
        &codes as &[Option<String>],
    )
    .fetch_all(db)
    .await
}
