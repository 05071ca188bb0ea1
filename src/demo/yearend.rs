//! The demo's year end: most units have held their review meeting (with votes and an absentee)
//! and built their proposal from it, and the proposals stand in every state, so that every page
//! can be tried: a draft, one submitted, one returned for a missing document, one accepted; some
//! propose a higher title for a member who may earn it and an ad-hoc commendation (khen thưởng đột
//! xuất) for an exceptional achievement. The land management division (the demo
//! unit head's) is left to hold its own review.

use crate::db::eligibility::Scope;
use crate::db::{self, audit::Actor, audit::Entry};
use crate::domain::dates::today_vn;
use crate::domain::eligibility::{
    RuleSet, ScopeResult, Setting, Tri, evaluate_person, evaluate_scope, explain_unit,
};
use crate::domain::exemplar::ExemplarStatus;
use crate::domain::proposal::{LineStatus, ProposalStatus, SnapLine, proposal_status};
use crate::domain::report::prefill;
use crate::i18n::Lang;
use chrono::Days;
use sqlx::PgPool;

/// The exceptional achievement of the demo's ad-hoc commendations.
const EXCEPTIONAL: &str = "Trực tiếp tham gia đo đạc, chỉnh lý bản đồ địa chính khẩn cấp tại các \
    xã ven biển bị sạt lở trong đợt triều cường tháng 10/2022, hoàn thành trước thời hạn 15 ngày, \
    được Ủy ban nhân dân tỉnh ghi nhận.";

/// The unit left for the demo's unit head to review.
const LEFT_FOR_THE_HEAD: &str = "QLDD";

/// The units' reviews and proposals of campaign `campaign` (`office` and `head` acting); when
/// `complete` (the 2022 year as it happened), every unit held its review on 05/12/2022 with its
/// signed minutes and the Office accepted every proposal.
pub async fn seed(
    pool: &PgPool,
    campaign: i64,
    (office, head): (i64, i64),
    complete: bool,
) -> anyhow::Result<()> {
    let held_on = match complete {
        true => chrono::NaiveDate::from_ymd_opt(2022, 12, 5).unwrap_or_default(),
        false => today_vn()
            .checked_sub_days(Days::new(3))
            .unwrap_or(today_vn()),
    };
    seed_on(pool, campaign, (office, head), (complete, held_on)).await
}

/// [`seed`], the units' reviews held on `held_on`.
pub async fn seed_on(
    pool: &PgPool,
    campaign: i64,
    (office, head): (i64, i64),
    (complete, held_on): (bool, chrono::NaiveDate),
) -> anyhow::Result<()> {
    let c = db::campaigns::get(&mut *pool.acquire().await?, campaign)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no campaign {campaign}"))?;
    let rules = db::eligibility::rule_set(pool, c.rule_set_id).await?;
    let scope = db::eligibility::load_scope(pool, c.id, &c.issuer_unit_path, c.plan.year).await?;
    let setting = Setting::new(c.plan.year, today_vn());
    let result = evaluate_scope(&rules, setting, &scope.facts, &scope.unit_facts);
    let titles = db::rule_sets::titles(pool, c.rule_set_id).await?;
    let id_of = |code: &str| titles.iter().find(|t| t.code == code).map(|t| t.id);
    let mut tx = pool.begin().await?;
    let mut state = 0usize;
    // the units directly under the issuer hold the reviews (their branches' people with them)
    let top = scope.units.iter().map(|u| u.depth).min().unwrap_or(0);
    for (u, unit) in scope.units.iter().enumerate() {
        let members: Vec<usize> = (0..scope.people.len())
            .filter(|&i| scope.people[i].unit_path.starts_with(&unit.path))
            .collect();
        if members.len() < 2 || (unit.code == LEFT_FOR_THE_HEAD && !complete) || unit.depth != top {
            continue;
        }
        let (proposed, rows, meeting) =
            review_record((&scope, &result), u, &members, &titles, held_on);
        let collective = meeting.collective_title_id;
        let Some(rid) = db::reviews::save(&mut *tx, c.id, unit.id, 0, &meeting, head).await? else {
            continue;
        };
        let all: Vec<i64> = rows.iter().map(|r| r.person_id).collect();
        db::reviews::set_members(&mut tx, rid, &rows, &all).await?;
        // the units that sent their proposal attached the signed minutes (a placeholder scan)
        if complete || state % 4 != 0 {
            signed_minutes(&mut tx, rid, &unit.code, head).await?;
        }
        let Some(pid) = db::proposals::create(&mut *tx, c.id, unit.id, Some(rid), head).await?
        else {
            continue;
        };
        let answer =
            |i: Option<usize>, code: &str| answer(&rules, setting, (&scope, &result), (u, i), code);
        let wanted = wanted_lines(
            &answer,
            &proposed,
            (collective.is_some(), &members),
            state % 4 == 1,
        );
        let lines: Vec<db::proposals::NewLine> = wanted
            .iter()
            .filter_map(|(i, t, a, (tri, failed))| {
                Some(db::proposals::NewLine {
                    person_id: i.map(|i| scope.people[i].id),
                    title_id: id_of(t)?,
                    eligibility: tri.outcome(),
                    failed,
                    achievement: *a,
                })
            })
            .collect();
        db::proposals::add_lines(&mut *tx, pid, &lines).await?;
        let stored = db::proposals::lines(&mut *tx, pid).await?;
        for l in &stored {
            if l.title_code == "CSTDCS" || l.title_code == "CSTD_TINH" {
                let years = (c.plan.year - 2, c.plan.year);
                let sources = db::reports::sources(pool, c.id, l.person_id, unit.id, years).await?;
                let mut r = prefill(&sources);
                r.duties =
                    "Tham mưu, thực hiện nhiệm vụ chuyên môn được Trưởng phòng phân công.".into();
                let v = serde_json::to_value(&r)?;
                db::proposals::set_report(&mut *tx, l.id, l.version, &v).await?;
            }
        }
        let k = if complete { 3 } else { state };
        move_to_state(&mut tx, pid, k, office, head).await?;
        state += 1;
        db::audit::record(
            &mut *tx,
            &Actor::system("seed-demo"),
            Entry::new("seed_demo", "proposal", pid.to_string())
                .summary(format!("{} — review and proposal", unit.name))
                .after(Some(serde_json::json!({"unit_id": unit.id}))),
        )
        .await?;
    }
    exemplars(&mut tx, &scope, c.id, (office, head)).await?;
    tx.commit().await?;
    Ok(())
}

