//! The submission upward (tờ trình) of the awards a higher authority decides: the Office drafts it
//! from a notice's ready lines and edits its date and recipient; the Director (or a deputy) sends
//! it, taking the next number of the register of submissions; the Office builds its dossier pack
//! (the submission, the council's minutes and ballot count, each line's documents) as one .zip in
//! the background, its progress shown on the page from PostgreSQL (any server shows it); and when
//! the higher authority decides, the Office records its decision per line, the awarded lines
//! entering the registry with verification codes.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::keys::At;
use crate::db::numbered::By;
use crate::db::submissions::{NewSubmission, Submission, SubmissionLine};
use crate::domain::dates::{fmt_date, parse_date, today_vn};
use crate::domain::numbered::{Signer, SubmissionStatus};
use crate::error::{AppError, AppResult};
use crate::export::submission::{Asked, SubmissionDoc};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::readable;
use crate::web::extract::{Form, Path};
use crate::web::forms::{Rows, present};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// Drafts a submission from notice `id`'s lines ready for one.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let n = db::notices::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = readable(&state, &user, n.campaign_id).await?;
    user.require(user.manages_campaigns_of(&c.issuer_unit_path))?;
    let today = today_vn();
    let lines = db::submissions::ready_lines(&state.db, id, today).await?;
    let profile = crate::web::papers::issuer_profile(&state, &c).await?;
    let recipient = profile.recipient_for(&lines_deciders(&state, &lines).await?);
    let s = NewSubmission {
        campaign_id: c.id,
        issuer_unit_id: c.issuer_unit_id,
        notice_id: id,
        submitted_on: today,
        doc_code: &c.plan.document_code("TTr"),
        recipient: &recipient,
    };
    let by = By::new(&actor, user.user_id);
    let mut tx = state.db.begin().await?;
    let draft = (&s, c.plan.title.as_str());
    let Some(sid) = db::numbered::draft_submission(&mut tx, &by, draft, &lines).await? else {
        tx.rollback().await?;
        return Ok(redirect_flash(
            &format!("/notices/{id}"),
            ctx.t("submission.err_none_ready"),
        ));
    };
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/submissions/{sid}"),
        ctx.t("submission.drafted"),
    ))
}

/// Who decides each of `lines` (proposal line ids): the titles' `decided_by`.
async fn lines_deciders(state: &AppState, lines: &[i64]) -> AppResult<Vec<String>> {
    Ok(db::submissions::deciders(&state.db, lines).await?)
}

/// A submission with its campaign, for those who run the campaign (`manage`) or sign for it
/// (`signs`: as whom).
pub struct Loaded {
    pub s: Submission,
    pub c: CampaignRow,
    pub manage: bool,
    pub signs: Option<Signer>,
}

