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
use common::{in_id_order, Server};
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

/// identities.createIdentity with `body` as the test root key: the validator's 400 with its
/// field list, as upstream's 400_test.go checks it.
fn create_identity_rejected(body: Value) {
    let s = Server::start(&[]);
    let r = s.call("identities.createIdentity", body);
    r.assert_schema_error("identities.createIdentity");
    let e = err(&r);
    assert_eq!(e["title"], "Bad Request");
    assert!(!e["errors"].as_array().unwrap().is_empty());
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// The metadata of "metadata exceeds maximum size limit": `(1 MiB) / 15 + 1000` entries.
fn large_meta() -> Value {
    let n = 1024 * 1024 / 15 + 1000;
    Value::Object(
        (0..n)
            .map(|i| (format!("key_{i}"), json!(format!("some_{i}"))))
            .collect(),
    )
}

/// v2_identities_create_identity/400_test.go, "missing external id".
#[test]
fn create_identity__missing_external_id() {
    create_identity_rejected(json!({}));
}

/// v2_identities_create_identity/400_test.go, "empty external id".
#[test]
fn create_identity__empty_external_id() {
    create_identity_rejected(json!({"externalId": ""}));
}

/// v2_identities_create_identity/400_test.go, "metadata exceeds maximum size limit" (Go's meta: 1 MiB / 15 + 1000 entries `key_<i>`: `some_<i>`).
#[test]
fn create_identity__metadata_exceeds_maximum_size_limit() {
    create_identity_rejected(json!({"externalId": "test_2ZfXqcUu", "meta": large_meta()}));
}

/// v2_identities_create_identity/400_test.go, "missing rate limit name".
#[test]
fn create_identity__missing_rate_limit_name() {
    create_identity_rejected(
        json!({"externalId": "test_2ZfXqcUu", "ratelimits": [{"duration": 1000, "limit": 1, "autoApply": true}]}),
    );
}

/// v2_identities_create_identity/400_test.go, "negative rate limit value".
#[test]
fn create_identity__negative_rate_limit_value() {
    create_identity_rejected(
        json!({"externalId": "test_2ZfXqcUu", "ratelimits": [{"name": "test_limit", "duration": 1000, "limit": -10, "autoApply": true}]}),
    );
}

/// v2_identities_create_identity/400_test.go, "zero rate limit value".
#[test]
fn create_identity__zero_rate_limit_value() {
    create_identity_rejected(
        json!({"externalId": "test_2ZfXqcUu", "ratelimits": [{"name": "test_limit", "duration": 1000, "limit": 0, "autoApply": true}]}),
    );
}

/// v2_identities_create_identity/400_test.go, "duration less than 1000ms".
#[test]
fn create_identity__duration_less_than_1000ms() {
    create_identity_rejected(
        json!({"externalId": "test_2ZfXqcUu", "ratelimits": [{"name": "test_limit", "duration": 999, "limit": 100, "autoApply": true}]}),
    );
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

/// identities.deleteIdentity of `identity`: upstream's handler has no pattern or length rule
/// for it, so an unusual one is simply not found.
fn assert_identity_not_found(identity: &str) {
    let s = Server::start(&[]);
    let r = s.call("identities.deleteIdentity", json!({"identity": identity}));
    r.assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
    assert_eq!(err(&r)["title"], "Not Found");
}

/// v2_identities_delete_identity/400_test.go, "identity with special characters".
#[test]
fn delete_identity__identity_with_special_characters() {
    assert_identity_not_found("@#$%");
}

/// v2_identities_delete_identity/400_test.go, "identity too long": `test_` and 1000 NUL
/// characters (Go's `string(make([]byte, 1000))`).
#[test]
fn delete_identity__identity_too_long() {
    assert_identity_not_found(&format!("test_{}", "\0".repeat(1000)));
}

/// v2_identities_delete_identity/404_test.go, "delete already deleted identity".
#[test]
fn delete_identity__delete_already_deleted_identity() {
    let s = Server::start(&[]);
    s.ok("identities.createIdentity", json!({"externalId": "gone"}));
    let r = s.call("identities.deleteIdentity", json!({"identity": "gone"}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json().get("data"), None);
    s.call("identities.deleteIdentity", json!({"identity": "gone"}))
        .assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
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

/// getIdentity of `external_id` as `rk`, which holds `identity.*.read_identity` (upstream's
/// 200_test.go TestSuccess key); the answer's `data`.
fn read_identity(s: &Server, external_id: &str) -> Value {
    s.post_as(
        "/v2/identities.getIdentity",
        Some("rk"),
        &json!({"identity": external_id}),
    )
    .data()
}

fn identity_reader() -> Server {
    Server::start(&["--root-key", "rk=identity.*.read_identity"])
}

/// v2_identities_get_identity/200_test.go, "get by externalId": the identity's meta and its
/// two ratelimits.
#[test]
fn get_identity__get_by_externalId() {
    let s = identity_reader();
    let meta =
        json!({"name": "Test User", "email": "test@example.com", "plan": "pro", "credits": 100});
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_123", "meta": meta,
            "ratelimits": [
                {"name": "api_calls", "limit": 100, "duration": 60000, "autoApply": false},
                {"name": "special_feature", "limit": 10, "duration": 3600000, "autoApply": false}]}),
    );
    let d = read_identity(&s, "test_user_123");
    assert_eq!(d["externalId"], "test_user_123");
    assert_eq!(d["meta"], meta);
    let mut names: Vec<&str> = d["ratelimits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["api_calls", "special_feature"]);
}

/// v2_identities_get_identity/200_test.go, "metadata is empty object when not set" (Go's row
/// holds `{}`; Go requires the decoded map to be empty): upstream's `Identity.Meta` is a map
/// with `omitempty` (svc/api/openapi/gen.go), so an empty one is left out of the answer.
#[test]
fn get_identity__metadata_is_empty_object_when_not_set() {
    let s = identity_reader();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_no_meta", "meta": {}}),
    );
    let d = read_identity(&s, "test_user_no_meta");
    assert_eq!(d["externalId"], "test_user_no_meta");
    assert!(d.get("meta").is_none(), "{d}");
}

/// v2_identities_get_identity/200_test.go, "ratelimits is empty array when none exist" (Go
/// requires the decoded slice to be empty): `Identity.Ratelimits` has `omitempty` too, so
/// none is left out.
#[test]
fn get_identity__ratelimits_is_empty_array_when_none_exist() {
    let s = identity_reader();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_no_ratelimits", "meta": {}}),
    );
    let d = read_identity(&s, "test_user_no_ratelimits");
    assert_eq!(d["externalId"], "test_user_no_ratelimits");
    assert!(d.get("ratelimits").is_none(), "{d}");
}

