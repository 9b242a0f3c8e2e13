//! The engine on a fake clock. A scripted transport is used here only because the arithmetic
//! under test (deadline, per-attempt timeouts) needs time to pass deterministically; the same
//! behaviours are exercised against a real unkey-local in `tests/host/retries.rs`.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::rc::Rc;

use crate::engine::{CallOptions, Config, Engine, PortalSession, SerdeJson};
use crate::ops;
use crate::retry::{Backoff, Retries};
use crate::transport::*;
use crate::Error;

type Step = (f64, Result<HttpResponse, TransportError>);
/// url, timeout, headers, body of one attempt
type Seen = (
    String,
    Option<u32>,
    Vec<(&'static str, String)>,
    Option<String>,
);

struct Script {
    clock: Rc<Cell<f64>>,
    steps: RefCell<VecDeque<Step>>,
    seen: RefCell<Vec<Seen>>,
}

impl Transport for Rc<Script> {
    type Body = String;
    fn send(&self, req: HttpRequest) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let step = self.steps.borrow_mut().pop_front();
        self.seen.borrow_mut().push((
            req.url.clone(),
            req.timeout_ms,
            req.headers.clone(),
            req.body.clone(),
        ));
        let clock = self.clock.clone();
        async move {
            let (took, result) = step.expect("unexpected extra attempt");
            clock.set(clock.get() + took);
            result
        }
    }
}

struct FakeTimer(Rc<Cell<f64>>);

impl Timer for FakeTimer {
    fn now_ms(&self) -> f64 {
        self.0.get()
    }
    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        self.0.set(self.0.get() + f64::from(ms));
        async {}
    }
}

fn ok(status: u16, body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status,
        retry_after: None,
        body: body.into(),
    })
}

fn err(kind: TransportErrorKind) -> Result<HttpResponse, TransportError> {
    Err(TransportError::new(kind, "x"))
}

fn engine(steps: Vec<Step>) -> (Engine<Rc<Script>, FakeTimer>, Rc<Script>) {
    let clock = Rc::new(Cell::new(1_000.0));
    let script = Rc::new(Script {
        clock: clock.clone(),
        steps: RefCell::new(steps.into()),
        seen: RefCell::default(),
    });
    let config = Config::new("unkey_secret", "http://127.0.0.1:1/").unwrap();
    (
        Engine {
            config,
            transport: script.clone(),
            timer: FakeTimer(clock),
        },
        script,
    )
}

/// The header names and values of `op`'s request, given `session`.
fn headers_of(op: &ops::Op, session: Option<&PortalSession>) -> Vec<(&'static str, String)> {
    let (e, _) = engine(Vec::new());
    e.request(op, session, None, None).headers
}

