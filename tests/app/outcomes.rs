//! Registrations against awards on the demo past the council: every registration sent is listed
//! once, and where each stopped agrees with the rows it is read from (the registry's award, the
//! council's result, the line's status); those stopped by a condition name it; the page counts
//! what the workbook lists; a unit head sees their unit only; a bad filter is a 400.

use crate::common::*;
use reqwest::StatusCode;
use std::collections::HashMap;

async fn workbook(app: &TestApp, c: &reqwest::Client, q: &str) -> Vec<Vec<String>> {
    let r = c
        .get(app.url(&format!("/campaigns/1/review/outcomes.xlsx{q}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("Đăng ký và kết quả").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let head = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Họ và tên"))
        .expect("a header row");
    rows[head + 1..].to_vec()
}

#[tokio::test]
async fn where_each_registration_stopped_agrees_with_the_rows() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let office = signed_in(&app, "vanphong").await;
    let all = workbook(&app, &office, "?reached=all").await;
    let sent = app
        .scalar_i64(
            "SELECT count(*) FROM registrations WHERE campaign_id = 1 AND person_id IS NOT NULL
               AND status IN ('submitted', 'confirmed', 'returned')",
        )
        .await;
    assert_eq!(all.len() as i64, sent, "every registration sent, once");
    let mut by: HashMap<String, i64> = HashMap::new();
    for r in &all {
        *by.entry(r[3].clone()).or_default() += 1;
    }
    let count = |k: &str| by.get(k).copied().unwrap_or(0);
    // awarded: the registry holds the title of the year for the person
    assert_eq!(
        count("Được khen thưởng"),
        app.scalar_i64(
            "SELECT count(*) FROM registrations r JOIN titles t ON t.id = r.title_id
              WHERE r.campaign_id = 1 AND r.person_id IS NOT NULL AND r.status IN ('submitted', 'confirmed', 'returned')
                AND EXISTS (SELECT 1 FROM award_history h WHERE h.person_id = r.person_id AND h.year = 2022 AND h.title_code = t.code)"
        )
        .await
    );
    assert!(count("Được khen thưởng") >= 1, "{by:?}");
    // not passed by the council: the person's line for that title failed the vote (and no award)
    assert_eq!(
        count("Hội đồng không thông qua"),
        app.scalar_i64(
            "SELECT count(*) FROM registrations r JOIN titles t ON t.id = r.title_id
               JOIN proposal_lines l ON l.campaign_id = r.campaign_id AND l.person_id = r.person_id AND l.title_id = r.title_id
               JOIN council_agenda a ON a.line_id = l.id
              WHERE r.campaign_id = 1 AND r.status IN ('submitted', 'confirmed', 'returned') AND a.result = 'failed'
                AND NOT EXISTS (SELECT 1 FROM award_history h WHERE h.person_id = r.person_id AND h.year = 2022 AND h.title_code = t.code)"
        )
        .await
    );
    // without a line: not proposed, not eligible or to review, as many as registrations with no line
    let no_line = app
        .scalar_i64(
            "SELECT count(*) FROM registrations r JOIN titles t ON t.id = r.title_id
              WHERE r.campaign_id = 1 AND r.person_id IS NOT NULL AND r.status IN ('submitted', 'confirmed', 'returned')
                AND NOT EXISTS (SELECT 1 FROM proposal_lines l WHERE l.campaign_id = 1 AND l.person_id = r.person_id AND l.title_id = r.title_id)
                AND NOT EXISTS (SELECT 1 FROM award_history h WHERE h.person_id = r.person_id AND h.year = 2022 AND h.title_code = t.code)",
        )
        .await;
    assert_eq!(
        count("Đủ điều kiện, đơn vị không đề nghị")
            + count("Chưa đạt điều kiện")
            + count("Cần xem xét (thiếu dữ liệu)"),
        no_line,
        "{by:?}"
    );
    // a condition not met is named
    let stopped: Vec<&Vec<String>> = all
        .iter()
        .filter(|r| r[3] == "Chưa đạt điều kiện")
        .collect();
    assert!(
        !stopped.is_empty(),
        "the demo has someone stopped by a condition: {by:?}"
    );
    assert!(
        stopped.iter().all(|r| !r[4].trim().is_empty()),
        "{stopped:?}"
    );
    // the default list leaves the awarded out
    let not_awarded = workbook(&app, &office, "").await;
    assert_eq!(not_awarded.len() as i64, sent - count("Được khen thưởng"));

    // the page: the counts, and the list filtered to a point with its reasons
    let (status, html) = get(
        &office,
        &app.url("/campaigns/1/review/outcomes?reached=not_eligible"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Đăng ký và kết quả khen thưởng"));
    // the first of the list is the workbook's first: its name and its first reason, escaped
    let esc = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    };
    let first_reason = stopped[0][4].split("; ").next().unwrap();
    assert!(html.contains(&esc(&stopped[0][0])), "{}", stopped[0][0]);
    assert!(html.contains(&esc(first_reason)), "{first_reason}");
    let (status, _) = get(
        &office,
        &app.url("/campaigns/1/review/outcomes?reached=lost"),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // a unit head: their unit only; another unit is not found
    let head = signed_in(&app, "truongphong").await;
    let mine = workbook(&app, &head, "?reached=all").await;
    assert!(
        mine.iter().all(|r| r[1] == "Phòng Quản lý đất đai"),
        "{mine:?}"
    );
    let ttra = unit_id(&app, "TTRA").await;
    let (status, _) = get(
        &head,
        &app.url(&format!("/campaigns/1/review/outcomes?unit={ttra}")),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}
