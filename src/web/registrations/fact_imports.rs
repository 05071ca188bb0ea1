//! Importing years of ratings and award history from CSV or XLSX: upload, preview with every bad row
//! and its reason, then write the good rows in one transaction in the background while the page shows
//! progress. Rows already there with the same values are left alone, so importing the same file twice
//! changes nothing. The Office imports for the people and units of its scope.

use crate::auth::CurrentUser;
use crate::db;
use crate::db::audit::Entry;
use crate::db::audit::{self, Actor};
use crate::domain::dates::today_vn;
use crate::domain::facts_import::{self, FactRow, Kind, Lookup};
use crate::domain::names::fold;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::Actor as Acting;
use crate::web::extract::{Form, Path};
use crate::web::files::read_upload;
use crate::web::forms::EmptyForm;
use crate::web::import_jobs::grid_of;
use crate::web::{Ctx, import_jobs, redirect_flash, render, render_invalid};
use askama::Template;
use axum::extract::{Request, State};
use axum::response::Response;
use chrono::Datelike;

pub use crate::db::import_jobs::{Job, JobLine};

#[derive(Template)]
#[template(path = "facts/import.html")]
pub struct UploadPage {
    pub ctx: Ctx,
    pub error: Option<&'static str>,
    pub kind: String,
    pub jobs: Vec<JobLine>,
    pub columns: Vec<(&'static str, &'static str)>,
}

async fn upload_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    kind: &str,
    error: Option<&'static str>,
) -> AppResult<UploadPage> {
    let jobs = db::import_jobs::recent(&state.db, user.user_id, &["ratings", "awards"]).await?;
    Ok(UploadPage {
        ctx,
        error,
        kind: kind.to_string(),
        jobs,
        columns: facts_import::COLUMNS
            .iter()
            .map(|(c, names)| (*c, names[0]))
            .collect(),
    })
}

pub async fn upload_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    user.require_office()?;
    render(&upload_page(&state, ctx, &user, "ratings", None).await?)
}

/// The kinds of job this import makes.
const KINDS: &[&str] = &["ratings", "awards"];

/// Who is who in the importer's scope, in three queries for the whole file.
async fn lookup(state: &AppState, scope: &[String]) -> AppResult<Lookup> {
    let mut l = Lookup::default();
    for p in db::facts::people_for_lookup(&state.db, scope).await? {
        if let Some(c) = p.employee_code {
            l.by_code.insert(c.to_uppercase(), p.id);
        }
        let name = fold(&p.full_name);
        l.by_name
            .entry((name.clone(), p.unit_code.to_uppercase()))
            .or_default()
            .push(p.id);
        l.by_name_only.entry(name).or_default().push(p.id);
        if p.allowed {
            l.allowed_people.insert(p.id);
        }
    }
    for (id, code, allowed) in db::facts::units_for_lookup(&state.db, scope).await? {
        l.units.insert(code.to_uppercase(), id);
        if allowed {
            l.allowed_units.insert(id);
        }
    }
    // every regime's catalogue: history spans them
    for (code, name_vi) in db::facts::title_names(&state.db).await? {
        l.titles
            .insert(fold(&code), (code.clone(), name_vi.clone()));
        l.titles.insert(fold(&name_vi), (code, name_vi));
    }
    Ok(l)
}

