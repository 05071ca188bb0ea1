//! The demo's council meeting for the 2022 campaign, held on 20/12/2022: the lines of the proposal
//! the Office accepted from KS on its agenda, the four members present, each voting by show of
//! hands; one line falls short (two of four in favour is not more than half) and the others pass,
//! computed as the app computes them. The passed lines were posted the next day, an objection was
//! dismissed, and the notice is over. The lines accepted from the other unit stay off any agenda,
//! for a user to prepare a meeting with.

use crate::db;
use crate::db::audit::{Actor, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::council_meetings::{Ballot, Details};
use crate::db::keys::MeetingOf;
use crate::db::notices::{CommentBy, CommentOf};
use chrono::NaiveDate;
use sqlx::PgPool;
use std::collections::HashMap;

/// The meeting of 20/12/2022 on KS's accepted lines, or with `all` on every accepted line of the
/// campaign (the year as it happened).
pub async fn seed(
    pool: &PgPool,
    campaign: i64,
    users: &HashMap<&'static str, i64>,
    all: bool,
) -> anyhow::Result<()> {
    let held_on = NaiveDate::from_ymd_opt(2022, 12, 20).ok_or_else(|| anyhow::anyhow!("date"))?;
    let office = users.get("vanphong").copied().unwrap_or_default();
    let mut tx = pool.begin().await?;
    let c = db::campaigns::get(&mut tx, campaign)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no campaign {campaign}"))?;
    let lines = db::demo::accepted_lines_of(&mut *tx, campaign, (!all).then_some("KS")).await?;
    if lines.is_empty() {
        return Ok(());
    }
    // everyone in favour, but for the last person's line, on which two vote against
    let last = lines.iter().rev().find(|l| l.1).map(|l| l.0);
    let ids: Vec<i64> = lines.iter().map(|l| l.0).collect();
    // the ballot opens; each member's secret ballots go in by a transaction of their own, as the
    // app casts them, so that a reader of the demo's database can try to trace them
    let (id, secret) = convene(&mut tx, &c, (held_on, &ids, last), office).await?;
    tx.commit().await?;
    for (member, ballots) in &secret {
        let mut tx = pool.begin().await?;
        for (line, choice) in ballots {
            cast(
                &mut tx,
                Ballot {
                    meeting: id,
                    line: *line,
                    user: *member,
                },
                choice,
            )
            .await?;
        }
        tx.commit().await?;
    }
    let mut tx = pool.begin().await?;
    let (passed, counted) = conclude(&mut tx, id, office).await?;
    // the list posted the next day for each level's working days, with a staff member's objection
    // the Office dismissed; the period is long over
    let posted_on = NaiveDate::from_ymd_opt(2022, 12, 21).ok_or_else(|| anyhow::anyhow!("date"))?;
    let (notice, posted) = post(&mut tx, &c, id, posted_on, office).await?;
    if let (Some(&(line, _)), Some(&staff)) = (posted.first(), users.get("canbo")) {
        let body = "Đề nghị làm rõ kết quả thực hiện nhiệm vụ quý IV của trường hợp này.";
        let cid = db::notices::add_comment(
            &mut *tx,
            CommentBy {
                notice,
                line,
                user: staff,
            },
            "objection",
            body,
        )
        .await?;
        let answer = "Văn phòng đã xác minh với Phòng Khoáng sản: hoàn thành nhiệm vụ quý IV.";
        db::notices::resolve(
            &mut tx,
            CommentOf {
                notice,
                comment: cid,
            },
            ("dismissed", answer),
            office,
        )
        .await?;
    }
    db::audit::record(
        &mut *tx,
        &Actor::system("seed-demo"),
        Entry::new("seed_demo", "council_meeting", id.to_string()).summary(format!(
            "demo: the council's meeting of 20/12/2022, {passed} of {counted} lines passed",
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Holds a council meeting of campaign `c` on `held_on` over the accepted lines `ids`: every
/// member seated that day present, voting for each line they are not recused from (by show of
/// hands or by secret ballot, as the line's rule says), but every other member against on line
/// `against`; the ballot closed and each line's result computed. (meeting, lines passed, lines).
pub(super) async fn hold(
    tx: &mut db::Tx<'_>,
    c: &CampaignRow,
    (held_on, ids, against): (NaiveDate, &[i64], Option<i64>),
    office: i64,
) -> anyhow::Result<(i64, usize, usize)> {
    let (id, secret) = convene(tx, c, (held_on, ids, against), office).await?;
    for (member, ballots) in &secret {
        for (line, choice) in ballots {
            cast(
                tx,
                Ballot {
                    meeting: id,
                    line: *line,
                    user: *member,
                },
                choice,
            )
            .await?;
        }
    }
    let (passed, counted) = conclude(tx, id, office).await?;
    Ok((id, passed, counted))
}

/// The secret ballots a member is to cast: (member, [(line, choice)]).
type SecretBallots = Vec<(i64, Vec<(i64, &'static str)>)>;

/// Prepares and opens the meeting of `hold` with the show of hands voted: (the meeting, the
/// secret ballots each member is to cast).
async fn convene(
    tx: &mut db::Tx<'_>,
    c: &CampaignRow,
    (held_on, ids, against): (NaiveDate, &[i64], Option<i64>),
    office: i64,
) -> anyhow::Result<(i64, SecretBallots)> {
    let d = Details {
        held_on,
        held_at: "8 giờ 00",
        place: "Phòng họp số 1, Sở Tài nguyên và Môi trường",
        recuse_own_unit: true,
    };
    let id = db::council_meetings::create(&mut **tx, c.id, &d, office).await?;
    db::council_meetings::add_to_agenda(
        tx,
        MeetingOf {
            meeting: id,
            campaign: c.id,
        },
        ids,
    )
    .await?;
    let members = db::council_meetings::seated_on(&mut **tx, c.council(), held_on).await?;
    let (quorum, strict, _) = db::council::quorum(&mut **tx, c.rule_set_id)
        .await?
        .unwrap_or((5000, true, 0));
    db::council_meetings::open(tx, id, &members, (quorum, strict), office).await?;
    let recusals = db::council_meetings::recusals(&mut **tx, id).await?;
    let agenda = db::council_meetings::agenda(&mut **tx, id).await?;
    let mut secret = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let mut ballots = Vec::new();
        for a in &agenda {
            let line = a.line_id;
            if recusals
                .iter()
                .any(|r| r.line_id == line && r.user_id == m.user_id)
            {
                continue;
            }
            let choice = if Some(line) == against && i % 2 == 1 {
                "against"
            } else {
                "for"
            };
            if a.ballot == "secret" {
                ballots.push((line, choice));
            } else {
                let key = Ballot {
                    meeting: id,
                    line,
                    user: m.user_id,
                };
                db::council_meetings::vote_hands(tx, key, choice, (false, m.user_id)).await?;
            }
        }
        if !ballots.is_empty() {
            secret.push((m.user_id, ballots));
        }
    }
    Ok((id, secret))
}

/// A secret ballot as the app casts it: the member's receipt is not kept, only its hash; the
/// slot is picked by the system's random generator.
async fn cast(tx: &mut db::Tx<'_>, key: Ballot, choice: &str) -> anyhow::Result<()> {
    let random = |e| anyhow::anyhow!("random: {e}");
    let receipt = crate::domain::council::new_receipt().map_err(random)?;
    let hash = crate::domain::council::receipt_hash(&receipt, key.meeting, key.line);
    let ballot = (choice, crate::domain::council::slot_pick().map_err(random)?);
    db::council_meetings::cast_secret(tx, key, ballot, &hash, false).await?;
    Ok(())
}

/// The chair closes the ballot of meeting `id` (`office` when it has none): each line's result
/// computed. (lines passed, lines).
async fn conclude(tx: &mut db::Tx<'_>, id: i64, office: i64) -> anyhow::Result<(usize, usize)> {
    let chair = db::council_meetings::attendance(&mut **tx, id)
        .await?
        .iter()
        .find(|m| m.capacity == "chair")
        .map_or(office, |m| m.user_id);
    let results = db::council_meetings::counting(tx, id).await?.outcomes();
    db::council_meetings::close(tx, id, &results, chair).await?;
    let passed = results.iter().filter(|r| r.passed).count();
    Ok((passed, results.len()))
}

/// Posts the lines meeting `id` passed on `posted_on`, each for its level's working days. The
/// notice, and the lines with the day their period ends.
pub(super) async fn post(
    tx: &mut db::Tx<'_>,
    c: &CampaignRow,
    id: i64,
    posted_on: NaiveDate,
    office: i64,
) -> anyhow::Result<(i64, Vec<(i64, NaiveDate)>)> {
    let cal = db::calendar::calendar(&mut **tx).await?;
    let days = db::notices::days(&mut **tx, c.rule_set_id).await?;
    let agenda = db::council_meetings::agenda(&mut **tx, id).await?;
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
    let notice = db::notices::post(
        tx,
        MeetingOf {
            meeting: id,
            campaign: c.id,
        },
        (posted_on, note),
        &posted,
        office,
    )
    .await?
    .ok_or_else(|| anyhow::anyhow!("the demo's notice exists"))?;
    Ok((notice, posted))
}
