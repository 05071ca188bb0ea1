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

use crate::domain::paging::Paging;
use chrono::{Datelike, NaiveDate};
use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Instant;

use super::people::PersonListRow;

mod changes;
use changes::reload_changed;

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
    /// rank of `position` in collation order (equal positions share a rank; none last)
    pub position_rank: u32,
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

/// A consistent copy of the directory at one version. `people` is in name order.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub version: i64,
    pub people: Vec<Entry>,
    pub units: Vec<UnitEntry>,
    /// every person's folded search text (the database's `search_text`: name, employee code,
    /// e-mail), one line each in name order, so that a word is found by one pass over one buffer
    text: String,
    /// where each person's line starts in `text` (and one past the end)
    starts: Vec<usize>,
    /// the fields every filter reads, packed apart from the entries so that a scan stays in cache
    meta: Vec<Meta>,
    /// the distinct categories; `Meta::category` indexes this
    categories: Vec<String>,
    /// folded full name -> positions in `people` (name order): names typed into forms (co-authors,
    /// authors) are resolved by one lookup each, never by a pass over everyone
    by_name: HashMap<String, Vec<u32>>,
    /// the database snapshot it was read in (`pg_current_snapshot()`): the people changed after it
    /// are those `directory_changes` names in transactions it does not show
    pg_snapshot: String,
    /// when it was read (a copy older than a day is read whole: the log keeps two days)
    read_at: Option<Instant>,
    /// brought up to date from an older copy (`reload_changed`) rather than read whole
    pub incremental: bool,
}

#[derive(Clone, Copy, Debug)]
struct Meta {
    unit: u32,
    category: u8,
    active: bool,
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

impl Snapshot {
    /// `people` in name order with their search texts; every `Entry::unit` indexes `units`.
    pub fn build(version: i64, units: Vec<UnitEntry>, people: Vec<(Entry, String)>) -> Snapshot {
        let mut text = String::with_capacity(people.iter().map(|p| p.1.len() + 1).sum());
        let mut starts = Vec::with_capacity(people.len() + 1);
        let mut entries = Vec::with_capacity(people.len());
        let mut meta = Vec::with_capacity(people.len());
        let mut categories: Vec<String> = Vec::new();
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::with_capacity(people.len());
        for (e, search) in people {
            by_name
                .entry(crate::domain::names::fold(&e.full_name))
                .or_default()
                .push(entries.len() as u32);
            let category = match categories.iter().position(|c| *c == e.category) {
                Some(k) => k,
                None => {
                    categories.push(e.category.clone());
                    categories.len() - 1
                }
            };
            meta.push(Meta {
                unit: e.unit,
                category: u8::try_from(category).unwrap_or(u8::MAX),
                active: e.active,
            });
            starts.push(text.len());
            // a line break never occurs in a search word (words are split on whitespace)
            text.extend(search.chars().map(|c| if c == '\n' { ' ' } else { c }));
            text.push('\n');
            entries.push(e);
        }
        starts.push(text.len());
        Snapshot {
            version,
            people: entries,
            units,
            text,
            starts,
            meta,
            categories,
            by_name,
            pg_snapshot: String::new(),
            read_at: None,
            incremental: false,
        }
    }

