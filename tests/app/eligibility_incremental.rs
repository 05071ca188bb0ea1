//! The evaluated scope brought up to date from the change log (`eligibility_changes`): after changes
//! to every kind of fact, made by transactions that committed before and after the snapshot it was
//! read in, the facts read again for the changed people and units equal a whole load, and the
//! answers equal a whole evaluation; a change the log cannot say per person asks for a whole load.

use crate::common::*;
use thidua::db::eligibility::{Scope, load_scope, reload_changed};
use thidua::domain::eligibility::{Setting, evaluate_scope, reevaluate_scope};

struct Campaign {
    id: i64,
    path: String,
    year: i32,
}

async fn campaign(app: &TestApp) -> Campaign {
    let (id, path, year): (i64, String, i32) = sqlx::query_as(
        "SELECT c.id, u.path, c.year FROM campaigns c
         JOIN units u ON u.id = c.issuer_unit_id ORDER BY c.id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    Campaign { id, path, year }
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.db).await.unwrap();
}

fn assert_same_facts(a: &Scope, b: &Scope) {
    assert_eq!(a.people.len(), b.people.len());
    for (i, p) in b.people.iter().enumerate() {
        assert_eq!(a.people[i].id, p.id);
        assert_eq!(a.facts[i], b.facts[i], "the facts of {}", p.full_name);
    }
    assert_eq!(a.units.len(), b.units.len());
    for (i, u) in b.units.iter().enumerate() {
        assert_eq!(a.units[i].id, u.id);
        assert_eq!(a.unit_facts[i], b.unit_facts[i], "the facts of {}", u.name);
    }
}

#[tokio::test]
async fn the_changed_people_and_units_are_read_again_and_equal_a_whole_load() {
    let app = spawn_app().await;
    let c = campaign(&app).await;
    let people: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id
         WHERE p.active AND u.path LIKE $1 ORDER BY p.id LIMIT 7",
    )
    .bind(format!("{}%", c.path))
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(people.len(), 7, "the seed has people under the issuer");
    let unit: i64 = sqlx::query_scalar(
        "SELECT id FROM units WHERE path LIKE $1 AND path <> $2 ORDER BY id LIMIT 1",
    )
    .bind(format!("{}%", c.path))
    .bind(&c.path)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let y = c.year;

    // a transaction that starts before the snapshot and commits after it
    let mut late = app.db.begin().await.unwrap();
    sqlx::query(&format!(
        "INSERT INTO work_months (person_id, year, months) VALUES ({}, {y}, 3)
         ON CONFLICT (person_id, year) DO UPDATE SET months = 3",
        people[0]
    ))
    .execute(&mut *late)
    .await
    .unwrap();
    let old = load_scope(&app.db, c.id, &c.path, y).await.unwrap();
    late.commit().await.unwrap();

    // every kind of fact, after the snapshot
    exec(
        &app,
        &format!(
            "INSERT INTO ratings (year, person_id, rating) VALUES ({y}, {}, 'KHTNV')
         ON CONFLICT (person_id, year) WHERE person_id IS NOT NULL DO UPDATE SET rating = 'KHTNV'",
            people[1]
        ),
    )
    .await;
    exec(&app, &format!(
        "INSERT INTO disciplines (person_id, level, decided_on) VALUES ({}, 'WARNING', make_date({y}, 5, 1))",
        people[2]
    )).await;
    exec(
        &app,
        &format!(
            "INSERT INTO award_history (year, person_id, title_code) VALUES ({}, {}, 'CSTDCS')",
            y - 1,
            people[3]
        ),
    )
    .await;
    exec(&app, &format!(
        "INSERT INTO review_flags (person_id, kind, opened_on) VALUES ({}, 'complaint', make_date({y}, 3, 1))",
        people[4]
    )).await;
    exec(
        &app,
        &format!(
        "WITH r AS (INSERT INTO initiative_recognitions (title, level, decided_on, achievement_year)
                    VALUES ('Sáng kiến thử', 'grassroots', make_date({y}, 6, 1), {y}) RETURNING id)
         INSERT INTO initiative_authors (recognition_id, person_id) SELECT id, {} FROM r",
        people[5]
    ),
    )
    .await;
    // a recognition's level changed: its authors change
    exec(
        &app,
        &format!(
            "UPDATE initiative_recognitions SET level = 'province'
         WHERE id IN (SELECT recognition_id FROM initiative_authors WHERE person_id = {})",
            people[5]
        ),
    )
    .await;
    exec(
        &app,
        &format!(
            "UPDATE registrations SET status = 'draft' WHERE campaign_id = {} AND person_id = {}",
            c.id, people[6]
        ),
    )
    .await;
    exec(
        &app,
        &format!(
            "INSERT INTO ratings (year, unit_id, rating) VALUES ({y}, {unit}, 'HTNV')
         ON CONFLICT (unit_id, year) WHERE unit_id IS NOT NULL DO UPDATE SET rating = 'HTNV'"
        ),
    )
    .await;

    let (again, changed) = reload_changed(&app.db, &old, c.id, &c.path, y)
        .await
        .unwrap()
        .expect("facts changes are read per person and unit");
    let whole = load_scope(&app.db, c.id, &c.path, y).await.unwrap();
    assert_same_facts(&again, &whole);
    let mut changed_ids: Vec<i64> = changed.iter().map(|&i| again.people[i].id).collect();
    changed_ids.sort_unstable();
    for p in &people[..6] {
        assert!(
            changed_ids.contains(p),
            "{p} was read again: {changed_ids:?}"
        );
    }
    assert!(
        changed.len() < again.people.len(),
        "only the changed people were read again"
    );
    assert_ne!(old.facts, whole.facts, "the changes changed facts");

    // the answers brought up to date equal a whole evaluation
    let rules = thidua::db::eligibility::rule_set(
        &app.db,
        app.scalar_i64(&format!(
            "SELECT rule_set_id FROM campaigns WHERE id = {}",
            c.id
        ))
        .await,
    )
    .await
    .unwrap();
    let s = Setting::new(y, chrono::NaiveDate::from_ymd_opt(y, 12, 1).unwrap());
    let before = evaluate_scope(&rules, s, &old.facts, &old.unit_facts);
    let up = reevaluate_scope(
        &rules,
        s,
        &again.facts,
        &again.unit_facts,
        &before,
        &changed,
    );
    let full = evaluate_scope(&rules, s, &whole.facts, &whole.unit_facts);
    assert_eq!(up.people, full.people);
    assert_eq!(up.units, full.units);
    assert_eq!(up.counts, full.counts);

    // read again from the new snapshot: nothing changed since
    let (same, none) = reload_changed(&app.db, &again, c.id, &c.path, y)
        .await
        .unwrap()
        .unwrap();
    assert!(none.is_empty(), "nothing changed: {none:?}");
    assert_same_facts(&same, &whole);

    // an emulation cluster's change reaches every member's rank: a whole load is asked for
    exec(
        &app,
        "UPDATE emulation_clusters SET name = name || ' (2)' WHERE id = (SELECT min(id) FROM emulation_clusters)",
    )
    .await;
    assert!(
        app.scalar_i64("SELECT count(*) FROM emulation_clusters")
            .await
            > 0,
        "the seed has clusters"
    );
    assert!(
        reload_changed(&app.db, &same, c.id, &c.path, y)
            .await
            .unwrap()
            .is_none()
    );
    app.cleanup().await;
}

