//! The workbooks people download, sheet by sheet, with their Vietnamese titles and headers (the
//! language of official paperwork): registration coverage, a campaign's registered initiatives and
//! the eligibility overview. Data in, sheets out; `xlsx::workbook` writes them.

use super::xlsx::{Cell, Sheet};
use crate::db::registrations::{CampaignInitiative, MemberRow};
use crate::domain::coverage::CoverageRow;
use crate::domain::eligibility::Tri;
use crate::i18n::{self, Lang};

fn headers(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| s.to_string()).collect()
}

/// A registration's status in words.
fn status_text(m: &MemberRow) -> &'static str {
    match m.status.as_deref() {
        Some("submitted") => "Chờ xác nhận",
        Some("returned") => "Trả lại",
        Some("confirmed") => "Đã xác nhận",
        _ => "Chưa đăng ký",
    }
}

/// Coverage: the units (rolled up, indented by depth) and every person listed.
pub fn coverage(plan_title: &str, rows: &[CoverageRow], members: &[MemberRow]) -> [Sheet; 2] {
    let min_depth = rows.iter().map(|r| r.unit.depth).min().unwrap_or(0);
    let units = Sheet {
        name: "Đơn vị".into(),
        title: format!("Tình hình đăng ký thi đua — {plan_title}"),
        headers: headers(&[
            "Mã đơn vị",
            "Tên đơn vị",
            "Số người",
            "Đã đăng ký",
            "Đã xác nhận",
            "Chờ xác nhận",
            "Trả lại",
            "Chưa đăng ký",
            "Đăng ký tập thể",
        ]),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.unit.code.clone()),
                    Cell::Text(format!(
                        "{}{}",
                        "  ".repeat((r.unit.depth - min_depth).max(0) as usize),
                        r.unit.name
                    )),
                    Cell::Int(r.people),
                    Cell::Int(r.registered),
                    Cell::Int(r.confirmed),
                    Cell::Int(r.pending),
                    Cell::Int(r.returned),
                    Cell::Int(r.missing),
                    Cell::Text(
                        match r.unit.collective_status.as_deref() {
                            Some("submitted") => "Đã gửi",
                            Some("confirmed") => "Văn phòng đã nhận",
                            Some("returned") => "Trả lại",
                            Some("draft") => "Đang soạn",
                            _ => "Chưa đăng ký",
                        }
                        .into(),
                    ),
                ]
            })
            .collect(),
        widths: vec![12.0, 48.0, 10.0, 12.0, 12.0, 12.0, 10.0, 12.0, 18.0],
    };
    let people = Sheet {
        name: "Cán bộ".into(),
        title: format!("Danh sách đăng ký thi đua — {plan_title}"),
        headers: headers(&[
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị",
            "Danh hiệu đăng ký",
            "Tình trạng",
            "Ngày gửi",
            "Gửi muộn",
        ]),
        rows: members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::Text(m.full_name.clone()),
                    Cell::Text(m.position.clone().unwrap_or_default()),
                    Cell::Text(m.unit_name.clone()),
                    Cell::Text(m.title_vi.clone().unwrap_or_default()),
                    Cell::Text(status_text(m).into()),
                    match (m.submitted_at, m.status.as_deref()) {
                        (Some(t), Some("submitted" | "returned" | "confirmed")) => Cell::Date(
                            t.with_timezone(&crate::domain::dates::vn_offset())
                                .date_naive(),
                        ),
                        _ => Cell::Empty,
                    },
                    Cell::Text(if m.late == Some(true) { "Có" } else { "" }.into()),
                ]
            })
            .collect(),
        widths: vec![6.0, 30.0, 24.0, 40.0, 28.0, 16.0, 12.0, 10.0],
    };
    [units, people]
}

/// The initiatives registered in a campaign.
pub fn initiatives(plan_title: &str, rows: &[CampaignInitiative]) -> Sheet {
    Sheet {
        name: "Sáng kiến".into(),
        title: format!("Sáng kiến đăng ký — {plan_title}"),
        headers: headers(&[
            "STT",
            "Tên sáng kiến",
            "Lĩnh vực",
            "Lợi ích dự kiến",
            "Tác giả",
            "Đồng tác giả",
            "Đơn vị",
        ]),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::Text(r.title.clone()),
                    Cell::Text(r.field.clone()),
                    Cell::Text(r.expected_benefit.clone()),
                    Cell::Text(r.author.clone()),
                    Cell::Text(r.coauthors.join("; ")),
                    Cell::Text(r.unit_name.clone()),
                ]
            })
            .collect(),
        widths: vec![6.0, 40.0, 20.0, 40.0, 26.0, 30.0, 36.0],
    }
}

/// A line of the eligibility overview: a person's (name, unit) or a unit's (name, members), and the
/// outcome for each title.
pub struct OutcomeLine<'a> {
    pub name: &'a str,
    pub second: Cell,
    pub outcomes: &'a [Tri],
}

/// The eligibility overview: people and units, each title's outcome in words.
pub fn eligibility(
    plan_title: &str,
    rule_set: &str,
    individual_titles: Vec<String>,
    collective_titles: Vec<String>,
    people: Vec<OutcomeLine<'_>>,
    units: Vec<OutcomeLine<'_>>,
) -> [Sheet; 2] {
    let outcome = |t: &Tri| i18n::t(Lang::Vi, &format!("elig.outcome.{}", t.outcome())).to_string();
    let rows = |lines: Vec<OutcomeLine<'_>>| -> Vec<Vec<Cell>> {
        lines
            .into_iter()
            .map(|l| {
                let mut row = vec![Cell::Text(l.name.to_string()), l.second];
                row.extend(l.outcomes.iter().map(|t| Cell::Text(outcome(t))));
                row
            })
            .collect()
    };
    let mut people_headers = headers(&["Họ và tên", "Đơn vị"]);
    people_headers.extend(individual_titles);
    let mut unit_headers = headers(&["Đơn vị", "Số người"]);
    unit_headers.extend(collective_titles);
    [
        Sheet {
            name: "Cá nhân".into(),
            title: format!("Xét điều kiện khen thưởng — {plan_title} ({rule_set})"),
            headers: people_headers,
            rows: rows(people),
            widths: vec![28.0, 40.0],
        },
        Sheet {
            name: "Tập thể".into(),
            title: format!("Xét điều kiện khen thưởng tập thể — {plan_title}"),
            headers: unit_headers,
            rows: rows(units),
            widths: vec![44.0, 10.0],
        },
    ]
}
