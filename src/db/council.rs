//! The council (Hội đồng thi đua khen thưởng) of an issuing unit for a year: its seats, each a user
//! account in a capacity from a date until the date it ended. Seats are ended, never edited, so the
//! composition on any day reads back.

use crate::domain::cash::Rounding;
use chrono::NaiveDate;
use sqlx::PgExecutor;

/// The capacities of a seat, in the order a council is listed.
pub const CAPACITIES: [&str; 4] = ["chair", "vice_chair", "secretary", "member"];

#[derive(Clone, Debug)]
pub struct Seat {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    /// the person's full name (the account's display name when it has no person)
    pub name: String,
    pub unit_name: Option<String>,
    pub capacity: String,
    pub from_date: NaiveDate,
    pub to_date: Option<NaiveDate>,
}

/// The seats of the council of unit `unit_id` for `year`: the open ones by capacity and given name,
/// then those ended, the latest first.
pub async fn seats(
    db: impl PgExecutor<'_>,
    unit_id: i64,
    year: i32,
) -> Result<Vec<Seat>, sqlx::Error> {
    sqlx::query_as!(
        Seat,
        r#"SELECT s.id, s.user_id, u.username, coalesce(p.full_name::text, u.display_name) AS "name!",
                  un.name::text AS "unit_name?", s.capacity, s.from_date, s.to_date
           FROM council_seats s
           JOIN users u ON u.id = s.user_id
           LEFT JOIN people p ON p.id = u.person_id
           LEFT JOIN units un ON un.id = p.unit_id
           WHERE s.unit_id = $1 AND s.year = $2
           ORDER BY s.to_date IS NOT NULL, s.to_date DESC,
                    array_position(ARRAY['chair', 'vice_chair', 'secretary', 'member'], s.capacity),
                    p.given_name, p.full_name, s.id"#,
        unit_id,
        year
    )
    .fetch_all(db)
    .await
}

/// The accounts that may sit in the council of the unit at `issuer_path`: active accounts of the
/// active people of its subtree, (user id, full name, unit name), by given name.
pub async fn candidates(
    db: impl PgExecutor<'_>,
    issuer_path: &str,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"SELECT u.id, p.full_name::text AS "full_name!", un.name::text AS "unit_name!"
           FROM users u
           JOIN people p ON p.id = u.person_id
           JOIN units un ON un.id = p.unit_id
           WHERE u.active AND p.active AND un.path LIKE $1 || '%'
           ORDER BY p.given_name, p.full_name, u.id"#,
        issuer_path
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.id, r.full_name, r.unit_name))
        .collect())
}

/// What adding a seat did.
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    Seat(i64),
    /// the person already holds an open seat in this council
    Sits,
    /// the council has a chair (or a secretary) already
    Held,
}

/// A seat to add: who, in which capacity, from when.
pub struct NewSeat<'a> {
    pub unit_id: i64,
    pub year: i32,
    pub user_id: i64,
    pub capacity: &'a str,
    pub from_date: NaiveDate,
}

/// Adds a seat unless the person already sits or the chair or secretary is held (the unique
/// indexes decide, so two changes at once cannot both pass).
pub async fn add(
    tx: &mut super::Tx<'_>,
    s: &NewSeat<'_>,
    by_user: i64,
) -> Result<Added, sqlx::Error> {
    let id = sqlx::query_scalar!(
        "INSERT INTO council_seats (unit_id, year, user_id, capacity, from_date, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
        s.unit_id,
        s.year,
        s.user_id,
        s.capacity,
        s.from_date,
        by_user
    )
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(id) = id {
        return Ok(Added::Seat(id));
    }
    let sits = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM council_seats WHERE unit_id = $1 AND year = $2
                          AND user_id = $3 AND to_date IS NULL) AS "sits!""#,
        s.unit_id,
        s.year,
        s.user_id
    )
    .fetch_one(&mut **tx)
    .await?;
    Ok(if sits { Added::Sits } else { Added::Held })
}

/// Ends open seat `id` of `council` on `to_date` (not before it began). The seat as it was, or
/// `None` when there is no such open seat.
pub async fn end(
    db: impl PgExecutor<'_>,
    council: super::keys::IssuerYear,
    id: i64,
    to_date: NaiveDate,
    by_user: i64,
) -> Result<Option<(i64, String, NaiveDate)>, sqlx::Error> {
    let row = sqlx::query!(
        "UPDATE council_seats SET to_date = $4, ended_by = $5, ended_at = now()
         WHERE id = $3 AND unit_id = $1 AND year = $2 AND to_date IS NULL AND from_date <= $4
         RETURNING user_id, capacity, from_date",
        council.issuer,
        council.year,
        id,
        to_date,
        by_user
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.user_id, r.capacity, r.from_date)))
}

