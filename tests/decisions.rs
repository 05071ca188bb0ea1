//! The Department's award decisions over HTTP, on the demo's notice of the council's 20/12/2022
//! meeting (four lines passed, the period over, the one objection dismissed): the Office drafts a
//! decision of the lines ready and edits its date (a bad date and a stale form come back as typed);
//! the Director approves it with the next number of the register and the cash fixed at the base
//! salary in force on its date; the .docx reads back with its number, bases, list, cash and
//! signature. And twelve drafts approved at once, each twice, take the numbers 1 to 12 once each.

mod common;
use common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_director_approves_a_numbered_decision() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let director = signed_in(&app, "giamdoc").await;
    let staff = signed_in(&app, "canbo").await;
    let council = signed_in(&app, "hoidong").await;
    let n = app.scalar_i64("SELECT id FROM notices").await;

    // only those who run the campaign draft it
    let r = post_form(&app, &staff, &format!("/notices/{n}/decision"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, &format!("/notices/{n}/decision"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d = app.scalar_i64("SELECT id FROM decisions").await;
    assert_eq!(location(&r), format!("/decisions/{d}"));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM decision_lines WHERE decision_id = {d}"
        ))
        .await,
        4,
        "the four lines that passed, their notice over"
    );
    // nothing is left for a second draft
    let r = post_form(&app, &office, &format!("/notices/{n}/decision"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/notices/{n}"));
    assert_eq!(app.scalar_i64("SELECT count(*) FROM decisions").await, 1);

    // read by the Office and the Director, not by staff or a council member
    for (c, want) in [
        (&office, StatusCode::OK),
        (&director, StatusCode::OK),
        (&staff, StatusCode::FORBIDDEN),
        (&council, StatusCode::FORBIDDEN),
    ] {
        let (s, _) = get(c, &app.url(&format!("/decisions/{d}"))).await;
        assert_eq!(s, want);
    }
    let (_, html) = get(&office, &app.url(&format!("/decisions/{d}"))).await;
    assert!(
        html.contains("Dự thảo") && html.contains("Nguyễn Ngọc Bích"),
        "{html}"
    );

    // the date: a bad one and a stale form come back as typed; then the meeting's year
    let path = format!("/decisions/{d}");
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("decided_on", "30/02/2022"),
            ("proposer", "Chánh Văn phòng Sở"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"30/02/2022\""));
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("decided_on", "28/12/2022"),
            ("proposer", "Hội đồng Thi đua - Khen thưởng Sở"),
            ("version", "0"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "stale");
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("decided_on", "28/12/2022"),
            ("proposer", "Hội đồng Thi đua - Khen thưởng Sở"),
            ("version", "1"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // the Office does not approve; the Director does, taking number 1 of 2022
    let approve = format!("/decisions/{d}/approve");
    let r = post_form(&app, &office, &approve, &[("version", "2")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &director, &approve, &[("version", "1")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "stale");
    let r = post_form(&app, &director, &approve, &[("version", "2")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (number, year, base): (i32, i32, i64) = sqlx::query_as(&format!(
        "SELECT number, year, base_salary::int8 FROM decisions WHERE id = {d}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((number, year, base), (1, 2022, 1_490_000));
    // three Lao động tiên tiến at 0.3 and a Tập thể lao động tiên tiến at 0.8 of 1,490,000
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT sum(amount)::int8 FROM decision_lines WHERE decision_id = {d}"
        ))
        .await,
        3 * 447_000 + 1_192_000
    );
    let r = post_form(&app, &director, &approve, &[("version", "3")]).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "approved once"
    );
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("decided_on", "29/12/2022"),
            ("proposer", "x"),
            ("version", "3"),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an approved decision does not change"
    );

    // the document
    let r = director
        .get(app.url(&format!("/decisions/{d}.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = docx_text(&r.bytes().await.unwrap());
    for want in [
        "Số: 01/QĐ-STNMT",
        "ngày 28 tháng 12 năm 2022",
        "QUYẾT ĐỊNH",
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26 tháng 11 năm 2003",
        "Căn cứ Kế hoạch số 05/KH-STNMT",
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Sở.",
        "Điều 1. Tặng danh hiệu thi đua và hình thức khen thưởng năm 2022 cho 3 cá nhân và 1 tập thể",
        "Nguyễn Ngọc Bích",
        "lương cơ sở 1.490.000 đồng (Nghị định 38/2019/NĐ-CP)",
        "447.000",
        "2.533.000 đồng",
        "Điều 3.",
        "GIÁM ĐỐC",
        "Lê Minh Khoa",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let r = staff
        .get(app.url(&format!("/decisions/{d}.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'decision' AND entity_id = '{d}'"
        ))
        .await
            >= 3
    );
    app.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_approved_at_once_never_share_a_number() {
    let app = spawn_app().await;
    let director = signed_in(&app, "giamdoc").await;
    // twelve drafts of one line each (drafted here; the drafting is tested above)
    let ids: Vec<i64> = sqlx::query_scalar(
        "WITH l AS (SELECT id FROM proposal_lines ORDER BY id LIMIT 12),
              d AS (INSERT INTO decisions (campaign_id, issuer_unit_id, decided_on, doc_code, proposer)
                    SELECT c.id, c.issuer_unit_id, DATE '2022-12-28', 'QĐ-STNMT', 'Chánh Văn phòng Sở'
                      FROM campaigns c, l WHERE c.id = 1 RETURNING id)
         SELECT id FROM d ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(ids.len(), 12);
    sqlx::query(
        "INSERT INTO decision_lines (decision_id, line_id)
         SELECT d, l FROM UNNEST($1::int8[]) WITH ORDINALITY a(d, i)
         JOIN (SELECT id AS l, row_number() OVER (ORDER BY id) AS i FROM proposal_lines) b USING (i)",
    )
    .bind(&ids)
    .execute(&app.db)
    .await
    .unwrap();
    let t = token(&app, &director).await;
    let mut tasks = tokio::task::JoinSet::new();
    for &d in &ids {
        for _ in 0..2 {
            let (c, url, t) = (
                director.clone(),
                app.url(&format!("/decisions/{d}/approve")),
                t.clone(),
            );
            tasks.spawn(async move {
                c.post(url)
                    .form(&[("version", "1"), ("csrf_token", t.as_str())])
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
            });
        }
    }
    let mut statuses = Vec::new();
    while let Some(r) = tasks.join_next().await {
        statuses.push(r.unwrap().unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        12,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 303 || *s == 422),
        "{statuses:?}"
    );
    let numbers: Vec<i32> =
        sqlx::query_scalar("SELECT number FROM decisions WHERE number IS NOT NULL ORDER BY number")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(
        numbers,
        (1..=12).collect::<Vec<_>>(),
        "no gap, no number twice"
    );
    assert_eq!(
        app.scalar_i64("SELECT last::int8 FROM decision_counters WHERE year = 2022")
            .await,
        12
    );
    app.cleanup().await;
}
