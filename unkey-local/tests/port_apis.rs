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
use common::{in_id_order, Server};
use serde_json::json;

fn detail(r: &common::Resp) -> String {
    r.json()["error"]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

const GONE: &str = "The requested API does not exist or has been deleted.";

/// Creates an API named `name` with the test root key and reads it back with getApi as
/// `rk` (which holds `api.*.read_api`, as upstream's get_api tests): the same id and name.
/// Returns the id.
fn create_and_get(s: &Server, name: &str) -> String {
    let id = s.ok("apis.createApi", json!({"name": name}))["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("api_"), "{id}");
    let r = s.post_as("/v2/apis.getApi", Some("rk"), &json!({"apiId": id}));
    assert_eq!(r.data(), json!({"id": id, "name": name}));
    id
}

fn read_api_server() -> Server {
    Server::start(&["--root-key", "rk=api.*.read_api"])
}

/// v2_apis_create_api/200_test.go, "create basic api".
#[test]
fn create_api__create_basic_api() {
    create_and_get(&read_api_server(), "test-api-basic");
}

/// v2_apis_create_api/200_test.go, "create api with long name" (its 69-character name).
#[test]
fn create_api__create_api_with_long_name() {
    create_and_get(
        &read_api_server(),
        "my-super-awesome-production-api-for-customer-management-and-analytics",
    );
}

/// v2_apis_create_api/200_test.go, "create api with UUID name" (a `uid.New` shaped name);
/// Go also finds delete protection off on the stored API, so deleting it succeeds.
#[test]
fn create_api__create_api_with_UUID_name() {
    let s = read_api_server();
    let id = create_and_get(&s, "test_2ZfXqcUuSuK6VuT3Ww4DYoJ1bHq");
    assert_eq!(s.ok("apis.deleteApi", json!({"apiId": id})), json!({}));
}

/// v2_apis_get_api/200_test.go, "get api with special characters in name".
#[test]
fn get_api__get_api_with_special_characters_in_name() {
    create_and_get(
        &read_api_server(),
        "special!@#$%^&*()_+-=[]{}|;:,.<>?/~` characters",
    );
}

/// v2_apis_get_api/200_test.go, "get api with unicode characters in name".
#[test]
fn get_api__get_api_with_unicode_characters_in_name() {
    create_and_get(&read_api_server(), "Unicode 测试 API 名称 🔑 🔒 ✅");
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

/// getApi of `id` as `rk` (holding `api.*.read_api`, as upstream's 404_test.go).
fn get_api_as_reader(s: &Server, id: &str) -> common::Resp {
    s.post_as("/v2/apis.getApi", Some("rk"), &json!({"apiId": id}))
}

/// v2_apis_get_api/404_test.go, "non-existent api id".
#[test]
fn get_api__non_existent_api_id() {
    let s = read_api_server();
    assert_api_gone(&get_api_as_reader(&s, "api_1234567890abcd"));
}

/// v2_apis_get_api/404_test.go, "deleted api".
#[test]
fn get_api__deleted_api() {
    let s = read_api_server();
    let api = s.create_api();
    s.ok("apis.deleteApi", json!({"apiId": api}));
    assert_api_gone(&get_api_as_reader(&s, &api));
}

/// v2_apis_get_api/404_test.go, "empty api id": the validator's 400.
#[test]
fn get_api__empty_api_id() {
    let s = read_api_server();
    get_api_as_reader(&s, "").assert_schema_error("apis.getApi");
}

/// v2_apis_get_api/403_test.go's table ("no permissions", "wrong api permission") checks only
/// the detail's start; the handler's full detail lists both tuples it accepts.
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

/// deleteApi of `id` as `rk` (holding `api.*.delete_api`, as upstream's 400 and 404 tests).
fn delete_api_as_deleter(s: &Server, id: &str) -> common::Resp {
    s.post_as("/v2/apis.deleteApi", Some("rk"), &json!({"apiId": id}))
}

fn delete_api_server() -> Server {
    Server::start(&["--root-key", "rk=api.*.delete_api"])
}

/// v2_apis_delete_api/404_test.go, "non-existent API".
#[test]
fn delete_api__non_existent_API() {
    let s = delete_api_server();
    assert_api_gone(&delete_api_as_deleter(&s, "api_1234567890abcd"));
}

/// v2_apis_delete_api/404_test.go, "already deleted API": the second delete is the 404
/// (and a third answers the same, idempotent_test.go).
#[test]
fn delete_api__already_deleted_API() {
    let s = delete_api_server();
    let api = s.create_api();
    assert_eq!(delete_api_as_deleter(&s, &api).data(), json!({}));
    assert_api_gone(&delete_api_as_deleter(&s, &api));
    assert_api_gone(&delete_api_as_deleter(&s, &api));
}

/// v2_apis_delete_api/400_test.go, "missing apiId".
#[test]
fn delete_api__missing_apiId() {
    let s = delete_api_server();
    s.post_as("/v2/apis.deleteApi", Some("rk"), &json!({}))
        .assert_schema_error("apis.deleteApi");
}

/// v2_apis_delete_api/400_test.go, "invalid apiId format" (shorter than the schema's minimum).
#[test]
fn delete_api__invalid_apiId_format() {
    let s = delete_api_server();
    delete_api_as_deleter(&s, "x").assert_schema_error("apis.deleteApi");
}

// ---- v2_apis_list_keys/200_test.go, TestSuccess ------------------------------------------

/// TestSuccess's data: a root key `rk` holding `api.*.read_key`, `api.*.read_api` and
/// `api.*.decrypt_key`; an API "Test API" with five keys: two of identity `test_user_1` (meta
/// `{"role":"admin"}`; the keys' meta `{"env":"production","team":"backend"}` and
/// `{"env":"staging"}`), one of `test_user_2` (`{"role":"user"}`; `{"env":"development"}`),
/// one without identity and one disabled.
struct Listing {
    s: Server,
    api: String,
    /// The key ids in creation order.
    ids: Vec<String>,
    /// The keys themselves.
    secrets: Vec<String>,
}

fn listing() -> Listing {
    let s = Server::start(&[
        "--root-key",
        "rk=api.*.read_key,api.*.read_api,api.*.decrypt_key",
    ]);
    let api = s.ok("apis.createApi", json!({"name": "Test API"}))["apiId"]
        .as_str()
        .unwrap()
        .to_string();
    for (external_id, role) in [("test_user_1", "admin"), ("test_user_2", "user")] {
        s.ok(
            "identities.createIdentity",
            json!({"externalId": external_id, "meta": {"role": role}}),
        );
    }
    let mut ids = Vec::new();
    let mut secrets = Vec::new();
    for body in [
        json!({"name": "Test Key 1", "externalId": "test_user_1",
               "meta": {"env": "production", "team": "backend"}}),
        json!({"name": "Test Key 2", "externalId": "test_user_1", "meta": {"env": "staging"}}),
        json!({"name": "Test Key 3", "externalId": "test_user_2", "meta": {"env": "development"}}),
        json!({"name": "Test Key 4 (No Identity)"}),
        json!({"name": "Test Key 5 (Disabled)", "enabled": false}),
    ] {
        let mut body = body;
        body["apiId"] = json!(api);
        let (id, secret) = s.create_key(body);
        ids.push(id);
        secrets.push(secret);
    }
    Listing {
        s,
        api,
        ids,
        secrets,
    }
}

impl Listing {
    /// apis.listKeys of the API as `rk` with `extra` fields; the whole answer.
    fn list(&self, extra: serde_json::Value) -> serde_json::Value {
        let mut body = json!({"apiId": self.api});
        body.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let r = self.s.post_as("/v2/apis.listKeys", Some("rk"), &body);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()
    }
}

/// The `keyId`s of a listKeys answer, in its order.
fn key_ids(answer: &serde_json::Value) -> Vec<String> {
    answer["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyId"].as_str().unwrap().to_string())
        .collect()
}

/// 200_test.go, "list all keys with default pagination": all five, each with an id, a start
/// and a creation time; a request id; nothing more to page.
#[test]
fn list_keys__list_all_keys_with_default_pagination() {
    let l = listing();
    let all = l.list(json!({}));
    assert_eq!(key_ids(&all), in_id_order(&l.ids));
    for k in all["data"].as_array().unwrap() {
        assert!(!k["start"].as_str().unwrap().is_empty(), "{k}");
        assert!(k["createdAt"].as_i64().unwrap() > 0, "{k}");
    }
    assert!(all["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    assert_eq!(all["pagination"], json!({"hasMore": false}));
}

/// 200_test.go, "list keys with limit parameter": two keys, a cursor and more to come.
#[test]
fn list_keys__list_keys_with_limit_parameter() {
    let l = listing();
    let page = l.list(json!({"limit": 2}));
    assert_eq!(key_ids(&page), in_id_order(&l.ids)[..2]);
    assert_eq!(page["pagination"]["hasMore"], true);
    assert!(page["pagination"]["cursor"].is_string(), "{page}");
}

/// 200_test.go, "list keys with pagination cursor": the second page of two follows the
/// first without repeating a key.
#[test]
fn list_keys__list_keys_with_pagination_cursor() {
    let l = listing();
    let first = l.list(json!({"limit": 2}));
    let second = l.list(json!({"limit": 2, "cursor": first["pagination"]["cursor"]}));
    let order = in_id_order(&l.ids);
    assert_eq!(key_ids(&first), order[..2]);
    assert_eq!(key_ids(&second), order[2..4]);
}

/// 200_test.go, "filter by external ID": the two keys of `test_user_1`, each naming it.
#[test]
fn list_keys__filter_by_external_ID() {
    let l = listing();
    let owned = l.list(json!({"externalId": "test_user_1"}));
    assert_eq!(key_ids(&owned), in_id_order(&l.ids[..2]));
    for k in owned["data"].as_array().unwrap() {
        assert_eq!(k["identity"]["externalId"], "test_user_1", "{k}");
    }
}

/// 200_test.go, "filter by non-existent external ID returns empty": no keys, no more to page
/// and no cursor.
#[test]
fn list_keys__filter_by_non_existent_external_ID_returns_empty() {
    let l = listing();
    let none = l.list(json!({"externalId": "non_existent_user"}));
    assert_eq!(none["data"], json!([]));
    assert_eq!(none["pagination"], json!({"hasMore": false}));
}

/// 200_test.go, "verify key metadata is included": the production key's meta.
#[test]
fn list_keys__verify_key_metadata_is_included() {
    let l = listing();
    let all = l.list(json!({}));
    let key1 = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["keyId"] == l.ids[0].as_str())
        .unwrap();
    assert_eq!(
        key1["meta"],
        json!({"env": "production", "team": "backend"})
    );
}

/// 200_test.go, "verify identity information is included": filtered by `test_user_1`, the
/// first key carries the identity with its meta.
#[test]
fn list_keys__verify_identity_information_is_included() {
    let l = listing();
    let owned = l.list(json!({"externalId": "test_user_1"}));
    let identity = &owned["data"][0]["identity"];
    assert_eq!(identity["externalId"], "test_user_1");
    assert_eq!(identity["meta"], json!({"role": "admin"}));
}

/// 200_test.go, "verify correct ordering of results": Go only requires a stable list; here
/// the order itself, by id (key_list_live_by_key_space_id.sql `ORDER BY k.id`), which is not
/// creation order, ids being random (pkg/uid/new.go).
#[test]
fn list_keys__verify_correct_ordering_of_results() {
    let l = listing();
    assert_eq!(key_ids(&l.list(json!({}))), in_id_order(&l.ids));
}

/// 200_test.go, "empty API returns empty result": no keys, no more to page, no cursor.
#[test]
fn list_keys__empty_API_returns_empty_result() {
    let l = listing();
    let empty = l.s.ok("apis.createApi", json!({"name": "Empty API"}))["apiId"].clone();
    let r =
        l.s.post_as("/v2/apis.listKeys", Some("rk"), &json!({"apiId": empty}));
    let body = r.json();
    assert_eq!(r.status, 200, "{body}");
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["pagination"], json!({"hasMore": false}));
}

/// 200_test.go, "verify no sensitive data is exposed": no plaintext without `decrypt`, and
/// only a short `start`; no key's secret appears anywhere in the answer.
#[test]
fn list_keys__verify_no_sensitive_data_is_exposed() {
    let l = listing();
    let all = l.list(json!({}));
    for k in all["data"].as_array().unwrap() {
        assert!(k.get("plaintext").is_none(), "{k}");
        let start = k["start"].as_str().unwrap();
        assert!(!start.is_empty() && start.len() <= 32, "{k}");
    }
    let text = all.to_string();
    for secret in &l.secrets {
        assert!(!text.contains(secret.as_str()), "{secret}");
    }
}

/// 200_test.go, "verify ratelimits are returned correctly": a key with one ratelimit
/// `requests` (100 per 60 s; Go's row leaves `auto_apply` at its default, false) lists exactly
/// it, with an id; a key without lists none.
#[test]
fn list_keys__verify_ratelimits_are_returned_correctly() {
    let l = listing();
    let (with, _) = l.s.create_key(json!({"apiId": l.api, "name": "Key with Ratelimits",
        "ratelimits": [{"name": "requests", "limit": 100, "duration": 60000, "autoApply": false}]}));
    let (without, _) =
        l.s.create_key(json!({"apiId": l.api, "name": "Key without Ratelimits"}));
    let all = l.list(json!({}));
    let find = |id: &str| {
        all["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["keyId"] == id)
            .unwrap()
            .clone()
    };
    let limits = find(&with)["ratelimits"].clone();
    assert_eq!(limits.as_array().unwrap().len(), 1, "{limits}");
    let rl = &limits[0];
    assert_eq!(
        (
            rl["name"].clone(),
            rl["limit"].clone(),
            rl["duration"].clone(),
            rl["autoApply"].clone()
        ),
        (json!("requests"), json!(100), json!(60000), json!(false))
    );
    assert!(!rl["id"].as_str().unwrap().is_empty(), "{rl}");
    let none = find(&without);
    assert!(
        none.get("ratelimits").is_none() || none["ratelimits"] == json!([]),
        "{none}"
    );
}

/// apis.listKeys with `body` as `rk`, which holds `api.*.read_key` and `api.*.read_api`
/// (upstream's 400_test.go and 404_test.go key).
fn list_keys_as_reader(body: &serde_json::Value) -> common::Resp {
    let s = Server::start(&["--root-key", "rk=api.*.read_key,api.*.read_api"]);
    s.post_as("/v2/apis.listKeys", Some("rk"), body)
}

/// v2_apis_list_keys/400_test.go, "missing apiId".
#[test]
fn list_keys__missing_apiId() {
    list_keys_as_reader(&json!({})).assert_schema_error("apis.listKeys");
}

/// v2_apis_list_keys/400_test.go, "negative limit".
#[test]
fn list_keys__negative_limit() {
    list_keys_as_reader(&json!({"apiId": "api_1234567890", "limit": -1}))
        .assert_schema_error("apis.listKeys");
}

/// v2_apis_list_keys/400_test.go, "zero limit".
#[test]
fn list_keys__zero_limit() {
    list_keys_as_reader(&json!({"apiId": "api_1234567890", "limit": 0}))
        .assert_schema_error("apis.listKeys");
}

/// v2_apis_list_keys/400_test.go, "extremely large limit".
#[test]
fn list_keys__extremely_large_limit() {
    list_keys_as_reader(&json!({"apiId": "api_1234567890", "limit": 999_999}))
        .assert_schema_error("apis.listKeys");
}

/// v2_apis_list_keys/400_test.go, "multiple validation errors": no apiId and a negative
/// limit.
#[test]
fn list_keys__multiple_validation_errors() {
    let r = list_keys_as_reader(&json!({"limit": -5}));
    r.assert_schema_error("apis.listKeys");
    assert!(
        r.json()["error"]["errors"].as_array().unwrap().len() >= 2,
        "{}",
        r.json()
    );
}

/// v2_apis_list_keys/404_test.go, "non-existent API".
#[test]
fn list_keys__non_existent_API() {
    assert_api_gone(&list_keys_as_reader(
        &json!({"apiId": "api_does_not_exist_123"}),
    ));
}

/// v2_apis_list_keys/404_test.go, "deleted API".
#[test]
fn list_keys__deleted_API() {
    let s = Server::start(&["--root-key", "rk=api.*.read_key,api.*.read_api"]);
    let api = s.create_api();
    s.create_key(json!({"apiId": api}));
    s.ok("apis.deleteApi", json!({"apiId": api}));
    assert_api_gone(&s.post_as("/v2/apis.listKeys", Some("rk"), &json!({"apiId": api})));
}

/// v2_apis_list_keys/404_test.go, "invalid API ID format".
#[test]
fn list_keys__invalid_API_ID_format() {
    assert_api_gone(&list_keys_as_reader(&json!({"apiId": "invalid_format"})));
}

/// v2_apis_list_keys/404_test.go, "very long API ID": `api_` and 500 NUL characters (Go's
/// `string(make([]byte, 500))`).
#[test]
fn list_keys__very_long_API_ID() {
    let id = format!("api_{}", "\0".repeat(500));
    assert_api_gone(&list_keys_as_reader(&json!({"apiId": id})));
}

/// v2_apis_list_keys/404_test.go, "API ID with special characters".
#[test]
fn list_keys__API_ID_with_special_characters() {
    assert_api_gone(&list_keys_as_reader(
        &json!({"apiId": "api_special!@#$%^&*()"}),
    ));
}

/// apis.listKeys of a fresh API with one key, as a root key holding `perms` (made as
/// upstream's tests make one per case); returns the answer and the API id.
fn list_keys_with(perms: &[&str], extra: serde_json::Value) -> (common::Resp, String) {
    let s = Server::start(&["--dashboard"]);
    let rk = s.root_key(perms);
    let api = s.create_api();
    s.create_key(json!({"apiId": api}));
    let mut body = json!({"apiId": api});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    (s.post_as("/v2/apis.listKeys", Some(&rk), &body), api)
}

/// v2_apis_list_keys/403_test.go, "missing read_key permission": masked as the API's 404.
#[test]
fn list_keys__missing_read_key_permission() {
    assert_api_gone(&list_keys_with(&["api.*.read_api"], json!({})).0);
}

/// v2_apis_list_keys/403_test.go, "missing read_api permission": masked as the API's 404.
#[test]
fn list_keys__missing_read_api_permission() {
    assert_api_gone(&list_keys_with(&["api.*.read_key"], json!({})).0);
}

/// v2_apis_list_keys/403_test.go, "no permissions" (only `workspace.read`): masked as the
/// API's 404.
#[test]
fn list_keys__no_permissions() {
    assert_api_gone(&list_keys_with(&["workspace.read"], json!({})).0);
}

/// v2_apis_list_keys/403_test.go, "wildcard permissions should work": both wildcards list
/// the key.
#[test]
fn list_keys__wildcard_permissions_should_work() {
    let (r, _) = list_keys_with(&["api.*.read_key", "api.*.read_api"], json!({}));
    assert_eq!(r.data().as_array().unwrap().len(), 1);
}

/// v2_apis_list_keys/403_test.go, "missing decrypt permission": once the API may be read,
/// `decrypt` without `decrypt_key` is a 403 (Go requires "permission" in the detail).
#[test]
fn list_keys__missing_decrypt_permission() {
    let (r, api) = list_keys_with(
        &["api.*.read_key", "api.*.read_api"],
        json!({"decrypt": true}),
    );
    let ks = api.replacen("api_", "ks_", 1);
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        &format!(
            "Missing one of these permissions: api.*.decrypt_key or api.{api}.decrypt_key or \
             unkey:v1:ws_local:keyspaces/{ks}/keys/*#decrypt_key"
        ),
    );
}

// ---- Subtests ported one by one (audit of the route tests at fc99b6b9). ----

/// A server with the dashboard (run-time root keys, API settings) and a second workspace
/// `ws_other` whose root key is `other`.
fn two_workspaces() -> Server {
    Server::start(&[
        "--dashboard",
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ])
}

/// Creates an API named `name` with `root`; returns its id.
fn api_as(s: &Server, root: &str, name: &str) -> String {
    s.post_as("/v2/apis.createApi", Some(root), &json!({"name": name}))
        .data()["apiId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Asserts the masked 404 of an API the caller cannot see.
fn assert_api_gone(r: &common::Resp) {
    r.assert_error(404, "unkey/data/api_not_found", GONE);
}

/// Sets dashboard settings of an API (`/_local/dashboard/apiSettings`).
fn api_settings(s: &Server, settings: serde_json::Value) {
    let r = s.request(
        "POST",
        "/_local/dashboard/apiSettings",
        &[],
        settings.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

/// v2_apis_create_api/200_test.go, "insert api via DB" (made through the API here): it is
/// readable at once.
#[test]
fn create_api__insert_api_via_db() {
    let s = Server::start(&[]);
    let id = api_as(&s, common::ROOT, "inserted-api");
    assert_eq!(
        s.ok("apis.getApi", json!({"apiId": id})),
        json!({"id": id, "name": "inserted-api"})
    );
}

/// v2_apis_create_api/200_test.go, "create multiple apis": distinct ids, each with its name.
#[test]
fn create_api__create_multiple_apis() {
    let s = Server::start(&[]);
    let ids: Vec<String> = ["api-1", "api-2", "api-3"]
        .iter()
        .map(|n| api_as(&s, common::ROOT, n))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3);
    for (id, name) in ids.iter().zip(["api-1", "api-2", "api-3"]) {
        assert_eq!(s.ok("apis.getApi", json!({"apiId": id}))["name"], name);
    }
}

/// v2_apis_create_api/400_test.go, "name too short".
#[test]
fn create_api__name_too_short() {
    let s = Server::start(&[]);
    let r = s.call("apis.createApi", json!({"name": "ab"}));
    r.assert_schema_error("apis.createApi");
    let e = &r.json()["error"]["errors"][0];
    assert_eq!(e["location"], "/properties/name/minLength");
    assert_eq!(e["message"], "minLength: got 2, want 3");
}

/// v2_apis_create_api/400_test.go, "missing name field".
#[test]
fn create_api__missing_name_field() {
    let s = Server::start(&[]);
    let r = s.call("apis.createApi", json!({}));
    r.assert_schema_error("apis.createApi");
    assert_eq!(r.json()["error"]["errors"][0]["location"], "/required");
}

/// v2_apis_create_api/400_test.go, "invalid json".
#[test]
fn create_api__invalid_json() {
    let s = Server::start(&[]);
    let r = s.request(
        "POST",
        "/v2/apis.createApi",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", "Bearer unkey_test_root"),
        ],
        br#"{"name": "test-api", "invalid json": }"#,
    );
    assert_eq!(r.status, 400);
    let body = r.json();
    assert_eq!(body["error"]["title"], "Bad Request");
    assert!(!body["error"]["detail"].as_str().unwrap().is_empty());
    assert!(body["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// v2_apis_create_api/400_test.go, "unexpected fields": upstream accepts a 400 or a created
/// API; the spec closes the request object, so this is the validator's 400.
#[test]
fn create_api__unexpected_fields() {
    let s = Server::start(&[]);
    let r = s.call(
        "apis.createApi",
        json!({"name": "valid-api-name", "unexpectedField": true, "anotherField": 42}),
    );
    r.assert_schema_error("apis.createApi");
}

/// v2_apis_create_api/403_test.go, "permission combinations" / `tc` with a root key holding
/// `perms`: created, or a 403 naming the one tuple.
fn create_api_with(perms: &[&str], allowed: bool) {
    let s = two_workspaces();
    let rk = s.root_key(perms);
    let r = s.post_as(
        "/v2/apis.createApi",
        Some(&rk),
        &json!({"name": "test-api-permissions"}),
    );
    if allowed {
        let id = r.data()["apiId"].as_str().unwrap().to_string();
        assert_eq!(
            s.ok("apis.getApi", json!({"apiId": id}))["name"],
            "test-api-permissions"
        );
    } else {
        r.assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            "Missing permission: 'api.*.create_api'",
        );
    }
}

/// v2_apis_create_api/403_test.go, "permission combinations" / "specific permission".
#[test]
fn create_api__specific_permission() {
    create_api_with(&["api.*.create_api"], true);
}

/// v2_apis_create_api/403_test.go, "permission combinations" / "specific permission and more".
#[test]
fn create_api__specific_permission_and_more() {
    create_api_with(
        &[
            "some.other.permission",
            "xxx",
            "api.*.create_api",
            "another.permission",
        ],
        true,
    );
}

/// v2_apis_create_api/403_test.go, "permission combinations" / "insufficient permission".
#[test]
fn create_api__permission_combinations_insufficient_permission() {
    create_api_with(&["api.*.read_api"], false);
}

/// v2_apis_create_api/403_test.go, "permission combinations" / "unrelated permission".
#[test]
fn create_api__permission_combinations_unrelated_permission() {
    create_api_with(&["identity.*.create_identity"], false);
}

/// v2_apis_delete_api/200_test.go, "delete api without keys".
#[test]
fn delete_api__delete_api_without_keys() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let r = s.call("apis.deleteApi", json!({"apiId": api}));
    assert_eq!(r.status, 200);
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    assert_api_gone(&s.call("apis.getApi", json!({"apiId": api})));
}

/// v2_apis_delete_api/200_test.go, "delete api with active keys": the API is gone; its keys
/// no longer verify.
#[test]
fn delete_api__delete_api_with_active_keys() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    assert_eq!(s.verify(json!({"key": key}))["valid"], true);
    assert_eq!(s.call("apis.deleteApi", json!({"apiId": api})).status, 200);
    assert_api_gone(&s.call("apis.getApi", json!({"apiId": api})));
    assert_eq!(s.verify(json!({"key": key}))["code"], "NOT_FOUND");
}

/// v2_apis_delete_api/200_test.go, "delete api immediately after creation".
#[test]
fn delete_api__delete_api_immediately_after_creation() {
    let s = Server::start(&[]);
    let api = api_as(&s, common::ROOT, "short-lived-api");
    assert_eq!(s.call("apis.deleteApi", json!({"apiId": api})).status, 200);
    assert_api_gone(&s.call("apis.getApi", json!({"apiId": api})));
}

/// v2_apis_delete_api/403_test.go, "missing delete_api permission": the API stays.
#[test]
fn delete_api__missing_delete_api_permission() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&["api.*.read_api"]);
    s.post_as("/v2/apis.deleteApi", Some(&rk), &json!({"apiId": api}))
        .assert_error(
            403,
            "unkey/authorization/insufficient_permissions",
            &format!("Missing one of these permissions: api.*.delete_api or api.{api}.delete_api"),
        );
    assert_eq!(
        s.ok("apis.getApi", json!({"apiId": api}))["id"],
        api.as_str()
    );
}

/// v2_apis_delete_api/404_test.go, "API belongs to different workspace".
#[test]
fn delete_api__api_belongs_to_different_workspace() {
    let s = two_workspaces();
    let other = api_as(&s, "other", "other-api");
    assert_api_gone(&s.call("apis.deleteApi", json!({"apiId": other})));
    let r = s.post_as("/v2/apis.getApi", Some("other"), &json!({"apiId": other}));
    assert_eq!(r.data()["id"], other.as_str());
}

/// v2_apis_delete_api/idempotent_test.go, "idempotent deletion - multiple delete requests":
/// 200, then 404 twice.
#[test]
fn delete_api__idempotent_deletion_multiple_delete_requests() {
    let s = Server::start(&[]);
    let api = s.create_api();
    assert_eq!(s.call("apis.deleteApi", json!({"apiId": api})).status, 200);
    for _ in 0..2 {
        assert_api_gone(&s.call("apis.deleteApi", json!({"apiId": api})));
    }
}

/// v2_apis_get_api/200_test.go, "get existing api" (with `api.*.read_api`).
#[test]
fn get_api__get_existing_api() {
    let s = two_workspaces();
    let api = api_as(&s, common::ROOT, "test-get-existing-api");
    let rk = s.root_key(&["api.*.read_api"]);
    let r = s.post_as("/v2/apis.getApi", Some(&rk), &json!({"apiId": api}));
    assert_eq!(
        r.data(),
        json!({"id": api, "name": "test-get-existing-api"})
    );
}

/// v2_apis_get_api/200_test.go, "get api with very long name".
#[test]
fn get_api__get_api_with_very_long_name() {
    let s = two_workspaces();
    let name = "this-is-a-very-long-api-name-for-testing-the-limits-of-what-the-system-can-handle-when-dealing-with-extremely-verbose-identifiers-that-might-challenge-database-storage-ui-rendering-and-overall-system-performance-with-edge-cases";
    let api = api_as(&s, common::ROOT, name);
    let rk = s.root_key(&["api.*.read_api"]);
    let r = s.post_as("/v2/apis.getApi", Some(&rk), &json!({"apiId": api}));
    assert_eq!(r.data()["name"], name);
}

/// v2_apis_get_api/200_test.go, "get recently created api with timestamp verification" (the
/// v2 answer has no timestamp; id and name).
#[test]
fn get_api__get_recently_created_api_with_timestamp_verification() {
    let s = two_workspaces();
    let api = api_as(&s, common::ROOT, "recent-api");
    let rk = s.root_key(&["api.*.read_api"]);
    let r = s.post_as("/v2/apis.getApi", Some(&rk), &json!({"apiId": api}));
    assert_eq!(r.data(), json!({"id": api, "name": "recent-api"}));
}

/// v2_apis_get_api/200_test.go, "get api with complete data verification": encrypted keys,
/// keyspace defaults and delete protection change nothing in the answer.
#[test]
fn get_api__get_api_with_complete_data_verification() {
    let s = two_workspaces();
    let api = api_as(&s, common::ROOT, "complete-verification-api");
    api_settings(
        &s,
        json!({"apiId": api, "storeEncryptedKeys": true, "defaultPrefix": "test_",
               "defaultBytes": 16, "deleteProtection": true}),
    );
    let rk = s.root_key(&["api.*.read_api"]);
    let r = s.post_as("/v2/apis.getApi", Some(&rk), &json!({"apiId": api}));
    assert_eq!(
        r.data(),
        json!({"id": api, "name": "complete-verification-api"})
    );
}

/// v2_apis_get_api/200_test.go, "authorization scopes" / "api wildcard permission".
#[test]
fn get_api__api_wildcard_permission() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&["api.*.read_api"]);
    let r = s.post_as("/v2/apis.getApi", Some(&rk), &json!({"apiId": api}));
    assert_eq!(r.data()["id"], api.as_str());
}

