//! ratelimit.*, ported from the real server's route tests (unkeyed/unkey at fc99b6b9,
//! `svc/api/routes/v2_ratelimit_*/*_test.go`). Each test names the Go file and subtest; the code
//! and wording are ours. The server clock is frozen so no window edge falls inside a test.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{in_id_order, Server};
use serde_json::{json, Value};

fn frozen() -> Server {
    let s = Server::start(&["--test-clock"]);
    assert_eq!(
        s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#)
            .status,
        200
    );
    s
}

fn lim(ns: &str, id: &str, limit: i64, cost: Option<i64>) -> Value {
    let mut v = json!({"namespace": ns, "identifier": id, "limit": limit, "duration": 60000});
    if let Some(c) = cost {
        v["cost"] = json!(c);
    }
    v
}

/// The validator's 400 as the 400_test.go files check it: type, detail, status, title, a
/// request id and a non-empty `errors[]`.
fn assert_full_schema_error(r: &common::Resp, op: &str) {
    r.assert_schema_error(op);
    let body = r.json();
    assert_eq!(body["error"]["title"], "Bad Request");
    assert!(!body["error"]["errors"].as_array().unwrap().is_empty());
    assert!(body["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

// ---- v2_ratelimit_limit/200_test.go, TestLimitSuccessfully ----------------------------------

/// Upstream's per-subtest setup (`createNamespace` and a root key holding only
/// `ratelimit.<namespace id>.limit`): a [`full`] server with the namespace `name`; returns the
/// server, the namespace id and the root key.
fn limit_setup(name: &str) -> (Server, String, String) {
    let s = full();
    let ns = namespace(&s, name);
    let rk = s.root_key(&[&format!("ratelimit.{ns}.limit")]);
    (s, ns, rk)
}

/// ratelimit.limit as `rk`; the answer's `data`.
fn limit_as(s: &Server, rk: &str, body: &Value) -> Value {
    s.post_as("/v2/ratelimit.limit", Some(rk), body).data()
}

/// Sets an override of `limit` per `duration` ms with the test root key; returns its id.
fn override_of(s: &Server, ns: &str, identifier: &str, limit: i64, duration: i64) -> Value {
    s.ok(
        "ratelimit.setOverride",
        json!({"namespace": ns, "identifier": identifier, "limit": limit, "duration": duration}),
    )["overrideId"]
        .clone()
}

/// (success, limit, remaining) of a ratelimit.limit answer.
fn outcome(d: &Value) -> (Value, Value, Value) {
    (
        d["success"].clone(),
        d["limit"].clone(),
        d["remaining"].clone(),
    )
}

/// 200_test.go, "basic rate limiting": the first request passes with `remaining` one less
/// than the limit, a reset in the future and no override.
#[test]
fn ratelimit_limit__basic_rate_limiting() {
    let (s, _, rk) = limit_setup("basic_ns");
    let d = limit_as(&s, &rk, &lim("basic_ns", "user_123", 100, None));
    assert_eq!(outcome(&d), (json!(true), json!(100), json!(99)));
    assert!(d["reset"].as_i64().unwrap() > 0, "{d}");
    assert!(d.get("overrideId").is_none(), "{d}");
}

/// 200_test.go, "custom cost": a cost of 5 takes 5 from the limit.
#[test]
fn ratelimit_limit__custom_cost() {
    let (s, _, rk) = limit_setup("cost_ns");
    let d = limit_as(&s, &rk, &lim("cost_ns", "user_456", 100, Some(5)));
    assert_eq!(outcome(&d), (json!(true), json!(100), json!(95)));
}

/// 200_test.go, "with override": an override of 200 per 120 s for the identifier replaces
/// the request's 100 per 60 s, and its id is answered.
#[test]
fn ratelimit_limit__with_override() {
    let (s, _, rk) = limit_setup("override_ns");
    let id = override_of(&s, "override_ns", "user_789", 200, 120000);
    let d = limit_as(&s, &rk, &lim("override_ns", "user_789", 100, None));
    assert_eq!(outcome(&d), (json!(true), json!(200), json!(199)));
    assert_eq!(d["overrideId"], id);
}

/// 200_test.go, "with wildcard override": the override's identifier is the request's with
/// its leading `prefix` replaced by `p*` (a wildcard inside the pattern, not only at its
/// end), 200 per 120 s.
#[test]
fn ratelimit_limit__with_wildcard_override() {
    let (s, _, rk) = limit_setup("wildcard_ns");
    let id = override_of(&s, "wildcard_ns", "p*_4fTq9zK2", 200, 120000);
    let d = limit_as(&s, &rk, &lim("wildcard_ns", "prefix_4fTq9zK2", 100, None));
    assert_eq!(d["overrideId"], id);
    assert_eq!(outcome(&d), (json!(true), json!(200), json!(199)));
}

/// 200_test.go, "rate limit exceeded": with a limit of 1 the first request passes with
/// nothing left, the second is refused (still a 200) with limit 1 and nothing left.
#[test]
fn ratelimit_limit__rate_limit_exceeded() {
    let (s, _, rk) = limit_setup("exceeded_ns");
    let body = lim("exceeded_ns", "test_exceeded", 1, None);
    let d = limit_as(&s, &rk, &body);
    assert_eq!(
        (d["success"].clone(), d["remaining"].clone()),
        (json!(true), json!(0))
    );
    let d = limit_as(&s, &rk, &body);
    assert_eq!(outcome(&d), (json!(false), json!(1), json!(0)));
}

/// 200_test.go, "rate limiting with active override": an override of 3 per 60 s applies to a
/// request asking 100 per 120 s: three pass (2, 1, 0 left), the fourth is refused, and each
/// answer names the override.
#[test]
fn ratelimit_limit__rate_limiting_with_active_override() {
    let (s, _, rk) = limit_setup("active_ns");
    let id = override_of(&s, "active_ns", "override_user", 3, 60000);
    let body = json!({"namespace": "active_ns", "identifier": "override_user", "limit": 100,
                      "duration": 120000});
    for (success, remaining) in [(true, 2), (true, 1), (true, 0), (false, 0)] {
        let d = limit_as(&s, &rk, &body);
        assert_eq!(
            outcome(&d),
            (json!(success), json!(3), json!(remaining)),
            "{d}"
        );
        assert_eq!(d["overrideId"], id);
    }
}

/// v2_ratelimit_limit/200_test.go, "namespace accepts any characters within length bounds".
#[test]
fn ratelimit_limit__namespace_accepts_any_characters_within_length_bounds() {
    let s = frozen();
    for ns in ["with spaces & symbols!", "ünïcödé/ns:1", "a"] {
        let r = s.call("ratelimit.limit", lim(ns, "u", 5, None));
        assert_eq!(r.status, 200, "{ns}");
    }
}

/// v2_ratelimit_limit/400_test.go, "negative cost" (as a key that may limit the namespace).
#[test]
fn ratelimit_limit__negative_cost() {
    let (s, _, rk) = limit_setup("negative_cost_ns");
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some(&rk),
        &json!({"namespace": "negative_cost_ns", "identifier": "user_123", "limit": 100,
                "duration": 60000, "cost": -5}),
    );
    assert_full_schema_error(&r, "ratelimit.limit");
}

/// v2_ratelimit_limit/400_test.go, "missing namespace in request" (as `ratelimit.*.limit`).
#[test]
fn ratelimit_limit__missing_namespace_in_request() {
    let s = Server::start(&["--root-key", "rk=ratelimit.*.limit"]);
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some("rk"),
        &json!({"identifier": "user_123", "limit": 100, "duration": 60000}),
    );
    assert_full_schema_error(&r, "ratelimit.limit");
}

/// v2_ratelimit_limit/403_test.go: without `create_namespace` a new namespace is a 403 naming
/// the single permission.
#[test]
fn ratelimit_limit__insufficient_permissions() {
    let s2 = Server::start(&["--root-key", "rk=ratelimit.*.limit"]);
    let r = s2.post_as(
        "/v2/ratelimit.limit",
        Some("rk"),
        &lim("brand-new", "u", 5, None),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["error"]["detail"],
        "Missing permission: 'ratelimit.*.create_namespace'"
    );
}

/// Namespaces `names` and a root key that may limit each of them (upstream's
/// `createNamespace` per namespace and `ratelimit.<id>.limit` grants); returns the server and
/// the key.
fn multi_setup(names: &[&str]) -> (Server, String) {
    let s = full();
    let grants: Vec<String> = names
        .iter()
        .map(|n| format!("ratelimit.{}.limit", namespace(&s, n)))
        .collect();
    let rk = s.root_key(&grants.iter().map(String::as_str).collect::<Vec<_>>());
    (s, rk)
}

/// (namespace, identifier, passed, limit, remaining) of each result of a multiLimit answer.
fn multi_results(d: &Value) -> Vec<(Value, Value, Value, Value, Value)> {
    d["limits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["namespace"].clone(),
                l["identifier"].clone(),
                l["passed"].clone(),
                l["limit"].clone(),
                l["remaining"].clone(),
            )
        })
        .collect()
}

