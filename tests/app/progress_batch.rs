//! Many staff report progress at once (the mid-year review): 30 people send three different
//! progress forms each, all at the same moment. Every post is answered as it would be alone, every
//! change has its audit entry, each person's last audit entry says what their commitment now holds,
//! and saves that came together were written together (audit entries of several people sharing one
//! transaction's time). A form that changes nothing writes nothing.

use crate::common::*;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, COOKIE};

const PEOPLE: i64 = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_that_come_together_are_written_together_and_each_is_answered_as_its_own() {
    let app = spawn_app().await;
    let campaign = app
        .scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await;
    // 30 people without an account get one, a sent registration with two commitments, a session
    sqlx::raw_sql(&format!(
        "CREATE TEMP TABLE pb AS
           SELECT p.id AS person_id, p.unit_id, row_number() OVER (ORDER BY p.id) AS n
             FROM people p WHERE p.active AND NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.person_id = p.id AND r.campaign_id = {campaign})
            ORDER BY p.id LIMIT {PEOPLE};
         INSERT INTO users (username, password_hash, display_name, person_id)
           SELECT 'pb-' || n, 'x', 'Người ' || n, person_id FROM pb;
         INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
           SELECT {campaign}, pb.person_id, pb.unit_id, t.id, 'confirmed', now()
             FROM pb, titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
            WHERE c.id = {campaign} AND t.code = 'LDTT';
         INSERT INTO registration_commitments (registration_id, position, target, measure)
           SELECT r.id, k, 'Chỉ tiêu ' || k, '' FROM registrations r JOIN pb ON pb.person_id = r.person_id,
                  generate_series(1, 2) k WHERE r.campaign_id = {campaign};
         INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
           SELECT sha256(convert_to('pb-token-' || lpad(pb.n::text, 55, '0'), 'UTF8')), u.id, 'csrf-' || pb.n,
                  now() + interval '1 hour'
             FROM pb JOIN users u ON u.person_id = pb.person_id;"
    ))
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM users WHERE username LIKE 'pb-%'")
            .await,
        PEOPLE
    );
    let c = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = app.url(&format!("/campaigns/{campaign}/register/progress"));
    let post = |n: i64, pct: i64| {
        let (c, url) = (c.clone(), url.clone());
        async move {
            let token = format!("pb-token-{n:055}");
            let body = format!(
                "csrf_token=csrf-{n}&position=1&progress={pct}&note=l%E1%BA%A7n+{pct}&position=2&progress=&note="
            );
            c.post(&url)
                .header(COOKIE, format!("thidua_session={token}"))
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let mut all = Vec::new();
    for pct in [10, 20, 30] {
        for n in 1..=PEOPLE {
            all.push(post(n, pct));
        }
    }
    let answers = futures_util::future::join_all(all).await;
    for r in &answers {
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(location(r).ends_with("/register"), "{}", location(r));
    }
    // three different values in a row: each post a change, each change one entry
    let entries = |extra: &str| {
        format!(
            "SELECT count(*) FROM audit_log a JOIN registrations r ON a.entity_id = r.id::text
               JOIN users u ON u.person_id = r.person_id
              WHERE a.action = 'progress' AND u.username LIKE 'pb-%' {extra}"
        )
    };
    assert_eq!(app.scalar_i64(&entries("")).await, 3 * PEOPLE);
    // each person's last entry (by id) holds what the commitment now holds, note included
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM (
               SELECT DISTINCT ON (a.entity_id) a.entity_id, a.after
                 FROM audit_log a JOIN registrations r ON a.entity_id = r.id::text
                 JOIN users u ON u.person_id = r.person_id
                WHERE a.action = 'progress' AND u.username LIKE 'pb-%'
                ORDER BY a.entity_id, a.id DESC) last
               JOIN registration_commitments c ON c.registration_id = last.entity_id::int8 AND c.position = 1
              WHERE (last.after -> 0 ->> 'progress')::int = c.progress
                AND last.after -> 0 ->> 'note' = c.progress_note
                AND c.progress_note = 'lần ' || c.progress"
        )
        .await,
        PEOPLE
    );
    // written together: some transaction holds several people's entries
    assert!(
        app.scalar_i64(
            "SELECT coalesce(max(n), 0) FROM (
               SELECT a.at, count(DISTINCT a.entity_id) AS n FROM audit_log a
                WHERE a.action = 'progress' GROUP BY a.at) t"
        )
        .await
            > 1,
        "no batch formed"
    );
    // the same form again changes nothing and writes nothing
    let last = app
        .scalar_i64(
            "SELECT c.progress::int8 FROM registration_commitments c JOIN registrations r ON r.id = c.registration_id
               JOIN users u ON u.person_id = r.person_id WHERE u.username = 'pb-1' AND c.position = 1",
        )
        .await;
    let r = post(1, last).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar_i64(&entries("")).await, 3 * PEOPLE);
    app.cleanup().await;
}
