//! The workbooks people download, sheet by sheet, with their Vietnamese titles and headers (the
//! language of official paperwork): registration coverage, a campaign's registered initiatives and
//! the eligibility overview, the award registry and the year's awards in the fields of the national
//! civil-service database. Data in, sheets out; `xlsx::workbook` writes them.

use super::xlsx::{Cell, Sheet};
use crate::domain::campaign::RegStatus;
use crate::domain::coverage::CoverageRow;
use crate::domain::eligibility::Tri;
use crate::domain::rows::{CampaignInitiative, GroupStat, Listed, MemberRow, NationalRow};
use crate::domain::statistics::{
    COMMITMENTS, DONE, HALF, INITIATIVES, LOW, LevelStat, RECOGNISED, REPORTED, TitleStat,
    UnitProgress, UnitStat, mean_tenths,
};
use crate::i18n::{self, Lang};

fn headers(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| s.to_string()).collect()
}

/// A registration's status in words.
fn status_text(m: &MemberRow) -> &'static str {
    match m.status {
        Some(RegStatus::Submitted) => "Chờ xác nhận",
        Some(RegStatus::Returned) => "Trả lại",
        Some(RegStatus::Confirmed) => "Đã xác nhận",
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
                        match r.unit.collective_status {
                            Some(RegStatus::Submitted) => "Đã gửi",
                            Some(RegStatus::Confirmed) => "Văn phòng đã nhận",
                            Some(RegStatus::Returned) => "Trả lại",
                            Some(RegStatus::Draft) => "Đang soạn",
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
                    match (m.submitted_at, m.status) {
                        (Some(t), Some(s)) if s.is_registered() => Cell::Date(
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

/// The catalogue's Vietnamese text for `key`, or `fallback` when it has none.
fn catalogue(key: &str, fallback: &str) -> String {
    match i18n::t(Lang::Vi, key) {
        "[?]" => fallback.to_string(),
        t => t.to_string(),
    }
}

/// An award's kind ("annual") in words, capitalised: "Khen thưởng thường xuyên (hằng năm)".
fn kind_text(kind: &str) -> String {
    let t = catalogue(&format!("award_kind.{kind}"), kind);
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => t,
    }
}

/// An award's level ("province") in words: "Cấp tỉnh".
fn level_text(level: Option<&str>) -> String {
    match level {
        Some(l) if !l.is_empty() => catalogue(&format!("level.{l}"), l),
        _ => String::new(),
    }
}

/// The award registry as listed (the filters applied), with each award's verification code.
pub fn registry(rows: &[Listed]) -> Sheet {
    let text = |s: &str| Cell::Text(s.to_string());
    Sheet {
        name: "Sổ khen thưởng".into(),
        title: "Sổ khen thưởng".into(),
        headers: headers(&[
            "Năm",
            "Cá nhân, tập thể",
            "Đơn vị",
            "Danh hiệu, hình thức",
            "Loại hình khen thưởng",
            "Cấp",
            "Số quyết định",
            "Ngày quyết định",
            "Người, cơ quan quyết định",
            "Tiền thưởng (đồng)",
            "Mã xác minh",
        ]),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(i64::from(r.year)),
                    text(&r.recipient),
                    text(&r.unit_name),
                    text(&r.title_name),
                    Cell::Text(kind_text(&r.kind)),
                    Cell::Text(level_text(r.level.as_deref())),
                    text(&r.decision_no),
                    r.decided_on.map(Cell::Date).unwrap_or(Cell::Empty),
                    text(&r.issuer),
                    r.cash.map(Cell::Int).unwrap_or(Cell::Empty),
                    text(r.verification_code.as_deref().unwrap_or("")),
                ]
            })
            .collect(),
        widths: vec![
            6.0, 28.0, 28.0, 30.0, 22.0, 14.0, 16.0, 12.0, 28.0, 14.0, 12.0,
        ],
    }
}

