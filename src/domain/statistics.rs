//! The year-end review's figures: per title how many were proposed and awarded, per unit (rolled
//! up its subtree) how many people, registrations and awards.

use std::collections::HashMap;

/// A title of the campaign's regime: lines the units proposed (sent, not drafts) and awards of the
/// year in the registry, within the viewer's scope.
#[derive(Clone, Debug)]
pub struct TitleStat {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub proposed: i64,
    pub awarded: i64,
}

/// A unit's line, its subtree's counts.
#[derive(Clone, Debug)]
pub struct UnitStat {
    pub unit_id: i64,
    pub code: String,
    pub name: String,
    pub path: String,
    pub depth: i32,
    pub people: i64,
    pub registered: i64,
    pub awarded: i64,
}

/// Each path's count plus its descendants' (materialised paths "/1/10/": a descendant's path
/// starts with its ancestor's), in O(units × depth).
pub fn roll_up_paths(own: &[(String, i64)]) -> HashMap<String, i64> {
    let mut total: HashMap<String, i64> = own.iter().map(|(p, _)| (p.clone(), 0)).collect();
    for (path, n) in own {
        // every prefix ending at a '/' is an ancestor's path (or the unit's own)
        for (i, _) in path.match_indices('/').skip(1) {
            if let Some(t) = total.get_mut(&path[..=i]) {
                *t += n;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_roll_up_to_every_ancestor_and_not_across() {
        let own = vec![
            ("/1/".to_string(), 1),
            ("/1/10/".to_string(), 2),
            ("/1/11/".to_string(), 3),
            ("/1/11/12/".to_string(), 4),
            ("/1/110/".to_string(), 5),
        ];
        let t = roll_up_paths(&own);
        assert_eq!(t["/1/"], 15);
        assert_eq!(t["/1/10/"], 2);
        // "/1/110/" is not under "/1/11/"
        assert_eq!(t["/1/11/"], 7);
        assert_eq!(t["/1/11/12/"], 4);
        assert_eq!(t["/1/110/"], 5);
    }

    #[test]
    fn a_scope_without_the_root_rolls_up_within_itself() {
        let own = vec![("/1/11/".to_string(), 3), ("/1/11/12/".to_string(), 4)];
        let t = roll_up_paths(&own);
        assert_eq!((t["/1/11/"], t["/1/11/12/"]), (7, 4));
        assert!(!t.contains_key("/1/"));
    }
}
