//! Decision-table tests of the core: every code, every failure mode, every header rule.

use super::*;

const NOW: f64 = 1_700_000_000_000.0;

/// The issue's example table plus a few routes exercising the other features.
fn guard() -> Guard {
    Guard::builder()
        .route("GET", "/public/*", Policy::public())
        .route(
            "*",
            "/api/*",
            Policy::protected().named_limit("requests", Some(1)),
        )
        .route("*", "/admin/*", Policy::permission("admin"))
        .route(
            "POST",
            "/open/*",
            Policy::protected().fail(FailMode::Open).deadline_ms(300),
        )
        .route(
            "*",
            "/search",
            Policy::public().ratelimit(StandaloneLimit {
                namespace: "search".into(),
                limit: 10,
                duration_ms: 60_000,
                cost: None,
                by: LimitBy::Ip,
            }),
        )
        .route(
            "*",
            "/metered/*",
            Policy::protected().credits(5).ratelimit(StandaloneLimit {
                namespace: "metered".into(),
                limit: 3,
                duration_ms: 1_000,
                cost: Some(1),
                by: LimitBy::Identity,
            }),
        )
        .route("*", "/blocked/*", Policy::deny())
        .header_names(HeaderNames {
            meta: vec![("plan".into(), "X-Unkey-Plan".into())],
            ..HeaderNames::default()
        })
        .build()
        .unwrap()
}

fn ok(code: &str) -> VerifyOutcome {
    VerifyOutcome {
        valid: code == "VALID",
        code: code.into(),
        key_id: Some("key_123".into()),
        external_id: Some("user_42".into()),
        meta: vec![("plan".into(), "pro".into()), ("other".into(), "x".into())],
        ratelimits: Vec::new(),
        request_id: Some("req_unkey".into()),
    }
}

fn key() -> Presented {
    Presented::Key("sk_test".into())
}

