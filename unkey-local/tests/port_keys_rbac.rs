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

/// The same schema refusals for addPermissions and removePermissions (their 400_test.go
/// subtests are ported one by one in port_route_cases.rs).
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
            s.call(op, body.clone()).assert_schema_error(op);
        }
    }
}

/// Every rbac operation on keys answers an unknown key alike ("The specified key was not
/// found."; the Go "key not found" subtests are ported one by one in port_route_cases.rs), and
/// removePermissions and addRoles name what is missing.
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
        s.call(op, json!({"keyId": "key_1234567890abcdef", field: value}))
            .assert_error(
                404,
                "unkey/data/key_not_found",
                "The specified key was not found.",
            );
    }
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let r = s.call(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["never.made"]}),
    );
    r.assert_error(
        404,
        "unkey/data/permission_not_found",
        "Permission 'never.made' was not found.",
    );
    let r = s.call("keys.addRoles", json!({"keyId": id, "roles": ["ghost"]}));
    r.assert_error(
        404,
        "unkey/data/role_not_found",
        "Role 'ghost' was not found.",
    );
}

/// addPermissions' authorization as a whole: without `add_permission_to_key` (its 403_test.go
/// subtests are ported one by one in port_route_cases.rs) a 403; with it, an existing
/// permission is added, and a slug that does not exist yet also needs `create_permission`.
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

/// An API and a key in it made by `root`; returns (apiId, keyId).
fn key_as(s: &Server, root: &str) -> (String, String) {
    let api = s
        .post_as(
            "/v2/apis.createApi",
            Some(root),
            &json!({"name": "rbac-api"}),
        )
        .json()["data"]["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    let key = s
        .post_as(
            "/v2/keys.createKey",
            Some(root),
            &json!({"apiId": api, "name": "Test Key"}),
        )
        .json()["data"]["keyId"]
        .as_str()
        .unwrap()
        .to_string();
    (api, key)
}

/// A key of the default workspace; returns (apiId, keyId).
fn key(s: &Server) -> (String, String) {
    key_as(s, common::ROOT)
}

/// Creates a role (with `root`) and returns its id.
fn role_as(s: &Server, root: &str, name: &str) -> String {
    s.post_as(
        "/v2/permissions.createRole",
        Some(root),
        &json!({"name": name}),
    )
    .json()["data"]["roleId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Creates a permission whose name and slug are `slug` (with `root`); returns its id.
fn permission_as(s: &Server, root: &str, slug: &str) -> String {
    s.post_as(
        "/v2/permissions.createPermission",
        Some(root),
        &json!({"name": slug, "slug": slug}),
    )
    .json()["data"]["permissionId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The ids of a key's direct permissions or roles (`field`), as getKey answers them.
fn held(s: &Server, key_id: &str, field: &str) -> Vec<String> {
    let k = s.ok("keys.getKey", json!({"keyId": key_id}));
    let list = if field == "roles" {
        k["roles"].clone()
    } else {
        k["permissions"].clone()
    };
    list.as_array()
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// The names in a rbac operation's answer (`data`: `[{id, name, …}]`).
fn names(data: &serde_json::Value) -> Vec<String> {
    data.as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect()
}

const KEY_GONE: &str = "The specified key was not found.";

/// Asserts the 404 of a key the caller's workspace does not have.
fn assert_key_not_found(r: &common::Resp) {
    r.assert_error(404, "unkey/data/key_not_found", KEY_GONE);
}

/// Asserts the 404 of a role that is not found by this id or name.
fn assert_role_not_found(r: &common::Resp, role: &str) {
    r.assert_error(
        404,
        "unkey/data/role_not_found",
        &format!("Role '{role}' was not found."),
    );
}

/// Asserts a 403 whose detail lists the alternatives the handler accepts.
fn assert_missing_one_of(r: &common::Resp) {
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/authorization/insufficient_permissions"
    );
    assert!(
        detail(r).starts_with("Missing one of these permissions: "),
        "{}",
        detail(r)
    );
}

/// The keyspace permission tuple of one key, as a resource name.
fn key_urn(api: &str, key_id: &str, action: &str) -> String {
    format!(
        "unkey:v1:ws_local:keyspaces/ks_{}/keys/{key_id}#{action}",
        api.strip_prefix("api_").unwrap()
    )
}

// -- keys.addPermissions --

/// v2_keys_add_permissions/200_test.go, "urn update_key permission can add permissions".
#[test]
fn add_permissions__urn_update_key_permission_can_add_permissions() {
    let s = two_workspaces();
    let (api, id) = key(&s);
    let perm = permission_as(&s, common::ROOT, "documents.write.urn.add");
    let rk = s.root_key(&[&key_urn(&api, &id, "update_key")]);
    let r = s.post_as(
        "/v2/keys.addPermissions",
        Some(&rk),
        &json!({"keyId": id, "permissions": ["documents.write.urn.add"]}),
    );
    let data = r.data();
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], perm.as_str());
}

/// v2_keys_add_permissions/200_test.go, "urn create_permission can create missing permission
/// while adding".
#[test]
fn add_permissions__urn_create_permission_can_create_missing_permission_while_adding() {
    let s = two_workspaces();
    let (api, id) = key(&s);
    let rk = s.root_key(&[
        &key_urn(&api, &id, "update_key"),
        "unkey:v1:ws_local:rbac/permissions/*#create_permission",
    ]);
    let r = s.post_as(
        "/v2/keys.addPermissions",
        Some(&rk),
        &json!({"keyId": id, "permissions": ["documents.write.urn.create"]}),
    );
    assert_eq!(names(&r.data()), ["documents.write.urn.create"]);
}

/// v2_keys_add_permissions/200_test.go, "add single permission by name".
#[test]
fn add_permissions__add_single_permission_by_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let perm = permission_as(&s, common::ROOT, "documents.write.single.name");
    let data = s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["documents.write.single.name"]}),
    );
    assert_eq!(data[0]["id"], perm.as_str());
    assert_eq!(names(&data), ["documents.write.single.name"]);
    assert_eq!(
        held(&s, &id, "permissions"),
        ["documents.write.single.name"]
    );
}

/// v2_keys_add_permissions/200_test.go, "add multiple permissions".
#[test]
fn add_permissions__add_multiple_permissions() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.multiple");
    permission_as(&s, common::ROOT, "documents.write.multiple");
    let data = s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["documents.read.multiple", "documents.write.multiple"]}),
    );
    assert_eq!(data.as_array().unwrap().len(), 2);
    assert_eq!(held(&s, &id, "permissions").len(), 2);
}

/// v2_keys_add_permissions/200_test.go, "idempotent operation - adding same permission twice".
#[test]
fn add_permissions__idempotent_operation_adding_same_permission_twice() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.idempotent");
    let body = json!({"keyId": id, "permissions": ["documents.read.idempotent"]});
    let first = s.ok("keys.addPermissions", body.clone());
    let second = s.ok("keys.addPermissions", body);
    assert_eq!(first.as_array().unwrap().len(), 1);
    assert_eq!(first, second);
    assert_eq!(held(&s, &id, "permissions").len(), 1);
}

