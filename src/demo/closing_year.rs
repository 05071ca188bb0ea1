//! The year at its end, for the app served with `--demo` (issue 30): beside the plan in
//! registration, the plan of the year closing (launched in January, its registrations confirmed,
//! the units' reviews held a fortnight ago) with its work in every hand, so that each role finds
//! something waiting on its home page: the units' proposals in every state (the demo head's division
//! left to hold its review), the Office's lines to check; a council meeting held on the mineral
//! resources division's lines, its list posted and its period over, its decision drafted by the
//! Office for the Director; and a second meeting being prepared on another division's lines, for
//! the council's members to study.

use super::meeting::{hold, post};
use super::plan_current;
use crate::db::audit::{Actor, Entry};
use crate::db::numbered::By;
use crate::db::{self, decisions::NewDecision};
use crate::domain::dates::today_vn;
use chrono::{Days, NaiveDate};
use sqlx::PgPool;
use std::collections::HashMap;

/// The days before today the units held their reviews, the council met and the list was posted.
const REVIEWED: u64 = 14;
const MET: u64 = 10;
const POSTED: u64 = 9;
/// The days after today of the next meeting, and of the plan's council and decision dates.
const NEXT_MEETING: u64 = 7;

fn day(year: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(year, m, d).ok_or_else(|| anyhow::anyhow!("date {year}-{m}-{d}"))
}

fn ago(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(n)).unwrap_or(today)
}

fn ahead(today: NaiveDate, n: u64) -> NaiveDate {
    today.checked_add_days(Days::new(n)).unwrap_or(today)
}

/// The closing year's plan: the year before the one in registration, its proposals due the day
/// before the reviews were held, the council and the decision ahead.
fn plan(today: NaiveDate) -> anyhow::Result<crate::domain::campaign::Plan> {
    let year = plan_current::year_on(today) - 1;
    let proposals = ago(today, REVIEWED - 1).max(day(year, 8, 1)?);
    let timeline = crate::domain::campaign::Timeline {
        registration_opens: Some(day(year, 1, 15)?),
        registration_closes: Some(day(year, 2, 15)?),
        midyear_review: Some(day(year, 7, 15)?.min(ago(proposals, 7))),
        proposal_deadline: Some(proposals),
        council_meeting: Some(ahead(today, NEXT_MEETING)),
        decision_date: Some(ahead(today, 3 * NEXT_MEETING)),
    };
    let mut plan = plan_current::plan_for(year, timeline);
    plan.doc_number = "05".into();
    plan.doc_date = Some(day(year, 1, 10)?);
    Ok(plan)
}

pub async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    let today = today_vn();
    let plan = plan(today)?;
    let (_, users) = db::demo::campaign_and_accounts(&mut *pool.acquire().await?).await?;
    let users: HashMap<String, i64> = users.into_iter().collect();
    let user = |name: &str| users.get(name).copied().unwrap_or_default();
    let (office, head, director) = (user("vanphong"), user("truongphong"), user("giamdoc"));
    let mut tx = pool.begin().await?;
    let root = db::units::by_code(&mut *tx, "STNMT")
        .await?
        .ok_or_else(|| anyhow::anyhow!("no root unit"))?;
    let rule_set = db::campaigns::rule_set_for_year(&mut *tx, plan.year)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no rule set for {}", plan.year))?;
    let (id, version) = db::campaigns::insert(&mut tx, &plan, root, rule_set, office).await?;
    db::campaigns::publish(&mut tx, id, version, director).await?;
    db::campaigns::record_version(&mut tx, id, 0, "", &plan, director).await?;
    db::demo::registrations(&mut tx, id, rule_set, Some(head)).await?;
    db::demo_dates::confirm_sent(&mut tx, id, head).await?;
    let accounts: HashMap<&'static str, i64> = ["giamdoc", "phogiamdoc", "vanphong", "hoidong"]
        .into_iter()
        .map(|a| (a, user(a)))
        .collect();
    // the council of the closing year
    super::council(
        &mut tx,
        (root, plan.year, day(plan.year, 1, 15)?),
        &accounts,
    )
    .await?;
    tx.commit().await?;
    // the units' reviews and proposals, read through the eligibility rules on the committed year
    super::yearend::seed_on(pool, id, (office, head), (false, ago(today, REVIEWED))).await?;
    let mut tx = pool.begin().await?;
    let c = db::campaigns::get(&mut tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no campaign {id}"))?;
    // the council met on the mineral resources division's accepted lines; the list was posted the
    // day after and its period is over
    let ks: Vec<i64> = db::demo::accepted_lines_of(&mut *tx, id, Some("KS"))
        .await?
        .into_iter()
        .map(|l| l.0)
        .collect();
    let mut drafted = None;
    if !ks.is_empty() {
        let (meeting, _, _) = hold(&mut tx, &c, (ago(today, MET), &ks, None), office).await?;
        let (notice, _) = post(&mut tx, &c, meeting, ago(today, POSTED), office).await?;
        let lines = db::decisions::ready_lines(&mut *tx, notice, today).await?;
        let d = NewDecision {
            campaign_id: id,
            issuer_unit_id: c.issuer_unit_id,
            decided_on: today,
            doc_code: &c.plan.document_code("QĐ"),
            proposer: crate::domain::issuer::DEFAULT_PROPOSER,
        };
        let actor = Actor::system("seed-demo");
        let by = By::new(&actor, office);
        drafted =
            db::numbered::draft_decision(&mut tx, &by, (&d, notice, c.plan.title.as_str()), &lines)
                .await?;
    }
    // the next meeting, being prepared on the other accepted lines
    let rest: Vec<i64> = db::demo::accepted_lines_of(&mut *tx, id, None)
        .await?
        .into_iter()
        .map(|l| l.0)
        .filter(|l| !ks.contains(l))
        .collect();
    let mut next = None;
    if !rest.is_empty() {
        let details = db::council_meetings::Details {
            held_on: ahead(today, NEXT_MEETING),
            held_at: "8 giờ 00",
            place: "Phòng họp số 1, Sở Tài nguyên và Môi trường",
            recuse_own_unit: true,
        };
        let m = db::council_meetings::create(&mut *tx, id, &details, office).await?;
        let of = db::keys::MeetingOf {
            meeting: m,
            campaign: id,
        };
        db::council_meetings::add_to_agenda(&mut tx, of, &rest).await?;
        next = Some(m);
    }
    db::audit::record(
        &mut *tx,
        &Actor::system("seed-demo"),
        Entry::new("seed_demo", "campaign", id.to_string()).summary(format!(
            "demo: the {} year at its end (reviews held, a meeting held and posted, decision {drafted:?} \
             drafted for the Director, meeting {next:?} being prepared)",
            plan.year
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
