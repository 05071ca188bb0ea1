//! Reading staff lists handed over by HR (CSV or XLSX): header mapping and row checks.
//! Pure: bytes in, rows with reasons out; the unit codes and existing employee codes are passed in.

use super::names::fold;
use super::person::{PersonFields, PersonText, validate_person};
use std::collections::{HashMap, HashSet};

/// The columns understood, with the header spellings accepted (compared folded: no diacritics, lower case).
pub const COLUMNS: &[(&str, &[&str])] = &[
    (
        "full_name",
        &["ho va ten", "ho ten", "full name", "full_name", "name"],
    ),
    ("gender", &["gioi tinh", "gender", "sex"]),
    (
        "birth_date",
        &["ngay sinh", "birth date", "birth_date", "date of birth"],
    ),
    (
        "unit_code",
        &["ma don vi", "don vi", "unit code", "unit_code", "unit"],
    ),
    ("position", &["chuc vu", "position", "chuc danh"]),
    (
        "category",
        &["loai", "doi tuong", "category", "loai can bo"],
    ),
    (
        "start_date",
        &["ngay bat dau", "ngay vao lam", "start date", "start_date"],
    ),
    ("email", &["email", "e-mail", "thu dien tu"]),
    ("phone", &["dien thoai", "so dien thoai", "phone"]),
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
];

/// A row as read: cells by column name.
pub type RawRow = HashMap<&'static str, String>;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FileError {
    #[error("err.import_empty")]
    Empty,
    #[error("err.import_no_name_column")]
    NoNameColumn,
    #[error("err.import_not_utf8")]
    NotUtf8,
    #[error("err.import_unreadable")]
    Unreadable,
    /// a cell beyond [`MAX_ROWS`]
    #[error("err.import_too_many_rows")]
    TooManyRows,
    /// a cell beyond [`MAX_COLUMNS`]
    #[error("err.import_too_many_columns")]
    TooManyColumns,
    /// a part of the file inflates beyond [`MAX_PART_BYTES`] (or all of them beyond
    /// [`MAX_INFLATED_BYTES`]), too many parts, or too many cells for [`MAX_CELLS`]
    #[error("err.import_too_large")]
    TooLarge,
    /// .xls or .ods: to be saved as .xlsx or .csv
    #[error("err.import_old_format")]
    OtherFormat,
}

impl FileError {
    /// The i18n key of the message shown on the upload form.
    pub fn key(&self) -> &'static str {
        match self {
            FileError::Empty => "err.import_empty",
            FileError::NoNameColumn => "err.import_no_name_column",
            FileError::NotUtf8 => "err.import_not_utf8",
            FileError::Unreadable => "err.import_unreadable",
            FileError::TooManyRows => "err.import_too_many_rows",
            FileError::TooManyColumns => "err.import_too_many_columns",
            FileError::TooLarge => "err.import_too_large",
            FileError::OtherFormat => "err.import_old_format",
        }
    }
}

/// Limits on an uploaded spreadsheet, checked before and while it is read, so that a file of a
/// few hundred bytes cannot make the server allocate gigabytes: rows and columns of any cell with a
/// value, the cells of the grid handed on, and the inflated size of every part of the .xlsx.
pub const MAX_ROWS: u32 = 250_000;
pub const MAX_COLUMNS: u32 = 200;
pub const MAX_CELLS: usize = 2_500_000;
pub const MAX_PART_BYTES: u64 = 64 << 20;
pub const MAX_INFLATED_BYTES: u64 = 256 << 20;
pub const MAX_PARTS: usize = 2_000;

