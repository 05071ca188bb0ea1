//! The council's meeting: the Office prepares it (date, place, whether members are recused from
//! their own unit's lines, an agenda of accepted proposal lines grouped by title, each with its
//! eligibility answer, flags, documents and the quotas' live counts), opens the ballot with the
//! attendance, and closes it; each line's result is then computed from the votes and the rule of
//! its title, never typed. Members read the agenda from the day the meeting is prepared. The votes
//! themselves are in `votes`.

use super::votes::BallotForm;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::council_meetings::{AgendaLine, Candidate, Details, Meeting, Member, Recusal};
use crate::db::keys::MeetingOf;
use crate::domain::council::{missing_votes, share_text, voters};
use crate::domain::dates::{fmt_date, parse_date};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
pub use crate::web::access::meeting::{Loaded, load};
use crate::web::access::readable;
use crate::web::evaluation::{QuotaView, UnitLine, evaluated, quota_views};
use crate::web::extract::{Form, Path};
use crate::web::forms::Rows;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// The details form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct DetailsForm {
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub held_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub recuse_own_unit: Option<String>,
    #[serde(default)]
    pub version: Option<i32>,
}

impl DetailsForm {
    fn of(m: &Meeting) -> DetailsForm {
        DetailsForm {
            held_on: fmt_date(m.held_on),
            held_at: m.held_at.clone(),
            place: m.place.clone(),
            recuse_own_unit: m.recuse_own_unit.then(|| "on".into()),
            version: Some(m.version),
        }
    }
    /// The details, or the form's errors.
    fn parse(&self) -> Result<(chrono::NaiveDate, String, String, bool), Errors> {
        let mut errors = Errors::default();
        let on = parse_date(&self.held_on);
        if let Err(e) = on {
            errors.push("held_on", e);
        }
        let at = self.held_at.trim().to_string();
        if at.chars().count() > 20 {
            errors.push("held_at", "meeting.err_held_at");
        }
        let place = self.place.trim().to_string();
        if place.chars().count() > 300 {
            errors.push("place", "meeting.err_place");
        }
        match on {
            Ok(on) if errors.is_empty() => Ok((on, at, place, self.recuse_own_unit.is_some())),
            _ => Err(errors),
        }
    }
}

/// A line of the agenda as the page shows it.
pub struct LineView {
    pub a: AgendaLine,
    pub recused: Vec<Recusal>,
    /// the viewer's vote: "for", "against", "abstain", "cast" (a secret ballot), or none
    pub mine: Option<String>,
    pub i_am_recused: bool,
    /// members who have voted, and members who may (not recused)
    pub voted: usize,
    pub voters: usize,
    /// the rule in words, and the votes in favour it needs as the meeting is
    pub rule: String,
    pub needed: u32,
}

/// A title's lines on the agenda.
pub struct Group {
    pub title: String,
    pub level: String,
    pub lines: Vec<LineView>,
}

#[derive(Template)]
#[template(path = "council/meeting.html")]
pub struct MeetingPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub m: Meeting,
    pub manage: bool,
    pub me: Option<Member>,
    pub members: Vec<Member>,
    pub groups: Vec<Group>,
    pub lines: usize,
    pub candidates: Vec<Candidate>,
    pub quotas: Vec<QuotaView>,
    pub quorum: String,
    pub form: DetailsForm,
    pub errors: Errors,
    /// a receipt for the secret ballots just cast, shown this once
    pub receipt: Option<String>,
    /// the lines a receipt's ballots were counted on (subject and title)
    pub checked: Option<Vec<String>>,
    /// what the vote, written-vote, declaration or receipt form was typed with
    pub typed: BallotForm,
    /// the scans of written votes: (member, document id)
    pub scans: Vec<(String, i64)>,
    /// the public notice of the list, once posted
    pub notice: Option<i64>,
    /// whether the viewer presides (closes the ballot), and the votes members present have yet
    /// to cast
    pub presides: bool,
    pub missing: usize,
}

