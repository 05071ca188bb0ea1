//! Eligibility end to end over HTTP against a real PostgreSQL: the explained answer of a person as
//! the page and the API give it, how it follows registration, recognised initiatives and the
//! campaign's rule set, the overview with quotas, and the unit's collective answer.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn campaign_id(app: &TestApp) -> i64 {
    app.scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await
}

async fn api(app: &TestApp, c: &reqwest::Client, query: &str) -> (StatusCode, Value) {
    let r = c
        .get(app.url(&format!("/api/v1/eligibility?{query}")))
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn title<'a>(answer: &'a Value, code: &str) -> &'a Value {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title_code"] == code)
        .unwrap_or_else(|| panic!("{code} in {answer}"))
}

fn failed(t: &Value) -> Vec<&Value> {
    t["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["passed"] == Value::Bool(false))
        .collect()
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.db).await.unwrap();
}

#[tokio::test]
async fn a_person_learns_what_they_still_need_as_facts_and_rules_change() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    // canbo: excellent in 2022, worked the whole year, nothing against them, no initiative
    exec(
        &app,
        &format!("DELETE FROM initiative_authors WHERE person_id = {me}"),
    )
    .await;
    exec(
        &app,
        &format!("DELETE FROM disciplines WHERE person_id = {me}"),
    )
    .await;
    exec(
        &app,
        &format!("DELETE FROM review_flags WHERE person_id = {me}"),
    )
    .await;
    exec(
        &app,
        &format!("DELETE FROM work_months WHERE person_id = {me}"),
    )
    .await;
    exec(
        &app,
        &format!("UPDATE people SET start_date = DATE '2015-03-01' WHERE id = {me}"),
    )
    .await;
    exec(
        &app,
        &format!(
            "INSERT INTO ratings (year, person_id, rating) VALUES (2022, {me}, 'HTXSNV')
             ON CONFLICT (person_id, year) WHERE person_id IS NOT NULL DO UPDATE SET rating = 'HTXSNV'"
        ),
    )
    .await;
    let staff = signed_in(&app, "canbo").await;
    let q = format!("campaign={id}&person={me}");
    let (status, a) = api(&app, &staff, &q).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(
        a["rule_set"], "ND91_2017",
        "2022 is judged under ND 91/2017"
    );
    assert_eq!(a["subject"], "person");
    // not registered: no Lao động tiên tiến, and the answer says so, citing the 2003 Law's Art. 10
    let ldtt = title(&a, "LDTT");
    assert_eq!(ldtt["outcome"], "not_eligible");
    let miss = failed(ldtt);
    assert_eq!(miss.len(), 1, "{ldtt}");
    assert_eq!(miss[0]["detail"], "Chưa đăng ký");
    assert!(miss[0]["source"].as_str().unwrap().contains("Điều 10"));
    let rating = ldtt["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["detail"] == "2022: HTXSNV")
        .expect("the rating it read");
    assert_eq!(rating["passed"], true);
    // the page: staff land on their own answers, with what is still needed
    let r = staff
        .get(app.url(&format!("/campaigns/{id}/eligibility")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&r),
        format!("/campaigns/{id}/eligibility/people/{me}")
    );
    let (status, html) = get(
        &staff,
        &app.url(&format!("/campaigns/{id}/eligibility/people/{me}")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Điều kiện khen thưởng của tôi"));
    assert!(
        html.contains("Còn thiếu:</strong> Có đăng ký thi đua"),
        "{html}"
    );
    // canbo registers: Lao động tiên tiến now; CSTĐCS still needs an initiative under ND 91
    let ldtt_id = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id WHERE c.id = {id} AND t.code = 'CSTDCS'"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &staff,
        &format!("/campaigns/{id}/register"),
        &[
            ("title_id", &ldtt_id),
            ("target", "100% hồ sơ giải quyết đúng hạn"),
            ("measure", "Tỷ lệ hồ sơ đúng hạn"),
            ("version", "0"),
            ("action", "submit"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, a) = api(&app, &staff, &q).await;
    assert_eq!(title(&a, "LDTT")["outcome"], "eligible", "{a}");
    let cstdcs = title(&a, "CSTDCS");
    assert_eq!(cstdcs["outcome"], "not_eligible");
    let miss = failed(cstdcs);
    assert_eq!(miss.len(), 1, "{cstdcs}");
    assert!(miss[0]["rule"].as_str().unwrap().contains("sáng kiến"));
    assert!(
        miss[0]["source"]
            .as_str()
            .unwrap()
            .contains("Điều 9 Nghị định 91/2017")
    );
    // the same facts under Law 2022 (ND 98/2023), which the Office picks for the campaign: an
    // excellent rating is enough
    let office = signed_in(&app, "vanphong").await;
    let (status, html) = get(&office, &app.url(&format!("/campaigns/{id}/rule-set"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("có hiệu lực cho năm 2022"));
    let law2022 = app
        .scalar_i64("SELECT id FROM rule_sets WHERE code = 'LUAT2022_ND98'")
        .await
        .to_string();
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM campaigns WHERE id = {id}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &office,
        &format!("/campaigns/{id}/rule-set"),
        &[("rule_set_id", &law2022), ("version", &version)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!("SELECT count(*) FROM audit_log WHERE entity = 'campaign' AND action = 'rule_set' AND entity_id = '{id}'"))
            .await,
        1
    );
    let (_, a) = api(&app, &staff, &q).await;
    assert_eq!(a["rule_set"], "LUAT2022_ND98");
    assert_eq!(title(&a, "CSTDCS")["outcome"], "eligible", "{a}");
    exec(
        &app,
        &format!(
            "UPDATE campaigns SET rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017') WHERE id = {id}"
        ),
    )
    .await;
    // the initiative council recognises canbo's initiative: CSTĐCS under ND 91 too
    exec(
        &app,
        &format!(
            "WITH r AS (INSERT INTO initiative_recognitions (title, level, decided_on, decision_no)
                        VALUES ('Số hóa hồ sơ địa chính', 'grassroots', DATE '2022-12-05', '415/QĐ-STNMT') RETURNING id)
             INSERT INTO initiative_authors (recognition_id, person_id) SELECT id, {me} FROM r"
        ),
    )
    .await;
    let (_, a) = api(&app, &staff, &q).await;
    let cstdcs = title(&a, "CSTDCS");
    assert_eq!(cstdcs["outcome"], "eligible", "{cstdcs}");
    let read = cstdcs["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"].as_str().unwrap().contains("sáng kiến"))
        .unwrap();
    assert_eq!(
        read["detail"],
        "\"Số hóa hồ sơ địa chính\" (thành tích năm 2022) được công nhận ngày 05/12/2022, cấp cơ sở (415/QĐ-STNMT)"
    );
    // and in English on request
    let (_, en) = api(&app, &staff, &format!("{q}&lang=en")).await;
    assert!(
        title(&en, "LDTT")["conditions"][0]["rule"]
            .as_str()
            .unwrap()
            .starts_with("Rated")
    );
    app.cleanup().await;
}

#[tokio::test]
async fn the_office_sees_everyone_with_quotas_and_a_head_sees_the_unit() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let office = signed_in(&app, "vanphong").await;
    let (status, html) = get(&office, &app.url(&format!("/campaigns/{id}/eligibility"))).await;
    assert_eq!(status, StatusCode::OK);
    // the quota of ND 91/2017 Art. 9 with its live counts
    let ldtt: i64 = html
        .split("tối đa 15 % của ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the quota line");
    assert!(
        ldtt > 50,
        "most people qualify for LĐTT in the demo: {ldtt}"
    );
    assert!(html.contains(&format!("= {}", ldtt * 15 / 100)), "places");
    // the demo shows people who qualify for each individual title the facts can decide
    for code in ["LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TTG"] {
        let (_, list) = get(
            &office,
            &app.url(&format!(
                "/campaigns/{id}/eligibility?title={code}&outcome=eligible"
            )),
        )
        .await;
        assert!(list.contains("Hiển thị 1–"), "someone qualifies for {code}");
    }
    // the list as a workbook: every matching person with each title's outcome, Vietnamese headers
    let bytes = office
        .get(app.url(&format!(
            "/campaigns/{id}/eligibility.xlsx?title=CSTDCS&outcome=eligible"
        )))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::{Data, Reader};
    let sheet = wb.worksheet_range("Cá nhân").unwrap();
    assert_eq!(
        sheet.get_value((2, 0)),
        Some(&Data::String("Họ và tên".into()))
    );
    let col = (2..sheet.width() as u32)
        .find(|c| sheet.get_value((2, *c)) == Some(&Data::String("Chiến sĩ thi đua cơ sở".into())))
        .expect("a column per title");
    let rows: Vec<u32> = (3..sheet.height() as u32)
        .filter(|r| matches!(sheet.get_value((*r, 0)), Some(Data::String(s)) if !s.is_empty()))
        .collect();
    assert!(!rows.is_empty());
    for r in &rows {
        assert_eq!(
            sheet.get_value((*r, col)),
            Some(&Data::String("Đủ điều kiện".into()))
        );
    }
    let (_, list) = get(
        &office,
        &app.url(&format!(
            "/campaigns/{id}/eligibility?title=CSTDCS&outcome=eligible"
        )),
    )
    .await;
    assert!(
        list.contains(&format!("trong {} người", rows.len())),
        "the workbook holds the page's {} people",
        rows.len()
    );
    assert!(wb.worksheet_range("Tập thể").is_ok());
    // the unit head: their unit only, its members, and the unit's collective answer
    let head = signed_in(&app, "truongphong").await;
    let (status, html) = get(&head, &app.url(&format!("/campaigns/{id}/eligibility"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Phòng Quản lý đất đai"));
    assert!(!html.contains("Thanh tra Sở"), "another unit is not listed");
    let qldd = app
        .scalar_i64("SELECT id FROM units WHERE code = 'QLDD'")
        .await;
    let (status, a) = api(&app, &head, &format!("campaign={id}&unit={qldd}")).await;
    assert_eq!(status, StatusCode::OK, "{a}");
    assert_eq!(a["subject"], "unit");
    let ttldtt = title(&a, "TTLDTT");
    // QLDD has not sent its collective registration in the demo
    assert!(
        failed(ttldtt).iter().any(|c| c["detail"] == "Chưa đăng ký"),
        "{ttldtt}"
    );
    let share = ttldtt["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"].as_str().unwrap().starts_with("Trên 50 %"))
        .expect("the members' share");
    assert!(
        share["detail"].as_str().unwrap().contains("thành viên"),
        "{share}"
    );
    // neither or both of person and unit is a bad request
    let (status, _) = api(&app, &head, &format!("campaign={id}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    app.cleanup().await;
}

#[tokio::test]
async fn the_office_records_a_recognised_initiative_and_its_author_sees_it() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    exec(
        &app,
        &format!("DELETE FROM initiative_authors WHERE person_id = {me}"),
    )
    .await;
    let staff = signed_in(&app, "canbo").await;
    let title_id = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id WHERE c.id = {id} AND t.code = 'CSTDCS'"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &staff,
        &format!("/campaigns/{id}/register"),
        &[
            ("title_id", &title_id),
            ("target", "100% hồ sơ giải quyết đúng hạn"),
            ("measure", "Tỷ lệ hồ sơ đúng hạn"),
            ("ini_title", "Bản đồ số quy hoạch sử dụng đất cấp huyện"),
            ("ini_field", "Chuyển đổi số"),
            ("ini_benefit", "Tra cứu quy hoạch trực tuyến"),
            ("ini_coauthors", ""),
            ("version", "0"),
            ("action", "submit"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let registered = app
        .scalar_i64("SELECT id FROM registered_initiatives WHERE title = 'Bản đồ số quy hoạch sử dụng đất cấp huyện'")
        .await;
    // from the campaign's list of registered initiatives to a prefilled form
    let office = signed_in(&app, "vanphong").await;
    let (_, html) = get(
        &office,
        &app.url(&format!("/campaigns/{id}/initiatives?q=ban do so")),
    )
    .await;
    let link = format!("/initiatives/recognitions/new?from={registered}");
    assert!(html.contains(&link), "{html}");
    let (status, html) = get(&office, &app.url(&link)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("value=\"Bản đồ số quy hoạch sử dụng đất cấp huyện\""));
    assert!(html.contains("Nguyễn Văn An (QLDD)"));
    // the form's one-time token: kept through a re-shown form, spent by the first save
    let marker = "name=\"form_token\" value=\"";
    let at = html.find(marker).expect("a one-time token") + marker.len();
    let token = html[at..at + html[at..].find('"').unwrap()].to_string();
    let form = |date: &'static str| {
        vec![
            ("form_token", token.clone()),
            (
                "title",
                "Bản đồ số quy hoạch sử dụng đất cấp huyện".to_string(),
            ),
            ("field", "Chuyển đổi số".to_string()),
            ("level", "grassroots".to_string()),
            ("decided_on", date.to_string()),
            ("decision_no", "415/QĐ-STNMT".to_string()),
            (
                "council",
                "Giám đốc Sở Tài nguyên và Môi trường".to_string(),
            ),
            ("authors", "Nguyễn Văn An (QLDD)".to_string()),
            ("registered_initiative_id", registered.to_string()),
        ]
    };
    let post = |f: Vec<(&'static str, String)>| {
        let office = office.clone();
        let app = &app;
        async move {
            let b: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(app, &office, "/initiatives/recognitions", &b).await
        }
    };
    // a date that is not one: the same form, what was typed kept, nothing written
    let r = post(form("31/02/2022")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"31/02/2022\""));
    assert!(html.contains("value=\"415/QĐ-STNMT\""));
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM initiative_recognitions WHERE decision_no = '415/QĐ-STNMT'"
        )
        .await,
        0
    );
    let r = post(form("05/12/2022")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM initiative_recognitions g JOIN initiative_authors a ON a.recognition_id = g.id
             WHERE g.registered_initiative_id = {registered} AND a.person_id = {me} AND g.level = 'grassroots'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'initiative_recognition'")
            .await,
        1
    );
    // the same form sent again, twice at once (a double click, a reload): nothing more is created
    let (a, b) = tokio::join!(post(form("05/12/2022")), post(form("05/12/2022")));
    for r in [a, b] {
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/initiatives/recognitions");
    }
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM initiative_recognitions WHERE decision_no = '415/QĐ-STNMT'"
        )
        .await,
        1,
        "a double submit records one recognition"
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'initiative_recognition'")
            .await,
        1
    );
    // the author sees it, recognised
    let (_, html) = get(&staff, &app.url("/initiatives")).await;
    assert!(html.contains("Bản đồ số quy hoạch sử dụng đất cấp huyện"));
    assert!(html.contains("Đã công nhận cấp cơ sở"), "{html}");
    // and the eligibility rules read it
    let (_, a) = api(&app, &staff, &format!("campaign={id}&person={me}")).await;
    let cstdcs = title(&a, "CSTDCS");
    let read = cstdcs["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"].as_str().unwrap().contains("sáng kiến"))
        .unwrap();
    assert_eq!(read["passed"], true, "{cstdcs}");
    app.cleanup().await;
}

