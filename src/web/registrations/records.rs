//! A person's emulation record (hồ sơ thi đua): ratings by year, award history, recognised
//! initiatives, discipline, open reviews and months worked; the Office (and whoever keeps the
//! person's HR record) records discipline, opens and closes reviews and corrects months worked.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::Entry;
use crate::db::audit::{self};
use crate::db::people::PersonRow;
use crate::domain::dates::{parse_date, today_vn};
use crate::domain::eligibility::AwardKind;
use crate::domain::eligibility::{DisciplineLevel, months_from_start};
use crate::domain::names::clean_text;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::Errors;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

const REVIEW_KINDS: [&str; 5] = [
    "review",
    "investigation",
    "inspection",
    "complaint",
    "press",
];

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
    /// an inspection that found signs of a violation (the checkbox; other kinds ignore it)
    #[serde(default)]
    pub violation_signs: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// An award recorded by hand (its fields named apart from the other forms of the page).
#[derive(Deserialize, Default, Clone)]
pub struct AwardForm {
    #[serde(default, rename = "award_year")]
    pub year: String,
    #[serde(default, rename = "award_title")]
    pub title: String,
    #[serde(default, rename = "award_kind")]
    pub kind: String,
    #[serde(default, rename = "award_decision_no")]
    pub decision_no: String,
    #[serde(default, rename = "award_decided_on")]
    pub decided_on: String,
    #[serde(default, rename = "award_issuer")]
    pub issuer: String,
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
    /// ratings, awards, initiatives, discipline, reviews, months worked
    pub rec: db::records::Record,
    pub this_year_months: Option<f64>,
    pub discipline: DisciplineForm,
    pub review: ReviewForm,
    pub months_form: MonthsForm,
    pub award: AwardForm,
    /// the catalogue's titles (code, name) an award may be recorded for
    pub award_titles: Vec<(String, String)>,
    pub errors: Errors,
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
    fn award_kinds(&self) -> Vec<&'static str> {
        AwardKind::ALL.iter().map(|k| k.code()).collect()
    }
    fn year_text(&self, y: &i32) -> String {
        y.to_string()
    }
    fn kinds(&self) -> [&'static str; 5] {
        REVIEW_KINDS
    }
}

/// What the three forms show: empty ones (a review defaults to "review", the months to this
/// year), or what was typed into the one that came back with errors.
struct Typed {
    discipline: DisciplineForm,
    review: ReviewForm,
    months: MonthsForm,
    award: AwardForm,
    errors: Errors,
}

