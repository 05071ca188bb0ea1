//! The facts import written set by set (`db::fact_sets`): over a chunk holding new rows, changed rows
//! and rows that change nothing, only the first two are written, each with the audit entry a single
//! save writes (before, after, unit path), and an award the app issued by its own decision is left
//! as it is.

use crate::common::*;
use thidua::db::audit::Actor;
use thidua::domain::facts_import::FactRow;

/// A stored rating: person, unit, rating, note, version.
type Stored = (Option<i64>, Option<i64>, String, String, i32);

fn actor() -> Actor {
    Actor {
        user_id: None,
        username: "vanphong".into(),
        ip: Some("127.0.0.1".into()),
    }
}

async fn people(app: &TestApp, n: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM people WHERE active ORDER BY id LIMIT $1")
        .bind(n)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn ratings_new_changed_and_unchanged_in_one_chunk() {
    let app = spawn_app().await;
    let p = people(&app, 6).await;
    let unit = app.scalar_i64("SELECT max(id) FROM units").await;
    let year = 2011;
    // stored before: p0 HTTNV (will be the same), p1 HTNV (will change), p2 with a note (the import
    // clears it: a change)
    for (who, rating, note) in [
        (p[0], "HTTNV", ""),
        (p[1], "HTNV", ""),
        (p[2], "HTTNV", "ghi chú"),
    ] {
        sqlx::query("INSERT INTO ratings (year, person_id, rating, note) VALUES ($1, $2, $3, $4)")
            .bind(year)
            .bind(who)
            .bind(rating)
            .bind(note)
            .execute(&app.db)
            .await
            .unwrap();
    }
    let audits = app.scalar_i64("SELECT count(*) FROM audit_log").await;
    let row = |person: Option<i64>, unit: Option<i64>, rating: &str| FactRow {
        person_id: person,
        unit_id: unit,
        year,
        rating: Some(rating.into()),
        ..Default::default()
    };
    let rows = [
        row(Some(p[0]), None, "HTTNV"),
        row(Some(p[1]), None, "HTXSNV"),
        row(Some(p[2]), None, "HTTNV"),
        row(Some(p[3]), None, "KHTNV"),
        row(None, Some(unit), "HTXSNV"),
    ];
    let refs: Vec<&FactRow> = rows.iter().collect();
    let mut tx = app.db.begin().await.unwrap();
    let (written, unchanged) = thidua::db::fact_sets::ratings(&mut tx, &actor(), &refs)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!((written, unchanged), (4, 1));
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log").await,
        audits + 4
    );
    let stored: Vec<Stored> = sqlx::query_as(
        "SELECT person_id, unit_id, rating, note, version FROM ratings WHERE year = $1 ORDER BY id",
    )
    .bind(year)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(stored.len(), 5);
    for (person, unit_id, rating, note, _) in &stored {
        let wanted = rows
            .iter()
            .find(|r| r.person_id == *person && r.unit_id == *unit_id)
            .unwrap();
        assert_eq!(Some(rating), wanted.rating.as_ref());
        assert_eq!(note, "");
    }
    // the change's entry: before (with its version) and after, and where it belongs
    let (summary, before, after, path): (
        String,
        serde_json::Value,
        serde_json::Value,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT summary, before, after, unit_path FROM audit_log
             WHERE entity = 'rating' AND entity_id = $1",
    )
    .bind(format!("person:{}:{year}", p[1]))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(summary, format!("person:{} {year}: HTXSNV", p[1]));
    assert_eq!(before["rating"], "HTNV");
    assert_eq!(before["version"], 1);
    assert_eq!(after["rating"], "HTXSNV");
    let person_path: String = sqlx::query_scalar(
        "SELECT u.path FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id = $1",
    )
    .bind(p[1])
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(path.as_deref(), Some(person_path.as_str()));
    // a new one has no before; the unit's belongs to the unit
    let (before, path): (Option<serde_json::Value>, Option<String>) = sqlx::query_as(
        "SELECT before, unit_path FROM audit_log WHERE entity = 'rating' AND entity_id = $1",
    )
    .bind(format!("unit:{unit}:{year}"))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(before.is_none());
    let unit_path: String = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
        .bind(unit)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(path.as_deref(), Some(unit_path.as_str()));
    // nothing for the unchanged one
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity_id = 'person:{}:{year}'",
            p[0]
        ))
        .await,
        0
    );
    app.cleanup().await;
}

