//! The people directory held in memory by each application server.
//!
//! Listing and searching people is the most frequent read in the product (every list, every picker)
//! and a substring search without diacritics cannot use an index well for common words ("nguyen"
//! matches four names in ten). Each server therefore keeps a snapshot of the directory (people, their
//! units and usernames, in Vietnamese name order as PostgreSQL's ICU collation sorts them) and answers
//! lists and searches from it with exact counts.
//!
//! The snapshot is checked against `data_versions.people` on every use: triggers bump that version in
//! the same transaction as any change to people, units or usernames, so a server reloads before it
//! answers with data older than the database's committed state at the time of the check. All state
//! stays in PostgreSQL; a new server starts with an empty snapshot and loads it on first use.

use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Instant;

mod changes;
mod snapshot;
use changes::reload_changed;
pub use snapshot::Snapshot;

/// One person as the lists show them.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub full_name: String,
    pub gender: String,
    pub position: Option<String>,
    pub category: String,
    pub unit: u32,
    pub start_date: Option<NaiveDate>,
    pub active: bool,
    pub username: Option<String>,
    /// `position` as an index into its copy's positions (`u32::MAX`: none); the copy knows each
    /// position's collation rank, so that a new position does not touch every person's entry
    pub position_key: u32,
}

#[derive(Clone, Debug)]
pub struct UnitEntry {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub path: String,
    pub depth: i32,
    pub valid_to: Option<NaiveDate>,
    /// rank of the name in collation order
    pub name_rank: u32,
}

/// What a list asks for; the same meaning as the SQL filters it replaces.
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// prefixes of the unit paths the viewer may read ("/1/4/")
    pub scope: Vec<String>,
    /// restrict to this unit subtree (path prefix)
    pub unit_path: Option<String>,
    /// folded search words; every one must occur
    pub words: Vec<String>,
    /// None = all, Some(true) = active only, Some(false) = inactive only
    pub active: Option<bool>,
    pub category: Option<String>,
    /// "name" | "unit" | "start" | "position"
    pub sort: String,
    pub desc: bool,
}

/// Folded search words (no diacritics, đ -> d, lower case), as `search_text` holds them.
pub fn search_words(q: &str) -> Vec<String> {
    crate::domain::names::fold(q)
        .split_whitespace()
        .take(8)
        .map(str::to_string)
        .collect()
}

/// LIKE scope patterns ("/1/4/%") as path prefixes.
pub fn prefixes(patterns: &[String]) -> Vec<String> {
    patterns
        .iter()
        .map(|p| p.trim_end_matches('%').to_string())
        .collect()
}

/// The per-server cache: the current snapshot, and a lock so that one request reloads at a time.
/// The versions the directory follows.
pub const FOLLOWS: &[super::versioned::Version] = &[super::versioned::Version::People];

pub struct Directory {
    current: RwLock<Arc<Snapshot>>,
    reload: tokio::sync::Mutex<()>,
    /// a snapshot served as it was (a hit) or brought up to date first (a miss)
    counts: super::versioned::Counts,
}

impl Default for Directory {
    fn default() -> Self {
        Directory {
            current: Default::default(),
            reload: Default::default(),
            counts: super::versioned::Counts::new("directory"),
        }
    }
}

impl Directory {
    pub fn counts(&self) -> &super::versioned::Counts {
        &self.counts
    }

