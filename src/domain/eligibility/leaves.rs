//! One function per kind of condition (`Cond`): each answers pass, fail or unknown for the
//! subject of its `Eval`, and, when explaining, the rule in words and the facts it read.

use super::eval::{Eval, Leaf, Tri};
use super::facts::{Award, DisciplineFact, InitiativeFact, ReviewFact, in_force_during};
use super::vocab::{DisciplineLevel, InitiativeLevel, Rating};
use crate::i18n::Lang;

impl Eval<'_> {
    /// How many of `members` hold `title` this year, and how many are not decided yet.
    pub(super) fn member_count(&self, members: &[usize], title: &str) -> (usize, usize) {
        let mut held = 0;
        let mut undecided = 0;
        for &m in members {
            match (self.member_titles)(m, title) {
                Tri::Pass => held += 1,
                Tri::Unknown => undecided += 1,
                Tri::Fail => {}
            }
        }
        (held, undecided)
    }

    /// Rated at least `min` this year (the person, or with `unit` the unit itself).
    pub(super) fn rating_at_least(&mut self, min: &Rating, unit: bool, explaining: bool) -> Leaf {
        let year = self.s.year;
        let ys = year.to_string();
        let r = self.rating_of(year);
        let t = match r {
            Some(r) => Tri::of(r >= *min),
            None => Tri::Unknown,
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let key = if unit {
            "elig.rule.unit_rating_at_least"
        } else {
            "elig.rule.rating_at_least"
        };
        let rule = self.tf(key, &[&ys, min.name(self.lang)]);
        let detail = match r {
            Some(r) => format!("{year}: {}", r.code()),
            None => self.tf("elig.no_rating", &[&ys]),
        };
        (t, rule, detail)
    }

    /// Rated at least `min` in each of the last `years` years; this year's rating comes at year end.
    pub(super) fn rating_streak(&mut self, min: &Rating, years: &u32, explaining: bool) -> Leaf {
        let year = self.s.year;
        let cut = self.cut(*years, explaining);
        let mut t = Tri::Pass;
        let mut parts = Vec::new();
        for y in self.s.years(*years) {
            if let Some((from, _)) = &cut
                && y < *from
            {
                t = Tri::Fail;
                if explaining {
                    parts.push(format!("{y}: {}", self.t("elig.not_counted")));
                }
                continue;
            }
            match self.rating_of(y) {
                Some(r) => {
                    if r < *min {
                        t = Tri::Fail;
                    }
                    if explaining {
                        parts.push(format!("{y}: {}", r.code()));
                    }
                }
                // this year's rating comes at year end: unknown until then
                None if y == year => {
                    if t == Tri::Pass {
                        t = Tri::Unknown;
                    }
                    if explaining {
                        parts.push(format!("{y}: {}", self.t("elig.not_yet")));
                    }
                }
                None => {
                    t = Tri::Fail;
                    if explaining {
                        parts.push(format!("{y}: {}", self.t("elig.none_recorded")));
                    }
                }
            }
        }
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf(
            "elig.rule.rating_streak",
            &[
                min.name(self.lang),
                &years.to_string(),
                &self.years_text(*years),
            ],
        );
        (t, rule, with_cut(parts.join(", "), cut))
    }

    /// At least `count` initiatives recognised at `min_level` or above within `within_years`.
    pub(super) fn initiative(
        &mut self,
        min_level: &InitiativeLevel,
        within_years: &u32,
        count: &u32,
        explaining: bool,
    ) -> Leaf {
        let range = self.s.years(*within_years);
        let cut = self.cut(*within_years, explaining);
        let from = cut.as_ref().map_or(*range.start(), |c| c.0);
        // an initiative counts for the year of the achievement, not of its recognition decision
        let found: Vec<&InitiativeFact> = self
            .person
            .map(|p| {
                p.initiatives
                    .iter()
                    .filter(|i| {
                        i.level.rank() >= min_level.rank()
                            && range.contains(&i.year)
                            && i.year >= from
                    })
                    .collect()
            })
            .unwrap_or_default();
        let t = Tri::of(found.len() as u32 >= *count);
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf(
            "elig.rule.initiative",
            &[
                &count.to_string(),
                min_level.name(self.lang),
                &self.years_text(*within_years),
            ],
        );
        let detail = if found.is_empty() {
            self.tf("elig.no_initiative", &[&self.years_text(*within_years)])
        } else {
            found
                .iter()
                .map(|i| {
                    self.tf(
                        "elig.initiative_fact",
                        &[
                            &i.title,
                            &i.year.to_string(),
                            &i.decided_on.format("%d/%m/%Y").to_string(),
                            i.level.name(self.lang),
                            &i.decision,
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        (t, rule, with_cut(detail, cut))
    }

    /// Holds `title` in each of the last `years` years (this year: meets its conditions).
    pub(super) fn title_streak(&mut self, title: &str, years: &u32, explaining: bool) -> Leaf {
        let cut = self.cut(*years, explaining);
        let mut t = Tri::Pass;
        let mut parts = Vec::new();
        for y in self.s.years(*years).rev() {
            if let Some((from, _)) = &cut
                && y < *from
            {
                t = Tri::Fail;
                if explaining {
                    parts.push(format!("{y}: {}", self.t("elig.not_counted")));
                    continue;
                }
                break;
            }
            let (h, d) = self.holds(y, title);
            match h {
                Tri::Fail => t = Tri::Fail,
                Tri::Unknown if t == Tri::Pass => t = Tri::Unknown,
                _ => {}
            }
            if explaining {
                parts.push(format!("{y}: {d}"));
            }
            if !explaining && t == Tri::Fail {
                break;
            }
        }
        if !explaining {
            return (t, String::new(), String::new());
        }
        parts.reverse();
        let rule = self.tf(
            "elig.rule.title_streak",
            &[
                &self.title_name(title),
                &years.to_string(),
                &self.years_text(*years),
            ],
        );
        (t, rule, with_cut(parts.join(", "), cut))
    }

    /// Holds `title` at least `count` times within `within_years`; with `every`, the times in a
    /// row (each `every` years after the one before, a gap of a cycle breaking the row).
    pub(super) fn title_count(
        &mut self,
        title: &str,
        (within_years, count, every): (&u32, &u32, &u32),
        explaining: bool,
    ) -> Leaf {
        let cut = self.cut(*within_years, explaining);
        let mut held: Vec<i32> = Vec::new();
        let mut maybe: Vec<i32> = Vec::new();
        let mut parts = Vec::new();
        for y in self.s.years(*within_years) {
            if cut.as_ref().is_some_and(|(from, _)| y < *from) {
                continue;
            }
            let (h, d) = self.holds(y, title);
            match h {
                Tri::Pass => held.push(y),
                Tri::Unknown => maybe.push(y),
                Tri::Fail => {}
            }
            if explaining && h != Tri::Fail {
                parts.push(format!("{y}: {d}"));
            }
        }
        let either: Vec<i32> = {
            let mut v = [held.as_slice(), maybe.as_slice()].concat();
            v.sort_unstable();
            v
        };
        let reached = |years: &[i32]| in_a_row(years, *every) >= *count as usize;
        let t = if reached(&held) {
            Tri::Pass
        } else if reached(&either) {
            Tri::Unknown
        } else {
            Tri::Fail
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = if *every > 0 {
            self.tf(
                "elig.rule.title_in_a_row",
                &[
                    &self.title_name(title),
                    &format!("{count:02}"),
                    &every.to_string(),
                    &self.years_text(*within_years),
                ],
            )
        } else {
            self.tf(
                "elig.rule.title_count",
                &[
                    &self.title_name(title),
                    &count.to_string(),
                    &self.years_text(*within_years),
                ],
            )
        };
        let got = if *every > 0 {
            in_a_row(&held, *every)
        } else {
            held.len()
        };
        let detail = if parts.is_empty() {
            self.t("elig.none").to_string()
        } else {
            format!("{} ({got}/{count})", parts.join(", "))
        };
        (t, rule, with_cut(detail, cut))
    }

    /// Received `title` before this year: within `within_years` (0: any year), and before the last
    /// `then_years` years when those must follow it. Only annual awards count where the regime
    /// says so; the others are named as set aside.
    pub(super) fn award_received(
        &mut self,
        title: &str,
        within_years: &u32,
        then_years: &u32,
        explaining: bool,
    ) -> Leaf {
        let year = self.s.year;
        let from = (*within_years > 0).then(|| year - *within_years as i32);
        let until = year - (*then_years).max(1) as i32;
        let in_window =
            |a: &&Award| a.title == *title && a.year <= until && from.is_none_or(|f| a.year >= f);
        let found: Vec<&Award> = self
            .all_awards()
            .iter()
            .filter(in_window)
            .filter(|a| self.counts_as_history(a))
            .collect();
        let t = Tri::of(!found.is_empty());
        if !explaining {
            return (t, String::new(), String::new());
        }
        let span = match from {
            Some(f) => format!("{f}–{until}"),
            None => self.tf("elig.up_to", &[&until.to_string()]),
        };
        let rule = if *then_years > 0 {
            self.tf(
                "elig.rule.award_then",
                &[
                    &self.title_name(title),
                    &span,
                    &then_years.to_string(),
                    &self.years_text(*then_years),
                ],
            )
        } else {
            self.tf(
                "elig.rule.award_received",
                &[&self.title_name(title), &span],
            )
        };
        let mut parts: Vec<String> = found
            .iter()
            .map(|a| {
                if a.decision.is_empty() {
                    a.year.to_string()
                } else {
                    format!("{} ({})", a.year, a.decision)
                }
            })
            .collect();
        // what the rule did not read, and why: set aside by kind, or inside the years that follow
        for a in self
            .all_awards()
            .iter()
            .filter(|a| a.title == *title && a.year < year)
        {
            if !self.counts_as_history(a) && in_window(&a) {
                parts.push(self.tf(
                    "elig.award_kind_set_aside",
                    &[
                        &a.year.to_string(),
                        self.t(&format!("award_kind.{}", a.kind.code())),
                        &a.decision,
                    ],
                ));
            } else if a.year > until && self.counts_as_history(a) {
                parts.push(self.tf(
                    "elig.award_too_late",
                    &[&a.year.to_string(), &a.decision, &then_years.to_string()],
                ));
            }
        }
        let detail = if parts.is_empty() {
            self.t("elig.none").to_string()
        } else {
            parts.join("; ")
        };
        (t, rule, detail)
    }

    /// Worked at least `min` months this year.
    pub(super) fn months_worked(&mut self, min: &f64, explaining: bool) -> Leaf {
        let m = self.person.and_then(|p| p.months_worked);
        let t = match m {
            Some(m) => Tri::of(m >= *min),
            None => Tri::Unknown,
        };
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf("elig.rule.months_worked", &[&fmt_months(*min)]);
        let detail = match m {
            Some(m) => self.tf("elig.months", &[&fmt_months(m)]),
            None => self.t("elig.months_unknown").to_string(),
        };
        (t, rule, detail)
    }

    /// No discipline at `min_level` or above in force this year.
    pub(super) fn not_disciplined(
        &mut self,
        min_level: &DisciplineLevel,
        explaining: bool,
    ) -> Leaf {
        let year = self.s.year;
        let ys = year.to_string();
        let found: Vec<&DisciplineFact> = self
            .person
            .map(|p| {
                p.disciplines
                    .iter()
                    .filter(|d| d.level >= *min_level && in_force_during(d, year))
                    .collect()
            })
            .unwrap_or_default();
        let t = Tri::of(found.is_empty());
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf(
            "elig.rule.not_disciplined",
            &[min_level.name(self.lang), &ys],
        );
        let detail = if found.is_empty() {
            self.t("elig.none").to_string()
        } else {
            found
                .iter()
                .map(|d| {
                    format!(
                        "{} ({} {})",
                        d.level.name(self.lang),
                        d.decision,
                        d.decided_on.format("%d/%m/%Y")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        (t, rule, detail)
    }

    /// Under no review, investigation, inspection or complaint open on the day of consideration.
    pub(super) fn not_under_review(&mut self, explaining: bool) -> Leaf {
        let on = self.s.on;
        let signs_needed = self.rules.principles.inspection_needs_signs;
        // an inspection without signs of a violation does not block (where the regime says so)
        let open: Vec<&ReviewFact> = self
            .reviews()
            .iter()
            .filter(|r| r.opened_on <= on && r.closed_on.is_none_or(|c| c > on))
            .filter(|r| !(signs_needed && r.kind == "inspection" && !r.violation_signs))
            .collect();
        let t = Tri::of(open.is_empty());
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.t("elig.rule.not_under_review").to_string();
        let detail = if open.is_empty() {
            self.t("elig.none").to_string()
        } else {
            open.iter()
                .map(|r| {
                    self.tf(
                        "elig.review_open",
                        &[
                            self.t(&format!("review.{}", r.kind)),
                            &r.opened_on.format("%d/%m/%Y").to_string(),
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        (t, rule, detail)
    }

    /// Registered for the campaign.
    pub(super) fn registered(&mut self, explaining: bool) -> Leaf {
        let reg = match (self.person, self.unit) {
            (Some(p), _) => p.registered.as_deref(),
            (None, Some(u)) => u.registered.as_deref(),
            _ => None,
        };
        let t = Tri::of(reg.is_some());
        if !explaining {
            return (t, String::new(), String::new());
        }
        let detail = match reg {
            Some("") => self.t("elig.registered").to_string(),
            Some(code) => {
                format!("{} ({})", self.t("elig.registered"), self.title_name(code))
            }
            None => self.t("elig.not_registered").to_string(),
        };
        (t, self.t("elig.rule.registered").to_string(), detail)
    }

    /// Meets every condition of another title.
    pub(super) fn meets_title(&mut self, title: &str, explaining: bool) -> Leaf {
        let t = self.meets(title);
        if !explaining {
            return (t, String::new(), String::new());
        }
        let rule = self.tf("elig.rule.meets", &[&self.title_name(title)]);
        let detail = match t {
            Tri::Pass => self.t("elig.meets_now"),
            Tri::Fail => self.t("elig.not_met"),
            Tri::Unknown => self.t("elig.to_review"),
        };
        (t, rule, detail.to_string())
    }

    /// A judgement the facts cannot make: always to be reviewed.
    pub(super) fn manual(&mut self, text_vi: &str, text_en: &str, explaining: bool) -> Leaf {
        let rule = match self.lang {
            Lang::Vi => text_vi.to_string(),
            Lang::En => text_en.to_string(),
        };
        let detail = if explaining {
            self.t("elig.manual").to_string()
        } else {
            String::new()
        };
        (Tri::Unknown, rule, detail)
    }
}

/// A detail followed by why the years before a floor were not counted.
fn with_cut(detail: String, cut: Option<(i32, String)>) -> String {
    match cut {
        Some((_, why)) if !why.is_empty() => format!("{detail}. {why}"),
        _ => detail,
    }
}

fn fmt_months(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{}", m as i64)
    } else {
        format!("{m:.1}").replace('.', ",")
    }
}

/// The longest run of `years` (ascending) each `every` years after the one before; with `every` 0,
/// how many there are.
pub(super) fn in_a_row(years: &[i32], every: u32) -> usize {
    if every == 0 {
        return years.len();
    }
    let mut best = 0;
    for (i, first) in years.iter().enumerate() {
        let mut n = 1;
        let mut at = *first;
        for y in &years[i + 1..] {
            if *y == at + every as i32 {
                n += 1;
                at = *y;
            }
        }
        best = best.max(n);
    }
    best
}
