//! Rule sets (legal regimes) and their titles, as administrators keep them.

use chrono::NaiveDate;
use serde_json::Value;
use sqlx::PgExecutor;

pub struct RuleSetLine {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub campaigns: i64,
    pub locked: bool,
}

/// Every rule set, newest first, with how many campaigns use it and whether a closed one does.
pub async fn lines(db: impl PgExecutor<'_>) -> Result<Vec<RuleSetLine>, sqlx::Error> {
    sqlx::query_as!(
        RuleSetLine,
        r#"SELECT r.id, r.code, r.name, r.effective_from, r.effective_to,
                  (SELECT count(*) FROM campaigns c WHERE c.rule_set_id = r.id) AS "campaigns!",
                  EXISTS (SELECT 1 FROM campaigns c WHERE c.rule_set_id = r.id AND c.stage = 'closed') AS "locked!"
           FROM rule_sets r ORDER BY r.effective_from DESC, r.id DESC"#
    )
    .fetch_all(db)
    .await
}

pub async fn legal_bases(db: impl PgExecutor<'_>, id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar!("SELECT legal_bases FROM rule_sets WHERE id = $1", id)
        .fetch_one(db)
        .await
}

pub struct TitleLine {
    pub id: i64,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub subject: String,
    /// "title" (danh hiệu) or "commendation" (hình thức khen thưởng)
    pub form: String,
    pub level: String,
    pub decided_by: String,
    pub cash: Option<String>,
    /// given for an exceptional achievement too (khen thưởng đột xuất): a form of commendation
    /// whose ad-hoc dossier the regime lists
    pub adhoc: bool,
}

/// The titles of a rule set in their order.
pub async fn titles(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<TitleLine>, sqlx::Error> {
    sqlx::query_as!(
        TitleLine,
        r#"SELECT id, code, name_vi, name_en, subject, form, level, decided_by, cash_multiple::text AS cash,
                  adhoc_documents IS NOT NULL AS "adhoc!"
           FROM titles WHERE rule_set_id = $1 ORDER BY position, id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// The base salary in force today: (from, amount as digits).
pub async fn base_salary_today(
    db: impl PgExecutor<'_>,
) -> Result<Option<(NaiveDate, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        "SELECT effective_from, amount::text AS amount FROM base_salaries
         WHERE effective_from <= current_date ORDER BY effective_from DESC LIMIT 1"
    )
    .fetch_optional(db)
    .await?
    .map(|r| (r.effective_from, r.amount.unwrap_or_default())))
}

/// A title of a rule set with what its editor needs (and the rule set's version).
pub struct TitleEdit {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub subject: String,
    pub cash: Option<String>,
    /// whether it comes with a printed certificate: "none", "recognition", "commendation"
    pub certificate: String,
    pub conditions: Value,
    pub version: i32,
}

pub async fn title(
    db: impl PgExecutor<'_>,
    rule_set_id: i64,
    title_id: i64,
) -> Result<Option<TitleEdit>, sqlx::Error> {
    sqlx::query_as!(
        TitleEdit,
        r#"SELECT t.code, t.name_vi, t.name_en, t.subject, t.cash_multiple::text AS cash,
                  t.certificate, t.conditions, r.version
           FROM titles t JOIN rule_sets r ON r.id = t.rule_set_id
           WHERE t.id = $1 AND t.rule_set_id = $2"#,
        title_id,
        rule_set_id
    )
    .fetch_optional(db)
    .await
}

pub async fn title_codes(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("SELECT code FROM titles WHERE rule_set_id = $1", id)
        .fetch_all(db)
        .await
}

/// The last audited change to rule set `id` or one of its titles (named to an editor whose save
/// came too late).
pub async fn last_change(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<crate::db::audit::LastChange>, sqlx::Error> {
    sqlx::query_as!(
        crate::db::audit::LastChange,
        r#"SELECT COALESCE(NULLIF(u.display_name, ''), a.actor_username) AS "who!", a.at
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id
           WHERE (a.entity = 'title' AND a.entity_id IN (SELECT id::text FROM titles WHERE rule_set_id = $1))
              OR (a.entity = 'rule_set' AND a.entity_id = $1::text)
           ORDER BY a.id DESC LIMIT 1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// Moves a rule set to its next version if it is still at `version`.
pub async fn bump(db: impl PgExecutor<'_>, id: i64, version: i32) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "UPDATE rule_sets SET version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 RETURNING id",
        id,
        version
    )
    .fetch_optional(db)
    .await?
    .is_some())
}

pub async fn set_title(
    db: impl PgExecutor<'_>,
    title_id: i64,
    conditions: &Value,
    (cash_multiple, certificate): (Option<f64>, &str),
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE titles SET conditions = $2, cash_multiple = $3::float8::numeric, certificate = $4
         WHERE id = $1",
        title_id,
        conditions,
        cash_multiple,
        certificate
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The code of rule set `id` ("ND91_2017"), or empty when there is none.
pub async fn code_of(db: impl PgExecutor<'_>, id: i64) -> Result<String, sqlx::Error> {
    Ok(
        sqlx::query_scalar!("SELECT code FROM rule_sets WHERE id = $1", id)
            .fetch_optional(db)
            .await?
            .unwrap_or_default(),
    )
}

pub async fn code_taken(db: impl PgExecutor<'_>, code: &str) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM rule_sets WHERE code = $1) AS "x!""#,
        code
    )
    .fetch_one(db)
    .await
}

/// Copies rule set `id` with its titles under a new code from a date, everything the regime sets
/// with them (periods, the council's votes and quorum, notice days, legal bases, cash rounding,
/// each title's dossier and vote rule); the new id (`None`: no `id`).
pub async fn copy(
    tx: &mut super::Tx<'_>,
    id: i64,
    code: &str,
    name: &str,
    from: NaiveDate,
) -> Result<Option<i64>, sqlx::Error> {
    let Some(new_id) = sqlx::query_scalar!(
        "INSERT INTO rule_sets (code, name, legal_bases, effective_from, principles, check_days,
                                supplement_days, council_quorum, council_quorum_strict,
                                notice_days_grassroots, notice_days_province, notice_days_state,
                                decision_bases, cash_round_to, cash_round_up)
         SELECT $2, $3, legal_bases, $4, principles, check_days, supplement_days, council_quorum,
                council_quorum_strict, notice_days_grassroots, notice_days_province,
                notice_days_state, decision_bases, cash_round_to, cash_round_up
         FROM rule_sets WHERE id = $1 RETURNING id",
        id,
        code,
        name,
        from
    )
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    sqlx::query!(
        "INSERT INTO titles (rule_set_id, code, name_vi, name_en, subject, form, level, decided_by,
                             cash_multiple, registrable, position, conditions, documents,
                             council_ballot, council_share, council_base, council_strict,
                             council_source)
         SELECT $2, code, name_vi, name_en, subject, form, level, decided_by, cash_multiple,
                registrable, position, conditions, documents, council_ballot, council_share,
                council_base, council_strict, council_source
         FROM titles WHERE rule_set_id = $1",
        id,
        new_id
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(new_id))
}

