//! The comparison with earlier years: generated awards over eight years in units of which two
//! later merge (one into the other, and that one into a unit that stays) agree, unit by unit and
//! year by year, with an oracle computed here from what was generated; after the merge (done
//! through the administrator's form) the merged units' past counts under the unit they ended in,
//! and the whole department's totals do not change. A registration of an earlier year's campaign
//! counts in its year. A unit head sees their subtree only; a bad measure is a 400.

use crate::common::*;
use reqwest::StatusCode;
use std::collections::HashMap;

const YEARS: std::ops::RangeInclusive<i32> = 2015..=2022;

/// A small deterministic generator (the same years every run, no dependency).
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// The workbook's unit sheet: per unit code, per year, (registered, proposed, awarded).
async fn sheet(
    app: &TestApp,
    c: &reqwest::Client,
    q: &str,
) -> HashMap<String, HashMap<i32, [i64; 3]>> {
    let r = c
        .get(app.url(&format!("/campaigns/1/trends.xlsx{q}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap();
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    use calamine::Reader;
    let range = wb.worksheet_range("Theo đơn vị").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let head = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Mã đơn vị"))
        .expect("a header row");
    let headers = &rows[head];
    let mut out = HashMap::new();
    for r in &rows[head + 1..] {
        let mut years: HashMap<i32, [i64; 3]> = HashMap::new();
        for (i, h) in headers.iter().enumerate().skip(2) {
            let (name, y) = h.rsplit_once(' ').unwrap();
            let k = ["Đăng ký", "Đề nghị", "Khen thưởng"]
                .iter()
                .position(|n| *n == name)
                .unwrap();
            years.entry(y.parse().unwrap()).or_default()[k] = r[i].parse().unwrap();
        }
        out.insert(r[0].clone(), years);
    }
    out
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::raw_sql(sql).execute(&app.db).await.expect(sql);
}

async fn new_unit(app: &TestApp, code: &str, name: &str) -> i64 {
    let id = app
        .scalar_i64(&format!(
            "INSERT INTO units (code, name, kind, parent_id, path, depth, valid_from)
             SELECT '{code}', '{name}', 'office', id, '', depth + 1, DATE '2010-01-01'
               FROM units WHERE code = 'STNMT' RETURNING id"
        ))
        .await;
    exec(
        app,
        &format!(
            "UPDATE units SET path = (SELECT path FROM units WHERE code = 'STNMT') || id || '/' WHERE id = {id}"
        ),
    )
    .await;
    id
}

#[tokio::test]
async fn a_merged_units_past_counts_under_its_successor_and_every_year_agrees_with_the_rows() {
    let app = spawn_app().await;
    let old1 = new_unit(&app, "CCBVMT", "Chi cục Bảo vệ môi trường").await;
    let old2 = new_unit(&app, "TTKT", "Trung tâm Kỹ thuật môi trường").await;
    let mt = unit_id(&app, "MT").await;
    let qldd = unit_id(&app, "QLDD").await;
    // old2 closed into old1 long ago (the chain old2 → old1 → MT)
    exec(
        &app,
        &format!("UPDATE units SET valid_to = DATE '2019-12-31', merged_into_id = {old1} WHERE id = {old2}"),
    )
    .await;
    // generated collective awards: 60 over the years among the four units
    let units = [("CCBVMT", old1), ("TTKT", old2), ("MT", mt), ("QLDD", qldd)];
    let titles = ["TTLDTT", "TTLDXS", "BK_TINH", "BK_BO", "CO_TINH"];
    let mut rng = Lcg(20221231);
    let mut generated: Vec<(i32, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while generated.len() < 60 {
        let y = 2015 + rng.below(8) as i32;
        let (code, id) = units[rng.below(4) as usize];
        let t = titles[rng.below(5) as usize];
        if !seen.insert((y, id, t)) {
            continue;
        }
        // the demo's own awards stand: a generated one that would repeat one is not counted
        let inserted = app
            .scalar_i64(&format!(
                "WITH i AS (INSERT INTO award_history (year, unit_id, title_code, title_name, source)
                            VALUES ({y}, {id}, '{t}', '{t}', 'import') ON CONFLICT DO NOTHING RETURNING 1)
                 SELECT count(*) FROM i"
            ))
            .await;
        if inserted == 0 {
            continue;
        }
        generated.push((y, code));
    }
    // a registration of an earlier year's campaign, made in old1
    exec(
        &app,
        "CREATE TEMP TABLE c2021 AS SELECT * FROM campaigns WHERE id = 1;
         UPDATE c2021 SET id = nextval('campaigns_id_seq'), year = 2021, title = 'Kế hoạch thi đua năm 2021';
         INSERT INTO campaigns SELECT * FROM c2021",
    )
    .await;
    let person = app
        .scalar_i64(&format!(
            "SELECT id FROM people WHERE unit_id = {mt} AND active ORDER BY id LIMIT 1"
        ))
        .await;
    exec(
        &app,
        &format!(
            "INSERT INTO registrations (campaign_id, person_id, unit_id, title_id, status, submitted_at)
             SELECT c.id, {person}, {old1}, t.id, 'confirmed', now()
               FROM campaigns c JOIN titles t ON t.rule_set_id = c.rule_set_id
              WHERE c.year = 2021 AND t.code = 'LDTT'"
        ),
    )
    .await;
    let demo_awards = |y: i32| format!("SELECT count(*) FROM award_history WHERE year = {y}");

    let office = signed_in(&app, "vanphong").await;
    let before = sheet(&app, &office, "").await;
    // before the merge old1 is a unit of its own: its rows and old2's past counted there
    let expect = |codes: &[&str], y: i32| {
        generated
            .iter()
            .filter(|(gy, c)| *gy == y && codes.contains(c))
            .count() as i64
    };
    for y in YEARS {
        assert_eq!(
            before["CCBVMT"][&y][2],
            expect(&["CCBVMT", "TTKT"], y),
            "old1 in {y}, before the merge"
        );
        assert_eq!(
            before["CCBVMT"][&y][0],
            i64::from(y == 2021),
            "old1's registration in {y}"
        );
        assert!(!before.contains_key("TTKT"), "a closed unit has no line");
    }
    let mt_before: HashMap<i32, [i64; 3]> = YEARS.map(|y| (y, before["MT"][&y])).collect();

    // the administrator closes old1 into MT with the form
    let admin = signed_in(&app, "admin").await;
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM units WHERE id = {old1}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &admin,
        &format!("/admin/units/{old1}/close"),
        &[
            ("valid_to", "31/12/2021"),
            ("merged_into", &mt.to_string()),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "{}",
        r.text().await.unwrap()
    );

    let after = sheet(&app, &office, "").await;
    assert!(!after.contains_key("CCBVMT"), "the merged unit has no line");
    let root = "STNMT";
    for y in YEARS {
        // MT now holds old1's and old2's past as well as its own
        assert_eq!(
            after["MT"][&y][2] - mt_before[&y][2],
            expect(&["CCBVMT", "TTKT"], y),
            "MT in {y}"
        );
        assert_eq!(
            after["MT"][&y][0] - mt_before[&y][0],
            i64::from(y == 2021),
            "old1's registration under MT in {y}"
        );
        assert_eq!(after["QLDD"][&y][2], before["QLDD"][&y][2], "QLDD in {y}");
        // the department: every award of the year, before and after
        let all = app.scalar_i64(&demo_awards(y)).await;
        assert_eq!(after[root][&y][2], all, "the department in {y}");
        assert_eq!(before[root][&y][2], all, "the department in {y}, before");
    }

    // the page: the years as columns, the merged unit's past in MT's line, the chart
    let (status, html) = get(&office, &app.url(&format!("/campaigns/1/trends?unit={mt}"))).await;
    assert_eq!(status, StatusCode::OK);
    for y in YEARS {
        assert!(
            html.contains(&format!("<th scope=\"col\" class=\"num\">{y}</th>")),
            "{y}"
        );
    }
    assert!(html.contains("<svg") && html.contains("So sánh qua các năm"));
    let (status, _) = get(&office, &app.url("/campaigns/1/trends?measure=people")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // a unit head: their unit only; another unit is not found
    let head = signed_in(&app, "truongphong").await;
    let mine = sheet(&app, &head, "").await;
    assert_eq!(mine.keys().collect::<Vec<_>>(), ["QLDD"]);
    let (status, _) = get(&head, &app.url(&format!("/campaigns/1/trends?unit={mt}"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.cleanup().await;
}
