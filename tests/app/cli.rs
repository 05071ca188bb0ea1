//! The `thidua` command: migrate, create-user (password from stdin, never argv), seed-demo idempotence.

use crate::common::*;
use std::io::Write;
use std::process::{Command, Stdio};

fn thidua(db: &str, args: &[&str], stdin: Option<&str>) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .env("DATABASE_URL", db_url(db))
        .env("THIDUA_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run thidua");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test]
async fn first_administrator_of_a_real_deployment() {
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).unwrap();
    let db = format!(
        "thidua_cli_{:02x}{:02x}{:02x}{:02x}",
        b[0], b[1], b[2], b[3]
    );
    let (ok, out) = thidua(&db, &["migrate"], None);
    assert!(ok, "{out}");
    // an empty chart needs the root unit's name
    let (ok, out) = thidua(
        &db,
        &["create-user", "--username", "quantri", "--unit", "SNNMT"],
        Some("mat-khau-dau-tien\n"),
    );
    assert!(!ok && out.contains("--unit-name"), "{out}");
    let (ok, out) = thidua(
        &db,
        &[
            "create-user",
            "--username",
            "quantri",
            "--unit",
            "SNNMT",
            "--unit-name",
            "Sở Nông nghiệp và Môi trường",
        ],
        Some("short\n"),
    );
    assert!(!ok && out.contains("at least 10"), "{out}");
    let (ok, out) = thidua(
        &db,
        &[
            "create-user",
            "--username",
            "quantri",
            "--unit",
            "SNNMT",
            "--unit-name",
            "Sở Nông nghiệp và Môi trường",
        ],
        Some("mat-khau-dau-tien\n"),
    );
    assert!(ok, "{out}");
    // the account signs in through the server
    let mut settings = thidua::config::Settings::for_tests(&db_url(&db));
    settings.demo = false;
    let pool = thidua::startup::connect(&settings).await.unwrap();
    let app = thidua::startup::Application::build_with_pool(settings, pool.clone())
        .await
        .unwrap();
    let addr = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_with_shutdown(std::future::pending()));
    let c = client();
    let (_, html) = get(&c, &format!("{addr}/login")).await;
    assert!(
        !html.contains("thidua-demo"),
        "no demo accounts outside demo mode"
    );
    let t = csrf_of(&html);
    let r = c
        .post(format!("{addr}/login"))
        .form(&[
            ("username", "quantri"),
            ("password", "mat-khau-dau-tien"),
            ("csrf_token", t.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let me: serde_json::Value = c
        .get(format!("{addr}/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"][0]["role"], "admin");
    assert_eq!(me["roles"][0]["unit_code"], "SNNMT");
    // seed-demo refuses a database that has data, and changes nothing
    let (ok, out) = thidua(&db, &["seed-demo"], None);
    assert!(ok && out.contains("nothing changed"), "{out}");
    let units: i64 = sqlx::query_scalar("SELECT count(*) FROM units")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(units, 1);
    pool.close().await;
    let admin = sqlx::PgPool::connect(&base_url()).await.unwrap();
    sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
        .execute(&admin)
        .await
        .unwrap();
}

/// Issue 9: when nothing answers at DATABASE_URL, the command says in one line what to do.
#[tokio::test]
async fn an_unreachable_database_is_explained_in_one_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .arg("migrate")
        .env("DATABASE_URL", "postgres://127.0.0.1:1/thidua")
        .env("THIDUA_LOG", "off")
        .output()
        .expect("run thidua");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].contains("nothing answers at DATABASE_URL=postgres://127.0.0.1:1/thidua"),
        "{err}"
    );
    assert!(
        lines[0].contains("pg_ctlcluster") || lines[0].contains("apt-get install postgresql"),
        "{err}"
    );
    assert!(lines[0].contains("or set DATABASE_URL"), "{err}");
}
