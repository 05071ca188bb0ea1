//! Sign-in, sessions, CSRF, headers, bad input, throttling, scale-out and database outages.

use crate::common::*;
use reqwest::StatusCode;
use std::time::Duration;

#[tokio::test]
async fn sign_in_rotates_the_session_and_sign_out_ends_it_on_the_server() {
    let app = spawn_app().await;
    let c = client();
    // a session cookie from before sign-in is not kept: a new id is issued
    let r = login_with(&app, &c, "canbo", PW).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    let set = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    let cookie = set
        .iter()
        .find(|c| c.starts_with("thidua_session="))
        .expect("session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not Secure without the setting");
    let first: String = cookie.split(';').next().unwrap().to_string();
    // signing in again (same browser) gives a different id and ends the old session
    let t = token(&app, &c).await;
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "canbo"),
            ("password", PW),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let second = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("thidua_session="))
        .unwrap();
    assert_ne!(first, second.split(';').next().unwrap());
    assert_eq!(app.scalar_i64("SELECT count(*) FROM sessions").await, 1);
    // the old cookie no longer works
    let stale = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = stale
        .get(app.url("/api/v1/me"))
        .header("cookie", first.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let (s, html) = get(&c, &app.url("/")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Nguyễn Văn An"), "home greets the user");
    let t = token(&app, &c).await;
    let r = c
        .post(app.url("/logout"))
        .form(&[("csrf_token", t.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM sessions").await, 0);
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with("/login"));
    app.cleanup().await;
}

#[tokio::test]
async fn wrong_password_keeps_the_user_name_and_logs_the_attempt() {
    let app = spawn_app().await;
    let c = client();
    let r = login_with(&app, &c, "canbo", "wrong-password").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let html = r.text().await.unwrap();
    assert!(html.contains("Tên đăng nhập hoặc mật khẩu không đúng"));
    assert!(html.contains(r#"value="canbo""#), "typed user name kept");
    let r = login_with(&app, &c, "nobody-here", "wrong-password").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM sessions").await, 0);
    let reasons: Vec<String> = sqlx::query_scalar("SELECT reason FROM login_attempts ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(reasons, vec!["bad_password", "unknown_user"]);
    let r = login_with(&app, &c, "canbo", PW).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM login_attempts WHERE success")
            .await,
        1
    );
    app.cleanup().await;
}

#[tokio::test]
async fn repeated_failures_slow_then_lock_the_pair_but_not_other_addresses_for_long() {
    let app = spawn_app().await;
    let c = client();
    for _ in 0..5 {
        let r = login_with(&app, &c, "canbo", "bad-guess-123").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    // locked now: even the right password is refused, and the refusal is logged
    let r = login_with(&app, &c, "canbo", PW).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("15 phút"));
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM login_attempts WHERE reason = 'locked'")
            .await,
        1
    );
    // the lock ends when the failures leave the 15-minute window
    sqlx::query("UPDATE login_attempts SET at = at - interval '16 minutes'")
        .execute(&app.db)
        .await
        .unwrap();
    let r = login_with(&app, &c, "canbo", PW).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.cleanup().await;
}

#[tokio::test]
async fn idle_and_absolute_timeouts_end_sessions_on_the_server() {
    let app = spawn_app_with(|s| s.session_idle = Duration::from_secs(2)).await;
    let c = signed_in(&app, "canbo").await;
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    app.cleanup().await;

    let app = spawn_app_with(|s| s.session_absolute = Duration::from_secs(2)).await;
    let c = signed_in(&app, "canbo").await;
    for _ in 0..3 {
        assert_eq!(
            c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
            StatusCode::OK
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    app.cleanup().await;
}

#[tokio::test]
async fn cross_site_posts_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let t = token(&app, &admin).await;
    let canbo = user_id(&app, "canbo").await;
    let before = app.scalar_i64("SELECT count(*) FROM audit_log").await;
    // a forged form from another site: right cookie, right token even, wrong origin
    let r = admin
        .post(app.url(&format!("/admin/users/{canbo}/active")))
        .header("origin", "http://evil.example")
        .form(&[("active", "0"), ("csrf_token", t.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = admin
        .post(app.url(&format!("/admin/users/{canbo}/active")))
        .header("sec-fetch-site", "cross-site")
        .form(&[("active", "0"), ("csrf_token", t.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // no token, or a wrong one
    let r = admin
        .post(app.url(&format!("/admin/users/{canbo}/active")))
        .form(&[("active", "0")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = admin
        .post(app.url(&format!("/admin/users/{canbo}/active")))
        .form(&[("active", "0"), ("csrf_token", "0".repeat(64).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let active: bool = sqlx::query_scalar("SELECT active FROM users WHERE id = $1")
        .bind(canbo)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(active);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log").await,
        before
    );
    // the sign-in form is protected too
    let c = client();
    let r = c
        .post(app.url("/login"))
        .form(&[("username", "canbo"), ("password", PW)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // a same-origin POST with the token works
    let r = admin
        .post(app.url(&format!("/admin/users/{canbo}/active")))
        .header("origin", app.addr.clone())
        .form(&[("active", "0"), ("csrf_token", t.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.cleanup().await;
}

#[tokio::test]
async fn security_headers_on_every_response_including_errors() {
    let app = spawn_app().await;
    let c = signed_in(&app, "canbo").await;
    for (path, status) in [
        ("/", 200),
        ("/no-such-page", 404),
        ("/admin/users", 403),
        ("/people/abc", 400),
        ("/healthz", 200),
        ("/static/app.css", 200),
    ] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{path}");
        let h = r.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert_eq!(
            h.get("x-content-type-options").unwrap(),
            "nosniff",
            "{path}"
        );
        assert!(h.get("referrer-policy").is_some(), "{path}");
        if !path.starts_with("/static") {
            assert_eq!(h.get("cache-control").unwrap(), "no-store", "{path}");
        }
    }
    // no inline script in a page
    let (_, html) = get(&c, &app.url("/")).await;
    assert!(
        !html.contains("<script>") && !html.contains("onclick="),
        "no inline script"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn bad_input_gets_400_or_413_never_500() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let t = token(&app, &c).await;
    // malformed UTF-8 in a form
    let body = format!("full_name=%FF%FE&csrf_token={t}");
    let r = c
        .post(app.url("/people"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("UTF-8"));
    // a bad id
    for path in [
        "/people/abc",
        "/units/1.5",
        "/admin/users/-",
        "/people/99999999999999999999",
    ] {
        let r = c.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    // malformed query string
    let r = c.get(app.url("/people?q=%FF")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // an oversized body
    let big = format!("csrf_token={t}&full_name={}", "a".repeat(300 * 1024));
    let r = c
        .post(app.url("/people"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM people").await, 300);
    app.cleanup().await;
}

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    let c = client();
    assert_eq!(
        c.get(app.url("/healthz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        c.get(app.url("/readyz")).send().await.unwrap().status(),
        StatusCode::OK
    );
    app.cleanup().await;
}

#[tokio::test]
async fn api_me_and_openapi() {
    let app = spawn_app().await;
    let c = client();
    let r = c.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers().get("content-type").unwrap(), "application/json");
    let c = signed_in(&app, "truongphong").await;
    let me: serde_json::Value = c
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "truongphong");
    assert_eq!(me["full_name"], "Phạm Văn Đạt");
    assert_eq!(me["unit_code"], "QLDD");
    assert!(me["person_id"].is_i64());
    let roles: Vec<(String, String)> = me["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["role"].as_str().unwrap().to_string(),
                r["unit_code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("unit_head".into(), "QLDD".into()),
            ("staff".into(), "QLDD".into())
        ]
    );
    let admin = signed_in(&app, "admin").await;
    let me: serde_json::Value = admin
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(me["person_id"].is_null() && me["unit_code"].is_null());
    let doc: serde_json::Value = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    // every JSON route is documented
    for (_, path) in thidua::routes::ROUTES
        .iter()
        .filter(|(_, p)| p.starts_with("/api/"))
    {
        assert!(
            doc["paths"].get(*path).is_some(),
            "{path} missing from the OpenAPI document"
        );
    }
    app.cleanup().await;
}

#[tokio::test]
async fn two_instances_share_sessions() {
    let mut app = spawn_app().await;
    let second = app.second_instance().await;
    let c = signed_in(&app, "hoidong").await;
    let me: serde_json::Value = c
        .get(format!("{second}/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["username"], "hoidong");
    // signing out through the second ends the session on the first
    let (_, html) = get(&c, &format!("{second}/account")).await;
    let t = csrf_of(&html);
    let r = c
        .post(format!("{second}/logout"))
        .form(&[("csrf_token", t.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        c.get(app.url("/api/v1/me")).send().await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    app.cleanup().await;
}

#[tokio::test]
async fn nfd_input_is_stored_as_nfc() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let unit = unit_id(&app, "VP").await.to_string();
    let nfd = "Tra\u{302}\u{300}n Thi\u{323} Nga\u{323}c"; // Trần Thị Ngạc, decomposed
    let r = post_form(
        &app,
        &c,
        "/people",
        &[
            ("full_name", nfd),
            ("gender", "female"),
            ("unit_id", unit.as_str()),
            ("category", "cong_chuc"),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM people WHERE full_name = $1")
        .bind("Trần Thị Ngạc")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(n, 1);
    app.cleanup().await;
}

#[tokio::test]
async fn slow_headers_are_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = spawn_app().await;
    let addr = app.addr.trim_start_matches("http://").to_string();
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    // never finish the headers: the server must close the connection by itself
    let started = std::time::Instant::now();
    let mut buf = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(20), s.read(&mut buf))
        .await
        .expect("server closed the connection")
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(n == 0 || text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(
        started.elapsed() >= Duration::from_secs(5) && started.elapsed() < Duration::from_secs(15)
    );
    app.cleanup().await;
}

#[tokio::test]
async fn cookies_are_secure_when_served_over_tls() {
    let app = spawn_app_with(|s| s.secure_cookies = true).await;
    let c = client();
    let r = login_with(&app, &c, "canbo", PW).await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("thidua_session="))
        .unwrap();
    assert!(
        cookie.contains("; Secure")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    app.cleanup().await;
}
