//! The papers that more than one feature makes or gathers, each made once: what a paper prints of
//! its issuing body (its particulars, the legal bases, the plan as cited), the council meeting's
//! minutes and ballot count, a unit review's minutes, a proposal line's achievement report. The
//! pages that download one and the submission's dossier pack both call here.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::campaigns::CampaignRow;
use crate::db::proposals::{Line, Proposal};
use crate::domain::council::share_text;
use crate::domain::dates::{fmt_date, today_vn};
use crate::domain::proposal::Vote;
use crate::domain::report::{Report, prefill};
use crate::error::{AppError, AppResult};
use crate::export::council::{PaperLine, Papers};
use crate::export::docx;
use crate::export::review::{Minutes, ReportHead, minutes, report_doc};
use crate::state::AppState;
use crate::web::access::meeting::Loaded;
use crate::web::evaluation::{evaluated, member_indices};

/// The issuer's particulars: its profile, else the defaults of its province.
pub async fn issuer_profile(
    state: &AppState,
    c: &CampaignRow,
) -> AppResult<crate::domain::issuer::IssuerProfile> {
    Ok(db::issuers::profile(&state.db, c.issuer_unit_id)
        .await?
        .unwrap_or_else(|| crate::domain::issuer::IssuerProfile::defaults(&c.plan.place)))
}

/// The legal bases a document of campaign `c` cites: its regime's, one per line, its issuer's own
/// (`profile`, which the caller has read for the document anyway), then the plan with its number
/// and date (decisions and submissions alike).
pub async fn legal_bases(
    state: &AppState,
    c: &CampaignRow,
    profile: &crate::domain::issuer::IssuerProfile,
) -> AppResult<Vec<String>> {
    let mut bases: Vec<String> = db::decisions::bases(&state.db, c.rule_set_id)
        .await?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    bases.extend(profile.base_lines());
    bases.push(format!("Căn cứ {};", plan_ref(c)));
    Ok(bases)
}

/// "Kế hoạch số 05/KH-STNMT ngày 05/01/2022 của Sở ... về việc ...": the campaign's plan as other
/// documents cite it.
pub fn plan_ref(c: &CampaignRow) -> String {
    let plan_date = c
        .plan
        .doc_date
        .map(|d| format!(" ngày {}", fmt_date(d)))
        .unwrap_or_default();
    format!(
        "Kế hoạch số {}{plan_date} của {} về việc {}",
        c.plan.number_code(),
        c.issuer_unit_name,
        crate::domain::names::sentence_case(c.plan.title.trim_start_matches("Kế hoạch").trim())
    )
}

/// A council member as the minutes name them: "Ông Lê Minh Khoa, Giám đốc".
fn styled(m: &db::council_meetings::Member) -> String {
    crate::domain::person::named_with_position(
        m.gender.as_deref().unwrap_or(""),
        &m.name,
        m.position.as_deref(),
    )
}

/// An instant as the minutes give the hour, in Vietnam's time: "10 giờ 30".
fn hour_words(at: chrono::DateTime<chrono::Utc>) -> String {
    let local = crate::domain::dates::fmt_datetime(at);
    local.rsplit(' ').next().unwrap_or("").replace(':', " giờ ")
}

