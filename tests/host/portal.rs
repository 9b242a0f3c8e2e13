//! `portal.*` against unkey-local: a root key mints a customer-portal session, the URL's code is
//! redeemed once for the end user's access token, and that token (the `portal_session` cookie,
//! a [`PortalSession`] per call) lists, rerolls and counts only the end user's keys.

use crate::common::{new_api, wall_ms, Local};
use futures_util::TryStreamExt;
use serde_json::json;
use unkey_edge::models::*;
use unkey_edge::PortalSession;

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
    configure_portal(&local, "acme", &api).await;

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

    // The end user's own operations take their session (sent as the `portal_session` cookie),
    // never the root key: only the end user's keys are listed.
    let end_user = PortalSession::new(&access.access_token).unwrap();
    let listed = unkey
        .portal()
        .list_keys(&end_user, PortalListKeysRequest::new())
        .await
        .unwrap();
    let ids: Vec<&str> = listed.data.iter().map(|k| k.key_id.as_str()).collect();
    assert_eq!(ids, [mine.key_id.as_str()]);
    let streamed: Vec<KeyData> = unkey
        .portal()
        .list_keys_stream(&end_user, PortalListKeysRequest::new().limit(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len(), 1);
    assert_eq!(streamed[0].key_id, mine.key_id);

    // keys:reroll was granted: the end user's key is replaced by a new one that verifies.
    let rerolled = unkey
        .portal()
        .reroll_key(&end_user, RerollKeyRequest::new(&mine.key_id, 0))
        .await
        .unwrap()
        .data;
    assert_ne!(rerolled.key_id, mine.key_id);
    let verdict = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&rerolled.key))
        .await
        .unwrap()
        .data;
    assert!(verdict.valid, "{verdict:?}");

    // analytics:read was not: the session's 403, typed as any API error.
    let now = wall_ms();
    let err = unkey
        .portal()
        .get_verifications(
            &end_user,
            PortalGetVerificationsRequest::new(now - 3_600_000, now),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403), "{err}");

    // Without a valid session the server refuses, whatever root key the client holds.
    let stranger = PortalSession::new("pat_not_a_session").unwrap();
    let err = unkey
        .portal()
        .list_keys(&stranger, PortalListKeysRequest::new())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
}

/// A portal `slug` over `api`'s keys (unkey-local's dashboard).
async fn configure_portal(local: &Local, slug: &str, api: &str) {
    local
        .control(
            reqwest::Method::POST,
            "/_local/dashboard/portal",
            Some(json!({"slug": slug, "apiId": api})),
        )
        .await;
}

/// The session of `external_id` on portal `slug` with one scope: minted, its code redeemed.
async fn end_user_session(
    unkey: &unkey_edge::Client,
    slug: &str,
    external_id: &str,
    scope: PortalScope,
) -> PortalSession {
    let req = CreatePortalSessionRequest::new(slug, external_id, vec![scope]);
    let session = unkey.portal().create_session(req).await.unwrap().data;
    let code = session.url.rsplit("code=").next().unwrap().to_string();
    let token = unkey
        .portal()
        .exchange_code(ExchangePortalCodeRequest::new(&code))
        .await
        .unwrap()
        .data
        .access_token;
    PortalSession::new(&token).unwrap()
}

#[tokio::test]
async fn a_session_that_may_read_analytics_gets_a_contiguous_series() {
    let local = Local::start_with(&["--dashboard", "--analytics"]);
    let unkey = local.client();
    let api = new_api(&unkey, "portal_analytics").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).external_id("user_c"))
        .await
        .unwrap()
        .data;
    for _ in 0..3 {
        unkey
            .keys()
            .verify_key(VerifyKeyRequest::new(&key.key))
            .await
            .unwrap();
    }
    configure_portal(&local, "stats", &api).await;
    let end_user = end_user_session(&unkey, "stats", "user_c", PortalScope::AnalyticsRead).await;
    let now = wall_ms();
    let points = unkey
        .portal()
        .get_verifications(
            &end_user,
            PortalGetVerificationsRequest::new(now - 3_600_000, now + 60_000),
        )
        .await
        .unwrap()
        .data;
    assert!(points.len() > 1, "{points:?}");
    assert!(
        points.windows(2).all(|w| w[0].time < w[1].time),
        "{points:?}"
    );
    assert_eq!(points.iter().map(|p| p.total).sum::<i64>(), 3, "{points:?}");
    assert_eq!(points.iter().map(|p| p.valid).sum::<i64>(), 3, "{points:?}");
}

#[test]
fn a_portal_session_is_a_cookie_value_and_never_printed() {
    let s = PortalSession::new(" pat_abc ").unwrap();
    assert_eq!(format!("{s:?}"), "PortalSession(<redacted>)");
    for bad in ["", "  ", "a;b", "a,b", "a b", "a\"b", "a\\b", "caf\u{e9}"] {
        let err = PortalSession::new(bad).unwrap_err();
        assert!(err.is_validation(), "{bad:?}: {err}");
        assert!(err.to_string().contains("security.portalSession"), "{err}");
    }
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
