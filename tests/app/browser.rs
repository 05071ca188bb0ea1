//! Journeys a person clicks through, in a real browser: Debian's Chromium driven by chromedriver
//! over the W3C WebDriver protocol. Screenshots of each page go to target/screenshots/.
//!
//! `scripts/test.sh` (README's test command) installs chromium and chromium-driver. Without them the
//! journeys fail with that advice, unless THIDUA_SKIP_BROWSER=1 says to skip them knowingly.

use crate::common::*;
use serde_json::{Value, json};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    base: String,
    session: String,
    http: reqwest::Client,
}

impl Driver {
    async fn start() -> Option<Driver> {
        Driver::launch(None).await
    }

    /// A phone: Chromium's emulation of a 390 × 844 screen.
    async fn phone() -> Option<Driver> {
        Driver::launch(Some((390, 844))).await
    }

    async fn launch(phone: Option<(u32, u32)>) -> Option<Driver> {
        if std::env::var("THIDUA_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!("SKIPPED (THIDUA_SKIP_BROWSER=1): the browser journeys did not run");
            return None;
        }
        assert!(
            std::path::Path::new("/usr/bin/chromedriver").exists(),
            "/usr/bin/chromedriver is missing: run scripts/test.sh (it installs chromium and \
             chromium-driver), or set THIDUA_SKIP_BROWSER=1 to skip the browser journeys knowingly"
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // in a process group of its own with the Chromium it starts, so that the whole group is
        // killed when the driver is dropped, whatever way the test ends
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,900", "--lang=vi-VN"]});
        if let Some((width, height)) = phone {
            options["mobileEmulation"] =
                json!({"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": options}}});
        let r: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
        Some(Driver {
            child,
            base,
            session,
            http,
        })
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let req = self.http.request(method.clone(), &url);
        let req = if method == reqwest::Method::GET {
            req
        } else {
            req.json(&body)
        };
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        assert!(v["value"].get("error").is_none(), "{path}: {v}");
        v["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", json!({"url": url}))
            .await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .cmd(
                reqwest::Method::POST,
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        v[ELEMENT].as_str().unwrap().to_string()
    }

    async fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/clear"),
            json!({}),
        )
        .await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            json!({"text": text}),
        )
        .await;
    }

    /// Presses Enter in the field `css` (its text kept).
    async fn press_enter(&self, css: &str) {
        let e = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            json!({"text": "\u{E007}"}),
        )
        .await;
    }

    /// Chooses a file for a file input (its path on this machine, which the browser reads).
    async fn send_file(&self, css: &str, path: &str) {
        let e = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/value"),
            json!({"text": path}),
        )
        .await;
    }

    async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{e}/click"),
            json!({}),
        )
        .await;
    }

    async fn source(&self) -> String {
        self.cmd(reqwest::Method::GET, "/source", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Waits (up to 10 s) until the page source contains `text` (a click's navigation may still be
    /// under way when the click returns); returns the source.
    async fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let html = self.source().await;
            if html.contains(text) {
                return html;
            }
            assert!(
                Instant::now() < deadline,
                "page never showed {text:?}: {}",
                html[html.find("<main").unwrap_or(0)..]
                    .chars()
                    .take(3000)
                    .collect::<String>()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits (up to 10 s) until the page source no longer contains `text`.
    async fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.source().await.contains(text) {
            assert!(Instant::now() < deadline, "page kept showing {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn url(&self) -> String {
        self.cmd(reqwest::Method::GET, "/url", Value::Null)
            .await
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Tab key presses, then the focused element's text.
    async fn tab_and_focused_text(&self) -> String {
        self.cmd(
            reqwest::Method::POST,
            "/actions",
            json!({"actions": [{"type": "key", "id": "kb", "actions": [
            {"type": "keyDown", "value": "\u{E004}"}, {"type": "keyUp", "value": "\u{E004}"}]}]}),
        )
        .await;
        let e = self
            .cmd(reqwest::Method::GET, "/element/active", Value::Null)
            .await;
        let id = e[ELEMENT].as_str().unwrap().to_string();
        self.cmd(
            reqwest::Method::GET,
            &format!("/element/{id}/text"),
            Value::Null,
        )
        .await
        .as_str()
        .unwrap_or("")
        .to_string()
    }

    async fn screenshot(&self, name: &str) {
        let b64 = self
            .cmd(reqwest::Method::GET, "/screenshot", Value::Null)
            .await;
        let png = base64_decode(b64.as_str().unwrap());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Runs a script in the page, awaiting the promise it returns; its value.
    async fn run_async(&self, script: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/async",
            json!({"script": format!("const done = arguments[arguments.length - 1]; Promise.resolve().then(() => {{ {script} }}).then(done, e => done('error: ' + e));"), "args": []}),
        )
        .await
    }

    /// axe-core's serious and critical violations on the page as it is now (scripts/test-setup.sh
    /// installs axe-core; `AXE_JS` names another copy): "rule: target" for each node.
    async fn axe_serious(&self) -> Vec<String> {
        let path = std::env::var("AXE_JS").unwrap_or_else(|_| {
            let cache = std::env::var("XDG_CACHE_HOME")
                .unwrap_or_else(|_| format!("{}/.cache", std::env::var("HOME").unwrap()));
            format!("{cache}/thidua-axe/node_modules/axe-core/axe.min.js")
        });
        let axe = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (scripts/test-setup.sh installs axe-core)"));
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": axe, "args": []}),
        )
        .await;
        let v = self
            .run_async(
                "return axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ')))));",
            )
            .await;
        let text = v.as_str().unwrap_or_else(|| panic!("axe: {v}"));
        serde_json::from_str(text).unwrap_or_else(|e| panic!("axe answered {text}: {e}"))
    }

    /// Fetches `path` from the page (the browser's own session and cookies), as a download would:
    /// "status content-type bytes".
    async fn fetch(&self, path: &str) -> String {
        let v = self
            .run_async(&format!(
                "return fetch('{path}').then(r => r.arrayBuffer().then(b => r.status + ' ' + r.headers.get('content-type') + ' ' + b.byteLength));"
            ))
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Accepts the open confirm() dialog (a click on a form with data-confirm opens one).
    async fn accept_alert(&self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let url = format!("{}/session/{}/alert/accept", self.base, self.session);
            let v: Value = self
                .http
                .post(&url)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if v["value"].get("error").is_none() {
                return;
            }
            assert!(Instant::now() < deadline, "no dialog to accept: {v}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn sign_in(&self, app: &TestApp, user: &str) {
        self.goto(&app.url("/login")).await;
        self.type_into("#username", user).await;
        self.type_into("#password", PW).await;
        self.click("form[action='/login'] button[type=submit]")
            .await;
        self.wait_for("Xin chào").await;
    }

    async fn sign_out(&self) {
        self.click("form[action='/logout'] button").await;
        self.wait_for("id=\"username\"").await;
    }

    async fn quit(self) {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
        // the process group goes with the driver (Drop)
    }
}

impl Drop for Driver {
    /// Nothing left running: chromedriver and every Chromium process of its group are killed.
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some((c - b'A') as u32),
            b'a'..=b'z' => Some((c - b'a' + 26) as u32),
            b'0'..=b'9' => Some((c - b'0' + 52) as u32),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[tokio::test]
async fn office_signs_in_finds_a_person_switches_language_and_signs_out() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    d.goto(&app.url("/")).await;
    assert!(d.url().await.contains("/login"), "sent to sign in");
    assert!(
        d.source().await.contains("Tài khoản dùng thử"),
        "demo accounts listed"
    );
    d.screenshot("01-login").await;
    d.type_into("#username", "vanphong").await;
    d.type_into("#password", PW).await;
    d.click("form[action='/login'] button[type=submit]").await;
    let html = d.wait_for("Xin chào, Nguyễn Thị Thu Hà").await;
    assert_eq!(d.url().await, app.url("/"));
    assert!(html.contains("Việc của Văn phòng Sở"));
    d.screenshot("02-home-office").await;
    // keyboard: the first Tab reaches the skip link
    assert_eq!(d.tab_and_focused_text().await, "Bỏ qua, đến nội dung chính");
    d.click("nav a[href='/people']").await;
    d.wait_for("id=\"q\"").await;
    d.type_into("#q", "nguyen van an").await;
    d.click("form.filters button[type=submit]").await;
    // search without diacritics finds the person
    d.wait_for(">Nguyễn Văn An</a>").await;
    d.screenshot("03-people-search").await;
    d.click("td a[href^='/people/']").await;
    let html = d.wait_for("<h1>Nguyễn Văn An").await;
    assert!(html.contains("Phòng Quản lý đất đai"));
    d.screenshot("04-person").await;
    d.click("a[hreflang='en']").await;
    // English after the switch
    d.wait_for("<dt>Unit</dt>").await;
    assert!(d.url().await.contains("/people/"), "stays on the same page");
    d.screenshot("05-person-en").await;
    d.click("form[action='/logout'] button").await;
    d.wait_for("You have signed out").await;
    assert!(d.url().await.contains("/login"));
    d.screenshot("06-signed-out").await;
    d.quit().await;
    app.cleanup().await;
}

#[tokio::test]
async fn admin_creates_an_account_and_a_bad_form_keeps_the_input() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    d.goto(&app.url("/login")).await;
    d.type_into("#username", "admin").await;
    d.type_into("#password", PW).await;
    d.click("form[action='/login'] button[type=submit]").await;
    d.wait_for("Xin chào").await;
    d.goto(&app.url("/admin/users/new")).await;
    d.type_into("#f-username", "Khach Moi").await;
    d.type_into("#f-password", "ngan").await;
    d.click("form[action='/admin/users'] button[type=submit]")
        .await;
    let html = d.wait_for("Vui lòng sửa các mục được đánh dấu").await;
    assert!(html.contains("value=\"Khach Moi\""), "typed value kept");
    assert!(
        html.contains("Mật khẩu phải có ít nhất 10 ký tự"),
        "every field's error at once"
    );
    d.screenshot("07-new-account-errors").await;
    d.type_into("#f-username", "khach.moi").await;
    d.type_into("#f-display_name", "Khách Mời").await;
    d.type_into("#f-password", "tam-thoi-2026").await;
    let vp = unit_id(&app, "VP").await;
    d.click(&format!("#f-unit_id option[value='{vp}']")).await;
    d.click("form[action='/admin/users'] button[type=submit]")
        .await;
    // the flash message after create
    d.wait_for("Đã tạo tài khoản khach.moi").await;
    d.screenshot("08-account-created").await;
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM users WHERE username = 'khach.moi' AND must_change_password"
        )
        .await,
        1
    );
    d.quit().await;
    app.cleanup().await;
}

/// The registration journey of issue 3: the Office drafts and publishes a campaign, a staff member
/// registers (two commitments, an initiative), the unit head returns it, the staff member amends and
/// sends it again, the head confirms, and the Office's coverage shows it confirmed.
#[tokio::test]
async fn office_publishes_staff_registers_head_returns_then_confirms() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let today = chrono::Utc::now().date_naive();
    let fmt = |days: i64| {
        (today + chrono::Duration::days(days))
            .format("%d/%m/%Y")
            .to_string()
    };
    // the Office drafts a thematic campaign
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url("/campaigns/new")).await;
    d.wait_for("id=\"f-title\"").await;
    d.click("#f-kind option[value='thematic']").await;
    d.type_into("#f-starts_on", &fmt(-1)).await;
    d.type_into("#f-ends_on", &fmt(90)).await;
    d.type_into("#f-doc_number", "21").await;
    d.type_into("#f-parent_body", "UBND tỉnh Sóc Trăng").await;
    d.type_into("#f-issuer_name", "Sở Tài nguyên và Môi trường")
        .await;
    d.type_into("#f-place", "Sóc Trăng").await;
    d.type_into("#f-doc_date", &fmt(-1)).await;
    d.type_into("#f-title", "Phát động đợt thi đua chuyển đổi số")
        .await;
    d.type_into("#f-content-1", "Thi đua số hóa **100%** hồ sơ đất đai")
        .await;
    d.type_into("#f-registration_opens", &fmt(-1)).await;
    d.type_into("#f-registration_closes", &fmt(14)).await;
    d.screenshot("10-plan-draft-form").await;
    d.click("form.plan-form button[type=submit]").await;
    d.wait_for("Đã tạo bản nháp kế hoạch").await;
    d.screenshot("11-plan-draft").await;
    // publish (on the Director's behalf), confirming the dialog
    d.click("form[action$='/publish'] button").await;
    d.accept_alert().await;
    let html = d.wait_for("Đã ban hành kế hoạch").await;
    assert!(html.contains("Đang nhận đăng ký"));
    assert!(html.contains("<strong>100%</strong>"));
    let id = app.scalar_i64("SELECT max(id) FROM campaigns").await;
    d.screenshot("12-plan-published").await;
    d.sign_out().await;

    // the staff member registers: a title, two commitments, an initiative
    d.sign_in(&app, "canbo").await;
    d.goto(&app.url(&format!("/campaigns/{id}/register"))).await;
    d.wait_for("Đăng ký thi đua của tôi").await;
    let ldtt = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id WHERE c.id = {id} AND t.code = 'LDTT'"
        ))
        .await;
    d.click(&format!("#f-title_id option[value='{ldtt}']"))
        .await;
    d.type_into("#f-target-1", "100% hồ sơ giải quyết đúng hạn")
        .await;
    d.type_into("#f-measure-1", "Tỷ lệ hồ sơ đúng hạn").await;
    d.type_into("#f-target-2", "Số hóa 300 hồ sơ địa chính")
        .await;
    d.type_into("#f-measure-2", "Số hồ sơ đã số hóa").await;
    d.type_into("#f-ini-title-1", "Tra cứu hồ sơ địa chính trực tuyến")
        .await;
    d.type_into("#f-ini-field-1", "Chuyển đổi số").await;
    d.type_into("#f-ini-benefit-1", "Giảm thời gian tra cứu")
        .await;
    d.screenshot("13-registration-form").await;
    // Enter in a field saves the draft and never sends it (issue 30, 5)
    d.press_enter("#f-measure-2").await;
    d.wait_for("Đã lưu bản nháp đăng ký").await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM registrations r JOIN people p ON p.id = r.person_id
              WHERE r.campaign_id = {id} AND p.full_name = 'Nguyễn Văn An' AND r.status = 'draft'"
        ))
        .await,
        1,
        "Enter kept the registration a draft"
    );
    assert!(
        d.source().await.contains("Số hóa 300 hồ sơ địa chính"),
        "what was typed is kept"
    );
    // sending asks first
    d.click("button[name=action][value=submit]").await;
    d.accept_alert().await;
    d.wait_for("Đã gửi đăng ký thi đua").await;
    d.screenshot("14-registration-sent").await;
    d.sign_out().await;

    // the unit head returns it with a comment
    d.sign_in(&app, "truongphong").await;
    d.goto(&app.url(&format!("/campaigns/{id}/unit?status=submitted")))
        .await;
    d.wait_for("Nguyễn Văn An").await;
    d.screenshot("15-unit-pending").await;
    d.click("td a[href^='/registrations/']").await;
    d.wait_for("Xác nhận hoặc trả lại").await;
    d.type_into("#f-comment", "Ghi rõ thời hạn số hóa").await;
    d.click("button[name=action][value=return]").await;
    d.wait_for("Đã trả lại đăng ký").await;
    d.screenshot("16-returned").await;
    d.sign_out().await;

    // the staff member sees why, amends and sends again
    d.sign_in(&app, "canbo").await;
    d.goto(&app.url(&format!("/campaigns/{id}/register"))).await;
    d.wait_for("Ghi rõ thời hạn số hóa").await;
    d.screenshot("17-returned-seen").await;
    d.type_into("#f-target-2", "Số hóa 300 hồ sơ địa chính trước 30/6")
        .await;
    // a returned registration has no draft: Enter sends nothing
    d.press_enter("#f-target-2").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM registrations WHERE campaign_id = {id} AND status = 'returned'"
        ))
        .await,
        1,
        "Enter did not send the returned registration"
    );
    d.click("button[name=action][value=submit]").await;
    d.accept_alert().await;
    d.wait_for("Đã gửi đăng ký thi đua").await;
    d.sign_out().await;

    // the head confirms
    d.sign_in(&app, "truongphong").await;
    d.goto(&app.url(&format!("/campaigns/{id}/unit?status=submitted")))
        .await;
    d.wait_for("Nguyễn Văn An").await;
    d.click("td a[href^='/registrations/']").await;
    d.wait_for("trước 30/6").await;
    d.click("button[name=action][value=confirm]").await;
    d.wait_for("Đã xác nhận đăng ký").await;
    d.screenshot("18-confirmed").await;
    d.sign_out().await;

    // the Office's coverage shows it
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/campaigns/{id}/coverage?status=confirmed")))
        .await;
    let html = d.wait_for("Nguyễn Văn An").await;
    assert!(html.contains("Đã xác nhận"));
    d.screenshot("19-coverage").await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM registrations WHERE campaign_id = {id} AND status = 'confirmed'"
        ))
        .await,
        1
    );
    d.quit().await;
    app.cleanup().await;
}

