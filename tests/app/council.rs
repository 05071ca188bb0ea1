//! The council of the Department for 2022 over HTTP (the demo seats the Director in the chair, the
//! deputy, the Office's secretary and a member): the Office seats a member; a second chair, a person
//! seated twice, nobody chosen and a bad date come back on the form as typed with nothing written; a seat is ended on a date and stays in the
//! history; staff read the composition but change nothing; fifty parallel seatings of one person
//! leave one seat; every change is audited.

use crate::common::*;
use reqwest::StatusCode;

async fn seat(
    app: &TestApp,
    c: &reqwest::Client,
    user: i64,
    capacity: &str,
    from: &str,
) -> reqwest::Response {
    let user = user.to_string();
    post_form(
        app,
        c,
        "/campaigns/1/council",
        &[
            ("user", user.as_str()),
            ("capacity", capacity),
            ("from_date", from),
        ],
    )
    .await
}

#[tokio::test]
async fn the_office_keeps_the_council_and_everyone_reads_it() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let staff = signed_in(&app, "canbo").await;
    let (council, head, canbo) = (
        user_id(&app, "hoidong").await,
        user_id(&app, "truongphong").await,
        user_id(&app, "canbo").await,
    );
    let seats = "SELECT count(*) FROM council_seats";
    assert_eq!(app.scalar_i64(seats).await, 4, "the demo's council");

    let (s, html) = get(&office, &app.url("/campaigns/1/council")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("Hội đồng Thi đua - Khen thưởng năm 2022")
            && html.contains("Chủ tịch Hội đồng")
    );
    // the regime's vote rules, with what they ask of the four members: ND 91/2017 Art. 45's 90 % of
    // all members by secret ballot for Chiến sĩ thi đua cấp tỉnh (3.6 of 4: four votes)
    let row = |title: &str| {
        let at = html
            .find(&format!("<th scope=\"row\">{title}</th>"))
            .unwrap();
        html[at..at + html[at..].find("</tr>").unwrap()].to_string()
    };
    let cstd = row("Chiến sĩ thi đua cấp tỉnh");
    assert!(
        cstd.contains("Bỏ phiếu kín")
            && cstd.contains("từ 90 % tổng số thành viên Hội đồng trở lên"),
        "{cstd}"
    );
    assert!(
        cstd.contains("<td class=\"num\">4</td>") && cstd.contains("Điều 45"),
        "{cstd}"
    );
    let ldtt = row("Lao động tiên tiến");
    assert!(
        ldtt.contains("Biểu quyết giơ tay") && ldtt.contains("trên 50 % số thành viên có mặt"),
        "{ldtt}"
    );
    assert!(ldtt.contains("<td class=\"num\">3</td>"), "{ldtt}");
    assert!(html.contains("với 4 thành viên hiện nay, ít nhất 3 người"));

    // a member
    let r = seat(&app, &office, head, "member", "15/01/2022").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.scalar_i64(seats).await, 5);

    // a second chair, a person already seated, nobody chosen, a bad date: as typed, nothing written
    let r = seat(&app, &office, canbo, "chair", "20/01/2022").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("đã có người giữ chức danh này"), "{html}");
    assert!(
        html.contains("value=\"20/01/2022\""),
        "what was typed is kept"
    );
    let r = seat(&app, &office, council, "vice_chair", "20/01/2022").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("đang là thành viên Hội đồng năm nay")
    );
    let r = post_form(
        &app,
        &office,
        "/campaigns/1/council",
        &[
            ("user", ""),
            ("capacity", "member"),
            ("from_date", "31/02/2022"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Hãy chọn một người có tài khoản thuộc đơn vị"));
    assert!(html.contains("value=\"31/02/2022\""));
    assert_eq!(app.scalar_i64(seats).await, 5);

    // staff read the composition, in capacity order, and cannot change it
    let (s, html) = get(&staff, &app.url("/campaigns/1/council")).await;
    assert_eq!(s, StatusCode::OK);
    let (chair, secretary, member) = (
        html.find("Chủ tịch Hội đồng").unwrap(),
        html.find("Thư ký Hội đồng").unwrap(),
        html.find("Ủy viên").unwrap(),
    );
    assert!(chair < secretary && secretary < member);
    assert!(
        !html.contains("action=\"/campaigns/1/council\""),
        "no form for staff"
    );
    assert_eq!(
        seat(&app, &staff, canbo, "member", "20/01/2022")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // the member's seat ends; an end before it began is refused; the seat stays in the history
    let id = app
        .scalar_i64(&format!(
            "SELECT id FROM council_seats WHERE user_id = {head}"
        ))
        .await;
    let end = format!("/campaigns/1/council/{id}/end");
    let r = post_form(&app, &office, &end, &[("to_date", "01/01/2022")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("không được trước ngày bắt đầu")
    );
    let r = post_form(&app, &office, &end, &[("to_date", "30/06/2022")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post_form(&app, &office, &end, &[("to_date", "30/06/2022")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "ended once");
    let (_, html) = get(&office, &app.url("/campaigns/1/council")).await;
    assert!(html.contains("Thành viên đã thôi nhiệm vụ") && html.contains("30/06/2022"));
    // now the head may be seated again, as vice-chair
    let r = seat(&app, &office, head, "vice_chair", "01/07/2022").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM audit_log WHERE entity = 'council_seat'")
            .await,
        3
    );

    // fifty parallel seatings of one person: one seat
    let t = token(&app, &office).await;
    let url = app.url("/campaigns/1/council");
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (c, url, t) = (office.clone(), url.clone(), t.clone());
            let u = canbo.to_string();
            tokio::spawn(async move {
                c.post(url)
                    .form(&[
                        ("user", u.as_str()),
                        ("capacity", "member"),
                        ("from_date", "01/02/2022"),
                        ("csrf_token", t.as_str()),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        let s = t.await.unwrap();
        assert!(
            s == StatusCode::SEE_OTHER || s == StatusCode::UNPROCESSABLE_ENTITY,
            "{s}"
        );
        ok += usize::from(s == StatusCode::SEE_OTHER);
    }
    assert_eq!(ok, 1);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM council_seats WHERE user_id = {canbo}"
        ))
        .await,
        1
    );
    app.cleanup().await;
}

#[tokio::test]
async fn an_administrator_sets_how_the_council_votes() {
    let app = spawn_app().await;
    let admin = signed_in(&app, "admin").await;
    let office = signed_in(&app, "vanphong").await;
    let rs = app
        .scalar_i64("SELECT rule_set_id FROM campaigns WHERE id = 1")
        .await;
    let page = format!("/admin/rule-sets/{rs}/council");
    let (s, html) = get(&admin, &app.url(&page)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("Khoản 8 Điều 45 Nghị định 91/2017/NĐ-CP"));
    assert_eq!(get(&office, &app.url(&page)).await.0, StatusCode::FORBIDDEN);
    let cstdcs = app
        .scalar_i64(&format!(
            "SELECT id FROM titles WHERE rule_set_id = {rs} AND code = 'CSTDCS'"
        ))
        .await;
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM rule_sets WHERE id = {rs}"
        ))
        .await
        .to_string();
    // the form as shown, with Chiến sĩ thi đua cơ sở by secret ballot, two thirds of all members
    let form = |share: &str, version: &str| -> Vec<(String, String)> {
        let mut f: Vec<(String, String)> = html
            .split("name=\"")
            .skip(1)
            .filter_map(|s| {
                let name = &s[..s.find('"')?];
                let rest = &s[s.find('"')? + 1..];
                let value = if let Some(v) = rest.strip_prefix(" value=\"") {
                    v[..v.find('"')?].to_string()
                } else {
                    // a select: its selected option
                    let sel = &rest[..rest.find("</select>")?];
                    let at = sel.find(" selected")?;
                    let opt = &sel[..at];
                    let v = &opt[opt.rfind("value=\"")? + 7..];
                    v[..v.find('"')?].to_string()
                };
                Some((name.to_string(), value))
            })
            .filter(|(k, _)| k != "csrf_token" && k != "version")
            .collect();
        for (k, v) in [
            (format!("ballot_{cstdcs}"), "secret"),
            (format!("share_{cstdcs}"), share),
            (format!("base_{cstdcs}"), "members"),
            (format!("strict_{cstdcs}"), "least"),
            (format!("source_{cstdcs}"), "Quy chế Hội đồng năm 2022"),
            ("quorum".to_string(), "66,67"),
            ("notice_province".to_string(), "7"),
            ("cash_round_to".to_string(), "10000"),
            ("cash_round_mode".to_string(), "nearest"),
            ("version".to_string(), version),
        ] {
            f.retain(|(x, _)| *x != k);
            f.push((k, v.to_string()));
        }
        f
    };
    let post = |f: Vec<(String, String)>| {
        let (app, admin, page) = (&app, admin.clone(), page.clone());
        async move {
            let pairs: Vec<(&str, &str)> =
                f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post_form(app, &admin, &page, &pairs).await
        }
    };
    // a share of 0: as typed, nothing written
    let r = post(form("0", &version)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("lớn hơn 0 và không quá 100") && body.contains("Quy chế Hội đồng năm 2022")
    );
    // a notice period of 0 days: refused
    let mut bad = form("66,67", &version);
    bad.retain(|(k, _)| k != "notice_state");
    bad.push(("notice_state".into(), "0".into()));
    let r = post(bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Số ngày làm việc từ 1 đến 60.")
    );
    // a rounding step the form does not offer: refused, nothing written
    let mut bad = form("66,67", &version);
    bad.retain(|(k, _)| k != "cash_round_to");
    bad.push(("cash_round_to".into(), "5000".into()));
    let r = post(bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("id=\"f-round-err\""));
    // ND 91/2017 Art. 68(2) rounds up to 10,000 đ (migration 44); an administrator whose body
    // rounds otherwise makes it round to the nearest
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT cash_round_up::int::int8 FROM rule_sets WHERE id = {rs}"
        ))
        .await,
        1
    );
    let r = post(form("66,67", &version)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT cash_round_up::int::int8 * cash_round_to FROM rule_sets WHERE id = {rs}"
        ))
        .await,
        0
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT notice_days_province::int8 FROM rule_sets WHERE id = {rs}"
        ))
        .await,
        7
    );
    assert!(
        app.scalar_i64(&format!(
            "SELECT length(decision_bases)::int8 FROM rule_sets WHERE id = {rs}"
        ))
        .await
            > 50,
        "a form without the bases keeps them"
    );
    // the same form again: someone saved first
    let r = post(form("70", &version)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // the council page reads the new rule: 66.67 % of the four members is three votes
    let (_, html) = get(&office, &app.url("/campaigns/1/council")).await;
    let at = html
        .find("<th scope=\"row\">Chiến sĩ thi đua cơ sở</th>")
        .unwrap();
    let row = &html[at..at + html[at..].find("</tr>").unwrap()];
    assert!(
        row.contains("Bỏ phiếu kín")
            && row.contains("từ 66,67 % tổng số thành viên Hội đồng trở lên")
            && row.contains("<td class=\"num\">3</td>"),
        "{row}"
    );
    assert!(
        html.contains(
            "dự trên 66,67 % tổng số thành viên Hội đồng: với 4 thành viên hiện nay, ít nhất 3 người"
        ),
        "the quorum read from the rule set"
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'rule_set' AND entity_id = '{rs}'"
        ))
        .await,
        1
    );
    app.cleanup().await;
}

