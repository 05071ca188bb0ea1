//! The organisation chart: everyone browses it; administrators create, rename, move and close units.

use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::units::{ChangeOutcome, NewUnit, UnitChange, UnitRow};
use crate::db::{self};
use crate::domain::dates::{fmt_date, parse_date, today_vn};
use crate::domain::names::clean_text;
use crate::domain::unit::{UnitKind, parse_unit_code};
use crate::error::{AppError, AppResult, is_unique_violation};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::choices::{UnitChoice, unit_choices};
use crate::web::extract::{Form, Path, Query};
use crate::web::forms;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;

pub use crate::domain::unit::tree_order;

pub struct ChartLine {
    pub unit: UnitRow,
    pub level: usize,
    pub open: bool,
}

#[derive(Template)]
#[template(path = "units/chart.html")]
pub struct ChartPage {
    pub ctx: Ctx,
    pub lines: Vec<ChartLine>,
    pub show_closed: bool,
    pub can_admin: bool,
}

#[derive(Deserialize)]
pub struct ChartQuery {
    closed: Option<String>,
}

pub async fn chart(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<ChartQuery>,
) -> AppResult<Response> {
    let show_closed = q.closed.is_some_and(|v| v == "1");
    let all = db::units::all(&state.db).await?;
    let order = tree_order(&all, |u| u.id, |u| u.parent_id);
    let mut levels: HashMap<i64, usize> = HashMap::new();
    let mut lines = Vec::new();
    for i in order {
        let u = &all[i];
        let level = u
            .parent_id
            .and_then(|p| levels.get(&p))
            .map(|l| l + 1)
            .unwrap_or(0);
        levels.insert(u.id, level);
        let open = u.is_open();
        if open || show_closed {
            lines.push(ChartLine {
                unit: u.clone(),
                level: level.min(6),
                open,
            });
        }
    }
    render(&ChartPage {
        ctx,
        lines,
        show_closed,
        can_admin: user.is_admin(),
    })
}

#[derive(Template)]
#[template(path = "units/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub unit: UnitRow,
    pub parent: Option<UnitRow>,
    pub merged_into: Option<UnitRow>,
    pub children: Vec<UnitRow>,
    pub history: Vec<db::units::HistoryRow>,
    pub subtree_people: i64,
    pub can_admin: bool,
    pub can_read_people: bool,
    pub merge_targets: Vec<(i64, String)>,
    /// the closing form as typed, and its errors
    pub close: CloseForm,
    pub errors: Errors,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(
        &show_page(
            &state,
            ctx,
            &user,
            id,
            CloseForm::default(),
            Errors::default(),
        )
        .await?,
    )
}

/// A unit's page, with the closing form holding `close` and showing `errors`.
async fn show_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    id: i64,
    close: CloseForm,
    errors: Errors,
) -> AppResult<ShowPage> {
    let all = db::units::all(&state.db).await?;
    let unit = all
        .iter()
        .find(|u| u.id == id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let parent = unit
        .parent_id
        .and_then(|p| all.iter().find(|u| u.id == p).cloned());
    let merged_into = unit
        .merged_into_id
        .and_then(|p| all.iter().find(|u| u.id == p).cloned());
    let children = all
        .iter()
        .filter(|u| u.parent_id == Some(id))
        .cloned()
        .collect();
    let history = db::units::history(&state.db, id).await?;
    // the headcounts are on the rows already loaded
    let subtree_people = all
        .iter()
        .filter(|u| u.path.starts_with(&unit.path))
        .map(|u| u.people)
        .sum();
    let can_admin = user.administers(&unit.path);
    let can_read_people = user.reads_people_in(&unit.path);
    let merge_targets = all
        .iter()
        .filter(|u| u.is_open() && !u.path.starts_with(&unit.path))
        .map(|u| (u.id, format!("{} ({})", u.name, u.code)))
        .collect();
    Ok(ShowPage {
        ctx,
        unit,
        parent,
        merged_into,
        children,
        history,
        subtree_people,
        can_admin,
        can_read_people,
        merge_targets,
        close,
        errors,
    })
}

async fn parent_options(
    state: &AppState,
    user: &CurrentUser,
    exclude_subtree_of: Option<&str>,
) -> AppResult<Vec<UnitChoice>> {
    unit_choices(state, &user.admin_scope(), exclude_subtree_of).await
}

#[derive(Deserialize, Default)]
pub struct UnitForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    version: i32,
}