fn run(
    g: &Guard,
    method: &str,
    path: &str,
    presented: &Presented,
    verify: Option<Result<&VerifyOutcome, Failure>>,
    limit: Option<Result<&LimitState, Failure>>,
) -> Decision {
    let route = g.resolve(method, path).unwrap();
    g.decide(
        route,
        &Evidence {
            presented,
            verify,
            limit,
            now_ms: NOW,
            request_id: "req_guard",
        },
    )
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn body(d: &Deny) -> serde_json::Value {
    serde_json::from_str(&d.body).unwrap()
}

#[test]
fn route_resolution_is_first_match_with_fallback() {
    let g = guard();
    assert_eq!(g.resolve("GET", "/public/a"), Ok(0));
    assert_eq!(g.resolve("HEAD", "/public/a"), Ok(0));
    // POST on /public is not the public route: falls through to the fallback (valid key).
    assert_eq!(g.resolve("POST", "/public/a"), Ok(g.fallback_route()));
    assert_eq!(g.resolve("DELETE", "/api/x/y"), Ok(1));
    assert_eq!(g.resolve("get", "/admin"), Ok(2));
    assert_eq!(g.resolve("GET", "/open/x"), Ok(g.fallback_route()));
    assert_eq!(g.resolve("POST", "/open/x"), Ok(3));
    assert_eq!(g.resolve("GET", "/nowhere"), Ok(g.fallback_route()));
    assert_eq!(g.resolve("GET", "/public/../admin"), Err(Refused::Path));
    assert_eq!(g.policy(g.fallback_route()), &Policy::protected());
    assert_eq!(g.policy(999), &Policy::protected());
    assert_eq!(g.routes().len(), 7);
}

/// Paths some origins serve from another path, by what they hold: IIS from a Windows short
/// name, Spring MVC (before 5.3) from a mapping without the suffix. Where a reading would get
/// another policy than the path as sent, the path is refused; where every reading agrees, it
/// goes to its route.
#[test]
fn paths_an_origin_serves_from_another_are_refused_when_policies_differ() {
    let g = Guard::builder()
        .route("*", "/files/secret", Policy::permission("admin"))
        .route("*", "/files/*", Policy::public())
        .route("*", "/administrator/*", Policy::permission("admin"))
        .route("*", "/report.pdf", Policy::permission("reports"))
        .route("*", "/status", Policy::public())
        .fallback(Policy::public())
        .build()
        .unwrap();
    for target in [
        // Spring serves these from `/files/secret` (protected); as sent they are public.
        "/files/secret.json",
        "/files/SECRET.a.b",
        // IIS serves these from `/administrator/...` where NTFS made the short name.
        "/ADMINI~1/users",
        "/admini~2/users?x=1",
        "/AD3F2A~1/users",
        "/REPORT~1.PDF",
    ] {
        assert_eq!(g.resolve("GET", target), Err(Refused::Path), "{target}");
    }
    // Every reading agrees: served as usual.
    assert_eq!(g.resolve("GET", "/files/other.json"), Ok(1));
    assert_eq!(g.resolve("GET", "/status.json"), Ok(g.fallback_route()));
    assert_eq!(g.resolve("GET", "/STATUS~1"), Ok(g.fallback_route()));
    assert_eq!(g.resolve("GET", "/files/REPORT~1.PDF"), Ok(1));
    // The literal as sent is the literal Spring serves it by, before any suffix match.
    assert_eq!(g.resolve("GET", "/report.pdf"), Ok(3));
    assert_eq!(g.resolve("GET", "/files/secret"), Ok(0));
    assert_eq!(g.resolve("GET", "/administrator/x"), Ok(2));
    // A git-style `HEAD~1` names no literal of this table: not a reading.
    assert_eq!(g.resolve("GET", "/files/HEAD~1"), Ok(1));
    assert_eq!(g.resolve("GET", "/HEAD~1"), Ok(g.fallback_route()));

    // A script served for a path without its suffix (nginx's `try_files $uri $uri.php`).
    let php = Guard::builder()
        .route("*", "/admin.php", Policy::permission("admin"))
        .route("*", "/login", Policy::public())
        .route("*", "/login.php", Policy::public())
        .fallback(Policy::public())
        .build()
        .unwrap();
    assert_eq!(php.resolve("GET", "/admin"), Err(Refused::Path));
    assert_eq!(php.resolve("GET", "/Admin."), Err(Refused::Path));
    assert_eq!(php.resolve("GET", "/admin.php"), Ok(0));
    assert_eq!(php.resolve("GET", "/login"), Ok(1));
    assert_eq!(php.resolve("GET", "/other"), Ok(php.fallback_route()));

    // ASP.NET drops its cookieless session id from the path.
    assert_eq!(
        g.resolve("GET", "/(S(x1y2))/administrator/users"),
        Err(Refused::Path)
    );
    assert_eq!(
        g.resolve("GET", "/(S(x1y2))/status"),
        Ok(g.fallback_route())
    );

    // A script with path info: PHP frameworks route `/index.php/admin/users` as `/admin/users`.
    assert_eq!(
        g.resolve("GET", "/index.php/administrator/users"),
        Err(Refused::Path)
    );
    assert_eq!(
        g.resolve("GET", "/run.cgi/files/secret"),
        Err(Refused::Path)
    );
    assert_eq!(
        g.resolve("GET", "/index.php/status"),
        Ok(g.fallback_route())
    );
    assert_eq!(g.resolve("GET", "/files/index.php/other"), Ok(1));
    // A script the table names describes its own paths: no path-info reading.
    let named = Guard::builder()
        .route("*", "/api/download.php/*", Policy::protected())
        .route("*", "/file", Policy::public())
        .build()
        .unwrap();
    assert_eq!(named.resolve("GET", "/api/download.php/file"), Ok(0));
    assert_eq!(named.resolve("GET", "/other.php/file"), Err(Refused::Path));
    // A script in a folder routes under that folder: `/api/other.php/file` is `/api/file`.
    assert_eq!(
        named.resolve("GET", "/api/other.php/file"),
        Ok(named.fallback_route())
    );

    // As the README advises: a suffixed resource beside a public literal is refused until it
    // has a route of its own, which is then taken as written.
    let docs = |own: bool| {
        let b = Guard::builder().route("GET", "/docs", Policy::public());
        let b = if own {
            b.route("GET", "/docs.json", Policy::protected())
        } else {
            b
        };
        b.build().unwrap()
    };
    assert_eq!(docs(false).resolve("GET", "/docs.json"), Err(Refused::Path));
    assert_eq!(docs(true).resolve("GET", "/docs.json"), Ok(1));
    assert_eq!(docs(true).resolve("GET", "/docs.yaml"), Err(Refused::Path));
}

/// A target an origin reads as another route than the guard would: the absolute form (Node's
/// `req.url` keeps it, Express routes on its path, so it used to fall to the fallback instead
/// of `/admin/*`), and an escape encoded twice. Both are refused, never matched.
#[test]
fn absolute_form_and_twice_encoded_targets_are_refused() {
    let g = guard();
    for target in [
        "http://example.com/admin/x",
        "https://example.com:443/admin/x?y=1",
        "//example.com/admin/x",
        "//example.com/admin/x#",
        "*",
        "admin/x",
        "/%2561dmin/x",
        "/public/%252e%252e/admin/x",
        "/public/..%252fadmin",
    ] {
        let want = if target.starts_with("//") && !target.contains('#') {
            // Origin form: `//example.com/admin/x` is the path `/example.com/admin/x`.
            Ok(g.fallback_route())
        } else {
            Err(Refused::Path)
        };
        assert_eq!(g.resolve("GET", target), want, "{target}");
    }
    assert_eq!(g.resolve("GET", ""), Ok(g.fallback_route()));
    assert_eq!(g.resolve("GET", "/public/100%25"), Ok(0));
}

#[test]
fn public_route_forwards_without_verification() {
    let g = guard();
    let r = g.resolve("GET", "/public/x").unwrap();
    assert!(!g.needs_verify(r, &key()));
    assert!(!g.needs_verify(r, &Presented::Missing));
    assert_eq!(g.limit_identifier(r, None, Some("1.2.3.4"), None), None);
    let d = run(&g, "GET", "/public/x", &Presented::Missing, None, None);
    let f = d.as_forward().unwrap();
    assert_eq!(f.verdict, Verdict::Public);
    assert_eq!(
        f.request_headers,
        vec![("X-Unkey-Guard".to_owned(), "public".to_owned())]
    );
    assert!(f.response_headers.is_empty());
}

#[test]
fn missing_and_malformed_keys_are_401_without_a_call() {
    let g = guard();
    let r = g.resolve("GET", "/api/x").unwrap();
    for (p, code) in [
        (Presented::Missing, "MISSING_KEY"),
        (Presented::Malformed, "MALFORMED_KEY"),
    ] {
        assert!(!g.needs_verify(r, &p));
        let d = run(&g, "GET", "/api/x", &p, None, None);
        let d = d.as_deny().unwrap();
        assert_eq!(d.status, 401);
        assert_eq!(d.code, code);
        let b = body(d);
        assert_eq!(b["code"], code);
        assert_eq!(b["status"], 401);
        assert_eq!(b["requestId"], "req_guard");
        assert_eq!(
            header(&d.headers, "content-type"),
            Some("application/problem+json")
        );
        assert_eq!(header(&d.headers, "cache-control"), Some("no-store"));
    }
    assert!(g.needs_verify(r, &key()));
}

#[test]
fn every_verification_code_maps_to_its_status() {
    let g = guard();
    for (code, status) in [
        ("NOT_FOUND", 401),
        ("DISABLED", 403),
        ("EXPIRED", 403),
        ("FORBIDDEN", 403),
        ("INSUFFICIENT_PERMISSIONS", 403),
        ("USAGE_EXCEEDED", 429),
        ("RATE_LIMITED", 429),
        ("SOMETHING_NEW", 403),
        ("", 403),
    ] {
        let v = ok(code);
        let d = run(&g, "GET", "/api/x", &key(), Some(Ok(&v)), None);
        let d = d.as_deny().unwrap_or_else(|| panic!("{code} forwarded"));
        assert_eq!(d.status, status, "{code}");
        let b = body(d);
        let want = if code == "RATE_LIMITED" {
            "RATE_LIMITED"
        } else {
            code
        };
        assert_eq!(b["code"], want);
        assert_eq!(b["requestId"], "req_guard");
        assert_eq!(b["unkeyRequestId"], "req_unkey");
        // A denial never tells the client the key id or identity.
        assert!(!d.body.contains("key_123") && !d.body.contains("user_42"));
    }
}

#[test]
fn usage_exceeded_status_is_configurable() {
    let g = Guard::builder().usage_exceeded_status(402).build().unwrap();
    let v = ok("USAGE_EXCEEDED");
    let d = run(&g, "GET", "/anything", &key(), Some(Ok(&v)), None);
    let d = d.as_deny().unwrap();
    assert_eq!(d.status, 402);
    assert_eq!(body(d)["title"], "Payment Required");
    assert!(header(&d.headers, "retry-after").is_none());
    assert!(Guard::builder().usage_exceeded_status(200).build().is_err());
}

#[test]
fn valid_key_forwards_identity_and_chosen_meta() {
    let g = guard();
    let mut v = ok("VALID");
    v.ratelimits = vec![LimitState {
        limit: 10,
        remaining: 7,
        reset_ms: NOW + 4_200.0,
        exceeded: false,
    }];
    let d = run(&g, "GET", "/api/x", &key(), Some(Ok(&v)), None);
    let f = d.as_forward().unwrap();
    assert_eq!(f.verdict, Verdict::Verified);
    let h = &f.request_headers;
    assert_eq!(header(h, "x-unkey-key-id"), Some("key_123"));
    assert_eq!(header(h, "x-unkey-identity"), Some("user_42"));
    assert_eq!(header(h, "x-unkey-plan"), Some("pro"));
    assert_eq!(header(h, "x-unkey-guard"), Some("verified"));
    assert_eq!(h.len(), 4, "only chosen meta is forwarded: {h:?}");
    let r = &f.response_headers;
    assert_eq!(header(r, "ratelimit-limit"), Some("10"));
    assert_eq!(header(r, "ratelimit-remaining"), Some("7"));
    assert_eq!(header(r, "ratelimit-reset"), Some("5"));
    assert!(header(r, "retry-after").is_none());
}

#[test]
fn valid_key_without_identity_or_meta_sets_only_what_exists() {
    let g = guard();
    let v = VerifyOutcome {
        valid: true,
        code: "VALID".into(),
        key_id: Some("key_1".into()),
        ..Default::default()
    };
    let d = run(&g, "GET", "/api/x", &key(), Some(Ok(&v)), None);
    let f = d.as_forward().unwrap();
    assert_eq!(
        f.request_headers,
        vec![
            ("X-Unkey-Key-Id".to_owned(), "key_1".to_owned()),
            ("X-Unkey-Guard".to_owned(), "verified".to_owned())
        ]
    );
    assert!(f.response_headers.is_empty());
}

#[test]
fn rate_limited_gets_retry_after_and_ratelimit_headers() {
    let g = guard();
    let mut v = ok("RATE_LIMITED");
    v.ratelimits = vec![
        LimitState {
            limit: 100,
            remaining: 50,
            reset_ms: NOW + 60_000.0,
            exceeded: false,
        },
        LimitState {
            limit: 2,
            remaining: 0,
            reset_ms: NOW + 2_001.0,
            exceeded: true,
        },
    ];
    let d = run(&g, "GET", "/api/x", &key(), Some(Ok(&v)), None);
    let d = d.as_deny().unwrap();
    assert_eq!(d.status, 429);
    assert_eq!(header(&d.headers, "retry-after"), Some("3"));
    assert_eq!(header(&d.headers, "ratelimit-limit"), Some("2"));
    assert_eq!(header(&d.headers, "ratelimit-remaining"), Some("0"));
    assert_eq!(header(&d.headers, "ratelimit-reset"), Some("3"));
}

#[test]
fn ratelimit_header_selection() {
    // No windows, no headers.
    assert!(ratelimit_headers(&[], NOW).is_empty());
    // Fewest remaining wins when none is exceeded.
    let a = LimitState {
        limit: 10,
        remaining: 9,
        reset_ms: NOW + 1_000.0,
        exceeded: false,
    };
    let b = LimitState {
        limit: 5,
        remaining: 1,
        reset_ms: NOW + 30_000.0,
        exceeded: false,
    };
    let h = ratelimit_headers(&[a, b], NOW);
    assert_eq!(header(&h, "ratelimit-limit"), Some("5"));
    assert_eq!(header(&h, "ratelimit-reset"), Some("30"));
    // Among exceeded windows the latest reset wins: retrying earlier cannot pass.
    let c = LimitState {
        exceeded: true,
        remaining: 0,
        reset_ms: NOW + 10_000.0,
        ..a
    };
    let e = LimitState {
        exceeded: true,
        remaining: 0,
        reset_ms: NOW + 20_000.0,
        ..b
    };
    let h = ratelimit_headers(&[a, c, e], NOW);
    assert_eq!(header(&h, "retry-after"), Some("20"));
    assert_eq!(header(&h, "ratelimit-limit"), Some("5"));
    // A reset already in the past: Reset 0, Retry-After at least 1.
    let past = LimitState {
        exceeded: true,
        remaining: 0,
        reset_ms: NOW - 5.0,
        ..a
    };
    let h = ratelimit_headers(&[past], NOW);
    assert_eq!(header(&h, "ratelimit-reset"), Some("0"));
    assert_eq!(header(&h, "retry-after"), Some("1"));
    // NaN reset (garbage from the wire) does not panic.
    let nan = LimitState {
        reset_ms: f64::NAN,
        ..a
    };
    assert_eq!(
        header(&ratelimit_headers(&[nan], NOW), "ratelimit-reset"),
        Some("0")
    );
}

#[test]
fn unavailable_fails_closed_by_default_and_open_when_asked() {
    let g = guard();
    let d = run(
        &g,
        "GET",
        "/api/x",
        &key(),
        Some(Err(Failure::Unreachable)),
        None,
    );
    let d = d.as_deny().unwrap();
    assert_eq!(d.status, 503);
    assert_eq!(d.code, "UNKEY_UNAVAILABLE");
    assert_eq!(header(&d.headers, "retry-after"), Some("1"));

    let d = run(
        &g,
        "POST",
        "/open/x",
        &key(),
        Some(Err(Failure::Unreachable)),
        None,
    );
    let f = d.as_forward().unwrap();
    assert_eq!(f.verdict, Verdict::FailOpen);
    assert_eq!(
        f.request_headers,
        vec![("X-Unkey-Guard".to_owned(), "fail-open".to_owned())]
    );
    assert_eq!(g.policy(3).deadline_ms, 300);
    assert_eq!(g.policy(0).deadline_ms, DEFAULT_DEADLINE_MS);
}

#[test]
fn rejected_calls_never_fail_open() {
    let g = guard();
    for path in ["/api/x", "/open/x"] {
        let d = run(&g, "POST", path, &key(), Some(Err(Failure::Rejected)), None);
        let d = d.as_deny().unwrap();
        assert_eq!(d.status, 500, "{path}");
        assert_eq!(d.code, "UNKEY_REJECTED");
    }
}

#[test]
fn fail_open_still_requires_a_key() {
    let g = guard();
    let d = run(&g, "POST", "/open/x", &Presented::Missing, None, None);
    assert_eq!(d.as_deny().unwrap().status, 401);
}

#[test]
fn glue_that_skips_a_call_gets_500_not_a_forward() {
    let g = guard();
    let d = run(&g, "GET", "/api/x", &key(), None, None);
    assert_eq!(d.as_deny().unwrap().code, "GUARD_ERROR");
    let v = ok("VALID");
    let d = run(&g, "GET", "/metered/x", &key(), Some(Ok(&v)), None);
    assert_eq!(d.as_deny().unwrap().code, "GUARD_ERROR");
    let d = run(&g, "GET", "/search", &Presented::Missing, None, None);
    assert_eq!(d.as_deny().unwrap().status, 500);
}

#[test]
fn deny_route_and_bad_path() {
    let g = guard();
    let d = run(&g, "GET", "/blocked/x", &key(), None, None);
    let d = d.as_deny().unwrap();
    assert_eq!((d.status, d.code.as_str()), (404, "NO_ROUTE"));
    assert!(!g.needs_verify(g.resolve("GET", "/blocked/x").unwrap(), &key()));
    let d = g.refusal(Refused::Path, "r1");
    let d = d.as_deny().unwrap();
    assert_eq!((d.status, d.code.as_str()), (400, "BAD_PATH"));
    assert_eq!(body(d)["requestId"], "r1");
    let d = g.refusal(Refused::MethodOverride, "r2");
    let d = d.as_deny().unwrap();
    assert_eq!((d.status, d.code.as_str()), (400, "METHOD_OVERRIDE"));
}

#[test]
fn standalone_limit_identifiers() {
    let g = guard();
    let search = g.resolve("GET", "/search").unwrap();
    let metered = g.resolve("GET", "/metered/a").unwrap();
    assert_eq!(
        g.limit_identifier(search, None, Some("9.9.9.9"), None)
            .as_deref(),
        Some("ip:9.9.9.9")
    );
    // An IPv6 client holds a whole /64: every address in it is one bucket, or each would be a
    // fresh budget. An IPv4 client of a dual-stack socket is its IPv4 address.
    for ip in ["2001:db8:1:2::7", "2001:db8:1:2:dead:beef:0:1"] {
        assert_eq!(
            g.limit_identifier(search, None, Some(ip), None).as_deref(),
            Some("ip:2001:db8:1:2::/64"),
            "{ip}"
        );
    }
    assert_eq!(
        g.limit_identifier(search, None, Some("::ffff:9.9.9.9"), None)
            .as_deref(),
        Some("ip:9.9.9.9")
    );
    // No platform IP: no call, and the decision refuses (no shared "unknown" bucket).
    assert_eq!(g.limit_identifier(search, None, None, None), None);
    assert_eq!(g.limit_identifier(search, None, Some(""), None), None);
    let d = run(&g, "GET", "/search", &Presented::Missing, None, None);
    assert_eq!(
        d.as_deny().map(|d| (d.status, d.code.as_str())),
        Some((500, "GUARD_ERROR"))
    );
    let v = ok("VALID");
    assert_eq!(
        g.limit_identifier(metered, Some(&v), Some("1.1.1.1"), None)
            .as_deref(),
        Some("identity:user_42")
    );
    let no_identity = VerifyOutcome {
        external_id: None,
        ..ok("VALID")
    };
    assert_eq!(
        g.limit_identifier(metered, Some(&no_identity), None, None)
            .as_deref(),
        Some("key:key_123")
    );
    // Not valid (or not verified) → no limit call: the request is denied anyway.
    assert_eq!(
        g.limit_identifier(metered, Some(&ok("NOT_FOUND")), None, None),
        None
    );
    assert_eq!(g.limit_identifier(metered, None, None, None), None);
    // Routes without a limit never ask.
    assert_eq!(g.limit_identifier(1, Some(&v), None, None), None);

    let by = |by: LimitBy, public: bool| {
        let p = if public {
            Policy::public()
        } else {
            Policy::protected()
        };
        Guard::builder()
            .route(
                "*",
                "/*",
                p.ratelimit(StandaloneLimit {
                    namespace: "ns".into(),
                    limit: 1,
                    duration_ms: 1000,
                    cost: None,
                    by,
                }),
            )
            .build()
            .unwrap()
    };
    let g = by(LimitBy::Key, false);
    assert_eq!(
        g.limit_identifier(0, Some(&v), Some("ip"), None).as_deref(),
        Some("key:key_123")
    );
    let g = by(LimitBy::Key, true);
    assert_eq!(
        g.limit_identifier(0, None, Some("5.5.5.5"), None)
            .as_deref(),
        Some("ip:5.5.5.5")
    );
    let g = by(LimitBy::Header("X-Tenant".into()), true);
    assert_eq!(
        g.limit_identifier(0, None, Some("5.5.5.5"), Some(" acme "))
            .as_deref(),
        Some("header:acme")
    );
    assert_eq!(
        g.limit_identifier(0, None, Some("5.5.5.5"), Some(""))
            .as_deref(),
        Some("ip:5.5.5.5")
    );
    // The longest value `ratelimit.limit` takes with its prefix (512 characters, not bytes) is
    // its own bucket; a longer one counts as absent rather than become the client's validation
    // error (a 500 any caller could provoke).
    let fits = "é".repeat(512 - "header:".len());
    assert_eq!(
        g.limit_identifier(0, None, Some("5.5.5.5"), Some(&fits)),
        Some(format!("header:{fits}"))
    );
    let long = format!("{fits}x");
    assert_eq!(
        g.limit_identifier(0, None, Some("5.5.5.5"), Some(&long))
            .as_deref(),
        Some("ip:5.5.5.5")
    );
    let g = by(LimitBy::Identity, true);
    assert_eq!(
        g.limit_identifier(0, None, Some("5.5.5.5"), None)
            .as_deref(),
        Some("ip:5.5.5.5")
    );
}

#[test]
fn standalone_limit_outcomes() {
    let g = guard();
    let pass = LimitState {
        limit: 10,
        remaining: 9,
        reset_ms: NOW + 60_000.0,
        exceeded: false,
    };
    let d = run(
        &g,
        "GET",
        "/search",
        &Presented::Missing,
        None,
        Some(Ok(&pass)),
    );
    let f = d.as_forward().unwrap();
    assert_eq!(f.verdict, Verdict::Public);
    assert_eq!(
        header(&f.response_headers, "ratelimit-remaining"),
        Some("9")
    );

    let over = LimitState {
        remaining: 0,
        exceeded: true,
        ..pass
    };
    let d = run(
        &g,
        "GET",
        "/search",
        &Presented::Missing,
        None,
        Some(Ok(&over)),
    );
    let d = d.as_deny().unwrap();
    assert_eq!(d.status, 429);
    assert_eq!(header(&d.headers, "retry-after"), Some("60"));

    // Verified + limited: verify's windows and the standalone one are combined.
    let mut v = ok("VALID");
    v.ratelimits = vec![LimitState {
        limit: 100,
        remaining: 1,
        reset_ms: NOW + 1_000.0,
        exceeded: false,
    }];
    let d = run(
        &g,
        "GET",
        "/metered/a",
        &key(),
        Some(Ok(&v)),
        Some(Ok(&pass)),
    );
    let f = d.as_forward().unwrap();
    assert_eq!(header(&f.response_headers, "ratelimit-limit"), Some("100"));
    assert_eq!(
        header(&f.request_headers, "x-unkey-key-id"),
        Some("key_123")
    );
    let d = run(
        &g,
        "GET",
        "/metered/a",
        &key(),
        Some(Ok(&v)),
        Some(Ok(&over)),
    );
    assert_eq!(d.as_deny().unwrap().status, 429);

    // The standalone call failing follows the route's fail mode (closed here).
    let d = run(
        &g,
        "GET",
        "/metered/a",
        &key(),
        Some(Ok(&v)),
        Some(Err(Failure::Unreachable)),
    );
    assert_eq!(d.as_deny().unwrap().status, 503);
}

#[test]
fn fail_open_after_verification_keeps_identity() {
    let g = Guard::builder()
        .route(
            "*",
            "/*",
            Policy::protected()
                .fail(FailMode::Open)
                .ratelimit(StandaloneLimit {
                    namespace: "ns".into(),
                    limit: 1,
                    duration_ms: 1000,
                    cost: None,
                    by: LimitBy::Key,
                }),
        )
        .build()
        .unwrap();
    let v = ok("VALID");
    let d = run(
        &g,
        "GET",
        "/x",
        &key(),
        Some(Ok(&v)),
        Some(Err(Failure::Unreachable)),
    );
    let f = d.as_forward().unwrap();
    assert_eq!(f.verdict, Verdict::FailOpen);
    assert_eq!(
        header(&f.request_headers, "x-unkey-key-id"),
        Some("key_123")
    );
    assert_eq!(
        header(&f.request_headers, "x-unkey-guard"),
        Some("fail-open")
    );
}

#[test]
fn strip_rules_cover_key_namespace_and_own_headers() {
    let g = Guard::builder()
        .key_source(KeySource::Header("X-API-Key".into()))
        .header_names(HeaderNames {
            identity: "X-User".into(),
            meta: vec![("plan".into(), "X-Plan".into())],
            ..HeaderNames::default()
        })
        .build()
        .unwrap();
    for h in [
        "x-api-key",
        "X-API-KEY",
        "x-unkey-key-id",
        "X-Unkey-Anything",
        "x-unkey-",
        "x-user",
        "X-Plan",
    ] {
        assert!(g.strips(h), "{h}");
    }
    for h in [
        "authorization",
        "x-unke",
        "content-type",
        "x-user-agent",
        "cookie",
    ] {
        assert!(!g.strips(h), "{h}");
    }
    let bearer = guard();
    assert!(bearer.strips("Authorization"));
    assert!(!bearer.strips("x-api-key"));
    let custom = Guard::builder()
        .key_source(KeySource::Custom)
        .header_names(HeaderNames {
            namespace: String::new(),
            ..HeaderNames::default()
        })
        .build()
        .unwrap();
    assert!(!custom.strips("authorization"));
    assert!(!custom.strips("x-anything"));
    assert!(custom.strips("x-unkey-key-id"));
}

#[test]
fn header_values_are_made_safe() {
    assert_eq!(header_value("user_42"), "user_42");
    assert_eq!(header_value("a\r\nX-Evil: 1"), "a%0D%0AX-Evil: 1");
    assert_eq!(header_value("café"), "caf%C3%A9");
    assert_eq!(header_value("50%"), "50%25");
    // HTTP drops spaces at a value's ends: kept as escapes, "admin " is not "admin".
    assert_eq!(header_value(" x "), "%20x%20");
    assert_eq!(header_value("admin  "), "admin%20%20");
    assert_eq!(header_value("a b"), "a b");
    assert_eq!(header_value("  "), "%20%20");
    assert_ne!(header_value("admin "), header_value("admin"));
    let g = guard();
    let v = VerifyOutcome {
        valid: true,
        code: "VALID".into(),
        external_id: Some("evil\nX-Unkey-Key-Id: key_admin".into()),
        ..Default::default()
    };
    let d = run(&g, "GET", "/api/x", &key(), Some(Ok(&v)), None);
    let f = d.as_forward().unwrap();
    for (_, value) in &f.request_headers {
        assert!(!value.contains('\n'));
    }
}

#[test]
fn a_limit_by_the_key_header_is_refused() {
    let limit = |by: LimitBy| StandaloneLimit {
        namespace: "ns".into(),
        limit: 1,
        duration_ms: 1000,
        cost: None,
        by,
    };
    // The key's header, in any spelling: the identifier would be the caller's key.
    for (source, header) in [
        (KeySource::Bearer, "Authorization"),
        (KeySource::Header("X-API-Key".into()), "x_api_key"),
    ] {
        let err = Guard::builder()
            .route(
                "*",
                "/*",
                Policy::protected().ratelimit(limit(LimitBy::Header(header.into()))),
            )
            .key_source(source.clone())
            .build()
            .unwrap_err();
        assert!(err.message().contains("limit by \"key\""), "{err}");
        let err = Guard::builder()
            .key_source(source)
            .fallback(Policy::public().ratelimit(limit(LimitBy::Header(header.into()))))
            .build()
            .unwrap_err();
        assert!(err.message().contains("key header"), "{err}");
    }
    // Another header, or a key from a function: fine.
    assert!(Guard::builder()
        .route(
            "*",
            "/*",
            Policy::public().ratelimit(limit(LimitBy::Header("X-Tenant".into())))
        )
        .build()
        .is_ok());
    assert!(Guard::builder()
        .key_source(KeySource::Custom)
        .route(
            "*",
            "/*",
            Policy::public().ratelimit(limit(LimitBy::Header("Authorization".into())))
        )
        .build()
        .is_ok());
}

#[test]
fn config_errors_are_collected() {
    let err = Guard::builder()
        .route("GET", "no-slash", Policy::public())
        .route("GET", "/a", Policy::public().deadline_ms(0))
        .route(
            "GET",
            "/b",
            Policy::public().ratelimit(StandaloneLimit {
                namespace: String::new(),
                limit: 0,
                duration_ms: 10,
                cost: None,
                by: LimitBy::Header("bad header".into()),
            }),
        )
        .route("GET", "/c", Policy::protected().named_limit("ab", None))
        .key_source(KeySource::Header("".into()))
        .header_names(HeaderNames {
            key_id: "bad name".into(),
            ..HeaderNames::default()
        })
        .build()
        .unwrap_err()
        .to_string();
    for needle in [
        "no-slash",
        "deadline",
        "namespace",
        "\"bad header\"",
        "3 characters",
        "key header",
        "\"bad name\"",
    ] {
        assert!(err.contains(needle), "{needle} missing from {err}");
    }
}

#[test]
fn policy_builders_ignore_protection_on_public_routes() {
    let p = Policy::public()
        .named_limit("abc", None)
        .credits(1)
        .tags(["t"]);
    assert_eq!(p, Policy::public());
    let p = Policy::protected()
        .named_limit("requests", Some(2))
        .credits(3)
        .tags(["a=b", "c"]);
    let prot = p.protection().unwrap();
    assert_eq!(prot.credits, Some(3));
    assert_eq!(prot.tags, vec!["a=b", "c"]);
    assert_eq!(prot.ratelimits[0].name, "requests");
    assert_eq!(prot.ratelimits[0].cost, Some(2));
    assert_eq!(
        Policy::permission("admin")
            .protection()
            .unwrap()
            .permissions
            .as_deref(),
        Some("admin")
    );
    assert!(Policy::deny().protection().is_none());
}

// ---- the flat encoding used by the JS guard ----

/// The guard of the JS options below, as `js/guard.js` hands them over.
const OPTIONS: &str = r#"{
  "routes": [
    { "method": "GET", "path": "/public/*", "public": true },
    { "path": "/api/*", "failOpen": true, "deadlineMs": 500 },
    { "path": "/admin/*", "permissions": "admin", "ratelimits": ["req", { "name": "heavy", "cost": 3 }],
      "credits": 2, "tags": ["a=b"], "cache": false },
    { "path": "/search", "public": true,
      "ratelimit": { "namespace": "search", "limit": 10, "duration": 60000, "cost": 2, "by": { "header": "X-Tenant" } } },
    { "method": ["POST", "put"], "path": "/ip", "public": true,
      "ratelimit": { "namespace": "ip", "limit": 1, "duration": 1000 } }
  ],
  "key": { "header": "X-API-Key" },
  "headers": { "meta": { "plan": "X-Unkey-Plan" } },
  "usageExceededStatus": 402
}"#;

