//! Every response body of a scenario that touches every operation is checked against the
//! response schema the official spec gives for its path and status. The spec is read at test time
//! from `../shared/unkey-openapi/` beside the repository (never copied here); without it the test
//! prints a skip notice and passes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Resp, Server};
use serde_json::{json, Value};
use std::path::PathBuf;

/// `../shared/unkey-openapi/openapi-generated.yaml` beside the repository, or
/// `$UNKEY_OPENAPI_SPEC` when set.
fn spec_path() -> PathBuf {
    match std::env::var_os("UNKEY_OPENAPI_SPEC") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/unkey-openapi/openapi-generated.yaml"),
    }
}

fn load_spec() -> Option<Value> {
    let text = std::fs::read_to_string(spec_path()).ok()?;
    Some(serde_norway::from_str(&text).expect("the spec parses as YAML"))
}

/// A small JSON Schema (OpenAPI 3.1 subset) checker: `$ref`, `allOf`, `oneOf`/`anyOf`, `type`
/// (with null unions), `enum`, `required`, `properties`, `additionalProperties`, `items`, lengths,
/// item and property counts, ranges, and `^[class]+$`-style patterns.
struct Validator<'a> {
    spec: &'a Value,
    errors: Vec<String>,
}

/// Fields where the live server knowingly departs from the spec (documented quirks):
/// verifyKey's `ratelimits[].reset` is a Unix-ms timestamp and ad-hoc limits have `id: ""`.
fn relaxed(schema_name: &str, prop: &str) -> bool {
    schema_name == "VerifyKeyRatelimitData" && (prop == "reset" || prop == "id")
}

fn pattern_matches(pattern: &str, s: &str) -> Option<bool> {
    // Supports `^literal[class]+$` (class of single characters and a-z style ranges).
    let body = pattern.strip_prefix('^')?.strip_suffix("+$")?;
    let open = body.find('[')?;
    let (literal, class) = body.split_at(open);
    let class = class.strip_prefix('[')?.strip_suffix(']')?;
    let rest = s.strip_prefix(literal)?;
    if rest.is_empty() {
        return Some(false);
    }
    let chars: Vec<char> = class.chars().collect();
    let mut allowed: Vec<(char, char)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = if chars[i] == '\\' {
            i += 1;
            chars[i]
        } else {
            chars[i]
        };
        if i + 2 < chars.len() && chars[i + 1] == '-' && chars[i + 2] != ']' {
            allowed.push((c, chars[i + 2]));
            i += 3;
        } else {
            allowed.push((c, c));
            i += 1;
        }
    }
    Some(
        rest.chars()
            .all(|c| allowed.iter().any(|(lo, hi)| c >= *lo && c <= *hi)),
    )
}

impl<'a> Validator<'a> {
    fn resolve(&self, r: &str) -> (&'a Value, String) {
        let name = r.rsplit('/').next().unwrap().to_string();
        (&self.spec["components"]["schemas"][&name], name)
    }

    fn merge(&self, branches: &[Value]) -> Value {
        let mut props = serde_json::Map::new();
        let mut required = Vec::new();
        let mut closed = false;
        for b in branches {
            let b = match b.get("$ref").and_then(Value::as_str) {
                Some(r) => self.resolve(r).0,
                None => b,
            };
            if let Some(p) = b.get("properties").and_then(Value::as_object) {
                props.extend(p.clone());
            }
            if let Some(r) = b.get("required").and_then(Value::as_array) {
                required.extend(r.iter().cloned());
            }
            closed |= b.get("additionalProperties") == Some(&Value::Bool(false));
        }
        let mut m = json!({"type": "object", "properties": props, "required": required});
        if closed {
            m["additionalProperties"] = Value::Bool(false);
        }
        m
    }

