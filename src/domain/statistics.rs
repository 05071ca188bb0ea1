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
    /// who decides it (`titles.decided_by`): the level it is awarded at
    pub decided_by: String,
    /// the lines the council passed and did not pass (its results)
    pub passed: i64,
    pub failed: i64,
}

/// The levels of award, the body's own first: each with the `decided_by` values awarded at it.
pub const LEVELS: [(&str, &[&str]); 4] = [
    ("department", &["director"]),
    ("province", &["province"]),
    ("ministry", &["minister"]),
    ("state", &["prime_minister", "president"]),
];

/// The year's lines and awards at one level of award (`LEVELS`, or `other`).
#[derive(Clone, Debug, PartialEq)]
pub struct LevelStat {
    pub level: &'static str,
    pub proposed: i64,
    pub awarded: i64,
}

/// The titles' figures summed per level of award: a row for each level the regime has a title at,
/// in `LEVELS` order, and `other` for the registry's awards of the year (`awarded`, all of them)
/// whose title the regime does not list (a ministry's commendation entered in the registry, say) or
/// a title decided at no level known here.
pub fn by_level(titles: &[TitleStat], awarded: i64) -> Vec<LevelStat> {
    let mut out: Vec<LevelStat> = Vec::new();
    for (level, deciders) in LEVELS {
        let at: Vec<&TitleStat> = titles
            .iter()
            .filter(|t| deciders.contains(&t.decided_by.as_str()))
            .collect();
        if !at.is_empty() {
            out.push(LevelStat {
                level,
                proposed: at.iter().map(|t| t.proposed).sum(),
                awarded: at.iter().map(|t| t.awarded).sum(),
            });
        }
    }
    let placed: i64 = out.iter().map(|l| l.awarded).sum();
    let unplaced_lines: i64 = titles.iter().map(|t| t.proposed).sum::<i64>()
        - out.iter().map(|l| l.proposed).sum::<i64>();
    if awarded > placed || unplaced_lines > 0 {
        out.push(LevelStat {
            level: "other",
            proposed: unplaced_lines,
            awarded: (awarded - placed).max(0),
        });
    }
    out
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
    let each: Vec<(String, [i64; 1])> = own.iter().map(|(p, n)| (p.clone(), [*n])).collect();
    roll_up_each(&each)
        .into_iter()
        .map(|(p, [n])| (p, n))
        .collect()
}

/// Each path's measures plus its descendants' (as [`roll_up_paths`], for several measures at once).
pub fn roll_up_each<const N: usize>(own: &[(String, [i64; N])]) -> HashMap<String, [i64; N]> {
    let mut total: HashMap<String, [i64; N]> =
        own.iter().map(|(p, _)| (p.clone(), [0; N])).collect();
    for (path, n) in own {
        for (i, _) in path.match_indices('/').skip(1) {
            if let Some(t) = total.get_mut(&path[..=i]) {
                for (a, b) in t.iter_mut().zip(n) {
                    *a += b;
                }
            }
        }
    }
    total
}

/// Which of `paths` have no ancestor among them (the tops of a scope: their counts, each its
/// subtree's, add up to the whole), in O(paths × depth).
pub fn tops(paths: &[&str]) -> Vec<bool> {
    let set: std::collections::HashSet<&str> = paths.iter().copied().collect();
    paths
        .iter()
        .map(|p| {
            !p.match_indices('/')
                .skip(1)
                .any(|(i, _)| i + 1 < p.len() && set.contains(&p[..=i]))
        })
        .collect()
}

/// The mid-year measures (`db::statistics::progress_by_unit`), by position.
pub const COMMITMENTS: usize = 0;
pub const REPORTED: usize = 1;
pub const PROGRESS_SUM: usize = 2;
pub const DONE: usize = 3;
pub const HALF: usize = 4;
pub const LOW: usize = 5;
pub const INITIATIVES: usize = 6;
pub const RECOGNISED: usize = 7;

/// A unit's mid-year line: its subtree's figures.
#[derive(Clone, Debug)]
pub struct UnitProgress {
    pub unit: UnitStat,
    pub p: [i64; 8],
}

/// The mean of the reported percentages in tenths of a percent (None when none is reported).
pub fn mean_tenths(p: &[i64; 8]) -> Option<i64> {
    (p[REPORTED] > 0).then(|| (10 * p[PROGRESS_SUM] + p[REPORTED] / 2) / p[REPORTED])
}

/// "72,5 %" (Vietnamese decimal comma, the sign after a space), or "—" when none is reported.
pub fn mean_text(p: &[i64; 8]) -> String {
    match mean_tenths(p) {
        Some(t) => match crate::domain::figures::percent(t.max(0) as u64, 1000, 1) {
            Some(s) => s,
            None => "—".into(),
        },
        None => "—".into(),
    }
}

