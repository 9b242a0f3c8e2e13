//! Bad input never crashes or corrupts the server: every operation gets a battery of malformed
//! bodies and must answer a 4xx envelope each time, then still serve normal requests.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Server, ROOT};
use serde_json::{json, Value};

const OPS: &[&str] = &[
    "keys.verifyKey",
    "keys.createKey",
    "keys.updateKey",
    "keys.deleteKey",
    "keys.getKey",
    "keys.whoami",
    "keys.updateCredits",
    "keys.rerollKey",
    "keys.addPermissions",
    "keys.removePermissions",
    "keys.setPermissions",
    "keys.addRoles",
    "keys.removeRoles",
    "keys.setRoles",
    "keys.migrateKeys",
    "apis.createApi",
    "apis.getApi",
    "apis.listKeys",
    "apis.deleteApi",
    "ratelimit.limit",
    "ratelimit.multiLimit",
    "ratelimit.setOverride",
    "ratelimit.getOverride",
    "ratelimit.listOverrides",
    "ratelimit.deleteOverride",
    "identities.createIdentity",
    "identities.getIdentity",
    "identities.listIdentities",
    "identities.updateIdentity",
    "identities.deleteIdentity",
    "permissions.createPermission",
    "permissions.getPermission",
    "permissions.listPermissions",
    "permissions.deletePermission",
    "permissions.createRole",
    "permissions.getRole",
    "permissions.listRoles",
    "permissions.deleteRole",
    "permissions.setRolePermissions",
];

/// Field names used across the API, each given a value of the wrong type or out of range.
fn hostile_objects() -> Vec<Value> {
    let fields = [
        "key",
        "keyId",
        "apiId",
        "name",
        "prefix",
        "byteLength",
        "externalId",
        "meta",
        "roles",
        "permissions",
        "expires",
        "credits",
        "ratelimits",
        "enabled",
        "recoverable",
        "tags",
        "migrationId",
        "keys",
        "operation",
        "value",
        "expiration",
        "limit",
        "cursor",
        "decrypt",
        "namespace",
        "identifier",
        "duration",
        "cost",
        "identity",
        "search",
        "slug",
        "role",
        "permission",
        "roleId",
        "description",
        "permanent",
    ];
    let bad_values = [
        json!(null),
        json!(-1),
        json!(i64::MIN),
        json!(1.5),
        json!(1e300),
        json!("\u{0}\u{ffff}💥"),
        json!("x".repeat(5000)),
        json!([[[[]]]]),
        json!({"nested": {"deep": [1, {"x": null}]}}),
        json!(true),
    ];
    let mut out = Vec::new();
    for (i, v) in bad_values.iter().enumerate() {
        let mut o = serde_json::Map::new();
        for (j, f) in fields.iter().enumerate() {
            // Vary which fields get which bad value.
            o.insert(
                (*f).to_string(),
                bad_values[(i + j) % bad_values.len()].clone(),
            );
        }
        out.push(Value::Object(o));
        out.push(json!({ "credits": {"remaining": v, "refill": {"interval": v, "amount": v, "refillDay": v}},
                         "ratelimits": [{"name": v, "limit": v, "duration": v, "autoApply": v, "cost": v}] }));
    }
    out
}

#[test]
fn malformed_bodies_get_4xx_everywhere() {
    let s = Server::start(&[]);
    let auth = format!("Bearer {ROOT}");
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let raw_bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"\"str\"".to_vec(),
        b"42".to_vec(),
        b"{".to_vec(),
        b"{\"a\":1,}".to_vec(),
        vec![0xff, 0xfe, 0x00],
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
    ];
    let objects = hostile_objects();
    for op in OPS {
        let path = format!("/v2/{op}");
        for body in &raw_bodies {
            let r = s.request("POST", &path, &h, body);
            assert!(
                (400..500).contains(&r.status),
                "{op} {:?}: {}",
                String::from_utf8_lossy(body),
                r.status
            );
            assert!(r.json()["error"]["type"].is_string());
        }
        for body in &objects {
            let r = s.call(op, body.clone());
            assert!(
                (400..500).contains(&r.status),
                "{op} {body}: {} {}",
                r.status,
                String::from_utf8_lossy(&r.body)
            );
            let j = r.json();
            assert!(j["error"]["type"].is_string(), "{op}: {j}");
            if r.status == 400 {
                assert!(j["error"]["errors"].is_array());
            }
        }
    }
    // Nothing was created by any of it, and the server still works.
    let listed = s.ok("identities.listIdentities", json!({}));
    assert_eq!(listed, json!([]));
    assert_eq!(s.ok("permissions.listPermissions", json!({})), json!([]));
    assert_eq!(
        s.call("apis.createApi", json!({"name": "still-works"}))
            .status,
        200
    );
}
