//! Year-end scores on the plan's criteria: a person's self-assessment (their result against each
//! commitment, a score and a line of evidence per criterion), the unit head's sheet on each member
//! and on the unit, the council's on units. A scorer sees the other sheets only after submitting
//! their own; the person scored sees them only once the Office closes scoring. The Office's
//! calibration: each scorer's mean and spread against the others, units side by side, outliers.

use super::campaigns::readable;
use super::extract::{Form, Path};
use super::{ClientIp, Ctx, Errors, redirect_flash, render, render_invalid};
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::scores::{Commitment, Sheet, Subject};
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::roles::{Role, scope_patterns};
use crate::domain::scoring::{
    Scale, Scored, ScorerLine, calibrate, read_score, sees_others, total, units_side_by_side,
};
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::{BTreeMap, HashMap};

/// A criterion of the sheet: its section, position, text, maximum and weight.
pub struct Criterion {
    pub section: &'static str,
    pub position: i32,
    pub body: String,
    pub scale: Scale,
}

/// The plan's scored criteria for a person (individual) or a unit (collective).
fn criteria(c: &CampaignRow, person: bool) -> Vec<Criterion> {
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

/// The page for target `t`, with what was typed when a form came back.
async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    t: Target,
    typed: Option<&HashMap<String, String>>,
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
    let score_of = |s: &Sheet, k: &Criterion| {
        s.lines
            .iter()
            .find(|l| l.0 == k.section && l.1 == k.position)
            .map(|l| (l.2, l.3.clone()))
    };
    let scales: Vec<Scale> = crit.iter().map(|k| k.scale).collect();
    let others = if show {
        sheets
            .iter()
            .filter(|s| Some(s.id) != mine.map(|m| m.id))
            .filter(|s| s.submitted_at.is_some())
            .map(|s| {
                let scores: Vec<Option<(f64, String)>> =
                    crit.iter().map(|k| score_of(s, k)).collect();
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
    } else {
        Vec::new()
    };
    let scores = crit
        .iter()
        .enumerate()
        .map(|(i, k)| match typed {
            Some(f) => (
                f.get(&format!("s_{i}")).cloned().unwrap_or_default(),
                f.get(&format!("e_{i}")).cloned().unwrap_or_default(),
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
                    let g = |p: &str| {
                        f.get(&format!("{p}_{}", k.position))
                            .cloned()
                            .unwrap_or_default()
                    };
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
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let t = own(&user, &c)?;
    render(&page(&state, ctx, &user, c, t, None, Errors::default()).await?)
}

pub async fn member_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((id, pid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let t = member(&state, &user, &c, pid).await?;
    render(&page(&state, ctx, &user, c, t, None, Errors::default()).await?)
}

pub async fn unit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((id, uid)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let t = unit(&state, &user, &c, uid).await?;
    render(&page(&state, ctx, &user, c, t, None, Errors::default()).await?)
}

pub async fn self_save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let t = own(&user, &c)?;
    save(&state, ctx, &user, &ip, c, t, f).await
}

pub async fn member_save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, pid)): Path<(i64, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let t = member(&state, &user, &c, pid).await?;
    save(&state, ctx, &user, &ip, c, t, f).await
}

pub async fn unit_save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, uid)): Path<(i64, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let t = unit(&state, &user, &c, uid).await?;
    save(&state, ctx, &user, &ip, c, t, f).await
}

const RESULTS: [&str; 3] = ["done", "partly", "not"];

/// Saves (or submits, with `action=submit`) the viewer's sheet on the target, and for a
/// self-assessment the results against the commitments. Bad input comes back as typed.
async fn save(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    ip: &str,
    c: CampaignRow,
    t: Target,
    f: HashMap<String, String>,
) -> AppResult<Response> {
    user.require(!t.reader && open(&c))?;
    let person = matches!(t.subject, Subject::Person(_));
    let crit = criteria(&c, person);
    let submit = f.get("action").map(String::as_str) == Some("submit");
    let mut errors = Errors::default();
    if db::scores::closed_at(&state.db, c.id).await?.is_some() {
        errors.push("_form", "score.err_closed");
    }
    let mut lines = Vec::new();
    for (i, k) in crit.iter().enumerate() {
        let text = f.get(&format!("s_{i}")).map(String::as_str).unwrap_or("");
        let evidence = crate::domain::names::clean_text(
            f.get(&format!("e_{i}")).map(String::as_str).unwrap_or(""),
        );
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
    let commitments = match (t.kind, t.subject) {
        ("self", Subject::Person(p)) => db::scores::commitments(&state.db, c.id, p).await?,
        _ => Vec::new(),
    };
    let mut results = Vec::new();
    for k in &commitments {
        let g = |p: &str| {
            crate::domain::names::clean_text(
                f.get(&format!("{p}_{}", k.position))
                    .map(String::as_str)
                    .unwrap_or(""),
            )
        };
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
    if crit.is_empty() && commitments.is_empty() {
        errors.push("_form", "score.err_nothing");
    }
    let version = f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1);
    if !errors.is_empty() {
        return render_invalid(&page(state, ctx, user, c, t, Some(&f), errors).await?);
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
            super::forms::stale(&state.db, "score_sheet", &sheet_key(&c, &t, user)).await?;
        return render_invalid(&page(state, ctx, user, c, t, Some(&f), errors).await?);
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

// --- the overview: a head's members and units; the Office's calibration -------------------------

/// A scorer's calibration line with their name.
pub struct CalibrationLine {
    pub name: String,
    pub line: ScorerLine,
}

/// A member's or unit's line of the head's overview: who, and the totals the head may see.
pub struct OverviewLine {
    pub href: String,
    pub name: String,
    pub self_total: Option<f64>,
    pub head_total: Option<f64>,
    pub max: f64,
}

#[derive(Template)]
#[template(path = "scores/overview.html")]
pub struct OverviewPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub office: bool,
    pub closed: bool,
    pub lines: Vec<OverviewLine>,
    pub scorers: Vec<CalibrationLine>,
    /// (unit name, mean percent and sheets per scorer kind)
    pub units: Vec<(String, [(f64, usize); 3])>,
}

pub async fn overview(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let visible = super::eligibility::visible_patterns(&user, &c);
    let office = visible.is_none();
    let patterns = visible.unwrap_or_else(|| vec![format!("{}%", c.issuer_unit_path)]);
    user.require(!patterns.is_empty())?;
    let totals = db::scores::totals(&state.db, c.id, &patterns).await?;
    let percent = |got: f64, max: f64| if max > 0.0 { got * 100.0 / max } else { 0.0 };
    let scored: Vec<Scored> = totals
        .iter()
        .map(|t| Scored {
            scorer: t.scorer_id,
            kind: t.kind.clone(),
            subject: match (t.person_id, t.unit_id) {
                (Some(p), _) => format!("p{p}"),
                (_, u) => format!("u{}", u.unwrap_or_default()),
            },
            unit: t.home_unit,
            percent: percent(t.got, t.max),
        })
        .collect();
    let names: BTreeMap<i64, String> = totals
        .iter()
        .map(|t| (t.scorer_id, t.scorer_name.clone()))
        .collect();
    let unit_names: BTreeMap<i64, String> = db::units::names_of(
        &state.db,
        &scored.iter().map(|s| s.unit).collect::<Vec<_>>(),
    )
    .await?
    .into_iter()
    .collect();
    let (scorers, units) = if office {
        (
            calibrate(&scored)
                .into_iter()
                .map(|line| CalibrationLine {
                    name: names.get(&line.scorer).cloned().unwrap_or_default(),
                    line,
                })
                .collect(),
            units_side_by_side(&scored)
                .into_iter()
                .map(|(u, v)| (unit_names.get(&u).cloned().unwrap_or_default(), v))
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let lines = if office {
        Vec::new()
    } else {
        head_lines(&state, &user, &c, &totals).await?
    };
    render(&OverviewPage {
        closed: db::scores::closed_at(&state.db, c.id).await?.is_some(),
        ctx,
        c,
        office,
        lines,
        scorers,
        units,
    })
}

/// The head's members and units with the totals the head may see (their own sheet's, and the
/// self-assessment's once their own is submitted).
async fn head_lines(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    totals: &[db::scores::Total],
) -> AppResult<Vec<OverviewLine>> {
    let e = super::eligibility::evaluated(state, user, c).await?;
    let patterns = scope_patterns(&user.grants, |r| r == Role::UnitHead);
    let mut lines = Vec::new();
    let max_person = criteria(c, true)
        .iter()
        .map(|k| k.scale.max * k.scale.weight)
        .sum::<f64>();
    let max_unit = criteria(c, false)
        .iter()
        .map(|k| k.scale.max * k.scale.weight)
        .sum::<f64>();
    for u in &e.scope.units {
        if !patterns
            .iter()
            .any(|p| u.path.starts_with(p.trim_end_matches('%')))
        {
            continue;
        }
        let head = totals
            .iter()
            .find(|t| t.unit_id == Some(u.id) && t.kind == "head" && t.scorer_id == user.user_id);
        lines.push(OverviewLine {
            href: format!("/campaigns/{}/scores/units/{}", c.id, u.id),
            name: u.name.clone(),
            self_total: None,
            head_total: head.map(|t| t.got),
            max: max_unit,
        });
    }
    for i in 0..e.scope.people.len() {
        let p = &e.scope.people[i];
        if !patterns
            .iter()
            .any(|x| p.unit_path.starts_with(x.trim_end_matches('%')))
            || user.person_id == Some(p.id)
        {
            continue;
        }
        let head = totals
            .iter()
            .find(|t| t.person_id == Some(p.id) && t.kind == "head" && t.scorer_id == user.user_id);
        let own = totals
            .iter()
            .find(|t| t.person_id == Some(p.id) && t.kind == "self");
        lines.push(OverviewLine {
            href: format!("/campaigns/{}/scores/people/{}", c.id, p.id),
            name: p.full_name.clone(),
            self_total: head.and(own).map(|t| t.got),
            head_total: head.map(|t| t.got),
            max: max_person,
        });
    }
    Ok(lines)
}

/// The Office closes scoring: sheets can no longer change, and the people scored see theirs.
pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(_f): Form<super::imports::EmptyForm>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    user.require(user.manages_campaigns_of(&c.issuer_unit_path))?;
    let mut tx = state.db.begin().await?;
    if db::scores::close(&mut *tx, c.id, user.user_id).await? {
        audit::record(
            &mut *tx,
            &user.actor(&ip),
            Entry::new("close_scoring", "campaign", c.id.to_string()).summary(c.plan.title.clone()),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}/scores"),
        ctx.t("score.closed_now"),
    ))
}