/// v2_keys_add_permissions/200_test.go, "add permissions to key that already has
/// permissions": the answer lists both.
#[test]
fn add_permissions__add_permissions_to_key_that_already_has_permissions() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.existing");
    permission_as(&s, common::ROOT, "documents.write.existing");
    s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["documents.read.existing"]}),
    );
    let data = s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["documents.write.existing"]}),
    );
    let mut got = names(&data);
    got.sort();
    assert_eq!(got, ["documents.read.existing", "documents.write.existing"]);
}

/// v2_keys_add_permissions/200_test.go, TestAddPermissionsConcurrent: ten overlapping adds at
/// once leave the key with all ten.
#[test]
fn add_permissions__concurrent() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let rk = s.root_key(&[
        "api.*.update_key",
        "rbac.*.add_permission_to_key",
        "rbac.*.create_permission",
    ]);
    let perms: Vec<String> = (0..10)
        .map(|i| {
            let slug = format!("concurrent.permission.{i}");
            permission_as(&s, common::ROOT, &slug);
            slug
        })
        .collect();
    std::thread::scope(|t| {
        for i in 0..10 {
            let (s, rk, id, perms) = (&s, &rk, &id, &perms);
            t.spawn(move || {
                let body = json!({"keyId": id, "permissions": [
                    perms[i], perms[(i + 1) % 10], perms[(i + 2) % 10]
                ]});
                let r = s.post_as("/v2/keys.addPermissions", Some(rk), &body);
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    assert_eq!(held(&s, &id, "permissions").len(), 10);
}

/// v2_keys_add_permissions/400_test.go, "permission missing both id and name" (an empty list).
#[test]
fn add_permissions__permission_missing_both_id_and_name() {
    let s = two_workspaces();
    s.call(
        "keys.addPermissions",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "permissions": []}),
    )
    .assert_schema_error("keys.addPermissions");
}

/// v2_keys_add_permissions/400_test.go, "permission not found by id": the key is looked up
/// first, and it does not exist.
#[test]
fn add_permissions__permission_not_found_by_id() {
    let s = two_workspaces();
    assert_key_not_found(&s.call(
        "keys.addPermissions",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "permissions": ["test_2cGKbMxRyIzhCxo1Idjz8q"]}),
    ));
}

/// v2_keys_add_permissions/400_test.go, "permission not found by slug" (of a key that does not
/// exist).
#[test]
fn add_permissions__permission_not_found_by_slug() {
    let s = two_workspaces();
    assert_key_not_found(&s.call(
        "keys.addPermissions",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "permissions": ["nonexistent.permission"]}),
    ));
}

/// v2_keys_add_permissions/403_test.go, "root key with no permissions".
#[test]
fn add_permissions__root_key_with_no_permissions() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.none");
    let rk = s.root_key(&[]);
    assert_missing_one_of(&s.post_as(
        "/v2/keys.addPermissions",
        Some(&rk),
        &json!({"keyId": id, "permissions": ["documents.read.none"]}),
    ));
}

/// v2_keys_add_permissions/404_test.go, "key from different workspace".
#[test]
fn add_permissions__key_from_different_workspace() {
    let s = two_workspaces();
    let (_, other_key) = key_as(&s, "other");
    permission_as(&s, common::ROOT, "documents.read.404keydifferentws");
    assert_key_not_found(&s.call(
        "keys.addPermissions",
        json!({"keyId": other_key, "permissions": ["documents.read.404keydifferentws"]}),
    ));
}

// -- keys.addRoles --

/// v2_keys_add_roles/200_test.go, "urn update_key permission can add roles".
#[test]
fn add_roles__urn_update_key_permission_can_add_roles() {
    let s = two_workspaces();
    let (api, id) = key(&s);
    let role = role_as(&s, common::ROOT, "editor_urn_add_role");
    let rk = s.root_key(&[&key_urn(&api, &id, "update_key")]);
    let r = s.post_as(
        "/v2/keys.addRoles",
        Some(&rk),
        &json!({"keyId": id, "roles": ["editor_urn_add_role"]}),
    );
    let data = r.data();
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], role.as_str());
}

/// v2_keys_add_roles/200_test.go, "add single role by name".
#[test]
fn add_roles__add_single_role_by_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let role = role_as(&s, common::ROOT, "editor_single_name");
    let data = s.ok(
        "keys.addRoles",
        json!({"keyId": id, "roles": ["editor_single_name"]}),
    );
    assert_eq!(data[0]["id"], role.as_str());
    assert_eq!(names(&data), ["editor_single_name"]);
    assert_eq!(held(&s, &id, "roles"), ["editor_single_name"]);
}

/// v2_keys_add_roles/200_test.go, "idempotent behavior - add existing roles": the answer is
/// sorted by name.
#[test]
fn add_roles__idempotent_behavior_add_existing_roles() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    role_as(&s, common::ROOT, "admin_idempotent");
    role_as(&s, common::ROOT, "editor_idempotent");
    s.ok(
        "keys.addRoles",
        json!({"keyId": id, "roles": ["admin_idempotent"]}),
    );
    let data = s.ok(
        "keys.addRoles",
        json!({"keyId": id, "roles": ["admin_idempotent", "editor_idempotent"]}),
    );
    assert_eq!(names(&data), ["admin_idempotent", "editor_idempotent"]);
    assert_eq!(held(&s, &id, "roles").len(), 2);
}

/// v2_keys_add_roles/200_test.go, TestAddRolesConcurrent: ten adds at once keep all ten.
#[test]
fn add_roles__concurrent() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let rk = s.root_key(&["api.*.update_key", "rbac.*.add_role_to_key"]);
    let roles: Vec<String> = (0..10)
        .map(|i| {
            let name = format!("concurrent.add.role.{i}");
            role_as(&s, common::ROOT, &name);
            name
        })
        .collect();
    std::thread::scope(|t| {
        for name in &roles {
            let (s, rk, id) = (&s, &rk, &id);
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/keys.addRoles",
                    Some(rk),
                    &json!({"keyId": id, "roles": [name]}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    assert_eq!(held(&s, &id, "roles").len(), 10);
}

/// v2_keys_add_roles/400_test.go, "empty roles array".
#[test]
fn add_roles__empty_roles_array() {
    let s = two_workspaces();
    s.call(
        "keys.addRoles",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "roles": []}),
    )
    .assert_schema_error("keys.addRoles");
}

/// v2_keys_add_roles/400_test.go, "malformed JSON body" (`roles` a string).
#[test]
fn add_roles__malformed_json_body() {
    let s = two_workspaces();
    s.call(
        "keys.addRoles",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "roles": "invalid_not_array"}),
    )
    .assert_schema_error("keys.addRoles");
}

