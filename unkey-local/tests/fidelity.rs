//! Behaviour ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/<route>/<status>_test.go`). Each test names the Go file and subtest it
//! follows; the code and wording are ours.
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

/// v2_keys_update_key/three_state_test.go, "Credits field three-state logic" /
/// "Update remaining without touching refill".
#[test]
fn update_key__update_remaining_without_touching_refill() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api,
        "credits": {"remaining": 5, "refill": {"interval": "daily", "amount": 10}}}));
    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "credits": {"remaining": 2}}),
    );
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(k["credits"]["remaining"], 2);
    assert_eq!(k["credits"]["refill"]["amount"], 10);
    assert_eq!(k["credits"]["refill"]["interval"], "daily");
}

/// v2_keys_create_key/400_test.go, "credits.remaining null with refill should error" (a
/// daily refill of 100; Go requires the detail to name `credits.remaining`).
#[test]
fn create_key__credits_remaining_null_with_refill_should_error() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let r = s.call(
        "keys.createKey",
        json!({"apiId": api, "credits": {"remaining": null,
            "refill": {"interval": "daily", "amount": 100}}}),
    );
    r.assert_error(
        400,
        "unkey/application/invalid_input",
        "`credits.remaining` must be provided when `credits.refill` is set.",
    );
}

/// v2_keys_create_key/200_test.go, TestCreateKeyWithCreditsRemainingNull, "credits.remaining
/// null without refill should succeed": an unlimited key.
#[test]
fn create_key__credits_remaining_null_without_refill_should_succeed() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let d = s.ok(
        "keys.createKey",
        json!({"apiId": api, "credits": {"remaining": null}}),
    );
    assert!(d["keyId"].as_str().unwrap().starts_with("key_"), "{d}");
    assert!(!d["key"].as_str().unwrap().is_empty(), "{d}");
    let k = s.ok("keys.getKey", json!({"keyId": d["keyId"]}));
    assert!(k.get("credits").is_none(), "{k}");
}

/// v2_keys_reroll_key/200_test.go, "reroll sets TTL on original key when expiration is
/// provided", and the handler's rule for 0: the old key expires now (it is not deleted).
#[test]
fn reroll_key__expiration_zero_expires_the_old_key_now() {
    let s = Server::start(&["--test-clock"]);
    let api = s.create_api();
    let (id, old) = s.create_key(json!({"apiId": api}));
    let d = s.ok("keys.rerollKey", json!({"keyId": id, "expiration": 0}));
    assert_eq!(s.verify(json!({"key": old}))["code"], "EXPIRED");
    // Still there: getKey answers it, with `expires` set.
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert!(k["expires"].as_i64().is_some());
    assert_eq!(s.verify(json!({"key": d["key"]}))["code"], "VALID");

    // A non-zero expiration is rounded up to the next full minute.
    let (id2, _) = s.create_key(json!({"apiId": api}));
    s.ok("keys.rerollKey", json!({"keyId": id2, "expiration": 1}));
    let expires = s.ok("keys.getKey", json!({"keyId": id2}))["expires"]
        .as_i64()
        .unwrap();
    assert_eq!(expires % 60_000, 0);
}

/// v2_keys_get_key/412_test.go, "api not set up for key encryption": decrypt on an API that
/// does not store encrypted keys (every API of unkey-local) is a 412.
#[test]
fn get_key__api_not_set_up_for_key_encryption() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let r = s.call("keys.getKey", json!({"keyId": id, "decrypt": true}));
    r.assert_error(
        412,
        "unkey/application/precondition_failed",
        "The API for this key does not support key encryption.",
    );
    let r = s.call("apis.listKeys", json!({"apiId": api, "decrypt": true}));
    assert_eq!(r.status, 412);
}

/// v2_keys_migrate_keys/404_test.go, "migration doesn't exist": only ids given with
/// `--migration-id` exist.
#[test]
fn migrate_keys__migration_doesnt_exist() {
    let s = Server::start(&["--migration-id", "mig_known"]);
    let api = s.create_api();
    let hash = "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=";
    let r = s.call(
        "keys.migrateKeys",
        json!({"migrationId": "mig_unknown", "apiId": api, "keys": [{"hash": hash}]}),
    );
    r.assert_error(
        404,
        "unkey/data/migration_not_found",
        "The requested Migration does not exist or has been deleted.",
    );
    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig_known", "apiId": api, "keys": [{"hash": hash}]}),
    );
    assert_eq!(d["migrated"][0]["hash"], hash);
}

/// v2_keys_migrate_keys/200_test.go, "Finds the correct ids and doesn't double insert": roles
/// and permissions named by migrated keys are created when missing, existing ones reused.
#[test]
fn migrate_keys__finds_the_correct_ids_and_doesnt_double_insert() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok("permissions.createRole", json!({"name": "existing_role"}));
    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig_1", "apiId": api, "keys": [
            {"hash": "aGFzaDFoYXNoMWhhc2gxaGFzaDFoYXNoMWhhc2gxaGE=",
             "roles": ["existing_role", "new_role"], "permissions": ["new.perm"]},
            {"hash": "aGFzaDJoYXNoMmhhc2gyaGFzaDJoYXNoMmhhc2gyaGE=",
             "roles": ["new_role"], "permissions": ["new.perm"]}]}),
    );
    assert_eq!(d["migrated"].as_array().unwrap().len(), 2);
    // Null when nothing failed (see migrate_keys__basic_migration in port_keys.rs).
    assert_eq!(d["failed"], Value::Null);
    let roles = s.ok("permissions.listRoles", json!({}));
    let names: Vec<&str> = roles
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    // listRoles is in id order, and ids are random (pkg/uid/new.go): either may come first.
    let mut names = names;
    names.sort_unstable();
    assert_eq!(names, ["existing_role", "new_role"]);
    let perms = s.ok("permissions.listPermissions", json!({}));
    assert_eq!(perms.as_array().unwrap().len(), 1);
    let k = s.ok("keys.getKey", json!({"keyId": d["migrated"][0]["keyId"]}));
    assert_eq!(k["roles"], json!(["existing_role", "new_role"]));
    assert_eq!(k["permissions"], json!(["new.perm"]));
}

