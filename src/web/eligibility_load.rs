//! The campaign's evaluated scope for a request: from this server's memory, brought up to date from
//! the change log, or loaded whole and evaluated (`crate::caches::EligibilityCache`).

use crate::auth::CurrentUser;
use crate::caches::Evaluated;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::versioned::Version;
use crate::domain::dates::today_vn;
use crate::domain::eligibility::{Setting, evaluate_scope, reevaluate_scope};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use std::sync::Arc;

/// The evaluated scope from this server's memory; brought up to date when only facts and
/// registrations changed since (the people and units whose facts changed read and evaluated again:
/// `db::eligibility::reload_changed`); or loaded whole (seven queries) and evaluated.
pub async fn evaluated(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<Arc<Evaluated>> {
    let today = today_vn();
    let versions = &user.seen;
    if let Some(e) = state.caches.eligibility.get(&c.id, versions) {
        return Ok(e);
    }
    // the day of consideration: the decision date once it has passed, else today
    let on = c
        .plan
        .timeline
        .decision_date
        .map_or(today, |d| d.min(today));
    let setting = Setting::new(c.plan.year, on);
    if let Some((held, old)) = state.caches.eligibility.latest(&c.id)
        // people, units and campaigns are not in the change log; the day is in the evaluation
        && held.covers(versions, &[Version::People, Version::Campaigns])
        && versions.get(Version::Day) == held.get(Version::Day)
        && !old.scope.snapshot.is_empty()
        && let Some((scope, changed)) = db::eligibility::reload_changed(
            &state.db,
            &old.scope,
            c.id,
            &c.issuer_unit_path,
            c.plan.year,
        )
        .await?
    {
        let e = tokio::task::spawn_blocking(move || {
            let result = reevaluate_scope(
                &old.rules,
                setting,
                &scope.facts,
                &scope.unit_facts,
                &old.result,
                &changed,
            );
            Evaluated::new(old.rules.clone(), scope, result, setting)
        })
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("evaluation: {e}")))?;
        let e = Arc::new(e);
        state.caches.eligibility.put(c.id, versions, e.clone());
        return Ok(e);
    }
    state
        .caches
        .eligibility
        .get_or_load(&c.id, versions, || async {
            let rules = db::eligibility::rule_set(&state.db, c.rule_set_id).await?;
            let scope =
                db::eligibility::load_scope(&state.db, c.id, &c.issuer_unit_path, c.plan.year)
                    .await?;
            // pure CPU work (about 30 ms for 10,000 people): off the async workers
            let e = tokio::task::spawn_blocking(move || {
                let result = evaluate_scope(&rules, setting, &scope.facts, &scope.unit_facts);
                Evaluated::new(rules, scope, result, setting)
            })
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("evaluation: {e}")))?;
            Ok(e)
        })
        .await
}
