//! Initiatives recognised by the initiative council (sáng kiến được công nhận), and what a person
//! registered.

use chrono::NaiveDate;
use sqlx::PgExecutor;

pub struct Recognition {
    pub id: i64,
    pub title: String,
    pub field: String,
    pub level: String,
    pub decided_on: NaiveDate,
    pub decision_no: String,
    pub council: String,
    pub authors: Vec<String>,
    pub registered: bool,
}

/// Recognitions with an author under `scope` whose title or an author's search text is LIKE `words`.
pub async fn count_recognitions(
    db: impl PgExecutor<'_>,
    scope: &[String],
    words: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(DISTINCT i.id) AS "n!" FROM initiative_recognitions i
           JOIN initiative_authors a ON a.recognition_id = i.id
           JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id
           WHERE u.path LIKE ANY($1)
             AND (thidua_fold(i.title) LIKE $2 OR EXISTS (
                   SELECT 1 FROM initiative_authors b JOIN people q ON q.id = b.person_id
                   WHERE b.recognition_id = i.id AND q.search_text LIKE $2))"#,
        scope,
        words
    )
    .fetch_one(db)
    .await
}

/// A page of [`count_recognitions`]' recognitions, newest decision first.
pub async fn recognitions(
    db: impl PgExecutor<'_>,
    scope: &[String],
    words: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<Recognition>, sqlx::Error> {
    sqlx::query_as!(
        Recognition,
        r#"SELECT i.id, i.title, i.field, i.level, i.decided_on, i.decision_no, i.council,
                  i.registered_initiative_id IS NOT NULL AS "registered!",
                  (SELECT array_agg(q.full_name::text ORDER BY q.given_name, q.full_name)
                   FROM initiative_authors b JOIN people q ON q.id = b.person_id
                   WHERE b.recognition_id = i.id) AS "authors!"
           FROM initiative_recognitions i
           WHERE i.id IN (
             SELECT a.recognition_id FROM initiative_authors a
             JOIN people p ON p.id = a.person_id JOIN units u ON u.id = p.unit_id
             WHERE u.path LIKE ANY($1))
             AND (thidua_fold(i.title) LIKE $2 OR EXISTS (
                   SELECT 1 FROM initiative_authors b JOIN people q ON q.id = b.person_id
                   WHERE b.recognition_id = i.id AND q.search_text LIKE $2))
           ORDER BY i.decided_on DESC, i.id DESC LIMIT $3 OFFSET $4"#,
        scope,
        words,
        limit,
        offset
    )
    .fetch_all(db)
    .await
}

/// A registered initiative of someone under `scope`, to prefill its recognition.
pub struct Registered {
    pub title: String,
    pub field: String,
    pub author: String,
    pub unit_code: String,
    /// "Name (UNIT)" of each co-author
    pub coauthors: Option<Vec<String>>,
}

pub async fn registered_in(
    db: impl PgExecutor<'_>,
    id: i64,
    scope: &[String],
) -> Result<Option<Registered>, sqlx::Error> {
    sqlx::query_as!(
        Registered,
        r#"SELECT i.title, i.field,
                  p.full_name::text AS "author!", pu.code AS unit_code,
                  (SELECT array_agg(q.full_name::text || ' (' || qu.code || ')' ORDER BY q.given_name)
                   FROM initiative_coauthors c JOIN people q ON q.id = c.person_id
                   JOIN units qu ON qu.id = q.unit_id WHERE c.initiative_id = i.id) AS coauthors
           FROM registered_initiatives i
           JOIN registrations r ON r.id = i.registration_id
           JOIN people p ON p.id = r.person_id JOIN units pu ON pu.id = p.unit_id
           WHERE i.id = $1 AND pu.path LIKE ANY($2)"#,
        id,
        scope
    )
    .fetch_optional(db)
    .await
}

/// Whether registered initiative `id` belongs to a registration of a unit under `scope`.
pub async fn registered_in_scope(
    db: impl PgExecutor<'_>,
    id: i64,
    scope: &[String],
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (
             SELECT 1 FROM registered_initiatives i
             JOIN registrations r ON r.id = i.registration_id
             JOIN units u ON u.id = r.unit_id
             WHERE i.id = $1 AND u.path LIKE ANY($2)) AS "x!""#,
        id,
        scope
    )
    .fetch_one(db)
    .await
}

pub struct NewRecognition<'a> {
    pub title: &'a str,
    pub field: &'a str,
    pub level: &'a str,
    pub decided_on: NaiveDate,
    /// the year of the achievement it counts for
    pub achievement_year: i32,
    pub decision_no: &'a str,
    pub council: &'a str,
    pub registered_initiative_id: Option<i64>,
    pub created_by: i64,
    pub authors: &'a [i64],
}

/// Records a recognition and its authors; returns its id.
pub async fn insert_recognition(
    tx: &mut super::Tx<'_>,
    r: &NewRecognition<'_>,
) -> Result<i64, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO initiative_recognitions (title, field, level, decided_on, decision_no, council,
                                              registered_initiative_id, created_by, achievement_year)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        r.title,
        r.field,
        r.level,
        r.decided_on,
        r.decision_no,
        r.council,
        r.registered_initiative_id,
        r.created_by,
        r.achievement_year
    )
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query!(
        "INSERT INTO initiative_authors (recognition_id, person_id) SELECT $1, unnest($2::int8[])
         ON CONFLICT DO NOTHING",
        id,
        r.authors
    )
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub struct MyInitiative {
    pub title: String,
    pub field: String,
    pub campaign: Option<String>,
    pub level: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub decision_no: String,
}

/// A person's initiatives: those registered (as author or co-author), each with its recognition if
/// there is one, and recognitions not tied to a registration.
pub async fn of_person(db: impl PgExecutor<'_>, me: i64) -> Result<Vec<MyInitiative>, sqlx::Error> {
    sqlx::query_as!(
        MyInitiative,
        r#"SELECT i.title AS "title!", i.field AS "field!", c.title AS "campaign?", g.level AS "level?",
                  g.decided_on AS "decided_on?", coalesce(g.decision_no, '') AS "decision_no!"
           FROM registered_initiatives i
           JOIN registrations r ON r.id = i.registration_id
           JOIN campaigns c ON c.id = r.campaign_id
           LEFT JOIN initiative_recognitions g ON g.registered_initiative_id = i.id
           WHERE r.person_id = $1
              OR EXISTS (SELECT 1 FROM initiative_coauthors x WHERE x.initiative_id = i.id AND x.person_id = $1)
           UNION ALL
           SELECT g.title, g.field, NULL, g.level, g.decided_on, g.decision_no
           FROM initiative_recognitions g
           JOIN initiative_authors a ON a.recognition_id = g.id AND a.person_id = $1
           WHERE g.registered_initiative_id IS NULL
           ORDER BY 5 DESC NULLS FIRST, 1"#,
        me
    )
    .fetch_all(db)
    .await
}

/// How many initiatives were recognised for the achievements of `year` (by the recognition
/// decisions, whether registered with a pledge or not) with an author in the subtree at `path`.
pub async fn recognised_in_year(
    db: impl PgExecutor<'_>,
    path: &str,
    year: i32,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"SELECT count(DISTINCT g.id) AS "n!" FROM initiative_recognitions g
             JOIN initiative_authors a ON a.recognition_id = g.id
             JOIN people p ON p.id = a.person_id
             JOIN units u ON u.id = p.unit_id
            WHERE g.achievement_year = $2 AND u.path LIKE $1 || '%'"#,
        path,
        year
    )
    .fetch_one(db)
    .await
}
