//! A submission's dossiers: each line's papers as its title's dossier list asks for them, where each
//! comes from (uploaded, made by the app, missing), the pack's manifest (`00-danh-muc-ho-so.docx`),
//! and the Office's confirmation that a submission goes up without a paper it lacks
//! (`POST /submissions/{id}/confirm-missing`), without which the Director cannot send it.

use super::submissions::{Loaded, load};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::keys::At;
use crate::db::submissions::SubmissionLine;
use crate::domain::dates::fmt_date;
use crate::domain::dossier::{LineFacts, Source, kind_name, papers};
use crate::error::AppResult;
use crate::export::docx::{DocBlock, OfficialDoc};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash};
use axum::extract::State;
use axum::response::Response;

/// A line's uploaded documents: (line id, document id, kind, file name).
pub type LineDocs = [(i64, i64, String, String)];

/// What is known of `x` for its dossier.
pub fn facts(x: &SubmissionLine, docs: &LineDocs) -> LineFacts {
    LineFacts {
        required: x.required.clone(),
        uploaded: docs
            .iter()
            .filter(|d| d.0 == x.line_id)
            .map(|d| (d.2.clone(), d.1, d.3.clone()))
            .collect(),
        report_saved: x.report_saved,
        adhoc: x.achievement.is_some(),
        review_held: x.review_held,
        review_scan: x
            .review_scan
            .map(|id| (id, x.review_scan_name.clone().unwrap_or_default())),
    }
}

/// Each line's papers, in the lines' order.
pub fn dossiers(lines: &[SubmissionLine], docs: &LineDocs) -> Vec<Vec<(String, Source)>> {
    lines.iter().map(|x| papers(&facts(x, docs))).collect()
}

/// What the lines lack, a line of text each ("1. Nguyễn Văn An — Chiến sĩ thi đua cấp tỉnh: Quyết
/// định công nhận sáng kiến"); empty when nothing is missing. The Office confirms this very text.
pub fn missing_text(lines: &[SubmissionLine], docs: &LineDocs) -> String {
    lines
        .iter()
        .enumerate()
        .filter_map(|(i, x)| {
            let gone: Vec<String> = crate::domain::dossier::missing(&facts(x, docs))
                .iter()
                .map(|k| kind_name(k).to_string())
                .collect();
            (!gone.is_empty()).then(|| {
                format!(
                    "{}. {} — {}: {}",
                    i + 1,
                    x.subject,
                    x.title_vi,
                    gone.join("; ")
                )
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The pack's manifest: every file of the pack by line, and what is missing (with the Office's
/// confirmation when it was given), as a list attached to the submission.
pub fn manifest(
    l: &Loaded,
    lines: &[SubmissionLine],
    files: &[(usize, String, String)],
    missing: &str,
) -> OfficialDoc {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, x) in lines.iter().enumerate() {
        for (kind, source) in files
            .iter()
            .filter(|f| f.0 == i)
            .map(|f| (f.1.clone(), f.2.clone()))
        {
            rows.push(vec![
                (rows.len() + 1).to_string(),
                x.subject.clone(),
                kind,
                source,
            ]);
        }
    }
    let mut body = vec![DocBlock::Table {
        widths: vec![8, 24, 34, 34],
        header: ["STT", "Cá nhân, tập thể", "Hồ sơ", "Tệp trong bộ hồ sơ"]
            .map(String::from)
            .to_vec(),
        rows,
    }];
    if missing.is_empty() {
        body.push(DocBlock::Para(vec![crate::domain::richtext::Span::plain(
            "Hồ sơ của các trường hợp đủ theo danh mục của danh hiệu, hình thức đề nghị.",
        )]));
    } else {
        body.push(DocBlock::Para(vec![crate::domain::richtext::Span::plain(
            if l.s.missing_confirmed == missing {
                "Còn thiếu các hồ sơ sau; Văn phòng đã xác nhận gửi khi còn thiếu:"
            } else {
                "Còn thiếu các hồ sơ sau (Văn phòng chưa xác nhận gửi khi còn thiếu):"
            },
        )]));
        for line in missing.lines() {
            body.push(DocBlock::Bullet(vec![
                crate::domain::richtext::Span::plain(line),
            ]));
        }
    }
    OfficialDoc {
        parent_body: l.c.plan.parent_body.to_uppercase(),
        issuer: l.c.plan.issuer_name.to_uppercase(),
        number_line: String::new(),
        place_date: crate::domain::dates::vn_place_date(&l.c.plan.place, l.s.submitted_on),
        doc_type: "DANH MỤC HỒ SƠ".into(),
        title: format!(
            "Kèm theo Tờ trình số {} ngày {}",
            l.s.number_text().trim(),
            fmt_date(l.s.submitted_on)
        ),
        body,
        signer_lines: vec!["VĂN PHÒNG SỞ".into()],
        ..OfficialDoc::minimal("")
    }
}

/// The Office confirms that the submission goes up without the papers it lacks (`confirm` ticked,
/// `version` as read); the confirmation holds for the list as it is, and is audited.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<super::submissions::SubmissionForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    // the Office answers for the dossier (the Director, who signs, does not confirm its own)
    user.require(user.is_office_of(&l.c.issuer_unit_path))?;
    let lines = db::submissions::lines(&state.db, id).await?;
    let docs = db::submissions::line_documents(&state.db, id).await?;
    let missing = missing_text(&lines, &docs);
    let version: Option<i32> = f.version.parse().ok();
    let error = if !l.s.is(crate::domain::numbered::SubmissionStatus::Draft) {
        Some(Errors::form("submission.err_not_draft"))
    } else if missing.is_empty() {
        Some(Errors::form("submission.err_nothing_missing"))
    } else if f.confirm.is_none() {
        let mut e = Errors::default();
        e.push("confirm", "submission.err_confirm");
        Some(e)
    } else if version != Some(l.s.version) {
        Some(crate::web::forms::stale(&state.db, "submission", &id.to_string()).await?)
    } else {
        None
    };
    if let Some(errors) = error {
        return super::submissions::invalid(&state, ctx, l, errors, f).await;
    }
    let mut tx = state.db.begin().await?;
    if !db::submissions::confirm_missing(
        &mut *tx,
        At {
            id,
            version: l.s.version,
        },
        &missing,
        user.user_id,
    )
    .await?
    {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "submission", &id.to_string()).await?;
        return super::submissions::invalid(&state, ctx, l, errors, f).await;
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("confirm_missing", "submission", id.to_string())
            .summary(format!(
                "{} — {} line(s)",
                l.s.number_text().trim(),
                missing.lines().count()
            ))
            .before(Some(
                serde_json::json!({ "missing_confirmed": l.s.missing_confirmed }),
            ))
            .after(Some(serde_json::json!({ "missing_confirmed": missing }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/submissions/{id}"),
        ctx.t("submission.missing_confirmed"),
    ))
}
