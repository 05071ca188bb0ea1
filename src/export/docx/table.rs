//! Bordered tables: columns sized so that no word is split, a header row repeated on every page,
//! rows never split across pages, figures centred.

use super::prim::{Align, CELL_PAD_MM, Fmt, MM, TEXT_MM, para_at, place, run};
use crate::export::fonts;

/// Text that reads as a figure ("12", "1.350.000", "87,5 %", "4/4 (100 %)"): centred in a table.
fn is_figure(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || " .,%/()–-".contains(c))
}

/// The columns' widths in millimetres at `size` points: the asked shares of the text width, each
/// widened to hold its widest word (header in bold) and the others narrowed in proportion to what
/// they can spare. `None` when the words cannot all fit at that size.
fn fit_columns(
    widths: &[u32],
    header: &[String],
    rows: &[Vec<String>],
    size: f32,
) -> Option<Vec<f32>> {
    let n = widths.len();
    let sum: u32 = widths.iter().sum::<u32>().max(1);
    let want: Vec<f32> = widths
        .iter()
        .map(|w| TEXT_MM * *w as f32 / sum as f32)
        .collect();
    let need: Vec<f32> = (0..n)
        .map(|i| {
            let head = header
                .get(i)
                .map_or(0.0, |h| fonts::widest_word_mm(h, true, size));
            let cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| fonts::widest_word_mm(c, false, size))
                .fold(0.0, f32::max);
            head.max(cells) + CELL_PAD_MM + 0.6
        })
        .collect();
    if need.iter().sum::<f32>() > TEXT_MM {
        return None;
    }
    let deficit: f32 = (0..n).map(|i| (need[i] - want[i]).max(0.0)).sum();
    let spare: f32 = (0..n).map(|i| (want[i] - need[i]).max(0.0)).sum();
    Some(
        (0..n)
            .map(|i| {
                if want[i] <= need[i] {
                    need[i]
                } else {
                    want[i] - (want[i] - need[i]) * deficit / spare.max(f32::EPSILON)
                }
            })
            .collect(),
    )
}

/// A bordered table: a bold header row repeated at the top of each page, rows never split across
/// pages, columns wide enough for their longest word (13 pt, or 12 or 11 pt when the words need it),
/// figures centred.
/// `keep`: the table ends the body, so its last row stays on the page of the signature.
pub(super) fn table(widths: &[u32], header: &[String], rows: &[Vec<String>], keep: bool) -> String {
    let (size, cols) = [13.0f32, 12.0, 11.0, 10.0]
        .iter()
        .find_map(|s| fit_columns(widths, header, rows, *s).map(|c| (*s, c)))
        .unwrap_or_else(|| {
            let sum = widths.iter().sum::<u32>().max(1) as f32;
            (
                10.0,
                widths.iter().map(|w| TEXT_MM * *w as f32 / sum).collect(),
            )
        });
    let cols: Vec<u32> = cols.iter().map(|w| (w * MM) as u32).collect();
    let half_points = (size * 2.0) as u32;
    let figures: Vec<bool> = (0..cols.len())
        .map(|i| {
            let mut cells = rows
                .iter()
                .filter_map(|r| r.get(i))
                .filter(|c| !c.is_empty());
            let mut any = false;
            let all = cells.all(|c| {
                any = true;
                is_figure(c)
            });
            any && all
        })
        .collect();
    let grid: String = cols
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    let row = |cells: &[String], f: Fmt, head: bool, kept: bool| {
        let tcs: String = cols
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map(String::as_str).unwrap_or("");
                let align = if head || figures.get(i).copied().unwrap_or(false) {
                    Align::Center
                } else {
                    Align::Left
                };
                format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/><w:vAlign w:val=\"{}\"/></w:tcPr>{}</w:tc>",
                    if head { "center" } else { "top" },
                    para_at(&run(text, f), if kept { place(align, false, 0).kept() } else { place(align, false, 0) })
                )
            })
            .collect();
        let pr = if head {
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        } else {
            "<w:trPr><w:cantSplit/></w:trPr>"
        };
        format!("<w:tr>{pr}{tcs}</w:tr>")
    };
    let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"";
    let mut out = format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblBorders><w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/><w:insideH {border}/><w:insideV {border}/></w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>",
        cols.iter().sum::<u32>()
    );
    out.push_str(&row(header, Fmt::bold(half_points), true, false));
    for (i, r) in rows.iter().enumerate() {
        let total = r
            .iter()
            .find(|c| !c.is_empty())
            .is_some_and(|c| c == "Tổng cộng");
        let f = if total {
            Fmt::bold(half_points)
        } else {
            Fmt::plain(half_points)
        };
        out.push_str(&row(r, f, false, keep && i + 1 == rows.len()));
    }
    out.push_str("</w:tbl>");
    out.push_str(&para_at(
        "",
        if keep {
            place(Align::Left, false, 120).kept()
        } else {
            place(Align::Left, false, 120)
        },
    ));
    out
}
