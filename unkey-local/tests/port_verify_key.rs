//! keys.verifyKey, ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_keys_verify_key/*_test.go`). Each test names the Go file and subtest it
//! follows; the code and wording are ours. Rate-limit tests freeze the server clock so that no
//! window edge falls inside a test.
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

fn frozen() -> Server {
    let s = Server::start(&["--test-clock"]);
    let r = s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#);
    assert_eq!(r.status, 200);
    s
}

fn key(s: &Server, api: &str, extra: Value) -> (String, String) {
    let mut body = json!({"apiId": api});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    s.create_key(body)
}

/// The verification's `code`, after checking that `valid` agrees with it (the Go subtests
/// assert both).
fn code(v: &Value) -> &str {
    let code = v["code"].as_str().unwrap();
    assert_eq!(v["valid"], json!(code == "VALID"), "{v}");
    code
}

fn limit<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["ratelimits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no limit {name} in {v}"))
}

// ---- 200_test.go -------------------------------------------------------------------------

/// 200_test.go, "verifies key as valid".
#[test]
fn verify_key__verifies_key_as_valid() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let v = s.verify(json!({"key": k}));
    assert_eq!((code(&v), v["valid"].as_bool()), ("VALID", Some(true)));
}

/// 200_test.go, "verifies expired key as valid and then invalid".
#[test]
fn verify_key__verifies_expired_key_as_valid_and_then_invalid() {
    let s = frozen();
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"expires": now + 3_000}));
    assert_eq!(code(&s.verify(json!({"key": k}))), "VALID");
    s.advance(3_000);
    let v = s.verify(json!({"key": k}));
    assert_eq!((code(&v), v["valid"].as_bool()), ("EXPIRED", Some(false)));
}

/// 200_test.go, "disabled key".
#[test]
fn verify_key__disabled_key() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"enabled": false}));
    let v = s.verify(json!({"key": k}));
    assert_eq!((code(&v), v["valid"].as_bool()), ("DISABLED", Some(false)));
}

/// 200_test.go, "key with credits" / "allowed default credit cost".
#[test]
fn verify_key__allowed_default_credit_cost() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"credits": {"remaining": 5}}));
    let v = s.verify(json!({"key": k}));
    assert_eq!((code(&v), v["credits"].as_i64()), ("VALID", Some(4)));
}

/// 200_test.go, "key with credits" / "exceeding with default credit cost".
#[test]
fn verify_key__exceeding_with_default_credit_cost() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"credits": {"remaining": 0}}));
    let v = s.verify(json!({"key": k}));
    assert_eq!(
        (code(&v), v["credits"].as_i64()),
        ("USAGE_EXCEEDED", Some(0))
    );
    assert_eq!(v["valid"], false);
}

/// 200_test.go, "key with credits" / "allowed custom credit cost".
#[test]
fn verify_key__allowed_custom_credit_cost() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"credits": {"remaining": 5}}));
    let v = s.verify(json!({"key": k, "credits": {"cost": 5}}));
    assert_eq!((code(&v), v["credits"].as_i64()), ("VALID", Some(0)));
}

/// 200_test.go, "key with credits" / "exceeding with custom credit cost": nothing is spent.
#[test]
fn verify_key__exceeding_with_custom_credit_cost() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"credits": {"remaining": 5}}));
    let v = s.verify(json!({"key": k, "credits": {"cost": 15}}));
    assert_eq!(
        (code(&v), v["credits"].as_i64()),
        ("USAGE_EXCEEDED", Some(5))
    );
}

/// 200_test.go, "key with credits" / "allow credits 0 even when remaining 0".
#[test]
fn verify_key__allow_credits_0_even_when_remaining_0() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"credits": {"remaining": 0}}));
    let v = s.verify(json!({"key": k, "credits": {"cost": 0}}));
    assert_eq!((code(&v), v["credits"].as_i64()), ("VALID", Some(0)));
}

/// 200_test.go, "key with permissions" / "with role permission valid".
#[test]
fn verify_key__with_role_permission_valid() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok(
        "permissions.createRole",
        json!({"name": "test-role", "permissions": ["domain.write"]}),
    );
    let (_, k) = key(&s, &api, json!({"roles": ["test-role"]}));
    let v = s.verify(json!({"key": k, "permissions": "domain.write"}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["permissions"], json!(["domain.write"]));
}

/// 200_test.go, "key with permissions" / "with direct permission valid".
#[test]
fn verify_key__with_direct_permission_valid() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"permissions": ["domain.read"]}));
    let v = s.verify(json!({"key": k, "permissions": "domain.read"}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["permissions"].as_array().unwrap().len(), 1);
}

/// 200_test.go, "key with permissions" / "missing permissions".
#[test]
fn verify_key__missing_permissions() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let v = s.verify(json!({"key": k, "permissions": "domain.write"}));
    assert_eq!(
        (code(&v), v["valid"].as_bool()),
        ("INSUFFICIENT_PERMISSIONS", Some(false))
    );
}

fn query_case(perms: &[&str], query: &str) -> String {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({"permissions": perms}));
    code(&s.verify(json!({"key": k, "permissions": query}))).to_string()
}

/// 200_test.go, "key with permissions" / "with complex permissions query".
#[test]
fn verify_key__with_complex_permissions_query() {
    assert_eq!(
        query_case(&["api.read", "api.write"], "api.read AND api.write"),
        "VALID"
    );
}

