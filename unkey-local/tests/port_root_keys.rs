//! Ported route tests that grant a root key a permission on one specific API, identity,
//! namespace or keyspace id (unkeyed/unkey at fc99b6b9, `svc/api/routes/v2_*/*_test.go`). The ids
//! are only known once the test has created its resources, so the root keys are created at run
//! time through `/_local/dashboard/root-keys`, as upstream's harness creates one per case. Named
//! `<route>__<subtest>`; the code and wording are ours.
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

fn start() -> Server {
    Server::start(&["--dashboard"])
}

fn detail(r: &Resp) -> String {
    r.json()["error"]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn keyspace(api: &str) -> String {
    format!("ks_{}", api.strip_prefix("api_").unwrap())
}

fn post(s: &Server, op: &str, root: &str, body: &Value) -> Resp {
    s.post_as(&format!("/v2/{op}"), Some(root), body)
}

fn assert_forbidden(r: &Resp) {
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/authorization/insufficient_permissions"
    );
}

// ---- the control route itself ----------------------------------------------------------------

/// A root key created at run time works at once, holds only its permissions, and is refused
/// (401) once deleted; with `--data` it survives a restart.
#[test]
fn dashboard__root_keys_are_created_used_and_deleted() {
    let db = std::env::temp_dir().join(format!("unkey-local-rootkeys-{}", std::process::id()));
    let db = db.to_str().unwrap().to_string();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
    let (api, key_id, root) = {
        let s = Server::start(&["--dashboard", "--data", &db]);
        let api = s.create_api();
        let r = s.request(
            "POST",
            "/_local/dashboard/root-keys",
            &[],
            json!({"permissions": [format!("api.{api}.read_api")], "name": "ci"})
                .to_string()
                .as_bytes(),
        );
        assert_eq!(r.status, 200);
        let d = r.json();
        let root = d["key"].as_str().unwrap().to_string();
        assert!(root.starts_with("unkey_"));
        assert!(d["keyId"].as_str().unwrap().starts_with("key_"));
        assert_eq!(d["workspace"], "ws_local");
        assert_eq!(d["name"], "ci");
        assert_eq!(d["permissions"], json!([format!("api.{api}.read_api")]));
        let r = post(&s, "apis.getApi", &root, &json!({"apiId": api}));
        assert_eq!(r.data()["id"], json!(api));
        let r = post(&s, "apis.listKeys", &root, &json!({"apiId": api}));
        assert_eq!(r.status, 404);
        (api, d["keyId"].as_str().unwrap().to_string(), root)
    };
    let s = Server::start(&["--dashboard", "--data", &db]);
    let r = post(&s, "apis.getApi", &root, &json!({"apiId": api}));
    assert_eq!(r.status, 200, "the key persists with --data");
    let del = |id: &str| {
        s.request(
            "POST",
            "/_local/dashboard/root-keys/delete",
            &[],
            json!({"keyId": id}).to_string().as_bytes(),
        )
    };
    let r = del(&key_id);
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({"keyId": key_id, "deleted": true}));
    let r = post(&s, "apis.getApi", &root, &json!({"apiId": api}));
    assert_eq!(r.status, 401);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/authentication/key_not_found"
    );
    assert_eq!(del(&key_id).status, 404);
    drop(s);
    let s = Server::start(&["--dashboard", "--data", &db]);
    assert_eq!(
        post(&s, "apis.getApi", &root, &json!({"apiId": api})).status,
        401,
        "a deleted key stays deleted after a restart"
    );
    drop(s);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}

/// A chosen secret, a key in another workspace, bad bodies, and the flag that enables it.
#[test]
fn dashboard__root_key_options_and_refusals() {
    let s = Server::start(&["--dashboard", "--workspace", "ws_b"]);
    let create = |body: Value| {
        s.request(
            "POST",
            "/_local/dashboard/root-keys",
            &[],
            body.to_string().as_bytes(),
        )
    };
    let r = create(json!({"permissions": [], "key": "my_fixed_root", "workspace": "ws_b"}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["workspace"], "ws_b");
    // A key of ws_b does not see the default workspace's APIs.
    let api = s.create_api();
    let r = post(&s, "apis.getApi", "my_fixed_root", &json!({"apiId": api}));
    assert_eq!(r.status, 403, "no permissions");
    // The same secret twice, or the CLI's root key, is a 409.
    for key in ["my_fixed_root", common::ROOT] {
        let r = create(json!({"permissions": [], "key": key}));
        assert_eq!(r.status, 409, "{key}");
    }
    for bad in [
        json!({}),
        json!({"permissions": "api.*.read_api"}),
        json!({"permissions": [""]}),
        json!({"permissions": [], "key": "has space"}),
        json!({"permissions": [], "extra": 1}),
    ] {
        assert_eq!(create(bad.clone()).status, 400, "{bad}");
    }
    let r = create(json!({"permissions": [], "workspace": "ws_nope"}));
    assert_eq!(r.status, 404);
    let r = create(json!({"permissions": [], "workspaceId": "ws_b"}));
    assert_eq!(r.json()["workspace"], "ws_b", "workspaceId is an alias");
    let off = Server::start(&[]);
    let r = off.request("POST", "/_local/dashboard/root-keys", &[], b"{}");
    assert_eq!(r.status, 404);
    assert!(detail(&r).contains("--dashboard"));
}

// ---- keys.verifyKey ---------------------------------------------------------------------------

/// v2_keys_verify_key/403_test.go, "root key with verify permission for different api returns
/// 200 NOT_FOUND (not 403)".
#[test]
fn verify_key__root_key_with_verify_permission_for_different_api_returns_200_not_found() {
    let s = start();
    let api = s.create_api();
    let api2 = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[&format!("api.{api2}.verify_key")]);
    let v = post(&s, "keys.verifyKey", &root, &json!({"key": k})).data();
    assert_eq!(
        (v["code"].as_str(), v["valid"].as_bool()),
        (Some("NOT_FOUND"), Some(false))
    );
}

