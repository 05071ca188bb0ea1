//! People: list (paging, sorting by Vietnamese given name, unit filter, diacritics-insensitive search),
//! details, create, edit, move between units, deactivate.

use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::directory;
use crate::db::people::{PersonListRow, PersonRow, Updated};
use crate::db::{self};
use crate::domain::dates::{fmt_opt_date, today_vn};
use crate::domain::paging::Paging;
use crate::domain::person::{Category, Gender, PersonText, validate_person};
use crate::error::{AppError, AppResult, is_unique_violation};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::choices::{UnitChoice, choices_from, unit_choices};
use crate::web::extract::{Form, Path, Query, empty_as_none};
use crate::web::forms;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    unit: Option<i64>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    dir: String,
    #[serde(default, deserialize_with = "empty_as_none")]
    page: Option<i64>,
    #[serde(default, deserialize_with = "empty_as_none")]
    per_page: Option<i64>,
}

#[derive(Template)]
#[template(path = "people/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<PersonListRow>,
    pub paging: Paging,
    pub q: String,
    pub unit: Option<i64>,
    pub status: String,
    pub category: String,
    pub sort: String,
    pub desc: bool,
    pub units: Vec<UnitChoice>,
    pub categories: Vec<&'static str>,
    pub can_edit: bool,
}

impl ListPage {
    /// Query string of the current filters (without page), for links.
    pub fn base_query(&self) -> String {
        format!(
            "/people?q={}&unit={}&status={}&category={}&sort={}&dir={}",
            urlencode(&self.q),
            self.unit.map(|u| u.to_string()).unwrap_or_default(),
            urlencode(&self.status),
            urlencode(&self.category),
            urlencode(&self.sort),
            if self.desc { "desc" } else { "asc" }
        )
    }
    /// Link that sorts by `col` (toggling direction when already sorted by it).
    pub fn sort_href(&self, col: &str) -> String {
        let desc = self.sort == col && !self.desc;
        format!(
            "/people?q={}&unit={}&status={}&category={}&sort={}&dir={}",
            urlencode(&self.q),
            self.unit.map(|u| u.to_string()).unwrap_or_default(),
            urlencode(&self.status),
            urlencode(&self.category),
            col,
            if desc { "desc" } else { "asc" }
        )
    }
    pub fn aria_sort(&self, col: &str) -> &'static str {
        match (self.sort == col, self.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }
    pub fn unit_selected(&self, id: &i64) -> bool {
        self.unit == Some(*id)
    }
    pub fn fmt(&self, d: &Option<chrono::NaiveDate>) -> String {
        fmt_opt_date(*d)
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let scope = user.people_read_scope();
    user.require(!scope.is_empty())?;
    let dir = state
        .caches
        .directory
        .snapshot(
            &state.db,
            user.seen.get(crate::db::versioned::Version::People),
        )
        .await?;
    let unit_path = match q.unit {
        Some(id) => Some(dir.unit_by_id(id).ok_or(AppError::NotFound)?.path.clone()),
        None => None,
    };
    let sort = match q.sort.as_str() {
        s @ ("unit" | "start" | "position") => s.to_string(),
        _ => "name".to_string(),
    };
    let status = match q.status.as_str() {
        s @ ("inactive" | "all") => s.to_string(),
        _ => "active".to_string(),
    };
    let category = Category::parse(&q.category)
        .map(|c| c.code().to_string())
        .unwrap_or_default();
    let search = q.q.trim().to_string();
    let prefixes = directory::prefixes(&scope);
    let query = directory::Query {
        scope: prefixes.clone(),
        unit_path,
        words: directory::search_words(&search),
        active: match status.as_str() {
            "all" => None,
            "inactive" => Some(false),
            _ => Some(true),
        },
        category: (!category.is_empty()).then(|| category.clone()),
        sort: sort.clone(),
        desc: q.dir == "desc",
    };
    let (paging, page) = dir.list(&query, |n| Paging::new(q.page, q.per_page, n));
    let rows = page.into_iter().map(|e| dir.row(e)).collect();
    let units = choices_from(&dir.unit_options(&prefixes, today_vn()), None);
    render(&ListPage {
        ctx,
        rows,
        paging,
        q: search,
        unit: q.unit,
        status,
        category,
        sort,
        desc: query.desc,
        units,
        categories: Category::ALL.iter().map(|c| c.code()).collect(),
        can_edit: !user.people_edit_scope().is_empty(),
    })
}

/// A person the user may read: their own record, or one in their read scope.
async fn readable(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<PersonRow> {
    let p = db::people::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if user.person_id == Some(id) || user.reads_people_in(&p.unit_path) {
        Ok(p)
    } else {
        Err(AppError::Forbidden)
    }
}

async fn editable(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<PersonRow> {
    let p = db::people::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    user.require(user.edits_people_in(&p.unit_path))?;
    Ok(p)
}

#[derive(Template)]
#[template(path = "people/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub p: PersonRow,
    pub can_edit: bool,
    pub is_admin: bool,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = readable(&state, &user, id).await?;
    let can_edit = user.edits_people_in(&p.unit_path);
    render(&ShowPage {
        ctx,
        p,
        can_edit,
        is_admin: user.is_admin(),
    })
}

#[derive(Deserialize, Default)]
pub struct PersonForm {
    #[serde(default)]
    pub full_name: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub unit_id: String,
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub start_date: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub employee_code: String,
    #[serde(default)]
    pub version: i32,
}

#[derive(Template)]
#[template(path = "people/form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub person_id: Option<i64>,
    pub form: PersonForm,
    pub errors: Errors,
    pub units: Vec<UnitChoice>,
    pub genders: Vec<&'static str>,
    pub categories: Vec<&'static str>,
}

impl FormPage {
    fn unit_selected(&self, id: &i64) -> bool {
        self.form.unit_id == id.to_string()
    }
}

fn form_page(
    ctx: Ctx,
    person_id: Option<i64>,
    form: PersonForm,
    errors: Errors,
    units: Vec<UnitChoice>,
) -> FormPage {
    FormPage {
        ctx,
        person_id,
        form,
        errors,
        units,
        genders: Gender::ALL.iter().map(|g| g.code()).collect(),
        categories: Category::ALL.iter().map(|c| c.code()).collect(),
    }
}

pub async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let scope = user.people_edit_scope();
    user.require(!scope.is_empty())?;
    let units = unit_choices(&state, &scope, None).await?;
    let form = PersonForm {
        unit_id: q.unit.map(|u| u.to_string()).unwrap_or_default(),
        category: "cong_chuc".into(),
        ..Default::default()
    };
    render(&form_page(ctx, None, form, Errors::default(), units))
}

