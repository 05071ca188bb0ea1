//! A submission's dossier pack, built in the background: the submission with its list, the
//! council's minutes and ballot count, and each line's documents, in one .zip. The request makes the
//! small documents and marks the build started (audited); a task fetches each line's files from
//! where they are stored, counting its progress in PostgreSQL as it goes, zips them and keeps the
//! pack as a document of the submission (audited). A build whose server died is taken over after
//! ten minutes without finishing.

use super::submissions::load;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Actor, Entry};
use crate::domain::names::fold;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::storage;
use crate::web::Actor as Acting;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, redirect_flash};
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

/// Files of the pack: (path in the .zip, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// A build that has not finished in this long is taken to have died with its server.
const STALE_SECS: f64 = 600.0;

/// "01-nguyen-van-an" for a folder of the pack.
fn slug(n: usize, name: &str) -> String {
    let folded: String = fold(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let parts: Vec<&str> = folded.split('-').filter(|p| !p.is_empty()).collect();
    format!("{n:02}-{}", parts.join("-"))
}

/// Starts building the pack of submission `id` (the Office).
pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Acting(actor): Acting,
    Path(id): Path<i64>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    user.require(l.manage)?;
    let back = format!("/submissions/{id}");
    // the documents made from what is recorded: quick, made now
    let (submission, name) = super::submissions::document(&state, &l).await?;
    let meeting = crate::web::access::meeting::load(&state, &user, l.s.meeting_id).await?;
    let papers = crate::web::papers::papers(&state, &meeting).await?;
    let docx = |d: &crate::export::docx::OfficialDoc| {
        crate::export::docx::render(d).map_err(|e| AppError::Internal(anyhow::anyhow!("docx: {e}")))
    };
    let mut files: Files = vec![
        (format!("01-{name}"), submission),
        (
            "02-bien-ban-hop-hoi-dong.docx".into(),
            docx(&crate::export::council::minutes(&papers))?,
        ),
    ];
    // the ballot count only where a secret ballot was held
    if papers.lines.iter().any(|x| x.secret) {
        files.push((
            "03-bien-ban-kiem-phieu.docx".into(),
            docx(&crate::export::council::ballot_count(&papers))?,
        ));
    }
    // each line's papers as its title's dossier list asks for them: those made now, those
    // uploaded fetched by the task, those missing named in the manifest
    let lines = db::submissions::lines(&state.db, id).await?;
    let docs = db::submissions::line_documents(&state.db, id).await?;
    let (wanted, listed) = line_papers(&state, &user, &l, (&lines, &docs), &mut files).await?;
    let missing = super::submission_dossier::missing_text(&lines, &docs);
    let manifest = super::submission_dossier::manifest(&l, &lines, &listed, &missing);
    files.insert(0, ("00-danh-muc-ho-so.docx".into(), docx(&manifest)?));
    let total = (files.len() + wanted.len() + 1) as i32;
    let mut tx = state.db.begin().await?;
    if !db::submissions::start_pack(&mut *tx, id, total, STALE_SECS).await? {
        tx.rollback().await?;
        return Ok(redirect_flash(&back, ctx.t("submission.pack_busy")));
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("build_pack", "submission", id.to_string())
            .summary(format!("{} files", total - 1))
            .after(Some(serde_json::json!({ "files": total - 1 }))),
    )
    .await?;
    tx.commit().await?;
    db::submissions::pack_progress(&state.db, id, files.len() as i32).await?;
    let actor = actor.clone();
    let (st, by) = (state.clone(), user.user_id);
    let zip_name = format!("ho-so-{}", name.replace(".docx", ".zip"));
    tokio::spawn(async move {
        let built = build(&st, id, (&mut files, &wanted), (&zip_name, by, &actor)).await;
        if let Err(e) = built {
            tracing::warn!(submission = id, error = %e, "the dossier pack failed");
            let _ = db::submissions::pack_failed(&st.db, id, &e.to_string()).await;
        }
    });
    Ok(redirect_flash(&back, ctx.t("submission.pack_started")))
}

