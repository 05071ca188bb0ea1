//! A small per-server cache of values computed from the database, each stored with the data versions
//! (`data_versions`, `registration_versions`) the request that loaded it had seen. A value serves a
//! request whose versions are all at most the stored ones: the value was read after those versions
//! were committed, so it holds every change the request must see.
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

type Entries<K, V, const N: usize> = HashMap<K, ([i64; N], Arc<V>)>;

pub struct VersionedCache<K, V, const N: usize> {
    map: Mutex<Entries<K, V, N>>,
    capacity: usize,
    counts: Counts,
}

impl<K: Hash + Eq + Clone, V, const N: usize> VersionedCache<K, V, N> {
    /// An empty cache of at most `capacity` values, counted under `name`.
    pub fn new(name: &'static str, capacity: usize) -> Self {
        VersionedCache {
            map: Mutex::new(HashMap::new()),
            capacity,
            counts: Counts::new(name),
        }
    }

    /// Its hits (a value served by [`get`](Self::get) or [`get_or_load`](Self::get_or_load)) and
    /// misses (a load by `get_or_load`, or a value loaded by the caller and [`put`](Self::put)).
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    /// The value under `key` if it is at least as new as `versions` (counted as a hit; a caller that
    /// finds nothing loads the value and [`put`](Self::put)s it, which counts the miss).
    pub fn get(&self, key: &K, versions: [i64; N]) -> Option<Arc<V>> {
        let found = self.find(key, versions);
        if found.is_some() {
            self.counts.hit();
        }
        found
    }

    fn find(&self, key: &K, versions: [i64; N]) -> Option<Arc<V>> {
        let map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(stored, _)| stored.iter().zip(versions.iter()).all(|(s, v)| s >= v))
            .map(|(_, v)| v.clone())
    }

    /// The value under `key` if it is at least as new as `versions`; otherwise the one `load` gives,
    /// kept for the requests after (it was read after `versions` were seen, so it is at least that
    /// new).
    pub async fn get_or_load<E, F, Fut>(
        &self,
        key: &K,
        versions: [i64; N],
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
        self.store(key.clone(), versions, v.clone());
        Ok(v)
    }

    /// The value under `key` whatever its versions, with them (an old value to bring up to date).
    pub fn latest(&self, key: &K) -> Option<([i64; N], Arc<V>)> {
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
    pub fn put(&self, key: K, versions: [i64; N], value: Arc<V>) {
        self.counts.miss();
        self.store(key, versions, value);
    }

    fn store(&self, key: K, versions: [i64; N], value: Arc<V>) {
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((stored, _)) = map.get(&key)
            && stored.iter().zip(versions.iter()).all(|(s, v)| s >= v)
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

    #[test]
    fn a_value_serves_requests_no_newer_than_itself() {
        let c: VersionedCache<&str, u32, 2> = VersionedCache::new("test", 4);
        assert!(c.get(&"a", [1, 1]).is_none());
        c.put("a", [3, 5], Arc::new(7));
        assert_eq!(c.get(&"a", [3, 5]).as_deref(), Some(&7));
        assert_eq!(c.get(&"a", [2, 5]).as_deref(), Some(&7));
        assert!(
            c.get(&"a", [4, 5]).is_none(),
            "a newer change was committed"
        );
        assert!(c.get(&"a", [3, 6]).is_none());
        // an older load does not replace a newer value
        c.put("a", [2, 2], Arc::new(1));
        assert_eq!(c.get(&"a", [3, 5]).as_deref(), Some(&7));
        c.put("a", [4, 5], Arc::new(8));
        assert_eq!(c.get(&"a", [4, 5]).as_deref(), Some(&8));
    }

    #[test]
    fn it_stays_within_its_capacity() {
        let c: VersionedCache<u32, u32, 1> = VersionedCache::new("test", 2);
        for k in 0..10 {
            c.put(k, [1], Arc::new(k));
            assert!(c.map.lock().unwrap().len() <= 2);
            assert_eq!(c.get(&k, [1]).as_deref(), Some(&k));
        }
    }

    #[tokio::test]
    async fn hits_and_misses_are_counted_once_per_lookup() {
        let c: VersionedCache<u32, u32, 1> = VersionedCache::new("test", 4);
        assert_eq!(c.counts().name(), "test");
        let load = |n: u32| async move { Ok::<_, ()>(n) };
        assert_eq!(*c.get_or_load(&1, [1], || load(10)).await.unwrap(), 10);
        assert_eq!(c.counts().read(), (0, 1), "loaded: a miss");
        assert_eq!(*c.get_or_load(&1, [1], || load(11)).await.unwrap(), 10);
        assert_eq!(c.counts().read(), (1, 1), "served: a hit");
        // too old for a newer request: the caller loads it and puts it
        assert!(c.get(&1, [2]).is_none());
        assert_eq!(c.counts().read(), (1, 1), "nothing counted before the put");
        c.put(1, [2], Arc::new(12));
        assert_eq!(c.counts().read(), (1, 2));
        assert_eq!(c.get(&1, [2]).as_deref(), Some(&12));
        assert_eq!(c.counts().read(), (2, 2));
        // a failed load is a miss too
        assert!(c.get_or_load(&2, [1], || async { Err(()) }).await.is_err());
        assert_eq!(c.counts().read(), (2, 3));
    }
}
