//! What PostgreSQL tells each server about changes: triggers (migration 17) send a notification on
//! the channel [`CHANNEL`] in the transaction of every change that a server keeps in memory (a
//! session ended, an account or its roles changed, a data version bumped, ...), delivered when the
//! change commits, in commit order. [`listen`] keeps one connection listening and hands what it hears
//! to a [`Sink`] (the session cache, `auth::cache`); when the connection is lost, the sink is told
//! first, so that it stops trusting what it holds, and again once a new connection listens and the
//! versions have been read afresh.

use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};
use std::sync::Arc;
use std::time::Duration;

/// The notification channel of the triggers.
pub const CHANNEL: &str = "thidua_cache";

/// Shards of `registration_versions`.
pub const SHARDS: usize = 16;

/// The data versions a request reads (`data_versions`, `registration_versions`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    pub people: i64,
    pub campaigns: i64,
    pub facts: i64,
    /// the award registry (`award_history`) alone: the year-end review's figures follow it
    pub registry: i64,
    /// proposals, their lines, documents, reviews (the Office's list in memory)
    pub proposals: i64,
    pub demo: i64,
    pub shards: [i64; SHARDS],
    /// `registration_detail_versions` (commitments, initiatives, co-authors)
    pub details: [i64; SHARDS],
}

/// One notification, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// the session with this `id_hash` ended
    SessionEnded(Vec<u8>),
    /// the account, its roles or its person's unit changed
    User(i64),
    /// the account's notifications changed
    Unread(i64),
    /// `data_versions.<name>` is now this
    Version(String, i64),
    /// `registration_versions.<shard>` is now this
    Shard(usize, i64),
    /// `registration_detail_versions.<shard>` is now this (read by [`poll_details`]; no trigger
    /// sends it since migration 39)
    DetailShard(usize, i64),
    /// anything that concerns every session
    Everything,
    /// a server's marker (`sync:<server>:<n>`): every change committed before it has been heard
    Sync(String, u64),
}

impl Change {
    pub fn parse(payload: &str) -> Option<Change> {
        if payload == "*" {
            return Some(Change::Everything);
        }
        let (kind, rest) = payload.split_once(':')?;
        match kind {
            "s" => hex(rest).map(Change::SessionEnded),
            "u" => rest.parse().ok().map(Change::User),
            "n" => rest.parse().ok().map(Change::Unread),
            "v" => {
                let (name, v) = rest.rsplit_once(':')?;
                Some(Change::Version(name.to_string(), v.parse().ok()?))
            }
            "r" => shard(rest).map(|(i, v)| Change::Shard(i, v)),
            "d" => shard(rest).map(|(i, v)| Change::DetailShard(i, v)),
            "sync" => {
                let (server, n) = rest.rsplit_once(':')?;
                Some(Change::Sync(server.to_string(), n.parse().ok()?))
            }
            _ => None,
        }
    }
}

/// `<shard>:<version>` with the shard in range.
fn shard(s: &str) -> Option<(usize, i64)> {
    let (shard, v) = s.split_once(':')?;
    let shard: usize = shard.parse().ok()?;
    (shard < SHARDS).then_some((shard, v.parse().ok()?))
}

fn hex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Who is told what the listening connection hears.
pub trait Sink: Send + Sync + 'static {
    /// The connection is lost (or not yet made): nothing heard before can be trusted to be complete.
    fn lost(&self);
    /// A connection listens, and these versions were read after it started listening.
    fn connected(&self, versions: Versions);
    fn change(&self, change: Change);
}

/// Every data version, read now.
pub async fn read_versions(db: &PgPool) -> Result<Versions, sqlx::Error> {
    let mut v = Versions::default();
    let named = sqlx::query!("SELECT name, version FROM data_versions")
        .fetch_all(db)
        .await?;
    for r in named {
        v.set(&r.name, r.version);
    }
    let shards = sqlx::query!("SELECT shard, version FROM registration_versions")
        .fetch_all(db)
        .await?;
    fill(
        &mut v.shards,
        shards.into_iter().map(|r| (r.shard, r.version)),
    );
    v.details = read_details(db).await?;
    Ok(v)
}

/// How often each server reads `registration_detail_versions` (they send no notification: see
/// migration 39).
pub const DETAILS_POLL: Duration = Duration::from_millis(250);

/// The shards of `registration_detail_versions`, read now.
pub async fn read_details(db: &PgPool) -> Result<[i64; SHARDS], sqlx::Error> {
    let rows = sqlx::query!("SELECT shard, version FROM registration_detail_versions")
        .fetch_all(db)
        .await?;
    let mut details = [0; SHARDS];
    fill(&mut details, rows.into_iter().map(|r| (r.shard, r.version)));
    Ok(details)
}

