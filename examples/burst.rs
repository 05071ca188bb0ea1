//! The last-hour burst of the registration benchmark: N people who have not registered each submit a
//! registration at once over HTTP (a title, two commitments), on the last day of the registration
//! period; then the database is asked whether every one of them is there. Run by bench/run.sh:
//!
//!     cargo run --release --example burst -- APP_URL DATABASE_URL CAMPAIGN_ID [N] [CONCURRENCY]
//!
//! The accounts and their sessions are written straight into the database (signing 2,000 people in
//! through Argon2 would measure password hashing, not registration).

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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(app), Some(db_url), Some(campaign)) = (args.get(1), args.get(2), args.get(3)) else {
        anyhow::bail!("usage: burst APP_URL DATABASE_URL CAMPAIGN_ID [N] [CONCURRENCY]");
    };
    let campaign: i64 = campaign.parse()?;
    let n: i64 = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(2000);
    let concurrency: usize = args.get(5).map(|s| s.parse()).transpose()?.unwrap_or(200);
    let db = sqlx::PgPool::connect(db_url).await?;

    // the last day of the registration period
    // the demo holds its 2022 campaign closed, as it ended (issue 27): the bench replays the last
    // day of its registration, so the campaign is published again with registration closing today
    sqlx::query(
        "UPDATE campaigns SET registration_opens = least(registration_opens, (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 30),
                              registration_closes = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                              stage = 'published'
         WHERE id = $1",
    )
    .bind(campaign)
    .execute(&db)
    .await?;
    let people: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.id, p.unit_id FROM people p
         WHERE p.active AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.campaign_id = $1 AND r.person_id = p.id)
           AND NOT EXISTS (SELECT 1 FROM users a WHERE a.person_id = p.id)
         ORDER BY p.id LIMIT $2",
    )
    .bind(campaign)
    .bind(n)
    .fetch_all(&db)
    .await?;
    anyhow::ensure!(
        people.len() as i64 == n,
        "only {} people without a registration",
        people.len()
    );
    let title: i64 = sqlx::query_scalar(
        "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
         WHERE c.id = $1 AND t.code = 'LDTT'",
    )
    .bind(campaign)
    .fetch_one(&db)
    .await?;
    // one account and one session per person
    let mut sessions = Vec::with_capacity(people.len());
    let mut tx = db.begin().await?;
    for (pid, unit) in &people {
        let uid: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, password_hash, display_name, person_id)
             SELECT 'burst-' || $1, 'not-a-password', full_name, id FROM people WHERE id = $1
             RETURNING id",
        )
        .bind(pid)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO user_roles (user_id, role, unit_id) VALUES ($1, 'staff', $2)")
            .bind(uid)
            .bind(unit)
            .execute(&mut *tx)
            .await?;
        let token = random_hex(32)?;
        let csrf = random_hex(16)?;
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at, ip, user_agent)
             VALUES ($1, $2, $3, now() + interval '2 hours', '127.0.0.1', 'burst')",
        )
        .bind(Sha256::digest(token.as_bytes()).to_vec())
        .bind(uid)
        .bind(&csrf)
        .execute(&mut *tx)
        .await?;
        sessions.push((*pid, token, csrf));
    }
    tx.commit().await?;

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .timeout(Duration::from_secs(60))
        .build()?;
    let url = format!("{app}/campaigns/{campaign}/register");
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(sessions.len());
    for (pid, token, csrf) in sessions {
        let (client, url, gate) = (client.clone(), url.clone(), gate.clone());
        let title = title.to_string();
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            let t0 = Instant::now();
            let form = [
                ("csrf_token", csrf.as_str()),
                ("version", "0"),
                ("action", "submit"),
                ("title_id", title.as_str()),
                ("target", "100% hồ sơ giải quyết đúng hạn"),
                ("measure", "Tỷ lệ hồ sơ đúng hạn"),
                ("target", "Hoàn thành 01 khóa bồi dưỡng"),
                ("measure", "Giấy chứng nhận"),
            ];
            let status = client
                .post(&url)
                .header("Cookie", format!("thidua_session={token}"))
                .form(&form)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            (pid, status, t0.elapsed())
        }));
    }
    let mut latencies = Vec::with_capacity(tasks.len());
    let mut bad = Vec::new();
    for t in tasks {
        let (pid, status, took) = t.await?;
        latencies.push(took);
        if status != 303 {
            bad.push((pid, status));
        }
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let ids: Vec<i64> = people.iter().map(|p| p.0).collect();
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM registrations r
         WHERE r.campaign_id = $1 AND r.person_id = ANY($2) AND r.status = 'submitted'
           AND (SELECT count(*) FROM registration_commitments c WHERE c.registration_id = r.id) = 2",
    )
    .bind(campaign)
    .bind(&ids)
    .fetch_one(&db)
    .await?;
    println!(
        "burst: {n} registrations, {concurrency} at a time: {:.1} s, {:.0} registrations/s, p50 {:.0} ms, p99 {:.0} ms; answered 303: {}, otherwise: {}; stored with both commitments: {stored}",
        elapsed.as_secs_f64(),
        n as f64 / elapsed.as_secs_f64(),
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        n as usize - bad.len(),
        bad.len(),
    );
    if let Some((pid, status)) = bad.first() {
        println!("burst: first failure: person {pid} answered {status}");
    }
    anyhow::ensure!(
        bad.is_empty() && stored == n,
        "registrations lost: {} failed, {stored} of {n} stored",
        bad.len()
    );
    Ok(())
}
