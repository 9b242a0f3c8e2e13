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

// ---- createKey -------------------------------------------------------------------------

/// Sends keys.createKey the body `body(apiId)` builds, for an existing API, as a root key
/// that may create keys anywhere (upstream's 400_test.go `createAnyKeyPermission`), and
/// asserts the validator's 400.
fn create_key_rejected(body: impl Fn(&str) -> Value) {
    let s = Server::start(&["--root-key", "rk=api.*.create_key"]);
    let api = s.create_api();
    s.post_as("/v2/keys.createKey", Some("rk"), &body(&api))
        .assert_schema_error("keys.createKey");
}

/// v2_keys_create_key/400_test.go, "missing apiId" (Go marshals its zero request as `{"apiId":""}`; both are sent).
#[test]
fn create_key__missing_apiId() {
    create_key_rejected(|_api| json!({}));
    create_key_rejected(|_api| json!({"apiId": ""}));
}

/// v2_keys_create_key/400_test.go, "empty apiId".
#[test]
fn create_key__empty_apiId() {
    create_key_rejected(|_api| json!({"apiId": ""}));
}

/// v2_keys_create_key/400_test.go, "apiId too short".
#[test]
fn create_key__apiId_too_short() {
    create_key_rejected(|_api| json!({"apiId": "ab"}));
}

/// v2_keys_create_key/400_test.go, "byteLength too small" (the minimum is 16).
#[test]
fn create_key__byteLength_too_small() {
    create_key_rejected(|api| json!({"apiId": api, "byteLength": 10}));
}

/// v2_keys_create_key/400_test.go, "byteLength too large" (the maximum is 255).
#[test]
fn create_key__byteLength_too_large() {
    create_key_rejected(|api| json!({"apiId": api, "byteLength": 300}));
}

/// v2_keys_create_key/400_test.go, "prefix too long" (the maximum is 16).
#[test]
fn create_key__prefix_too_long() {
    create_key_rejected(
        |api| json!({"apiId": api, "prefix": "this_prefix_is_way_too_long_for_the_api"}),
    );
}

/// v2_keys_create_key/400_test.go, "negative expires timestamp".
#[test]
fn create_key__negative_expires_timestamp() {
    create_key_rejected(|api| json!({"apiId": api, "expires": -1}));
}

/// v2_keys_create_key/400_test.go, "empty permission in list".
#[test]
fn create_key__empty_permission_in_list() {
    create_key_rejected(|api| json!({"apiId": api, "permissions": [""]}));
}

/// v2_keys_create_key/400_test.go, "empty role in list".
#[test]
fn create_key__empty_role_in_list() {
    create_key_rejected(|api| json!({"apiId": api, "roles": [""]}));
}

/// v2_keys_create_key/400_test.go, "permission too long" (513 characters; the maximum is 512).
#[test]
fn create_key__permission_too_long() {
    create_key_rejected(|api| json!({"apiId": api, "permissions": ["a".repeat(513)]}));
}

/// v2_keys_create_key/400_test.go, "role too long" (513 characters; the maximum is 512).
#[test]
fn create_key__role_too_long() {
    create_key_rejected(|api| json!({"apiId": api, "roles": ["a".repeat(513)]}));
}

// ---- v2_keys_create_key/403_test.go, TestCreateKeyMissingPermissionsDoNotLeakKeyspace ----

const API_NOT_FOUND: &str = "The specified API was not found.";

/// 403_test.go, "no permissions": upstream's setup (an API whose keyspace stores encrypted
/// keys, and another API) and a root key without permissions get the masked 404, the same
/// answer as for an API that does not exist (404_test.go), without the keyspace id. (The
/// other subtests are ported one by one in port_root_keys.rs, "wrong action" and "create
/// permission for different keyspace", and port_vault.rs, "create recoverable key without
/// perms".)
#[test]
fn create_key__no_permissions() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    s.create_api();
    let r = s.request(
        "POST",
        "/_local/dashboard/apiSettings",
        &[],
        json!({"apiId": api, "storeEncryptedKeys": true})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200);
    let rk = s.root_key(&[]);
    let r = s.post_as("/v2/keys.createKey", Some(&rk), &json!({"apiId": api}));
    r.assert_error(404, "unkey/data/api_not_found", API_NOT_FOUND);
    assert!(!String::from_utf8_lossy(&r.body).contains(&api.replacen("api_", "ks_", 1)));
}

/// keys.createKey for `api_id` as a root key holding `api.*.create_key`.
fn create_key_in(s: &Server, api_id: &str) -> common::Resp {
    s.post_as("/v2/keys.createKey", Some("rk"), &json!({"apiId": api_id}))
}

fn create_key_server() -> Server {
    Server::start(&["--root-key", "rk=api.*.create_key"])
}

/// v2_keys_create_key/404_test.go, "nonexistent api".
#[test]
fn create_key__nonexistent_api() {
    let s = create_key_server();
    create_key_in(&s, "api_1234567890abcdef").assert_error(
        404,
        "unkey/data/api_not_found",
        API_NOT_FOUND,
    );
}

/// v2_keys_create_key/404_test.go, "api with minimum valid length but nonexistent".
#[test]
fn create_key__api_with_minimum_valid_length_but_nonexistent() {
    let s = create_key_server();
    create_key_in(&s, "api_1234").assert_error(404, "unkey/data/api_not_found", API_NOT_FOUND);
}