/// identities.listIdentities with `body` as `rk`, which holds `identity.*.read_identity`
/// (upstream's 400_test.go): the validator's 400.
fn list_identities_rejected(body: Value) {
    let s = Server::start(&["--root-key", "rk=identity.*.read_identity"]);
    s.post_as("/v2/identities.listIdentities", Some("rk"), &body)
        .assert_schema_error("identities.listIdentities");
}

/// v2_identities_list_identities/400_test.go, "negative limit".
#[test]
fn list_identities__negative_limit() {
    list_identities_rejected(json!({"limit": -10}));
}

/// v2_identities_list_identities/400_test.go, "zero limit".
#[test]
fn list_identities__zero_limit() {
    list_identities_rejected(json!({"limit": 0}));
}

/// v2_identities_list_identities/400_test.go, "excessive limit value".
#[test]
fn list_identities__excessive_limit_value() {
    list_identities_rejected(json!({"limit": 1000}));
}

/// v2_identities_list_identities/400_test.go, "search exceeding max length".
#[test]
fn list_identities__search_exceeding_max_length() {
    list_identities_rejected(json!({"search": "a".repeat(257)}));
}

/// v2_identities_list_identities/400_test.go, "limit at boundary (200)".
#[test]
fn list_identities__limit_at_boundary_200() {
    list_identities_rejected(json!({"limit": 200}));
}

// ---- v2_identities_list_identities/200_test.go, TestSuccess, "search" --------------------

/// The "search" subtests' data: identities `acme_alice`, `acme_bob` and one whose external
/// id holds a LIKE wildcard. Go's is `discount_100%_user`, inserted into the database; the
/// API's externalId pattern (`^[a-zA-Z0-9_.-]+$`) refuses `%`, so here it is
/// `discount_100_user`, which an unescaped `%100%%` pattern would match. A root key `rk`
/// holds `identity.*.read_identity`. Returns the server and the identity ids by external id.
fn identity_search() -> (Server, std::collections::HashMap<&'static str, String>) {
    let s = identity_reader();
    let mut ids = std::collections::HashMap::new();
    for ext in ["acme_alice", "acme_bob", "discount_100_user"] {
        let id = s.ok("identities.createIdentity", json!({"externalId": ext}))["identityId"]
            .as_str()
            .unwrap()
            .to_string();
        ids.insert(ext, id);
    }
    (s, ids)
}

/// The external ids listIdentities answers `search` with, as `rk`, in its order.
fn identities_matching(s: &Server, search: &str) -> Vec<String> {
    s.post_as(
        "/v2/identities.listIdentities",
        Some("rk"),
        &json!({"search": search}),
    )
    .data()
    .as_array()
    .unwrap()
    .iter()
    .map(|i| i["externalId"].as_str().unwrap().to_string())
    .collect()
}

/// 200_test.go, "search" / "matches external id substring".
#[test]
fn list_identities__matches_external_id_substring() {
    let (s, _) = identity_search();
    assert_eq!(identities_matching(&s, "alice"), ["acme_alice"]);
}

/// 200_test.go, "search" / "matches identity id substring" (the whole id).
#[test]
fn list_identities__matches_identity_id_substring() {
    let (s, ids) = identity_search();
    assert_eq!(identities_matching(&s, &ids["acme_bob"]), ["acme_bob"]);
}

/// 200_test.go, "search" / "is case insensitive".
#[test]
fn list_identities__is_case_insensitive() {
    let (s, _) = identity_search();
    assert_eq!(identities_matching(&s, "ACME_ALICE"), ["acme_alice"]);
    let mut acme = identities_matching(&s, "Acme");
    acme.sort();
    assert_eq!(acme, ["acme_alice", "acme_bob"]);
}

/// 200_test.go, "search" / "wildcards match literally": `_` and `%` are no LIKE wildcards
/// (see [`identity_search`] for the data).
#[test]
fn list_identities__wildcards_match_literally() {
    let (s, _) = identity_search();
    assert!(identities_matching(&s, "b_b").is_empty());
    assert!(identities_matching(&s, "100%").is_empty());
    assert_eq!(identities_matching(&s, "100_"), ["discount_100_user"]);
}

/// 200_test.go, "search" / "no matches returns empty list".
#[test]
fn list_identities__no_matches_returns_empty_list() {
    let (s, _) = identity_search();
    assert!(identities_matching(&s, "does-not-exist").is_empty());
}

/// 200_test.go, "search" / "whitespace-only search returns all".
#[test]
fn list_identities__whitespace_only_search_returns_all() {
    let (s, _) = identity_search();
    let mut all = identities_matching(&s, "   ");
    all.sort();
    assert_eq!(all, ["acme_alice", "acme_bob", "discount_100_user"]);
}

/// 200_test.go, "with pagination": of TestSuccess's 15 identities (meta `{"plan":"pro"}`,
/// every other one with a ratelimit), a page of 7 with a cursor and more to come, and a second
/// page of 7 that repeats none of the first.
#[test]
fn list_identities__with_pagination() {
    let s = identity_reader();
    for i in 0..15 {
        let mut body = json!({"externalId": format!("test_user_{i:02}"), "meta": {"plan": "pro"}});
        if i % 2 == 0 {
            body["ratelimits"] =
                json!([{"name": "api_calls", "limit": 100, "duration": 60000, "autoApply": false}]);
        }
        s.ok("identities.createIdentity", body);
    }
    let page = |cursor: &Value| {
        let mut body = json!({"limit": 7});
        if !cursor.is_null() {
            body["cursor"] = cursor.clone();
        }
        let r = s.post_as("/v2/identities.listIdentities", Some("rk"), &body);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()
    };
    let first = page(&Value::Null);
    assert_eq!(first["data"].as_array().unwrap().len(), 7);
    assert_eq!(first["pagination"]["hasMore"], true);
    assert!(first["pagination"]["cursor"].is_string(), "{first}");
    let second = page(&first["pagination"]["cursor"]);
    assert_eq!(second["data"].as_array().unwrap().len(), 7);
    let seen: Vec<&Value> = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["externalId"])
        .collect();
    for item in second["data"].as_array().unwrap() {
        assert!(!seen.contains(&&item["externalId"]), "{item}");
    }
}

