//! `keys.*`: verify, create, read, update and delete keys; credits; permissions and roles.

use serde::{Deserialize, Serialize};

use super::common::{
    Credits, CreditsPatch, Identity, JsonMap, RatelimitConfig, RatelimitData, Window,
};
use crate::{Patch, Request, Schema};

/// Credits to spend in a verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VerifyCredits {
    /// Credits to deduct; `0` checks without spending.
    #[schema(range = 0..=1_000_000_000_000)]
    pub cost: i64,
}

/// A rate limit to check during a verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[schema(open)]
#[non_exhaustive]
pub struct VerifyRatelimit {
    /// Name of a limit on the key or its identity (or of an ad-hoc limit with `limit`+`duration`).
    #[schema(len = 3..=255)]
    pub name: String,
    /// Tokens to spend (default 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 0..)]
    #[schema(default = 1)]
    pub cost: Option<i64>,
    /// Ad-hoc limit: requests per window.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 0..)]
    pub limit: Option<i64>,
    /// Ad-hoc limit: window in ms.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 0..)]
    pub duration: Option<i64>,
}

impl VerifyRatelimit {
    /// Checks an ad-hoc limit of `window` (sets both `limit` and `duration`).
    #[must_use]
    pub fn window(mut self, window: Window) -> Self {
        self.limit = Some(window.limit());
        self.duration = Some(window.duration_ms());
        self
    }
}

/// `keys.verifyKey` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VerifyKeyRequest {
    /// The key as presented by your user, prefix included.
    #[schema(len = 1..=512)]
    pub key: String,
    /// Analytics tags, e.g. `path=/v1/x`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=20, item(len = 1..=512))]
    pub tags: Option<Vec<String>>,
    /// Permission query, e.g. `documents.read AND documents.write`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = 1..=1000)]
    pub permissions: Option<String>,
    /// Credits to spend (default: 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits: Option<VerifyCredits>,
    /// Rate limits to check in addition to auto-applied ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratelimits: Option<Vec<VerifyRatelimit>>,
    /// Migration to look the key up in when it is not found under Unkey's hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=256)]
    pub migration_id: Option<String>,
}

/// Outcome of a verification. Only `Valid` means the key may be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum VerifyCode {
    /// The key is valid.
    Valid,
    /// No such key (or not visible to this root key).
    NotFound,
    /// The key or workspace may not be used here.
    Forbidden,
    /// The permission query did not match.
    InsufficientPermissions,
    /// Out of credits.
    UsageExceeded,
    /// A rate limit was exceeded.
    RateLimited,
    /// The key is disabled.
    Disabled,
    /// The key has expired.
    Expired,
    /// A code this version does not know.
    #[serde(untagged)]
    Unknown(String),
}

impl VerifyCode {
    /// The wire name (`"VALID"`, `"NOT_FOUND"`, …), as serde writes it.
    pub fn as_str(&self) -> &str {
        match self {
            VerifyCode::Valid => "VALID",
            VerifyCode::NotFound => "NOT_FOUND",
            VerifyCode::Forbidden => "FORBIDDEN",
            VerifyCode::InsufficientPermissions => "INSUFFICIENT_PERMISSIONS",
            VerifyCode::UsageExceeded => "USAGE_EXCEEDED",
            VerifyCode::RateLimited => "RATE_LIMITED",
            VerifyCode::Disabled => "DISABLED",
            VerifyCode::Expired => "EXPIRED",
            VerifyCode::Unknown(s) => s,
        }
    }
}

/// A rate limit checked during a verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VerifyRatelimitData {
    /// Whether this limit was exceeded.
    pub exceeded: bool,
    /// Id (`""` for ad-hoc limits).
    pub id: String,
    /// Name.
    pub name: String,
    /// Requests per window.
    pub limit: i64,
    /// Window in ms.
    pub duration: i64,
    /// When the window resets (Unix ms).
    pub reset: i64,
    /// Requests left in the window.
    pub remaining: i64,
    /// Auto-applied.
    pub auto_apply: bool,
}

/// `data` of `keys.verifyKey`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct VerifyKeyData {
    /// `true` only when `code` is `VALID`.
    pub valid: bool,
    /// Why the key is (not) valid.
    pub code: VerifyCode,
    /// The key's id (absent when not found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The key's metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<JsonMap>,
    /// Expiry (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<i64>,
    /// Credits left after this verification (absent: unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits: Option<i64>,
    /// Whether the key is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// The key's permissions (direct and via roles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// The key's roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// The linked identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Rate limits checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratelimits: Option<Vec<VerifyRatelimitData>>,
}

