//! Eligibility benchmark: the whole scope of the 2022 campaign loaded from PostgreSQL (seven
//! queries) and evaluated (every person for every individual title, every unit for every collective
//! title, quotas in a second pass), timed. Run by bench/eligibility.sh:
//!
//!     cargo run --release --example eligibility -- DATABASE_URL SCALE [ROUNDS]
//!
//! Seeds the demo organisation at SCALE people into the database when it is empty.

use std::time::Instant;
use thidua::domain::eligibility::{
    Setting, Tri, evaluate_person, evaluate_scope, reevaluate_scope,
};
use thidua::i18n::Lang;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(scale)) = (args.get(1), args.get(2)) else {
        anyhow::bail!("usage: eligibility DATABASE_URL SCALE [ROUNDS]");
    };
    let scale: usize = scale.parse()?;
    let rounds: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(5);
    thidua::startup::ensure_database(url).await?;
    let db = sqlx::postgres::PgPoolOptions::new()
        .max_connections(4)
        .connect(url)
        .await?;
    thidua::startup::migrate(&db).await?;
    let t = Instant::now();
    if thidua::demo::seed(&db, Some(scale)).await? {
        eprintln!(
            "seeded {scale} people in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    let (campaign, rule_set, issuer, year): (i64, i64, String, i32) = sqlx::query_as(
        "SELECT c.id, c.rule_set_id, u.path, c.year FROM campaigns c JOIN units u ON u.id = c.issuer_unit_id ORDER BY c.id LIMIT 1",
    )
    .fetch_one(&db)
    .await?;
    let today = thidua::domain::dates::today_vn();
    let mut load_ms = Vec::new();
    let mut eval_ms = Vec::new();
    let mut last = None;
    for _ in 0..rounds {
        let t = Instant::now();
        let rules = thidua::db::eligibility::rule_set(&db, rule_set).await?;
        let scope = thidua::db::eligibility::load_scope(&db, campaign, &issuer, year).await?;
        load_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let setting = Setting::new(year, today);
        let result = evaluate_scope(&rules, setting, &scope.facts, &scope.unit_facts);
        eval_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        last = Some((rules, scope, result, setting));
    }
    let Some((rules, scope, result, setting)) = last else {
        anyhow::bail!("no rounds");
    };
    let median = |v: &mut Vec<f64>| {
        v.sort_by(|a, b| a.total_cmp(b));
        v[v.len() / 2]
    };
    // explained answers (what a person's page computes on top of the cached scope), for the first
    // hundred people
    let mut explain = Vec::new();
    let mut explained = Vec::new();
    for facts in scope.facts.iter().take(100) {
        let t = Instant::now();
        explained = evaluate_person(&rules, setting, facts, Some(&result.counts), Some(Lang::Vi));
        explain.push(t.elapsed().as_secs_f64() * 1e6);
    }
    let explain_us = median(&mut explain);
    let eligible: Vec<String> = result
        .individual_titles
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let n = result.people.iter().filter(|o| o[i] == Tri::Pass).count();
            format!("{code} {n}")
        })
        .collect();
    let incremental = bring_up_to_date(
        &db, &rules, &scope, &result, setting, campaign, &issuer, year, rounds,
    )
    .await?;
    println!(
        "eligibility: {} people, {} units, rule set {}: load {:.0} ms, evaluate {:.0} ms (median of {rounds}); one explained answer {:.0} µs (median of 100, {} titles); eligible: {}",
        scope.people.len(),
        scope.units.len(),
        rules.code,
        median(&mut load_ms),
        median(&mut eval_ms),
        explain_us,
        explained.len(),
        eligible.join(", ")
    );
    println!("{incremental}");
    Ok(())
}

/// After a change to the ratings of 1 and of 100 people (one statement each), the scope brought up
/// to date from the change log (`reload_changed`) and evaluated again (`reevaluate_scope`): what a
/// server does before the first eligibility page after the change; medians of `rounds`.
#[allow(clippy::too_many_arguments)]
async fn bring_up_to_date(
    db: &sqlx::PgPool,
    rules: &thidua::domain::eligibility::RuleSet,
    scope: &thidua::db::eligibility::Scope,
    result: &thidua::domain::eligibility::ScopeResult,
    setting: Setting,
    campaign: i64,
    issuer: &str,
    year: i32,
    rounds: usize,
) -> anyhow::Result<String> {
    let mut out = Vec::new();
    let t = Instant::now();
    let copy = scope.clone();
    out.push(format!(
        "a copy of the scope {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    ));
    drop(copy);
    // each round starts from the previous one's scope (as a server does)
    let mut cur_scope = scope.clone();
    let mut cur_result =
        reevaluate_scope(rules, setting, &scope.facts, &scope.unit_facts, result, &[]);
    for changed in [1usize, 100] {
        let mut reload_ms = Vec::new();
        let mut eval_ms = Vec::new();
        let mut read = 0;
        for round in 0..rounds {
            // rate `changed` people of the scope, spread over it, differently each round
            let ids: Vec<i64> = (0..changed)
                .map(|k| scope.people[(k * 997 + round * 31) % scope.people.len()].id)
                .collect();
            let rating = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"][round % 4];
            sqlx::query(
                "INSERT INTO ratings (year, person_id, rating) SELECT $1, unnest($2::int8[]), $3
                 ON CONFLICT (person_id, year) WHERE person_id IS NOT NULL DO UPDATE SET rating = $3",
            )
            .bind(year)
            .bind(&ids)
            .bind(rating)
            .execute(db)
            .await?;
            let t = Instant::now();
            let Some((fresh, at)) =
                thidua::db::eligibility::reload_changed(db, &cur_scope, campaign, issuer, year)
                    .await?
            else {
                anyhow::bail!("the change log asked for a whole load");
            };
            reload_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            cur_result = reevaluate_scope(
                rules,
                setting,
                &fresh.facts,
                &fresh.unit_facts,
                &cur_result,
                &at,
            );
            eval_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            read = at.len();
            cur_scope = fresh;
        }
        reload_ms.sort_by(|a, b| a.total_cmp(b));
        eval_ms.sort_by(|a, b| a.total_cmp(b));
        out.push(format!(
            "{changed} changed ({read} read again): reload {:.0} ms, evaluate {:.0} ms",
            reload_ms[reload_ms.len() / 2],
            eval_ms[eval_ms.len() / 2]
        ));
    }
    Ok(format!(
        "brought up to date after a change: {}",
        out.join("; ")
    ))
}
