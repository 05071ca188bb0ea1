//! Prometheus metrics on their own address (`THIDUA_METRICS_BIND`): requests counted per route
//! template, never per path; the histogram agreeing with the counter; the pool, the caches and the
//! queues read at scrape time; and `/metrics` not served on the application's address.

use crate::common::*;

use reqwest::StatusCode;
use std::collections::{BTreeMap, BTreeSet};

/// One sample line: its name, labels and value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// The text exposition format read strictly: every sample belongs to a family declared by a TYPE
/// line before it, label values are quoted with their escapes undone, values are numbers.
fn parse(text: &str) -> Vec<Sample> {
    let mut declared: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').expect("TYPE name kind");
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            assert!(!declared.iter().any(|d| d == name), "{name} declared twice");
            declared.push(name.to_string());
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        assert!(
            !line.is_empty() && !line.starts_with('#'),
            "stray line {line:?}"
        );
        let end = line.find(['{', ' ']).expect("a name");
        let name = &line[..end];
        let mut labels = BTreeMap::new();
        let mut rest = &line[end..];
        if let Some(inner) = rest.strip_prefix('{') {
            let mut chars = inner.char_indices().peekable();
            loop {
                let (i, _) = *chars.peek().expect("a label or }");
                if inner[i..].starts_with('}') {
                    rest = &inner[i + 1..];
                    break;
                }
                let eq = inner[i..].find("=\"").expect("label=\"") + i;
                let key = inner[i..eq].to_string();
                while chars.peek().is_some_and(|(j, _)| *j <= eq + 1) {
                    chars.next();
                }
                let mut value = String::new();
                loop {
                    match chars.next().expect("a closing quote") {
                        (_, '\\') => match chars.next().expect("an escape").1 {
                            'n' => value.push('\n'),
                            c @ ('\\' | '"') => value.push(c),
                            c => panic!("bad escape \\{c} in {line}"),
                        },
                        (_, '"') => break,
                        (_, c) => value.push(c),
                    }
                }
                labels.insert(key, value);
                if chars.peek().is_some_and(|(_, c)| *c == ',') {
                    chars.next();
                }
            }
        }
        let value: f64 = rest
            .strip_prefix(' ')
            .expect("a space before the value")
            .parse()
            .unwrap_or_else(|_| panic!("a number in {line}"));
        let family = declared
            .iter()
            .rfind(|d| name == *d || name.starts_with(&format!("{d}_")))
            .unwrap_or_else(|| panic!("{name} before its TYPE line"));
        assert_eq!(
            declared.last(),
            Some(family),
            "{name} is not next to its family"
        );
        out.push(Sample {
            name: name.to_string(),
            labels,
            value,
        });
    }
    out
}

/// The value of the one sample `name` with these labels (exactly these).
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let want: BTreeMap<String, String> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let found: Vec<f64> = samples
        .iter()
        .filter(|s| s.name == name && s.labels == want)
        .map(|s| s.value)
        .collect();
    assert!(found.len() <= 1, "{name} {labels:?} twice");
    found.first().copied()
}

async fn scrape(url: &str) -> Vec<Sample> {
    let r = reqwest::get(url).await.expect("scrape");
    assert_eq!(r.status(), StatusCode::OK);
    let ctype = r.headers()["content-type"].to_str().unwrap().to_string();
    assert!(
        ctype.starts_with("text/plain; version=0.0.4"),
        "content type {ctype}"
    );
    parse(&r.text().await.unwrap())
}

/// Requests counted in `thidua_http_requests_total` for a method and route, over every status.
fn requests(samples: &[Sample], method: &str, route: &str) -> f64 {
    samples
        .iter()
        .filter(|s| {
            s.name == "thidua_http_requests_total"
                && s.labels["method"] == method
                && s.labels["route"] == route
        })
        .map(|s| s.value)
        .sum()
}

