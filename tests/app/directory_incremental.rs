//! The people directory brought up to date from the change log (`directory_changes`): after people
//! are renamed (and so move in name order), added, made inactive, given a new position (every
//! position's rank moves) or an account, the copy brought up to date equals a copy read whole, entry
//! by entry and search by search; a unit's change asks for a whole read.

use crate::common::*;
use thidua::db::directory::{Directory, Query, Snapshot};
use thidua::domain::paging::Paging;

async fn people_version(app: &TestApp) -> i64 {
    app.scalar_i64("SELECT version FROM data_versions WHERE name = 'people'")
        .await
}

/// A person as the lists show them (the entry's `position_key` is private to its copy).
fn shown(s: &Snapshot, e: &thidua::db::directory::Entry) -> String {
    let u = s.unit_of(e);
    format!(
        "{} {} {} {:?} {} {} {:?} {} {:?}",
        e.id,
        e.full_name,
        e.gender,
        e.position,
        e.category,
        u.id,
        e.start_date,
        e.active,
        e.username
    )
}

/// Every page of a list, searched for `words`, in the order `sort` gives.
fn everyone(s: &Snapshot, words: &[&str], sort: &str, desc: bool) -> Vec<String> {
    let q = Query {
        scope: vec!["/".into()],
        words: words.iter().map(|w| w.to_string()).collect(),
        sort: sort.into(),
        desc,
        ..Default::default()
    };
    let mut out = Vec::new();
    for page in 1.. {
        let (paging, rows) = s.list(&q, |total| Paging::new(Some(page), Some(200), total));
        out.extend(rows.iter().map(|e| shown(s, e)));
        if page >= paging.pages() {
            break;
        }
    }
    out
}

fn assert_same(a: &Snapshot, b: &Snapshot) {
    assert_eq!(a.version, b.version);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b.iter()) {
        assert_eq!(shown(a, x), shown(b, y));
    }
    for words in [&[][..], &["an"][..], &["zzthu"][..], &["nguyen", "van"][..]] {
        for (sort, desc) in [("name", false), ("position", false), ("position", true)] {
            assert_eq!(
                everyone(a, words, sort, desc),
                everyone(b, words, sort, desc),
                "search {words:?} by {sort}"
            );
        }
        assert!(!words.is_empty() || everyone(a, words, "name", false).len() == a.len());
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
    assert_eq!(up.len(), first.len() + 2);

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
    assert!(up.iter().any(|e| e.username.as_deref() == Some("canbo2")));
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

#[tokio::test]
async fn one_change_rebuilds_only_the_runs_it_touches() {
    let app = spawn_app().await;
    let unit = app
        .scalar_i64("SELECT unit_id FROM people ORDER BY id LIMIT 1")
        .await;
    // 3,000 more people (several runs of the copy), many with the same given name
    exec(
        &app,
        &format!(
            "INSERT INTO people (full_name, gender, category, unit_id, employee_code, position)
             SELECT 'Nguyễn Văn ' || (ARRAY['An','Bình','Cường','Dũng','Hoa','Lan','Minh','Tâm'])[1 + g % 8],
                    'male', 'cong_chuc', {unit}, 'GEN-' || g,
                    CASE WHEN g % 3 = 0 THEN 'Chuyên viên' WHEN g % 3 = 1 THEN 'Kế toán' END
             FROM generate_series(1, 3000) g"
        ),
    )
    .await;
    let dir = Directory::default();
    let whole = dir
        .snapshot(&app.db, people_version(&app).await)
        .await
        .unwrap();
    assert!(!whole.incremental);
    let steps = [
        // to the very front of the name order
        "UPDATE people SET full_name = 'Trần Thị Aaaa' WHERE employee_code = 'GEN-1500'",
        // a position nobody held: every position is ranked again with it
        "UPDATE people SET position = 'Ấp trưởng' WHERE employee_code = 'GEN-2000'",
        // gone
        "DELETE FROM people WHERE employee_code = 'GEN-17'",
        // an account's username
        "UPDATE users SET username = 'canbo3' WHERE username = 'canbo'",
    ];
    for sql in steps {
        exec(&app, sql).await;
        let v = people_version(&app).await;
        let up = dir.snapshot(&app.db, v).await.unwrap();
        assert!(up.incremental, "{sql}");
        // the run a person leaves and the run they enter; the rest are shared
        assert!((1..=2).contains(&up.rebuilt), "{sql}: {} runs", up.rebuilt);
        assert_same(
            &up,
            &Directory::default().snapshot(&app.db, v).await.unwrap(),
        );
    }
    app.cleanup().await;
}