/// `keys.createKey` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateKeyRequest {
    /// The API (keyspace) the key belongs to.
    #[schema(len = 3..=255, pattern = "alnum_")]
    pub api_id: String,
    /// Prefix, joined to the random part with `_`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = 1..=16, pattern = "alnum_")]
    pub prefix: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = 1..=255)]
    pub name: Option<String>,
    /// Random bytes in the key (default 16).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 16..=255)]
    #[schema(default = 16)]
    pub byte_length: Option<u32>,
    /// Your id for the owner; links (and creates) an identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = 1..=255, pattern = "external_id")]
    pub external_id: Option<String>,
    /// Free-form metadata returned on every verification.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(props = ..=100)]
    pub meta: Option<JsonMap>,
    /// Role names (the roles must exist).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=100, item(len = 1..=128))]
    pub roles: Option<Vec<String>>,
    /// Permission slugs (created when missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=1000, item(len = 1..=128, pattern = "permission"))]
    pub permissions: Option<Vec<String>>,
    /// Expiry (Unix ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 0..=4_102_444_800_000)]
    pub expires: Option<i64>,
    /// Usage credits (absent: unlimited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits: Option<Credits>,
    /// Rate limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=50)]
    pub ratelimits: Option<Vec<RatelimitConfig>>,
    /// Whether the key starts enabled (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = true)]
    pub enabled: Option<bool>,
    /// Store the key encrypted so `getKey` with `decrypt` can return it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub recoverable: Option<bool>,
}

/// `data` of `keys.createKey` and `keys.rerollKey`: the new key, shown only once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreateKeyData {
    /// The new key's id.
    pub key_id: String,
    /// The full secret key; hand it to your user, Unkey keeps only its hash.
    pub key: String,
}

/// `data` of `keys.rerollKey`.
pub type RerollKeyData = CreateKeyData;

/// `keys.updateKey` request: absent fields are unchanged, cleared ones are sent as `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpdateKeyRequest {
    /// The key to update.
    #[schema(len = 3..=255, pattern = "alnum_")]
    pub key_id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[schema(len = 1..=255)]
    pub name: Patch<String>,
    /// Owner id; `null` unlinks the identity.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[schema(len = 1..=255, pattern = "external_id")]
    pub external_id: Patch<String>,
    /// Metadata (replaces all).
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[schema(props = ..=100)]
    pub meta: Patch<JsonMap>,
    /// Expiry (Unix ms); `null` makes the key permanent.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[schema(range = 0..=4_102_444_800_000)]
    pub expires: Patch<i64>,
    /// Credits; `null` makes the key unlimited.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub credits: Patch<CreditsPatch>,
    /// Rate limits (replaces all; `[]` removes all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=50)]
    pub ratelimits: Option<Vec<RatelimitConfig>>,
    /// Enable or disable the key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Roles (replaces all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=100, item(len = 1..=128))]
    pub roles: Option<Vec<String>>,
    /// Permissions (replaces all).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=1000, item(len = 1..=128, pattern = "permission"))]
    pub permissions: Option<Vec<String>>,
}

/// `keys.deleteKey` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeleteKeyRequest {
    /// The key to delete.
    #[schema(len = 3..=255, pattern = "alnum_")]
    pub key_id: String,
    /// Erase the key completely instead of a soft delete.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub permanent: Option<bool>,
}

/// `keys.getKey` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GetKeyRequest {
    /// The key to read.
    #[schema(len = 3..=255, pattern = "alnum_")]
    pub key_id: String,
    /// Return the plaintext of a recoverable key.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub decrypt: Option<bool>,
}

/// `keys.whoami` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WhoamiRequest {
    /// The full key.
    #[schema(len = 1..=512)]
    pub key: String,
}

/// A key's stored state (`getKey`, `whoami`, `apis.listKeys`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KeyData {
    /// Id.
    pub key_id: String,
    /// The visible start of the key, for display.
    pub start: String,
    /// Whether it can be verified.
    pub enabled: bool,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<JsonMap>,
    /// Creation time (Unix ms).
    pub created_at: i64,
    /// Last update (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<i64>,
    /// Last verification, approximately (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<i64>,
    /// Expiry (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<i64>,
    /// Permission slugs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// Role names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Credits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits: Option<Credits>,
    /// Linked identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// The plaintext key (with `decrypt` on a recoverable key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plaintext: Option<String>,
    /// Rate limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratelimits: Option<Vec<RatelimitData>>,
}

