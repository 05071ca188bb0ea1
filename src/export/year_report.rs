//! The draft reports as official documents: the mid-year one (sơ kết: registrations, progress on
//! the commitments, initiatives) and the year-end one (báo cáo tổng kết phong trào thi đua): the
//! movement's results with the Office's text and the figures (overall, per unit, per gender and
//! category), the awards per title with a chart, shortcomings and their causes, the direction for
//! next year. The text parts are what the Office wrote in the app; the figures come from the data.

use super::docx::{DocBlock, OfficialDoc};
use super::docx_chart::Chart;
use crate::domain::dates::vn_place_date;
use crate::domain::richtext::{self, Span};
use crate::domain::rows::ReportText;
use crate::domain::statistics::{
    COMMITMENTS, DONE, HALF, INITIATIVES, LOW, RECOGNISED, REPORTED, TitleStat, UnitProgress,
    UnitStat, mean_text,
};
use chrono::NaiveDate;

/// A group's line: gender, category (in words), people, registered, individual awards.
pub type GroupLine = (String, String, i64, i64, i64);

/// What a report says of itself: who issues it, where and when, what it answers to, who signs.
pub struct ReportHead {
    pub parent_body: String,
    pub issuer: String,
    /// the issuer in running text ("Sở Tài nguyên và Môi trường tỉnh Sóc Trăng")
    pub issuer_text: String,
    pub place_name: String,
    /// "/BC-STNMT": the number is given when the report is registered
    pub number_code: String,
    pub year: i32,
    /// "Kế hoạch số 05/KH-STNMT ngày 05/01/2022 của ... về việc ..."
    pub plan_ref: String,
    pub dated: NaiveDate,
    pub signer_lines: Vec<String>,
    pub signer_name: String,
    /// to whom it is reported, in sentence case: the province's people's committee and its
    /// emulation board ("Ủy ban nhân dân tỉnh Sóc Trăng", "Ban Thi đua - Khen thưởng tỉnh …")
    pub reported_to: Vec<String>,
}

pub struct YearReport<'a> {
    pub head: ReportHead,
    pub people: i64,
    pub registered: i64,
    pub awarded: i64,
    pub titles: &'a [TitleStat],
    /// per level of award: its name, lines proposed, awards
    pub levels: Vec<(String, i64, i64)>,
    /// the units one level below the top (or the top alone)
    pub units: Vec<&'a UnitStat>,
    pub groups: Vec<GroupLine>,
    pub text: &'a ReportText,
    /// the cash of the year's awards in đồng
    pub cash: i64,
    /// the initiatives registered with the registrations sent, and how many the recognition
    /// decisions recognised for the achievements of the year (registered or not)
    pub initiatives: (i64, i64),
}

/// The mid-year report's figures: the registrations sent, the progress on their commitments and the
/// initiatives (in total, and per unit below the top).
pub struct MidReport<'a> {
    pub head: ReportHead,
    pub registered: i64,
    pub total: [i64; 8],
    pub units: Vec<&'a UnitProgress>,
    pub text: &'a ReportText,
}

fn para(text: impl Into<String>) -> DocBlock {
    DocBlock::Para(vec![Span::plain(text)])
}

fn heading(text: &str) -> DocBlock {
    DocBlock::Heading(vec![Span::plain(text)])
}

fn sub(text: &str) -> DocBlock {
    DocBlock::SubHeading(vec![Span::plain(text)])
}

/// "45,5 %" (Vietnamese decimal comma), or "—" of nothing.
pub fn share(n: i64, of: i64) -> String {
    if of <= 0 || n < 0 {
        return "—".into();
    }
    crate::domain::figures::percent(n as u64, of as u64, 1).unwrap_or_else(|| "—".into())
}

