//! The year-end review's figures on the demo past the council: each figure agrees with a direct
//! count of the rows it counts (people, registrations sent, lines proposed, the year's awards by
//! title and by unit, rolled up the tree); a unit head sees their subtree only; the page filters to
//! a unit and the .xlsx holds the same figures.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

#[tokio::test]
async fn the_figures_agree_with_the_rows_they_count() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let office = signed_in(&app, "vanphong").await;
    let r = office
        .get(app.url("/api/v1/campaigns/1/statistics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let s: Value = r.json().await.unwrap();
    assert_eq!(
        (s["campaign"].as_i64(), s["year"].as_i64()),
        (Some(1), Some(2022))
    );
    let count = |sql: &str| {
        let app = &app;
        let sql = sql.to_string();
        async move { app.scalar_i64(&sql).await }
    };
    assert_eq!(
        s["people"].as_i64().unwrap(),
        count("SELECT count(*) FROM people WHERE active").await
    );
    assert_eq!(
        s["registered"].as_i64().unwrap(),
        count(
            "SELECT count(*) FROM registrations WHERE campaign_id = 1 AND person_id IS NOT NULL
               AND status IN ('submitted', 'confirmed', 'returned')"
        )
        .await
    );
    // per title: lines sent by units, and the year's awards in the registry
    let titles = s["titles"].as_array().unwrap();
    let title = |code: &str| {
        titles
            .iter()
            .find(|t| t["title_code"] == code)
            .unwrap_or_else(|| panic!("{code} in {titles:?}"))
            .clone()
    };
    for code in ["LDTT", "CSTDCS", "TTLDTT", "BK_TINH"] {
        let t = title(code);
        assert_eq!(
            t["proposed"].as_i64().unwrap(),
            count(&format!(
                "SELECT count(*) FROM proposal_lines l JOIN titles t ON t.id = l.title_id
                  WHERE t.code = '{code}' AND l.status <> 'draft'"
            ))
            .await,
            "{code} proposed"
        );
        assert_eq!(
            t["awarded"].as_i64().unwrap(),
            count(&format!(
                "SELECT count(*) FROM award_history WHERE year = 2022 AND title_code = '{code}'"
            ))
            .await,
            "{code} awarded"
        );
    }
    assert!(
        title("LDTT")["awarded"].as_i64().unwrap() >= 3,
        "the decision's three"
    );
    assert!(
        title("BK_TINH")["awarded"].as_i64().unwrap() >= 1,
        "the province's one"
    );
    // per unit, rolled up: the root holds everything; KS its people's and its own awards
    let units = s["units"].as_array().unwrap();
    let unit = |code: &str| {
        units
            .iter()
            .find(|u| u["unit_code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(units[0]["unit_code"], "STNMT", "parents first");
    assert_eq!(
        unit("STNMT")["awarded"].as_i64().unwrap(),
        count("SELECT count(*) FROM award_history WHERE year = 2022").await
    );
    assert_eq!(
        unit("KS")["awarded"].as_i64().unwrap(),
        count(
            "SELECT count(*) FROM award_history h LEFT JOIN people p ON p.id = h.person_id
               JOIN units u ON u.id = coalesce(p.unit_id, h.unit_id)
              WHERE h.year = 2022 AND u.path LIKE (SELECT path FROM units WHERE code = 'KS') || '%'"
        )
        .await
    );
    assert!(unit("KS")["awarded"].as_i64().unwrap() >= 5);
    let vpdkdd_people = count(
        "SELECT count(*) FROM people p JOIN units u ON u.id = p.unit_id
          WHERE p.active AND u.path LIKE (SELECT path FROM units WHERE code = 'VPDKDD') || '%'",
    )
    .await;
    assert_eq!(unit("VPDKDD")["people"].as_i64().unwrap(), vpdkdd_people);

    // by gender and employment category: the groups add up to the whole
    let people_all = s["people"].as_i64().unwrap();
    let groups: Vec<(String, String, i64, i64, i64)> = {
        let sheet = xlsx_sheet(
            &office,
            &app.url("/campaigns/1/review.xlsx"),
            "Giới tính, đối tượng",
        )
        .await;
        sheet
            .rows()
            .filter(|r| ["Nam", "Nữ", "Khác"].contains(&r[0].to_string().as_str()))
            .map(|r| {
                let n = |i: usize| r[i].to_string().parse::<i64>().unwrap();
                (r[0].to_string(), r[1].to_string(), n(2), n(3), n(4))
            })
            .collect()
    };
    assert!(
        groups.iter().any(|g| g.0 == "Nữ" && g.1 == "Công chức"),
        "{groups:?}"
    );
    assert_eq!(groups.iter().map(|g| g.2).sum::<i64>(), people_all);
    assert_eq!(
        groups.iter().map(|g| g.3).sum::<i64>(),
        count(
            "SELECT count(DISTINCT r.person_id) FROM registrations r JOIN people p ON p.id = r.person_id
              WHERE r.campaign_id = 1 AND p.active AND r.status IN ('submitted', 'confirmed', 'returned')"
        )
        .await
    );
    assert_eq!(
        groups.iter().map(|g| g.4).sum::<i64>(),
        count(
            "SELECT count(*) FROM award_history h JOIN people p ON p.id = h.person_id
              WHERE h.year = 2022 AND p.active"
        )
        .await
    );

    // a unit head: their subtree only; staff and the anonymous refused
    let head = signed_in(&app, "truongphong").await;
    let h: Value = head
        .get(app.url("/api/v1/campaigns/1/statistics"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = h["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["unit_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["QLDD"], "{h}");
    assert_eq!(
        h["people"].as_i64().unwrap(),
        unit("QLDD")["people"].as_i64().unwrap()
    );
    let staff = signed_in(&app, "canbo").await;
    assert_eq!(
        staff
            .get(app.url("/api/v1/campaigns/1/statistics"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        client()
            .get(app.url("/api/v1/campaigns/1/statistics"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // the page, whole and filtered to KS; a unit outside the head's subtree is not found
    let ks = unit_id(&app, "KS").await;
    let (st, html) = get(&office, &app.url("/campaigns/1/review")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("Tổng kết năm 2022") && html.contains("Phòng Khoáng sản"),
        "{html}"
    );
    // two charts drawn on the server, hidden from screen readers (the tables carry the numbers)
    assert_eq!(
        html.matches("<div aria-hidden=\"true\"><svg").count(),
        2,
        "{html}"
    );
    assert!(html.contains("\nLao động tiên tiến\n</text>"), "{html}");
    let (_, html) = get(&office, &app.url(&format!("/campaigns/1/review?unit={ks}"))).await;
    assert!(
        html.contains("Tổng kết năm 2022 — Phòng Khoáng sản"),
        "{html}"
    );
    assert!(
        !html.contains(">Văn phòng Đăng ký đất đai<"),
        "other units left out"
    );
    let (st, _) = get(&head, &app.url(&format!("/campaigns/1/review?unit={ks}"))).await;
    assert_eq!(st, StatusCode::NOT_FOUND);

    // the .xlsx: the same figures
    let bytes = office
        .get(app.url("/campaigns/1/review.xlsx"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let sheet = wb.worksheet_range("Danh hiệu").unwrap();
    let ldtt: Vec<String> = sheet
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some("LDTT".into()))
        .expect("the LDTT row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(ldtt[2], title("LDTT")["proposed"].to_string());
    // the council's results on the title's lines
    for (col, result) in [(3, "passed"), (4, "failed")] {
        let n = count(&format!(
            "SELECT count(*) FROM proposal_lines l JOIN titles t ON t.id = l.title_id
               JOIN council_agenda a ON a.line_id = l.id
              WHERE t.code = 'LDTT' AND l.status <> 'draft' AND a.result = '{result}'"
        ))
        .await;
        assert_eq!(ldtt[col], n.to_string(), "{result}");
    }
    assert_eq!(ldtt[5], title("LDTT")["awarded"].to_string());
    let sheet = wb.worksheet_range("Đơn vị").unwrap();
    let ks_awarded = unit("KS")["awarded"].as_i64().unwrap().to_string();
    assert!(
        sheet
            .rows()
            .any(|r| r.first().map(|c| c.to_string()) == Some("KS".into())
                && r[4].to_string() == ks_awarded)
    );
    app.cleanup().await;
}

#[tokio::test]
async fn the_dossiers_waits_are_working_days_and_the_exemplars_are_counted() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    // one returned proposal: sent on Monday 5/12/2022, returned on Monday 12/12: five working days
    let p = app
        .scalar_i64("SELECT min(proposal_id) FROM proposal_events WHERE kind = 'returned'")
        .await;
    sqlx::raw_sql(&format!(
        "UPDATE proposal_events SET at = '2022-12-05 09:00+07' WHERE proposal_id = {p} AND kind = 'submitted';
         UPDATE proposal_events SET at = '2022-12-12 09:00+07' WHERE proposal_id = {p} AND kind = 'returned';"
    ))
    .execute(&app.db)
    .await
    .unwrap();
    let returned = app
        .scalar_i64("SELECT count(*) FROM proposal_events WHERE kind = 'returned'")
        .await;
    let accepted = app
        .scalar_i64("SELECT count(*) FROM proposal_events WHERE kind = 'accepted'")
        .await;
    assert!(returned >= 2 && accepted >= 1);
    let office = signed_in(&app, "vanphong").await;
    let (status, html) = get(&office, &app.url("/campaigns/1/review")).await;
    assert_eq!(status, StatusCode::OK);
    let row = |label: &str| {
        let at = html
            .find(&format!("<th scope=\"row\">{label}</th>"))
            .unwrap_or_else(|| panic!("a row {label}"));
        let end = html[at..].find("</tr>").unwrap();
        let cells: Vec<String> = html[at..at + end]
            .split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().to_string())
            .collect();
        cells
    };
    // returned: how many, the mean (5 days over all of them), the longest (5)
    let mean_tenths = (50 + returned / 2) / returned;
    assert_eq!(
        row("Văn phòng trả lại"),
        [
            returned.to_string(),
            format!("{},{}", mean_tenths / 10, mean_tenths % 10),
            "5".to_string()
        ]
    );
    assert_eq!(row("Văn phòng đã chấp nhận")[0], accepted.to_string());
    // the exemplars, per status
    for (status, label) in [
        ("chosen", "Giám đốc đã lựa chọn"),
        ("declined", "Không chọn"),
    ] {
        let n = app
            .scalar_i64(&format!(
                "SELECT count(*) FROM exemplars WHERE status = '{status}'"
            ))
            .await;
        assert!(
            html.contains(&format!("<dt>{label}</dt><dd>{n}</dd>")),
            "{label}: {n}"
        );
    }
    app.cleanup().await;
}

/// The counts are kept in memory at the data versions: an award entered afterwards (a new facts
/// version) shows on the next request, and so does a proposal line sent.
#[tokio::test]
async fn the_kept_counts_follow_the_registry_and_the_proposals() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    app.settle().await;
    let office = signed_in(&app, "vanphong").await;
    let awarded = |s: &Value| {
        s["titles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["title_code"] == "CSTDCS")
            .unwrap()["awarded"]
            .as_i64()
            .unwrap()
    };
    let read = || async {
        office
            .get(app.url("/api/v1/campaigns/1/statistics"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    };
    let before = read().await;
    // read twice: the second from memory, the same
    assert_eq!(read().await, before);
    // the counts follow the registry's version, not every fact's: an award slipped in without its
    // bump (the trigger set aside for the test), then a rating entered (the facts' version moves),
    // and the counts kept are still served
    let registry = || app.scalar_i64("SELECT version FROM data_versions WHERE name = 'registry'");
    let r0 = registry().await;
    sqlx::query("ALTER TABLE award_history DISABLE TRIGGER award_history_registry")
        .execute(&app.db)
        .await
        .unwrap();
    let slipped = app
        .scalar_i64(
            "INSERT INTO award_history (year, person_id, title_code, title_name, source)
             SELECT 2022, p.id, 'CSTDCS', 'Chiến sĩ thi đua cơ sở', 'entry' FROM people p
              WHERE p.active AND NOT EXISTS (SELECT 1 FROM award_history h WHERE h.person_id = p.id AND h.year = 2022 AND h.title_code = 'CSTDCS')
              ORDER BY p.id DESC LIMIT 1 RETURNING id",
        )
        .await;
    sqlx::query("ALTER TABLE award_history ENABLE TRIGGER award_history_registry")
        .execute(&app.db)
        .await
        .unwrap();
    let facts = app
        .scalar_i64("SELECT version FROM data_versions WHERE name = 'facts'")
        .await;
    sqlx::query(
        "INSERT INTO ratings (year, person_id, rating)
         SELECT 2021, p.id, 'HTNV' FROM people p WHERE p.active ORDER BY p.id LIMIT 1
         ON CONFLICT (person_id, year) WHERE person_id IS NOT NULL DO UPDATE SET rating = 'HTNV'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    app.settle().await;
    assert!(
        app.scalar_i64("SELECT version FROM data_versions WHERE name = 'facts'")
            .await
            > facts
    );
    assert_eq!(
        registry().await,
        r0,
        "a rating leaves the registry's version"
    );
    assert_eq!(
        read().await,
        before,
        "kept: a rating does not change the figures"
    );
    sqlx::query(&format!("DELETE FROM award_history WHERE id = {slipped}"))
        .execute(&app.db)
        .await
        .unwrap();
    app.settle().await;
    let before = read().await;
    sqlx::query(
        "INSERT INTO award_history (year, person_id, title_code, title_name, source)
         SELECT 2022, p.id, 'CSTDCS', 'Chiến sĩ thi đua cơ sở', 'entry' FROM people p
          WHERE p.active AND NOT EXISTS (SELECT 1 FROM award_history h WHERE h.person_id = p.id AND h.year = 2022 AND h.title_code = 'CSTDCS')
          ORDER BY p.id LIMIT 1",
    )
    .execute(&app.db)
    .await
    .unwrap();
    app.settle().await;
    let after = read().await;
    assert_eq!(awarded(&after), awarded(&before) + 1);
    assert_eq!(after["people"], before["people"]);
    app.cleanup().await;
}

/// Per level of award (who decides each title of the regime): each level's lines and awards agree
/// with a direct count; a minister's commendation is the ministry's level, and an award whose title
/// the regime does not list is "Khác"; the page, the .xlsx and the .docx say the same.
#[tokio::test]
async fn the_levels_of_award_agree_with_the_rows_they_count() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    // a ministry's commendation in the regime, one award of it, and one of a title outside it
    sqlx::query(
        "INSERT INTO titles (rule_set_id, code, name_vi, name_en, subject, form, level, decided_by)
         SELECT rule_set_id, 'BK_BO', 'Bằng khen của Bộ trưởng', 'Minister''s certificate', 'individual',
                'commendation', 'province', 'minister' FROM campaigns WHERE id = 1",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let someone = app
        .scalar_i64("SELECT min(id) FROM people WHERE active")
        .await;
    sqlx::query(
        "INSERT INTO award_history (year, person_id, title_code, title_name, source) VALUES
           (2022, $1, 'BK_BO', 'Bằng khen của Bộ trưởng', 'entry'),
           (2022, $1, 'KT_KHAC', 'Khen thưởng khác', 'entry')",
    )
    .bind(someone)
    .execute(&app.db)
    .await
    .unwrap();
    let level_of =
        "CASE t.decided_by WHEN 'director' THEN 'department' WHEN 'province' THEN 'province'
                    WHEN 'minister' THEN 'ministry' WHEN 'prime_minister' THEN 'state'
                    WHEN 'president' THEN 'state' ELSE 'other' END";
    let direct = |sql: String| {
        let app = &app;
        async move {
            sqlx::query_as::<_, (String, i64)>(&sql)
                .fetch_all(&app.db)
                .await
                .unwrap()
                .into_iter()
                .collect::<std::collections::HashMap<String, i64>>()
        }
    };
    let proposed = direct(format!(
        "SELECT {level_of}, count(*) FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
           JOIN titles t ON t.id = l.title_id WHERE p.campaign_id = 1 AND l.status <> 'draft' GROUP BY 1"
    ))
    .await;
    let awarded = direct(format!(
        "SELECT coalesce({level_of}, 'other'), count(*) FROM award_history h
           LEFT JOIN titles t ON t.code = h.title_code
                AND t.rule_set_id = (SELECT rule_set_id FROM campaigns WHERE id = 1)
          WHERE h.year = 2022 GROUP BY 1"
    ))
    .await;
    assert_eq!(awarded.get("ministry"), Some(&1));
    assert!(awarded.get("other").is_some_and(|n| *n >= 1), "{awarded:?}");
    assert!(
        awarded.get("department").is_some_and(|n| *n > 0),
        "{awarded:?}"
    );
    let office = signed_in(&app, "vanphong").await;
    let sheet = xlsx_sheet(&office, &app.url("/campaigns/1/review.xlsx"), "Theo cấp").await;
    let rows: Vec<(String, i64, i64)> = sheet
        .rows()
        .skip_while(|r| r[0] != "Cấp khen thưởng")
        .skip(1)
        .map(|r| {
            let n = |i: usize| r[i].to_string().parse::<i64>().unwrap();
            (r[0].to_string(), n(1), n(2))
        })
        .collect();
    let want: Vec<(String, i64, i64)> = [
        ("department", "Cấp Sở (Giám đốc Sở)"),
        ("province", "Cấp tỉnh (Chủ tịch UBND tỉnh)"),
        ("ministry", "Cấp Bộ (Bộ trưởng)"),
        ("state", "Cấp nhà nước (Thủ tướng Chính phủ, Chủ tịch nước)"),
        ("other", "Khác"),
    ]
    .iter()
    .map(|(k, label)| {
        (
            label.to_string(),
            proposed.get(*k).copied().unwrap_or(0),
            awarded.get(*k).copied().unwrap_or(0),
        )
    })
    .collect();
    assert_eq!(rows, want);
    // the page and the report
    let (s, html) = get(&office, &app.url("/campaigns/1/review")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Theo cấp khen thưởng"), "{html}");
    assert!(html.contains("Cấp Bộ (Bộ trưởng)"), "{html}");
    let text = docx_text(&download(&office, &app.url("/campaigns/1/review.docx")).await);
    let at = text
        .find("Theo cấp khen thưởng:")
        .expect("the levels' table");
    assert!(text[at..].contains("Cấp Bộ (Bộ trưởng)"), "{text}");
    // the council's results, in the report
    let result = |r: &'static str| {
        let app = &app;
        async move {
            app.scalar_i64(&format!(
                "SELECT count(*) FROM council_agenda a JOIN proposal_lines l ON l.id = a.line_id
                   JOIN proposals p ON p.id = l.proposal_id
                  WHERE p.campaign_id = 1 AND l.status <> 'draft' AND a.result = '{r}'"
            ))
            .await
        }
    };
    let (passed, failed) = (result("passed").await, result("failed").await);
    assert!(passed > 0, "the demo's council passed lines");
    assert!(
        text.contains(&format!(
            "Hội đồng Thi đua – Khen thưởng đã xét {} trường hợp: thông qua {passed}, không thông qua {failed}.",
            passed + failed
        )),
        "{text}"
    );
    // the initiatives registered with the registrations sent, and those recognised
    let sent = "FROM registered_initiatives i JOIN registrations r ON r.id = i.registration_id
                WHERE r.campaign_id = 1 AND r.status IN ('submitted', 'confirmed', 'returned')";
    let registered = app.scalar_i64(&format!("SELECT count(*) {sent}")).await;
    let recognised = app
        .scalar_i64(&format!(
            "SELECT count(*) {sent} AND EXISTS (SELECT 1 FROM initiative_recognitions x
                                                 WHERE x.registered_initiative_id = i.id)"
        ))
        .await;
    assert!(registered > 0, "the demo registers initiatives");
    let dd = |n: i64| format!("<dd>{n}");
    let at = html
        .find("Sáng kiến đăng ký cùng đăng ký thi đua")
        .expect("the initiatives");
    assert!(html[at..].contains(&dd(registered)), "{html}");
    assert!(html[at..].contains(&dd(recognised)), "{html}");
    app.cleanup().await;
}
