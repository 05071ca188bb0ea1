//! Building and running the server: database pool, migrations, the accept loop with header timeouts.

use crate::auth::Hasher;
use crate::config::Settings;
use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use sqlx::migrate::MigrateDatabase;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};
use std::future::Future;
use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceExt;

pub use crate::state::AppState;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Creates the database if it is missing.
pub async fn ensure_database(url: &str) -> anyhow::Result<()> {
    if !Postgres::database_exists(url).await? {
        tracing::info!("creating database");
        Postgres::create_database(url).await?;
    }
    Ok(())
}

/// A pool that fails fast while the database is away and reconnects by itself when it returns.
pub async fn connect(settings: &Settings) -> anyhow::Result<PgPool> {
    let opts = PgConnectOptions::from_str(&settings.database_url)?.application_name("thidua");
    let pool = PgPoolOptions::new()
        .max_connections(settings.db_max_connections)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(2))
        .idle_timeout(Duration::from_secs(300))
        .max_lifetime(Duration::from_secs(1800))
        .test_before_acquire(false)
        .connect_with(opts)
        .await?;
    Ok(pool)
}

pub async fn migrate(pool: &PgPool) -> anyhow::Result<()> {
    MIGRATOR.run(pool).await?;
    Ok(())
}

/// Makes the database ready and returns the application's pool. With one URL: creates the database
/// if missing and migrates it with that role. With `THIDUA_MIGRATE_URL` as well: creates and
/// migrates it as the owner, then grants the application's role what it needs and no more (the
/// audit log: read and insert only), so that the running application cannot rewrite the log, nor
/// disable its triggers.
pub async fn prepare(settings: &Settings) -> anyhow::Result<PgPool> {
    let owner_url = settings
        .migrate_url
        .as_deref()
        .unwrap_or(&settings.database_url);
    ensure_database(owner_url)
        .await
        .map_err(|e| explain_unreachable(owner_url, e))?;
    let Some(owner_url) = settings.migrate_url.as_deref() else {
        let pool = connect(settings)
            .await
            .map_err(|e| explain_unreachable(&settings.database_url, e))?;
        migrate(&pool).await?;
        return Ok(pool);
    };
    let owner = PgPoolOptions::new()
        .max_connections(1)
        .connect(owner_url)
        .await?;
    migrate(&owner).await?;
    let pool = connect(settings)
        .await
        .map_err(|e| explain_unreachable(&settings.database_url, e))?;
    let app_role = crate::db::roles::current_role(&pool).await?;
    if app_role != crate::db::roles::current_role(&owner).await? {
        crate::db::roles::grant_app_role(&owner, &app_role).await?;
        tracing::info!(role = %app_role, "migrated as the owner; the application's role may only read and insert the audit log");
    }
    owner.close().await;
    Ok(pool)
}