/// `keys.rerollKey` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[schema(open)]
#[non_exhaustive]
pub struct RerollKeyRequest {
    /// The key to replace.
    #[schema(len = 3..=255, pattern = "alnum_")]
    pub key_id: String,
    /// Milliseconds until the old key stops working (0: now).
    #[schema(range = 0..=4_102_444_800_000)]
    pub expiration: i64,
}

/// What `keys.updateCredits` does with `value`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CreditOperation {
    /// Replace the count (`null`: unlimited).
    Set,
    /// Add to the count.
    Increment,
    /// Subtract from the count (stops at 0).
    Decrement,
    /// A value this version does not know (responses only; requests reject it).
    #[serde(untagged)]
    Unknown(String),
}

/// `keys.updateCredits` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UpdateCreditsRequest {
    /// The key.
    #[schema(len = 3..)]
    pub key_id: String,
    /// Set, increment or decrement.
    pub operation: CreditOperation,
    /// Amount; `null` with `set` makes the key unlimited.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[schema(range = 0..)]
    pub value: Patch<i64>,
}

/// One key to import with `keys.migrateKeys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MigrateKey {
    /// The key's hash under the migration's algorithm.
    #[schema(len = 3..)]
    pub hash: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = 1..=255)]
    pub name: Option<String>,
    /// Owner id.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = 1..=255)]
    pub external_id: Option<String>,
    /// Metadata.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(props = ..=100)]
    pub meta: Option<JsonMap>,
    /// Role names.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=100, item(len = 1..=128))]
    pub roles: Option<Vec<String>>,
    /// Permission slugs.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=1000, item(len = 1..=128, pattern = "permission"))]
    pub permissions: Option<Vec<String>>,
    /// Expiry (Unix ms).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 0..=4_102_444_800_000)]
    pub expires: Option<i64>,
    /// Enabled (default true).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = true)]
    pub enabled: Option<bool>,
    /// Credits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits: Option<Credits>,
    /// Rate limits.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(items = ..=50)]
    pub ratelimits: Option<Vec<RatelimitConfig>>,
}

/// `keys.migrateKeys` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MigrateKeysRequest {
    /// Migration id (set up with Unkey).
    #[schema(len = 3..=255)]
    pub migration_id: String,
    /// Target API.
    #[schema(len = 3..=255)]
    pub api_id: String,
    /// The keys.
    #[schema(items = 1..)]
    pub keys: Vec<MigrateKey>,
}

/// One imported key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MigratedKey {
    /// The hash sent.
    pub hash: String,
    /// The new key id.
    pub key_id: String,
}

/// `data` of `keys.migrateKeys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MigrateKeysData {
    /// Imported keys.
    pub migrated: Vec<MigratedKey>,
    /// Hashes that were not imported. Unkey writes `null` when none failed (a Go nil slice):
    /// the Rust client reads an empty list, JavaScript gets the `null` as sent.
    #[serde(deserialize_with = "super::common::null_as_empty")]
    pub failed: Vec<String>,
}

macro_rules! key_list_request {
    ($(#[$doc:meta])* $name:ident, $field:ident, items($($items:tt)*), item($($item:tt)*)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            /// The key.
            #[schema(len = 3..=255, pattern = "alnum_")]
            pub key_id: String,
            /// Permission slugs or ids / role names or ids.
            #[schema(items = $($items)*, item($($item)*))]
            pub $field: Vec<String>,
        }
    };
}

key_list_request!(
    /// `keys.addPermissions` request.
    AddPermissionsRequest, permissions, items(1..=1000), item(len = 1..=128, pattern = "permission"));
key_list_request!(
    /// `keys.removePermissions` request.
    RemovePermissionsRequest, permissions, items(1..=1000), item(len = 1..=128, pattern = "permission"));
key_list_request!(
    /// `keys.setPermissions` request (`[]` removes all direct permissions).
    SetPermissionsRequest, permissions, items(0..), item(len = 1..=128, pattern = "permission"));
key_list_request!(
    /// `keys.addRoles` request.
    AddRolesRequest, roles, items(1..=100), item(len = 1..=128));
key_list_request!(
    /// `keys.removeRoles` request.
    RemoveRolesRequest, roles, items(1..=100), item(len = 1..=128));
key_list_request!(
    /// `keys.setRoles` request (`[]` removes all roles).
    SetRolesRequest, roles, items(..=100), item(len = 1..=128));
