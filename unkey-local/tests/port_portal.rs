//! `portal.*`, ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_portal_*`). Each test is named `<route>__<Go subtest or test>`; the code
//! and wording are ours. Portals are configured with `/_local/dashboard/portal` (`--dashboard`),
//! sessions are minted through `portal.createSession` and exchanged through
//! `portal.exchangeCode`, as an integrating application does.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{in_id_order, Resp, Server, ROOT};
use serde_json::{json, Value};

/// A root key holding what `keys:read` needs besides the portal permission.
const READER: &str = "reader=portal.*.create_portal_session,api.*.read_key,api.*.read_api";

fn start(args: &[&str]) -> Server {
    let mut all = vec!["--dashboard", "--test-clock", "--root-key", READER];
    all.extend_from_slice(args);
    Server::start(&all)
}

/// Configures (or updates) a portal; returns its id.
fn portal(s: &Server, body: Value) -> String {
    let r = s.request(
        "POST",
        "/_local/dashboard/portal",
        &[],
        body.to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()["portalId"].as_str().unwrap().to_string()
}

/// An API with an enabled portal `slug` over it; returns (apiId, portalId).
fn api_with_portal(s: &Server, slug: &str) -> (String, String) {
    let api = s.create_api();
    let id = portal(s, json!({"slug": slug, "apiId": api}));
    (api, id)
}

fn mint(s: &Server, root: &str, body: Value) -> Resp {
    s.post_as("/v2/portal.createSession", Some(root), &body)
}

fn session_body(portal: &str, external_id: &str, scopes: &[&str]) -> Value {
    json!({"portal": portal, "externalId": external_id, "scopes": scopes})
}

/// The exchange code a portal URL carries.
fn code_of(url: &str) -> String {
    url.split_once("?code=").unwrap().1.to_string()
}

fn exchange(s: &Server, code: &str) -> Resp {
    s.post_as("/v2/portal.exchangeCode", None, &json!({"code": code}))
}

/// Mints a session with the unscoped root key and exchanges its code; returns the access token.
fn session(s: &Server, portal: &str, external_id: &str, scopes: &[&str]) -> String {
    let url = mint(s, ROOT, session_body(portal, external_id, scopes)).data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    exchange(s, &code_of(&url)).data()["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A cookie-authenticated portal call.
fn as_session(s: &Server, op: &str, token: &str, body: &Value) -> Resp {
    let cookie = format!("portal_session={token}");
    s.request(
        "POST",
        &format!("/v2/portal.{op}"),
        &[("Content-Type", "application/json"), ("Cookie", &cookie)],
        body.to_string().as_bytes(),
    )
}

fn detail(r: &Resp) -> String {
    r.json()["error"]["detail"].as_str().unwrap().to_string()
}

fn text(r: &Resp) -> String {
    String::from_utf8_lossy(&r.body).into_owned()
}

/// A temporary `--data` file, removed (with its WAL files) on drop.
struct DataFile(String);

impl DataFile {
    fn new(tag: &str) -> DataFile {
        let p =
            std::env::temp_dir().join(format!("unkey-local-portal-{tag}-{}", std::process::id()));
        let d = DataFile(p.to_str().unwrap().to_string());
        d.clean();
        d
    }

    fn clean(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0));
        }
    }

    /// Whether `needle` appears anywhere in the database or its WAL.
    fn contains(&self, needle: &str) -> bool {
        ["", "-wal"].iter().any(|suffix| {
            std::fs::read(format!("{}{suffix}", self.0))
                .map(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
                .unwrap_or(false)
        })
    }
}

impl Drop for DataFile {
    fn drop(&mut self) {
        self.clean();
    }
}

// ---- v2_portal_create_session/200_test.go: TestCreateSessionSuccess ----

/// v2_portal_create_session/200_test.go, "basic session creation".
#[test]
fn create_session__basic_session_creation() {
    let s = start(&["--portal-base-url", "https://portal.unkey.com"]);
    api_with_portal(&s, "test-portal");
    let r = mint(
        &s,
        "reader",
        session_body("test-portal", "user_123", &["keys:read"]),
    );
    let d = r.data();
    let id = d["id"].as_str().unwrap();
    let url = d["url"].as_str().unwrap();
    assert!(id.starts_with("ps_"), "{id}");
    assert!(
        url.starts_with("https://portal.unkey.com/?code=pst_"),
        "{url}"
    );
    assert!(!url.contains(id));
    assert!(r.json()["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
    // The answer carries a credential: never cached.
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("pragma"), Some("no-cache"));
}

/// v2_portal_create_session/200_test.go, "resolves the portal by id as well as slug".
#[test]
fn create_session__resolves_the_portal_by_id_as_well_as_slug() {
    let s = start(&[]);
    let (_, id) = api_with_portal(&s, "test-portal");
    assert!(id.starts_with("pc_"), "{id}");
    let r = mint(
        &s,
        "reader",
        session_body(&id, "user_by_id", &["keys:read"]),
    );
    assert!(r.data()["id"].as_str().unwrap().starts_with("ps_"));
}

/// v2_portal_create_session/200_test.go, "with preview".
#[test]
fn create_session__with_preview() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let mut body = session_body("test-portal", "user_789", &["keys:read"]);
    body["preview"] = json!(true);
    let d = mint(&s, "reader", body).data();
    // Pending: the code has not been redeemed, so it exchanges now.
    let code = code_of(d["url"].as_str().unwrap());
    assert_eq!(exchange(&s, &code).status, 200);
}

/// v2_portal_create_session/200_test.go, "stores the exchange code only as a hash".
#[test]
fn create_session__stores_the_exchange_code_only_as_a_hash() {
    let db = DataFile::new("code-hash");
    let s = start(&["--data", &db.0]);
    api_with_portal(&s, "test-portal");
    let d = mint(
        &s,
        "reader",
        session_body("test-portal", "user_hashed", &["keys:read"]),
    )
    .data();
    let code = code_of(d["url"].as_str().unwrap());
    assert!(
        db.contains(d["id"].as_str().unwrap()),
        "the session is stored"
    );
    assert!(!db.contains(&code), "the plaintext code must not be stored");
}

/// v2_portal_create_session/200_test.go, "multiple sessions for same externalId".
#[test]
fn create_session__multiple_sessions_for_same_externalId() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let body = session_body("test-portal", "user_multi", &["keys:read"]);
    let a = mint(&s, "reader", body.clone()).data();
    let b = mint(&s, "reader", body).data();
    assert_ne!(a["id"], b["id"]);
    assert_ne!(a["url"], b["url"]);
}

// ---- 400_test.go: TestCreateSessionBadRequest ----

fn bad_request(body: Value) {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let r = mint(&s, "reader", body);
    assert_eq!(r.status, 400, "{}", text(&r));
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/application/invalid_input"
    );
    assert_eq!(
        detail(&r),
        "POST request body for '/v2/portal.createSession' failed to validate schema"
    );
}