    fn check(&mut self, schema: &Value, v: &Value, at: &str, name: &str) {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let (s, n) = self.resolve(r);
            return self.check(s, v, at, &n);
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            // OpenAPI tools merge allOf branches, so `additionalProperties: false` on one branch
            // does not forbid the properties another branch adds.
            let merged = self.merge(all);
            return self.check(&merged, v, at, name);
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(any) = schema.get(key).and_then(Value::as_array) {
                let ok = any.iter().any(|s| {
                    let mut sub = Validator {
                        spec: self.spec,
                        errors: Vec::new(),
                    };
                    sub.check(s, v, at, name);
                    sub.errors.is_empty()
                });
                if !ok {
                    self.errors.push(format!("{at}: matches no {key} branch"));
                }
            }
        }
        let types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if !types.is_empty() {
            let ok = types.iter().any(|t| match *t {
                "null" => v.is_null(),
                "object" => v.is_object(),
                "array" => v.is_array(),
                "string" => v.is_string(),
                "boolean" => v.is_boolean(),
                "integer" => v.is_i64() || v.is_u64(),
                "number" => v.is_number(),
                _ => true,
            });
            if !ok {
                self.errors
                    .push(format!("{at}: {v} is not of type {types:?}"));
                return;
            }
        }
        if let Some(e) = schema.get("enum").and_then(Value::as_array) {
            if !v.is_null() && !e.contains(v) {
                self.errors.push(format!("{at}: {v} not in enum"));
            }
        }
        match v {
            Value::String(s) => {
                let n = s.chars().count() as u64;
                if schema
                    .get("minLength")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n < m)
                {
                    self.errors.push(format!("{at}: shorter than minLength"));
                }
                if schema
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n > m)
                {
                    self.errors.push(format!("{at}: longer than maxLength"));
                }
                if let Some(p) = schema.get("pattern").and_then(Value::as_str) {
                    if pattern_matches(p, s) == Some(false) {
                        self.errors.push(format!("{at}: {s:?} does not match {p}"));
                    }
                }
            }
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(0.0);
                if schema
                    .get("minimum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| x < m)
                {
                    self.errors.push(format!("{at}: {x} below minimum"));
                }
                if schema
                    .get("maximum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| x > m)
                {
                    self.errors.push(format!("{at}: {x} above maximum"));
                }
            }
            Value::Array(items) => {
                let n = items.len() as u64;
                if schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n < m)
                {
                    self.errors.push(format!("{at}: fewer than minItems"));
                }
                if schema
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n > m)
                {
                    self.errors.push(format!("{at}: more than maxItems"));
                }
                if let Some(item) = schema.get("items") {
                    for (i, it) in items.iter().enumerate() {
                        self.check(item, it, &format!("{at}[{i}]"), name);
                    }
                }
            }
            Value::Object(m) => {
                let props = schema.get("properties").and_then(Value::as_object);
                if let Some(req) = schema.get("required").and_then(Value::as_array) {
                    for r in req.iter().filter_map(Value::as_str) {
                        if !m.contains_key(r) {
                            self.errors.push(format!("{at}: required `{r}` missing"));
                        }
                    }
                }
                if schema
                    .get("maxProperties")
                    .and_then(Value::as_u64)
                    .is_some_and(|x| m.len() as u64 > x)
                {
                    self.errors.push(format!("{at}: too many properties"));
                }
                for (k, val) in m {
                    let sub_at = format!("{at}.{k}");
                    match props.and_then(|p| p.get(k)) {
                        Some(s) if relaxed(name, k) => {
                            let t = s.get("type").and_then(Value::as_str);
                            let ok = match t {
                                Some("string") => val.is_string(),
                                Some("integer") => val.is_i64(),
                                _ => true,
                            };
                            if !ok {
                                self.errors.push(format!("{sub_at}: wrong type"));
                            }
                        }
                        Some(s) => self.check(s, val, &sub_at, name),
                        None => match schema.get("additionalProperties") {
                            Some(Value::Bool(false)) => self
                                .errors
                                .push(format!("{sub_at}: not allowed by the schema")),
                            Some(s @ Value::Object(_)) => self.check(s, val, &sub_at, name),
                            _ => {}
                        },
                    }
                }
            }
            _ => {}
        }
    }
}

