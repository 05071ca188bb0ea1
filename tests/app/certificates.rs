//! The certificates' print positions over HTTP: the Office of the issuing Department edits them
//! (bad figures and a stale form come back as typed, nothing saved), each save audited with the
//! layout it replaced; the test page of the figures typed and of the saved ones reads back with
//! poppler and zbar at the positions and size given; others are refused.

use crate::common::*;
use reqwest::StatusCode;

/// The editor's form as the page sends it, with `changes` applied.
fn form(version: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("version".into(), version.into()),
        ("width".into(), "297".into()),
        ("height".into(), "210".into()),
    ];
    for (key, x, y, size, center) in [
        ("name", "148.5", "100", "22", true),
        ("unit", "148.5", "112", "15", true),
        ("title", "148.5", "125", "16", true),
        ("decision", "40", "190", "11", false),
        ("date", "205", "145", "13", true),
        ("code", "18", "180", "8", false),
        ("qr", "18", "150", "24", false),
    ] {
        f.push((format!("{key}_x"), x.into()));
        f.push((format!("{key}_y"), y.into()));
        f.push((format!("{key}_size"), size.into()));
        if center {
            f.push((format!("{key}_center"), "1".into()));
        }
    }
    for (k, v) in changes {
        match f.iter_mut().find(|(fk, _)| fk == k) {
            Some(slot) => slot.1 = v.to_string(),
            None => f.push((k.to_string(), v.to_string())),
        }
    }
    f
}

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    f: &[(String, String)],
) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    post_form(app, c, path, &fields).await
}

#[tokio::test]
async fn the_office_sets_the_print_positions_and_tries_them_on_a_test_page() {
    let app = spawn_app().await;
    let root = unit_id(&app, "STNMT").await;
    let office = signed_in(&app, "vanphong").await;
    let path = format!("/certificate-layouts/{root}");

    // the defaults until saved: A4 landscape
    let (s, html) = get(&office, &app.url(&path)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("value=\"148.5\"") && html.contains("Vị trí in giấy khen"),
        "{html}"
    );
    let r = office
        .get(app.url(&format!("{path}/test.pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = read_pdf(&r.bytes().await.unwrap());
    assert_eq!(pdf.pages, 1);
    assert!(
        pdf.page_size.starts_with("841.89 x 595.27"),
        "{}",
        pdf.page_size
    );
    assert!(
        pdf.text.contains("Nguyễn Thị Phương Thảo") && pdf.text.contains("name (148.5; 100.0)"),
        "{}",
        pdf.text
    );
    assert_eq!(pdf.qr, vec!["http://127.0.0.1/verify/ABCD2345".to_string()]);

    // bad figures: each named on the form, what was typed kept, nothing saved
    let r = post(
        &app,
        &office,
        &path,
        &form(
            "0",
            &[("name_x", "abc"), ("date_y", "211"), ("qr_size", "5")],
        ),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("value=\"abc\"")
            && html.contains("value=\"211\"")
            && html.contains("aria-invalid=\"true\""),
        "{html}"
    );
    assert_eq!(html.matches("class=\"err\"").count(), 3, "{html}");
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM certificate_layouts")
            .await,
        0
    );

    // the figures typed, tried before saving: an A5 landscape sheet with the name higher up
    let typed = form(
        "0",
        &[
            ("width", "210"),
            ("height", "148,5"),
            ("name_x", "105"),
            ("name_y", "60"),
            ("unit_x", "105"),
            ("unit_y", "70"),
            ("title_x", "105"),
            ("title_y", "80"),
            ("date_x", "150"),
            ("date_y", "100"),
            ("decision_y", "140"),
            ("qr_y", "105"),
            ("code_y", "138"),
        ],
    );
    let r = post(&app, &office, &format!("{path}/test.pdf"), &typed).await;
    assert_eq!(r.status(), StatusCode::OK);
    let pdf = read_pdf(&r.bytes().await.unwrap());
    assert!(
        pdf.page_size.starts_with("595.27"),
        "A5 landscape: {}",
        pdf.page_size
    );
    assert!(pdf.page_size.contains("x 420.9"), "{}", pdf.page_size);
    assert!(pdf.text.contains("name (105.0; 60.0)"), "{}", pdf.text);
    assert_eq!(
        app.scalar_i64("SELECT count(*) FROM certificate_layouts")
            .await,
        0,
        "tried, not saved"
    );

    // saved, audited; a second save from the same page is stale and comes back as typed
    let r = post(&app, &office, &path, &typed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM certificate_layouts WHERE (layout->>'height')::float = 148.5 AND version = 1"
        )
        .await,
        1
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT count(*) FROM audit_log WHERE entity = 'certificate_layout' AND entity_id = '{root}'
               AND action = 'update' AND (after->'name'->>'y')::float = 60"
        ))
        .await,
        1
    );
    let r = post(&app, &office, &path, &form("0", &[("name_y", "70")])).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("value=\"70\""), "{html}");
    assert_eq!(
        app.scalar_i64(
            "SELECT count(*) FROM certificate_layouts WHERE (layout->'name'->>'y')::float = 60"
        )
        .await,
        1,
        "the stale save changed nothing"
    );
    let r = office
        .get(app.url(&format!("{path}/test.pdf")))
        .send()
        .await
        .unwrap();
    let pdf = read_pdf(&r.bytes().await.unwrap());
    assert!(
        pdf.page_size.starts_with("595.27"),
        "the saved layout: {}",
        pdf.page_size
    );

    // a division's head, staff and a unit that does not exist: refused
    let head = signed_in(&app, "truongphong").await;
    let staff = signed_in(&app, "canbo").await;
    for c in [&head, &staff] {
        let (s, _) = get(c, &app.url(&path)).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let r = post(&app, c, &path, &form("1", &[])).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    let (s, _) = get(&office, &app.url("/certificate-layouts/999999")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    app.cleanup().await;
}
