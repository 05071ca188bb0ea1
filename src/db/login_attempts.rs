//! Sign-in attempts: every one logged, counted before the password is checked.

use crate::domain::throttle::{self, Failures, Verdict};
use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool, Postgres, Transaction};

/// The outcome of counting an attempt.
#[derive(Debug)]
pub enum Begun {
    /// refused without a check (logged as `locked`)
    Locked(Failures),
    /// may be checked after `delay`; `id` is the attempt's row (counted as a failure until it ends)
    Allowed {
        id: i64,
        failures: Failures,
        delay: std::time::Duration,
    },
}

/// Failures in the window, for the policy. Only attempts after the last unlock of the user name
/// count for it; a pair's count restarts at its last success.
async fn failures(
    tx: &mut Transaction<'_, Postgres>,
    username: &str,
    ip: &str,
) -> Result<Failures, sqlx::Error> {
    let r = sqlx::query!(
        r#"WITH cut AS (
               SELECT coalesce(max(at), '-infinity') AS t FROM login_attempts
               WHERE username = $1 AND reason = 'unlocked'
           ), w AS (
               SELECT username, ip, at FROM login_attempts
               WHERE at > now() - make_interval(mins => $3::int)
                 AND NOT success AND reason IN ('bad_password', 'unknown_user', 'pending')
                 AND (username = $1 OR ip = $2)
           )
           SELECT count(*) FILTER (WHERE username = $1 AND ip = $2 AND at > greatest(cut.t, coalesce(
                      (SELECT max(at) FROM login_attempts WHERE username = $1 AND ip = $2 AND success),
                      '-infinity'))) AS "pair!",
                  count(*) FILTER (WHERE username = $1 AND at > cut.t) AS "account!",
                  count(*) FILTER (WHERE ip = $2) AS "address!"
           FROM w, cut"#,
        username,
        ip,
        throttle::WINDOW_MINUTES as i32,
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(Failures {
        pair: r.pair,
        account: r.account,
        address: r.address,
    })
}

/// Counts an attempt before anything is checked: under a lock on the user name and one on the
/// address (always taken in that order), reads the failures, applies the policy and logs the
/// attempt (as `pending`, a failure until [`finish`] says otherwise, or as `locked`). Parallel
/// attempts therefore see each other, and no more of them reach the password check than the
/// policy allows.
pub async fn begin(pool: &PgPool, username: &str, ip: &str) -> Result<Begun, sqlx::Error> {
    let username: String = username.chars().take(100).collect();
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('thidua-login-user:' || $1, 0))",
        username
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query!(
        "SELECT pg_advisory_xact_lock(hashtextextended('thidua-login-ip:' || $1, 0))",
        ip
    )
    .execute(&mut *tx)
    .await?;
    let f = failures(&mut tx, &username, ip).await?;
    let verdict = throttle::verdict(f);
    let reason = match verdict {
        Verdict::Locked => "locked",
        Verdict::Allow { .. } => "pending",
    };
    let id = sqlx::query_scalar!(
        "INSERT INTO login_attempts (username, ip, success, reason) VALUES ($1, $2, false, $3) RETURNING id",
        username,
        ip,
        reason
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(match verdict {
        Verdict::Locked => {
            tracing::info!(username, ip, "sign-in refused: locked");
            Begun::Locked(f)
        }
        Verdict::Allow { delay } => Begun::Allowed {
            id,
            failures: f,
            delay,
        },
    })
}

/// Records how a counted attempt ended: `ok`, `bad_password`, `unknown_user` or `disabled`.
pub async fn finish(
    db: impl PgExecutor<'_>,
    id: i64,
    success: bool,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let r = sqlx::query!(
        "UPDATE login_attempts SET success = $2, reason = $3 WHERE id = $1 RETURNING username, ip",
        id,
        success,
        reason
    )
    .fetch_optional(db)
    .await?;
    if let Some(r) = r {
        tracing::info!(
            username = r.username,
            ip = r.ip,
            success,
            reason,
            "sign-in attempt"
        );
    }
    Ok(())
}

/// Clears the locks of a user name (every address): failures before this no longer count.
pub async fn unlock(db: impl PgExecutor<'_>, username: &str, ip: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO login_attempts (username, ip, success, reason) VALUES ($1, $2, false, 'unlocked')",
        username,
        ip
    )
    .execute(db)
    .await?;
    Ok(())
}

/// An address from which a user name is locked, with its failures in the window.
pub struct LockedFrom {
    pub ip: String,
    pub failures: i64,
    pub last: DateTime<Utc>,
}

/// The state of a user name for its administrator: failures in the window (every address) and
/// the addresses it is locked from.
pub async fn status(
    db: impl PgExecutor<'_>,
    username: &str,
) -> Result<(i64, Vec<LockedFrom>), sqlx::Error> {
    let rows = sqlx::query!(
        r#"WITH cut AS (
               SELECT coalesce(max(at), '-infinity') AS t FROM login_attempts
               WHERE username = $1 AND reason = 'unlocked'
           ), f AS (
               SELECT a.ip, a.at FROM login_attempts a, cut
               WHERE a.username = $1 AND NOT a.success
                 AND a.reason IN ('bad_password', 'unknown_user', 'pending')
                 AND a.at > greatest(cut.t, now() - make_interval(mins => $2::int))
                 AND a.at > coalesce((SELECT max(s.at) FROM login_attempts s
                                      WHERE s.username = $1 AND s.ip = a.ip AND s.success), '-infinity')
           )
           SELECT ip AS "ip!", count(*) AS "n!", max(at) AS "last!: DateTime<Utc>" FROM f
           GROUP BY ip ORDER BY max(at) DESC"#,
        username,
        throttle::WINDOW_MINUTES as i32,
    )
    .fetch_all(db)
    .await?;
    let total = rows.iter().map(|r| r.n).sum();
    Ok((
        total,
        rows.into_iter()
            .filter(|r| r.n >= throttle::PAIR_LOCK)
            .map(|r| LockedFrom {
                ip: r.ip,
                failures: r.n,
                last: r.last,
            })
            .collect(),
    ))
}

/// Removes attempts older than `days` (the housekeeping task; the window is minutes long, and
/// sign-ins, sign-outs and locks are in the audit log).
pub async fn purge(db: impl PgExecutor<'_>, days: i32) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!(
        "DELETE FROM login_attempts WHERE at < now() - make_interval(days => $1)",
        days
    )
    .execute(db)
    .await?
    .rows_affected())
}
