//! Typed settings read from the environment, with defaults that work on a developer machine.

use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Settings {
    /// The database as the application uses it.
    pub database_url: String,
    /// The same database as its owner, for migrations (`THIDUA_MIGRATE_URL`). When set, the
    /// application connects with `database_url` as a role that may only read and insert the audit
    /// log (and read and write the rest), granted by the owner after each migration; when unset,
    /// one role does both (the demo, a developer machine).
    pub migrate_url: Option<String>,
    pub bind: SocketAddr,
    /// Where Prometheus reads the metrics (`THIDUA_METRICS_BIND`, `GET /metrics` on a listener of its
    /// own, never on `bind`); `None`: no metrics listener, and no request is counted.
    pub metrics_bind: Option<SocketAddr>,
    /// Mark cookies `Secure` (set when the app is served over TLS, usually behind a proxy).
    pub secure_cookies: bool,
    /// How many proxies of our own stand in front of the app (0: none). Each appends the address it
    /// saw to `X-Forwarded-For`, so the client is that many entries from the right; anything further
    /// left was written by the client and is ignored.
    pub trust_proxy_hops: usize,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub db_max_connections: u32,
    /// Largest request body accepted, except on upload routes.
    pub max_body_bytes: usize,
    /// Largest uploaded import file.
    pub max_upload_bytes: usize,
    /// Largest file attached to a dossier (signed minutes, a proposal's documents).
    pub max_document_bytes: usize,
    /// Where the dossiers' files go: an S3-compatible object store, or (None) PostgreSQL.
    pub object_store: Option<S3Settings>,
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
    /// LibreOffice for the PDFs made from documents (`THIDUA_SOFFICE`, default `soffice`): how many
    /// run at once, how many more wait, and how long one may run before it is killed.
    pub soffice: String,
    pub pdf_workers: usize,
    pub pdf_queue: usize,
    pub pdf_timeout: Duration,
    /// The organisation's signing key, added to every decision issued (`crate::seal`); `None`:
    /// decisions carry the signer's signature alone.
    pub seal: Option<crate::seal::SealConfig>,
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

/// `THIDUA_TRUST_PROXY`: a number of trusted proxy hops; `true` means one (a single load balancer),
/// `false` or unset none.
pub fn proxy_hops(v: Option<&str>) -> anyhow::Result<usize> {
    match v.map(str::trim) {
        None | Some("") | Some("0") | Some("false") | Some("no") => Ok(0),
        Some("true") | Some("yes") => Ok(1),
        Some(n) => n.parse::<usize>().ok().filter(|n| *n <= 10).ok_or_else(|| {
            anyhow::anyhow!(
                "THIDUA_TRUST_PROXY: expected the number of proxies in front of the app (0-10), got {n:?}"
            )
        }),
    }
}

/// `THIDUA_METRICS_BIND`: an address such as `127.0.0.1:9464`; unset or empty: no metrics.
pub fn metrics_bind(v: Option<&str>) -> anyhow::Result<Option<SocketAddr>> {
    match v.map(str::trim) {
        None | Some("") => Ok(None),
        Some(a) => a.parse().map(Some).map_err(|e| {
            anyhow::anyhow!(
                "THIDUA_METRICS_BIND: expected an address such as 127.0.0.1:9464, got {a:?}: {e}"
            )
        }),
    }
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Ok(Settings {
            database_url: env_or("DATABASE_URL", "postgres://localhost/thidua"),
            migrate_url: std::env::var("THIDUA_MIGRATE_URL")
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
            bind: env_or("THIDUA_BIND", "127.0.0.1:8080")
                .parse()
                .map_err(|e| anyhow::anyhow!("THIDUA_BIND: {e}"))?,
            metrics_bind: metrics_bind(std::env::var("THIDUA_METRICS_BIND").ok().as_deref())?,
            secure_cookies: env_bool("THIDUA_SECURE_COOKIES")?,
            trust_proxy_hops: proxy_hops(std::env::var("THIDUA_TRUST_PROXY").ok().as_deref())?,
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
            max_document_bytes: env_parse("THIDUA_MAX_DOCUMENT_BYTES", 10 * 1024 * 1024usize)?,
            object_store: S3Settings::from_env()?,
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
            soffice: env_or("THIDUA_SOFFICE", "soffice"),
            pdf_workers: env_parse("THIDUA_PDF_WORKERS", 2usize)?,
            pdf_queue: env_parse("THIDUA_PDF_QUEUE", 8usize)?,
            pdf_timeout: Duration::from_secs(env_parse("THIDUA_PDF_TIMEOUT_SECONDS", 60u64)?),
            seal: crate::seal::SealConfig::from_env()?,
        })
    }

    /// Settings for tests: a given database, a random port on loopback.
    pub fn for_tests(database_url: &str) -> Self {
        Settings {
            database_url: database_url.to_string(),
            migrate_url: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            metrics_bind: None,
            secure_cookies: false,
            trust_proxy_hops: 0,
            session_idle: Duration::from_secs(30 * 60),
            session_absolute: Duration::from_secs(10 * 3600),
            db_max_connections: 8,
            max_body_bytes: 256 * 1024,
            max_upload_bytes: 20 * 1024 * 1024,
            max_document_bytes: 10 * 1024 * 1024,
            object_store: None,
            demo: true,
            hash_concurrency: 2,
            smtp_url: None,
            mail_from: "Thi đua khen thưởng <no-reply@localhost>".to_string(),
            public_url: "http://127.0.0.1".to_string(),
            mail_interval: Duration::from_secs(30),
            soffice: "soffice".to_string(),
            pdf_workers: 2,
            pdf_queue: 8,
            // a loaded CI machine runs LibreOffice slowly: a test waits rather than gets "busy"
            pdf_timeout: Duration::from_secs(300),
            seal: None,
        }
    }
}