/// Issue 27, item 3: under Law 2022 with ND 98/2023 and ND 152/2025 no share of votes was found in
/// the texts; the emulation fighters of the province and the nation keep the secret ballot at 90 %
/// of all members as the council's own rule, marked unchecked, and the other titles a show of hands
/// over more than half of those present, also the council's own rule.
#[tokio::test]
async fn the_later_regimes_vote_by_the_councils_own_rule() {
    let app = spawn_app().await;
    for regime in ["LUAT2022_ND98", "ND152_2025"] {
        let rule = |title: &str| {
            let app = &app;
            let sql = format!(
                "SELECT t.council_ballot || ' ' || t.council_share || ' ' || t.council_base || ' ' || t.council_source
                   FROM titles t JOIN rule_sets r ON r.id = t.rule_set_id
                  WHERE r.code = '{regime}' AND t.code = '{title}'"
            );
            async move {
                sqlx::query_scalar::<_, String>(&sql)
                    .fetch_one(&app.db)
                    .await
                    .unwrap()
            }
        };
        for title in ["CSTD_TINH", "CSTD_TQ"] {
            let r = rule(title).await;
            assert!(
                r.starts_with("secret 9000 members Quy chế hoạt động của Hội đồng")
                    && r.contains("chưa đối chiếu"),
                "{regime} {title}: {r}"
            );
        }
        let r = rule("LDTT").await;
        assert!(
            r.starts_with("hands 5000 present Quy chế hoạt động của Hội đồng")
                && r.contains("chưa đối chiếu"),
            "{regime} LDTT: {r}"
        );
    }
    app.cleanup().await;
}
