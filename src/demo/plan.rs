//! The 2022 plan of the reference document (Kế hoạch phát động phong trào thi đua năm 2022, Sở Tài
//! nguyên và Môi trường tỉnh Sóc Trăng), word for word, in the plan markup (`**bold**`, "- " items).

use crate::domain::campaign::{Criterion, Plan, Responsibility, Timeline};
use chrono::{Duration, NaiveDate};

const INTRODUCTION: &str = "Năm 2022 là năm tạo nền tảng thực hiện các mục tiêu Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, Chiến lược phát triển kinh tế - xã hội 10 năm 2021-2030 và Kế hoạch phát triển kinh tế xã hội 05 năm 2021-2025 và các kế hoạch theo các Nghị quyết của Đảng, Quốc hội.
Sở Tài nguyên và Môi trường phát động phong trào thi đua toàn ngành tài nguyên và môi trường tỉnh Sóc Trăng năm 2022 với chủ đề **“Kỷ cương, trách nhiệm, đổi mới, hội nhập, hiệu quả”** nhằm khơi dậy lòng yêu nước, niềm tự hào của cán bộ, công chức, viên chức và người lao động trong toàn ngành tài nguyên và môi trường đặt quyết tâm cao hoàn thành xuất sắc nhiệm vụ, chỉ tiêu kinh tế - xã hội của ngành năm 2022.";

const CONTENT: [&str; 7] = [
    "Triển khai thực hiện đảm bảo chất lượng, hiệu quả các chỉ tiêu, nhiệm vụ được UBND tỉnh giao. Phấn đấu thi đua thực hiện đạt và vượt kế hoạch nhiệm vụ của ngành tài nguyên và môi trường năm 2022.",
    "Thi đua đổi mới, nâng cao hiệu quả công tác xây dựng văn bản quy phạm pháp luật về quản lý tài nguyên và môi trường, thích ứng với biến đổi khí hậu, tập trung tháo gỡ khó khăn, cải cách thủ tục hành chính, cải thiện môi trường đầu tư kinh doanh.",
    "Thi đua thực hiện chuyển đổi số, xây dựng chính quyền điện tử; phát triển Chính phủ số ngành tài nguyên và môi trường; phát triển hạ tầng số, dữ liệu số, ứng dụng mạnh mẽ công nghệ thông tin, hiện đại hoá trong công tác chỉ đạo điều hành, kết nối liên thông giữa các ngành, các cấp; nâng cao hiệu quả phục vụ người dân và doanh nghiệp.",
    "Đẩy mạnh cải cách hành chính; củng cố và hoàn thiện bộ máy theo hướng tinh gọn, hiệu quả; siết chặt kỷ luật, kỷ cương hành chính đi đôi với tạo dựng môi trường, đổi mới sáng tạo. Gắn với phong trào thi đua thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”.",
    "Tích cực hưởng ứng phong trào thi đua thực hiện văn hoá công sở; tạo dựng hình ảnh người cán bộ ngành tài nguyên và môi trường \"Trung thành - Tận tụy - Sáng tạo - Gương mẫu\", góp phần xây dựng một nền hành chính chuyên nghiệp, văn minh, hiện đại đáp ứng sự hài lòng của người dân. Tiếp tục thực hiện phong trào thi đua **“Cán bộ, công chức, viên chức tỉnh Sóc Trăng thi đua thực hiện văn hóa công sở”** giai đoạn 2019 - 2025.",
    "Tiếp tục nâng cao chất lượng, hiệu quả công tác thi đua khen thưởng, đảm bảo chính xác, kịp thời, công khai, minh bạch và thực sự có tác dụng động viên, nêu gương. Khen thưởng phải gắn với kết quả phong trào thi đua, thực hiện kế hoạch nhiệm vụ chính trị của cơ quan, đơn vị; Tích cực hưởng ứng các phong trào thi đua do Bộ Tài nguyên và Môi trường và UBND tỉnh phát động. Làm tốt công tác xây dựng, nhân rộng các gương điển hình tiên tiến, các tập thể, cá nhân có thành tích tiêu biểu trong các phong trào thi đua để kịp thời biểu dương, khen thưởng; thực hiện đánh giá, xếp loại, khen thưởng cán bộ, công chức, viên chức, người lao động gắn với sản phẩm, chất lượng, hiệu quả công việc.",
    "Tiếp tục triển khai và vận động công chức, viên chức, người lao động tích cực hưởng ứng và đẩy mạnh các phong trào thi đua yêu nước do Bộ, ngành Trung ương, Chủ tịch UBND tỉnh Sóc Trăng và Giám đốc Sở Tài nguyên và Môi trường tỉnh Sóc Trăng đã phát động.",
];