/// v2_ratelimit_multi_limit/200_test.go, "multiple limits - some fail but all results
/// returned": with limits of 100, 1 and 300, the second batch fails on the second namespace
/// only, and every result is answered in request order. (Nothing of the failed batch is
/// counted: a third request of the first namespace leaves 98.)
#[test]
fn ratelimit_multi_limit__multiple_limits_some_fail_but_all_results_returned() {
    let (s, rk) = multi_setup(&["ns_one", "ns_two", "ns_three"]);
    let id = "test_4fTq9zK2";
    let body = json!([
        {"namespace": "ns_one", "identifier": id, "limit": 100, "duration": 60000},
        {"namespace": "ns_two", "identifier": id, "limit": 1, "duration": 60000},
        {"namespace": "ns_three", "identifier": id, "limit": 300, "duration": 60000}
    ]);
    let call = || {
        s.post_as("/v2/ratelimit.multiLimit", Some(&rk), &body)
            .data()
    };
    let first = call();
    assert_eq!(first["passed"], true);
    let passed: Vec<Value> = multi_results(&first).into_iter().map(|r| r.2).collect();
    assert_eq!(passed, [json!(true), json!(true), json!(true)]);
    let second = call();
    assert_eq!(second["passed"], false);
    let results = multi_results(&second);
    assert_eq!(results.len(), 3);
    let (ns, ident, ok, _, _) = &results[0];
    assert_eq!(
        (ns, ident, ok),
        (&json!("ns_one"), &json!(id), &json!(true))
    );
    assert_eq!(
        results[1],
        (json!("ns_two"), json!(id), json!(false), json!(1), json!(0))
    );
    let (ns, ident, ok, _, _) = &results[2];
    assert_eq!(
        (ns, ident, ok),
        (&json!("ns_three"), &json!(id), &json!(true))
    );
    let d = s
        .post_as(
            "/v2/ratelimit.multiLimit",
            Some(&rk),
            &json!([{"namespace": "ns_one", "identifier": id, "limit": 100, "duration": 60000}]),
        )
        .data();
    assert_eq!(d["limits"][0]["remaining"], 98);
}

/// v2_ratelimit_multi_limit/200_test.go, "custom cost with multiple requests": costs 1 (the
/// default), 3 and 10 against limits 100, 50 and 200.
#[test]
fn ratelimit_multi_limit__custom_cost_with_multiple_requests() {
    let (s, rk) = multi_setup(&["cost_one", "cost_two", "cost_three"]);
    let d = s
        .post_as(
            "/v2/ratelimit.multiLimit",
            Some(&rk),
            &json!([
                {"namespace": "cost_one", "identifier": "user_multi_cost", "limit": 100, "duration": 60000},
                {"namespace": "cost_two", "identifier": "user_multi_cost", "limit": 50, "duration": 60000, "cost": 3},
                {"namespace": "cost_three", "identifier": "user_multi_cost", "limit": 200, "duration": 60000, "cost": 10}
            ]),
        )
        .data();
    assert_eq!(d["passed"], true);
    let u = json!("user_multi_cost");
    assert_eq!(
        multi_results(&d),
        [
            (
                json!("cost_one"),
                u.clone(),
                json!(true),
                json!(100),
                json!(99)
            ),
            (
                json!("cost_two"),
                u.clone(),
                json!(true),
                json!(50),
                json!(47)
            ),
            (json!("cost_three"), u, json!(true), json!(200), json!(190)),
        ]
    );
}

/// v2_ratelimit_multi_limit/403_test.go: `ratelimit.*.limit`, or `limit` on every namespace.
#[test]
fn ratelimit_multi_limit__insufficient_permissions() {
    let s = Server::start(&["--root-key", "rk=ratelimit.*.create_namespace"]);
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some("rk"),
        &json!([lim("a1", "u", 5, None)]),
    );
    assert_eq!(r.status, 403);
    let d = r.json()["error"]["detail"].as_str().unwrap().to_string();
    assert!(
        d.starts_with("Missing one of these permissions: ratelimit.*.limit or ratelimit.rlns_"),
        "{d}"
    );
}