/// v2_keys_add_roles/400_test.go, "role with empty string" (upstream sends an empty list; an
/// empty name is refused as well).
#[test]
fn add_roles__role_with_empty_string() {
    let s = two_workspaces();
    for roles in [json!([]), json!([""])] {
        s.call(
            "keys.addRoles",
            json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "roles": roles}),
        )
        .assert_schema_error("keys.addRoles");
    }
}

/// v2_keys_add_roles/403_test.go, "insufficient permissions - no update_key".
#[test]
fn add_roles__insufficient_permissions_no_update_key() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let rk = s.root_key(&["api.*.read_key"]);
    assert_missing_one_of(&s.post_as(
        "/v2/keys.addRoles",
        Some(&rk),
        &json!({"keyId": id, "roles": ["role_123"]}),
    ));
}

/// v2_keys_add_roles/403_test.go, "root key with read only permissions".
#[test]
fn add_roles__root_key_with_read_only_permissions() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let rk = s.root_key(&["api.*.read_key", "rbac.*.read_role"]);
    assert_missing_one_of(&s.post_as(
        "/v2/keys.addRoles",
        Some(&rk),
        &json!({"keyId": id, "roles": ["role_123"]}),
    ));
}

/// v2_keys_add_roles/403_test.go, "expired root key" (a token no root key has: 401).
#[test]
fn add_roles__expired_root_key() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    s.post_as(
        "/v2/keys.addRoles",
        Some("expired_root_key_12345"),
        &json!({"keyId": id, "roles": ["role_123"]}),
    )
    .assert_error(
        401,
        "unkey/authentication/key_not_found",
        "The provided root key is invalid. We could not find the requested key.",
    );
}

/// v2_keys_add_roles/404_test.go, "key in different workspace".
#[test]
fn add_roles__key_in_different_workspace() {
    let s = two_workspaces();
    let (_, other_key) = key_as(&s, "other");
    assert_key_not_found(&s.call(
        "keys.addRoles",
        json!({"keyId": other_key, "roles": ["role_123"]}),
    ));
}

/// v2_keys_add_roles/404_test.go, "role not found by ID".
#[test]
fn add_roles__role_not_found_by_id() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    assert_role_not_found(
        &s.call(
            "keys.addRoles",
            json!({"keyId": id, "roles": ["role_nonexistent123456789"]}),
        ),
        "role_nonexistent123456789",
    );
}

/// v2_keys_add_roles/404_test.go, "role not found by name".
#[test]
fn add_roles__role_not_found_by_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    assert_role_not_found(
        &s.call(
            "keys.addRoles",
            json!({"keyId": id, "roles": ["nonexistent_role"]}),
        ),
        "nonexistent_role",
    );
}

/// v2_keys_add_roles/404_test.go, "role in different workspace" (by id).
#[test]
fn add_roles__role_in_different_workspace() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let other = role_as(&s, "other", "admin_other_workspace");
    assert_role_not_found(
        &s.call("keys.addRoles", json!({"keyId": id, "roles": [other]})),
        &other,
    );
}

/// v2_keys_add_roles/404_test.go, "role by name in different workspace".
#[test]
fn add_roles__role_by_name_in_different_workspace() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    role_as(&s, "other", "admin_other_workspace");
    assert_role_not_found(
        &s.call(
            "keys.addRoles",
            json!({"keyId": id, "roles": ["admin_other_workspace"]}),
        ),
        "admin_other_workspace",
    );
}

/// v2_keys_add_roles/404_test.go, "multiple roles one not found": nothing is added.
#[test]
fn add_roles__multiple_roles_one_not_found() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    role_as(&s, common::ROOT, "admin_multi");
    assert_role_not_found(
        &s.call(
            "keys.addRoles",
            json!({"keyId": id, "roles": ["admin_multi", "nonexistent_multi"]}),
        ),
        "nonexistent_multi",
    );
    assert!(held(&s, &id, "roles").is_empty());
}

/// v2_keys_add_roles/404_test.go, "deleted key".
#[test]
fn add_roles__deleted_key() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    role_as(&s, common::ROOT, "admin_deleted_key");
    s.ok("keys.deleteKey", json!({"keyId": id}));
    assert_key_not_found(&s.call(
        "keys.addRoles",
        json!({"keyId": id, "roles": ["admin_deleted_key"]}),
    ));
}

/// v2_keys_add_roles/404_test.go, "deleted role".
#[test]
fn add_roles__deleted_role() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let role = role_as(&s, common::ROOT, "admin_deleted_role");
    s.ok("permissions.deleteRole", json!({"role": role}));
    assert_role_not_found(
        &s.call("keys.addRoles", json!({"keyId": id, "roles": [role]})),
        &role,
    );
}

// -- keys.removePermissions --

/// v2_keys_remove_permissions/200_test.go, "urn update_key permission can remove permissions".
#[test]
fn remove_permissions__urn_update_key_permission_can_remove_permissions() {
    let s = two_workspaces();
    let (api, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.urn.remove");
    s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["documents.read.urn.remove"]}),
    );
    let rk = s.root_key(&[&key_urn(&api, &id, "update_key")]);
    let r = s.post_as(
        "/v2/keys.removePermissions",
        Some(&rk),
        &json!({"keyId": id, "permissions": ["documents.read.urn.remove"]}),
    );
    assert_eq!(r.data(), json!([]));
    assert!(held(&s, &id, "permissions").is_empty());
}

/// v2_keys_remove_permissions/200_test.go, "remove single permission by name".
#[test]
fn remove_permissions__remove_single_permission_by_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.single");
    s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["documents.read.single"]}),
    );
    s.ok(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["documents.read.single"]}),
    );
    assert!(held(&s, &id, "permissions").is_empty());
}

/// v2_keys_remove_permissions/200_test.go, "remove multiple permissions".
#[test]
fn remove_permissions__remove_multiple_permissions() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let both =
        json!({"keyId": id, "permissions": ["documents.read.multi", "documents.write.multi"]});
    permission_as(&s, common::ROOT, "documents.read.multi");
    permission_as(&s, common::ROOT, "documents.write.multi");
    s.ok("keys.addPermissions", both.clone());
    assert_eq!(s.ok("keys.removePermissions", both), json!([]));
    assert!(held(&s, &id, "permissions").is_empty());
}

/// v2_keys_remove_permissions/200_test.go, "idempotent operation - removing permission that
/// isn't assigned": twice, 200 both times.
#[test]
fn remove_permissions__idempotent_operation_removing_permission_that_isnt_assigned() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.idempotent.remove");
    let body = json!({"keyId": id, "permissions": ["documents.read.idempotent.remove"]});
    assert_eq!(s.ok("keys.removePermissions", body.clone()), json!([]));
    assert_eq!(s.ok("keys.removePermissions", body), json!([]));
    assert!(held(&s, &id, "permissions").is_empty());
}

