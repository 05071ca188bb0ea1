//! Year-end scores: each person's results against their commitments, score sheets on the plan's
//! criteria (self, unit head, council) with their lines, and the Office closing scoring.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

/// Who a sheet scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    Person(i64),
    Unit(i64),
}

impl Subject {
    fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            Subject::Person(p) => (Some(p), None),
            Subject::Unit(u) => (None, Some(u)),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Sheet {
    pub id: i64,
    pub scorer_kind: String,
    pub scorer_id: i64,
    pub scorer_name: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i32,
    /// (section, position, score, evidence)
    pub lines: Vec<(String, i32, f64, String)>,
}

/// Every sheet on `subject` in campaign `campaign_id`, self first, then head, then council.
pub async fn sheets(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    subject: Subject,
) -> Result<Vec<Sheet>, sqlx::Error> {
    let (person, unit) = subject.ids();
    let rows = sqlx::query!(
        r#"SELECT s.id, s.scorer_kind, s.scorer_id, coalesce(u.display_name, '') AS "scorer_name!",
                  s.submitted_at, s.version,
                  coalesce(array_agg(l.section ORDER BY l.section, l.position) FILTER (WHERE l.sheet_id IS NOT NULL), '{}') AS "sections!",
                  coalesce(array_agg(l.position ORDER BY l.section, l.position) FILTER (WHERE l.sheet_id IS NOT NULL), '{}') AS "positions!",
                  coalesce(array_agg(l.score::float8 ORDER BY l.section, l.position) FILTER (WHERE l.sheet_id IS NOT NULL), '{}') AS "scores!",
                  coalesce(array_agg(l.evidence ORDER BY l.section, l.position) FILTER (WHERE l.sheet_id IS NOT NULL), '{}') AS "evidence!"
           FROM score_sheets s JOIN users u ON u.id = s.scorer_id
           LEFT JOIN score_lines l ON l.sheet_id = s.id
           WHERE s.campaign_id = $1 AND s.person_id IS NOT DISTINCT FROM $2 AND s.unit_id IS NOT DISTINCT FROM $3
           GROUP BY s.id, u.display_name
           ORDER BY array_position(ARRAY['self', 'head', 'council'], s.scorer_kind), s.id"#,
        campaign_id,
        person,
        unit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Sheet {
            id: r.id,
            scorer_kind: r.scorer_kind,
            scorer_id: r.scorer_id,
            scorer_name: r.scorer_name,
            submitted_at: r.submitted_at,
            version: r.version,
            lines: r
                .sections
                .into_iter()
                .zip(r.positions)
                .zip(r.scores)
                .zip(r.evidence)
                .map(|(((s, p), v), e)| (s, p, v, e))
                .collect(),
        })
        .collect())
}

/// Saves the scorer's sheet on `subject` (created at `version` 0, else updated while at `version`
/// and not yet submitted) with `lines` (section, position, score, evidence); submits it when
/// `submit`. `None` when the form was stale or the sheet already submitted.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    tx: &mut super::Tx<'_>,
    campaign_id: i64,
    subject: Subject,
    kind: &str,
    scorer_id: i64,
    version: i32,
    lines: &[(String, i32, f64, String)],
    submit: bool,
) -> Result<Option<i64>, sqlx::Error> {
    let (person, unit) = subject.ids();
    let id = if version == 0 {
        sqlx::query_scalar!(
            "INSERT INTO score_sheets (campaign_id, person_id, unit_id, scorer_kind, scorer_id, submitted_at)
             VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN now() END)
             ON CONFLICT DO NOTHING RETURNING id",
            campaign_id,
            person,
            unit,
            kind,
            scorer_id,
            submit
        )
        .fetch_optional(&mut **tx)
        .await?
    } else {
        sqlx::query_scalar!(
            "UPDATE score_sheets SET version = version + 1, updated_at = now(),
                 submitted_at = CASE WHEN $7 THEN now() END
             WHERE campaign_id = $1 AND person_id IS NOT DISTINCT FROM $2
               AND unit_id IS NOT DISTINCT FROM $3 AND scorer_kind = $4 AND scorer_id = $5
               AND version = $6 AND submitted_at IS NULL
             RETURNING id",
            campaign_id,
            person,
            unit,
            kind,
            scorer_id,
            version,
            submit
        )
        .fetch_optional(&mut **tx)
        .await?
    };
    let Some(id) = id else {
        return Ok(None);
    };
    sqlx::query!("DELETE FROM score_lines WHERE sheet_id = $1", id)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "INSERT INTO score_lines (sheet_id, section, position, score, evidence)
         SELECT $1, s, p, v::numeric, e FROM UNNEST($2::text[], $3::int4[], $4::float8[], $5::text[]) AS x(s, p, v, e)",
        id,
        &lines.iter().map(|l| l.0.clone()).collect::<Vec<_>>(),
        &lines.iter().map(|l| l.1).collect::<Vec<_>>(),
        &lines.iter().map(|l| l.2).collect::<Vec<_>>(),
        &lines.iter().map(|l| l.3.clone()).collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await?;
    Ok(Some(id))
}

