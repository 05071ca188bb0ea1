//! LibreOffice behind a bounded queue (issue 28, 3): a draft decision's PDF is made by `soffice`
//! one at a time here (`pdf_workers` 1, no queue): a second request while one runs is told "busy,
//! try again" (503 with Retry-After) at once; a conversion past its time is killed with its whole
//! process group (a stand-in `soffice` that never finishes, and a child it started), and so is one
//! whose request went away.

use crate::common::*;
use reqwest::StatusCode;
use std::time::Duration;

/// A stand-in for `soffice` that starts a child and waits for it forever, writing the child's pid
/// where the test reads it.
fn stand_in(dir: &std::path::Path) -> String {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("soffice");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nsleep 300 &\necho $! >> {}/pids\nwait\n",
            dir.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script.display().to_string()
}

/// The process runs (a zombie left for its new parent to reap does not).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
        .ok()
        .and_then(|s| s.rsplit(')').next().map(|r| r.trim_start().to_string()))
        .is_some_and(|state| !state.starts_with('Z'))
}

fn pids(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("pids"))
        .unwrap_or_default()
        .lines()
        .map(String::from)
        .collect()
}

#[tokio::test]
async fn pdfs_wait_in_a_bounded_queue_and_a_stuck_one_is_killed_whole() {
    let dir = std::env::temp_dir().join(format!("thidua-office-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = stand_in(&dir);
    let app = spawn_app_with(|s| {
        s.soffice = program.clone();
        s.pdf_workers = 1;
        s.pdf_queue = 0;
        s.pdf_timeout = Duration::from_secs(3);
    })
    .await;
    let office = signed_in(&app, "vanphong").await;
    let n = app.scalar_i64("SELECT id FROM notices").await;
    let r = post_form(&app, &office, &format!("/notices/{n}/decision"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d = app.scalar_i64("SELECT id FROM decisions").await;
    let url = app.url(&format!("/decisions/{d}.pdf"));

    // one conversion runs; a second is told at once to come back
    let first = {
        let (c, url) = (office.clone(), url.clone());
        tokio::spawn(async move { c.get(url).send().await.unwrap() })
    };
    tokio::time::sleep(Duration::from_millis(800)).await;
    let started = std::time::Instant::now();
    let second = office.get(&url).send().await.unwrap();
    assert_eq!(second.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(second.headers().contains_key("retry-after"));
    assert!(started.elapsed() < Duration::from_secs(2), "at once");
    assert!(
        second
            .text()
            .await
            .unwrap()
            .contains("Máy chủ đang bận tạo các bản PDF khác"),
        "says so"
    );
    // the first runs past its time: stopped, its child with it
    let first = first.await.unwrap();
    assert_eq!(first.status(), StatusCode::SERVICE_UNAVAILABLE);
    let started = pids(&dir);
    assert_eq!(started.len(), 1, "{started:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        !alive(&started[0]),
        "the child of the stuck soffice is gone"
    );

    // a request that goes away takes its conversion with it
    let quick = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_millis(700))
        .build()
        .unwrap();
    let _ = login_with(&app, &quick, "vanphong", "thidua-demo").await;
    let gone = quick.get(&url).send().await;
    assert!(gone.is_err(), "the client gave up");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let all = pids(&dir);
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(!alive(&all[1]), "killed when its request went away");
    // and the worker is free again: the next one runs (to its time), not refused at once
    let started = std::time::Instant::now();
    let r = office.get(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() >= Duration::from_millis(2500), "it ran");
    assert_eq!(pids(&dir).len(), 3);
    app.cleanup().await;
    let _ = std::fs::remove_dir_all(&dir);
}
