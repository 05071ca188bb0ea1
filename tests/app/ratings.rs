//! Annual ratings entered by a unit head: bad values kept on the form, a stale save refused, the
//! Office closing the year, the cap warning, and eligibility following the new facts.

use crate::common::*;
use reqwest::StatusCode;

/// The form body for QLDD's 2022 ratings as stored, with `edit` applied to (person id, rating, score).
async fn body(
    app: &TestApp,
    edit: impl Fn(i64, &mut String, &mut String),
) -> Vec<(String, String)> {
    let rows: Vec<(i64, i32, String)> = sqlx::query_as(
        "SELECT p.id, coalesce(g.version, 0), coalesce(g.rating, '') FROM people p
         JOIN units u ON u.id = p.unit_id
         LEFT JOIN ratings g ON g.person_id = p.id AND g.year = 2022
         WHERE u.code = 'QLDD' AND p.active ORDER BY p.id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let qldd = app
        .scalar_i64("SELECT id FROM units WHERE code = 'QLDD'")
        .await;
    let mut b = vec![
        ("year".to_string(), "2022".to_string()),
        ("unit".to_string(), qldd.to_string()),
    ];
    // the unit's own rating, as the Office's form carries it
    let (unit_rating, unit_version): (String, i32) = sqlx::query_as(
        "SELECT coalesce((SELECT rating FROM ratings WHERE unit_id = $1 AND year = 2022), ''),
                coalesce((SELECT version FROM ratings WHERE unit_id = $1 AND year = 2022), 0)",
    )
    .bind(qldd)
    .fetch_one(&app.db)
    .await
    .unwrap();
    b.push(("unit_rating".into(), unit_rating));
    b.push(("unit_version".into(), unit_version.to_string()));
    for (id, version, rating) in rows {
        let (mut rating, mut score) = (rating, String::new());
        edit(id, &mut rating, &mut score);
        b.push(("person_id".into(), id.to_string()));
        b.push(("version".into(), version.to_string()));
        b.push(("rating".into(), rating));
        b.push(("score".into(), score));
        b.push(("note".into(), String::new()));
    }
    b
}

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    b: &[(String, String)],
) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = b.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post_form(app, c, path, &borrowed).await
}

async fn rating_of(app: &TestApp, person: i64) -> String {
    sqlx::query_scalar(
        "SELECT coalesce((SELECT rating FROM ratings WHERE person_id = $1 AND year = 2022), '')",
    )
    .bind(person)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_unit_head_rates_the_unit_and_the_office_closes_the_year() {
    let app = spawn_app().await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    let head = signed_in(&app, "truongphong").await;
    let (status, html) = get(&head, &app.url("/ratings?year=2022")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Phòng Quản lý đất đai"));
    assert!(html.contains("Nguyễn Văn An"));
    let before = rating_of(&app, me).await;
    let audits = app
        .scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'rating'")
        .await;
    // a bad score: the same form, what was typed kept, nothing written
    let b = body(&app, |id, rating, score| {
        if id == me {
            *rating = "KHTNV".into();
            *score = "abc".into();
        }
    })
    .await;
    let r = post(&app, &head, "/ratings", &b).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Điểm là một số từ 0 đến 1000"));
    assert!(html.contains("value=\"abc\""));
    assert_eq!(rating_of(&app, me).await, before);
    // a good save: one change, audited; eligibility reads it at once
    let stale = body(&app, |_, _, _| {}).await;
    let b = body(&app, |id, rating, score| {
        if id == me {
            *rating = "KHTNV".into();
            *score = "42,5".into();
        }
    })
    .await;
    let r = post(&app, &head, "/ratings", &b).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(rating_of(&app, me).await, "KHTNV");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'rating'")
            .await,
        audits + 1,
        "one change, one audit entry"
    );
    let score: f64 = sqlx::query_scalar(
        "SELECT score::float8 FROM ratings WHERE person_id = $1 AND year = 2022",
    )
    .bind(me)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(score, 42.5);
    let campaign = app
        .scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await;
    let json: serde_json::Value = head
        .get(app.url(&format!(
            "/api/v1/eligibility?campaign={campaign}&person={me}"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ldtt = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title_code"] == "LDTT")
        .unwrap();
    assert!(
        ldtt["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["detail"] == "2022: KHTNV" && c["passed"] == false),
        "{ldtt}"
    );
    // a save from a page read before that change is refused, and changes nothing
    let mut old = stale.clone();
    for (k, v) in old.iter_mut() {
        if k == "rating" && v.is_empty() {
            *v = "HTNV".into();
        }
    }
    let r = post(&app, &head, "/ratings", &old).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Người khác vừa lưu"));
    assert!(
        html.contains("Thay đổi đó do Phạm Văn Đạt lưu lúc"),
        "{html}"
    );
    assert_eq!(rating_of(&app, me).await, "KHTNV");
    // too many excellent ratings: a warning, not a refusal (the head's own rating is not theirs to set)
    let head_me = person_id(&app, "Phạm Văn Đạt").await;
    let b = body(&app, |id, rating, _| {
        if id != head_me {
            *rating = "HTXSNV".into()
        }
    })
    .await;
    let r = post(&app, &head, "/ratings", &b).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&head, &app.url("/ratings?year=2022")).await;
    assert!(html.contains("vượt 20 %"), "the cap warning");
    // the Office closes 2022: the head can no longer change it, the Office can
    let office = signed_in(&app, "vanphong").await;
    let r = post_form(
        &app,
        &office,
        "/ratings/close",
        &[("year", "2022"), ("action", "close")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let b = body(&app, |id, rating, _| {
        if id == me {
            *rating = "HTTNV".into();
        }
    })
    .await;
    let r = post(&app, &head, "/ratings", &b).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("đã khóa"));
    assert_eq!(rating_of(&app, me).await, "HTXSNV");
    let r = post(&app, &office, "/ratings", &b).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(rating_of(&app, me).await, "HTTNV");
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM audit_log a JOIN units u ON a.entity_id = 'unit:' || u.id || ':2022'
             WHERE a.action = 'close_year' AND u.code = 'STNMT'"
        )
        .await,
        1
    );
    app.cleanup().await;
}

async fn add_account(app: &TestApp, username: &str, role: &str, unit: &str) {
    let hash = thidua::auth::password::hash_blocking(PW).unwrap();
    let uid: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, display_name) VALUES ($1, $2, $1) RETURNING id",
    )
    .bind(username)
    .bind(hash)
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, unit_id) SELECT $1, $2, id FROM units WHERE code = $3",
    )
    .bind(uid)
    .bind(role)
    .bind(unit)
    .execute(&app.db)
    .await
    .unwrap();
}

