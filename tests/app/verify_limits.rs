//! The public check of a verification code (issue 28, 3): limited per address, an IPv6 client by
//! its /64 (it can rotate through the whole network), and by a budget shared by every client; the
//! codes issued are twelve characters long, so that guessing at those limits is hopeless.

use crate::common::*;
use reqwest::StatusCode;

async fn check(app: &TestApp, c: &reqwest::Client, from: &str) -> StatusCode {
    c.get(app.url("/verify/ABCDEFGHJKLM"))
        .header("X-Forwarded-For", from)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn an_ipv6_client_cannot_rotate_past_the_limit_and_everyone_shares_a_budget() {
    let app = spawn_app_with(|s| s.trust_proxy_hops = 1).await;
    let c = client();
    // the counts are per minute: start early in one, so that the test stays inside it
    let second = chrono::Timelike::second(&chrono::Utc::now());
    if second > 30 {
        tokio::time::sleep(std::time::Duration::from_secs(u64::from(61 - second))).await;
    }
    // thirty checks from one /64, each from another address of it: the next one waits
    for i in 0..30 {
        let s = check(&app, &c, &format!("2001:db8:7:9::{:x}", i + 1)).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "check {i}");
    }
    assert_eq!(
        check(&app, &c, "2001:db8:7:9:abcd::1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // another network is not held back by it
    assert_eq!(
        check(&app, &c, "2001:db8:7:a::1").await,
        StatusCode::NOT_FOUND
    );
    // the budget of every client together: many networks, a few checks each, meet it
    let mut last = StatusCode::OK;
    let mut refused_at = None;
    for i in 0..700 {
        last = check(&app, &c, &format!("2001:db8:{:x}::1", 0x100 + i)).await;
        if last == StatusCode::TOO_MANY_REQUESTS {
            refused_at = Some(i);
            break;
        }
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // 32 checks were made before this loop in the same minute (unless the minute turned)
    assert!(
        refused_at.is_some_and(|i| (500..=600).contains(&i)),
        "{refused_at:?}"
    );
    app.cleanup().await;
}

#[test]
fn codes_are_twelve_characters_of_the_unambiguous_alphabet() {
    let codes = thidua::domain::council::verification_codes(50).unwrap();
    for c in &codes {
        assert_eq!(c.len(), 12);
        assert!(
            c.chars()
                .all(|ch| "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".contains(ch))
        );
    }
}
