//! The caches' one framework. A request carries what it saw when it began ([`Seen`]: one value per
//! [`Version`], the data versions of `data_versions` and the shard sums of `registration_versions`,
//! and the day). Each cache declares once which versions it follows ([`VersionedCache::new`]) and
//! stores each value with what its loader had seen. A value serves a request whose followed
//! versions are all at most the stored ones: the value was read after those versions were
//! committed, so it holds every change the request must see. docs/ARCHITECTURE.md's table of
//! caches is checked against the declarations (`crate::caches::Caches::declarations`).
//!
//! Adding a version: a variant here, its value where the session reads the versions
//! (`auth::session`, `auth::cache`), and the trigger that bumps it (a migration).
//!
//! Every cache of a server counts its hits and misses under a fixed name ([`Counts`]), which
//! `crate::metrics` exposes as `thidua_cache_hits_total{cache}` and `thidua_cache_misses_total{cache}`.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A cache's name and how often it answered from memory (a hit) or had to load or rebuild what it
/// was asked for (a miss).
pub struct Counts {
    name: &'static str,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl Counts {
    pub const fn new(name: &'static str) -> Self {
        Counts {
            name,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    pub fn hit(&self) {
        self.hits.fetch_add(1, Ordering::Relaxed);
    }

    pub fn miss(&self) {
        self.misses.fetch_add(1, Ordering::Relaxed);
    }

    /// The `cache` label of its metrics.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// (hits, misses) so far.
    pub fn read(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}

/// A data version a cache may follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// `data_versions.people`: people, units, accounts and roles
    People,
    /// `data_versions.campaigns`: campaigns, titles, rule sets, holidays
    Campaigns,
    /// the sum of `registration_versions`: registrations
    Registrations,
    /// the sum of `registration_detail_versions`: commitments, initiatives, co-authors
    Details,
    /// `data_versions.facts`: ratings, initiatives, awards, discipline
    Facts,
    /// `data_versions.registry`: the award registry alone
    Registry,
    /// `data_versions.proposals`: proposals, lines, documents, reviews, the council's results
    Proposals,
    /// the day in Vietnam (days from the common era), for what the date changes
    Day,
}

impl Version {
    pub const ALL: [Version; 8] = [
        Version::People,
        Version::Campaigns,
        Version::Registrations,
        Version::Details,
        Version::Facts,
        Version::Registry,
        Version::Proposals,
        Version::Day,
    ];

    /// Its name in docs/ARCHITECTURE.md's table of caches.
    pub fn name(self) -> &'static str {
        match self {
            Version::People => "people",
            Version::Campaigns => "campaigns",
            Version::Registrations => "registrations",
            Version::Details => "registration details",
            Version::Facts => "facts",
            Version::Registry => "registry",
            Version::Proposals => "proposals",
            Version::Day => "the day",
        }
    }
}

/// What a request saw when it began: one value per [`Version`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen([i64; 8]);

impl Seen {
    /// What a request sees: the versions given (the others 0), and today's day in Vietnam.
    pub fn today(versions: &[(Version, i64)]) -> Seen {
        let mut seen = Seen::default();
        for (v, n) in versions {
            seen.set(*v, *n);
        }
        let today = crate::domain::dates::today_vn();
        seen.set(
            Version::Day,
            i64::from(chrono::Datelike::num_days_from_ce(&today)),
        );
        seen
    }

    pub fn get(&self, v: Version) -> i64 {
        self.0[v as usize]
    }

    pub fn set(&mut self, v: Version, value: i64) {
        self.0[v as usize] = value;
    }

    /// At least as new as `other` in every version of `follows`.
    pub fn covers(&self, other: &Seen, follows: &[Version]) -> bool {
        follows.iter().all(|v| self.get(*v) >= other.get(*v))
    }
}

pub struct VersionedCache<K, V> {
    map: Mutex<HashMap<K, (Seen, Arc<V>)>>,
    capacity: usize,
    counts: Counts,
    follows: &'static [Version],
}

impl<K: Hash + Eq + Clone, V> VersionedCache<K, V> {
    /// An empty cache of at most `capacity` values, counted under `name`, whose values follow the
    /// versions `follows`.
    pub fn new(name: &'static str, follows: &'static [Version], capacity: usize) -> Self {
        VersionedCache {
            map: Mutex::new(HashMap::new()),
            capacity,
            counts: Counts::new(name),
            follows,
        }
    }

    /// The versions its values follow.
    pub fn follows(&self) -> &'static [Version] {
        self.follows
    }

    /// Its hits (a value served by [`get`](Self::get) or [`get_or_load`](Self::get_or_load)) and
    /// misses (a load by `get_or_load`, or a value loaded by the caller and [`put`](Self::put)).
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// The value under `key` if it is at least as new as `versions` (counted as a hit; a caller that
    /// finds nothing loads the value and [`put`](Self::put)s it, which counts the miss).
    pub fn get(&self, key: &K, versions: &Seen) -> Option<Arc<V>> {
        let found = self.find(key, versions);
        if found.is_some() {
            self.counts.hit();
        }
        found
    }