/// v2_portal_create_session/400_test.go, "missing externalId".
#[test]
fn create_session__missing_externalId() {
    bad_request(json!({"portal": "test-portal", "scopes": ["keys:read"]}));
}

/// v2_portal_create_session/400_test.go, "empty externalId".
#[test]
fn create_session__empty_externalId() {
    bad_request(session_body("test-portal", "", &["keys:read"]));
}

/// v2_portal_create_session/400_test.go, "missing slug".
#[test]
fn create_session__missing_slug() {
    bad_request(json!({"externalId": "user_123", "scopes": ["keys:read"]}));
}

/// v2_portal_create_session/400_test.go, "empty slug".
#[test]
fn create_session__empty_slug() {
    bad_request(session_body("", "user_123", &["keys:read"]));
}

/// v2_portal_create_session/400_test.go, "missing permissions".
#[test]
fn create_session__missing_permissions() {
    bad_request(json!({"portal": "test-portal", "externalId": "user_123"}));
}

/// v2_portal_create_session/400_test.go, "empty permissions array".
#[test]
fn create_session__empty_permissions_array() {
    bad_request(session_body("test-portal", "user_123", &[]));
}

/// v2_portal_create_session/400_test.go, "rejects a slug under 3 characters".
#[test]
fn create_session__rejects_a_slug_under_3_characters() {
    let s = start(&[]);
    let r = mint(&s, "reader", session_body("ab", "user_123", &["keys:read"]));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/portal/minLength"
    );
}

/// v2_portal_create_session/400_test.go, "accepts an id-shaped identifier".
#[test]
fn create_session__accepts_an_id_shaped_identifier() {
    let s = start(&[]);
    let (_, id) = api_with_portal(&s, "test-portal");
    assert_eq!(
        mint(&s, "reader", session_body(&id, "user_123", &["keys:read"])).status,
        200
    );
}

/// v2_portal_create_session/400_test.go, "a well-formed but unknown slug is still a 404".
#[test]
fn create_session__a_well_formed_but_unknown_slug_is_still_a_404() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let r = mint(
        &s,
        "reader",
        session_body("no-such-portal", "user_123", &["keys:read"]),
    );
    assert_eq!(r.status, 404);
}

/// v2_portal_create_session/400_test.go, "unknown capability rejected".
#[test]
fn create_session__unknown_capability_rejected() {
    bad_request(session_body("test-portal", "user_123", &["keys:destroy"]));
}

/// v2_portal_create_session/400_test.go, "legacy rbac tuple rejected".
#[test]
fn create_session__legacy_rbac_tuple_rejected() {
    bad_request(session_body("test-portal", "user_123", &["api.*.read_key"]));
}

/// v2_portal_create_session/400_test.go, "mixed valid and invalid rejected".
#[test]
fn create_session__mixed_valid_and_invalid_rejected() {
    bad_request(session_body(
        "test-portal",
        "user_123",
        &["keys:read", "api.*.read_key"],
    ));
}

// ---- 401_test.go ----

/// v2_portal_create_session/401_test.go, "invalid bearer token".
#[test]
fn create_session__invalid_bearer_token() {
    let s = start(&[]);
    let r = mint(
        &s,
        "invalid_key_12345",
        session_body("test-portal", "user_123", &["keys:read"]),
    );
    assert_eq!(r.status, 401);
}

/// v2_portal_create_session/401_test.go, "missing authorization header".
#[test]
fn create_session__missing_authorization_header() {
    let s = start(&[]);
    let r = s.post_as(
        "/v2/portal.createSession",
        None,
        &session_body("test-portal", "user_123", &["keys:read"]),
    );
    assert_eq!(r.status, 400);
    assert_eq!(detail(&r), "Authorization header for 'bearer' scheme");
}

// ---- 403_test.go: TestCreateSessionAuthorizationMatrix (stage 1) ----

/// The key grants every passing stage-1 case carries (keys:read needs them at stage 2).
const KEY_GRANTS: &str = "api.*.read_key,api.*.read_api";

/// Mints for the portal `matrix-portal` (id `pc_matrix`) named as `by`, with a root key
/// holding `grants`; passes or is masked as 404 without leaking the id or the permission.
fn matrix(grants: &str, by: &str, pass: bool) {
    let perms: Vec<&str> = grants.split(',').filter(|p| !p.is_empty()).collect();
    let s = start(&[]);
    let api = s.create_api();
    portal(
        &s,
        json!({"slug": "matrix-portal", "apiId": api, "portalId": "pc_matrix"}),
    );
    let root = s.root_key(&perms);
    let r = mint(&s, &root, session_body(by, "user_matrix", &["keys:read"]));
    if pass {
        assert_eq!(r.status, 200, "{grants}: {}", text(&r));
        return;
    }
    assert_eq!(r.status, 404, "{grants}: {}", text(&r));
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/data/portal_not_found"
    );
    assert_eq!(detail(&r), "Portal not found.");
    assert!(!text(&r).contains("pc_matrix"));
    assert!(!text(&r).contains("create_portal_session"));
}

/// v2_portal_create_session/403_test.go, "no permissions".
#[test]
fn create_session__no_permissions() {
    matrix("", "matrix-portal", false);
}

/// v2_portal_create_session/403_test.go, "wildcard portal permission".
#[test]
fn create_session__wildcard_portal_permission() {
    matrix(
        &format!("portal.*.create_portal_session,{KEY_GRANTS}"),
        "matrix-portal",
        true,
    );
}

/// v2_portal_create_session/403_test.go, "specific portal permission".
#[test]
fn create_session__specific_portal_permission() {
    matrix(
        &format!("portal.pc_matrix.create_portal_session,{KEY_GRANTS}"),
        "matrix-portal",
        true,
    );
}

/// v2_portal_create_session/403_test.go, "permission and more".
#[test]
fn create_session__permission_and_more() {
    matrix(
        &format!("ratelimit.*.limit,portal.*.create_portal_session,{KEY_GRANTS}"),
        "matrix-portal",
        true,
    );
}

/// v2_portal_create_session/403_test.go, "portal named by slug matches id scoped grant".
#[test]
fn create_session__portal_named_by_slug_matches_id_scoped_grant() {
    matrix(
        &format!("portal.pc_matrix.create_portal_session,{KEY_GRANTS}"),
        "matrix-portal",
        true,
    );
}

/// v2_portal_create_session/403_test.go, "portal named by id matches id scoped grant".
#[test]
fn create_session__portal_named_by_id_matches_id_scoped_grant() {
    matrix(
        &format!("portal.pc_matrix.create_portal_session,{KEY_GRANTS}"),
        "pc_matrix",
        true,
    );
}

