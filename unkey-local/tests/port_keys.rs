//! keys.createKey, getKey, deleteKey, updateKey, updateCredits and rerollKey, ported from the
//! real server's route tests (unkeyed/unkey at fc99b6b9, `svc/api/routes/v2_keys_*/*_test.go`).
//! Each test names the Go file and subtest; the code and wording are ours.
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

fn detail(r: &common::Resp) -> String {
    r.json()["error"]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn get(s: &Server, id: &str) -> Value {
    s.ok("keys.getKey", json!({"keyId": id}))
}

fn update(s: &Server, id: &str, fields: Value) {
    let mut body = json!({"keyId": id});
    body.as_object_mut()
        .unwrap()
        .extend(fields.as_object().unwrap().clone());
    s.ok("keys.updateKey", body);
}

// ---- createKey -------------------------------------------------------------------------

/// v2_keys_create_key/400_test.go: "missing apiId", "empty apiId", "apiId too short",
/// "byteLength too small", "byteLength too large", "prefix too long", "negative expires
/// timestamp", "empty permission in list", "empty role in list", "permission too long", "role
/// too long".
#[test]
fn create_key__schema_errors() {
    let s = Server::start(&[]);
    let api = s.create_api();
    for body in [
        json!({}),
        json!({"apiId": ""}),
        json!({"apiId": "ab"}),
        json!({"apiId": api, "byteLength": 10}),
        json!({"apiId": api, "byteLength": 300}),
        json!({"apiId": api, "prefix": "this_prefix_is_way_too_long_for_the_api"}),
        json!({"apiId": api, "expires": -1}),
        json!({"apiId": api, "permissions": [""]}),
        json!({"apiId": api, "roles": [""]}),
        json!({"apiId": api, "permissions": ["p".repeat(513)]}),
        json!({"apiId": api, "roles": ["r".repeat(513)]}),
    ] {
        let r = s.call("keys.createKey", body.clone());
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(
            detail(&r),
            "POST request body for '/v2/keys.createKey' failed to validate schema",
            "{body}"
        );
    }
}

/// v2_keys_create_key/401_test.go: "invalid bearer token", "nonexistent key", "bearer with extra
/// spaces".
#[test]
fn create_key__unauthorized() {
    let s = Server::start(&[]);
    let body = json!({"apiId": "api_1234567890"}).to_string();
    for auth in [
        "Bearer invalid_key_12345",
        "Bearer key_1234567890abcdef",
        "Bearer   invalid_key_with_spaces   ",
    ] {
        let r = s.request(
            "POST",
            "/v2/keys.createKey",
            &[
                ("Authorization", auth),
                ("Content-Type", "application/json"),
            ],
            body.as_bytes(),
        );
        assert_eq!(r.status, 401, "{auth}");
    }
}

/// v2_keys_create_key/403_test.go: "no permissions", "wrong action", "create permission for
/// different keyspace", "create recoverable key without perms": all answered as the API's
/// 404, the same as for an API that does not exist (404_test.go TestCreateKeyMasking…).
#[test]
fn create_key__forbidden_is_masked_as_not_found() {
    let s = Server::start(&[
        "--root-key",
        "rk_none=identity.*.read_identity",
        "--root-key",
        "rk_wrong=unkey:v1:ws_local:keyspaces/*#read_keyspace",
        "--root-key",
        "rk_other=unkey:v1:ws_local:keyspaces/ks_other#create_key",
        "--root-key",
        "rk_create=api.*.create_key",
    ]);
    let api = s.create_api();
    let missing = s.post_as(
        "/v2/keys.createKey",
        Some("rk_create"),
        &json!({"apiId": "api_doesnotexist1"}),
    );
    assert_eq!(missing.status, 404);
    for (root, body) in [
        ("rk_none", json!({"apiId": api})),
        ("rk_wrong", json!({"apiId": api})),
        ("rk_other", json!({"apiId": api})),
        ("rk_create", json!({"apiId": api, "recoverable": true})),
    ] {
        let r = s.post_as("/v2/keys.createKey", Some(root), &body);
        assert_eq!(r.status, 404, "{root}");
        assert_eq!(r.error_type(), missing.error_type());
        assert_eq!(detail(&r), detail(&missing));
        assert_eq!(detail(&r), "The specified API was not found.");
    }
}

/// v2_keys_create_key/404_test.go: "nonexistent api", "api with minimum valid length but
/// nonexistent", "deleted api".
#[test]
fn create_key__api_not_found() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok("apis.deleteApi", json!({"apiId": api}));
    for id in ["api_1234567890abcdef", "api_1234", api.as_str()] {
        let r = s.call("keys.createKey", json!({"apiId": id}));
        assert_eq!(r.status, 404, "{id}");
        assert_eq!(detail(&r), "The specified API was not found.");
    }
}

