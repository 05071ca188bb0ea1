//! Emulation clusters and blocs (cụm, khối thi đua): their member units, and each year's ranking
//! with its leading unit, kept by the Office of the unit that owns them.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

pub struct ClusterLine {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub organiser: String,
    pub members: i64,
    /// the years with a ranking, newest first
    pub years: Vec<i32>,
}

/// The clusters owned by a unit under `scope` (LIKE patterns), by name.
pub async fn list(
    db: impl PgExecutor<'_>,
    scope: &[String],
) -> Result<Vec<ClusterLine>, sqlx::Error> {
    sqlx::query_as!(
        ClusterLine,
        r#"SELECT c.id, c.code, c.kind, c.name, c.organiser,
                  (SELECT count(*) FROM cluster_members m WHERE m.cluster_id = c.id) AS "members!",
                  coalesce((SELECT array_agg(DISTINCT k.year ORDER BY k.year DESC) FROM cluster_rankings k
                            WHERE k.cluster_id = c.id), '{}') AS "years!"
           FROM emulation_clusters c JOIN units o ON o.id = c.owner_unit_id
           WHERE o.path LIKE ANY($1)
           ORDER BY c.name"#,
        scope
    )
    .fetch_all(db)
    .await
}

pub struct Cluster {
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub name: String,
    pub organiser: String,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
    /// the unit that owns it; its members lie under it
    pub owner_unit_id: i64,
    pub owner_path: String,
}

/// Cluster `id` if a unit under `scope` owns it.
pub async fn get(
    db: impl PgExecutor<'_>,
    id: i64,
    scope: &[String],
) -> Result<Option<Cluster>, sqlx::Error> {
    sqlx::query_as!(
        Cluster,
        r#"SELECT c.id, c.code, c.kind, c.name, c.organiser, c.version, c.updated_at,
                  c.owner_unit_id, o.path AS owner_path
           FROM emulation_clusters c JOIN units o ON o.id = c.owner_unit_id
           WHERE c.id = $1 AND o.path LIKE ANY($2)"#,
        id,
        scope
    )
    .fetch_optional(db)
    .await
}

/// The member units of a cluster (id, name), by name.
pub async fn members(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT u.id, u.name::text AS "name!" FROM cluster_members m JOIN units u ON u.id = m.unit_id
           WHERE m.cluster_id = $1 ORDER BY u.name"#,
        id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect())
}

pub struct RankRow {
    pub year: i32,
    pub unit_id: i64,
    pub unit_name: String,
    pub rank: i32,
    pub leader: bool,
}

/// Every year's ranking of a cluster, newest year first, by rank.
pub async fn rankings(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<RankRow>, sqlx::Error> {
    sqlx::query_as!(
        RankRow,
        r#"SELECT k.year, k.unit_id, u.name::text AS "unit_name!", k.rank, k.leader
           FROM cluster_rankings k JOIN units u ON u.id = k.unit_id
           WHERE k.cluster_id = $1 ORDER BY k.year DESC, k.rank"#,
        id
    )
    .fetch_all(db)
    .await
}

pub async fn code_taken(db: impl PgExecutor<'_>, code: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM emulation_clusters WHERE code = $1) AS "e!""#,
        code
    )
    .fetch_one(db)
    .await
}

pub struct NewCluster<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub organiser: &'a str,
    pub owner_unit_id: i64,
}

pub async fn insert(db: impl PgExecutor<'_>, c: &NewCluster<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO emulation_clusters (code, kind, name, organiser, owner_unit_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        c.code,
        c.kind,
        c.name,
        c.organiser,
        c.owner_unit_id
    )
    .fetch_one(db)
    .await
}

/// Renames a cluster if it is still at `version`; false when someone changed it meanwhile.
pub async fn update(
    db: impl PgExecutor<'_>,
    id: i64,
    version: i32,
    name: &str,
    organiser: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "UPDATE emulation_clusters SET name = $3, organiser = $4, version = version + 1, updated_at = now()
         WHERE id = $1 AND version = $2 RETURNING id",
        id,
        version,
        name,
        organiser
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

/// Sets the member units (the rankings of past years are kept, members or not).
pub async fn set_members(
    tx: &mut super::Tx<'_>,
    id: i64,
    units: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM cluster_members WHERE cluster_id = $1 AND unit_id <> ALL($2)",
        id,
        units
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO cluster_members (cluster_id, unit_id) SELECT $1, unnest($2::int8[]) ON CONFLICT DO NOTHING",
        id,
        units
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replaces a year's ranking: (unit, rank, leads).
pub async fn set_ranking(
    tx: &mut super::Tx<'_>,
    id: i64,
    year: i32,
    ranks: &[(i64, i32, bool)],
    by: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "DELETE FROM cluster_rankings WHERE cluster_id = $1 AND year = $2",
        id,
        year
    )
    .execute(&mut **tx)
    .await?;
    let units: Vec<i64> = ranks.iter().map(|r| r.0).collect();
    let places: Vec<i32> = ranks.iter().map(|r| r.1).collect();
    let leads: Vec<bool> = ranks.iter().map(|r| r.2).collect();
    sqlx::query!(
        "INSERT INTO cluster_rankings (cluster_id, year, unit_id, rank, leader, entered_by)
         SELECT $1, $2, u, r, l, $6 FROM UNNEST($3::int8[], $4::int4[], $5::bool[]) AS t(u, r, l)",
        id,
        year,
        &units,
        &places,
        &leads,
        by
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Moves a cluster to its next version if still at `version` (a ranking form carries it).
pub async fn bump(db: impl PgExecutor<'_>, id: i64, version: i32) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "UPDATE emulation_clusters SET version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING id",
        id,
        version
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

/// The unit a new cluster belongs to: the highest unit the Office's `scope` names (id, path).
pub async fn owner_for(
    db: impl PgExecutor<'_>,
    scope: &[String],
) -> Result<Option<(i64, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT id, path FROM units WHERE path || '%' = ANY($1) ORDER BY depth, id LIMIT 1",
        scope
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.id, r.path)))
}

/// Whether a member of the cluster lies outside `scope` (then this Office may not rank it).
pub async fn members_outside(
    db: impl PgExecutor<'_>,
    id: i64,
    scope: &[String],
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM cluster_members m JOIN units u ON u.id = m.unit_id
                          WHERE m.cluster_id = $1 AND NOT (u.path LIKE ANY($2))) AS "e!""#,
        id,
        scope
    )
    .fetch_one(db)
    .await
}

/// Deletes a cluster with its members and rankings; its code and name, or `None` when gone.
pub async fn delete(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM emulation_clusters WHERE id = $1 RETURNING code, name",
        id
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.code, r.name)))
}
