//! Reading years of ratings and award history from the spreadsheets departments keep (CSV or XLSX):
//! header mapping and row checks. Pure: rows in, rows with reasons out; who is who is passed in.

use super::eligibility::Rating;
use super::import::{FileError, RawRow};
use super::names::fold;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Ratings,
    Awards,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "ratings" => Some(Kind::Ratings),
            "awards" => Some(Kind::Awards),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Kind::Ratings => "ratings",
            Kind::Awards => "awards",
        }
    }
}

/// The columns understood, with the header spellings accepted (compared folded).
pub const COLUMNS: &[(&str, &[&str])] = &[
    (
        "employee_code",
        &[
            "ma nhan su",
            "ma can bo",
            "ma nv",
            "employee code",
            "employee_code",
        ],
    ),
    (
        "full_name",
        &["ho va ten", "ho ten", "full name", "full_name", "name"],
    ),
    (
        "unit_code",
        &["ma don vi", "don vi", "unit code", "unit_code", "unit"],
    ),
    ("year", &["nam", "year", "nam xet"]),
    (
        "rating",
        &["xep loai", "muc xep loai", "xep loai chat luong", "rating"],
    ),
    ("score", &["diem", "tong diem", "score"]),
    (
        "title",
        &[
            "danh hieu",
            "hinh thuc",
            "hinh thuc khen thuong",
            "danh hieu hinh thuc",
            "title",
            "award",
        ],
    ),
    (
        "decision_no",
        &[
            "so quyet dinh",
            "so qd",
            "quyet dinh",
            "decision",
            "decision no",
        ],
    ),
    (
        "decided_on",
        &["ngay quyet dinh", "ngay qd", "ngay ky", "decision date"],
    ),
    (
        "issuer",
        &["cap khen", "co quan quyet dinh", "nguoi ky", "issuer"],
    ),
    (
        "award_kind",
        &["loai khen thuong", "loai khen", "award kind", "kind"],
    ),
];

fn map_headers(headers: &[String]) -> Vec<Option<&'static str>> {
    headers
        .iter()
        .map(|h| {
            let f = fold(h.trim())
                .replace(['_', '*', ':', '(', ')'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            COLUMNS
                .iter()
                .find(|(_, names)| names.contains(&f.as_str()))
                .map(|(c, _)| *c)
        })
        .collect()
}

/// Header row → raw rows with 1-based line numbers. A year column is required, and something that
/// says who: an employee code, a name, or (for a unit's award) a unit code.
pub fn rows_from_grid(
    grid: Vec<Vec<String>>,
    kind: Kind,
) -> Result<Vec<(usize, RawRow)>, FactFileError> {
    let mut it = grid
        .into_iter()
        .enumerate()
        .skip_while(|(_, r)| r.iter().all(|c| c.trim().is_empty()));
    let Some((_, header)) = it.next() else {
        return Err(FactFileError::File(FileError::Empty));
    };
    let cols = map_headers(&header);
    let has = |c: &str| cols.contains(&Some(c));
    if !has("year") {
        return Err(FactFileError::NoYear);
    }
    if !has("employee_code") && !has("full_name") && !has("unit_code") {
        return Err(FactFileError::NoWho);
    }
    match kind {
        Kind::Ratings if !has("rating") => return Err(FactFileError::NoRating),
        Kind::Awards if !has("title") => return Err(FactFileError::NoTitle),
        _ => {}
    }
    let mut out = Vec::new();
    for (i, cells) in it {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = RawRow::new();
        for (c, v) in cols.iter().zip(cells) {
            if let Some(c) = c {
                row.insert(*c, v.trim().to_string());
            }
        }
        out.push((i + 1, row));
    }
    if out.is_empty() {
        return Err(FactFileError::File(FileError::Empty));
    }
    Ok(out)
}

#[derive(Debug, PartialEq)]
pub enum FactFileError {
    File(FileError),
    NoYear,
    NoWho,
    NoRating,
    NoTitle,
}

impl FactFileError {
    pub fn key(&self) -> &'static str {
        match self {
            FactFileError::File(FileError::NoNameColumn) => "facts.err_no_who",
            FactFileError::File(e) => e.key(),
            FactFileError::NoYear => "facts.err_no_year",
            FactFileError::NoWho => "facts.err_no_who",
            FactFileError::NoRating => "facts.err_no_rating",
            FactFileError::NoTitle => "facts.err_no_title",
        }
    }
}

