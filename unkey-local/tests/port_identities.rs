//! identities.*, ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_identities_*/*_test.go`). Each test names the Go file and subtest; the
//! code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::{json, Value};

fn err(r: &common::Resp) -> Value {
    r.json()["error"].clone()
}

/// v2_identities_create_identity/409_test.go, "create identity twice".
#[test]
fn create_identity__create_identity_twice() {
    let s = Server::start(&[]);
    s.ok("identities.createIdentity", json!({"externalId": "twice"}));
    let r = s.call("identities.createIdentity", json!({"externalId": "twice"}));
    assert_eq!(r.status, 409);
    let e = err(&r);
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/data/identity_already_exists"
    );
    assert_eq!(
        e["detail"],
        "Identity with externalId 'twice' already exists in this workspace."
    );
}

/// v2_identities_create_identity/400_test.go: "missing external id", "empty external id",
/// "missing rate limit name", "negative rate limit value", "zero rate limit value", "duration
/// less than 1000ms", "metadata exceeds maximum size limit" (more than 100 properties).
#[test]
fn create_identity__schema_errors() {
    let s = Server::start(&[]);
    let many: serde_json::Map<String, Value> =
        (0..101).map(|i| (format!("key_{i}"), json!(i))).collect();
    for body in [
        json!({}),
        json!({"externalId": ""}),
        json!({"externalId": "x_1", "ratelimits": [{"limit": 1, "duration": 1000, "autoApply": true}]}),
        json!({"externalId": "x_1", "ratelimits": [{"name": "a_b", "limit": -1, "duration": 1000, "autoApply": true}]}),
        json!({"externalId": "x_1", "ratelimits": [{"name": "a_b", "limit": 0, "duration": 1000, "autoApply": true}]}),
        json!({"externalId": "x_1", "ratelimits": [{"name": "a_b", "limit": 1, "duration": 999, "autoApply": true}]}),
        json!({"externalId": "x_1", "meta": many}),
    ] {
        let r = s.call("identities.createIdentity", body.clone());
        assert_eq!(r.status, 400, "{body}");
        let e = err(&r);
        assert_eq!(
            e["detail"],
            "POST request body for '/v2/identities.createIdentity' failed to validate schema"
        );
        assert!(!e["errors"].as_array().unwrap().is_empty());
    }
}

/// v2_identities_update_identity/400_test.go, "duplicate ratelimit names": the handler's text,
/// after authorization, without a field list.
#[test]
fn update_identity__duplicate_ratelimit_names() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "identity_123"}),
    );
    let rl = |limit: i64| json!({"name": "api_calls", "limit": limit, "duration": 60000, "autoApply": true});
    let r = s.call(
        "identities.updateIdentity",
        json!({"identity": "identity_123", "ratelimits": [rl(100), rl(200)]}),
    );
    assert_eq!(r.status, 400);
    let e = err(&r);
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/application/invalid_input"
    );
    assert_eq!(
        e["detail"],
        "Ratelimit with name 'api_calls' is already defined in the request"
    );
    assert_eq!(e["errors"], json!([]));
}

/// v2_identities_update_identity/400_test.go, "metadata too large", and the same limit in
/// createIdentity (apierrors.MaxByteSize, 1 MiB).
#[test]
fn update_identity__metadata_too_large() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "identity_123"}),
    );
    let large = json!({"large_field": "a".repeat(1024 * 1024)});
    let r = s.call(
        "identities.updateIdentity",
        json!({"identity": "identity_123", "meta": large}),
    );
    assert_eq!(r.status, 400);
    let d = err(&r)["detail"].as_str().unwrap().to_string();
    assert_eq!(
        d,
        "Metadata is too large: it must be at most 1.0 MB, but is 1.0 MB."
    );
    let r = s.call(
        "identities.createIdentity",
        json!({"externalId": "big", "meta": {"f": "a".repeat(1_600_000)}}),
    );
    assert_eq!(
        err(&r)["detail"],
        "Metadata is too large: it must be at most 1.0 MB, but is 1.6 MB."
    );
}

