//! The demo organisation (Sở Tài nguyên và Môi trường tỉnh Sóc Trăng, 2022): its chart and fixed
//! people (`org`), synthetic staff (`names`, `people`), the 2022 plan word for word (`plan`), and
//! the loader below, which writes them into an empty database in one transaction (the bulk rows
//! through `db::demo`).

mod awards;
mod closing_year;
mod current;
mod meeting;
mod names;
mod org;
mod people;
pub mod plan;
pub mod plan_current;
mod yearend;

pub use org::{DemoPerson, DemoUnit, EMAIL_DOMAIN, units};
pub use people::people;

use crate::auth::password::hash_blocking;
use crate::db::audit::Entry;
use crate::db::keys::At;
use crate::db::{self, audit::Actor, units::NewUnit};
use crate::domain::person::{Category, Gender, PersonFields};
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;

pub const DEMO_PASSWORD: &str = "thidua-demo";

/// (username, display name when no person, roles as (role, unit code))
const ACCOUNTS: &[(&str, &[(&str, &str)])] = &[
    ("admin", &[("admin", "STNMT")]),
    ("giamdoc", &[("director", "STNMT"), ("council", "STNMT")]),
    (
        "phogiamdoc",
        &[("deputy_director", "STNMT"), ("council", "STNMT")],
    ),
    ("vanphong", &[("office", "STNMT"), ("staff", "VP")]),
    ("truongphong", &[("unit_head", "QLDD"), ("staff", "QLDD")]),
    ("canbo", &[("staff", "QLDD")]),
    (
        "hoidong",
        &[
            ("council", "STNMT"),
            ("unit_head", "TTRA"),
            ("staff", "TTRA"),
        ],
    ),
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// How the 2022 year is loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Year2022 {
    /// replayed as if it were today (the tests' fixture): registration open, the year end ahead,
    /// the units' proposals in every state, one unit left to review, one council meeting
    Replay,
    /// as it happened (the demo served): every document dated in the 2022 cycle, every unit
    /// reviewed and its proposal accepted, the council of 20/12 over all of them, the decision of
    /// 29/12/2022, the campaign closed
    AsItHappened,
}

/// Seeds the demo data through the council's public notice when the database has no units (the
/// tests' fixture: the 2022 year replayed, its notice's lines awaiting a decision). Returns false
/// (and changes nothing) otherwise. `scale` = number of people (default: the realistic ~300).
pub async fn seed(pool: &PgPool, scale: Option<usize>) -> anyhow::Result<bool> {
    seed_through(pool, scale, Year2022::Replay).await
}

/// Seeds the whole demo (the app served with `--demo`): the 2022 year as it happened, closed (its
/// lines decided and issued, a submission to the province answered, the registry filled), the
/// current campaign under the regime in force, open for registration today, and the year closing
/// with its reviews, proposals, meetings and a draft decision (`closing_year`).
pub async fn seed_full(pool: &PgPool, scale: Option<usize>) -> anyhow::Result<bool> {
    if !seed_through(pool, scale, Year2022::AsItHappened).await? {
        return Ok(false);
    }
    past_council(pool).await?;
    // the current campaign first: the years it rates include the 2022 ratings still missing, which
    // the closing then dates with the others
    current::seed(pool).await?;
    current::close_2022(pool).await?;
    // the year closing, its work in every hand
    closing_year::seed(pool).await?;
    Ok(true)
}

/// Takes the demo seeded by [`seed`] past the council (see `awards`).
pub async fn past_council(pool: &PgPool) -> anyhow::Result<()> {
    awards::seed(pool).await
}

