//! The Office's view of the cycle: coverage of registrations, the mid-year review, statistics and
//! trends, outcomes, the year-end review report, the direction's dashboard.

pub mod coverage;
pub mod dashboard;
pub mod midyear;
pub mod outcomes;
pub mod review_report;
pub mod statistics;
pub mod trends;
