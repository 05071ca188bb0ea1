//! Each server's copy of the sessions it serves and of the data versions, kept true by PostgreSQL's
//! notifications (`db::live`): a signed-in page whose session is here costs no database round trip
//! for it. Rules that keep this as safe as reading the session from the database every time:
//!
//! - Nothing is served from here unless a listening connection is up ("live"). When it is lost, the
//!   sessions are dropped at once and every request reads its session from the database until a new
//!   connection listens and the versions have been read again.
//! - A session ended, an account changed (disabled, password, roles, its person's unit) or its
//!   notifications changed: the account's sessions are dropped when the notification arrives, which
//!   is within milliseconds of the commit on every server (a test holds it under a second).
//! - A session read from the database is kept only if nothing that concerns sessions was heard while
//!   it was being read (the epoch), and not if the read began before the listening connection was up,
//!   so a change that commits during the read is never lost.
//! - The idle timeout is checked here; `last_seen_at` is written at most once a minute, in the
//!   background. A session that looks idle here is read from the database again (another server may
//!   have seen it more recently).
//! - After a browser changes something (any request other than GET/HEAD), its next requests for
//!   [`FRESH_FOR_MS`] read the database (the `thidua_fresh` cookie), so that whichever server answers
//!   shows the change even before that server has heard of it.

use super::CurrentUser;
use crate::db::live::{Change, SHARDS, Sink, Versions};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// How long after a change a browser's requests read their session from the database.
pub const FRESH_FOR_MS: i64 = 2000;
/// `last_seen_at` is written at most this often per session and server.
pub const TOUCH_EVERY_SECS: i64 = 60;
/// At most this many sessions are kept (all are dropped when it is reached: they are re-read).
const CAPACITY: usize = 100_000;

struct Entry {
    user: CurrentUser,
    expires_at: DateTime<Utc>,
    /// unix seconds of the last `last_seen_at` known to this server
    last_seen: AtomicI64,
}

pub struct SessionCache {
    live: AtomicBool,
    /// bumped before every change that may drop sessions
    epoch: AtomicU64,
    sessions: RwLock<HashMap<Vec<u8>, Arc<Entry>>>,
    people: AtomicI64,
    campaigns: AtomicI64,
    facts: AtomicI64,
    registry: AtomicI64,
    proposals: AtomicI64,
    demo: AtomicI64,
    shards: [AtomicI64; SHARDS],
    details: [AtomicI64; SHARDS],
    /// this server's name in its sync markers
    server: String,
    next_sync: AtomicU64,
    synced: tokio::sync::watch::Sender<u64>,
    /// the markers heard lately (a marker sent inside a transaction is heard when that commits,
    /// which may be after a later marker: those wait for their own number, not for the highest)
    heard: std::sync::Mutex<std::collections::BTreeSet<u64>>,
    /// sessions answered from here (hits) and read from the database (misses)
    counts: crate::db::versioned::Counts,
    /// markers not heard within their second
    unheard: AtomicU64,
}

impl SessionCache {
    pub fn new() -> Self {
        let mut b = [0u8; 8];
        let _ = getrandom::fill(&mut b);
        SessionCache {
            live: AtomicBool::new(false),
            epoch: AtomicU64::new(0),
            sessions: RwLock::new(HashMap::new()),
            people: AtomicI64::new(0),
            campaigns: AtomicI64::new(0),
            facts: AtomicI64::new(0),
            registry: AtomicI64::new(0),
            proposals: AtomicI64::new(0),
            demo: AtomicI64::new(0),
            shards: std::array::from_fn(|_| AtomicI64::new(0)),
            details: std::array::from_fn(|_| AtomicI64::new(0)),
            server: b.iter().map(|x| format!("{x:02x}")).collect(),
            next_sync: AtomicU64::new(0),
            synced: tokio::sync::watch::channel(0).0,
            heard: Default::default(),
            counts: crate::db::versioned::Counts::new("sessions"),
            unheard: AtomicU64::new(0),
        }
    }

    pub fn is_live(&self) -> bool {
        self.live.load(Ordering::SeqCst)
    }

    /// Requests answered from here, and requests that read their session from the database.
    pub fn counts(&self) -> (u64, u64) {
        self.counts.read()
    }

    /// The same with the cache's name, for the metrics.
    pub fn named_counts(&self) -> &crate::db::versioned::Counts {
        &self.counts
    }

    /// How many sync markers were not heard within their second (each made a change's answer wait
    /// that second: a marker was lost or never sent).
    pub fn unheard(&self) -> u64 {
        self.unheard.load(Ordering::Relaxed)
    }

