//! Annual ratings entered by unit heads for their units' people (and by the Office for any unit and
//! for the units themselves), locked once the Office closes the year; the cap on excellent ratings
//! is shown as a warning.

use crate::auth::CurrentUser;
use crate::db::audit::Actor;
use crate::db::ratings::{Change, MemberRating, Saved};
use crate::db::{self};
use crate::domain::dates::today_vn;
use crate::domain::eligibility::Rating;
use crate::domain::roles::{Role, scope_patterns};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor as Acting;
use crate::web::Errors;
use crate::web::extract::{Form, Query};
use crate::web::forms;
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;

/// The units whose people this user rates (unit heads: their subtrees; the Office: everything under
/// it), as (id, name, depth, path).
async fn rateable_units(
    state: &AppState,
    user: &CurrentUser,
) -> AppResult<Vec<(i64, String, i32, String)>> {
    let patterns = scope_patterns(&user.grants, |r| {
        r == Role::UnitHead || r.manages_campaigns()
    });
    if patterns.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(db::units::open_in(&state.db, &patterns).await?)
}

fn is_office(user: &CurrentUser, path: &str) -> bool {
    user.manages_campaigns_of(path)
}

#[derive(Deserialize, Default)]
pub struct RatingQuery {
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub unit: Option<i64>,
}

#[derive(Deserialize, Default)]
pub struct RatingForm {
    pub year: i32,
    pub unit: i64,
    #[serde(default)]
    pub person_id: Vec<i64>,
    #[serde(default)]
    pub version: Vec<i32>,
    #[serde(default)]
    pub rating: Vec<String>,
    #[serde(default)]
    pub score: Vec<String>,
    #[serde(default)]
    pub note: Vec<String>,
    #[serde(default)]
    pub unit_rating: String,
    #[serde(default)]
    pub unit_note: String,
    #[serde(default)]
    pub unit_version: i32,
}

pub struct Line {
    pub person_id: i64,
    pub full_name: String,
    pub position: String,
    pub rating: String,
    pub score: String,
    pub note: String,
    pub version: i32,
}

#[derive(Template)]
#[template(path = "ratings/form.html")]
pub struct RatingPage {
    pub ctx: Ctx,
    pub year: i32,
    pub years: Vec<i32>,
    pub unit: i64,
    pub unit_name: String,
    pub units: Vec<(i64, String, i32, String)>,
    pub lines: Vec<Line>,
    pub unit_rating: String,
    pub unit_note: String,
    pub unit_version: i32,
    pub office: bool,
    pub closed: Option<db::ratings::Closure>,
    /// the closing is this user's to undo (inside their scope)
    pub can_reopen: bool,
    pub editable: bool,
    /// the person this user is (a unit head does not rate themselves)
    pub self_person: Option<i64>,
    pub errors: Errors,
    pub warning: Option<String>,
}

impl RatingPage {
    fn is_self(&self, person_id: &i64) -> bool {
        self.self_person == Some(*person_id)
    }
    fn rating_name(&self, code: &str) -> &'static str {
        Rating::parse(code).map_or("", |r| r.name(self.ctx.lang))
    }
    fn codes(&self) -> [&'static str; 4] {
        Rating::ALL.map(Rating::code)
    }
    fn indent(&self, depth: &i32) -> String {
        "· ".repeat((*depth).max(1) as usize - 1)
    }
}

fn lines_of(members: Vec<MemberRating>) -> Vec<Line> {
    members
        .into_iter()
        .map(|m| Line {
            person_id: m.person_id,
            full_name: m.full_name,
            position: m.position.unwrap_or_default(),
            rating: m.rating.unwrap_or_default(),
            score: m.score.map(fmt_score).unwrap_or_default(),
            note: m.note,
            version: m.version,
        })
        .collect()
}

fn fmt_score(s: f64) -> String {
    if s.fract() == 0.0 {
        format!("{}", s as i64)
    } else {
        format!("{s}").replace('.', ",")
    }
}

