//! Eligibility for titles and commendations: a pure evaluation of a rule set's condition trees over
//! the facts of a person or a unit, where every answer explains itself condition by condition.
//!
//! A title's conditions are data (`titles.conditions`, JSON): a tree of `all` / `any` nodes over a
//! fixed vocabulary of leaves (`Cond`), each node optionally naming the legal article it encodes.
//! Each condition answers pass, fail or unknown (a fact is missing, or a person must judge): `all`
//! fails if one child fails, `any` passes if one child passes, and otherwise unknown wins over the
//! rest. A title is eligible when its tree passes, not eligible when it fails, and needs review when
//! it is unknown.
//!
//! Quotas (at most P % of the holders of another title) depend on everyone in scope, so a whole scope
//! is evaluated in two passes: first with quotas open, then with the counts of the first pass.

use crate::i18n::{self, Lang};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Annual rating of a person or unit (xếp loại chất lượng), worst to best.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rating {
    #[serde(rename = "KHTNV")]
    Khtnv,
    #[serde(rename = "HTNV")]
    Htnv,
    #[serde(rename = "HTTNV")]
    Httnv,
    #[serde(rename = "HTXSNV")]
    Htxsnv,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Htxsnv, Rating::Httnv, Rating::Htnv, Rating::Khtnv];
    pub fn parse(s: &str) -> Option<Rating> {
        match s.trim().to_uppercase().as_str() {
            "HTXSNV" => Some(Rating::Htxsnv),
            "HTTNV" => Some(Rating::Httnv),
            "HTNV" => Some(Rating::Htnv),
            "KHTNV" => Some(Rating::Khtnv),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Rating::Htxsnv => "HTXSNV",
            Rating::Httnv => "HTTNV",
            Rating::Htnv => "HTNV",
            Rating::Khtnv => "KHTNV",
        }
    }
    pub fn name(self, lang: Lang) -> &'static str {
        i18n::t(lang, &format!("rating.{}", self.code()))
    }
}

/// The level at which an initiative was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeLevel {
    Grassroots,
    Province,
    Ministry,
    National,
}

impl InitiativeLevel {
    pub const ALL: [InitiativeLevel; 4] = [
        InitiativeLevel::Grassroots,
        InitiativeLevel::Province,
        InitiativeLevel::Ministry,
        InitiativeLevel::National,
    ];
    /// Province and ministry recognition are the same rung ("phạm vi ảnh hưởng cấp tỉnh / bộ").
    pub fn rank(self) -> u8 {
        match self {
            InitiativeLevel::Grassroots => 1,
            InitiativeLevel::Province | InitiativeLevel::Ministry => 2,
            InitiativeLevel::National => 3,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            InitiativeLevel::Grassroots => "grassroots",
            InitiativeLevel::Province => "province",
            InitiativeLevel::Ministry => "ministry",
            InitiativeLevel::National => "national",
        }
    }
    pub fn parse(s: &str) -> Option<InitiativeLevel> {
        InitiativeLevel::ALL
            .into_iter()
            .find(|l| l.code() == s.trim())
    }
    pub fn name(self, lang: Lang) -> &'static str {
        i18n::t(lang, &format!("initiative_level.{}", self.code()))
    }
}

/// Disciplinary measures for civil servants, lightest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DisciplineLevel {
    Reprimand,
    Warning,
    SalaryDowngrade,
    Demotion,
    Removal,
    Dismissal,
}

impl DisciplineLevel {
    pub const ALL: [DisciplineLevel; 6] = [
        DisciplineLevel::Reprimand,
        DisciplineLevel::Warning,
        DisciplineLevel::SalaryDowngrade,
        DisciplineLevel::Demotion,
        DisciplineLevel::Removal,
        DisciplineLevel::Dismissal,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DisciplineLevel::Reprimand => "REPRIMAND",
            DisciplineLevel::Warning => "WARNING",
            DisciplineLevel::SalaryDowngrade => "SALARY_DOWNGRADE",
            DisciplineLevel::Demotion => "DEMOTION",
            DisciplineLevel::Removal => "REMOVAL",
            DisciplineLevel::Dismissal => "DISMISSAL",
        }
    }
    pub fn parse(s: &str) -> Option<DisciplineLevel> {
        DisciplineLevel::ALL
            .into_iter()
            .find(|l| l.code() == s.trim())
    }
    pub fn name(self, lang: Lang) -> &'static str {
        i18n::t(lang, &format!("discipline.{}", self.code()))
    }
}

