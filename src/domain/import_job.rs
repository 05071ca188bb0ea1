//! The preview-then-import jobs every import shares (people, ratings, award history): the statuses
//! a job goes through ([`JobStatus`]: the codes of the table's CHECK constraint).

/// An import job's status (`import_jobs.status`): its checked rows wait in preview, then it runs
/// in the background and ends done or failed; or it is cancelled while in preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum JobStatus {
    Preview,
    Running,
    Done,
    Failed,
    Cancelled,
}

impl JobStatus {
    pub const ALL: [JobStatus; 5] = [
        JobStatus::Preview,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Failed,
        JobStatus::Cancelled,
    ];
    pub fn code(self) -> &'static str {
        match self {
            JobStatus::Preview => "preview",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
            JobStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(code: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn is_preview(self) -> bool {
        self == JobStatus::Preview
    }
    pub fn is_running(self) -> bool {
        self == JobStatus::Running
    }
    pub fn is_done(self) -> bool {
        self == JobStatus::Done
    }
    pub fn is_failed(self) -> bool {
        self == JobStatus::Failed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_their_codes() {
        for s in JobStatus::ALL {
            assert_eq!(JobStatus::parse(s.code()), Some(s));
        }
        assert_eq!(JobStatus::parse("advance"), None);
    }
}