pub(super) async fn load(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<Loaded> {
    let s = db::submissions::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = readable(state, user, s.campaign_id).await?;
    let manage = user.manages_campaigns_of(&c.issuer_unit_path);
    let signs = user.signs_for(&c.issuer_unit_path);
    user.require(manage || signs.is_some())?;
    Ok(Loaded {
        s,
        c,
        manage,
        signs,
    })
}

/// The submission page's forms as posted, each with the `version` it was read at: the draft's
/// date and recipient (absent when another form was posted: shown as stored), the higher
/// authority's decision with each pending line's outcome (`l{line}`), the confirmation that the
/// dossier goes up without its missing papers.
#[derive(Deserialize, Default)]
pub struct SubmissionForm {
    #[serde(default)]
    pub version: String,
    #[serde(default, deserialize_with = "present")]
    pub submitted_on: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub recipient: Option<String>,
    #[serde(default)]
    pub authority: String,
    #[serde(default)]
    pub decision_no: String,
    #[serde(default)]
    pub decided_on: String,
    #[serde(default)]
    pub confirm: Option<String>,
    #[serde(flatten)]
    pub lines: Rows,
}

#[derive(Template)]
#[template(path = "submissions/show.html")]
pub struct SubmissionPage {
    pub ctx: Ctx,
    pub l: Loaded,
    pub lines: Vec<SubmissionLine>,
    /// each line's papers and where each comes from; what is missing, as the Office confirms it
    pub dossiers: Vec<Vec<(String, crate::domain::dossier::Source)>>,
    pub missing: String,
    pub errors: Errors,
    pub typed: SubmissionForm,
}

impl SubmissionPage {
    /// A field as typed when its form came back, else as stored.
    fn field(&self, typed: &Option<String>, stored: String) -> String {
        typed.clone().unwrap_or(stored)
    }
    /// The outcome typed for line `line` ("awarded", "refused", "" for pending).
    fn outcome(&self, line: &i64) -> &str {
        self.typed.lines.value(&self.key(line))
    }
    fn votes(&self, x: &SubmissionLine) -> String {
        votes_text(x)
    }
    fn percent(&self) -> i32 {
        let s = &self.l.s;
        (s.pack_done * 100)
            .checked_div(s.pack_total.max(1))
            .unwrap_or(0)
            .clamp(0, 100)
    }
    fn dossier(&self, i: &usize) -> Vec<(String, crate::domain::dossier::Source)> {
        self.dossiers.get(*i).cloned().unwrap_or_default()
    }
    fn kind_key(&self, kind: &str) -> String {
        format!("doc.kind.{kind}")
    }
    fn is_missing(&self, s: &crate::domain::dossier::Source) -> bool {
        *s == crate::domain::dossier::Source::Missing
    }
    fn is_made(&self, s: &crate::domain::dossier::Source) -> bool {
        *s == crate::domain::dossier::Source::Made
    }
    fn key(&self, line: &i64) -> String {
        format!("l{line}")
    }
    fn pending(&self) -> usize {
        self.lines.iter().filter(|x| x.outcome == "pending").count()
    }
}

/// "4/4 (100%)": the council's votes in favour over the members counted.
fn votes_text(x: &SubmissionLine) -> String {
    match (x.votes_for, x.counted_over) {
        (Some(v), Some(n)) if n > 0 => format!(
            "{v}/{n} ({})",
            crate::domain::figures::percent(v as u64, n as u64, 2).unwrap_or_default()
        ),
        _ => String::new(),
    }
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    l: Loaded,
    (errors, typed): (Errors, SubmissionForm),
) -> AppResult<SubmissionPage> {
    let lines = db::submissions::lines(&state.db, l.s.id).await?;
    let docs = db::submissions::line_documents(&state.db, l.s.id).await?;
    let dossiers = super::submission_dossier::dossiers(&lines, &docs);
    let missing = super::submission_dossier::missing_text(&lines, &docs);
    Ok(SubmissionPage {
        dossiers,
        missing,
        ctx,
        l,
        lines,
        errors,
        typed,
    })
}

pub(super) async fn invalid(
    state: &AppState,
    ctx: Ctx,
    l: Loaded,
    errors: Errors,
    typed: SubmissionForm,
) -> AppResult<Response> {
    render_invalid(&page(state, ctx, l, (errors, typed)).await?)
}

/// `/submissions/{id}` (the page), `/submissions/{id}.docx` (the submission with its list).
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let (id, ext) = file.split_once('.').unwrap_or((file.as_str(), ""));
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let l = load(&state, &user, id).await?;
    match ext {
        "" => render(&page(&state, ctx, l, Default::default()).await?),
        "docx" => {
            let (bytes, name) = document(&state, &l).await?;
            Ok(crate::web::files::attachment(
                bytes,
                crate::storage::DOCX,
                &name,
            ))
        }
        _ => Err(AppError::NotFound),
    }
}

/// The submission's .docx and its file name.
pub(super) async fn document(state: &AppState, l: &Loaded) -> AppResult<(Vec<u8>, String)> {
    let (s, c) = (&l.s, &l.c);
    let lines = db::submissions::lines(&state.db, s.id).await?;
    let notice = db::notices::get(&state.db, s.notice_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let meeting = db::council_meetings::get(&state.db, s.meeting_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let profile = crate::web::papers::issuer_profile(state, c).await?;
    let bases = crate::web::papers::legal_bases(state, c, &profile).await?;
    // a submission to the province's Chairman goes through the province's emulation board
    let through = if lines.iter().any(|x| x.decided_by == "province") {
        profile.province_board.clone()
    } else {
        String::new()
    };
    let doc = SubmissionDoc {
        through,
        parent_body: c.plan.parent_body.clone(),
        issuer: c.plan.issuer_name.clone(),
        issuer_text: c.issuer_unit_name.clone(),
        place_name: c.plan.place.clone(),
        number: s.number_text(),
        submitted_on: s.submitted_on,
        year: c.plan.year,
        recipient: s.recipient.clone(),
        bases,
        meeting_on: meeting.held_on,
        notice_on: notice.posted_on,
        lines: lines
            .iter()
            .map(|x| Asked {
                subject: x.subject.clone(),
                honorific: x
                    .gender
                    .as_deref()
                    .map(crate::domain::person::honorific)
                    .unwrap_or(""),
                position_unit: if x.position_name.is_empty() {
                    x.unit_name.clone()
                } else {
                    format!("{}, {}", x.position_name, x.unit_name)
                },
                title: x.title_vi.clone(),
                is_title: x.form == "title",
                collective: x.person_id.is_none(),
                votes: votes_text(x),
            })
            .collect(),
        signer: s.signer(),
        signer_name: s.signer_name.clone(),
    };
    let bytes = crate::export::docx::render(&crate::export::submission::submission(&doc))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))?;
    let name = match s.number {
        Some(n) => format!("to-trinh-{n:02}-{}.docx", s.year.unwrap_or(c.plan.year)),
        None => format!("du-thao-to-trinh-{}.docx", s.id),
    };
    Ok((bytes, name))
}