/// A server whose root key `rk_urn` holds only `unkey:v1:ws_local:projects/*/identities/*#ACTION`
/// (upstream's urn_permissions_test.go grants each route just its own action), with the
/// identity `urn_user` created by the unscoped root key.
fn urn_server(action: &str) -> Server {
    let spec = format!("rk_urn=unkey:v1:ws_local:projects/*/identities/*#{action}");
    let s = Server::start(&["--root-key", &spec]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "urn_user"}),
    );
    s
}

/// Sends `body` to `identities.<op>` as `rk_urn`.
fn as_urn(s: &Server, op: &str, body: Value) -> common::Resp {
    s.post_as(&format!("/v2/identities.{op}"), Some("rk_urn"), &body)
}

/// v2_identities_create_identity/urn_permissions_test.go,
/// TestCreateIdentity_AuthorizesCanonicalURNPermission: `#create_identity` on
/// `projects/*/identities/*` creates an identity.
#[test]
fn create_identity__authorizes_canonical_urn_permission() {
    let s = urn_server("create_identity");
    let d = as_urn(&s, "createIdentity", json!({"externalId": "urn_new"})).data();
    assert!(
        d["identityId"]
            .as_str()
            .is_some_and(|id| id.starts_with("id_")),
        "{d}"
    );
    assert_eq!(
        s.ok("identities.getIdentity", json!({"identity": "urn_new"}))["externalId"],
        "urn_new"
    );
}

/// v2_identities_get_identity/urn_permissions_test.go,
/// TestGetIdentity_AuthorizesCanonicalURNPermission: `#read_identity` reads an identity.
#[test]
fn get_identity__authorizes_canonical_urn_permission() {
    let s = urn_server("read_identity");
    let d = as_urn(&s, "getIdentity", json!({"identity": "urn_user"})).data();
    assert_eq!(d["externalId"], "urn_user");
}

/// v2_identities_update_identity/urn_permissions_test.go,
/// TestUpdateIdentity_AuthorizesCanonicalURNPermission: `#update_identity` sets the meta.
#[test]
fn update_identity__authorizes_canonical_urn_permission() {
    let s = urn_server("update_identity");
    let d = as_urn(
        &s,
        "updateIdentity",
        json!({"identity": "urn_user", "meta": {"updated": true}}),
    )
    .data();
    assert_eq!(d["meta"], json!({"updated": true}));
    assert_eq!(
        s.ok("identities.getIdentity", json!({"identity": "urn_user"}))["meta"],
        json!({"updated": true})
    );
}

/// v2_identities_list_identities/urn_permissions_test.go,
/// TestListIdentities_AuthorizesCanonicalURNPermission: `#read_identity` lists identities.
#[test]
fn list_identities__authorizes_canonical_urn_permission() {
    let s = urn_server("read_identity");
    let d = as_urn(&s, "listIdentities", json!({})).data();
    let ids: Vec<&Value> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["externalId"])
        .collect();
    assert_eq!(ids, [&json!("urn_user")]);
}

/// v2_identities_delete_identity/urn_permissions_test.go,
/// TestDeleteIdentity_AuthorizesCanonicalURNPermission: `#delete_identity` deletes it.
#[test]
fn delete_identity__authorizes_canonical_urn_permission() {
    let s = urn_server("delete_identity");
    as_urn(&s, "deleteIdentity", json!({"identity": "urn_user"})).data();
    assert_eq!(
        s.call("identities.getIdentity", json!({"identity": "urn_user"}))
            .status,
        404
    );
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

// ---- Subtests ported one by one (audit of the route tests at fc99b6b9). ----

/// A server with the dashboard (run-time root keys) and a second workspace `ws_other` whose
/// root key is `other`.
fn two_workspaces() -> Server {
    Server::start(&[
        "--dashboard",
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ])
}

/// The identity of `external_id` as getIdentity answers it.
fn get(s: &Server, external_id: &str) -> Value {
    s.ok("identities.getIdentity", json!({"identity": external_id}))
}

const NO_IDENTITY: &str = "This identity does not exist.";

/// Asserts a 403 insufficient_permissions answer, as the Go subtests check it.
fn assert_forbidden(r: &common::Resp) {
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    let e = err(r);
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/authorization/insufficient_permissions"
    );
    assert_eq!(e["title"], "Insufficient Permissions");
    assert_eq!(e["status"], 403);
    assert!(e["detail"]
        .as_str()
        .unwrap()
        .starts_with("Missing one of these permissions: "));
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// v2_identities_create_identity/200_test.go, "insert identity via DB" (made through the API
/// here): it is found by its external id.
#[test]
fn create_identity__insert_identity_via_db() {
    let s = Server::start(&[]);
    let id = s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_external_id_db"}),
    )["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("id_"));
    let got = get(&s, "test_external_id_db");
    assert_eq!(got["id"], id.as_str());
    assert_eq!(got["externalId"], "test_external_id_db");
}

/// v2_identities_create_identity/200_test.go, "insert identity via DB and add ratelimits".
#[test]
fn create_identity__insert_identity_via_db_and_add_ratelimits() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_external_id_rl"}),
    );
    s.ok(
        "identities.updateIdentity",
        json!({"identity": "test_external_id_rl", "ratelimits": [
            {"name": "Requests", "limit": 15, "duration": 900000, "autoApply": false}
        ]}),
    );
    let rl = &get(&s, "test_external_id_rl")["ratelimits"];
    assert_eq!(rl.as_array().unwrap().len(), 1);
    assert_eq!(rl[0]["name"], "Requests");
    assert_eq!(rl[0]["limit"], 15);
    assert_eq!(rl[0]["duration"], 900000);
}