/// How the council votes on a title of a rule set, with where the rule comes from.
pub struct VoteRuleRow {
    pub id: i64,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub ballot: String,
    pub share: i32,
    pub base: String,
    pub strict: bool,
    pub source: String,
}

impl VoteRuleRow {
    /// The rule alone, as it is set.
    pub fn rule(&self) -> NewVoteRule {
        NewVoteRule {
            title_id: self.id,
            ballot: self.ballot.clone(),
            share: self.share,
            base: self.base.clone(),
            strict: self.strict,
            source: self.source.clone(),
        }
    }
}

/// The vote rule of each title of rule set `id`, in the titles' order.
pub async fn vote_rules(db: impl PgExecutor<'_>, id: i64) -> Result<Vec<VoteRuleRow>, sqlx::Error> {
    sqlx::query_as!(
        VoteRuleRow,
        r#"SELECT id, code, name_vi, name_en, council_ballot AS ballot, council_share AS share,
                  council_base AS base, council_strict AS strict, council_source AS source
           FROM titles WHERE rule_set_id = $1 ORDER BY position, id"#,
        id
    )
    .fetch_all(db)
    .await
}

/// The quorum of a council meeting under rule set `id` (hundredths of a per cent, "more than"), and
/// the rule set's version.
pub async fn quorum(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<Option<(i32, bool, i32)>, sqlx::Error> {
    let row = sqlx::query!(
        "SELECT council_quorum, council_quorum_strict, version FROM rule_sets WHERE id = $1",
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.council_quorum, r.council_quorum_strict, r.version)))
}

/// A title's vote rule as an administrator sets it (and as the audit log keeps it).
#[derive(serde::Serialize)]
pub struct NewVoteRule {
    pub title_id: i64,
    pub ballot: String,
    pub share: i32,
    pub base: String,
    pub strict: bool,
    pub source: String,
}

/// Sets the vote rules of rule set `id`'s titles and its quorum, in one statement each.
pub async fn set_vote_rules(
    tx: &mut super::Tx<'_>,
    id: i64,
    rules: &[NewVoteRule],
    (quorum, strict): (i32, bool),
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE titles t SET council_ballot = x.b, council_share = x.s, council_base = x.o,
                council_strict = x.st, council_source = x.src
         FROM UNNEST($2::int8[], $3::text[], $4::int4[], $5::text[], $6::bool[], $7::text[])
              AS x(t, b, s, o, st, src)
         WHERE t.id = x.t AND t.rule_set_id = $1",
        id,
        &rules.iter().map(|r| r.title_id).collect::<Vec<_>>(),
        &rules.iter().map(|r| r.ballot.clone()).collect::<Vec<_>>(),
        &rules.iter().map(|r| r.share).collect::<Vec<_>>(),
        &rules.iter().map(|r| r.base.clone()).collect::<Vec<_>>(),
        &rules.iter().map(|r| r.strict).collect::<Vec<_>>(),
        &rules.iter().map(|r| r.source.clone()).collect::<Vec<_>>(),
    )
    .execute(&mut **tx)
    .await?;
    sqlx::query!(
        "UPDATE rule_sets SET council_quorum = $2, council_quorum_strict = $3 WHERE id = $1",
        id,
        quorum,
        strict
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The working days of public notice per level (grassroots, province, state) and the legal bases a
/// decision cites, under rule set `id`.
pub async fn notice_and_bases(
    db: impl PgExecutor<'_>,
    id: i64,
) -> Result<([i32; 3], String), sqlx::Error> {
    let r = sqlx::query!(
        "SELECT notice_days_grassroots, notice_days_province, notice_days_state, decision_bases
         FROM rule_sets WHERE id = $1",
        id
    )
    .fetch_one(db)
    .await?;
    Ok((
        [
            r.notice_days_grassroots,
            r.notice_days_province,
            r.notice_days_state,
        ],
        r.decision_bases,
    ))
}

/// How rule set `id` rounds cash awards.
pub async fn cash_rounding(db: impl PgExecutor<'_>, id: i64) -> Result<Rounding, sqlx::Error> {
    let r = sqlx::query!(
        "SELECT cash_round_to, cash_round_up FROM rule_sets WHERE id = $1",
        id
    )
    .fetch_one(db)
    .await?;
    Ok(Rounding {
        to: i64::from(r.cash_round_to),
        up: r.cash_round_up,
    })
}

/// Sets the notice periods, the legal bases and the cash rounding.
pub async fn set_notice_and_bases(
    tx: &mut super::Tx<'_>,
    id: i64,
    (days, bases): ([i32; 3], &str),
    rounding: Rounding,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE rule_sets SET notice_days_grassroots = $2, notice_days_province = $3,
                notice_days_state = $4, decision_bases = $5, cash_round_to = $6, cash_round_up = $7
         WHERE id = $1",
        id,
        days[0],
        days[1],
        days[2],
        bases,
        rounding.to as i32,
        rounding.up
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