/// v2_keys_verify_key/403_test.go, "root key with wildcard verify permission returns 200 VALID".
#[test]
fn verify_key__root_key_with_wildcard_verify_permission_returns_200_valid() {
    let s = start();
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&["api.*.verify_key"]);
    let v = post(&s, "keys.verifyKey", &root, &json!({"key": k})).data();
    assert_eq!(
        (v["code"].as_str(), v["valid"].as_bool()),
        (Some("VALID"), Some(true))
    );
}

/// v2_keys_verify_key/403_test.go, "root key with specific api verify permission returns 200
/// VALID".
#[test]
fn verify_key__root_key_with_specific_api_verify_permission_returns_200_valid() {
    let s = start();
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[&format!("api.{api}.verify_key")]);
    let v = post(&s, "keys.verifyKey", &root, &json!({"key": k})).data();
    assert_eq!(
        (v["code"].as_str(), v["valid"].as_bool()),
        (Some("VALID"), Some(true))
    );
}

/// v2_keys_verify_key/200_test.go, "root key with wrong api permissions": a grant for the first
/// API, a key of the second.
#[test]
fn verify_key__root_key_with_wrong_api_permissions_by_id() {
    let s = start();
    let api = s.create_api();
    let api2 = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api2}));
    let root = s.root_key(&[&format!("api.{api}.verify_key")]);
    let v = post(&s, "keys.verifyKey", &root, &json!({"key": k})).data();
    assert_eq!(
        (v["code"].as_str(), v["valid"].as_bool()),
        (Some("NOT_FOUND"), Some(false))
    );
}

// ---- keys.getKey, whoami, deleteKey, updateCredits, updateKey, rerollKey ------------------

/// v2_keys_get_key/403_test.go, "cross api access".
#[test]
fn get_key__cross_api_access() {
    let s = start();
    let api = s.create_api();
    let other = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[&format!("api.{other}.read_key")]);
    let r = post(&s, "keys.getKey", &root, &json!({"keyId": id}));
    assert_forbidden(&r);
    assert!(
        detail(&r).contains(&format!("api.{api}.read_key")),
        "{}",
        detail(&r)
    );
    assert!(!detail(&r).contains(&other));
}

/// v2_keys_get_key/403_test.go, "specific API permission but wrong action".
#[test]
fn get_key__specific_api_permission_but_wrong_action() {
    let s = start();
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[&format!("api.{api}.delete_key")]);
    let r = post(&s, "keys.getKey", &root, &json!({"keyId": id}));
    assert_forbidden(&r);
    assert!(detail(&r).starts_with("Missing one of these permissions: api.*.read_key or"));
}

/// v2_keys_whoami/404_test.go, "cross api access": masked as the key's 404.
#[test]
fn whoami__cross_api_access() {
    let s = start();
    let api = s.create_api();
    let other = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[&format!("api.{other}.read_key")]);
    let r = post(&s, "keys.whoami", &root, &json!({"key": k}));
    assert_eq!(r.status, 404, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/data/key_not_found"
    );
    // And the same key may be read with a grant for its own API.
    let mine = s.root_key(&[&format!("api.{api}.read_key")]);
    assert_eq!(
        post(&s, "keys.whoami", &mine, &json!({"key": k})).status,
        200
    );
}

/// v2_keys_delete_key/403_test.go, "cross api access".
#[test]
fn delete_key__cross_api_access() {
    let s = start();
    let api = s.create_api();
    let other = s.create_api();
    let (id, k) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[&format!("api.{other}.delete_key")]);
    assert_forbidden(&post(&s, "keys.deleteKey", &root, &json!({"keyId": id})));
    assert_eq!(
        s.verify(json!({"key": k}))["code"],
        "VALID",
        "nothing deleted"
    );
    let mine = s.root_key(&[&format!("api.{api}.delete_key")]);
    assert_eq!(
        post(&s, "keys.deleteKey", &mine, &json!({"keyId": id})).status,
        200
    );
}

/// v2_keys_update_credits/403_test.go, "cross api access".
#[test]
fn update_credits__cross_api_access() {
    let s = start();
    let api = s.create_api();
    let other = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "credits": {"remaining": 5}}));
    let root = s.root_key(&[&format!("api.{other}.update_key")]);
    let body = json!({"keyId": id, "operation": "set", "value": 10});
    assert_forbidden(&post(&s, "keys.updateCredits", &root, &body));
}

/// keys.updateKey (`enabled: false`) of a fresh key named "test" as a root key holding the
/// permission `perm(apiId)`: a 200.
fn update_key_allowed(perm: impl Fn(&str) -> String) {
    let s = start();
    let api = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api, "name": "test"}));
    let root = s.root_key(&[&perm(&api)]);
    let r = post(
        &s,
        "keys.updateKey",
        &root,
        &json!({"keyId": id, "enabled": false}),
    );
    assert_eq!(r.data(), json!({}));
}

