//! Prometheus metrics, served on an address of their own (`THIDUA_METRICS_BIND`, `GET /metrics`),
//! never on the application's: requests counted and timed per route template (by
//! `web::metrics_layer`), the connection pool, each cache's hits and misses, the queues (imports, the
//! e-mail outbox, LibreOffice) and the build. The text exposition format (version 0.0.4) is written
//! here by hand: a few counters need no client library. docs/ARCHITECTURE.md ("Metrics") lists every
//! metric.

use crate::domain::import_job::JobStatus;
use axum::http::Method;
use std::collections::BTreeMap;
use std::fmt::{Display, Write};
use std::net::SocketAddr;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// The latency histogram's upper bounds in seconds (its `le` labels).
pub const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The `route` of a request no route matched (a 404): never its path, which anyone can vary.
pub const UNMATCHED: &str = "unmatched";

/// The answer's type: the text format, version 0.0.4.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The requests of one method on one route: how many per status, and their durations.
#[derive(Default)]
struct Series {
    statuses: BTreeMap<u16, u64>,
    /// observations per bucket, not cumulated; the last one above every bound
    buckets: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

/// A server's request metrics (in `AppState`), and the address its metrics listener has.
#[derive(Default)]
pub struct Metrics {
    /// route template → method → series
    http: Mutex<BTreeMap<String, BTreeMap<&'static str, Series>>>,
    address: OnceLock<SocketAddr>,
}

/// A request's method as a label: the standard ones, anything else `other` (a client may send any
/// token as a method, and labels must stay few).
pub fn method_label(m: &Method) -> &'static str {
    match m.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "other",
    }
}

impl Metrics {
    /// Counts one answered request: its method label, its route template (`None`: no route
    /// matched), its status and how long it took.
    pub fn observe(&self, method: &'static str, route: Option<&str>, status: u16, took: Duration) {
        let secs = took.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|le| secs <= *le)
            .unwrap_or(BUCKETS.len());
        let route = route.unwrap_or(UNMATCHED);
        let mut http = self.http.lock().unwrap_or_else(|e| e.into_inner());
        if !http.contains_key(route) {
            http.insert(route.to_string(), BTreeMap::new());
        }
        let Some(methods) = http.get_mut(route) else {
            return;
        };
        let s = methods.entry(method).or_default();
        *s.statuses.entry(status).or_default() += 1;
        s.buckets[bucket] += 1;
        s.sum += secs;
        s.count += 1;
    }

    /// The metrics listener's address once bound (its port, when `THIDUA_METRICS_BIND` asked for 0).
    pub fn address(&self) -> Option<SocketAddr> {
        self.address.get().copied()
    }

    pub fn bound(&self, address: SocketAddr) {
        let _ = self.address.set(address);
    }

    fn write_http(&self, t: &mut Text) {
        let http = self.http.lock().unwrap_or_else(|e| e.into_inner());
        let requests = "thidua_http_requests_total";
        t.family(
            requests,
            "counter",
            "HTTP requests answered, by method, route template and status.",
        );
        for (route, methods) in http.iter() {
            for (method, s) in methods {
                for (status, n) in &s.statuses {
                    let status = status.to_string();
                    let labels = [
                        ("method", *method),
                        ("route", route.as_str()),
                        ("status", status.as_str()),
                    ];
                    t.sample(requests, &labels, n);
                }
            }
        }
        let duration = "thidua_http_request_duration_seconds";
        t.family(
            duration,
            "histogram",
            "Time from a request's arrival to its answer's headers, by method and route template.",
        );
        for (route, methods) in http.iter() {
            for (method, s) in methods {
                let mut cumulated = 0;
                for (le, n) in BUCKETS.iter().zip(s.buckets) {
                    cumulated += n;
                    let le = le.to_string();
                    let labels = [("method", *method), ("route", route.as_str()), ("le", &le)];
                    t.sample(
                        "thidua_http_request_duration_seconds_bucket",
                        &labels,
                        cumulated,
                    );
                }
                let labels = [
                    ("method", *method),
                    ("route", route.as_str()),
                    ("le", "+Inf"),
                ];
                t.sample(
                    "thidua_http_request_duration_seconds_bucket",
                    &labels,
                    s.count,
                );
                let labels = [("method", *method), ("route", route.as_str())];
                t.sample("thidua_http_request_duration_seconds_sum", &labels, s.sum);
                t.sample(
                    "thidua_http_request_duration_seconds_count",
                    &labels,
                    s.count,
                );
            }
        }
    }
}