    /// Person `i`'s search line (the folded text `build` was given).
    fn search_line(&self, i: usize) -> &str {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) if b > a => self.text.get(a..b - 1).unwrap_or(""),
            _ => "",
        }
    }

    /// The people whose full name folds to `folded` (no diacritics, lower case), in name order.
    pub fn named(&self, folded: &str) -> impl Iterator<Item = &Entry> {
        self.by_name
            .get(folded)
            .into_iter()
            .flatten()
            .map(|&i| &self.people[i as usize])
    }

    /// The unit of a person of this snapshot.
    pub fn unit_of(&self, e: &Entry) -> &UnitEntry {
        self.unit(e)
    }

    /// Calls `f` with the position of every person whose search text contains `word`, in name order.
    fn scan(&self, word: &memchr::memmem::Finder, mut f: impl FnMut(usize)) {
        let buf = self.text.as_bytes();
        let last = self.people.len();
        // the line of the previous match: matches come in order, so the next line is found by
        // galloping forward from it (a step or two when most lines match, a binary search when few do)
        let mut i = 0;
        while i < last {
            let Some(k) = word.find(&buf[self.starts[i]..]) else {
                break;
            };
            let at = self.starts[i] + k;
            let mut step = 1;
            while i + step < last && self.starts[i + step] <= at {
                step *= 2;
            }
            let lo = i + step / 2;
            let hi = (i + step).min(last);
            i = lo + self.starts[lo..hi].partition_point(|&s| s <= at) - 1;
            f(i);
            i += 1;
        }
    }

    fn line(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.starts[i]..self.starts[i + 1]]
    }

    fn unit(&self, e: &Entry) -> &UnitEntry {
        &self.units[e.unit as usize]
    }

    /// The matching people in the requested order: (total, the page).
    pub fn list(&self, q: &Query, paging: impl Fn(i64) -> Paging) -> (Paging, Vec<&Entry>) {
        // the unit conditions once per unit, not once per person
        let unit_ok: Vec<bool> = self
            .units
            .iter()
            .map(|u| {
                q.scope.iter().any(|p| u.path.starts_with(p.as_str()))
                    && q.unit_path.as_deref().is_none_or(|p| u.path.starts_with(p))
            })
            .collect();
        // the longest word is scanned for over the whole buffer; the others are checked per candidate
        let mut words: Vec<&str> = q.words.iter().map(String::as_str).collect();
        words.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let finders: Vec<memchr::memmem::Finder> = words
            .iter()
            .map(|w| memchr::memmem::Finder::new(w.as_bytes()))
            .collect();
        // a category nobody has matches nobody
        let category = q.category.as_deref().map(|c| {
            self.categories
                .iter()
                .position(|k| k == c)
                .map_or(u8::MAX, |k| k as u8)
        });
        let matches = |i: usize, others: &[memchr::memmem::Finder]| {
            let m = self.meta[i];
            unit_ok[m.unit as usize]
                && q.active.is_none_or(|a| m.active == a)
                && category.is_none_or(|c| m.category == c && c != u8::MAX)
                && others.iter().all(|f| f.find(self.line(i)).is_some())
        };
        // positions in name order, so that ties in other orders fall back to the name order
        let mut hits: Vec<usize> = Vec::with_capacity(self.people.len() / 4);
        match finders.split_first() {
            Some((first, others)) => self.scan(first, |i| {
                if matches(i, others) {
                    hits.push(i);
                }
            }),
            None => hits.extend((0..self.people.len()).filter(|&i| matches(i, &[]))),
        }
        let paging = paging(hits.len() as i64);
        let key = |i: &usize| -> (u32, i64, usize) {
            let e = &self.people[*i];
            match q.sort.as_str() {
                "unit" => (self.unit(e).name_rank, 0, *i),
                // no date sorts after every date, whichever the direction
                "start" => (
                    0,
                    e.start_date.map_or(i64::MAX, |d| {
                        let n = i64::from(d.num_days_from_ce());
                        if q.desc { -n } else { n }
                    }),
                    *i,
                ),
                "position" => (e.position_rank, 0, *i),
                _ => (0, 0, *i),
            }
        };
        match q.sort.as_str() {
            "start" => hits.sort_by_key(key),
            "unit" | "position" if !q.desc => hits.sort_by_key(key),
            "unit" | "position" => {
                hits.sort_by_key(|i| {
                    let (r, _, pos) = key(i);
                    // positions without a value (rank u32::MAX) stay last
                    let r = if r == u32::MAX {
                        u32::MAX
                    } else {
                        u32::MAX - 1 - r
                    };
                    (r, pos)
                });
            }
            _ if q.desc => hits.reverse(),
            _ => {}
        }
        let start = (paging.offset() as usize).min(hits.len());
        let end = (start + paging.per_page as usize).min(hits.len());
        let page = hits[start..end].iter().map(|&i| &self.people[i]).collect();
        (paging, page)
    }

    /// Units open on `today` under any of the path prefixes, by depth then name (as
    /// [`super::units::options`] returns them).
    pub fn unit_options(
        &self,
        scope: &[String],
        today: NaiveDate,
    ) -> Vec<super::units::UnitOption> {
        let mut units: Vec<&UnitEntry> = self
            .units
            .iter()
            .filter(|u| u.valid_to.is_none_or(|d| d >= today))
            .filter(|u| scope.iter().any(|p| u.path.starts_with(p.as_str())))
            .collect();
        units.sort_by_key(|u| (u.depth, u.name_rank));
        units
            .into_iter()
            .map(|u| super::units::UnitOption {
                id: u.id,
                code: u.code.clone(),
                name: u.name.clone(),
                path: u.path.clone(),
                depth: u.depth,
            })
            .collect()
    }

    pub fn unit_by_id(&self, id: i64) -> Option<&UnitEntry> {
        self.units.iter().find(|u| u.id == id)
    }

    /// A list row as the templates show it.
    pub fn row(&self, e: &Entry) -> PersonListRow {
        let u = self.unit(e);
        PersonListRow {
            id: e.id,
            full_name: e.full_name.clone(),
            gender: e.gender.clone(),
            position: e.position.clone(),
            category: e.category.clone(),
            unit_id: u.id,
            unit_name: u.name.clone(),
            unit_code: u.code.clone(),
            start_date: e.start_date,
            active: e.active,
            username: e.username.clone(),
        }
    }
}

