//! The draft year-end report (báo cáo tổng kết): the Office writes its text parts in the app (a
//! refused or stale form comes back as typed and changes nothing; a save is audited) and downloads
//! it as .docx with the figures, tables and charts filled in; the charts' values agree with direct
//! counts of the rows; LibreOffice opens it and draws the charts (read back with pdftotext, the
//! pages kept as PNG in target/screenshots/).

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

const NS_C: &str = "http://schemas.openxmlformats.org/drawingml/2006/chart";

/// A chart part's categories and its series (name, values), read with an XML parser.
fn chart_of(xml: &str) -> (Vec<String>, Vec<(String, Vec<i64>)>) {
    let doc = roxmltree::Document::parse(xml).expect("well-formed chart");
    let texts = |n: roxmltree::Node, cache: &str| -> Vec<String> {
        n.descendants()
            .filter(|c| c.has_tag_name((NS_C, cache)))
            .flat_map(|c| c.descendants().filter(|v| v.has_tag_name((NS_C, "v"))))
            .map(|v| v.text().unwrap_or("").to_string())
            .collect()
    };
    let mut cats = Vec::new();
    let mut series = Vec::new();
    for ser in doc.descendants().filter(|n| n.has_tag_name((NS_C, "ser"))) {
        let name = ser
            .children()
            .find(|c| c.has_tag_name((NS_C, "tx")))
            .map(|tx| texts(tx, "strCache").join(""))
            .unwrap_or_default();
        let cat = ser
            .children()
            .find(|c| c.has_tag_name((NS_C, "cat")))
            .map(|c| texts(c, "strCache"))
            .unwrap_or_default();
        let vals = texts(ser, "numCache")
            .iter()
            .map(|v| v.parse().expect("a number"))
            .collect();
        cats = cat;
        series.push((name, vals));
    }
    (cats, series)
}

