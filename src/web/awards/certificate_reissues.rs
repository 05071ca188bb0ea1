//! A certificate issued again (cấp lại when lost, cấp đổi when damaged): recorded by the Office on
//! the issued decision's page with its reason, it takes its own line of the issuer's award register
//! and prints with that line and its date (`/certificate-reissues/{id}.pdf`); audited.

use super::decisions::Loaded;
use super::decisions::{DecisionForm, invalid, load};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::certificates::{Reissue, ReissueOf};
use crate::db::decisions::Decision;
use crate::db::keys::IssuerYear;
use crate::domain::dates::today_vn;
use crate::domain::names::clean_text;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, redirect_flash};
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;

/// What an issued decision's page shows of its certificates: those issued again, and the awards
/// that have a certificate (registry entry, "who — what") for the form.
pub(super) async fn of_page(
    state: &AppState,
    d: &Decision,
) -> AppResult<(Vec<Reissue>, Vec<(i64, String)>)> {
    if !d.is(crate::domain::numbered::DecisionStatus::Issued) || d.amends_id.is_some() {
        return Ok((Vec::new(), Vec::new()));
    }
    let reissues = db::certificates::reissues(&state.db, Some(d.id), None).await?;
    let certified = db::certificates::of_decision(&state.db, d.id)
        .await?
        .into_iter()
        .filter(|r| r.certificate != "none")
        .map(|r| (r.award_id, format!("{} — {}", r.subject, r.title_vi)))
        .collect();
    Ok((reissues, certified))
}

/// Records a certificate of decision `id` issued again: `award` (one of its awards with a
/// certificate), `kind` (reissue, exchange), `reason`; the next line of the award register.
pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, id).await?;
    user.require(loaded.manage)?;
    let d = loaded.d.clone();
    let (_, certified) = of_page(&state, &d).await?;
    let award: Option<i64> = f.award.parse().ok();
    let kind = f.kind.as_str();
    let reason = clean_text(&f.reason);
    let error = if !d.is(crate::domain::numbered::DecisionStatus::Issued) || d.amends_id.is_some() {
        Some(("_form", "certificate.err_not_issued"))
    } else if !award.is_some_and(|a| certified.iter().any(|c| c.0 == a)) {
        Some(("award", "err.choose"))
    } else if !["reissue", "exchange"].contains(&kind) {
        Some(("kind", "err.choose"))
    } else if reason.is_empty() || reason.chars().count() > 500 {
        Some(("reason", "certificate.err_reason"))
    } else {
        None
    };
    let (None, Some(award)) = (error, award) else {
        let e = error.unwrap_or(("award", "err.choose"));
        return invalid(&state, ctx, loaded, e, f).await;
    };
    let on = today_vn();
    let mut tx = state.db.begin().await?;
    let no = db::certificates::take_register_lines(
        &mut tx,
        IssuerYear {
            issuer: d.issuer_unit_id,
            year: on.year(),
        },
        1,
    )
    .await?;
    let rid = db::certificates::reissue(
        &mut tx,
        ReissueOf {
            award,
            kind,
            reason: &reason,
        },
        (d.issuer_unit_id, on, no),
        user.user_id,
    )
    .await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "certificate_reissue", rid.to_string())
            .summary(format!("{} — register {no}/{}", d.number_text(), on.year()))
            .after(Some(serde_json::json!({
                "decision_id": id, "award_id": award, "kind": kind, "reason": reason,
                "register_no": no, "issued_on": on,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/decisions/{id}#reissues-h"),
        ctx.t("certificate.reissued"),
    ))
}

/// `/certificate-reissues/{id}.pdf`: a certificate issued again, for whoever reads its decision.
pub async fn pdf(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(file): Path<String>,
) -> AppResult<Response> {
    let id: i64 = file
        .strip_suffix(".pdf")
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound)?;
    let r = db::certificates::reissues(&state.db, None, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let decision = r.decision_id.ok_or(AppError::NotFound)?;
    let Loaded { d, c, .. } = load(&state, &user, decision).await?;
    let row = db::certificates::of_decision(&state.db, decision)
        .await?
        .into_iter()
        .find(|x| x.award_id == r.award_id)
        .ok_or(AppError::NotFound)?;
    let Some(cert) = super::certificates::certificate_of(&state, (&c, &d), &row, Some(&r)) else {
        return Ok(redirect_flash(
            &format!("/decisions/{decision}"),
            ctx.t("certificate.err_none"),
        ));
    };
    let (layout, _) = db::certificates::layout(&state.db, d.issuer_unit_id).await?;
    let title = format!("Cấp lại giấy chứng nhận, giấy khen — {}", r.subject);
    let bytes = tokio::task::spawn_blocking(move || {
        crate::export::certificate::certificates(&layout, &title, &[cert])
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::anyhow!("certificate: {e}")))??;
    Ok(crate::web::files::attachment(
        bytes,
        crate::storage::PDF,
        &format!("cap-lai-{id}.pdf"),
    ))
}