/// The warning when excellent ratings exceed the cap of good-or-better ones.
async fn cap_warning(
    state: &AppState,
    ctx: &Ctx,
    year: i32,
    lines: &[Line],
) -> AppResult<Option<String>> {
    let Some((cap, basis)) = db::ratings::excellent_cap(&state.db, year).await? else {
        return Ok(None);
    };
    let excellent = lines.iter().filter(|l| l.rating == "HTXSNV").count();
    let good = lines
        .iter()
        .filter(|l| l.rating == "HTXSNV" || l.rating == "HTTNV")
        .count();
    if excellent * 100 > cap as usize * good {
        Ok(Some(ctx.tf(
            "rating.cap_warning",
            [
                excellent.to_string().as_str(),
                good.to_string().as_str(),
                cap.to_string().as_str(),
                basis.as_str(),
            ],
        )))
    } else {
        Ok(None)
    }
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    year: i32,
    unit: Option<i64>,
    typed: Option<(Vec<Line>, String, String, i32)>,
    errors: Errors,
) -> AppResult<RatingPage> {
    let units = rateable_units(state, user).await?;
    let chosen = match unit {
        Some(u) => units
            .iter()
            .find(|x| x.0 == u)
            .cloned()
            .ok_or(AppError::Forbidden)?,
        // a unit head's own unit first
        None => user
            .grants
            .iter()
            .find(|g| g.role == Role::UnitHead)
            .and_then(|g| units.iter().find(|x| x.0 == g.unit_id))
            .or_else(|| units.first())
            .cloned()
            .ok_or(AppError::Forbidden)?,
    };
    let office = is_office(user, &chosen.3);
    let closed = db::ratings::closed_for(&state.db, year, &chosen.3).await?;
    let can_reopen = closed
        .as_ref()
        .is_some_and(|c| user.manages_campaigns_of(&c.unit_path));
    let (lines, unit_rating, unit_note, unit_version) = match typed {
        Some(t) => t,
        None => {
            let u = db::ratings::unit_rating(&state.db, chosen.0, year).await?;
            (
                lines_of(db::ratings::members(&state.db, chosen.0, year).await?),
                u.rating.unwrap_or_default(),
                u.note,
                u.version,
            )
        }
    };
    let warning = cap_warning(state, &ctx, year, &lines).await?;
    let this_year = today_vn().year();
    Ok(RatingPage {
        year,
        years: ((this_year - 6)..=this_year).rev().collect(),
        unit: chosen.0,
        unit_name: chosen.1,
        units,
        lines,
        unit_rating,
        unit_note,
        unit_version,
        office,
        editable: closed.is_none() || office,
        closed,
        can_reopen,
        self_person: if office { None } else { user.person_id },
        errors,
        warning,
        ctx,
    })
}

fn check_year(year: i32) -> AppResult<i32> {
    let now = today_vn().year();
    if (2000..=now + 1).contains(&year) {
        Ok(year)
    } else {
        Err(AppError::BadRequest("year".into()))
    }
}

pub async fn form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Query(q): Query<RatingQuery>,
) -> AppResult<Response> {
    let year = check_year(q.year.unwrap_or_else(|| today_vn().year()))?;
    render(&page(&state, ctx, &user, year, q.unit, None, Errors::default()).await?)
}

