//! Authentication and authorization ported from the real server's route tests (unkeyed/unkey at
//! fc99b6b9, `svc/api/routes/<route>/<status>_test.go`), plus the resource-name (`unkey:v1:…`)
//! root-key permissions its handlers accept. Each test names the Go file and subtest; the code
//! and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::{json, Value};

fn detail(r: &common::Resp) -> String {
    r.json()["error"]["detail"].as_str().unwrap().to_string()
}

fn post_auth(s: &Server, op: &str, auth: &str, body: &Value) -> common::Resp {
    s.request(
        "POST",
        &format!("/v2/{op}"),
        &[
            ("Content-Type", "application/json"),
            ("Authorization", auth),
        ],
        body.to_string().as_bytes(),
    )
}

/// v2_apis_delete_api/401_test.go, "missing authorization header" (and
/// v2_identities_get_identity/400_test.go "missing Authorization header"): the validator's
/// security check answers before the body is looked at.
#[test]
fn delete_api__missing_authorization_header() {
    let s = Server::start(&[]);
    for body in [json!({"apiId": "api_1234"}), json!({"apiId": 1})] {
        let r = s.post_as("/v2/apis.deleteApi", None, &body);
        assert_eq!(r.status, 400);
        let e = &r.json()["error"];
        assert_eq!(
            e["type"],
            "https://unkey.com/docs/errors/unkey/application/invalid_input"
        );
        assert_eq!(e["detail"], "Authorization header for 'bearer' scheme");
        assert_eq!(e["errors"][0]["location"], "security");
        assert_eq!(
            e["errors"][0]["message"],
            "Authorization header was not found"
        );
        assert!(e["errors"][0]["fix"].is_string());
    }
}

/// v2_apis_delete_api/401_test.go, "invalid authorization token".
#[test]
fn delete_api__invalid_authorization_token() {
    let s = Server::start(&[]);
    let r = s.post_as(
        "/v2/apis.deleteApi",
        Some("invalid_token_that_does_not_exist"),
        &json!({"apiId": "api_1234"}),
    );
    assert_eq!(r.status, 401);
    assert_eq!(
        detail(&r),
        "The provided root key is invalid. We could not find the requested key."
    );
}

/// v2_apis_delete_api/401_test.go, "malformed authorization header" (and
/// v2_identities_get_identity/400_test.go "malformed Authorization header").
#[test]
fn delete_api__malformed_authorization_header() {
    let s = Server::start(&[]);
    let body = json!({"apiId": "api_1234"});
    for bad in [
        "malformed_header_without_bearer_prefix",
        "InvalidFormat xyz",
    ] {
        let r = post_auth(&s, "apis.deleteApi", bad, &body);
        assert_eq!(r.status, 400);
        assert!(r.error_type().ends_with("unkey/authentication/malformed"));
        assert_eq!(
            detail(&r),
            "You must provide a valid root key in the Authorization header in the format 'Bearer ROOT_KEY'. Your authorization header is missing the 'Bearer ' prefix."
        );
    }
}

/// v2_keys_verify_key/401_test.go: "missing authorization header", "invalid bearer token",
/// "malformed authorization header", "requestId is returned in error response".
#[test]
fn verify_key__unauthorized() {
    let s = Server::start(&[]);
    let body = json!({"key": "sk_whatever"});
    s.post_as("/v2/keys.verifyKey", None, &body).assert_error(
        400,
        "unkey/application/invalid_input",
        "Authorization header for 'bearer' scheme",
    );
    let r = s.post_as("/v2/keys.verifyKey", Some("invalid_token_here"), &body);
    r.assert_error(
        401,
        "unkey/authentication/key_not_found",
        "The provided root key is invalid. We could not find the requested key.",
    );
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    post_auth(&s, "keys.verifyKey", "InvalidFormat", &body).assert_error(
        400,
        "unkey/authentication/malformed",
        "You must provide a valid root key in the Authorization header in the format 'Bearer ROOT_KEY'. Your authorization header is missing the 'Bearer ' prefix.",
    );
}

/// v2_keys_get_key/403_test.go: "no permissions", "wrong permission - has create but not read",
/// "wrong permission - trying to decrypt key but no decrypt permissions", "cross api access",
/// "decrypt permission without read permission", "wrong resource type permissions", "specific
/// API permission but wrong action". The denial lists the handler's alternatives in its order.
#[test]
fn get_key__forbidden() {
    let s = Server::start(&[
        "--root-key",
        "rk_none=identity.*.read_identity",
        "--root-key",
        "rk_create=api.*.create_key",
        "--root-key",
        "rk_read=api.*.read_key",
        "--root-key",
        "rk_decrypt=api.*.decrypt_key",
    ]);
    let api = s.create_api();
    let other = s.create_api();
    let (key_id, _) = s.create_key(json!({"apiId": api}));
    let _ = other;
    let decrypt = json!({"keyId": key_id, "decrypt": true});
    for root in ["rk_none", "rk_create", "rk_read", "rk_decrypt"] {
        let r = s.post_as("/v2/keys.getKey", Some(root), &decrypt);
        assert_eq!(
            r.status,
            403,
            "{root}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert!(r
            .error_type()
            .ends_with("unkey/authorization/insufficient_permissions"));
        assert_eq!(r.json()["error"]["title"], "Insufficient Permissions");
    }
    let r = s.post_as("/v2/keys.getKey", Some("rk_none"), &decrypt);
    let ks = format!("ks_{}", api.strip_prefix("api_").unwrap());
    assert_eq!(
        detail(&r),
        format!(
            "Missing one of these permissions: api.*.read_key or api.{api}.read_key or unkey:v1:ws_local:keyspaces/{ks}/keys/{key_id}#read_key"
        )
    );
    // With read_key, the decrypt check is the one that fails.
    let r = s.post_as("/v2/keys.getKey", Some("rk_read"), &decrypt);
    assert!(
        detail(&r).contains("api.*.decrypt_key or"),
        "{}",
        detail(&r)
    );
}

