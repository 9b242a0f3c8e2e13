//! keys.addPermissions, removePermissions, setPermissions, addRoles, removeRoles, setRoles and
//! whoami, ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_keys_{add,remove,set}_{permissions,roles}`, `v2_keys_whoami`). Each test
//! names the Go file and subtest; the code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::json;

fn detail(r: &common::Resp) -> String {
    r.json()["error"]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// 400_test.go of add/remove permissions: "missing keyId", "empty keyId", "missing
/// permissions", "empty permissions array", "invalid keyId format".
#[test]
fn add_remove_permissions__schema_errors() {
    let s = Server::start(&[]);
    for op in ["keys.addPermissions", "keys.removePermissions"] {
        for body in [
            json!({"permissions": ["a.b"]}),
            json!({"keyId": "", "permissions": ["a.b"]}),
            json!({"keyId": "key_1234567890"}),
            json!({"keyId": "key_1234567890", "permissions": []}),
            json!({"keyId": "k", "permissions": ["a.b"]}),
        ] {
            let r = s.call(op, body.clone());
            assert_eq!(r.status, 400, "{op} {body}");
            assert!(detail(&r).contains("validate schema"), "{op} {body}");
        }
    }
}

/// 404_test.go / 400_test.go "key not found" for every rbac operation on keys: "The specified
/// key was not found."; removePermissions and the role operations name what is missing.
#[test]
fn key_rbac__not_found() {
    let s = Server::start(&[]);
    for (op, field, value) in [
        ("keys.addPermissions", "permissions", json!(["a.b"])),
        ("keys.removePermissions", "permissions", json!(["a.b"])),
        ("keys.setPermissions", "permissions", json!([])),
        ("keys.addRoles", "roles", json!(["r1"])),
        ("keys.removeRoles", "roles", json!(["r1"])),
        ("keys.setRoles", "roles", json!([])),
    ] {
        let r = s.call(op, json!({"keyId": "key_1234567890abcdef", field: value}));
        assert_eq!(r.status, 404, "{op}");
        assert_eq!(detail(&r), "The specified key was not found.", "{op}");
    }
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let r = s.call(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["never.made"]}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "Permission 'never.made' was not found.");
    let r = s.call("keys.addRoles", json!({"keyId": id, "roles": ["ghost"]}));
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "Role 'ghost' was not found.");
}

/// 403_test.go of addPermissions: "root key without required permissions", "root key with
/// partial permissions" (update_key without add_permission_to_key), and the create_permission
/// check for a slug that does not exist yet.
#[test]
fn add_permissions__forbidden() {
    let s = Server::start(&[
        "--root-key",
        "rk_read=api.*.read_key",
        "--root-key",
        "rk_partial=api.*.update_key",
        "--root-key",
        "rk_add=api.*.update_key,rbac.*.add_permission_to_key",
    ]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    s.ok(
        "permissions.createPermission",
        json!({"name": "exists", "slug": "exists.perm"}),
    );
    for root in ["rk_read", "rk_partial"] {
        let r = s.post_as(
            "/v2/keys.addPermissions",
            Some(root),
            &json!({"keyId": id, "permissions": ["exists.perm"]}),
        );
        assert_eq!(r.status, 403, "{root}");
        assert!(
            detail(&r)
                .starts_with("Missing one of these permissions: unkey:v1:ws_local:keyspaces/"),
            "{}",
            detail(&r)
        );
    }
    let r = s.post_as(
        "/v2/keys.addPermissions",
        Some("rk_add"),
        &json!({"keyId": id, "permissions": ["exists.perm"]}),
    );
    assert_eq!(r.status, 200);
    let r = s.post_as(
        "/v2/keys.addPermissions",
        Some("rk_add"),
        &json!({"keyId": id, "permissions": ["brand.new"]}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        detail(&r),
        "Missing one of these permissions: unkey:v1:ws_local:rbac/permissions/*#create_permission or rbac.*.create_permission"
    );
}

/// 200 tests of the six operations: add, remove and set, for permissions and roles, answer the
/// key's direct permissions or roles afterwards.
#[test]
fn key_rbac__add_remove_set() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, k) = s.create_key(json!({"apiId": api}));
    s.ok("permissions.createRole", json!({"name": "r_one"}));
    s.ok("permissions.createRole", json!({"name": "r_two"}));
    let slugs = |v: &serde_json::Value, f: &str| -> Vec<String> {
        let mut x: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p[f].as_str().unwrap().to_string())
            .collect();
        x.sort();
        x
    };
    let d = s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["p.a", "p.b"]}),
    );
    assert_eq!(slugs(&d, "slug"), ["p.a", "p.b"]);
    let d = s.ok(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["p.a"]}),
    );
    assert_eq!(slugs(&d, "slug"), ["p.b"]);
    let d = s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["p.c"]}),
    );
    assert_eq!(slugs(&d, "slug"), ["p.c"]);
    let d = s.ok(
        "keys.addRoles",
        json!({"keyId": id, "roles": ["r_one", "r_two"]}),
    );
    assert_eq!(slugs(&d, "name"), ["r_one", "r_two"]);
    let d = s.ok("keys.removeRoles", json!({"keyId": id, "roles": ["r_one"]}));
    assert_eq!(slugs(&d, "name"), ["r_two"]);
    let d = s.ok("keys.setRoles", json!({"keyId": id, "roles": []}));
    assert_eq!(d, json!([]));
    let v = s.verify(json!({"key": k, "permissions": "p.c"}));
    assert_eq!(v["code"], "VALID");
}

/// v2_keys_whoami: a key found by its secret; unknown → "We could not find the requested key."
#[test]
fn whoami__found_and_not_found() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, k) = s.create_key(json!({"apiId": api, "name": "who"}));
    let d = s.ok("keys.whoami", json!({"key": k}));
    assert_eq!(
        (d["keyId"].as_str(), d["name"].as_str()),
        (Some(id.as_str()), Some("who"))
    );
    let r = s.call("keys.whoami", json!({"key": "nope_nope"}));
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "We could not find the requested key.");
}