/// `op` with `body` as the test root key: the validator's full 400.
fn schema_refused(op: &str, body: Value) {
    let s = frozen();
    assert_full_schema_error(&s.call(op, body), op);
}

/// v2_ratelimit_set_override/400_test.go, "missing all required fields".
#[test]
fn ratelimit_set_override__missing_all_required_fields() {
    schema_refused("ratelimit.setOverride", json!({}));
}

/// v2_ratelimit_set_override/400_test.go, "missing identifier".
#[test]
fn ratelimit_set_override__missing_identifier() {
    schema_refused(
        "ratelimit.setOverride",
        json!({"namespace": "test_namespace_id", "limit": 10, "duration": 1000}),
    );
}

/// v2_ratelimit_set_override/400_test.go, "empty identifier".
#[test]
fn ratelimit_set_override__empty_identifier() {
    schema_refused(
        "ratelimit.setOverride",
        json!({"namespace": "test_namespace_id", "identifier": "", "limit": 10, "duration": 1000}),
    );
}

/// v2_ratelimit_set_override/400_test.go, "missing duration".
#[test]
fn ratelimit_set_override__missing_duration() {
    schema_refused(
        "ratelimit.setOverride",
        json!({"namespace": "test_namespace_id", "identifier": "user_123", "limit": 10}),
    );
}

/// v2_ratelimit_set_override/400_test.go, "invalid limit (negative)".
#[test]
fn ratelimit_set_override__invalid_limit_negative() {
    schema_refused(
        "ratelimit.setOverride",
        json!({"namespace": "test_namespace_id", "identifier": "user_123", "limit": -10, "duration": 1000}),
    );
}

/// v2_ratelimit_set_override/400_test.go, "invalid duration (negative)".
#[test]
fn ratelimit_set_override__invalid_duration_negative() {
    schema_refused(
        "ratelimit.setOverride",
        json!({"namespace": "test_namespace_id", "identifier": "user_123", "limit": 10, "duration": -1000}),
    );
}

/// v2_ratelimit_set_override/404_test.go: the namespace must exist.
#[test]
fn ratelimit_set_override__namespace_not_found() {
    let s = frozen();
    let r = s.call(
        "ratelimit.setOverride",
        json!({"namespace": "never", "identifier": "i", "limit": 1, "duration": 1000}),
    );
    assert_eq!(r.status, 404);
    let e = &r.json()["error"];
    assert_eq!(
        e["type"],
        "https://unkey.com/docs/errors/unkey/data/ratelimit_namespace_not_found"
    );
    assert_eq!(e["detail"], "This namespace does not exist.");
}

/// TestListOverridesSuccessfully's data: a namespace `test_namespace` with one override
/// (`test_identifier`, 10 per second) and a root key holding `ratelimit.*.read_override`;
/// returns the server, the namespace id and the override id.
fn overrides_listing() -> (Server, String, Value) {
    let s = Server::start(&[
        "--test-clock",
        "--dashboard",
        "--root-key",
        "rk=ratelimit.*.read_override",
    ]);
    let id = namespace(&s, "test_namespace");
    let ov = s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "test_namespace", "identifier": "test_identifier", "limit": 10,
               "duration": 1000}),
    )["overrideId"]
        .clone();
    (s, id, ov)
}

