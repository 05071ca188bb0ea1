//! Command-line administration (the first administrator of a real deployment).

use crate::auth::password::hash_blocking;
use crate::db::audit::Entry;
use crate::db::{self, audit::Actor, units::NewUnit};
use crate::domain::names::clean_text;
use crate::domain::roles::Role;
use crate::domain::unit::parse_unit_code;
use crate::domain::username::{check_password, parse_username};
use sqlx::PgPool;

/// Creates an account with one role over unit `unit_code`. When the organisation chart is empty the
/// unit is created as its root (named `unit_name`).
pub async fn create_user(
    pool: &PgPool,
    username: &str,
    display_name: Option<&str>,
    role: &str,
    unit_code: &str,
    unit_name: Option<&str>,
    password: &str,
) -> anyhow::Result<i64> {
    let username = parse_username(username)
        .map_err(|_| anyhow::anyhow!("bad user name: 3-64 characters a-z 0-9 . _ -"))?;
    check_password(password, &username)
        .map_err(|_| anyhow::anyhow!("password: at least 10 characters, not the user name"))?;
    let role = Role::parse(role).ok_or_else(|| anyhow::anyhow!("unknown role {role}"))?;
    let code =
        parse_unit_code(unit_code).map_err(|_| anyhow::anyhow!("bad unit code {unit_code}"))?;
    let pw = password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_blocking(&pw)).await??;
    let actor = Actor::system("cli");
    let mut tx = pool.begin().await?;
    let unit_id = match db::units::by_code(&mut *tx, &code).await? {
        Some(id) => id,
        None => {
            let empty: bool =
                sqlx::query_scalar!(r#"SELECT NOT EXISTS (SELECT 1 FROM units) AS "x!""#)
                    .fetch_one(&mut *tx)
                    .await?;
            anyhow::ensure!(empty, "no unit with code {code}");
            let name = clean_text(unit_name.ok_or_else(|| {
                anyhow::anyhow!("the chart is empty: give --unit-name to create the root unit")
            })?);
            let (id, row) = db::units::insert(
                &mut *tx,
                &NewUnit {
                    code: &code,
                    name: &name,
                    kind: "department",
                    parent_id: None,
                    valid_from: crate::domain::dates::today_vn(),
                },
            )
            .await?;
            db::audit::record(
                &mut *tx,
                &actor,
                Entry::new("create", "unit", id.to_string())
                    .summary(name.to_string())
                    .after(row),
            )
            .await?;
            id
        }
    };
    let display = clean_text(display_name.unwrap_or(&username));
    let (uid, row) = db::users::insert(&mut *tx, &username, &hash, &display, None, false).await?;
    db::users::add_role(&mut *tx, uid, role.code(), unit_id).await?;
    db::audit::record(
        &mut *tx,
        &actor,
        Entry::new("create", "user", uid.to_string())
            .summary(username.to_string())
            .after(row),
    )
    .await?;
    tx.commit().await?;
    Ok(uid)
}
