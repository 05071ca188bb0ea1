//! The year at a glance on the demo past the council, read by a staff member: the figures are the
//! Office's statistics and direct counts of the rows (lines sent, passed by the council, the
//! year's cash), the units one level down are links, and drilling into a unit shows its branches
//! and the way back; an unknown unit is not found.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

/// The number in the tile named `name` (digits only, the dots of thousands dropped).
fn tile(html: &str, name: &str) -> i64 {
    let at = html
        .find(&format!("<dt>{name}</dt><dd>"))
        .unwrap_or_else(|| panic!("a tile {name}"));
    let rest = &html[at + name.len() + 13..];
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("{name}: {}", &rest[..40]))
}

#[tokio::test]
async fn the_year_at_a_glance_agrees_with_the_statistics_and_drills_down() {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let office = signed_in(&app, "vanphong").await;
    let s: Value = office
        .get(app.url("/api/v1/campaigns/1/statistics"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let staff = signed_in(&app, "canbo").await;
    let (status, html) = get(&staff, &app.url("/campaigns/1/dashboard")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tile(&html, "Số người"), s["people"].as_i64().unwrap());
    assert_eq!(tile(&html, "Đã đăng ký"), s["registered"].as_i64().unwrap());
    assert_eq!(
        tile(&html, "Trường hợp đơn vị đề nghị"),
        app.scalar_i64(
            "SELECT count(*) FROM proposal_lines WHERE campaign_id = 1 AND status <> 'draft'"
        )
        .await
    );
    let passed = app
        .scalar_i64("SELECT count(*) FROM council_agenda WHERE result = 'passed'")
        .await;
    assert!(passed > 0);
    assert_eq!(tile(&html, "Hội đồng thông qua"), passed);
    let cash = app
        .scalar_i64("SELECT coalesce(sum(cash), 0)::int8 FROM award_history WHERE year = 2022")
        .await;
    assert!(cash > 0);
    assert_eq!(tile(&html, "Tiền thưởng trong năm"), cash);
    // the units one level down, each a link to its own view
    let vpdkdd = unit_id(&app, "VPDKDD").await;
    assert!(html.contains(&format!("/campaigns/1/dashboard?unit={vpdkdd}")));
    // drilling down: the branches, and the way back to the top
    let (status, html) = get(
        &staff,
        &app.url(&format!("/campaigns/1/dashboard?unit={vpdkdd}")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Chi nhánh Văn phòng Đăng ký đất đai huyện Kế Sách"));
    assert!(html.contains("<span aria-current=\"page\">Văn phòng Đăng ký đất đai</span>"));
    let root = unit_id(&app, "STNMT").await;
    assert!(
        html.contains(&format!("/campaigns/1/dashboard?unit={root}")),
        "the way back"
    );
    let people = app
        .scalar_i64(
            "SELECT count(*) FROM people p JOIN units u ON u.id = p.unit_id
              WHERE p.active AND u.path LIKE (SELECT path FROM units WHERE code = 'VPDKDD') || '%'",
        )
        .await;
    assert_eq!(tile(&html, "Số người"), people);
    let (status, _) = get(&staff, &app.url("/campaigns/1/dashboard?unit=999999")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}
