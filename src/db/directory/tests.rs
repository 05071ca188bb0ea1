//! The directory's lists and searches, as the SQL they replace answered them.

use super::*;
use crate::domain::paging::Paging;

fn unit(id: i64, name: &str, path: &str, rank: u32) -> UnitEntry {
    UnitEntry {
        id,
        name: name.into(),
        code: format!("U{id}"),
        path: path.into(),
        depth: path.matches('/').count() as i32 - 2,
        valid_to: None,
        name_rank: rank,
    }
}

fn person(
    id: i64,
    name: &str,
    unit: u32,
    active: bool,
    position: Option<(&str, u32)>,
) -> (Entry, String) {
    (
        Entry {
            id,
            full_name: name.into(),
            gender: "nu".into(),
            position: position.map(|p| p.0.to_string()),
            category: "cong_chuc".into(),
            unit,
            start_date: NaiveDate::from_ymd_opt(2000 + id as i32, 1, 1),
            active,
            username: None,
            position_key: position.map_or(u32::MAX, |p| p.1 - 1),
        },
        crate::domain::names::fold(name),
    )
}

fn snapshot() -> Snapshot {
    Snapshot::build(
        1,
        vec![
            unit(1, "Sở", "/1/", 2),
            unit(2, "Văn phòng", "/1/2/", 3),
            unit(3, "Phòng Đất đai", "/1/3/", 1),
        ],
        // name order: An, Bình, Hoa, Hùng
        vec![
            person(1, "Nguyễn Văn An", 0, true, Some(("Chuyên viên", 1))),
            person(2, "Trần Thị Bình", 1, true, None),
            person(
                3,
                "Nguyễn Thị Hoa",
                1,
                false,
                Some(("Phó Chánh Văn phòng", 2)),
            ),
            person(4, "Đặng Văn Hùng", 1, true, Some(("Chuyên viên", 1))),
        ],
        vec!["Chuyên viên".into(), "Phó Chánh Văn phòng".into()],
    )
}

fn ids(s: &Snapshot, q: &Query) -> Vec<i64> {
    s.list(q, |n| Paging::new(None, None, n))
        .1
        .iter()
        .map(|e| e.id)
        .collect()
}

fn q() -> Query {
    Query {
        scope: vec!["/1/".into()],
        sort: "name".into(),
        ..Default::default()
    }
}

#[test]
fn filters_like_the_sql_did() {
    let s = snapshot();
    assert_eq!(ids(&s, &q()), vec![1, 2, 3, 4]);
    let mut only_office = q();
    only_office.scope = vec!["/1/2/".into()];
    assert_eq!(ids(&s, &only_office), vec![2, 3, 4]);
    let mut search = q();
    search.words = search_words("NGUYEN");
    assert_eq!(ids(&s, &search), vec![1, 3]);
    search.words = search_words("đặng hùng");
    assert_eq!(ids(&s, &search), vec![4]);
    search.words = search_words("nguyen zzz");
    assert!(ids(&s, &search).is_empty());
    // a word at the very end of the buffer, a word in every line, words in any order
    search.words = search_words("hung");
    assert_eq!(ids(&s, &search), vec![4]);
    search.words = search_words("n");
    assert_eq!(ids(&s, &search), vec![1, 2, 3, 4]);
    search.words = search_words("thi nguyen");
    assert_eq!(ids(&s, &search), vec![3]);
    // lines do not run into each other ("an" + "tran" must not match "antran")
    search.words = search_words("antran");
    assert!(ids(&s, &search).is_empty());
    let mut active = q();
    active.active = Some(true);
    assert_eq!(ids(&s, &active), vec![1, 2, 4]);
    active.active = Some(false);
    assert_eq!(ids(&s, &active), vec![3]);
    let mut category = q();
    category.category = Some("cong_chuc".into());
    assert_eq!(ids(&s, &category), vec![1, 2, 3, 4]);
    category.category = Some("vien_chuc".into());
    assert!(ids(&s, &category).is_empty());
    let mut unit = q();
    unit.unit_path = Some("/1/3/".into());
    assert!(ids(&s, &unit).is_empty());
}

