//! The facts import written set by set: a chunk of rows compared with what is stored, written and
//! audited in one statement each (the rows that change nothing are neither written nor audited), so
//! that 200,000 rows take seconds rather than a round trip each. The entries are the ones a single
//! save writes (`db::ratings::save`; an award: "create" or "update", entity "award", its id): same
//! action, entity, id, summary, before and after, with the unit path the audit trigger would give.

use crate::db::audit::Actor;
use crate::domain::facts_import::FactRow;

/// (written, unchanged) of a chunk.
pub type Counted = (i64, i64);

/// A chunk of good rating rows, each a person's or a unit's rating of a year (unique in the file).
pub async fn ratings(
    tx: &mut super::Tx<'_>,
    actor: &Actor,
    rows: &[&FactRow],
) -> Result<Counted, sqlx::Error> {
    let rows: Vec<&&FactRow> = rows.iter().filter(|r| r.rating.is_some()).collect();
    let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    let people: Vec<Option<i64>> = rows.iter().map(|r| r.person_id).collect();
    let units: Vec<Option<i64>> = rows.iter().map(|r| r.unit_id).collect();
    let ratings: Vec<String> = rows
        .iter()
        .map(|r| r.rating.clone().unwrap_or_default())
        .collect();
    let scores: Vec<Option<f64>> = rows.iter().map(|r| r.score).collect();
    lock_ratings(tx, &years, &people, &units).await?;
    let r = sqlx::query!(
        r#"WITH input AS (
               SELECT * FROM unnest($1::int4[], $2::int8[], $3::int8[], $4::text[], $5::float8[])
                 WITH ORDINALITY AS i(year, person_id, unit_id, rating, score, n)),
           cur AS (
               SELECT g.id, g.rating, g.score, g.note, g.version, i.n, i.year, i.person_id,
                      i.unit_id, i.rating AS new_rating, i.score::numeric(5, 2) AS new_score
               FROM input i JOIN ratings g ON g.person_id = i.person_id AND g.year = i.year
               UNION ALL
               SELECT g.id, g.rating, g.score, g.note, g.version, i.n, i.year, i.person_id,
                      i.unit_id, i.rating, i.score::numeric(5, 2)
               FROM input i JOIN ratings g ON g.unit_id = i.unit_id AND g.year = i.year),
           upd AS (
               UPDATE ratings g SET rating = c.new_rating, score = c.new_score, note = '',
                      source = 'import', entered_by = $6, updated_at = now(), version = g.version + 1
               FROM cur c
               WHERE g.id = c.id
                 AND NOT (c.rating = c.new_rating AND c.score IS NOT DISTINCT FROM c.new_score AND c.note = '')
               RETURNING c.year, c.person_id, c.unit_id, c.new_rating, c.new_score,
                         jsonb_build_object('rating', c.rating, 'score', c.score::float8,
                                            'note', c.note, 'version', c.version) AS before),
           ins AS (
               INSERT INTO ratings (year, person_id, unit_id, rating, score, note, source, entered_by)
               SELECT i.year, i.person_id, i.unit_id, i.rating, i.score::numeric(5, 2), '', 'import', $6
               FROM input i WHERE i.n NOT IN (SELECT n FROM cur)
               RETURNING year, person_id, unit_id, rating AS new_rating, score AS new_score,
                         NULL::jsonb AS before),
           written AS (SELECT * FROM upd UNION ALL SELECT * FROM ins),
           aud AS (
               INSERT INTO audit_log (actor_user_id, actor_username, action, entity, entity_id,
                                      summary, before, after, ip, unit_path)
               SELECT $6, $7, 'rate', 'rating', s.subject || ':' || w.year,
                      s.subject || ' ' || w.year || ': ' || w.new_rating, w.before,
                      jsonb_build_object('rating', w.new_rating, 'score', w.new_score::float8, 'note', ''),
                      $8, coalesce(pu.path, u.path)
               FROM written w
               CROSS JOIN LATERAL (SELECT CASE WHEN w.person_id IS NOT NULL
                                               THEN 'person:' || w.person_id
                                               ELSE 'unit:' || w.unit_id END AS subject) s
               LEFT JOIN people p ON p.id = w.person_id
               LEFT JOIN units pu ON pu.id = p.unit_id
               LEFT JOIN units u ON u.id = w.unit_id)
           SELECT (SELECT count(*) FROM written) AS "written!""#,
        &years,
        &people as &[Option<i64>],
        &units as &[Option<i64>],
        &ratings,
        &scores as &[Option<f64>],
        actor.user_id,
        actor.username,
        actor.ip
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((r.written, rows.len() as i64 - r.written))
}

