//! Issue 9, finding 8: the audit log's owner is not the application. With `THIDUA_MIGRATE_URL` the
//! schema is migrated by its owner and the application connects as a role that may only read and
//! insert `audit_log`: it can neither update nor delete an entry, nor truncate the table, nor
//! disable its triggers. The application itself works as that role: it seeds, signs people in and
//! writes their audit entries.

use crate::common::*;
use reqwest::StatusCode;
use sqlx::postgres::PgPoolOptions;

#[tokio::test]
async fn the_application_role_cannot_rewrite_the_audit_log() {
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).unwrap();
    let suffix: String = b.iter().map(|x| format!("{x:02x}")).collect();
    let name = format!("thidua_roles_{suffix}");
    let role = format!("thidua_app_{suffix}");
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect(&base_url())
        .await
        .unwrap();
    sqlx::query(&format!("CREATE ROLE {role} LOGIN"))
        .execute(&admin)
        .await
        .unwrap();
    let owner_url = db_url(&name);
    let mut app_url = reqwest::Url::parse(&owner_url).unwrap();
    app_url.set_username(&role).unwrap();
    app_url.set_password(None).unwrap();
    let mut settings = thidua::config::Settings::for_tests(app_url.as_str());
    settings.migrate_url = Some(owner_url.clone());
    // migrated by the owner, the application's role granted what it needs
    let pool = thidua::startup::prepare(&settings).await.unwrap();
    let me: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(me, role, "the application connects as its own role");
    assert!(
        thidua::demo::seed(&pool, None).await.unwrap(),
        "seeded as the application"
    );
    // served as that role: sign in (audited), change something (audited)
    let application = thidua::startup::Application::build_with_pool(settings, pool.clone())
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", application.port());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(application.run_with_shutdown(async move {
        let _ = stopped.await;
    }));
    let c = client();
    let html = c
        .get(format!("{base}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let t = csrf_of(&html);
    let r = c
        .post(format!("{base}/login"))
        .form(&[
            ("username", "admin"),
            ("password", PW),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (status, _) = get(&c, &format!("{base}/admin/audit")).await;
    assert_eq!(status, StatusCode::OK);
    let entries: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'sign_in'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(entries, 1);
    // what the application's role may not do to the log
    for sql in [
        "UPDATE audit_log SET summary = 'rewritten'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_log_no_update ON audit_log",
        "DELETE FROM _sqlx_migrations",
    ] {
        let e = sqlx::query(sql)
            .execute(&pool)
            .await
            .expect_err(sql)
            .to_string();
        assert!(
            e.contains("permission denied") || e.contains("must be owner"),
            "{sql}: {e}"
        );
    }
    let kept: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE summary = 'rewritten'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(kept, 0);
    // reading and inserting are its to do
    sqlx::query("INSERT INTO audit_log (actor_username, action, entity, summary) VALUES ('t', 'test', 'test', 'appended')")
        .execute(&pool)
        .await
        .unwrap();
    let _ = stop.send(());
    pool.close().await;
    drop_database(&name).await;
    sqlx::query(&format!("DROP ROLE IF EXISTS {role}"))
        .execute(&admin)
        .await
        .unwrap();
}
