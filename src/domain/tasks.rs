//! A person's tasks ("Việc cần làm"): what waits on them across their roles, each with its one way
//! in and its deadline, the most urgent first. The rows come from the data (`db::tasks`); what a
//! task is, where it leads, whose it is and in which order they are shown is decided here.

use crate::domain::campaign::phases::Phase;
use crate::domain::workdays::Calendar;
use chrono::NaiveDate;

/// What waits, and on whom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// the Director (or a deputy): a draft decision to approve and sign
    ApproveDecision,
    /// the Director (or a deputy): a draft submission to a higher authority to sign and send
    SendSubmission,
    /// the Office (or the approver): an approved decision whose signed copy is to be uploaded
    IssueDecision,
    /// the Office: a unit's submitted proposal whose lines wait for a decision
    DecideLines,
    /// the Office: objections to a posted list not yet resolved
    ResolveObjections,
    /// the Office: posted lines whose notice period is over, in no decision or submission yet
    DraftFromNotice,
    /// the Office: a council meeting still being prepared
    PrepareMeeting,
    /// the Office: accepted lines on no meeting's agenda
    ScheduleLines,
    /// a council member: a meeting called with its agenda
    MeetingAgenda,
    /// a council member: lines of an open meeting they have not voted on
    CastBallot,
    /// a unit head: registrations sent for confirmation
    ConfirmRegistrations,
    /// a unit head: the unit's review meeting, not yet held
    HoldReview,
    /// a unit head: the unit's proposal, still a draft
    SendProposal,
    /// a unit head: the unit's proposal, returned by the Office
    SupplementProposal,
    /// a member of staff: no registration yet in a campaign open for it
    Register,
    /// a member of staff: a registration still a draft
    FinishRegistration,
    /// a member of staff: a registration returned by the unit head
    FixRegistration,
    /// a member of staff: commitments whose result at the year end is not assessed
    SelfAssess,
}

/// The role a task belongs to, as the home page tags it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Desk {
    Director,
    Office,
    Council,
    Head,
    Staff,
}

impl Desk {
    pub fn code(self) -> &'static str {
        match self {
            Desk::Director => "director",
            Desk::Office => "office",
            Desk::Council => "council",
            Desk::Head => "head",
            Desk::Staff => "staff",
        }
    }
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Kind::ApproveDecision,
        Kind::SendSubmission,
        Kind::IssueDecision,
        Kind::DecideLines,
        Kind::ResolveObjections,
        Kind::DraftFromNotice,
        Kind::PrepareMeeting,
        Kind::ScheduleLines,
        Kind::MeetingAgenda,
        Kind::CastBallot,
        Kind::ConfirmRegistrations,
        Kind::HoldReview,
        Kind::SendProposal,
        Kind::SupplementProposal,
        Kind::Register,
        Kind::FinishRegistration,
        Kind::FixRegistration,
        Kind::SelfAssess,
    ];

    /// Its code in the data and in the interface's texts (`task.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Kind::ApproveDecision => "approve_decision",
            Kind::SendSubmission => "send_submission",
            Kind::IssueDecision => "issue_decision",
            Kind::DecideLines => "decide_lines",
            Kind::ResolveObjections => "resolve_objections",
            Kind::DraftFromNotice => "draft_from_notice",
            Kind::PrepareMeeting => "prepare_meeting",
            Kind::ScheduleLines => "schedule_lines",
            Kind::MeetingAgenda => "meeting_agenda",
            Kind::CastBallot => "cast_ballot",
            Kind::ConfirmRegistrations => "confirm_registrations",
            Kind::HoldReview => "hold_review",
            Kind::SendProposal => "send_proposal",
            Kind::SupplementProposal => "supplement_proposal",
            Kind::Register => "register",
            Kind::FinishRegistration => "finish_registration",
            Kind::FixRegistration => "fix_registration",
            Kind::SelfAssess => "self_assess",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn desk(self) -> Desk {
        match self {
            Kind::ApproveDecision | Kind::SendSubmission => Desk::Director,
            Kind::IssueDecision
            | Kind::DecideLines
            | Kind::ResolveObjections
            | Kind::DraftFromNotice
            | Kind::PrepareMeeting
            | Kind::ScheduleLines => Desk::Office,
            Kind::MeetingAgenda | Kind::CastBallot => Desk::Council,
            Kind::ConfirmRegistrations
            | Kind::HoldReview
            | Kind::SendProposal
            | Kind::SupplementProposal => Desk::Head,
            Kind::Register
            | Kind::FinishRegistration
            | Kind::FixRegistration
            | Kind::SelfAssess => Desk::Staff,
        }
    }

    /// The phase of the campaign's cycle the task belongs to.
    pub fn phase(self) -> Phase {
        match self {
            Kind::ApproveDecision
            | Kind::SendSubmission
            | Kind::IssueDecision
            | Kind::DraftFromNotice => Phase::Decisions,
            Kind::DecideLines | Kind::SendProposal | Kind::SupplementProposal => Phase::Proposals,
            Kind::ResolveObjections => Phase::Notice,
            Kind::PrepareMeeting | Kind::ScheduleLines | Kind::MeetingAgenda | Kind::CastBallot => {
                Phase::Council
            }
            Kind::ConfirmRegistrations
            | Kind::Register
            | Kind::FinishRegistration
            | Kind::FixRegistration => Phase::Registration,
            Kind::HoldReview | Kind::SelfAssess => Phase::YearEnd,
        }
    }

    /// The page that does the task: `campaign` is the campaign's id, `target` the id of the
    /// decision, submission, proposal, notice, meeting or unit the task is about.
    pub fn href(self, campaign: i64, target: i64) -> String {
        match self {
            Kind::ApproveDecision | Kind::IssueDecision => format!("/decisions/{target}"),
            Kind::SendSubmission => format!("/submissions/{target}"),
            Kind::DecideLines | Kind::SendProposal | Kind::SupplementProposal => {
                format!("/proposals/{target}")
            }
            Kind::ResolveObjections | Kind::DraftFromNotice => format!("/notices/{target}"),
            Kind::PrepareMeeting | Kind::MeetingAgenda | Kind::CastBallot => {
                format!("/council/meetings/{target}")
            }
            Kind::ScheduleLines => format!("/campaigns/{campaign}/council/meetings/new"),
            Kind::ConfirmRegistrations => {
                format!("/campaigns/{campaign}/unit?status=submitted")
            }
            Kind::HoldReview => format!("/campaigns/{campaign}/reviews/{target}"),
            Kind::Register | Kind::FinishRegistration | Kind::FixRegistration => {
                format!("/campaigns/{campaign}/register")
            }
            Kind::SelfAssess => format!("/campaigns/{campaign}/self-assessment"),
        }
    }
}