#[test]
fn the_buffer_scan_finds_what_a_naive_search_finds() {
    let words = [
        "nguyễn", "văn", "an", "thị", "hoa", "bình", "trần", "lê", "đặng", "hùng", "anh",
    ];
    // deterministic pseudo-random names: dense and sparse matches, adjacent matching lines
    let mut seed: u64 = 7;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    // several runs (`CHUNK` people each), so that matches cross from one run's buffer to the next
    let people: Vec<(Entry, String)> = (0..3 * super::snapshot::CHUNK + 100)
        .map(|i| {
            let name: Vec<&str> = (0..2 + next(3)).map(|_| words[next(words.len())]).collect();
            person(i as i64, &name.join(" "), 0, true, None)
        })
        .collect();
    let texts: Vec<String> = people.iter().map(|p| p.1.clone()).collect();
    let s = Snapshot::build(1, vec![unit(1, "Sở", "/1/", 1)], people, Vec::new());
    for q_text in [
        "nguyen", "an", "hung", "thi hoa", "le dang", "h", "zz", "anh an",
    ] {
        let mut query = q();
        query.words = search_words(q_text);
        let want: Vec<i64> = texts
            .iter()
            .enumerate()
            .filter(|(_, t)| query.words.iter().all(|w| t.contains(w.as_str())))
            .map(|(i, _)| i as i64)
            .collect();
        let mut got: Vec<i64> = Vec::new();
        for page in 1.. {
            let (paging, rows) = s.list(&query, |n| Paging::new(Some(page), Some(200), n));
            assert_eq!(paging.total, want.len() as i64, "{q_text}");
            got.extend(rows.iter().map(|e| e.id));
            if page >= paging.pages() {
                break;
            }
        }
        assert_eq!(got, want, "{q_text}");
    }
}

#[test]
fn orders_and_pages() {
    let s = snapshot();
    let mut by = q();
    by.desc = true;
    assert_eq!(ids(&s, &by), vec![4, 3, 2, 1]);
    by = q();
    by.sort = "unit".into();
    // Sở (rank 2) before Văn phòng (rank 3); ties in name order
    assert_eq!(ids(&s, &by), vec![1, 2, 3, 4]);
    by.desc = true;
    assert_eq!(ids(&s, &by), vec![2, 3, 4, 1]);
    by.sort = "position".into();
    by.desc = false;
    // Chuyên viên (1): An, Hùng; Phó Chánh (2): Hoa; none last: Bình
    assert_eq!(ids(&s, &by), vec![1, 4, 3, 2]);
    by.desc = true;
    assert_eq!(ids(&s, &by), vec![3, 1, 4, 2]);
    by.sort = "start".into();
    by.desc = false;
    assert_eq!(ids(&s, &by), vec![1, 2, 3, 4]);
    by.desc = true;
    assert_eq!(ids(&s, &by), vec![4, 3, 2, 1]);
    let (paging, page) = s.list(&q(), |n| Paging::new(Some(1), Some(10), n));
    assert_eq!(paging.total, 4);
    assert_eq!(page.len(), 4);
    // a page past the end is clamped by Paging to the last page
    let (paging, page) = s.list(&q(), |n| Paging::new(Some(9), Some(10), n));
    assert_eq!((paging.page, page.len()), (1, 4));
}

#[test]
fn runs_keep_the_order_and_their_bounds() {
    use super::snapshot::{CHUNK, runs};
    for n in [0, 1, 2 * CHUNK, 2 * CHUNK + 1, 3 * CHUNK - 1, 7 * CHUNK + 5] {
        let people: Vec<(Entry, String)> = (0..n)
            .map(|i| person(i as i64, "Lê An", 0, true, None))
            .collect();
        let out = runs(people);
        assert!(
            out.iter().all(|r| !r.is_empty() && r.len() <= 2 * CHUNK),
            "{n}"
        );
        let ids: Vec<i64> = out.iter().flatten().map(|p| p.0.id).collect();
        assert_eq!(ids, (0..n as i64).collect::<Vec<_>>(), "{n}");
    }
}
