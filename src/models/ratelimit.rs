//! `ratelimit.*`: standalone rate limiting and overrides.

use serde::{Deserialize, Serialize};

use super::common::Window;
use crate::{Request, Schema};

/// `ratelimit.limit` request (also one entry of `multiLimit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[request(deprecated_new = "the limit and the duration are easy to swap: use \
                      `LimitRequest::with_window(namespace, identifier, Window::per_minute(limit))` \
                      (or `Window::new(limit, Duration::from_millis(duration))`)")]
pub struct LimitRequest {
    /// Namespace name or id (created on first use when the root key may).
    #[schema(len = 1..=512)]
    pub namespace: String,
    /// Who is limited: a user id, an IP…
    #[schema(len = 1..=512)]
    pub identifier: String,
    /// Requests per window.
    #[schema(range = 1..)]
    pub limit: i64,
    /// Window in ms (1 s to 30 days).
    #[schema(range = 1000..=2_592_000_000)]
    pub duration: i64,
    /// Tokens to spend (default 1; 0 only checks).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 0..)]
    #[schema(default = 1)]
    pub cost: Option<i64>,
}

/// `data` of `ratelimit.limit`. `success: false` is an answer, not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LimitData {
    /// The limit applied (after any override).
    pub limit: i64,
    /// Requests left in the window.
    pub remaining: i64,
    /// When the window resets (Unix ms).
    pub reset: i64,
    /// Whether the request is allowed.
    pub success: bool,
    /// The override that applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_id: Option<String>,
}

/// `ratelimit.multiLimit` request: 1–100 checks, sent as a JSON array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(transparent)]
#[non_exhaustive]
pub struct MultiLimitRequest(
    /// The checks.
    #[schema(items = 1..=100)]
    pub Vec<LimitRequest>,
);

impl MultiLimitRequest {
    /// The checks to run together.
    pub fn new(checks: impl IntoIterator<Item = LimitRequest>) -> Self {
        MultiLimitRequest(checks.into_iter().collect())
    }
}

/// One check of `ratelimit.multiLimit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MultiLimitResult {
    /// Namespace.
    pub namespace: String,
    /// Identifier.
    pub identifier: String,
    /// The limit applied.
    pub limit: i64,
    /// Requests left.
    pub remaining: i64,
    /// Reset time (Unix ms).
    pub reset: i64,
    /// Whether this check passed.
    pub passed: bool,
    /// The override that applied, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_id: Option<String>,
}

/// `data` of `ratelimit.multiLimit`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MultiLimitData {
    /// Whether every check passed.
    pub passed: bool,
    /// Each check, in request order.
    pub limits: Vec<MultiLimitResult>,
}

/// `ratelimit.setOverride` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[request(deprecated_new = "the limit and the duration are easy to swap: use \
                      `SetOverrideRequest::with_window(namespace, identifier, Window::per_minute(limit))` \
                      (or `Window::new(limit, Duration::from_millis(duration))`)")]
pub struct SetOverrideRequest {
    /// Namespace name or id.
    #[schema(len = 1..=512)]
    pub namespace: String,
    /// Identifier or pattern with `*`.
    #[schema(len = 1..=512)]
    pub identifier: String,
    /// Requests per window (0 blocks).
    #[schema(range = 0..)]
    pub limit: i64,
    /// Window in ms.
    #[schema(range = 1000..)]
    pub duration: i64,
}

impl LimitRequest {
    /// A check of `window` for `identifier` (a user id, an IP…) in `namespace` (a name or id;
    /// created on first use when the root key may). Spends one token unless
    /// [`cost`](LimitRequest::cost) says otherwise.
    ///
    /// ```
    /// use std::time::Duration;
    /// use unkey_edge::models::{LimitRequest, Window};
    ///
    /// // 10 requests per minute for user_42 in namespace "api", spending 2 tokens.
    /// let req = LimitRequest::with_window("api", "user_42", Window::per_minute(10)).cost(2);
    /// assert_eq!((req.limit, req.duration), (10, 60_000));
    /// let same = LimitRequest::with_window("api", "user_42", Window::new(10, Duration::from_secs(60)));
    /// assert_eq!(same.cost(2), req);
    /// ```
    pub fn with_window(
        namespace: impl Into<String>,
        identifier: impl Into<String>,
        window: Window,
    ) -> Self {
        LimitRequest {
            namespace: namespace.into(),
            identifier: identifier.into(),
            limit: window.limit(),
            duration: window.duration_ms(),
            cost: None,
        }
    }
}

impl SetOverrideRequest {
    /// An override of `namespace`'s limit for `identifier` (exact, or a pattern with `*`):
    /// `window` instead (a limit of 0 blocks).
    ///
    /// ```
    /// use unkey_edge::models::{SetOverrideRequest, Window};
    ///
    /// // vip_* identifiers get 1000 requests per minute; Window::per_minute(0) blocks.
    /// let req = SetOverrideRequest::with_window("api", "vip_*", Window::per_minute(1_000));
    /// assert_eq!((req.limit, req.duration), (1_000, 60_000));
    /// ```
    pub fn with_window(
        namespace: impl Into<String>,
        identifier: impl Into<String>,
        window: Window,
    ) -> Self {
        SetOverrideRequest {
            namespace: namespace.into(),
            identifier: identifier.into(),
            limit: window.limit(),
            duration: window.duration_ms(),
        }
    }
}

/// `data` of `ratelimit.setOverride`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SetOverrideData {
    /// The override's id.
    pub override_id: String,
}

/// `ratelimit.getOverride` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GetOverrideRequest {
    /// Namespace name or id.
    #[schema(len = 1..=512)]
    pub namespace: String,
    /// The exact identifier or pattern.
    #[schema(len = 1..=512)]
    pub identifier: String,
}

/// `ratelimit.deleteOverride` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeleteOverrideRequest {
    /// Namespace name or id.
    #[schema(len = 1..=512)]
    pub namespace: String,
    /// The exact identifier or pattern.
    #[schema(len = 1..=512)]
    pub identifier: String,
}

/// A rate limit override.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Override {
    /// Id.
    pub override_id: String,
    /// Window in ms.
    pub duration: i64,
    /// Identifier or pattern.
    pub identifier: String,
    /// Requests per window.
    pub limit: i64,
}

/// `ratelimit.listOverrides` request (paginated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListOverridesRequest {
    /// Namespace name or id.
    #[schema(len = 1..=512)]
    pub namespace: String,
    /// Cursor from the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Page size (1–100, default 10).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(range = 1..=100)]
    #[schema(default = 10)]
    pub limit: Option<u32>,
}
