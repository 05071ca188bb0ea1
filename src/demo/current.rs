//! The demo served: the 2022 year closed as it happened (its rows dated in the 2022 cycle, the
//! campaign closed), and beside it the current campaign under the regime in force, its plan the
//! demo's own sample text, registration open today (`plan_current`), with the years between
//! rated and the council seated, so that every step can be tried.

use super::plan_current;
use crate::db::{self, audit::Actor, audit::Entry};
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;

/// Dates the 2022 campaign's rows in its cycle and closes it (the Office's last step of a year).
pub async fn close_2022(pool: &PgPool) -> anyhow::Result<()> {
    let (campaign, users) = db::demo::campaign_and_accounts(&mut *pool.acquire().await?).await?;
    let Some(campaign) = campaign else {
        return Ok(());
    };
    let users: HashMap<String, i64> = users.into_iter().collect();
    let head = users.get("truongphong").copied().unwrap_or_default();
    let mut tx = pool.begin().await?;
    let c = db::campaigns::get(&mut tx, campaign)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no campaign {campaign}"))?;
    db::campaigns::set_stage(&mut tx, campaign, c.version, Stage::Closed).await?;
    db::demo_dates::date_2022(&mut tx, campaign, head).await?;
    db::audit::record(
        &mut *tx,
        &Actor::system("seed-demo"),
        Entry::new("seed_demo", "campaign", campaign.to_string())
            .summary("demo: the 2022 year dated as it happened and closed".to_string()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The current campaign: the sample plan of the year in registration today, published by the
/// Director under the rule set in force for its year, with registrations as the 2022 year had
/// them; the years since 2022 rated, with their Lao động tiên tiến; the council seated for it.
pub async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    let today = today_vn();
    let plan = plan_current::plan(today);
    let (_, users) = db::demo::campaign_and_accounts(&mut *pool.acquire().await?).await?;
    let users: HashMap<String, i64> = users.into_iter().collect();
    let user = |name: &str| users.get(name).copied().unwrap_or_default();
    let mut tx = pool.begin().await?;
    let root = db::units::by_code(&mut *tx, "STNMT")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no root unit"))?;
    let rule_set = db::campaigns::rule_set_for_year(&mut *tx, plan.year)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no rule set for {}", plan.year))?;
    let (id, version) =
        db::campaigns::insert(&mut tx, &plan, root, rule_set, user("vanphong")).await?;
    db::campaigns::publish(&mut tx, id, version, user("giamdoc")).await?;
    db::campaigns::record_version(&mut tx, id, 0, "", &plan, user("giamdoc")).await?;
    db::demo::registrations(&mut tx, id, rule_set, Some(user("truongphong"))).await?;
    db::demo::later_years(&mut tx, plan.year - 1).await?;
    let from = NaiveDate::from_ymd_opt(plan.year, 1, 15)
        .unwrap_or(today)
        .min(today);
    let accounts: HashMap<&'static str, i64> = ["giamdoc", "phogiamdoc", "vanphong", "hoidong"]
        .into_iter()
        .map(|a| (a, user(a)))
        .collect();
    super::council(&mut tx, (root, plan.year, from), &accounts).await?;
    db::audit::record(
        &mut *tx,
        &Actor::system("seed-demo"),
        Entry::new("seed_demo", "campaign", id.to_string()).summary(format!(
            "demo: the sample plan of {} (rule set {rule_set}), registration open from {:?}",
            plan.year, plan.timeline.registration_opens
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
