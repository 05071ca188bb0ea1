//! The people directory brought up to date from `directory_changes` (migration 42) instead of read
//! whole: the people changed since a copy's snapshot read again and put in their places. Only the
//! runs of the copy (`snapshot::Chunk`) that the changed people leave or enter are rebuilt; the others
//! are shared with the older copy, so one change costs milliseconds whatever the directory's size.

use super::snapshot::{Chunk, runs};
use super::{Entry, Snapshot, begin_read};
use sqlx::PgPool;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// More changed people than this and the directory is read whole.
const MOST_CHANGED: usize = 5_000;

/// A changed person as read again: the entry, its search text, and the person before it in the
/// database's name order.
struct Changed {
    entry: Entry,
    search: String,
    before: Option<i64>,
}

/// What the log and the database say since a copy's snapshot.
struct Read {
    version: i64,
    pg_snapshot: String,
    /// the changed people's ids (those deleted are not among `rows`)
    ids: Vec<i64>,
    /// in name order
    rows: Vec<Changed>,
    /// the copy's positions followed by those new to it, and the rank of each (collation order);
    /// `None` when no changed person holds a position the copy does not know
    positions: Option<(Vec<String>, Vec<u32>)>,
}

/// `old` brought up to date: the people changed since its snapshot read again (with the person
/// before each in name order, as the database's collation sorts them) and put in their places, the
/// others kept with their search text; `None` when the log asks for a whole read (a unit changed,
/// or too many people) or a place cannot be found. The copy was read whole less than a day before
/// (its incremental reads keep that time): the log keeps two days.
pub(super) async fn reload_changed(
    db: &PgPool,
    old: &Snapshot,
) -> Result<Option<Snapshot>, sqlx::Error> {
    Ok(match read(db, old).await? {
        Some(r) => place(old, r),
        None => None,
    })
}

async fn read(db: &PgPool, old: &Snapshot) -> Result<Option<Read>, sqlx::Error> {
    let (mut tx, version, pg_snapshot) = begin_read(db).await?;
    let log = sqlx::query!(
        r#"SELECT coalesce(bool_or(everything), false) AS "everything!",
                  coalesce(array_agg(DISTINCT person_id) FILTER (WHERE person_id IS NOT NULL), '{}') AS "people!"
           FROM directory_changes
           WHERE xid >= pg_snapshot_xmin($1::text::pg_snapshot)
             AND NOT pg_visible_in_snapshot(xid, $1::text::pg_snapshot)"#,
        old.pg_snapshot
    )
    .fetch_one(&mut *tx)
    .await?;
    if log.everything || log.people.len() > MOST_CHANGED {
        return Ok(None);
    }
    let unit_index: HashMap<i64, u32> = old
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id, i as u32))
        .collect();
    let mut rows = Vec::new();
    for r in sqlx::query!(
        r#"SELECT p.id, p.full_name::text AS "full_name!", p.gender, p.position, p.category, p.unit_id,
                  p.start_date, p.active, p.search_text AS "search_text!", a.username AS "username?",
                  (SELECT q.id FROM people q
                    WHERE (q.given_name, q.full_name, q.id) < (p.given_name, p.full_name, p.id)
                    ORDER BY q.given_name DESC, q.full_name DESC, q.id DESC LIMIT 1) AS "before?"
           FROM people p
           LEFT JOIN users a ON a.person_id = p.id
           WHERE p.id = ANY($1)
           ORDER BY p.given_name, p.full_name, p.id"#,
        &log.people
    )
    .fetch_all(&mut *tx)
    .await?
    {
        // a unit the copy does not hold: read whole
        let Some(&unit) = unit_index.get(&r.unit_id) else {
            return Ok(None);
        };
        rows.push(Changed {
            entry: Entry {
                unit,
                id: r.id,
                full_name: r.full_name,
                gender: r.gender,
                position: r.position,
                category: r.category,
                start_date: r.start_date,
                active: r.active,
                username: r.username,
                position_key: u32::MAX,
            },
            search: r.search_text,
            before: r.before,
        });
    }
    // a position the copy does not know: every known position ranked again with it, in the
    // database's collation (the order `dense_rank` gave them when the copy was read whole)
    let known: HashSet<&str> = old.positions.iter().map(String::as_str).collect();
    let mut new: Vec<String> = Vec::new();
    for r in &rows {
        if let Some(p) = &r.entry.position
            && !known.contains(p.as_str())
            && !new.contains(p)
        {
            new.push(p.clone());
        }
    }
    let positions = match new.is_empty() {
        true => None,
        false => {
            let all: Vec<String> = old.positions.iter().cloned().chain(new).collect();
            let order = sqlx::query_scalar!(
                r#"SELECT k::int4 AS "k!" FROM unnest($1::text[]) WITH ORDINALITY AS t(p, k) ORDER BY p, k"#,
                &all
            )
            .fetch_all(&mut *tx)
            .await?;
            let mut ranks = vec![u32::MAX; all.len()];
            for (rank, k) in order.into_iter().enumerate() {
                if let Some(r) = ranks.get_mut(k as usize - 1) {
                    *r = rank as u32;
                }
            }
            Some((all, ranks))
        }
    };
    tx.commit().await?;
    Ok(Some(Read {
        version,
        pg_snapshot,
        ids: log.people,
        rows,
        positions,
    }))
}