/// The multi-year measures (`db::statistics::trends`), by position.
pub const T_REGISTERED: usize = 0;
pub const T_PROPOSED: usize = 1;
pub const T_AWARDED: usize = 2;

/// The years a comparison covers and, per unit path, each year's measures rolled up the tree.
#[derive(Clone, Debug, Default)]
pub struct TrendTable {
    /// oldest first
    pub years: Vec<i32>,
    /// per path of `paths`, one entry per year of `years`
    pub by_path: HashMap<String, Vec<[i64; 3]>>,
}

/// Rolls each year's own measures (`rows`: path, year, measures) up the tree for the units at
/// `paths`. A row whose unit is not among `paths` (a closed unit, say) still counts in its
/// ancestors. The years are those the rows hold, and `year` (the campaign's) whatever they hold.
pub fn trend_table(paths: &[String], rows: &[(String, i32, [i64; 3])], year: i32) -> TrendTable {
    let mut years: Vec<i32> = rows.iter().map(|r| r.1).chain([year]).collect();
    years.sort_unstable();
    years.dedup();
    let mut by_path: HashMap<String, Vec<[i64; 3]>> = paths
        .iter()
        .map(|p| (p.clone(), Vec::with_capacity(years.len())))
        .collect();
    for y in &years {
        let mut own: HashMap<&str, [i64; 3]> = paths.iter().map(|p| (p.as_str(), [0; 3])).collect();
        for (path, _, m) in rows.iter().filter(|r| r.1 == *y) {
            let o = own.entry(path.as_str()).or_insert([0; 3]);
            for (a, b) in o.iter_mut().zip(m) {
                *a += b;
            }
        }
        let own: Vec<(String, [i64; 3])> =
            own.into_iter().map(|(p, m)| (p.to_string(), m)).collect();
        let total = roll_up_each(&own);
        for (p, v) in by_path.iter_mut() {
            v.push(total.get(p).copied().unwrap_or([0; 3]));
        }
    }
    TrendTable { years, by_path }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(code: &str, decided_by: &str, proposed: i64, awarded: i64) -> TitleStat {
        TitleStat {
            code: code.into(),
            name_vi: code.into(),
            name_en: code.into(),
            proposed,
            awarded,
            decided_by: decided_by.into(),
            passed: 0,
            failed: 0,
        }
    }

    #[test]
    fn levels_sum_the_titles_decided_there_and_the_rest_is_other() {
        let titles = [
            title("LDTT", "director", 10, 8),
            title("CSTDCS", "director", 3, 2),
            title("BK_TINH", "province", 2, 1),
            title("BK_TTG", "prime_minister", 1, 0),
            title("HCLD", "president", 1, 1),
        ];
        let lv = |level, proposed, awarded| LevelStat {
            level,
            proposed,
            awarded,
        };
        // 15 awards in the registry, 12 of them of the regime's titles
        assert_eq!(
            by_level(&titles, 15),
            vec![
                lv("department", 13, 10),
                lv("province", 2, 1),
                lv("state", 2, 1),
                lv("other", 0, 3)
            ]
        );
        // nothing outside: no `other` row; a level with no title has no row
        assert_eq!(by_level(&titles[..2], 10), vec![lv("department", 13, 10)]);
        // a minister's commendation is the ministry's level; an unknown decider is `other`
        let more = [
            title("BK_BO", "minister", 4, 4),
            title("X", "someone", 1, 1),
        ];
        assert_eq!(
            by_level(&more, 5),
            vec![lv("ministry", 4, 4), lv("other", 1, 1)]
        );
    }

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

    #[test]
    fn a_trend_rolls_each_year_up_and_keeps_a_closed_units_count_in_its_parent() {
        let paths = vec!["/1/".to_string(), "/1/10/".to_string()];
        let rows = vec![
            ("/1/10/".to_string(), 2020, [3, 1, 2]),
            // a closed unit under /1/, not among the paths
            ("/1/99/".to_string(), 2020, [1, 0, 1]),
            ("/1/".to_string(), 2022, [0, 0, 4]),
        ];
        let t = trend_table(&paths, &rows, 2021);
        assert_eq!(t.years, vec![2020, 2021, 2022]);
        assert_eq!(t.by_path["/1/"], vec![[4, 1, 3], [0, 0, 0], [0, 0, 4]]);
        assert_eq!(t.by_path["/1/10/"], vec![[3, 1, 2], [0, 0, 0], [0, 0, 0]]);
    }

    #[test]
    fn the_tops_are_those_with_no_ancestor_in_the_list() {
        let t = tops(&["/1/11/", "/1/11/12/", "/1/110/", "/1/2/"]);
        assert_eq!(t, vec![true, false, true, true]);
        assert_eq!(tops(&["/1/", "/1/2/"]), vec![true, false]);
    }
}