/// v2_permissions_create_role/409_test.go, "duplicate role name different case": role names
/// (and permission slugs) are unique without regard to case, as in Unkey's MySQL tables; lookups
/// find the stored spelling, and verification compares the key's slugs exactly.
#[test]
fn create_role__duplicate_role_name_different_case() {
    let s = Server::start(&[]);
    s.ok(
        "permissions.createRole",
        json!({"name": "Test.Case.Sensitive.Role"}),
    );
    let r = s.call(
        "permissions.createRole",
        json!({"name": "test.case.sensitive.role"}),
    );
    assert_eq!(r.status, 409);
    assert!(r.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .contains("already exists"));
    let got = s.ok(
        "permissions.getRole",
        json!({"role": "TEST.CASE.SENSITIVE.ROLE"}),
    );
    assert_eq!(got["name"], "Test.Case.Sensitive.Role");

    s.ok(
        "permissions.createPermission",
        json!({"name": "read", "slug": "docs.read"}),
    );
    let r = s.call(
        "permissions.createPermission",
        json!({"name": "read", "slug": "Docs.Read"}),
    );
    assert_eq!(r.status, 409);
    // Granting `Docs.Read` does not link the existing `docs.read`: createKey matches the rows
    // its query finds to the request's slugs exactly (v2_keys_create_key/handler.go), so it
    // tries to create `Docs.Read`, which the unique index refuses (a 500, as there). With
    // `docs.read`, a query for `Docs.Read` fails (exact comparison), one for `docs.read` passes.
    let api = s.create_api();
    s.call(
        "keys.createKey",
        json!({"apiId": api, "permissions": ["Docs.Read"]}),
    )
    .assert_error(
        500,
        "unkey/application/service_unavailable",
        "Failed to create permissions.",
    );
    let (_, key) = s.create_key(json!({"apiId": api, "permissions": ["docs.read"]}));
    assert_eq!(
        s.verify(json!({"key": key}))["permissions"],
        json!(["docs.read"])
    );
    assert_eq!(
        s.verify(json!({"key": key, "permissions": "docs.read"}))["code"],
        "VALID"
    );
    assert_eq!(
        s.verify(json!({"key": key, "permissions": "Docs.Read"}))["code"],
        "INSUFFICIENT_PERMISSIONS"
    );
}

/// pkg/rbac/rbac.go (evaluateLeafPermission): root-key permissions are matched as exact
/// strings, so a root key holding the literal permission `*` is not granted everything; the
/// handlers accept only `RESOURCE.<id>.ACTION` or `RESOURCE.*.ACTION`.
#[test]
fn rbac__literal_star_root_key_is_not_granted_everything() {
    let s = Server::start(&[
        "--root-key",
        "star=*",
        "--root-key",
        "anyaction=api.*.verify_key,api.*.*",
    ]);
    let r = s.post_as("/v2/apis.createApi", Some("star"), &json!({"name": "nope"}));
    assert_eq!(r.status, 403);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    let r = s.post_as("/v2/keys.verifyKey", Some("star"), &json!({"key": key}));
    assert_eq!(r.data()["code"], "NOT_FOUND");
    // `api.*.verify_key` works for every API; `api.*.*` grants no other action.
    let r = s.post_as(
        "/v2/keys.verifyKey",
        Some("anyaction"),
        &json!({"key": key}),
    );
    assert_eq!(r.data()["code"], "VALID");
    let r = s.post_as("/v2/apis.getApi", Some("anyaction"), &json!({"apiId": api}));
    assert_eq!(r.status, 403);
}

/// svc/api/routes/register.go applies zen.WithValidation (pkg/zen/middleware_openapi_validation.go)
/// before the handler, which is where the root key is checked: a body that fails validation is
/// a 400 even with a missing, malformed or unknown root key; a valid body then gets the auth
/// error.
#[test]
fn order__the_body_is_validated_before_the_root_key() {
    let s = Server::start(&[]);
    let bad = json!({"name": "ab"});
    for root in [None, Some("unkey_unknown_root")] {
        let r = s.post_as("/v2/apis.createApi", root, &bad);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
        assert!(r.error_type().ends_with("unkey/application/invalid_input"));
    }
    let r = s.post_as("/v2/keys.verifyKey", Some("unkey_unknown_root"), &json!({}));
    assert_eq!(r.status, 400);
    let r = s.request(
        "POST",
        "/v2/apis.createApi",
        &[("Authorization", "Basic x")],
        b"{\"name\":1}",
    );
    assert_eq!(r.status, 400);
    assert!(r.error_type().ends_with("unkey/application/invalid_input"));
    // Valid bodies: the auth errors as before, and nothing was created.
    let good = json!({"name": "fine-api"});
    let r = s.post_as("/v2/apis.createApi", Some("unkey_unknown_root"), &good);
    assert_eq!(r.status, 401);
    let r = s.post_as("/v2/apis.createApi", None, &good);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "Authorization header for 'bearer' scheme"
    );
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some("unkey_unknown_root"),
        &json!({"namespace": "never", "identifier": "u", "limit": 1, "duration": 1000}),
    );
    assert_eq!(r.status, 401);
    let r = s.call("ratelimit.listOverrides", json!({"namespace": "never"}));
    assert_eq!(
        r.status, 404,
        "an unauthenticated call must not create the namespace"
    );
}

/// Not-found details as the real handlers word them: v2_keys_get_key/404_test.go
/// "nonexistent keyId", v2_apis_get_api/404_test.go and v2_identities_get_identity/404_test.go.
#[test]
fn not_found__details_as_upstream_words_them() {
    let s = Server::start(&[]);
    let detail = |op: &str, body: serde_json::Value| {
        let r = s.call(op, body);
        assert_eq!(r.status, 404, "{op}");
        r.json()["error"]["detail"].as_str().unwrap().to_string()
    };
    assert_eq!(
        detail("keys.getKey", json!({"keyId": "key_doesnotexist"})),
        "We could not find the requested key."
    );
    assert_eq!(
        detail(
            "keys.addPermissions",
            json!({"keyId": "key_doesnotexist", "permissions": ["a"]})
        ),
        "The specified key was not found."
    );
    assert_eq!(
        detail("apis.getApi", json!({"apiId": "api_doesnotexist"})),
        "The requested API does not exist or has been deleted."
    );
    assert_eq!(
        detail("identities.getIdentity", json!({"identity": "nobody"})),
        "This identity does not exist."
    );
    assert_eq!(
        detail("permissions.getRole", json!({"role": "nobody"})),
        "The requested role does not exist."
    );
    assert_eq!(
        detail("permissions.getPermission", json!({"permission": "nobody"})),
        "The requested permission does not exist."
    );
}

