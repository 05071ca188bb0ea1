//! A person's emulation record: ratings, awards, recognised initiatives, discipline, open reviews
//! and months worked.

use chrono::NaiveDate;
use sqlx::PgExecutor;

pub struct RatingLine {
    pub year: i32,
    pub rating: String,
    pub score: Option<String>,
}
pub struct AwardLine {
    pub id: i64,
    pub year: i32,
    pub title_name: String,
    pub title_code: String,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    /// annual, thematic, unexpected, long_service
    pub kind: String,
    /// entered by an issued decision of the app: it is the decision's, not to be deleted by hand
    pub from_decision: bool,
}
pub struct InitiativeLine {
    pub title: String,
    pub level: String,
    /// the year of the achievement it counts for
    pub achievement_year: i32,
    pub decided_on: NaiveDate,
    pub decision_no: String,
}
pub struct DisciplineLine {
    pub id: i64,
    pub level: String,
    pub decided_on: NaiveDate,
    pub effective_until: Option<NaiveDate>,
    pub decision_no: String,
    pub reason: String,
}
pub struct ReviewLine {
    pub id: i64,
    pub kind: String,
    pub violation_signs: bool,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub note: String,
}
pub struct MonthsLine {
    pub year: i32,
    pub months: String,
    pub note: String,
}

/// Everything the record page lists.
pub struct Record {
    pub ratings: Vec<RatingLine>,
    pub awards: Vec<AwardLine>,
    pub initiatives: Vec<InitiativeLine>,
    pub disciplines: Vec<DisciplineLine>,
    pub reviews: Vec<ReviewLine>,
    pub months: Vec<MonthsLine>,
}

pub async fn of_person(db: &sqlx::PgPool, id: i64) -> Result<Record, sqlx::Error> {
    let ratings = sqlx::query_as!(
        RatingLine,
        r#"SELECT year, rating, score::text AS score FROM ratings WHERE person_id = $1 ORDER BY year DESC"#,
        id
    )
    .fetch_all(db)
    .await?;
    let awards = sqlx::query_as!(
        AwardLine,
        r#"SELECT id, year, title_name, title_code, decision_no, decided_on, kind,
                  (decision_id IS NOT NULL) AS "from_decision!"
           FROM award_history WHERE person_id = $1 ORDER BY year DESC, title_code"#,
        id
    )
    .fetch_all(db)
    .await?;
    let initiatives = sqlx::query_as!(
        InitiativeLine,
        "SELECT g.title, g.level, g.achievement_year, g.decided_on, g.decision_no FROM initiative_recognitions g
         JOIN initiative_authors a ON a.recognition_id = g.id WHERE a.person_id = $1
         ORDER BY g.decided_on DESC",
        id
    )
    .fetch_all(db)
    .await?;
    let disciplines = sqlx::query_as!(
        DisciplineLine,
        "SELECT id, level, decided_on, effective_until, decision_no, reason FROM disciplines
         WHERE person_id = $1 ORDER BY decided_on DESC",
        id
    )
    .fetch_all(db)
    .await?;
    let reviews = sqlx::query_as!(
        ReviewLine,
        "SELECT id, kind, violation_signs, opened_on, closed_on, note FROM review_flags WHERE person_id = $1
         ORDER BY closed_on IS NULL DESC, opened_on DESC",
        id
    )
    .fetch_all(db)
    .await?;
    let months = sqlx::query_as!(
        MonthsLine,
        r#"SELECT year, months::text AS "months!", note FROM work_months WHERE person_id = $1 ORDER BY year DESC"#,
        id
    )
    .fetch_all(db)
    .await?;
    Ok(Record {
        ratings,
        awards,
        initiatives,
        disciplines,
        reviews,
        months,
    })
}

pub async fn add_discipline(
    db: impl PgExecutor<'_>,
    person_id: i64,
    level: &str,
    decided_on: NaiveDate,
    effective_until: Option<NaiveDate>,
    decision_no: &str,
    reason: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO disciplines (person_id, level, decided_on, effective_until, decision_no, reason)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        person_id,
        level,
        decided_on,
        effective_until,
        decision_no,
        reason
    )
    .fetch_one(db)
    .await
}

pub struct RemovedDiscipline {
    pub level: String,
    pub decided_on: NaiveDate,
    pub decision_no: String,
}