/// A node of a condition tree: the condition and the legal article it encodes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    #[serde(flatten)]
    pub cond: Cond,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
}

/// The vocabulary of conditions. "This year" is the campaign's year; "within N years" counts this
/// year and the N - 1 before it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cond {
    All {
        of: Vec<Node>,
    },
    Any {
        of: Vec<Node>,
    },
    /// rated at least `min` this year
    RatingAtLeast {
        min: Rating,
    },
    /// rated at least `min` in each of the last `years` years (this year included)
    RatingStreak {
        min: Rating,
        years: u32,
    },
    /// at least `count` initiatives recognised at `min_level` or above within `within_years`
    Initiative {
        min_level: InitiativeLevel,
        within_years: u32,
        count: u32,
    },
    /// holds `title` in each of the last `years` years (this year: meets its conditions)
    TitleStreak {
        title: String,
        years: u32,
    },
    /// holds `title` at least `count` times within `within_years` (this year: meets its conditions)
    TitleCount {
        title: String,
        within_years: u32,
        count: u32,
    },
    /// received `title` (a commendation) within `within_years`, this year excluded
    AwardReceived {
        title: String,
        within_years: u32,
    },
    /// worked at least `min` months this year (maternity leave and short training count)
    MonthsWorked {
        min: f64,
    },
    /// no discipline at `min_level` or above decided or in force this year
    NotDisciplined {
        min_level: DisciplineLevel,
    },
    /// not under disciplinary review, investigation, inspection or an open complaint
    NotUnderReview {},
    /// registered for the campaign
    Registered {},
    /// meets every condition of another title of the rule set
    Meets {
        title: String,
    },
    /// a judgement the facts cannot make: always "needs review"
    Manual {
        text_vi: String,
        text_en: String,
    },
    /// at most `max_pct` % of those eligible for `of_title`, counted over the campaign or within
    /// each unit directly under the issuer
    Quota {
        of_title: String,
        max_pct: u32,
        #[serde(default, skip_serializing_if = "QuotaScope::is_campaign")]
        scope: QuotaScope,
    },
    /// collective: the unit rated at least `min` this year
    UnitRatingAtLeast {
        min: Rating,
    },
    /// collective: at least (or more than) `min_pct` % of members hold `title` this year
    MembersShareWithTitle {
        title: String,
        min_pct: u32,
        #[serde(default)]
        strictly_more: bool,
    },
    /// collective: every member rated at least `min` this year
    MembersAllRatingAtLeast {
        min: Rating,
    },
    /// collective: at least `count` members hold `title` this year
    MembersWithTitleAtLeast {
        title: String,
        count: u32,
    },
    /// collective: no member disciplined at `min_level` or above this year
    NoMemberDisciplined {
        min_level: DisciplineLevel,
    },
}

impl Cond {
    fn is_collective(&self) -> bool {
        matches!(
            self,
            Cond::UnitRatingAtLeast { .. }
                | Cond::MembersShareWithTitle { .. }
                | Cond::MembersAllRatingAtLeast { .. }
                | Cond::MembersWithTitleAtLeast { .. }
                | Cond::NoMemberDisciplined { .. }
        )
    }
}

impl Node {
    /// Parses a tree and checks it against a catalogue: titles named exist, leaves fit the subject,
    /// numbers are in range. Returns readable problems (empty when the tree is sound).
    pub fn check(&self, subject: Subject, titles: &[&str]) -> Vec<String> {
        let mut problems = Vec::new();
        self.check_into(subject, titles, &mut problems);
        problems
    }

