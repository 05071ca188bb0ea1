//! Test harness: each test gets its own PostgreSQL database (migrated, demo data loaded) and a real
//! server on a random port, driven over HTTP like a browser would.
#![allow(dead_code)]

use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use thidua::config::Settings;
use thidua::startup::{self, Application};
use tokio::sync::oneshot;

pub const PW: &str = "thidua-demo";
pub mod paper;

pub fn base_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://127.0.0.1/postgres".to_string())
}

pub fn db_url(name: &str) -> String {
    let base = base_url();
    match base.rfind('/') {
        Some(i) => format!("{}/{name}", &base[..i]),
        None => format!("{base}/{name}"),
    }
}

pub struct TestApp {
    pub addr: String,
    pub db: PgPool,
    pub db_name: String,
    pub settings: Settings,
    stop: Vec<oneshot::Sender<()>>,
    /// the running servers' shared state (their caches)
    pub states: Vec<thidua::state::AppState>,
    /// the database has been dropped (by `cleanup`); otherwise `Drop` drops it, panic or not
    dropped: bool,
}

/// Drops a test database (with its connections), from any thread.
pub async fn drop_database(name: &str) {
    if let Ok(admin) = PgPoolOptions::new()
        .max_connections(1)
        .connect(&base_url())
        .await
    {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&admin)
            .await;
        admin.close().await;
    }
}

impl Drop for TestApp {
    /// A test that panics never reaches `cleanup`: its database is dropped here, on a thread of its
    /// own (this may run inside the test's runtime, which cannot be blocked on).
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        for s in self.stop.drain(..) {
            let _ = s.send(());
        }
        let name = self.db_name.clone();
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(drop_database(&name));
            }
        })
        .join();
    }
}

/// A fresh database with the demo organisation, and a server on it.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// The app on the demo as `serve --demo` loads it: the 2022 year as it happened and closed, the
/// current campaign open for registration.
pub async fn spawn_served_demo() -> TestApp {
    spawn(|_| {}, true).await
}

pub async fn spawn_app_with(tweak: impl FnOnce(&mut Settings)) -> TestApp {
    spawn(tweak, false).await
}

