//! Campaign plans and registrations end to end over HTTP against a real PostgreSQL: the 2022 plan as a
//! page and as a .docx, drafting, publishing and amending, registering, returning and confirming,
//! deadlines and reopenings, concurrent edits, coverage and its .xlsx, the JSON API.

use crate::common::*;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use reqwest::StatusCode;

/// Sentences of the reference plan (../shared/reference/ke-hoach-thi-dua-2022.md), copied here so that
/// the test does not depend on the demo's own constants.
const REFERENCE_LINES: &[&str] = &[
    "Căn cứ Công văn số 8240/BTNMT-TĐKTTT ngày 31/12/2021 của Bộ Tài nguyên và Môi trường về việc phát động phong trào thi đua năm 2022,",
    "Năm 2022 là năm tạo nền tảng thực hiện các mục tiêu Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, Chiến lược phát triển kinh tế - xã hội 10 năm 2021-2030 và Kế hoạch phát triển kinh tế xã hội 05 năm 2021-2025 và các kế hoạch theo các Nghị quyết của Đảng, Quốc hội.",
    "I. Nội dung Phong trào thi đua:",
    "1. Triển khai thực hiện đảm bảo chất lượng, hiệu quả các chỉ tiêu, nhiệm vụ được UBND tỉnh giao. Phấn đấu thi đua thực hiện đạt và vượt kế hoạch nhiệm vụ của ngành tài nguyên và môi trường năm 2022.",
    "7. Tiếp tục triển khai và vận động công chức, viên chức, người lao động tích cực hưởng ứng và đẩy mạnh các phong trào thi đua yêu nước do Bộ, ngành Trung ương, Chủ tịch UBND tỉnh Sóc Trăng và Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng đã phát động.",
    "II. Tiêu chí thi đua:",
    "1. Đối với tập thể:",
    "- Nội bộ đoàn kết; thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước; nâng cao đời sống vật chất, tinh thần của người lao động.",
    "2. Đối với cá nhân:",
    "- Tích cực học tập nâng cao trình độ chuyên môn, nghiệp vụ.",
    "III. Tổ chức thực hiện:",
    "1. Thủ trưởng các phòng, đơn vị thuộc Sở, Trưởng phòng Tài nguyên và Môi trường các huyện, thị xã, thành phố:",
    "2. Văn phòng Sở:",
    "- Theo dõi, đôn đốc, kiểm tra việc triển khai thực hiện kế hoạch này; đồng thời đề xuất, kiến nghị sửa đổi, bổ sung kế hoạch (nếu có) cho phù hợp tình hình thực tế. Tổ chức đánh giá tổng kết phong trào thi đua vào cuối năm làm cơ sở phát động phong trào thi đua cho năm tiếp theo.",
    "Trên đây là kế hoạch phát động phong trào thi đua năm 2022, Giám đốc Sở Tài nguyên và Môi trường kêu gọi toàn thể công chức, viên chức và người lao động ngành Tài nguyên và Môi trường tỉnh Sóc Trăng phát huy những thành quả đã đạt được, hãy nêu cao hơn nữa tinh thần trách nhiệm, đoàn kết, chung sức đồng lòng, thi đua lao động sáng tạo, tích cực hưởng ứng phong trào thi đua góp phần xây dựng ngành tài nguyên và môi trường ngày càng phát triển./.",
    "- Lưu: VT, VP.",
];

async fn campaign_id(app: &TestApp) -> i64 {
    app.scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await
}