    fn check_into(&self, subject: Subject, titles: &[&str], out: &mut Vec<String>) {
        let title_ok = |t: &str, out: &mut Vec<String>| {
            if !titles.contains(&t) {
                out.push(format!("unknown title {t:?}"));
            }
        };
        match &self.cond {
            Cond::All { of } | Cond::Any { of } => {
                for n in of {
                    n.check_into(subject, titles, out);
                }
            }
            Cond::RatingStreak { years, .. } if *years == 0 || *years > 30 => {
                out.push("rating_streak: years must be 1 to 30".into())
            }
            Cond::Initiative {
                within_years,
                count,
                ..
            } if *within_years == 0 || *within_years > 30 || *count == 0 => {
                out.push("initiative: within_years 1 to 30, count at least 1".into())
            }
            Cond::TitleStreak { title, years } => {
                title_ok(title, out);
                if *years == 0 || *years > 30 {
                    out.push("title_streak: years must be 1 to 30".into());
                }
            }
            Cond::TitleCount {
                title,
                within_years,
                count,
            } => {
                title_ok(title, out);
                if *within_years == 0 || *count == 0 {
                    out.push("title_count: within_years and count at least 1".into());
                }
            }
            Cond::AwardReceived { title, .. } | Cond::Meets { title } => title_ok(title, out),
            Cond::MonthsWorked { min } if !(0.0..=12.0).contains(min) => {
                out.push("months_worked: min must be 0 to 12".into())
            }
            Cond::Quota {
                of_title, max_pct, ..
            } => {
                title_ok(of_title, out);
                if *max_pct > 100 {
                    out.push("quota: max_pct must be 0 to 100".into());
                }
            }
            Cond::MembersShareWithTitle { title, min_pct, .. } => {
                title_ok(title, out);
                if *min_pct > 100 {
                    out.push("members_share_with_title: min_pct must be 0 to 100".into());
                }
            }
            Cond::MembersWithTitleAtLeast { title, .. } => title_ok(title, out),
            _ => {}
        }
        if self.cond.is_collective() && subject == Subject::Individual {
            out.push("a collective condition on an individual title".into());
        }
        if subject == Subject::Collective
            && matches!(
                self.cond,
                Cond::RatingAtLeast { .. }
                    | Cond::RatingStreak { .. }
                    | Cond::Initiative { .. }
                    | Cond::MonthsWorked { .. }
                    | Cond::NotDisciplined { .. }
            )
        {
            out.push("an individual condition on a collective title".into());
        }
    }
}

/// Where a quota counts: the campaign's whole scope, or each unit directly under the issuer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaScope {
    #[default]
    Campaign,
    Unit,
}

impl QuotaScope {
    pub fn is_campaign(&self) -> bool {
        *self == QuotaScope::Campaign
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Individual,
    Collective,
}

impl Subject {
    pub fn parse(s: &str) -> Subject {
        if s == "collective" {
            Subject::Collective
        } else {
            Subject::Individual
        }
    }
}

/// A title of a rule set with its conditions.
#[derive(Clone, Debug)]
pub struct TitleRule {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub subject: Subject,
    pub conditions: Node,
}

impl TitleRule {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.name_vi,
            Lang::En => &self.name_en,
        }
    }
}

#[derive(Clone, Debug)]
pub struct RuleSet {
    pub code: String,
    pub name: String,
    pub titles: Vec<TitleRule>,
}