/// One clear line when PostgreSQL cannot be reached: what to install, start or set.
pub fn explain_unreachable(url: &str, e: impl std::fmt::Display) -> anyhow::Error {
    let text = e.to_string();
    let refused = [
        "Connection refused",
        "No such file or directory",
        "error connecting",
        "os error 111",
        "os error 2",
    ]
    .iter()
    .any(|m| text.contains(m));
    if !refused {
        return anyhow::anyhow!("database {}: {text}", redact(url));
    }
    let versions: Vec<String> = std::fs::read_dir("/etc/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let how = match versions.first() {
        Some(v) => format!(
            "start it with `pg_ctlcluster --skip-systemctl-redirect {v} main start` (as root or postgres)"
        ),
        None => "install it (`apt-get install postgresql` on Debian)".to_string(),
    };
    anyhow::anyhow!(
        "nothing answers at DATABASE_URL={} ({text}): {how}, or set DATABASE_URL to a running PostgreSQL",
        redact(url)
    )
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub struct Application {
    listener: TcpListener,
    /// `THIDUA_METRICS_BIND`'s listener, when set
    metrics_listener: Option<TcpListener>,
    router: Router,
    port: u16,
    pub state: AppState,
}

impl Application {
    /// Connects (creating the database if needed), migrates and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let pool = prepare(&settings).await?;
        Self::build_with_pool(settings, pool).await
    }

    pub async fn build_with_pool(settings: Settings, pool: PgPool) -> anyhow::Result<Application> {
        let listener = TcpListener::bind(settings.bind).await?;
        let port = listener.local_addr()?.port();
        let metrics = Arc::new(crate::metrics::Metrics::default());
        let metrics_listener = match settings.metrics_bind {
            Some(addr) => {
                let l = TcpListener::bind(addr)
                    .await
                    .map_err(|e| anyhow::anyhow!("THIDUA_METRICS_BIND {addr}: {e}"))?;
                metrics.bound(l.local_addr()?);
                Some(l)
            }
            None => None,
        };
        let registered: Vec<String> = crate::domain::campaign::RegStatus::ALL
            .into_iter()
            .filter(|s| s.is_registered())
            .map(|s| s.code().to_string())
            .collect();
        // half the pool's connections write progress; the rest serve everything else
        let progress = crate::db::progress_batch::ProgressWriter::start(
            pool.clone(),
            (settings.db_max_connections as usize / 2).max(1),
            registered,
        );
        let state = AppState {
            metrics,
            progress: Arc::new(progress),
            db: pool,
            hasher: Hasher::new(settings.hash_concurrency),
            caches: Arc::default(),
            files: crate::storage::Store::new(settings.object_store.as_ref())?,
            renderer: Arc::new(crate::export::programs::Renderer::new(
                &settings.soffice,
                settings.pdf_workers,
                settings.pdf_queue,
                settings.pdf_timeout,
            )),
            writes: Arc::new(tokio::sync::Semaphore::new(
                (settings.db_max_connections as usize)
                    .saturating_sub(1)
                    .max(1),
            )),
            settings: Arc::new(settings),
        };
        if !state.settings.demo
            && crate::db::instance::is_demo(&state.db)
                .await
                .unwrap_or(false)
        {
            tracing::warn!(
                "this database holds the demo organisation: its accounts (admin, giamdoc, ...) share the published password thidua-demo; every page shows a demo banner. Use a fresh database for real work."
            );
        }
        let router = crate::routes::router(state.clone());
        Ok(Application {
            listener,
            metrics_listener,
            router,
            port,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT/SIGTERM.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_with_shutdown(shutdown_signal()).await
    }

    pub async fn run_with_shutdown(
        self,
        shutdown: impl Future<Output = ()> + Send,
    ) -> anyhow::Result<()> {
        spawn_housekeeping(self.state.clone());
        let listener = tokio::spawn(crate::db::live::listen(
            self.state.db.clone(),
            self.state.caches.sessions.clone(),
        ));
        let poller = tokio::spawn(crate::db::live::poll_details(
            self.state.db.clone(),
            self.state.caches.sessions.clone(),
        ));
        if let Some(mailer) = crate::mail::Mailer::from_settings(&self.state.settings)? {
            crate::mail::spawn_sender(
                self.state.db.clone(),
                mailer,
                self.state.settings.mail_interval,
            );
        }
        // the metrics listener stops with the application (its sender dropped below)
        let (stop_metrics, metrics_stopped) = tokio::sync::oneshot::channel::<()>();
        let metrics = self.metrics_listener.map(|l| {
            if let Ok(addr) = l.local_addr() {
                tracing::info!("metrics on http://{addr}/metrics");
            }
            let router = crate::web::metrics::router(self.state.clone());
            tokio::spawn(serve(l, router, async move {
                let _ = metrics_stopped.await;
            }))
        });
        serve(self.listener, self.router, shutdown).await;
        drop(stop_metrics);
        if let Some(m) = metrics {
            let _ = m.await;
        }
        listener.abort();
        poller.abort();
        Ok(())
    }
}

/// Sign-in attempts are kept this long (the throttle reads minutes; sign-ins, sign-outs and locks
/// are in the audit log for good).
pub const LOGIN_ATTEMPTS_KEPT_DAYS: i32 = 30;
/// An import preview nobody imported or cancelled is dropped (its rows; the job stays, cancelled)
/// after this long.
pub const ABANDONED_PREVIEW_HOURS: i32 = 24;

/// Every ten minutes: purges expired sessions, old sign-in attempts, abandoned import previews and
/// the change logs' old rows, deletes the object store's objects no document refers to, and sends
/// registration deadline reminders (7 days and 1 day before). Any instance may do it: the purges are
/// idempotent and reminders are de-duplicated by a unique key.
fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(600));
        loop {
            tick.tick().await;
            let today = crate::domain::dates::today_vn();
            for days in [7, 1] {
                match crate::db::notifications::deadline_reminders(&state.db, today, days).await {
                    Ok(n) if n > 0 => tracing::info!(n, days, "deadline reminders sent"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "deadline reminders failed"),
                }
            }
            housekeep(&state.db, state.settings.session_idle).await;
            // an hour leaves every upload time to commit
            match state
                .files
                .sweep(&state.db, chrono::Duration::hours(1))
                .await
            {
                Ok(n) if n > 0 => tracing::info!(n, "objects no document refers to deleted"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "object store sweep failed"),
            }
        }
    });
}

/// The purges of the housekeeping task (also run by tests).
pub async fn housekeep(db: &PgPool, session_idle: Duration) {
    match crate::auth::session::purge_expired(db, session_idle).await {
        Ok(n) if n > 0 => tracing::info!(n, "purged expired sessions"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "session purge failed"),
    }
    match crate::db::login_attempts::purge(db, LOGIN_ATTEMPTS_KEPT_DAYS).await {
        Ok(n) if n > 0 => tracing::info!(n, "purged old sign-in attempts"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "sign-in attempts purge failed"),
    }
    if let Err(e) = crate::db::registry::sweep_hits(db).await {
        tracing::warn!(error = %e, "verification rate counts purge failed");
    }
    if let Err(e) = crate::db::forms::purge(db, 2).await {
        tracing::warn!(error = %e, "form token purge failed");
    }
    let kept = crate::db::eligibility::CHANGE_LOGS_KEPT_DAYS;
    match crate::db::eligibility::purge_change_logs(db, kept).await {
        Ok(n) if n > 0 => tracing::info!(n, "purged old change log rows"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "change log purge failed"),
    }
    match crate::db::import_jobs::purge_abandoned(db, ABANDONED_PREVIEW_HOURS).await {
        Ok(n) if n > 0 => tracing::info!(n, "dropped abandoned import previews"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "import preview purge failed"),
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// How long a client may take to send the request headers (slowloris defence).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The accept loop: HTTP/1.1 with a header read timeout, the client address in `ConnectInfo`,
/// and graceful shutdown.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, addr): (tokio::net::TcpStream, SocketAddr) = match accepted {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let router = router.clone();
                let svc = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                    req.extensions_mut().insert(ConnectInfo(addr));
                    router.clone().oneshot(req.map(axum::body::Body::new))
                });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(HEADER_READ_TIMEOUT)
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), svc);
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {},
        _ = tokio::time::sleep(Duration::from_secs(10)) => {},
    }
}
