//! The last-hour burst of the proposal benchmark: N units, each with its head and a draft proposal
//! (one member proposed for Lao động tiên tiến), all submit at once over HTTP on the day of the
//! proposal deadline; then the database is asked whether every proposal and its submission event
//! is there. Run by bench/run.sh:
//!
//!     cargo run --release --example proposal_burst -- APP_URL DATABASE_URL CAMPAIGN_ID [N] [CONCURRENCY]
//!
//! The units, people, accounts, sessions and draft proposals are written straight into the
//! database (the review meeting is not what is measured).

use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn random_hex(n: usize) -> anyhow::Result<String> {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b).map_err(|e| anyhow::anyhow!("random: {e}"))?;
    Ok(hex(&b))
}

/// Writes the N units with a head, a member and a draft proposal; returns (proposal, session
/// token, csrf) per unit.
async fn setup(
    db: &sqlx::PgPool,
    campaign: i64,
    n: i64,
) -> anyhow::Result<Vec<(i64, i64, String, String)>> {
    let mut out = Vec::with_capacity(n as usize);
    let mut tx = db.begin().await?;
    let (root, root_path): (i64, String) = sqlx::query_as(
        "SELECT u.id, u.path FROM campaigns c JOIN units u ON u.id = c.issuer_unit_id WHERE c.id = $1",
    )
    .bind(campaign)
    .fetch_one(&mut *tx)
    .await?;
    let title: i64 = sqlx::query_scalar(
        "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
         WHERE c.id = $1 AND t.code = 'LDTT'",
    )
    .bind(campaign)
    .fetch_one(&mut *tx)
    .await?;
    for i in 0..n {
        let unit: i64 = sqlx::query_scalar(
            "WITH nid AS (SELECT nextval(pg_get_serial_sequence('units', 'id')) AS id)
             INSERT INTO units (id, code, name, kind, parent_id, path, depth, valid_from)
             SELECT nid.id, 'PB-' || $1, 'Tổ công tác ' || $1, 'division', $2, $3 || nid.id || '/',
                    length($3) - length(replace($3, '/', '')), DATE '2020-01-01'
             FROM nid RETURNING id",
        )
        .bind(i)
        .bind(root)
        .bind(&root_path)
        .fetch_one(&mut *tx)
        .await?;
        let person: i64 = sqlx::query_scalar(
            "INSERT INTO people (full_name, gender, unit_id, category, employee_code)
             VALUES ('Thành viên Tổ ' || $1, 'female', $2, 'cong_chuc', 'PB' || $1) RETURNING id",
        )
        .bind(i)
        .bind(unit)
        .fetch_one(&mut *tx)
        .await?;
        // rated and registered for the campaign's year: the demo's 2022 year is judged as closed,
        // so a member without either fails Lao động tiên tiến, and a failing line is never sent
        sqlx::query(
            "WITH r AS (INSERT INTO ratings (year, person_id, rating, source)
                        SELECT c.year, $1, 'HTTNV', 'import' FROM campaigns c WHERE c.id = $2)
             INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
             VALUES ($2, $1, $3, $4, 'confirmed', now())",
        )
        .bind(person)
        .bind(campaign)
        .bind(unit)
        .bind(title)
        .execute(&mut *tx)
        .await?;
        let user: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, password_hash, display_name)
             VALUES ('pb-head-' || $1, 'not-a-password', 'Tổ trưởng ' || $1) RETURNING id",
        )
        .bind(i)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, 'unit_head', $2)")
            .bind(user)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
        let (proposal, line): (i64, i64) = sqlx::query_as(
            "WITH p AS (INSERT INTO proposals (campaign_id, unit_id, created_by) VALUES ($1, $2, $3) RETURNING id)
             , l AS (INSERT INTO proposal_lines (proposal_id, person_id, title_id, eligibility)
                     SELECT p.id, $4, $5, 'needs_review' FROM p RETURNING id)
             SELECT p.id, l.id FROM p, l",
        )
        .bind(campaign)
        .bind(unit)
        .bind(user)
        .bind(person)
        .bind(title)
        .fetch_one(&mut *tx)
        .await?;
        let token = random_hex(32)?;
        let csrf = random_hex(16)?;
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
             VALUES ($1, $2, $3, now() + interval '2 hours', '127.0.0.1', 'proposal-burst')",
        )
        .bind(Sha256::digest(token.as_bytes()).to_vec())
        .bind(user)
        .bind(&csrf)
        .execute(&mut *tx)
        .await?;
        out.push((proposal, line, token, csrf));
    }
    // the last day for proposals
    sqlx::query(
        "UPDATE campaigns SET proposal_deadline = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date WHERE id = $1",
    )
    .bind(campaign)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(out)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(app), Some(db_url), Some(campaign)) = (args.get(1), args.get(2), args.get(3)) else {
        anyhow::bail!("usage: proposal_burst APP_URL DATABASE_URL CAMPAIGN_ID [N] [CONCURRENCY]");
    };
    let campaign: i64 = campaign.parse()?;
    let n: i64 = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(500);
    let concurrency: usize = args.get(5).map(|s| s.parse()).transpose()?.unwrap_or(100);
    let db = sqlx::PgPool::connect(db_url).await?;
    let sessions = setup(&db, campaign, n).await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(120))
        .build()?;
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(sessions.len());
    for (proposal, line, token, csrf) in sessions {
        let (client, gate) = (client.clone(), gate.clone());
        let url = format!("{app}/proposals/{proposal}/submit");
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            let t0 = Instant::now();
            let status = client
                .post(&url)
                .header("Cookie", format!("thidua_session={token}"))
                // the line is sent with a justification, as a unit head would write one
                .form(&[
                    ("csrf_token", csrf.as_str()),
                    ("version", "1"),
                    (
                        format!("just_{line}").as_str(),
                        "Thành viên mới, đề nghị xem xét.",
                    ),
                ])
                .send()
                .await;
            let (status, text) = match status {
                // a refused submission: the page's messages say why
                Ok(r) if r.status().as_u16() != 303 => {
                    (r.status().as_u16(), r.text().await.unwrap_or_default())
                }
                Ok(r) => (r.status().as_u16(), String::new()),
                Err(_) => (0, String::new()),
            };
            (proposal, status, t0.elapsed(), text)
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut bad = Vec::new();
    for t in tasks {
        let (proposal, status, took, text) = t.await?;
        latencies.push(took);
        if status != 303 {
            bad.push((proposal, status, text));
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM proposals p JOIN units u ON u.id = p.unit_id
         WHERE p.campaign_id = $1 AND u.code LIKE 'PB-%' AND p.status = 'submitted' AND p.submissions = 1
           AND NOT p.late
           AND (SELECT count(*) FROM proposal_events e WHERE e.proposal_id = p.id AND e.kind = 'submitted') = 1
           AND NOT EXISTS (SELECT 1 FROM proposal_lines l WHERE l.proposal_id = p.id AND l.status <> 'submitted')",
    )
    .bind(campaign)
    .fetch_one(&db)
    .await?;
    println!(
        "proposal burst: {n} proposals, {concurrency} at a time: {:.1} s, {:.0} submissions/s, p50 {:.0} ms, p99 {:.0} ms; answered 303: {}, otherwise: {}; stored as submitted with their event: {stored}",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        n as usize - bad.len(),
        bad.len(),
    );
    if let Some((p, status, text)) = bad.first() {
        println!("proposal burst: first failure: proposal {p} answered {status}");
        println!("proposal burst: its page said: {}", messages(text));
    }
    anyhow::ensure!(
        bad.is_empty() && stored == n,
        "proposals lost: {} failed, {stored} of {n} stored",
        bad.len()
    );
    Ok(())
}

/// The error messages of a refused form's page (its `error-summary` and `err` elements), as plain
/// text.
fn messages(html: &str) -> String {
    let mut out = Vec::new();
    for part in html.split("class=\"").skip(1) {
        if !part
            .split('"')
            .next()
            .is_some_and(|c| c.contains("error") || c.split(' ').any(|w| w == "err"))
        {
            continue;
        }
        let text: String = part
            .split('>')
            .skip(1)
            .take(3)
            .map(|t| t.split('<').next().unwrap_or("").trim())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !text.is_empty() {
            out.push(text);
        }
    }
    out.join(" | ")
}
