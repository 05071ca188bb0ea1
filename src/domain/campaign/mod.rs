//! Campaigns (the Director's emulation plan) and registrations: stages, deadlines, status changes and
//! form validation. Pure: no web framework, no database.

pub mod phases;
mod plan;
mod registration;
mod stage;

pub use plan::*;
pub use registration::*;
pub use stage::*;

#[cfg(test)]
mod tests;