fn json_guard() -> Guard {
    Guard::from_json(OPTIONS).unwrap()
}

#[test]
fn json_options_build_the_guard() {
    let g = json_guard();
    assert_eq!(g.key_source(), &KeySource::Header("X-API-Key".into()));
    assert_eq!(g.settings().usage_exceeded_status, 402);
    assert_eq!(
        g.settings().names.meta,
        vec![("plan".into(), "X-Unkey-Plan".into())]
    );
    assert_eq!(g.policy(1).fail, FailMode::Open);
    assert_eq!(g.policy(1).deadline_ms, 500);
    assert!(g.policy(1).cache && !g.policy(2).cache);
    assert_eq!(g.policy(2).deadline_ms, DEFAULT_DEADLINE_MS);
    let p = g.policy(2).protection().unwrap();
    assert_eq!(p.permissions.as_deref(), Some("admin"));
    assert_eq!(p.ratelimits.len(), 2);
    assert_eq!(p.ratelimits[1].cost, Some(3));
    assert_eq!(
        (p.credits, p.tags.clone()),
        (Some(2), vec!["a=b".to_string()])
    );
    let rl = g.policy(3).ratelimit.clone().unwrap();
    assert_eq!(rl.by, LimitBy::Header("X-Tenant".into()));
    assert_eq!((rl.limit, rl.duration_ms, rl.cost), (10, 60_000, Some(2)));
    // A public route limits by IP unless told otherwise; methods may be a list.
    assert_eq!(g.policy(4).ratelimit.clone().unwrap().by, LimitBy::Ip);
    assert_eq!(g.resolve("PUT", "/ip"), Ok(4));
    assert_eq!(g.resolve("GET", "/ip"), Ok(g.fallback_route()));
    // The fallback defaults to "any valid key".
    assert!(g.policy(g.fallback_route()).protection().is_some());
    assert_eq!(
        Guard::from_json(r#"{"fallback":"deny","failOpen":true}"#)
            .unwrap()
            .policy(0)
            .access,
        Access::Deny
    );
}

#[test]
fn bad_json_options_name_every_problem() {
    let e = Guard::from_json(
        r#"{"routes":[{"path":3},{"path":"/x","public":"yes","ratelimit":{"namespace":"n","limit":-1,"duration":60000,"by":"moon"}}],
            "key":7,"fallback":"maybe","headers":{"meta":{"plan":1}}}"#,
    )
    .unwrap_err()
    .0;
    for part in [
        "options.routes[0].path must be a string",
        "options.routes[1].public must be true or false",
        "options.routes[1].ratelimit.limit must be a whole number",
        "options.routes[1].ratelimit.by must be",
        "options.key must be",
        "options.fallback must be",
        "options.headers.meta.plan must be a header name",
    ] {
        assert!(e.contains(part), "{part} not in: {e}");
    }
    assert!(Guard::from_json("[]").is_err());
    assert!(Guard::from_json("not json").is_err());
    // What the builder checks is reported too (a rate limit under 1 s).
    let e = Guard::from_json(
        r#"{"routes":[{"path":"/x","ratelimit":{"namespace":"n","limit":1,"duration":10}}]}"#,
    )
    .unwrap_err();
    assert!(e.0.contains("duration >= 1000"), "{}", e.0);
}

