//! The typed Rust API on wasm32 over its default transport (feature `gloo`: gloo-net, a web-sys
//! `AbortController`, the host's timers), shared by `wasm_gloo_node.rs` (Node) and
//! `wasm_gloo_browser.rs` (headless Chromium and Firefox), against a real unkey-local started
//! with `--faults` by `scripts/test-wasm.sh` (URL and root key baked in at compile time:
//! `UNKEY_LOCAL_URL`, `UNKEY_ROOT_KEY`). Also models to and from `JsValue` (`JsModel`):
//! round trips and bad JS input.

use core::fmt::Debug;

use futures_util::StreamExt;
use js_sys::{Reflect, JSON};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

use unkey_edge::error::ValidationErrorKind;
use unkey_edge::models::*;
use unkey_edge::transport::fetch::JsTimer;
use unkey_edge::transport::gloo::GlooTransport;
use unkey_edge::transport::{HttpRequest, Method, Timer, Transport};
use unkey_edge::{Backoff, CallOptions, Client, ClientBuilder, Retries, Unkey};

fn base_url() -> &'static str {
    option_env!("UNKEY_LOCAL_URL").expect("build through scripts/test-wasm.sh (UNKEY_LOCAL_URL)")
}

fn root_key() -> &'static str {
    option_env!("UNKEY_ROOT_KEY").expect("build through scripts/test-wasm.sh (UNKEY_ROOT_KEY)")
}

/// `Unkey::builder().build()`: on wasm32 with `gloo`, the default is gloo-net.
fn client() -> Client {
    Unkey::builder()
        .root_key(root_key())
        .server_url(base_url())
        .build()
        .unwrap()
}

/// Retries with 1-5 ms pauses: the attempt count is what the tests assert.
fn fast() -> CallOptions {
    CallOptions::new().retries(Retries::Backoff(
        Backoff::new()
            .initial_interval(core::time::Duration::from_millis(1))
            .max_interval(core::time::Duration::from_millis(5)),
    ))
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn uniq() -> String {
    format!("{}", (js_sys::Math::random() * 1e12) as u64)
}

/// Control endpoints of unkey-local (`--faults`), through the transport itself.
async fn control(method: Method, path: &str, body: Option<&str>) -> serde_json::Value {
    let resp = GlooTransport::new()
        .send(HttpRequest {
            method,
            url: format!("{}{path}", base_url()),
            headers: vec![("content-type", "application/json".to_string())],
            body: body.map(str::to_string),
            timeout_ms: Some(5000),
        })
        .await
        .unwrap();
    assert!(
        resp.status < 300,
        "control {path}: {} {}",
        resp.status,
        resp.body
    );
    serde_json::from_str(&resp.body).unwrap()
}

async fn count(path: &str) -> u64 {
    let counts = control(Method::Get, "/_local/requests", None).await;
    counts["paths"][path].as_u64().unwrap_or(0)
}

async fn fault(body: &str) {
    control(Method::Post, "/_local/faults", Some(body)).await;
}

async fn reset_faults() {
    control(Method::Post, "/_local/faults/reset", None).await;
}

/// `from_js(to_js(v)) == v`, and `to_js` is the wire JSON (what `JSON.stringify` gives equals
/// serde_json's encoding).
fn round_trip<T>(v: &T)
where
    T: JsModel + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let js = v.to_js().unwrap();
    let back = T::from_js(&js).unwrap_or_else(|e| panic!("{v:?}: {e}"));
    assert_eq!(&back, v);
    let text: String = JSON::stringify(&js).unwrap().into();
    let wire = serde_json::to_value(v).unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        wire
    );
}

// ---- every namespace, against unkey-local ----