/// v2_keys_remove_permissions/200_test.go, "remove some permissions from key with multiple
/// permissions": the answer is what remains.
#[test]
fn remove_permissions__remove_some_permissions_from_key_with_multiple_permissions() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let keep = permission_as(&s, common::ROOT, "documents.read.remove.partial.keep");
    permission_as(&s, common::ROOT, "documents.write.remove.partial");
    s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["documents.read.remove.partial.keep", "documents.write.remove.partial"]}),
    );
    let data = s.ok(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["documents.write.remove.partial"]}),
    );
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], keep.as_str());
    assert_eq!(
        held(&s, &id, "permissions"),
        ["documents.read.remove.partial.keep"]
    );
}

/// v2_keys_remove_permissions/200_test.go, "remove all permissions from key" (by id).
#[test]
fn remove_permissions__remove_all_permissions_from_key() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let ids: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|n| permission_as(&s, common::ROOT, &format!("documents.{n}.all")))
        .collect();
    s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ids}),
    );
    assert_eq!(held(&s, &id, "permissions").len(), 3);
    assert_eq!(
        s.ok(
            "keys.removePermissions",
            json!({"keyId": id, "permissions": ids})
        ),
        json!([])
    );
    assert!(held(&s, &id, "permissions").is_empty());
}

/// v2_keys_remove_permissions/403_test.go, "root key with no permissions".
#[test]
fn remove_permissions__root_key_with_no_permissions() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.none");
    let rk = s.root_key(&[]);
    assert_missing_one_of(&s.post_as(
        "/v2/keys.removePermissions",
        Some(&rk),
        &json!({"keyId": id, "permissions": ["documents.read.none"]}),
    ));
}

/// v2_keys_remove_permissions/404_test.go, "permission not found by ID".
#[test]
fn remove_permissions__permission_not_found_by_id() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    s.call(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["perm_2cGKbMxRyIzhCxo1Idjz8q"]}),
    )
    .assert_error(
        404,
        "unkey/data/permission_not_found",
        "Permission 'perm_2cGKbMxRyIzhCxo1Idjz8q' was not found.",
    );
}

/// v2_keys_remove_permissions/404_test.go, "permission from different workspace by ID".
#[test]
fn remove_permissions__permission_from_different_workspace_by_id() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let other = permission_as(&s, "other", "other.workspace.permission.remove.404");
    s.call(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": [other]}),
    )
    .assert_error(
        404,
        "unkey/data/permission_not_found",
        &format!("Permission '{other}' was not found."),
    );
}

/// v2_keys_remove_permissions/404_test.go, "key from different workspace".
#[test]
fn remove_permissions__key_from_different_workspace() {
    let s = two_workspaces();
    let (_, other_key) = key_as(&s, "other");
    permission_as(&s, common::ROOT, "documents.read.remove.404keydifferentws");
    assert_key_not_found(&s.call(
        "keys.removePermissions",
        json!({"keyId": other_key, "permissions": ["documents.read.remove.404keydifferentws"]}),
    ));
}

// -- keys.removeRoles --

/// A key holding the role `name`; returns (keyId, roleId).
fn key_with_role(s: &Server, name: &str) -> (String, String) {
    let (_, id) = key(s);
    let role = role_as(s, common::ROOT, name);
    s.ok("keys.addRoles", json!({"keyId": id, "roles": [name]}));
    (id, role)
}

/// v2_keys_remove_roles/200_test.go, "remove single role".
#[test]
fn remove_roles__remove_single_role() {
    let s = two_workspaces();
    let (id, _) = key_with_role(&s, "admin_remove_single");
    assert_eq!(
        s.ok(
            "keys.removeRoles",
            json!({"keyId": id, "roles": ["admin_remove_single"]})
        ),
        json!([])
    );
    assert!(held(&s, &id, "roles").is_empty());
}

/// v2_keys_remove_roles/200_test.go, "idempotent operation - removing non-assigned role".
#[test]
fn remove_roles__idempotent_operation_removing_non_assigned_role() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    role_as(&s, common::ROOT, "admin_not_assigned");
    assert_eq!(
        s.ok(
            "keys.removeRoles",
            json!({"keyId": id, "roles": ["admin_not_assigned"]})
        ),
        json!([])
    );
}

/// v2_keys_remove_roles/400_test.go, "missing keyId field".
#[test]
fn remove_roles__missing_keyId_field() {
    let s = two_workspaces();
    s.call("keys.removeRoles", json!({"roles": ["admin"]}))
        .assert_schema_error("keys.removeRoles");
}

/// v2_keys_remove_roles/400_test.go, "missing roles field".
#[test]
fn remove_roles__missing_roles_field() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    s.call("keys.removeRoles", json!({"keyId": id}))
        .assert_schema_error("keys.removeRoles");
}

/// v2_keys_remove_roles/400_test.go, "empty roles array".
#[test]
fn remove_roles__empty_roles_array() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    s.call("keys.removeRoles", json!({"keyId": id, "roles": []}))
        .assert_schema_error("keys.removeRoles");
}

/// v2_keys_remove_roles' "role not found by ID" (404_test.go and 400_test.go carry the same request).
fn remove_role_not_found_by_id() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    assert_role_not_found(
        &s.call(
            "keys.removeRoles",
            json!({"keyId": id, "roles": ["role_2cGKbMxRyIzhCxo1Idjz8q"]}),
        ),
        "role_2cGKbMxRyIzhCxo1Idjz8q",
    );
}

/// v2_keys_remove_roles/404_test.go, "role not found by ID".
#[test]
fn remove_roles__role_not_found_by_id() {
    remove_role_not_found_by_id();
}

/// v2_keys_remove_roles/400_test.go, "role not found by ID" (the 404 file's request; a 404 there too).
#[test]
fn remove_roles__role_not_found_by_id_in_400_test_go() {
    remove_role_not_found_by_id();
}

/// v2_keys_remove_roles' "role not found by name" (404_test.go and 400_test.go carry the same request).
fn remove_role_not_found_by_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    assert_role_not_found(
        &s.call(
            "keys.removeRoles",
            json!({"keyId": id, "roles": ["nonexistent_role"]}),
        ),
        "nonexistent_role",
    );
}

/// v2_keys_remove_roles/404_test.go, "role not found by name".
#[test]
fn remove_roles__role_not_found_by_name() {
    remove_role_not_found_by_name();
}

/// v2_keys_remove_roles/400_test.go, "role not found by name" (the 404 file's request; a 404 there too).
#[test]
fn remove_roles__role_not_found_by_name_in_400_test_go() {
    remove_role_not_found_by_name();
}

/// v2_keys_remove_roles' "role from different workspace by ID" (404_test.go and 400_test.go carry the same request).
fn remove_role_from_different_workspace_by_id() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let other = role_as(&s, "other", "admin_diff_workspace_id");
    assert_role_not_found(
        &s.call("keys.removeRoles", json!({"keyId": id, "roles": [other]})),
        &other,
    );
}

