//! thidua: emulation and commendation (thi đua, khen thưởng) management.
//!
//! The binary (`main.rs`) is a thin CLI over this library so that tests can spawn the same server.

pub mod auth;
pub mod caches;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod i18n;
pub mod mail;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod scratch;
pub mod seal;
pub mod startup;
pub mod state;
pub mod storage;
pub mod web;
