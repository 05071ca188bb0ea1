//! The council's meeting over HTTP, on the demo's 2022 council (giamdoc chairs, phogiamdoc is
//! vice-chair, vanphong the secretary, hoidong a member): the Office prepares a meeting and its
//! agenda from accepted lines; members read it, staff do not; the ballot opens with phogiamdoc
//! absent; recusals come from the organisation chart (a line about the secretary; hoidong's own
//! unit) and from a declaration; members vote by hands and by secret ballot with a receipt; the
//! secretary enters the absent member's written vote with its scan; the ballot closes and each
//! line's result follows from its rule (3 of 4 in favour fails Art. 45's 90 % of all members, and
//! passes "more than half of those present"); a vote after the close is refused. And two hundred
//! members voting at once, twice each, leave one vote and one ballot per member per line.

use crate::common::*;
use reqwest::StatusCode;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn vote(
    app: &TestApp,
    c: &reqwest::Client,
    meeting: i64,
    votes: &[(i64, &str)],
) -> reqwest::Response {
    let keys: Vec<(String, &str)> = votes.iter().map(|(l, v)| (format!("v{l}"), *v)).collect();
    let fields: Vec<(&str, &str)> = keys.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    post_form(
        app,
        c,
        &format!("/council/meetings/{meeting}/vote"),
        &fields,
    )
    .await
}

/// The receipt shown on a page after a secret ballot.
fn receipt_of(html: &str) -> String {
    let marker = "<code class=\"receipt-code\">";
    let i = html.find(marker).expect("a receipt is shown") + marker.len();
    html[i..i + 24].to_string()
}

