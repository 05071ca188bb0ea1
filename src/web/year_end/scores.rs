//! Year-end scores on the plan's criteria: a person's self-assessment (their result against each
//! commitment, a score and a line of evidence per criterion), the unit head's sheet on each member
//! and on the unit, the council's on units. A scorer sees the other sheets only after submitting
//! their own; the person scored sees them only once the Office closes scoring. The Office's
//! calibration: each scorer's mean and spread against the others, units side by side, outliers.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::scores::{Commitment, Sheet, Subject};
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::roles::Role;
use crate::domain::scoring::{Scale, read_score, sees_others, total};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::access::Readable;
use crate::web::extract::{Form, Path};
use crate::web::forms::Rows;
use crate::web::{ClientIp, Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use std::collections::HashMap;

/// A criterion of the sheet: its section, position, text, maximum and weight.
pub struct Criterion {
    pub section: &'static str,
    pub position: i32,
    pub body: String,
    pub scale: Scale,
}

/// The plan's scored criteria for a person (individual) or a unit (collective).
pub(super) fn criteria(c: &CampaignRow, person: bool) -> Vec<Criterion> {
    let (section, list) = if person {
        ("criteria_individual", &c.plan.criteria_individual)
    } else {
        ("criteria_collective", &c.plan.criteria_collective)
    };
    list.iter()
        .enumerate()
        .filter_map(|(i, k)| {
            k.max_score.map(|max| Criterion {
                section,
                position: i as i32 + 1,
                body: k.body.clone(),
                scale: Scale {
                    max,
                    weight: k.weight.unwrap_or(1.0),
                },
            })
        })
        .collect()
}

/// Another sheet as the viewer may see it: who, its total and each criterion's score.
pub struct OtherSheet {
    pub kind: String,
    pub scorer: String,
    pub submitted: bool,
    pub total: (f64, f64),
    /// per criterion of the page: the score and evidence, if given
    pub scores: Vec<Option<(f64, String)>>,
}

#[derive(Template)]
#[template(path = "scores/sheet.html")]
pub struct SheetPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub action: String,
    pub subject_name: String,
    pub kind: &'static str,
    pub criteria: Vec<Criterion>,
    /// typed or stored: score and evidence per criterion
    pub scores: Vec<(String, String)>,
    pub commitments: Vec<Commitment>,
    /// typed results per commitment position (result, figure, note)
    pub results: HashMap<i32, (String, String, String)>,
    pub submitted: bool,
    pub can_edit: bool,
    pub closed: bool,
    pub others: Vec<OtherSheet>,
    /// the others are hidden until the viewer submits (or the Office closes scoring)
    pub others_hidden: bool,
    pub version: i32,
    pub errors: Errors,
}

impl OtherSheet {
    fn at(&self, i: &usize) -> Option<(f64, String)> {
        self.scores.get(*i).cloned().flatten()
    }
}

impl SheetPage {
    fn typed_score(&self, i: &usize) -> (String, String) {
        self.scores.get(*i).cloned().unwrap_or_default()
    }
    fn result_of(&self, c: &Commitment) -> (String, String, String) {
        self.results.get(&c.position).cloned().unwrap_or_else(|| {
            (
                c.final_result.clone().unwrap_or_default(),
                c.final_figure.clone(),
                c.final_note.clone(),
            )
        })
    }
    fn own_total(&self) -> String {
        let scores: Vec<(usize, f64)> = self
            .scores
            .iter()
            .enumerate()
            .filter_map(|(i, (s, _))| s.replace(',', ".").parse::<f64>().ok().map(|v| (i, v)))
            .collect();
        let scales: Vec<Scale> = self.criteria.iter().map(|c| c.scale).collect();
        let (got, max) = total(&scales, &scores);
        format!("{got} / {max}")
    }
}

/// Who the page is about and in which capacity the viewer scores.
struct Target {
    subject: Subject,
    name: String,
    kind: &'static str,
    /// the viewer is the person scored
    is_subject: bool,
    /// the viewer only reads (the Office)
    reader: bool,
    action: String,
}

fn open(c: &CampaignRow) -> bool {
    !matches!(c.stage_on(today_vn()), Stage::Draft | Stage::Closed)
}