/// Every histogram series: buckets rising to `+Inf`, which equals `_count`, which equals the
/// requests counted for that method and route.
fn check_histograms(samples: &[Sample]) -> usize {
    let mut series: BTreeMap<(String, String), Vec<(f64, f64)>> = BTreeMap::new();
    for s in samples
        .iter()
        .filter(|s| s.name == "thidua_http_request_duration_seconds_bucket")
    {
        let le = match s.labels["le"].as_str() {
            "+Inf" => f64::INFINITY,
            le => le.parse().expect("a bound"),
        };
        let key = (s.labels["method"].clone(), s.labels["route"].clone());
        series.entry(key).or_default().push((le, s.value));
    }
    for ((method, route), buckets) in &series {
        let labels = [("method", method.as_str()), ("route", route.as_str())];
        assert_eq!(buckets.len(), 12, "{method} {route}: 11 bounds and +Inf");
        assert!(
            buckets
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
            "{method} {route}: bounds in order, counts cumulated: {buckets:?}"
        );
        let count = value(
            samples,
            "thidua_http_request_duration_seconds_count",
            &labels,
        )
        .expect("a _count");
        assert_eq!(buckets.last().unwrap(), &(f64::INFINITY, count));
        assert_eq!(count, requests(samples, method, route), "{method} {route}");
        let sum =
            value(samples, "thidua_http_request_duration_seconds_sum", &labels).expect("a _sum");
        assert!(
            sum > 0.0 && sum < count * 30.0,
            "{method} {route}: sum {sum}"
        );
    }
    series.len()
}

fn cache(samples: &[Sample], name: &str) -> (f64, f64) {
    let get = |metric| value(samples, metric, &[("cache", name)]).expect(name);
    (
        get("thidua_cache_hits_total"),
        get("thidua_cache_misses_total"),
    )
}

/// Every route template the application has (`routes.rs`: the session's routes, the uploads,
/// and those outside the session layer).
fn templates() -> BTreeSet<&'static str> {
    thidua::routes::ROUTES
        .iter()
        .map(|(_, path)| *path)
        .chain(["/healthz", "/readyz", "/static/{file}"])
        .collect()
}

const CACHES: [&str; 19] = [
    "sessions",
    "directory",
    "campaigns",
    "campaign_titles",
    "account_figures",
    "home",
    "tasks",
    "registration_forms",
    "colleagues",
    "coverage",
    "eligibility",
    "proposal_lines",
    "reviews",
    "review_parts",
    "review_counts",
    "progress",
    "pipelines",
    "journeys",
    "trend_rows",
];

