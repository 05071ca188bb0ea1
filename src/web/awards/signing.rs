//! Whose signature a signed decision carries (issue 28, 1): poppler's `pdfsig` says whether the
//! signature is valid and covers the whole file and hands over its CMS SignedData; the signer's
//! certificate must chain to a CA of the trust store at the signing time (not revoked by a loaded
//! list, allowing signatures) and be a confirmed certificate pinned to the account of the director
//! who approved the decision. A certificate that passes all but the pin is proposed for that
//! account, for an administrator to confirm.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::decisions::Decision;
use crate::domain::pki;
use crate::domain::signature::{Signature, signed_at_text, signed_at_utc};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The answer of the checks: the signature with what they established, or why it is refused (a
/// locale key and the particulars the page shows after it).
pub enum Verdict {
    Trusted(Box<Signature>),
    Refused(&'static str, String),
}

/// How long a signing time may lie ahead of the server's clock.
const CLOCK_SKEW_MINUTES: i64 = 5;

/// Checks the signer of `sig` (whose CMS is `cms`) for decision `d`, uploaded by `user` from
/// `ip`; proposes the certificate for the approver's account when only the pin is missing.
pub async fn check(
    state: &AppState,
    (user, ip): (&CurrentUser, &str),
    d: &Decision,
    (mut sig, cms): (Signature, Option<Vec<u8>>),
) -> AppResult<Verdict> {
    let refuse = |key, detail: String| Ok(Verdict::Refused(key, detail));
    let Some(approver) = d.approved_by else {
        return refuse("decision.err_not_approved", String::new());
    };
    let Some(signed_at) = signed_at_utc(&sig.signed_at) else {
        return refuse("pki.err_no_time", sig.signed_at.clone());
    };
    if signed_at > chrono::Utc::now() + chrono::Duration::minutes(CLOCK_SKEW_MINUTES) {
        return refuse("pki.err_future_time", signed_at_text(&sig.signed_at));
    }
    let Some(cms) = cms else {
        return refuse("pki.err_signature_data", String::new());
    };
    let (cas, crls) = db::trust::store(&state.db).await?;
    if cas.is_empty() {
        return refuse("pki.err_no_trust_store", String::new());
    }
    let checked =
        tokio::task::spawn_blocking(move || pki::check_signer(&cms, &cas, &crls, signed_at))
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("certificate check: {e}")))?;
    let c = match checked {
        Ok(c) => c,
        Err(key) => return refuse(key, String::new()),
    };
    let who = format!("{} — {}", c.cert.subject, c.cert.issuer);
    if let Some(r) = &c.refusal {
        return refuse(r.key, format!("{who} ({})", r.detail));
    }
    let pinned = db::trust::signer_cert(&state.db, approver, &c.cert.sha256).await?;
    let key = match &pinned {
        Some(p) if p.status.is_confirmed() => None,
        Some(_) => Some("pki.err_awaiting"),
        None => {
            propose(state, (user, ip), approver, &c.cert).await?;
            Some("pki.err_not_pinned")
        }
    };
    if let Some(key) = key {
        let name = db::users::get(&state.db, approver)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        return refuse(key, format!("{name}: {who}"));
    }
    let pin = pinned.map(|p| p.id);
    sig.issuer = c.cert.issuer.clone();
    sig.serial = c.cert.serial.clone();
    sig.sha256 = c.cert.sha256.clone();
    sig.trusted = true;
    sig.anchor = c.anchor.unwrap_or_default();
    sig.crl_checked = c.crl_checked;
    sig.pinned_certificate = pin;
    Ok(Verdict::Trusted(Box::new(sig)))
}

/// Records certificate `cert` as proposed for account `approver` (first used on a decision), for
/// an administrator to confirm; audited.
async fn propose(
    state: &AppState,
    (user, ip): (&CurrentUser, &str),
    approver: i64,
    cert: &pki::Described,
) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if let Some(id) =
        db::trust::add_signer_cert(&mut *tx, (approver, cert, false), user.user_id).await?
    {
        audit::record(
            &mut *tx,
            &user.actor(ip),
            Entry::new("propose_certificate", "user", approver.to_string())
                .summary(format!("{} ({})", cert.subject, cert.issuer))
                .after(Some(serde_json::json!({
                    "certificate": id, "subject": cert.subject, "issuer": cert.issuer,
                    "serial": cert.serial, "sha256": cert.sha256,
                }))),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Why the organisation's signature is added: the reason written in it.
const SEAL_REASON: &str =
    "Chữ ký số của cơ quan, tổ chức ban hành văn bản (Nghị định 30/2020/NĐ-CP)";

/// Adds the organisation's signature to the signed PDF `scan` when a key is configured, and
/// checks the result with pdfsig (both signatures valid, the organisation's over the whole file);
/// `Err` with the reason when it could not be added (the decision is not issued then).
pub async fn seal(
    state: &AppState,
    scan: &mut crate::storage::Checked,
    sig: &mut Signature,
) -> AppResult<Result<(), String>> {
    let Some(config) = state.settings.seal.clone() else {
        return Ok(Ok(()));
    };
    let pdf = scan.bytes.clone();
    let sealed = tokio::task::spawn_blocking(move || crate::seal::seal(&config, &pdf, SEAL_REASON))
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("seal: {e}")))?;
    let sealed = match sealed {
        Ok(s) => s,
        Err(e) => {
            tracing::error!("the organisation's signature could not be added: {e:#}");
            return Ok(Err(format!("{e:#}")));
        }
    };
    let report = state.renderer.pdfsig(&sealed.bytes).await?;
    let all = crate::domain::signature::parse_pdfsig_all(&report);
    let holds = all.len() == 2 && all[0].valid && all[1].valid && all[1].whole_document;
    if !holds {
        tracing::error!("the sealed PDF does not verify: {report}");
        return Ok(Err("the sealed PDF does not verify with pdfsig".into()));
    }
    sig.org = Some(crate::domain::signature::OrgSignature {
        signer: sealed.signer,
        issuer: sealed.issuer,
        signed_at: sealed.signed_at.format("%b %d %Y %H:%M:%S").to_string(),
    });
    scan.sha256 = crate::domain::digest::sha256_hex(&sealed.bytes);
    scan.bytes = sealed.bytes;
    Ok(Ok(()))
}