/// v2_keys_remove_roles/404_test.go, "role from different workspace by ID".
#[test]
fn remove_roles__role_from_different_workspace_by_id() {
    remove_role_from_different_workspace_by_id();
}

/// v2_keys_remove_roles/400_test.go, "role from different workspace by ID" (the 404 file's request; a 404 there too).
#[test]
fn remove_roles__role_from_different_workspace_by_id_in_400_test_go() {
    remove_role_from_different_workspace_by_id();
}

/// v2_keys_remove_roles' "role from different workspace by name" (404_test.go and 400_test.go carry the same request).
fn remove_role_from_different_workspace_by_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    role_as(&s, "other", "admin_diff_workspace_name");
    assert_role_not_found(
        &s.call(
            "keys.removeRoles",
            json!({"keyId": id, "roles": ["admin_diff_workspace_name"]}),
        ),
        "admin_diff_workspace_name",
    );
}

/// v2_keys_remove_roles/404_test.go, "role from different workspace by name".
#[test]
fn remove_roles__role_from_different_workspace_by_name() {
    remove_role_from_different_workspace_by_name();
}

/// v2_keys_remove_roles/400_test.go, "role from different workspace by name" (the 404 file's request; a 404 there too).
#[test]
fn remove_roles__role_from_different_workspace_by_name_in_400_test_go() {
    remove_role_from_different_workspace_by_name();
}

/// v2_keys_remove_roles/401_test.go, "root key from different workspace": the key is not
/// found for it.
#[test]
fn remove_roles__root_key_from_different_workspace() {
    let s = two_workspaces();
    let (id, _) = key_with_role(&s, "admin_other_root");
    assert_key_not_found(&s.post_as(
        "/v2/keys.removeRoles",
        Some("other"),
        &json!({"keyId": id, "roles": ["admin_other_root"]}),
    ));
}

/// The 403 subtests of v2_keys_remove_roles/403_test.go: a root key holding `perms` only.
fn remove_roles_forbidden(perms: &[&str]) {
    let s = two_workspaces();
    let (id, role) = key_with_role(&s, "admin_forbidden");
    let rk = s.root_key(perms);
    assert_missing_one_of(&s.post_as(
        "/v2/keys.removeRoles",
        Some(&rk),
        &json!({"keyId": id, "roles": [role]}),
    ));
    assert_eq!(held(&s, &id, "roles"), ["admin_forbidden"]);
}

/// v2_keys_remove_roles/403_test.go, "root key with unrelated permissions".
#[test]
fn remove_roles__root_key_with_unrelated_permissions() {
    remove_roles_forbidden(&["different.permission.scope"]);
}

/// v2_keys_remove_roles/403_test.go, "root key with create permissions but not update".
#[test]
fn remove_roles__root_key_with_create_permissions_but_not_update() {
    remove_roles_forbidden(&["api.*.create_key"]);
}

/// v2_keys_remove_roles/403_test.go, "root key with delete permissions but not update".
#[test]
fn remove_roles__root_key_with_delete_permissions_but_not_update() {
    remove_roles_forbidden(&["api.*.delete_key"]);
}

/// v2_keys_remove_roles/403_test.go, "root key with specific API permissions but not
/// wildcard".
#[test]
fn remove_roles__root_key_with_specific_api_permissions_but_not_wildcard() {
    remove_roles_forbidden(&["api.specific.update_key"]);
}

/// v2_keys_remove_roles/403_test.go, "root key with mixed permissions but missing required".
#[test]
fn remove_roles__root_key_with_mixed_permissions_but_missing_required() {
    remove_roles_forbidden(&["api.*.create_key", "api.*.delete_key", "api.*.read_key"]);
}

/// v2_keys_remove_roles/404_test.go, "key from different workspace".
#[test]
fn remove_roles__key_from_different_workspace() {
    let s = two_workspaces();
    let (_, other_key) = key_as(&s, "other");
    role_as(&s, common::ROOT, "test_role_key_diff_workspace");
    assert_key_not_found(&s.call(
        "keys.removeRoles",
        json!({"keyId": other_key, "roles": ["test_role_key_diff_workspace"]}),
    ));
}

/// v2_keys_remove_roles/404_test.go, "multiple roles with one not found": nothing is removed.
#[test]
fn remove_roles__multiple_roles_with_one_not_found() {
    let s = two_workspaces();
    let (id, _) = key_with_role(&s, "admin_multi_remove");
    assert_role_not_found(
        &s.call(
            "keys.removeRoles",
            json!({"keyId": id, "roles": ["admin_multi_remove", "nonexistent_multi_remove"]}),
        ),
        "nonexistent_multi_remove",
    );
    assert_eq!(held(&s, &id, "roles"), ["admin_multi_remove"]);
}

// -- keys.setPermissions --

/// v2_keys_set_permissions/200_test.go, "urn update_key permission can set permissions".
#[test]
fn set_permissions__urn_update_key_permission_can_set_permissions() {
    let s = two_workspaces();
    let (api, id) = key(&s);
    let perm = permission_as(&s, common::ROOT, "documents.write.urn.set");
    let rk = s.root_key(&[&key_urn(&api, &id, "update_key")]);
    let r = s.post_as(
        "/v2/keys.setPermissions",
        Some(&rk),
        &json!({"keyId": id, "permissions": ["documents.write.urn.set"]}),
    );
    let data = r.data();
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], perm.as_str());
}

/// v2_keys_set_permissions/200_test.go, "set permissions using permission IDs": the previous
/// permission is replaced by the two given. Despite its name, upstream's test sends the slugs
/// (the handler finds permissions by slug only, `permission_find_by_slugs.sql`); ids are
/// `set_permissions__ids_are_new_slugs`.
#[test]
fn set_permissions__set_permissions_using_permission_ids() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.ids");
    let p2 = permission_as(&s, common::ROOT, "documents.write.ids");
    let p3 = permission_as(&s, common::ROOT, "documents.delete.ids");
    s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["documents.read.ids"]}),
    );
    let data = s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["documents.write.ids", "documents.delete.ids"]}),
    );
    let mut got: Vec<_> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    let mut want = vec![p2, p3];
    want.sort();
    assert_eq!(got, want);
    let mut now = held(&s, &id, "permissions");
    now.sort();
    assert_eq!(now, ["documents.delete.ids", "documents.write.ids"]);
}

/// v2_keys_set_permissions/200_test.go, "set permissions using permission names".
#[test]
fn set_permissions__set_permissions_using_permission_names() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.byname");
    let p2 = permission_as(&s, common::ROOT, "documents.write.byname");
    s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["documents.read.byname"]}),
    );
    let data = s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["documents.write.byname"]}),
    );
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], p2.as_str());
    assert_eq!(data[0]["name"], "documents.write.byname");
    assert_eq!(held(&s, &id, "permissions"), ["documents.write.byname"]);
}

