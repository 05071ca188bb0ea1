//! The audit log, for administrators (each reads the entries about their own subtree): filter by
//! actor, entity, action and dates.

use crate::auth::CurrentUser;
use crate::db::{self, audit::AuditFilter, audit::AuditRow};
use crate::domain::dates::{fmt_opt_date, parse_opt_date};
use crate::domain::paging::Paging;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::extract::{Query, empty_as_none};
use crate::web::{Ctx, render, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    entity: String,
    #[serde(default)]
    entity_id: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    page: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    pub ctx: Ctx,
    pub rows: Vec<AuditRow>,
    pub paging: Paging,
    pub q: AuditQuery,
    pub date_error: bool,
}

impl AuditPage {
    pub fn base_query(&self) -> String {
        format!(
            "/admin/audit?actor={}&entity={}&entity_id={}&action={}&from={}&to={}",
            urlencode(&self.q.actor),
            urlencode(&self.q.entity),
            urlencode(&self.q.entity_id),
            urlencode(&self.q.action),
            urlencode(&self.q.from),
            urlencode(&self.q.to)
        )
    }
    pub fn json(&self, v: &Option<serde_json::Value>) -> String {
        v.as_ref()
            .map(|v| serde_json::to_string_pretty(v).unwrap_or_default())
            .unwrap_or_default()
    }
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(mut q): Query<AuditQuery>,
) -> AppResult<Response> {
    user.require_admin()?;
    let from = parse_opt_date(&q.from);
    let to = parse_opt_date(&q.to);
    let date_error = from.is_err() || to.is_err();
    let f = AuditFilter {
        actor: opt(&q.actor).map(|a| a.to_lowercase()),
        entity: opt(&q.entity),
        entity_id: opt(&q.entity_id),
        action: opt(&q.action),
        from: from.ok().flatten(),
        to: to.ok().flatten(),
    };
    if let (Ok(Some(_)), Ok(Some(_))) = (&from, &to) {
        q.from = fmt_opt_date(f.from);
        q.to = fmt_opt_date(f.to);
    }
    // an administrator of a subtree reads the entries about what lies inside it
    let scope = user.account_scope();
    let total = db::audit::count(&state.db, &f, &scope).await?;
    let paging = Paging::new(q.page, None, total);
    let rows = db::audit::page(&state.db, &f, &scope, paging.per_page, paging.offset()).await?;
    render(&AuditPage {
        ctx,
        rows,
        paging,
        q,
        date_error,
    })
}
