//! Issuing a decision and the award registry: the signed PDF of an approved decision is uploaded,
//! its digital signature checked with poppler's `pdfsig` (valid, covering the whole file, signed by
//! the decision's signer) and kept; the decision is then issued and every line enters the registry
//! with a verification code. Anyone may check a code at `/verify/{code}` (no sign-in, a limited
//! number of checks per address and minute); `/api/v1/awards` lists the registry, scoped like the
//! pages.

use super::decisions::Loaded;
use crate::auth::{CurrentUser, MaybeUser};
use crate::db;
use crate::domain::signature::Signature;
use crate::error::{ApiError, AppError, AppResult};
use crate::state::AppState;
use crate::storage;
use crate::web::extract::Path;
use crate::web::files::check_file;
use crate::web::files::read_upload;
use crate::web::{ClientIp, Ctx, redirect_flash, render};
use askama::Template;
use axum::Json;
use axum::extract::{Extension, Request, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Checks at /verify per address and minute.
const VERIFY_PER_MINUTE: i32 = 30;
/// Checks a minute from every client together (a client with many addresses meets this one).
pub const VERIFY_GLOBAL_PER_MINUTE: i32 = 600;

/// Where the signed PDF's text differs from the decision as approved (the app's own rendering of
/// it, read the same way), if it does.
async fn text_difference(
    state: &AppState,
    loaded: &Loaded,
    signed: Vec<u8>,
) -> AppResult<Option<String>> {
    let approved = super::decisions::rendered_pdf(state, loaded.clone()).await?;
    let approved = state.renderer.pdf_text(&approved).await?;
    let signed = state.renderer.pdf_text(&signed).await?;
    Ok(crate::domain::signature::text_difference(
        &approved, &signed,
    ))
}

/// The key of what is wrong with signature `s` as a signature (whose it is comes later), if anything.
fn signature_problem(s: &Option<Signature>) -> Option<&'static str> {
    match s {
        None => Some("decision.err_unsigned"),
        Some(s) if !s.valid => Some("decision.err_invalid"),
        Some(s) if !s.whole_document => Some("decision.err_changed"),
        Some(_) => None,
    }
}

/// The signature of `pdf`, the signed PDF of the approved decision `loaded`, once it passed every
/// check: a valid signature over the whole file, over the approved text, by the approver with
/// their pinned certificate under a trusted CA. Else why not: a locale key, and the particulars
/// the page shows after it.
async fn checked_signature(
    state: &AppState,
    uploader: (&CurrentUser, &str),
    loaded: &Loaded,
    pdf: Vec<u8>,
) -> AppResult<Result<Box<Signature>, (&'static str, Option<String>)>> {
    let examined = state.renderer.examine(&pdf).await?;
    if let Some(key) = signature_problem(&examined.sig) {
        return Ok(Err((key, None)));
    }
    // what was signed is what was approved: number, date, every line's person, title and amount
    if let Some(difference) = text_difference(state, loaded, pdf).await? {
        return Ok(Err(("decision.err_text", Some(difference))));
    }
    // and signed by the approver, with their pinned certificate under a trusted CA
    let Some(found) = examined.sig else {
        return Ok(Err(("decision.err_unsigned", None)));
    };
    let d = &loaded.d;
    Ok(
        match super::signing::check(state, uploader, d, (found, examined.cms)).await? {
            super::signing::Verdict::Trusted(s) => Ok(s),
            super::signing::Verdict::Refused(key, detail) => Err((key, Some(detail))),
        },
    )
}

/// `n` fresh verification codes.
pub(super) fn fresh_codes(n: usize) -> AppResult<Vec<String>> {
    crate::domain::council::verification_codes(n)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("random: {e}")))
}

/// Uploads the signed PDF of an approved decision (`file`); a valid signature by its signer over
/// the whole file issues it and enters its lines in the registry.
pub async fn issue(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    axum::extract::Path(id): axum::extract::Path<i64>,
    req: Request,
) -> AppResult<Response> {
    let loaded = super::decisions::load(&state, &user, id).await?;
    let (file, fields) = read_upload(&state, req).await?;
    let f: super::decisions::DecisionForm = crate::web::extract::typed_fields(fields)?;
    let d = loaded.d.clone();
    let version = f.version();
    // the signer uploads, or the Office for the decision they approved; never another director
    user.require(
        user.is_office_of(&loaded.c.issuer_unit_path) || d.approved_by == Some(user.user_id),
    )?;
    let approved = d.is(crate::domain::numbered::DecisionStatus::Approved);
    let checked = match approved {
        true if version != Some(d.version) => Err("err.stale"),
        true => check_file(&state, file, &[storage::PDF]),
        _ => Err("decision.err_not_approved"),
    };
    let scan = match checked {
        Ok(s) => s,
        Err(key) => return super::decisions::invalid(&state, ctx, loaded, ("file", key), f).await,
    };
    let sig = match checked_signature(&state, (&user, &ip), &loaded, scan.bytes.clone()).await? {
        Ok(sig) => sig,
        Err((key, detail)) => {
            let f = super::decisions::DecisionForm {
                text_difference: detail,
                ..f
            };
            return super::decisions::invalid(&state, ctx, loaded, ("file", key), f).await;
        }
    };
    // the organisation's own signature over the signer's, when its key is configured
    let (mut scan, mut sig) = (scan, sig);
    if let Err(detail) = super::signing::seal(&state, &mut scan, &mut sig).await? {
        let f = super::decisions::DecisionForm {
            text_difference: Some(detail),
            ..f
        };
        return super::decisions::invalid(&state, ctx, loaded, ("file", "decision.err_seal"), f)
            .await;
    }
    let sig_json = serde_json::to_value(&sig).unwrap_or_default();
    let lines = db::decisions::lines(&state.db, id).await?;
    let codes = fresh_codes(lines.len())?;
    let mut tx = state.db.begin().await?;
    let doc = storage::save(
        &mut tx,
        &state.files,
        storage::Owner::Decision(id),
        "signed_decision",
        &scan,
        user.user_id,
    )
    .await?;
    let copy = db::numbered::SignedCopy {
        document_id: doc,
        name: &scan.name,
        sha256: &scan.sha256,
        signature: &sig_json,
    };
    let actor = user.actor(&ip);
    let by = db::numbered::By::new(&actor, user.user_id);
    if db::numbered::issue_decision(&mut tx, &by, &d, &copy, &codes)
        .await?
        .is_none()
    {
        tx.rollback().await?;
        return super::decisions::invalid(&state, ctx, loaded, ("_form", "err.stale"), f).await;
    }
    // those it awards hear of it
    let number = d.number_text();
    let on = crate::domain::dates::fmt_date(d.decided_on);
    let args = [number.as_str(), on.as_str(), loaded.c.plan.title.as_str()];
    let link = format!("/decisions/{id}");
    db::notifications::notify_awarded(&mut tx, id, ("decision_issued", &link, &args)).await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/decisions/{id}"),
        ctx.t("decision.issued"),
    ))
}