/// 200_test.go, "key with permissions" / "with wildcard permission query": `api.*` is a
/// literal permission name.
#[test]
fn verify_key__with_wildcard_permission_query() {
    assert_eq!(
        query_case(&["api.*", "api.edit"], "api.* OR api.edit"),
        "VALID"
    );
    assert_eq!(
        query_case(&["api.edit"], "api.*"),
        "INSUFFICIENT_PERMISSIONS"
    );
}

/// 200_test.go, "key with permissions" / "with colon namespace permissions".
#[test]
fn verify_key__with_colon_namespace_permissions() {
    assert_eq!(
        query_case(
            &["system:admin:read", "system:admin:write", "user:basic:read"],
            "system:admin:read AND (system:admin:write OR user:basic:read)"
        ),
        "VALID"
    );
}

/// 200_test.go, "key with permissions" / "with mixed characters including colons and
/// asterisks".
#[test]
fn verify_key__with_mixed_characters_including_colons_and_asterisks() {
    assert_eq!(
        query_case(
            &["system:admin:*", "api_v2-test:read"],
            "system:admin:* AND api_v2-test:read"
        ),
        "VALID"
    );
}

/// 200_test.go, "key with permissions" / "with large permissions query (20+ permissions)".
#[test]
fn verify_key__with_large_permissions_query_20_permissions() {
    let perms = [
        "read.users",
        "write.users",
        "delete.users",
        "read.posts",
        "write.posts",
        "delete.posts",
        "read.comments",
        "write.comments",
        "delete.comments",
        "read.files",
        "write.files",
        "delete.files",
        "read.settings",
        "write.settings",
        "admin.users",
        "admin.posts",
        "admin.system",
        "moderate.comments",
        "backup.create",
        "backup.restore",
        "analytics.view",
        "analytics.export",
        "billing.view",
        "billing.manage",
        "audit.view",
    ];
    let query = "(read.users OR write.users) AND (read.posts OR write.posts OR delete.posts) AND \
        (read.comments AND write.comments) AND (read.files OR write.files) AND \
        (read.settings AND write.settings) AND (admin.users OR admin.posts) AND \
        admin.system AND moderate.comments AND (backup.create OR backup.restore) AND \
        (analytics.view AND analytics.export) AND (billing.view OR billing.manage) AND \
        audit.view AND delete.users AND delete.comments AND delete.files";
    assert_eq!(query_case(&perms, query), "VALID");
}

fn rl(name: &str, limit: i64, duration: i64, auto_apply: bool) -> Value {
    json!({"name": name, "limit": limit, "duration": duration, "autoApply": auto_apply})
}

/// 200_test.go, "key with auto applied ratelimit".
#[test]
fn verify_key__key_with_auto_applied_ratelimit() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("auto-apply", 1, 60_000, true)]}),
    );
    assert_eq!(code(&s.verify(json!({"key": k}))), "VALID");
    let v = s.verify(json!({"key": k}));
    assert_eq!(
        (code(&v), v["valid"].as_bool()),
        ("RATE_LIMITED", Some(false))
    );
}

/// 200_test.go, "key with specified ratelimit".
#[test]
fn verify_key__key_with_specified_ratelimit() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("requests", 1, 60_000, false)]}),
    );
    let req = json!({"key": k, "ratelimits": [{"name": "requests"}]});
    assert_eq!(code(&s.verify(req.clone())), "VALID");
    assert_eq!(code(&s.verify(req)), "RATE_LIMITED");
}

/// 200_test.go, "key with custom ratelimit".
#[test]
fn verify_key__key_with_custom_ratelimit() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let req = json!({"key": k, "ratelimits": [
        {"name": "requests", "cost": 15, "duration": 60_000, "limit": 20}]});
    assert_eq!(code(&s.verify(req.clone())), "VALID");
    assert_eq!(code(&s.verify(req)), "RATE_LIMITED");
}

/// 200_test.go, "key with identity ratelimit".
#[test]
fn verify_key__key_with_identity_ratelimit() {
    let s = frozen();
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "test-123", "ratelimits": [rl("tokens", 4, 1_800_000, false)]}),
    );
    let (_, k) = key(&s, &api, json!({"externalId": "test-123"}));
    let req = json!({"key": k, "ratelimits": [{"name": "tokens", "cost": 4}]});
    assert_eq!(code(&s.verify(req.clone())), "VALID");
    assert_eq!(code(&s.verify(req)), "RATE_LIMITED");
}

/// 200_test.go, "returns correct information".
#[test]
fn verify_key__returns_correct_information() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let ident = s.ok(
        "identities.createIdentity",
        json!({"externalId": "ext_info", "meta": {"key": "value"}}),
    )["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    s.ok(
        "permissions.createRole",
        json!({"name": "read-writer", "permissions": ["domain.delete", "domain.edit"]}),
    );
    let (_, k) = key(
        &s,
        &api,
        json!({"externalId": "ext_info", "name": "valid-info", "roles": ["read-writer"],
            "permissions": ["domain.create"]}),
    );
    let v = s.verify(json!({"key": k}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["roles"].as_array().unwrap().len(), 1);
    assert_eq!(v["permissions"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["identity"],
        json!({"id": ident, "externalId": "ext_info", "meta": {"key": "value"}})
    );
    assert_eq!(v["name"], "valid-info");
}

/// 200_test.go, "root key with wrong api permissions": a key of a second API, verified with
/// `verify_key` on the first: NOT_FOUND (never 403), without the key's id.
#[test]
fn verify_key__root_key_with_wrong_api_permissions() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    let api2 = s.create_api();
    let (_, k) = key(&s, &api2, json!({}));
    let rk = s.root_key(&[&format!("api.{api}.verify_key")]);
    let v = s
        .post_as("/v2/keys.verifyKey", Some(&rk), &json!({"key": k}))
        .data();
    assert_eq!(outcome(&v), (json!(false), json!("NOT_FOUND")));
    assert!(v.get("keyId").is_none(), "{v}");
}

