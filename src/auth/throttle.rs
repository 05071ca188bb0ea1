//! Slowing and locking repeated failed sign-ins, per account, per client address and per pair.
//! Locks come from a sliding 15-minute window over logged failures, so they end by themselves:
//! an attacker can hold an account for at most the window after their last counted failure,
//! and attempts refused while locked are logged but do not extend the lock.

use sqlx::PgExecutor;
use std::time::Duration;

pub const WINDOW_MINUTES: i64 = 15;
pub const PAIR_LOCK: i64 = 5;
pub const ACCOUNT_LOCK: i64 = 20;
pub const ADDRESS_LOCK: i64 = 50;

/// Failures counted in the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    /// this user name from this address, since its last success
    pub pair: i64,
    /// this user name from anywhere
    pub account: i64,
    /// any user name from this address
    pub address: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allow { delay: Duration },
    Locked,
}

/// The throttling policy (pure).
pub fn verdict(f: Failures) -> Verdict {
    if f.pair >= PAIR_LOCK || f.account >= ACCOUNT_LOCK || f.address >= ADDRESS_LOCK {
        return Verdict::Locked;
    }
    let slow = (f.pair - 1)
        .max(0)
        .max(f.account - 4)
        .max((f.address - 9) / 2)
        .clamp(0, 4);
    Verdict::Allow {
        delay: Duration::from_millis(500 * slow as u64),
    }
}

pub async fn failures(
    db: impl PgExecutor<'_>,
    username: &str,
    ip: &str,
) -> Result<Failures, sqlx::Error> {
    let r = sqlx::query!(
        r#"WITH w AS (
               SELECT username, ip, at FROM login_attempts
               WHERE at > now() - make_interval(mins => $3::int)
                 AND NOT success AND reason IN ('bad_password', 'unknown_user')
                 AND (username = $1 OR ip = $2)
           )
           SELECT count(*) FILTER (WHERE username = $1 AND ip = $2 AND at > coalesce(
                      (SELECT max(at) FROM login_attempts WHERE username = $1 AND ip = $2 AND success),
                      '-infinity')) AS "pair!",
                  count(*) FILTER (WHERE username = $1) AS "account!",
                  count(*) FILTER (WHERE ip = $2) AS "address!"
           FROM w"#,
        username,
        ip,
        WINDOW_MINUTES as i32,
    )
    .fetch_one(db)
    .await?;
    Ok(Failures {
        pair: r.pair,
        account: r.account,
        address: r.address,
    })
}

pub async fn record(
    db: impl PgExecutor<'_>,
    username: &str,
    ip: &str,
    success: bool,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO login_attempts (username, ip, success, reason) VALUES ($1, $2, $3, $4)",
        username.chars().take(100).collect::<String>(),
        ip,
        success,
        reason
    )
    .execute(db)
    .await?;
    tracing::info!(username, ip, success, reason, "sign-in attempt");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pair: i64, account: i64, address: i64) -> Failures {
        Failures {
            pair,
            account,
            address,
        }
    }

    #[test]
    fn first_attempts_are_free_then_slowed_then_locked() {
        assert_eq!(
            verdict(f(0, 0, 0)),
            Verdict::Allow {
                delay: Duration::ZERO
            }
        );
        assert_eq!(
            verdict(f(1, 1, 1)),
            Verdict::Allow {
                delay: Duration::ZERO
            }
        );
        assert_eq!(
            verdict(f(3, 3, 3)),
            Verdict::Allow {
                delay: Duration::from_millis(1000)
            }
        );
        assert_eq!(
            verdict(f(4, 4, 4)),
            Verdict::Allow {
                delay: Duration::from_millis(1500)
            }
        );
        assert_eq!(verdict(f(5, 5, 5)), Verdict::Locked);
    }

    #[test]
    fn distributed_guessing_locks_the_account_and_spraying_locks_the_address() {
        assert_eq!(verdict(f(0, 20, 0)), Verdict::Locked);
        assert_eq!(verdict(f(0, 0, 50)), Verdict::Locked);
        assert!(matches!(verdict(f(0, 19, 49)), Verdict::Allow { .. }));
    }

    #[test]
    fn delay_is_bounded() {
        for p in 0..5 {
            for a in 0..20 {
                if let Verdict::Allow { delay } = verdict(f(p, a, 49)) {
                    assert!(delay <= Duration::from_secs(2));
                }
            }
        }
    }
}
