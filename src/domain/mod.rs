//! Pure domain types and rules: no web framework, no database.

pub mod campaign;
pub mod cash;
pub mod certificate;
pub mod council;
pub mod coverage;
pub mod dates;
pub mod eligibility;
pub mod facts_import;
pub mod import;
pub mod names;
pub mod outcomes;
pub mod paging;
pub mod person;
pub mod proposal;
pub mod report;
pub mod richtext;
pub mod roles;
pub mod scoring;
pub mod signature;
pub mod statistics;
pub mod throttle;
pub mod unit;
pub mod url;
pub mod username;
pub mod workdays;
