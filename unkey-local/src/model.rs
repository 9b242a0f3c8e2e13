//! The stored entities. Each is persisted as one JSON document per row (see `store.rs`), so the
//! serde names here are the on-disk format, not the wire format.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An API (keyspace).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Api {
    /// `api_…`
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unix ms.
    pub created_at: i64,
    /// Soft-deleted: its keys verify as NOT_FOUND.
    pub deleted: bool,
    /// Delete protection (set in Unkey's dashboard; here with `/_local/dashboard/apiSettings`):
    /// `apis.deleteApi` answers 412 while it is on.
    #[serde(default)]
    pub delete_protection: bool,
    /// Client IPs allowed to use its keys (empty: any). Compared as exact strings with the
    /// client IP, as upstream does.
    #[serde(default)]
    pub ip_whitelist: Vec<String>,
    /// The keyspace's default prefix, used by `createKey` when the request has none.
    #[serde(default)]
    pub default_prefix: Option<String>,
    /// The keyspace's default byte length, used by `createKey` when the request has none.
    #[serde(default)]
    pub default_bytes: Option<i64>,
    /// The keyspace stores encrypted keys (a dashboard setting upstream): `recoverable: true`
    /// keys of it can be read back with `decrypt: true`.
    #[serde(default)]
    pub store_encrypted_keys: bool,
}

/// A root key created at run time through `/_local/dashboard/root-keys` (as Unkey's dashboard
/// creates them). Only its hash is kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreatedRootKey {
    /// `key_…`
    pub id: String,
    /// `base64(SHA-256(key))`.
    pub hash: String,
    /// The first characters of the key, as Unkey shows them.
    pub start: String,
    /// Its name, if given.
    #[serde(default)]
    pub name: Option<String>,
    /// What it may do (tuples or resource names, compared as `--root-key` scopes are).
    pub permissions: Vec<String>,
    /// Unix ms.
    pub created_at: i64,
    /// Whether it may be used (a disabled root key is refused with 403 `key_disabled`).
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Unix ms after which it is refused (403).
    #[serde(default)]
    pub expires: Option<i64>,
    /// For a root key of a workspace that does not exist: that workspace's id (such a key is
    /// stored with the default workspace and refused with 404 `workspace_not_found`).
    #[serde(default)]
    pub missing_workspace: Option<String>,
}

fn yes() -> bool {
    true
}

/// A configured rate limit on a key or an identity.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RateLimit {
    /// `rl_…`
    pub id: String,
    /// Name, unique on its owner.
    pub name: String,
    /// Requests per window.
    pub limit: i64,
    /// Window length in ms.
    pub duration: i64,
    /// Applied on every verification without being requested.
    pub auto_apply: bool,
}

/// A refill rule.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Refill {
    /// `daily` or `monthly`.
    pub interval: String,
    /// Credits set on each refill.
    pub amount: i64,
    /// Day of the month for monthly refills (1 when absent).
    pub refill_day: Option<i64>,
}

/// A key's usage credits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Credits {
    /// Remaining uses; `None` means unlimited.
    pub remaining: Option<i64>,
    /// Refill rule, if any.
    pub refill: Option<Refill>,
    /// When the credits were last refilled (or set), Unix ms.
    pub last_refill_at: i64,
}

/// An end-user key. Only the hash of the secret is kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Key {
    /// `key_…`
    pub id: String,
    /// Owning API.
    pub api_id: String,
    /// base64(SHA-256(secret)).
    pub hash: String,
    /// Visible start of the secret.
    pub start: String,
    /// Prefix used at creation (reused by reroll).
    pub prefix: Option<String>,
    /// Display name.
    pub name: Option<String>,
    /// Free-form metadata.
    pub meta: Option<Map<String, Value>>,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms of the last update.
    pub updated_at: Option<i64>,
    /// Unix ms of the last verification.
    pub last_used_at: Option<i64>,
    /// Unix ms after which the key is EXPIRED.
    pub expires: Option<i64>,
    /// DISABLED when false.
    pub enabled: bool,
    /// Direct permission ids.
    pub permissions: Vec<String>,
    /// Role ids.
    pub roles: Vec<String>,
    /// Usage credits; `None` when the key has none configured (unlimited).
    pub credits: Option<Credits>,
    /// Configured rate limits.
    pub ratelimits: Vec<RateLimit>,
    /// Linked identity id.
    pub identity_id: Option<String>,
    /// Soft-deleted.
    pub deleted: bool,
    /// The migration that imported the key, until a verification with that migration's own
    /// hash algorithm has rehashed it (`keys.migrateKeys`).
    #[serde(default)]
    pub pending_migration_id: Option<String>,
    /// The sealed plaintext of a recoverable key ([`crate::vault`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<String>,
}

