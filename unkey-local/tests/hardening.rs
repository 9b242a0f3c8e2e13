//! Findings of the attack review: read timeouts and accept back-off, the root-key grammar, the
//! frozen test clock, the `meta` depth limits, and the 404 masking that keeps a root key from
//! learning which keys, APIs and overrides exist.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{Server, ROOT};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Reads until EOF or `limit`; returns what arrived and whether the peer closed.
fn read_until_closed(s: &mut TcpStream, limit: Duration) -> (Vec<u8>, bool) {
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < limit {
        match s.read(&mut buf) {
            Ok(0) => return (got, true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            // A reset counts as closed.
            Err(_) => return (got, true),
        }
    }
    (got, false)
}

fn liveness_ok(s: &Server) {
    let r = s.request("GET", "/v2/liveness", &[], b"");
    assert_eq!(r.status, 200);
}

#[test]
fn partial_headers_are_disconnected_after_the_read_timeout() {
    let s = Server::start(&["--read-timeout-ms", "300"]);
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    slow.write_all(b"POST /v2/keys.verifyKey HTTP/1.1\r\nHost: x\r\nContent-Type: appl")
        .unwrap();
    // Others are served while it dawdles.
    liveness_ok(&s);
    let t = Instant::now();
    let (_, closed) = read_until_closed(&mut slow, Duration::from_secs(5));
    assert!(closed, "a connection with partial headers must be closed");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    liveness_ok(&s);

    // An idle kept-alive connection that never sends a request is closed the same way.
    let mut idle = TcpStream::connect(&s.addr).unwrap();
    let (_, closed) = read_until_closed(&mut idle, Duration::from_secs(5));
    assert!(closed, "an idle connection must be closed");
}

#[test]
fn partial_body_gets_408_and_the_connection_closes() {
    let s = Server::start(&["--read-timeout-ms", "300"]);
    let mut slow = TcpStream::connect(&s.addr).unwrap();
    let head = format!(
        "POST /v2/keys.verifyKey HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ROOT}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"key\":"
    );
    slow.write_all(head.as_bytes()).unwrap();
    liveness_ok(&s);
    let t = Instant::now();
    let (got, closed) = read_until_closed(&mut slow, Duration::from_secs(5));
    assert!(closed, "the connection must be closed after the 408");
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    let body = &text[text.find("\r\n\r\n").unwrap() + 4..];
    let v: Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["error"]["status"], 408);
    assert_eq!(
        v["error"]["type"],
        "https://unkey.com/docs/errors/user/bad_request/request_timeout"
    );
    assert_eq!(v["error"]["title"], "Request Timeout");
    liveness_ok(&s);
}

/// CPU time (user + system, in clock ticks) the process has used so far.
#[cfg(target_os = "linux")]
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

/// With its file descriptors used up, the accept loop backs off instead of spinning a core, and
/// serves again once descriptors are free.
#[cfg(target_os = "linux")]
#[test]
fn accept_errors_back_off_instead_of_spinning() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let bin = env!("CARGO_BIN_EXE_unkey-local");
    // A low descriptor limit for the server only (the shell applies it, then execs).
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 64 && exec '{bin}' --listen 127.0.0.1:0 --root-key {ROOT}"
        ))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("unkey-local listening on http://")
        .unwrap()
        .to_string();
    let pid = child.id();
    // Hold more connections than the server has descriptors for.
    let held: Vec<TcpStream> = (0..100)
        .filter_map(|_| TcpStream::connect(&addr).ok())
        .collect();
    assert!(held.len() > 64, "only {} connections", held.len());
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_ticks(pid) - before;
    // A spinning accept loop burns ~100 ticks per second; backing off costs a few.
    assert!(
        used < 30,
        "the server used {used} ticks in 1 s while out of descriptors"
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(300));
    let r = common::try_request(&addr, "GET", "/v2/liveness", &[], b"").unwrap();
    assert_eq!(r.status, 200);
    let _ = child.kill();
    let _ = child.wait();
}