/// v2_keys_create_key/412_test.go, "Try creating a recoverable key without being opt-in".
#[test]
fn create_key__recoverable_without_opt_in() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let r = s.call("keys.createKey", json!({"apiId": api, "recoverable": true}));
    assert_eq!(r.status, 412);
    assert!(r
        .error_type()
        .ends_with("unkey/application/precondition_failed"));
}

// ---- getKey ------------------------------------------------------------------------------

/// v2_keys_get_key/200_test.go: "key with complex meta data", "key with expiration date", "key
/// with credits and daily refill", "key with monthly refill", "key with roles and
/// permissions", "key with ratelimits", "disabled key".
#[test]
fn get_key__returns_what_was_stored() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok(
        "permissions.createRole",
        json!({"name": "reader", "permissions": ["docs.read"]}),
    );
    let meta = json!({"nested": {"list": [1, 2, {"deep": true}]}, "s": "x"});
    let (id, _) = s.create_key(json!({
        "apiId": api, "meta": meta, "expires": 4_000_000_000_000i64, "enabled": false,
        "credits": {"remaining": 10, "refill": {"interval": "monthly", "amount": 20, "refillDay": 3}},
        "roles": ["reader"], "permissions": ["docs.write"],
        "ratelimits": [{"name": "rl_one", "limit": 5, "duration": 60000, "autoApply": true}]}));
    let k = get(&s, &id);
    assert_eq!(k["meta"], meta);
    assert_eq!(k["expires"], 4_000_000_000_000i64);
    assert_eq!(k["enabled"], false);
    assert_eq!(
        k["credits"],
        json!({"remaining": 10, "refill": {"interval": "monthly", "amount": 20, "refillDay": 3}})
    );
    assert_eq!(k["roles"], json!(["reader"]));
    let mut perms: Vec<&str> = k["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    perms.sort();
    assert_eq!(perms, ["docs.read", "docs.write"]);
    assert_eq!(k["ratelimits"][0]["name"], "rl_one");
    let (daily, _) = s.create_key(json!({"apiId": api,
        "credits": {"remaining": 1, "refill": {"interval": "daily", "amount": 5}}}));
    assert_eq!(
        get(&s, &daily)["credits"]["refill"],
        json!({"interval": "daily", "amount": 5})
    );
}

/// v2_keys_get_key/400_test.go: "empty keyId string", "invalid key format".
#[test]
fn get_key__bad_requests() {
    let s = Server::start(&[]);
    for id in ["", "ab"] {
        let r = s.call("keys.getKey", json!({"keyId": id}));
        assert_eq!(r.status, 400, "{id:?}");
    }
}

/// v2_keys_get_key/404_test.go, "nonexistent keyId".
#[test]
fn get_key__nonexistent_key_id() {
    let s = Server::start(&[]);
    let r = s.call("keys.getKey", json!({"keyId": "key_1234567890abcdef"}));
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "We could not find the requested key.");
}

/// v2_keys_get_key/412_test.go, "api not set up for key encryption".
#[test]
fn get_key__api_not_set_up_for_key_encryption() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let r = s.call("keys.getKey", json!({"keyId": id, "decrypt": true}));
    assert_eq!(r.status, 412);
    assert!(detail(&r).contains("does not support key encryption"));
}

// ---- deleteKey ---------------------------------------------------------------------------

