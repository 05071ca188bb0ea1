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

/// Refreshes the planner's statistics of people after a bulk load. Only the tables' owner may;
/// where the application runs as a role that is not, autovacuum does it later (logged, not failed).
pub async fn analyze(db: impl PgExecutor<'_>) {
    if let Err(e) = sqlx::query("ANALYZE people").execute(db).await {
        tracing::info!(error = %e, "ANALYZE people skipped (left to autovacuum)");
    }
}

/// The employee codes among `codes` that people already have.
pub async fn taken_codes(
    db: impl PgExecutor<'_>,
    codes: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT employee_code AS "c!" FROM people WHERE employee_code = ANY($1)"#,
        codes
    )
    .fetch_all(db)
    .await
}

/// A person's name and their unit's path.
pub async fn name_and_unit_path(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT p.full_name::text AS "name!", u.path FROM people p JOIN units u ON u.id = p.unit_id
           WHERE p.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.name, r.path)))
}