/// v2_keys_update_key/400_test.go, "reject invalid refill config" (daily with a refillDay), and
/// the handlers' rule that a monthly refill needs a refillDay (v2_keys_create_key,
/// v2_keys_update_key, v2_keys_migrate_keys handler.go); createKey ignores a daily refillDay.
#[test]
fn update_key__reject_invalid_refill_config() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let r = s.call(
        "keys.updateKey",
        json!({"keyId": id, "credits": {"remaining": 100,
            "refill": {"interval": "daily", "amount": 100, "refillDay": 4}}}),
    );
    assert_eq!(r.status, 400);
    let e = r.json()["error"].clone();
    assert!(e["detail"]
        .as_str()
        .unwrap()
        .contains("must not be provided when the refill interval is"));
    assert_eq!(e["errors"], json!([]));

    let monthly = json!({"remaining": 5, "refill": {"interval": "monthly", "amount": 5}});
    for (op, body) in [
        ("keys.createKey", json!({"apiId": api, "credits": monthly})),
        ("keys.updateKey", json!({"keyId": id, "credits": monthly})),
        (
            "keys.migrateKeys",
            json!({"migrationId": "mig_1", "apiId": api,
                "keys": [{"hash": "aGFzaDNoYXNoM2hhc2gzaGFzaDNoYXNoM2hhc2gzaGE=", "credits": monthly}]}),
        ),
    ] {
        let r = s.call(op, body);
        assert_eq!(r.status, 400, "{op}");
        assert_eq!(
            r.json()["error"]["detail"],
            "`refillDay` must be provided when the refill interval is `monthly`.",
            "{op}"
        );
    }
    // createKey stores no day for a daily refill.
    let (daily, _) = s.create_key(json!({"apiId": api, "credits": {"remaining": 5,
        "refill": {"interval": "daily", "amount": 5, "refillDay": 4}}}));
    let k = s.ok("keys.getKey", json!({"keyId": daily}));
    assert_eq!(
        k["credits"]["refill"],
        json!({"interval": "daily", "amount": 5})
    );
}

/// The validator's wording for a wrong type on a field whose schema type is `[X, "null"]`
/// (keys.updateKey `name`, `externalId`, `meta`, `expires`, `credits`, `credits.remaining`,
/// `credits.refill`; keys.updateCredits `value`; createKey/migrateKeys `credits.remaining`):
/// santhosh-tekuri/jsonschema v6.0.2, which upstream's validator runs, lists the wanted types
/// in a fixed order with `null` first. A non-nullable field keeps a single type.
#[test]
fn validation__nullable_type_failures_list_null_first() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let first = |op: &str, body: serde_json::Value| {
        let r = s.call(op, body);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
        let e = r.json()["error"]["errors"][0].clone();
        (
            e["location"].as_str().unwrap().to_string(),
            e["message"].as_str().unwrap().to_string(),
        )
    };
    let cases = [
        (
            json!({"keyId": id, "name": 5}),
            "/properties/name/type",
            "got number, want null or string",
        ),
        (
            json!({"keyId": id, "externalId": true}),
            "/properties/externalId/type",
            "got boolean, want null or string",
        ),
        (
            json!({"keyId": id, "meta": []}),
            "/properties/meta/type",
            "got array, want null or object",
        ),
        (
            json!({"keyId": id, "expires": "soon"}),
            "/properties/expires/type",
            "got string, want null or integer",
        ),
        (
            json!({"keyId": id, "credits": 3}),
            "/properties/credits/type",
            "got number, want null or object",
        ),
        (
            json!({"keyId": id, "credits": {"remaining": "x"}}),
            "/properties/credits/properties/remaining/type",
            "got string, want null or integer",
        ),
        (
            json!({"keyId": id, "credits": {"refill": 1}}),
            "/properties/credits/properties/refill/type",
            "got number, want null or object",
        ),
    ];
    for (body, location, message) in cases {
        assert_eq!(
            first("keys.updateKey", body.clone()),
            (location.to_string(), message.to_string()),
            "{body}"
        );
    }
    assert_eq!(
        first(
            "keys.updateCredits",
            json!({"keyId": id, "operation": "set", "value": "ten"})
        ),
        (
            "/properties/value/type".to_string(),
            "got string, want null or integer".to_string()
        )
    );
    assert_eq!(
        first(
            "keys.createKey",
            json!({"apiId": api, "credits": {"remaining": 1.5}})
        ),
        (
            "/properties/credits/properties/remaining/type".to_string(),
            "got number, want null or integer".to_string()
        )
    );
    // Not nullable: one type.
    assert_eq!(
        first("keys.createKey", json!({"apiId": api, "name": 5})),
        (
            "/properties/name/type".to_string(),
            "got number, want string".to_string()
        )
    );
}

/// Upstream's permission-query parser has no nesting limit: the deepest query the 1,000-character
/// `permissions` field can hold (499 parentheses) is evaluated like any other.
#[test]
fn verify_key__permission_query_nests_as_deep_as_the_field_allows() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api, "permissions": ["p"]}));
    let deepest = format!("{}p{}", "(".repeat(499), ")".repeat(499));
    assert_eq!(deepest.len(), 999);
    let v = s.verify(json!({"key": key, "permissions": deepest}));
    assert_eq!(v["valid"], true, "{v}");
    let v = s.verify(
        json!({"key": key, "permissions": format!("{}q{}", "(".repeat(499), ")".repeat(499))}),
    );
    assert_eq!(v["code"], "INSUFFICIENT_PERMISSIONS", "{v}");
    let r = s.call(
        "keys.verifyKey",
        json!({"key": key, "permissions": format!("{}p{}", "(".repeat(500), ")".repeat(500))}),
    );
    assert_eq!(r.status, 400);
}