/// The papers of meeting `l` filled from what was recorded (in Vietnamese, as official documents
/// are).
pub async fn papers(state: &AppState, l: &Loaded) -> AppResult<Papers> {
    use crate::i18n::{Lang, t, tf};
    let id = l.m.id;
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let recusals = db::council_meetings::recusals(&state.db, id).await?;
    let voted = db::council_meetings::voted(&state.db, id).await?;
    let officer = |capacity: &str| {
        l.members
            .iter()
            .find(|m| m.capacity == capacity)
            .map(|m| (styled(m), m.name.clone()))
            .unwrap_or_default()
    };
    let written: Vec<String> = l
        .members
        .iter()
        .filter(|m| !m.present && voted.iter().any(|v| v.1 == m.user_id && v.3))
        .map(styled)
        .collect();
    let (share, strict) = (
        l.m.quorum.unwrap_or(5000).max(0) as u32,
        l.m.quorum_strict.unwrap_or(true),
    );
    let how = if strict {
        "council.more_than"
    } else {
        "council.at_least"
    };
    let rule_of = |a: &db::council_meetings::AgendaLine| {
        let how = if a.strict {
            "council.more_than"
        } else {
            "council.at_least"
        };
        let base = t(Lang::Vi, &format!("council.base.{}", a.base));
        tf(Lang::Vi, how, &[&share_text(a.share.max(0) as u32), base])
    };
    let base = t(Lang::Vi, "council.base.members");
    Ok(Papers {
        issuer: l.c.plan.issuer_name.clone(),
        place_name: l.c.plan.place.clone(),
        year: l.c.plan.year,
        held_on: l.m.held_on,
        held_at: l.m.held_at.clone(),
        ended_at: l.m.closed_at.map(hour_words).unwrap_or_default(),
        venue: l.m.place.clone(),
        chair: officer("chair"),
        secretary: officer("secretary"),
        members: l
            .members
            .iter()
            .map(|m| {
                let cap = t(Lang::Vi, &format!("council.capacity.{}", m.capacity));
                (styled(m), cap.to_string(), m.present)
            })
            .collect(),
        written,
        quorum: format!(
            "Phiên họp hợp lệ khi số thành viên dự {}.",
            tf(Lang::Vi, how, &[&share_text(share), base])
        ),
        lines: agenda
            .iter()
            .map(|a| PaperLine {
                subject: a.subject.clone(),
                unit: a.unit_name.clone(),
                collective: a.person_id.is_none(),
                title: a.title_vi.clone(),
                secret: a.ballot == "secret",
                votes: [a.votes_for, a.votes_against, a.votes_abstain]
                    .map(|v| v.unwrap_or(0).max(0) as u32),
                counted_over: a.counted_over.unwrap_or(0).max(0) as u32,
                needed: a.needed.unwrap_or(0).max(0) as u32,
                rule: rule_of(a),
                passed: a.result.as_deref().map(|r| r == "passed"),
                recused: recusals
                    .iter()
                    .filter(|r| r.line_id == a.line_id)
                    .map(|r| {
                        let why = t(Lang::Vi, &format!("meeting.reason.{}", r.reason));
                        if r.note.is_empty() {
                            format!("{} ({why})", r.name)
                        } else {
                            format!("{} ({why}: {})", r.name, r.note)
                        }
                    })
                    .collect(),
            })
            .collect(),
    })
}

/// A meeting's chair or secretary as the minutes' opening names them ("Ông Lê Thanh Đạt, Trưởng
/// phòng") and as they sign (the name).
async fn officer(state: &AppState, id: Option<i64>) -> AppResult<(String, String)> {
    let p = match id {
        Some(id) => db::people::get(&state.db, id).await?,
        None => None,
    };
    Ok(match p {
        Some(p) => (
            crate::domain::person::named_with_position(
                &p.gender,
                &p.full_name,
                p.position.as_deref(),
            ),
            p.full_name,
        ),
        None => (String::new(), String::new()),
    })
}

/// The minutes of `unit`'s review in campaign `c` as .docx (the reader's access is checked by the
/// caller); not found when the unit has no review.
pub async fn minutes_bytes(
    state: &AppState,
    user: &CurrentUser,
    c: &crate::db::campaigns::CampaignRow,
    unit: &crate::db::units::UnitRow,
) -> AppResult<Vec<u8>> {
    let r = db::reviews::get(&state.db, c.id, unit.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let stored = db::reviews::members(&state.db, r.id).await?;
    let titles = db::rule_sets::titles(&state.db, c.rule_set_id).await?;
    let e = evaluated(state, user, c).await?;
    let name_of = |pid: Option<i64>| {
        pid.and_then(|p| e.scope.person_index(p))
            .map(|i| e.scope.people[i].full_name.clone())
            .unwrap_or_default()
    };
    let title_name = |t: Option<i64>| {
        t.and_then(|t| titles.iter().find(|x| x.id == t))
            .map(|t| t.name_vi.clone())
    };
    let vote = |a: Option<i32>, b: Option<i32>, c: Option<i32>| Vote {
        yes: a.unwrap_or(0).max(0) as u32,
        no: b.unwrap_or(0).max(0) as u32,
        abstain: c.unwrap_or(0).max(0) as u32,
    };
    // members in the order of the page (by given name)
    let order: Vec<i64> = member_indices(&e, &unit.path)
        .into_iter()
        .map(|i| e.scope.people[i].id)
        .collect();
    let mut rows: Vec<&db::reviews::Member> = stored.iter().collect();
    rows.sort_by_key(|m| order.iter().position(|p| *p == m.person_id));
    let chair = officer(state, r.chair_id).await?;
    let secretary = officer(state, r.secretary_id).await?;
    let m = Minutes {
        doc_code: format!("BB-{}", unit.code),
        ended_at: r.ended_at.clone(),
        body_name: c.plan.issuer_name.clone(),
        unit_name: unit.name.clone(),
        place_name: c.plan.place.clone(),
        year: c.plan.year,
        plan_ref: format!("Kế hoạch số {}", c.plan.number_code()),
        held_on: r.held_on,
        held_at: r.held_at.clone(),
        venue: r.place.clone(),
        chair,
        secretary,
        members: rows.len() as u32,
        present: rows.iter().filter(|m| m.present).count() as u32,
        absent: rows
            .iter()
            .filter(|m| !m.present)
            .map(|m| (name_of(Some(m.person_id)), m.absence_reason.clone()))
            .collect(),
        secret: r.voting == "secret",
        discussion: r.discussion.clone(),
        lines: rows
            .iter()
            .filter_map(|m| {
                title_name(m.title_id).map(|t| {
                    (
                        name_of(Some(m.person_id)),
                        t,
                        vote(m.votes_for, m.votes_against, m.votes_abstain),
                    )
                })
            })
            .collect(),
        collective: title_name(r.collective_title_id).map(|t| {
            (
                t,
                vote(r.collective_for, r.collective_against, r.collective_abstain),
            )
        }),
    };
    docx::render(&minutes(&m)).map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))
}