/// The per-server cache: the current snapshot, and a lock so that one request reloads at a time.
#[derive(Default)]
pub struct Directory {
    current: RwLock<Arc<Snapshot>>,
    reload: tokio::sync::Mutex<()>,
}

impl Directory {
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
            return Ok(cached);
        }
        let _guard = self.reload.lock().await;
        let cached = self.cached();
        if cached.version >= version {
            return Ok(cached);
        }
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
            people = fresh.people.len(),
            incremental,
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
                  p.start_date, p.active, p.search_text AS "search_text!", a.username AS "username?",
                  (CASE WHEN p.position IS NULL THEN NULL
                        ELSE dense_rank() OVER (ORDER BY p.position NULLS LAST) END)::int4 AS position_rank
           FROM people p
           LEFT JOIN users a ON a.person_id = p.id
           ORDER BY p.given_name, p.full_name, p.id"#
    )
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    let people = rows
        .into_iter()
        .filter_map(|r| {
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
                    position_rank: r.position_rank.map_or(u32::MAX, |r| r as u32),
                },
                search,
            ))
        })
        .collect();
    let mut snapshot = Snapshot::build(version, units, people);
    snapshot.pg_snapshot = pg_snapshot;
    snapshot.read_at = Some(Instant::now());
    sqlx::query!("DELETE FROM directory_changes WHERE at < now() - interval '2 days'")
        .execute(db)
        .await?;
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
mod tests {
    use super::*;

    fn unit(id: i64, name: &str, path: &str, rank: u32) -> UnitEntry {
        UnitEntry {
            id,
            name: name.into(),
            code: format!("U{id}"),
            path: path.into(),
            depth: path.matches('/').count() as i32 - 2,
            valid_to: None,
            name_rank: rank,
        }
    }

    fn person(
        id: i64,
        name: &str,
        unit: u32,
        active: bool,
        position: Option<(&str, u32)>,
    ) -> (Entry, String) {
        (
            Entry {
                id,
                full_name: name.into(),
                gender: "nu".into(),
                position: position.map(|p| p.0.to_string()),
                category: "cong_chuc".into(),
                unit,
                start_date: NaiveDate::from_ymd_opt(2000 + id as i32, 1, 1),
                active,
                username: None,
                position_rank: position.map_or(u32::MAX, |p| p.1),
            },
            crate::domain::names::fold(name),
        )
    }

    fn snapshot() -> Snapshot {
        Snapshot::build(
            1,
            vec![
                unit(1, "Sở", "/1/", 2),
                unit(2, "Văn phòng", "/1/2/", 3),
                unit(3, "Phòng Đất đai", "/1/3/", 1),
            ],
            // name order: An, Bình, Hoa, Hùng
            vec![
                person(1, "Nguyễn Văn An", 0, true, Some(("Chuyên viên", 1))),
                person(2, "Trần Thị Bình", 1, true, None),
                person(
                    3,
                    "Nguyễn Thị Hoa",
                    1,
                    false,
                    Some(("Phó Chánh Văn phòng", 2)),
                ),
                person(4, "Đặng Văn Hùng", 1, true, Some(("Chuyên viên", 1))),
            ],
        )
    }

    fn ids(s: &Snapshot, q: &Query) -> Vec<i64> {
        s.list(q, |n| Paging::new(None, None, n))
            .1
            .iter()
            .map(|e| e.id)
            .collect()
    }

    fn q() -> Query {
        Query {
            scope: vec!["/1/".into()],
            sort: "name".into(),
            ..Default::default()
        }
    }