impl MeetingPage {
    /// Whether any line is decided by secret ballot (only then is there a ballot count).
    fn any_secret(&self) -> bool {
        self.groups
            .iter()
            .any(|g| g.lines.iter().any(|l| l.a.ballot == "secret"))
    }
    fn is_secretary(&self) -> bool {
        self.me.as_ref().is_some_and(|m| m.capacity == "secretary")
    }
    /// Whether the viewer votes now: a member present, or an absent one (their own secret
    /// ballots only).
    fn can_vote(&self) -> bool {
        (self.m.status.is_open() || self.advance()) && self.me.is_some()
    }
    /// Before the meeting, its ballot papers issued: members may cast their secret ballots ahead.
    fn advance(&self) -> bool {
        self.m.advance()
    }
    /// Whether the viewer votes as an absent member: marked absent, or voting ahead.
    fn i_am_absent(&self) -> bool {
        self.advance() || self.me.as_ref().is_some_and(|m| !m.present)
    }
    /// The agenda and details may still change: a draft whose ballot papers are not issued.
    fn editable(&self) -> bool {
        self.m.status.is_draft() && self.m.ballot_issued_at.is_none()
    }
    fn absent(&self) -> Vec<&Member> {
        self.members.iter().filter(|m| !m.present).collect()
    }
    fn present_count(&self) -> usize {
        self.members.iter().filter(|m| m.present).count()
    }
    fn all_lines(&self) -> Vec<&LineView> {
        self.groups.iter().flat_map(|g| &g.lines).collect()
    }
    /// The choice typed on line `id` (`v{id}`).
    fn typed_vote(&self, id: &i64) -> &str {
        self.typed.votes.value(&format!("v{id}"))
    }
    fn choices(&self) -> [&'static str; 3] {
        crate::domain::council::CHOICES
    }
}

/// What a page carries beyond the meeting: errors, the typed forms, a receipt.
#[derive(Default)]
pub struct Extra {
    pub errors: Errors,
    pub form: Option<DetailsForm>,
    pub receipt: Option<String>,
    pub checked: Option<Vec<String>>,
    pub typed: BallotForm,
}

/// The rule of a line in words.
fn rule_text(ctx: &Ctx, a: &AgendaLine) -> String {
    ctx.tf(
        if a.strict {
            "council.more_than"
        } else {
            "council.at_least"
        },
        [
            share_text(a.share.max(0) as u32).as_str(),
            ctx.label("council.base", &a.base),
        ],
    )
}

/// The quorum in words: the meeting's own (or the rule set's) share of the members, and how many
/// that makes.
async fn quorum_text(state: &AppState, ctx: &Ctx, l: &Loaded) -> AppResult<String> {
    let (share, strict) = match (l.m.quorum, l.m.quorum_strict) {
        (Some(q), Some(s)) => (q, s),
        _ => db::council::quorum(&state.db, l.c.rule_set_id)
            .await?
            .map(|(q, s, _)| (q, s))
            .unwrap_or((5000, true)),
    };
    let total = l.members.len() as u32;
    let quorum = ctx.tf(
        "council.quorum",
        [
            ctx.tf(
                if strict {
                    "council.more_than"
                } else {
                    "council.at_least"
                },
                [
                    share_text(share.max(0) as u32).as_str(),
                    ctx.label("council.base", "members"),
                ],
            )
            .as_str(),
            total.to_string().as_str(),
            crate::domain::council::needed(total, share.max(0) as u32, strict)
                .to_string()
                .as_str(),
        ],
    );
    Ok(quorum)
}

pub async fn page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    l: Loaded,
    extra: Extra,
) -> AppResult<MeetingPage> {
    let id = l.m.id;
    let agenda = db::council_meetings::agenda(&state.db, id).await?;
    let recusals = db::council_meetings::recusals(&state.db, id).await?;
    let voted = db::council_meetings::voted(&state.db, id).await?;
    let me = l.me(user).cloned();
    let lines = agenda.len();
    let members: Vec<(i64, bool)> = l.members.iter().map(|m| (m.user_id, m.present)).collect();
    let recused_pairs: Vec<(i64, i64)> = recusals.iter().map(|r| (r.line_id, r.user_id)).collect();
    let written: Vec<(i64, i64)> = voted.iter().filter(|v| v.3).map(|v| (v.0, v.1)).collect();
    let line_ids: Vec<i64> = agenda.iter().map(|a| a.line_id).collect();
    let cast: Vec<(i64, i64)> = voted.iter().map(|v| (v.0, v.1)).collect();
    let missing = missing_votes(&line_ids, &members, &recused_pairs, &cast);
    let mut groups: Vec<Group> = Vec::new();
    for a in agenda {
        let recused: Vec<Recusal> = recusals
            .iter()
            .filter(|r| r.line_id == a.line_id)
            .cloned()
            .collect();
        let mine = voted
            .iter()
            .find(|v| v.0 == a.line_id && v.1 == user.user_id)
            .map(|v| v.2.clone().unwrap_or_else(|| "cast".into()));
        let (eligible, present) = voters(&members, &recused_pairs, &written, a.line_id);
        let view = LineView {
            i_am_recused: recused.iter().any(|r| r.user_id == user.user_id),
            voted: voted.iter().filter(|v| v.0 == a.line_id).count(),
            voters: eligible as usize,
            rule: rule_text(&ctx, &a),
            needed: a.rule().needed(eligible, present),
            mine,
            recused,
            a,
        };
        match groups.last_mut() {
            Some(g)
                if g.lines
                    .first()
                    .is_some_and(|x| x.a.title_code == view.a.title_code) =>
            {
                g.lines.push(view)
            }
            _ => groups.push(Group {
                title: ctx.name(&view.a.title_vi, &view.a.title_en).to_string(),
                level: ctx.label("level", &view.a.level).to_string(),
                lines: vec![view],
            }),
        }
    }
    let candidates = if l.manage && l.m.status.is_draft() {
        db::council_meetings::candidates(&state.db, l.c.id).await?
    } else {
        Vec::new()
    };
    let quotas = agenda_quotas(state, &ctx, user, &l.c).await?;
    let quorum = quorum_text(state, &ctx, &l).await?;
    let scans = l
        .members
        .iter()
        .filter_map(|m| m.written_document_id.map(|d| (m.name.clone(), d)))
        .collect();
    let notice = db::notices::of_meeting(&state.db, id).await?;
    Ok(MeetingPage {
        notice,
        presides: l.presides(user.user_id),
        missing,
        form: extra.form.unwrap_or_else(|| DetailsForm::of(&l.m)),
        ctx,
        manage: l.manage,
        me,
        members: l.members,
        groups,
        lines,
        candidates,
        quotas,
        quorum,
        errors: extra.errors,
        receipt: extra.receipt,
        checked: extra.checked,
        typed: extra.typed,
        scans,
        c: l.c,
        m: l.m,
    })
}

