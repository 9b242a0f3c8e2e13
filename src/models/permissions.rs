//! `permissions.*`: permissions and roles for your users' keys.

use serde::{Deserialize, Serialize};

use crate::{Request, Schema};

/// `permissions.createPermission` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreatePermissionRequest {
    /// Display name.
    #[schema(len = 1..=512)]
    pub name: String,
    /// The string verifyKey queries match, e.g. `documents.read`.
    #[schema(len = 1..=128, pattern = "permission")]
    pub slug: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=512)]
    pub description: Option<String>,
}

/// `data` of `permissions.createPermission`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreatePermissionData {
    /// The new permission's id.
    pub permission_id: String,
}

/// `permissions.getPermission` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GetPermissionRequest {
    /// Id or slug.
    #[schema(len = 1..=128, pattern = "permission")]
    pub permission: String,
}

/// `permissions.listPermissions` request (paginated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListPermissionsRequest {
    /// Cursor from the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=1024)]
    pub cursor: Option<String>,
    /// Page size (1–100, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 1..=100)]
    #[schema(default = 100)]
    pub limit: Option<u32>,
    /// Substring search.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=256)]
    pub search: Option<String>,
}

/// `permissions.deletePermission` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeletePermissionRequest {
    /// Id or slug.
    #[schema(len = 1..=128, pattern = "permission")]
    pub permission: String,
}

/// `permissions.createRole` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateRoleRequest {
    /// Name.
    #[schema(len = 1..=128)]
    pub name: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=512)]
    pub description: Option<String>,
    /// Permission slugs to attach (created when missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(item(len = 1..=128, pattern = "permission"))]
    pub permissions: Option<Vec<String>>,
}

/// `data` of `permissions.createRole`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateRoleData {
    /// The new role's id.
    pub role_id: String,
}

/// `permissions.getRole` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GetRoleRequest {
    /// Id or name.
    #[schema(len = 1..=128)]
    pub role: String,
}

/// `permissions.listRoles` request (paginated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListRolesRequest {
    /// Page size (1–100, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 1..=100)]
    #[schema(default = 100)]
    pub limit: Option<u32>,
    /// Cursor from the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=1024)]
    pub cursor: Option<String>,
    /// Substring search.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=256)]
    pub search: Option<String>,
}

/// `permissions.deleteRole` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeleteRoleRequest {
    /// Id or name.
    #[schema(len = 1..=128)]
    pub role: String,
}

/// `permissions.setRolePermissions` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SetRolePermissionsRequest {
    /// The role's id.
    #[schema(len = 3..=255, pattern = "resource_id")]
    pub role_id: String,
    /// Permission slugs (replaces all; `[]` clears).
    #[schema(item(len = 1..=128, pattern = "permission"))]
    pub permissions: Vec<String>,
}