/// v2_identities_create_identity/200_test.go, "create identity with metadata".
#[test]
fn create_identity__create_identity_with_metadata() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "with_meta", "meta": {"key": "example"}}),
    );
    assert_eq!(get(&s, "with_meta")["meta"], json!({"key": "example"}));
}

/// v2_identities_create_identity/200_test.go, "create identity with ratelimits".
#[test]
fn create_identity__create_identity_with_ratelimits() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "with_rl", "ratelimits": [
            {"name": "test", "limit": 100, "duration": 60000, "autoApply": true},
            {"name": "test2", "limit": 200, "duration": 60000, "autoApply": true}
        ]}),
    );
    let mut rl: Vec<(String, i64, i64)> = get(&s, "with_rl")["ratelimits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["limit"].as_i64().unwrap(),
                r["duration"].as_i64().unwrap(),
            )
        })
        .collect();
    rl.sort();
    assert_eq!(
        rl,
        [
            ("test".to_string(), 100, 60000),
            ("test2".to_string(), 200, 60000)
        ]
    );
}

/// v2_identities_create_identity/200_test.go, "create identity with metadata and ratelimits".
#[test]
fn create_identity__create_identity_with_metadata_and_ratelimits() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "meta_and_rl", "meta": {"userId": "user_123", "role": "admin"},
               "ratelimits": [
            {"name": "requests_per_minute", "limit": 100, "duration": 60000, "autoApply": true},
            {"name": "requests_per_day", "limit": 1000, "duration": 86400000, "autoApply": true}
        ]}),
    );
    let got = get(&s, "meta_and_rl");
    assert_eq!(got["meta"], json!({"userId": "user_123", "role": "admin"}));
    let rl = got["ratelimits"].as_array().unwrap();
    assert_eq!(rl.len(), 2);
    let day = rl.iter().find(|r| r["name"] == "requests_per_day").unwrap();
    assert_eq!(
        (day["limit"].as_i64(), day["duration"].as_i64()),
        (Some(1000), Some(86400000))
    );
}

/// v2_identities_create_identity/200_test.go, "create identity with complex nested metadata".
#[test]
fn create_identity__create_identity_with_complex_nested_metadata() {
    let s = Server::start(&[]);
    let meta = json!({
        "user": {"id": "u_12345", "name": "John Doe", "active": true, "roles": ["admin", "editor"],
                 "preferences": {"theme": "dark", "notifications": true, "languages": ["en", "fr", "de"]}},
        "metrics": {"logins": 42, "lastActive": "2023-08-15T14:30:00Z", "devices": [
            {"type": "mobile", "os": "iOS", "lastLogin": "2023-08-15T14:30:00Z"},
            {"type": "desktop", "os": "Windows", "lastLogin": "2023-08-14T10:15:00Z"}]},
        "features": ["feature1", "feature2", "feature3"],
        "limits": {"storage": 5000, "api": {"rate": 100, "burst": 150}}
    });
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "nested", "meta": meta}),
    );
    assert_eq!(get(&s, "nested")["meta"], meta);
}

/// v2_identities_create_identity/200_test.go, "create multiple identities with different
/// externalIds": each gets its own id.
#[test]
fn create_identity__create_multiple_identities_with_different_externalIds() {
    let s = Server::start(&[]);
    let mut ids: Vec<String> = ["ext_1", "ext_2", "ext_3"]
        .iter()
        .map(|e| {
            s.ok("identities.createIdentity", json!({"externalId": e}))["identityId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for e in ["ext_1", "ext_2", "ext_3"] {
        assert_eq!(get(&s, e)["externalId"], e);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

/// v2_identities_create_identity/200_test.go, "create identity with minimum length externalId"
/// (three characters).
#[test]
fn create_identity__create_identity_with_minimum_length_externalId() {
    let s = Server::start(&[]);
    s.ok("identities.createIdentity", json!({"externalId": "123"}));
    assert_eq!(get(&s, "123")["externalId"], "123");
}

/// v2_identities_create_identity/200_test.go, "create identity with various metadata types":
/// nulls, floats, empty arrays and objects come back as sent.
#[test]
fn create_identity__create_identity_with_various_metadata_types() {
    let s = Server::start(&[]);
    let meta = json!({
        "stringValue": "test string", "intValue": 42, "floatValue": 3.5, "boolValue": true,
        "nullValue": null, "arrayValue": [1, "two", true, null, 4.5],
        "mapValue": {"nestedString": "nested", "nestedInt": 123, "nestedBool": false},
        "emptyArray": [], "emptyObject": {}
    });
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "ext_types", "meta": meta}),
    );
    assert_eq!(get(&s, "ext_types")["meta"], meta);
}

/// v2_identities_create_identity/403_test.go, TestWorkspacePermissions: a root key without
/// permissions.
#[test]
fn create_identity__workspace_permissions() {
    let s = two_workspaces();
    let rk = s.root_key(&[]);
    assert_forbidden(&s.post_as(
        "/v2/identities.createIdentity",
        Some(&rk),
        &json!({"externalId": "external_test_id"}),
    ));
}

/// v2_identities_delete_identity/200_test.go, "delete identity by external ID".
#[test]
fn delete_identity__delete_identity_by_external_id() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_1"}),
    );
    let r = s.call(
        "identities.deleteIdentity",
        json!({"identity": "test_user_1"}),
    );
    assert_eq!(r.status, 200);
    assert!(r.json().get("data").is_none());
    s.call("identities.getIdentity", json!({"identity": "test_user_1"}))
        .assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
}

/// v2_identities_delete_identity/200_test.go, "delete identity with rate limits".
#[test]
fn delete_identity__delete_identity_with_rate_limits() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_with_ratelimits", "ratelimits": [
            {"name": "ratelimit_a", "limit": 100, "duration": 60000, "autoApply": false},
            {"name": "ratelimit_b", "limit": 100, "duration": 60000, "autoApply": false},
            {"name": "ratelimit_c", "limit": 100, "duration": 60000, "autoApply": false}
        ]}),
    );
    assert_eq!(
        s.call(
            "identities.deleteIdentity",
            json!({"identity": "test_user_with_ratelimits"})
        )
        .status,
        200
    );
    s.call(
        "identities.getIdentity",
        json!({"identity": "test_user_with_ratelimits"}),
    )
    .assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
}

