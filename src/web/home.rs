//! The home page: what each of the user's roles has to do.

use super::{Ctx, render};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::HomeCampaign;
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::roles::{Role, scope_patterns};
use crate::error::AppResult;
use crate::startup::AppState;
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
}

impl HomePage {
    fn days_to(&self, d: &chrono::NaiveDate) -> i64 {
        (*d - today_vn()).num_days()
    }
    fn runs(&self, c: &HomeCampaign) -> bool {
        self.is_office_or_director() && c.people > 0
    }
    fn is_office_or_director(&self) -> bool {
        self.is_office || self.is_director
    }
    fn pct(&self, c: &HomeCampaign) -> i64 {
        if c.people == 0 {
            0
        } else {
            c.registered * 100 / c.people
        }
    }
}

pub async fn home(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let scope = user.people_read_scope();
    let s = sqlx::query!(
        r#"SELECT (SELECT count(*) FROM units WHERE valid_to IS NULL OR valid_to >= current_date) AS "units!",
                  (SELECT coalesce(sum(active_people), 0)::int8 FROM units) AS "people!",
                  (SELECT coalesce(sum(active_people), 0)::int8 FROM units WHERE path LIKE ANY($1)) AS "people_in_scope!",
                  CASE WHEN $4 THEN (SELECT count(*) FROM users) ELSE 0 END AS "accounts!",
                  CASE WHEN $4 THEN (SELECT count(*) FROM users WHERE NOT active) ELSE 0 END AS "disabled!",
                  CASE WHEN $4 THEN (SELECT count(*) FROM users a WHERE NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = a.id)) ELSE 0 END AS "no_role!",
                  CASE WHEN $4 THEN (SELECT count(*) FROM users WHERE must_change_password AND active) ELSE 0 END AS "must_change!",
                  (SELECT p.position FROM people p WHERE p.id = $2) AS "position?",
                  (SELECT u.name FROM units u WHERE u.id = $3) AS "unit_name?""#,
        &scope,
        user.person_id,
        user.unit_id,
        user.is_admin(),
    )
    .fetch_one(&state.db)
    .await?;
    let head_ids: Vec<i64> = user
        .grants
        .iter()
        .filter(|g| g.role == Role::UnitHead)
        .map(|g| g.unit_id)
        .collect();
    let head_units = sqlx::query!(
        r#"SELECT id, name AS "name!" FROM units WHERE id = ANY($1) ORDER BY name"#,
        &head_ids
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|r| (r.id, r.name))
    .collect();
    // campaigns matter to people taking part and to those running them, not to an administrator
    // without a person record
    let campaigns = if user.person_id.is_some() || !user.campaign_manage_scope().is_empty() {
        let head_scope = scope_patterns(&user.grants, |r| r == Role::UnitHead);
        let today = today_vn();
        db::campaigns::home_campaigns(
            &state.db,
            user.person_id,
            user.unit_path.as_deref(),
            &user.campaign_manage_scope(),
            &head_scope,
        )
        .await?
        .into_iter()
        .map(|c| {
            let manual = Stage::parse(&c.stage).unwrap_or(Stage::Draft);
            let st = crate::domain::campaign::effective_stage(manual, &c.timeline, today);
            (c, st)
        })
        .collect()
    } else {
        Vec::new()
    };
    render(&HomePage {
        campaigns,
        stats: Stats {
            units: s.units,
            people: s.people,
            people_in_scope: s.people_in_scope,
            accounts: s.accounts,
            disabled_accounts: s.disabled,
            accounts_without_role: s.no_role,
            must_change: s.must_change,
        },
        unit_name: s.unit_name,
        position: s.position,
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