/// The text exposition format being written: each family's HELP and TYPE lines, then its samples.
#[derive(Default)]
pub struct Text(String);

impl Text {
    pub fn family(&mut self, name: &str, kind: &str, help: &str) {
        let _ = writeln!(self.0, "# HELP {name} {}", escape_help(help));
        let _ = writeln!(self.0, "# TYPE {name} {kind}");
    }

    pub fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: impl Display) {
        self.0.push_str(name);
        if !labels.is_empty() {
            self.0.push('{');
            for (i, (k, v)) in labels.iter().enumerate() {
                if i > 0 {
                    self.0.push(',');
                }
                let _ = write!(self.0, "{k}=\"{}\"", escape(v));
            }
            self.0.push('}');
        }
        let _ = writeln!(self.0, " {value}");
    }

    pub fn finish(self) -> String {
        self.0
    }
}

/// A label value as the format quotes it: backslash, double quote and line feed escaped.
pub fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A HELP text: backslash and line feed escaped.
fn escape_help(v: &str) -> String {
    v.replace('\\', "\\\\").replace('\n', "\\n")
}

/// What a scrape reads besides the request counts: the pool, the caches, the queues.
pub struct Gauges {
    pub pool_idle: u64,
    pub pool_in_use: u64,
    pub pool_max: u64,
    /// each cache's name, hits and misses
    pub caches: Vec<(&'static str, u64, u64)>,
    /// the connection listening for the caches' notifications is up (`db::live`)
    pub notifications_up: bool,
    /// sync markers not heard within their second (`auth::cache::SessionCache::unheard`)
    pub unheard_markers: u64,
    /// jobs per status; `None`: the query failed
    pub import_jobs: Option<Vec<(JobStatus, i64)>>,
    /// the e-mail outbox's length; `None`: the query failed
    pub outbox_pending: Option<i64>,
    /// LibreOffice conversions running and waiting
    pub pdf: (usize, usize),
    /// poppler's reads of signed PDFs (pdftotext, pdfsig): running, waiting
    pub pdf_reads: (usize, usize),
}

impl Gauges {
    fn write(&self, t: &mut Text) {
        let pool = "thidua_db_pool_connections";
        t.family(pool, "gauge", "The pool's connections, idle or in use.");
        t.sample(pool, &[("state", "idle")], self.pool_idle);
        t.sample(pool, &[("state", "in_use")], self.pool_in_use);
        let max = "thidua_db_pool_max_connections";
        t.family(max, "gauge", "The most connections the pool opens.");
        t.sample(max, &[], self.pool_max);
        let up = "thidua_db_up";
        t.family(up, "gauge", "1 if this scrape's queries answered, else 0.");
        let answered = self.import_jobs.is_some() && self.outbox_pending.is_some();
        t.sample(up, &[], u8::from(answered));
        self.write_caches(t);
        if let Some(jobs) = &self.import_jobs {
            let name = "thidua_import_jobs";
            t.family(name, "gauge", "Import jobs in each state.");
            // each status reported, even when no job has it
            let mut by_state: BTreeMap<&str, i64> =
                JobStatus::ALL.iter().map(|s| (s.code(), 0)).collect();
            for (state, n) in jobs {
                by_state.insert(state.code(), *n);
            }
            for (state, n) in by_state {
                t.sample(name, &[("state", state)], n);
            }
        }
        if let Some(n) = self.outbox_pending {
            let name = "thidua_mail_outbox_pending";
            t.family(
                name,
                "gauge",
                "Notifications whose e-mail copy is not settled yet (not tried, or to be tried again).",
            );
            t.sample(name, &[], n);
        }
        let pdf = "thidua_pdf_conversions";
        t.family(
            pdf,
            "gauge",
            "LibreOffice conversions running or waiting for a worker.",
        );
        t.sample(pdf, &[("state", "running")], self.pdf.0);
        t.sample(pdf, &[("state", "waiting")], self.pdf.1);
        let reads = "thidua_pdf_reads";
        t.family(
            reads,
            "gauge",
            "poppler's reads of signed PDFs (pdftotext, pdfsig) running or waiting for a turn.",
        );
        t.sample(reads, &[("state", "running")], self.pdf_reads.0);
        t.sample(reads, &[("state", "waiting")], self.pdf_reads.1);
        let build = "thidua_build_info";
        t.family(build, "gauge", "The running build, as labels; always 1.");
        t.sample(build, &[("version", env!("CARGO_PKG_VERSION"))], 1);
    }