/// v2_portal_create_session/403_test.go, "another portals grant".
#[test]
fn create_session__another_portals_grant() {
    matrix(
        &format!("portal.pc_other.create_portal_session,{KEY_GRANTS}"),
        "matrix-portal",
        false,
    );
}

/// v2_portal_create_session/403_test.go, "read portal does not grant minting".
#[test]
fn create_session__read_portal_does_not_grant_minting() {
    matrix(
        &format!("portal.*.read_portal,{KEY_GRANTS}"),
        "matrix-portal",
        false,
    );
}

/// v2_portal_create_session/403_test.go, "update portal does not grant minting".
#[test]
fn create_session__update_portal_does_not_grant_minting() {
    matrix(
        &format!("portal.*.update_portal,{KEY_GRANTS}"),
        "matrix-portal",
        false,
    );
}

/// v2_portal_create_session/403_test.go, "create portal does not grant minting".
#[test]
fn create_session__create_portal_does_not_grant_minting() {
    matrix(
        &format!("portal.*.create_portal,{KEY_GRANTS}"),
        "matrix-portal",
        false,
    );
}

/// v2_portal_create_session/403_test.go, "delete portal does not grant minting".
#[test]
fn create_session__delete_portal_does_not_grant_minting() {
    matrix(
        &format!("portal.*.delete_portal,{KEY_GRANTS}"),
        "matrix-portal",
        false,
    );
}

/// v2_portal_create_session/403_test.go, "unrelated api permission".
#[test]
fn create_session__unrelated_api_permission() {
    matrix("api.*.read_api", "matrix-portal", false);
}

/// v2_portal_create_session/403_test.go, "key permissions alone".
#[test]
fn create_session__key_permissions_alone() {
    matrix(KEY_GRANTS, "matrix-portal", false);
}

// ---- 403_test.go: TestCreateSessionScopeEscalation (stage 2) ----

const MINT: &str = "portal.*.create_portal_session";

/// Mints `scopes` for `escalation-portal` with a root key holding the portal permission and
/// `grants`: 200, or 403 naming the first scope it may not grant. (The table's three
/// encrypted-keyspace entries are in port_vault.rs.)
fn escalation(grants: &str, scopes: &[&str], pass: bool) {
    let spec = if grants.is_empty() {
        format!("esc={MINT}")
    } else {
        format!("esc={MINT},{grants}")
    };
    let s = start(&["--root-key", &spec]);
    api_with_portal(&s, "escalation-portal");
    let r = mint(
        &s,
        "esc",
        session_body("escalation-portal", "user_escalation", scopes),
    );
    if pass {
        assert_eq!(r.status, 200, "{grants} {scopes:?}: {}", text(&r));
    } else {
        assert_eq!(r.status, 403, "{grants} {scopes:?}: {}", text(&r));
        assert_eq!(
            r.error_type(),
            "https://unkey.com/docs/errors/unkey/authorization/insufficient_permissions"
        );
        assert!(
            detail(&r).starts_with("You do not have permission to grant the \""),
            "{}",
            detail(&r)
        );
        assert!(!text(&r).contains("api_"), "no API id in the denial");
    }
}

/// v2_portal_create_session/403_test.go, "reroll without create_key".
#[test]
fn create_session__reroll_without_create_key() {
    escalation("", &["keys:reroll"], false);
}

/// v2_portal_create_session/403_test.go, "read without key permissions".
#[test]
fn create_session__read_without_key_permissions() {
    escalation("", &["keys:read"], false);
}

/// v2_portal_create_session/403_test.go, "analytics without read_analytics".
#[test]
fn create_session__analytics_without_read_analytics() {
    escalation("", &["analytics:read"], false);
}

/// v2_portal_create_session/403_test.go, "create without create_key".
#[test]
fn create_session__create_without_create_key() {
    escalation("", &["keys:create"], false);
}

/// v2_portal_create_session/403_test.go, "read with read_key and read_api".
#[test]
fn create_session__read_with_read_key_and_read_api() {
    escalation("api.*.read_key,api.*.read_api", &["keys:read"], true);
}

/// v2_portal_create_session/403_test.go, "read with read_key but not read_api".
#[test]
fn create_session__read_with_read_key_but_not_read_api() {
    escalation("api.*.read_key", &["keys:read"], false);
}

/// v2_portal_create_session/403_test.go, "read with read_api but not read_key".
#[test]
fn create_session__read_with_read_api_but_not_read_key() {
    escalation("api.*.read_api", &["keys:read"], false);
}

/// v2_portal_create_session/403_test.go, "reroll with create_key".
#[test]
fn create_session__reroll_with_create_key() {
    escalation("api.*.create_key", &["keys:reroll"], true);
}

/// v2_portal_create_session/403_test.go, "reroll with update_key only".
#[test]
fn create_session__reroll_with_update_key_only() {
    escalation("api.*.update_key", &["keys:reroll"], false);
}

/// A grant naming the portal's API: the API id is known only after it exists, so a second
/// server on the same `--data` file holds the root key.
fn api_scoped(tag: &str, grants: impl Fn(&str) -> String, scopes: &[&str]) {
    let db = DataFile::new(tag);
    let api = {
        let s = start(&["--data", &db.0]);
        api_with_portal(&s, "escalation-portal").0
    };
    let spec = format!("esc={MINT},{}", grants(&api));
    let s = start(&["--data", &db.0, "--root-key", &spec]);
    let r = mint(
        &s,
        "esc",
        session_body("escalation-portal", "user_escalation", scopes),
    );
    assert_eq!(r.status, 200, "{}", text(&r));
}

/// v2_portal_create_session/403_test.go, "api scoped grants satisfy the check".
#[test]
fn create_session__api_scoped_grants_satisfy_the_check() {
    api_scoped(
        "api-scoped",
        |api| format!("api.{api}.read_key,api.{api}.read_api"),
        &["keys:read"],
    );
}

/// v2_portal_create_session/403_test.go, "analytics with api scoped read_analytics".
#[test]
fn create_session__analytics_with_api_scoped_read_analytics() {
    api_scoped(
        "api-analytics",
        |api| format!("api.{api}.read_analytics"),
        &["analytics:read"],
    );
}

/// v2_portal_create_session/403_test.go, "analytics with wildcard read_analytics".
#[test]
fn create_session__analytics_with_wildcard_read_analytics() {
    escalation("api.*.read_analytics", &["analytics:read"], true);
}

/// v2_portal_create_session/403_test.go, "read granted but reroll not".
#[test]
fn create_session__read_granted_but_reroll_not() {
    escalation(
        "api.*.read_key,api.*.read_api",
        &["keys:read", "keys:reroll"],
        false,
    );
}

/// v2_portal_create_session/403_test.go, "all requested scopes granted".
#[test]
fn create_session__all_requested_scopes_granted() {
    escalation(
        "api.*.read_key,api.*.read_api,api.*.create_key,api.*.read_analytics",
        &["keys:read", "keys:reroll", "analytics:read"],
        true,
    );
}

