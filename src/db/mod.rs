//! Queries grouped by table family. Functions take `impl PgExecutor` (a pool or a transaction).

pub mod audit;
pub mod campaign_cache;
pub mod campaigns;
pub mod directory;
pub mod eligibility;
pub mod import_jobs;
pub mod notifications;
pub mod people;
pub mod ratings;
pub mod registrations;
pub mod units;
pub mod users;
pub mod versioned;
