//! The Rust client against hostile or broken answers, produced for real by unkey-local's
//! `--faults`: redirects, oversized error pages, a pager that never ends, deep `meta`.

use crate::common::{new_api, Local};
use futures_util::StreamExt;
use serde_json::{json, Value};
use unkey_edge::models::*;

const VERIFY: &str = "/v2/keys.verifyKey";
const GET_KEY: &str = "/v2/keys.getKey";
const LIST_KEYS: &str = "/v2/apis.listKeys";

#[tokio::test]
async fn a_redirect_is_never_followed() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "redirects").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).credits(Credits::new(10)))
        .await
        .unwrap()
        .data;
    // 307 keeps method and body: following it would re-send the verification (and the root
    // key) to wherever it points, here the same endpoint, where the count would show it.
    for (path, status) in [(VERIFY, 307), (VERIFY, 302), (GET_KEY, 308), (GET_KEY, 301)] {
        local.reset_counts().await;
        local
            .fault(json!({"kind": "body", "status": status, "body": {}, "location": path, "path": path}))
            .await;
        let err = if path == VERIFY {
            unkey
                .keys()
                .verify_key(VerifyKeyRequest::new(&key.key))
                .await
                .unwrap_err()
        } else {
            unkey
                .keys()
                .get_key(GetKeyRequest::new(&key.key_id))
                .await
                .unwrap_err()
        };
        assert_eq!(err.kind(), "api", "{path} {status}: {err}");
        assert_eq!(err.status(), Some(status));
        assert!(!err.is_retryable());
        assert_eq!(
            local.count(path).await,
            1,
            "{path} {status}: followed or retried"
        );
    }
    // No credit was spent by any of it.
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap();
    assert_eq!(v.data.credits, Some(9));
}

/// An Unkey error envelope padded to `size` bytes of JSON.
fn padded_error(size: usize) -> Value {
    json!({
        "meta": {"requestId": "req_big"},
        "error": {"title": "Bad", "detail": "padded", "status": 500, "type": "https://unkey.com/docs/errors/unkey/application/internal_error"},
        "pad": "x".repeat(size),
    })
}

#[tokio::test]
async fn of_an_error_body_at_most_64_kib_are_read() {
    let local = Local::start();
    let unkey = local.client_no_retries();
    // Under the cap: the envelope is read whole and decoded.
    local
        .fault(
            json!({"kind": "body", "status": 500, "body": padded_error(60_000), "path": GET_KEY}),
        )
        .await;
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new("key_x"))
        .await
        .unwrap_err();
    assert_eq!(err.as_api().unwrap().detail, "padded");
    // Over it: only the first 64 KiB are read, which are not JSON; a snippet is kept.
    local
        .fault(json!({"kind": "body", "status": 500, "body": padded_error(5_000_000), "path": GET_KEY}))
        .await;
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new("key_x"))
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(api.status, 500);
    assert_eq!(api.detail, "");
    assert!(api.body.as_deref().unwrap().starts_with("{\"error\""));
    assert!(api.body.as_deref().unwrap().len() <= 1024);
}

#[tokio::test]
async fn a_pager_that_repeats_a_cursor_ends_with_a_decode_error() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "pager").await;
    // A server that answers every page with the same cursor.
    let page = json!({
        "meta": {"requestId": "req_loop"},
        "data": [],
        "pagination": {"cursor": "cur_1", "hasMore": true},
    });
    local
        .fault(json!({"kind": "body", "status": 200, "body": page, "path": LIST_KEYS, "count": 50}))
        .await;
    local.reset_counts().await;
    let items: Vec<_> = unkey
        .apis()
        .list_keys_stream(ListKeysRequest::new(&api))
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    let err = items[0].as_ref().unwrap_err();
    assert_eq!(err.kind(), "decode", "{err}");
    assert_eq!(err.request_id(), Some("req_loop"));
    // The first page, then the one that repeated its cursor.
    assert_eq!(local.count(LIST_KEYS).await, 2);
}