/// The self-assessment's target: the signed-in person.
fn own(user: &CurrentUser, c: &CampaignRow) -> AppResult<Target> {
    let p = user.person_id.ok_or(AppError::Forbidden)?;
    user.require(
        user.unit_path
            .as_deref()
            .is_some_and(|u| u.starts_with(&c.issuer_unit_path)),
    )?;
    Ok(Target {
        subject: Subject::Person(p),
        name: user.display_name.clone(),
        kind: "self",
        is_subject: true,
        reader: false,
        action: format!("/campaigns/{}/self-assessment", c.id),
    })
}

/// A member scored by their unit head (the Office reads).
async fn member(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    pid: i64,
) -> AppResult<Target> {
    let (name, path) = db::people::name_and_unit_path(&state.db, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    if !path.starts_with(&c.issuer_unit_path) {
        return Err(AppError::NotFound);
    }
    let head = user.reviews_registrations_in(&path) && user.person_id != Some(pid);
    let reader = !head && user.manages_campaigns_of(&c.issuer_unit_path);
    user.require(head || reader)?;
    Ok(Target {
        subject: Subject::Person(pid),
        name,
        kind: "head",
        is_subject: false,
        reader,
        action: format!("/campaigns/{}/scores/people/{pid}", c.id),
    })
}

/// A unit scored by its head, or by the council (the Office reads).
async fn unit(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    uid: i64,
) -> AppResult<Target> {
    let u = db::units::get(&state.db, uid)
        .await?
        .ok_or(AppError::NotFound)?;
    if !u.path.starts_with(&c.issuer_unit_path) || u.path == c.issuer_unit_path {
        return Err(AppError::NotFound);
    }
    let head = user.reviews_registrations_in(&u.path);
    let council = user
        .grants
        .iter()
        .any(|g| g.role == Role::Council && g.covers(&c.issuer_unit_path));
    let reader = !head && !council && user.manages_campaigns_of(&c.issuer_unit_path);
    user.require(head || council || reader)?;
    Ok(Target {
        subject: Subject::Unit(uid),
        name: u.name,
        kind: if head { "head" } else { "council" },
        is_subject: false,
        reader,
        action: format!("/campaigns/{}/scores/units/{uid}", c.id),
    })
}

/// A sheet's score and evidence on criterion `k`, if given.
fn score_of(s: &Sheet, k: &Criterion) -> Option<(f64, String)> {
    s.lines
        .iter()
        .find(|l| l.0 == k.section && l.1 == k.position)
        .map(|l| (l.2, l.3.clone()))
}

/// The submitted sheets other than the viewer's own (`mine`), each with its scores and total.
fn other_sheets(sheets: &[Sheet], mine: Option<i64>, crit: &[Criterion]) -> Vec<OtherSheet> {
    let scales: Vec<Scale> = crit.iter().map(|k| k.scale).collect();
    sheets
        .iter()
        .filter(|s| Some(s.id) != mine)
        .filter(|s| s.submitted_at.is_some())
        .map(|s| {
            let scores: Vec<Option<(f64, String)>> = crit.iter().map(|k| score_of(s, k)).collect();
            let got: Vec<(usize, f64)> = scores
                .iter()
                .enumerate()
                .filter_map(|(i, x)| x.as_ref().map(|x| (i, x.0)))
                .collect();
            OtherSheet {
                kind: s.scorer_kind.clone(),
                scorer: s.scorer_name.clone(),
                submitted: true,
                total: total(&scales, &got),
                scores,
            }
        })
        .collect()
}

/// The page for target `t`, with what was typed when a form came back.
async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    t: Target,
    typed: Option<&Rows>,
    errors: Errors,
) -> AppResult<SheetPage> {
    let person = matches!(t.subject, Subject::Person(_));
    let crit = criteria(&c, person);
    let sheets = db::scores::sheets(&state.db, c.id, t.subject).await?;
    let mine = sheets
        .iter()
        .find(|s| !t.reader && s.scorer_id == user.user_id && s.scorer_kind == t.kind);
    let closed = db::scores::closed_at(&state.db, c.id).await?.is_some();
    let submitted = mine.is_some_and(|s| s.submitted_at.is_some());
    let show = t.reader || sees_others(submitted, t.is_subject, closed);
    let others = if show {
        other_sheets(&sheets, mine.map(|m| m.id), &crit)
    } else {
        Vec::new()
    };
    let scores = crit
        .iter()
        .enumerate()
        .map(|(i, k)| match typed {
            Some(f) => (
                f.value(&format!("s_{i}")).to_string(),
                f.value(&format!("e_{i}")).to_string(),
            ),
            None => mine
                .and_then(|m| score_of(m, k))
                .map(|(v, e)| (v.to_string(), e))
                .unwrap_or_default(),
        })
        .collect();
    let commitments = match t.subject {
        Subject::Person(p) => db::scores::commitments(&state.db, c.id, p).await?,
        Subject::Unit(_) => Vec::new(),
    };
    let results = typed
        .map(|f| {
            commitments
                .iter()
                .map(|k| {
                    let g = |p: &str| f.value(&format!("{p}_{}", k.position)).to_string();
                    (k.position, (g("r"), g("f"), g("n")))
                })
                .collect()
        })
        .unwrap_or_default();
    // nothing to score: no scoring sheet in the plan and no commitment registered
    let nothing = crit.is_empty() && commitments.is_empty();
    Ok(SheetPage {
        can_edit: !t.reader && !submitted && !closed && open(&c) && !nothing,
        version: mine.map_or(0, |m| m.version),
        others_hidden: !show,
        subject_name: t.name,
        kind: t.kind,
        action: t.action,
        criteria: crit,
        scores,
        commitments,
        results,
        submitted,
        closed,
        others,
        errors,
        c,
        ctx,
    })
}

