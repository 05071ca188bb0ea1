//! The demo's current campaign: a plan of the demo's own words (sample data, never issued),
//! under the regime in force (Luật Thi đua, khen thưởng 2022 with Nghị định 152/2025/NĐ-CP), its
//! registration open on the day the demo is loaded, so that every step can be tried today.

use crate::domain::campaign::{Criterion, Plan, Responsibility, Timeline};
use chrono::{Datelike, Duration, NaiveDate};

const SAMPLE: &str = "(Kế hoạch mẫu của dữ liệu demo, do phần mềm soạn để thử các bước của phong trào; không phải văn bản đã ban hành.)";

const INTRODUCTION: &str = "Năm {year} là năm tiếp tục thực hiện các chủ trương sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả và đẩy mạnh chuyển đổi số trong quản lý tài nguyên và môi trường.
Sở phát động phong trào thi đua năm {year} với chủ đề **“Kỷ cương, trách nhiệm, chuyển đổi số, hiệu quả”**, nhằm động viên cán bộ, công chức, viên chức và người lao động hoàn thành xuất sắc nhiệm vụ được giao.";

const CONTENT: [&str; 4] = [
    "Thi đua hoàn thành đạt và vượt các chỉ tiêu, nhiệm vụ được Ủy ban nhân dân tỉnh giao năm {year}; không để hồ sơ, thủ tục hành chính quá hạn.",
    "Thi đua thực hiện chuyển đổi số: số hóa hồ sơ địa chính, cập nhật cơ sở dữ liệu đất đai, tài nguyên nước, quan trắc môi trường; giải quyết thủ tục hành chính trực tuyến toàn trình.",
    "Thi đua thực hiện văn hóa công sở, kỷ luật, kỷ cương hành chính; phòng, chống tham nhũng, tiêu cực, lãng phí.",
    "Phát hiện, bồi dưỡng, nhân rộng gương điển hình tiên tiến; khen thưởng kịp thời, chính xác, công khai, minh bạch, đúng quy định.",
];

const CRITERIA_COLLECTIVE: [&str; 3] = [
    "Có kế hoạch, đăng ký thi đua và chỉ tiêu thi đua; hoàn thành và hoàn thành vượt mức kế hoạch nhiệm vụ của năm, không có nhiệm vụ quá hạn.",
    "Giải quyết thủ tục hành chính đúng hạn; tỷ lệ hồ sơ trực tuyến toàn trình theo chỉ tiêu được giao.",
    "Nội bộ đoàn kết; không có cá nhân bị kỷ luật từ khiển trách trở lên.",
];

const CRITERIA_INDIVIDUAL: [&str; 3] = [
    "Có đăng ký thi đua, chỉ tiêu cụ thể; hoàn thành tốt nhiệm vụ được giao, có sáng kiến hoặc giải pháp nâng cao hiệu quả công tác.",
    "Tích cực học tập nâng cao trình độ chuyên môn, kỹ năng số.",
    "Chấp hành tốt chủ trương, chính sách, pháp luật, nội quy, quy chế của cơ quan; có đạo đức, lối sống lành mạnh.",
];

const RESP_HEADS: &str = "- Phổ biến Kế hoạch này đến toàn thể công chức, viên chức, người lao động; tổ chức đăng ký thi đua trên hệ thống trong thời hạn.
- Theo dõi, đánh giá việc thực hiện chỉ tiêu thi đua; họp bình xét và đề nghị khen thưởng đúng thời hạn.";

const RESP_OFFICE: &str =
    "- Theo dõi, đôn đốc việc đăng ký và thực hiện phong trào thi đua; tổng hợp sơ kết, tổng kết.
- Tham mưu Hội đồng Thi đua - Khen thưởng Sở xét khen thưởng và đề nghị cấp trên khen thưởng.";

const CLOSING: &str = "Trên đây là Kế hoạch phát động phong trào thi đua năm {year}. Đề nghị các phòng, đơn vị thuộc Sở tổ chức thực hiện./.";

const RECIPIENTS: &str = "Ban Thi đua - Khen thưởng tỉnh (để báo cáo);
Giám đốc và các Phó Giám đốc Sở;
Các phòng, đơn vị thuộc Sở;
Lưu: VT, VP.";