/// v2_keys_set_permissions/200_test.go, "set empty permissions (remove all)".
#[test]
fn set_permissions__set_empty_permissions_remove_all() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.empty");
    permission_as(&s, common::ROOT, "documents.write.empty");
    s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["documents.read.empty", "documents.write.empty"]}),
    );
    assert_eq!(held(&s, &id, "permissions").len(), 2);
    assert_eq!(
        s.ok(
            "keys.setPermissions",
            json!({"keyId": id, "permissions": []})
        ),
        json!([])
    );
    assert!(held(&s, &id, "permissions").is_empty());
}

/// v2_keys_set_permissions/200_test.go, "set permissions with no changes (idempotent)".
#[test]
fn set_permissions__set_permissions_with_no_changes_idempotent() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let perm = permission_as(&s, common::ROOT, "documents.read.same");
    let body = json!({"keyId": id, "permissions": ["documents.read.same"]});
    s.ok("keys.setPermissions", body.clone());
    let data = s.ok("keys.setPermissions", body);
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], perm.as_str());
    assert_eq!(held(&s, &id, "permissions"), ["documents.read.same"]);
}

/// v2_keys_set_permissions/200_test.go, "create permission on-the-fly using slug": the slug is
/// its name too.
#[test]
fn set_permissions__create_permission_on_the_fly_using_slug() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let data = s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["documents.new.onthefly"]}),
    );
    assert_eq!(names(&data), ["documents.new.onthefly"]);
    let p = s.ok(
        "permissions.getPermission",
        json!({"permission": "documents.new.onthefly"}),
    );
    assert_eq!(p["name"], "documents.new.onthefly");
    assert_eq!(p["slug"], "documents.new.onthefly");
    assert_eq!(p["id"], data[0]["id"]);
}

/// v2_keys_set_permissions/200_test.go, TestSetPermissionsConcurrent: concurrent sets each
/// leave a whole set, the last writer's.
#[test]
fn set_permissions__concurrent() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let rk = s.root_key(&[
        "api.*.update_key",
        "rbac.*.remove_permission_from_key",
        "rbac.*.add_permission_to_key",
        "rbac.*.create_permission",
    ]);
    let perms: Vec<String> = (0..10)
        .map(|i| {
            let slug = format!("concurrent.set.permission.{i}");
            permission_as(&s, common::ROOT, &slug);
            slug
        })
        .collect();
    let sets: Vec<Vec<String>> = (0..10)
        .map(|i| vec![perms[i].clone(), perms[(i + 1) % 10].clone()])
        .collect();
    std::thread::scope(|t| {
        for set in &sets {
            let (s, rk, id) = (&s, &rk, &id);
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/keys.setPermissions",
                    Some(rk),
                    &json!({"keyId": id, "permissions": set}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    let mut now = held(&s, &id, "permissions");
    now.sort();
    assert!(
        sets.iter().any(|set| {
            let mut set = set.clone();
            set.sort();
            set == now
        }),
        "{now:?}"
    );
}

/// v2_keys_set_permissions/400_test.go, "missing permissions field".
#[test]
fn set_permissions__missing_permissions_field() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    s.call("keys.setPermissions", json!({"keyId": id}))
        .assert_schema_error("keys.setPermissions");
}

/// v2_keys_set_permissions/400_test.go, "invalid keyId format - too short": the schema takes
/// it, the key is not found.
#[test]
fn set_permissions__invalid_keyId_format_too_short() {
    let s = two_workspaces();
    assert_key_not_found(&s.call(
        "keys.setPermissions",
        json!({"keyId": "key_short", "permissions": []}),
    ));
}

/// v2_keys_set_permissions/400_test.go, "invalid keyId format - wrong prefix".
#[test]
fn set_permissions__invalid_keyId_format_wrong_prefix() {
    let s = two_workspaces();
    assert_key_not_found(&s.call(
        "keys.setPermissions",
        json!({"keyId": "wrong_1234567890123456789012345678901234567890", "permissions": []}),
    ));
}

/// v2_keys_set_permissions/400_test.go, "permission with empty string id and name".
#[test]
fn set_permissions__permission_with_empty_string_id_and_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    s.call(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": [""]}),
    )
    .assert_schema_error("keys.setPermissions");
}

/// v2_keys_set_permissions/400_test.go, "malformed JSON" (permissions as objects).
#[test]
fn set_permissions__malformed_json() {
    let s = two_workspaces();
    s.call(
        "keys.setPermissions",
        json!({"keyId": "key_1234567890123456789012345678901234567890", "permissions": [{"invalid": "structure"}]}),
    )
    .assert_schema_error("keys.setPermissions");
}

/// v2_keys_set_permissions/400_test.go, "permissions as string instead of array".
#[test]
fn set_permissions__permissions_as_string_instead_of_array() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    s.call(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": "not-an-array"}),
    )
    .assert_schema_error("keys.setPermissions");
}

/// The 403 subtests of v2_keys_set_permissions/403_test.go: a root key holding `perms` only.
fn set_permissions_forbidden(perms: &[&str]) {
    let s = two_workspaces();
    let (_, id) = key(&s);
    permission_as(&s, common::ROOT, "documents.read.forbidden");
    let rk = s.root_key(perms);
    assert_missing_one_of(&s.post_as(
        "/v2/keys.setPermissions",
        Some(&rk),
        &json!({"keyId": id, "permissions": ["documents.read.forbidden"]}),
    ));
    assert!(held(&s, &id, "permissions").is_empty());
}

/// v2_keys_set_permissions/403_test.go, "missing update_key permission".
#[test]
fn set_permissions__missing_update_key_permission() {
    set_permissions_forbidden(&["api.*.read_key"]);
}

/// v2_keys_set_permissions/403_test.go, "no permissions at all".
#[test]
fn set_permissions__no_permissions_at_all() {
    set_permissions_forbidden(&[]);
}

/// v2_keys_set_permissions/403_test.go, "permission for different resource".
#[test]
fn set_permissions__permission_for_different_resource() {
    set_permissions_forbidden(&["identity.*.update_identity"]);
}

/// v2_keys_set_permissions/404_test.go, "non-existent key ID".
#[test]
fn set_permissions__non_existent_key_id() {
    let s = two_workspaces();
    let perm = permission_as(&s, common::ROOT, "documents.read.notfound");
    assert_key_not_found(&s.call(
        "keys.setPermissions",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "permissions": [perm]}),
    ));
}

/// v2_keys_set_permissions/404_test.go, "key from different workspace (isolation)".
#[test]
fn set_permissions__key_from_different_workspace_isolation() {
    let s = two_workspaces();
    let (_, other_key) = key_as(&s, "other");
    let perm = permission_as(&s, common::ROOT, "documents.read.isolation");
    assert_key_not_found(&s.call(
        "keys.setPermissions",
        json!({"keyId": other_key, "permissions": [perm]}),
    ));
}