/// An S3-compatible object store for the dossiers' files (`THIDUA_S3_*`), so that several app
/// servers share them without PostgreSQL holding the bytes.
#[derive(Clone, Debug)]
pub struct S3Settings {
    /// `http://minio.internal:9000`; unset for AWS itself
    pub endpoint: Option<String>,
    pub bucket: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// plain HTTP to the endpoint (inside a private network)
    pub allow_http: bool,
}

impl S3Settings {
    /// From `THIDUA_S3_BUCKET` (none: files stay in PostgreSQL) and the other `THIDUA_S3_*`.
    pub fn from_env() -> anyhow::Result<Option<S3Settings>> {
        let Some(bucket) = std::env::var("THIDUA_S3_BUCKET")
            .ok()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
        else {
            return Ok(None);
        };
        let key = |k: &str| -> anyhow::Result<String> {
            std::env::var(k)
                .map(|v| v.trim().to_string())
                .ok()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| anyhow::anyhow!("THIDUA_S3_BUCKET is set: {k} is needed too"))
        };
        Ok(Some(S3Settings {
            endpoint: std::env::var("THIDUA_S3_ENDPOINT")
                .ok()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty()),
            bucket,
            region: env_or("THIDUA_S3_REGION", "us-east-1"),
            access_key_id: key("THIDUA_S3_ACCESS_KEY_ID")?,
            secret_access_key: key("THIDUA_S3_SECRET_ACCESS_KEY")?,
            allow_http: env_bool("THIDUA_S3_ALLOW_HTTP")?,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::{metrics_bind, proxy_hops};

    #[test]
    fn the_metrics_address() {
        assert_eq!(metrics_bind(None).unwrap(), None);
        assert_eq!(metrics_bind(Some(" ")).unwrap(), None);
        assert_eq!(
            metrics_bind(Some("127.0.0.1:9464")).unwrap(),
            Some("127.0.0.1:9464".parse().unwrap())
        );
        assert!(
            metrics_bind(Some("9464")).is_err(),
            "an address, not a port"
        );
    }

    #[test]
    fn trusted_proxy_hops() {
        assert_eq!(proxy_hops(None).unwrap(), 0);
        assert_eq!(proxy_hops(Some("false")).unwrap(), 0);
        assert_eq!(proxy_hops(Some("true")).unwrap(), 1);
        assert_eq!(proxy_hops(Some(" 2 ")).unwrap(), 2);
        assert!(proxy_hops(Some("many")).is_err());
        assert!(proxy_hops(Some("-1")).is_err());
    }
}