impl RuleSet {
    pub fn title(&self, code: &str) -> Option<&TitleRule> {
        self.titles.iter().find(|t| t.code == code)
    }
    fn title_name(&self, code: &str, lang: Lang) -> String {
        self.title(code)
            .map(|t| t.name(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }
}

/// A title or commendation received in a year.
#[derive(Clone, Debug, PartialEq)]
pub struct Award {
    pub year: i32,
    pub title: String,
    pub decision: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InitiativeFact {
    pub title: String,
    pub level: InitiativeLevel,
    pub decided_on: NaiveDate,
    pub decision: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DisciplineFact {
    pub level: DisciplineLevel,
    pub decided_on: NaiveDate,
    pub until: Option<NaiveDate>,
    pub decision: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReviewFact {
    pub kind: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

/// What the rules read about a person.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PersonFacts {
    pub ratings: BTreeMap<i32, Rating>,
    pub initiatives: Vec<InitiativeFact>,
    pub awards: Vec<Award>,
    pub disciplines: Vec<DisciplineFact>,
    pub reviews: Vec<ReviewFact>,
    /// months worked in the campaign year; `None` when unknown
    pub months_worked: Option<f64>,
    /// registered for the campaign (sent, not withdrawn), with the title aimed for
    pub registered: Option<String>,
    /// the unit directly under the issuer this person belongs to (0: the issuer itself), where
    /// unit-scoped quotas count
    pub group: i64,
}

/// What the rules read about a unit; its members are indices into the people evaluated with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitFacts {
    pub ratings: BTreeMap<i32, Rating>,
    pub awards: Vec<Award>,
    pub reviews: Vec<ReviewFact>,
    pub registered: Option<String>,
    pub members: Vec<usize>,
    /// as for people: the unit directly under the issuer (itself when it is one)
    pub group: i64,
}

/// Months worked in `year` for someone who started on `start` (whole year when they started before
/// it), in half months, rounded down.
pub fn months_from_start(start: Option<NaiveDate>, year: i32) -> Option<f64> {
    let start = start?;
    let first = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let last = NaiveDate::from_ymd_opt(year, 12, 31)?;
    if start <= first {
        return Some(12.0);
    }
    if start > last {
        return Some(0.0);
    }
    let days = (last - start).num_days() + 1;
    let months = days as f64 * 12.0 / 365.0;
    Some((months * 2.0).floor() / 2.0)
}

/// The answer of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tri {
    Pass,
    Fail,
    Unknown,
}

impl Tri {
    pub fn passed(self) -> Option<bool> {
        match self {
            Tri::Pass => Some(true),
            Tri::Fail => Some(false),
            Tri::Unknown => None,
        }
    }
    fn of(b: bool) -> Tri {
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
    fn years(&self, n: u32) -> std::ops::RangeInclusive<i32> {
        (self.year - n.max(1) as i32 + 1)..=self.year
    }
}

/// Evaluates individual or collective titles; `explain` fills the explanation (in `lang`).
struct Eval<'a> {
    rules: &'a RuleSet,
    s: Setting,
    lang: Lang,
    quota: Option<&'a Counts>,
    person: Option<&'a PersonFacts>,
    unit: Option<&'a UnitFacts>,
    /// titles held this year by each member (collective conditions)
    member_titles: &'a dyn Fn(usize, &str) -> bool,
    people: &'a [PersonFacts],
    /// titles being evaluated (guards `meets` cycles), and the answers found
    stack: Vec<String>,
    memo: HashMap<String, Tri>,
}

struct Out<'b> {
    lines: Option<&'b mut Vec<Explained>>,
}

impl Eval<'_> {
    fn t(&self, key: &str) -> &'static str {
        i18n::t(self.lang, key)
    }
    fn tf(&self, key: &str, args: &[&str]) -> String {
        i18n::tf(self.lang, key, args)
    }
    fn title_name(&self, code: &str) -> String {
        self.rules.title_name(code, self.lang)
    }
    fn years_text(&self, n: u32) -> String {
        let r = self.s.years(n);
        if r.start() == r.end() {
            r.start().to_string()
        } else {
            format!("{}–{}", r.start(), r.end())
        }
    }

