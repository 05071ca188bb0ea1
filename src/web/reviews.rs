//! The unit's review meeting (bình xét): the head sees every member with their registration,
//! rating and eligibility side by side with the live quota counters, records the meeting, the title
//! proposed for each member and its vote, downloads the minutes as .docx to sign, attaches the
//! signed scan, and builds the unit's proposal from it. The Office reads every unit's review.

use super::campaigns::readable;
use super::eligibility::{QuotaView, UnitLine, evaluated, quota_views};
use super::extract::{Form, Path};
use super::{ClientIp, Ctx, Errors, redirect_flash, render, render_invalid};
use crate::auth::CurrentUser;
use crate::caches::Evaluated;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::documents::Document;
use crate::db::reviews::{Meeting, Member, Review, ReviewLine};
use crate::db::rule_sets::TitleLine;
use crate::db::units::UnitRow;
use crate::domain::campaign::Stage;
use crate::domain::dates::{parse_opt_date, today_vn};
use crate::domain::eligibility::Tri;
use crate::domain::names::clean_text;
use crate::domain::proposal::Vote;
use crate::error::{AppError, AppResult};
use crate::startup::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;

/// A member's row: who, what the year says of them, and the meeting's record as typed or stored.
pub struct MemberRow {
    pub person_id: i64,
    pub name: String,
    pub unit: String,
    pub registered: String,
    pub rating: String,
    /// the individual titles the member is eligible for, and those needing review (code, name)
    pub eligible: Vec<(String, String)>,
    pub review: Vec<(String, String)>,
    pub present: bool,
    pub reason: String,
    pub title: String,
    pub yes: String,
    pub no: String,
    pub abstain: String,
    /// the eligibility of the title proposed ("eligible", "not_eligible", "needs_review")
    pub proposed_outcome: &'static str,
    /// the totals the viewer may see: (scorer kind, got, max)
    pub scores: Vec<(String, f64, f64)>,
}

/// The meeting's fields as typed or stored.
#[derive(Default, Clone)]
pub struct MeetingForm {
    pub held_on: String,
    pub held_at: String,
    pub place: String,
    pub chair: String,
    pub secretary: String,
    pub voting: String,
    pub collective: String,
    pub c_yes: String,
    pub c_no: String,
    pub c_abstain: String,
    pub discussion: String,
    pub version: i32,
}

#[derive(Template)]
#[template(path = "reviews/show.html")]
pub struct ReviewPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub unit: UnitRow,
    pub can_edit: bool,
    pub held: bool,
    pub members: Vec<MemberRow>,
    pub titles: Vec<TitleLine>,
    pub form: MeetingForm,
    pub quotas: Vec<QuotaView>,
    /// the unit's own answer per collective title (code, name, outcome)
    pub unit_outcomes: Vec<(String, String, &'static str)>,
    pub documents: Vec<Document>,
    pub minutes_document_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub errors: Errors,
}

impl ReviewPage {
    /// The individual titles a review votes on (danh hiệu; commendations are added to the
    /// proposal itself).
    fn individual(&self) -> Vec<&TitleLine> {
        self.titles
            .iter()
            .filter(|t| t.subject == "individual" && t.form == "title")
            .collect()
    }
    fn collective(&self) -> Vec<&TitleLine> {
        self.titles
            .iter()
            .filter(|t| t.subject == "collective" && t.form == "title")
            .collect()
    }
    /// The chair and secretary fields: (field, label key, value).
    fn people_fields(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![
            ("chair", "review.chair", self.form.chair.clone()),
            ("secretary", "review.secretary", self.form.secretary.clone()),
        ]
    }
    fn present_count(&self) -> usize {
        self.members.iter().filter(|m| m.present).count()
    }
}

#[derive(Template)]
#[template(path = "reviews/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub rows: Vec<ReviewLine>,
    pub office: bool,
}

