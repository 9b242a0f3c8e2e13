//! `portal.*` against unkey-local: a root key mints a customer-portal session, the URL's code is
//! redeemed once for the end user's access token, and that token (as the `portal_session`
//! cookie, which a browser sends) lists the end user's keys.

use crate::common::{new_api, Local};
use serde_json::json;
use unkey_edge::models::*;

#[tokio::test]
async fn a_session_is_minted_exchanged_once_and_scoped_to_its_end_user() {
    let local = Local::start_with(&["--dashboard", "--portal-base-url", "https://portal.test"]);
    let unkey = local.client();
    let api = new_api(&unkey, "portal").await;
    let mine = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).external_id("user_a"))
        .await
        .unwrap()
        .data;
    unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).external_id("user_b"))
        .await
        .unwrap();
    local
        .control(
            reqwest::Method::POST,
            "/_local/dashboard/portal",
            Some(json!({"slug": "acme", "apiId": api})),
        )
        .await;

    let req = CreatePortalSessionRequest::new(
        "acme",
        "user_a",
        vec![PortalScope::KeysRead, PortalScope::KeysReroll],
    )
    .return_url("https://app.example.com/settings");
    let session = unkey.portal().create_session(req).await.unwrap().data;
    assert!(session.id.starts_with("ps_"), "{}", session.id);
    let code = session
        .url
        .strip_prefix("https://portal.test/?code=")
        .unwrap()
        .to_string();

    let access = unkey
        .portal()
        .exchange_code(ExchangePortalCodeRequest::new(&code))
        .await
        .unwrap()
        .data;
    assert!(access.access_token.starts_with("pat_"));
    assert!(access.expires_at > 0);
    // Single use: the second exchange is the server's 401.
    let err = unkey
        .portal()
        .exchange_code(ExchangePortalCodeRequest::new(&code))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");

    // What the end user's browser then sends: the token as the `portal_session` cookie.
    let listed = reqwest::Client::new()
        .post(format!("{}/v2/portal.listKeys", local.url))
        .header("content-type", "application/json")
        .header("cookie", format!("portal_session={}", access.access_token))
        .body("{}")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let ids: Vec<&str> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [mine.key_id.as_str()]);
}

#[tokio::test]
async fn refusals_are_typed_and_validated_before_sending() {
    let local = Local::start_with(&["--dashboard"]);
    let unkey = local.client();
    // An unknown portal (or one the root key may not mint for) is the server's 404.
    let err = unkey
        .portal()
        .create_session(CreatePortalSessionRequest::new(
            "no-such-portal",
            "user_a",
            vec![PortalScope::KeysRead],
        ))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
    // No scope, a too-short slug: refused by the client's validator, nothing sent.
    local.reset_counts().await;
    for req in [
        CreatePortalSessionRequest::new("acme", "user_a", Vec::<PortalScope>::new()),
        CreatePortalSessionRequest::new("ab", "user_a", vec![PortalScope::KeysRead]),
    ] {
        let err = unkey.portal().create_session(req).await.unwrap_err();
        assert!(matches!(err, unkey_edge::Error::Validation(_)), "{err:?}");
    }
    let err = unkey
        .portal()
        .exchange_code(ExchangePortalCodeRequest::new(""))
        .await
        .unwrap_err();
    assert!(matches!(err, unkey_edge::Error::Validation(_)), "{err:?}");
    assert_eq!(local.count("/v2/portal.createSession").await, 0);
    assert_eq!(local.count("/v2/portal.exchangeCode").await, 0);
}
