//! The trust store and the signing certificates pinned to accounts (issue 28, 1): an administrator
//! of the whole organisation loads the CA certificates and revocation lists signed decisions are
//! checked against; an account's administrator registers its signing certificates, or confirms one
//! proposed when it was first used on a decision. Every change is audited.

use super::users::{lock_managed, require_manages, show_page};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::trust::AccountCert;
use crate::domain::names::clean_text;
use crate::domain::pki;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::Errors;
use crate::web::extract::{Form, Path};
use crate::web::files::read_upload;
use crate::web::forms::EmptyForm;
use crate::web::{Ctx, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::{Request, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "admin/trust.html")]
pub struct TrustPage {
    pub ctx: Ctx,
    pub anchors: Vec<db::trust::Anchor>,
    pub errors: Errors,
    pub note: String,
}

impl TrustPage {
    fn cas(&self) -> Vec<&db::trust::Anchor> {
        self.anchors.iter().filter(|a| a.kind == "ca").collect()
    }
    fn crls(&self) -> Vec<&db::trust::Anchor> {
        self.anchors.iter().filter(|a| a.kind == "crl").collect()
    }
    fn short(&self, sha: &str) -> String {
        sha.chars().take(16).collect()
    }
}

async fn trust_page(
    state: &AppState,
    ctx: Ctx,
    errors: Errors,
    note: String,
) -> AppResult<TrustPage> {
    Ok(TrustPage {
        ctx,
        anchors: db::trust::anchors(&state.db).await?,
        errors,
        note,
    })
}

/// The trust store: the organisation's, so its administrators of the whole organisation keep it.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    render(&trust_page(&state, ctx, Errors::default(), String::new()).await?)
}

/// What an uploaded trust-store file holds: CA certificates, or one revocation list.
enum Loaded {
    Cas(Vec<pki::Described>),
    Crl(pki::Described, usize),
}

fn read_trust_file(bytes: &[u8]) -> Result<Loaded, &'static str> {
    match pki::certificates(bytes) {
        Ok(certs) if certs.iter().all(|c| c.is_ca) => Ok(Loaded::Cas(certs)),
        Ok(_) => Err("pki.err_not_ca"),
        Err(_) => pki::revocation_list(bytes)
            .map(|(d, n)| Loaded::Crl(d, n))
            .map_err(|_| "pki.err_unreadable"),
    }
}

/// Loads CA certificates (PEM, several at once, or DER) or a revocation list into the trust store.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    req: Request,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let (file, f) = read_upload(&state, req).await?;
    let note = clean_text(f.get("note").map(String::as_str).unwrap_or(""));
    let mut errors = Errors::default();
    if note.chars().count() > 300 {
        errors.push("note", "pki.err_note");
    }
    let loaded = match file.filter(|(_, b)| !b.is_empty()) {
        None => Err("pki.err_no_file"),
        Some((_, bytes)) => read_trust_file(&bytes),
    };
    let loaded = match loaded {
        Ok(l) if errors.is_empty() => l,
        Ok(_) => return render_invalid(&trust_page(&state, ctx, errors, note).await?),
        Err(key) => {
            errors.push("file", key);
            return render_invalid(&trust_page(&state, ctx, errors, note).await?);
        }
    };
    let entries: Vec<(&str, pki::Described, Option<usize>)> = match loaded {
        Loaded::Cas(certs) => certs.into_iter().map(|c| ("ca", c, None)).collect(),
        Loaded::Crl(d, n) => vec![("crl", d, Some(n))],
    };
    let mut tx = state.db.begin().await?;
    let mut added = 0;
    for (kind, d, revoked) in &entries {
        let Some(id) = db::trust::add_anchor(&mut *tx, (kind, d, &note), user.user_id).await?
        else {
            continue;
        };
        added += 1;
        audit::record(
            &mut *tx,
            &actor,
            Entry::new("add", "trust_anchor", id.to_string())
                .summary(format!("{kind}: {}", d.subject))
                .after(Some(serde_json::json!({
                    "kind": kind, "subject": d.subject, "issuer": d.issuer, "sha256": d.sha256,
                    "valid_from": d.valid_from, "valid_to": d.valid_to, "note": note,
                    "revoked": revoked,
                }))),
        )
        .await?;
    }
    tx.commit().await?;
    let message = if added == 0 {
        ctx.t("pki.already_there").to_string()
    } else {
        ctx.tf("pki.loaded", [added.to_string().as_str()])
    };
    Ok(redirect_flash("/admin/trust", &message))
}

