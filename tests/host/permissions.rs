//! permissions.* against a real unkey-local.

use crate::common::Local;
use futures_util::TryStreamExt;
use unkey_edge::models::*;

#[tokio::test]
async fn permissions_and_roles_lifecycle() {
    let local = Local::start();
    let unkey = local.client();
    let p = unkey
        .permissions()
        .create_permission(
            CreatePermissionRequest::new("Read docs", "docs.read").description("read"),
        )
        .await
        .unwrap()
        .data
        .permission_id;
    for slug in ["docs.write", "docs.delete"] {
        unkey
            .permissions()
            .create_permission(CreatePermissionRequest::new(slug, slug))
            .await
            .unwrap();
    }
    let dup = unkey
        .permissions()
        .create_permission(CreatePermissionRequest::new("x", "docs.read"))
        .await
        .unwrap_err();
    assert_eq!(dup.status(), Some(409));

    let by_slug = unkey
        .permissions()
        .get_permission(GetPermissionRequest::new("docs.read"))
        .await
        .unwrap()
        .data;
    assert_eq!(
        (by_slug.id.as_str(), by_slug.description.as_deref()),
        (p.as_str(), Some("read"))
    );

    let perms: Vec<Permission> = unkey
        .permissions()
        .list_permissions_stream(ListPermissionsRequest::new().limit(2u32))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(perms.len(), 3);

    let role = unkey
        .permissions()
        .create_role(CreateRoleRequest::new("writer").permissions(["docs.write"]))
        .await
        .unwrap()
        .data
        .role_id;
    unkey
        .permissions()
        .create_role(CreateRoleRequest::new("reader"))
        .await
        .unwrap();
    let got = unkey
        .permissions()
        .get_role(GetRoleRequest::new("writer"))
        .await
        .unwrap()
        .data;
    assert_eq!(got.id, role);
    assert_eq!(got.permissions.unwrap()[0].slug, "docs.write");

    let set = unkey
        .permissions()
        .set_role_permissions(SetRolePermissionsRequest::new(
            &role,
            ["docs.read", "docs.delete"],
        ))
        .await
        .unwrap()
        .data;
    assert_eq!(set.len(), 2);
    let got = unkey
        .permissions()
        .get_role(GetRoleRequest::new(&role))
        .await
        .unwrap()
        .data;
    let mut slugs: Vec<_> = got
        .permissions
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect();
    slugs.sort();
    assert_eq!(slugs, ["docs.delete", "docs.read"]);

    let roles: Vec<Role> = unkey
        .permissions()
        .list_roles_stream(ListRolesRequest::new().limit(1u32))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(roles.len(), 2);

    unkey
        .permissions()
        .delete_role(DeleteRoleRequest::new("writer"))
        .await
        .unwrap();
    let err = unkey
        .permissions()
        .get_role(GetRoleRequest::new("writer"))
        .await
        .unwrap_err();
    assert_eq!(err.error_type_tail(), Some("unkey/data/role_not_found"));
    unkey
        .permissions()
        .delete_permission(DeletePermissionRequest::new("docs.read"))
        .await
        .unwrap();
    let err = unkey
        .permissions()
        .get_permission(GetPermissionRequest::new(&p))
        .await
        .unwrap_err();
    assert_eq!(
        err.error_type_tail(),
        Some("unkey/data/permission_not_found")
    );
}
