//! Evaluating a condition tree for one subject: `all` / `any` nodes, titles that refer to titles
//! (memoised, cycles answer unknown), and the explanation written as it goes. The leaves are in
//! leaves.rs.

use super::facts::{Award, AwardKind, PersonFacts, ReviewFact, UnitFacts, last_year};
use super::vocab::{Cond, Node, Rating, RuleSet};
use crate::i18n::{self, Lang};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// A leaf's answer, its rule in words and the facts it read (both empty when not explaining).
pub(super) type Leaf = (Tri, String, String);

/// The answer of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tri {
    Pass,
    Fail,
    Unknown,
}

impl Tri {
    pub const ALL: [Tri; 3] = [Tri::Pass, Tri::Fail, Tri::Unknown];
    /// The outcome named by its code.
    pub fn parse_outcome(code: &str) -> Option<Tri> {
        Tri::ALL.into_iter().find(|t| t.outcome() == code)
    }
    pub fn passed(self) -> Option<bool> {
        match self {
            Tri::Pass => Some(true),
            Tri::Fail => Some(false),
            Tri::Unknown => None,
        }
    }
    pub(super) fn of(b: bool) -> Tri {
        if b { Tri::Pass } else { Tri::Fail }
    }
    /// "eligible", "not_eligible", "needs_review"
    pub fn outcome(self) -> &'static str {
        match self {
            Tri::Pass => "eligible",
            Tri::Fail => "not_eligible",
            Tri::Unknown => "needs_review",
        }
    }
}

/// One line of an explanation: the rule in words, its answer, the facts it read and its source.
/// `depth` nests the children of `all` / `any`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explained {
    pub rule: String,
    pub passed: Option<bool>,
    pub detail: String,
    pub source: String,
    pub depth: u8,
    /// where the condition was checked against its source's text, and when (none: not checked)
    #[serde(skip)]
    pub checked: Option<super::vocab::Checked>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TitleResult {
    pub code: String,
    pub name: String,
    pub outcome: Tri,
    pub conditions: Vec<Explained>,
}

/// Those eligible per title before quotas, over the campaign and per group (quotas read them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    pub all: HashMap<String, usize>,
    pub by_group: HashMap<(i64, String), usize>,
}

impl Counts {
    pub fn get(&self, title: &str) -> usize {
        self.all.get(title).copied().unwrap_or(0)
    }
    pub fn in_group(&self, group: i64, title: &str) -> usize {
        self.by_group
            .get(&(group, title.to_string()))
            .copied()
            .unwrap_or(0)
    }
}

/// The year and day a campaign is judged at.
#[derive(Clone, Copy, Debug)]
pub struct Setting {
    pub year: i32,
    /// open reviews are those open on this day (the day of consideration)
    pub on: NaiveDate,
}

impl Setting {
    /// `on` is the day of consideration: the decision date once it has passed, else today (open
    /// reviews are those open that day; ND 98/2023 Art. 4).
    pub fn new(year: i32, on: NaiveDate) -> Setting {
        Setting { year, on }
    }
    pub(super) fn years(&self, n: u32) -> std::ops::RangeInclusive<i32> {
        (self.year - n.max(1) as i32 + 1)..=self.year
    }
}

/// Evaluates individual or collective titles; `explain` fills the explanation (in `lang`).
pub(super) struct Eval<'a> {
    pub(super) rules: &'a RuleSet,
    pub(super) s: Setting,
    pub(super) lang: Lang,
    pub(super) quota: Option<&'a Counts>,
    pub(super) person: Option<&'a PersonFacts>,
    pub(super) unit: Option<&'a UnitFacts>,
    /// titles held this year by each member (collective conditions)
    pub(super) member_titles: &'a dyn Fn(usize, &str) -> Tri,
    pub(super) people: &'a [Arc<PersonFacts>],
    /// titles being evaluated (guards `meets` cycles), and the answers found
    pub(super) stack: Vec<String>,
    pub(super) memo: HashMap<String, Tri>,
}

pub(super) struct Out<'b> {
    pub(super) lines: Option<&'b mut Vec<Explained>>,
}

