//! The keys operations and verifyKey's outcomes, against a real unkey-local process.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{in_id_order, Server, ROOT};
use serde_json::{json, Value};

fn code(v: &serde_json::Value) -> &str {
    v["code"].as_str().unwrap()
}

#[test]
fn create_and_verify_with_every_option() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (key_id, key) = s.create_key(json!({
        "apiId": api, "prefix": "acme", "name": "full", "byteLength": 32,
        "externalId": "user_1", "meta": {"plan": "pro"},
        "permissions": ["docs.read", "docs.write"],
        "expires": 4_000_000_000_000i64,
        "credits": {"remaining": 10, "refill": {"interval": "daily", "amount": 10}},
        "ratelimits": [{"name": "api", "limit": 100, "duration": 60000, "autoApply": true}],
        "enabled": true
    }));
    assert!(key.starts_with("acme_"));
    // 32 random bytes in base58 take 43 or 44 characters.
    assert!(key.len() >= 5 + 43, "{key}");
    assert!(key_id.starts_with("key_"));
    let v = s.verify(
        json!({"key": key, "permissions": "docs.read AND docs.write", "credits": {"cost": 3}}),
    );
    assert_eq!(v["valid"], true);
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["keyId"], key_id.as_str());
    assert_eq!(v["name"], "full");
    assert_eq!(v["meta"]["plan"], "pro");
    assert_eq!(v["credits"], 7);
    assert_eq!(v["expires"], 4_000_000_000_000i64);
    assert_eq!(v["permissions"], json!(["docs.read", "docs.write"]));
    assert_eq!(v["identity"]["externalId"], "user_1");
    assert_eq!(v["ratelimits"][0]["name"], "api");
    assert_eq!(v["ratelimits"][0]["remaining"], 99);

    let got = s.ok("keys.getKey", json!({"keyId": key_id}));
    assert_eq!(got["start"], &key[..9]);
    assert_eq!(got["credits"]["remaining"], 7);
    assert_eq!(got["credits"]["refill"]["interval"], "daily");
    assert!(got["lastUsedAt"].as_i64().is_some());
    assert!(got.get("plaintext").is_none());
    // whoami finds the same key by its secret.
    let who = s.ok("keys.whoami", json!({"key": key}));
    assert_eq!(who["keyId"], key_id.as_str());
}

#[test]
fn key_without_prefix_has_no_underscore() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    assert!(!key.contains('_'));
    assert!(key.len() >= 21 && key.len() <= 22, "{key}");
    let unlimited = s.verify(json!({"key": key}));
    assert_eq!(code(&unlimited), "VALID");
    assert!(unlimited.get("credits").is_none());
}

#[test]
fn every_verification_code() {
    let s = Server::start(&["--test-clock"]);
    let api = s.create_api();
    assert_eq!(
        s.verify(json!({"key": "nope_123"})),
        json!({"valid": false, "code": "NOT_FOUND"})
    );
    let (_, disabled) = s.create_key(json!({"apiId": api, "enabled": false}));
    let v = s.verify(json!({"key": disabled}));
    assert_eq!((v["valid"].as_bool(), code(&v)), (Some(false), "DISABLED"));
    assert_eq!(v["enabled"], false);

    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let (_, expiring) = s.create_key(json!({"apiId": api, "expires": now + 60_000}));
    assert_eq!(code(&s.verify(json!({"key": expiring}))), "VALID");
    s.advance(61_000);
    assert_eq!(code(&s.verify(json!({"key": expiring}))), "EXPIRED");

    let (_, reader) = s.create_key(json!({"apiId": api, "permissions": ["read"]}));
    assert_eq!(
        code(&s.verify(json!({"key": reader, "permissions": "write"}))),
        "INSUFFICIENT_PERMISSIONS"
    );
    assert_eq!(
        code(&s.verify(json!({"key": reader, "permissions": "write OR read"}))),
        "VALID"
    );
    assert_eq!(
        code(&s.verify(json!({"key": reader, "permissions": "(read or write) and admin"}))),
        "INSUFFICIENT_PERMISSIONS"
    );

    let (_, limited) = s.create_key(json!({"apiId": api, "ratelimits": [{"name": "rps", "limit": 2, "duration": 1000, "autoApply": true}]}));
    assert_eq!(code(&s.verify(json!({"key": limited}))), "VALID");
    assert_eq!(code(&s.verify(json!({"key": limited}))), "VALID");
    let v = s.verify(json!({"key": limited}));
    assert_eq!(code(&v), "RATE_LIMITED");
    assert_eq!(v["ratelimits"][0]["exceeded"], true);
    s.advance(1000);
    assert_eq!(code(&s.verify(json!({"key": limited}))), "VALID");

    let (_, metered) = s.create_key(json!({"apiId": api, "credits": {"remaining": 2}}));
    assert_eq!(s.verify(json!({"key": metered}))["credits"], 1);
    assert_eq!(
        s.verify(json!({"key": metered, "credits": {"cost": 0}}))["credits"],
        1
    );
    let v = s.verify(json!({"key": metered, "credits": {"cost": 2}}));
    assert_eq!(code(&v), "USAGE_EXCEEDED");
    assert_eq!(v["credits"], 1);
    assert_eq!(s.verify(json!({"key": metered}))["credits"], 0);
    assert_eq!(code(&s.verify(json!({"key": metered}))), "USAGE_EXCEEDED");
}