/// v2_keys_delete_key/200_test.go, "soft delete key" and "permanently delete key"; 404_test.go
/// "can't delete soft deleted key".
#[test]
fn delete_key__soft_and_permanent() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (soft, k1) = s.create_key(json!({"apiId": api}));
    let (hard, k2) = s.create_key(json!({"apiId": api}));
    assert_eq!(s.ok("keys.deleteKey", json!({"keyId": soft})), json!({}));
    s.ok("keys.deleteKey", json!({"keyId": hard, "permanent": true}));
    for k in [k1, k2] {
        assert_eq!(s.verify(json!({"key": k}))["code"], "NOT_FOUND");
    }
    let r = s.call("keys.deleteKey", json!({"keyId": soft}));
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "We could not find the requested key.");
}

/// v2_keys_delete_key/400_test.go: "missing keyId", "empty keyId string".
#[test]
fn delete_key__bad_requests() {
    let s = Server::start(&[]);
    for body in [json!({}), json!({"keyId": ""})] {
        let r = s.call("keys.deleteKey", body);
        assert_eq!(r.status, 400);
        assert_eq!(
            detail(&r),
            "POST request body for '/v2/keys.deleteKey' failed to validate schema"
        );
    }
}

/// v2_keys_delete_key/403_test.go: "no permissions", "wrong permission - has create but not
/// delete".
#[test]
fn delete_key__forbidden() {
    let s = Server::start(&["--root-key", "rk=api.*.create_key"]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let r = s.post_as("/v2/keys.deleteKey", Some("rk"), &json!({"keyId": id}));
    assert_eq!(r.status, 403);
    assert!(detail(&r).starts_with("Missing one of these permissions: api.*.delete_key or"));
}

// ---- updateCredits -----------------------------------------------------------------------

/// v2_keys_update_credits/200_test.go, "update key set to unlimited credits".
#[test]
fn update_credits__update_key_set_to_unlimited_credits() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, k) = s.create_key(json!({"apiId": api, "credits": {"remaining": 1}}));
    let d = s.ok(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "set", "value": null}),
    );
    assert_eq!(d, json!({"remaining": null}));
    for _ in 0..3 {
        assert_eq!(s.verify(json!({"key": k}))["code"], "VALID");
    }
}

/// v2_keys_update_credits/400_test.go: "missing keyId", "empty keyId string", "increment with
/// null throws error", "can't increment unlimited key", "decrement with null throws error",
/// "can't decrement unlimited key".
#[test]
fn update_credits__bad_requests() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (limited, _) = s.create_key(json!({"apiId": api, "credits": {"remaining": 5}}));
    let (unlimited, _) = s.create_key(json!({"apiId": api}));
    for body in [
        json!({"operation": "set", "value": 1}),
        json!({"keyId": "", "operation": "set", "value": 1}),
    ] {
        let r = s.call("keys.updateCredits", body);
        assert_eq!(r.status, 400);
        assert_eq!(
            detail(&r),
            "POST request body for '/v2/keys.updateCredits' failed to validate schema"
        );
    }
    for op in ["increment", "decrement"] {
        let r = s.call(
            "keys.updateCredits",
            json!({"keyId": limited, "operation": op, "value": null}),
        );
        assert_eq!(r.status, 400, "{op}");
        assert_eq!(
            detail(&r),
            "When specifying an increment or decrement operation, a value must be provided."
        );
        let r = s.call(
            "keys.updateCredits",
            json!({"keyId": unlimited, "operation": op, "value": 1}),
        );
        assert_eq!(r.status, 400, "{op}");
        assert_eq!(
            detail(&r),
            "You cannot increment or decrement a key with unlimited credits."
        );
    }
}