#[tokio::test]
async fn the_office_writes_the_year_end_report_and_downloads_it_with_figures_and_charts() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let office = signed_in(&app, "vanphong").await;
    let url = "/campaigns/1/review/report";

    // nobody saved yet: a draft written from the figures
    let (s, html) = get(&office, &app.url(url)).await;
    assert_eq!(s, StatusCode::OK);
    let people = app
        .scalar_i64("SELECT count(*) FROM people WHERE active")
        .await;
    assert!(
        html.contains(&format!("triển khai đến {people} cán bộ")),
        "{html}"
    );
    assert!(html.contains("Chưa ai lưu báo cáo"));

    // refused: no results; what was typed comes back, nothing is written
    let r = post_form(
        &app,
        &office,
        url,
        &[
            ("version", "0"),
            ("results", "  "),
            ("shortcomings", "Hạn chế <gõ dở>"),
            ("direction", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Hãy viết phần kết quả"), "{html}");
    assert!(html.contains("Hạn chế &#60;gõ dở&#62;"), "{html}");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM review_reports").await,
        0
    );

    // saved, with its audit entry
    let results = "Năm 2022, phong trào thi đua được **hưởng ứng rộng rãi**.\n- Phong trào “Cán bộ, công chức thi đua thực hiện văn hóa công sở”";
    let r = post_form(
        &app,
        &office,
        url,
        &[
            ("version", "0"),
            ("results", results),
            ("shortcomings", "Một số đơn vị gửi hồ sơ chậm."),
            ("direction", "Đẩy mạnh thi đua chuyên đề năm 2023."),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM audit_log WHERE entity = 'review_report' AND entity_id = '1:year_end'"
        )
        .await,
        1
    );
    let (_, html) = get(&office, &app.url(url)).await;
    assert!(html.contains("Lưu lần cuối"), "{html}");

    // a stale form (the version it was read at) comes back as typed, with who saved in between
    let r = post_form(
        &app,
        &office,
        url,
        &[
            ("version", "0"),
            ("results", "Một bản khác"),
            ("shortcomings", ""),
            ("direction", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Một bản khác") && html.contains("Người khác vừa lưu"),
        "{html}"
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM review_reports WHERE results LIKE 'Năm 2022%' AND version = 1"
        )
        .await,
        1
    );

    // the .docx: the text as written, the plan cited, the sections in order
    let r = office
        .get(app.url("/campaigns/1/review.docx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let docx = r.bytes().await.unwrap().to_vec();
    let text = docx_text(&docx);
    let mut at = 0;
    for part in [
        "BÁO CÁO",
        "Tổng kết phong trào thi đua, công tác khen thưởng năm 2022",
        "Thực hiện Kế hoạch số 05/KH-STNMT ngày 05/01/2022",
        "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA",
        "Năm 2022, phong trào thi đua được hưởng ứng rộng rãi.",
        // a line of its own: the line breaks typed are kept
        "\n- Phong trào “Cán bộ, công chức thi đua thực hiện văn hóa công sở”\n",
        "1. Số liệu chung",
        "II. CÔNG TÁC KHEN THƯỞNG",
        "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "Một số đơn vị gửi hồ sơ chậm.",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2023",
        "Đẩy mạnh thi đua chuyên đề năm 2023.",
    ] {
        let found = text[at..]
            .find(part)
            .unwrap_or_else(|| panic!("{part:?} after byte {at} in:\n{text}"));
        at += found + part.len();
    }
    assert!(text.contains(&format!(
        "Cán bộ, công chức, viên chức và người lao động\n{people}\n"
    )));

    // the charts: the titles' values are the statistics API's, the units' are direct counts
    let stats: Value = office
        .get(app.url("/api/v1/campaigns/1/statistics"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown: Vec<&Value> = stats["titles"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["proposed"].as_i64() > Some(0) || t["awarded"].as_i64() > Some(0))
        .collect();
    assert!(!shown.is_empty());
    let (_, series) = chart_of(&docx_part(&docx, "word/charts/chart2.xml"));
    assert_eq!(series[0].0, "Đề nghị");
    assert_eq!(
        series[0].1,
        shown
            .iter()
            .map(|t| t["proposed"].as_i64().unwrap())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        series[1].1,
        shown
            .iter()
            .map(|t| t["awarded"].as_i64().unwrap())
            .collect::<Vec<_>>()
    );
    let (units, series) = chart_of(&docx_part(&docx, "word/charts/chart1.xml"));
    assert!(units.len() > 3, "{units:?}");
    for (i, name) in units.iter().enumerate() {
        let direct = app
            .scalar_i64(&format!(
                "SELECT count(*) FROM people p JOIN units x ON x.id = p.unit_id
                  WHERE p.active AND x.path LIKE (SELECT path FROM units WHERE name = '{}') || '%'",
                name.replace('\'', "''")
            ))
            .await;
        assert_eq!(series[0].1[i], direct, "people of {name}");
    }
    let rels = docx_part(&docx, "word/_rels/document.xml.rels");
    assert!(rels.contains("charts/chart1.xml") && rels.contains("charts/chart2.xml"));
    assert!(docx_part(&docx, "[Content_Types].xml").contains("/word/charts/chart2.xml"));

    // LibreOffice opens it and draws the charts (the legend "Đã đăng ký" is only in a chart)
    let dir = std::env::temp_dir().join(format!("thidua-year-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("report.docx"), &docx).unwrap();
    // a profile of its own, so that a LibreOffice another test runs does not answer instead
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    run_tool(
        "soffice",
        &["--headless", &profile, "--convert-to", "pdf", "report.docx"],
        &dir,
    );
    run_tool("pdftotext", &["-layout", "report.pdf", "report.txt"], &dir);
    let pdf_text = std::fs::read_to_string(dir.join("report.txt")).unwrap();
    assert!(
        pdf_text.contains("BÁO CÁO") && pdf_text.contains("Đã đăng ký"),
        "{pdf_text}"
    );
    run_tool(
        "pdftoppm",
        &["-png", "-r", "60", "report.pdf", "page"],
        &dir,
    );
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with("page") && name.ends_with(".png") {
            std::fs::copy(e.path(), shots.join(format!("72-year-report-{name}"))).unwrap();
        }
    }
    let _ = std::fs::remove_dir_all(&dir);

    // a unit head and staff: not theirs
    for user in ["truongphong", "canbo"] {
        let c = signed_in(&app, user).await;
        for path in [url, "/campaigns/1/review.docx"] {
            let r = c.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::FORBIDDEN, "{user} {path}");
        }
    }
    app.cleanup().await;
}

/// The year's budget line is entered with the report: a refused amount comes back as typed and
/// changes nothing; a saved one is audited, set against the cash of the year's award decisions on
/// the review page (with the share, and what is over) and in the report's text; a unit head's
/// filtered view shows the unit's cash and no Department budget.
#[tokio::test]
async fn the_budget_line_is_set_against_the_years_cash() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let office = signed_in(&app, "vanphong").await;
    let url = "/campaigns/1/review/report";
    let year = app
        .scalar_i64("SELECT year::int8 FROM campaigns WHERE id = 1")
        .await;
    let cash = app
        .scalar_i64(&format!(
            "SELECT coalesce(sum(cash), 0)::int8 FROM award_history WHERE year = {year}"
        ))
        .await;
    assert!(cash > 0, "the demo's decisions pay cash");
    let (_, html) = get(&office, &app.url("/campaigns/1/review")).await;
    assert!(html.contains("Chưa nhập dự toán"), "{html}");

    let form = |budget: &'static str| {
        vec![
            ("version", "0"),
            ("results", "Kết quả."),
            ("shortcomings", ""),
            ("direction", ""),
            ("budget", budget),
        ]
    };
    // refused: not an amount; kept as typed, nothing written
    let r = post_form(&app, &office, url, &form("một tỷ")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"một tỷ\""), "{html}");
    assert!(html.contains("Nhập số tiền bằng đồng"), "{html}");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM review_reports").await,
        0
    );

    // a budget below the cash: saved, audited, shown with its share and what is over
    let budget = cash / 2;
    let typed = group(budget);
    let fields: Vec<(&str, &str)> = form("")
        .into_iter()
        .map(|(k, v)| {
            if k == "budget" {
                (k, typed.as_str())
            } else {
                (k, v)
            }
        })
        .collect();
    let r = post_form(&app, &office, url, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT budget FROM review_reports WHERE campaign_id = 1 AND kind = 'year_end'"
        )
        .await,
        budget
    );
    let after: Value = sqlx::query_scalar(
        "SELECT after FROM audit_log WHERE entity = 'review_report' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(after["budget"], budget);
    let (_, html) = get(&office, &app.url("/campaigns/1/review")).await;
    assert!(html.contains(&format!("{} đồng", group(cash))), "{html}");
    assert!(html.contains(&format!("{} đồng", group(budget))), "{html}");
    let pct = (cash as i128 * 1000 + budget as i128 / 2) / budget as i128;
    assert!(
        html.contains(&format!("{},{} %", pct / 10, pct % 10)),
        "{html}"
    );
    assert!(
        html.contains(&format!("Vượt dự toán {} đồng", group(cash - budget))),
        "{html}"
    );
    // the report says it
    let r = office
        .get(app.url("/campaigns/1/review.docx"))
        .send()
        .await
        .unwrap();
    let text = docx_text(&r.bytes().await.unwrap());
    assert!(
        text.contains(&format!(
            "Kinh phí khen thưởng theo các quyết định khen thưởng năm {year}: {} đồng, bằng {},{} % dự toán được giao ({} đồng).",
            group(cash),
            pct / 10,
            pct % 10,
            group(budget)
        )),
        "{text}"
    );
    // and the .xlsx, in its own sheet
    let money = money_sheet(&office, &app).await;
    assert_eq!(
        money,
        vec![
            (
                format!("Tiền thưởng theo các quyết định khen thưởng năm {year}"),
                cash.to_string()
            ),
            ("Dự toán được giao".into(), budget.to_string()),
            (
                "Tỷ lệ so với dự toán".into(),
                format!("{},{} %", pct / 10, pct % 10)
            ),
            ("Vượt dự toán".into(), (cash - budget).to_string()),
        ]
    );
    // a head's view: their unit's cash, no Department budget
    let head = signed_in(&app, "truongphong").await;
    let (s, html) = get(&head, &app.url("/campaigns/1/review")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("Dự toán được giao"), "{html}");
    let money = money_sheet(&head, &app).await;
    assert_eq!(money.len(), 1, "{money:?}");
    app.cleanup().await;
}

/// The review .xlsx's sheet of cash against the budget line: (label, amount) rows.
async fn money_sheet(client: &reqwest::Client, app: &TestApp) -> Vec<(String, String)> {
    let sheet = xlsx_sheet(client, &app.url("/campaigns/1/review.xlsx"), "Kinh phí").await;
    sheet
        .rows()
        .skip_while(|r| r[0] != "Nội dung")
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect()
}

/// Thousands grouped with dots, as the pages write amounts.
fn group(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}
