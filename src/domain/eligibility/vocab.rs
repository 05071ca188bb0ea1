//! The vocabulary of rule sets: ratings, levels, the condition tree (`Node`, `Cond`) and its
//! validation, titles and rule sets.

use crate::i18n::{self, Lang};
use serde::{Deserialize, Serialize};

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

/// A node of a condition tree: the condition, the legal article it encodes, and whether someone
/// checked the condition against that article's text (and where they read it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Node {
    #[serde(flatten)]
    pub cond: Cond,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<Checked>,
}

/// A condition checked against the text of its source: where the text was read, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// the text read (a document and where it was found)
    pub against: String,
    pub on: chrono::NaiveDate,
}

impl Node {
    /// Every node that carries a source but no check mark (the rule-set page shows them apart).
    pub fn unchecked(&self) -> usize {
        let own = usize::from(!self.source.is_empty() && self.checked.is_none());
        match &self.cond {
            Cond::All { of } | Cond::Any { of } => {
                own + of.iter().map(Node::unchecked).sum::<usize>()
            }
            _ => own,
        }
    }
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
    /// holds `title` at least `count` times within `within_years` (this year: meets its conditions);
    /// with `every`, the times in a row: each `every` years after the one before, the title being
    /// given once a cycle of that many years (Chiến sĩ thi đua cấp tỉnh "02 lần liên tục")
    TitleCount {
        title: String,
        within_years: u32,
        count: u32,
        #[serde(default, skip_serializing_if = "is_zero")]
        every: u32,
    },
    /// received `title` (a commendation) before this year: within `within_years` (0: at any time),
    /// and, with `then_years`, before the last `then_years` years (the years that follow the award
    /// are the ones the other conditions count: "a Bằng khen, then five years")
    AwardReceived {
        title: String,
        within_years: u32,
        #[serde(default, skip_serializing_if = "is_zero")]
        then_years: u32,
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
    /// collective: ranked `max_rank` or better this year in an emulation cluster or bloc it
    /// belongs to (the ranking the Office enters; 1: it leads the cluster)
    ClusterRank {
        max_rank: u32,
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
                | Cond::ClusterRank { .. }
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
                every,
            } => {
                title_ok(title, out);
                if *within_years == 0 || *count == 0 {
                    out.push("title_count: within_years and count at least 1".into());
                }
                if *every > 10 || (*every > 0 && every * count > within_years + every) {
                    out.push("title_count: every (years between two times in a row) 0 to 10, the times in a row within the window".into());
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
            Cond::ClusterRank { max_rank } if *max_rank == 0 => {
                out.push("cluster_rank: max_rank at least 1".into())
            }
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

fn is_zero(n: &u32) -> bool {
    *n == 0
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
    pub principles: Principles,
}

/// The general principles a regime applies to every title (ND 98/2023 Art. 4, kept by ND 152/2025):
/// data of the rule set, each with its source, so that a regime without one turns it off.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Principles {
    /// after a discipline at this level or above, the years counted by multi-year conditions start
    /// the year after the discipline ended (None: no restart)
    pub restart_after_discipline: Option<DisciplineLevel>,
    /// one achievement, one award: a title's multi-year window starts after the last year the
    /// subject received that same title
    pub one_achievement_one_award: bool,
    /// only annual awards are history for the rules (thematic, unexpected and long-service awards
    /// are not the basis of annual merit awards)
    pub annual_awards_only: bool,
    /// an inspection blocks an award only when it found signs of a violation
    pub inspection_needs_signs: bool,
    /// the order candidates take when a quota has fewer places than candidates
    pub tie_breaks: Vec<TieBreak>,
    /// which regime judges a proposal: the one of the campaign's year, or the one in force on the
    /// day its dossier was received
    pub regime_by: RegimeBy,
    /// the legal basis of these principles
    pub source: String,
    pub checked: Option<Checked>,
}

/// A tie-break between equal candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TieBreak {
    /// women first; collectives with at least 70 % women first
    Women,
}

/// What decides the regime that judges a proposal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegimeBy {
    #[default]
    CampaignYear,
    DossierReceived,
}

impl RuleSet {
    pub fn title(&self, code: &str) -> Option<&TitleRule> {
        self.titles.iter().find(|t| t.code == code)
    }
    pub(super) fn title_name(&self, code: &str, lang: Lang) -> String {
        self.title(code)
            .map(|t| t.name(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }
}

/// A regime's period and what decides that it judges a proposal.
#[derive(Clone, Debug, PartialEq)]
pub struct RegimeSpan {
    pub id: i64,
    pub from: chrono::NaiveDate,
    pub to: Option<chrono::NaiveDate>,
    pub by: RegimeBy,
}

impl RegimeSpan {
    fn in_force_on(&self, day: chrono::NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|t| day <= t)
    }
}

/// The regime that judges a proposal of a campaign of `year` whose dossier was received on
/// `received`: the one in force at the end of the campaign's year, unless the regime in force on
/// the day of receipt judges by that day (its transitional provision). Without a receipt day (no
/// dossier yet), the campaign's year decides.
pub fn regime_for(
    regimes: &[RegimeSpan],
    year: i32,
    received: Option<chrono::NaiveDate>,
) -> Option<i64> {
    let at_receipt = received
        .and_then(|d| {
            regimes
                .iter()
                .filter(|r| r.in_force_on(d))
                .max_by_key(|r| r.from)
        })
        .filter(|r| r.by == RegimeBy::DossierReceived);
    if let Some(r) = at_receipt {
        return Some(r.id);
    }
    let end = chrono::NaiveDate::from_ymd_opt(year, 12, 31)?;
    regimes
        .iter()
        .filter(|r| r.in_force_on(end))
        .max_by_key(|r| r.from)
        .map(|r| r.id)
}