/// v2_portal_create_session/403_test.go, "reroll on unencrypted keyspace needs only create_key".
#[test]
fn create_session__reroll_on_unencrypted_keyspace_needs_only_create_key() {
    escalation("api.*.create_key", &["keys:reroll"], true);
}

/// TestCreateSessionRejectionWritesNothing: a stage-2 refusal stores no session.
#[test]
fn create_session__rejection_writes_nothing() {
    let db = DataFile::new("no-write");
    let s = start(&["--data", &db.0]);
    api_with_portal(&s, "no-write-portal");
    let r = mint(
        &s,
        "reader",
        session_body(
            "no-write-portal",
            "user_no_write_marker",
            &["keys:read", "keys:reroll"],
        ),
    );
    assert_eq!(r.status, 403, "{}", text(&r));
    assert_eq!(
        detail(&r),
        "You do not have permission to grant the \"keys:reroll\" scope to a portal session."
    );
    assert!(!db.contains("user_no_write_marker"));
}

/// TestCreateSessionForbiddenDisabledPortal: the disabled check comes after authorization.
#[test]
fn create_session__forbidden_disabled_portal() {
    let s = start(&[]);
    let api = s.create_api();
    portal(
        &s,
        json!({"slug": "disabled-portal", "apiId": api, "enabled": false}),
    );
    let r = mint(
        &s,
        "reader",
        session_body("disabled-portal", "user_123", &["keys:read"]),
    );
    assert_eq!(r.status, 403);
    assert_eq!(detail(&r), "Portal is disabled.");
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/authorization/forbidden"
    );
}

/// The same disabled portal, for a root key that may not mint: "not found", as any portal.
#[test]
fn create_session__disabled_portal_is_masked_without_the_permission() {
    let s = start(&["--root-key", "keys_only=api.*.read_key,api.*.read_api"]);
    let api = s.create_api();
    portal(
        &s,
        json!({"slug": "disabled-portal", "apiId": api, "enabled": false}),
    );
    let r = mint(
        &s,
        "keys_only",
        session_body("disabled-portal", "user_123", &["keys:read"]),
    );
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "Portal not found.");
}

/// TestCreateSessionKeyspaceWithoutAPI: the portal's API was deleted.
#[test]
fn create_session__keyspace_without_api() {
    let s = start(&[]);
    let (api, _) = api_with_portal(&s, "orphan-portal");
    s.ok("apis.deleteApi", json!({"apiId": api}));
    let r = mint(
        &s,
        "reader",
        session_body("orphan-portal", "user_orphan", &["keys:read"]),
    );
    assert_eq!(r.status, 403, "{}", text(&r));
    assert_eq!(
        detail(&r),
        "Portal is not available: the API it uses no longer exists."
    );
}

// ---- 404_test.go ----

/// v2_portal_create_session/404_test.go, TestCreateSessionNotFoundNonExistentPortalId: the 404
/// names neither the portal nor the end user.
#[test]
fn create_session__not_found() {
    let s = start(&[]);
    let r = mint(
        &s,
        "reader",
        session_body("nonexistent-portal", "user_123", &["keys:read"]),
    );
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "Portal not found.");
    assert!(!text(&r).contains("nonexistent-portal"));
    assert!(!text(&r).contains("user_123"));
}

/// v2_portal_create_session/404_test.go, TestCreateSessionNotFoundWrongWorkspace.
#[test]
fn create_session__not_found_wrong_workspace() {
    let b = format!("rk_b={MINT},{KEY_GRANTS}");
    let s = start(&["--workspace", "ws_b", "--root-key", &b]);
    let (_, id) = api_with_portal(&s, "cross-workspace-portal");
    let r = mint(
        &s,
        "rk_b",
        session_body("cross-workspace-portal", "user_123", &["keys:read"]),
    );
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "Portal not found.");
    assert!(!text(&r).contains(&id));
    assert!(!text(&r).contains("ws_local"));
}

// ---- urn_permissions_test.go: TestCreateSessionDeniesURNGrants ----

fn urn_case(grants: &str, status: u16) {
    let spec = format!("urn={grants}");
    let s = start(&["--root-key", &spec]);
    api_with_portal(&s, "urn-portal");
    let r = mint(
        &s,
        "urn",
        session_body("urn-portal", "user_urn", &["keys:read"]),
    );
    assert_eq!(r.status, status, "{}", text(&r));
}

/// v2_portal_create_session/urn_permissions_test.go, "admin grant cannot mint".
#[test]
fn create_session__admin_grant_cannot_mint() {
    urn_case("unkey:v1:ws_local:**#*", 404);
}

/// v2_portal_create_session/urn_permissions_test.go, "portal URN grant cannot mint".
#[test]
fn create_session__portal_URN_grant_cannot_mint() {
    urn_case(
        "unkey:v1:ws_local:portals/*#create_portal_session,unkey:v1:ws_local:keyspaces/*/keys/*#read_key,unkey:v1:ws_local:keyspaces/*#read_keyspace",
        404,
    );
}

/// v2_portal_create_session/urn_permissions_test.go, "legacy portal tuple with URN-only scope grant
/// is refused at stage 2".
#[test]
fn create_session__legacy_portal_tuple_with_URN_only_scope_grant_is_refused_at_stage_2() {
    urn_case(
        "portal.*.create_portal_session,unkey:v1:ws_local:keyspaces/*/keys/*#read_key,unkey:v1:ws_local:keyspaces/*#read_keyspace",
        403,
    );
}

// ---- v2_portal_exchange_code/200_test.go: TestExchangeCodeSuccess ----

/// v2_portal_exchange_code/200_test.go, "valid exchange".
#[test]
fn exchange_code__valid_exchange() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let url = mint(
        &s,
        "reader",
        session_body("test-portal", "user_valid", &["keys:read"]),
    )
    .data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let before = now(&s);
    let r = exchange(&s, &code_of(&url));
    let d = r.data();
    let after = now(&s);
    assert!(d["accessToken"].as_str().unwrap().starts_with("pat_"));
    let day = 24 * 60 * 60 * 1000;
    let expires = d["expiresAt"].as_i64().unwrap();
    assert!(
        expires >= before + day && expires <= after + day,
        "{expires}"
    );
    assert_eq!(r.header("cache-control"), Some("no-store"));
    assert_eq!(r.header("pragma"), Some("no-cache"));
    // The token authenticates the session's end user.
    let token = d["accessToken"].as_str().unwrap();
    assert_eq!(as_session(&s, "listKeys", token, &json!({})).status, 200);
}

fn now(s: &Server) -> i64 {
    let r = s.request("GET", "/_local/clock", &[], b"");
    r.json()["now"].as_i64().unwrap()
}

