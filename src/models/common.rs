//! Types shared across namespaces: the envelope, pagination, credits, rate limits, identities,
//! permissions and roles.

use serde::{Deserialize, Serialize};

use crate::{Patch, Schema};

/// Reads a list that Unkey writes as `null` when it is empty (a Go nil slice) as an empty list.
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// A free-form JSON object (`meta`).
pub type JsonMap = serde_json::Map<String, serde_json::Value>;

/// The `meta` member of every response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Meta {
    /// Unkey's id for this request; quote it in support requests.
    pub request_id: String,
}

/// Cursor pagination of list operations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Pagination {
    /// Pass back as `cursor` for the next page; absent on the last page.
    pub cursor: Option<String>,
    /// Whether another page exists.
    pub has_more: bool,
}

/// A successful response: `{ meta, data, pagination? }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Response<D> {
    /// Request metadata.
    pub meta: Meta,
    /// The operation's result.
    pub data: D,
    /// Present on list operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

impl<D> Response<D> {
    /// Builds a response (mostly for tests and fakes).
    pub fn new(meta: Meta, data: D, pagination: Option<Pagination>) -> Self {
        Response {
            meta,
            data,
            pagination,
        }
    }
}

/// `data: {}` of operations that return nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Schema)]
#[non_exhaustive]
pub struct EmptyData {}

/// How often credits refill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RefillInterval {
    /// Every day.
    Daily,
    /// Every month, on `refillDay`.
    Monthly,
    /// A value this version does not know (responses only; requests reject it).
    #[serde(untagged)]
    Unknown(String),
}

/// Automatic credit refill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Refill {
    /// Daily or monthly.
    pub interval: RefillInterval,
    /// Credits after each refill.
    #[schema(range = 1..)]
    pub amount: i64,
    /// Day of the month for monthly refills (later than the month's end: its last day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(range = 1..=31)]
    pub refill_day: Option<u8>,
}

impl Refill {
    /// A refill to `amount` credits every `interval`.
    pub fn new(interval: RefillInterval, amount: i64) -> Self {
        Refill {
            interval,
            amount,
            refill_day: None,
        }
    }
    /// Sets the day of the month for monthly refills.
    #[must_use]
    pub fn refill_day(mut self, day: u8) -> Self {
        self.refill_day = Some(day);
        self
    }
}

/// Usage credits of a key: remaining count (`None`: unlimited) and optional refill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Credits {
    /// Credits left; `null` means unlimited.
    #[serde(default)]
    #[schema(required, nullable, range = 0..)]
    pub remaining: Option<i64>,
    /// Automatic refill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refill: Option<Refill>,
}

impl Credits {
    /// `remaining` credits (`None`: unlimited), no refill.
    pub fn new(remaining: impl Into<Option<i64>>) -> Self {
        Credits {
            remaining: remaining.into(),
            refill: None,
        }
    }
    /// Adds an automatic refill.
    #[must_use]
    pub fn refill(mut self, refill: Refill) -> Self {
        self.refill = Some(refill);
        self
    }
}

/// Credit changes in `keys.updateKey`: each part absent (unchanged), `null` or a value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CreditsPatch {
    /// New remaining count; `null`: unlimited. Setting it also clears the refill.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    #[schema(range = 0..)]
    pub remaining: Patch<i64>,
    /// New refill; `null` removes it.
    #[serde(default, skip_serializing_if = "Patch::is_absent")]
    pub refill: Patch<Refill>,
}

impl CreditsPatch {
    /// No changes.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets the remaining count (`None`: unlimited).
    #[must_use]
    pub fn remaining(mut self, remaining: impl Into<Option<i64>>) -> Self {
        self.remaining = remaining.into().into();
        self
    }
    /// Sets (`Some`) or removes (`None`) the refill.
    #[must_use]
    pub fn refill(mut self, refill: impl Into<Option<Refill>>) -> Self {
        self.refill = refill.into().into();
        self
    }
}

/// A rate limit to configure on a key or identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[schema(open)]
#[non_exhaustive]
pub struct RatelimitConfig {
    /// Name, referenced by verifyKey's `ratelimits`.
    #[schema(len = 3..=128)]
    pub name: String,
    /// Requests allowed per window.
    #[schema(range = 1..)]
    pub limit: i64,
    /// Window length in ms.
    #[schema(range = 1000..)]
    pub duration: i64,
    /// Checked on every verification without being named (`false` from [`RatelimitConfig::new`]).
    #[schema(default = false)]
    pub auto_apply: bool,
}

