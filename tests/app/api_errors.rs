//! Issue 9, "API errors are JSON": every documented response of every operation of the OpenAPI
//! document is provoked here, and its body checked against the schema the document gives it (and
//! its content type against the one it declares). A response documented without a case here, or a
//! case for an undocumented one, fails the test. Undocumented paths and methods under /api/ answer
//! the same error object.

use crate::common::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

/// Checks `v` against the (small) JSON-schema vocabulary the document uses.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str) -> Result<(), String> {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = resolve(doc, r);
        return check(doc, target, v, at);
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {v} is not {types:?}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            return Err(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let (Some(obj), Some(props)) = (
        v.as_object(),
        schema.get("properties").and_then(Value::as_object),
    ) {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !obj.contains_key(req) {
                return Err(format!("{at}: missing {req}"));
            }
        }
        for (k, val) in obj {
            match props.get(k) {
                Some(s) => check(doc, s, val, &format!("{at}.{k}"))?,
                None => return Err(format!("{at}: undocumented field {k}")),
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check(doc, items, x, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

fn resolve<'a>(doc: &'a Value, r: &str) -> &'a Value {
    let mut v = doc;
    for part in r.trim_start_matches("#/").split('/') {
        v = &v[part];
    }
    assert!(!v.is_null(), "dangling $ref {r}");
    v
}

/// Sends `url` with `c` and checks the answer against the document's response `code` of
/// `(path, "get")`.
async fn conforms(doc: &Value, c: &Client, url: &str, path: &str, code: u16) {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), code, "GET {url}");
    let mut response = &doc["paths"][path]["get"]["responses"][code.to_string()];
    if let Some(rf) = response.get("$ref").and_then(Value::as_str) {
        response = resolve(doc, rf);
    }
    let content = response["content"]
        .as_object()
        .unwrap_or_else(|| panic!("{path} {code}: no content"));
    let (ctype, media) = content.iter().next().unwrap();
    let got = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        got.starts_with(ctype.as_str()),
        "GET {url}: content type {got}, documented {ctype}"
    );
    let body: Value = r
        .json()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: not JSON ({e})"));
    if let Some(schema) = media.get("schema") {
        if let Err(e) = check(doc, schema, &body, "body") {
            panic!("GET {url} ({code}) does not match the document: {e}\n{body}");
        }
    }
}

/// What the app logs during this test (its thread's tracing subscriber writes here).
static LOG: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

