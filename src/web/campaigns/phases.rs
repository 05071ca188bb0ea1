//! A campaign's page as the phases of its cycle (`domain::campaign::phases`): each with its dates,
//! whether it is over, current or ahead, what waits on the viewer in it (their tasks, with the one
//! way in) and the pages of the phase the viewer may open.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::domain::campaign::Stage;
use crate::domain::campaign::phases::{self, Phase, PhaseState};
use crate::domain::dates::today_vn;
use crate::domain::roles::Role;
use crate::domain::tasks::Task;
use crate::error::AppResult;
use crate::state::AppState;
use chrono::NaiveDate;

/// A phase as the campaign's page shows it.
pub struct PhaseView {
    pub phase: Phase,
    pub state: PhaseState,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// what waits on the viewer in this phase, the most urgent first
    pub tasks: Vec<Task>,
    /// the pages of this phase the viewer may open: (link, text key)
    pub links: Vec<(String, &'static str)>,
}

/// The phases of campaign `c` for `user`, with the status of their own registration.
pub async fn load(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<(Vec<PhaseView>, Option<String>)> {
    let today = today_vn();
    let stage = c.stage_on(today);
    let (mut progress, mine) = db::tasks::progress(&state.db, c.id, user.person_id).await?;
    progress.published = stage != Stage::Draft;
    progress.closed = stage == Stage::Closed;
    let lead = u64::try_from(crate::web::tasks::YEAR_END_LEAD_DAYS).unwrap_or_default();
    let current = phases::current(&c.plan.timeline, &progress, today, lead);
    let tasks = crate::web::tasks::of(state, user).await?;
    let views = phases::states(current, progress.closed)
        .into_iter()
        .map(|(phase, st)| {
            let (from, to) = phase.dates(&c.plan.timeline);
            let mine: Vec<Task> = tasks
                .iter()
                .filter(|t| t.campaign_id == c.id && t.kind.phase() == phase)
                .cloned()
                .collect();
            // a phase the cycle has left is not over for a viewer who still has work in it
            let state = match st {
                PhaseState::Done if !mine.is_empty() => PhaseState::Behind,
                st => st,
            };
            PhaseView {
                phase,
                state,
                from,
                to,
                tasks: mine,
                links: links(user, c, stage, phase),
            }
        })
        .collect();
    Ok((views, mine))
}

/// The pages of `phase` that `user` may open, as the campaign's page links them.
fn links(
    user: &CurrentUser,
    c: &CampaignRow,
    stage: Stage,
    phase: Phase,
) -> Vec<(String, &'static str)> {
    let id = c.id;
    let issuer = c.issuer_unit_path.as_str();
    let manage = user.manages_campaigns_of(issuer);
    let head = user.has(Role::UnitHead);
    let sees_all = user.sees_all_eligibility(issuer);
    let live = stage != Stage::Draft;
    let member = user
        .unit_path
        .as_deref()
        .is_some_and(|p| p.starts_with(issuer));
    let registers = user.person_id.is_some() && live && stage < Stage::Closed && member;
    let reviews = live && (sees_all || head);
    let mut v: Vec<(String, &'static str)> = Vec::new();
    let mut add = |ok: bool, href: String, key: &'static str| {
        if ok {
            v.push((href, key));
        }
    };
    match phase {
        Phase::Plan => {
            add(
                true,
                format!("/campaigns/{id}/plan.docx"),
                "plan.download_docx",
            );
        }
        Phase::Registration => {
            add(
                registers,
                format!("/campaigns/{id}/register"),
                "reg.my_registration",
            );
            add(
                live && (sees_all || head),
                format!("/campaigns/{id}/eligibility"),
                "elig.link_all",
            );
            add(
                live && !(sees_all || head) && member,
                format!("/campaigns/{id}/eligibility"),
                "elig.link_mine",
            );
            add(
                live && head,
                format!("/campaigns/{id}/unit"),
                "cov.unit_title",
            );
            add(
                live && manage,
                format!("/campaigns/{id}/coverage"),
                "cov.title",
            );
        }
        Phase::Midyear => {
            add(reviews, format!("/campaigns/{id}/midyear"), "mid.title");
        }
        Phase::YearEnd => {
            add(
                reviews,
                format!("/campaigns/{id}/reviews"),
                "review.list_title",
            );
            add(
                registers,
                format!("/campaigns/{id}/self-assessment"),
                "score.link_self",
            );
            add(reviews, format!("/campaigns/{id}/scores"), "score.overview");
            add(live, format!("/campaigns/{id}/exemplars"), "ex.title");
        }
        Phase::Proposals => {
            add(
                live && (manage || sees_all),
                format!("/campaigns/{id}/proposals"),
                "proposal.office_title",
            );
        }
        Phase::Council => {
            add(true, format!("/campaigns/{id}/council"), "campaign.council");
        }
        Phase::Notice => {
            add(live, "/notices".to_string(), "notice.list");
        }
        Phase::Decisions => {
            add(live, "/registry".to_string(), "registry.title");
        }
        Phase::Review => {
            add(reviews, format!("/campaigns/{id}/review"), "stats.title");
            add(live, format!("/campaigns/{id}/dashboard"), "dash.title");
        }
    }
    v
}
