//! Emulation clusters and blocs for the Office: the list, a new one with its member units, a
//! cluster's members changed, and each year's ranking with its leading unit entered (the Cờ thi
//! đua conditions read it). Every change is audited; a stale form is refused with the other change
//! named; bad input comes back on the same form as typed.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::clusters::{Cluster, ClusterLine, RankRow};
use crate::domain::dates::today_vn;
use crate::domain::names::clean_text;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor;
use crate::web::extract::{Form, Path};
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use serde::Deserialize;

const KINDS: [&str; 2] = ["cluster", "bloc"];

#[derive(Deserialize, Default, Clone)]
pub struct ClusterForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub organiser: String,
    /// the member units' ids (checkboxes)
    #[serde(default)]
    pub member: Vec<String>,
    #[serde(default)]
    pub version: i32,
}

impl ClusterForm {
    /// The form showing cluster `c` as stored, with its `members`.
    fn of(c: &Cluster, members: &[(i64, String)]) -> ClusterForm {
        ClusterForm {
            code: c.code.clone(),
            kind: c.kind.clone(),
            name: c.name.clone(),
            organiser: c.organiser.clone(),
            member: members.iter().map(|m| m.0.to_string()).collect(),
            version: c.version,
        }
    }
    fn has(&self, id: &i64) -> bool {
        self.member.iter().any(|m| m == &id.to_string())
    }
}

/// A year's ranking as posted: the `year`, each member's rank (`rank_{unit}`, blank: not ranked),
/// the `leader` chosen (absent: none), the cluster's `version` read.
#[derive(Deserialize, Default)]
pub struct RankingForm {
    #[serde(default)]
    pub year: String,
    #[serde(default)]
    pub version: String,
    #[serde(default, deserialize_with = "crate::web::forms::present")]
    pub leader: Option<String>,
    #[serde(flatten)]
    pub ranks: crate::web::forms::Rows,
}

#[derive(Template)]
#[template(path = "clusters/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub rows: Vec<ClusterLine>,
    /// the units the Office may put in a cluster (id, name, depth)
    pub units: Vec<(i64, String, i32)>,
    pub form: ClusterForm,
    pub errors: Errors,
}

impl ListPage {
    fn kinds(&self) -> [&'static str; 2] {
        KINDS
    }
    fn years_text(&self, years: &[i32]) -> String {
        years
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A member's line of the ranking form: its rank as typed and whether it leads.
pub struct RankField {
    pub unit_id: i64,
    pub name: String,
    pub rank: String,
    pub leader: bool,
}

#[derive(Template)]
#[template(path = "clusters/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub c: Cluster,
    pub members: Vec<(i64, String)>,
    pub units: Vec<(i64, String, i32)>,
    pub form: ClusterForm,
    pub year: String,
    pub ranks: Vec<RankField>,
    /// every ranking entered, newest year first
    pub rankings: Vec<RankRow>,
    pub errors: Errors,
}

impl ShowPage {
    fn kind_name(&self) -> &'static str {
        self.ctx.label("cluster.kind", &self.c.kind)
    }
    /// The years with a ranking, newest first.
    fn years(&self) -> Vec<i32> {
        let mut y: Vec<i32> = self.rankings.iter().map(|r| r.year).collect();
        y.dedup();
        y
    }
    fn of_year(&self, year: &i32) -> Vec<&RankRow> {
        self.rankings.iter().filter(|r| r.year == *year).collect()
    }
}

/// The units the Office may put in a cluster: open, in its scope and, for an existing cluster,
/// under the cluster's owner.
async fn units_of(
    state: &AppState,
    scope: &[String],
    owner_path: Option<&str>,
) -> AppResult<Vec<(i64, String, i32)>> {
    Ok(db::units::open_in(&state.db, scope)
        .await?
        .into_iter()
        .filter(|(_, _, _, path)| owner_path.is_none_or(|o| path.starts_with(o)))
        .map(|(id, name, depth, _)| (id, name, depth))
        .collect())
}

