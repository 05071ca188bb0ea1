//! Queries grouped by table family. Functions take `impl PgExecutor` (a pool or a transaction).

pub mod audit;
pub mod directory;
pub mod people;
pub mod units;
pub mod users;
