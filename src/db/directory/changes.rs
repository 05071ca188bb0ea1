//! The people directory brought up to date from `directory_changes` (migration 42) instead of read
//! whole: the people changed since a copy's snapshot read again and put in their places.

use super::{Entry, Snapshot, begin_read};
use sqlx::PgPool;
use std::collections::{HashMap, HashSet};

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
    /// every position in collation order
    positions: Vec<String>,
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
                position_rank: u32::MAX,
            },
            search: r.search_text,
            before: r.before,
        });
    }
    // the positions in collation order: a position's rank is its place (as `dense_rank` gives it)
    let positions = sqlx::query_scalar!(
        r#"SELECT DISTINCT position AS "position!" FROM people WHERE position IS NOT NULL ORDER BY 1"#
    )
    .fetch_all(&mut *tx)
    .await?;
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
/// or the place of the changed person before them (the rows come in name order).
fn place(old: &Snapshot, r: Read) -> Option<Snapshot> {
    let rank: HashMap<&str, u32> = r
        .positions
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i as u32 + 1))
        .collect();
    let rank_of = |p: &Option<String>| {
        p.as_deref()
            .and_then(|p| rank.get(p).copied())
            .unwrap_or(u32::MAX)
    };
    let changed: HashSet<i64> = r.ids.iter().copied().collect();
    let mut after: HashMap<Option<i64>, Vec<(Entry, String)>> = HashMap::new();
    let mut anchor_of: HashMap<i64, Option<i64>> = HashMap::new();
    for c in r.rows {
        let anchor = match c.before {
            Some(b) if changed.contains(&b) => *anchor_of.get(&b)?,
            other => other,
        };
        anchor_of.insert(c.entry.id, anchor);
        let mut entry = c.entry;
        entry.position_rank = rank_of(&entry.position);
        after.entry(anchor).or_default().push((entry, c.search));
    }
    let mut people = Vec::with_capacity(old.people.len() + after.len());
    people.extend(after.remove(&None).unwrap_or_default());
    for (i, e) in old.people.iter().enumerate() {
        if changed.contains(&e.id) {
            continue;
        }
        let mut kept = e.clone();
        kept.position_rank = rank_of(&e.position);
        people.push((kept, old.search_line(i).to_string()));
        if let Some(next) = after.remove(&Some(e.id)) {
            people.extend(next);
        }
    }
    if !after.is_empty() {
        // a person before someone is neither in the copy nor changed: read whole
        return None;
    }
    let mut snapshot = Snapshot::build(r.version, old.units.clone(), people);
    snapshot.pg_snapshot = r.pg_snapshot;
    snapshot.read_at = old.read_at;
    snapshot.incremental = true;
    Some(snapshot)
}
