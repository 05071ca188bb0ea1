//! Every page that reads numbers from its address is bounded (issue 28, 3): each GET route, tried by
//! the Office and by an administrator with huge, negative and non-numeric values in every query
//! parameter a list takes, answers without a server error (`/registry?page=9223372036854775807`
//! answered 500: the offset overflowed).

use crate::common::*;

/// The query parameters the lists read.
const PARAMS: [&str; 14] = [
    "page", "per_page", "year", "unit", "unit_id", "campaign", "title", "status", "q", "from",
    "to", "kind", "reached", "level",
];

#[tokio::test]
async fn no_list_answers_a_server_error_to_a_number_out_of_range() {
    let app = spawn_app().await;
    let clients = [
        signed_in(&app, "vanphong").await,
        signed_in(&app, "admin").await,
    ];
    // the routes with an id, tried with the demo's first of each
    let ids = [
        ("{id}", "1"),
        ("{unit_id}", "1"),
        ("{line_id}", "1"),
        ("{doc_id}", "1"),
        ("{code}", "ABCD2345"),
        ("{file}", "app.css"),
        ("{token}", "x"),
    ];
    let mut tried = 0;
    let mut failures = Vec::new();
    for (method, pattern) in thidua::routes::ROUTES {
        if *method != "get" || pattern.starts_with("/api/openapi") {
            continue;
        }
        let mut path = pattern.to_string();
        for (k, v) in ids {
            path = path.replace(k, v);
        }
        if path.contains('{') {
            continue;
        }
        // one parameter at a time (several at once would stop at the first one refused)
        let client = &clients[usize::from(path.starts_with("/admin"))];
        for p in PARAMS {
            for value in ["9223372036854775807", "-9223372036854775808", "-1", "x%00y"] {
                let url = app.url(&format!("{path}?{p}={value}"));
                let r = client.get(&url).send().await.unwrap();
                tried += 1;
                if r.status().is_server_error() {
                    failures.push(format!("{} {path}?{p}={value}", r.status()));
                }
            }
        }
    }
    assert!(tried > 300, "{tried} requests");
    assert!(failures.is_empty(), "{failures:#?}");
    app.cleanup().await;
}
