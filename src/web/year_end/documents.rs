//! The dossiers' files: the review minutes generated as .docx, the signed scan attached to the
//! review, documents attached to a proposal line, and every download. A file is accepted by what
//! its bytes are (PDF, .docx, PNG, JPEG), within the size limit, with its SHA-256 kept; it is
//! always sent as an attachment under a sandboxing policy, never shown inline.

use super::meeting::access;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::documents::Document;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage;
use crate::web::Actor;
use crate::web::access::readable;
use crate::web::files::read_upload;
use crate::web::files::{attachment, check_file};
use crate::web::{Ctx, Errors, redirect_flash, render_invalid};
use axum::extract::{Request, State};
use axum::response::Response;

/// The minutes of a unit's review as .docx, filled in from what the head recorded.
pub async fn minutes_docx(
    State(state): State<AppState>,
    user: CurrentUser,
    axum::extract::Path((id, unit_id)): axum::extract::Path<(i64, i64)>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let (unit, _) = access(&state, &user, &c, unit_id).await?;
    let bytes = crate::web::papers::minutes_bytes(&state, &user, &c, &unit).await?;
    Ok(attachment(
        bytes,
        storage::DOCX,
        &format!("bien-ban-binh-xet-{}-{}.docx", unit.code, c.plan.year),
    ))
}

