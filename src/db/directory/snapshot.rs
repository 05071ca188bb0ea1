//! A copy of the directory at one version, held as runs of consecutive people in name order
//! (chunks). Each run has its own search buffer, packed filter fields and name index, and is shared
//! (`Arc`) between a copy and the next: a change to a few people rebuilds only the runs they leave
//! and enter, so bringing a copy up to date costs what changed, not what is held.

use super::{Entry, Query, UnitEntry};
use crate::domain::paging::Paging;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use crate::db::people::PersonListRow;

/// People per run when a copy is read whole; a run that grows past twice this is split.
pub(super) const CHUNK: usize = 512;

/// A run of consecutive people in name order.
#[derive(Debug, Default)]
pub(super) struct Chunk {
    pub(super) people: Vec<Entry>,
    /// every person's folded search text (the database's `search_text`: name, employee code,
    /// e-mail), one line each in name order, so that a word is found by one pass over one buffer
    text: String,
    /// where each person's line starts in `text` (and one past the end)
    starts: Vec<usize>,
    /// the fields every filter reads, packed apart from the entries so that a scan stays in cache
    pub(super) meta: Vec<Meta>,
    /// folded full name -> places in `people`: names typed into forms (co-authors, authors) are
    /// resolved by one lookup per run, never by a pass over everyone
    by_name: HashMap<String, Vec<u32>>,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Meta {
    pub(super) id: i64,
    unit: u32,
    category: u8,
    active: bool,
}

impl Chunk {
    /// `people` in name order with their search texts; a category not yet in `categories` is added.
    pub(super) fn build(people: Vec<(Entry, String)>, categories: &mut Vec<String>) -> Chunk {
        let mut text = String::with_capacity(people.iter().map(|p| p.1.len() + 1).sum());
        let mut starts = Vec::with_capacity(people.len() + 1);
        let mut entries = Vec::with_capacity(people.len());
        let mut meta = Vec::with_capacity(people.len());
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
                id: e.id,
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
        Chunk {
            people: entries,
            text,
            starts,
            meta,
            by_name,
        }
    }

    /// Person `i`'s search line (the folded text `build` was given).
    pub(super) fn search_line(&self, i: usize) -> &str {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) if b > a => self.text.get(a..b - 1).unwrap_or(""),
            _ => "",
        }
    }

    fn line(&self, i: usize) -> &[u8] {
        &self.text.as_bytes()[self.starts[i]..self.starts[i + 1]]
    }

    /// Calls `f` with the place of every person whose search text contains `word`, in name order.
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
}

/// Runs of at most `2 * CHUNK` people (none empty) from people in name order: `CHUNK` each, the
/// last with what remains.
pub(super) fn runs(people: Vec<(Entry, String)>) -> Vec<Vec<(Entry, String)>> {
    if people.len() <= 2 * CHUNK {
        return match people.is_empty() {
            true => Vec::new(),
            false => vec![people],
        };
    }
    let n = people.len() / CHUNK;
    let mut it = people.into_iter();
    let mut out: Vec<Vec<(Entry, String)>> =
        (1..n).map(|_| it.by_ref().take(CHUNK).collect()).collect();
    out.push(it.collect());
    out
}

/// A consistent copy of the directory at one version; people are in name order.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub version: i64,
    pub(super) units: Arc<Vec<UnitEntry>>,
    pub(super) chunks: Vec<Arc<Chunk>>,
    /// the people before each run, and the total last
    pub(super) offsets: Vec<usize>,
    /// the distinct categories; `Meta::category` indexes this (only ever appended to)
    pub(super) categories: Vec<String>,
    /// every position the copy has seen (only ever appended to): `Entry::position_key` indexes it
    pub(super) positions: Vec<String>,
    /// the rank of each of `positions` in the database's collation order
    pub(super) position_ranks: Vec<u32>,
    /// the database snapshot it was read in (`pg_current_snapshot()`): the people changed after it
    /// are those `directory_changes` names in transactions it does not show
    pub(super) pg_snapshot: String,
    /// when it was read whole (a copy older than a day is read whole: the log keeps two days)
    pub(super) read_at: Option<Instant>,
    /// brought up to date from an older copy (`reload_changed`) rather than read whole
    pub incremental: bool,
    /// runs rebuilt by that update (the others are shared with the older copy)
    pub rebuilt: usize,
}

impl Snapshot {
    /// `people` in name order with their search texts; every `Entry::unit` indexes `units` and
    /// every `Entry::position_key` indexes `positions`, which are in collation order.
    pub fn build(
        version: i64,
        units: Vec<UnitEntry>,
        people: Vec<(Entry, String)>,
        positions: Vec<String>,
    ) -> Snapshot {
        let mut categories = Vec::new();
        let chunks: Vec<Arc<Chunk>> = runs(people)
            .into_iter()
            .map(|run| Arc::new(Chunk::build(run, &mut categories)))
            .collect();
        let mut s = Snapshot {
            version,
            units: Arc::new(units),
            position_ranks: (0..positions.len() as u32).collect(),
            positions,
            categories,
            ..Default::default()
        };
        s.set_chunks(chunks);
        s
    }