/// v2_portal_exchange_code/200_test.go, "stores the access token only as a hash".
#[test]
fn exchange_code__stores_the_access_token_only_as_a_hash() {
    let db = DataFile::new("token-hash");
    let s = start(&["--data", &db.0]);
    api_with_portal(&s, "test-portal");
    let token = session(&s, "test-portal", "user_hashed", &["keys:read"]);
    assert!(db.contains("user_hashed"));
    assert!(!db.contains(&token));
}

/// v2_portal_exchange_code/200_test.go, "single-use enforcement".
#[test]
fn exchange_code__single_use_enforcement() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let url = mint(
        &s,
        "reader",
        session_body("test-portal", "user_single_use", &["keys:read"]),
    )
    .data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_of(&url);
    assert_eq!(exchange(&s, &code).status, 200);
    assert_eq!(exchange(&s, &code).status, 401);
}

/// v2_portal_exchange_code/200_test.go, "concurrent exchange yields exactly one winner".
#[test]
fn exchange_code__concurrent_exchange_yields_exactly_one_winner() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let url = mint(
        &s,
        "reader",
        session_body("test-portal", "user_concurrent", &["keys:read"]),
    )
    .data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_of(&url);
    let addr = s.addr.clone();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (addr, code) = (addr.clone(), code.clone());
            std::thread::spawn(move || {
                common::try_request(
                    &addr,
                    "POST",
                    "/v2/portal.exchangeCode",
                    &[("Content-Type", "application/json")],
                    json!({"code": code}).to_string().as_bytes(),
                )
                .unwrap()
                .status
            })
        })
        .collect();
    let statuses: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 401),
        "{statuses:?}"
    );
}

// ---- 401_test.go: TestExchangeCodeUnauthorized ----

const CODE_REJECTED: &str = "Session is invalid, expired, or has already been used.";

/// v2_portal_exchange_code/401_test.go, "unknown code".
#[test]
fn exchange_code__unknown_code() {
    let s = start(&[]);
    let r = exchange(&s, "nonexistent_code");
    assert_eq!(r.status, 401);
    assert_eq!(detail(&r), CODE_REJECTED);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/authentication/portal_session_not_found"
    );
    assert!(!text(&r).contains("nonexistent_code"));
}

/// v2_portal_exchange_code/401_test.go, "expired code".
#[test]
fn exchange_code__expired_code() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let url = mint(
        &s,
        "reader",
        session_body("test-portal", "user_expired", &["keys:read"]),
    )
    .data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    // Codes last 15 minutes.
    s.advance(15 * 60 * 1000);
    let code = code_of(&url);
    let r = exchange(&s, &code);
    assert_eq!(r.status, 401);
    assert_eq!(detail(&r), CODE_REJECTED);
    assert!(!text(&r).contains(&code));
}

/// v2_portal_exchange_code/401_test.go, "already redeemed code".
#[test]
fn exchange_code__already_redeemed_code() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let url = mint(
        &s,
        "reader",
        session_body("test-portal", "user_redeemed", &["keys:read"]),
    )
    .data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_of(&url);
    exchange(&s, &code).data();
    let r = exchange(&s, &code);
    assert_eq!(r.status, 401);
    assert_eq!(detail(&r), CODE_REJECTED);
    assert!(!text(&r).contains(&code));
}

/// v2_portal_exchange_code/401_test.go, "empty code".
#[test]
fn exchange_code__empty_code() {
    let s = start(&[]);
    let r = exchange(&s, "");
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/code/minLength"
    );
}

// ---- v2_portal_list_keys/200_test.go ----

/// An API with portal `keys-portal`, two end users and four keys: two of `portal_user_A`, one
/// of `portal_user_B`, one without identity. Returns (apiId, [key ids]).
fn keys_setup(s: &Server) -> (String, Vec<String>) {
    let (api, _) = api_with_portal(s, "keys-portal");
    let mut ids = Vec::new();
    for owner in [
        Some("portal_user_A"),
        Some("portal_user_A"),
        Some("portal_user_B"),
        None,
    ] {
        let mut body = json!({"apiId": api, "name": "key"});
        if let Some(o) = owner {
            body["externalId"] = json!(o);
        }
        ids.push(s.create_key(body).0);
    }
    (api, ids)
}

/// v2_portal_list_keys/200_test.go, TestPortalSessionScopesToOwnExternalID.
#[test]
fn list_keys__portal_session_scopes_to_own_external_id() {
    let s = start(&[]);
    let (_, ids) = keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:read"]);
    let r = as_session(&s, "listKeys", &token, &json!({}));
    let body = r.json();
    assert_eq!(r.status, 200, "{body}");
    let data = body["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    for k in data {
        assert_eq!(k["identity"]["externalId"], "portal_user_A");
    }
    let got: Vec<&str> = data.iter().map(|k| k["keyId"].as_str().unwrap()).collect();
    // In the ids' byte order: the query's rows (`ORDER BY k.id`) sorted again by Go's `<`
    // before the page is cut (v2_portal_list_keys/handler.go; ids are random).
    let mut want = ids[0..2].to_vec();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(body["pagination"]["hasMore"], false);
}

/// v2_portal_list_keys/200_test.go, TestPortalSessionListKeysRequiresKeysRead.
#[test]
fn list_keys__portal_session_list_keys_requires_keys_read() {
    let s = start(&[]);
    let (_, ids) = keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:reroll"]);
    let r = as_session(&s, "listKeys", &token, &json!({}));
    assert_eq!(r.status, 403);
    assert_eq!(detail(&r), "Missing permission: 'keys:read'");
    assert!(!text(&r).contains("ws_local"));
    assert!(!text(&r).contains("portal_user_A"));
    assert!(!text(&r).contains(&ids[0]));
}

/// v2_portal_list_keys/200_test.go, TestPortalSessionNonExistentIdentityReturnsEmpty.
#[test]
fn list_keys__portal_session_non_existent_identity_returns_empty() {
    let s = start(&[]);
    keys_setup(&s);
    let token = session(&s, "keys-portal", "non_existent_user", &["keys:read"]);
    let r = as_session(&s, "listKeys", &token, &json!({}));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["data"], json!([]));
    assert_eq!(r.json()["pagination"]["hasMore"], false);
}

/// v2_portal_list_keys/200_test.go, TestPortalSessionIsRejectedAfterCachedSessionExpires.
#[test]
fn list_keys__portal_session_is_rejected_after_cached_session_expires() {
    let s = start(&[]);
    keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:read"]);
    assert_eq!(as_session(&s, "listKeys", &token, &json!({})).status, 200);
    // Access tokens last 24 hours.
    s.advance(24 * 60 * 60 * 1000);
    let r = as_session(&s, "listKeys", &token, &json!({}));
    assert_eq!(r.status, 401);
    assert_eq!(detail(&r), "The portal session is invalid or has expired.");
    assert!(!text(&r).contains(&token));
}