    /// Whether the subject meets `code` this year (memoised; a cycle answers unknown).
    fn meets(&mut self, code: &str) -> Tri {
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

    fn awards(&self) -> &[Award] {
        match (self.person, self.unit) {
            (Some(p), _) => &p.awards,
            (None, Some(u)) => &u.awards,
            _ => &[],
        }
    }

    fn awarded(&self, year: i32, title: &str) -> Option<&Award> {
        self.awards()
            .iter()
            .find(|a| a.year == year && a.title == title)
    }

    /// Holds `title` in `year`: awarded (history), or this year meets its conditions.
    fn holds(&mut self, year: i32, title: &str) -> (Tri, String) {
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

    fn node(&mut self, n: &Node, out: &mut Out<'_>, depth: u8) -> Tri {
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

    fn rating_of(&self, year: i32) -> Option<Rating> {
        match (self.person, self.unit) {
            (Some(p), _) => p.ratings.get(&year).copied(),
            (None, Some(u)) => u.ratings.get(&year).copied(),
            _ => None,
        }
    }

    fn reviews(&self) -> &[ReviewFact] {
        match (self.person, self.unit) {
            (Some(p), _) => &p.reviews,
            (None, Some(u)) => &u.reviews,
            _ => &[],
        }
    }

    /// A leaf's answer, and (when explaining) its rule and detail in words.
    fn leaf(&mut self, cond: &Cond, explaining: bool) -> (Tri, String, String) {
        let year = self.s.year;
        let ys = year.to_string();
        match cond {
            Cond::RatingAtLeast { min } | Cond::UnitRatingAtLeast { min } => {
                let r = self.rating_of(year);
                let t = match r {
                    Some(r) => Tri::of(r >= *min),
                    None => Tri::Unknown,
                };
                if !explaining {
                    return (t, String::new(), String::new());
                }
                let key = if matches!(cond, Cond::UnitRatingAtLeast { .. }) {
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
            Cond::RatingStreak { min, years } => {
                let mut t = Tri::Pass;
                let mut parts = Vec::new();
                for y in self.s.years(*years) {
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
                (t, rule, parts.join(", "))
            }
            Cond::Initiative {
                min_level,
                within_years,
                count,
            } => {
                let range = self.s.years(*within_years);
                let found: Vec<&InitiativeFact> = self
                    .person
                    .map(|p| {
                        p.initiatives
                            .iter()
                            .filter(|i| {
                                i.level.rank() >= min_level.rank()
                                    && range.contains(&i.decided_on.year())
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
                                    &format!("{:02}/{}", i.decided_on.month(), i.decided_on.year()),
                                    i.level.name(self.lang),
                                    &i.decision,
                                ],
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                (t, rule, detail)
            }
            Cond::TitleStreak { title, years } => {
                let mut t = Tri::Pass;
                let mut parts = Vec::new();
                for y in self.s.years(*years).rev() {
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
                (t, rule, parts.join(", "))
            }
            Cond::TitleCount {
                title,
                within_years,
                count,
            } => {
                let mut held = 0u32;
                let mut maybe = 0u32;
                let mut parts = Vec::new();
                for y in self.s.years(*within_years) {
                    let (h, d) = self.holds(y, title);
                    match h {
                        Tri::Pass => held += 1,
                        Tri::Unknown => maybe += 1,
                        Tri::Fail => {}
                    }
                    if explaining && h != Tri::Fail {
                        parts.push(format!("{y}: {d}"));
                    }
                }
                let t = if held >= *count {
                    Tri::Pass
                } else if held + maybe >= *count {
                    Tri::Unknown
                } else {
                    Tri::Fail
                };
                if !explaining {
                    return (t, String::new(), String::new());
                }
                let rule = self.tf(
                    "elig.rule.title_count",
                    &[
                        &self.title_name(title),
                        &count.to_string(),
                        &self.years_text(*within_years),
                    ],
                );
                let detail = if parts.is_empty() {
                    self.t("elig.none").to_string()
                } else {
                    format!("{} ({held}/{count})", parts.join(", "))
                };
                (t, rule, detail)
            }
            Cond::AwardReceived {
                title,
                within_years,
            } => {
                let from = year - *within_years as i32;
                let found: Vec<&Award> = self
                    .awards()
                    .iter()
                    .filter(|a| a.title == *title && a.year >= from && a.year < year)
                    .collect();
                let t = Tri::of(!found.is_empty());
                if !explaining {
                    return (t, String::new(), String::new());
                }
                let rule = self.tf(
                    "elig.rule.award_received",
                    &[&self.title_name(title), &format!("{from}–{}", year - 1)],
                );
                let detail = if found.is_empty() {
                    self.t("elig.none").to_string()
                } else {
                    found
                        .iter()
                        .map(|a| {
                            if a.decision.is_empty() {
                                a.year.to_string()
                            } else {
                                format!("{} ({})", a.year, a.decision)
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                (t, rule, detail)
            }
            Cond::MonthsWorked { min } => {
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
            Cond::NotDisciplined { min_level } => {
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
            Cond::NotUnderReview {} => {
                let on = self.s.on;
                let open: Vec<&ReviewFact> = self
                    .reviews()
                    .iter()
                    .filter(|r| r.opened_on <= on && r.closed_on.is_none_or(|c| c > on))
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
            Cond::Registered {} => {
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
            Cond::Meets { title } => {
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
            Cond::Manual { text_vi, text_en } => {
                let rule = match self.lang {
                    Lang::Vi => text_vi.clone(),
                    Lang::En => text_en.clone(),
                };
                let detail = if explaining {
                    self.t("elig.manual").to_string()
                } else {
                    String::new()
                };
                (Tri::Unknown, rule, detail)
            }
            Cond::Quota {
                of_title,
                max_pct,
                scope,
            } => {
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
            Cond::MembersShareWithTitle {
                title,
                min_pct,
                strictly_more,
            } => {
                let members = self.unit.map(|u| u.members.as_slice()).unwrap_or(&[]);
                let total = members.len();
                let held = members
                    .iter()
                    .filter(|&&m| (self.member_titles)(m, title))
                    .count();
                let need = *min_pct as usize * total;
                let ok = total > 0
                    && if *strictly_more {
                        held * 100 > need
                    } else {
                        held * 100 >= need
                    };
                let t = Tri::of(ok);
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
                let detail = self.tf(
                    "elig.members_with",
                    &[
                        &held.to_string(),
                        &total.to_string(),
                        &pct.to_string(),
                        &self.title_name(title),
                    ],
                );
                (t, rule, detail)
            }
            Cond::MembersWithTitleAtLeast { title, count } => {
                let members = self.unit.map(|u| u.members.as_slice()).unwrap_or(&[]);
                let held = members
                    .iter()
                    .filter(|&&m| (self.member_titles)(m, title))
                    .count();
                let t = Tri::of(held >= *count as usize);
                if !explaining {
                    return (t, String::new(), String::new());
                }
                let rule = self.tf(
                    "elig.rule.members_with_title",
                    &[&count.to_string(), &self.title_name(title)],
                );
                let detail = self.tf(
                    "elig.members_count",
                    &[&held.to_string(), &self.title_name(title)],
                );
                (t, rule, detail)
            }
            Cond::MembersAllRatingAtLeast { min } => {
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
            Cond::NoMemberDisciplined { min_level } => {
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
            Cond::All { .. } | Cond::Any { .. } => (Tri::Unknown, String::new(), String::new()),
        }
    }
}

fn in_force_during(d: &DisciplineFact, year: i32) -> bool {
    let decided = d.decided_on.year();
    let until = d.until.map(|u| u.year()).unwrap_or(decided);
    decided <= year && year <= until
}

fn fmt_months(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{}", m as i64)
    } else {
        format!("{m:.1}").replace('.', ",")
    }
}

/// Whom a title is evaluated for: a person, or a unit with the people its members index into and
/// what each member holds this year.
struct Target<'a> {
    person: Option<&'a PersonFacts>,
    unit: Option<&'a UnitFacts>,
    people: &'a [PersonFacts],
    member_titles: &'a dyn Fn(usize, &str) -> bool,
}

/// Evaluates every title of a subject for one person or unit.
fn evaluate(
    rules: &RuleSet,
    s: Setting,
    subject: Subject,
    target: Target<'_>,
    quota: Option<&Counts>,
    explain: Option<Lang>,
) -> Vec<TitleResult> {
    let Target {
        person,
        unit,
        people,
        member_titles,
    } = target;
    let mut e = Eval {
        rules,
        s,
        lang: explain.unwrap_or_default(),
        quota,
        person,
        unit,
        member_titles,
        people,
        stack: Vec::new(),
        memo: HashMap::new(),
    };
    let mut results = Vec::new();
    for rule in rules.titles.iter().filter(|t| t.subject == subject) {
        let mut lines = Vec::new();
        e.stack.push(rule.code.clone());
        let outcome = match explain {
            Some(_) => e.node(
                &rule.conditions,
                &mut Out {
                    lines: Some(&mut lines),
                },
                0,
            ),
            None => e.node(&rule.conditions, &mut Out { lines: None }, 0),
        };
        e.stack.pop();
        e.memo.insert(rule.code.clone(), outcome);
        results.push(TitleResult {
            code: rule.code.clone(),
            name: rule.name(e.lang).to_string(),
            outcome,
            conditions: lines,
        });
    }
    results
}

/// A person's answer for every individual title. `quota` holds the scope's counts (from
/// `evaluate_scope`); without them quotas are reported open.
pub fn evaluate_person(
    rules: &RuleSet,
    s: Setting,
    facts: &PersonFacts,
    quota: Option<&Counts>,
    explain: Option<Lang>,
) -> Vec<TitleResult> {
    evaluate(
        rules,
        s,
        Subject::Individual,
        Target {
            person: Some(facts),
            unit: None,
            people: &[],
            member_titles: &|_, _| false,
        },
        quota,
        explain,
    )
}

/// Everyone's answers in a scope: people, then units (whose conditions read their members'
/// answers), each in two passes so that quotas count the first pass's candidates.
pub struct ScopeResult {
    /// per person, per individual title (in rule set order): the outcome
    pub people: Vec<Vec<Tri>>,
    pub units: Vec<Vec<Tri>>,
    /// those eligible per title before quotas (what quotas count)
    pub counts: Counts,
    pub individual_titles: Vec<String>,
    pub collective_titles: Vec<String>,
}

pub fn evaluate_scope(
    rules: &RuleSet,
    s: Setting,
    people: &[PersonFacts],
    units: &[UnitFacts],
) -> ScopeResult {
    let individual: Vec<String> = rules
        .titles
        .iter()
        .filter(|t| t.subject == Subject::Individual)
        .map(|t| t.code.clone())
        .collect();
    let collective: Vec<String> = rules
        .titles
        .iter()
        .filter(|t| t.subject == Subject::Collective)
        .map(|t| t.code.clone())
        .collect();
    let has_quota = |subject: Subject| {
        rules
            .titles
            .iter()
            .filter(|t| t.subject == subject)
            .any(|t| has_quota(&t.conditions))
    };
    let mut counts = Counts::default();
    let person_groups: Vec<i64> = people.iter().map(|p| p.group).collect();
    let unit_groups: Vec<i64> = units.iter().map(|u| u.group).collect();
    let outcomes = |r: Vec<TitleResult>| r.into_iter().map(|t| t.outcome).collect::<Vec<Tri>>();
    // people: open quotas, count, then again with the counts if a quota is there
    let mut person_out: Vec<Vec<Tri>> = people
        .iter()
        .map(|p| outcomes(evaluate_person(rules, s, p, None, None)))
        .collect();
    count_into(&mut counts, &individual, &person_out, &person_groups);
    if has_quota(Subject::Individual) {
        person_out = people
            .iter()
            .map(|p| outcomes(evaluate_person(rules, s, p, Some(&counts), None)))
            .collect();
    }
    let titles_of = |m: usize, title: &str| -> bool {
        if people.get(m).is_some_and(|p| {
            p.awards
                .iter()
                .any(|a| a.year == s.year && a.title == title)
        }) {
            return true;
        }
        individual
            .iter()
            .position(|c| c == title)
            .and_then(|i| person_out.get(m).and_then(|o| o.get(i)))
            .is_some_and(|t| *t == Tri::Pass)
    };
    let unit_eval = |u: &UnitFacts, quota: Option<&Counts>| {
        outcomes(evaluate(
            rules,
            s,
            Subject::Collective,
            Target {
                person: None,
                unit: Some(u),
                people,
                member_titles: &titles_of,
            },
            quota,
            None,
        ))
    };
    let mut unit_out: Vec<Vec<Tri>> = units.iter().map(|u| unit_eval(u, None)).collect();
    count_into(&mut counts, &collective, &unit_out, &unit_groups);
    if has_quota(Subject::Collective) {
        unit_out = units.iter().map(|u| unit_eval(u, Some(&counts))).collect();
    }
    ScopeResult {
        people: person_out,
        units: unit_out,
        counts,
        individual_titles: individual,
        collective_titles: collective,
    }
}

/// A unit's answers with explanations, its members' answers taken from `scope`.
pub fn explain_unit(
    rules: &RuleSet,
    s: Setting,
    unit: &UnitFacts,
    people: &[PersonFacts],
    scope: &ScopeResult,
    lang: Lang,
) -> Vec<TitleResult> {
    let titles_of = |m: usize, title: &str| -> bool {
        if people.get(m).is_some_and(|p| {
            p.awards
                .iter()
                .any(|a| a.year == s.year && a.title == title)
        }) {
            return true;
        }
        scope
            .individual_titles
            .iter()
            .position(|c| c == title)
            .and_then(|i| scope.people.get(m).and_then(|o| o.get(i)))
            .is_some_and(|t| *t == Tri::Pass)
    };
    evaluate(
        rules,
        s,
        Subject::Collective,
        Target {
            person: None,
            unit: Some(unit),
            people,
            member_titles: &titles_of,
        },
        Some(&scope.counts),
        Some(lang),
    )
}

fn count_into(counts: &mut Counts, titles: &[String], outcomes: &[Vec<Tri>], groups: &[i64]) {
    for (i, code) in titles.iter().enumerate() {
        let mut n = 0;
        for (k, o) in outcomes.iter().enumerate() {
            if o.get(i) == Some(&Tri::Pass) {
                n += 1;
                let g = groups.get(k).copied().unwrap_or(0);
                *counts.by_group.entry((g, code.clone())).or_insert(0) += 1;
            }
        }
        counts.all.insert(code.clone(), n);
    }
}

fn has_quota(n: &Node) -> bool {
    match &n.cond {
        Cond::Quota { .. } => true,
        Cond::All { of } | Cond::Any { of } => of.iter().any(has_quota),
        _ => false,
    }
}

/// A title's conditions in words, without facts: each line's rule and source, nested (for the rule
/// set's page and its editor). `year` places the "within N years" ranges.
pub fn describe(rules: &RuleSet, code: &str, year: i32, lang: Lang) -> Vec<Explained> {
    let Some(t) = rules.title(code) else {
        return Vec::new();
    };
    let person = PersonFacts::default();
    let unit = UnitFacts::default();
    let mut e = Eval {
        rules,
        s: Setting {
            year,
            on: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
        },
        lang,
        quota: None,
        person: (t.subject == Subject::Individual).then_some(&person),
        unit: (t.subject == Subject::Collective).then_some(&unit),
        member_titles: &|_, _| false,
        people: &[],
        stack: vec![t.code.clone()],
        memo: HashMap::new(),
    };
    let mut lines = Vec::new();
    e.node(
        &t.conditions,
        &mut Out {
            lines: Some(&mut lines),
        },
        0,
    );
    for l in &mut lines {
        l.passed = None;
        l.detail.clear();
    }
    lines
}

#[cfg(test)]
mod tests;