/// The rules' answer for a member (none: the unit) and a title.
type Answer<'f> = dyn Fn(Option<usize>, &str) -> (Tri, String) + 'f;

/// A line the demo proposes: the member (none: the unit), the title, the exceptional achievement
/// of an ad-hoc line, and the rules' answer.
type Wanted<'a> = (Option<usize>, &'a str, Option<&'static str>, (Tri, String));

/// What a unit proposes: what its review gave each member, its collective title; and when
/// `extra`, a higher title for a member who may earn it and a Giấy khen for an exceptional
/// achievement (khen thưởng đột xuất) of its first member, which is not held to the year's
/// conditions.
fn wanted_lines<'a>(
    answer: &Answer<'_>,
    proposed: &[(usize, &'a str)],
    (collective, members): (bool, &[usize]),
    extra: bool,
) -> Vec<Wanted<'a>> {
    let mut wanted: Vec<Wanted<'a>> = proposed
        .iter()
        .map(|(i, t)| (Some(*i), *t, None, answer(Some(*i), t)))
        .collect();
    if collective {
        wanted.push((None, "TTLDTT", None, answer(None, "TTLDTT")));
    }
    if extra {
        let higher = members
            .iter()
            .map(|&i| (i, answer(Some(i), "CSTD_TINH")))
            .find(|(_, a)| a.0 != Tri::Fail);
        if let Some((i, a)) = higher {
            wanted.push((Some(i), "CSTD_TINH", None, a));
        }
        if let Some(&first) = members.first() {
            let unknown = (Tri::Unknown, String::new());
            wanted.push((Some(first), "GIAYKHEN", Some(EXCEPTIONAL), unknown));
        }
    }
    wanted
}

