//! The Department's award decisions over HTTP, on the demo's notice of the council's 20/12/2022
//! meeting (four lines passed, the period over, the one objection dismissed): the Office drafts a
//! decision of the lines ready and edits its date (a bad date and a stale form come back as typed);
//! the Director approves it with the next number of the register and the cash fixed at the base
//! salary in force on its date; the .docx reads back with its number, bases, list, cash and
//! signature. And twelve drafts approved at once, each twice, take the numbers 1 to 12 once each.

use crate::common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn the_director_approves_a_numbered_decision() {
    // a test CA made for this test, and the organisation's key in a SoftHSM2 token
    let pki = test_pki("Lê Minh Khoa", "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng");
    let seal = softhsm_seal(&pki);
    let app = spawn_app_with(|s| s.seal = Some(seal)).await;
    let office = signed_in(&app, "vanphong").await;
    let director = signed_in(&app, "giamdoc").await;
    let staff = signed_in(&app, "canbo").await;
    let council = signed_in(&app, "hoidong").await;
    let n = app.scalar_i64("SELECT id FROM notices").await;
    // the notice's page names itself by its date in the breadcrumb
    let (_, html) = get(&office, &app.url(&format!("/notices/{n}"))).await;
    assert!(
        html.contains("<span aria-current=\"page\">Công khai ngày 21/12/2022</span>"),
        "{html}"
    );
    // the dismissed objection's outcome in one sentence, never two colons in a row
    assert!(
        html.contains("<strong>Phản ánh không có cơ sở, giữ trong danh sách</strong>. ")
            && !html.contains("</strong>: ")
            && !html.contains("::"),
        "{html}"
    );

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
    // nobody approves a draft they wrote (issue 28, 1)
    let drafted_by = |who: &'static str| {
        let app = &app;
        async move {
            sqlx::query(&format!(
                "UPDATE decisions SET created_by = (SELECT id FROM users WHERE username = '{who}')
                  WHERE id = {d}"
            ))
            .execute(&app.db)
            .await
            .unwrap();
        }
    };
    drafted_by("giamdoc").await;
    let r = post_form(&app, &director, &approve, &[("version", "2")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("người soạn không tự phê duyệt")
    );
    drafted_by("vanphong").await;
    let r = post_form(&app, &director, &approve, &[("version", "2")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (number, year, base): (i32, i32, i64) = sqlx::query_as(&format!(
        "SELECT number, year, base_salary::int8 FROM decisions WHERE id = {d}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((number, year, base), (1, 2022, 1_490_000));
    // three Lao động tiên tiến at 0.3 and a Tập thể lao động tiên tiến at 0.8 of 1,490,000, each
    // rounded up to 10,000 đ as ND 91/2017 Art. 68(2) says (447,000 → 450,000; 1,192,000 →
    // 1,200,000)
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT sum(amount)::int8 FROM decision_lines WHERE decision_id = {d}"
        ))
        .await,
        3 * 450_000 + 1_200_000
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
        // the issuer in running text as its unit is named, not in the heading's capitals
        "của Sở Tài nguyên và Môi trường tỉnh Sóc Trăng về việc",
        "thuộc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng đã có thành tích",
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Sở.",
        "Điều 1. Công nhận danh hiệu thi đua năm 2022 cho 03 cá nhân và 01 tập thể",
        "Nguyễn Ngọc Bích",
        "lương cơ sở 1.490.000 đồng (Nghị định 38/2019/NĐ-CP)",
        "450.000",
        "2.550.000 đồng",
        "Điều 3.",
        "GIÁM ĐỐC",
        "Lê Minh Khoa",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    // before it is issued, the PDF is the .docx through LibreOffice
    let r = director
        .get(app.url(&format!("/decisions/{d}.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-"));
    issue_and_verify(
        &app,
        (&office, &director, &staff),
        (d, &pki),
        &bytes_of(&director, &app, d).await,
    )
    .await;
    // the PDF is the signed copy once issued, with the organisation's signature after the
    // signer's: both valid and chaining to the test root, for pdfsig and for pyHanko
    let r = staff
        .get(app.url(&format!("/decisions/{d}.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    two_valid_signatures(
        &r.bytes().await.unwrap(),
        &pki,
        "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng",
    );
    let _ = std::fs::remove_dir_all(&pki);
    // issued, the decision is read by everyone the campaign reaches
    let r = staff
        .get(app.url(&format!("/decisions/{d}.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'decision' AND entity_id = '{d}'"
        ))
        .await
            >= 3
    );
    app.cleanup().await;
}

/// `n` drafts of one line each, dated 28/12/2022 (drafted here; the drafting is tested above).
async fn drafts(app: &TestApp, n: i64) -> Vec<i64> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "WITH l AS (SELECT id FROM proposal_lines ORDER BY id LIMIT $1),
              d AS (INSERT INTO decisions (campaign_id, issuer_unit_id, decided_on, doc_code, proposer)
                    SELECT c.id, c.issuer_unit_id, DATE '2022-12-28', 'QĐ-STNMT', 'Chánh Văn phòng Sở'
                      FROM campaigns c, l WHERE c.id = 1 RETURNING id)
         SELECT id FROM d ORDER BY id",
    )
    .bind(n)
    .fetch_all(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO decision_lines (decision_id, line_id)
         SELECT d, l FROM UNNEST($1::int8[]) WITH ORDINALITY a(d, i)
         JOIN (SELECT id AS l, row_number() OVER (ORDER BY id) AS i FROM proposal_lines) b USING (i)",
    )
    .bind(&ids)
    .execute(&app.db)
    .await
    .unwrap();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_approved_at_once_never_share_a_number() {
    let app = spawn_app().await;
    let director = signed_in(&app, "giamdoc").await;
    // twelve drafts of one line each (drafted here; the drafting is tested above)
    let ids = drafts(&app, 12).await;
    assert_eq!(ids.len(), 12);
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
        app.scalar_i64(
            "SELECT last::int8 FROM document_register WHERE kind = 'decision' AND year = 2022"
        )
        .await,
        12
    );
    app.cleanup().await;
}

/// The .docx `docx` with `from` replaced by `to` in its body, as a forger would edit it.
fn forged(docx: &[u8], from: &str, to: &str) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("thidua-forged-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in.docx"), docx).unwrap();
    let script = "import sys, zipfile\n\
        src, dst, a, b = sys.argv[1:]\n\
        zin, zout = zipfile.ZipFile(src), zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)\n\
        n = 0\n\
        for item in zin.infolist():\n    \
            data = zin.read(item.filename)\n    \
            if item.filename == 'word/document.xml':\n        \
                n = data.count(a.encode())\n        \
                data = data.replace(a.encode(), b.encode())\n    \
            zout.writestr(item, data)\n\
        zout.close()\n\
        sys.exit(0 if n else 3)\n";
    run_tool(
        "python3",
        &["-c", script, "in.docx", "out.docx", from, to],
        &dir,
    );
    let out = std::fs::read(dir.join("out.docx")).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

async fn bytes_of(c: &reqwest::Client, app: &TestApp, d: i64) -> Vec<u8> {
    c.get(app.url(&format!("/decisions/{d}.docx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    d: i64,
    file: Vec<u8>,
    version: &str,
) -> reqwest::Response {
    let t = token(app, c).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", t)
        .text("version", version.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("quyet-dinh.pdf"),
        );
    c.post(app.url(&format!("/decisions/{d}/issue")))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Sends `file` as a multipart upload to `path`.
async fn post_file(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    (file, name): (Vec<u8>, &str),
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token(app, c).await)
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name(name.to_string()),
        );
    c.post(app.url(path)).multipart(form).send().await.unwrap()
}

/// Uploads `file` to decision `d`; expects it refused with a page that says `want`.
async fn refused(app: &TestApp, c: &reqwest::Client, d: i64, file: Vec<u8>, want: &str) {
    let r = upload(app, c, d, file, "3").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{want}");
    let html = r.text().await.unwrap();
    assert!(html.contains(want), "{want}: {html}");
}

/// Issue 28, 1: whose signature issues a decision. A test CA made here; the trust store empty,
/// then loaded by the administrator (a signer's certificate refused there); a self-signed
/// certificate in the signer's name, another person's, a certificate that may not sign, a revoked
/// one, and the genuine certificate before an administrator confirmed it for the Director's
/// account: all refused, the genuine one proposed for confirmation on first use. Returns the PDF
/// signed with the confirmed certificate.
async fn trusted_signatures(
    app: &TestApp,
    (office, director): (&reqwest::Client, &reqwest::Client),
    (d, pki): (i64, &std::path::Path),
    (unsigned, self_signed, other): (&[u8], Vec<u8>, Vec<u8>),
) -> Vec<u8> {
    let path = |f: &str| pki.join(f).to_str().unwrap().to_string();
    let read = |f: &str| std::fs::read(pki.join(f)).unwrap();
    let with = |stem: &str| {
        let (key, cert, root) = (
            path(&format!("{stem}.key")),
            path(&format!("{stem}.pem")),
            path("root.pem"),
        );
        sign_pdf(unsigned, "Lê Minh Khoa", Some((&key, &cert, &root)))
    };
    let (genuine, revoked, nosign) = (with("signer"), with("revoked"), with("nosign"));
    refused(
        app,
        office,
        d,
        genuine.clone(),
        "chưa có tổ chức chứng thực nào",
    )
    .await;
    // the administrator loads the root and the revocation list; a signer's certificate is not a CA
    let admin = signed_in(app, "admin").await;
    let r = post_file(
        app,
        &admin,
        "/admin/trust",
        (read("signer.pem"), "signer.pem"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("không phải của tổ chức chứng thực")
    );
    for f in ["root.pem", "crl.pem"] {
        let r = post_file(app, &admin, "/admin/trust", (read(f), f)).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{f}");
    }
    let (_, html) = get(&admin, &app.url("/admin/trust")).await;
    assert!(
        html.contains("Thidua Test Root CA") && html.contains("Lần cập nhật tới"),
        "{html}"
    );
    refused(
        app,
        office,
        d,
        self_signed,
        "không được cấp bởi tổ chức chứng thực có trong kho",
    )
    .await;
    refused(
        app,
        office,
        d,
        other,
        "không được cấp bởi tổ chức chứng thực có trong kho",
    )
    .await;
    refused(app, office, d, nosign, "không cho phép dùng để ký số").await;
    // the revoked certificate, registered on the Director's account by the administrator
    let director_id = user_id(app, "giamdoc").await;
    let certs = format!("/admin/users/{director_id}/signing-certificates");
    let r = post_file(app, &admin, &certs, (read("root.pem"), "root.pem")).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a CA is not a signer"
    );
    let r = post_file(app, &admin, &certs, (read("revoked.pem"), "revoked.pem")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    refused(app, office, d, revoked, "đã bị thu hồi").await;
    // the genuine certificate: proposed on first use, refused until confirmed
    refused(
        app,
        office,
        d,
        genuine.clone(),
        "chưa được xác nhận là chứng thư ký",
    )
    .await;
    refused(
        app,
        director,
        d,
        genuine.clone(),
        "đang chờ quản trị viên xác nhận",
    )
    .await;
    let proposed = app
        .scalar_i64(&format!(
            "SELECT id FROM signer_certificates WHERE user_id = {director_id} AND status = 'proposed'"
        ))
        .await;
    let (_, html) = get(&admin, &app.url(&format!("/admin/users/{director_id}"))).await;
    assert!(
        html.contains("Đề nghị") && html.contains("Đã xác nhận"),
        "{html}"
    );
    let r = post_form(app, &admin, &format!("{certs}/{proposed}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM audit_log WHERE action IN
               ('propose_certificate', 'confirm_certificate', 'pin_certificate')
               OR (entity = 'trust_anchor' AND action = 'add')"
        )
        .await,
        5
    );
    genuine
}

/// The decision's .docx through LibreOffice to PDF (read back with pdftotext) and PNG (its layout,
/// kept in target/screenshots/), signed as the Director's office would; then issued, with the bad
/// files refused; the registry, the public check and the API.
async fn issue_and_verify(
    app: &TestApp,
    (office, director, staff): (&reqwest::Client, &reqwest::Client, &reqwest::Client),
    (d, pki): (i64, &std::path::Path),
    docx: &[u8],
) {
    let (unsigned, signed, other, text, png) =
        signed_pdfs(docx, ("Lê Minh Khoa", "Nguyễn Văn Bình"));
    assert!(
        text.contains("QUYẾT ĐỊNH")
            && text.contains("01/QĐ-STNMT")
            && text.contains("Lê Minh Khoa"),
        "{text}"
    );
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join("60-decision-page-1.png"), png).unwrap();
    let mut tampered = signed.clone();
    tampered[2000] ^= 1;
    // a forgery (issue 28, 1): the approved decision's amount changed, signed with a key in the
    // signer's name; refused, naming what differs
    let (_, forgery, _, forged_text, _) = signed_pdfs(
        &forged(docx, "2.550.000", "GIA MAO 999.000.000"),
        ("Lê Minh Khoa", "Nguyễn Văn Bình"),
    );
    assert!(forged_text.contains("GIA MAO 999.000.000"), "{forged_text}");
    let r = upload(app, office, d, forgery, "3").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("khác với quyết định đã được phê duyệt")
            && html.contains("«GIA MAO 999.000.000")
            && html.contains("≠ «2.550.000"),
        "{html}"
    );

    // refused: staff; a deputy who did not approve it; a file that is not a PDF; unsigned;
    // another signer; changed after signing
    assert_eq!(
        upload(app, staff, d, signed.clone(), "3").await.status(),
        StatusCode::FORBIDDEN
    );
    let deputy = signed_in(app, "phogiamdoc").await;
    let r = upload(app, &deputy, d, signed.clone(), "3").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "{:?}", r.headers());
    for (file, want) in [
        (docx.to_vec(), "không phải PDF"),
        (unsigned.clone(), "không có chữ ký số"),
        (tampered, "không hợp lệ"),
    ] {
        let r = upload(app, office, d, file, "3").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains(want), "{want}: {html}");
    }
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM award_history WHERE source = 'app'")
            .await,
        0
    );
    // no certificates before the decision is issued: there are no codes yet
    let r = office
        .get(app.url(&format!("/decisions/{d}/certificates.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/decisions/{d}"));
    let genuine = trusted_signatures(
        app,
        (office, director),
        (d, pki),
        (&unsigned, signed, other),
    )
    .await;
    // issued by the Office with the Director's signed PDF
    let r = upload(app, office, d, genuine, "3").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(director, &app.url(&format!("/decisions/{d}"))).await;
    assert!(
        html.contains("Đã ban hành")
            && html.contains("<dd>Lê Minh Khoa</dd>")
            // the signature panel in the reader's language, not pdfsig's English
            && html.contains("Chữ ký hợp lệ.")
            && !html.contains("Signature is Valid")
            // signer, issuer, trust, each distinct
            && html.contains("<dd>Thidua Test Root CA")
            && html.contains("Đã kiểm tra")
            && html.contains("tổ chức chứng thực được tin cậy &#34;Thidua Test Root CA&#34;")
            && html.contains("Đã đối chiếu danh sách thu hồi")
            // the organisation's signature, apart from the signer's
            && html.contains("<dd>Sở Tài nguyên và Môi trường tỉnh Sóc Trăng</dd>"),
        "{html}"
    );
    // the registry: four awards of decision 01/QĐ-STNMT with codes; eligibility reads them
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM award_history WHERE decision_id = {d} AND decision_no = '01/QĐ-STNMT'
               AND year = 2022 AND verification_code IS NOT NULL AND source = 'app'"
        ))
        .await,
        4
    );
    let code: String = sqlx::query_scalar(
        "SELECT h.verification_code FROM award_history h JOIN people p ON p.id = h.person_id
          WHERE p.full_name = 'Nguyễn Ngọc Bích' AND h.decision_id IS NOT NULL",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    // Lao động tiên tiến and Tập thể lao động tiên tiến come with no certificate (the regime's
    // setting, as the texts say): the decision and its cash recognise them
    let r = office
        .get(app.url(&format!("/decisions/{d}/certificates.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // a Department that prints a certificate of recognition for them turns it on
    sqlx::query("UPDATE titles SET certificate = 'recognition' WHERE code IN ('LDTT', 'TTLDTT')")
        .execute(&app.db)
        .await
        .unwrap();
    // the certificates: a page per award, the names in every Vietnamese letter, the font embedded,
    // each QR code the address of its award's public check, each award's line of the register
    let r = office
        .get(app.url(&format!("/decisions/{d}/certificates.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let pdf = read_pdf(&r.bytes().await.unwrap());
    assert_eq!(pdf.pages, 4, "{}", pdf.text);
    assert!(pdf.page_size.contains("(A4)"), "{}", pdf.page_size);
    assert!(
        pdf.text.contains("Nguyễn Ngọc Bích")
            && pdf
                .text
                .contains("Quyết định số 01/QĐ-STNMT ngày 28/12/2022")
            && pdf
                .text
                .contains("Đạt danh hiệu “Lao động tiên tiến” năm 2022")
            && pdf.text.contains(&format!("Mã xác minh: {code}"))
            && pdf.text.contains("Số sổ: 1")
            && pdf.text.contains("Số sổ: 4")
            && pdf.text.contains("Bà Nguyễn Ngọc Bích"),
        "{}",
        pdf.text
    );
    assert!(
        pdf.fonts.contains("LiberationSerif ") && pdf.fonts.contains("LiberationSerif-Bold"),
        "{}",
        pdf.fonts
    );
    assert!(
        pdf.fonts
            .lines()
            .skip(2)
            .all(|l| l.split_whitespace().rev().nth(4) == Some("yes")),
        "every font embedded: {}",
        pdf.fonts
    );
    let codes: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT verification_code FROM award_history WHERE decision_id = {d} ORDER BY verification_code"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    let mut read: Vec<String> = pdf
        .qr
        .iter()
        .map(|u| u.trim_start_matches("http://127.0.0.1/verify/").to_string())
        .collect();
    read.sort();
    assert_eq!(read, codes, "{:?}", pdf.qr);
    // the public check, without signing in
    let anon = client();
    let (s, html) = get(&anon, &app.url(&format!("/verify/{code}"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Nguyễn Ngọc Bích")
            && html.contains("Lao động tiên tiến (2022)")
            && html.contains("01/QĐ-STNMT")
            && html.contains("đã được kiểm tra khi ban hành")
            && html.contains("ký bởi Lê Minh Khoa")
            && html.contains("Có chữ ký số của cơ quan ban hành"),
        "{html}"
    );
    assert!(!html.contains("450.000"), "nothing else: not the cash");
    let (s, _) = get(&anon, &app.url("/verify/ZZZZZZZZ")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // the API, scoped: the Office sees the awards, staff only their own
    let (s, body) = get(office, &app.url("/api/v1/awards?year=2022")).await;
    assert_eq!(s, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let ours: Vec<&serde_json::Value> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["decision_no"] == "01/QĐ-STNMT")
        .collect();
    assert_eq!(ours.len(), 4, "{body}");
    let unit = ours.iter().find(|a| a["subject"] == "unit").unwrap();
    assert_eq!(unit["unit_code"], "KS");
    assert_eq!(unit["title_code"], "TTLDTT");
    assert!(
        unit["verification_code"]
            .as_str()
            .is_some_and(|c| c.len() == 12)
    );
    let (_, body) = get(staff, &app.url("/api/v1/awards?year=2022")).await;
    assert!(
        !body.contains("01/QĐ-STNMT"),
        "staff see their own only: {body}"
    );
    // the registry's page and its export: filtered by name (without diacritics) and year
    let (s, html) = get(office, &app.url("/registry?year=2022&q=nguyen+ngoc+bich")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Nguyễn Ngọc Bích")
            && html.contains(&code)
            && !html.contains("Võ Thị Nhung")
            && html.contains("Chữ ký số đã kiểm tra khi ban hành"),
        "{html}"
    );
    let (s, _) = get(staff, &app.url("/registry")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let bytes = office
        .get(app.url("/registry.xlsx?year=2022"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("Sổ khen thưởng").unwrap();
    let cells: Vec<String> = range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    assert!(
        cells.contains(&"Nguyễn Ngọc Bích".to_string()) && cells.contains(&code),
        "{cells:?}"
    );
    assert!(cells.contains(&"01/QĐ-STNMT".to_string()));
    // the kind column named as the national database names it, and one name for the issuer
    assert!(
        cells.contains(&"Loại hình khen thưởng".to_string())
            && cells.contains(&"Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng".to_string()),
        "{cells:?}"
    );
    // an entry of an issued decision is the decision's: not deleted by hand from the record
    let (pid, aid): (i64, i64) = sqlx::query_as(&format!(
        "SELECT person_id, id FROM award_history WHERE verification_code = '{code}'"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    let (_, html) = get(office, &app.url(&format!("/people/{pid}/record"))).await;
    assert!(
        !html.contains(&format!("/record/awards/{aid}/delete")),
        "no delete button"
    );
    let r = post_form(
        app,
        office,
        &format!("/people/{pid}/record/awards/{aid}/delete"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM award_history WHERE id = {aid}"
        ))
        .await,
        1
    );
    // issued: never changes
    let r = post_form(
        app,
        office,
        &format!("/decisions/{d}"),
        &[
            ("decided_on", "29/12/2022"),
            ("proposer", "x"),
            ("version", "4"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = upload(app, office, d, b"%PDF-1.4".to_vec(), "4").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // the public page is rate-limited per address
    let mut last = StatusCode::OK;
    for _ in 0..31 {
        last = anon
            .get(app.url(&format!("/verify/{code}")))
            .send()
            .await
            .unwrap()
            .status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

/// Issue 28, 1: signing authority as data. The deputy approves "KT. GIÁM ĐỐC" only under a
/// delegation in force for the decision (the demo records one); revoked, or out of its dates, the
/// approval is refused and nothing changes; the Director records delegations, the deputy does not.
#[tokio::test]
async fn a_deputy_approves_only_under_a_delegation() {
    let app = spawn_app().await;
    let director = signed_in(&app, "giamdoc").await;
    let deputy = signed_in(&app, "phogiamdoc").await;
    let drafts = drafts(&app, 3).await;
    let approve = |c: &reqwest::Client, d: i64| {
        let (c, url) = (c.clone(), app.url(&format!("/decisions/{d}/approve")));
        let app = &app;
        async move {
            let t = token(app, &c).await;
            c.post(url)
                .form(&[("version", "1"), ("csrf_token", t.as_str())])
                .send()
                .await
                .unwrap()
        }
    };
    // under the demo's delegation: approved, signed "KT. GIÁM ĐỐC", the delegation kept
    let r = approve(&deputy, drafts[0]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&deputy, &app.url(&format!("/decisions/{}", drafts[0]))).await;
    assert!(
        html.contains("KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC") && html.contains("Quyết định số 15/QĐ-STNMT"),
        "{html}"
    );
    // the deputy may not record or revoke delegations; the Director revokes the demo's
    let g = app.scalar_i64("SELECT id FROM signing_delegations").await;
    let (s, _) = get(&deputy, &app.url("/delegations")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let r = post_form(&app, &deputy, &format!("/delegations/{g}/revoke"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &director, &format!("/delegations/{g}/revoke"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = approve(&deputy, drafts[1]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("chỉ phê duyệt được khi có ủy quyền ký")
    );
    // a new one that ends before the decision's date does not cover it; one that covers it does
    let deputy_id = user_id(&app, "phogiamdoc").await;
    let unit = app
        .scalar_i64("SELECT issuer_unit_id FROM campaigns WHERE id = 1")
        .await;
    let record = |from: &'static str, to: &'static str| {
        let (unit, deputy_id) = (unit.to_string(), deputy_id.to_string());
        let (app, director) = (&app, &director);
        async move {
            post_form(
                app,
                director,
                "/delegations",
                &[
                    ("unit", &unit),
                    ("delegate", &deputy_id),
                    ("valid_from", from),
                    ("valid_to", to),
                    ("kind_annual", "1"),
                    ("basis", "Quyết định số 3/QĐ-STNMT ngày 02/01/2022"),
                ],
            )
            .await
        }
    };
    // bad input: kept on the form, nothing recorded
    let r = record("31/12/2022", "01/01/2022").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Ngày kết thúc phải sau ngày bắt đầu") && html.contains("31/12/2022"),
        "{html}"
    );
    assert_eq!(
        record("01/01/2022", "30/11/2022").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        approve(&deputy, drafts[1]).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        record("01/12/2022", "31/12/2022").await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        approve(&deputy, drafts[1]).await.status(),
        StatusCode::SEE_OTHER
    );
    // the Director needs none
    assert_eq!(
        approve(&director, drafts[2]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM decisions WHERE id = ANY(ARRAY[{}, {}]) AND delegation_id IS NOT NULL AND signer_deputy",
            drafts[0], drafts[1]
        ))
        .await,
        2
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'signing_delegation'")
            .await,
        3
    );
    app.cleanup().await;
}

/// Issue 28, 1: a configured organisation key that cannot be used (here a PKCS#12 file that is not
/// there) refuses the issue with the reason: the signer's genuine PDF is not issued without the
/// organisation's signature, and nothing enters the registry.
#[tokio::test]
async fn a_broken_organisation_key_issues_nothing() {
    let app = spawn_app_with(|s| {
        s.seal = Some(thidua::seal::SealConfig::Pkcs12 {
            path: "/nonexistent/seal.p12".into(),
            password: "x".into(),
        })
    })
    .await;
    let director = signed_in(&app, "giamdoc").await;
    let office = signed_in(&app, "vanphong").await;
    let d = drafts(&app, 1).await[0];
    let t = token(&app, &office).await;
    let r = office
        .post(app.url(&format!("/decisions/{d}/approve")))
        .form(&[("version", "1"), ("csrf_token", t.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the Office does not approve"
    );
    let t = token(&app, &director).await;
    let r = director
        .post(app.url(&format!("/decisions/{d}/approve")))
        .form(&[("version", "1"), ("csrf_token", t.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (unsigned, _, _, _, _) =
        signed_pdfs(&bytes_of(&director, &app, d).await, ("Lê Minh Khoa", "-"));
    let pki = trusted_test_ca(&app, "giamdoc").await;
    let signed = signed_by_test_signer(&unsigned, &pki);
    let _ = std::fs::remove_dir_all(&pki);
    let r = upload(&app, &office, d, signed, "2").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Không thêm được chữ ký số của cơ quan ban hành")
            && html.contains("seal.p12"),
        "{html}"
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM award_history WHERE decision_id = {d}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM decisions WHERE id = {d} AND status = 'approved' AND signed_document_id IS NULL"
        ))
        .await,
        1
    );
    app.cleanup().await;
}