#[tokio::test]
async fn metrics_count_route_templates_on_their_own_address() {
    let app = spawn_app_with(|s| s.metrics_bind = Some("127.0.0.1:0".parse().unwrap())).await;
    app.settle().await;
    let state = &app.states[0];
    let address = state.metrics.address().expect("the metrics listener bound");
    assert_ne!(address.to_string(), app.addr.trim_start_matches("http://"));
    let metrics_url = format!("http://{address}/metrics");

    // a page with an id in its path, three times
    let office = signed_in(&app, "vanphong").await;
    let id = app.scalar_i64("SELECT min(id) FROM campaigns").await;
    let page = app.url(&format!("/campaigns/{id}"));
    for _ in 0..3 {
        assert_eq!(get(&office, &page).await.0, StatusCode::OK);
    }
    // /metrics is not on the application's address, signed in or not
    assert_eq!(
        get(&office, &app.url("/metrics")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&client(), &app.url("/metrics")).await.0,
        StatusCode::NOT_FOUND
    );
    // and the metrics listener answers nothing else
    let (status, _) = get(&client(), &format!("http://{address}/")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let s = scrape(&metrics_url).await;
    let ok = |method, route| {
        let labels = [("method", method), ("route", route), ("status", "200")];
        value(&s, "thidua_http_requests_total", &labels)
    };
    assert_eq!(ok("GET", "/campaigns/{id}"), Some(3.0), "the template");
    assert_eq!(requests(&s, "GET", "/campaigns/{id}"), 3.0);
    assert_eq!(ok("GET", "/login"), Some(1.0), "the sign-in form");
    let signed = [("method", "POST"), ("route", "/login"), ("status", "303")];
    assert_eq!(value(&s, "thidua_http_requests_total", &signed), Some(1.0));
    let unmatched = [("method", "GET"), ("route", "unmatched"), ("status", "404")];
    assert_eq!(
        value(&s, "thidua_http_requests_total", &unmatched),
        Some(2.0),
        "the two requests for /metrics on the application's address"
    );
    // labels are route templates, never paths
    let known = templates();
    for sample in s.iter().filter(|x| x.labels.contains_key("route")) {
        let route = sample.labels["route"].as_str();
        assert!(
            route == "unmatched" || known.contains(route),
            "route label {route:?} is not a template"
        );
    }
    assert!(
        s.iter()
            .all(|x| x.labels.get("route") != Some(&format!("/campaigns/{id}")))
    );
    assert_eq!(
        check_histograms(&s),
        4,
        "GET and POST /login, the page, unmatched"
    );

    // the pool, read at scrape time
    let max = value(&s, "thidua_db_pool_max_connections", &[]);
    assert_eq!(max, Some(f64::from(app.settings.db_max_connections)));
    let idle = value(&s, "thidua_db_pool_connections", &[("state", "idle")]).expect("idle");
    let busy = value(&s, "thidua_db_pool_connections", &[("state", "in_use")]).expect("in use");
    assert!(
        idle + busy >= 1.0 && idle + busy <= max.unwrap(),
        "{idle} + {busy}"
    );
    assert_eq!(value(&s, "thidua_db_up", &[]), Some(1.0));
    assert_eq!(value(&s, "thidua_cache_notifications_up", &[]), Some(1.0));
    let version = [("version", env!("CARGO_PKG_VERSION"))];
    assert_eq!(value(&s, "thidua_build_info", &version), Some(1.0));
    let pdf = |state| value(&s, "thidua_pdf_conversions", &[("state", state)]);
    assert_eq!((pdf("running"), pdf("waiting")), (Some(0.0), Some(0.0)));

    // every cache, once each; the campaign was loaded once and then served from memory
    let names: BTreeSet<&str> = s
        .iter()
        .filter(|x| x.name == "thidua_cache_hits_total")
        .map(|x| x.labels["cache"].as_str())
        .collect();
    assert_eq!(names, CACHES.into_iter().collect());
    assert_eq!(cache(&s, "campaigns"), (2.0, 1.0));
    assert_eq!(get(&office, &page).await.0, StatusCode::OK);
    let again = scrape(&metrics_url).await;
    assert_eq!(
        cache(&again, "campaigns"),
        (3.0, 1.0),
        "one more hit, no load"
    );
    assert_eq!(requests(&again, "GET", "/campaigns/{id}"), 4.0);
    check_histograms(&again);
    // a scrape is not a request of the application's
    assert!(
        again
            .iter()
            .all(|x| x.labels.get("route").map(String::as_str) != Some("/metrics"))
    );

    app.cleanup().await;
}

#[tokio::test]
async fn the_queues_are_read_from_the_database_at_scrape_time() {
    let app = spawn_app_with(|s| s.metrics_bind = Some("127.0.0.1:0".parse().unwrap())).await;
    let address = app.states[0].metrics.address().unwrap();
    let metrics_url = format!("http://{address}/metrics");
    let admin = user_id(&app, "admin").await;
    for status in ["preview", "preview", "running", "failed"] {
        sqlx::query(
            "INSERT INTO import_jobs (kind, filename, created_by, status, total_rows, good_rows, rows)
             VALUES ('people', 'x.xlsx', $1, $2, 1, 1, '[]')",
        )
        .bind(admin)
        .bind(status)
        .execute(&app.db)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, link, args) VALUES ($1, 'x', '/', '[]')",
    )
    .bind(admin)
    .execute(&app.db)
    .await
    .unwrap();
    let s = scrape(&metrics_url).await;
    for state in ["preview", "running", "done", "failed", "cancelled"] {
        let sql = format!("SELECT count(*) FROM import_jobs WHERE status = '{state}'");
        let n = app.scalar_i64(&sql).await as f64;
        let got = value(&s, "thidua_import_jobs", &[("state", state)]);
        assert_eq!(got, Some(n), "{state}");
    }
    assert!(value(&s, "thidua_import_jobs", &[("state", "preview")]).unwrap() >= 2.0);
    let pending = app
        .scalar_i64("SELECT count(*) FROM notifications WHERE email_state IS NULL")
        .await;
    assert!(pending >= 1);
    assert_eq!(
        value(&s, "thidua_mail_outbox_pending", &[]),
        Some(pending as f64)
    );
    // one settled: one fewer
    sqlx::query(
        "UPDATE notifications SET email_state = 'sent'
         WHERE id = (SELECT max(id) FROM notifications WHERE email_state IS NULL)",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let s = scrape(&metrics_url).await;
    assert_eq!(
        value(&s, "thidua_mail_outbox_pending", &[]),
        Some((pending - 1) as f64)
    );
    app.cleanup().await;
}

#[tokio::test]
async fn without_the_setting_there_is_no_listener_and_nothing_is_counted() {
    let app = spawn_app().await;
    let state = &app.states[0];
    assert!(state.metrics.address().is_none());
    assert_eq!(get(&client(), &app.url("/login")).await.0, StatusCode::OK);
    let gauges = thidua::web::metrics::gauges(state).await;
    let s = parse(&thidua::metrics::render(&state.metrics, &gauges));
    assert!(
        s.iter().all(|x| !x.name.starts_with("thidua_http_")),
        "no request counted"
    );
    // the caches count all the same (they cost nothing)
    assert!(value(&s, "thidua_cache_misses_total", &[("cache", "sessions")]).is_some());
    app.cleanup().await;
}