/// v2_keys_update_credits/404_test.go, "nonexistent keyId".
#[test]
fn update_credits__nonexistent_key_id() {
    let s = Server::start(&[]);
    let r = s.call(
        "keys.updateCredits",
        json!({"keyId": "key_1234567890abcdef", "operation": "set", "value": 1}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "We could not find the requested key.");
}

// ---- rerollKey ---------------------------------------------------------------------------

/// v2_keys_reroll_key/200_test.go, "successfully rerolled key with all options".
#[test]
fn reroll_key__successfully_rerolled_key_with_all_options() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, old) = s.create_key(json!({"apiId": api, "prefix": "rr", "name": "n",
        "meta": {"a": 1}, "permissions": ["p.one"], "externalId": "reroll_user",
        "credits": {"remaining": 7},
        "ratelimits": [{"name": "rl_a", "limit": 5, "duration": 60000, "autoApply": true}]}));
    let d = s.ok(
        "keys.rerollKey",
        json!({"keyId": id, "expiration": 3_600_000}),
    );
    let new = d["key"].as_str().unwrap();
    assert!(new.starts_with("rr_") && new != old);
    let k = get(&s, d["keyId"].as_str().unwrap());
    assert_eq!(k["name"], "n");
    assert_eq!(k["meta"], json!({"a": 1}));
    assert_eq!(k["permissions"], json!(["p.one"]));
    assert_eq!(k["identity"]["externalId"], "reroll_user");
    assert_eq!(k["credits"]["remaining"], 7);
    assert_eq!(k["ratelimits"][0]["name"], "rl_a");
    // The old key still verifies until it expires.
    assert_eq!(s.verify(json!({"key": old}))["code"], "VALID");
}

/// v2_keys_reroll_key/400_test.go: "missing keyId", "empty keyId", "keyId too short",
/// "negative expiration"; 404_test.go "nonexistent key".
#[test]
fn reroll_key__bad_requests_and_not_found() {
    let s = Server::start(&[]);
    for body in [
        json!({"expiration": 0}),
        json!({"keyId": "", "expiration": 0}),
        json!({"keyId": "k", "expiration": 0}),
        json!({"keyId": "key_1234567890", "expiration": -1}),
    ] {
        assert_eq!(s.call("keys.rerollKey", body.clone()).status, 400, "{body}");
    }
    let r = s.call(
        "keys.rerollKey",
        json!({"keyId": "key_1234567890abcdef", "expiration": 0}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "The specified key was not found.");
}

/// v2_keys_reroll_key/403_test.go, "wrong permission - has read but not create".
#[test]
fn reroll_key__wrong_permission() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key"]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let r = s.post_as(
        "/v2/keys.rerollKey",
        Some("rk"),
        &json!({"keyId": id, "expiration": 0}),
    );
    assert_eq!(r.status, 403);
    let d = detail(&r);
    assert!(
        d.starts_with(&format!(
            "Missing one of these permissions: api.{api}.create_key or api.*.create_key or unkey:v1:ws_local:keyspaces/ks_"
        )),
        "{d}"
    );
}

// ---- updateKey ---------------------------------------------------------------------------

/// v2_keys_update_key/three_state_test.go: "Name field three-state logic", "Meta field
/// three-state logic", "Expires field three-state logic", "Identity field three-state logic".
#[test]
fn update_key__field_three_state_logic() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "name": "initial-name",
        "meta": {"initial": 1}, "expires": 4_000_000_000_000i64}));
    update(
        &s,
        &id,
        json!({"name": "updated-name", "meta": {"updated": "value"},
        "expires": 4_100_000_000_000i64, "externalId": "updated-user"}),
    );
    let k = get(&s, &id);
    assert_eq!(
        (k["name"].clone(), k["meta"].clone(), k["expires"].clone()),
        (
            json!("updated-name"),
            json!({"updated": "value"}),
            json!(4_100_000_000_000i64)
        )
    );
    assert_eq!(k["identity"]["externalId"], "updated-user");
    update(
        &s,
        &id,
        json!({"name": null, "meta": null, "expires": null, "externalId": null, "enabled": true}),
    );
    let k = get(&s, &id);
    for field in ["name", "meta", "expires", "identity"] {
        assert!(k.get(field).is_none(), "{field}: {k}");
    }
    update(
        &s,
        &id,
        json!({"name": "preserved-name", "externalId": "preserved-user"}),
    );
    update(&s, &id, json!({"enabled": false}));
    let k = get(&s, &id);
    assert_eq!(k["name"], "preserved-name");
    assert_eq!(k["identity"]["externalId"], "preserved-user");
    assert_eq!(k["enabled"], false);
}

