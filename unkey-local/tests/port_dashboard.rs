//! What Unkey changes only in its dashboard, set here with `--dashboard` controls: API delete
//! protection and IP whitelists, deleting a rate-limit namespace. Ported subtests name their
//! Go file (unkeyed/unkey at fc99b6b9); the code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Server, ROOT};
use serde_json::{json, Value};

fn control(s: &Server, path: &str, body: Value) -> common::Resp {
    s.request(
        "POST",
        &format!("/_local/dashboard/{path}"),
        &[],
        body.to_string().as_bytes(),
    )
}

fn verify_from(s: &Server, key: &str, forwarded: Option<&str>) -> String {
    let auth = format!("Bearer {ROOT}");
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("Authorization", auth.as_str()),
    ];
    if let Some(ip) = forwarded {
        headers.push(("X-Forwarded-For", ip));
    }
    let r = s.request(
        "POST",
        "/v2/keys.verifyKey",
        &headers,
        json!({"key": key}).to_string().as_bytes(),
    );
    r.data()["code"].as_str().unwrap().to_string()
}

/// v2_apis_delete_api/412_test.go, "delete protected API".
#[test]
fn delete_api__delete_protected_api() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    let r = control(
        &s,
        "apiSettings",
        json!({"apiId": api, "deleteProtection": true}),
    );
    assert_eq!(r.status, 200);
    let r = s.call("apis.deleteApi", json!({"apiId": api}));
    assert_eq!(r.status, 412);
    let e = &r.json()["error"];
    assert_eq!(e["title"], "Resource is protected");
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/application/protected_resource"
    );
    assert_eq!(
        e["detail"],
        "This API has delete protection enabled. Disable it before attempting to delete."
    );
    // Not deleted; once protection is off, it can be.
    assert_eq!(s.call("apis.getApi", json!({"apiId": api})).status, 200);
    control(
        &s,
        "apiSettings",
        json!({"apiId": api, "deleteProtection": false}),
    );
    assert_eq!(s.call("apis.deleteApi", json!({"apiId": api})).status, 200);
}

/// v2_keys_verify_key/200_test.go, "with ip whitelist": the client IP is the first entry of
/// `X-Forwarded-For`, else the connection's address, compared exactly.
#[test]
fn verify_key__with_ip_whitelist() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    control(
        &s,
        "apiSettings",
        json!({"apiId": api, "ipWhitelist": ["123.123.123.123"]}),
    );
    let (_, k) = s.create_key(json!({"apiId": api}));
    assert_eq!(verify_from(&s, &k, Some("192.168.1.1")), "FORBIDDEN");
    assert_eq!(verify_from(&s, &k, Some("123.123.123.123")), "VALID");
    assert_eq!(
        verify_from(&s, &k, Some(" , 123.123.123.123:4711, 10.0.0.1")),
        "VALID"
    );
    // No header: the peer address, 127.0.0.1 here.
    assert_eq!(verify_from(&s, &k, None), "FORBIDDEN");
    control(
        &s,
        "apiSettings",
        json!({"apiId": api, "ipWhitelist": ["123.123.123.123", "127.0.0.1"]}),
    );
    assert_eq!(verify_from(&s, &k, None), "VALID");
    // A FORBIDDEN answer spends no credits.
    let (_, paid) = s.create_key(json!({"apiId": api, "credits": {"remaining": 1}}));
    assert_eq!(verify_from(&s, &paid, Some("10.9.9.9")), "FORBIDDEN");
    assert_eq!(verify_from(&s, &paid, None), "VALID");
}

/// A namespace `gone-ns` (with an override of `x`, 5 per minute) deleted with
/// `/_local/dashboard/deleteNamespace`, and a root key that may limit it (upstream's 410
/// tests grant `ratelimit.<id>.limit`); returns the server and the key.
fn deleted_namespace() -> (Server, String) {
    let s = Server::start(&["--dashboard"]);
    let r = control(&s, "namespace", json!({"namespace": "gone-ns"}));
    assert_eq!(r.status, 200);
    let id = r.json()["namespaceId"].as_str().unwrap().to_string();
    s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "gone-ns", "identifier": "x", "limit": 5, "duration": 60000}),
    );
    let rk = s.root_key(&[&format!("ratelimit.{id}.limit")]);
    let r = control(&s, "deleteNamespace", json!({"namespace": "gone-ns"}));
    assert_eq!(r.status, 200);
    (s, rk)
}

const LIMIT_GONE: &str = "This namespace has been deleted. Contact support to restore.";

fn assert_namespace_gone(r: &common::Resp) {
    r.assert_error(410, "unkey/data/ratelimit_namespace_gone", LIMIT_GONE);
    assert_eq!(r.json()["error"]["title"], "Resource Gone");
}

fn gone_limit() -> Value {
    json!({"namespace": "gone-ns", "identifier": "user_123", "limit": 100, "duration": 60000})
}