/// Starts the binary with `args`; returns (exit status, stderr) when it refuses to start.
fn refused(args: &[&str]) -> (std::process::ExitStatus, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_unkey-local"))
        .args(["--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (out.status, String::from_utf8_lossy(&out.stderr).to_string())
}

#[test]
fn root_key_with_equals_is_refused_unless_unambiguous() {
    // A key that merely contains `=` (base64 padding) was read as a scoped key with the
    // "permission" `=`; now the server refuses to start and says why, without echoing it.
    let (status, err) = refused(&["--root-key", "c2VjcmV0=="]);
    assert!(!status.success());
    assert!(err.contains("--root-key"), "{err}");
    assert!(err.contains("--unscoped-root-key"), "{err}");
    assert!(
        !err.contains("c2VjcmV0"),
        "the key must not be echoed: {err}"
    );
    let (status, _) = refused(&["--root-key", "abc=not a permission"]);
    assert!(!status.success());
    let (status, _) = refused(&["--root-key", "abc="]);
    assert!(!status.success());

    // The documented forms work; the last `=` separates, so a scoped key may contain `=`.
    let s = Server::start(&[
        "--root-key",
        "pad==api.*.verify_key,api.*.create_key",
        "--unscoped-root-key",
        "full=key==",
    ]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    let v = s.post_as("/v2/keys.verifyKey", Some("pad="), &json!({"key": key}));
    assert_eq!(v.data()["code"], "VALID");
    let r = s.post_as("/v2/apis.createApi", Some("pad="), &json!({"name": "nope"}));
    assert_eq!(r.status, 403);
    let r = s.post_as(
        "/v2/apis.createApi",
        Some("full=key=="),
        &json!({"name": "yes-api"}),
    );
    assert_eq!(r.status, 200);
}

fn clock(s: &Server, body: Value) -> Value {
    let r = s.request("POST", "/_local/clock", &[], body.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    r.json()
}

#[test]
fn test_clock_can_freeze_set_and_advance() {
    let s = Server::start(&["--test-clock"]);
    let frozen = clock(&s, json!({"freeze": true}));
    assert_eq!(frozen["frozen"], true);
    let t = frozen["now"].as_i64().unwrap();
    std::thread::sleep(Duration::from_millis(50));
    let get = s.request("GET", "/_local/clock", &[], b"").json();
    assert_eq!(get["now"], t, "a frozen clock stands still");

    // Rate-limit windows follow the frozen clock: 3 calls in the same window, whatever the
    // wall clock does meanwhile.
    let limit = json!({"namespace": "frozen", "identifier": "u", "limit": 3, "duration": 1000});
    for left in [2, 1, 0] {
        std::thread::sleep(Duration::from_millis(400));
        assert_eq!(s.ok("ratelimit.limit", limit.clone())["remaining"], left);
    }
    assert_eq!(s.ok("ratelimit.limit", limit.clone())["success"], false);

    assert_eq!(clock(&s, json!({"advance": 1000}))["now"], t + 1000);
    assert_eq!(clock(&s, json!({"advanceMs": 500}))["now"], t + 1500);
    assert_eq!(clock(&s, json!({"set": t + 10_000}))["now"], t + 10_000);
    assert_eq!(s.ok("ratelimit.limit", limit)["success"], true);
    // Never backwards.
    let r = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"set": t}).to_string().as_bytes(),
    );
    assert_eq!(r.status, 400);
    // Thawed, it runs on from where it stood.
    let thawed = clock(&s, json!({"freeze": false}));
    assert_eq!(thawed["frozen"], false);
    std::thread::sleep(Duration::from_millis(30));
    let now = s.request("GET", "/_local/clock", &[], b"").json()["now"]
        .as_i64()
        .unwrap();
    assert!(now > t + 10_000 && now < t + 20_000, "{now}");
}

#[test]
fn frozen_clock_flag_starts_the_clock_stopped() {
    let s = Server::start(&["--frozen-clock"]);
    let at_start = s.request("GET", "/_local/clock", &[], b"").json();
    assert_eq!(at_start["frozen"], true);
    std::thread::sleep(Duration::from_millis(50));
    let later = s.request("GET", "/_local/clock", &[], b"").json();
    assert_eq!(
        later["now"], at_start["now"],
        "no time passes until the test moves it"
    );
    let t = at_start["now"].as_i64().unwrap();
    assert_eq!(clock(&s, json!({"advance": 250}))["now"], t + 250);
}

/// A JSON object nested `depth` levels deep (MySQL `JSON_DEPTH` counting: `{"a":1}` is 2).
fn nested(depth: usize) -> Value {
    let mut v = json!(1);
    for _ in 1..depth {
        v = json!({ "a": v });
    }
    v
}

/// A key's `meta` is a MySQL `text` column upstream (`pkg/mysql/schema/keys.sql`), decoded by
/// Go's encoding/json (which nests up to 10,000), so it takes a `meta` deeper than 100 and
/// answers it. An identity's is a JSON column (`CAST(? AS JSON)` in
/// `pkg/db/queries/identity_insert.sql`/`identity_update.sql`), whose documents nest at most
/// 100 levels: the insert or update fails and the handler's codeless fault is a 500 with its
/// public text (v2_identities_create_identity/handler.go "We're unable to create the identity
/// and its ratelimits."; update_identity/handler.go "We're unable to update the identity's
/// metadata."), after authorization, the size check and (update) the identity's 404.
#[test]
fn meta_deeper_than_100_levels_keys_take_it_identities_refuse_it() {
    let s = Server::start(&[]);
    let api = s.create_api();
    let ok = nested(100);
    let deep = nested(101);
    let deeper = nested(120);

    // keys.createKey / updateKey / migrateKeys take it and answer it intact.
    let (key_id, key) = s.create_key(json!({"apiId": api, "meta": deep}));
    assert_eq!(s.verify(json!({"key": key}))["meta"], deep);
    s.ok("keys.updateKey", json!({"keyId": key_id, "meta": deeper}));
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": key_id}))["meta"],
        deeper
    );
    let hash = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    let d = s.ok(
        "keys.migrateKeys",
        json!({"migrationId": "mig_1", "apiId": api, "keys": [{"hash": hash, "meta": deep}]}),
    );
    let migrated = d["migrated"][0]["keyId"].as_str().unwrap().to_string();
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": migrated}))["meta"],
        deep
    );

    // identities.createIdentity: 100 levels are stored, 101 are a 500, before the 409.
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "deep_ok", "meta": ok}),
    );
    let created = "We're unable to create the identity and its ratelimits.";
    s.call(
        "identities.createIdentity",
        json!({"externalId": "deep_no", "meta": deep}),
    )
    .assert_error(500, "unkey/application/unexpected_error", created);
    s.call("identities.getIdentity", json!({"identity": "deep_no"}))
        .assert_error(
            404,
            "unkey/data/identity_not_found",
            "This identity does not exist.",
        );
    s.call(
        "identities.createIdentity",
        json!({"externalId": "deep_ok", "meta": deep}),
    )
    .assert_error(500, "unkey/application/unexpected_error", created);

    // identities.updateIdentity: the 404 first; then a 500 and nothing changed (the rate
    // limits of the same request are written after the meta, in the same transaction).
    s.call(
        "identities.updateIdentity",
        json!({"identity": "nobody", "meta": deep}),
    )
    .assert_error(
        404,
        "unkey/data/identity_not_found",
        "This identity does not exist.",
    );
    s.call(
        "identities.updateIdentity",
        json!({"identity": "deep_ok", "meta": deep, "ratelimits": [
            {"name": "rl_1", "limit": 1, "duration": 1000, "autoApply": true}]}),
    )
    .assert_error(
        500,
        "unkey/application/unexpected_error",
        "We're unable to update the identity's metadata.",
    );
    let got = s.ok("identities.getIdentity", json!({"identity": "deep_ok"}));
    assert_eq!(got["meta"], ok);
    assert!(got.get("ratelimits").is_none(), "{got}");
}

