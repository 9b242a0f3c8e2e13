//! permissions.*, ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_permissions_*/*_test.go`). Each test names the Go file and subtest; the
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
use serde_json::json;

/// v2_permissions_create_permission/403_test.go, "missing create_permission permission".
#[test]
fn create_permission__missing_create_permission_permission() {
    let s = Server::start(&["--root-key", "rk=rbac.*.read_permission"]);
    let r = s.post_as(
        "/v2/permissions.createPermission",
        Some("rk"),
        &json!({"name": "p", "slug": "p"}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["error"]["detail"],
        "Missing permission: 'rbac.*.create_permission'"
    );
}

/// permissions.createPermission with `body` as `rk`, which holds `rbac.*.create_permission`
/// (upstream's 400_test.go): the validator's 400.
fn create_permission_rejected(body: serde_json::Value) {
    let s = Server::start(&["--root-key", "rk=rbac.*.create_permission"]);
    s.post_as("/v2/permissions.createPermission", Some("rk"), &body)
        .assert_schema_error("permissions.createPermission");
}

/// v2_permissions_create_permission/400_test.go, "missing name".
#[test]
fn create_permission__missing_name() {
    create_permission_rejected(json!({"slug": "test-slug"}));
}

/// v2_permissions_create_permission/400_test.go, "missing slug".
#[test]
fn create_permission__missing_slug() {
    create_permission_rejected(json!({"name": "test.permission"}));
}

/// v2_permissions_create_permission/400_test.go, "empty name".
#[test]
fn create_permission__empty_name() {
    create_permission_rejected(json!({"name": "", "slug": "test-slug"}));
}

/// v2_permissions_create_permission/400_test.go, "empty slug".
#[test]
fn create_permission__empty_slug() {
    create_permission_rejected(json!({"name": "test.permission", "slug": ""}));
}

/// v2_permissions_create_permission/400_test.go, "invalid slug with spaces".
#[test]
fn create_permission__invalid_slug_with_spaces() {
    create_permission_rejected(json!({"name": "test.permission", "slug": "test slug with spaces"}));
}

/// v2_permissions_create_permission/400_test.go, "invalid slug with special characters".
#[test]
fn create_permission__invalid_slug_with_special_characters() {
    create_permission_rejected(
        json!({"name": "test.permission", "slug": "test@slug#with$special%chars"}),
    );
}

/// v2_permissions_create_permission/400_test.go, "slug too long" (513 characters).
#[test]
fn create_permission__slug_too_long() {
    create_permission_rejected(json!({"name": "test.permission", "slug": "a".repeat(513)}));
}

/// v2_permissions_create_permission/409_test.go, "duplicate permission slug".
#[test]
fn create_permission__duplicate_permission_slug() {
    let s = Server::start(&[]);
    s.ok(
        "permissions.createPermission",
        json!({"name": "a", "slug": "dup.slug"}),
    );
    let r = s.call(
        "permissions.createPermission",
        json!({"name": "b", "slug": "dup.slug"}),
    );
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["error"]["detail"],
        "A permission with slug 'dup.slug' already exists in this workspace"
    );
}

/// v2_permissions_create_role/409_test.go, "duplicate role name" (as `rbac.*.create_role`).
#[test]
fn create_role__duplicate_role_name() {
    let s = Server::start(&["--root-key", "rk=rbac.*.create_role"]);
    let create = || {
        s.post_as(
            "/v2/permissions.createRole",
            Some("rk"),
            &json!({"name": "test.duplicate.role"}),
        )
    };
    assert_eq!(create().status, 200);
    create().assert_error(
        409,
        "unkey/data/role_already_exists",
        "A role with name 'test.duplicate.role' already exists in this workspace",
    );
}

/// v2_permissions_create_role/403_test.go, "missing create_role permission": a key that may
/// only read roles, and no role is made.
#[test]
fn create_role__missing_create_role_permission() {
    let s = Server::start(&["--root-key", "rk=rbac.*.read_role"]);
    s.post_as(
        "/v2/permissions.createRole",
        Some("rk"),
        &json!({"name": "test.role.unauthorized"}),
    )
    .assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing one of these permissions: rbac.*.create_role",
    );
    let r = s.call(
        "permissions.getRole",
        json!({"role": "test.role.unauthorized"}),
    );
    assert_eq!(r.status, 404);
}

const NO_PERMISSION: &str = "The requested permission does not exist.";
const NO_ROLE: &str = "The requested role does not exist.";

/// `op` with `body` as a root key holding only `perm` (the key of upstream's 404 tests).
fn as_only(perm: &str, op: &str, body: serde_json::Value) -> common::Resp {
    let s = Server::start(&["--root-key", &format!("rk={perm}")]);
    s.post_as(&format!("/v2/{op}"), Some("rk"), &body)
}

/// v2_permissions_get_permission/404_test.go, "non-existent permission ID".
#[test]
fn get_permission__non_existent_permission_ID() {
    as_only(
        "rbac.*.read_permission",
        "permissions.getPermission",
        json!({"permission": "perm_does_not_exist"}),
    )
    .assert_error(404, "unkey/data/permission_not_found", NO_PERMISSION);
}

/// v2_permissions_delete_permission/404_test.go, "non-existent permission ID".
#[test]
fn delete_permission__non_existent_permission_ID() {
    as_only(
        "rbac.*.delete_permission",
        "permissions.deletePermission",
        json!({"permission": "perm_does_not_exist"}),
    )
    .assert_error(404, "unkey/data/permission_not_found", NO_PERMISSION);
}

/// v2_permissions_delete_permission/404_test.go, "already deleted permission".
#[test]
fn delete_permission__already_deleted_permission() {
    let s = Server::start(&["--root-key", "rk=rbac.*.delete_permission"]);
    let id = s.ok(
        "permissions.createPermission",
        json!({"name": "test.permission.to.delete", "slug": "test-permission-to-delete"}),
    )["permissionId"]
        .clone();
    let delete = || {
        s.post_as(
            "/v2/permissions.deletePermission",
            Some("rk"),
            &json!({"permission": id}),
        )
    };
    assert_eq!(delete().status, 200);
    delete().assert_error(404, "unkey/data/permission_not_found", NO_PERMISSION);
}