/// v2_identities_delete_identity/400_test.go, "identity with special characters" and
/// "identity too long": no pattern or length rule, simply not found.
#[test]
fn delete_identity__unusual_identities_are_not_found() {
    let s = Server::start(&[]);
    for ident in ["@#$%".to_string(), format!("test_{}", "x".repeat(1000))] {
        let r = s.call("identities.deleteIdentity", json!({"identity": ident}));
        assert_eq!(r.status, 404);
        let e = err(&r);
        assert_eq!(
            e["type"],
            "https://unkey.com/docs/errors/unkey/data/identity_not_found"
        );
        assert_eq!(e["detail"], "This identity does not exist.");
        assert_eq!(e["title"], "Not Found");
    }
}

/// v2_identities_delete_identity/404_test.go, "delete already deleted identity".
#[test]
fn delete_identity__delete_already_deleted_identity() {
    let s = Server::start(&[]);
    s.ok("identities.createIdentity", json!({"externalId": "gone"}));
    let r = s.call("identities.deleteIdentity", json!({"identity": "gone"}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json().get("data"), None);
    let r = s.call("identities.deleteIdentity", json!({"identity": "gone"}));
    assert_eq!(r.status, 404);
}

/// v2_identities_delete_identity/401_test.go: "empty bearer token" (malformed, mentions Bearer)
/// and "invalid auth token" (key_not_found).
#[test]
fn delete_identity__unauthorized() {
    let s = Server::start(&[]);
    let body = json!({"identity": "x_1"}).to_string();
    let r = s.request(
        "POST",
        "/v2/identities.deleteIdentity",
        &[
            ("Authorization", "Bearer "),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    );
    assert_eq!(r.status, 400);
    let e = err(&r);
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/authentication/malformed"
    );
    assert!(e["detail"].as_str().unwrap().contains("Bearer"));
    let r = s.post_as(
        "/v2/identities.deleteIdentity",
        Some("invalid_token"),
        &json!({"identity": "x_1"}),
    );
    assert_eq!(r.status, 401);
    assert_eq!(
        err(&r)["type"],
        "https://unkey.com/docs/errors/unkey/authentication/key_not_found"
    );
}

/// v2_identities_delete_identity/403_test.go: "no permissions", "wrong permission", "read-only
/// permission", "case sensitivity test" (`IDENTITY.*.DELETE_IDENTITY` grants nothing).
#[test]
fn delete_identity__insufficient_permissions() {
    let s = Server::start(&[
        "--root-key",
        "rk_api=api.*.read_key",
        "--root-key",
        "rk_read=identity.*.read_identity",
        "--root-key",
        "rk_upper=unkey:v1:ws_local:projects/*/identities/*#DELETE_IDENTITY",
    ]);
    s.ok("identities.createIdentity", json!({"externalId": "victim"}));
    for root in ["rk_api", "rk_read", "rk_upper"] {
        let r = s.post_as(
            "/v2/identities.deleteIdentity",
            Some(root),
            &json!({"identity": "victim"}),
        );
        assert_eq!(r.status, 403, "{root}");
        let e = err(&r);
        assert_eq!(
            e["type"],
            "https://unkey.com/docs/errors/unkey/authorization/insufficient_permissions"
        );
        assert_eq!(
            e["detail"],
            "Missing one of these permissions: identity.*.delete_identity or unkey:v1:ws_local:projects/*/identities/*#delete_identity"
        );
    }
}

/// v2_identities_get_identity/403_test.go, "no permission to read any identity": the denial
/// lists the handler's alternatives, the identity's own tuple included, and nothing the root
/// key has.
#[test]
fn get_identity__no_permission_to_read_any_identity() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key"]);
    let id = s.ok("identities.createIdentity", json!({"externalId": "reader"}))["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s.post_as(
        "/v2/identities.getIdentity",
        Some("rk"),
        &json!({"identity": "reader"}),
    );
    assert_eq!(r.status, 403);
    let d = err(&r)["detail"].as_str().unwrap().to_string();
    assert_eq!(
        d,
        format!("Missing one of these permissions: identity.*.read_identity or identity.{id}.read_identity or unkey:v1:ws_local:projects/*/identities/*#read_identity")
    );
    assert!(!d.contains("have:") && !d.contains('{'));
}

