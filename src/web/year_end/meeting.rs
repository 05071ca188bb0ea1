//! The unit's review meeting (bình xét): the head sees every member with their registration,
//! rating and eligibility side by side with the live quota counters, records the meeting, the title
//! proposed for each member and its vote, downloads the minutes as .docx to sign, attaches the
//! signed scan, and builds the unit's proposal from it. The Office reads every unit's review.

use super::meeting_form::{self, MeetingForm, Others, ReviewPost, count, read_form, stored_form};
use crate::auth::CurrentUser;
use crate::caches::{Evaluated, ReviewData, ReviewParts};
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::reviews::{Meeting, Member, ReviewLine};
use crate::db::rule_sets::TitleLine;
use crate::db::scores::Assessed;
use crate::db::units::UnitRow;
use crate::domain::campaign::Stage;
use crate::domain::dates::{parse_opt_date, today_vn};
use crate::domain::paging::Paging;
use crate::domain::richtext::escape;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::Readable;
use crate::web::evaluation::{QuotaView, UnitLine, evaluated, quota_views};
use crate::web::extract::{Form, Path, Query};
use crate::web::forms::Rows;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid, render_sized};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::Arc;

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
    /// the results of the member's commitments, as they assessed them
    pub assessed: Option<Assessed>,
}

impl MemberRow {
    /// The rules' answer for the member and title `code`, as the select's options carry it.
    pub fn outcome_of(&self, code: &str) -> &'static str {
        let has = |v: &[(String, String)]| v.iter().any(|(c, _)| c == code);
        match (has(&self.eligible), has(&self.review)) {
            (true, _) => "eligible",
            (_, true) => "needs_review",
            _ => "not_eligible",
        }
    }
}

#[derive(Template)]
#[template(path = "reviews/show.html")]
pub struct ReviewPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    /// the review as stored, with the unit, titles, documents and proposal
    pub data: Arc<ReviewData>,
    /// the unit's members, quota lines and own answers
    pub view: Arc<UnitView>,
    pub can_edit: bool,
    /// the members section and the chair's and secretary's options, rendered
    pub parts: Arc<ReviewParts>,
    pub form: MeetingForm,
    pub errors: Errors,
}

impl ReviewPage {
    fn collective(&self) -> Vec<&TitleLine> {
        self.data
            .titles
            .iter()
            .filter(|t| t.subject == "collective" && t.form == "title")
            .collect()
    }
    /// The chair and secretary fields: (field, label key, the options rendered).
    fn people_fields(&self) -> [(&'static str, &'static str, &str); 2] {
        [
            ("chair", "review.chair", &self.parts.chair),
            ("secretary", "review.secretary", &self.parts.secretary),
        ]
    }
    fn unit(&self) -> &UnitRow {
        &self.data.unit
    }
    fn held(&self) -> bool {
        self.data.review.is_some()
    }
    fn minutes_document_id(&self) -> Option<i64> {
        self.data
            .review
            .as_ref()
            .and_then(|r| r.minutes_document_id)
    }
}

/// The members section of the page: the rows of the page shown with the meeting's record as typed
/// or stored, the attendance count over every page, and the pager.
#[derive(Template)]
#[template(path = "reviews/members.html")]
struct MembersPart<'a> {
    ctx: &'a Ctx,
    campaign: i64,
    unit_name: &'a str,
    can_edit: bool,
    members: &'a [MemberRow],
    /// the individual titles a review votes on (danh hiệu; commendations are added to the
    /// proposal itself)
    titles: Vec<&'a TitleLine>,
    paging: Paging,
    /// members present on every page, of `total`
    present: usize,
    total: usize,
    base: String,
    errors: &'a Errors,
}

impl MembersPart<'_> {
    /// The ids of the members on this page, posted with the form (each save records only them).
    fn shown(&self) -> String {
        let ids: Vec<String> = self
            .members
            .iter()
            .map(|m| m.person_id.to_string())
            .collect();
        ids.join(",")
    }
    fn page_base(&self) -> &str {
        &self.base
    }
    /// The error of a member's field (`reason`, `title`, `vote`), if the form came back with one.
    fn err(&self, field: &str, id: &i64) -> Option<&'static str> {
        if self.errors.is_empty() {
            return None;
        }
        self.errors.get(format!("{field}_{id}"))
    }
}