async fn spawn(tweak: impl FnOnce(&mut Settings), served: bool) -> TestApp {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("THIDUA_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
    let mut bytes = [0u8; 6];
    getrandom::fill(&mut bytes).unwrap();
    let db_name = format!(
        "thidua_test_{}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    );
    let url = db_url(&db_name);
    let mut settings = Settings::for_tests(&url);
    tweak(&mut settings);
    startup::ensure_database(&url)
        .await
        .expect("create test database");
    let pool = startup::connect(&settings).await.expect("connect");
    startup::migrate(&pool).await.expect("migrate");
    if served {
        thidua::demo::seed_full(&pool, None)
            .await
            .expect("seed demo");
    } else {
        thidua::demo::seed(&pool, None).await.expect("seed demo");
    }
    let mut app = TestApp {
        addr: String::new(),
        db: pool.clone(),
        db_name,
        settings: settings.clone(),
        stop: vec![],
        states: vec![],
        dropped: false,
    };
    app.addr = app.start_server(settings, pool).await;
    app
}

impl TestApp {
    /// Starts another server (another "instance") on the same database; returns its base URL.
    pub async fn start_server(&mut self, settings: Settings, pool: PgPool) -> String {
        let application = Application::build_with_pool(settings, pool)
            .await
            .expect("build");
        let addr = format!("http://127.0.0.1:{}", application.port());
        self.states.push(application.state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(application.run_with_shutdown(async move {
            let _ = rx.await;
        }));
        self.stop.push(tx);
        addr
    }

    /// A second instance with its own connection pool to the same database.
    pub async fn second_instance(&mut self) -> String {
        let settings = self.settings.clone();
        let pool = startup::connect(&settings).await.expect("connect");
        self.start_server(settings, pool).await
    }

    /// Waits until every server has heard the changes committed so far (a test that changes the
    /// database with SQL and then asks a server with a session it already used). Also waits until
    /// each server listens, so that a test of the caches finds them in use.
    pub async fn settle(&self) {
        for s in &self.states {
            let started = std::time::Instant::now();
            while !s.caches.sessions.is_live()
                && started.elapsed() < std::time::Duration::from_secs(5)
            {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
            assert!(
                s.caches.sessions.settle(&s.db).await,
                "a server did not hear its marker"
            );
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.addr, path)
    }

    /// Stops the servers and drops the database.
    pub async fn cleanup(mut self) {
        for s in self.stop.drain(..) {
            let _ = s.send(());
        }
        self.db.close().await;
        drop_database(&self.db_name).await;
        self.dropped = true;
    }

    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&self.db)
            .await
            .expect(sql)
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

/// The value of the first `csrf_token` hidden input in the page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let i = html.find(marker).expect("page has a csrf_token field") + marker.len();
    html[i..i + html[i..].find('"').unwrap()].to_string()
}

pub async fn get(c: &Client, url: &str) -> (StatusCode, String) {
    let r = c.get(url).send().await.expect("GET");
    let s = r.status();
    (s, r.text().await.unwrap_or_default())
}

/// Signs in through the form; returns the response to POST /login.
pub async fn login_with(app: &TestApp, c: &Client, user: &str, pw: &str) -> Response {
    let (_, html) = get(c, &app.url("/login")).await;
    let token = csrf_of(&html);
    c.post(app.url("/login"))
        .form(&[
            ("username", user),
            ("password", pw),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .expect("POST /login")
}

/// A client signed in as `user` (demo password).
pub async fn signed_in(app: &TestApp, user: &str) -> Client {
    let c = client();
    let r = login_with(app, &c, user, PW).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "sign-in as {user}");
    c
}

/// The CSRF token of the signed-in session (read from the home page).
pub async fn token(app: &TestApp, c: &Client) -> String {
    let (s, html) = get(c, &app.url("/account")).await;
    assert_eq!(s, StatusCode::OK);
    csrf_of(&html)
}

/// POSTs a form with the session's CSRF token added.
pub async fn post_form(app: &TestApp, c: &Client, path: &str, fields: &[(&str, &str)]) -> Response {
    let t = token(app, c).await;
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.push(("csrf_token", t.as_str()));
    c.post(app.url(path)).form(&all).send().await.expect("POST")
}

pub fn location(r: &Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

pub async fn person_id(app: &TestApp, full_name: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM people WHERE full_name = $1")
        .bind(full_name)
        .fetch_one(&app.db)
        .await
        .expect(full_name)
}

pub async fn unit_id(app: &TestApp, code: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM units WHERE code = $1")
        .bind(code)
        .fetch_one(&app.db)
        .await
        .expect(code)
}

pub async fn user_id(app: &TestApp, username: &str) -> i64 {
    sqlx::query_scalar::<_, i64>("SELECT id FROM users WHERE username = $1")
        .bind(username)
        .fetch_one(&app.db)
        .await
        .expect(username)
}

/// The body `c` downloads from `url`.
pub async fn download(c: &Client, url: &str) -> Vec<u8> {
    let r = c.get(url).send().await.expect("a response");
    r.bytes().await.expect("a body").to_vec()
}

/// One sheet of the .xlsx `c` downloads from `url`, read back with calamine.
pub async fn xlsx_sheet(c: &Client, url: &str, sheet: &str) -> calamine::Range<calamine::Data> {
    use calamine::Reader;
    let bytes = download(c, url).await;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("an .xlsx");
    wb.worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("no sheet {sheet}: {e}"))
}

/// A part of a .docx (or any zip), as text.
pub fn docx_part(docx: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut out = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut out)
        .expect("UTF-8");
    out
}

/// The text of a .docx's main document, read with an XML parser: a line per paragraph (`w:p`, table
/// cells included, in document order), its `w:t` texts joined, `w:tab` as a tab.
pub fn docx_text(docx: &[u8]) -> String {
    let xml = docx_part(docx, "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| !n.ancestors().any(|a| a.tag_name().name() == "pPr"))
                .filter_map(|n| match n.tag_name().name() {
                    // a figure's non-breaking space before its sign reads as a space
                    "t" => Some(n.text().unwrap_or("").replace('\u{a0}', " ")),
                    "tab" => Some("\t".to_string()),
                    "noBreakHyphen" => Some("-".to_string()),
                    _ => None,
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The XML parses, with one root.
pub fn assert_well_formed(name: &str, xml: &str) {
    if let Err(e) = roxmltree::Document::parse(xml) {
        panic!("{name}: {e}");
    }
}

/// The child elements of every `w:{parent}` follow `order` (ECMA-376's sequences).
pub fn assert_children_in_order(xml: &str, parent: &str, order: &[&str]) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let mut checked = 0;
    for p in doc.descendants().filter(|n| n.tag_name().name() == parent) {
        checked += 1;
        let mut last = None;
        for child in p.children().filter(|c| c.is_element()) {
            let name = child.tag_name().name();
            let pos = order
                .iter()
                .position(|o| o.split('|').any(|x| x == name))
                .unwrap_or_else(|| panic!("unexpected {name} in {parent}"));
            assert!(
                last.is_none_or(|l| l <= pos),
                "{name} out of order in {parent}"
            );
            last = Some(pos);
        }
    }
    assert!(checked > 0, "no {parent}");
}

/// Runs a tool the tests need (scripts/test-setup.sh installs it) in `dir`.
pub fn run_tool(cmd: &str, args: &[&str], dir: &std::path::Path) {
    paper::tool(cmd, args, dir);
}

/// A decision's .docx through LibreOffice to PDF, and that PDF signed as `signer` and as `other`
/// would (scripts/sign-pdf.py, pyhanko with a self-signed certificate): (unsigned, signed,
/// signed by the other, the text pdftotext reads, the first page as PNG).
pub fn signed_pdfs(
    docx: &[u8],
    (signer, other): (&str, &str),
) -> (Vec<u8>, Vec<u8>, Vec<u8>, String, Vec<u8>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "thidua-decision-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("qd.docx"), docx).unwrap();
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    run_tool(
        "soffice",
        &["--headless", &profile, "--convert-to", "pdf", "qd.docx"],
        &dir,
    );
    run_tool("pdftotext", &["-layout", "qd.pdf", "qd.txt"], &dir);
    run_tool(
        "pdftoppm",
        &[
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "qd.pdf",
            "qd",
        ],
        &dir,
    );
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let out = (
        read("qd.pdf"),
        sign_pdf(&read("qd.pdf"), signer, None),
        sign_pdf(&read("qd.pdf"), other, None),
        String::from_utf8_lossy(&read("qd.txt")).into_owned(),
        read("qd.png"),
    );
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// `pdf` signed in the name of `signer` (scripts/sign-pdf.py, pyhanko): with `with` = (key, cert,
/// chain) of a test PKI (see `test_pki`), else with a self-signed certificate made on the fly.
pub fn sign_pdf(pdf: &[u8], signer: &str, with: Option<(&str, &str, &str)>) -> Vec<u8> {
    let dir = scratch_dir("sign");
    std::fs::write(dir.join("in.pdf"), pdf).unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/sign-pdf.py");
    let mut args = vec![script.to_str().unwrap(), "in.pdf", "out.pdf", signer];
    if let Some((key, cert, chain)) = with {
        args.extend([key, cert, chain]);
    }
    run_tool("python3", &args, &dir);
    let out = std::fs::read(dir.join("out.pdf")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// A fresh directory under the temporary directory, named after this process and a counter.
pub fn scratch_dir(what: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "thidua-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A test certification authority made for this test (scripts/test-pki.py): root.pem, and
/// signer/revoked/nosign/org .pem and .key, crl.pem, stale-crl.pem, org.p12 (password "org-pass").
/// The caller removes the directory.
pub fn test_pki(signer: &str, org: &str) -> std::path::PathBuf {
    let dir = scratch_dir("pki");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/test-pki.py");
    run_tool(
        "python3",
        &[script.to_str().unwrap(), dir.to_str().unwrap(), signer, org],
        &dir,
    );
    dir
}

/// What poppler and zbar read of a PDF the app wrote.
pub struct PdfRead {
    pub pages: usize,
    /// the page size as pdfinfo prints it ("841.89 x 595.276 pts (A4)")
    pub page_size: String,
    pub text: String,
    /// pdffonts' table
    pub fonts: String,
    /// every QR code's content on every page, in page order
    pub qr: Vec<String>,
}

/// Reads `pdf` back with pdfinfo, pdftotext, pdffonts, and pdftoppm + zbarimg for its QR codes.
pub fn read_pdf(pdf: &[u8]) -> PdfRead {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "thidua-pdf-read-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in.pdf"), pdf).unwrap();
    let out = |cmd: &str, args: &[&str]| -> String {
        let o = std::process::Command::new(cmd)
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("{cmd}: {e} (scripts/test-setup.sh installs it)"));
        assert!(
            o.status.success() || cmd == "zbarimg",
            "{cmd}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let info = out("pdfinfo", &["in.pdf"]);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let pages: usize = field("Pages:").parse().unwrap_or(0);
    let page_size = field("Page size:");
    let text = out("pdftotext", &["-layout", "in.pdf", "-"]);
    let fonts = out("pdffonts", &["in.pdf"]);
    run_tool("pdftoppm", &["-r", "150", "-png", "in.pdf", "page"], &dir);
    let mut pngs: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("page") && n.ends_with(".png"))
        .collect();
    pngs.sort();
    let mut qr = Vec::new();
    for png in &pngs {
        let found = out(
            "zbarimg",
            &["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png],
        );
        qr.extend(found.lines().map(String::from));
    }
    let _ = std::fs::remove_dir_all(&dir);
    PdfRead {
        pages,
        page_size,
        text,
        fonts,
        qr,
    }
}

/// Adds a CSTĐ cấp tỉnh line for Nguyễn Ngọc Bích to KS's accepted proposal in the demo, passed at
/// its meeting 1 (4 of 4 by secret ballot) and posted on its notice 1 until 28/12/2022. Its id.
pub async fn province_line(app: &TestApp) -> i64 {
    let line: i64 = sqlx::query_scalar(
        "INSERT INTO proposal_lines (proposal_id, person_id, title_id, status, eligibility)
         SELECT p.id, pe.id, t.id, 'accepted', 'eligible'
           FROM proposals p JOIN units u ON u.id = p.unit_id
           JOIN campaigns c ON c.id = p.campaign_id
           JOIN titles t ON t.rule_set_id = c.rule_set_id AND t.code = 'CSTD_TINH'
           JOIN people pe ON pe.full_name = 'Nguyễn Ngọc Bích' AND pe.unit_id = u.id
          WHERE u.code = 'KS' RETURNING id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO council_agenda (meeting_id, line_id, position, ballot, share, base, strict,
                votes_for, votes_against, votes_abstain, counted_over, needed, result)
         VALUES (1, $1, 99, 'secret', 9000, 'members', false, 4, 0, 0, 4, 4, 'passed')",
    )
    .bind(line)
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO notice_lines (notice_id, line_id, ends_on) VALUES (1, $1, '2022-12-28')",
    )
    .bind(line)
    .execute(&app.db)
    .await
    .unwrap();
    line
}

/// The organisation's key (the test PKI's org.key) in a fresh SoftHSM2 token of its own (named
/// `thidua-seal-…`, see the config's `token`), as the app's configuration names it. SoftHSM2 reads
/// its configuration once per process from SOFTHSM2_CONF, which `.cargo/config.toml` sets for the
/// test binary (never set here: changing the environment of a process whose other tests run in
/// threads is unsound); every token of this run lives in that configuration's directory, emptied by
/// the first test that asks.
pub fn softhsm_seal(pki: &std::path::Path) -> thidua::seal::SealConfig {
    static CONF: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    let conf = std::path::PathBuf::from(
        std::env::var_os("SOFTHSM2_CONF")
            .expect("SOFTHSM2_CONF (set by .cargo/config.toml for cargo test)"),
    );
    CONF.get_or_init(|| {
        let tokens = conf.with_file_name("softhsm-tokens");
        let _ = std::fs::remove_dir_all(&tokens);
        std::fs::create_dir_all(&tokens).unwrap();
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                tokens.display()
            ),
        )
        .unwrap();
    });
    let mut b = [0u8; 4];
    getrandom::fill(&mut b).unwrap();
    let token = format!(
        "thidua-seal-{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    );
    for args in [
        vec![
            "--init-token",
            "--free",
            "--label",
            &token,
            "--pin",
            "1234",
            "--so-pin",
            "5678",
        ],
        vec![
            "--import", "org.key", "--token", &token, "--label", "seal", "--id", "01", "--pin",
            "1234",
        ],
    ] {
        run_tool("softhsm2-util", &args, pki);
    }
    let chain = [
        std::fs::read(pki.join("org.pem")).unwrap(),
        std::fs::read(pki.join("root.pem")).unwrap(),
    ]
    .concat();
    std::fs::write(pki.join("org-chain.pem"), chain).unwrap();
    thidua::seal::SealConfig::Pkcs11 {
        module: "/usr/lib/softhsm/libsofthsm2.so".into(),
        token,
        key: "seal".into(),
        pin: "1234".into(),
        cert: pki.join("org-chain.pem"),
    }
}

/// `pdf` carries two signatures, the signer's and the organisation's after it, both valid and
/// chaining to the test root: as pdfsig reads them (with an NSS database trusting the root) and
/// as pyHanko validates them.
pub fn two_valid_signatures(pdf: &[u8], pki: &std::path::Path, org: &str) {
    std::fs::write(pki.join("issued.pdf"), pdf).unwrap();
    // a fresh NSS database each time (certutil -N on an existing one asks for its password)
    let nss = pki.join("nss");
    let _ = std::fs::remove_dir_all(&nss);
    std::fs::create_dir_all(&nss).unwrap();
    let db = format!("sql:{}", nss.display());
    run_tool("certutil", &["-N", "-d", &db, "--empty-password"], pki);
    run_tool(
        "certutil",
        &[
            "-A", "-d", &db, "-n", "root", "-t", "C,C,C", "-i", "root.pem",
        ],
        pki,
    );
    let out = std::process::Command::new("pdfsig")
        .args(["-nssdir", &db, "issued.pdf"])
        .current_dir(pki)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(report.matches("Signature is Valid.").count(), 2, "{report}");
    assert_eq!(
        report.matches("Certificate is Trusted.").count(),
        2,
        "{report}"
    );
    assert!(
        report.contains("Signer Certificate Common Name: Lê Minh Khoa")
            && report.contains(&format!("Signer Certificate Common Name: {org}"))
            && report.contains("ETSI.CAdES.detached"),
        "{report}"
    );
    // the organisation's signature is the last and covers the whole file
    let second = &report[report.find("Signature #2:").unwrap()..];
    assert!(second.contains("Total document signed"), "{report}");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/validate-pdf.py");
    let out = std::process::Command::new("python3")
        .args([script.to_str().unwrap(), "issued.pdf", "root.pem"])
        .current_dir(pki)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "pyHanko: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("signatures=2")
            && said.contains(&format!("signer={org}"))
            && said.contains("coverage=ENTIRE_FILE"),
        "{said}"
    );
}

/// A test CA (see `test_pki`) trusted by the app, and the signer's certificate confirmed on
/// `username`'s account, written straight into the database (tests/app/decisions.rs goes through the
/// pages). The caller removes the directory.
pub async fn trusted_test_ca(app: &TestApp, username: &str) -> std::path::PathBuf {
    let pki = test_pki("Lê Minh Khoa", "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng");
    let read = |f: &str| {
        thidua::domain::pki::certificates(&std::fs::read(pki.join(f)).unwrap())
            .unwrap()
            .remove(0)
    };
    let (root, signer) = (read("root.pem"), read("signer.pem"));
    sqlx::query(
        "INSERT INTO trust_anchors (kind, der, sha256, subject, issuer) VALUES ('ca', $1, $2, $3, $4)",
    )
    .bind(&root.der)
    .bind(&root.sha256)
    .bind(&root.subject)
    .bind(&root.issuer)
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO signer_certificates (user_id, der, sha256, subject, issuer, serial, valid_from,
                                          valid_to, status, confirmed_at)
         SELECT id, $1, $2, $3, $4, $5, $6, $7, 'confirmed', now() FROM users WHERE username = $8",
    )
    .bind(&signer.der)
    .bind(&signer.sha256)
    .bind(&signer.subject)
    .bind(&signer.issuer)
    .bind(&signer.serial)
    .bind(signer.valid_from)
    .bind(signer.valid_to)
    .bind(username)
    .execute(&app.db)
    .await
    .unwrap();
    pki
}

/// `pdf` signed with the test CA's signer certificate (see `trusted_test_ca`).
pub fn signed_by_test_signer(pdf: &[u8], pki: &std::path::Path) -> Vec<u8> {
    let at = |f: &str| pki.join(f).to_str().unwrap().to_string();
    sign_pdf(
        pdf,
        "Lê Minh Khoa",
        Some((&at("signer.key"), &at("signer.pem"), &at("root.pem"))),
    )
}