/// v2_identities_delete_identity/200_test.go, "delete identity with wildcard permission".
#[test]
fn delete_identity__delete_identity_with_wildcard_permission() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_wildcard"}),
    );
    let rk = s.root_key(&["identity.*.delete_identity"]);
    let r = s.post_as(
        "/v2/identities.deleteIdentity",
        Some(&rk),
        &json!({"identity": "test_user_wildcard"}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    s.call(
        "identities.getIdentity",
        json!({"identity": "test_user_wildcard"}),
    )
    .assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
}

/// v2_identities_delete_identity/200_test.go, "delete identity twice (duplicate key error
/// handling)": delete, create the same external id again, delete again.
#[test]
fn delete_identity__delete_identity_twice_duplicate_key_error_handling() {
    let s = Server::start(&[]);
    let body = json!({"identity": "test_user_duplicate"});
    let first = s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_duplicate"}),
    );
    assert_eq!(
        s.call("identities.deleteIdentity", body.clone()).status,
        200
    );
    let second = s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_duplicate"}),
    );
    assert_ne!(first["identityId"], second["identityId"]);
    assert_eq!(
        s.call("identities.deleteIdentity", body.clone()).status,
        200
    );
    s.call("identities.getIdentity", body).assert_error(
        404,
        "unkey/data/identity_not_found",
        NO_IDENTITY,
    );
}

/// v2_identities_delete_identity/200_test.go, "delete->create->delete with ratelimits".
#[test]
fn delete_identity__delete_create_delete_with_ratelimits() {
    let s = Server::start(&[]);
    let body = json!({"identity": "stripe_user_12345"});
    for (tier, limit) in [("advanced", 300000), ("starter", 20000)] {
        s.ok(
            "identities.createIdentity",
            json!({"externalId": "stripe_user_12345", "meta": {"tier": tier}, "ratelimits": [
                {"name": "per_month", "limit": limit, "duration": 2592000000i64, "autoApply": false}
            ]}),
        );
        assert_eq!(get(&s, "stripe_user_12345")["meta"]["tier"], tier);
        assert_eq!(
            get(&s, "stripe_user_12345")["ratelimits"][0]["limit"],
            limit
        );
        assert_eq!(
            s.call("identities.deleteIdentity", body.clone()).status,
            200
        );
    }
    s.call("identities.getIdentity", body).assert_error(
        404,
        "unkey/data/identity_not_found",
        NO_IDENTITY,
    );
}

/// v2_identities_delete_identity/400_test.go, "empty identity".
#[test]
fn delete_identity__empty_identity() {
    let s = Server::start(&[]);
    let r = s.call("identities.deleteIdentity", json!({"identity": ""}));
    r.assert_schema_error("identities.deleteIdentity");
    assert_eq!(err(&r)["title"], "Bad Request");
    assert!(!err(&r)["errors"].as_array().unwrap().is_empty());
}

/// The 403 subtests of v2_identities_delete_identity/403_test.go: a root key with `perms`.
fn delete_identity_forbidden(perms: &[&str]) {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_403"}),
    );
    let rk = s.root_key(perms);
    assert_forbidden(&s.post_as(
        "/v2/identities.deleteIdentity",
        Some(&rk),
        &json!({"identity": "test_403"}),
    ));
    assert_eq!(get(&s, "test_403")["externalId"], "test_403");
}

/// v2_identities_delete_identity/403_test.go, "insufficient permissions - no permissions".
#[test]
fn delete_identity__insufficient_permissions_no_permissions() {
    delete_identity_forbidden(&[]);
}

/// v2_identities_delete_identity/403_test.go, "insufficient permissions - wrong permission".
#[test]
fn delete_identity__insufficient_permissions_wrong_permission() {
    delete_identity_forbidden(&["identity.*.create_identity"]);
}

/// v2_identities_delete_identity/403_test.go, "insufficient permissions - different resource
/// permission".
#[test]
fn delete_identity__insufficient_permissions_different_resource_permission() {
    delete_identity_forbidden(&["key.*.delete_key"]);
}

/// v2_identities_delete_identity/403_test.go, "read-only permission".
#[test]
fn delete_identity__read_only_permission() {
    delete_identity_forbidden(&["identity.*.read_identity"]);
}

/// v2_identities_delete_identity/403_test.go, "case sensitivity test": an upper-case
/// `IDENTITY.*.DELETE_IDENTITY` grants nothing.
#[test]
fn delete_identity__case_sensitivity_test() {
    delete_identity_forbidden(&["IDENTITY.*.DELETE_IDENTITY"]);
}

/// v2_identities_delete_identity/403_test.go, "partial permission match".
#[test]
fn delete_identity__partial_permission_match() {
    delete_identity_forbidden(&["identity.create_identity"]);
}

/// v2_identities_delete_identity/403_test.go, "multiple permissions but none matching".
#[test]
fn delete_identity__multiple_permissions_but_none_matching() {
    delete_identity_forbidden(&[
        "key.*.delete_key",
        "api.*.delete_api",
        "workspace.*.read_workspace",
    ]);
}

/// v2_identities_delete_identity/404_test.go, "delete identity with non-existent external ID".
#[test]
fn delete_identity__delete_identity_with_non_existent_external_id() {
    let s = Server::start(&[]);
    let r = s.call(
        "identities.deleteIdentity",
        json!({"identity": "non_existent_test_2cGKbMxRyIzhCxo1"}),
    );
    r.assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
    assert_eq!(err(&r)["title"], "Not Found");
}

/// v2_identities_delete_identity/404_test.go, "delete identity with external ID from different
/// workspace".
#[test]
fn delete_identity__delete_identity_with_external_id_from_different_workspace() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "ext_mine"}),
    );
    s.post_as(
        "/v2/identities.deleteIdentity",
        Some("other"),
        &json!({"identity": "ext_mine"}),
    )
    .assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
    assert_eq!(get(&s, "ext_mine")["externalId"], "ext_mine");
}