/// ratelimit.listOverrides of `namespace` as `rk`; the whole answer.
fn list_overrides_of(s: &Server, namespace: &str) -> Value {
    let r = s.post_as(
        "/v2/ratelimit.listOverrides",
        Some("rk"),
        &json!({"namespace": namespace}),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// Asserts the one override of [`overrides_listing`] is listed, with its fields.
fn assert_the_override(listed: &Value, ov: &Value) {
    let data = listed["data"].as_array().unwrap();
    assert_eq!(data.len(), 1, "{listed}");
    assert_eq!(
        (
            data[0]["overrideId"].clone(),
            data[0]["identifier"].clone(),
            data[0]["limit"].clone(),
            data[0]["duration"].clone()
        ),
        (ov.clone(), json!("test_identifier"), json!(10), json!(1000))
    );
}

/// v2_ratelimit_list_overrides/200_test.go, "get by namespace name".
#[test]
fn ratelimit_list_overrides__get_by_namespace_name() {
    let (s, _, ov) = overrides_listing();
    assert_the_override(&list_overrides_of(&s, "test_namespace"), &ov);
}

/// v2_ratelimit_list_overrides/200_test.go, "get by namespace ID" (the id from
/// `/_local/dashboard/namespace`).
#[test]
fn ratelimit_list_overrides__get_by_namespace_ID() {
    let (s, id, ov) = overrides_listing();
    assert_the_override(&list_overrides_of(&s, &id), &ov);
}

/// v2_ratelimit_list_overrides/200_test.go, "get empty list for namespace without
/// overrides" (asked by id): no overrides, no more pages, no cursor.
#[test]
fn ratelimit_list_overrides__get_empty_list_for_namespace_without_overrides() {
    let (s, _, _) = overrides_listing();
    let empty = namespace(&s, "empty_namespace");
    let listed = list_overrides_of(&s, &empty);
    assert_eq!(listed["data"], json!([]));
    assert_eq!(listed["pagination"], json!({"hasMore": false}));
}

/// v2_ratelimit_delete_override/400_test.go, "missing all required fields".
#[test]
fn ratelimit_delete_override__missing_all_required_fields() {
    schema_refused("ratelimit.deleteOverride", json!({}));
}

/// v2_ratelimit_delete_override/400_test.go, "missing identifier".
#[test]
fn ratelimit_delete_override__missing_identifier() {
    schema_refused(
        "ratelimit.deleteOverride",
        json!({"namespace": "test_namespace_id"}),
    );
}

/// v2_ratelimit_delete_override/400_test.go, "empty identifier".
#[test]
fn ratelimit_delete_override__empty_identifier() {
    schema_refused(
        "ratelimit.deleteOverride",
        json!({"namespace": "test_namespace_id", "identifier": ""}),
    );
}

/// v2_ratelimit_delete_override/400_test.go, "namespace not provided".
#[test]
fn ratelimit_delete_override__namespace_not_provided() {
    schema_refused(
        "ratelimit.deleteOverride",
        json!({"namespace": "", "identifier": "user_123"}),
    );
}

/// v2_ratelimit_limit/accuracy_test.go, TestRateLimitAccuracy, one leaf
/// `windows_50/limit_<limit>/duration_<duration>ms/load_<load>x`: requests arrive at
/// `rps = ceil(limit × load × 1000 / duration)` for the seconds 50 windows take, the clock
/// moving `1s / rps` before each one (upstream ticks its test clock, `h.Clock.Tick`; here the
/// frozen test clock is advanced, in whole milliseconds, by the accumulated nanoseconds).
/// The sliding window must let through between 95% and 120% of `windows × limit` (capped at
/// the requests sent), or at least 95% of them when the load does not exceed the limit.
fn accuracy(limit: i64, duration: i64, load: f64) {
    const WINDOWS: i64 = 50;
    let s = frozen();
    // A fixed phase to the windows, 537 ms past a second. Upstream's test clock starts at a
    // nanosecond reading, which lands on a multiple of the request interval with probability
    // about 0; a millisecond reading here did so 1 time in 200 (every request then falls on a
    // window's edge, the previous window weighs whole, and 225 of 250 passed once).
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    let start = (now / 1000 + 1) * 1000 + 537;
    let set = json!({"set": start}).to_string();
    assert_eq!(
        s.request("POST", "/_local/clock", &[], set.as_bytes())
            .status,
        200
    );
    let rps = ((limit as f64 * load * (1000.0 / duration as f64)).ceil() as i64).max(1);
    let seconds = ((WINDOWS * duration) as f64 / 1000.0).ceil() as i64;
    let total = rps * seconds;
    let max_allowed = ((seconds * 1000) as f64 / duration as f64 * limit as f64).min(total as f64);
    let (mut lower, mut upper) = ((max_allowed * 0.95) as i64, (max_allowed * 1.2) as i64);
    if (rps as f64) * (duration as f64 / 1000.0) <= limit as f64 {
        lower = (total as f64 * 0.95) as i64;
        upper = total;
    }
    upper = upper.min(total);
    let interval_ns = 1_000_000_000 / rps;
    let (mut elapsed_ns, mut advanced_ms, mut passed) = (0i64, 0i64, 0i64);
    let body = json!({"namespace": "acc", "identifier": "u", "limit": limit, "duration": duration});
    for _ in 0..total {
        elapsed_ns += interval_ns;
        let due_ms = elapsed_ns / 1_000_000;
        if due_ms > advanced_ms {
            s.advance(due_ms - advanced_ms);
            advanced_ms = due_ms;
        }
        if s.ok("ratelimit.limit", body.clone())["success"] == true {
            passed += 1;
        }
    }
    assert!(
        (lower..=upper).contains(&passed),
        "limit {limit}/{duration}ms at {load}x: {passed} of {total} passed, want {lower}..={upper}"
    );
}

/// accuracy_test.go, "windows_50/limit_5/duration_1000ms/load_0.9x".
#[test]
fn ratelimit_limit__windows_50_limit_5_duration_1000ms_load_0_9x() {
    accuracy(5, 1000, 0.9);
}

/// accuracy_test.go, "windows_50/limit_5/duration_1000ms/load_1.0x".
#[test]
fn ratelimit_limit__windows_50_limit_5_duration_1000ms_load_1_0x() {
    accuracy(5, 1000, 1.0);
}

/// accuracy_test.go, "windows_50/limit_5/duration_1000ms/load_10.0x".
#[test]
fn ratelimit_limit__windows_50_limit_5_duration_1000ms_load_10_0x() {
    accuracy(5, 1000, 10.0);
}

/// accuracy_test.go, "windows_50/limit_5/duration_5000ms/load_0.9x".
#[test]
fn ratelimit_limit__windows_50_limit_5_duration_5000ms_load_0_9x() {
    accuracy(5, 5000, 0.9);
}

/// accuracy_test.go, "windows_50/limit_5/duration_5000ms/load_1.0x".
#[test]
fn ratelimit_limit__windows_50_limit_5_duration_5000ms_load_1_0x() {
    accuracy(5, 5000, 1.0);
}

/// accuracy_test.go, "windows_50/limit_5/duration_5000ms/load_10.0x".
#[test]
fn ratelimit_limit__windows_50_limit_5_duration_5000ms_load_10_0x() {
    accuracy(5, 5000, 10.0);
}

/// accuracy_test.go, "windows_50/limit_100/duration_1000ms/load_0.9x".
#[test]
fn ratelimit_limit__windows_50_limit_100_duration_1000ms_load_0_9x() {
    accuracy(100, 1000, 0.9);
}

/// accuracy_test.go, "windows_50/limit_100/duration_1000ms/load_1.0x".
#[test]
fn ratelimit_limit__windows_50_limit_100_duration_1000ms_load_1_0x() {
    accuracy(100, 1000, 1.0);
}

/// accuracy_test.go, "windows_50/limit_100/duration_1000ms/load_10.0x".
#[test]
fn ratelimit_limit__windows_50_limit_100_duration_1000ms_load_10_0x() {
    accuracy(100, 1000, 10.0);
}

/// accuracy_test.go, "windows_50/limit_100/duration_5000ms/load_0.9x".
#[test]
fn ratelimit_limit__windows_50_limit_100_duration_5000ms_load_0_9x() {
    accuracy(100, 5000, 0.9);
}

/// accuracy_test.go, "windows_50/limit_100/duration_5000ms/load_1.0x".
#[test]
fn ratelimit_limit__windows_50_limit_100_duration_5000ms_load_1_0x() {
    accuracy(100, 5000, 1.0);
}

/// accuracy_test.go, "windows_50/limit_100/duration_5000ms/load_10.0x".
#[test]
fn ratelimit_limit__windows_50_limit_100_duration_5000ms_load_10_0x() {
    accuracy(100, 5000, 10.0);
}

// ---- Subtests ported one by one (audit of the route tests at fc99b6b9). ----

/// A frozen-clock server with the dashboard, recorded analytics and a second workspace
/// `ws_other` whose root key is `other`.
fn full() -> Server {
    let s = Server::start(&[
        "--test-clock",
        "--dashboard",
        "--analytics",
        "--workspace",
        "ws_other",
        "--root-key",
        "other",
    ]);
    assert_eq!(
        s.request("POST", "/_local/clock", &[], br#"{"freeze":true}"#)
            .status,
        200
    );
    s
}

/// Creates the namespace `name` (`/_local/dashboard/namespace`); returns its id.
fn namespace(s: &Server, name: &str) -> String {
    let r = s.request(
        "POST",
        "/_local/dashboard/namespace",
        &[],
        json!({"namespace": name}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()["namespaceId"].as_str().unwrap().to_string()
}

/// Sets an override with the test root key; returns its id.
fn set_override(s: &Server, ns: &str, identifier: &str, limit: i64) -> String {
    s.ok(
        "ratelimit.setOverride",
        json!({"namespace": ns, "identifier": identifier, "limit": limit, "duration": 60000}),
    )["overrideId"]
        .as_str()
        .unwrap()
        .to_string()
}

const NS_GONE: &str = "This namespace does not exist.";

/// Asserts the 404 of a namespace the caller's workspace does not have.
fn assert_namespace_not_found(r: &common::Resp) {
    r.assert_error(404, "unkey/data/ratelimit_namespace_not_found", NS_GONE);
}

/// Asserts the validator's 400 of an empty `namespace`, with its field list.
fn assert_empty_namespace(r: &common::Resp, op: &str) {
    r.assert_schema_error(op);
    let body = r.json();
    assert_eq!(body["error"]["title"], "Bad Request");
    assert!(!body["error"]["errors"].as_array().unwrap().is_empty());
    assert!(body["meta"]["requestId"]
        .as_str()
        .unwrap()
        .starts_with("req_"));
}

/// The raw rate-limit events of a namespace, read through analytics.getRatelimits.
fn events(s: &Server, ns_id: &str) -> Value {
    s.ok(
        "analytics.getRatelimits",
        json!({"query": format!(
            "SELECT identifier, passed, request_id FROM ratelimits_v1 WHERE namespace_id = '{ns_id}'"
        )}),
    )
}

/// v2_ratelimit_delete_override/403_test.go, TestWorkspacePermissions: another workspace's
/// root key does not find the namespace, and the override stays.
#[test]
fn ratelimit_delete_override__workspace_permissions() {
    let s = full();
    let ns = namespace(&s, "test_ns");
    set_override(&s, &ns, "test_identifier", 10);
    let rk = s.root_key_in(Some("ws_other"), &[]);
    assert_namespace_not_found(&s.post_as(
        "/v2/ratelimit.deleteOverride",
        Some(&rk),
        &json!({"namespace": ns, "identifier": "test_identifier"}),
    ));
    assert_eq!(
        s.ok(
            "ratelimit.getOverride",
            json!({"namespace": ns, "identifier": "test_identifier"})
        )["limit"],
        10
    );
}

/// v2_ratelimit_delete_override/404_test.go, "namespace name not found" (with Go's root key,
/// which may delete the overrides of one other namespace).
#[test]
fn ratelimit_delete_override__namespace_name_not_found() {
    let s = full();
    let other = namespace(&s, "scoped_ns");
    let rk = s.root_key(&[&format!("ratelimit.{other}.delete_override")]);
    assert_namespace_not_found(&s.post_as(
        "/v2/ratelimit.deleteOverride",
        Some(&rk),
        &json!({"namespace": "nonexistent_namespace", "identifier": "some_identifier"}),
    ));
}

/// v2_ratelimit_get_override/400_test.go, "neither namespace ID nor name provided".
#[test]
fn ratelimit_get_override__neither_namespace_id_nor_name_provided() {
    let s = full();
    assert_empty_namespace(
        &s.call(
            "ratelimit.getOverride",
            json!({"namespace": "", "identifier": "user_123"}),
        ),
        "ratelimit.getOverride",
    );
}

/// v2_ratelimit_get_override/403_test.go, TestWorkspacePermissions.
#[test]
fn ratelimit_get_override__workspace_permissions() {
    let s = full();
    let ns = namespace(&s, "test_ns");
    set_override(&s, &ns, "test_identifier", 10);
    let rk = s.root_key_in(Some("ws_other"), &[]);
    assert_namespace_not_found(&s.post_as(
        "/v2/ratelimit.getOverride",
        Some(&rk),
        &json!({"namespace": ns, "identifier": "test_identifier"}),
    ));
}

/// v2_ratelimit_get_override/404_test.go, "namespace name not found" (with Go's root key,
/// which may read the overrides of one other namespace).
#[test]
fn ratelimit_get_override__namespace_name_not_found() {
    let s = full();
    let other = namespace(&s, "scoped_ns");
    let rk = s.root_key(&[&format!("ratelimit.{other}.read_override")]);
    assert_namespace_not_found(&s.post_as(
        "/v2/ratelimit.getOverride",
        Some(&rk),
        &json!({"namespace": "nonexistent_namespace", "identifier": "some_identifier"}),
    ));
}

/// v2_ratelimit_get_override/404_test.go, TestOverrideResponsesDoNotLeakExistence: for a root
/// key without permissions, an existing override and a missing one answer alike.
#[test]
fn ratelimit_get_override__override_responses_do_not_leak_existence() {
    let s = full();
    let ns = namespace(&s, "test_ns");
    set_override(&s, &ns, "existing_identifier", 10);
    let rk = s.root_key(&[]);
    let probe = |identifier: &str| {
        s.post_as(
            "/v2/ratelimit.getOverride",
            Some(&rk),
            &json!({"namespace": ns, "identifier": identifier}),
        )
    };
    let existing = probe("existing_identifier");
    let missing = probe("non_existent_identifier");
    assert_eq!(existing.status, 404);
    assert_eq!(missing.status, 404);
    assert_eq!(existing.json()["error"], missing.json()["error"]);
}

/// v2_ratelimit_limit/200_test.go, "the event is flushed to clickhouse": the limit is
/// recorded with its identifier, outcome and request id (read here through
/// analytics.getRatelimits, whose `ratelimits_v1` is upstream's `ratelimits_raw_v2`).
#[test]
fn ratelimit_limit__the_event_is_flushed_to_clickhouse() {
    let s = full();
    let ns = namespace(&s, "flushed_ns");
    let rk = s.root_key(&[&format!("ratelimit.{ns}.limit")]);
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some(&rk),
        &lim("flushed_ns", "test_identifier", 100, None),
    );
    let body = r.json();
    assert_eq!(r.status, 200);
    assert_eq!(
        events(&s, &ns),
        json!([{"identifier": "test_identifier", "passed": body["data"]["success"],
                "request_id": body["meta"]["requestId"]}])
    );
}

/// v2_ratelimit_limit/403_test.go, TestWorkspacePermissions: another workspace's root key
/// without permissions would have to create the namespace in its own workspace.
#[test]
fn ratelimit_limit__workspace_permissions() {
    let s = full();
    namespace(&s, "test_ns");
    let rk = s.root_key_in(Some("ws_other"), &[]);
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some(&rk),
        &lim("test_ns", "user_123", 100, None),
    );
    assert_eq!(r.status, 403);
    assert!(r.json()["error"]["detail"]
        .as_str()
        .unwrap()
        .contains("create_namespace"));
}

/// v2_ratelimit_limit/403_test.go, "has limit permission but no create_namespace permission":
/// the namespace is not created.
#[test]
fn ratelimit_limit__has_limit_permission_but_no_create_namespace_permission() {
    let s = full();
    let rk = s.root_key(&["ratelimit.*.limit"]);
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some(&rk),
        &lim("nonexistent_ns", "user_123", 100, None),
    );
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing permission: 'ratelimit.*.create_namespace'",
    );
    assert_namespace_not_found(&s.call(
        "ratelimit.listOverrides",
        json!({"namespace": "nonexistent_ns"}),
    ));
}

/// v2_ratelimit_list_overrides/400_test.go, "missing all required fields": Go marshals its
/// zero request as `{"namespace":""}` (the field has no `omitempty`, svc/api/openapi/gen.go),
/// the same body as the next subtest's; `{}` is refused the same way.
#[test]
fn ratelimit_list_overrides__missing_all_required_fields() {
    schema_refused("ratelimit.listOverrides", json!({"namespace": ""}));
    schema_refused("ratelimit.listOverrides", json!({}));
}

/// v2_ratelimit_list_overrides/400_test.go, "neither namespace ID nor name provided".
#[test]
fn ratelimit_list_overrides__neither_namespace_id_nor_name_provided() {
    let s = full();
    assert_empty_namespace(
        &s.call("ratelimit.listOverrides", json!({"namespace": ""})),
        "ratelimit.listOverrides",
    );
}

/// v2_ratelimit_list_overrides/403_test.go, TestWorkspacePermissions.
#[test]
fn ratelimit_list_overrides__workspace_permissions() {
    let s = full();
    let ns = namespace(&s, "test_namespace");
    set_override(&s, &ns, "test_identifier", 10);
    let rk = s.root_key_in(Some("ws_other"), &[]);
    assert_namespace_not_found(&s.post_as(
        "/v2/ratelimit.listOverrides",
        Some(&rk),
        &json!({"namespace": ns}),
    ));
}

/// v2_ratelimit_list_overrides/404_test.go, "namespace id not found".
#[test]
fn ratelimit_list_overrides__namespace_id_not_found() {
    let s = full();
    assert_namespace_not_found(&s.call(
        "ratelimit.listOverrides",
        json!({"namespace": "ns_nonexistent"}),
    ));
}

/// v2_ratelimit_list_overrides/404_test.go, "namespace name not found".
#[test]
fn ratelimit_list_overrides__namespace_name_not_found() {
    let s = full();
    assert_namespace_not_found(&s.call(
        "ratelimit.listOverrides",
        json!({"namespace": "nonexistent_namespace"}),
    ));
}

/// v2_ratelimit_multi_limit/200_test.go, "multiple events are flushed to clickhouse".
#[test]
fn ratelimit_multi_limit__multiple_events_are_flushed_to_clickhouse() {
    let s = full();
    let ns1 = namespace(&s, "flush_ns_1");
    let ns2 = namespace(&s, "flush_ns_2");
    let rk = s.root_key(&[
        &format!("ratelimit.{ns1}.limit"),
        &format!("ratelimit.{ns2}.limit"),
    ]);
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&rk),
        &json!([
            lim("flush_ns_1", "ident", 100, None),
            lim("flush_ns_2", "ident", 200, None)
        ]),
    );
    let body = r.json();
    assert_eq!(r.status, 200);
    for (i, ns) in [ns1, ns2].iter().enumerate() {
        assert_eq!(
            events(&s, ns),
            json!([{"identifier": "ident", "passed": body["data"]["limits"][i]["passed"],
                    "request_id": body["meta"]["requestId"]}])
        );
    }
}