    fn find(&self, key: &K, versions: &Seen) -> Option<Arc<V>> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(stored, _)| stored.covers(versions, self.follows))
            .map(|(_, v)| v.clone())
    }

    /// The value under `key` if it is at least as new as `versions`; otherwise the one `load` gives,
    /// kept for the requests after (it was read after `versions` were seen, so it is at least that
    /// new).
    pub async fn get_or_load<E, F, Fut>(
        &self,
        key: &K,
        versions: &Seen,
        load: F,
    ) -> Result<Arc<V>, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        if let Some(v) = self.get(key, versions) {
            return Ok(v);
        }
        self.counts.miss();
        let v = Arc::new(load().await?);
        self.store(key.clone(), *versions, v.clone());
        Ok(v)
    }

    /// The value under `key` whatever its versions, with them (an old value to bring up to date).
    pub fn latest(&self, key: &K) -> Option<(Seen, Arc<V>)> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).map(|(v, value)| (*v, value.clone()))
    }

    /// Drops the value under `key` (a change of this server's own that no version it follows shows
    /// yet: the next request loads it again).
    pub fn forget(&self, key: &K) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(key);
    }

    /// Stores a value loaded by a request that had seen `versions`, unless a newer one is there
    /// (counted as a miss: the caller did not find it, or found it too old, and loaded it).
    pub fn put(&self, key: K, versions: &Seen, value: Arc<V>) {
        self.counts.miss();
        self.store(key, *versions, value);
    }

    fn store(&self, key: K, versions: Seen, value: Arc<V>) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((stored, _)) = map.get(&key)
            && stored.covers(&versions, self.follows)
        {
            return;
        }
        if map.len() >= self.capacity && !map.contains_key(&key) {
            // the keys are (campaign, scope): a handful in practice; start over rather than grow
            map.clear();
        }
        map.insert(key, (versions, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a request saw of people and campaigns (the rest 0).
    fn seen(people: i64, campaigns: i64) -> Seen {
        let mut s = Seen::default();
        s.set(Version::People, people);
        s.set(Version::Campaigns, campaigns);
        s
    }

    const FOLLOWS: &[Version] = &[Version::People, Version::Campaigns];

    #[test]
    fn a_value_serves_requests_no_newer_than_itself() {
        let c: VersionedCache<&str, u32> = VersionedCache::new("test", FOLLOWS, 4);
        assert!(c.get(&"a", &seen(1, 1)).is_none());
        c.put("a", &seen(3, 5), Arc::new(7));
        assert_eq!(c.get(&"a", &seen(3, 5)).as_deref(), Some(&7));
        assert_eq!(c.get(&"a", &seen(2, 5)).as_deref(), Some(&7));
        assert!(
            c.get(&"a", &seen(4, 5)).is_none(),
            "a newer change was committed"
        );
        assert!(c.get(&"a", &seen(3, 6)).is_none());
        // an older load does not replace a newer value
        c.put("a", &seen(2, 2), Arc::new(1));
        assert_eq!(c.get(&"a", &seen(3, 5)).as_deref(), Some(&7));
        c.put("a", &seen(4, 5), Arc::new(8));
        assert_eq!(c.get(&"a", &seen(4, 5)).as_deref(), Some(&8));
    }

    #[test]
    fn a_version_the_cache_does_not_follow_does_not_matter() {
        let c: VersionedCache<&str, u32> = VersionedCache::new("test", &[Version::People], 4);
        c.put("a", &seen(3, 1), Arc::new(7));
        let mut later = seen(3, 9);
        later.set(Version::Facts, 40);
        assert_eq!(c.get(&"a", &later).as_deref(), Some(&7));
        assert!(c.get(&"a", &seen(4, 0)).is_none());
    }

    #[test]
    fn it_stays_within_its_capacity() {
        let c: VersionedCache<u32, u32> = VersionedCache::new("test", FOLLOWS, 2);
        for k in 0..10 {
            c.put(k, &seen(1, 1), Arc::new(k));
            assert!(c.map.lock().unwrap().len() <= 2);
            assert_eq!(c.get(&k, &seen(1, 1)).as_deref(), Some(&k));
        }
    }

    #[tokio::test]
    async fn hits_and_misses_are_counted_once_per_lookup() {
        let c: VersionedCache<u32, u32> = VersionedCache::new("test", FOLLOWS, 4);
        assert_eq!(c.counts().name(), "test");
        let load = |n: u32| async move { Ok::<_, ()>(n) };
        let one = seen(1, 0);
        let two = seen(2, 0);
        assert_eq!(*c.get_or_load(&1, &one, || load(10)).await.unwrap(), 10);
        assert_eq!(c.counts().read(), (0, 1), "loaded: a miss");
        assert_eq!(*c.get_or_load(&1, &one, || load(11)).await.unwrap(), 10);
        assert_eq!(c.counts().read(), (1, 1), "served: a hit");
        // too old for a newer request: the caller loads it and puts it
        assert!(c.get(&1, &two).is_none());
        assert_eq!(c.counts().read(), (1, 1), "nothing counted before the put");
        c.put(1, &two, Arc::new(12));
        assert_eq!(c.counts().read(), (1, 2));
        assert_eq!(c.get(&1, &two).as_deref(), Some(&12));
        assert_eq!(c.counts().read(), (2, 2));
        // a failed load is a miss too
        assert!(c.get_or_load(&2, &one, || async { Err(()) }).await.is_err());
        assert_eq!(c.counts().read(), (2, 3));
    }
}
