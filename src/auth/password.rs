//! Argon2id password hashing (OWASP parameters), off the async threads and bounded in concurrency.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

fn argon() -> anyhow::Result<Argon2<'static>> {
    let params =
        Params::new(19456, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn salt() -> anyhow::Result<SaltString> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("random: {e}"))?;
    SaltString::encode_b64(&bytes).map_err(|e| anyhow::anyhow!("salt: {e}"))
}

/// Hashes synchronously (CLI and seeding; the server uses [`Hasher`]).
pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = salt()?;
    let hash = argon()?
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hash: {e}"))?;
    Ok(hash.to_string())
}

/// Verifies synchronously; a malformed stored hash never matches.
pub fn verify_blocking(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    match argon() {
        Ok(a) => a.verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, verified against when the account does not exist so that
/// unknown and known user names take the same time.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("no account has this password 8f1d").unwrap_or_default());

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    pub fn new(concurrency: usize) -> Hasher {
        Hasher {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
    }

    /// Verifies `password` against `phc`, or against a dummy hash when `phc` is `None`
    /// (always false then).
    pub async fn verify(&self, password: String, phc: Option<String>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        let ok = tokio::task::spawn_blocking(move || match phc {
            Some(h) => verify_blocking(&password, &h),
            None => {
                let _ = verify_blocking(&password, &DUMMY_HASH);
                false
            }
        })
        .await?;
        Ok(ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_with_owasp_parameters() {
        let h = hash_blocking("thidua-demo").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_blocking("thidua-demo", &h));
        assert!(!verify_blocking("thidua-demO", &h));
        assert!(!verify_blocking("thidua-demo", "not a hash"));
        assert_ne!(h, hash_blocking("thidua-demo").unwrap(), "salted");
    }
}