#[test]
fn permission_query_syntax_error_is_400() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    let r = s.call(
        "keys.verifyKey",
        json!({"key": key, "permissions": "a AND (b OR"}),
    );
    assert_eq!(r.status, 400);
    assert!(r
        .error_type()
        .ends_with("user/bad_request/permissions_query_syntax_error"));
    // `*` is literal: a wildcard permission does not grant a specific one.
    let (_, wild) = s.create_key(json!({"apiId": api, "permissions": ["docs.*"]}));
    assert_eq!(
        code(&s.verify(json!({"key": wild, "permissions": "docs.read"}))),
        "INSUFFICIENT_PERMISSIONS"
    );
    assert_eq!(
        code(&s.verify(json!({"key": wild, "permissions": "docs.*"}))),
        "VALID"
    );
}

#[test]
fn named_and_adhoc_ratelimits_with_cost() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (key_id, key) = s.create_key(json!({"apiId": api, "ratelimits": [
        {"name": "heavy", "limit": 10, "duration": 60000, "autoApply": false}
    ]}));
    // Not auto-applied: no rate limit reported without asking.
    assert!(s.verify(json!({"key": key})).get("ratelimits").is_none());
    let v = s.verify(json!({"key": key, "ratelimits": [{"name": "heavy", "cost": 4}]}));
    assert_eq!(v["ratelimits"][0]["remaining"], 6);
    let v = s.verify(json!({"key": key, "ratelimits": [{"name": "heavy", "cost": 7}]}));
    assert_eq!(code(&v), "RATE_LIMITED");
    // Unknown named limit: 412.
    let r = s.call(
        "keys.verifyKey",
        json!({"key": key, "ratelimits": [{"name": "missing"}]}),
    );
    assert_eq!(r.status, 412);
    assert!(r
        .error_type()
        .ends_with("unkey/application/precondition_failed"));
    // Ad hoc: limit + duration given.
    let v = s.verify(
        json!({"key": key, "ratelimits": [{"name": "burst", "limit": 1, "duration": 60000}]}),
    );
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["ratelimits"][0]["id"], "");
    let v = s.verify(
        json!({"key": key, "ratelimits": [{"name": "burst", "limit": 1, "duration": 60000}]}),
    );
    assert_eq!(code(&v), "RATE_LIMITED");
    assert!(v["ratelimits"][0]["reset"].as_i64().unwrap() > 1_600_000_000_000);
    let _ = key_id;
}

