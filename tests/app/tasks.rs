//! The home page's tasks ("Việc cần làm", issue 30, 1), on the demo's 2022 year replayed: each role
//! finds what the data holds for them, with its one way in, and the list follows the data as the
//! work moves on (a draft decision reaches the Director and leaves once approved; a meeting called
//! reaches the council; a registration leaves the staff member's list once sent). Nothing on a home
//! page is fixed text: a role with nothing waiting reads that nothing waits.

use crate::common::*;
use reqwest::StatusCode;

/// The task list of the home page `html`: (kind, link, text) of each task, in its order.
fn tasks(html: &str) -> Vec<(String, String, String)> {
    let start = html
        .find("<section class=\"card tasks\"")
        .unwrap_or_else(|| panic!("no task list on the home page: {html}"));
    let end = start + html[start..].find("</section>").unwrap();
    html[start..end]
        .split("<li class=\"task")
        .skip(1)
        .map(|li| {
            let kind = li
                .split("data-kind=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let href = li
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let text = li
                .split("\">")
                .nth(2)
                .unwrap()
                .split("</a>")
                .next()
                .unwrap();
            (kind.to_string(), href.to_string(), text.to_string())
        })
        .collect()
}

async fn home_tasks(app: &TestApp, c: &reqwest::Client) -> Vec<(String, String, String)> {
    let (status, html) = get(c, &app.url("/")).await;
    assert_eq!(status, StatusCode::OK);
    tasks(&html)
}

fn find<'a>(
    list: &'a [(String, String, String)],
    kind: &str,
    href: &str,
) -> Option<&'a (String, String, String)> {
    list.iter().find(|(k, h, _)| k == kind && h == href)
}