/// Who may read and who may record the review of unit `unit_id` in campaign `c`: the unit's head
/// records it (while the campaign is open); whoever runs the campaign and the council read it.
pub(crate) async fn access(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    unit_id: i64,
) -> AppResult<(UnitRow, bool)> {
    let unit = db::units::get(&state.db, unit_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !unit.path.starts_with(&c.issuer_unit_path) || unit.path == c.issuer_unit_path {
        return Err(AppError::NotFound);
    }
    let head = user.reviews_registrations_in(&unit.path);
    user.require(head || user.sees_all_eligibility(&c.issuer_unit_path))?;
    let open = !matches!(c.stage_on(today_vn()), Stage::Draft | Stage::Closed);
    Ok((unit, head && open))
}

/// The reviews of the units the user heads, or, for whoever runs the campaign, of every unit.
pub async fn list(
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
    let rows = db::reviews::list(&state.db, c.id, &c.issuer_unit_path, &patterns).await?;
    render(&ListPage {
        ctx,
        c,
        rows,
        office,
    })
}

fn opt(v: Option<i32>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// The meeting form as stored (or blank, with the head as chair, for a review not yet held).
fn stored_form(r: Option<&Review>, titles: &[TitleLine]) -> MeetingForm {
    let Some(r) = r else {
        return MeetingForm {
            voting: "hands".into(),
            ..Default::default()
        };
    };
    MeetingForm {
        held_on: r
            .held_on
            .map(crate::domain::dates::fmt_date)
            .unwrap_or_default(),
        held_at: r.held_at.clone(),
        place: r.place.clone(),
        chair: r.chair_id.map(|i| i.to_string()).unwrap_or_default(),
        secretary: r.secretary_id.map(|i| i.to_string()).unwrap_or_default(),
        voting: r.voting.clone(),
        collective: r
            .collective_title_id
            .and_then(|t| titles.iter().find(|x| x.id == t))
            .map(|t| t.code.clone())
            .unwrap_or_default(),
        c_yes: opt(r.collective_for),
        c_no: opt(r.collective_against),
        c_abstain: opt(r.collective_abstain),
        discussion: r.discussion.clone(),
        version: r.version,
    }
}

/// The members of the unit's subtree in the evaluated scope (indices), by given name (the scope's
/// order: PostgreSQL's Vietnamese collation on the given name, then the full name).
pub(crate) fn member_indices(e: &Evaluated, unit_path: &str) -> Vec<usize> {
    (0..e.scope.people.len())
        .filter(|&i| e.scope.people[i].unit_path.starts_with(unit_path))
        .collect()
}

/// The outcome of person `i` for title `code` (its code), or "needs_review" when not evaluated.
pub(crate) fn person_outcome(e: &Evaluated, i: usize, code: &str) -> Tri {
    e.result
        .individual_titles
        .iter()
        .position(|t| t == code)
        .and_then(|t| e.result.people.get(i).and_then(|o| o.get(t)).copied())
        .unwrap_or(Tri::Unknown)
}

/// The page's rows: each member with the year's facts, and the record as `typed` or as `stored`.
fn member_rows(
    ctx: &Ctx,
    e: &Evaluated,
    idx: &[usize],
    stored: &[Member],
    titles: &[TitleLine],
    typed: Option<&HashMap<String, String>>,
) -> Vec<MemberRow> {
    let year = e.setting.year;
    idx.iter()
        .map(|&i| {
            let p = &e.scope.people[i];
            let f = &e.scope.facts[i];
            let s = stored.iter().find(|m| m.person_id == p.id);
            let get = |k: &str| typed.and_then(|t| t.get(&format!("{k}_{}", p.id)).cloned());
            let title = match typed {
                Some(_) => get("title").unwrap_or_default(),
                None => s
                    .and_then(|m| m.title_id)
                    .and_then(|t| titles.iter().find(|x| x.id == t))
                    .map(|t| t.code.clone())
                    .unwrap_or_default(),
            };
            let of = |tri: Tri| {
                e.result
                    .individual_titles
                    .iter()
                    .enumerate()
                    .filter(|(_, code)| {
                        titles.iter().any(|x| x.code == **code && x.form == "title")
                    })
                    .filter(|(t, _)| e.result.people[i].get(*t) == Some(&tri))
                    .map(|(_, code)| (code.clone(), e.title_name(code, ctx.lang)))
                    .collect::<Vec<_>>()
            };
            MemberRow {
                person_id: p.id,
                name: p.full_name.clone(),
                unit: p.unit_name.clone(),
                registered: f
                    .registered
                    .as_deref()
                    .map(|c| e.title_name(c, ctx.lang))
                    .unwrap_or_default(),
                rating: f
                    .ratings
                    .get(&year)
                    .map(|r| r.code().to_string())
                    .unwrap_or_default(),
                eligible: of(Tri::Pass),
                review: of(Tri::Unknown),
                present: match typed {
                    Some(_) => get("present").is_some(),
                    None => s.is_none_or(|m| m.present),
                },
                reason: match typed {
                    Some(_) => get("reason").unwrap_or_default(),
                    None => s.map(|m| m.absence_reason.clone()).unwrap_or_default(),
                },
                yes: get("yes").unwrap_or_else(|| opt(s.and_then(|m| m.votes_for))),
                no: get("no").unwrap_or_else(|| opt(s.and_then(|m| m.votes_against))),
                abstain: get("abstain").unwrap_or_else(|| opt(s.and_then(|m| m.votes_abstain))),
                scores: Vec::new(),
                proposed_outcome: if title.is_empty() {
                    ""
                } else {
                    person_outcome(e, i, &title).outcome()
                },
                title,
            }
        })
        .collect()
}

/// The submitted score totals beside each member: the viewer's own sheet, and the others once the
/// viewer's is submitted (the Office and the council see them all).
async fn add_scores(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    unit: &UnitRow,
    members: &mut [MemberRow],
) -> AppResult<()> {
    let totals = db::scores::totals(&state.db, c.id, &[format!("{}%", unit.path)]).await?;
    let all = user.sees_all_eligibility(&c.issuer_unit_path);
    for m in members.iter_mut() {
        let mine: Vec<&db::scores::Total> = totals
            .iter()
            .filter(|t| t.person_id == Some(m.person_id))
            .collect();
        let submitted = mine.iter().any(|t| t.scorer_id == user.user_id);
        if all || submitted {
            m.scores = mine
                .iter()
                .map(|t| (t.kind.clone(), t.got, t.max))
                .collect();
        }
    }
    Ok(())
}

/// Everything the page needs, with `typed` values when a form came back.
pub(crate) async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    (unit, can_edit): (UnitRow, bool),
    typed: Option<(MeetingForm, HashMap<String, String>)>,
    errors: Errors,
) -> AppResult<ReviewPage> {
    let e = evaluated(state, user, &c).await?;
    let titles = db::rule_sets::titles(&state.db, c.rule_set_id).await?;
    let review = db::reviews::get(&state.db, c.id, unit.id).await?;
    let stored = match &review {
        Some(r) => db::reviews::members(&state.db, r.id).await?,
        None => Vec::new(),
    };
    let idx = member_indices(&e, &unit.path);
    let members = member_rows(
        &ctx,
        &e,
        &idx,
        &stored,
        &titles,
        typed.as_ref().map(|t| &t.1),
    );
    let mut members = members;
    add_scores(state, user, &c, &unit, &mut members).await?;
    let group = e
        .scope
        .unit_index(unit.id)
        .map(|u| e.scope.unit_facts[u].group);
    let lines: Vec<UnitLine> = group
        .map(|g| UnitLine {
            id: g,
            name: unit.name.clone(),
            depth: unit.depth,
            members: idx.len(),
            outcomes: Vec::new(),
        })
        .into_iter()
        .collect();
    let patterns = Some(vec![format!("{}%", unit.path)]);
    let quotas = quota_views(&ctx, &e, c.id, &lines, &patterns);
    let unit_outcomes = match e.scope.unit_index(unit.id) {
        Some(u) => e
            .result
            .collective_titles
            .iter()
            .zip(&e.result.units[u])
            .map(|(code, t)| (code.clone(), e.title_name(code, ctx.lang), t.outcome()))
            .collect(),
        None => Vec::new(),
    };
    let documents = match &review {
        Some(r) => db::documents::of_review(&state.db, r.id).await?,
        None => Vec::new(),
    };
    let form = match typed {
        Some((f, _)) => f,
        None => stored_form(review.as_ref(), &titles),
    };
    Ok(ReviewPage {
        proposal_id: db::proposals::of_unit(&state.db, c.id, unit.id).await?,
        held: review.is_some(),
        minutes_document_id: review.as_ref().and_then(|r| r.minutes_document_id),
        documents,
        unit_outcomes,
        quotas,
        form: MeetingForm {
            version: review.as_ref().map_or(0, |r| r.version),
            ..form
        },
        members,
        titles,
        can_edit,
        unit,
        c,
        errors,
        ctx,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((id, unit_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let access = access(&state, &user, &c, unit_id).await?;
    render(&page(&state, ctx, &user, c, access, None, Errors::default()).await?)
}

/// A count typed in a vote field: blank is `None`, else a whole number from 0 to 100,000.
fn count(s: &str) -> Result<Option<i32>, ()> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => Ok(Some(n)),
        _ => Err(()),
    }
}

/// Three vote fields read together: all blank (`None`), or all numbers possible with `present`.
fn read_vote(
    fields: [&str; 3],
    present: u32,
    field: &str,
    errors: &mut Errors,
) -> Option<[i32; 3]> {
    let counts: Result<Vec<Option<i32>>, ()> = fields.iter().map(|s| count(s)).collect();
    let Ok(counts) = counts else {
        errors.push(field, "review.err_count");
        return None;
    };
    if counts.iter().all(Option::is_none) {
        return None;
    }
    let [y, n, a] = [0, 1, 2].map(|k| counts[k].unwrap_or(0));
    let v = Vote {
        yes: y as u32,
        no: n as u32,
        abstain: a as u32,
    };
    if let Err(e) = v.check(present) {
        errors.push(field, e);
    }
    Some([y, n, a])
}

/// What a review form says: the meeting and each member's record, or the errors.
fn read_form(
    f: &HashMap<String, String>,
    members: &[i64],
    titles: &[TitleLine],
    errors: &mut Errors,
) -> (MeetingForm, Vec<Member>) {
    let g = |k: &str| f.get(k).map(|s| clean_text(s)).unwrap_or_default();
    let form = MeetingForm {
        held_on: g("held_on"),
        held_at: g("held_at"),
        place: g("place"),
        chair: g("chair"),
        secretary: g("secretary"),
        voting: g("voting"),
        collective: g("collective"),
        c_yes: g("c_yes"),
        c_no: g("c_no"),
        c_abstain: g("c_abstain"),
        discussion: f.get("discussion").cloned().unwrap_or_default(),
        version: f.get("version").and_then(|v| v.parse().ok()).unwrap_or(-1),
    };
    match parse_opt_date(&form.held_on) {
        Ok(Some(d)) if d <= today_vn() => {}
        Ok(Some(_)) => errors.push("held_on", "review.err_future"),
        Ok(None) => errors.push("held_on", "review.err_date"),
        Err(e) => errors.push("held_on", e),
    }
    if form.held_at.chars().count() > 20 {
        errors.push("held_at", "review.err_long");
    }
    if form.place.chars().count() > 300 {
        errors.push("place", "review.err_long");
    }
    if form.discussion.chars().count() > 10_000 {
        errors.push("discussion", "review.err_long");
    }
    for k in ["chair", "secretary"] {
        let v = g(k);
        if !v.is_empty() && !v.parse::<i64>().is_ok_and(|p| members.contains(&p)) {
            errors.push(k, "review.err_member");
        }
    }
    if !["hands", "secret"].contains(&form.voting.as_str()) {
        errors.push("voting", "err.choose");
    }
    let present: Vec<i64> = members
        .iter()
        .copied()
        .filter(|p| f.contains_key(&format!("present_{p}")))
        .collect();
    let n = present.len() as u32;
    // a review votes on titles (danh hiệu); commendations are added to the proposal itself
    let title_id = |code: &str, subject: &str| {
        titles
            .iter()
            .find(|t| t.code == code && t.subject == subject && t.form == "title")
            .map(|t| t.id)
    };
    let mut rows = Vec::new();
    for p in members {
        let code = g(&format!("title_{p}"));
        let tid = title_id(&code, "individual");
        if !code.is_empty() && tid.is_none() {
            errors.push(&format!("title_{p}"), "err.choose");
        }
        let vote = read_vote(
            [
                &g(&format!("yes_{p}")),
                &g(&format!("no_{p}")),
                &g(&format!("abstain_{p}")),
            ],
            n,
            &format!("vote_{p}"),
            errors,
        );
        if tid.is_some() && vote.is_none() {
            errors.push(&format!("vote_{p}"), "review.err_vote_missing");
        }
        let reason = g(&format!("reason_{p}"));
        if reason.chars().count() > 300 {
            errors.push(&format!("reason_{p}"), "review.err_long");
        }
        rows.push(Member {
            person_id: *p,
            present: present.contains(p),
            absence_reason: reason,
            title_id: tid,
            votes_for: vote.map(|v| v[0]),
            votes_against: vote.map(|v| v[1]),
            votes_abstain: vote.map(|v| v[2]),
        });
    }
    if !form.collective.is_empty() {
        if title_id(&form.collective, "collective").is_none() {
            errors.push("collective", "err.choose");
        }
        let v = read_vote(
            [&form.c_yes, &form.c_no, &form.c_abstain],
            n,
            "c_vote",
            errors,
        );
        if v.is_none() {
            errors.push("c_vote", "review.err_vote_missing");
        }
    }
    if n == 0 {
        errors.push("_form", "review.err_nobody");
    }
    (form, rows)
}

/// Records the meeting: its details, each member's attendance, proposed title and vote, and the
/// unit's collective title. A stale form comes back with the other change named.
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    Path((id, unit_id)): Path<(i64, i64)>,
    Form(f): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let c = readable(&state, &user, id).await?;
    let (unit, can_edit) = access(&state, &user, &c, unit_id).await?;
    user.require(can_edit)?;
    let e = evaluated(&state, &user, &c).await?;
    let members: Vec<i64> = member_indices(&e, &unit.path)
        .into_iter()
        .map(|i| e.scope.people[i].id)
        .collect();
    let titles = db::rule_sets::titles(&state.db, c.rule_set_id).await?;
    let mut errors = Errors::default();
    let (form, rows) = read_form(&f, &members, &titles, &mut errors);
    if db::proposals::review_locks(&state.db, c.id, unit.id)
        .await?
        .0
    {
        errors = Errors::form("review.err_frozen");
    }
    if !errors.is_empty() {
        let p = page(
            &state,
            ctx,
            &user,
            c,
            (unit, can_edit),
            Some((form, f)),
            errors,
        );
        return render_invalid(&p.await?);
    }
    let cv = |s: &str| count(s).ok().flatten();
    let meeting = Meeting {
        held_on: parse_opt_date(&form.held_on).ok().flatten(),
        held_at: &form.held_at,
        place: &form.place,
        chair_id: form.chair.parse().ok(),
        secretary_id: form.secretary.parse().ok(),
        voting: &form.voting,
        collective_title_id: titles
            .iter()
            .find(|t| t.code == form.collective && t.subject == "collective" && t.form == "title")
            .map(|t| t.id),
        collective: [cv(&form.c_yes), cv(&form.c_no), cv(&form.c_abstain)],
        discussion: &form.discussion,
    };
    let mut tx = state.db.begin().await?;
    let before = db::reviews::get(&mut *tx, c.id, unit.id).await?;
    let Some(rid) = db::reviews::save(
        &mut *tx,
        c.id,
        unit.id,
        form.version,
        &meeting,
        user.user_id,
    )
    .await?
    else {
        tx.rollback().await?;
        let key = format!("{}:{}", c.id, unit.id);
        let errors = super::forms::stale(&state.db, "unit_review", &key).await?;
        let p = page(
            &state,
            ctx,
            &user,
            c,
            (unit, can_edit),
            Some((form, f)),
            errors,
        );
        return render_invalid(&p.await?);
    };
    db::reviews::set_members(&mut tx, rid, &rows).await?;
    let proposed = rows.iter().filter(|r| r.title_id.is_some()).count();
    audit::record(
        &mut *tx,
        &user.actor(&ip),
        Entry::new(
            if before.is_some() { "update" } else { "create" },
            "unit_review",
            format!("{}:{}", c.id, unit.id),
        )
        .summary(format!("{} — {}", unit.name, c.plan.year))
        .after(Some(serde_json::json!({
            "unit_id": unit.id, "campaign_id": c.id, "held_on": meeting.held_on,
            "place": form.place, "chair": meeting.chair_id, "secretary": meeting.secretary_id,
            "voting": form.voting, "collective": form.collective,
            "members": rows.iter().map(|r| serde_json::json!({
                "person": r.person_id, "present": r.present, "title": r.title_id,
                "votes": [r.votes_for, r.votes_against, r.votes_abstain]
            })).collect::<Vec<_>>(),
            "proposed": proposed
        }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}/reviews/{unit_id}"),
        ctx.t("review.saved"),
    ))
}
