//! Exemplars (gương điển hình tiên tiến): a unit head nominates an outstanding member or the unit
//! with its story, achievements and photos; the Office shortlists or declines; the Director chooses
//! which to praise, which to replicate and which to send to the province for publicity; every
//! signed-in person reads the year's chosen exemplars on a printable page.

use super::meeting::member_indices;
use crate::auth::{CurrentUser, MaybeUser};
use crate::db;
use crate::db::audit::{self, Entry};
use crate::db::campaigns::CampaignRow;
use crate::db::documents::Document;
use crate::db::exemplars::Exemplar;
use crate::domain::campaign::Stage;
use crate::domain::dates::today_vn;
use crate::domain::exemplar::ExemplarStatus;
use crate::domain::roles::{Role, scope_patterns};
use crate::error::{ApiError, AppError, AppResult};
use crate::state::AppState;
use crate::storage;
use crate::web::Actor;
use crate::web::access::Readable;
use crate::web::access::readable;
use crate::web::evaluation::evaluated;
use crate::web::extract::{Form, Path};
use crate::web::files::check_file;
use crate::web::files::read_upload;
use crate::web::{Ctx, Errors, redirect_flash, render, render_invalid};
use askama::Template;
use axum::Json;
use axum::extract::{Extension, Request, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Photos a nomination may carry.
const MAX_PHOTOS: usize = 10;

/// Holds the Director's role (or a deputy's) over the issuer: chooses the exemplars.
fn directs(user: &CurrentUser, c: &CampaignRow) -> bool {
    user.grants.iter().any(|g| {
        matches!(g.role, Role::Director | Role::DeputyDirector) && g.covers(&c.issuer_unit_path)
    })
}

fn open(c: &CampaignRow) -> bool {
    !matches!(c.stage_on(today_vn()), Stage::Draft | Stage::Closed)
}

/// A unit the user heads, under the issuer, that may nominate: (id, name, path).
async fn headed_units(
    state: &AppState,
    user: &CurrentUser,
    c: &CampaignRow,
) -> AppResult<Vec<(i64, String, String)>> {
    let patterns = scope_patterns(&user.grants, |r| r == Role::UnitHead);
    Ok(db::units::open_in(&state.db, &patterns)
        .await?
        .into_iter()
        .filter(|(_, _, _, path)| {
            path.starts_with(&c.issuer_unit_path) && *path != c.issuer_unit_path
        })
        .map(|(id, name, _, path)| (id, name, path))
        .collect())
}

#[derive(Default, Deserialize)]
pub struct NominationForm {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub story: String,
    #[serde(default)]
    pub achievements: String,
    #[serde(default)]
    pub version: i32,
}

#[derive(Template)]
#[template(path = "exemplars/list.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    /// the chosen exemplars (everyone reads them)
    pub chosen: Vec<Exemplar>,
    /// the nominations the user handles (their units', or all for the Office and the Director)
    pub nominations: Vec<Exemplar>,
    pub manages: bool,
    /// the units the user heads, and their members who may be nominated (id, name)
    pub units: Vec<(i64, String, String)>,
    pub members: Vec<(i64, String)>,
    pub form: NominationForm,
    pub errors: Errors,
}

async fn list_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    c: CampaignRow,
    form: NominationForm,
    errors: Errors,
) -> AppResult<ListPage> {
    let everyone = vec![format!("{}%", c.issuer_unit_path)];
    let all = db::exemplars::list(&state.db, c.id, &everyone).await?;
    let manages = user.sees_all_eligibility(&c.issuer_unit_path) || directs(user, &c);
    let units = if open(&c) {
        headed_units(state, user, &c).await?
    } else {
        Vec::new()
    };
    let members = if units.is_empty() {
        Vec::new()
    } else {
        let e = evaluated(state, user, &c).await?;
        units
            .iter()
            .flat_map(|(_, _, path)| member_indices(&e, path))
            .map(|i| (e.scope.people[i].id, e.scope.people[i].full_name.clone()))
            .collect()
    };
    let nominations = all
        .iter()
        .filter(|x| manages || user.reviews_registrations_in(&x.unit_path))
        .cloned()
        .collect();
    Ok(ListPage {
        chosen: all.into_iter().filter(|x| x.status.is_chosen()).collect(),
        nominations,
        manages,
        units,
        members,
        form,
        errors,
        c,
        ctx,
    })
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Readable(c): Readable,
) -> AppResult<Response> {
    let form = NominationForm::default();
    render(&list_page(&state, ctx, &user, c, form, Errors::default()).await?)
}

