//! The database going away and coming back: requests fail fast with a 503 page while it is down, and
//! the server recovers by itself. The outage is made real with a TCP proxy between the server and
//! PostgreSQL that is cut and restored.

use crate::common::*;
use reqwest::StatusCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

struct Proxy {
    port: u16,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    async fn start(port: u16) -> Proxy {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind proxy");
        let port = listener.local_addr().unwrap().port();
        let tasks: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let t2 = tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let h = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect("127.0.0.1:5432").await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                t2.lock().unwrap().push(h);
            }
        });
        tasks.lock().unwrap().push(accept);
        Proxy { port, tasks }
    }

    /// Cuts every connection and stops listening: the database is "down".
    fn cut(&self) {
        for t in self.tasks.lock().unwrap().drain(..) {
            t.abort();
        }
    }
}

#[tokio::test]
async fn database_outage_gives_503_fast_and_recovers_without_restart() {
    let mut app = spawn_app().await;
    let proxy = Proxy::start(0).await;
    let mut settings = app.settings.clone();
    settings.database_url = format!("postgres://127.0.0.1:{}/{}", proxy.port, app.db_name);
    let pool = thidua::startup::connect(&settings)
        .await
        .expect("connect through proxy");
    let proxied = app.start_server(settings, pool).await;

    let c = signed_in(&app, "vanphong").await;
    let (s, _) = get(&c, &format!("{proxied}/people")).await;
    assert_eq!(s, StatusCode::OK);

    proxy.cut();
    tokio::time::sleep(Duration::from_millis(200)).await;
    for path in ["/people", "/", "/readyz"] {
        let started = Instant::now();
        let r = c.get(format!("{proxied}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{path} took {:?}",
            started.elapsed()
        );
        if path != "/readyz" {
            let html = r.text().await.unwrap();
            assert!(
                html.contains("Cơ sở dữ liệu tạm thời không phản hồi"),
                "{html}"
            );
        }
    }
    // liveness does not touch the database
    assert_eq!(
        c.get(format!("{proxied}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    let _back = Proxy::start(proxy.port).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (s, html) = get(&c, &format!("{proxied}/people")).await;
        if s == StatusCode::OK {
            assert!(html.contains("Nguyễn Văn An"));
            break;
        }
        assert!(Instant::now() < deadline, "did not recover: {s}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.cleanup().await;
}
