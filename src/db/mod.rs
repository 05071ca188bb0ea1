//! Queries grouped by table family. Functions take `impl PgExecutor` (a pool or a transaction).

/// A transaction on the application's database (so that handlers name no sqlx type).
pub type Tx<'a> = sqlx::Transaction<'a, sqlx::Postgres>;
/// The connection pool, as handlers hold it.
pub type Pool = sqlx::PgPool;

pub mod audit;
pub mod calendar;
pub mod campaign_cache;
pub mod campaigns;
pub mod certificates;
pub mod clusters;
pub mod council;
pub mod council_meetings;
pub mod council_votes;
pub mod decisions;
pub mod delegations;
pub mod demo;
pub mod demo_dates;
pub mod directory;
pub mod documents;
pub mod eligibility;
pub mod exemplars;
pub mod fact_sets;
pub mod facts;
pub mod forms;
pub mod import_jobs;
pub mod initiatives;
pub mod instance;
pub mod issuers;
pub mod keys;
pub mod live;
pub mod login_attempts;
pub mod notices;
pub mod notifications;
pub mod numbered;
pub mod people;
pub mod progress_batch;
pub mod proposals;
pub mod ratings;
pub mod records;
pub mod registrations;
pub mod registry;
pub mod reports;
pub mod review_reports;
pub mod reviews;
pub mod roles;
pub mod rule_sets;
pub mod scores;
pub mod statistics;
pub mod submissions;
pub mod tasks;
pub mod trust;
pub mod units;
pub mod users;
pub mod versioned;
