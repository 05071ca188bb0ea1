//! Queries grouped by table family. Functions take `impl PgExecutor` (a pool or a transaction).

pub mod audit;
pub mod campaign_cache;
pub mod campaigns;
pub mod directory;
pub mod eligibility;
pub mod forms;
pub mod import_jobs;
pub mod instance;
pub mod login_attempts;
pub mod notifications;
pub mod people;
pub mod ratings;
pub mod registrations;
pub mod roles;
pub mod units;
pub mod users;
pub mod versioned;
