//! Deadlines and retries against unkey-local's fault injection; the server counts requests, so
//! these tests prove how many attempts reached it.

use crate::common::{new_api, settle, Local};
use serde_json::json;
use unkey_edge::models::*;
use unkey_edge::{Backoff, CallOptions, Error, Retries};

const VERIFY: &str = "/v2/keys.verifyKey";
const GET_KEY: &str = "/v2/keys.getKey";

async fn setup(local: &Local) -> (unkey_edge::Client, CreateKeyData) {
    let unkey = local.client();
    let api = new_api(&unkey, "faults").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).credits(Credits::new(100)))
        .await
        .unwrap()
        .data;
    local.reset_counts().await;
    (unkey, key)
}

#[tokio::test]
async fn reads_retry_5xx_until_success() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    local
        .fault(json!({"kind": "status", "status": 500, "path": GET_KEY, "count": 2}))
        .await;
    let got = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap();
    assert_eq!(got.data.key_id, key.key_id);
    assert_eq!(local.count(GET_KEY).await, 3);
}

#[tokio::test]
async fn attempts_are_capped() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    local
        .fault(json!({"kind": "status", "status": 503, "path": GET_KEY, "count": 10}))
        .await;
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(local.count(GET_KEY).await, 3, "default: 3 attempts");
    let err = unkey
        .keys()
        .with_options(CallOptions::new().retries(Retries::None))
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(local.count(GET_KEY).await, 4, "Retries::None: one attempt");
}

#[tokio::test]
async fn verify_is_not_retried_on_500_so_credits_are_spent_at_most_once() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    local
        .fault(json!({"kind": "status", "status": 500, "path": VERIFY, "count": 1}))
        .await;
    let err = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(local.count(VERIFY).await, 1);
}

#[tokio::test]
async fn verify_is_retried_on_521_but_not_on_503_or_after_a_dropped_connection() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    // Cloudflare's "web server is down": the request never reached the API.
    local
        .fault(json!({"kind": "status", "status": 521, "path": VERIFY, "count": 1}))
        .await;
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap();
    assert!(v.data.valid);
    assert_eq!(v.data.credits, Some(99), "the 521 attempt spent nothing");
    assert_eq!(local.count(VERIFY).await, 2);

    // Unkey's API never answers 503 for verifyKey: one came from something in between that may
    // have passed the request on, so it is not repeated.
    local.reset_counts().await;
    local
        .fault(json!({"kind": "status", "status": 503, "path": VERIFY, "count": 1}))
        .await;
    let err = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(local.count(VERIFY).await, 1);
    local.reset_counts().await;

    // The server drops the connection after reading the request: the client cannot know
    // whether credits were spent, so verify is not repeated.
    local
        .fault(json!({"kind": "close", "path": VERIFY, "count": 1}))
        .await;
    let err = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "network", "{err:?}");
    assert_eq!(local.count(VERIFY).await, 1);

    // A read is safe to repeat after the same failure.
    local.reset_counts().await;
    local
        .fault(json!({"kind": "close", "path": GET_KEY, "count": 1}))
        .await;
    unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap();
    assert_eq!(local.count(GET_KEY).await, 2);
}

#[tokio::test]
async fn verify_is_not_retried_after_a_timeout_and_the_deadline_ends_the_call() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    local
        .fault(json!({"kind": "delay", "delayMs": 1500, "path": VERIFY, "count": 5}))
        .await;
    let err = unkey
        .keys()
        .with_options(CallOptions::new().timeout_ms(300))
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.kind(), "timeout");
    // let the server finish the delayed request, then prove no second attempt arrived
    settle(1_700).await;
    assert_eq!(local.count(VERIFY).await, 1);
}

#[tokio::test]
async fn the_deadline_also_ends_retries_of_reads() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    local
        .fault(json!({"kind": "delay", "delayMs": 1500, "path": GET_KEY, "count": 10}))
        .await;
    let many = Retries::Backoff(Backoff::new().max_attempts(10));
    let err = unkey
        .keys()
        .with_options(CallOptions::new().timeout_ms(400).retries(many))
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    settle(1_700).await;
    // the first attempt used the whole budget: no attempt started after the deadline
    assert_eq!(local.count(GET_KEY).await, 1);
}

#[tokio::test]
async fn retry_after_on_429_is_honoured_within_the_deadline() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    local
        .fault(json!({"kind": "rate_limited", "retryAfter": 1, "path": VERIFY, "count": 1}))
        .await;
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap();
    assert!(v.data.valid);
    assert_eq!(local.count(VERIFY).await, 2);
    // a Retry-After past the deadline is not waited for
    local
        .fault(json!({"kind": "rate_limited", "retryAfter": 30, "path": VERIFY, "count": 1}))
        .await;
    let err = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert_eq!(
        err.error_type_tail(),
        Some("user/too_many_requests/workspace_rate_limited")
    );
    assert_eq!(local.count(VERIFY).await, 3);
}

#[tokio::test]
async fn broken_bodies_are_decode_errors_and_are_not_retried_for_verify() {
    let local = Local::start();
    let (unkey, key) = setup(&local).await;
    // 200 with a JSON content type but an HTML body
    local
        .fault(json!({"kind": "non_json", "status": 200, "path": VERIFY, "count": 1}))
        .await;
    let err = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    assert_eq!(local.count(VERIFY).await, 1);
    // a response cut short after the server handled the request: no retry, nothing re-spent
    local
        .fault(json!({"kind": "truncate", "path": VERIFY, "count": 1}))
        .await;
    let err = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), "decode" | "network"), "{err:?}");
    assert_eq!(local.count(VERIFY).await, 2);
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key).credits(VerifyCredits::new(0)))
        .await
        .unwrap();
    assert_eq!(
        v.data.credits,
        Some(99),
        "exactly one credit spent by the cut-short attempt"
    );
    // a 502 HTML page keeps a snippet of the body
    local
        .fault(json!({"kind": "non_json", "status": 502, "path": GET_KEY, "count": 3}))
        .await;
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(err
        .as_api()
        .unwrap()
        .body
        .as_deref()
        .unwrap()
        .contains("Bad Gateway"));
}
