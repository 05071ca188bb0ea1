//! The overview's figures, from a scope's answers: how many are eligible, to be reviewed or not for
//! each title among those a viewer sees, and each quota's live count.

use super::eval::{Counts, Tri};
use super::vocab::{Cond, Node, Principles, QuotaScope, RuleSet, TieBreak};

/// Per title: (eligible, to be reviewed, not eligible) among the subjects `who` (indices into
/// `outcomes`, each a row of answers per title).
pub fn outcome_counts(outcomes: &[Vec<Tri>], titles: usize, who: &[usize]) -> Vec<[usize; 3]> {
    let mut out = vec![[0usize; 3]; titles];
    for &i in who {
        let Some(row) = outcomes.get(i) else { continue };
        for (t, tri) in row.iter().enumerate().take(titles) {
            let k = match tri {
                Tri::Pass => 0,
                Tri::Unknown => 1,
                Tri::Fail => 2,
            };
            out[t][k] += 1;
        }
    }
    out
}

/// A quota of a rule set: the title it limits, the title it is a share of, its percent and where
/// it counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Quota {
    pub title: String,
    pub of_title: String,
    pub max_pct: u32,
    pub scope: QuotaScope,
}

/// Every quota in a rule set's trees.
pub fn quotas(rules: &RuleSet) -> Vec<Quota> {
    fn walk(code: &str, n: &Node, out: &mut Vec<Quota>) {
        match &n.cond {
            Cond::Quota {
                of_title,
                max_pct,
                scope,
            } => out.push(Quota {
                title: code.to_string(),
                of_title: of_title.clone(),
                max_pct: *max_pct,
                scope: *scope,
            }),
            Cond::All { of } | Cond::Any { of } => of.iter().for_each(|c| walk(code, c, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for t in &rules.titles {
        walk(&t.code, &t.conditions, &mut out);
    }
    out
}

/// A quota's live count: candidates for its title against the holders of the title it is a share
/// of, over the campaign (`group` None) or within one unit directly under the issuer.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaCount {
    pub quota: Quota,
    pub group: Option<i64>,
    pub candidates: usize,
    pub base: usize,
}

impl QuotaCount {
    /// How many the quota allows.
    pub fn places(&self) -> usize {
        self.base * self.quota.max_pct as usize / 100
    }
}

/// Each quota's count: a campaign-wide quota once (whatever part of the scope the viewer sees); a
/// unit-scoped one for each of `groups` (the units directly under the issuer the viewer sees) that
/// has candidates.
pub fn quota_counts(rules: &RuleSet, counts: &Counts, groups: &[i64]) -> Vec<QuotaCount> {
    let mut out = Vec::new();
    for q in quotas(rules) {
        match q.scope {
            QuotaScope::Campaign => out.push(QuotaCount {
                candidates: counts.get(&q.title),
                base: counts.get(&q.of_title),
                group: None,
                quota: q,
            }),
            QuotaScope::Unit => {
                for &g in groups {
                    let candidates = counts.in_group(g, &q.title);
                    if candidates > 0 {
                        out.push(QuotaCount {
                            candidates,
                            base: counts.in_group(g, &q.of_title),
                            group: Some(g),
                            quota: q.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

/// A candidate of a quota with more candidates than places, in the order the regime's tie-breaks
/// give: `index` into the candidates given, `favoured` the tie-break that put it ahead (none: the
/// scope's order, names by given name), `within` whether it falls inside the places.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranked {
    pub index: usize,
    pub favoured: Option<TieBreak>,
    pub within: bool,
}

/// Orders the candidates of a quota that has `places` places: those a tie-break favours first
/// (women; collectives with at least 70 % women), each group in the order given. `women[i]`
/// says whether candidate `i` is favoured by the women tie-break. Equal candidates beyond that
/// keep their order: the council chooses among them.
pub fn tie_break(principles: &Principles, women: &[bool], places: usize) -> Vec<Ranked> {
    let by_women = principles.tie_breaks.contains(&TieBreak::Women);
    let mut ranked: Vec<Ranked> = (0..women.len())
        .map(|i| Ranked {
            index: i,
            favoured: (by_women && women[i]).then_some(TieBreak::Women),
            within: false,
        })
        .collect();
    // a stable sort: the favoured first, each side in the order given
    ranked.sort_by_key(|r| r.favoured.is_none());
    for (n, r) in ranked.iter_mut().enumerate() {
        r.within = n < places;
    }
    ranked
}

/// A collective counts as women's for the tie-break from 70 % women.
pub const WOMEN_COLLECTIVE_PCT: u32 = 70;

/// The candidates a quota counted: those whose first-pass answer for its title passed, over the
/// campaign or within its group (indices into `first`, each a row per title of `titles`).
pub fn quota_candidates(
    q: &QuotaCount,
    first: &[Vec<Tri>],
    titles: &[String],
    groups: &[i64],
) -> Vec<usize> {
    let Some(t) = titles.iter().position(|c| *c == q.quota.title) else {
        return Vec::new();
    };
    (0..first.len())
        .filter(|&i| first[i].get(t) == Some(&Tri::Pass))
        .filter(|&i| q.group.is_none_or(|g| groups.get(i) == Some(&g)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ND 98/2023 Art. 4 (and ND 65/2014 Art. 2, checked): between equal candidates women come
    /// first; the rest keep their order; the places are marked.
    #[test]
    fn tie_break_women_first_nd98_art_4() {
        let p = Principles {
            tie_breaks: vec![TieBreak::Women],
            ..Default::default()
        };
        let women = [false, true, false, true, false];
        let r = tie_break(&p, &women, 3);
        let order: Vec<usize> = r.iter().map(|x| x.index).collect();
        assert_eq!(order, vec![1, 3, 0, 2, 4]);
        assert_eq!(r[0].favoured, Some(TieBreak::Women));
        assert_eq!(r[2].favoured, None);
        assert_eq!(r.iter().filter(|x| x.within).count(), 3);
        assert!(r[2].within && !r[3].within);
        // a regime without the tie-break keeps the order
        let none = tie_break(&Principles::default(), &women, 3);
        assert_eq!(
            none.iter().map(|x| x.index).collect::<Vec<_>>(),
            vec![0, 1, 2, 3, 4]
        );
        assert!(none.iter().all(|x| x.favoured.is_none()));
    }
    use crate::domain::eligibility::{Subject, TitleRule};

    fn rules() -> RuleSet {
        let tree = |json: &str| -> Node { serde_json::from_str(json).unwrap() };
        RuleSet {
            code: "T".into(),
            name: "T".into(),
            principles: Default::default(),
            titles: vec![
                TitleRule {
                    code: "LDTT".into(),
                    name_vi: "LĐTT".into(),
                    name_en: "LDTT".into(),
                    subject: Subject::Individual,
                    conditions: tree(r#"{"kind":"all","of":[{"kind":"registered"}]}"#),
                },
                TitleRule {
                    code: "CSTDCS".into(),
                    name_vi: "CSTĐCS".into(),
                    name_en: "CSTDCS".into(),
                    subject: Subject::Individual,
                    conditions: tree(
                        r#"{"kind":"all","of":[{"kind":"meets","title":"LDTT"},
                            {"kind":"quota","of_title":"LDTT","max_pct":15},
                            {"kind":"any","of":[{"kind":"quota","of_title":"LDTT","max_pct":20,"scope":"unit"}]}]}"#,
                    ),
                },
            ],
        }
    }

    #[test]
    fn outcomes_are_counted_for_those_seen_only() {
        let outcomes = vec![
            vec![Tri::Pass, Tri::Unknown],
            vec![Tri::Pass, Tri::Fail],
            vec![Tri::Fail, Tri::Fail],
        ];
        assert_eq!(
            outcome_counts(&outcomes, 2, &[0, 1, 2]),
            vec![[2, 0, 1], [0, 1, 2]]
        );
        assert_eq!(
            outcome_counts(&outcomes, 2, &[2]),
            vec![[0, 0, 1], [0, 0, 1]]
        );
        assert_eq!(
            outcome_counts(&outcomes, 2, &[]),
            vec![[0, 0, 0], [0, 0, 0]]
        );
    }

    #[test]
    fn quotas_are_found_in_nested_trees_and_counted_where_they_count() {
        let r = rules();
        let q = quotas(&r);
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].title.as_str(), q[0].max_pct), ("CSTDCS", 15));
        assert_eq!(q[1].scope, QuotaScope::Unit);
        let mut counts = Counts::default();
        counts.all.insert("LDTT".into(), 40);
        counts.all.insert("CSTDCS".into(), 7);
        counts.by_group.insert((5, "LDTT".into()), 10);
        counts.by_group.insert((5, "CSTDCS".into()), 3);
        counts.by_group.insert((6, "LDTT".into()), 4);
        let lines = quota_counts(&r, &counts, &[5, 6]);
        // the campaign-wide one, and the unit one for unit 5 only (6 has no candidate)
        assert_eq!(lines.len(), 2);
        assert_eq!(
            (lines[0].candidates, lines[0].base, lines[0].places()),
            (7, 40, 6)
        );
        assert_eq!(lines[1].group, Some(5));
        assert_eq!(
            (lines[1].candidates, lines[1].base, lines[1].places()),
            (3, 10, 2)
        );
        // a viewer who sees no unit still sees the campaign-wide line
        assert_eq!(quota_counts(&r, &counts, &[]).len(), 1);
    }
}
