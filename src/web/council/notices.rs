//! The public notice (công khai) of the list the council approved: the Office posts a closed
//! meeting's passed lines, each for the working days the regime sets for its level; everyone the
//! campaign reaches reads the list and may comment on or object to a line during its period; the
//! Office records how each comment and objection was resolved (an upheld objection withdraws the
//! line). A line is ready for a decision once its period is over with no objection open.

use super::meetings::load;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::keys::MeetingOf;
use crate::db::notices::{Comment, CommentBy, CommentOf, Notice, NoticeLine};
use crate::domain::dates::{fmt_date, today_vn};
use crate::domain::numbered::{DecisionStatus, SubmissionStatus};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::readable;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// What the notice says besides the list.
#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    pub note: String,
}

/// A comment or an objection on a line of the notice.
#[derive(Deserialize, Default)]
pub struct CommentForm {
    #[serde(default)]
    pub line: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub body: String,
}

/// How the Office resolved a comment or an objection.
#[derive(Deserialize, Default)]
pub struct ResolveForm {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub resolution: String,
}

/// Posts the passed lines of closed meeting `id` (`note`: what the notice says besides the list).
pub async fn post(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<NoteForm>,
) -> AppResult<Response> {
    let l = load(&state, &user, id).await?;
    user.require(l.manage)?;
    let note = f.note.trim().to_string();
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let passed: Vec<_> = agenda
        .iter()
        .filter(|a| a.result.as_deref() == Some("passed"))
        .collect();
    let error = if !l.m.status.is_closed() {
        Some("notice.err_not_closed")
    } else if passed.is_empty() {
        Some("notice.err_nothing")
    } else if note.chars().count() > 2000 {
        Some("notice.err_note")
    } else {
        None
    };
    if let Some(key) = error {
        let extra = super::meetings::Extra {
            errors: Errors::form(key),
            ..Default::default()
        };
        return super::meetings::invalid(&state, ctx, &user, l, extra).await;
    }
    let cal = db::calendar::calendar(&state.db).await?;
    let (grassroots, province, national) = db::notices::days(&state.db, l.c.rule_set_id).await?;
    let today = today_vn();
    let lines: Vec<(i64, chrono::NaiveDate)> = passed
        .iter()
        .map(|a| {
            let days = match a.level.as_str() {
                "state" => national,
                "province" => province,
                _ => grassroots,
            };
            // the period counts from the day after posting: its last day is the n-th working day
            (a.line_id, cal.add_working_days(today, days.max(1) as u32))
        })
        .collect();
    let mut tx = state.db.begin().await?;
    let posted = db::notices::post(
        &mut tx,
        MeetingOf {
            meeting: id,
            campaign: l.c.id,
        },
        (today, &note),
        &lines,
        user.user_id,
    )
    .await?;
    let Some(nid) = posted else {
        tx.rollback().await?;
        let nid = db::notices::of_meeting(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok(redirect_flash(
            &format!("/notices/{nid}"),
            ctx.t("notice.already"),
        ));
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "notice", nid.to_string())
            .summary(format!("{} — {} lines", l.c.plan.title, lines.len()))
            .after(Some(serde_json::json!({
                "meeting_id": id, "posted_on": today, "note": note,
                "lines": lines.iter().map(|(l, e)| serde_json::json!({"line_id": l, "ends_on": e})).collect::<Vec<_>>(),
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/notices/{nid}"),
        ctx.t("notice.posted_flash"),
    ))
}

/// A line of the notice and where it stands.
pub struct LineView {
    pub l: NoticeLine,
    /// "in_notice", "objection", "withdrawn", "ready"
    pub state: &'static str,
    pub comments: Vec<Comment>,
}

#[derive(Template)]
#[template(path = "notices/show.html")]
pub struct NoticePage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub n: Notice,
    pub lines: Vec<LineView>,
    pub manage: bool,
    pub me: i64,
    pub errors: Errors,
    /// the comment form as typed when it came back
    pub comment: CommentForm,
    /// the comment whose resolution came back with an error, and the resolution as typed
    pub resolving: Option<i64>,
    pub resolution: ResolveForm,
    /// the campaign's decisions: (id, number, status, date, lines)
    pub decisions: Vec<(i64, String, DecisionStatus, chrono::NaiveDate, i64)>,
    /// the notice's submissions upward: (id, number, status, date, lines)
    pub submissions: Vec<(i64, String, SubmissionStatus, chrono::NaiveDate, i64)>,
}

impl NoticePage {
    /// Whether the viewer sees who wrote `c` (the Office, and the author).
    fn sees_author(&self, c: &Comment) -> bool {
        self.manage || c.user_id == self.me
    }
    fn open_lines(&self) -> Vec<&LineView> {
        self.lines
            .iter()
            .filter(|v| v.state == "in_notice" || v.state == "objection")
            .collect()
    }
}

/// The notice and its campaign, for anyone the campaign reaches.
async fn notice_of(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(Notice, CampaignRow, bool)> {
    let n = db::notices::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = readable(state, user, n.campaign_id).await?;
    let manage = user.manages_campaigns_of(&c.issuer_unit_path);
    Ok((n, c, manage))
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    (n, c, manage): (Notice, CampaignRow, bool),
    (errors, comment, resolving): (Errors, CommentForm, Option<(i64, ResolveForm)>),
) -> AppResult<NoticePage> {
    let (resolving, resolution) =
        resolving.map_or((None, ResolveForm::default()), |(c, r)| (Some(c), r));
    let today = today_vn();
    let comments = db::notices::comments(&state.db, n.id).await?;
    let lines = db::notices::lines(&state.db, n.id)
        .await?
        .into_iter()
        .map(|l| {
            let mine: Vec<Comment> = comments
                .iter()
                .filter(|c| c.line_id == l.line_id)
                .cloned()
                .collect();
            let open = mine
                .iter()
                .any(|c| c.kind == "objection" && c.outcome.is_none());
            let state = if l.withdrawn {
                "withdrawn"
            } else if open {
                "objection"
            } else if l.ends_on >= today {
                "in_notice"
            } else {
                "ready"
            };
            LineView {
                l,
                state,
                comments: mine,
            }
        })
        .collect();
    let (decisions, submissions) = if manage {
        (
            db::decisions::of_campaign(&state.db, c.id).await?,
            db::submissions::of_notice(&state.db, n.id).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(NoticePage {
        decisions,
        submissions,
        ctx,
        c,
        n,
        lines,
        manage,
        me: user.user_id,
        errors,
        comment,
        resolving,
        resolution,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let n = notice_of(&state, &user, id).await?;
    let empty = (Errors::default(), CommentForm::default(), None);
    render(&page(&state, ctx, &user, n, empty).await?)
}

/// Comments on or objects to a line while its period runs (`line`, `kind`, `body`).
pub async fn comment(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<CommentForm>,
) -> AppResult<Response> {
    let n = notice_of(&state, &user, id).await?;
    let lines = db::notices::lines(&state.db, id).await?;
    let line = f
        .line
        .parse::<i64>()
        .ok()
        .and_then(|x| lines.iter().find(|l| l.line_id == x));
    let kind = f.kind.as_str();
    let body = f.body.trim();
    let mut errors = Errors::default();
    match line {
        None => errors.push("line", "err.choose"),
        Some(l) if l.withdrawn || l.ends_on < today_vn() => {
            errors.push("line", "notice.err_closed")
        }
        Some(_) => {}
    }
    if !["comment", "objection"].contains(&kind) {
        errors.push("kind", "err.choose");
    }
    if body.is_empty() || body.chars().count() > 4000 {
        errors.push("body", "notice.err_body");
    }
    let (Some(l), true) = (line, errors.is_empty()) else {
        return render_invalid(&page(&state, ctx, &user, n, (errors, f, None)).await?);
    };
    let mut tx = state.db.begin().await?;
    let cid = db::notices::add_comment(
        &mut *tx,
        CommentBy {
            notice: id,
            line: l.line_id,
            user: user.user_id,
        },
        kind,
        body,
    )
    .await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "notice_comment", cid.to_string())
            .summary(format!("{kind} — {}", l.subject))
            .after(Some(serde_json::json!({
                "notice_id": id, "line_id": l.line_id, "kind": kind, "body": body,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/notices/{id}#line-{}", l.line_id),
        ctx.t("notice.commented"),
    ))
}

/// The Office resolves a comment or an objection (`outcome`, `resolution`).
pub async fn resolve(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, comment_id)): Path<(i64, i64)>,
    Form(f): Form<ResolveForm>,
) -> AppResult<Response> {
    let n = notice_of(&state, &user, id).await?;
    user.require(n.2)?;
    let comments = db::notices::comments(&state.db, id).await?;
    let c = comments
        .iter()
        .find(|c| c.id == comment_id)
        .ok_or(AppError::NotFound)?;
    let outcome = f.outcome.as_str();
    let resolution = f.resolution.trim();
    let allowed: &[&str] = if c.kind == "objection" {
        &["upheld", "dismissed"]
    } else {
        &["answered"]
    };
    let mut errors = Errors::default();
    if c.outcome.is_some() {
        errors.push("_form", "notice.err_resolved");
    }
    if !allowed.contains(&outcome) {
        errors.push("outcome", "err.choose");
    }
    if resolution.is_empty() || resolution.chars().count() > 4000 {
        errors.push("resolution", "notice.err_body");
    }
    if !errors.is_empty() {
        let typed = (errors, CommentForm::default(), Some((comment_id, f)));
        return render_invalid(&page(&state, ctx, &user, n, typed).await?);
    }
    let mut tx = state.db.begin().await?;
    let by = user.user_id;
    let Some(line) = db::notices::resolve(
        &mut tx,
        CommentOf {
            notice: id,
            comment: comment_id,
        },
        (outcome, resolution),
        by,
    )
    .await?
    else {
        tx.rollback().await?;
        let typed = (
            Errors::form("notice.err_resolved"),
            CommentForm::default(),
            Some((comment_id, f)),
        );
        return render_invalid(&page(&state, ctx, &user, n, typed).await?);
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("resolve", "notice_comment", comment_id.to_string())
            .summary(format!("{outcome} — {}", fmt_date(today_vn())))
            .before(Some(serde_json::json!({ "kind": c.kind, "body": c.body })))
            .after(Some(serde_json::json!({
                "notice_id": id, "line_id": line, "outcome": outcome, "resolution": resolution,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/notices/{id}#line-{line}"),
        ctx.t("notice.resolved"),
    ))
}

#[derive(Template)]
#[template(path = "notices/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub notices: Vec<db::notices::Listed>,
}

/// The notices of every campaign the user reads.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let all = db::notices::campaigns(&state.db).await?;
    let mut ids = Vec::new();
    for cid in all {
        if readable(&state, &user, cid).await.is_ok() {
            ids.push(cid);
        }
    }
    let notices = db::notices::list(&state.db, &ids).await?;
    render(&ListPage { ctx, notices })
}