/// v2_ratelimit_multi_limit/200_test.go, "override with multiple requests": each namespace's
/// override applies, and its id is answered.
#[test]
fn ratelimit_multi_limit__override_with_multiple_requests() {
    let s = full();
    let ns1 = namespace(&s, "override_ns_1");
    let ns2 = namespace(&s, "override_ns_2");
    let o1 = set_override(&s, "override_ns_1", "user_multi_override", 5);
    let o2 = set_override(&s, "override_ns_2", "user_multi_override", 3);
    let rk = s.root_key(&[
        &format!("ratelimit.{ns1}.limit"),
        &format!("ratelimit.{ns2}.limit"),
    ]);
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&rk),
        &json!([
            lim("override_ns_1", "user_multi_override", 100, None),
            lim("override_ns_2", "user_multi_override", 200, None)
        ]),
    );
    let d = r.data();
    assert_eq!(d["passed"], true);
    let limits = d["limits"].as_array().unwrap();
    assert_eq!(limits.len(), 2);
    for (l, (ns, limit, remaining, id)) in limits
        .iter()
        .zip([("override_ns_1", 5, 4, &o1), ("override_ns_2", 3, 2, &o2)])
    {
        assert_eq!(l["passed"], true);
        assert_eq!(l["namespace"], ns);
        assert_eq!(l["limit"], limit);
        assert_eq!(l["remaining"], remaining);
        assert_eq!(l["overrideId"], id.as_str());
    }
}

