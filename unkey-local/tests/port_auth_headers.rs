//! The Authorization-header subtests of the real server's route tests (unkeyed/unkey at
//! fc99b6b9, `svc/api/routes/v2_*/401_test.go` and some 400_test.go), one test per Go subtest,
//! named `<route>__<subtest>`, and the body's `Content-Type`, which upstream's validator checks
//! next. Each sends a body the route accepts, so only the headers decide; the code and wording
//! are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::json;

/// The validator's security check (an absent or empty header).
const MISSING: (u16, &str, &str) = (
    400,
    "unkey/application/invalid_input",
    "Authorization header for 'bearer' scheme",
);
/// `zen.Bearer`: no `Bearer ` prefix, or nothing after it.
const MALFORMED: (u16, &str, &str) = (
    400,
    "unkey/authentication/malformed",
    "You must provide a valid root key in the Authorization header in the format 'Bearer ROOT_KEY'. Your authorization header is missing the 'Bearer ' prefix.",
);
/// A well-formed bearer token that is no root key.
const UNKNOWN: (u16, &str, &str) = (
    401,
    "unkey/authentication/key_not_found",
    "The provided root key is invalid. We could not find the requested key.",
);

/// No Authorization header at all (the Go subtests' "missing authorization header").
const NO_HEADER: Option<&str> = None;

/// Sends `body` to `op` as JSON with this exact Authorization header (or none) and checks the
/// error.
fn check<'a>(
    op: &str,
    body: serde_json::Value,
    auth: impl Into<Option<&'a str>>,
    want: (u16, &str, &str),
) {
    let s = Server::start(&[]);
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(auth) = auth.into() {
        headers.push(("Authorization", auth));
    }
    let r = s.request(
        "POST",
        &format!("/v2/{op}"),
        &headers,
        body.to_string().as_bytes(),
    );
    r.assert_error(want.0, want.1, want.2);
    // The title the error middleware gives the code, and the request id every answer carries.
    let title = if want.0 == 401 {
        "Unauthorized"
    } else {
        "Bad Request"
    };
    let body = r.json();
    assert_eq!(body["error"]["title"], title, "{body}");
    assert!(
        body["meta"]["requestId"]
            .as_str()
            .is_some_and(|id| id.starts_with("req_")),
        "{body}"
    );
}