/// Who is who, from the database: employee codes, names within units, unit codes, title codes and
/// names (codes of the catalogue and their Vietnamese names, folded).
#[derive(Default)]
pub struct Lookup {
    pub by_code: HashMap<String, i64>,
    /// (folded full name, unit code) → people
    pub by_name: HashMap<(String, String), Vec<i64>>,
    /// folded full name → people (when no unit is given)
    pub by_name_only: HashMap<String, Vec<i64>>,
    pub units: HashMap<String, i64>,
    /// folded code or name → (code, name)
    pub titles: HashMap<String, (String, String)>,
    /// people and units the importer may write for
    pub allowed_people: std::collections::HashSet<i64>,
    pub allowed_units: std::collections::HashSet<i64>,
}

/// A checked row: what will be written, or why not.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FactRow {
    pub line: usize,
    /// as written in the file, for the preview
    pub who: String,
    pub person_id: Option<i64>,
    pub unit_id: Option<i64>,
    pub year: i32,
    pub rating: Option<String>,
    pub score: Option<f64>,
    pub title_code: Option<String>,
    pub title_name: String,
    pub decision_no: String,
    pub decided_on: Option<NaiveDate>,
    pub issuer: String,
    /// annual, thematic, unexpected or long_service (only annual awards are history for the rules);
    /// empty when the file says none
    #[serde(default)]
    pub award_kind: String,
    /// message keys
    pub errors: Vec<String>,
}

impl FactRow {
    pub fn is_good(&self) -> bool {
        self.errors.is_empty()
    }
}

/// An award's kind as written: its code, or the words of the award lists (without diacritics).
pub fn parse_award_kind(s: &str) -> Option<&'static str> {
    match fold(s.trim()).as_str() {
        "" | "annual" | "thuong xuyen" | "hang nam" | "cong trang" | "khen thuong thuong xuyen" => {
            Some("annual")
        }
        "thematic" | "chuyen de" | "theo chuyen de" | "theo dot" | "khen thuong theo chuyen de" => {
            Some("thematic")
        }
        "unexpected" | "dot xuat" | "khen thuong dot xuat" => Some("unexpected"),
        "long service" | "long_service" | "qua trinh cong hien" | "nien han" => {
            Some("long_service")
        }
        _ => None,
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .ok()
}

/// A rating as written: the code (HTXSNV…) or its Vietnamese name, with or without diacritics.
pub fn parse_rating(s: &str) -> Option<Rating> {
    if let Some(r) = Rating::parse(s) {
        return Some(r);
    }
    match fold(s.trim()).as_str() {
        "hoan thanh xuat sac nhiem vu" => Some(Rating::Htxsnv),
        "hoan thanh tot nhiem vu" => Some(Rating::Httnv),
        "hoan thanh nhiem vu" => Some(Rating::Htnv),
        "khong hoan thanh nhiem vu" => Some(Rating::Khtnv),
        _ => None,
    }
}

/// Checks every row. Duplicates within the file (the same person and year, and title for awards)
/// are refused after the first.
pub fn check_rows(
    kind: Kind,
    rows: Vec<(usize, RawRow)>,
    look: &Lookup,
    max_year: i32,
) -> Vec<FactRow> {
    let mut seen: std::collections::HashSet<(Option<i64>, Option<i64>, i32, String)> =
        std::collections::HashSet::new();
    let mut out = Vec::with_capacity(rows.len());
    for (line, raw) in rows {
        let mut r = FactRow {
            line,
            ..Default::default()
        };
        read_who(kind, &raw, look, &mut r);
        match field(&raw, "year").parse::<i32>() {
            Ok(y) if (1945..=max_year).contains(&y) => r.year = y,
            _ => r.errors.push("facts.err_year".into()),
        }
        let what = match kind {
            Kind::Ratings => {
                read_rating(&raw, &mut r);
                String::new()
            }
            Kind::Awards => {
                read_award(&raw, look, &mut r);
                r.title_code.clone().unwrap_or_default()
            }
        };
        if r.errors.is_empty() && !seen.insert((r.person_id, r.unit_id, r.year, what)) {
            r.errors.push("facts.err_duplicate".into());
        }
        out.push(r);
    }
    out
}

/// A cell of a row by its column, trimmed ("" when absent).
fn field<'a>(raw: &'a RawRow, column: &str) -> &'a str {
    raw.get(column).map(|s| s.trim()).unwrap_or("")
}