#[derive(Template)]
#[template(path = "units/form.html")]
pub struct UnitFormPage {
    pub ctx: Ctx,
    pub unit_id: Option<i64>,
    pub form: UnitForm,
    pub errors: Errors,
    pub parents: Vec<UnitChoice>,
    pub kinds: Vec<&'static str>,
    pub can_be_root: bool,
}

impl UnitFormPage {
    fn parent_selected(&self, id: &i64) -> bool {
        self.form.parent_id == id.to_string()
    }
}

fn kinds() -> Vec<&'static str> {
    UnitKind::ALL.iter().map(|k| k.code()).collect()
}

fn can_create_root(user: &CurrentUser) -> bool {
    user.grants.iter().any(|g| {
        g.role == crate::domain::roles::Role::Admin && g.unit_path.matches('/').count() == 2
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    user.require_admin()?;
    let parents = parent_options(&state, &user, None).await?;
    let form = UnitForm {
        parent_id: q.get("parent").cloned().unwrap_or_default(),
        valid_from: fmt_date(today_vn()),
        kind: "division".into(),
        ..Default::default()
    };
    render(&UnitFormPage {
        ctx,
        unit_id: None,
        form,
        errors: Errors::default(),
        parents,
        kinds: kinds(),
        can_be_root: can_create_root(&user),
    })
}

struct ParsedUnit {
    code: String,
    name: String,
    kind: &'static str,
    parent_id: Option<i64>,
    date: chrono::NaiveDate,
}

fn parse_unit_form(
    f: &UnitForm,
    parents: &[UnitChoice],
    can_be_root: bool,
) -> Result<ParsedUnit, Errors> {
    let mut e = Errors::default();
    let code = parse_unit_code(&f.code).map_err(|k| e.push("code", k)).ok();
    let name = clean_text(&f.name);
    if name.is_empty() {
        e.push("name", "err.required");
    } else if name.chars().count() > 300 {
        e.push("name", "err.too_long");
    }
    let kind = UnitKind::parse(&f.kind).map(|k| k.code());
    if kind.is_none() {
        e.push("kind", "err.choose");
    }
    let parent_id = match f.parent_id.trim() {
        "" if can_be_root => None,
        "" => {
            e.push("parent_id", "err.choose");
            None
        }
        s => match s
            .parse::<i64>()
            .ok()
            .filter(|id| parents.iter().any(|p| p.id == *id))
        {
            Some(id) => Some(id),
            None => {
                e.push("parent_id", "err.choose");
                None
            }
        },
    };
    let date = parse_date(&f.valid_from)
        .map_err(|k| e.push("valid_from", k))
        .ok();
    match (code, kind, date) {
        (Some(code), Some(kind), Some(date)) if e.is_empty() => Ok(ParsedUnit {
            code,
            name,
            kind,
            parent_id,
            date,
        }),
        _ => Err(e),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(form): Form<UnitForm>,
) -> AppResult<Response> {
    user.require_admin()?;
    let parents = parent_options(&state, &user, None).await?;
    let can_be_root = can_create_root(&user);
    let invalid = |ctx, form, errors, parents| {
        render_invalid(&UnitFormPage {
            ctx,
            unit_id: None,
            form,
            errors,
            parents,
            kinds: kinds(),
            can_be_root,
        })
    };
    let p = match parse_unit_form(&form, &parents, can_be_root) {
        Ok(p) => p,
        Err(errors) => return invalid(ctx, form, errors, parents),
    };
    let mut tx = state.db.begin().await?;
    let res = db::units::insert(
        &mut *tx,
        &NewUnit {
            code: &p.code,
            name: &p.name,
            kind: p.kind,
            parent_id: p.parent_id,
            valid_from: p.date,
        },
    )
    .await;
    let (id, row) = match res {
        Ok(r) => r,
        Err(e) if is_unique_violation(&e, "units_code_key") => {
            return invalid(
                ctx,
                form,
                Errors::one("code", "err.unit_code_taken"),
                parents,
            );
        }
        Err(e) => return Err(e.into()),
    };
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "unit", id.to_string())
            .summary(p.name.to_string())
            .after(row),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/units/{id}"),
        &ctx.tf("unit.created", [p.name.as_str()]),
    ))
}