/// The years the title reads: the longest window of its conditions (at least this year).
fn window(e: &crate::caches::Evaluated, code: &str) -> i32 {
    fn max_years(v: &serde_json::Value) -> u64 {
        match v {
            serde_json::Value::Object(m) => m
                .iter()
                .map(|(k, v)| match (k.as_str(), v.as_u64()) {
                    ("years" | "within_years" | "then_years", Some(n)) => n,
                    _ => max_years(v),
                })
                .max()
                .unwrap_or(0),
            serde_json::Value::Array(a) => a.iter().map(max_years).max().unwrap_or(0),
            _ => 0,
        }
    }
    e.rules
        .title(code)
        .and_then(|t| serde_json::to_value(&t.conditions).ok())
        .map(|v| max_years(&v).clamp(1, 10) as i32)
        .unwrap_or(1)
}

/// The report as saved, or pre-filled from the year's data.
pub async fn report_of(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    p: &Proposal,
    line: &Line,
) -> AppResult<(Report, bool)> {
    if let Some(r) = line
        .report
        .as_ref()
        .and_then(|v| serde_json::from_value::<Report>(v.clone()).ok())
    {
        return Ok((r, true));
    }
    let e = evaluated(state, user, c).await?;
    let years = window(&e, &line.title_code);
    let year = c.plan.year;
    let sources = db::reports::sources(
        &state.db,
        c.id,
        line.person_id,
        p.unit_id,
        (year - years + 1, year),
    )
    .await?;
    Ok((prefill(&sources), false))
}

/// Line `line`'s achievement report (as saved, or pre-filled) as .docx, on the regime's form; an
/// ad-hoc line's summary of its exceptional achievement (the reader's access is checked by the
/// caller).
pub async fn report_bytes(
    state: &AppState,
    user: &CurrentUser,
    (c, p, line): (&CampaignRow, &Proposal, &Line),
) -> AppResult<Vec<u8>> {
    let (r, _) = report_of(state, user, c, p, line).await?;
    let regime = db::rule_sets::code_of(&state.db, c.rule_set_id).await?;
    let head_of_unit = db::units::head(&state.db, p.unit_id)
        .await?
        .map(|(name, _)| name)
        .unwrap_or_default();
    let head = ReportHead {
        body_name: c.plan.issuer_name.clone(),
        unit_name: p.unit_name.clone(),
        place_name: c.plan.place.clone(),
        // written for the proposal: dated the day it was sent, while a draft today
        on: p
            .submitted_at
            .map(crate::domain::dates::vn_day)
            .unwrap_or_else(today_vn),
        award: line.title_name_vi.clone(),
        is_title: line.title_form == "title",
        subject: line.subject.clone(),
        individual: line.person_id.is_some(),
        year: c.plan.year,
        head: head_of_unit,
        form: match line.achievement {
            Some(_) => crate::export::review::summary_form(&regime),
            None => crate::export::review::report_form(&regime, line.person_id.is_some()),
        },
    };
    // an ad-hoc line's paper is the summary of its exceptional achievement
    let doc = match &line.achievement {
        Some(a) => crate::export::review::summary_doc(&head, &r.profile, a),
        None => report_doc(&head, &r),
    };
    docx::render(&doc).map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))
}