    fn write_caches(&self, t: &mut Text) {
        for (name, help, pick) in [
            (
                "thidua_cache_hits_total",
                "Lookups a cache answered from memory.",
                0,
            ),
            (
                "thidua_cache_misses_total",
                "Lookups a cache answered by loading or rebuilding from the database.",
                1,
            ),
        ] {
            t.family(name, "counter", help);
            for (cache, hits, misses) in &self.caches {
                t.sample(name, &[("cache", cache)], [hits, misses][pick]);
            }
        }
        let up = "thidua_cache_notifications_up";
        t.family(
            up,
            "gauge",
            "1 while the connection listening for changes is up (sessions served from memory).",
        );
        t.sample(up, &[], u8::from(self.notifications_up));
        let unheard = "thidua_cache_sync_markers_unheard_total";
        t.family(
            unheard,
            "counter",
            "Changes whose own notification this server did not hear within a second.",
        );
        t.sample(unheard, &[], self.unheard_markers);
    }
}

/// The whole exposition: the request metrics, then the gauges.
pub fn render(metrics: &Metrics, gauges: &Gauges) -> String {
    let mut t = Text::default();
    metrics.write_http(&mut t);
    gauges.write(&mut t);
    t.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gauges() -> Gauges {
        Gauges {
            pool_idle: 3,
            pool_in_use: 2,
            pool_max: 8,
            caches: vec![("home", 5, 1), ("sessions", 0, 2)],
            notifications_up: true,
            unheard_markers: 0,
            import_jobs: Some(vec![(JobStatus::Running, 1), (JobStatus::Done, 4)]),
            outbox_pending: Some(7),
            pdf: (1, 0),
            pdf_reads: (0, 2),
        }
    }

    fn lines_of<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
        text.lines().filter(|l| l.starts_with(prefix)).collect()
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escape("two\nlines"), "two\\nlines");
        assert_eq!(escape("/campaigns/{id}"), "/campaigns/{id}");
        let mut t = Text::default();
        t.sample("x", &[("a", "q\"\n\\"), ("b", "ở")], 1);
        t.sample("y", &[], 2.5);
        assert_eq!(t.finish(), "x{a=\"q\\\"\\n\\\\\",b=\"ở\"} 1\ny 2.5\n");
        let mut t = Text::default();
        t.family("z", "gauge", "back\\slash\nand a line");
        assert_eq!(
            t.finish(),
            "# HELP z back\\\\slash\\nand a line\n# TYPE z gauge\n"
        );
    }

    #[test]
    fn buckets_cumulate_and_the_count_is_every_request() {
        let m = Metrics::default();
        let ms = Duration::from_millis;
        let route = Some("/campaigns/{id}");
        m.observe("GET", route, 200, ms(1));
        m.observe("GET", route, 200, ms(7));
        m.observe("GET", route, 404, ms(30));
        m.observe("GET", route, 200, Duration::from_secs(20));
        // exactly on a bound counts in that bucket
        m.observe("GET", route, 200, ms(100));
        m.observe("POST", route, 303, ms(2));
        let text = render(&m, &gauges());
        let prefix = r#"thidua_http_request_duration_seconds_bucket{method="GET",route="/campaigns/{id}",le="#;
        let buckets: Vec<(String, u64)> = lines_of(&text, prefix)
            .iter()
            .map(|l| {
                let (le, n) = l[prefix.len()..].split_once("} ").unwrap();
                (le.trim_matches('"').to_string(), n.parse().unwrap())
            })
            .collect();
        let expected = [
            ("0.005", 1),
            ("0.01", 2),
            ("0.025", 2),
            ("0.05", 3),
            ("0.1", 4),
            ("0.25", 4),
            ("0.5", 4),
            ("1", 4),
            ("2.5", 4),
            ("5", 4),
            ("10", 4),
            ("+Inf", 5),
        ];
        let expected: Vec<(String, u64)> =
            expected.iter().map(|(l, n)| (l.to_string(), *n)).collect();
        assert_eq!(buckets, expected);
        assert!(text.contains(
            "thidua_http_request_duration_seconds_count{method=\"GET\",route=\"/campaigns/{id}\"} 5\n"
        ));
        let sum_line = lines_of(
            &text,
            "thidua_http_request_duration_seconds_sum{method=\"GET\"",
        )[0];
        let sum: f64 = sum_line.rsplit_once(' ').unwrap().1.parse().unwrap();
        assert!((sum - 20.138).abs() < 1e-9, "{sum}");
        assert!(text.contains(
            "thidua_http_requests_total{method=\"GET\",route=\"/campaigns/{id}\",status=\"200\"} 4\n"
        ));
        assert!(text.contains(
            "thidua_http_requests_total{method=\"GET\",route=\"/campaigns/{id}\",status=\"404\"} 1\n"
        ));
        assert!(text.contains(
            "thidua_http_requests_total{method=\"POST\",route=\"/campaigns/{id}\",status=\"303\"} 1\n"
        ));
    }

    #[test]
    fn no_route_is_unmatched_and_odd_methods_are_other() {
        let m = Metrics::default();
        let odd = Method::from_bytes(b"BREW").unwrap();
        m.observe(method_label(&odd), None, 404, Duration::ZERO);
        m.observe(method_label(&Method::DELETE), None, 404, Duration::ZERO);
        let text = render(&m, &gauges());
        assert!(text.contains(
            "thidua_http_requests_total{method=\"other\",route=\"unmatched\",status=\"404\"} 1\n"
        ));
        assert!(text.contains(
            "thidua_http_requests_total{method=\"DELETE\",route=\"unmatched\",status=\"404\"} 1\n"
        ));
    }

    #[test]
    fn every_family_is_declared_once_before_its_samples() {
        let m = Metrics::default();
        m.observe("GET", Some("/"), 200, Duration::from_millis(3));
        let text = render(&m, &gauges());
        let mut declared: Vec<&str> = Vec::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let name = rest.split(' ').next().unwrap();
                assert!(!declared.contains(&name), "{name} declared twice");
                declared.push(name);
            } else if !line.starts_with('#') {
                let name = line.split(['{', ' ']).next().unwrap();
                let family = declared.last().unwrap();
                assert!(
                    name.starts_with(family),
                    "{name} outside its family {family}"
                );
                let value = line.rsplit_once(' ').unwrap().1;
                assert!(value.parse::<f64>().is_ok(), "{line}");
            }
        }
        assert!(text.contains("thidua_db_pool_connections{state=\"idle\"} 3\n"));
        assert!(text.contains("thidua_db_pool_connections{state=\"in_use\"} 2\n"));
        assert!(text.contains("thidua_db_pool_max_connections 8\n"));
        assert!(text.contains("thidua_cache_hits_total{cache=\"home\"} 5\n"));
        assert!(text.contains("thidua_cache_misses_total{cache=\"sessions\"} 2\n"));
        // every import state, with zeros
        assert!(text.contains("thidua_import_jobs{state=\"preview\"} 0\n"));
        assert!(text.contains("thidua_import_jobs{state=\"running\"} 1\n"));
        assert!(text.contains("thidua_import_jobs{state=\"done\"} 4\n"));
        assert!(text.contains("thidua_mail_outbox_pending 7\n"));
        assert!(text.contains("thidua_db_up 1\n"));
        assert!(text.contains(&format!(
            "thidua_build_info{{version=\"{}\"}} 1\n",
            env!("CARGO_PKG_VERSION")
        )));
    }

    #[test]
    fn a_failed_query_leaves_its_gauge_out() {
        let g = Gauges {
            outbox_pending: None,
            ..gauges()
        };
        let text = render(&Metrics::default(), &g);
        assert!(text.contains("thidua_db_up 0\n"));
        assert!(!text.contains("thidua_mail_outbox_pending"));
        assert!(text.contains("thidua_import_jobs{state=\"running\"} 1\n"));
    }
}