/// v2_ratelimit_limit/410_test.go, "soft-deleted namespace returns 410".
#[test]
fn ratelimit_limit__soft_deleted_namespace_returns_410() {
    let (s, rk) = deleted_namespace();
    assert_namespace_gone(&s.post_as("/v2/ratelimit.limit", Some(&rk), &gone_limit()));
}

/// v2_ratelimit_multi_limit/410_test.go, "soft-deleted namespace returns 410".
#[test]
fn multi_limit__soft_deleted_namespace_returns_410() {
    let (s, rk) = deleted_namespace();
    assert_namespace_gone(&s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&rk),
        &json!([gone_limit()]),
    ));
}

/// The override operations answer a deleted namespace's 404, except listOverrides, which
/// checks no deletion (v2_ratelimit_list_overrides/handler.go: the namespace query has no
/// deleted filter and the handler none either): the deleted namespace's overrides are listed.
#[test]
fn ratelimit_overrides__of_a_soft_deleted_namespace() {
    let (s, _) = deleted_namespace();
    for (op, body) in [
        (
            "ratelimit.getOverride",
            json!({"namespace": "gone-ns", "identifier": "x"}),
        ),
        (
            "ratelimit.deleteOverride",
            json!({"namespace": "gone-ns", "identifier": "x"}),
        ),
        (
            "ratelimit.setOverride",
            json!({"namespace": "gone-ns", "identifier": "x", "limit": 1, "duration": 60000}),
        ),
    ] {
        let r = s.call(op, body);
        assert_eq!(r.status, 404, "{op}");
        assert_eq!(
            r.json()["error"]["detail"],
            "This namespace does not exist."
        );
    }
    let r = s.call("ratelimit.listOverrides", json!({"namespace": "gone-ns"}));
    assert_eq!(r.status, 200);
    let data = r.data();
    assert_eq!(data.as_array().map(Vec::len), Some(1));
    assert_eq!(data[0]["identifier"], "x");
    assert_eq!(data[0]["limit"], 5);
}

/// The controls are absent without `--dashboard`, and name the flag.
#[test]
fn dashboard__controls_are_off_by_default() {
    let s = Server::start(&[]);
    let r = control(&s, "apiSettings", json!({"apiId": "api_1"}));
    assert_eq!(r.status, 404);
    assert!(r.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .contains("--dashboard"));
}

/// The controls reach other workspaces by id.
#[test]
fn dashboard__settings_of_another_workspace() {
    let s = Server::start(&["--dashboard", "--workspace", "ws_b", "--root-key", "rk_b"]);
    let api = s
        .post_as(
            "/v2/apis.createApi",
            Some("rk_b"),
            &json!({"name": "b-api"}),
        )
        .data()["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = control(
        &s,
        "apiSettings",
        json!({"apiId": api, "deleteProtection": true}),
    );
    assert_eq!(r.status, 404, "not in the default workspace");
    let r = control(
        &s,
        "apiSettings",
        json!({"workspace": "ws_b", "apiId": api, "deleteProtection": true}),
    );
    assert_eq!(r.status, 200);
    let r = s.post_as("/v2/apis.deleteApi", Some("rk_b"), &json!({"apiId": api}));
    assert_eq!(r.status, 412);
}

/// v2_ratelimit_multi_limit: one batch as upstream's RatelimitMany counts it (nothing is counted
/// when one limit fails), and a limiter-refused override (limit 0) is a 500 in both handlers.
#[test]
fn multi_limit__batch_and_refused_limits() {
    let s = Server::start(&[]);
    let a = json!({"namespace": "a", "identifier": "u", "limit": 2, "duration": 60000});
    let b = json!({"namespace": "b", "identifier": "u", "limit": 1, "duration": 60000, "cost": 2});
    let d = s.ok("ratelimit.multiLimit", json!([a.clone(), b]));
    assert_eq!(d["passed"], false);
    assert_eq!(d["limits"][0]["passed"], true);
    // `a` was not counted: two more pass.
    assert_eq!(s.ok("ratelimit.limit", a.clone())["remaining"], 1);
    assert_eq!(s.ok("ratelimit.limit", a)["remaining"], 0);
    // The namespace must exist before an override can be set in it.
    s.ok(
        "ratelimit.limit",
        json!({"namespace": "c", "identifier": "first", "limit": 5, "duration": 60000}),
    );
    s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "c", "identifier": "banned", "limit": 0, "duration": 60000}),
    );
    let r = s.call(
        "ratelimit.multiLimit",
        json!([{"namespace": "c", "identifier": "banned", "limit": 5, "duration": 60000}]),
    );
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json()["error"]["detail"],
        "We're unable to process the rate limit requests."
    );
    assert!(r
        .error_type()
        .ends_with("unkey/application/unexpected_error"));
}

