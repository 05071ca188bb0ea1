//! The mid-year review (sơ kết): per unit rolled up the tree, the progress on the commitments of
//! the registrations sent and the initiatives registered with them agree with direct counts of the
//! rows (in the .xlsx, read with calamine); a unit head sees their subtree only; the draft mid-year
//! report's text is saved and the .docx carries it with the figures and a chart.

use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_mid_year_figures_agree_with_the_rows_they_count() {
    let app = spawn_app().await;
    // progress reported on some commitments of the registrations sent: 100, 60 and 20 % in turn
    sqlx::query(
        "UPDATE registration_commitments c SET progress = (ARRAY[100, 60, 20])[1 + (c.registration_id % 3)::int]
           FROM registrations r
          WHERE r.id = c.registration_id AND r.campaign_id = 1 AND c.position = 1",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let office = signed_in(&app, "vanphong").await;
    let (s, html) = get(&office, &app.url("/campaigns/1/midyear")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Sơ kết 6 tháng đầu năm 2022") && html.contains("<svg"));

    let sent = "r.campaign_id = 1 AND r.status IN ('submitted', 'confirmed', 'returned')";
    let count = |sql: String| {
        let app = &app;
        async move { app.scalar_i64(&sql).await }
    };
    let sheet = xlsx_sheet(&office, &app.url("/campaigns/1/midyear.xlsx"), "Sơ kết").await;
    let mut checked = 0;
    let mut with_progress = 0;
    for row in sheet.rows().filter(|r| r.len() == 11) {
        let code = row[0].to_string();
        let Ok(path) = sqlx::query_scalar::<_, String>("SELECT path FROM units WHERE code = $1")
            .bind(&code)
            .fetch_one(&app.db)
            .await
        else {
            continue; // the header
        };
        let under = format!(
            "FROM registrations r JOIN units u ON u.id = r.unit_id
             JOIN registration_commitments c ON c.registration_id = r.id
             WHERE {sent} AND u.path LIKE '{path}%'"
        );
        let n = |i: usize| row[i].to_string().parse::<i64>().unwrap_or(-1);
        assert_eq!(
            n(3),
            count(format!("SELECT count(*) {under}")).await,
            "{code} commitments"
        );
        assert_eq!(
            n(4),
            count(format!("SELECT count(c.progress) {under}")).await,
            "{code} reported"
        );
        assert_eq!(
            n(6),
            count(format!("SELECT count(*) {under} AND c.progress = 100")).await,
            "{code} done"
        );
        assert_eq!(
            n(8),
            count(format!("SELECT count(*) {under} AND c.progress < 50")).await,
            "{code} below half"
        );
        let mean: Option<f64> = sqlx::query_scalar(&format!(
            "SELECT round(avg(c.progress)::numeric, 1)::float8 {under}"
        ))
        .fetch_one(&app.db)
        .await
        .unwrap();
        match mean {
            Some(m) => {
                with_progress += 1;
                assert_eq!(
                    row[5].to_string().parse::<f64>().ok(),
                    Some(m),
                    "{code} mean"
                );
            }
            None => assert_eq!(row[5].to_string(), "", "{code} mean"),
        }
        assert_eq!(
            n(9),
            count(format!(
                "SELECT count(*) FROM registrations r JOIN units u ON u.id = r.unit_id
                   JOIN registered_initiatives i ON i.registration_id = r.id
                  WHERE {sent} AND u.path LIKE '{path}%'"
            ))
            .await,
            "{code} initiatives"
        );
        checked += 1;
    }
    assert!(
        checked > 10 && with_progress > 3,
        "{checked} units, {with_progress} with progress"
    );

    // a unit head: their subtree only; another unit is not found
    let head = signed_in(&app, "truongphong").await;
    let (s, html) = get(&head, &app.url("/campaigns/1/midyear")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Phòng Quản lý đất đai") && !html.contains("Thanh tra Sở"));
    let ttra = unit_id(&app, "TTRA").await;
    let (s, _) = get(
        &head,
        &app.url(&format!("/campaigns/1/midyear?unit={ttra}")),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    for path in ["/campaigns/1/midyear/report", "/campaigns/1/midyear.docx"] {
        let (s, _) = get(&head, &app.url(path)).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{path}");
    }

    // the draft mid-year report: the mid-year figures beside its text (not the year-end ones)
    let (s, html) = get(&office, &app.url("/campaigns/1/midyear/report")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("cam kết đã báo cáo tiến độ") && !html.contains("khen thưởng trong năm"),
        "{html}"
    );
    // its text saved, the .docx with the figures and a chart
    let r = post_form(
        &app,
        &office,
        "/campaigns/1/midyear/report",
        &[
            ("version", "0"),
            (
                "results",
                "Sáu tháng đầu năm, các đơn vị triển khai đúng kế hoạch.",
            ),
            ("shortcomings", ""),
            ("direction", "Tập trung hoàn thành cam kết còn dưới 50%."),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM review_reports WHERE kind = 'mid_year' AND campaign_id = 1"
        )
        .await,
        1
    );
    let docx = office
        .get(app.url("/campaigns/1/midyear.docx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let text = docx_text(&docx);
    let commitments = count(format!(
        "SELECT count(*) FROM registrations r JOIN registration_commitments c ON c.registration_id = r.id WHERE {sent}"
    ))
    .await;
    for part in [
        "Sơ kết phong trào thi đua 6 tháng đầu năm 2022".to_string(),
        "Sáu tháng đầu năm, các đơn vị triển khai đúng kế hoạch.".to_string(),
        format!("Cam kết đã đăng ký\n{commitments}\n"),
        "III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2022".to_string(),
        "Tập trung hoàn thành cam kết còn dưới 50%.".to_string(),
    ] {
        assert!(text.contains(&part), "{part:?} in:\n{text}");
    }
    assert!(docx_part(&docx, "word/charts/chart1.xml").contains("Đã báo cáo tiến độ"));
    app.cleanup().await;
}