/// The quotas' live counts over the campaign (those with candidates), as the council weighs them.
async fn agenda_quotas(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<Vec<QuotaView>> {
    let e = evaluated(state, user, c).await?;
    let units: Vec<UnitLine> = e
        .scope
        .units
        .iter()
        .map(|u| UnitLine {
            id: u.id,
            name: u.name.clone(),
            depth: u.depth,
            members: 0,
            outcomes: Vec::new(),
        })
        .collect();
    let mut quotas = quota_views(ctx, &e, c.id, &units, &None);
    quotas.retain(|q| q.candidates > 0);
    Ok(quotas)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    l: Loaded,
) -> AppResult<Response> {
    render(&page(&state, ctx, &user, l, Extra::default()).await?)
}

/// The form that prepares a meeting.
#[derive(Template)]
#[template(path = "council/meeting_new.html")]
pub struct NewPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub form: DetailsForm,
    pub errors: Errors,
}

async fn office_campaign(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<CampaignRow> {
    let c = readable(state, user, id).await?;
    user.require(user.manages_campaigns_of(&c.issuer_unit_path))?;
    Ok(c)
}

pub async fn new(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let c = office_campaign(&state, &user, id).await?;
    let form = DetailsForm {
        held_on: fmt_date(crate::domain::dates::today_vn()),
        recuse_own_unit: Some("on".into()),
        ..Default::default()
    };
    render(&NewPage {
        ctx,
        c,
        form,
        errors: Errors::default(),
    })
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<DetailsForm>,
) -> AppResult<Response> {
    let c = office_campaign(&state, &user, id).await?;
    let (on, at, place, recuse) = match f.parse() {
        Ok(x) => x,
        Err(errors) => {
            return render_invalid(&NewPage {
                ctx,
                c,
                form: f,
                errors,
            });
        }
    };
    let d = Details {
        held_on: on,
        held_at: &at,
        place: &place,
        recuse_own_unit: recuse,
    };
    let mut tx = state.db.begin().await?;
    let mid = db::council_meetings::create(&mut *tx, c.id, &d, user.user_id).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "council_meeting", mid.to_string())
            .summary(format!("{} — {}", c.plan.title, fmt_date(on)))
            .after(Some(serde_json::json!({
                "campaign_id": c.id, "held_on": on, "held_at": at, "place": place,
                "recuse_own_unit": recuse,
            }))),
    )
    .await?;
    // the members seated on the day are called
    let day = fmt_date(on);
    let args = [
        day.as_str(),
        at.as_str(),
        place.as_str(),
        c.plan.title.as_str(),
    ];
    let link = format!("/council/meetings/{mid}");
    db::notifications::notify_council(
        &mut tx,
        (c.issuer_unit_id, c.plan.year, on),
        user.user_id,
        ("meeting_called", &link, &args),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{mid}"),
        ctx.t("meeting.created"),
    ))
}

