//! Emulation clusters and blocs kept by the Office: a bloc with its members, a year's ranking
//! with its leader, bad input kept on the form, and the Cờ thi đua answer reading the ranking.

use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_office_ranks_a_bloc_and_the_emulation_flag_follows() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let (status, html) = get(&office, &app.url("/clusters")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Khối các phòng, đơn vị thuộc Sở"),
        "the demo's bloc"
    );
    // two units of the demo rated excellent in 2022 (the flag needs it), one good
    let excellent: Vec<i64> = sqlx::query_scalar(
        "SELECT u.id FROM units u JOIN ratings g ON g.unit_id = u.id AND g.year = 2022
          WHERE g.rating = 'HTXSNV' AND u.parent_id IS NOT NULL ORDER BY u.id LIMIT 2",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(excellent.len(), 2);
    let (a, b) = (excellent[0].to_string(), excellent[1].to_string());
    // a bad code: the same form, what was typed kept, nothing written
    let r = post_form(
        &app,
        &office,
        "/clusters",
        &[
            ("code", "khối 1"),
            ("kind", "bloc"),
            ("name", "Khối các phòng chuyên môn"),
            ("member", &a),
            ("member", &b),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Khối các phòng chuyên môn") && html.contains("Mã gồm chữ in hoa"));
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM emulation_clusters WHERE name = 'Khối các phòng chuyên môn'"
        )
        .await,
        0
    );
    let r = post_form(
        &app,
        &office,
        "/clusters",
        &[
            ("code", "KHOI_CM"),
            ("kind", "bloc"),
            ("name", "Khối các phòng chuyên môn"),
            ("member", &a),
            ("member", &b),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = app
        .scalar_i64("SELECT id FROM emulation_clusters WHERE code = 'KHOI_CM'")
        .await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM cluster_members WHERE cluster_id = {id}"
        ))
        .await,
        2
    );
    // the flag, before any ranking: to be reviewed, saying so
    let campaign = app
        .scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await;
    let page = format!("/campaigns/{campaign}/eligibility/units/{a}");
    let (_, html) = get(&office, &app.url(&page)).await;
    assert!(
        html.contains("Khối các phòng chuyên môn: chưa có kết quả xếp hạng năm 2022"),
        "{html}"
    );
    // a ranking with the same rank twice comes back as typed
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM emulation_clusters WHERE id = {id}"
        ))
        .await
        .to_string();
    let ranking = format!("/clusters/{id}/ranking");
    let rank_a = format!("rank_{a}");
    let rank_b = format!("rank_{b}");
    let r = post_form(
        &app,
        &office,
        &ranking,
        &[
            ("version", &version),
            ("year", "2022"),
            (&rank_a, "1"),
            (&rank_b, "1"),
            ("leader", &a),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Thứ hạng này đã ghi cho đơn vị khác.")
    );
    let r = post_form(
        &app,
        &office,
        &ranking,
        &[
            ("version", &version),
            ("year", "2022"),
            (&rank_a, "1"),
            (&rank_b, "2"),
            ("leader", &a),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'cluster' AND entity_id = '{id}'"
        ))
        .await,
        2,
        "created and ranked, each audited"
    );
    app.settle().await;
    let (_, html) = get(&office, &app.url(&page)).await;
    assert!(
        html.contains("Khối các phòng chuyên môn: hạng 1/2 (cụm trưởng, khối trưởng)"),
        "{html}"
    );
    let (_, second) = get(
        &office,
        &app.url(&format!("/campaigns/{campaign}/eligibility/units/{b}")),
    )
    .await;
    assert!(
        second.contains("Khối các phòng chuyên môn: hạng 2/2"),
        "{second}"
    );
    // the same ranking form again: stale, refused, nothing changed
    let r = post_form(
        &app,
        &office,
        &ranking,
        &[
            ("version", &version),
            ("year", "2022"),
            (&rank_a, "2"),
            (&rank_b, "1"),
            ("leader", &b),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT rank::int8 FROM cluster_rankings WHERE cluster_id = {id} AND unit_id = {a}"
        ))
        .await,
        1
    );
    // the show page lists the year's ranking; staff may not see it
    let (_, html) = get(&office, &app.url(&format!("/clusters/{id}"))).await;
    assert!(html.contains("Kết quả năm 2022"));
    let staff = signed_in(&app, "canbo").await;
    let (status, _) = get(&staff, &app.url(&format!("/clusters/{id}"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // deleted with its members and rankings, the rankings kept in the audit entry
    let r = post_form(&app, &office, &format!("/clusters/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM cluster_rankings WHERE cluster_id = {id}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.scalar_i64(&format!("SELECT count(*) FROM audit_log WHERE entity = 'cluster' AND entity_id = '{id}' AND action = 'delete' AND jsonb_array_length(before->'rankings') = 2")).await,
        1
    );
    let (status, _) = get(&office, &app.url(&format!("/clusters/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}
