//! Server-side sessions in PostgreSQL. The cookie carries a random token; the table keeps its SHA-256,
//! so a leaked table does not leak usable cookies. Idle and absolute timeouts are enforced in SQL,
//! and by the session cache (`auth::cache`) for the sessions it holds.

use super::CurrentUser;
use super::cache::SessionCache;
use crate::db::versioned::{Seen, Version};
use crate::domain::roles::{Grant, Role};
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::PgExecutor;
use std::time::Duration;

pub const SESSION_COOKIE: &str = "thidua_session";
/// Anti-CSRF token of signed-out forms (sign-in), double-submitted as cookie and field.
pub const PRE_CSRF_COOKIE: &str = "thidua_csrf";

/// 32 random bytes, hex.
pub fn new_token() -> anyhow::Result<String> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("random: {e}"))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Compares in time independent of where the strings differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The value of cookie `name` in the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value. `max_age` None = session cookie; Some(0) deletes.
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age: Option<u64>,
    secure: bool,
    http_only: bool,
) -> String {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

pub struct NewSession {
    pub token: String,
    pub csrf_token: String,
}

pub async fn create(
    db: impl PgExecutor<'_>,
    user_id: i64,
    absolute: Duration,
    ip: &str,
    user_agent: &str,
) -> anyhow::Result<NewSession> {
    let token = new_token()?;
    let csrf_token = new_token()?;
    sqlx::query!(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5, $6)",
        hash_token(&token),
        user_id,
        csrf_token,
        absolute.as_secs_f64(),
        ip,
        user_agent.chars().take(300).collect::<String>(),
    )
    .execute(db)
    .await?;
    Ok(NewSession { token, csrf_token })
}