/// Checks one response against the spec; returns a description of each mismatch.
fn check_response(spec: &Value, path: &str, method: &str, r: &Resp) -> Vec<String> {
    let op = &spec["paths"][path][method];
    assert!(op.is_object(), "{path} is not in the spec");
    let status = r.status.to_string();
    let Some(resp) = op["responses"].get(&status) else {
        return vec![format!("{path}: status {status} is not documented")];
    };
    let Some(content) = resp["content"].as_object() else {
        return vec![];
    };
    let schema = &content.values().next().unwrap()["schema"];
    let body: Value = serde_json::from_slice(&r.body).expect("JSON body");
    let mut v = Validator {
        spec,
        errors: Vec::new(),
    };
    v.check(schema, &body, &format!("{path} {status}"), "");
    v.errors
}

#[test]
fn every_response_matches_the_spec() {
    let Some(spec) = load_spec() else {
        // Under CI a missing spec is a broken checkout, not a reason to pass.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} not found, and CI=true: lay ../shared beside the clone",
            spec_path().display()
        );
        // Written to the stderr handle directly, which the test harness does not capture, so the
        // notice shows in a normal `cargo test` run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIP every_response_matches_the_spec: {} not found (the spec is read from ../shared at test time, never copied)",
            spec_path().display()
        );
        return;
    };
    let s = Server::start(&["--root-key", "scoped=api.*.read_key"]);
    let mut seen: Vec<(String, Resp)> = Vec::new();
    let mut call = |op: &str, body: Value| -> Value {
        let r = s.call(op, body);
        let j: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
        seen.push((format!("/v2/{op}"), r));
        j
    };
    let api = call("apis.createApi", json!({"name": "spec-api"}))["data"]["apiId"].clone();
    call("apis.getApi", json!({"apiId": api}));
    call("apis.getApi", json!({"apiId": "api_missing_x"}));
    call(
        "permissions.createPermission",
        json!({"name": "P", "slug": "p.read", "description": "d"}),
    );
    call(
        "permissions.createPermission",
        json!({"name": "P", "slug": "p.read"}),
    );
    let role = call(
        "permissions.createRole",
        json!({"name": "role1", "description": "d", "permissions": ["p.read"]}),
    )["data"]["roleId"]
        .clone();
    call("permissions.createRole", json!({"name": "role1"}));
    call("permissions.getPermission", json!({"permission": "p.read"}));
    call("permissions.getRole", json!({"role": "role1"}));
    call("permissions.listPermissions", json!({"limit": 1}));
    call("permissions.listRoles", json!({}));
    call(
        "permissions.setRolePermissions",
        json!({"roleId": role, "permissions": ["p.read", "p.write"]}),
    );
    call(
        "identities.createIdentity",
        json!({"externalId": "ext_1", "meta": {"a": 1},
        "ratelimits": [{"name": "ident", "limit": 10, "duration": 60000, "autoApply": true}]}),
    );
    call("identities.createIdentity", json!({"externalId": "ext_1"}));
    call("identities.getIdentity", json!({"identity": "ext_1"}));
    call("identities.listIdentities", json!({"limit": 1}));
    call(
        "identities.updateIdentity",
        json!({"identity": "ext_1", "meta": {"b": 2}}),
    );
    let key = call("keys.createKey", json!({"apiId": api, "prefix": "sp", "name": "n", "externalId": "ext_1",
        "meta": {"m": 1}, "roles": ["role1"], "permissions": ["q.read"], "expires": 4_000_000_000_000i64,
        "credits": {"remaining": 5, "refill": {"interval": "monthly", "amount": 5, "refillDay": 3}},
        "ratelimits": [{"name": "rps", "limit": 10, "duration": 1000, "autoApply": true}]}))["data"].clone();
    let key_id = key["keyId"].clone();
    let secret = key["key"].clone();
    call("keys.createKey", json!({"apiId": api, "byteLength": 1}));
    call(
        "keys.verifyKey",
        json!({"key": secret, "permissions": "p.read AND q.read",
        "ratelimits": [{"name": "adhoc", "limit": 5, "duration": 1000}]}),
    );
    call("keys.verifyKey", json!({"key": "missing"}));
    call(
        "keys.verifyKey",
        json!({"key": secret, "permissions": "nope"}),
    );
    call("keys.getKey", json!({"keyId": key_id}));
    call("keys.getKey", json!({"keyId": "key_missing"}));
    call("keys.whoami", json!({"key": secret}));
    call(
        "keys.updateKey",
        json!({"keyId": key_id, "name": null, "credits": {"remaining": null}}),
    );
    call(
        "keys.updateCredits",
        json!({"keyId": key_id, "operation": "set", "value": 9}),
    );
    call(
        "keys.addPermissions",
        json!({"keyId": key_id, "permissions": ["r.read"]}),
    );
    call(
        "keys.removePermissions",
        json!({"keyId": key_id, "permissions": ["r.read"]}),
    );
    call(
        "keys.setPermissions",
        json!({"keyId": key_id, "permissions": ["s.read"]}),
    );
    call(
        "keys.addRoles",
        json!({"keyId": key_id, "roles": ["role1"]}),
    );
    call(
        "keys.removeRoles",
        json!({"keyId": key_id, "roles": ["role1"]}),
    );
    call(
        "keys.setRoles",
        json!({"keyId": key_id, "roles": ["role1"]}),
    );
    // Before migrateKeys: a migrated key's `start` is "" as upstream writes it
    // (v2_keys_migrate_keys/handler.go), below the spec's minLength 1, and in id order (random
    // ids) it may be the first listed.
    call("apis.listKeys", json!({"apiId": api, "limit": 1}));
    // Not checked: the first migration answers `"failed": null` as upstream's nil slice is
    // written (v2_keys_migrate_keys/handler.go), against the spec's array; the second fails.
    s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig", "apiId": api, "keys": [{"hash": "abcdefgh"}]}),
    );
    call(
        "keys.migrateKeys",
        json!({"migrationId": "mig", "apiId": api, "keys": [{"hash": "abcdefgh"}]}),
    );
    let rerolled = call(
        "keys.rerollKey",
        json!({"keyId": key_id, "expiration": 1000}),
    );
    call(
        "keys.deleteKey",
        json!({"keyId": rerolled["data"]["keyId"]}),
    );
    call(
        "ratelimit.limit",
        json!({"namespace": "ns", "identifier": "i", "limit": 1, "duration": 1000}),
    );
    call(
        "ratelimit.setOverride",
        json!({"namespace": "ns", "identifier": "v*", "limit": 5, "duration": 1000}),
    );
    call(
        "ratelimit.limit",
        json!({"namespace": "ns", "identifier": "vip", "limit": 1, "duration": 1000}),
    );
    call(
        "ratelimit.multiLimit",
        json!([{"namespace": "ns", "identifier": "vip", "limit": 1, "duration": 1000}]),
    );
    call(
        "ratelimit.getOverride",
        json!({"namespace": "ns", "identifier": "v*"}),
    );
    call("ratelimit.listOverrides", json!({"namespace": "ns"}));
    call(
        "ratelimit.deleteOverride",
        json!({"namespace": "ns", "identifier": "v*"}),
    );
    call(
        "ratelimit.getOverride",
        json!({"namespace": "ns", "identifier": "v*"}),
    );
    call("identities.deleteIdentity", json!({"identity": "ext_1"}));
    call(
        "permissions.deletePermission",
        json!({"permission": "p.write"}),
    );
    call("permissions.deleteRole", json!({"role": "role1"}));
    call("apis.deleteApi", json!({"apiId": api}));
    // Authentication and authorization failures.
    seen.push((
        "/v2/apis.createApi".into(),
        s.post_as("/v2/apis.createApi", None, &json!({"name": "xyz"})),
    ));
    seen.push((
        "/v2/apis.createApi".into(),
        s.post_as("/v2/apis.createApi", Some("wrong"), &json!({"name": "xyz"})),
    ));
    seen.push((
        "/v2/apis.createApi".into(),
        s.post_as(
            "/v2/apis.createApi",
            Some("scoped"),
            &json!({"name": "xyz"}),
        ),
    ));
    seen.push((
        "/v2/liveness".into(),
        s.request("GET", "/v2/liveness", &[], b""),
    ));

    let mut problems = Vec::new();
    let mut paths = std::collections::BTreeSet::new();
    for (path, r) in &seen {
        let method = if path == "/v2/liveness" {
            "get"
        } else {
            "post"
        };
        paths.insert(path.clone());
        problems.extend(check_response(&spec, path, method, r));
    }
    assert!(
        problems.is_empty(),
        "responses that differ from the spec:\n{}",
        problems.join("\n")
    );
    // Every implemented operation was exercised.
    assert_eq!(paths.len(), 40, "{paths:?}");
    let statuses: std::collections::BTreeSet<u16> = seen.iter().map(|(_, r)| r.status).collect();
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        [200, 400, 401, 403, 404, 409]
    );
}

