//! The client-side validator and unkey-local's server-side validation agree: each invalid body
//! below is sent raw (bypassing the client) and must be rejected by the server with a 400 whose
//! first `errors[]` entry points at the field our validator reports for the same body. The
//! server answers as the real Unkey server does, with JSON Schema keyword locations
//! (`/properties/tags/items/minLength`, `/required` + `missing property 'key'`); our validator
//! names the field by instance location (`body.tags[1]`, `body.key`).

use crate::common::{Local, ROOT_KEY};
use serde_json::{json, Value};
use unkey_edge::ops;
use unkey_edge::schema::validate;

#[tokio::test]
async fn server_and_client_reject_the_same_bodies_at_the_same_place() {
    let local = Local::start();
    let http = reqwest::Client::new();
    let perms: Vec<String> = (0..1001).map(|i| format!("p{i}")).collect();
    let cases: Vec<(&str, &str, Value)> = vec![
        ("keys", "verifyKey", json!({"key": ""})),
        ("keys", "verifyKey", json!({"key": "k", "tags": ["a", ""]})),
        (
            "keys",
            "verifyKey",
            json!({"key": "k", "credits": {"cost": -1}}),
        ),
        ("keys", "verifyKey", json!({"key": "k", "apiId": "api_1"})),
        (
            "keys",
            "createKey",
            json!({"apiId": "api_1", "permissions": ["ok", "bad perm"]}),
        ),
        (
            "keys",
            "createKey",
            json!({"apiId": "api_1", "byteLength": 8}),
        ),
        ("keys", "createKey", json!({"apiId": "api 1"})),
        (
            "keys",
            "createKey",
            json!({"apiId": "api_1", "permissions": perms}),
        ),
        (
            "keys",
            "updateKey",
            json!({"keyId": "key_1", "ratelimits": [{"name": "ab", "limit": 1, "duration": 1000, "autoApply": true}]}),
        ),
        (
            "keys",
            "updateCredits",
            json!({"keyId": "key_1", "operation": "multiply"}),
        ),
        ("keys", "addRoles", json!({"keyId": "key_1", "roles": []})),
        ("apis", "getApi", json!({"apiId": "short"})),
        (
            "ratelimit",
            "limit",
            json!({"namespace": "n", "identifier": "i", "limit": 1, "duration": 999}),
        ),
        (
            "ratelimit",
            "limit",
            json!({"namespace": "n", "identifier": "i", "limit": 1.5, "duration": 1000}),
        ),
        ("ratelimit", "multiLimit", json!([])),
        (
            "identities",
            "createIdentity",
            json!({"externalId": "has space"}),
        ),
        ("identities", "listIdentities", json!({"limit": 101})),
        ("permissions", "createPermission", json!({"name": "n"})),
        (
            "permissions",
            "setRolePermissions",
            json!({"roleId": "role.1", "permissions": []}),
        ),
    ];
    let mut mismatches = Vec::new();
    for (ns, name, body) in &cases {
        let op = ops::find(ns, name).unwrap();
        let ours = validate(op.request.unwrap(), &body).expect_err("our validator must reject it");
        let resp = http
            .post(format!("{}{}", local.url, op.path))
            .bearer_auth(ROOT_KEY)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let v: Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap_or_default();
        let theirs = v["error"]["errors"][0]["location"]
            .as_str()
            .unwrap_or("<none>")
            .to_string();
        let message = v["error"]["errors"][0]["message"].as_str().unwrap_or("");
        if status != 400 || !same_place(&ours.location, &theirs, message) {
            mismatches.push(format!(
                "{}: server {status} at {theirs}, client at {} ({})",
                op.path, ours.location, ours
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The JSON Schema location of an instance location: `body` is the root, `.name` is
/// `/properties/name`, `[i]` is `/items`.
fn schema_path(instance: &str) -> String {
    let rest = instance.strip_prefix("body").unwrap_or(instance);
    let mut out = String::new();
    for part in rest.split_inclusive(['.', '[']) {
        let name = part.trim_end_matches(['.', '[']).trim_end_matches(']');
        if name.is_empty() {
            continue;
        }
        if name.chars().all(|c| c.is_ascii_digit()) {
            out.push_str("/items");
        } else {
            out.push_str("/properties/");
            out.push_str(name);
        }
    }
    out
}

/// Whether the server's keyword location `theirs` (with its `message`) is about the field our
/// validator names `ours`: a keyword of the field itself, or, for a missing or unknown member,
/// `required`/`additionalProperties` on its parent naming it.
fn same_place(ours: &str, theirs: &str, message: &str) -> bool {
    let path = schema_path(ours);
    if let Some(keyword) = theirs.strip_prefix(&format!("{path}/")) {
        if !keyword.contains('/') {
            return true;
        }
    }
    let Some((parent, name)) = ours.rsplit_once('.') else {
        return false;
    };
    let parent = schema_path(parent);
    (theirs == format!("{parent}/required") || theirs == format!("{parent}/additionalProperties"))
        && message.contains(&format!("'{name}'"))
}

#[test]
fn locations_map_to_schema_paths() {
    assert_eq!(schema_path("body"), "");
    assert_eq!(schema_path("body.tags[1]"), "/properties/tags/items");
    assert_eq!(
        schema_path("body.ratelimits[0].name"),
        "/properties/ratelimits/items/properties/name"
    );
    assert!(same_place(
        "body.tags[1]",
        "/properties/tags/items/minLength",
        ""
    ));
    assert!(same_place(
        "body.key",
        "/required",
        "missing property 'key'"
    ));
    assert!(same_place(
        "body.apiId",
        "/additionalProperties",
        "additional properties 'apiId' not allowed"
    ));
    assert!(same_place("body", "/minItems", "minItems: got 0, want 1"));
    assert!(!same_place("body.key", "/properties/tags/type", ""));
}
