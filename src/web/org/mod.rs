//! The organisation: the unit tree, the people and their HR records, imports of people, emulation clusters and blocs.

pub mod clusters;
pub mod imports;
pub mod people;
pub mod units;