// -- keys.setRoles --

/// v2_keys_set_roles/200_test.go, "set single role".
#[test]
fn set_roles__set_single_role() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let role = role_as(&s, common::ROOT, "admin_set_single");
    let data = s.ok(
        "keys.setRoles",
        json!({"keyId": id, "roles": ["admin_set_single"]}),
    );
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], role.as_str());
    assert_eq!(data[0]["name"], "admin_set_single");
    assert_eq!(held(&s, &id, "roles"), ["admin_set_single"]);
}

/// v2_keys_set_roles/200_test.go, "replace existing roles".
#[test]
fn set_roles__replace_existing_roles() {
    let s = two_workspaces();
    let (id, _) = key_with_role(&s, "admin_replace_old");
    let new = role_as(&s, common::ROOT, "editor_replace_new");
    let data = s.ok(
        "keys.setRoles",
        json!({"keyId": id, "roles": ["editor_replace_new"]}),
    );
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], new.as_str());
    assert_eq!(data[0]["name"], "editor_replace_new");
    assert_eq!(held(&s, &id, "roles"), ["editor_replace_new"]);
}

/// v2_keys_set_roles/200_test.go, "set roles to empty - remove all roles".
#[test]
fn set_roles__set_roles_to_empty_remove_all_roles() {
    let s = two_workspaces();
    let (id, _) = key_with_role(&s, "admin_remove_all");
    assert_eq!(
        s.ok("keys.setRoles", json!({"keyId": id, "roles": []})),
        json!([])
    );
    assert!(held(&s, &id, "roles").is_empty());
}

/// v2_keys_set_roles/200_test.go, "set same roles as current - no changes".
#[test]
fn set_roles__set_same_roles_as_current_no_changes() {
    let s = two_workspaces();
    let (id, role) = key_with_role(&s, "admin_no_change");
    let data = s.ok(
        "keys.setRoles",
        json!({"keyId": id, "roles": ["admin_no_change"]}),
    );
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["id"], role.as_str());
    assert_eq!(data[0]["name"], "admin_no_change");
}

/// v2_keys_set_roles/200_test.go, TestSetRolesConcurrent: concurrent sets of one role each
/// leave exactly one (the last writer's).
#[test]
fn set_roles__concurrent() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let rk = s.root_key(&["api.*.update_key"]);
    let roles: Vec<String> = (0..10)
        .map(|i| {
            let name = format!("concurrent.set.role.{i}");
            role_as(&s, common::ROOT, &name);
            name
        })
        .collect();
    std::thread::scope(|t| {
        for name in &roles {
            let (s, rk, id) = (&s, &rk, &id);
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/keys.setRoles",
                    Some(rk),
                    &json!({"keyId": id, "roles": [name]}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    assert_eq!(held(&s, &id, "roles").len(), 1);
}

/// v2_keys_set_roles/200_test.go, TestValidationConcurrencyStress: many concurrent sets over a
/// few roles all succeed and leave one role.
#[test]
fn set_roles__validation_concurrency_stress() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let roles: Vec<String> = (0..3)
        .map(|i| {
            let name = format!("stress.role.{i}");
            role_as(&s, common::ROOT, &name);
            name
        })
        .collect();
    std::thread::scope(|t| {
        for i in 0..20 {
            let (s, id, name) = (&s, &id, &roles[i % 3]);
            t.spawn(move || {
                let r = s.call("keys.setRoles", json!({"keyId": id, "roles": [name]}));
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    assert_eq!(held(&s, &id, "roles").len(), 1);
}

/// v2_keys_set_roles/400_test.go, "malformed JSON body" (`roles` a string).
#[test]
fn set_roles__malformed_json_body() {
    let s = two_workspaces();
    s.call(
        "keys.setRoles",
        json!({"keyId": "key_123", "roles": "invalid_not_array"}),
    )
    .assert_schema_error("keys.setRoles");
}

/// v2_keys_set_roles/403_test.go, "missing update_key permission" (create_key only).
#[test]
fn set_roles__missing_update_key_permission() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let role = role_as(&s, common::ROOT, "admin_forbidden_set");
    let rk = s.root_key(&["api.*.create_key"]);
    assert_missing_one_of(&s.post_as(
        "/v2/keys.setRoles",
        Some(&rk),
        &json!({"keyId": id, "roles": [role]}),
    ));
}

/// v2_keys_set_roles/404_test.go, "non-existent key ID" (title and status as well).
#[test]
fn set_roles__non_existent_key_id() {
    let s = two_workspaces();
    let role = role_as(&s, common::ROOT, "admin_404");
    let r = s.call(
        "keys.setRoles",
        json!({"keyId": "key_nonexistent1234567890", "roles": [role]}),
    );
    assert_key_not_found(&r);
    assert_eq!(r.json()["error"]["title"], "Not Found");
}

/// v2_keys_set_roles/404_test.go, "non-existent role ID".
#[test]
fn set_roles__non_existent_role_id() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let r = s.call(
        "keys.setRoles",
        json!({"keyId": id, "roles": ["role_nonexistent1234567890"]}),
    );
    assert_role_not_found(&r, "role_nonexistent1234567890");
    assert_eq!(r.json()["error"]["title"], "Not Found");
}

/// v2_keys_set_roles/404_test.go, "non-existent role name".
#[test]
fn set_roles__non_existent_role_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    assert_role_not_found(
        &s.call(
            "keys.setRoles",
            json!({"keyId": id, "roles": ["nonexistent_role_name"]}),
        ),
        "nonexistent_role_name",
    );
}

/// v2_keys_set_roles/404_test.go, "key from different workspace".
#[test]
fn set_roles__key_from_different_workspace() {
    let s = two_workspaces();
    let (_, other_key) = key_as(&s, "other");
    let role = role_as(&s, common::ROOT, "admin_404_ws");
    assert_key_not_found(&s.call(
        "keys.setRoles",
        json!({"keyId": other_key, "roles": [role]}),
    ));
}

/// v2_keys_set_roles/404_test.go, "role from different workspace" / "by role ID".
#[test]
fn set_roles__role_from_different_workspace_by_role_id() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    let other = role_as(&s, "other", "other_workspace_role");
    assert_role_not_found(
        &s.call("keys.setRoles", json!({"keyId": id, "roles": [other]})),
        &other,
    );
}

/// v2_keys_set_roles/404_test.go, "role from different workspace" / "by role name".
#[test]
fn set_roles__role_from_different_workspace_by_role_name() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    role_as(&s, "other", "other_workspace_role");
    assert_role_not_found(
        &s.call(
            "keys.setRoles",
            json!({"keyId": id, "roles": ["other_workspace_role"]}),
        ),
        "other_workspace_role",
    );
}

/// v2_keys_set_roles/404_test.go, "multiple roles with first one non-existent".
#[test]
fn set_roles__multiple_roles_with_first_one_non_existent() {
    let s = two_workspaces();
    let (id, _) = key_with_role(&s, "admin_keep");
    let valid = role_as(&s, common::ROOT, "admin_valid");
    assert_role_not_found(
        &s.call(
            "keys.setRoles",
            json!({"keyId": id, "roles": ["role_nonexistent1234567890", valid]}),
        ),
        "role_nonexistent1234567890",
    );
    assert_eq!(held(&s, &id, "roles"), ["admin_keep"]);
}

/// v2_keys_set_roles/404_test.go, "valid key format but non-existent".
#[test]
fn set_roles__valid_key_format_but_non_existent() {
    let s = two_workspaces();
    let role = role_as(&s, common::ROOT, "admin_fmt");
    assert_key_not_found(&s.call(
        "keys.setRoles",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "roles": [role]}),
    ));
}

