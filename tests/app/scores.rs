//! Year-end scores over HTTP: a self-assessment with a score over the maximum refused on the form,
//! the head's sheet on the member, the others' scores hidden until one's own sheet is submitted
//! (and from the person scored until the Office closes scoring), the council on a unit, the
//! Office's calibration, and nothing changing after the close.

use crate::common::*;
use reqwest::StatusCode;

async fn sheet_version(app: &TestApp, kind: &str, person: i64) -> String {
    app.scalar_i64(&format!(
        "SELECT coalesce(max(version), 0)::int8 FROM score_sheets WHERE person_id = {person} AND scorer_kind = '{kind}'"
    ))
    .await
    .to_string()
}

#[tokio::test]
async fn self_head_and_council_score_and_the_office_calibrates_and_closes() {
    let app = spawn_app().await;
    // the plan's scoring sheet (the demo's 2022 plan gives none): every criterion out of 10
    sqlx::query(
        "UPDATE campaign_items SET max_score = 10 WHERE campaign_id = 1 AND section LIKE 'criteria_%'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let staff = signed_in(&app, "canbo").await;
    let head = signed_in(&app, "truongphong").await;
    let office = signed_in(&app, "vanphong").await;
    let council = signed_in(&app, "hoidong").await;
    let me = person_id(&app, "Nguyễn Văn An").await;
    let criteria = app
        .scalar_i64("SELECT count(*) FROM campaign_items WHERE campaign_id = 1 AND section = 'criteria_individual'")
        .await as usize;
    assert!(criteria >= 2, "the demo plan's individual criteria");
    let fill = |score: &str, evidence: &str, action: &str, version: String| {
        let mut f: Vec<(String, String)> = (0..criteria)
            .flat_map(|i| {
                [
                    (format!("s_{i}"), score.to_string()),
                    (format!("e_{i}"), evidence.to_string()),
                ]
            })
            .collect();
        f.push(("action".into(), action.into()));
        f.push(("version".into(), version));
        f
    };
    let post = |c: &reqwest::Client, path: &str, f: Vec<(String, String)>| {
        let (app, c, path) = (&app, c.clone(), path.to_string());
        async move {
            let pairs: Vec<(&str, &str)> =
                f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post_form(app, &c, &path, &pairs).await
        }
    };
    let own = "/campaigns/1/self-assessment";
    let (s, html) = get(&staff, &app.url(own)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Chấm điểm theo tiêu chí của kế hoạch"));

    // over the maximum: the same form, as typed, nothing stored
    let r = post(
        &staff,
        own,
        fill("11", "Hồ sơ minh chứng", "submit", "0".into()),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("vượt quá điểm tối đa") && html.contains("Hồ sơ minh chứng"));
    assert_eq!(app.scalar_i64("SELECT count(*) FROM score_sheets").await, 0);
    let r = post(
        &staff,
        own,
        fill("9", "Tự đánh giá: xuất sắc", "submit", "0".into()),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // submitted: it no longer changes
    let v = sheet_version(&app, "self", me).await;
    let r = post(&staff, own, fill("10", "", "submit", v)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // the head scores the member: the self-assessment's scores hidden until the head submits
    let member = format!("/campaigns/1/scores/people/{me}");
    let (s, html) = get(&head, &app.url(&member)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("Tự đánh giá: xuất sắc") && html.contains("sau khi đồng chí nộp"));
    let r = post(
        &head,
        &member,
        fill("7", "Nhận xét của trưởng phòng", "submit", "0".into()),
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&head, &app.url(&member)).await;
    assert!(
        html.contains("Tự đánh giá: xuất sắc"),
        "the head sees the self-assessment now"
    );
    // the person scored does not see the head's scores before the close
    let (_, html) = get(&staff, &app.url(own)).await;
    assert!(!html.contains("Nhận xét của trưởng phòng") && html.contains("khóa chấm điểm"));
    // others may not score or read the member
    assert_eq!(
        get(
            &staff,
            &app.url(&format!(
                "/campaigns/1/scores/people/{}",
                person_id(&app, "Nguyễn Văn Hùng").await
            ))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(
            &head,
            &app.url(&format!(
                "/campaigns/1/scores/people/{}",
                person_id(&app, "Phạm Văn Đạt").await
            ))
        )
        .await
        .0,
        StatusCode::FORBIDDEN,
        "not one's own"
    );

    // the council scores the unit
    let qldd = unit_id(&app, "QLDD").await;
    let units = app
        .scalar_i64("SELECT count(*) FROM campaign_items WHERE campaign_id = 1 AND section = 'criteria_collective'")
        .await as usize;
    let mut f: Vec<(String, String)> = (0..units)
        .map(|i| (format!("s_{i}"), "8".to_string()))
        .collect();
    f.push(("action".into(), "submit".into()));
    f.push(("version".into(), "0".into()));
    let r = post(&council, &format!("/campaigns/1/scores/units/{qldd}"), f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!("SELECT count(*) FROM score_sheets WHERE unit_id = {qldd} AND scorer_kind = 'council' AND submitted_at IS NOT NULL")).await,
        1
    );

    // the Office's calibration: the head 20 points below the self-assessment
    let (s, html) = get(&office, &app.url("/campaigns/1/scores")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Đối chiếu giữa những người chấm") && html.contains("Phạm Văn Đạt"),
        "{html}"
    );
    assert!(
        html.contains("-20"),
        "the head's difference from the self-assessment"
    );
    assert_eq!(
        get(&staff, &app.url("/campaigns/1/scores")).await.0,
        StatusCode::FORBIDDEN
    );

    // closed: the person sees the head's scores; nothing changes any more
    let r = post_form(&app, &head, "/campaigns/1/scores/close", &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, "/campaigns/1/scores/close", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = get(&staff, &app.url(own)).await;
    assert!(html.contains("Nhận xét của trưởng phòng"));
    let r = post(
        &council,
        &format!("/campaigns/1/scores/units/{qldd}"),
        fill("5", "", "save", "0".into()),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'score_sheet'")
            .await
            >= 3
    );
    app.cleanup().await;
}
