//! The authorisation table: every route x every role -> expected outcome. A route added to the router
//! without a row here fails `every_route_has_a_row`.
//!
//! Outcomes: `o` allowed (whatever the page then says: 200, a redirect, 404 for a missing record,
//! 422 for the deliberately incomplete forms sent here), `f` forbidden (403), `l` sign-in required
//! (a redirect to /login?next=... or 401 for the API).

mod common;
use common::*;
use reqwest::{Client, StatusCode};
use thidua::auth::password::hash_blocking;

/// Column order of the expectation strings.
const ROLES: [&str; 8] = [
    "anonymous",
    "staff",
    "head",
    "head_other",
    "office",
    "council",
    "director",
    "admin",
];

struct Row {
    method: &'static str,
    pattern: &'static str,
    /// path with placeholders: {qldd} a unit, {person} someone in QLDD (not the staff member),
    /// {other_person} someone in TTRA, {user} the canbo account, {self_person} canbo's own record
    path: &'static str,
    body: &'static [(&'static str, &'static str)],
    expect: &'static str,
}

const fn row(
    method: &'static str,
    pattern: &'static str,
    path: &'static str,
    body: &'static [(&'static str, &'static str)],
    expect: &'static str,
) -> Row {
    Row {
        method,
        pattern,
        path,
        body,
        expect,
    }
}