#[tokio::test]
async fn awards_new_changed_unchanged_and_the_apps_own() {
    let app = spawn_app().await;
    let p = people(&app, 4).await;
    let year = 2012;
    let mut ids = Vec::new();
    for who in &p[..3] {
        ids.push(
            app.scalar_i64(&format!(
                "INSERT INTO award_history (year, person_id, title_code, decision_no, kind)
                 VALUES ({year}, {who}, 'LDTT', '1/QĐ', 'annual') RETURNING id"
            ))
            .await,
        );
    }
    // the third was issued by the app's own decision (any decision row will do)
    let decision: Option<i64> = Some(
        app.scalar_i64(
            "INSERT INTO decisions (campaign_id, issuer_unit_id, decided_on, doc_code, proposer)
             SELECT id, issuer_unit_id, DATE '2012-12-20', 'QĐ-TEST', 'Văn phòng Sở'
             FROM campaigns ORDER BY id LIMIT 1 RETURNING id",
        )
        .await,
    );
    if let Some(d) = decision {
        sqlx::query("UPDATE award_history SET decision_id = $1 WHERE id = $2")
            .bind(d)
            .bind(ids[2])
            .execute(&app.db)
            .await
            .unwrap();
    }
    let row = |person: i64, number: &str, kind: &str| FactRow {
        person_id: Some(person),
        year,
        title_code: Some("LDTT".into()),
        title_name: "Lao động tiên tiến".into(),
        decision_no: number.into(),
        award_kind: kind.into(),
        ..Default::default()
    };
    let rows = [
        row(p[0], "1/QĐ", ""),
        row(p[1], "2/QĐ", ""),
        row(p[2], "3/QĐ", ""),
        row(p[3], "4/QĐ", "thematic"),
    ];
    let refs: Vec<&FactRow> = rows.iter().collect();
    let audits = app
        .scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'award'")
        .await;
    let mut tx = app.db.begin().await.unwrap();
    let (written, unchanged) = thidua::db::fact_sets::awards(&mut tx, &actor(), &refs, 77)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let apps_own = decision.is_some();
    assert_eq!(written, if apps_own { 2 } else { 3 });
    assert_eq!(unchanged, 4 - written);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'award'")
            .await,
        audits + written
    );
    let number = |id: i64| {
        let db = app.db.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT decision_no FROM award_history WHERE id = $1")
                .bind(id)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(number(ids[0]).await, "1/QĐ");
    assert_eq!(number(ids[1]).await, "2/QĐ");
    assert_eq!(number(ids[2]).await, if apps_own { "1/QĐ" } else { "3/QĐ" });
    let (action, before, after): (String, serde_json::Value, serde_json::Value) = sqlx::query_as(
        "SELECT action, before, after FROM audit_log WHERE entity = 'award' AND entity_id = $1",
    )
    .bind(ids[1].to_string())
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(action, "update");
    assert_eq!(before["decision_no"], "1/QĐ");
    assert_eq!(after["decision_no"], "2/QĐ");
    assert_eq!(
        after["kind"], "annual",
        "no kind in the file: the recorded one stays"
    );
    assert_eq!(after["import_job"], 77);
    let (kind, action): (String, String) = sqlx::query_as(
        "SELECT h.kind, a.action FROM award_history h
         JOIN audit_log a ON a.entity = 'award' AND a.entity_id = h.id::text
         WHERE h.person_id = $1 AND h.year = $2",
    )
    .bind(p[3])
    .bind(year)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((kind.as_str(), action.as_str()), ("thematic", "create"));
    app.cleanup().await;
}
