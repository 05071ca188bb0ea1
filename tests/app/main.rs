//! Every integration test of the app, in one binary (one link instead of one per file): each module
//! is one area, as the files under tests/ were before. Shared helpers live in `common`. Run one
//! area with `cargo test --test app trust::`, one test by its name.

mod common;

mod adhoc;
mod admin;
mod api_errors;
mod architecture;
mod authorization;
mod awards;
mod bounds;
mod browser;
mod cache;
mod campaigns;
mod certificates;
mod cli;
mod clusters;
mod council;
mod council_meeting;
mod dashboard;
mod db_roles;
mod decision_amend;
mod decisions;
mod demo_awards;
mod demo_chronology;
mod directory_incremental;
mod documents;
mod eligibility;
mod eligibility_incremental;
mod fact_imports;
mod fact_sets;
mod import;
mod mail;
mod metrics;
mod midyear;
mod object_store;
mod office;
mod openapi;
mod outage;
mod outcomes;
mod papers;
mod people;
mod progress_batch;
mod ratings;
mod review_report;
mod rule_sets;
mod scores;
mod seal;
mod security;
mod statistics;
mod submissions;
mod trends;
mod trust;
mod uploads;
mod verify_limits;
mod year_end;