async fn load_admin_unit(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<UnitRow> {
    let unit = db::units::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    user.require(user.administers(&unit.path))?;
    Ok(unit)
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let unit = load_admin_unit(&state, &user, id).await?;
    let parents = parent_options(&state, &user, Some(&unit.path)).await?;
    let form = UnitForm {
        code: unit.code.clone(),
        name: unit.name.clone(),
        kind: unit.kind.clone(),
        parent_id: unit.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        valid_from: fmt_date(today_vn()),
        version: unit.version,
    };
    let can_be_root = unit.parent_id.is_none();
    render(&UnitFormPage {
        ctx,
        unit_id: Some(id),
        form,
        errors: Errors::default(),
        parents,
        kinds: kinds(),
        can_be_root,
    })
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(form): Form<UnitForm>,
) -> AppResult<Response> {
    let unit = load_admin_unit(&state, &user, id).await?;
    let parents = parent_options(&state, &user, Some(&unit.path)).await?;
    let can_be_root = unit.parent_id.is_none();
    let invalid = |ctx, form, errors, parents| {
        render_invalid(&UnitFormPage {
            ctx,
            unit_id: Some(id),
            form,
            errors,
            parents,
            kinds: kinds(),
            can_be_root,
        })
    };
    let p = match parse_unit_form(&form, &parents, can_be_root) {
        Ok(p) => p,
        Err(errors) => return invalid(ctx, form, errors, parents),
    };
    let mut tx = state.db.begin().await?;
    let change = UnitChange {
        id,
        version: form.version,
        code: &p.code,
        name: &p.name,
        kind: p.kind,
        parent_id: p.parent_id,
        effective: p.date,
    };
    let outcome = match db::units::change(&mut tx, &change).await {
        Ok(o) => o,
        Err(e) if is_unique_violation(&e, "units_code_key") => {
            return invalid(
                ctx,
                form,
                Errors::one("code", "err.unit_code_taken"),
                parents,
            );
        }
        Err(e) => return Err(e.into()),
    };
    match outcome {
        ChangeOutcome::Stale => {
            tx.rollback().await?;
            let errors = forms::stale(&state.db, "unit", &id.to_string()).await?;
            invalid(ctx, form, errors, parents)
        }
        ChangeOutcome::Changed { before, after } => {
            db::audit::record(
                &mut *tx,
                &actor,
                Entry::new("update", "unit", id.to_string())
                    .summary(p.name.to_string())
                    .before(before)
                    .after(after),
            )
            .await?;
            tx.commit().await?;
            Ok(redirect_flash(&format!("/units/{id}"), ctx.t("form.saved")))
        }
    }
}

#[derive(Deserialize, Default, Clone, Debug)]
pub struct CloseForm {
    #[serde(default)]
    pub valid_to: String,
    #[serde(default)]
    pub merged_into: String,
    #[serde(default)]
    pub version: i32,
}

pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<CloseForm>,
) -> AppResult<Response> {
    let unit = load_admin_unit(&state, &user, id).await?;
    let invalid = |ctx, f, errors| {
        let state = state.clone();
        let user = user.clone();
        async move { render_invalid(&show_page(&state, ctx, &user, id, f, errors).await?) }
    };
    let Ok(date) = parse_date(&f.valid_to) else {
        return invalid(ctx, f, Errors::one("valid_to", "err.date")).await;
    };
    if date < unit.valid_from {
        return invalid(ctx, f, Errors::one("valid_to", "err.date_range")).await;
    }
    let all = db::units::all(&state.db).await?;
    if all.iter().any(|u| {
        u.path.starts_with(&unit.path) && u.id != id && u.valid_to.is_none_or(|d| d > date)
    }) {
        return invalid(ctx, f, Errors::form("unit.close_children_open")).await;
    }
    if unit.people > 0 {
        return invalid(ctx, f, Errors::form("unit.close_people_left")).await;
    }
    let merged_into = match f.merged_into.trim() {
        "" => None,
        s => match s
            .parse::<i64>()
            .ok()
            .filter(|m| *m != id && all.iter().any(|u| u.id == *m))
        {
            Some(m) => Some(m),
            None => return invalid(ctx, f, Errors::one("merged_into", "err.choose")).await,
        },
    };
    let mut tx = state.db.begin().await?;
    match db::units::close(&mut tx, id, f.version, date, merged_into).await? {
        ChangeOutcome::Stale => {
            tx.rollback().await?;
            let errors = forms::stale(&state.db, "unit", &id.to_string()).await?;
            invalid(ctx, f, errors).await
        }
        ChangeOutcome::Changed { before, after } => {
            db::audit::record(
                &mut *tx,
                &actor,
                Entry::new("close", "unit", id.to_string())
                    .summary(unit.name.to_string())
                    .before(before)
                    .after(after),
            )
            .await?;
            tx.commit().await?;
            Ok(redirect_flash(
                &format!("/units/{id}"),
                ctx.t("unit.closed_ok"),
            ))
        }
    }
}
