//! The Department's award decisions: the Office drafts one from the lines of a notice that are
//! ready (the period over, no objection open, a title the Director decides); the draft's date and
//! proposer are edited; the Director (or a deputy, signing "KT. GIÁM ĐỐC") approves it, which takes
//! the next number of the register and fixes the cash; the decision reads as a page and as .docx.
//! Drafts and approved decisions are read by those who run the campaign and those who sign.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::decisions::{Decision, DecisionLine, NewDecision};
use crate::db::keys::At;
use crate::db::numbered::{Approval, By};
use crate::domain::cash::{Rounding, amount as cash_amount, hundredths};
use crate::domain::dates::{fmt_date, parse_date, today_vn};
use crate::domain::names::group_thousands;
use crate::domain::numbered::{DecisionStatus, Signer};
use crate::error::{AppError, AppResult};
use crate::export::decision::{Awarded, DecisionDoc};
use crate::state::AppState;
use crate::web::Actor;
pub use crate::web::access::decision::{Loaded, load};
use crate::web::access::readable;
use crate::web::extract::{Form, Path};
use crate::web::forms::{Rows, present};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// Drafts a decision from notice `id`'s lines that are ready.
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
    let lines = db::decisions::ready_lines(&state.db, id, today).await?;
    let d = NewDecision {
        campaign_id: c.id,
        issuer_unit_id: c.issuer_unit_id,
        decided_on: today,
        doc_code: &c.plan.document_code("QĐ"),
        proposer: crate::domain::issuer::DEFAULT_PROPOSER,
    };
    let by = By::new(&actor, user.user_id);
    let mut tx = state.db.begin().await?;
    let draft = (&d, id, c.plan.title.as_str());
    let Some(did) = db::numbered::draft_decision(&mut tx, &by, draft, &lines).await? else {
        tx.rollback().await?;
        return Ok(redirect_flash(
            &format!("/notices/{id}"),
            ctx.t("decision.err_none_ready"),
        ));
    };
    // the draft goes to whoever signs it ("Trình Giám đốc duyệt")
    let n_lines = lines.len().to_string();
    let args = [c.plan.title.as_str(), n_lines.as_str()];
    let link = format!("/decisions/{did}");
    let signers = db::notifications::Holders {
        roles: &["director", "deputy_director"],
        over: &c.issuer_unit_path,
        except: Some(user.user_id),
    };
    db::notifications::notify_holders(&mut tx, &signers, ("decision_drafted", &link, &args), None)
        .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/decisions/{did}"),
        ctx.t("decision.drafted"),
    ))
}

/// The decision page's forms as posted, each with the `version` it was read at: a draft's date,
/// proposer and (amending) correction with the lines it revokes (`revoke_{line}` ticked), absent
/// when another form was posted (shown as stored); the approval; a certificate issued again
/// (`award`, `kind`, `reason`); the signed file's upload (its text fields).
#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default, deserialize_with = "present")]
    pub version: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub decided_on: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub proposer: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub correction: Option<String>,
    #[serde(default)]
    pub award: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub reason: String,
    /// the particulars of a refused upload (how the signed PDF's text differs, why a seal or a
    /// certificate was refused): set by the server only, never read from a form
    #[serde(skip)]
    pub text_difference: Option<String>,
    #[serde(flatten)]
    pub rows: Rows,
}

impl DecisionForm {
    /// The version the form was read at, if it is a number.
    pub fn version(&self) -> Option<i32> {
        self.version.as_deref().and_then(|v| v.parse().ok())
    }
}

