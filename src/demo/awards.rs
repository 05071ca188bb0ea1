//! The demo past the council, for the app served with `--demo` (the tests' fixture stops at the
//! notice, so that they draft the decision themselves): the Director's decision on the lines of
//! the 20/12/2022 meeting, approved and issued with a placeholder scan (demo data carries no
//! digital signature, and says so where the checked signature is shown), its awards in the
//! registry with verification codes; and a Bằng khen của Chủ tịch UBND tỉnh line for the KS
//! person with the longest record, passed at a second meeting on 22/12/2022, posted, sent to the province in a
//! submission and awarded by the province's decision recorded against it.

use super::meeting::{hold, post};
use crate::db::audit::{Actor, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::keys::At;
use crate::db::numbered::{Approval, By, SignedCopy};
use crate::db::{self, decisions::NewDecision, submissions::NewSubmission};
use crate::domain::eligibility::{Setting, evaluate_person, evaluate_scope};
use crate::domain::numbered::Signer;
use crate::domain::proposal::LineStatus;
use crate::domain::signature::Signature;
use chrono::{Days, NaiveDate};
use sqlx::PgPool;
use std::collections::HashMap;

/// The higher award the demo proposes.
const HIGHER: &str = "BK_TINH";

fn day(y: i32, m: u32, d: u32) -> anyhow::Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow::anyhow!("date {y}-{m}-{d}"))
}