/// v2_ratelimit_multi_limit/400_test.go, "empty request array".
#[test]
fn ratelimit_multi_limit__empty_request_array() {
    let s = full();
    let rk = s.root_key(&["ratelimit.*.limit"]);
    let r = s.post_as("/v2/ratelimit.multiLimit", Some(&rk), &json!([]));
    r.assert_schema_error("ratelimit.multiLimit");
    assert_eq!(r.json()["error"]["title"], "Bad Request");
}

/// v2_ratelimit_multi_limit/403_test.go, TestWorkspacePermissions.
#[test]
fn ratelimit_multi_limit__workspace_permissions() {
    let s = full();
    namespace(&s, "test_ns");
    let rk = s.root_key_in(Some("ws_other"), &[]);
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&rk),
        &json!([lim("test_ns", "user_123", 100, None)]),
    );
    assert_eq!(r.status, 403);
    let detail = r.json()["error"]["detail"].as_str().unwrap().to_string();
    assert!(detail.starts_with("Missing"), "{detail}");
    assert!(detail.contains("create_namespace"), "{detail}");
}

/// v2_ratelimit_multi_limit/403_test.go, "has limit permission but no create_namespace
/// permission".
#[test]
fn ratelimit_multi_limit__has_limit_permission_but_no_create_namespace_permission() {
    let s = full();
    let rk = s.root_key(&["ratelimit.*.limit"]);
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&rk),
        &json!([lim("nonexistent_ns", "user_123", 100, None)]),
    );
    r.assert_error(
        403,
        "unkey/authorization/insufficient_permissions",
        "Missing permission: 'ratelimit.*.create_namespace'",
    );
    assert_namespace_not_found(&s.call(
        "ratelimit.listOverrides",
        json!({"namespace": "nonexistent_ns"}),
    ));
}