/// v2_keys_set_roles/404_test.go, "valid role format but non-existent".
#[test]
fn set_roles__valid_role_format_but_non_existent() {
    let s = two_workspaces();
    let (_, id) = key(&s);
    assert_role_not_found(
        &s.call(
            "keys.setRoles",
            json!({"keyId": id, "roles": ["role_2cGKbMxRyIzhCxo1Idjz8q"]}),
        ),
        "role_2cGKbMxRyIzhCxo1Idjz8q",
    );
}

// -- Lookups by name and slug only, and the add routes' order (upstream at fc99b6b9) --

/// Roles are found by name only: the key routes query `name IN (…)`
/// (`role_find_many_by_name_with_perms.sql`, `role_find_by_names.sql`) and match the rows'
/// names exactly in Go, so a role id, or the name in another case, is "not found"
/// (v2_keys_add_roles/404_test.go sends an id and expects this 404).
#[test]
fn roles__ids_and_other_cases_are_not_found() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let role = s.ok("permissions.createRole", json!({"name": "editor"}))["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    let (id, _) = s.create_key(json!({"apiId": api}));
    for wanted in [role.as_str(), "Editor"] {
        let detail = format!("Role '{wanted}' was not found.");
        for (op, body) in [
            ("keys.addRoles", json!({"keyId": id, "roles": [wanted]})),
            ("keys.setRoles", json!({"keyId": id, "roles": [wanted]})),
            ("keys.removeRoles", json!({"keyId": id, "roles": [wanted]})),
            ("keys.createKey", json!({"apiId": api, "roles": [wanted]})),
            ("keys.updateKey", json!({"keyId": id, "roles": [wanted]})),
        ] {
            s.call(op, body)
                .assert_error(404, "unkey/data/role_not_found", &detail);
        }
    }
    let d = s.ok("keys.addRoles", json!({"keyId": id, "roles": ["editor"]}));
    assert_eq!(d[0]["id"], role.as_str());
}

/// Permissions are found by slug only (`permission_find_by_slugs.sql`, `slug IN (…)`):
/// removePermissions answers an id as a missing permission
/// (v2_keys_remove_permissions/handler.go), and addPermissions creates a new permission whose
/// slug is the id's text (v2_keys_add_permissions/handler.go).
#[test]
fn permissions__ids_are_slugs() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let perm = s.ok(
        "permissions.createPermission",
        json!({"name": "docs.read", "slug": "docs.read"}),
    )["permissionId"]
        .as_str()
        .unwrap()
        .to_string();
    let (id, _) = s.create_key(json!({"apiId": api, "permissions": ["docs.read"]}));
    s.call(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": [perm]}),
    )
    .assert_error(
        404,
        "unkey/data/permission_not_found",
        &format!("Permission '{perm}' was not found."),
    );
    let d = s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": [perm]}),
    );
    let d = d.as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0]["id"], perm.as_str());
    assert_eq!(d[1]["slug"], perm.as_str());
    assert_ne!(d[1]["id"], perm.as_str());
}

/// addRoles and addPermissions answer the key's roles or permissions as they were, ordered by
/// name or slug (`role_list_by_key_id.sql` and `permission_list_direct_by_key_id.sql` end in
/// `ORDER BY`), then the added ones (v2_keys_add_roles/handler.go,
/// v2_keys_add_permissions/handler.go append them).
#[test]
fn add_roles_and_permissions__existing_sorted_then_added() {
    let s = Server::start(&[]);
    let api = s.create_api();
    for name in ["zz", "mm", "bb"] {
        s.ok("permissions.createRole", json!({"name": name}));
    }
    let (id, _) =
        s.create_key(json!({"apiId": api, "roles": ["zz", "mm"], "permissions": ["zz.p", "mm.p"]}));
    let names = |d: &serde_json::Value, field: &str| -> Vec<String> {
        d.as_array()
            .unwrap()
            .iter()
            .map(|x| x[field].as_str().unwrap().to_string())
            .collect()
    };
    let d = s.ok("keys.addRoles", json!({"keyId": id, "roles": ["bb"]}));
    assert_eq!(names(&d, "name"), ["mm", "zz", "bb"]);
    let d = s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["bb.p"]}),
    );
    assert_eq!(names(&d, "slug"), ["mm.p", "zz.p", "bb.p"]);
}

/// The key routes match the permissions their query finds (case-insensitively, as MySQL's
/// column compares) to the request's slugs exactly in Go, so another case is missing:
/// removePermissions answers its 404, and the routes that create missing permissions fail on
/// the case-insensitive unique `(workspace_id, slug)` index with a 500
/// (v2_keys_remove_permissions/handler.go, v2_keys_add_permissions/handler.go "Failed to
/// insert permissions.", v2_keys_create_key/handler.go "Failed to create permissions."). The
/// role routes match lower-cased slugs (v2_permissions_set_role_permissions/handler.go) and
/// find it.
#[test]
fn permissions__another_case_is_missing_on_key_routes() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "permissions": ["docs.read"]}));
    s.call(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["Docs.Read"]}),
    )
    .assert_error(
        404,
        "unkey/data/permission_not_found",
        "Permission 'Docs.Read' was not found.",
    );
    for op in ["keys.addPermissions", "keys.setPermissions"] {
        s.call(op, json!({"keyId": id, "permissions": ["Docs.Read"]}))
            .assert_error(
                500,
                "unkey/application/service_unavailable",
                "Failed to insert permissions.",
            );
    }
    s.call(
        "keys.createKey",
        json!({"apiId": api, "permissions": ["Docs.Read"]}),
    )
    .assert_error(
        500,
        "unkey/application/service_unavailable",
        "Failed to create permissions.",
    );
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": id}))["permissions"],
        json!(["docs.read"])
    );
    let role = s.ok("permissions.createRole", json!({"name": "cased"}))["roleId"].clone();
    let d = s.ok(
        "permissions.setRolePermissions",
        json!({"roleId": role, "permissions": ["Docs.Read"]}),
    );
    assert_eq!(d[0]["slug"], "docs.read");
}
