//! Administration: accounts (create, reset, disable, roles) and the organisation chart.

use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn created_account_must_change_its_password_then_works() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let r = post_form(
        &app,
        &admin,
        "/admin/users",
        &[
            ("username", "NV-Moi"),
            ("employee_code", "NV00100"),
            ("password", "tam-thoi-123"),
            ("role", "staff"),
            ("unit_id", ""),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a role needs a unit"
    );
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"NV-Moi\""), "input kept");
    let vp = unit_id(&app, "VP").await.to_string();
    let r = post_form(
        &app,
        &admin,
        "/admin/users",
        &[
            ("username", "NV-Moi"),
            ("employee_code", "nv00100"),
            ("password", "tam-thoi-123"),
            ("role", "staff"),
            ("unit_id", vp.as_str()),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let (linked, must): (Option<i64>, bool) = sqlx::query_as(
        "SELECT person_id, must_change_password FROM users WHERE username = 'nv-moi'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(linked.is_some() && must);
    // the new user is sent to the password page until they change it
    let c = client();
    let r = login_with(&app, &c, "nv-moi", "tam-thoi-123").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = c.get(app.url("/people/1")).send().await.unwrap();
    assert_eq!(location(&r), "/account/password");
    let (_, html) = get(&c, &app.url("/account/password")).await;
    let t = csrf_of(&html);
    let r = c
        .post(app.url("/account/password"))
        .form(&[
            ("current", "tam-thoi-123"),
            ("new", "mat-khau-moi-2026"),
            ("confirm", "khac-nhau-2026"),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("không giống nhau"));
    let r = c
        .post(app.url("/account/password"))
        .form(&[
            ("current", "tam-thoi-123"),
            ("new", "mat-khau-moi-2026"),
            ("confirm", "mat-khau-moi-2026"),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        c.get(app.url("/")).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        login_with(&app, &client(), "nv-moi", "mat-khau-moi-2026")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // nothing in the audit log carries a password hash
    assert_eq!(app.scalar_i64("SELECT count(*) FROM audit_log WHERE coalesce(after::text, '') LIKE '%argon2%' OR coalesce(before::text, '') LIKE '%argon2%'").await, 0);
    app.cleanup().await;
}

#[tokio::test]
async fn reset_and_disable_end_sessions_at_once() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let victim = signed_in(&app, "canbo").await;
    let id = user_id(&app, "canbo").await;
    assert_eq!(
        victim.get(app.url("/")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{id}/active"),
        &[("active", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = victim.get(app.url("/")).send().await.unwrap();
    assert!(location(&r).starts_with("/login"), "session ended at once");
    let r = login_with(&app, &client(), "canbo", PW).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("Tài khoản đã bị khóa"));
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{id}/active"),
        &[("active", "1")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let victim = signed_in(&app, "canbo").await;
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{id}/password"),
        &[("password", "tam-thoi-456")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&victim.get(app.url("/")).send().await.unwrap()).starts_with("/login"));
    let c = client();
    login_with(&app, &c, "canbo", "tam-thoi-456").await;
    assert_eq!(
        location(&c.get(app.url("/")).send().await.unwrap()),
        "/account/password"
    );
    // an administrator cannot lock themselves out
    let me = user_id(&app, "admin").await;
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{me}/active"),
        &[("active", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'user' AND action NOT IN ('sign_in', 'sign_out') ORDER BY id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(actions, vec!["disable", "enable", "reset_password"]);
    app.cleanup().await;
}

#[tokio::test]
async fn roles_are_granted_and_revoked_and_scope_follows() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let id = user_id(&app, "canbo").await;
    let ttra = unit_id(&app, "TTRA").await.to_string();
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{id}/roles"),
        &[("role", "unit_head"), ("unit_id", ttra.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let c = signed_in(&app, "canbo").await;
    let (s, html) = get(&c, &app.url("/people")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Thanh tra Sở") && !html.contains("<td>Phòng Quản lý đất đai</td>"),
        "sees TTRA only"
    );
    let rid: i64 =
        sqlx::query_scalar("SELECT id FROM user_roles WHERE user_id = $1 AND role = 'unit_head'")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{id}/roles/{rid}/delete"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        c.get(app.url("/people")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let me: serde_json::Value = c
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"].as_array().unwrap().len(), 1);
    app.cleanup().await;
}

/// Issue 28, 3: an administrator (the whole Department's, or one scoped to a subtree) cannot grant
/// their own account a role (the Director's, the Office's, the council's): the form says so and
/// nothing is granted; another administrator can.
#[tokio::test]
async fn nobody_grants_themselves_a_role() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let me = user_id(&app, "admin").await;
    let root = unit_id(&app, "STNMT").await.to_string();
    let roles = format!("SELECT count(*) FROM user_roles WHERE user_id = {me}");
    let before = app.scalar_i64(&roles).await;
    for role in ["director", "office", "council"] {
        let r = post_form(
            &app,
            &admin,
            &format!("/admin/users/{me}/roles"),
            &[("role", role), ("unit_id", root.as_str())],
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{role}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("Không tự cấp vai trò cho tài khoản của mình"),
            "{role}"
        );
    }
    assert_eq!(app.scalar_i64(&roles).await, before, "nothing granted");
    // a scoped administrator of QLDD (canbo, who works there, so their account lies in the
    // subtree they administer), made by the Department's, is refused too
    let own = user_id(&app, "canbo").await;
    let ttra = unit_id(&app, "QLDD").await.to_string();
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{own}/roles"),
        &[("role", "admin"), ("unit_id", ttra.as_str())],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "another administrator grants"
    );
    let scoped = signed_in(&app, "canbo").await;
    let r = post_form(
        &app,
        &scoped,
        &format!("/admin/users/{own}/roles"),
        &[("role", "office"), ("unit_id", ttra.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM user_roles WHERE user_id = {own} AND role = 'office'"
        ))
        .await,
        0
    );
    app.cleanup().await;
}

#[tokio::test]
async fn units_are_created_renamed_with_history_moved_and_closed() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let root = unit_id(&app, "STNMT").await.to_string();
    let r = post_form(
        &app,
        &admin,
        "/admin/units",
        &[
            ("code", "vp"),
            ("name", "Trùng mã"),
            ("kind", "office"),
            ("parent_id", root.as_str()),
            ("valid_from", "01/01/2023"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Mã đơn vị này đã được dùng")
    );
    let r = post_form(
        &app,
        &admin,
        "/admin/units",
        &[
            ("code", "CCQLDD"),
            ("name", "Chi cục Quản lý đất đai"),
            ("kind", "division"),
            ("parent_id", root.as_str()),
            ("valid_from", "01/01/2023"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = unit_id(&app, "CCQLDD").await;
    // rename from a date: the old name is kept in the history
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{id}"),
        &[
            ("code", "CCQLDD"),
            ("name", "Chi cục Đất đai"),
            ("kind", "division"),
            ("parent_id", root.as_str()),
            ("valid_from", "01/07/2025"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&admin, &app.url(&format!("/units/{id}"))).await;
    assert!(html.contains("<h1>Chi cục Đất đai</h1>"));
    assert!(
        html.contains("01/01/2023 – 30/06/2025") && html.contains("Chi cục Quản lý đất đai"),
        "history row"
    );
    // move under the Office: the subtree's paths follow
    let vp = unit_id(&app, "VP").await;
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{id}"),
        &[
            ("code", "CCQLDD"),
            ("name", "Chi cục Đất đai"),
            ("kind", "division"),
            ("parent_id", vp.to_string().as_str()),
            ("valid_from", "01/08/2025"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "stale version refused"
    );
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{id}"),
        &[
            ("code", "CCQLDD"),
            ("name", "Chi cục Đất đai"),
            ("kind", "division"),
            ("parent_id", vp.to_string().as_str()),
            ("valid_from", "01/08/2025"),
            ("version", "2"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let path: String = sqlx::query_scalar("SELECT path FROM units WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(path.ends_with(&format!("/{vp}/{id}/")), "{path}");
    // a unit cannot be put under itself
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{vp}"),
        &[
            ("code", "VP"),
            ("name", "Văn phòng Sở"),
            ("kind", "office"),
            ("parent_id", id.to_string().as_str()),
            ("valid_from", "01/08/2025"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // a close from a page read before the last edit is refused, naming that edit
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{id}/close"),
        &[("valid_to", "31/12/2025"), ("version", "2")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Thay đổi đó do Quản trị hệ thống lưu lúc"),
        "{html}"
    );
    assert!(html.contains("value=\"31/12/2025\""));
    // close (no people, no open children)
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{id}/close"),
        &[
            ("valid_to", "31/12/2025"),
            ("merged_into", vp.to_string().as_str()),
            ("version", "3"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&admin, &app.url("/units")).await;
    assert!(
        !html.contains("Chi cục Đất đai"),
        "closed units hidden by default"
    );
    let (_, html) = get(&admin, &app.url("/units?closed=1")).await;
    assert!(html.contains("Chi cục Đất đai"));
    // a unit with people cannot be closed
    let qldd = unit_id(&app, "QLDD").await;
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{qldd}/close"),
        &[("valid_to", "31/12/2025"), ("version", "1")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("value=\"31/12/2025\""),
        "the date typed is kept"
    );
    // a bad date is named on its field, with what was typed
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{qldd}/close"),
        &[("valid_to", "31/13/2025"), ("version", "1")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"31/13/2025\"") && html.contains("id=\"f-valid_to-err\""));
    assert!(
        sqlx::query_scalar::<_, Option<chrono::NaiveDate>>(
            "SELECT valid_to FROM units WHERE id = $1"
        )
        .bind(qldd)
        .fetch_one(&app.db)
        .await
        .unwrap()
        .is_none()
    );
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE entity = 'unit' ORDER BY id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(actions, vec!["create", "update", "update", "close"]);
    // everyone can browse the chart, in Vietnamese or English
    let staff = signed_in(&app, "canbo").await;
    let (s, html) = get(&staff, &app.url("/units")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Phòng Tài nguyên và Môi trường huyện Cù Lao Dung"));
    staff
        .get(app.url("/lang?to=en&next=/units"))
        .send()
        .await
        .unwrap();
    let (_, html) = get(&staff, &app.url("/units")).await;
    assert!(html.contains("Organisation chart") && html.contains("lang=\"en\""));
    app.cleanup().await;
}

#[tokio::test]
async fn audit_log_page_filters() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let id = user_id(&app, "canbo").await;
    post_form(
        &app,
        &admin,
        &format!("/admin/users/{id}/active"),
        &[("active", "0")],
    )
    .await;
    let (s, html) = get(
        &admin,
        &app.url(&format!("/admin/audit?entity=user&entity_id={id}")),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("1 bản ghi") && html.contains("disable"),
        "filtered to one entry"
    );
    let (_, html) = get(&admin, &app.url("/admin/audit?actor=seed-demo")).await;
    assert!(html.contains("seed_demo"));
    let (_, html) = get(&admin, &app.url("/admin/audit?from=99/99/2026")).await;
    assert!(html.contains("Ngày không hợp lệ"));
    app.cleanup().await;
}
