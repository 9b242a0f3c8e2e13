//! Recoverable keys, which upstream keeps in its Vault service (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_keys_create_key`, `v2_keys_get_key`, `v2_apis_list_keys`,
//! `v2_keys_reroll_key`, `v2_portal_create_session`). A keyspace stores encrypted keys when its
//! dashboard setting says so (here `/_local/dashboard/apiSettings` `storeEncryptedKeys`);
//! `--no-vault` is a server without a vault. Named `<route>__<subtest>`; the code and wording
//! are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Resp, Server};
use serde_json::{json, Value};

fn start(extra: &[&str]) -> Server {
    let mut args = vec!["--dashboard"];
    args.extend_from_slice(extra);
    Server::start(&args)
}

/// An API whose keyspace stores encrypted keys.
fn encrypted_api(s: &Server) -> String {
    let api = s.create_api();
    let r = s.request(
        "POST",
        "/_local/dashboard/apiSettings",
        &[],
        json!({"apiId": api, "storeEncryptedKeys": true})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["storeEncryptedKeys"], true);
    api
}

fn post(s: &Server, op: &str, root: &str, body: &Value) -> Resp {
    s.post_as(&format!("/v2/{op}"), Some(root), body)
}

fn assert_412(r: &Resp, detail: &str) {
    assert_eq!(r.status, 412, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json()["error"]["detail"], detail);
}

/// create_key/200_test.go TestCreateKeyWithEncryption (with `api.*.create_key` and
/// `api.*.encrypt_key`): the plaintext of the recoverable key comes back to a reader that may
/// decrypt.
#[test]
fn create_key__with_encryption_and_get_key_with_decrypting() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    let root = s.root_key(&["api.*.create_key", "api.*.encrypt_key"]);
    let d = post(
        &s,
        "keys.createKey",
        &root,
        &json!({"apiId": api, "name": "test-key", "recoverable": true}),
    )
    .data();
    let (id, key) = (d["keyId"].as_str().unwrap(), d["key"].as_str().unwrap());
    let reader = s.root_key(&["api.*.read_key", "api.*.decrypt_key"]);
    let got = post(
        &s,
        "keys.getKey",
        &reader,
        &json!({"keyId": id, "decrypt": true}),
    )
    .data();
    assert_eq!(got["plaintext"], json!(key));
    assert_eq!(got["name"], "test-key");
    // Without decrypt, no plaintext.
    let got = post(&s, "keys.getKey", &reader, &json!({"keyId": id})).data();
    assert!(got.get("plaintext").is_none());
    // The key still verifies.
    assert_eq!(s.verify(json!({"key": key}))["valid"], true);
}

/// v2_keys_get_key/200_test.go, "get key by keyId with decrypting": a key of an identity in
/// a keyspace that stores encrypted keys, read by a root key holding `api.*.read_key` and
/// `api.*.decrypt_key`, comes back with its plaintext.
#[test]
fn get_key__get_key_by_keyId_with_decrypting() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user", "meta": {"role": "admin"},
               "ratelimits": [{"name": "api_calls", "limit": 100, "duration": 60000, "autoApply": false}]}),
    );
    let d = s.ok(
        "keys.createKey",
        json!({"apiId": api, "name": "test-key", "externalId": "test_user", "recoverable": true}),
    );
    let (id, key) = (d["keyId"].as_str().unwrap(), d["key"].as_str().unwrap());
    let reader = s.root_key(&["api.*.read_key", "api.*.decrypt_key"]);
    let got = post(
        &s,
        "keys.getKey",
        &reader,
        &json!({"keyId": id, "decrypt": true}),
    )
    .data();
    assert_eq!(got["keyId"], id);
    assert_eq!(got["plaintext"], key);
    assert_eq!(got["identity"]["externalId"], "test_user");
}