/// A table of overall figures: what is counted, how many, the share.
fn figures_table(rows: Vec<(&str, String, String)>) -> DocBlock {
    DocBlock::Table {
        widths: vec![60, 20, 20],
        header: vec!["Nội dung".into(), "Số lượng".into(), "Tỷ lệ".into()],
        rows: rows
            .into_iter()
            .map(|(what, n, share)| vec![what.to_string(), n, share])
            .collect(),
    }
}

/// The Office's text as blocks (paragraphs, "- " items, **bold**, *italics*).
fn written(src: &str) -> Vec<DocBlock> {
    richtext::parse(src)
        .iter()
        .map(DocBlock::from_rich)
        .collect()
}

/// The draft texts a report starts from before the Office writes its own: the figures in a
/// sentence, and for each part what it should say, in brackets.
pub fn starting_text(year: i32, people: i64, registered: i64, awarded: i64) -> ReportText {
    ReportText {
        results: format!(
            "Năm {year}, phong trào thi đua được triển khai đến {people} cán bộ, công chức, viên chức và \
người lao động; {registered} người ({}) đã đăng ký thi đua; {awarded} trường hợp được khen thưởng trong năm.\n\
[Nêu kết quả nổi bật của các phong trào thi đua, các tập thể, cá nhân tiêu biểu, các sáng kiến được công nhận.]",
            share(registered, people)
        ),
        shortcomings:
            "[Nêu những tồn tại, hạn chế trong tổ chức phong trào thi đua và công tác khen thưởng, \
và nguyên nhân của chúng.]"
                .into(),
        direction: format!(
            "[Nêu phương hướng, nhiệm vụ và giải pháp tổ chức phong trào thi đua năm {}.]",
            year + 1
        ),
        budget: None,
    }
}

/// The year's cash set against the budget line, in a sentence.
pub fn cash_sentence(year: i32, cash: i64, budget: Option<i64>) -> String {
    let spent = format!(
        "Kinh phí khen thưởng theo các quyết định khen thưởng năm {year}: {}",
        crate::export::decision::vnd(cash)
    );
    match budget {
        Some(b) => format!(
            "{spent}, bằng {} dự toán được giao ({}).",
            crate::domain::cash::percent_of(cash, b),
            crate::export::decision::vnd(b)
        ),
        None => format!("{spent}."),
    }
}

pub fn year_end(r: &YearReport) -> OfficialDoc {
    let mut body = vec![para(format!(
        "Thực hiện {}, {} báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm {} như sau:",
        r.head.plan_ref, r.head.issuer_text, r.head.year
    ))];
    body.push(heading("I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA"));
    body.extend(written(&r.text.results));
    body.push(sub("1. Số liệu chung"));
    body.push(figures_table(vec![
        (
            "Cán bộ, công chức, viên chức và người lao động",
            r.people.to_string(),
            "100 %".into(),
        ),
        (
            "Đã đăng ký thi đua",
            r.registered.to_string(),
            share(r.registered, r.people),
        ),
        (
            "Trường hợp được khen thưởng trong năm",
            r.awarded.to_string(),
            "—".into(),
        ),
        (
            "Sáng kiến đăng ký cùng đăng ký thi đua",
            r.initiatives.0.to_string(),
            "—".into(),
        ),
        (
            "Sáng kiến được công nhận cho thành tích năm (theo quyết định công nhận)",
            r.initiatives.1.to_string(),
            "—".into(),
        ),
    ]));
    body.extend(units_part(r));
    body.extend(groups_part(r));
    body.extend(titles_part(r));
    body.push(para(cash_sentence(r.head.year, r.cash, r.text.budget)));
    body.push(heading("III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"));
    body.extend(written(&r.text.shortcomings));
    body.push(heading(&format!(
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {}",
        r.head.year + 1
    )));
    body.extend(written(&r.text.direction));
    official(
        &r.head,
        format!(
            "Tổng kết phong trào thi đua, công tác khen thưởng năm {} và phương hướng, nhiệm vụ năm {}",
            r.head.year,
            r.head.year + 1
        ),
        body,
    )
}