/// Receives the file, checks every row, stores the preview.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    req: Request,
) -> AppResult<Response> {
    let scope = user.require_office()?;
    let (file, fields) = read_upload(&state, req).await?;
    let kind_text = fields.get("kind").cloned().unwrap_or_default();
    let Some(kind) = Kind::parse(&kind_text) else {
        return render_invalid(
            &upload_page(&state, ctx, &user, "ratings", Some("facts.err_kind")).await?,
        );
    };
    let Some((filename, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return render_invalid(
            &upload_page(&state, ctx, &user, kind.code(), Some("err.import_no_file")).await?,
        );
    };
    let rows = match grid_of(bytes)
        .await?
        .map_err(facts_import::FactFileError::File)
        .and_then(|g| facts_import::rows_from_grid(g, kind))
    {
        Ok(r) => r,
        Err(e) => {
            return render_invalid(
                &upload_page(&state, ctx, &user, kind.code(), Some(e.key())).await?,
            );
        }
    };
    let look = lookup(&state, &scope).await?;
    let checked = facts_import::check_rows(kind, rows, &look, today_vn().year());
    let total = checked.len() as i32;
    let good = checked.iter().filter(|r| r.is_good()).count() as i32;
    let json = serde_json::to_value(&checked).map_err(anyhow::Error::from)?;
    let id = db::import_jobs::create(
        &state.db,
        kind.code(),
        &filename,
        user.user_id,
        crate::domain::roles::common_path(&scope).as_deref(),
        total,
        good,
        json,
    )
    .await?;
    Ok(redirect_flash(
        &format!("/facts/import/{id}"),
        ctx.t("import.uploaded"),
    ))
}

#[derive(Template)]
#[template(path = "facts/import_job.html")]
pub struct JobPage {
    pub ctx: Ctx,
    pub job: Job,
    pub bad: Vec<FactRow>,
    pub sample: Vec<FactRow>,
    pub percent: i32,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    user.require_office()?;
    let job = import_jobs::load(&state, &user, id, KINDS).await?;
    let (bad, sample, percent) = import_jobs::view(&state, &job).await?;
    render(&JobPage {
        ctx,
        job,
        bad,
        sample,
        percent,
    })
}

pub async fn commit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Acting(actor): Acting,
    Path(id): Path<i64>,
    Form(_f): Form<EmptyForm>,
) -> AppResult<Response> {
    user.require_office()?;
    let job = import_jobs::load(&state, &user, id, KINDS).await?;
    let kind = Kind::parse(&job.kind).ok_or(AppError::NotFound)?;
    let actor = actor.clone();
    let st = state.clone();
    let work = async move { run(&st, id, kind, &actor).await };
    import_jobs::start(&state, &ctx, id, &format!("/facts/import/{id}"), work).await
}

/// Rows written per statement: the progress moves after each.
const CHUNK: usize = 5_000;

/// Writes the good rows in one transaction, a chunk per statement (compared, written and audited
/// set by set: `db::fact_sets`); returns (written, unchanged).
async fn run(state: &AppState, id: i64, kind: Kind, actor: &Actor) -> anyhow::Result<(i32, i32)> {
    let rows: Vec<FactRow> = crate::db::import_jobs::rows(&state.db, id).await?;
    let good: Vec<&FactRow> = rows.iter().filter(|r| r.is_good()).collect();
    let mut tx = state.db.begin().await?;
    let (mut written, mut unchanged) = (0i32, 0i32);
    let mut done = 0;
    for chunk in good.chunks(CHUNK) {
        let (w, u) = match kind {
            Kind::Ratings => db::fact_sets::ratings(&mut tx, actor, chunk).await?,
            Kind::Awards => db::fact_sets::awards(&mut tx, actor, chunk, id).await?,
        };
        written += i32::try_from(w)?;
        unchanged += i32::try_from(u)?;
        done += chunk.len();
        if done < good.len() {
            crate::db::import_jobs::progress(&state.db, id, i32::try_from(done)?).await?;
        }
    }
    audit::record(
        &mut *tx,
        actor,
        Entry::new("import", kind.code(), format!("import:{id}"))
            .summary(format!(
                "{written} written, {unchanged} unchanged (import #{id})"
            ))
            .after(Some(
                serde_json::json!({ "import_job": id, "written": written, "unchanged": unchanged }),
            )),
    )
    .await?;
    db::import_jobs::clear_rows(&mut *tx, id, true).await?;
    tx.commit().await?;
    Ok((written, unchanged))
}

pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(_f): Form<EmptyForm>,
) -> AppResult<Response> {
    user.require_office()?;
    import_jobs::load(&state, &user, id, KINDS).await?;
    import_jobs::cancel(&state, &ctx, id, "/facts/import").await
}