pub async fn seed(pool: &PgPool) -> anyhow::Result<()> {
    let (campaign, users) = db::demo::campaign_and_accounts(&mut *pool.acquire().await?).await?;
    let Some(campaign) = campaign else {
        return Ok(());
    };
    let users: HashMap<String, i64> = users.into_iter().collect();
    let office = users.get("vanphong").copied().unwrap_or_default();
    let director = users.get("giamdoc").copied().unwrap_or_default();
    let signer = db::users::get(pool, director)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let mut tx = pool.begin().await?;
    let c = db::campaigns::get(&mut tx, campaign)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no campaign {campaign}"))?;
    // once only: a campaign with a decision is past the council already
    if !db::decisions::of_campaign(&mut *tx, campaign)
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let Some(notice) = db::notices::list(&mut *tx, &[campaign])
        .await?
        .iter()
        .map(|n| n.id)
        .min()
    else {
        return Ok(());
    };
    let printed = db::demo::print_base_title_certificates(&mut tx, campaign).await?;
    if !printed.is_empty() {
        db::audit::record(
            &mut *tx,
            &Actor::system("seed-demo"),
            Entry::new("update", "rule_set", c.rule_set_id.to_string()).summary(format!(
                "demo: certificates of recognition printed for {}",
                printed.join(", ")
            )),
        )
        .await?;
    }
    let decision = decide(&mut tx, &c, notice, (director, &signer)).await?;
    let province = higher_award(pool, &mut tx, &c, office).await?;
    let submission = match province {
        Some(notice) => submit(&mut tx, &c, notice, (director, &signer), office).await?,
        None => None,
    };
    db::audit::record(
        &mut *tx,
        &Actor::system("seed-demo"),
        Entry::new(
            "seed_demo",
            "decision",
            decision.unwrap_or_default().to_string(),
        )
        .summary(format!(
            "demo: decision {decision:?} issued, submission {submission:?} to the province"
        )),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The decision on notice `notice`'s lines ready on the first working day after their period:
/// drafted by the Office, approved by the Director, issued with the placeholder scan.
async fn decide(
    tx: &mut db::Tx<'_>,
    c: &CampaignRow,
    notice: i64,
    (director, signer): (i64, &str),
) -> anyhow::Result<Option<i64>> {
    let ends = db::notices::lines(&mut **tx, notice)
        .await?
        .iter()
        .map(|l| l.ends_on)
        .max();
    let Some(ends) = ends else { return Ok(None) };
    let cal = db::calendar::calendar(&mut **tx).await?;
    let on = cal.add_working_days(ends, 1);
    let lines = db::decisions::ready_lines(&mut **tx, notice, on).await?;
    let d = NewDecision {
        campaign_id: c.id,
        issuer_unit_id: c.issuer_unit_id,
        decided_on: on,
        doc_code: &c.plan.document_code("QĐ"),
        proposer: crate::domain::issuer::DEFAULT_PROPOSER,
    };
    let actor = Actor::system("seed-demo");
    let by = By::new(&actor, director);
    let draft = (&d, notice, c.plan.title.as_str());
    let Some(id) = db::numbered::draft_decision(tx, &by, draft, &lines).await? else {
        return Ok(None);
    };
    let base = db::decisions::base_salary_on(&mut **tx, on)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no base salary on {on}"))?;
    let draft = db::decisions::get(&mut **tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("decision {id}"))?;
    let rounding = db::council::cash_rounding(&mut **tx, c.rule_set_id).await?;
    let approval = Approval {
        signer: (Signer::Director, signer),
        base_salary: base.0,
        rounding,
        delegation: None,
    };
    db::numbered::approve_decision(tx, &by, &draft, &approval)
        .await?
        .ok_or_else(|| anyhow::anyhow!("decision {id} approved meanwhile"))?;
    let approved = db::decisions::get(&mut **tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("decision {id}"))?;
    let name = format!("quyet-dinh-{}.pdf", approved.number.unwrap_or_default());
    let doc = super::yearend::placeholder_scan(
        tx,
        (None, Some(id)),
        ("signed_decision", &name),
        director,
    )
    .await?;
    let signature = Signature {
        signer: signer.to_string(),
        valid: false,
        whole_document: false,
        validation: "Dữ liệu mẫu: bản quét giả lập, không có chữ ký số \
                     (demo data: a placeholder scan without a digital signature)"
            .into(),
        certificate: String::new(),
        signed_at: crate::domain::dates::fmt_date(on),
        ..Signature::default()
    };
    let codes = crate::domain::council::verification_codes(lines.len())
        .map_err(|e| anyhow::anyhow!("random: {e}"))?;
    let sig = serde_json::to_value(&signature)?;
    let copy = SignedCopy {
        document_id: doc,
        name: &name,
        sha256: &crate::domain::digest::sha256_hex(super::yearend::PLACEHOLDER_PDF),
        signature: &sig,
    };
    let issued = db::numbered::issue_decision(tx, &by, &approved, &copy, &codes).await?;
    Ok(issued.map(|_| id))
}

/// A Bằng khen của Chủ tịch UBND tỉnh line for the KS person with the longest record (with the
/// eligibility rules' answer), accepted, passed at a second meeting on 22/12/2022 and posted the next day. The
/// notice, if there was a candidate.
async fn higher_award(
    pool: &PgPool,
    tx: &mut db::Tx<'_>,
    c: &CampaignRow,
    office: i64,
) -> anyhow::Result<Option<i64>> {
    let Some((pid, person)) = db::demo::higher_award_candidate(&mut **tx, c.id, "KS").await? else {
        return Ok(None);
    };
    let titles = db::rule_sets::titles(&mut **tx, c.rule_set_id).await?;
    let Some(title) = titles.iter().find(|t| t.code == HIGHER).map(|t| t.id) else {
        return Ok(None);
    };
    let held_on = day(2022, 12, 22)?;
    // what the rules answer for the person, as the unit's proposal would have recorded it
    let rules = db::eligibility::rule_set(pool, c.rule_set_id).await?;
    let scope = db::eligibility::load_scope(pool, c.id, &c.issuer_unit_path, c.plan.year).await?;
    let setting = Setting::new(c.plan.year, held_on);
    let result = evaluate_scope(&rules, setting, &scope.facts, &scope.unit_facts);
    let answer = scope
        .people
        .iter()
        .position(|p| p.id == person)
        .and_then(|i| {
            evaluate_person(&rules, setting, &scope.facts[i], Some(&result.counts), None)
                .into_iter()
                .find(|r| r.code == HIGHER)
        });
    let eligibility = answer
        .as_ref()
        .map(|r| r.outcome.outcome())
        .unwrap_or("needs_review");
    // a line failing the conditions is never sent up
    if eligibility == "not_eligible" {
        return Ok(None);
    }
    let line = db::proposals::NewLine {
        person_id: Some(person),
        title_id: title,
        eligibility,
        failed: "",
        achievement: None,
    };
    db::proposals::add_lines(&mut **tx, pid, &[line]).await?;
    let Some(added) = db::proposals::lines(&mut **tx, pid)
        .await?
        .into_iter()
        .find(|l| l.person_id == Some(person) && l.title_code == HIGHER)
    else {
        return Ok(None);
    };
    db::proposals::move_lines(
        &mut **tx,
        pid,
        &[added.id],
        &[LineStatus::Draft],
        LineStatus::Accepted,
        "",
    )
    .await?;
    let (meeting, passed, _) = hold(tx, c, (held_on, &[added.id], None), office).await?;
    if passed == 0 {
        return Ok(None);
    }
    let (notice, _) = post(tx, c, meeting, day(2022, 12, 23)?, office).await?;
    Ok(Some(notice))
}

/// The submission of notice `notice`'s lines to the province, sent by the Director once the
/// period is over, and the province's decision recorded against it.
async fn submit(
    tx: &mut db::Tx<'_>,
    c: &CampaignRow,
    notice: i64,
    (director, signer): (i64, &str),
    office: i64,
) -> anyhow::Result<Option<i64>> {
    let on = day(2023, 1, 9)?;
    let lines = db::submissions::ready_lines(&mut **tx, notice, on).await?;
    let profile = db::issuers::profile(&mut **tx, c.issuer_unit_id)
        .await?
        .unwrap_or_else(|| crate::domain::issuer::IssuerProfile::defaults(&c.plan.place));
    let recipient = profile.recipient_for(&db::submissions::deciders(&mut **tx, &lines).await?);
    let s = NewSubmission {
        campaign_id: c.id,
        issuer_unit_id: c.issuer_unit_id,
        notice_id: notice,
        submitted_on: on,
        doc_code: &c.plan.document_code("TTr"),
        recipient: &recipient,
    };
    let actor = Actor::system("seed-demo");
    let drafter = By::new(&actor, office);
    let draft = (&s, c.plan.title.as_str());
    let Some(id) = db::numbered::draft_submission(tx, &drafter, draft, &lines).await? else {
        return Ok(None);
    };
    let draft = db::submissions::get(&mut **tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("submission {id}"))?;
    let sender = By::new(&actor, director);
    db::numbered::send_submission(tx, &sender, &draft, (Signer::Director, signer), "")
        .await?
        .ok_or_else(|| anyhow::anyhow!("submission {id} sent meanwhile"))?;
    let sent = db::submissions::get(&mut **tx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("submission {id}"))?;
    let awarded: Vec<(i64, &str)> = lines.iter().map(|&l| (l, "awarded")).collect();
    let outcome = db::submissions::Outcome {
        authority: &profile.province_authority,
        decision_no: "215/QĐ-UBND",
        decided_on: on.checked_add_days(Days::new(37)).unwrap_or(on),
        lines: &awarded,
    };
    let codes = crate::domain::council::verification_codes(lines.len())
        .map_err(|e| anyhow::anyhow!("random: {e}"))?;
    db::submissions::record(
        tx,
        At {
            id,
            version: sent.version,
        },
        &outcome,
        &codes,
        office,
    )
    .await?;
    Ok(Some(id))
}