/// Reads and checks a nomination's texts; returns (story, achievements).
fn texts(f: &NominationForm, errors: &mut Errors) -> (String, String) {
    let story = f.story.trim().to_string();
    let achievements = f.achievements.trim().to_string();
    if story.is_empty() {
        errors.push("story", "ex.err_story");
    } else if story.chars().count() > 20_000 {
        errors.push("story", "proposal.err_long");
    }
    if achievements.chars().count() > 20_000 {
        errors.push("achievements", "proposal.err_long");
    }
    (story, achievements)
}

/// A unit head nominates a member of a unit they head, or the unit itself.
pub async fn nominate(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Readable(c): Readable,
    Form(f): Form<NominationForm>,
) -> AppResult<Response> {
    let units = if open(&c) {
        headed_units(&state, &user, &c).await?
    } else {
        Vec::new()
    };
    user.require(!units.is_empty())?;
    let mut errors = Errors::default();
    let unit = units.iter().find(|u| u.0.to_string() == f.unit.trim());
    let e = evaluated(&state, &user, &c).await?;
    let person: Option<Option<i64>> = match (unit, f.subject.trim()) {
        (Some(_), "unit") => Some(None),
        (Some(u), s) => s
            .parse::<i64>()
            .ok()
            .filter(|p| {
                member_indices(&e, &u.2)
                    .iter()
                    .any(|&i| e.scope.people[i].id == *p)
            })
            .map(Some),
        (None, _) => None,
    };
    if unit.is_none() {
        errors.push("unit", "err.choose");
    } else if person.is_none() {
        errors.push("subject", "err.choose");
    }
    let (story, achievements) = texts(&f, &mut errors);
    let (Some(unit), Some(person), true) = (unit, person, errors.is_empty()) else {
        return render_invalid(&list_page(&state, ctx, &user, c, f, errors).await?);
    };
    let mut tx = state.db.begin().await?;
    let Some(xid) = db::exemplars::insert(
        &mut *tx,
        c.id,
        unit.0,
        person,
        (&story, &achievements),
        user.user_id,
    )
    .await?
    else {
        tx.rollback().await?;
        let errors = Errors::one("subject", "ex.err_duplicate");
        return render_invalid(&list_page(&state, ctx, &user, c, f, errors).await?);
    };
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("nominate", "exemplar", xid.to_string())
            .summary(unit.1.clone())
            .after(Some(serde_json::json!({
                "unit_id": unit.0, "person_id": person, "story": story, "achievements": achievements
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/exemplars/{xid}"),
        ctx.t("ex.nominated"),
    ))
}

/// What the user may do with an exemplar.
pub struct ExPowers {
    pub head: bool,
    pub office: bool,
    pub director: bool,
}

/// Exemplar `id` and what the user may do; a chosen one is read by everyone the campaign reaches,
/// a nomination only by its unit's head, the Office, the council and the Director.
pub(crate) async fn load(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> AppResult<(Exemplar, CampaignRow, ExPowers)> {
    let x = db::exemplars::get(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = readable(state, user, x.campaign_id).await?;
    let head = user.reviews_registrations_in(&x.unit_path);
    let office = user.manages_campaigns_of(&c.issuer_unit_path);
    let director = directs(user, &c);
    let sees =
        head || user.sees_all_eligibility(&c.issuer_unit_path) || director || x.status.is_chosen();
    user.require(sees)?;
    let o = open(&c);
    Ok((
        x,
        c,
        ExPowers {
            head: head && o,
            office: office && o,
            director: director && o,
        },
    ))
}

#[derive(Template)]
#[template(path = "exemplars/show.html")]
pub struct ShowPage {
    pub ctx: Ctx,
    pub c: CampaignRow,
    pub x: Exemplar,
    pub powers: ExPowers,
    pub photos: Vec<Document>,
    pub typed: StepForm,
    pub errors: Errors,
}

impl ShowPage {
    /// A field as typed when its form came back, else as stored.
    fn typed_or(&self, typed: &Option<String>, stored: &str) -> String {
        typed.clone().unwrap_or_else(|| stored.to_string())
    }
}

/// A step on an exemplar (`step`: "edit", "curate", "decide"), the `version` read, and the fields
/// of that step's form (a text another step's form does not post stays `None`, shown as stored).
#[derive(Deserialize, Default)]
pub struct StepForm {
    #[serde(default)]
    pub step: String,
    #[serde(default)]
    pub version: String,
    #[serde(default, deserialize_with = "crate::web::forms::present")]
    pub story: Option<String>,
    #[serde(default, deserialize_with = "crate::web::forms::present")]
    pub achievements: Option<String>,
    #[serde(default, deserialize_with = "crate::web::forms::present")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "crate::web::forms::present")]
    pub note: Option<String>,
    #[serde(default)]
    pub praise: Option<String>,
    #[serde(default)]
    pub replicate: Option<String>,
    #[serde(default)]
    pub send_province: Option<String>,
}

impl StepForm {
    /// A text of the form, trimmed ("" when not posted).
    fn text(v: &Option<String>) -> String {
        v.as_deref().map(str::trim).unwrap_or("").to_string()
    }
    /// The version read, -1 when missing or bad (never current: a stale form).
    fn version(&self) -> i32 {
        self.version.parse().unwrap_or(-1)
    }
}

async fn show_page(
    state: &AppState,
    ctx: Ctx,
    (x, c, powers): (Exemplar, CampaignRow, ExPowers),
    typed: StepForm,
    errors: Errors,
) -> AppResult<ShowPage> {
    Ok(ShowPage {
        photos: db::documents::of_exemplar(&state.db, x.id).await?,
        ctx,
        c,
        x,
        powers,
        typed,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, id).await?;
    render(&show_page(&state, ctx, loaded, StepForm::default(), Errors::default()).await?)
}

/// The page again with `errors` (422), or for a stale form the other change named.
async fn again(
    state: &AppState,
    ctx: Ctx,
    loaded: (Exemplar, CampaignRow, ExPowers),
    f: StepForm,
    errors: Option<Errors>,
) -> AppResult<Response> {
    let errors = match errors {
        Some(e) => e,
        None => crate::web::forms::stale(&state.db, "exemplar", &loaded.0.id.to_string()).await?,
    };
    render_invalid(&show_page(state, ctx, loaded, f, errors).await?)
}

/// One of the three steps on an exemplar: the head edits the texts, the Office curates, the
/// Director decides (`step` in the form: "edit", "curate", "decide").
pub async fn act(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    Path(id): Path<i64>,
    Form(f): Form<StepForm>,
) -> AppResult<Response> {
    let loaded = load(&state, &user, id).await?;
    let (x, _, p) = &loaded;
    let mut errors = Errors::default();
    let mut tx = state.db.begin().await?;
    let (action, after, done) = match f.step.trim() {
        "edit" => {
            user.require(p.head)?;
            let form = NominationForm {
                story: StepForm::text(&f.story),
                achievements: StepForm::text(&f.achievements),
                ..Default::default()
            };
            let (story, ach) = texts(&form, &mut errors);
            let ok = errors.is_empty()
                && db::exemplars::update(&mut *tx, x.id, f.version(), (&story, &ach)).await?;
            (
                "update",
                serde_json::json!({"story": story, "achievements": ach}),
                ok,
            )
        }
        "curate" => {
            user.require(p.office)?;
            let status = ExemplarStatus::parse(&StepForm::text(&f.status))
                .filter(|s| ExemplarStatus::CURATED.contains(s));
            let note = crate::domain::names::clean_text(&StepForm::text(&f.note));
            if status.is_none() {
                errors.push("status", "err.choose");
            }
            if status == Some(ExemplarStatus::Declined) && note.is_empty() {
                errors.push("note", "proposal.err_reason");
            }
            if note.chars().count() > 2000 {
                errors.push("note", "proposal.err_long");
            }
            let ok = match status {
                Some(s) if errors.is_empty() => {
                    db::exemplars::curate(&mut *tx, x.id, f.version(), s, &note).await?
                }
                _ => false,
            };
            let status = status.map(ExemplarStatus::code);
            (
                "curate",
                serde_json::json!({"status": status, "note": note}),
                ok,
            )
        }
        "decide" => {
            user.require(p.director)?;
            let flags = [&f.praise, &f.replicate, &f.send_province].map(Option::is_some);
            let ok =
                db::exemplars::decide(&mut *tx, x.id, f.version(), flags, user.user_id).await?;
            (
                "decide",
                serde_json::json!({"praise": flags[0], "replicate": flags[1], "send_province": flags[2]}),
                ok,
            )
        }
        _ => return Err(AppError::BadRequest("step".into())),
    };
    if !done {
        tx.rollback().await?;
        let errors = (!errors.is_empty()).then_some(errors);
        return again(&state, ctx, loaded, f, errors).await;
    }
    let mut after = after;
    after["unit_id"] = serde_json::json!(x.unit_id);
    audit::record(
        &mut *tx,
        &actor,
        Entry::new(action_static(action), "exemplar", x.id.to_string())
            .summary(x.name.clone())
            .before(Some(serde_json::json!({
                "unit_id": x.unit_id, "status": x.status.code(), "story": x.story,
                "praise": x.praise, "replicate": x.replicate, "send_province": x.send_province
            })))
            .after(Some(after)),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/exemplars/{id}"),
        ctx.t("ex.saved"),
    ))
}

fn action_static(a: &str) -> &'static str {
    match a {
        "update" => "update",
        "curate" => "curate",
        _ => "decide",
    }
}

/// The head attaches a photo (PNG or JPEG) to a nomination.
pub async fn upload_photo(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Actor(actor): Actor,
    crate::web::extract::Path(id): crate::web::extract::Path<i64>,
    req: Request,
) -> AppResult<Response> {
    let loaded = load(&state, &user, id).await?;
    user.require(loaded.2.head && loaded.0.status.is_nominated())?;
    let (file, _) = read_upload(&state, req).await?;
    let photos = db::documents::of_exemplar(&state.db, id).await?.len();
    let checked = if photos >= MAX_PHOTOS {
        Err("ex.err_photos")
    } else {
        check_file(&state, file, &[storage::PNG, storage::JPEG])
    };
    let f = match checked {
        Ok(f) => f,
        Err(key) => {
            let errors = Errors::one("photo", key);
            let typed = StepForm::default();
            return render_invalid(&show_page(&state, ctx, loaded, typed, errors).await?);
        }
    };
    let x = &loaded.0;
    let mut tx = state.db.begin().await?;
    let doc = storage::save(
        &mut tx,
        &state.files,
        storage::Owner::Exemplar(x.id),
        "photo",
        &f,
        user.user_id,
    )
    .await?;
    audit::record(
        &mut *tx,
        &actor,
        Entry::new("attach", "exemplar", x.id.to_string())
            .summary(format!("{} — {}", x.name, f.name))
            .after(Some(serde_json::json!({
                "unit_id": x.unit_id, "document": doc, "name": f.name, "sha256": f.sha256,
                "size": f.bytes.len()
            }))),
    )
    .await?;
    tx.commit().await?;
    Ok(redirect_flash(
        &format!("/exemplars/{id}"),
        ctx.t("doc.attached"),
    ))
}

// --- API -----------------------------------------------------------------------------------------

#[derive(Serialize, ToSchema)]
#[schema(as = Exemplar)]
pub struct ExemplarJson {
    pub id: i64,
    /// the nominating unit
    pub unit_code: String,
    #[schema(schema_with = crate::web::schema::subjects)]
    pub subject: &'static str,
    /// the person nominated; null for the unit itself
    pub person_id: Option<i64>,
    pub name: String,
    #[schema(schema_with = statuses)]
    pub status: &'static str,
}

fn statuses() -> utoipa::openapi::schema::Object {
    crate::web::schema::one_of(ExemplarStatus::ALL.map(ExemplarStatus::code))
}

/// The exemplars of a campaign the user may see: every nomination for whoever runs the campaign,
/// the council and the Director; their units' for unit heads; the chosen ones for everyone.
#[utoipa::path(
    get,
    path = "/api/v1/campaigns/{id}/exemplars",
    operation_id = "listCampaignExemplars",
    summary = "Exemplar nominations of a campaign, scoped like the pages",
    security(("session" = [])),
    params(("id" = i64, Path, description = "the campaign's id")),
    responses(
        (status = 200, description = "Nominations in unit order", body = Vec<ExemplarJson>),
        (status = 404, description = "No such campaign (or a draft the user may not see)", body = crate::error::ApiErrorBody)
    )
)]
pub async fn api(
    State(state): State<AppState>,
    Extension(user): Extension<MaybeUser>,
    crate::web::extract::Path(id): crate::web::extract::Path<i64>,
) -> Result<Json<Vec<ExemplarJson>>, ApiError> {
    let user = user
        .0
        .ok_or(AppError::Unauthenticated { next: "/".into() })?;
    let c = readable(&state, &user, id).await?;
    let all = db::exemplars::list(&state.db, c.id, &[format!("{}%", c.issuer_unit_path)]).await?;
    let manages = user.sees_all_eligibility(&c.issuer_unit_path) || directs(&user, &c);
    Ok(Json(
        all.into_iter()
            .filter(|x| {
                manages || x.status.is_chosen() || user.reviews_registrations_in(&x.unit_path)
            })
            .map(|x| ExemplarJson {
                id: x.id,
                unit_code: x.unit_code,
                subject: if x.person_id.is_some() {
                    "person"
                } else {
                    "unit"
                },
                person_id: x.person_id,
                name: x.name,
                status: x.status.code(),
            })
            .collect(),
    ))
}