/// v2_keys_update_key/three_state_test.go, "Credits field three-state logic": "Set credits
/// object to null clears everything", "Set credits.remaining to null clears everything", "Set
/// credits.refill to null only clears refill, keeps remaining", "Update refill without touching
/// remaining", "Undefined credits keeps everything", "Daily refill without refillDay",
/// "Complex sequence of updates".
#[test]
fn update_key__credits_three_state_logic() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let monthly = |remaining: i64, amount: i64, day: i64| {
        json!({"apiId": api, "credits": {"remaining": remaining,
            "refill": {"interval": "monthly", "amount": amount, "refillDay": day}}})
    };
    let (a, _) = s.create_key(monthly(100, 50, 15));
    update(&s, &a, json!({"credits": null}));
    assert!(get(&s, &a).get("credits").is_none());

    let (b, _) = s.create_key(monthly(200, 75, 10));
    update(&s, &b, json!({"credits": {"remaining": null}}));
    assert!(get(&s, &b).get("credits").is_none());

    let (c, _) = s.create_key(monthly(500, 100, 5));
    update(
        &s,
        &c,
        json!({"credits": {"refill": {"amount": 150, "interval": "monthly", "refillDay": 20}}}),
    );
    assert_eq!(
        get(&s, &c)["credits"],
        json!({"remaining": 500, "refill": {"interval": "monthly", "amount": 150, "refillDay": 20}})
    );

    let (d, _) = s.create_key(monthly(777, 111, 28));
    update(&s, &d, json!({"enabled": false}));
    assert_eq!(get(&s, &d)["credits"]["remaining"], 777);
    assert_eq!(get(&s, &d)["credits"]["refill"]["refillDay"], 28);

    let (e, _) = s.create_key(json!({"apiId": api, "credits": {"remaining": 50}}));
    update(
        &s,
        &e,
        json!({"credits": {"refill": {"amount": 25, "interval": "daily"}}}),
    );
    assert_eq!(
        get(&s, &e)["credits"],
        json!({"remaining": 50, "refill": {"interval": "daily", "amount": 25}})
    );

    let (f, _) = s.create_key(json!({"apiId": api}));
    update(
        &s,
        &f,
        json!({"credits": {"remaining": 1000,
        "refill": {"amount": 500, "interval": "monthly", "refillDay": 1}}}),
    );
    update(&s, &f, json!({"credits": {"refill": null}}));
    assert_eq!(get(&s, &f)["credits"], json!({"remaining": 1000}));
    update(
        &s,
        &f,
        json!({"credits": {"refill": {"amount": 250, "interval": "daily"}}}),
    );
    assert_eq!(get(&s, &f)["credits"]["refill"]["amount"], 250);
    update(&s, &f, json!({"credits": null}));
    assert!(get(&s, &f).get("credits").is_none());
}

/// v2_keys_update_key/404_test.go: "when the key does not exist", "when the key has been
/// deleted".
#[test]
fn update_key__not_found() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    s.ok("keys.deleteKey", json!({"keyId": id}));
    for id in ["key_1234567890abcdef", id.as_str()] {
        let r = s.call("keys.updateKey", json!({"keyId": id, "enabled": false}));
        assert_eq!(r.status, 404);
        assert_eq!(detail(&r), "We could not find the requested key.");
    }
}

/// v2_keys_update_key/403_test.go, TestUpdateKeyInsufficientPermissions and
/// TestUpdateKeyCorrectPermissions ("wildcard api").
#[test]
fn update_key__permissions() {
    let s = Server::start(&[
        "--root-key",
        "rk_create=api.*.create_key",
        "--root-key",
        "rk_update=api.*.update_key",
    ]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "name": "test"}));
    let body = json!({"keyId": id, "enabled": false});
    assert_eq!(
        s.post_as("/v2/keys.updateKey", Some("rk_create"), &body)
            .status,
        403
    );
    assert_eq!(
        s.post_as("/v2/keys.updateKey", Some("rk_update"), &body)
            .status,
        200
    );
}