    #[test]
    fn filters_like_the_sql_did() {
        let s = snapshot();
        assert_eq!(ids(&s, &q()), vec![1, 2, 3, 4]);
        let mut only_office = q();
        only_office.scope = vec!["/1/2/".into()];
        assert_eq!(ids(&s, &only_office), vec![2, 3, 4]);
        let mut search = q();
        search.words = search_words("NGUYEN");
        assert_eq!(ids(&s, &search), vec![1, 3]);
        search.words = search_words("đặng hùng");
        assert_eq!(ids(&s, &search), vec![4]);
        search.words = search_words("nguyen zzz");
        assert!(ids(&s, &search).is_empty());
        // a word at the very end of the buffer, a word in every line, words in any order
        search.words = search_words("hung");
        assert_eq!(ids(&s, &search), vec![4]);
        search.words = search_words("n");
        assert_eq!(ids(&s, &search), vec![1, 2, 3, 4]);
        search.words = search_words("thi nguyen");
        assert_eq!(ids(&s, &search), vec![3]);
        // lines do not run into each other ("an" + "tran" must not match "antran")
        search.words = search_words("antran");
        assert!(ids(&s, &search).is_empty());
        let mut active = q();
        active.active = Some(true);
        assert_eq!(ids(&s, &active), vec![1, 2, 4]);
        active.active = Some(false);
        assert_eq!(ids(&s, &active), vec![3]);
        let mut category = q();
        category.category = Some("cong_chuc".into());
        assert_eq!(ids(&s, &category), vec![1, 2, 3, 4]);
        category.category = Some("vien_chuc".into());
        assert!(ids(&s, &category).is_empty());
        let mut unit = q();
        unit.unit_path = Some("/1/3/".into());
        assert!(ids(&s, &unit).is_empty());
    }

    #[test]
    fn the_buffer_scan_finds_what_a_naive_search_finds() {
        let words = [
            "nguyễn", "văn", "an", "thị", "hoa", "bình", "trần", "lê", "đặng", "hùng", "anh",
        ];
        // deterministic pseudo-random names: dense and sparse matches, adjacent matching lines
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let people: Vec<(Entry, String)> = (0..500)
            .map(|i| {
                let name: Vec<&str> = (0..2 + next(3)).map(|_| words[next(words.len())]).collect();
                person(i as i64, &name.join(" "), 0, true, None)
            })
            .collect();
        let texts: Vec<String> = people.iter().map(|p| p.1.clone()).collect();
        let s = Snapshot::build(1, vec![unit(1, "Sở", "/1/", 1)], people);
        for q_text in [
            "nguyen", "an", "hung", "thi hoa", "le dang", "h", "zz", "anh an",
        ] {
            let mut query = q();
            query.words = search_words(q_text);
            let want: Vec<i64> = texts
                .iter()
                .enumerate()
                .filter(|(_, t)| query.words.iter().all(|w| t.contains(w.as_str())))
                .map(|(i, _)| i as i64)
                .collect();
            let got: Vec<i64> = s
                .list(&query, |n| Paging::new(None, Some(200), n))
                .1
                .iter()
                .map(|e| e.id)
                .collect();
            assert_eq!(
                got,
                want.iter().take(200).copied().collect::<Vec<_>>(),
                "{q_text}"
            );
        }
    }

    #[test]
    fn orders_and_pages() {
        let s = snapshot();
        let mut by = q();
        by.desc = true;
        assert_eq!(ids(&s, &by), vec![4, 3, 2, 1]);
        by = q();
        by.sort = "unit".into();
        // Sở (rank 2) before Văn phòng (rank 3); ties in name order
        assert_eq!(ids(&s, &by), vec![1, 2, 3, 4]);
        by.desc = true;
        assert_eq!(ids(&s, &by), vec![2, 3, 4, 1]);
        by.sort = "position".into();
        by.desc = false;
        // Chuyên viên (1): An, Hùng; Phó Chánh (2): Hoa; none last: Bình
        assert_eq!(ids(&s, &by), vec![1, 4, 3, 2]);
        by.desc = true;
        assert_eq!(ids(&s, &by), vec![3, 1, 4, 2]);
        by.sort = "start".into();
        by.desc = false;
        assert_eq!(ids(&s, &by), vec![1, 2, 3, 4]);
        by.desc = true;
        assert_eq!(ids(&s, &by), vec![4, 3, 2, 1]);
        let (paging, page) = s.list(&q(), |n| Paging::new(Some(1), Some(10), n));
        assert_eq!(paging.total, 4);
        assert_eq!(page.len(), 4);
        // a page past the end is clamped by Paging to the last page
        let (paging, page) = s.list(&q(), |n| Paging::new(Some(9), Some(10), n));
        assert_eq!((paging.page, page.len()), (1, 4));
    }
}