// --- 404 masking, ported from the real handlers' route tests -------------------------------

/// v2_keys_verify_key/403_test.go, TestForbidden_NoVerifyPermissions, subtest "root key with
/// verify permission for different api returns 200 NOT_FOUND (not 403)"; and the handler's
/// rule that any authorization failure answers NOT_FOUND, so a root key that may read but not
/// verify learns nothing either.
#[test]
fn verify_key__root_key_without_verify_permission() {
    let s = Server::start(&["--root-key", "reader=api.*.read_key,api.*.read_api"]);
    let api = s.create_api();
    let (_, key) = s.create_key(json!({"apiId": api}));
    let r = s.post_as("/v2/keys.verifyKey", Some("reader"), &json!({"key": key}));
    assert_eq!(r.status, 200);
    assert_eq!(r.data()["code"], "NOT_FOUND");
    assert_eq!(r.data()["valid"], false);
    // Same answer as for a key that does not exist.
    let r = s.post_as(
        "/v2/keys.verifyKey",
        Some("reader"),
        &json!({"key": "nope_123456789"}),
    );
    assert_eq!(r.data()["code"], "NOT_FOUND");
    // A bad permission query does not reveal the key either.
    let r = s.post_as(
        "/v2/keys.verifyKey",
        Some("reader"),
        &json!({"key": key, "permissions": "a AND ("}),
    );
    assert_eq!(r.data()["code"], "NOT_FOUND");
}