    /// Sessions held now.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value to pass to [`SessionCache::keep`] after reading a session from the database.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// The session under `id_hash` and whether to write its `last_seen_at` now; `None`: read it from
    /// the database (not here, not live, idle as far as this server knows, or `fresh` asked for).
    pub fn lookup(
        &self,
        id_hash: &[u8],
        idle: Duration,
        now: DateTime<Utc>,
        fresh: bool,
    ) -> Option<(CurrentUser, bool)> {
        if fresh || !self.is_live() {
            return self.miss();
        }
        let Some(entry) = self.read().get(id_hash).cloned() else {
            return self.miss();
        };
        let now_s = now.timestamp();
        let seen = entry.last_seen.load(Ordering::SeqCst);
        if now >= entry.expires_at || now_s - seen >= idle.as_secs() as i64 {
            return self.miss();
        }
        // one request per minute and server wins the right to write last_seen_at
        let touch = now_s - seen >= TOUCH_EVERY_SECS
            && entry
                .last_seen
                .compare_exchange(seen, now_s, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok();
        let mut user = entry.user.clone();
        self.stamp(&mut user);
        self.counts.hit();
        Some((user, touch))
    }

    fn miss(&self) -> Option<(CurrentUser, bool)> {
        self.counts.miss();
        None
    }

    /// Keeps a session read from the database (at `epoch`, read before the query), unless something
    /// that concerns sessions was heard since.
    pub fn keep(
        &self,
        id_hash: Vec<u8>,
        user: &CurrentUser,
        expires_at: DateTime<Utc>,
        last_seen: DateTime<Utc>,
        epoch: u64,
    ) {
        let mut map = self.write();
        if !self.is_live() || self.epoch.load(Ordering::SeqCst) != epoch {
            return;
        }
        if map.len() >= CAPACITY {
            map.clear();
        }
        map.insert(
            id_hash,
            Arc::new(Entry {
                user: user.clone(),
                expires_at,
                last_seen: AtomicI64::new(last_seen.timestamp()),
            }),
        );
    }

    /// Drops a session the database no longer knows (if it is here).
    pub fn forget(&self, id_hash: &[u8]) {
        if self.read().contains_key(id_hash) {
            self.end(id_hash);
        }
    }

    fn end(&self, id_hash: &[u8]) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.write().remove(id_hash);
    }

    /// The versions as heard, written into a user read from here.
    fn stamp(&self, user: &mut CurrentUser) {
        use crate::db::versioned::Version;
        user.seen = crate::db::versioned::Seen::today(&[
            (Version::People, self.people.load(Ordering::SeqCst)),
            (Version::Campaigns, self.campaigns.load(Ordering::SeqCst)),
            (Version::Facts, self.facts.load(Ordering::SeqCst)),
            (Version::Registry, self.registry.load(Ordering::SeqCst)),
            (Version::Proposals, self.proposals.load(Ordering::SeqCst)),
            (Version::Registrations, sum(&self.shards)),
            (Version::Details, sum(&self.details)),
        ]);
        user.demo_data = self.demo.load(Ordering::SeqCst) > 0;
    }

