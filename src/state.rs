//! What every request shares: the pool, the settings, this server's caches and queues. Holds no
//! per-user state: that lives in PostgreSQL, so any number of instances can serve the same
//! organisation behind a load balancer. Built by `startup`; read by the handlers, which import it
//! from here (not from `startup`, which imports the routes and so every handler).

use crate::auth::Hasher;
use crate::config::Settings;
use sqlx::PgPool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub settings: Arc<Settings>,
    pub hasher: Hasher,
    /// Everything this server keeps in memory, each cache with the versions it follows.
    pub caches: Arc<crate::caches::Caches>,
    /// Where the dossiers' files are kept (PostgreSQL, or the object store of `THIDUA_S3_*`).
    pub files: crate::storage::Store,
    /// Turns for the heavier writes (a proposal's submission): half the pool's connections, so that
    /// a burst waits in line here instead of timing out on the pool, and other requests still get
    /// connections.
    pub writes: Arc<tokio::sync::Semaphore>,
    /// LibreOffice and poppler behind bounded queues (the PDFs made from documents, signed PDFs read).
    pub renderer: Arc<crate::export::programs::Renderer>,
    /// The progress form's saves, written in batches when many come at once.
    pub progress: Arc<crate::db::progress_batch::ProgressWriter>,
    /// The requests counted for Prometheus, and the metrics listener's address (`crate::metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
}
