//! The scores' overview: a unit head's members and units with their totals; the Office's
//! calibration (each scorer's mean and spread against the others, units side by side, outliers);
//! closing the scoring.

use super::scores::criteria;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::domain::roles::{Role, scope_patterns};
use crate::domain::scoring::{Scored, ScorerLine, calibrate, units_side_by_side};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::Readable;
use crate::web::extract::Form;
use crate::web::{Ctx, redirect_flash, render};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::BTreeMap;

/// A scorer's calibration line with their name.
pub struct CalibrationLine {
    pub name: String,
    pub line: ScorerLine,
}

/// A member's or unit's line of the head's overview: who, and the totals the head may see.
pub struct OverviewLine {
    pub href: String,
    pub name: String,
    pub self_total: Option<f64>,
    pub head_total: Option<f64>,
    pub max: f64,
}

#[derive(Template)]
#[template(path = "scores/overview.html")]
pub struct OverviewPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub office: bool,
    pub closed: bool,
    pub lines: Vec<OverviewLine>,
    pub scorers: Vec<CalibrationLine>,
    /// (unit name, mean percent and sheets per scorer kind)
    pub units: Vec<(String, [(f64, usize); 3])>,
}

pub async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Readable(c): Readable,
) -> AppResult<Response> {
    let visible = crate::web::evaluation::visible_patterns(&user, &c);
    let office = visible.is_none();
    let patterns = visible.unwrap_or_else(|| vec![format!("{}%", c.issuer_unit_path)]);
    user.require(!patterns.is_empty())?;
    let totals = db::scores::totals(&state.db, c.id, &patterns).await?;
    let percent = |got: f64, max: f64| if max > 0.0 { got * 100.0 / max } else { 0.0 };
    let scored: Vec<Scored> = totals
        .iter()
        .map(|t| Scored {
            scorer: t.scorer_id,
            kind: t.kind.clone(),
            subject: match (t.person_id, t.unit_id) {
                (Some(p), _) => format!("p{p}"),
                (_, u) => format!("u{}", u.unwrap_or_default()),
            },
            unit: t.home_unit,
            percent: percent(t.got, t.max),
        })
        .collect();
    let names: BTreeMap<i64, String> = totals
        .iter()
        .map(|t| (t.scorer_id, t.scorer_name.clone()))
        .collect();
    let unit_names: BTreeMap<i64, String> = db::units::names_of(
        &state.db,
        &scored.iter().map(|s| s.unit).collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .collect();
    let (scorers, units) = if office {
        (
            calibrate(&scored)
                .into_iter()
                .map(|line| CalibrationLine {
                    name: names.get(&line.scorer).cloned().unwrap_or_default(),
                    line,
                })
                .collect(),
            units_side_by_side(&scored)
                .into_iter()
                .map(|(u, v)| (unit_names.get(&u).cloned().unwrap_or_default(), v))
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let lines = if office {
        Vec::new()
    } else {
        head_lines(&state, &user, &c, &totals).await?
    };
    render(&OverviewPage {
        closed: db::scores::closed_at(&state.db, c.id).await?.is_some(),
        ctx,
        c,
        office,
        lines,
        scorers,
        units,
    })
}

/// The head's members and units with the totals the head may see (their own sheet's, and the
/// self-assessment's once their own is submitted).
async fn head_lines(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    totals: &[db::scores::Total],
) -> AppResult<Vec<OverviewLine>> {
    let e = crate::web::evaluation::evaluated(state, user, c).await?;
    let patterns = scope_patterns(&user.grants, |r| r == Role::UnitHead);
    let mut lines = Vec::new();
    let max_person = criteria(c, true)
        .iter()
        .map(|k| k.scale.max * k.scale.weight)
        .sum::<f64>();
    let max_unit = criteria(c, false)
        .iter()
        .map(|k| k.scale.max * k.scale.weight)
        .sum::<f64>();
    for u in e.scope.units.iter() {
        if !patterns
            .iter()
            .any(|p| u.path.starts_with(p.trim_end_matches('%')))
        {
            continue;
        }
        let head = totals
            .iter()
            .find(|t| t.unit_id == Some(u.id) && t.kind == "head" && t.scorer_id == user.user_id);
        lines.push(OverviewLine {
            href: format!("/campaigns/{}/scores/units/{}", c.id, u.id),
            name: u.name.clone(),
            self_total: None,
            head_total: head.map(|t| t.got),
            max: max_unit,
        });
    }
    for i in 0..e.scope.people.len() {
        let p = &e.scope.people[i];
        if !patterns
            .iter()
            .any(|x| p.unit_path.starts_with(x.trim_end_matches('%')))
            || user.person_id == Some(p.id)
        {
            continue;
        }
        let head = totals
            .iter()
            .find(|t| t.person_id == Some(p.id) && t.kind == "head" && t.scorer_id == user.user_id);
        let own = totals
            .iter()
            .find(|t| t.person_id == Some(p.id) && t.kind == "self");
        lines.push(OverviewLine {
            href: format!("/campaigns/{}/scores/people/{}", c.id, p.id),
            name: p.full_name.clone(),
            self_total: head.and(own).map(|t| t.got),
            head_total: head.map(|t| t.got),
            max: max_person,
        });
    }
    Ok(lines)
}

/// The Office closes scoring: sheets can no longer change, and the people scored see theirs.
pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Readable(c): Readable,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let id = c.id;
    user.require(user.manages_campaigns_of(&c.issuer_unit_path))?;
    let mut tx = state.db.begin().await?;
    if db::scores::close(&mut *tx, c.id, user.user_id).await? {
        audit::record(
            &mut *tx,
            &actor,
            Entry::new("close_scoring", "campaign", c.id.to_string()).summary(c.plan.title.clone()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}/scores"),
        ctx.t("score.closed_now"),
    ))
}