/// A misspelt option was ignored: `permission` dropped the permission check (any valid key
/// passed the admin route) and `methods` made a GET-only public route public for every method.
/// Such options, and protection options on a public or deny route, are refused.
#[test]
fn misspelt_and_contradictory_options_are_refused() {
    for (json, part) in [
        (
            r#"{"routes":[{"path":"/admin/*","permission":"admin"}]}"#,
            "options.routes[0].permission is not an option",
        ),
        (
            r#"{"routes":[{"methods":["GET"],"path":"/public/*","public":true}]}"#,
            "options.routes[0].methods is not an option",
        ),
        (
            r#"{"routes":[{"path":"/x","ratelimits":[{"name":"req","costs":2}]}]}"#,
            "options.routes[0].ratelimits[0].costs is not an option",
        ),
        (
            r#"{"routes":[{"path":"/x","public":true,"ratelimit":{"namespace":"n","limit":1,"duration":1000,"by":{"headr":"X-T"}}}]}"#,
            "options.routes[0].ratelimit.by.headr is not an option",
        ),
        (
            r#"{"routes":[{"path":"/x","ratelimit":{"namespace":"n","limit":1,"duration":1000,"per":"ip"}}]}"#,
            "options.routes[0].ratelimit.per is not an option",
        ),
        (
            r#"{"fallback":{"permisions":"admin"}}"#,
            "options.fallback.permisions is not an option",
        ),
        (
            r#"{"fallback":{"path":"/x"}}"#,
            "options.fallback.path is not an option",
        ),
        (
            r#"{"headers":{"identityHeader":"X-User"}}"#,
            "options.headers.identityHeader is not an option",
        ),
        (
            r#"{"key":{"name":"X-API-Key"}}"#,
            "options.key.name is not an option",
        ),
        (r#"{"failopen":true}"#, "options.failopen is not an option"),
        (
            r#"{"routes":[{"path":"/admin/*","public":true,"permissions":"admin"}]}"#,
            "options.routes[0] is public or deny",
        ),
        (
            r#"{"routes":[{"path":"/x","deny":true,"credits":1}]}"#,
            "options.routes[0] is public or deny",
        ),
        (
            r#"{"routes":[{"path":"/x","deny":true,"public":true}]}"#,
            "options.routes[0] cannot be both public and deny",
        ),
    ] {
        let e = Guard::from_json(json).map(|_| ()).unwrap_err().0;
        assert!(e.contains(part), "{part} not in: {e}");
    }
    // Every option of the README's and the examples' routes is known; a public route may keep a
    // standalone limit (by IP) and fail-open/deadline/cache settings.
    assert!(Guard::from_json(OPTIONS).is_ok());
    assert!(Guard::from_json(
        r#"{"routes":[{"path":"/s","public":true,"failOpen":true,"deadlineMs":100,"cache":false,"method":null,
            "ratelimit":{"namespace":"n","limit":1,"duration":1000,"cost":1,"by":"ip"}}],
            "fallback":{"permissions":"a","credits":1,"tags":["t"],"ratelimits":["rl1"],"failOpen":false,"deadlineMs":5,"cache":true}}"#
    )
    .is_ok());
}

