//! The home page: what waits on the user across their roles ("Việc cần làm", `domain::tasks`), the
//! live campaigns with their stage and the user's registration, and each role's figures and links.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::HomeCampaign;
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::roles::{Role, scope_patterns};
use crate::domain::tasks::Task;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::{Ctx, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

pub struct Stats {
    pub units: i64,
    pub people: i64,
    pub people_in_scope: i64,
    pub accounts: i64,
    pub disabled_accounts: i64,
    pub accounts_without_role: i64,
    pub must_change: i64,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub stats: Stats,
    pub unit_name: Option<String>,
    pub position: Option<String>,
    pub head_units: Vec<(i64, String)>,
    pub is_staff: bool,
    pub is_head: bool,
    pub is_office: bool,
    pub is_council: bool,
    pub is_director: bool,
    pub is_admin: bool,
    /// live campaigns with their stage today
    pub campaigns: Vec<(HomeCampaign, Stage)>,
    /// what waits on the user, the most urgent first
    pub tasks: std::sync::Arc<Vec<Task>>,
    pub today: chrono::NaiveDate,
}

impl HomePage {
    fn days_to(&self, d: &chrono::NaiveDate) -> i64 {
        (*d - today_vn()).num_days()
    }
    /// The campaign takes registrations (or will: published, not yet past the deadline).
    fn registering(&self, st: &Stage) -> bool {
        matches!(st, Stage::Published | Stage::RegistrationOpen)
    }
    fn runs(&self, c: &HomeCampaign) -> bool {
        self.is_office_or_director() && c.people > 0
    }
    fn is_office_or_director(&self) -> bool {
        self.is_office || self.is_director
    }
    fn overdue(&self, t: &Task) -> bool {
        t.overdue(self.today)
    }
    fn task_text(&self, t: &Task) -> String {
        crate::web::tasks::text(&self.ctx, t)
    }
    fn task_due(&self, t: &Task) -> Option<String> {
        crate::web::tasks::due(&self.ctx, t, self.today)
    }
    fn pct(&self, c: &HomeCampaign) -> i64 {
        if c.people == 0 {
            0
        } else {
            c.registered * 100 / c.people
        }
    }
}

/// The names of the units the user heads.
async fn head_units(state: &AppState, user: &CurrentUser) -> AppResult<Vec<(i64, String)>> {
    let head_ids: Vec<i64> = user
        .grants
        .iter()
        .filter(|g| g.role == Role::UnitHead)
        .map(|g| g.unit_id)
        .collect();
    Ok(if head_ids.is_empty() {
        Vec::new()
    } else {
        db::units::names_of(&state.db, &head_ids).await?
    })
}

pub async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let scope = user.people_read_scope();
    let head_scope = scope_patterns(&user.grants, |r| r == Role::UnitHead);
    // campaigns matter to people taking part and to those running them, not to an administrator
    // without a person record
    let manage = user.campaign_manage_scope();
    let wants_campaigns = user.person_id.is_some() || !manage.is_empty();
    // account figures, organisation-wide for its administrators: from this server's copy when it
    // is as new as the request's version (an administrator of a subtree counts theirs below)
    let org_admin = user.is_root_admin();
    let cached = if org_admin {
        state.caches.account_counts.get(&(), &user.seen)
    } else {
        None
    };
    let key = db::campaigns::HomeQuery {
        read_scope: scope,
        person_id: user.person_id,
        unit_id: user.unit_id,
        unit_path: user.unit_path.clone(),
        manage,
        head_scope,
        admin: org_admin && cached.is_none(),
        campaigns: wants_campaigns,
    };
    let versions = &user.seen;
    let mut d = (*state
        .caches
        .home
        .get_or_load(&key, versions, || db::campaigns::home_data(&state.db, &key))
        .await?)
        .clone();
    if !org_admin && user.is_admin() {
        d.accounts = db::users::counts_in(&state.db, &user.account_scope()).await?;
    }
    if org_admin {
        match cached {
            Some(counts) => d.accounts = (*counts).clone(),
            // read after the session's version, so at least that new
            None => state.caches.account_counts.put(
                (),
                &user.seen,
                std::sync::Arc::new(d.accounts.clone()),
            ),
        }
    }
    let today = today_vn();
    let campaigns = d
        .campaigns
        .into_iter()
        .map(|c| {
            let manual = Stage::parse(&c.stage).unwrap_or(Stage::Draft);
            let st = crate::domain::campaign::effective_stage(manual, &c.timeline, today);
            (c, st)
        })
        .collect();
    let head_units = head_units(&state, &user).await?;
    let tasks = crate::web::tasks::of(&state, &user).await?;
    render(&HomePage {
        campaigns,
        tasks,
        today,
        stats: Stats {
            units: d.units,
            people: d.people,
            people_in_scope: d.people_in_scope,
            accounts: d.accounts.accounts,
            disabled_accounts: d.accounts.disabled,
            accounts_without_role: d.accounts.no_role,
            must_change: d.accounts.must_change,
        },
        unit_name: d.unit_name,
        position: d.position,
        head_units,
        is_staff: user.has(Role::Staff),
        is_head: user.has(Role::UnitHead),
        is_office: user.has(Role::Office),
        is_council: user.has(Role::Council),
        is_director: user.any(&[Role::Director, Role::DeputyDirector]),
        is_admin: user.is_admin(),
        ctx,
    })
}