/// v2_keys_update_key/403_test.go, TestUpdateKeyCorrectPermissions, "wildcard api".
#[test]
fn update_key__wildcard_api() {
    update_key_allowed(|_| "api.*.update_key".to_string());
}

/// v2_keys_update_key/403_test.go, TestUpdateKeyCorrectPermissions, "specific api".
#[test]
fn update_key__specific_api() {
    update_key_allowed(|api| format!("api.{api}.update_key"));
}

/// v2_keys_reroll_key/403_test.go, "permission for different API".
#[test]
fn reroll_key__permission_for_different_api() {
    let s = start();
    let api = s.create_api();
    let other = s.create_api();
    let (id, _) = s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[&format!("api.{other}.create_key")]);
    let body = json!({"keyId": id, "expiration": 0});
    assert_forbidden(&post(&s, "keys.rerollKey", &root, &body));
}

// ---- keys.createKey, keys.migrateKeys -------------------------------------------------------

/// v2_keys_create_key/403_test.go, "wrong action" (a resource name for the keyspace with
/// `read_keyspace`): masked as the API's 404, the keyspace id not leaked.
#[test]
fn create_key__wrong_action() {
    let s = start();
    let api = s.create_api();
    let ks = keyspace(&api);
    let root = s.root_key(&[&format!("unkey:v1:ws_local:keyspaces/{ks}#read_keyspace")]);
    let r = post(&s, "keys.createKey", &root, &json!({"apiId": api}));
    assert_eq!(r.status, 404);
    assert!(!String::from_utf8_lossy(&r.body).contains(&ks));
}

/// v2_keys_create_key/403_test.go, "create permission for different keyspace".
#[test]
fn create_key__create_permission_for_different_keyspace() {
    let s = start();
    let api = s.create_api();
    let other = s.create_api();
    let ks = keyspace(&api);
    let root = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{}#create_key",
        keyspace(&other)
    )]);
    let r = post(&s, "keys.createKey", &root, &json!({"apiId": api}));
    assert_eq!(r.status, 404);
    assert!(!String::from_utf8_lossy(&r.body).contains(&ks));
}

/// v2_keys_create_key/200_test.go, TestCreateKeyWithLegacyAPIPermission: `api.<id>.create_key`.
#[test]
fn create_key__with_legacy_api_permission() {
    let s = start();
    let api = s.create_api();
    let root = s.root_key(&[&format!("api.{api}.create_key")]);
    let r = post(&s, "keys.createKey", &root, &json!({"apiId": api}));
    let d = r.data();
    assert!(d["keyId"].as_str().unwrap().starts_with("key_"));
    assert!(!d["key"].as_str().unwrap().is_empty());
}

/// keys.migrateKeys into one API (with a migration id that does not exist) as a root key
/// holding `create_key` on another: 403, before the unknown migration's 404.
fn migrate_with_other_api_grant() {
    let s = start();
    let api = s.create_api();
    let other = s.create_api();
    let root = s.root_key(&[&format!("api.{other}.create_key")]);
    let body = json!({"apiId": api, "migrationId": "mig_unknown_123", "keys": [{"hash": "abc"}]});
    assert_forbidden(&post(&s, "keys.migrateKeys", &root, &body));
}

/// v2_keys_migrate_keys/403_test.go, "permission for different API".
#[test]
fn migrate_keys__permission_for_different_API() {
    migrate_with_other_api_grant();
}

/// v2_keys_migrate_keys/403_test.go, "permission for specific API but requesting different
/// API" (the same request as the subtest before it, in Go too).
#[test]
fn migrate_keys__permission_for_specific_API_but_requesting_different_API() {
    migrate_with_other_api_grant();
}

// ---- apis ---------------------------------------------------------------------------------------

/// v2_apis_get_api/200_test.go, "authorization scopes" / "specific api permission".
#[test]
fn get_api__specific_api_permission() {
    let s = start();
    let api = s.create_api();
    let root = s.root_key(&[&format!("api.{api}.read_api")]);
    let d = post(&s, "apis.getApi", &root, &json!({"apiId": api})).data();
    assert_eq!(
        (d["id"].as_str(), d["name"].as_str()),
        (Some(api.as_str()), Some("test-api"))
    );
}

/// apis.getApi of a fresh API as a root key holding `perms(apiId)`: the 403 listing both
/// tuples that would do (TestGetApiInsufficientPermissions' table; permission names no
/// handler knows are stored and simply grant nothing).
fn get_api_forbidden(perms: impl Fn(&str) -> Vec<String>) {
    let s = start();
    let api = s.create_api();
    let perms = perms(&api);
    let root = s.root_key(&perms.iter().map(String::as_str).collect::<Vec<_>>());
    post(&s, "apis.getApi", &root, &json!({"apiId": api})).assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        &format!("Missing one of these permissions: api.*.read_api or api.{api}.read_api"),
    );
}

/// v2_apis_get_api/403_test.go, "wrong scope for specific api" (`api.<id>.create_api`).
#[test]
fn get_api__wrong_scope_for_specific_api() {
    get_api_forbidden(|api| vec![format!("api.{api}.create_api")]);
}