/// A rule set's version (forms carry it: a stale one is refused).
pub async fn version(db: impl PgExecutor<'_>, id: i64) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar!("SELECT version FROM rule_sets WHERE id = $1", id)
        .fetch_one(db)
        .await
}

/// A rule set's general principles as stored.
pub async fn principles(db: impl PgExecutor<'_>, id: i64) -> Result<Value, sqlx::Error> {
    sqlx::query_scalar!("SELECT principles FROM rule_sets WHERE id = $1", id)
        .fetch_one(db)
        .await
}

pub async fn set_principles(
    db: impl PgExecutor<'_>,
    id: i64,
    principles: &Value,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE rule_sets SET principles = $2 WHERE id = $1",
        id,
        principles
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A regime's dossier rules: the Office's and the units' periods (working days) and, per title (id),
/// the documents its dossier needs.
pub struct Dossier {
    pub check_days: i32,
    pub supplement_days: i32,
    pub titles: Vec<(i64, Vec<String>)>,
}

pub async fn dossier(db: &super::Pool, id: i64) -> Result<Dossier, sqlx::Error> {
    let r = sqlx::query!(
        "SELECT check_days, supplement_days FROM rule_sets WHERE id = $1",
        id
    )
    .fetch_one(db)
    .await?;
    let titles = sqlx::query!(
        "SELECT id, documents FROM titles WHERE rule_set_id = $1 ORDER BY position, id",
        id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|t| (t.id, t.documents))
    .collect();
    Ok(Dossier {
        check_days: r.check_days,
        supplement_days: r.supplement_days,
        titles,
    })
}

/// A regime's periods in working days: the Office's to check a proposal, a unit's to supplement it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Periods {
    pub check_days: i32,
    pub supplement_days: i32,
}

/// Sets a regime's periods and each title's documents (`titles`: id and kinds).
pub async fn set_dossier(
    tx: &mut super::Tx<'_>,
    id: i64,
    Periods {
        check_days,
        supplement_days,
    }: Periods,
    titles: &[(i64, Vec<String>)],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE rule_sets SET check_days = $2, supplement_days = $3 WHERE id = $1",
        id,
        check_days,
        supplement_days
    )
    .execute(&mut **tx)
    .await?;
    for (title, docs) in titles {
        sqlx::query!(
            "UPDATE titles SET documents = $3 WHERE id = $2 AND rule_set_id = $1",
            id,
            title,
            docs
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