#[wasm_bindgen_test]
async fn every_namespace_through_the_typed_client() {
    let unkey = client();
    assert!(!format!("{unkey:?}").contains(root_key()));

    let live = unkey.liveness().await.unwrap();
    round_trip(&live.data);

    // apis + keys
    let api = unkey
        .apis()
        .create_api(CreateApiRequest::new(format!("gloo_{}", uniq())))
        .await
        .unwrap();
    round_trip(&api.data);
    let api_id = api.data.api_id.clone();
    let got = unkey
        .apis()
        .get_api(GetApiRequest::new(&api_id))
        .await
        .unwrap();
    round_trip(&got.data);
    let key = unkey
        .keys()
        .create_key(
            CreateKeyRequest::new(&api_id)
                .prefix("gl")
                .credits(Credits::new(2)),
        )
        .await
        .unwrap();
    round_trip(&key.data);
    let verified = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new(&key.data.key))
        .await
        .unwrap();
    assert!(verified.data.valid);
    assert_eq!(verified.data.credits, Some(1));
    round_trip(&verified.data);
    round_trip(&verified.data.code);
    let info = unkey
        .keys()
        .get_key(GetKeyRequest::new(&key.data.key_id))
        .await
        .unwrap();
    round_trip(&info.data);
    let credits = unkey
        .keys()
        .update_credits(
            UpdateCreditsRequest::new(&key.data.key_id, CreditOperation::Set).value(7i64),
        )
        .await
        .unwrap();
    round_trip(&credits.data);
    let rerolled = unkey
        .keys()
        .reroll_key(
            RerollKeyRequest::from_js(&json(&format!(
                r#"{{"keyId":"{}","expiration":0}}"#,
                key.data.key_id
            )))
            .unwrap(),
        )
        .await
        .unwrap();
    round_trip(&rerolled.data);
    let mut listed = unkey.apis().list_keys_stream(ListKeysRequest::new(&api_id));
    let mut n = 0;
    while let Some(k) = listed.next().await {
        round_trip(&k.unwrap());
        n += 1;
    }
    assert_eq!(n, 2, "the key and its reroll");

    // permissions
    let slug = format!("gloo.{}", uniq());
    let perm = unkey
        .permissions()
        .create_permission(
            CreatePermissionRequest::from_js(&json(&format!(
                r#"{{"name":"{slug}","slug":"{slug}"}}"#
            )))
            .unwrap(),
        )
        .await
        .unwrap();
    round_trip(&perm.data);
    let role = unkey
        .permissions()
        .create_role(
            CreateRoleRequest::from_js(&json(&format!(r#"{{"name":"r{}"}}"#, uniq()))).unwrap(),
        )
        .await
        .unwrap();
    round_trip(&role.data);
    let added = unkey
        .keys()
        .add_permissions(
            AddPermissionsRequest::from_js(&json(&format!(
                r#"{{"keyId":"{}","permissions":["{slug}"]}}"#,
                rerolled.data.key_id
            )))
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(added.data.len(), 1);
    added.data.iter().for_each(round_trip);
    let p = unkey
        .permissions()
        .get_permission(GetPermissionRequest::new(&slug))
        .await
        .unwrap();
    round_trip(&p.data);

    // identities
    let external = format!("user_{}", uniq());
    let created = unkey
        .identities()
        .create_identity(
            CreateIdentityRequest::from_js(&json(&format!(r#"{{"externalId":"{external}"}}"#)))
                .unwrap(),
        )
        .await
        .unwrap();
    round_trip(&created.data);
    let identity = unkey
        .identities()
        .get_identity(
            GetIdentityRequest::from_js(&json(&format!(r#"{{"identity":"{external}"}}"#))).unwrap(),
        )
        .await
        .unwrap();
    round_trip(&identity.data);

    // ratelimit
    let ns = format!("gloo_{}", uniq());
    let limited = unkey
        .ratelimit()
        .limit(LimitRequest::with_window(
            &ns,
            "user_1",
            Window::per_minute(1),
        ))
        .await
        .unwrap();
    assert!(limited.data.success);
    round_trip(&limited.data);
    let again = unkey
        .ratelimit()
        .limit(LimitRequest::with_window(
            &ns,
            "user_1",
            Window::per_minute(1),
        ))
        .await
        .unwrap();
    assert!(!again.data.success, "one per minute");
    let multi = unkey
        .ratelimit()
        .multi_limit(
            MultiLimitRequest::from_js(&json(&format!(
                r#"[{{"namespace":"{ns}","identifier":"user_2","limit":5,"duration":60000}}]"#
            )))
            .unwrap(),
        )
        .await
        .unwrap();
    assert!(multi.data.passed);
    round_trip(&multi.data);
    let set = unkey
        .ratelimit()
        .set_override(SetOverrideRequest::with_window(
            &ns,
            "vip_*",
            Window::per_minute(100),
        ))
        .await
        .unwrap();
    round_trip(&set.data);
    let o = unkey
        .ratelimit()
        .get_override(GetOverrideRequest::new(&ns, "vip_*"))
        .await
        .unwrap();
    round_trip(&o.data);

    // analytics: unkey-local without --analytics answers like a server without ClickHouse.
    let e = unkey
        .analytics()
        .get_verifications(
            GetVerificationsRequest::from_js(&json(
                r#"{"query":"SELECT count(*) FROM key_verifications_v1"}"#,
            ))
            .unwrap(),
        )
        .await
        .unwrap_err();
    assert!(e.is_api(), "{e:?}");
    assert_eq!(e.status(), Some(412));

    // and deletes (EmptyData)
    let deleted = unkey
        .keys()
        .delete_key(DeleteKeyRequest::new(&rerolled.data.key_id))
        .await
        .unwrap();
    round_trip(&deleted.data);
    // The whole envelope, for JS.
    let env = deleted.to_js().unwrap();
    assert!(Reflect::get(&env, &JsValue::from_str("meta"))
        .unwrap()
        .is_object());
}

// ---- errors ----

#[wasm_bindgen_test]
async fn errors_are_typed() {
    let unkey = client();
    let e = unkey
        .apis()
        .get_api(GetApiRequest::new("api_doesnotexist1"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(e.status(), Some(404));
    assert!(e.request_id().is_some());

    let bad = ClientBuilder::new()
        .root_key("unkey_wrongwrongwrong")
        .server_url(base_url())
        .build()
        .unwrap();
    let e = bad
        .apis()
        .get_api(GetApiRequest::new("api_doesnotexist1"))
        .await
        .unwrap_err();
    assert!(e.is_unauthorized(), "{e:?}");
    for view in [format!("{e}"), format!("{e:?}")] {
        assert!(!view.contains("unkey_wrongwrongwrong"), "{view}");
    }

    // Refused before sending: the schema's bounds.
    let path = "/v2/apis.createApi";
    let before = count(path).await;
    let e = unkey
        .apis()
        .create_api(CreateApiRequest::new("ab"))
        .await
        .unwrap_err();
    assert!(e.is_validation(), "{e:?}");
    assert_eq!(count(path).await, before, "nothing was sent");

    // Nothing listening: a network error, not a panic.
    let e = ClientBuilder::new()
        .root_key(root_key())
        .server_url("http://127.0.0.1:9")
        .retries(Retries::None)
        .build()
        .unwrap()
        .liveness()
        .await
        .unwrap_err();
    assert!(e.is_network(), "{e:?}");
}

#[wasm_bindgen_test]
async fn a_redirect_is_not_followed() {
    let path = "/v2/apis.getApi";
    fault(&format!(
        r#"{{"kind":"body","status":307,"body":{{}},"location":"/v2/liveness","path":"{path}"}}"#
    ))
    .await;
    let e = client()
        .apis()
        .get_api(GetApiRequest::new("api_redirect1"))
        .await
        .unwrap_err();
    // Node sees the 307; a browser sees an opaque redirect (status 0). Either way, an API error.
    assert!(e.is_api(), "{e:?}");
    assert!(matches!(e.status(), Some(307 | 0)), "{e:?}");
    reset_faults().await;
}

#[wasm_bindgen_test]
async fn a_huge_error_body_is_read_only_to_the_cap() {
    let path = "/v2/identities.getIdentity";
    let detail = "x".repeat(200 * 1024);
    fault(&format!(
        r#"{{"kind":"body","status":500,"path":"{path}","body":{{"error":{{"detail":"{detail}"}}}}}}"#
    ))
    .await;
    let e = client()
        .identities()
        .with_options(CallOptions::new().retries(Retries::None))
        .get_identity(GetIdentityRequest::from_js(&json(r#"{"identity":"nobody"}"#)).unwrap())
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(500), "{e:?}");
    // Cut at 64 KiB, the JSON no longer parses: no field of it reaches the error, only a
    // snippet of the text (read whole, `detail` would hold all 200 KB).
    let api = e.as_api().unwrap();
    assert!(
        api.detail.is_empty(),
        "{} bytes of detail",
        api.detail.len()
    );
    assert!(api.body.is_some());
    reset_faults().await;
}

// ---- deadlines, aborts, retries ----

#[wasm_bindgen_test]
async fn a_timeout_aborts_and_the_deadline_holds() {
    let path = "/v2/identities.getIdentity";
    fault(&format!(
        r#"{{"kind":"delay","delayMs":1200,"path":"{path}","count":5}}"#
    ))
    .await;
    let before = count(path).await;
    spy_fetch();
    let start = JsTimer.now_ms();
    let e = client()
        .identities()
        .with_options(CallOptions::new().timeout_ms(300))
        .get_identity(GetIdentityRequest::from_js(&json(r#"{"identity":"nobody"}"#)).unwrap())
        .await
        .unwrap_err();
    let aborted = last_signal_aborted();
    unspy_fetch();
    assert!(e.is_timeout(), "{e:?}");
    assert!(
        aborted,
        "the timed-out request was aborted, not just abandoned"
    );
    assert!(JsTimer.now_ms() - start < 1000.0, "ended at the deadline");
    let at_failure = count(path).await;
    assert_eq!(at_failure - before, 1, "one attempt fits in the deadline");
    JsTimer.sleep(1500).await;
    assert_eq!(
        count(path).await,
        at_failure,
        "nothing sent after the deadline"
    );
    reset_faults().await;
}

#[wasm_bindgen_test]
async fn the_callers_signal_aborts_a_call_in_flight() {
    let path = "/v2/apis.getApi";
    fault(&format!(
        r#"{{"kind":"delay","delayMs":1500,"path":"{path}"}}"#
    ))
    .await;
    let controller = web_sys::AbortController::new().unwrap();
    let unkey = ClientBuilder::new()
        .root_key(root_key())
        .server_url(base_url())
        .build_with(
            GlooTransport::with_abort_signal(controller.signal()),
            JsTimer,
        )
        .unwrap();
    let start = JsTimer.now_ms();
    let (result, ()) = futures_util::future::join(
        unkey.apis().get_api(GetApiRequest::new("api_abort1")),
        async {
            JsTimer.sleep(100).await;
            controller.abort();
        },
    )
    .await;
    let e = result.unwrap_err();
    assert!(e.is_aborted(), "{e:?}");
    assert!(!e.is_retryable());
    assert!(JsTimer.now_ms() - start < 1200.0, "ended at the abort");

    // An aborted signal stops later calls before anything is sent.
    let before = count("/v2/liveness").await;
    let e = unkey.liveness().await.unwrap_err();
    assert!(e.is_aborted(), "{e:?}");
    assert_eq!(count("/v2/liveness").await, before);
    reset_faults().await;
}

#[wasm_bindgen(inline_js = "let last; const orig = globalThis.fetch; \
    export function spy_fetch() { globalThis.fetch = (req, init) => { last = req.signal; return orig(req, init); }; } \
    export function unspy_fetch() { globalThis.fetch = orig; } \
    export function last_signal_aborted() { return !!(last && last.aborted); }")]
extern "C" {
    /// Wraps the global `fetch` (which gloo-net calls) to keep the last request's signal.
    fn spy_fetch();
    /// Puts the global `fetch` back.
    fn unspy_fetch();
    /// Whether the last request's signal has fired.
    fn last_signal_aborted() -> bool;
}

#[wasm_bindgen_test]
async fn dropping_a_call_aborts_its_request() {
    let path = "/v2/apis.getApi";
    fault(&format!(
        r#"{{"kind":"delay","delayMs":1500,"path":"{path}"}}"#
    ))
    .await;
    let unkey = client();
    spy_fetch();
    let timer_won = {
        let apis = unkey.apis();
        let call = core::pin::pin!(apis.get_api(GetApiRequest::new("api_dropped1")));
        let timer = core::pin::pin!(JsTimer.sleep(150));
        let first = futures_util::future::select(call, timer).await;
        matches!(first, futures_util::future::Either::Right(_))
    }; // the call's future, still pending, is dropped here: that must abort its fetch
    let aborted = last_signal_aborted();
    unspy_fetch();
    reset_faults().await;
    assert!(timer_won, "the delayed call cannot have finished");
    assert!(aborted, "the dropped call's request was not aborted");
}

#[wasm_bindgen_test]
async fn idempotent_op_retries_a_500_at_most_once_op_does_not() {
    let unkey = client();
    let api = unkey
        .apis()
        .create_api(CreateApiRequest::new(format!("retry_{}", uniq())))
        .await
        .unwrap();
    let api_id = api.data.api_id;

    let path = "/v2/apis.getApi";
    let before = count(path).await;
    fault(&format!(
        r#"{{"kind":"status","status":500,"path":"{path}"}}"#
    ))
    .await;
    let ok = unkey
        .apis()
        .with_options(fast())
        .get_api(GetApiRequest::new(&api_id))
        .await
        .unwrap();
    assert_eq!(ok.data.id, api_id);
    assert_eq!(count(path).await - before, 2);

    let path = "/v2/keys.createKey";
    let before = count(path).await;
    fault(&format!(
        r#"{{"kind":"status","status":500,"path":"{path}"}}"#
    ))
    .await;
    let e = unkey
        .keys()
        .with_options(fast())
        .create_key(CreateKeyRequest::new(&api_id))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(500), "{e:?}");
    assert_eq!(
        count(path).await - before,
        1,
        "createKey is not retried after a 500"
    );

    // 429 with Retry-After is retried even for an at-most-once operation.
    let path = "/v2/keys.verifyKey";
    let before = count(path).await;
    fault(&format!(
        r#"{{"kind":"rate_limited","retryAfter":1,"path":"{path}"}}"#
    ))
    .await;
    let ok = unkey
        .keys()
        .with_options(fast())
        .verify_key(VerifyKeyRequest::new("nope_gloo"))
        .await
        .unwrap();
    assert_eq!(ok.data.code, VerifyCode::NotFound);
    assert_eq!(count(path).await - before, 2);
}

// ---- models and JsValue ----

/// Every operation's request from `tests/fixtures/operations.json`, read from JS with
/// `from_js` and written back with `to_js`: the same JSON.
#[wasm_bindgen_test]
fn every_request_model_round_trips() {
    fn check<T>(text: &str)
    where
        T: JsModel + Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let typed = T::from_js(&json(text)).unwrap_or_else(|e| panic!("{text}: {e}"));
        round_trip(&typed);
        let back: String = JSON::stringify(&typed.to_js().unwrap()).unwrap().into();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&back).unwrap(),
            serde_json::from_str::<serde_json::Value>(text).unwrap(),
        );
    }
    type Check = fn(&str);
    let table: &[(&str, Check)] = &[
        ("keys.verifyKey", check::<VerifyKeyRequest>),
        ("keys.createKey", check::<CreateKeyRequest>),
        ("keys.updateKey", check::<UpdateKeyRequest>),
        ("keys.deleteKey", check::<DeleteKeyRequest>),
        ("keys.getKey", check::<GetKeyRequest>),
        ("keys.whoami", check::<WhoamiRequest>),
        ("keys.rerollKey", check::<RerollKeyRequest>),
        ("keys.updateCredits", check::<UpdateCreditsRequest>),
        ("keys.migrateKeys", check::<MigrateKeysRequest>),
        ("keys.addPermissions", check::<AddPermissionsRequest>),
        ("keys.removePermissions", check::<RemovePermissionsRequest>),
        ("keys.setPermissions", check::<SetPermissionsRequest>),
        ("keys.addRoles", check::<AddRolesRequest>),
        ("keys.removeRoles", check::<RemoveRolesRequest>),
        ("keys.setRoles", check::<SetRolesRequest>),
        ("apis.createApi", check::<CreateApiRequest>),
        ("apis.getApi", check::<GetApiRequest>),
        ("apis.listKeys", check::<ListKeysRequest>),
        ("apis.deleteApi", check::<DeleteApiRequest>),
        ("ratelimit.limit", check::<LimitRequest>),
        ("ratelimit.multiLimit", check::<MultiLimitRequest>),
        ("ratelimit.setOverride", check::<SetOverrideRequest>),
        ("ratelimit.getOverride", check::<GetOverrideRequest>),
        ("ratelimit.listOverrides", check::<ListOverridesRequest>),
        ("ratelimit.deleteOverride", check::<DeleteOverrideRequest>),
        ("identities.createIdentity", check::<CreateIdentityRequest>),
        ("identities.getIdentity", check::<GetIdentityRequest>),
        ("identities.listIdentities", check::<ListIdentitiesRequest>),
        ("identities.updateIdentity", check::<UpdateIdentityRequest>),
        ("identities.deleteIdentity", check::<DeleteIdentityRequest>),
        (
            "permissions.createPermission",
            check::<CreatePermissionRequest>,
        ),
        ("permissions.getPermission", check::<GetPermissionRequest>),
        (
            "permissions.listPermissions",
            check::<ListPermissionsRequest>,
        ),
        (
            "permissions.deletePermission",
            check::<DeletePermissionRequest>,
        ),
        ("permissions.createRole", check::<CreateRoleRequest>),
        ("permissions.getRole", check::<GetRoleRequest>),
        ("permissions.listRoles", check::<ListRolesRequest>),
        ("permissions.deleteRole", check::<DeleteRoleRequest>),
        (
            "permissions.setRolePermissions",
            check::<SetRolePermissionsRequest>,
        ),
        (
            "analytics.getVerifications",
            check::<GetVerificationsRequest>,
        ),
        ("analytics.getRatelimits", check::<GetRatelimitsRequest>),
        ("portal.createSession", check::<CreatePortalSessionRequest>),
        ("portal.exchangeCode", check::<ExchangePortalCodeRequest>),
        ("portal.listKeys", check::<PortalListKeysRequest>),
        ("portal.rerollKey", check::<RerollKeyRequest>),
        (
            "portal.getVerifications",
            check::<PortalGetVerificationsRequest>,
        ),
    ];
    let fixtures: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/operations.json")).unwrap();
    let mut with_request = 0;
    for (name, entry) in fixtures.as_object().unwrap() {
        let Some(request) = entry.get("request").filter(|r| !r.is_null()) else {
            continue; // liveness
        };
        with_request += 1;
        let (_, check) = table
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} has no model in this table"));
        check(&request.to_string());
    }
    assert_eq!(with_request, table.len(), "every operation with a request");

    // Optional fields, nested models, enums and `meta` too.
    round_trip(
        &CreateKeyRequest::new("api_123")
            .prefix("sk")
            .byte_length(16)
            .name("ci runner")
            .roles(["deployer"])
            .credits(Credits::new(1_000).refill(Refill::new(RefillInterval::Daily, 1_000)))
            .expires(4_102_444_800_000),
    );
    round_trip(
        &UpdateKeyRequest::new("key_123")
            .name("seen")
            .clear_expires(),
    );
}

#[wasm_bindgen(inline_js = "export function hostile() { \
    return [undefined, null, 3, 'x', Symbol('s'), 10n, () => 1, [], \
      new Proxy({}, { ownKeys() { throw new Error('trap'); }, get() { throw new Error('trap'); } }), \
      { key: 5 }, {}, { key: 'x', nope: 1, tags: 2 }, { key: 'x', ratelimits: 'no' }, { key: 'x'.repeat(10000) }, \
      { key: 'k', credits: { cost: 1.5 } }, { key: 'k', credits: { cost: 10n } }, { key: new String('k') }]; }")]
extern "C" {
    /// Values a JS caller might hand in, none a valid `VerifyKeyRequest`.
    fn hostile() -> js_sys::Array;
}

#[wasm_bindgen(inline_js = "export function undefined_name() { \
    return { keyId: 'key_1', name: undefined, expires: null }; }")]
extern "C" {
    /// An `updateKey` input as JS code often writes one: `{ name: input.name }`.
    fn undefined_name() -> JsValue;
}

/// Bad JS input is a validation error naming the problem, never a panic (which would kill
/// the instance: the next test would fail too).
#[wasm_bindgen_test]
fn bad_js_input_is_refused_with_a_validation_error() {
    for (i, value) in hostile().iter().enumerate() {
        let e = VerifyKeyRequest::from_js(&value).unwrap_err();
        assert!(e.is_validation(), "input {i}: {e:?}");
    }
    let kind = |text: &str| match VerifyKeyRequest::from_js(&json(text)).unwrap_err() {
        unkey_edge::Error::Validation(v) => (v.location, v.kind),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        kind("{}"),
        ("body.key".into(), ValidationErrorKind::Missing)
    );
    // A member the model does not declare is dropped, as the npm package drops it.
    assert!(VerifyKeyRequest::from_js(&json(r#"{"key":"x","nope":1}"#)).is_ok());
    let (at, k) = kind(r#"{"key":5}"#);
    assert_eq!(at, "body.key");
    assert!(matches!(k, ValidationErrorKind::WrongType { .. }), "{k:?}");
    // Bounds are the typed API's: a byteLength under 16.
    let e = CreateKeyRequest::from_js(&json(r#"{"apiId":"api_1","byteLength":8}"#)).unwrap_err();
    assert!(e.is_validation(), "{e:?}");
    // An enum value the operation does not know.
    let e =
        UpdateCreditsRequest::from_js(&json(r#"{"keyId":"key_1","operation":"double","value":1}"#))
            .unwrap_err();
    assert!(e.is_validation(), "{e:?}");
    // A member set to `undefined` is absent, as in JSON: a `Patch` field left so is not
    // sent (it would otherwise be `null`, which clears the stored value).
    let partial = UpdateKeyRequest::from_js(&undefined_name()).unwrap();
    assert_eq!(partial.name, unkey_edge::Patch::Absent);
    assert_eq!(partial.expires, unkey_edge::Patch::Null);
    // Still usable after all that.
    assert!(VerifyKeyRequest::from_js(&json(r#"{"key":"sk_1"}"#)).is_ok());
}

/// The response models no call of the namespace tests returns (migrateKeys, the portal, the
/// rate limits inside a verification and on a key), from answers in the spec's shape.
#[wasm_bindgen_test]
fn response_models_without_a_call_round_trip() {
    fn from<T: DeserializeOwned>(text: &str) -> T {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }
    round_trip(&from::<MigrateKeysData>(
        r#"{"migrated":[{"hash":"h1","keyId":"key_1"}],"failed":["h2"]}"#,
    ));
    round_trip(&from::<PortalSessionData>(
        r#"{"id":"ps_1","url":"https://portal.example/?code=pst_1"}"#,
    ));
    round_trip(&from::<PortalAccessData>(
        r#"{"accessToken":"pat_1","expiresAt":1767225600000}"#,
    ));
    round_trip(&from::<PortalVerificationsPoint>(
        r#"{"time":1767225600000,"total":3,"valid":2,"rateLimited":1,"insufficientPermissions":0,"forbidden":0,"disabled":0,"expired":0,"usageExceeded":0}"#,
    ));
    round_trip(&from::<RatelimitData>(
        r#"{"id":"rl_1","name":"requests","limit":10,"duration":60000,"autoApply":true}"#,
    ));
    round_trip(&from::<VerifyRatelimitData>(
        r#"{"exceeded":false,"id":"rl_1","name":"requests","limit":10,"duration":60000,"reset":1767225600000,"remaining":9,"autoApply":true}"#,
    ));
}