/// Pages through the end user's keys with `limit` and `cursor`. Upstream's handler fetches
/// `limit + 1` keys from the cursor on in the id column's collation order, sorts them by their
/// bytes and cuts the page there, naming the next row as the cursor; where the two orders
/// disagree (`key_b…` before `key_R…` in the collation, after it in bytes) the second page
/// starts at that cursor in the collation and so shows the first page's key again.
#[test]
fn list_keys__pagination() {
    let s = start(&[]);
    let (_, ids) = keys_setup(&s);
    let collated = in_id_order(&ids[0..2]);
    let mut by_bytes = ids[0..2].to_vec();
    by_bytes.sort();
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:read"]);
    let r = as_session(&s, "listKeys", &token, &json!({"limit": 1}));
    let first = r.json();
    assert_eq!(first["data"][0]["keyId"], by_bytes[0].as_str());
    assert_eq!(first["pagination"]["hasMore"], true);
    let cursor = first["pagination"]["cursor"].as_str().unwrap();
    assert_eq!(cursor, by_bytes[1]);
    // The second page's rows: from the cursor on in the collation, then by bytes.
    let from = collated.iter().position(|i| i == cursor).unwrap();
    let mut rows = collated[from..].to_vec();
    rows.sort();
    let r = as_session(
        &s,
        "listKeys",
        &token,
        &json!({"limit": 1, "cursor": cursor}),
    );
    assert_eq!(r.json()["data"][0]["keyId"], rows[0].as_str());
    assert_eq!(r.json()["pagination"]["hasMore"], rows.len() > 1);
    let r = as_session(&s, "listKeys", &token, &json!({"limit": 101}));
    assert_eq!(r.status, 400);
}

/// The cookie-authenticated routes, in upstream's order: the validator's cookie check, the
/// body, then the session; a bearer token is not a portal session.
#[test]
fn list_keys__authentication() {
    let s = start(&[]);
    keys_setup(&s);
    // No cookie: the OpenAPI validator's security check.
    let r = s.post_as("/v2/portal.listKeys", None, &json!({}));
    assert_eq!(r.status, 400);
    let e = &r.json()["error"];
    assert_eq!(e["detail"], "API Key portal_session not found in cookies");
    assert_eq!(e["errors"][0]["location"], "security");
    // A root key is not accepted on a portal route.
    let cookie = "portal_session=pat_x";
    let auth = format!("Bearer {ROOT}");
    let r = s.request(
        "POST",
        "/v2/portal.listKeys",
        &[
            ("Cookie", cookie),
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        b"{}",
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        r.error_type(),
        "https://unkey.com/docs/errors/unkey/authentication/missing"
    );
    // An empty cookie, then an unknown one.
    let r = as_session(&s, "listKeys", "", &json!({}));
    assert_eq!(r.status, 400);
    assert_eq!(detail(&r), "A valid portal session token is required.");
    let r = as_session(&s, "listKeys", "pat_unknown", &json!({}));
    assert_eq!(r.status, 401);
    assert_eq!(detail(&r), "The portal session is invalid or has expired.");
    // The body is checked before the session.
    let r = as_session(&s, "listKeys", "pat_unknown", &json!({"limit": 0}));
    assert_eq!(r.status, 400);
    // A code that was never exchanged is not a token.
    let url = mint(
        &s,
        "reader",
        session_body("keys-portal", "portal_user_A", &["keys:read"]),
    )
    .data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        as_session(&s, "listKeys", &code_of(&url), &json!({})).status,
        401
    );
}

// ---- v2_portal_reroll_key/200_test.go ----

/// v2_portal_reroll_key/200_test.go, TestPortalSessionRerollOwnKey.
#[test]
fn reroll_key__portal_session_reroll_own_key() {
    let s = start(&[]);
    let (_, ids) = keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:reroll"]);
    let r = as_session(
        &s,
        "rerollKey",
        &token,
        &json!({"keyId": ids[0], "expiration": 0}),
    );
    let d = r.data();
    let new_id = d["keyId"].as_str().unwrap();
    assert_ne!(new_id, ids[0]);
    let key = d["key"].as_str().unwrap();
    // The new key belongs to the same end user, and verifies.
    let got = s.ok("keys.getKey", json!({"keyId": new_id}));
    assert_eq!(got["identity"]["externalId"], "portal_user_A");
    assert_eq!(s.verify(json!({"key": key}))["valid"], true);
}

/// v2_portal_reroll_key/200_test.go, TestPortalSessionRequiresRerollCapability.
#[test]
fn reroll_key__portal_session_requires_reroll_capability() {
    let s = start(&[]);
    let (_, ids) = keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:create"]);
    let owned = as_session(
        &s,
        "rerollKey",
        &token,
        &json!({"keyId": ids[0], "expiration": 0}),
    );
    let missing = as_session(
        &s,
        "rerollKey",
        &token,
        &json!({"keyId": "key_missing123", "expiration": 0}),
    );
    assert_eq!(owned.status, 403);
    assert_eq!(owned.json()["error"], missing.json()["error"]);
    assert!(!text(&owned).contains(&ids[0]));
    assert!(!text(&missing).contains("key_missing123"));
}

/// v2_portal_reroll_key/200_test.go, TestPortalSessionCannotRerollKeyOutsideSessionKeyspaces.
#[test]
fn reroll_key__portal_session_cannot_reroll_key_outside_session_keyspaces() {
    let s = start(&[]);
    keys_setup(&s);
    let other_api = s.create_api();
    let (key, _) = s.create_key(json!({"apiId": other_api, "externalId": "portal_user_A"}));
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:reroll"]);
    let r = as_session(
        &s,
        "rerollKey",
        &token,
        &json!({"keyId": key, "expiration": 0}),
    );
    assert_eq!(r.status, 404);
}

/// v2_portal_reroll_key/200_test.go, TestPortalSessionCannotRerollOtherIdentityKey.
#[test]
fn reroll_key__portal_session_cannot_reroll_other_identity_key() {
    let s = start(&[]);
    let (_, ids) = keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:reroll"]);
    let r = as_session(
        &s,
        "rerollKey",
        &token,
        &json!({"keyId": ids[2], "expiration": 0}),
    );
    assert_eq!(r.status, 404);
    assert_eq!(detail(&r), "The specified key was not found.");
    assert!(!text(&r).contains(&ids[2]));
}

/// v2_portal_reroll_key/200_test.go, TestPortalSessionCannotRerollKeyWithoutIdentity.
#[test]
fn reroll_key__portal_session_cannot_reroll_key_without_identity() {
    let s = start(&[]);
    let (_, ids) = keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:reroll"]);
    let r = as_session(
        &s,
        "rerollKey",
        &token,
        &json!({"keyId": ids[3], "expiration": 0}),
    );
    assert_eq!(r.status, 404);
}

