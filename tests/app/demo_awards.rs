//! The demo past the council, as `serve --demo` loads it: the Director's decision on the notice's
//! lines issued (numbered 01, its placeholder scan saying it is demo data), the certificates of
//! the decision printed with the registry's codes, the Bằng khen của Chủ tịch UBND tỉnh line passed
//! at a second meeting, posted, sent to the province and awarded, and every award verifiable by
//! anyone; loading it twice changes nothing the second time.

use crate::common::*;
use reqwest::StatusCode;

/// Where a GET is sent back to.
async fn redirected_to(c: &reqwest::Client, url: &str) -> String {
    let r = c.get(url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    location(&r)
}

#[tokio::test]
async fn the_demo_reaches_the_registry() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let decisions: Vec<(i64, String, Option<i32>, String)> = sqlx::query_as(
        "SELECT id, status, number, to_char(decided_on, 'DD/MM/YYYY') FROM decisions ORDER BY id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(decisions.len(), 1, "{decisions:?}");
    let (d, status, number, on) = decisions[0].clone();
    assert_eq!((status.as_str(), number), ("issued", Some(1)));
    // the first working day after the longest period of the notice of 21/12/2022
    assert_eq!(on, "29/12/2022");
    // staff read the issued decision; its signature panel says the scan is demo data
    let staff = signed_in(&app, "canbo").await;
    let (s, html) = get(&staff, &app.url(&format!("/decisions/{d}"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Quyết định số 01/QĐ-STNMT")
            && html.contains("Dữ liệu mẫu: bản quét giả lập"),
        "{html}"
    );
    // the registry: the decision's four awards and the province's one, each with a code
    let entries: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT h.title_code, h.decision_no, h.issuer, h.verification_code FROM award_history h
          WHERE h.verification_code IS NOT NULL ORDER BY h.decision_no, h.title_code",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let kinds: Vec<(&str, &str)> = entries
        .iter()
        .map(|e| (e.0.as_str(), e.1.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("LDTT", "01/QĐ-STNMT"),
            ("LDTT", "01/QĐ-STNMT"),
            ("LDTT", "01/QĐ-STNMT"),
            ("TTLDTT", "01/QĐ-STNMT"),
            ("BK_TINH", "215/QĐ-UBND"),
        ]
    );
    assert_eq!(entries[4].2, "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng");
    // the submission: sent with number 01 of 2023, its line awarded
    let (sub_status, sub_no, outcome): (String, i32, String) = sqlx::query_as(
        "SELECT s.status, s.number, l.outcome FROM submissions s
           JOIN submission_lines l ON l.submission_id = s.id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        (sub_status.as_str(), sub_no, outcome.as_str()),
        ("sent", 1, "awarded")
    );
    // the province's line went through its own meeting, by the rule set's vote, and its notice
    let (result, ended): (String, bool) = sqlx::query_as(
        "SELECT a.result, nl.ends_on < '2023-01-09' FROM council_agenda a
           JOIN proposal_lines l ON l.id = a.line_id JOIN titles t ON t.id = l.title_id
           JOIN notice_lines nl ON nl.line_id = l.id WHERE t.code = 'BK_TINH'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((result.as_str(), ended), ("passed", true));
    // anyone checks each code without signing in
    let anon = client();
    for e in &entries {
        let (s, html) = get(&anon, &app.url(&format!("/verify/{}", e.3))).await;
        assert_eq!(s, StatusCode::OK, "{}", e.3);
        assert!(html.contains(&e.1), "{html}");
    }
    // the certificates print the registry's codes, a page per award
    let office = signed_in(&app, "vanphong").await;
    let r = office
        .get(app.url(&format!("/decisions/{d}/certificates.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = read_pdf(&r.bytes().await.unwrap());
    assert_eq!(pdf.pages, 4, "{}", pdf.text);
    for e in entries.iter().take(4) {
        assert!(
            pdf.text.contains(&format!("Mã xác minh: {}", e.3)),
            "{}",
            pdf.text
        );
        assert!(
            pdf.qr
                .iter()
                .any(|q| q.ends_with(&format!("/verify/{}", e.3))),
            "{:?}",
            pdf.qr
        );
    }
    // the year's awards of people in the national civil-service database's fields: the titles and
    // the province's commendation, labelled in words; the unit's award is not a person's
    let r = office
        .get(app.url("/registry/national.xlsx?year=2022"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("CSDL CBCCVC").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .position(|r| r.first().map(String::as_str) == Some("STT"))
        .expect("a header row");
    assert_eq!(rows[header][1], "Số hiệu cán bộ, công chức, viên chức");
    let nhung: Vec<&Vec<String>> = rows[header + 1..]
        .iter()
        .filter(|r| r[2] == "Võ Thị Nhung" && r[7] == "2022")
        .collect();
    assert_eq!(nhung.len(), 2, "{rows:?}");
    let bk = nhung
        .iter()
        .find(|r| r[9] == "Bằng khen của Chủ tịch UBND tỉnh")
        .expect("the province's award");
    assert_eq!(
        (
            bk[8].as_str(),
            bk[10].as_str(),
            bk[11].as_str(),
            bk[12].as_str(),
            bk[14].as_str()
        ),
        (
            "Hình thức khen thưởng",
            "Cấp tỉnh",
            "Khen thưởng thường xuyên (hằng năm)",
            "215/QĐ-UBND",
            "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng"
        )
    );
    let ldtt = nhung
        .iter()
        .find(|r| r[9] == "Lao động tiên tiến")
        .expect("the Department's award");
    assert_eq!(
        (ldtt[8].as_str(), ldtt[12].as_str()),
        ("Danh hiệu thi đua", "01/QĐ-STNMT")
    );
    assert!(
        ldtt[4] == "Nữ" && !ldtt[1].is_empty() && !ldtt[3].is_empty(),
        "{ldtt:?}"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r.iter().any(|c| c == "Tập thể lao động tiên tiến")),
        "people only"
    );
    // without a year: back to the registry, which says why
    let r = redirected_to(&office, &app.url("/registry/national.xlsx")).await;
    assert_eq!(r, "/registry");

    // the steps are in the audit log, and a second load adds nothing
    let audited: i64 = app
        .scalar_i64(
            "SELECT count(*) FROM audit_log WHERE action = 'seed_demo' AND entity = 'decision'",
        )
        .await;
    assert_eq!(audited, 1);
    thidua::demo::past_council(&app.db).await.unwrap();
    let again = app
        .scalar_i64("SELECT (SELECT count(*) FROM decisions) + (SELECT count(*) FROM submissions) + (SELECT count(*) FROM council_meetings)")
        .await;
    assert_eq!(again, 1 + 1 + 2);
}