/// v2_apis_get_api/403_test.go, "permission for different api" (`read_api` on an id that
/// does not exist).
#[test]
fn get_api__permission_for_different_api() {
    get_api_forbidden(|_| vec!["api.api_doesnotexist1.read_api".to_string()]);
}

/// v2_apis_get_api/403_test.go, "unrelated permission".
#[test]
fn get_api__unrelated_permission() {
    get_api_forbidden(|_| vec!["unrelated.permission".to_string()]);
}

/// v2_apis_get_api/403_test.go, "multiple insufficient permissions".
#[test]
fn get_api__multiple_insufficient_permissions() {
    get_api_forbidden(|_| {
        ["key.*.create", "ratelimit.*.create", "identity.*.read"]
            .map(String::from)
            .to_vec()
    });
}

/// v2_apis_get_api/200_test.go, "authorization scopes" / "multiple permissions including
/// relevant one".
#[test]
fn get_api__multiple_permissions_including_relevant_one() {
    let s = start();
    let api = s.create_api();
    let root = s.root_key(&["other.permission", "api.*.read_api"]);
    let d = post(&s, "apis.getApi", &root, &json!({"apiId": api})).data();
    assert_eq!(d, json!({"id": api, "name": "test-api"}));
}

/// v2_apis_list_keys/403_test.go, "permission for different API": the API's 404.
#[test]
fn list_keys__permission_for_different_api() {
    let s = start();
    let api = s.create_api();
    let root = s.root_key(&[
        "api.api_different_123.read_key",
        "api.api_different_123.read_api",
    ]);
    let r = post(&s, "apis.listKeys", &root, &json!({"apiId": api}));
    assert_eq!(r.status, 404);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/data/api_not_found"
    );
}

/// v2_apis_list_keys/403_test.go, "specific API permissions should work".
#[test]
fn list_keys__specific_api_permissions_should_work() {
    let s = start();
    let api = s.create_api();
    s.create_key(json!({"apiId": api}));
    let root = s.root_key(&[
        &format!("api.{api}.read_key"),
        &format!("api.{api}.read_api"),
    ]);
    let d = post(&s, "apis.listKeys", &root, &json!({"apiId": api})).data();
    assert_eq!(d.as_array().unwrap().len(), 1);
}

/// v2_apis_delete_api/403_test.go, "permission for different API".
#[test]
fn delete_api__permission_for_different_api() {
    let s = start();
    let api = s.create_api();
    let root = s.root_key(&["api.api_different.delete_api"]);
    let r = post(&s, "apis.deleteApi", &root, &json!({"apiId": api}));
    assert_forbidden(&r);
    assert!(detail(&r).contains("Missing one of these permissions:"));
    assert_eq!(s.ok("apis.getApi", json!({"apiId": api}))["id"], json!(api));
}

// ---- identities -------------------------------------------------------------------------------

/// v2_identities_get_identity/403_test.go, "permission by external ID but not by ID": a grant
/// on another identity's id does not read this one, and the denial does not name that id.
#[test]
fn get_identity__permission_by_external_id_but_not_by_id() {
    let s = start();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_403"}),
    );
    let other = s.ok(
        "identities.createIdentity",
        json!({"externalId": "other_user_403"}),
    )["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    let root = s.root_key(&[&format!("identity.{other}.read_identity")]);
    let r = post(
        &s,
        "identities.getIdentity",
        &root,
        &json!({"identity": "test_user_403"}),
    );
    assert_forbidden(&r);
    let d = detail(&r);
    assert!(d.contains("Missing one of these permissions:"), "{d}");
    assert!(
        !d.contains(&other) && !d.contains("have:") && !d.contains('{'),
        "{d}"
    );
    // The grant does read its own identity.
    let r = post(
        &s,
        "identities.getIdentity",
        &root,
        &json!({"identity": "other_user_403"}),
    );
    assert_eq!(r.data()["id"], json!(other));
}

/// v2_identities_list_identities/403_test.go, "with exact legacy permission and targeted
/// search".
#[test]
fn list_identities__with_exact_legacy_permission_and_targeted_search() {
    let s = start();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_default"}),
    );
    let prod = s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_prod"}),
    )["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test_user_staging"}),
    );
    let root = s.root_key(&[&format!("identity.{prod}.read_identity")]);
    let r = post(
        &s,
        "identities.listIdentities",
        &root,
        &json!({"search": "test_user_prod"}),
    );
    let d = r.data();
    assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d[0]["id"], json!(prod));
}

// ---- ratelimit ----------------------------------------------------------------------------------