pub async fn delete(db: impl PgExecutor<'_>, id_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!("DELETE FROM sessions WHERE id_hash = $1", id_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of a user but the one given (a password changed by its owner).
pub async fn delete_others(
    db: impl PgExecutor<'_>,
    user_id: i64,
    keep: &[u8],
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2",
        user_id,
        keep
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// Ends every session of a user (disabled account, password reset).
pub async fn delete_for_user(db: impl PgExecutor<'_>, user_id: i64) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query!("DELETE FROM sessions WHERE user_id = $1", user_id)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// Removes sessions past either timeout.
pub async fn purge_expired(db: impl PgExecutor<'_>, idle: Duration) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM sessions WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(secs => $1)",
        idle.as_secs_f64()
    )
    .execute(db)
    .await?
    .rows_affected())
}

/// Loads the user of a live session: the account must be active, the session within both timeouts.
/// Answered from this server's [`SessionCache`] when it holds the session (no round trip) unless
/// `fresh` (the browser changed something a moment ago); otherwise one query, and the session kept
/// for the next request. `last_seen_at` is written at most once a minute.
pub async fn load(
    db: &sqlx::PgPool,
    cache: &SessionCache,
    token: &str,
    idle: Duration,
    fresh: bool,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let id_hash = hash_token(token);
    if let Some((user, touch)) = cache.lookup(&id_hash, idle, Utc::now(), fresh) {
        if touch {
            let db = db.clone();
            let id_hash = id_hash.clone();
            tokio::spawn(async move {
                if let Err(e) = touch_session(&db, &id_hash).await {
                    tracing::warn!(error = %e, "writing a session's last-seen time failed");
                }
            });
        }
        return Ok(Some(user));
    }
    let epoch = cache.epoch();
    let Some((user, expires_at, last_seen)) = read(db, id_hash.clone(), idle).await? else {
        cache.forget(&id_hash);
        return Ok(None);
    };
    cache.keep(id_hash, &user, expires_at, last_seen, epoch);
    Ok(Some(user))
}

async fn touch_session(db: impl PgExecutor<'_>, id_hash: &[u8]) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE sessions SET last_seen_at = now() WHERE id_hash = $1",
        id_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

type Read = (CurrentUser, DateTime<Utc>, DateTime<Utc>);

/// The session's user, with the data versions and the unread count, its absolute expiry and its
/// last-seen time (written now when it was more than a minute old): one query, and a write a minute.
async fn read(
    db: &sqlx::PgPool,
    id_hash: Vec<u8>,
    idle: Duration,
) -> Result<Option<Read>, sqlx::Error> {
    let row = sqlx::query!(
        r#"SELECT s.user_id, s.csrf_token, (s.last_seen_at < now() - interval '60 seconds') AS "stale!",
                  s.expires_at, s.last_seen_at, now() AS "now!",
                  u.username, u.display_name, u.person_id, u.must_change_password,
                  p.unit_id AS "unit_id?", pu.code AS "unit_code?", pu.path AS "unit_path?",
                  array_remove(array_agg(r.role ORDER BY r.id), NULL) AS "roles!",
                  array_remove(array_agg(r.unit_id ORDER BY r.id), NULL) AS "role_units!",
                  array_remove(array_agg(ru.code ORDER BY r.id), NULL) AS "role_codes!",
                  array_remove(array_agg(ru.path ORDER BY r.id), NULL) AS "role_paths!",
                  (SELECT version FROM data_versions WHERE name = 'people') AS "people_version!",
                  (SELECT version FROM data_versions WHERE name = 'campaigns') AS "campaigns_version!",
                  (SELECT sum(version) FROM registration_versions)::int8 AS "registrations_version!",
                  (SELECT sum(version) FROM registration_detail_versions)::int8 AS "details_version!",
                  (SELECT version FROM data_versions WHERE name = 'facts') AS "facts_version!",
                  coalesce((SELECT version FROM data_versions WHERE name = 'registry'), 0) AS "registry_version!",
                  coalesce((SELECT version FROM data_versions WHERE name = 'proposals'), 0) AS "proposals_version!",
                  coalesce((SELECT version > 0 FROM data_versions WHERE name = 'demo'), false) AS "demo_data!",
                  (SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)
                      AS "unread!"
           FROM sessions s
           JOIN users u ON u.id = s.user_id AND u.active
           LEFT JOIN people p ON p.id = u.person_id
           LEFT JOIN units pu ON pu.id = p.unit_id
           LEFT JOIN user_roles r ON r.user_id = u.id
           LEFT JOIN units ru ON ru.id = r.unit_id
           WHERE s.id_hash = $1 AND s.expires_at > now()
             AND s.last_seen_at > now() - make_interval(secs => $2)
           GROUP BY s.id_hash, u.id, p.id, pu.id"#,
        &id_hash,
        idle.as_secs_f64(),
    )
    .fetch_optional(db)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let mut last_seen = r.last_seen_at;
    if r.stale {
        touch_session(db, &id_hash).await?;
        last_seen = r.now;
    }
    let grants = r
        .roles
        .iter()
        .zip(r.role_units.iter())
        .zip(r.role_codes.iter().zip(r.role_paths.iter()))
        .filter_map(|((role, unit_id), (code, path))| {
            Role::parse(role).map(|role| Grant {
                role,
                unit_id: *unit_id,
                unit_code: code.clone(),
                unit_path: path.clone(),
            })
        })
        .collect();
    let user = CurrentUser {
        user_id: r.user_id,
        username: r.username,
        display_name: r.display_name,
        person_id: r.person_id,
        unit_id: r.unit_id,
        unit_code: r.unit_code,
        unit_path: r.unit_path,
        grants,
        csrf_token: r.csrf_token,
        must_change_password: r.must_change_password,
        session_hash: id_hash,
        seen: Seen::today(&[
            (Version::People, r.people_version),
            (Version::Campaigns, r.campaigns_version),
            (Version::Registrations, r.registrations_version),
            (Version::Details, r.details_version),
            (Version::Facts, r.facts_version),
            (Version::Registry, r.registry_version),
            (Version::Proposals, r.proposals_version),
        ]),
        unread: r.unread,
        demo_data: r.demo_data,
    };
    Ok(Some((user, r.expires_at, last_seen)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex() {
        let a = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, new_token().unwrap());
    }

    #[test]
    fn cookie_parsing_and_setting() {
        let mut h = HeaderMap::new();
        h.insert("cookie", "a=1; thidua_session=abc; b=2".parse().unwrap());
        assert_eq!(cookie(&h, SESSION_COOKIE), Some("abc"));
        assert_eq!(cookie(&h, "c"), None);
        let c = set_cookie(SESSION_COOKIE, "x", None, true, true);
        assert_eq!(
            c,
            "thidua_session=x; Path=/; SameSite=Lax; HttpOnly; Secure"
        );
    }

    #[test]
    fn constant_time_comparison() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