#[tokio::test]
async fn head_rates_the_unit_and_staff_see_what_they_still_need() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    for sql in [
        format!("DELETE FROM initiative_authors WHERE person_id = {me}"),
        format!("DELETE FROM disciplines WHERE person_id = {me}"),
        format!("DELETE FROM review_flags WHERE person_id = {me}"),
        format!("DELETE FROM ratings WHERE person_id = {me} AND year = 2022"),
        format!("UPDATE people SET start_date = DATE '2015-03-01' WHERE id = {me}"),
    ] {
        sqlx::query(&sql).execute(&app.db).await.unwrap();
    }
    // the unit head rates canbo "excellent" for 2022
    d.sign_in(&app, "truongphong").await;
    d.goto(&app.url("/ratings?year=2022")).await;
    d.wait_for("Xếp loại chất lượng năm 2022").await;
    d.click(&format!("#r-{me} option[value='HTXSNV']")).await;
    d.screenshot("20-ratings-form").await;
    d.click("form[method=post][action='/ratings'] button[type=submit]")
        .await;
    d.wait_for("Đã lưu 1 thay đổi").await;
    d.screenshot("21-ratings-saved").await;
    d.sign_out().await;
    // canbo opens the campaign and asks what is still needed
    d.sign_in(&app, "canbo").await;
    let id = app.scalar_i64("SELECT min(id) FROM campaigns").await;
    d.goto(&app.url(&format!("/campaigns/{id}"))).await;
    d.wait_for("Điều kiện khen thưởng của tôi").await;
    d.click(&format!("a[href='/campaigns/{id}/eligibility']"))
        .await;
    let html = d.wait_for("Còn thiếu:").await;
    assert!(
        html.contains("2022: HTXSNV"),
        "the rating just saved is read"
    );
    assert!(
        html.contains("Có đăng ký thi đua"),
        "registration is what is missing"
    );
    d.screenshot("22-my-eligibility").await;
    d.sign_out().await;
    // the Office's overview with the quota's live counts
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/campaigns/{id}/eligibility")))
        .await;
    let html = d.wait_for("Tỷ lệ khống chế").await;
    assert!(html.contains("tối đa 15 % của"));
    d.screenshot("23-eligibility-overview").await;
    app.cleanup().await;
}