/// v2_keys_create_key/handler.go masks a missing create_key permission as the API's 404.
#[test]
fn create_key__without_create_permission_is_api_not_found() {
    let s = Server::start(&["--root-key", "verifier=api.*.verify_key"]);
    let api = s.create_api();
    let missing = s.post_as(
        "/v2/keys.createKey",
        Some(ROOT),
        &json!({"apiId": "api_doesnotexist1"}),
    );
    let forbidden = s.post_as(
        "/v2/keys.createKey",
        Some("verifier"),
        &json!({"apiId": api}),
    );
    for r in [&missing, &forbidden] {
        assert_eq!(r.status, 404);
        assert_eq!(
            r.error_type(),
            "https://unkey.com/docs/errors/unkey/data/api_not_found"
        );
    }
    assert_eq!(
        missing.json()["error"]["detail"],
        forbidden.json()["error"]["detail"]
    );
}

/// v2_apis_list_keys/handler.go masks a missing read permission as the API's 404.
#[test]
fn list_keys__without_read_permission_is_api_not_found() {
    let s = Server::start(&["--root-key", "verifier=api.*.verify_key"]);
    let api = s.create_api();
    let missing = s.call("apis.listKeys", json!({"apiId": "api_doesnotexist1"}));
    let forbidden = s.post_as(
        "/v2/apis.listKeys",
        Some("verifier"),
        &json!({"apiId": api}),
    );
    for r in [&missing, &forbidden] {
        assert_eq!(r.status, 404);
        assert!(r.error_type().ends_with("unkey/data/api_not_found"));
    }
    assert_eq!(
        missing.json()["error"]["detail"],
        forbidden.json()["error"]["detail"]
    );
}

/// v2_ratelimit_get_override/handler.go: a missing override and one the root key may not read
/// answer the same 404; an unknown namespace is a 404 before any permission check.
#[test]
fn get_override__without_read_permission_is_override_not_found() {
    let s = Server::start(&["--root-key", "limiter=ratelimit.*.limit"]);
    s.ok(
        "ratelimit.limit",
        json!({"namespace": "ns1", "identifier": "u", "limit": 1, "duration": 1000}),
    );
    s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "ns1", "identifier": "vip", "limit": 9, "duration": 1000}),
    );
    let missing = s.call(
        "ratelimit.getOverride",
        json!({"namespace": "ns1", "identifier": "other"}),
    );
    let forbidden = s.post_as(
        "/v2/ratelimit.getOverride",
        Some("limiter"),
        &json!({"namespace": "ns1", "identifier": "vip"}),
    );
    for r in [&missing, &forbidden] {
        assert_eq!(r.status, 404);
        assert!(r
            .error_type()
            .ends_with("unkey/data/ratelimit_override_not_found"));
    }
    assert_eq!(
        missing.json()["error"]["detail"],
        forbidden.json()["error"]["detail"]
    );
    let r = s.post_as(
        "/v2/ratelimit.getOverride",
        Some("limiter"),
        &json!({"namespace": "nope", "identifier": "vip"}),
    );
    assert_eq!(r.status, 404);
    assert!(r
        .error_type()
        .ends_with("unkey/data/ratelimit_namespace_not_found"));
}