const CRITERIA_COLLECTIVE: [&str; 5] = [
    "Hưởng ứng và phát động phong trào thi đua thiết thực, hiệu quả gắn với các nhiệm vụ chính trị của cơ quan, đơn vị và của ngành: có kế hoạch, giải pháp sáng tạo, đổi mới, an toàn, linh hoạt, hiệu quả; có đăng ký chỉ tiêu thi đua, đăng ký sáng kiến về xây dựng chính sách, thể chế, cải cách hành chính, ứng dụng công nghệ thông tin...",
    "Có chương trình công tác (kế hoạch, nhiệm vụ) của năm được xây dựng, phê duyệt theo quy định; hoàn thành và hoàn thành vượt mức kế hoạch nhiệm vụ, đảm bảo chất lượng, hiệu quả, không có nhiệm vụ quá hạn của năm, trong đó chương trình xây dựng pháp luật và giải ngân đảm bảo tiến độ, chất lượng, hiệu quả.",
    "Có kế hoạch thực hiện cải cách hành chính, chuyển đổi số được phê duyệt (quy chế, quy trình, thủ tục, trách nhiệm, tiến độ cụ thể), cắt bỏ các thủ tục rườm rà trong giải quyết công việc; phục vụ lợi ích của người dân và doanh nghiệp; mọi dịch vụ công đều có thể được thực hiện trực tuyến cấp độ 3, 4.",
    "Thực hiện tốt kỷ luật, kỷ cương, trách nhiệm, quy định văn hóa công sở: không đi trễ về sớm, không uống rượu bia, hút thuốc lá tại nơi làm việc, chấp hành nghiêm các quy định về phòng, chống dịch bệnh...",
    "Nội bộ đoàn kết; thực hiện tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước; nâng cao đời sống vật chất, tinh thần của người lao động.",
];

const CRITERIA_INDIVIDUAL: [&str; 4] = [
    "Có đăng ký chỉ tiêu thi đua, đăng ký sáng kiến; có sáng kiến cải tiến kỹ thuật hoặc đề tài nghiên cứu khoa học công nghệ, giải pháp đổi mới, sáng tạo, linh hoạt, để nâng cao chất lượng, hiệu quả công tác.",
    "Tích cực học tập nâng cao trình độ chuyên môn, nghiệp vụ.",
    "Thực hiện tốt kỷ luật, kỷ cương hành chính, quy định văn hóa công sở, phòng, chống dịch bệnh và nội quy của cơ quan, đơn vị.",
    "Chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của Nhà nước, nội quy, quy chế của cơ quan, đơn vị, có tinh thần tự lực, tự cường; đoàn kết, tương trợ, tích cực tham gia các phong trào thi đua; có đạo đức, lối sống lành mạnh.",
];

const RESP_HEADS: &str = "- Phổ biến và triển khai quán triệt nội dung của Kế hoạch này đến toàn thể công chức, viên chức, người lao động để hưởng ứng và đăng ký thi đua; đồng thời cụ thể hóa nội dung kế hoạch phát động phong trào thi đua trong tổ chức thực hiện nhiệm vụ chính trị của đơn vị mình.
- Chủ động phối hợp chặt chẽ với các tổ chức Đảng, Đoàn thể cùng cấp để tổ chức phát động, chỉ đạo phong trào thi đua trong phạm vi đơn vị mình quản lý; phát hiện, lựa chọn các tập thể, cá nhân có thành tích trình Giám đốc Sở khen thưởng thông qua Hội đồng thi đua khen thưởng xét hoặc đề nghị cấp có thẩm quyền khen thưởng kịp thời.
- Có trách nhiệm lựa chọn gương điển hình tiên tiến thuộc phòng, đơn vị mình quản lý để đề xuất, giới thiệu về Sở (thông qua Văn phòng Sở) để tổng hợp báo cáo lãnh đạo Sở xem xét biểu dương, nhân rộng hoặc gửi về Sở Nội vụ để tuyên truyền trên Cổng thông tin điện tử của tỉnh.";

