//! wasm32 tests shared by `wasm_node.rs` (Node) and `wasm_browser.rs` (headless Chromium and
//! Firefox): the fetch transport, the timer and the JS façade (`UnkeyCore`) against a real
//! unkey-local started with `--faults` by `scripts/test-wasm.sh`, whose URL and root key are baked in at
//! compile time (`UNKEY_LOCAL_URL`, `UNKEY_ROOT_KEY`).

use js_sys::{Array, JsString, Reflect, JSON};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

use unkey_edge::js::UnkeyCore;
use unkey_edge::ops;
use unkey_edge::transport::fetch::{FetchTransport, JsTimer};
use unkey_edge::transport::{HttpRequest, Method, Timer, Transport, TransportErrorKind};

#[wasm_bindgen(inline_js = "export function thrower() { return () => { throw 'plain string'; }; }")]
extern "C" {
    /// A `fetch` stand-in that throws a string, not an `Error`.
    fn thrower() -> js_sys::Function;
}

fn base_url() -> &'static str {
    option_env!("UNKEY_LOCAL_URL").expect("build through scripts/test-wasm.sh (UNKEY_LOCAL_URL)")
}

fn root_key() -> &'static str {
    option_env!("UNKEY_ROOT_KEY").expect("build through scripts/test-wasm.sh (UNKEY_ROOT_KEY)")
}

fn json(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap()
    })
}

fn op_index(ns: &str, name: &str) -> u32 {
    ops::all()
        .position(|op| op.namespace == ns && op.js_name == name)
        .unwrap() as u32
}

/// Starts a `liveness` call with the defaults and returns its id (not driven).
fn start_liveness(c: &UnkeyCore) -> u32 {
    let op = op_index("liveness", "liveness");
    start(c, op, None, false, DEFAULT).unwrap()
}

/// Starts operation `op` with `text` and `oversize` as the façade passes them (see
/// `UnkeyCore::begin`); the call is not driven. The id, whether or not members were dropped
/// (`begin` then answers `[id, text]`).
fn start(
    c: &UnkeyCore,
    op: u32,
    text: Option<&str>,
    oversize: bool,
    o: Opts,
) -> Result<u32, JsValue> {
    begin(c, op, text, oversize, o).map(|(id, _)| id)
}

/// [`start`], and the text to send when `begin` dropped members from `text`.
fn begin(
    c: &UnkeyCore,
    op: u32,
    text: Option<&str>,
    oversize: bool,
    o: Opts,
) -> Result<(u32, Option<String>), JsValue> {
    let text = text.map(str::to_string);
    let begun = c.begin(
        op, text, oversize, o.timeout, o.strategy, o.initial, o.max, NAN, NAN, NAN,
    )?;
    Ok(match begun.as_f64() {
        Some(id) => (id as u32, None),
        None => {
            let pair = Array::from(&begun);
            (
                pair.get(0).as_f64().unwrap() as u32,
                pair.get(1).as_string(),
            )
        }
    })
}

/// Per-call overrides as the JS façade passes them (`NaN` = not given).
#[derive(Clone, Copy)]
struct Opts {
    timeout: f64,
    strategy: u32,
    initial: f64,
    max: f64,
}

const NAN: f64 = f64::NAN;
const DEFAULT: Opts = Opts {
    timeout: NAN,
    strategy: 0,
    initial: NAN,
    max: NAN,
};
/// Backoff with 1-5 ms pauses: the attempt count is what the tests assert.
const FAST: Opts = Opts {
    strategy: 2,
    initial: 1.0,
    max: 5.0,
    ..DEFAULT
};
const ONCE: Opts = Opts {
    strategy: 1,
    ..DEFAULT
};

fn client() -> UnkeyCore {
    UnkeyCore::new(
        Some(root_key().to_string()),
        base_url(),
        NAN,
        0,
        NAN,
        NAN,
        NAN,
        NAN,
        NAN,
    )
    .unwrap()
}