/// Attaches the signed scan of the minutes (PDF or image) to the review; it replaces an earlier one
/// as the review's minutes (the earlier file stays in the review's documents).
pub async fn upload_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    axum::extract::Path((id, unit_id)): axum::extract::Path<(i64, i64)>,
    req: Request,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let (data, can_edit) = super::meeting::access_data(&state, &user, &c, unit_id).await?;
    user.require(can_edit)?;
    let unit = data.unit.clone();
    let (file, _) = read_upload(&state, req).await?;
    let back = format!("/campaigns/{id}/reviews/{unit_id}");
    let r = db::reviews::get(&state.db, c.id, unit.id).await?;
    let (_, waiting) = db::proposals::review_locks(&state.db, c.id, unit.id).await?;
    let checked = match r {
        None => Err("review.err_not_held"),
        Some(_) if waiting => Err("review.err_waiting"),
        Some(_) => check_file(&state, file, &[storage::PDF, storage::PNG, storage::JPEG]),
    };
    let (r, f) = match (r, checked) {
        (Some(r), Ok(f)) => (r, f),
        (_, checked) => {
            let key = checked.err().unwrap_or("review.err_not_held");
            let errors = Errors::one("scan", key);
            let typed = (None, None);
            let p = super::meeting::page(&state, ctx, &user, c, (data, can_edit), typed, errors);
            return render_invalid(&p.await?);
        }
    };
    let mut tx = state.db.begin().await?;
    let doc = storage::save(
        &mut tx,
        &state.files,
        storage::Owner::Review(r.id),
        "review_minutes",
        &f,
        user.user_id,
    )
    .await?;
    db::reviews::set_minutes_document(&mut *tx, r.id, doc).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("attach", "unit_review", format!("{}:{}", c.id, unit.id))
            .summary(format!("{} — {}", unit.name, f.name))
            .after(Some(serde_json::json!({
                "unit_id": unit.id, "document": doc, "name": f.name, "sha256": f.sha256,
                "size": f.bytes.len(), "content_type": f.content_type
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(&back, ctx.t("review.minutes_attached")))
}

/// May `user` read document `d`? Through its review (the unit's head, the Office, the council)
/// or its proposal line (the same, and the person the line is about).
async fn readable_document(state: &AppState, user: &CurrentUser, d: &Document) -> AppResult<()> {
    if let Some(x) = d.exemplar_id {
        super::exemplars::load(state, user, x).await?;
        return Ok(());
    }
    if let Some(m) = d.meeting_id {
        crate::web::access::meeting::load(state, user, m).await?;
        return Ok(());
    }
    if let Some(x) = d.decision_id {
        crate::web::access::decision::load(state, user, x).await?;
        return Ok(());
    }
    let (campaign_id, unit_id, person) = match (d.review_id, d.line_id) {
        (Some(r), _) => {
            let (c, u) = db::documents::review_owner(&state.db, r)
                .await?
                .ok_or(AppError::NotFound)?;
            (c, u, None)
        }
        (None, Some(l)) => db::documents::line_owner(&state.db, l)
            .await?
            .ok_or(AppError::NotFound)?,
        _ => return Err(AppError::NotFound),
    };
    let c = readable(state, user, campaign_id).await?;
    if person.is_some() && person == user.person_id {
        return Ok(());
    }
    access(state, user, &c, unit_id).await?;
    Ok(())
}

pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    crate::web::extract::Path(id): crate::web::extract::Path<i64>,
) -> AppResult<Response> {
    let d = db::documents::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    readable_document(&state, &user, &d).await?;
    let bytes = storage::get(&state.db, &state.files, &d).await?;
    Ok(attachment(bytes, &d.content_type, &d.name))
}

/// Attaches a document to a line of a proposal the unit may still change (multipart: line, kind,
/// file). A wrong type or an oversized file comes back on the proposal's page with the choices kept.
pub async fn upload_line(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    crate::web::extract::Path(id): crate::web::extract::Path<i64>,
    req: Request,
) -> AppResult<Response> {
    let loaded = super::proposals::load(&state, &user, id).await?;
    user.require(loaded.2.head)?;
    let (file, fields) = read_upload(&state, req).await?;
    let lines = db::proposals::lines(&state.db, id).await?;
    let line = fields
        .get("line")
        .and_then(|l| l.parse::<i64>().ok())
        .and_then(|l| lines.iter().find(|x| x.id == l))
        .filter(|l| l.status.editable());
    let kind = fields
        .get("kind")
        .and_then(|k| db::documents::KINDS.iter().find(|x| *x == k).copied());
    let mut errors = Errors::default();
    if line.is_none() {
        errors.push("doc_line", "err.choose");
    }
    if kind.is_none() {
        errors.push("kind", "err.choose");
    }
    let checked = check_file(
        &state,
        file,
        &[storage::PDF, storage::DOCX, storage::PNG, storage::JPEG],
    );
    if let Err(key) = checked {
        errors.push("file", key);
    }
    let (Some(line), Some(kind), Ok(f)) = (line, kind, checked) else {
        let field = |k: &str| fields.get(k).cloned().unwrap_or_default();
        let typed = super::proposals::ProposalForm {
            line: field("line"),
            kind: field("kind"),
            ..Default::default()
        };
        let p = super::proposals::page(&state, ctx, &user, loaded, typed, errors);
        return render_invalid(&p.await?);
    };
    let (p, _, _) = loaded;
    let mut tx = state.db.begin().await?;
    // the line is locked while the file is recorded: a submission waits for it, or it waits
    if !db::proposals::lock_editable_line(&mut tx, id, line.id).await? {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "proposal", &id.to_string()).await?;
        let loaded = super::proposals::load(&state, &user, id).await?;
        let p = super::proposals::page(&state, ctx, &user, loaded, Default::default(), errors);
        return render_invalid(&p.await?);
    }
    let doc = storage::save(
        &mut tx,
        &state.files,
        storage::Owner::Line(line.id),
        kind,
        &f,
        user.user_id,
    )
    .await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("attach", "proposal", id.to_string())
            .summary(format!("{} — {} — {}", p.unit_name, line.subject, f.name))
            .after(Some(serde_json::json!({
                "unit_id": p.unit_id, "line": line.id, "document": doc, "kind": kind,
                "name": f.name, "sha256": f.sha256, "size": f.bytes.len(), "content_type": f.content_type
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/proposals/{id}#line-{}", line.id),
        ctx.t("doc.attached"),
    ))
}

/// Removes a document of a line the unit may still change (after a confirmation in the page).
pub async fn delete_line_document(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    crate::web::extract::Path((id, doc)): crate::web::extract::Path<(i64, i64)>,
    crate::web::extract::Form(_f): crate::web::extract::Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let (p, _, powers) = super::proposals::load(&state, &user, id).await?;
    user.require(powers.head)?;
    let d = db::documents::get(&state.db, doc)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines = db::proposals::lines(&state.db, id).await?;
    let line = lines
        .iter()
        .find(|l| Some(l.id) == d.line_id)
        .ok_or(AppError::NotFound)?;
    user.require(line.status.editable())?;
    let mut tx = state.db.begin().await?;
    if !db::proposals::lock_editable_line(&mut tx, id, line.id).await? {
        tx.rollback().await?;
        return Err(AppError::Forbidden);
    }
    let (storage, key) = db::documents::delete_of_line(&mut *tx, doc, line.id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("detach", "proposal", id.to_string())
            .summary(format!("{} — {} — {}", p.unit_name, line.subject, d.name))
            .before(Some(serde_json::json!({
                "unit_id": p.unit_id, "line": line.id, "document": doc, "kind": d.kind,
                "name": d.name, "sha256": d.sha256
            }))),
    )
    .await?;
    tx.commit().await?;
    state.files.forget(&storage, &key).await;
    Ok(redirect_flash(
        &format!("/proposals/{id}#line-{}", line.id),
        ctx.t("doc.deleted"),
    ))
}