#[tokio::test]
async fn each_role_finds_what_waits_on_them_and_the_list_follows_the_work() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let director = signed_in(&app, "giamdoc").await;
    let head = signed_in(&app, "truongphong").await;
    let member = signed_in(&app, "hoidong").await;
    let staff = signed_in(&app, "canbo").await;
    let admin = signed_in(&app, "admin").await;

    // the Office: the submitted proposal's lines, as many as wait
    let list = home_tasks(&app, &office).await;
    let submitted = app
        .scalar_i64("SELECT id FROM proposals WHERE status = 'submitted' ORDER BY id LIMIT 1")
        .await;
    let waiting = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM proposal_lines WHERE proposal_id = {submitted} AND status = 'submitted'"
        ))
        .await;
    let (_, _, text) = find(&list, "decide_lines", &format!("/proposals/{submitted}"))
        .unwrap_or_else(|| panic!("the Office's lines to decide: {list:?}"));
    assert!(
        text.contains(&format!("{waiting} trường hợp chờ tiếp nhận")),
        "{text}"
    );
    // the accepted lines of the other unit, on no agenda yet
    let off_agenda = app
        .scalar_i64(
            "SELECT count(*) FROM proposal_lines l WHERE l.status = 'accepted'
              AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = l.id)",
        )
        .await;
    assert!(off_agenda > 0);
    let (_, _, text) = find(&list, "schedule_lines", "/campaigns/1/council/meetings/new")
        .unwrap_or_else(|| panic!("the lines to put on an agenda: {list:?}"));
    assert!(
        text.contains(&format!("Đưa {off_agenda} trường hợp")),
        "{text}"
    );
    // the notice is over: its lines wait for a decision
    let n = app.scalar_i64("SELECT id FROM notices").await;
    assert!(
        find(&list, "draft_from_notice", &format!("/notices/{n}")).is_some(),
        "{list:?}"
    );
    // none of it is anyone else's
    for c in [&director, &head, &member, &staff] {
        let l = home_tasks(&app, c).await;
        assert!(
            !l.iter()
                .any(|(k, _, _)| k == "decide_lines" || k == "schedule_lines"),
            "{l:?}"
        );
    }

    // the unit head: the review their unit has not held, while the others have
    let qldd = unit_id(&app, "QLDD").await;
    let list = home_tasks(&app, &head).await;
    assert!(
        find(
            &list,
            "hold_review",
            &format!("/campaigns/1/reviews/{qldd}")
        )
        .is_some(),
        "{list:?}"
    );
    // the campaign's page shows its phases, the current one marked, and the year-end reviews,
    // which the cycle has passed, as not over for this head, with the review to hold in them
    let (_, html) = get(&head, &app.url("/campaigns/1")).await;
    assert_eq!(
        html.matches("<li class=\"phase phase-").count(),
        9,
        "{html}"
    );
    assert_eq!(html.matches("aria-current=\"step\"").count(), 1);
    let behind: Vec<&str> = html
        .split("<li class=\"phase phase-behind\"")
        .skip(1)
        .map(|p| p.split("</li>\n").next().unwrap_or(""))
        .collect();
    assert!(
        behind
            .iter()
            .any(|p| p.contains("Bình xét cuối năm tại đơn vị")
                && p.contains(&format!("/campaigns/1/reviews/{qldd}"))),
        "{behind:?}"
    );
    // another unit's head is not asked to hold it
    let l = home_tasks(&app, &member).await;
    assert!(
        !l.iter()
            .any(|(_, h, _)| h.ends_with(&format!("/reviews/{qldd}"))),
        "{l:?}"
    );

    // a member of staff without a registration, registration open
    let list = home_tasks(&app, &staff).await;
    assert!(
        find(&list, "register", "/campaigns/1/register").is_some(),
        "{list:?}"
    );

    // the administrator has nothing waiting, and reads so
    let (_, html) = get(&admin, &app.url("/")).await;
    assert!(tasks(&html).is_empty());
    assert!(html.contains("Không có việc nào đang chờ bạn."));

    // the Office drafts the decision: it reaches the Director, with its lines counted, and the
    // notice's lines leave the Office's list
    let r = post_form(&app, &office, &format!("/notices/{n}/decision"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let d = app.scalar_i64("SELECT id FROM decisions").await;
    let list = home_tasks(&app, &director).await;
    let (_, _, text) = find(&list, "approve_decision", &format!("/decisions/{d}"))
        .unwrap_or_else(|| panic!("the Director's draft: {list:?}"));
    assert!(text.contains("(4 trường hợp)"), "{text}");
    let list = home_tasks(&app, &office).await;
    assert!(
        find(&list, "draft_from_notice", &format!("/notices/{n}")).is_none(),
        "{list:?}"
    );
    // and the signers were told ("Trình Giám đốc duyệt"), not the drafter
    let told = |user: &'static str, kind: &'static str| {
        let app = &app;
        async move {
            app.scalar_i64(&format!(
                "SELECT count(*) FROM notifications n JOIN users u ON u.id = n.user_id
                  WHERE u.username = '{user}' AND n.kind = '{kind}'"
            ))
            .await
        }
    };
    assert_eq!(told("giamdoc", "decision_drafted").await, 1);
    assert_eq!(told("phogiamdoc", "decision_drafted").await, 1);
    assert_eq!(told("vanphong", "decision_drafted").await, 0);
    assert_eq!(told("canbo", "decision_drafted").await, 0);
    // the drafter does not approve their own draft: it is not their task
    assert!(
        find(&list, "approve_decision", &format!("/decisions/{d}")).is_none(),
        "{list:?}"
    );

    // the Director approves it: it leaves their list, and the Office is to issue it
    let version = app
        .scalar_i64(&format!(
            "SELECT version::int8 FROM decisions WHERE id = {d}"
        ))
        .await
        .to_string();
    let r = post_form(
        &app,
        &director,
        &format!("/decisions/{d}/approve"),
        &[("version", version.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "approved");
    let list = home_tasks(&app, &director).await;
    assert!(
        find(&list, "approve_decision", &format!("/decisions/{d}")).is_none(),
        "{list:?}"
    );
    let list = home_tasks(&app, &office).await;
    let (_, _, text) = find(&list, "issue_decision", &format!("/decisions/{d}"))
        .unwrap_or_else(|| panic!("the decision to issue: {list:?}"));
    assert!(text.contains("01/QĐ-"), "{text}");

    // the Office calls a meeting on the accepted lines: the Office prepares it, a council member
    // is to study its agenda
    let r = post_form(
        &app,
        &office,
        "/campaigns/1/council/meetings",
        &[("held_on", "20/12/2022")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let m = app.scalar_i64("SELECT max(id) FROM council_meetings").await;
    // the members seated are called, the Office that called it is not
    assert_eq!(told("hoidong", "meeting_called").await, 1);
    assert_eq!(told("vanphong", "meeting_called").await, 0);
    assert_eq!(told("canbo", "meeting_called").await, 0);
    let line = app
        .scalar_i64(
            "SELECT l.id FROM proposal_lines l WHERE l.status = 'accepted'
              AND NOT EXISTS (SELECT 1 FROM council_agenda a WHERE a.line_id = l.id) ORDER BY l.id LIMIT 1",
        )
        .await;
    let r = post_form(
        &app,
        &office,
        &format!("/council/meetings/{m}/agenda"),
        &[(&format!("l{line}"), "on")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let list = home_tasks(&app, &office).await;
    assert!(
        find(&list, "prepare_meeting", &format!("/council/meetings/{m}")).is_some(),
        "{list:?}"
    );
    assert!(
        find(&list, "meeting_agenda", &format!("/council/meetings/{m}")).is_none(),
        "the secretary prepares it: not a second task"
    );
    let list = home_tasks(&app, &member).await;
    let (_, _, text) = find(&list, "meeting_agenda", &format!("/council/meetings/{m}"))
        .unwrap_or_else(|| panic!("the member's agenda: {list:?}"));
    assert!(
        text.contains("20/12/2022") && text.contains("(1 trường hợp)"),
        "{text}"
    );
    // staff are not in the council
    let list = home_tasks(&app, &staff).await;
    assert!(
        !list.iter().any(|(k, _, _)| k == "meeting_agenda"),
        "{list:?}"
    );

    // the staff member's registration: a draft, then sent (no longer theirs: their head's)
    sqlx::query(
        "INSERT INTO registrations (campaign_id, person_id, unit_id, status)
         SELECT 1, p.id, p.unit_id, 'draft' FROM users u JOIN people p ON p.id = u.person_id
          WHERE u.username = 'canbo'",
    )
    .execute(&app.db)
    .await
    .unwrap();
    app.settle().await;
    let list = home_tasks(&app, &staff).await;
    assert!(
        find(&list, "finish_registration", "/campaigns/1/register").is_some()
            && find(&list, "register", "/campaigns/1/register").is_none(),
        "{list:?}"
    );
    sqlx::query(
        "UPDATE registrations SET status = 'submitted', submitted_at = now()
          WHERE person_id = (SELECT person_id FROM users WHERE username = 'canbo')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    app.settle().await;
    let list = home_tasks(&app, &staff).await;
    assert!(
        !list
            .iter()
            .any(|(k, _, _)| k.ends_with("registration") || k == "register"),
        "{list:?}"
    );
    let list = home_tasks(&app, &head).await;
    assert!(
        find(
            &list,
            "confirm_registrations",
            "/campaigns/1/unit?status=submitted"
        )
        .is_some(),
        "{list:?}"
    );
    app.cleanup().await;
}

/// The lines of proposal `p` by status: (awaiting the Office, accepted, returned).
async fn line_counts(app: &TestApp, p: i64) -> (i64, i64, i64) {
    let n = |status: &'static str| async move {
        app.scalar_i64(&format!(
            "SELECT count(*) FROM proposal_lines WHERE proposal_id = {p} AND status = '{status}'"
        ))
        .await
    };
    (
        n("submitted").await,
        n("accepted").await,
        n("returned").await,
    )
}

async fn proposal_version(app: &TestApp, p: i64) -> String {
    app.scalar_i64(&format!(
        "SELECT version::int8 FROM proposals WHERE id = {p}"
    ))
    .await
    .to_string()
}

/// The Office decides several lines at once (issue 30, 3): the lines ticked, accepted together or
/// returned with one reason, or every eligible line accepted; each line audited on its own; a
/// choice that makes no sense, nothing ticked or no reason for a return comes back and changes
/// nothing; one line's decision comes back at that line.
#[tokio::test]
async fn the_office_decides_many_lines_at_once() {
    let app = spawn_app().await;
    let office = signed_in(&app, "vanphong").await;
    let head = signed_in(&app, "truongphong").await;
    let p = app
        .scalar_i64(
            "SELECT p.id FROM proposals p WHERE p.status = 'submitted'
              AND (SELECT count(*) FROM proposal_lines l WHERE l.proposal_id = p.id AND l.status = 'submitted') >= 4
              ORDER BY p.id LIMIT 1",
        )
        .await;
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM proposal_lines WHERE proposal_id = $1 AND status = 'submitted' ORDER BY id",
    )
    .bind(p)
    .fetch_all(&app.db)
    .await
    .unwrap();
    let (waiting, _, _) = line_counts(&app, p).await;
    let decide = format!("/proposals/{p}/decide");
    let audits = || async {
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'proposal' AND entity_id = '{p}'"
        ))
        .await
    };
    let before = audits().await;

    // the page offers a box per waiting line and the actions on them
    let (_, html) = get(&office, &app.url(&format!("/proposals/{p}"))).await;
    assert!(
        html.contains(&format!("form=\"bulk\" name=\"sel{}\"", ids[0])),
        "{html}"
    );
    assert!(html.contains("Tiếp nhận các trường hợp đã chọn"));

    // refused, nothing changed: nothing ticked; several rejected at once; "eligible" returned
    let v = proposal_version(&app, p).await;
    let r = post_form(
        &app,
        &office,
        &decide,
        &[("version", &v), ("line", "selected"), ("action", "accept")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Chọn ít nhất một trường hợp")
    );
    let (s0, s1) = (format!("sel{}", ids[0]), format!("sel{}", ids[1]));
    for (line, action) in [("selected", "reject"), ("eligible", "return")] {
        let r = post_form(
            &app,
            &office,
            &decide,
            &[
                ("version", &v),
                ("line", line),
                ("action", action),
                (&s0, "on"),
                ("reason", "x"),
            ],
        )
        .await;
        assert_eq!(
            r.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{line} {action}"
        );
    }
    // a return of the ticked lines needs its reason, and keeps the boxes ticked
    let r = post_form(
        &app,
        &office,
        &decide,
        &[
            ("version", &v),
            ("line", "selected"),
            ("action", "return"),
            (&s0, "on"),
            (&s1, "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("Hãy ghi lý do."));
    assert!(html.contains(&format!("name=\"sel{}\" id=\"sel{}\"", ids[0], ids[0])));
    assert!(html.contains(" checked>"), "the ticks kept");
    assert_eq!(line_counts(&app, p).await.0, waiting, "nothing changed");
    assert_eq!(audits().await, before);
    // the unit's head does not decide
    let r = post_form(
        &app,
        &head,
        &decide,
        &[
            ("version", &v),
            ("line", "selected"),
            ("action", "accept"),
            (&s0, "on"),
        ],
    )
    .await;
    assert!(
        r.status() == StatusCode::FORBIDDEN || r.status() == StatusCode::NOT_FOUND,
        "{}",
        r.status()
    );

    // two ticked, accepted together: each audited
    let r = post_form(
        &app,
        &office,
        &decide,
        &[
            ("version", &v),
            ("line", "selected"),
            ("action", "accept"),
            (&s0, "on"),
            (&s1, "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/proposals/{p}#lines"));
    let (w, accepted, _) = line_counts(&app, p).await;
    assert_eq!((w, accepted), (waiting - 2, 2));
    assert_eq!(audits().await, before + 2, "one entry per line");
    // the same form again is stale: nothing more
    let r = post_form(
        &app,
        &office,
        &decide,
        &[
            ("version", &v),
            ("line", "selected"),
            ("action", "accept"),
            (&s0, "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(line_counts(&app, p).await.1, 2);

    // one line returned with its reason: back at that line (the unit given a head to be told)
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, unit_id)
         SELECT u.id, 'unit_head', p.unit_id FROM users u, proposals p WHERE u.username = 'canbo' AND p.id = $1",
    )
    .bind(p)
    .execute(&app.db)
    .await
    .unwrap();
    let v = proposal_version(&app, p).await;
    let r = post_form(
        &app,
        &office,
        &decide,
        &[
            ("version", &v),
            ("line", &ids[2].to_string()),
            ("action", "return"),
            ("reason", "Thiếu biên bản họp"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/proposals/{p}#line-{}", ids[2]));
    // the unit's heads were told, with the reason
    let heads = app
        .scalar_i64(&format!(
            "SELECT count(DISTINCT a.id) FROM users a JOIN user_roles r ON r.user_id = a.id AND r.role = 'unit_head'
               JOIN units u ON u.id = r.unit_id JOIN proposals p ON p.id = {p} JOIN units pu ON pu.id = p.unit_id
              WHERE a.active AND pu.path LIKE u.path || '%'"
        ))
        .await;
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM notifications WHERE kind = 'proposal_returned' AND args->>2 = 'Thiếu biên bản họp'"
        )
        .await,
        heads
    );
    assert!(heads >= 1);

    // every eligible line still waiting, accepted at once
    let eligible = app
        .scalar_i64(&format!(
            "SELECT count(*) FROM proposal_lines WHERE proposal_id = {p} AND status = 'submitted'
              AND eligibility = 'eligible' AND achievement IS NULL"
        ))
        .await;
    let v = proposal_version(&app, p).await;
    let r = post_form(
        &app,
        &office,
        &decide,
        &[("version", &v), ("line", "eligible"), ("action", "accept")],
    )
    .await;
    if eligible > 0 {
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(line_counts(&app, p).await.1, 2 + eligible);
    } else {
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    app.cleanup().await;
}