#[derive(Template)]
#[template(path = "decisions/show.html")]
pub struct DecisionPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub d: Decision,
    pub lines: Vec<DecisionLine>,
    pub manage: bool,
    pub signs: Option<Signer>,
    /// the base salary the cash is counted at (fixed once approved), and each line's amount
    pub base: Option<(i64, String)>,
    pub amounts: Vec<Option<i64>>,
    /// the titles the regime gives no cash multiple: the cash cannot be counted, approval waits
    pub missing: Vec<String>,
    pub errors: Errors,
    pub typed: DecisionForm,
    /// the checked signature of the issued decision
    pub signature: Option<crate::domain::signature::Signature>,
    /// the issued decision this one amends; the decisions amending this one (id, number, status,
    /// date)
    pub amends: Option<Decision>,
    pub amendments: Vec<(i64, String, DecisionStatus, chrono::NaiveDate)>,
    /// an issued decision's certificates issued again, and the awards that have a certificate
    /// (registry entry, who and what) for the form that issues one again
    pub reissues: Vec<db::certificates::Reissue>,
    pub certified: Vec<(i64, String)>,
}

impl DecisionPage {
    /// An issued decision amends this one: only then is it shown as amended.
    fn amended(&self) -> bool {
        self.amendments
            .iter()
            .any(|a| a.2 == DecisionStatus::Issued)
    }
    /// A decision amending this one is being drafted or approved (shown to those who run it).
    fn amending(&self) -> bool {
        self.amendments
            .iter()
            .any(|a| a.2 != DecisionStatus::Issued)
    }
    /// What pdfsig said, in the reader's language (as pdfsig wrote it when it is new to the app).
    fn sig_text(&self, pdfsig: &str) -> String {
        match crate::domain::signature::message_key(pdfsig) {
            Some(k) => self.ctx.t(k).to_string(),
            None => pdfsig.to_string(),
        }
    }
    fn signed_at(&self, pdfsig: &str) -> String {
        crate::domain::signature::signed_at_text(pdfsig)
    }
    fn money(&self, v: &i64) -> String {
        group_thousands(&v.to_string())
    }
    fn total(&self) -> String {
        group_thousands(&self.amounts.iter().flatten().sum::<i64>().to_string())
    }
    fn multiple(&self, m: &str) -> String {
        crate::export::decision::multiple_text(m)
    }
    fn amount(&self, i: &usize) -> String {
        match self.amounts.get(*i) {
            Some(Some(a)) => self.money(a),
            Some(None) => "—".into(),
            None => String::new(),
        }
    }
    /// A field as typed when its form came back, else as stored.
    fn field(&self, typed: &Option<String>, stored: String) -> String {
        typed.clone().unwrap_or(stored)
    }
    /// Whether line `l`'s revoke box is ticked: as typed after a refused save, else as stored.
    fn revoking(&self, l: &DecisionLine) -> bool {
        if self.typed.version.is_some() {
            self.typed.rows.has(&format!("revoke_{}", l.line_id))
        } else {
            l.revoked
        }
    }
}

/// Each line's cash: fixed at approval, or the title's multiple × `base` rounded by the regime
/// while a draft; `None` for a title the regime gives no multiple.
fn amounts(lines: &[DecisionLine], (base, rounding): (i64, Rounding)) -> Vec<Option<i64>> {
    // an amending decision pays no cash of its own
    if lines.iter().any(|l| l.amending) {
        return vec![Some(0); lines.len()];
    }
    lines
        .iter()
        .map(|l| {
            l.amount.or_else(|| {
                let m = hundredths(l.cash_multiple.as_deref().unwrap_or("0"));
                (m > 0).then(|| cash_amount(m, base, rounding))
            })
        })
        .collect()
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    Loaded {
        d,
        c,
        manage,
        signs,
    }: Loaded,
    (errors, typed): (Errors, DecisionForm),
) -> AppResult<DecisionPage> {
    let lines = db::decisions::lines(&state.db, d.id).await?;
    let base = base_of(state, &d).await?;
    let rounding = db::council::cash_rounding(&state.db, c.rule_set_id).await?;
    let amounts = amounts(&lines, (base.as_ref().map(|b| b.0).unwrap_or(0), rounding));
    let signature = d
        .signature
        .clone()
        .and_then(|v| serde_json::from_value(v).ok());
    let amends = match d.amends_id {
        Some(a) => db::decisions::get(&state.db, a).await?,
        None => None,
    };
    let amendments = db::decisions::amendments(&state.db, d.id).await?;
    let missing = if d.amends_id.is_some() {
        Vec::new()
    } else {
        crate::export::decision::missing_multiples(&awarded(&lines, &amounts))
    };
    let (reissues, certified) = super::certificate_reissues::of_page(state, &d).await?;
    Ok(DecisionPage {
        reissues,
        certified,
        missing,
        signature,
        amends,
        amendments,
        ctx,
        c,
        d,
        lines,
        manage,
        signs,
        base,
        amounts,
        errors,
        typed,
    })
}