/// `{"a":{"a":…{"a":1}}}` with `depth` levels as MySQL counts JSON depth (`{"a":1}` is 2).
fn nested(depth: usize) -> JsonMap {
    let mut v = json!(1);
    for _ in 1..depth {
        v = json!({ "a": v });
    }
    match v {
        Value::Object(m) => m,
        _ => unreachable!(),
    }
}

/// A `meta` nested 100 levels (the deepest an identity's may be: MySQL's JSON limit) decodes in
/// every answer that carries it: verify, get and list.
#[tokio::test]
async fn meta_as_deep_as_the_server_takes_decodes_everywhere() {
    let local = Local::start();
    let unkey = local.client();
    let api = new_api(&unkey, "deep").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).meta(nested(100)))
        .await
        .unwrap()
        .data;
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.key))
        .await
        .unwrap();
    assert!(v.data.valid);
    assert!(v.data.meta.unwrap().contains_key("a"));
    let got = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap();
    assert!(got.data.meta.is_some());
    let listed = unkey
        .apis()
        .list_keys(ListKeysRequest::new(&api))
        .await
        .unwrap();
    assert_eq!(listed.data.len(), 1);
}

/// A 2xx body that is not the operation's envelope is a decode error that still carries the
/// server's request id, for support.
#[tokio::test]
async fn a_decode_error_keeps_the_request_id() {
    let local = Local::start();
    let unkey = local.client_no_retries();
    local
        .fault(json!({"kind": "body", "status": 200, "body": {"meta": {"requestId": "req_nodata"}}, "path": GET_KEY}))
        .await;
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new("key_x"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "decode");
    assert_eq!(err.request_id(), Some("req_nodata"));
    assert_eq!(err.status(), Some(200));
}

/// A key's `meta` is text upstream, so the server takes one nested as deep as Go's decoder reads
/// (10,000 levels). The client decodes answers up to serde_json's 128 levels; a deeper `meta` is
/// a typed decode error (the body could not be read, so it names no request id), never a
/// crash, and the client keeps working.
#[tokio::test]
async fn meta_deeper_than_the_decoder_takes_is_a_decode_error() {
    let local = Local::start();
    let unkey = local.client_no_retries();
    let api = new_api(&unkey, "deeper").await;
    let key = unkey
        .keys()
        .create_key(CreateKeyRequest::new(&api).meta(nested(300)))
        .await
        .unwrap()
        .data;
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.key_id))
        .await
        .unwrap_err();
    assert_eq!((err.kind(), err.status()), ("decode", Some(200)), "{err}");
    let v = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new("not_a_key"))
        .await
        .unwrap();
    assert!(!v.data.valid);
}

/// A success body over 16 MiB is not read past that (a hostile or broken server must not grow
/// memory without bound, nor hold the call until its deadline): a typed decode error, even
/// though what came before the cut was a whole envelope, and the client keeps working. Under
/// it, the answer decodes whole. (unkey-local pads a `body` fault's JSON with spaces.)
#[tokio::test]
async fn of_a_success_body_at_most_16_mib_are_read() {
    let local = Local::start();
    let unkey = local.client_no_retries();
    let envelope =
        json!({"meta": {"requestId": "req_big"}, "data": {"valid": false, "code": "NOT_FOUND"}});
    let keys = unkey.keys();
    let verify = || keys.verify_key(VerifyKeyRequest::new("not_a_key"));
    local
        .fault(json!({"kind": "body", "body": envelope, "padBytes": 15 << 20, "path": VERIFY}))
        .await;
    assert_eq!(verify().await.unwrap().data.code, VerifyCode::NotFound);
    for extra in [json!({"padBytes": 17 << 20}), json!({"endless": true})] {
        let mut f = json!({"kind": "body", "body": envelope, "path": VERIFY});
        f.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        local.fault(f).await;
        let started = std::time::Instant::now();
        let err = verify().await.unwrap_err();
        assert_eq!(
            (err.kind(), err.status()),
            ("decode", Some(200)),
            "{extra}: {err}"
        );
        assert!(err.to_string().len() < 1024, "the body is not echoed whole");
        assert!(
            started.elapsed().as_secs() < 20,
            "{extra}: ended by the cap"
        );
        assert!(!verify().await.unwrap().data.valid);
    }
}