/// 200_test.go, TestNoVerifyPermissionReturnsNotFound: a root key with `read_key` but no
/// `verify_key` gets NOT_FOUND, never 403.
#[test]
fn verify_key__no_verify_permission_returns_not_found() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key"]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let v = s
        .post_as("/v2/keys.verifyKey", Some("rk"), &json!({"key": k}))
        .data();
    assert_eq!(outcome(&v), (json!(false), json!("NOT_FOUND")));
    assert!(v.get("keyId").is_none(), "{v}");
}

/// 200_test.go, TestVerifyKeyWithURNPermission: a grant naming the key itself
/// (`unkey:v1:<ws>:keyspaces/<ks>/keys/<keyId>#verify_key`), made once the key exists.
#[test]
fn verify_key__with_urn_permission() {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    let (id, k) = key(&s, &api, json!({}));
    let ks = format!("ks_{}", api.strip_prefix("api_").unwrap());
    let root = s.root_key(&[&format!(
        "unkey:v1:ws_local:keyspaces/{ks}/keys/{id}#verify_key"
    )]);
    let r = s.post_as("/v2/keys.verifyKey", Some(&root), &json!({"key": k}));
    assert_eq!(code(&r.data()), "VALID");
    // The grant names that key only.
    let (_, other) = key(&s, &api, json!({}));
    let r = s.post_as("/v2/keys.verifyKey", Some(&root), &json!({"key": other}));
    assert_eq!(code(&r.data()), "NOT_FOUND");
}

// ---- 400_test.go -------------------------------------------------------------------------

/// 400_test.go, "missing required fields" / "missing key".
#[test]
fn verify_key__missing_key() {
    let s = Server::start(&[]);
    let r = s.call("keys.verifyKey", json!({}));
    assert_eq!(r.status, 400);
    let e = &r.json()["error"];
    assert_eq!(
        e["detail"],
        "POST request body for '/v2/keys.verifyKey' failed to validate schema"
    );
    assert_eq!(e["errors"][0]["location"], "/required");
}

/// verifyKey of a real key with the fields `extra`: the validator's 400.
fn verify_refused(extra: Value) {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let mut body = extra;
    body["key"] = json!(k);
    s.call("keys.verifyKey", body)
        .assert_schema_error("keys.verifyKey");
}

/// 400_test.go, "invalid validation" / "invalid cost value" (a ratelimit cost of -1).
#[test]
fn verify_key__invalid_cost_value() {
    verify_refused(json!({"ratelimits": [
        {"name": "test", "cost": -1, "limit": 10, "duration": 60000}]}));
}

/// 400_test.go, "invalid validation" / "invalid credits cost" (-1).
#[test]
fn verify_key__invalid_credits_cost() {
    verify_refused(json!({"credits": {"cost": -1}}));
}

/// verifyKey of a real key with these `tags`.
fn verify_tagged(tags: Value) -> common::Resp {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    s.call("keys.verifyKey", json!({"key": k, "tags": tags}))
}

/// Asserts a VALID answer to [`verify_tagged`]: tags have no pattern.
fn assert_tags_accepted(tags: Value) {
    let r = verify_tagged(tags);
    assert_eq!(outcome(&r.data()), passes());
}

/// 400_test.go, "tags accept any string values without pattern restriction" / "special
/// characters".
#[test]
fn verify_key__special_characters() {
    assert_tags_accepted(json!([
        "hello world!",
        "café",
        "key=value&foo=bar",
        "path/to/thing?query=1"
    ]));
}

/// 400_test.go, "tags accept any string values without pattern restriction" / "unicode and
/// emoji".
#[test]
fn verify_key__unicode_and_emoji() {
    assert_tags_accepted(json!(["日本語タグ", "émojis 🎉🚀", "Ünïcödé"]));
}

/// 400_test.go, "tags accept any string values without pattern restriction" / "spaces and
/// whitespace".
#[test]
fn verify_key__spaces_and_whitespace() {
    assert_tags_accepted(json!(["  leading", "trailing  ", "  both  ", "mid dle"]));
}

/// 400_test.go, "tags accept any string values without pattern restriction" / "max items
/// boundary" (20 tags).
#[test]
fn verify_key__max_items_boundary() {
    let twenty: Vec<String> = (0..20).map(|i| format!("tag-{i}")).collect();
    assert_tags_accepted(json!(twenty));
}

/// Asserts the validator's 400 for [`verify_tagged`], its one field error at `location`.
fn assert_tags_refused(tags: Value, location: &str) {
    let r = verify_tagged(tags);
    r.assert_schema_error("keys.verifyKey");
    assert_eq!(r.json()["error"]["errors"][0]["location"], location);
}

/// 400_test.go, "tags rejected when exceeding limits" / "too many tags" (21).
#[test]
fn verify_key__too_many_tags() {
    let many: Vec<String> = (0..21).map(|i| format!("tag-{i}")).collect();
    assert_tags_refused(json!(many), "/properties/tags/maxItems");
}