/// The base salary the decision's cash is counted at (fixed at approval, else the one in force on
/// its date), with the legal basis in force on its date.
async fn base_of(state: &AppState, d: &Decision) -> AppResult<Option<(i64, String)>> {
    let on = db::decisions::base_salary_on(&state.db, d.decided_on).await?;
    Ok(match (d.base_salary, on) {
        (Some(b), on) => Some((b, on.map(|o| o.1).unwrap_or_default())),
        (None, on) => on,
    })
}

/// The decision's page again with the error `key` on `field` and what was typed.
pub(super) async fn invalid(
    state: &AppState,
    ctx: Ctx,
    loaded: Loaded,
    (field, key): (&str, &'static str),
    typed: DecisionForm,
) -> AppResult<Response> {
    let errors = Errors::one(field, key);
    render_invalid(&page(state, ctx, loaded, (errors, typed)).await?)
}

/// `/decisions/{id}` (the page) and `/decisions/{id}.docx` (the document).
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let (id, ext) = file.split_once('.').unwrap_or((file.as_str(), ""));
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let loaded = load(&state, &user, id).await?;
    match ext {
        "" => render(&page(&state, ctx, loaded, Default::default()).await?),
        "docx" => docx(&state, loaded).await,
        "pdf" => pdf(&state, loaded).await,
        _ => Err(AppError::NotFound),
    }
}

/// The decision as PDF: the signed copy once issued; before, the .docx through LibreOffice
/// (`soffice --headless`, which the server needs for this).
async fn pdf(state: &AppState, loaded: Loaded) -> AppResult<Response> {
    let name = match loaded.d.number {
        Some(n) => format!(
            "quyet-dinh-{n:02}-{}.pdf",
            loaded.d.year.unwrap_or_default()
        ),
        None => format!("du-thao-quyet-dinh-{}.pdf", loaded.d.id),
    };
    if let Some(doc) = loaded.d.signed_document_id {
        let d = db::documents::get(&state.db, doc)
            .await?
            .ok_or(AppError::NotFound)?;
        let bytes = crate::storage::get(&state.db, &state.files, &d).await?;
        return Ok(crate::web::files::attachment(
            bytes,
            crate::storage::PDF,
            &name,
        ));
    }
    let bytes = rendered_pdf(state, loaded).await?;
    Ok(crate::web::files::attachment(
        bytes,
        crate::storage::PDF,
        &name,
    ))
}

/// The decision as the app renders it, in PDF: its .docx through LibreOffice's queue.
pub(super) async fn rendered_pdf(state: &AppState, loaded: Loaded) -> AppResult<Vec<u8>> {
    let (docx, _) = document(state, loaded).await?;
    Ok(state.renderer.docx_to_pdf(docx).await?)
}

async fn docx(state: &AppState, loaded: Loaded) -> AppResult<Response> {
    let (bytes, name) = document(state, loaded).await?;
    Ok(crate::web::files::attachment(
        bytes,
        crate::storage::DOCX,
        &name,
    ))
}

