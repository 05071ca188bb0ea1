//! Every document the product hands to people, rendered as a records clerk would render it
//! (LibreOffice for the .docx, the PDF as produced) and read back from the pages
//! (`common::paper`): the checks every official document passes (`Paper::check`), and each defect a
//! clerk found in the demo's papers, held by a test that fails on the old output.
//!
//! `THIDUA_PAPERS=/some/dir cargo test --test papers` keeps each rendered PDF there to be looked at.

use crate::common::paper::Paper;
use crate::common::*;
use thidua::export::decision::{Awarded, DecisionDoc, decision};
use thidua::export::docx::render;

/// The demo past the council, as `serve --demo` loads it, and the Office signed in.
async fn demo() -> (TestApp, reqwest::Client) {
    let app = spawn_app().await;
    thidua::demo::past_council(&app.db).await.unwrap();
    let c = signed_in(&app, "vanphong").await;
    (app, c)
}

async fn id_of(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.db).await.unwrap()
}

/// The pages' text as one line (a phrase is found wherever the lines break it).
fn flat(p: &Paper) -> String {
    p.lines()
        .into_iter()
        .map(|l| l.1)
        .collect::<Vec<_>>()
        .join(" ")
}

fn has(p: &Paper, phrase: &str) {
    assert!(
        flat(p).contains(phrase),
        "{}: the pages do not read {phrase:?}:\n{}",
        p.name,
        p.text()
    );
}

/// The words of `phrase` follow one another on the pages (in a table cell as anywhere).
fn has_words(p: &Paper, phrase: &str) {
    assert!(
        p.last_page_of(phrase).is_some(),
        "{}: the words {phrase:?} are not on the pages:\n{}",
        p.name,
        p.text()
    );
}