/// v2_identities_get_identity/200_test.go: "get by externalId", "metadata is empty object when
/// not set", "ratelimits is empty array when none exist".
#[test]
fn get_identity__get_by_external_id() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "full", "meta": {"name": "Test User", "credits": 100},
            "ratelimits": [
                {"name": "requests", "limit": 10, "duration": 1000, "autoApply": true},
                {"name": "tokens", "limit": 5, "duration": 60000, "autoApply": false}]}),
    );
    let d = s.ok("identities.getIdentity", json!({"identity": "full"}));
    assert_eq!(d["externalId"], "full");
    assert_eq!(d["meta"]["name"], "Test User");
    assert_eq!(d["meta"]["credits"], 100);
    assert_eq!(d["ratelimits"].as_array().unwrap().len(), 2);
    s.ok("identities.createIdentity", json!({"externalId": "bare"}));
    let d = s.ok("identities.getIdentity", json!({"identity": "bare"}));
    assert!(d
        .get("meta")
        .is_none_or(|m| m.as_object().unwrap().is_empty()));
    assert!(d
        .get("ratelimits")
        .is_none_or(|r| r.as_array().unwrap().is_empty()));
}

/// v2_identities_list_identities/400_test.go: "negative limit", "zero limit", "excessive limit
/// value", "limit at boundary (200)", "search exceeding max length".
#[test]
fn list_identities__bad_parameters() {
    let s = Server::start(&[]);
    for body in [
        json!({"limit": -1}),
        json!({"limit": 0}),
        json!({"limit": 1000}),
        json!({"limit": 200}),
        json!({"search": "a".repeat(257)}),
    ] {
        let r = s.call("identities.listIdentities", body.clone());
        assert_eq!(r.status, 400, "{body}");
        assert!(r.error_type().ends_with("invalid_input"));
    }
}

/// v2_identities_list_identities/200_test.go, "search": "matches external id substring",
/// "matches identity id substring", "is case insensitive", "wildcards match literally", "no
/// matches returns empty list", "whitespace-only search returns all"; and "with pagination".
#[test]
fn list_identities__search_and_pagination() {
    let s = Server::start(&[]);
    let mut ids = std::collections::HashMap::new();
    for ext in ["acme_alice", "acme_bob", "discount_100_user"] {
        let id = s.ok("identities.createIdentity", json!({"externalId": ext}))["identityId"]
            .as_str()
            .unwrap()
            .to_string();
        ids.insert(ext, id);
    }
    let list = |search: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .ok("identities.listIdentities", json!({"search": search}))
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["externalId"].as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(list("alice"), ["acme_alice"]);
    assert_eq!(list(&ids["acme_bob"]), ["acme_bob"]);
    assert_eq!(list("ACME_ALICE"), ["acme_alice"]);
    assert_eq!(list("Acme"), ["acme_alice", "acme_bob"]);
    assert!(list("b_b").is_empty());
    assert!(list("does-not-exist").is_empty());
    assert_eq!(list("   ").len(), 3);

    for i in 0..12 {
        s.ok(
            "identities.createIdentity",
            json!({"externalId": format!("page_{i:02}")}),
        );
    }
    let first = s
        .call("identities.listIdentities", json!({"limit": 7}))
        .json();
    assert_eq!(first["data"].as_array().unwrap().len(), 7);
    assert_eq!(first["pagination"]["hasMore"], true);
    let second = s
        .call(
            "identities.listIdentities",
            json!({"limit": 7, "cursor": first["pagination"]["cursor"]}),
        )
        .json();
    let a: Vec<&Value> = first["data"].as_array().unwrap().iter().collect();
    for item in second["data"].as_array().unwrap() {
        assert!(!a.contains(&item));
    }
}

/// urn_permissions_test.go of createIdentity, getIdentity, updateIdentity, listIdentities and
/// deleteIdentity: each accepts its action on `projects/*/identities/*`.
#[test]
fn identities__urn_permissions() {
    let s = Server::start(&[
        "--root-key",
        "rk_urn=unkey:v1:ws_local:projects/*/identities/*#create_identity,unkey:v1:ws_local:projects/*/identities/*#read_identity,unkey:v1:ws_local:projects/*/identities/*#update_identity,unkey:v1:ws_local:projects/*/identities/*#delete_identity",
    ]);
    let call = |op: &str, body: Value| {
        let r = s.post_as(&format!("/v2/identities.{op}"), Some("rk_urn"), &body);
        assert_eq!(r.status, 200, "{op}: {}", String::from_utf8_lossy(&r.body));
    };
    call("createIdentity", json!({"externalId": "urn_user"}));
    call("getIdentity", json!({"identity": "urn_user"}));
    call(
        "updateIdentity",
        json!({"identity": "urn_user", "meta": {"a": 1}}),
    );
    call("listIdentities", json!({}));
    call("deleteIdentity", json!({"identity": "urn_user"}));
}