/// The report as an official document: its heading, `title`, `body`, recipients and signature.
fn official(h: &ReportHead, title: String, body: Vec<DocBlock>) -> OfficialDoc {
    let mut recipients: Vec<String> = h
        .reported_to
        .iter()
        .filter(|r| !r.trim().is_empty())
        .map(|r| format!("{} (để báo cáo);", r.trim()))
        .collect();
    recipients.push("Ban Giám đốc Sở;".into());
    recipients.push("Các phòng, đơn vị thuộc Sở;".into());
    recipients.push("Lưu: VT, VP.".into());
    OfficialDoc {
        confirmer: None,
        annex: Vec::new(),
        parent_body: h.parent_body.clone(),
        issuer: h.issuer.clone(),
        number_line: format!("Số: {}", h.number_code),
        place_date: vn_place_date(&h.place_name, h.dated),
        doc_type: "BÁO CÁO".into(),
        title,
        body,
        recipients,
        signer_lines: h.signer_lines.clone(),
        signer_name: h.signer_name.clone(),
        co_signer: None,
    }
}

/// The draft texts a mid-year report starts from: the figures in a sentence, and for each part
/// what it should say, in brackets.
pub fn mid_starting_text(year: i32, registered: i64, total: &[i64; 8]) -> ReportText {
    ReportText {
        results: format!(
            "Sáu tháng đầu năm {year}, {registered} cán bộ, công chức, viên chức và người lao động đã đăng ký \
thi đua với {} cam kết; {} cam kết đã được báo cáo tiến độ, tiến độ bình quân {}; {} sáng kiến được đăng ký.\n\
[Nêu kết quả nổi bật của các phong trào thi đua trong 6 tháng đầu năm.]",
            total[COMMITMENTS],
            total[REPORTED],
            mean_text(total),
            total[INITIATIVES]
        ),
        shortcomings: "[Nêu những tồn tại, hạn chế trong 6 tháng đầu năm và nguyên nhân.]".into(),
        direction: format!(
            "[Nêu nhiệm vụ trọng tâm và giải pháp của phong trào thi đua 6 tháng cuối năm {year}.]"
        ),
        budget: None,
    }
}

pub fn mid_year(r: &MidReport) -> OfficialDoc {
    let year = r.head.year;
    let t = &r.total;
    let mut body = vec![para(format!(
        "Thực hiện {}, {} báo cáo sơ kết phong trào thi đua 6 tháng đầu năm {year} như sau:",
        r.head.plan_ref, r.head.issuer_text
    ))];
    body.push(heading(
        "I. KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA 6 THÁNG ĐẦU NĂM",
    ));
    body.extend(written(&r.text.results));
    body.push(sub("1. Đăng ký thi đua và tiến độ thực hiện cam kết"));
    body.push(figures_table(vec![
        (
            "Người đã đăng ký thi đua",
            r.registered.to_string(),
            "—".into(),
        ),
        (
            "Cam kết đã đăng ký",
            t[COMMITMENTS].to_string(),
            "100 %".into(),
        ),
        (
            "Cam kết đã báo cáo tiến độ",
            t[REPORTED].to_string(),
            share(t[REPORTED], t[COMMITMENTS]),
        ),
        ("Tiến độ bình quân", mean_text(t), "—".into()),
        (
            "Đã hoàn thành (100 %)",
            t[DONE].to_string(),
            share(t[DONE], t[REPORTED]),
        ),
        (
            "Từ 50 % đến dưới 100 %",
            t[HALF].to_string(),
            share(t[HALF], t[REPORTED]),
        ),
        ("Dưới 50 %", t[LOW].to_string(), share(t[LOW], t[REPORTED])),
    ]));
    body.extend(mid_units_part(r));
    body.push(sub("3. Sáng kiến"));
    body.push(para(format!(
        "Có {} sáng kiến được đăng ký cùng bản đăng ký thi đua; {} sáng kiến đã được công nhận.",
        t[INITIATIVES], t[RECOGNISED]
    )));
    body.push(heading("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"));
    body.extend(written(&r.text.shortcomings));
    body.push(heading(&format!(
        "III. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM {year}"
    )));
    body.extend(written(&r.text.direction));
    official(
        &r.head,
        format!(
            "Sơ kết phong trào thi đua 6 tháng đầu năm {year}, nhiệm vụ trọng tâm 6 tháng cuối năm {year}"
        ),
        body,
    )
}

