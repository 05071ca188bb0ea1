//! People: search, order, filters, scope, forms that keep input, concurrent edits, import.

use crate::common::*;
use reqwest::StatusCode;

fn names_in_table(html: &str) -> Vec<String> {
    // person links in the list: <a href="/people/ID">NAME</a>
    html.split("<td><a href=\"/people/")
        .skip(1)
        .filter_map(|s| {
            s.split_once("\">")
                .and_then(|(_, rest)| rest.split_once("</a>"))
                .map(|(n, _)| n.to_string())
        })
        .collect()
}

#[tokio::test]
async fn search_ignores_diacritics_and_case() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let (s, html) = get(&c, &app.url("/people?q=nguyen+van+an")).await;
    assert_eq!(s, StatusCode::OK);
    let names = names_in_table(&html);
    assert!(names.contains(&"Nguyễn Văn An".to_string()), "{names:?}");
    // every word matches somewhere in each result (words may match inside longer words)
    for n in &names {
        let f = thidua::domain::names::fold(n);
        assert!(["nguyen", "van", "an"].iter().all(|w| f.contains(w)), "{n}");
    }
    assert_eq!(names[0], "Nguyễn Văn An", "the given name An sorts first");
    let (_, html) = get(&c, &app.url("/people?q=dang")).await;
    let names = names_in_table(&html);
    assert!(
        names.iter().any(|n| n.starts_with("Đặng")),
        "'dang' finds Đặng: {names:?}"
    );
    let (_, html) = get(&c, &app.url("/people?q=%C4%90%E1%BA%B6NG")).await; // "ĐẶNG"
    assert!(names_in_table(&html).iter().any(|n| n.starts_with("Đặng")));
    // a rare word (the trigram index path) and a common one (the name-index walk) both find
    let (_, html) = get(&c, &app.url("/people?q=KHOA")).await;
    assert!(
        names_in_table(&html).contains(&"Lê Minh Khoa".to_string()),
        "rare word"
    );
    // words in any order
    let (_, html) = get(&c, &app.url("/people?q=an+nguyen+van")).await;
    assert!(names_in_table(&html).contains(&"Nguyễn Văn An".to_string()));
    // no match: an empty state that says so
    let (_, html) = get(&c, &app.url("/people?q=zzzz")).await;
    assert!(html.contains("Không tìm thấy ai khớp với"), "empty state");
    // LIKE wildcards are literal
    let (_, html) = get(&c, &app.url("/people?q=%25")).await;
    assert!(names_in_table(&html).is_empty());
    app.cleanup().await;
}

/// The Vietnamese order: by given name (a < ă < â, d < đ), then the full name.
#[tokio::test]
async fn names_sort_by_given_name_in_vietnamese_order() {
    let app = spawn_app().await;
    let c = signed_in(&app, "admin").await;
    let (_, html) = get(&c, &app.url("/people?per_page=200")).await;
    let names = names_in_table(&html);
    assert_eq!(names.len(), 200);
    let given: Vec<String> = names
        .iter()
        .map(|n| n.split_whitespace().last().unwrap().to_string())
        .collect();
    let key = |g: &str| -> Vec<u32> {
        // Vietnamese alphabet order of base letters, tones as a tie-breaker
        const ALPHA: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxy";
        let mut v = Vec::new();
        for ch in thidua::domain::names::fold_keep_letters(g).chars() {
            v.push(ALPHA.find(ch).map(|i| i as u32).unwrap_or(1000 + ch as u32));
        }
        v
    };
    for w in given.windows(2) {
        assert!(key(&w[0]) <= key(&w[1]), "{} before {}", w[0], w[1]);
    }
    // descending by name reverses it
    let (_, html) = get(&c, &app.url("/people?sort=name&dir=desc&per_page=10")).await;
    let first = names_in_table(&html)[0].clone();
    let g = first.split_whitespace().last().unwrap().to_string();
    assert!(key(&g) >= key(given.last().unwrap()), "{first}");
    app.cleanup().await;
}