fn lacks(p: &Paper, phrase: &str) {
    assert!(
        !flat(p).contains(phrase),
        "{}: the pages read {phrase:?}:\n{}",
        p.name,
        p.text()
    );
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn the_decision_reads_as_the_department_issues_it() {
    let (app, c) = demo().await;
    let docx = download(&c, &app.url("/decisions/1.docx")).await;
    let p = Paper::docx("decision", &docx);
    p.check();
    assert_eq!(p.place_date(), Some(date(2022, 12, 29)));
    // ND 91/2017 Art. 68(2) rounds up to ten thousand: 0.8 × 1,490,000 = 1,192,000 → 1,200,000
    has(&p, "1.200.000 1.200.000");
    has(&p, "Tổng cộng 4 2.550.000");
    has(
        &p,
        "Tổng số tiền thưởng: 2.550.000 đồng (Bằng chữ: Hai triệu năm trăm năm mươi nghìn đồng)",
    );
    lacks(&p, "1.190.000");
    lacks(&p, "2.540.000");
    // the bases complete for ND 91, and the issuer's own
    has(
        &p,
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013",
    );
    has(
        &p,
        "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Tài nguyên và Môi trường tỉnh Sóc Trăng",
    );
    has(
        &p,
        "Quy chế công tác thi đua, khen thưởng trên địa bàn tỉnh Sóc Trăng",
    );
    has(&p, "về việc phát động phong trào thi đua năm 2022");
    lacks(&p, "về việc Phát động");
    has(
        &p,
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Sở và Chánh Văn phòng Sở.",
    );
    // a summary that says what it does: titles are recognised ("công nhận"), not "tặng"
    has(
        &p,
        "Về việc công nhận danh hiệu “Lao động tiên tiến” và “Tập thể lao động tiên tiến” năm 2022",
    );
    lacks(&p, "Về việc tặng danh hiệu");
    // each person with Ông/Bà, position and unit; the collective by its name alone
    for words in [
        "Bà Nguyễn Ngọc Bích",
        "Phó Trưởng phòng, Phòng Khoáng sản",
        "Ông Phan Văn Tài",
        "Chuyên viên, Phòng Khoáng sản",
    ] {
        has_words(&p, words);
    }
    lacks(&p, "Phòng Khoáng sản Phòng Khoáng sản");
    // Điều 3: who pays and carries it out, and the effect
    has(
        &p,
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, Trưởng phòng Kế hoạch - Tài chính, Thủ trưởng các phòng, đơn vị thuộc Sở và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    );
    app.cleanup().await;
}

/// A decision of forty lines: its list annexed on a page of its own after the signature, the
/// list's header row repeated on each page, no row split, a commendation "tặng", a title without a
/// cash multiple stopping the cash table with the reason.
#[test]
fn a_long_decision_annexes_its_list_and_repeats_its_header_rows() {
    let line = |i: usize, title: &str, is_title: bool| Awarded {
        subject: format!("Nguyễn Văn Mục{i:02}"),
        honorific: if i % 2 == 0 { "Ông" } else { "Bà" },
        position: "Chuyên viên chính".into(),
        unit: "Văn phòng Đăng ký đất đai tỉnh Sóc Trăng".into(),
        title: title.into(),
        is_title,
        multiple: Some("0.30".into()),
        amount: Some(450_000),
        ..Default::default()
    };
    let mut lines: Vec<Awarded> = (1..=38)
        .map(|i| line(i, "Lao động tiên tiến", true))
        .collect();
    lines.push(line(39, "Giấy khen của Giám đốc Sở", false));
    lines.push(Awarded {
        subject: "Phòng Đo đạc, Bản đồ và Viễn thám".into(),
        collective: true,
        multiple: None,
        amount: None,
        ..line(40, "Giấy khen của Giám đốc Sở", false)
    });
    let d = DecisionDoc {
        parent_body: "UBND tỉnh Sóc Trăng".into(),
        issuer: "Sở Tài nguyên và Môi trường".into(),
        issuer_text: "Sở Tài nguyên và Môi trường tỉnh Sóc Trăng".into(),
        place_name: "Sóc Trăng".into(),
        number: "07/QĐ-STNMT".into(),
        decided_on: date(2022, 12, 29),
        year: 2022,
        bases: vec!["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;".into()],
        proposer: "Hội đồng Thi đua - Khen thưởng Sở và Chánh Văn phòng Sở".into(),
        lines,
        base_salary: (1_490_000, "Nghị định 38/2019/NĐ-CP".into()),
        signer: thidua::domain::numbered::Signer::Deputy,
        signer_name: "Huỳnh Thị Ngọc Ánh".into(),
        executors: "Chánh Văn phòng Sở, Trưởng phòng Kế hoạch - Tài chính".into(),
        amends: None,
    };
    let p = Paper::docx("decision-40", &render(&decision(&d)).unwrap());
    p.check();
    has(
        &p,
        "Về việc công nhận danh hiệu “Lao động tiên tiến” và tặng Giấy khen của Giám đốc Sở năm 2022",
    );
    has(&p, "(có danh sách kèm theo)");
    // the missing multiple stops the cash, naming the title
    has(
        &p,
        "Chưa tính được tiền thưởng: chế độ khen thưởng áp dụng chưa có hệ số tiền thưởng của Giấy khen của Giám đốc Sở (tập thể)",
    );
    lacks(&p, "Tổng cộng");
    // the list after the signature, on pages of its own, its header on each
    let sig = p.last_page_of("Huỳnh Thị Ngọc Ánh").unwrap();
    let list = p.page_of("DANH SÁCH").unwrap();
    assert!(list > sig, "the list starts after the signature's page");
    assert!(
        p.lines().iter().any(|l| l
            .1
            .starts_with("(Kèm theo Quyết định số 07/QĐ-STNMT ngày 29/12/2022")),
        "the reference, a line of its own:\n{}",
        p.text()
    );
    let last = p.last_page_of("Mục38").unwrap();
    assert!(last > list, "forty lines run over a page");
    for page in list..=last {
        assert!(
            p.pages[page].contains("STT") && p.pages[page].contains("Họ và tên"),
            "page {} of the list lacks its header row:\n{}",
            page + 1,
            p.pages[page]
        );
    }
    // every line on the pages once, in order
    let pages: Vec<usize> = (1..=38)
        .map(|i| p.last_page_of(&format!("Mục{i:02}")).unwrap())
        .collect();
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
}

#[tokio::test]
async fn the_submission_sends_its_list_on_a_page_of_its_own() {
    let (app, c) = demo().await;
    let docx = download(&c, &app.url("/submissions/1.docx")).await;
    let p = Paper::docx("submission", &docx);
    p.check();
    assert_eq!(p.place_date(), Some(date(2023, 1, 9)));
    // to the authority that decides, in sentence case, through the province's board
    p.assert_line("Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng.");
    has(
        &p,
        "(qua Ban Thi đua - Khen thưởng tỉnh Sóc Trăng (Sở Nội vụ))",
    );
    has(
        &p,
        "kính trình Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng xem xét, quyết định",
    );
    lacks(&p, "kính trình UBND TỈNH");
    has(
        &p,
        "Kính trình Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng xem xét, quyết định./.",
    );
    // body, "./.", signature; then the list on its own page, its reference a separate line
    let sig = p.last_page_of("Lê Minh Khoa").unwrap();
    let body_end = p.last_page_of("xem xét, quyết định./.").unwrap();
    assert_eq!(sig, body_end, "the signature follows the body");
    let list = p.page_of("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2022").unwrap();
    assert!(list > sig, "the list is on a page of its own");
    let reference = p
        .lines()
        .into_iter()
        .find(|(_, l)| l.contains("Kèm theo Tờ trình số"))
        .unwrap();
    assert!(
        reference
            .1
            .starts_with("(Kèm theo Tờ trình số 01/TTr-STNMT ngày 09/01/2023"),
        "the reference is a line of its own: {reference:?}"
    );
    has_words(&p, "Bà Võ Thị Nhung");
    has_words(&p, "Trưởng phòng, Phòng Khoáng sản");
    has_words(&p, "4/4 (100 %)");
    app.cleanup().await;
}

#[tokio::test]
async fn the_minutes_are_numbered_and_close_as_minutes_close() {
    let (app, c) = demo().await;
    let unit = id_of(
        &app,
        "SELECT u.id FROM unit_reviews r JOIN units u ON u.id = r.unit_id ORDER BY u.id LIMIT 1",
    )
    .await;
    let unit_docx = download(
        &c,
        &app.url(&format!("/campaigns/1/reviews/{unit}/minutes.docx")),
    )
    .await;
    let council_docx = download(&c, &app.url("/council/meetings/1/minutes.docx")).await;
    let papers = Paper::docx_many(&[
        ("unit-minutes", &unit_docx),
        ("council-minutes", &council_docx),
    ]);
    for p in &papers {
        p.check();
        has(p, "Biên bản đã được thông qua trước khi kết thúc cuộc họp");
        lacks(p, "thông qua trước cuộc họp");
        has(p, "Cuộc họp kết thúc vào lúc");
        assert!(
            p.lines()
                .iter()
                .any(|l| l.1.contains("Số:") && l.1.contains("/BB-")),
            "{}: numbered",
            p.name
        );
    }
    let (u, m) = (&papers[0], &papers[1]);
    // the chair and the secretary with their positions
    assert!(
        u.lines()
            .iter()
            .any(|l| l.1.starts_with("Chủ trì: Ông ") || l.1.starts_with("Chủ trì: Bà ")),
        "the chair with Ông/Bà:\n{}",
        u.text()
    );
    has(u, "Cuộc họp kết thúc vào lúc 16 giờ 30 cùng ngày.");
    has(m, "Chủ trì: Ông Lê Minh Khoa, Giám đốc, Chủ tịch Hội đồng.");
    has(
        m,
        "Thư ký: Bà Nguyễn Thị Thu Hà, Chuyên viên phụ trách thi đua, khen thưởng, Thư ký Hội đồng.",
    );
    // a collective is named once, not "Phòng Khoáng sản (Phòng Khoáng sản)"
    lacks(m, "Phòng Khoáng sản (Phòng Khoáng sản)");
    // the shares with their decimals
    has(m, "50 %");
    app.cleanup().await;
}

#[tokio::test]
async fn a_ballot_count_exists_only_where_a_secret_ballot_was_held() {
    let (app, c) = demo().await;
    // the demo's meeting voted by show of hands: there is no ballot count to download
    let r = c
        .get(app.url("/council/meetings/1/ballot-count.docx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::NOT_FOUND);
    let (_, page) = get(&c, &app.url("/council/meetings/1")).await;
    assert!(
        !page.contains("ballot-count.docx"),
        "no link to a count that does not exist"
    );
    province_line(&app).await;
    let docx = download(&c, &app.url("/council/meetings/1/ballot-count.docx")).await;
    let p = Paper::docx("ballot-count", &docx);
    p.check();
    has(
        &p,
        "Nguyễn Ngọc Bích (Phòng Khoáng sản), Chiến sĩ thi đua cấp tỉnh. Đạt: 4 phiếu đồng ý trên 4 thành viên (100 %), quy định từ 90 % tổng số thành viên Hội đồng trở lên; cần 4 phiếu.",
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_achievement_report_follows_the_regime_form() {
    let (app, c) = demo().await;
    let line = id_of(&app, "SELECT l.id FROM proposal_lines l JOIN titles t ON t.id = l.title_id WHERE t.code = 'CSTDCS' AND l.person_id IS NOT NULL ORDER BY l.id LIMIT 1").await;
    let prop = id_of(
        &app,
        &format!("SELECT proposal_id FROM proposal_lines WHERE id = {line}"),
    )
    .await;
    let unit_line = id_of(
        &app,
        "SELECT l.id FROM proposal_lines l WHERE l.person_id IS NULL ORDER BY l.id LIMIT 1",
    )
    .await;
    let unit_prop = id_of(
        &app,
        &format!("SELECT proposal_id FROM proposal_lines WHERE id = {unit_line}"),
    )
    .await;
    let person = download(
        &c,
        &app.url(&format!("/proposals/{prop}/lines/{line}/report.docx")),
    )
    .await;
    let unit = download(
        &c,
        &app.url(&format!(
            "/proposals/{unit_prop}/lines/{unit_line}/report.docx"
        )),
    )
    .await;
    let papers = Paper::docx_many(&[("report-person", &person), ("report-unit", &unit)]);
    let mut typed = Vec::new();
    for p in papers {
        // the pledges' text is printed as the person typed it
        let p = p.typed("100% 95%");
        p.check();
        has_words(&p, "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG");
        // the ND 91 form of the 2022 campaign
        has(&p, "kèm theo Nghị định số 91/2017/NĐ-CP)");
        lacks(&p, "của Hội đồng sáng kiến");
        typed.push(p);
    }
    let (pp, up) = (&typed[0], &typed[1]);
    has_words(pp, "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ");
    has_words(pp, "NGƯỜI BÁO CÁO THÀNH TÍCH");
    has(pp, "(Mẫu số 02 kèm theo Nghị định số 91/2017/NĐ-CP)");
    has(
        pp,
        "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CƠ SỞ” NĂM 2022",
    );
    // position (chức vụ) apart from the grade (chức danh)
    has(pp, "Chức vụ (Đảng, chính quyền, đoàn thể):");
    has(pp, "Chức danh, ngạch:");
    // the head's printed name under the confirmation
    let sig = pp.source.as_ref().unwrap().signature.clone();
    assert!(
        sig.iter()
            .filter(|l| !l.starts_with('(') && l.chars().any(|c| c.is_lowercase()))
            .count()
            >= 2,
        "the head's and the reporter's names: {sig:?}"
    );
    // results read "đạt … % (chỉ tiêu đăng ký: …)", never a target and a contradicting figure
    has(pp, "% (chỉ tiêu đăng ký:");
    has(up, "(Mẫu số 01 kèm theo Nghị định số 91/2017/NĐ-CP)");
    has(up, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH");
    has_words(up, "THỦ TRƯỞNG ĐƠN VỊ");
    app.cleanup().await;
}

#[tokio::test]
async fn the_reviews_and_the_plan_read_as_issued() {
    let (app, c) = demo().await;
    let review = download(&c, &app.url("/campaigns/1/review.docx")).await;
    let midyear = download(&c, &app.url("/campaigns/1/midyear.docx")).await;
    let plan = download(&c, &app.url("/campaigns/1/plan.docx")).await;
    let papers = Paper::docx_many(&[("review", &review), ("midyear", &midyear), ("plan", &plan)]);
    for p in &papers {
        p.check();
    }
    // the year-end review (issue 27): the initiatives recognised for 2022 counted from the
    // recognition decisions, whether registered with a pledge or not
    let text = docx_text(&review);
    let recognised = app
        .scalar_i64(
            "SELECT count(DISTINCT g.id) FROM initiative_recognitions g
               JOIN initiative_authors a ON a.recognition_id = g.id WHERE g.achievement_year = 2022",
        )
        .await;
    assert!(recognised > 0, "the demo recognises initiatives for 2022");
    let label = "Sáng kiến được công nhận cho thành tích năm (theo quyết định công nhận)";
    let figure: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains(label))
        .skip(1)
        .take(1)
        .collect();
    assert_eq!(figure, vec![recognised.to_string().as_str()], "{text}");
    // each chart with its caption, on the page
    let page: String = papers[0]
        .pages
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for caption in [
        "Biểu đồ 1. Số người và số đã đăng ký thi đua của các đơn vị năm 2022",
        "Biểu đồ 2. Số trường hợp đề nghị và được khen thưởng theo danh hiệu năm 2022",
    ] {
        assert!(
            text.contains(caption) && page.contains(caption),
            "{caption}"
        );
    }
    // the recipients in sentence case, the province's emulation board among them
    let sent: Vec<&str> = text
        .lines()
        .filter(|l| l.ends_with("(để báo cáo);"))
        .collect();
    assert!(
        sent.iter()
            .any(|l| l.contains("Thi đua - Khen thưởng tỉnh")),
        "{sent:?}"
    );
    for l in sent
        .iter()
        .chain(&["Ban Giám đốc Sở;", "Các phòng, đơn vị thuộc Sở;"])
    {
        assert!(text.lines().any(|x| x.contains(l)), "{l}");
        let letters = l.chars().filter(|c| c.is_alphabetic()).count();
        let capitals = l.chars().filter(|c| c.is_uppercase()).count();
        assert!(capitals * 3 < letters, "not in sentence case: {l}");
    }
    app.cleanup().await;
}

/// The harness can fail: a document broken the ways the old papers were is refused on each count.
#[test]
fn the_harness_refuses_what_a_clerk_refuses() {
    use thidua::domain::richtext::Span;
    use thidua::export::docx::{DocBlock, OfficialDoc};
    let doc = OfficialDoc {
        parent_body: "UBND tỉnh Sóc Trăng".into(),
        issuer: "Sở Tài nguyên và Môi trường".into(),
        number_line: "Số: 01/QĐ-STNMT".into(),
        place_date: "Sóc Trăng, ngày 29 tháng 12 năm 2022".into(),
        doc_type: "QUYẾT ĐỊNH".into(),
        title: "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2022".into(),
        body: (0..40)
            .map(|i| DocBlock::Para(vec![Span::plain(format!("Đoạn văn số {i} của quyết định, đủ dài để chiếm một dòng trên trang giấy khổ A4."))]))
            .chain([DocBlock::Table {
                widths: vec![8, 62, 30],
                header: vec!["STT".into(), "Họ và tên".into(), "Kết quả".into()],
                rows: vec![vec!["1".into(), "Trần Thị Tuyết".into(), "Không đạt".into()]],
            }])
            .collect(),
        recipients: vec!["Như Điều 3;".into(), "Lưu: VT, VP.".into()],
        signer_lines: vec!["GIÁM ĐỐC".into()],
        signer_name: "Lê Minh Khoa".into(),
        ..OfficialDoc::minimal("")
    };
    let good = render(&doc).unwrap();
    assert!(Paper::docx("good", &good).failures().is_empty());
    // break it as the old papers were broken, part by part
    let broken = |name: &str, edit: &dyn Fn(String) -> String| {
        use std::io::{Read, Write};
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(good.clone())).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            let n = f.name().to_string();
            out.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
                .unwrap();
            let s = if n == "word/document.xml" { edit(s) } else { s };
            out.write_all(s.as_bytes()).unwrap();
        }
        let bytes = out.finish().unwrap().into_inner();
        Paper::docx(name, &bytes).failures().join("\n")
    };
    // the right header cell too narrow for the national title (the old 95 mm at 13 pt bold)
    let narrow = broken("narrow", &|s| {
        s.replacen(
            "<w:gridCol w:w=\"3515\"/><w:gridCol w:w=\"5840\"/>",
            "<w:gridCol w:w=\"3515\"/><w:gridCol w:w=\"4800\"/>",
            1,
        )
        .replacen("<w:tcW w:w=\"5840\"", "<w:tcW w:w=\"4800\"", 1)
    });
    assert!(
        narrow.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\" is not on one line"),
        "{narrow}"
    );
    // a table column too narrow for its words ("ST/T", "Khôn/g đạt")
    let split = broken("split", &|s| {
        // the data table's first column (STT) made 5 mm wide
        let t = s.find("w:val=\"single\" w:sz=\"4\"").unwrap();
        let g = t + s[t..].find("<w:gridCol w:w=\"").unwrap() + "<w:gridCol w:w=\"".len();
        let w = &s[g..g + s[g..].find('"').unwrap()];
        s.replace(
            &format!("<w:gridCol w:w=\"{w}\"/>"),
            "<w:gridCol w:w=\"300\"/>",
        )
        .replace(&format!("<w:tcW w:w=\"{w}\""), "<w:tcW w:w=\"300\"")
    });
    assert!(split.contains("words split"), "{split}");
    // the header row not repeated, rows that may split
    let rows = broken("rows", &|s| {
        s.replace("<w:tblHeader/>", "")
            .replace("<w:cantSplit/>", "")
    });
    assert!(
        rows.contains("not set to repeat") && rows.contains("may split"),
        "{rows}"
    );
    // no rule under the summary
    let rule = broken("rule", &|s| {
        let i = s.find("Về việc công nhận").unwrap();
        let j = i + s[i..].find("<w:pBdr>").unwrap();
        let k = j + s[j..].find("</w:pBdr>").unwrap() + "</w:pBdr>".len();
        format!("{}{}", &s[..j], &s[k..])
    });
    assert!(rule.contains("rule under"), "{rule}");
    // the signature pushed off the page of the last paragraph (no "keep with next")
    let sig = broken("signature", &|s| {
        s.replace("<w:keepNext/>", "").replace(
            "</w:tbl><w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"120\"",
            "</w:tbl><w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before=\"0\" w:after=\"120\"",
        )
    });
    assert!(sig.contains("signature"), "{sig}");
    // page numbers on the first page too, and decimal points
    let numbers = broken("numbers", &|s| {
        s.replace("<w:titlePg/>", "")
            .replace("Đoạn văn số 3 ", "Đoạn văn số 87.5% ")
    });
    assert!(
        numbers.contains("page 1 carries a page number"),
        "{numbers}"
    );
    assert!(
        numbers.contains("a decimal point") && numbers.contains("percentage without its space"),
        "{numbers}"
    );
}

/// The Office edits the Department's particulars; a bad form comes back as typed and changes
/// nothing, a stale one is refused; the decision then prints what was saved, and the change is
/// audited.
#[tokio::test]
async fn the_issuers_particulars_are_edited_and_printed() {
    let (app, c) = demo().await;
    let root = id_of(&app, "SELECT id FROM units WHERE parent_id IS NULL").await;
    let url = format!("/issuers/{root}");
    let (s, html) = get(&c, &app.url(&url)).await;
    assert_eq!(s, reqwest::StatusCode::OK);
    assert!(html.contains("Trưởng phòng Kế hoạch - Tài chính"), "{html}");
    let version = id_of(
        &app,
        &format!("SELECT version::int8 FROM issuer_profiles WHERE unit_id = {root}"),
    )
    .await;
    let v = version.to_string();
    let executors = "Chánh Văn phòng Sở, Trưởng phòng Kế hoạch - Tài chính, Kế toán trưởng Sở";
    let fields = |ex: &'static str, ver: &str| -> Vec<(&'static str, String)> {
        vec![
            ("bases", "Căn cứ Quyết định số 99/QĐ-UBND;".into()),
            ("executors", ex.into()),
            (
                "province_authority",
                "Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng".into(),
            ),
            (
                "province_board",
                "Ban Thi đua - Khen thưởng tỉnh Sóc Trăng".into(),
            ),
            ("ministry", "Bộ Nông nghiệp và Môi trường".into()),
            ("version", ver.into()),
        ]
    };
    // the executors left empty: the form again, with what was typed
    let f = fields("", &v);
    let body: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&app, &c, &url, &body).await;
    assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Căn cứ Quyết định số 99/QĐ-UBND;") && html.contains("Không được để trống"),
        "{html}"
    );
    // saved
    let f = fields(executors, &v);
    let body: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = post_form(&app, &c, &url, &body).await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    // the same form again is stale
    let r = post_form(&app, &c, &url, &body).await;
    assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.scalar_i64(&format!("SELECT count(*) FROM audit_log WHERE entity = 'issuer_profile' AND entity_id = '{root}'")).await,
        1
    );
    let p = Paper::docx(
        "decision-after",
        &download(&c, &app.url("/decisions/1.docx")).await,
    );
    p.check();
    has(&p, "Căn cứ Quyết định số 99/QĐ-UBND;");
    has(
        &p,
        "Kế toán trưởng Sở và các cá nhân, tập thể có tên tại Điều 1",
    );
    lacks(&p, "Căn cứ Quyết định số 24/2016/QĐ-UBND");
    app.cleanup().await;
}

