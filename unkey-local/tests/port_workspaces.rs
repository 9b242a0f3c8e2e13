//! Several workspaces (`--workspace ID`, root keys after it belong to it): a root key sees only
//! its own workspace, as the real handlers' workspace checks make sure. Ported subtests name
//! their Go file (unkeyed/unkey at fc99b6b9); the code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Server, ROOT};
use serde_json::json;

const OTHER: &str = "unkey_other_ws_root";

fn two() -> Server {
    Server::start(&["--workspace", "ws_two", "--root-key", OTHER])
}

fn detail(r: &common::Resp) -> String {
    r.json()["error"]["detail"].as_str().unwrap().to_string()
}

/// v2_keys_verify_key/404_test.go, "key belongs to different workspace".
#[test]
fn verify_key__key_belongs_to_different_workspace() {
    let s = two();
    let api = s.create_api();
    let (_, k) = s.create_key(json!({"apiId": api}));
    let r = s.post_as("/v2/keys.verifyKey", Some(OTHER), &json!({"key": k}));
    let v = r.data();
    assert_eq!(
        (v["code"].as_str(), v["valid"].as_bool()),
        (Some("NOT_FOUND"), Some(false))
    );
    // The owner still verifies it.
    assert_eq!(s.verify(json!({"key": k}))["code"], "VALID");
}

/// v2_keys_get_key/403_test.go, "cross workspace access" (404), with the wording of
/// v2_keys_get_key/handler.go for a key of another workspace; a missing key keeps its own.
#[test]
fn get_key__cross_workspace_access() {
    let s = two();
    let api = s.create_api();
    let (id, k) = s.create_key(json!({"apiId": api}));
    for (op, body) in [
        ("keys.getKey", json!({"keyId": id})),
        ("keys.deleteKey", json!({"keyId": id})),
        ("keys.updateKey", json!({"keyId": id, "name": "x"})),
        (
            "keys.updateCredits",
            json!({"keyId": id, "operation": "set", "value": 1}),
        ),
        ("keys.whoami", json!({"key": k})),
    ] {
        let r = s.post_as(&format!("/v2/{op}"), Some(OTHER), &body);
        assert_eq!(r.status, 404, "{op}");
        assert_eq!(detail(&r), "The specified key was not found.", "{op}");
    }
    let r = s.post_as(
        "/v2/keys.getKey",
        Some(OTHER),
        &json!({"keyId": "key_missing1"}),
    );
    assert_eq!(detail(&r), "We could not find the requested key.");
    // Nothing was changed by the other workspace's calls.
    assert_eq!(s.verify(json!({"key": k}))["code"], "VALID");
}

/// APIs, identities, permissions and namespaces are per workspace.
#[test]
fn workspaces__do_not_see_each_others_data() {
    let s = two();
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "shared_ext"}),
    );
    s.ok(
        "permissions.createPermission",
        json!({"name": "p.read", "slug": "p.read"}),
    );
    let r = s.post_as("/v2/apis.getApi", Some(OTHER), &json!({"apiId": api}));
    assert_eq!(r.status, 404);
    let r = s.post_as(
        "/v2/identities.getIdentity",
        Some(OTHER),
        &json!({"identity": "shared_ext"}),
    );
    assert_eq!(r.status, 404);
    let r = s.post_as("/v2/identities.listIdentities", Some(OTHER), &json!({}));
    assert_eq!(r.data(), json!([]));
    // The same external id and slug can exist in the other workspace.
    let r = s.post_as(
        "/v2/identities.createIdentity",
        Some(OTHER),
        &json!({"externalId": "shared_ext"}),
    );
    assert_eq!(r.status, 200);
    let r = s.post_as(
        "/v2/permissions.createPermission",
        Some(OTHER),
        &json!({"name": "p.read", "slug": "p.read"}),
    );
    assert_eq!(r.status, 200);
    // Rate limits count per workspace.
    let lim = json!({"namespace": "ns", "identifier": "u", "limit": 1, "duration": 60000});
    assert_eq!(s.ok("ratelimit.limit", lim.clone())["success"], true);
    let r = s.post_as("/v2/ratelimit.limit", Some(OTHER), &lim);
    assert_eq!(r.data()["success"], true);
    // A key created in the other workspace verifies only there.
    let api2 = s
        .post_as(
            "/v2/apis.createApi",
            Some(OTHER),
            &json!({"name": "two-api"}),
        )
        .data()["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    let k2 = s
        .post_as("/v2/keys.createKey", Some(OTHER), &json!({"apiId": api2}))
        .data()["key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(s.verify(json!({"key": k2}))["code"], "NOT_FOUND");
    let r = s.post_as("/v2/keys.verifyKey", Some(OTHER), &json!({"key": k2}));
    assert_eq!(r.data()["code"], "VALID");
}

/// Resource-name permissions name the root key's own workspace.
#[test]
fn workspaces__resource_names_use_the_root_keys_workspace() {
    let s = Server::start(&[
        "--workspace",
        "ws_two",
        "--root-key",
        OTHER,
        "--root-key",
        "rk_two=unkey:v1:ws_two:keyspaces/*/keys/*#verify_key",
        "--root-key",
        "rk_wrong=unkey:v1:ws_local:keyspaces/*/keys/*#verify_key",
    ]);
    let api = s
        .post_as(
            "/v2/apis.createApi",
            Some(OTHER),
            &json!({"name": "two-api"}),
        )
        .data()["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    let k = s
        .post_as("/v2/keys.createKey", Some(OTHER), &json!({"apiId": api}))
        .data()["key"]
        .as_str()
        .unwrap()
        .to_string();
    let code = |root: &str| {
        s.post_as("/v2/keys.verifyKey", Some(root), &json!({"key": k}))
            .data()["code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(code("rk_two"), "VALID");
    assert_eq!(code("rk_wrong"), "NOT_FOUND");
    assert_eq!(code(ROOT), "NOT_FOUND");
}

/// With `--data`, each workspace's data survives a restart and stays its own.
#[test]
fn workspaces__persist_separately() {
    let dir = std::env::temp_dir().join(format!("unkey-local-ws-{}", std::process::id()));
    let _ = std::fs::remove_file(&dir);
    let db = dir.to_str().unwrap().to_string();
    let args = [
        "--data",
        db.as_str(),
        "--workspace",
        "ws_two",
        "--root-key",
        OTHER,
    ];
    let (k1, k2) = {
        let s = Server::start(&args);
        let api = s.create_api();
        let (_, k1) = s.create_key(json!({"apiId": api}));
        let api2 = s
            .post_as(
                "/v2/apis.createApi",
                Some(OTHER),
                &json!({"name": "two-api"}),
            )
            .data()["apiId"]
            .as_str()
            .unwrap()
            .to_string();
        let k2 = s
            .post_as("/v2/keys.createKey", Some(OTHER), &json!({"apiId": api2}))
            .data()["key"]
            .as_str()
            .unwrap()
            .to_string();
        s.terminate();
        (k1, k2)
    };
    let s = Server::start(&args);
    assert_eq!(s.verify(json!({"key": k1}))["code"], "VALID");
    assert_eq!(s.verify(json!({"key": k2}))["code"], "NOT_FOUND");
    let r = s.post_as("/v2/keys.verifyKey", Some(OTHER), &json!({"key": k2}));
    assert_eq!(r.data()["code"], "VALID");
    drop(s);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}

/// A workspace id given twice is refused at start.
#[test]
fn workspaces__an_id_given_twice_is_refused() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unkey-local"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--workspace",
            "ws_local",
            "--root-key",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("given twice"));
}
