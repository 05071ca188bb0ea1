//! E-mail copies of notifications, delivered to a real SMTP server (Python's aiosmtpd, from Debian,
//! writing every message it receives into a Maildir), and read back with Python's e-mail parser.

use crate::common::*;
use reqwest::StatusCode;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// An SMTP server on `port` storing messages under `dir/new`.
struct SmtpServer {
    child: Child,
    dir: PathBuf,
}

/// Whether the e-mail tests run: they fail without aiosmtpd, unless THIDUA_SKIP_MAIL=1 says to skip
/// them knowingly.
fn mail_tests_run() -> bool {
    if std::env::var("THIDUA_SKIP_MAIL").as_deref() == Ok("1") {
        eprintln!("SKIPPED (THIDUA_SKIP_MAIL=1): the e-mail tests did not run");
        return false;
    }
    let ok = Command::new("/usr/bin/python3")
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "Python's aiosmtpd is missing: run scripts/test.sh (it installs python3-aiosmtpd), or set \
         THIDUA_SKIP_MAIL=1 to skip the e-mail tests knowingly"
    );
    true
}

impl SmtpServer {
    async fn start(port: u16) -> SmtpServer {
        let dir = std::env::temp_dir().join(format!("thidua-mail-{port}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut child = Command::new("/usr/bin/python3")
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd (apt-get install python3-aiosmtpd)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return SmtpServer { child, dir };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start on {port}");
    }

    fn messages(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.dir.join("new"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    async fn wait_for(&self, n: usize) -> Vec<PathBuf> {
        for _ in 0..200 {
            let m = self.messages();
            if m.len() >= n {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "expected {n} messages, the server holds {}",
            self.messages().len()
        );
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A message as Python's e-mail parser reads it: (To, decoded Subject, decoded body).
fn parse(path: &Path) -> (String, String, String) {
    let script = r#"
import email, email.header, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print(m['To'])
print(m['Subject'])
print(m.get_body().get_content())
"#;
    let out = Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = text.splitn(3, '\n');
    (
        lines.next().unwrap_or("").to_string(),
        lines.next().unwrap_or("").to_string(),
        lines.next().unwrap_or("").to_string(),
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

async fn campaign_id(app: &TestApp) -> i64 {
    app.scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await
}

/// canbo sends a registration (one commitment, aiming for Lao động tiên tiến).
async fn canbo_submits(app: &TestApp, id: i64) -> i64 {
    let staff = signed_in(app, "canbo").await;
    let title = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id WHERE c.id = {id} AND t.code = 'LDTT'"
        ))
        .await
        .to_string();
    let r = post_form(
        app,
        &staff,
        &format!("/campaigns/{id}/register"),
        &[
            ("title_id", &title),
            ("target", "100% hồ sơ giải quyết đúng hạn"),
            ("measure", "Tỷ lệ hồ sơ đúng hạn"),
            ("version", "0"),
            ("action", "submit"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.scalar_i64("SELECT r.id FROM registrations r JOIN users u ON u.person_id = r.person_id WHERE u.username = 'canbo'")
        .await
}

/// Only the people a test names have an address.
async fn clear_emails(app: &TestApp) {
    sqlx::query("UPDATE people SET email = NULL")
        .execute(&app.db)
        .await
        .unwrap();
}

async fn set_email(app: &TestApp, username: &str, email: Option<&str>) {
    sqlx::query(
        "UPDATE people SET email = $2 WHERE id = (SELECT person_id FROM users WHERE username = $1)",
    )
    .bind(username)
    .bind(email)
    .execute(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_returned_registration_reaches_its_owner_by_email() {
    if !mail_tests_run() {
        return;
    }
    let port = free_port();
    let smtp = SmtpServer::start(port).await;
    let app = spawn_app_with(|s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        s.mail_interval = Duration::from_millis(300);
        s.public_url = "https://thidua.example.vn".into();
    })
    .await;
    clear_emails(&app).await;
    set_email(&app, "canbo", Some("an.nv@example.vn")).await;
    set_email(&app, "truongphong", Some("dat.pv@example.vn")).await;
    let id = campaign_id(&app).await;
    let reg = canbo_submits(&app, id).await;
    // the head hears of it
    let first = smtp.wait_for(1).await;
    let (to, subject, body) = parse(&first[0]);
    assert!(to.contains("dat.pv@example.vn"), "{to}");
    assert!(to.contains("Phạm Văn Đạt"), "{to}");
    assert!(subject.contains("Nguyễn Văn An"), "{subject}");
    assert!(body.contains("Kính gửi Phạm Văn Đạt"), "{body}");
    // the head returns it with a comment: the owner gets it, in Vietnamese and in English
    let head = signed_in(&app, "truongphong").await;
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM registrations WHERE id = {reg}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &head,
        &format!("/registrations/{reg}/review"),
        &[
            ("action", "return"),
            ("comment", "Ghi rõ số hồ sơ cần số hóa"),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let all = smtp.wait_for(2).await;
    let returned = all
        .iter()
        .map(|p| parse(p))
        .find(|(to, _, _)| to.contains("an.nv@example.vn"))
        .expect("a message to canbo");
    let (_, subject, body) = returned;
    assert!(subject.contains("bị trả lại"), "{subject}");
    assert!(body.contains("Ghi rõ số hồ sơ cần số hóa"), "{body}");
    assert!(body.contains("was returned"), "{body}");
    assert!(
        body.contains(&format!(
            "https://thidua.example.vn/campaigns/{id}/register"
        )),
        "{body}"
    );
    // the outbox says so: both sent, once (the sender marks a message after the SMTP server took
    // it, in its own transaction: wait for that commit, up to five seconds)
    let sent = "SELECT count(*) FROM notifications WHERE email_state = 'sent' AND email_attempts = 1 AND email_sent_at IS NOT NULL";
    let mut n = 0;
    for _ in 0..100 {
        n = app.scalar_i64(sent).await;
        if n == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(n, 2);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(smtp.messages().len(), 2, "nothing is sent twice");
    app.cleanup().await;
}

#[tokio::test]
async fn a_mail_server_that_is_down_blocks_nothing_and_is_tried_again() {
    if !mail_tests_run() {
        return;
    }
    let port = free_port();
    // this server sends no e-mail; the test drives a sender itself
    let app = spawn_app().await;
    clear_emails(&app).await;
    set_email(&app, "truongphong", Some("dat.pv@example.vn")).await;
    let id = campaign_id(&app).await;
    // nothing listens on the port: the registration goes through all the same
    canbo_submits(&app, id).await;
    let mut settings = app.settings.clone();
    settings.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    let mailer = thidua::mail::Mailer::from_settings(&settings)
        .unwrap()
        .unwrap();
    let outcome = thidua::mail::send_pending(&app.db, &mailer, 50)
        .await
        .unwrap();
    assert_eq!(outcome.sent, 0);
    assert_eq!(outcome.failed, 1, "{outcome:?}");
    let (attempts, error, later): (i32, Option<String>, bool) = sqlx::query_as(
        "SELECT email_attempts, email_error, email_next_at > now() FROM notifications WHERE email_attempts = 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(error.is_some_and(|e| !e.is_empty()));
    assert!(later, "the next attempt waits");
    // not before its time
    let outcome = thidua::mail::send_pending(&app.db, &mailer, 50)
        .await
        .unwrap();
    assert_eq!(outcome, thidua::mail::Outcome::default());
    // the server comes back and the time has come: delivered
    let smtp = SmtpServer::start(port).await;
    sqlx::query("UPDATE notifications SET email_next_at = now() WHERE email_attempts = 1")
        .execute(&app.db)
        .await
        .unwrap();
    let outcome = thidua::mail::send_pending(&app.db, &mailer, 50)
        .await
        .unwrap();
    assert_eq!(outcome.sent, 1, "{outcome:?}");
    let (to, _, _) = parse(&smtp.wait_for(1).await[0]);
    assert!(to.contains("dat.pv@example.vn"));
    // someone without an address is skipped, not retried; old notifications are not mailed
    set_email(&app, "canbo", None).await;
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, link, args) SELECT id, 'reg_confirmed', '', '[\"x\", \"\"]' FROM users WHERE username = 'canbo'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, link, args, created_at) SELECT id, 'reg_confirmed', '', '[\"x\", \"\"]', now() - interval '3 days' FROM users WHERE username = 'truongphong'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let outcome = thidua::mail::send_pending(&app.db, &mailer, 50)
        .await
        .unwrap();
    assert_eq!((outcome.sent, outcome.skipped), (0, 2), "{outcome:?}");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM notifications WHERE email_state = 'expired'")
            .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM notifications WHERE email_state IS NULL")
            .await,
        0
    );
    assert_eq!(smtp.messages().len(), 1);
    // someone who turns e-mail off on their account page gets none, and the row says why
    set_email(&app, "canbo", Some("an.nv@example.vn")).await;
    let staff = signed_in(&app, "canbo").await;
    let (_, html) = get(&staff, &app.url("/account")).await;
    assert!(html.contains("Địa chỉ nhận: an.nv@example.vn"));
    assert!(html.contains("name=\"email_notifications\" value=\"1\" checked"));
    let r = post_form(&app, &staff, "/account/email", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, link, args) SELECT id, 'reg_confirmed', '', '[\"x\", \"\"]' FROM users WHERE username = 'canbo'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let outcome = thidua::mail::send_pending(&app.db, &mailer, 50)
        .await
        .unwrap();
    assert_eq!((outcome.sent, outcome.skipped), (0, 1), "{outcome:?}");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM notifications WHERE email_state = 'opted_out'")
            .await,
        1
    );
    assert_eq!(smtp.messages().len(), 1);
    app.cleanup().await;
}