/// Creates the namespace `name` through `/_local/dashboard/namespace` and answers its id (the
/// v2 API never shows it).
fn namespace(s: &Server, name: &str) -> String {
    let r = s.request(
        "POST",
        "/_local/dashboard/namespace",
        &[],
        json!({"namespace": name}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let d = r.json();
    assert_eq!(
        (d["namespace"].as_str(), d["created"].as_bool()),
        (Some(name), Some(true))
    );
    d["namespaceId"].as_str().unwrap().to_string()
}

/// v2_ratelimit_multi_limit/403_test.go, "has permission for namespace A but tries to access A
/// and B".
#[test]
fn ratelimit_multi_limit__has_permission_for_namespace_a_but_tries_to_access_a_and_b() {
    let s = start();
    let a = namespace(&s, "ns_a");
    namespace(&s, "ns_b");
    let root = s.root_key(&[&format!("ratelimit.{a}.limit")]);
    let item =
        |ns: &str| json!({"namespace": ns, "identifier": "u", "limit": 10, "duration": 60000});
    let r = post(&s, "ratelimit.multiLimit", &root, &json!([item("ns_a")]));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let r = post(
        &s,
        "ratelimit.multiLimit",
        &root,
        &json!([item("ns_a"), item("ns_b")]),
    );
    assert_forbidden(&r);
}

/// v2_ratelimit_multi_limit/200_test.go, "basic multi rate limiting": grants on each of the
/// batch's namespaces.
#[test]
fn ratelimit_multi_limit__basic_multi_rate_limiting_with_namespace_grants() {
    let s = start();
    let n1 = namespace(&s, "multi_1");
    let n2 = namespace(&s, "multi_2");
    let root = s.root_key(&[
        &format!("ratelimit.{n1}.limit"),
        &format!("ratelimit.{n2}.limit"),
    ]);
    let item =
        |ns: &str| json!({"namespace": ns, "identifier": "u", "limit": 10, "duration": 60000});
    let d = post(
        &s,
        "ratelimit.multiLimit",
        &root,
        &json!([item("multi_1"), item("multi_2")]),
    )
    .data();
    assert_eq!(d["passed"], true);
    assert_eq!(d["limits"].as_array().unwrap().len(), 2);
}

/// v2_ratelimit_set_override/200_test.go, "create override using namespace name", with Go's
/// key (`ratelimit.<namespaceId>.set_override`): the override is stored as asked. ("create
/// override using namespace ID" is in port_ratelimit.rs.)
#[test]
fn ratelimit_set_override__create_override_using_namespace_name() {
    let s = start();
    let ns = namespace(&s, "overrides_ns");
    let root = s.root_key(&[&format!("ratelimit.{ns}.set_override")]);
    let body = json!({"namespace": "overrides_ns", "identifier": "user_123", "limit": 10,
                      "duration": 1000});
    let id = post(&s, "ratelimit.setOverride", &root, &body).data()["overrideId"].clone();
    assert!(id.as_str().unwrap().starts_with("rlor_"), "{id}");
    let got = s.ok(
        "ratelimit.getOverride",
        json!({"namespace": ns, "identifier": "user_123"}),
    );
    assert_eq!(
        (
            got["overrideId"].clone(),
            got["identifier"].clone(),
            got["limit"].clone(),
            got["duration"].clone()
        ),
        (id, json!("user_123"), json!(10), json!(1000))
    );
}

/// ratelimit.getOverride of `identifier` in a namespace without overrides, named by its id, as
/// `ratelimit.<namespaceId>.read_override` (Go's key): the override's 404.
fn get_missing_override(identifier: &str) {
    let s = start();
    let ns = namespace(&s, "get_ns");
    let root = s.root_key(&[&format!("ratelimit.{ns}.read_override")]);
    let r = post(
        &s,
        "ratelimit.getOverride",
        &root,
        &json!({"namespace": ns, "identifier": identifier}),
    );
    assert_override_hidden(&r);
}

/// v2_ratelimit_get_override/404_test.go, "override not found".
#[test]
fn ratelimit_get_override__override_not_found() {
    get_missing_override("non_existent_identifier");
}

/// v2_ratelimit_get_override/404_test.go, "identifier not found".
#[test]
fn ratelimit_get_override__identifier_not_found() {
    get_missing_override("nonexistent_2ZfXqcUu");
}

/// A namespace `del_ns` with an override of `who`, and a root key holding
/// `ratelimit.<namespaceId>.delete_override` (Go's key); returns the server, the namespace
/// id and the key.
fn delete_override_setup() -> (Server, String, String) {
    let s = start();
    let ns = namespace(&s, "del_ns");
    s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "del_ns", "identifier": "who", "limit": 5, "duration": 1000}),
    );
    let root = s.root_key(&[&format!("ratelimit.{ns}.delete_override")]);
    (s, ns, root)
}

/// Deletes `who`'s override with the namespace named `namespace`: a 200, after which the
/// override is gone (a second delete is its 404).
fn assert_deletes(s: &Server, root: &str, namespace: &str) {
    let body = json!({"namespace": namespace, "identifier": "who"});
    assert_eq!(
        post(s, "ratelimit.deleteOverride", root, &body).data(),
        json!({})
    );
    assert_override_hidden(&post(s, "ratelimit.deleteOverride", root, &body));
}

/// v2_ratelimit_delete_override/200_test.go, "delete by namespace name".
#[test]
fn ratelimit_delete_override__delete_by_namespace_name() {
    let (s, _, root) = delete_override_setup();
    assert_deletes(&s, &root, "del_ns");
}

/// v2_ratelimit_delete_override/200_test.go, "delete by namespace ID".
#[test]
fn ratelimit_delete_override__delete_by_namespace_ID() {
    let (s, ns, root) = delete_override_setup();
    assert_deletes(&s, &root, &ns);
}

/// v2_ratelimit_delete_override/404_test.go, "override not found" (by namespace id).
#[test]
fn ratelimit_delete_override__override_not_found() {
    let (s, ns, root) = delete_override_setup();
    let body = json!({"namespace": ns, "identifier": "non_existent_identifier"});
    assert_override_hidden(&post(&s, "ratelimit.deleteOverride", &root, &body));
}

// ---- analytics ----------------------------------------------------------------------------------