/// v2_permissions_delete_role/404_test.go, "nonexistent role".
#[test]
fn delete_role__nonexistent_role() {
    as_only(
        "rbac.*.delete_role",
        "permissions.deleteRole",
        json!({"role": "role_1234567890abcdef"}),
    )
    .assert_error(404, "unkey/data/role_not_found", NO_ROLE);
}

// ---- v2_permissions_set_role_permissions/handler_test.go, TestSetRolePermissions ---------

/// The test's authorized key `rk` (add and remove permissions of roles, create
/// permissions), and a second workspace `ws_other` whose root key is `other`.
fn set_role_server() -> Server {
    Server::start(&[
        "--dashboard",
        "--root-key",
        "rk=rbac.*.add_permission_to_role,rbac.*.remove_permission_from_role,rbac.*.create_permission",
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ])
}

/// permissions.setRolePermissions as `root`.
fn set_role_permissions(s: &Server, root: &str, role: &str, perms: &[&str]) -> common::Resp {
    s.post_as(
        "/v2/permissions.setRolePermissions",
        Some(root),
        &json!({"roleId": role, "permissions": perms}),
    )
}

/// The slugs of a setRolePermissions answer, sorted.
fn slugs(data: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// handler_test.go, "replace, deduplicate, create, repeat, and clear": a role holding
/// `old.permission` and `keep.permission` is set to `KEEP.Permission`, `new.permission` and
/// `NEW.Permission`: the old one goes, slugs match without regard to case, the new one is
/// created once; the same request again answers the same; an empty list clears the role.
#[test]
fn set_role_permissions__replace_deduplicate_create_repeat_and_clear() {
    let s = set_role_server();
    for slug in ["old.permission", "keep.permission"] {
        s.ok(
            "permissions.createPermission",
            json!({"name": slug, "slug": slug}),
        );
    }
    let role = s.ok(
        "permissions.createRole",
        json!({"name": "set-role-permissions",
               "permissions": ["old.permission", "keep.permission"]}),
    )["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    let wanted = ["KEEP.Permission", "new.permission", "NEW.Permission"];
    let d = set_role_permissions(&s, "rk", &role, &wanted).data();
    assert_eq!(slugs(&d), ["keep.permission", "new.permission"]);
    let listed = s.ok("permissions.getRole", json!({"role": role}))["permissions"].clone();
    assert_eq!(slugs(&listed), ["keep.permission", "new.permission"]);
    let d = set_role_permissions(&s, "rk", &role, &wanted).data();
    assert_eq!(slugs(&d), ["keep.permission", "new.permission"]);
    assert_eq!(set_role_permissions(&s, "rk", &role, &[]).data(), json!([]));
    let role_now = s.ok("permissions.getRole", json!({"role": role}));
    assert!(
        role_now.get("permissions").is_none() || role_now["permissions"] == json!([]),
        "{role_now}"
    );
}

/// handler_test.go, "unknown and foreign roles are not found".
#[test]
fn set_role_permissions__unknown_and_foreign_roles_are_not_found() {
    let s = set_role_server();
    let foreign = s
        .post_as(
            "/v2/permissions.createRole",
            Some("other"),
            &json!({"name": "foreign-role"}),
        )
        .data()["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    for role in ["role_missing", foreign.as_str()] {
        set_role_permissions(&s, "rk", role, &[]).assert_error(
            404,
            "unkey/data/role_not_found",
            NO_ROLE,
        );
    }
}

/// handler_test.go, "requires add, remove, and create authorization": only removing, only
/// adding, or both without `create_permission` for a slug that does not exist yet, is a 403
/// (the handler asks And(add, remove) first, then, for a new slug, Or(the permission URN,
/// the legacy tuple)).
#[test]
fn set_role_permissions__requires_add_remove_and_create_authorization() {
    let s = set_role_server();
    let role = s.ok("permissions.createRole", json!({"name": "auth-role"}))["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    for (grants, perms, detail) in [
        (
            &["rbac.*.remove_permission_from_role"][..],
            &[][..],
            "Missing permission: 'rbac.*.add_permission_to_role'",
        ),
        (&["rbac.*.add_permission_to_role"][..], &[][..], "Missing permission: 'rbac.*.remove_permission_from_role'"),
        (
            &["rbac.*.add_permission_to_role", "rbac.*.remove_permission_from_role"][..],
            &["missing.permission"][..],
            "Missing one of these permissions: unkey:v1:ws_local:rbac/permissions/*#create_permission or rbac.*.create_permission",
        ),
    ] {
        let rk = s.root_key(grants);
        set_role_permissions(&s, &rk, &role, perms).assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            detail,
        );
    }
}

// ---- listPermissions / listRoles 200_test.go, "search" -----------------------------------

/// The data of v2_permissions_list_permissions/200_test.go's "search" subtests (name, slug,
/// description), created with the test root key on a server whose root key `rk` holds only
/// `rbac.*.read_permission`; returns the server and the permission ids by name.
fn permission_search() -> (Server, std::collections::HashMap<String, String>) {
    let s = Server::start(&["--root-key", "rk=rbac.*.read_permission"]);
    let mut ids = std::collections::HashMap::new();
    for (name, slug, description) in [
        ("documents.read", "documents-read", "Read stored documents"),
        (
            "billing.manage",
            "billing-manage",
            "Change plans and invoices",
        ),
        ("reports_100%", "reports-full", "Export everything"),
    ] {
        let d = s.ok(
            "permissions.createPermission",
            json!({"name": name, "slug": slug, "description": description}),
        );
        ids.insert(
            name.to_string(),
            d["permissionId"].as_str().unwrap().to_string(),
        );
    }
    (s, ids)
}

/// The names permissions.listPermissions (as `rk`) or permissions.listRoles answers `search`
/// with, in its order.
fn search_names(s: &Server, op: &str, search: &str) -> Vec<String> {
    s.post_as(&format!("/v2/{op}"), Some("rk"), &json!({"search": search}))
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn permission_names(s: &Server, search: &str) -> Vec<String> {
    search_names(s, "permissions.listPermissions", search)
}

/// v2_permissions_list_permissions/200_test.go, "search", "matches name substring".
#[test]
fn list_permissions__matches_name_substring() {
    let (s, _) = permission_search();
    assert_eq!(permission_names(&s, "documents."), ["documents.read"]);
}

/// v2_permissions_list_permissions/200_test.go, "search", "matches permission id".
#[test]
fn list_permissions__matches_permission_id() {
    let (s, ids) = permission_search();
    assert_eq!(
        permission_names(&s, &ids["billing.manage"]),
        ["billing.manage"]
    );
}

/// v2_permissions_list_permissions/200_test.go, "search", "matches slug substring".
#[test]
fn list_permissions__matches_slug_substring() {
    let (s, _) = permission_search();
    assert_eq!(permission_names(&s, "reports-full"), ["reports_100%"]);
}

/// v2_permissions_list_permissions/200_test.go, "search", "matches description substring".
#[test]
fn list_permissions__matches_description_substring() {
    let (s, _) = permission_search();
    assert_eq!(permission_names(&s, "invoices"), ["billing.manage"]);
}

/// v2_permissions_list_permissions/200_test.go, "search", "is case insensitive".
#[test]
fn list_permissions__is_case_insensitive() {
    let (s, _) = permission_search();
    assert_eq!(permission_names(&s, "BILLING"), ["billing.manage"]);
}

/// v2_permissions_list_permissions/200_test.go, "search", "wildcards match literally": `%`
/// and `_` are not LIKE wildcards.
#[test]
fn list_permissions__wildcards_match_literally() {
    let (s, _) = permission_search();
    assert_eq!(permission_names(&s, "100%"), ["reports_100%"]);
    assert!(permission_names(&s, "d_cuments").is_empty());
}

/// v2_permissions_list_permissions/200_test.go, "search", "no matches returns empty list".
#[test]
fn list_permissions__no_matches_returns_empty_list() {
    let (s, _) = permission_search();
    assert!(permission_names(&s, "does-not-exist").is_empty());
}

/// v2_permissions_list_permissions/200_test.go, "search", "whitespace-only search returns
/// all" (in any order, as Go's ElementsMatch).
#[test]
fn list_permissions__whitespace_only_search_returns_all() {
    let (s, _) = permission_search();
    let mut names = permission_names(&s, "   ");
    names.sort();
    assert_eq!(names, ["billing.manage", "documents.read", "reports_100%"]);
}

/// The data of v2_permissions_list_roles/200_test.go's "search" subtests (name,
/// description), on a server whose root key `rk` holds only `rbac.*.read_role`; returns the
/// server and the role ids by name.
fn role_search() -> (Server, std::collections::HashMap<String, String>) {
    let s = Server::start(&["--root-key", "rk=rbac.*.read_role"]);
    let mut ids = std::collections::HashMap::new();
    for (name, description) in [
        ("admin.finance", "Numbers team"),
        ("viewer.reports", "Read only reporting"),
        ("support_100%", "Handles escalations"),
    ] {
        let d = s.ok(
            "permissions.createRole",
            json!({"name": name, "description": description}),
        );
        ids.insert(name.to_string(), d["roleId"].as_str().unwrap().to_string());
    }
    (s, ids)
}

fn role_names(s: &Server, search: &str) -> Vec<String> {
    search_names(s, "permissions.listRoles", search)
}

/// v2_permissions_list_roles/200_test.go, "search", "matches name substring".
#[test]
fn list_roles__matches_name_substring() {
    let (s, _) = role_search();
    assert_eq!(role_names(&s, "finance"), ["admin.finance"]);
}

/// v2_permissions_list_roles/200_test.go, "search", "matches role id".
#[test]
fn list_roles__matches_role_id() {
    let (s, ids) = role_search();
    assert_eq!(role_names(&s, &ids["viewer.reports"]), ["viewer.reports"]);
}

/// v2_permissions_list_roles/200_test.go, "search", "matches description substring".
#[test]
fn list_roles__matches_description_substring() {
    let (s, _) = role_search();
    assert_eq!(role_names(&s, "reporting"), ["viewer.reports"]);
}

/// v2_permissions_list_roles/200_test.go, "search", "is case insensitive".
#[test]
fn list_roles__is_case_insensitive() {
    let (s, _) = role_search();
    assert_eq!(role_names(&s, "FINANCE"), ["admin.finance"]);
}

/// v2_permissions_list_roles/200_test.go, "search", "wildcards match literally".
#[test]
fn list_roles__wildcards_match_literally() {
    let (s, _) = role_search();
    assert_eq!(role_names(&s, "100%"), ["support_100%"]);
    assert!(role_names(&s, "s_pport").is_empty());
}

/// v2_permissions_list_roles/200_test.go, "search", "no matches returns empty list".
#[test]
fn list_roles__no_matches_returns_empty_list() {
    let (s, _) = role_search();
    assert!(role_names(&s, "does-not-exist").is_empty());
}

/// v2_permissions_list_roles/200_test.go, "search", "whitespace-only search returns all".
#[test]
fn list_roles__whitespace_only_search_returns_all() {
    let (s, _) = role_search();
    let mut names = role_names(&s, "   ");
    names.sort();
    assert_eq!(names, ["admin.finance", "support_100%", "viewer.reports"]);
}

// ---- Subtests ported one by one (audit of the route tests at fc99b6b9). ----

/// A server whose root key `rk` holds only `perms`, and `other`, the root key of a second
/// workspace `ws_other`.
fn scoped(perms: &str) -> Server {
    Server::start(&[
        "--root-key",
        &format!("rk={perms}"),
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ])
}

/// Creates a permission with the test root key; returns its id.
fn permission(s: &Server, name: &str, slug: &str, description: Option<&str>) -> String {
    let mut body = json!({"name": name, "slug": slug});
    if let Some(d) = description {
        body["description"] = json!(d);
    }
    s.ok("permissions.createPermission", body)["permissionId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Creates a role with these permission slugs; returns its id.
fn role(s: &Server, name: &str, description: Option<&str>, perms: &[&str]) -> String {
    let mut body = json!({"name": name, "permissions": perms});
    if let Some(d) = description {
        body["description"] = json!(d);
    }
    s.ok("permissions.createRole", body)["roleId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The body `{"invalid": "json structure"}` several 400_test.go files send.
fn stray_field() -> serde_json::Value {
    json!({"invalid": "json structure"})
}

/// v2_permissions_create_permission/200_test.go, "create permission without description": the
/// permission answers no `description`.
#[test]
fn create_permission__create_permission_without_description() {
    let s = Server::start(&[]);
    let id = permission(
        &s,
        "test.permission.no.desc",
        "test-permission-no-desc",
        None,
    );
    assert!(id.starts_with("perm_"));
    let p = s.ok("permissions.getPermission", json!({"permission": id}));
    assert_eq!(p["name"], "test.permission.no.desc");
    assert_eq!(p["slug"], "test-permission-no-desc");
    assert!(p.get("description").is_none(), "{p}");
}

/// v2_permissions_create_permission/400_test.go, "malformed JSON body": a body that is not
/// JSON.
#[test]
fn create_permission__malformed_json_body() {
    let s = Server::start(&[]);
    let r = s.request(
        "POST",
        "/v2/permissions.createPermission",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer unkey_test_root"),
        ],
        br#"{"name": "test.permission", "invalid json": }"#,
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/application/invalid_input"
    );
}

/// v2_permissions_create_permission/400_test.go, "valid slug patterns".
#[test]
fn create_permission__valid_slug_patterns() {
    let s = Server::start(&[]);
    for (i, slug) in [
        "simple",
        "with-dashes",
        "with_underscores",
        "with.periods",
        "Mixed123Case",
        "all-valid_chars.123",
    ]
    .iter()
    .enumerate()
    {
        let r = s.call(
            "permissions.createPermission",
            json!({"name": format!("test.permission.{i}"), "slug": slug}),
        );
        assert_eq!(r.status, 200, "{slug}");
    }
}

/// v2_permissions_create_permission/400_test.go, "description too long" (513 characters).
#[test]
fn create_permission__description_too_long() {
    let s = Server::start(&[]);
    let r = s.call(
        "permissions.createPermission",
        json!({"name": "test.permission", "slug": "test-permission", "description": "a".repeat(513)}),
    );
    r.assert_schema_error("permissions.createPermission");
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/description/maxLength"
    );
}

/// v2_permissions_create_role/200_test.go, "create role without permissions".
#[test]
fn create_role__create_role_without_permissions() {
    let s = Server::start(&[]);
    let id = s.ok(
        "permissions.createRole",
        json!({"name": "test.role.no.permissions", "description": "Test role without permissions"}),
    )["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("role_"));
    let r = s.ok("permissions.getRole", json!({"role": id}));
    assert_eq!(
        r,
        json!({"id": id, "name": "test.role.no.permissions", "description": "Test role without permissions"})
    );
}

/// v2_permissions_create_role/200_test.go, "create role with description".
#[test]
fn create_role__create_role_with_description() {
    let s = Server::start(&[]);
    let id = role(
        &s,
        "test.role.with.description",
        Some("Test role with a description field"),
        &[],
    );
    let r = s.ok(
        "permissions.getRole",
        json!({"role": "test.role.with.description"}),
    );
    assert_eq!(r["id"], id.as_str());
    assert_eq!(r["description"], "Test role with a description field");
}

/// v2_permissions_create_role/200_test.go, "create role without description" (an empty
/// permissions list).
#[test]
fn create_role__create_role_without_description() {
    let s = Server::start(&[]);
    let id = role(&s, "test.role.no.desc", None, &[]);
    let r = s.ok("permissions.getRole", json!({"role": id}));
    assert_eq!(r, json!({"id": id, "name": "test.role.no.desc"}));
}

/// v2_permissions_create_role/200_test.go, "create role with existing and missing
/// permissions": the existing slug is reused, the missing one created once (slugs are
/// case-insensitive), and the role holds both.
#[test]
fn create_role__create_role_with_existing_and_missing_permissions() {
    let s = scoped("rbac.*.create_role,rbac.*.add_permission_to_role,rbac.*.create_permission");
    let existing = permission(
        &s,
        "documents.read.create.role",
        "documents.read.create.role",
        None,
    );
    let r = s.post_as(
        "/v2/permissions.createRole",
        Some("rk"),
        &json!({"name": "test.role.with.permissions", "permissions": [
            "documents.read.create.role",
            "documents.write.create.role",
            "Documents.Write.Create.Role"
        ]}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let all = s.ok("permissions.listPermissions", json!({}));
    let created: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["slug"]
                .as_str()
                .unwrap()
                .eq_ignore_ascii_case("documents.write.create.role")
        })
        .collect();
    assert_eq!(created.len(), 1, "{all}");
    let got = s.ok(
        "permissions.getRole",
        json!({"role": "test.role.with.permissions"}),
    );
    let mut ids: Vec<_> = got["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let mut want = vec![existing, created[0]["id"].as_str().unwrap().to_string()];
    want.sort();
    assert_eq!(ids, want);
}

/// v2_permissions_create_role/200_test.go, "existing permission does not require
/// create_permission" (the slug matches in another case).
#[test]
fn create_role__existing_permission_does_not_require_create_permission() {
    let s = scoped("rbac.*.create_role,rbac.*.add_permission_to_role");
    let existing = permission(
        &s,
        "Documents.Read.Existing.Only",
        "Documents.Read.Existing.Only",
        None,
    );
    let r = s.post_as(
        "/v2/permissions.createRole",
        Some("rk"),
        &json!({"name": "test.role.with.existing.permission", "permissions": ["documents.read.existing.only"]}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let got = s.ok(
        "permissions.getRole",
        json!({"role": "test.role.with.existing.permission"}),
    );
    assert_eq!(got["permissions"][0]["id"], existing.as_str());
    assert_eq!(got["permissions"].as_array().unwrap().len(), 1);
}

/// v2_permissions_create_role/200_test.go, "concurrent roles reuse a missing permission": two
/// roles created at once with one new slug share a single created permission.
#[test]
fn create_role__concurrent_roles_reuse_a_missing_permission() {
    let s = scoped("rbac.*.create_role,rbac.*.add_permission_to_role,rbac.*.create_permission");
    std::thread::scope(|t| {
        for i in 0..2 {
            let s = &s;
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/permissions.createRole",
                    Some("rk"),
                    &json!({"name": format!("test.role.concurrent.{i}"), "permissions": ["documents.concurrent.create.role"]}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    let all = s.ok("permissions.listPermissions", json!({}));
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    for i in 0..2 {
        let got = s.ok(
            "permissions.getRole",
            json!({"role": format!("test.role.concurrent.{i}")}),
        );
        assert_eq!(got["permissions"][0]["id"], all[0]["id"]);
    }
}

/// v2_permissions_create_role/400_test.go, "malformed JSON body" (no `name`, a stray field).
#[test]
fn create_role__malformed_json_body() {
    let s = Server::start(&[]);
    s.call("permissions.createRole", stray_field())
        .assert_schema_error("permissions.createRole");
}

/// v2_permissions_create_role/400_test.go, "description too long" (513 characters).
#[test]
fn create_role__description_too_long() {
    let s = Server::start(&[]);
    let r = s.call(
        "permissions.createRole",
        json!({"name": "test.role", "description": "a".repeat(513)}),
    );
    r.assert_schema_error("permissions.createRole");
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/description/maxLength"
    );
}

/// v2_permissions_create_role/403_test.go, "missing add_permission_to_role permission": no
/// role is created.
#[test]
fn create_role__missing_add_permission_to_role_permission() {
    let s = scoped("rbac.*.create_role,rbac.*.create_permission");
    let r = s.post_as(
        "/v2/permissions.createRole",
        Some("rk"),
        &json!({"name": "test.role.missing.add", "permissions": ["documents.read.missing.add"]}),
    );
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing permission: 'rbac.*.add_permission_to_role'",
    );
    s.call(
        "permissions.getRole",
        json!({"role": "test.role.missing.add"}),
    )
    .assert_error(
        404,
        "unkey/data/role_not_found",
        "The requested role does not exist.",
    );
}

/// v2_permissions_create_role/409_test.go, "existing role in database".
#[test]
fn create_role__existing_role_in_database() {
    let s = Server::start(&[]);
    role(&s, "test.existing.role", None, &[]);
    s.call(
        "permissions.createRole",
        json!({"name": "test.existing.role"}),
    )
    .assert_error(
        409,
        "unkey/data/role_already_exists",
        "A role with name 'test.existing.role' already exists in this workspace",
    );
}

/// v2_permissions_delete_permission/200_test.go, "delete permission with description".
#[test]
fn delete_permission__delete_permission_with_description() {
    let s = Server::start(&["--root-key", "rk=rbac.*.delete_permission"]);
    let id = permission(
        &s,
        "test.delete.permission.with.description",
        "test-delete-permission-with-description",
        Some("This permission has a description"),
    );
    // Go's root key holds only `rbac.*.delete_permission`.
    let r = s.post_as(
        "/v2/permissions.deletePermission",
        Some("rk"),
        &json!({"permission": id}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["data"], json!({}));
    s.call("permissions.getPermission", json!({"permission": id}))
        .assert_error(
            404,
            "unkey/data/permission_not_found",
            "The requested permission does not exist.",
        );
}

/// v2_permissions_delete_permission/400_test.go, "missing permissionId".
#[test]
fn delete_permission__missing_permissionId() {
    let s = Server::start(&[]);
    s.call("permissions.deletePermission", json!({}))
        .assert_schema_error("permissions.deletePermission");
}

/// v2_permissions_delete_permission/400_test.go, "empty permissionId".
#[test]
fn delete_permission__empty_permissionId() {
    let s = Server::start(&[]);
    s.call("permissions.deletePermission", json!({"permission": ""}))
        .assert_schema_error("permissions.deletePermission");
}

/// v2_permissions_delete_permission/400_test.go, "malformed JSON body".
#[test]
fn delete_permission__malformed_json_body() {
    let s = Server::start(&[]);
    s.call("permissions.deletePermission", stray_field())
        .assert_schema_error("permissions.deletePermission");
}

/// v2_permissions_delete_permission/403_test.go, "missing delete_permission permission": the
/// permission stays.
#[test]
fn delete_permission__missing_delete_permission_permission() {
    let s = scoped("rbac.*.read_permission");
    let id = permission(&s, "test.permission.keep", "test-permission-keep", None);
    s.post_as(
        "/v2/permissions.deletePermission",
        Some("rk"),
        &json!({"permission": id}),
    )
    .assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing one of these permissions: rbac.*.delete_permission",
    );
    assert_eq!(
        s.ok("permissions.getPermission", json!({"permission": id}))["id"],
        id.as_str()
    );
}

/// v2_permissions_delete_permission/404_test.go, "valid-looking but non-existent permission
/// ID".
#[test]
fn delete_permission__valid_looking_but_non_existent_permission_id() {
    let s = Server::start(&[]);
    s.call(
        "permissions.deletePermission",
        json!({"permission": "perm_2cGKbMxRyIzhCxo1Idjz8q"}),
    )
    .assert_error(
        404,
        "unkey/data/permission_not_found",
        "The requested permission does not exist.",
    );
}

/// v2_permissions_delete_role/200_test.go, "delete role with permissions": a role held by a
/// key and holding permissions is deleted, and the key no longer has it.
#[test]
fn delete_role__delete_role_with_permissions() {
    let s = Server::start(&[]);
    let id = role(
        &s,
        "test.delete.role",
        Some("Test role for deletion"),
        &["test-perm-0", "test-perm-1"],
    );
    let api = s.create_api();
    let (key_id, _) = s.create_key(json!({"apiId": api, "roles": ["test.delete.role"]}));
    let r = s.call("permissions.deleteRole", json!({"role": id}));
    assert_eq!(r.status, 200);
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    s.call("permissions.getRole", json!({"role": id}))
        .assert_error(
            404,
            "unkey/data/role_not_found",
            "The requested role does not exist.",
        );
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": key_id})).get("roles"),
        None
    );
}

/// v2_permissions_delete_role/200_test.go, "delete role without relationships".
#[test]
fn delete_role__delete_role_without_relationships() {
    let s = Server::start(&[]);
    let id = role(
        &s,
        "test.delete.role.no.rels",
        Some("Test role with no relationships for deletion"),
        &[],
    );
    assert_eq!(
        s.call("permissions.deleteRole", json!({"role": id})).status,
        200
    );
    s.call("permissions.getRole", json!({"role": id}))
        .assert_error(
            404,
            "unkey/data/role_not_found",
            "The requested role does not exist.",
        );
}

/// v2_permissions_delete_role/400_test.go, "missing roleId".
#[test]
fn delete_role__missing_roleId() {
    let s = Server::start(&[]);
    s.call("permissions.deleteRole", json!({}))
        .assert_schema_error("permissions.deleteRole");
}

/// v2_permissions_delete_role/400_test.go, "empty role".
#[test]
fn delete_role__empty_role() {
    let s = Server::start(&[]);
    s.call("permissions.deleteRole", json!({"role": ""}))
        .assert_schema_error("permissions.deleteRole");
}

/// v2_permissions_delete_role/400_test.go, "malformed JSON body".
#[test]
fn delete_role__malformed_json_body() {
    let s = Server::start(&[]);
    s.call("permissions.deleteRole", stray_field())
        .assert_schema_error("permissions.deleteRole");
}

/// v2_permissions_delete_role/403_test.go, "missing required permission" (only read_role).
#[test]
fn delete_role__missing_required_permission() {
    let s = scoped("rbac.*.read_role");
    let id = role(&s, "test.role.keep", None, &[]);
    s.post_as(
        "/v2/permissions.deleteRole",
        Some("rk"),
        &json!({"role": id}),
    )
    .assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing one of these permissions: rbac.*.delete_role",
    );
}

/// v2_permissions_delete_role/404_test.go, "role from different workspace".
#[test]
fn delete_role__role_from_different_workspace() {
    let s = scoped("*");
    let id = s.post_as(
        "/v2/permissions.createRole",
        Some("other"),
        &json!({"name": "test.role.other.workspace", "description": "Test role in another workspace"}),
    )
    .json()["data"]["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    s.call("permissions.deleteRole", json!({"role": id}))
        .assert_error(
            404,
            "unkey/data/role_not_found",
            "The requested role does not exist.",
        );
}

/// v2_permissions_get_permission/200_test.go, "get permission with all fields by ID".
#[test]
fn get_permission__get_permission_with_all_fields_by_id() {
    let s = Server::start(&[]);
    let id = permission(
        &s,
        "test.get.permission",
        "test-get-permission",
        Some("A description"),
    );
    let p = s.ok("permissions.getPermission", json!({"permission": id}));
    assert_eq!(p["id"], id.as_str());
    assert_eq!(p["name"], "test.get.permission");
    assert_eq!(p["slug"], "test-get-permission");
    assert_eq!(p["description"], "A description");
}

/// v2_permissions_get_permission/200_test.go, "get permission with all fields by slug".
#[test]
fn get_permission__get_permission_with_all_fields_by_slug() {
    let s = Server::start(&[]);
    let id = permission(
        &s,
        "test.get.permission",
        "test-get-permission",
        Some("A description"),
    );
    let p = s.ok(
        "permissions.getPermission",
        json!({"permission": "test-get-permission"}),
    );
    assert_eq!(p["id"], id.as_str());
    assert_eq!(p["name"], "test.get.permission");
    assert_eq!(p["description"], "A description");
}

/// v2_permissions_get_permission/200_test.go, "get permission without description".
#[test]
fn get_permission__get_permission_without_description() {
    let s = Server::start(&[]);
    let id = permission(
        &s,
        "test.get.permission.no.desc",
        "test-get-permission-no-desc",
        None,
    );
    let p = s.ok("permissions.getPermission", json!({"permission": id}));
    assert_eq!(p["name"], "test.get.permission.no.desc");
    assert!(p.get("description").is_none(), "{p}");
}

/// v2_permissions_get_permission/400_test.go, "missing permission id / slug".
#[test]
fn get_permission__missing_permission_id_slug() {
    let s = Server::start(&[]);
    s.call("permissions.getPermission", json!({}))
        .assert_schema_error("permissions.getPermission");
}

/// v2_permissions_get_permission/400_test.go, "empty permission id / slug".
#[test]
fn get_permission__empty_permission_id_slug() {
    let s = Server::start(&[]);
    s.call("permissions.getPermission", json!({"permission": ""}))
        .assert_schema_error("permissions.getPermission");
}

/// v2_permissions_get_permission/400_test.go, "malformed JSON body".
#[test]
fn get_permission__malformed_json_body() {
    let s = Server::start(&[]);
    s.call("permissions.getPermission", stray_field())
        .assert_schema_error("permissions.getPermission");
}

/// v2_permissions_get_permission/403_test.go, "missing required permission" (only
/// create_permission).
#[test]
fn get_permission__missing_required_permission() {
    let s = scoped("rbac.*.create_permission");
    let id = permission(&s, "test.permission", "test-permission", None);
    s.post_as(
        "/v2/permissions.getPermission",
        Some("rk"),
        &json!({"permission": id}),
    )
    .assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing one of these permissions: rbac.*.read_permission",
    );
}

/// v2_permissions_get_permission/404_test.go, "valid-looking but non-existent permission ID".
#[test]
fn get_permission__valid_looking_but_non_existent_permission_id() {
    let s = Server::start(&[]);
    s.call(
        "permissions.getPermission",
        json!({"permission": "perm_2cGKbMxRyIzhCxo1Idjz8q"}),
    )
    .assert_error(
        404,
        "unkey/data/permission_not_found",
        "The requested permission does not exist.",
    );
}

/// v2_permissions_get_role/200_test.go, "get role with permissions".
#[test]
fn get_role__get_role_with_permissions() {
    let s = Server::start(&[]);
    let p0 = permission(&s, "test.perm.0", "test-perm-0", Some("Test permission 0"));
    let p1 = permission(&s, "test.perm.1", "test-perm-1", Some("Test permission 1"));
    let id = role(
        &s,
        "test.get.role",
        Some("Test role for get endpoint"),
        &["test-perm-0", "test-perm-1"],
    );
    let r = s.ok("permissions.getRole", json!({"role": id}));
    assert_eq!(r["id"], id.as_str());
    assert_eq!(r["name"], "test.get.role");
    assert_eq!(r["description"], "Test role for get endpoint");
    let mut ids: Vec<_> = r["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let mut want = vec![p0, p1];
    want.sort();
    assert_eq!(ids, want);
}

/// v2_permissions_get_role/200_test.go, "get role without permissions" (by name): no
/// `permissions` field.
#[test]
fn get_role__get_role_without_permissions() {
    let s = Server::start(&[]);
    let id = role(
        &s,
        "rolewithoutpermissions",
        Some("Test role with no permissions"),
        &[],
    );
    let r = s.ok(
        "permissions.getRole",
        json!({"role": "rolewithoutpermissions"}),
    );
    assert_eq!(
        r,
        json!({"id": id, "name": "rolewithoutpermissions", "description": "Test role with no permissions"})
    );
}

/// v2_permissions_get_role/400_test.go, "missing roleId".
#[test]
fn get_role__missing_roleId() {
    let s = Server::start(&[]);
    s.call("permissions.getRole", json!({}))
        .assert_schema_error("permissions.getRole");
}

/// v2_permissions_get_role/400_test.go, "empty roleId".
#[test]
fn get_role__empty_roleId() {
    let s = Server::start(&[]);
    s.call("permissions.getRole", json!({"role": ""}))
        .assert_schema_error("permissions.getRole");
}

/// v2_permissions_get_role/400_test.go, "malformed JSON body".
#[test]
fn get_role__malformed_json_body() {
    let s = Server::start(&[]);
    s.call("permissions.getRole", stray_field())
        .assert_schema_error("permissions.getRole");
}

/// v2_permissions_get_role/403_test.go, "missing required permission" (only create_role).
#[test]
fn get_role__missing_required_permission() {
    let s = scoped("rbac.*.create_role");
    let id = role(&s, "test.role", None, &[]);
    s.post_as("/v2/permissions.getRole", Some("rk"), &json!({"role": id}))
        .assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            "Missing one of these permissions: rbac.*.read_role",
        );
}

/// v2_permissions_get_role/404_test.go, "non-existent role ID".
#[test]
fn get_role__non_existent_role_id() {
    let s = Server::start(&[]);
    s.call(
        "permissions.getRole",
        json!({"role": "role_does_not_exist"}),
    )
    .assert_error(
        404,
        "unkey/data/role_not_found",
        "The requested role does not exist.",
    );
}

/// v2_permissions_list_permissions/200_test.go, "list all permissions": one page, no cursor.
#[test]
fn list_permissions__list_all_permissions() {
    let s = Server::start(&[]);
    let mut made: Vec<_> = (0..3)
        .map(|i| {
            permission(
                &s,
                &format!("test.perm.{i}"),
                &format!("test-perm-{i}"),
                None,
            )
        })
        .collect();
    let r = s.call("permissions.listPermissions", json!({}));
    let body = r.json();
    assert_eq!(body["pagination"], json!({"hasMore": false}));
    let mut ids: Vec<_> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    made.sort();
    assert_eq!(ids, made);
}

/// v2_permissions_list_permissions/200_test.go, "empty results" (a workspace without
/// permissions).
#[test]
fn list_permissions__empty_results() {
    let s = scoped("*");
    permission(&s, "test.perm", "test-perm", None);
    let r = s.post_as("/v2/permissions.listPermissions", Some("other"), &json!({}));
    let body = r.json();
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["pagination"], json!({"hasMore": false}));
}

/// v2_permissions_list_permissions/200_test.go, "pagination with cursor": 101 permissions make
/// a page of 100 and a second page without repeats.
#[test]
fn list_permissions__pagination_with_cursor() {
    let s = Server::start(&[]);
    for i in 0..101 {
        permission(
            &s,
            &format!("bulk.permission.{i}"),
            &format!("bulk-permission-{i}"),
            None,
        );
    }
    let first = s.call("permissions.listPermissions", json!({})).json();
    assert_eq!(first["data"].as_array().unwrap().len(), 100);
    assert_eq!(first["pagination"]["hasMore"], true);
    let cursor = first["pagination"]["cursor"].as_str().unwrap();
    let second = s
        .call("permissions.listPermissions", json!({"cursor": cursor}))
        .json();
    let rest = second["data"].as_array().unwrap();
    assert_eq!(rest.len(), 1);
    assert!(first["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != rest[0]["id"]));
    assert_eq!(second["pagination"], json!({"hasMore": false}));
}

/// v2_permissions_list_permissions/400_test.go, "malformed JSON body".
#[test]
fn list_permissions__malformed_json_body() {
    let s = Server::start(&[]);
    s.call("permissions.listPermissions", stray_field())
        .assert_schema_error("permissions.listPermissions");
}

/// v2_permissions_list_permissions/403_test.go, "missing read_permission permission".
#[test]
fn list_permissions__missing_read_permission_permission() {
    let s = scoped("rbac.*.create_permission");
    s.post_as("/v2/permissions.listPermissions", Some("rk"), &json!({}))
        .assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            "Missing one of these permissions: rbac.*.read_permission",
        );
}

/// v2_permissions_list_roles/200_test.go, "list all roles": each with its two permissions.
#[test]
fn list_roles__list_all_roles() {
    let s = Server::start(&[]);
    permission(&s, "test.perm.a", "test-perm-a", None);
    permission(&s, "test.perm.b", "test-perm-b", None);
    let mut made: Vec<_> = (0..3)
        .map(|i| {
            role(
                &s,
                &format!("test.role.{i}"),
                None,
                &["test-perm-a", "test-perm-b"],
            )
        })
        .collect();
    let body = s.call("permissions.listRoles", json!({})).json();
    assert_eq!(body["pagination"], json!({"hasMore": false}));
    let roles = body["data"].as_array().unwrap();
    for r in roles {
        let perms = r["permissions"].as_array().unwrap();
        assert_eq!(perms.len(), 2, "{r}");
        assert!(perms
            .iter()
            .all(|p| p["id"].is_string() && p["name"].is_string()));
    }
    let mut ids: Vec<_> = roles
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    made.sort();
    assert_eq!(ids, made);
}

/// v2_permissions_list_roles/200_test.go, "empty results".
#[test]
fn list_roles__empty_results() {
    // A role in this workspace; the root key (Go's: `rbac.*.read_role`) is of an empty one.
    let s = Server::start(&[
        "--workspace",
        "ws_empty",
        "--root-key",
        "empty=rbac.*.read_role",
    ]);
    role(&s, "test.role", None, &[]);
    let r = s.post_as("/v2/permissions.listRoles", Some("empty"), &json!({}));
    let body = r.json();
    assert_eq!(r.data(), json!([]));
    assert_eq!(body["pagination"], json!({"hasMore": false}));
}

/// v2_permissions_list_roles/200_test.go, "pagination with cursor".
#[test]
fn list_roles__pagination_with_cursor() {
    let s = Server::start(&[]);
    permission(&s, "test.perm", "test-perm", None);
    for i in 0..101 {
        role(&s, &format!("bulk.role.{i}"), None, &["test-perm"]);
    }
    let first = s.call("permissions.listRoles", json!({})).json();
    assert_eq!(first["data"].as_array().unwrap().len(), 100);
    assert_eq!(first["pagination"]["hasMore"], true);
    let cursor = first["pagination"]["cursor"].as_str().unwrap();
    let second = s
        .call("permissions.listRoles", json!({"cursor": cursor}))
        .json();
    let rest = second["data"].as_array().unwrap();
    assert_eq!(rest.len(), 1);
    assert!(first["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["id"] != rest[0]["id"]));
}

/// v2_permissions_list_roles/400_test.go, "malformed JSON body".
#[test]
fn list_roles__malformed_json_body() {
    let s = Server::start(&[]);
    s.call("permissions.listRoles", stray_field())
        .assert_schema_error("permissions.listRoles");
}

/// v2_permissions_list_roles/403_test.go, "missing read_role permission".
#[test]
fn list_roles__missing_read_role_permission() {
    let s = scoped("rbac.*.create_role");
    s.post_as("/v2/permissions.listRoles", Some("rk"), &json!({}))
        .assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            "Missing one of these permissions: rbac.*.read_role",
        );
}

/// v2_permissions_set_role_permissions/handler_test.go, "malformed requests" / "missing
/// roleId".
#[test]
fn set_role_permissions__missing_roleId() {
    let s = Server::start(&[]);
    s.call("permissions.setRolePermissions", json!({"permissions": []}))
        .assert_schema_error("permissions.setRolePermissions");
}

/// v2_permissions_set_role_permissions/handler_test.go, "malformed requests" / "invalid slug"
/// (an empty string).
#[test]
fn set_role_permissions__invalid_slug() {
    let s = Server::start(&[]);
    s.call(
        "permissions.setRolePermissions",
        json!({"roleId": "role_missing", "permissions": [""]}),
    )
    .assert_schema_error("permissions.setRolePermissions");
}

/// v2_permissions_set_role_permissions/handler_test.go, TestConcurrentMissingPermission: two
/// roles given one new slug at once share one created permission.
#[test]
fn set_role_permissions__concurrent_missing_permission() {
    let s = scoped(
        "rbac.*.add_permission_to_role,rbac.*.remove_permission_from_role,rbac.*.create_permission",
    );
    let roles = [
        role(&s, "concurrent-role-a", None, &[]),
        role(&s, "concurrent-role-b", None, &[]),
    ];
    std::thread::scope(|t| {
        for id in &roles {
            let s = &s;
            t.spawn(move || {
                let r = s.post_as(
                    "/v2/permissions.setRolePermissions",
                    Some("rk"),
                    &json!({"roleId": id, "permissions": ["concurrent.permission"]}),
                );
                assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            });
        }
    });
    let all = s.ok("permissions.listPermissions", json!({}));
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    assert_eq!(all[0]["slug"], "concurrent.permission");
    for id in &roles {
        let got = s.ok("permissions.getRole", json!({"role": id}));
        assert_eq!(got["permissions"].as_array().unwrap().len(), 1);
        assert_eq!(got["permissions"][0]["id"], all[0]["id"]);
    }
}

// -- setRolePermissions and createRole as upstream's handlers (fc99b6b9) --

/// setRolePermissions finds the role by id only (`role_lock_by_id_and_workspace_id.sql`,
/// v2_permissions_set_role_permissions/handler.go), so its name is "not found".
#[test]
fn set_role_permissions__role_name_is_not_found() {
    let s = Server::start(&[]);
    s.ok("permissions.createRole", json!({"name": "named_role"}));
    s.call(
        "permissions.setRolePermissions",
        json!({"roleId": "named_role", "permissions": []}),
    )
    .assert_error(
        404,
        "unkey/data/role_not_found",
        "The requested role does not exist.",
    );
}

/// createRole and setRolePermissions keep the first of each case-insensitively equal slug and
/// sort them bytewise (`slices.Sort` in v2_permissions_create_role/handler.go and
/// v2_permissions_set_role_permissions/handler.go), and find permissions by slug only: an id
/// creates a permission of that slug.
#[test]
fn role_permissions__sorted_slugs_by_slug_only() {
    let s = Server::start(&[]);
    let slugs = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap().to_string())
            .collect()
    };
    let role = s.ok(
        "permissions.createRole",
        json!({"name": "sorted", "permissions": ["b.x", "A.y", "a.y"]}),
    )["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s.ok("permissions.getRole", json!({"role": role}));
    assert_eq!(slugs(&r["permissions"]), ["A.y", "b.x"]);
    let bx = r["permissions"][1]["id"].as_str().unwrap().to_string();
    let d = s.ok(
        "permissions.setRolePermissions",
        json!({"roleId": role, "permissions": ["c.z", bx, "B.X"]}),
    );
    assert_eq!(slugs(&d), ["b.x", "c.z", bx.as_str()]);
}

/// listPermissions' and listRoles' cursors are the next page's first id, and a page starts at
/// it (`pagination.Paginate` in v2_permissions_list_permissions/handler.go and
/// v2_permissions_list_roles/handler.go, over `id >= cursor ORDER BY id`).
#[test]
fn list_permissions_and_roles__cursor_is_the_next_pages_first_id() {
    let s = Server::start(&[]);
    for (op, make, field) in [
        (
            "permissions.listPermissions",
            "permissions.createPermission",
            "permissionId",
        ),
        ("permissions.listRoles", "permissions.createRole", "roleId"),
    ] {
        let ids: Vec<String> = (0..3)
            .map(|i| {
                let name = format!("cursor_{i}");
                let body = if field == "roleId" {
                    json!({"name": name})
                } else {
                    json!({"name": name, "slug": name})
                };
                s.ok(make, body)[field].as_str().unwrap().to_string()
            })
            .collect();
        // In id order, not creation order (ids are random, pkg/uid/new.go).
        let ids = in_id_order(&ids);
        let r = s.call(op, json!({"limit": 2})).json();
        assert_eq!(
            r["pagination"],
            json!({"cursor": ids[2], "hasMore": true}),
            "{op}"
        );
        let r = s.call(op, json!({"limit": 2, "cursor": ids[1]})).json();
        assert_eq!(r["data"][0]["id"], ids[1].as_str(), "{op}");
        assert_eq!(r["data"][1]["id"], ids[2].as_str(), "{op}");
        assert_eq!(r["pagination"], json!({"hasMore": false}), "{op}");
    }
}