    fn drop_where(&self, pred: impl Fn(&[u8], &Entry) -> bool) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.write().retain(|k, e| !pred(k, e));
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<Vec<u8>, Arc<Entry>>> {
        self.sessions.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<Vec<u8>, Arc<Entry>>> {
        self.sessions.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits (at most a second) until this server has heard every change committed before now: a
    /// marker is sent and waited for, and the detail versions (which send no notification) are
    /// read. Returns whether it was heard (at once when not live: then nothing is served from here
    /// anyway).
    pub async fn settle(&self, db: &crate::db::Pool) -> bool {
        let Some(mut m) = self.marker() else {
            return true;
        };
        // sent after the change committed: any later marker heard proves it too
        m.exact = false;
        if crate::db::live::notify(db, &m.payload).await.is_err() {
            return false;
        }
        self.heard(m).await && self.refresh_details(db).await
    }

    /// Reads the detail versions now (they send no notification: [`SessionCache::settle`] reads
    /// them after its marker).
    pub async fn refresh_details(&self, db: &crate::db::Pool) -> bool {
        match crate::db::live::read_details(db).await {
            Ok(details) => {
                for (a, v) in self.details.iter().zip(details) {
                    store_max(a, v);
                }
                true
            }
            Err(_) => false,
        }
    }

    /// A marker to send inside a change's own transaction (`pg_notify('thidua_cache', payload)`), so
    /// that hearing it means this server has heard the change, with no round trip of its own. `None`
    /// when not live. Hand it back with [`Marked`] on the response once the transaction committed.
    pub fn marker(&self) -> Option<Marker> {
        if !self.is_live() {
            return None;
        }
        let n = self.next_sync.fetch_add(1, Ordering::SeqCst) + 1;
        Some(Marker {
            n,
            exact: true,
            payload: format!("sync:{}:{n}", self.server),
        })
    }

    /// Waits (at most a second) until `m` has been heard.
    pub async fn heard(&self, m: Marker) -> bool {
        let mut rx = self.synced.subscribe();
        let done = |v: &u64| {
            if m.exact {
                let heard = self.heard.lock().unwrap_or_else(|e| e.into_inner());
                heard.contains(&m.n)
            } else {
                *v >= m.n
            }
        };
        let ok = matches!(
            tokio::time::timeout(Duration::from_secs(1), rx.wait_for(done)).await,
            Ok(Ok(_))
        );
        if !ok {
            self.unheard.fetch_add(1, Ordering::Relaxed);
        }
        ok
    }
}

/// A sync marker: see [`SessionCache::marker`].
#[derive(Clone, Debug)]
pub struct Marker {
    n: u64,
    exact: bool,
    pub payload: String,
}

/// Put on a response whose handler committed its change together with this marker: the middleware
/// then waits for it instead of sending a marker of its own.
#[derive(Clone, Debug)]
pub struct Marked(pub Marker);

/// Put on a response whose handler changed only registration details (which send no notification:
/// other servers read their versions every [`crate::db::live::DETAILS_POLL`]) and dropped this
/// server's own copy of what it changed: the middleware then sends no marker (a marker is a
/// notification, and PostgreSQL commits notifying transactions one at a time).
#[derive(Clone, Copy, Debug)]
pub struct NothingToHear;

impl Default for SessionCache {
    fn default() -> Self {
        Self::new()
    }
}

fn sum(shards: &[AtomicI64; SHARDS]) -> i64 {
    shards.iter().map(|s| s.load(Ordering::SeqCst)).sum()
}

fn store_max(a: &AtomicI64, v: i64) {
    a.fetch_max(v, Ordering::SeqCst);
}

/// A shard's version as heard (the shards only grow).
fn store_shard(shards: &[AtomicI64; SHARDS], i: usize, v: i64) {
    if let Some(a) = shards.get(i) {
        store_max(a, v);
    }
}

/// Every shard's version as read afresh.
fn set_shards(shards: &[AtomicI64; SHARDS], versions: [i64; SHARDS]) {
    for (a, v) in shards.iter().zip(versions) {
        a.store(v, Ordering::SeqCst);
    }
}

impl Sink for SessionCache {
    fn lost(&self) {
        self.live.store(false, Ordering::SeqCst);
        self.drop_where(|_, _| true);
    }

    fn connected(&self, v: Versions) {
        self.people.store(v.people, Ordering::SeqCst);
        self.campaigns.store(v.campaigns, Ordering::SeqCst);
        self.facts.store(v.facts, Ordering::SeqCst);
        self.registry.store(v.registry, Ordering::SeqCst);
        self.proposals.store(v.proposals, Ordering::SeqCst);
        self.demo.store(v.demo, Ordering::SeqCst);
        set_shards(&self.shards, v.shards);
        set_shards(&self.details, v.details);
        // a session read before this moment may predate changes committed while nothing listened
        self.epoch.fetch_add(1, Ordering::SeqCst);
        self.live.store(true, Ordering::SeqCst);
    }

    fn change(&self, change: Change) {
        match change {
            Change::SessionEnded(h) => self.end(&h),
            Change::User(id) | Change::Unread(id) => self.drop_where(|_, e| e.user.user_id == id),
            Change::Everything => self.drop_where(|_, _| true),
            Change::Version(name, v) => match name.as_str() {
                "people" => store_max(&self.people, v),
                "campaigns" => store_max(&self.campaigns, v),
                "facts" => store_max(&self.facts, v),
                "registry" => store_max(&self.registry, v),
                "proposals" => store_max(&self.proposals, v),
                "demo" => self.demo.store(v, Ordering::SeqCst),
                _ => {}
            },
            Change::Shard(i, v) => store_shard(&self.shards, i, v),
            Change::DetailShard(i, v) => store_shard(&self.details, i, v),
            Change::Sync(server, n) => {
                if server == self.server {
                    {
                        let mut heard = self.heard.lock().unwrap_or_else(|e| e.into_inner());
                        heard.insert(n);
                        while heard.len() > 4096 {
                            heard.pop_first();
                        }
                    }
                    self.synced.send_modify(|v| *v = (*v).max(n));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::versioned::Version::{Details, People, Registrations};

    fn user(id: i64) -> CurrentUser {
        CurrentUser {
            user_id: id,
            username: format!("u{id}"),
            display_name: String::new(),
            person_id: None,
            unit_id: None,
            unit_code: None,
            unit_path: None,
            grants: vec![],
            csrf_token: String::new(),
            must_change_password: false,
            session_hash: vec![id as u8],
            seen: Default::default(),
            unread: 0,
            demo_data: false,
        }
    }

    fn hit(c: &SessionCache, h: &[u8], now: DateTime<Utc>) -> Option<(CurrentUser, bool)> {
        c.lookup(h, Duration::from_secs(1800), now, false)
    }

    #[test]
    fn nothing_is_served_until_live_and_after_the_connection_is_lost() {
        let c = SessionCache::new();
        let now = Utc::now();
        let later = now + chrono::Duration::hours(1);
        c.keep(vec![1], &user(1), later, now, c.epoch());
        assert!(hit(&c, &[1], now).is_none(), "not live: not kept");
        c.connected(Versions {
            people: 5,
            shards: [1; SHARDS],
            ..Default::default()
        });
        c.keep(vec![1], &user(1), later, now, c.epoch());
        let (u, touch) = hit(&c, &[1], now).expect("kept");
        assert_eq!(
            (u.seen.get(People), u.seen.get(Registrations), touch),
            (5, 16, false)
        );
        c.lost();
        assert!(hit(&c, &[1], now).is_none());
        assert!(c.is_empty());
        // a read that began while nothing listened is not kept once a connection listens again
        let epoch = c.epoch();
        c.connected(Versions::default());
        c.keep(vec![1], &user(1), later, now, epoch);
        assert!(hit(&c, &[1], now).is_none());
    }

    #[test]
    fn changes_drop_the_sessions_they_concern() {
        let c = SessionCache::new();
        c.connected(Versions::default());
        let now = Utc::now();
        let later = now + chrono::Duration::hours(1);
        for id in 1..=3u8 {
            c.keep(vec![id], &user(id as i64), later, now, c.epoch());
        }
        c.change(Change::User(2));
        assert!(hit(&c, &[2], now).is_none());
        c.change(Change::SessionEnded(vec![3]));
        assert!(hit(&c, &[3], now).is_none());
        assert!(hit(&c, &[1], now).is_some());
        c.change(Change::Unread(1));
        assert!(hit(&c, &[1], now).is_none());
        // a read that began before a change is not kept
        let epoch = c.epoch();
        c.change(Change::User(9));
        c.keep(vec![4], &user(4), later, now, epoch);
        assert!(hit(&c, &[4], now).is_none());
        c.keep(vec![4], &user(4), later, now, c.epoch());
        c.change(Change::Everything);
        assert!(c.is_empty());
    }

    #[test]
    fn versions_only_grow_and_shards_add_up() {
        let c = SessionCache::new();
        c.connected(Versions::default());
        let now = Utc::now();
        c.keep(
            vec![1],
            &user(1),
            now + chrono::Duration::hours(1),
            now,
            c.epoch(),
        );
        c.change(Change::Version("people".into(), 7));
        c.change(Change::Version("people".into(), 6));
        c.change(Change::Shard(0, 3));
        c.change(Change::Shard(15, 4));
        c.change(Change::DetailShard(3, 2));
        c.change(Change::Version("demo".into(), 1));
        let (u, _) = hit(&c, &[1], now).unwrap();
        assert_eq!(
            (
                u.seen.get(People),
                u.seen.get(Registrations),
                u.seen.get(Details),
                u.demo_data
            ),
            (7, 7, 2, true)
        );
    }

    #[test]
    fn timeouts_and_the_touch_once_a_minute() {
        let c = SessionCache::new();
        c.connected(Versions::default());
        let now = Utc::now();
        c.keep(
            vec![1],
            &user(1),
            now + chrono::Duration::hours(1),
            now - chrono::Duration::seconds(90),
            c.epoch(),
        );
        assert!(matches!(hit(&c, &[1], now), Some((_, true))));
        assert!(
            matches!(hit(&c, &[1], now), Some((_, false))),
            "touched once"
        );
        // idle for longer than the timeout: asked of the database
        assert!(hit(&c, &[1], now + chrono::Duration::minutes(31)).is_none());
        // past the absolute timeout
        assert!(hit(&c, &[1], now + chrono::Duration::hours(2)).is_none());
        assert_eq!(c.counts(), (2, 2));
    }
}