fn analytics(s: &Server, root: &str, query: &str) -> Value {
    post(
        s,
        "analytics.getVerifications",
        root,
        &json!({"query": query}),
    )
    .data()
}

/// v2_analytics_get_verifications/200_test.go, Test200_InaccessibleKeySpacesReturnNoData.
#[test]
fn get_verifications__inaccessible_key_spaces_return_no_data() {
    let s = Server::start(&["--dashboard", "--analytics"]);
    let allowed = s.create_api();
    let other = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": other}));
    s.verify(json!({"key": k}));
    let root = s.root_key(&[&format!("api.{allowed}.read_analytics")]);
    let wildcard = s.root_key(&["api.*.read_analytics"]);
    let q = |ks: &str| {
        format!("SELECT key_space_id FROM key_verifications_v1 WHERE key_space_id = '{ks}'")
    };
    assert_eq!(
        analytics(&s, &wildcard, &q(&keyspace(&other)))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for ks in [keyspace(&other), "ks_nonexistent123".into()] {
        assert_eq!(analytics(&s, &root, &q(&ks)), json!([]), "{ks}");
    }
}

/// v2_analytics_get_verifications/200_test.go,
/// Test200_UnresolvableAnalyticsPermissionReturnsNoData: `read_analytics` on an API id that does
/// not exist is a 200 with no rows.
#[test]
fn get_verifications__unresolvable_analytics_permission_returns_no_data() {
    let s = Server::start(&["--dashboard", "--analytics"]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    s.verify(json!({"key": k}));
    let root = s.root_key(&["api.api_doesnotexist99.read_analytics"]);
    assert_eq!(
        analytics(&s, &root, "SELECT key_space_id FROM key_verifications_v1"),
        json!([])
    );
}

/// v2_analytics_get_verifications/200_test.go, Test200_PermissionFiltersByApiId.
#[test]
fn get_verifications__permission_filters_by_api_id() {
    let s = Server::start(&["--dashboard", "--analytics"]);
    let api1 = s.create_api();
    let api2 = s.create_api();
    let (_, k1) = s.create_key(json!({"apiId": api1}));
    let (_, k2) = s.create_key(json!({"apiId": api2}));
    for _ in 0..3 {
        s.verify(json!({"key": k1}));
    }
    for _ in 0..5 {
        s.verify(json!({"key": k2}));
    }
    let root = s.root_key(&[&format!("api.{api1}.read_analytics")]);
    assert_eq!(
        analytics(
            &s,
            &root,
            "SELECT COUNT(*) as count FROM key_verifications_v1"
        ),
        json!([{"count": 3}])
    );
}

/// v2_analytics_get_verifications/200_test.go, Test200_PermissionFiltersByKeySpaceId: naming
/// both keyspaces in the query still answers only the permitted one's rows.
#[test]
fn get_verifications__permission_filters_by_key_space_id() {
    let s = Server::start(&["--dashboard", "--analytics"]);
    let api1 = s.create_api();
    let api2 = s.create_api();
    let (_, k1) = s.create_key(json!({"apiId": api1}));
    let (_, k2) = s.create_key(json!({"apiId": api2}));
    for _ in 0..3 {
        s.verify(json!({"key": k1}));
    }
    for _ in 0..5 {
        s.verify(json!({"key": k2}));
    }
    let root = s.root_key(&[&format!("api.{api1}.read_analytics")]);
    let q = format!(
        "SELECT key_space_id, COUNT(*) as count FROM key_verifications_v1 WHERE key_space_id IN ('{}', '{}') GROUP BY key_space_id",
        keyspace(&api1),
        keyspace(&api2)
    );
    assert_eq!(
        analytics(&s, &root, &q),
        json!([{"key_space_id": keyspace(&api1), "count": 3}])
    );
}

// ---- ratelimit.getOverride with resource names of one namespace and override --------------

/// v2_ratelimit_get_override/urn_permissions_test.go's setup: a namespace with an override of
/// `test_identifier`. Returns the server, the namespace id and the override id.
fn override_setup() -> (Server, String, String) {
    let s = start();
    let ns = namespace(&s, "urn_test_ns");
    let o = s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "urn_test_ns", "identifier": "test_identifier", "limit": 10, "duration": 1000}),
    )["overrideId"]
        .as_str()
        .unwrap()
        .to_string();
    (s, ns, o)
}

fn get_override_as(s: &Server, perm: &str) -> Resp {
    let root = s.root_key(&[perm]);
    post(
        s,
        "ratelimit.getOverride",
        &root,
        &json!({"namespace": "urn_test_ns", "identifier": "test_identifier"}),
    )
}

/// TestGetOverride_AuthorizesURNPermissions, "exact override permission".
#[test]
fn get_override__exact_override_permission() {
    let (s, ns, o) = override_setup();
    let r = get_override_as(
        &s,
        &format!("unkey:v1:ws_local:ratelimits/namespaces/{ns}/overrides/{o}#read_override"),
    );
    assert_eq!(r.data()["overrideId"], json!(o));
}

/// TestGetOverride_AuthorizesURNPermissions, "namespace override wildcard permission".
#[test]
fn get_override__namespace_override_wildcard_permission() {
    let (s, ns, o) = override_setup();
    let r = get_override_as(
        &s,
        &format!("unkey:v1:ws_local:ratelimits/namespaces/{ns}/overrides/*#read_override"),
    );
    assert_eq!(r.data()["overrideId"], json!(o));
}