/// Maps header cells to column names; unknown headers are ignored.
pub fn map_headers(headers: &[String]) -> Vec<Option<&'static str>> {
    headers
        .iter()
        .map(|h| {
            let f = fold(h.trim())
                .replace(['_', '*', ':'], " ")
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

/// Turns a grid (first row = headers) into raw rows with their 1-based line numbers, skipping empty rows.
pub fn rows_from_grid(grid: Vec<Vec<String>>) -> Result<Vec<(usize, RawRow)>, FileError> {
    let mut it = grid
        .into_iter()
        .enumerate()
        .skip_while(|(_, r)| r.iter().all(|c| c.trim().is_empty()));
    let Some((_, header)) = it.next() else {
        return Err(FileError::Empty);
    };
    let cols = map_headers(&header);
    if !cols.contains(&Some("full_name")) {
        return Err(FileError::NoNameColumn);
    }
    let mut out = Vec::new();
    for (i, cells) in it {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = RawRow::new();
        for (c, v) in cols.iter().zip(cells) {
            if let Some(c) = c {
                row.insert(*c, v);
            }
        }
        out.push((i + 1, row));
    }
    Ok(out)
}

/// Parses CSV text (UTF-8, with or without BOM; comma, semicolon or tab separated).
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FileError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delim = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    // before the reader splits anything: a line of a million separators is a million fields
    if text
        .lines()
        .any(|l| memchr::memchr_iter(delim, l.as_bytes()).count() >= 4 * MAX_COLUMNS as usize)
    {
        return Err(FileError::TooManyColumns);
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut grid: Vec<Vec<String>> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|_| FileError::Unreadable)?;
        if grid.len() >= MAX_ROWS as usize {
            return Err(FileError::TooManyRows);
        }
        if rec.len() > MAX_COLUMNS as usize {
            return Err(FileError::TooManyColumns);
        }
        grid.push(rec.iter().map(|s| s.to_string()).collect());
    }
    Ok(grid)
}

/// Checks a ZIP container before anything reads it: at most [`MAX_PARTS`] entries, and every
/// entry really inflated (with the reader calamine uses, whatever its header claims) to no more
/// than [`MAX_PART_BYTES`], all of them to no more than [`MAX_INFLATED_BYTES`].
pub fn check_zip(bytes: &[u8]) -> Result<(), FileError> {
    use std::io::Read;
    let mut zip = zip_reader::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| FileError::Unreadable)?;
    if zip.len() > MAX_PARTS {
        return Err(FileError::TooLarge);
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|_| FileError::Unreadable)?;
        if entry.size() > MAX_PART_BYTES {
            return Err(FileError::TooLarge);
        }
        let n = std::io::copy(&mut entry.take(MAX_PART_BYTES + 1), &mut std::io::sink())
            .map_err(|_| FileError::Unreadable)?;
        total += n;
        if n > MAX_PART_BYTES || total > MAX_INFLATED_BYTES {
            return Err(FileError::TooLarge);
        }
    }
    Ok(())
}

/// The text of a cell as the import reads it (dates as dd/mm/yyyy).
fn cell_text(c: &calamine::DataRef<'_>) -> String {
    use calamine::DataRef;
    match c {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => d
            .as_datetime()
            .map(|dt| dt.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        DataRef::Error(_) => String::new(),
    }
}

/// Parses the first worksheet of an XLSX file, cell by cell (never a dense range of the sheet's
/// bounding box): a cell with a value beyond [`MAX_ROWS`] or [`MAX_COLUMNS`] stops the reading, and
/// the grid is only as wide as each row's last value. .xls and .ods files are refused with a
/// message asking for .xlsx or .csv. CPU-bound: run it on a blocking thread.
pub fn parse_spreadsheet(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    use calamine::Reader;
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::OtherFormat);
    }
    check_zip(bytes)?;
    let mut wb: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| {
            // an OpenDocument file names its type in its first, stored entry
            if memchr::memmem::find(&bytes[..bytes.len().min(200)], b"opendocument").is_some() {
                FileError::OtherFormat
            } else {
                FileError::Unreadable
            }
        })?;
    let name = wb.sheet_names().first().cloned().ok_or(FileError::Empty)?;
    let mut reader = wb
        .worksheet_cells_reader(&name)
        .map_err(|_| FileError::Unreadable)?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|_| FileError::Unreadable)? {
        let (row, col) = cell.get_position();
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        if row >= MAX_ROWS {
            return Err(FileError::TooManyRows);
        }
        if col >= MAX_COLUMNS {
            return Err(FileError::TooManyColumns);
        }
        if cells.len() >= MAX_CELLS {
            return Err(FileError::TooLarge);
        }
        cells.push((row, col, text));
    }
    cells.sort_unstable_by_key(|(r, c, _)| (*r, *c));
    let rows = cells.last().map_or(0, |(r, _, _)| *r as usize + 1);
    let mut grid: Vec<Vec<String>> = vec![Vec::new(); rows];
    let mut slots = 0usize;
    for (r, c, text) in cells {
        let row = &mut grid[r as usize];
        let width = c as usize + 1;
        if row.len() < width {
            slots += width - row.len();
            if slots > MAX_CELLS {
                return Err(FileError::TooLarge);
            }
            row.resize(width, String::new());
        }
        row[c as usize] = text;
    }
    Ok(grid)
}