/// v2_identities_delete_identity/404_test.go, "delete identity using very long non-existent
/// external ID".
#[test]
fn delete_identity__delete_identity_using_very_long_non_existent_external_id() {
    let s = Server::start(&[]);
    s.call(
        "identities.deleteIdentity",
        json!({"identity": format!("very_long_external_id_that_does_not_exist_{}", "x".repeat(60))}),
    )
    .assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
}

/// v2_identities_get_identity/200_test.go, "retrieve identity with large metadata" (over 1000
/// bytes).
#[test]
fn get_identity__retrieve_identity_with_large_metadata() {
    let s = Server::start(&[]);
    let meta = json!({
        "user_profile": {"name": "Large Metadata User",
            "bio": format!("This is a very long biography {}", "Lorem ipsum dolor sit amet ".repeat(50)),
            "preferences": {"theme": "dark", "languages": ["en", "fr", "es", "de", "it", "pt", "ru", "zh", "ja", "ko"]},
            "stats": {"logins": 1274, "activity_score": 98.7}},
        "subscription": {"plan": "enterprise", "history": [
            {"date": "2021-01-01", "plan": "free"}, {"date": "2022-01-01", "plan": "enterprise"}]}
    });
    assert!(meta.to_string().len() > 1000);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_large_meta", "meta": meta}),
    );
    assert_eq!(get(&s, "test_user_large_meta")["meta"], meta);
}

/// v2_identities_get_identity/200_test.go, "retrieve identity with many rate limits" (ten).
#[test]
fn get_identity__retrieve_identity_with_many_rate_limits() {
    let s = Server::start(&[]);
    let limits = [
        ("api_calls_per_second", 10, 1000),
        ("api_calls_per_minute", 100, 60000),
        ("api_calls_per_hour", 1000, 3600000),
        ("api_calls_per_day", 10000, 86400000),
        ("heavy_operations", 5, 60000),
        ("storage_operations", 20, 60000),
        ("database_queries", 200, 60000),
        ("premium_features", 50, 3600000),
        ("export_operations", 5, 86400000),
        ("search_queries", 100, 60000),
    ];
    let rl: Vec<Value> = limits
        .iter()
        .map(|(n, l, d)| json!({"name": n, "limit": l, "duration": d, "autoApply": false}))
        .collect();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_many_ratelimits", "ratelimits": rl}),
    );
    let got = get(&s, "test_user_many_ratelimits")["ratelimits"].clone();
    assert_eq!(got.as_array().unwrap().len(), 10);
    for (n, l, d) in limits {
        let r = got
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == n)
            .unwrap();
        assert_eq!(
            (r["limit"].as_i64(), r["duration"].as_i64()),
            (Some(l), Some(d)),
            "{n}"
        );
    }
}

/// v2_identities_get_identity/200_test.go, "retrieve recently created identity".
#[test]
fn get_identity__retrieve_recently_created_identity() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_recent"}),
    );
    assert_eq!(
        get(&s, "test_user_recent")["externalId"],
        "test_user_recent"
    );
}

/// v2_identities_get_identity/200_test.go, "retrieve identity with identityId".
#[test]
fn get_identity__retrieve_identity_with_identityId() {
    let s = Server::start(&[]);
    let id = s.ok(
        "identities.createIdentity",
        json!({"externalId": "unkey_works"}),
    )["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(get(&s, &id)["externalId"], "unkey_works");
}

/// v2_identities_get_identity/400_test.go, "missing identity": the error names the field's
/// rule. Go marshals its zero request as `{"identity":""}`, which fails `minLength` (the
/// location the Go subtest checks); an absent member is refused too.
#[test]
fn get_identity__missing_identity() {
    let s = Server::start(&[]);
    let r = s.call("identities.getIdentity", json!({"identity": ""}));
    r.assert_schema_error("identities.getIdentity");
    assert_eq!(err(&r)["title"], "Bad Request");
    assert_eq!(
        err(&r)["errors"][0]["location"],
        "/properties/identity/minLength"
    );
    let r = s.call("identities.getIdentity", json!({}));
    r.assert_schema_error("identities.getIdentity");
    assert!(!err(&r)["errors"].as_array().unwrap().is_empty());
}

/// v2_identities_get_identity/400_test.go, "empty identity".
#[test]
fn get_identity__empty_identity() {
    let s = Server::start(&[]);
    let r = s.call("identities.getIdentity", json!({"identity": ""}));
    r.assert_schema_error("identities.getIdentity");
    assert_eq!(
        err(&r)["errors"][0]["location"],
        "/properties/identity/minLength"
    );
}

/// v2_identities_get_identity/404_test.go, "external ID does not exist".
#[test]
fn get_identity__external_id_does_not_exist() {
    let s = Server::start(&[]);
    let r = s.call(
        "identities.getIdentity",
        json!({"identity": "non_existent_external_id"}),
    );
    r.assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
    assert_eq!(err(&r)["title"], "Not Found");
}

/// Identities for the listing subtests: `test_user_0` … `test_user_{n-1}`, the even ones with
/// an `api_calls` limit of 100 a minute.
fn listed(s: &Server, n: usize) {
    for i in 0..n {
        let mut body = json!({"externalId": format!("test_user_{i}"), "meta": {"index": i}});
        if i.is_multiple_of(2) {
            body["ratelimits"] =
                json!([{"name": "api_calls", "limit": 100, "duration": 60000, "autoApply": false}]);
        }
        s.ok("identities.createIdentity", body);
    }
}

/// v2_identities_list_identities/200_test.go, "basic listing with default settings".
#[test]
fn list_identities__basic_listing_with_default_settings() {
    let s = Server::start(&[]);
    listed(&s, 4);
    let data = s.ok("identities.listIdentities", json!({}));
    assert_eq!(data.as_array().unwrap().len(), 4);
    for i in [0, 2] {
        let one = data
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["externalId"] == format!("test_user_{i}"))
            .unwrap();
        assert_eq!(one["ratelimits"][0]["name"], "api_calls");
        assert_eq!(one["ratelimits"][0]["limit"], 100);
        assert_eq!(one["ratelimits"][0]["duration"], 60000);
    }
}