/// v2_keys_reroll_key/200_test.go, "successfully rerolled key with all options": a
/// recoverable key of an identity in a keyspace that stores encrypted keys, with credits and a
/// monthly refill, a direct permission, a role carrying another permission and a rate limit,
/// rerolled with `expiration: 0` by a root key holding `api.*.create_key` and
/// `api.*.encrypt_key`. The old key stays, expiring now; the new one does not expire, is
/// stored encrypted too and carries the same name, identity, meta, credits, refill,
/// permissions, roles and rate limits.
#[test]
fn reroll_key__successfully_rerolled_key_with_all_options() {
    let s = start(&["--test-clock"]);
    let api = encrypted_api(&s);
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_123", "meta": {"name": "Test User"},
               "ratelimits": [{"name": "default-enterprise", "limit": 1500, "duration": 60000, "autoApply": true}]}),
    );
    let role = s.ok("permissions.createRole", json!({"name": "editor"}))["roleId"]
        .as_str()
        .unwrap()
        .to_string();
    s.ok(
        "permissions.createPermission",
        json!({"name": "Edit documents", "slug": "documents.edit"}),
    );
    s.ok(
        "permissions.createPermission",
        json!({"name": "Read documents", "slug": "documents.read"}),
    );
    s.ok(
        "permissions.setRolePermissions",
        json!({"roleId": role, "permissions": ["documents.edit"]}),
    );
    let (old_id, _) = s.create_key(json!({
        "apiId": api, "name": "Test-Key", "externalId": "test_123", "recoverable": true,
        "credits": {"remaining": 16, "refill": {"interval": "monthly", "amount": 100, "refillDay": 1}},
        "permissions": ["documents.read"], "roles": ["editor"],
        "ratelimits": [{"name": "default", "limit": 15, "duration": 60000, "autoApply": true}]
    }));
    let root = s.root_key(&["api.*.create_key", "api.*.encrypt_key"]);
    let r = post(
        &s,
        "keys.rerollKey",
        &root,
        &json!({"keyId": old_id, "expiration": 0}),
    );
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .is_some_and(|id| id.starts_with("req_")));
    let d = r.data();
    let new_id = d["keyId"].as_str().unwrap();
    let new_key = d["key"].as_str().unwrap();
    assert_ne!(new_id, old_id);
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let get = |id: &str| s.ok("keys.getKey", json!({"keyId": id, "decrypt": true}));
    let (old, new) = (get(&old_id), get(new_id));
    // The old key is still there and expires now; the new one has no expiry.
    assert!(old["expires"].as_i64().is_some_and(|e| e <= now), "{old}");
    assert!(new.get("expires").is_none(), "{new}");
    // Both are stored encrypted: their plaintexts come back.
    assert!(
        old["plaintext"].as_str().is_some_and(|p| !p.is_empty()),
        "{old}"
    );
    assert_eq!(new["plaintext"], new_key);
    for field in ["name", "identity", "meta", "credits"] {
        assert_eq!(old.get(field), new.get(field), "{field}: {old} / {new}");
    }
    // Upstream lists permissions from a Go map: compare them as sets.
    let set = |k: &Value, field: &str| -> Vec<String> {
        let mut v: Vec<String> = k[field]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        v.sort_unstable();
        v
    };
    assert_eq!(set(&old, "permissions"), set(&new, "permissions"));
    assert_eq!(set(&old, "roles"), set(&new, "roles"));
    assert_eq!(new["name"], "Test-Key");
    assert_eq!(new["identity"]["externalId"], "test_123");
    assert_eq!(
        new["credits"],
        json!({"remaining": 16, "refill": {"interval": "monthly", "amount": 100, "refillDay": 1}})
    );
    assert_eq!(
        set(&new, "permissions"),
        ["documents.edit", "documents.read"]
    );
    assert_eq!(new["roles"], json!(["editor"]));
    let limits = |k: &Value| -> Vec<(Value, Value, Value)> {
        k["ratelimits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| (l["name"].clone(), l["limit"].clone(), l["duration"].clone()))
            .collect()
    };
    assert_eq!(limits(&old), limits(&new));
    assert_eq!(limits(&new), [(json!("default"), json!(15), json!(60000))]);
}

