//! From the council's list to the record: the Department's award decisions and their amendments,
//! submissions upward with their dossier pack, certificates, the signed copy's checks, the award registry.

pub mod certificate_reissues;
pub mod certificates;
pub mod decision_amend;
pub mod decisions;
pub mod registry;
pub mod registry_list;
pub mod signing;
pub mod submission_dossier;
pub mod submission_pack;
pub mod submissions;