async fn list_page(
    state: &AppState,
    ctx: Ctx,
    scope: &[String],
    form: ClusterForm,
    errors: Errors,
) -> AppResult<ListPage> {
    let owner = db::clusters::owner_for(&state.db, scope).await?;
    Ok(ListPage {
        rows: db::clusters::list(&state.db, scope).await?,
        units: units_of(state, scope, owner.as_ref().map(|o| o.1.as_str())).await?,
        form,
        errors,
        ctx,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    let scope = user.require_office()?;
    let form = ClusterForm {
        kind: "cluster".into(),
        ..Default::default()
    };
    render(&list_page(&state, ctx, &scope, form, Errors::default()).await?)
}

/// The member ids of a form, each a unit the Office may use; a field error otherwise.
fn member_ids(f: &ClusterForm, units: &[(i64, String, i32)], errors: &mut Errors) -> Vec<i64> {
    let mut ids = Vec::new();
    for m in &f.member {
        match m.parse::<i64>() {
            Ok(id) if units.iter().any(|u| u.0 == id) => ids.push(id),
            _ => {
                errors.push("member", "cluster.err_member");
                return Vec::new();
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Form(mut f): Form<ClusterForm>,
) -> AppResult<Response> {
    let scope = user.require_office()?;
    f.code = f.code.trim().to_uppercase();
    f.name = clean_text(&f.name);
    f.organiser = clean_text(&f.organiser);
    let mut errors = Errors::default();
    let code_ok = (2..=30).contains(&f.code.len())
        && f.code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !code_ok {
        errors.push("code", "cluster.err_code");
    } else if db::clusters::code_taken(&state.db, &f.code).await? {
        errors.push("code", "cluster.err_code_taken");
    }
    if !KINDS.contains(&f.kind.as_str()) {
        errors.push("kind", "err.choose");
    }
    if f.name.is_empty() || f.name.chars().count() > 200 {
        errors.push("name", "cluster.err_name");
    }
    if f.organiser.chars().count() > 200 {
        errors.push("organiser", "cluster.err_name");
    }
    let owner = db::clusters::owner_for(&state.db, &scope).await?;
    let units = units_of(&state, &scope, owner.as_ref().map(|o| o.1.as_str())).await?;
    let members = member_ids(&f, &units, &mut errors);
    let (Some((owner, _)), true) = (owner, errors.is_empty()) else {
        return render_invalid(&list_page(&state, ctx, &scope, f, errors).await?);
    };
    let mut tx = state.db.begin().await?;
    let id = db::clusters::insert(
        &mut *tx,
        &db::clusters::NewCluster {
            code: &f.code,
            kind: &f.kind,
            name: &f.name,
            organiser: &f.organiser,
            owner_unit_id: owner,
        },
    )
    .await?;
    db::clusters::set_members(&mut tx, id, &members).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "cluster", id.to_string())
            .summary(format!("{} {}", f.code, f.name))
            .after(Some(serde_json::json!({
                "code": f.code, "kind": f.kind, "name": f.name, "organiser": f.organiser,
                "members": members, "unit_id": owner
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/clusters/{id}"),
        ctx.t("cluster.saved"),
    ))
}

async fn cluster(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(Vec<String>, Cluster)> {
    let scope = user.require_office()?;
    let c = db::clusters::get(&state.db, id, &scope)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((scope, c))
}

/// The show page: with `form`/`ranks` as typed when a form came back, else as stored.
async fn show_page(
    state: &AppState,
    ctx: Ctx,
    scope: &[String],
    c: Cluster,
    typed: Option<(ClusterForm, RankingForm)>,
    errors: Errors,
) -> AppResult<ShowPage> {
    let members = db::clusters::members(&state.db, c.id).await?;
    let rankings = db::clusters::rankings(&state.db, c.id).await?;
    let (form, typed_ranks) = match typed {
        Some(t) => t,
        None => (ClusterForm::of(&c, &members), last_year()),
    };
    let year = typed_ranks.year.clone();
    let stored = |u: i64| {
        rankings
            .iter()
            .find(|r| r.unit_id == u && r.year.to_string() == year)
    };
    let ranks = members
        .iter()
        .map(|(id, name)| RankField {
            unit_id: *id,
            name: name.clone(),
            rank: typed_ranks
                .ranks
                .get(&format!("rank_{id}"))
                .map(str::to_string)
                .or_else(|| stored(*id).map(|r| r.rank.to_string()))
                .unwrap_or_default(),
            leader: match &typed_ranks.leader {
                Some(l) => *l == id.to_string(),
                None => stored(*id).is_some_and(|r| r.leader),
            },
        })
        .collect();
    Ok(ShowPage {
        units: units_of(state, scope, Some(&c.owner_path)).await?,
        members,
        form: ClusterForm {
            version: c.version,
            ..form
        },
        year,
        ranks,
        rankings,
        errors,
        c,
        ctx,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (scope, c) = cluster(&state, &user, id).await?;
    render(&show_page(&state, ctx, &scope, c, None, Errors::default()).await?)
}

/// Renames a cluster and sets its members.
pub async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(mut f): Form<ClusterForm>,
) -> AppResult<Response> {
    let (scope, c) = cluster(&state, &user, id).await?;
    f.name = clean_text(&f.name);
    f.organiser = clean_text(&f.organiser);
    let mut errors = Errors::default();
    if f.name.is_empty() || f.name.chars().count() > 200 {
        errors.push("name", "cluster.err_name");
    }
    let units = units_of(&state, &scope, Some(&c.owner_path)).await?;
    let mut members = member_ids(&f, &units, &mut errors);
    let before = db::clusters::members(&state.db, id).await?;
    // members the form could not offer (a unit closed since, or outside this Office's scope) stay
    members.extend(
        before
            .iter()
            .map(|m| m.0)
            .filter(|m| !units.iter().any(|u| u.0 == *m)),
    );
    members.sort_unstable();
    members.dedup();
    let typed = |f: ClusterForm| Some((f, last_year()));
    if !errors.is_empty() {
        return render_invalid(&show_page(&state, ctx, &scope, c, typed(f), errors).await?);
    }
    let mut tx = state.db.begin().await?;
    if !db::clusters::update(&mut *tx, id, f.version, &f.name, &f.organiser).await? {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "cluster", &id.to_string()).await?;
        return render_invalid(&show_page(&state, ctx, &scope, c, typed(f), errors).await?);
    }
    db::clusters::set_members(&mut tx, id, &members).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("update", "cluster", id.to_string())
            .summary(format!("{} {}", c.code, f.name))
            .before(Some(serde_json::json!({
                "name": c.name, "organiser": c.organiser,
                "members": before.iter().map(|m| m.0).collect::<Vec<_>>(), "unit_id": c.owner_unit_id
            })))
            .after(Some(serde_json::json!({
                "name": f.name, "organiser": f.organiser, "members": members,
                "unit_id": c.owner_unit_id
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/clusters/{id}"),
        ctx.t("cluster.saved"),
    ))
}

/// Deletes a cluster, its members and every ranking (after a confirmation in the page).
pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(_f): Form<crate::web::forms::EmptyForm>,
) -> AppResult<Response> {
    let (_, c) = cluster(&state, &user, id).await?;
    let members = db::clusters::members(&state.db, id).await?;
    let rankings = db::clusters::rankings(&state.db, id).await?;
    let mut tx = state.db.begin().await?;
    db::clusters::delete(&mut *tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("delete", "cluster", id.to_string())
            .summary(format!("{} {}", c.code, c.name))
            .before(Some(serde_json::json!({
                "code": c.code, "kind": c.kind, "name": c.name, "organiser": c.organiser,
                "unit_id": c.owner_unit_id,
                "members": members.iter().map(|m| m.0).collect::<Vec<_>>(),
                "rankings": rankings.iter().map(|r| serde_json::json!({
                    "year": r.year, "unit": r.unit_id, "rank": r.rank, "leader": r.leader
                })).collect::<Vec<_>>()
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash("/clusters", ctx.t("cluster.deleted")))
}

/// Enters a year's ranking: each member's rank (blank: not ranked), distinct, and the leader.
pub async fn set_ranking(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<RankingForm>,
) -> AppResult<Response> {
    let (scope, c) = cluster(&state, &user, id).await?;
    // an Office ranks only units of its own scope
    user.require(!db::clusters::members_outside(&state.db, id, &scope).await?)?;
    let members = db::clusters::members(&state.db, id).await?;
    let version: i32 = f.version.parse().unwrap_or_default();
    let (ranks, errors) = read_ranking(&f, &members);
    let Some((year, ranks)) = ranks.filter(|_| errors.is_empty()) else {
        return ranking_back(&state, ctx, &scope, c, &members, f, errors).await;
    };
    let mut tx = state.db.begin().await?;
    if !db::clusters::bump(&mut *tx, id, version).await? {
        tx.rollback().await?;
        let errors = crate::web::forms::stale(&state.db, "cluster", &id.to_string()).await?;
        return ranking_back(&state, ctx, &scope, c, &members, f, errors).await;
    }
    db::clusters::set_ranking(&mut tx, id, year, &ranks, user.user_id).await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("ranking", "cluster", id.to_string())
            .summary(format!("{} {year}", c.code))
            .after(Some(serde_json::json!({
                "unit_id": c.owner_unit_id,
                "year": year,
                "ranks": ranks.iter().map(|r| serde_json::json!({"unit": r.0, "rank": r.1, "leader": r.2})).collect::<Vec<_>>()
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/clusters/{id}"),
        ctx.t("cluster.ranking_saved"),
    ))
}

/// The ranking form again, as typed, with its errors.
async fn ranking_back(
    state: &AppState,
    ctx: Ctx,
    scope: &[String],
    c: Cluster,
    members: &[(i64, String)],
    typed: RankingForm,
    errors: Errors,
) -> AppResult<Response> {
    let form = ClusterForm::of(&c, members);
    render_invalid(&show_page(state, ctx, scope, c, Some((form, typed)), errors).await?)
}

/// The ranking form before anything is typed: last year's, the rest as stored.
fn last_year() -> RankingForm {
    RankingForm {
        year: (today_vn().year() - 1).to_string(),
        ..Default::default()
    }
}

/// The ranking a form says: the year, and (unit, rank, leads) for each ranked member; ranks are
/// whole numbers from 1 to the number of members, each at most once; the leader is a ranked member.
#[allow(clippy::type_complexity)]
fn read_ranking(
    f: &RankingForm,
    members: &[(i64, String)],
) -> (Option<(i32, Vec<(i64, i32, bool)>)>, Errors) {
    let mut errors = Errors::default();
    let year = match f.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            errors.push("year", "cluster.err_year");
            None
        }
    };
    let leader = f.leader.as_deref().and_then(|l| l.parse::<i64>().ok());
    let mut ranks: Vec<(i64, i32, bool)> = Vec::new();
    for (id, _) in members {
        let raw = f.ranks.value(&format!("rank_{id}")).trim();
        if raw.is_empty() {
            continue;
        }
        match raw.parse::<i32>() {
            Ok(r) if r >= 1 && r as usize <= members.len() => {
                if ranks.iter().any(|x| x.1 == r) {
                    errors.push(&format!("rank_{id}"), "cluster.err_rank_twice");
                }
                ranks.push((*id, r, leader == Some(*id)));
            }
            _ => errors.push(&format!("rank_{id}"), "cluster.err_rank"),
        }
    }
    if leader.is_some_and(|l| !ranks.iter().any(|r| r.0 == l)) {
        errors.push("leader", "cluster.err_leader");
    }
    if ranks.is_empty() && errors.is_empty() {
        errors.push("_form", "cluster.err_no_rank");
    }
    (year.map(|y| (y, ranks)), errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ranking_is_read_with_its_errors() {
        let members = vec![
            (5, "A".to_string()),
            (6, "B".to_string()),
            (7, "C".to_string()),
        ];
        // the form as a browser posts it, read as the handler reads it
        let form = |pairs: &[(&str, &str)], year: &str| -> RankingForm {
            let mut all = vec![("year", year), ("version", "3")];
            all.extend_from_slice(pairs);
            serde_html_form::from_str(&serde_html_form::to_string(&all).unwrap()).unwrap()
        };
        let (r, e) = read_ranking(
            &form(&[("rank_5", "2"), ("rank_6", "1"), ("leader", "6")], "2024"),
            &members,
        );
        assert!(e.is_empty());
        assert_eq!(r, Some((2024, vec![(5, 2, false), (6, 1, true)])));
        let (_, e) = read_ranking(&form(&[("rank_5", "1"), ("rank_6", "1")], "2024"), &members);
        assert_eq!(e.get("rank_6"), Some("cluster.err_rank_twice"));
        let (_, e) = read_ranking(&form(&[("rank_5", "4")], "2024"), &members);
        assert_eq!(
            e.get("rank_5"),
            Some("cluster.err_rank"),
            "beyond the members"
        );
        let (_, e) = read_ranking(&form(&[("rank_5", "1"), ("leader", "7")], "2024"), &members);
        assert_eq!(
            e.get("leader"),
            Some("cluster.err_leader"),
            "an unranked leader"
        );
        let (_, e) = read_ranking(&form(&[("rank_5", "1")], "năm nay"), &members);
        assert_eq!(e.get("year"), Some("cluster.err_year"));
        let (_, e) = read_ranking(&form(&[], "2024"), &members);
        assert_eq!(e.get("_form"), Some("cluster.err_no_rank"));
    }
}