/// The people's awards of `year` in the fields the national civil-service database records for
/// emulation and commendation (Nghị định 27/2026/NĐ-CP: the person's identification, then per
/// award the year, the title or form, whether it is a danh hiệu thi đua or a hình thức khen
/// thưởng, its level and kind, the decision's number, date and issuer, the cash), one row per
/// award, to be entered or imported there.
pub fn national(year: Option<i32>, rows: &[NationalRow]) -> Sheet {
    let text = |s: &str| Cell::Text(s.to_string());
    let gender = |g: &str| match g {
        "male" => "Nam",
        "female" => "Nữ",
        _ => "Khác",
    };
    Sheet {
        name: "CSDL CBCCVC".into(),
        title: match year {
            Some(y) => format!(
                "Thông tin thi đua, khen thưởng năm {y} (trường dữ liệu CSDL quốc gia về CBCCVC)"
            ),
            None => {
                "Thông tin thi đua, khen thưởng (trường dữ liệu CSDL quốc gia về CBCCVC)".into()
            }
        },
        headers: headers(&[
            "STT",
            "Số hiệu cán bộ, công chức, viên chức",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Cơ quan, đơn vị công tác",
            "Chức vụ, chức danh",
            "Năm khen thưởng",
            "Loại hình khen thưởng",
            "Danh hiệu thi đua, hình thức khen thưởng",
            "Cấp khen thưởng",
            "Khen thưởng",
            "Số quyết định",
            "Ngày quyết định",
            "Cơ quan ban hành quyết định",
            "Tiền thưởng (đồng)",
        ]),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                vec![
                    Cell::Int(i as i64 + 1),
                    text(r.employee_code.as_deref().unwrap_or("")),
                    text(&r.full_name),
                    r.birth_date.map(Cell::Date).unwrap_or(Cell::Empty),
                    text(gender(&r.gender)),
                    text(&r.unit_name),
                    text(r.position.as_deref().unwrap_or("")),
                    Cell::Int(i64::from(r.year)),
                    text(if r.form == "commendation" {
                        "Hình thức khen thưởng"
                    } else {
                        "Danh hiệu thi đua"
                    }),
                    text(&r.title_name),
                    Cell::Text(level_text(r.level.as_deref())),
                    Cell::Text(kind_text(&r.kind)),
                    text(&r.decision_no),
                    r.decided_on.map(Cell::Date).unwrap_or(Cell::Empty),
                    text(&r.issuer),
                    r.cash.map(Cell::Int).unwrap_or(Cell::Empty),
                ]
            })
            .collect(),
        widths: vec![
            6.0, 16.0, 26.0, 12.0, 8.0, 28.0, 22.0, 10.0, 20.0, 32.0, 14.0, 22.0, 16.0, 12.0, 28.0,
            14.0,
        ],
    }
}

/// The year-end figures: per title proposed and awarded; per unit (indented by depth, rolled up)
/// people, registrations sent and awards.
pub fn review(
    plan_title: &str,
    (titles, units, groups): (&[TitleStat], &[UnitStat], &[GroupStat]),
    (levels, money): (&[LevelStat], &Money),
) -> [Sheet; 5] {
    let min_depth = units.iter().map(|u| u.depth).min().unwrap_or(0);
    [
        Sheet {
            name: "Danh hiệu".into(),
            title: format!("Tổng kết — danh hiệu, hình thức khen thưởng — {plan_title}"),
            headers: headers(&[
                "Mã",
                "Danh hiệu, hình thức khen thưởng",
                "Đề nghị",
                "Hội đồng thông qua",
                "Hội đồng không thông qua",
                "Được khen thưởng",
            ]),
            rows: titles
                .iter()
                .map(|t| {
                    vec![
                        Cell::Text(t.code.clone()),
                        Cell::Text(t.name_vi.clone()),
                        Cell::Int(t.proposed),
                        Cell::Int(t.passed),
                        Cell::Int(t.failed),
                        Cell::Int(t.awarded),
                    ]
                })
                .collect(),
            widths: vec![12.0, 44.0, 12.0, 14.0, 16.0, 16.0],
        },
        Sheet {
            name: "Đơn vị".into(),
            title: format!("Tổng kết — đơn vị (cộng dồn đơn vị trực thuộc) — {plan_title}"),
            headers: headers(&[
                "Mã đơn vị",
                "Tên đơn vị",
                "Số người",
                "Đã đăng ký",
                "Khen thưởng",
            ]),
            rows: units
                .iter()
                .map(|u| {
                    let pad = "  ".repeat((u.depth - min_depth).max(0) as usize);
                    vec![
                        Cell::Text(u.code.clone()),
                        Cell::Text(format!("{pad}{}", u.name)),
                        Cell::Int(u.people),
                        Cell::Int(u.registered),
                        Cell::Int(u.awarded),
                    ]
                })
                .collect(),
            widths: vec![14.0, 44.0, 10.0, 12.0, 12.0],
        },
        Sheet {
            name: "Giới tính, đối tượng".into(),
            title: format!("Tổng kết — theo giới tính và đối tượng — {plan_title}"),
            headers: headers(&[
                "Giới tính",
                "Đối tượng",
                "Số người",
                "Đã đăng ký",
                "Khen thưởng cá nhân",
            ]),
            rows: groups
                .iter()
                .map(|g| {
                    vec![
                        Cell::Text(catalogue(&format!("gender.{}", g.gender), &g.gender)),
                        Cell::Text(catalogue(&format!("category.{}", g.category), &g.category)),
                        Cell::Int(g.people),
                        Cell::Int(g.registered),
                        Cell::Int(g.awarded),
                    ]
                })
                .collect(),
            widths: vec![12.0, 20.0, 10.0, 12.0, 18.0],
        },
        levels_sheet(plan_title, levels),
        money_sheet(plan_title, money),
    ]
}