/// The decision's lines as the document prints them, with each one's cash.
fn awarded(lines: &[DecisionLine], amounts: &[Option<i64>]) -> Vec<Awarded> {
    lines
        .iter()
        .zip(amounts)
        .map(|(l, a)| Awarded {
            subject: l.subject.clone(),
            honorific: l
                .gender
                .as_deref()
                .map(crate::domain::person::honorific)
                .unwrap_or(""),
            position: l.position.clone().unwrap_or_default(),
            unit: l.unit_name.clone(),
            title: l.title_vi.clone(),
            is_title: l.form == "title",
            collective: l.person_id.is_none(),
            multiple: l.cash_multiple.clone(),
            amount: *a,
            revoked: l.revoked,
            achievement: l.achievement.clone(),
        })
        .collect()
}

/// The decision's .docx and its file name.
async fn document(state: &AppState, Loaded { d, c, .. }: Loaded) -> AppResult<(Vec<u8>, String)> {
    let lines = db::decisions::lines(&state.db, d.id).await?;
    let base = base_of(state, &d).await?.unwrap_or((0, String::new()));
    let rounding = db::council::cash_rounding(&state.db, c.rule_set_id).await?;
    let amounts = amounts(&lines, (base.0, rounding));
    let profile = crate::web::papers::issuer_profile(state, &c).await?;
    let mut bases = crate::web::papers::legal_bases(state, &c, &profile).await?;
    let amends = match d.amends_id {
        Some(a) => db::decisions::get(&state.db, a)
            .await?
            .map(|a| (a.number_text(), a.decided_on, d.correction.clone())),
        None => None,
    };
    if let (Some((no, on, _)), Some(a)) = (&amends, d.amends_id) {
        // the amended decision as its own summary names it
        let amended = db::decisions::lines(&state.db, a).await?;
        let what = crate::export::decision::summary(
            &awarded(&amended, &vec![None; amended.len()]),
            c.plan.year,
        );
        bases.push(format!(
            "Căn cứ Quyết định số {no} ngày {} của Giám đốc {} {};",
            fmt_date(*on),
            c.issuer_unit_name,
            crate::domain::names::sentence_case(&what)
        ));
    }
    let doc = DecisionDoc {
        amends,
        parent_body: c.plan.parent_body.clone(),
        issuer: c.plan.issuer_name.clone(),
        issuer_text: c.issuer_unit_name.clone(),
        place_name: c.plan.place.clone(),
        number: d.number_text(),
        decided_on: d.decided_on,
        year: c.plan.year,
        bases,
        proposer: d.proposer.clone(),
        lines: awarded(&lines, &amounts),
        base_salary: base,
        signer: d.signer(),
        signer_name: d.signer_name.clone(),
        executors: profile.executors,
    };
    let bytes = crate::export::docx::render(&crate::export::decision::decision(&doc))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))?;
    let name = match d.number {
        Some(n) => format!("quyet-dinh-{n:02}-{}.docx", d.year.unwrap_or(c.plan.year)),
        None => format!("du-thao-quyet-dinh-{}.docx", d.id),
    };
    Ok((bytes, name))
}