/// TestGetOverride_AuthorizesURNPermissions, "namespace descendant wildcard permission".
#[test]
fn get_override__namespace_descendant_wildcard_permission() {
    let (s, ns, o) = override_setup();
    let r = get_override_as(
        &s,
        &format!("unkey:v1:ws_local:ratelimits/namespaces/{ns}/**#read_override"),
    );
    assert_eq!(r.data()["overrideId"], json!(o));
}

/// TestGetOverride_RejectsNonCoveringURNPermissions, "wrong action permission" (the exact
/// override, but `delete_override`): the override's 404.
#[test]
fn get_override__wrong_action_permission() {
    let (s, ns, o) = override_setup();
    let r = get_override_as(
        &s,
        &format!("unkey:v1:ws_local:ratelimits/namespaces/{ns}/overrides/{o}#delete_override"),
    );
    assert_override_hidden(&r);
}

/// Asserts the 404 a missing override gets, so that the override's existence is not revealed.
fn assert_override_hidden(r: &Resp) {
    r.assert_error(
        404,
        "unkey/data/ratelimit_override_not_found",
        "This override does not exist.",
    );
}

/// TestGetOverride_AuthorizesURNPermissions, "ratelimits descendant wildcard permission".
#[test]
fn get_override__ratelimits_descendant_wildcard_permission() {
    let (s, _, o) = override_setup();
    let r = get_override_as(&s, "unkey:v1:ws_local:ratelimits/**#read_override");
    assert_eq!(r.data()["overrideId"], json!(o));
}

/// TestGetOverride_AuthorizesURNPermissions, "workos wildcard namespace permission".
#[test]
fn get_override__workos_wildcard_namespace_permission() {
    let (s, _, o) = override_setup();
    let r = get_override_as(
        &s,
        "unkey:v1:ws_local:ratelimits/namespaces/*/overrides/*#read_override",
    );
    assert_eq!(r.data()["overrideId"], json!(o));
}

/// TestGetOverride_AuthorizesURNPermissions, "admin permission".
#[test]
fn get_override__admin_permission() {
    let (s, _, o) = override_setup();
    let r = get_override_as(&s, "unkey:v1:ws_local:**#*");
    assert_eq!(r.data()["overrideId"], json!(o));
}

/// TestGetOverride_RejectsNonCoveringURNPermissions, "sibling namespace wildcard permission".
#[test]
fn get_override__sibling_namespace_wildcard_permission() {
    let (s, _, _) = override_setup();
    assert_override_hidden(&get_override_as(
        &s,
        "unkey:v1:ws_local:ratelimits/namespaces/ns_other/overrides/*#read_override",
    ));
}

/// TestGetOverride_RejectsNonCoveringURNPermissions, "wrong workspace permission" (this
/// override's path in another workspace).
#[test]
fn get_override__wrong_workspace_permission() {
    let (s, ns, o) = override_setup();
    assert_override_hidden(&get_override_as(
        &s,
        &format!("unkey:v1:ws_other:ratelimits/namespaces/{ns}/overrides/{o}#read_override"),
    ));
}

// ---- root keys that exist but may not be used (svc/api/integration/root_keys) -------------

fn verify_with(s: &Server, root: &str) -> Resp {
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    post(s, "keys.verifyKey", root, &json!({"key": k}))
}

fn assert_error(r: &Resp, status: u16, title: &str, ty: &str, detail: &str) {
    assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["error"];
    assert_eq!(e["title"], title);
    assert_eq!(e["type"], format!("https://unkey.com/docs/errors/{ty}"));
    assert_eq!(e["detail"], detail);
}