/// The certificates printed whole on plain paper: the national title on one line, the issuing
/// body broken where a clerk breaks it, CÔNG NHẬN for a title (never "Giấy khen"), TẶNG and GIẤY
/// KHEN for a commendation, the recipient with Ông/Bà, position and unit, the signer's title and
/// name, the register line and the QR code that checks the award.
#[test]
fn a_certificate_printed_whole_reads_as_issued() {
    use thidua::domain::certificate::{Certificate, Kind, Layout, achievement, form_heading};
    let base = Certificate {
        name: "Bà Nguyễn Ngọc Bích".into(),
        unit: "Phó Trưởng phòng, Phòng Khoáng sản".into(),
        decision: "Quyết định số 01/QĐ-STNMT ngày 29/12/2022".into(),
        date: "Sóc Trăng, ngày 29 tháng 12 năm 2022".into(),
        register: "Số sổ: 3".into(),
        signer: "Lê Minh Khoa".into(),
        code: "Mã xác minh: ABCD2345".into(),
        url: "https://thidua.example/verify/ABCD2345".into(),
        parent: "UBND TỈNH SÓC TRĂNG".into(),
        issuer: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
        authority: "GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
        signer_lines: vec!["GIÁM ĐỐC".into()],
        ..Default::default()
    };
    let title = Certificate {
        title: achievement("title", "Chiến sĩ thi đua cơ sở", 2022),
        verb: Kind::Recognition.verb().into(),
        form: form_heading(Kind::Recognition, "Chiến sĩ thi đua cơ sở"),
        ..base.clone()
    };
    let commendation = Certificate {
        title: achievement("commendation", "Giấy khen của Giám đốc Sở", 2022),
        verb: Kind::Commendation.verb().into(),
        form: form_heading(Kind::Commendation, "Giấy khen của Giám đốc Sở"),
        ..base
    };
    let layout = Layout {
        full: true,
        ..Layout::default()
    };
    let pdf = thidua::export::certificate::certificates(
        &layout,
        "Giấy chứng nhận",
        &[title, commendation],
    )
    .unwrap();
    keep_for_eyes_pdf("certificates-full", &pdf);
    let p = Paper::pdf("certificates-full", &pdf);
    assert_eq!(p.pages.len(), 2);
    for (i, page) in p.pages.iter().enumerate() {
        for line in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "SỞ TÀI NGUYÊN VÀ",
            "MÔI TRƯỜNG",
            "GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
            "Bà Nguyễn Ngọc Bích",
            "Phó Trưởng phòng, Phòng Khoáng sản",
            "Sóc Trăng, ngày 29 tháng 12 năm 2022",
            "Lê Minh Khoa",
            "Số sổ: 3",
            "Quyết định số 01/QĐ-STNMT ngày 29/12/2022",
        ] {
            assert!(
                page.lines().any(|l| l
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains(line)),
                "page {}: {line:?}:\n{page}",
                i + 1
            );
        }
    }
    let flat = |i: usize| p.pages[i].split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat(0).contains("CÔNG NHẬN")
            && flat(0).contains("Đạt danh hiệu “Chiến sĩ thi đua cơ sở” năm 2022")
    );
    assert!(
        !flat(0).contains("GIẤY KHEN"),
        "a title is never labelled a Giấy khen"
    );
    assert!(flat(1).contains("TẶNG") && flat(1).contains("GIẤY KHEN"));
    assert!(!flat(1).contains("CÔNG NHẬN"));
    // the QR codes read back as the award's public check
    let read = read_pdf(&pdf);
    assert_eq!(read.qr, vec!["https://thidua.example/verify/ABCD2345"; 2]);
}

