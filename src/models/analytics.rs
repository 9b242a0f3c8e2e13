//! `analytics.*`: read-only queries over the workspace's verification and rate-limit records.

use serde::{Deserialize, Serialize};

use crate::{Request, Schema};

/// `analytics.getVerifications` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[schema(open)]
#[non_exhaustive]
pub struct GetVerificationsRequest {
    /// A `SELECT` over the public verification tables (`key_verifications_v1`,
    /// `key_verifications_per_minute_v1`, `…_per_hour_v1`, `…_per_day_v1`, `…_per_month_v1`).
    pub query: String,
}

/// `analytics.getRatelimits` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Schema, Request)]
#[serde(rename_all = "camelCase")]
#[schema(open)]
#[non_exhaustive]
pub struct GetRatelimitsRequest {
    /// A `SELECT` over the public rate-limit tables (`ratelimits_v1`,
    /// `ratelimits_per_minute_v1`, `…_per_hour_v1`, `…_per_day_v1`, `…_per_month_v1`).
    pub query: String,
}
