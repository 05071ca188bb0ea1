//! Files of the dossiers (a review's signed minutes, a proposal line's documents): their metadata,
//! and their bytes when stored in PostgreSQL (`storage = 'db'`, the default).

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

/// The kinds of documents (the checklist's and the others).
pub const KINDS: [&str; 7] = [
    "review_minutes",
    "achievement_report",
    "achievement_summary",
    "initiative_certificate",
    "achievement_certification",
    "photo",
    "other",
];

#[derive(Clone, Debug)]
pub struct Document {
    pub id: i64,
    pub review_id: Option<i64>,
    pub line_id: Option<i64>,
    pub exemplar_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub decision_id: Option<i64>,
    pub kind: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub storage: String,
    pub storage_key: String,
    pub uploaded_at: DateTime<Utc>,
}

/// What an upload records.
pub struct NewDocument<'a> {
    pub review_id: Option<i64>,
    pub line_id: Option<i64>,
    pub exemplar_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub decision_id: Option<i64>,
    pub submission_id: Option<i64>,
    pub kind: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub size: i64,
    pub sha256: &'a str,
    pub storage: &'a str,
    pub storage_key: &'a str,
}

pub async fn insert(
    db: impl PgExecutor<'_>,
    d: &NewDocument<'_>,
    by_user: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO documents (review_id, line_id, kind, name, content_type, size, sha256, storage,
             storage_key, uploaded_by, exemplar_id, meeting_id, decision_id, submission_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        d.review_id,
        d.line_id,
        d.kind,
        d.name,
        d.content_type,
        d.size,
        d.sha256,
        d.storage,
        d.storage_key,
        by_user,
        d.exemplar_id,
        d.meeting_id,
        d.decision_id,
        d.submission_id
    )
    .fetch_one(db)
    .await
}

/// Stores the bytes of document `id` in PostgreSQL.
pub async fn put_bytes(db: impl PgExecutor<'_>, id: i64, bytes: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO document_blobs (document_id, bytes) VALUES ($1, $2)",
        id,
        bytes
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The bytes of document `id` stored in PostgreSQL.
pub async fn bytes(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar!(
        "SELECT bytes FROM document_blobs WHERE document_id = $1",
        id
    )
    .fetch_optional(db)
    .await
}

pub async fn get(db: impl PgExecutor<'_>, id: i64) -> Result<Option<Document>, sqlx::Error> {
    sqlx::query_as!(
        Document,
        "SELECT id, review_id, line_id, exemplar_id, meeting_id, decision_id, kind, name, content_type, size, sha256, storage, storage_key,
                uploaded_at
         FROM documents WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await
}

/// The documents of the lines of proposal `proposal_id`, oldest first.
pub async fn of_proposal(
    db: impl PgExecutor<'_>,
    proposal_id: i64,
) -> Result<Vec<Document>, sqlx::Error> {
    sqlx::query_as!(
        Document,
        "SELECT d.id, d.review_id, d.line_id, d.exemplar_id, d.meeting_id, d.decision_id, d.kind, d.name, d.content_type, d.size, d.sha256,
                d.storage, d.storage_key, d.uploaded_at
         FROM documents d JOIN proposal_lines l ON l.id = d.line_id
         WHERE l.proposal_id = $1 ORDER BY d.id",
        proposal_id
    )
    .fetch_all(db)
    .await
}

/// The documents of review `review_id`, oldest first.
pub async fn of_review(
    db: impl PgExecutor<'_>,
    review_id: i64,
) -> Result<Vec<Document>, sqlx::Error> {
    sqlx::query_as!(
        Document,
        "SELECT id, review_id, line_id, exemplar_id, meeting_id, decision_id, kind, name, content_type, size, sha256, storage,
                storage_key, uploaded_at
         FROM documents WHERE review_id = $1 ORDER BY id",
        review_id
    )
    .fetch_all(db)
    .await
}

/// Deletes document `id` of line `line_id` (its bytes in PostgreSQL go with it). Returns its
/// storage key when it was in the object store, for the caller to remove after the commit.
pub async fn delete_of_line(
    db: impl PgExecutor<'_>,
    id: i64,
    line_id: i64,
) -> Result<Option<(String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM documents WHERE id = $1 AND line_id = $2 RETURNING storage, storage_key",
        id,
        line_id
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.storage, r.storage_key)))
}

/// The campaign and unit of review `id`.
pub async fn review_owner(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT campaign_id, unit_id FROM unit_reviews WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.campaign_id, r.unit_id)))
}

/// The campaign, unit and person (none for the unit's own line) of proposal line `id`.
pub async fn line_owner(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<(i64, i64, Option<i64>)>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT p.campaign_id, p.unit_id, l.person_id
         FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id WHERE l.id = $1",
        id
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.campaign_id, r.unit_id, r.person_id)))
}

/// The photos and documents of exemplar `id`, oldest first.
pub async fn of_exemplar(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<Document>, sqlx::Error> {
    sqlx::query_as!(
        Document,
        "SELECT id, review_id, line_id, exemplar_id, meeting_id, decision_id, kind, name, content_type, size, sha256, storage,
                storage_key, uploaded_at
         FROM documents WHERE exemplar_id = $1 ORDER BY id",
        id
    )
    .fetch_all(db)
    .await
}

/// Those of `keys` (object store keys) that no document refers to.
pub async fn unreferenced(
    db: impl PgExecutor<'_>,
    keys: &[String],
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT k AS "k!" FROM UNNEST($1::text[]) AS k
           WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.storage = 's3' AND d.storage_key = k)"#,
        keys
    )
    .fetch_all(db)
    .await
}
