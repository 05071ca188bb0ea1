//! Stages, deadlines, status changes and the forms' rows, as table tests.

use super::*;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn timeline() -> Timeline {
    Timeline {
        registration_opens: Some(d(2022, 1, 10)),
        registration_closes: Some(d(2022, 2, 28)),
        midyear_review: Some(d(2022, 7, 15)),
        proposal_deadline: Some(d(2022, 11, 30)),
        council_meeting: Some(d(2022, 12, 15)),
        decision_date: Some(d(2022, 12, 31)),
    }
}

#[test]
fn stage_follows_the_dates_and_the_hand() {
    let t = timeline();
    let cases = [
        (Stage::Draft, d(2022, 3, 1), Stage::Draft),
        (Stage::Published, d(2022, 1, 9), Stage::Published),
        (Stage::Published, d(2022, 1, 10), Stage::RegistrationOpen),
        (Stage::Published, d(2022, 2, 28), Stage::RegistrationOpen),
        (Stage::Published, d(2022, 3, 1), Stage::InProgress),
        (Stage::Published, d(2022, 11, 30), Stage::YearEndReview),
        // moved on by hand before the dates
        (Stage::InProgress, d(2022, 1, 9), Stage::InProgress),
        (Stage::Closed, d(2022, 3, 1), Stage::Closed),
    ];
    for (manual, today, want) in cases {
        assert_eq!(
            effective_stage(manual, &t, today),
            want,
            "{manual:?} on {today}"
        );
    }
    // no dates: only the hand moves it
    assert_eq!(
        effective_stage(Stage::Published, &Timeline::default(), d(2030, 1, 1)),
        Stage::Published
    );
}

#[test]
fn deadlines_and_reopenings() {
    let closes = Some(d(2022, 2, 28));
    assert_eq!(deadline_for(closes, &[]), closes);
    assert_eq!(
        deadline_for(closes, &[d(2022, 3, 10), d(2022, 3, 5)]),
        Some(d(2022, 3, 10))
    );
    // an older reopening never shortens the deadline
    assert_eq!(deadline_for(closes, &[d(2022, 2, 1)]), closes);
    let open = Stage::RegistrationOpen;
    let opens = Some(d(2022, 1, 10));
    assert_eq!(
        submission_refusal(open, opens, closes, d(2022, 2, 28)),
        None
    );
    assert_eq!(
        submission_refusal(open, opens, closes, d(2022, 3, 1)),
        Some("reg.err_deadline")
    );
    assert_eq!(
        submission_refusal(open, opens, closes, d(2022, 1, 9)),
        Some("reg.err_not_open")
    );
    assert_eq!(
        submission_refusal(Stage::Draft, opens, closes, d(2022, 2, 1)),
        Some("reg.err_not_published")
    );
    assert_eq!(
        submission_refusal(Stage::Closed, opens, closes, d(2022, 2, 1)),
        Some("reg.err_closed")
    );
    // reopened until 10/3: allowed on 5/3
    let dl = deadline_for(closes, &[d(2022, 3, 10)]);
    assert_eq!(submission_refusal(open, opens, dl, d(2022, 3, 5)), None);
}

#[test]
fn registration_statuses_read_from_json_by_their_codes() {
    for s in RegStatus::ALL {
        let json = serde_json::Value::String(s.code().to_string());
        assert_eq!(serde_json::from_value::<RegStatus>(json).unwrap(), s);
    }
}

#[test]
fn registration_status_changes() {
    use RegAction::*;
    use RegStatus::*;
    assert_eq!(transition(None, SaveDraft), Ok(Draft));
    assert_eq!(transition(None, Submit), Ok(Submitted));
    assert_eq!(transition(Some(Submitted), SaveDraft), Ok(Submitted));
    assert_eq!(transition(Some(Submitted), Confirm), Ok(Confirmed));
    assert_eq!(transition(Some(Submitted), Return), Ok(Returned));
    assert_eq!(transition(Some(Returned), Submit), Ok(Submitted));
    assert_eq!(transition(Some(Confirmed), Return), Ok(Returned));
    assert_eq!(
        transition(Some(Confirmed), Submit),
        Err("reg.err_confirmed")
    );
    assert_eq!(
        transition(Some(Confirmed), Withdraw),
        Err("reg.err_confirmed")
    );
    assert_eq!(transition(Some(Draft), Confirm), Err("reg.err_transition"));
    assert_eq!(transition(Some(Withdrawn), Submit), Ok(Submitted));
    assert_eq!(transition(None, Withdraw), Err("reg.err_transition"));
    assert!(Submitted.is_registered() && !Draft.is_registered() && !Withdrawn.is_registered());
}

