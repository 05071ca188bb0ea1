//! What each server keeps in memory, and the data versions each follows. Every value is stored with
//! the versions the request that loaded it had read with its session (`data_versions`,
//! `registration_versions`), and serves requests whose versions are no newer (`db::versioned`). All
//! state stays in PostgreSQL: a new server starts empty, and several servers agree because the
//! versions are bumped by triggers in the transaction of every change.
//!
//! [`Caches`] holds them all, each declaring once the versions it follows; docs/ARCHITECTURE.md's
//! table of caches lists them, and a test checks the table against [`Caches::declarations`].
//!
//! The sessions and the versions themselves are kept by `auth::cache::SessionCache`, which follows
//! PostgreSQL's notifications (`db::live`); see docs/ARCHITECTURE.md.

use crate::db::campaigns::{AccountCounts, HomeData};
use crate::db::eligibility::Scope;
use crate::db::registrations::ReopeningRow;
use crate::db::versioned::{Counts, Version, VersionedCache};
use crate::domain::coverage::CoverageRow;
use crate::domain::eligibility::{RuleSet, ScopeResult, Setting};
use crate::i18n::Lang;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The year-end review's counts over a scope: per title proposed and awarded, each unit's own
/// awards of the year, and the people by gender and category (`db::statistics`).
pub struct ReviewCounts {
    pub titles: Vec<crate::domain::statistics::TitleStat>,
    pub awards: Vec<(String, i64)>,
    pub groups: Vec<crate::db::statistics::GroupStat>,
    /// the cash of the year's awards in đồng
    pub cash: i64,
}

/// Review counts keyed by (campaign, scope patterns), at the people, registrations, proposals,
/// registry (`award_history` alone: a rating does not move it) and campaigns versions.
pub type ReviewCountsCache = VersionedCache<(i64, Vec<String>), ReviewCounts>;

/// The earlier years' rows (`db::statistics::trends`) keyed by (campaign, scope), at the same
/// versions.
pub type TrendRowsCache = VersionedCache<(i64, Vec<String>), Vec<crate::db::statistics::TrendRow>>;

/// The proposals' way to the registry and the year's cash under a unit path (the Director's
/// dashboard: `db::statistics::pipeline`), keyed by (campaign, unit path), at the proposals (the
/// council's results bump it), registry, people and campaigns versions.
pub type PipelineCache = VersionedCache<(i64, String), crate::db::statistics::Pipeline>;

/// The mid-year progress of each unit's own registrations (`db::statistics::progress_by_unit`)
/// keyed by (campaign, scope patterns), at the people, registrations, registration details (the
/// progress reported), facts (recognitions) and campaigns versions.
pub type ProgressCache = VersionedCache<(i64, Vec<String>), Vec<(String, [i64; 8])>>;

/// The registrations with where each stands (`db::statistics::journeys`) keyed by (campaign,
/// scope patterns), at the people, registrations, proposals (the council's results bump it),
/// registry and campaigns versions.
pub type JourneysCache = VersionedCache<(i64, Vec<String>), Vec<crate::db::statistics::Journey>>;

/// A campaign's coverage by unit under a scope (rolled up, in tree order) and its reopenings.
pub struct Overview {
    pub rows: Vec<CoverageRow>,
    pub reopenings: Vec<ReopeningRow>,
}

/// Overviews keyed by (campaign, scope patterns), at the registrations and people versions.
pub type CoverageCache = VersionedCache<(i64, Vec<String>), Overview>;

/// A campaign's whole scope evaluated: rule set, facts, everyone's outcomes.
pub struct Evaluated {
    pub rules: RuleSet,
    pub scope: Scope,
    pub result: ScopeResult,
    pub setting: Setting,
    /// the overview's selections computed from this evaluation (they go with it)
    pub selections: Mutex<HashMap<SelectionKey, Arc<Selection>>>,
    /// other views computed from this evaluation (a unit's members and quota lines, ...), by the
    /// kind of view, the unit and the language
    views: Mutex<HashMap<ViewKey, Arc<dyn Any + Send + Sync>>>,
}