/// A certificate lost or damaged is issued again with its own line of the award register: the Office
/// records it on the issued decision (bad input comes back as typed), it prints with that line and
/// its date, and it is audited.
#[tokio::test]
async fn a_lost_certificate_is_issued_again_with_its_own_register_line() {
    let (app, c) = demo().await;
    sqlx::query("UPDATE titles SET certificate = 'recognition' WHERE code IN ('LDTT', 'TTLDTT')")
        .execute(&app.db)
        .await
        .unwrap();
    let (s, html) = get(&c, &app.url("/decisions/1")).await;
    assert_eq!(s, reqwest::StatusCode::OK);
    assert!(
        html.contains("Cấp lại, cấp đổi giấy chứng nhận, giấy khen"),
        "{html}"
    );
    let award = id_of(&app, "SELECT h.id FROM award_history h JOIN people p ON p.id = h.person_id WHERE h.decision_id = 1 AND p.full_name = 'Nguyễn Ngọc Bích'").await;
    let a = award.to_string();
    let r = post_form(
        &app,
        &c,
        "/decisions/1/reissues",
        &[("award", &a), ("kind", "reissue"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status(), reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Ghi lý do"));
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM certificate_reissues")
            .await,
        0
    );
    let staff = signed_in(&app, "canbo").await;
    let r = post_form(
        &app,
        &staff,
        "/decisions/1/reissues",
        &[("award", &a), ("kind", "reissue"), ("reason", "Thất lạc")],
    )
    .await;
    assert_eq!(r.status(), reqwest::StatusCode::FORBIDDEN);
    let r = post_form(
        &app,
        &c,
        "/decisions/1/reissues",
        &[
            ("award", &a),
            ("kind", "reissue"),
            ("reason", "Thất lạc khi chuyển nơi ở"),
        ],
    )
    .await;
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    // the decision's four awards took lines 1 to 4 of 2022's register; this one the next of its year
    let (no, year): (i32, i32) =
        sqlx::query_as("SELECT register_no, year FROM certificate_reissues")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let today = thidua::domain::dates::today_vn();
    use chrono::Datelike;
    assert_eq!(year, today.year());
    let id = id_of(&app, "SELECT id FROM certificate_reissues").await;
    let pdf = download(&c, &app.url(&format!("/certificate-reissues/{id}.pdf"))).await;
    let read = read_pdf(&pdf);
    assert_eq!(read.pages, 1);
    assert!(
        read.text.contains("Bà Nguyễn Ngọc Bích")
            && read.text.contains(&format!(
                "Số sổ: {no} (cấp lại ngày {})",
                thidua::domain::dates::fmt_date(today)
            )),
        "{}",
        read.text
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'certificate_reissue'")
            .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM award_history WHERE decision_id = 1 AND register_no BETWEEN 1 AND 4").await,
        4
    );
    app.cleanup().await;
}

fn keep_for_eyes_pdf(name: &str, pdf: &[u8]) {
    crate::common::paper::keep_for_eyes(name, pdf);
}
