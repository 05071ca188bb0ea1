//! The demo as `serve --demo` loads it reads as a Department's record: the 2022 year closed, every
//! row and every paper dated in its year's chronology (registrations in January and February,
//! reviews and proposals in December, the council on 20/12, the decision on 29/12/2022, the
//! submission in January 2023, the reviews in their periods); beside it the current campaign under
//! ND 152/2025, its plan marked as sample data, open for registration, where a member of staff
//! registers today.

use crate::common::paper::Paper;
use crate::common::*;
use chrono::{Datelike, NaiveDate};
use reqwest::StatusCode;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The date a rendered paper bears, which lies in `from..=to`.
fn dated_within(p: &Paper, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let on = p
        .place_date()
        .unwrap_or_else(|| panic!("{}: no place and date:\n{}", p.name, p.text()));
    assert!(
        from <= on && on <= to,
        "{}: dated {on}, outside {from}..{to}",
        p.name
    );
    on
}

#[tokio::test]
async fn the_served_demo_keeps_2022_in_its_year_and_opens_the_current_one() {
    let app = spawn_served_demo().await;
    let office = signed_in(&app, "vanphong").await;

    // the rows of 2022 in their cycle; nothing of it dated later
    for (sql, want) in [
        (
            "SELECT count(*) FROM registrations WHERE campaign_id = 1
              AND (submitted_at < '2022-01-05' OR submitted_at >= '2022-03-01')",
            0,
        ),
        (
            "SELECT count(*) FROM registrations WHERE campaign_id = 1 AND status IN ('submitted', 'returned')",
            0,
        ),
        (
            "SELECT count(*) FROM unit_reviews WHERE campaign_id = 1 AND held_on <> '2022-12-05'",
            0,
        ),
        (
            "SELECT count(*) FROM proposals WHERE campaign_id = 1
              AND (submitted_at IS NULL OR submitted_at NOT BETWEEN '2022-12-05' AND '2022-12-10')",
            0,
        ),
        (
            "SELECT count(*) FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
              WHERE p.campaign_id = 1 AND l.status <> 'accepted'",
            0,
        ),
        (
            // the 2022 campaign's papers (the year closing has its own, of today)
            "SELECT count(*) FROM documents d
               LEFT JOIN unit_reviews r ON r.id = d.review_id
               LEFT JOIN proposal_lines l ON l.id = d.line_id LEFT JOIN proposals p ON p.id = l.proposal_id
              WHERE d.uploaded_at >= '2023-02-01' AND coalesce(r.campaign_id, p.campaign_id, 1) = 1",
            0,
        ),
        (
            "SELECT count(*) FROM campaign_versions WHERE campaign_id = 1 AND at >= '2022-01-06'",
            0,
        ),
        (
            "SELECT count(*) FROM proposal_events e JOIN proposals p ON p.id = e.proposal_id
              WHERE p.campaign_id = 1 AND e.at NOT BETWEEN '2022-12-05' AND '2022-12-13'",
            0,
        ),
        (
            "SELECT count(*) FROM council_votes v JOIN council_meetings m ON m.id = v.meeting_id
              WHERE m.campaign_id = 1 AND v.at::date <> m.held_on",
            0,
        ),
        (
            "SELECT count(*) FROM notices WHERE campaign_id = 1 AND posted_at >= '2023-01-01'",
            0,
        ),
        (
            "SELECT count(*) FROM decisions WHERE campaign_id = 1 AND issued_at::date <> '2022-12-29'",
            0,
        ),
        (
            "SELECT count(*) FROM campaigns WHERE id = 1 AND stage = 'closed'",
            1,
        ),
    ] {
        assert_eq!(app.scalar_i64(sql).await, want, "{sql}");
    }
    // every unit reviewed, every accepted line before the council, the year's one decision
    let decided = app
        .scalar_i64("SELECT count(*) FROM decision_lines WHERE decision_id = 1")
        .await;
    assert!(decided > 100, "the year's decision holds {decided} lines");

    // the papers, each dated in its step of the cycle
    let unit = app
        .scalar_i64(
            "SELECT unit_id FROM unit_reviews WHERE campaign_id = 1 ORDER BY unit_id LIMIT 1",
        )
        .await;
    let (prop, line) = {
        let r: (i64, i64) = sqlx::query_as(
            "SELECT l.proposal_id, l.id FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
              WHERE p.campaign_id = 1 AND l.report IS NOT NULL ORDER BY l.id LIMIT 1",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        r
    };
    let meeting = app
        .scalar_i64("SELECT min(id) FROM council_meetings WHERE campaign_id = 1")
        .await;
    for (name, path, from, to) in [
        (
            "unit-minutes",
            format!("/campaigns/1/reviews/{unit}/minutes.docx"),
            d(2022, 12, 5),
            d(2022, 12, 5),
        ),
        (
            "achievement-report",
            format!("/proposals/{prop}/lines/{line}/report.docx"),
            d(2022, 12, 5),
            d(2022, 12, 9),
        ),
        (
            "council-minutes",
            format!("/council/meetings/{meeting}/minutes.docx"),
            d(2022, 12, 20),
            d(2022, 12, 20),
        ),
        (
            "decision",
            "/decisions/1.docx".to_string(),
            d(2022, 12, 29),
            d(2022, 12, 29),
        ),
        (
            "submission",
            "/submissions/1.docx".to_string(),
            d(2023, 1, 9),
            d(2023, 1, 9),
        ),
        (
            "midyear-review",
            "/campaigns/1/midyear.docx".to_string(),
            d(2022, 7, 1),
            d(2022, 7, 31),
        ),
        (
            "year-end-review",
            "/campaigns/1/review.docx".to_string(),
            d(2022, 12, 1),
            d(2023, 1, 31),
        ),
    ] {
        let bytes = download(&office, &app.url(&path)).await;
        let p = Paper::docx(name, &bytes);
        dated_within(&p, from, to);
    }

    // the current campaign: the regime in force, sample text, registration open today
    let today = thidua::domain::dates::today_vn();
    let year = thidua::demo::plan_current::year_on(today);
    let (id, regime, intro): (i64, String, String) = sqlx::query_as(
        "SELECT c.id, r.code, c.introduction FROM campaigns c JOIN rule_sets r ON r.id = c.rule_set_id
          WHERE c.year = $1 AND c.stage = 'published'",
    )
    .bind(year)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(regime, "ND152_2025");
    assert!(
        intro.starts_with("(Kế hoạch mẫu của dữ liệu demo"),
        "{intro}"
    );
    assert!(year == today.year() || year == today.year() + 1);
    let staff = signed_in(&app, "canbo").await;
    let (s, html) = get(&staff, &app.url("/")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains(&format!("Phát động phong trào thi đua năm {year}")),
        "{html}"
    );
    let ldtt = app
        .scalar_i64(&format!(
            "SELECT t.id FROM titles t JOIN campaigns c ON c.rule_set_id = t.rule_set_id
              WHERE c.id = {id} AND t.code = 'LDTT'"
        ))
        .await
        .to_string();
    let path = format!("/campaigns/{id}/register");
    let fields = [
        ("title_id", ldtt.as_str()),
        ("target", "100% hồ sơ giải quyết đúng hạn"),
        ("measure", "Tỷ lệ hồ sơ đúng hạn"),
        ("version", "0"),
        ("action", "submit"),
    ];
    let r = post_form(&app, &staff, &path, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM registrations r JOIN users u ON u.person_id = r.person_id
              WHERE u.username = 'canbo' AND r.campaign_id = {id} AND r.status = 'submitted'"
        ))
        .await,
        1
    );
    // the years between are rated, so the rules can answer for the current year
    assert!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM ratings WHERE year = {}",
            year - 1
        ))
        .await
            > 200
    );
    app.cleanup().await;
}