/// A rate-limit name given twice in keys.createKey, keys.updateKey, keys.migrateKeys or
/// identities.createIdentity: upstream's handlers insert the list with `INSERT … ON DUPLICATE
/// KEY UPDATE` on (owner, name) (pkg/db/queries/key_insert_ratelimit.sql,
/// identity_insert_ratelimit.sql; updateKey keys them by name), so the call succeeds with one
/// rate limit holding the later values. identities.updateIdentity refuses it (port_identities).
#[test]
fn ratelimits__a_name_given_twice_is_one_limit_with_the_later_values() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let twice = json!([
        {"name": "requests", "limit": 5, "duration": 60000, "autoApply": false},
        {"name": "other", "limit": 1, "duration": 1000, "autoApply": false},
        {"name": "requests", "limit": 9, "duration": 30000, "autoApply": true},
    ]);
    let expect = |limits: &serde_json::Value| {
        let limits = limits.as_array().unwrap();
        assert_eq!(limits.len(), 2, "{limits:?}");
        let r = limits.iter().find(|r| r["name"] == "requests").unwrap();
        assert_eq!(
            (
                r["limit"].clone(),
                r["duration"].clone(),
                r["autoApply"].clone()
            ),
            (json!(9), json!(30000), json!(true))
        );
    };
    let (id, _) = s.create_key(json!({"apiId": api, "ratelimits": twice}));
    expect(&s.ok("keys.getKey", json!({"keyId": id}))["ratelimits"]);

    let (id, _) = s.create_key(json!({"apiId": api}));
    s.ok("keys.updateKey", json!({"keyId": id, "ratelimits": twice}));
    expect(&s.ok("keys.getKey", json!({"keyId": id}))["ratelimits"]);

    s.ok(
        "identities.createIdentity",
        json!({"externalId": "dup_limits", "ratelimits": twice}),
    );
    expect(&s.ok("identities.getIdentity", json!({"identity": "dup_limits"}))["ratelimits"]);

    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig", "apiId": api, "keys": [{"hash": "aGFzaF9kdXBsaWNhdGVfbGltaXRz", "ratelimits": twice}]}),
    );
    let migrated = d["migrated"][0]["keyId"].as_str().unwrap().to_string();
    expect(&s.ok("keys.getKey", json!({"keyId": migrated}))["ratelimits"]);
}

