//! Official documents as .docx (Nghị định 30/2020/NĐ-CP), read back with a real XML parser
//! (roxmltree): the text a person sees, the layout, and the order of elements Word insists on.

use crate::common::*;
use thidua::domain::richtext::Span;
use thidua::export::docx::{DocBlock, OfficialDoc, render};

fn s(t: &str) -> Vec<Span> {
    vec![Span {
        text: t.into(),
        bold: false,
        italic: false,
    }]
}

fn plan() -> OfficialDoc {
    OfficialDoc {
        parent_body: "UBND tỉnh Sóc Trăng".into(),
        issuer: "Sở Tài nguyên và Môi trường".into(),
        number_line: "Số: 05/KH-STNMT".into(),
        place_date: "Sóc Trăng, ngày 05 tháng 01 năm 2022".into(),
        doc_type: "KẾ HOẠCH".into(),
        title: "Phát động phong trào thi đua năm 2022".into(),
        body: vec![
            DocBlock::Heading(s("I. Nội dung Phong trào thi đua:")),
            DocBlock::Para(thidua::domain::richtext::spans(
                "Chủ đề **“Kỷ cương, trách nhiệm”** và *hiệu quả*",
            )),
            DocBlock::SubHeading(s("1. Đối với tập thể:")),
            DocBlock::Numbered(1, s("Triển khai <đúng hạn> & hiệu quả")),
            DocBlock::Bullet(s("Tích cực học tập")),
        ],
        recipients: vec![
            "UBND tỉnh (để báo cáo);".into(),
            "Các phòng & đơn vị <trực thuộc>;".into(),
            "Lưu: VT, VP.".into(),
        ],
        signer_lines: vec!["KT. GIÁM ĐỐC".into(), "PHÓ GIÁM ĐỐC".into()],
        signer_name: "Nguyễn Văn Bình".into(),
        co_signer: None,
        confirmer: None,
        annex: vec![],
    }
}

