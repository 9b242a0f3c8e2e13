//! Route subtests of the real server (unkeyed/unkey at fc99b6b9, `svc/api/routes/v2_*`) that
//! earlier ports covered only for one route, or not at all: one test per Go subtest, named
//! `<route>__<subtest>` and documented with its Go file. The code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Resp, Server, ROOT};
use serde_json::{json, Value};

/// A server with the dashboard (run-time root keys) and a second workspace `ws_other` whose
/// root key is `other`.
fn start() -> Server {
    Server::start(&[
        "--dashboard",
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ])
}

/// An API and a key in it made by `root`; returns (apiId, keyId, key).
fn key_as(s: &Server, root: &str, body: Value) -> (String, String, String) {
    let api = s
        .post_as(
            "/v2/apis.createApi",
            Some(root),
            &json!({"name": "cases-api"}),
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

/// Creates a role named `name` with `root`; returns its id.
fn role_as(s: &Server, root: &str, name: &str) -> String {
    s.post_as(
        "/v2/permissions.createRole",
        Some(root),
        &json!({"name": name}),
    )
    .data()["roleId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Creates a permission whose name and slug are `slug` with `root`; returns its id.
fn permission_as(s: &Server, root: &str, slug: &str) -> String {
    s.post_as(
        "/v2/permissions.createPermission",
        Some(root),
        &json!({"name": slug, "slug": slug}),
    )
    .data()["permissionId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Sends `body` to `op` with `root`.
fn call(s: &Server, root: &str, op: &str, body: &Value) -> Resp {
    s.post_as(&format!("/v2/{op}"), Some(root), body)
}

/// The validator's 400 as the Go subtests check it: type, detail, status, title, a request id
/// and a non-empty `errors[]`.
fn assert_schema(r: &Resp, op: &str) {
    r.assert_schema_error(op);
    let body = r.json();
    assert_eq!(body["error"]["title"], "Bad Request");
    assert!(!body["error"]["errors"].as_array().unwrap().is_empty());
    assert!(body["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// A 403 `insufficient_permissions` listing the alternatives the handler accepts.
fn assert_missing_one_of(r: &Resp) {
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["error"];
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/authorization/insufficient_permissions"
    );
    assert_eq!(e["title"], "Insufficient Permissions");
    assert!(
        e["detail"]
            .as_str()
            .unwrap()
            .starts_with("Missing one of these permissions: "),
        "{e}"
    );
}

const KEY_GONE: &str = "The specified key was not found.";
const KEY_MISSING: &str = "We could not find the requested key.";
const API_GONE: &str = "The requested API does not exist or has been deleted.";
const NS_GONE: &str = "This namespace does not exist.";

/// One test per body the validator refuses: `name: op, body;`.
macro_rules! schema_cases {
    ($($(#[$doc:meta])* $name:ident: $op:literal, $body:tt;)*) => {
        $(
            $(#[$doc])*
            #[test]
            fn $name() {
                let s = Server::start(&[]);
                assert_schema(&call(&s, ROOT, $op, &json!($body)), $op);
            }
        )*
    };
}

schema_cases! {
    /// v2_apis_create_api/400_test.go, "empty name".
    create_api__empty_name: "apis.createApi", {"name": ""};
    /// v2_apis_get_api/400_test.go, "empty apiId".
    get_api__empty_apiId: "apis.getApi", {"apiId": ""};
    /// v2_apis_list_keys/400_test.go, "empty apiId".
    list_keys__empty_apiId: "apis.listKeys", {"apiId": ""};
    /// v2_apis_list_keys/404_test.go, "empty API ID" (upstream accepts a 400 or a 404).
    list_keys__empty_api_id: "apis.listKeys", {"apiId": ""};
    /// v2_identities_delete_identity/400_test.go, "missing externalID".
    delete_identity__missing_externalID: "identities.deleteIdentity", {};
    /// v2_identities_update_identity/400_test.go, "missing externalId".
    update_identity__missing_externalId: "identities.updateIdentity", {"meta": {"test": "value"}};
    /// v2_identities_update_identity/400_test.go, "empty externalId".
    update_identity__empty_externalId: "identities.updateIdentity",
        {"identity": "", "meta": {"test": "value"}};
    /// v2_keys_add_permissions/400_test.go, "missing keyId".
    add_permissions__missing_keyId: "keys.addPermissions", {"permissions": [{"id": "perm_123"}]};
    /// v2_keys_add_permissions/400_test.go, "empty keyId".
    add_permissions__empty_keyId: "keys.addPermissions",
        {"keyId": "", "permissions": [{"id": "perm_123"}]};
    /// v2_keys_add_permissions/400_test.go, "missing permissions".
    add_permissions__missing_permissions: "keys.addPermissions", {"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q"};
    /// v2_keys_add_permissions/400_test.go, "empty permissions array".
    add_permissions__empty_permissions_array: "keys.addPermissions",
        {"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "permissions": []};
    /// v2_keys_add_permissions/400_test.go, "invalid keyId format" (too short).
    add_permissions__invalid_keyId_format: "keys.addPermissions",
        {"keyId": "ab", "permissions": [{"id": "perm_123"}]};
    /// v2_keys_add_roles/400_test.go, "missing keyId".
    add_roles__missing_keyId: "keys.addRoles", {"roles": [{"id": "role_123"}]};
    /// v2_keys_add_roles/400_test.go, "missing roles".
    add_roles__missing_roles: "keys.addRoles", {"keyId": "key_123"};
    /// v2_keys_add_roles/400_test.go, "invalid keyId format" (too short).
    add_roles__invalid_keyId_format: "keys.addRoles", {"keyId": "ab", "roles": [{"id": "role_123"}]};
    /// v2_keys_remove_permissions/400_test.go, "missing keyId".
    remove_permissions__missing_keyId: "keys.removePermissions", {"permissions": [{"id": "perm_123"}]};
    /// v2_keys_remove_permissions/400_test.go, "empty keyId".
    remove_permissions__empty_keyId: "keys.removePermissions",
        {"keyId": "", "permissions": [{"id": "perm_123"}]};
    /// v2_keys_remove_permissions/400_test.go, "missing permissions".
    remove_permissions__missing_permissions: "keys.removePermissions",
        {"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q"};
    /// v2_keys_remove_permissions/400_test.go, "empty permissions array".
    remove_permissions__empty_permissions_array: "keys.removePermissions",
        {"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", "permissions": []};
    /// v2_keys_remove_permissions/400_test.go, "invalid keyId format" (too short).
    remove_permissions__invalid_keyId_format: "keys.removePermissions",
        {"keyId": "ab", "permissions": [{"id": "perm_123"}]};
    /// v2_keys_remove_roles/400_test.go, "empty keyId string".
    remove_roles__empty_keyId_string: "keys.removeRoles", {"keyId": "", "roles": ["role_123"]};
    /// v2_keys_set_permissions/400_test.go, "missing keyId".
    set_permissions__missing_keyId: "keys.setPermissions", {"permissions": []};
    /// v2_keys_set_roles/400_test.go, "missing keyId".
    set_roles__missing_keyId: "keys.setRoles", {"roles": [{"id": "role_123"}]};
    /// v2_keys_set_roles/400_test.go, "missing roles".
    set_roles__missing_roles: "keys.setRoles", {"keyId": "key_123"};
    /// v2_keys_set_roles/400_test.go, "invalid keyId format" (too short).
    set_roles__invalid_keyId_format: "keys.setRoles", {"keyId": "ab", "roles": [{"id": "role_123"}]};
    /// v2_keys_migrate_keys/400_test.go, "empty apiId".
    migrate_keys__empty_apiId: "keys.migrateKeys", {"apiId": ""};
    /// v2_permissions_create_role/400_test.go, "missing name".
    create_role__missing_name: "permissions.createRole", {};
    /// v2_permissions_create_role/400_test.go, "empty name".
    create_role__empty_name: "permissions.createRole", {"name": ""};
    /// v2_permissions_set_role_permissions/handler_test.go, "malformed requests" / "missing
    /// permissions".
    set_role_permissions__missing_permissions: "permissions.setRolePermissions",
        {"roleId": "role_missing"};
    /// v2_ratelimit_get_override/400_test.go, "missing all required fields".
    get_override__missing_all_required_fields: "ratelimit.getOverride", {};
    /// v2_ratelimit_get_override/400_test.go, "missing identifier".
    get_override__missing_identifier: "ratelimit.getOverride", {"namespace": "not_empty"};
    /// v2_ratelimit_get_override/400_test.go, "empty identifier".
    get_override__empty_identifier: "ratelimit.getOverride",
        {"namespace": "not_empty", "identifier": ""};
    /// v2_ratelimit_multi_limit/400_test.go, "negative cost".
    multi_limit__negative_cost: "ratelimit.multiLimit",
        [{"namespace": "test_ns", "identifier": "user_123", "limit": 100, "duration": 60000, "cost": -5}];
    /// v2_ratelimit_multi_limit/400_test.go, "missing namespace in request".
    multi_limit__missing_namespace_in_request: "ratelimit.multiLimit",
        [{"namespace": "", "identifier": "user_123", "limit": 100, "duration": 60000}];
}

/// The migrateKeys 400 subtests send no `migrationId`; besides that, the one field they are
/// about is refused at `location`.
fn migrate_keys_refuses(key: Value, location: &str) {
    let s = Server::start(&[]);
    let r = call(
        &s,
        ROOT,
        "keys.migrateKeys",
        &json!({"apiId": "api_1234567890", "keys": [key]}),
    );
    assert_schema(&r, "keys.migrateKeys");
    let errors = r.json()["error"]["errors"].clone();
    assert!(
        errors
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["location"] == location),
        "{errors}"
    );
}

/// v2_keys_migrate_keys/400_test.go, "negative expires timestamp".
#[test]
fn migrate_keys__negative_expires_timestamp() {
    migrate_keys_refuses(
        json!({"hash": "prefix_hash", "expires": -1}),
        "/properties/keys/items/properties/expires/minimum",
    );
}

/// v2_keys_migrate_keys/400_test.go, "empty permission in list".
#[test]
fn migrate_keys__empty_permission_in_list() {
    migrate_keys_refuses(
        json!({"hash": "prefix_hash", "permissions": [""]}),
        "/properties/keys/items/properties/permissions/items/minLength",
    );
}

/// v2_keys_migrate_keys/400_test.go, "empty role in list".
#[test]
fn migrate_keys__empty_role_in_list() {
    migrate_keys_refuses(
        json!({"hash": "prefix_hash", "roles": [""]}),
        "/properties/keys/items/properties/roles/items/minLength",
    );
}

/// v2_keys_migrate_keys/400_test.go, "permission too long" (513 characters).
#[test]
fn migrate_keys__permission_too_long() {
    migrate_keys_refuses(
        json!({"hash": "prefix_hash", "permissions": ["a".repeat(513)]}),
        "/properties/keys/items/properties/permissions/items/maxLength",
    );
}

/// v2_keys_migrate_keys/400_test.go, "role too long" (513 characters).
#[test]
fn migrate_keys__role_too_long() {
    migrate_keys_refuses(
        json!({"hash": "prefix_hash", "roles": ["a".repeat(513)]}),
        "/properties/keys/items/properties/roles/items/maxLength",
    );
}

/// v2_permissions_list_permissions/400_test.go, "search exceeding max length" (257).
#[test]
fn list_permissions__search_exceeding_max_length() {
    let s = Server::start(&[]);
    let r = call(
        &s,
        ROOT,
        "permissions.listPermissions",
        &json!({"search": "a".repeat(257)}),
    );
    assert_schema(&r, "permissions.listPermissions");
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/search/maxLength"
    );
}

/// v2_permissions_list_roles/400_test.go, "search exceeding max length" (257).
#[test]
fn list_roles__search_exceeding_max_length() {
    let s = Server::start(&[]);
    let r = call(
        &s,
        ROOT,
        "permissions.listRoles",
        &json!({"search": "a".repeat(257)}),
    );
    assert_schema(&r, "permissions.listRoles");
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/search/maxLength"
    );
}

// ---- not found ----

/// The rbac operations' "key not found" subtests (400_test.go and 404_test.go carry the same
/// one): an unknown key is the handler's 404.
fn rbac_key_not_found(op: &str, field: &str, by_slug: bool) {
    let s = start();
    let name = format!("{field}.keynotfound");
    let value = if field == "roles" {
        role_as(&s, ROOT, &name)
    } else {
        let id = permission_as(&s, ROOT, &name);
        if by_slug {
            name
        } else {
            id
        }
    };
    s.call(
        op,
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q", field: [value]}),
    )
    .assert_error(404, "unkey/data/key_not_found", KEY_GONE);
}

/// v2_keys_add_permissions/404_test.go, "key not found" (the permission named by slug).
#[test]
fn add_permissions__key_not_found() {
    rbac_key_not_found("keys.addPermissions", "permissions", true);
}

/// v2_keys_add_permissions/400_test.go, "key not found" (the same subtest name in the 400
/// file; the permission named by id, answered with the key's 404 too).
#[test]
fn add_permissions__key_not_found_in_400_test_go() {
    rbac_key_not_found("keys.addPermissions", "permissions", false);
}

/// v2_keys_add_roles/404_test.go, "key not found".
#[test]
fn add_roles__key_not_found() {
    rbac_key_not_found("keys.addRoles", "roles", false);
}

/// v2_keys_remove_permissions/404_test.go, "key not found".
#[test]
fn remove_permissions__key_not_found() {
    rbac_key_not_found("keys.removePermissions", "permissions", false);
}

/// v2_keys_remove_permissions/400_test.go, "key not found" (the same request as the 404 file's
/// subtest of that name).
#[test]
fn remove_permissions__key_not_found_in_400_test_go() {
    rbac_key_not_found("keys.removePermissions", "permissions", false);
}

/// v2_keys_remove_roles/404_test.go, "key not found".
#[test]
fn remove_roles__key_not_found() {
    rbac_key_not_found("keys.removeRoles", "roles", false);
}

/// v2_keys_remove_roles/400_test.go, "key not found" (the same request as the 404 file's
/// subtest of that name).
#[test]
fn remove_roles__key_not_found_in_400_test_go() {
    rbac_key_not_found("keys.removeRoles", "roles", false);
}

/// v2_keys_remove_roles/400_test.go, "invalid keyId format": any string is a key id to the
/// schema; no key has it.
#[test]
fn remove_roles__invalid_keyId_format() {
    let s = start();
    let role = role_as(&s, ROOT, "test_role_invalid_keyid");
    s.call(
        "keys.removeRoles",
        json!({"keyId": "invalid_key_format", "roles": [role]}),
    )
    .assert_error(404, "unkey/data/key_not_found", KEY_GONE);
}

/// v2_keys_delete_key/404_test.go, "nonexistent keyId".
#[test]
fn delete_key__nonexistent_keyId() {
    let s = start();
    s.call(
        "keys.deleteKey",
        json!({"keyId": "key_2cGKbMxRyIzhCxo1Idjz8q"}),
    )
    .assert_error(404, "unkey/data/key_not_found", KEY_MISSING);
}

/// v2_apis_list_keys/400_test.go, "invalid apiId format" (upstream accepts 400 or 404): the
/// schema takes it, no API has it.
#[test]
fn list_keys__invalid_apiId_format() {
    let s = start();
    call(
        &s,
        ROOT,
        "apis.listKeys",
        &json!({"apiId": "invalid_format_123"}),
    )
    .assert_error(404, "unkey/data/api_not_found", API_GONE);
}

/// v2_apis_list_keys/400_test.go, "empty external ID" (upstream accepts 200, 400 or 404): the
/// schema refuses an empty `externalId`.
#[test]
fn list_keys__empty_external_ID() {
    let s = start();
    let r = call(
        &s,
        ROOT,
        "apis.listKeys",
        &json!({"apiId": "api_1234567890", "externalId": ""}),
    );
    assert_schema(&r, "apis.listKeys");
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/externalId/minLength"
    );
}

/// v2_apis_list_keys/404_test.go, "verify error response structure".
#[test]
fn list_keys__verify_error_response_structure_404() {
    let s = start();
    let r = s.call(
        "apis.listKeys",
        json!({"apiId": "api_definitely_does_not_exist"}),
    );
    r.assert_error(404, "unkey/data/api_not_found", API_GONE);
    assert_eq!(r.json()["error"]["title"], "Not Found");
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// v2_apis_list_keys/401_test.go, "verify error response structure".
#[test]
fn list_keys__verify_error_response_structure_401() {
    let s = start();
    let r = call(
        &s,
        "clearly_invalid_token_format",
        "apis.listKeys",
        &json!({"apiId": "api_1234567890"}),
    );
    r.assert_error(
        401,
        "unkey/authentication/key_not_found",
        "The provided root key is invalid. We could not find the requested key.",
    );
    assert_eq!(r.json()["error"]["title"], "Unauthorized");
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// v2_apis_list_keys/403_test.go, "verify error response structure": a root key that may not
/// read keys gets the API's masked 404.
#[test]
fn list_keys__verify_error_response_structure_403() {
    let s = start();
    let (api, _, _) = key_as(&s, ROOT, json!({}));
    let rk = s.root_key(&["workspace.read"]);
    let r = call(&s, &rk, "apis.listKeys", &json!({"apiId": api}));
    r.assert_error(404, "unkey/data/api_not_found", API_GONE);
    assert_eq!(r.json()["error"]["title"], "Not Found");
}

/// v2_identities_get_identity/404_test.go, "deleted identity".
#[test]
fn get_identity__deleted_identity() {
    let s = start();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_deleted"}),
    );
    s.ok(
        "identities.deleteIdentity",
        json!({"identity": "test_deleted"}),
    );
    call(
        &s,
        ROOT,
        "identities.getIdentity",
        &json!({"identity": "test_deleted"}),
    )
    .assert_error(
        404,
        "unkey/data/identity_not_found",
        "This identity does not exist.",
    );
}

/// v2_ratelimit_delete_override/404_test.go, "namespace not found" (Go's root key may delete
/// the overrides of one other namespace).
#[test]
fn delete_override__namespace_not_found() {
    let s = start();
    let rk = key_for_other_namespace(&s, "delete_override");
    call(
        &s,
        &rk,
        "ratelimit.deleteOverride",
        &json!({"namespace": "ns_nonexistent", "identifier": "some_identifier"}),
    )
    .assert_error(404, "unkey/data/ratelimit_namespace_not_found", NS_GONE);
}

/// The root key of upstream's override 404 tests: `ratelimit.<id>.<action>` for a namespace
/// that exists, so a request naming another namespace meets the lookup's 404, not a 403.
fn key_for_other_namespace(s: &Server, action: &str) -> String {
    let r = s.request(
        "POST",
        "/_local/dashboard/namespace",
        &[],
        json!({"namespace": "scoped_ns"}).to_string().as_bytes(),
    );
    let id = r.json()["namespaceId"].as_str().unwrap().to_string();
    s.root_key(&[&format!("ratelimit.{id}.{action}")])
}

/// v2_ratelimit_get_override/404_test.go, "namespace not found" (Go's root key may read the
/// overrides of one other namespace).
#[test]
fn get_override__namespace_not_found() {
    let s = start();
    let rk = key_for_other_namespace(&s, "read_override");
    call(
        &s,
        &rk,
        "ratelimit.getOverride",
        &json!({"namespace": "ns_nonexistent", "identifier": "some_identifier"}),
    )
    .assert_error(404, "unkey/data/ratelimit_namespace_not_found", NS_GONE);
}

/// v2_apis_get_api/400_test.go, "valid request": a body the schema takes, with a root key
/// sent without `Bearer `.
#[test]
fn get_api__valid_request() {
    let s = start();
    let rk = s.root_key(&["api.*.read_api"]);
    let r = s.request(
        "POST",
        "/v2/apis.getApi",
        &[("Content-Type", "application/json"), ("Authorization", &rk)],
        br#"{"apiId": "api_valid_test_id"}"#,
    );
    r.assert_error(
        400,
        "unkey/authentication/malformed",
        "You must provide a valid root key in the Authorization header in the format 'Bearer ROOT_KEY'. Your authorization header is missing the 'Bearer ' prefix.",
    );
}

/// v2_permissions_set_role_permissions/handler_test.go, "unauthenticated".
#[test]
fn set_role_permissions__unauthenticated() {
    let s = start();
    call(
        &s,
        "invalid",
        "permissions.setRolePermissions",
        &json!({"roleId": "role_missing", "permissions": []}),
    )
    .assert_error(
        401,
        "unkey/authentication/key_not_found",
        "The provided root key is invalid. We could not find the requested key.",
    );
}

// ---- forbidden ----

/// One test per subtest whose root key holds `perms` and is refused with the handler's list.
macro_rules! forbidden_cases {
    ($($(#[$doc:meta])* $name:ident: $op:literal, $perms:expr, |$s:ident| $body:expr;)*) => {
        $(
            $(#[$doc])*
            #[test]
            fn $name() {
                let $s = start();
                let body: Value = $body;
                let rk = $s.root_key(&$perms);
                assert_missing_one_of(&call(&$s, &rk, $op, &body));
            }
        )*
    };
}

forbidden_cases! {
    /// v2_keys_add_permissions/403_test.go, "root key without required permissions".
    add_permissions__root_key_without_required_permissions: "keys.addPermissions",
        ["some.other.permission"], |s| {
            let (_, id, _) = key_as(&s, ROOT, json!({}));
            permission_as(&s, ROOT, "documents.read.forbidden");
            json!({"keyId": id, "permissions": ["documents.read.forbidden"]})
        };
    /// v2_keys_add_permissions/403_test.go, "root key with partial permissions".
    add_permissions__root_key_with_partial_permissions: "keys.addPermissions",
        ["api.read.update_key"], |s| {
            let (_, id, _) = key_as(&s, ROOT, json!({}));
            permission_as(&s, ROOT, "documents.read.forbidden");
            json!({"keyId": id, "permissions": ["documents.read.forbidden"]})
        };
    /// v2_keys_remove_permissions/403_test.go, "root key without required permissions".
    remove_permissions__root_key_without_required_permissions: "keys.removePermissions",
        ["some.other.permission"], |s| {
            let (_, id, _) = key_as(&s, ROOT, json!({"permissions": ["documents.read.forbidden"]}));
            json!({"keyId": id, "permissions": ["documents.read.forbidden"]})
        };
    /// v2_keys_remove_permissions/403_test.go, "root key with partial permissions".
    remove_permissions__root_key_with_partial_permissions: "keys.removePermissions",
        ["api.read.update_key"], |s| {
            let (_, id, _) = key_as(&s, ROOT, json!({"permissions": ["documents.read.forbidden"]}));
            json!({"keyId": id, "permissions": ["documents.read.forbidden"]})
        };
    /// v2_keys_remove_roles/403_test.go, "root key without required permissions".
    remove_roles__root_key_without_required_permissions: "keys.removeRoles", [], |s| {
            let role = role_as(&s, ROOT, "test_role_no_perms");
            let (_, id, _) = key_as(&s, ROOT, json!({"roles": ["test_role_no_perms"]}));
            json!({"keyId": id, "roles": [role]})
        };
    /// v2_keys_remove_roles/403_test.go, "root key with partial permissions".
    remove_roles__root_key_with_partial_permissions: "keys.removeRoles",
        ["api.read.update_key"], |s| {
            let role = role_as(&s, ROOT, "test_role_partial");
            let (_, id, _) = key_as(&s, ROOT, json!({"roles": ["test_role_partial"]}));
            json!({"keyId": id, "roles": [role]})
        };
    /// v2_keys_reroll_key/403_test.go, "no permissions".
    reroll_key__no_permissions: "keys.rerollKey", [], |s| {
            let (_, id, _) = key_as(&s, ROOT, json!({}));
            json!({"keyId": id, "expiration": 0})
        };
    /// v2_keys_set_permissions/403_test.go, "insufficient permissions" (read and create, no
    /// update).
    set_permissions__insufficient_permissions: "keys.setPermissions",
        ["api.*.read_key", "api.*.create_key"], |s| {
            let (_, id, _) = key_as(&s, ROOT, json!({}));
            json!({"keyId": id, "permissions": ["documents.read"]})
        };
    /// v2_keys_set_roles/403_test.go, "no permissions".
    set_roles__no_permissions: "keys.setRoles", [], |s| {
            let role = role_as(&s, ROOT, "test_role_set");
            let (_, id, _) = key_as(&s, ROOT, json!({}));
            json!({"keyId": id, "roles": [role]})
        };
    /// v2_keys_update_credits/403_test.go, "no permissions".
    update_credits__no_permissions: "keys.updateCredits", [], |s| {
            let (_, id, _) = key_as(&s, ROOT, json!({"credits": {"remaining": 5}}));
            json!({"keyId": id, "operation": "set", "value": 10})
        };
    /// v2_keys_migrate_keys/403_test.go, "no permissions".
    migrate_keys__no_permissions: "keys.migrateKeys", [], |s| {
            let (api, _, _) = key_as(&s, ROOT, json!({}));
            json!({"apiId": api, "migrationId": "mig_x", "keys": [{"hash": "abc"}]})
        };
    /// v2_keys_migrate_keys/403_test.go, "wrong permission - has read but not create".
    migrate_keys__wrong_permission_has_read_but_not_create: "keys.migrateKeys",
        ["api.*.read_key"], |s| {
            let (api, _, _) = key_as(&s, ROOT, json!({}));
            json!({"apiId": api, "migrationId": "mig_x", "keys": [{"hash": "abc"}]})
        };
    /// v2_keys_migrate_keys/403_test.go, "unrelated permission".
    migrate_keys__unrelated_permission: "keys.migrateKeys", ["workspace.read"], |s| {
            let (api, _, _) = key_as(&s, ROOT, json!({}));
            json!({"apiId": api, "migrationId": "mig_x", "keys": [{"hash": "abc"}]})
        };
    /// v2_permissions_delete_role/403_test.go, "no permissions".
    delete_role__no_permissions: "permissions.deleteRole", [], |s| {
            json!({"role": role_as(&s, ROOT, "test.role.keep")})
        };
    /// v2_permissions_get_permission/403_test.go, "no permissions".
    get_permission__no_permissions: "permissions.getPermission", [], |s| {
            json!({"permission": permission_as(&s, ROOT, "test.permission")})
        };
    /// v2_permissions_get_role/403_test.go, "no permissions".
    get_role__no_permissions: "permissions.getRole", [], |s| {
            json!({"role": role_as(&s, ROOT, "test.role")})
        };
    /// v2_identities_list_identities/403_test.go, "no permission to read any identity".
    list_identities__no_permission_to_read_any_identity: "identities.listIdentities", [], |s| {
            s.ok("identities.createIdentity", json!({"externalId": "test_user_default"}));
            json!({})
        };
    /// v2_apis_get_api/403_test.go, "no permissions".
    get_api__no_permissions: "apis.getApi", [], |s| {
            json!({"apiId": key_as(&s, ROOT, json!({})).0})
        };
    /// v2_apis_get_api/403_test.go, "wrong api permission" (`create_api`).
    get_api__wrong_api_permission: "apis.getApi", ["api.*.create_api"], |s| {
            json!({"apiId": key_as(&s, ROOT, json!({})).0})
        };
    /// v2_apis_get_api/200_test.go, "authorization scopes" / "wildcard permission": `*` is a
    /// literal permission, not a wildcard.
    get_api__wildcard_permission: "apis.getApi", ["*"], |s| {
            json!({"apiId": key_as(&s, ROOT, json!({})).0})
        };
}

/// whoami with a root key holding `perms`: the denial is wrapped as the key's 404, and the
/// answer's detail joins both public messages (fault.UserFacingMessage).
fn whoami_masked(perms: &[&str]) {
    let s = start();
    let (api, id, key) = key_as(&s, ROOT, json!({}));
    let rk = s.root_key(perms);
    let ks = format!("ks_{}", api.strip_prefix("api_").unwrap());
    call(&s, &rk, "keys.whoami", &json!({"key": key})).assert_error(
        404,
        "unkey/data/key_not_found",
        &format!(
            "{KEY_GONE} Missing one of these permissions: api.*.read_key or api.{api}.read_key or unkey:v1:ws_local:keyspaces/{ks}/keys/{id}#read_key"
        ),
    );
}

/// v2_keys_whoami/404_test.go, "no permissions".
#[test]
fn whoami__no_permissions() {
    whoami_masked(&[]);
}

/// v2_keys_whoami/404_test.go, "wrong permission - has create but not read".
#[test]
fn whoami__wrong_permission_has_create_but_not_read() {
    whoami_masked(&["api.*.create_key"]);
}

/// v2_permissions_create_role/403_test.go, "missing create_permission permission": a missing
/// permission slug needs create_permission; nothing is created.
#[test]
fn create_role__missing_create_permission_permission() {
    let s = start();
    permission_as(&s, ROOT, "documents.read.existing.create.role");
    let rk = s.root_key(&["rbac.*.create_role", "rbac.*.add_permission_to_role"]);
    let r = call(
        &s,
        &rk,
        "permissions.createRole",
        &json!({"name": "test.role.missing.create", "permissions": [
            "documents.read.existing.create.role", "documents.write.missing.create.role"
        ]}),
    );
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing permission: 'rbac.*.create_permission'",
    );
    call(
        &s,
        ROOT,
        "permissions.getRole",
        &json!({"role": "test.role.missing.create"}),
    )
    .assert_error(
        404,
        "unkey/data/role_not_found",
        "The requested role does not exist.",
    );
    assert_eq!(
        s.ok("permissions.listPermissions", json!({}))
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

// ---- other workspaces ----

/// A root key of a workspace that does not exist (`/_local/dashboard/root-keys` with
/// `workspaceMissing`), holding `perms`.
fn root_key_of_missing_workspace(s: &Server, perms: &[&str]) -> String {
    let r = s.request(
        "POST",
        "/_local/dashboard/root-keys",
        &[("Content-Type", "application/json")],
        json!({"permissions": perms, "workspace": "ws_nonexistent", "workspaceMissing": true})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()["key"].as_str().unwrap().to_string()
}

/// The 404 of a root key whose workspace does not exist.
fn assert_workspace_missing(r: &Resp) {
    r.assert_error(
        404,
        "unkey/data/workspace_not_found",
        "The provided root key is invalid. The requested workspace does not exist.",
    );
}

/// v2_apis_delete_api/403_test.go, "wrong workspace": a root key of a workspace that does not
/// exist; the API stays.
#[test]
fn delete_api__wrong_workspace() {
    let s = start();
    let (api, _, _) = key_as(&s, ROOT, json!({}));
    let rk = root_key_of_missing_workspace(&s, &["api.*.delete_api"]);
    assert_workspace_missing(&call(&s, &rk, "apis.deleteApi", &json!({"apiId": api})));
    assert_eq!(
        s.ok("apis.getApi", json!({"apiId": api}))["id"],
        api.as_str()
    );
}

/// v2_permissions_create_permission/403_test.go, "wrong workspace" (upstream accepts 403 or
/// 404): the root key's workspace does not exist.
#[test]
fn create_permission__wrong_workspace() {
    let s = start();
    let rk = root_key_of_missing_workspace(&s, &["rbac.*.create_permission"]);
    assert_workspace_missing(&call(
        &s,
        &rk,
        "permissions.createPermission",
        &json!({"name": "test.permission.wrong.workspace", "slug": "test-permission-wrong-workspace"}),
    ));
    assert_eq!(s.ok("permissions.listPermissions", json!({})), json!([]));
}

/// v2_permissions_create_role/403_test.go, "wrong workspace": another workspace's root key
/// creates the role in its own workspace, none in this one.
#[test]
fn create_role__wrong_workspace() {
    let s = start();
    let rk = s.root_key_in(Some("ws_other"), &["rbac.*.create_role"]);
    let r = call(
        &s,
        &rk,
        "permissions.createRole",
        &json!({"name": "test.role.wrong.workspace"}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    call(
        &s,
        ROOT,
        "permissions.getRole",
        &json!({"role": "test.role.wrong.workspace"}),
    )
    .assert_error(
        404,
        "unkey/data/role_not_found",
        "The requested role does not exist.",
    );
}

/// v2_permissions_delete_permission/403_test.go, "wrong workspace": not found, and kept.
#[test]
fn delete_permission__wrong_workspace() {
    let s = start();
    let id = permission_as(&s, ROOT, "test.permission.keep");
    let rk = s.root_key_in(Some("ws_other"), &["rbac.*.delete_permission"]);
    call(
        &s,
        &rk,
        "permissions.deletePermission",
        &json!({"permission": id}),
    )
    .assert_error(
        404,
        "unkey/data/permission_not_found",
        "The requested permission does not exist.",
    );
    assert_eq!(
        s.ok("permissions.getPermission", json!({"permission": id}))["id"],
        id.as_str()
    );
}

/// v2_permissions_list_permissions/403_test.go, "wrong workspace": another workspace's
/// permissions are not listed.
#[test]
fn list_permissions__wrong_workspace() {
    let s = start();
    permission_as(&s, "other", "other.workspace.permission");
    permission_as(&s, ROOT, "own.permission");
    let rk = s.root_key(&["rbac.*.read_permission"]);
    let d = call(&s, &rk, "permissions.listPermissions", &json!({})).data();
    assert_eq!(d.as_array().unwrap().len(), 1);
    assert_eq!(d[0]["name"], "own.permission");
}

/// v2_permissions_list_roles/403_test.go, "wrong workspace".
#[test]
fn list_roles__wrong_workspace() {
    let s = start();
    role_as(&s, "other", "other.workspace.role");
    role_as(&s, ROOT, "own.role");
    let rk = s.root_key(&["rbac.*.read_role"]);
    let d = call(&s, &rk, "permissions.listRoles", &json!({})).data();
    assert_eq!(d.as_array().unwrap().len(), 1);
    assert_eq!(d[0]["name"], "own.role");
}

/// A key of `ws_other` sent to `op` by a root key of this workspace holding `perms`: the key
/// is not found.
fn foreign_key(op: &str, perms: &[&str], body: impl Fn(&str, &str) -> Value) {
    let s = start();
    let (_, id, key) = key_as(&s, "other", json!({}));
    let rk = s.root_key(perms);
    call(&s, &rk, op, &body(&id, &key)).assert_error(404, "unkey/data/key_not_found", KEY_GONE);
}

/// v2_keys_add_permissions/403_test.go, "key belongs to different workspace".
#[test]
fn add_permissions__key_belongs_to_different_workspace() {
    foreign_key(
        "keys.addPermissions",
        &["api.*.update_key", "rbac.*.add_permission_to_key"],
        |id, _| json!({"keyId": id, "permissions": ["documents.read"]}),
    );
}

/// v2_keys_remove_permissions/403_test.go, "key belongs to different workspace".
#[test]
fn remove_permissions__key_belongs_to_different_workspace() {
    foreign_key(
        "keys.removePermissions",
        &["api.*.update_key"],
        |id, _| json!({"keyId": id, "permissions": ["documents.read"]}),
    );
}

/// v2_keys_add_roles/403_test.go, "cross workspace access".
#[test]
fn add_roles__cross_workspace_access() {
    foreign_key(
        "keys.addRoles",
        &["api.*.update_key"],
        |id, _| json!({"keyId": id, "roles": ["role_123"]}),
    );
}

/// v2_keys_reroll_key/404_test.go, "key belongs to different workspace".
#[test]
fn reroll_key__key_belongs_to_different_workspace() {
    foreign_key(
        "keys.rerollKey",
        &["api.*.create_key"],
        |id, _| json!({"keyId": id, "expiration": 0}),
    );
}

/// The cross-workspace subtests whose root key belongs to `ws_other` and the key to this
/// workspace.
fn from_other_workspace(op: &str, perms: &[&str], body: impl Fn(&str, &str) -> Value) {
    let s = start();
    let (_, id, key) = key_as(&s, ROOT, json!({"credits": {"remaining": 5}}));
    let rk = s.root_key_in(Some("ws_other"), perms);
    call(&s, &rk, op, &body(&id, &key)).assert_error(404, "unkey/data/key_not_found", KEY_GONE);
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": id}))["keyId"],
        id.as_str()
    );
}

/// v2_keys_delete_key/403_test.go, "cross workspace access": the key stays.
#[test]
fn delete_key__cross_workspace_access() {
    from_other_workspace(
        "keys.deleteKey",
        &["api.*.delete_key"],
        |id, _| json!({"keyId": id}),
    );
}

/// v2_keys_update_credits/403_test.go, "cross workspace access".
#[test]
fn update_credits__cross_workspace_access() {
    from_other_workspace(
        "keys.updateCredits",
        &["api.*.update_key"],
        |id, _| json!({"keyId": id, "operation": "set", "value": 10}),
    );
}

/// v2_keys_whoami/404_test.go, "cross workspace access".
#[test]
fn whoami__cross_workspace_access() {
    from_other_workspace(
        "keys.whoami",
        &["api.*.read_key", "api.*.read_api"],
        |_, key| json!({"key": key}),
    );
}

/// v2_apis_list_keys/403_test.go, "cross workspace access".
#[test]
fn list_keys__cross_workspace_access() {
    let s = start();
    let (api, _, _) = key_as(&s, ROOT, json!({}));
    let rk = s.root_key_in(Some("ws_other"), &["api.*.read_key", "api.*.read_api"]);
    call(&s, &rk, "apis.listKeys", &json!({"apiId": api})).assert_error(
        404,
        "unkey/data/api_not_found",
        API_GONE,
    );
}

/// v2_identities_delete_identity/401_test.go, "key from wrong workspace".
#[test]
fn delete_identity__key_from_wrong_workspace() {
    let s = start();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_mine"}),
    );
    let rk = s.root_key_in(Some("ws_other"), &["identity.*.delete_identity"]);
    let r = call(
        &s,
        &rk,
        "identities.deleteIdentity",
        &json!({"identity": "test_mine"}),
    );
    r.assert_error(
        404,
        "unkey/data/identity_not_found",
        "This identity does not exist.",
    );
    assert_eq!(r.json()["error"]["title"], "Not Found");
}

/// v2_keys_create_key/404_test.go, TestCreateKeyMissingPermissionsDoNotLeakAPIOrKeyspaceState,
/// "unrelated permission": an existing API answers as a missing one.
#[test]
fn create_key__unrelated_permission() {
    let s = start();
    let (api, _, _) = key_as(&s, ROOT, json!({}));
    let rk = s.root_key(&["workspace.read"]);
    let existing = call(&s, &rk, "keys.createKey", &json!({"apiId": api}));
    let missing = call(
        &s,
        &rk,
        "keys.createKey",
        &json!({"apiId": "api_2cGKbMxRyIzhCxo1Idjz8q"}),
    );
    for r in [&existing, &missing] {
        r.assert_error(
            404,
            "unkey/data/api_not_found",
            "The specified API was not found.",
        );
    }
    assert_eq!(existing.json()["error"], missing.json()["error"]);
}

// ---- successes ----

/// v2_identities_create_identity/200_test.go, "create identity".
#[test]
fn create_identity__create_identity() {
    let s = start();
    let d = s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_external_id"}),
    );
    let got = s.ok(
        "identities.getIdentity",
        json!({"identity": "test_external_id"}),
    );
    assert_eq!(got["id"], d["identityId"]);
    assert_eq!(got["externalId"], "test_external_id");
}

/// v2_permissions_create_permission/200_test.go, "create permission" (with a description).
#[test]
fn create_permission__create_permission() {
    let s = start();
    let id = s.ok(
        "permissions.createPermission",
        json!({"name": "test.permission", "slug": "test-permission", "description": "A test permission"}),
    )["permissionId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        s.ok("permissions.getPermission", json!({"permission": id})),
        json!({"id": id, "name": "test.permission", "slug": "test-permission", "description": "A test permission"})
    );
}

/// v2_permissions_delete_permission/200_test.go, "delete permission".
#[test]
fn delete_permission__delete_permission() {
    let s = start();
    let id = permission_as(&s, ROOT, "test.delete.permission");
    let r = s.call("permissions.deletePermission", json!({"permission": id}));
    assert_eq!(r.status, 200);
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    s.call("permissions.getPermission", json!({"permission": id}))
        .assert_error(
            404,
            "unkey/data/permission_not_found",
            "The requested permission does not exist.",
        );
}

/// Creates the namespace `name` (`/_local/dashboard/namespace`); returns its id.
fn namespace(s: &Server, name: &str) -> String {
    let r = s.request(
        "POST",
        "/_local/dashboard/namespace",
        &[],
        json!({"namespace": name}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()["namespaceId"].as_str().unwrap().to_string()
}

/// v2_ratelimit_get_override/200_test.go, "get by namespace name" and "get by namespace ID".
fn get_override_by(by_id: bool) {
    let s = start();
    let ns_id = namespace(&s, "get_override_ns");
    let o = s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "get_override_ns", "identifier": "user_1", "limit": 10, "duration": 1000}),
    );
    let ns = if by_id {
        ns_id.as_str()
    } else {
        "get_override_ns"
    };
    let got = s.ok(
        "ratelimit.getOverride",
        json!({"namespace": ns, "identifier": "user_1"}),
    );
    assert_eq!(got["overrideId"], o["overrideId"]);
    assert_eq!(got["identifier"], "user_1");
    assert_eq!(got["limit"], 10);
    assert_eq!(got["duration"], 1000);
}

/// v2_ratelimit_get_override/200_test.go, "get by namespace name".
#[test]
fn get_override__get_by_namespace_name() {
    get_override_by(false);
}

/// v2_ratelimit_get_override/200_test.go, "get by namespace ID".
#[test]
fn get_override__get_by_namespace_ID() {
    get_override_by(true);
}

/// A frozen-clock server for the multiLimit subtests, with a namespace `ns` and a root key
/// granted `ratelimit.<id>.limit`; returns (server, root key).
fn multi_limit_setup() -> (Server, String) {
    let s = Server::start(&["--dashboard", "--test-clock"]);
    assert_eq!(
        s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#)
            .status,
        200
    );
    let id = namespace(&s, "ns");
    let rk = s.root_key(&[&format!("ratelimit.{id}.limit")]);
    (s, rk)
}

/// One multiLimit request of one limit in `ns`; returns the answer's `data`.
fn multi_limit_one(s: &Server, rk: &str, identifier: &str, cost: Option<i64>) -> Value {
    let mut one =
        json!({"namespace": "ns", "identifier": identifier, "limit": 100, "duration": 60000});
    if let Some(c) = cost {
        one["cost"] = json!(c);
    }
    let d = call(s, rk, "ratelimit.multiLimit", &json!([one])).data();
    assert_eq!(d["passed"], true);
    assert_eq!(d["limits"].as_array().unwrap().len(), 1);
    assert_eq!(d["limits"][0]["passed"], true, "{d}");
    d["limits"][0].clone()
}

/// v2_ratelimit_multi_limit/200_test.go, "custom cost".
#[test]
fn multi_limit__custom_cost() {
    let (s, rk) = multi_limit_setup();
    let l = multi_limit_one(&s, &rk, "user_456", Some(5));
    assert_eq!(
        (
            l["passed"].as_bool(),
            l["limit"].as_i64(),
            l["remaining"].as_i64()
        ),
        (Some(true), Some(100), Some(95))
    );
}

/// v2_ratelimit_multi_limit/200_test.go, "with override".
#[test]
fn multi_limit__with_override() {
    let (s, rk) = multi_limit_setup();
    let o = s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "ns", "identifier": "user_override", "limit": 200, "duration": 60000}),
    );
    let l = multi_limit_one(&s, &rk, "user_override", None);
    assert_eq!(l["limit"], 200);
    assert_eq!(l["remaining"], 199);
    assert_eq!(l["overrideId"], o["overrideId"]);
}

/// v2_ratelimit_multi_limit/200_test.go, "with wildcard override".
#[test]
fn multi_limit__with_wildcard_override() {
    let (s, rk) = multi_limit_setup();
    let o = s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "ns", "identifier": "user_*", "limit": 200, "duration": 60000}),
    );
    let l = multi_limit_one(&s, &rk, "user_wild", None);
    assert_eq!(l["overrideId"], o["overrideId"]);
    assert_eq!(l["limit"], 200);
    assert_eq!(l["remaining"], 199);
}

/// v2_ratelimit_multi_limit/200_test.go, "rate limiting with active override": the override's
/// limit of 3 counts down, then refuses.
#[test]
fn multi_limit__rate_limiting_with_active_override() {
    let (s, rk) = multi_limit_setup();
    let o = s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "ns", "identifier": "user_active", "limit": 3, "duration": 60000}),
    );
    for remaining in [2, 1, 0] {
        let l = multi_limit_one(&s, &rk, "user_active", None);
        assert_eq!(l["limit"], 3);
        assert_eq!(l["remaining"], remaining);
        assert_eq!(l["overrideId"], o["overrideId"]);
    }
    let one =
        json!({"namespace": "ns", "identifier": "user_active", "limit": 100, "duration": 60000});
    let d = call(&s, &rk, "ratelimit.multiLimit", &json!([one])).data();
    assert_eq!(d["passed"], false);
    assert_eq!(d["limits"][0]["passed"], false);
    assert_eq!(d["limits"][0]["remaining"], 0);
}

/// v2_identities_list_identities/403_test.go, "with wildcard permission".
#[test]
fn list_identities__with_wildcard_permission() {
    let s = start();
    for e in ["test_user_default", "test_user_prod", "test_user_staging"] {
        s.ok("identities.createIdentity", json!({"externalId": e}));
    }
    let rk = s.root_key(&["identity.*.read_identity"]);
    let d = call(&s, &rk, "identities.listIdentities", &json!({})).data();
    let mut got: Vec<&str> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["externalId"].as_str().unwrap())
        .collect();
    got.sort_unstable();
    assert_eq!(
        got,
        ["test_user_default", "test_user_prod", "test_user_staging"]
    );
}

// ---- whoami: TestGetKey_AdditionalScenarios in v2_keys_whoami/200_test.go ----

/// whoami of a key created with `body`, by a root key with `api.*.read_key`.
fn whoami(body: Value) -> Value {
    let s = start();
    role_as(&s, ROOT, "data_admin");
    let (_, _, key) = key_as(&s, ROOT, body);
    let rk = s.root_key(&["api.*.read_key"]);
    call(&s, &rk, "keys.whoami", &json!({"key": key})).data()
}

/// "key with complex meta data".
#[test]
fn whoami__key_with_complex_meta_data() {
    let meta = json!({"user_id": 12345, "plan": "premium", "features": ["analytics", "webhooks"],
                      "created_by": "admin@example.com",
                      "nested": {"department": "engineering", "team": "backend"}});
    assert_eq!(
        whoami(json!({"name": "complex-meta-key", "meta": meta}))["meta"],
        meta
    );
}

/// "key with expiration date".
#[test]
fn whoami__key_with_expiration_date() {
    assert_eq!(
        whoami(json!({"expires": 4102444800000i64}))["expires"],
        4102444800000i64
    );
}

/// "key with credits and daily refill".
#[test]
fn whoami__key_with_credits_and_daily_refill() {
    let d = whoami(
        json!({"credits": {"remaining": 50, "refill": {"interval": "daily", "amount": 100}}}),
    );
    assert_eq!(
        d["credits"],
        json!({"remaining": 50, "refill": {"interval": "daily", "amount": 100}})
    );
}

/// "key with monthly refill".
#[test]
fn whoami__key_with_monthly_refill() {
    let d = whoami(
        json!({"credits": {"remaining": 50, "refill": {"interval": "monthly", "amount": 100, "refillDay": 1}}}),
    );
    assert_eq!(d["credits"]["refill"]["interval"], "monthly");
    assert_eq!(d["credits"]["refill"]["refillDay"], 1);
}

/// "key with roles and permissions".
#[test]
fn whoami__key_with_roles_and_permissions() {
    let d = whoami(json!({"permissions": ["read_data", "write_data"], "roles": ["data_admin"]}));
    let mut perms: Vec<&str> = d["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    perms.sort_unstable();
    assert_eq!(perms, ["read_data", "write_data"]);
    assert_eq!(d["roles"], json!(["data_admin"]));
}

/// "key with ratelimits".
#[test]
fn whoami__key_with_ratelimits() {
    let d = whoami(json!({"ratelimits": [
        {"name": "api_calls", "limit": 100, "duration": 60000, "autoApply": false},
        {"name": "data_transfer", "limit": 1000, "duration": 3600000, "autoApply": true}
    ]}));
    let rl = d["ratelimits"].as_array().unwrap();
    assert_eq!(rl.len(), 2);
    let find = |n: &str| rl.iter().find(|r| r["name"] == n).unwrap().clone();
    let a = find("api_calls");
    assert_eq!(
        (
            a["limit"].as_i64(),
            a["duration"].as_i64(),
            a["autoApply"].as_bool()
        ),
        (Some(100), Some(60000), Some(false))
    );
    let t = find("data_transfer");
    assert_eq!(
        (
            t["limit"].as_i64(),
            t["duration"].as_i64(),
            t["autoApply"].as_bool()
        ),
        (Some(1000), Some(3600000), Some(true))
    );
}

/// "disabled key".
#[test]
fn whoami__disabled_key() {
    assert_eq!(whoami(json!({"enabled": false}))["enabled"], false);
}

/// A migrateKeys call by a root key with `api.*.create_key` for `api`, with a migration id no
/// migration has: the API is looked up first.
fn migrate_to(s: &Server, api: &str) -> Resp {
    let rk = s.root_key(&["api.*.create_key"]);
    call(
        s,
        &rk,
        "keys.migrateKeys",
        &json!({"apiId": api, "migrationId": "mig_2cGKbMxRyIzhCxo1", "keys": [{"hash": "2cGKbMxRyIzhCxo1Idjz8q"}]}),
    )
}

/// v2_keys_migrate_keys/404_test.go, "nonexistent api".
#[test]
fn migrate_keys__nonexistent_api() {
    let s = start();
    migrate_to(&s, "api_2cGKbMxRyIzhCxo1Idjz8q").assert_error(
        404,
        "unkey/data/api_not_found",
        API_GONE,
    );
}

/// v2_keys_migrate_keys/404_test.go, "api with minimum valid length but nonexistent" (`api`).
#[test]
fn migrate_keys__api_with_minimum_valid_length_but_nonexistent() {
    let s = start();
    migrate_to(&s, "api").assert_error(404, "unkey/data/api_not_found", API_GONE);
}

/// v2_keys_migrate_keys/404_test.go, "deleted api".
#[test]
fn migrate_keys__deleted_api() {
    let s = start();
    let (api, _, _) = key_as(&s, ROOT, json!({}));
    s.ok("apis.deleteApi", json!({"apiId": api}));
    migrate_to(&s, &api).assert_error(404, "unkey/data/api_not_found", API_GONE);
}

/// An integer written as a whole float (`5.0`, `1e2`, `1.0`) passes the JSON Schema validator,
/// for which it is an integer (santhosh-tekuri/jsonschema v6 util.go `isInteger`: a big.Rat
/// without fraction; in range here), and is then refused by
/// Go's `json.Unmarshal` into the handler's int field: `zen.BindBody` (pkg/zen/request_util.go,
/// session.go) answers 400 `invalid_input` with both public messages and no `errors`. The
/// handler binds after the authentication middleware, so a bad root key is a 401 first. Out of
/// range, the schema's keyword fails as for any integer.
#[test]
fn whole_floats__pass_the_schema_and_fail_binding() {
    let s = start();
    let api = s.create_api();
    let bind = "The request body is invalid. The request body was not valid JSON.";
    for body in [
        json!({"apiId": api, "limit": 5.0}),
        json!({"apiId": api, "limit": 1e2}),
    ] {
        let r = s.call("apis.listKeys", body);
        r.assert_error(400, "unkey/application/invalid_input", bind);
        assert_eq!(r.json()["error"]["errors"], json!([]));
        assert_eq!(r.json()["error"]["title"], "Bad Request");
    }
    s.call(
        "ratelimit.limit",
        json!({"namespace": "floats", "identifier": "u", "limit": 5, "duration": 60000, "cost": 1.0}),
    )
    .assert_error(400, "unkey/application/invalid_input", bind);
    // Authentication first.
    call(
        &s,
        "clearly_invalid_token_format",
        "apis.listKeys",
        &json!({"apiId": api, "limit": 5.0}),
    )
    .assert_error(
        401,
        "unkey/authentication/key_not_found",
        "The provided root key is invalid. We could not find the requested key.",
    );
    // Out of range: the schema's error, before authentication.
    let r = call(
        &s,
        "clearly_invalid_token_format",
        "apis.listKeys",
        &json!({"apiId": api, "limit": 1e3}),
    );
    r.assert_schema_error("apis.listKeys");
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/limit/maximum"
    );
    let r = s.call("apis.listKeys", json!({"apiId": api, "limit": 0.0}));
    r.assert_schema_error("apis.listKeys");
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/limit/minimum"
    );
}