/// v2_keys_verify_key/handler.go authorizes `api.*.verify_key`, `api.<apiId>.verify_key` or the
/// key's resource name; pkg/urn documents the patterns (`*` one segment, a final `**`).
#[test]
fn verify_key__resource_name_permissions() {
    let grants = [
        (
            "rk_a",
            "unkey:v1:ws_local:keyspaces/*/keys/*#verify_key",
            true,
        ),
        ("rk_b", "unkey:v1:ws_local:keyspaces/**#verify_key", true),
        ("rk_c", "unkey:v1:ws_local:**#*", true),
        ("rk_d", "unkey:v1:ws_other:**#*", false),
        ("rk_e", "unkey:v1:ws_local:keyspaces/*#verify_key", false),
        (
            "rk_f",
            "unkey:v1:ws_local:keyspaces/*/keys/*#read_key",
            false,
        ),
        ("rk_g", "unkey:v1:ws_local:*#verify_key", false),
    ];
    let args: Vec<String> = grants
        .iter()
        .flat_map(|(k, p, _)| ["--root-key".to_string(), format!("{k}={p}")])
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let s = Server::start(&args);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    for (root, _, ok) in &grants {
        let r = s.post_as("/v2/keys.verifyKey", Some(root), &json!({"key": key}));
        let want = if *ok { "VALID" } else { "NOT_FOUND" };
        assert_eq!(r.data()["code"], want, "{root}");
    }
}

/// v2_keys_create_key/handler.go: `create_key` on the keyspace by resource name; with another
/// workspace's name the API is reported missing (the denial is masked).
#[test]
fn create_key__resource_name_permission_on_the_keyspace() {
    let s = Server::start(&[
        "--root-key",
        "rk_ks=unkey:v1:ws_local:keyspaces/*#create_key",
        "--root-key",
        "rk_ws2=unkey:v1:ws_2:keyspaces/*#create_key",
    ]);
    let api = s.create_api();
    let r = s.post_as("/v2/keys.createKey", Some("rk_ks"), &json!({"apiId": api}));
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let r = s.post_as("/v2/keys.createKey", Some("rk_ws2"), &json!({"apiId": api}));
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "The specified API was not found.");
}

/// `--workspace-id` names the workspace in resource names.
#[test]
fn workspace_id_flag_names_the_workspace() {
    let s = Server::start(&[
        "--workspace-id",
        "ws_2",
        "--root-key",
        "rk=unkey:v1:ws_2:keyspaces/*/keys/*#verify_key",
    ]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    let r = s.post_as("/v2/keys.verifyKey", Some("rk"), &json!({"key": key}));
    assert_eq!(r.data()["code"], "VALID");
}

/// v2_identities_list_identities/handler.go checks the permission per listed identity: an empty
/// page needs none; otherwise the denial names the first identity.
#[test]
fn list_identities__permission_checked_per_identity() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key"]);
    let r = s.post_as("/v2/identities.listIdentities", Some("rk"), &json!({}));
    assert_eq!(r.status, 200);
    let id = s.ok("identities.createIdentity", json!({"externalId": "ext_1"}))["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s.post_as("/v2/identities.listIdentities", Some("rk"), &json!({}));
    assert_eq!(r.status, 403);
    assert_eq!(
        detail(&r),
        format!("Missing one of these permissions: identity.{id}.read_identity or identity.*.read_identity or unkey:v1:ws_local:projects/*/identities/*#read_identity")
    );
}

/// v2_permissions_create_permission/403_test.go: a single tuple is worded "Missing permission".
#[test]
fn create_permission__single_permission_wording() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key"]);
    let r = s.post_as(
        "/v2/permissions.createPermission",
        Some("rk"),
        &json!({"name": "p1", "slug": "p1"}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(detail(&r), "Missing permission: 'rbac.*.create_permission'");
}

/// v2_keys_create_key/handler.go checks no rbac permission for `permissions` and `roles`; missing
/// permissions are created (unlike keys.addPermissions, which needs `create_permission`).
#[test]
fn create_key__permissions_need_no_rbac_grant() {
    let s = Server::start(&["--root-key", "rk=api.*.create_key"]);
    let api = s.create_api();
    let r = s.post_as(
        "/v2/keys.createKey",
        Some("rk"),
        &json!({"apiId": api, "permissions": ["brand.new"]}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}
