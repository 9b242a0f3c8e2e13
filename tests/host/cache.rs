//! The Rust client's verification cache ([`ClientBuilder::cache`]) against unkey-local, counting
//! the verifyKey requests that reach the server: hits, keys that spend, the negative TTL, stale
//! answers with one refresh, invalidation by this client's own changes, and the revocation lag.

use std::time::{Duration, Instant};

use crate::common::{new_api, Local, ROOT_KEY};
use unkey_edge::models::*;
use unkey_edge::{CacheOptions, Client, Unkey};

const VERIFY: &str = "/v2/keys.verifyKey";

fn cached(local: &Local, opts: CacheOptions) -> Client {
    Unkey::builder()
        .root_key(ROOT_KEY)
        .server_url(&local.url)
        .cache(opts)
        .build()
        .unwrap()
}

async fn new_key(
    unkey: &Client,
    api: &str,
    req: impl FnOnce(CreateKeyRequest) -> CreateKeyRequest,
) -> (String, String) {
    let created = unkey
        .keys()
        .create_key(req(CreateKeyRequest::new(api)))
        .await
        .unwrap();
    (created.data.key, created.data.key_id)
}

async fn verify(unkey: &Client, key: &str) -> VerifyKeyData {
    unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(key))
        .await
        .unwrap()
        .data
}

#[tokio::test]
async fn hits_spenders_negatives_and_invalidation() {
    let local = Local::start();
    let admin = local.client();
    let api = new_api(&admin, "cache").await;
    let unkey = cached(&local, CacheOptions::default().negative_ttl_ms(60_000));

    // A plain key: asked once, then answered from memory, with the same data.
    let (key, key_id) = new_key(&admin, &api, |r| r).await;
    let before = local.count(VERIFY).await;
    let first = verify(&unkey, &key).await;
    for _ in 0..4 {
        let again = verify(&unkey, &key).await;
        assert_eq!(again.code, VerifyCode::Valid);
        assert_eq!(again.key_id, first.key_id);
    }
    assert_eq!(local.count(VERIFY).await - before, 1);

    // A key with credits spends on every call, and every call reaches the server.
    let (spender, _) = new_key(&admin, &api, |r| r.credits(Credits::new(10))).await;
    let before = local.count(VERIFY).await;
    let mut left = Vec::new();
    for _ in 0..3 {
        left.push(verify(&unkey, &spender).await.credits);
    }
    assert_eq!(left, [Some(9), Some(8), Some(7)]);
    assert_eq!(local.count(VERIFY).await - before, 3);

    // An unknown key: one request for the negative TTL.
    let before = local.count(VERIFY).await;
    for _ in 0..5 {
        assert_eq!(verify(&unkey, "nope_123").await.code, VerifyCode::NotFound);
    }
    assert_eq!(local.count(VERIFY).await - before, 1);

    // A change through this client drops the key's answers at once.
    unkey
        .keys()
        .update_key(UpdateKeyRequest::new(&key_id).enabled(false))
        .await
        .unwrap();
    assert_eq!(verify(&unkey, &key).await.code, VerifyCode::Disabled);
    // And an explicit invalidation by key.
    let before = local.count(VERIFY).await;
    verify(&unkey, &key).await;
    unkey.invalidate_cached(&key);
    verify(&unkey, &key).await;
    assert_eq!(local.count(VERIFY).await - before, 1);
    // Clones share one cache.
    let clone = unkey.clone();
    let before = local.count(VERIFY).await;
    verify(&clone, &key).await;
    assert_eq!(local.count(VERIFY).await - before, 0);
    clone.clear_cache();
    verify(&unkey, &key).await;
    assert_eq!(local.count(VERIFY).await - before, 1);
}

