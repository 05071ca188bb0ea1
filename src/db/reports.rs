//! What an achievement report is pre-filled from: the person or unit, the year's commitments,
//! ratings, recognised initiatives and earlier awards.

use crate::domain::dates::fmt_date;
use crate::domain::report::Sources;

/// The report's opening lines: the person's (name, birth date, gender, unit, position) or the
/// unit's name, with the lines the author fills in.
async fn profile(
    db: &super::Pool,
    person: Option<i64>,
    unit_id: i64,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    Ok(match person {
        Some(p) => {
            if let Some(r) = sqlx::query!(
                r#"SELECT pe.full_name::text AS "name!", pe.birth_date, pe.gender, pe.position,
                          u.name::text AS "unit!"
                   FROM people pe JOIN units u ON u.id = pe.unit_id WHERE pe.id = $1"#,
                p
            )
            .fetch_optional(db)
            .await?
            {
                let position = r.position.filter(|p| !p.trim().is_empty());
                vec![
                    ("Họ và tên".into(), r.name),
                    (
                        "Sinh ngày".into(),
                        r.birth_date.map(fmt_date).unwrap_or_default(),
                    ),
                    (
                        "Giới tính".into(),
                        match r.gender.as_str() {
                            "female" => "Nữ",
                            "male" => "Nam",
                            _ => "Khác",
                        }
                        .into(),
                    ),
                    ("Quê quán".into(), String::new()),
                    ("Trú quán".into(), String::new()),
                    ("Đơn vị công tác".into(), r.unit),
                    // a leading post is the position (chức vụ); a grade is not
                    (
                        "Chức vụ (Đảng, chính quyền, đoàn thể)".into(),
                        position
                            .clone()
                            .filter(|p| crate::domain::person::is_leading_post(p))
                            .unwrap_or_default(),
                    ),
                    (
                        "Chức danh, ngạch".into(),
                        position
                            .filter(|p| !crate::domain::person::is_leading_post(p))
                            .unwrap_or_default(),
                    ),
                    ("Trình độ chuyên môn, nghiệp vụ".into(), String::new()),
                    (
                        "Học hàm, học vị, danh hiệu, giải thưởng".into(),
                        String::new(),
                    ),
                ]
            } else {
                Vec::new()
            }
        }
        None => {
            let name = sqlx::query_scalar!(
                r#"SELECT name::text AS "n!" FROM units WHERE id = $1"#,
                unit_id
            )
            .fetch_optional(db)
            .await?
            .unwrap_or_default();
            vec![
                ("Tên tập thể".into(), name),
                ("Địa chỉ, điện thoại".into(), String::new()),
                ("Quá trình thành lập".into(), String::new()),
                ("Cơ cấu tổ chức, số lượng người".into(), String::new()),
            ]
        }
    })
}

/// The sources of the report about person `person` (or, without one, unit `unit_id`) in campaign
/// `campaign_id`, the ratings and initiatives of the years `from..=to`.
pub async fn sources(
    db: &super::Pool,
    campaign_id: i64,
    person: Option<i64>,
    unit_id: i64,
    (from, to): (i32, i32),
) -> Result<Sources, sqlx::Error> {
    let mut s = Sources {
        profile: profile(db, person, unit_id).await?,
        ..Sources::default()
    };
    s.commitments = sqlx::query!(
        r#"SELECT c.target, c.measure, c.progress, c.progress_note
           FROM registration_commitments c JOIN registrations r ON r.id = c.registration_id
           WHERE r.campaign_id = $1 AND r.person_id IS NOT DISTINCT FROM $2
             AND ($2::int8 IS NOT NULL OR r.unit_id = $3) AND r.status <> 'withdrawn'
           ORDER BY c.position"#,
        campaign_id,
        person,
        unit_id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.target, r.measure, r.progress, r.progress_note))
    .collect();
    s.ratings = sqlx::query!(
        "SELECT year, rating FROM ratings
         WHERE (person_id = $1 OR ($1::int8 IS NULL AND unit_id = $2)) AND year BETWEEN $3 AND $4
         ORDER BY year",
        person,
        unit_id,
        from,
        to
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| (r.year, r.rating))
    .collect();
    if let Some(p) = person {
        s.initiatives = sqlx::query!(
            "SELECT i.title, i.level, i.decision_no, i.decided_on, i.council
             FROM initiative_recognitions i JOIN initiative_authors a ON a.recognition_id = i.id
             WHERE a.person_id = $1 AND coalesce(i.achievement_year, extract(year FROM i.decided_on)::int) BETWEEN $2 AND $3
             ORDER BY i.decided_on",
            p,
            from,
            to
        )
        .fetch_all(db)
        .await?
        .into_iter()
        .map(|r| {
            let level = match r.level.as_str() {
                "grassroots" => "cơ sở",
                "province" => "tỉnh",
                "ministry" => "bộ",
                _ => "toàn quốc",
            };
            (r.title, level.to_string(), r.decision_no, fmt_date(r.decided_on), r.council)
        })
        .collect();
    }
    s.awards = sqlx::query!(
        "SELECT year, coalesce(nullif(title_name, ''), title_code) AS \"award!\", decision_no, decided_on, issuer
         FROM award_history WHERE (person_id = $1 OR ($1::int8 IS NULL AND unit_id = $2))
         ORDER BY year, id",
        person,
        unit_id
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| {
        let decision = match (r.decision_no.is_empty(), r.decided_on) {
            (false, Some(d)) => format!("{} ngày {}", r.decision_no, fmt_date(d)),
            (false, None) => r.decision_no,
            (true, Some(d)) => fmt_date(d),
            (true, None) => String::new(),
        };
        (r.year, r.award, decision, r.issuer)
    })
    .collect();
    Ok(s)
}
