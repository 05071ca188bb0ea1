//! Evaluating a condition tree for one subject: `all` / `any` nodes, titles that refer to titles
//! (memoised, cycles answer unknown), and the explanation written as it goes. The leaves are in
//! leaves.rs.

use super::facts::{Award, PersonFacts, ReviewFact, UnitFacts};
use super::vocab::{Cond, Node, Rating, RuleSet};
use crate::i18n::{self, Lang};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

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
    pub(super) member_titles: &'a dyn Fn(usize, &str) -> bool,
    pub(super) people: &'a [PersonFacts],
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

    pub(super) fn awards(&self) -> &[Award] {
        match (self.person, self.unit) {
            (Some(p), _) => &p.awards,
            (None, Some(u)) => &u.awards,
            _ => &[],
        }
    }

    pub(super) fn awarded(&self, year: i32, title: &str) -> Option<&Award> {
        self.awards()
            .iter()
            .find(|a| a.year == year && a.title == title)
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
            } => self.title_count(title, within_years, count, explaining),
            Cond::AwardReceived {
                title,
                within_years,
            } => self.award_received(title, within_years, explaining),
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
            Cond::All { .. } | Cond::Any { .. } => (Tri::Unknown, String::new(), String::new()),
        }
    }
}
