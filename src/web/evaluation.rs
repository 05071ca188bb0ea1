//! The campaign's evaluated scope for a request: from this server's memory, brought up to date from
//! the change log, or loaded whole and evaluated (`crate::caches::EligibilityCache`); and what the
//! pages of several features read of it: who the viewer sees, a person's or a unit's explained
//! results, the quotas' live counts with their ranked candidates, a unit's members.

use crate::auth::CurrentUser;
use crate::caches::Evaluated;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::versioned::Version;
use crate::domain::dates::today_vn;
use crate::domain::eligibility::{Setting, evaluate_scope, reevaluate_scope};
use crate::domain::eligibility::{
    TitleResult, Tri, WOMEN_COLLECTIVE_PCT, evaluate_person, explain_unit, quota_candidates,
    quota_counts, tie_break,
};
use crate::domain::roles::{Role, scope_patterns};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::Ctx;
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

/// Which people and units of the scope the user may see: everyone (`None`) or the subtrees of the
/// unit heads' roles (LIKE patterns); staff see only themselves (`Some(empty)`).
pub fn visible_patterns(user: &CurrentUser, c: &CampaignRow) -> Option<Vec<String>> {
    if user.sees_all_eligibility(&c.issuer_unit_path) {
        return None;
    }
    Some(scope_patterns(&user.grants, |r| r == Role::UnitHead))
}

pub fn in_patterns(path: &str, patterns: &Option<Vec<String>>) -> bool {
    match patterns {
        None => true,
        Some(p) => p.iter().any(|p| path.starts_with(p.trim_end_matches('%'))),
    }
}

pub struct UnitLine {
    pub id: i64,
    pub name: String,
    pub depth: i32,
    pub members: usize,
    pub outcomes: Vec<Tri>,
}

/// A quota's live count in words and, when it has more candidates than places, the candidates the
/// viewer sees in the order the regime's tie-breaks give.
pub struct QuotaView {
    pub line: String,
    pub places: usize,
    pub candidates: usize,
    pub ranked: Vec<RankedLine>,
}

/// A candidate of an over-full quota: rank, who, and why there.
pub struct RankedLine {
    pub rank: usize,
    pub href: String,
    pub name: String,
    pub unit: String,
    /// why ahead of the others (the tie-break in words), or empty
    pub favoured: String,
    pub within: bool,
}

/// Each quota's live count in words: over the campaign, or per unit directly under the issuer among
/// the `units` the viewer sees; an over-full one with its candidates in tie-break order (ranks
/// over all candidates, names of those the viewer sees).
pub fn quota_views(
    ctx: &Ctx,
    e: &Evaluated,
    campaign: i64,
    units: &[UnitLine],
    patterns: &Option<Vec<String>>,
) -> Vec<QuotaView> {
    let groups: Vec<i64> = units.iter().map(|u| u.id).collect();
    let person_groups: Vec<i64> = e.scope.facts.iter().map(|p| p.group).collect();
    let unit_groups: Vec<i64> = e.scope.unit_facts.iter().map(|u| u.group).collect();
    quota_counts(&e.rules, &e.result.counts, &groups)
        .into_iter()
        .map(|l| {
            let prefix = match l.group {
                None => ctx.t("rules.scope.campaign").to_string(),
                Some(g) => units
                    .iter()
                    .find(|u| u.id == g)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
            };
            let text = ctx.tf(
                "elig.quota_line",
                [
                    e.title_name(&l.quota.title, ctx.lang).as_str(),
                    l.candidates.to_string().as_str(),
                    l.quota.max_pct.to_string().as_str(),
                    l.base.to_string().as_str(),
                    e.title_name(&l.quota.of_title, ctx.lang).as_str(),
                    l.places().to_string().as_str(),
                ],
            );
            let ranked = if l.candidates > l.places() {
                ranked_lines(ctx, e, campaign, &l, &person_groups, &unit_groups, patterns)
            } else {
                Vec::new()
            };
            QuotaView {
                line: format!("{prefix} — {text}"),
                places: l.places(),
                candidates: l.candidates,
                ranked,
            }
        })
        .collect()
}

/// The candidates of an over-full quota in tie-break order, those the viewer sees.
fn ranked_lines(
    ctx: &Ctx,
    e: &Evaluated,
    campaign: i64,
    l: &crate::domain::eligibility::QuotaCount,
    person_groups: &[i64],
    unit_groups: &[i64],
    patterns: &Option<Vec<String>>,
) -> Vec<RankedLine> {
    let individual = e.result.individual_titles.contains(&l.quota.title);
    let (first, titles, groups) = if individual {
        (
            &e.result.first_people,
            &e.result.individual_titles,
            person_groups,
        )
    } else {
        (
            &e.result.first_units,
            &e.result.collective_titles,
            unit_groups,
        )
    };
    let candidates = quota_candidates(l, first, titles, groups);
    let women: Vec<bool> = candidates
        .iter()
        .map(|&i| {
            if individual {
                e.scope.facts[i].woman
            } else {
                e.scope.unit_facts[i].women_pct >= WOMEN_COLLECTIVE_PCT
            }
        })
        .collect();
    let why = ctx.t(if individual {
        "elig.tie_woman"
    } else {
        "elig.tie_women_unit"
    });
    tie_break(&e.rules.principles, &women, l.places())
        .into_iter()
        .enumerate()
        .filter_map(|(n, r)| {
            let i = candidates[r.index];
            let (path, href, name, unit) = if individual {
                let p = &e.scope.people[i];
                let href = format!("/campaigns/{campaign}/eligibility/people/{}", p.id);
                (&p.unit_path, href, p.full_name.clone(), p.unit_name.clone())
            } else {
                let u = &e.scope.units[i];
                let href = format!("/campaigns/{campaign}/eligibility/units/{}", u.id);
                (&u.path, href, u.name.clone(), String::new())
            };
            in_patterns(path, patterns).then(|| RankedLine {
                rank: n + 1,
                href,
                name,
                unit,
                favoured: if r.favoured.is_some() {
                    why.to_string()
                } else {
                    String::new()
                },
                within: r.within,
            })
        })
        .collect()
}

pub fn person_results(e: &Evaluated, i: usize, lang: Lang) -> Vec<TitleResult> {
    evaluate_person(
        &e.rules,
        e.setting,
        &e.scope.facts[i],
        Some(&e.result.counts),
        Some(lang),
    )
}

pub fn unit_results(e: &Evaluated, i: usize, lang: Lang) -> Vec<TitleResult> {
    explain_unit(
        &e.rules,
        e.setting,
        &e.scope.unit_facts[i],
        &e.scope.facts,
        &e.result,
        lang,
    )
}

/// The members of the unit's subtree in the evaluated scope (indices), by given name (the scope's
/// order: PostgreSQL's Vietnamese collation on the given name, then the full name).
pub fn member_indices(e: &Evaluated, unit_path: &str) -> Vec<usize> {
    (0..e.scope.people.len())
        .filter(|&i| e.scope.people[i].unit_path.starts_with(unit_path))
        .collect()
}

/// The outcome of person `i` for title `code` (its code), or "needs_review" when not evaluated.
pub fn person_outcome(e: &Evaluated, i: usize, code: &str) -> Tri {
    e.result
        .individual_titles
        .iter()
        .position(|t| t == code)
        .and_then(|t| e.result.people.get(i).and_then(|o| o.get(t)).copied())
        .unwrap_or(Tri::Unknown)
}