    fn cached(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// A snapshot at least as new as `version`.
    /// `version` is `data_versions.people` as the request's session query read it.
    pub async fn snapshot(&self, db: &PgPool, version: i64) -> Result<Arc<Snapshot>, sqlx::Error> {
        let cached = self.cached();
        if cached.version >= version {
            self.counts.hit();
            return Ok(cached);
        }
        let _guard = self.reload.lock().await;
        let cached = self.cached();
        if cached.version >= version {
            // another request brought it up to date meanwhile
            self.counts.hit();
            return Ok(cached);
        }
        self.counts.miss();
        let started = Instant::now();
        // the people changed since the copy was read, put in their places; else read whole
        let recent = cached
            .read_at
            .is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(86_400));
        let changed = match !cached.pg_snapshot.is_empty() && recent {
            true => reload_changed(db, &cached).await?,
            false => None,
        };
        let incremental = changed.is_some();
        let fresh = Arc::new(match changed {
            Some(s) => s,
            None => load(db).await?,
        });
        tracing::debug!(
            version = fresh.version,
            people = fresh.len(),
            incremental,
            runs_rebuilt = fresh.rebuilt,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "people directory loaded"
        );
        match self.current.write() {
            Ok(mut s) => *s = fresh.clone(),
            Err(poisoned) => *poisoned.into_inner() = fresh.clone(),
        }
        Ok(fresh)
    }
}

/// Reads the whole directory in one repeatable-read transaction (version, units and people agree).
async fn load(db: &PgPool) -> Result<Snapshot, sqlx::Error> {
    let (mut tx, version, pg_snapshot) = begin_read(db).await?;
    let units = sqlx::query!(
        r#"SELECT id, name::text AS "name!", code, path, depth, valid_to,
                  (dense_rank() OVER (ORDER BY name))::int4 AS "name_rank!"
           FROM units"#
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut unit_index = HashMap::with_capacity(units.len());
    let units: Vec<UnitEntry> = units
        .into_iter()
        .enumerate()
        .map(|(i, u)| {
            unit_index.insert(u.id, i as u32);
            UnitEntry {
                id: u.id,
                name: u.name,
                code: u.code,
                path: u.path,
                depth: u.depth,
                valid_to: u.valid_to,
                name_rank: u.name_rank as u32,
            }
        })
        .collect();
    let rows = sqlx::query!(
        r#"SELECT p.id, p.full_name::text AS "full_name!", p.gender, p.position, p.category, p.unit_id,
                  p.start_date, p.active, p.search_text AS "search_text!", a.username AS "username?"
           FROM people p
           LEFT JOIN users a ON a.person_id = p.id
           ORDER BY p.given_name, p.full_name, p.id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    // the distinct positions in collation order: a person's key is the place of theirs
    let positions = sqlx::query_scalar!(
        r#"SELECT DISTINCT position AS "position!" FROM people WHERE position IS NOT NULL ORDER BY 1"#
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let key: HashMap<&str, u32> = positions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i as u32))
        .collect();
    let people = rows
        .into_iter()
        .filter_map(|r| {
            let position_key = r
                .position
                .as_deref()
                .and_then(|p| key.get(p).copied())
                .unwrap_or(u32::MAX);
            let search = r.search_text;
            Some((
                Entry {
                    unit: *unit_index.get(&r.unit_id)?,
                    id: r.id,
                    full_name: r.full_name,
                    gender: r.gender,
                    position: r.position,
                    category: r.category,
                    start_date: r.start_date,
                    active: r.active,
                    username: r.username,
                    position_key,
                },
                search,
            ))
        })
        .collect::<Vec<_>>();
    let mut snapshot = Snapshot::build(version, units, people, positions);
    snapshot.pg_snapshot = pg_snapshot;
    snapshot.read_at = Some(Instant::now());
    Ok(snapshot)
}

/// A repeatable-read, read-only transaction, with the people version and the snapshot it reads.
async fn begin_read(db: &PgPool) -> Result<(super::Tx<'static>, i64, String), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    let version = sqlx::query_scalar!("SELECT version FROM data_versions WHERE name = 'people'")
        .fetch_one(&mut *tx)
        .await?;
    let pg_snapshot = current_snapshot(&mut tx).await?;
    Ok((tx, version, pg_snapshot))
}

async fn current_snapshot(tx: &mut super::Tx<'_>) -> Result<String, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT pg_current_snapshot()::text AS "s!""#)
        .fetch_one(&mut **tx)
        .await
}

#[cfg(test)]
mod tests;