/// v2_ratelimit_set_override/200_test.go, "create override using namespace ID".
#[test]
fn ratelimit_set_override__create_override_using_namespace_id() {
    let s = full();
    let ns = namespace(&s, "by_id_ns");
    let id = set_override(&s, &ns, "user_by_id", 10);
    assert!(id.starts_with("rlor_"));
    let got = s.ok(
        "ratelimit.getOverride",
        json!({"namespace": "by_id_ns", "identifier": "user_by_id"}),
    );
    assert_eq!(got["overrideId"], id.as_str());
    assert_eq!(got["limit"], 10);
    assert_eq!(got["duration"], 60000);
}

/// v2_ratelimit_set_override/200_test.go, "create override with wildcard identifier".
#[test]
fn ratelimit_set_override__create_override_with_wildcard_identifier() {
    let s = full();
    namespace(&s, "wild_ns");
    let id = set_override(&s, "wild_ns", "user_*", 7);
    let got = s.ok(
        "ratelimit.getOverride",
        json!({"namespace": "wild_ns", "identifier": "user_*"}),
    );
    assert_eq!(got["overrideId"], id.as_str());
    assert_eq!(got["identifier"], "user_*");
    assert_eq!(
        s.ok("ratelimit.limit", lim("wild_ns", "user_42", 100, None))["limit"],
        7
    );
}

/// v2_ratelimit_set_override/200_test.go, "create same override twice should update existing
/// record": one override, same id, the later values.
#[test]
fn ratelimit_set_override__create_same_override_twice_should_update_existing_record() {
    let s = full();
    namespace(&s, "twice_ns");
    let first = set_override(&s, "twice_ns", "user_twice", 10);
    let second = set_override(&s, "twice_ns", "user_twice", 20);
    assert_eq!(first, second);
    let list = s.ok("ratelimit.listOverrides", json!({"namespace": "twice_ns"}));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["limit"], 20);
}

/// v2_ratelimit_set_override/400_test.go, "neither namespace ID nor name provided".
#[test]
fn ratelimit_set_override__neither_namespace_id_nor_name_provided() {
    let s = full();
    assert_empty_namespace(
        &s.call(
            "ratelimit.setOverride",
            json!({"namespace": "", "identifier": "user_123", "limit": 10, "duration": 1000}),
        ),
        "ratelimit.setOverride",
    );
}

/// v2_ratelimit_set_override/403_test.go, TestWorkspacePermissions.
#[test]
fn ratelimit_set_override__workspace_permissions() {
    let s = full();
    let ns = namespace(&s, "test_ns");
    let rk = s.root_key_in(Some("ws_other"), &[]);
    assert_namespace_not_found(&s.post_as(
        "/v2/ratelimit.setOverride",
        Some(&rk),
        &json!({"namespace": ns, "identifier": "user_123", "limit": 10, "duration": 1000}),
    ));
}

/// v2_ratelimit_set_override/404_test.go, "namespace id not found".
#[test]
fn ratelimit_set_override__namespace_id_not_found() {
    let s = full();
    assert_namespace_not_found(&s.call(
        "ratelimit.setOverride",
        json!({"namespace": "rlns_nonexistent", "identifier": "user_123", "limit": 10, "duration": 1000}),
    ));
}

/// v2_ratelimit_set_override/404_test.go, "namespace name not found".
#[test]
fn ratelimit_set_override__namespace_name_not_found() {
    let s = full();
    assert_namespace_not_found(&s.call(
        "ratelimit.setOverride",
        json!({"namespace": "nonexistent_namespace", "identifier": "user_123", "limit": 10, "duration": 1000}),
    ));
}

/// One subtest of v2_ratelimit_limit/200_test.go, "namespace accepts any characters within
/// length bounds": an existing namespace of this name is limited with a grant on its id.
fn limit_in_namespace_named(name: &str) {
    let s = full();
    let ns = namespace(&s, name);
    let rk = s.root_key(&[&format!("ratelimit.{ns}.limit")]);
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some(&rk),
        &lim(name, "test_identifier", 100, None),
    );
    let d = r.data();
    assert_eq!(d["success"], true, "{name:?}");
    assert_eq!(d["remaining"], 99);
}