/// v2_keys_create_key/404_test.go, "deleted api".
#[test]
fn create_key__deleted_api() {
    // (Upstream's subtest sends an id that never existed; a deleted API takes keys there,
    // see fidelity.rs `create_key__in_a_deleted_api`.)
    let s = create_key_server();
    create_key_in(&s, "api_1234567890abcdef").assert_error(
        404,
        "unkey/data/api_not_found",
        API_NOT_FOUND,
    );
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

// ---- v2_keys_get_key/200_test.go, TestGetKey_AdditionalScenarios -------------------------

/// Upstream's setup: an API "Test API" and a root key `rk` holding `api.*.read_key`; a key
/// made with `fields` (after `prepare`) is read back with getKey (`decrypt: false`); returns
/// its `data`.
fn stored_key(prepare: impl Fn(&Server), fields: Value) -> Value {
    let s = Server::start(&["--test-clock", "--root-key", "rk=api.*.read_key"]);
    prepare(&s);
    let api = s.ok("apis.createApi", json!({"name": "Test API"}))["apiId"].clone();
    let mut body = fields;
    body["apiId"] = api;
    let (id, _) = s.create_key(body);
    s.post_as(
        "/v2/keys.getKey",
        Some("rk"),
        &json!({"keyId": id, "decrypt": false}),
    )
    .data()
}

/// 200_test.go, "key with complex meta data": the meta comes back as stored (Go checks
/// `user_id` and `plan`; here all of it).
#[test]
fn get_key__key_with_complex_meta_data() {
    let meta = json!({"user_id": 12345, "plan": "premium", "features": ["analytics", "webhooks"],
        "created_by": "admin@example.com",
        "nested": {"department": "engineering", "team": "backend"}});
    let k = stored_key(|_| {}, json!({"name": "complex-meta-key", "meta": meta}));
    assert_eq!(k["meta"], meta);
    assert_eq!(
        (k["meta"]["user_id"].clone(), k["meta"]["plan"].clone()),
        (json!(12345), json!("premium"))
    );
}

/// 200_test.go, "key with expiration date": a day ahead, truncated to the hour, in
/// milliseconds.
#[test]
fn get_key__key_with_expiration_date() {
    let expires = 4_000_000_000_000i64 / 3_600_000 * 3_600_000;
    let k = stored_key(|_| {}, json!({"expires": expires}));
    assert_eq!(k["expires"], expires);
}

/// 200_test.go, "key with credits and daily refill": 50 remaining, refilled by 100 daily.
#[test]
fn get_key__key_with_credits_and_daily_refill() {
    let k = stored_key(
        |_| {},
        json!({"credits": {"remaining": 50, "refill": {"interval": "daily", "amount": 100}}}),
    );
    assert_eq!(
        k["credits"],
        json!({"remaining": 50, "refill": {"interval": "daily", "amount": 100}})
    );
}

/// 200_test.go, "key with monthly refill": refill day 1.
#[test]
fn get_key__key_with_monthly_refill() {
    let k = stored_key(
        |_| {},
        json!({"credits": {"remaining": 50,
            "refill": {"interval": "monthly", "amount": 100, "refillDay": 1}}}),
    );
    assert_eq!(
        k["credits"],
        json!({"remaining": 50, "refill": {"interval": "monthly", "amount": 100, "refillDay": 1}})
    );
}

/// 200_test.go, "key with roles and permissions": two direct permissions and a role without
/// permissions.
#[test]
fn get_key__key_with_roles_and_permissions() {
    let k = stored_key(
        |s| {
            s.ok("permissions.createRole", json!({"name": "data_admin"}));
        },
        json!({"permissions": ["read_data", "write_data"], "roles": ["data_admin"]}),
    );
    let mut perms: Vec<&str> = k["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    perms.sort();
    assert_eq!(perms, ["read_data", "write_data"]);
    assert_eq!(k["roles"], json!(["data_admin"]));
}

/// 200_test.go, "key with ratelimits": both limits with their limit, duration and
/// autoApply.
#[test]
fn get_key__key_with_ratelimits() {
    let k = stored_key(
        |_| {},
        json!({"ratelimits": [
            {"name": "api_calls", "limit": 100, "duration": 60000, "autoApply": false},
            {"name": "data_transfer", "limit": 1000, "duration": 3600000, "autoApply": true}]}),
    );
    let limits = k["ratelimits"].as_array().unwrap();
    assert_eq!(limits.len(), 2, "{k}");
    let find = |name: &str| {
        let rl = limits.iter().find(|rl| rl["name"] == name).unwrap();
        (
            rl["limit"].clone(),
            rl["duration"].clone(),
            rl["autoApply"].clone(),
        )
    };
    assert_eq!(find("api_calls"), (json!(100), json!(60000), json!(false)));
    assert_eq!(
        find("data_transfer"),
        (json!(1000), json!(3600000), json!(true))
    );
}

/// 200_test.go, "disabled key".
#[test]
fn get_key__disabled_key() {
    let k = stored_key(|_| {}, json!({"enabled": false}));
    assert_eq!(k["enabled"], false);
}

/// v2_keys_get_key/400_test.go, "empty keyId string" (as `api.*.read_key`).
#[test]
fn get_key__empty_keyId_string() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key"]);
    s.post_as(
        "/v2/keys.getKey",
        Some("rk"),
        &json!({"keyId": "", "decrypt": false}),
    )
    .assert_schema_error("keys.getKey");
}

/// v2_keys_get_key/400_test.go, "invalid key format": the same empty keyId with a bearer
/// token that is no root key: the body is validated before the key is looked up.
#[test]
fn get_key__invalid_key_format() {
    let s = Server::start(&[]);
    s.post_as(
        "/v2/keys.getKey",
        Some("invalid_key_format_not_uid"),
        &json!({"keyId": "", "decrypt": false}),
    )
    .assert_schema_error("keys.getKey");
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

/// deleteKey of `body` as `rk`, which holds `api.*.delete_key` (upstream's 200, 400 and 404
/// tests).
fn delete_key_as(s: &Server, body: Value) -> common::Resp {
    s.post_as("/v2/keys.deleteKey", Some("rk"), &body)
}

fn key_deleter() -> Server {
    Server::start(&["--root-key", "rk=api.*.delete_key"])
}

const KEY_NOT_FOUND: &str = "We could not find the requested key.";

/// v2_keys_delete_key/200_test.go, "soft delete key": the key no longer verifies nor is
/// found.
#[test]
fn delete_key__soft_delete_key() {
    let s = key_deleter();
    let api = s.create_api();
    let (id, key) = s.create_key(json!({"apiId": api}));
    assert_eq!(delete_key_as(&s, json!({"keyId": id})).data(), json!({}));
    assert_eq!(s.verify(json!({"key": key}))["code"], "NOT_FOUND");
    s.call("keys.getKey", json!({"keyId": id})).assert_error(
        404,
        "unkey/data/key_not_found",
        KEY_NOT_FOUND,
    );
}

/// v2_keys_delete_key/200_test.go, "permanently delete key".
#[test]
fn delete_key__permanently_delete_key() {
    let s = key_deleter();
    let api = s.create_api();
    let (id, key) = s.create_key(json!({"apiId": api}));
    assert_eq!(
        delete_key_as(&s, json!({"keyId": id, "permanent": true})).data(),
        json!({})
    );
    assert_eq!(s.verify(json!({"key": key}))["code"], "NOT_FOUND");
    s.call("keys.getKey", json!({"keyId": id})).assert_error(
        404,
        "unkey/data/key_not_found",
        KEY_NOT_FOUND,
    );
}

/// v2_keys_delete_key/404_test.go, "can't delete soft deleted key".
#[test]
fn delete_key__cant_delete_soft_deleted_key() {
    let s = key_deleter();
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    delete_key_as(&s, json!({"keyId": id})).data();
    delete_key_as(&s, json!({"keyId": id})).assert_error(
        404,
        "unkey/data/key_not_found",
        KEY_NOT_FOUND,
    );
}

/// v2_keys_delete_key/400_test.go, "missing keyId".
#[test]
fn delete_key__missing_keyId() {
    delete_key_as(&key_deleter(), json!({})).assert_schema_error("keys.deleteKey");
}

/// v2_keys_delete_key/400_test.go, "empty keyId string".
#[test]
fn delete_key__empty_keyId_string() {
    delete_key_as(&key_deleter(), json!({"keyId": ""})).assert_schema_error("keys.deleteKey");
}

/// deleteKey of a fresh key as a root key holding `perms`: the 403 naming what would do.
fn delete_key_forbidden(perms: &[&str]) {
    let s = Server::start(&["--dashboard"]);
    let rk = s.root_key(perms);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let ks = api.replacen("api_", "ks_", 1);
    s.post_as("/v2/keys.deleteKey", Some(&rk), &json!({"keyId": id}))
        .assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            &format!(
                "Missing one of these permissions: api.*.delete_key or api.{api}.delete_key or \
                 unkey:v1:ws_local:keyspaces/{ks}/keys/{id}#delete_key"
            ),
        );
}

/// v2_keys_delete_key/403_test.go, "no permissions".
#[test]
fn delete_key__no_permissions() {
    delete_key_forbidden(&[]);
}

/// v2_keys_delete_key/403_test.go, "wrong permission - has create but not delete".
#[test]
fn delete_key__wrong_permission_has_create_but_not_delete() {
    delete_key_forbidden(&["api.*.create_key"]);
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

/// A server whose root key `rk` holds only `api.*.update_key`, as upstream's
/// TestKeyUpdateCreditsSuccess and TestKeyUpdateCreditsBadRequest use, and a key with
/// `remaining` credits (`None`: unlimited); returns (server, keyId).
fn credits_key(remaining: Option<i64>) -> (Server, String) {
    let s = Server::start(&["--root-key", "rk=api.*.update_key"]);
    let api = s.create_api();
    let body = match remaining {
        Some(n) => json!({"apiId": api, "name": "test-key", "credits": {"remaining": n}}),
        None => json!({"apiId": api, "name": "test-key"}),
    };
    let (id, _) = s.create_key(body);
    (s, id)
}

/// keys.updateCredits as `rk`.
fn update_credits(s: &Server, body: Value) -> common::Resp {
    s.post_as("/v2/keys.updateCredits", Some("rk"), &body)
}

/// Asserts a 200 from keys.updateCredits with `remaining`, and that getKey then shows it.
fn assert_credits(s: &Server, id: &str, r: &common::Resp, remaining: i64) {
    assert_eq!(r.data(), json!({"remaining": remaining}));
    assert_eq!(get(s, id)["credits"]["remaining"], remaining);
}

/// v2_keys_update_credits/200_test.go, TestKeyUpdateCreditsSuccess, "set to fixed value of
/// %d" (a random 1..=50; run after the key was made unlimited): the answer and the stored key
/// hold exactly the value set.
#[test]
fn update_credits__set_to_fixed_value() {
    let (s, id) = credits_key(None);
    let r = update_credits(&s, json!({"keyId": id, "operation": "set", "value": 17}));
    assert_credits(&s, &id, &r, 17);
}

/// v2_keys_update_credits/200_test.go, TestKeyUpdateCreditsSuccess, "increase credits by %d":
/// the new value is the stored one plus the increment.
#[test]
fn update_credits__increase_credits_by() {
    let (s, id) = credits_key(Some(17));
    let r = update_credits(
        &s,
        json!({"keyId": id, "operation": "increment", "value": 33}),
    );
    assert_credits(&s, &id, &r, 50);
}

/// v2_keys_update_credits/200_test.go, TestKeyUpdateCreditsSuccess, "decrease credits by %d":
/// the stored value minus the decrement, and 0 (never negative) when the decrement is larger
/// (Go's random value takes one of the two branches; both are run here).
#[test]
fn update_credits__decrease_credits_by() {
    let (s, id) = credits_key(Some(50));
    let r = update_credits(
        &s,
        json!({"keyId": id, "operation": "decrement", "value": 49}),
    );
    assert_credits(&s, &id, &r, 1);
    let r = update_credits(
        &s,
        json!({"keyId": id, "operation": "decrement", "value": 5}),
    );
    assert_credits(&s, &id, &r, 0);
}

/// v2_keys_update_credits/400_test.go, TestKeyUpdateCreditsBadRequest, "missing keyId" (an
/// empty body).
#[test]
fn update_credits__missing_keyId() {
    let (s, _) = credits_key(None);
    update_credits(&s, json!({})).assert_schema_error("keys.updateCredits");
}

/// v2_keys_update_credits/400_test.go, "empty keyId string" (Go's zero request: operation
/// and value unset too).
#[test]
fn update_credits__empty_keyId_string() {
    let (s, _) = credits_key(None);
    update_credits(&s, json!({"keyId": ""})).assert_schema_error("keys.updateCredits");
}

/// The 400 for an increment or decrement without a value: upstream's handler checks it
/// before whether the key is unlimited (v2_keys_update_credits/handler.go), so the Go
/// test's unlimited key gets this one.
const VALUE_REQUIRED: &str =
    "When specifying an increment or decrement operation, a value must be provided.";
const UNLIMITED: &str = "You cannot increment or decrement a key with unlimited credits.";

/// v2_keys_update_credits/400_test.go, "increment with null throws error": the Go request
/// leaves `value` out, on the test's unlimited key.
#[test]
fn update_credits__increment_with_null_throws_error() {
    let (s, id) = credits_key(None);
    update_credits(&s, json!({"keyId": id, "operation": "increment"})).assert_error(
        400,
        "unkey/application/invalid_input",
        VALUE_REQUIRED,
    );
    // An explicit null is refused the same way.
    update_credits(
        &s,
        json!({"keyId": id, "operation": "increment", "value": null}),
    )
    .assert_error(400, "unkey/application/invalid_input", VALUE_REQUIRED);
}

/// v2_keys_update_credits/400_test.go, "can't increment unlimited key".
#[test]
fn update_credits__cant_increment_unlimited_key() {
    let (s, id) = credits_key(None);
    update_credits(
        &s,
        json!({"keyId": id, "operation": "increment", "value": 1}),
    )
    .assert_error(400, "unkey/application/invalid_input", UNLIMITED);
}

/// v2_keys_update_credits/400_test.go, "decrement with null throws error" (`value` left out,
/// on the unlimited key).
#[test]
fn update_credits__decrement_with_null_throws_error() {
    let (s, id) = credits_key(None);
    update_credits(&s, json!({"keyId": id, "operation": "decrement"})).assert_error(
        400,
        "unkey/application/invalid_input",
        VALUE_REQUIRED,
    );
    update_credits(
        &s,
        json!({"keyId": id, "operation": "decrement", "value": null}),
    )
    .assert_error(400, "unkey/application/invalid_input", VALUE_REQUIRED);
}

/// v2_keys_update_credits/400_test.go, "can't decrement unlimited key".
#[test]
fn update_credits__cant_decrement_unlimited_key() {
    let (s, id) = credits_key(None);
    update_credits(
        &s,
        json!({"keyId": id, "operation": "decrement", "value": 1}),
    )
    .assert_error(400, "unkey/application/invalid_input", UNLIMITED);
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

/// keys.rerollKey of `body` as `rk`, which holds `api.*.create_key` (upstream's 400 and
/// 404 tests).
fn reroll_as(body: Value) -> common::Resp {
    let s = Server::start(&["--root-key", "rk=api.*.create_key"]);
    s.post_as("/v2/keys.rerollKey", Some("rk"), &body)
}

/// v2_keys_reroll_key/400_test.go, "missing keyId".
#[test]
fn reroll_key__missing_keyId() {
    reroll_as(json!({"expiration": 0})).assert_schema_error("keys.rerollKey");
}

/// v2_keys_reroll_key/400_test.go, "empty keyId".
#[test]
fn reroll_key__empty_keyId() {
    reroll_as(json!({"keyId": "", "expiration": 0})).assert_schema_error("keys.rerollKey");
}

/// v2_keys_reroll_key/400_test.go, "keyId too short".
#[test]
fn reroll_key__keyId_too_short() {
    reroll_as(json!({"keyId": "ab", "expiration": 0})).assert_schema_error("keys.rerollKey");
}

/// v2_keys_reroll_key/400_test.go, "negative expiration".
#[test]
fn reroll_key__negative_expiration() {
    reroll_as(json!({"keyId": "key_2ZfXqcUuSuK6VuT3", "expiration": -1}))
        .assert_schema_error("keys.rerollKey");
}

/// v2_keys_reroll_key/404_test.go, "nonexistent key".
#[test]
fn reroll_key__nonexistent_key() {
    reroll_as(json!({"keyId": "key_1234567890abcdef", "expiration": 0})).assert_error(
        404,
        "unkey/data/key_not_found",
        "The specified key was not found.",
    );
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

// ---- v2_keys_update_key/three_state_test.go, TestThreeStateUpdateLogic ---------------------

/// A server whose root key `rk` holds `api.*.update_key` (upstream's three_state_test.go),
/// an API and a key made with `fields`; returns (server, keyId).
fn three_state_key(fields: Value) -> (Server, String) {
    let s = Server::start(&["--root-key", "rk=api.*.update_key"]);
    let mut body = fields;
    body["apiId"] = json!(s.create_api());
    let (id, _) = s.create_key(body);
    (s, id)
}

/// keys.updateKey of `id` with `fields` as `rk`, which must answer 200.
fn update_as(s: &Server, id: &str, fields: Value) {
    let mut body = fields;
    body["keyId"] = json!(id);
    let r = s.post_as("/v2/keys.updateKey", Some("rk"), &body);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// One "<field> field three-state logic" subtest: setting `field` to `set` stores it (getKey's
/// `shown` part reads `set_shown`), `null` (sent with `enabled`) clears it, and an update
/// without it (of `enabled` only) keeps `preserved` (read as `preserved_shown`).
fn field_three_state(
    initial: Value,
    field: &str,
    shown: impl Fn(&Value) -> Value,
    (set, set_shown): (Value, Value),
    (preserved, preserved_shown): (Value, Value),
) {
    let (s, id) = three_state_key(initial);
    update_as(&s, &id, json!({ field: set }));
    assert_eq!(shown(&get(&s, &id)), set_shown);
    update_as(&s, &id, json!({ field: null, "enabled": true }));
    assert_eq!(shown(&get(&s, &id)), Value::Null, "{field} cleared");
    update_as(&s, &id, json!({ field: preserved }));
    update_as(&s, &id, json!({"enabled": false}));
    let k = get(&s, &id);
    assert_eq!(shown(&k), preserved_shown);
    assert_eq!(k["enabled"], false);
}

/// three_state_test.go, "Name field three-state logic".
#[test]
fn update_key__Name_field_three_state_logic() {
    field_three_state(
        json!({"name": "initial-name"}),
        "name",
        |k| k["name"].clone(),
        (json!("updated-name"), json!("updated-name")),
        (json!("preserved-name"), json!("preserved-name")),
    );
}

/// three_state_test.go, "Meta field three-state logic".
#[test]
fn update_key__Meta_field_three_state_logic() {
    field_three_state(
        json!({"meta": {"initial": "value"}}),
        "meta",
        |k| k["meta"].clone(),
        (json!({"updated": "value"}), json!({"updated": "value"})),
        (json!({"preserved": "value"}), json!({"preserved": "value"})),
    );
}

/// three_state_test.go, "Expires field three-state logic" (a day ahead, then two and three).
#[test]
fn update_key__Expires_field_three_state_logic() {
    let day = 86_400_000i64;
    let now = 4_000_000_000_000i64;
    field_three_state(
        json!({"expires": now + day}),
        "expires",
        |k| k["expires"].clone(),
        (json!(now + 2 * day), json!(now + 2 * day)),
        (json!(now + 3 * day), json!(now + 3 * day)),
    );
}

/// three_state_test.go, "Identity field three-state logic" (`externalId`; the key starts
/// without an identity).
#[test]
fn update_key__Identity_field_three_state_logic() {
    field_three_state(
        json!({"name": "identity-test-key"}),
        "externalId",
        |k| k["identity"]["externalId"].clone(),
        (json!("updated-user"), json!("updated-user")),
        (json!("preserved-user"), json!("preserved-user")),
    );
}

/// A key with `remaining` credits refilled monthly by `amount` on `day` (Go seeds
/// RemainingRequests, RefillAmount and RefillDay).
fn monthly_credits(remaining: i64, amount: i64, day: i64) -> Value {
    json!({"credits": {"remaining": remaining,
        "refill": {"interval": "monthly", "amount": amount, "refillDay": day}}})
}

/// three_state_test.go, "Credits field three-state logic" / "Set credits object to null
/// clears everything".
#[test]
fn update_key__Set_credits_object_to_null_clears_everything() {
    let (s, id) = three_state_key(monthly_credits(100, 50, 15));
    assert_eq!(
        get(&s, &id)["credits"],
        monthly_credits(100, 50, 15)["credits"]
    );
    update_as(&s, &id, json!({"credits": null}));
    assert!(get(&s, &id).get("credits").is_none());
}

/// three_state_test.go, "Credits field three-state logic" / "Set credits.remaining to null
/// clears everything".
#[test]
fn update_key__Set_credits_remaining_to_null_clears_everything() {
    let (s, id) = three_state_key(monthly_credits(200, 75, 10));
    update_as(&s, &id, json!({"credits": {"remaining": null}}));
    assert!(get(&s, &id).get("credits").is_none());
}

/// three_state_test.go, "Credits field three-state logic" / "Set credits.refill to null only
/// clears refill, keeps remaining".
#[test]
fn update_key__Set_credits_refill_to_null_only_clears_refill_keeps_remaining() {
    let (s, id) = three_state_key(monthly_credits(300, 100, 25));
    update_as(&s, &id, json!({"credits": {"refill": null}}));
    assert_eq!(get(&s, &id)["credits"], json!({"remaining": 300}));
}

/// three_state_test.go, "Credits field three-state logic" / "Update refill without touching
/// remaining".
#[test]
fn update_key__Update_refill_without_touching_remaining() {
    let (s, id) = three_state_key(monthly_credits(500, 50, 5));
    update_as(
        &s,
        &id,
        json!({"credits": {"refill": {"amount": 150, "interval": "monthly", "refillDay": 20}}}),
    );
    assert_eq!(
        get(&s, &id)["credits"],
        monthly_credits(500, 150, 20)["credits"]
    );
}

/// three_state_test.go, "Credits field three-state logic" / "Undefined credits keeps
/// everything".
#[test]
fn update_key__Undefined_credits_keeps_everything() {
    let (s, id) = three_state_key(monthly_credits(777, 111, 28));
    update_as(&s, &id, json!({"enabled": false}));
    let k = get(&s, &id);
    assert_eq!(k["enabled"], false);
    assert_eq!(k["credits"], monthly_credits(777, 111, 28)["credits"]);
}

/// three_state_test.go, "Credits field three-state logic" / "Daily refill without
/// refillDay".
#[test]
fn update_key__Daily_refill_without_refillDay() {
    let (s, id) =
        three_state_key(json!({"name": "daily-refill-test", "credits": {"remaining": 50}}));
    update_as(
        &s,
        &id,
        json!({"credits": {"refill": {"amount": 25, "interval": "daily"}}}),
    );
    assert_eq!(
        get(&s, &id)["credits"],
        json!({"remaining": 50, "refill": {"interval": "daily", "amount": 25}})
    );
}

/// three_state_test.go, "Credits field three-state logic" / "Complex sequence of updates":
/// credits with a monthly refill, the refill cleared, a daily one added back, then all
/// cleared.
#[test]
fn update_key__Complex_sequence_of_updates() {
    let (s, id) = three_state_key(json!({"name": "complex-sequence"}));
    update_as(&s, &id, monthly_credits(1000, 500, 1));
    update_as(&s, &id, json!({"credits": {"refill": null}}));
    assert_eq!(get(&s, &id)["credits"], json!({"remaining": 1000}));
    update_as(
        &s,
        &id,
        json!({"credits": {"refill": {"amount": 250, "interval": "daily"}}}),
    );
    assert_eq!(
        get(&s, &id)["credits"],
        json!({"remaining": 1000, "refill": {"interval": "daily", "amount": 250}})
    );
    update_as(&s, &id, json!({"credits": null}));
    assert!(get(&s, &id).get("credits").is_none());
}

/// keys.updateKey of `id` (`enabled: false`) as `rk`, which holds `api.*.update_key`.
fn update_key_as(s: &Server, id: &str) -> common::Resp {
    s.post_as(
        "/v2/keys.updateKey",
        Some("rk"),
        &json!({"keyId": id, "enabled": false}),
    )
}

/// v2_keys_update_key/404_test.go, "when the key does not exist".
#[test]
fn update_key__when_the_key_does_not_exist() {
    let s = Server::start(&["--root-key", "rk=api.*.update_key"]);
    update_key_as(&s, "key_1234567890abcdef").assert_error(
        404,
        "unkey/data/key_not_found",
        KEY_NOT_FOUND,
    );
}

/// v2_keys_update_key/404_test.go, "when the key has been deleted".
#[test]
fn update_key__when_the_key_has_been_deleted() {
    let s = Server::start(&["--root-key", "rk=api.*.update_key"]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    s.ok("keys.deleteKey", json!({"keyId": id}));
    update_key_as(&s, &id).assert_error(404, "unkey/data/key_not_found", KEY_NOT_FOUND);
}

/// v2_keys_update_key/403_test.go, TestUpdateKeyInsufficientPermissions: `create_key` does
/// not update. (TestUpdateKeyCorrectPermissions' subtests are in port_root_keys.rs.)
#[test]
fn update_key__insufficient_permissions() {
    let s = Server::start(&["--root-key", "rk=api.*.create_key"]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "name": "test"}));
    let ks = api.replacen("api_", "ks_", 1);
    update_key_as(&s, &id).assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        &format!(
            "Missing one of these permissions: api.*.update_key or api.{api}.update_key or \
             unkey:v1:ws_local:keyspaces/{ks}/keys/{id}#update_key"
        ),
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

/// The keyspace of an API (`ks_` and the API id's suffix).
fn keyspace(api: &str) -> String {
    format!("ks_{}", api.strip_prefix("api_").unwrap())
}

/// An API and a key in it made by `root`; returns (apiId, keyId, key).
fn key_as(s: &Server, root: &str, body: serde_json::Value) -> (String, String, String) {
    let api = s
        .post_as(
            "/v2/apis.createApi",
            Some(root),
            &json!({"name": "keys-api"}),
        )
        .data()["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut body = body;
    body["apiId"] = json!(api);
    let d = s.post_as("/v2/keys.createKey", Some(root), &body).data();
    (
        api,
        d["keyId"].as_str().unwrap().to_string(),
        d["key"].as_str().unwrap().to_string(),
    )
}

const KEY_GONE: &str = "The specified key was not found.";

/// v2_keys_create_key/200_test.go, TestCreateKeySuccess: with `api.*.create_key`, a key that
/// verifies, enabled.
#[test]
fn create_key__success() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&["api.*.create_key"]);
    let r = s.post_as("/v2/keys.createKey", Some(&rk), &json!({"apiId": api}));
    let body = r.json();
    assert!(body["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    let d = r.data();
    assert!(d["keyId"].as_str().unwrap().starts_with("key_"));
    let got = s.ok("keys.getKey", json!({"keyId": d["keyId"]}));
    assert_eq!(got["enabled"], true);
    assert!(!got["start"].as_str().unwrap().is_empty());
    assert_eq!(s.verify(json!({"key": d["key"]}))["valid"], true);
}

/// v2_keys_create_key/200_test.go, TestCreateKeyWithURNPermission: `create_key` on the
/// keyspace by resource name.
#[test]
fn create_key__with_urn_permission() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}#create_key",
        keyspace(&api)
    )]);
    let r = s.post_as("/v2/keys.createKey", Some(&rk), &json!({"apiId": api}));
    let id = r.data()["keyId"].as_str().unwrap().to_string();
    let keys = s.ok("apis.listKeys", json!({"apiId": api}));
    assert_eq!(keys[0]["keyId"], id.as_str());
}

/// v2_keys_create_key/200_test.go, TestCreateKeyWithOptionalFields: name, prefix, external id,
/// byte length, expiry and enabled are kept; the external id makes an identity.
#[test]
fn create_key__with_optional_fields() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&["api.*.create_key"]);
    let r = s.post_as(
        "/v2/keys.createKey",
        Some(&rk),
        &json!({"apiId": api, "name": "Test Key", "prefix": "test", "externalId": "user_123",
                "byteLength": 24, "expires": 1704067200000i64, "enabled": true}),
    );
    let d = r.data();
    assert!(d["key"].as_str().unwrap().starts_with("test_"));
    let got = s.ok("keys.getKey", json!({"keyId": d["keyId"]}));
    assert_eq!(got["name"], "Test Key");
    assert_eq!(got["enabled"], true);
    assert_eq!(got["expires"], 1704067200000i64);
    assert_eq!(got["identity"]["externalId"], "user_123");
    assert_eq!(
        s.ok("identities.getIdentity", json!({"identity": "user_123"}))["externalId"],
        "user_123"
    );
}

