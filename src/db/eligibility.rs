//! Loading what the eligibility rules read, for a whole campaign scope in a fixed number of queries
//! (never one per person): the rule set's trees, the people and units, and their facts.

use crate::domain::eligibility::{
    Award, AwardKind, ClusterFact, DisciplineFact, DisciplineLevel, InitiativeFact,
    InitiativeLevel, Node, PersonFacts, Rating, ReviewFact, RuleSet, Subject, TitleRule, UnitFacts,
    months_from_start,
};
use sqlx::PgExecutor;
use std::collections::HashMap;
use std::sync::Arc;

/// Years of ratings and initiatives read before the campaign's year (the longest window is ten);
/// the award history is read whole (a Bằng khen may be older than any window).
pub const HISTORY_YEARS: i32 = 10;

pub async fn rule_set(db: impl PgExecutor<'_>, rule_set_id: i64) -> Result<RuleSet, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT r.code AS rule_set_code, r.name AS rule_set_name, r.principles, t.code, t.name_vi,
                  t.name_en, t.subject, t.conditions
           FROM titles t JOIN rule_sets r ON r.id = t.rule_set_id
           WHERE t.rule_set_id = $1 ORDER BY t.position, t.id"#,
        rule_set_id
    )
    .fetch_all(db)
    .await?;
    let principles = match rows.first() {
        Some(r) => serde_json::from_value(r.principles.clone()).map_err(|e| {
            sqlx::Error::Decode(format!("principles of {}: {e}", r.rule_set_code).into())
        })?,
        None => Default::default(),
    };
    let mut set = RuleSet {
        principles,
        code: rows
            .first()
            .map(|r| r.rule_set_code.clone())
            .unwrap_or_default(),
        name: rows
            .first()
            .map(|r| r.rule_set_name.clone())
            .unwrap_or_default(),
        titles: Vec::with_capacity(rows.len()),
    };
    for r in rows {
        let conditions: Node = serde_json::from_value(r.conditions).map_err(|e| {
            sqlx::Error::Decode(format!("conditions of {} in {}: {e}", r.code, set.code).into())
        })?;
        set.titles.push(TitleRule {
            code: r.code,
            name_vi: r.name_vi,
            name_en: r.name_en,
            subject: Subject::parse(&r.subject),
            conditions,
        });
    }
    Ok(set)
}

#[derive(Clone, Debug)]
pub struct PersonRow {
    pub id: i64,
    pub full_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub unit_path: String,
}

#[derive(Clone, Debug)]
pub struct UnitRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub path: String,
    pub depth: i32,
}

/// Everyone a campaign reaches, with their facts (indices match: `people[i]` has `facts[i]`).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// shared between a scope and the one brought up to date from it (people did not change)
    pub people: Arc<Vec<PersonRow>>,
    /// shared with the scope brought up to date from this one, but for the people read again
    pub facts: Vec<Arc<PersonFacts>>,
    /// the units under the issuer (the issuer itself is not a candidate of its own awards)
    pub units: Arc<Vec<UnitRow>>,
    pub unit_facts: Vec<UnitFacts>,
    /// where each person and unit is, by id
    index: Arc<HashMap<i64, usize>>,
    unit_index: Arc<HashMap<i64, usize>>,
    /// the snapshot it was read in (`pg_current_snapshot()`): the changes after it are those it
    /// does not show (`changed_since`)
    pub snapshot: String,
}

impl Scope {
    pub fn person_index(&self, id: i64) -> Option<usize> {
        self.index.get(&id).copied()
    }
    pub fn unit_index(&self, id: i64) -> Option<usize> {
        self.unit_index.get(&id).copied()
    }
}

/// What a scope's loaders share: where and when, and which people and units they read (`None`:
/// everyone under the issuer; else those ids only, already in the scope, whose facts are read again).
struct Load<'a> {
    pattern: String,
    issuer_path: &'a str,
    campaign_id: i64,
    year: i32,
    /// the first year of history read
    since: i32,
    scope: Scope,
    people_ids: Option<Vec<i64>>,
    unit_ids: Option<Vec<i64>>,
}

