//! The council (Hội đồng thi đua khen thưởng) of a campaign's issuing unit for its year: the Office
//! seats members (chair, vice-chairs, secretary, members, each a person with an account) from a
//! date and ends a seat on a date; the ended seats stay as the council's history. Everyone the
//! campaign reaches reads the composition. Every change is audited; bad input comes back as typed.

pub mod ballot;
pub mod meetings;
pub mod notices;
pub mod votes;
use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::council::{Added, CAPACITIES, NewSeat, Seat};
use crate::domain::council::{VoteRule, needed, share_text};
use crate::domain::dates::{fmt_date, parse_date, today_vn};
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::Actor;
use crate::web::access::readable;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

/// The form that seats a member, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct SeatForm {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub from_date: String,
}

/// The form that ends a seat.
#[derive(Deserialize, Default)]
pub struct EndForm {
    #[serde(default)]
    pub to_date: String,
}

#[derive(Template)]
#[template(path = "council/show.html")]
pub struct CouncilPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub seats: Vec<Seat>,
    /// the Office may change the council
    pub can_edit: bool,
    /// the accounts that may sit: (user id, full name, unit)
    pub candidates: Vec<(i64, String, String)>,
    pub form: SeatForm,
    /// the seat whose end came back with an error, and the date typed
    pub ending: Option<(i64, String)>,
    pub errors: Errors,
    /// how the council votes on each title of the campaign's regime, and what that asks of the
    /// council as it is now
    pub rules: Vec<RuleLine>,
    /// the quorum line, in words
    pub quorum: String,
    /// the council's meetings for the campaign, the latest first
    pub meetings: Vec<db::council_meetings::MeetingSummary>,
}

/// A title's vote rule in words, with the votes it needs of the council as it is now.
pub struct RuleLine {
    pub title: String,
    pub ballot: &'static str,
    pub rule: String,
    /// votes in favour needed with every member present (the fewest that pass)
    pub needed: u32,
    pub source: String,
}

/// The vote rules of the campaign's regime in words, for a council of `members`.
pub(super) fn rule_lines(
    ctx: &Ctx,
    rows: &[db::council::VoteRuleRow],
    members: u32,
) -> Vec<RuleLine> {
    rows.iter()
        .map(|r| {
            let rule = VoteRule {
                ballot: r.ballot.clone(),
                share: r.share.max(0) as u32,
                base: r.base.clone(),
                strict: r.strict,
            };
            let how = if r.strict {
                "council.more_than"
            } else {
                "council.at_least"
            };
            RuleLine {
                title: ctx.name(&r.name_vi, &r.name_en).to_string(),
                ballot: ctx.label("review.voting", &r.ballot),
                rule: ctx.tf(
                    how,
                    [
                        share_text(rule.share).as_str(),
                        ctx.label("council.base", &r.base),
                    ],
                ),
                needed: rule.needed(members, members),
                source: r.source.clone(),
            }
        })
        .collect()
}

impl CouncilPage {
    fn open(&self) -> Vec<&Seat> {
        self.seats.iter().filter(|s| s.to_date.is_none()).collect()
    }
    fn ended(&self) -> Vec<&Seat> {
        self.seats.iter().filter(|s| s.to_date.is_some()).collect()
    }
    fn capacities(&self) -> [&'static str; 4] {
        CAPACITIES
    }
    fn today(&self) -> String {
        fmt_date(today_vn())
    }
    /// The date typed for ending `seat` when that form came back, else today.
    fn end_value(&self, seat: &i64) -> String {
        match &self.ending {
            Some((id, typed)) if id == seat => typed.clone(),
            _ => self.today(),
        }
    }
    fn end_error(&self, seat: &i64) -> Option<&'static str> {
        match &self.ending {
            Some((id, _)) if id == seat => self.errors.get("to_date"),
            _ => None,
        }
    }
}