// ---- v2_portal_get_verifications/200_test.go and 400_test.go ----

fn total(r: &Resp) -> i64 {
    r.json()["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", text(r)))
        .iter()
        .map(|p| p["total"].as_i64().unwrap())
        .sum()
}

fn window(s: &Server, key_id: Option<&str>) -> Value {
    let t = now(s);
    let mut body = json!({"startTime": t - 60 * 60 * 1000, "endTime": t + 60 * 1000});
    if let Some(k) = key_id {
        body["keyId"] = json!(k);
    }
    body
}

/// v2_portal_get_verifications/200_test.go, TestPortalSessionAnalyticsScopedToOwnKeys.
#[test]
fn get_verifications__portal_session_analytics_scoped_to_own_keys() {
    let s = start(&["--analytics"]);
    let (api, _) = api_with_portal(&s, "analytics-portal");
    let (_, a) = s.create_key(json!({"apiId": api, "externalId": "portal_user_A"}));
    let (deleted_id, deleted) = s.create_key(json!({"apiId": api, "externalId": "portal_user_A"}));
    let (_, b) = s.create_key(json!({"apiId": api, "externalId": "portal_user_B"}));
    for (key, n) in [(&a, 3), (&deleted, 2), (&b, 5)] {
        for _ in 0..n {
            s.verify(json!({"key": key}));
        }
    }
    // Events stay the end user's after the key is deleted.
    s.ok("keys.deleteKey", json!({"keyId": deleted_id}));
    let token = session(&s, "analytics-portal", "portal_user_A", &["analytics:read"]);
    let r = as_session(&s, "getVerifications", &token, &window(&s, None));
    assert_eq!(r.status, 200, "{}", text(&r));
    assert_eq!(total(&r), 5);
    // Minute buckets over the ~61 minute window, zero-filled and in order.
    let data = r.json()["data"].as_array().unwrap().clone();
    assert!(data.len() >= 61, "{}", data.len());
    assert!(data
        .windows(2)
        .all(|w| w[1]["time"].as_i64().unwrap() - w[0]["time"].as_i64().unwrap() == 60_000));
    let valid: i64 = data.iter().map(|p| p["valid"].as_i64().unwrap()).sum();
    assert_eq!(valid, 5);
}

/// v2_portal_get_verifications/200_test.go, TestPortalSessionAnalyticsKeyIdFilter.
#[test]
fn get_verifications__portal_session_analytics_key_id_filter() {
    let s = start(&["--analytics"]);
    let (api, _) = api_with_portal(&s, "analytics-portal");
    let (target_id, target) = s.create_key(json!({"apiId": api, "externalId": "portal_user_A"}));
    let (_, other) = s.create_key(json!({"apiId": api, "externalId": "portal_user_A"}));
    for (key, n) in [(&target, 4), (&other, 6)] {
        for _ in 0..n {
            s.verify(json!({"key": key}));
        }
    }
    let token = session(&s, "analytics-portal", "portal_user_A", &["analytics:read"]);
    let r = as_session(
        &s,
        "getVerifications",
        &token,
        &window(&s, Some(&target_id)),
    );
    assert_eq!(total(&r), 4);
    let r = as_session(&s, "getVerifications", &token, &window(&s, None));
    assert_eq!(total(&r), 10);
}

/// v2_portal_get_verifications/200_test.go, TestPortalSessionAnalyticsRequiresAnalyticsRead.
#[test]
fn get_verifications__portal_session_analytics_requires_analytics_read() {
    let s = start(&[]);
    api_with_portal(&s, "analytics-portal");
    let token = session(&s, "analytics-portal", "portal_user_A", &["keys:read"]);
    let r = as_session(&s, "getVerifications", &token, &window(&s, None));
    assert_eq!(r.status, 403);
    assert!(!text(&r).contains("ws_local"));
    assert!(!text(&r).contains("portal_user_A"));
    assert!(!text(&r).contains("ks_"));
}