/// One test per Go subtest: `name: op, body, header => expected`.
macro_rules! header_cases {
    ($($(#[$doc:meta])* $name:ident: $op:literal, $body:tt, $auth:expr => $want:expr;)*) => {
        $(
            $(#[$doc])*
            #[test]
            fn $name() {
                check($op, json!($body), $auth, $want);
            }
        )*
    };
}

header_cases! {
    /// v2_apis_list_keys/401_test.go, "invalid key".
    list_keys__invalid_key: "apis.listKeys", {"apiId": "api_1234567890"},
        "Bearer not_a_valid_key" => UNKNOWN;
    /// v2_apis_list_keys/401_test.go, "valid format non-existent key".
    list_keys__valid_format_non_existent_key: "apis.listKeys", {"apiId": "api_1234567890"},
        "Bearer sk_test_1234567890abcdef1234567890abcdef" => UNKNOWN;
    /// v2_identities_delete_identity/401_test.go, "invalid auth token".
    delete_identity__invalid_auth_token: "identities.deleteIdentity", {"identity": "test_user"},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_identities_delete_identity/401_test.go, "empty bearer token".
    delete_identity__empty_bearer_token: "identities.deleteIdentity", {"identity": "test_user"},
        "Bearer " => MALFORMED;
    /// v2_identities_delete_identity/401_test.go, "bearer token with invalid format".
    delete_identity__bearer_token_with_invalid_format: "identities.deleteIdentity",
        {"identity": "test_user"}, "Bearer not-a-valid-key-format" => UNKNOWN;
    /// v2_identities_delete_identity/401_test.go, "token with wrong format".
    delete_identity__token_with_wrong_format: "identities.deleteIdentity",
        {"identity": "test_user"}, "Bearer random_string_not_a_key" => UNKNOWN;
    /// v2_identities_delete_identity/401_test.go, "completely invalid token format".
    delete_identity__completely_invalid_token_format: "identities.deleteIdentity",
        {"identity": "test_user"}, "Bearer 123" => UNKNOWN;
    /// v2_keys_add_permissions/401_test.go, "disabled root key" (a token no root key has).
    add_permissions__disabled_root_key: "keys.addPermissions",
        {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "Bearer invalid_disabled_key" => UNKNOWN;
    /// v2_keys_add_roles/401_test.go, "empty authorization header".
    add_roles__empty_authorization_header: "keys.addRoles",
        {"keyId": "key_1234567890", "roles": ["r"]}, "" => MISSING;
    /// v2_keys_add_roles/401_test.go, "bearer token only".
    add_roles__bearer_token_only: "keys.addRoles",
        {"keyId": "key_1234567890", "roles": ["r"]}, "Bearer " => MALFORMED;
    /// v2_keys_add_roles/401_test.go, "non-existent root key".
    add_roles__non_existent_root_key: "keys.addRoles",
        {"keyId": "key_1234567890", "roles": ["r"]},
        "Bearer unkey_32kHz9hXEXWMa8qGpTLSgzTD5Q" => UNKNOWN;
    /// v2_keys_add_roles/401_test.go, "disabled root key" (a token no root key has).
    add_roles__disabled_root_key: "keys.addRoles",
        {"keyId": "key_1234567890", "roles": ["r"]}, "Bearer invalid_disabled_key" => UNKNOWN;
    /// v2_keys_delete_key/401_test.go, "empty authorization header".
    delete_key__empty_authorization_header: "keys.deleteKey", {"keyId": "key_1234567890"},
        "" => MISSING;
    /// v2_keys_delete_key/401_test.go, "malformed authorization header - no Bearer prefix".
    delete_key__malformed_authorization_header_no_bearer_prefix: "keys.deleteKey",
        {"keyId": "key_1234567890"}, "invalid_token_without_bearer" => MALFORMED;
    /// v2_keys_delete_key/401_test.go, "malformed authorization header - Bearer only".
    delete_key__malformed_authorization_header_bearer_only: "keys.deleteKey",
        {"keyId": "key_1234567890"}, "Bearer" => MALFORMED;
    /// v2_keys_delete_key/401_test.go, "nonexistent root key".
    delete_key__nonexistent_root_key: "keys.deleteKey", {"keyId": "key_1234567890"},
        "Bearer key_2cGKbMxRyIzhCxo1Idjz8q" => UNKNOWN;
    /// v2_keys_get_key/401_test.go, "empty authorization header".
    get_key__empty_authorization_header: "keys.getKey",
        {"keyId": "key_1234567890", "decrypt": false}, "" => MISSING;
    /// v2_keys_get_key/401_test.go, "malformed authorization header - no Bearer prefix".
    get_key__malformed_authorization_header_no_bearer_prefix: "keys.getKey",
        {"keyId": "key_1234567890", "decrypt": false}, "invalid_token_without_bearer" => MALFORMED;
    /// v2_keys_get_key/401_test.go, "malformed authorization header - Bearer only".
    get_key__malformed_authorization_header_bearer_only: "keys.getKey",
        {"keyId": "key_1234567890", "decrypt": false}, "Bearer" => MALFORMED;
    /// v2_keys_get_key/401_test.go, "nonexistent root key".
    get_key__nonexistent_root_key: "keys.getKey", {"keyId": "key_1234567890", "decrypt": false},
        "Bearer key_2cGKbMxRyIzhCxo1Idjz8q" => UNKNOWN;
    /// v2_keys_remove_permissions/401_test.go, "disabled root key" (a token no root key has).
    remove_permissions__disabled_root_key: "keys.removePermissions",
        {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "Bearer invalid_disabled_key" => UNKNOWN;
    /// v2_keys_remove_roles/401_test.go, "non-existent root key".
    remove_roles__non_existent_root_key: "keys.removeRoles",
        {"keyId": "key_1234567890", "roles": ["r"]},
        "Bearer unkey_32characterslongfaketoken12345" => UNKNOWN;
    /// v2_keys_set_permissions/401_test.go, "disabled root key" (a token no root key has).
    set_permissions__disabled_root_key: "keys.setPermissions",
        {"keyId": "key_1234567890", "permissions": []},
        "Bearer invalid_disabled_key" => UNKNOWN;
    /// v2_keys_update_credits/401_test.go, "empty authorization header".
    update_credits__empty_authorization_header: "keys.updateCredits",
        {"keyId": "key_1234567890", "value": 5, "operation": "set"}, "" => MISSING;
    /// v2_keys_update_credits/401_test.go, "malformed authorization header - no Bearer prefix".
    update_credits__malformed_authorization_header_no_bearer_prefix: "keys.updateCredits",
        {"keyId": "key_1234567890", "value": 5, "operation": "set"},
        "invalid_token_without_bearer" => MALFORMED;
    /// v2_keys_update_credits/401_test.go, "malformed authorization header - Bearer only".
    update_credits__malformed_authorization_header_bearer_only: "keys.updateCredits",
        {"keyId": "key_1234567890", "value": 5, "operation": "set"}, "Bearer" => MALFORMED;
    /// v2_keys_update_credits/401_test.go, "nonexistent root key".
    update_credits__nonexistent_root_key: "keys.updateCredits",
        {"keyId": "key_1234567890", "value": 5, "operation": "set"},
        "Bearer key_2cGKbMxRyIzhCxo1Idjz8q" => UNKNOWN;
    /// v2_keys_whoami/401_test.go, "empty authorization header".
    whoami__empty_authorization_header: "keys.whoami", {"key": "sk_whatever"}, "" => MISSING;
    /// v2_keys_whoami/401_test.go, "malformed authorization header - no Bearer prefix".
    whoami__malformed_authorization_header_no_bearer_prefix: "keys.whoami",
        {"key": "sk_whatever"}, "invalid_token_without_bearer" => MALFORMED;
    /// v2_keys_whoami/401_test.go, "malformed authorization header - Bearer only".
    whoami__malformed_authorization_header_bearer_only: "keys.whoami", {"key": "sk_whatever"},
        "Bearer" => MALFORMED;
    /// v2_keys_whoami/401_test.go, "nonexistent root key".
    whoami__nonexistent_root_key: "keys.whoami", {"key": "sk_whatever"},
        "Bearer key_2cGKbMxRyIzhCxo1Idjz8q" => UNKNOWN;
    /// v2_analytics_get_verifications/401_test.go, Test401_InvalidRootKey.
    get_verifications__invalid_root_key: "analytics.getVerifications",
        {"query": "SELECT COUNT(*) FROM key_verifications_v1"}, "Bearer invalid_key_123" => UNKNOWN;
    /// v2_analytics_get_ratelimits/401_test.go, Test401_InvalidRootKey.
    get_ratelimits__invalid_root_key: "analytics.getRatelimits",
        {"query": "SELECT * FROM ratelimits_v1 WHERE namespace_id = 'rlns_missing'"},
        "Bearer invalid_key_123" => UNKNOWN;
    /// v2_apis_create_api/400_test.go, "missing authorization".
    create_api__missing_authorization: "apis.createApi", {"name": "test-api"},
        NO_HEADER => MISSING;
    /// v2_apis_create_api/401_test.go, "invalid auth token".
    create_api__invalid_auth_token: "apis.createApi", {"name": "test-api"},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_apis_list_keys/401_test.go, "invalid authorization token".
    list_keys__invalid_authorization_token: "apis.listKeys", {"apiId": "api_1234567890"},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_identities_create_identity/400_test.go, "missing authorization header".
    create_identity__missing_authorization_header: "identities.createIdentity", {"externalId": "test_user"},
        NO_HEADER => MISSING;
    /// v2_identities_create_identity/400_test.go, "malformed authorization header".
    create_identity__malformed_authorization_header: "identities.createIdentity", {"externalId": "test_user"},
        "malformed_header" => MALFORMED;
    /// v2_identities_create_identity/401_test.go, "invalid authorization token".
    create_identity__invalid_authorization_token: "identities.createIdentity", {"externalId": "test_user"},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_identities_delete_identity/401_test.go, "missing authorization header".
    delete_identity__missing_authorization_header: "identities.deleteIdentity", {"identity": "test_user"},
        NO_HEADER => MISSING;
    /// v2_identities_delete_identity/401_test.go, "malformed authorization header".
    delete_identity__malformed_authorization_header: "identities.deleteIdentity", {"identity": "test_user"},
        "malformed_header" => MALFORMED;
    /// v2_identities_get_identity/401_test.go, "invalid root key".
    get_identity__invalid_root_key: "identities.getIdentity", {"identity": "test_user"},
        "Bearer invalid_key" => UNKNOWN;
    /// v2_identities_update_identity/401_test.go, "missing Authorization header".
    update_identity__missing_authorization_header: "identities.updateIdentity", {"identity": "test_user", "meta": {"test": "value"}},
        NO_HEADER => MISSING;
    /// v2_identities_update_identity/401_test.go, "malformed Authorization header".
    update_identity__malformed_authorization_header: "identities.updateIdentity", {"identity": "test_user", "meta": {"test": "value"}},
        "InvalidFormat xyz" => MALFORMED;
    /// v2_identities_update_identity/401_test.go, "invalid root key".
    update_identity__invalid_root_key: "identities.updateIdentity", {"identity": "test_user", "meta": {"test": "value"}},
        "Bearer invalid_key" => UNKNOWN;
    /// v2_identities_update_identity/401_test.go, "empty bearer token".
    update_identity__empty_bearer_token: "identities.updateIdentity", {"identity": "test_user", "meta": {"test": "value"}},
        "Bearer " => MALFORMED;
    /// v2_keys_add_permissions/401_test.go, "missing authorization header".
    add_permissions__missing_authorization_header: "keys.addPermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        NO_HEADER => MISSING;
    /// v2_keys_add_permissions/401_test.go, "invalid bearer token".
    add_permissions__invalid_bearer_token: "keys.addPermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_keys_add_permissions/401_test.go, "malformed authorization header".
    add_permissions__malformed_authorization_header: "keys.addPermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "invalid_format" => MALFORMED;
    /// v2_keys_add_permissions/401_test.go, "empty bearer token".
    add_permissions__empty_bearer_token: "keys.addPermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "Bearer " => MALFORMED;
    /// v2_keys_add_roles/401_test.go, "missing authorization header".
    add_roles__missing_authorization_header: "keys.addRoles", {"keyId": "key_1234567890", "roles": ["r"]},
        NO_HEADER => MISSING;
    /// v2_keys_add_roles/401_test.go, "invalid authorization token".
    add_roles__invalid_authorization_token: "keys.addRoles", {"keyId": "key_1234567890", "roles": ["r"]},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_keys_add_roles/401_test.go, "malformed authorization header".
    add_roles__malformed_authorization_header: "keys.addRoles", {"keyId": "key_1234567890", "roles": ["r"]},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_keys_delete_key/401_test.go, "missing authorization header".
    delete_key__missing_authorization_header: "keys.deleteKey", {"keyId": "key_1234567890"},
        NO_HEADER => MISSING;
    /// v2_keys_get_key/401_test.go, "missing authorization header".
    get_key__missing_authorization_header: "keys.getKey", {"keyId": "key_1234567890", "decrypt": false},
        NO_HEADER => MISSING;
    /// v2_keys_migrate_keys/401_test.go, "invalid bearer token".
    migrate_keys__invalid_bearer_token: "keys.migrateKeys", {"apiId": "api_1234567890", "migrationId": "mig_1", "keys": [{"hash": "abc"}]},
        "Bearer invalid_key_12345" => UNKNOWN;
    /// v2_keys_migrate_keys/401_test.go, "nonexistent key".
    migrate_keys__nonexistent_key: "keys.migrateKeys", {"apiId": "api_1234567890", "migrationId": "mig_1", "keys": [{"hash": "abc"}]},
        "Bearer key_2cGKbMxRyIzhCxo1Idjz8q" => UNKNOWN;
    /// v2_keys_migrate_keys/401_test.go, "bearer with extra spaces".
    migrate_keys__bearer_with_extra_spaces: "keys.migrateKeys", {"apiId": "api_1234567890", "migrationId": "mig_1", "keys": [{"hash": "abc"}]},
        "Bearer   invalid_key_with_spaces   " => UNKNOWN;
    /// v2_keys_remove_permissions/401_test.go, "missing authorization header".
    remove_permissions__missing_authorization_header: "keys.removePermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        NO_HEADER => MISSING;
    /// v2_keys_remove_permissions/401_test.go, "invalid bearer token".
    remove_permissions__invalid_bearer_token: "keys.removePermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_keys_remove_permissions/401_test.go, "malformed authorization header".
    remove_permissions__malformed_authorization_header: "keys.removePermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "invalid_format" => MALFORMED;
    /// v2_keys_remove_permissions/401_test.go, "empty bearer token".
    remove_permissions__empty_bearer_token: "keys.removePermissions", {"keyId": "key_1234567890", "permissions": ["a.b"]},
        "Bearer " => MALFORMED;
    /// v2_keys_remove_roles/401_test.go, "missing authorization header".
    remove_roles__missing_authorization_header: "keys.removeRoles", {"keyId": "key_1234567890", "roles": ["r"]},
        NO_HEADER => MISSING;
    /// v2_keys_remove_roles/401_test.go, "invalid bearer token".
    remove_roles__invalid_bearer_token: "keys.removeRoles", {"keyId": "key_1234567890", "roles": ["r"]},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_keys_remove_roles/401_test.go, "malformed authorization header".
    remove_roles__malformed_authorization_header: "keys.removeRoles", {"keyId": "key_1234567890", "roles": ["r"]},
        "NotBearer invalid_format" => MALFORMED;
    /// v2_keys_remove_roles/401_test.go, "empty bearer token".
    remove_roles__empty_bearer_token: "keys.removeRoles", {"keyId": "key_1234567890", "roles": ["r"]},
        "Bearer " => MALFORMED;
    /// v2_keys_reroll_key/401_test.go, "invalid bearer token".
    reroll_key__invalid_bearer_token: "keys.rerollKey", {"keyId": "key_1234567890", "expiration": 0},
        "Bearer invalid_key_12345" => UNKNOWN;
    /// v2_keys_reroll_key/401_test.go, "nonexistent key": a token shaped like a key id that no
    /// root key has (404_test.go has a subtest of the same name, ported in port_keys.rs).
    reroll_key__nonexistent_key_in_401_test_go: "keys.rerollKey",
        {"keyId": "key_1234567890", "expiration": 0},
        "Bearer key_2cGKbMxRyIzhCxo1Idjz8q" => UNKNOWN;
    /// v2_keys_reroll_key/401_test.go, "bearer with extra spaces".
    reroll_key__bearer_with_extra_spaces: "keys.rerollKey", {"keyId": "key_1234567890", "expiration": 0},
        "Bearer   invalid_key_with_spaces   " => UNKNOWN;
    /// v2_keys_set_permissions/401_test.go, "missing authorization header".
    set_permissions__missing_authorization_header: "keys.setPermissions", {"keyId": "key_1234567890", "permissions": []},
        NO_HEADER => MISSING;
    /// v2_keys_set_permissions/401_test.go, "invalid bearer token".
    set_permissions__invalid_bearer_token: "keys.setPermissions", {"keyId": "key_1234567890", "permissions": []},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_keys_set_permissions/401_test.go, "malformed authorization header".
    set_permissions__malformed_authorization_header: "keys.setPermissions", {"keyId": "key_1234567890", "permissions": []},
        "invalid_format" => MALFORMED;
    /// v2_keys_set_permissions/401_test.go, "empty bearer token".
    set_permissions__empty_bearer_token: "keys.setPermissions", {"keyId": "key_1234567890", "permissions": []},
        "Bearer " => MALFORMED;
    /// v2_keys_set_roles/401_test.go, "missing authorization header".
    set_roles__missing_authorization_header: "keys.setRoles", {"keyId": "key_1234567890", "roles": []},
        NO_HEADER => MISSING;
    /// v2_keys_set_roles/401_test.go, "invalid authorization token".
    set_roles__invalid_authorization_token: "keys.setRoles", {"keyId": "key_1234567890", "roles": []},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_keys_set_roles/401_test.go, "malformed authorization header".
    set_roles__malformed_authorization_header: "keys.setRoles", {"keyId": "key_1234567890", "roles": []},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_keys_update_credits/401_test.go, "missing authorization header".
    update_credits__missing_authorization_header: "keys.updateCredits", {"keyId": "key_1234567890", "value": 5, "operation": "set"},
        NO_HEADER => MISSING;
    /// v2_keys_update_key/401_test.go, "invalid bearer token".
    update_key__invalid_bearer_token: "keys.updateKey", {"keyId": "key_1234567890", "name": "renamed"},
        "Bearer invalid_key_12345" => UNKNOWN;
    /// v2_keys_update_key/401_test.go, "nonexistent key".
    update_key__nonexistent_key: "keys.updateKey", {"keyId": "key_1234567890", "name": "renamed"},
        "Bearer key_2cGKbMxRyIzhCxo1Idjz8q" => UNKNOWN;
    /// v2_keys_update_key/401_test.go, "bearer with extra spaces".
    update_key__bearer_with_extra_spaces: "keys.updateKey", {"keyId": "key_1234567890", "name": "renamed"},
        "Bearer   invalid_key_with_spaces   " => UNKNOWN;
    /// v2_keys_whoami/401_test.go, "missing authorization header".
    whoami__missing_authorization_header: "keys.whoami", {"key": "sk_whatever"},
        NO_HEADER => MISSING;
    /// v2_permissions_create_permission/401_test.go, "missing authorization header".
    create_permission__missing_authorization_header: "permissions.createPermission", {"name": "auth.test.permission", "slug": "auth-test-permission"},
        NO_HEADER => MISSING;
    /// v2_permissions_create_role/401_test.go, "missing authorization header".
    create_role__missing_authorization_header: "permissions.createRole", {"name": "test.role"},
        NO_HEADER => MISSING;
    /// v2_permissions_create_role/401_test.go, "invalid authorization token".
    create_role__invalid_authorization_token: "permissions.createRole", {"name": "test.role"},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_permissions_create_role/401_test.go, "malformed authorization header".
    create_role__malformed_authorization_header: "permissions.createRole", {"name": "test.role"},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_permissions_delete_permission/401_test.go, "missing authorization header".
    delete_permission__missing_authorization_header: "permissions.deletePermission", {"permission": "perm_1234567890"},
        NO_HEADER => MISSING;
    /// v2_permissions_delete_permission/401_test.go, "invalid authorization token".
    delete_permission__invalid_authorization_token: "permissions.deletePermission", {"permission": "perm_1234567890"},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_permissions_delete_permission/401_test.go, "malformed authorization header".
    delete_permission__malformed_authorization_header: "permissions.deletePermission", {"permission": "perm_1234567890"},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_permissions_delete_role/401_test.go, "missing authorization header".
    delete_role__missing_authorization_header: "permissions.deleteRole", {"role": "role_1234567890"},
        NO_HEADER => MISSING;
    /// v2_permissions_delete_role/401_test.go, "invalid authorization token".
    delete_role__invalid_authorization_token: "permissions.deleteRole", {"role": "role_1234567890"},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_permissions_delete_role/401_test.go, "malformed authorization header".
    delete_role__malformed_authorization_header: "permissions.deleteRole", {"role": "role_1234567890"},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_permissions_get_permission/401_test.go, "missing authorization header".
    get_permission__missing_authorization_header: "permissions.getPermission", {"permission": "perm_1234567890"},
        NO_HEADER => MISSING;
    /// v2_permissions_get_permission/401_test.go, "invalid authorization token".
    get_permission__invalid_authorization_token: "permissions.getPermission", {"permission": "perm_1234567890"},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_permissions_get_permission/401_test.go, "malformed authorization header".
    get_permission__malformed_authorization_header: "permissions.getPermission", {"permission": "perm_1234567890"},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_permissions_get_role/401_test.go, "missing authorization header".
    get_role__missing_authorization_header: "permissions.getRole", {"role": "role_1234567890"},
        NO_HEADER => MISSING;
    /// v2_permissions_get_role/401_test.go, "invalid authorization token".
    get_role__invalid_authorization_token: "permissions.getRole", {"role": "role_1234567890"},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_permissions_get_role/401_test.go, "malformed authorization header".
    get_role__malformed_authorization_header: "permissions.getRole", {"role": "role_1234567890"},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_permissions_list_permissions/401_test.go, "missing authorization header".
    list_permissions__missing_authorization_header: "permissions.listPermissions", {},
        NO_HEADER => MISSING;
    /// v2_permissions_list_permissions/401_test.go, "invalid authorization token".
    list_permissions__invalid_authorization_token: "permissions.listPermissions", {},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_permissions_list_permissions/401_test.go, "malformed authorization header".
    list_permissions__malformed_authorization_header: "permissions.listPermissions", {},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_permissions_list_roles/401_test.go, "missing authorization header".
    list_roles__missing_authorization_header: "permissions.listRoles", {},
        NO_HEADER => MISSING;
    /// v2_permissions_list_roles/401_test.go, "invalid authorization token".
    list_roles__invalid_authorization_token: "permissions.listRoles", {},
        "Bearer invalid_token_that_does_not_exist" => UNKNOWN;
    /// v2_permissions_list_roles/401_test.go, "malformed authorization header".
    list_roles__malformed_authorization_header: "permissions.listRoles", {},
        "malformed_header_without_bearer_prefix" => MALFORMED;
    /// v2_ratelimit_delete_override/400_test.go, "missing authorization header".
    delete_override__missing_authorization_header: "ratelimit.deleteOverride", {"namespace": "test_ns", "identifier": "user_1"},
        NO_HEADER => MISSING;
    /// v2_ratelimit_delete_override/400_test.go, "malformed authorization header".
    delete_override__malformed_authorization_header: "ratelimit.deleteOverride", {"namespace": "test_ns", "identifier": "user_1"},
        "malformed_header" => MALFORMED;
    /// v2_ratelimit_delete_override/401_test.go, "invalid authorization token".
    delete_override__invalid_authorization_token: "ratelimit.deleteOverride", {"namespace": "test_ns", "identifier": "user_1"},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_ratelimit_get_override/400_test.go, "missing authorization header".
    get_override__missing_authorization_header: "ratelimit.getOverride", {"namespace": "test_ns", "identifier": "user_1"},
        NO_HEADER => MISSING;
    /// v2_ratelimit_get_override/400_test.go, "malformed authorization header".
    get_override__malformed_authorization_header: "ratelimit.getOverride", {"namespace": "test_ns", "identifier": "user_1"},
        "malformed_header" => MALFORMED;
    /// v2_ratelimit_get_override/401_test.go, "invalid authorization token".
    get_override__invalid_authorization_token: "ratelimit.getOverride", {"namespace": "test_ns", "identifier": "user_1"},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_ratelimit_limit/400_test.go, "missing authorization header".
    limit__missing_authorization_header: "ratelimit.limit", {"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000},
        NO_HEADER => MISSING;
    /// v2_ratelimit_limit/400_test.go, "malformed authorization header".
    limit__malformed_authorization_header: "ratelimit.limit", {"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000},
        "malformed_header" => MALFORMED;
    /// v2_ratelimit_limit/401_test.go, "invalid authorization token".
    limit__invalid_authorization_token: "ratelimit.limit", {"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_ratelimit_list_overrides/400_test.go, "malformed authorization header".
    list_overrides__malformed_authorization_header: "ratelimit.listOverrides", {"namespace": "test_ns"},
        "malformed_header" => MALFORMED;
    /// v2_ratelimit_list_overrides/400_test.go, "missing authorization header".
    list_overrides__missing_authorization_header: "ratelimit.listOverrides", {"namespace": "test_ns"},
        NO_HEADER => MISSING;
    /// v2_ratelimit_list_overrides/401_test.go, "invalid authorization token".
    list_overrides__invalid_authorization_token: "ratelimit.listOverrides", {"namespace": "test_ns"},
        "Bearer invalid_token" => UNKNOWN;
    /// v2_ratelimit_multi_limit/400_test.go, "missing authorization header".
    multi_limit__missing_authorization_header: "ratelimit.multiLimit", [{"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000}],
        NO_HEADER => MISSING;
    /// v2_ratelimit_multi_limit/400_test.go, "malformed authorization header".
    multi_limit__malformed_authorization_header: "ratelimit.multiLimit", [{"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000}],
        "malformed_header" => MALFORMED;
    /// v2_ratelimit_multi_limit/401_test.go, "invalid authorization token".
    multi_limit__invalid_authorization_token: "ratelimit.multiLimit", [{"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000}],
        "Bearer invalid_token" => UNKNOWN;
    /// v2_keys_create_key/401_test.go, "invalid bearer token".
    create_key__invalid_bearer_token: "keys.createKey", {"apiId": "api_1234567890"},
        "Bearer invalid_key_12345" => UNKNOWN;
    /// v2_keys_create_key/401_test.go, "nonexistent key" (a key-shaped id that is no root key).
    create_key__nonexistent_key: "keys.createKey", {"apiId": "api_1234567890"},
        "Bearer key_1234567890abcdef" => UNKNOWN;
    /// v2_keys_create_key/401_test.go, "bearer with extra spaces": the token is trimmed, and
    /// is still no root key.
    create_key__bearer_with_extra_spaces: "keys.createKey", {"apiId": "api_1234567890"},
        "Bearer   invalid_key_with_spaces   " => UNKNOWN;
    /// v2_ratelimit_set_override/400_test.go, "malformed authorization header".
    set_override__malformed_authorization_header: "ratelimit.setOverride", {"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000},
        "malformed_header" => MALFORMED;
    /// v2_ratelimit_set_override/401_test.go, "invalid authorization token".
    set_override__invalid_authorization_token: "ratelimit.setOverride", {"namespace": "test_ns", "identifier": "user_1", "limit": 10, "duration": 60000},
        "Bearer invalid_token" => UNKNOWN;
}

/// v2_analytics_get_verifications/401_test.go, Test401_NoAuthHeader: no Authorization header.
#[test]
fn get_verifications__no_auth_header() {
    let s = Server::start(&["--analytics"]);
    let r = s.post_as(
        "/v2/analytics.getVerifications",
        None,
        &json!({"query": "SELECT COUNT(*) FROM key_verifications_v1"}),
    );
    r.assert_error(MISSING.0, MISSING.1, MISSING.2);
}

/// The validator's 400 for a body whose content type the operation does not define
/// (libopenapi-validator v0.13.4, `requests/validate_body.go` and
/// `errors.RequestContentTypeNotFound`, which upstream's validation middleware answers with).
fn assert_unknown_content_type(r: &common::Resp, sent: &str) {
    r.assert_error(
        400,
        "unkey/application/invalid_input",
        &format!("POST operation request content type '{sent}' does not exist"),
    );
    let e = &r.json()["error"]["errors"];
    assert_eq!(e.as_array().unwrap().len(), 1);
    assert_eq!(e[0]["location"], "requestBody");
    assert_eq!(
        e[0]["message"],
        format!(
            "The content type '{sent}' of the POST request submitted has not been defined, it's an unknown type"
        )
    );
    assert_eq!(
        e[0]["fix"],
        "The content type is invalid, Use one of the 1 supported types for this operation: application/json"
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
}

/// Sends `{}` to identities.listIdentities with only these headers.
fn list_identities_with(s: &Server, headers: &[(&str, &str)]) -> common::Resp {
    s.request("POST", "/v2/identities.listIdentities", headers, b"{}")
}

/// v2_identities_list_identities/401_test.go, "missing Authorization header" (sent, as there,
/// without a Content-Type either): the security check answers first.
#[test]
fn list_identities__missing_Authorization_header() {
    let s = Server::start(&[]);
    list_identities_with(&s, &[]).assert_error(MISSING.0, MISSING.1, MISSING.2);
}

/// v2_identities_list_identities/401_test.go, "malformed Authorization header": without a
/// Content-Type the validator refuses the body before the handler reads the header (the
/// validator drops its own wrong-scheme error).
#[test]
fn list_identities__malformed_Authorization_header() {
    let s = Server::start(&[]);
    let r = list_identities_with(&s, &[("Authorization", "InvalidFormat xyz")]);
    assert_unknown_content_type(&r, "");
}

/// v2_identities_list_identities/401_test.go, "invalid root key": a 400 there, because the
/// request has no Content-Type; with one it is the 401.
#[test]
fn list_identities__invalid_root_key() {
    let s = Server::start(&[]);
    let r = list_identities_with(&s, &[("Authorization", "Bearer invalid_key")]);
    assert_unknown_content_type(&r, "");
    let r = list_identities_with(
        &s,
        &[
            ("Authorization", "Bearer invalid_key"),
            ("Content-Type", "application/json"),
        ],
    );
    r.assert_error(UNKNOWN.0, UNKNOWN.1, UNKNOWN.2);
}

/// The content type is compared without its parameters and case; any other media type (or
/// none) is refused before the body is decoded, on the portal routes too.
#[test]
fn content_type__only_application_json_is_a_body() {
    let s = Server::start(&[]);
    for ok in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
    ] {
        let r = s.request(
            "POST",
            "/v2/apis.createApi",
            &[
                ("Authorization", "Bearer unkey_test_root"),
                ("Content-Type", ok),
            ],
            br#"{"name": "typed-api"}"#,
        );
        assert_eq!(r.status, 200, "{ok}");
    }
    for bad in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/*",
    ] {
        let r = s.request(
            "POST",
            "/v2/apis.createApi",
            &[
                ("Authorization", "Bearer unkey_test_root"),
                ("Content-Type", bad),
            ],
            br#"{"name": "typed-api"}"#,
        );
        assert_unknown_content_type(&r, bad);
    }
    // Not even malformed JSON is looked at.
    let r = s.request(
        "POST",
        "/v2/apis.createApi",
        &[("Authorization", "Bearer unkey_test_root")],
        b"{not json",
    );
    assert_unknown_content_type(&r, "");
    let r = s.request(
        "POST",
        "/v2/portal.exchangeCode",
        &[("Content-Type", "text/plain")],
        br#"{"code": "pst_x"}"#,
    );
    assert_unknown_content_type(&r, "text/plain");
}