impl<'a> Load<'a> {
    /// A load of campaign `campaign_id` issued at `issuer_path` for `year` into `scope`: everyone,
    /// or the (people, units) ids given.
    fn new(
        (campaign_id, issuer_path, year): (i64, &'a str, i32),
        scope: Scope,
        ids: Option<(Vec<i64>, Vec<i64>)>,
    ) -> Self {
        let (people_ids, unit_ids) = match ids {
            Some((p, u)) => (Some(p), Some(u)),
            None => (None, None),
        };
        Load {
            pattern: format!("{issuer_path}%"),
            issuer_path,
            campaign_id,
            year,
            since: year - HISTORY_YEARS,
            scope,
            people_ids,
            unit_ids,
        }
    }
}

/// Loads the scope of a campaign issued by the unit at `issuer_path` for `year`: one loader (one
/// query) per fact table, all in one repeatable-read snapshot.
pub async fn load_scope(
    db: &sqlx::PgPool,
    campaign_id: i64,
    issuer_path: &str,
    year: i32,
) -> Result<Scope, sqlx::Error> {
    let mut l = Load::new((campaign_id, issuer_path, year), Scope::default(), None);
    // one snapshot for all the reads
    let mut tx = db.begin().await?;
    snapshot_transaction(&mut tx).await?;
    l.scope.snapshot = current_snapshot(&mut tx).await?;
    load_all(&mut tx, &mut l).await?;
    tx.commit().await?;
    Ok(l.scope)
}

/// A repeatable-read, read-only transaction whose statements are planned for their parameters (the
/// loaders read everyone or a few ids with the same statements: a generic plan would read
/// everyone's rows for a few).
async fn snapshot_transaction(tx: &mut super::Tx<'_>) -> Result<(), sqlx::Error> {
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut **tx)
        .await?;
    sqlx::query("SET LOCAL plan_cache_mode = force_custom_plan")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn current_snapshot(tx: &mut super::Tx<'_>) -> Result<String, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT pg_current_snapshot()::text AS "s!""#)
        .fetch_one(&mut **tx)
        .await
}

async fn load_all(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    load_people(tx, l).await?;
    load_units(tx, l).await?;
    load_ratings(tx, l).await?;
    load_initiatives(tx, l).await?;
    load_awards(tx, l).await?;
    load_disciplines(tx, l).await?;
    load_reviews(tx, l).await?;
    load_clusters(tx, l).await
}

/// What changed in the facts of eligibility since a scope's snapshot (`eligibility_changes`).
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    /// something that cannot be said per person or unit: read everything again
    pub everything: bool,
    pub people: Vec<i64>,
    pub units: Vec<i64>,
}

/// The scope `old` brought up to date: the facts of the people and units changed since its snapshot
/// read again (the same loaders, for those ids), the rest kept; with the indexes of the people read
/// again. `None` when a change needs everything read again. The caller has checked that no change
/// to people, units or campaigns (which the log does not follow) came after `old`.
pub async fn reload_changed(
    db: &sqlx::PgPool,
    old: &Scope,
    campaign_id: i64,
    issuer_path: &str,
    year: i32,
) -> Result<Option<(Scope, Vec<usize>)>, sqlx::Error> {
    let mut tx = db.begin().await?;
    snapshot_transaction(&mut tx).await?;
    let snapshot = current_snapshot(&mut tx).await?;
    let changes = changed_since(&mut tx, &old.snapshot).await?;
    if changes.everything {
        return Ok(None);
    }
    let people: Vec<i64> = changes
        .people
        .into_iter()
        .filter(|id| old.index.contains_key(id))
        .collect();
    let units: Vec<i64> = changes
        .units
        .into_iter()
        .filter(|id| old.unit_index.contains_key(id))
        .collect();
    let mut scope = old.clone();
    scope.snapshot = snapshot;
    let changed: Vec<usize> = people
        .iter()
        .filter_map(|id| scope.person_index(*id))
        .collect();
    if people.is_empty() && units.is_empty() {
        tx.commit().await?;
        return Ok(Some((scope, changed)));
    }
    let mut l = Load::new(
        (campaign_id, issuer_path, year),
        scope,
        Some((people, units)),
    );
    load_all(&mut tx, &mut l).await?;
    tx.commit().await?;
    Ok(Some((l.scope, changed)))
}