async fn seed_through(pool: &PgPool, scale: Option<usize>, year: Year2022) -> anyhow::Result<bool> {
    if db::demo::has_units(pool).await? {
        return Ok(false);
    }
    let started = std::time::Instant::now();
    let people = tokio::task::spawn_blocking(move || people::people(scale, 2022)).await?;
    // one hash per account, off the async threads
    let hashes: Vec<String> = tokio::task::spawn_blocking(|| {
        ACCOUNTS
            .iter()
            .map(|_| hash_blocking(DEMO_PASSWORD))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await??;
    let mut tx = pool.begin().await?;
    db::demo::lock(&mut tx).await?;
    if db::demo::has_units(&mut *tx).await? {
        return Ok(false);
    }
    let unit_ids = load_units(&mut tx).await?;
    let person_ids = load_people(&mut tx, &people, &unit_ids).await?;
    let user_ids = load_accounts(&mut tx, &people, &person_ids, &hashes, &unit_ids).await?;
    let root = *unit_ids
        .get("STNMT")
        .ok_or_else(|| anyhow::anyhow!("no root unit"))?;
    issuer_profile(
        &mut tx,
        root,
        user_ids.get("admin").copied().unwrap_or_default(),
    )
    .await?;
    let campaign = seed_campaign(&mut tx, root, &user_ids, year).await?;
    db::demo::ratings(&mut tx).await?;
    db::demo::initiatives(&mut tx).await?;
    db::demo::awards_and_discipline(&mut tx).await?;
    db::demo::principle_cases(&mut tx).await?;
    db::demo::clusters(&mut tx).await?;
    council(&mut tx, (root, 2022, date(2022, 1, 15)), &user_ids).await?;
    // the deputy signs "KT. GIÁM ĐỐC" under a recorded delegation (issue 28, 1)
    if let (Some(deputy), Some(director)) = (user_ids.get("phogiamdoc"), user_ids.get("giamdoc")) {
        let g = db::delegations::NewDelegation {
            unit: root,
            delegate: *deputy,
            from: date(2022, 1, 5),
            to: date(2027, 12, 31),
            kinds: &[],
            basis: "Quyết định số 15/QĐ-STNMT ngày 05/01/2022 của Giám đốc Sở về phân công nhiệm vụ \
                    của Giám đốc và các Phó Giám đốc Sở",
        };
        db::delegations::create(&mut *tx, &g, *director).await?;
    }
    db::audit::record(
        &mut *tx,
        &Actor::system("seed-demo"),
        Entry::new("seed_demo", "organisation", String::new()).summary(format!(
            "demo data: {} units, {} people, {} accounts, the 2022 plan (campaign {campaign})",
            unit_ids.len(),
            person_ids.len(),
            ACCOUNTS.len()
        )),
    )
    .await?;
    db::instance::mark_demo(&mut *tx).await?;
    tx.commit().await?;
    // the year end (reviews and proposals) reads the committed year through the eligibility rules
    yearend::seed(
        pool,
        campaign,
        (
            user_ids.get("vanphong").copied().unwrap_or_default(),
            user_ids.get("truongphong").copied().unwrap_or_default(),
        ),
        year == Year2022::AsItHappened,
    )
    .await?;
    // the council's meeting on the accepted lines (of one unit in the replay)
    meeting::seed(pool, campaign, &user_ids, year == Year2022::AsItHappened).await?;
    // statistics now, not at the next autovacuum
    if let Err(e) = db::demo::analyze(pool).await {
        tracing::info!(error = %e, "ANALYZE after the demo data skipped (left to autovacuum)");
    }
    tracing::info!(
        units = unit_ids.len(),
        people = person_ids.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo data loaded"
    );
    Ok(true)
}

/// The organisation chart, parents first; the units' ids by code.
async fn load_units(tx: &mut db::Tx<'_>) -> anyhow::Result<HashMap<&'static str, i64>> {
    let mut unit_ids: HashMap<&'static str, i64> = HashMap::new();
    for u in units() {
        let parent_id = u.parent.and_then(|p| unit_ids.get(p).copied());
        let (id, _) = db::units::insert(
            &mut **tx,
            &NewUnit {
                code: u.code,
                name: u.name,
                kind: u.kind,
                parent_id,
                valid_from: date(2008, 7, 1),
            },
        )
        .await?;
        unit_ids.insert(u.code, id);
    }
    if let (Some(mt), Some(root)) = (unit_ids.get("MT"), unit_ids.get("STNMT")) {
        db::demo::environment_history(tx, *mt, *root).await?;
    }
    Ok(unit_ids)
}

/// The Department's particulars as its papers print them: its own legal bases (sample references:
/// an administrator replaces them with the real decisions), who carries out its decisions, to
/// whom its submissions go.
async fn issuer_profile(tx: &mut db::Tx<'_>, root: i64, admin: i64) -> anyhow::Result<()> {
    let p = crate::domain::issuer::IssuerProfile {
        bases: "Căn cứ Quyết định số 24/2016/QĐ-UBND ngày 29 tháng 7 năm 2016 của Ủy ban nhân dân tỉnh Sóc Trăng quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Tài nguyên và Môi trường tỉnh Sóc Trăng;\nCăn cứ Quyết định số 25/2018/QĐ-UBND ngày 15 tháng 8 năm 2018 của Ủy ban nhân dân tỉnh Sóc Trăng ban hành Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh Sóc Trăng;".into(),
        executors: "Chánh Văn phòng Sở, Trưởng phòng Kế hoạch - Tài chính, Thủ trưởng các phòng, đơn vị thuộc Sở".into(),
        province_authority: "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng".into(),
        province_board: "Ban Thi đua - Khen thưởng tỉnh Sóc Trăng (Sở Nội vụ)".into(),
        ministry: "Bộ Tài nguyên và Môi trường".into(),
        version: 0,
    };
    db::issuers::save(
        tx,
        At {
            id: root,
            version: 0,
        },
        &p,
        admin,
    )
    .await?;
    Ok(())
}

/// The staff list; their ids in its order.
async fn load_people(
    tx: &mut db::Tx<'_>,
    people: &[DemoPerson],
    unit_ids: &HashMap<&str, i64>,
) -> anyhow::Result<Vec<i64>> {
    let mut rows = Vec::with_capacity(people.len());
    for p in people {
        let unit = *unit_ids
            .get(p.unit_code)
            .ok_or_else(|| anyhow::anyhow!("unknown unit {}", p.unit_code))?;
        rows.push((
            PersonFields {
                full_name: p.full_name.clone(),
                gender: Gender::parse(p.gender).unwrap_or(Gender::Other),
                birth_date: p.birth_date,
                position: Some(p.position.clone()),
                category: Category::parse(p.category).unwrap_or(Category::CongChuc),
                start_date: Some(p.start_date),
                email: p.email.clone(),
                phone: p.phone.clone(),
                employee_code: Some(p.employee_code.clone()),
            },
            unit,
        ));
    }
    let mut person_ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(2000) {
        person_ids.extend(db::people::insert_many(&mut **tx, chunk).await?);
    }
    Ok(person_ids)
}

/// The demo accounts with their roles, linked to their people; the users' ids by name.
async fn load_accounts(
    tx: &mut db::Tx<'_>,
    people: &[DemoPerson],
    person_ids: &[i64],
    hashes: &[String],
    unit_ids: &HashMap<&str, i64>,
) -> anyhow::Result<HashMap<&'static str, i64>> {
    let by_account: HashMap<&str, (i64, &str)> = people
        .iter()
        .zip(person_ids)
        .filter_map(|(p, id)| p.account.map(|a| (a, (*id, p.full_name.as_str()))))
        .collect();
    let mut user_ids: HashMap<&'static str, i64> = HashMap::new();
    for ((username, roles), hash) in ACCOUNTS.iter().zip(hashes) {
        let (person_id, display) = match by_account.get(username) {
            Some((id, name)) => (Some(*id), name.to_string()),
            None => (None, "Quản trị hệ thống".to_string()),
        };
        let (uid, _) =
            db::users::insert(&mut **tx, username, hash, &display, person_id, false).await?;
        user_ids.insert(username, uid);
        for (role, unit) in *roles {
            let unit_id = *unit_ids
                .get(unit)
                .ok_or_else(|| anyhow::anyhow!("unknown unit {unit}"))?;
            db::users::add_role(&mut **tx, uid, role, unit_id).await?;
        }
    }
    Ok(user_ids)
}

/// The 2022 plan, published by the Director (with registration open in the replay), and the
/// registrations of `db::demo::registrations` (the demo accounts' people start from nothing, as
/// their journeys do).
async fn seed_campaign(
    tx: &mut db::Tx<'_>,
    root: i64,
    users: &HashMap<&str, i64>,
    year: Year2022,
) -> anyhow::Result<i64> {
    let plan = plan::plan_2022(match year {
        Year2022::Replay => plan::replay_timeline(crate::domain::dates::today_vn()),
        Year2022::AsItHappened => plan::timeline_2022(),
    });
    let office = users.get("vanphong").copied().unwrap_or_default();
    let director = users.get("giamdoc").copied().unwrap_or_default();
    let rule_set = db::campaigns::rule_set_for_year(&mut **tx, plan.year)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no rule set for {}", plan.year))?;
    let (id, version) = db::campaigns::insert(tx, &plan, root, rule_set, office).await?;
    db::campaigns::publish(tx, id, version, director).await?;
    db::campaigns::record_version(tx, id, 0, "", &plan, director).await?;
    db::demo::registrations(tx, id, rule_set, users.get("truongphong").copied()).await?;
    Ok(id)
}

/// The council of the Department for `year`, seated from `from`: the Director in the chair, the
/// deputy as vice-chair, the Office's account as secretary, the inspectorate's head as a member (the
/// head of land management is left for a user to seat).
async fn council(
    tx: &mut db::Tx<'_>,
    (root, year, from): (i64, i32, NaiveDate),
    user_ids: &HashMap<&'static str, i64>,
) -> anyhow::Result<()> {
    let by = user_ids.get("vanphong").copied().unwrap_or_default();
    for (account, capacity) in [
        ("giamdoc", "chair"),
        ("phogiamdoc", "vice_chair"),
        ("vanphong", "secretary"),
        ("hoidong", "member"),
    ] {
        let Some(&user_id) = user_ids.get(account) else {
            continue;
        };
        let seat = db::council::NewSeat {
            unit_id: root,
            year,
            user_id,
            capacity,
            from_date: from,
        };
        db::council::add(tx, &seat, by).await?;
    }
    Ok(())
}
