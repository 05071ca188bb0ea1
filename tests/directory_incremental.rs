//! The people directory brought up to date from the change log (`directory_changes`): after people
//! are renamed (and so move in name order), added, made inactive, given a new position (every
//! position's rank moves) or an account, the copy brought up to date equals a copy read whole, entry
//! by entry and search by search; a unit's change asks for a whole read.

mod common;
use common::*;
use thidua::db::directory::{Directory, Query, Snapshot};
use thidua::domain::paging::Paging;

async fn people_version(app: &TestApp) -> i64 {
    app.scalar_i64("SELECT version FROM data_versions WHERE name = 'people'")
        .await
}

fn everyone(s: &Snapshot, words: &[&str]) -> Vec<String> {
    let q = Query {
        words: words.iter().map(|w| w.to_string()).collect(),
        sort: "name".into(),
        ..Default::default()
    };
    let (_, rows) = s.list(&q, |total| Paging::new(Some(1), Some(total.max(1)), total));
    rows.iter().map(|e| format!("{e:?}")).collect()
}

fn assert_same(a: &Snapshot, b: &Snapshot) {
    assert_eq!(a.version, b.version);
    assert_eq!(a.people.len(), b.people.len());
    for (x, y) in a.people.iter().zip(&b.people) {
        assert_eq!(format!("{x:?}"), format!("{y:?}"));
    }
    for words in [&[][..], &["an"][..], &["zzthu"][..], &["nguyen", "van"][..]] {
        assert_eq!(everyone(a, words), everyone(b, words), "search {words:?}");
    }
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.db).await.unwrap();
}

#[tokio::test]
async fn the_changed_people_are_put_in_their_places() {
    let app = spawn_app().await;
    let dir = Directory::default();
    let first = dir
        .snapshot(&app.db, people_version(&app).await)
        .await
        .unwrap();
    assert!(!first.incremental);
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM people ORDER BY id LIMIT 4")
        .fetch_all(&app.db)
        .await
        .unwrap();
    let unit = app
        .scalar_i64("SELECT unit_id FROM people ORDER BY id LIMIT 1")
        .await;
    // renamed to the first and the last of the name order, a new position, inactive, a new person
    exec(
        &app,
        &format!(
            "UPDATE people SET full_name = 'Đỗ Thị Ánh' WHERE id = {}",
            ids[0]
        ),
    )
    .await;
    exec(
        &app,
        &format!(
            "UPDATE people SET full_name = 'Trần Văn Zzthu' WHERE id = {}",
            ids[1]
        ),
    )
    .await;
    exec(
        &app,
        &format!(
            "UPDATE people SET position = 'Aaa chức vụ mới' WHERE id = {}",
            ids[2]
        ),
    )
    .await;
    exec(
        &app,
        &format!("UPDATE people SET active = false WHERE id = {}", ids[3]),
    )
    .await;
    exec(
        &app,
        &format!(
            "INSERT INTO people (full_name, gender, category, unit_id, employee_code)
             VALUES ('Nguyễn Văn Ân', 'male', 'cong_chuc', {unit}, 'NV-MOI-1'),
                    ('Nguyễn Văn Ân', 'male', 'cong_chuc', {unit}, 'NV-MOI-2')"
        ),
    )
    .await;
    let v = people_version(&app).await;
    let up = dir.snapshot(&app.db, v).await.unwrap();
    assert!(up.incremental, "brought up to date, not read whole");
    let whole = Directory::default().snapshot(&app.db, v).await.unwrap();
    assert!(!whole.incremental);
    assert_same(&up, &whole);
    assert_eq!(up.people.len(), first.people.len() + 2);

    // an account's username shows beside its person
    let user = app
        .scalar_i64("SELECT id FROM users WHERE username = 'canbo'")
        .await;
    exec(
        &app,
        &format!("UPDATE users SET username = 'canbo2' WHERE id = {user}"),
    )
    .await;
    let v = people_version(&app).await;
    let up = dir.snapshot(&app.db, v).await.unwrap();
    assert!(up.incremental);
    assert!(
        up.people
            .iter()
            .any(|e| e.username.as_deref() == Some("canbo2"))
    );
    assert_same(
        &up,
        &Directory::default().snapshot(&app.db, v).await.unwrap(),
    );

    // a unit renamed: read whole
    exec(
        &app,
        &format!("UPDATE units SET name = name || ' mới' WHERE id = {unit}"),
    )
    .await;
    let v = people_version(&app).await;
    let up = dir.snapshot(&app.db, v).await.unwrap();
    assert!(!up.incremental);
    assert_same(
        &up,
        &Directory::default().snapshot(&app.db, v).await.unwrap(),
    );
    app.cleanup().await;
}
