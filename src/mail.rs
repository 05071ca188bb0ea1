//! E-mail copies of in-app notifications, sent over SMTP (lettre) when `THIDUA_SMTP_URL` is set.
//!
//! The notifications table is the outbox: every notification is written in the transaction of the
//! change it reports, whether or not e-mail is configured. A sender on any server picks the rows not
//! yet considered with `FOR UPDATE SKIP LOCKED` (two servers never send the same one), sends them and
//! records the outcome. A failed delivery is retried with a growing delay, then given up and kept with
//! its error. No workflow waits for a mail server: a page that writes a notification has answered
//! before any mail is sent.

use crate::config::Settings;
use crate::i18n::{self, Lang};
use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;
use std::time::Duration;

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i32 = 6;
/// A notification older than this when the sender first sees it is not mailed (e-mail turned on
/// after months of notifications must not send them all).
pub const WINDOW_HOURS: i64 = 48;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

/// What one pass of the sender did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub sent: u32,
    /// Delivery failed; retried later (or given up after `MAX_ATTEMPTS`).
    pub failed: u32,
    /// No address, too old, or the person turned e-mail off.
    pub skipped: u32,
}

impl Mailer {
    /// The mailer the settings ask for: `None` when e-mail is off, an error when the settings are
    /// wrong (reported at start-up rather than at the first notification).
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Option<Mailer>> {
        let Some(url) = settings.smtp_url.as_deref() else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("THIDUA_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(15)))
            .build();
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|e| anyhow::anyhow!("THIDUA_MAIL_FROM: {e}"))?;
        Ok(Some(Mailer {
            transport,
            from,
            public_url: settings.public_url.trim_end_matches('/').to_string(),
        }))
    }
}

/// The text of a notification in both languages: Vietnamese first, then English.
pub struct MailText {
    pub subject: String,
    pub body: String,
}

/// Writes the e-mail for a notification (pure: tested without a mail server).
pub fn compose(
    kind: &str,
    args: &[&str],
    link: &str,
    full_name: &str,
    public_url: &str,
) -> MailText {
    let key = format!("notif.{kind}");
    let vi = i18n::tf(Lang::Vi, &key, args);
    let en = i18n::tf(Lang::En, &key, args);
    let url = if link.is_empty() {
        format!("{public_url}/notifications")
    } else {
        format!("{public_url}{link}")
    };
    let mut subject: String = vi.chars().take(110).collect();
    if subject.len() < vi.len() {
        subject.push('…');
    }
    let body = format!(
        "{greeting_vi} {full_name},\n\n{vi}\n\n{view_vi}: {url}\n\n-- \n{greeting_en} {full_name},\n\n{en}\n\n{view_en}: {url}\n\n{footer_vi}\n{footer_en}\n",
        greeting_vi = i18n::t(Lang::Vi, "mail.greeting"),
        greeting_en = i18n::t(Lang::En, "mail.greeting"),
        view_vi = i18n::t(Lang::Vi, "mail.view"),
        view_en = i18n::t(Lang::En, "mail.view"),
        footer_vi = i18n::t(Lang::Vi, "mail.footer"),
        footer_en = i18n::t(Lang::En, "mail.footer"),
    );
    MailText { subject, body }
}

struct Pending {
    id: i64,
    kind: String,
    link: String,
    args: serde_json::Value,
    created_at: DateTime<Utc>,
    attempts: i32,
    email: Option<String>,
    full_name: Option<String>,
    wants_email: bool,
}