fn names(h: &[(&'static str, String)]) -> Vec<&'static str> {
    h.iter().map(|(n, _)| *n).collect()
}

#[test]
fn the_portal_session_authenticates_its_operations_alone() {
    let session = PortalSession::new("pat_end_user").unwrap();
    // Its own operations: the cookie, and never the root key.
    for op in [
        &ops::PORTAL_LIST_KEYS,
        &ops::PORTAL_REROLL_KEY,
        &ops::PORTAL_GET_VERIFICATIONS,
    ] {
        let h = headers_of(op, Some(&session));
        assert!(
            h.contains(&("cookie", "portal_session=pat_end_user".into())),
            "{h:?}"
        );
        assert!(!names(&h).contains(&"authorization"), "{}: {h:?}", op.path);
        assert!(!h.iter().any(|(_, v)| v.contains("unkey_secret")), "{h:?}");
    }
    // Every other operation: the root key, and never a session's cookie.
    let h = headers_of(&ops::CREATE_SESSION, Some(&session));
    assert!(
        h.contains(&("authorization", "Bearer unkey_secret".into())),
        "{h:?}"
    );
    assert!(!names(&h).contains(&"cookie"), "{h:?}");
}

const OK_BODY: &str = r#"{"meta":{"requestId":"req_1"},"data":{}}"#;

#[tokio::test(flavor = "current_thread")]
async fn builds_the_request() {
    let (e, s) = engine(vec![(1.0, ok(200, OK_BODY))]);
    let res = e
        .call(
            &SerdeJson,
            &ops::DELETE_KEY,
            None,
            Some(r#"{"keyId":"key_1"}"#.into()),
            &CallOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(res.request_id, "req_1");
    let seen = s.seen.borrow();
    let (url, timeout, headers, body) = &seen[0];
    assert_eq!(url, "http://127.0.0.1:1/v2/keys.deleteKey");
    assert_eq!(*timeout, Some(5_000));
    assert!(headers.contains(&("authorization", "Bearer unkey_secret".into())));
    assert!(headers.contains(&("content-type", "application/json".into())));
    assert!(headers
        .iter()
        .any(|(k, v)| *k == "user-agent" && v.starts_with("unkey-edge/")));
    assert_eq!(body.as_deref(), Some(r#"{"keyId":"key_1"}"#));
    assert!(!format!("{:?}", e.config).contains("secret"));
}

#[tokio::test(flavor = "current_thread")]
async fn each_attempt_gets_the_remaining_time_and_none_starts_after_the_deadline() {
    // 503s that each take 2 s, against a 5 s deadline, with plenty of attempts allowed:
    // attempts start at ~0 s, ~2 s and ~4 s; a fourth would start after the deadline.
    let busy = || (2_000.0, ok(503, "{}"));
    let (e, s) = engine(vec![busy(), busy(), busy(), busy()]);
    let opts = CallOptions::new().retries(Retries::Backoff(Backoff {
        max_attempts: 10,
        ..Backoff::default()
    }));
    let r = e
        .call(&SerdeJson, &ops::GET_KEY, None, Some("{}".into()), &opts)
        .await;
    assert_eq!(r.unwrap_err().status(), Some(503));
    let seen = s.seen.borrow();
    assert_eq!(seen.len(), 3);
    let timeouts: Vec<u32> = seen.iter().map(|x| x.1.unwrap()).collect();
    assert_eq!(timeouts[0], 5_000);
    assert!(timeouts[1] <= 3_000 && timeouts[1] > 2_800, "{timeouts:?}");
    assert!(timeouts[2] <= 1_000 && timeouts[2] > 700, "{timeouts:?}");
}

#[tokio::test(flavor = "current_thread")]
async fn verify_is_not_retried_after_a_timeout_but_reads_are() {
    let (e, s) = engine(vec![(5_000.0, err(TransportErrorKind::Timeout))]);
    let r = e
        .call(
            &SerdeJson,
            &ops::VERIFY_KEY,
            None,
            Some("{}".into()),
            &CallOptions::new().timeout_ms(60_000),
        )
        .await;
    assert!(r.unwrap_err().is_timeout());
    assert_eq!(s.seen.borrow().len(), 1);
    let (e, s) = engine(vec![
        (100.0, err(TransportErrorKind::Timeout)),
        (1.0, ok(200, OK_BODY)),
    ]);
    let r = e
        .call(
            &SerdeJson,
            &ops::GET_KEY,
            None,
            Some("{}".into()),
            &CallOptions::new(),
        )
        .await;
    assert!(r.is_ok());
    assert_eq!(s.seen.borrow().len(), 2);
}

#[tokio::test(flavor = "current_thread")]
async fn success_bodies_must_be_envelopes() {
    for (body, needs) in [
        ("not json", "not JSON"),
        ("[]", "not a JSON object"),
        (r#"{"data":{}}"#, "requestId"),
        (r#"{"meta":{"requestId":"r"}}"#, "data"),
    ] {
        let (e, _) = engine(vec![(1.0, ok(200, body))]);
        match e
            .call(
                &SerdeJson,
                &ops::GET_KEY,
                None,
                Some("{}".into()),
                &CallOptions::new(),
            )
            .await
        {
            Err(Error::Decode {
                status: 200,
                message,
                ..
            }) => assert!(message.contains(needs), "{message}"),
            other => panic!("{other:?}"),
        }
    }
    // the decode error keeps the request id when the body had one
    let (e, _) = engine(vec![(1.0, ok(200, r#"{"meta":{"requestId":"req_7"}}"#))]);
    let err = e
        .call(
            &SerdeJson,
            &ops::GET_KEY,
            None,
            Some("{}".into()),
            &CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.request_id(), Some("req_7"));
    // deleteIdentity has no data
    let (e, _) = engine(vec![(1.0, ok(200, r#"{"meta":{"requestId":"r"}}"#))]);
    assert!(e
        .call(
            &SerdeJson,
            &ops::DELETE_IDENTITY,
            None,
            Some("{}".into()),
            &CallOptions::new()
        )
        .await
        .is_ok());
}

#[tokio::test(flavor = "current_thread")]
async fn config_rejects_bad_settings() {
    assert!(matches!(
        Config::new("", "https://api.unkey.com"),
        Err(Error::Config(_))
    ));
    assert!(matches!(
        Config::new("a b", "https://api.unkey.com"),
        Err(Error::Config(_))
    ));
    assert!(matches!(Config::new("k", "ftp://x"), Err(Error::Config(_))));
    assert!(matches!(
        Config::new("k", "https://"),
        Err(Error::Config(_))
    ));
    assert_eq!(
        Config::new("k", "https://x.test//").unwrap().server_url,
        "https://x.test"
    );
    // As `@unkey/api` (and `fetch`) take them: a key already written `Bearer <key>` is not
    // doubled, and whitespace around it (a secret file's newline) is not sent.
    for key in [
        "Bearer unkey_root",
        " unkey_root\n",
        "\tBearer unkey_root\r\n",
    ] {
        let (mut e, _) = engine(Vec::new());
        e.config = Config::new(key, "https://x.test").unwrap();
        let h = e.request(&ops::VERIFY_KEY, None, None, None).headers;
        assert!(
            h.contains(&("authorization", "Bearer unkey_root".into())),
            "{key:?}: {h:?}"
        );
    }
    // What Unkey would refuse anyway: another case of the prefix, a key with a space.
    for key in ["bearer unkey_root", "Bearer  unkey_root", "Bearer a b"] {
        assert!(
            matches!(Config::new(key, "https://x.test"), Err(Error::Config(_))),
            "{key:?}"
        );
    }
    // A space would end up inside every request URL.
    for url in ["https://x test", "https://x.test?a=b c", "ftp://x.test"] {
        assert!(
            matches!(Config::new("k", url), Err(Error::Config(_))),
            "{url}"
        );
    }
    // As in @unkey/api: a query goes on every request URL (a proxy routing by it), a fragment
    // is not sent, a base path is kept.
    for (url, want) in [
        (
            "https://x.test/unkey?t=a",
            "https://x.test/unkey/v2/keys.verifyKey?t=a",
        ),
        (
            "https://x.test/unkey/?t=a#f",
            "https://x.test/unkey/v2/keys.verifyKey?t=a",
        ),
        ("https://x.test/#f", "https://x.test/v2/keys.verifyKey"),
        ("https://x.test?", "https://x.test/v2/keys.verifyKey"),
    ] {
        let (mut e, _) = engine(Vec::new());
        e.config = Config::new("k", url).unwrap();
        assert_eq!(
            e.request(&ops::VERIFY_KEY, None, None, None).url,
            want,
            "{url}"
        );
    }
}

/// `Attempts` stepped by hand, as the wasm façade's `nextAttempt`/`settle` do: the per-attempt timeout is the
/// time left, nothing starts after the deadline, and the retry decision comes from `retry.rs`.
#[test]
fn attempts_step_without_a_future() {
    use crate::engine::{classify, Attempt, Attempts};
    let config = Config::new("unkey_root", "http://127.0.0.1:1").unwrap();
    let opts = CallOptions::new().timeout_ms(1_000);
    let mut a = Attempts::new(&config, &opts, 10_000.0);
    assert_eq!(a.next(10_000.0).unwrap(), Some(1_000));
    // A connect failure is retried (verifyKey is at-most-once, but it was never sent).
    let Attempt::Failed(error, retry_after) = classify(
        &SerdeJson,
        &ops::VERIFY_KEY,
        err(TransportErrorKind::Connect),
    ) else {
        panic!("a transport error is not final");
    };
    let pause = a
        .after(&ops::VERIFY_KEY, error, retry_after.as_deref(), 10_100.0)
        .unwrap();
    assert!(pause <= 900, "pause {pause} ms overshoots the deadline");
    assert_eq!(a.next(10_400.0).unwrap(), Some(600));
    // A connection that broke after sending is final for verifyKey.
    let Attempt::Failed(error, _) = classify(
        &SerdeJson,
        &ops::VERIFY_KEY,
        err(TransportErrorKind::Connection),
    ) else {
        panic!("a transport error is not final");
    };
    assert!(matches!(
        a.after(&ops::VERIFY_KEY, error, None, 10_500.0),
        Err(Error::Transport(_))
    ));
    // Past the deadline no attempt starts.
    assert!(
        matches!(a.next(11_000.0), Err(Error::Transport(t)) if t.kind == TransportErrorKind::Timeout)
    );
    // A 2xx envelope is final.
    let done = classify(
        &SerdeJson,
        &ops::VERIFY_KEY,
        ok(
            200,
            r#"{"meta":{"requestId":"req_1"},"data":{"valid":true}}"#,
        ),
    );
    assert!(matches!(done, Attempt::Done(Ok(s)) if s.request_id == "req_1"));
}

#[tokio::test(flavor = "current_thread")]
async fn a_redirect_is_final_for_every_operation() {
    // Unkey never redirects: a 3xx (or a browser's opaque redirect, status 0) is one attempt
    // and an API error, for reads and spending operations alike.
    for status in [0, 301, 302, 303, 307, 308] {
        for op in [&ops::GET_KEY, &ops::VERIFY_KEY] {
            let (e, s) = engine(vec![(1.0, ok(status, "")), (1.0, ok(200, OK_BODY))]);
            let r = e
                .call(&SerdeJson, op, None, Some("{}".into()), &CallOptions::new())
                .await;
            let err = r.unwrap_err();
            assert_eq!(err.kind(), "api", "{status}");
            assert_eq!(err.status(), Some(status));
            assert!(err.to_string().contains("redirect"), "{err}");
            assert_eq!(s.seen.borrow().len(), 1, "{status} {}", op.path);
        }
    }
}

#[test]
fn timer_waits_are_capped_at_what_js_timers_take() {
    use crate::engine::{Attempts, MAX_TIMER_MS};
    let config = Config::new("unkey_root", "http://127.0.0.1:1").unwrap();
    // A month: more than a JS timer takes (setTimeout fires at once past 2^31 - 1 ms).
    let opts = CallOptions::new().timeout_ms(u32::MAX);
    let mut a = Attempts::new(&config, &opts, 0.0);
    assert_eq!(a.next(0.0).unwrap(), Some(MAX_TIMER_MS));
    assert_eq!(MAX_TIMER_MS, (1u32 << 31) - 1);
}

#[test]
fn root_keys_a_header_cannot_carry_are_refused() {
    for key in [
        "unkey_\u{200b}abc",
        "\u{feff}unkey_abc",
        "unkey_🔑",
        "unkey_é",
        "unkey abc",
        "unkey\0abc",
        "unkey\tabc",
    ] {
        let e = Config::new(key, "https://api.unkey.com").unwrap_err();
        assert_eq!(e.kind(), "config", "{key:?}");
        // The message never repeats the key.
        assert!(!e.to_string().contains("abc"), "{e}");
    }
    assert!(Config::new(" unkey_AZaz09-_.~ ", "https://api.unkey.com").is_ok());
}

#[tokio::test(flavor = "current_thread")]
async fn the_engine_pauses_before_a_retry() {
    // Retry-After: 2 on a 503, then success: the clock (moved only by the transport's 1 ms per
    // attempt and by the engine's sleeps) shows the 2 s pause was taken.
    let busy = HttpResponse {
        status: 503,
        retry_after: Some("2".into()),
        body: "{}".into(),
    };
    let (e, s) = engine(vec![(1.0, Ok(busy)), (1.0, ok(200, OK_BODY))]);
    let before = e.timer.now_ms();
    let r = e
        .call(
            &SerdeJson,
            &ops::GET_KEY,
            None,
            Some("{}".into()),
            &CallOptions::new(),
        )
        .await;
    assert!(r.is_ok());
    assert_eq!(s.seen.borrow().len(), 2);
    let waited = e.timer.now_ms() - before - 2.0;
    assert!((2_000.0..2_001.0).contains(&waited), "paused {waited} ms");
}