/// A commitment with its mid-year progress and its year-end result.
#[derive(Clone, Debug)]
pub struct Commitment {
    pub registration_id: i64,
    pub position: i32,
    pub target: String,
    pub measure: String,
    pub progress: Option<i32>,
    pub final_result: Option<String>,
    pub final_figure: String,
    pub final_note: String,
}

/// The commitments of `person`'s registration in campaign `campaign_id` (sent, not withdrawn).
pub async fn commitments(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    person: i64,
) -> Result<Vec<Commitment>, sqlx::Error> {
    sqlx::query_as!(
        Commitment,
        "SELECT c.registration_id, c.position, c.target, c.measure, c.progress, c.final_result,
                c.final_figure, c.final_note
         FROM registration_commitments c JOIN registrations r ON r.id = c.registration_id
         WHERE r.campaign_id = $1 AND r.person_id = $2 AND r.status <> 'withdrawn'
         ORDER BY c.position",
        campaign_id,
        person
    )
    .fetch_all(db)
    .await
}

/// Sets a commitment's year-end result.
pub async fn set_result(
    db: impl PgExecutor<'_>,
    registration_id: i64,
    position: i32,
    (result, figure, note): (Option<&str>, &str, &str),
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE registration_commitments SET final_result = $3, final_figure = $4, final_note = $5
         WHERE registration_id = $1 AND position = $2",
        registration_id,
        position,
        result,
        figure,
        note
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A submitted sheet's weighted total, for calibration and the review page.
pub struct Total {
    pub sheet_id: i64,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    /// the unit the subject belongs to
    pub home_unit: i64,
    pub kind: String,
    pub scorer_id: i64,
    pub scorer_name: String,
    pub got: f64,
    pub max: f64,
}

/// The weighted totals of every submitted sheet in campaign `campaign_id` whose subject lies under
/// `patterns` (LIKE).
pub async fn totals(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    patterns: &[String],
) -> Result<Vec<Total>, sqlx::Error> {
    sqlx::query_as!(
        Total,
        r#"SELECT s.id AS sheet_id, s.person_id, s.unit_id, coalesce(pe.unit_id, s.unit_id) AS "home_unit!",
                  s.scorer_kind AS kind, s.scorer_id, coalesce(u.display_name, '') AS "scorer_name!",
                  coalesce((SELECT sum(l.score * coalesce(i.weight, 1)) FROM score_lines l
                            JOIN campaign_items i ON i.campaign_id = s.campaign_id AND i.section = l.section AND i.position = l.position
                            WHERE l.sheet_id = s.id), 0)::float8 AS "got!",
                  coalesce((SELECT sum(i.max_score * coalesce(i.weight, 1)) FROM campaign_items i
                            WHERE i.campaign_id = s.campaign_id AND i.max_score IS NOT NULL
                              AND i.section = CASE WHEN s.person_id IS NULL THEN 'criteria_collective' ELSE 'criteria_individual' END), 0)::float8 AS "max!"
           FROM score_sheets s JOIN users u ON u.id = s.scorer_id
           LEFT JOIN people pe ON pe.id = s.person_id
           JOIN units hu ON hu.id = coalesce(pe.unit_id, s.unit_id)
           WHERE s.campaign_id = $1 AND s.submitted_at IS NOT NULL AND hu.path LIKE ANY($2)
           ORDER BY s.id"#,
        campaign_id,
        patterns
    )
    .fetch_all(db)
    .await
}

/// Closes scoring for campaign `campaign_id` (the people scored may then see their scores).
pub async fn close(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    by_user: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query!(
        "UPDATE campaigns SET scoring_closed_at = now(), scoring_closed_by = $2
         WHERE id = $1 AND scoring_closed_at IS NULL",
        campaign_id,
        by_user
    )
    .execute(db)
    .await?
    .rows_affected()
        == 1)
}

/// When scoring was closed, if it was.
pub async fn closed_at(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    Ok(sqlx::query_scalar!(
        "SELECT scoring_closed_at FROM campaigns WHERE id = $1",
        campaign_id
    )
    .fetch_optional(db)
    .await?
    .flatten())
}

/// A member's self-assessment in numbers: commitments done, partly done, not done, not assessed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assessed {
    pub done: i64,
    pub partly: i64,
    pub not: i64,
    pub open: i64,
}

/// The self-assessment of each person of the units under `pattern` registered in campaign
/// `campaign_id`, by person.
pub async fn assessed(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    pattern: &str,
) -> Result<Vec<(i64, Assessed)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT r.person_id AS "person_id!",
                  count(*) FILTER (WHERE c.final_result = 'done') AS "done!",
                  count(*) FILTER (WHERE c.final_result = 'partly') AS "partly!",
                  count(*) FILTER (WHERE c.final_result = 'not') AS "not!",
                  count(*) FILTER (WHERE c.final_result IS NULL) AS "open!"
           FROM registrations r
           JOIN registration_commitments c ON c.registration_id = r.id
           JOIN people p ON p.id = r.person_id
           JOIN units u ON u.id = p.unit_id
           WHERE r.campaign_id = $1 AND u.path LIKE $2
             AND r.status IN ('submitted', 'returned', 'confirmed')
           GROUP BY r.person_id"#,
        campaign_id,
        pattern
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let a = Assessed {
                done: r.done,
                partly: r.partly,
                not: r.not,
                open: r.open,
            };
            (r.person_id, a)
        })
        .collect())
}