/// A chunk of good award rows, each a person's or a unit's title of a year (unique in the file): a
/// new award inserted; a recorded one whose decision differs updated (an award the app issued by
/// its own decision is the app's and stays as it is); a file that says no kind keeps the recorded
/// one, and a new award is annual.
pub async fn awards(
    tx: &mut super::Tx<'_>,
    actor: &Actor,
    rows: &[&FactRow],
    job: i64,
) -> Result<Counted, sqlx::Error> {
    let col = |f: fn(&FactRow) -> String| rows.iter().map(|r| f(r)).collect::<Vec<String>>();
    let years: Vec<i32> = rows.iter().map(|r| r.year).collect();
    let people: Vec<Option<i64>> = rows.iter().map(|r| r.person_id).collect();
    let units: Vec<Option<i64>> = rows.iter().map(|r| r.unit_id).collect();
    let codes = col(|r| r.title_code.clone().unwrap_or_default());
    let names = col(|r| r.title_name.clone());
    let numbers = col(|r| r.decision_no.clone());
    let dates: Vec<Option<chrono::NaiveDate>> = rows.iter().map(|r| r.decided_on).collect();
    let issuers = col(|r| r.issuer.clone());
    let kinds = col(|r| r.award_kind.clone());
    lock_awards(tx, &years, (&people, &units), &codes).await?;
    let r = sqlx::query!(
        r#"WITH input AS (
               SELECT * FROM unnest($1::int4[], $2::int8[], $3::int8[], $4::text[], $5::text[],
                                    $6::text[], $7::date[], $8::text[], $9::text[])
                 WITH ORDINALITY AS i(year, person_id, unit_id, code, title_name, decision_no,
                                      decided_on, issuer, kind, n)),
           cur AS (
               SELECT h.id, h.decision_no, h.decided_on, h.issuer, h.kind, h.decision_id, i.n,
                      i.year, i.person_id, i.unit_id, i.code, i.decision_no AS new_no,
                      i.decided_on AS new_on, i.issuer AS new_issuer,
                      CASE WHEN i.kind = '' THEN h.kind ELSE i.kind END AS new_kind
               FROM input i JOIN award_history h
                 ON h.person_id = i.person_id AND h.year = i.year AND h.title_code = i.code
               UNION ALL
               SELECT h.id, h.decision_no, h.decided_on, h.issuer, h.kind, h.decision_id, i.n,
                      i.year, i.person_id, i.unit_id, i.code, i.decision_no, i.decided_on, i.issuer,
                      CASE WHEN i.kind = '' THEN h.kind ELSE i.kind END
               FROM input i JOIN award_history h
                 ON h.unit_id = i.unit_id AND h.year = i.year AND h.title_code = i.code),
           upd AS (
               UPDATE award_history h SET decision_no = c.new_no, decided_on = c.new_on,
                      issuer = c.new_issuer, kind = c.new_kind
               FROM cur c
               WHERE h.id = c.id AND c.decision_id IS NULL
                 AND NOT (c.decision_no = c.new_no AND c.decided_on IS NOT DISTINCT FROM c.new_on
                          AND c.issuer = c.new_issuer AND c.kind = c.new_kind)
               RETURNING 'update' AS action, h.id, c.year, c.person_id, c.unit_id, c.code,
                         c.new_no, c.new_on, c.new_issuer, c.new_kind,
                         jsonb_build_object('decision_no', c.decision_no, 'decided_on', c.decided_on,
                                            'issuer', c.issuer, 'kind', c.kind) AS before),
           ins AS (
               INSERT INTO award_history (year, person_id, unit_id, title_code, title_name,
                                          decision_no, decided_on, issuer, kind, source)
               SELECT i.year, i.person_id, i.unit_id, i.code, i.title_name, i.decision_no,
                      i.decided_on, i.issuer, CASE WHEN i.kind = '' THEN 'annual' ELSE i.kind END,
                      'import'
               FROM input i WHERE i.n NOT IN (SELECT n FROM cur)
               RETURNING 'create' AS action, id, year, person_id, unit_id, title_code, decision_no,
                         decided_on, issuer, kind, NULL::jsonb AS before),
           written AS (SELECT * FROM upd UNION ALL SELECT * FROM ins),
           aud AS (
               INSERT INTO audit_log (actor_user_id, actor_username, action, entity, entity_id,
                                      summary, before, after, ip, unit_path)
               SELECT $10, $11, w.action, 'award', w.id::text,
                      CASE WHEN w.person_id IS NOT NULL THEN 'person:' || w.person_id
                           ELSE 'unit:' || w.unit_id END || ' ' || w.year || ' ' || w.code,
                      w.before,
                      jsonb_build_object('year', w.year, 'title_code', w.code, 'decision_no', w.new_no,
                                         'decided_on', w.new_on, 'issuer', w.new_issuer,
                                         'kind', w.new_kind, 'import_job', $12::int8),
                      $13, coalesce(pu.path, u.path)
               FROM written w
               LEFT JOIN people p ON p.id = w.person_id
               LEFT JOIN units pu ON pu.id = p.unit_id
               LEFT JOIN units u ON u.id = w.unit_id)
           SELECT (SELECT count(*) FROM written) AS "written!""#,
        &years,
        &people as &[Option<i64>],
        &units as &[Option<i64>],
        &codes,
        &names,
        &numbers,
        &dates as &[Option<chrono::NaiveDate>],
        &issuers,
        &kinds,
        actor.user_id,
        actor.username,
        job,
        actor.ip
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok((r.written, rows.len() as i64 - r.written))
}

