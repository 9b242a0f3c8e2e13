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
    Permissions
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