/// 400_test.go, "tags rejected when exceeding limits" / "empty tag string".
#[test]
fn verify_key__empty_tag_string() {
    assert_tags_refused(json!(["valid", ""]), "/properties/tags/items/minLength");
}

/// 400_test.go, "tags rejected when exceeding limits" / "tag exceeds max length": 513 NUL
/// characters (Go's `string(make([]byte, 513))`); 512 of them pass.
#[test]
fn verify_key__tag_exceeds_max_length() {
    assert_tags_refused(
        json!(["\0".repeat(513)]),
        "/properties/tags/items/maxLength",
    );
    assert_tags_accepted(json!(["\0".repeat(512)]));
}

/// verifyKey of a real key with the permissions query `query`: the parser's 400 with
/// `detail` (Go requires the detail to contain it).
fn assert_query_refused(query: &str, detail: &str) {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let r = s.call("keys.verifyKey", json!({"key": k, "permissions": query}));
    r.assert_error(
        400,
        "user/bad_request/permissions_query_syntax_error",
        detail,
    );
}

/// 400_test.go, "invalid permissions query syntax" / "missing operand".
#[test]
fn verify_key__missing_operand() {
    assert_query_refused(
        "permission_1 AND",
        "Unexpected end of query. Expected a permission identifier or opening parenthesis.",
    );
}

/// 400_test.go, "invalid permissions query syntax" / "unmatched parenthesis".
#[test]
fn verify_key__unmatched_parenthesis() {
    assert_query_refused(
        "(permission_1 AND permission_2",
        "Missing closing parenthesis ')' at position 30. Every opening parenthesis must have a matching closing parenthesis.",
    );
}

/// 400_test.go, "invalid permissions query syntax" / "empty parentheses".
#[test]
fn verify_key__empty_parentheses() {
    assert_query_refused(
        "permission_1 AND ()",
        "Empty parentheses found at position 18. Parentheses must contain at least one permission or expression.",
    );
}

/// 400_test.go, "invalid permissions query syntax" / "operator at start".
#[test]
fn verify_key__operator_at_start() {
    assert_query_refused(
        "AND permission_1",
        "Unexpected token 'AND' at position 0. Expected a permission identifier or opening parenthesis.",
    );
}

// ---- 403_test.go -------------------------------------------------------------------------

/// verifyKey of a key of one API (there is a second API) as a root key holding
/// `perm(apiId, otherApiId)` (upstream's TestForbidden_NoVerifyPermissions); asserts
/// `valid` and `code`.
fn verify_as_granted(perm: impl Fn(&str, &str) -> String, valid: bool, want: &str) {
    let s = Server::start(&["--dashboard"]);
    let api = s.create_api();
    let other = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let rk = s.root_key(&[&perm(&api, &other)]);
    let d = s
        .post_as("/v2/keys.verifyKey", Some(&rk), &json!({"key": k}))
        .data();
    assert_eq!(
        (d["valid"].clone(), d["code"].clone()),
        (json!(valid), json!(want))
    );
}

/// 403_test.go, "root key with verify permission for different api returns 200 NOT_FOUND (not
/// 403)": the key's existence is not revealed.
#[test]
fn verify_key__root_key_with_verify_permission_for_different_api_returns_200_NOT_FOUND_not_403() {
    verify_as_granted(
        |_, other| format!("api.{other}.verify_key"),
        false,
        "NOT_FOUND",
    );
}

/// 403_test.go, "root key with wildcard verify permission returns 200 VALID".
#[test]
fn verify_key__root_key_with_wildcard_verify_permission_returns_200_VALID() {
    verify_as_granted(|_, _| "api.*.verify_key".to_string(), true, "VALID");
}

/// 403_test.go, "root key with specific api verify permission returns 200 VALID".
#[test]
fn verify_key__root_key_with_specific_api_verify_permission_returns_200_VALID() {
    verify_as_granted(|api, _| format!("api.{api}.verify_key"), true, "VALID");
}

/// The same, with the keyspace's resource name instead of the API's tuple (handler.go accepts
/// either).
#[test]
fn verify_key__root_key_with_keyspace_resource_name_returns_200_VALID() {
    verify_as_granted(
        |_, _| "unkey:v1:ws_local:keyspaces/*/**#verify_key".to_string(),
        true,
        "VALID",
    );
}

// ---- 404_test.go -------------------------------------------------------------------------

/// 404_test.go, "key not found": 200 with NOT_FOUND.
#[test]
fn verify_key__key_not_found() {
    let s = Server::start(&[]);
    let v = s.verify(json!({"key": "test_2ZfXqcUuSuK6VuT3"}));
    assert_eq!(outcome(&v), (json!(false), json!("NOT_FOUND")));
}

/// 404_test.go, "soft deleted key": 200 with NOT_FOUND.
#[test]
fn verify_key__soft_deleted_key() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, k) = key(&s, &api, json!({}));
    s.ok("keys.deleteKey", json!({"keyId": id}));
    assert_eq!(
        outcome(&s.verify(json!({"key": k}))),
        (json!(false), json!("NOT_FOUND"))
    );
}

// ---- 412_test.go -------------------------------------------------------------------------

