//! What eligibility reads that is imported: who is who for the importer, and award history.

use crate::db::audit::Entry;
use crate::db::audit::{self, Actor};
use crate::domain::facts_import::FactRow;
use sqlx::PgExecutor;

/// A person as the facts import matches rows to them.
pub struct LookupPerson {
    pub id: i64,
    pub full_name: String,
    pub employee_code: Option<String>,
    pub unit_code: String,
    /// in the importer's scope
    pub allowed: bool,
}

pub async fn people_for_lookup(
    db: impl PgExecutor<'_>,
    scope: &[String],
) -> Result<Vec<LookupPerson>, sqlx::Error> {
    sqlx::query_as!(
        LookupPerson,
        r#"SELECT p.id, p.full_name::text AS "full_name!", p.employee_code, u.code AS unit_code,
                  u.path LIKE ANY($1) AS "allowed!"
           FROM people p JOIN units u ON u.id = p.unit_id"#,
        scope
    )
    .fetch_all(db)
    .await
}

/// Every unit: (id, code, in the importer's scope).
pub async fn units_for_lookup(
    db: impl PgExecutor<'_>,
    scope: &[String],
) -> Result<Vec<(i64, String, bool)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT id, code, path LIKE ANY($1) AS "allowed!" FROM units"#,
        scope
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|u| (u.id, u.code, u.allowed))
    .collect())
}

/// (code, Vietnamese name) of every title of every regime.
pub async fn title_names(db: impl PgExecutor<'_>) -> Result<Vec<(String, String)>, sqlx::Error> {
    Ok(sqlx::query!("SELECT DISTINCT code, name_vi FROM titles")
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|t| (t.code, t.name_vi))
        .collect())
}

/// One award: inserted, or its decision updated when it differs; audited when it changes anything.
pub async fn save_award(
    tx: &mut super::Tx<'_>,
    actor: &Actor,
    r: &FactRow,
    job: i64,
) -> Result<bool, sqlx::Error> {
    let code = r.title_code.clone().unwrap_or_default();
    // the file says no kind: a recorded award keeps its own, a new one is annual
    let current = sqlx::query!(
        "SELECT id, title_name, decision_no, decided_on, issuer, kind FROM award_history
         WHERE year = $1 AND title_code = $2 AND (person_id = $3 OR unit_id = $4) FOR UPDATE",
        r.year,
        code,
        r.person_id,
        r.unit_id
    )
    .fetch_optional(&mut **tx)
    .await?;
    let kind = match (&current, r.award_kind.as_str()) {
        (Some(c), "") => c.kind.clone(),
        (None, "") => "annual".to_string(),
        (_, k) => k.to_string(),
    };
    let after = serde_json::json!({
        "year": r.year, "title_code": code, "decision_no": r.decision_no,
        "decided_on": r.decided_on, "issuer": r.issuer, "kind": kind, "import_job": job
    });
    let subject = match (r.person_id, r.unit_id) {
        (Some(p), _) => format!("person:{p}"),
        (_, Some(u)) => format!("unit:{u}"),
        _ => String::new(),
    };
    match current {
        Some(c)
            if c.decision_no == r.decision_no
                && c.decided_on == r.decided_on
                && c.issuer == r.issuer
                && c.kind == kind =>
        {
            Ok(false)
        }
        Some(c) => {
            sqlx::query!(
                "UPDATE award_history SET decision_no = $2, decided_on = $3, issuer = $4, kind = $5
                 WHERE id = $1 AND decision_id IS NULL",
                c.id,
                r.decision_no,
                r.decided_on,
                r.issuer,
                kind
            )
            .execute(&mut **tx)
            .await?;
            audit::record(
                &mut **tx,
                actor,
                Entry::new("update", "award", c.id.to_string())
                    .summary(format!("{subject} {} {code}", r.year))
                    .before(Some(serde_json::json!({
                        "decision_no": c.decision_no, "decided_on": c.decided_on, "issuer": c.issuer,
                        "kind": c.kind
                    })))
                    .after(after),
            )
            .await?;
            Ok(true)
        }
        None => {
            let new_id = sqlx::query_scalar!(
                "INSERT INTO award_history (year, person_id, unit_id, title_code, title_name, decision_no,
                                            decided_on, issuer, kind, source)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'import') RETURNING id",
                r.year,
                r.person_id,
                r.unit_id,
                code,
                r.title_name,
                r.decision_no,
                r.decided_on,
                r.issuer,
                kind
            )
            .fetch_one(&mut **tx)
            .await?;
            audit::record(
                &mut **tx,
                actor,
                Entry::new("create", "award", new_id.to_string())
                    .summary(format!("{subject} {} {code}", r.year))
                    .after(after),
            )
            .await?;
            Ok(true)
        }
    }
}