/// Headers of one request, by lower-case name.
fn headers(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| (*v).to_string())
    }
}

fn start(
    g: &Guard,
    method: &str,
    target: &str,
    h: &dyn Fn(&str) -> Option<String>,
    ip: Option<&str>,
) -> Check {
    let mut incoming = Incoming::new(method, target, h);
    incoming.ip = ip;
    incoming.random = 0x0123_4567_89ab_cdef;
    g.check(&incoming, NOW)
}

fn verify_answer(valid: bool, code: &str) -> String {
    format!(
        r#"{{"meta":{{"requestId":"req_u"}},"data":{{"valid":{valid},"code":"{code}","keyId":"key_1",
            "identity":{{"externalId":"ext_1","id":"id_1"}},"meta":{{"plan":{{"tier":2}},"other":"x"}},
            "ratelimits":[{{"id":"rl","name":"req","limit":10,"remaining":3,"reset":{},"exceeded":false,"autoApply":true}}]}}}}"#,
        NOW + 1500.0
    )
}

#[test]
fn a_valid_key_is_verified_then_forwarded_with_what_the_answer_says() {
    let g = json_guard();
    let h = headers(&[("x-api-key", " sk_1 "), ("x-unkey-key-id", "key_forged")]);
    let mut c = start(&g, "GET", "/admin/x?y=1", &h, None);
    assert_eq!(c.request_id(), "guard_0123456789abcdef");
    let Step::Verify {
        request,
        deadline_ms,
        cache,
    } = g.next(&mut c)
    else {
        panic!("verify first")
    };
    // The route said `cache: false`: the client's verification cache must not answer.
    assert!(!cache);
    // The core writes the request from the route: permissions, named limits, credits, tags.
    assert_eq!(
        request,
        r#"{"key":"sk_1","permissions":"admin","ratelimits":[{"name":"req"},{"name":"heavy","cost":3}],"credits":{"cost":2},"tags":["a=b"]}"#
    );
    assert_eq!(deadline_ms, DEFAULT_DEADLINE_MS);
    c.verified(&verify_answer(true, "VALID"), &g);
    let Step::Done(d) = g.next(&mut c) else {
        panic!("done")
    };
    let f = d.as_forward().unwrap();
    assert_eq!(f.verdict, Verdict::Verified);
    assert_eq!(header(&f.request_headers, "x-unkey-key-id"), Some("key_1"));
    assert_eq!(
        header(&f.request_headers, "x-unkey-identity"),
        Some("ext_1")
    );
    assert_eq!(
        header(&f.request_headers, "x-unkey-plan"),
        Some(r#"{"tier":2}"#)
    );
    assert_eq!(
        header(&f.response_headers, "ratelimit-remaining"),
        Some("3")
    );
    // Done stays done.
    assert!(matches!(g.next(&mut c), Step::Done(_)));
    // Neither the check nor a verification step ever shows the caller's key.
    let mut c = start(&g, "GET", "/admin/x", &h, None);
    let step = g.next(&mut c);
    let shown = format!("{step:?} {step:#?} {c:?} {c:#?}");
    assert!(!shown.contains("sk_1"), "{shown}");
}

#[test]
fn each_verdict_and_failure_reaches_its_answer_through_the_steps() {
    let g = json_guard();
    let h = headers(&[("x-api-key", "sk_1")]);
    for (answer, status) in [
        (verify_answer(false, "NOT_FOUND"), 401),
        (verify_answer(false, "DISABLED"), 403),
        (verify_answer(false, "USAGE_EXCEEDED"), 402),
        // Garbled or ambiguous: never a pass.
        (verify_answer(false, "VALID"), 503),
        (verify_answer(true, "NOT_FOUND"), 503),
        (
            r#"{"meta":{"requestId":"r"},"data":{"valid":"true","code":"VALID"}}"#.into(),
            503,
        ),
        (
            r#"{"meta":{"requestId":"r"},"data":{"valid":true,"code":["VALID"]}}"#.into(),
            503,
        ),
        (r#"{"meta":{"requestId":"r"}}"#.into(), 503),
        ("not json".into(), 503),
    ] {
        let mut c = start(&g, "GET", "/api/x", &h, None);
        assert!(matches!(g.next(&mut c), Step::Verify { .. }));
        c.verified(&answer, &g);
        let Step::Done(d) = g.next(&mut c) else {
            panic!()
        };
        assert_eq!(d.as_deny().map(|d| d.status), Some(status), "{answer}");
    }
    // Failures: /api/* fails open, but only when Unkey was unreachable.
    for (kind, status, forwarded) in [
        ("network", None, true),
        ("timeout", None, true),
        ("api", Some(503), true),
        ("api", Some(429), false),
        ("api", Some(500), false),
        ("decode", Some(200), false),
        ("api", Some(401), false),
    ] {
        let mut c = start(&g, "GET", "/api/x", &h, None);
        assert!(matches!(g.next(&mut c), Step::Verify { .. }));
        c.failed(kind, status);
        let Step::Done(d) = g.next(&mut c) else {
            panic!()
        };
        assert_eq!(d.as_forward().is_some(), forwarded, "{kind} {status:?}");
    }
}

#[test]
fn no_key_no_call_and_refusals_answer_at_once() {
    let g = json_guard();
    let none = headers(&[]);
    let mut c = start(&g, "GET", "/api/x", &none, None);
    let Step::Done(d) = g.next(&mut c) else {
        panic!("no call without a key")
    };
    assert_eq!(d.as_deny().map(|d| d.code.as_str()), Some("MISSING_KEY"));
    for (target, code) in [
        ("/public/..;/admin", "BAD_PATH"),
        ("/public/x?_method=DELETE", "METHOD_OVERRIDE"),
    ] {
        let mut c = start(&g, "GET", target, &none, None);
        let Step::Done(d) = g.next(&mut c) else {
            panic!()
        };
        assert_eq!(d.as_deny().map(|d| d.code.as_str()), Some(code));
    }
    let mut c = start(&g, "GET", "/public/x", &none, None);
    let Step::Done(d) = g.next(&mut c) else {
        panic!()
    };
    assert_eq!(d.as_forward().map(|f| f.verdict), Some(Verdict::Public));
    // cf-ray is the request id when there is one.
    let ray = headers(&[("cf-ray", "8d1f-SJC")]);
    assert_eq!(
        start(&g, "GET", "/public/x", &ray, None).request_id(),
        "8d1f-SJC"
    );
    assert_eq!(request_id(None, 255), "guard_00000000000000ff");
}

#[test]
fn standalone_limits_are_asked_and_read() {
    let g = json_guard();
    let h = headers(&[("x-tenant", " acme ")]);
    let mut c = start(&g, "GET", "/search", &h, Some("1.2.3.4"));
    let Step::Limit { request, .. } = g.next(&mut c) else {
        panic!("limit")
    };
    assert_eq!(
        request,
        r#"{"namespace":"search","identifier":"header:acme","limit":10,"duration":60000,"cost":2}"#
    );
    c.limited(&format!(
        r#"{{"meta":{{"requestId":"r"}},"data":{{"success":false,"limit":10,"remaining":0,"reset":{}}}}}"#,
        NOW + 2500.0
    ));
    let Step::Done(d) = g.next(&mut c) else {
        panic!()
    };
    let d = d.as_deny().unwrap();
    assert_eq!(
        (d.status, header(&d.headers, "retry-after")),
        (429, Some("3"))
    );
    // `success` that is not a boolean is garbled: 503, not a pass.
    let mut c = start(&g, "GET", "/search", &h, Some("1.2.3.4"));
    let _ = g.next(&mut c);
    c.limited(r#"{"meta":{"requestId":"r"},"data":{"success":"true","limit":10,"remaining":9,"reset":1}}"#);
    let Step::Done(d) = g.next(&mut c) else {
        panic!()
    };
    assert_eq!(d.as_deny().map(|d| d.status), Some(503));
    // By IP without the platform's IP: no call, and a refusal instead of a shared bucket.
    let mut c = start(&g, "POST", "/ip", &h, None);
    let Step::Done(d) = g.next(&mut c) else {
        panic!("no call")
    };
    assert_eq!(d.as_deny().map(|d| d.code.as_str()), Some("GUARD_ERROR"));
    let mut c = start(&g, "POST", "/ip", &h, Some("9.9.9.9"));
    let Step::Limit { request, .. } = g.next(&mut c) else {
        panic!()
    };
    assert!(request.contains(r#""identifier":"ip:9.9.9.9""#));
}

#[test]
fn steps_cross_to_js_as_one_string() {
    let g = json_guard();
    let h = headers(&[("x-api-key", "sk_1")]);
    let mut c = start(&g, "GET", "/api/x", &h, None);
    let parts = flat::encode_step(&g.next(&mut c));
    assert_eq!(parts[0], "verify");
    assert_eq!(parts[1], "500");
    assert_eq!(
        parts[3], "1",
        "routes may use the verification cache unless they say not"
    );
    let mut c = start(&g, "GET", "/admin/x", &h, None);
    assert_eq!(flat::encode_step(&g.next(&mut c))[3], "0");
    let mut c = start(&g, "GET", "/public/x", &headers(&[]), None);
    let parts = flat::encode_step(&g.next(&mut c));
    assert_eq!(&parts[..5], &["forward", "0", "public", "", "1"]);
    assert_eq!(
        flat::joined(&["a".into(), "b\u{0}c".into()]),
        "a\u{0}b\u{fffd}c"
    );
}

#[test]
fn an_ambiguous_verdict_is_never_forwarded() {
    let g = guard();
    // `valid` and `code` must agree; either alone is not a pass, on fail-open routes too.
    for (valid, code) in [
        (false, "VALID"),
        (true, "NOT_FOUND"),
        (true, "valid"),
        (true, ""),
    ] {
        let v = VerifyOutcome {
            valid,
            code: code.into(),
            key_id: Some("key_1".into()),
            ..Default::default()
        };
        for (method, path) in [("GET", "/api/x"), ("POST", "/open/x")] {
            let d = run(&g, method, path, &key(), Some(Ok(&v)), None);
            let deny = d
                .as_deny()
                .unwrap_or_else(|| panic!("{valid} {code} {path}"));
            if v.is_ambiguous() {
                assert_eq!(
                    (deny.status, deny.code.as_str()),
                    (503, "UNKEY_UNAVAILABLE")
                );
            }
        }
    }
}

#[test]
fn only_unreachable_fails_open() {
    let g = guard();
    let d = run(
        &g,
        "POST",
        "/open/x",
        &key(),
        Some(Err(Failure::Unusable)),
        None,
    );
    let d = d.as_deny().unwrap();
    assert_eq!((d.status, d.code.as_str()), (503, "UNKEY_UNAVAILABLE"));
    // And from the client's error kinds and statuses, end to end through the classification:
    // Unkey's 429 (an attacker can spend the workspace limit), a 500, a garbled body.
    for (kind, status) in [
        ("api", Some(429)),
        ("api", Some(500)),
        ("decode", Some(200)),
    ] {
        let f = Failure::from_kind(kind, status);
        let d = run(&g, "POST", "/open/x", &key(), Some(Err(f)), None);
        assert!(d.as_forward().is_none(), "{kind} {status:?}");
    }
    for (kind, status) in [("network", None), ("timeout", None), ("api", Some(503))] {
        let f = Failure::from_kind(kind, status);
        let d = run(&g, "POST", "/open/x", &key(), Some(Err(f)), None);
        assert_eq!(d.as_forward().map(|f| f.verdict), Some(Verdict::FailOpen));
    }
}

#[test]
fn underscore_and_case_variants_are_stripped() {
    let g = Guard::builder()
        .key_source(KeySource::Header("X-API-Key".into()))
        .build()
        .unwrap();
    for h in [
        "X_Unkey_Key_Id",
        "x_unkey_guard",
        "X-Unkey_Identity",
        "x_api_key",
        "X_API-KEY",
        "X-HTTP-Method-Override",
        "x_http_method_override",
        "X-HTTP-Method",
        "x-method-override",
        // Path overrides: IIS-era origins serve X-Original-URL's path instead of the request's.
        "X-Original-URL",
        "x_original_url",
        "X-Rewrite-Url",
        "x_rewrite_url",
    ] {
        assert!(g.strips(h), "{h}");
    }
    for h in [
        "x_unke",
        "x-api-keys",
        "x_apikey",
        "content_type",
        "x-original-urls",
        "x-original",
    ] {
        assert!(!g.strips(h), "{h}");
    }
}

#[test]
fn a_method_override_in_the_query_is_refused() {
    let g = guard();
    for target in [
        "/public/a?_method=DELETE",
        "/public/a?x=1&_method=delete",
        "/public/a?x=1;_method=PUT",
        "/public/a?%5Fmethod=POST",
        "/public/a?_METHOD=post",
        "/public/a?_method=%zz",
        // PHP reads a `.` or a space in a name as `_`: Laravel takes these for `_method`.
        "/public/a?.method=DELETE",
        "/public/a?%2Emethod=DELETE",
        "/public/a?x=1&.Method=PUT",
        "/public/a?%20.METHOD=PATCH",
    ] {
        assert_eq!(
            g.resolve("GET", target),
            Err(Refused::MethodOverride),
            "{target}"
        );
    }
    // The same method, an empty value, or a name that only looks alike: nothing overridden.
    for target in [
        "/public/a?_method=GET",
        "/public/a?_method=",
        "/public/a?_methods=DELETE",
        "/public/a?x=_method",
        "/public/a?method=DELETE",
        "/public/a?__method=DELETE",
        "/public/a?+method=DELETE",
        "/public/a?_meth.od=DELETE",
    ] {
        assert_eq!(g.resolve("GET", target), Ok(0), "{target}");
    }
    // A fragment is no part of a request target: refused as a path, whatever it holds.
    assert_eq!(
        g.resolve("GET", "/public/a#_method=DELETE"),
        Err(Refused::Path)
    );
    // Path refusals come first and keep their own code.
    assert_eq!(
        g.resolve("GET", "/public/..;/admin?_method=GET"),
        Err(Refused::Path)
    );
    assert_eq!(g.resolve("GET", "/public/..;/admin/x"), Err(Refused::Path));
}

#[test]
fn a_denied_identifier_is_refused_locally_until_its_window_resets() {
    let g = json_guard();
    let h = headers(&[]);
    let reset = NOW + 30_000.0;
    let at = |now: f64, ip: &'static str| {
        let mut incoming = Incoming::new("POST", "/ip", &h);
        incoming.ip = Some(ip);
        g.check(&incoming, now)
    };
    // Unkey denies 9.9.9.9 once.
    let mut c = at(NOW, "9.9.9.9");
    assert!(matches!(g.next(&mut c), Step::Limit { .. }));
    c.limited(&format!(
        r#"{{"meta":{{"requestId":"r"}},"data":{{"success":false,"limit":1,"remaining":0,"reset":{reset}}}}}"#
    ));
    let Step::Done(d) = g.next(&mut c) else {
        panic!("decided")
    };
    assert_eq!(d.as_deny().map(|d| d.status), Some(429));
    // Until the reset, the same identifier is refused with no call; others still ask.
    let mut c = at(reset - 1.0, "9.9.9.9");
    let Step::Done(d) = g.next(&mut c) else {
        panic!("refused without asking Unkey")
    };
    let d = d.as_deny().unwrap();
    assert_eq!(d.status, 429);
    assert!(d
        .headers
        .iter()
        .any(|(k, v)| k == "RateLimit-Remaining" && v == "0"));
    assert!(matches!(
        g.next(&mut at(NOW, "8.8.8.8")),
        Step::Limit { .. }
    ));
    // A clone shares what the guard remembers.
    assert!(matches!(
        g.clone().next(&mut at(NOW, "9.9.9.9")),
        Step::Done(_)
    ));
    // From the reset on, it asks again; an allowed answer is not remembered.
    let mut c = at(reset, "9.9.9.9");
    assert!(matches!(g.next(&mut c), Step::Limit { .. }));
    c.limited(&format!(
        r#"{{"meta":{{"requestId":"r"}},"data":{{"success":true,"limit":1,"remaining":0,"reset":{}}}}}"#,
        reset + 30_000.0
    ));
    assert!(matches!(g.next(&mut c), Step::Done(_)));
    assert!(matches!(
        g.next(&mut at(reset + 1.0, "9.9.9.9")),
        Step::Limit { .. }
    ));
}

/// A verified identity whose forwarded headers would not fit in what origins accept (round 2:
/// a 1 MB meta value became a 1 MB header, and the origin answered 431) is not forwarded at all:
/// neither whole nor cut (a cut or dropped value is not what Unkey said), but refused as the
/// operator's problem (500 `IDENTITY_TOO_LARGE`), measured as sent (percent-encoded).
#[test]
fn identity_headers_over_the_bound_are_refused_not_forwarded() {
    let g = guard();
    // Names and the other values: X-Unkey-Key-Id key_123, X-Unkey-Identity user_42, X-Unkey-Plan.
    let fixed = "X-Unkey-Key-Id".len()
        + "key_123".len()
        + "X-Unkey-Identity".len()
        + "user_42".len()
        + "X-Unkey-Plan".len();
    let with_plan = |plan: String| {
        let mut v = ok("VALID");
        v.meta = vec![("plan".into(), plan)];
        v
    };
    let fits = with_plan("p".repeat(MAX_IDENTITY_HEADER_BYTES - fixed));
    let d = run(&g, "GET", "/admin/x", &key(), Some(Ok(&fits)), None);
    let f = d.as_forward().expect("exactly at the bound is forwarded");
    assert_eq!(
        header(&f.request_headers, "x-unkey-plan").map(str::len),
        Some(MAX_IDENTITY_HEADER_BYTES - fixed)
    );
    for (what, v) in [
        (
            "one byte over",
            with_plan("p".repeat(MAX_IDENTITY_HEADER_BYTES - fixed + 1)),
        ),
        ("a megabyte", with_plan("p".repeat(1 << 20))),
        // 1,000 é are 2,000 bytes of UTF-8 but 6,000 as sent (%C3%A9).
        ("short but long encoded", with_plan("é".repeat(1000))),
        (
            "a long external id",
            VerifyOutcome {
                external_id: Some("u".repeat(MAX_IDENTITY_HEADER_BYTES)),
                ..ok("VALID")
            },
        ),
    ] {
        let d = run(&g, "GET", "/admin/x", &key(), Some(Ok(&v)), None);
        let deny = d.as_deny().unwrap_or_else(|| panic!("{what}: forwarded"));
        assert_eq!(
            (deny.status, deny.code.as_str()),
            (500, "IDENTITY_TOO_LARGE"),
            "{what}"
        );
        assert!(deny.body.len() < 1024, "{what}: the value is not echoed");
        assert_eq!(body(deny)["code"], "IDENTITY_TOO_LARGE", "{what}");
        // The detail (also the operator's `onError` message) states the bound there is.
        assert_eq!(body(deny)["detail"], IDENTITY_TOO_LARGE_DETAIL, "{what}");
    }
    assert!(IDENTITY_TOO_LARGE_DETAIL.contains(&cat(&[
        " ",
        &num(MAX_IDENTITY_HEADER_BYTES as u64),
        " bytes"
    ])));
}
