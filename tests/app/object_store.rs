//! The dossiers' files in an S3-compatible object store (`THIDUA_S3_*`), against a real local S3
//! server (moto's server mode, installed by scripts/test-setup.sh from Python's registry): a signed
//! scan goes to the bucket, not to PostgreSQL; two app servers serve it; bytes changed behind the
//! app's back are refused by their checksum; objects no document refers to are swept.

use crate::common::*;
use object_store::ObjectStore;
use reqwest::StatusCode;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thidua::config::S3Settings;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// A moto S3 server on a free port, stopped when dropped.
struct S3Server {
    child: Child,
    url: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn s3_server() -> S3Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server is missing: run scripts/test-setup.sh (pip install 'moto[server]')");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while reqwest::get(&url).await.is_err() {
        assert!(Instant::now() < deadline, "moto_server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    S3Server { child, url }
}

fn settings(url: &str) -> S3Settings {
    S3Settings {
        endpoint: Some(url.to_string()),
        bucket: "thidua-dossiers".into(),
        region: "us-east-1".into(),
        access_key_id: "testing".into(),
        secret_access_key: "testing".into(),
        allow_http: true,
    }
}

#[tokio::test]
async fn signed_minutes_live_in_the_bucket_and_every_server_serves_them() {
    let s3 = s3_server().await;
    // the bucket exists before the app uses it, as in production
    let r = reqwest::Client::new()
        .put(format!("{}/thidua-dossiers", s3.url))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "create bucket: {}", r.status());
    let cfg = settings(&s3.url);
    let mut app = spawn_app_with(|s| s.object_store = Some(cfg.clone())).await;
    let unit = unit_id(&app, "QLDD").await;
    sqlx::query(
        "INSERT INTO unit_reviews (campaign_id, unit_id, held_on) SELECT min(id), $1, DATE '2026-11-20' FROM campaigns",
    )
    .bind(unit)
    .execute(&app.db)
    .await
    .unwrap();
    let head = signed_in(&app, "truongphong").await;
    let t = token(&app, &head).await;
    let form = reqwest::multipart::Form::new().text("csrf_token", t).part(
        "file",
        reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("bien-ban.pdf"),
    );
    let r = head
        .post(app.url(&format!("/campaigns/1/reviews/{unit}/minutes")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (id, key): (i64, String) = sqlx::query_as(
        "SELECT id, storage_key FROM documents WHERE storage = 's3' AND review_id IS NOT NULL",
    )
    .fetch_one(&app.db)
    .await
    .expect("a document in the object store");
    assert!(key.starts_with("documents/"), "{key}");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM document_blobs WHERE document_id = {id}"
        ))
        .await,
        0,
        "no bytes in PostgreSQL"
    );
    // the object is in the bucket, read with a client of our own
    let store = object_store::aws::AmazonS3Builder::new()
        .with_endpoint(&s3.url)
        .with_bucket_name("thidua-dossiers")
        .with_region("us-east-1")
        .with_access_key_id("testing")
        .with_secret_access_key("testing")
        .with_allow_http(true)
        .build()
        .unwrap();
    let path = object_store::path::Path::from(key.as_str());
    let stored = store.get(&path).await.unwrap().bytes().await.unwrap();
    assert_eq!(stored.as_ref(), PDF);
    // both servers serve it
    let office = signed_in(&app, "vanphong").await;
    let r = office
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    let second = app.second_instance().await;
    let r = office
        .get(format!("{second}/documents/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the second server reads the bucket"
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    // bytes changed behind the app's back do not match their checksum: refused
    store
        .put(&path, b"%PDF-1.4 forged".to_vec().into())
        .await
        .unwrap();
    let r = office
        .get(app.url(&format!("/documents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    // an object no document refers to (an upload rolled back, a line deleted) is swept; the
    // document's object stays; nothing younger than the age given is touched
    let orphan = object_store::path::Path::from("documents/0123456789abcdef/orphan");
    store.put(&orphan, PDF.to_vec().into()).await.unwrap();
    let files = &app.states[0].files;
    assert_eq!(
        files
            .sweep(&app.db, chrono::Duration::hours(1))
            .await
            .unwrap(),
        0,
        "too young"
    );
    assert_eq!(
        files
            .sweep(&app.db, chrono::Duration::zero())
            .await
            .unwrap(),
        1
    );
    assert!(store.head(&orphan).await.is_err(), "the orphan is gone");
    assert!(
        store.head(&path).await.is_ok(),
        "the document's object stays"
    );
    app.cleanup().await;
}