/// Each line's papers into the pack: those the app makes (the achievement report as saved, the
/// unit's review minutes as recorded) into `files` now; the uploaded ones to fetch, as (path,
/// document); and what the manifest lists, as (line, paper, where it is or "Còn thiếu").
async fn line_papers(
    state: &AppState,
    user: &CurrentUser,
    l: &super::submissions::Loaded,
    (lines, docs): (
        &[db::submissions::SubmissionLine],
        &super::submission_dossier::LineDocs,
    ),
    files: &mut Files,
) -> AppResult<(Vec<(String, i64)>, Vec<(usize, String, String)>)> {
    use crate::domain::dossier::{Source, kind_name};
    let mut wanted = Vec::new();
    let mut listed = Vec::new();
    let mut minutes: HashMap<i64, Vec<u8>> = HashMap::new();
    for (i, x) in lines.iter().enumerate() {
        let folder = format!("04-ho-so/{}", slug(i + 1, &x.subject));
        let facts = super::submission_dossier::facts(x, docs);
        for (kind, source) in crate::domain::dossier::papers(&facts) {
            let what = kind_name(&kind).to_string();
            match source {
                Source::Uploaded(list) => {
                    for (doc, file) in list {
                        let path = format!("{folder}/{kind}-{doc}-{file}");
                        listed.push((i, what.clone(), path.clone()));
                        wanted.push((path, doc));
                    }
                }
                Source::Made => {
                    let (path, bytes) = if kind == "review_minutes" {
                        let bytes = match minutes.get(&x.unit_id) {
                            Some(b) => b.clone(),
                            None => {
                                let unit = db::units::get(&state.db, x.unit_id)
                                    .await?
                                    .ok_or(AppError::NotFound)?;
                                let b = crate::web::papers::minutes_bytes(state, user, &l.c, &unit)
                                    .await?;
                                minutes.insert(x.unit_id, b.clone());
                                b
                            }
                        };
                        (format!("{folder}/bien-ban-binh-xet.docx"), bytes)
                    } else {
                        let p = db::proposals::get(&state.db, x.proposal_id)
                            .await?
                            .ok_or(AppError::NotFound)?;
                        let line = db::proposals::lines(&state.db, x.proposal_id)
                            .await?
                            .into_iter()
                            .find(|y| y.id == x.line_id)
                            .ok_or(AppError::NotFound)?;
                        let bytes =
                            crate::web::papers::report_bytes(state, user, (&l.c, &p, &line))
                                .await?;
                        let name = if kind == "achievement_summary" {
                            "bao-cao-tom-tat-thanh-tich.docx"
                        } else {
                            "bao-cao-thanh-tich.docx"
                        };
                        (format!("{folder}/{name}"), bytes)
                    };
                    listed.push((i, what, format!("{path} (bản in từ hệ thống, ký khi nộp)")));
                    files.push((path, bytes));
                }
                Source::Missing => listed.push((i, what, "Còn thiếu".into())),
            }
        }
        // what else was attached to the line (photos, other papers)
        for (_, doc, kind, file) in docs
            .iter()
            .filter(|d| d.0 == x.line_id && !x.required.contains(&d.2))
        {
            let path = format!("{folder}/{kind}-{doc}-{file}");
            listed.push((i, "Tài liệu khác".into(), path.clone()));
            wanted.push((path, *doc));
        }
    }
    Ok((wanted, listed))
}

/// The task: the line documents fetched one by one (progress counted), zipped, kept.
async fn build(
    state: &AppState,
    id: i64,
    (files, wanted): (&mut Files, &[(String, i64)]),
    (zip_name, by, actor): (&str, i64, &Actor),
) -> anyhow::Result<()> {
    for (path, doc) in wanted {
        let d = db::documents::get(&state.db, *doc)
            .await?
            .ok_or_else(|| anyhow::anyhow!("document {doc} is gone"))?;
        let bytes = storage::get(&state.db, &state.files, &d).await?;
        files.push((path.clone(), bytes));
        db::submissions::pack_progress(&state.db, id, files.len() as i32).await?;
    }
    let all = std::mem::take(files);
    let bytes = tokio::task::spawn_blocking(move || crate::export::submission::pack(&all))
        .await
        .map_err(|e| anyhow::anyhow!("zip: {e}"))??;
    let checked = storage::Checked {
        name: zip_name.to_string(),
        sha256: crate::domain::digest::sha256_hex(&bytes),
        bytes,
        content_type: storage::ZIP,
    };
    let mut tx = state.db.begin().await?;
    let doc = storage::save(
        &mut tx,
        &state.files,
        storage::Owner::Submission(id),
        "dossier_pack",
        &checked,
        by,
    )
    .await?;
    db::submissions::pack_ready(&mut *tx, id, doc).await?;
    audit::record(
        &mut *tx,
        actor,
        Entry::new("pack_ready", "submission", id.to_string())
            .summary(format!("{} — {} bytes", checked.name, checked.bytes.len()))
            .after(Some(serde_json::json!({
                "document": doc, "sha256": checked.sha256, "size": checked.bytes.len(),
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `/submissions/{id}/pack.zip`: the last pack built.
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    let doc = l.s.pack_document_id.ok_or(AppError::NotFound)?;
    let d = db::documents::get(&state.db, doc)
        .await?
        .ok_or(AppError::NotFound)?;
    let bytes = storage::get(&state.db, &state.files, &d).await?;
    Ok(crate::web::files::attachment(bytes, storage::ZIP, &d.name))
}

#[cfg(test)]
mod tests {
    #[test]
    fn folders_are_numbered_and_plain() {
        assert_eq!(super::slug(3, "Nguyễn Văn Ấn"), "03-nguyen-van-an");
        assert_eq!(
            super::slug(12, "Phòng Tài nguyên & Môi trường"),
            "12-phong-tai-nguyen-moi-truong"
        );
    }
}