impl Typed {
    fn blank(errors: Errors) -> Typed {
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
            award: AwardForm {
                kind: "annual".into(),
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
    let rec = db::records::of_person(&state.db, id).await?;
    let today = today_vn();
    let t = typed.unwrap_or_else(|| Typed::blank(Errors::default()));
    let award_titles = if edits {
        db::records::award_titles(&state.db)
            .await?
            .into_iter()
            .map(|(code, vi, en)| (code, ctx.name(&vi, &en).to_string()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(RecordPage {
        award: t.award,
        award_titles,
        this_year_months: months_from_start(p.start_date, today.year()),
        ctx,
        p,
        edits,
        rec,
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

fn date_field(errors: &mut Errors, field: &str, s: &str, required: bool) -> Option<NaiveDate> {
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
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<DisciplineForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let mut errors = Errors::default();
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
    let did = db::records::add_discipline(
        &mut *tx,
        id,
        level.code(),
        decided,
        until,
        &clean_text(&f.decision_no),
        &clean_text(&f.reason),
    )
    .await?;
    audit::record(&mut *tx, &actor, Entry::new("create", "discipline", did.to_string())
.summary(format!("person:{id} {}", level.code()))
.after(serde_json::json!({"person_id": id, "level": level.code(), "decided_on": decided, "effective_until": until, "decision_no": f.decision_no})))
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.saved"))
}

/// Records an award by hand (a decision outside the imports: a thematic or unexpected award, a
/// correction), with its kind.
pub async fn add_award(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<AwardForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let mut errors = Errors::default();
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) if (1945..=today_vn().year()).contains(&y) => Some(y),
        _ => {
            errors.push("award_year", "record.err_award_year");
            None
        }
    };
    let titles = db::records::award_titles(&state.db).await?;
    let title = titles.iter().find(|t| t.0 == f.title);
    if title.is_none() {
        errors.push("award_title", "err.choose");
    }
    let kind = AwardKind::parse(&f.kind);
    if kind.is_none() {
        errors.push("award_kind", "err.choose");
    }
    let decided = date_field(&mut errors, "award_decided_on", &f.decided_on, false);
    let (Some(year), Some(title), Some(kind), true) = (year, title, kind, errors.is_empty()) else {
        let typed = Typed {
            award: f,
            ..Typed::blank(errors)
        };
        return invalid(&state, ctx, p, typed).await;
    };
    let mut tx = state.db.begin().await?;
    let award = db::records::NewAward {
        person_id: id,
        year,
        title_code: &title.0,
        title_name: &title.1,
        kind: kind.code(),
        decision_no: &clean_text(&f.decision_no),
        decided_on: decided,
        issuer: &clean_text(&f.issuer),
    };
    let Some(aid) = db::records::add_award(&mut *tx, &award).await? else {
        tx.rollback().await?;
        let typed = Typed {
            award: f,
            ..Typed::blank(Errors::one("award_title", "record.err_award_exists"))
        };
        return invalid(&state, ctx, p, typed).await;
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "award", aid.to_string())
            .summary(format!("person:{id} {year} {}", title.0))
            .after(
                serde_json::json!({"person_id": id, "year": year, "title_code": title.0,
                "kind": kind.code(), "decision_no": award.decision_no, "decided_on": decided}),
            ),
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.saved"))
}

/// Removes an award from the record (after a confirmation in the page), audited.
pub async fn delete_award(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, aid)): Path<(i64, i64)>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    editable(&state, &user, id).await?;
    let mut tx = state.db.begin().await?;
    let removed = db::records::delete_award(&mut *tx, id, aid)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("delete", "award", aid.to_string())
            .summary(format!(
                "person:{id} {} {}",
                removed.year, removed.title_code
            ))
            .before(serde_json::json!({"person_id": id, "year": removed.year,
                "title_code": removed.title_code, "kind": removed.kind,
                "decision_no": removed.decision_no})),
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.deleted"))
}

pub async fn delete_discipline(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, did)): Path<(i64, i64)>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    editable(&state, &user, id).await?;
    let mut tx = state.db.begin().await?;
    let before = db::records::delete_discipline(&mut *tx, id, did)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(&mut *tx, &actor, Entry::new("delete", "discipline", did.to_string())
.summary(format!("person:{id} {}", before.level))
.before(serde_json::json!({"level": before.level, "decided_on": before.decided_on, "decision_no": before.decision_no})))
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.deleted"))
}

pub async fn open_review(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let mut errors = Errors::default();
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
    // only an inspection is judged by its signs of a violation (ND 98/2023 Art. 4)
    let signs = f.kind == "inspection" && f.violation_signs.is_some();
    let mut tx = state.db.begin().await?;
    let rid = db::records::open_review(&mut *tx, id, &f.kind, opened, signs, &clean_text(&f.note))
        .await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "review_flag", rid.to_string())
            .summary(format!("person:{id} {}", f.kind))
            .after(
                serde_json::json!({"person_id": id, "kind": f.kind, "opened_on": opened,
                                      "violation_signs": signs, "note": f.note}),
            ),
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
    Actor(actor): Actor,
    Path((id, rid)): Path<(i64, i64)>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    editable(&state, &user, id).await?;
    let today = today_vn();
    let mut tx = state.db.begin().await?;
    let closed = db::records::close_review(&mut *tx, id, rid, today)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("close", "review_flag", closed.to_string())
            .summary(format!("person:{id}"))
            .after(serde_json::json!({"closed_on": today})),
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
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<MonthsForm>,
) -> AppResult<Response> {
    let p = editable(&state, &user, id).await?;
    let mut errors = Errors::default();
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
    let before = db::records::set_months(&mut tx, id, year, months, &clean_text(&f.note)).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "work_months", format!("person:{id}:{year}"))
            .summary(format!("person:{id} {year}"))
            .before(before.map(|b| serde_json::json!({"months": b})))
            .after(months.map(|m| serde_json::json!({"months": m, "note": f.note}))),
    )
    .await?;
    tx.commit().await?;
    Ok(back(&ctx, id, "record.saved"))
}