pub async fn self_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Readable(c): Readable,
) -> AppResult<Response> {
    let t = own(&user, &c)?;
    render(&page(&state, ctx, &user, c, t, None, Errors::default()).await?)
}

pub async fn member_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((_, pid)): Path<(i64, i64)>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let t = member(&state, &user, &c, pid).await?;
    render(&page(&state, ctx, &user, c, t, None, Errors::default()).await?)
}

pub async fn unit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((_, uid)): Path<(i64, i64)>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let t = unit(&state, &user, &c, uid).await?;
    render(&page(&state, ctx, &user, c, t, None, Errors::default()).await?)
}

pub async fn self_save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Readable(c): Readable,
    Form(f): Form<ScoreForm>,
) -> AppResult<Response> {
    let t = own(&user, &c)?;
    save(&state, ctx, &user, &ip, c, t, f).await
}

pub async fn member_save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((_, pid)): Path<(i64, i64)>,
    Readable(c): Readable,
    Form(f): Form<ScoreForm>,
) -> AppResult<Response> {
    let t = member(&state, &user, &c, pid).await?;
    save(&state, ctx, &user, &ip, c, t, f).await
}

pub async fn unit_save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((_, uid)): Path<(i64, i64)>,
    Readable(c): Readable,
    Form(f): Form<ScoreForm>,
) -> AppResult<Response> {
    let t = unit(&state, &user, &c, uid).await?;
    save(&state, ctx, &user, &ip, c, t, f).await
}

const RESULTS: [&str; 3] = ["done", "partly", "not"];

/// A sheet as posted: `action` ("submit", else a save), the `version` read, and its rows: each
/// criterion's score and evidence (`s_{i}`, `e_{i}`) and for a self-assessment each commitment's
/// result, figure and note (`r_{position}`, `f_…`, `n_…`).
#[derive(Deserialize)]
pub struct ScoreForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub version: String,
    #[serde(flatten)]
    pub rows: Rows,
}

/// The scores and evidence typed on each criterion (a missing score is an error when submitting).
fn read_scores(
    f: &Rows,
    crit: &[Criterion],
    submit: bool,
    errors: &mut Errors,
) -> Vec<(String, i32, f64, String)> {
    let mut lines = Vec::new();
    for (i, k) in crit.iter().enumerate() {
        let text = f.value(&format!("s_{i}"));
        let evidence = crate::domain::names::clean_text(f.value(&format!("e_{i}")));
        if evidence.chars().count() > 1000 {
            errors.push(&format!("e_{i}"), "proposal.err_long");
        }
        match read_score(text, k.scale.max) {
            Ok(Some(v)) => lines.push((k.section.to_string(), k.position, v, evidence)),
            Ok(None) if submit => errors.push(&format!("s_{i}"), "score.err_missing"),
            Ok(None) => {}
            Err(e) => errors.push(&format!("s_{i}"), e),
        }
    }
    lines
}

