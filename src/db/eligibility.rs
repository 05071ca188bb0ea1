//! Loading what the eligibility rules read, for a whole campaign scope in a fixed number of queries
//! (never one per person): the rule set's trees, the people and units, and their facts.

use crate::domain::eligibility::{
    Award, AwardKind, ClusterFact, DisciplineFact, DisciplineLevel, InitiativeFact,
    InitiativeLevel, Node, PersonFacts, Rating, ReviewFact, RuleSet, Subject, TitleRule, UnitFacts,
    months_from_start,
};
use sqlx::PgExecutor;
use std::collections::HashMap;

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
    pub people: Vec<PersonRow>,
    pub facts: Vec<PersonFacts>,
    /// the units under the issuer (the issuer itself is not a candidate of its own awards)
    pub units: Vec<UnitRow>,
    pub unit_facts: Vec<UnitFacts>,
}

impl Scope {
    pub fn person_index(&self, id: i64) -> Option<usize> {
        self.people.iter().position(|p| p.id == id)
    }
    pub fn unit_index(&self, id: i64) -> Option<usize> {
        self.units.iter().position(|u| u.id == id)
    }
}

/// What a scope's loaders share: where and when, and where each person and unit landed.
struct Load<'a> {
    pattern: String,
    issuer_path: &'a str,
    campaign_id: i64,
    year: i32,
    /// the first year of history read
    since: i32,
    scope: Scope,
    index: HashMap<i64, usize>,
    unit_index: HashMap<i64, usize>,
}

/// Loads the scope of a campaign issued by the unit at `issuer_path` for `year`: one loader (one
/// query) per fact table, all in one repeatable-read snapshot.
pub async fn load_scope(
    db: &sqlx::PgPool,
    campaign_id: i64,
    issuer_path: &str,
    year: i32,
) -> Result<Scope, sqlx::Error> {
    let mut l = Load {
        pattern: format!("{issuer_path}%"),
        issuer_path,
        campaign_id,
        year,
        since: year - HISTORY_YEARS,
        scope: Scope::default(),
        index: HashMap::new(),
        unit_index: HashMap::new(),
    };
    // one snapshot for all the reads
    let mut tx = db.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .execute(&mut *tx)
        .await?;
    load_people(&mut tx, &mut l).await?;
    load_units(&mut tx, &mut l).await?;
    load_ratings(&mut tx, &mut l).await?;
    load_initiatives(&mut tx, &mut l).await?;
    load_awards(&mut tx, &mut l).await?;
    load_disciplines(&mut tx, &mut l).await?;
    load_reviews(&mut tx, &mut l).await?;
    load_clusters(&mut tx, &mut l).await?;
    tx.commit().await?;
    Ok(l.scope)
}

/// Everyone active under the issuer, with months worked and registration.
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
           WHERE p.active AND u.path LIKE $1
           ORDER BY p.given_name, p.full_name, p.id"#,
        l.pattern,
        l.year,
        l.campaign_id
    )
    .fetch_all(&mut **tx)
    .await?;
    l.index.reserve(people.len());
    for p in people {
        l.index.insert(p.id, l.scope.people.len());
        let registered = match p.reg_status.as_deref() {
            Some("submitted" | "returned" | "confirmed") => Some(p.reg_title.unwrap_or_default()),
            _ => None,
        };
        l.scope.facts.push(PersonFacts {
            months_worked: p.months.or_else(|| months_from_start(p.start_date, l.year)),
            registered,
            group: group_of(&p.path, l.issuer_path),
            woman: p.gender == "female",
            ..Default::default()
        });
        l.scope.people.push(PersonRow {
            id: p.id,
            full_name: p.full_name,
            unit_id: p.unit_id,
            unit_name: p.unit_name,
            unit_path: p.path,
        });
    }
    Ok(())
}