/// The campaign and the issuing unit whose council it is, read by anyone the campaign reaches.
async fn council_of(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(CampaignRow, i64, bool)> {
    let c = readable(state, user, id).await?;
    let unit = c.issuer_unit_id;
    let can_edit = user.manages_campaigns_of(&c.issuer_unit_path);
    Ok((c, unit, can_edit))
}

async fn page(
    state: &AppState,
    ctx: Ctx,
    (c, unit, can_edit): (CampaignRow, i64, bool),
    form: SeatForm,
    ending: Option<(i64, String)>,
    errors: Errors,
) -> AppResult<CouncilPage> {
    let seats = db::council::seats(&state.db, unit, c.plan.year).await?;
    let members = seats.iter().filter(|s| s.to_date.is_none()).count() as u32;
    let rules = rule_lines(
        &ctx,
        &db::council::vote_rules(&state.db, c.rule_set_id).await?,
        members,
    );
    let (share, strict, _) = db::council::quorum(&state.db, c.rule_set_id)
        .await?
        .unwrap_or((5000, true, 0));
    let (share, strict) = (share.max(0) as u32, strict);
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
                    share_text(share).as_str(),
                    ctx.label("council.base", "members"),
                ],
            )
            .as_str(),
            members.to_string().as_str(),
            needed(members, share, strict).to_string().as_str(),
        ],
    );
    let candidates = if can_edit {
        db::council::candidates(&state.db, &c.issuer_unit_path).await?
    } else {
        Vec::new()
    };
    let meetings = db::council_meetings::of_campaign(&state.db, c.id).await?;
    Ok(CouncilPage {
        meetings,
        ctx,
        c,
        seats,
        can_edit,
        candidates,
        form,
        ending,
        errors,
        rules,
        quorum,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let council = council_of(&state, &user, id).await?;
    let form = SeatForm {
        capacity: "member".into(),
        from_date: fmt_date(today_vn()),
        ..Default::default()
    };
    render(&page(&state, ctx, council, form, None, Errors::default()).await?)
}

/// Seats a member. A person who already sits, a second chair or secretary, an account outside the
/// issuing unit or a bad date comes back on the form as typed, with nothing written.
pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<SeatForm>,
) -> AppResult<Response> {
    let (c, unit, can_edit) = council_of(&state, &user, id).await?;
    user.require(can_edit)?;
    let mut errors = Errors::default();
    let candidates = db::council::candidates(&state.db, &c.issuer_unit_path).await?;
    let who = f
        .user
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|u| candidates.iter().find(|x| x.0 == u));
    if who.is_none() {
        errors.push("user", "council.err_user");
    }
    if !CAPACITIES.contains(&f.capacity.as_str()) {
        errors.push("capacity", "err.choose");
    }
    let from = parse_date(&f.from_date);
    if let Err(e) = from {
        errors.push("from_date", e);
    }
    let (Some(who), Ok(from), true) = (who, from, errors.is_empty()) else {
        let p = page(&state, ctx, (c, unit, can_edit), f, None, errors);
        return render_invalid(&p.await?);
    };
    let mut tx = state.db.begin().await?;
    let seat = NewSeat {
        unit_id: unit,
        year: c.plan.year,
        user_id: who.0,
        capacity: &f.capacity,
        from_date: from,
    };
    let seat_id = match db::council::add(&mut tx, &seat, user.user_id).await? {
        Added::Seat(id) => id,
        refused => {
            tx.rollback().await?;
            let errors = if refused == Added::Sits {
                Errors::one("user", "council.err_sits")
            } else {
                Errors::one("capacity", "council.err_held")
            };
            let p = page(&state, ctx, (c, unit, can_edit), f, None, errors);
            return render_invalid(&p.await?);
        }
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "council_seat", seat_id.to_string())
            .summary(format!("{} — {} {}", who.1, f.capacity, c.plan.year))
            .after(Some(serde_json::json!({
                "unit_id": unit, "year": c.plan.year, "user_id": who.0,
                "capacity": f.capacity, "from_date": from,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}/council"),
        ctx.t("council.seated"),
    ))
}

/// Ends a seat on the date given (not before it began); the seat stays in the council's history.
pub async fn end(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path((id, seat_id)): Path<(i64, i64)>,
    Form(f): Form<EndForm>,
) -> AppResult<Response> {
    let (c, unit, can_edit) = council_of(&state, &user, id).await?;
    user.require(can_edit)?;
    let seats = db::council::seats(&state.db, unit, c.plan.year).await?;
    let seat = seats
        .iter()
        .find(|s| s.id == seat_id)
        .ok_or(crate::error::AppError::NotFound)?;
    let error = match parse_date(&f.to_date) {
        _ if seat.to_date.is_some() => Some("council.err_ended"),
        Ok(d) if d < seat.from_date => Some("council.err_before"),
        Ok(_) => None,
        Err(e) => Some(e),
    };
    let to = parse_date(&f.to_date).ok();
    let (None, Some(to)) = (error, to) else {
        let errors = Errors::one("to_date", error.unwrap_or("council.err_ended"));
        let form = SeatForm::default();
        let ending = Some((seat_id, f.to_date));
        let p = page(&state, ctx, (c, unit, can_edit), form, ending, errors);
        return render_invalid(&p.await?);
    };
    let mut tx = state.db.begin().await?;
    let Some((user_id, capacity, from)) =
        db::council::end(&mut *tx, c.council(), seat_id, to, user.user_id).await?
    else {
        // ended by someone else meanwhile
        tx.rollback().await?;
        let errors = Errors::one("to_date", "council.err_ended");
        let ending = Some((seat_id, f.to_date));
        let p = page(
            &state,
            ctx,
            (c, unit, can_edit),
            SeatForm::default(),
            ending,
            errors,
        );
        return render_invalid(&p.await?);
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "council_seat", seat_id.to_string())
            .summary(format!("{} — {capacity} {}", seat.name, c.plan.year))
            .before(Some(serde_json::json!({
                "unit_id": unit, "year": c.plan.year, "user_id": user_id, "capacity": capacity,
                "from_date": from, "to_date": null,
            })))
            .after(Some(serde_json::json!({
                "unit_id": unit, "year": c.plan.year, "user_id": user_id, "capacity": capacity,
                "from_date": from, "to_date": to,
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/campaigns/{id}/council"),
        ctx.t("council.ended"),
    ))
}