/// v2_identities_list_identities/200_test.go, "with custom limit".
#[test]
fn list_identities__with_custom_limit() {
    let s = Server::start(&[]);
    listed(&s, 7);
    let r = s
        .call("identities.listIdentities", json!({"limit": 5}))
        .json();
    assert_eq!(r["data"].as_array().unwrap().len(), 5);
    assert_eq!(r["pagination"]["hasMore"], true);
}

/// v2_identities_list_identities/200_test.go, "deleted identities are excluded".
#[test]
fn list_identities__deleted_identities_are_excluded() {
    let s = Server::start(&[]);
    listed(&s, 2);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_deleted_user"}),
    );
    s.ok(
        "identities.deleteIdentity",
        json!({"identity": "test_deleted_user"}),
    );
    let data = s.ok("identities.listIdentities", json!({}));
    assert_eq!(data.as_array().unwrap().len(), 2);
    assert!(data
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["externalId"] != "test_deleted_user"));
}

/// v2_identities_list_identities/200_test.go, "identities with Unicode characters". Upstream
/// writes the row directly with a Unicode external id, which createIdentity's pattern refuses
/// (on the real server too), so here only the meta is Unicode.
#[test]
fn list_identities__identities_with_unicode_characters() {
    let s = Server::start(&[]);
    let meta = json!({"name": "名字", "description": "这是一个测试用户 with 英文 and emoji 👍👨‍👩‍👧‍👦🇯🇵", "tags": ["测试", "官方", "认证✓"]});
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "unicode-user", "meta": meta}),
    );
    let data = s.ok("identities.listIdentities", json!({}));
    assert_eq!(data[0]["externalId"], "unicode-user");
    assert_eq!(data[0]["meta"], meta);
}

/// v2_identities_list_identities/200_test.go, "list with exactly one identity" (in a workspace
/// of its own).
#[test]
fn list_identities__list_with_exactly_one_identity() {
    let s = two_workspaces();
    listed(&s, 3);
    s.post_as(
        "/v2/identities.createIdentity",
        Some("other"),
        &json!({"externalId": "test_single_user"}),
    );
    let r = s
        .post_as("/v2/identities.listIdentities", Some("other"), &json!({}))
        .json();
    assert_eq!(r["data"].as_array().unwrap().len(), 1);
    assert_eq!(r["data"][0]["externalId"], "test_single_user");
    assert_eq!(r["pagination"], json!({"hasMore": false}));
}

/// v2_identities_list_identities/200_test.go, "verify complete response structure": each
/// identity has its id, external id, meta and rate limits (none: no field).
#[test]
fn list_identities__verify_complete_response_structure() {
    let s = Server::start(&[]);
    listed(&s, 2);
    let r = s.call("identities.listIdentities", json!({})).json();
    assert!(r["meta"]["requestId"].as_str().unwrap().starts_with("req_"));
    for d in r["data"].as_array().unwrap() {
        assert!(d["id"].as_str().unwrap().starts_with("id_"));
        let i: usize = d["externalId"].as_str().unwrap()["test_user_".len()..]
            .parse()
            .unwrap();
        assert_eq!(d["meta"], json!({"index": i}));
        assert_eq!(d.get("ratelimits").is_some(), i.is_multiple_of(2), "{d}");
    }
}

/// v2_identities_list_identities/400_test.go, "invalid cursor format": upstream accepts either
/// a 400 or a page. Its query (identity_list.sql) keeps `i.id >= cursor`: every `id_…` sorts
/// before `invalid_…`, so the page is empty.
#[test]
fn list_identities__invalid_cursor_format() {
    let s = Server::start(&[]);
    listed(&s, 2);
    let r = s.call(
        "identities.listIdentities",
        json!({"cursor": "invalid_cursor_format"}),
    );
    assert_eq!(r.data(), json!([]));
    assert_eq!(r.json()["pagination"]["hasMore"], false);
}

/// v2_identities_list_identities/400_test.go, "malformed JSON body".
#[test]
fn list_identities__malformed_json_body() {
    let s = Server::start(&[]);
    let r = s.request(
        "POST",
        "/v2/identities.listIdentities",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer unkey_test_root"),
        ],
        br#"{"limit": 5, "cursor": "missing_quote_here}"#,
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/application/invalid_input"
    );
}

/// v2_identities_list_identities/403_test.go, "with permission for only specific environment"
/// (`identity.*.read_identity` reads them all).
#[test]
fn list_identities__with_permission_for_only_specific_environment() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_prod"}),
    );
    let rk = s.root_key(&["identity.*.read_identity"]);
    let r = s.post_as("/v2/identities.listIdentities", Some(&rk), &json!({}));
    assert_eq!(r.data()[0]["externalId"], "test_user_prod");
}

/// v2_identities_list_identities/cross_workspace_test.go, "cannot access identities from
/// another workspace".
#[test]
fn list_identities__cannot_access_identities_from_another_workspace() {
    let s = two_workspaces();
    s.post_as(
        "/v2/identities.createIdentity",
        Some("other"),
        &json!({"externalId": "workspace_b_user"}),
    );
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "workspace_a_user"}),
    );
    let data = s.ok("identities.listIdentities", json!({}));
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["externalId"], "workspace_a_user");
}