#[test]
fn commitment_rows() {
    let (rows, errors) = parse_commitments(
        &[
            "100% hồ sơ giải quyết đúng hạn".into(),
            "".into(),
            "".into(),
        ],
        &["Tỷ lệ hồ sơ đúng hạn".into(), "".into(), "chỉ đo".into()],
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].target, "100% hồ sơ giải quyết đúng hạn");
    assert_eq!(
        errors,
        vec![("commitment_3".to_string(), "reg.err_target_required")]
    );
}

#[test]
fn initiative_rows() {
    let (rows, errors) = parse_initiatives(
        &["Số hóa hồ sơ địa chính".into(), "".into(), "X".into()],
        &["Chuyển đổi số".into(), "".into(), "".into()],
        &["Giảm thời gian tra cứu".into(), "".into(), "".into()],
        &["12, 15 12".into(), "".into(), "abc".into()],
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].coauthors, vec![12, 15]);
    assert_eq!(
        errors,
        vec![("initiative_3".to_string(), "reg.err_coauthors")]
    );
}

#[test]
fn plan_form_round_trip_and_errors() {
    let form = PlanForm {
        kind: "annual".into(),
        year: "2022".into(),
        doc_number: "05".into(),
        doc_code: "KH-STNMT".into(),
        issuer_name: "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG".into(),
        place: "Sóc Trăng".into(),
        doc_date: "05/01/2022".into(),
        title: "Phát động phong trào thi đua năm 2022".into(),
        content: vec!["Nội dung 1".into(), "  ".into(), "Nội dung 2".into()],
        cc_body: vec!["Tiêu chí".into(), "".into()],
        cc_score: vec!["10".into(), "".into()],
        cc_weight: vec!["1,5".into(), "".into()],
        resp_addressee: vec!["Văn phòng Sở:".into(), "".into()],
        resp_body: vec!["- Tham mưu\r\n- Theo dõi  ".into(), "".into()],
        signer_title: "GIÁM ĐỐC".into(),
        registration_opens: "10/01/2022".into(),
        registration_closes: "28/02/2022".into(),
        ..Default::default()
    };
    let plan = form.validate(false).unwrap();
    assert_eq!(plan.content, vec!["Nội dung 1", "Nội dung 2"]);
    assert_eq!(plan.criteria_collective[0].max_score, Some(10.0));
    assert_eq!(plan.criteria_collective[0].weight, Some(1.5));
    assert_eq!(plan.responsibilities[0].body, "- Tham mưu\n- Theo dõi");
    assert_eq!(plan.number_code(), "05/KH-STNMT");
    let back = PlanForm::from_plan(&plan, 1, 3);
    assert_eq!(back.validate(false).unwrap(), plan);
    // amending needs a reason; bad values are named
    assert!(
        form.validate(true)
            .unwrap_err()
            .contains(&("reason", "plan.err_reason"))
    );
    let mut bad = form.clone();
    bad.year = "22".into();
    bad.cc_score = vec!["-1".into()];
    bad.cc_weight = vec!["0".into()];
    bad.kind = "thematic".into();
    let errors = bad.validate(false).unwrap_err();
    assert!(errors.contains(&("year", "plan.err_year")));
    assert!(errors.contains(&("criteria_collective", "plan.err_score")));
    assert!(errors.contains(&("criteria_collective", "plan.err_weight")));
    assert!(errors.contains(&("starts_on", "plan.err_thematic_dates")));
}

#[test]
fn timeline_dates_in_order() {
    let t = TimelineText {
        registration_opens: "10/01/2022",
        registration_closes: "05/01/2022",
        midyear_review: "",
        proposal_deadline: "31/13/2022",
        council_meeting: "",
        decision_date: "",
    };
    let errors = parse_timeline(&t).unwrap_err();
    assert!(errors.contains(&("registration_closes", "err.timeline_order")));
    assert!(errors.contains(&("proposal_deadline", "err.date")));
}