#[test]
fn identity_ratelimits_are_shared_by_its_keys() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "org_1", "ratelimits": [
            {"name": "org", "limit": 3, "duration": 60000, "autoApply": true}
        ]}),
    );
    let (_, a) = s.create_key(json!({"apiId": api, "externalId": "org_1"}));
    let (_, b) = s.create_key(json!({"apiId": api, "externalId": "org_1"}));
    assert_eq!(code(&s.verify(json!({"key": a}))), "VALID");
    assert_eq!(code(&s.verify(json!({"key": b}))), "VALID");
    assert_eq!(code(&s.verify(json!({"key": a}))), "VALID");
    assert_eq!(code(&s.verify(json!({"key": b}))), "RATE_LIMITED");
    // A key's own limit of the same name wins over the identity's.
    let (_, c) = s.create_key(json!({"apiId": api, "externalId": "org_1", "ratelimits": [
        {"name": "org", "limit": 100, "duration": 60000, "autoApply": true}
    ]}));
    let v = s.verify(json!({"key": c}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["ratelimits"][0]["limit"], 100);
}

#[test]
fn credits_refill_daily_with_test_clock() {
    let s = Server::start(&["--test-clock"]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api, "credits": {"remaining": 1, "refill": {"interval": "daily", "amount": 5}}}));
    assert_eq!(s.verify(json!({"key": key}))["credits"], 0);
    assert_eq!(code(&s.verify(json!({"key": key}))), "USAGE_EXCEEDED");
    s.advance(86_400_000);
    let v = s.verify(json!({"key": key}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["credits"], 4);
}

#[test]
fn update_key_absent_null_value() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, key) = s.create_key(
        json!({"apiId": api, "name": "n", "meta": {"a": 1}, "expires": 4_000_000_000_000i64,
        "externalId": "ext", "credits": {"remaining": 5}}),
    );
    // Absent fields stay.
    s.ok("keys.updateKey", json!({"keyId": id, "enabled": false}));
    let g = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(g["name"], "n");
    assert_eq!(g["enabled"], false);
    assert!(g["updatedAt"].as_i64().is_some());
    // null clears; values set.
    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "name": null, "meta": null, "expires": null, "externalId": null,
        "credits": null, "enabled": true, "permissions": ["p1"], "roles": []}),
    );
    let g = s.ok("keys.getKey", json!({"keyId": id}));
    for gone in ["name", "meta", "expires", "identity", "credits", "roles"] {
        assert!(g.get(gone).is_none(), "{gone} should be cleared: {g}");
    }
    assert_eq!(g["permissions"], json!(["p1"]));
    s.ok(
        "keys.updateKey",
        json!({"keyId": id, "name": "m", "credits": {"remaining": null},
        "ratelimits": [{"name": "xyz", "limit": 1, "duration": 1000, "autoApply": true}]}),
    );
    let g = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(g["name"], "m");
    assert!(
        g.get("credits").is_none(),
        "unlimited keys have no credits object"
    );
    assert_eq!(g["ratelimits"][0]["name"], "xyz");
    assert_eq!(code(&s.verify(json!({"key": key}))), "VALID");
    // A request with one bad field changes nothing.
    let r = s.call(
        "keys.updateKey",
        json!({"keyId": id, "name": "changed", "expires": -5}),
    );
    assert_eq!(r.status, 400);
    let r = s.call(
        "keys.updateKey",
        json!({"keyId": id, "name": "changed", "roles": ["no_such_role"]}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(s.ok("keys.getKey", json!({"keyId": id}))["name"], "m");
    // Unknown key: 404.
    let r = s.call(
        "keys.updateKey",
        json!({"keyId": "key_missing", "name": "x"}),
    );
    assert_eq!(r.status, 404);
    assert!(r.error_type().ends_with("unkey/data/key_not_found"));
}

#[test]
fn update_credits_operations() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "credits": {"remaining": 5}}));
    let up = |op: &str, value: serde_json::Value| {
        s.ok(
            "keys.updateCredits",
            json!({"keyId": id, "operation": op, "value": value}),
        )
    };
    assert_eq!(up("increment", json!(3))["remaining"], 8);
    assert_eq!(up("decrement", json!(100))["remaining"], 0);
    assert_eq!(up("set", json!(42))["remaining"], 42);
    assert_eq!(up("set", json!(null)), json!({"remaining": null}));
    let r = s.call(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "increment"}),
    );
    assert_eq!(r.status, 400);
    let r = s.call(
        "keys.updateCredits",
        json!({"keyId": id, "operation": "multiply", "value": 2}),
    );
    assert_eq!(r.status, 400);
}