/// Changes a draft's date and proposer (`decided_on`, `proposer`, `version`).
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, id).await?;
    user.require(loaded.manage)?;
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let on = parse_date(f.decided_on.as_deref().unwrap_or(""));
    let (proposer, correction) = (text(&f.proposer), text(&f.correction));
    let lines = db::decisions::lines(&state.db, id).await?;
    let revoked = super::decision_amend::revoked(&f.rows, &lines);
    let mut errors = Errors::default();
    if !loaded.d.is(DecisionStatus::Draft) {
        errors.push("_form", "decision.err_not_draft");
    }
    if let Err(e) = on {
        errors.push("decided_on", e);
    }
    if proposer.is_empty() || proposer.chars().count() > 300 {
        errors.push("proposer", "decision.err_proposer");
    }
    let amending = loaded.d.amends_id.is_some();
    if amending && (correction.is_empty() || correction.chars().count() > 2000) {
        errors.push("correction", "decision.err_correction");
    }
    let (Ok(on), true) = (on, errors.is_empty()) else {
        return render_invalid(&page(&state, ctx, loaded, (errors, f)).await?);
    };
    let version = f.version().unwrap_or(-1);
    let edit = db::decisions::Edit {
        decided_on: on,
        proposer: &proposer,
        correction: if amending { &correction } else { "" },
        revoked: &revoked,
    };
    let mut tx = state.db.begin().await?;
    if !db::decisions::update(&mut tx, At { id, version }, &edit).await? {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "decision", &id.to_string()).await?;
        return render_invalid(&page(&state, ctx, loaded, (errors, f)).await?);
    }
    let was_revoked: Vec<i64> = lines
        .iter()
        .filter(|l| l.revoked)
        .map(|l| l.line_id)
        .collect();
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "decision", id.to_string())
            .summary(format!("{} — {}", loaded.c.plan.title, fmt_date(on)))
            .before(Some(serde_json::json!({
                "decided_on": loaded.d.decided_on, "proposer": loaded.d.proposer,
                "correction": loaded.d.correction, "revoked": was_revoked,
            })))
            .after(Some(serde_json::json!({
                "decided_on": on, "proposer": proposer, "correction": edit.correction,
                "revoked": revoked,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/decisions/{id}"),
        ctx.t("decision.saved"),
    ))
}

/// The Director (or a deputy) approves a draft: the next number of the register, the cash fixed.
pub async fn approve(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, id).await?;
    let signs = loaded.signs.ok_or(AppError::Forbidden)?;
    let deputy = signs.is_deputy();
    let d = loaded.d.clone();
    let version = f.version();
    let base = db::decisions::base_salary_on(&state.db, d.decided_on).await?;
    let rounding = db::council::cash_rounding(&state.db, loaded.c.rule_set_id).await?;
    let lines = db::decisions::lines(&state.db, id).await?;
    let no_multiple = d.amends_id.is_none()
        && !crate::export::decision::missing_multiples(&awarded(
            &lines,
            &amounts(&lines, (0, rounding)),
        ))
        .is_empty();
    let error = match (&base, d.is(DecisionStatus::Draft)) {
        (_, false) => Some(Errors::form("decision.err_not_draft")),
        // nobody approves a draft they wrote (issue 28, 1)
        _ if d.created_by == Some(user.user_id) => Some(Errors::form("decision.err_own_draft")),
        _ if no_multiple => Some(Errors::form("decision.err_no_multiple")),
        _ if version != Some(d.version) => {
            Some(crate::web::forms::stale(&state.db, "decision", &id.to_string()).await?)
        }
        (None, _) => Some(Errors::form("decision.err_no_salary")),
        _ => None,
    };
    // a deputy signs for the Director only under a delegation in force for this decision
    let delegation = match (deputy, &error) {
        (true, None) => {
            let scope = (d.issuer_unit_id, d.decided_on, loaded.c.plan.kind.as_str());
            db::delegations::covering(&state.db, user.user_id, scope).await?
        }
        _ => None,
    };
    let error = match error {
        None if deputy && delegation.is_none() => Some(Errors::form("decision.err_no_delegation")),
        e => e,
    };
    let (None, Some((base, _))) = (error.as_ref(), base) else {
        let errors = error.unwrap_or_else(|| Errors::form("decision.err_no_salary"));
        return render_invalid(&page(&state, ctx, loaded, (errors, f)).await?);
    };
    let approval = Approval {
        signer: (signs, &user.display_name),
        base_salary: base,
        rounding,
        delegation: delegation.as_ref(),
    };
    let by = By::new(&actor, user.user_id);
    let mut tx = state.db.begin().await?;
    let Some(_) = db::numbered::approve_decision(&mut tx, &by, &d, &approval).await? else {
        // approved or changed meanwhile: nothing taken from the register
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "decision", &id.to_string()).await?;
        return render_invalid(&page(&state, ctx, loaded, (errors, f)).await?);
    };
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/decisions/{id}"),
        ctx.t("decision.approved"),
    ))
}