/// v2_portal_get_verifications/400_test.go, TestPortalSessionAnalyticsRejectsOversizedWindow.
#[test]
fn get_verifications__portal_session_analytics_rejects_oversized_window() {
    let s = start(&["--analytics"]);
    api_with_portal(&s, "analytics-portal");
    let token = session(&s, "analytics-portal", "portal_user_A", &["analytics:read"]);
    let t = now(&s);
    let day = 24 * 60 * 60 * 1000;
    let r = as_session(
        &s,
        "getVerifications",
        &token,
        &json!({"startTime": t - 40 * day, "endTime": t}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(
        detail(&r),
        "The requested time window is too large. The maximum window is 30 days."
    );
    let r = as_session(
        &s,
        "getVerifications",
        &token,
        &json!({"startTime": t - 10 * day, "endTime": t}),
    );
    assert_eq!(r.status, 200);
    // Day buckets: the ten days and today, all zero.
    assert_eq!(r.json()["data"].as_array().unwrap().len(), 11);
    assert_eq!(total(&r), 0);
    // An empty or inverted window is refused by the handler.
    let r = as_session(
        &s,
        "getVerifications",
        &token,
        &json!({"startTime": t, "endTime": t}),
    );
    assert_eq!(r.status, 400);
    assert_eq!(detail(&r), "`endTime` must be greater than `startTime`.");
}

// ---- v2_apis_list_keys/portal_rejection_test.go ----

/// TestProtectedRouteRejectsPortalSession: a portal cookie authenticates nothing else.
#[test]
fn apis_list_keys__protected_route_rejects_portal_session() {
    let s = start(&[]);
    let (api, _) = keys_setup(&s);
    let token = session(&s, "keys-portal", "portal_user_A", &["keys:read"]);
    let cookie = format!("portal_session={token}");
    let r = s.request(
        "POST",
        "/v2/apis.listKeys",
        &[("Content-Type", "application/json"), ("Cookie", &cookie)],
        json!({"apiId": api}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 400);
    assert_eq!(detail(&r), "Authorization header for 'bearer' scheme");
}

/// TestRootKeyUnaffectedByPortalScoping, "root key lists all keys without externalId filter".
#[test]
fn apis_list_keys__root_key_lists_all_keys_without_externalId_filter() {
    let s = start(&["--root-key", "lister=api.*.read_key,api.*.read_api"]);
    let (api, _) = keys_setup(&s);
    let r = s.post_as("/v2/apis.listKeys", Some("lister"), &json!({"apiId": api}));
    assert_eq!(r.data().as_array().unwrap().len(), 4);
}

/// TestRootKeyUnaffectedByPortalScoping, "root key filters by externalId normally".
#[test]
fn apis_list_keys__root_key_filters_by_externalId_normally() {
    let s = start(&["--root-key", "lister=api.*.read_key,api.*.read_api"]);
    let (api, _) = keys_setup(&s);
    let r = s.post_as(
        "/v2/apis.listKeys",
        Some("lister"),
        &json!({"apiId": api, "externalId": "portal_user_B"}),
    );
    let data = r.data();
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["identity"]["externalId"], "portal_user_B");
}

/// `returnUrl` has `format: uri` in the spec, which upstream's validator does not assert
/// (libopenapi-validator's format assertions are off); only its length is checked.
#[test]
fn create_session__return_url_format_is_not_asserted() {
    let s = start(&[]);
    api_with_portal(&s, "test-portal");
    let mut body = session_body("test-portal", "user_url", &["keys:read"]);
    body["returnUrl"] = json!("not a url");
    assert_eq!(mint(&s, "reader", body.clone()).status, 200);
    body["returnUrl"] = json!("x".repeat(501));
    let r = mint(&s, "reader", body);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["errors"][0]["location"],
        "/properties/returnUrl/maxLength"
    );
}

/// portal.listKeys shows credits with their due refills, as every other read does (upstream's
/// refill job has written them to the row the portal reads, `key_refill_by_ids.sql`).
#[test]
fn list_keys__shows_due_refills() {
    let s = start(&[]);
    let (api, portal_id) = api_with_portal(&s, "refilled");
    s.create_key(json!({"apiId": api, "externalId": "owner",
        "credits": {"remaining": 1, "refill": {"interval": "daily", "amount": 7}}}));
    s.advance(86_400_000);
    let token = session(&s, &portal_id, "owner", &["keys:read"]);
    let r = as_session(&s, "listKeys", &token, &json!({}));
    assert_eq!(r.status, 200, "{}", text(&r));
    assert_eq!(r.data()[0]["credits"]["remaining"], 7);
}

// ---- Upstream's handlers where no Go subtest looks (the s14 audit) -------------------------

/// The exchange code and the access token are `pst_`/`pat_` and upstream's `uid.Secure()`: 24
/// characters of `[a-zA-Z0-9]`. The slug is found in any case (its column takes MySQL's
/// default `utf8mb4_0900_ai_ci`); the portal's id is not.
#[test]
fn portal__tokens_and_slug_case() {
    let s = start(&[]);
    let (_, id) = api_with_portal(&s, "acme");
    let url = mint(&s, ROOT, session_body("ACME", "u1", &["keys:read"])).data()["url"]
        .as_str()
        .unwrap()
        .to_string();
    let code = code_of(&url);
    let token = exchange(&s, &code).data()["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    for (t, prefix) in [(&code, "pst_"), (&token, "pat_")] {
        assert_eq!(t.len(), 28, "{t}");
        assert!(t.starts_with(prefix), "{t}");
        assert!(t[4..].bytes().all(|b| b.is_ascii_alphanumeric()), "{t}");
    }
    let r = mint(
        &s,
        ROOT,
        session_body(&id.to_uppercase(), "u1", &["keys:read"]),
    );
    assert_eq!(r.status, 404);
}

/// portal.listKeys: upstream fetches `limit + 1` keys in the id column's order and Go sorts them
/// by their bytes before it cuts the page, so within a page an upper-case id comes before a
/// lower-case one; and keys of a deleted API are still listed (its keyspace stays).
#[test]
fn portal_list_keys__byte_order_within_a_page_and_a_deleted_api() {
    let s = start(&[]);
    let (api, _) = api_with_portal(&s, "order");
    let mut ids: Vec<String> = (0..12)
        .map(|_| s.create_key(json!({"apiId": api, "externalId": "du"})).0)
        .collect();
    let token = session(&s, "order", "du", &["keys:read"]);
    let page = |cursor: Option<&str>| {
        let mut body = json!({"limit": 5});
        if let Some(c) = cursor {
            body["cursor"] = json!(c);
        }
        let r = as_session(&s, "listKeys", &token, &body);
        assert_eq!(r.status, 200, "{}", text(&r));
        r.json()
    };
    // Two pages: each the next 6 ids in collation order from the cursor on, sorted by bytes,
    // 5 kept and the sixth named as the cursor.
    let expected = in_id_order(&ids);
    let mut cursor: Option<String> = None;
    for _ in 0..2 {
        let p = page(cursor.as_deref());
        let start = cursor
            .as_ref()
            .and_then(|c| expected.iter().position(|i| i == c))
            .unwrap_or(0);
        let mut window: Vec<String> = expected.iter().skip(start).take(6).cloned().collect();
        window.sort();
        let got: Vec<&str> = p["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["keyId"].as_str().unwrap())
            .collect();
        let want: Vec<&str> = window.iter().take(5).map(String::as_str).collect();
        assert_eq!(got, want);
        cursor = window.get(5).cloned();
        assert_eq!(p["pagination"]["cursor"].as_str(), cursor.as_deref());
    }
    s.ok("apis.deleteApi", json!({"apiId": api}));
    let all = as_session(&s, "listKeys", &token, &json!({"limit": 100})).json();
    ids.sort();
    let listed: Vec<String> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["keyId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, ids);
}

/// A portal route with an `Authorization` header that is no bearer credential: upstream's
/// `zen.Bearer` error as it words it there, with no root-key sentence before it.
#[test]
fn portal_list_keys__authorization_without_bearer() {
    let s = start(&[]);
    api_with_portal(&s, "auth");
    let token = session(&s, "auth", "du", &["keys:read"]);
    for auth in ["Basic x", "Bearer", "bearer x"] {
        let r = s.request(
            "POST",
            "/v2/portal.listKeys",
            &[
                ("Content-Type", "application/json"),
                ("Cookie", &format!("portal_session={token}")),
                ("Authorization", auth),
            ],
            b"{}",
        );
        r.assert_error(
            400,
            "unkey/authentication/malformed",
            "Your authorization header is missing the 'Bearer ' prefix.",
        );
    }
}

/// The `portal_session` cookie as Go's `Request.Cookie` reads it: the name trimmed, the value
/// not; a value with a `\` skipped for a later cookie of the name.
#[test]
fn portal_list_keys__cookie_parsing() {
    let s = start(&[]);
    api_with_portal(&s, "cookie");
    let token = session(&s, "cookie", "du", &["keys:read"]);
    let call = |cookie: String| {
        s.request(
            "POST",
            "/v2/portal.listKeys",
            &[("Content-Type", "application/json"), ("Cookie", &cookie)],
            b"{}",
        )
        .status
    };
    assert_eq!(call(format!("portal_session ={token}")), 200);
    assert_eq!(
        call(format!("portal_session=a\\b; portal_session={token}")),
        200
    );
    assert_eq!(call(format!("portal_session=\"{token}\"")), 200);
    assert_eq!(call(format!("portal_session= {token}")), 401);
}