/// create_key/200_test.go TestCreateRecoverableKeyWithURNPermissions: resource names of the
/// keyspace grant `create_key` and `encrypt_key`.
#[test]
fn create_key__recoverable_key_with_urn_permissions() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    let ks = format!("ks_{}", api.strip_prefix("api_").unwrap());
    let root = s.root_key(&[
        &format!("unkey:v1:ws_local:keyspaces/{ks}#create_key"),
        &format!("unkey:v1:ws_local:keyspaces/{ks}/keys/*#encrypt_key"),
    ]);
    let r = post(
        &s,
        "keys.createKey",
        &root,
        &json!({"apiId": api, "recoverable": true}),
    );
    assert!(r.data()["keyId"].as_str().unwrap().starts_with("key_"));
}

/// create_key/403_test.go "create recoverable key without perms": without `encrypt_key`, the
/// API's 404 (the keyspace's existence is not revealed).
#[test]
fn create_key__create_recoverable_key_without_perms() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    let root = s.root_key(&["api.*.create_key"]);
    let r = post(
        &s,
        "keys.createKey",
        &root,
        &json!({"apiId": api, "recoverable": true}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(
        r.json()["error"]["detail"],
        "The specified API was not found."
    );
}

/// get_key/412_test.go "Try getting a recoverable key without being opt-in": decrypting a key
/// of a keyspace that does not store encrypted keys, as a root key holding
/// `api.*.read_key` and `api.*.decrypt_key` (upstream's).
#[test]
fn get_key__try_getting_a_recoverable_key_without_being_opt_in() {
    let s = start(&[]);
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&["api.*.read_key", "api.*.decrypt_key"]);
    let r = post(
        &s,
        "keys.getKey",
        &root,
        &json!({"keyId": id, "decrypt": true}),
    );
    assert_412(&r, "The API for this key does not support key encryption.");
    // Creating one there is refused the same way.
    let r = s.call("keys.createKey", json!({"apiId": api, "recoverable": true}));
    assert_412(&r, "This API does not support key encryption.");
}

/// get_key/412_test.go "vault missing when decrypt requested", and the same for createKey
/// and listKeys: a server without a vault.
#[test]
fn get_key__vault_missing_when_decrypt_requested() {
    let s = start(&["--no-vault"]);
    let api = encrypted_api(&s);
    let (id, _) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&["api.*.read_key", "api.*.decrypt_key"]);
    let r = post(
        &s,
        "keys.getKey",
        &root,
        &json!({"keyId": id, "decrypt": true}),
    );
    assert_412(&r, "Vault hasn't been set up.");
    assert_412(
        &s.call("keys.createKey", json!({"apiId": api, "recoverable": true})),
        "Vault hasn't been set up.",
    );
    assert_412(
        &s.call("apis.listKeys", json!({"apiId": api, "decrypt": true})),
        "Vault hasn't been set up.",
    );
}

/// list_keys/200_test.go "verify encrypted key is returned correctly": recoverable keys come
/// back with their plaintext, others without.
#[test]
fn list_keys__verify_encrypted_key_is_returned_correctly() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    let d = s.ok("keys.createKey", json!({"apiId": api, "recoverable": true}));
    let (rec_id, rec_key) = (d["keyId"].clone(), d["key"].clone());
    let (plain_id, _) = s.create_key(json!({"apiId": api}));
    let keys = s.ok("apis.listKeys", json!({"apiId": api, "decrypt": true}));
    let keys = keys.as_array().unwrap();
    assert_eq!(keys.len(), 2);
    for k in keys {
        if k["keyId"] == rec_id {
            assert_eq!(k["plaintext"], rec_key);
        } else {
            assert_eq!(k["keyId"], json!(plain_id));
            assert!(k.get("plaintext").is_none());
        }
    }
}

