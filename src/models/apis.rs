//! `apis.*`: APIs (keyspaces) and their keys.

use serde::{Deserialize, Serialize};

use crate::{Request, Schema};

/// `apis.createApi` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateApiRequest {
    /// Name.
    #[schema(len = 3..=256)]
    pub name: String,
}

/// `data` of `apis.createApi`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateApiData {
    /// The new API's id (`api_…`).
    pub api_id: String,
}

/// `apis.getApi` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GetApiRequest {
    /// The API.
    #[schema(len = 8..=255, pattern = "alnum_")]
    pub api_id: String,
}

/// `data` of `apis.getApi`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiData {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// `apis.listKeys` request (paginated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListKeysRequest {
    /// The API.
    #[schema(len = 1..)]
    pub api_id: String,
    /// Page size (1–100, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 1..=100)]
    #[schema(default = 100)]
    pub limit: Option<u32>,
    /// Cursor from the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Only keys of this owner.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = 1..)]
    pub external_id: Option<String>,
    /// Include plaintext of recoverable keys.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub decrypt: Option<bool>,
    /// Read from the database, bypassing the cache (experimental).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub revalidate_keys_cache: Option<bool>,
}

/// `apis.deleteApi` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeleteApiRequest {
    /// The API; all its keys stop verifying.
    #[schema(len = 8..=255, pattern = "alnum_")]
    pub api_id: String,
}
