//! The demo's council meeting for the 2022 campaign, held on 20/12/2022: the lines of the proposal
//! the Office accepted from KS on its agenda, the four members present, each voting by show of
//! hands; one line falls short (two of four in favour is not more than half) and the others pass,
//! computed as the app computes them. The passed lines were posted the next day, an objection was
//! dismissed, and the notice is over. The lines accepted from the other unit stay off any agenda,
//! for a user to prepare a meeting with.

use crate::db;
use crate::db::audit::{Actor, Entry};
use crate::db::council_meetings::Details;
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;

pub async fn seed(
    pool: &PgPool,
    campaign: i64,
    users: &HashMap<&'static str, i64>,
) -> anyhow::Result<()> {
    let held_on = NaiveDate::from_ymd_opt(2022, 12, 20).ok_or_else(|| anyhow::anyhow!("date"))?;
    let office = users.get("vanphong").copied().unwrap_or_default();
    let mut tx = pool.begin().await?;
    let c = db::campaigns::get(&mut tx, campaign)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no campaign {campaign}"))?;
    let lines = db::demo::accepted_lines_of(&mut *tx, campaign, "KS").await?;
    if lines.is_empty() {
        return Ok(());
    }
    let d = Details {
        held_on,
        held_at: "8 giờ 00",
        place: "Phòng họp số 1, Sở Tài nguyên và Môi trường",
        recuse_own_unit: true,
    };
    let id = db::council_meetings::create(&mut *tx, campaign, &d, office).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
    db::council_meetings::add_to_agenda(&mut tx, (id, campaign), &ids).await?;
    let members =
        db::council_meetings::seated_on(&mut *tx, (c.issuer_unit_id, c.plan.year), held_on).await?;
    let (quorum, strict, _) = db::council::quorum(&mut *tx, c.rule_set_id)
        .await?
        .unwrap_or((5000, true, 0));
    db::council_meetings::open(&mut tx, id, &members, (quorum, strict), office).await?;
    let recusals = db::council_meetings::recusals(&mut *tx, id).await?;
    // everyone in favour, but for the last person's line, on which two vote against
    let last = lines.iter().rev().find(|l| l.1).map(|l| l.0);
    for (i, m) in members.iter().enumerate() {
        for &(line, _) in &lines {
            if recusals
                .iter()
                .any(|r| r.line_id == line && r.user_id == m.user_id)
            {
                continue;
            }
            let choice = if Some(line) == last && i % 2 == 1 {
                "against"
            } else {
                "for"
            };
            let key = (id, line, m.user_id);
            db::council_meetings::vote_hands(&mut tx, key, choice, (false, m.user_id)).await?;
        }
    }
    let results = db::council_meetings::counting(&mut tx, id)
        .await?
        .outcomes();
    db::council_meetings::close(&mut tx, id, &results, office).await?;
    // the list posted the next day for each level's working days, with a staff member's objection
    // the Office dismissed; the period is long over
    let posted_on = NaiveDate::from_ymd_opt(2022, 12, 21).ok_or_else(|| anyhow::anyhow!("date"))?;
    let cal = db::calendar::calendar(&mut *tx).await?;
    let days = db::notices::days(&mut *tx, c.rule_set_id).await?;
    let agenda = db::council_meetings::agenda(&mut *tx, id).await?;
    let posted: Vec<(i64, NaiveDate)> = agenda
        .iter()
        .filter(|a| a.result.as_deref() == Some("passed"))
        .map(|a| {
            let n = match a.level.as_str() {
                "state" => days.2,
                "province" => days.1,
                _ => days.0,
            };
            (a.line_id, cal.add_working_days(posted_on, n.max(1) as u32))
        })
        .collect();
    let note = "Ý kiến góp ý, phản ánh gửi Văn phòng Sở trong thời hạn công khai.";
    let notice = db::notices::post(&mut tx, (campaign, id), (posted_on, note), &posted, office)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo's notice exists"))?;
    if let (Some(&(line, _)), Some(&staff)) = (posted.first(), users.get("canbo")) {
        let body = "Đề nghị làm rõ kết quả thực hiện nhiệm vụ quý IV của trường hợp này.";
        let cid =
            db::notices::add_comment(&mut *tx, (notice, line, staff), "objection", body).await?;
        let answer = "Văn phòng đã xác minh với Phòng Khoáng sản: hoàn thành nhiệm vụ quý IV.";
        db::notices::resolve(&mut tx, (notice, cid), ("dismissed", answer), office).await?;
    }
    db::audit::record(
        &mut *tx,
        &Actor::system("seed-demo"),
        Entry::new("seed_demo", "council_meeting", id.to_string()).summary(format!(
            "demo: the council's meeting of 20/12/2022, {} of {} lines passed",
            results.iter().filter(|r| r.passed).count(),
            results.len()
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