/// Issue 9 in a browser: five wrong passwords lock canbo out from this address; the administrator
/// of canbo's division (and of nothing else) finds the account, sees the locked address, clears the
/// lock after confirming, and canbo signs in. The same administrator is refused the root
/// administrator's account.
#[tokio::test]
async fn a_division_administrator_clears_a_locked_account() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let hash = thidua::auth::password::hash_blocking(PW).unwrap();
    let uid: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, display_name) VALUES ('quantri.qldd', $1, 'Quản trị Phòng QLĐĐ') RETURNING id",
    )
    .bind(hash)
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO user_roles (user_id, role, unit_id) SELECT $1, 'admin', id FROM units WHERE code = 'QLDD'")
        .bind(uid)
        .execute(&app.db)
        .await
        .unwrap();
    // five wrong guesses from this machine
    let c = client();
    for i in 0..5 {
        let r = login_with(&app, &c, "canbo", &format!("doan-sai-{i}")).await;
        assert_eq!(r.status(), reqwest::StatusCode::UNAUTHORIZED);
    }
    // the owner, from the same address, is told to wait
    d.goto(&app.url("/login")).await;
    d.type_into("#username", "canbo").await;
    d.type_into("#password", PW).await;
    d.click("form[action='/login'] button[type=submit]").await;
    d.wait_for("Đăng nhập sai quá nhiều lần").await;
    d.screenshot("24-signin-locked").await;
    // the division's administrator clears it
    d.sign_in(&app, "quantri.qldd").await;
    d.goto(&app.url("/admin/users")).await;
    let html = d.wait_for("canbo").await;
    assert!(!html.contains("giamdoc"), "only the division's accounts");
    let canbo = user_id(&app, "canbo").await;
    d.click(&format!("a[href='/admin/users/{canbo}']")).await;
    let html = d.wait_for("Đang bị khóa đăng nhập từ các địa chỉ").await;
    assert!(html.contains("127.0.0.1"));
    d.screenshot("25-account-locked-from").await;
    d.click(&format!(
        "form[action='/admin/users/{canbo}/unlock'] button"
    ))
    .await;
    d.accept_alert().await;
    d.wait_for("Đã mở khóa đăng nhập cho canbo").await;
    d.screenshot("26-lock-cleared").await;
    // the root administrator's account is not theirs
    let admin = user_id(&app, "admin").await;
    d.goto(&app.url(&format!("/admin/users/{admin}"))).await;
    d.wait_for("Không có quyền truy cập").await;
    d.goto(&app.url("/")).await;
    d.sign_out().await;
    d.sign_in(&app, "canbo").await;
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE action = 'unlock'")
            .await,
        1
    );
    d.quit().await;
    app.cleanup().await;
}

/// Issue 11 in a browser: the Office ranks the district offices' cluster for 2022 (a rank typed
/// twice comes back with the message), and the leading office's emulation flag reads the ranking;
/// an administrator sees which conditions were checked against their text and which were not.
#[tokio::test]
async fn office_ranks_a_cluster_and_the_flag_reads_it() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let members: Vec<i64> = sqlx::query_scalar(
        "SELECT m.unit_id FROM cluster_members m JOIN emulation_clusters c ON c.id = m.cluster_id
          WHERE c.code = 'CUM_HUYEN' ORDER BY m.unit_id LIMIT 2",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let (first, second) = (members[0], members[1]);
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url("/clusters")).await;
    d.wait_for("Cụm các Phòng Tài nguyên và Môi trường cấp huyện")
        .await;
    let cluster = app
        .scalar_i64("SELECT id FROM emulation_clusters WHERE code = 'CUM_HUYEN'")
        .await;
    d.click(&format!("a[href='/clusters/{cluster}']")).await;
    d.wait_for("Xếp hạng cuối năm").await;
    d.type_into("#f-year", "2022").await;
    d.type_into(&format!("#rank-{first}"), "1").await;
    d.type_into(&format!("#rank-{second}"), "1").await;
    d.click(&format!("input[name=leader][value='{first}']"))
        .await;
    d.click("form[action$='/ranking'] button[type=submit]")
        .await;
    let html = d.wait_for("Thứ hạng này đã ghi cho đơn vị khác.").await;
    assert!(html.contains("value=\"2022\""), "the year typed is kept");
    d.type_into(&format!("#rank-{second}"), "2").await;
    d.click("form[action$='/ranking'] button[type=submit]")
        .await;
    d.wait_for("Đã lưu kết quả xếp hạng.").await;
    d.screenshot("30-cluster-ranked").await;
    let campaign = app.scalar_i64("SELECT min(id) FROM campaigns").await;
    d.goto(&app.url(&format!("/campaigns/{campaign}/eligibility/units/{first}")))
        .await;
    let html = d.wait_for("hạng 1/").await;
    assert!(html.contains("cụm trưởng, khối trưởng"), "{html}");
    d.screenshot("31-flag-reads-the-ranking").await;
    d.sign_out().await;
    d.sign_in(&app, "admin").await;
    let nd91 = app
        .scalar_i64("SELECT id FROM rule_sets WHERE code = 'ND91_2017'")
        .await;
    d.goto(&app.url(&format!("/admin/rule-sets/{nd91}"))).await;
    let html = d.wait_for("Chưa đối chiếu").await;
    assert!(html.contains("Đã đối chiếu ngày 26/11/2026"));
    d.screenshot("32-rule-set-checked").await;
    app.cleanup().await;
}