#[test]
fn reroll_keeps_settings_and_expires_the_old_key() {
    let s = Server::start(&["--test-clock"]);
    let api = s.create_api();
    let (id, old) = s.create_key(
        json!({"apiId": api, "prefix": "rr", "permissions": ["p"], "meta": {"m": 1},
        "credits": {"remaining": 9}}),
    );
    let d = s.ok("keys.rerollKey", json!({"keyId": id, "expiration": 60_000}));
    let new = d["key"].as_str().unwrap().to_string();
    assert!(new.starts_with("rr_"));
    assert_ne!(d["keyId"], id.as_str());
    let v = s.verify(json!({"key": new, "permissions": "p"}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["meta"]["m"], 1);
    assert_eq!(v["credits"], 8);
    assert_eq!(code(&s.verify(json!({"key": old}))), "VALID");
    // Upstream rounds the old key's expiry up to the next full minute.
    s.advance(120_001);
    assert_eq!(code(&s.verify(json!({"key": old}))), "EXPIRED");
    // Expiration 0 expires the old key now (v2_keys_reroll_key/handler.go sets expires to now;
    // the key is not deleted).
    let d = s.ok(
        "keys.rerollKey",
        json!({"keyId": d["keyId"], "expiration": 0}),
    );
    assert_eq!(code(&s.verify(json!({"key": new}))), "EXPIRED");
    assert_eq!(code(&s.verify(json!({"key": d["key"]}))), "VALID");
}

#[test]
fn soft_and_permanent_delete() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (a, ka) = s.create_key(json!({"apiId": api}));
    let (b, kb) = s.create_key(json!({"apiId": api}));
    s.ok("keys.deleteKey", json!({"keyId": a}));
    s.ok("keys.deleteKey", json!({"keyId": b, "permanent": true}));
    assert_eq!(code(&s.verify(json!({"key": ka}))), "NOT_FOUND");
    assert_eq!(code(&s.verify(json!({"key": kb}))), "NOT_FOUND");
    for id in [&a, &b] {
        assert_eq!(s.call("keys.getKey", json!({"keyId": id})).status, 404);
        assert_eq!(s.call("keys.deleteKey", json!({"keyId": id})).status, 404);
    }
    // Deleting the API invalidates its keys.
    let (_, kc) = s.create_key(json!({"apiId": api}));
    s.ok("apis.deleteApi", json!({"apiId": api}));
    assert_eq!(code(&s.verify(json!({"key": kc}))), "NOT_FOUND");
    assert_eq!(s.call("apis.getApi", json!({"apiId": api})).status, 404);
}

#[test]
fn permission_and_role_mutations() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok(
        "permissions.createRole",
        json!({"name": "editor", "permissions": ["doc.edit", "doc.read"]}),
    );
    let (id, key) = s.create_key(json!({"apiId": api}));
    let d = s.ok(
        "keys.addPermissions",
        json!({"keyId": id, "permissions": ["a", "b"]}),
    );
    assert_eq!(d.as_array().unwrap().len(), 2);
    assert_eq!(d[0]["slug"], "a");
    let d = s.ok(
        "keys.removePermissions",
        json!({"keyId": id, "permissions": ["a"]}),
    );
    assert_eq!(d, json!([{"id": d[0]["id"], "name": "b", "slug": "b"}]));
    let d = s.ok(
        "keys.setPermissions",
        json!({"keyId": id, "permissions": ["c"]}),
    );
    assert_eq!(d[0]["slug"], "c");
    let d = s.ok("keys.addRoles", json!({"keyId": id, "roles": ["editor"]}));
    assert_eq!(d[0]["name"], "editor");
    assert_eq!(d[0]["permissions"].as_array().unwrap().len(), 2);
    let v = s.verify(json!({"key": key, "permissions": "doc.edit AND c"}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["roles"], json!(["editor"]));
    let r = s.call("keys.addRoles", json!({"keyId": id, "roles": ["nope"]}));
    assert_eq!(r.status, 404);
    assert!(r.error_type().ends_with("unkey/data/role_not_found"));
    assert_eq!(
        s.ok(
            "keys.removeRoles",
            json!({"keyId": id, "roles": ["editor"]})
        ),
        json!([])
    );
    assert_eq!(
        s.ok("keys.setRoles", json!({"keyId": id, "roles": ["editor"]}))[0]["name"],
        "editor"
    );
    assert_eq!(
        s.ok("keys.setRoles", json!({"keyId": id, "roles": []})),
        json!([])
    );
    assert_eq!(
        code(&s.verify(json!({"key": key, "permissions": "doc.edit"}))),
        "INSUFFICIENT_PERMISSIONS"
    );
}

