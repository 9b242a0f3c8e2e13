//! analytics.getVerifications, as the real server answers it without ClickHouse (unkeyed/unkey
//! at fc99b6b9, `svc/api/routes/v2_analytics_get_verifications/*_test.go`,
//! internal/services/analytics). The code and wording are ours.
#![allow(
    non_snake_case,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::json;

const Q: &str = "SELECT COUNT(*) FROM key_verifications_v1";

/// 412_test.go: analytics not configured is a 412, after the permission check.
#[test]
fn get_verifications__analytics_not_configured() {
    let s = Server::start(&["--root-key", "rk_one=api.api_x.read_analytics"]);
    for root in [common::ROOT, "rk_one"] {
        let r = s.post_as(
            "/v2/analytics.getVerifications",
            Some(root),
            &json!({"query": Q}),
        );
        assert_eq!(r.status, 412, "{root}");
        let e = &r.json()["error"];
        assert_eq!(
            e["type"],
            "https://unkey.com/docs/errors/unkey/data/analytics_not_configured"
        );
        assert_eq!(
            e["detail"],
            "Analytics are not configured for this instance"
        );
        assert_eq!(e["title"], "Precondition Failed");
    }
}

/// 403_test.go: a root key without `read_analytics` on any API.
#[test]
fn get_verifications__insufficient_permissions() {
    let s = Server::start(&["--root-key", "rk=api.*.read_api"]);
    let r = s.post_as(
        "/v2/analytics.getVerifications",
        Some("rk"),
        &json!({"query": Q}),
    );
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["error"]["detail"],
        "Missing permission: 'api.*.read_analytics'"
    );
}

/// The body is validated first and the root key after it, as on every route.
#[test]
fn get_verifications__validation_and_authentication() {
    let s = Server::start(&[]);
    let r = s.call("analytics.getVerifications", json!({}));
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["error"]["detail"],
        "POST request body for '/v2/analytics.getVerifications' failed to validate schema"
    );
    let r = s.post_as(
        "/v2/analytics.getVerifications",
        Some("unknown_root"),
        &json!({"query": Q}),
    );
    assert_eq!(r.status, 401);
}