// ---- v2_identities_update_identity/200_test.go ------------------------------------------------

/// The setup of update_identity/200_test.go: `test_user_123` with meta and the rate limits
/// `api_calls` (100/min) and `special_feature` (10/h), and `test_user_456` with empty meta; a
/// root key with `identity.*.update_identity`.
fn update_setup() -> Server {
    let s = Server::start(&["--root-key", "rk_update=identity.*.update_identity"]);
    s.ok(
        "identities.createIdentity",
        json!({
            "externalId": "test_user_123",
            "meta": {"name": "Test User", "email": "test@example.com", "plan": "free", "credits": 50},
            "ratelimits": [
                {"name": "api_calls", "limit": 100, "duration": 60000, "autoApply": false},
                {"name": "special_feature", "limit": 10, "duration": 3600000, "autoApply": false}
            ]
        }),
    );
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_456"}),
    );
    s
}

fn update(s: &Server, body: Value) -> Value {
    let r = s.post_as("/v2/identities.updateIdentity", Some("rk_update"), &body);
    r.data()
}

/// "update metadata".
#[test]
fn update_identity__update_metadata() {
    let s = update_setup();
    let d = update(
        &s,
        json!({"identity": "test_user_456", "meta": {"joined": "2023-01-01", "active": true}}),
    );
    assert_eq!(d["externalId"], "test_user_456");
    assert_eq!(d["meta"], json!({"joined": "2023-01-01", "active": true}));
}

/// "update ratelimits - add new, update existing, delete one".
#[test]
fn update_identity__update_ratelimits_add_new_update_existing_delete_one() {
    let s = update_setup();
    let d = update(
        &s,
        json!({"identity": "test_user_123", "ratelimits": [
            {"name": "api_calls", "limit": 200, "duration": 60000, "autoApply": true},
            {"name": "new_feature", "limit": 5, "duration": 86400000, "autoApply": false}
        ]}),
    );
    let limits = d["ratelimits"].as_array().unwrap();
    assert_eq!(limits.len(), 2);
    let by = |n: &str| limits.iter().find(|l| l["name"] == n).unwrap().clone();
    assert_eq!(
        (
            by("api_calls")["limit"].as_i64(),
            by("api_calls")["duration"].as_i64()
        ),
        (Some(200), Some(60000))
    );
    assert_eq!(
        (
            by("new_feature")["limit"].as_i64(),
            by("new_feature")["duration"].as_i64()
        ),
        (Some(5), Some(86_400_000))
    );
    assert!(limits.iter().all(|l| l["name"] != "special_feature"));
}

/// "remove all ratelimits": an empty list removes them (no `ratelimits` in the answer).
#[test]
fn update_identity__remove_all_ratelimits() {
    let s = update_setup();
    let d = update(&s, json!({"identity": "test_user_123", "ratelimits": []}));
    assert_eq!(d["externalId"], "test_user_123");
    assert!(
        d.get("ratelimits").is_none(),
        "upstream omits an empty list: {d}"
    );
}

/// "clear metadata": an empty object clears it.
#[test]
fn update_identity__clear_metadata() {
    let s = update_setup();
    let d = update(&s, json!({"identity": "test_user_123", "meta": {}}));
    assert!(
        d.get("meta")
            .is_none_or(|m| m.as_object().is_some_and(|m| m.is_empty())),
        "{d}"
    );
}

/// "update both metadata and ratelimits".
#[test]
fn update_identity__update_both_metadata_and_ratelimits() {
    let s = update_setup();
    let d = update(
        &s,
        json!({"identity": "test_user_123", "meta": {"plan": "enterprise", "credits": 1000},
               "ratelimits": [{"name": "enterprise_feature", "limit": 50, "duration": 3600000, "autoApply": true}]}),
    );
    assert_eq!(d["meta"]["plan"], "enterprise");
    assert_eq!(d["meta"]["credits"], 1000);
    let limits = d["ratelimits"].as_array().unwrap();
    assert_eq!(limits.len(), 1);
    assert_eq!(
        (
            limits[0]["name"].as_str(),
            limits[0]["limit"].as_i64(),
            limits[0]["duration"].as_i64()
        ),
        (Some("enterprise_feature"), Some(50), Some(3_600_000))
    );
}
