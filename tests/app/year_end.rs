//! Year-end at the units over HTTP: the land management division (ten members) holds its review,
//! its bad input refused on the same form with nothing written, the minutes read back as .docx,
//! the signed scan checked by content and size, the proposal built, a line failing a condition
//! never sent (its exceptional achievement proposed as an ad-hoc commendation), the Office
//! returning a line, the head supplementing and
//! resubmitting, the Office seeing what changed and accepting; the achievement report pre-filled,
//! edited and exported; the API's lines; every step audited; parallel submissions.

use crate::common::*;
use reqwest::{Client, StatusCode};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

async fn upload(
    app: &TestApp,
    c: &Client,
    path: &str,
    fields: &[(&str, &str)],
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let t = token(app, c).await;
    let mut form = reqwest::multipart::Form::new().text("csrf_token", t);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    c.post(app.url(path)).multipart(form).send().await.unwrap()
}

/// The ten members of the land management division, and who among them gets which title.
struct Unit {
    id: i64,
    members: Vec<i64>,
    hung: i64,
    nhut: i64,
    trong: i64,
    khanh: i64,
}

async fn qldd(app: &TestApp) -> Unit {
    let id = unit_id(app, "QLDD").await;
    let members: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id
          WHERE u.path LIKE (SELECT path FROM units WHERE id = $1) || '%' AND p.active ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(members.len(), 10, "a unit of ten");
    Unit {
        id,
        members,
        hung: person_id(app, "Nguyễn Văn Hùng").await,
        nhut: person_id(app, "Lâm Văn Nhựt").await,
        trong: person_id(app, "Trương Minh Nhật Trọng").await,
        // rated "not completed" in 2022: Lao động tiên tiến fails a condition
        khanh: person_id(app, "Nguyễn Văn Khánh").await,
    }
}

/// The review form: everyone present but the last (on a trip), four titles proposed with votes.
fn review_form(u: &Unit, yes_hung: &str, version: &str) -> Vec<(String, String)> {
    let absent = *u.members.last().unwrap();
    let mut f: Vec<(String, String)> = vec![
        ("version".into(), version.into()),
        ("held_on".into(), "20/11/2026".into()),
        ("held_at".into(), "14 giờ 00".into()),
        ("place".into(), "Phòng họp tầng 2".into()),
        ("chair".into(), u.members[0].to_string()),
        ("secretary".into(), u.members[1].to_string()),
        ("voting".into(), "hands".into()),
        ("discussion".into(), "Thống nhất đề nghị.".into()),
    ];
    for m in &u.members {
        if *m != absent {
            f.push((format!("present_{m}"), "on".into()));
        } else {
            f.push((format!("reason_{m}"), "Đi công tác".into()));
        }
    }
    for p in [u.hung, u.nhut, u.trong, u.khanh] {
        f.push((format!("title_{p}"), "LDTT".into()));
        let yes = if p == u.hung { yes_hung } else { "8" };
        f.push((format!("yes_{p}"), yes.into()));
        f.push((
            format!("no_{p}"),
            if p == u.hung { "0" } else { "1" }.into(),
        ));
        f.push((format!("abstain_{p}"), "0".into()));
    }
    f
}

/// The error lines of a page that came back (for a failing assertion's message).
async fn errors_of(r: reqwest::Response) -> String {
    let html = r.text().await.unwrap_or_default();
    html.lines()
        .filter(|l| l.contains("class=\"err") || l.contains("error-summary") || l.contains("<p>"))
        .take(20)
        .collect::<Vec<_>>()
        .join("\n")
}

async fn post_pairs(
    app: &TestApp,
    c: &Client,
    path: &str,
    f: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post_form(app, c, path, &pairs).await
}