/// 412_test.go, "with identity - missing ratelimit".
#[test]
fn verify_key__with_identity_missing_ratelimit() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let ident = s.ok(
        "identities.createIdentity",
        json!({"externalId": "test-missing-ratelimit",
            "ratelimits": [rl("existing-ratelimit", 100, 60_000, false)]}),
    )["identityId"]
        .as_str()
        .unwrap()
        .to_string();
    let (id, k) = key(&s, &api, json!({"externalId": "test-missing-ratelimit"}));
    let r = s.call(
        "keys.verifyKey",
        json!({"key": k, "ratelimits": [{"name": "does-not-exist"}]}),
    );
    assert_eq!(r.status, 412);
    assert_eq!(
        r.json()["error"]["detail"],
        format!("ratelimit 'does-not-exist' was requested but does not exist for key '{id}' nor identity: '{ident}' external ID: 'test-missing-ratelimit'")
    );
}

/// 412_test.go, "without identity - missing ratelimit" (with what Go appends for the unused
/// format arguments).
#[test]
fn verify_key__without_identity_missing_ratelimit() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (id, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("existing-ratelimit", 100, 60_000, false)]}),
    );
    let r = s.call(
        "keys.verifyKey",
        json!({"key": k, "ratelimits": [{"name": "does-not-exist"}]}),
    );
    assert_eq!(r.status, 412);
    let d = r.json()["error"]["detail"].as_str().unwrap().to_string();
    assert!(d.starts_with(&format!("ratelimit 'does-not-exist' was requested but does not exist for key '{id}' and there is no identity connected.")), "{d}");
}

/// 412_test.go, "invalid ratelimit configuration": a name without limit and duration that is
/// not configured.
#[test]
fn verify_key__invalid_ratelimit_configuration() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let r = s.call(
        "keys.verifyKey",
        json!({"key": k, "ratelimits": [{"name": "missing_config", "cost": 4}]}),
    );
    assert_eq!(r.status, 412);
    assert!(r
        .error_type()
        .ends_with("unkey/application/precondition_failed"));
}

// ---- ratelimit_response_test.go ----------------------------------------------------------

/// ratelimit_response_test.go, "rate limit response fields validation".
#[test]
fn verify_key__rate_limit_response_fields_validation() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("test-limit", 5, 60_000, true)]}),
    );
    let v = s.verify(json!({"key": k}));
    assert_eq!((code(&v), &v["valid"]), ("VALID", &json!(true)), "{v}");
    assert_eq!(v["ratelimits"].as_array().map(Vec::len), Some(1), "{v}");
    let r = limit(&v, "test-limit");
    assert_eq!(r["limit"], 5);
    assert_eq!(r["duration"], 60_000);
    assert_eq!(r["autoApply"], true);
    assert_eq!(r["exceeded"], false);
    assert_eq!(r["remaining"], 4);
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    assert!(r["reset"].as_i64().unwrap() > now);
}

/// ratelimit_response_test.go, "rate limit exceeded fields".
#[test]
fn verify_key__rate_limit_exceeded_fields() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("strict-limit", 1, 60_000, true)]}),
    );
    assert_eq!(code(&s.verify(json!({"key": k}))), "VALID");
    let v = s.verify(json!({"key": k}));
    assert_eq!(code(&v), "RATE_LIMITED");
    let r = limit(&v, "strict-limit");
    assert_eq!(
        (r["exceeded"].as_bool(), r["remaining"].as_i64()),
        (Some(true), Some(0))
    );
}

/// ratelimit_response_test.go, "custom rate limit with cost".
#[test]
fn verify_key__custom_rate_limit_with_cost() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    let v = s.verify(json!({"key": k, "ratelimits": [
        {"name": "custom", "cost": 3, "duration": 60_000, "limit": 10}]}));
    assert_eq!(code(&v), "VALID", "{v}");
    assert_eq!(v["ratelimits"].as_array().map(Vec::len), Some(1), "{v}");
    let r = limit(&v, "custom");
    assert_eq!(
        (r["limit"].as_i64(), r["remaining"].as_i64()),
        (Some(10), Some(7))
    );
    assert_eq!(r["autoApply"], false);
}

/// ratelimit_response_test.go, "multiple rate limits with accurate remaining counters": a
/// denied request spends nothing on the limit that passed.
#[test]
fn verify_key__multiple_rate_limits_with_accurate_remaining_counters() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("fast-limit", 3, 60_000, true), rl("slow-limit", 10, 3_600_000, true)]}),
    );
    for (fast, slow) in [(2, 9), (1, 8), (0, 7)] {
        let v = s.verify(json!({"key": k}));
        assert_eq!(code(&v), "VALID");
        assert_eq!(limit(&v, "fast-limit")["remaining"], fast);
        assert_eq!(limit(&v, "slow-limit")["remaining"], slow);
    }
    let v = s.verify(json!({"key": k}));
    assert_eq!(code(&v), "RATE_LIMITED");
    let (f, sl) = (limit(&v, "fast-limit"), limit(&v, "slow-limit"));
    assert_eq!(
        (f["remaining"].as_i64(), f["exceeded"].as_bool()),
        (Some(0), Some(true))
    );
    assert_eq!(
        (sl["remaining"].as_i64(), sl["exceeded"].as_bool()),
        (Some(7), Some(false))
    );
}