#[tokio::test]
async fn discipline_reviews_and_months_recorded_by_the_office_reach_the_answer() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    for sql in [
        format!("DELETE FROM disciplines WHERE person_id = {me}"),
        format!("DELETE FROM review_flags WHERE person_id = {me}"),
        format!("UPDATE people SET start_date = DATE '2015-03-01' WHERE id = {me}"),
    ] {
        exec(&app, &sql).await;
    }
    let office = signed_in(&app, "vanphong").await;
    let staff = signed_in(&app, "canbo").await;
    let q = format!("campaign={id}&person={me}");
    let failed_details = |a: &Value| -> Vec<String> {
        failed(title(a, "LDTT"))
            .iter()
            .map(|c| c["detail"].as_str().unwrap().to_string())
            .collect()
    };
    let base = format!("/people/{me}/record");
    // a date that is not one: the same page, what was typed kept
    let r = post_form(
        &app,
        &office,
        &format!("{base}/discipline"),
        &[
            ("level", "REPRIMAND"),
            ("decided_on", "32/05/2022"),
            ("decision_no", "35/QĐ-STNMT"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"35/QĐ-STNMT\""));
    let r = post_form(
        &app,
        &office,
        &format!("{base}/discipline"),
        &[
            ("level", "REPRIMAND"),
            ("decided_on", "15/05/2022"),
            ("decision_no", "35/QĐ-STNMT"),
            ("reason", "Chậm hồ sơ"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, a) = api(&app, &staff, &q).await;
    assert!(
        failed_details(&a)
            .iter()
            .any(|d| d.starts_with("Khiển trách (35/QĐ-STNMT 15/05/2022)")),
        "{a}"
    );
    // the person sees their own record
    let (status, html) = get(&staff, &app.url(&base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Khiển trách"));
    assert!(
        !html.contains("record/discipline\""),
        "staff cannot record discipline"
    );
    // a routine inspection (no signs of a violation) does not block (ND 98/2023 Art. 4)
    let r = post_form(
        &app,
        &office,
        &format!("{base}/reviews"),
        &[
            ("kind", "inspection"),
            ("opened_on", "01/09/2022"),
            ("note", "Kiểm tra định kỳ"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, a) = api(&app, &staff, &q).await;
    assert!(
        !failed_details(&a).iter().any(|d| d.contains("thanh tra")),
        "{a}"
    );
    let routine = app
        .scalar_i64(&format!(
            "SELECT id FROM review_flags WHERE person_id = {me}"
        ))
        .await;
    let r = post_form(
        &app,
        &office,
        &format!("{base}/reviews/{routine}/close"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // one with signs of a violation, opened and then closed
    let r = post_form(
        &app,
        &office,
        &format!("{base}/reviews"),
        &[
            ("kind", "inspection"),
            ("opened_on", "01/10/2022"),
            ("violation_signs", "1"),
            ("note", "Thanh tra hồ sơ đất đai"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, a) = api(&app, &staff, &q).await;
    assert!(
        failed_details(&a).iter().any(|d| d.contains("thanh tra")),
        "{a}"
    );
    let rid = app
        .scalar_i64(&format!(
            "SELECT id FROM review_flags WHERE person_id = {me} AND closed_on IS NULL"
        ))
        .await;
    let r = post_form(&app, &office, &format!("{base}/reviews/{rid}/close"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // months worked in 2022 corrected to 8: under ND 91 that is short of 10
    let r = post_form(
        &app,
        &office,
        &format!("{base}/months"),
        &[
            ("year", "2022"),
            ("months", "8"),
            ("note", "Nghỉ không lương 4 tháng"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, a) = api(&app, &staff, &q).await;
    let details = failed_details(&a);
    assert!(details.iter().any(|d| d == "8 tháng"), "{details:?}");
    assert!(
        !details.iter().any(|d| d.contains("thanh tra")),
        "closed by now: {details:?}"
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity IN ('discipline', 'review_flag', 'work_months')").await,
        6
    );
    app.cleanup().await;
}

/// ND 98/2023 Art. 4 (priority of women between equal candidates): a quota with fewer places than
/// candidates lists them in the regime's order, women first, and marks those beyond the places.
#[tokio::test]
async fn an_over_full_quota_orders_its_candidates_women_first() {
    let app = spawn_app().await;
    let id = campaign_id(&app).await;
    // the CSTĐCS quota of ND 91/2017 cut to 3 % for the test: more candidates than places
    exec(
        &app,
        "UPDATE titles SET conditions = jsonb_set(conditions, '{of,2,max_pct}', '3')
          WHERE code = 'CSTDCS' AND rule_set_id = (SELECT id FROM rule_sets WHERE code = 'ND91_2017')",
    )
    .await;
    let office = signed_in(&app, "vanphong").await;
    let (status, html) = get(&office, &app.url(&format!("/campaigns/{id}/eligibility"))).await;
    assert_eq!(status, StatusCode::OK);
    let list = html
        .split("<ol class=\"ranked\">")
        .nth(1)
        .and_then(|r| r.split("</ol>").next())
        .expect("the order of priority")
        .to_string();
    let items: Vec<&str> = list.split("<li ").skip(1).collect();
    assert!(items.len() > 3, "{list}");
    let women: Vec<bool> = items.iter().map(|i| i.contains("ưu tiên: nữ")).collect();
    assert!(women.contains(&true) && women.contains(&false), "{list}");
    // every woman before every man
    let first_man = women.iter().position(|w| !w).unwrap();
    assert!(women[first_man..].iter().all(|w| !w), "{list}");
    // the women are women in the database, and those beyond the places are marked
    let names: Vec<String> = items
        .iter()
        .filter(|i| i.contains("ưu tiên: nữ"))
        .filter_map(|i| {
            i.split("\">")
                .nth(2)?
                .split("</a>")
                .next()
                .map(str::to_string)
        })
        .collect();
    assert!(!names.is_empty());
    for n in &names {
        let women = app
            .scalar_i64(&format!(
                "SELECT count(*) FROM people WHERE full_name = '{n}' AND gender = 'female'"
            ))
            .await;
        assert!(women > 0, "{n}");
    }
    assert!(items.iter().any(|i| i.contains("ngoài số chỗ")));
    assert!(html.contains("Thứ tự ưu tiên:"));
    app.cleanup().await;
}