#[tokio::test]
async fn a_meeting_from_agenda_to_computed_results() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let chair = signed_in(&app, "giamdoc").await;
    let vice = signed_in(&app, "phogiamdoc").await;
    let member = signed_in(&app, "hoidong").await;
    let staff = signed_in(&app, "canbo").await;
    let line = |subject: &'static str| {
        let app = &app;
        async move {
            app.scalar_i64(&format!(
                "SELECT l.id FROM proposal_lines l JOIN people p ON p.id = l.person_id
                 WHERE p.full_name = '{subject}' ORDER BY l.id LIMIT 1"
            ))
            .await
        }
    };
    // the demo held a meeting on KS's accepted lines: closed, with its results computed
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM council_meetings WHERE status = 'closed'")
            .await,
        1
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM council_agenda WHERE result = 'passed'")
            .await,
        4
    );
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM council_agenda WHERE result = 'failed' AND votes_for = 2"
        )
        .await,
        1
    );
    // ...posted its four passed lines, dismissed an objection, and the period is over
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM notice_lines WHERE ends_on < DATE '2023-01-10'")
            .await,
        4
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM notice_comments WHERE outcome = 'dismissed'")
            .await,
        1
    );
    // the Office accepts VPDKDD's lines (one of them Chiến sĩ thi đua cấp tỉnh, by secret ballot);
    // PTNMT-CLD's proposal is accepted in the demo. hoidong now works there, and a line of its
    // proposal is about the secretary herself.
    sqlx::query(
        "UPDATE proposal_lines SET status = 'accepted' WHERE proposal_id IN (SELECT p.id FROM proposals p
           JOIN units u ON u.id = p.unit_id WHERE u.code = 'VPDKDD')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE people SET unit_id = (SELECT id FROM units WHERE code = 'PTNMT-CLD')
          WHERE id = (SELECT person_id FROM users WHERE username = 'hoidong')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let own = app
        .scalar_i64(
            "INSERT INTO proposal_lines (proposal_id, person_id, title_id, status, eligibility)
             SELECT l.proposal_id, (SELECT person_id FROM users WHERE username = 'vanphong'), l.title_id,
                    'accepted', 'eligible'
               FROM proposal_lines l JOIN proposals p ON p.id = l.proposal_id JOIN units u ON u.id = p.unit_id
              WHERE u.code = 'PTNMT-CLD' AND l.person_id IS NOT NULL ORDER BY l.id LIMIT 1 RETURNING id",
        )
        .await;
    let secret = app
        .scalar_i64(
            "SELECT l.id FROM proposal_lines l JOIN titles t ON t.id = l.title_id JOIN proposals p ON p.id = l.proposal_id
              JOIN units u ON u.id = p.unit_id WHERE u.code = 'VPDKDD' AND t.code = 'CSTD_TINH'",
        )
        .await;
    let (hue, huyen) = (
        line("Võ Thị Mỹ Huệ").await,
        line("Nguyễn Thanh Cẩm Huyền").await,
    );

    // preparing: a bad date comes back as typed; then the meeting
    let r = post_form(
        &app,
        &office,
        "/campaigns/1/council/meetings",
        &[
            ("held_on", "32/12/2022"),
            ("place", "Phòng họp số 1"),
            ("recuse_own_unit", "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"32/12/2022\"") && html.contains("Phòng họp số 1"));
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM council_meetings")
            .await,
        1,
        "only the demo's"
    );
    let r = post_form(
        &app,
        &office,
        "/campaigns/1/council/meetings",
        &[
            ("held_on", "20/12/2022"),
            ("held_at", "8 giờ 00"),
            ("place", "Phòng họp số 1"),
            ("recuse_own_unit", "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let m = app.scalar_i64("SELECT max(id) FROM council_meetings").await;
    assert_eq!(location(&r), format!("/council/meetings/{m}"));

    // the agenda: four accepted lines; a line not accepted is not taken
    let draft_line = app
        .scalar_i64("SELECT id FROM proposal_lines WHERE status = 'draft' ORDER BY id LIMIT 1")
        .await;
    let mut fields: Vec<(String, &str)> = [secret, hue, huyen, own, draft_line]
        .iter()
        .map(|l| (format!("l{l}"), "on"))
        .collect();
    fields.push(("x".into(), ""));
    let f: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let r = post_form(&app, &office, &format!("/council/meetings/{m}/agenda"), &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM council_agenda WHERE meeting_id = {m}"
        ))
        .await,
        4
    );
    // each line carries its title's rule from the regime
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM council_agenda a JOIN proposal_lines l ON l.id = a.line_id JOIN titles t ON t.id = l.title_id
              WHERE a.meeting_id = {m} AND a.ballot = t.council_ballot AND a.share = t.council_share AND a.base = t.council_base"
        ))
        .await,
        4
    );

    // members read the agenda before the meeting; staff and a head who does not sit do not
    let (s, html) = get(&member, &app.url(&format!("/council/meetings/{m}"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Nguyễn Văn Em")
            && html.contains("Chiến sĩ thi đua cấp tỉnh")
            && html.contains("Đang chuẩn bị"),
        "{html}"
    );
    assert!(
        html.contains("Bỏ phiếu kín")
            && html.contains("từ 90 % tổng số thành viên Hội đồng trở lên")
    );
    for c in [&staff, &signed_in(&app, "truongphong").await] {
        let (s, _) = get(c, &app.url(&format!("/council/meetings/{m}"))).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    // no vote before the ballot opens
    let r = vote(&app, &member, m, &[(secret, "for")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("chưa mở biểu quyết"));

    // a member declares a conflict on Nguyễn Thanh Cẩm Huyền's line
    let r = post_form(
        &app,
        &chair,
        &format!("/council/meetings/{m}/recusals"),
        &[("line", &huyen.to_string()), ("note", "")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is needed"
    );
    let r = post_form(
        &app,
        &chair,
        &format!("/council/meetings/{m}/recusals"),
        &[("line", &huyen.to_string()), ("note", "Người thân")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // the ballot opens, phogiamdoc absent; a stale form is refused
    let (giamdoc, phogiamdoc, vanphong, hoidong) = (
        user_id(&app, "giamdoc").await,
        user_id(&app, "phogiamdoc").await,
        user_id(&app, "vanphong").await,
        user_id(&app, "hoidong").await,
    );
    let present = |version: String| {
        vec![
            (format!("p{giamdoc}"), "on".to_string()),
            (format!("p{vanphong}"), "on".to_string()),
            (format!("p{hoidong}"), "on".to_string()),
            ("version".to_string(), version),
        ]
    };
    let stale = present("0".into());
    let f: Vec<(&str, &str)> = stale
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(&app, &office, &format!("/council/meetings/{m}/open"), &f).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM council_meetings WHERE id = {m}"
        ))
        .await;
    let fresh = present(version.to_string());
    let f: Vec<(&str, &str)> = fresh
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(&app, &member, &format!("/council/meetings/{m}/open"), &f).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "a member does not open the ballot"
    );
    let r = post_form(&app, &office, &format!("/council/meetings/{m}/open"), &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // recusals: the secretary from the line about herself, hoidong from PTNMT-CLD's lines, the chair as declared
    let recusals = |cond: String| {
        let app = &app;
        async move {
            app.scalar_i64(&format!(
                "SELECT count(*) FROM council_recusals WHERE meeting_id = {m} AND {cond}"
            ))
            .await
        }
    };
    assert_eq!(
        recusals(format!(
            "user_id = {vanphong} AND line_id = {own} AND reason = 'self'"
        ))
        .await,
        1
    );
    assert_eq!(
        recusals(format!("user_id = {hoidong} AND reason = 'own_unit'")).await,
        3,
        "Huệ, Huyền, the secretary's line"
    );
    assert_eq!(
        recusals(format!(
            "user_id = {giamdoc} AND line_id = {huyen} AND reason = 'declared'"
        ))
        .await,
        1
    );
    assert_eq!(recusals("true".into()).await, 5);

    // votes: a recused member and an absent one are refused
    let r = vote(&app, &member, m, &[(hue, "for")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("đã ghi nhận không biểu quyết")
    );
    let r = vote(&app, &vice, m, &[(hue, "for")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("vắng mặt"));
    // a secret ballot: a receipt once; a second ballot refused; the receipt finds the ballot
    let r = vote(&app, &member, m, &[(secret, "for")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let receipt = receipt_of(&r.text().await.unwrap());
    let (_, html) = get(&member, &app.url(&format!("/council/meetings/{m}"))).await;
    assert!(!html.contains(&receipt) && html.contains("Đã bỏ phiếu kín"));
    let r = vote(&app, &member, m, &[(secret, "against")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_form(
        &app,
        &member,
        &format!("/council/meetings/{m}/receipt"),
        &[("code", &receipt.to_lowercase())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    // the receipt proves the ballot was counted, never how it was cast (issue 28, 2)
    assert!(
        html.contains("<li>Nguyễn Văn Em — Chiến sĩ thi đua cấp tỉnh</li>"),
        "{html}"
    );
    assert!(
        !html.contains("Đồng ý</strong>")
            && !html.contains("<li>Nguyễn Văn Em — Chiến sĩ thi đua cấp tỉnh: ")
    );
    let r = post_form(
        &app,
        &member,
        &format!("/council/meetings/{m}/receipt"),
        &[("code", "ABCD")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // the chair: in favour of the secret line; against Huệ, then in favour (a show of hands may change)
    let r = vote(&app, &chair, m, &[(hue, "against"), (own, "for")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = vote(&app, &chair, m, &[(secret, "for"), (hue, "for")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = vote(&app, &chair, m, &[(huyen, "for")]).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "declared, so recused"
    );
    // the secretary: against the secret line, for Huệ, abstaining on Huyền
    let r = vote(
        &app,
        &office,
        m,
        &[(secret, "against"), (hue, "for"), (huyen, "abstain")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    // phogiamdoc's written vote, entered by the secretary with the scan; not by the chair
    let written = |c: &reqwest::Client, file: &'static [u8], with_secret: bool| {
        let app = &app;
        let c = c.clone();
        async move {
            let t = token(app, &c).await;
            let mut form = reqwest::multipart::Form::new()
                .text("csrf_token", t)
                .text("member", phogiamdoc.to_string());
            if with_secret {
                form = form.text(format!("v{secret}"), "for");
            }
            let form = form
                .text(format!("v{hue}"), "against")
                .text(format!("v{huyen}"), "for")
                .text(format!("v{own}"), "for")
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(file.to_vec()).file_name("phieu.pdf"),
                );
            c.post(app.url(&format!("/council/meetings/{m}/written")))
                .multipart(form)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        written(&chair, PDF, false).await.status(),
        StatusCode::FORBIDDEN
    );
    let r = written(&office, b"not a pdf", false).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a file that lies about its type"
    );
    // on a secret line the secretary enters nothing for an absent member (issue 28, 2)
    let r = written(&office, PDF, true).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Nội dung bỏ phiếu kín không nhập thay")
    );
    let r = written(&office, PDF, false).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "no receipt for anyone");
    // the member is told what was entered in their name
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM notifications WHERE user_id = {phogiamdoc} AND kind = 'written_vote'
               AND args->>2 LIKE '%: Không đồng ý%' AND args->>2 NOT LIKE '%Chiến sĩ thi đua cấp tỉnh%'
               AND args->>0 = (SELECT p.full_name FROM people p JOIN users u ON u.person_id = p.id
                                WHERE u.username = 'vanphong')"
        ))
        .await,
        1
    );
    // the absent member casts their own secret ballot, and only that
    let r = vote(&app, &vice, m, &[(secret, "for")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("receipt-code"));
    assert_eq!(
        app.scalar_i64(&format!("SELECT count(*) FROM council_attendance WHERE meeting_id = {m} AND written_document_id IS NOT NULL")).await,
        1
    );

    // the secret ballot holds no voter, its receipts and tokens no choice
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM information_schema.columns WHERE table_name IN ('council_ballot_box', 'council_receipts') AND column_name IN ('user_id', 'at', 'created_at', 'entered_by')").await,
        0
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM information_schema.columns WHERE table_name = 'council_receipts' AND column_name = 'choice'").await,
        0
    );
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM information_schema.columns WHERE table_name = 'council_ballot_tokens' AND column_name = 'choice'").await,
        0
    );
    // ...and the audit log keeps that a ballot was cast, not how
    assert_eq!(
        app.scalar_i64(&format!("SELECT count(*) FROM audit_log WHERE entity = 'council_meeting' AND jsonb_path_exists(after, '$.hands[*] ? (@.line_id == {secret})')")).await,
        0
    );
    assert_eq!(
        app.scalar_i64(&format!("SELECT count(*) FROM audit_log WHERE entity = 'council_meeting' AND action = 'vote' AND jsonb_path_exists(after, '$.secret_ballots_cast[*] ? (@ == {secret})')")).await,
        4
    );

    // closing: not by a member, nor by the Office; by the chair, computing each line
    let r = post_form(&app, &member, &format!("/council/meetings/{m}/close"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, &format!("/council/meetings/{m}/close"), &[]).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "the Office does not close"
    );
    let r = post_form(&app, &chair, &format!("/council/meetings/{m}/close"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let result = |l: i64| {
        let app = &app;
        async move {
            sqlx::query_as::<_, (i32, i32, i32, i32, i32, String)>(&format!(
                "SELECT votes_for, votes_against, votes_abstain, counted_over, needed, result
                   FROM council_agenda WHERE meeting_id = {m} AND line_id = {l}"
            ))
            .fetch_one(&app.db)
            .await
            .unwrap()
        }
    };
    // 3 of 4 in favour: 75 %, short of 90 % of all four members
    assert_eq!(result(secret).await, (3, 1, 0, 4, 4, "failed".into()));
    // hoidong recused: 2 of the 3 present or writing, more than half
    assert_eq!(result(hue).await, (2, 1, 0, 3, 2, "passed".into()));
    // the chair and hoidong recused: 1 of 2 is not more than half
    assert_eq!(result(huyen).await, (1, 0, 1, 2, 2, "failed".into()));
    // the secretary and hoidong recused: the chair and the written vote
    assert_eq!(result(own).await, (2, 0, 0, 2, 2, "passed".into()));
    let (_, html) = get(&member, &app.url(&format!("/council/meetings/{m}"))).await;
    assert!(
        html.contains("Đã kết thúc biểu quyết")
            && html.contains("Không đạt")
            && html.contains("Đạt")
    );

    // the minutes and the ballot count, filled from what was recorded
    let docx = |path: &'static str| {
        let c = member.clone();
        let url = app.url(&format!("/council/meetings/{m}/{path}"));
        async move {
            let r = c.get(url).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            docx_text(&r.bytes().await.unwrap())
        }
    };
    let minutes = docx("minutes.docx").await;
    for want in [
        // the council's name broken where a clerk breaks it
        "HỘI ĐỒNG THI ĐUA -\nKHEN THƯỞNG",
        "BIÊN BẢN",
        "Phòng họp số 1",
        "có mặt 3/4 thành viên",
        "Bà Huỳnh Thị Ngọc Ánh, Phó Giám đốc, Phó Chủ tịch Hội đồng: vắng mặt, có ý kiến bằng văn bản",
        "Đặng Thị Mỹ Phượng (cùng đơn vị)",
        "Lê Minh Khoa (tự khai: Người thân)",
        "Nguyễn Văn Em (",
        "Không đạt",
        "66,67 %",
        "2/4 trường hợp",
        "THƯ KÝ HỘI ĐỒNG",
        "Nguyễn Thị Thu Hà",
    ] {
        assert!(minutes.contains(want), "{want} in {minutes}");
    }
    let count = docx("ballot-count.docx").await;
    assert!(
        count.contains("Không đạt: 3 phiếu đồng ý trên 4 thành viên (75 %), quy định từ 90 % tổng số thành viên Hội đồng trở lên; cần 4 phiếu.")
            && !count.contains("Võ Thị Mỹ Huệ"),
        "{count}"
    );

    // a vote after the ballot closed is refused, and changes nothing
    let before = app.scalar_i64("SELECT count(*) FROM council_votes").await;
    let r = vote(&app, &chair, m, &[(hue, "against")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Biểu quyết đã kết thúc"));
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM council_votes").await,
        before
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM council_votes WHERE line_id = {hue} AND choice = 'for'"
        ))
        .await,
        2
    );
    // the public notice of the two lines that passed: posted by the Office, not by a member
    let r = post_form(&app, &member, &format!("/council/meetings/{m}/notice"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(
        &app,
        &office,
        &format!("/council/meetings/{m}/notice"),
        &[("note", "Góp ý gửi Văn phòng Sở.")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let n = app
        .scalar_i64(&format!("SELECT id FROM notices WHERE meeting_id = {m}"))
        .await;
    assert_eq!(location(&r), format!("/notices/{n}"));
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM notice_lines WHERE notice_id = {n}"
        ))
        .await,
        2
    );
    let r = post_form(&app, &office, &format!("/council/meetings/{m}/notice"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "posted once");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM notices WHERE meeting_id = {m}"
        ))
        .await,
        1
    );
    // staff read it and object; a blank objection comes back as typed
    let (s, html) = get(&staff, &app.url(&format!("/notices/{n}"))).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Võ Thị Mỹ Huệ")
            && html.contains("Đang công khai")
            && !html.contains("Nguyễn Văn Em"),
        "{html}"
    );
    let hue_s = hue.to_string();
    let r = post_form(
        &app,
        &staff,
        &format!("/notices/{n}/comments"),
        &[("line", &hue_s), ("kind", "objection"), ("body", " ")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("value=\"objection\" checked")
    );
    let r = post_form(
        &app,
        &staff,
        &format!("/notices/{n}/comments"),
        &[
            ("line", &hue_s),
            ("kind", "objection"),
            ("body", "Chưa hoàn thành nhiệm vụ quý IV."),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cid = app.scalar_i64("SELECT max(id) FROM notice_comments").await;
    let (_, html) = get(&office, &app.url(&format!("/notices/{n}"))).await;
    assert!(
        html.contains("Có phản ánh chưa giải quyết") && html.contains("Nguyễn Văn An"),
        "the Office sees who wrote"
    );
    let (_, html) = get(&member, &app.url(&format!("/notices/{n}"))).await;
    assert!(
        html.contains("Chưa hoàn thành nhiệm vụ quý IV.") && !html.contains("Nguyễn Văn An"),
        "others do not"
    );
    // staff do not resolve; the Office does, with an outcome and a text
    let path = format!("/notices/{n}/comments/{cid}/resolve");
    let r = post_form(
        &app,
        &staff,
        &path,
        &[("outcome", "dismissed"), ("resolution", "x")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(
        &app,
        &office,
        &path,
        &[("outcome", "answered"), ("resolution", "Đã xác minh.")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "an objection is upheld or dismissed"
    );
    let r = post_form(
        &app,
        &office,
        &path,
        &[
            ("outcome", "dismissed"),
            ("resolution", "Đã xác minh: hoàn thành nhiệm vụ."),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(
        &app,
        &office,
        &path,
        &[("outcome", "upheld"), ("resolution", "Lần hai.")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "resolved once"
    );
    // the period over, the lines are ready for a decision; no more comments on them
    sqlx::query(&format!(
        "UPDATE notice_lines SET ends_on = ends_on - 60 WHERE notice_id = {n}"
    ))
    .execute(&app.db)
    .await
    .unwrap();
    let (_, html) = get(&staff, &app.url(&format!("/notices/{n}"))).await;
    assert_eq!(
        html.matches("Đủ điều kiện ra quyết định").count(),
        2,
        "{html}"
    );
    let r = post_form(
        &app,
        &staff,
        &format!("/notices/{n}/comments"),
        &[("line", &hue_s), ("kind", "comment"), ("body", "Muộn")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (s, html) = get(&staff, &app.url("/notices")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains(&format!("/notices/{n}")));

    // every step is in the audit log
    assert!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'council_meeting' AND entity_id = '{m}'"
        ))
        .await
            >= 10
    );
    app.cleanup().await;
}

/// A client with a session made for user `user_id` directly in the database (signing two hundred
/// people in through the form would only measure argon2).
async fn session_for(app: &TestApp, user_id: i64) -> (reqwest::Client, String) {
    // a session token is 64 characters
    let token = format!("{user_id:032x}{:032x}", std::process::id());
    let csrf = format!("csrf-{user_id}");
    sqlx::query(
        "INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at)
         VALUES (sha256(convert_to($1, 'UTF8')), $2, $3, now() + interval '1 hour')",
    )
    .bind(&token)
    .bind(user_id)
    .bind(&csrf)
    .execute(&app.db)
    .await
    .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        format!("thidua_session={token}").parse().unwrap(),
    );
    let c = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (c, csrf)
}

/// A draft meeting of 20/12/2022 (every submitted line accepted first) with the first free line
/// decided by show of hands and the first by secret ballot on its agenda: (meeting, hands line,
/// secret line).
async fn draft_meeting(app: &TestApp, office: &reqwest::Client) -> (i64, i64, i64) {
    sqlx::query("UPDATE proposal_lines SET status = 'accepted' WHERE status = 'submitted'")
        .execute(&app.db)
        .await
        .unwrap();
    let r = post_form(
        app,
        office,
        "/campaigns/1/council/meetings",
        &[("held_on", "20/12/2022")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let m = app.scalar_i64("SELECT max(id) FROM council_meetings").await;
    let line = |ballot: &'static str| async move {
        app.scalar_i64(&format!(
            "SELECT l.id FROM proposal_lines l JOIN titles t ON t.id = l.title_id
              WHERE l.status = 'accepted' AND t.council_ballot = '{ballot}'
                AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = l.id)
              ORDER BY l.id LIMIT 1"
        ))
        .await
    };
    let (hands, secret) = (line("hands").await, line("secret").await);
    let r = post_form(
        app,
        office,
        &format!("/council/meetings/{m}/agenda"),
        &[(&format!("l{hands}"), "on"), (&format!("l{secret}"), "on")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    (m, hands, secret)
}

/// `n` more members (accounts for people of the Department, seated in the council) and a meeting
/// with a line by show of hands and one by secret ballot, opened with everyone present: (the
/// members, the meeting, the hands line, the secret line).
async fn open_with_members(app: &TestApp, n: i64) -> (Vec<i64>, i64, i64, i64) {
    let office = signed_in(app, "vanphong").await;
    let hash =
        sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE username = 'canbo'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let ids: Vec<i64> = sqlx::query_scalar(
        "INSERT INTO users (username, password_hash, display_name, person_id)
         SELECT 'tv' || p.id, $1, p.full_name, p.id FROM people p
          WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.person_id = p.id) AND p.active
          ORDER BY p.id LIMIT $2 RETURNING id",
    )
    .bind(&hash)
    .bind(n)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(ids.len() as i64, n);
    sqlx::query(
        "INSERT INTO council_seats (unit_id, year, user_id, capacity, from_date)
         SELECT c.issuer_unit_id, 2022, u, 'member', DATE '2022-01-01' FROM campaigns c, UNNEST($1::int8[]) u WHERE c.id = 1",
    )
    .bind(&ids)
    .execute(&app.db)
    .await
    .unwrap();
    // a meeting with a line by show of hands and one by secret ballot, opened with everyone present
    let (m, hands, secret) = draft_meeting(app, &office).await;
    // the chair present too, to close the ballot
    let chair = app
        .scalar_i64("SELECT id FROM users WHERE username = 'giamdoc'")
        .await;
    let mut fields: Vec<(String, String)> = ids
        .iter()
        .chain([&chair])
        .map(|u| (format!("p{u}"), "on".to_string()))
        .collect();
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM council_meetings WHERE id = {m}"
        ))
        .await;
    fields.push(("version".into(), version.to_string()));
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(app, &office, &format!("/council/meetings/{m}/open"), &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    (ids, m, hands, secret)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_members_vote_at_once() {
    let app = spawn_app().await;
    let (ids, m, hands, secret) = open_with_members(&app, 200).await;
    let recused = app.scalar_i64(&format!("SELECT count(DISTINCT user_id) FROM council_recusals WHERE meeting_id = {m} AND line_id = {secret}")).await;

    // every member posts their votes twice at once (leaving out the lines they are recused from):
    // four hundred requests
    let pairs: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT user_id, line_id FROM council_recusals WHERE meeting_id = {m}"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    let mut tasks = tokio::task::JoinSet::new();
    let mut bodies = Vec::new();
    for (i, &u) in ids.iter().enumerate() {
        let (c, csrf) = session_for(&app, u).await;
        let choice = if i % 3 == 0 { "against" } else { "for" };
        let mut body: Vec<(String, String)> = [hands, secret]
            .iter()
            .filter(|l| !pairs.contains(&(u, **l)))
            .map(|l| (format!("v{l}"), choice.to_string()))
            .collect();
        body.push(("csrf_token".to_string(), csrf));
        bodies.push((c, body));
    }
    let url = app.url(&format!("/council/meetings/{m}/vote"));
    for (c, body) in &bodies {
        for _ in 0..2 {
            let (c, url, body) = (c.clone(), url.clone(), body.clone());
            tasks.spawn(async move { c.post(url).form(&body).send().await.map(|r| r.status()) });
        }
    }
    let mut statuses = std::collections::BTreeMap::new();
    while let Some(r) = tasks.join_next().await {
        let s = r.unwrap().unwrap();
        *statuses.entry(s.as_u16()).or_insert(0) += 1;
    }
    assert!(!statuses.keys().any(|s| *s >= 500), "{statuses:?}");
    let count = |sql: String| {
        let app = &app;
        async move { app.scalar_i64(&sql).await }
    };
    let hands_recused = count(format!(
        "SELECT count(*) FROM council_recusals WHERE meeting_id = {m} AND line_id = {hands}"
    ))
    .await;
    // one vote per member per line, whatever came twice
    assert_eq!(
        count(format!(
            "SELECT count(*) FROM council_votes WHERE meeting_id = {m} AND line_id = {hands}"
        ))
        .await,
        200 - hands_recused
    );
    assert_eq!(
        count(format!(
            "SELECT count(DISTINCT user_id) FROM council_votes WHERE meeting_id = {m}"
        ))
        .await,
        200 - hands_recused
    );
    assert_eq!(
        count(format!("SELECT count(*) FROM council_ballot_tokens WHERE meeting_id = {m} AND line_id = {secret}")).await,
        200 - recused
    );
    assert_eq!(
        count(format!(
            "SELECT count(*) FROM council_ballot_box WHERE meeting_id = {m} AND line_id = {secret} AND choice > 0"
        ))
        .await,
        200 - recused
    );
    // the chair has not voted: closing needs their confirmation
    let chair = signed_in(&app, "giamdoc").await;
    let close = format!("/council/meetings/{m}/close");
    let r = post_form(&app, &chair, &close, &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Kết thúc sớm"));
    // the close, racing a last wave of the same votes: each is counted before it or refused after
    let mut wave = tokio::task::JoinSet::new();
    for (c, body) in bodies.iter().take(50) {
        let (c, url, body) = (c.clone(), url.clone(), body.clone());
        wave.spawn(async move {
            c.post(url)
                .form(&body)
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
    }
    let r = post_form(&app, &chair, &close, &[("early", "on")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    while let Some(r) = wave.join_next().await {
        let s = r.unwrap().unwrap();
        assert!([303, 200, 422].contains(&s), "{s}");
    }
    let (for_, against): (i32, i32) = sqlx::query_as(&format!(
        "SELECT votes_for, votes_against FROM council_agenda WHERE meeting_id = {m} AND line_id = {secret}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(i64::from(for_ + against), 200 - recused);
    assert_eq!(
        count(format!(
            "SELECT count(*) FROM council_ballot_box WHERE meeting_id = {m} AND line_id = {secret} AND choice > 0"
        ))
        .await,
        200 - recused,
        "the wave added nothing"
    );
    app.cleanup().await;
}

/// A member who declares a conflict on a line while their vote on it is on its way ends with one of
/// the two, never both: forty members, each posting the vote and the declaration at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_declared_while_voting_never_leaves_both() {
    let app = spawn_app().await;
    let (ids, m, hands, _) = open_with_members(&app, 40).await;
    let recused: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT user_id FROM council_recusals WHERE meeting_id = {m} AND line_id = {hands}"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    let voters: Vec<i64> = ids.into_iter().filter(|u| !recused.contains(u)).collect();
    let mut tasks = tokio::task::JoinSet::new();
    for &u in &voters {
        let (c, csrf) = session_for(&app, u).await;
        let vote = app.url(&format!("/council/meetings/{m}/vote"));
        let declare = app.url(&format!("/council/meetings/{m}/recusals"));
        let v = vec![
            (format!("v{hands}"), "for".to_string()),
            ("csrf_token".into(), csrf.clone()),
        ];
        let d = vec![
            ("line".to_string(), hands.to_string()),
            ("note".into(), "Người thân của tôi".into()),
            ("csrf_token".into(), csrf),
        ];
        let c2 = c.clone();
        tasks.spawn(async move {
            c.post(vote)
                .form(&v)
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
        tasks.spawn(async move {
            c2.post(declare)
                .form(&d)
                .send()
                .await
                .map(|r| r.status().as_u16())
        });
    }
    while let Some(r) = tasks.join_next().await {
        let s = r.unwrap().unwrap();
        assert!([200, 303, 422].contains(&s), "{s}");
    }
    let both = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM council_votes v JOIN council_recusals r USING (meeting_id, line_id, user_id)
              WHERE v.meeting_id = {m} AND v.line_id = {hands}"
        ))
        .await;
    assert_eq!(both, 0, "a member both voted and was recused");
    let (votes, declared) = (
        app.scalar_i64(&format!("SELECT count(*) FROM council_votes WHERE meeting_id = {m} AND line_id = {hands}")).await,
        app.scalar_i64(&format!("SELECT count(*) FROM council_recusals WHERE meeting_id = {m} AND line_id = {hands} AND reason = 'declared'")).await,
    );
    assert_eq!(
        votes + declared,
        voters.len() as i64,
        "each member one or the other"
    );
    app.cleanup().await;
}

/// Issue 28, 2: thirty members cast secret ballots one after the other, in a known order (the
/// first third in favour, the second against, the last abstaining). After each ballot every slot
/// of the line carries the same transaction id, command ids and xmax, so no join on a system
/// column tells one ballot from another; the box holds no voter, time or ordered id; neither the
/// rows' physical order nor their ids' order gives back the voting order; once closed, every
/// ballot carries the close's transaction, and the votes' audit entries, the tokens and the
/// receipts join none of them.
#[tokio::test]
async fn no_query_recovers_who_cast_which_secret_ballot() {
    let app = spawn_app().await;
    let (ids, m, _, secret) = open_with_members(&app, 30).await;
    let line = format!("meeting_id = {m} AND line_id = {secret}");
    let slots = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM council_ballot_box WHERE {line}"
        ))
        .await;
    let in_place = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM (SELECT slot, row_number() OVER (ORDER BY ctid) a,
                                          row_number() OVER (ORDER BY slot) b
                                     FROM council_ballot_box WHERE {line}) x WHERE a = b"
        ))
        .await;
    assert_eq!(in_place, slots, "placed in the order of random identifiers");
    let recused: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT user_id FROM council_recusals WHERE {line}"
    ))
    .fetch_all(&app.db)
    .await
    .unwrap();
    let voters: Vec<i64> = ids.into_iter().filter(|u| !recused.contains(u)).collect();
    assert!(voters.len() >= 24, "{} voters", voters.len());
    assert!(slots >= voters.len() as i64);
    let columns = app
        .scalar_i64("SELECT count(*) FROM information_schema.columns WHERE table_name = 'council_ballot_box' AND column_name NOT IN ('slot', 'meeting_id', 'line_id', 'choice')")
        .await;
    assert_eq!(columns, 0, "no voter, time or serial id in the box");
    let cast: Vec<&str> = (0..voters.len())
        .map(|i| ["for", "against", "abstain"][i * 3 / voters.len()])
        .collect();
    for (i, &u) in voters.iter().enumerate() {
        let (c, csrf) = session_for(&app, u).await;
        let body = [
            (format!("v{secret}"), cast[i].to_string()),
            ("csrf_token".into(), csrf),
        ];
        let r = c
            .post(app.url(&format!("/council/meetings/{m}/vote")))
            .form(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let distinct: (i64, i64, i64, i64) = sqlx::query_as(&format!(
            "SELECT count(DISTINCT xmin::text), count(DISTINCT cmin::text),
                    count(DISTINCT cmax::text), count(DISTINCT xmax::text)
             FROM council_ballot_box WHERE {line}"
        ))
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(distinct, (1, 1, 1, 1), "after ballot {i}");
        // the query of the finding: the votes' audit entries joined to the ballots by transaction
        // find the last voter with every slot of the box, filled or empty, or nobody
        let joined: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT a.actor_username, count(*) FROM audit_log a
               JOIN council_ballot_box b ON b.xmin::text = a.xmin::text
              WHERE a.action = 'vote' AND b.{line} GROUP BY 1"
        ))
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert!(
            joined.is_empty() || (joined.len() == 1 && joined[0].1 == slots),
            "{joined:?}"
        );
    }
    // the ballots in any order of their rows: the voting order is not there (the chance of it is
    // one in 30!/(10!)^3, about 5e12)
    let reversed: Vec<&str> = cast.iter().rev().copied().collect();
    for order in ["ctid", "slot"] {
        let seen: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT (ARRAY['for', 'against', 'abstain'])[choice] FROM council_ballot_box
              WHERE {line} AND choice > 0 ORDER BY {order}"
        ))
        .fetch_all(&app.db)
        .await
        .unwrap();
        assert_eq!(seen.len(), cast.len());
        assert!(seen != cast && seen != reversed, "by {order}: {seen:?}");
    }
    // the chair closes: every ballot of the meeting rewritten by the close
    let chair = signed_in(&app, "giamdoc").await;
    let close = format!("/council/meetings/{m}/close");
    let r = post_form(&app, &chair, &close, &[("early", "on")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM council_ballot_box b JOIN council_meetings m ON m.id = b.meeting_id
              WHERE b.meeting_id = {m} AND b.xmin::text <> m.xmin::text"
        ))
        .await,
        0
    );
    for join in [
        "audit_log a ON a.xmin::text = b.xmin::text AND a.action = 'vote'",
        "council_ballot_tokens a ON a.xmin::text = b.xmin::text",
        "council_receipts a ON a.xmin::text = b.xmin::text",
    ] {
        assert_eq!(
            app.scalar_i64(&format!(
                "SELECT count(*) FROM council_ballot_box b JOIN {join} WHERE b.meeting_id = {m}"
            ))
            .await,
            0,
            "{join}"
        );
    }
    let votes: (i32, i32, i32) = sqlx::query_as(&format!(
        "SELECT votes_for, votes_against, votes_abstain FROM council_agenda WHERE {line}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    let count = |c: &str| cast.iter().filter(|x| **x == c).count() as i32;
    assert_eq!(votes, (count("for"), count("against"), count("abstain")));
    app.cleanup().await;
}

/// Issue 28, 2: an absent member votes on secret lines with their own account before the meeting.
/// The Office issues the ballot papers of the draft: the agenda and details are fixed from then on;
/// phogiamdoc (who will be away) casts a secret ballot ahead (a show of hands is refused, a second
/// ballot too, and so is declaring a conflict on the line voted); hoidong declares a conflict
/// before the meeting; the ballot opens with phogiamdoc absent, the box holds one slot per member
/// who may vote, the advance ballot among them; the count includes it.
#[tokio::test]
async fn an_absent_member_votes_before_the_meeting() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let (chair, vice, member) = (
        signed_in(&app, "giamdoc").await,
        signed_in(&app, "phogiamdoc").await,
        signed_in(&app, "hoidong").await,
    );
    let (m, hands, secret) = draft_meeting(&app, &office).await;
    let other = app
        .scalar_i64(&format!(
            "SELECT l.id FROM proposal_lines l WHERE l.status = 'accepted' AND l.id NOT IN ({hands}, {secret})
               AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = l.id) ORDER BY l.id LIMIT 1"
        ))
        .await;
    let agenda = format!("/council/meetings/{m}/agenda");
    // nobody votes on a draft without ballot papers
    let r = vote(&app, &vice, m, &[(secret, "against")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let version = || {
        let app = &app;
        async move {
            app.scalar_i64(&format!(
                "SELECT version::int8 FROM council_meetings WHERE id = {m}"
            ))
            .await
            .to_string()
        }
    };
    // only those who run the campaign issue the papers
    let papers = format!("/council/meetings/{m}/ballot-papers");
    let v = version().await;
    let r = post_form(&app, &member, &papers, &[("version", v.as_str())]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post_form(&app, &office, &papers, &[("version", v.as_str())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(
        &app,
        &office,
        &papers,
        &[("version", version().await.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "issued once");
    // the agenda and details are fixed now
    let r = post_form(&app, &office, &agenda, &[(&format!("l{other}"), "on")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Phiếu bầu đã được phát hành")
    );
    let r = post_form(&app, &office, &format!("{agenda}/{secret}/remove"), &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = post_form(
        &app,
        &office,
        &format!("/council/meetings/{m}"),
        &[
            ("held_on", "21/12/2022"),
            ("version", version().await.as_str()),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // phogiamdoc votes ahead: the secret line only, once
    let (_, html) = get(&vice, &app.url(&format!("/council/meetings/{m}"))).await;
    assert!(
        html.contains("nếu sẽ vắng mặt, bạn bỏ phiếu kín trước"),
        "{html}"
    );
    let r = vote(&app, &vice, m, &[(hands, "for")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Trước phiên họp chỉ bỏ phiếu kín")
    );
    let r = vote(&app, &vice, m, &[(secret, "against")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert_eq!(receipt_of(&html).len(), 24);
    let r = vote(&app, &vice, m, &[(secret, "for")]).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a second ballot"
    );
    let declare = format!("/council/meetings/{m}/recusals");
    let s = secret.to_string();
    let r = post_form(
        &app,
        &vice,
        &declare,
        &[("line", &s), ("note", "Người thân")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no conflict after voting"
    );
    // hoidong declares a conflict before the meeting (the box loses an empty slot at the opening)
    let r = post_form(
        &app,
        &member,
        &declare,
        &[("line", &s), ("note", "Người thân")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // the ballot opens, phogiamdoc absent
    let mut fields: Vec<(String, String)> = Vec::new();
    for u in ["giamdoc", "vanphong", "hoidong"] {
        fields.push((format!("p{}", user_id(&app, u).await), "on".into()));
    }
    fields.push(("version".into(), version().await));
    let f: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post_form(&app, &office, &format!("/council/meetings/{m}/open"), &f).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let may_vote = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM council_attendance t WHERE t.meeting_id = {m}
               AND NOT EXISTS (SELECT 1 FROM council_recusals r WHERE r.meeting_id = {m}
                               AND r.line_id = {secret} AND r.user_id = t.user_id)"
        ))
        .await;
    let box_of = |cond: &'static str| {
        let app = &app;
        async move {
            app.scalar_i64(&format!(
                "SELECT count(*) FROM council_ballot_box WHERE meeting_id = {m} AND line_id = {secret} AND {cond}"
            ))
            .await
        }
    };
    assert_eq!(
        box_of("true").await,
        may_vote,
        "one slot per member who may vote"
    );
    assert_eq!(box_of("choice <> 0").await, 1, "the advance ballot");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM council_ballot_tokens WHERE meeting_id = {m} AND written
               AND user_id = {}",
            user_id(&app, "phogiamdoc").await
        ))
        .await,
        1,
        "counted as a written vote"
    );
    // the members present vote; the chair closes; the advance ballot is counted
    for c in [&chair, &office] {
        let r = vote(&app, c, m, &[(secret, "for"), (hands, "for")]).await;
        assert!(
            r.status().is_success() || r.status().is_redirection(),
            "{}",
            r.status()
        );
    }
    let r = vote(&app, &member, m, &[(hands, "for")]).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let r = post_form(
        &app,
        &chair,
        &format!("/council/meetings/{m}/close"),
        &[("early", "on")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (f, a): (i32, i32) = sqlx::query_as(&format!(
        "SELECT votes_for, votes_against FROM council_agenda WHERE meeting_id = {m} AND line_id = {secret}"
    ))
    .fetch_one(&app.db)
    .await
    .unwrap();
    let voted_present = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM council_ballot_tokens WHERE meeting_id = {m} AND line_id = {secret} AND NOT written"
        ))
        .await as i32;
    assert_eq!(
        (f, a),
        (voted_present, 1),
        "the present members' ballots and the one cast ahead"
    );
    app.cleanup().await;
}