/// The cells of an uploaded CSV or spreadsheet (CPU-bound: on a blocking thread).
pub fn grid_of(bytes: &[u8]) -> Result<Vec<Vec<String>>, FileError> {
    if is_spreadsheet(bytes) {
        parse_spreadsheet(bytes)
    } else {
        parse_csv(bytes)
    }
}

/// True when the bytes look like a ZIP (XLSX/ODS) or OLE (XLS) container.
pub fn is_spreadsheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// One checked row: the line number, what was read, and either the parsed person or the reasons.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct CheckedRow {
    pub line: usize,
    pub full_name: String,
    pub unit_code: String,
    pub employee_code: String,
    /// (field, i18n key) reasons; empty when the row is good
    pub errors: Vec<(String, String)>,
    /// the cells, kept for import of good rows
    pub cells: HashMap<String, String>,
}

impl CheckedRow {
    pub fn is_good(&self) -> bool {
        self.errors.is_empty()
    }
    /// Re-validates the stored cells (the import step uses this, never trusting the preview).
    pub fn fields(&self) -> Result<PersonFields, Vec<(&'static str, &'static str)>> {
        let g = |k: &str| self.cells.get(k).map(String::as_str).unwrap_or("");
        validate_person(&PersonText {
            full_name: g("full_name"),
            gender: g("gender"),
            birth_date: g("birth_date"),
            position: g("position"),
            category: g("category"),
            start_date: g("start_date"),
            email: g("email"),
            phone: g("phone"),
            employee_code: g("employee_code"),
        })
    }
}

