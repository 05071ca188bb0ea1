//! What waits on the signed-in person ("Việc cần làm"): the rows of `db::tasks` made into
//! `domain::tasks::Task`s with their deadlines, the most urgent first. The home page lists them all;
//! a campaign's page shows each under its phase.

use crate::auth::CurrentUser;
use crate::db;
use crate::domain::dates::today_vn;
use crate::domain::roles::{Role, scope_patterns};
use crate::domain::tasks::{Due, Kind, Task};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Ctx;
use std::sync::Arc;

/// How many days before a campaign's proposal deadline the units' year-end tasks (the review to
/// hold, the self-assessment) appear on the home page.
pub const YEAR_END_LEAD_DAYS: i32 = 30;

/// What waits on `user` today, the most urgent first.
pub async fn of(state: &AppState, user: &CurrentUser) -> AppResult<Arc<Vec<Task>>> {
    let whose = db::tasks::Whose {
        user_id: user.user_id,
        person_id: user.person_id,
        signs: scope_patterns(&user.grants, |r| {
            matches!(r, Role::Director | Role::DeputyDirector)
        }),
        office: scope_patterns(&user.grants, |r| r == Role::Office),
        head_units: user
            .grants
            .iter()
            .filter(|g| g.role == Role::UnitHead)
            .map(|g| g.unit_id)
            .collect(),
        head_scope: scope_patterns(&user.grants, |r| r == Role::UnitHead),
        today: today_vn(),
        lead_days: YEAR_END_LEAD_DAYS,
    };
    state
        .caches
        .tasks
        .get_or_load(&user.user_id, &user.seen, || load(state, &whose))
        .await
}

/// The tasks of `whose`, read and ordered.
async fn load(state: &AppState, whose: &db::tasks::Whose) -> AppResult<Vec<Task>> {
    let rows = db::tasks::of(&state.db, whose).await?;
    // working days are counted only when a task falls due after some
    let cal = if rows.iter().any(|r| r.days.is_some()) {
        db::calendar::calendar(&state.db).await?
    } else {
        crate::domain::workdays::Calendar::default()
    };
    let mut tasks: Vec<Task> = rows
        .into_iter()
        .filter_map(|r| {
            let kind = Kind::parse(&r.kind)?;
            let due = match (r.due_on, r.since, r.days) {
                (_, Some(t), Some(n)) => Due::WorkingDaysAfter(
                    crate::domain::dates::vn_day(t),
                    u32::try_from(n).unwrap_or_default(),
                ),
                (Some(d), _, _) => Due::On(d),
                _ => Due::None,
            };
            Some(Task {
                kind,
                campaign_id: r.campaign_id,
                campaign: r.campaign,
                target: r.target,
                name: r.name,
                count: r.n,
                due: due.date(&cal),
            })
        })
        .collect();
    // the Office's secretary prepares the meeting: its agenda is not a second task for them
    let preparing: Vec<i64> = tasks
        .iter()
        .filter(|t| t.kind == Kind::PrepareMeeting)
        .map(|t| t.target)
        .collect();
    tasks.retain(|t| !(t.kind == Kind::MeetingAgenda && preparing.contains(&t.target)));
    Ok(crate::domain::tasks::ordered(tasks))
}

/// What task `t` asks, in the viewer's language.
pub fn text(ctx: &Ctx, t: &Task) -> String {
    let n = t.count.to_string();
    ctx.tf(
        &format!("task.{}", t.kind.code()),
        [n.as_str(), t.name.as_str()],
    )
}

/// When task `t` falls due: the date and the days left, or how long it is overdue.
pub fn due(ctx: &Ctx, t: &Task, today: chrono::NaiveDate) -> Option<String> {
    let due = t.due?;
    let left = match t.days_left(today).unwrap_or_default() {
        0 => ctx.t("tasks.today").to_string(),
        d if d < 0 => ctx.tf("tasks.overdue", [(-d).to_string().as_str()]),
        d => ctx.tf("tasks.days_left", [d.to_string().as_str()]),
    };
    Some(ctx.tf(
        "tasks.due",
        [crate::domain::dates::fmt_date(due).as_str(), left.as_str()],
    ))
}