/// Changes a draft's date and recipient (`submitted_on`, `recipient`, `version`).
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<SubmissionForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    user.require(l.manage)?;
    let mut errors = Errors::default();
    if !l.s.is(SubmissionStatus::Draft) {
        errors.push("_form", "submission.err_not_draft");
    }
    let on = parse_date(f.submitted_on.as_deref().unwrap_or(""));
    if let Err(e) = on {
        errors.push("submitted_on", e);
    }
    let recipient = f.recipient.as_deref().unwrap_or("").trim().to_string();
    if recipient.is_empty() || recipient.chars().count() > 300 {
        errors.push("recipient", "submission.err_recipient");
    }
    let (Ok(on), true) = (on, errors.is_empty()) else {
        return invalid(&state, ctx, l, errors, f).await;
    };
    let version = f.version.parse().unwrap_or(-1);
    let mut tx = state.db.begin().await?;
    if !db::submissions::update(&mut *tx, At { id, version }, on, &recipient).await? {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "submission", &id.to_string()).await?;
        return invalid(&state, ctx, l, errors, f).await;
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "submission", id.to_string())
            .summary(format!("{} — {}", l.c.plan.title, fmt_date(on)))
            .before(Some(serde_json::json!({
                "submitted_on": l.s.submitted_on, "recipient": l.s.recipient,
            })))
            .after(Some(
                serde_json::json!({ "submitted_on": on, "recipient": recipient }),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/submissions/{id}"),
        ctx.t("submission.saved"),
    ))
}

/// The Director (or a deputy) signs and sends a draft: the next number of the register.
pub async fn send(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<SubmissionForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    let signs = l.signs.ok_or(AppError::Forbidden)?;
    let version: Option<i32> = f.version.parse().ok();
    if !l.s.is(SubmissionStatus::Draft) {
        return invalid(&state, ctx, l, Errors::form("submission.err_not_draft"), f).await;
    }
    if version != Some(l.s.version) {
        let errors = crate::web::forms::stale(&state.db, "submission", &id.to_string()).await?;
        return invalid(&state, ctx, l, errors, f).await;
    }
    // a dossier that lacks a paper goes up only once the Office confirmed that very list
    let lines = db::submissions::lines(&state.db, id).await?;
    let docs = db::submissions::line_documents(&state.db, id).await?;
    let missing = super::submission_dossier::missing_text(&lines, &docs);
    if !missing.is_empty() && l.s.missing_confirmed != missing {
        return invalid(&state, ctx, l, Errors::form("submission.err_missing"), f).await;
    }
    let by = By::new(&actor, user.user_id);
    let signer = (signs, user.display_name.as_str());
    let mut tx = state.db.begin().await?;
    let sent = db::numbered::send_submission(&mut tx, &by, &l.s, signer, &missing).await?;
    if sent.is_none() {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "submission", &id.to_string()).await?;
        return invalid(&state, ctx, l, errors, f).await;
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/submissions/{id}"),
        ctx.t("submission.sent"),
    ))
}

/// Records the higher authority's decision (`authority`, `decision_no`, `decided_on`) on the lines
/// marked `l{line}` = awarded | refused; the awarded ones enter the registry.
pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<SubmissionForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    user.require(l.manage)?;
    let lines = db::submissions::lines(&state.db, id).await?;
    let mut errors = Errors::default();
    if !l.s.is(SubmissionStatus::Sent) {
        errors.push("_form", "submission.err_not_sent");
    }
    let authority = f.authority.trim().to_string();
    let decision_no = f.decision_no.trim().to_string();
    if authority.is_empty() || authority.chars().count() > 300 {
        errors.push("authority", "submission.err_authority");
    }
    if decision_no.is_empty() || decision_no.chars().count() > 100 {
        errors.push("decision_no", "submission.err_decision_no");
    }
    let on = parse_date(f.decided_on.trim());
    match on {
        Err(e) => errors.push("decided_on", e),
        Ok(d) if d < l.s.submitted_on || d > today_vn() => {
            errors.push("decided_on", "submission.err_decided_on")
        }
        Ok(_) => {}
    }
    let chosen: Vec<(i64, &str)> = lines
        .iter()
        .filter(|x| x.outcome == "pending")
        .filter_map(|x| match f.lines.get(&format!("l{}", x.line_id)) {
            Some("awarded") => Some((x.line_id, "awarded")),
            Some("refused") => Some((x.line_id, "refused")),
            _ => None,
        })
        .collect();
    if chosen.is_empty() {
        errors.push("lines", "submission.err_no_line");
    }
    let (Ok(on), true) = (on, errors.is_empty()) else {
        return invalid(&state, ctx, l, errors, f).await;
    };
    let codes = super::registry::fresh_codes(lines.len())?;
    let version = f.version.parse().unwrap_or(-1);
    let o = db::submissions::Outcome {
        authority: &authority,
        decision_no: &decision_no,
        decided_on: on,
        lines: &chosen,
    };
    let mut tx = state.db.begin().await?;
    let Some(n) =
        db::submissions::record(&mut tx, At { id, version }, &o, &codes, user.user_id).await?
    else {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "submission", &id.to_string()).await?;
        return invalid(&state, ctx, l, errors, f).await;
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("record_outcome", "submission", id.to_string())
            .summary(format!("{decision_no} — {n} lines"))
            .after(Some(serde_json::json!({
                "authority": authority, "decision_no": decision_no, "decided_on": on,
                "lines": chosen,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/submissions/{id}"),
        ctx.t("submission.recorded"),
    ))
}