/// Who a row is about: a person by employee code, or by name (within a unit when one is given), or
/// for an award a unit by its code; inside the importer's scope.
fn read_who(kind: Kind, raw: &RawRow, look: &Lookup, r: &mut FactRow) {
    let get = |k: &str| field(raw, k);
    let code = get("employee_code").to_uppercase();
    let name = get("full_name");
    let unit = get("unit_code").to_uppercase();
    r.who = [code.as_str(), name, unit.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ");
    if !code.is_empty() {
        match look.by_code.get(&code) {
            Some(id) => r.person_id = Some(*id),
            None => r.errors.push("facts.err_unknown_code".into()),
        }
    } else if !name.is_empty() {
        let key = fold(name);
        let found = if unit.is_empty() {
            look.by_name_only.get(&key)
        } else {
            look.by_name.get(&(key, unit.clone()))
        };
        match found.map(Vec::as_slice) {
            Some([one]) => r.person_id = Some(*one),
            Some([_, _, ..]) => r.errors.push("facts.err_ambiguous_name".into()),
            _ => r.errors.push("facts.err_unknown_person".into()),
        }
    } else if !unit.is_empty() && kind == Kind::Awards {
        match look.units.get(&unit) {
            Some(id) => r.unit_id = Some(*id),
            None => r.errors.push("facts.err_unknown_unit".into()),
        }
    } else {
        r.errors.push("facts.err_no_who_row".into());
    }
    if r.person_id
        .is_some_and(|p| !look.allowed_people.contains(&p))
        || r.unit_id.is_some_and(|u| !look.allowed_units.contains(&u))
    {
        r.errors.push("facts.err_out_of_scope".into());
    }
}

/// A rating row's rating and optional score.
fn read_rating(raw: &RawRow, r: &mut FactRow) {
    let get = |k: &str| field(raw, k);
    match parse_rating(get("rating")) {
        Some(x) => r.rating = Some(x.code().to_string()),
        None => r.errors.push("facts.err_rating".into()),
    }
    let s = get("score");
    if !s.is_empty() {
        match s.replace(',', ".").parse::<f64>() {
            Ok(v) if (0.0..=1000.0).contains(&v) => r.score = Some(v),
            _ => r.errors.push("facts.err_score".into()),
        }
    }
}

/// An award row's title (by name or code), decision and issuer.
fn read_award(raw: &RawRow, look: &Lookup, r: &mut FactRow) {
    let get = |k: &str| field(raw, k);
    match look.titles.get(&fold(get("title"))) {
        Some((code, name)) => {
            r.title_code = Some(code.clone());
            r.title_name = name.clone();
        }
        None => r.errors.push("facts.err_title".into()),
    }
    r.decision_no = get("decision_no").chars().take(100).collect();
    let d = get("decided_on");
    if !d.is_empty() {
        match parse_date(d) {
            Some(d) => r.decided_on = Some(d),
            None => r.errors.push("facts.err_date".into()),
        }
    }
    r.issuer = get("issuer").chars().take(200).collect();
    // no kind written (or no such column): an award already recorded keeps its kind, a new one is
    // annual (db::fact_sets::awards)
    let kind = get("award_kind");
    if kind.trim().is_empty() {
        r.award_kind = String::new();
    } else {
        match parse_award_kind(kind) {
            Some(k) => r.award_kind = k.to_string(),
            None => r.errors.push("facts.err_award_kind".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn lookup() -> Lookup {
        let mut l = Lookup::default();
        l.by_code.insert("NV001".into(), 1);
        l.by_code.insert("NV002".into(), 2);
        l.by_name
            .insert((fold("Trần Thị Bình"), "QLDD".into()), vec![3]);
        l.by_name_only.insert(fold("Trần Thị Bình"), vec![3, 9]);
        l.units.insert("QLDD".into(), 10);
        l.titles.insert(
            fold("Lao động tiên tiến"),
            ("LDTT".into(), "Lao động tiên tiến".into()),
        );
        l.titles
            .insert(fold("LDTT"), ("LDTT".into(), "Lao động tiên tiến".into()));
        l.titles.insert(
            fold("TTLDTT"),
            ("TTLDTT".into(), "Tập thể lao động tiên tiến".into()),
        );
        l.allowed_people.extend([1, 2, 3, 9]);
        l.allowed_units.insert(10);
        l
    }

    #[test]
    fn ratings_rows_with_reasons() {
        let g = grid(&[
            &[
                "Mã nhân sự",
                "Họ và tên",
                "Mã đơn vị",
                "Năm",
                "Xếp loại",
                "Điểm",
            ],
            &["nv001", "", "", "2021", "HTXSNV", "95,5"],
            &[
                "",
                "Trần Thị Bình",
                "QLDD",
                "2021",
                "Hoàn thành tốt nhiệm vụ",
                "",
            ],
            &["", "Tran Thi Binh", "", "2021", "HTTNV", ""],
            &["NV999", "", "", "2021", "HTTNV", ""],
            &["NV002", "", "", "1800", "giỏi", "x"],
            &["NV001", "", "", "2021", "HTNV", ""],
            &["", "", "", "", "", ""],
        ]);
        let rows = rows_from_grid(g, Kind::Ratings).unwrap();
        assert_eq!(rows.len(), 6, "the empty line is skipped");
        let c = check_rows(Kind::Ratings, rows, &lookup(), 2026);
        assert!(c[0].is_good());
        assert_eq!(
            (c[0].person_id, c[0].rating.as_deref(), c[0].score),
            (Some(1), Some("HTXSNV"), Some(95.5))
        );
        assert!(c[1].is_good(), "a name in a unit, the rating in words");
        assert_eq!(
            (c[1].person_id, c[1].rating.as_deref()),
            (Some(3), Some("HTTNV"))
        );
        assert_eq!(c[2].errors, vec!["facts.err_ambiguous_name"]);
        assert_eq!(c[3].errors, vec!["facts.err_unknown_code"]);
        assert_eq!(
            c[4].errors,
            vec!["facts.err_year", "facts.err_rating", "facts.err_score"]
        );
        assert_eq!(c[5].errors, vec!["facts.err_duplicate"]);
        assert_eq!(c[5].line, 7);
    }

    #[test]
    fn award_kinds_as_written() {
        assert_eq!(parse_award_kind(""), Some("annual"));
        assert_eq!(parse_award_kind("Thường xuyên"), Some("annual"));
        assert_eq!(parse_award_kind("Chuyên đề"), Some("thematic"));
        assert_eq!(parse_award_kind("theo chuyen de"), Some("thematic"));
        assert_eq!(parse_award_kind("Đột xuất"), Some("unexpected"));
        assert_eq!(
            parse_award_kind("Quá trình cống hiến"),
            Some("long_service")
        );
        assert_eq!(parse_award_kind("khác"), None);
    }

    #[test]
    fn awards_of_people_and_units() {
        let g = grid(&[
            &[
                "Mã nhân sự",
                "Mã đơn vị",
                "Năm",
                "Danh hiệu",
                "Số quyết định",
                "Ngày quyết định",
            ],
            &[
                "NV001",
                "",
                "2020",
                "Lao động tiên tiến",
                "1190/QĐ-STNMT",
                "28/12/2020",
            ],
            &["", "QLDD", "2020", "TTLDTT", "1192/QĐ-STNMT", "2020-12-28"],
            &["NV002", "", "2020", "Huân chương", "", ""],
            &["NV002", "", "2020", "LDTT", "", "31/02/2020"],
        ]);
        let c = check_rows(
            Kind::Awards,
            rows_from_grid(g, Kind::Awards).unwrap(),
            &lookup(),
            2026,
        );
        assert!(c[0].is_good());
        assert_eq!(c[0].title_code.as_deref(), Some("LDTT"));
        assert_eq!(c[0].decided_on, NaiveDate::from_ymd_opt(2020, 12, 28));
        assert!(c[1].is_good());
        assert_eq!((c[1].unit_id, c[1].person_id), (Some(10), None));
        assert_eq!(c[2].errors, vec!["facts.err_title"]);
        assert_eq!(c[3].errors, vec!["facts.err_date"]);
    }

    #[test]
    fn files_without_the_needed_columns_are_refused() {
        let no_year = grid(&[&["Mã nhân sự", "Xếp loại"], &["NV001", "HTTNV"]]);
        assert_eq!(
            rows_from_grid(no_year, Kind::Ratings),
            Err(FactFileError::NoYear)
        );
        let no_rating = grid(&[&["Mã nhân sự", "Năm"], &["NV001", "2021"]]);
        assert_eq!(
            rows_from_grid(no_rating, Kind::Ratings),
            Err(FactFileError::NoRating)
        );
        let no_who = grid(&[&["Năm", "Xếp loại"], &["2021", "HTTNV"]]);
        assert_eq!(
            rows_from_grid(no_who, Kind::Ratings),
            Err(FactFileError::NoWho)
        );
        let no_title = grid(&[&["Mã nhân sự", "Năm"], &["NV001", "2021"]]);
        assert_eq!(
            rows_from_grid(no_title, Kind::Awards),
            Err(FactFileError::NoTitle)
        );
    }
}
