//! Registration coverage: each unit's counts rolled up its subtree, in tree order.

use super::campaign::RegStatus;

/// Per unit: active headcount, registration counts by status (from the counters), and the unit's own
/// registration status.
#[derive(Clone, Debug)]
pub struct UnitCounts {
    pub unit_id: i64,
    pub code: String,
    pub name: String,
    pub path: String,
    pub depth: i32,
    pub people: i64,
    pub submitted: i64,
    pub returned: i64,
    pub confirmed: i64,
    pub draft: i64,
    pub withdrawn: i64,
    pub collective_status: Option<RegStatus>,
    /// the unit's collective registration, for the Office to open
    pub collective_id: Option<i64>,
}

/// A unit's line in the coverage table, its own counts and its subtree's.
#[derive(Clone, Debug)]
pub struct CoverageRow {
    pub unit: UnitCounts,
    pub people: i64,
    pub registered: i64,
    pub confirmed: i64,
    pub pending: i64,
    pub returned: i64,
    pub missing: i64,
}

/// Sums every unit's subtree (paths are materialised, so a subtree is a path prefix).
pub fn roll_up(units: Vec<UnitCounts>) -> Vec<CoverageRow> {
    // each unit's counts plus its descendants', by materialised path: O(units × depth) (it was a
    // scan of every unit per unit, O(units²), which a national tree of 5,000 units would feel)
    let own: Vec<(String, [i64; 4])> = units
        .iter()
        .map(|u| {
            (
                u.path.clone(),
                [u.people, u.confirmed, u.submitted, u.returned],
            )
        })
        .collect();
    let total = super::statistics::roll_up_each(&own);
    let mut out: Vec<CoverageRow> = units
        .iter()
        .map(|u| {
            let [people, confirmed, pending, returned] =
                total.get(&u.path).copied().unwrap_or([0; 4]);
            let registered = confirmed + pending + returned;
            CoverageRow {
                unit: u.clone(),
                people,
                registered,
                confirmed,
                pending,
                returned,
                missing: (people - registered).max(0),
            }
        })
        .collect();
    // tree order: parents before their children, siblings by name (units come by depth then name)
    let order = super::unit::tree_order(
        &out,
        |r| r.unit.unit_id,
        |r| {
            let ids: Vec<&str> = r.unit.path.trim_matches('/').split('/').collect();
            (ids.len() >= 2)
                .then(|| ids[ids.len() - 2].parse().ok())
                .flatten()
        },
    );
    let mut sorted = Vec::with_capacity(out.len());
    for i in order {
        sorted.push(out[i].clone());
    }
    out.clear();
    sorted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(id: i64, path: &str, people: i64, confirmed: i64, submitted: i64) -> UnitCounts {
        UnitCounts {
            unit_id: id,
            code: format!("U{id}"),
            name: format!("Unit {id}"),
            path: path.into(),
            depth: path.matches('/').count() as i32 - 2,
            people,
            submitted,
            returned: 0,
            confirmed,
            draft: 0,
            withdrawn: 0,
            collective_status: None,
            collective_id: None,
        }
    }

    #[test]
    fn counts_roll_up_the_tree() {
        let rows = roll_up(vec![
            u(1, "/1/", 2, 1, 0),
            u(2, "/1/2/", 10, 4, 3),
            u(3, "/1/3/", 5, 0, 0),
            u(4, "/1/2/4/", 3, 3, 0),
            // not under /1/2/ (a prefix of its digits, not of its path)
            u(20, "/1/20/", 4, 1, 0),
        ]);
        let ids: Vec<i64> = rows.iter().map(|r| r.unit.unit_id).collect();
        assert_eq!(ids, vec![1, 2, 4, 3, 20]);
        let root = &rows[0];
        assert_eq!((root.people, root.registered, root.missing), (24, 12, 12));
        let two = &rows[1];
        assert_eq!(
            (two.people, two.confirmed, two.pending, two.missing),
            (13, 7, 3, 3)
        );
    }
}
