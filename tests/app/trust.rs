//! Issue 9, "Trust": each finding of the review with the test that failed on the code before it.
//! (The open redirect's table of hostile values is a unit test in src/auth/mod.rs; the authorisation
//! table is tests/app/authorization.rs; uploads are tests/app/uploads.rs; the API's errors are
//! tests/app/api_errors.rs; the audit log under two database roles is tests/app/db_roles.rs.)

use crate::common::*;
use reqwest::{Client, StatusCode};
use std::time::Duration;
use thidua::auth::password::hash_blocking;

async fn add_account(app: &TestApp, username: &str, role: &str, unit: &str) -> i64 {
    let hash = hash_blocking(PW).unwrap();
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
    uid
}

async fn hash_of(app: &TestApp, username: &str) -> String {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn roles_of(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = $1",
    )
    .bind(username)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// Finding 1: an administrator of one division sees and changes only the accounts inside it, grants
/// nothing wider than their subtree, links no one from outside it, and reads only the audit entries
/// and import jobs of their scope.
#[tokio::test]
async fn a_division_administrator_stays_in_the_division() {
    let app = spawn_app().await;
    add_account(&app, "t-admin-qldd", "admin", "QLDD").await;
    let div = signed_in(&app, "t-admin-qldd").await;
    let root_admin = signed_in(&app, "admin").await;
    // the list: QLDD's accounts, not the Director's nor the root administrator's
    let (status, html) = get(&div, &app.url("/admin/users")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("canbo") && html.contains("truongphong"),
        "{html}"
    );
    for outside in ["giamdoc", "vanphong", "hoidong", ">admin<"] {
        assert!(
            !html.contains(outside),
            "{outside} listed to a division's administrator"
        );
    }
    let (_, html) = get(&root_admin, &app.url("/admin/users")).await;
    assert!(html.contains("giamdoc") && html.contains("t-admin-qldd"));
    // the root administrator's account: not to be read, reset, disabled or given roles
    let admin_id = user_id(&app, "admin").await;
    let giamdoc = user_id(&app, "giamdoc").await;
    let (status, _) = get(&div, &app.url(&format!("/admin/users/{admin_id}"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let before = hash_of(&app, "admin").await;
    let r = post_form(
        &app,
        &div,
        &format!("/admin/users/{admin_id}/password"),
        &[("password", "mat-khau-moi-123")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(hash_of(&app, "admin").await, before);
    let r = post_form(
        &app,
        &div,
        &format!("/admin/users/{admin_id}/active"),
        &[("active", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM users WHERE username = 'admin' AND active")
            .await,
        1
    );
    let qldd = unit_id(&app, "QLDD").await.to_string();
    let r = post_form(
        &app,
        &div,
        &format!("/admin/users/{giamdoc}/roles"),
        &[("role", "staff"), ("unit_id", &qldd)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "an account outside");
    let role: i64 = app
        .scalar_i64(&format!(
            "SELECT id FROM user_roles WHERE user_id = {giamdoc} ORDER BY id LIMIT 1"
        ))
        .await;
    let r = post_form(
        &app,
        &div,
        &format!("/admin/users/{giamdoc}/roles/{role}/delete"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(roles_of(&app, "giamdoc").await, 2);
    // a role wider than their own scope, for an account inside it: refused on the form
    let canbo = user_id(&app, "canbo").await;
    let root = unit_id(&app, "STNMT").await.to_string();
    let roles = roles_of(&app, "canbo").await;
    let r = post_form(
        &app,
        &div,
        &format!("/admin/users/{canbo}/roles"),
        &[("role", "admin"), ("unit_id", &root)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(roles_of(&app, "canbo").await, roles);
    // inside: allowed
    let r = post_form(
        &app,
        &div,
        &format!("/admin/users/{canbo}/password"),
        &[("password", "mat-khau-tam-2026")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // a new account linked to someone of another unit: refused, nothing created
    let code: String = sqlx::query_scalar(
        "SELECT p.employee_code FROM people p JOIN units u ON u.id = p.unit_id
         WHERE u.code = 'TTRA' AND p.employee_code IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM users a WHERE a.person_id = p.id) LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let users = app.scalar_i64("SELECT count(*) FROM users").await;
    let r = post_form(
        &app,
        &div,
        "/admin/users",
        &[
            ("username", "t-linked"),
            ("password", "mat-khau-dai-hon-10"),
            ("employee_code", &code),
            ("role", ""),
            ("unit_id", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("không thuộc đơn vị bạn quản trị")
    );
    // an account with neither a person nor a role would belong to nobody's subtree
    let r = post_form(
        &app,
        &div,
        "/admin/users",
        &[
            ("username", "t-floating"),
            ("display_name", "Không thuộc đâu"),
            ("password", "mat-khau-dai-hon-10"),
            ("employee_code", ""),
            ("role", ""),
            ("unit_id", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM users").await, users);
    // with a role inside QLDD: created, and theirs to manage
    let r = post_form(
        &app,
        &div,
        "/admin/users",
        &[
            ("username", "t-new-qldd"),
            ("display_name", "Cán bộ mới"),
            ("password", "mat-khau-dai-hon-10"),
            ("employee_code", ""),
            ("role", "staff"),
            ("unit_id", &qldd),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _) = get(&div, &app.url(&location(&r))).await;
    assert_eq!(status, StatusCode::OK);
    let placed: String = sqlx::query_scalar(
        "SELECT coalesce(unit_path, '') FROM audit_log WHERE action = 'create' AND entity = 'user' AND summary = 't-new-qldd'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        placed, "/1/5/",
        "the entry about the new account is in QLDD's log"
    );
    // the audit log: entries about QLDD, not those about other units or the whole Department
    let p_qldd = person_id(&app, "Nguyễn Văn An").await;
    let p_ttra = app
        .scalar_i64(
            "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'TTRA' LIMIT 1",
        )
        .await;
    for (entity, id, summary) in [
        ("person", p_qldd.to_string(), "MARK-QLDD"),
        ("person", p_ttra.to_string(), "MARK-TTRA"),
        ("holiday", "2031-01-01".to_string(), "MARK-ROOT"),
    ] {
        sqlx::query(
            "INSERT INTO audit_log (actor_username, action, entity, entity_id, summary) VALUES ('t', 'update', $1, $2, $3)",
        )
        .bind(entity)
        .bind(id)
        .bind(summary)
        .execute(&app.db)
        .await
        .unwrap();
    }
    let (status, html) = get(&div, &app.url("/admin/audit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("MARK-QLDD"));
    assert!(!html.contains("MARK-TTRA") && !html.contains("MARK-ROOT"));
    assert!(!html.contains("seed_demo"), "the Department's own entries");
    let (_, html) = get(&root_admin, &app.url("/admin/audit")).await;
    assert!(html.contains("MARK-QLDD") && html.contains("MARK-TTRA") && html.contains("MARK-ROOT"));
    // another administrator's import job (the Office's, for the whole Department): not theirs
    let office = signed_in(&app, "vanphong").await;
    let t = token(&app, &office).await;
    let form = reqwest::multipart::Form::new().text("csrf_token", t).part(
        "file",
        reqwest::multipart::Part::bytes(
            "Họ và tên,Mã đơn vị\nTrần Thị Mới,VP\n".as_bytes().to_vec(),
        )
        .file_name("ds.csv"),
    );
    let r = office
        .post(app.url("/people/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let job = location(&r);
    let (status, _) = get(&div, &app.url(&job)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let r = post_form(&app, &div, &format!("{job}/cancel"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let (status, _) = get(&root_admin, &app.url(&job)).await;
    assert_eq!(status, StatusCode::OK);
    app.cleanup().await;
}

/// Finding 2 (with the unit test of hostile values in src/auth/mod.rs): what the browser is told.
#[tokio::test]
async fn redirects_after_a_language_switch_or_sign_in_stay_here() {
    let app = spawn_app().await;
    let c = client();
    for (next, want) in [
        ("/%09/evil.example", "/"),
        ("/%5Cevil.example", "/"),
        ("/%2F%2Fevil.example", "/"),
        ("https://evil.example", "/"),
        ("/people?q=a", "/people?q=a"),
    ] {
        let r = c
            .get(app.url(&format!("/lang?to=vi&next={}", urlencode(next))))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), want, "{next}");
    }
    // a raw tab in the address (not encoded): never a Location with a control character
    let r = c
        .get(app.url("/lang?to=vi&next=/%09/evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&r), "/");
    // after signing in
    let (_, html) = get(&c, &app.url("/login")).await;
    let t = csrf_of(&html);
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("username", "canbo"),
            ("password", PW),
            ("csrf_token", t.as_str()),
            ("next", "/\t/evil.example"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/");
    app.cleanup().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn attempt(
    app: &TestApp,
    c: &Client,
    csrf: &str,
    user: &str,
    pw: &str,
    from: Option<&str>,
) -> StatusCode {
    let mut req = c.post(app.url("/login")).form(&[
        ("username", user),
        ("password", pw),
        ("csrf_token", csrf),
    ]);
    if let Some(ip) = from {
        req = req.header("x-forwarded-for", ip);
    }
    req.send().await.unwrap().status()
}

/// Finding 3: 100 parallel guesses at one account from one address get no more password checks
/// than the limit (each attempt is counted before its password is checked).
#[tokio::test]
async fn parallel_guesses_get_no_more_checks_than_the_limit() {
    let app = spawn_app().await;
    let c = client();
    let (_, html) = get(&c, &app.url("/login")).await;
    let csrf = csrf_of(&html);
    let tries = (0..100).map(|i| {
        let (app, c, csrf) = (&app, &c, csrf.as_str());
        async move { attempt(app, c, csrf, "canbo", &format!("doan-sai-{i}"), None).await }
    });
    let statuses = futures_join_all(tries).await;
    let checked = app
        .scalar_i64(
            "SELECT count(*) FROM login_attempts WHERE username = 'canbo' AND reason = 'bad_password'",
        )
        .await;
    let refused = app
        .scalar_i64(
            "SELECT count(*) FROM login_attempts WHERE username = 'canbo' AND reason = 'locked'",
        )
        .await;
    assert_eq!(
        checked,
        thidua::auth::throttle::PAIR_LOCK,
        "password checks for 100 parallel guesses"
    );
    assert_eq!(checked + refused, 100, "every attempt logged");
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count() as i64,
        checked
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count() as i64,
        refused
    );
    // the lock is in the audit log, once
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE action = 'lock' AND entity = 'user'")
            .await,
        1
    );
    app.cleanup().await;
}

/// Runs futures concurrently on this task (no extra dependency for `join_all`).
async fn futures_join_all<F: std::future::Future>(fs: impl Iterator<Item = F>) -> Vec<F::Output> {
    let handles: Vec<_> = fs.map(Box::pin).collect();
    let mut out = Vec::with_capacity(handles.len());
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut results: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (i, slot) in pending.iter_mut().enumerate() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        results[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all = false,
                }
            }
        }
        if all {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    for r in results {
        out.extend(r);
    }
    out
}

/// Findings 4 and 5, and the audit of sign-ins, locks and unlocks (finding 8): 30 wrong passwords
/// from one address, sent at once, and 25 more from five other addresses, lock those addresses out
/// of the account, not the owner elsewhere (before, 20 failures from anywhere locked the account for
/// everyone); behind one trusted proxy the client's address is the proxy's entry, not a forged one;
/// an administrator clears the lock, audited.
#[tokio::test]
async fn a_guesser_elsewhere_never_locks_the_owner_out() {
    let app = spawn_app_with(|s| s.trust_proxy_hops = 1).await;
    let c = client();
    let (_, html) = get(&c, &app.url("/login")).await;
    let csrf = csrf_of(&html);
    let attacker = "198.51.100.7";
    let tries = (0..30).map(|i| {
        let (app, c, csrf) = (&app, &c, csrf.as_str());
        async move { attempt(app, c, csrf, "canbo", &format!("sai-{i}"), Some(attacker)).await }
    });
    let statuses = futures_join_all(tries).await;
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count(),
        5
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
            .count(),
        25
    );
    // five more addresses at once, five guesses each
    let others = (1..=5).map(|k| {
        let (app, c, csrf) = (&app, &c, csrf.as_str());
        async move {
            let from = format!("198.51.100.{}", 10 + k);
            let mut out = vec![];
            for i in 0..5 {
                out.push(
                    attempt(app, c, csrf, "canbo", &format!("khac-{k}-{i}"), Some(&from)).await,
                );
            }
            out
        }
    });
    for statuses in futures_join_all(others).await {
        assert!(
            statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED),
            "{statuses:?}"
        );
    }
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM login_attempts WHERE username = 'canbo' AND reason = 'bad_password'")
            .await,
        30,
        "30 passwords checked, from six addresses"
    );
    // even the right password, from the attacker's address, is refused while locked
    assert_eq!(
        attempt(&app, &c, &csrf, "canbo", PW, Some(attacker)).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // the owner, from their own address, signs in (slowed at most, never locked); the first
    // entry of the header is written by the client and forged: the proxy's entry is the address
    let owner = client();
    let (_, html) = get(&owner, &app.url("/login")).await;
    let owner_csrf = csrf_of(&html);
    let started = std::time::Instant::now();
    let r = owner
        .post(app.url("/login"))
        .header("x-forwarded-for", format!("{attacker}, 203.0.113.9"))
        .form(&[
            ("username", "canbo"),
            ("password", PW),
            ("csrf_token", owner_csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the owner signs in");
    assert!(started.elapsed() <= thidua::auth::throttle::MAX_DELAY + Duration::from_secs(2));
    let ip: String = sqlx::query_scalar(
        "SELECT ip FROM login_attempts WHERE username = 'canbo' AND success ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        ip, "203.0.113.9",
        "the address the proxy saw, not the forged one"
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM audit_log WHERE action = 'sign_in' AND ip = '203.0.113.9'"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE action = 'lock'")
            .await,
        6,
        "the account locked from each of the six addresses, once"
    );
    // the administrator sees the lock and clears it, audited; the attacker's address may try again
    let admin = signed_in(&app, "admin").await;
    let canbo = user_id(&app, "canbo").await;
    let (_, html) = get(&admin, &app.url(&format!("/admin/users/{canbo}"))).await;
    assert!(html.contains(attacker), "the locked address is shown");
    let r = post_form(&app, &admin, &format!("/admin/users/{canbo}/unlock"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM audit_log WHERE action = 'unlock' AND entity = 'user'"
        )
        .await,
        1
    );
    assert_eq!(
        attempt(&app, &c, &csrf, "canbo", PW, Some(attacker)).await,
        StatusCode::SEE_OTHER
    );
    // signing out is in the log too
    let r = post_form(&app, &owner, "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE action = 'sign_out'")
            .await,
        1
    );
    app.cleanup().await;
}

/// Finding 9: a database with the demo organisation says so on every page, whoever serves it.
#[tokio::test]
async fn demo_data_is_announced_on_every_page() {
    let app = spawn_app_with(|s| s.demo = false).await;
    let c = signed_in(&app, "giamdoc").await;
    for path in ["/", "/campaigns", "/account"] {
        let (_, html) = get(&c, &app.url(path)).await;
        assert!(html.contains("Dữ liệu mẫu."), "{path}");
    }
    sqlx::query("UPDATE data_versions SET version = 0 WHERE name = 'demo'")
        .execute(&app.db)
        .await
        .unwrap();
    let (_, html) = get(&c, &app.url("/")).await;
    assert!(!html.contains("Dữ liệu mẫu."));
    app.cleanup().await;
}

/// Finding 7: a failed import shows a reference to its log line, never the database's words.
#[tokio::test]
async fn a_database_error_never_reaches_the_page() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let t = token(&app, &office).await;
    let form = reqwest::multipart::Form::new().text("csrf_token", t).part(
        "file",
        reqwest::multipart::Part::bytes(
            "Họ và tên,Mã đơn vị\nTrần Thị Mới,VP\n".as_bytes().to_vec(),
        )
        .file_name("ds.csv"),
    );
    let r = office
        .post(app.url("/people/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let job = location(&r);
    let id: i64 = job.rsplit('/').next().unwrap().parse().unwrap();
    sqlx::query("UPDATE import_jobs SET status = 'running' WHERE id = $1")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    thidua::db::import_jobs::finish(
        &app.db,
        id,
        Err(anyhow::anyhow!(
            "error returned from database: duplicate key value violates unique constraint \"people_employee_code_key\""
        )),
    )
    .await;
    let (_, html) = get(&office, &app.url(&job)).await;
    assert!(html.contains("Nhập thất bại"));
    assert!(
        !html.contains("duplicate key") && !html.contains("constraint"),
        "{html}"
    );
    assert!(
        html.contains("Mã tham chiếu để báo cho quản trị: E-"),
        "{html}"
    );
    app.cleanup().await;
}

/// Finding 7: the housekeeping task purges old sign-in attempts, abandoned import previews, spent
/// form tokens and the change logs' old rows.
#[tokio::test]
async fn housekeeping_purges_attempts_and_abandoned_previews() {
    let app = spawn_app().await;
    let admin = user_id(&app, "admin").await;
    sqlx::query(
        "INSERT INTO login_attempts (at, username, ip, success, reason) VALUES
           (now() - interval '40 days', 'cu', '10.0.0.1', false, 'bad_password'),
           (now() - interval '1 hour', 'moi', '10.0.0.1', false, 'bad_password')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO import_jobs (kind, filename, created_by, status, total_rows, good_rows, rows, created_at) VALUES
           ('people', 'bo-quen.csv', $1, 'preview', 1, 1, '[{\"x\": 1}]', now() - interval '2 days'),
           ('people', 'dang-xem.csv', $1, 'preview', 1, 1, '[{\"x\": 1}]', now())",
    )
    .bind(admin)
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO form_submissions (token, user_id, at, outcome) VALUES (repeat('a', 32), $1, now() - interval '3 days', '/')",
    )
    .bind(admin)
    .execute(&app.db)
    .await
    .unwrap();
    for log in ["eligibility_changes", "directory_changes"] {
        sqlx::query(&format!(
            "INSERT INTO {log} (at, person_id) VALUES (now() - interval '3 days', -1), (now() - interval '1 day', -2)"
        ))
        .execute(&app.db)
        .await
        .unwrap();
    }
    thidua::startup::housekeep(&app.db, Duration::from_secs(1800)).await;
    for log in ["eligibility_changes", "directory_changes"] {
        // the old row gone, the one a day old kept (a copy read whole within the day may need it)
        assert_eq!(
            app.scalar_i64(&format!("SELECT count(*) FROM {log} WHERE person_id < 0"))
                .await,
            1,
            "{log}"
        );
        assert_eq!(
            app.scalar_i64(&format!("SELECT count(*) FROM {log} WHERE person_id = -2"))
                .await,
            1,
            "{log}"
        );
    }
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM login_attempts WHERE username IN ('cu', 'moi')")
            .await,
        1
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM import_jobs WHERE filename = 'bo-quen.csv' AND status = 'cancelled' AND rows = '[]'::jsonb"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM import_jobs WHERE filename = 'dang-xem.csv' AND status = 'preview'")
            .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM form_submissions")
            .await,
        0
    );
    app.cleanup().await;
}

/// Finding 7: co-authors are resolved through the directory's index, and a cell may name at most so
/// many people.
#[tokio::test]
async fn too_many_coauthors_in_one_cell_are_refused() {
    let app = spawn_app().await;
    let id = app
        .scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await;
    let staff = signed_in(&app, "canbo").await;
    let title = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id WHERE t.code = 'LDTT' AND c.id = {id}"
        ))
        .await
        .to_string();
    let many = vec!["Phạm Văn Đạt"; thidua::web::registrations::MAX_NAMES_PER_CELL + 1].join("; ");
    let form = |coauthors: &str| {
        vec![
            ("title_id", title.clone()),
            ("target", "100% hồ sơ đúng hạn".to_string()),
            ("measure", "Tỷ lệ".to_string()),
            ("ini_title", "Số hóa hồ sơ".to_string()),
            ("ini_field", "Chuyển đổi số".to_string()),
            ("ini_benefit", "Nhanh hơn".to_string()),
            ("ini_coauthors", coauthors.to_string()),
            ("version", "0".to_string()),
            ("action", "save".to_string()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let (app, staff) = (&app, &staff);
        async move {
            let b: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, staff, &format!("/campaigns/{id}/register"), &b).await
        }
    };
    let r = post(form(&many)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM registered_initiatives WHERE title = 'Số hóa hồ sơ'")
            .await,
        0
    );
    // one name, found by the index (diacritics and case folded)
    let r = post(form("pham van dat (QLDD)")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM initiative_coauthors c JOIN people p ON p.id = c.person_id WHERE p.full_name = 'Phạm Văn Đạt'"
        )
        .await,
        1
    );
    app.cleanup().await;
}
