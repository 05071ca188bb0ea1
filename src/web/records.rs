//! A person's emulation record (hồ sơ thi đua): ratings by year, award history, recognised
//! initiatives, discipline, open reviews and months worked; the Office (and whoever keeps the
//! person's HR record) records discipline, opens and closes reviews and corrects months worked.

use super::extract::{Form, Path};
use super::registrations::RowErrors;
use super::{ClientIp, Ctx, redirect_flash, render, render_invalid};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Actor};
use crate::db::people::PersonRow;
use crate::domain::dates::{parse_date, today_vn};
use crate::domain::eligibility::{DisciplineLevel, months_from_start};
use crate::domain::names::clean_text;
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

const REVIEW_KINDS: [&str; 4] = ["review", "investigation", "inspection", "complaint"];

async fn person(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<(PersonRow, bool)> {
    let p = db::people::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reads = user.person_id == Some(id)
        || user.reads_people_in(&p.unit_path)
        || user.reviews_registrations_in(&p.unit_path)
        || user.manages_campaigns_of(&p.unit_path);
    user.require(reads)?;
    let edits = user.manages_campaigns_of(&p.unit_path) || user.edits_people_in(&p.unit_path);
    Ok((p, edits))
}

/// The person's record for someone who may change it (the Office, or whoever keeps their HR record).
async fn editable(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<PersonRow> {
    let (p, edits) = person(state, user, id).await?;
    user.require(edits)?;
    Ok(p)
}

/// Back to the record with a message.
fn back(ctx: &Ctx, id: i64, key: &str) -> Response {
    redirect_flash(&format!("/people/{id}/record"), ctx.t(key))
}

pub struct RatingLine {
    pub year: i32,
    pub rating: String,
    pub score: Option<String>,
}
pub struct AwardLine {
    pub year: i32,
    pub title_name: String,
    pub title_code: String,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
}
pub struct InitiativeLine {
    pub title: String,
    pub level: String,
    pub decided_on: NaiveDate,
    pub decision_no: String,
}
pub struct DisciplineLine {
    pub id: i64,
    pub level: String,
    pub decided_on: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub decision_no: String,
    pub reason: String,
}
pub struct ReviewLine {
    pub id: i64,
    pub kind: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub note: String,
}
pub struct MonthsLine {
    pub year: i32,
    pub months: String,
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct DisciplineForm {
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub decided_on: String,
    #[serde(default)]
    pub effective_until: String,
    #[serde(default)]
    pub decision_no: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct ReviewForm {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub opened_on: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct MonthsForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub months: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Template)]
#[template(path = "people/record.html")]
pub struct RecordPage {
    pub ctx: Ctx,
    pub p: PersonRow,
    pub edits: bool,
    pub ratings: Vec<RatingLine>,
    pub awards: Vec<AwardLine>,
    pub initiatives: Vec<InitiativeLine>,
    pub disciplines: Vec<DisciplineLine>,
    pub reviews: Vec<ReviewLine>,
    pub months: Vec<MonthsLine>,
    pub this_year_months: Option<f64>,
    pub discipline: DisciplineForm,
    pub review: ReviewForm,
    pub months_form: MonthsForm,
    pub errors: RowErrors,
    pub today: NaiveDate,
}

impl RecordPage {
    fn rating_name(&self, code: &str) -> &'static str {
        self.ctx.t(&format!("rating.{code}"))
    }
    fn levels(&self) -> Vec<(&'static str, &'static str)> {
        DisciplineLevel::ALL
            .iter()
            .map(|l| (l.code(), l.name(self.ctx.lang)))
            .collect()
    }
    fn kinds(&self) -> [&'static str; 4] {
        REVIEW_KINDS
    }
}

/// What the three forms show: empty ones (a review defaults to "review", the months to this
/// year), or what was typed into the one that came back with errors.
struct Typed {
    discipline: DisciplineForm,
    review: ReviewForm,
    months: MonthsForm,
    errors: RowErrors,
}

impl Typed {
    fn blank(errors: RowErrors) -> Typed {
        Typed {
            discipline: DisciplineForm::default(),
            review: ReviewForm {
                kind: "review".into(),
                ..Default::default()
            },
            months: MonthsForm {
                year: today_vn().year().to_string(),
                ..Default::default()
            },
            errors,
        }
    }
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    p: PersonRow,
    edits: bool,
    typed: Option<Typed>,
) -> AppResult<RecordPage> {
    let id = p.id;
    let ratings = sqlx::query_as!(
        RatingLine,
        r#"SELECT year, rating, score::text AS score FROM ratings WHERE person_id = $1 ORDER BY year DESC"#,
        id
    )
    .fetch_all(&state.db)
    .await?;
    let awards = sqlx::query_as!(
        AwardLine,
        "SELECT year, title_name, title_code, decision_no, decided_on FROM award_history
         WHERE person_id = $1 ORDER BY year DESC, title_code",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let initiatives = sqlx::query_as!(
        InitiativeLine,
        "SELECT g.title, g.level, g.decided_on, g.decision_no FROM initiative_recognitions g
         JOIN initiative_authors a ON a.recognition_id = g.id WHERE a.person_id = $1
         ORDER BY g.decided_on DESC",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let disciplines = sqlx::query_as!(
        DisciplineLine,
        "SELECT id, level, decided_on, effective_until, decision_no, reason FROM disciplines
         WHERE person_id = $1 ORDER BY decided_on DESC",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let reviews = sqlx::query_as!(
        ReviewLine,
        "SELECT id, kind, opened_on, closed_on, note FROM review_flags WHERE person_id = $1
         ORDER BY closed_on IS NULL DESC, opened_on DESC",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let months = sqlx::query_as!(
        MonthsLine,
        r#"SELECT year, months::text AS "months!", note FROM work_months WHERE person_id = $1 ORDER BY year DESC"#,
        id
    )
    .fetch_all(&state.db)
    .await?;
    let today = today_vn();
    let t = typed.unwrap_or_else(|| Typed::blank(RowErrors::default()));
    Ok(RecordPage {
        this_year_months: months_from_start(p.start_date, today.year()),
        ctx,
        p,
        edits,
        ratings,
        awards,
        initiatives,
        disciplines,
        reviews,
        months,
        discipline: t.discipline,
        review: t.review,
        months_form: t.months,
        errors: t.errors,
        today,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (p, edits) = person(&state, &user, id).await?;
    render(&page(&state, ctx, p, edits, None).await?)
}

async fn invalid(state: &AppState, ctx: Ctx, p: PersonRow, typed: Typed) -> AppResult<Response> {
    render_invalid(&page(state, ctx, p, true, Some(typed)).await?)
}

fn date_field(errors: &mut RowErrors, field: &str, s: &str, required: bool) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        if required {
            errors.push(field, "err.required");
        }
        return None;
    }
    match parse_date(s) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(field, e);
            None
        }
    }
}