#[tokio::test]
async fn the_2022_plan_reads_like_the_paper_and_downloads_as_docx() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let staff = signed_in(&app, "canbo").await;
    let (status, html) = get(&staff, &app.url(&format!("/campaigns/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(html.contains("Số: 05/KH-STNMT"));
    assert!(html.contains("<em>Sóc Trăng, ngày 05 tháng 01 năm 2022</em>"));
    assert!(html.contains("<strong>“Kỷ cương, trách nhiệm, đổi mới, hội nhập, hiệu quả”</strong>"));
    assert!(html.contains("Đang nhận đăng ký"), "the stage is shown");

    let r = staff
        .get(app.url(&format!("/campaigns/{id}/plan.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("wordprocessingml")
    );
    let bytes = r.bytes().await.unwrap();
    let text = docx_text(&bytes);
    for want in [
        "UBND TỈNH SÓC TRĂNG",
        // the issuing body broken where a clerk breaks it
        "SỞ TÀI NGUYÊN VÀ",
        "MÔI TRƯỜNG",
        "Số: 05/KH-STNMT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 05 tháng 01 năm 2022",
        "KẾ HOẠCH",
        "Phát động phong trào thi đua năm 2022",
        "Nơi nhận:",
        "GIÁM ĐỐC",
    ]
    .iter()
    .chain(REFERENCE_LINES)
    {
        assert!(
            text.lines().any(|l| l == *want),
            "the .docx lacks the line {want:?}"
        );
    }
    // the theme is bold inside its paragraph, word for word
    assert!(
        text.contains(
            "với chủ đề “Kỷ cương, trách nhiệm, đổi mới, hội nhập, hiệu quả” nhằm khơi dậy"
        )
    );
    app.cleanup().await;
}

fn plan_form<'a>(title: &'a str, version: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "annual"),
        ("year", "2026"),
        ("doc_number", "12"),
        ("doc_code", "KH-STNMT"),
        ("parent_body", "UBND tỉnh Sóc Trăng"),
        ("issuer_name", "Sở Tài nguyên và Môi trường"),
        ("place", "Sóc Trăng"),
        ("doc_date", "10/01/2026"),
        ("title", title),
        ("legal_bases", "Căn cứ Luật Thi đua, khen thưởng năm 2022;"),
        ("introduction", "Năm 2026 là năm **bứt phá**."),
        ("content", "Thi đua hoàn thành nhiệm vụ"),
        ("content", ""),
        ("cc_body", "Hoàn thành kế hoạch"),
        ("cc_score", "20"),
        ("ci_body", "Có đăng ký thi đua"),
        ("ci_score", ""),
        ("resp_addressee", "Văn phòng Sở:"),
        ("resp_body", "- Theo dõi, đôn đốc"),
        ("closing", "Đề nghị các đơn vị thực hiện./."),
        ("recipients", "UBND tỉnh;\nLưu: VT, VP."),
        ("signer_title", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"),
        ("registration_opens", "01/01/2026"),
        ("registration_closes", "31/12/2026"),
        ("version", version),
    ]
}

#[tokio::test]
async fn the_office_drafts_publishes_and_amends_with_history() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let root = unit_id(&app, "STNMT").await.to_string();
    // bad input: the page comes back with what was typed and nothing is created
    let mut bad = plan_form("Kế hoạch thi đua 2026", "0");
    bad.retain(|(k, _)| *k != "year");
    bad.push(("year", "26"));
    bad.push(("issuer_unit_id", &root));
    let before = app.scalar_i64("SELECT count(*) FROM campaigns").await;
    let r = post_form(&app, &office, "/campaigns", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Năm phải là số có bốn chữ số"));
    assert!(
        html.contains("value=\"Kế hoạch thi đua 2026\""),
        "input kept"
    );
    assert!(
        html.contains("Năm 2026 là năm **bứt phá**."),
        "rich text kept"
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM campaigns").await,
        before
    );

    let mut good = plan_form("Kế hoạch thi đua 2026", "0");
    good.push(("issuer_unit_id", &root));
    let r = post_form(&app, &office, "/campaigns", &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = app.scalar_i64("SELECT max(id) FROM campaigns").await;
    // the rule set in force on 31/12/2026 is ND 152/2025
    let rs = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM campaigns c JOIN rule_sets r ON r.id = c.rule_set_id WHERE c.id = {id} AND r.code = 'ND152_2025'"
        ))
        .await;
    assert_eq!(rs, 1);
    // a draft is invisible to staff
    let staff = signed_in(&app, "canbo").await;
    let (status, _) = get(&staff, &app.url(&format!("/campaigns/{id}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // the Office publishes on the Director's behalf, and the log says so
    let draft_version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM campaigns WHERE id = {id}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &office,
        &format!("/campaigns/{id}/publish"),
        &[("version", &draft_version)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'campaign' AND entity_id = '{id}' AND action = 'publish_on_behalf'"
        ))
        .await,
        1
    );
    let (status, html) = get(&staff, &app.url(&format!("/campaigns/{id}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<strong>bứt phá</strong>"));
    assert!(html.contains("(tối đa 20 điểm)"));
    // amending needs a reason
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM campaigns WHERE id = {id}"
        ))
        .await
        .to_string();
    let mut amend = plan_form("Kế hoạch thi đua năm 2026 (sửa đổi)", &version);
    amend.push(("issuer_unit_id", &root));
    let r = post_form(&app, &office, &format!("/campaigns/{id}"), &amend).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Vui lòng ghi lý do sửa đổi")
    );
    amend.push(("reason", "Bổ sung chỉ tiêu chuyển đổi số"));
    let r = post_form(&app, &office, &format!("/campaigns/{id}"), &amend).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT amendment::int8 FROM campaigns WHERE id = {id}"
        ))
        .await,
        1
    );
    // both texts stay readable
    let (_, html) = get(&staff, &app.url(&format!("/campaigns/{id}/versions/0"))).await;
    assert!(html.contains("Kế hoạch thi đua 2026") && !html.contains("(sửa đổi)"));
    let (_, html) = get(&staff, &app.url(&format!("/campaigns/{id}"))).await;
    assert!(html.contains("Kế hoạch thi đua năm 2026 (sửa đổi)"));
    assert!(
        html.contains("Bổ sung chỉ tiêu chuyển đổi số"),
        "the reason is listed"
    );
    // a second editor holding the old version is refused and keeps their text
    let mut stale = plan_form("Tiêu đề của người thứ hai", &version);
    stale.push(("issuer_unit_id", &root));
    stale.push(("reason", "Sửa lỗi chính tả"));
    let r = post_form(&app, &office, &format!("/campaigns/{id}"), &stale).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Người khác vừa lưu thay đổi"));
    assert!(html.contains("value=\"Tiêu đề của người thứ hai\""));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT amendment::int8 FROM campaigns WHERE id = {id}"
        ))
        .await,
        1,
        "nothing changed"
    );
    // every change is in the audit log
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'campaign' AND entity_id = '{id}'"
        ))
        .await,
        3
    );
    app.cleanup().await;
}

