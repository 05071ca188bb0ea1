//! Initiatives (sáng kiến): the Office records each recognition (the decision of the Chairman or
//! date, decision number, authors), linked to the registered initiative where there is one; staff see
//! their initiatives and whether, when and at what level they were recognised.

use super::resolve_names;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::Entry;
use crate::db::audit::{self};
use crate::domain::dates::{parse_date, today_vn};
use crate::domain::eligibility::InitiativeLevel;
use crate::domain::names::{clean_text, fold};
use crate::domain::paging::Paging;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::Errors;
use crate::web::extract::{Form, Query};
use crate::web::{Ctx, redirect_flash, render, render_invalid, urlencode};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;

/// The Office's scope (LIKE patterns of the subtrees whose campaigns it runs).
pub use crate::db::initiatives::{MyInitiative, Recognition};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<i64>,
}

#[derive(Template)]
#[template(path = "initiatives/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<Recognition>,
    pub paging: Paging,
    pub q: ListQuery,
}

impl ListPage {
    fn level_name(&self, code: &str) -> &'static str {
        InitiativeLevel::parse(code).map_or("", |l| l.name(self.ctx.lang))
    }
    fn page_base(&self) -> String {
        format!("/initiatives/recognitions?q={}", urlencode(&self.q.q))
    }
}

/// Recognitions with an author under `scope` whose title or author matches the folded words.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let scope = user.require_office()?;
    let words = format!("%{}%", fold(q.q.trim()));
    let total = db::initiatives::count_recognitions(&state.db, &scope, &words).await?;
    let paging = Paging::new(q.page, None, total);
    let rows =
        db::initiatives::recognitions(&state.db, &scope, &words, paging.per_page, paging.offset())
            .await?;
    render(&ListPage {
        ctx,
        rows,
        paging,
        q,
    })
}

#[derive(Deserialize, Default, Clone)]
pub struct RecognitionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub field: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub decided_on: String,
    /// the year of the achievement it counts for (blank: the decision's year)
    #[serde(default)]
    pub achievement_year: String,
    #[serde(default)]
    pub decision_no: String,
    #[serde(default)]
    pub council: String,
    /// names separated by ";", a unit code in brackets where names repeat
    #[serde(default)]
    pub authors: String,
    /// the registered initiative it recognises, if any
    #[serde(default)]
    pub registered_initiative_id: Option<i64>,
    /// one-time token of this form: a second submit creates nothing
    #[serde(default)]
    pub form_token: String,
}

#[derive(Template)]
#[template(path = "initiatives/form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub form: RecognitionForm,
    pub errors: Errors,
}

impl FormPage {
    fn levels(&self) -> Vec<(&'static str, &'static str)> {
        InitiativeLevel::ALL
            .iter()
            .map(|l| (l.code(), l.name(self.ctx.lang)))
            .collect()
    }
}

#[derive(Deserialize, Default)]
pub struct NewQuery {
    /// a registered initiative to recognise
    #[serde(default)]
    pub from: Option<i64>,
}

pub async fn new(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let scope = user.require_office()?;
    let mut form = RecognitionForm {
        level: "grassroots".into(),
        council: ctx.t("ini.default_council").to_string(),
        form_token: crate::auth::session::new_token()?,
        ..Default::default()
    };
    if let Some(id) = q.from {
        let r = db::initiatives::registered_in(&state.db, id, &scope)
            .await?
            .ok_or(AppError::NotFound)?;
        form.title = r.title;
        form.field = r.field;
        let mut names = vec![format!("{} ({})", r.author, r.unit_code)];
        names.extend(r.coauthors.unwrap_or_default());
        form.authors = names.join("; ");
        form.registered_initiative_id = Some(id);
    }
    render(&FormPage {
        ctx,
        form,
        errors: Errors::default(),
    })
}

/// The decision's date (not in the future) and the year it counts for: the decision's, or up to
/// three years before it (a council's January decision on last year's initiatives counts for last
/// year).
fn decision_years(
    f: &RecognitionForm,
    errors: &mut Errors,
) -> (Option<chrono::NaiveDate>, Option<i32>) {
    let decided_on = match parse_date(&f.decided_on) {
        Ok(d) if d <= today_vn() => Some(d),
        Ok(_) => {
            errors.push("decided_on", "ini.err_future");
            None
        }
        Err(e) => {
            errors.push("decided_on", e);
            None
        }
    };
    // the year it counts for: the decision's, or up to three years before it (a council's January
    // decision on last year's initiatives counts for last year)
    let achievement_year = match (decided_on, f.achievement_year.trim()) {
        (Some(d), "") => Some(d.year()),
        (Some(d), y) => match y.parse::<i32>() {
            Ok(y) if (d.year() - 3..=d.year()).contains(&y) => Some(y),
            _ => {
                errors.push("achievement_year", "ini.err_achievement_year");
                None
            }
        },
        (None, _) => None,
    };
    (decided_on, achievement_year)
}