#[derive(Template)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    pub ctx: Ctx,
    pub code: String,
    pub award: Option<db::registry::Verified>,
}

/// The public check of a verification code: 200 with the award's title, year, recipient and
/// decision for a real code, 404 otherwise, 429 after too many checks from one address.
pub async fn verify(
    State(state): State<AppState>,
    ctx: Ctx,
    ClientIp(ip): ClientIp,
    Path(code): Path<String>,
) -> AppResult<Response> {
    // per address (an IPv6 client by its /64), and a budget shared by every client
    let mine = db::registry::hit(&state.db, &crate::domain::throttle::network_key(&ip)).await?;
    let all = db::registry::hit(&state.db, "*").await?;
    if mine > VERIFY_PER_MINUTE || all > VERIFY_GLOBAL_PER_MINUTE {
        let mut r = (
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            ctx.t("verify.too_many"),
        )
            .into_response();
        r.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("60"),
        );
        return Ok(r);
    }
    let code = code.trim().to_ascii_uppercase();
    let code: String = code.chars().filter(|c| *c != '-' && *c != ' ').collect();
    let award = if code.len() == 8 || code.len() == crate::domain::council::CODE_LEN {
        db::registry::verify(&state.db, &code).await?
    } else {
        None
    };
    let found = award.is_some();
    let mut r = render(&VerifyPage { ctx, code, award })?;
    if !found {
        *r.status_mut() = axum::http::StatusCode::NOT_FOUND;
    }
    Ok(r)
}

/// The registry's filters.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AwardsQuery {
    /// the year of the award
    pub year: Option<i32>,
    /// a person's id
    pub person: Option<i64>,
    /// a unit's code: its own awards and its people's
    pub unit: Option<String>,
}

/// An entry of the award registry.
#[derive(Serialize, ToSchema)]
#[schema(as = Award)]
pub struct AwardJson {
    pub id: i64,
    pub year: i32,
    /// "person" or "unit"
    pub subject: &'static str,
    pub person_id: Option<i64>,
    /// the unit's code (for a person, their unit's)
    pub unit_code: Option<String>,
    pub title_code: String,
    /// annual, thematic, unexpected, long_service
    pub kind: String,
    /// grassroots, province, state (null for imported history that did not say)
    pub level: Option<String>,
    pub decision_no: String,
    pub decided_on: Option<chrono::NaiveDate>,
    pub issuer: String,
    pub verification_code: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/awards",
    operation_id = "listAwards",
    summary = "The award registry: awards from decisions, higher authorities' decisions and imported history",
    security(("session" = [])),
    params(AwardsQuery),
    responses(
        (status = 200, description = "Entries the user may see (the people and units they read; staff their own), newest year first", body = Vec<AwardJson>),
        (status = 400, description = "A parameter that is not a number, or one given twice", body = crate::error::ApiErrorBody),
        (status = 404, description = "No unit has the code given", body = crate::error::ApiErrorBody)
    )
)]
pub async fn api(
    State(state): State<AppState>,
    Extension(user): Extension<MaybeUser>,
    crate::web::extract::Query(q): crate::web::extract::Query<AwardsQuery>,
) -> Result<Json<Vec<AwardJson>>, ApiError> {
    let user = user
        .0
        .ok_or(AppError::Unauthenticated { next: "/".into() })?;
    let scope = user.people_read_scope();
    let (patterns, own) = if scope.is_empty() {
        (vec!["%".to_string()], user.person_id.or(Some(-1)))
    } else {
        (scope, None)
    };
    let person = match (own, q.person) {
        (Some(me), Some(p)) if p != me => Some(-1),
        (Some(me), _) => Some(me),
        (None, p) => p,
    };
    // an unknown unit is not found (an empty list would read as "no awards")
    if let Some(code) = q.unit.as_deref() {
        db::units::by_code(&state.db, code)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let rows =
        db::registry::entries(&state.db, &patterns, (q.year, person, q.unit.as_deref())).await?;
    Ok(Json(
        rows.into_iter()
            .map(|e| AwardJson {
                id: e.id,
                year: e.year,
                subject: if e.person_id.is_some() {
                    "person"
                } else {
                    "unit"
                },
                person_id: e.person_id,
                unit_code: e.unit_code,
                title_code: e.title_code,
                kind: e.kind,
                level: e.level,
                decision_no: e.decision_no,
                decided_on: e.decided_on,
                issuer: e.issuer,
                verification_code: e.verification_code,
            })
            .collect(),
    ))
}