/// A view of an evaluation: what kind, for which unit, in which language.
pub type ViewKey = (&'static str, i64, Lang);

/// An overview's viewer scope (`None`: everyone) and filters: unit, title, outcome, name words.
pub type SelectionKey = (Option<Vec<String>>, Option<i64>, String, String, String);

/// Who an overview shows: the counts per individual title over the people the viewer sees, and the
/// people matching the filters (indexes into the scope, in its order).
pub struct Selection {
    pub counts: Vec<[usize; 3]>,
    pub matching: Vec<usize>,
}

/// Selections kept per evaluation (a few viewer scopes and filters; the rest are computed again).
const SELECTIONS_KEPT: usize = 64;

impl Evaluated {
    pub fn new(rules: RuleSet, scope: Scope, result: ScopeResult, setting: Setting) -> Self {
        Evaluated {
            rules,
            scope,
            result,
            setting,
            selections: Mutex::new(HashMap::new()),
            views: Mutex::new(HashMap::new()),
        }
    }

    /// The view under `key`, computed by `compute` the first time (a view is one type per kind).
    pub fn view<T: Any + Send + Sync>(&self, key: ViewKey, compute: impl FnOnce() -> T) -> Arc<T> {
        let kept = self
            .views
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned()
            .and_then(|v| v.downcast::<T>().ok());
        if let Some(v) = kept {
            return v;
        }
        let v = Arc::new(compute());
        let mut map = self.views.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SELECTIONS_KEPT * 4 {
            map.clear();
        }
        map.insert(key, v.clone());
        v
    }

    /// The selection under `key`, computed by `compute` the first time.
    pub fn selection<E>(
        &self,
        key: SelectionKey,
        compute: impl FnOnce() -> Result<Selection, E>,
    ) -> Result<Arc<Selection>, E> {
        let kept = |map: &mut HashMap<SelectionKey, Arc<Selection>>| map.get(&key).cloned();
        if let Some(s) = kept(&mut self.selections.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(s);
        }
        let s = Arc::new(compute()?);
        let mut map = self.selections.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SELECTIONS_KEPT {
            map.clear();
        }
        map.insert(key, s.clone());
        Ok(s)
    }

    /// A title's name in `lang` (its code when the rule set has no such title).
    pub fn title_name(&self, code: &str, lang: Lang) -> String {
        self.rules
            .title(code)
            .map(|t| t.name(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }
}

/// Every proposal line of a campaign in the Office's list order, with what its dossier holds, and
/// what every request would otherwise compute again: each line's wait (counted with the holiday
/// calendar, the rule set's periods and the day it was loaded), the titles and units named.
pub struct OfficeList {
    pub lines: Vec<crate::db::proposals::OfficeLine>,
    /// each line's wait in working days and whether it is overdue (a line not waiting: `None`)
    pub waits: Vec<Option<(u32, bool)>>,
    /// the titles of the lines (code, Vietnamese name, English name), and their units (id, name)
    pub titles: Vec<(String, String, String)>,
    pub units: Vec<(i64, String)>,
}

/// Per campaign, at the proposals, people and campaigns versions and the day.
pub type ProposalLines = VersionedCache<i64, OfficeList>;

/// Per campaign, at the facts, people, registrations and campaigns versions and the day.
pub type EligibilityCache = VersionedCache<i64, Evaluated>;

/// The organisation's account figures (the administrators' home page), at the people version.
pub type AccountFigures = VersionedCache<(), AccountCounts>;

/// A home page's figures and campaigns, at the people, campaigns and registrations versions and the
/// day (in days from the common era).
pub type HomeCache = VersionedCache<crate::db::campaigns::HomeQuery, HomeData>;

/// A person's tasks (the home page's "Việc cần làm"), per user, at the people, campaigns,
/// registrations and proposals versions (decisions, submissions, the council's meetings and votes
/// and the notices bump the proposals version too) and the day.
pub type TasksCache = VersionedCache<i64, Vec<crate::domain::tasks::Task>>;

/// A person's registration with its commitments, initiatives and the reopenings that apply (the
/// registration form), keyed by (campaign, person, unit path), at the registrations, registration
/// details and people versions.
pub type RegistrationForms = VersionedCache<(i64, i64, String), crate::db::registrations::Full>;

/// The active people of a unit subtree (id, name), sorted by name: the co-author suggestions of the
/// registration form, at the people version.
pub type Colleagues = VersionedCache<String, Vec<(i64, String)>>;

/// A unit's review as stored, with what its page shows beside it: the unit, the meeting and each
/// member's record, the rule set's titles, the attached documents, the unit's proposal and the
/// submitted score totals of the unit's subtree.
pub struct ReviewData {
    pub unit: crate::db::units::UnitRow,
    pub review: Option<crate::db::reviews::Review>,
    /// each member's record, by person, and those recorded absent
    pub members: HashMap<i64, crate::db::reviews::Member>,
    pub absent: Vec<i64>,
    pub titles: Vec<crate::db::rule_sets::TitleLine>,
    pub documents: Vec<crate::db::documents::Document>,
    pub proposal_id: Option<i64>,
    pub totals: Vec<crate::db::scores::Total>,
    /// each registered member's self-assessment, by person
    pub assessed: HashMap<i64, crate::db::scores::Assessed>,
}

/// Per (campaign, unit), at the proposals, people and campaigns versions.
pub type Reviews = VersionedCache<(i64, i64), ReviewData>;

/// A review page's members section and its chair's and secretary's options, rendered (HTML).
pub struct ReviewParts {
    pub members: String,
    pub chair: String,
    pub secretary: String,
}

/// Per (campaign, unit, page, language, viewer, whether they record the review, whether they see
/// every score), at the proposals, people, campaigns, facts and registrations versions and the day.
pub type ReviewPartsCache = VersionedCache<ReviewPartsKey, ReviewParts>;
pub type ReviewPartsKey = (i64, i64, i64, Lang, i64, bool, bool);

use Version::{Campaigns, Day, Details, Facts, People, Proposals, Registrations, Registry};

/// What the year-end review's figures follow: people, registrations, proposals (with the council's
/// results), the award registry and campaigns.
const REVIEW: &[Version] = &[People, Registrations, Proposals, Registry, Campaigns];

/// Everything a server keeps in memory: the sessions (and the versions heard), the people
/// directory, campaigns and titles, and the versioned caches, each with the versions it follows.
pub struct Caches {
    /// The sessions this server serves and the data versions, kept true by PostgreSQL's
    /// notifications (used only while the listening connection is up).
    pub sessions: Arc<crate::auth::cache::SessionCache>,
    /// This server's copy of the people directory, checked against the database on every use.
    pub directory: crate::db::directory::Directory,
    /// This server's copy of campaigns and titles, checked the same way.
    pub campaigns: crate::db::campaign_cache::CampaignCache,
    pub account_counts: AccountFigures,
    pub home: HomeCache,
    pub tasks: TasksCache,
    pub registration_forms: RegistrationForms,
    pub colleagues: Colleagues,
    pub coverage: CoverageCache,
    pub eligibility: EligibilityCache,
    pub proposal_lines: ProposalLines,
    pub reviews: Reviews,
    pub review_parts: ReviewPartsCache,
    pub review_counts: ReviewCountsCache,
    pub progress_rows: ProgressCache,
    pub pipelines: PipelineCache,
    pub journeys: JourneysCache,
    pub trend_rows: TrendRowsCache,
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            sessions: Default::default(),
            directory: Default::default(),
            campaigns: Default::default(),
            account_counts: VersionedCache::new("account_figures", &[People], 1),
            home: VersionedCache::new("home", &[People, Campaigns, Registrations, Day], 20_000),
            tasks: VersionedCache::new(
                "tasks",
                &[People, Campaigns, Registrations, Proposals, Day],
                20_000,
            ),
            registration_forms: VersionedCache::new(
                "registration_forms",
                &[Registrations, Details, People],
                20_000,
            ),
            colleagues: VersionedCache::new("colleagues", &[People], 1_000),
            coverage: VersionedCache::new("coverage", &[Registrations, People], 64),
            eligibility: VersionedCache::new(
                "eligibility",
                &[Facts, People, Registrations, Campaigns, Day],
                8,
            ),
            proposal_lines: VersionedCache::new(
                "proposal_lines",
                &[Proposals, People, Campaigns, Day],
                8,
            ),
            reviews: VersionedCache::new("reviews", &[Proposals, People, Campaigns], 1_000),
            review_parts: VersionedCache::new(
                "review_parts",
                &[Proposals, People, Campaigns, Facts, Registrations, Day],
                256,
            ),
            review_counts: VersionedCache::new("review_counts", REVIEW, 64),
            progress_rows: VersionedCache::new(
                "progress",
                &[People, Registrations, Details, Facts, Campaigns],
                64,
            ),
            pipelines: VersionedCache::new(
                "pipelines",
                &[Proposals, Registry, People, Campaigns],
                256,
            ),
            journeys: VersionedCache::new("journeys", REVIEW, 64),
            trend_rows: VersionedCache::new("trend_rows", REVIEW, 64),
        }
    }
}

impl Caches {
    /// Each cache's metrics name and the versions it follows (the sessions follow PostgreSQL's
    /// notifications, not a version).
    pub fn declarations(&self) -> Vec<(&'static str, &'static [Version])> {
        let mut all = vec![
            (
                self.directory.counts().name(),
                crate::db::directory::FOLLOWS,
            ),
            (
                self.campaigns.counts()[0].name(),
                crate::db::campaign_cache::FOLLOWS,
            ),
            (
                self.campaigns.counts()[1].name(),
                crate::db::campaign_cache::FOLLOWS,
            ),
        ];
        all.extend(self.versioned().map(|(c, f)| (c.name(), f)));
        all
    }

    /// Every cache's hits and misses (the metrics).
    pub fn counts(&self) -> Vec<&Counts> {
        let [campaigns, titles] = self.campaigns.counts();
        let mut all = vec![
            self.sessions.named_counts(),
            self.directory.counts(),
            campaigns,
            titles,
        ];
        all.extend(self.versioned().map(|(c, _)| c));
        all
    }

    fn versioned(&self) -> impl Iterator<Item = (&Counts, &'static [Version])> {
        [
            (self.account_counts.counts(), self.account_counts.follows()),
            (self.home.counts(), self.home.follows()),
            (self.tasks.counts(), self.tasks.follows()),
            (
                self.registration_forms.counts(),
                self.registration_forms.follows(),
            ),
            (self.colleagues.counts(), self.colleagues.follows()),
            (self.coverage.counts(), self.coverage.follows()),
            (self.eligibility.counts(), self.eligibility.follows()),
            (self.proposal_lines.counts(), self.proposal_lines.follows()),
            (self.reviews.counts(), self.reviews.follows()),
            (self.review_parts.counts(), self.review_parts.follows()),
            (self.review_counts.counts(), self.review_counts.follows()),
            (self.progress_rows.counts(), self.progress_rows.follows()),
            (self.pipelines.counts(), self.pipelines.follows()),
            (self.journeys.counts(), self.journeys.follows()),
            (self.trend_rows.counts(), self.trend_rows.follows()),
        ]
        .into_iter()
    }
}