/// Per unit below the top: a table and a chart (people and registrations).
fn units_part(r: &YearReport) -> Vec<DocBlock> {
    let mut body = Vec::new();
    if !r.units.is_empty() {
        body.push(sub("2. Theo đơn vị (cộng dồn đơn vị trực thuộc)"));
        body.push(DocBlock::Table {
            widths: vec![8, 40, 13, 13, 13, 13],
            header: [
                "STT",
                "Đơn vị",
                "Số người",
                "Đăng ký",
                "Tỷ lệ",
                "Khen thưởng",
            ]
            .map(String::from)
            .to_vec(),
            rows: r
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    vec![
                        (i + 1).to_string(),
                        u.name.clone(),
                        u.people.to_string(),
                        u.registered.to_string(),
                        share(u.registered, u.people),
                        u.awarded.to_string(),
                    ]
                })
                .collect(),
        });
        body.push(DocBlock::Chart(Chart {
            alt: format!(
                "Biểu đồ số người và số đã đăng ký thi đua của các đơn vị năm {}",
                r.head.year
            ),
            categories: r.units.iter().map(|u| u.name.clone()).collect(),
            series: vec![
                (
                    "Số người".into(),
                    r.units.iter().map(|u| u.people).collect(),
                ),
                (
                    "Đã đăng ký".into(),
                    r.units.iter().map(|u| u.registered).collect(),
                ),
            ],
        }));
    }
    body
}

/// Per gender and employment category.
fn groups_part(r: &YearReport) -> Vec<DocBlock> {
    let mut body = Vec::new();
    if !r.groups.is_empty() {
        body.push(sub("3. Theo giới tính và đối tượng"));
        body.push(DocBlock::Table {
            widths: vec![14, 34, 13, 13, 13, 13],
            header: [
                "Giới tính",
                "Đối tượng",
                "Số người",
                "Đăng ký",
                "Tỷ lệ",
                "Khen thưởng cá nhân",
            ]
            .map(String::from)
            .to_vec(),
            rows: r
                .groups
                .iter()
                .map(|(g, c, p, reg, a)| {
                    vec![
                        g.clone(),
                        c.clone(),
                        p.to_string(),
                        reg.to_string(),
                        share(*reg, *p),
                        a.to_string(),
                    ]
                })
                .collect(),
        });
    }
    body
}