/// A rate-limit window: `limit` requests per `duration`. The typed way to give both numbers,
/// which positional `i64`s made easy to swap.
///
/// ```
/// use std::time::Duration;
/// use unkey_edge::models::Window;
///
/// let w = Window::per_minute(100);
/// assert_eq!((w.limit(), w.duration_ms()), (100, 60_000));
/// assert_eq!(Window::new(10, Duration::from_secs(1)), Window::per_second(10));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Window {
    limit: i64,
    duration: core::time::Duration,
}

impl Window {
    /// `limit` requests per `duration`. Unkey counts in whole milliseconds (at least 1 s for
    /// `ratelimit.limit`; the request is checked before sending).
    pub fn new(limit: i64, duration: core::time::Duration) -> Self {
        Window { limit, duration }
    }
    /// `limit` requests per second.
    pub fn per_second(limit: i64) -> Self {
        Self::new(limit, core::time::Duration::from_secs(1))
    }
    /// `limit` requests per minute.
    pub fn per_minute(limit: i64) -> Self {
        Self::new(limit, core::time::Duration::from_secs(60))
    }
    /// `limit` requests per hour.
    pub fn per_hour(limit: i64) -> Self {
        Self::new(limit, core::time::Duration::from_secs(3_600))
    }
    /// `limit` requests per day.
    pub fn per_day(limit: i64) -> Self {
        Self::new(limit, core::time::Duration::from_secs(86_400))
    }
    /// Requests per window.
    pub fn limit(&self) -> i64 {
        self.limit
    }
    /// The window's length.
    pub fn duration(&self) -> core::time::Duration {
        self.duration
    }
    /// The window's length in whole milliseconds, as sent (saturating at `i64::MAX`).
    pub fn duration_ms(&self) -> i64 {
        i64::try_from(self.duration.as_millis()).unwrap_or(i64::MAX)
    }
}

impl RatelimitConfig {
    /// A limit called `name` of `window`; not auto-applied.
    ///
    /// ```
    /// use unkey_edge::models::{RatelimitConfig, Window};
    ///
    /// let rl = RatelimitConfig::with_window("requests", Window::per_minute(100)).auto_apply(true);
    /// assert_eq!((rl.limit, rl.duration), (100, 60_000));
    /// ```
    pub fn with_window(name: impl Into<String>, window: Window) -> Self {
        RatelimitConfig {
            name: name.into(),
            limit: window.limit(),
            duration: window.duration_ms(),
            auto_apply: false,
        }
    }

    /// `limit` requests per `duration` ms; not auto-applied.
    #[deprecated(note = "the limit and the duration are easy to swap: use \
                `RatelimitConfig::with_window(name, Window::new(limit, Duration::from_millis(duration)))`")]
    pub fn new(name: impl Into<String>, limit: i64, duration: i64) -> Self {
        RatelimitConfig {
            name: name.into(),
            limit,
            duration,
            auto_apply: false,
        }
    }
    /// Sets whether the limit applies to every verification.
    #[must_use]
    pub fn auto_apply(mut self, on: bool) -> Self {
        self.auto_apply = on;
        self
    }
}

/// A rate limit as stored on a key or identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RatelimitData {
    /// Id (`rl_…`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Requests allowed per window.
    pub limit: i64,
    /// Window length in ms.
    pub duration: i64,
    /// Checked on every verification.
    pub auto_apply: bool,
}

/// An identity: an external entity (user, org) that keys and rate limits can share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Identity {
    /// Unkey's id.
    pub id: String,
    /// Your id for it.
    pub external_id: String,
    /// Free-form metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<JsonMap>,
    /// Shared rate limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratelimits: Option<Vec<RatelimitData>>,
}

/// A permission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Permission {
    /// Id (`perm_…`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The string verifyKey queries match.
    pub slug: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A role: a named set of permissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Role {
    /// Id (`role_…`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its permissions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<Permission>>,
}

/// `data` of `liveness`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema)]
#[non_exhaustive]
pub struct LivenessData {
    /// A status message (the server sends `"we're cooking"`).
    pub message: String,
}
