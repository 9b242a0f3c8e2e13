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

/// Asserts the validator's security-check 400 for a request without an Authorization header.
fn assert_no_authorization(r: &common::Resp) {
    r.assert_error(
        400,
        "unkey/application/invalid_input",
        "Authorization header for 'bearer' scheme",
    );
    let e = &r.json()["error"];
    assert_eq!(e["errors"][0]["location"], "security");
    assert_eq!(
        e["errors"][0]["message"],
        "Authorization header was not found"
    );
    assert!(e["errors"][0]["fix"].is_string());
}

/// v2_apis_delete_api/401_test.go, "missing authorization header": the validator's security
/// check answers before the body is looked at (a body of the wrong type is not reported).
#[test]
fn delete_api__missing_authorization_header() {
    let s = Server::start(&[]);
    for body in [json!({"apiId": "api_1234"}), json!({"apiId": 1})] {
        assert_no_authorization(&s.post_as("/v2/apis.deleteApi", None, &body));
    }
}

/// v2_identities_get_identity/400_test.go, "missing Authorization header".
#[test]
fn get_identity__missing_Authorization_header() {
    let s = Server::start(&[]);
    let r = s.post_as(
        "/v2/identities.getIdentity",
        None,
        &json!({"identity": "test_2ZfXqcUuSuK6"}),
    );
    assert_no_authorization(&r);
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

const MALFORMED: &str = "You must provide a valid root key in the Authorization header in the format 'Bearer ROOT_KEY'. Your authorization header is missing the 'Bearer ' prefix.";

/// v2_apis_delete_api/401_test.go, "malformed authorization header".
#[test]
fn delete_api__malformed_authorization_header() {
    let s = Server::start(&[]);
    post_auth(
        &s,
        "apis.deleteApi",
        "malformed_header_without_bearer_prefix",
        &json!({"apiId": "api_1234"}),
    )
    .assert_error(400, "unkey/authentication/malformed", MALFORMED);
}

/// v2_identities_get_identity/400_test.go, "malformed Authorization header".
#[test]
fn get_identity__malformed_Authorization_header() {
    let s = Server::start(&[]);
    post_auth(
        &s,
        "identities.getIdentity",
        "InvalidFormat xyz",
        &json!({"identity": "test_2ZfXqcUuSuK6"}),
    )
    .assert_error(400, "unkey/authentication/malformed", MALFORMED);
}

/// keys.verifyKey of a real key with this Authorization header (or none), as upstream's
/// 401_test.go sends it.
fn verify_with(auth: Option<&str>) -> common::Resp {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    let body = json!({"key": key});
    match auth {
        Some(a) => post_auth(&s, "keys.verifyKey", a, &body),
        None => s.post_as("/v2/keys.verifyKey", None, &body),
    }
}

const NO_ROOT_KEY: &str = "The provided root key is invalid. We could not find the requested key.";

/// v2_keys_verify_key/401_test.go, "missing authorization header".
#[test]
fn verify_key__missing_authorization_header() {
    assert_no_authorization(&verify_with(None));
}

/// v2_keys_verify_key/401_test.go, "invalid bearer token".
#[test]
fn verify_key__invalid_bearer_token() {
    verify_with(Some("Bearer invalid_token_here")).assert_error(
        401,
        "unkey/authentication/key_not_found",
        NO_ROOT_KEY,
    );
}

/// v2_keys_verify_key/401_test.go, "malformed authorization header".
#[test]
fn verify_key__malformed_authorization_header() {
    verify_with(Some("InvalidFormat")).assert_error(
        400,
        "unkey/authentication/malformed",
        MALFORMED,
    );
}

/// v2_keys_verify_key/401_test.go, "requestId is returned in error response".
#[test]
fn verify_key__requestId_is_returned_in_error_response() {
    let r = verify_with(Some("Bearer invalid_token"));
    r.assert_error(401, "unkey/authentication/key_not_found", NO_ROOT_KEY);
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// keys.getKey (`decrypt` as given) of a key of a fresh API, as a root key holding `perms`
/// (upstream's TestGetKeyForbidden makes one per subtest); asserts the 403 whose detail
/// `detail(apiId, keyspaceId, keyId)` builds.
fn get_key_forbidden(perms: &[&str], decrypt: bool, detail: impl Fn(&str, &str, &str) -> String) {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    s.create_api();
    let (key_id, _) = s.create_key(json!({"apiId": api}));
    let rk = s.root_key(perms);
    let r = s.post_as(
        "/v2/keys.getKey",
        Some(&rk),
        &json!({"keyId": key_id, "decrypt": decrypt}),
    );
    let ks = format!("ks_{}", api.strip_prefix("api_").unwrap());
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        &detail(&api, &ks, &key_id),
    );
    assert_eq!(r.json()["error"]["title"], "Insufficient Permissions");
}

/// The denial when `read_key` is missing: the handler's alternatives in its order.
fn missing_read_key(api: &str, ks: &str, key: &str) -> String {
    format!(
        "Missing one of these permissions: api.*.read_key or api.{api}.read_key or \
         unkey:v1:ws_local:keyspaces/{ks}/keys/{key}#read_key"
    )
}

/// v2_keys_get_key/403_test.go, "no permissions" (with `decrypt`, as the test's request).
#[test]
fn get_key__no_permissions() {
    get_key_forbidden(&[], true, missing_read_key);
}

/// v2_keys_get_key/403_test.go, "wrong permission - has create but not read".
#[test]
fn get_key__wrong_permission_has_create_but_not_read() {
    get_key_forbidden(&["api.*.create_key"], true, missing_read_key);
}

/// v2_keys_get_key/403_test.go, "wrong permission - trying to decrypt key but no decrypt
/// permissions": with `read_key`, the decrypt check is the one that fails.
#[test]
fn get_key__wrong_permission_trying_to_decrypt_key_but_no_decrypt_permissions() {
    get_key_forbidden(&["api.*.read_key"], true, |api, ks, key| {
        format!(
            "Missing one of these permissions: api.*.decrypt_key or api.{api}.decrypt_key or \
             unkey:v1:ws_local:keyspaces/{ks}/keys/{key}#decrypt_key"
        )
    });
}

/// v2_keys_get_key/403_test.go, "decrypt permission without read permission" (without
/// `decrypt`: the read check fails first).
#[test]
fn get_key__decrypt_permission_without_read_permission() {
    get_key_forbidden(&["api.*.decrypt_key"], false, missing_read_key);
}

/// v2_keys_get_key/403_test.go, "wrong resource type permissions".
#[test]
fn get_key__wrong_resource_type_permissions() {
    get_key_forbidden(
        &["workspace.*.read", "identity.*.read"],
        true,
        missing_read_key,
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