pub async fn add_discipline(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<DisciplineForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let mut errors = RowErrors::default();
    let level = DisciplineLevel::parse(&f.level);
    if level.is_none() {
        errors.push("level", "err.choose");
    }
    let decided = date_field(&mut errors, "decided_on", &f.decided_on, true);
    let until = date_field(&mut errors, "effective_until", &f.effective_until, false);
    if let (Some(d), Some(u)) = (decided, until)
        && u < d
    {
        errors.push("effective_until", "record.err_until");
    }
    let (Some(level), Some(decided), true) = (level, decided, errors.is_empty()) else {
        return invalid(
            &state,
            ctx,
            p,
            Typed {
                discipline: f,
                ..Typed::blank(errors)
            },
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    let did = sqlx::query_scalar!(
        "INSERT INTO disciplines (person_id, level, decided_on, effective_until, decision_no, reason)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        id,
        level.code(),
        decided,
        until,
        clean_text(&f.decision_no),
        clean_text(&f.reason)
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        "create",
        "discipline",
        &did.to_string(),
        &format!("person:{id} {}", level.code()),
        None,
        Some(serde_json::json!({"person_id": id, "level": level.code(), "decided_on": decided, "effective_until": until, "decision_no": f.decision_no})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.saved"))
}

pub async fn delete_discipline(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, did)): Path<(i64, i64)>,
    Form(_f): Form<super::imports::EmptyForm>,
) -> AppResult<Response> {
    editable(&state, &user, id).await?;
    let mut tx = state.db.begin().await?;
    let before = sqlx::query!(
        "DELETE FROM disciplines WHERE id = $1 AND person_id = $2 RETURNING level, decided_on, decision_no",
        did,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        "delete",
        "discipline",
        &did.to_string(),
        &format!("person:{id} {}", before.level),
        Some(serde_json::json!({"level": before.level, "decided_on": before.decided_on, "decision_no": before.decision_no})),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.deleted"))
}

pub async fn open_review(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let mut errors = RowErrors::default();
    if !REVIEW_KINDS.contains(&f.kind.as_str()) {
        errors.push("kind", "err.choose");
    }
    let opened = date_field(&mut errors, "opened_on", &f.opened_on, true);
    let (Some(opened), true) = (opened, errors.is_empty()) else {
        return invalid(
            &state,
            ctx,
            p,
            Typed {
                review: f,
                ..Typed::blank(errors)
            },
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    let rid = sqlx::query_scalar!(
        "INSERT INTO review_flags (person_id, kind, opened_on, note) VALUES ($1, $2, $3, $4) RETURNING id",
        id,
        f.kind,
        opened,
        clean_text(&f.note)
    )
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        "create",
        "review_flag",
        &rid.to_string(),
        &format!("person:{id} {}", f.kind),
        None,
        Some(serde_json::json!({"person_id": id, "kind": f.kind, "opened_on": opened, "note": f.note})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.saved"))
}

/// Closes an open review today.
pub async fn close_review(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, rid)): Path<(i64, i64)>,
    Form(_f): Form<super::imports::EmptyForm>,
) -> AppResult<Response> {
    editable(&state, &user, id).await?;
    let today = today_vn();
    let mut tx = state.db.begin().await?;
    let closed = sqlx::query_scalar!(
        "UPDATE review_flags SET closed_on = greatest($3, opened_on) WHERE id = $1 AND person_id = $2 AND closed_on IS NULL RETURNING id",
        rid,
        id,
        today
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        "close",
        "review_flag",
        &closed.to_string(),
        &format!("person:{id}"),
        None,
        Some(serde_json::json!({"closed_on": today})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.saved"))
}

/// Sets (or with empty months, removes) the months worked in a year where the start date does not
/// tell it (leave without pay, a transfer).
pub async fn set_months(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<MonthsForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let mut errors = RowErrors::default();
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) if (2000..=today_vn().year() + 1).contains(&y) => Some(y),
        _ => {
            errors.push("year", "facts.err_year");
            None
        }
    };
    let months = match f.months.trim().replace(',', ".") {
        s if s.is_empty() => None,
        s => match s.parse::<f64>() {
            Ok(m) if (0.0..=12.0).contains(&m) => Some(m),
            _ => {
                errors.push("months", "record.err_months");
                None
            }
        },
    };
    let (Some(year), true) = (year, errors.is_empty()) else {
        return invalid(
            &state,
            ctx,
            p,
            Typed {
                months: f,
                ..Typed::blank(errors)
            },
        )
        .await;
    };
    let mut tx = state.db.begin().await?;
    let before = sqlx::query_scalar!(
        "SELECT months::float8 FROM work_months WHERE person_id = $1 AND year = $2",
        id,
        year
    )
    .fetch_optional(&mut *tx)
    .await?
    .flatten();
    match months {
        Some(m) => {
            sqlx::query!(
                "INSERT INTO work_months (person_id, year, months, note) VALUES ($1, $2, $3::float8::numeric, $4)
                 ON CONFLICT (person_id, year) DO UPDATE SET months = EXCLUDED.months, note = EXCLUDED.note",
                id,
                year,
                m,
                clean_text(&f.note)
            )
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query!(
                "DELETE FROM work_months WHERE person_id = $1 AND year = $2",
                id,
                year
            )
            .execute(&mut *tx)
            .await?;
        }
    }
    audit::record(
        &mut *tx,
        &Actor::user(&user, &ip),
        "update",
        "work_months",
        &format!("person:{id}:{year}"),
        &format!("person:{id} {year}"),
        before.map(|b| serde_json::json!({"months": b})),
        months.map(|m| serde_json::json!({"months": m, "note": f.note})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.saved"))
}