/// The stored ratings a chunk touches, locked before they are compared: people's, then units', each
/// in id order (two imports never deadlock), each by its own key (an OR of the two would read every
/// row of a year).
async fn lock_ratings(
    tx: &mut super::Tx<'_>,
    years: &[i32],
    people: &[Option<i64>],
    units: &[Option<i64>],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT g.id FROM ratings g
         JOIN unnest($1::int4[], $2::int8[]) AS i(year, person_id)
           ON g.person_id = i.person_id AND g.year = i.year
         ORDER BY g.id FOR UPDATE OF g",
        years,
        people as &[Option<i64>],
    )
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query!(
        "SELECT g.id FROM ratings g
         JOIN unnest($1::int4[], $2::int8[]) AS i(year, unit_id)
           ON g.unit_id = i.unit_id AND g.year = i.year
         ORDER BY g.id FOR UPDATE OF g",
        years,
        units as &[Option<i64>],
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(())
}

/// The stored awards a chunk touches, locked as the ratings are.
async fn lock_awards(
    tx: &mut super::Tx<'_>,
    years: &[i32],
    (people, units): (&[Option<i64>], &[Option<i64>]),
    codes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "SELECT h.id FROM award_history h
         JOIN unnest($1::int4[], $2::int8[], $3::text[]) AS i(year, person_id, code)
           ON h.person_id = i.person_id AND h.year = i.year AND h.title_code = i.code
         ORDER BY h.id FOR UPDATE OF h",
        years,
        people as &[Option<i64>],
        codes
    )
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query!(
        "SELECT h.id FROM award_history h
         JOIN unnest($1::int4[], $2::int8[], $3::text[]) AS i(year, unit_id, code)
           ON h.unit_id = i.unit_id AND h.year = i.year AND h.title_code = i.code
         ORDER BY h.id FOR UPDATE OF h",
        years,
        units as &[Option<i64>],
        codes
    )
    .fetch_all(&mut **tx)
    .await?;
    Ok(())
}