fn api_with_defaults(s: &Server, prefix: Option<&str>, bytes: Option<i64>) -> String {
    let api = s.create_api();
    let mut body = json!({"apiId": api});
    if let Some(p) = prefix {
        body["defaultPrefix"] = json!(p);
    }
    if let Some(b) = bytes {
        body["defaultBytes"] = json!(b);
    }
    assert_eq!(control(s, "apiSettings", body).status, 200);
    api
}

/// Base58 of `n` bytes has at least this many characters (64 bytes: 87 or more).
fn encoded_len(key: &str, prefix: &str) -> usize {
    key.strip_prefix(&format!("{prefix}_")).unwrap_or(key).len()
}

/// The shortest base58 encoding of 64 bytes, less a margin (upstream's
/// `minEncodedLengthFor64Bytes`); 16 bytes encode to about 22 characters.
const MIN_64_BYTES: usize = 80;

/// keys.createKey with `body` (plus the API) as a root key that may create keys anywhere
/// (upstream's `createAnyKeyPermission`); the key.
fn key_in(s: &Server, api: &str, body: Value) -> String {
    let mut body = body;
    body["apiId"] = json!(api);
    let rk = s.root_key(&["api.*.create_key"]);
    s.post_as("/v2/keys.createKey", Some(&rk), &body).data()["key"]
        .as_str()
        .unwrap()
        .to_string()
}

/// v2_keys_create_key/200_test.go, TestCreateKeyAppliesKeySpaceDefaults, "default prefix is
/// applied when request omits prefix".
#[test]
fn create_key__default_prefix_is_applied_when_request_omits_prefix() {
    let s = Server::start(&["--dashboard"]);
    let api = api_with_defaults(&s, Some("dash"), None);
    let k = key_in(&s, &api, json!({}));
    assert!(k.starts_with("dash_"), "{k}");
}

/// TestCreateKeyAppliesKeySpaceDefaults, "default bytes is applied when request omits
/// byteLength".
#[test]
fn create_key__default_bytes_is_applied_when_request_omits_byteLength() {
    let s = Server::start(&["--dashboard"]);
    let api = api_with_defaults(&s, None, Some(64));
    let k = key_in(&s, &api, json!({}));
    assert!(k.len() >= MIN_64_BYTES, "{k}");
}

/// TestCreateKeyAppliesKeySpaceDefaults, "both defaults apply together".
#[test]
fn create_key__both_defaults_apply_together() {
    let s = Server::start(&["--dashboard"]);
    let api = api_with_defaults(&s, Some("both"), Some(64));
    let k = key_in(&s, &api, json!({}));
    assert!(
        k.starts_with("both_") && encoded_len(&k, "both") >= MIN_64_BYTES,
        "{k}"
    );
}

/// TestCreateKeyAppliesKeySpaceDefaults, "request prefix overrides keyspace default_prefix".
#[test]
fn create_key__request_prefix_overrides_keyspace_default_prefix() {
    let s = Server::start(&["--dashboard"]);
    let api = api_with_defaults(&s, Some("dash"), None);
    let k = key_in(&s, &api, json!({"prefix": "explicit"}));
    assert!(k.starts_with("explicit_") && !k.starts_with("dash_"), "{k}");
}

/// TestCreateKeyAppliesKeySpaceDefaults, "request byteLength overrides keyspace
/// default_bytes".
#[test]
fn create_key__request_byteLength_overrides_keyspace_default_bytes() {
    let s = Server::start(&["--dashboard"]);
    let api = api_with_defaults(&s, None, Some(64));
    let k = key_in(&s, &api, json!({"byteLength": 16}));
    assert!(k.len() < MIN_64_BYTES, "{k}");
}

/// TestCreateKeyAppliesKeySpaceDefaults, "falls back to 16 bytes when neither request nor
/// keyspace provides byteLength": 20 to 24 characters, no prefix.
#[test]
fn create_key__falls_back_to_16_bytes_when_neither_request_nor_keyspace_provides_byteLength() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    let k = key_in(&s, &api, json!({}));
    assert!(!k.contains('_') && (20..=24).contains(&k.len()), "{k}");
}

/// v2_keys_reroll_key/handler.go: the new key takes the prefix before the first `_` of the old
/// key's start, else the keyspace's default prefix, and the keyspace's default length.
#[test]
fn reroll_key__prefix_and_length_as_upstream_picks_them() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "prefix": "my_app"}));
    let k = s.ok("keys.rerollKey", json!({"keyId": id, "expiration": 0}))["key"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(k.starts_with("my_") && !k.starts_with("my_app_"), "{k}");

    let api = api_with_defaults(&s, Some("dflt"), Some(64));
    let (id, _) = s.create_key(json!({"apiId": api, "prefix": "own", "byteLength": 16}));
    let k = s.ok("keys.rerollKey", json!({"keyId": id, "expiration": 0}))["key"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(k.starts_with("own_") && encoded_len(&k, "own") >= 86, "{k}");
}