/// The `errors[]` of a body that breaks several rules at once, as upstream's validator
/// (santhosh-tekuri/jsonschema v6, flattened by libopenapi-validator's `BasicOutput`) lists
/// them: at each value `type` alone, else `required` before the members and
/// `additionalProperties` after them; `minItems`/`maxItems` before the items, the items in index
/// order with each item's failures together; `minLength`, `maxLength`, then `pattern` of one
/// string (all of them, not only the first).
#[test]
fn validation__several_errors_are_listed_in_the_validators_order() {
    let s = Server::start(&[]);
    let errors = |op: &str, body: serde_json::Value| -> Vec<(String, String)> {
        let r = s.call(op, body);
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
        let e = r.json()["error"].clone();
        assert_eq!(
            e["detail"],
            format!("POST request body for '/v2/{op}' failed to validate schema")
        );
        e["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["location"].as_str().unwrap().to_string(),
                    e["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(l, m)| (l.to_string(), m.to_string()))
            .collect()
    };
    // A missing member, two bad members and an unknown one.
    assert_eq!(
        errors(
            "keys.createKey",
            json!({"zzz": 1, "byteLength": 3, "name": ""})
        ),
        pairs(&[
            ("/required", "missing property 'apiId'"),
            ("/properties/name/minLength", "minLength: got 0, want 1"),
            ("/properties/byteLength/minimum", "minimum: got 3, want 16"),
            (
                "/additionalProperties",
                "additional properties 'zzz' not allowed"
            ),
        ])
    );
    // Two keywords of one string.
    assert_eq!(
        errors("keys.createKey", json!({"apiId": "a!"})),
        pairs(&[
            ("/properties/apiId/minLength", "minLength: got 2, want 3"),
            (
                "/properties/apiId/pattern",
                "'a!' does not match pattern '^[a-zA-Z0-9_]+$'"
            ),
        ])
    );
    // Items: each item's failures together, `required` first within an item, one `required`
    // per item (the missing members in the schema's order).
    assert_eq!(
        errors(
            "keys.createKey",
            json!({"apiId": "api_123", "ratelimits": [
                {"name": "ab", "limit": 0, "duration": 10},
                {"limit": 1}
            ]})
        ),
        pairs(&[
            (
                "/properties/ratelimits/items/required",
                "missing property 'autoApply'"
            ),
            (
                "/properties/ratelimits/items/properties/name/minLength",
                "minLength: got 2, want 3"
            ),
            (
                "/properties/ratelimits/items/properties/limit/minimum",
                "minimum: got 0, want 1"
            ),
            (
                "/properties/ratelimits/items/properties/duration/minimum",
                "minimum: got 10, want 1000"
            ),
            (
                "/properties/ratelimits/items/required",
                "missing properties 'name', 'duration', 'autoApply'"
            ),
        ])
    );
    // An array too long is reported, and its items are still checked after it.
    let mut batch: Vec<serde_json::Value> = (0..101)
        .map(|i| json!({"namespace": "ns", "identifier": format!("u{i}"), "limit": 5, "duration": 60000}))
        .collect();
    batch[7]["namespace"] = json!("");
    assert_eq!(
        errors("ratelimit.multiLimit", json!(batch)),
        pairs(&[
            ("/maxItems", "maxItems: got 101, want 100"),
            (
                "/items/properties/namespace/minLength",
                "minLength: got 0, want 1"
            ),
        ])
    );
    // A too-short id and an empty list.
    assert_eq!(
        errors(
            "keys.addPermissions",
            json!({"permissions": [], "keyId": "k"})
        ),
        pairs(&[
            ("/properties/keyId/minLength", "minLength: got 1, want 3"),
            (
                "/properties/permissions/minItems",
                "minItems: got 0, want 1"
            ),
        ])
    );
    // A `type` failure is the only one of its value.
    assert_eq!(
        errors("keys.createKey", json!({"apiId": 5, "name": 7})),
        pairs(&[
            ("/properties/apiId/type", "got number, want string"),
            ("/properties/name/type", "got number, want string"),
        ])
    );
}

/// A body with very many bad items answers at most 1,000 `errors[]` entries (a local limit:
/// the answer would otherwise be many times the body's size).
#[test]
fn validation__errors_are_capped() {
    let s = Server::start(&[]);
    let bad: Vec<String> = (0..50_000).map(|_| "!".to_string()).collect();
    let r = s.call(
        "keys.addPermissions",
        json!({"keyId": "key_123", "permissions": bad}),
    );
    assert_eq!(r.status, 400);
    let errors = r.json()["error"]["errors"].as_array().unwrap().len();
    assert_eq!(errors, 1000);
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/permissions/maxItems"
    );
}

/// What `--analytics` records of a verification, read back through getVerifications.
fn recorded(s: &Server, query: &str) -> Value {
    s.ok("analytics.getVerifications", json!({"query": query}))
}

/// Upstream's verifier takes a request's tags only when it starts on a valid key
/// (internal/services/keys/verifier.go, `Verify` returns early on another status before it
/// sets them), so a DISABLED or EXPIRED verification is recorded with `[]`; the checks that
/// come later (here permissions) keep them.
#[test]
fn verify_key__tags_recorded_only_for_keys_valid_at_the_start() {
    let s = Server::start(&["--analytics", "--test-clock"]);
    s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#);
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let api = s.create_api();
    let (_, disabled) = s.create_key(json!({"apiId": api, "enabled": false}));
    let (_, expiring) = s.create_key(json!({"apiId": api, "expires": now + 1_000}));
    let (_, plain) = s.create_key(json!({"apiId": api}));
    let tags = json!(["env=prod", "path=/a"]);
    s.verify(json!({"key": disabled, "tags": tags}));
    s.verify(json!({"key": plain, "tags": tags, "permissions": "p"}));
    s.advance(1_000);
    assert_eq!(
        s.verify(json!({"key": expiring, "tags": tags}))["code"],
        "EXPIRED"
    );
    assert_eq!(
        recorded(
            &s,
            "SELECT outcome, tags FROM key_verifications_v1 ORDER BY outcome"
        ),
        json!([
            {"outcome": "DISABLED", "tags": []},
            {"outcome": "EXPIRED", "tags": []},
            {"outcome": "INSUFFICIENT_PERMISSIONS", "tags": ["env=prod", "path=/a"]},
        ])
    );
}

/// A deleted identity no longer joins its keys' verifications (upstream's
/// key_find_for_verification.sql joins identities that are not deleted): the row has no
/// identity id or external id.
#[test]
fn verify_key__deleted_identity_not_recorded() {
    let s = Server::start(&["--analytics"]);
    let api = s.create_api();
    s.ok("identities.createIdentity", json!({"externalId": "user_x"}));
    let (_, k) = s.create_key(json!({"apiId": api, "externalId": "user_x"}));
    s.verify(json!({"key": k}));
    s.ok("identities.deleteIdentity", json!({"identity": "user_x"}));
    let v = s.verify(json!({"key": k}));
    assert_eq!(
        (v["code"].clone(), v.get("identity")),
        (json!("VALID"), None)
    );
    let rows = recorded(
        &s,
        "SELECT external_id, identity_id = '' AS none FROM key_verifications_v1 ORDER BY time, none",
    );
    assert_eq!(
        rows,
        json!([{"external_id": "user_x", "none": 0}, {"external_id": "", "none": 1}])
    );
}

/// `ratelimit.limit` with `X-Unkey-Metrics: disabled` records no decision (upstream's handler
/// turns its ClickHouse event off for it); `multiLimit` does not read the header.
#[test]
fn ratelimit_limit__metrics_disabled_header_records_nothing() {
    let s = Server::start(&["--analytics"]);
    let body = json!({"namespace": "ns", "identifier": "u", "limit": 10, "duration": 60000});
    let send = |path: &str, body: &Value, metrics: Option<&str>| {
        let auth = format!("Bearer {}", common::ROOT);
        let mut h = vec![
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ];
        if let Some(m) = metrics {
            h.push(("X-Unkey-Metrics", m));
        }
        let r = s.request("POST", path, &h, body.to_string().as_bytes());
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    };
    send("/v2/ratelimit.limit", &body, Some("disabled"));
    send("/v2/ratelimit.limit", &body, Some("Disabled"));
    send("/v2/ratelimit.multiLimit", &json!([body]), Some("disabled"));
    let rows = s.ok(
        "analytics.getRatelimits",
        json!({"query": "SELECT count() AS n FROM ratelimits_v1"}),
    );
    assert_eq!(rows, json!([{"n": 2}]));
    // The decisions themselves were all counted.
    let l = s.ok("ratelimit.limit", body);
    assert_eq!(l["remaining"], 6);
}

/// A verification's `ratelimits` keep one entry per name, each later item replacing the
/// earlier (internal/services/keys/validation.go, `withRateLimits`): a limit asked for by
/// name after an ad-hoc one of that name is the stored limit with its cost, and without a
/// stored one the request is upstream's 412 for an unknown limit.
#[test]
fn verify_key__named_limit_after_an_ad_hoc_one_of_the_same_name() {
    let s = Server::start(&["--test-clock"]);
    s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#);
    let api = s.create_api();
    let (id, k) = s.create_key(json!({"apiId": api}));
    let asked =
        json!([{"name": "tokens", "limit": 100, "duration": 60000}, {"name": "tokens", "cost": 2}]);
    let r = s.call("keys.verifyKey", json!({"key": k, "ratelimits": asked}));
    assert_eq!(r.status, 412);
    assert_eq!(
        r.json()["error"]["detail"],
        format!("ratelimit 'tokens' was requested but does not exist for key '{id}' and there is no identity connected.%!(EXTRA string=, string=)")
    );
    let (_, k) = s.create_key(json!({"apiId": api,
        "ratelimits": [{"name": "tokens", "limit": 10, "duration": 3_600_000, "autoApply": false}]}));
    let v = s.verify(json!({"key": k, "ratelimits": asked}));
    let rl = &v["ratelimits"];
    assert_eq!(rl.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (
            rl[0]["limit"].clone(),
            rl[0]["remaining"].clone(),
            rl[0]["duration"].clone()
        ),
        (json!(10), json!(8), json!(3_600_000))
    );
    assert!(rl[0]["id"].as_str().unwrap().starts_with("rl_"), "{v}");
}

/// Upstream's limiter takes a window as Go's `time.Duration(ms) * time.Millisecond`, which
/// wraps round 2^63 ns (internal/services/ratelimit): an override of `1e13` ms is a negative
/// window the limiter refuses (the handler's 500), one of `2e13` ms a window of
/// 1,553,255,926,290 ms. A cost near 2^63 wraps the count negative, and passes.
#[test]
fn ratelimit_limit__windows_and_costs_wrap_as_go_does() {
    let s = Server::start(&["--test-clock"]);
    s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#);
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let limit = json!({"namespace": "wrap", "identifier": "a", "limit": 5, "duration": 60000});
    s.ok("ratelimit.limit", limit.clone());
    s.ok("ratelimit.setOverride",
        json!({"namespace": "wrap", "identifier": "a", "limit": 5, "duration": 10_000_000_000_000_i64}));
    let r = s.call("ratelimit.limit", limit.clone());
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json()["error"]["detail"],
        "We're unable to process the rate limit request."
    );
    s.ok("ratelimit.setOverride",
        json!({"namespace": "wrap", "identifier": "a", "limit": 5, "duration": 20_000_000_000_000_i64}));
    let window = 1_553_255_926_290_i64;
    let d = s.ok("ratelimit.limit", limit);
    assert_eq!(d["reset"], now - now.rem_euclid(window) + window);
    // The cost: one request counted, then one of i64::MAX wraps the sum and passes.
    let once = json!({"namespace": "cost", "identifier": "a", "limit": 5, "duration": 60000});
    s.ok("ratelimit.limit", once);
    let d = s.ok("ratelimit.limit",
        json!({"namespace": "cost", "identifier": "a", "limit": 5, "duration": 60000, "cost": i64::MAX}));
    assert_eq!(d["success"], true, "{d}");
}

