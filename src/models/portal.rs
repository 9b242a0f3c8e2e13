//! `portal.*`: sessions of Unkey's customer portal. A server with a root key mints a session
//! for one end user (`createSession`) and redirects them to its URL; the portal redeems the
//! URL's single-use code (`exchangeCode`) for an access token, which the end user's browser
//! then sends as the `portal_session` cookie to the portal's own operations (`listKeys`,
//! `rerollKey`, `getVerifications`). Those take no root key: each call is given the end user's
//! [`PortalSession`](crate::PortalSession) instead (a backend acting for its end user, or
//! tests).

use serde::{Deserialize, Serialize};

use crate::{Request, Schema};

/// A capability granted to a portal session's end user (always limited to their own keys and
/// verifications).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Schema)]
#[non_exhaustive]
pub enum PortalScope {
    /// List and read their keys.
    #[serde(rename = "keys:read")]
    KeysRead,
    /// Create keys (no portal route uses it yet).
    #[serde(rename = "keys:create")]
    KeysCreate,
    /// Reroll their keys.
    #[serde(rename = "keys:reroll")]
    KeysReroll,
    /// Read their verification analytics.
    #[serde(rename = "analytics:read")]
    AnalyticsRead,
}

/// `portal.createSession` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreatePortalSessionRequest {
    /// The portal, by id (`pc_…`) or slug.
    #[schema(len = 3..=255, pattern = "resource_id")]
    pub portal: String,
    /// The end user's id in your system.
    #[schema(len = 1..=256)]
    pub external_id: String,
    /// What the end user may do (at least one; each needs the equivalent permission on your
    /// root key).
    #[schema(items = 1..)]
    pub scopes: Vec<PortalScope>,
    /// A preview session, for trying the portal out (default `false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(default = false)]
    pub preview: Option<bool>,
    /// Absolute URL the portal sends the end user back to.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(len = ..=500)]
    pub return_url: Option<String>,
}

/// `data` of `portal.createSession`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortalSessionData {
    /// The session's id (`ps_…`); not a credential.
    pub id: String,
    /// Where to redirect the end user: carries a single-use exchange code, valid for 15
    /// minutes. Treat it as a secret.
    pub url: String,
}

/// `portal.exchangeCode` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ExchangePortalCodeRequest {
    /// The exchange code from the portal URL (`code=`).
    #[schema(len = 1..)]
    pub code: String,
}

/// `data` of `portal.exchangeCode`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortalAccessData {
    /// The access token: the value of the end user's `portal_session` cookie.
    pub access_token: String,
    /// When it stops working (Unix ms; 24 hours after the exchange).
    pub expires_at: i64,
}

/// `portal.listKeys` request (paginated): the session's end user's keys, in the keyspaces the
/// portal covers (both come from the session).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortalListKeysRequest {
    /// Page size (1–100, default 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 1..=100)]
    #[schema(default = 100)]
    pub limit: Option<u32>,
    /// Cursor from the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// `portal.getVerifications` request: the session's end user's verifications in a window,
/// bucketed by minute, hour or day (the server picks from the window's size).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortalGetVerificationsRequest {
    /// Start of the window (Unix ms, inclusive).
    pub start_time: i64,
    /// End of the window (Unix ms, exclusive).
    pub end_time: i64,
    /// Only this key (one of the end user's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
}

/// One bucket of `portal.getVerifications`' series (buckets without verifications are there
/// with zeros).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PortalVerificationsPoint {
    /// Start of the bucket (Unix ms).
    pub time: i64,
    /// Verifications of any outcome.
    pub total: i64,
    /// `VALID` ones.
    pub valid: i64,
    /// Refused by a rate limit.
    pub rate_limited: i64,
    /// Refused for missing permissions.
    pub insufficient_permissions: i64,
    /// Refused as forbidden.
    pub forbidden: i64,
    /// Refused because the key was disabled.
    pub disabled: i64,
    /// Refused because the key had expired.
    pub expired: i64,
    /// Refused because the key's credits were used up.
    pub usage_exceeded: i64,
}
