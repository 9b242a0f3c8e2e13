//! apis.*, ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_apis_*/*_test.go`). Each test names the Go file and subtest; the code and
//! wording are ours.
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

fn detail(r: &common::Resp) -> String {
    r.json()["error"]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

const GONE: &str = "The requested API does not exist or has been deleted.";

/// v2_apis_create_api/200_test.go: "create basic api", "create api with long name", "create api
/// with UUID name"; v2_apis_get_api/200_test.go: "get api with special characters in name",
/// "get api with unicode characters in name".
#[test]
fn create_api__and_get_it_back() {
    let s = Server::start(&[]);
    for name in [
        "basic-api".to_string(),
        "n".repeat(255),
        "550e8400-e29b-41d4-a716-446655440000".to_string(),
        "special !@#$%^&*() name".to_string(),
        "ünïcødé 名前".to_string(),
    ] {
        let id = s.ok("apis.createApi", json!({"name": name}))["apiId"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(id.starts_with("api_"));
        assert_eq!(
            s.ok("apis.getApi", json!({"apiId": id})),
            json!({"id": id, "name": name})
        );
    }
}

/// v2_apis_create_api/400_test.go, "verify error response structure": a name that is too short.
#[test]
fn create_api__verify_error_response_structure() {
    let s = Server::start(&[]);
    let r = s.call("apis.createApi", json!({"name": "ab"}));
    assert_eq!(r.status, 400);
    let e = &r.json()["error"];
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/application/invalid_input"
    );
    assert_eq!(e["title"], "Bad Request");
    assert_eq!(
        e["detail"],
        "POST request body for '/v2/apis.createApi' failed to validate schema"
    );
    assert_eq!(e["errors"][0]["location"], "/properties/name/minLength");
}

/// v2_apis_create_api/403_test.go: only `api.*.create_api` creates APIs.
#[test]
fn create_api__insufficient_permissions() {
    let s = Server::start(&["--root-key", "rk=api.*.read_api"]);
    let r = s.post_as(
        "/v2/apis.createApi",
        Some("rk"),
        &json!({"name": "nope-api"}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(detail(&r), "Missing permission: 'api.*.create_api'");
}

/// v2_apis_get_api/404_test.go: "non-existent api id", "deleted api", "empty api id" (a 400).
#[test]
fn get_api__not_found() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok("apis.deleteApi", json!({"apiId": api}));
    for id in ["api_1234567890abcd", api.as_str()] {
        let r = s.call("apis.getApi", json!({"apiId": id}));
        assert_eq!(r.status, 404);
        assert_eq!(
            r.error_type(),
            "https://unkey.com/docs/errors/unkey/data/api_not_found"
        );
        assert_eq!(detail(&r), GONE);
    }
    let r = s.call("apis.getApi", json!({"apiId": ""}));
    assert_eq!(r.status, 400);
    assert_eq!(
        detail(&r),
        "POST request body for '/v2/apis.getApi' failed to validate schema"
    );
}

/// v2_apis_get_api/403_test.go, "authorization scopes": a denial lists both tuples.
#[test]
fn get_api__authorization_scopes() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key"]);
    let api = s.create_api();
    let r = s.post_as("/v2/apis.getApi", Some("rk"), &json!({"apiId": api}));
    assert_eq!(r.status, 403);
    assert_eq!(
        detail(&r),
        format!("Missing one of these permissions: api.*.read_api or api.{api}.read_api")
    );
}

/// v2_apis_delete_api/404_test.go: "non-existent API", "already deleted API";
/// idempotent_test.go: repeated deletes answer the same 404.
#[test]
fn delete_api__not_found_and_idempotent() {
    let s = Server::start(&[]);
    let api = s.create_api();
    assert_eq!(s.ok("apis.deleteApi", json!({"apiId": api})), json!({}));
    for _ in 0..2 {
        let r = s.call("apis.deleteApi", json!({"apiId": api}));
        assert_eq!(r.status, 404);
        assert_eq!(detail(&r), GONE);
    }
    let r = s.call("apis.deleteApi", json!({"apiId": "api_1234567890abcd"}));
    assert_eq!(detail(&r), GONE);
}

/// v2_apis_delete_api/400_test.go: "missing apiId", "invalid apiId format".
#[test]
fn delete_api__bad_requests() {
    let s = Server::start(&[]);
    for body in [json!({}), json!({"apiId": "x"})] {
        let r = s.call("apis.deleteApi", body);
        assert_eq!(r.status, 400);
        assert_eq!(
            detail(&r),
            "POST request body for '/v2/apis.deleteApi' failed to validate schema"
        );
    }
}

/// v2_apis_list_keys/200_test.go: "list all keys with default pagination", "list keys with limit
/// parameter", "list keys with pagination cursor", "filter by external ID", "filter by
/// non-existent external ID returns empty", "verify key metadata is included", "verify
/// identity information is included", "verify correct ordering of results", "empty API returns
/// empty result", "verify no sensitive data is exposed", "verify ratelimits are returned
/// correctly".
#[test]
fn list_keys__listing() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let empty = s.create_api();
    let mut ids = Vec::new();
    let mut secrets = Vec::new();
    for i in 0..5 {
        let ext = if i < 2 {
            json!("ext_owner")
        } else {
            json!(null)
        };
        let mut body = json!({"apiId": api, "meta": {"i": i},
            "ratelimits": [{"name": "rl_list", "limit": 5, "duration": 60000, "autoApply": true}]});
        if !ext.is_null() {
            body["externalId"] = ext;
        }
        let (id, secret) = s.create_key(body);
        ids.push(id);
        secrets.push(secret);
    }
    let all = s.call("apis.listKeys", json!({"apiId": api})).json();
    let listed: Vec<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyId"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(all["pagination"], json!({"hasMore": false}));
    assert_eq!(all["data"][3]["meta"], json!({"i": 3}));
    assert_eq!(all["data"][0]["identity"]["externalId"], "ext_owner");
    assert_eq!(all["data"][0]["ratelimits"][0]["limit"], 5);
    let text = all.to_string();
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()));
    }
    let page = s
        .call("apis.listKeys", json!({"apiId": api, "limit": 2}))
        .json();
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["pagination"]["hasMore"], true);
    let rest = s
        .call(
            "apis.listKeys",
            json!({"apiId": api, "cursor": page["pagination"]["cursor"]}),
        )
        .json();
    assert_eq!(rest["data"].as_array().unwrap().len(), 3);
    let owned = s.ok(
        "apis.listKeys",
        json!({"apiId": api, "externalId": "ext_owner"}),
    );
    assert_eq!(owned.as_array().unwrap().len(), 2);
    let none = s.ok(
        "apis.listKeys",
        json!({"apiId": api, "externalId": "ext_nobody"}),
    );
    assert_eq!(none, json!([]));
    assert_eq!(s.ok("apis.listKeys", json!({"apiId": empty})), json!([]));
}

