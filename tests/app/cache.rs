//! Each server keeps the sessions it serves in memory, kept true by PostgreSQL's notifications
//! (`auth::cache`, `db::live`). Two servers on one database: pages are answered from the cache, and
//! yet a disabled account or a signed-out session ends on the other server within a second; a server
//! that loses its listening connection stops using the cache at once and takes it up again.

use crate::common::*;
use reqwest::StatusCode;
use std::time::{Duration, Instant};
use thidua::state::AppState;

/// A client without a cookie jar that sends this session cookie (as a stolen or kept cookie would).
async fn with_cookie(url: &str, session: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(url)
        .header("cookie", format!("thidua_session={session}"))
        .send()
        .await
        .unwrap()
}

/// Signs in as `user` and returns the session cookie's value.
async fn session_of(app: &TestApp, user: &str) -> String {
    let r = login_with(app, &client(), user, PW).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("thidua_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// How long until `url` with this session stops answering 200 (polled every 10 ms, up to 3 s).
async fn ends_within(url: &str, session: &str) -> Duration {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        let r = with_cookie(url, session).await;
        if r.status() != StatusCode::OK {
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
            assert!(location(&r).starts_with("/login"));
            return started.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the session still answers after 3 s");
}

fn hits(s: &AppState) -> u64 {
    s.caches.sessions.counts().0
}

#[tokio::test]
async fn pages_come_from_the_cache_and_ended_sessions_end_on_every_server_within_a_second() {
    let mut app = spawn_app().await;
    let second = app.second_instance().await;
    app.settle().await;
    let (a, b) = (app.states[0].clone(), app.states[1].clone());
    let staff = session_of(&app, "canbo").await;

    // the first page on each server reads the session; the next ones are served from memory
    for base in [app.addr.as_str(), second.as_str()] {
        assert_eq!(
            with_cookie(&format!("{base}/"), &staff).await.status(),
            StatusCode::OK
        );
    }
    let (ha, hb) = (hits(&a), hits(&b));
    for base in [app.addr.as_str(), second.as_str()] {
        for _ in 0..3 {
            let r = with_cookie(&format!("{base}/"), &staff).await;
            assert_eq!(r.status(), StatusCode::OK);
            assert!(r.text().await.unwrap().contains("action=\"/logout\""));
        }
    }
    assert_eq!(
        (hits(&a) - ha, hits(&b) - hb),
        (3, 3),
        "served from the cache"
    );

    // the account disabled on the first server: its session ends on the second within a second
    let admin = signed_in(&app, "admin").await;
    let id = user_id(&app, "canbo").await;
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/users/{id}/active"),
        &[("active", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let took = ends_within(&format!("{second}/"), &staff).await;
    assert!(
        took < Duration::from_secs(1),
        "ended on the other server after {took:?}"
    );
    // and on the first at once (it heard the change before it answered the administrator)
    let r = with_cookie(&app.url("/"), &staff).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // signed out on the first server: the cookie, kept, no longer works on the second
    let office_session = session_of(&app, "vanphong").await;
    for _ in 0..2 {
        assert_eq!(
            with_cookie(&format!("{second}/"), &office_session)
                .await
                .status(),
            StatusCode::OK
        );
    }
    let hb = hits(&b);
    assert_eq!(
        with_cookie(&format!("{second}/"), &office_session)
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(hits(&b), hb + 1, "the second server serves it from memory");
    let out = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = with_cookie(&app.url("/account"), &office_session)
        .await
        .text()
        .await
        .unwrap();
    let r = out
        .post(app.url("/logout"))
        .header("cookie", format!("thidua_session={office_session}"))
        .form(&[("csrf_token", csrf_of(&page).as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let took = ends_within(&format!("{second}/"), &office_session).await;
    assert!(
        took < Duration::from_secs(1),
        "ended on the other server after {took:?}"
    );

    // a change made straight in the database (no server involved) is heard the same way
    let head = session_of(&app, "truongphong").await;
    assert_eq!(
        with_cookie(&format!("{second}/"), &head).await.status(),
        StatusCode::OK
    );
    sqlx::query("UPDATE users SET active = false WHERE username = 'truongphong'")
        .execute(&app.db)
        .await
        .unwrap();
    let took = ends_within(&format!("{second}/"), &head).await;
    assert!(took < Duration::from_secs(1), "ended after {took:?}");
    app.cleanup().await;
}

#[tokio::test]
async fn a_server_that_stops_hearing_drops_its_cache_and_reads_the_database_until_it_hears_again() {
    let app = spawn_app().await;
    app.settle().await;
    let s = app.states[0].clone();
    let staff = session_of(&app, "canbo").await;
    for _ in 0..2 {
        assert_eq!(
            with_cookie(&app.url("/"), &staff).await.status(),
            StatusCode::OK
        );
    }
    assert!(!s.caches.sessions.is_empty());

    // the listening connection killed, as a network failure or a database restart would
    let killed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%') t",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(killed, 1);
    let started = Instant::now();
    while s.caches.sessions.is_live() && started.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(!s.caches.sessions.is_live(), "the loss was noticed");
    assert!(s.caches.sessions.is_empty(), "and the sessions dropped");
    // meanwhile the pages are answered, from the database: a change is seen at once
    let (h, m) = s.caches.sessions.counts();
    sqlx::query("UPDATE users SET display_name = 'Tên mới' WHERE username = 'canbo'")
        .execute(&app.db)
        .await
        .unwrap();
    // (it tries again a second after the loss; had it done so already, the session would still be
    // read from the database, as it was dropped)
    let r = with_cookie(&app.url("/"), &staff).await;
    assert!(r.text().await.unwrap().contains("Tên mới"));
    assert_eq!(
        s.caches.sessions.counts(),
        (h, m + 1),
        "read from the database"
    );

    // it listens again by itself, and serves from memory again
    app.settle().await;
    assert!(s.caches.sessions.is_live());
    assert_eq!(
        with_cookie(&app.url("/"), &staff).await.status(),
        StatusCode::OK
    );
    let h = hits(&s);
    let r = with_cookie(&app.url("/"), &staff).await;
    assert!(r.text().await.unwrap().contains("Tên mới"));
    assert_eq!(hits(&s), h + 1);
    app.cleanup().await;
}

#[tokio::test]
async fn a_browser_that_changed_something_reads_the_database_on_any_server_for_a_moment() {
    let mut app = spawn_app().await;
    let second = app.second_instance().await;
    app.settle().await;
    let b = app.states[1].clone();
    let c = signed_in(&app, "canbo").await;
    let _ = get(&c, &format!("{second}/")).await;
    let r = post_form(&app, &c, "/account/email", &[("email_notifications", "0")]).await;
    assert!(r.status().is_redirection());
    let fresh = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("thidua_fresh="));
    assert!(fresh, "a change sets the thidua_fresh cookie");
    let (h, m) = b.caches.sessions.counts();
    assert_eq!(get(&c, &format!("{second}/")).await.0, StatusCode::OK);
    assert_eq!(
        b.caches.sessions.counts(),
        (h, m + 1),
        "the next page reads the database"
    );
    app.cleanup().await;
}

/// canbo's registration in the first campaign, sent, with one commitment: (campaign, registration).
async fn canbo_with_a_commitment(app: &TestApp) -> (i64, i64) {
    let (campaign, registration): (i64, i64) = sqlx::query_as(
        "INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
         SELECT c.id, p.id, p.unit_id, t.id, 'submitted', now()
           FROM campaigns c JOIN titles t ON t.rule_set_id = c.rule_set_id AND t.code = 'LDTT',
                users u JOIN people p ON p.id = u.person_id
          WHERE u.username = 'canbo'
            AND NOT EXISTS (SELECT 1 FROM registrations x WHERE x.campaign_id = c.id AND x.person_id = p.id)
          ORDER BY c.id LIMIT 1
         RETURNING campaign_id, id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO registration_commitments (registration_id, position, target) VALUES ($1, 1, 'Hoàn thành nhiệm vụ')",
    )
    .bind(registration)
    .execute(&app.db)
    .await
    .unwrap();
    (campaign, registration)
}

/// canbo's progress on the first commitment, posted to `base` with the session alone (no
/// thidua_fresh cookie: the next page is served from the cache).
async fn post_progress(
    base: &str,
    campaign: i64,
    session: &str,
    csrf: &str,
    pct: &str,
    note: &str,
) -> StatusCode {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/campaigns/{campaign}/register/progress"))
        .header("cookie", format!("thidua_session={session}"))
        .form(&[
            ("csrf_token", csrf),
            ("position", "1"),
            ("progress", pct),
            ("note", note),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn the_registration_form_kept_in_memory_follows_its_commitments() {
    let app = spawn_app().await;
    app.settle().await;
    let username = "canbo".to_string();
    let (campaign, registration) = canbo_with_a_commitment(&app).await;
    let session = session_of(&app, &username).await;
    let url = app.url(&format!("/campaigns/{campaign}/register"));
    for _ in 0..2 {
        let r = with_cookie(&url, &session).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(!r.text().await.unwrap().contains("Ghi chú đổi bằng SQL"));
    }
    // the progress changed without touching the registration row: the form shows it
    sqlx::query(
        "UPDATE registration_commitments SET progress = 77, progress_note = 'Ghi chú đổi bằng SQL'
          WHERE registration_id = $1",
    )
    .bind(registration)
    .execute(&app.db)
    .await
    .unwrap();
    app.settle().await;
    let html = with_cookie(&url, &session).await.text().await.unwrap();
    assert!(
        html.contains("Ghi chú đổi bằng SQL"),
        "the form is read again"
    );
    // the progress form: its change and its audit entry go in one statement, with no notification;
    // the answer comes after this server read the detail versions again, so the very next page
    // (without the thidua_fresh cookie, from the cache) already shows it
    let csrf: String = sqlx::query_scalar(
        "SELECT s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'canbo'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let (h, m) = app.states[0].caches.sessions.counts();
    let unheard = app.states[0].caches.sessions.unheard();
    for round in 0..5 {
        let note = format!("Ghi chú lần {round}");
        let pct = (40 + round).to_string();
        assert_eq!(
            post_progress(&app.addr, campaign, &session, &csrf, &pct, &note).await,
            StatusCode::SEE_OTHER
        );
        let html = with_cookie(&url, &session).await.text().await.unwrap();
        assert!(
            html.contains(&note),
            "round {round}: the next page shows the change"
        );
    }
    assert_eq!(
        app.states[0].caches.sessions.counts().1,
        m,
        "the session was never read from the database again ({h} hits before)"
    );
    assert_eq!(
        app.states[0].caches.sessions.unheard(),
        unheard,
        "every answer came once its change was heard, none after waiting out the second"
    );
    let entries: Vec<(String, String, serde_json::Value)> = sqlx::query_as(
        "SELECT entity_id, actor_username, after FROM audit_log WHERE action = 'progress' ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(entries.len(), 5, "one audit entry per change");
    assert_eq!(entries[4].0, registration.to_string());
    assert_eq!(entries[4].1, "canbo");
    assert_eq!(entries[4].2[0]["progress"], 44);
    assert_eq!(entries[4].2[0]["note"], "Ghi chú lần 4");
    app.cleanup().await;
}

#[tokio::test]
async fn progress_saved_on_one_server_shows_on_another_within_its_poll() {
    // the progress post sends no notification (PostgreSQL commits notifying transactions one at a
    // time): the other server learns of it by reading the detail versions every 250 ms
    let mut app = spawn_app().await;
    let second = app.second_instance().await;
    app.settle().await;
    let (campaign, _) = canbo_with_a_commitment(&app).await;
    let session = session_of(&app, "canbo").await;
    let csrf: String = sqlx::query_scalar(
        "SELECT s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = 'canbo'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let there = format!("{second}/campaigns/{campaign}/register");
    // the second server keeps the form (and the session) before the change
    for _ in 0..2 {
        let r = with_cookie(&there, &session).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
    let (_, misses) = app.states[1].caches.sessions.counts();
    assert_eq!(
        post_progress(
            &app.addr,
            campaign,
            &session,
            &csrf,
            "63",
            "Ghi chú từ máy chủ thứ nhất"
        )
        .await,
        StatusCode::SEE_OTHER
    );
    let started = Instant::now();
    loop {
        let html = with_cookie(&there, &session).await.text().await.unwrap();
        if html.contains("Ghi chú từ máy chủ thứ nhất") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "the second server still shows the old progress after a second"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        app.states[1].caches.sessions.counts().1,
        misses,
        "the second server served the session from memory: it learned of the change by itself"
    );
    app.cleanup().await;
}

/// docs/ARCHITECTURE.md's table of caches says, for each cache by its name, the versions it
/// follows: exactly those its declaration names (notes in brackets aside), and no cache is missing.
#[test]
fn the_table_of_caches_is_what_the_caches_declare() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ARCHITECTURE.md"))
        .unwrap();
    let caches = thidua::caches::Caches::default();
    let declared = caches.declarations();
    let mut documented = std::collections::BTreeMap::new();
    let table = doc
        .lines()
        .skip_while(|l| *l != "| name | cache | key | follows |")
        .take_while(|l| !l.is_empty());
    for row in table.filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        if cells.len() != 4 {
            continue;
        }
        // "proposals (also bumped by …), people" → {proposals, people}
        let mut follows = String::new();
        let mut depth = 0;
        for ch in cells[3].trim_end_matches(" |").chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ if depth == 0 => follows.push(ch),
                _ => {}
            }
        }
        let follows: std::collections::BTreeSet<String> = follows
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        for name in cells[0].trim_start_matches("| ").split(", ") {
            documented.insert(name.trim_matches('`').to_string(), follows.clone());
        }
    }
    for (name, follows) in &declared {
        let want: std::collections::BTreeSet<String> =
            follows.iter().map(|v| v.name().to_string()).collect();
        assert_eq!(
            documented.get(*name),
            Some(&want),
            "the row of `{name}` in docs/ARCHITECTURE.md's table of caches"
        );
    }
    assert_eq!(
        documented.len(),
        declared.len(),
        "a row names a cache that is not declared: {:?}",
        documented.keys().collect::<Vec<_>>()
    );
}