#[test]
fn list_keys_paginates_and_filters() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let other = s.create_api();
    let mut ids = Vec::new();
    for i in 0..5 {
        let ext = if i % 2 == 0 { "even" } else { "odd" };
        ids.push(s.create_key(json!({"apiId": api, "externalId": ext})).0);
    }
    s.create_key(json!({"apiId": other}));
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut body = json!({"apiId": api, "limit": 2});
        if let Some(c) = &cursor {
            body["cursor"] = json!(c);
        }
        let r = s.call("apis.listKeys", body).json();
        for k in r["data"].as_array().unwrap() {
            seen.push(k["keyId"].as_str().unwrap().to_string());
        }
        if r["pagination"]["hasMore"] == true {
            cursor = Some(r["pagination"]["cursor"].as_str().unwrap().to_string());
        } else {
            assert!(r["pagination"].get("cursor").is_none());
            break;
        }
    }
    // Pages follow the id order (`ORDER BY k.id`), not creation order: ids are random.
    assert_eq!(seen, in_id_order(&ids));
    let evens = s.ok("apis.listKeys", json!({"apiId": api, "externalId": "even"}));
    assert_eq!(evens.as_array().unwrap().len(), 3);
    let none = s.ok(
        "apis.listKeys",
        json!({"apiId": api, "externalId": "nobody"}),
    );
    assert_eq!(none, json!([]));
}

#[test]
fn migrate_keys_by_hash() {
    let s = Server::start(&[]);
    let api = s.create_api();
    // base64(sha256("MVgWNsyPmv6VthC9moCNAPwS")), one of Unkey's own test vectors.
    let hash = "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=";
    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig_1", "apiId": api,
        "keys": [{"hash": hash, "name": "legacy", "credits": {"remaining": 2}}]}),
    );
    assert_eq!(d["migrated"][0]["hash"], hash);
    // Null when nothing failed (see migrate_keys__basic_migration in port_keys.rs).
    assert_eq!(d["failed"], Value::Null);
    let v = s.verify(json!({"key": "MVgWNsyPmv6VthC9moCNAPwS"}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["name"], "legacy");
    let again = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig_1", "apiId": api, "keys": [{"hash": hash}]}),
    );
    assert_eq!(again["failed"], json!([hash]));
    let _ = ROOT;
}

#[test]
fn recoverable_keys_are_refused() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let r = s.call("keys.createKey", json!({"apiId": api, "recoverable": true}));
    assert_eq!(r.status, 412);
    let r = s.call("keys.createKey", json!({"apiId": "api_doesnotexist"}));
    assert_eq!(r.status, 404);
    assert!(r.error_type().ends_with("unkey/data/api_not_found"));
}

#[test]
fn concurrent_verifications_spend_each_credit_once() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api, "credits": {"remaining": 20}}));
    let valid = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                for _ in 0..6 {
                    let v = s.verify(json!({"key": key}));
                    if v["code"] == "VALID" {
                        valid.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    } else {
                        assert_eq!(v["code"], "USAGE_EXCEEDED");
                    }
                }
            });
        }
    });
    assert_eq!(valid.into_inner(), 20);
    assert_eq!(
        s.verify(json!({"key": key, "credits": {"cost": 0}}))["credits"],
        0
    );
}