/// Saves the unit's ratings in one transaction, one audit entry per change. Bad values and stale
/// rows come back on the same form with what was typed; nothing is written then.
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Acting(actor): Acting,
    Form(f): Form<RatingForm>,
) -> AppResult<Response> {
    let year = check_year(f.year)?;
    let units = rateable_units(&state, &user).await?;
    let unit = units
        .iter()
        .find(|u| u.0 == f.unit)
        .cloned()
        .ok_or(AppError::Forbidden)?;
    let office = is_office(&user, &unit.3);
    let members = db::ratings::members(&state.db, unit.0, year).await?;
    let (lines, changes, mut errors) = read_rows(&f, &members, office, user.person_id)?;
    let unit_rating = f.unit_rating.trim().to_string();
    // the unit's own rating is the Office's to set; a head's form has no such field
    if office && !unit_rating.is_empty() && Rating::parse(&unit_rating).is_none() {
        errors.push("unit_rating", "rating.err_rating");
    }
    let unit_note = crate::domain::names::clean_text(&f.unit_note);
    let typed = Some((
        lines,
        unit_rating.clone(),
        unit_note.clone(),
        f.unit_version,
    ));
    if !errors.is_empty() {
        return render_invalid(&page(&state, ctx, &user, year, Some(unit.0), typed, errors).await?);
    }
    let unit_change = office.then(|| Change {
        person_id: None,
        unit_id: Some(unit.0),
        year,
        rating: (!unit_rating.is_empty()).then_some(unit_rating.as_str()),
        score: None,
        note: &unit_note,
        version: f.unit_version,
    });
    let actor = actor.clone();
    match write_ratings(&state, &actor, year, &unit.3, office, &changes, unit_change).await? {
        Ok(written) => Ok(redirect_flash(
            &format!("/ratings?year={year}&unit={}", unit.0),
            &ctx.tf("rating.saved", [written.to_string().as_str()]),
        )),
        Err(errors) => {
            render_invalid(&page(&state, ctx, &user, year, Some(unit.0), typed, errors).await?)
        }
    }
}

/// One person's row as it will be saved: (person, rating, score, note, version read).
type RowChange = (i64, String, Option<f64>, String, i32);

/// The rows of a ratings form: the lines to show again, the changes to save, and the errors.
/// A unit head's own row is not theirs to change (kept as stored; a forged change is an error);
/// a row for someone not (or no longer) in the unit is refused.
fn read_rows(
    f: &RatingForm,
    members: &[MemberRating],
    office: bool,
    me: Option<i64>,
) -> AppResult<(Vec<Line>, Vec<RowChange>, Errors)> {
    let n = f.person_id.len();
    if [f.version.len(), f.rating.len(), f.score.len(), f.note.len()]
        .iter()
        .any(|l| *l != n)
    {
        return Err(AppError::BadRequest("rows".into()));
    }
    let mut errors = Errors::default();
    let mut lines = Vec::with_capacity(n);
    let mut changes = Vec::with_capacity(n);
    for i in 0..n {
        let m = members
            .iter()
            .find(|m| m.person_id == f.person_id[i])
            .ok_or(AppError::Forbidden)?;
        let rating = f.rating[i].trim().to_string();
        if !rating.is_empty() && Rating::parse(&rating).is_none() {
            errors.push(&format!("rating_{}", i + 1), "rating.err_rating");
        }
        let score_text = f.score[i].trim().to_string();
        let score = if score_text.is_empty() {
            None
        } else {
            match score_text.replace(',', ".").parse::<f64>() {
                Ok(s) if (0.0..=1000.0).contains(&s) => Some(s),
                _ => {
                    errors.push(&format!("score_{}", i + 1), "rating.err_score");
                    None
                }
            }
        };
        let note = crate::domain::names::clean_text(&f.note[i]);
        let line = |rating: String, score: String, note: String, version: i32| Line {
            person_id: m.person_id,
            full_name: m.full_name.clone(),
            position: m.position.clone().unwrap_or_default(),
            rating,
            score,
            note,
            version,
        };
        // a unit head does not rate themselves: their own rating is left to the level above
        if !office && Some(m.person_id) == me {
            let unchanged =
                m.rating.as_deref().unwrap_or("") == rating && m.score == score && m.note == note;
            if !unchanged {
                errors.push(&format!("rating_{}", i + 1), "rating.err_self");
            }
            lines.push(line(
                m.rating.clone().unwrap_or_default(),
                m.score.map(fmt_score).unwrap_or_default(),
                m.note.clone(),
                m.version,
            ));
            continue;
        }
        lines.push(line(rating.clone(), score_text, note.clone(), f.version[i]));
        changes.push((m.person_id, rating, score, note, f.version[i]));
    }
    Ok((lines, changes, errors))
}