/// v2_identities_update_identity/200_test.go, TestUpdateIdentityConcurrentRatelimits: ten
/// concurrent updates of three shared limits all succeed and leave one whole set.
#[test]
fn update_identity__concurrent_ratelimits() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "concurrent_ratelimit_test"}),
    );
    let rk = s.root_key(&["identity.*.update_identity"]);
    std::thread::scope(|t| {
        for i in 0..10 {
            let (s, rk) = (&s, &rk);
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/identities.updateIdentity",
                    Some(rk),
                    &json!({"identity": "concurrent_ratelimit_test", "ratelimits": [
                        {"name": "shared_limit_a", "limit": 100 + i, "duration": 60000, "autoApply": true},
                        {"name": "shared_limit_b", "limit": 200 + i, "duration": 60000, "autoApply": true},
                        {"name": "shared_limit_c", "limit": 300 + i, "duration": 60000, "autoApply": true}
                    ]}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    let rl = get(&s, "concurrent_ratelimit_test")["ratelimits"].clone();
    let rl = rl.as_array().unwrap();
    assert_eq!(rl.len(), 3);
    let a = rl.iter().find(|r| r["name"] == "shared_limit_a").unwrap()["limit"]
        .as_i64()
        .unwrap();
    let i = a - 100;
    for (name, base) in [("shared_limit_b", 200), ("shared_limit_c", 300)] {
        let got = rl.iter().find(|r| r["name"] == name).unwrap();
        assert_eq!(got["limit"], base + i, "one request's set, whole");
    }
}

/// v2_identities_update_identity/200_test.go, TestBulkIdentityUpdateDeadlock: concurrent
/// updates of many identities' limits, in rounds, all succeed.
#[test]
fn update_identity__bulk_identity_update_deadlock() {
    let s = Server::start(&[]);
    let names = ["rl_a", "rl_b", "rl_c", "rl_d", "rl_e"];
    for i in 0..20 {
        s.ok(
            "identities.createIdentity",
            json!({"externalId": format!("deadlock_test_{i}")}),
        );
    }
    for round in 0..3 {
        std::thread::scope(|t| {
            for i in 0..20 {
                let s = &s;
                t.spawn(move || {
                    let rl: Vec<Value> = names
                        .iter()
                        .map(|n| json!({"name": n, "limit": 100 + round * 1000 + i, "duration": 60000, "autoApply": false}))
                        .collect();
                    let r = s.call(
                        "identities.updateIdentity",
                        json!({"identity": format!("deadlock_test_{i}"), "ratelimits": rl}),
                    );
                    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
                });
            }
        });
    }
    let rl = get(&s, "deadlock_test_7")["ratelimits"].clone();
    assert_eq!(rl.as_array().unwrap().len(), 5);
    assert!(rl
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["limit"] == 100 + 2 * 1000 + 7));
}

/// v2_identities_update_identity/401_test.go, "key from different workspace": the identity is
/// not found for it.
#[test]
fn update_identity__key_from_different_workspace() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_mine"}),
    );
    s.post_as(
        "/v2/identities.updateIdentity",
        Some("other"),
        &json!({"identity": "test_user_mine", "meta": {"test": "value"}}),
    )
    .assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
}

/// v2_identities_update_identity/403_test.go, "no permission to update identity".
#[test]
fn update_identity__no_permission_to_update_identity() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_403"}),
    );
    let rk = s.root_key(&[]);
    assert_forbidden(&s.post_as(
        "/v2/identities.updateIdentity",
        Some(&rk),
        &json!({"identity": "test_user_403", "meta": {"test": "value"}}),
    ));
}

/// v2_identities_update_identity/403_test.go, "wrong permission type".
#[test]
fn update_identity__wrong_permission_type() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_403"}),
    );
    let rk = s.root_key(&["identity.*.create_identity"]);
    assert_forbidden(&s.post_as(
        "/v2/identities.updateIdentity",
        Some(&rk),
        &json!({"identity": "test_user_403", "meta": {"test": "value"}}),
    ));
}

/// v2_identities_update_identity/403_test.go, "with permission to update identity".
#[test]
fn update_identity__with_permission_to_update_identity() {
    let s = two_workspaces();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_403"}),
    );
    let rk = s.root_key(&["identity.*.update_identity"]);
    let r = s.post_as(
        "/v2/identities.updateIdentity",
        Some(&rk),
        &json!({"identity": "test_user_403", "meta": {"test": "value"}}),
    );
    let data = r.data();
    assert_eq!(data["externalId"], "test_user_403");
    assert_eq!(data["meta"], json!({"test": "value"}));
}

/// v2_identities_update_identity/404_test.go, "external ID does not exist".
#[test]
fn update_identity__external_id_does_not_exist() {
    let s = Server::start(&[]);
    let r = s.call(
        "identities.updateIdentity",
        json!({"identity": "non_existent_external_id", "meta": {"test": "value"}}),
    );
    r.assert_error(404, "unkey/data/identity_not_found", NO_IDENTITY);
    assert_eq!(err(&r)["title"], "Not Found");
}

/// updateIdentity answers the request's `meta`, not the stored one
/// (v2_identities_update_identity/handler.go builds the answer from `req.Meta`): without
/// `meta` in the request the answer has none, though the identity keeps its own.
#[test]
fn update_identity__answer_has_only_the_requests_meta() {
    let s = Server::start(&[]);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "echo", "meta": {"plan": "pro"}}),
    );
    let d = s.ok(
        "identities.updateIdentity",
        json!({"identity": "echo", "ratelimits": []}),
    );
    assert!(d.get("meta").is_none(), "{d}");
    let g = s.ok("identities.getIdentity", json!({"identity": "echo"}));
    assert_eq!(g["meta"], json!({"plan": "pro"}));
    let d = s.ok(
        "identities.updateIdentity",
        json!({"identity": "echo", "meta": {"plan": "team"}}),
    );
    assert_eq!(d["meta"], json!({"plan": "team"}));
}

/// listIdentities' cursor is the next page's first id, and a page starts at it
/// (`identity_list.sql`: `i.id >= id_cursor ORDER BY i.id`; svc/api/internal/pagination).
#[test]
fn list_identities__cursor_is_the_next_pages_first_id() {
    let s = Server::start(&[]);
    let ids: Vec<String> = (0..3)
        .map(|i| {
            s.ok(
                "identities.createIdentity",
                json!({"externalId": format!("page_{i}")}),
            )["identityId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    // In id order, not creation order (ids are random, pkg/uid/new.go).
    let ids = in_id_order(&ids);
    let r = s
        .call("identities.listIdentities", json!({"limit": 2}))
        .json();
    assert_eq!(r["data"][1]["id"], ids[1].as_str());
    assert_eq!(r["pagination"], json!({"cursor": ids[2], "hasMore": true}));
    let r = s
        .call(
            "identities.listIdentities",
            json!({"limit": 2, "cursor": ids[1]}),
        )
        .json();
    assert_eq!(r["data"][0]["id"], ids[1].as_str());
    assert_eq!(r["data"][1]["id"], ids[2].as_str());
    assert_eq!(r["pagination"], json!({"hasMore": false}));
}