/// Each commitment's result as typed (registration, position, result, figure, note).
fn read_results(
    f: &Rows,
    commitments: &[Commitment],
    submit: bool,
    errors: &mut Errors,
) -> Vec<(i64, i32, String, String, String)> {
    let mut results = Vec::new();
    for k in commitments {
        let g = |p: &str| crate::domain::names::clean_text(f.value(&format!("{p}_{}", k.position)));
        let (r, fig, note) = (g("r"), g("f"), g("n"));
        if !r.is_empty() && !RESULTS.contains(&r.as_str()) {
            errors.push(&format!("r_{}", k.position), "err.choose");
        }
        if submit && r.is_empty() {
            errors.push(&format!("r_{}", k.position), "score.err_result");
        }
        if fig.chars().count() > 200 || note.chars().count() > 1000 {
            errors.push(&format!("r_{}", k.position), "proposal.err_long");
        }
        results.push((k.registration_id, k.position, r, fig, note));
    }
    results
}

/// Saves (or submits, with `action=submit`) the viewer's sheet on the target, and for a
/// self-assessment the results against the commitments. Bad input comes back as typed.
async fn save(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    ip: &str,
    c: CampaignRow,
    t: Target,
    f: ScoreForm,
) -> AppResult<Response> {
    user.require(!t.reader && open(&c))?;
    let person = matches!(t.subject, Subject::Person(_));
    let crit = criteria(&c, person);
    let submit = f.action == "submit";
    let mut errors = Errors::default();
    if db::scores::closed_at(&state.db, c.id).await?.is_some() {
        errors.push("_form", "score.err_closed");
    }
    let lines = read_scores(&f.rows, &crit, submit, &mut errors);
    let commitments = match (t.kind, t.subject) {
        ("self", Subject::Person(p)) => db::scores::commitments(&state.db, c.id, p).await?,
        _ => Vec::new(),
    };
    let results = read_results(&f.rows, &commitments, submit, &mut errors);
    if crit.is_empty() && commitments.is_empty() {
        errors.push("_form", "score.err_nothing");
    }
    let version = f.version.parse().unwrap_or(-1);
    if !errors.is_empty() {
        return render_invalid(&page(state, ctx, user, c, t, Some(&f.rows), errors).await?);
    }
    let mut tx = state.db.begin().await?;
    let Some(sheet) = db::scores::save(
        &mut tx,
        c.id,
        t.subject,
        t.kind,
        user.user_id,
        version,
        &lines,
        submit,
    )
    .await?
    else {
        tx.rollback().await?;
        let errors =
            crate::web::forms::stale(&state.db, "score_sheet", &sheet_key(&c, &t, user)).await?;
        return render_invalid(&page(state, ctx, user, c, t, Some(&f.rows), errors).await?);
    };
    for (reg, pos, r, fig, note) in &results {
        let r = (!r.is_empty()).then_some(r.as_str());
        db::scores::set_result(&mut *tx, *reg, *pos, (r, fig, note)).await?;
    }
    let unit_id = match t.subject {
        Subject::Unit(u) => Some(u),
        Subject::Person(_) => None,
    };
    let person_id = match t.subject {
        Subject::Person(p) => Some(p),
        Subject::Unit(_) => None,
    };
    audit::record(
        &mut *tx,
        &user.actor(ip),
        Entry::new(if submit { "submit" } else { "save" }, "score_sheet", sheet_key(&c, &t, user))
            .summary(format!("{} — {}", t.name, t.kind))
            .after(Some(serde_json::json!({
                "sheet": sheet, "person_id": person_id, "unit_id": unit_id, "kind": t.kind,
                "scores": lines.iter().map(|l| serde_json::json!([l.0, l.1, l.2, l.3])).collect::<Vec<_>>(),
                "results": results.iter().map(|r| serde_json::json!([r.1, r.2, r.3, r.4])).collect::<Vec<_>>(),
                "submitted": submit
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &t.action,
        ctx.t(if submit {
            "score.submitted"
        } else {
            "score.saved"
        }),
    ))
}

fn sheet_key(c: &CampaignRow, t: &Target, user: &CurrentUser) -> String {
    match t.subject {
        Subject::Person(p) => format!("{}:p{p}:{}:{}", c.id, t.kind, user.user_id),
        Subject::Unit(u) => format!("{}:u{u}:{}:{}", c.id, t.kind, user.user_id),
    }
}

pub use super::score_overview::{close, overview};
