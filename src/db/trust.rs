//! The trust store (CA certificates and revocation lists) and the signing certificates pinned to
//! accounts: what a signed decision's signature is checked against at issue.

use crate::domain::pki::{CertStatus, Described};
use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

/// A signing certificate pinned to an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountCert {
    pub user: i64,
    pub id: i64,
}

/// A CA certificate or a revocation list of the trust store, as the page lists it.
pub struct Anchor {
    pub id: i64,
    /// "ca" or "crl"
    pub kind: String,
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
    pub valid_from: Option<DateTime<Utc>>,
    pub valid_to: Option<DateTime<Utc>>,
    pub note: String,
    pub added_by: Option<String>,
    pub added_at: DateTime<Utc>,
}

/// The trust store, CAs first, each kind by subject.
pub async fn anchors(db: impl PgExecutor<'_>) -> Result<Vec<Anchor>, sqlx::Error> {
    sqlx::query_as!(
        Anchor,
        r#"SELECT a.id, a.kind, a.sha256, a.subject, a.issuer, a.valid_from, a.valid_to, a.note,
                  u.display_name AS "added_by?", a.added_at
             FROM trust_anchors a LEFT JOIN users u ON u.id = a.added_by
            ORDER BY a.kind, thidua_fold(a.subject), a.id"#
    )
    .fetch_all(db)
    .await
}

/// The DER of every trusted CA certificate and of every revocation list.
pub async fn store(db: impl PgExecutor<'_>) -> Result<(Vec<Vec<u8>>, Vec<Vec<u8>>), sqlx::Error> {
    let rows = sqlx::query!("SELECT kind, der FROM trust_anchors ORDER BY id")
        .fetch_all(db)
        .await?;
    let (cas, crls): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.kind == "ca");
    Ok((
        cas.into_iter().map(|r| r.der).collect(),
        crls.into_iter().map(|r| r.der).collect(),
    ))
}

/// Adds a CA certificate or a revocation list (`kind`); `None` when it is there already.
pub async fn add_anchor(
    db: impl PgExecutor<'_>,
    (kind, d, note): (&str, &Described, &str),
    by: i64,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO trust_anchors (kind, der, sha256, subject, issuer, valid_from, valid_to, note, added_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (sha256) DO NOTHING RETURNING id",
        kind,
        &d.der,
        d.sha256,
        d.subject,
        d.issuer,
        d.valid_from,
        d.valid_to,
        note,
        by
    )
    .fetch_optional(db)
    .await
}

/// Removes an entry of the trust store: (kind, subject, sha256) of what was removed.
pub async fn remove_anchor(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let r = sqlx::query!(
        "DELETE FROM trust_anchors WHERE id = $1 RETURNING kind, subject, sha256",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.kind, r.subject, r.sha256)))
}

/// A signing certificate pinned (or proposed) to an account.
pub struct SignerCert {
    pub id: i64,
    pub sha256: String,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    pub valid_from: DateTime<Utc>,
    pub valid_to: DateTime<Utc>,
    pub status: CertStatus,
    pub registered_by: Option<String>,
    pub registered_at: DateTime<Utc>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
}

super::numbered::status_column!(CertStatus, "certificate status");

/// The signing certificates of account `user_id`, newest first.
pub async fn signer_certs(
    db: impl PgExecutor<'_>,
    user_id: i64,
) -> Result<Vec<SignerCert>, sqlx::Error> {
    sqlx::query_as!(
        SignerCert,
        r#"SELECT c.id, c.sha256, c.subject, c.issuer, c.serial, c.valid_from, c.valid_to,
                  c.status AS "status: CertStatus", r.display_name AS "registered_by?", c.registered_at,
                  k.display_name AS "confirmed_by?", c.confirmed_at
             FROM signer_certificates c
             LEFT JOIN users r ON r.id = c.registered_by
             LEFT JOIN users k ON k.id = c.confirmed_by
            WHERE c.user_id = $1 ORDER BY c.valid_to DESC, c.id DESC"#,
        user_id
    )
    .fetch_all(db)
    .await
}

/// The certificate with fingerprint `sha256` on account `user_id`, if there is one.
pub async fn signer_cert(
    db: impl PgExecutor<'_>,
    user_id: i64,
    sha256: &str,
) -> Result<Option<SignerCert>, sqlx::Error> {
    sqlx::query_as!(
        SignerCert,
        r#"SELECT c.id, c.sha256, c.subject, c.issuer, c.serial, c.valid_from, c.valid_to,
                  c.status AS "status: CertStatus", NULL::text AS "registered_by?", c.registered_at,
                  NULL::text AS "confirmed_by?", c.confirmed_at
             FROM signer_certificates c WHERE c.user_id = $1 AND c.sha256 = $2"#,
        user_id,
        sha256
    )
    .fetch_optional(db)
    .await
}

/// Pins certificate `d` to account `user_id`, confirmed (an administrator registers it, which
/// also confirms a proposal of it) or proposed (first used on a decision); its id, or `None` when
/// nothing changed (it is there already, confirmed; or proposed again).
pub async fn add_signer_cert(
    db: impl PgExecutor<'_>,
    (user_id, d, confirmed): (i64, &Described, bool),
    by: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let (Some(from), Some(to)) = (d.valid_from, d.valid_to) else {
        return Ok(None);
    };
    sqlx::query_scalar!(
        "INSERT INTO signer_certificates (user_id, der, sha256, subject, issuer, serial, valid_from,
                                          valid_to, status, registered_by, confirmed_by, confirmed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CASE WHEN $9::bool THEN 'confirmed' ELSE 'proposed' END,
                 $10::int8, CASE WHEN $9::bool THEN $10::int8 END, CASE WHEN $9::bool THEN now() END)
         ON CONFLICT (user_id, sha256) DO UPDATE
             SET status = 'confirmed', confirmed_by = EXCLUDED.confirmed_by, confirmed_at = now()
             WHERE $9::bool AND signer_certificates.status = 'proposed'
         RETURNING id",
        user_id,
        &d.der,
        d.sha256,
        d.subject,
        d.issuer,
        d.serial,
        from,
        to,
        confirmed,
        by
    )
    .fetch_optional(db)
    .await
}

/// Confirms a proposed certificate of account `user_id`; its subject, or `None` when there is no
/// such proposal (confirmed meanwhile, removed, another account's).
pub async fn confirm_signer_cert(
    db: impl PgExecutor<'_>,
    AccountCert { user: user_id, id }: AccountCert,
    by: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE signer_certificates SET status = 'confirmed', confirmed_by = $3, confirmed_at = now()
          WHERE user_id = $1 AND id = $2 AND status = 'proposed' RETURNING subject",
        user_id,
        id,
        by
    )
    .fetch_optional(db)
    .await
}

/// Removes a certificate from account `user_id`: (subject, sha256, status) of what was removed.
pub async fn remove_signer_cert(
    db: impl PgExecutor<'_>,
    AccountCert { user: user_id, id }: AccountCert,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let r = sqlx::query!(
        "DELETE FROM signer_certificates WHERE user_id = $1 AND id = $2
         RETURNING subject, sha256, status",
        user_id,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.subject, r.sha256, r.status)))
}
