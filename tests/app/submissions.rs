//! The submission upward over HTTP, on the demo's notice of the council's 20/12/2022 meeting with
//! a Chiến sĩ thi đua cấp tỉnh line added (passed by secret ballot, posted, its period over, an
//! achievement report attached): the Office drafts the submission (only the lines a higher
//! authority decides), edits it (a bad date and a stale form come back as typed); the Director
//! signs and sends it with number 01 of the register; the .docx reads back; the dossier pack is
//! built in the background with its progress, and the .zip holds the submission, the minutes, the
//! ballot count and the line's report; the province's decision recorded enters the registry with a
//! code anyone can verify. Those who may not are refused at each step.

use crate::common::*;
use reqwest::StatusCode;
use std::io::Read;

/// The demo's province line (`common::province_line`) with a PDF report attached. Its id.
async fn province_line_with_report(app: &TestApp) -> i64 {
    let line = province_line(app).await;
    let pdf = b"%PDF-1.4\n% bao cao thanh tich\n%%EOF\n".to_vec();
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let doc: i64 = sqlx::query_scalar(
        "INSERT INTO documents (line_id, kind, name, content_type, size, sha256, storage, storage_key)
         VALUES ($1, 'achievement_report', 'bao-cao-thanh-tich.pdf', 'application/pdf', $2, $3, 'db', '')
         RETURNING id",
    )
    .bind(line)
    .bind(pdf.len() as i64)
    .bind(&sha)
    .fetch_one(&app.db)
    .await
    .unwrap();
    sqlx::query("INSERT INTO document_blobs (document_id, bytes) VALUES ($1, $2)")
        .bind(doc)
        .bind(&pdf)
        .execute(&app.db)
        .await
        .unwrap();
    line
}

