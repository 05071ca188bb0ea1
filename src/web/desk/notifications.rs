//! The notifications list (the header's badge links here) and marking them read.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::notifications::NotificationRow;
use crate::domain::paging::Paging;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::extract::{Form, Query};
use crate::web::{Ctx, redirect_flash, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "notifications.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<NotificationRow>,
    pub paging: Paging,
}

impl ListPage {
    fn message(&self, n: &NotificationRow) -> String {
        let args = n.arg_list();
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        self.ctx.tf(&format!("notif.{}", n.kind), refs)
    }
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let total = db::notifications::count(&state.db, user.user_id).await?;
    let paging = Paging::new(q.page, None, total);
    let rows =
        db::notifications::page(&state.db, user.user_id, paging.per_page, paging.offset()).await?;
    render(&ListPage { ctx, rows, paging })
}

#[derive(Deserialize, Default)]
pub struct ReadForm {
    #[serde(default)]
    pub id: Option<i64>,
    #[serde(default)]
    pub next: String,
}

/// Marks one notification (or all) read. Reading one's own notifications is not audited: it changes
/// no shared data.
pub async fn mark_read(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Form(f): Form<ReadForm>,
) -> AppResult<Response> {
    db::notifications::mark_read(&state.db, user.user_id, f.id).await?;
    let next = crate::auth::safe_next(&f.next).unwrap_or_else(|| "/notifications".into());
    Ok(redirect_flash(
        &next,
        if f.id.is_some() {
            ctx.t("notif.one_read")
        } else {
            ctx.t("notif.all_read")
        },
    ))
}
