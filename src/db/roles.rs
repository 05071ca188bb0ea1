//! Database roles: the owner migrates; the application's role gets what it needs and no more.

use sqlx::PgExecutor;

pub async fn current_role(db: impl PgExecutor<'_>) -> Result<String, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT current_user::text AS "r!""#)
        .fetch_one(db)
        .await
}

/// Run as the owner after migrating: `role` reads and writes the tables, may only read and insert
/// the audit log, and only reads the migrations table (`thidua_grant_app_role`, a migration).
pub async fn grant_app_role(db: impl PgExecutor<'_>, role: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT thidua_grant_app_role($1::text::name)", role)
        .execute(db)
        .await?;
    Ok(())
}