/// How a key migration's keys were hashed by the system they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrationAlgorithm {
    /// `sha256`: the hashes are Unkey's own (`base64(SHA-256(key))`), so migrated keys verify
    /// directly.
    Sha256,
    /// `github.com/seamapi/prefixed-api-key`: `prefix_short_long` keys stored as
    /// `hex(SHA-256(long))`, rehashed on their first verification with the `migrationId`.
    SeamPrefixedApiKey,
}

impl MigrationAlgorithm {
    /// The algorithm named as upstream names it.
    pub fn parse(name: &str) -> Option<MigrationAlgorithm> {
        match name {
            "sha256" => Some(MigrationAlgorithm::Sha256),
            "github.com/seamapi/prefixed-api-key" => Some(MigrationAlgorithm::SeamPrefixedApiKey),
            _ => None,
        }
    }
}

/// An identity shared by several keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Identity {
    /// `id_…`
    pub id: String,
    /// The caller's id for it.
    pub external_id: String,
    /// Free-form metadata.
    pub meta: Option<Map<String, Value>>,
    /// Rate limits shared by all its keys.
    pub ratelimits: Vec<RateLimit>,
    /// Unix ms.
    pub created_at: i64,
    /// Soft-deleted.
    pub deleted: bool,
}

/// An RBAC permission.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Permission {
    /// `perm_…`
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unique slug matched by verify queries.
    pub slug: String,
    /// Optional description.
    pub description: Option<String>,
    /// Unix ms.
    pub created_at: i64,
}

/// An RBAC role: a named set of permissions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    /// `role_…`
    pub id: String,
    /// Unique name.
    pub name: String,
    /// Optional description.
    pub description: Option<String>,
    /// Permission ids.
    pub permissions: Vec<String>,
    /// Unix ms.
    pub created_at: i64,
}

/// A rate-limit namespace.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Namespace {
    /// `rlns_…`
    pub id: String,
    /// Unique name.
    pub name: String,
    /// Unix ms.
    pub created_at: i64,
    /// Soft-deleted (in Unkey's dashboard; here with `/_local/dashboard/deleteNamespace`):
    /// limiting in it answers 410, the override operations 404.
    #[serde(default)]
    pub deleted: bool,
}

/// A per-identifier override in a namespace.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Override {
    /// `rlor_…`
    pub id: String,
    /// Namespace id.
    pub namespace_id: String,
    /// Identifier or pattern with `*` wildcards.
    pub identifier: String,
    /// Replacement limit (0 blocks).
    pub limit: i64,
    /// Replacement window, ms.
    pub duration: i64,
    /// Soft-deleted by `deleteOverride`. As upstream, `setOverride` of the same identifier
    /// updates this row without undeleting it.
    #[serde(default)]
    pub deleted: bool,
}

/// A customer portal (configured in Unkey's dashboard; here with `--portal` or
/// `/_local/dashboard/portal`), mapped to one API's keyspace.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Portal {
    /// `pc_…`
    pub id: String,
    /// The slug `portal.createSession` also accepts, unique in its workspace.
    pub slug: String,
    /// The API whose keyspace the portal's sessions are scoped to.
    pub api_id: String,
    /// A disabled portal mints no sessions (403).
    pub enabled: bool,
    /// Unix ms.
    pub created_at: i64,
}

/// One portal session: minted by `portal.createSession` with a single-use exchange code, which
/// `portal.exchangeCode` trades for an access token (the `portal_session` cookie). Both
/// credentials are kept only as hashes.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PortalSession {
    /// `ps_…`
    pub id: String,
    /// The portal that minted it.
    pub portal_id: String,
    /// The end user: every portal route is scoped to this external id.
    pub external_id: String,
    /// The keyspaces (`ks_…`) the session's key capabilities reach.
    pub keyspace_ids: Vec<String>,
    /// `keys:read`, `keys:create`, `keys:reroll`, `analytics:read`.
    pub scopes: Vec<String>,
    /// A preview session.
    pub preview: bool,
    /// Where the portal sends the end user back to.
    pub return_url: Option<String>,
    /// Hash of the exchange code.
    pub code_hash: String,
    /// Unix ms after which the code can no longer be exchanged.
    pub code_expires_at: i64,
    /// Hash of the access token, once the code was exchanged.
    pub token_hash: Option<String>,
    /// Unix ms when the token was issued.
    pub token_created_at: Option<i64>,
    /// Unix ms when the token stops working.
    pub token_expires_at: Option<i64>,
    /// Unix ms.
    pub created_at: i64,
}