/// Upstream decodes bodies with Go's `encoding/json`, which reads a lone surrogate escape
/// (`"\ud800"`, what JS sends for a string cut inside an emoji) or a byte that is not valid
/// UTF-8 inside a string as U+FFFD rather than failing: verifyKey then looks for that key,
/// and createKey stores the name with U+FFFD in its place (a valid pair stays as it is).
#[test]
fn request_bodies__invalid_unicode_in_strings_reads_as_replacement_characters() {
    let s = Server::start(&[]);
    let auth = format!("Bearer {}", common::ROOT);
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let r = s.request("POST", "/v2/keys.verifyKey", &h, br#"{"key": "\ud800"}"#);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.json()["data"],
        json!({"valid": false, "code": "NOT_FOUND"})
    );
    let api = s.create_api();
    let mut body =
        format!(r#"{{"apiId": "{api}", "name": "ab\udc00c\ud83d\ude00\ud83d\u0041"#).into_bytes();
    // A lone continuation byte and a sequence cut short (each byte its own U+FFFD, as Go's
    // utf8.DecodeRune steps one byte over an invalid one).
    body.extend_from_slice(&[0x80, b'-', 0xF0, 0x9F, 0x98]);
    body.extend_from_slice(b"\"}");
    let r = s.request("POST", "/v2/keys.createKey", &h, &body);
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let id = r.json()["data"]["keyId"].clone();
    let k = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(
        k["name"],
        "ab\u{FFFD}c\u{1F600}\u{FFFD}A\u{FFFD}-\u{FFFD}\u{FFFD}\u{FFFD}"
    );
    // Bytes outside a string are still not JSON.
    let r = s.request("POST", "/v2/keys.verifyKey", &h, &[0xFF, b'{', b'}']);
    assert_eq!(r.status, 400);
}

/// Upstream's createKey finds the API without regard to its deletion (api_find_by_id.sql has
/// no deleted filter, and the handler checks none), so a key is made in a deleted API; nothing
/// finds it afterwards, as none of that API's keys is found.
#[test]
fn create_key__in_a_deleted_api() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok("apis.deleteApi", json!({"apiId": api}));
    let (id, key) = s.create_key(json!({"apiId": api, "prefix": "gone"}));
    assert!(key.starts_with("gone_"), "{key}");
    assert_eq!(s.verify(json!({"key": key}))["code"], "NOT_FOUND");
    let r = s.call("keys.getKey", json!({"keyId": id}));
    assert_eq!(r.status, 404);
}

/// apis.listKeys names a deleted identity of a key by its id with an empty external id
/// (upstream reads the id from the key's column and the rest from a join that skips deleted
/// identities); getKey leaves it out.
#[test]
fn list_keys__a_deleted_identity_is_named_by_id_only() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "externalId": "gone1"}));
    let identity = s.ok("keys.getKey", json!({"keyId": id}))["identity"]["id"].clone();
    s.ok("identities.deleteIdentity", json!({"identity": "gone1"}));
    let keys = s.ok("apis.listKeys", json!({"apiId": api}));
    assert_eq!(
        keys[0]["identity"],
        json!({"externalId": "", "id": identity})
    );
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": id})).get("identity"),
        None
    );
}

/// permissions.createRole checks the permissions it would attach (`add_permission_to_role`,
/// then `create_permission` for a new slug) before the role's name is found taken, and in one
/// transaction: a taken name answers the 409 and creates no permission
/// (v2_permissions_create_role/handler.go).
#[test]
fn create_role__permission_checks_come_before_the_taken_name() {
    let s = Server::start(&["--dashboard"]);
    s.ok("permissions.createRole", json!({"name": "taken"}));
    s.ok(
        "permissions.createPermission",
        json!({"name": "A.a", "slug": "A.a"}),
    );
    let only_role = s.root_key(&["rbac.*.create_role"]);
    let r = s.post_as(
        "/v2/permissions.createRole",
        Some(&only_role),
        &json!({"name": "taken", "permissions": ["A.a"]}),
    );
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing permission: 'rbac.*.add_permission_to_role'",
    );
    let no_create = s.root_key(&["rbac.*.create_role", "rbac.*.add_permission_to_role"]);
    let r = s.post_as(
        "/v2/permissions.createRole",
        Some(&no_create),
        &json!({"name": "taken", "permissions": ["brand.new"]}),
    );
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing permission: 'rbac.*.create_permission'",
    );
    let r = s.call(
        "permissions.createRole",
        json!({"name": "taken", "permissions": ["brand.new"]}),
    );
    assert_eq!(r.status, 409);
    let p = s.call(
        "permissions.getPermission",
        json!({"permission": "brand.new"}),
    );
    assert_eq!(p.status, 404);
}