/// The units under the issuer open in the year, with their collective registration and members.
async fn load_units(tx: &mut super::Tx<'_>, l: &mut Load<'_>) -> Result<(), sqlx::Error> {
    let units = sqlx::query!(
        r#"SELECT u.id, u.code, u.name::text AS "name!", u.path, u.depth,
                  cr.status AS "reg_status?", t.code AS "reg_title?"
           FROM units u
           LEFT JOIN registrations cr ON cr.campaign_id = $2 AND cr.unit_id = u.id AND cr.person_id IS NULL
           LEFT JOIN titles t ON t.id = cr.title_id
           WHERE u.path LIKE $1 AND u.path <> $3
             AND (u.valid_to IS NULL OR u.valid_to >= make_date($4, 1, 1))
           ORDER BY u.depth, u.name"#,
        l.pattern,
        l.campaign_id,
        l.issuer_path,
        l.year
    )
    .fetch_all(&mut **tx)
    .await?;
    for u in units {
        l.unit_index.insert(u.id, l.scope.units.len());
        let members: Vec<usize> = l
            .scope
            .people
            .iter()
            .enumerate()
            .filter(|(_, p)| p.unit_path.starts_with(&u.path))
            .map(|(i, _)| i)
            .collect();
        let women = members.iter().filter(|&&i| l.scope.facts[i].woman).count();
        let women_pct = (women * 100).checked_div(members.len()).unwrap_or(0) as u32;
        l.scope.unit_facts.push(UnitFacts {
            registered: match u.reg_status.as_deref() {
                Some("submitted" | "returned" | "confirmed") => {
                    Some(u.reg_title.unwrap_or_default())
                }
                _ => None,
            },
            members,
            group: group_of(&u.path, l.issuer_path),
            women_pct,
            ..Default::default()
        });
        l.scope.units.push(UnitRow {
            id: u.id,
            code: u.code,
            name: u.name,
            path: u.path,
            depth: u.depth,
        });
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
           WHERE g.year BETWEEN $2 AND $3 AND coalesce(pu.path, u.path) LIKE $1"#,
        l.pattern,
        l.since,
        l.year
    )
    .fetch_all(&mut **tx)
    .await?
    {
        let Some(rating) = Rating::parse(&r.rating) else {
            continue;
        };
        if let Some(i) = r.person_id.and_then(|id| l.index.get(&id)) {
            l.scope.facts[*i].ratings.insert(r.year, rating);
        } else if let Some(i) = r.unit_id.and_then(|id| l.unit_index.get(&id)) {
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
           ORDER BY i.achievement_year, i.decided_on"#,
        l.pattern,
        l.since,
        l.year
    )
    .fetch_all(&mut **tx)
    .await?
    {
        if let (Some(i), Some(level)) =
            (l.index.get(&r.person_id), InitiativeLevel::parse(&r.level))
        {
            l.scope.facts[*i].initiatives.push(InitiativeFact {
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
           ORDER BY h.year"#,
        l.pattern,
        l.year
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
        if let Some(i) = r.person_id.and_then(|id| l.index.get(&id)) {
            l.scope.facts[*i].awards.push(award);
        } else if let Some(i) = r.unit_id.and_then(|id| l.unit_index.get(&id)) {
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
             AND coalesce(d.effective_until, d.decided_on) >= make_date($3, 1, 1)"#,
        l.pattern,
        l.year,
        l.since
    )
    .fetch_all(&mut **tx)
    .await?
    {
        if let (Some(i), Some(level)) =
            (l.index.get(&r.person_id), DisciplineLevel::parse(&r.level))
        {
            l.scope.facts[*i].disciplines.push(DisciplineFact {
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
             AND (f.closed_on IS NULL OR f.closed_on >= make_date($2, 1, 1))"#,
        l.pattern,
        l.year
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
        if let Some(i) = r.person_id.and_then(|id| l.index.get(&id)) {
            l.scope.facts[*i].reviews.push(flag);
        } else if let Some(i) = r.unit_id.and_then(|id| l.unit_index.get(&id)) {
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
           WHERE u.path LIKE $1
           ORDER BY c.name"#,
        l.pattern,
        l.year
    )
    .fetch_all(&mut **tx)
    .await?
    {
        if let Some(i) = l.unit_index.get(&r.unit_id) {
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
