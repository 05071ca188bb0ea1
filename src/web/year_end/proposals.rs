//! A unit's award proposal (đề nghị khen thưởng): built from its review, every line checked against
//! the campaign's rule set, a line that fails a condition sent only with a written justification,
//! submitted before the deadline (late is marked), checked by the Office line by line against the
//! title's dossier checklist, returned with a reason, supplemented and submitted again, the Office
//! seeing what changed, then accepted. Every step is timestamped and audited.

use super::meeting::{access as review_access, member_indices};
use crate::auth::CurrentUser;
use crate::caches::Evaluated;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::documents::Document;
use crate::db::proposals::{Event, Line, NewLine, Proposal, Step};
use crate::db::rule_sets::TitleLine;
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::eligibility::Tri;
use crate::domain::proposal::{
    Change, ProposalStatus, SnapLine, diff, missing_documents, proposal_status, waited,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::Readable;
use crate::web::access::readable;
use crate::web::evaluation::{evaluated, person_results, unit_results};
use crate::web::extract::{Form, Path, Query};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// What the viewer may do with a proposal.
#[derive(Clone, Copy, Debug)]
pub struct Powers {
    /// the unit's head, while the campaign is open: edit, submit, supplement
    pub head: bool,
    /// whoever runs the campaign: check, return, accept, reject
    pub office: bool,
}

/// Proposal `id` with its campaign and what the user may do; refused to anyone else.
pub(crate) async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(Proposal, CampaignRow, Powers)> {
    let p = db::proposals::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = readable(state, user, p.campaign_id).await?;
    let (_, head) = review_access(state, user, &c, p.unit_id).await?;
    let open = !matches!(c.stage_on(today_vn()), Stage::Draft | Stage::Closed);
    let office = open && user.manages_campaigns_of(&c.issuer_unit_path);
    Ok((p, c, Powers { head, office }))
}

/// A line's answer now: the outcome, and the conditions not met (in Vietnamese, as the dossier
/// speaks), for person `person` or, without one, unit `unit_id`.
pub(crate) fn answer(
    e: &Evaluated,
    person: Option<i64>,
    unit_id: i64,
    code: &str,
) -> (Tri, String) {
    let results = match person {
        Some(p) => e
            .scope
            .person_index(p)
            .map(|i| person_results(e, i, Lang::Vi)),
        None => e
            .scope
            .unit_index(unit_id)
            .map(|u| unit_results(e, u, Lang::Vi)),
    };
    let Some(r) = results.and_then(|rs| rs.into_iter().find(|r| r.code == code)) else {
        return (Tri::Unknown, "Không thuộc phạm vi của kế hoạch".into());
    };
    let failed = r
        .conditions
        .iter()
        .filter(|c| c.passed == Some(false))
        .map(|c| c.rule.clone())
        .collect::<Vec<_>>()
        .join("; ");
    (r.outcome, failed)
}

/// A line as the page shows it: the line, its documents, and what its dossier still lacks.
pub struct LineView {
    pub line: Line,
    pub documents: Vec<Document>,
    pub missing: Vec<&'static str>,
}

impl LineView {
    pub fn editable(&self) -> bool {
        self.line.status.editable()
    }
    pub fn awaits_office(&self) -> bool {
        self.line.status.awaits_office()
    }
}

pub use super::proposal_form::ProposalForm;

#[derive(Template)]
#[template(path = "proposals/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub p: Proposal,
    pub powers: Powers,
    pub lines: Vec<LineView>,
    pub events: Vec<Event>,
    /// what changed since the submission before the last
    pub changes: Vec<Change>,
    /// working days waited, and whether overdue
    pub waited: Option<(u32, bool)>,
    pub titles: Vec<TitleLine>,
    /// members who may be added to the proposal (id, name)
    pub members: Vec<(i64, String)>,
    pub minutes_signed: bool,
    /// the form that came back, as typed: an ad-hoc line to add in `adhoc`, any other in `typed`
    pub typed: ProposalForm,
    pub adhoc: ProposalForm,
    pub errors: Errors,
}

