//! Importing people from CSV or XLSX: upload, preview with every bad row and its reason, then import
//! the good rows in one transaction while the page shows progress. The parsed rows wait in
//! `import_jobs`, so any server instance can serve the next step.

use crate::auth::CurrentUser;
use crate::db::audit::Entry;
use crate::db::{self, audit::Actor};
use crate::domain::import::{self, CheckedRow};
use crate::error::AppResult;
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
use std::collections::HashSet;

/// The kind of job this import makes.
const KINDS: &[&str] = &["people"];

fn require_editor(user: &CurrentUser) -> AppResult<Vec<String>> {
    let scope = user.people_edit_scope();
    user.require(!scope.is_empty())?;
    Ok(scope)
}

pub use crate::db::import_jobs::{Job, JobLine};

#[derive(Template)]
#[template(path = "people/import.html")]
pub struct UploadPage {
    pub ctx: Ctx,
    pub error: Option<&'static str>,
    pub jobs: Vec<JobLine>,
    pub columns: Vec<(&'static str, &'static str)>,
}

async fn upload_page(
    state: &AppState,
    ctx: Ctx,
    user: &CurrentUser,
    error: Option<&'static str>,
) -> AppResult<UploadPage> {
    let jobs = db::import_jobs::recent(&state.db, user.user_id, &["people"]).await?;
    let columns = import::COLUMNS
        .iter()
        .map(|(c, names)| (*c, names[0]))
        .collect();
    Ok(UploadPage {
        ctx,
        error,
        jobs,
        columns,
    })
}

pub async fn upload_form(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
) -> AppResult<Response> {
    require_editor(&user)?;
    render(&upload_page(&state, ctx, &user, None).await?)
}

/// Receives the file (multipart), parses and checks it, stores the preview.
pub async fn upload(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    req: Request,
) -> AppResult<Response> {
    let scope = require_editor(&user)?;
    let (file, _) = read_upload(&state, req).await?;
    let Some((filename, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return render_invalid(&upload_page(&state, ctx, &user, Some("err.import_no_file")).await?);
    };
    let rows = match grid_of(bytes).await?.and_then(import::rows_from_grid) {
        Ok(r) if !r.is_empty() => r,
        Ok(_) => {
            return render_invalid(
                &upload_page(&state, ctx, &user, Some("err.import_empty")).await?,
            );
        }
        Err(e) => {
            return render_invalid(&upload_page(&state, ctx, &user, Some(e.key())).await?);
        }
    };
    // Two queries for the whole file: the units, and the employee codes already taken.
    let units = db::units::open_codes(&state.db, &scope).await?;
    let known: HashSet<String> = units.iter().map(|(code, _)| code.clone()).collect();
    let allowed: HashSet<String> = units
        .into_iter()
        .filter(|(_, allowed)| *allowed)
        .map(|(code, _)| code)
        .collect();
    let codes: Vec<String> = rows
        .iter()
        .filter_map(|(_, r)| r.get("employee_code").map(|c| c.trim().to_uppercase()))
        .filter(|c| !c.is_empty())
        .collect();
    let existing: HashSet<String> = db::people::taken_codes(&state.db, &codes)
        .await?
        .into_iter()
        .collect();
    let checked = import::check_rows(rows, &allowed, &known, &existing);
    let total = checked.len() as i32;
    let good = checked.iter().filter(|r| r.is_good()).count() as i32;
    let json = serde_json::to_value(&checked).map_err(anyhow::Error::from)?;
    let id = db::import_jobs::create(
        &state.db,
        "people",
        &filename,
        user.user_id,
        crate::domain::roles::common_path(&scope).as_deref(),
        total,
        good,
        json,
    )
    .await?;
    Ok(redirect_flash(
        &format!("/people/import/{id}"),
        ctx.t("import.uploaded"),
    ))
}

#[derive(Template)]
#[template(path = "people/import_job.html")]
pub struct JobPage {
    pub ctx: Ctx,
    pub job: Job,
    pub bad: Vec<CheckedRow>,
    pub sample: Vec<CheckedRow>,
    pub percent: i32,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    require_editor(&user)?;
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

/// Starts the import of the good rows; the work runs in the background and the page polls.
pub async fn commit(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Acting(actor): Acting,
    Path(id): Path<i64>,
    Form(_f): Form<EmptyForm>,
) -> AppResult<Response> {
    let scope = require_editor(&user)?;
    import_jobs::load(&state, &user, id, KINDS).await?;
    let actor = actor.clone();
    let st = state.clone();
    let work = async move { run_import(&st, id, &scope, &actor).await.map(|n| (n, 0)) };
    import_jobs::start(&state, &ctx, id, &format!("/people/import/{id}"), work).await
}

const CHUNK: usize = 1000;

/// Inserts the good rows in one transaction, chunk by chunk, reporting progress on a separate connection.
async fn run_import(
    state: &AppState,
    id: i64,
    scope: &[String],
    actor: &Actor,
) -> anyhow::Result<i32> {
    let rows: Vec<CheckedRow> = crate::db::import_jobs::rows(&state.db, id).await?;
    let units: std::collections::HashMap<String, i64> =
        db::units::open_ids_by_code(&state.db, scope).await?;
    let good: Vec<(crate::domain::person::PersonFields, i64)> = rows
        .iter()
        .filter(|r| r.is_good())
        .filter_map(|r| Some((r.fields().ok()?, *units.get(&r.unit_code)?)))
        .collect();
    let mut tx = state.db.begin().await?;
    let mut ids: Vec<i64> = Vec::with_capacity(good.len());
    for chunk in good.chunks(CHUNK) {
        let new_ids = db::people::insert_many(&mut *tx, chunk).await?;
        ids.extend(new_ids);
        db::import_jobs::progress(&state.db, id, ids.len() as i32).await?;
    }
    let n = ids.len() as i32;
    db::audit::record(
        &mut *tx,
        actor,
        Entry::new("import", "person", format!("import:{id}"))
            .summary(format!("{n} people imported (import #{id})"))
            .after(Some(
                serde_json::json!({ "import_job": id, "person_ids": ids }),
            )),
    )
    .await?;
    db::import_jobs::clear_rows(&mut *tx, id, false).await?;
    tx.commit().await?;
    // a bulk load changes the table's statistics; refresh them now rather than at the next
    // autovacuum (only the schema's owner may: an application role that is not leaves it to autovacuum)
    db::people::analyze(&state.db).await;
    Ok(n)
}

pub async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(_f): Form<EmptyForm>,
) -> AppResult<Response> {
    require_editor(&user)?;
    import_jobs::load(&state, &user, id, KINDS).await?;
    import_jobs::cancel(&state, &ctx, id, "/people/import").await
}
