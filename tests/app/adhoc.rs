//! Ad-hoc commendations (khen thưởng thành tích đột xuất, the simplified procedure of Art. 85 of the
//! Law): one of the demo's, for an exceptional achievement, passed by the council beside the
//! year's lines, is decided in a group of its own with its achievement, and enters the registry as
//! an exceptional award, no basis for a later award for merit.

use crate::common::paper::Paper;
use crate::common::*;

#[tokio::test]
async fn an_exceptional_achievement_is_decided_apart_and_registered_as_such() {
    let app = spawn_app().await;
    // DDBD's ad-hoc Giấy khen, accepted by the Office, passed by the council and posted with the
    // notice's other lines
    let line = app
        .scalar_i64(
            "SELECT l.id FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
              JOIN units u ON u.id = p.unit_id WHERE u.code = 'DDBD' AND l.achievement IS NOT NULL",
        )
        .await;
    for sql in [
        format!("UPDATE proposal_lines SET status = 'accepted' WHERE id = {line}"),
        format!(
            "INSERT INTO council_agenda (meeting_id, line_id, position, ballot, share, base, strict,
                                         votes_for, votes_against, votes_abstain, counted_over, needed, result)
             SELECT n.meeting_id, {line}, 99, 'hands', 5000, 'present', true, 4, 0, 0, 4, 3, 'passed'
               FROM notices n ORDER BY n.id LIMIT 1"
        ),
        format!(
            "INSERT INTO notice_lines (notice_id, line_id, ends_on)
             SELECT notice_id, {line}, max(ends_on) FROM notice_lines
              WHERE notice_id = (SELECT min(id) FROM notices) GROUP BY notice_id"
        ),
    ] {
        sqlx::query(&sql).execute(&app.db).await.unwrap();
    }
    let person: i64 = app
        .scalar_i64(&format!(
            "SELECT person_id FROM proposal_lines WHERE id = {line}"
        ))
        .await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let office = signed_in(&app, "vanphong").await;
    let docx = download(&office, &app.url("/decisions/1.docx")).await;
    let p = Paper::docx("decision-adhoc", &docx);
    p.check();
    let flat = p
        .lines()
        .into_iter()
        .map(|l| l.1)
        .collect::<Vec<_>>()
        .join(" ");
    for want in [
        "đã có thành tích trong phong trào thi đua năm 2022 và thành tích xuất sắc đột xuất",
        "Giấy khen của Giám đốc Sở về thành tích xuất sắc đột xuất: 01 cá nhân",
    ] {
        assert!(flat.contains(want), "{want:?}:\n{}", p.text());
    }
    assert!(
        p.last_page_of("Thành tích xuất sắc đột xuất").is_some()
            && p.last_page_of("Trực tiếp tham gia đo").is_some(),
        "the achievement in its column:\n{}",
        p.text()
    );
    // the registry: an exceptional award, which later annual awards do not count
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM award_history WHERE person_id = {person}
               AND title_code = 'GIAYKHEN' AND kind = 'unexpected' AND decision_id = 1"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM award_history WHERE decision_id = 1 AND kind = 'annual'"
        )
        .await,
        4,
        "the year's lines stay annual"
    );
    app.cleanup().await;
}