struct Capture;
impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn every_documented_response_has_the_documented_shape() {
    // this test's own subscriber, for this thread, where the test's servers run (the runtime of a
    // #[tokio::test] is this one thread); the other tests of the binary log elsewhere
    let _log = tracing::subscriber::set_default(
        tracing_subscriber::fmt()
            .with_writer(|| Capture)
            .with_ansi(false)
            .with_env_filter("info")
            .finish(),
    );
    let mut app = spawn_app().await;
    let anon = client();
    let doc: Value = anon
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let documented: BTreeSet<(String, u16)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(p, ops)| {
            ops["get"]["responses"]
                .as_object()
                .unwrap()
                .keys()
                .map(|c| (p.clone(), c.parse::<u16>().unwrap()))
                .collect::<Vec<_>>()
        })
        .collect();

    // the actors
    let office = signed_in(&app, "vanphong").await;
    let staff = signed_in(&app, "canbo").await;
    let reset = signed_in(&app, "phogiamdoc").await;
    sqlx::query("UPDATE users SET must_change_password = true WHERE username = 'phogiamdoc'")
        .execute(&app.db)
        .await
        .unwrap();
    // a server whose database is away (503), and one whose database has no tables (500): a
    // session cookie makes them ask it
    let dead = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(std::time::Duration::from_millis(500))
        .connect_lazy("postgres://127.0.0.1:1/nothing_here")
        .unwrap();
    let dead_addr = app.start_server(app.settings.clone(), dead).await;
    let empty_name = format!("{}_empty", app.db_name);
    let empty_url = db_url(&empty_name);
    thidua::startup::ensure_database(&empty_url).await.unwrap();
    let empty = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(&empty_url)
        .await
        .unwrap();
    let empty_addr = app.start_server(app.settings.clone(), empty.clone()).await;
    let with_cookie = {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        for addr in [&dead_addr, &empty_addr] {
            jar.add_cookie_str(
                &format!("thidua_session={}", "ab".repeat(32)),
                &addr.parse::<reqwest::Url>().unwrap(),
            );
        }
        Client::builder()
            .cookie_provider(jar)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    };

    let campaign = app
        .scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    let other = app
        .scalar_i64(
            "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'TTRA' LIMIT 1",
        )
        .await;
    let a = |p: &str| app.url(p);
    let mut more: Vec<(&str, u16, &Client, String)> = Vec::new();
    for (op, path) in [
        ("/api/v1/campaigns/{id}/proposals", "proposals"),
        ("/api/v1/campaigns/{id}/exemplars", "exemplars"),
    ] {
        more.extend([
            (
                op,
                200,
                &office,
                a(&format!("/api/v1/campaigns/{campaign}/{path}")),
            ),
            (
                op,
                400,
                &office,
                a(&format!("/api/v1/campaigns/abc/{path}")),
            ),
            (
                op,
                401,
                &anon,
                a(&format!("/api/v1/campaigns/{campaign}/{path}")),
            ),
            (
                op,
                403,
                &reset,
                a(&format!("/api/v1/campaigns/{campaign}/{path}")),
            ),
            (
                op,
                404,
                &office,
                a(&format!("/api/v1/campaigns/987654/{path}")),
            ),
            (
                op,
                500,
                &with_cookie,
                format!("{empty_addr}/api/v1/campaigns/{campaign}/{path}"),
            ),
            (
                op,
                503,
                &with_cookie,
                format!("{dead_addr}/api/v1/campaigns/{campaign}/{path}"),
            ),
        ]);
    }
    let mut cases: Vec<(&str, u16, &Client, String)> = vec![
        ("/api/v1/me", 200, &staff, a("/api/v1/me")),
        ("/api/v1/me", 401, &anon, a("/api/v1/me")),
        ("/api/v1/me", 403, &reset, a("/api/v1/me")),
        (
            "/api/v1/me",
            500,
            &with_cookie,
            format!("{empty_addr}/api/v1/me"),
        ),
        (
            "/api/v1/me",
            503,
            &with_cookie,
            format!("{dead_addr}/api/v1/me"),
        ),
        ("/api/v1/campaigns", 200, &staff, a("/api/v1/campaigns")),
        ("/api/v1/campaigns", 401, &anon, a("/api/v1/campaigns")),
        ("/api/v1/campaigns", 403, &reset, a("/api/v1/campaigns")),
        (
            "/api/v1/campaigns",
            500,
            &with_cookie,
            format!("{empty_addr}/api/v1/campaigns"),
        ),
        (
            "/api/v1/campaigns",
            503,
            &with_cookie,
            format!("{dead_addr}/api/v1/campaigns"),
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            200,
            &office,
            a(&format!("/api/v1/campaigns/{campaign}/coverage")),
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            400,
            &office,
            a("/api/v1/campaigns/abc/coverage"),
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            401,
            &anon,
            a(&format!("/api/v1/campaigns/{campaign}/coverage")),
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            403,
            &staff,
            a(&format!("/api/v1/campaigns/{campaign}/coverage")),
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            404,
            &office,
            a("/api/v1/campaigns/987654/coverage"),
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            500,
            &with_cookie,
            format!("{empty_addr}/api/v1/campaigns/{campaign}/coverage"),
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            503,
            &with_cookie,
            format!("{dead_addr}/api/v1/campaigns/{campaign}/coverage"),
        ),
        (
            "/api/v1/eligibility",
            200,
            &staff,
            a(&format!(
                "/api/v1/eligibility?campaign={campaign}&person={me}"
            )),
        ),
        (
            "/api/v1/eligibility",
            400,
            &staff,
            a("/api/v1/eligibility?campaign=abc&person=1"),
        ),
        (
            "/api/v1/eligibility",
            400,
            &staff,
            a(&format!(
                "/api/v1/eligibility?campaign={campaign}&campaign={campaign}&person={me}"
            )),
        ),
        (
            "/api/v1/eligibility",
            400,
            &staff,
            a(&format!("/api/v1/eligibility?campaign={campaign}")),
        ),
        (
            "/api/v1/eligibility",
            401,
            &anon,
            a(&format!(
                "/api/v1/eligibility?campaign={campaign}&person={me}"
            )),
        ),
        (
            "/api/v1/eligibility",
            403,
            &staff,
            a(&format!(
                "/api/v1/eligibility?campaign={campaign}&person={other}"
            )),
        ),
        (
            "/api/v1/eligibility",
            404,
            &staff,
            a(&format!("/api/v1/eligibility?campaign=987654&person={me}")),
        ),
        (
            "/api/v1/eligibility",
            500,
            &with_cookie,
            format!("{empty_addr}/api/v1/eligibility?campaign={campaign}&person={me}"),
        ),
        (
            "/api/v1/eligibility",
            503,
            &with_cookie,
            format!("{dead_addr}/api/v1/eligibility?campaign={campaign}&person={me}"),
        ),
        ("/api/openapi.json", 200, &anon, a("/api/openapi.json")),
        ("/api/v1/awards", 200, &office, a("/api/v1/awards")),
        ("/api/v1/awards", 400, &office, a("/api/v1/awards?year=x")),
        ("/api/v1/awards", 401, &anon, a("/api/v1/awards")),
        ("/api/v1/awards", 403, &reset, a("/api/v1/awards")),
        (
            "/api/v1/awards",
            404,
            &office,
            a("/api/v1/awards?unit=NOSUCH"),
        ),
        (
            "/api/v1/awards",
            500,
            &with_cookie,
            format!("{empty_addr}/api/v1/awards"),
        ),
        (
            "/api/v1/awards",
            503,
            &with_cookie,
            format!("{dead_addr}/api/v1/awards"),
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            200,
            &office,
            a(&format!("/api/v1/campaigns/{campaign}/statistics")),
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            400,
            &office,
            a("/api/v1/campaigns/abc/statistics"),
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            401,
            &anon,
            a(&format!("/api/v1/campaigns/{campaign}/statistics")),
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            403,
            &staff,
            a(&format!("/api/v1/campaigns/{campaign}/statistics")),
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            404,
            &office,
            a("/api/v1/campaigns/987654/statistics"),
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            500,
            &with_cookie,
            format!("{empty_addr}/api/v1/campaigns/{campaign}/statistics"),
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            503,
            &with_cookie,
            format!("{dead_addr}/api/v1/campaigns/{campaign}/statistics"),
        ),
    ];
    cases.extend(more);
    let covered: BTreeSet<(String, u16)> = cases
        .iter()
        .map(|(p, c, _, _)| (p.to_string(), *c))
        .collect();
    assert_eq!(
        documented, covered,
        "every documented response has a case here, and every case is documented"
    );
    for (path, code, c, url) in &cases {
        conforms(&doc, c, url, path, *code).await;
    }
    // a repeated parameter is named
    let body: Value = staff
        .get(a(&format!(
            "/api/v1/eligibility?campaign={campaign}&campaign={campaign}&person={me}"
        )))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("«campaign» is given more than once")),
        "{body}"
    );
    // a server-side error gives a reference for the log, never the database's words
    let r = with_cookie
        .get(format!("{empty_addr}/api/v1/me"))
        .send()
        .await
        .unwrap();
    // the reference is the request's id (issue 29, 11): every log line of the request names it
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 8, "{id}");
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["reference"].as_str(),
        Some(format!("E-{id}").as_str()),
        "{body}"
    );
    // and the log line of that error carries the request's id in its span
    let log = String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned();
    let span = format!("request{{id={id}");
    assert!(
        log.lines()
            .any(|l| l.contains(&span) && l.contains(&format!("reference=E-{id}"))),
        "{log}"
    );
    assert!(!body.to_string().contains("relation"), "{body}");
    // and the HTML pages of that server show the same kind of reference
    let r = with_cookie
        .get(format!("{empty_addr}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Mã tham chiếu") && html.contains("E-"),
        "{html}"
    );
    assert!(!html.contains("relation"), "{html}");
    // anything else under /api/ answers the same object
    let error = &doc["components"]["schemas"]["Error"];
    for (method, url, code) in [
        ("GET", a("/api/v1/nothing-here"), 404),
        ("POST", a("/api/v1/me"), 405),
    ] {
        let r = staff
            .request(method.parse().unwrap(), &url)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), code, "{method} {url}");
        let body: Value = r.json().await.unwrap();
        check(&doc, error, &body, "body").unwrap();
        assert_eq!(body["status"], code);
    }
    empty.close().await;
    app.cleanup().await;
    drop_database(&empty_name).await;
}