/// The year whose plan is in registration on `today`: a Department launches the next year's plan
/// in December, so from December on that is the next year.
pub fn year_on(today: NaiveDate) -> i32 {
    if today.month() == 12 {
        today.year() + 1
    } else {
        today.year()
    }
}

/// The timeline of the year-`year` plan with registration open on `today`: open since two weeks,
/// closing in three; the mid-year review in July, the proposals at the end of November, the
/// council and the decision in December (each at least a week after the step before).
pub fn timeline(year: i32, today: NaiveDate) -> Timeline {
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(today);
    let after = |date: NaiveDate, before: NaiveDate| date.max(before + Duration::days(7));
    let closes = today + Duration::days(21);
    let midyear = after(day(7, 15), closes);
    let proposals = after(day(11, 30), midyear);
    let council = after(day(12, 15), proposals);
    let decision = after(day(12, 25), council);
    Timeline {
        registration_opens: Some(today - Duration::days(14)),
        registration_closes: Some(closes),
        midyear_review: Some(midyear),
        proposal_deadline: Some(proposals),
        council_meeting: Some(council),
        decision_date: Some(decision),
    }
}

/// The plan of the year in registration on `today`, dated when its registration opened.
pub fn plan(today: NaiveDate) -> Plan {
    let year = year_on(today);
    plan_for(year, timeline(year, today))
}

/// The demo's plan for `year` on `timeline`, dated when its registration opened.
pub fn plan_for(year: i32, timeline: Timeline) -> Plan {
    let y = |s: &str| s.replace("{year}", &year.to_string());
    let criteria = |list: &[&str]| {
        list.iter()
            .map(|s| Criterion {
                body: s.to_string(),
                max_score: None,
                weight: None,
            })
            .collect()
    };
    Plan {
        kind: "annual".into(),
        year,
        starts_on: None,
        ends_on: None,
        doc_number: "12".into(),
        doc_code: "KH-STNMT".into(),
        parent_body: "UBND TỈNH SÓC TRĂNG".into(),
        issuer_name: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
        place: "Sóc Trăng".into(),
        doc_date: timeline.registration_opens,
        title: format!("Phát động phong trào thi đua năm {year}"),
        legal_bases: "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\nCăn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng,".into(),
        introduction: format!("{SAMPLE}\n{}", y(INTRODUCTION)),
        theme: "Kỷ cương, trách nhiệm, chuyển đổi số, hiệu quả".into(),
        content: CONTENT.iter().map(|s| y(s)).collect(),
        criteria_collective: criteria(&CRITERIA_COLLECTIVE),
        criteria_individual: criteria(&CRITERIA_INDIVIDUAL),
        responsibilities: vec![
            Responsibility {
                addressee: "Thủ trưởng các phòng, đơn vị thuộc Sở:".into(),
                body: RESP_HEADS.into(),
            },
            Responsibility {
                addressee: "Văn phòng Sở:".into(),
                body: RESP_OFFICE.into(),
            },
        ],
        closing: y(CLOSING),
        recipients: RECIPIENTS.into(),
        signer_title: "GIÁM ĐỐC".into(),
        signer_name: String::new(),
        timeline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_plan_in_registration_is_next_years_from_december() {
        assert_eq!(year_on(d(2026, 12, 7)), 2027);
        assert_eq!(year_on(d(2026, 3, 2)), 2026);
        for today in [
            d(2026, 12, 7),
            d(2026, 3, 2),
            d(2026, 9, 20),
            d(2026, 11, 28),
        ] {
            let p = plan(today);
            assert!(p.timeline.check_order().is_empty(), "{today}: {p:?}");
            assert_eq!(
                p.timeline.stage_on(today),
                crate::domain::campaign::Stage::RegistrationOpen
            );
            assert!(p.introduction.starts_with("(Kế hoạch mẫu"));
        }
        let p = plan(d(2026, 12, 7));
        assert_eq!(p.title, "Phát động phong trào thi đua năm 2027");
        assert_eq!(p.timeline.midyear_review, Some(d(2027, 7, 15)));
    }
}