/// Integers past `i64`: where the schema has no `maximum` (a rate limit's `limit`) they pass
/// the validator and Go's decoder refuses them ("not valid JSON"); where the spec's maximum is
/// `i64::MAX`, which the bundled spec upstream loads writes `9223372036854776000`, that number
/// is the bound the validator compares with exactly and names.
#[test]
fn request_bodies__integers_past_i64() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let auth = format!("Bearer {}", common::ROOT);
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let send =
        |op: &str, body: String| s.request("POST", &format!("/v2/{op}"), &h, body.as_bytes());
    let bind = "The request body is invalid. The request body was not valid JSON.";
    let r = send(
        "keys.createKey",
        format!(
            r#"{{"apiId":"{api}","ratelimits":[{{"name":"big","limit":18446744073709551615,"duration":60000,"autoApply":true}}]}}"#
        ),
    );
    r.assert_error(400, "unkey/application/invalid_input", bind);
    // Past i64::MAX but not past the bundled bound: the validator passes it, Go refuses it.
    let r = send(
        "keys.createKey",
        format!(r#"{{"apiId":"{api}","credits":{{"remaining":9223372036854775808}}}}"#),
    );
    r.assert_error(400, "unkey/application/invalid_input", bind);
    let r = send(
        "keys.createKey",
        format!(r#"{{"apiId":"{api}","credits":{{"remaining":9223372036854776001}}}}"#),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["errors"],
        json!([{"location": "/properties/credits/properties/remaining/maximum",
            "message": "maximum: got 9223372036854776001, want 9223372036854776000"}])
    );
}

/// A raw call as the test root key: `body` is sent as written (number text matters).
fn raw_call(s: &Server, op: &str, body: &str) -> common::Resp {
    let auth = format!("Bearer {}", common::ROOT);
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    s.request("POST", &format!("/v2/{op}"), &h, body.as_bytes())
}

/// The answer's text, asserting its status.
fn text_of(r: &common::Resp, status: u16) -> String {
    let t = String::from_utf8_lossy(&r.body).into_owned();
    assert_eq!(r.status, status, "{t}");
    t
}

/// Upstream decodes every body with Go's `encoding/json` into `map[string]any` (zen.BindBody,
/// no `UseNumber`), so each number of a `meta` is a float64; it stores `json.Marshal` of it
/// (v2_keys_create_key/handler.go:322, update_key:207, create_identity:85,
/// update_identity:104) and reads it back the same way (`UnmarshalNullableJSONTo`, get_key,
/// whoami, verify_key, apis_list_keys), writing each float64 as encoding/json's encode.go
/// `floatEncoder` does ('f' with the shortest digits, 'e' below 1e-6 and from 1e21, `e-07`
/// cleaned to `e-7`) and escaping `<`, `>`, `&` in strings as `\u003c` …
#[test]
fn meta__numbers_and_strings_answered_as_go_writes_them() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let sent = r#"{"n":9007199254740993,"b":12345678901234567890,"f":1.0,"c":1e2,"z":0.0,"m":-0.0,"e":100000000000000000000,"s":0.000001,"t":1e-7,"u":1e21,"x":18446744073709551615,"y":-9223372036854775807,"a":[1.50,{"d":2.0,"w":-1E-300}],"h":"<a href=\"x\">&amp;</a>\u2028","k":"1.0"}"#;
    let go = r#""meta":{"a":[1.5,{"d":2,"w":-1e-300}],"b":12345678901234567000,"c":100,"e":100000000000000000000,"f":1,"h":"\u003ca href=\"x\"\u003e\u0026amp;\u003c/a\u003e\u2028","k":"1.0","m":-0,"n":9007199254740992,"s":0.000001,"t":1e-7,"u":1e+21,"x":18446744073709552000,"y":-9223372036854776000,"z":0}"#;
    let r = raw_call(
        &s,
        "keys.createKey",
        &format!(r#"{{"apiId":"{api}","meta":{sent}}}"#),
    );
    let created = r.json()["data"].clone();
    text_of(&r, 200);
    let (id, key) = (&created["keyId"], &created["key"]);
    let answers = [
        raw_call(&s, "keys.getKey", &format!(r#"{{"keyId":{id}}}"#)),
        raw_call(&s, "keys.whoami", &format!(r#"{{"key":{key}}}"#)),
        raw_call(&s, "keys.verifyKey", &format!(r#"{{"key":{key}}}"#)),
        raw_call(&s, "apis.listKeys", &format!(r#"{{"apiId":"{api}"}}"#)),
    ];
    for r in &answers {
        assert!(text_of(r, 200).contains(go), "{}", text_of(r, 200));
    }
    // updateKey stores it the same way.
    let r = raw_call(
        &s,
        "keys.updateKey",
        &format!(r#"{{"keyId":{id},"meta":{{"v":1.0e0,"big":123456789012345678901234567890}}}}"#),
    );
    text_of(&r, 200);
    let r = raw_call(&s, "keys.getKey", &format!(r#"{{"keyId":{id}}}"#));
    assert!(text_of(&r, 200).contains(r#""meta":{"big":1.2345678901234568e+29,"v":1}"#));
    // Go's strconv.ParseFloat rounds correctly, so a float written with its shortest digits
    // (as JS's JSON.stringify writes `Math.random()`) comes back as sent (serde_json's
    // default parse was one ulp off for these; unkey-local reads with `float_roundtrip`).
    let floats =
        r#"{"g":22.423405329226078,"r":0.38276699244722956,"t":1.0675390768913e-19,"u":1e-30}"#;
    let r = raw_call(
        &s,
        "keys.updateKey",
        &format!(r#"{{"keyId":{id},"meta":{floats}}}"#),
    );
    text_of(&r, 200);
    let r = raw_call(&s, "keys.getKey", &format!(r#"{{"keyId":{id}}}"#));
    assert!(text_of(&r, 200).contains(&format!(r#""meta":{floats}"#)));

    // An identity's meta: createIdentity, getIdentity, the updateIdentity echo, and a key's
    // `identity.meta` in verifyKey.
    let r = raw_call(
        &s,
        "identities.createIdentity",
        &format!(r#"{{"externalId":"num_1","meta":{sent}}}"#),
    );
    text_of(&r, 200);
    let r = raw_call(&s, "identities.getIdentity", r#"{"identity":"num_1"}"#);
    assert!(text_of(&r, 200).contains(go));
    let (_, key) = s.create_key(json!({"apiId": api, "externalId": "num_1"}));
    let r = raw_call(&s, "keys.verifyKey", &format!(r#"{{"key":"{key}"}}"#));
    assert!(text_of(&r, 200).contains(go));
    let r = raw_call(
        &s,
        "identities.updateIdentity",
        r#"{"identity":"num_1","meta":{"p":0.10,"q":-5e-7,"r":1.5E+3}}"#,
    );
    assert!(text_of(&r, 200).contains(r#""meta":{"p":0.1,"q":-5e-7,"r":1500}"#));
    let r = raw_call(&s, "identities.getIdentity", r#"{"identity":"num_1"}"#);
    assert!(text_of(&r, 200).contains(r#""meta":{"p":0.1,"q":-5e-7,"r":1500}"#));
}

/// An identity's 1 MiB limit is `len(json.Marshal(meta))` upstream
/// (v2_identities_create_identity/handler.go:85-93, update_identity:104-112), where Go writes
/// each `<` as the six bytes `\u003c`: 180,000 of them are 1,080,008 bytes, over the limit
/// (serde_json's text of them is 180,008).
#[test]
fn identities__meta_size_counts_go_escapes() {
    let s = Server::start(&[]);
    let meta = json!({"a": "<".repeat(180_000)});
    let too_large = "Metadata is too large: it must be at most 1.0 MB, but is 1.1 MB.";
    s.call(
        "identities.createIdentity",
        json!({"externalId": "html", "meta": meta}),
    )
    .assert_error(400, "unkey/application/invalid_input", too_large);
    s.ok("identities.createIdentity", json!({"externalId": "html"}));
    s.call(
        "identities.updateIdentity",
        json!({"identity": "html", "meta": meta}),
    )
    .assert_error(400, "unkey/application/invalid_input", too_large);
    // 174,761 are 1,048,574 bytes: taken.
    let fits = json!({"a": "<".repeat(174_761)});
    s.ok(
        "identities.updateIdentity",
        json!({"identity": "html", "meta": fits}),
    );
}

/// A key's `meta` is a MySQL `text` column upstream (`pkg/mysql/schema/keys.sql`): 65,535
/// bytes of `json.Marshal(meta)`. Longer, the write fails in MySQL's strict mode (upstream
/// sets no `sql_mode`; strict is the default of MySQL 8 and PlanetScale): createKey's
/// InsertKey answers 500 service_unavailable "Failed to create key."
/// (v2_keys_create_key/handler.go:385-390, before its permissions and roles are looked at),
/// updateKey's UpdateKey "Failed to update key." (v2_keys_update_key/handler.go:302-308), and
/// migrateKeys' bulk insert its raw error, a 500 unexpected_error with no detail
/// (v2_keys_migrate_keys/handler.go:587); nothing is stored.
#[test]
fn keys__meta_longer_than_its_text_column_fails_the_write() {
    let s = Server::start(&[]);
    let api = s.create_api();
    // `{"a":""}` is 8 bytes, each `<` 6 in Go's text.
    let fits = json!({"a": "<".repeat(10_921)});
    let long = json!({"a": "<".repeat(10_922)});
    let (id, _) = s.create_key(json!({"apiId": api, "meta": fits}));
    assert_eq!(s.ok("keys.getKey", json!({"keyId": id}))["meta"], fits);
    // A role that does not exist would be a 500 too, later: the meta's comes first.
    s.call(
        "keys.createKey",
        json!({"apiId": api, "meta": long, "roles": ["nope"]}),
    )
    .assert_error(
        500,
        "unkey/application/service_unavailable",
        "Failed to create key.",
    );
    s.call(
        "keys.updateKey",
        json!({"keyId": id, "meta": long, "name": "renamed"}),
    )
    .assert_error(
        500,
        "unkey/application/service_unavailable",
        "Failed to update key.",
    );
    let got = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(got["meta"], fits);
    assert_eq!(got["name"], Value::Null);
    let listed = s.ok("apis.listKeys", json!({"apiId": api}));
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    let hash = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    s.call(
        "keys.migrateKeys",
        json!({"migrationId": "mig_1", "apiId": api, "keys": [{"hash": hash, "meta": long}]}),
    )
    .assert_error(500, "unkey/application/unexpected_error", "");
    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig_1", "apiId": api, "keys": [{"hash": hash, "meta": fits}]}),
    );
    assert_eq!(d["migrated"][0]["hash"], hash);
}

/// One limiter serves verifyKey and ratelimit.limit upstream, keying a counter by namespace,
/// identifier and window (internal/services/ratelimit/keys.go); verifyKey passes a limit's name
/// as the namespace and the key id as the identifier. So a key's limit named as a namespace's
/// id shares the counter `ratelimit.limit` keeps for that key id there.
#[test]
fn ratelimit_limit__shares_counters_with_a_key_limit_named_as_the_namespace_id() {
    let s = Server::start(&["--dashboard", "--test-clock"]);
    s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#);
    s.ok(
        "ratelimit.limit",
        json!({"namespace": "n15", "identifier": "x", "limit": 2, "duration": 60000}),
    );
    let ns = s
        .request(
            "POST",
            "/_local/dashboard/namespace",
            &[],
            br#"{"namespace":"n15"}"#,
        )
        .json()["namespaceId"]
        .as_str()
        .unwrap()
        .to_string();
    let api = s.create_api();
    let (id, key) = s.create_key(json!({"apiId": api,
        "ratelimits": [{"name": ns, "limit": 2, "duration": 60000, "autoApply": true}]}));
    assert_eq!(
        s.verify(json!({"key": key}))["ratelimits"][0]["remaining"],
        1
    );
    let l = s.ok(
        "ratelimit.limit",
        json!({"namespace": "n15", "identifier": id, "limit": 2, "duration": 60000}),
    );
    assert_eq!(
        (l["success"].clone(), l["remaining"].clone()),
        (json!(true), json!(0))
    );
}
