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
use common::Server;
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

/// v2_permissions_create_permission/400_test.go: "missing name", "missing slug", "empty name",
/// "empty slug", "invalid slug with spaces", "invalid slug with special characters", "slug too
/// long".
#[test]
fn create_permission__bad_requests() {
    let s = Server::start(&[]);
    for body in [
        json!({"slug": "a.b"}),
        json!({"name": "n"}),
        json!({"name": "", "slug": "a.b"}),
        json!({"name": "n", "slug": ""}),
        json!({"name": "n", "slug": "with spaces"}),
        json!({"name": "n", "slug": "bad$chars!"}),
        json!({"name": "n", "slug": "s".repeat(513)}),
    ] {
        let r = s.call("permissions.createPermission", body.clone());
        assert_eq!(r.status, 400, "{body}");
        assert!(r.json()["error"]["detail"]
            .as_str()
            .unwrap()
            .contains("validate schema"));
    }
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

/// v2_permissions_create_role/409_test.go, "duplicate role name" and 403_test.go "missing
/// create_role permission".
#[test]
fn create_role__duplicate_and_forbidden() {
    let s = Server::start(&["--root-key", "rk=rbac.*.read_role"]);
    s.ok("permissions.createRole", json!({"name": "editor"}));
    let r = s.call("permissions.createRole", json!({"name": "editor"}));
    assert_eq!(r.status, 409);
    assert!(r.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .contains("already exists"));
    let r = s.post_as(
        "/v2/permissions.createRole",
        Some("rk"),
        &json!({"name": "other"}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["error"]["detail"],
        "Missing one of these permissions: rbac.*.create_role"
    );
}

/// v2_permissions_get_permission/404_test.go, v2_permissions_delete_permission/404_test.go
/// ("non-existent permission ID", "already deleted permission"), v2_permissions_get_role and
/// v2_permissions_delete_role 404 ("nonexistent role").
#[test]
fn permissions__not_found() {
    let s = Server::start(&[]);
    let id = s.ok(
        "permissions.createPermission",
        json!({"name": "t", "slug": "t.once"}),
    )["permissionId"]
        .as_str()
        .unwrap()
        .to_string();
    s.ok("permissions.deletePermission", json!({"permission": id}));
    for (op, body, detail) in [
        (
            "permissions.getPermission",
            json!({"permission": "perm_missing123"}),
            "The requested permission does not exist.",
        ),
        (
            "permissions.deletePermission",
            json!({"permission": id}),
            "The requested permission does not exist.",
        ),
        (
            "permissions.getRole",
            json!({"role": "role_missing123"}),
            "The requested role does not exist.",
        ),
        (
            "permissions.deleteRole",
            json!({"role": "role_missing123"}),
            "The requested role does not exist.",
        ),
    ] {
        let r = s.call(op, body);
        assert_eq!(r.status, 404, "{op}");
        assert_eq!(r.json()["error"]["detail"], detail, "{op}");
    }
}

/// v2_permissions_set_role_permissions/handler_test.go, "replace, deduplicate, create, repeat,
/// and clear" and "unknown and foreign roles are not found" and "requires add, remove, and
/// create authorization".
#[test]
fn set_role_permissions__replace_deduplicate_create_repeat_and_clear() {
    let s = Server::start(&[
        "--root-key",
        "rk_no_create=rbac.*.add_permission_to_role,rbac.*.remove_permission_from_role",
    ]);
    s.ok(
        "permissions.createPermission",
        json!({"name": "keep", "slug": "keep.permission"}),
    );
    s.ok(
        "permissions.createPermission",
        json!({"name": "drop", "slug": "drop.permission"}),
    );
    let role = s.ok(
        "permissions.createRole",
        json!({"name": "r1", "permissions": ["drop.permission"]}),
    )["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"roleId": role, "permissions": ["KEEP.Permission", "new.permission", "NEW.Permission"]});
    let d = s.ok("permissions.setRolePermissions", body.clone());
    let mut slugs: Vec<String> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap().to_string())
        .collect();
    slugs.sort();
    assert_eq!(slugs, ["keep.permission", "new.permission"]);
    assert_eq!(
        s.ok("permissions.setRolePermissions", body)
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let d = s.ok(
        "permissions.setRolePermissions",
        json!({"roleId": role, "permissions": []}),
    );
    assert_eq!(d, json!([]));
    let r = s.call(
        "permissions.setRolePermissions",
        json!({"roleId": "role_unknown1", "permissions": []}),
    );
    assert_eq!(r.status, 404);
    // Without create_permission, a new slug is refused; existing ones are fine.
    let r = s.post_as(
        "/v2/permissions.setRolePermissions",
        Some("rk_no_create"),
        &json!({"roleId": role, "permissions": ["never.seen"]}),
    );
    assert_eq!(r.status, 403);
    let r = s.post_as(
        "/v2/permissions.setRolePermissions",
        Some("rk_no_create"),
        &json!({"roleId": role, "permissions": ["keep.permission"]}),
    );
    assert_eq!(r.status, 200);
}

/// v2_permissions_list_permissions/200_test.go and v2_permissions_list_roles/200_test.go,
/// "search": "matches name substring", "matches permission id" / "matches role id", "matches
/// slug substring", "matches description substring", "is case insensitive", "wildcards match
/// literally", "no matches returns empty list", "whitespace-only search returns all".
#[test]
fn list_permissions_and_roles__search() {
    let s = Server::start(&[]);
    let pid = s.ok(
        "permissions.createPermission",
        json!({"name": "Read Docs", "slug": "docs.read", "description": "Lets a key read documents"}),
    )["permissionId"]
        .as_str()
        .unwrap()
        .to_string();
    s.ok(
        "permissions.createPermission",
        json!({"name": "Write", "slug": "docs.write"}),
    );
    let rid = s.ok(
        "permissions.createRole",
        json!({"name": "editor", "description": "Edits everything"}),
    )["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    s.ok("permissions.createRole", json!({"name": "viewer"}));
    let perms = |q: &str| -> usize {
        s.ok("permissions.listPermissions", json!({"search": q}))
            .as_array()
            .unwrap()
            .len()
    };
    let roles = |q: &str| -> usize {
        s.ok("permissions.listRoles", json!({"search": q}))
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(perms("Read D"), 1);
    assert_eq!(perms(&pid), 1);
    assert_eq!(perms("docs."), 2);
    assert_eq!(perms("documents"), 1);
    assert_eq!(perms("READ DOCS"), 1);
    assert_eq!(perms("d_cs"), 0);
    assert_eq!(perms("nothing-here"), 0);
    assert_eq!(perms("   "), 2);
    assert_eq!(roles("edit"), 1);
    assert_eq!(roles(&rid), 1);
    assert_eq!(roles("everything"), 1);
    assert_eq!(roles("VIEW"), 1);
    assert_eq!(roles("   "), 2);
}
