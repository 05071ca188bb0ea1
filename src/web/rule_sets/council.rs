//! A regime's council vote rules edited by an administrator: for each title the ballot (show of
//! hands or secret), the share of votes in favour a line needs, over all members or those present,
//! "more than" or "at least", and where the rule comes from; and the quorum of a meeting. A frozen
//! regime refuses; a stale form names the other change; bad input comes back as typed.

use super::rule_set_line;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::council::{NewVoteRule, VoteRuleRow};
use crate::db::rule_sets::RuleSetLine;
use crate::domain::cash::Rounding;
use crate::domain::council::{parse_share, share_text};
use crate::domain::names::clean_text;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::forms::{Rows, present};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// A title's row of the form, as stored or typed.
pub struct RuleRow {
    pub id: i64,
    pub name: String,
    pub ballot: String,
    pub share: String,
    pub base: String,
    pub strict: String,
    pub source: String,
}

#[derive(Template)]
#[template(path = "admin/rule_set_council.html")]
pub struct CouncilRulesPage {
    pub ctx: Ctx,
    pub rs: RuleSetLine,
    pub rows: Vec<RuleRow>,
    pub quorum: String,
    pub quorum_strict: String,
    /// the working days of public notice per level, and the legal bases a decision cites
    pub notice_days: Vec<(&'static str, String)>,
    pub decision_bases: String,
    /// how cash awards are rounded: the step ("10000") and "nearest" or "up"
    pub cash_round_to: String,
    pub cash_round_mode: String,
    pub version: i32,
    pub errors: Errors,
}

/// The council rules form as posted: the quorum, the `version` read, and the fields a form may
/// leave out (the stored value then stands: the legal bases, the cash rounding); each title's
/// row (`ballot_{title}`, `share_…`, `base_…`, `strict_…`, `source_…`) and each level's notice
/// period (`notice_{level}`).
#[derive(Deserialize)]
pub struct CouncilRulesForm {
    #[serde(default)]
    pub version: String,
    #[serde(default, deserialize_with = "present")]
    pub quorum: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub quorum_strict: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub decision_bases: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub cash_round_to: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub cash_round_mode: Option<String>,
    #[serde(flatten)]
    pub rows: Rows,
}

/// The levels of award whose notice periods the regime sets, in the columns' order.
const LEVELS: [&str; 3] = ["grassroots", "province", "state"];

fn mode_text(up: bool) -> String {
    if up { "up" } else { "nearest" }.to_string()
}

/// The cash rounding typed (`cash_round_to`, `cash_round_mode`), or the field's error.
fn rounding_of(f: &CouncilRulesForm) -> Result<Rounding, &'static str> {
    let to = f
        .cash_round_to
        .as_deref()
        .and_then(|v| v.parse::<i64>().ok());
    let up = match f.cash_round_mode.as_deref() {
        Some("up") => Some(true),
        Some("nearest") => Some(false),
        _ => None,
    };
    match (to, up) {
        (Some(to @ (1 | 1_000 | 10_000 | 100_000)), Some(up)) => Ok(Rounding { to, up }),
        _ => Err("err.choose"),
    }
}

fn strict_text(strict: bool) -> String {
    if strict { "more" } else { "least" }.to_string()
}