/// Runs `ns.name` with the JSON text `req` (`""`: no request) as the façade does for a short
/// body: the text, and a copy of it for the wasm.
async fn call(c: &UnkeyCore, ns: &str, name: &str, req: &str, o: Opts) -> Result<JsValue, JsValue> {
    let body = Some(req).filter(|r| !r.is_empty());
    let op = op_index(ns, name);
    let (id, sent) = begin(c, op, body, false, o)?;
    let result = drive(c, op, sent.as_deref().or(body), id).await;
    c.release(id);
    result
}

/// Drives call `id` of operation `op` with the JSON text `body` to its end as the JS façade's
/// `run` (js/facade.js) does: `next_attempt`, `exchange` with the operation's route, await,
/// `settle`, sleeping the pauses it returns.
async fn drive(c: &UnkeyCore, op: u32, body: Option<&str>, id: u32) -> Result<JsValue, JsValue> {
    let route = c.route(op)?;
    let exchange = UnkeyCore::exchange();
    let body = body.map_or(JsValue::UNDEFINED, JsValue::from_str);
    loop {
        let ms = c.next_attempt(id)?;
        let ms = ms.map_or(JsValue::UNDEFINED, JsValue::from);
        let args: Array = [
            JsValue::UNDEFINED,
            route.get(0),
            route.get(1),
            route.get(2),
            body.clone(),
            ms,
            JsValue::UNDEFINED,
        ]
        .iter()
        .collect();
        let sent: js_sys::Promise = exchange.apply(&JsValue::UNDEFINED, &args)?.unchecked_into();
        let r = match JsFuture::from(sent).await {
            Ok(parts) => c.settle(id, true, parts)?,
            Err(thrown) => c.settle(id, false, thrown)?,
        };
        match r.as_f64() {
            Some(ms) => JsTimer.sleep(ms as u32).await,
            None => return Ok(r),
        }
    }
}

fn uniq() -> String {
    format!("{}", (js_sys::Math::random() * 1e12) as u64)
}

/// Control endpoints of unkey-local (`--faults`).
async fn control(method: &str, path: &str, body: Option<&str>) -> JsValue {
    let t = FetchTransport::new();
    let resp = t
        .send(HttpRequest {
            method: if method == "GET" {
                Method::Get
            } else {
                Method::Post
            },
            url: format!("{}{path}", base_url()),
            headers: vec![("content-type", "application/json".to_string())],
            body: body.map(JsString::from),
            timeout_ms: Some(5000),
        })
        .await
        .unwrap();
    assert!(
        resp.status < 300,
        "control {path}: {} {}",
        resp.status,
        String::from(&resp.body)
    );
    json(&String::from(&resp.body))
}

async fn count(path: &str) -> f64 {
    let counts = control("GET", "/_local/requests", None).await;
    let paths = get(&counts, "paths");
    Reflect::get(&paths, &JsValue::from_str(path))
        .unwrap()
        .as_f64()
        .unwrap_or(0.0)
}

async fn fault(body: &str) {
    control("POST", "/_local/faults", Some(body)).await;
}

/// The location of a validation error's first problem.
fn location_of(e: &JsValue) -> String {
    assert_unkey_error(e, "validation");
    let first = Reflect::get(&get(e, "errors"), &JsValue::from(0)).unwrap();
    get(&first, "location").as_string().unwrap()
}

fn assert_unkey_error(e: &JsValue, kind: &str) {
    assert!(e.is_instance_of::<js_sys::Error>(), "not an Error: {e:?}");
    assert_eq!(get(e, "name").as_string().as_deref(), Some("UnkeyError"));
    assert_eq!(
        get(e, "kind").as_string().as_deref(),
        Some(kind),
        "{:?}",
        get(e, "message")
    );
    assert!(Array::is_array(&get(e, "errors")));
    let message = get(e, "message").as_string().unwrap();
    assert!(
        !message.contains(root_key()),
        "root key leaked into {message}"
    );
}