/// ratelimit_response_test.go, "identity rate limits with same config but different names are
/// isolated".
#[test]
fn verify_key__identity_rate_limits_with_same_config_but_different_names_are_isolated() {
    let s = frozen();
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "iso", "ratelimits": [
            rl("api_requests", 5, 60_000, false), rl("data_access", 5, 60_000, false)]}),
    );
    let (_, k) = key(&s, &api, json!({"externalId": "iso"}));
    for i in 0..5 {
        let v = s.verify(json!({"key": k, "ratelimits": [{"name": "api_requests"}]}));
        assert_eq!(code(&v), "VALID", "request {}", i + 1);
    }
    let v = s.verify(json!({"key": k, "ratelimits": [{"name": "data_access"}]}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(limit(&v, "data_access")["remaining"], 4);
    let v = s.verify(json!({"key": k, "ratelimits": [{"name": "api_requests"}]}));
    assert_eq!(code(&v), "RATE_LIMITED");
}

// ---- multilimit_test.go ------------------------------------------------------------------

/// multilimit_test.go, "without identities" / "returns valid with multiple limits": costs 4
/// and 1 against 10 per 10 s and 1 per minute.
#[test]
fn verify_key__returns_valid_with_multiple_limits() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("10/10s", 10, 10_000, false), rl("1/1min", 1, 60_000, false)]}),
    );
    let v = s.verify(json!({"key": k, "ratelimits": [
        {"name": "10/10s", "cost": 4}, {"name": "1/1min", "cost": 1}]}));
    assert_eq!(outcome(&v), passes());
}

/// multilimit_test.go, "without identities" / "returns RATE_LIMITED when one limit
/// exceeded": a cost of 2 against 1 per minute.
#[test]
fn verify_key__returns_RATE_LIMITED_when_one_limit_exceeded() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("10/10s-test", 10, 10_000, false),
                              rl("1/1min-test", 1, 60_000, false)]}),
    );
    let v = s.verify(json!({"key": k, "ratelimits": [
        {"name": "10/10s-test", "cost": 4}, {"name": "1/1min-test", "cost": 2}]}));
    assert_eq!(outcome(&v), limited());
}

/// (valid, code) of a verifyKey answer.
fn outcome(v: &Value) -> (Value, Value) {
    (v["valid"].clone(), v["code"].clone())
}

fn passes() -> (Value, Value) {
    (json!(true), json!("VALID"))
}

fn limited() -> (Value, Value) {
    (json!(false), json!("RATE_LIMITED"))
}

/// multilimit_test.go's "with identity" setup: an identity `ext` with the limits `ident` and a
/// key of it with its own limits `own`, on a frozen clock; returns the server and the key.
fn key_of_identity(ext: &str, ident: Value, own: Value) -> (Server, String) {
    let s = frozen();
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": ext, "ratelimits": ident}),
    );
    let (_, k) = key(&s, &api, json!({"externalId": ext, "ratelimits": own}));
    (s, k)
}

/// A verifyKey body asking for the limits `names` (no cost given).
fn asking(k: &str, names: &[&str]) -> Value {
    let limits: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
    json!({"key": k, "ratelimits": limits})
}

/// multilimit_test.go, "with identity - key precedence over identity" / "key limits take
/// precedence and pass": the key's `limit1` (4 per 10 s) replaces the identity's (1 per
/// 10 min).
#[test]
fn verify_key__key_limits_take_precedence_and_pass() {
    let (s, k) = key_of_identity(
        "test-precedence-pass",
        json!([
            rl("limit1", 1, 600_000, false),
            rl("limit2", 10, 600_000, false)
        ]),
        json!([rl("limit1", 4, 10_000, false)]),
    );
    for _ in 0..4 {
        assert_eq!(
            outcome(&s.verify(asking(&k, &["limit1", "limit2"]))),
            passes()
        );
    }
}

/// multilimit_test.go, "with identity - key precedence over identity" / "key limits take
/// precedence and reject": the key's 1 per 10 s rejects the second request.
#[test]
fn verify_key__key_limits_take_precedence_and_reject() {
    let (s, k) = key_of_identity(
        "test-precedence-reject",
        json!([
            rl("limit1-reject", 10, 600_000, false),
            rl("limit2-reject", 10, 600_000, false)
        ]),
        json!([rl("limit1-reject", 1, 10_000, false)]),
    );
    let req = asking(&k, &["limit1-reject", "limit2-reject"]);
    assert_eq!(outcome(&s.verify(req.clone())), passes());
    assert_eq!(outcome(&s.verify(req)), limited());
}

/// multilimit_test.go, "with identity - key precedence over identity" / "fallback identity
/// limits still reject": the identity's `limit2-fallback` (2 per 10 min), which the key does
/// not replace, rejects the third request.
#[test]
fn verify_key__fallback_identity_limits_still_reject() {
    let (s, k) = key_of_identity(
        "test-fallback",
        json!([
            rl("limit1-fallback", 10, 600_000, false),
            rl("limit2-fallback", 2, 600_000, false)
        ]),
        json!([rl("limit1-fallback", 4, 10_000, false)]),
    );
    let req = asking(&k, &["limit1-fallback", "limit2-fallback"]);
    for _ in 0..2 {
        assert_eq!(outcome(&s.verify(req.clone())), passes());
    }
    assert_eq!(outcome(&s.verify(req)), limited());
}

