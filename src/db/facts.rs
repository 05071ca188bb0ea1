//! What eligibility reads that is imported: who is who for the importer, and award history.

use sqlx::PgExecutor;

/// A person as the facts import matches rows to them.
pub struct LookupPerson {
    pub id: i64,
    pub full_name: String,
    pub employee_code: Option<String>,
    pub unit_code: String,
    /// in the importer's scope
    pub allowed: bool,
}

pub async fn people_for_lookup(
    db: impl PgExecutor<'_>,
    scope: &[String],
) -> Result<Vec<LookupPerson>, sqlx::Error> {
    sqlx::query_as!(
        LookupPerson,
        r#"SELECT p.id, p.full_name::text AS "full_name!", p.employee_code, u.code AS unit_code,
                  u.path LIKE ANY($1) AS "allowed!"
           FROM people p JOIN units u ON u.id = p.unit_id"#,
        scope
    )
    .fetch_all(db)
    .await
}

/// Every unit: (id, code, in the importer's scope).
pub async fn units_for_lookup(
    db: impl PgExecutor<'_>,
    scope: &[String],
) -> Result<Vec<(i64, String, bool)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT id, code, path LIKE ANY($1) AS "allowed!" FROM units"#,
        scope
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|u| (u.id, u.code, u.allowed))
    .collect())
}

/// (code, Vietnamese name) of every title of every regime.
pub async fn title_names(db: impl PgExecutor<'_>) -> Result<Vec<(String, String)>, sqlx::Error> {
    Ok(sqlx::query!("SELECT DISTINCT code, name_vi FROM titles")
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|t| (t.code, t.name_vi))
        .collect())
}
