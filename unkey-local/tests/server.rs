//! Process-level behaviour: startup lines, shutdown, persistence, CORS, bad input, faults,
//! request counters, the test clock and seeding.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::{try_request, Resp, Server, ROOT};
use serde_json::{json, Value};

#[test]
fn key_survives_restart_with_data_file() {
    let path = std::env::temp_dir().join(format!("unkey-local-persist-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let db = path.to_string_lossy().to_string();
    let s = Server::start(&["--data", &db]);
    let api = s.create_api();
    s.ok(
        "identities.createIdentity",
        json!({"externalId": "org_p", "meta": {"m": 1},
        "ratelimits": [{"name": "org", "limit": 9, "duration": 60000, "autoApply": true}]}),
    );
    s.ok(
        "permissions.createRole",
        json!({"name": "r1", "permissions": ["from_role"]}),
    );
    let (id, key) = s.create_key(
        json!({"apiId": api, "credits": {"remaining": 3}, "permissions": ["p"],
        "roles": ["r1"], "externalId": "org_p"}),
    );
    let (gone, _) = s.create_key(json!({"apiId": api}));
    s.ok("keys.deleteKey", json!({"keyId": gone, "permanent": true}));
    s.ok(
        "ratelimit.limit",
        json!({"namespace": "persisted", "identifier": "x", "limit": 1, "duration": 1000}),
    );
    s.ok(
        "ratelimit.setOverride",
        json!({"namespace": "persisted", "identifier": "x*", "limit": 7, "duration": 1000}),
    );
    assert_eq!(s.verify(json!({"key": key}))["credits"], 2);
    let status = s.terminate();
    assert!(status.success(), "SIGTERM should stop cleanly: {status:?}");

    let s = Server::start(&["--data", &db]);
    let v = s.verify(json!({"key": key, "permissions": "p"}));
    assert_eq!(v["code"], "VALID");
    assert_eq!(v["keyId"], id.as_str());
    assert_eq!(v["credits"], 1);
    assert_eq!(
        s.ok("apis.getApi", json!({"apiId": api}))["name"],
        "test-api"
    );
    assert_eq!(v["roles"], json!(["r1"]));
    // verifyKey lists the direct permissions, then the roles' (key_find_for_verification.sql).
    assert_eq!(v["permissions"], json!(["p", "from_role"]));
    assert_eq!(v["identity"]["meta"]["m"], 1);
    assert_eq!(v["ratelimits"][0]["limit"], 9);
    assert_eq!(s.call("keys.getKey", json!({"keyId": gone})).status, 404);
    let o = s.ok(
        "ratelimit.getOverride",
        json!({"namespace": "persisted", "identifier": "x*"}),
    );
    assert_eq!(o["limit"], 7);
    assert_eq!(
        s.ok("apis.listKeys", json!({"apiId": api}))
            .as_array()
            .unwrap()
            .len(),
        1
    );
    drop(s);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn sigint_stops_cleanly() {
    // Right after the listening line: the handlers are installed before it is printed.
    let s = Server::start(&[]);
    assert!(s.signal("-INT").success());
}

/// SIGTERM and SIGINT end the process at once while an analytics query runs (its query is
/// interrupted, as a translation is stopped): the runtime's shutdown waits for no analytics
/// work (before, it waited for the query's 10 s deadline, and for a translation without end).
#[test]
fn signals_stop_running_analytics_queries() {
    for sig in ["-TERM", "-INT"] {
        let s = Server::start(&["--analytics"]);
        let api = s.create_api();
        let (_, k) = s.create_key(json!({"apiId": api}));
        for _ in 0..40 {
            s.verify(json!({"key": k}));
        }
        // 40^6 = 4 billion joined rows: SQLite runs until the 10 s deadline interrupts it
        // (see port_workspace_limits.rs get_verifications__execution_deadline).
        let heavy =
            "SELECT count() AS n FROM key_verifications_v1 a CROSS JOIN key_verifications_v1 b \
                     CROSS JOIN key_verifications_v1 c CROSS JOIN key_verifications_v1 d \
                     CROSS JOIN key_verifications_v1 e CROSS JOIN key_verifications_v1 f";
        let addr = s.addr.clone();
        let body = json!({"query": heavy}).to_string();
        let client = std::thread::spawn(move || {
            let auth = format!("Bearer {ROOT}");
            try_request(
                &addr,
                "POST",
                "/v2/analytics.getVerifications",
                &[
                    ("Authorization", &auth),
                    ("Content-Type", "application/json"),
                ],
                body.as_bytes(),
            )
        });
        std::thread::sleep(std::time::Duration::from_millis(500));
        let started = std::time::Instant::now();
        // (`signal` fails the test if the process is still up 5 s later.)
        assert!(s.signal(sig).success(), "{sig}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{sig}"
        );
        // The query's connection ends with the process (answered or closed).
        let _ = client.join();
    }
}

#[test]
fn streamed_body_over_10_mib_is_refused() {
    use std::io::{Read, Write};
    let s = Server::start(&[]);
    let mut conn = std::net::TcpStream::connect(&s.addr).unwrap();
    let head = format!(
        "POST /v2/apis.createApi HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {ROOT}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    conn.write_all(head.as_bytes()).unwrap();
    // 10 MiB + 1 KiB in 64 KiB chunks, without a Content-Length.
    let chunk = vec![b' '; 64 * 1024];
    let mut sent = 0;
    while sent <= 10 * 1024 * 1024 {
        let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
        if conn.write_all(&framed).is_err() {
            break;
        }
        sent += chunk.len();
    }
    let _ = conn.write_all(b"0\r\n\r\n");
    let mut raw = Vec::new();
    let _ = conn.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert_eq!(
        s.call("apis.createApi", json!({"name": "after-413"}))
            .status,
        200
    );
}

#[test]
fn cors_preflight_and_headers() {
    let s = Server::start(&[]);
    let r = s.request(
        "OPTIONS",
        "/v2/keys.verifyKey",
        &[
            ("Origin", "http://localhost:1234"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization, content-type",
            ),
        ],
        b"",
    );
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert!(r
        .header("access-control-allow-methods")
        .unwrap()
        .contains("POST"));
    assert!(r
        .header("access-control-allow-headers")
        .unwrap()
        .contains("authorization"));
    let r = s.call("apis.createApi", json!({"name": "cors-api"}));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

#[test]
fn bad_input_gets_4xx_and_the_server_keeps_serving() {
    let s = Server::start(&[]);
    let auth = format!("Bearer {ROOT}");
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    // Invalid JSON.
    let r = s.request("POST", "/v2/apis.createApi", &h, b"{\"name\": ");
    assert_eq!(r.status, 400);
    // As upstream's validator reports an undecodable body.
    let e = r.json()["error"].clone();
    assert_eq!(e["errors"][0]["location"], "requestBody");
    assert!(e["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("The request body cannot be decoded: "));
    assert_eq!(
        e["detail"],
        "POST request body for '/v2/apis.createApi' failed to validate schema"
    );
    // Empty body.
    assert_eq!(s.request("POST", "/v2/apis.createApi", &h, b"").status, 400);
    // Wrong JSON type at the top and in fields; every field is named.
    assert_eq!(
        s.request("POST", "/v2/apis.createApi", &h, b"[1,2]").status,
        400
    );
    let r = s.call(
        "keys.createKey",
        json!({"apiId": 5, "byteLength": 8, "prefix": "bad prefix!",
        "expires": -1, "meta": [], "enabled": "yes", "credits": {"remaining": "x"}, "bogus": true}),
    );
    assert_eq!(r.status, 400);
    let e = r.json()["error"].clone();
    assert!(e["type"]
        .as_str()
        .unwrap()
        .ends_with("unkey/application/invalid_input"));
    let locs: Vec<&str> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["location"].as_str().unwrap())
        .collect();
    assert_eq!(
        e["detail"],
        "POST request body for '/v2/keys.createKey' failed to validate schema"
    );
    for want in [
        "/properties/apiId/type",
        "/properties/byteLength/minimum",
        "/properties/prefix/pattern",
        "/properties/expires/minimum",
        "/properties/meta/type",
        "/properties/enabled/type",
        "/properties/credits/properties/remaining/type",
        "/additionalProperties",
    ] {
        assert!(locs.contains(&want), "{want} missing from {locs:?}");
    }
    // Numbers beyond int64 and fractions.
    let r = s.request(
        "POST",
        "/v2/keys.updateCredits",
        &h,
        br#"{"keyId":"key_1","operation":"set","value":1e30}"#,
    );
    assert_eq!(r.status, 400);
    let r = s.request(
        "POST",
        "/v2/keys.updateCredits",
        &h,
        br#"{"keyId":"key_1","operation":"set","value":99999999999999999999999}"#,
    );
    assert_eq!(r.status, 400);
    // Deep nesting does not crash the parser.
    let deep = format!(
        "{{\"name\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_eq!(
        s.request("POST", "/v2/apis.createApi", &h, deep.as_bytes())
            .status,
        400
    );
    // A declared body over 10 MiB is refused before it is read.
    let big = (11 * 1024 * 1024).to_string();
    let r = s.request(
        "POST",
        "/v2/apis.createApi",
        &[h[0], h[1], ("Content-Length", &big)],
        b"{",
    );
    assert_eq!(r.status, 413);
    assert!(r
        .error_type()
        .ends_with("user/bad_request/request_body_too_large"));
    // Just under the limit is read and validated.
    let name = "a".repeat(9 * 1024 * 1024);
    let r = s.call("apis.createApi", json!({"name": name}));
    assert_eq!(r.status, 400);
    // Unknown routes and wrong methods get Go's ServeMux answers (see
    // routes_and_methods_as_gos_servemux); out-of-scope routes an envelope.
    let r = s.request("POST", "/v2/nope.nothing", &h, b"{}");
    assert_eq!(r.status, 404);
    assert_eq!(r.body, b"404 page not found\n");
    assert_eq!(s.request("GET", "/v2/keys.verifyKey", &h, b"").status, 405);
    let r = s.request("POST", "/v2/deploy.createDeployment", &h, b"{}");
    assert_eq!(r.status, 501);
    let r = s.request(
        "POST",
        "/v2/analytics.getVerifications",
        &h,
        b"{\"query\":\"SELECT 1\"}",
    );
    assert_eq!(r.status, 412);
    // Still serving.
    assert_eq!(
        s.call("apis.createApi", json!({"name": "still-up"})).status,
        200
    );
}

/// Errors of the handlers and the auth layer negotiate `application/problem+json` from `Accept`
/// (upstream's `Session.ProblemJSON`); the OpenAPI validator's answers are always
/// `application/json` (pkg/zen/middleware_openapi_validation.go writes them with `JSON`).
#[test]
fn problem_json_follows_accept() {
    let s = Server::start(&[]);
    let body = br#"{"name":"fine-api"}"#;
    let r = s.request(
        "POST",
        "/v2/apis.createApi",
        &[
            ("Accept", "application/problem+json"),
            ("Authorization", "Bearer unknown"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let r = s.request(
        "POST",
        "/v2/apis.createApi",
        &[
            ("Accept", "application/json"),
            ("Authorization", "Bearer unknown"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    for (auth, bad) in [("Bearer unknown", &b"{}"[..]), ("", &body[..])] {
        let mut headers = vec![
            ("Accept", "application/problem+json"),
            ("Content-Type", "application/json"),
        ];
        if !auth.is_empty() {
            headers.push(("Authorization", auth));
        }
        let r = s.request("POST", "/v2/apis.createApi", &headers, bad);
        assert_eq!(r.status, 400);
        assert_eq!(r.header("content-type"), Some("application/json"));
    }
}

#[test]
fn control_endpoints_are_off_by_default() {
    let s = Server::start(&[]);
    for path in ["/_local/faults", "/_local/requests", "/_local/clock"] {
        let r = s.request("GET", path, &[], b"");
        assert_eq!(r.status, 404, "{path}");
        let j = r.json();
        assert!(j["meta"]["requestId"].is_string());
        assert!(j["error"]["detail"].as_str().unwrap().contains("--"));
    }
}

fn add_fault(s: &Server, f: Value) {
    let r = s.request("POST", "/_local/faults", &[], f.to_string().as_bytes());
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

#[test]
fn faults_and_request_counters() {
    let s = Server::start(&["--faults"]);
    let verify = "/v2/keys.verifyKey";
    add_fault(
        &s,
        json!({"kind": "status", "status": 503, "count": 2, "path": verify}),
    );
    // Other paths are untouched.
    assert_eq!(
        s.call("apis.createApi", json!({"name": "fault-api"}))
            .status,
        200
    );
    let r = s.call("keys.verifyKey", json!({"key": "x"}));
    assert_eq!(r.status, 503);
    assert!(r.json()["error"]["type"].is_string());
    assert_eq!(s.call("keys.verifyKey", json!({"key": "x"})).status, 503);
    assert_eq!(s.call("keys.verifyKey", json!({"key": "x"})).status, 200);

    add_fault(&s, json!({"kind": "rate_limited", "retryAfter": 7}));
    let r = s.call("keys.verifyKey", json!({"key": "x"}));
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("7"));

    add_fault(&s, json!({"kind": "close"}));
    let err = try_request(&s.addr, "POST", verify, &[], b"{}");
    assert!(err.is_err() || err.unwrap().status == 0);

    add_fault(&s, json!({"kind": "truncate"}));
    let r = try_request(&s.addr, "GET", "/v2/liveness", &[], b"");
    assert!(r.is_err(), "a truncated body must not parse as complete");

    add_fault(&s, json!({"kind": "non_json", "status": 200}));
    let r = s.call("keys.verifyKey", json!({"key": "x"}));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());

    add_fault(
        &s,
        json!({"kind": "body", "status": 201, "body": {"meta": {}}}),
    );
    let r = s.call("keys.verifyKey", json!({"key": "x"}));
    assert_eq!(r.status, 201);
    assert_eq!(r.json(), json!({"meta": {}}));
    let e = s.request("POST", "/_local/faults", &[], br#"{"kind":"body"}"#);
    assert_eq!(e.status, 400, "a body fault needs its body");

    // A body past the 10 MiB a fault's request may carry: the JSON, then spaces.
    add_fault(
        &s,
        json!({"kind": "body", "body": {"meta": {}}, "padBytes": 12 << 20}),
    );
    let r = s.call("keys.verifyKey", json!({"key": "x"}));
    assert_eq!(r.body.len(), r#"{"meta":{}}"#.len() + (12 << 20));
    assert_eq!(r.json(), json!({"meta": {}}));
    let e = s.request(
        "POST",
        "/_local/faults",
        &[],
        br#"{"kind":"close","padBytes":1}"#,
    );
    assert_eq!(e.status, 400, "padding is for body faults");
    // A body that never ends: far more than it began with is read, and it goes on.
    add_fault(&s, json!({"kind": "body", "body": {}, "endless": true}));
    {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&s.addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        write!(
            stream,
            "POST {verify} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{{}}"
        )
        .unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        let mut read = 0usize;
        while read < 32 << 20 {
            let n = stream.read(&mut buf).unwrap();
            assert!(n > 0, "the endless body ended after {read} bytes");
            read += n;
        }
    }

    add_fault(&s, json!({"kind": "delay", "delayMs": 10}));
    assert_eq!(s.call("keys.verifyKey", json!({"key": "x"})).status, 200);

    add_fault(&s, json!({"kind": "status", "count": 5}));
    assert_eq!(
        s.request("GET", "/_local/faults", &[], b"").json()["faults"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    s.request("DELETE", "/_local/faults", &[], b"");
    assert_eq!(s.call("keys.verifyKey", json!({"key": "x"})).status, 200);

    let counts = s.request("GET", "/_local/requests", &[], b"").json();
    assert_eq!(counts["paths"][verify], 11);
    assert_eq!(counts["paths"]["/v2/liveness"], 1);
    assert_eq!(counts["paths"]["/v2/apis.createApi"], 1);
    assert_eq!(counts["total"], 13);
    s.request("POST", "/_local/requests/reset", &[], b"");
    assert_eq!(
        s.request("GET", "/_local/requests", &[], b"").json()["total"],
        0
    );

    let r = s.request("POST", "/_local/faults", &[], br#"{"kind":"explode"}"#);
    assert_eq!(r.status, 400);
}

#[test]
fn seed_prints_usable_keys() {
    let s = Server::start_with(&["--root-key", ROOT, "--seed", "--test-clock"], 1);
    let seed: Value = serde_json::from_str(&s.lines[1]).unwrap();
    let k = |name: &str| seed["keys"][name]["key"].as_str().unwrap().to_string();
    let code = |key: String, extra: Value| {
        let mut body = json!({"key": key});
        if let Value::Object(m) = extra {
            body.as_object_mut().unwrap().extend(m);
        }
        s.verify(body)["code"].as_str().unwrap().to_string()
    };
    assert_eq!(code(k("admin"), json!({"permissions": "admin"})), "VALID");
    assert_eq!(code(k("disabled"), json!({})), "DISABLED");
    for _ in 0..3 {
        assert_eq!(code(k("credits"), json!({})), "VALID");
    }
    assert_eq!(code(k("credits"), json!({})), "USAGE_EXCEEDED");
    for _ in 0..5 {
        assert_eq!(code(k("plain"), json!({})), "VALID");
    }
    assert_eq!(code(k("plain"), json!({})), "RATE_LIMITED");
    assert_eq!(code(k("expiring"), json!({})), "VALID");
    s.advance(3_600_001);
    assert_eq!(code(k("expiring"), json!({})), "EXPIRED");
    assert!(seed["apiId"].as_str().unwrap().starts_with("api_"));
}

/// Sends `POST path` with a JSON body on `stream` and reads one response; its status and
/// whether the server said it closes the connection.
fn post_on(stream: &mut std::net::TcpStream, path: &str, body: &str) -> (u16, bool) {
    use std::io::{BufRead, BufReader, Read, Write};
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        ROOT,
        body.len()
    )
    .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (mut len, mut close) = (0, false);
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        let l = line.trim().to_ascii_lowercase();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("content-length:") {
            len = v.trim().parse().unwrap();
        }
        close |= l == "connection: close";
    }
    let mut rest = vec![0; len];
    reader.read_exact(&mut rest).unwrap();
    (status, close)
}

#[test]
fn a_fault_that_answers_keeps_the_connection_open() {
    // A client reuses a kept-alive connection: after a faulted answer the next request on the
    // same connection must be answered, not met by a closed socket.
    let s = Server::start(&["--faults"]);
    for kind in [
        json!({"kind": "status", "status": 500, "path": "/v2/apis.createApi"}),
        json!({"kind": "non_json", "status": 502, "path": "/v2/apis.createApi"}),
        json!({"kind": "body", "status": 200, "body": {"meta": {}}, "path": "/v2/apis.createApi"}),
    ] {
        add_fault(&s, kind.clone());
        let mut stream = std::net::TcpStream::connect(&s.addr).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(5)))
            .unwrap();
        let body = format!(
            r#"{{"name":"keepalive-api","pad":"{}"}}"#,
            "x".repeat(64 * 1024)
        );
        let (status, close) = post_on(&mut stream, "/v2/apis.createApi", &body);
        assert_ne!(status, 0, "{kind}");
        assert!(!close, "{kind}: the server announced a close");
        let (again, _) = post_on(
            &mut stream,
            "/v2/apis.createApi",
            r#"{"name":"keepalive-api"}"#,
        );
        assert_eq!(again, 200, "{kind}: the connection was not reusable");
    }
}

/// Upstream serves its routes from a plain Go `http.ServeMux` (pkg/zen/server.go: each route
/// registered as `"POST /v2/…"` or `"GET /v2/liveness"`, no catch-all, svc/api/routes/register.go),
/// which answers before any handler: no route → 404 `404 page not found`; a route's path with
/// another method → 405 `Method Not Allowed` with `Allow` (a GET route allows HEAD too,
/// net/http routing_tree.go `matchingMethods`), both as `http.Error` writes them (text/plain,
/// nosniff); a path that is not clean (`//`, `.`, `..`) → 301 to the cleaned path
/// (net/http `cleanPath`, query kept; `http.Redirect`'s body for a GET only). HEAD of the GET
/// route is served (no body). The CORS headers and `OPTIONS` preflights stay, deliberately (see
/// "CORS" in the README).
#[test]
fn routes_and_methods_as_gos_servemux() {
    let s = Server::start(&[]);
    let auth = format!("Bearer {ROOT}");
    let h = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];
    let text = |r: &Resp, status: u16, body: &str| {
        assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(String::from_utf8_lossy(&r.body), body);
        assert_eq!(r.header("content-type"), Some("text/plain; charset=utf-8"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    };
    for path in [
        "/v2/nope",
        "/v2/apis.getApi/",
        "/",
        "/v2/analytics.nope",
        "/v2/portal.nope",
        "/v2/deploy.nope",
    ] {
        text(
            &s.request("POST", path, &h, b"{}"),
            404,
            "404 page not found\n",
        );
    }
    for method in ["GET", "PUT", "DELETE", "PATCH"] {
        let r = s.request(method, "/v2/apis.getApi", &h, b"");
        text(&r, 405, "Method Not Allowed\n");
        assert_eq!(r.header("allow"), Some("POST"));
    }
    let r = s.request("GET", "/v2/portal.listKeys", &[], b"");
    text(&r, 405, "Method Not Allowed\n");
    assert_eq!(r.header("allow"), Some("POST"));
    let r = s.request("POST", "/v2/liveness", &h, b"{}");
    text(&r, 405, "Method Not Allowed\n");
    assert_eq!(r.header("allow"), Some("GET, HEAD"));
    // HEAD of the GET route: served, without a body.
    let r = s.request("HEAD", "/v2/liveness", &[], b"");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-type"), Some("application/json"));
    // Not clean: 301 to the cleaned path, whatever the method.
    let r = s.request("GET", "/v2//apis.getApi?x=1", &h, b"");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/v2/apis.getApi?x=1"));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(
        String::from_utf8_lossy(&r.body),
        "<a href=\"/v2/apis.getApi?x=1\">Moved Permanently</a>.\n\n"
    );
    let r = s.request("POST", "/v2/./nope/../apis.getApi", &h, b"{}");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/v2/apis.getApi"));
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-type"), None);
    // A route that exists upstream but not here is still a route (501 envelope).
    let r = s.request("POST", "/v2/apps.getApp", &h, b"{}");
    assert_eq!(r.status, 501);
    let r = s.request("GET", "/v2/apps.getApp", &h, b"");
    assert_eq!(r.status, 405);
    // The preflight stays (deliberate, for browser tests).
    assert_eq!(
        s.request("OPTIONS", "/v2/apis.getApi", &[], b"").status,
        204
    );
}