#[test]
fn a_plan_opens_with_its_text_and_layout() {
    let bytes = render(&plan()).unwrap();
    let text = docx_text(&bytes);
    for want in [
        "UBND TỈNH SÓC TRĂNG",
        "SỞ TÀI NGUYÊN VÀ",
        "MÔI TRƯỜNG",
        "Số: 05/KH-STNMT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 05 tháng 01 năm 2022",
        "KẾ HOẠCH",
        "Phát động phong trào thi đua năm 2022",
        "I. Nội dung Phong trào thi đua:",
        "Chủ đề “Kỷ cương, trách nhiệm” và hiệu quả",
        "1. Đối với tập thể:",
        "1. Triển khai <đúng hạn> & hiệu quả",
        "- Tích cực học tập",
        "Nơi nhận:",
        "- UBND tỉnh (để báo cáo);",
        "- Các phòng & đơn vị <trực thuộc>;",
        "- Lưu: VT, VP.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn Bình",
    ] {
        assert!(
            text.lines().any(|l| l == want),
            "missing line {want:?} in:\n{text}"
        );
    }
    let pos = |l: &str| text.lines().position(|x| x == l).unwrap();
    // the issuing body broken where a clerk breaks it, above the number
    assert!(pos("SỞ TÀI NGUYÊN VÀ") + 1 == pos("MÔI TRƯỜNG"));
    assert!(pos("MÔI TRƯỜNG") < pos("Số: 05/KH-STNMT"));
    assert!(pos("KẾ HOẠCH") < pos("I. Nội dung Phong trào thi đua:"));
    assert!(pos("- Tích cực học tập") < pos("Nơi nhận:"));
    assert!(pos("PHÓ GIÁM ĐỐC") < pos("Nguyễn Văn Bình"));

    let xml = docx_part(&bytes, "word/document.xml");
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4");
    assert!(
        xml.contains("<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\""),
        "margins 20/15/20/30 mm"
    );
    assert!(
        xml.contains("w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\""),
        "Times New Roman"
    );
    assert!(xml.contains(
        "<w:i/><w:iCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">Sóc Trăng, ngày"
    ), "place and date in italics, 14 pt");
    assert!(xml.contains(
        "<w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/><w:u w:val=\"single\"/></w:rPr><w:t xml:space=\"preserve\">Độc lập"
    ), "the motto bold, underlined, 14 pt");
    assert!(xml.contains(
        "<w:b/><w:bCs/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr><w:t xml:space=\"preserve\">SỞ TÀI"
    ), "the issuer bold, 13 pt");
    assert!(xml.contains(
        "<w:b/><w:bCs/><w:i/><w:iCs/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr><w:t xml:space=\"preserve\">Nơi nhận:"
    ), "recipients heading bold italic 12 pt");
    assert!(xml.contains(
        "<w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr><w:t xml:space=\"preserve\">“Kỷ cương"
    ), "inline bold");
    assert!(xml.contains("&lt;đúng hạn&gt; &amp;"), "escaped");
    assert!(
        xml.contains("<w:pBdr><w:bottom"),
        "the rule under the issuer"
    );
    assert!(xml.contains("<w:jc w:val=\"both\"/>"), "justified body");
    assert!(xml.contains("<w:ind w:firstLine="), "first-line indent");

    assert_children_in_order(
        &xml,
        "rPr",
        &["rFonts", "b", "bCs", "i", "iCs", "sz", "szCs", "u"],
    );
    assert_children_in_order(&xml, "pPr", &["keepNext", "pBdr", "spacing", "ind", "jc"]);
    assert_children_in_order(
        &xml,
        "tblPr",
        &["tblW", "tblBorders", "tblLayout", "tblLook"],
    );
    assert_children_in_order(&xml, "tbl", &["tblPr", "tblGrid", "tr"]);
    assert_children_in_order(&xml, "tc", &["tcPr", "p"]);
    assert_children_in_order(&xml, "r", &["rPr", "t|noBreakHyphen"]);
    assert_children_in_order(
        &xml,
        "sectPr",
        &["headerReference", "pgSz", "pgMar", "titlePg"],
    );
    assert_children_in_order(&xml, "trPr", &["cantSplit", "tblHeader"]);
    assert_children_in_order(&xml, "tcPr", &["tcW", "vAlign"]);
    assert!(xml.contains("<w:sectPr>") && xml.ends_with("</w:sectPr></w:body></w:document>"));

    for name in [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/_rels/document.xml.rels",
        "word/document.xml",
        "word/styles.xml",
        "word/header1.xml",
        "word/header2.xml",
        "docProps/core.xml",
        "docProps/app.xml",
    ] {
        assert_well_formed(name, &docx_part(&bytes, name));
    }
    let styles = docx_part(&bytes, "word/styles.xml");
    assert!(styles.contains("w:ascii=\"Times New Roman\""));
    assert!(styles.contains("<w:sz w:val=\"28\"/>") && styles.contains("w:val=\"vi-VN\""));
}

#[test]
fn optional_parts_may_be_empty() {
    let doc = OfficialDoc {
        parent_body: String::new(),
        signer_name: String::new(),
        recipients: vec![],
        body: vec![],
        ..plan()
    };
    let bytes = render(&doc).unwrap();
    let text = docx_text(&bytes);
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[..2], ["SỞ TÀI NGUYÊN VÀ", "MÔI TRƯỜNG"]);
    assert!(!text.contains("UBND"));
    assert_eq!(lines.last(), Some(&"PHÓ GIÁM ĐỐC"));
    assert_well_formed("document", &docx_part(&bytes, "word/document.xml"));
}

#[test]
fn control_characters_do_not_break_the_xml() {
    let doc = OfficialDoc {
        title: "Dòng một\nDòng hai\u{0007}".into(),
        ..plan()
    };
    let bytes = render(&doc).unwrap();
    let text = docx_text(&bytes);
    // a line break in the summary starts a new line; the bell is dropped
    assert!(text.lines().any(|l| l == "Dòng một"), "{text}");
    assert!(text.lines().any(|l| l == "Dòng hai"), "{text}");
}