    pub(super) fn set_chunks(&mut self, chunks: Vec<Arc<Chunk>>) {
        self.offsets = Vec::with_capacity(chunks.len() + 1);
        let mut n = 0;
        for c in &chunks {
            self.offsets.push(n);
            n += c.people.len();
        }
        self.offsets.push(n);
        self.chunks = chunks;
    }

    /// How many people the copy holds.
    pub fn len(&self) -> usize {
        self.offsets.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Everyone, in name order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.chunks.iter().flat_map(|c| c.people.iter())
    }

    /// The people whose full name folds to `folded` (no diacritics, lower case), in name order.
    pub fn named<'a>(&'a self, folded: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.chunks.iter().flat_map(move |c| {
            c.by_name
                .get(folded)
                .into_iter()
                .flatten()
                .map(move |&i| &c.people[i as usize])
        })
    }

    /// The unit of a person of this snapshot.
    pub fn unit_of(&self, e: &Entry) -> &UnitEntry {
        &self.units[e.unit as usize]
    }

    /// The collation rank of a person's position (none: after every position).
    fn position_rank(&self, e: &Entry) -> u32 {
        self.position_ranks
            .get(e.position_key as usize)
            .copied()
            .unwrap_or(u32::MAX)
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
        // (run, place) pairs in name order, so that ties in other orders fall back to the name order
        let mut hits: Vec<(u32, u32)> = Vec::with_capacity(self.len() / 4);
        for (c, chunk) in self.chunks.iter().enumerate() {
            let matches = |i: usize, others: &[memchr::memmem::Finder]| {
                let m = chunk.meta[i];
                unit_ok[m.unit as usize]
                    && q.active.is_none_or(|a| m.active == a)
                    && category.is_none_or(|k| m.category == k && k != u8::MAX)
                    && others.iter().all(|f| f.find(chunk.line(i)).is_some())
            };
            let c = c as u32;
            match finders.split_first() {
                Some((first, others)) => chunk.scan(first, |i| {
                    if matches(i, others) {
                        hits.push((c, i as u32));
                    }
                }),
                None => hits.extend(
                    (0..chunk.people.len())
                        .filter(|&i| matches(i, &[]))
                        .map(|i| (c, i as u32)),
                ),
            }
        }
        let paging = paging(hits.len() as i64);
        let entry = |h: &(u32, u32)| &self.chunks[h.0 as usize].people[h.1 as usize];
        let key = |h: &(u32, u32)| -> (u32, i64, (u32, u32)) {
            let e = entry(h);
            match q.sort.as_str() {
                "unit" => (self.unit_of(e).name_rank, 0, *h),
                // no date sorts after every date, whichever the direction
                "start" => (
                    0,
                    e.start_date.map_or(i64::MAX, |d| {
                        let n = i64::from(d.num_days_from_ce());
                        if q.desc { -n } else { n }
                    }),
                    *h,
                ),
                "position" => (self.position_rank(e), 0, *h),
                _ => (0, 0, *h),
            }
        };
        match q.sort.as_str() {
            "start" => hits.sort_by_cached_key(key),
            "unit" | "position" if !q.desc => hits.sort_by_cached_key(key),
            "unit" | "position" => {
                hits.sort_by_cached_key(|h| {
                    let (r, _, at) = key(h);
                    // positions without a value (rank u32::MAX) stay last
                    let r = if r == u32::MAX {
                        u32::MAX
                    } else {
                        u32::MAX - 1 - r
                    };
                    (r, at)
                });
            }
            _ if q.desc => hits.reverse(),
            _ => {}
        }
        let start = (paging.offset() as usize).min(hits.len());
        let end = (start + paging.per_page as usize).min(hits.len());
        let page = hits[start..end].iter().map(entry).collect();
        (paging, page)
    }

    /// Units open on `today` under any of the path prefixes, by depth then name (as
    /// [`crate::db::units::options`] returns them).
    pub fn unit_options(
        &self,
        scope: &[String],
        today: NaiveDate,
    ) -> Vec<crate::db::units::UnitOption> {
        let mut units: Vec<&UnitEntry> = self
            .units
            .iter()
            .filter(|u| u.valid_to.is_none_or(|d| d >= today))
            .filter(|u| scope.iter().any(|p| u.path.starts_with(p.as_str())))
            .collect();
        units.sort_by_key(|u| (u.depth, u.name_rank));
        units
            .into_iter()
            .map(|u| crate::db::units::UnitOption {
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
        let u = self.unit_of(e);
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