/// v2_ratelimit_set_override/handler.go looks the namespace up before checking permissions:
/// an unknown namespace is a 404 even for a root key without set_override.
#[test]
fn set_override__unknown_namespace_is_404_before_permissions() {
    let s = Server::start(&["--root-key", "limiter=ratelimit.*.limit"]);
    let r = s.post_as(
        "/v2/ratelimit.setOverride",
        Some("limiter"),
        &json!({"namespace": "nope", "identifier": "vip", "limit": 1, "duration": 1000}),
    );
    assert_eq!(r.status, 404);
    assert!(r
        .error_type()
        .ends_with("unkey/data/ratelimit_namespace_not_found"));
}

/// v2_ratelimit_limit/handler.go: limiting in a namespace that does not exist yet needs
/// ratelimit.*.create_namespace, else 403.
#[test]
fn ratelimit_limit__new_namespace_without_create_permission_is_403() {
    let s = Server::start(&["--root-key", "limiter=ratelimit.*.limit"]);
    let r = s.post_as(
        "/v2/ratelimit.limit",
        Some("limiter"),
        &json!({"namespace": "fresh", "identifier": "u", "limit": 1, "duration": 1000}),
    );
    assert_eq!(r.status, 403);
    assert!(r
        .error_type()
        .ends_with("unkey/authorization/insufficient_permissions"));
}

/// Identities are workspace-wide in Unkey: v2_keys_create_key/handler.go upserts the identity
/// for `externalId` and links the key to it with no identity permission check, and verify,
/// getKey and whoami answer the identity's meta. unkey-local does the same (see the README's
/// note); this pins it so a change is deliberate.
#[test]
fn create_key__external_id_links_the_workspace_identity_as_upstream() {
    let s = Server::start(&[]);
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "org_shared", "meta": {"plan": "pro"}}),
    );
    let (_, key) = s.create_key(json!({"apiId": api, "externalId": "org_shared"}));
    assert_eq!(
        s.verify(json!({"key": key}))["identity"]["meta"]["plan"],
        "pro"
    );
}

/// The test clock stops at 9999-12-31T23:59:59.999Z: a move past it is a 400 and changes
/// nothing (it used to wrap negative after a few large advances, and a monthly refill computed
/// at the end of `i64` never returned), so the server keeps answering at the latest time.
#[test]
fn test_clock_ends_at_the_year_9999() {
    const LATEST: i64 = 253_402_300_799_999;
    let s = Server::start(&["--test-clock"]);
    let api = s.create_api();
    let (id, k) = s.create_key(json!({"apiId": api,
        "credits": {"remaining": 1, "refill": {"interval": "monthly", "amount": 5, "refillDay": 31}}}));
    let now = clock(&s, json!({"freeze": true}))["now"].as_i64().unwrap();
    let past = s.request(
        "POST",
        "/_local/clock",
        &[],
        json!({"advanceMs": LATEST - now + 1})
            .to_string()
            .as_bytes(),
    );
    assert_eq!(past.status, 400, "{}", String::from_utf8_lossy(&past.body));
    let again = s.request("GET", "/_local/clock", &[], b"").json();
    assert_eq!(again["now"], now);
    assert_eq!(clock(&s, json!({"set": LATEST}))["now"], LATEST);
    for body in [
        json!({"advanceMs": 1}),
        json!({"advance": 2_305_843_009_213_693_951_i64}),
    ] {
        let r = s.request("POST", "/_local/clock", &[], body.to_string().as_bytes());
        assert_eq!(r.status, 400);
    }
    assert_eq!(s.verify(json!({"key": k}))["credits"], 4);
    assert_eq!(
        s.ok("keys.getKey", json!({"keyId": id}))["credits"]["remaining"],
        4
    );
}