/// Sends up to `limit` waiting notifications. Rows another server is sending are skipped, not
/// waited for.
pub async fn send_pending(db: &PgPool, mailer: &Mailer, limit: i64) -> anyhow::Result<Outcome> {
    let mut tx = db.begin().await?;
    let rows = sqlx::query_as!(
        Pending,
        r#"SELECT n.id, n.kind, n.link, n.args, n.created_at, n.email_attempts AS attempts,
                  p.email AS "email?", p.full_name AS "full_name?", a.email_notifications AS wants_email
           FROM notifications n
           JOIN users a ON a.id = n.user_id
           LEFT JOIN people p ON p.id = a.person_id
           WHERE n.email_state IS NULL AND (n.email_next_at IS NULL OR n.email_next_at <= now())
           ORDER BY n.id
           LIMIT $1
           FOR UPDATE OF n SKIP LOCKED"#,
        limit
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut outcome = Outcome::default();
    let cutoff = Utc::now() - chrono::Duration::hours(WINDOW_HOURS);
    for row in rows {
        let address = row
            .email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty());
        let (state, error): (Option<&str>, Option<String>) = if row.created_at < cutoff {
            (Some("expired"), None)
        } else if !row.wants_email {
            (Some("opted_out"), None)
        } else if let Some(address) = address {
            match send_one(mailer, &row, address).await {
                Ok(()) => (Some("sent"), None),
                Err(e) => {
                    let given_up = row.attempts + 1 >= MAX_ATTEMPTS;
                    tracing::warn!(id = row.id, error = %e, given_up, "e-mail not delivered");
                    (given_up.then_some("failed"), Some(e.to_string()))
                }
            }
        } else {
            (Some("no_address"), None)
        };
        match state {
            Some("sent") => outcome.sent += 1,
            Some("failed") | None => outcome.failed += 1,
            _ => outcome.skipped += 1,
        }
        let tried = error.is_some() || state == Some("sent");
        // retries after 1, 2, 4, 8, 16 minutes
        let delay_minutes = 1i32 << row.attempts.clamp(0, 10);
        sqlx::query!(
            "UPDATE notifications SET email_state = $2,
                    email_attempts = email_attempts + $3::int4,
                    email_error = $4,
                    email_next_at = CASE WHEN $2::text IS NULL
                                         THEN now() + make_interval(mins => $5::int4) END,
                    email_sent_at = CASE WHEN $2::text = 'sent' THEN now() END
             WHERE id = $1",
            row.id,
            state,
            i32::from(tried),
            error,
            delay_minutes
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

async fn send_one(mailer: &Mailer, row: &Pending, address: &str) -> anyhow::Result<()> {
    let to: Mailbox = match row.full_name.as_deref() {
        Some(name) => format!("{name} <{address}>").parse(),
        None => address.parse(),
    }
    .map_err(|e| anyhow::anyhow!("address {address:?}: {e}"))?;
    let args: Vec<String> = row
        .args
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = compose(
        &row.kind,
        &refs,
        &row.link,
        row.full_name.as_deref().unwrap_or(""),
        &mailer.public_url,
    );
    let message = Message::builder()
        .from(mailer.from.clone())
        .to(to)
        .subject(text.subject)
        .header(ContentType::TEXT_PLAIN)
        .body(text.body)?;
    mailer.transport.send(message).await?;
    Ok(())
}

/// Runs the sender every `interval` until the process ends.
pub fn spawn_sender(db: PgPool, mailer: Mailer, interval: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            // drain what is waiting, 50 at a time, before sleeping again
            loop {
                match send_pending(&db, &mailer, 50).await {
                    Ok(o) if o.sent + o.failed + o.skipped == 50 => continue,
                    Ok(o) => {
                        if o.sent + o.failed > 0 {
                            tracing::info!(sent = o.sent, failed = o.failed, "e-mail pass");
                        }
                        break;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "e-mail pass failed");
                        break;
                    }
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_is_bilingual_with_an_absolute_link() {
        let m = compose(
            "reg_returned",
            &["Kế hoạch 2022", "Bổ sung chỉ tiêu"],
            "/campaigns/1/register",
            "Nguyễn Văn An",
            "https://thidua.example.vn",
        );
        assert!(m.subject.contains("bị trả lại"), "{}", m.subject);
        assert!(m.body.contains("Nguyễn Văn An"));
        assert!(m.body.contains("Bổ sung chỉ tiêu"));
        assert!(
            m.body
                .contains("https://thidua.example.vn/campaigns/1/register")
        );
        assert!(m.body.contains("was returned"), "{}", m.body);
    }

    #[test]
    fn long_subjects_are_cut_on_a_character() {
        let long = "Đ".repeat(300);
        let m = compose("reg_returned", &[&long, "x"], "", "A", "http://h");
        assert!(m.subject.ends_with('…'));
        assert!(m.subject.chars().count() <= 111);
        assert!(m.body.contains("http://h/notifications"));
    }
}