fn dashboard(s: &Server, path: &str, body: Value) -> Value {
    let r = s.request(
        "POST",
        &format!("/_local/dashboard/{path}"),
        &[],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// root_keys_test.go TestGetRootKey_Valid and TestGetRootKey_Disabled: a root key disabled in
/// the dashboard is a 403 `key_disabled`; enabled again, it works.
#[test]
fn root_keys__get_root_key_disabled() {
    let s = start();
    let created = dashboard(
        &s,
        "root-keys",
        json!({"permissions": ["api.*.verify_key"]}),
    );
    let root = created["key"].as_str().unwrap().to_string();
    let id = created["keyId"].as_str().unwrap();
    assert_eq!(verify_with(&s, &root).data()["valid"], true);
    let d = dashboard(
        &s,
        "root-keys/update",
        json!({"keyId": id, "enabled": false}),
    );
    assert_eq!(d["enabled"], false);
    assert_error(
        &verify_with(&s, &root),
        403,
        "Key is disabled",
        "unkey/authorization/key_disabled",
        "The provided root key is invalid. The key is disabled.",
    );
    dashboard(
        &s,
        "root-keys/update",
        json!({"keyId": id, "enabled": true}),
    );
    assert_eq!(verify_with(&s, &root).data()["valid"], true);
}

/// root_keys_test.go TestGetRootKey_Expired: a root key past its expiry is a 403.
#[test]
fn root_keys__get_root_key_expired() {
    let s = Server::start(&["--dashboard", "--frozen-clock"]);
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let expires = now - 3_600_000;
    let created = dashboard(
        &s,
        "root-keys",
        json!({"permissions": ["api.*.verify_key"], "expires": expires}),
    );
    let root = created["key"].as_str().unwrap();
    let r = verify_with(&s, root);
    assert_eq!(r.status, 403, "{}", String::from_utf8_lossy(&r.body));
    let e = &r.json()["error"];
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/authorization/forbidden"
    );
    let detail = e["detail"].as_str().unwrap();
    assert!(
        detail.starts_with("The provided root key is invalid. the key has expired on ")
            && detail.ends_with('Z'),
        "{detail}"
    );
    // One that expires later works until then.
    let later = dashboard(
        &s,
        "root-keys",
        json!({"permissions": ["api.*.verify_key"], "expires": now + 1000}),
    );
    let root = later["key"].as_str().unwrap();
    assert_eq!(verify_with(&s, root).status, 200);
    s.advance(2000);
    assert_eq!(verify_with(&s, root).status, 403);
}

/// root_keys_test.go TestGetRootKey_TargetWorkspaceDisabled: the root key's workspace is
/// disabled.
#[test]
fn root_keys__get_root_key_target_workspace_disabled() {
    let s = start();
    let root = s.root_key(&["api.*.verify_key"]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    let d = dashboard(&s, "workspace", json!({"enabled": false}));
    assert_eq!(d, json!({"workspace": "ws_local", "enabled": false}));
    assert_error(
        &post(&s, "keys.verifyKey", &root, &json!({"key": k})),
        403,
        "Workspace is disabled",
        "unkey/authorization/workspace_disabled",
        "The provided root key is invalid. The workspace is disabled.",
    );
    dashboard(&s, "workspace", json!({"enabled": true}));
    assert_eq!(
        post(&s, "keys.verifyKey", &root, &json!({"key": k})).status,
        200
    );
}

/// root_keys_test.go TestGetRootKey_WorkspaceNotFound: a root key whose workspace does not
/// exist is a 404 `workspace_not_found`.
#[test]
fn root_keys__get_root_key_workspace_not_found() {
    let s = start();
    let created = dashboard(
        &s,
        "root-keys",
        json!({"permissions": ["api.*.verify_key"], "workspace": "ws_nonexistent", "workspaceMissing": true}),
    );
    assert_error(
        &verify_with(&s, created["key"].as_str().unwrap()),
        404,
        "Not Found",
        "unkey/data/workspace_not_found",
        "The provided root key is invalid. The requested workspace does not exist.",
    );
}

/// v2_apis_get_api/403_test.go, "key from wrong workspace": a root key of a workspace that
/// does not exist, with `api.*.read_api`.
#[test]
fn get_api__key_from_wrong_workspace() {
    let s = start();
    let api = s.create_api();
    let created = dashboard(
        &s,
        "root-keys",
        json!({"permissions": ["api.*.read_api"], "workspace": "ws_other", "workspaceMissing": true}),
    );
    let r = post(
        &s,
        "apis.getApi",
        created["key"].as_str().unwrap(),
        &json!({"apiId": api}),
    );
    assert_error(
        &r,
        404,
        "Not Found",
        "unkey/data/workspace_not_found",
        "The provided root key is invalid. The requested workspace does not exist.",
    );
}

/// root_keys_test.go TestGetRootKey_Deleted: a deleted root key is a 401 like one that never
/// existed.
#[test]
fn root_keys__get_root_key_deleted() {
    let s = start();
    let created = dashboard(
        &s,
        "root-keys",
        json!({"permissions": ["api.*.verify_key"]}),
    );
    dashboard(&s, "root-keys/delete", json!({"keyId": created["keyId"]}));
    assert_error(
        &verify_with(&s, created["key"].as_str().unwrap()),
        401,
        "Unauthorized",
        "unkey/authentication/key_not_found",
        "The provided root key is invalid. We could not find the requested key.",
    );
}

/// root_keys_test.go TestGetRootKey_RegularKeyWithSamePermissions: a key made by
/// keys.createKey is no root key, whatever its permissions ("The provided root key is
/// invalid.", without the sentence of a key that does not exist).
#[test]
fn root_keys__get_root_key_regular_key_with_same_permissions() {
    let s = start();
    let api = s.create_api();
    let (_, regular) = s.create_key(json!({"apiId": api, "permissions": ["api.*.verify_key"]}));
    assert_error(
        &verify_with(&s, &regular),
        401,
        "Unauthorized",
        "unkey/authentication/key_not_found",
        "The provided root key is invalid.",
    );
}

/// root_keys_test.go TestGetRootKey_RootWorkspaceDisabled: the workspace that owns root keys
/// upstream is disabled, so every root key is refused.
#[test]
fn root_keys__get_root_key_root_workspace_disabled() {
    let s = start();
    let root = s.root_key(&["api.*.verify_key"]);
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    assert_eq!(
        dashboard(&s, "rootWorkspace", json!({"enabled": false})),
        json!({"enabled": false})
    );
    for key in [root.as_str(), common::ROOT] {
        assert_error(
            &post(&s, "keys.verifyKey", key, &json!({"key": k})),
            403,
            "Workspace is disabled",
            "unkey/authorization/workspace_disabled",
            "The provided root key is invalid. The workspace is disabled.",
        );
    }
    dashboard(&s, "rootWorkspace", json!({"enabled": true}));
    assert_eq!(
        post(&s, "keys.verifyKey", &root, &json!({"key": k})).status,
        200
    );
}
