//! Every operation's retry class, held against `tests/fixtures/operations.json` (the tests' one
//! statement of the classes, shared with the Node and workerd suites), then proven end to end:
//! faults injected by unkey-local and attempts counted on the server.
//!
//! A regression here double-spends users' credits and rate-limit tokens, so each at-most-once
//! operation gets a 500, a dropped connection and a timeout, and must arrive exactly once; each
//! idempotent one gets a 500 and must arrive twice.

use std::time::{Duration, Instant};

use crate::common::Local;
use serde_json::{json, Value};
use unkey_edge::engine::SerdeJson;
use unkey_edge::ops::{self, Op};
use unkey_edge::retry::RetryClass;
use unkey_edge::{Backoff, CallOptions, PortalSession, Retries};

fn fixture() -> serde_json::Map<String, Value> {
    let text = include_str!("../fixtures/operations.json");
    let mut v: serde_json::Map<String, Value> = serde_json::from_str(text).unwrap();
    v.remove("_");
    v
}

fn name(op: &Op) -> String {
    if op.path == "/v2/liveness" {
        "liveness".into()
    } else {
        format!("{}.{}", op.namespace, op.js_name)
    }
}

fn class_of(entry: &Value) -> RetryClass {
    match entry["class"].as_str() {
        Some("at-most-once") => RetryClass::AtMostOnce,
        Some("idempotent") => RetryClass::Idempotent,
        other => panic!("unknown class {other:?}"),
    }
}

#[test]
fn the_operation_table_has_the_classes_the_tests_state() {
    let table = fixture();
    let ops: Vec<&Op> = ops::all().collect();
    assert_eq!(
        ops.len(),
        table.len(),
        "an operation is missing from one side"
    );
    for op in ops {
        let entry = table
            .get(&name(op))
            .unwrap_or_else(|| panic!("{} is not in tests/fixtures/operations.json", name(op)));
        assert_eq!(op.retry, class_of(entry), "{}", name(op));
    }
}

/// Fast retries, so that the count, not the clock, is what the tests wait for.
fn fast() -> CallOptions {
    CallOptions::new().retries(Retries::Backoff(
        Backoff::new()
            .initial_interval(Duration::from_millis(1))
            .max_interval(Duration::from_millis(5)),
    ))
}

async fn call(local: &Local, op: &Op, request: &Value, opts: &CallOptions) -> unkey_edge::Error {
    let unkey = local.client();
    let body = (!request.is_null()).then(|| request.to_string());
    // The portal session's own operations carry the fixture's session.
    let session = fixture()[&name(op)]["security"]["portalSession"]
        .as_str()
        .map(|token| PortalSession::new(token).unwrap());
    match unkey
        .engine()
        .call(&SerdeJson, op, session.as_ref(), body, opts)
        .await
    {
        Ok(_) => panic!("{}: the fault did not fail the call", name(op)),
        Err(e) => e,
    }
}

#[tokio::test]
async fn at_most_once_operations_arrive_exactly_once_after_a_500_a_drop_or_a_timeout() {
    let local = Local::start();
    let table = fixture();
    let mut checked = 0;
    for op in ops::all().filter(|op| op.retry == RetryClass::AtMostOnce) {
        let request = &table[&name(op)]["request"];
        let faults = [
            (json!({"kind": "status", "status": 500}), "api", fast()),
            (json!({"kind": "close"}), "network", fast()),
            (
                json!({"kind": "delay", "delayMs": 1500}),
                "timeout",
                fast().timeout_ms(300),
            ),
        ];
        for (fault, kind, opts) in faults {
            local.reset_counts().await;
            let mut f = fault.clone();
            f["path"] = json!(op.path);
            f["count"] = json!(5);
            local.fault(f).await;
            let err = call(&local, op, request, &opts).await;
            assert_eq!(err.kind(), kind, "{} {fault}: {err}", name(op));
            assert_eq!(
                local.count(op.path).await,
                1,
                "{} was sent again after {fault}",
                name(op)
            );
            local
                .control(reqwest::Method::DELETE, "/_local/faults", None)
                .await;
        }
        checked += 1;
    }
    let stated = table
        .values()
        .filter(|e| class_of(e) == RetryClass::AtMostOnce);
    assert_eq!(checked, stated.count());
}

#[tokio::test]
async fn idempotent_operations_are_retried_after_a_500() {
    let local = Local::start();
    let table = fixture();
    let mut checked = 0;
    for op in ops::all().filter(|op| op.retry == RetryClass::Idempotent) {
        let request = &table[&name(op)]["request"];
        local.reset_counts().await;
        // Every attempt fails: the default policy makes three.
        local
            .fault(json!({"kind": "status", "status": 500, "path": op.path, "count": 10}))
            .await;
        let err = call(&local, op, request, &fast()).await;
        assert_eq!(err.status(), Some(500), "{}", name(op));
        assert_eq!(local.count(op.path).await, 3, "{}", name(op));
        local
            .control(reqwest::Method::DELETE, "/_local/faults", None)
            .await;
        checked += 1;
    }
    let stated = table
        .values()
        .filter(|e| class_of(e) == RetryClass::Idempotent);
    assert_eq!(checked, stated.count());
}

/// The pause before a retry is at least the server's `Retry-After`. A lower bound on wall time:
/// a loaded machine can only make it longer.
#[tokio::test]
async fn a_retry_waits_at_least_retry_after() {
    let local = Local::start();
    let op = &ops::GET_API;
    local
        .fault(json!({"kind": "rate_limited", "retryAfter": 1, "path": op.path, "count": 1}))
        .await;
    local.reset_counts().await;
    let unkey = local.client();
    let started = Instant::now();
    // The second attempt is answered by the real handler: an unknown API, 404.
    let err = unkey
        .engine()
        .call(
            &SerdeJson,
            op,
            None,
            Some(r#"{"apiId":"api_missing0000"}"#.into()),
            &CallOptions::new(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(
        started.elapsed().as_millis() >= 1000,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(local.count(op.path).await, 2);
}
