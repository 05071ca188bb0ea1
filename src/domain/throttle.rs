//! Slowing and locking repeated failed sign-ins (the policy; the counting is `db::login_attempts`).
//!
//! - One account from one address: locked after [`PAIR_LOCK`] failures, for the window after the
//!   last of them. Someone guessing from one place stops there.
//! - One address, any account: locked after [`ADDRESS_LOCK`] failures (password spraying).
//! - One account from everywhere: only slowed, by a delay that grows with the failures and is
//!   capped at [`MAX_DELAY`]. Nobody can lock the owner out from elsewhere; an attacker spread over
//!   many addresses gets [`PAIR_LOCK`] tries from each, each slower than the last.
//!
//! Every attempt is counted before its password is checked (under per-account and per-address
//! locks), so parallel requests get no more checks than these limits. Locks come from a sliding
//! window over logged failures, so they end by themselves; attempts refused while locked do not
//! extend them; an administrator can clear an account's locks.

use std::time::Duration;

pub const WINDOW_MINUTES: i64 = 15;
pub const PAIR_LOCK: i64 = 5;
pub const ADDRESS_LOCK: i64 = 50;
/// Account-wide failures from which sign-in for that account is slowed down.
pub const ACCOUNT_SLOW_FROM: i64 = 5;
pub const MAX_DELAY: Duration = Duration::from_secs(4);

/// Failures counted in the window (attempts being checked count as failures until they end).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Failures {
    /// this user name from this address, since its last success and the last unlock
    pub pair: i64,
    /// this user name from anywhere, since the last unlock
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
    if f.pair >= PAIR_LOCK || f.address >= ADDRESS_LOCK {
        return Verdict::Locked;
    }
    let pair_ms = 500 * (f.pair - 1).max(0) as u64;
    let address_ms = 500 * ((f.address - 9) / 2).max(0) as u64;
    // 250 ms from the 5th failure, doubling every 5 more
    let account_ms = if f.account >= ACCOUNT_SLOW_FROM {
        250u64 << ((f.account - ACCOUNT_SLOW_FROM) / 5).min(8)
    } else {
        0
    };
    let ms = pair_ms.max(address_ms).max(account_ms);
    Verdict::Allow {
        delay: Duration::from_millis(ms).min(MAX_DELAY),
    }
}

/// What a failure that was counted as `before` (not including itself) newly locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NewLocks {
    /// this account from this address
    pub pair: bool,
    /// this address for every account
    pub address: bool,
}

pub fn locks_after_failure(before: Failures) -> NewLocks {
    NewLocks {
        pair: before.pair + 1 == PAIR_LOCK,
        address: before.address + 1 == ADDRESS_LOCK,
    }
}

/// The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64
/// network (a client is given a whole /64 and can rotate through it); anything unparsable as it is.
pub fn network_key(ip: &str) -> String {
    match ip.trim().parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_string(),
    }
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
    fn delay(v: Verdict) -> Duration {
        match v {
            Verdict::Allow { delay } => delay,
            Verdict::Locked => panic!("locked"),
        }
    }

    #[test]
    fn first_attempts_are_free_then_slowed_then_locked() {
        assert_eq!(delay(verdict(f(0, 0, 0))), Duration::ZERO);
        assert_eq!(delay(verdict(f(1, 1, 1))), Duration::ZERO);
        assert_eq!(delay(verdict(f(3, 3, 3))), Duration::from_millis(1000));
        assert_eq!(delay(verdict(f(4, 4, 4))), Duration::from_millis(1500));
        assert_eq!(verdict(f(5, 5, 5)), Verdict::Locked);
    }

    #[test]
    fn failures_elsewhere_only_slow_the_account_down() {
        // 30 failures from one address, 1,000 spread over many: the owner, from their own
        // address, is slowed but never locked
        for account in [5, 30, 1000, i64::MAX / 2] {
            let d = delay(verdict(f(0, account, 0)));
            assert!(d > Duration::ZERO && d <= MAX_DELAY, "{account}: {d:?}");
        }
        assert_eq!(delay(verdict(f(0, 5, 0))), Duration::from_millis(250));
        assert_eq!(delay(verdict(f(0, 10, 0))), Duration::from_millis(500));
        assert_eq!(delay(verdict(f(0, 4, 0))), Duration::ZERO);
    }

    #[test]
    fn spraying_locks_the_address() {
        assert_eq!(verdict(f(0, 0, 50)), Verdict::Locked);
        assert!(matches!(verdict(f(0, 19, 49)), Verdict::Allow { .. }));
    }

    #[test]
    fn delay_is_bounded() {
        for p in 0..PAIR_LOCK {
            for a in 0..200 {
                for ad in 0..ADDRESS_LOCK {
                    assert!(delay(verdict(f(p, a, ad))) <= MAX_DELAY);
                }
            }
        }
    }

    #[test]
    fn a_lock_is_announced_once() {
        assert_eq!(
            locks_after_failure(f(4, 4, 4)),
            NewLocks {
                pair: true,
                address: false
            }
        );
        assert!(!locks_after_failure(f(5, 9, 9)).pair);
        assert!(locks_after_failure(f(0, 0, 49)).address);
        assert!(!locks_after_failure(f(0, 0, 50)).address);
    }
}

#[cfg(test)]
mod network_tests {
    use super::network_key;

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        assert_eq!(network_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(
            network_key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "2001:db8:1:2::/64"
        );
        assert_ne!(
            network_key("2001:db8:1:3::1"),
            network_key("2001:db8:1:2::1")
        );
        assert_eq!(network_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(network_key("::ffff:203.0.113.9"), "203.0.113.9");
    }
}