impl ShowPage {
    fn justification(&self, l: &Line) -> String {
        self.typed
            .rows
            .get(&format!("just_{}", l.id))
            .map(str::to_string)
            .or_else(|| l.justification.clone())
            .unwrap_or_default()
    }
    fn title_name(&self, l: &Line) -> String {
        self.ctx
            .name(&l.title_name_vi, &l.title_name_en)
            .to_string()
    }
    fn any_editable(&self) -> bool {
        self.lines.iter().any(LineView::editable)
    }
    fn any_awaiting(&self) -> bool {
        self.lines.iter().any(LineView::awaits_office)
    }
    /// Papers the lines still editable lack (the warning before sending).
    fn missing_papers(&self) -> usize {
        let v = self.lines.iter().filter(|v| v.editable());
        v.map(|v| v.missing.len()).sum()
    }
    /// Line `id` was ticked in the form that came back.
    fn ticked(&self, id: &i64) -> bool {
        self.typed.rows.has(&format!("sel{id}"))
    }
    /// The Office decides here (several lines at once among them).
    fn office_decides(&self) -> bool {
        self.powers.office && !self.powers.head && self.any_awaiting()
    }
    /// Lines waiting for the Office that the rules found eligible (not ad hoc).
    fn eligible_waiting(&self) -> usize {
        let eligible = |l: &Line| l.eligibility == "eligible" && l.achievement.is_none();
        let v = self.lines.iter();
        v.filter(|v| v.awaits_office() && eligible(&v.line)).count()
    }
}

/// The snapshot of lines `lines` with their `documents`, as a submission keeps it.
pub(crate) fn snapshot(lines: &[Line], documents: &[Document]) -> Vec<SnapLine> {
    lines
        .iter()
        .map(|l| SnapLine {
            id: l.id,
            subject: l.subject.clone(),
            title: l.title_name_vi.clone(),
            justification: l.justification.clone(),
            documents: documents
                .iter()
                .filter(|d| d.line_id == Some(l.id))
                .map(|d| (d.name.clone(), d.sha256.clone()))
                .collect(),
            report: l
                .report
                .as_ref()
                .map(|r| crate::domain::digest::sha256_hex(r.to_string().as_bytes())),
        })
        .collect()
}

/// The changes between the last two submissions.
fn last_changes(events: &[Event]) -> Vec<Change> {
    let snaps: Vec<Vec<SnapLine>> = events
        .iter()
        .filter(|e| e.kind == "submitted")
        .filter_map(|e| e.snapshot.clone())
        .filter_map(|s| serde_json::from_value(s).ok())
        .collect();
    match snaps.as_slice() {
        [.., before, after] => diff(before, after),
        _ => Vec::new(),
    }
}