/// The new copy: each changed person after an unchanged one (or first): the person before them,
/// or the place of the changed person before them (the rows come in name order). The runs holding
/// a changed person's old place or an anchor are rebuilt; the others are shared.
fn place(old: &Snapshot, r: Read) -> Option<Snapshot> {
    let (positions, position_ranks) = r
        .positions
        .unwrap_or_else(|| (old.positions.clone(), old.position_ranks.clone()));
    let key: HashMap<&str, u32> = positions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i as u32))
        .collect();
    let mut changed: Vec<i64> = r.ids.clone();
    changed.sort_unstable();
    let is_changed = |id: i64| changed.binary_search(&id).is_ok();
    let mut after: HashMap<Option<i64>, Vec<(Entry, String)>> = HashMap::new();
    let mut anchor_of: HashMap<i64, Option<i64>> = HashMap::new();
    for c in r.rows {
        let anchor = match c.before {
            Some(b) if is_changed(b) => *anchor_of.get(&b)?,
            other => other,
        };
        anchor_of.insert(c.entry.id, anchor);
        let mut entry = c.entry;
        entry.position_key = entry
            .position
            .as_deref()
            .and_then(|p| key.get(p).copied())
            .unwrap_or(u32::MAX);
        after.entry(anchor).or_default().push((entry, c.search));
    }
    // the runs to rebuild: one pass over the packed ids
    let mut anchors: Vec<i64> = after.keys().flatten().copied().collect();
    anchors.sort_unstable();
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    if after.contains_key(&None) {
        touched.insert(0);
    }
    for (c, chunk) in old.chunks.iter().enumerate() {
        if chunk
            .meta
            .iter()
            .any(|m| is_changed(m.id) || anchors.binary_search(&m.id).is_ok())
        {
            touched.insert(c);
        }
    }
    let mut categories = old.categories.clone();
    let mut chunks: Vec<Arc<Chunk>> = Vec::with_capacity(old.chunks.len() + 1);
    let mut rebuilt = 0;
    let mut first = after.remove(&None).unwrap_or_default();
    for (c, chunk) in old.chunks.iter().enumerate() {
        if !touched.contains(&c) {
            chunks.push(chunk.clone());
            continue;
        }
        let mut people = std::mem::take(&mut first);
        for (i, e) in chunk.people.iter().enumerate() {
            if is_changed(e.id) {
                continue;
            }
            people.push((e.clone(), chunk.search_line(i).to_string()));
            if let Some(next) = after.remove(&Some(e.id)) {
                people.extend(next);
            }
        }
        for run in runs(people) {
            chunks.push(Arc::new(Chunk::build(run, &mut categories)));
            rebuilt += 1;
        }
    }
    // an empty copy: the new people are its first run
    for run in runs(first) {
        chunks.push(Arc::new(Chunk::build(run, &mut categories)));
        rebuilt += 1;
    }
    if !after.is_empty() {
        // a person before someone is neither in the copy nor changed: read whole
        return None;
    }
    let mut snapshot = Snapshot {
        version: r.version,
        units: old.units.clone(),
        categories,
        positions,
        position_ranks,
        pg_snapshot: r.pg_snapshot,
        read_at: old.read_at,
        incremental: true,
        rebuilt,
        ..Default::default()
    };
    snapshot.set_chunks(chunks);
    Some(snapshot)
}
