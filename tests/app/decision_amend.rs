//! A decision amending an issued one, on the demo past the council (decision 01/QĐ-STNMT of
//! 29/12/2022 issued): the Office drafts it from the issued decision's page, says what it corrects
//! and revokes one award (a form missing the correction comes back as typed); the Director
//! approves it with the next number of its year's register and issues it with a signed PDF; the
//! revoked award leaves the registry (its public check answers 404, the amended decision's
//! certificates lose its page) and the others name the amending decision. Those who may not are
//! refused; an amending decision is not amended again and prints no certificates.

use crate::common::*;
use reqwest::StatusCode;

async fn version(app: &TestApp, d: i64) -> String {
    app.scalar_i64(&format!(
        "SELECT version::int8 FROM decisions WHERE id = {d}"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn an_amending_decision_revokes_one_award_and_corrects_the_others() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let office = signed_in(&app, "vanphong").await;
    let director = signed_in(&app, "giamdoc").await;
    let staff = signed_in(&app, "canbo").await;
    let (_, html) = get(&office, &app.url("/decisions/1")).await;
    assert!(html.contains("action=\"/decisions/1/amend\""), "{html}");
    let (_, html) = get(&staff, &app.url("/decisions/1")).await;
    assert!(
        !html.contains("/decisions/1/amend"),
        "staff are not offered it"
    );

    // drafted by those who run the campaign only
    let r = post_form(&app, &staff, "/decisions/1/amend", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, "/decisions/1/amend", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d = app.scalar_i64("SELECT max(id) FROM decisions").await;
    assert_eq!(location(&r), format!("/decisions/{d}"));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM decision_lines WHERE decision_id = {d} AND amending AND NOT revoked"
        ))
        .await,
        4
    );
    // the decision is not shown as amended while its amendment is a draft: its readers see
    // nothing, the Office sees the draft in preparation (issue 30, 8)
    let (_, html) = get(&staff, &app.url("/decisions/1")).await;
    assert!(!html.contains("Đã được sửa đổi, đính chính bởi"), "{html}");
    assert!(!html.contains("Đang soạn quyết định sửa đổi"), "{html}");
    let (_, html) = get(&office, &app.url("/decisions/1")).await;
    assert!(!html.contains("Đã được sửa đổi, đính chính bởi"), "{html}");
    assert!(
        html.contains("Đang soạn quyết định sửa đổi")
            && html.contains(&format!("/decisions/{d}\"")),
        "{html}"
    );
    // a draft is not amended
    let r = post_form(&app, &office, &format!("/decisions/{d}/amend"), &[]).await;
    assert_eq!(location(&r), format!("/decisions/{d}"));
    assert_eq!(app.scalar_i64("SELECT count(*) FROM decisions").await, 2);

    // Phan Văn Tài's award is revoked; the correction is required and kept as typed
    let tai: i64 = app
        .scalar_i64(&format!(
            "SELECT dl.line_id FROM decision_lines dl JOIN proposal_lines l ON l.id = dl.line_id
               JOIN people p ON p.id = l.person_id
              WHERE dl.decision_id = {d} AND p.full_name = 'Phan Văn Tài'"
        ))
        .await;
    let revoke = format!("revoke_{tai}");
    let path = format!("/decisions/{d}");
    let v = version(&app, d).await;
    let fields = [
        ("version", v.as_str()),
        ("decided_on", "10/01/2023"),
        ("proposer", "Chánh Văn phòng Sở"),
        ("correction", ""),
        (revoke.as_str(), "on"),
    ];
    let r = post_form(&app, &office, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Hãy ghi nội dung sửa đổi, đính chính"),
        "{html}"
    );
    assert!(html.contains("value=\"10/01/2023\""), "the date as typed");
    assert!(
        html.contains(&format!("name=\"{revoke}\" checked")),
        "the revoked box as ticked"
    );
    assert_eq!(version(&app, d).await, v, "nothing changed");
    let why = "Thu hồi danh hiệu Lao động tiên tiến năm 2022 của ông Phan Văn Tài do bị xử lý kỷ luật khiển trách.";
    let fields = [
        ("version", v.as_str()),
        ("decided_on", "10/01/2023"),
        ("proposer", "Chánh Văn phòng Sở"),
        ("correction", why),
        (revoke.as_str(), "on"),
    ];
    let r = post_form(&app, &office, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(&app, &office, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a stale form");
    let (_, html) = get(&office, &app.url(&path)).await;
    assert!(
        html.contains("Sửa đổi, đính chính") && html.contains(why),
        "{html}"
    );

    // the Director approves: number 01 of 2023's register, no cash
    let v = version(&app, d).await;
    let approve = format!("/decisions/{d}/approve");
    let r = post_form(&app, &office, &approve, &[("version", v.as_str())]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &director, &approve, &[("version", v.as_str())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (number, year, paid): (i32, i32, i64) = sqlx::query_as(&format!(
        "SELECT number, year, (SELECT count(*) FROM decision_lines WHERE decision_id = {d} AND amount IS NOT NULL)
           FROM decisions WHERE id = {d}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((number, year, paid), (1, 2023, 0));
    // the document: what it amends, what stands, what is revoked
    let docx = director
        .get(app.url(&format!("/decisions/{d}.docx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let text = docx_text(&docx);
    assert!(
        // the summary may run over two lines
        text.replace('\n', " ")
            .contains("Về việc sửa đổi, đính chính Quyết định số 01/QĐ-STNMT ngày 29/12/2022")
            && text.contains(why)
            && text.contains("Thu hồi danh hiệu, hình thức khen thưởng và tiền thưởng đã cấp đối với 1 trường hợp")
            && text.contains("được giữ nguyên")
            && text.contains("Các nội dung khác của Quyết định số 01/QĐ-STNMT ngày 29/12/2022 giữ nguyên hiệu lực")
            && !text.contains("Tổng số tiền thưởng"),
        "{text}"
    );
    // each article's heading in bold (ND 30/2020)
    let xml = docx_part(&docx, "word/document.xml");
    for n in 1..=3 {
        assert!(
            xml.contains(&format!(
                "<w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">Điều {n}.</w:t>"
            )),
            "Điều {n}. in bold"
        );
    }
    let code: String = sqlx::query_scalar(
        "SELECT h.verification_code FROM award_history h JOIN people p ON p.id = h.person_id
          WHERE p.full_name = 'Phan Văn Tài' AND h.decision_id = 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let anon = client();
    assert_eq!(
        get(&anon, &app.url(&format!("/verify/{code}"))).await.0,
        StatusCode::OK
    );

    // issued with the Director's signed PDF
    let (unsigned, _, _, pdf_text, _) = signed_pdfs(&docx, ("Lê Minh Khoa", "Nguyễn Văn Bình"));
    let pki = trusted_test_ca(&app, "giamdoc").await;
    let signed = signed_by_test_signer(&unsigned, &pki);
    let _ = std::fs::remove_dir_all(&pki);
    assert!(pdf_text.contains("01/QĐ-STNMT"), "{pdf_text}");
    let v = version(&app, d).await;
    let t = token(&app, &director).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", t)
        .text("version", v)
        .part(
            "file",
            reqwest::multipart::Part::bytes(signed).file_name("qd-sua-doi.pdf"),
        );
    let r = director
        .post(app.url(&format!("/decisions/{d}/issue")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), path);

    // the revoked award is gone from the registry and its check; the others name the amendment
    assert_eq!(
        get(&anon, &app.url(&format!("/verify/{code}"))).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM award_history WHERE decision_id = 1")
            .await,
        3
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM award_history WHERE amended_by = {d}"
        ))
        .await,
        3
    );
    let audited: String = sqlx::query_scalar(&format!(
        "SELECT after::text FROM audit_log WHERE action = 'issue' AND entity_id = '{d}'"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(
        audited.contains(&code),
        "the revoked entry kept in the audit log: {audited}"
    );
    // (the Department prints certificates of recognition for these titles)
    sqlx::query("UPDATE titles SET certificate = 'recognition' WHERE code IN ('LDTT', 'TTLDTT')")
        .execute(&app.db)
        .await
        .unwrap();
    let r = office
        .get(app.url("/decisions/1/certificates.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = read_pdf(&r.bytes().await.unwrap());
    assert_eq!(pdf.pages, 3, "{}", pdf.text);
    assert!(!pdf.text.contains("Phan Văn Tài"), "{}", pdf.text);
    // both pages name each other
    let (_, html) = get(&staff, &app.url("/decisions/1")).await;
    assert!(
        html.contains("Đã được sửa đổi, đính chính bởi")
            && html.contains(&format!("/decisions/{d}\"")),
        "{html}"
    );
    let (_, html) = get(&staff, &app.url(&path)).await;
    assert!(
        html.contains("href=\"/decisions/1\"") && html.contains("Thu hồi"),
        "{html}"
    );
    // an amending decision is not amended again and prints no certificates
    let r = post_form(&app, &office, &format!("/decisions/{d}/amend"), &[]).await;
    assert_eq!(location(&r), path);
    let r = office
        .get(app.url(&format!("/decisions/{d}/certificates.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar_i64("SELECT count(*) FROM decisions").await, 2);
    app.cleanup().await;
}