/// The page with `typed` justifications and `errors` when a form came back.
pub(crate) async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    (p, c, powers): (Proposal, CampaignRow, Powers),
    typed: ProposalForm,
    errors: Errors,
) -> AppResult<ShowPage> {
    let (typed, adhoc) = match typed.adhoc {
        Some(_) => (ProposalForm::default(), typed),
        None => (typed, ProposalForm::default()),
    };
    let lines = db::proposals::lines(&state.db, p.id).await?;
    let documents = db::documents::of_proposal(&state.db, p.id).await?;
    let events = db::proposals::events(&state.db, p.id).await?;
    let minutes_signed = match p.review_id {
        Some(_) => db::reviews::get(&state.db, c.id, p.unit_id)
            .await?
            .is_some_and(|r| r.minutes_document_id.is_some()),
        None => false,
    };
    let views = lines
        .into_iter()
        .map(|l| {
            let docs: Vec<Document> = documents
                .iter()
                .filter(|d| d.line_id == Some(l.id))
                .cloned()
                .collect();
            let kinds: Vec<String> = docs.iter().map(|d| d.kind.clone()).collect();
            let missing = missing_documents(
                &l.required,
                &kinds,
                minutes_signed,
                (l.report.is_some(), l.achievement.is_some()),
            )
            .into_iter()
            .map(doc_kind_static)
            .collect();
            LineView {
                line: l,
                documents: docs,
                missing,
            }
        })
        .collect();
    let rs = db::proposals::rule_set_periods(&state.db, c.rule_set_id).await?;
    let cal = db::calendar::calendar(&state.db).await?;
    let today = today_vn();
    let waited = match p.status {
        ProposalStatus::Submitted => p
            .submitted_at
            .map(|t| waited(&cal, crate::domain::dates::vn_day(t), today, rs.0)),
        ProposalStatus::Returned => p
            .returned_at
            .map(|t| waited(&cal, crate::domain::dates::vn_day(t), today, rs.1)),
        _ => None,
    };
    let members = if powers.head {
        let e = evaluated(state, user, &c).await?;
        member_indices(&e, &p.unit_path)
            .into_iter()
            .map(|i| (e.scope.people[i].id, e.scope.people[i].full_name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(ShowPage {
        titles: db::rule_sets::titles(&state.db, c.rule_set_id).await?,
        changes: last_changes(&events),
        events,
        waited,
        lines: views,
        members,
        minutes_signed,
        typed,
        adhoc,
        errors,
        powers,
        p,
        c,
        ctx,
    })
}

/// A document kind as a static code (the checklist's kinds).
fn doc_kind_static(k: &str) -> &'static str {
    crate::db::documents::KINDS
        .iter()
        .find(|x| **x == k)
        .copied()
        .unwrap_or("other")
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(attach): Query<super::proposal_form::Attach>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, id).await?;
    // "attach" beside a missing paper: the upload form chosen for its line and kind
    let typed = ProposalForm {
        line: attach.line,
        kind: attach.kind,
        ..ProposalForm::default()
    };
    render(&page(&state, ctx, &user, loaded, typed, Errors::default()).await?)
}

/// Builds (or completes) the unit's proposal from its review: a line for every member with a title
/// proposed, and the unit's collective title; lines already there are kept.
pub async fn from_review(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((_, unit_id)): Path<(i64, i64)>,
    Readable(c): Readable,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let id = c.id;
    let (unit, can_edit) = review_access(&state, &user, &c, unit_id).await?;
    user.require(can_edit)?;
    let back = format!("/campaigns/{id}/reviews/{unit_id}");
    let Some(r) = db::reviews::get(&state.db, c.id, unit.id).await? else {
        return Ok(redirect_flash(&back, ctx.t("review.err_not_held")));
    };
    let members = db::reviews::members(&state.db, r.id).await?;
    let titles = db::rule_sets::titles(&state.db, c.rule_set_id).await?;
    let e = evaluated(&state, &user, &c).await?;
    let code = |t: i64| titles.iter().find(|x| x.id == t).map(|x| x.code.clone());
    let mut wanted: Vec<(Option<i64>, i64, String)> = members
        .iter()
        .filter_map(|m| m.title_id.map(|t| (Some(m.person_id), t)))
        .chain(r.collective_title_id.map(|t| (None, t)))
        .filter_map(|(p, t)| code(t).map(|c| (p, t, c)))
        .collect();
    wanted.dedup();
    let answers: Vec<(Tri, String)> = wanted
        .iter()
        .map(|(p, _, code)| answer(&e, *p, unit.id, code))
        .collect();
    let lines: Vec<NewLine> = wanted
        .iter()
        .zip(&answers)
        .map(|((p, t, _), (tri, failed))| NewLine {
            person_id: *p,
            title_id: *t,
            eligibility: tri.outcome(),
            failed,
            achievement: None,
        })
        .collect();
    let mut tx = state.db.begin().await?;
    let pid = match db::proposals::create(&mut *tx, c.id, unit.id, Some(r.id), user.user_id).await?
    {
        Some(p) => p,
        None => db::proposals::of_unit(&mut *tx, c.id, unit.id)
            .await?
            .ok_or(AppError::NotFound)?,
    };
    let added = db::proposals::add_lines(&mut *tx, pid, &lines).await?;
    settle(&mut tx, pid).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("from_review", "proposal", pid.to_string())
            .summary(format!("{} — {}", unit.name, c.plan.year))
            .after(Some(serde_json::json!({
                "unit_id": unit.id, "campaign_id": c.id, "review_id": r.id, "lines_added": added
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/proposals/{pid}"),
        &ctx.tf("proposal.built", [added.to_string().as_str()]),
    ))
}

/// Sets the proposal's status from its lines (after lines moved), bumping its version.
pub(crate) async fn settle(tx: &mut db::Tx<'_>, id: i64) -> AppResult<()> {
    let (lines, submissions) = db::proposals::line_statuses(&mut **tx, id).await?;
    let status = proposal_status(&lines, submissions > 0);
    db::proposals::set_status(&mut **tx, id, status).await?;
    Ok(())
}

/// The page again with `errors` and what was typed (422).
pub(crate) async fn back(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    id: i64,
    f: ProposalForm,
    errors: Errors,
) -> AppResult<Response> {
    let loaded = load(state, user, id).await?;
    render_invalid(&page(state, ctx, user, loaded, f, errors).await?)
}

/// The same, for a form made stale by someone else's change to the proposal.
pub(crate) async fn stale(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    id: i64,
    f: ProposalForm,
) -> AppResult<Response> {
    let errors = crate::web::forms::stale(&state.db, "proposal", &id.to_string()).await?;
    back(state, ctx, user, id, f, errors).await
}

/// Reads the justifications typed for the editable lines: (line, text or none), or field errors.
pub(crate) fn read_justifications(
    f: &ProposalForm,
    lines: &[Line],
    errors: &mut Errors,
) -> Vec<(i64, Option<String>)> {
    lines
        .iter()
        .filter(|l| l.status.editable())
        .filter_map(|l| {
            let k = format!("just_{}", l.id);
            let text = f.rows.get(&k)?.trim().to_string();
            if text.chars().count() > 4000 {
                errors.push(&k, "proposal.err_long");
            }
            Some((l.id, (!text.is_empty()).then_some(text)))
        })
        .collect()
}

/// Saves the justifications of the lines the unit may still change.
pub async fn save_lines(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ProposalForm>,
) -> AppResult<Response> {
    let (p, _, powers) = load(&state, &user, id).await?;
    user.require(powers.head)?;
    let lines = db::proposals::lines(&state.db, id).await?;
    let mut errors = Errors::default();
    let texts = read_justifications(&f, &lines, &mut errors);
    if !errors.is_empty() {
        return back(&state, ctx, &user, id, f, errors).await;
    }
    let mut tx = state.db.begin().await?;
    db::proposals::set_justifications(&mut *tx, id, &texts).await?;
    if !db::proposals::bump(&mut *tx, id, f.version(), p.status, Step::Edit).await? {
        tx.rollback().await?;
        return stale(&state, ctx, &user, id, f).await;
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("justify", "proposal", id.to_string())
            .summary(p.unit_name.clone())
            .after(Some(serde_json::json!({
                "unit_id": p.unit_id,
                "justifications": texts.iter().map(|(l, t)| serde_json::json!({"line": l, "text": t})).collect::<Vec<_>>()
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/proposals/{id}"),
        ctx.t("proposal.saved"),
    ))
}

/// Adds a line: a member of the unit (or the unit itself) for a title of the rule set.
pub async fn add_line(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<ProposalForm>,
) -> AppResult<Response> {
    let (p, c, powers) = load(&state, &user, id).await?;
    user.require(powers.head)?;
    let e = evaluated(&state, &user, &c).await?;
    let titles = db::rule_sets::titles(&state.db, c.rule_set_id).await?;
    let (want, errors) = wanted_line(&f, &e, &p, &titles);
    let Some((person, title, achievement)) = want else {
        return back(&state, ctx, &user, id, f, errors).await;
    };
    // an ad-hoc line is not held to the year's conditions: the council weighs its achievement
    let (tri, failed) = match achievement {
        Some(_) => (Tri::Unknown, String::new()),
        None => answer(&e, person, p.unit_id, &title.code),
    };
    let mut tx = state.db.begin().await?;
    let added = db::proposals::add_lines(
        &mut *tx,
        id,
        &[NewLine {
            person_id: person,
            title_id: title.id,
            eligibility: tri.outcome(),
            failed: &failed,
            achievement: achievement.as_deref(),
        }],
    )
    .await?;
    if added == 0 {
        tx.rollback().await?;
        let key = if achievement.is_some() {
            "a_subject"
        } else {
            "subject"
        };
        let errors = Errors::one(key, "proposal.err_duplicate");
        return back(&state, ctx, &user, id, f, errors).await;
    }
    if !db::proposals::bump(&mut *tx, id, f.version(), p.status, Step::Edit).await? {
        tx.rollback().await?;
        return stale(&state, ctx, &user, id, f).await;
    }
    settle(&mut tx, id).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("add_line", "proposal", id.to_string())
            .summary(format!("{} — {}", p.unit_name, title.code))
            .after(Some(serde_json::json!({
                "unit_id": p.unit_id, "person_id": person, "title": title.code,
                "eligibility": tri.outcome(), "achievement": achievement
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/proposals/{id}"),
        ctx.t("proposal.line_added"),
    ))
}

/// The line a head's form asks to add: (subject: a member or the unit, title, and for an ad-hoc
/// line (`adhoc` set) the exceptional achievement), or the form's errors. An ad-hoc line is for a
/// form of commendation the regime gives for an exceptional achievement; its fields' errors are
/// keyed `a_subject`, `a_title`, `achievement`.
#[allow(clippy::type_complexity)]
fn wanted_line<'t>(
    f: &ProposalForm,
    e: &Evaluated,
    p: &Proposal,
    titles: &'t [TitleLine],
) -> (Option<(Option<i64>, &'t TitleLine, Option<String>)>, Errors) {
    let adhoc = f.adhoc.as_deref() == Some("1");
    let key = |k: &str| {
        if adhoc {
            format!("a_{k}")
        } else {
            k.to_string()
        }
    };
    let subject = f.subject.trim();
    let person: Option<Option<i64>> = match subject {
        "unit" => Some(None),
        s => s
            .parse::<i64>()
            .ok()
            .filter(|pid| {
                member_indices(e, &p.unit_path)
                    .iter()
                    .any(|&i| e.scope.people[i].id == *pid)
            })
            .map(Some),
    };
    let mut errors = Errors::default();
    if person.is_none() {
        errors.push(&key("subject"), "err.choose");
    }
    let want = if person.flatten().is_some() {
        "individual"
    } else {
        "collective"
    };
    let title = titles
        .iter()
        .find(|t| t.code == f.title.trim() && t.subject == want && (t.adhoc || !adhoc));
    if title.is_none() {
        errors.push(
            &key("title"),
            if adhoc {
                "proposal.err_adhoc_title"
            } else {
                "proposal.err_title"
            },
        );
    }
    let achievement = if adhoc {
        let text = crate::domain::names::clean_block(&f.achievement);
        if text.is_empty() {
            errors.push("achievement", "proposal.err_achievement");
        } else if text.chars().count() > 4000 {
            errors.push("achievement", "proposal.err_long");
        }
        Some(text)
    } else {
        None
    };
    match (person, title, errors.is_empty()) {
        (Some(person), Some(title), true) => (Some((person, title, achievement)), errors),
        _ => (None, errors),
    }
}

/// Removes a line the unit may still change (after a confirmation in the page).
pub async fn remove_line(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, line_id)): Path<(i64, i64)>,
    Form(f): Form<ProposalForm>,
) -> AppResult<Response> {
    let (p, _, powers) = load(&state, &user, id).await?;
    user.require(powers.head)?;
    let lines = db::proposals::lines(&state.db, id).await?;
    let line = lines
        .iter()
        .find(|l| l.id == line_id)
        .ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    let removed = db::proposals::delete_line(&mut *tx, id, line_id).await?;
    if !removed || !db::proposals::bump(&mut *tx, id, f.version(), p.status, Step::Edit).await? {
        tx.rollback().await?;
        return stale(&state, ctx, &user, id, f).await;
    }
    settle(&mut tx, id).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("remove_line", "proposal", id.to_string())
            .summary(format!(
                "{} — {} {}",
                p.unit_name, line.subject, line.title_code
            ))
            .before(Some(serde_json::json!({
                "unit_id": p.unit_id, "line": line.id, "person_id": line.person_id,
                "title": line.title_code, "justification": line.justification
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/proposals/{id}"),
        ctx.t("proposal.line_removed"),
    ))
}
