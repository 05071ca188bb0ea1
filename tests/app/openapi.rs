//! The OpenAPI document against the API's real answers: every operation is called, and each
//! answer (the data, and the errors it documents) is checked against the schema the document gives
//! for that status. The document is generated from the types, so this catches an answer built
//! some other way, and an operation added without a call here.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::BTreeSet;

/// Resolves a `$ref` inside the document.
fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.trim_start_matches('#');
            resolve(doc, doc.pointer(pointer).unwrap_or(&Value::Null))
        }
        None => v,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The problems of `value` against `schema` (the subset of JSON Schema the document uses: type,
/// enum, required, properties, items, oneOf/anyOf/allOf, $ref, format date). Every property of an
/// object must be described: an answer never carries what the document does not say.
fn check(doc: &Value, schema: &Value, value: &Value, at: &str, out: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    for (key, all) in [("allOf", true), ("oneOf", false), ("anyOf", false)] {
        if let Some(list) = schema.get(key).and_then(Value::as_array) {
            let fits = list.iter().filter(|s| {
                let mut p = Vec::new();
                check(doc, s, value, at, &mut p);
                p.is_empty()
            });
            let n = fits.count();
            if (all && n != list.len()) || (!all && n == 0) {
                out.push(format!("{at}: {value} fits no {key} branch"));
            }
            return;
        }
    }
    let actual = type_name(value);
    if let Some(t) = schema.get("type") {
        let allowed: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = allowed
            .iter()
            .any(|a| *a == actual || (*a == "number" && actual == "integer"));
        if !ok {
            out.push(format!("{at}: {actual} where the schema says {t}"));
            return;
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && !values.contains(value)
    {
        out.push(format!("{at}: {value} is not one of {values:?}"));
    }
    if schema.get("format").and_then(Value::as_str) == Some("date")
        && let Some(s) = value.as_str()
        && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_err()
    {
        out.push(format!("{at}: {s:?} is not a date"));
    }
    match value {
        Value::Object(map) => {
            let props = schema.get("properties").and_then(Value::as_object);
            for r in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !map.contains_key(r) {
                    out.push(format!("{at}: required {r:?} is missing"));
                }
            }
            for (k, v) in map {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => check(doc, s, v, &format!("{at}.{k}"), out),
                    None => out.push(format!("{at}: {k:?} is not in the schema")),
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items") {
                for (i, v) in items.iter().enumerate() {
                    check(doc, s, v, &format!("{at}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// The schema the document gives for `status` of GET `path`, and the problems of `body` against it.
fn problems(doc: &Value, path: &str, status: StatusCode, body: &Value) -> Vec<String> {
    let op = &doc["paths"][path]["get"];
    let answer = resolve(doc, &op["responses"][status.as_str()]);
    let schema = &answer["content"]["application/json"]["schema"];
    if schema.is_null() {
        return vec![format!("GET {path} does not document a {status} answer")];
    }
    let mut out = Vec::new();
    check(doc, schema, body, path, &mut out);
    out
}

#[tokio::test]
async fn every_operation_answers_as_its_schema_says() {
    let app = spawn_app().await;
    let doc: Value = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let campaign = app
        .scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    let unit = unit_id(&app, "QLDD").await;
    let office = signed_in(&app, "vanphong").await;
    let head = signed_in(&app, "truongphong").await;
    let admin = signed_in(&app, "admin").await;
    let anon = client();
    // (path in the document, URL, who asks, the status expected)
    let calls: Vec<(&str, String, &reqwest::Client, StatusCode)> = vec![
        ("/api/v1/me", "/api/v1/me".into(), &head, StatusCode::OK),
        ("/api/v1/me", "/api/v1/me".into(), &admin, StatusCode::OK),
        (
            "/api/v1/me",
            "/api/v1/me".into(),
            &anon,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "/api/v1/campaigns",
            "/api/v1/campaigns".into(),
            &office,
            StatusCode::OK,
        ),
        (
            "/api/v1/campaigns",
            "/api/v1/campaigns".into(),
            &anon,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            format!("/api/v1/campaigns/{campaign}/coverage"),
            &office,
            StatusCode::OK,
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            "/api/v1/campaigns/x/coverage".into(),
            &office,
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            "/api/v1/campaigns/999999/coverage".into(),
            &office,
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/campaigns/{id}/coverage",
            format!("/api/v1/campaigns/{campaign}/coverage"),
            &admin,
            StatusCode::FORBIDDEN,
        ),
        (
            "/api/v1/eligibility",
            format!("/api/v1/eligibility?campaign={campaign}&person={me}&lang=en"),
            &head,
            StatusCode::OK,
        ),
        (
            "/api/v1/eligibility",
            format!("/api/v1/eligibility?campaign={campaign}&unit={unit}"),
            &office,
            StatusCode::OK,
        ),
        (
            "/api/v1/eligibility",
            format!("/api/v1/eligibility?campaign={campaign}"),
            &office,
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/campaigns/{id}/proposals",
            format!("/api/v1/campaigns/{campaign}/proposals"),
            &office,
            StatusCode::OK,
        ),
        (
            "/api/v1/campaigns/{id}/proposals",
            "/api/v1/campaigns/999999/proposals".into(),
            &office,
            StatusCode::NOT_FOUND,
        ),
        (
            "/api/v1/campaigns/{id}/exemplars",
            format!("/api/v1/campaigns/{campaign}/exemplars"),
            &office,
            StatusCode::OK,
        ),
        (
            "/api/v1/campaigns/{id}/exemplars",
            "/api/v1/campaigns/x/exemplars".into(),
            &office,
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/awards",
            "/api/v1/awards".into(),
            &office,
            StatusCode::OK,
        ),
        (
            "/api/v1/awards",
            "/api/v1/awards?year=x".into(),
            &office,
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            format!("/api/v1/campaigns/{campaign}/statistics"),
            &office,
            StatusCode::OK,
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            "/api/v1/campaigns/x/statistics".into(),
            &office,
            StatusCode::BAD_REQUEST,
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            format!("/api/v1/campaigns/{campaign}/statistics"),
            &admin,
            StatusCode::FORBIDDEN,
        ),
        (
            "/api/v1/campaigns/{id}/statistics",
            "/api/v1/campaigns/999999/statistics".into(),
            &office,
            StatusCode::NOT_FOUND,
        ),
    ];
    let mut called = BTreeSet::new();
    for (path, url, who, want) in &calls {
        let r = who.get(app.url(url)).send().await.unwrap();
        assert_eq!(r.status(), *want, "GET {url}");
        let body: Value = r.json().await.unwrap();
        let p = problems(&doc, path, *want, &body);
        assert!(p.is_empty(), "GET {url} ({want}): {p:#?}\n{body:#}");
        called.insert(path.to_string());
        if *want == StatusCode::OK && body.is_array() {
            assert!(
                !body.as_array().unwrap().is_empty(),
                "{url}: an empty list checks nothing"
            );
        }
    }
    // every operation of the document was called (but the document itself)
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .filter(|p| p.starts_with("/api/v1/"))
        .cloned()
        .collect();
    assert_eq!(called, documented, "an operation without a call here");
    app.cleanup().await;
}

/// The checker finds what is wrong: a missing field, a wrong type, a value outside its list, a
/// field the schema does not know, a bad date.
#[tokio::test]
async fn the_checker_catches_an_answer_that_drifts() {
    let app = spawn_app().await;
    let doc: Value = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let office = signed_in(&app, "vanphong").await;
    let good: Value = office
        .get(app.url("/api/v1/campaigns"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(problems(&doc, "/api/v1/campaigns", StatusCode::OK, &good).is_empty());
    let drift = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v[0]);
        problems(&doc, "/api/v1/campaigns", StatusCode::OK, &v)
    };
    type Change<'a> = &'a dyn Fn(&mut Value);
    let cases: [(&str, Change); 5] = [
        ("missing", &|c| {
            c.as_object_mut().unwrap().remove("title");
        }),
        ("where the schema says", &|c| c["year"] = "2022".into()),
        ("is not one of", &|c| c["status"] = "archived".into()),
        ("is not in the schema", &|c| c["secret"] = 1.into()),
        ("is not a date", &|c| {
            c["timeline"]["decision_date"] = "31/12/2022".into()
        }),
    ];
    for (want, f) in cases {
        let p = drift(f);
        assert!(p.iter().any(|x| x.contains(want)), "{want}: {p:?}");
    }
    app.cleanup().await;
}
