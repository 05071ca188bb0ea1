//! Documents and spreadsheets people download: official documents as .docx (Nghị định 30/2020),
//! lists as .xlsx.

pub mod certificate;
pub mod charts;
pub mod council;
pub mod decision;
pub mod docx;
pub mod docx_chart;
pub mod fonts;
pub mod plan;
pub mod programs;
pub mod review;
pub mod sheets;
pub mod submission;
pub mod xlsx;
pub mod year_report;