//                                                                                      a s h H o c d A
const TABLE: &[Row] = &[
    row("get", "/", "/", &[], "looooooo"),
    row("get", "/login", "/login", &[], "oooooooo"),
    row("get", "/lang", "/lang?to=en&next=/", &[], "oooooooo"),
    row("get", "/account", "/account", &[], "looooooo"),
    row(
        "get",
        "/account/password",
        "/account/password",
        &[],
        "looooooo",
    ),
    row(
        "post",
        "/account/password",
        "/account/password",
        &[("current", "wrong-one-123"), ("new", "x"), ("confirm", "y")],
        "looooooo",
    ),
    row("get", "/units", "/units", &[], "looooooo"),
    row("get", "/units/{id}", "/units/{qldd}", &[], "looooooo"),
    row(
        "get",
        "/admin/units/new",
        "/admin/units/new",
        &[],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/units",
        "/admin/units",
        &[("code", "")],
        "lffffffo",
    ),
    row(
        "get",
        "/admin/units/{id}/edit",
        "/admin/units/{qldd}/edit",
        &[],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/units/{id}",
        "/admin/units/{qldd}",
        &[("code", "")],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/units/{id}/close",
        "/admin/units/{qldd}/close",
        &[("valid_to", "not a date"), ("version", "1")],
        "lffffffo",
    ),
    row("get", "/people", "/people", &[], "lfoooooo"),
    row("get", "/people", "/people?q=nguyen", &[], "lfoooooo"),
    row("get", "/people/new", "/people/new", &[], "lfffoffo"),
    row(
        "post",
        "/people",
        "/people",
        &[("full_name", "")],
        "lfffoffo",
    ),
    row("get", "/people/{id}", "/people/{person}", &[], "lfofoooo"),
    row(
        "get",
        "/people/{id}",
        "/people/{other_person}",
        &[],
        "lffooooo",
    ),
    row(
        "get",
        "/people/{id}",
        "/people/{self_person}",
        &[],
        "loofoooo",
    ),
    row(
        "get",
        "/people/{id}/edit",
        "/people/{person}/edit",
        &[],
        "lfffoffo",
    ),
    row(
        "post",
        "/people/{id}",
        "/people/{person}",
        &[("full_name", "")],
        "lfffoffo",
    ),
    row(
        "post",
        "/people/{id}/active",
        "/people/{person}/active",
        &[("active", "1")],
        "lfffoffo",
    ),
    row("get", "/people/import", "/people/import", &[], "lfffoffo"),
    row("post", "/people/import", "/people/import", &[], "lfffoffo"),
    row(
        "get",
        "/people/import/{id}",
        "/people/import/999999",
        &[],
        "lfffoffo",
    ),
    row(
        "post",
        "/people/import/{id}",
        "/people/import/999999",
        &[],
        "lfffoffo",
    ),
    row(
        "post",
        "/people/import/{id}/cancel",
        "/people/import/999999/cancel",
        &[],
        "lfffoffo",
    ),
    row("get", "/admin", "/admin", &[], "lffffffo"),
    row("get", "/admin/users", "/admin/users", &[], "lffffffo"),
    row(
        "get",
        "/admin/users/new",
        "/admin/users/new",
        &[],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/users",
        "/admin/users",
        &[("username", "")],
        "lffffffo",
    ),
    row(
        "get",
        "/admin/users/{id}",
        "/admin/users/{user}",
        &[],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/users/{id}/password",
        "/admin/users/{user}/password",
        &[("password", "short")],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/users/{id}/active",
        "/admin/users/{user}/active",
        &[("active", "1")],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/users/{id}/roles",
        "/admin/users/{user}/roles",
        &[("role", ""), ("unit_id", "")],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/users/{id}/roles/{role_id}/delete",
        "/admin/users/{user}/roles/999999/delete",
        &[],
        "lffffffo",
    ),
    row("get", "/admin/audit", "/admin/audit", &[], "lffffffo"),
    row("get", "/campaigns", "/campaigns", &[], "looooooo"),
    row("get", "/campaigns/new", "/campaigns/new", &[], "lfffofof"),
    row(
        "post",
        "/campaigns",
        "/campaigns",
        &[("title", "")],
        "lfffofof",
    ),
    row(
        "get",
        "/campaigns/{id}",
        "/campaigns/{campaign}",
        &[],
        "looooooo",
    ),
    row(
        "get",
        "/campaigns/{id}/edit",
        "/campaigns/{campaign}/edit",
        &[],
        "lfffofof",
    ),
    row(
        "post",
        "/campaigns/{id}",
        "/campaigns/{campaign}",
        &[("title", "")],
        "lfffofof",
    ),
    row(
        "post",
        "/campaigns/{id}/publish",
        "/campaigns/{campaign}/publish",
        &[("version", "0")],
        "lfffofof",
    ),
    row(
        "post",
        "/campaigns/{id}/stage",
        "/campaigns/{campaign}/stage",
        &[("stage", "draft"), ("version", "0")],
        "lfffofof",
    ),
    row(
        "post",
        "/campaigns/{id}/delete",
        "/campaigns/{campaign}/delete",
        &[("version", "0")],
        "lfffofof",
    ),
    row(
        "get",
        "/campaigns/{id}/plan.docx",
        "/campaigns/{campaign}/plan.docx",
        &[],
        "looooooo",
    ),
    row(
        "get",
        "/campaigns/{id}/versions/{n}",
        "/campaigns/{campaign}/versions/0",
        &[],
        "looooooo",
    ),
    row(
        "get",
        "/campaigns/{id}/register",
        "/campaigns/{campaign}/register",
        &[],
        "loofofof",
    ),
    row(
        "post",
        "/campaigns/{id}/register",
        "/campaigns/{campaign}/register",
        &[("action", "save")],
        "loofofof",
    ),
    row(
        "post",
        "/campaigns/{id}/register/withdraw",
        "/campaigns/{campaign}/register/withdraw",
        &[("version", "0")],
        "loofofof",
    ),
    row(
        "post",
        "/campaigns/{id}/register/progress",
        "/campaigns/{campaign}/register/progress",
        &[],
        "loofofof",
    ),
    // a registration in the head's unit, and one in another unit (refused to the first head)
    row(
        "get",
        "/registrations/{id}",
        "/registrations/{reg_qldd}",
        &[],
        "lfofofof",
    ),
    row(
        "get",
        "/registrations/{id}",
        "/registrations/{reg_other}",
        &[],
        "lffoofof",
    ),
    row(
        "post",
        "/registrations/{id}/review",
        "/registrations/{reg_qldd}/review",
        &[("action", "return"), ("comment", "")],
        "lfofffff",
    ),
    row(
        "post",
        "/registrations/{id}/review",
        "/registrations/{reg_other}/review",
        &[("action", "return"), ("comment", "")],
        "lffoffff",
    ),
    row(
        "post",
        "/campaigns/{id}/reopen",
        "/campaigns/{campaign}/reopen",
        &[("reason", "")],
        "lfffofof",
    ),
    row(
        "get",
        "/campaigns/{id}/unit",
        "/campaigns/{campaign}/unit",
        &[],
        "lfooffff",
    ),
    row(
        "get",
        "/campaigns/{id}/collective/{unit_id}",
        "/campaigns/{campaign}/collective/{qldd}",
        &[],
        "lfofffff",
    ),
    row(
        "post",
        "/campaigns/{id}/collective/{unit_id}",
        "/campaigns/{campaign}/collective/{qldd}",
        &[("action", "save")],
        "lfofffff",
    ),
    row(
        "get",
        "/campaigns/{id}/coverage",
        "/campaigns/{campaign}/coverage",
        &[],
        "lfffofof",
    ),
    row(
        "get",
        "/campaigns/{id}/coverage.xlsx",
        "/campaigns/{campaign}/coverage.xlsx",
        &[],
        "lfooofof",
    ),
    row(
        "get",
        "/campaigns/{id}/initiatives",
        "/campaigns/{campaign}/initiatives",
        &[],
        "lfooofof",
    ),
    row(
        "get",
        "/campaigns/{id}/initiatives.xlsx",
        "/campaigns/{campaign}/initiatives.xlsx",
        &[],
        "lfooofof",
    ),
    // staff are sent to their own answers; an administrator without a person has none
    row(
        "get",
        "/campaigns/{id}/eligibility",
        "/campaigns/{campaign}/eligibility",
        &[],
        "loooooof",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility.xlsx",
        "/campaigns/{campaign}/eligibility.xlsx",
        &[],
        "lfooooof",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/people/{person_id}",
        "/campaigns/{campaign}/eligibility/people/{person}",
        &[],
        "lfofooof",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/people/{person_id}",
        "/campaigns/{campaign}/eligibility/people/{self_person}",
        &[],
        "loofooof",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/people/{person_id}",
        "/campaigns/{campaign}/eligibility/people/{other_person}",
        &[],
        "lffoooof",
    ),
    row(
        "get",
        "/campaigns/{id}/eligibility/units/{unit_id}",
        "/campaigns/{campaign}/eligibility/units/{qldd}",
        &[],
        "lfofooof",
    ),
    row("get", "/ratings", "/ratings", &[], "lfooofof"),
    row(
        "get",
        "/ratings",
        "/ratings?unit={qldd}&year=2022",
        &[],
        "lfofofof",
    ),
    row(
        "post",
        "/ratings",
        "/ratings",
        &[("year", "2022"), ("unit", "{qldd}")],
        "lfofofof",
    ),
    row(
        "post",
        "/ratings/close",
        "/ratings/close",
        &[("year", "2022"), ("action", "reopen")],
        "lfffofof",
    ),
    row("get", "/facts/import", "/facts/import", &[], "lfffofof"),
    row("post", "/facts/import", "/facts/import", &[], "lfffofof"),
    row(
        "get",
        "/facts/import/{id}",
        "/facts/import/999999",
        &[],
        "lfffofof",
    ),
    row(
        "post",
        "/facts/import/{id}",
        "/facts/import/999999",
        &[],
        "lfffofof",
    ),
    row(
        "post",
        "/facts/import/{id}/cancel",
        "/facts/import/999999/cancel",
        &[],
        "lfffofof",
    ),
    // a person's own list: accounts without a person have none
    row("get", "/initiatives", "/initiatives", &[], "loofofof"),
    row(
        "get",
        "/initiatives/recognitions",
        "/initiatives/recognitions",
        &[],
        "lfffofof",
    ),
    row(
        "get",
        "/initiatives/recognitions/new",
        "/initiatives/recognitions/new",
        &[],
        "lfffofof",
    ),
    row(
        "post",
        "/initiatives/recognitions",
        "/initiatives/recognitions",
        &[],
        "lfffofof",
    ),
    row(
        "get",
        "/admin/rule-sets",
        "/admin/rule-sets",
        &[],
        "lffffffo",
    ),
    row(
        "get",
        "/admin/rule-sets/{id}",
        "/admin/rule-sets/1",
        &[],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/copy",
        "/admin/rule-sets/1/copy",
        &[],
        "lffffffo",
    ),
    row(
        "get",
        "/admin/rule-sets/{id}/titles/{title_id}",
        "/admin/rule-sets/1/titles/1",
        &[],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/rule-sets/{id}/titles/{title_id}",
        "/admin/rule-sets/1/titles/1",
        &[],
        "lffffffo",
    ),
    row(
        "get",
        "/people/{id}/record",
        "/people/{person}/record",
        &[],
        "lfofoooo",
    ),
    row(
        "get",
        "/people/{id}/record",
        "/people/{self_person}/record",
        &[],
        "loofoooo",
    ),
    row(
        "post",
        "/people/{id}/record/discipline",
        "/people/{person}/record/discipline",
        &[],
        "lfffofoo",
    ),
    row(
        "post",
        "/people/{id}/record/discipline/{discipline_id}/delete",
        "/people/{person}/record/discipline/999999/delete",
        &[],
        "lfffofoo",
    ),
    row(
        "post",
        "/people/{id}/record/reviews",
        "/people/{person}/record/reviews",
        &[],
        "lfffofoo",
    ),
    row(
        "post",
        "/people/{id}/record/reviews/{review_id}/close",
        "/people/{person}/record/reviews/999999/close",
        &[],
        "lfffofoo",
    ),
    row(
        "post",
        "/people/{id}/record/months",
        "/people/{person}/record/months",
        &[],
        "lfffofoo",
    ),
    row(
        "get",
        "/campaigns/{id}/rule-set",
        "/campaigns/{campaign}/rule-set",
        &[],
        "lfffofof",
    ),
    row(
        "post",
        "/campaigns/{id}/rule-set",
        "/campaigns/{campaign}/rule-set",
        &[("rule_set_id", "1"), ("version", "0")],
        "lfffofof",
    ),
    row("get", "/admin/calendar", "/admin/calendar", &[], "lffffffo"),
    row(
        "post",
        "/admin/calendar/days",
        "/admin/calendar/days",
        &[],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/calendar/days/delete",
        "/admin/calendar/days/delete",
        &[("day", "2031-01-01")],
        "lffffffo",
    ),
    row(
        "post",
        "/admin/calendar/salaries",
        "/admin/calendar/salaries",
        &[],
        "lffffffo",
    ),
    row("post", "/account/email", "/account/email", &[], "looooooo"),
    row(
        "post",
        "/admin/rule-sets/{id}/titles/{title_id}/params",
        "/admin/rule-sets/1/titles/1/params",
        &[],
        "lffffffo",
    ),
    row("get", "/notifications", "/notifications", &[], "looooooo"),
    row(
        "post",
        "/notifications/read",
        "/notifications/read",
        &[],
        "looooooo",
    ),
    row("get", "/api/v1/me", "/api/v1/me", &[], "looooooo"),
    row(
        "get",
        "/api/v1/campaigns",
        "/api/v1/campaigns",
        &[],
        "looooooo",
    ),
    row(
        "get",
        "/api/v1/campaigns/{id}/coverage",
        "/api/v1/campaigns/{campaign}/coverage",
        &[],
        "lfooofof",
    ),
    row(
        "get",
        "/api/v1/eligibility",
        "/api/v1/eligibility?campaign={campaign}&person={person}",
        &[],
        "lfofooof",
    ),
    row(
        "get",
        "/api/openapi.json",
        "/api/openapi.json",
        &[],
        "oooooooo",
    ),
    row("get", "/healthz", "/healthz", &[], "oooooooo"),
    row("get", "/readyz", "/readyz", &[], "oooooooo"),
    row("get", "/static/{file}", "/static/app.css", &[], "oooooooo"),
    // sign-in and sign-out last: signing out ends the session used by the rows above
    row(
        "post",
        "/login",
        "/login",
        &[("username", "nobody"), ("password", "wrong-password")],
        "oooooooo",
    ),
    row("post", "/logout", "/logout", &[], "looooooo"),
];

