//! The award registry's page: every award of the people and units the viewer reads (decisions of
//! the Department, higher authorities' decisions, imported history), filtered by year, unit, title
//! and name, paged, each with its verification code; the same list as .xlsx; and the people's
//! awards of a year in the fields of the national civil-service database, as .xlsx.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::keys::Page;
use crate::db::registry::{Filter, Listed};
use crate::domain::names::group_thousands;
use crate::domain::paging::Paging;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::extract::Query;
use crate::web::{Ctx, render, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct RegistryQuery {
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub unit: Option<i64>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template)]
#[template(path = "registry.html")]
pub struct RegistryPage {
    pub ctx: Ctx,
    pub rows: Vec<Listed>,
    pub paging: Paging,
    pub q: RegistryQuery,
    pub units: Vec<(i64, String)>,
}

impl RegistryPage {
    fn base(&self) -> String {
        format!(
            "/registry?year={}&unit={}&title={}&q={}",
            self.q.year.map(|y| y.to_string()).unwrap_or_default(),
            self.q.unit.map(|u| u.to_string()).unwrap_or_default(),
            urlencode(&self.q.title),
            urlencode(&self.q.q)
        )
    }
    fn export_href(&self) -> String {
        self.base().replacen("/registry?", "/registry.xlsx?", 1)
    }
    fn national_href(&self) -> String {
        self.base()
            .replacen("/registry?", "/registry/national.xlsx?", 1)
    }
    fn money(&self, v: &i64) -> String {
        group_thousands(&v.to_string())
    }
    fn unit_selected(&self, id: &i64) -> bool {
        self.q.unit == Some(*id)
    }
    fn year_text(&self) -> String {
        self.q.year.map(|y| y.to_string()).unwrap_or_default()
    }
}

/// The viewer's scope and the filter asked for (a unit outside the scope is not found).
async fn filter_of(
    state: &AppState,
    user: &CurrentUser,
    q: &RegistryQuery,
) -> AppResult<(Vec<String>, Filter, Vec<(i64, String)>)> {
    let patterns = user.people_read_scope();
    user.require(!patterns.is_empty())?;
    let units: Vec<(i64, String, String)> = db::units::open_in(&state.db, &patterns)
        .await?
        .into_iter()
        .map(|(id, name, depth, path)| {
            let indent = "\u{a0}\u{a0}".repeat(depth.max(0) as usize);
            (id, format!("{indent}{name}"), path)
        })
        .collect();
    let unit_path = match q.unit {
        Some(id) => Some(
            units
                .iter()
                .find(|u| u.0 == id)
                .map(|u| u.2.clone())
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let f = Filter {
        year: q.year,
        unit_path,
        title: q.title.trim().to_string(),
        q: q.q.clone(),
    };
    Ok((patterns, f, units.into_iter().map(|u| (u.0, u.1)).collect()))
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<RegistryQuery>,
) -> AppResult<Response> {
    let (patterns, f, units) = filter_of(&state, &user, &q).await?;
    let per = Paging::DEFAULT_PER_PAGE;
    // a page past the end (or a number too large to multiply) shows the last page
    let page = q.page.unwrap_or(1).clamp(1, i64::MAX / per);
    let asked = (page - 1) * per;
    let (mut rows, total) = db::registry::listing(
        &state.db,
        &patterns,
        &f,
        Page {
            limit: per,
            offset: asked,
        },
    )
    .await?;
    let paging = Paging::new(Some(page), None, total);
    if paging.offset() != asked {
        rows = db::registry::listing(
            &state.db,
            &patterns,
            &f,
            Page {
                limit: per,
                offset: paging.offset(),
            },
        )
        .await?
        .0;
    }
    render(&RegistryPage {
        ctx,
        rows,
        paging,
        q,
        units,
    })
}

/// The same list, every matching entry, as .xlsx.
pub async fn xlsx(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<RegistryQuery>,
) -> AppResult<Response> {
    let (patterns, f, _) = filter_of(&state, &user, &q).await?;
    let (rows, _) = db::registry::listing(
        &state.db,
        &patterns,
        &f,
        Page {
            limit: 100_000,
            offset: 0,
        },
    )
    .await?;
    let sheet = crate::export::sheets::registry(&rows);
    crate::web::files::sheets_response(&[sheet], "so-khen-thuong.xlsx")
}

/// The people's awards of the year asked for (and the other filters), in the fields of the
/// national civil-service database, as .xlsx; without a year, back to the registry.
pub async fn national(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<RegistryQuery>,
) -> AppResult<Response> {
    let (patterns, f, _) = filter_of(&state, &user, &q).await?;
    let Some(year) = f.year else {
        return Ok(crate::web::redirect_flash(
            "/registry",
            ctx.t("registry.err_year"),
        ));
    };
    let rows = db::registry::national(&state.db, &patterns, &f).await?;
    let sheet = crate::export::sheets::national(Some(year), &rows);
    crate::web::files::sheets_response(&[sheet], &format!("csdl-cbccvc-khen-thuong-{year}.xlsx"))
}
