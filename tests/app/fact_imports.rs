//! Importing years of ratings and award history from CSV and XLSX: bad rows reported with their
//! reasons, good rows written in one transaction, and the same file imported twice changes nothing.

use crate::common::*;
use reqwest::{Client, StatusCode};
use std::time::{Duration, Instant};

async fn upload(
    app: &TestApp,
    c: &Client,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let t = token(app, c).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", t)
        .text("kind", kind.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
        );
    c.post(app.url("/facts/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Uploads, checks the preview holds `bad` bad rows, imports, waits; returns the final page.
async fn import(
    app: &TestApp,
    c: &Client,
    kind: &str,
    name: &str,
    bytes: Vec<u8>,
    bad: &[&str],
) -> String {
    let r = upload(app, c, kind, name, bytes).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job = location(&r);
    let (_, html) = get(c, &app.url(&job)).await;
    for reason in bad {
        assert!(
            html.contains(reason),
            "the preview says {reason:?}:\n{html}"
        );
    }
    let r = post_form(app, c, &job, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, html) = get(c, &app.url(&job)).await;
        if !html.contains("<progress") {
            return html;
        }
        assert!(Instant::now() < deadline, "the import did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn codes(app: &TestApp, n: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT p.employee_code FROM people p JOIN units u ON u.id = p.unit_id
         WHERE u.code = 'QLDD' AND p.employee_code IS NOT NULL AND p.active ORDER BY p.id LIMIT $1",
    )
    .bind(n)
    .fetch_all(&app.db)
    .await
    .unwrap()
}

async fn rating(app: &TestApp, code: &str, year: i32) -> Option<(String, Option<f64>)> {
    sqlx::query_as(
        "SELECT g.rating, g.score::float8 FROM ratings g JOIN people p ON p.id = g.person_id
         WHERE p.employee_code = $1 AND g.year = $2",
    )
    .bind(code)
    .bind(year)
    .fetch_optional(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn ratings_from_csv_once_and_only_once() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let c = codes(&app, 3).await;
    let csv = format!(
        "\u{feff}Mã nhân sự;Năm;Xếp loại;Điểm\n\
         {a};2017;HTXSNV;95,5\n\
         {b};2017;Hoàn thành tốt nhiệm vụ;\n\
         NV-KHONG-CO;2017;HTTNV;\n\
         {c};2017;giỏi;\n\
         {a};2017;HTNV;\n",
        a = c[0],
        b = c[1],
        c = c[2]
    );
    let audits = app
        .scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'rating'")
        .await;
    let html = import(
        &app,
        &office,
        "ratings",
        "xep-loai-2017.csv",
        csv.clone().into_bytes(),
        &[
            "Tệp có 5 dòng: 2 dòng hợp lệ, 3 dòng lỗi",
            "Không có ai mang mã nhân sự này",
            "Xếp loại không hợp lệ",
            "Trùng với một dòng phía trên",
        ],
    )
    .await;
    assert!(html.contains("Đã ghi 2 dòng; 0 dòng đã có sẵn"), "{html}");
    assert_eq!(
        rating(&app, &c[0], 2017).await,
        Some(("HTXSNV".into(), Some(95.5)))
    );
    assert_eq!(
        rating(&app, &c[1], 2017).await,
        Some(("HTTNV".into(), None))
    );
    assert_eq!(
        rating(&app, &c[2], 2017).await,
        None,
        "the bad row wrote nothing"
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'rating'")
            .await,
        audits + 2
    );
    // the same file again: nothing changes
    let html = import(
        &app,
        &office,
        "ratings",
        "xep-loai-2017.csv",
        csv.into_bytes(),
        &[],
    )
    .await;
    assert!(html.contains("Đã ghi 0 dòng; 2 dòng đã có sẵn"), "{html}");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'rating'")
            .await,
        audits + 2
    );
    // a unit head may not import
    let head = signed_in(&app, "truongphong").await;
    let r = upload(&app, &head, "ratings", "x.csv", b"x".to_vec()).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // a file without the needed columns is refused on the same page
    let r = upload(
        &app,
        &office,
        "ratings",
        "x.csv",
        "Mã nhân sự,Xếp loại\nA,HTTNV\n".as_bytes().to_vec(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Tệp không có cột &#34;Năm&#34;")
    );
    app.cleanup().await;
}

#[tokio::test]
async fn award_history_from_xlsx_for_people_and_units() {
    use rust_xlsxwriter::Workbook;
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let c = codes(&app, 2).await;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows: Vec<Vec<String>> = vec![
        vec![
            "Mã nhân sự".into(),
            "Mã đơn vị".into(),
            "Năm".into(),
            "Danh hiệu".into(),
            "Số quyết định".into(),
            "Ngày quyết định".into(),
        ],
        vec![
            c[0].clone(),
            "".into(),
            "2016".into(),
            "Chiến sĩ thi đua cơ sở".into(),
            "1190/QĐ-STNMT".into(),
            "28/12/2016".into(),
        ],
        vec![
            c[1].clone(),
            "".into(),
            "2016".into(),
            "LDTT".into(),
            "1191/QĐ-STNMT".into(),
            "28/12/2016".into(),
        ],
        vec![
            "".into(),
            "QLDD".into(),
            "2016".into(),
            "Tập thể lao động tiên tiến".into(),
            "1192/QĐ-STNMT".into(),
            "28/12/2016".into(),
        ],
        vec![
            c[1].clone(),
            "".into(),
            "2016".into(),
            "Huân chương Lao động".into(),
            "".into(),
            "".into(),
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (col, v) in row.iter().enumerate() {
            ws.write_string(r as u32, col as u16, v).unwrap();
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    let html = import(
        &app,
        &office,
        "awards",
        "khen-thuong-2016.xlsx",
        bytes.clone(),
        &["Không nhận ra danh hiệu"],
    )
    .await;
    assert!(html.contains("Đã ghi 3 dòng"), "{html}");
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM award_history WHERE year = 2016 AND source = 'import'"
        )
        .await,
        3
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM award_history h JOIN units u ON u.id = h.unit_id WHERE h.year = 2016 AND u.code = 'QLDD' AND h.title_code = 'TTLDTT' AND h.decision_no = '1192/QĐ-STNMT'"
        )
        .await,
        1
    );
    let html = import(&app, &office, "awards", "khen-thuong-2016.xlsx", bytes, &[]).await;
    assert!(html.contains("Đã ghi 0 dòng; 3 dòng đã có sẵn"), "{html}");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM award_history WHERE year = 2016")
            .await,
        3
    );
    app.cleanup().await;
}
