//! `--seed`: a demo API and keys made through the same operations as the HTTP API (real
//! generation and hashing), printed as one JSON line for scripts, the demo and Worker tests.

use crate::error::ApiError;
use crate::server::App;
use serde_json::{json, Value};

/// The rate limit on the seeded `plain` key.
const PLAIN_LIMIT: i64 = 5;
const PLAIN_WINDOW_MS: i64 = 60_000;
/// Credits on the seeded `credits` key.
const CREDITS: i64 = 3;
/// The `expiring` key expires this long after seeding.
const EXPIRES_IN_MS: i64 = 3_600_000;

#[allow(
    clippy::indexing_slicing,
    reason = "serde_json::Value: reads never panic, writes go into an object built by json!"
)]
fn key(app: &App, body: Value) -> Result<Value, ApiError> {
    let d = app.call("/v2/keys.createKey", &body)?;
    Ok(json!({"keyId": d["keyId"], "key": d["key"]}))
}

/// Creates the demo data and returns the JSON printed on stdout.
#[allow(
    clippy::indexing_slicing,
    reason = "serde_json::Value: reads never panic, writes go into an object built by json!"
)]
pub fn seed(app: &App) -> Result<Value, ApiError> {
    let api = app.call("/v2/apis.createApi", &json!({"name": "unkey-local-demo"}))?;
    let api_id = api["apiId"].clone();
    let mut admin = key(
        app,
        json!({"apiId": api_id, "prefix": "demo", "name": "admin", "permissions": ["admin"], "externalId": "demo_admin"}),
    )?;
    admin["permissions"] = json!(["admin"]);
    let ratelimit = json!({"name": "requests", "limit": PLAIN_LIMIT, "duration": PLAIN_WINDOW_MS, "autoApply": true});
    let mut plain = key(
        app,
        json!({"apiId": api_id, "prefix": "demo", "name": "plain", "ratelimits": [ratelimit]}),
    )?;
    plain["ratelimit"] = ratelimit;
    let mut credits = key(
        app,
        json!({"apiId": api_id, "prefix": "demo", "name": "credits", "credits": {"remaining": CREDITS}}),
    )?;
    credits["credits"] = json!(CREDITS);
    let disabled = key(
        app,
        json!({"apiId": api_id, "prefix": "demo", "name": "disabled", "enabled": false}),
    )?;
    let expires = app.clock.now_ms() + EXPIRES_IN_MS;
    let mut expiring = key(
        app,
        json!({"apiId": api_id, "prefix": "demo", "name": "expiring", "expires": expires}),
    )?;
    expiring["expires"] = json!(expires);
    Ok(json!({
        "apiId": api_id,
        "keys": {
            "admin": admin,
            "plain": plain,
            "credits": credits,
            "disabled": disabled,
            "expiring": expiring,
        }
    }))
}