/// The options of a select of members (every member of the unit, `selected` chosen).
#[derive(Template)]
#[template(path = "reviews/person_options.html")]
struct PersonOptions<'a> {
    everyone: Vec<(i64, &'a str)>,
    selected: i64,
}

/// What a unit's review page shows from the evaluation alone, kept with it per unit and language.
pub struct UnitView {
    /// every member of the unit (indices into the evaluated scope, by given name) and their ids
    pub idx: Vec<usize>,
    pub ids: Vec<i64>,
    /// each member's name, escaped for HTML once (the chair's and the secretary's options)
    pub names: Vec<String>,
    pub quotas: Vec<QuotaView>,
    /// the unit's own answer per collective title (code, name, outcome)
    pub unit_outcomes: Vec<(String, String, &'static str)>,
}

/// The unit's members, its live quota lines and its own answers.
fn unit_view(ctx: &Ctx, e: &Evaluated, campaign: i64, unit: &UnitRow) -> UnitView {
    let idx = member_indices(e, &unit.path);
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
    let quotas = quota_views(ctx, e, campaign, &lines, &patterns);
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
    UnitView {
        ids: idx.iter().map(|&i| e.scope.people[i].id).collect(),
        names: idx
            .iter()
            .map(|&i| escape(&e.scope.people[i].full_name))
            .collect(),
        idx,
        quotas,
        unit_outcomes,
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
    let (data, can_edit) = access_data(state, user, c, unit_id).await?;
    Ok((data.unit.clone(), can_edit))
}

/// [`access`], with the review as stored.
pub(crate) async fn access_data(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    unit_id: i64,
) -> AppResult<(Arc<ReviewData>, bool)> {
    let data = review_data(state, user, c, unit_id).await?;
    let head = user.reviews_registrations_in(&data.unit.path);
    user.require(head || user.sees_all_eligibility(&c.issuer_unit_path))?;
    let open = !matches!(c.stage_on(today_vn()), Stage::Draft | Stage::Closed);
    Ok((data, head && open))
}

/// The review of unit `unit_id` (a unit under the campaign's issuer) as stored, from this server's
/// memory while no review, member record, score, document, proposal, person or rule set changed.
async fn review_data(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
    unit_id: i64,
) -> AppResult<Arc<ReviewData>> {
    let versions = &user.seen;
    state
        .caches
        .reviews
        .get_or_load(&(c.id, unit_id), versions, || async {
            let unit = db::units::get(&state.db, unit_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !unit.path.starts_with(&c.issuer_unit_path) || unit.path == c.issuer_unit_path {
                return Err(AppError::NotFound);
            }
            let review = db::reviews::get(&state.db, c.id, unit.id).await?;
            let (members, documents) = match &review {
                Some(r) => (
                    db::reviews::members(&state.db, r.id)
                        .await?
                        .into_iter()
                        .map(|m| (m.person_id, m))
                        .collect(),
                    db::documents::of_review(&state.db, r.id).await?,
                ),
                None => (HashMap::new(), Vec::new()),
            };
            let pattern = [format!("{}%", unit.path)];
            let absent = members
                .values()
                .filter(|m: &&Member| !m.present)
                .map(|m| m.person_id)
                .collect();
            Ok(ReviewData {
                absent,
                titles: db::rule_sets::titles(&state.db, c.rule_set_id).await?,
                proposal_id: db::proposals::of_unit(&state.db, c.id, unit.id).await?,
                totals: db::scores::totals(&state.db, c.id, &pattern).await?,
                assessed: db::scores::assessed(&state.db, c.id, &pattern[0])
                    .await?
                    .into_iter()
                    .collect(),
                review,
                members,
                documents,
                unit,
            })
        })
        .await
}

/// The reviews of the units the user heads, or, for whoever runs the campaign, of every unit.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Readable(c): Readable,
) -> AppResult<Response> {
    let visible = crate::web::evaluation::visible_patterns(&user, &c);
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

pub(crate) use super::meeting_members::member_indices;
use super::meeting_members::{add_scores, member_rows};

/// A form that came back: the meeting's fields and the members' rows as posted.
pub(crate) type Typed = (MeetingForm, Rows);

/// The page asked for: its number.
#[derive(serde::Deserialize, Default)]
pub struct PageQuery {
    pub page: Option<i64>,
}

/// Everything the page needs, with `typed` values when a form came back. The members are paged;
/// the meeting, the attendance count and the chair and secretary cover the whole unit. The members
/// section is kept rendered per viewer, page and language while nothing it shows changed.
pub(crate) async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    (data, can_edit): (Arc<ReviewData>, bool),
    (page, typed): (Option<i64>, Option<Typed>),
    errors: Errors,
) -> AppResult<ReviewPage> {
    let e = evaluated(state, user, &c).await?;
    let view = e.view(("review", data.unit.id, ctx.lang), || {
        unit_view(&ctx, &e, c.id, &data.unit)
    });
    let paging = Paging::new(page, None, view.idx.len() as i64);
    let (form, fields) = match typed {
        Some((f, fields)) => (f, Some(fields)),
        None => (stored_form(data.review.as_ref(), &data.titles), None),
    };
    let who = Viewer {
        user,
        c: &c,
        can_edit,
    };
    // a form that came back is rendered as typed; the page as stored is kept rendered
    let parts = if fields.is_some() || !errors.is_empty() {
        let typed = (&form, fields.as_ref());
        Arc::new(render_parts(
            &ctx,
            who,
            (&data, &e, &view),
            paging,
            typed,
            &errors,
        )?)
    } else {
        // the viewer: who, whether they record the review and whether they see every score
        let all = user.sees_all_eligibility(&c.issuer_unit_path);
        let key = (
            c.id,
            data.unit.id,
            paging.page,
            ctx.lang,
            user.user_id,
            can_edit,
            all,
        );
        let versions = &user.seen;
        let (d, v, f) = (&data, &view, &form);
        state
            .caches
            .review_parts
            .get_or_load(&key, versions, || async {
                render_parts(&ctx, who, (d, &e, v), paging, (f, None), &errors)
            })
            .await?
    };
    Ok(ReviewPage {
        form: MeetingForm {
            version: data.review.as_ref().map_or(0, |r| r.version),
            ..form
        },
        parts,
        view,
        can_edit,
        data,
        c,
        errors,
        ctx,
    })
}

/// Who looks at a review page: the user, in which campaign, and whether they record it.
#[derive(Clone, Copy)]
struct Viewer<'a> {
    user: &'a CurrentUser,
    c: &'a CampaignRow,
    can_edit: bool,
}

/// Renders the members section of page `paging` (the rows as typed in `fields`, or as stored) and
/// the chair's and secretary's options.
fn render_parts(
    ctx: &Ctx,
    who: Viewer<'_>,
    (data, e, view): (&ReviewData, &Evaluated, &UnitView),
    paging: Paging,
    (form, fields): (&MeetingForm, Option<&Rows>),
    errors: &Errors,
) -> AppResult<ReviewParts> {
    let on_page: Vec<usize> = view
        .idx
        .iter()
        .copied()
        .skip(paging.offset() as usize)
        .take(paging.per_page as usize)
        .collect();
    let mut members = member_rows(ctx, e, &on_page, &data.members, &data.titles, fields);
    add_scores(who.user, who.c, data, &mut members);
    let shown: Vec<i64> = members.iter().map(|m| m.person_id).collect();
    // present: on this page as shown, elsewhere as recorded (a member without a record is)
    let absent_elsewhere = data
        .absent
        .iter()
        .filter(|p| !shown.contains(p) && view.ids.contains(p))
        .count();
    let present = members.iter().filter(|m| m.present).count() + view.ids.len()
        - shown.len()
        - absent_elsewhere;
    let section = MembersPart {
        ctx,
        campaign: who.c.id,
        unit_name: &data.unit.name,
        can_edit: who.can_edit,
        members: &members,
        titles: data
            .titles
            .iter()
            .filter(|t| t.subject == "individual" && t.form == "title")
            .collect(),
        paging,
        present,
        total: view.ids.len(),
        base: format!("/campaigns/{}/reviews/{}?", who.c.id, data.unit.id),
        errors,
    };
    // about 1.2 kB a row and 60 bytes a member in each select, written without regrowing
    let mut html = String::with_capacity(4_096 + 1_536 * members.len());
    section.render_into(&mut html)?;
    let options = |selected: &str| {
        let everyone = view
            .ids
            .iter()
            .copied()
            .zip(view.names.iter().map(String::as_str))
            .collect();
        let selected = selected.parse().unwrap_or(-1);
        PersonOptions { everyone, selected }.render()
    };
    Ok(ReviewParts {
        members: html,
        chair: options(&form.chair)?,
        secretary: options(&form.secretary)?,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path((_, unit_id)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
    Readable(c): Readable,
) -> AppResult<Response> {
    let access = access_data(&state, &user, &c, unit_id).await?;
    let p = page(
        &state,
        ctx,
        &user,
        c,
        access,
        (q.page, None),
        Errors::default(),
    )
    .await?;
    // the page around its parts is about 16 kB: written without regrowing
    let parts = &p.parts;
    render_sized(
        &p,
        16_384 + parts.members.len() + parts.chair.len() + parts.secretary.len(),
    )
}

/// Records the meeting: its details, each member's attendance, proposed title and vote, and the
/// unit's collective title. A stale form comes back with the other change named.
pub async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((_, unit_id)): Path<(i64, i64)>,
    Readable(c): Readable,
    Form(f): Form<ReviewPost>,
) -> AppResult<Response> {
    let id = c.id;
    let (data, can_edit) = access_data(&state, &user, &c, unit_id).await?;
    user.require(can_edit)?;
    let e = evaluated(&state, &user, &c).await?;
    let unit = data.unit.clone();
    let titles = &data.titles;
    let view = e.view(("review", unit.id, ctx.lang), || {
        unit_view(&ctx, &e, c.id, &unit)
    });
    let members = &view.ids;
    let shown = meeting_form::shown(&f, members);
    let others = Others::of(members, &shown, &data.members);
    let page_no = f.page.parse::<i64>().ok();
    let mut errors = Errors::default();
    let (form, rows) = read_form(&f, (members, &shown), others, titles, &mut errors);
    if db::proposals::review_locks(&state.db, c.id, unit.id)
        .await?
        .0
    {
        errors = Errors::form("review.err_frozen");
    }
    if !errors.is_empty() {
        let typed = (page_no, Some((form, f.rows)));
        let p = page(&state, ctx, &user, c, (data, can_edit), typed, errors);
        return render_invalid(&p.await?);
    }
    let cv = |s: &str| count(s).ok().flatten();
    let meeting = Meeting {
        held_on: parse_opt_date(&form.held_on).ok().flatten(),
        held_at: &form.held_at,
        ended_at: &form.ended_at,
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
        let errors = crate::web::forms::stale(&state.db, "unit_review", &key).await?;
        let typed = (page_no, Some((form, f.rows)));
        let p = page(&state, ctx, &user, c, (data, can_edit), typed, errors);
        return render_invalid(&p.await?);
    };
    db::reviews::set_members(&mut tx, rid, &rows, members).await?;
    let proposed = rows.iter().filter(|r| r.title_id.is_some()).count();
    audit::record(
        &mut *tx,
        &actor,
        Entry::new(
            if before.is_some() { "update" } else { "create" },
            "unit_review",
            format!("{}:{}", c.id, unit.id),
        )
        .summary(format!("{} — {}", unit.name, c.plan.year))
        .after(Some(serde_json::json!({
            "unit_id": unit.id, "campaign_id": c.id, "held_on": meeting.held_on,
            "held_at": form.held_at, "ended_at": form.ended_at, "place": form.place, "chair": meeting.chair_id, "secretary": meeting.secretary_id,
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
    let back = match page_no {
        Some(n) if n > 1 => format!("/campaigns/{id}/reviews/{unit_id}?page={n}"),
        _ => format!("/campaigns/{id}/reviews/{unit_id}"),
    };
    Ok(redirect_flash(&back, ctx.t("review.saved")))
}