/// v2_apis_get_api/400_test.go, "missing apiId field" (an empty string).
#[test]
fn get_api__missing_apiId_field() {
    let s = Server::start(&[]);
    let r = s.call("apis.getApi", json!({"apiId": ""}));
    r.assert_schema_error("apis.getApi");
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// v2_apis_get_api/404_test.go, "api from different workspace".
#[test]
fn get_api__api_from_different_workspace() {
    let s = two_workspaces();
    let other = api_as(&s, "other", "other-api");
    assert_api_gone(&s.call("apis.getApi", json!({"apiId": other})));
}

/// v2_apis_list_keys/400_test.go, "malformed cursor": upstream accepts 200, 400 or 404; the API
/// does not exist, so 404 here.
#[test]
fn list_keys__malformed_cursor() {
    let s = Server::start(&[]);
    assert_api_gone(&s.call(
        "apis.listKeys",
        json!({"apiId": "api_1234567890", "cursor": "not_a_valid_cursor_format_!!!"}),
    ));
}

/// v2_apis_list_keys/400_test.go, "valid boolean decrypt parameter": past validation (the API
/// does not exist).
#[test]
fn list_keys__valid_boolean_decrypt_parameter() {
    let s = Server::start(&[]);
    assert_api_gone(&s.call(
        "apis.listKeys",
        json!({"apiId": "api_1234567890", "decrypt": true}),
    ));
}

/// v2_apis_list_keys/400_test.go, "valid limit values" (50): past validation.
#[test]
fn list_keys__valid_limit_values() {
    let s = Server::start(&[]);
    assert_api_gone(&s.call(
        "apis.listKeys",
        json!({"apiId": "api_1234567890", "limit": 50}),
    ));
}

/// v2_apis_list_keys/400_test.go, "verify response structure for validation errors" (no
/// `apiId`).
#[test]
fn list_keys__verify_response_structure_for_validation_errors() {
    let s = Server::start(&[]);
    let r = s.call("apis.listKeys", json!({}));
    r.assert_schema_error("apis.listKeys");
    let body = r.json();
    assert_eq!(body["error"]["title"], "Bad Request");
    assert!(body["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// v2_apis_list_keys/403_existence_leak_test.go, TestUnauthorizedDoesNotLeakExistence: for a
/// root key that may not read keys, an existing API and a missing one answer the same 404.
#[test]
fn list_keys__unauthorized_does_not_leak_existence() {
    let s = two_workspaces();
    let api = api_as(&s, common::ROOT, "Secret API");
    let rk = s.root_key(&["workspace.read"]);
    let missing = s.post_as(
        "/v2/apis.listKeys",
        Some(&rk),
        &json!({"apiId": "api_2cGKbMxRyIzhCxo1Idjz8q"}),
    );
    let existing = s.post_as("/v2/apis.listKeys", Some(&rk), &json!({"apiId": api}));
    assert_api_gone(&missing);
    assert_api_gone(&existing);
}

/// v2_apis_list_keys/403_test.go, "partial permissions insufficient" (read_api without
/// read_key): masked as 404.
#[test]
fn list_keys__partial_permissions_insufficient() {
    let s = two_workspaces();
    let api = s.create_api();
    let rk = s.root_key(&["api.*.read_api"]);
    assert_api_gone(&s.post_as("/v2/apis.listKeys", Some(&rk), &json!({"apiId": api})));
}

/// v2_apis_list_keys/403_test.go, "decrypt with wildcard permission should work".
#[test]
fn list_keys__decrypt_with_wildcard_permission_should_work() {
    let s = two_workspaces();
    let api = s.create_api();
    api_settings(&s, json!({"apiId": api, "storeEncryptedKeys": true}));
    let (_, key) = s.create_key(json!({"apiId": api, "recoverable": true}));
    let rk = s.root_key(&["api.*.read_key", "api.*.read_api", "api.*.decrypt_key"]);
    let r = s.post_as(
        "/v2/apis.listKeys",
        Some(&rk),
        &json!({"apiId": api, "decrypt": true}),
    );
    assert_eq!(r.data()[0]["plaintext"], key.as_str());
}

/// v2_apis_list_keys/404_test.go, "API in different workspace".
#[test]
fn list_keys__api_in_different_workspace() {
    let s = two_workspaces();
    let other = api_as(&s, "other", "API in different workspace");
    assert_api_gone(&s.call("apis.listKeys", json!({"apiId": other})));
}

/// v2_apis_list_keys/404_test.go, "API exists but has no keys".
#[test]
fn list_keys__api_exists_but_has_no_keys() {
    let s = Server::start(&[]);
    let api = api_as(&s, common::ROOT, "API with no keys");
    let body = s.call("apis.listKeys", json!({"apiId": api})).json();
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["pagination"], json!({"hasMore": false}));
}

/// v2_apis_list_keys/permissions_test.go, TestReadKeysPermissionsRequiresBothActions, over
/// HTTP: listKeys needs read_key and read_api, each on `*` or the API.
#[test]
fn list_keys__read_keys_permissions_requires_both_actions() {
    let s = two_workspaces();
    let api = s.create_api();
    let cases: [(Vec<String>, bool); 9] = [
        (vec![], false),
        (vec![format!("api.{api}.read_key")], false),
        (vec![format!("api.{api}.read_api")], false),
        (vec!["api.*.read_key".into()], false),
        (vec!["api.*.read_api".into()], false),
        (
            vec![format!("api.{api}.read_key"), format!("api.{api}.read_api")],
            true,
        ),
        (vec!["api.*.read_key".into(), "api.*.read_api".into()], true),
        (
            vec!["api.*.read_key".into(), format!("api.{api}.read_api")],
            true,
        ),
        (
            vec![
                "api.api_other.read_key".into(),
                "api.api_other.read_api".into(),
            ],
            false,
        ),
    ];
    for (perms, allowed) in cases {
        let perms: Vec<&str> = perms.iter().map(String::as_str).collect();
        let rk = s.root_key(&perms);
        let r = s.post_as("/v2/apis.listKeys", Some(&rk), &json!({"apiId": api}));
        if allowed {
            assert_eq!(r.status, 200, "{perms:?}");
        } else {
            assert_api_gone(&r);
        }
    }
}

/// listKeys' cursor is the next page's first key id, and a page starts at it
/// (`pagination.Paginate` in v2_apis_list_keys/handler.go over a query with `id >= cursor`).
#[test]
fn list_keys__cursor_is_the_next_pages_first_id() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let ids: Vec<String> = (0..3)
        .map(|_| s.create_key(json!({"apiId": api})).0)
        .collect();
    // In id order, not creation order (ids are random, pkg/uid/new.go).
    let ids = in_id_order(&ids);
    let r = s
        .call("apis.listKeys", json!({"apiId": api, "limit": 2}))
        .json();
    assert_eq!(r["pagination"], json!({"cursor": ids[2], "hasMore": true}));
    let r = s
        .call(
            "apis.listKeys",
            json!({"apiId": api, "limit": 2, "cursor": r["pagination"]["cursor"]}),
        )
        .json();
    assert_eq!(r["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(r["data"][0]["keyId"], ids[2].as_str());
    assert_eq!(r["pagination"], json!({"hasMore": false}));
}

/// Ids as upstream's `uid.New` makes them (pkg/uid/new.go: the prefix, `_`, 9 characters of
/// `[a-zA-Z0-9]` drawn at random; commit 46abaf75fb removed their time component), so listKeys
/// (`ORDER BY k.id`, key_list_live_by_key_space_id.sql) is in the order of the ids under the
/// `id` column's `utf8mb4_0900_as_cs` collation (pkg/mysql/schema/keys.sql), not creation order,
/// and `id >= cursor` compares under it too. A cursor of other characters is refused.
#[test]
fn list_keys__ids_are_random_and_listed_in_collation_order() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let ids: Vec<String> = (0..12)
        .map(|_| s.create_key(json!({"apiId": api})).0)
        .collect();
    for id in ids.iter().chain([&api]) {
        let (prefix, rest) = id.split_once('_').unwrap();
        assert!(prefix == "key" || prefix == "api", "{id}");
        assert_eq!(rest.len(), 9, "{id}");
        assert!(rest.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
    }
    let r = s.call("apis.listKeys", json!({"apiId": api}));
    let req = r.json()["meta"]["requestId"].as_str().unwrap().to_string();
    assert!(req.starts_with("req_") && req.len() == 13, "{req}");
    let listed: Vec<String> = r.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyId"].as_str().unwrap().to_string())
        .collect();
    let sorted = in_id_order(&ids);
    assert_eq!(listed, sorted);
    // A cursor between ids, written in the other case: `key_<id's rest uppercased>` sorts right
    // after the id (same primary weights, uppercase after lowercase), before the next one.
    let third = &sorted[2];
    let upper = format!("key_{}", third["key_".len()..].to_ascii_uppercase());
    let r = s.call(
        "apis.listKeys",
        json!({"apiId": api, "cursor": upper, "limit": 100}),
    );
    let from: Vec<String> = r.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyId"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<String> = sorted
        .iter()
        .filter(|id| in_id_order(&[id.as_str(), upper.as_str()])[1] == **id)
        .cloned()
        .collect();
    assert_eq!(from, expected);
    s.call("apis.listKeys", json!({"apiId": api, "cursor": "key-1"}))
        .assert_error(
            400,
            "unkey/application/invalid_input",
            "unkey-local does not order the cursor \"key-1\" against ids: it compares only \
             cursors of letters, digits and _ as MySQL's utf8mb4_0900_as_cs collation does (the \
             real server does).",
        );
}

/// listKeys' `externalId` has only `minLength: 1` in upstream's spec
/// (V2ApisListKeysRequestBody in svc/api/openapi/openapi-generated.yaml), not createKey's
/// pattern and 255-character maximum: any non-empty string is a filter. migrateKeys (no
/// pattern either) makes an identity such an id names, whose keys it then finds.
#[test]
fn list_keys__external_id_filter_takes_any_nonempty_string() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let long = "x".repeat(600);
    for ext in ["user@example.com", long.as_str(), "a b/c"] {
        let r = s.call("apis.listKeys", json!({"apiId": api, "externalId": ext}));
        assert_eq!(r.status, 200, "{ext}");
        assert_eq!(r.json()["data"], json!([]), "{ext}");
    }
    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig_1", "apiId": api,
            "keys": [{"hash": "CptSN3vQ0shZLIsdT5c/tlpeFK/qqxY0R/aQNCfKhWs=", "externalId": "user@example.com"}]}),
    );
    let listed = s.ok(
        "apis.listKeys",
        json!({"apiId": api, "externalId": "user@example.com"}),
    );
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["keyId"], d["migrated"][0]["keyId"]);
    assert_eq!(listed[0]["identity"]["externalId"], "user@example.com");
    s.call("apis.listKeys", json!({"apiId": api, "externalId": ""}))
        .assert_schema_error("apis.listKeys");
}