/// The people and units whose facts changed in transactions `snapshot` does not show.
pub async fn changed_since(tx: &mut super::Tx<'_>, snapshot: &str) -> Result<Changes, sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT coalesce(bool_or(everything), false) AS "everything!",
                  coalesce(array_agg(DISTINCT person_id) FILTER (WHERE person_id IS NOT NULL), '{}') AS "people!",
                  coalesce(array_agg(DISTINCT unit_id) FILTER (WHERE unit_id IS NOT NULL), '{}') AS "units!"
           FROM eligibility_changes
           WHERE xid >= pg_snapshot_xmin($1::text::pg_snapshot)
             AND NOT pg_visible_in_snapshot(xid, $1::text::pg_snapshot)"#,
        snapshot
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(Changes {
        everything: r.everything,
        people: r.people,
        units: r.units,
    })
}

/// Everyone active under the issuer, with months worked and registration (the ids asked for: their
/// facts start again from these).
async fn load_people(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    let people = sqlx::query!(
        r#"SELECT p.id, p.full_name::text AS "full_name!", p.unit_id, u.name::text AS "unit_name!",
                  u.path, p.start_date, w.months::float8 AS "months?", p.gender,
                  r.status AS "reg_status?", t.code AS "reg_title?"
           FROM people p
           JOIN units u ON u.id = p.unit_id
           LEFT JOIN work_months w ON w.person_id = p.id AND w.year = $2
           LEFT JOIN registrations r ON r.campaign_id = $3 AND r.person_id = p.id
           LEFT JOIN titles t ON t.id = r.title_id
           WHERE p.active AND u.path LIKE $1 AND ($4::int8[] IS NULL OR p.id = ANY($4))
           ORDER BY p.given_name, p.full_name, p.id"#,
        l.pattern,
        l.year,
        l.campaign_id,
        l.people_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?;
    if l.people_ids.is_none() {
        Arc::make_mut(&mut l.scope.index).reserve(people.len());
    }
    for p in people {
        let registered = match p.reg_status.as_deref() {
            Some("submitted" | "returned" | "confirmed") => Some(p.reg_title.unwrap_or_default()),
            _ => None,
        };
        let facts = PersonFacts {
            months_worked: p.months.or_else(|| months_from_start(p.start_date, l.year)),
            registered,
            group: group_of(&p.path, l.issuer_path),
            woman: p.gender == "female",
            ..Default::default()
        };
        let row = PersonRow {
            id: p.id,
            full_name: p.full_name,
            unit_id: p.unit_id,
            unit_name: p.unit_name,
            unit_path: p.path,
        };
        match l.scope.index.get(&p.id) {
            // read again: the facts start over; the row (name, unit) is the same, people did not
            // change
            Some(&i) => l.scope.facts[i] = Arc::new(facts),
            None => {
                let at = l.scope.people.len();
                Arc::make_mut(&mut l.scope.index).insert(p.id, at);
                l.scope.facts.push(Arc::new(facts));
                Arc::make_mut(&mut l.scope.people).push(row);
            }
        }
    }
    Ok(())
}

/// The units under the issuer open in the year, with their collective registration and members
/// (the ids asked for: their facts start again, their members kept).
async fn load_units(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    let units = sqlx::query!(
        r#"SELECT u.id, u.code, u.name::text AS "name!", u.path, u.depth,
                  cr.status AS "reg_status?", t.code AS "reg_title?"
           FROM units u
           LEFT JOIN registrations cr ON cr.campaign_id = $2 AND cr.unit_id = u.id AND cr.person_id IS NULL
           LEFT JOIN titles t ON t.id = cr.title_id
           WHERE u.path LIKE $1 AND u.path <> $3
             AND (u.valid_to IS NULL OR u.valid_to >= make_date($4, 1, 1))
             AND ($5::int8[] IS NULL OR u.id = ANY($5))
           ORDER BY u.depth, u.name"#,
        l.pattern,
        l.campaign_id,
        l.issuer_path,
        l.year,
        l.unit_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?;
    // each unit's members: the people whose unit path starts with its path, found through the
    // people's own units (a map from unit path to people), not by a pass over everyone per unit
    let mut by_unit_path: HashMap<&str, Vec<usize>> = HashMap::new();
    if l.unit_ids.is_none() {
        for (i, p) in l.scope.people.iter().enumerate() {
            by_unit_path
                .entry(p.unit_path.as_str())
                .or_default()
                .push(i);
        }
    }
    let mut new_units = Vec::with_capacity(units.len());
    for u in units {
        let registered = match u.reg_status.as_deref() {
            Some("submitted" | "returned" | "confirmed") => Some(u.reg_title.unwrap_or_default()),
            _ => None,
        };
        if let Some(&i) = l.scope.unit_index.get(&u.id) {
            // read again: the members (people did not change) stay
            let old = &l.scope.unit_facts[i];
            l.scope.unit_facts[i] = UnitFacts {
                registered,
                members: old.members.clone(),
                group: old.group,
                women_pct: old.women_pct,
                ..Default::default()
            };
            continue;
        }
        let mut members: Vec<usize> = by_unit_path
            .iter()
            .filter(|(path, _)| path.starts_with(u.path.as_str()))
            .flat_map(|(_, m)| m.iter().copied())
            .collect();
        members.sort_unstable();
        let women = members.iter().filter(|&&i| l.scope.facts[i].woman).count();
        let women_pct = (women * 100).checked_div(members.len()).unwrap_or(0) as u32;
        new_units.push((
            UnitFacts {
                registered,
                members,
                group: group_of(&u.path, l.issuer_path),
                women_pct,
                ..Default::default()
            },
            UnitRow {
                id: u.id,
                code: u.code,
                name: u.name,
                path: u.path,
                depth: u.depth,
            },
        ));
    }
    drop(by_unit_path);
    for (facts, row) in new_units {
        let at = l.scope.units.len();
        Arc::make_mut(&mut l.scope.unit_index).insert(row.id, at);
        l.scope.unit_facts.push(facts);
        Arc::make_mut(&mut l.scope.units).push(row);
    }
    Ok(())
}

async fn load_ratings(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    // ratings of people and units
    for r in sqlx::query!(
        r#"SELECT g.year, g.person_id, g.unit_id, g.rating FROM ratings g
           LEFT JOIN people p ON p.id = g.person_id
           LEFT JOIN units pu ON pu.id = p.unit_id
           LEFT JOIN units u ON u.id = g.unit_id
           WHERE g.year BETWEEN $2 AND $3 AND coalesce(pu.path, u.path) LIKE $1
             AND ($4::int8[] IS NULL OR g.person_id = ANY($4) OR g.unit_id = ANY($5))"#,
        l.pattern,
        l.since,
        l.year,
        l.people_ids.as_deref() as Option<&[i64]>,
        l.unit_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?
    {
        let Some(rating) = Rating::parse(&r.rating) else {
            continue;
        };
        if let Some(i) = r.person_id.and_then(|id| l.scope.index.get(&id)) {
            Arc::make_mut(&mut l.scope.facts[*i])
                .ratings
                .insert(r.year, rating);
        } else if let Some(i) = r.unit_id.and_then(|id| l.scope.unit_index.get(&id)) {
            l.scope.unit_facts[*i].ratings.insert(r.year, rating);
        }
    }
    Ok(())
}

async fn load_initiatives(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    // recognised initiatives, per author
    for r in sqlx::query!(
        r#"SELECT a.person_id, i.title, i.level, i.achievement_year, i.decided_on, i.decision_no
           FROM initiative_recognitions i
           JOIN initiative_authors a ON a.recognition_id = i.id
           JOIN people p ON p.id = a.person_id
           JOIN units pu ON pu.id = p.unit_id
           WHERE i.achievement_year BETWEEN $2 AND $3 AND pu.path LIKE $1
             AND ($4::int8[] IS NULL OR a.person_id = ANY($4))
           ORDER BY i.achievement_year, i.decided_on, i.id"#,
        l.pattern,
        l.since,
        l.year,
        l.people_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?
    {
        if let (Some(i), Some(level)) = (
            l.scope.index.get(&r.person_id),
            InitiativeLevel::parse(&r.level),
        ) {
            Arc::make_mut(&mut l.scope.facts[*i])
                .initiatives
                .push(InitiativeFact {
                    title: r.title,
                    level,
                    year: r.achievement_year,
                    decided_on: r.decided_on,
                    decision: r.decision_no,
                });
        }
    }
    Ok(())
}

async fn load_awards(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    // award history
    for r in sqlx::query!(
        r#"SELECT h.year, h.person_id, h.unit_id, h.title_code, h.decision_no, h.kind
           FROM award_history h
           LEFT JOIN people p ON p.id = h.person_id
           LEFT JOIN units pu ON pu.id = p.unit_id
           LEFT JOIN units u ON u.id = h.unit_id
           WHERE h.year <= $2 AND coalesce(pu.path, u.path) LIKE $1
             AND ($3::int8[] IS NULL OR h.person_id = ANY($3) OR h.unit_id = ANY($4))
           ORDER BY h.year, h.id"#,
        l.pattern,
        l.year,
        l.people_ids.as_deref() as Option<&[i64]>,
        l.unit_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?
    {
        let award = Award {
            year: r.year,
            title: r.title_code,
            decision: r.decision_no,
            kind: AwardKind::parse(&r.kind).unwrap_or_default(),
        };
        if let Some(i) = r.person_id.and_then(|id| l.scope.index.get(&id)) {
            Arc::make_mut(&mut l.scope.facts[*i]).awards.push(award);
        } else if let Some(i) = r.unit_id.and_then(|id| l.scope.unit_index.get(&id)) {
            l.scope.unit_facts[*i].awards.push(award);
        }
    }
    Ok(())
}

async fn load_disciplines(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    // discipline
    for r in sqlx::query!(
        r#"SELECT d.person_id, d.level, d.decided_on, d.effective_until, d.decision_no
           FROM disciplines d
           JOIN people p ON p.id = d.person_id
           JOIN units pu ON pu.id = p.unit_id
           WHERE pu.path LIKE $1 AND d.decided_on <= make_date($2, 12, 31)
             AND coalesce(d.effective_until, d.decided_on) >= make_date($3, 1, 1)
             AND ($4::int8[] IS NULL OR d.person_id = ANY($4))
           ORDER BY d.decided_on, d.id"#,
        l.pattern,
        l.year,
        l.since,
        l.people_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?
    {
        if let (Some(i), Some(level)) = (
            l.scope.index.get(&r.person_id),
            DisciplineLevel::parse(&r.level),
        ) {
            Arc::make_mut(&mut l.scope.facts[*i])
                .disciplines
                .push(DisciplineFact {
                    level,
                    decided_on: r.decided_on,
                    until: r.effective_until,
                    decision: r.decision_no,
                });
        }
    }
    Ok(())
}

async fn load_reviews(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    // open reviews, investigations, inspections, complaints
    for r in sqlx::query!(
        r#"SELECT f.person_id, f.unit_id, f.kind, f.opened_on, f.closed_on, f.violation_signs
           FROM review_flags f
           LEFT JOIN people p ON p.id = f.person_id
           LEFT JOIN units pu ON pu.id = p.unit_id
           LEFT JOIN units u ON u.id = f.unit_id
           WHERE coalesce(pu.path, u.path) LIKE $1
             AND (f.closed_on IS NULL OR f.closed_on >= make_date($2, 1, 1))
             AND ($3::int8[] IS NULL OR f.person_id = ANY($3) OR f.unit_id = ANY($4))
           ORDER BY f.opened_on, f.id"#,
        l.pattern,
        l.year,
        l.people_ids.as_deref() as Option<&[i64]>,
        l.unit_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?
    {
        let flag = ReviewFact {
            kind: r.kind,
            opened_on: r.opened_on,
            closed_on: r.closed_on,
            violation_signs: r.violation_signs,
        };
        if let Some(i) = r.person_id.and_then(|id| l.scope.index.get(&id)) {
            Arc::make_mut(&mut l.scope.facts[*i]).reviews.push(flag);
        } else if let Some(i) = r.unit_id.and_then(|id| l.scope.unit_index.get(&id)) {
            l.scope.unit_facts[*i].reviews.push(flag);
        }
    }
    Ok(())
}

/// The emulation clusters and blocs each unit belongs to, with its rank of the year.
async fn load_clusters(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    for r in sqlx::query!(
        r#"SELECT x.unit_id AS "unit_id!", c.name,
                  greatest((SELECT count(*) FROM cluster_members m2 WHERE m2.cluster_id = c.id),
                           (SELECT count(*) FROM cluster_rankings k2 WHERE k2.cluster_id = c.id AND k2.year = $2)) AS "members!",
                  k.rank AS "rank?", coalesce(k.leader, false) AS "leader!",
                  EXISTS (SELECT 1 FROM cluster_rankings k3 WHERE k3.cluster_id = c.id AND k3.year = $2) AS "ranked!"
           FROM (SELECT cluster_id, unit_id FROM cluster_members
                 UNION SELECT cluster_id, unit_id FROM cluster_rankings WHERE year = $2) x
           JOIN emulation_clusters c ON c.id = x.cluster_id
           JOIN units u ON u.id = x.unit_id
           LEFT JOIN cluster_rankings k ON k.cluster_id = c.id AND k.unit_id = x.unit_id AND k.year = $2
           WHERE u.path LIKE $1 AND ($3::int8[] IS NULL OR x.unit_id = ANY($3))
           ORDER BY c.name"#,
        l.pattern,
        l.year,
        l.unit_ids.as_deref() as Option<&[i64]>
    )
    .fetch_all(&mut **tx)
    .await?
    {
        if let Some(i) = l.scope.unit_index.get(&r.unit_id) {
            l.scope.unit_facts[*i].clusters.push(ClusterFact {
                name: r.name,
                members: r.members as usize,
                rank: r.rank.and_then(|x| u32::try_from(x).ok()),
                leader: r.leader,
                ranking_entered: r.ranked,
            });
        }
    }
    Ok(())
}

/// The unit directly under the issuer that `path` lies in ('/1/5/12/' under '/1/' → 5; 0 for the
/// issuer itself): where unit-scoped quotas count.
pub fn group_of(path: &str, issuer_path: &str) -> i64 {
    path.strip_prefix(issuer_path)
        .and_then(|rest| rest.split('/').next())
        .and_then(|id| id.parse().ok())
        .unwrap_or(0)
}

/// The change logs (`eligibility_changes`, `directory_changes`) are kept this long. A server's copy
/// read whole more than a day before is read whole again, never brought up to date from the log.
pub const CHANGE_LOGS_KEPT_DAYS: i32 = 2;

/// Deletes the change logs' rows older than `days` (the housekeeping task): how many.
pub async fn purge_change_logs(db: &sqlx::PgPool, days: i32) -> Result<u64, sqlx::Error> {
    let eligibility = sqlx::query!(
        "DELETE FROM eligibility_changes WHERE at < now() - make_interval(days => $1)",
        days
    )
    .execute(db)
    .await?;
    let directory = sqlx::query!(
        "DELETE FROM directory_changes WHERE at < now() - make_interval(days => $1)",
        days
    )
    .execute(db)
    .await?;
    Ok(eligibility.rows_affected() + directory.rows_affected())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_group_is_the_unit_under_the_issuer() {
        assert_eq!(super::group_of("/1/5/12/", "/1/"), 5);
        assert_eq!(super::group_of("/1/5/", "/1/"), 5);
        assert_eq!(super::group_of("/1/", "/1/"), 0);
        assert_eq!(super::group_of("/2/7/", "/1/"), 0);
    }
}