/// multilimit_test.go, "with identity - shared rate limits across keys" / "rate limit is shared
/// across multiple keys".
#[test]
fn verify_key__rate_limit_is_shared_across_multiple_keys() {
    let s = frozen();
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "shared", "ratelimits": [rl("100per10m", 5, 600_000, false)]}),
    );
    let (_, k1) = key(&s, &api, json!({"externalId": "shared"}));
    let (_, k2) = key(&s, &api, json!({"externalId": "shared"}));
    let req = |k: &str| json!({"key": k, "ratelimits": [{"name": "100per10m"}]});
    for _ in 0..3 {
        assert_eq!(code(&s.verify(req(&k1))), "VALID");
    }
    for _ in 0..2 {
        assert_eq!(code(&s.verify(req(&k2))), "VALID");
    }
    assert_eq!(code(&s.verify(req(&k1))), "RATE_LIMITED");
}

/// multilimit_test.go, "without specifying ratelimits in request" / "should use auto-applied
/// default limit": a request naming no limit gets the key's auto-applied 1 per 20 s.
#[test]
fn verify_key__should_use_auto_applied_default_limit() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [rl("default-auto", 1, 20_000, true)]}),
    );
    assert_eq!(outcome(&s.verify(json!({"key": k}))), passes());
    assert_eq!(outcome(&s.verify(json!({"key": k}))), limited());
}

/// An identity's auto-applied limit applies to its keys' requests that name no limit too
/// (handler.go gathers the key's and the identity's auto-applied limits).
#[test]
fn verify_key__identity_auto_applied_limit_without_a_request() {
    let (s, k) = key_of_identity(
        "auto-ident",
        json!([rl("ident-auto", 1, 20_000, true)]),
        json!([]),
    );
    let v = s.verify(json!({"key": k}));
    assert_eq!(outcome(&v), passes());
    assert_eq!(limit(&v, "ident-auto")["remaining"], 0);
    assert_eq!(outcome(&s.verify(json!({"key": k}))), limited());
}

/// multilimit_test.go, "falls back to identity limits" / "should reject after identity limit
/// hit": the key has no limits; its identity's `tokens-identity` (10 per 10 s) takes costs 4
/// and 6, then rejects 1 more.
#[test]
fn verify_key__should_reject_after_identity_limit_hit() {
    let (s, k) = key_of_identity(
        "test-identity-fallback",
        json!([
            rl("tokens-identity", 10, 10_000, false),
            rl("10_per_10m-identity", 10, 600_000, false)
        ]),
        json!([]),
    );
    let req = |cost: i64| {
        json!({"key": k, "ratelimits": [
            {"name": "tokens-identity", "cost": cost}, {"name": "10_per_10m-identity"}]})
    };
    assert_eq!(outcome(&s.verify(req(4))), passes());
    assert_eq!(outcome(&s.verify(req(6))), passes());
    assert_eq!(outcome(&s.verify(req(1))), limited());
}

/// The limiter refuses a window under 1 s (upstream's assertion), and the verification then goes
/// on without limits: no `ratelimits` in the answer.
#[test]
fn verify_key__an_invalid_adhoc_limit_skips_rate_limiting() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(&s, &api, json!({}));
    for _ in 0..3 {
        let v = s.verify(json!({"key": k, "ratelimits": [
            {"name": "tiny", "limit": 1, "duration": 500}]}));
        assert_eq!(code(&v), "VALID");
        assert!(v.get("ratelimits").is_none());
    }
}

// ---- migration_test.go -------------------------------------------------------------------

/// Imports a seam-style key (`re_<short>_<long>`, stored as the hex SHA-256 of the long
/// token, as github.com/seamapi/prefixed-api-key hashes it) into `api` under `migration`
/// with keys.migrateKeys; returns (token, keyId).
fn migrate_seam_key(
    s: &Server,
    migration: &str,
    api: &str,
    short: &str,
    long: &str,
) -> (String, String) {
    use sha2::Digest;
    let legacy: String = sha2::Sha256::digest(long.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": migration, "apiId": api, "keys": [{"hash": legacy}]}),
    );
    // Null when nothing failed (see migrate_keys__basic_migration in port_keys.rs).
    assert_eq!(d["failed"], Value::Null);
    let id = d["migrated"][0]["keyId"].as_str().unwrap().to_string();
    (format!("re_{short}_{long}"), id)
}

