//! The demo organisation's bulk rows: set-based inserts that give the 2022 campaign its
//! registrations and the four years of facts before it (deterministic by id, so 10,000 people take
//! a few hundred milliseconds). Called by `demo::seed` inside its transaction.

use crate::db::Tx;
use sqlx::PgExecutor;

/// True when the organisation has any unit (the demo is loaded into an empty database only).
pub async fn has_units(db: impl PgExecutor<'_>) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM units) AS "x!""#)
        .fetch_one(db)
        .await
}

/// Serialises seeding: two instances started with --demo at once seed only once.
pub async fn lock(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!("SELECT pg_advisory_xact_lock(2022)")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The environment division's history: a sub-department until 2021, renamed in 2022.
pub async fn environment_history(tx: &mut Tx<'_>, mt: i64, root: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO unit_history (unit_id, code, name, kind, parent_id, valid_from, valid_to, change)
         VALUES ($1, 'CCBVMT', 'Chi cục Bảo vệ môi trường', 'division', $2, '2008-07-01', '2021-12-31', 'rename')",
        mt,
        root
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE units SET valid_from = '2022-01-01' WHERE id = $1",
        mt
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Registrations for campaign `id` (rule set `rule_set`) for most people without a demo account:
/// a tenth each missing, drafting, returned (by `head`); two tenths awaiting confirmation; the rest
/// confirmed; two commitments each, an initiative for those aiming at CSTĐCS; and the units'
/// collective registrations, four in five sent.
pub async fn registrations(
    tx: &mut Tx<'_>,
    id: i64,
    rule_set: i64,
    head: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"WITH t AS (SELECT code, id FROM titles WHERE rule_set_id = $2)
           INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at,
                                      reviewed_by, reviewed_at, review_comment)
           SELECT $1, p.id, p.unit_id,
                  CASE WHEN p.id % 7 = 0 THEN (SELECT id FROM t WHERE code = 'CSTDCS')
                       ELSE (SELECT id FROM t WHERE code = 'LDTT') END,
                  CASE p.id % 10 WHEN 3 THEN 'draft' WHEN 4 THEN 'submitted' WHEN 5 THEN 'submitted'
                                 WHEN 6 THEN 'returned' ELSE 'confirmed' END,
                  CASE WHEN p.id % 10 = 3 THEN NULL ELSE now() - interval '3 days' END,
                  CASE WHEN p.id % 10 IN (6, 7, 8, 9) THEN $3::int8 END,
                  CASE WHEN p.id % 10 IN (6, 7, 8, 9) THEN now() - interval '1 day' END,
                  CASE WHEN p.id % 10 = 6 THEN 'Đề nghị ghi cụ thể chỉ tiêu về chuyển đổi số của năm.' ELSE '' END
           FROM people p
           WHERE p.active AND p.id % 10 NOT IN (0, 1, 2)
             AND NOT EXISTS (SELECT 1 FROM users a WHERE a.person_id = p.id)"#,
        id,
        rule_set,
        head
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO registration_commitments (registration_id, position, target, measure, progress, progress_at)
           SELECT r.id, c.pos, c.target, c.measure, p.progress, CASE WHEN p.progress IS NOT NULL THEN now() - interval '2 days' END
           FROM registrations r
           CROSS JOIN (VALUES
             (1, '100% hồ sơ, nhiệm vụ được giao hoàn thành đúng hạn', 'Tỷ lệ hồ sơ giải quyết đúng hạn'),
             (2, 'Tham gia ít nhất 01 khóa bồi dưỡng chuyên môn, nghiệp vụ', 'Giấy chứng nhận hoàn thành khóa học')
           ) AS c(pos, target, measure)
           -- the mid-year review: most who sent their registration reported some progress
           CROSS JOIN LATERAL (SELECT CASE WHEN r.status IN ('submitted', 'confirmed', 'returned') THEN
                 CASE c.pos WHEN 1 THEN (ARRAY[100, 80, 60, 45, NULL])[1 + (r.id % 5)::int]
                            ELSE (ARRAY[NULL, 100, 50])[1 + (r.id % 3)::int] END END AS progress) p
           WHERE r.campaign_id = $1"#,
        id
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO registered_initiatives (registration_id, position, title, field, expected_benefit)
           SELECT r.id, 1,
                  (ARRAY['Số hóa hồ sơ địa chính phục vụ tra cứu trực tuyến',
                         'Ứng dụng GIS theo dõi biến động đất đai',
                         'Quy trình một cửa điện tử cho thủ tục môi trường',
                         'Cơ sở dữ liệu quan trắc môi trường tự động'])[1 + (r.id % 4)::int],
                  (ARRAY['Chuyển đổi số', 'Đất đai', 'Cải cách hành chính', 'Môi trường'])[1 + (r.id % 4)::int],
                  'Rút ngắn thời gian giải quyết hồ sơ, giảm chi phí cho người dân'
           FROM registrations r JOIN titles t ON t.id = r.title_id
           WHERE r.campaign_id = $1 AND t.code = 'CSTDCS'"#,
        id
    )
    .execute(&mut **tx)
    .await?;
    // the units' collective registrations (aiming for Tập thể lao động tiên tiến), four in five sent
    sqlx::query!(
        r#"INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
           SELECT $1, NULL, u.id, (SELECT id FROM titles WHERE rule_set_id = $2 AND code = 'TTLDTT'),
                  CASE WHEN u.id % 3 = 0 THEN 'confirmed' ELSE 'submitted' END, now() - interval '2 days'
           FROM units u
           WHERE u.parent_id IS NOT NULL AND u.id % 5 <> 0
             -- the demo heads' own units start from nothing, as their journeys do
             AND u.code NOT IN ('QLDD', 'TTRA')
             AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)"#,
        id,
        rule_set
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ratings 2018–2022 of people and units: mostly good, a fifth excellent, a few below; the groups
/// that later earn titles excellent; one in 25 without a 2022 rating yet.
pub async fn ratings(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    // ratings 2018–2022: mostly good, a fifth excellent, a few below; the groups that later earn
    // titles are excellent; one in 25 has no 2022 rating yet (it comes at year end)
    sqlx::query!(
        r#"INSERT INTO ratings (year, person_id, rating, source)
           SELECT y, p.id,
                  CASE WHEN p.id % 48 IN (0, 24) OR (p.id % 20 = 0 AND y >= 2021) THEN 'HTXSNV'
                       WHEN (p.id * 7 + y * 13) % 20 < 3 THEN 'HTXSNV'
                       WHEN (p.id * 7 + y * 13) % 20 < 18 THEN 'HTTNV'
                       WHEN (p.id * 7 + y * 13) % 20 = 18 THEN 'HTNV'
                       ELSE 'KHTNV' END,
                  'import'
           FROM people p CROSS JOIN generate_series(2018, 2022) AS y
           WHERE p.active AND NOT (y = 2022 AND p.id % 25 = 0)"#
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO ratings (year, unit_id, rating, source)
           SELECT y, u.id, CASE WHEN u.id % 4 = 0 THEN 'HTXSNV' ELSE 'HTTNV' END, 'import'
           FROM units u CROSS JOIN generate_series(2018, 2022) AS y
           WHERE u.parent_id IS NOT NULL"#
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Initiatives recognised by the initiative councils, each with the person it was made for as
/// author.
pub async fn initiatives(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    // initiatives recognised by the initiative councils, each with the person it was made for as
    // author (ids drawn first, so that the recognition and its author are written together)
    sqlx::query!(
        r#"WITH src AS MATERIALIZED (
             SELECT nextval('initiative_recognitions_id_seq') AS rid, p.id AS pid, k.level, k.decided_on, k.no
             FROM people p
             JOIN (VALUES ('grassroots', DATE '2022-11-15', '412'),
                          ('grassroots', DATE '2021-11-12', '398'),
                          ('province', DATE '2021-10-20', '')) AS k(level, decided_on, no)
               -- this year's: a tenth, and the two groups with CSTĐCS streaks; last year's: a
               -- twentieth (two in two years); provincial: the most decorated group
               ON CASE k.decided_on WHEN DATE '2022-11-15' THEN p.id % 10 = 0 OR p.id % 48 IN (0, 24)
                                    WHEN DATE '2021-11-12' THEN p.id % 20 = 0
                                    ELSE p.id % 48 = 0 END
             WHERE p.active),
           ins AS (
             INSERT INTO initiative_recognitions (id, title, field, level, decided_on, decision_no, council)
             SELECT rid,
                    (ARRAY['Số hóa hồ sơ địa chính phục vụ tra cứu trực tuyến',
                           'Ứng dụng GIS theo dõi biến động đất đai',
                           'Quy trình một cửa điện tử cho thủ tục môi trường',
                           'Cơ sở dữ liệu quan trắc môi trường tự động'])[1 + ((pid + extract(year FROM decided_on)::int8) % 4)::int]
                      || CASE WHEN level = 'province' THEN ' (nhân rộng toàn tỉnh)' ELSE '' END,
                    (ARRAY['Chuyển đổi số', 'Đất đai', 'Cải cách hành chính', 'Môi trường'])[1 + ((pid + extract(year FROM decided_on)::int8) % 4)::int],
                    level, decided_on,
                    CASE WHEN level = 'province' THEN '2150/QĐ-UBND' ELSE no || '/QĐ-STNMT' END,
                    CASE WHEN level = 'province' THEN 'Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng'
                         ELSE 'Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng' END
             FROM src)
           INSERT INTO initiative_authors (recognition_id, person_id) SELECT rid, pid FROM src"#
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Award history 2018–2021 (LĐTT for a good year, CSTĐCS streaks for some, a provincial
/// certificate in 2018 for the most decorated, the units' collective titles), a reprimand in 2022
/// in a hundred people and an open inspection in a hundred and thirty.
pub async fn awards_and_discipline(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    // award history 2018–2021: LĐTT for a good year; CSTĐCS streaks for some; a provincial
    // certificate in 2018 for the most decorated; the units' collective titles
    sqlx::query!(
        r#"INSERT INTO award_history (year, person_id, title_code, title_name, decision_no, decided_on, issuer)
           SELECT g.year, g.person_id, t.code, t.name, t.no || '/QĐ-STNMT', make_date(g.year, 12, 28),
                  'Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng'
           FROM ratings g
           CROSS JOIN (VALUES ('LDTT', 'Lao động tiên tiến', '1190'),
                              ('CSTDCS', 'Chiến sĩ thi đua cơ sở', '1191')) AS t(code, name, no)
           WHERE g.person_id IS NOT NULL AND g.year BETWEEN 2018 AND 2021
             AND (t.code = 'LDTT' AND g.rating IN ('HTXSNV', 'HTTNV')
                  OR t.code = 'CSTDCS' AND (g.person_id % 48 IN (0, 24) AND g.year >= 2019
                                            OR g.rating = 'HTXSNV' AND g.person_id % 3 = 0 AND g.year >= 2020))"#
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO award_history (year, person_id, title_code, title_name, decision_no, decided_on, issuer)
           SELECT 2018, p.id, 'BK_TINH', 'Bằng khen của Chủ tịch UBND tỉnh', '2876/QĐ-UBND', DATE '2018-12-20',
                  'Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng'
           FROM people p WHERE p.active AND p.id % 48 = 0"#
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO award_history (year, unit_id, title_code, title_name, decision_no, decided_on, issuer)
           SELECT g.year, g.unit_id, 'TTLDTT', 'Tập thể lao động tiên tiến', '1192/QĐ-STNMT',
                  make_date(g.year, 12, 28), 'Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng'
           FROM ratings g WHERE g.unit_id IS NOT NULL AND g.year BETWEEN 2018 AND 2021"#
    )
    .execute(&mut **tx)
    .await?;
    // one reprimand in 2022 in a hundred people, an open inspection in a hundred and thirty
    sqlx::query!(
        r#"INSERT INTO disciplines (person_id, level, decided_on, decision_no, reason)
           SELECT p.id, 'REPRIMAND', DATE '2022-06-15', '35/QĐ-STNMT', 'Chậm giải quyết hồ sơ quá hạn nhiều lần'
           FROM people p WHERE p.active AND p.id % 97 = 0"#
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO review_flags (person_id, kind, opened_on, note)
           SELECT p.id, 'inspection', DATE '2022-10-01', 'Thanh tra việc cấp giấy chứng nhận quyền sử dụng đất'
           FROM people p WHERE p.active AND p.id % 131 = 0"#
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// People whose answers a general principle changes, each explained on their eligibility page
/// (picked by rank among the two most decorated groups, so the same people every time):
/// - the first of group 0 was reprimanded from 05/2019 to 05/2020: the three CSTĐCS years of
///   Chiến sĩ thi đua cấp tỉnh count only from 2021 (after discipline);
/// - the first of group 24 received a Bằng khen of the province in 2021 for the years 2020–2021:
///   those years cannot earn another in 2022 (one achievement, one award);
/// - the second of group 24 holds a *thematic* Bằng khen of 2015, the third an annual one, both
///   with five years HTXSNV and five initiatives since: only the annual one opens the Prime
///   Minister's Bằng khen (thematic awards are no basis for annual merit awards).
pub async fn principle_cases(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"WITH g AS (SELECT p.id, p.id % 48 AS grp, row_number() OVER (PARTITION BY p.id % 48 ORDER BY p.id) AS n
                      FROM people p WHERE p.active AND p.id % 48 IN (0, 24))
           INSERT INTO disciplines (person_id, level, decided_on, effective_until, decision_no, reason)
           SELECT id, 'REPRIMAND', DATE '2019-05-02', DATE '2020-05-01', '21/QĐ-STNMT',
                  'Vi phạm quy định về thời hạn giải quyết thủ tục hành chính'
           FROM g WHERE grp = 0 AND n = 1"#
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"WITH g AS (SELECT p.id, row_number() OVER (ORDER BY p.id) AS n
                      FROM people p WHERE p.active AND p.id % 48 = 24)
           INSERT INTO award_history (year, person_id, title_code, title_name, decision_no, decided_on, issuer, kind, source)
           SELECT v.year, g.id, 'BK_TINH', 'Bằng khen của Chủ tịch UBND tỉnh', v.no, v.on_day,
                  'Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng', v.kind, 'entry'
           FROM g JOIN (VALUES (1, 2021, '3012/QĐ-UBND', DATE '2021-12-22', 'annual'),
                               (2, 2015, '1450/QĐ-UBND', DATE '2015-08-19', 'thematic'),
                               (3, 2015, '2877/QĐ-UBND', DATE '2015-12-20', 'annual'))
                    AS v(n, year, no, on_day, kind) ON v.n = g.n"#
    )
    .execute(&mut **tx)
    .await?;
    // five years HTXSNV (the group is rated so) and five grassroots initiatives, 2018–2022
    sqlx::query!(
        r#"WITH g AS (SELECT p.id, row_number() OVER (ORDER BY p.id) AS n
                      FROM people p WHERE p.active AND p.id % 48 = 24),
           src AS MATERIALIZED (
             SELECT nextval('initiative_recognitions_id_seq') AS rid, g.id AS pid, y
             FROM g CROSS JOIN generate_series(2018, 2021) AS y WHERE g.n IN (2, 3)),
           ins AS (
             INSERT INTO initiative_recognitions (id, title, field, level, decided_on, achievement_year, decision_no, council)
             SELECT rid, 'Cải tiến quy trình thẩm định hồ sơ năm ' || y, 'Cải cách hành chính', 'grassroots',
                    make_date(y + 1, 1, 12), y, (400 + y - 2000) || '/QĐ-STNMT',
                    'Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng'
             FROM src)
           INSERT INTO initiative_authors (recognition_id, person_id) SELECT rid, pid FROM src"#
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Two emulation groups: the bloc of the Department's divisions and centres, ranked for 2021 and
/// 2022 (the excellent-rated first: the leader meets the Cờ thi đua), and the cluster of the
/// district offices, whose 2022 ranking is not entered yet (the flag waits for it).
pub async fn clusters(tx: &mut Tx<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"WITH root AS (SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1),
           c AS (INSERT INTO emulation_clusters (kind, code, name, organiser, owner_unit_id)
                 SELECT v.kind, v.code, v.name, 'Sở Tài nguyên và Môi trường', root.id
                 FROM root, (VALUES ('bloc', 'KHOI_SO', 'Khối các phòng, đơn vị thuộc Sở'),
                                    ('cluster', 'CUM_HUYEN', 'Cụm các Phòng Tài nguyên và Môi trường cấp huyện'))
                      AS v(kind, code, name)
                 RETURNING id, code)
           INSERT INTO cluster_members (cluster_id, unit_id)
           SELECT c.id, u.id FROM c JOIN units u ON u.depth = 1
            AND (c.code = 'CUM_HUYEN') = (u.code LIKE 'PTNMT-%')"#
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO cluster_rankings (cluster_id, year, unit_id, rank, leader)
           SELECT m.cluster_id, y, m.unit_id, r.rank::int, r.rank = 1
           FROM emulation_clusters c
           JOIN cluster_members m ON m.cluster_id = c.id
           CROSS JOIN generate_series(2021, 2022) AS y
           CROSS JOIN LATERAL (
             SELECT count(*) + 1 AS rank FROM cluster_members o
             JOIN ratings go ON go.unit_id = o.unit_id AND go.year = y
             LEFT JOIN ratings gm ON gm.unit_id = m.unit_id AND gm.year = y
             WHERE o.cluster_id = c.id AND o.unit_id <> m.unit_id
               AND ((go.rating = 'HTXSNV') > (gm.rating IS NOT DISTINCT FROM 'HTXSNV')
                    OR ((go.rating = 'HTXSNV') = (gm.rating IS NOT DISTINCT FROM 'HTXSNV') AND o.unit_id < m.unit_id))) r
           WHERE c.code = 'KHOI_SO'"#
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Fresh statistics for the tables the demo filled (the people list's plans depend on them). Only
/// the tables' owner may: a restricted application role gets an error and leaves it to autovacuum.
pub async fn analyze(db: impl PgExecutor<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "ANALYZE units, people, users, user_roles, registrations, registration_commitments, ratings, award_history, initiative_authors",
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The accepted lines of campaign `campaign_id` from the unit with code `unit_code` (any unit when
/// none): (line, whether about a person), in the proposal's order.
pub async fn accepted_lines_of(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_code: Option<&str>,
) -> Result<Vec<(i64, bool)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT l.id, (l.person_id IS NOT NULL) AS "person!"
           FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id JOIN units u ON u.id = p.unit_id
           WHERE p.campaign_id = $1 AND ($2::text IS NULL OR u.code = $2) AND l.status = 'accepted'
           ORDER BY u.path, l.position, l.id"#,
        campaign_id,
        unit_code
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.person)).collect())
}

/// The demo's candidate for a higher award: (proposal, person) of the `unit_code` person whose
/// line passed the council of campaign `campaign_id` and who holds the most awards in the registry.
pub async fn higher_award_candidate(
    db: impl PgExecutor<'_>,
    campaign_id: i64,
    unit_code: &str,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let r = sqlx::query!(
        r#"SELECT p.id AS proposal_id, l.person_id AS "person_id!"
           FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id
           JOIN units u ON u.id = p.unit_id
           JOIN council_agenda a ON a.line_id = l.id
           WHERE p.campaign_id = $1 AND u.code = $2 AND a.result = 'passed' AND l.person_id IS NOT NULL
           ORDER BY (SELECT count(*) FROM award_history h WHERE h.person_id = l.person_id) DESC, l.id
           LIMIT 1"#,
        campaign_id,
        unit_code
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| (r.proposal_id, r.person_id)))
}

/// The demo's campaign (the first one) and the ids of its accounts by username.
pub async fn campaign_and_accounts(
    db: &mut sqlx::PgConnection,
) -> Result<(Option<i64>, Vec<(String, i64)>), sqlx::Error> {
    let campaign = sqlx::query_scalar!("SELECT min(id) FROM campaigns")
        .fetch_one(&mut *db)
        .await?;
    let accounts = sqlx::query!("SELECT username, id FROM users ORDER BY id")
        .fetch_all(&mut *db)
        .await?;
    Ok((
        campaign,
        accounts.into_iter().map(|r| (r.username, r.id)).collect(),
    ))
}

/// The demo Department prints a certificate of recognition for the base titles too (Lao động tiên
/// tiến, Tập thể lao động tiên tiến) in campaign `campaign_id`'s rule set, as many Departments
/// do although the law does not require one; returns the codes changed.
pub async fn print_base_title_certificates(
    tx: &mut Tx<'_>,
    campaign_id: i64,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        "UPDATE titles t SET certificate = 'recognition'
         FROM campaigns c
         WHERE c.id = $1 AND t.rule_set_id = c.rule_set_id
           AND t.code IN ('LDTT', 'TTLDTT') AND t.certificate = 'none'
         RETURNING t.code",
        campaign_id
    )
    .fetch_all(&mut **tx)
    .await
}

/// The years after the demo's 2022 up to `to`: every active person's and unit's ratings (the 2022
/// ones still missing too, the year being closed) drawn as `ratings` draws them, and Lao động tiên
/// tiến for those who completed their tasks well or better, decided on 28/12 of each year.
pub async fn later_years(tx: &mut Tx<'_>, to: i32) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"INSERT INTO ratings (year, person_id, rating, source)
           SELECT y, p.id,
                  CASE WHEN p.id % 48 IN (0, 24) OR p.id % 20 = 0 THEN 'HTXSNV'
                       WHEN (p.id * 7 + y * 13) % 20 < 3 THEN 'HTXSNV'
                       WHEN (p.id * 7 + y * 13) % 20 < 18 THEN 'HTTNV'
                       WHEN (p.id * 7 + y * 13) % 20 = 18 THEN 'HTNV'
                       ELSE 'KHTNV' END,
                  'import'
           FROM people p CROSS JOIN generate_series(2022, $1::int) AS y
           WHERE p.active
           ON CONFLICT (person_id, year) WHERE person_id IS NOT NULL DO NOTHING"#,
        to
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO ratings (year, unit_id, rating, source)
           SELECT y, u.id, CASE WHEN (u.id + y) % 4 = 0 THEN 'HTXSNV' ELSE 'HTTNV' END, 'import'
           FROM units u CROSS JOIN generate_series(2023, $1::int) AS y
           WHERE u.parent_id IS NOT NULL
           ON CONFLICT (unit_id, year) WHERE unit_id IS NOT NULL DO NOTHING"#,
        to
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        r#"INSERT INTO award_history (year, person_id, title_code, title_name, decision_no, decided_on, issuer)
           SELECT g.year, g.person_id, 'LDTT', 'Lao động tiên tiến', (1200 + g.year - 2022) || '/QĐ-STNMT',
                  make_date(g.year, 12, 28), 'Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng'
           FROM ratings g
           WHERE g.person_id IS NOT NULL AND g.year BETWEEN 2023 AND $1::int
             AND g.rating IN ('HTXSNV', 'HTTNV')
           ON CONFLICT (person_id, year, title_code) WHERE person_id IS NOT NULL DO NOTHING"#,
        to
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