impl Eval<'_> {
    pub(super) fn t(&self, key: &str) -> &'static str {
        i18n::t(self.lang, key)
    }
    pub(super) fn tf(&self, key: &str, args: &[&str]) -> String {
        i18n::tf(self.lang, key, args)
    }
    pub(super) fn title_name(&self, code: &str) -> String {
        self.rules.title_name(code, self.lang)
    }
    pub(super) fn years_text(&self, n: u32) -> String {
        let r = self.s.years(n);
        if r.start() == r.end() {
            r.start().to_string()
        } else {
            format!("{}–{}", r.start(), r.end())
        }
    }

    /// Whether the subject meets `code` this year (memoised; a cycle answers unknown).
    pub(super) fn meets(&mut self, code: &str) -> Tri {
        if let Some(t) = self.memo.get(code) {
            return *t;
        }
        if self.stack.iter().any(|c| c == code) {
            return Tri::Unknown;
        }
        let rules = self.rules;
        let Some(rule) = rules.title(code) else {
            return Tri::Unknown;
        };
        self.stack.push(code.to_string());
        let t = self.node(&rule.conditions, &mut Out { lines: None }, 0);
        self.stack.pop();
        self.memo.insert(code.to_string(), t);
        t
    }

    /// Every award in the subject's history, of every kind.
    pub(super) fn all_awards(&self) -> &[Award] {
        match (self.person, self.unit) {
            (Some(p), _) => &p.awards,
            (None, Some(u)) => &u.awards,
            _ => &[],
        }
    }

    /// Whether an award is history for the rules (only annual ones, where the regime says so).
    pub(super) fn counts_as_history(&self, a: &Award) -> bool {
        a.kind == AwardKind::Annual || !self.rules.principles.annual_awards_only
    }

    /// The award of `title` in `year` the rules read (an annual one, where the regime says so).
    pub(super) fn awarded(&self, year: i32, title: &str) -> Option<&Award> {
        self.all_awards()
            .iter()
            .find(|a| a.year == year && a.title == title && self.counts_as_history(a))
    }

    /// An award of `title` in `year` that the rules do not read (thematic, unexpected, long service).
    pub(super) fn set_aside(&self, year: i32, title: &str) -> Option<&Award> {
        self.all_awards()
            .iter()
            .find(|a| a.year == year && a.title == title && !self.counts_as_history(a))
    }

    /// The first year a multi-year condition of the title being evaluated may count, and why in
    /// words (when explaining): the year after a discipline ended (its counters restart), and the
    /// year after the title was last received (one achievement, one award). `None`: no limit.
    pub(super) fn floor(&self, explaining: bool) -> Option<(i32, String)> {
        let p = &self.rules.principles;
        let mut best: Option<(i32, String)> = None;
        let mut raise = |from: i32, why: &dyn Fn() -> String| {
            if best.as_ref().is_none_or(|b| from > b.0) {
                best = Some((from, if explaining { why() } else { String::new() }));
            }
        };
        if let (Some(min), Some(person)) = (p.restart_after_discipline, self.person) {
            for d in person.disciplines.iter().filter(|d| d.level >= min) {
                let end = last_year(d);
                raise(end + 1, &|| {
                    self.tf(
                        "elig.restart_discipline",
                        &[
                            &(end + 1).to_string(),
                            d.level.name(self.lang),
                            &d.decision,
                            &end.to_string(),
                        ],
                    )
                });
            }
        }
        if p.one_achievement_one_award
            && let Some(own) = self.stack.last()
        {
            let year = self.s.year;
            for a in self
                .all_awards()
                .iter()
                .filter(|a| a.title == *own && a.year < year && self.counts_as_history(a))
            {
                raise(a.year + 1, &|| {
                    self.tf(
                        "elig.restart_award",
                        &[
                            &(a.year + 1).to_string(),
                            &self.title_name(own),
                            &a.year.to_string(),
                            &a.decision,
                        ],
                    )
                });
            }
        }
        best
    }

    /// The floor of a window of `n` years, when it cuts into that window (one-year conditions are
    /// not counters and are never cut).
    pub(super) fn cut(&self, n: u32, explaining: bool) -> Option<(i32, String)> {
        if n <= 1 {
            return None;
        }
        let start = *self.s.years(n).start();
        self.floor(explaining).filter(|(f, _)| *f > start)
    }

    /// Holds `title` in `year`: awarded (history), or this year meets its conditions.
    pub(super) fn holds(&mut self, year: i32, title: &str) -> (Tri, String) {
        if let Some(a) = self.awarded(year, title) {
            let d = if a.decision.is_empty() {
                self.t("elig.awarded").to_string()
            } else {
                self.tf("elig.awarded_by", &[&a.decision])
            };
            return (Tri::Pass, d);
        }
        if year == self.s.year {
            let t = self.meets(title);
            let d = match t {
                Tri::Pass => self.t("elig.meets_now"),
                Tri::Fail => self.t("elig.not_met"),
                Tri::Unknown => self.t("elig.to_review"),
            };
            return (t, d.to_string());
        }
        if let Some(a) = self.set_aside(year, title) {
            let d = self.tf(
                "elig.award_set_aside",
                &[
                    self.t(&format!("award_kind.{}", a.kind.code())),
                    &a.decision,
                ],
            );
            return (Tri::Fail, d);
        }
        (Tri::Fail, "—".to_string())
    }

    pub(super) fn node(&mut self, n: &Node, out: &mut Out<'_>, depth: u8) -> Tri {
        let explaining = out.lines.is_some();
        match &n.cond {
            Cond::All { of } | Cond::Any { of } => {
                let is_all = matches!(n.cond, Cond::All { .. });
                // the top-level "all" is the title itself: its children are the conditions
                let top = depth == 0 && is_all;
                let at = out.lines.as_ref().map(|l| l.len());
                if explaining && !top {
                    let rule = self.t(if is_all {
                        "elig.rule.all"
                    } else {
                        "elig.rule.any"
                    });
                    if let Some(lines) = out.lines.as_mut() {
                        lines.push(Explained {
                            rule: rule.to_string(),
                            passed: None,
                            detail: String::new(),
                            source: n.source.clone(),
                            depth,
                            checked: n.checked.clone(),
                        });
                    }
                }
                let child_depth = if top { depth } else { depth + 1 };
                let mut any_unknown = false;
                let mut decided = None;
                for c in of {
                    let t = self.node(c, out, child_depth);
                    match (is_all, t) {
                        (true, Tri::Fail) => {
                            decided.get_or_insert(Tri::Fail);
                        }
                        (false, Tri::Pass) => {
                            decided.get_or_insert(Tri::Pass);
                        }
                        (_, Tri::Unknown) => any_unknown = true,
                        _ => {}
                    }
                    // without an explanation to write, the answer is known at the first decider
                    if !explaining && decided.is_some() {
                        break;
                    }
                }
                let t = decided.unwrap_or(if any_unknown {
                    Tri::Unknown
                } else if is_all {
                    Tri::Pass
                } else {
                    Tri::Fail
                });
                if let (Some(lines), Some(at)) = (out.lines.as_mut(), at)
                    && !top
                    && let Some(line) = lines.get_mut(at)
                {
                    line.passed = t.passed();
                }
                t
            }
            cond => {
                let (t, rule, detail) = self.leaf(cond, explaining);
                if let Some(lines) = out.lines.as_mut() {
                    lines.push(Explained {
                        rule,
                        passed: t.passed(),
                        detail,
                        source: n.source.clone(),
                        depth,
                        checked: n.checked.clone(),
                    });
                }
                t
            }
        }
    }

    pub(super) fn rating_of(&self, year: i32) -> Option<Rating> {
        match (self.person, self.unit) {
            (Some(p), _) => p.ratings.get(&year).copied(),
            (None, Some(u)) => u.ratings.get(&year).copied(),
            _ => None,
        }
    }

    pub(super) fn reviews(&self) -> &[ReviewFact] {
        match (self.person, self.unit) {
            (Some(p), _) => &p.reviews,
            (None, Some(u)) => &u.reviews,
            _ => &[],
        }
    }

    /// A leaf's answer, and (when explaining) its rule and detail in words: one function per kind
    /// of condition (leaves.rs).
    pub(super) fn leaf(&mut self, cond: &Cond, explaining: bool) -> Leaf {
        match cond {
            Cond::RatingAtLeast { min } => self.rating_at_least(min, false, explaining),
            Cond::UnitRatingAtLeast { min } => self.rating_at_least(min, true, explaining),
            Cond::RatingStreak { min, years } => self.rating_streak(min, years, explaining),
            Cond::Initiative {
                min_level,
                within_years,
                count,
            } => self.initiative(min_level, within_years, count, explaining),
            Cond::TitleStreak { title, years } => self.title_streak(title, years, explaining),
            Cond::TitleCount {
                title,
                within_years,
                count,
                every,
            } => self.title_count(title, (within_years, count, every), explaining),
            Cond::AwardReceived {
                title,
                within_years,
                then_years,
            } => self.award_received(title, within_years, then_years, explaining),
            Cond::MonthsWorked { min } => self.months_worked(min, explaining),
            Cond::NotDisciplined { min_level } => self.not_disciplined(min_level, explaining),
            Cond::NotUnderReview {} => self.not_under_review(explaining),
            Cond::Registered {} => self.registered(explaining),
            Cond::Meets { title } => self.meets_title(title, explaining),
            Cond::Manual { text_vi, text_en } => self.manual(text_vi, text_en, explaining),
            Cond::Quota {
                of_title,
                max_pct,
                scope,
            } => self.quota_leaf(of_title, max_pct, scope, explaining),
            Cond::MembersShareWithTitle {
                title,
                min_pct,
                strictly_more,
            } => self.members_share(title, min_pct, strictly_more, explaining),
            Cond::MembersWithTitleAtLeast { title, count } => {
                self.members_with_title(title, count, explaining)
            }
            Cond::MembersAllRatingAtLeast { min } => self.members_all_rating(min, explaining),
            Cond::NoMemberDisciplined { min_level } => {
                self.no_member_disciplined(min_level, explaining)
            }
            Cond::ClusterRank { max_rank } => self.cluster_rank(*max_rank, explaining),
            Cond::All { .. } | Cond::Any { .. } => (Tri::Unknown, String::new(), String::new()),
        }
    }
}
