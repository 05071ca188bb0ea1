//! The dated data rules read besides rule sets: the public-holiday calendar (days off and weekend
//! days worked in exchange) and the base salary, kept by administrators as the Government announces
//! them.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::Entry;
use crate::db::audit::{self};
use crate::domain::dates::{parse_date, today_vn};
use crate::domain::names::clean_text;
use crate::domain::workdays::{Calendar, DayKind};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::Errors;
use crate::web::extract::{Form, Query};
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

pub use crate::db::calendar::{DayLine, SalaryLine};

#[derive(Deserialize, Default, Clone)]
pub struct DayForm {
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
}

#[derive(Deserialize, Default, Clone)]
pub struct SalaryForm {
    #[serde(default)]
    pub effective_from: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub legal_basis: String,
}

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub year: Option<i32>,
}

#[derive(Template)]
#[template(path = "admin/calendar.html")]
pub struct CalendarPage {
    pub ctx: Ctx,
    pub year: i32,
    pub days: Vec<DayLine>,
    pub working_days: u32,
    pub salaries: Vec<SalaryLine>,
    pub day: DayForm,
    pub salary: SalaryForm,
    pub errors: Errors,
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    year: i32,
    day: DayForm,
    salary: SalaryForm,
    errors: Errors,
) -> AppResult<CalendarPage> {
    let days = db::calendar::days_of(&state.db, year).await?;
    let cal = Calendar::new(days.iter().map(|d| {
        (
            d.day,
            if d.kind == "working" {
                DayKind::Working
            } else {
                DayKind::Holiday
            },
        )
    }));
    let working_days = match (
        NaiveDate::from_ymd_opt(year - 1, 12, 31),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(a), Some(b)) => cal.working_days_between(a, b),
        _ => 0,
    };
    let salaries = db::calendar::salaries(&state.db).await?;
    Ok(CalendarPage {
        ctx,
        year,
        days,
        working_days,
        salaries,
        day,
        salary,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    user.require_admin()?;
    let year = q
        .year
        .unwrap_or_else(|| today_vn().year())
        .clamp(2000, 2100);
    render(
        &page(
            &state,
            ctx,
            year,
            DayForm {
                kind: "holiday".into(),
                ..Default::default()
            },
            SalaryForm::default(),
            Errors::default(),
        )
        .await?,
    )
}

/// Adds (or corrects) a day of the calendar.
pub async fn set_day(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(mut f): Form<DayForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    f.name_vi = clean_text(&f.name_vi);
    f.name_en = clean_text(&f.name_en);
    let mut errors = Errors::default();
    let day = match parse_date(&f.day) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push("day", e);
            None
        }
    };
    if !["holiday", "working"].contains(&f.kind.as_str()) {
        errors.push("kind", "err.choose");
    }
    if f.name_vi.is_empty() {
        errors.push("name_vi", "err.required");
    }
    let (Some(day), true) = (day, errors.is_empty()) else {
        let year = day.map_or_else(|| today_vn().year(), |d| d.year());
        return render_invalid(&page(&state, ctx, year, f, SalaryForm::default(), errors).await?);
    };
    let name_en = if f.name_en.is_empty() {
        f.name_vi.clone()
    } else {
        f.name_en.clone()
    };
    let mut tx = state.db.begin().await?;
    let before = db::calendar::set_day(&mut tx, day, &f.kind, &f.name_vi, &name_en).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("set", "holiday", day.to_string())
            .summary(format!("{day}: {}", f.name_vi))
            .before(before)
            .after(Some(
                serde_json::json!({"kind": f.kind, "name_vi": f.name_vi, "name_en": name_en}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/calendar?year={}", day.year()),
        ctx.t("record.saved"),
    ))
}

#[derive(Deserialize)]
pub struct DeleteDayForm {
    pub day: NaiveDate,
}

pub async fn delete_day(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(f): Form<DeleteDayForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let mut tx = state.db.begin().await?;
    let gone = db::calendar::delete_day(&mut *tx, f.day).await?;
    if let Some((kind, name_vi)) = gone {
        audit::record(
            &mut *tx,
            &actor,
            Entry::new("delete", "holiday", f.day.to_string())
                .summary(format!("{}: {name_vi}", f.day))
                .before(serde_json::json!({"kind": kind, "name_vi": name_vi})),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/calendar?year={}", f.day.year()),
        ctx.t("record.deleted"),
    ))
}

/// Adds a base salary from a date (a new decree), or corrects one.
pub async fn set_salary(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(mut f): Form<SalaryForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    f.legal_basis = clean_text(&f.legal_basis);
    let mut errors = Errors::default();
    let from = match parse_date(&f.effective_from) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push("effective_from", e);
            None
        }
    };
    let amount = match f.amount.replace(['.', ' ', ','], "").parse::<i64>() {
        Ok(a) if a > 0 && a < 1_000_000_000 => Some(a),
        _ => {
            errors.push("amount", "calendar.err_amount");
            None
        }
    };
    let (Some(from), Some(amount), true) = (from, amount, errors.is_empty()) else {
        return render_invalid(
            &page(
                &state,
                ctx,
                today_vn().year(),
                DayForm::default(),
                f,
                errors,
            )
            .await?,
        );
    };
    let mut tx = state.db.begin().await?;
    db::calendar::set_salary(&mut *tx, from, amount, &f.legal_basis).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("set", "base_salary", from.to_string())
            .summary(format!("{from}: {amount}"))
            .after(Some(
                serde_json::json!({"amount": amount, "legal_basis": f.legal_basis}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash("/admin/calendar", ctx.t("record.saved")))
}
