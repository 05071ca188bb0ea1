//! List exports as .xlsx: a title row, Vietnamese headers, frozen under the headers, filterable,
//! dates as dd/mm/yyyy.

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

/// A sheet name Excel accepts: at most 31 characters, none of []:*?/\.
fn sheet_name(s: &str) -> String {
    let n: String = s
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if n.trim().is_empty() {
        "Sheet".into()
    } else {
        n
    }
}

pub fn workbook(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xDDEBF7));
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&s.name))?;
        let cols = s.headers.len().max(1) as u16;
        if cols > 1 {
            ws.merge_range(0, 0, 0, cols - 1, &s.title, &title)?;
        } else {
            ws.write_string_with_format(0, 0, &s.title, &title)?;
        }
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(2, c as u16, h, &header)?;
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
                        ws.write_string(r, c, t)?;
                    }
                    Cell::Int(n) => {
                        ws.write_number(r, c, *n as f64)?;
                    }
                    Cell::Num(n) => {
                        ws.write_number(r, c, *n)?;
                    }
                    Cell::Date(d) => {
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        ws.write_datetime_with_format(r, c, &dt, &date)?;
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
}