/// Records a recognition with its authors, audited; bad input comes back on the same form.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(mut f): Form<RecognitionForm>,
) -> AppResult<Response> {
    let scope = user.require_office()?;
    if f.form_token.len() < 16 {
        return Err(AppError::BadRequest(
            "biểu mẫu thiếu mã dùng một lần; tải lại trang / the form has no one-time token; reload the page".into(),
        ));
    }
    // the same form sent again (a double click, a reload): it was saved the first time
    if let Some(done) = db::forms::outcome(&state.db, &f.form_token, user.user_id).await? {
        return Ok(redirect_flash(&done, ctx.t("form.already_saved")));
    }
    f.title = clean_text(&f.title);
    f.field = clean_text(&f.field);
    f.decision_no = clean_text(&f.decision_no);
    f.council = clean_text(&f.council);
    let mut errors = Errors::default();
    if f.title.is_empty() || f.title.chars().count() > 500 {
        errors.push("title", "ini.err_title");
    }
    let level = InitiativeLevel::parse(&f.level);
    if level.is_none() {
        errors.push("level", "err.choose");
    }
    // the decision is the Chairman's or the head's; an initiative council only appraises
    if f.council.chars().count() > 300 {
        errors.push("council", "ini.err_signer_long");
    } else if crate::domain::names::fold(&f.council).starts_with("hoi dong") {
        errors.push("council", "ini.err_council_signs");
    }
    let (decided_on, achievement_year) = decision_years(&f, &mut errors);
    // authors among everyone the Office's scope holds
    let author_ids = authors(&state, &user, &scope, &f.authors, &mut errors).await?;
    // the registered initiative it recognises must be one of the Office's own scope
    if let Some(rid) = f.registered_initiative_id {
        let in_scope = db::initiatives::registered_in_scope(&state.db, rid, &scope).await?;
        user.require(in_scope)?;
    }
    let (Some(level), Some(decided_on), Some(achievement_year), true) =
        (level, decided_on, achievement_year, errors.is_empty())
    else {
        return render_invalid(&FormPage {
            ctx,
            form: f,
            errors,
        });
    };
    let mut tx = state.db.begin().await?;
    let id = db::initiatives::insert_recognition(
        &mut tx,
        &db::initiatives::NewRecognition {
            title: &f.title,
            field: &f.field,
            level: level.code(),
            decided_on,
            achievement_year,
            decision_no: &f.decision_no,
            council: &f.council,
            registered_initiative_id: f.registered_initiative_id,
            created_by: user.user_id,
            authors: &author_ids,
        },
    )
    .await?;
    if let Some(done) = db::forms::claim(
        &mut tx,
        &f.form_token,
        user.user_id,
        "/initiatives/recognitions",
    )
    .await?
    {
        tx.rollback().await?;
        return Ok(redirect_flash(&done, ctx.t("form.already_saved")));
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "initiative_recognition", id.to_string())
            .summary(format!("{} ({}, {})", f.title, level.code(), f.decision_no))
            .after(Some(serde_json::json!({
                "title": f.title, "field": f.field, "level": level.code(), "decided_on": decided_on,
                "achievement_year": achievement_year,
                "decision_no": f.decision_no, "council": f.council, "authors": author_ids,
                "registered_initiative_id": f.registered_initiative_id
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        "/initiatives/recognitions",
        ctx.t("ini.recognised"),
    ))
}

/// The authors named ("Name; Name (UNIT)") among the people of one of the Office's subtrees; an
/// error on the field when the cell is empty, or a name matches nobody or several people.
async fn authors(
    state: &AppState,
    user: &CurrentUser,
    scope: &[String],
    cell: &str,
    errors: &mut Errors,
) -> AppResult<Vec<i64>> {
    if cell.trim().is_empty() {
        errors.push("authors", "ini.err_authors");
        return Ok(Vec::new());
    }
    let cells = [cell.to_string()];
    for root in scope {
        let (ids, missing) =
            resolve_names(state, user, root.trim_end_matches('%'), &cells, None).await?;
        if missing.is_empty() {
            return Ok(ids
                .first()
                .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
                .unwrap_or_default());
        }
    }
    errors.push("authors", "reg.err_coauthor_unknown");
    Ok(Vec::new())
}

#[derive(Template)]
#[template(path = "initiatives/mine.html")]
pub struct MinePage {
    pub ctx: Ctx,
    pub rows: Vec<MyInitiative>,
}

impl MinePage {
    fn level_name(&self, code: &str) -> &'static str {
        InitiativeLevel::parse(code).map_or("", |l| l.name(self.ctx.lang))
    }
}

/// A staff member's initiatives: those registered (as author or co-author), each with its
/// recognition if there is one, and recognitions not tied to a registration.
pub async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let me = user.person_id.ok_or(AppError::Forbidden)?;
    let rows = db::initiatives::of_person(&state.db, me).await?;
    render(&MinePage { ctx, rows })
}