/// Checks every row: fields, unit code (must exist and be allowed), duplicates in the file and in the database.
pub fn check_rows(
    rows: Vec<(usize, RawRow)>,
    allowed_units: &HashSet<String>,
    known_units: &HashSet<String>,
    existing_codes: &HashSet<String>,
) -> Vec<CheckedRow> {
    let mut seen_codes: HashMap<String, usize> = HashMap::new();
    let mut seen_people: HashMap<(String, String), usize> = HashMap::new();
    rows.into_iter()
        .map(|(line, raw)| {
            let cells: HashMap<String, String> = raw
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            let mut row = CheckedRow {
                line,
                full_name: raw.get("full_name").cloned().unwrap_or_default(),
                unit_code: raw
                    .get("unit_code")
                    .map(|s| s.trim().to_uppercase())
                    .unwrap_or_default(),
                employee_code: raw
                    .get("employee_code")
                    .map(|s| s.trim().to_uppercase())
                    .unwrap_or_default(),
                errors: vec![],
                cells,
            };
            if let Err(errs) = row.fields() {
                row.errors.extend(
                    errs.into_iter()
                        .map(|(f, k)| (f.to_string(), k.to_string())),
                );
            }
            if row.unit_code.is_empty() {
                row.errors
                    .push(("unit_code".into(), "err.import_unit_missing".into()));
            } else if !known_units.contains(&row.unit_code) {
                row.errors
                    .push(("unit_code".into(), "err.import_unit_unknown".into()));
            } else if !allowed_units.contains(&row.unit_code) {
                row.errors
                    .push(("unit_code".into(), "err.import_unit_scope".into()));
            }
            if !row.employee_code.is_empty() {
                if existing_codes.contains(&row.employee_code) {
                    row.errors
                        .push(("employee_code".into(), "err.import_dup_db".into()));
                } else if seen_codes.insert(row.employee_code.clone(), line).is_some() {
                    row.errors
                        .push(("employee_code".into(), "err.import_dup_file".into()));
                }
            }
            let key = (
                fold(&row.full_name),
                raw.get("birth_date").cloned().unwrap_or_default(),
            );
            if !key.0.is_empty()
                && !key.1.is_empty()
                && seen_people.insert(key, line).is_some()
                && row.employee_code.is_empty()
            {
                row.errors
                    .push(("full_name".into(), "err.import_dup_person".into()));
            }
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[&str]) -> HashSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_in_vietnamese_or_english() {
        let h: Vec<String> = [
            "Họ và tên",
            "GIỚI TÍNH",
            "Ngày sinh",
            "Mã đơn vị",
            "Ghi chú",
            "employee_code",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            map_headers(&h),
            vec![
                Some("full_name"),
                Some("gender"),
                Some("birth_date"),
                Some("unit_code"),
                None,
                Some("employee_code")
            ]
        );
    }

    #[test]
    fn csv_with_bom_and_semicolons() {
        let g = parse_csv("\u{feff}Họ và tên;Mã đơn vị\nNguyễn Văn An;VP\n".as_bytes()).unwrap();
        assert_eq!(
            g,
            vec![
                vec!["Họ và tên".to_string(), "Mã đơn vị".into()],
                vec!["Nguyễn Văn An".into(), "VP".into()]
            ]
        );
        assert_eq!(parse_csv(&[0xff, 0xfe, 0x41]), Err(FileError::NotUtf8));
    }

    #[test]
    fn every_bad_row_has_its_reason() {
        let grid = vec![
            vec![
                "Họ và tên",
                "Giới tính",
                "Ngày sinh",
                "Mã đơn vị",
                "Loại",
                "Mã nhân sự",
            ],
            vec![
                "Nguyễn Văn An",
                "Nam",
                "01/02/1980",
                "VP",
                "Công chức",
                "A1",
            ],
            vec!["Trần Thị Bình", "Nữ", "31/02/1980", "VP", "Công chức", "A2"],
            vec!["Lê Văn Cường", "Nam", "01/02/1980", "", "Công chức", "A3"],
            vec![
                "Phạm Văn Dũng",
                "Nam",
                "01/02/1980",
                "XX",
                "Công chức",
                "A4",
            ],
            vec!["Võ Thị Em", "Nữ", "01/02/1980", "VP", "Công chức", "A1"],
            vec![
                "Đỗ Văn Giang",
                "Nam",
                "01/02/1980",
                "VP",
                "Công chức",
                "OLD",
            ],
            vec!["", "", "", "", "", ""],
            vec!["Hồ Văn Hải", "Nam", "", "TTRA", "Viên chức", ""],
        ]
        .into_iter()
        .map(|r| r.into_iter().map(String::from).collect())
        .collect();
        let rows = rows_from_grid(grid).unwrap();
        let checked = check_rows(rows, &set(&["VP"]), &set(&["VP", "TTRA"]), &set(&["OLD"]));
        let reasons: Vec<(usize, Vec<String>)> = checked
            .iter()
            .map(|r| (r.line, r.errors.iter().map(|e| e.1.clone()).collect()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (2, vec![]),
                (3, vec!["err.date".to_string()]),
                (4, vec!["err.import_unit_missing".to_string()]),
                (5, vec!["err.import_unit_unknown".to_string()]),
                (6, vec!["err.import_dup_file".to_string()]),
                (7, vec!["err.import_dup_db".to_string()]),
                (9, vec!["err.import_unit_scope".to_string()]),
            ]
        );
    }

    #[test]
    fn a_file_without_a_name_column_is_refused() {
        let grid = vec![
            vec!["a".to_string(), "b".into()],
            vec!["1".into(), "2".into()],
        ];
        assert_eq!(rows_from_grid(grid), Err(FileError::NoNameColumn));
        assert_eq!(rows_from_grid(vec![]), Err(FileError::Empty));
    }
}