/// Validates the form; the unit must be one of the user's editable units.
fn parse_form(
    f: &PersonForm,
    units: &[UnitChoice],
) -> Result<(crate::domain::person::PersonFields, i64), Errors> {
    let text = PersonText {
        full_name: &f.full_name,
        gender: &f.gender,
        birth_date: &f.birth_date,
        position: &f.position,
        category: &f.category,
        start_date: &f.start_date,
        email: &f.email,
        phone: &f.phone,
        employee_code: &f.employee_code,
    };
    let unit = f
        .unit_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|id| units.iter().any(|u| u.id == *id));
    match (validate_person(&text), unit) {
        (Ok(p), Some(u)) => Ok((p, u)),
        (Ok(_), None) => Err(Errors::one("unit_id", "err.choose")),
        (Err(mut e), u) => {
            if u.is_none() {
                e.push(("unit_id", "err.choose"));
            }
            Err(Errors::from(e))
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(form): Form<PersonForm>,
) -> AppResult<Response> {
    let scope = user.people_edit_scope();
    user.require(!scope.is_empty())?;
    let units = unit_choices(&state, &scope, None).await?;
    let (fields, unit_id) = match parse_form(&form, &units) {
        Ok(v) => v,
        Err(errors) => return render_invalid(&form_page(ctx, None, form, errors, units)),
    };
    let mut tx = state.db.begin().await?;
    let (id, row) = match db::people::insert(&mut *tx, &fields, unit_id).await {
        Ok(v) => v,
        Err(e) if is_unique_violation(&e, "people_employee_code_key") => {
            return render_invalid(&form_page(
                ctx,
                None,
                form,
                Errors::one("employee_code", "err.employee_code_taken"),
                units,
            ));
        }
        Err(e) => return Err(e.into()),
    };
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "person", id.to_string())
            .summary(fields.full_name.to_string())
            .after(row),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/people/{id}"),
        &ctx.tf("person.created", [fields.full_name.as_str()]),
    ))
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let units = unit_choices(&state, &user.people_edit_scope(), None).await?;
    let form = PersonForm {
        full_name: p.full_name,
        gender: p.gender,
        birth_date: fmt_opt_date(p.birth_date),
        unit_id: p.unit_id.to_string(),
        position: p.position.unwrap_or_default(),
        category: p.category,
        start_date: fmt_opt_date(p.start_date),
        email: p.email.unwrap_or_default(),
        phone: p.phone.unwrap_or_default(),
        employee_code: p.employee_code.unwrap_or_default(),
        version: p.version,
    };
    render(&form_page(ctx, Some(id), form, Errors::default(), units))
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(form): Form<PersonForm>,
) -> AppResult<Response> {
    editable(&state, &user, id).await?;
    let units = unit_choices(&state, &user.people_edit_scope(), None).await?;
    let (fields, unit_id) = match parse_form(&form, &units) {
        Ok(v) => v,
        Err(errors) => return render_invalid(&form_page(ctx, Some(id), form, errors, units)),
    };
    let mut tx = state.db.begin().await?;
    let res = db::people::update(&mut tx, id, form.version, &fields, unit_id).await;
    match res {
        Ok(Updated::Done { before, after }) => {
            let action = if before.get("unit_id") != after.get("unit_id") {
                "move"
            } else {
                "update"
            };
            db::audit::record(
                &mut *tx,
                &actor,
                Entry::new(action, "person", id.to_string())
                    .summary(fields.full_name.to_string())
                    .before(before)
                    .after(after),
            )
            .await?;
            tx.commit().await?;
            Ok(redirect_flash(
                &format!("/people/{id}"),
                ctx.t("form.saved"),
            ))
        }
        Ok(Updated::Stale) => {
            tx.rollback().await?;
            let errors = forms::stale(&state.db, "person", &id.to_string()).await?;
            render_invalid(&form_page(ctx, Some(id), form, errors, units))
        }
        Err(e) if is_unique_violation(&e, "people_employee_code_key") => {
            render_invalid(&form_page(
                ctx,
                Some(id),
                form,
                Errors::one("employee_code", "err.employee_code_taken"),
                units,
            ))
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct ActiveForm {
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ActiveForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let active = f.active == "1";
    let mut tx = state.db.begin().await?;
    if let Some((before, after)) = db::people::set_active(&mut tx, id, active).await? {
        let action = if active { "activate" } else { "deactivate" };
        db::audit::record(
            &mut *tx,
            &actor,
            Entry::new(action, "person", id.to_string())
                .summary(p.full_name.to_string())
                .before(before)
                .after(after),
        )
        .await?;
    }
    tx.commit().await?;
    let key = if active {
        "person.activated"
    } else {
        "person.deactivated"
    };
    Ok(redirect_flash(&format!("/people/{id}"), ctx.t(key)))
}
