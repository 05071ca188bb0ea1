//! The holiday calendar (days off, make-up working days) and the base salary, as dated data.

use chrono::NaiveDate;
use serde_json::Value;
use sqlx::PgExecutor;

pub struct DayLine {
    pub day: NaiveDate,
    pub kind: String,
    pub name_vi: String,
    pub name_en: String,
}

pub struct SalaryLine {
    pub effective_from: NaiveDate,
    pub amount: String,
    pub legal_basis: String,
}

/// The days off and make-up working days of `year`, in order.
pub async fn days_of(db: impl PgExecutor<'_>, year: i32) -> Result<Vec<DayLine>, sqlx::Error> {
    sqlx::query_as!(
        DayLine,
        "SELECT day, kind, name_vi, name_en FROM holidays
         WHERE day BETWEEN make_date($1, 1, 1) AND make_date($1, 12, 31) ORDER BY day",
        year
    )
    .fetch_all(db)
    .await
}

/// Every base salary, newest first.
pub async fn salaries(db: impl PgExecutor<'_>) -> Result<Vec<SalaryLine>, sqlx::Error> {
    sqlx::query_as!(
        SalaryLine,
        r#"SELECT effective_from, amount::text AS "amount!", legal_basis FROM base_salaries ORDER BY effective_from DESC"#
    )
    .fetch_all(db)
    .await
}

/// Sets a day (inserting or replacing it); returns what it was, for the audit log.
pub async fn set_day(
    tx: &mut super::Tx<'_>,
    day: NaiveDate,
    kind: &str,
    name_vi: &str,
    name_en: &str,
) -> Result<Option<Value>, sqlx::Error> {
    let before = sqlx::query!("SELECT kind, name_vi FROM holidays WHERE day = $1", day)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| serde_json::json!({"kind": r.kind, "name_vi": r.name_vi}));
    sqlx::query!(
        "INSERT INTO holidays (day, kind, name_vi, name_en) VALUES ($1, $2, $3, $4)
         ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name_vi = EXCLUDED.name_vi, name_en = EXCLUDED.name_en",
        day,
        kind,
        name_vi,
        name_en
    )
    .execute(&mut **tx)
    .await?;
    Ok(before)
}

/// Removes a day; returns (kind, Vietnamese name) of what was removed.
pub async fn delete_day(
    db: impl PgExecutor<'_>,
    day: NaiveDate,
) -> Result<Option<(String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM holidays WHERE day = $1 RETURNING kind, name_vi",
        day
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.kind, r.name_vi)))
}

/// Sets the base salary from a date.
pub async fn set_salary(
    db: impl PgExecutor<'_>,
    from: NaiveDate,
    amount: i64,
    legal_basis: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO base_salaries (effective_from, amount, legal_basis) VALUES ($1, $2::int8::numeric, $3)
         ON CONFLICT (effective_from) DO UPDATE SET amount = EXCLUDED.amount, legal_basis = EXCLUDED.legal_basis",
        from,
        amount,
        legal_basis
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The whole holiday calendar (holidays and weekend days worked) for working-day arithmetic.
pub async fn calendar(
    db: impl PgExecutor<'_>,
) -> Result<crate::domain::workdays::Calendar, sqlx::Error> {
    use crate::domain::workdays::{Calendar, DayKind};
    let days = sqlx::query!("SELECT day, kind FROM holidays")
        .fetch_all(db)
        .await?;
    Ok(Calendar::new(days.into_iter().map(|d| {
        (
            d.day,
            if d.kind == "working" {
                DayKind::Working
            } else {
                DayKind::Holiday
            },
        )
    })))
}