/// II. The awards: per title proposed and awarded, a table and a chart.
fn titles_part(r: &YearReport) -> Vec<DocBlock> {
    let mut body = Vec::new();
    body.push(heading("II. CÔNG TÁC KHEN THƯỞNG"));
    let shown: Vec<&TitleStat> = r
        .titles
        .iter()
        .filter(|t| t.proposed > 0 || t.awarded > 0)
        .collect();
    let proposed: i64 = shown.iter().map(|t| t.proposed).sum();
    let awarded: i64 = shown.iter().map(|t| t.awarded).sum();
    body.push(para(format!(
        "Trong năm {}, các đơn vị đề nghị {proposed} trường hợp; {awarded} trường hợp được khen thưởng \
(theo quyết định của {}, của cấp trên và khen thưởng đã ghi nhận), cụ thể:",
        r.head.year, r.head.issuer_text
    )));
    if shown.is_empty() {
        body.push(para("Chưa có đề nghị hay khen thưởng nào trong năm."));
    } else {
        body.push(DocBlock::Table {
            widths: vec![8, 56, 18, 18],
            header: [
                "STT",
                "Danh hiệu, hình thức khen thưởng",
                "Đề nghị",
                "Được khen thưởng",
            ]
            .map(String::from)
            .to_vec(),
            rows: shown
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    vec![
                        (i + 1).to_string(),
                        t.name_vi.clone(),
                        t.proposed.to_string(),
                        t.awarded.to_string(),
                    ]
                })
                .collect(),
        });
        body.push(DocBlock::Chart(Chart {
            alt: format!(
                "Biểu đồ số trường hợp đề nghị và được khen thưởng theo danh hiệu năm {}",
                r.head.year
            ),
            categories: shown.iter().map(|t| t.name_vi.clone()).collect(),
            series: vec![
                ("Đề nghị".into(), shown.iter().map(|t| t.proposed).collect()),
                (
                    "Được khen thưởng".into(),
                    shown.iter().map(|t| t.awarded).collect(),
                ),
            ],
        }));
    }
    let (passed, failed): (i64, i64) = (
        r.titles.iter().map(|t| t.passed).sum(),
        r.titles.iter().map(|t| t.failed).sum(),
    );
    if passed + failed > 0 {
        body.push(para(format!(
            "Hội đồng Thi đua – Khen thưởng đã xét {} trường hợp: thông qua {passed}, không thông qua {failed}.",
            passed + failed
        )));
    }
    if !r.levels.is_empty() {
        body.push(para("Theo cấp khen thưởng:"));
        body.push(DocBlock::Table {
            widths: vec![8, 56, 18, 18],
            header: ["STT", "Cấp khen thưởng", "Đề nghị", "Được khen thưởng"]
                .map(String::from)
                .to_vec(),
            rows: r
                .levels
                .iter()
                .enumerate()
                .map(|(i, (name, proposed, awarded))| {
                    vec![
                        (i + 1).to_string(),
                        name.clone(),
                        proposed.to_string(),
                        awarded.to_string(),
                    ]
                })
                .collect(),
        });
    }
    body
}

/// Per unit below the top: registrations, commitments, progress, initiatives; a table and a chart.
fn mid_units_part(r: &MidReport) -> Vec<DocBlock> {
    let year = r.head.year;
    let mut body = Vec::new();
    if !r.units.is_empty() {
        body.push(sub("2. Theo đơn vị (cộng dồn đơn vị trực thuộc)"));
        body.push(DocBlock::Table {
            widths: vec![7, 37, 11, 11, 12, 11, 11],
            header: [
                "STT",
                "Đơn vị",
                "Đăng ký",
                "Cam kết",
                "Đã báo cáo",
                "Bình quân",
                "Sáng kiến",
            ]
            .map(String::from)
            .to_vec(),
            rows: r
                .units
                .iter()
                .enumerate()
                .map(|(i, u)| {
                    vec![
                        (i + 1).to_string(),
                        u.unit.name.clone(),
                        u.unit.registered.to_string(),
                        u.p[COMMITMENTS].to_string(),
                        u.p[REPORTED].to_string(),
                        mean_text(&u.p),
                        u.p[INITIATIVES].to_string(),
                    ]
                })
                .collect(),
        });
        body.push(DocBlock::Chart(Chart {
            alt: format!(
                "Biểu đồ số cam kết và số đã báo cáo tiến độ của các đơn vị, 6 tháng đầu năm {year}"
            ),
            categories: r.units.iter().map(|u| u.unit.name.clone()).collect(),
            series: vec![
                (
                    "Cam kết".into(),
                    r.units.iter().map(|u| u.p[COMMITMENTS]).collect(),
                ),
                (
                    "Đã báo cáo tiến độ".into(),
                    r.units.iter().map(|u| u.p[REPORTED]).collect(),
                ),
            ],
        }));
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_written_the_vietnamese_way() {
        assert_eq!(share(1, 3), "33,3 %");
        assert_eq!(share(2, 3), "66,7 %");
        assert_eq!(share(5, 5), "100 %");
        assert_eq!(share(0, 0), "—");
    }
}