/// The meeting for a change by whoever runs the campaign, while it is a draft.
pub(super) async fn draft_of(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<Loaded> {
    let l = load(state, user, id).await?;
    user.require(l.manage)?;
    Ok(l)
}

pub(super) async fn invalid(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    l: Loaded,
    extra: Extra,
) -> AppResult<Response> {
    render_invalid(&page(state, ctx, user, l, extra).await?)
}

/// The errors of a change to a meeting that is no longer a draft.
pub(super) fn not_draft(m: &Meeting) -> Option<Errors> {
    (!m.status.is_draft()).then(|| Errors::form("meeting.err_not_draft"))
}

/// The errors of a change to a meeting's agenda or details: no longer a draft, or its ballot
/// papers issued (members may have voted on what is there).
pub(super) fn not_editable(m: &Meeting) -> Option<Errors> {
    not_draft(m).or_else(|| {
        m.ballot_issued_at
            .is_some()
            .then(|| Errors::form("meeting.err_ballot_issued"))
    })
}

pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<DetailsForm>,
) -> AppResult<Response> {
    let l = draft_of(&state, &user, id).await?;
    let parsed = match not_editable(&l.m) {
        Some(e) => Err(e),
        None => f.parse(),
    };
    let (on, at, place, recuse) = match parsed {
        Ok(x) => x,
        Err(errors) => {
            let extra = Extra {
                errors,
                form: Some(f),
                ..Default::default()
            };
            return invalid(&state, ctx, &user, l, extra).await;
        }
    };
    let d = Details {
        held_on: on,
        held_at: &at,
        place: &place,
        recuse_own_unit: recuse,
    };
    let mut tx = state.db.begin().await?;
    let version = f.version.unwrap_or(-1);
    if !db::council_meetings::update(&mut *tx, id, version, &d).await? {
        tx.rollback().await?;
        let errors =
            crate::web::forms::stale(&state.db, "council_meeting", &id.to_string()).await?;
        let extra = Extra {
            errors,
            form: Some(f),
            ..Default::default()
        };
        return invalid(&state, ctx, &user, l, extra).await;
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "council_meeting", id.to_string())
            .summary(format!("{} — {}", l.c.plan.title, fmt_date(on)))
            .before(Some(serde_json::json!({
                "held_on": l.m.held_on, "held_at": l.m.held_at, "place": l.m.place,
                "recuse_own_unit": l.m.recuse_own_unit,
            })))
            .after(Some(serde_json::json!({
                "held_on": on, "held_at": at, "place": place, "recuse_own_unit": recuse,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}"),
        ctx.t("meeting.saved"),
    ))
}

/// Puts the ticked accepted lines (`l{id}`, the form's only fields) on the draft agenda.
pub async fn add_lines(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<Rows>,
) -> AppResult<Response> {
    let l = draft_of(&state, &user, id).await?;
    let ids: Vec<i64> = f.numbered("l").map(|(id, _)| id).collect();
    let error = not_editable(&l.m).or_else(|| {
        ids.is_empty()
            .then(|| Errors::one("lines", "meeting.err_no_lines"))
    });
    if let Some(errors) = error {
        let extra = Extra {
            errors,
            ..Default::default()
        };
        return invalid(&state, ctx, &user, l, extra).await;
    }
    let mut tx = state.db.begin().await?;
    let Some(m) = db::council_meetings::lock(&mut tx, id).await? else {
        return Err(AppError::NotFound);
    };
    let editable = not_editable(&m).is_none();
    let added = if editable {
        db::council_meetings::add_to_agenda(
            &mut tx,
            MeetingOf {
                meeting: id,
                campaign: l.c.id,
            },
            &ids,
        )
        .await?
    } else {
        Vec::new()
    };
    if added.is_empty() {
        tx.rollback().await?;
        let key = if editable {
            "meeting.err_taken"
        } else {
            "meeting.err_not_draft"
        };
        let extra = Extra {
            errors: Errors::one("lines", key),
            ..Default::default()
        };
        return invalid(&state, ctx, &user, l, extra).await;
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "council_meeting", id.to_string())
            .summary(format!("agenda + {}", added.len()))
            .after(Some(serde_json::json!({ "added_lines": added }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}#agenda"),
        ctx.t("meeting.lines_added"),
    ))
}

pub async fn remove_line(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, line_id)): Path<(i64, i64)>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let l = draft_of(&state, &user, id).await?;
    let mut tx = state.db.begin().await?;
    let m = db::council_meetings::lock(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(errors) = not_editable(&m) {
        tx.rollback().await?;
        let extra = Extra {
            errors,
            ..Default::default()
        };
        return invalid(&state, ctx, &user, l, extra).await;
    }
    if !db::council_meetings::remove_from_agenda(&mut tx, id, line_id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "council_meeting", id.to_string())
            .summary(format!("agenda − {line_id}"))
            .before(Some(serde_json::json!({ "removed_line": line_id }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/council/meetings/{id}#agenda"),
        ctx.t("meeting.line_removed"),
    ))
}