/// `portal.*`: every operation's answers, success and error, against the spec.
#[test]
fn portal_responses_match_the_spec() {
    let Some(spec) = load_spec() else {
        return;
    };
    let s = Server::start(&["--dashboard", "--analytics"]);
    let mut seen: Vec<(String, Resp)> = Vec::new();
    let api = s.ok("apis.createApi", json!({"name": "portal-api"}))["apiId"].clone();
    let (key_id, key) = s.create_key(json!({"apiId": api, "externalId": "user_1"}));
    s.verify(json!({"key": key}));
    let r = s.request(
        "POST",
        "/_local/dashboard/portal",
        &[],
        json!({"slug": "spec-portal", "apiId": api})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200);
    let scopes = json!(["keys:read", "keys:reroll", "analytics:read"]);
    let r = s.call(
        "portal.createSession",
        json!({"portal": "spec-portal", "externalId": "user_1", "scopes": scopes, "returnUrl": "https://example.com"}),
    );
    let url = r.json()["data"]["url"].as_str().unwrap().to_string();
    seen.push(("/v2/portal.createSession".into(), r));
    let r = s.call(
        "portal.createSession",
        json!({"portal": "missing-portal", "externalId": "user_1", "scopes": scopes}),
    );
    seen.push(("/v2/portal.createSession".into(), r));
    let code = url.split_once("?code=").unwrap().1.to_string();
    let exchange = |code: &str| s.post_as("/v2/portal.exchangeCode", None, &json!({"code": code}));
    let r = exchange(&code);
    let token = r.json()["data"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    seen.push(("/v2/portal.exchangeCode".into(), r));
    seen.push(("/v2/portal.exchangeCode".into(), exchange(&code)));
    let cookie = format!("portal_session={token}");
    let portal = |op: &str, body: Value| {
        s.request(
            "POST",
            &format!("/v2/portal.{op}"),
            &[("Content-Type", "application/json"), ("Cookie", &cookie)],
            body.to_string().as_bytes(),
        )
    };
    seen.push(("/v2/portal.listKeys".into(), portal("listKeys", json!({}))));
    seen.push((
        "/v2/portal.listKeys".into(),
        portal("listKeys", json!({"limit": 0})),
    ));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    seen.push((
        "/v2/portal.getVerifications".into(),
        portal(
            "getVerifications",
            json!({"startTime": now - 3_600_000, "endTime": now + 60_000}),
        ),
    ));
    seen.push((
        "/v2/portal.rerollKey".into(),
        portal("rerollKey", json!({"keyId": key_id, "expiration": 0})),
    ));
    seen.push((
        "/v2/portal.rerollKey".into(),
        portal(
            "rerollKey",
            json!({"keyId": "key_missing", "expiration": 0}),
        ),
    ));
    let mut problems = Vec::new();
    for (path, r) in &seen {
        problems.extend(check_response(&spec, path, "post", r));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let statuses: std::collections::BTreeSet<u16> = seen.iter().map(|(_, r)| r.status).collect();
    assert_eq!(
        statuses.into_iter().collect::<Vec<_>>(),
        [200, 400, 401, 404]
    );
}

#[test]
fn pattern_checker_works() {
    assert_eq!(pattern_matches("^[a-zA-Z0-9_]+$", "key_1"), Some(true));
    assert_eq!(pattern_matches("^[a-zA-Z0-9_]+$", "key-1"), Some(false));
    assert_eq!(pattern_matches("^rl_[a-zA-Z0-9_]+$", "rl_x"), Some(true));
    assert_eq!(pattern_matches("^rl_[a-zA-Z0-9_]+$", ""), None);
    assert_eq!(
        pattern_matches("^[a-zA-Z0-9_:\\-\\.\\*]+$", "a.b:*"),
        Some(true)
    );
}