async fn proposal_version(app: &TestApp, pid: i64) -> String {
    app.scalar_i64(&format!(
        "SELECT version::int8 FROM proposals WHERE id = {pid}"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn a_unit_reviews_proposes_and_the_office_returns_and_accepts() {
    let app = spawn_app_with(|s| s.max_document_bytes = 4096).await;
    let head = signed_in(&app, "truongphong").await;
    let office = signed_in(&app, "vanphong").await;
    let staff = signed_in(&app, "canbo").await;
    let u = qldd(&app).await;
    let review = format!("/campaigns/1/reviews/{}", u.id);

    // Hùng assessed a commitment of his as done
    let assessed = sqlx::query(
        "INSERT INTO registration_commitments (registration_id, position, target, measure, final_result)
         SELECT r.id, 99, 'Số hóa hồ sơ địa chính', 'Tỷ lệ hồ sơ', 'done' FROM registrations r
          WHERE r.campaign_id = 1 AND r.person_id = $1 AND r.status IN ('submitted', 'returned', 'confirmed')",
    )
    .bind(u.hung)
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(assessed.rows_affected(), 1, "Hùng registered");

    // the head sees every member side by side, with their self-assessment; staff may not
    let (s, html) = get(&head, &app.url(&review)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Nguyễn Văn Hùng") && html.contains("Chỉ tiêu, tỷ lệ"));
    assert!(
        html.contains("Tự đánh giá: 1 hoàn thành, 0 hoàn thành một phần"),
        "the self-assessment beside the member"
    );
    // a changed assessment shows at once (it moves the version the page is kept at)
    sqlx::query("UPDATE registration_commitments SET final_result = 'partly' WHERE position = 99")
        .execute(&app.db)
        .await
        .unwrap();
    let mut seen = false;
    for _ in 0..40 {
        let (_, html) = get(&head, &app.url(&review)).await;
        if html.contains("Tự đánh giá: 0 hoàn thành, 1 hoàn thành một phần") {
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(seen, "the page follows the assessment");
    assert_eq!(
        get(&staff, &app.url(&review)).await.0,
        StatusCode::FORBIDDEN
    );

    // more votes than members present: the same form, as typed, nothing written
    let r = post_pairs(&app, &head, &review, &review_form(&u, "10", "0")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Tổng số phiếu vượt quá số người có mặt"));
    assert!(html.contains("Phòng họp tầng 2"), "what was typed is kept");
    let reviews = format!("SELECT count(*) FROM unit_reviews WHERE unit_id = {}", u.id);
    assert_eq!(app.scalar_i64(&reviews).await, 0);

    let r = post_pairs(&app, &head, &review, &review_form(&u, "9", "0")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", errors_of(r).await);
    assert_eq!(app.scalar_i64(&reviews).await, 1);
    // the same form again (version 0): someone saved first
    let r = post_pairs(&app, &head, &review, &review_form(&u, "9", "0")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().await.unwrap().contains("Phạm Văn Đạt"),
        "who saved is named"
    );

    // the minutes, read back with an XML parser
    let r = head
        .get(app.url(&format!("{review}/minutes.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let text = docx_text(&r.bytes().await.unwrap());
    for want in [
        "BIÊN BẢN",
        "Họp bình xét thi đua, khen thưởng năm 2022",
        // the unit broken where a clerk breaks it
        "PHÒNG QUẢN LÝ\nĐẤT ĐAI",
        "Thành phần: có mặt 9/10 người.",
        "Địa điểm: Phòng họp tầng 2.",
        "Nguyễn Văn Hùng",
        "Lao động tiên tiến",
        "Đi công tác",
        "CHỦ TRÌ",
        "THƯ KÝ",
    ] {
        assert!(text.contains(want), "minutes lack {want:?}:\n{text}");
    }
    // Hùng's row: 9 in favour, none against or abstaining, 100 %
    assert!(
        text.contains("Nguyễn Văn Hùng\nLao động tiên tiến\n9\n0\n0\n100 %"),
        "{text}"
    );

    // the signed scan: a page that lies about its type, one too large, then a real PDF
    let scan = format!("{review}/minutes");
    let docs = &format!(
        "SELECT count(*) FROM documents d JOIN unit_reviews r ON r.id = d.review_id WHERE r.unit_id = {}",
        u.id
    );
    let r = upload(
        &app,
        &head,
        &scan,
        &[],
        "bien-ban.pdf",
        b"<html><script>alert(1)</script>".to_vec(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("kiểm tra theo nội dung"));
    let mut big = PDF.to_vec();
    big.resize(5000, b' ');
    let r = upload(&app, &head, &scan, &[], "bien-ban.pdf", big).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Tệp vượt quá"));
    assert_eq!(app.scalar_i64(docs).await, 0);
    let r = upload(&app, &head, &scan, &[], "../../bien ban.PDF", PDF.to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = app.scalar_i64("SELECT max(id) FROM documents").await;
    let r = office
        .get(app.url(&format!("/documents/{doc}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert!(
        h["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(
        get(&staff, &app.url(&format!("/documents/{doc}"))).await.0,
        StatusCode::FORBIDDEN
    );

    // the proposal, built from the review
    let r = post_form(&app, &head, &format!("{review}/proposal"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let pid: i64 = location(&r)
        .trim_start_matches("/proposals/")
        .parse()
        .unwrap();
    let lines = format!("SELECT count(*) FROM proposal_lines WHERE proposal_id = {pid}");
    assert_eq!(app.scalar_i64(&lines).await, 4);
    let khanh_line = app
        .scalar_i64(&format!(
            "SELECT id FROM proposal_lines WHERE proposal_id = {pid} AND person_id = {}",
            u.khanh
        ))
        .await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposal_lines WHERE id = {khanh_line} AND eligibility = 'not_eligible'"
        ))
        .await,
        1
    );
    assert_eq!(
        get(&staff, &app.url(&format!("/proposals/{pid}"))).await.0,
        StatusCode::FORBIDDEN
    );

    // a line failing a condition is not sent, with or without a justification: nothing sent
    let submit = format!("/proposals/{pid}/submit");
    let just = format!("just_{khanh_line}");
    for typed in ["", "Có thành tích đột xuất trong đợt lũ."] {
        let v = proposal_version(&app, pid).await;
        let r = post_form(&app, &head, &submit, &[("version", &v), (&just, typed)]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("không đạt điều kiện của danh hiệu, hình thức nên không gửi được"),
            "{html}"
        );
    }
    let status = format!("SELECT count(*) FROM proposals WHERE id = {pid} AND status = 'draft'");
    assert_eq!(app.scalar_i64(&status).await, 1);

    // the achievement report: pre-filled, edited, exported
    let report = format!("/proposals/{pid}/lines/{khanh_line}/report");
    let (s, html) = get(&head, &app.url(&report)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Họ và tên: Nguyễn Văn Khánh")
            && html.contains("Năm 2022: Không hoàn thành nhiệm vụ.")
    );
    let lv = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM proposal_lines WHERE id = {khanh_line}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &head,
        &report,
        &[
            ("version", &lv),
            (
                "profile",
                "Họ và tên: Nguyễn Văn Khánh\nChức vụ: Chuyên viên",
            ),
            ("duties", "Thẩm định hồ sơ giao đất."),
            (
                "achievements",
                "- Hoàn thành 120 hồ sơ đúng hạn.\n- Tham gia đo đạc khẩn cấp sau lũ.",
            ),
            ("initiatives", ""),
            (
                "awards",
                "2021 | Giấy khen của Giám đốc Sở | 25/QĐ-STNMT | Sở TN&MT",
            ),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = head
        .get(app.url(&format!("{report}.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = docx_text(&r.bytes().await.unwrap());
    for want in [
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG DANH HIỆU\n“LAO ĐỘNG TIÊN TIẾN” NĂM 2022",
        "Mẫu số 02 kèm theo Nghị định số 91/2017/NĐ-CP",
        "Họ và tên: Nguyễn Văn Khánh",
        "I. SƠ LƯỢC LÝ LỊCH",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Hoàn thành 120 hồ sơ đúng hạn.",
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "25/QĐ-STNMT",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ] {
        assert!(text.contains(want), "report lacks {want:?}:\n{text}");
    }

    // the exceptional achievement becomes its own proposal: a Giấy khen for it (khen thưởng đột
    // xuất), never an emulation title, and never without the achievement written
    let remove = format!("/proposals/{pid}/lines/{khanh_line}/delete");
    let v = proposal_version(&app, pid).await;
    let r = post_form(&app, &head, &remove, &[("version", &v)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let add = format!("/proposals/{pid}/lines/add");
    let khanh = u.khanh.to_string();
    let flood = "Trực tiếp cứu hộ, di dời hồ sơ địa chính của xã khỏi vùng ngập trong đợt lũ tháng 10/2022.";
    for (title, achievement, want) in [
        ("LDTT", flood, "Chọn một hình thức khen thưởng đột xuất"),
        ("GIAYKHEN", "   ", "Hãy mô tả thành tích đột xuất."),
    ] {
        let v = proposal_version(&app, pid).await;
        let fields = [
            ("version", v.as_str()),
            ("adhoc", "1"),
            ("subject", khanh.as_str()),
            ("title", title),
            ("achievement", achievement),
        ];
        let r = post_form(&app, &head, &add, &fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains(want), "{want}: {html}");
    }
    assert_eq!(app.scalar_i64(&lines).await, 3, "nothing added");
    let v = proposal_version(&app, pid).await;
    let fields = [
        ("version", v.as_str()),
        ("adhoc", "1"),
        ("subject", khanh.as_str()),
        ("title", "GIAYKHEN"),
        ("achievement", flood),
    ];
    let r = post_form(&app, &head, &add, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let khanh_line = app
        .scalar_i64(&format!(
            "SELECT id FROM proposal_lines WHERE proposal_id = {pid} AND person_id = {khanh}
              AND achievement IS NOT NULL"
        ))
        .await;
    // its dossier: the summary of the achievement, made from what was written
    let (_, html) = get(&head, &app.url(&format!("/proposals/{pid}"))).await;
    assert!(
        html.contains("Khen thưởng đột xuất")
            && html.contains("✓ Báo cáo tóm tắt thành tích đột xuất")
            && html.contains(&format!("/proposals/{pid}/lines/{khanh_line}/report.docx")),
        "{html}"
    );
    let r = head
        .get(app.url(&format!("/proposals/{pid}/lines/{khanh_line}/report.docx")))
        .send()
        .await
        .unwrap();
    let text = docx_text(&r.bytes().await.unwrap());
    for want in [
        "BÁO CÁO TÓM TẮT THÀNH TÍCH",
        "VỀ THÀNH TÍCH XUẤT SẮC ĐỘT XUẤT",
        "Mẫu số 06 kèm theo Nghị định số 91/2017/NĐ-CP",
        "II. THÀNH TÍCH XUẤT SẮC ĐỘT XUẤT",
        "di dời hồ sơ địa chính",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ] {
        assert!(text.contains(want), "summary lacks {want:?}:\n{text}");
    }

    // sent: the ad-hoc line with the others
    let v = proposal_version(&app, pid).await;
    let r = post_form(&app, &head, &submit, &[("version", &v)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposal_lines WHERE proposal_id = {pid} AND status = 'submitted'"
        ))
        .await,
        4
    );
    // the Office sees it has just arrived, in words (not "Chờ 0 ngày làm việc")
    let (_, html) = get(&office, &app.url(&format!("/proposals/{pid}"))).await;
    assert!(
        html.contains("Vừa nhận, chưa qua ngày làm việc nào") && !html.contains("Chờ 0"),
        "{html}"
    );

    // sent: the review is frozen, and the signed minutes cannot be replaced while the Office checks
    let v = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM unit_reviews WHERE unit_id = {}",
            u.id
        ))
        .await
        .to_string();
    let mut f = review_form(&u, "9", &v);
    for (k, v) in f.iter_mut() {
        if k == "discussion" {
            *v = "nul\0byte".into();
        }
    }
    let r = post_pairs(&app, &head, &review, &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("không sửa được nữa"));
    let r = upload(&app, &head, &scan, &[], "bien-ban-2.pdf", PDF.to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("chưa thay được biên bản"));

    // the Office returns Hùng's line; a stale decision changes nothing
    let hung_line = app
        .scalar_i64(&format!(
            "SELECT id FROM proposal_lines WHERE proposal_id = {pid} AND person_id = {}",
            u.hung
        ))
        .await
        .to_string();
    let decide = format!("/proposals/{pid}/decide");
    let v = proposal_version(&app, pid).await;
    let r = post_form(
        &app,
        &office,
        &decide,
        &[
            ("version", &v),
            ("line", &hung_line),
            ("action", "return"),
            ("reason", ""),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a return needs a reason"
    );
    let r = post_form(
        &app,
        &office,
        &decide,
        &[
            ("version", &v),
            ("line", &hung_line),
            ("action", "return"),
            ("reason", "Thiếu xác nhận thành tích"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(
        &app,
        &office,
        &decide,
        &[("version", &v), ("line", &hung_line), ("action", "accept")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "stale");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposals WHERE id = {pid} AND status = 'returned'"
        ))
        .await,
        1
    );
    // the head may not decide; the Office may not edit
    let v = proposal_version(&app, pid).await;
    let r = post_form(
        &app,
        &head,
        &decide,
        &[("version", &v), ("line", &hung_line), ("action", "accept")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, &submit, &[("version", &v)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // the head supplements (a document on the returned line) and submits again
    let r = upload(
        &app,
        &head,
        &format!("/proposals/{pid}/documents"),
        &[("line", &hung_line), ("kind", "achievement_certification")],
        "xac-nhan.pdf",
        PDF.to_vec(),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let v = proposal_version(&app, pid).await;
    let r = post_form(&app, &head, &submit, &[("version", &v)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&office, &app.url(&format!("/proposals/{pid}"))).await;
    assert!(html.contains("Thay đổi so với lần gửi trước"));
    assert!(
        html.contains("Thêm tài liệu: Nguyễn Văn Hùng — xac-nhan.pdf"),
        "{html}"
    );
    assert!(html.contains("Đã gửi 2 lần"));

    // the Office's list across units, and its workbook
    let (s, html) = get(
        &office,
        &app.url(&format!(
            "/campaigns/1/proposals?unit={}&status=submitted",
            u.id
        )),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Nguyễn Văn Khánh") && html.contains("Khen thưởng đột xuất"));
    let r = office
        .get(app.url("/campaigns/1/proposals.xlsx?unit="))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    let text: Vec<String> = range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(
        text.iter().any(|l| l.contains("Nguyễn Văn Khánh")
            && l.contains("Khen thưởng đột xuất")
            && l.contains("di dời hồ sơ địa chính")),
        "{text:?}"
    );
    assert_eq!(
        get(&head, &app.url("/campaigns/1/proposals")).await.0,
        StatusCode::FORBIDDEN
    );

    // the Office accepts every line
    for l in sqlx::query_scalar::<_, i64>(&format!(
        "SELECT id FROM proposal_lines WHERE proposal_id = {pid} ORDER BY id"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap()
    {
        let v = proposal_version(&app, pid).await;
        let r = post_form(
            &app,
            &office,
            &decide,
            &[
                ("version", &v),
                ("line", &l.to_string()),
                ("action", "accept"),
            ],
        )
        .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposals WHERE id = {pid} AND status = 'accepted'"
        ))
        .await,
        1
    );

    // the API: the Office sees every unit's lines; the head their unit's; staff their own
    let lines: Vec<serde_json::Value> = office
        .get(app.url("/api/v1/campaigns/1/proposals"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let k = lines
        .iter()
        .find(|l| l["id"] == khanh_line)
        .expect("Khánh's line");
    assert_eq!(k["unit_code"], "QLDD");
    assert_eq!(k["subject"], "person");
    assert_eq!(k["person_id"], u.khanh);
    assert_eq!(k["title_code"], "GIAYKHEN");
    assert_eq!(k["status"], "accepted");
    assert_eq!(k["achievement"], flood);
    assert_eq!(k["justification"], serde_json::Value::Null);
    let h = lines
        .iter()
        .find(|l| l["id"].as_i64().map(|i| i.to_string()) == Some(hung_line.clone()))
        .unwrap();
    let kinds: Vec<&str> = h["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"achievement_certification") && kinds.contains(&"review_minutes"),
        "{kinds:?}"
    );
    assert!(
        lines.iter().any(|l| l["unit_code"] != "QLDD"),
        "the demo's other units"
    );
    let mine: Vec<serde_json::Value> = head
        .get(app.url("/api/v1/campaigns/1/proposals"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(!mine.is_empty() && mine.iter().all(|l| l["unit_code"] == "QLDD"));
    let own: Vec<serde_json::Value> = staff
        .get(app.url("/api/v1/campaigns/1/proposals"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(own.is_empty(), "canbo was not proposed");

    // every step audited
    assert!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'proposal' AND entity_id = '{pid}'"
        ))
        .await
            >= 9
    );
    assert!(
        app.scalar_i64(
            "SELECT count(*) FROM audit_log WHERE entity = 'unit_review' AND unit_path IS NOT NULL"
        )
        .await
            >= 2
    );
    app.cleanup().await;
}

#[tokio::test]
async fn parallel_submissions_of_one_proposal_send_it_once() {
    let app = spawn_app().await;
    let head = signed_in(&app, "truongphong").await;
    let u = qldd(&app).await;
    let review = format!("/campaigns/1/reviews/{}", u.id);
    let mut f = review_form(&u, "9", "0");
    // Khánh (failing a condition) not proposed: every line may be sent without a justification
    f.retain(|(k, _)| {
        !["title_", "yes_", "no_", "abstain_"]
            .iter()
            .any(|p| *k == format!("{p}{}", u.khanh))
    });
    let r = post_pairs(&app, &head, &review, &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(&app, &head, &format!("{review}/proposal"), &[]).await;
    let pid: i64 = location(&r)
        .trim_start_matches("/proposals/")
        .parse()
        .unwrap();
    let v = proposal_version(&app, pid).await;
    let t = token(&app, &head).await;
    let url = app.url(&format!("/proposals/{pid}/submit"));
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let c = head.clone();
            let (url, v, t) = (url.clone(), v.clone(), t.clone());
            tokio::spawn(async move {
                c.post(url)
                    .form(&[("version", v.as_str()), ("csrf_token", t.as_str())])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        let s = t.await.unwrap();
        assert!(
            s == StatusCode::SEE_OTHER || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{s}"
        );
        ok += (s == StatusCode::SEE_OTHER) as usize;
    }
    assert_eq!(ok, 1, "one submission");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT submissions::int8 FROM proposals WHERE id = {pid}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposal_events WHERE proposal_id = {pid} AND kind = 'submitted'"
        ))
        .await,
        1
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_exemplar_is_nominated_curated_and_chosen() {
    let app = spawn_app().await;
    let head = signed_in(&app, "truongphong").await;
    let office = signed_in(&app, "vanphong").await;
    let director = signed_in(&app, "giamdoc").await;
    let staff = signed_in(&app, "canbo").await;
    let u = qldd(&app).await;
    let hung = u.hung.to_string();
    let unit = u.id.to_string();
    // no story: the same form, as typed, nothing written
    let r = post_form(
        &app,
        &head,
        "/campaigns/1/exemplars",
        &[
            ("unit", &unit),
            ("subject", &hung),
            ("story", " "),
            ("achievements", "Hai sáng kiến"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Hai sáng kiến"));
    let count =
        "SELECT count(*) FROM exemplars WHERE unit_id = (SELECT id FROM units WHERE code = 'QLDD')";
    assert_eq!(app.scalar_i64(count).await, 0);
    // someone of another unit: refused
    let other = app
        .scalar_i64("SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'TTRA' LIMIT 1")
        .await
        .to_string();
    let r = post_form(
        &app,
        &head,
        "/campaigns/1/exemplars",
        &[("unit", &unit), ("subject", &other), ("story", "x")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let story = "Chủ trì số hóa hồ sơ địa chính của huyện.";
    let r = post_form(
        &app,
        &head,
        "/campaigns/1/exemplars",
        &[("unit", &unit), ("subject", &hung), ("story", story)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let xid: i64 = location(&r)
        .trim_start_matches("/exemplars/")
        .parse()
        .unwrap();
    let r = post_form(
        &app,
        &head,
        "/campaigns/1/exemplars",
        &[("unit", &unit), ("subject", &hung), ("story", story)],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "nominated once a year"
    );
    assert_eq!(
        get(&staff, &app.url(&format!("/exemplars/{xid}"))).await.0,
        StatusCode::FORBIDDEN
    );

    // a photo: a PDF is refused, a PNG kept
    let photo = |bytes: Vec<u8>, name: &str| {
        let (app, head) = (&app, &head);
        let name = name.to_string();
        async move {
            let t = token(app, head).await;
            let form = reqwest::multipart::Form::new().text("csrf_token", t).part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
            head.post(app.url(&format!("/exemplars/{xid}/photos")))
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    let r = photo(PDF.to_vec(), "anh.png").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let png = include_bytes!("../fixtures/gps.png").to_vec();
    let r = photo(png.clone(), "anh.png").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let doc = app
        .scalar_i64(&format!(
            "SELECT id FROM documents WHERE exemplar_id = {xid}"
        ))
        .await;
    // kept without where it was taken (issue 28, 3): a JPEG and a PNG that carry GPS and a camera
    let jpg = include_bytes!("../fixtures/gps.jpg").to_vec();
    let r = photo(jpg, "anh.jpg").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for kind in ["image/png", "image/jpeg"] {
        let id = app
            .scalar_i64(&format!(
                "SELECT id FROM documents WHERE exemplar_id = {xid} AND content_type = '{kind}'"
            ))
            .await;
        let bytes = download(&head, &app.url(&format!("/documents/{id}"))).await;
        for gone in [&b"ThiduaCam"[..], b"Exif", b"10.75N", b"secret comment"] {
            assert!(
                !bytes.windows(gone.len()).any(|w| w == gone),
                "{kind} keeps {gone:?}"
            );
        }
    }

    // the Office: declining needs a note; shortlisted
    let path = format!("/exemplars/{xid}");
    let ver = exemplar_version(&app, xid).await;
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("version", &ver),
            ("step", "curate"),
            ("status", "declined"),
            ("note", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("version", &ver),
            ("step", "curate"),
            ("status", "shortlisted"),
            ("note", "Tiêu biểu"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // the head's stale edit changes nothing; the Office may not choose
    let r = post_form(
        &app,
        &head,
        &path,
        &[("version", &ver), ("step", "edit"), ("story", "Sửa")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let ver = exemplar_version(&app, xid).await;
    let r = post_form(
        &app,
        &office,
        &path,
        &[("version", &ver), ("step", "decide"), ("praise", "on")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // the Director chooses: praised and sent to the province
    let r = post_form(
        &app,
        &director,
        &path,
        &[
            ("version", &ver),
            ("step", "decide"),
            ("praise", "on"),
            ("send_province", "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM exemplars WHERE id = {xid} AND status = 'chosen' AND praise AND send_province AND NOT replicate AND story = '{story}'"
        ))
        .await,
        1
    );
    // now everyone reads it, with its photo, on the year's printable page and through the API
    let (s, html) = get(&staff, &app.url("/campaigns/1/exemplars")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Nguyễn Văn Hùng")
            && html.contains(story)
            && html.contains("Gửi Sở Nội vụ tuyên truyền")
    );
    let r = staff
        .get(app.url(&format!("/documents/{doc}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.bytes().await.unwrap().to_vec(),
        thidua::storage::strip_metadata("image/png", png.clone()).unwrap()
    );
    let list: Vec<serde_json::Value> = staff
        .get(app.url("/api/v1/campaigns/1/exemplars"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let x = list.iter().find(|x| x["id"] == xid).expect("listed");
    assert_eq!(x["unit_code"], "QLDD");
    assert_eq!(x["subject"], "person");
    assert_eq!(x["person_id"], u.hung);
    assert_eq!(x["name"], "Nguyễn Văn Hùng");
    assert_eq!(x["status"], "chosen");
    assert!(
        list.iter().all(|x| x["status"] == "chosen"),
        "staff see only the chosen ones"
    );
    assert!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'exemplar' AND entity_id = '{xid}'"
        ))
        .await
            >= 4
    );
    app.cleanup().await;
}

async fn exemplar_version(app: &TestApp, id: i64) -> String {
    app.scalar_i64(&format!(
        "SELECT version::int8 FROM exemplars WHERE id = {id}"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn an_administrator_sets_the_dossier_checklist_and_the_office_reads_it() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let office = signed_in(&app, "vanphong").await;
    let rs = app
        .scalar_i64("SELECT rule_set_id FROM campaigns WHERE id = 1")
        .await;
    let ldtt = app
        .scalar_i64(&format!(
            "SELECT id FROM titles WHERE rule_set_id = {rs} AND code = 'LDTT'"
        ))
        .await;
    let path = format!("/admin/rule-sets/{rs}/dossier");
    let (s, html) = get(&admin, &app.url(&format!("/admin/rule-sets/{rs}"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Hồ sơ đề nghị và thời hạn xử lý"));
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM rule_sets WHERE id = {rs}"
        ))
        .await
        .to_string();
    let doc = format!("doc_{ldtt}_initiative_certificate");
    let minutes = format!("doc_{ldtt}_review_minutes");
    // a period out of range: the same form, as typed, nothing changed
    let r = post_form(
        &app,
        &admin,
        &path,
        &[
            ("version", &version),
            ("check_days", "0"),
            ("supplement_days", "3"),
            (&doc, "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Số ngày làm việc từ 1 đến 60") && html.contains("value=\"3\""));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT supplement_days::int8 FROM rule_sets WHERE id = {rs}"
        ))
        .await,
        5
    );
    // the Office may not
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("version", &version),
            ("check_days", "3"),
            ("supplement_days", "3"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Lao động tiên tiến now needs the minutes and an initiative's certificate; the Office has 3 days
    let mut fields: Vec<(String, String)> = vec![
        ("version".into(), version.clone()),
        ("check_days".into(), "3".into()),
        ("supplement_days".into(), "2".into()),
        (doc.clone(), "on".into()),
        (minutes.clone(), "on".into()),
    ];
    // every other title keeps its documents
    let others: Vec<(i64, Vec<String>)> = sqlx::query_as(&format!(
        "SELECT id, documents FROM titles WHERE rule_set_id = {rs} AND id <> {ldtt} ORDER BY id"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    for (t, docs) in &others {
        for d in docs {
            fields.push((format!("doc_{t}_{d}"), "on".into()));
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(&app, &admin, &path, &pairs).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM titles WHERE id = {ldtt} AND documents = '{{review_minutes,initiative_certificate}}'"
        ))
        .await,
        1
    );
    let after: Vec<(i64, Vec<String>)> = sqlx::query_as(&format!(
        "SELECT id, documents FROM titles WHERE rule_set_id = {rs} AND id <> {ldtt} ORDER BY id"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(after, others);
    // the same form again: stale
    let r = post_form(&app, &admin, &path, &pairs).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // the Office's list reads the new checklist: the demo's LĐTT lines lack an initiative's certificate
    let (_, html) = get(&office, &app.url("/campaigns/1/proposals?title=LDTT")).await;
    assert!(
        html.contains("Chứng nhận sáng kiến"),
        "the checklist follows the rule set"
    );
    assert!(
        app.scalar_i64(&format!("SELECT count(*) FROM audit_log WHERE entity = 'rule_set_dossier' AND entity_id = '{rs}'")).await
            == 1
    );
    app.cleanup().await;
}

/// The person ids of a review page's rows, in order, and the `shown` field the form posts.
fn page_rows(html: &str) -> (Vec<i64>, String) {
    let ids = html
        .split("name=\"title_")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
        .collect();
    let shown = html
        .split("name=\"shown\" value=\"")
        .nth(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .unwrap_or_default();
    (ids, shown)
}

#[tokio::test]
async fn a_large_unit_reviews_page_by_page() {
    let app = spawn_app().await;
    let head = signed_in(&app, "truongphong").await;
    let u = qldd(&app).await;
    sqlx::query(
        "INSERT INTO people (full_name, gender, unit_id, category)
         SELECT 'Lê Thị Thành Viên ' || n, 'female', $1, 'cong_chuc' FROM generate_series(1, 50) n",
    )
    .bind(u.id)
    .execute(&app.db)
    .await
    .unwrap();
    let review = format!("/campaigns/1/reviews/{}", u.id);

    // 60 members: 50 on the first page, 10 on the second; the count covers everyone
    let (s, one) = get(&head, &app.url(&review)).await;
    assert_eq!(s, StatusCode::OK);
    let (first, shown1) = page_rows(&one);
    assert_eq!(first.len(), 50);
    assert!(one.contains("Có mặt 60/60 người."), "everyone counted");
    assert!(
        one.contains(&format!("{review}?&amp;page=2")),
        "a link to page 2"
    );
    let chair = one.split("id=\"f-chair\"").nth(1).unwrap();
    let chair = &chair[..chair.find("</select>").unwrap()];
    assert_eq!(
        chair.matches("<option value=\"").count(),
        61,
        "the chair is chosen among all 60 members, not the page's"
    );
    let (_, two) = get(&head, &app.url(&format!("{review}?page=2"))).await;
    let (second, shown2) = page_rows(&two);
    assert_eq!(second.len(), 10);
    assert!(first.iter().all(|p| !second.contains(p)));
    assert_eq!(
        shown2,
        second
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );

    // page 2: one absent, one proposed with 59 votes in favour (59 present across the pages)
    let meeting = |version: &str, page: &str, shown: &str| -> Vec<(String, String)> {
        vec![
            ("version".into(), version.into()),
            ("page".into(), page.into()),
            ("shown".into(), shown.into()),
            ("held_on".into(), "20/11/2026".into()),
            ("place".into(), "Hội trường".into()),
            ("chair".into(), first[0].to_string()),
            ("secretary".into(), second[0].to_string()),
            ("voting".into(), "secret".into()),
        ]
    };
    let (absent, proposed) = (second[9], second[0]);
    let mut f = meeting("0", "2", &shown2);
    for p in &second[..9] {
        f.push((format!("present_{p}"), "on".into()));
    }
    f.push((format!("reason_{absent}"), "Nghỉ phép".into()));
    for (k, v) in [
        ("title", "LDTT"),
        ("yes", "58"),
        ("no", "1"),
        ("abstain", "0"),
    ] {
        f.push((format!("{k}_{proposed}"), v.into()));
    }
    let r = post_pairs(&app, &head, &review, &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", errors_of(r).await);
    assert_eq!(location(&r), format!("{review}?page=2"));
    let rows = |cond: &str| {
        format!(
            "SELECT count(*) FROM review_members m JOIN unit_reviews r ON r.id = m.review_id
              WHERE r.unit_id = {} AND {cond}",
            u.id
        )
    };
    assert_eq!(
        app.scalar_i64(&rows("true")).await,
        60,
        "a record for everyone"
    );
    assert_eq!(app.scalar_i64(&rows("NOT m.present")).await, 1);
    assert_eq!(
        app.scalar_i64(&rows(&format!(
            "m.person_id = {proposed} AND m.votes_for = 58"
        )))
        .await,
        1
    );
    let (_, one) = get(&head, &app.url(&review)).await;
    assert!(one.contains("Có mặt 59/60 người."));

    // page 1 marks 45 absent: 14 present could not have cast page 2's 59 votes; nothing changes
    let mut f = meeting("1", "1", &shown1);
    for p in &first[45..] {
        f.push((format!("present_{p}"), "on".into()));
    }
    let r = post_pairs(&app, &head, &review, &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("ở trang khác"), "{html}");
    assert!(html.contains("Hội trường"), "what was typed is kept");
    assert_eq!(app.scalar_i64(&rows("NOT m.present")).await, 1);

    // page 1 with everyone present and one proposed: page 2's records stay as they were
    let mut f = meeting("1", "1", &shown1);
    for p in &first {
        f.push((format!("present_{p}"), "on".into()));
    }
    for (k, v) in [
        ("title", "LDTT"),
        ("yes", "59"),
        ("no", "0"),
        ("abstain", "0"),
    ] {
        f.push((format!("{k}_{}", first[3]), v.into()));
    }
    let r = post_pairs(&app, &head, &review, &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", errors_of(r).await);
    assert_eq!(location(&r), review);
    assert_eq!(app.scalar_i64(&rows("m.title_id IS NOT NULL")).await, 2);
    assert_eq!(app.scalar_i64(&rows("NOT m.present")).await, 1);

    // the minutes count the whole unit
    let r = head
        .get(app.url(&format!("{review}/minutes.docx")))
        .send()
        .await
        .unwrap();
    let text = docx_text(&r.bytes().await.unwrap());
    assert!(text.contains("Thành phần: có mặt 59/60 người."), "{text}");
    assert!(text.contains("Nghỉ phép"));
    app.cleanup().await;
}

#[tokio::test]
async fn a_person_is_proposed_once_per_campaign_even_when_two_units_race() {
    let app = spawn_app().await;
    let u = qldd(&app).await;
    // the division and the Department's unit above it each open a proposal in campaign 1
    let parent: i64 =
        sqlx::query_scalar("SELECT parent_id FROM units WHERE id = $1 AND parent_id IS NOT NULL")
            .bind(u.id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    let mut proposals = Vec::new();
    for unit in [u.id, parent] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO proposals (campaign_id, unit_id) VALUES (1, $1)
             ON CONFLICT DO NOTHING RETURNING id",
        )
        .bind(unit)
        .fetch_optional(&app.db)
        .await
        .unwrap()
        .unwrap_or_default();
        proposals.push(id);
    }
    assert!(proposals.iter().all(|p| *p > 0), "{proposals:?}");
    let title: i64 = sqlx::query_scalar(
        "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
          WHERE c.id = 1 AND t.code = 'LDTT'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    // forty inserts of Hùng's line at once, half from each unit's proposal
    let tasks: Vec<_> = (0..40)
        .map(|i| {
            let (db, proposal, hung) = (app.db.clone(), proposals[i % 2], u.hung);
            tokio::spawn(async move {
                let line = thidua::db::proposals::NewLine {
                    person_id: Some(hung),
                    title_id: title,
                    eligibility: "eligible",
                    failed: "",
                    achievement: None,
                };
                let mut tx = db.begin().await.unwrap();
                let n = thidua::db::proposals::add_lines(&mut *tx, proposal, &[line])
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                n
            })
        })
        .collect();
    let mut added = 0;
    for t in tasks {
        added += t.await.unwrap();
    }
    assert_eq!(added, 1, "one insert wins");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposal_lines WHERE person_id = {} AND title_id = {title}",
            u.hung
        ))
        .await,
        1
    );
    app.cleanup().await;
}