/// migration_test.go, "verifies key with migration ID": a key imported from a seam-style
/// system (`prefix_short_long`, stored as hex SHA-256 of the long token) verifies with the
/// `migrationId`, is rehashed then, and verifies without it afterwards.
#[test]
fn verify_key__verifies_key_with_migration_id() {
    let s = Server::start(&[
        "--migration-id",
        "mig_seam=github.com/seamapi/prefixed-api-key",
    ]);
    let api = s.create_api();
    let (token, id) = migrate_seam_key(&s, "mig_seam", &api, "abc12345", "LongTokenPart0123456789");
    // Without the migration id the key is unknown; with it, valid.
    assert_eq!(code(&s.verify(json!({"key": token}))), "NOT_FOUND");
    let v = s.verify(json!({"key": token, "migrationId": "mig_seam"}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["keyId"], id);
    // Rehashed: it now verifies on its own, and `start` is the token's first 7 characters.
    assert_eq!(code(&s.verify(json!({"key": token}))), "VALID");
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": id}))["start"],
        token[..7]
    );
    // A key that does not split into three segments is a 400.
    let r = s.call(
        "keys.verifyKey",
        json!({"key": "nounderscore", "migrationId": "mig_seam"}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error"]["detail"], "Invalid key format");
    // An unknown migration id is simply NOT_FOUND.
    let v = s.verify(json!({"key": "x_y_z", "migrationId": "mig_unknown"}));
    assert_eq!(code(&v), "NOT_FOUND");
}

/// resend_demo_test.go, TestResendDemo, "verifies key with migration ID": a key from
/// prefixed-api-key with prefix `re` (8-character short and 24-character long token, base58),
/// migrated by its long token's hash, verifies with the migration id, then (rehashed) without
/// it, for a root key holding only `api.*.verify_key`.
#[test]
fn verify_key__resend_demo_verifies_key_with_migration_id() {
    let s = Server::start(&[
        "--migration-id",
        "mig_resend=github.com/seamapi/prefixed-api-key",
        "--root-key",
        "rk=api.*.verify_key",
    ]);
    let api = s.create_api();
    let (token, id) = migrate_seam_key(
        &s,
        "mig_resend",
        &api,
        "2aGwhSYz",
        "GEbTboUygK1ixefLDTUM5wf7",
    );
    let verify = |body: Value| {
        let r = s.post_as("/v2/keys.verifyKey", Some("rk"), &body);
        let d = r.data();
        assert_eq!(
            (d["valid"].clone(), d["code"].clone(), d["keyId"].clone()),
            (json!(true), json!("VALID"), json!(id))
        );
    };
    verify(json!({"key": token, "migrationId": "mig_resend"}));
    verify(json!({"key": token}));
}

/// handler.go builds `identity.ratelimits` from the limits it applies: an identity limit that a
/// key limit of the same name replaces is not listed.
#[test]
fn verify_key__identity_ratelimits_exclude_those_the_key_overrides() {
    let s = frozen();
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "shadow", "ratelimits": [
            rl("shared", 10, 60_000, false), rl("only_identity", 10, 60_000, false)]}),
    );
    let (_, k) = key(
        &s,
        &api,
        json!({"externalId": "shadow", "ratelimits": [rl("shared", 5, 60_000, false)]}),
    );
    let v = s.verify(json!({"key": k}));
    let names: Vec<&str> = v["identity"]["ratelimits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["only_identity"]);
}

/// multiple_ratelimits_overcommit_test.go, "monthly counter should be incremented when minute
/// limit is hit": the request the minute limit refuses is not counted against the month.
#[test]
fn verify_key__monthly_counter_should_be_incremented_when_minute_limit_is_hit() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [
            {"name": "requests-per-month", "limit": 200, "duration": 2_592_000_000i64, "autoApply": true},
            {"name": "requests-per-minute", "limit": 12, "duration": 60000, "autoApply": true}
        ]}),
    );
    for i in 0..12 {
        let v = s.verify(json!({"key": k}));
        assert_eq!(code(&v), "VALID", "request {}", i + 1);
    }
    let v = s.verify(json!({"key": k}));
    assert_eq!(
        (code(&v), v["valid"].as_bool()),
        ("RATE_LIMITED", Some(false))
    );
    assert_eq!(limit(&v, "requests-per-minute")["exceeded"], true);
    assert_eq!(limit(&v, "requests-per-month")["exceeded"], false);
    assert_eq!(limit(&v, "requests-per-month")["remaining"], 188);
}

/// multiple_ratelimits_overcommit_test.go, "sequential ratelimit checks should not leak
/// counters": refused requests never use up the monthly limit, so exactly 50 pass.
#[test]
fn verify_key__sequential_ratelimit_checks_should_not_leak_counters() {
    let s = frozen();
    let api = s.create_api();
    let (_, k) = key(
        &s,
        &api,
        json!({"ratelimits": [
            {"name": "test-minute", "limit": 5, "duration": 60000, "autoApply": true},
            {"name": "test-monthly", "limit": 50, "duration": 2_592_000_000i64, "autoApply": true}
        ]}),
    );
    let (mut valid, mut limited) = (0, 0);
    'cycles: for _ in 0..20 {
        for _ in 0..6 {
            if s.verify(json!({"key": k}))["valid"] == true {
                valid += 1;
                if valid >= 50 {
                    break 'cycles;
                }
            } else {
                limited += 1;
                break;
            }
        }
        s.advance(120_000);
    }
    assert_eq!(valid, 50);
    assert!(limited > 0);
    s.advance(120_000);
    let v = s.verify(json!({"key": k}));
    assert_eq!(code(&v), "RATE_LIMITED");
    assert_eq!(limit(&v, "test-monthly")["exceeded"], true);
}

/// verifyKey lists the key's permissions as the verification query does: the direct ones, then
/// each role's, duplicates kept (`UNION ALL` in
/// internal/services/keys/db/queries/key_find_for_verification.sql); getKey lists each once.
#[test]
fn verify_key__permissions_keep_duplicates() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok(
        "permissions.createRole",
        json!({"name": "dup_r1", "permissions": ["dup"]}),
    );
    s.ok(
        "permissions.createRole",
        json!({"name": "dup_r2", "permissions": ["dup", "a"]}),
    );
    let (id, k) = key(
        &s,
        &api,
        json!({"permissions": ["dup", "z"], "roles": ["dup_r1", "dup_r2"]}),
    );
    let v = s.verify(json!({"key": k, "permissions": "dup AND a"}));
    assert_eq!(code(&v), "VALID");
    assert_eq!(v["permissions"], json!(["dup", "z", "dup", "a", "dup"]));
    let g = s.ok("keys.getKey", json!({"keyId": id}));
    assert_eq!(g["permissions"], json!(["a", "dup", "z"]));
}
