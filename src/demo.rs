//! Loading the demo organisation (Sở Tài nguyên và Môi trường tỉnh Sóc Trăng, 2022) into an empty database.

use crate::auth::password::hash_blocking;
use crate::db::{self, audit::Actor, units::NewUnit};
use crate::demo_data;
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

/// Seeds the demo data when the database has no units. Returns false (and changes nothing) otherwise.
/// `scale` = number of people (default: the realistic ~300).
pub async fn seed(pool: &PgPool, scale: Option<usize>) -> anyhow::Result<bool> {
    let has_data: bool = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM units) AS "x!""#)
        .fetch_one(pool)
        .await?;
    if has_data {
        return Ok(false);
    }
    let started = std::time::Instant::now();
    let people = tokio::task::spawn_blocking(move || demo_data::people(scale, 2022)).await?;
    // one hash per account, off the async threads
    let hashes: Vec<String> = tokio::task::spawn_blocking(|| {
        ACCOUNTS
            .iter()
            .map(|_| hash_blocking(DEMO_PASSWORD))
            .collect::<anyhow::Result<Vec<_>>>()
    })
    .await??;

    let mut tx = pool.begin().await?;
    // The advisory lock makes two instances started with --demo at once seed only once.
    sqlx::query!("SELECT pg_advisory_xact_lock(2022)")
        .execute(&mut *tx)
        .await?;
    let again: bool = sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM units) AS "x!""#)
        .fetch_one(&mut *tx)
        .await?;
    if again {
        return Ok(false);
    }
    let actor = Actor::system("seed-demo");
    let mut unit_ids: HashMap<&str, i64> = HashMap::new();
    for u in demo_data::units() {
        let parent_id = u.parent.and_then(|p| unit_ids.get(p).copied());
        let (id, _) = db::units::insert(
            &mut *tx,
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
    // history: the environment division was a sub-department before 2022
    if let Some(mt) = unit_ids.get("MT") {
        sqlx::query!(
            "INSERT INTO unit_history (unit_id, code, name, kind, parent_id, valid_from, valid_to, change)
             VALUES ($1, 'CCBVMT', 'Chi cục Bảo vệ môi trường', 'division', $2, '2008-07-01', '2021-12-31', 'rename')",
            mt,
            unit_ids.get("STNMT").copied()
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "UPDATE units SET valid_from = '2022-01-01' WHERE id = $1",
            mt
        )
        .execute(&mut *tx)
        .await?;
    }
    let mut rows = Vec::with_capacity(people.len());
    for p in &people {
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
        person_ids.extend(db::people::insert_many(&mut *tx, chunk).await?);
    }
    let by_account: HashMap<&str, (i64, &str)> = people
        .iter()
        .zip(&person_ids)
        .filter_map(|(p, id)| p.account.map(|a| (a, (*id, p.full_name.as_str()))))
        .collect();
    for ((username, roles), hash) in ACCOUNTS.iter().zip(&hashes) {
        let (person_id, display) = match by_account.get(username) {
            Some((id, name)) => (Some(*id), name.to_string()),
            None => (None, "Quản trị hệ thống".to_string()),
        };
        let (uid, _) =
            db::users::insert(&mut *tx, username, hash, &display, person_id, false).await?;
        for (role, unit) in *roles {
            let unit_id = *unit_ids
                .get(unit)
                .ok_or_else(|| anyhow::anyhow!("unknown unit {unit}"))?;
            db::users::add_role(&mut *tx, uid, role, unit_id).await?;
        }
    }
    db::audit::record(
        &mut *tx,
        &actor,
        "seed_demo",
        "organisation",
        "",
        &format!(
            "demo data: {} units, {} people, {} accounts",
            unit_ids.len(),
            person_ids.len(),
            ACCOUNTS.len()
        ),
        None,
        None,
    )
    .await?;
    tx.commit().await?;
    // statistics now, not at the next autovacuum: the people list's plans depend on them
    sqlx::query("VACUUM (ANALYZE) units, people, users, user_roles")
        .execute(pool)
        .await?;
    tracing::info!(
        units = unit_ids.len(),
        people = person_ids.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "demo data loaded"
    );
    Ok(true)
}