/// The page as stored, or with the `typed` form over it.
async fn page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    typed: Option<&CouncilRulesForm>,
    errors: Errors,
) -> AppResult<CouncilRulesPage> {
    let rs = rule_set_line(state, id).await?;
    let stored: Vec<VoteRuleRow> = db::council::vote_rules(&state.db, id).await?;
    let (quorum, quorum_strict, version) = db::council::quorum(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let get = |k: String, or: String| {
        typed
            .and_then(|f| f.rows.get(&k))
            .map_or(or, str::to_string)
    };
    let fixed = |v: fn(&CouncilRulesForm) -> &Option<String>, or: String| {
        typed.and_then(|f| v(f).clone()).unwrap_or(or)
    };
    let rows = stored
        .iter()
        .map(|r| RuleRow {
            id: r.id,
            name: ctx.name(&r.name_vi, &r.name_en).to_string(),
            ballot: get(format!("ballot_{}", r.id), r.ballot.clone()),
            share: get(format!("share_{}", r.id), share_text(r.share.max(0) as u32)),
            base: get(format!("base_{}", r.id), r.base.clone()),
            strict: get(format!("strict_{}", r.id), strict_text(r.strict)),
            source: get(format!("source_{}", r.id), r.source.clone()),
        })
        .collect();
    let (days, bases) = db::council::notice_and_bases(&state.db, id).await?;
    let rounding = db::council::cash_rounding(&state.db, id).await?;
    let notice_days = LEVELS
        .iter()
        .zip(days)
        .map(|(l, d)| (*l, get(format!("notice_{l}"), d.to_string())))
        .collect();
    Ok(CouncilRulesPage {
        notice_days,
        decision_bases: fixed(|f| &f.decision_bases, bases),
        cash_round_to: fixed(|f| &f.cash_round_to, rounding.to.to_string()),
        cash_round_mode: fixed(|f| &f.cash_round_mode, mode_text(rounding.up)),
        quorum: fixed(|f| &f.quorum, share_text(quorum.max(0) as u32)),
        quorum_strict: fixed(|f| &f.quorum_strict, strict_text(quorum_strict)),
        version: typed
            .and_then(|f| f.version.parse().ok())
            .unwrap_or(version),
        rows,
        rs,
        ctx,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    render(&page(&state, ctx, id, None, Errors::default()).await?)
}

/// A field of the form, cleaned ("" when missing).
fn field(v: Option<&str>) -> String {
    v.map(clean_text).unwrap_or_default()
}

/// A "more than" / "at least" choice (`v`, in field `k`; true: strictly more).
fn strict_field(v: Option<&str>, k: &str, errors: &mut Errors) -> bool {
    match field(v).as_str() {
        "more" => true,
        "least" => false,
        _ => {
            errors.push(k, "err.choose");
            true
        }
    }
}

/// Each title's vote rule as the form gives it (the errors pushed).
fn read_vote_rules(before: &[VoteRuleRow], f: &Rows, errors: &mut Errors) -> Vec<NewVoteRule> {
    let mut rules = Vec::new();
    for t in before {
        let g = |k: &str| field(f.get(&format!("{k}_{}", t.id)));
        let ballot = g("ballot");
        if !["hands", "secret"].contains(&ballot.as_str()) {
            errors.push(&format!("ballot_{}", t.id), "err.choose");
        }
        let share = parse_share(&g("share")).unwrap_or_else(|e| {
            errors.push(&format!("share_{}", t.id), e);
            0
        });
        let base = g("base");
        if !["members", "present"].contains(&base.as_str()) {
            errors.push(&format!("base_{}", t.id), "err.choose");
        }
        let k = format!("strict_{}", t.id);
        let strict = strict_field(f.get(&k), &k, errors);
        let source = g("source");
        if source.chars().count() > 500 {
            errors.push(&format!("source_{}", t.id), "review.err_long");
        }
        rules.push(NewVoteRule {
            title_id: t.id,
            ballot,
            share: share as i32,
            base,
            strict,
            source,
        });
    }
    rules
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<CouncilRulesForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let rs = rule_set_line(&state, id).await?;
    let before = db::council::vote_rules(&state.db, id).await?;
    let (quorum_before, strict_before, _) = db::council::quorum(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = Errors::default();
    if rs.locked {
        errors.push("_form", "rules.err_locked");
    }
    let rules = read_vote_rules(&before, &f.rows, &mut errors);
    let quorum = parse_share(&field(f.quorum.as_deref())).unwrap_or_else(|e| {
        errors.push("quorum", e);
        0
    });
    let quorum_strict = strict_field(f.quorum_strict.as_deref(), "quorum_strict", &mut errors);
    let (days_before, bases_before) = db::council::notice_and_bases(&state.db, id).await?;
    let mut days = days_before;
    for (i, l) in LEVELS.iter().enumerate() {
        match field(f.rows.get(&format!("notice_{l}"))).parse::<i32>() {
            Ok(d) if (1..=60).contains(&d) => days[i] = d,
            _ => errors.push(&format!("notice_{l}"), "council.err_notice_days"),
        }
    }
    // the textarea as typed (lines kept); a form without it keeps the stored text
    let bases = f
        .decision_bases
        .as_ref()
        .map(|b| b.replace("\r\n", "\n").trim().to_string())
        .unwrap_or_else(|| bases_before.clone());
    if bases.chars().count() > 4000 {
        errors.push("decision_bases", "council.err_bases");
    }
    let rounding_before = db::council::cash_rounding(&state.db, id).await?;
    // a form without the fields keeps the stored rounding
    let rounding = if f.cash_round_to.is_some() || f.cash_round_mode.is_some() {
        rounding_of(&f).unwrap_or_else(|e| {
            errors.push("cash_round_to", e);
            rounding_before
        })
    } else {
        rounding_before
    };
    let version = f.version.parse().unwrap_or(-1);
    if !errors.is_empty() {
        return render_invalid(&page(&state, ctx, id, Some(&f), errors).await?);
    }
    let mut tx = state.db.begin().await?;
    if !db::rule_sets::bump(&mut *tx, id, version).await? {
        tx.rollback().await?;
        let errors = Errors::stale_by(db::rule_sets::last_change(&state.db, id).await?);
        return render_invalid(&page(&state, ctx, id, Some(&f), errors).await?);
    }
    db::council::set_vote_rules(&mut tx, id, &rules, (quorum as i32, quorum_strict)).await?;
    db::council::set_notice_and_bases(&mut tx, id, (days, &bases), rounding).await?;
    let was: Vec<NewVoteRule> = before.iter().map(VoteRuleRow::rule).collect();
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "rule_set", id.to_string())
            .summary(format!("{}: biểu quyết của Hội đồng", rs.code))
            .before(Some(serde_json::json!({
                "council_votes": was, "quorum": quorum_before, "quorum_strict": strict_before,
                "notice_days": days_before, "decision_bases": bases_before,
                "cash_round_to": rounding_before.to, "cash_round_up": rounding_before.up,
            })))
            .after(Some(serde_json::json!({
                "council_votes": rules, "quorum": quorum, "quorum_strict": quorum_strict,
                "notice_days": days, "decision_bases": bases,
                "cash_round_to": rounding.to, "cash_round_up": rounding.up,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/rule-sets/{id}/council"),
        ctx.t("rules.saved"),
    ))
}