#[test]
fn every_route_has_a_row() {
    let routes: Vec<(&str, &str)> = thidua::routes::ROUTES
        .iter()
        .chain(thidua::routes::OTHER_ROUTES)
        .copied()
        .collect();
    for (m, p) in &routes {
        assert!(
            TABLE.iter().any(|r| r.method == *m && r.pattern == *p),
            "route {m} {p} has no row in the authorisation table"
        );
    }
    for r in TABLE {
        assert!(
            routes.contains(&(r.method, r.pattern)),
            "row {} {} names no route",
            r.method,
            r.pattern
        );
        assert_eq!(r.expect.len(), ROLES.len(), "row {} {}", r.method, r.path);
    }
}

async fn add_account(app: &TestApp, username: &str, role: &str, unit: &str) {
    let hash = hash_blocking(PW).unwrap();
    let uid: i64 = sqlx::query_scalar("INSERT INTO users (username, password_hash, display_name) VALUES ($1, $2, $1) RETURNING id")
        .bind(username)
        .bind(hash)
        .fetch_one(&app.db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO user_roles (user_id, role, unit_id) SELECT $1, $2, id FROM units WHERE code = $3")
        .bind(uid)
        .bind(role)
        .bind(unit)
        .execute(&app.db)
        .await
        .unwrap();
}

async fn outcome(
    app: &TestApp,
    c: &Client,
    signed: bool,
    r: &Row,
    path: &str,
    body: &[(&str, String)],
) -> (char, String) {
    let resp = if r.method == "get" {
        c.get(app.url(path)).send().await.unwrap()
    } else {
        // the CSRF token of this visitor: the session's, or the signed-out one from the sign-in page
        let (_, html) = get(c, &app.url(if signed { "/account" } else { "/login" })).await;
        let t = csrf_of(&html);
        if path == "/people/import" || path == "/facts/import" {
            let form = reqwest::multipart::Form::new().text("csrf_token", t).part(
                "file",
                reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.csv"),
            );
            c.post(app.url(path)).multipart(form).send().await.unwrap()
        } else {
            let mut body: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
            body.push(("csrf_token", t.as_str()));
            c.post(app.url(path)).form(&body).send().await.unwrap()
        }
    };
    let status = resp.status();
    let loc = location(&resp);
    let got = match status {
        StatusCode::FORBIDDEN => 'f',
        StatusCode::UNAUTHORIZED if path.starts_with("/api/") => 'l',
        s if s.is_redirection() && loc.starts_with("/login?next=") => 'l',
        _ => 'o',
    };
    (got, format!("{status} {loc}"))
}

#[tokio::test]
async fn every_route_for_every_role() {
    let app = spawn_app().await;
    add_account(&app, "t-head-other", "unit_head", "TTRA").await;
    add_account(&app, "t-council", "council", "STNMT").await;
    let qldd = unit_id(&app, "QLDD").await.to_string();
    let person = sqlx::query_scalar::<_, i64>(
        "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'QLDD' AND p.full_name <> 'Nguyễn Văn An' ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
    .to_string();
    let other_person = sqlx::query_scalar::<_, i64>(
        "SELECT p.id FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'TTRA' ORDER BY p.id LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
    .to_string();
    let self_person = person_id(&app, "Nguyễn Văn An").await.to_string();
    let user = user_id(&app, "canbo").await.to_string();
    let campaign = app
        .scalar_i64("SELECT id FROM campaigns ORDER BY id LIMIT 1")
        .await
        .to_string();
    let reg_in = |code: &str| {
        format!(
            "SELECT r.id FROM registrations r JOIN units u ON u.id = r.unit_id
             WHERE u.code = '{code}' AND r.person_id IS NOT NULL AND r.status = 'submitted'
             ORDER BY r.id LIMIT 1"
        )
    };
    let reg_qldd = app.scalar_i64(&reg_in("QLDD")).await.to_string();
    let reg_other = app.scalar_i64(&reg_in("TTRA")).await.to_string();
    let accounts = [
        None,
        Some("canbo"),
        Some("truongphong"),
        Some("t-head-other"),
        Some("vanphong"),
        Some("t-council"),
        Some("giamdoc"),
        Some("admin"),
    ];
    let mut failures = Vec::new();
    for (col, account) in accounts.iter().enumerate() {
        let c = match account {
            Some(a) => signed_in(&app, a).await,
            None => client(),
        };
        let subst = |s: &str| {
            s.replace("{qldd}", &qldd)
                .replace("{other_person}", &other_person)
                .replace("{self_person}", &self_person)
                .replace("{person}", &person)
                .replace("{user}", &user)
                .replace("{campaign}", &campaign)
                .replace("{reg_qldd}", &reg_qldd)
                .replace("{reg_other}", &reg_other)
        };
        for r in TABLE {
            let path = subst(r.path);
            let body: Vec<(&str, String)> = r.body.iter().map(|(k, v)| (*k, subst(v))).collect();
            let want = r.expect.as_bytes()[col] as char;
            let (got, detail) = outcome(&app, &c, account.is_some(), r, &path, &body).await;
            if got != want {
                failures.push(format!(
                    "{} {} as {}: want {want}, got {got} ({detail})",
                    r.method, path, ROLES[col]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "authorisation table mismatches:\n{}",
        failures.join("\n")
    );
    app.cleanup().await;
}