/// Removes a CA certificate or a revocation list (decisions already issued keep what their check
/// said at issue).
pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(_): Form<EmptyForm>,
) -> AppResult<Response> {
    user.require(user.is_root_admin())?;
    let mut tx = state.db.begin().await?;
    let (kind, subject, sha256) = db::trust::remove_anchor(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("remove", "trust_anchor", id.to_string())
            .summary(format!("{kind}: {subject}"))
            .before(Some(
                serde_json::json!({"kind": kind, "subject": subject, "sha256": sha256}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash("/admin/trust", ctx.t("pki.removed")))
}

/// Registers a signing certificate on account `id` (confirmed: an administrator registers it).
/// Nobody pins a certificate to their own account.
pub async fn add_signer_cert(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    req: Request,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    let (file, _) = read_upload(&state, req).await?;
    let read = match file.filter(|(_, b)| !b.is_empty()) {
        None => Err("pki.err_no_file"),
        Some((_, bytes)) => match pki::certificates(&bytes) {
            Ok(mut certs) if certs.len() == 1 && !certs[0].is_ca => Ok(certs.remove(0)),
            Ok(_) => Err("pki.err_one_signer_cert"),
            Err(key) => Err(key),
        },
    };
    let checked = match read {
        _ if id == user.user_id => Err("pki.err_own_cert"),
        Ok(d) if d.valid_from.is_none() || d.valid_to.is_none() => Err("pki.err_unreadable"),
        other => other,
    };
    let d = match checked {
        Ok(d) => d,
        Err(key) => {
            let mut errors = Errors::default();
            errors.push("signer_cert", key);
            return render_invalid(&show_page(&state, ctx, &user, id, errors).await?);
        }
    };
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    // registering a certificate proposed at first use confirms it
    let confirmed = db::trust::add_signer_cert(&mut *tx, (id, &d, true), user.user_id).await?;
    if let Some(cert_id) = confirmed {
        audit::record(
            &mut *tx,
            &actor,
            Entry::new("pin_certificate", "user", id.to_string())
                .summary(format!("{} ({})", d.subject, d.issuer))
                .after(Some(serde_json::json!({
                    "certificate": cert_id, "subject": d.subject, "issuer": d.issuer,
                    "serial": d.serial, "sha256": d.sha256,
                    "valid_from": d.valid_from, "valid_to": d.valid_to,
                }))),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}#signing-certificates"),
        ctx.t(if confirmed.is_some() {
            "form.saved"
        } else {
            "pki.already_there"
        }),
    ))
}

/// Confirms a certificate proposed when it was first used on a decision.
pub async fn confirm_signer_cert(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, cert)): Path<(i64, i64)>,
    Form(_): Form<EmptyForm>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    user.require(id != user.user_id)?;
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    let subject =
        db::trust::confirm_signer_cert(&mut *tx, AccountCert { user: id, id: cert }, user.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("confirm_certificate", "user", id.to_string())
            .summary(subject.clone())
            .after(Some(
                serde_json::json!({"certificate": cert, "subject": subject}),
            )),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}#signing-certificates"),
        ctx.t("pki.confirmed"),
    ))
}

/// Removes a signing certificate (or refuses a proposal) from account `id`.
pub async fn remove_signer_cert(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, cert)): Path<(i64, i64)>,
    Form(_): Form<EmptyForm>,
) -> AppResult<Response> {
    require_manages(&state, &user, id).await?;
    let mut tx = state.db.begin().await?;
    lock_managed(&mut tx, &user, id).await?;
    let (subject, sha256, status) =
        db::trust::remove_signer_cert(&mut *tx, AccountCert { user: id, id: cert })
            .await?
            .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("unpin_certificate", "user", id.to_string())
            .summary(subject.clone())
            .before(Some(serde_json::json!({
                "certificate": cert, "subject": subject, "sha256": sha256, "status": status,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/admin/users/{id}#signing-certificates"),
        ctx.t("pki.removed"),
    ))
}