/// Saves the rows (and the unit's own rating) in one transaction, under the year's lock, with an
/// audit entry per change: how many were written, or the key of why nothing was (the year closed
/// for the unit meanwhile, or a row changed since it was read).
async fn write_ratings(
    state: &AppState,
    actor: &Actor,
    year: i32,
    unit_path: &str,
    office: bool,
    changes: &[RowChange],
    unit_change: Option<Change<'_>>,
) -> AppResult<Result<usize, Errors>> {
    let mut tx = state.db.begin().await?;
    // closed or not is decided inside the transaction that saves, under the year's lock
    db::ratings::lock_year(&mut tx, year, false).await?;
    if !office
        && db::ratings::closed_for(&mut *tx, year, unit_path)
            .await?
            .is_some()
    {
        tx.rollback().await?;
        return Ok(Err(Errors::form("rating.err_closed")));
    }
    let rows = changes
        .iter()
        .map(|(person_id, rating, score, note, version)| Change {
            person_id: Some(*person_id),
            unit_id: None,
            year,
            rating: (!rating.is_empty()).then_some(rating.as_str()),
            score: *score,
            note,
            version: *version,
        });
    let mut written = 0;
    for change in rows.chain(unit_change) {
        match db::ratings::save(&mut tx, actor, &change, "entry").await? {
            Saved::Written => written += 1,
            Saved::Unchanged => {}
            Saved::Stale => {
                tx.rollback().await?;
                let key = "rating.err_stale";
                let id = db::ratings::audit_id(&change);
                return Ok(Err(forms::stale_as(&state.db, key, "rating", &id).await?));
            }
        }
    }
    tx.commit().await?;
    Ok(Ok(written))
}

#[derive(Deserialize)]
pub struct CloseForm {
    pub year: i32,
    pub action: String,
    #[serde(default)]
    pub unit: Option<i64>,
}

/// The Office closes a year for its own subtree (unit heads there can no longer change its ratings)
/// or reopens what it closed; a closing by a unit above it is not its to undo.
pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Acting(actor): Acting,
    Form(f): Form<CloseForm>,
) -> AppResult<Response> {
    let year = check_year(f.year)?;
    let scope = user.campaign_manage_scope();
    user.require(!scope.is_empty())?;
    let closing = match f.action.as_str() {
        "close" => true,
        "reopen" => false,
        _ => return Err(AppError::BadRequest("action".into())),
    };
    // the units at the top of this user's subtrees
    let mut tops: Vec<&crate::domain::roles::Grant> = user
        .grants
        .iter()
        .filter(|g| g.role.manages_campaigns())
        .collect();
    tops.sort_by_key(|g| g.unit_path.len());
    let mut units: Vec<(i64, &str)> = Vec::new();
    for g in tops {
        if !units.iter().any(|(_, p)| g.unit_path.starts_with(p)) {
            units.push((g.unit_id, g.unit_path.as_str()));
        }
    }
    let ids: Vec<i64> = units.iter().map(|(id, _)| *id).collect();
    let actor = actor.clone();
    let mut tx = state.db.begin().await?;
    db::ratings::lock_year(&mut tx, year, true).await?;
    let n = if closing {
        db::ratings::close(&mut tx, &actor, year, &ids).await?
    } else {
        db::ratings::reopen(&mut tx, &actor, year, &scope).await?
    };
    // a closing from above still covers the unit on the page: say so
    let still = match (closing, f.unit) {
        (false, Some(u)) => {
            let path = db::units::path_of(&mut *tx, u).await?;
            match path {
                Some(p) => db::ratings::closed_for(&mut *tx, year, &p).await?,
                None => None,
            }
        }
        _ => None,
    };
    tx.commit().await?;
    let unit = f.unit.map(|u| format!("&unit={u}")).unwrap_or_default();
    let message = match (closing, n, still) {
        (_, _, Some(c)) => ctx.tf("rating.still_closed", [c.unit_name.as_str()]),
        (true, 0, _) => ctx.t("rating.already_closed").to_string(),
        (false, 0, _) => ctx.t("form.nothing_changed").to_string(),
        (true, _, _) => ctx.t("rating.closed_done").to_string(),
        (false, _, _) => ctx.t("rating.reopened_done").to_string(),
    };
    Ok(redirect_flash(
        &format!("/ratings?year={year}{unit}"),
        &message,
    ))
}