/// One test per "namespace accepts any characters within length bounds" case.
macro_rules! namespace_names {
    ($($(#[$doc:meta])* $test:ident: $name:expr;)*) => {
        $(
            $(#[$doc])*
            #[test]
            fn $test() {
                limit_in_namespace_named(&$name);
            }
        )*
    };
}

namespace_names! {
    /// "special characters".
    ratelimit_limit__special_characters: "!@#$%^&*()_+-=[]{}|;':\",./<>?";
    /// "unicode characters".
    ratelimit_limit__unicode_characters: "αβγδε_测试_테스트_🚀🎉";
    /// "mixed alphanumeric and special".
    ratelimit_limit__mixed_alphanumeric_and_special: "test-123_ABC.xyz@domain";
    /// "spaces and tabs".
    ratelimit_limit__spaces_and_tabs: "namespace with spaces\tand\ttabs";
    /// "control characters".
    ratelimit_limit__control_characters: "test\nwith\rnewlines\tand\u{8}tabs";
    /// "colon and slash delimiters".
    ratelimit_limit__colon_and_slash_delimiters: "api:v1:calls/outbound";
    /// "leading and trailing whitespace".
    ratelimit_limit__leading_and_trailing_whitespace: "  leading and trailing  ";
    /// "minimum length (1 char)".
    ratelimit_limit__minimum_length_1_char: "a";
    /// "maximum length (255 chars)".
    ratelimit_limit__maximum_length_255_chars: "x".repeat(255);
}

/// v2_ratelimit_limit/200_test.go, "auto-create namespace with audit log" (without the audit
/// log, which no route reads): with `create_namespace` and `limit`, a new namespace is made
/// and the first request passes.
#[test]
fn ratelimit_limit__auto_create_namespace_with_audit_log() {
    let s = full();
    let rk = s.root_key(&["ratelimit.*.create_namespace", "ratelimit.*.limit"]);
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some(&rk),
        &lim("auto_created_ns", "user_123", 100, None),
    );
    let d = r.data();
    assert_eq!(d["success"], true);
    assert_eq!(d["limit"], 100);
    assert_eq!(d["remaining"], 99);
    assert_eq!(
        s.ok(
            "ratelimit.listOverrides",
            json!({"namespace": "auto_created_ns"})
        ),
        json!([])
    );
}

/// v2_ratelimit_multi_limit/200_test.go, "auto-create multiple namespaces with audit logs"
/// (without the audit logs).
#[test]
fn ratelimit_multi_limit__auto_create_multiple_namespaces_with_audit_logs() {
    let s = full();
    let rk = s.root_key(&["ratelimit.*.create_namespace", "ratelimit.*.limit"]);
    let r = s.post_as(
        "/v2/ratelimit.multiLimit",
        Some(&rk),
        &json!([
            lim("auto_ns_1", "user_123", 100, None),
            lim("auto_ns_2", "user_123", 200, None),
            lim("auto_ns_3", "user_123", 300, None)
        ]),
    );
    let d = r.data();
    assert_eq!(d["passed"], true);
    let limits = d["limits"].as_array().unwrap();
    assert_eq!(limits.len(), 3);
    for (l, (ns, limit)) in
        limits
            .iter()
            .zip([("auto_ns_1", 100), ("auto_ns_2", 200), ("auto_ns_3", 300)])
    {
        assert_eq!(l["passed"], true);
        assert_eq!(l["namespace"], ns);
        assert_eq!(l["limit"], limit);
        assert_eq!(l["remaining"], limit - 1);
        assert_eq!(
            s.ok("ratelimit.listOverrides", json!({"namespace": ns})),
            json!([])
        );
    }
}

// -- Overrides as upstream's handlers and queries (fc99b6b9) --

/// An override deleted and then set again stays deleted: setOverride finds the row by
/// identifier whether or not it was deleted (`ratelimit_override_find_by_identifier.sql` has no
/// deleted filter) and updates it in place (`ratelimit_override_insert.sql`'s ON DUPLICATE KEY
/// UPDATE leaves `deleted_at_m`), answering its old id; getOverride, listOverrides, limit and
/// deleteOverride read only live rows (`ratelimit_namespace_find.sql`,
/// `ratelimit_override_list_by_namespace_id.sql`). An upstream bug, but the real answer.
#[test]
fn set_override__after_delete_stays_deleted() {
    let s = frozen();
    s.ok("ratelimit.limit", lim("revive", "seed", 5, None));
    let set = json!({"namespace": "revive", "identifier": "vip", "limit": 1, "duration": 60000});
    let first = s.ok("ratelimit.setOverride", set.clone())["overrideId"].clone();
    let one = json!({"namespace": "revive", "identifier": "vip"});
    s.ok("ratelimit.deleteOverride", one.clone());
    let again = s.ok("ratelimit.setOverride", set);
    assert_eq!(again["overrideId"], first);
    s.call("ratelimit.getOverride", one.clone()).assert_error(
        404,
        "unkey/data/ratelimit_override_not_found",
        "This override does not exist.",
    );
    s.call("ratelimit.deleteOverride", one).assert_error(
        404,
        "unkey/data/ratelimit_override_not_found",
        "This override does not exist.",
    );
    let r = s.call("ratelimit.listOverrides", json!({"namespace": "revive"}));
    assert_eq!(r.json()["data"], json!([]));
    // The request's limit of 5 applies, not the override's 1.
    let d = s.ok("ratelimit.limit", lim("revive", "vip", 5, None));
    assert_eq!(d["limit"], 5);
    assert_eq!(d["remaining"], 4);
}

/// The cursor is the id of the next page's first item, and a page starts at the cursor
/// (`pagination.Paginate` over `id >= cursor ORDER BY id`, svc/api/internal/pagination and
/// `ratelimit_override_list_by_namespace_id.sql`).
#[test]
fn list_overrides__cursor_is_the_next_pages_first_id() {
    let s = frozen();
    s.ok("ratelimit.limit", lim("paged", "seed", 5, None));
    let ids: Vec<String> = (0..5)
        .map(|i| {
            s.ok(
                "ratelimit.setOverride",
                json!({"namespace": "paged", "identifier": format!("p{i}"), "limit": 1, "duration": 60000}),
            )["overrideId"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    // In id order, not creation order (ids are random, pkg/uid/new.go).
    let ids = in_id_order(&ids);
    let page = |body: Value| {
        let r = s.call("ratelimit.listOverrides", body).json();
        let got: Vec<String> = r["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["overrideId"].as_str().unwrap().to_string())
            .collect();
        (got, r["pagination"].clone())
    };
    let (got, p) = page(json!({"namespace": "paged", "limit": 3}));
    assert_eq!(got, ids[0..3]);
    assert_eq!(p, json!({"cursor": ids[3], "hasMore": true}));
    let (got, p) = page(json!({"namespace": "paged", "limit": 3, "cursor": ids[1]}));
    assert_eq!(got, ids[1..4]);
    assert_eq!(p, json!({"cursor": ids[4], "hasMore": true}));
    let (got, p) = page(json!({"namespace": "paged", "limit": 3, "cursor": ids[3]}));
    assert_eq!(got, ids[3..5]);
    assert_eq!(p, json!({"hasMore": false}));
}

/// Wildcards as upstream's `match.Wildcard` (pkg/match/wildcard.go): the pattern becomes a Go
/// regular expression in which `*` is `.*`, which matches no newline, and which is built byte
/// by byte, so a non-ASCII character of the pattern matches other text than itself.
#[test]
fn overrides__wildcards_as_go_regexps() {
    let s = frozen();
    s.ok("ratelimit.limit", lim("glob", "seed", 5, None));
    for pattern in ["user_*", "ü*"] {
        s.ok(
            "ratelimit.setOverride",
            json!({"namespace": "glob", "identifier": pattern, "limit": 1, "duration": 60000}),
        );
    }
    let get = |id: &str| {
        s.call(
            "ratelimit.getOverride",
            json!({"namespace": "glob", "identifier": id}),
        )
    };
    assert_eq!(get("user_a").data()["identifier"], "user_*");
    assert_eq!(get("user_a\nb").status, 404);
    assert_eq!(get("ü1").status, 404);
    assert_eq!(get("ü*").data()["identifier"], "ü*");
    assert_eq!(
        s.ok("ratelimit.limit", lim("glob", "user_a\nb", 5, None))["limit"],
        5
    );
    assert_eq!(
        s.ok("ratelimit.limit", lim("glob", "user_a", 5, None))["limit"],
        1
    );
}