#[wasm_bindgen_test]
async fn transport_get_liveness() {
    let resp = FetchTransport::new()
        .send(HttpRequest {
            method: Method::Get,
            url: format!("{}/v2/liveness", base_url()),
            headers: vec![("accept", "application/json".to_string())],
            body: None,
            timeout_ms: None,
        })
        .await
        .unwrap();
    assert_eq!(resp.status, 200);
    assert!(String::from(&resp.body).contains("requestId"));
}

#[wasm_bindgen_test]
async fn transport_refused_is_a_connection_error() {
    let err = FetchTransport::new()
        .send(HttpRequest {
            method: Method::Post,
            url: "http://127.0.0.1:9/v2/keys.verifyKey".to_string(),
            headers: vec![],
            body: Some(JsString::from("{}")),
            timeout_ms: Some(5000),
        })
        .await
        .unwrap_err();
    // Node says why (ECONNREFUSED: provably not sent); browsers only say "Failed to fetch".
    assert!(
        matches!(
            err.kind,
            TransportErrorKind::Connect | TransportErrorKind::Connection
        ),
        "{err:?}"
    );
}

#[wasm_bindgen_test]
async fn transport_times_out_and_aborts() {
    let path = "/v2/apis.getApi";
    fault(&format!(
        r#"{{"kind":"delay","delayMs":1500,"path":"{path}"}}"#
    ))
    .await;
    let err = FetchTransport::new()
        .send(HttpRequest {
            method: Method::Post,
            url: format!("{}{path}", base_url()),
            headers: vec![("content-type", "application/json".to_string())],
            body: Some(JsString::from(r#"{"apiId":"api_nothere1"}"#)),
            timeout_ms: Some(200),
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind, TransportErrorKind::Timeout, "{err:?}");
}

#[wasm_bindgen_test]
async fn custom_fetch_that_throws_a_string_is_connection_error() {
    let err = FetchTransport::with_fetch(thrower())
        .send(HttpRequest {
            method: Method::Get,
            url: format!("{}/v2/liveness", base_url()),
            headers: vec![],
            body: None,
            timeout_ms: Some(1000),
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind, TransportErrorKind::Connection);
    assert_eq!(err.message, "plain string");
}

#[wasm_bindgen_test]
async fn timer_sleeps() {
    let t = JsTimer;
    let before = t.now_ms();
    t.sleep(30).await;
    assert!(t.now_ms() >= before + 25.0);
}

#[wasm_bindgen_test]
async fn create_and_verify_through_the_facade() {
    let c = client();
    let api = call(
        &c,
        "apis",
        "createApi",
        &format!(r#"{{"name":"wasm_{}"}}"#, uniq()),
        DEFAULT,
    )
    .await
    .unwrap();
    let api_id = get(&api, "data.apiId").as_string().unwrap();
    let created = call(
        &c,
        "keys",
        "createKey",
        &format!(r#"{{"apiId":"{api_id}","prefix":"wt"}}"#),
        DEFAULT,
    )
    .await
    .unwrap();
    let key = get(&created, "data.key").as_string().unwrap();
    assert!(key.starts_with("wt_"));
    let verified = call(
        &c,
        "keys",
        "verifyKey",
        &format!(r#"{{"key":"{key}"}}"#),
        DEFAULT,
    )
    .await
    .unwrap();
    assert_eq!(get(&verified, "data.valid").as_bool(), Some(true));
    assert!(get(&verified, "meta.requestId").as_string().is_some());
}

#[wasm_bindgen_test]
async fn ratelimit_outcome_is_data() {
    let c = client();
    let req = format!(
        r#"{{"namespace":"wasm_{}","identifier":"u","limit":1,"duration":60000}}"#,
        uniq()
    );
    let a = call(&c, "ratelimit", "limit", &req, DEFAULT).await.unwrap();
    let b = call(&c, "ratelimit", "limit", &req, DEFAULT).await.unwrap();
    assert_eq!(get(&a, "data.success").as_bool(), Some(true));
    assert_eq!(get(&b, "data.success").as_bool(), Some(false));
}

#[wasm_bindgen_test]
async fn api_error_shape() {
    let c = client();
    let e = call(
        &c,
        "keys",
        "getKey",
        r#"{"keyId":"key_missing0001"}"#,
        DEFAULT,
    )
    .await
    .unwrap_err();
    assert_unkey_error(&e, "api");
    assert_eq!(get(&e, "statusCode").as_f64(), Some(404.0));
    assert!(get(&e, "type")
        .as_string()
        .unwrap()
        .ends_with("key_not_found"));
    assert!(get(&e, "requestId").as_string().is_some());
}

#[wasm_bindgen_test]
async fn validation_errors_never_trap() {
    let c = client();
    for (req, location) in [
        (r#"{"key":1}"#, "body.key"),
        (r#"{}"#, "body.key"),
        ("", "body"),
        ("[]", "body"),
        ("\"key\"", "body"),
        (r#"{"key":"k","extra":true,"tags":1}"#, "body.tags"),
    ] {
        let e = call(&c, "keys", "verifyKey", req, DEFAULT)
            .await
            .unwrap_err();
        assert_eq!(location_of(&e), location, "{req}");
    }
    // A body the façade did not copy (over the API's limit) is refused unread.
    let verify = op_index("keys", "verifyKey");
    let e = start(&c, verify, None, true, DEFAULT).unwrap_err();
    assert_eq!(location_of(&e), "body");
    assert!(get(&e, "message")
        .as_string()
        .unwrap()
        .contains("at most 10485760"));
    // An out-of-range op index is a rejection too, not a trap.
    let e = start(&c, 9999, None, false, DEFAULT).unwrap_err();
    assert_unkey_error(&e, "config");
    // So are ids that are not (or no longer) in flight; releasing one twice is ignored.
    let id = start_liveness(&c);
    c.release(id);
    c.release(id);
    // A call stays filed until it is released, however it ended; then its id is stale.
    let done = start_liveness(&c);
    let live = op_index("liveness", "liveness");
    drive(&c, live, None, done).await.unwrap();
    assert!(c.next_attempt(done).is_ok());
    c.release(done);
    assert_unkey_error(&c.next_attempt(done).unwrap_err(), "config");
    for stale in [id, id ^ 0x1_0000, 0xffff_ffff] {
        assert_unkey_error(&c.next_attempt(stale).unwrap_err(), "config");
        let finished = c.settle(stale, false, JsValue::from_str("x"));
        assert_unkey_error(&finished.unwrap_err(), "config");
    }
    // The instance still works.
    let ok = call(&c, "keys", "verifyKey", r#"{"key":"nope_1"}"#, DEFAULT)
        .await
        .unwrap();
    assert_eq!(get(&ok, "data.valid").as_bool(), Some(false));
}

#[wasm_bindgen_test]
fn config_errors_throw() {
    for (key, url) in [
        ("", base_url()),
        (" ", base_url()),
        ("k", "nope"),
        ("k", "ftp://x"),
    ] {
        let e = UnkeyCore::new(Some(key.to_string()), url, NAN, 0, NAN, NAN, NAN, NAN, NAN)
            .unwrap_err();
        assert_unkey_error(&e, "config");
    }
    // Without a root key the URL is still checked.
    let e = UnkeyCore::new(None, "nope", NAN, 0, NAN, NAN, NAN, NAN, NAN).unwrap_err();
    assert_unkey_error(&e, "config");
}

/// A core made without a root key (the façade's, for a `rootKey` function) sends no
/// `authorization` header: the façade sends its calls with the routes of a keyed core.
#[wasm_bindgen_test]
async fn a_core_without_a_root_key_sends_no_authorization() {
    let header = |c: &UnkeyCore, name: &str| {
        let headers = c.route(0).unwrap().get(2);
        Reflect::get(&headers, &name.into()).unwrap().as_string()
    };
    let keyless = UnkeyCore::new(None, base_url(), NAN, 0, NAN, NAN, NAN, NAN, NAN).unwrap();
    assert_eq!(header(&keyless, "authorization"), None);
    assert_eq!(
        header(&keyless, "content-type").as_deref(),
        Some("application/json")
    );
    let keyed = client();
    assert_eq!(
        header(&keyed, "authorization"),
        Some(format!("Bearer {}", root_key()))
    );
    // What the API answers a request without the header: 400, not 401, reported by the
    // OpenAPI validator's security check as invalid input (as the real Unkey does).
    let e = call(
        &keyless,
        "keys",
        "verifyKey",
        r#"{"key":"nope_1"}"#,
        DEFAULT,
    )
    .await
    .unwrap_err();
    assert_unkey_error(&e, "api");
    assert_eq!(get(&e, "statusCode").as_f64(), Some(400.0));
    assert!(get(&e, "type")
        .as_string()
        .unwrap_or_default()
        .ends_with("/application/invalid_input"));
}

#[wasm_bindgen_test]
async fn deadline_stops_everything_and_the_instance_survives() {
    let c = client();
    let path = "/v2/identities.getIdentity";
    fault(&format!(
        r#"{{"kind":"delay","delayMs":1200,"path":"{path}","count":5}}"#
    ))
    .await;
    let before = count(path).await;
    let e = call(
        &c,
        "identities",
        "getIdentity",
        r#"{"identity":"nobody"}"#,
        Opts {
            timeout: 300.0,
            ..DEFAULT
        },
    )
    .await
    .unwrap_err();
    assert_unkey_error(&e, "timeout");
    let at_failure = count(path).await;
    assert_eq!(at_failure - before, 1.0, "one attempt fits in the deadline");
    // Give a stray retry every chance to appear, then check none did.
    JsTimer.sleep(1500).await;
    assert_eq!(
        count(path).await,
        at_failure,
        "a request was sent after the deadline"
    );
    control("POST", "/_local/faults/reset", None).await;
    let ok = call(&c, "keys", "verifyKey", r#"{"key":"nope_2"}"#, DEFAULT)
        .await
        .unwrap();
    assert_eq!(
        get(&ok, "data.code").as_string().as_deref(),
        Some("NOT_FOUND")
    );
}

#[wasm_bindgen_test]
async fn idempotent_op_retries_a_500_at_most_once_op_does_not() {
    let c = client();
    let api = call(
        &c,
        "apis",
        "createApi",
        &format!(r#"{{"name":"retry_{}"}}"#, uniq()),
        DEFAULT,
    )
    .await
    .unwrap();
    let api_id = get(&api, "data.apiId").as_string().unwrap();

    let path = "/v2/apis.getApi";
    let before = count(path).await;
    fault(&format!(
        r#"{{"kind":"status","status":500,"path":"{path}"}}"#
    ))
    .await;
    let ok = call(
        &c,
        "apis",
        "getApi",
        &format!(r#"{{"apiId":"{api_id}"}}"#),
        FAST,
    )
    .await
    .unwrap();
    assert_eq!(get(&ok, "data.id").as_string(), Some(api_id.clone()));
    assert_eq!(count(path).await - before, 2.0);

    let path = "/v2/keys.createKey";
    let before = count(path).await;
    fault(&format!(
        r#"{{"kind":"status","status":500,"path":"{path}"}}"#
    ))
    .await;
    let e = call(
        &c,
        "keys",
        "createKey",
        &format!(r#"{{"apiId":"{api_id}"}}"#),
        FAST,
    )
    .await
    .unwrap_err();
    assert_unkey_error(&e, "api");
    assert_eq!(get(&e, "statusCode").as_f64(), Some(500.0));
    assert_eq!(
        count(path).await - before,
        1.0,
        "createKey must not be retried after a 500"
    );
}

#[wasm_bindgen_test]
async fn non_json_success_is_a_decode_error() {
    let c = client();
    let path = "/v2/permissions.listRoles";
    fault(&format!(
        r#"{{"kind":"non_json","status":200,"path":"{path}"}}"#
    ))
    .await;
    let e = call(&c, "permissions", "listRoles", "{}", ONCE)
        .await
        .unwrap_err();
    assert_unkey_error(&e, "decode");
    assert_eq!(get(&e, "statusCode").as_f64(), Some(200.0));
}

#[wasm_bindgen_test]
async fn promise_resolves_to_plain_envelope() {
    let c = client();
    let v = call(&c, "liveness", "liveness", "", DEFAULT).await.unwrap();
    assert!(get(&v, "data.message").as_string().is_some());
}

/// The façade validates a request's JSON text; the `JsValue` view (which reads responses) must
/// give the same verdict on the parsed value.
#[wasm_bindgen_test]
fn js_values_and_their_json_text_validate_alike() {
    use unkey_edge::schema::{validate, JsonText};
    let create = ops::all().find(|op| op.js_name == "createKey").unwrap();
    let shape = create.request.unwrap();
    for text in [
        r#"{"apiId":"api_1","meta":{"a":[1,{"b":"]"}]},"roles":["r"]}"#,
        r#"{"apiId":"api_1","byteLength":1.5}"#,
        r#"{"apiId":"api_1","byteLength":1e3}"#,
        r#"{"apiId":"bad id"}"#,
        r#"{"apiId":"api_1","name":"\u00e9\n"}"#,
        r#"{"apiId":"api_1","permissions":["a","b c"]}"#,
        r#"{"apiId":"api_1","credits":{"remaining":null}}"#,
        r#"{"apiId":"api_1","ratelimits":[{"name":"ab","limit":1,"duration":1000}]}"#,
        r#"{"apiId":"api_1","extra":1}"#,
        r#"[]"#,
    ] {
        let parsed = validate(shape, &json(text)).map_err(|e| e.to_string());
        let as_text = validate(shape, &JsonText(text)).map_err(|e| e.to_string());
        assert_eq!(parsed, as_text, "{text}");
    }
}

/// `begin` drops the members an operation does not declare, as `@unkey/api` does, and answers
/// `[id, text]` with the text to send; a request without any is answered with the id alone.
#[wasm_bindgen_test]
fn begin_drops_undeclared_members() {
    let c = client();
    let op = op_index("keys", "verifyKey");
    let begin = |text: &str| {
        let t = Some(text.to_string());
        c.begin(op, t, false, NAN, 0, NAN, NAN, NAN, NAN, NAN)
    };
    let pair = Array::from(&begin(r#"{"key":"k","apiId":"api_1"}"#).unwrap());
    assert_eq!(pair.get(1).as_string().as_deref(), Some(r#"{"key":"k"}"#));
    c.release(pair.get(0).as_f64().unwrap() as u32);
    let id = begin(r#"{"key":"k"}"#).unwrap();
    c.release(id.as_f64().unwrap() as u32);
    // A declared member of the wrong type is still refused.
    assert!(begin(r#"{"key":5,"apiId":"api_1"}"#).is_err());
}

/// `Debug` of a route (whose headers carry the root key) and of the transport never shows it.
#[wasm_bindgen_test]
fn routes_never_print_the_root_key() {
    let transport = FetchTransport::new();
    let route = transport.route(&HttpRequest {
        method: Method::Post,
        url: "https://api.unkey.com/v2/keys.verifyKey".into(),
        headers: vec![("authorization", "Bearer unkey_s3cr3t_route".into())],
        body: None::<JsString>,
        timeout_ms: None,
    });
    let shown = format!("{route:?} {route:#?} {transport:?}");
    assert!(shown.contains("keys.verifyKey"), "{shown}");
    assert!(!shown.contains("s3cr3t"), "{shown}");
}
