//! What each server keeps in memory, and the data versions each follows. Every value is stored with
//! the versions the request that loaded it had read with its session (`data_versions`,
//! `registration_versions`), and serves requests whose versions are no newer (`db::versioned`). All
//! state stays in PostgreSQL: a new server starts empty, and several servers agree because the
//! versions are bumped by triggers in the transaction of every change.
//!
//! | cache | key | follows |
//! | --- | --- | --- |
//! | people directory (`db::directory`) | — | people |
//! | campaigns and titles (`db::campaign_cache`) | campaign | campaigns |
//! | coverage ([`CoverageCache`]) | campaign, scope | registrations, people |
//! | eligibility ([`EligibilityCache`]) | campaign | facts, people, registrations, campaigns, the day |
//! | account figures ([`AccountFigures`]) | — | people |
//! | home pages ([`HomeCache`]) | everything the home query reads for the user | people, campaigns, registrations, the day |
//! | a unit's colleagues ([`Colleagues`]) | unit path | people |
//!
//! The sessions and the versions themselves are kept by `auth::cache::SessionCache`, which follows
//! PostgreSQL's notifications (`db::live`); see docs/ARCHITECTURE.md.

use crate::db::campaigns::{AccountCounts, HomeData};
use crate::db::eligibility::Scope;
use crate::db::registrations::ReopeningRow;
use crate::db::versioned::VersionedCache;
use crate::domain::coverage::CoverageRow;
use crate::domain::eligibility::{RuleSet, ScopeResult, Setting};
use crate::i18n::Lang;

/// A campaign's coverage by unit under a scope (rolled up, in tree order) and its reopenings.
pub struct Overview {
    pub rows: Vec<CoverageRow>,
    pub reopenings: Vec<ReopeningRow>,
}

/// Overviews keyed by (campaign, scope patterns), at the registrations and people versions.
pub type CoverageCache = VersionedCache<(i64, Vec<String>), Overview, 2>;

/// A campaign's whole scope evaluated: rule set, facts, everyone's outcomes.
pub struct Evaluated {
    pub rules: RuleSet,
    pub scope: Scope,
    pub result: ScopeResult,
    pub setting: Setting,
}

impl Evaluated {
    /// A title's name in `lang` (its code when the rule set has no such title).
    pub fn title_name(&self, code: &str, lang: Lang) -> String {
        self.rules
            .title(code)
            .map(|t| t.name(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    }
}

/// Per campaign, at the facts, people, registrations and campaigns versions and the day.
pub type EligibilityCache = VersionedCache<i64, Evaluated, 5>;

/// The organisation's account figures (the administrators' home page), at the people version.
pub type AccountFigures = VersionedCache<(), AccountCounts, 1>;

/// What the home query was asked: the user's read scope, person, unit and unit path, the campaigns
/// they manage, the units they head, whether account figures and campaigns were wanted.
pub type HomeKey = (
    Vec<String>,
    Option<i64>,
    Option<i64>,
    Option<String>,
    Vec<String>,
    Vec<String>,
    bool,
    bool,
);

/// A home page's figures and campaigns, at the people, campaigns and registrations versions and the
/// day (in days from the common era).
pub type HomeCache = VersionedCache<HomeKey, HomeData, 4>;

/// The active people of a unit subtree (id, name), sorted by name: the co-author suggestions of the
/// registration form, at the people version.
pub type Colleagues = VersionedCache<String, Vec<(i64, String)>, 1>;
