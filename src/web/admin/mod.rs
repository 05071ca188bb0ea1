//! Administration: accounts and roles, the trust store of signing certificates, the audit log, the
//! calendar of holidays, signing delegations, the issuing bodies' particulars.

pub mod audit;
pub mod calendar;
pub mod delegations;
pub mod issuers;
pub mod trust;
pub mod users;