#[tokio::test]
async fn stale_answers_are_refreshed_and_revocation_is_bounded() {
    let local = Local::start();
    let admin = local.client();
    let api = new_api(&admin, "cache_lag").await;
    let opts = CacheOptions::default().ttl_ms(150).stale_ms(250);
    let unkey = cached(&local, opts);
    let (key, key_id) = new_key(&admin, &api, |r| r).await;
    assert!(verify(&unkey, &key).await.valid);
    // Revoked elsewhere (the admin client has no cache to invalidate).
    let revoked = Instant::now();
    admin
        .keys()
        .delete_key(DeleteKeyRequest::new(&key_id))
        .await
        .unwrap();
    assert!(
        verify(&unkey, &key).await.valid,
        "served from memory right after"
    );
    let lag = Duration::from_millis(opts.revocation_lag_ms());
    loop {
        if !verify(&unkey, &key).await.valid {
            break;
        }
        assert!(
            revoked.elapsed() < 3 * lag,
            "still valid after 3× the stated lag"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        revoked.elapsed() <= lag + Duration::from_millis(100),
        "refused after {:?}",
        revoked.elapsed()
    );
}

/// `n` verifications of `key` at once (tasks on the test's runtime).
async fn concurrently(unkey: &Client, key: &str, n: usize) -> Vec<VerifyKeyData> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (unkey, key) = (unkey.clone(), key.to_string());
            tokio::spawn(async move { verify(&unkey, &key).await })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.push(t.await.unwrap());
    }
    all
}

#[tokio::test]
async fn concurrent_identical_verifications_share_one_request() {
    let local = Local::start();
    let admin = local.client();
    let api = new_api(&admin, "cache_join").await;
    let unkey = cached(&local, CacheOptions::default());
    let (key, _) = new_key(&admin, &api, |r| r).await;
    // The first verification takes 200 ms, so the others arrive while it is in flight.
    local
        .fault(serde_json::json!({"kind": "delay", "delayMs": 200, "path": VERIFY, "count": 1}))
        .await;
    let before = local.count(VERIFY).await;
    let all = concurrently(&unkey, &key, 10).await;
    assert!(all.iter().all(|v| v.code == VerifyCode::Valid));
    assert_eq!(local.count(VERIFY).await - before, 1);
    // A key that spends: each waiter then sends its own, and each spends.
    let (spender, _) = new_key(&admin, &api, |r| r.credits(Credits::new(10))).await;
    local
        .fault(serde_json::json!({"kind": "delay", "delayMs": 200, "path": VERIFY, "count": 1}))
        .await;
    let before = local.count(VERIFY).await;
    let all = concurrently(&unkey, &spender, 5).await;
    let mut left: Vec<_> = all.iter().map(|v| v.credits).collect();
    left.sort();
    assert_eq!(left, [Some(5), Some(6), Some(7), Some(8), Some(9)]);
    assert_eq!(local.count(VERIFY).await - before, 5);
}

#[tokio::test]
async fn a_failed_refresh_still_serves_the_stale_answer() {
    let local = Local::start();
    let admin = local.client();
    let api = new_api(&admin, "cache_stale").await;
    let unkey = cached(&local, CacheOptions::default().ttl_ms(100).stale_ms(60_000));
    let (key, _) = new_key(&admin, &api, |r| r).await;
    assert!(verify(&unkey, &key).await.valid);
    tokio::time::sleep(Duration::from_millis(150)).await;
    // The refresh meets a 500 (verifyKey is not retried after one): the stale answer stands.
    local
        .fault(serde_json::json!({"kind": "status", "status": 500, "path": VERIFY, "count": 1}))
        .await;
    let before = local.count(VERIFY).await;
    assert!(verify(&unkey, &key).await.valid);
    assert_eq!(local.count(VERIFY).await - before, 1);
    // The next reader refreshes it, this time for real.
    assert!(verify(&unkey, &key).await.valid);
    assert_eq!(local.count(VERIFY).await - before, 2);
    assert_eq!(verify(&unkey, &key).await.code, VerifyCode::Valid);
    assert_eq!(local.count(VERIFY).await - before, 2, "fresh again");
}
