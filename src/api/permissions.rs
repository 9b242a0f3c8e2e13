use futures_core::Stream;

use crate::error::Result;
use crate::models::*;
use crate::transport::{Timer, Transport};

super::namespace! {
    /// `permissions.*`: permissions and roles.
    ///
    /// ```no_run
    /// # #[cfg(feature = "reqwest")]
    /// # async fn run() -> unkey_edge::Result<()> {
    /// use unkey_edge::models::CreateRoleRequest;
    /// let unkey = unkey_edge::Unkey::new("unkey_root")?;
    /// unkey.permissions().create_role(CreateRoleRequest::new("editor").permissions(["docs.read", "docs.write"])).await?;
    /// # Ok(())
    /// # }
    /// ```
    Permissions {
        /// Creates a permission (`POST /v2/permissions.createPermission`).
        fn create_permission(CreatePermissionRequest) -> CreatePermissionData = CREATE_PERMISSION;
        /// Reads a permission (`POST /v2/permissions.getPermission`).
        fn get_permission(GetPermissionRequest) -> Permission = GET_PERMISSION;
        /// One page of permissions (`POST /v2/permissions.listPermissions`); see also
        /// [`Permissions::list_permissions_stream`].
        fn list_permissions(ListPermissionsRequest) -> Vec<Permission> = LIST_PERMISSIONS;
        /// Deletes a permission (`POST /v2/permissions.deletePermission`).
        fn delete_permission(DeletePermissionRequest) -> EmptyData = DELETE_PERMISSION;
        /// Creates a role (`POST /v2/permissions.createRole`).
        fn create_role(CreateRoleRequest) -> CreateRoleData = CREATE_ROLE;
        /// Reads a role (`POST /v2/permissions.getRole`).
        fn get_role(GetRoleRequest) -> Role = GET_ROLE;
        /// One page of roles (`POST /v2/permissions.listRoles`); see also
        /// [`Permissions::list_roles_stream`].
        fn list_roles(ListRolesRequest) -> Vec<Role> = LIST_ROLES;
        /// Deletes a role (`POST /v2/permissions.deleteRole`).
        fn delete_role(DeleteRoleRequest) -> EmptyData = DELETE_ROLE;
        /// Replaces a role's permissions (`POST /v2/permissions.setRolePermissions`).
        fn set_role_permissions(SetRolePermissionsRequest) -> Vec<Permission> = SET_ROLE_PERMISSIONS;
    }
}

impl<'c, T: Transport, C: Timer> Permissions<'c, T, C> {
    /// Every permission, one page request at a time.
    pub fn list_permissions_stream(
        &self,
        req: ListPermissionsRequest,
    ) -> impl Stream<Item = Result<Permission>> + Unpin + 'c {
        super::paginate(
            self.client,
            &crate::ops::LIST_PERMISSIONS,
            None,
            self.opts,
            req,
            |r, c| r.cursor = Some(c),
        )
    }

    /// Every role, one page request at a time.
    pub fn list_roles_stream(
        &self,
        req: ListRolesRequest,
    ) -> impl Stream<Item = Result<Role>> + Unpin + 'c {
        super::paginate(
            self.client,
            &crate::ops::LIST_ROLES,
            None,
            self.opts,
            req,
            |r, c| r.cursor = Some(c),
        )
    }
}