/// Reads the detail versions every [`DETAILS_POLL`] for as long as the task runs and hands each
/// shard to `sink` (a failed read is tried again at the next tick; the listening connection's
/// loss, not this, is what sets the caches aside).
pub async fn poll_details(db: PgPool, sink: Arc<dyn Sink>) {
    let mut tick = tokio::time::interval(DETAILS_POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if db.is_closed() {
            return;
        }
        if let Ok(details) = read_details(&db).await {
            for (i, v) in details.into_iter().enumerate() {
                sink.change(Change::DetailShard(i, v));
            }
        }
    }
}

/// Sets each shard's version from (shard, version) rows.
fn fill(into: &mut [i64; SHARDS], rows: impl IntoIterator<Item = (i32, i64)>) {
    for (shard, version) in rows {
        if let Some(s) = usize::try_from(shard).ok().and_then(|i| into.get_mut(i)) {
            *s = version;
        }
    }
}

impl Versions {
    /// Sets the version named `name` (other names are not followed).
    pub fn set(&mut self, name: &str, version: i64) {
        match name {
            "people" => self.people = version,
            "campaigns" => self.campaigns = version,
            "facts" => self.facts = version,
            "registry" => self.registry = version,
            "proposals" => self.proposals = version,
            "demo" => self.demo = version,
            _ => {}
        }
    }
}

/// Sends a notification on [`CHANNEL`] (the sync markers).
pub async fn notify(db: &PgPool, payload: &str) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT pg_notify($1, $2)", CHANNEL, payload)
        .execute(db)
        .await?;
    Ok(())
}

/// Listens for as long as the task runs: connects (a connection of its own, outside the pool the
/// pages use), reads the versions, then hands every notification to `sink`; on any failure tells
/// the sink, waits a second and starts over.
pub async fn listen(db: PgPool, sink: Arc<dyn Sink>) {
    let mut failures = 0u32;
    sink.lost();
    loop {
        if db.is_closed() {
            return;
        }
        match connect(&db).await {
            Ok(mut listener) => match read_versions(&db).await {
                Ok(versions) => {
                    if failures > 0 {
                        tracing::info!("listening for changes again; the caches are in use");
                    }
                    sink.connected(versions);
                    loop {
                        match listener.try_recv().await {
                            Ok(Some(n)) => {
                                if let Some(c) = Change::parse(n.payload()) {
                                    sink.change(c);
                                }
                            }
                            Ok(None) => {
                                tracing::warn!(
                                    "the listening connection was lost; the caches are set aside until it is back"
                                );
                                break;
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "the listening connection failed; the caches are set aside until it is back");
                                break;
                            }
                        }
                    }
                    // so that the reconnection is logged
                    failures = 1;
                }
                Err(e) => {
                    failures += 1;
                    tracing::debug!(error = %e, "reading the data versions failed");
                }
            },
            Err(e) => {
                failures += 1;
                if failures == 1 {
                    tracing::warn!(error = %e, "cannot listen for changes; every request reads its session from the database");
                }
            }
        }
        // at once: nothing is heard from now until a connection listens again
        sink.lost();
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn connect(db: &PgPool) -> Result<PgListener, sqlx::Error> {
    // a pool of one, as PgListener::connect makes, with the application's connect options
    let own = PgPoolOptions::new()
        .max_connections(1)
        .max_lifetime(None)
        .idle_timeout(None)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with((*db.connect_options()).clone())
        .await?;
    let mut listener = PgListener::connect_with(&own).await?;
    listener.eager_reconnect(false);
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_parse() {
        assert_eq!(
            Change::parse("s:00ff10"),
            Some(Change::SessionEnded(vec![0, 255, 16]))
        );
        assert_eq!(Change::parse("u:42"), Some(Change::User(42)));
        assert_eq!(Change::parse("n:7"), Some(Change::Unread(7)));
        assert_eq!(
            Change::parse("v:people:12"),
            Some(Change::Version("people".into(), 12))
        );
        assert_eq!(Change::parse("r:15:3"), Some(Change::Shard(15, 3)));
        assert_eq!(Change::parse("d:0:8"), Some(Change::DetailShard(0, 8)));
        assert_eq!(Change::parse("*"), Some(Change::Everything));
        assert_eq!(
            Change::parse("sync:ab12:9"),
            Some(Change::Sync("ab12".into(), 9))
        );
        for bad in [
            "", "s:0", "s:zz", "u:x", "r:16:1", "r:1", "d:16:1", "v:people", "q:1", "sync:a",
        ] {
            assert_eq!(Change::parse(bad), None, "{bad:?}");
        }
    }
}
