//! A regime's dossier rules edited by an administrator: which documents each title's dossier needs
//! (the Office's checklist) and the working days the Office has to check a proposal and a unit to
//! supplement one. A frozen regime refuses; a stale form names the other change; bad input comes
//! back as typed.

use super::{rule_set_line, show_page_typed};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash, render_invalid};
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// The kinds a title's dossier may need (the checklist).
pub const CHECKLIST: [&str; 4] = [
    "review_minutes",
    "achievement_report",
    "initiative_certificate",
    "achievement_certification",
];

/// The dossier form as posted: the two periods, each title's documents ticked
/// (`doc_{title}_{kind}`), the `version` read.
#[derive(Deserialize)]
pub struct DossierForm {
    #[serde(default)]
    pub version: String,
    #[serde(default)]
    pub check_days: String,
    #[serde(default)]
    pub supplement_days: String,
    #[serde(flatten)]
    pub documents: crate::web::forms::Rows,
}

/// Period `k` (typed `v`): working days from 1 to 60.
fn days(v: &str, k: &str, errors: &mut Errors) -> i32 {
    match v.trim().parse::<i32>() {
        Ok(n) if (1..=60).contains(&n) => n,
        _ => {
            errors.push(k, "rules.err_days");
            0
        }
    }
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<DossierForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let rs = rule_set_line(&state, id).await?;
    let before = db::rule_sets::dossier(&state.db, id).await?;
    let mut errors = Errors::default();
    if rs.locked {
        errors.push("_form", "rules.err_locked");
    }
    let check = days(&f.check_days, "check_days", &mut errors);
    let supplement = days(&f.supplement_days, "supplement_days", &mut errors);
    let titles: Vec<(i64, Vec<String>)> = before
        .titles
        .iter()
        .map(|(t, _)| {
            let kinds = CHECKLIST
                .iter()
                .filter(|k| f.documents.has(&format!("doc_{t}_{k}")))
                .map(|k| k.to_string())
                .collect();
            (*t, kinds)
        })
        .collect();
    let version = f.version.parse().unwrap_or(-1);
    if !errors.is_empty() {
        let p = show_page_typed(&state, ctx, id, f, errors).await?;
        return render_invalid(&p);
    }
    let mut tx = state.db.begin().await?;
    if !db::rule_sets::bump(&mut *tx, id, version).await? {
        tx.rollback().await?;
        let errors = Errors::stale_by(db::rule_sets::last_change(&state.db, id).await?);
        return render_invalid(&show_page_typed(&state, ctx, id, f, errors).await?);
    }
    db::rule_sets::set_dossier(
        &mut tx,
        id,
        db::rule_sets::Periods {
            check_days: check,
            supplement_days: supplement,
        },
        &titles,
    )
    .await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "rule_set_dossier", id.to_string())
            .summary(rs.code.clone())
            .before(Some(serde_json::json!({
                "check_days": before.check_days, "supplement_days": before.supplement_days,
                "titles": before.titles
            })))
            .after(Some(serde_json::json!({
                "check_days": check, "supplement_days": supplement, "titles": titles
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/rule-sets/{id}#dossier-h"),
        ctx.t("rules.saved"),
    ))
}