/// The review's sheet of lines and awards per level of award.
fn levels_sheet(plan_title: &str, levels: &[LevelStat]) -> Sheet {
    Sheet {
        name: "Theo cấp".into(),
        title: format!("Tổng kết — theo cấp khen thưởng — {plan_title}"),
        headers: headers(&["Cấp khen thưởng", "Đề nghị", "Được khen thưởng"]),
        rows: levels
            .iter()
            .map(|l| {
                vec![
                    Cell::Text(catalogue(&format!("award_level.{}", l.level), l.level)),
                    Cell::Int(l.proposed),
                    Cell::Int(l.awarded),
                ]
            })
            .collect(),
        widths: vec![48.0, 12.0, 16.0],
    }
}

/// The year's award cash, and the budget line it is set against (when the viewer may see it).
pub struct Money {
    pub year: i32,
    pub cash: i64,
    pub budget: Option<i64>,
}

/// The review's sheet of cash against the budget line, as the review page sets them out.
fn money_sheet(plan_title: &str, m: &Money) -> Sheet {
    let mut rows = vec![vec![
        Cell::Text(format!(
            "Tiền thưởng theo các quyết định khen thưởng năm {}",
            m.year
        )),
        Cell::Int(m.cash),
    ]];
    if let Some(b) = m.budget {
        rows.push(vec![Cell::Text("Dự toán được giao".into()), Cell::Int(b)]);
        rows.push(vec![
            Cell::Text("Tỷ lệ so với dự toán".into()),
            Cell::Text(crate::domain::cash::percent_of(m.cash, b)),
        ]);
        if m.cash > b {
            rows.push(vec![
                Cell::Text("Vượt dự toán".into()),
                Cell::Int(m.cash - b),
            ]);
        }
    }
    Sheet {
        name: "Kinh phí".into(),
        title: format!("Tổng kết — kinh phí khen thưởng (đồng) — {plan_title}"),
        headers: headers(&["Nội dung", "Số tiền (đồng)"]),
        rows,
        widths: vec![52.0, 20.0],
    }
}

/// The mid-year lines (`web::reviews::midyear`): per unit rolled up, the registrations, the progress on their
/// commitments and the initiatives.
pub fn midyear(plan_title: &str, rows: &[UnitProgress]) -> [Sheet; 1] {
    let min_depth = rows.iter().map(|r| r.unit.depth).min().unwrap_or(0);
    [Sheet {
        name: "Sơ kết".into(),
        title: format!("Sơ kết 6 tháng — đơn vị (cộng dồn đơn vị trực thuộc) — {plan_title}"),
        headers: headers(&[
            "Mã đơn vị",
            "Tên đơn vị",
            "Đã đăng ký",
            "Cam kết",
            "Đã báo cáo tiến độ",
            "Tiến độ bình quân (%)",
            "Hoàn thành 100%",
            "Từ 50% đến dưới 100%",
            "Dưới 50%",
            "Sáng kiến đăng ký",
            "Sáng kiến đã công nhận",
        ]),
        rows: rows
            .iter()
            .map(|r| {
                let pad = "  ".repeat((r.unit.depth - min_depth).max(0) as usize);
                vec![
                    Cell::Text(r.unit.code.clone()),
                    Cell::Text(format!("{pad}{}", r.unit.name)),
                    Cell::Int(r.unit.registered),
                    Cell::Int(r.p[COMMITMENTS]),
                    Cell::Int(r.p[REPORTED]),
                    match mean_tenths(&r.p) {
                        Some(t) => Cell::Num(t as f64 / 10.0),
                        None => Cell::Empty,
                    },
                    Cell::Int(r.p[DONE]),
                    Cell::Int(r.p[HALF]),
                    Cell::Int(r.p[LOW]),
                    Cell::Int(r.p[INITIATIVES]),
                    Cell::Int(r.p[RECOGNISED]),
                ]
            })
            .collect(),
        widths: vec![
            14.0, 44.0, 10.0, 10.0, 12.0, 12.0, 12.0, 12.0, 10.0, 12.0, 12.0,
        ],
    }]
}

