//! Award history kept by hand on a person's record, with its kind: only annual awards are the basis
//! of later annual awards (ND 98/2023 Art. 4), and the answer follows an award added or removed.

use crate::common::*;
use reqwest::StatusCode;

/// The outcome of `title` on a person's eligibility page, as the page words it.
fn outcome_of(html: &str, title: &str) -> String {
    html.split(&format!("{title}</a>: "))
        .nth(1)
        .and_then(|r| r.split("</span>").next())
        .and_then(|r| r.rsplit('>').next())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_office_records_an_annual_award_and_the_prime_ministers_certificate_follows() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    // the demo's person with a thematic provincial Bằng khen of 2015 and five excellent years since
    let who = app
        .scalar_i64("SELECT person_id FROM award_history WHERE decision_no = '1450/QĐ-UBND'")
        .await;
    let campaign = app.scalar_i64("SELECT min(id) FROM campaigns").await;
    let page = app.url(&format!("/campaigns/{campaign}/eligibility/people/{who}"));
    let (_, html) = get(&office, &page).await;
    assert_eq!(
        outcome_of(&html, "Bằng khen của Thủ tướng Chính phủ"),
        "Chưa đủ điều kiện",
        "{html}"
    );
    let record = format!("/people/{who}/record");
    let (status, html) = get(&office, &app.url(&record)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("khen thưởng theo chuyên đề"),
        "the kind is shown"
    );
    // a year in the future: the same form, what was typed kept
    let add = format!("{record}/awards");
    let form = |year: &'static str| {
        [
            ("award_year", year),
            ("award_title", "BK_TINH"),
            ("award_kind", "annual"),
            ("award_decision_no", "2999/QĐ-UBND"),
            ("award_decided_on", "20/12/2016"),
            ("award_issuer", "Chủ tịch UBND tỉnh"),
        ]
    };
    let r = post_form(&app, &office, &add, &form("2999")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("2999/QĐ-UBND") && html.contains("Năm là số từ 1945"));
    let r = post_form(&app, &office, &add, &form("2016")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = app
        .scalar_i64("SELECT id FROM award_history WHERE decision_no = '2999/QĐ-UBND'")
        .await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'award' AND entity_id = '{id}'"
        ))
        .await,
        1
    );
    // the same award again is refused, nothing written
    let r = post_form(&app, &office, &add, &form("2016")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("đã có danh hiệu, hình thức khen thưởng này")
    );
    app.settle().await;
    let (_, html) = get(&office, &page).await;
    assert_eq!(
        outcome_of(&html, "Bằng khen của Thủ tướng Chính phủ"),
        "Đủ điều kiện",
        "{html}"
    );
    // removed again: the answer goes back, and the removal is audited
    let r = post_form(&app, &office, &format!("{record}/awards/{id}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    app.settle().await;
    let (_, html) = get(&office, &page).await;
    assert_eq!(
        outcome_of(&html, "Bằng khen của Thủ tướng Chính phủ"),
        "Chưa đủ điều kiện"
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'award' AND entity_id = '{id}'"
        ))
        .await,
        2
    );
    // staff may not record awards, not even their own
    let staff = signed_in(&app, "canbo").await;
    let r = post_form(&app, &staff, &add, &form("2016")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    app.cleanup().await;
}
