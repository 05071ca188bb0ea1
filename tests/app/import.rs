//! Importing people from real CSV and XLSX files: preview with reasons, import of the good rows in one
//! transaction, progress, and a 10,000-row file.

use crate::common::*;
use reqwest::{Client, StatusCode};
use std::time::{Duration, Instant};

async fn upload(app: &TestApp, c: &Client, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let t = token(app, c).await;
    let form = reqwest::multipart::Form::new().text("csrf_token", t).part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    c.post(app.url("/people/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Starts the import of job `path` and waits until it is done; returns the final page.
async fn run_job(app: &TestApp, c: &Client, job: &str) -> String {
    let r = post_form(app, c, job, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let (s, html) = get(c, &app.url(job)).await;
        assert_eq!(s, StatusCode::OK);
        if html.contains("<progress") {
            assert!(
                html.contains("data-refresh"),
                "the running page refreshes itself"
            );
        } else {
            return html;
        }
        assert!(Instant::now() < deadline, "import did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const CSV: &str = "\u{feff}Họ và tên,Giới tính,Ngày sinh,Mã đơn vị,Chức vụ,Loại,Mã nhân sự,Email\n\
Trần Thị Mai,Nữ,12/03/1988,VP,Chuyên viên,Công chức,HR001,mai@example.vn\n\
Lê Văn Tùng,Nam,31/02/1990,VP,Chuyên viên,Công chức,HR002,\n\
Phạm Văn Hòa,Nam,01/01/1980,,Kỹ sư,Viên chức,HR003,\n\
Võ Thị Lan,Nữ,01/01/1985,KHONGCO,Kỹ sư,Viên chức,HR004,\n\
Đỗ Văn Bình,Nam,02/02/1982,TTQT,Kỹ sư,Viên chức,HR001,\n\
Huỳnh Văn Sơn,Nam,03/03/1983,TTQT,Kỹ sư,Viên chức,NV00001,\n\
Ngô Thị Hạnh,Nữ,,TTQT,Quan trắc viên,Người lao động,HR007,hanh@example.vn\n";

#[tokio::test]
async fn csv_preview_marks_every_bad_row_then_imports_the_good_ones_once() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let r = upload(&app, &c, "danh-sach.csv", CSV.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job = location(&r);
    let (_, html) = get(&c, &app.url(&job)).await;
    assert!(
        html.contains("Tệp có 7 dòng: 2 dòng hợp lệ, 5 dòng lỗi"),
        "{html}"
    );
    for reason in [
        "Ngày không hợp lệ",
        "thiếu mã đơn vị",
        "không có đơn vị nào mang mã này",
        "mã nhân sự trùng với một dòng phía trên",
        "mã nhân sự đã có trong hệ thống",
    ] {
        assert!(html.contains(reason), "reason {reason}");
    }
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM people").await,
        300,
        "preview changes nothing"
    );
    let done = run_job(&app, &c, &job).await;
    assert!(done.contains("Đã nhập 2 cán bộ"), "{done}");
    assert_eq!(app.scalar_i64("SELECT count(*) FROM people").await, 302);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM people WHERE full_name = 'Trần Thị Mai' AND birth_date = '1988-03-12' AND email = 'mai@example.vn'").await, 1);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM people WHERE full_name = 'Ngô Thị Hạnh' AND category = 'nguoi_lao_dong'").await, 1);
    let audit: serde_json::Value =
        sqlx::query_scalar("SELECT after FROM audit_log WHERE action = 'import'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(audit["person_ids"].as_array().unwrap().len(), 2);
    // starting the same job again does nothing
    let r = post_form(&app, &c, &job, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM people").await, 302);
    // the same file again: the good rows are now duplicates of the database
    let r = upload(&app, &c, "danh-sach.csv", CSV.as_bytes().to_vec()).await;
    let (_, html) = get(&c, &app.url(&location(&r))).await;
    assert!(
        html.contains("Tệp có 7 dòng: 0 dòng hợp lệ, 7 dòng lỗi"),
        "{html}"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn xlsx_with_real_dates_and_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, h) in [
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Mã đơn vị",
        "Đối tượng",
        "Mã nhân sự",
        "Điện thoại",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Thạch Thị Sa Rươl").unwrap();
    ws.write_string(1, 1, "Nữ").unwrap();
    ws.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(1991, 9, 2).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 3, "PTNMT-VCH").unwrap();
    ws.write_string(1, 4, "Công chức").unwrap();
    ws.write_number(1, 5, 4521.0).unwrap();
    ws.write_number(1, 6, 912345678.0).unwrap();
    ws.write_string(2, 0, "Sơn Văn Đa").unwrap();
    ws.write_string(2, 1, "Nam").unwrap();
    ws.write_string(2, 3, "TTRA").unwrap();
    ws.write_string(2, 4, "Hợp đồng").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let app = spawn_app().await;
    let c = signed_in(&app, "admin").await;
    let r = upload(&app, &c, "nhan-su.xlsx", bytes).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job = location(&r);
    let (_, html) = get(&c, &app.url(&job)).await;
    assert!(
        html.contains("Tệp có 2 dòng: 2 dòng hợp lệ, 0 dòng lỗi"),
        "{html}"
    );
    run_job(&app, &c, &job).await;
    let (bd, code, phone): (Option<chrono::NaiveDate>, Option<String>, Option<String>) =
        sqlx::query_as("SELECT birth_date, employee_code, phone FROM people WHERE full_name = 'Thạch Thị Sa Rươl'").fetch_one(&app.db).await.unwrap();
    assert_eq!(bd, chrono::NaiveDate::from_ymd_opt(1991, 9, 2));
    assert_eq!(code.as_deref(), Some("4521"));
    assert_eq!(phone.as_deref(), Some("912345678"));
    app.cleanup().await;
}

#[tokio::test]
async fn unreadable_files_get_a_message_on_the_form() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let r = upload(&app, &c, "x.csv", vec![0xff, 0xfe, 0x00, 0x41]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("không phải mã UTF-8"));
    let r = upload(&app, &c, "x.csv", b"a,b\n1,2\n".to_vec()).await;
    assert!(r.text().await.unwrap().contains("Không tìm thấy cột"));
    // a unit head may not import at all
    let head = signed_in(&app, "truongphong").await;
    assert_eq!(
        upload(&app, &head, "x.csv", CSV.as_bytes().to_vec())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    app.cleanup().await;
}

#[tokio::test]
async fn ten_thousand_rows() {
    let app = spawn_app().await;
    let c = signed_in(&app, "vanphong").await;
    let units = [
        "VP",
        "TTRA",
        "QLDD",
        "TTQT",
        "VPDKDD",
        "PTNMT-STR",
        "PTNMT-CTH",
    ];
    let mut csv = String::from("Họ và tên,Giới tính,Ngày sinh,Mã đơn vị,Loại,Mã nhân sự\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "Nguyễn Thị Số {},Nữ,{:02}/{:02}/19{},{},Viên chức,BULK{i:05}\n",
            ["An", "Bình", "Chi", "Dung", "Giang"][i % 5],
            1 + i % 28,
            1 + i % 12,
            60 + i % 40,
            units[i % units.len()]
        ));
    }
    let started = Instant::now();
    let r = upload(&app, &c, "10000.csv", csv.into_bytes()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let job = location(&r);
    let parsed = started.elapsed();
    let (_, html) = get(&c, &app.url(&job)).await;
    assert!(
        html.contains("10000 dòng hợp lệ"),
        "{}",
        &html[..html.len().min(3000)]
    );
    let started = Instant::now();
    let done = run_job(&app, &c, &job).await;
    let imported = started.elapsed();
    assert!(done.contains("Đã nhập 10000 cán bộ"));
    assert_eq!(app.scalar_i64("SELECT count(*) FROM people").await, 10_300);
    println!("10,000-row CSV: upload + check {parsed:?}, import {imported:?} (debug build)");
    app.cleanup().await;
}