/// v2_apis_list_keys/400_test.go: "missing apiId", "negative limit", "zero limit", "extremely
/// large limit", "multiple validation errors".
#[test]
fn list_keys__bad_requests() {
    let s = Server::start(&[]);
    for body in [
        json!({}),
        json!({"apiId": "api_1234567890", "limit": -1}),
        json!({"apiId": "api_1234567890", "limit": 0}),
        json!({"apiId": "api_1234567890", "limit": 999_999}),
        json!({"limit": -5}),
    ] {
        let r = s.call("apis.listKeys", body.clone());
        assert_eq!(r.status, 400, "{body}");
        assert!(detail(&r).contains("validate"));
    }
}

/// v2_apis_list_keys/404_test.go: "non-existent API", "deleted API", "invalid API ID format",
/// "very long API ID", "API ID with special characters".
#[test]
fn list_keys__not_found() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok("apis.deleteApi", json!({"apiId": api}));
    for id in [
        "api_does_not_exist_123".to_string(),
        api,
        "invalid_format".to_string(),
        format!("api_{}", "x".repeat(500)),
        "api_special!@#$%^&*()".to_string(),
    ] {
        let r = s.call("apis.listKeys", json!({"apiId": id}));
        assert_eq!(r.status, 404, "{id}");
        assert_eq!(detail(&r), GONE);
    }
}

/// v2_apis_list_keys/403_test.go: "missing read_key permission", "missing read_api
/// permission", "no permissions" (all masked as the API's 404), "wildcard permissions should
/// work", "missing decrypt permission" (a 403 once the API may be read).
#[test]
fn list_keys__permissions() {
    let s = Server::start(&[
        "--root-key",
        "rk_api=api.*.read_api",
        "--root-key",
        "rk_key=api.*.read_key",
        "--root-key",
        "rk_both=api.*.read_api,api.*.read_key",
    ]);
    let api = s.create_api();
    for root in ["rk_api", "rk_key"] {
        let r = s.post_as("/v2/apis.listKeys", Some(root), &json!({"apiId": api}));
        assert_eq!(r.status, 404, "{root}");
        assert_eq!(detail(&r), GONE);
    }
    let r = s.post_as("/v2/apis.listKeys", Some("rk_both"), &json!({"apiId": api}));
    assert_eq!(r.status, 200);
    let r = s.post_as(
        "/v2/apis.listKeys",
        Some("rk_both"),
        &json!({"apiId": api, "decrypt": true}),
    );
    assert_eq!(r.status, 403);
    assert!(detail(&r).contains("decrypt_key"));
}
