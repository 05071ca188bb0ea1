//! Year-end at the units: scores and their calibration, the unit's review meeting and its minutes, the
//! proposal with its lines, reports and documents, exemplars.

pub mod documents;
pub mod exemplars;
pub mod meeting;
pub mod meeting_form;
pub mod meeting_members;
pub mod proposal_flow;
pub mod proposal_form;
pub mod proposal_list;
pub mod proposals;
pub mod reports;
pub mod score_overview;
pub mod scores;