/// Year-end at a unit of ten: the head holds the review (four titles proposed, one failing a
/// condition), builds the proposal, is refused until the failing line is justified, submits; the
/// Office returns one line; the head attaches a document and resubmits; the Office sees what
/// changed and accepts. The minutes and an achievement report are downloaded and read back.
#[tokio::test]
async fn a_unit_reviews_proposes_supplements_and_the_office_accepts() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    let unit = unit_id(&app, "QLDD").await;
    let members: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM people p WHERE p.unit_id = $1 AND p.active ORDER BY p.id",
    )
    .bind(unit)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(members.len(), 10, "a unit of ten");
    let hung = person_id(&app, "Nguyễn Văn Hùng").await;
    let nhut = person_id(&app, "Lâm Văn Nhựt").await;
    let trong = person_id(&app, "Trương Minh Nhật Trọng").await;
    let khanh = person_id(&app, "Nguyễn Văn Khánh").await;
    let absent = *members.last().unwrap();

    d.sign_in(&app, "truongphong").await;
    d.goto(&app.url("/campaigns/1")).await;
    d.click("a[href='/campaigns/1/reviews']").await;
    d.wait_for("Bình xét thi đua tại đơn vị").await;
    d.click(&format!("a[href='/campaigns/1/reviews/{unit}']"))
        .await;
    d.wait_for("Thông tin cuộc họp").await;
    d.type_into("#f-held_on", "20/11/2026").await;
    d.type_into("#f-place", "Phòng họp tầng 2").await;
    d.click(&format!("#f-chair option[value='{}']", members[0]))
        .await;
    d.click(&format!("#f-secretary option[value='{}']", members[1]))
        .await;
    d.click(&format!("input[name=present_{absent}]")).await;
    d.type_into(&format!("input[name=reason_{absent}]"), "Đi công tác")
        .await;
    for p in [hung, nhut, trong, khanh] {
        d.click(&format!("select[name=title_{p}] option[value='LDTT']"))
            .await;
        d.type_into(&format!("input[name=yes_{p}]"), "8").await;
        d.type_into(&format!("input[name=no_{p}]"), "1").await;
        d.type_into(&format!("input[name=abstain_{p}]"), "0").await;
    }
    // one vote too many: the form comes back as typed
    d.type_into(&format!("input[name=abstain_{hung}]"), "1")
        .await;
    d.click(&format!(
        "form[action='/campaigns/1/reviews/{unit}'] button[type=submit]"
    ))
    .await;
    let html = d.wait_for("Tổng số phiếu vượt quá số người có mặt.").await;
    assert!(html.contains("Phòng họp tầng 2"), "what was typed is kept");
    d.screenshot("40-review-bad-votes").await;
    d.type_into(&format!("input[name=abstain_{hung}]"), "0")
        .await;
    d.click(&format!(
        "form[action='/campaigns/1/reviews/{unit}'] button[type=submit]"
    ))
    .await;
    d.wait_for("Đã lưu kết quả họp bình xét.").await;
    d.screenshot("41-review-saved").await;

    // the minutes, as .docx, read back with an XML parser
    let head = signed_in(&app, "truongphong").await;
    let bytes = head
        .get(app.url(&format!("/campaigns/1/reviews/{unit}/minutes.docx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = docx_text(&bytes);
    assert!(text.contains("Thành phần: có mặt 9/10 người."), "{text}");
    assert!(
        text.contains("Nguyễn Văn Khánh\nLao động tiên tiến\n8\n1\n0\n88,89 %"),
        "{text}"
    );

    // the proposal: refused until the failing line is justified
    d.click(&format!(
        "form[action='/campaigns/1/reviews/{unit}/proposal'] button"
    ))
    .await;
    d.wait_for("Đã thêm 4 dòng vào đề nghị khen thưởng.").await;
    let pid = app
        .scalar_i64(&format!("SELECT id FROM proposals WHERE unit_id = {unit}"))
        .await;
    let khanh_line = app
        .scalar_i64(&format!(
            "SELECT id FROM proposal_lines WHERE proposal_id = {pid} AND person_id = {khanh}"
        ))
        .await;
    let hung_line = app
        .scalar_i64(&format!(
            "SELECT id FROM proposal_lines WHERE proposal_id = {pid} AND person_id = {hung}"
        ))
        .await;
    d.click(&format!("button[formaction='/proposals/{pid}/submit']"))
        .await;
    d.accept_alert().await;
    d.wait_for("nên không gửi được").await;
    d.screenshot("42-proposal-line-fails").await;
    // the failing line removed; the flood work proposed as an ad-hoc Giấy khen
    d.click(&format!(
        "button[formaction='/proposals/{pid}/lines/{khanh_line}/delete']"
    ))
    .await;
    d.accept_alert().await;
    d.wait_for("Đã bỏ dòng đề nghị.").await;
    d.click(&format!("#f-a_subject option[value='{khanh}']"))
        .await;
    d.click("#f-a_title option[value='GIAYKHEN']").await;
    d.click("form:has(input[name=adhoc]) button[type=submit]")
        .await;
    d.wait_for("Hãy mô tả thành tích đột xuất.").await;
    d.type_into(
        "#f-achievement",
        "Trực tiếp di dời hồ sơ địa chính khỏi vùng ngập trong đợt lũ tháng 10/2022.",
    )
    .await;
    d.click("form:has(input[name=adhoc]) button[type=submit]")
        .await;
    d.wait_for("Đã thêm dòng đề nghị.").await;
    d.screenshot("42b-proposal-adhoc-line").await;
    let khanh_line = app
        .scalar_i64(&format!(
            "SELECT id FROM proposal_lines WHERE proposal_id = {pid} AND person_id = {khanh}
              AND achievement IS NOT NULL"
        ))
        .await;
    d.click(&format!("button[formaction='/proposals/{pid}/submit']"))
        .await;
    d.accept_alert().await;
    d.wait_for("Đã gửi đề nghị đến Văn phòng").await;
    d.screenshot("43-proposal-submitted").await;

    // the summary of the exceptional achievement, downloaded
    let report = format!("/proposals/{pid}/lines/{khanh_line}/report");
    let bytes = head
        .get(app.url(&format!("{report}.docx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = docx_text(&bytes);
    assert!(
        text.contains("BÁO CÁO TÓM TẮT THÀNH TÍCH")
            && text.contains("Họ và tên: Nguyễn Văn Khánh")
            && text.contains("di dời hồ sơ địa chính"),
        "{text}"
    );
    d.sign_out().await;

    // the Office returns Hùng's line
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/campaigns/1/proposals?unit={unit}")))
        .await;
    d.wait_for("Nguyễn Văn Khánh").await;
    d.screenshot("44-office-list").await;
    d.click(&format!("a[href='/proposals/{pid}#line-{hung_line}']"))
        .await;
    d.wait_for("Các dòng đề nghị").await;
    d.type_into(
        &format!("#line-{hung_line} input[name=reason]"),
        "Thiếu xác nhận thành tích",
    )
    .await;
    d.click(&format!("#line-{hung_line} button[value=return]"))
        .await;
    d.wait_for("Đã trả lại để bổ sung.").await;
    d.sign_out().await;

    // the head supplements and submits again
    d.sign_in(&app, "truongphong").await;
    d.goto(&app.url(&format!("/proposals/{pid}"))).await;
    d.wait_for("Thiếu xác nhận thành tích").await;
    let pdf = std::env::temp_dir().join(format!("xac-nhan-{pid}.pdf"));
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    d.click(&format!("#f-doc_line option[value='{hung_line}']"))
        .await;
    d.click("#f-kind option[value='achievement_certification']")
        .await;
    d.send_file("#f-file", pdf.to_str().unwrap()).await;
    d.click(&format!(
        "form[action='/proposals/{pid}/documents'] button[type=submit]"
    ))
    .await;
    d.wait_for("Đã đính kèm tài liệu.").await;
    d.click(&format!("button[formaction='/proposals/{pid}/submit']"))
        .await;
    d.accept_alert().await;
    d.wait_for("Đã gửi 2 lần").await;
    d.screenshot("45-proposal-resubmitted").await;
    d.sign_out().await;

    // the Office sees what changed and accepts every line
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/proposals/{pid}"))).await;
    let html = d.wait_for("Thay đổi so với lần gửi trước").await;
    assert!(
        html.contains("Thêm tài liệu: Nguyễn Văn Hùng"),
        "the supplement is shown"
    );
    d.screenshot("46-office-sees-the-changes").await;
    let lines: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM proposal_lines WHERE proposal_id = {pid} ORDER BY id"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    for l in lines {
        d.click(&format!("#line-{l} button[value=accept]")).await;
        // the line's decision form is gone once the page after the accept has loaded
        d.wait_gone(&format!("name=\"line\" value=\"{l}\"")).await;
    }
    d.wait_for("Đã xử lý xong").await;
    d.screenshot("47-proposal-accepted").await;
    let _ = std::fs::remove_file(pdf);
    d.quit().await;
    app.cleanup().await;
}

#[tokio::test]
async fn the_council_votes_the_list_is_posted_the_director_approves_and_anyone_verifies() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    // the lines ready for the council: two of PTNMT-CLD's accepted lines and VPDKDD's Chiến sĩ thi
    // đua cấp tỉnh (by secret ballot); hoidong now works in PTNMT-CLD
    let line = |name: &'static str| {
        let app = &app;
        async move {
            app.scalar_i64(&format!(
                "SELECT l.id FROM proposal_lines l JOIN people p ON p.id = l.person_id
                  WHERE p.full_name = '{name}' ORDER BY l.id LIMIT 1"
            ))
            .await
        }
    };
    let (hue, huyen) = (
        line("Võ Thị Mỹ Huệ").await,
        line("Nguyễn Thanh Cẩm Huyền").await,
    );
    let hong = app
        .scalar_i64(
            "SELECT l.id FROM proposal_lines l JOIN titles t ON t.id = l.title_id
              WHERE t.code = 'CSTD_TINH'",
        )
        .await;
    for sql in [
        "UPDATE proposal_lines SET status = 'submitted' WHERE status = 'accepted'
           AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = proposal_lines.id)"
            .to_string(),
        format!(
            "UPDATE proposal_lines SET status = 'accepted' WHERE id IN ({hue}, {huyen}, {hong})"
        ),
        "UPDATE people SET unit_id = (SELECT id FROM units WHERE code = 'PTNMT-CLD')
          WHERE id = (SELECT person_id FROM users WHERE username = 'hoidong')"
            .to_string(),
    ] {
        sqlx::query(&sql).execute(&app.db).await.unwrap();
    }
    let phogiamdoc = user_id(&app, "phogiamdoc").await;

    // the Office prepares the meeting and its agenda, and opens the ballot with phogiamdoc absent
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url("/campaigns/1/council")).await;
    d.click("a[href='/campaigns/1/council/meetings/new']").await;
    d.wait_for("Chuẩn bị phiên họp Hội đồng").await;
    d.type_into("#f-held_on", "22/12/2022").await;
    d.type_into("#f-place", "Phòng họp số 2").await;
    d.click("form[action='/campaigns/1/council/meetings'] button[type=submit]")
        .await;
    d.wait_for("Đã tạo phiên họp").await;
    let m = app.scalar_i64("SELECT max(id) FROM council_meetings").await;
    d.click(&format!(
        "form[action='/council/meetings/{m}/agenda'] button"
    ))
    .await;
    d.wait_for("Đã đưa các trường hợp vào chương trình họp.")
        .await;
    d.screenshot("50-meeting-agenda").await;
    d.click(&format!("input[name=p{phogiamdoc}]")).await;
    d.click(&format!("form[action='/council/meetings/{m}/open'] button"))
        .await;
    d.accept_alert().await;
    d.wait_for("Đã mở biểu quyết.").await;
    d.sign_out().await;

    // three members vote: hoidong is recused from PTNMT-CLD's lines and casts a secret ballot
    let vote = |user: &'static str, choices: Vec<(i64, &'static str)>| {
        let (d, app) = (&d, &app);
        async move {
            d.sign_in(app, user).await;
            d.goto(&app.url(&format!("/council/meetings/{m}"))).await;
            d.wait_for("Đang biểu quyết").await;
            for (l, choice) in &choices {
                d.click(&format!("input[name=v{l}][value={choice}]")).await;
            }
            d.click(&format!("form[action='/council/meetings/{m}/vote'] button"))
                .await;
            let html = d.wait_for("Mã biên nhận phiếu kín của bạn").await;
            d.screenshot(&format!("51-voted-{user}")).await;
            d.sign_out().await;
            html
        }
    };
    let html = d_source_after_sign_in_check(&d, &app, m).await;
    assert!(
        html.contains("Bạn không biểu quyết"),
        "recused lines show it"
    );
    vote("hoidong", vec![(hong, "for")]).await;
    vote("giamdoc", vec![(hue, "for"), (huyen, "for"), (hong, "for")]).await;
    vote(
        "vanphong",
        vec![(hue, "for"), (huyen, "against"), (hong, "for")],
    )
    .await;

    // the absent vice-chair casts her own secret ballot from her account; the show-of-hands lines
    // are hers to answer in writing
    let html = vote("phogiamdoc", vec![(hong, "against")]).await;
    assert!(html.contains("Gửi ý kiến bằng văn bản"));
    // the Office waits for the chair, who closes the ballot: each line decided by its rule
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/council/meetings/{m}"))).await;
    d.wait_for("Chờ Chủ tịch Hội đồng kết thúc biểu quyết.")
        .await;
    d.sign_out().await;
    d.sign_in(&app, "giamdoc").await;
    d.goto(&app.url(&format!("/council/meetings/{m}"))).await;
    d.click(&format!(
        "form[action='/council/meetings/{m}/close'] button"
    ))
    .await;
    d.accept_alert().await;
    d.wait_for("Đã kết thúc biểu quyết; kết quả đã được tính.")
        .await;
    d.screenshot("52-meeting-closed").await;
    d.sign_out().await;
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/council/meetings/{m}"))).await;
    let result = |l: i64| {
        let app = &app;
        async move {
            sqlx::query_scalar::<_, String>(&format!(
                "SELECT result FROM council_agenda WHERE line_id = {l}"
            ))
            .fetch_one(&app.db)
            .await
            .unwrap()
        }
    };
    // 2 of the 2 present (phogiamdoc absent); 1 of 2 is not more than half; 3 of 4 short of 90 %
    // (phogiamdoc against)
    assert_eq!(result(hue).await, "passed");
    assert_eq!(result(huyen).await, "failed");
    assert_eq!(result(hong).await, "failed");

    // the list is posted; a staff member objects; the Office dismisses the objection
    d.click(&format!(
        "form[action='/council/meetings/{m}/notice'] button"
    ))
    .await;
    d.accept_alert().await;
    d.wait_for("Đã công khai danh sách.").await;
    let n = app
        .scalar_i64(&format!("SELECT id FROM notices WHERE meeting_id = {m}"))
        .await;
    d.sign_out().await;
    d.sign_in(&app, "canbo").await;
    d.goto(&app.url(&format!("/notices/{n}"))).await;
    d.click(&format!("#f-line option[value='{hue}']")).await;
    d.click("input[name=kind][value=objection]").await;
    d.type_into("#f-body", "Đề nghị làm rõ kết quả quý IV.")
        .await;
    d.click(&format!("form[action='/notices/{n}/comments'] button"))
        .await;
    d.wait_for("Đã gửi ý kiến").await;
    d.screenshot("53-notice-objection").await;
    d.sign_out().await;
    let cid = app.scalar_i64("SELECT max(id) FROM notice_comments").await;
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/notices/{n}"))).await;
    d.wait_for("Có phản ánh chưa giải quyết").await;
    d.click("tr.comment details summary").await;
    d.click("input[name=outcome][value=dismissed]").await;
    d.type_into(
        &format!("#f-res-{cid}"),
        "Đã xác minh: hoàn thành nhiệm vụ.",
    )
    .await;
    d.click(&format!(
        "form[action='/notices/{n}/comments/{cid}/resolve'] button"
    ))
    .await;
    d.wait_for("Đã ghi nhận kết quả giải quyết.").await;
    // the period over (moved back here), the Office drafts the decision
    sqlx::query(&format!(
        "UPDATE notice_lines SET ends_on = DATE '2022-12-30' WHERE notice_id = {n}"
    ))
    .execute(&app.db)
    .await
    .unwrap();
    d.goto(&app.url(&format!("/notices/{n}"))).await;
    d.wait_for("Đủ điều kiện ra quyết định").await;
    d.click(&format!("form[action='/notices/{n}/decision'] button"))
        .await;
    d.wait_for("Đã lập dự thảo quyết định.").await;
    let dec = app.scalar_i64("SELECT max(id) FROM decisions").await;
    d.type_into("#f-decided_on", "30/12/2022").await;
    d.click(&format!("form[action='/decisions/{dec}'] button"))
        .await;
    d.wait_for("Đã lưu dự thảo.").await;
    d.sign_out().await;

    // the Director approves: number 01 of 2022; the document downloads
    d.sign_in(&app, "giamdoc").await;
    d.goto(&app.url(&format!("/decisions/{dec}"))).await;
    d.click(&format!("form[action='/decisions/{dec}/approve'] button"))
        .await;
    d.accept_alert().await;
    d.wait_for("Đã duyệt quyết định và lấy số.").await;
    let html = d.wait_for("01/QĐ-STNMT").await;
    assert!(
        html.contains("Võ Thị Mỹ Huệ")
            && html.contains("450.000")
            && html.contains(">0,3<")
            && html.contains("Nghị định 38/2019/NĐ-CP"),
        "{html}"
    );
    d.screenshot("54-decision-approved").await;
    let director = signed_in(&app, "giamdoc").await;
    let bytes = director
        .get(app.url(&format!("/decisions/{dec}.docx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = docx_text(&bytes);
    assert!(
        text.contains("Số: 01/QĐ-STNMT") && text.contains("Võ Thị Mỹ Huệ"),
        "{text}"
    );

    // the Director's office signs the PDF with the Director's certificate (a test CA made here)
    let pki = test_pki("Lê Minh Khoa", "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng");
    let at = |f: &str| pki.join(f).to_str().unwrap().to_string();
    let (unsigned, _, _, _, _) = signed_pdfs(&bytes, ("Lê Minh Khoa", "-"));
    let signed = sign_pdf(
        &unsigned,
        "Lê Minh Khoa",
        Some((&at("signer.key"), &at("signer.pem"), &at("root.pem"))),
    );
    let file = std::env::temp_dir().join(format!("thidua-signed-{}.pdf", std::process::id()));
    std::fs::write(&file, &signed).unwrap();
    d.sign_out().await;
    // the administrator loads the CA into the trust store and registers the Director's certificate
    d.sign_in(&app, "admin").await;
    d.goto(&app.url("/admin/trust")).await;
    d.send_file("#f-file", &at("root.pem")).await;
    d.click("form[action='/admin/trust'] button").await;
    d.wait_for("Đã nạp 1 mục vào kho chứng thư tin cậy.").await;
    d.wait_for("Thidua Test Root CA").await;
    let giamdoc = user_id(&app, "giamdoc").await;
    d.goto(&app.url(&format!("/admin/users/{giamdoc}"))).await;
    d.send_file("#f-signer-cert", &at("signer.pem")).await;
    d.click(&format!(
        "form[action='/admin/users/{giamdoc}/signing-certificates'] button"
    ))
    .await;
    d.wait_for("Đã xác nhận").await;
    d.screenshot("55a-signing-certificate").await;
    d.sign_out().await;
    let _ = std::fs::remove_dir_all(&pki);
    // the Office uploads the signed PDF and the decision is issued
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/decisions/{dec}"))).await;
    d.send_file("#f-file", file.to_str().unwrap()).await;
    d.click(&format!("form[action='/decisions/{dec}/issue'] button"))
        .await;
    d.wait_for("Đã ban hành quyết định").await;
    let _ = std::fs::remove_file(&file);
    d.wait_for("Thidua Test Root CA").await;
    d.wait_for("Đã kiểm tra").await;
    d.screenshot("55-decision-issued").await;
    // the certificates: the link on the issued decision, the PDF read back (name, code, QR code),
    // its first page kept as a picture; the print positions' page as the Office sees it
    // (the Department prints certificates of recognition for Lao động tiên tiến; the texts give
    // it none, so the regime's setting is turned on)
    sqlx::query("UPDATE titles SET certificate = 'recognition' WHERE code = 'LDTT'")
        .execute(&app.db)
        .await
        .unwrap();
    let link = format!("/decisions/{dec}/certificates.pdf");
    assert!(d.source().await.contains(&link));
    let office = signed_in(&app, "vanphong").await;
    let pdf = office
        .get(app.url(&link))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let read = read_pdf(&pdf);
    let first: String = sqlx::query_scalar(&format!(
        "SELECT verification_code FROM award_history WHERE decision_id = {dec}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(
        read.pages == 1
            && read.text.contains("Võ Thị Mỹ Huệ")
            && read.text.contains(&format!("Mã xác minh: {first}"))
            && read.qr == vec![format!("http://127.0.0.1/verify/{first}")],
        "{} {:?}",
        read.text,
        read.qr
    );
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::write(shots.join("58-certificates.pdf"), &pdf).unwrap();
    run_tool(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-png",
            "-singlefile",
            "58-certificates.pdf",
            "58-certificates",
        ],
        &shots,
    );
    let _ = std::fs::remove_file(shots.join("58-certificates.pdf"));
    d.click(&format!(
        "a[href='/certificate-layouts/{}']",
        app.scalar_i64("SELECT id FROM units WHERE code = 'STNMT'")
            .await
    ))
    .await;
    d.wait_for("Vị trí in giấy khen").await;
    d.screenshot("59-certificate-layout").await;
    // the registry shows the award with its code; the public page confirms it without signing in
    d.goto(&app.url("/registry?year=2022&q=vo+thi+my+hue"))
        .await;
    d.wait_for("Võ Thị Mỹ Huệ").await;
    d.screenshot("56-registry").await;
    let code: String = sqlx::query_scalar(&format!(
        "SELECT verification_code FROM award_history WHERE decision_id = {dec}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    d.click(&format!("a[href='/verify/{code}']")).await;
    d.wait_for("Khen thưởng có trong sổ khen thưởng").await;
    d.sign_out().await;
    d.goto(&app.url(&format!("/verify/{code}"))).await;
    let html = d.wait_for("Khen thưởng có trong sổ khen thưởng").await;
    assert!(
        html.contains("Võ Thị Mỹ Huệ") && html.contains("Lao động tiên tiến (2022)"),
        "{html}"
    );
    d.screenshot("57-verify-public").await;
    d.quit().await;
    app.cleanup().await;
}

#[tokio::test]
async fn the_office_submits_upward_records_the_province_and_amends_an_issued_decision() {
    let Some(d) = Driver::start().await else {
        return;
    };
    // the demo past the council (decision 01/QĐ-STNMT issued), and a Chiến sĩ thi đua cấp tỉnh
    // line for Nguyễn Ngọc Bích passed at the first meeting, its notice period over
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let line = province_line(&app).await;

    // the Office drafts the submission from the notice
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url("/notices/1")).await;
    d.click("form[action='/notices/1/submission'] button").await;
    d.wait_for("Đã lập dự thảo tờ trình.").await;
    let s = app.scalar_i64("SELECT max(id) FROM submissions").await;
    assert!(d.source().await.contains("Nguyễn Ngọc Bích"));
    // its dossier lacks papers the title asks for: the Office confirms sending without them
    d.wait_for("Hồ sơ còn thiếu").await;
    d.click(&format!(
        "form[action='/submissions/{s}/confirm-missing'] input[name=confirm]"
    ))
    .await;
    d.click(&format!(
        "form[action='/submissions/{s}/confirm-missing'] button"
    ))
    .await;
    d.wait_for("Đã ghi nhận xác nhận của Văn phòng").await;
    d.sign_out().await;
    // the Director signs and sends it: the next number of this year's register
    d.sign_in(&app, "giamdoc").await;
    d.goto(&app.url(&format!("/submissions/{s}"))).await;
    d.click(&format!("form[action='/submissions/{s}/send'] button"))
        .await;
    d.accept_alert().await;
    d.wait_for("Đã ký và trình; tờ trình đã có số.").await;
    d.wait_for("01/TTr-STNMT").await;
    d.sign_out().await;
    // the Office builds the dossier pack in the background and the page shows when it is ready
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url(&format!("/submissions/{s}"))).await;
    d.click(&format!("form[action='/submissions/{s}/pack'] button"))
        .await;
    d.wait_for("Đã bắt đầu đóng gói bộ hồ sơ.").await;
    d.wait_for(&format!("/submissions/{s}/pack.zip")).await;
    d.screenshot("61-submission-pack").await;
    let office = signed_in(&app, "vanphong").await;
    let r = office
        .get(app.url(&format!("/submissions/{s}/pack.zip")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
    let zip = r.bytes().await.unwrap();
    assert!(zip.starts_with(b"PK"), "a .zip");
    // the province's decision comes back: recorded against the line, which enters the registry
    d.type_into("#f-authority", "Chủ tịch Ủy ban nhân dân tỉnh")
        .await;
    d.type_into("#f-decision_no", "312/QĐ-UBND").await;
    // (a decision dated before the submission would be refused: it is dated today)
    let today = thidua::domain::dates::fmt_date(thidua::domain::dates::today_vn());
    d.type_into("#f-decided_on", &today).await;
    d.click(&format!("input[name=l{line}][value=awarded]"))
        .await;
    d.click(&format!("form[action='/submissions/{s}/outcome'] button"))
        .await;
    d.wait_for("Đã ghi nhận quyết định của cấp trên.").await;
    let html = d.wait_for("312/QĐ-UBND").await;
    let code: String = sqlx::query_scalar(&format!(
        "SELECT verification_code FROM award_history WHERE person_id =
           (SELECT person_id FROM proposal_lines WHERE id = {line}) AND title_code = 'CSTD_TINH'"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(html.contains(&code), "{html}");
    d.screenshot("62-submission-recorded").await;

    // the Office drafts a decision amending 01/QĐ-STNMT: a correction and one award revoked
    d.goto(&app.url("/decisions/1")).await;
    d.click("form[action='/decisions/1/amend'] button").await;
    d.accept_alert().await;
    d.wait_for("Đã lập dự thảo quyết định sửa đổi, đính chính")
        .await;
    let dec = app.scalar_i64("SELECT max(id) FROM decisions").await;
    let tai = app
        .scalar_i64(&format!(
            "SELECT dl.line_id FROM decision_lines dl JOIN proposal_lines l ON l.id = dl.line_id
               JOIN people p ON p.id = l.person_id
              WHERE dl.decision_id = {dec} AND p.full_name = 'Phan Văn Tài'"
        ))
        .await;
    d.type_into("#f-decided_on", "10/01/2023").await;
    d.click(&format!("input[name=revoke_{tai}]")).await;
    d.click(&format!("form[action='/decisions/{dec}'] button"))
        .await;
    // the correction is required: the form comes back with the box still ticked
    d.wait_for("Hãy ghi nội dung sửa đổi, đính chính").await;
    assert!(
        d.source()
            .await
            .contains(&format!("name=\"revoke_{tai}\" checked")),
        "kept as ticked"
    );
    d.type_into(
        "#f-correction",
        "Thu hồi danh hiệu Lao động tiên tiến năm 2022 của ông Phan Văn Tài do bị xử lý kỷ luật.",
    )
    .await;
    d.click(&format!("form[action='/decisions/{dec}'] button"))
        .await;
    d.wait_for("Đã lưu dự thảo.").await;
    d.screenshot("63-amending-draft").await;
    d.sign_out().await;
    d.sign_in(&app, "giamdoc").await;
    d.goto(&app.url(&format!("/decisions/{dec}"))).await;
    d.click(&format!("form[action='/decisions/{dec}/approve'] button"))
        .await;
    d.accept_alert().await;
    d.wait_for("Đã duyệt quyết định và lấy số.").await;
    d.wait_for("01/QĐ-STNMT").await;
    d.screenshot("64-amending-approved").await;
    d.sign_out().await;
    // the registry's national export is offered once a year is chosen
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url("/registry")).await;
    d.wait_for("Chọn một năm để xuất").await;
    d.goto(&app.url("/registry?year=2022")).await;
    d.click("a[href^='/registry/national.xlsx?year=2022']")
        .await;
    d.sign_out().await;
    d.quit().await;
    app.cleanup().await;
}

#[tokio::test]
async fn the_office_reads_the_reviews_filters_them_downloads_them_and_writes_the_report() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let ks = unit_id(&app, "KS").await;
    d.sign_in(&app, "vanphong").await;
    d.goto(&app.url("/campaigns/1")).await;
    d.click("a[href='/campaigns/1/review']").await;
    let html = d.wait_for("Tổng kết năm 2022").await;
    assert!(html.contains("<svg") && html.contains("Theo giới tính và đối tượng"));
    d.screenshot("70-year-end-review").await;
    d.click(&format!("#f-unit option[value='{ks}']")).await;
    d.click("form[action='/campaigns/1/review'] button").await;
    let html = d.wait_for("Tổng kết năm 2022 — Phòng Khoáng sản").await;
    assert!(
        html.contains(&format!("/campaigns/1/review.xlsx?unit={ks}")),
        "the export keeps the filter"
    );
    d.screenshot("71-year-end-review-unit").await;
    // the downloads, fetched by the browser with its own session
    let got = d
        .fetch(&format!("/campaigns/1/review.xlsx?unit={ks}"))
        .await;
    assert!(
        got.starts_with("200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet "),
        "{got}"
    );
    let got = d.fetch("/campaigns/1/review.docx").await;
    assert!(
        got.starts_with(
            "200 application/vnd.openxmlformats-officedocument.wordprocessingml.document "
        ),
        "{got}"
    );
    // the charts page, whole: nothing serious for a screen reader or a keyboard
    d.goto(&app.url("/campaigns/1/review")).await;
    d.wait_for("Tổng kết năm 2022").await;
    let found = d.axe_serious().await;
    assert!(found.is_empty(), "axe on the review page: {found:?}");
    // the draft report's text, written and saved
    d.click("a[href='/campaigns/1/review/report']").await;
    d.wait_for("Báo cáo tổng kết phong trào thi đua năm 2022")
        .await;
    let found = d.axe_serious().await;
    assert!(found.is_empty(), "axe on the report form: {found:?}");
    d.type_into(
        "#f-shortcomings",
        "Một số đơn vị gửi hồ sơ đề nghị khen thưởng chậm so với kế hoạch.",
    )
    .await;
    d.click("form[action='/campaigns/1/review/report'] button[type='submit']")
        .await;
    d.wait_for("Đã lưu báo cáo tổng kết").await;
    d.screenshot("72-year-end-report-form").await;
    // the mid-year review, from the campaign page
    d.goto(&app.url("/campaigns/1")).await;
    d.click("a[href='/campaigns/1/midyear']").await;
    let html = d.wait_for("Sơ kết 6 tháng đầu năm 2022").await;
    assert!(html.contains("<svg") && html.contains("Tiến độ bình quân"));
    let found = d.axe_serious().await;
    assert!(found.is_empty(), "axe on the mid-year review: {found:?}");
    d.screenshot("73-mid-year-review").await;
    let got = d.fetch("/campaigns/1/midyear.docx").await;
    assert!(
        got.starts_with(
            "200 application/vnd.openxmlformats-officedocument.wordprocessingml.document "
        ),
        "{got}"
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM review_reports WHERE shortcomings LIKE 'Một số đơn vị gửi hồ sơ%'"
        )
        .await,
        1
    );
    d.sign_out().await;
    d.quit().await;
    app.cleanup().await;
}

#[tokio::test]
async fn the_director_looks_at_the_year_drills_into_a_unit_and_compares_the_years() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let vpdkdd = unit_id(&app, "VPDKDD").await;
    d.sign_in(&app, "giamdoc").await;
    d.goto(&app.url("/campaigns/1")).await;
    d.click("a[href='/campaigns/1/dashboard']").await;
    d.wait_for("Năm nhìn chung").await;
    let found = d.axe_serious().await;
    assert!(found.is_empty(), "axe on the dashboard: {found:?}");
    d.screenshot("74-dashboard").await;
    // drill down into a unit, and back by the trail
    d.click(&format!("a[href='/campaigns/1/dashboard?unit={vpdkdd}']"))
        .await;
    let html = d
        .wait_for("Tổng quan 2022 — Văn phòng Đăng ký đất đai")
        .await;
    assert!(html.contains("Chi nhánh Văn phòng Đăng ký đất đai thành phố Sóc Trăng"));
    d.screenshot("75-dashboard-unit").await;
    d.click("nav.crumbs a[href='/campaigns/1/dashboard']").await;
    d.wait_for("Năm nhìn chung").await;
    // the earlier years, from the review
    d.goto(&app.url("/campaigns/1/review")).await;
    d.click("a[href='/campaigns/1/trends']").await;
    let html = d.wait_for("So sánh qua các năm").await;
    assert!(html.contains("<svg") && html.contains("Theo đơn vị"));
    let found = d.axe_serious().await;
    assert!(found.is_empty(), "axe on the comparison: {found:?}");
    d.screenshot("76-trends").await;
    // registrations against awards: a count leads to its list
    d.goto(&app.url("/campaigns/1/review")).await;
    d.click("a[href='/campaigns/1/review/outcomes']").await;
    d.wait_for("Đăng ký và kết quả khen thưởng").await;
    let found = d.axe_serious().await;
    assert!(
        found.is_empty(),
        "axe on registrations and awards: {found:?}"
    );
    d.click("a[href*='reached=not_eligible']").await;
    let html = d.wait_for("Điều kiện chưa đạt").await;
    assert!(
        html.contains("value=\"not_eligible\" selected"),
        "the filter kept"
    );
    d.screenshot("77-outcomes").await;
    d.sign_out().await;
    d.quit().await;
    app.cleanup().await;
}

/// hoidong, signed in, sees the open meeting with the lines they are recused from marked (the page
/// as they read it before voting).
async fn d_source_after_sign_in_check(d: &Driver, app: &TestApp, m: i64) -> String {
    d.sign_in(app, "hoidong").await;
    d.goto(&app.url(&format!("/council/meetings/{m}"))).await;
    let html = d.wait_for("Đang biểu quyết").await;
    d.sign_out().await;
    html
}

/// The items of the task list on the page as it is now: (kind, link) of each.
async fn task_items(d: &Driver) -> Vec<(String, String)> {
    let html = d.source().await;
    let Some(start) = html.find("<section class=\"card tasks\"") else {
        return Vec::new();
    };
    let end = start + html[start..].find("</section>").unwrap_or(0);
    html[start..end]
        .split("data-kind=\"")
        .skip(1)
        .map(|s| {
            let kind = s.split('"').next().unwrap_or("").to_string();
            let href = s
                .split("href=\"")
                .nth(1)
                .and_then(|h| h.split('"').next())
                .unwrap_or("")
                .to_string();
            (kind, href)
        })
        .collect()
}

/// Issue 30 on the demo as served: each role finds on its home page what the demo holds for it
/// (the Director the draft decision, the Office the proposals to check and the meeting being
/// prepared, the unit head the review to hold, a council member the meeting's agenda, staff their
/// registration), never fixed text; the Director approves from home in 3 clicks and the Office
/// decides one unit's lines in at most 5; the home pages pass axe-core.
#[tokio::test]
async fn every_role_finds_its_work_at_home_and_does_it_in_few_clicks() {
    let Some(d) = Driver::start().await else {
        return;
    };
    let app = spawn_served_demo().await;
    let expect: [(&str, &[&str]); 5] = [
        ("giamdoc", &["approve_decision", "meeting_agenda"]),
        ("vanphong", &["decide_lines", "prepare_meeting"]),
        ("truongphong", &["hold_review"]),
        ("hoidong", &["meeting_agenda"]),
        ("canbo", &["register"]),
    ];
    for (user, kinds) in expect {
        d.sign_in(&app, user).await;
        d.wait_for("Việc cần làm").await;
        let items = task_items(&d).await;
        for k in kinds {
            assert!(
                items.iter().any(|(x, _)| x == k),
                "{user}: no {k} in {items:?}"
            );
        }
        let html = d.source().await;
        assert!(
            !html.contains("Không có việc nào đang chờ bạn"),
            "{user}: work waits, the page must not say otherwise"
        );
        assert_eq!(d.axe_serious().await, Vec::<String>::new(), "{user}'s home");
        d.screenshot(&format!("30-home-{user}")).await;
        d.sign_out().await;
    }

    // a member of staff, from home to a registration sent and their eligibility read
    d.sign_in(&app, "canbo").await;
    d.wait_for("Việc cần làm").await;
    let mut clicks = 0;
    d.click("li[data-kind='register'] a").await;
    clicks += 1;
    d.wait_for("Đăng ký thi đua của tôi").await;
    let campaign = d
        .url()
        .await
        .split("/campaigns/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap();
    let ldtt = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
              WHERE c.id = {campaign} AND t.code = 'LDTT'"
        ))
        .await;
    d.click(&format!("#f-title_id option[value='{ldtt}']"))
        .await;
    clicks += 1;
    d.type_into("#f-target-1", "Giải quyết 100% hồ sơ đúng hạn")
        .await;
    d.click("button[name=action][value=submit]").await;
    clicks += 1;
    d.accept_alert().await;
    clicks += 1;
    d.wait_for("Đã gửi đăng ký thi đua").await;
    d.click("#my-eligibility").await;
    clicks += 1;
    d.wait_for("<h1>Điều kiện khen thưởng của tôi").await;
    let url = d.url().await;
    assert!(
        url.contains(&format!("/campaigns/{campaign}/eligibility")),
        "{url}"
    );
    assert!(clicks <= 5, "staff: {clicks} clicks");
    d.screenshot("30-staff-eligibility").await;
    d.sign_out().await;

    // the Director, from home to an approved decision: the task, the button, the confirmation
    d.sign_in(&app, "giamdoc").await;
    d.wait_for("Việc cần làm").await;
    let mut clicks = 0;
    d.click("li[data-kind='approve_decision'] a").await;
    clicks += 1;
    d.wait_for("Duyệt quyết định").await;
    d.click("form[action$='/approve'] button[type=submit]")
        .await;
    clicks += 1;
    d.accept_alert().await;
    clicks += 1;
    d.wait_for("Đã duyệt quyết định và lấy số").await;
    assert!(clicks <= 3, "{clicks} clicks");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM decisions WHERE status = 'approved'")
            .await,
        1
    );
    d.goto(&app.url("/")).await;
    d.wait_for("Việc cần làm").await;
    assert!(
        !task_items(&d)
            .await
            .iter()
            .any(|(k, _)| k == "approve_decision"),
        "the approved draft left the Director's list"
    );
    d.sign_out().await;

    // the Office decides the unit with the most lines waiting: the eligible ones at once, then
    // the rest ticked together
    let (p, waiting) = {
        let r: (i64, i64) = sqlx::query_as(
            "SELECT p.id, count(*) FROM proposals p JOIN proposal_lines l ON l.proposal_id = p.id
              WHERE p.status = 'submitted' AND l.status = 'submitted'
              GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        r
    };
    assert!(waiting >= 20, "a unit with many lines: {waiting}");
    d.sign_in(&app, "vanphong").await;
    d.wait_for("Việc cần làm").await;
    let mut clicks = 0;
    d.click(&format!(
        "li[data-kind='decide_lines'] a[href='/proposals/{p}']"
    ))
    .await;
    clicks += 1;
    d.wait_for("Quyết định nhiều trường hợp cùng lúc").await;
    d.screenshot("30-office-bulk").await;
    // every waiting line ticked at once (the box in the table's head), accepted together
    d.click("input[data-select-all]").await;
    clicks += 1;
    d.click("#bulk button[value=accept]").await;
    clicks += 1;
    d.accept_alert().await;
    clicks += 1;
    d.wait_for(&format!("Đã tiếp nhận {waiting} trường hợp"))
        .await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposal_lines WHERE proposal_id = {p} AND status = 'submitted'"
        ))
        .await,
        0,
        "every line decided"
    );
    assert!(clicks <= 5, "{waiting} lines in {clicks} clicks");
    d.screenshot("30-office-decided").await;
    d.quit().await;
    app.cleanup().await;
}