/// Removes discipline `id` of the person; what it was, or `None` when it is not theirs.
pub async fn delete_discipline(
    db: impl PgExecutor<'_>,
    person_id: i64,
    id: i64,
) -> Result<Option<RemovedDiscipline>, sqlx::Error> {
    sqlx::query_as!(
        RemovedDiscipline,
        "DELETE FROM disciplines WHERE id = $1 AND person_id = $2 RETURNING level, decided_on, decision_no",
        id,
        person_id
    )
    .fetch_optional(db)
    .await
}

pub async fn open_review(
    db: impl PgExecutor<'_>,
    person_id: i64,
    kind: &str,
    opened_on: NaiveDate,
    violation_signs: bool,
    note: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO review_flags (person_id, kind, opened_on, violation_signs, note)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        person_id,
        kind,
        opened_on,
        violation_signs,
        note
    )
    .fetch_one(db)
    .await
}

/// Closes an open review of the person on `day` (or its opening day, if later).
pub async fn close_review(
    db: impl PgExecutor<'_>,
    person_id: i64,
    id: i64,
    day: NaiveDate,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE review_flags SET closed_on = greatest($3, opened_on) WHERE id = $1 AND person_id = $2 AND closed_on IS NULL RETURNING id",
        id,
        person_id,
        day
    )
    .fetch_optional(db)
    .await
}

/// Sets (or with `None`, removes) the months worked in a year; returns what it was.
pub async fn set_months(
    tx: &mut super::Tx<'_>,
    person_id: i64,
    year: i32,
    months: Option<f64>,
    note: &str,
) -> Result<Option<f64>, sqlx::Error> {
    let before = sqlx::query_scalar!(
        "SELECT months::float8 FROM work_months WHERE person_id = $1 AND year = $2",
        person_id,
        year
    )
    .fetch_optional(&mut **tx)
    .await?
    .flatten();
    match months {
        Some(m) => {
            sqlx::query!(
                "INSERT INTO work_months (person_id, year, months, note) VALUES ($1, $2, $3::float8::numeric, $4)
                 ON CONFLICT (person_id, year) DO UPDATE SET months = EXCLUDED.months, note = EXCLUDED.note",
                person_id,
                year,
                m,
                note
            )
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query!(
                "DELETE FROM work_months WHERE person_id = $1 AND year = $2",
                person_id,
                year
            )
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(before)
}

/// The titles of every regime's catalogue (code, Vietnamese name, English name), one per code (the
/// newest regime's names), for recording an award by hand.
pub async fn award_titles(
    db: impl PgExecutor<'_>,
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    Ok(sqlx::query!(
        r#"SELECT DISTINCT ON (t.code) t.code, t.name_vi, t.name_en, t.position
           FROM titles t JOIN rule_sets r ON r.id = t.rule_set_id
           WHERE t.subject = 'individual'
           ORDER BY t.code, r.effective_from DESC"#
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.code, r.name_vi, r.name_en))
    .collect())
}

pub struct NewAward<'a> {
    pub person_id: i64,
    pub year: i32,
    pub title_code: &'a str,
    pub title_name: &'a str,
    pub kind: &'a str,
    pub decision_no: &'a str,
    pub decided_on: Option<NaiveDate>,
    pub issuer: &'a str,
}

/// Records an award entered by hand; `None` when the person already has that title for that year.
pub async fn add_award(
    db: impl PgExecutor<'_>,
    a: &NewAward<'_>,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO award_history (year, person_id, title_code, title_name, kind, decision_no, decided_on,
                                    issuer, source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'entry')
         ON CONFLICT (person_id, year, title_code) WHERE person_id IS NOT NULL DO NOTHING
         RETURNING id",
        a.year,
        a.person_id,
        a.title_code,
        a.title_name,
        a.kind,
        a.decision_no,
        a.decided_on,
        a.issuer
    )
    .fetch_optional(db)
    .await
}

pub struct RemovedAward {
    pub year: i32,
    pub title_code: String,
    pub kind: String,
    pub decision_no: String,
}

/// Removes award `id` of the person; what it was, or `None` when it is not theirs or an issued
/// decision entered it (the decision holds it).
pub async fn delete_award(
    db: impl PgExecutor<'_>,
    person_id: i64,
    id: i64,
) -> Result<Option<RemovedAward>, sqlx::Error> {
    sqlx::query_as!(
        RemovedAward,
        "DELETE FROM award_history WHERE id = $1 AND person_id = $2 AND decision_id IS NULL
         RETURNING year, title_code, kind, decision_no",
        id,
        person_id
    )
    .fetch_optional(db)
    .await
}