/// Finding 7 of issue 9: a year is closed only within the closer's scope; a closing from above is
/// not a subtree's to undo; the closing is checked inside the transaction that saves; a unit head
/// does not rate themselves.
#[tokio::test]
async fn closing_stays_in_scope_and_a_head_does_not_rate_themselves() {
    let app = spawn_app().await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    let head_me = person_id(&app, "Phạm Văn Đạt").await;
    let head = signed_in(&app, "truongphong").await;
    // the head's own row: shown, not editable; a forged change of it is refused, nothing written
    let (_, html) = get(&head, &app.url("/ratings?year=2022")).await;
    assert!(html.contains("Xếp loại của bạn do cấp trên nhập"), "{html}");
    let own_before = rating_of(&app, head_me).await;
    let b = body(&app, |id, rating, _| {
        if id == head_me {
            *rating = "HTXSNV".into();
        }
    })
    .await;
    let r = post(&app, &head, "/ratings", &b).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("không tự xếp loại mình"));
    assert_eq!(rating_of(&app, head_me).await, own_before);
    // an Office of one division (QLDD) closes 2022: for QLDD only
    add_account(&app, "t-office-qldd", "office", "QLDD").await;
    add_account(&app, "t-head-ttra", "unit_head", "TTRA").await;
    let office_qldd = signed_in(&app, "t-office-qldd").await;
    let r = post_form(
        &app,
        &office_qldd,
        "/ratings/close",
        &[("year", "2022"), ("action", "close")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM rating_closures c JOIN units u ON u.id = c.unit_id
             WHERE c.year = 2022 AND u.code = 'QLDD'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM rating_closures").await,
        1,
        "nothing closed outside QLDD"
    );
    let b = body(&app, |id, rating, _| {
        if id == me {
            *rating = "HTNV".into();
        }
    })
    .await;
    let r = post(&app, &head, "/ratings", &b).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "QLDD is closed"
    );
    // another unit's head still saves
    let other = signed_in(&app, "t-head-ttra").await;
    let ttra = unit_id(&app, "TTRA").await;
    let (status, html) = get(&other, &app.url(&format!("/ratings?year=2022&unit={ttra}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("đã được khóa"), "TTRA is open");
    // the whole Department closes, then the division tries to reopen: the closing from above stays
    let office = signed_in(&app, "vanphong").await;
    post_form(
        &app,
        &office,
        "/ratings/close",
        &[("year", "2022"), ("action", "close")],
    )
    .await;
    let qldd = unit_id(&app, "QLDD").await;
    let r = post_form(
        &app,
        &office_qldd,
        "/ratings/close",
        &[
            ("year", "2022"),
            ("action", "reopen"),
            ("unit", &qldd.to_string()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&office_qldd, &app.url(&location(&r))).await;
    assert!(html.contains("vẫn bị khóa bởi"), "{html}");
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM rating_closures c JOIN units u ON u.id = c.unit_id WHERE u.code = 'STNMT'"
        )
        .await,
        1,
        "the Department's closing is not the division's to undo"
    );
    // the root Office reopens everything
    post_form(
        &app,
        &office,
        "/ratings/close",
        &[("year", "2022"), ("action", "reopen")],
    )
    .await;
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM rating_closures").await,
        0
    );
    // a closing that commits while a save is under way: the save waits for it and is refused
    let mut tx = app.db.begin().await.unwrap();
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('thidua-rating-year', 2022))")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("INSERT INTO rating_closures (year, unit_id) SELECT 2022, id FROM units WHERE code = 'STNMT'")
        .execute(&mut *tx)
        .await
        .unwrap();
    let b = body(&app, |id, rating, _| {
        if id == me {
            *rating = "KHTNV".into();
        }
    })
    .await;
    let save = {
        let app = &app;
        let head = head.clone();
        async move { post(app, &head, "/ratings", &b).await }
    };
    let commit = async {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        tx.commit().await.unwrap();
    };
    let (r, ()) = tokio::join!(save, commit);
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "closed while saving"
    );
    assert_ne!(rating_of(&app, me).await, "KHTNV");
    app.cleanup().await;
}