/// The pages a signed-in person reaches by following links from home (same site, GET, no
/// downloads, no signing out), breadth first, at most `limit`.
async fn crawl(d: &Driver, app: &TestApp, limit: usize) -> Vec<String> {
    let mut seen: Vec<String> = vec!["/".to_string()];
    let mut next = 0;
    while next < seen.len() && seen.len() < limit {
        d.goto(&app.url(&seen[next])).await;
        next += 1;
        let links = d
            .run_async(
                "return Array.from(document.querySelectorAll('main a[href^=\"/\"], header a[href^=\"/\"]'))
                   .map(a => a.getAttribute('href'))",
            )
            .await;
        for h in links
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let h = h.split('#').next().unwrap_or("").to_string();
            let download = [".docx", ".xlsx", ".pdf", ".zip", ".png", ".json"]
                .iter()
                .any(|x| h.split('?').next().unwrap_or("").ends_with(x));
            let skip = download
                || h.starts_with("/documents/")
                || h.starts_with("/static/")
                || h.starts_with("/logout")
                || h.starts_with("/lang")
                || h.starts_with("/api/")
                || h.is_empty();
            if !skip && !seen.contains(&h) && seen.len() < limit {
                seen.push(h);
            }
        }
    }
    seen
}

/// Issue 30, 7: on a phone (390 px), no page a role reaches from home scrolls sideways, and the
/// header with the demo notice stays within about 120 px; every page still passes axe-core.
#[tokio::test]
async fn no_page_scrolls_sideways_on_a_phone() {
    let Some(d) = Driver::phone().await else {
        return;
    };
    let app = spawn_served_demo().await;
    let mut wide = Vec::new();
    let mut checked = 0;
    for user in [
        "canbo",
        "truongphong",
        "vanphong",
        "giamdoc",
        "hoidong",
        "admin",
    ] {
        d.sign_in(&app, user).await;
        let top = d
            .run_async("return Math.round(document.querySelector('.demo-banner').getBoundingClientRect().bottom)")
            .await
            .as_i64()
            .unwrap_or(i64::MAX);
        assert!(
            top <= 130,
            "{user}: the header and the demo notice end at {top} px"
        );
        if user == "vanphong" {
            d.screenshot("30-phone-home-vanphong").await;
        }
        for page in crawl(&d, &app, 45).await {
            d.goto(&app.url(&page)).await;
            let w = d
                .run_async("return [document.scrollingElement.scrollWidth, window.innerWidth]")
                .await;
            let (scroll, inner) = (w[0].as_i64().unwrap_or(0), w[1].as_i64().unwrap_or(0));
            checked += 1;
            if scroll > inner {
                wide.push(format!("{user} {page}: {scroll} > {inner}"));
            }
            let axe = d.axe_serious().await;
            assert!(axe.is_empty(), "{user} {page}: {axe:?}");
        }
        d.sign_out().await;
    }
    assert!(checked > 100, "only {checked} pages reached");
    assert!(
        wide.is_empty(),
        "pages wider than the phone:\n{}",
        wide.join("\n")
    );
    d.goto(&app.url("/")).await;
    d.quit().await;
    app.cleanup().await;
}