/// `{"a":{"a":…1…}}` of JSON depth `depth`, as text (serde_json's own reader, which the test
/// helpers use, stops at 128 levels).
fn nested_text(depth: usize) -> String {
    let levels = depth.saturating_sub(1);
    format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels))
}

/// Go's encoding/json reads up to 10,000 nested arrays and objects (scan.go `maxNestingDepth`,
/// "exceeded max depth" past it), and a key's `meta` is a `text` column, so upstream stores
/// and answers a key `meta` of JSON depth 10,000 (the body's object is the 10,000th level):
/// 59,995 bytes, under the column's 65,535. Kept across a restart on the same data file.
#[test]
fn meta_as_deep_as_go_reads_is_kept_and_answered() {
    let dir = std::env::temp_dir().join(format!("unkey-local-deep-{}", std::process::id()));
    let _ = std::fs::remove_file(&dir);
    let db = dir.to_string_lossy().to_string();
    let s = Server::start(&["--data", &db]);
    let api = s.create_api();
    let auth = format!("Bearer {ROOT}");
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let call = |s: &Server, op: &str, body: String| {
        let r = s.request("POST", &format!("/v2/{op}"), &h, body.as_bytes());
        (r.status, String::from_utf8_lossy(&r.body).into_owned())
    };
    let deep = nested_text(10_000);
    let (status, text) = call(
        &s,
        "keys.createKey",
        format!(r#"{{"apiId":"{api}","meta":{deep}}}"#),
    );
    assert_eq!(status, 200, "{text}");
    let created: Value = serde_json::from_str(&text).unwrap();
    let (id, key) = (&created["data"]["keyId"], &created["data"]["key"]);
    let meta = format!(r#""meta":{deep}"#);
    for (op, body) in [
        ("keys.getKey", format!(r#"{{"keyId":{id}}}"#)),
        ("keys.verifyKey", format!(r#"{{"key":{key}}}"#)),
        ("keys.whoami", format!(r#"{{"key":{key}}}"#)),
        ("apis.listKeys", format!(r#"{{"apiId":"{api}"}}"#)),
    ] {
        let (status, text) = call(&s, op, body);
        assert_eq!(status, 200, "{op}");
        assert!(text.contains(&meta), "{op}");
    }
    // One level more is Go's decoder's error, a 400 before anything else.
    let (status, text) = call(
        &s,
        "keys.createKey",
        format!(r#"{{"apiId":"{api}","meta":{}}}"#, nested_text(10_001)),
    );
    assert_eq!(status, 400, "{text}");
    assert!(
        text.contains(r#""message":"The request body cannot be decoded: exceeded max depth""#),
        "{text}"
    );
    // updateKey, and migrateKeys (its body nests two levels more: depth 9,998).
    let inner = nested_text(9_999);
    let (status, _) = call(
        &s,
        "keys.updateKey",
        format!(r#"{{"keyId":{id},"meta":{{"b":{inner}}}}}"#),
    );
    assert_eq!(status, 200);
    let hash = "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
    let migrated = nested_text(9_998);
    let (status, text) = call(
        &s,
        "keys.migrateKeys",
        format!(
            r#"{{"migrationId":"mig_1","apiId":"{api}","keys":[{{"hash":"{hash}","meta":{migrated}}}]}}"#
        ),
    );
    assert_eq!(status, 200, "{text}");
    drop(s);

    let s = Server::start(&["--data", &db]);
    let (status, text) = call(&s, "keys.getKey", format!(r#"{{"keyId":{id}}}"#));
    assert_eq!(status, 200, "{text}");
    assert!(text.contains(&format!(r#""meta":{{"b":{inner}}}"#)));
    let (status, text) = call(&s, "apis.listKeys", format!(r#"{{"apiId":"{api}"}}"#));
    assert_eq!(status, 200, "{text}");
    assert!(text.contains(&format!(r#""meta":{migrated}"#)));
    // An identity's JSON column takes 100 levels: the handler's 500.
    let (status, text) = call(
        &s,
        "identities.createIdentity",
        format!(r#"{{"externalId":"deep","meta":{deep}}}"#),
    );
    assert_eq!(status, 500, "{text}");
    drop(s);
    let _ = std::fs::remove_file(&dir);
}