#[tokio::test]
async fn the_director_submits_upward_and_the_province_decision_enters_the_registry() {
    let app = spawn_app().await;
    let line = province_line_with_report(&app).await;
    let office = signed_in(&app, "vanphong").await;
    let director = signed_in(&app, "giamdoc").await;
    let staff = signed_in(&app, "canbo").await;

    // staff cannot draft; the Office drafts one of the line the province decides, and only it
    let r = post_form(&app, &staff, "/notices/1/submission", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, "/notices/1/submission", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let path = location(&r);
    let s: i64 = path.trim_start_matches("/submissions/").parse().unwrap();
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM submission_lines WHERE submission_id = {s}"
        ))
        .await,
        1
    );
    let r = post_form(&app, &office, "/notices/1/submission", &[]).await;
    assert_eq!(location(&r), "/notices/1", "nothing left to submit");
    let (s_, html) = get(&office, &app.url(&path)).await;
    assert_eq!(s_, StatusCode::OK);
    assert!(
        html.contains("Nguyễn Ngọc Bích") && html.contains("4/4 (100 %)"),
        "{html}"
    );
    let (s_, _) = get(&staff, &app.url(&path)).await;
    assert_eq!(s_, StatusCode::FORBIDDEN);

    // edited: a bad date comes back as typed; a stale form changes nothing
    let edit = |on: &'static str, v: &'static str| {
        vec![
            ("submitted_on", on),
            ("recipient", "Ủy ban nhân dân tỉnh Sóc Trăng"),
            ("version", v),
        ]
    };
    let r = post_form(&app, &office, &path, &edit("31/02/2022", "1")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"31/02/2022\""));
    let r = post_form(&app, &office, &path, &edit("29/12/2022", "0")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "stale");
    let r = post_form(&app, &office, &path, &edit("29/12/2022", "1")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // the dossier lacks the initiative's recognition decision its title asks for: the page says so,
    // and the Director cannot send it until the Office confirms sending without it
    let (_, html) = get(&office, &app.url(&path)).await;
    assert!(
        html.contains("Hồ sơ còn thiếu")
            && html.contains(
                "Nguyễn Ngọc Bích — Chiến sĩ thi đua cấp tỉnh: Quyết định công nhận sáng kiến"
            ),
        "{html}"
    );
    let send = format!("{path}/send");
    let r = post_form(&app, &director, &send, &[("version", "2")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("cần Văn phòng xác nhận gửi khi còn thiếu")
    );
    let confirm = format!("{path}/confirm-missing");
    let r = post_form(
        &app,
        &director,
        &confirm,
        &[("version", "2"), ("confirm", "1")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the Director signs, the Office confirms"
    );
    let r = post_form(&app, &office, &confirm, &[("version", "2")]).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the box not ticked"
    );
    let r = post_form(
        &app,
        &office,
        &confirm,
        &[("version", "2"), ("confirm", "1")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'submission' AND entity_id = '{s}' AND action = 'confirm_missing'"
        ))
        .await,
        1
    );
    // the Office does not send; the Director does, with number 01 of 2022
    let r = post_form(&app, &office, &send, &[("version", "3")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &director, &send, &[("version", "3")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(&app, &director, &send, &[("version", "4")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "sent once");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM submissions WHERE id = {s} AND number = 1 AND year = 2022 AND status = 'sent'"
        ))
        .await,
        1
    );
    let bytes = office
        .get(app.url(&format!("{path}.docx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let text = docx_text(&bytes);
    for want in [
        "TỜ TRÌNH",
        "Số: 01/TTr-STNMT",
        "Kính gửi: Ủy ban nhân dân tỉnh Sóc Trăng",
        "Danh hiệu “Chiến sĩ thi đua cấp tỉnh”: 01 cá nhân",
        "Nguyễn Ngọc Bích",
        "4/4 (100 %)",
        "ngày 29 tháng 12 năm 2022",
        "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng kính trình",
        // the plan cited with its date, as the decision cites it
        "Căn cứ Kế hoạch số 05/KH-STNMT ngày 05/01/2022",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }

    // the dossier pack, built in the background; its progress on the page until it is ready
    let r = post_form(&app, &staff, &format!("{path}/pack"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, &format!("{path}/pack"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut ready = false;
    for _ in 0..100 {
        let (_, html) = get(&office, &app.url(&path)).await;
        if html.contains(&format!("{path}/pack.zip")) {
            ready = true;
            break;
        }
        assert!(!html.contains("Đóng gói không thành công"), "{html}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(ready, "the pack was built");
    let zip = office
        .get(app.url(&format!("{path}/pack.zip")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut archive = zip_reader::ZipArchive::new(std::io::Cursor::new(zip.to_vec())).unwrap();
    let mut names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names.sort();
    // the manifest, the submission, the council's minutes, the ballot count (a secret ballot was
    // held), and the line's papers: the report uploaded, its unit's signed review minutes
    assert_eq!(names.len(), 6, "{names:?}");
    assert_eq!(names[0], "00-danh-muc-ho-so.docx");
    assert!(names[1].starts_with("01-to-trinh-01-2022"), "{names:?}");
    assert_eq!(names[2], "02-bien-ban-hop-hoi-dong.docx");
    assert_eq!(names[3], "03-bien-ban-kiem-phieu.docx");
    assert!(
        names[4].starts_with("04-ho-so/01-nguyen-ngoc-bich/")
            && names[4].ends_with("bao-cao-thanh-tich.pdf"),
        "{names:?}"
    );
    assert!(
        names[5].starts_with("04-ho-so/01-nguyen-ngoc-bich/review_minutes-")
            && names[5].ends_with(".pdf"),
        "{names:?}"
    );
    let mut manifest = Vec::new();
    archive
        .by_name(&names[0])
        .unwrap()
        .read_to_end(&mut manifest)
        .unwrap();
    let list = crate::common::paper::Paper::docx("manifest", &manifest);
    list.check();
    let flat = list
        .lines()
        .into_iter()
        .map(|l| l.1)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("Văn phòng đã xác nhận gửi khi còn thiếu")
            && flat.contains("Quyết định công nhận sáng kiến")
            && flat.contains("Còn thiếu"),
        "{}",
        list.text()
    );
    let mut report = Vec::new();
    archive
        .by_name(&names[4])
        .unwrap()
        .read_to_end(&mut report)
        .unwrap();
    assert!(report.starts_with(b"%PDF-1.4\n% bao cao thanh tich"));
    let mut minutes = Vec::new();
    archive
        .by_name(&names[2])
        .unwrap()
        .read_to_end(&mut minutes)
        .unwrap();
    assert!(docx_text(&minutes).contains("BIÊN BẢN"));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'submission' AND entity_id = '{s}'
               AND action IN ('create', 'update', 'send', 'build_pack', 'pack_ready')"
        ))
        .await,
        5
    );

    // the province's decision: bad input comes back as typed; recorded, the line enters the registry
    let outcome = format!("{path}/outcome");
    let key = format!("l{line}");
    let r = post_form(
        &app,
        &office,
        &outcome,
        &[
            ("authority", "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng"),
            ("decision_no", ""),
            ("decided_on", "15/12/2022"),
            ("version", "4"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Hãy ghi số quyết định")
            && html.contains("Ngày quyết định phải từ ngày tờ trình")
            && html.contains("Hãy chọn kết quả"),
        "{html}"
    );
    let fields = [
        ("authority", "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng"),
        ("decision_no", "123/QĐ-UBND"),
        ("decided_on", "20/01/2023"),
        (key.as_str(), "awarded"),
        ("version", "4"),
    ];
    let r = post_form(&app, &staff, &outcome, &fields).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, &outcome, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(&app, &office, &outcome, &fields).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "stale: recorded once"
    );
    let code: String = sqlx::query_scalar(&format!(
        "SELECT verification_code FROM award_history
          WHERE submission_id = {s} AND title_code = 'CSTD_TINH' AND decision_no = '123/QĐ-UBND'
            AND issuer = 'Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng' AND level = 'province' AND year = 2022"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    let (_, html) = get(&office, &app.url(&path)).await;
    assert!(
        html.contains(&code) && html.contains("Được khen thưởng"),
        "{html}"
    );
    let (st, html) = get(&client(), &app.url(&format!("/verify/{code}"))).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("Nguyễn Ngọc Bích") && html.contains("123/QĐ-UBND"),
        "{html}"
    );
    app.cleanup().await;
}
