//! The issuing bodies' particulars (`issuer_profiles`): their own legal bases, who carries out their
//! decisions, to whom their submissions go.

use crate::domain::issuer::IssuerProfile;
use sqlx::PgExecutor;

/// Body `unit_id`'s profile, or `None` when it has saved none.
pub async fn profile(
    db: impl PgExecutor<'_>,
    unit_id: i64,
) -> Result<Option<IssuerProfile>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT bases, executors, province_authority, province_board, ministry, version
           FROM issuer_profiles WHERE unit_id = $1",
        unit_id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| IssuerProfile {
        bases: r.bases,
        executors: r.executors,
        province_authority: r.province_authority,
        province_board: r.province_board,
        ministry: r.ministry,
        version: r.version,
    }))
}

/// Saves body `unit_id`'s profile if it is still at `version` (0: none saved yet); the profile it
/// replaced (JSON, for the audit), or `None` when someone saved another meanwhile.
pub async fn save(
    tx: &mut super::Tx<'_>,
    super::keys::At {
        id: unit_id,
        version,
    }: super::keys::At,
    p: &IssuerProfile,
    by_user: i64,
) -> Result<Option<Option<serde_json::Value>>, sqlx::Error> {
    let before = sqlx::query_scalar!(
        r#"SELECT to_jsonb(i) - 'updated_at' - 'updated_by' AS "j!" FROM issuer_profiles i
            WHERE unit_id = $1 FOR UPDATE"#,
        unit_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    let n = sqlx::query!(
        "INSERT INTO issuer_profiles (unit_id, bases, executors, province_authority,
                                      province_board, ministry, updated_by)
         SELECT $1, $2, $3, $4, $5, $6, $8 WHERE $7 = 0
         ON CONFLICT (unit_id) DO NOTHING",
        unit_id,
        p.bases,
        p.executors,
        p.province_authority,
        p.province_board,
        p.ministry,
        version,
        by_user
    )
    .execute(&mut **tx)
    .await?
    .rows_affected()
        + sqlx::query!(
            "UPDATE issuer_profiles SET bases = $2, executors = $3, province_authority = $4,
                    province_board = $5, ministry = $6, version = version + 1, updated_by = $8,
                    updated_at = now()
             WHERE unit_id = $1 AND version = $7",
            unit_id,
            p.bases,
            p.executors,
            p.province_authority,
            p.province_board,
            p.ministry,
            version,
            by_user
        )
        .execute(&mut **tx)
        .await?
        .rows_affected();
    Ok((n == 1).then_some(before))
}
