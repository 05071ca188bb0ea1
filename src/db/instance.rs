//! Facts about this installation's database as a whole.

use sqlx::PgExecutor;

/// Marks the database as holding the demo organisation (the seed does this in its transaction).
pub async fn mark_demo(db: impl PgExecutor<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO data_versions (name, version) VALUES ('demo', 1)
         ON CONFLICT (name) DO UPDATE SET version = 1"
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Whether the database holds the demo organisation.
pub async fn is_demo(db: impl PgExecutor<'_>) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT coalesce((SELECT version > 0 FROM data_versions WHERE name = 'demo'), false) AS "x!""#
    )
    .fetch_one(db)
    .await
}

/// One round trip to the database (readiness).
pub async fn ping(db: impl PgExecutor<'_>) -> Result<(), sqlx::Error> {
    sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(db)
        .await?;
    Ok(())
}
