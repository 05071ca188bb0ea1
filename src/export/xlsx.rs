//! List exports as .xlsx: a title row, Vietnamese headers, frozen under the headers, filterable,
//! dates as dd/mm/yyyy.

use crate::domain::dates::fmt_date;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Num(f64),
    Date(NaiveDate),
    Empty,
}

#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// column widths in characters (may be empty)
    pub widths: Vec<f64>,
}

/// Excel's limit on a sheet name, in characters.
const MAX_SHEET_NAME: usize = 31;
/// Excel's limit on the text of a cell, in characters.
const MAX_CELL_TEXT: usize = 32_767;

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, not starting or ending with
/// an apostrophe, not blank, and unlike (ignoring case) the names in `taken`.
fn sheet_name(s: &str, taken: &[String]) -> String {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() { "Sheet" } else { cleaned };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let fit = |suffix: &str| -> String {
        let room = MAX_SHEET_NAME - suffix.chars().count();
        let mut n: String = base.chars().take(room).collect();
        // cutting may leave an apostrophe or a space at the end
        n = n.trim_end().trim_end_matches('\'').to_string();
        if n.is_empty() {
            n.push_str("Sheet");
        }
        n.push_str(suffix);
        n
    };
    let mut name = fit("");
    let mut i = 2;
    while is_taken(&name) {
        name = fit(&format!(" ({i})"));
        i += 1;
    }
    name
}

/// Text Excel can store in a cell (longer texts are cut).
fn cell_text(t: &str) -> &str {
    match t.char_indices().nth(MAX_CELL_TEXT) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// The sheets as .xlsx bytes: on each, the title in row 1 (bold, merged across the columns), the
/// headers in row 3 (bold, bordered, shaded; the pane frozen below them, an autofilter over the
/// table) and the rows from row 4.
pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7));
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let mut names: Vec<String> = Vec::with_capacity(sheets.len());
    for s in sheets {
        let ws = wb.add_worksheet();
        let name = sheet_name(&s.name, &names);
        ws.set_name(&name)?;
        names.push(name);
        let cols = s.headers.len().max(1) as u16;
        if cols > 1 {
            ws.merge_range(0, 0, 0, cols - 1, cell_text(&s.title), &title)?;
        } else {
            ws.write_string_with_format(0, 0, cell_text(&s.title), &title)?;
        }
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, cell_text(h), &header)?;
        }
        for (c, w) in s.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 3;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Text(t) => {
                        ws.write_string(r, c, cell_text(t))?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Num(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    Cell::Date(d) => {
                        // Excel's dates run from 1900 to 9999; anything else is written as text
                        match u16::try_from(d.year())
                            .ok()
                            .filter(|y| (1900..=9999).contains(y))
                            .map(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8))
                        {
                            Some(Ok(dt)) => {
                                ws.write_datetime_with_format(r, c, &dt, &date)?;
                            }
                            _ => {
                                ws.write_string(r, c, fmt_date(*d))?;
                            }
                        }
                    }
                    Cell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(3, 0)?;
        if !s.headers.is_empty() {
            ws.autofilter(2, 0, (s.rows.len() as u32 + 2).max(3), cols - 1)?;
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    #[test]
    fn a_workbook_opens_with_its_cells() {
        let bytes = workbook(&[Sheet {
            name: "Cán bộ: [2022]".into(),
            title: "Danh sách đăng ký thi đua".into(),
            headers: vec![
                "Họ và tên".into(),
                "Đơn vị".into(),
                "Ngày".into(),
                "Số".into(),
            ],
            rows: vec![vec![
                Cell::Text("Nguyễn Văn An".into()),
                Cell::Text("Văn phòng Sở".into()),
                Cell::Date(NaiveDate::from_ymd_opt(2022, 2, 28).unwrap()),
                Cell::Int(7),
            ]],
            widths: vec![30.0, 30.0, 12.0, 6.0],
        }])
        .unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Cán bộ 2022".to_string()]);
        let range = wb.worksheet_range("Cán bộ 2022").unwrap();
        assert_eq!(
            range.get_value((0, 0)),
            Some(&Data::String("Danh sách đăng ký thi đua".into()))
        );
        assert_eq!(
            range.get_value((2, 0)),
            Some(&Data::String("Họ và tên".into()))
        );
        assert_eq!(
            range.get_value((3, 1)),
            Some(&Data::String("Văn phòng Sở".into()))
        );
        assert_eq!(range.get_value((3, 3)), Some(&Data::Float(7.0)));
        match range.get_value((3, 2)) {
            Some(Data::DateTime(d)) => assert_eq!(
                d.as_datetime().map(|t| t.date()),
                NaiveDate::from_ymd_opt(2022, 2, 28)
            ),
            other => panic!("a date, not {other:?}"),
        }
    }

    #[test]
    fn sheet_names_are_made_acceptable() {
        assert_eq!(sheet_name("Cán bộ: [2022]", &[]), "Cán bộ 2022");
        assert_eq!(sheet_name(" ?*/ ", &[]), "Sheet");
        assert_eq!(sheet_name("'Đơn vị'", &[]), "Đơn vị");
        let long = "Danh sách cán bộ, công chức đăng ký thi đua năm 2022";
        let first = sheet_name(long, &[]);
        assert_eq!(first.chars().count(), 31);
        assert_eq!(first, "Danh sách cán bộ, công chức đăn");
        let second = sheet_name(long, std::slice::from_ref(&first));
        assert_eq!(second, "Danh sách cán bộ, công chức (2)");
        assert_eq!(
            sheet_name("đơn vị", &["Đơn vị".into(), "Đơn vị (2)".into()]),
            "đơn vị (3)"
        );
    }

    #[test]
    fn several_sheets_and_odd_cells() {
        let sheet = |name: &str| Sheet {
            name: name.into(),
            title: "Tổng hợp".into(),
            headers: vec!["Ngày".into(), "Tỷ lệ".into(), "Ghi chú".into()],
            rows: vec![
                vec![
                    Cell::Date(NaiveDate::from_ymd_opt(1850, 1, 1).unwrap()),
                    Cell::Num(0.5),
                    Cell::Text("x".repeat(40_000)),
                ],
                vec![Cell::Empty, Cell::Empty],
            ],
            widths: vec![],
        };
        let bytes = workbook(&[sheet("Đơn vị"), sheet("đơn vị"), sheet("")]).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(wb.sheet_names(), vec!["Đơn vị", "đơn vị (2)", "Sheet"]);
        let range = wb.worksheet_range("Sheet").unwrap();
        assert_eq!(
            range.get_value((3, 0)),
            Some(&Data::String("01/01/1850".into()))
        );
        assert_eq!(range.get_value((3, 1)), Some(&Data::Float(0.5)));
        match range.get_value((3, 2)) {
            Some(Data::String(t)) => assert_eq!(t.chars().count(), MAX_CELL_TEXT),
            other => panic!("a text, not {other:?}"),
        }
    }
}