/// Unit `u`'s review as the demo holds it: who is proposed for what (the highest of CSTĐCS and
/// LĐTT each may be given), the members' votes (the last member absent), and the meeting.
fn review_record<'a>(
    (scope, result): (&Scope, &ScopeResult),
    u: usize,
    members: &[usize],
    titles: &[crate::db::rule_sets::TitleLine],
    held_on: chrono::NaiveDate,
) -> (
    Vec<(usize, &'a str)>,
    Vec<db::reviews::Member>,
    db::reviews::Meeting<'a>,
) {
    let id_of = |code: &str| titles.iter().find(|t| t.code == code).map(|t| t.id);
    // what each member is proposed for: the highest of CSTĐCS and LĐTT they may be given
    let outcome = |i: usize, code: &str| {
        result
            .individual_titles
            .iter()
            .position(|t| t == code)
            .map(|t| result.people[i][t])
            .unwrap_or(Tri::Unknown)
    };
    let proposed: Vec<(usize, &str)> = members
        .iter()
        .filter_map(|&i| {
            if outcome(i, "CSTDCS") == Tri::Pass {
                Some((i, "CSTDCS"))
            } else if outcome(i, "LDTT") != Tri::Fail {
                Some((i, "LDTT"))
            } else {
                None
            }
        })
        .collect();
    let present = members.len() as i32 - 1;
    let absent = members[members.len() - 1];
    let rows: Vec<db::reviews::Member> = members
        .iter()
        .map(|&i| {
            let title = proposed.iter().find(|p| p.0 == i).and_then(|p| id_of(p.1));
            let against = (i % 3 == 0) as i32;
            db::reviews::Member {
                person_id: scope.people[i].id,
                present: i != absent,
                absence_reason: if i == absent {
                    "Đi công tác".into()
                } else {
                    String::new()
                },
                title_id: title,
                votes_for: title.map(|_| present - against),
                votes_against: title.map(|_| against),
                votes_abstain: title.map(|_| 0),
            }
        })
        .collect();
    let collective = result
        .collective_titles
        .iter()
        .position(|t| t == "TTLDTT")
        .filter(|&t| result.units[u][t] != Tri::Fail)
        .and_then(|_| id_of("TTLDTT"));
    let chair = scope.people[members[0]].id;
    let secretary = scope.people[members[1]].id;
    let meeting = db::reviews::Meeting {
        held_on: Some(held_on),
        held_at: "14 giờ 00",
        ended_at: "16 giờ 30",
        place: "Phòng họp của đơn vị",
        chair_id: Some(chair),
        secretary_id: Some(secretary),
        voting: "hands",
        collective_title_id: collective,
        collective: if collective.is_some() {
            [Some(present), Some(0), Some(0)]
        } else {
            [None; 3]
        },
        discussion: "Các thành viên thống nhất với kết quả tự đánh giá và đề xuất của đơn vị.",
    };
    (proposed, rows, meeting)
}

/// A person's (`i`) or unit `u`'s answer for title `code`, and the conditions it failed in words.
fn answer(
    rules: &RuleSet,
    setting: Setting,
    (scope, result): (&Scope, &ScopeResult),
    (u, i): (usize, Option<usize>),
    code: &str,
) -> (Tri, String) {
    let rs = match i {
        Some(i) => evaluate_person(
            rules,
            setting,
            &scope.facts[i],
            Some(&result.counts),
            Some(Lang::Vi),
        ),
        None => explain_unit(
            rules,
            setting,
            &scope.unit_facts[u],
            &scope.facts,
            result,
            Lang::Vi,
        ),
    };
    rs.into_iter()
        .find(|r| r.code == code)
        .map(|r| {
            let failed = r
                .conditions
                .iter()
                .filter(|c| c.passed == Some(false))
                .map(|c| c.rule.clone())
                .collect::<Vec<_>>()
                .join("; ");
            (r.outcome, failed)
        })
        .unwrap_or((Tri::Unknown, String::new()))
}

/// Four nominations: one chosen (praised and sent to the province), one shortlisted, one waiting
/// for the Office, one declined.
async fn exemplars(
    tx: &mut db::Tx<'_>,
    scope: &db::eligibility::Scope,
    campaign: i64,
    (office, head): (i64, i64),
) -> anyhow::Result<()> {
    let stories = [
        (
            "Chủ trì số hóa toàn bộ hồ sơ địa chính của huyện trong 6 tháng, rút ngắn thời gian cấp giấy chứng nhận từ 30 xuống 15 ngày.",
            "Hoàn thành 100% hồ sơ đúng hạn; 02 sáng kiến được công nhận.",
        ),
        (
            "Xung kích trong đợt quan trắc môi trường nước mùa khô, kịp thời cảnh báo xâm nhập mặn cho 5 huyện ven biển.",
            "Được UBND tỉnh ghi nhận.",
        ),
        (
            "Tận tụy hướng dẫn người dân thủ tục đất đai tại bộ phận một cửa, không để hồ sơ trễ hẹn.",
            "",
        ),
        ("Tham gia tích cực phong trào thi đua của Sở.", ""),
    ];
    let top = scope.units.iter().map(|u| u.depth).min().unwrap_or(0);
    let picks: Vec<(i64, i64)> = scope
        .units
        .iter()
        .filter(|u| u.depth == top && u.code != LEFT_FOR_THE_HEAD)
        .filter_map(|u| {
            scope
                .people
                .iter()
                .find(|p| p.unit_path.starts_with(&u.path))
                .map(|p| (u.id, p.id))
        })
        .take(4)
        .collect();
    for (k, ((unit, person), (story, ach))) in picks.iter().zip(stories).enumerate() {
        let Some(id) = db::exemplars::insert(
            &mut **tx,
            campaign,
            *unit,
            Some(*person),
            (story, ach),
            head,
        )
        .await?
        else {
            continue;
        };
        match k {
            0 => {
                db::exemplars::curate(&mut **tx, id, 1, ExemplarStatus::Shortlisted, "").await?;
                db::exemplars::decide(&mut **tx, id, 2, [true, false, true], office).await?;
            }
            1 => {
                db::exemplars::curate(
                    &mut **tx,
                    id,
                    1,
                    ExemplarStatus::Shortlisted,
                    "Đề nghị Giám đốc biểu dương.",
                )
                .await?;
            }
            3 => {
                db::exemplars::curate(
                    &mut **tx,
                    id,
                    1,
                    ExemplarStatus::Declined,
                    "Chưa nêu rõ việc làm tiêu biểu.",
                )
                .await?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// A one-page PDF standing in for a unit's signed minutes.
pub(super) const PLACEHOLDER_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// Attaches the placeholder scan as review `rid`'s signed minutes.
async fn signed_minutes(tx: &mut db::Tx<'_>, rid: i64, code: &str, by: i64) -> anyhow::Result<()> {
    let name = format!("bien-ban-binh-xet-{code}.pdf");
    let doc = placeholder_scan(tx, (Some(rid), None), ("review_minutes", &name), by).await?;
    db::reviews::set_minutes_document(&mut **tx, rid, doc).await?;
    Ok(())
}

/// Stores the placeholder scan as a document of `kind` named `name`, of review `owner.0` or
/// decision `owner.1`. Its id.
pub(super) async fn placeholder_scan(
    tx: &mut db::Tx<'_>,
    (review_id, decision_id): (Option<i64>, Option<i64>),
    (kind, name): (&str, &str),
    by: i64,
) -> anyhow::Result<i64> {
    let sha = crate::domain::digest::sha256_hex(PLACEHOLDER_PDF);
    let doc = db::documents::insert(
        &mut **tx,
        &db::documents::NewDocument {
            review_id,
            line_id: None,
            exemplar_id: None,
            meeting_id: None,
            decision_id,
            submission_id: None,
            kind,
            name,
            content_type: crate::storage::PDF,
            size: PLACEHOLDER_PDF.len() as i64,
            sha256: &sha,
            storage: "db",
            storage_key: "",
        },
        by,
    )
    .await?;
    db::documents::put_bytes(&mut **tx, doc, PLACEHOLDER_PDF).await?;
    Ok(doc)
}

/// Moves proposal `pid` to the demo's state `k` (mod 4): a draft, submitted, returned with a
/// reason for one line, or accepted.
async fn move_to_state(
    tx: &mut db::Tx<'_>,
    pid: i64,
    k: usize,
    office: i64,
    head: i64,
) -> anyhow::Result<()> {
    if k % 4 == 0 {
        return Ok(());
    }
    let lines = db::proposals::lines(&mut **tx, pid).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.id).collect();
    db::proposals::move_lines(
        &mut **tx,
        pid,
        &ids,
        &[LineStatus::Draft],
        LineStatus::Submitted,
        "",
    )
    .await?;
    db::proposals::bump(
        &mut **tx,
        pid,
        1,
        ProposalStatus::Submitted,
        db::proposals::Step::Submit { late: false },
    )
    .await?;
    let snap: Vec<SnapLine> = lines
        .iter()
        .map(|l| SnapLine {
            id: l.id,
            subject: l.subject.clone(),
            title: l.title_name_vi.clone(),
            justification: l.justification.clone(),
            documents: Vec::new(),
            report: None,
        })
        .collect();
    let snap = serde_json::to_value(&snap)?;
    db::proposals::add_event(&mut **tx, pid, None, "submitted", "", Some(&snap), head).await?;
    match k % 4 {
        2 => {
            let first = ids[..1].to_vec();
            let reason = "Thiếu bản xác nhận sáng kiến; đề nghị bổ sung.";
            db::proposals::move_lines(
                &mut **tx,
                pid,
                &first,
                &[LineStatus::Submitted],
                LineStatus::Returned,
                reason,
            )
            .await?;
            db::proposals::bump(
                &mut **tx,
                pid,
                2,
                ProposalStatus::Returned,
                db::proposals::Step::Return { reason },
            )
            .await?;
            db::proposals::add_event(
                &mut **tx,
                pid,
                first.first().copied(),
                "returned",
                reason,
                None,
                office,
            )
            .await?;
        }
        3 => {
            db::proposals::move_lines(
                &mut **tx,
                pid,
                &ids,
                &[LineStatus::Submitted],
                LineStatus::Accepted,
                "",
            )
            .await?;
            db::proposals::add_event(&mut **tx, pid, None, "accepted", "", None, office).await?;
        }
        _ => {}
    }
    let (st, n) = db::proposals::line_statuses(&mut **tx, pid).await?;
    db::proposals::set_status(&mut **tx, pid, proposal_status(&st, n > 0)).await?;
    Ok(())
}