/// canbo's registration form fields: a title, two commitments, an initiative with a co-author.
async fn registration<'a>(
    app: &TestApp,
    title_code: &str,
    coauthor: &'a str,
    version: &'a str,
    action: &'a str,
) -> Vec<(&'a str, String)> {
    let title = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id WHERE t.code = '{title_code}' ORDER BY c.id LIMIT 1"
        ))
        .await;
    vec![
        ("title_id", title.to_string()),
        ("target", "100% hồ sơ giải quyết đúng hạn".into()),
        ("measure", "Tỷ lệ hồ sơ đúng hạn".into()),
        ("target", "Hoàn thành 01 chuyên đề số hóa".into()),
        ("measure", "Chuyên đề được nghiệm thu".into()),
        ("target", "".into()),
        ("measure", "".into()),
        ("ini_title", "Số hóa hồ sơ địa chính".into()),
        ("ini_field", "Chuyển đổi số".into()),
        ("ini_benefit", "Tra cứu nhanh hơn".into()),
        ("ini_coauthors", coauthor.into()),
        ("version", version.into()),
        ("action", action.into()),
    ]
}

async fn post_owned(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    f: &[(&str, String)],
) -> reqwest::Response {
    let borrowed: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_form(app, c, path, &borrowed).await
}

#[tokio::test]
async fn register_return_amend_confirm_and_coverage() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let staff = signed_in(&app, "canbo").await;
    let head = signed_in(&app, "truongphong").await;
    let office = signed_in(&app, "vanphong").await;
    let path = format!("/campaigns/{id}/register");
    // a co-author nobody can find is refused, with the typed values kept
    let f = registration(&app, "CSTDCS", "Người Không Có Thật", "0", "submit").await;
    let r = post_owned(&app, &staff, &path, &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Không tìm thấy đồng tác giả"));
    assert!(html.contains("value=\"Hoàn thành 01 chuyên đề số hóa\""));
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM registrations r JOIN users u ON u.person_id = r.person_id WHERE u.username = 'canbo'").await,
        0
    );
    // a colleague of the same unit, by name
    let colleague: String = sqlx::query_scalar(
        "SELECT p.full_name FROM people p JOIN units u ON u.id = p.unit_id
         WHERE u.code = 'QLDD' AND p.full_name <> 'Nguyễn Văn An'
           AND (SELECT count(*) FROM people q WHERE q.full_name = p.full_name) = 1
         ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let f = registration(&app, "CSTDCS", &colleague, "0", "submit").await;
    let r = post_owned(&app, &staff, &path, &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reg = app
        .scalar_i64("SELECT r.id FROM registrations r JOIN users u ON u.person_id = r.person_id WHERE u.username = 'canbo'")
        .await;
    let (status, late): (String, bool) =
        sqlx::query_as("SELECT status, late FROM registrations WHERE id = $1")
            .bind(reg)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((status.as_str(), late), ("submitted", false));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM initiative_coauthors c JOIN registered_initiatives i ON i.id = c.initiative_id WHERE i.registration_id = {reg}"
        ))
        .await,
        1
    );
    // the head sees it among the unit's pending ones
    let (_, html) = get(
        &head,
        &app.url(&format!("/campaigns/{id}/unit?status=submitted")),
    )
    .await;
    assert!(html.contains("Nguyễn Văn An"));
    // returning needs a comment
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM registrations WHERE id = {reg}"
        ))
        .await
        .to_string();
    let review = format!("/registrations/{reg}/review");
    let r = post_form(
        &app,
        &head,
        &review,
        &[("action", "return"), ("comment", ""), ("version", &version)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_form(
        &app,
        &head,
        &review,
        &[
            ("action", "return"),
            ("comment", "Ghi rõ số hồ sơ cần số hóa"),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // the staff member is told, and sees the comment on the form
    let (_, home) = get(&staff, &app.url("/")).await;
    assert!(home.contains("class=\"badge count\""), "unread badge");
    let (_, notes) = get(&staff, &app.url("/notifications")).await;
    assert!(notes.contains("bị trả lại: Ghi rõ số hồ sơ cần số hóa"));
    let (_, form) = get(&staff, &app.url(&path)).await;
    assert!(form.contains("Ghi rõ số hồ sơ cần số hóa"));
    // amend and send again
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM registrations WHERE id = {reg}"
        ))
        .await
        .to_string();
    let mut f = registration(&app, "CSTDCS", &colleague, &version, "submit").await;
    f[1].1 = "100% hồ sơ giải quyết đúng hạn, số hóa 500 hồ sơ".into();
    let r = post_owned(&app, &staff, &path, &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // a second tab still holding the old version is refused, nothing lost
    let r = post_owned(
        &app,
        &staff,
        &path,
        &registration(&app, "LDTT", "", &version, "submit").await,
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Người khác vừa lưu thay đổi"));
    // the other tab was the same person's: the page says so, with the time
    assert!(
        html.contains("Thay đổi đó do Nguyễn Văn An lưu lúc"),
        "{html}"
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM registration_commitments WHERE registration_id = {reg} AND target LIKE '%500 hồ sơ'"
        ))
        .await,
        1
    );
    // the head confirms; the staff member can no longer change it
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM registrations WHERE id = {reg}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &head,
        &review,
        &[
            ("action", "confirm"),
            ("comment", ""),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM registrations WHERE id = {reg}"
        ))
        .await
        .to_string();
    let r = post_owned(
        &app,
        &staff,
        &path,
        &registration(&app, "LDTT", "", &version, "submit").await,
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // the Office's coverage counts it, from the counters kept by triggers
    let people_qldd = app
        .scalar_i64("SELECT count(*) FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'QLDD' AND p.active")
        .await;
    let confirmed_qldd = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM registrations r JOIN units u ON u.id = r.unit_id WHERE u.code = 'QLDD' AND r.campaign_id = {id} AND r.status = 'confirmed' AND r.person_id IS NOT NULL"
        ))
        .await;
    let counters = app
        .scalar_i64(&format!(
            "SELECT coalesce(sum(n), 0) FROM registration_counts k JOIN units u ON u.id = k.unit_id WHERE u.code = 'QLDD' AND k.campaign_id = {id} AND k.status = 'confirmed'"
        ))
        .await;
    assert_eq!(counters, confirmed_qldd, "the counters agree with the rows");
    let (status, html) = get(
        &office,
        &app.url(&format!("/campaigns/{id}/coverage?status=confirmed")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Nguyễn Văn An"));
    // the number of people not registered, from the counters, agrees with the rows
    let missing = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM people p WHERE p.active AND NOT EXISTS (SELECT 1 FROM registrations r
             WHERE r.campaign_id = {id} AND r.person_id = p.id AND r.status IN ('submitted', 'returned', 'confirmed'))"
        ))
        .await;
    let (_, html) = get(
        &office,
        &app.url(&format!("/campaigns/{id}/coverage?status=missing")),
    )
    .await;
    assert!(
        html.contains(&format!("Hiển thị 1–50 trong {missing} người")),
        "{missing} missing"
    );
    // the API says the same
    let json: serde_json::Value = office
        .get(app.url(&format!("/api/v1/campaigns/{id}/coverage")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let qldd = json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_code"] == "QLDD")
        .unwrap();
    assert_eq!(qldd["people"].as_i64(), Some(people_qldd));
    assert_eq!(qldd["confirmed"].as_i64(), Some(confirmed_qldd));
    // another server confirms one more in QLDD (here straight in the database, as another instance's
    // transaction would): the coverage this server keeps in memory is not served stale
    let changed = sqlx::query(
        "UPDATE registrations SET status = 'confirmed' WHERE id = (
           SELECT r.id FROM registrations r JOIN units u ON u.id = r.unit_id
           WHERE u.code = 'QLDD' AND r.campaign_id = $1 AND r.person_id IS NOT NULL
             AND r.status <> 'confirmed' ORDER BY r.id LIMIT 1)",
    )
    .bind(id)
    .execute(&app.db)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(changed, 1);
    let json: serde_json::Value = office
        .get(app.url(&format!("/api/v1/campaigns/{id}/coverage")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let qldd = json
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit_code"] == "QLDD")
        .unwrap();
    assert_eq!(qldd["confirmed"].as_i64(), Some(confirmed_qldd + 1));
    let list: serde_json::Value = staff
        .get(app.url("/api/v1/campaigns"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["number"], "05/KH-STNMT");
    assert_eq!(list[0]["status"], "registration_open");
    // the .xlsx export opens with Vietnamese headers and the person's row
    let r = office
        .get(app.url(&format!("/campaigns/{id}/coverage.xlsx?status=confirmed")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let people = wb.worksheet_range("Cán bộ").unwrap();
    assert_eq!(
        people.get_value((2, 1)),
        Some(&Data::String("Họ và tên".into()))
    );
    let row = (3..people.height() as u32)
        .find(|r| people.get_value((*r, 1)) == Some(&Data::String("Nguyễn Văn An".into())))
        .expect("canbo's row");
    assert_eq!(
        people.get_value((row, 5)),
        Some(&Data::String("Đã xác nhận".into()))
    );
    // unfiltered, the export lists every active person (not one page)
    let bytes = office
        .get(app.url(&format!("/campaigns/{id}/coverage.xlsx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut all: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let everyone = all.worksheet_range("Cán bộ").unwrap();
    let active = app
        .scalar_i64("SELECT count(*) FROM people WHERE active")
        .await;
    assert_eq!(everyone.height() as i64 - 3, active);
    let units = wb.worksheet_range("Đơn vị").unwrap();
    assert_eq!(
        units.get_value((2, 1)),
        Some(&Data::String("Tên đơn vị".into()))
    );
    // every step was audited
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'registration' AND entity_id = '{reg}'"
        ))
        .await,
        4,
        "submit, return, resubmit, confirm"
    );
    app.cleanup().await;
}

#[tokio::test]
async fn deadlines_are_enforced_until_the_office_reopens() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    sqlx::query("UPDATE campaigns SET registration_opens = current_date - 30, registration_closes = current_date - 1 WHERE id = $1")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    let staff = signed_in(&app, "canbo").await;
    let path = format!("/campaigns/{id}/register");
    let f = registration(&app, "LDTT", "", "0", "submit").await;
    let r = post_owned(&app, &staff, &path, &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Đã quá hạn đăng ký"));
    assert!(
        html.contains("value=\"Hoàn thành 01 chuyên đề số hóa\""),
        "input kept"
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM registrations r JOIN users u ON u.person_id = r.person_id WHERE u.username = 'canbo'").await,
        0,
        "nothing saved"
    );
    // a draft may still be saved
    let f = registration(&app, "LDTT", "", "0", "save").await;
    assert_eq!(
        post_owned(&app, &staff, &path, &f).await.status(),
        StatusCode::SEE_OTHER
    );
    // the Office reopens for the unit, with a reason
    let office = signed_in(&app, "vanphong").await;
    let qldd = unit_id(&app, "QLDD").await.to_string();
    let until = (chrono::Utc::now() + chrono::Duration::days(5))
        .format("%d/%m/%Y")
        .to_string();
    let r = post_form(
        &app,
        &office,
        &format!("/campaigns/{id}/reopen"),
        &[
            ("unit_id", &qldd),
            ("until", &until),
            ("reason", "Phòng đi công tác dài ngày"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE action = 'reopen' AND entity_id = '{id}'"
        ))
        .await,
        1
    );
    let version = app
        .scalar_i64("SELECT r.version::int8 FROM registrations r JOIN users u ON u.person_id = r.person_id WHERE u.username = 'canbo'")
        .await
        .to_string();
    let f = registration(&app, "LDTT", "", &version, "submit").await;
    assert_eq!(
        post_owned(&app, &staff, &path, &f).await.status(),
        StatusCode::SEE_OTHER
    );
    let late = app
        .scalar_i64("SELECT count(*) FROM registrations r JOIN users u ON u.person_id = r.person_id WHERE u.username = 'canbo' AND r.late AND r.status = 'submitted'")
        .await;
    assert_eq!(late, 1, "sent after the general deadline: marked late");
    // someone in another unit is still refused
    let head_other = signed_in(&app, "hoidong").await;
    let f = registration(&app, "LDTT", "", "0", "submit").await;
    let r = post_owned(&app, &head_other, &path, &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.cleanup().await;
}

#[tokio::test]
async fn deadline_reminders_are_sent_once_to_those_not_registered() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    sqlx::query("UPDATE campaigns SET registration_opens = '2026-02-01', registration_closes = '2026-03-07' WHERE id = $1")
        .bind(id)
        .execute(&app.db)
        .await
        .unwrap();
    let n = thidua::db::notifications::deadline_reminders(&app.db, today, 7)
        .await
        .unwrap();
    assert!(n > 0);
    // once only, whichever server runs it next
    assert_eq!(
        thidua::db::notifications::deadline_reminders(&app.db, today, 7)
            .await
            .unwrap(),
        0
    );
    // the last-day reminder waits for the last day
    assert_eq!(
        thidua::db::notifications::deadline_reminders(&app.db, today, 1)
            .await
            .unwrap(),
        0
    );
    let canbo = app
        .scalar_i64("SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.username = 'canbo' AND n.kind = 'deadline'")
        .await;
    assert_eq!(canbo, 1, "canbo has not registered");
    let staff = signed_in(&app, "canbo").await;
    let (_, html) = get(&staff, &app.url("/notifications")).await;
    assert!(html.contains("là 07/03/2026: còn 5 ngày"));
    // people who sent a registration are not reminded
    let reminded_registered = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
             JOIN registrations r ON r.person_id = u.person_id AND r.campaign_id = {id}
             WHERE n.kind = 'deadline' AND r.status IN ('submitted', 'confirmed', 'returned')"
        ))
        .await;
    assert_eq!(reminded_registered, 0);
    let last_day = chrono::NaiveDate::from_ymd_opt(2026, 3, 6).unwrap();
    assert!(
        thidua::db::notifications::deadline_reminders(&app.db, last_day, 1)
            .await
            .unwrap()
            > 0
    );
    app.cleanup().await;
}

#[tokio::test]
async fn a_unit_sends_its_collective_registration_and_the_office_receives_it() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let head = signed_in(&app, "truongphong").await;
    let qldd = unit_id(&app, "QLDD").await;
    let path = format!("/campaigns/{id}/collective/{qldd}");
    let (status, html) = get(&head, &app.url(&path)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Tập thể lao động tiên tiến"),
        "collective titles offered"
    );
    let title = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id WHERE c.id = {id} AND t.code = 'TTLDTT'"
        ))
        .await
        .to_string();
    // sending without a commitment is refused, the choice kept
    let r = post_form(
        &app,
        &head,
        &path,
        &[("title_id", &title), ("action", "submit"), ("version", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Ghi ít nhất một chỉ tiêu"));
    let r = post_form(
        &app,
        &head,
        &path,
        &[
            ("title_id", &title),
            ("target", "100% hồ sơ đất đai giải quyết đúng hạn"),
            ("measure", "Báo cáo quý"),
            ("action", "submit"),
            ("version", "0"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reg = app
        .scalar_i64(&format!(
            "SELECT id FROM registrations WHERE campaign_id = {id} AND unit_id = {qldd} AND person_id IS NULL AND status = 'submitted'"
        ))
        .await;
    // the Office finds it from the coverage page and confirms receipt
    let office = signed_in(&app, "vanphong").await;
    let (_, html) = get(&office, &app.url(&format!("/campaigns/{id}/coverage"))).await;
    assert!(html.contains(&format!("href=\"/registrations/{reg}\"")));
    // the head cannot confirm their own unit's package
    let r = post_form(
        &app,
        &head,
        &format!("/registrations/{reg}/review"),
        &[("action", "confirm"), ("version", "2")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM registrations WHERE id = {reg}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &office,
        &format!("/registrations/{reg}/review"),
        &[("action", "confirm"), ("version", &version)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM registrations WHERE id = {reg} AND status = 'confirmed'"
        ))
        .await,
        1
    );
    let (_, notes) = get(&head, &app.url("/notifications")).await;
    assert!(notes.contains("đã được xác nhận"));
    app.cleanup().await;
}

/// Finding 7 of issue 9: a double submit does nothing twice. Two deletes of the same draft at once
/// delete it once (one audit entry) and both land on the list; two identical saves of mid-year
/// progress at once write one change and one audit entry.
#[tokio::test]
async fn double_submits_change_nothing_twice() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let root = unit_id(&app, "STNMT").await.to_string();
    let mut good = plan_form("Kế hoạch nháp để xóa", "0");
    good.push(("issuer_unit_id", &root));
    let r = post_form(&app, &office, "/campaigns", &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let draft = app.scalar_i64("SELECT max(id) FROM campaigns").await;
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM campaigns WHERE id = {draft}"
        ))
        .await
        .to_string();
    // a delete from a page read before a change is refused
    let r = post_form(
        &app,
        &office,
        &format!("/campaigns/{draft}/delete"),
        &[("version", "999")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Người khác vừa lưu thay đổi"), "{html}");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM campaigns WHERE id = {draft}"
        ))
        .await,
        1
    );
    let path = format!("/campaigns/{draft}/delete");
    let fields = [("version", version.as_str())];
    let one = post_form(&app, &office, &path, &fields);
    let two = post_form(&app, &office, &path, &fields);
    let (a, b) = tokio::join!(one, two);
    for r in [a, b] {
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/campaigns", "both clicks land on the list");
    }
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'campaign' AND action = 'delete' AND entity_id = '{draft}'"
        ))
        .await,
        1
    );
    // mid-year progress: canbo registers, then saves the same progress twice at once
    let id = campaign_id(&app).await;
    let staff = signed_in(&app, "canbo").await;
    let f = registration(&app, "LDTT", "", "0", "submit").await;
    let r = post_owned(&app, &staff, &format!("/campaigns/{id}/register"), &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let progress = [
        ("position", "1"),
        ("progress", "60"),
        ("note", "Đã giải quyết 60% hồ sơ"),
        ("position", "2"),
        ("progress", "25"),
        ("note", ""),
    ];
    let path = format!("/campaigns/{id}/register/progress");
    let (a, b) = tokio::join!(
        post_form(&app, &staff, &path, &progress),
        post_form(&app, &staff, &path, &progress)
    );
    assert_eq!(a.status(), StatusCode::SEE_OTHER);
    assert_eq!(b.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE action = 'progress'")
            .await,
        1,
        "one change, one audit entry"
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM registration_commitments c JOIN registrations r ON r.id = c.registration_id
             JOIN people p ON p.id = r.person_id WHERE p.full_name = 'Nguyễn Văn An' AND c.progress = 60"
        )
        .await,
        1
    );
    app.cleanup().await;
}