/// v2_keys_create_key/200_test.go, TestCreateKeyConcurrentWithSameExternalId: twenty keys made
/// at once with one new external id share one identity.
#[test]
fn create_key__concurrent_with_same_external_id() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&["api.*.create_key"]);
    let ids: Vec<String> = std::thread::scope(|t| {
        let handles: Vec<_> = (0..20)
            .map(|_| {
                let (s, rk, api) = (&s, &rk, &api);
                t.spawn(move || {
                    s.post_as(
                        "/v2/keys.createKey",
                        Some(rk),
                        &json!({"apiId": api, "externalId": "user_concurrent_test"}),
                    )
                    .data()["keyId"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let identity = s.ok(
        "identities.getIdentity",
        json!({"identity": "user_concurrent_test"}),
    )["id"]
        .clone();
    for id in &ids {
        assert_eq!(
            s.ok("keys.getKey", json!({"keyId": id}))["identity"]["id"],
            identity
        );
    }
    assert_eq!(ids.len(), 20);
}

/// v2_keys_create_key/200_test.go, TestCreateKeyWithRolesAndPermissions: existing roles by
/// name and new permission slugs (created on the fly) end up on the key.
#[test]
fn create_key__with_roles_and_permissions() {
    let s = two_workspaces();
    let api = s.create_api();
    let roles = ["Billing Admin", "Support Team", "Read Only Access"];
    for r in roles {
        s.ok("permissions.createRole", json!({"name": r}));
    }
    let slugs = ["documents.read", "documents.*", "2fa.read", "api:read"];
    let rk = s.root_key(&["api.*.create_key"]);
    let r = s.post_as(
        "/v2/keys.createKey",
        Some(&rk),
        &json!({"apiId": api, "roles": roles, "permissions": slugs}),
    );
    let id = r.data()["keyId"].clone();
    let got = s.ok("keys.getKey", json!({"keyId": id}));
    let mut got_roles: Vec<&str> = got["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    got_roles.sort();
    let mut want_roles = roles.to_vec();
    want_roles.sort();
    assert_eq!(got_roles, want_roles);
    let mut got_perms: Vec<&str> = got["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    got_perms.sort();
    let mut want_perms = slugs.to_vec();
    want_perms.sort();
    assert_eq!(got_perms, want_perms);
}

/// v2_keys_create_key/404_test.go, "api with valid format but invalid id".
#[test]
fn create_key__api_with_valid_format_but_invalid_id() {
    let s = Server::start(&[]);
    s.call("keys.createKey", json!({"apiId": "api_1234567890abcdef"}))
        .assert_error(
            404,
            "unkey/data/api_not_found",
            "The specified API was not found.",
        );
}

/// v2_keys_create_key/404_test.go, "api from different workspace": another workspace's root
/// key with `keyspaces/*#create_key` does not find it.
#[test]
fn create_key__api_from_different_workspace() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key_in(
        Some("ws_other"),
        &["unkey:v1:ws_other:keyspaces/*#create_key"],
    );
    s.post_as("/v2/keys.createKey", Some(&rk), &json!({"apiId": api}))
        .assert_error(
            404,
            "unkey/data/api_not_found",
            "The specified API was not found.",
        );
}

/// v2_keys_create_key/404_test.go, TestCreateKeyMissingPermissionsDoNotLeakAPIOrKeyspaceState,
/// "no permissions" (403_test.go has a subtest of that name too, `create_key__no_permissions`):
/// an existing API answers exactly as a missing one and names no keyspace.
#[test]
fn create_key__no_permissions_in_404_test_go() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&[]);
    let existing = s.post_as("/v2/keys.createKey", Some(&rk), &json!({"apiId": api}));
    let missing = s.post_as(
        "/v2/keys.createKey",
        Some(&rk),
        &json!({"apiId": "api_2cGKbMxRyIzhCxo1Idjz8q"}),
    );
    for r in [&existing, &missing] {
        r.assert_error(404, "unkey/data/api_not_found", API_NOT_FOUND);
        assert!(!String::from_utf8_lossy(&r.body).contains(&keyspace(&api)));
    }
    assert_eq!(existing.json()["error"], missing.json()["error"]);
}

/// v2_keys_create_key/404_test.go, TestCreateKeyMissingPermissionsDoNotLeakAPIOrKeyspaceState,
/// "create permission for a different keyspace": an existing API answers as a missing one and
/// names no keyspace.
#[test]
fn create_key__create_permission_for_a_different_keyspace() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&["unkey:v1:ws_local:keyspaces/ks_2cGKbMxRyIzhCxo1Idjz8q#create_key"]);
    let existing = s.post_as("/v2/keys.createKey", Some(&rk), &json!({"apiId": api}));
    let missing = s.post_as(
        "/v2/keys.createKey",
        Some(&rk),
        &json!({"apiId": "api_2cGKbMxRyIzhCxo1Idjz8q"}),
    );
    for r in [&existing, &missing] {
        r.assert_error(
            404,
            "unkey/data/api_not_found",
            "The specified API was not found.",
        );
        assert!(!String::from_utf8_lossy(&r.body).contains(&keyspace(&api)));
    }
    assert_eq!(existing.json()["error"], missing.json()["error"]);
}

/// v2_keys_delete_key/200_test.go, TestKeyDeleteWithURNPermission, "specific keyspace"
/// (`keyspaces/<ks>/keys/*#delete_key`).
#[test]
fn delete_key__specific_keyspace() {
    let s = two_workspaces();
    let (api, id, _) = key_as(&s, common::ROOT, json!({}));
    let rk = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}/keys/*#delete_key",
        keyspace(&api)
    )]);
    let r = s.post_as("/v2/keys.deleteKey", Some(&rk), &json!({"keyId": id}));
    assert_eq!(r.data(), json!({}));
    // A deleted key is not live: getKey's first lookup misses it.
    s.call("keys.getKey", json!({"keyId": id})).assert_error(
        404,
        "unkey/data/key_not_found",
        "We could not find the requested key.",
    );
}

/// v2_keys_delete_key/200_test.go, TestKeyDeleteWithURNPermission, "all keyspaces"
/// (`keyspaces/*/keys/*#delete_key`).
#[test]
fn delete_key__all_keyspaces() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({}));
    let rk = s.root_key(&["unkey:v1:ws_local:keyspaces/*/keys/*#delete_key"]);
    let r = s.post_as("/v2/keys.deleteKey", Some(&rk), &json!({"keyId": id}));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// v2_keys_get_key/200_test.go, "get key by keyId without decrypting": no plaintext.
#[test]
fn get_key__get_key_by_keyId_without_decrypting() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({}));
    let got = s.ok("keys.getKey", json!({"keyId": id, "decrypt": false}));
    assert_eq!(got["keyId"], id.as_str());
    assert!(got.get("plaintext").is_none());
}

/// v2_keys_get_key/200_test.go, TestGetKeyWithURNPermission (`read_key` on the one key).
#[test]
fn get_key__with_urn_permission() {
    let s = two_workspaces();
    let (api, id, _) = key_as(&s, common::ROOT, json!({}));
    let rk = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}/keys/{id}#read_key",
        keyspace(&api)
    )]);
    let r = s.post_as(
        "/v2/keys.getKey",
        Some(&rk),
        &json!({"keyId": id, "decrypt": false}),
    );
    assert_eq!(r.data()["keyId"], id.as_str());
}

/// v2_keys_get_key/404_test.go, "key from different workspace".
#[test]
fn get_key__key_from_different_workspace() {
    let s = two_workspaces();
    let (_, other_key, _) = key_as(&s, "other", json!({}));
    s.call("keys.getKey", json!({"keyId": other_key, "decrypt": false}))
        .assert_error(404, "unkey/data/key_not_found", KEY_GONE);
}

/// v2_keys_update_credits/200_test.go, "counter cache invalidation after credit update": after
/// setting 50, a verification sees 50 and leaves 49.
#[test]
fn update_credits__counter_cache_invalidation_after_credit_update() {
    let s = two_workspaces();
    let (_, id, key) = key_as(&s, common::ROOT, json!({"credits": {"remaining": 100}}));
    assert_eq!(s.verify(json!({"key": key}))["credits"], 99);
    let d = s.ok(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "set", "value": 50}),
    );
    assert_eq!(d["remaining"], 50);
    assert_eq!(s.verify(json!({"key": key}))["credits"], 49);
}

/// v2_keys_update_credits/200_test.go, TestKeyUpdateCreditsWithURNPermission (`update_key`
/// on the one key).
#[test]
fn update_credits__with_urn_permission() {
    let s = two_workspaces();
    let (api, id, _) = key_as(&s, common::ROOT, json!({"credits": {"remaining": 5}}));
    let rk = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}/keys/{id}#update_key",
        keyspace(&api)
    )]);
    let r = s.post_as(
        "/v2/keys.updateCredits",
        Some(&rk),
        &json!({"keyId": id, "operation": "set", "value": 12}),
    );
    assert_eq!(r.data()["remaining"], 12);
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": id}))["credits"]["remaining"],
        12
    );
}

/// v2_keys_update_credits/403_test.go, "wrong permission - has create but not update".
#[test]
fn update_credits__wrong_permission_has_create_but_not_update() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({"credits": {"remaining": 5}}));
    let rk = s.root_key(&["api.*.create_key"]);
    let r = s.post_as(
        "/v2/keys.updateCredits",
        Some(&rk),
        &json!({"keyId": id, "operation": "set", "value": 12}),
    );
    assert_eq!(r.status, 403);
    assert!(detail(&r).starts_with("Missing one of these permissions: api.*.update_key or "));
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": id}))["credits"]["remaining"],
        5
    );
}

/// v2_keys_whoami/200_test.go, "get key by plaintext key".
#[test]
fn whoami__get_key_by_plaintext_key() {
    let s = two_workspaces();
    let (_, id, key) = key_as(&s, common::ROOT, json!({}));
    assert_eq!(
        s.ok("keys.whoami", json!({"key": key}))["keyId"],
        id.as_str()
    );
}

/// v2_keys_whoami/200_test.go, TestWhoamiWithURNPermission (`read_key` on the one key).
#[test]
fn whoami__with_urn_permission() {
    let s = two_workspaces();
    let (api, id, key) = key_as(&s, common::ROOT, json!({}));
    let rk = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}/keys/{id}#read_key",
        keyspace(&api)
    )]);
    let r = s.post_as("/v2/keys.whoami", Some(&rk), &json!({"key": key}));
    assert_eq!(r.data()["keyId"], id.as_str());
}

/// v2_keys_whoami/400_test.go, "empty key string".
#[test]
fn whoami__empty_key_string() {
    let s = Server::start(&[]);
    s.call("keys.whoami", json!({"key": ""}))
        .assert_schema_error("keys.whoami");
}

/// v2_keys_whoami/404_test.go, "nonexistent raw key".
#[test]
fn whoami__nonexistent_raw_key() {
    let s = Server::start(&[]);
    s.call("keys.whoami", json!({"key": "api_2cGKbMxRyIzhCxo1Idjz8q"}))
        .assert_error(
            404,
            "unkey/data/key_not_found",
            "We could not find the requested key.",
        );
}

/// A server that knows the migration `mig_pak` (github.com/seamapi/prefixed-api-key), with the
/// dashboard and a second workspace `ws_other` (root key `other`).
fn migration_server() -> Server {
    Server::start(&[
        "--dashboard",
        "--migration-id",
        "mig_pak=github.com/seamapi/prefixed-api-key",
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ])
}

/// The hex SHA-256 of a prefixed-api-key long token `"long_token_1"` (what upstream's
/// `LongTokenHash` holds).
const LONG_TOKEN_HASH: &str = "1e3c3bb4d6d6f6b4a7fd29a9cc5e2e33d2c1f0b0a3f5a9b2d9a9e1f9c3b7d6a1";

/// The key upstream's 200_test.go migrates.
fn key_to_migrate() -> Value {
    json!({"hash": LONG_TOKEN_HASH, "credits": {"remaining": null}, "enabled": false,
           "externalId": "ext_123", "meta": {"key": "value"}, "name": "Migration-Key",
           "permissions": ["test"], "roles": ["admin"],
           "ratelimits": [{"autoApply": true, "duration": 3600000, "limit": 100, "name": "default"}]})
}

/// v2_keys_migrate_keys/200_test.go, "basic migration": the key is stored with its hash,
/// disabled, without a start, with its identity, name, meta, permission, role and limit.
#[test]
fn migrate_keys__basic_migration() {
    let s = migration_server();
    let api = s.create_api();
    let rk = s.root_key(&["api.*.create_key"]);
    let r = s.post_as(
        "/v2/keys.migrateKeys",
        Some(&rk),
        &json!({"apiId": api, "migrationId": "mig_pak", "keys": [key_to_migrate()]}),
    );
    let d = r.data();
    // `failed` is null when nothing failed: upstream's failedHashes stays a nil slice and
    // `Failed []string` has no omitempty (svc/api/openapi/gen.go; its 200_test.go only asserts
    // require.Empty, which nil passes).
    assert_eq!(d["failed"], Value::Null);
    assert_eq!(d["migrated"][0]["hash"], LONG_TOKEN_HASH);
    let got = s.ok("keys.getKey", json!({"keyId": d["migrated"][0]["keyId"]}));
    assert_eq!(got["start"], "");
    assert_eq!(got["enabled"], false);
    assert_eq!(got["identity"]["externalId"], "ext_123");
    assert_eq!(got["name"], "Migration-Key");
    assert_eq!(got["meta"], json!({"key": "value"}));
    assert_eq!(got["permissions"], json!(["test"]));
    assert_eq!(got["roles"], json!(["admin"]));
    assert_eq!(got["ratelimits"].as_array().unwrap().len(), 1);
    assert_eq!(got["ratelimits"][0]["name"], "default");
}

/// v2_keys_migrate_keys/200_test.go, "Fail duplicate hashes": a hash already migrated is
/// listed in `failed`, nothing migrated.
#[test]
fn migrate_keys__fail_duplicate_hashes() {
    let s = migration_server();
    let api = s.create_api();
    let body = json!({"apiId": api, "migrationId": "mig_pak", "keys": [key_to_migrate()]});
    s.ok("keys.migrateKeys", body.clone());
    let d = s.ok("keys.migrateKeys", body);
    assert_eq!(d["failed"], json!([LONG_TOKEN_HASH]));
    assert_eq!(d["migrated"], json!([]));
}

/// v2_keys_migrate_keys/400_test.go, "missing everything".
#[test]
fn migrate_keys__missing_everything() {
    let s = migration_server();
    s.call("keys.migrateKeys", json!({}))
        .assert_schema_error("keys.migrateKeys");
}

/// v2_keys_migrate_keys/400_test.go, "empty migrationId".
#[test]
fn migrate_keys__empty_migrationId() {
    let s = migration_server();
    let api = s.create_api();
    s.call(
        "keys.migrateKeys",
        json!({"apiId": api, "migrationId": "", "keys": [{"hash": LONG_TOKEN_HASH}]}),
    )
    .assert_schema_error("keys.migrateKeys");
}

/// v2_keys_migrate_keys/400_test.go, "no keys".
#[test]
fn migrate_keys__no_keys() {
    let s = migration_server();
    let api = s.create_api();
    s.call(
        "keys.migrateKeys",
        json!({"apiId": api, "migrationId": "mig_pak", "keys": []}),
    )
    .assert_schema_error("keys.migrateKeys");
}

/// v2_keys_migrate_keys/400_test.go, "empty hash".
#[test]
fn migrate_keys__empty_hash() {
    let s = migration_server();
    let api = s.create_api();
    s.call(
        "keys.migrateKeys",
        json!({"apiId": api, "migrationId": "mig_pak", "keys": [{"hash": ""}]}),
    )
    .assert_schema_error("keys.migrateKeys");
}

/// v2_keys_migrate_keys/403_test.go, "partial permission match" (`api.create` is no tuple); the
/// handler names the API's tuple first.
#[test]
fn migrate_keys__partial_permission_match() {
    let s = migration_server();
    let api = s.create_api();
    let rk = s.root_key(&["api.create"]);
    let r = s.post_as(
        "/v2/keys.migrateKeys",
        Some(&rk),
        &json!({"apiId": api, "migrationId": "mig_pak", "keys": [{"hash": LONG_TOKEN_HASH}]}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        detail(&r),
        format!("Missing one of these permissions: api.{api}.create_key or api.*.create_key")
    );
}

/// v2_keys_migrate_keys/404_test.go, "api with valid format but invalid id" (the API is looked
/// up before the migration).
#[test]
fn migrate_keys__api_with_valid_format_but_invalid_id() {
    let s = migration_server();
    s.call(
        "keys.migrateKeys",
        json!({"apiId": "api_1234567890abcdef", "migrationId": "unkeyed", "keys": [{"hash": LONG_TOKEN_HASH}]}),
    )
    .assert_error(
        404,
        "unkey/data/api_not_found",
        "The requested API does not exist or has been deleted.",
    );
}

/// v2_keys_migrate_keys/404_test.go, "api from different workspace".
#[test]
fn migrate_keys__api_from_different_workspace() {
    let s = migration_server();
    let (other_api, _, _) = key_as(&s, "other", json!({}));
    s.call(
        "keys.migrateKeys",
        json!({"apiId": other_api, "migrationId": "unkeyed", "keys": [{"hash": LONG_TOKEN_HASH}]}),
    )
    .assert_error(
        404,
        "unkey/data/api_not_found",
        "The requested API does not exist or has been deleted.",
    );
}

/// v2_keys_reroll_key/200_test.go, TestRerollKeyWithURNPermission (`create_key` on the
/// keyspace by resource name).
#[test]
fn reroll_key__with_urn_permission() {
    let s = two_workspaces();
    let (api, id, _) = key_as(&s, common::ROOT, json!({}));
    let rk = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}#create_key",
        keyspace(&api)
    )]);
    let r = s.post_as(
        "/v2/keys.rerollKey",
        Some(&rk),
        &json!({"keyId": id, "expiration": 0}),
    );
    let d = r.data();
    assert_ne!(d["keyId"], id.as_str());
    assert_eq!(s.verify(json!({"key": d["key"]}))["valid"], true);
}

/// v2_keys_reroll_key/permissions_test.go, TestCreateKeyPermissionsGrants, over HTTP: the
/// tuples `api.*.create_key` and `api.<apiId>.create_key` reroll; another API's or another
/// action's do not.
#[test]
fn reroll_key__create_key_permissions_grants() {
    let s = two_workspaces();
    let (api, _, _) = key_as(&s, common::ROOT, json!({}));
    for (grant, allowed) in [
        ("api.*.create_key".to_string(), true),
        (format!("api.{api}.create_key"), true),
        ("api.api_other.create_key".to_string(), false),
        ("api.*.update_key".to_string(), false),
    ] {
        let id = s.ok("keys.createKey", json!({"apiId": api}))["keyId"].clone();
        let rk = s.root_key(&[&grant]);
        let r = s.post_as(
            "/v2/keys.rerollKey",
            Some(&rk),
            &json!({"keyId": id, "expiration": 0}),
        );
        assert_eq!(r.status, if allowed { 200 } else { 403 }, "{grant}");
    }
}

/// v2_keys_reroll_key/permissions_test.go, TestEncryptKeyPermissionsIsSeparateFromCreateKey,
/// over HTTP: a recoverable key's reroll needs `encrypt_key` besides `create_key`, and
/// `encrypt_key` alone is not `create_key`.
#[test]
fn reroll_key__encrypt_key_permissions_is_separate_from_create_key() {
    let s = two_workspaces();
    let api = s.create_api();
    let r = s.request(
        "POST",
        "/_local/dashboard/apiSettings",
        &[],
        json!({"apiId": api, "storeEncryptedKeys": true})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200);
    for (grants, allowed) in [
        (vec!["api.*.create_key"], false),
        (vec!["api.*.encrypt_key"], false),
        (vec!["api.*.create_key", "api.*.encrypt_key"], true),
    ] {
        let id =
            s.ok("keys.createKey", json!({"apiId": api, "recoverable": true}))["keyId"].clone();
        let rk = s.root_key(&grants);
        let r = s.post_as(
            "/v2/keys.rerollKey",
            Some(&rk),
            &json!({"keyId": id, "expiration": 0}),
        );
        assert_eq!(r.status, if allowed { 200 } else { 403 }, "{grants:?}");
    }
}

/// v2_keys_update_key/200_test.go, "upsert ratelimit": a second update of the same name
/// replaces its duration and autoApply.
#[test]
fn update_key__upsert_ratelimit() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({}));
    for (auto, duration) in [(false, 300000), (true, 900000)] {
        let r = s.call(
            "keys.updateKey",
            json!({"keyId": id, "ratelimits": [
                {"name": "test", "limit": 100, "duration": duration, "autoApply": auto}
            ]}),
        );
        assert_eq!(r.status, 200);
        let rl = get(&s, &id)["ratelimits"].clone();
        assert_eq!(rl.as_array().unwrap().len(), 1);
        assert_eq!(rl[0]["name"], "test");
        assert_eq!(rl[0]["limit"], 100);
        assert_eq!(rl[0]["duration"], duration);
        assert_eq!(rl[0]["autoApply"], auto);
    }
}

/// v2_keys_update_key/200_test.go, TestUpdateKeyWithURNPermission (`update_key` on the one
/// key).
#[test]
fn update_key__with_urn_permission() {
    let s = two_workspaces();
    let (api, id, _) = key_as(&s, common::ROOT, json!({"name": "before"}));
    let rk = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}/keys/{id}#update_key",
        keyspace(&api)
    )]);
    let r = s.post_as(
        "/v2/keys.updateKey",
        Some(&rk),
        &json!({"keyId": id, "name": "after"}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(get(&s, &id)["name"], "after");
}

/// v2_keys_update_key/200_test.go, TestUpdateKeyWithTranslatedAdminPermission
/// (`unkey:v1:<ws>:**#*`).
#[test]
fn update_key__with_translated_admin_permission() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({"name": "before"}));
    let rk = s.root_key(&["unkey:v1:ws_local:**#*"]);
    let r = s.post_as(
        "/v2/keys.updateKey",
        Some(&rk),
        &json!({"keyId": id, "name": "after"}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(get(&s, &id)["name"], "after");
}

/// v2_keys_update_key/200_test.go, TestUpdateKeyUpdateAllFields.
#[test]
fn update_key__update_all_fields() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({"name": "test"}));
    s.ok("permissions.createRole", json!({"name": "admin"}));
    s.ok("permissions.createRole", json!({"name": "user"}));
    let rk = s.root_key(&["api.*.update_key"]);
    let r = s.post_as(
        "/v2/keys.updateKey",
        Some(&rk),
        &json!({"keyId": id, "name": "newName", "externalId": "newExternalId",
                "meta": {"new": "meta"}, "expires": null, "enabled": true,
                "credits": {"remaining": 100, "refill": {"interval": "daily", "amount": 50}},
                "permissions": ["read", "write"], "roles": ["admin", "user"]}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    let got = get(&s, &id);
    assert_eq!(got["name"], "newName");
    assert_eq!(got["identity"]["externalId"], "newExternalId");
    assert_eq!(got["meta"], json!({"new": "meta"}));
    assert_eq!(got["credits"]["remaining"], 100);
    assert_eq!(got["credits"]["refill"]["amount"], 50);
    assert_eq!(got["credits"]["refill"]["interval"], "daily");
    assert_eq!(got["permissions"], json!(["read", "write"]));
    assert_eq!(got["roles"], json!(["admin", "user"]));
}

/// v2_keys_update_key/200_test.go, TestKeyUpdateCreditsInvalidatesCache: verifications see
/// the new credits at once.
#[test]
fn update_key__key_update_credits_invalidates_cache() {
    let s = two_workspaces();
    let (_, id, key) = key_as(&s, common::ROOT, json!({"credits": {"remaining": 100}}));
    assert_eq!(
        s.verify(json!({"key": key, "credits": {"cost": 0}}))["credits"],
        100
    );
    let rk = s.root_key(&["api.*.update_key"]);
    let r = s.post_as(
        "/v2/keys.updateKey",
        Some(&rk),
        &json!({"keyId": id, "credits": {"remaining": 50, "refill": null}}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        s.verify(json!({"key": key, "credits": {"cost": 0}}))["credits"],
        50
    );
    assert_eq!(s.verify(json!({"key": key}))["credits"], 49);
}

/// v2_keys_update_key/200_test.go, TestUpdateKeyConcurrentWithSameExternalId: ten keys given
/// one new external id at once share one identity.
#[test]
fn update_key__concurrent_with_same_external_id() {
    let s = two_workspaces();
    let api = s.create_api();
    let ids: Vec<String> = (0..10)
        .map(|i| {
            s.ok(
                "keys.createKey",
                json!({"apiId": api, "name": format!("key-{i}")}),
            )["keyId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let rk = s.root_key(&["api.*.update_key"]);
    std::thread::scope(|t| {
        for id in &ids {
            let (s, rk) = (&s, &rk);
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/keys.updateKey",
                    Some(rk),
                    &json!({"keyId": id, "externalId": "shared_identity_deadlock_test"}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    let first = get(&s, &ids[0])["identity"]["id"].clone();
    assert!(first.is_string());
    for id in &ids {
        assert_eq!(get(&s, id)["identity"]["id"], first);
    }
}

/// v2_keys_update_key/200_test.go, TestUpdateKeyConcurrentRatelimits: ten concurrent updates
/// of three limits succeed and leave one request's whole set.
#[test]
fn update_key__concurrent_ratelimits() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({}));
    let rk = s.root_key(&["api.*.update_key"]);
    std::thread::scope(|t| {
        for i in 0..10 {
            let (s, rk, id) = (&s, &rk, &id);
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/keys.updateKey",
                    Some(rk),
                    &json!({"keyId": id, "ratelimits": [
                        {"name": "shared_limit_a", "limit": 100 + i, "duration": 60000, "autoApply": true},
                        {"name": "shared_limit_b", "limit": 200 + i, "duration": 60000, "autoApply": true},
                        {"name": "shared_limit_c", "limit": 300 + i, "duration": 60000, "autoApply": true}
                    ]}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    let rl = get(&s, &id)["ratelimits"].clone();
    let rl = rl.as_array().unwrap();
    assert_eq!(rl.len(), 3);
    let limit = |name: &str| {
        rl.iter().find(|r| r["name"] == name).unwrap()["limit"]
            .as_i64()
            .unwrap()
    };
    let i = limit("shared_limit_a") - 100;
    assert_eq!(limit("shared_limit_b"), 200 + i);
    assert_eq!(limit("shared_limit_c"), 300 + i);
}

/// v2_keys_update_key/403_test.go, TestUpdateKeyCrossWorkspaceIsolation: another workspace's
/// root key with `api.*.update_key` does not find the key, which stays enabled.
#[test]
fn update_key__cross_workspace_isolation() {
    let s = two_workspaces();
    let (_, id, _) = key_as(&s, common::ROOT, json!({"name": "test"}));
    let rk = s.root_key_in(Some("ws_other"), &["api.*.update_key"]);
    s.post_as(
        "/v2/keys.updateKey",
        Some(&rk),
        &json!({"keyId": id, "enabled": false}),
    )
    .assert_error(404, "unkey/data/key_not_found", KEY_GONE);
    assert_eq!(get(&s, &id)["enabled"], true);
}

/// v2_keys_update_key/three_state_test.go, "All fields simultaneously": a value, two nulls, an
/// empty meta and `enabled: false` in one update.
#[test]
fn update_key__all_fields_simultaneously() {
    let s = two_workspaces();
    let (_, id, _) = key_as(
        &s,
        common::ROOT,
        json!({"name": "initial-name", "meta": {"initial": "value"}, "expires": 4102444800000i64}),
    );
    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "externalId": "initial-user"}),
    );
    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "name": "updated-name", "externalId": null, "meta": {},
               "expires": null, "enabled": false}),
    );
    let got = get(&s, &id);
    assert_eq!(got["name"], "updated-name");
    assert!(got.get("identity").is_none(), "{got}");
    assert!(got.get("expires").is_none(), "{got}");
    assert_eq!(got["enabled"], false);
    // An empty meta is stored as `{}`; KeyResponseData's `meta` is an omitempty map.
    assert!(got.get("meta").is_none(), "{got}");
}

// -- Differences found by comparing the handlers with unkey-local (upstream at fc99b6b9) --

/// Credits refill as upstream's daily job does: `key_list_for_refill.sql` (svc/ctrl) selects
/// only keys whose `refill_amount > remaining_requests` (or unlimited ones), and
/// `key_refill_by_ids.sql` sets `remaining` to the amount and `updated_at_m` to the job's time.
/// A key above the amount (created so, or topped up) keeps its credits.
#[test]
fn credits__refill_only_below_the_amount() {
    let s = Server::start(&["--frozen-clock"]);
    let api = s.create_api();
    let refill = json!({"interval": "daily", "amount": 10});
    let (high, high_key) =
        s.create_key(json!({"apiId": api, "credits": {"remaining": 50, "refill": refill}}));
    let (low, _) =
        s.create_key(json!({"apiId": api, "credits": {"remaining": 3, "refill": refill}}));
    let (topped, _) =
        s.create_key(json!({"apiId": api, "credits": {"remaining": 0, "refill": refill}}));
    s.ok(
        "keys.updateCredits",
        json!({"keyId": topped, "operation": "increment", "value": 103}),
    );
    let created = get(&s, &low)["createdAt"].as_i64().unwrap();
    let midnight = (created / 86_400_000 + 1) * 86_400_000;
    s.advance(86_400_000);
    let h = get(&s, &high);
    assert_eq!(h["credits"]["remaining"], 50);
    assert!(h.get("updatedAt").is_none(), "{h}");
    assert_eq!(get(&s, &topped)["credits"]["remaining"], 103);
    let l = get(&s, &low);
    assert_eq!(l["credits"]["remaining"], 10);
    assert_eq!(l["updatedAt"], midnight);
    // Spent below the amount after the day's refill, the key waits for the next one.
    let v = s.verify(json!({"key": high_key, "credits": {"cost": 45}}));
    assert_eq!(v["credits"], 5);
    assert_eq!(get(&s, &high)["credits"]["remaining"], 5);
    s.advance(86_400_000);
    let h = get(&s, &high);
    assert_eq!(h["credits"]["remaining"], 10);
    assert_eq!(h["updatedAt"], midnight + 86_400_000);
}

/// updateCredits `set` without a value makes the credits unlimited and keeps the refill; only
/// an explicit `null` drops it (v2_keys_update_credits/handler.go resets the refill only when
/// `req.Value.IsNull()`, which an absent value is not).
#[test]
fn update_credits__set_without_value_keeps_the_refill() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api,
        "credits": {"remaining": 5, "refill": {"interval": "daily", "amount": 10}}}));
    let refill = json!({"interval": "daily", "amount": 10});
    let d = s.ok(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "set"}),
    );
    assert_eq!(d, json!({"remaining": null, "refill": refill}));
    let d = s.ok(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "set", "value": 5}),
    );
    assert_eq!(d, json!({"remaining": 5, "refill": refill}));
    let d = s.ok(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "set", "value": null}),
    );
    assert_eq!(d, json!({"remaining": null}));
}

/// updateKey describes the permissions it creates, "Auto-created permission: <slug>"
/// (v2_keys_update_key/handler.go); createKey creates them without a description
/// (v2_keys_create_key/handler.go).
#[test]
fn update_key__auto_created_permissions_are_described() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "permissions": ["made.by.create"]}));
    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "permissions": ["made.by.create", "made.by.update"]}),
    );
    let p = s.ok(
        "permissions.getPermission",
        json!({"permission": "made.by.update"}),
    );
    assert_eq!(p["description"], "Auto-created permission: made.by.update");
    let p = s.ok(
        "permissions.getPermission",
        json!({"permission": "made.by.create"}),
    );
    assert!(p.get("description").is_none(), "{p}");
}

/// Only updateKey sets a key's `updatedAt` (`key_update.sql` sets `updated_at_m`; the credit
/// queries, `key_update_credits_*.sql`, and the key-permission and key-role tables leave the
/// key row alone), and rerollKey expires the old key through an UpdateKey without a time
/// (v2_keys_reroll_key/handler.go), which writes NULL.
#[test]
fn updated_at__only_update_key_sets_it_and_reroll_clears_it() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok("permissions.createRole", json!({"name": "ua.role"}));
    let (id, _) = s.create_key(json!({"apiId": api, "credits": {"remaining": 5}}));
    s.ok(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "increment", "value": 1}),
    );
    s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["ua.perm"]}),
    );
    s.ok(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["ua.perm"]}),
    );
    s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": []}),
    );
    s.ok("keys.addRoles", json!({"keyId": id, "roles": ["ua.role"]}));
    s.ok("keys.setRoles", json!({"keyId": id, "roles": []}));
    let k = get(&s, &id);
    assert!(k.get("updatedAt").is_none(), "{k}");
    s.ok("keys.updateKey", json!({"keyId": id, "name": "n"}));
    assert!(get(&s, &id)["updatedAt"].as_i64().is_some());
    s.ok("keys.rerollKey", json!({"keyId": id, "expiration": 60_000}));
    let k = get(&s, &id);
    assert!(k.get("updatedAt").is_none(), "{k}");
    assert!(k["expires"].as_i64().is_some());
}

/// A role or a new permission slug given twice to createKey or updateKey fails upstream's
/// inserts inside its transaction: `key_role_insert.sql` has no ON DUPLICATE KEY, and the
/// permissions' `(workspace_id, slug)` index is unique (v2_keys_create_key/handler.go,
/// v2_keys_update_key/handler.go wrap them as "Failed to assign roles." and "Failed to create
/// permissions.", a 500 with the service_unavailable type). An existing slug twice is fine
/// (`key_permission_insert.sql` has ON DUPLICATE KEY UPDATE). Nothing is written.
#[test]
fn create_and_update_key__duplicates_fail_as_upstream() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok("permissions.createRole", json!({"name": "twice"}));
    s.ok(
        "permissions.createPermission",
        json!({"name": "old.p", "slug": "old.p"}),
    );
    let (id, _) = s.create_key(json!({"apiId": api, "permissions": ["old.p", "old.p"]}));
    assert_eq!(get(&s, &id)["permissions"], json!(["old.p"]));
    for (op, body) in [
        (
            "keys.createKey",
            json!({"apiId": api, "roles": ["twice", "twice"]}),
        ),
        (
            "keys.updateKey",
            json!({"keyId": id, "roles": ["twice", "twice"]}),
        ),
    ] {
        s.call(op, body).assert_error(
            500,
            "unkey/application/service_unavailable",
            "Failed to assign roles.",
        );
    }
    for (op, body) in [
        (
            "keys.createKey",
            json!({"apiId": api, "permissions": ["new.p", "new.p"]}),
        ),
        (
            "keys.updateKey",
            json!({"keyId": id, "permissions": ["new.p", "New.P"]}),
        ),
    ] {
        s.call(op, body).assert_error(
            500,
            "unkey/application/service_unavailable",
            "Failed to create permissions.",
        );
    }
    let r = s.call("permissions.getPermission", json!({"permission": "new.p"}));
    assert_eq!(r.status, 404);
    assert!(get(&s, &id).get("roles").is_none());
}

/// `expires: 0` is stored (the key is expired) but not shown: upstream's `expires` fields of
/// getKey's and verifyKey's answers are `int64` with `omitempty` (svc/api/openapi/gen.go).
#[test]
fn expires__zero_is_omitted() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, key) = s.create_key(json!({"apiId": api, "expires": 0}));
    let k = get(&s, &id);
    assert!(k.get("expires").is_none(), "{k}");
    let v = s.verify(json!({"key": key}));
    assert_eq!(v["code"], "EXPIRED");
    assert!(v.get("expires").is_none(), "{v}");
}

/// migrateKeys fails as upstream's transaction does on a unique index
/// (v2_keys_migrate_keys/handler.go): the role/permission lookups are keyed in Go by the stored
/// name, so a name found only in another case stays unresolved and is inserted again
/// (bulk_role_insert / bulk_permission_insert have no `ON DUPLICATE KEY`; the columns are
/// case-insensitive), as are two new names equal but for case; a role twice on one key
/// (keys_roles UNIQUE(key_id, role_id)) and one new hash twice (the same key row queued twice)
/// fail too. TxRetry does not retry a duplicate-key error, and the raw MySQL error has no public
/// message: 500 `unexpected_error` with an empty detail, nothing stored. A permission twice on
/// a key passes (bulk_key_permission_insert has `ON DUPLICATE KEY`).
#[test]
fn migrate_keys__unique_index_failures_are_500() {
    let s = migration_server();
    let api = s.create_api();
    s.ok("permissions.createRole", json!({"name": "Admin"}));
    s.ok(
        "permissions.createPermission",
        json!({"name": "Read", "slug": "Read"}),
    );
    let h = |i: u32| format!("{i:0>64}");
    let migrate = |keys: Value| {
        s.call(
            "keys.migrateKeys",
            json!({"apiId": api, "migrationId": "mig_pak", "keys": keys}),
        )
    };
    for keys in [
        json!([{"hash": h(1), "roles": ["admin"]}]),
        json!([{"hash": h(1), "permissions": ["read"]}]),
        json!([{"hash": h(1), "roles": ["nr"]}, {"hash": h(2), "roles": ["NR"]}]),
        json!([{"hash": h(1), "permissions": ["np", "NP"]}]),
        json!([{"hash": h(1), "roles": ["r", "r"]}]),
        json!([{"hash": h(1)}, {"hash": h(1)}]),
    ] {
        let r = migrate(keys.clone());
        r.assert_error(500, "unkey/application/unexpected_error", "");
        assert_eq!(
            r.json()["error"]["title"],
            "Internal Server Error",
            "{keys}"
        );
    }
    // Nothing was stored by the failed requests.
    let roles = s.ok("permissions.listRoles", json!({}));
    assert_eq!(roles.as_array().map(Vec::len), Some(1));
    assert_eq!(
        s.ok("permissions.listPermissions", json!({}))
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(s.ok("apis.listKeys", json!({"apiId": api})), json!([]));
    // The exact names, a permission twice and a ratelimit name twice pass.
    let d = s.ok(
        "keys.migrateKeys",
        json!({"apiId": api, "migrationId": "mig_pak", "keys": [{"hash": h(1),
            "roles": ["Admin"], "permissions": ["Read", "Read"],
            "ratelimits": [{"name": "xxx", "limit": 1, "duration": 1000, "autoApply": false},
                           {"name": "xxx", "limit": 2, "duration": 1000, "autoApply": true}]}]}),
    );
    assert_eq!(d["failed"], Value::Null);
    let k = s.ok("keys.getKey", json!({"keyId": d["migrated"][0]["keyId"]}));
    assert_eq!(k["roles"], json!(["Admin"]));
    assert_eq!(k["permissions"], json!(["Read"]));
    // bulk_key_insert_ratelimit has `ON DUPLICATE KEY UPDATE` on UNIQUE(key_id, name): the
    // last one of a name wins.
    let rl = &k["ratelimits"];
    assert_eq!(rl.as_array().map(Vec::len), Some(1), "{rl}");
    assert_eq!(rl[0]["limit"], 2);
    assert_eq!(rl[0]["autoApply"], true);
}

/// Upstream gathers every key's roles, permissions and external id before it looks up the
/// hashes already stored, and creates the missing ones for all keys
/// (v2_keys_migrate_keys/handler.go): a key that fails as a duplicate still creates them. A hash
/// already stored named twice fails once (the lookup's rows, `hash IN (…)`).
#[test]
fn migrate_keys__failed_keys_still_create_roles_permissions_identities() {
    let s = migration_server();
    let api = s.create_api();
    let body = json!({"apiId": api, "migrationId": "mig_pak", "keys": [key_to_migrate()]});
    s.ok("keys.migrateKeys", body);
    let d = s.ok(
        "keys.migrateKeys",
        json!({"apiId": api, "migrationId": "mig_pak", "keys": [
            {"hash": LONG_TOKEN_HASH, "roles": ["late_role"], "permissions": ["late.perm"],
             "externalId": "late_ext"},
            {"hash": LONG_TOKEN_HASH}]}),
    );
    assert_eq!(d["migrated"], json!([]));
    assert_eq!(d["failed"], json!([LONG_TOKEN_HASH]));
    s.ok("permissions.getRole", json!({"role": "late_role"}));
    s.ok(
        "permissions.getPermission",
        json!({"permission": "late.perm"}),
    );
    s.ok("identities.getIdentity", json!({"identity": "late_ext"}));
}
