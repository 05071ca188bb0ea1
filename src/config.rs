//! Typed settings read from the environment, with defaults that work on a developer machine.

use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    pub database_url: String,
    pub bind: SocketAddr,
    /// Mark cookies `Secure` (set when the app is served over TLS, usually behind a proxy).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted load balancer).
    pub trust_proxy: bool,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub db_max_connections: u32,
    /// Largest request body accepted, except on upload routes.
    pub max_body_bytes: usize,
    /// Largest uploaded import file.
    pub max_upload_bytes: usize,
    /// Show the demo accounts on the sign-in page.
    pub demo: bool,
    /// Concurrent password hashes (each takes ~19 MiB and ~25 ms of one core).
    pub hash_concurrency: usize,
    /// Where e-mail copies of notifications go (`smtp://host:25`, `smtp://host:587?tls=required`,
    /// `smtps://user:password@host`); `None` sends no e-mail, and nothing waits for it.
    pub smtp_url: Option<String>,
    /// The sender of those e-mails.
    pub mail_from: String,
    /// How this application is reached by its users (links in e-mails).
    pub public_url: String,
    /// How often a server looks for notifications to send by e-mail.
    pub mail_interval: Duration,
}

fn env_or(key: &str, default: &str) -> String {
    std::env::var(key)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

fn env_parse<T: std::str::FromStr>(key: &str, default: T) -> anyhow::Result<T> {
    match std::env::var(key) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{key}: cannot parse {v:?}")),
        _ => Ok(default),
    }
}

fn env_bool(key: &str) -> anyhow::Result<bool> {
    match std::env::var(key).ok().as_deref().map(str::trim) {
        None | Some("") | Some("0") | Some("false") | Some("no") => Ok(false),
        Some("1") | Some("true") | Some("yes") => Ok(true),
        Some(other) => anyhow::bail!("{key}: expected true or false, got {other:?}"),
    }
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Ok(Settings {
            database_url: env_or("DATABASE_URL", "postgres://localhost/thidua"),
            bind: env_or("THIDUA_BIND", "127.0.0.1:8080")
                .parse()
                .map_err(|e| anyhow::anyhow!("THIDUA_BIND: {e}"))?,
            secure_cookies: env_bool("THIDUA_SECURE_COOKIES")?,
            trust_proxy: env_bool("THIDUA_TRUST_PROXY")?,
            session_idle: Duration::from_secs(
                60 * env_parse("THIDUA_SESSION_IDLE_MINUTES", 30u64)?,
            ),
            session_absolute: Duration::from_secs(
                60 * env_parse("THIDUA_SESSION_ABSOLUTE_MINUTES", 600u64)?,
            ),
            // PostgreSQL's rule of thumb (twice the cores, plus one): more connections than the
            // cores can serve only add switching (measured: 6 % fewer pages per second at 16 than
            // at 4 on two cores)
            db_max_connections: env_parse(
                "THIDUA_DB_MAX_CONNECTIONS",
                (2 * cores as u32 + 1).max(5),
            )?,
            max_body_bytes: env_parse("THIDUA_MAX_BODY_BYTES", 256 * 1024usize)?,
            max_upload_bytes: env_parse("THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024usize)?,
            demo: false,
            hash_concurrency: env_parse("THIDUA_HASH_CONCURRENCY", cores)?,
            smtp_url: std::env::var("THIDUA_SMTP_URL")
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
            mail_from: env_or(
                "THIDUA_MAIL_FROM",
                "Thi đua khen thưởng <no-reply@localhost>",
            ),
            public_url: env_or("THIDUA_PUBLIC_URL", "http://127.0.0.1:8080")
                .trim_end_matches('/')
                .to_string(),
            mail_interval: Duration::from_secs(env_parse("THIDUA_MAIL_INTERVAL_SECONDS", 30u64)?),
        })
    }

    /// Settings for tests: a given database, a random port on loopback.
    pub fn for_tests(database_url: &str) -> Self {
        Settings {
            database_url: database_url.to_string(),
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            secure_cookies: false,
            trust_proxy: false,
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(10 * 3600),
            db_max_connections: 8,
            max_body_bytes: 256 * 1024,
            max_upload_bytes: 20 * 1024 * 1024,
            demo: true,
            hash_concurrency: 2,
            smtp_url: None,
            mail_from: "Thi đua khen thưởng <no-reply@localhost>".to_string(),
            public_url: "http://127.0.0.1".to_string(),
            mail_interval: Duration::from_secs(30),
        }
    }
}