#[tokio::test]
async fn unit_filter_paging_and_scope() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let qldd = unit_id(&app, "QLDD").await;
    let (_, html) = get(&admin, &app.url(&format!("/people?unit={qldd}"))).await;
    let n = names_in_table(&html).len() as i64;
    let in_unit = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM people WHERE unit_id = {qldd}"
        ))
        .await;
    assert_eq!(n, in_unit);
    let (_, html) = get(&admin, &app.url("/people?page=2")).await;
    assert!(
        html.contains("Hiển thị 51–100 trong 300 người"),
        "paging text"
    );
    assert!(html.contains("rel=\"prev\"") && html.contains("rel=\"next\""));
    // a page past the end shows the last page
    let (_, html) = get(&admin, &app.url("/people?page=99")).await;
    assert!(
        html.contains("Hiển thị 251–300 trong 300 người"),
        "clamped to the last page"
    );
    // a search counts every match exactly, as SQL over the same data does
    let matches = app
        .scalar_i64(
            "SELECT count(*) FROM people WHERE active AND search_text LIKE '%n%' AND search_text LIKE '%thi%'",
        )
        .await;
    assert!(matches > 50, "the demo has many matches ({matches})");
    let (_, html) = get(&admin, &app.url("/people?q=N+Thị")).await;
    assert!(
        html.contains(&format!("Hiển thị 1–50 trong {matches} người")),
        "exact count of a search"
    );
    // an edit made through SQL elsewhere (another server) is seen on the next request
    sqlx::query("UPDATE people SET full_name = 'Zê Văn Mới' WHERE full_name = 'Nguyễn Văn An'")
        .execute(&app.db)
        .await
        .unwrap();
    let (_, html) = get(&admin, &app.url("/people?q=ze+van+moi")).await;
    assert_eq!(names_in_table(&html), vec!["Zê Văn Mới".to_string()]);
    sqlx::query("UPDATE people SET full_name = 'Nguyễn Văn An' WHERE full_name = 'Zê Văn Mới'")
        .execute(&app.db)
        .await
        .unwrap();
    // a unit head sees their unit only
    let head = signed_in(&app, "truongphong").await;
    let (_, html) = get(&head, &app.url("/people")).await;
    let names = names_in_table(&html);
    assert_eq!(names.len() as i64, in_unit);
    // staff see no list, but their own record
    let staff = signed_in(&app, "canbo").await;
    assert_eq!(
        staff.get(app.url("/people")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let me = person_id(&app, "Nguyễn Văn An").await;
    let (s, html) = get(&staff, &app.url(&format!("/people/{me}"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Phòng Quản lý đất đai"));
    assert!(!html.contains("/edit\""), "staff cannot edit");
    app.cleanup().await;
}

#[tokio::test]
async fn bad_input_keeps_what_was_typed_and_changes_nothing() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let audit = app.scalar_i64("SELECT count(*) FROM audit_log").await;
    let unit = unit_id(&app, "VP").await.to_string();
    let r = post_form(
        &app,
        &c,
        "/people",
        &[
            ("full_name", "Lê Thị Hồng"),
            ("gender", "female"),
            ("birth_date", "31/02/1990"),
            ("unit_id", unit.as_str()),
            ("category", "cong_chuc"),
            ("email", "khong-hop-le"),
            ("phone", "0912 345 678"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"Lê Thị Hồng\""), "name kept");
    assert!(html.contains("value=\"31/02/1990\""), "date kept as typed");
    assert!(html.contains("value=\"0912 345 678\""));
    assert!(
        html.contains("Ngày không hợp lệ") && html.contains("Địa chỉ thư điện tử không hợp lệ")
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert_eq!(app.scalar_i64("SELECT count(*) FROM people").await, 300);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log").await,
        audit
    );
    // a duplicate staff code is a field error, not a 500
    let r = post_form(
        &app,
        &c,
        "/people",
        &[
            ("full_name", "Lê Thị Hồng"),
            ("gender", "female"),
            ("unit_id", unit.as_str()),
            ("category", "cong_chuc"),
            ("employee_code", "NV00001"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Mã nhân sự này đã thuộc về người khác")
    );
    // and a good one is created, audited in the same transaction
    let r = post_form(
        &app,
        &c,
        "/people",
        &[
            ("full_name", "Lê Thị Hồng"),
            ("gender", "female"),
            ("birth_date", "5/1/1990"),
            ("unit_id", unit.as_str()),
            ("category", "vien_chuc"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = person_id(&app, "Lê Thị Hồng").await;
    let (_, html) = get(&c, &app.url(&format!("/people/{id}"))).await;
    assert!(html.contains("05/01/1990"), "dd/mm/yyyy");
    let audited = app.scalar_i64(&format!("SELECT count(*) FROM audit_log WHERE entity = 'person' AND entity_id = '{id}' AND action = 'create' AND actor_username = 'vanphong'")).await;
    assert_eq!(audited, 1);
    app.cleanup().await;
}

#[tokio::test]
async fn a_second_save_of_the_same_version_is_refused() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let id = person_id(&app, "Nguyễn Văn An").await;
    let unit = unit_id(&app, "QLDD").await.to_string();
    let form = |name: &'static str| {
        vec![
            ("full_name", name),
            ("gender", "male"),
            ("category", "cong_chuc"),
            ("version", "1"),
        ]
    };
    let mut a = form("Nguyễn Văn An");
    a.push(("unit_id", unit.as_str()));
    a.push(("position", "Chuyên viên chính"));
    let r = post_form(&app, &c, &format!("/people/{id}"), &a).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // the second editor still holds version 1
    let mut b = form("Nguyễn Văn Ân");
    b.push(("unit_id", unit.as_str()));
    let r = post_form(&app, &c, &format!("/people/{id}"), &b).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Người khác vừa lưu thay đổi"));
    // the change that came first is named: who saved it, and when
    assert!(
        html.contains("Thay đổi đó do Nguyễn Thị Thu Hà lưu lúc"),
        "{html}"
    );
    assert!(
        html.contains("value=\"Nguyễn Văn Ân\""),
        "their input is kept"
    );
    let (name, pos): (String, String) =
        sqlx::query_as("SELECT full_name, position FROM people WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), pos.as_str()),
        ("Nguyễn Văn An", "Chuyên viên chính")
    );
    app.cleanup().await;
}

#[tokio::test]
async fn moving_and_deactivating_are_audited_with_before_and_after() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let id = person_id(&app, "Nguyễn Văn An").await;
    let vp = unit_id(&app, "VP").await.to_string();
    let qldd_before = app
        .scalar_i64("SELECT active_people::int8 FROM units WHERE code = 'QLDD'")
        .await;
    let r = post_form(
        &app,
        &c,
        &format!("/people/{id}"),
        &[
            ("full_name", "Nguyễn Văn An"),
            ("gender", "male"),
            ("category", "cong_chuc"),
            ("version", "1"),
            ("unit_id", vp.as_str()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (before, after): (serde_json::Value, serde_json::Value) = sqlx::query_as(
        "SELECT before, after FROM audit_log WHERE action = 'move' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_ne!(before["unit_id"], after["unit_id"]);
    assert_eq!(after["unit_id"].as_i64().unwrap().to_string(), vp);
    assert_eq!(
        app.scalar_i64("SELECT active_people::int8 FROM units WHERE code = 'QLDD'")
            .await,
        qldd_before - 1,
        "headcount follows"
    );
    let r = post_form(
        &app,
        &c,
        &format!("/people/{id}/active"),
        &[("active", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE action = 'deactivate'")
            .await,
        1
    );
    let (_, html) = get(&c, &app.url("/people?q=nguyen+van+an")).await;
    assert!(
        !names_in_table(&html).contains(&"Nguyễn Văn An".to_string()),
        "inactive people leave the default list"
    );
    let (_, html) = get(&c, &app.url("/people?q=nguyen+van+an&status=inactive")).await;
    assert!(names_in_table(&html).contains(&"Nguyễn Văn An".to_string()));
    app.cleanup().await;
}

#[tokio::test]
async fn audit_log_is_append_only_in_the_database() {
    let app = spawn_app().await;
    let n = app.scalar_i64("SELECT count(*) FROM audit_log").await;
    assert!(n > 0);
    let e = sqlx::query("UPDATE audit_log SET summary = 'x'")
        .execute(&app.db)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(&app.db)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("TRUNCATE audit_log")
            .execute(&app.db)
            .await
            .is_err()
    );
    assert_eq!(app.scalar_i64("SELECT count(*) FROM audit_log").await, n);
    app.cleanup().await;
}
