//! The collective conditions: quotas, the members' shares, titles and ratings, discipline, and a
//! cluster's rank (one function per kind, as in `leaves`).

use super::eval::{Eval, Leaf, Tri};
use super::facts::in_force_during;
use super::vocab::{DisciplineLevel, QuotaScope, Rating};

impl Eval<'_> {
    /// At most `max_pct` % of those eligible for `of_title` (open in the first pass).
    pub(super) fn quota_leaf(
        &mut self,
        of_title: &str,
        max_pct: &u32,
        scope: &QuotaScope,
        explaining: bool,
    ) -> Leaf {
        // the title whose tree holds the quota (the innermost being evaluated)
        let own = self.stack.last().cloned().unwrap_or_default();
        let group = match (self.person, self.unit) {
            (Some(p), _) => p.group,
            (None, Some(u)) => u.group,
            _ => 0,
        };
        let (t, detail) = match self.quota {
            // first pass: open
            None => (Tri::Pass, String::new()),
            Some(counts) => {
                let (base, candidates) = match scope {
                    QuotaScope::Campaign => (counts.get(of_title), counts.get(&own)),
                    QuotaScope::Unit => (
                        counts.in_group(group, of_title),
                        counts.in_group(group, &own),
                    ),
                };
                let places = base * (*max_pct as usize) / 100;
                let t = if candidates <= places {
                    Tri::Pass
                } else {
                    Tri::Unknown
                };
                let d = if explaining {
                    self.tf(
                        if t == Tri::Pass {
                            "elig.quota_within"
                        } else {
                            "elig.quota_over"
                        },
                        &[
                            &candidates.to_string(),
                            &max_pct.to_string(),
                            &base.to_string(),
                            &self.title_name(of_title),
                            &places.to_string(),
                        ],
                    )
                } else {
                    String::new()
                };
                (t, d)
            }
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf(
            match scope {
                QuotaScope::Campaign => "elig.rule.quota",
                QuotaScope::Unit => "elig.rule.quota_unit",
            },
            &[&max_pct.to_string(), &self.title_name(of_title)],
        );
        (t, rule, detail)
    }

    /// Collective: at least (or more than) `min_pct` % of members hold `title`.
    pub(super) fn members_share(
        &mut self,
        title: &str,
        min_pct: &u32,
        strictly_more: &bool,
        explaining: bool,
    ) -> Leaf {
        let members = self.unit.map(|u| u.members.as_slice()).unwrap_or(&[]);
        let total = members.len();
        let (held, undecided) = self.member_count(members, title);
        let need = *min_pct as usize * total;
        let enough = |n: usize| {
            total > 0
                && if *strictly_more {
                    n * 100 > need
                } else {
                    n * 100 >= need
                }
        };
        // members not yet decided could carry the share either way: needs review
        let t = if enough(held) {
            Tri::Pass
        } else if enough(held + undecided) {
            Tri::Unknown
        } else {
            Tri::Fail
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf(
            if *strictly_more {
                "elig.rule.members_share_more"
            } else {
                "elig.rule.members_share"
            },
            &[&min_pct.to_string(), &self.title_name(title)],
        );
        let pct = (held * 100).checked_div(total).unwrap_or(0);
        let mut detail = self.tf(
            "elig.members_with",
            &[
                &held.to_string(),
                &total.to_string(),
                &pct.to_string(),
                &self.title_name(title),
            ],
        );
        if undecided > 0 {
            detail.push_str("; ");
            detail.push_str(&self.tf("elig.members_undecided", &[&undecided.to_string()]));
        }
        (t, rule, detail)
    }

    /// Collective: at least `count` members hold `title`.
    pub(super) fn members_with_title(
        &mut self,
        title: &str,
        count: &u32,
        explaining: bool,
    ) -> Leaf {
        let members = self.unit.map(|u| u.members.as_slice()).unwrap_or(&[]);
        let (held, undecided) = self.member_count(members, title);
        let t = if held >= *count as usize {
            Tri::Pass
        } else if held + undecided >= *count as usize {
            Tri::Unknown
        } else {
            Tri::Fail
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf(
            "elig.rule.members_with_title",
            &[&count.to_string(), &self.title_name(title)],
        );
        let mut detail = self.tf(
            "elig.members_count",
            &[&held.to_string(), &self.title_name(title)],
        );
        if undecided > 0 {
            detail.push_str("; ");
            detail.push_str(&self.tf("elig.members_undecided", &[&undecided.to_string()]));
        }
        (t, rule, detail)
    }

    /// Collective: every member rated at least `min`.
    pub(super) fn members_all_rating(&mut self, min: &Rating, explaining: bool) -> Leaf {
        let year = self.s.year;
        let members = self.unit.map(|u| u.members.as_slice()).unwrap_or(&[]);
        let mut below = 0usize;
        let mut missing = 0usize;
        for &m in members {
            match self.people.get(m).and_then(|p| p.ratings.get(&year)) {
                Some(r) if r < min => below += 1,
                Some(_) => {}
                None => missing += 1,
            }
        }
        let t = if below > 0 || members.is_empty() {
            Tri::Fail
        } else if missing > 0 {
            Tri::Unknown
        } else {
            Tri::Pass
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf("elig.rule.members_all_rating", &[min.name(self.lang)]);
        let detail = self.tf(
            "elig.members_below",
            &[
                &below.to_string(),
                &missing.to_string(),
                &members.len().to_string(),
            ],
        );
        (t, rule, detail)
    }

    /// Collective: no member disciplined at `min_level` or above this year.
    pub(super) fn no_member_disciplined(
        &mut self,
        min_level: &DisciplineLevel,
        explaining: bool,
    ) -> Leaf {
        let year = self.s.year;
        let members = self.unit.map(|u| u.members.as_slice()).unwrap_or(&[]);
        let n = members
            .iter()
            .filter(|&&m| {
                self.people.get(m).is_some_and(|p| {
                    p.disciplines
                        .iter()
                        .any(|d| d.level >= *min_level && in_force_during(d, year))
                })
            })
            .count();
        let t = Tri::of(n == 0);
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf(
            "elig.rule.no_member_disciplined",
            &[min_level.name(self.lang)],
        );
        let detail = self.tf("elig.members_disciplined", &[&n.to_string()]);
        (t, rule, detail)
    }
}

impl Eval<'_> {
    /// Collective: ranked `max_rank` or better this year in a cluster or bloc it belongs to; its
    /// cluster's ranking not entered yet, or in no cluster entered here: to be reviewed (the council
    /// checks); ranked lower, or left out of an entered ranking: not met.
    pub(super) fn cluster_rank(&mut self, max_rank: u32, explaining: bool) -> Leaf {
        let clusters = self.unit.map(|u| u.clusters.as_slice()).unwrap_or(&[]);
        let t = if clusters
            .iter()
            .any(|c| c.rank.is_some_and(|r| r <= max_rank))
        {
            Tri::Pass
        } else if clusters.is_empty() || clusters.iter().any(|c| !c.ranking_entered) {
            // no cluster entered here, or its ranking not entered yet: the council checks
            Tri::Unknown
        } else {
            Tri::Fail
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let ys = self.s.year.to_string();
        // the first place is "leading the cluster", as the texts say it
        let rule = if max_rank == 1 {
            self.tf("elig.rule.cluster_lead", &[&ys])
        } else {
            self.tf("elig.rule.cluster_rank", &[&max_rank.to_string(), &ys])
        };
        let detail = if clusters.is_empty() {
            self.t("elig.no_cluster").to_string()
        } else {
            clusters
                .iter()
                .map(|c| match c.rank {
                    Some(r) => {
                        let mut d = self.tf(
                            "elig.cluster_ranked",
                            &[&c.name, &r.to_string(), &c.members.to_string()],
                        );
                        if c.leader {
                            d.push_str(&format!(" ({})", self.t("elig.cluster_leader")));
                        }
                        d
                    }
                    None if c.ranking_entered => self.tf("elig.cluster_left_out", &[&c.name, &ys]),
                    None => self.tf("elig.cluster_unranked", &[&c.name, &ys]),
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        (t, rule, detail)
    }
}