/// Over HTTP: the Office's overview after a rating changed shows the change (the server brought its
/// evaluation up to date rather than loading it whole, which the same answers could not tell apart;
/// the log shows the row it read).
#[tokio::test]
async fn the_overview_follows_a_rating_entered_after_it_was_loaded() {
    let app = spawn_app().await;
    let c = campaign(&app).await;
    let office = signed_in(&app, "vanphong").await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    let url = app.url(&format!(
        "/api/v1/eligibility?campaign={}&person={me}",
        c.id
    ));
    let rate = |rating: &str| {
        format!(
            "INSERT INTO ratings (year, person_id, rating) VALUES ({y}, {me}, '{rating}')
             ON CONFLICT (person_id, year) WHERE person_id IS NOT NULL DO UPDATE SET rating = '{rating}'",
            y = c.year
        )
    };
    // the LĐTT answer: its outcome and how many conditions failed
    let ldtt = |v: &serde_json::Value| {
        let t = v["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["title_code"] == "LDTT")
            .cloned()
            .unwrap_or_else(|| panic!("LDTT in {v}"));
        let failed = t["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["passed"] == serde_json::Value::Bool(false))
            .count();
        (
            t["outcome"].as_str().unwrap_or_default().to_string(),
            failed,
        )
    };
    exec(&app, &rate("HTXSNV")).await;
    app.settle().await;
    let first: serde_json::Value = office.get(&url).send().await.unwrap().json().await.unwrap();
    let (_, failed_before) = ldtt(&first);
    exec(&app, &rate("KHTNV")).await;
    assert!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM eligibility_changes WHERE person_id = {me}"
        ))
        .await
            >= 1,
        "the change is in the log"
    );
    app.settle().await;
    let after: serde_json::Value = office.get(&url).send().await.unwrap().json().await.unwrap();
    let (outcome, failed_after) = ldtt(&after);
    assert_eq!(outcome, "not_eligible", "{after}");
    assert_eq!(
        failed_after,
        failed_before + 1,
        "the rating now fails: {after}"
    );
    // and back: the rating passes again
    exec(&app, &rate("HTXSNV")).await;
    app.settle().await;
    let back: serde_json::Value = office.get(&url).send().await.unwrap().json().await.unwrap();
    assert_eq!(ldtt(&back).1, failed_before, "{back}");
    app.cleanup().await;
}
