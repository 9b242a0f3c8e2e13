//! `identities.*`: identities shared by keys and rate limits.

use serde::{Deserialize, Serialize};

use super::common::{JsonMap, RatelimitConfig};
use crate::{Request, Schema};

/// `identities.createIdentity` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[schema(open)]
#[non_exhaustive]
pub struct CreateIdentityRequest {
    /// Your id for the entity.
    #[schema(len = 1..=255, pattern = "external_id")]
    pub external_id: String,
    /// Metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(props = ..=100)]
    pub meta: Option<JsonMap>,
    /// Shared rate limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=50)]
    pub ratelimits: Option<Vec<RatelimitConfig>>,
}

/// `data` of `identities.createIdentity`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateIdentityData {
    /// Unkey's id for the identity.
    pub identity_id: String,
}

/// `identities.getIdentity` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GetIdentityRequest {
    /// Identity id or external id.
    #[schema(len = 1..)]
    pub identity: String,
}

/// `identities.listIdentities` request (paginated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListIdentitiesRequest {
    /// Page size (1–100, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 1..=100)]
    #[schema(default = 100)]
    pub limit: Option<u32>,
    /// Cursor from the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Case-insensitive substring of id or external id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=256)]
    pub search: Option<String>,
}

/// `identities.updateIdentity` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpdateIdentityRequest {
    /// Identity id or external id.
    #[schema(len = 1..)]
    pub identity: String,
    /// Metadata (replaces all; `{}` clears).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(props = ..=100)]
    pub meta: Option<JsonMap>,
    /// Rate limits (replaces all; `[]` clears).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=50)]
    pub ratelimits: Option<Vec<RatelimitConfig>>,
}

/// `identities.deleteIdentity` request. Its response has no `data`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeleteIdentityRequest {
    /// Identity id or external id.
    #[schema(len = 1..)]
    pub identity: String,
}