/// list_keys/412_test.go "Try decrypting key without opt-in".
#[test]
fn list_keys__try_decrypting_key_without_opt_in() {
    let s = start(&[]);
    let api = s.create_api();
    s.create_key(json!({"apiId": api}));
    assert_412(
        &s.call("apis.listKeys", json!({"apiId": api, "decrypt": true})),
        "The requested API does not support key encryption.",
    );
}

/// reroll_key/403_test.go "reroll recoverable key without perms": `create_key` alone does not
/// reroll a recoverable key; with `encrypt_key` the new key is recoverable too, and survives a
/// restart with `--data`.
#[test]
fn reroll_key__reroll_recoverable_key_without_perms() {
    let db = std::env::temp_dir().join(format!("unkey-local-vault-{}", std::process::id()));
    let db = db.to_str().unwrap().to_string();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
    let (new_id, new_key) = {
        let s = start(&["--data", &db]);
        let api = encrypted_api(&s);
        let id =
            s.ok("keys.createKey", json!({"apiId": api, "recoverable": true}))["keyId"].clone();
        let root = s.root_key(&["api.*.create_key"]);
        let body = json!({"keyId": id, "expiration": 0});
        let r = post(&s, "keys.rerollKey", &root, &body);
        assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
        let root = s.root_key(&["api.*.create_key", "api.*.encrypt_key"]);
        let d = post(&s, "keys.rerollKey", &root, &body).data();
        (d["keyId"].clone(), d["key"].clone())
    };
    let s = start(&["--data", &db]);
    let got = s.ok("keys.getKey", json!({"keyId": new_id, "decrypt": true}));
    assert_eq!(got["plaintext"], new_key);
    drop(s);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}

/// Mints `scope` for `portal` with a root key holding `perms`: 200, or (`denied`) the 403
/// naming the scope.
fn assert_session(s: &Server, portal: &str, scope: &str, perms: &[&str], denied: bool) {
    let root = s.root_key(perms);
    let r = post(
        s,
        "portal.createSession",
        &root,
        &json!({"portal": portal, "externalId": "user_escalation", "scopes": [scope]}),
    );
    if denied {
        r.assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            &format!(
                "You do not have permission to grant the \"{scope}\" scope to a portal session."
            ),
        );
    } else {
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }
}

fn portal_over(s: &Server, slug: &str, api: &str) {
    let r = s.request(
        "POST",
        "/_local/dashboard/portal",
        &[],
        json!({"slug": slug, "apiId": api}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

const MINT: &str = "portal.*.create_portal_session";

/// create_session/403_test.go "reroll on encrypted keyspace without encrypt_key".
#[test]
fn create_session__reroll_on_encrypted_keyspace_without_encrypt_key() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    portal_over(&s, "encrypted-portal", &api);
    assert_session(
        &s,
        "encrypted-portal",
        "keys:reroll",
        &[MINT, "api.*.create_key"],
        true,
    );
}

/// create_session/403_test.go "reroll on encrypted keyspace with encrypt_key".
#[test]
fn create_session__reroll_on_encrypted_keyspace_with_encrypt_key() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    portal_over(&s, "encrypted-portal", &api);
    assert_session(
        &s,
        "encrypted-portal",
        "keys:reroll",
        &[MINT, "api.*.create_key", "api.*.encrypt_key"],
        false,
    );
}

/// create_session/403_test.go "create on encrypted keyspace without encrypt_key".
#[test]
fn create_session__create_on_encrypted_keyspace_without_encrypt_key() {
    let s = start(&[]);
    let api = encrypted_api(&s);
    portal_over(&s, "encrypted-portal", &api);
    assert_session(
        &s,
        "encrypted-portal",
        "keys:create",
        &[MINT, "api.*.create_key"],
        true,
    );
}