/// When a task falls due: on a date, or a number of working days after the day it began (a
/// proposal's check by the Office, a returned proposal's supplement by the unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    None,
    On(NaiveDate),
    WorkingDaysAfter(NaiveDate, u32),
}

impl Due {
    pub fn date(self, cal: &Calendar) -> Option<NaiveDate> {
        match self {
            Due::None => None,
            Due::On(d) => Some(d),
            Due::WorkingDaysAfter(from, n) => Some(cal.add_working_days(from, n)),
        }
    }
}

/// A task as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    pub kind: Kind,
    pub campaign_id: i64,
    pub campaign: String,
    pub target: i64,
    /// what it is about in words: a unit's name, a meeting's date, a decision's number (may be empty)
    pub name: String,
    /// how many items (lines, registrations, objections); 0 when it is one thing
    pub count: i64,
    pub due: Option<NaiveDate>,
}

impl Task {
    pub fn href(&self) -> String {
        self.kind.href(self.campaign_id, self.target)
    }
    /// Days left until it falls due (negative: overdue).
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.due.map(|d| (d - today).num_days())
    }
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.days_left(today).is_some_and(|d| d < 0)
    }
}

/// The tasks in the order they are shown: those with a deadline first, the nearest (or most
/// overdue) first; then those without, by role and kind; ties by campaign and target.
pub fn ordered(mut tasks: Vec<Task>) -> Vec<Task> {
    tasks.sort_by(|a, b| {
        let key = |t: &Task| (t.due.is_none(), t.due, t.kind, t.campaign_id, t.target);
        key(a).cmp(&key(b))
    });
    tasks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workdays::DayKind;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn task(kind: Kind, due: Option<NaiveDate>, target: i64) -> Task {
        Task {
            kind,
            campaign_id: 1,
            campaign: "c".into(),
            target,
            name: String::new(),
            count: 0,
            due,
        }
    }

    #[test]
    fn codes_read_back() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(k));
        }
        assert_eq!(Kind::parse("nothing"), None);
    }

    #[test]
    fn the_nearest_deadline_comes_first_and_undated_last() {
        let tasks = vec![
            task(Kind::Register, None, 1),
            task(Kind::HoldReview, Some(d(12, 20)), 2),
            task(Kind::ApproveDecision, None, 3),
            task(Kind::DecideLines, Some(d(12, 1)), 4),
        ];
        let order: Vec<i64> = ordered(tasks).into_iter().map(|t| t.target).collect();
        assert_eq!(order, vec![4, 2, 3, 1]);
    }

    #[test]
    fn overdue_is_past_the_due_day_not_on_it() {
        let t = task(Kind::HoldReview, Some(d(12, 8)), 1);
        assert!(!t.overdue(d(12, 8)));
        assert!(t.overdue(d(12, 9)));
        assert_eq!(t.days_left(d(12, 1)), Some(7));
    }

    #[test]
    fn a_check_period_counts_working_days_only() {
        // Friday 04/12/2026 plus 2 working days: Tuesday 08/12 (the weekend skipped); a holiday on
        // Monday moves it to Wednesday
        let plain = Calendar::new([]);
        assert_eq!(
            Due::WorkingDaysAfter(d(12, 4), 2).date(&plain),
            Some(d(12, 8))
        );
        let holiday = Calendar::new([(d(12, 7), DayKind::Holiday)]);
        assert_eq!(
            Due::WorkingDaysAfter(d(12, 4), 2).date(&holiday),
            Some(d(12, 9))
        );
        assert_eq!(Due::None.date(&plain), None);
    }

    #[test]
    fn every_task_leads_to_a_page_of_its_own() {
        assert_eq!(Kind::ApproveDecision.href(3, 9), "/decisions/9");
        assert_eq!(Kind::HoldReview.href(3, 9), "/campaigns/3/reviews/9");
        assert_eq!(
            Kind::ConfirmRegistrations.href(3, 9),
            "/campaigns/3/unit?status=submitted"
        );
        for k in Kind::ALL {
            assert!(k.href(3, 9).starts_with('/'));
        }
    }
}