const RESP_OFFICE: &str = "- Tham mưu Giám đốc Sở, Hội đồng thi đua khen thưởng Sở thực hiện sơ tổng kết phong trào thi đua, phối hợp tốt với các phòng, đơn vị thuộc Sở, Phòng Tài nguyên và Môi trường các huyện, thị xã, thành phố trong việc đề xuất khen thưởng kịp thời đối với các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua.
- Theo dõi, đôn đốc, kiểm tra việc triển khai thực hiện kế hoạch này; đồng thời đề xuất, kiến nghị sửa đổi, bổ sung kế hoạch (nếu có) cho phù hợp tình hình thực tế. Tổ chức đánh giá tổng kết phong trào thi đua vào cuối năm làm cơ sở phát động phong trào thi đua cho năm tiếp theo.";

const CLOSING: &str = "Trên đây là kế hoạch phát động phong trào thi đua năm 2022, Giám đốc Sở Tài nguyên và Môi trường kêu gọi toàn thể công chức, viên chức và người lao động ngành Tài nguyên và Môi trường tỉnh Sóc Trăng phát huy những thành quả đã đạt được, hãy nêu cao hơn nữa tinh thần trách nhiệm, đoàn kết, chung sức đồng lòng, thi đua lao động sáng tạo, tích cực hưởng ứng phong trào thi đua góp phần xây dựng ngành tài nguyên và môi trường ngày càng phát triển./.";

const RECIPIENTS: &str = "UBND tỉnh (để báo cáo);
Sở Nội Vụ (để báo cáo);
Giám đốc và các PGĐ Sở;
Các phòng, đơn vị thuộc Sở;
P.TN&MT các huyện, TX, TP;
Các đoàn thể thuộc Sở;
Lưu: VT, VP.";

/// The 2022 year as it happened: registration in January and February, the mid-year review in
/// July, the units' proposals by 09/12, the council on 20/12 and the decision on 29/12/2022.
pub fn timeline_2022() -> Timeline {
    let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2022, m, day);
    Timeline {
        registration_opens: d(1, 5),
        registration_closes: d(2, 28),
        midyear_review: d(7, 15),
        proposal_deadline: d(12, 9),
        council_meeting: d(12, 20),
        decision_date: d(12, 29),
    }
}

/// The 2022 year replayed as if it were `today` (the tests' fixture): registration open, the year
/// end ahead.
pub fn replay_timeline(today: NaiveDate) -> Timeline {
    let d = |days: i64| Some(today + Duration::days(days));
    Timeline {
        registration_opens: d(-14),
        registration_closes: d(21),
        midyear_review: d(120),
        proposal_deadline: d(300),
        council_meeting: d(315),
        decision_date: d(330),
    }
}

/// The plan, with `timeline`.
pub fn plan_2022(timeline: Timeline) -> Plan {
    Plan {
        kind: "annual".into(),
        year: 2022,
        starts_on: None,
        ends_on: None,
        doc_number: "05".into(),
        doc_code: "KH-STNMT".into(),
        parent_body: "UBND TỈNH SÓC TRĂNG".into(),
        issuer_name: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
        place: "Sóc Trăng".into(),
        doc_date: NaiveDate::from_ymd_opt(2022, 1, 5),
        title: "Phát động phong trào thi đua năm 2022".into(),
        legal_bases: "Căn cứ Công văn số 8240/BTNMT-TĐKTTT ngày 31/12/2021 của Bộ Tài nguyên và Môi trường về việc phát động phong trào thi đua năm 2022,".into(),
        introduction: INTRODUCTION.into(),
        theme: "Kỷ cương, trách nhiệm, đổi mới, hội nhập, hiệu quả".into(),
        content: CONTENT.iter().map(|s| s.to_string()).collect(),
        criteria_collective: CRITERIA_COLLECTIVE
            .iter()
            .map(|s| Criterion {
                body: s.to_string(),
                max_score: None,
                weight: None,
            })
            .collect(),
        criteria_individual: CRITERIA_INDIVIDUAL
            .iter()
            .map(|s| Criterion {
                body: s.to_string(),
                max_score: None,
                weight: None,
            })
            .collect(),
        responsibilities: vec![
            Responsibility {
                addressee: "Thủ trưởng các phòng, đơn vị thuộc Sở, Trưởng phòng Tài nguyên và Môi trường các huyện, thị xã, thành phố:".into(),
                body: RESP_HEADS.into(),
            },
            Responsibility {
                addressee: "Văn phòng Sở:".into(),
                body: RESP_OFFICE.into(),
            },
        ],
        closing: CLOSING.into(),
        recipients: RECIPIENTS.into(),
        signer_title: "GIÁM ĐỐC".into(),
        signer_name: String::new(),
        timeline,
    }
}