/// The comparison with earlier years: a sheet of the years (the scope's figures, with the change in
/// awards on the year before) and one of the units (rolled up, indented), each year's three figures.
/// `units` are (code, name, depth, one entry per year).
pub fn trends(
    plan_title: &str,
    years: &[i32],
    totals: &[[i64; 3]],
    units: &[(String, String, i32, Vec<[i64; 3]>)],
) -> [Sheet; 2] {
    const NAMES: [&str; 3] = ["Đăng ký", "Đề nghị", "Khen thưởng"];
    let mut prev: Option<i64> = None;
    let year_rows = years
        .iter()
        .zip(totals)
        .map(|(y, v)| {
            let change = prev.map_or(Cell::Text(String::new()), |p| Cell::Int(v[2] - p));
            prev = Some(v[2]);
            vec![
                Cell::Int(i64::from(*y)),
                Cell::Int(v[0]),
                Cell::Int(v[1]),
                Cell::Int(v[2]),
                change,
            ]
        })
        .collect();
    let min_depth = units.iter().map(|u| u.2).min().unwrap_or(0);
    let mut unit_headers = headers(&["Mã đơn vị", "Tên đơn vị"]);
    for y in years {
        unit_headers.extend(NAMES.iter().map(|n| format!("{n} {y}")));
    }
    let unit_rows = units
        .iter()
        .map(|(code, name, depth, by_year)| {
            let pad = "  ".repeat((depth - min_depth).max(0) as usize);
            let mut row = vec![Cell::Text(code.clone()), Cell::Text(format!("{pad}{name}"))];
            row.extend(by_year.iter().flat_map(|v| v.map(Cell::Int)));
            row
        })
        .collect();
    let mut widths = vec![14.0, 44.0];
    widths.extend(std::iter::repeat_n(12.0, 3 * years.len()));
    [
        Sheet {
            name: "Theo năm".into(),
            title: format!("So sánh qua các năm — {plan_title}"),
            headers: headers(&[
                "Năm",
                "Đăng ký thi đua",
                "Đơn vị đề nghị",
                "Được khen thưởng",
                "Khen thưởng tăng (+), giảm (−) so với năm trước",
            ]),
            rows: year_rows,
            widths: vec![8.0, 16.0, 16.0, 18.0, 24.0],
        },
        Sheet {
            name: "Theo đơn vị".into(),
            title: format!(
                "So sánh qua các năm — đơn vị (cộng dồn đơn vị trực thuộc; đơn vị đã sáp nhập tính vào đơn vị tiếp nhận) — {plan_title}"
            ),
            headers: unit_headers,
            rows: unit_rows,
            widths,
        },
    ]
}

/// Registrations against awards: each registration the filter kept (person, unit, title, the point
/// it reached, the conditions that stopped it).
pub fn outcomes(plan_title: &str, rows: &[(String, String, String, String, String)]) -> Sheet {
    Sheet {
        name: "Đăng ký và kết quả".into(),
        title: format!("Đăng ký thi đua và kết quả khen thưởng — {plan_title}"),
        headers: headers(&[
            "Họ và tên",
            "Đơn vị",
            "Danh hiệu đăng ký",
            "Kết quả",
            "Điều kiện chưa đạt",
        ]),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.0.clone()),
                    Cell::Text(r.1.clone()),
                    Cell::Text(r.2.clone()),
                    Cell::Text(r.3.clone()),
                    Cell::Text(r.4.clone()),
                ]
            })
            .collect(),
        widths: vec![28.0, 36.0, 28.0, 30.0, 60.0],
    }
}
