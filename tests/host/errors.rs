//! Client-side validation, API errors and configuration, against a real unkey-local.

use crate::common::{Local, ROOT_KEY};
use std::time::Duration;
use unkey_edge::error::ValidationErrorKind;
use unkey_edge::models::*;
use unkey_edge::{Error, Unkey};

#[tokio::test]
async fn invalid_requests_never_leave_the_client() {
    let local = Local::start();
    let unkey = local.client();
    local.reset_counts().await;
    let err = unkey
        .keys()
        .verify_key(VerifyKeyRequest::new("k").tags((0..21).map(|i| format!("t{i}"))))
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.location, "body.tags");
    assert_eq!(v.kind, ValidationErrorKind::TooManyItems { max: 20 });
    assert_eq!(err.kind(), "validation");
    let err = unkey
        .keys()
        .create_key(CreateKeyRequest::new("api_1").prefix("no spaces"))
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: body.prefix may only contain letters, digits and _"
    );
    let err = unkey
        .ratelimit()
        .multi_limit(MultiLimitRequest::new([]))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "validation");
    assert_eq!(
        local.count("/v2/keys.verifyKey").await + local.count("/v2/keys.createKey").await,
        0
    );
    assert_eq!(local.count("/v2/ratelimit.multiLimit").await, 0);
}

#[tokio::test]
async fn the_server_agrees_with_the_validator_where_we_let_requests_through() {
    // A value our validator accepts must not be rejected by the server as invalid input.
    let local = Local::start();
    let unkey = local.client();
    let r = unkey
        .keys()
        .verify_key(
            VerifyKeyRequest::new("é".repeat(512))
                .tags(["a".repeat(512)])
                .migration_id(""),
        )
        .await
        .unwrap();
    assert_eq!(r.data.code, VerifyCode::NotFound);
}

#[tokio::test]
async fn bad_root_keys_are_api_errors_with_request_ids() {
    let local = Local::start();
    let wrong = local.client_with_key("unkey_not_a_real_root_key");
    let err = wrong
        .keys()
        .verify_key(VerifyKeyRequest::new("k"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(
        err.error_type_tail(),
        Some("unkey/authentication/key_not_found")
    );
    assert!(err.request_id().unwrap().starts_with("req_"));
    assert!(!err.is_retryable());
    assert!(err.is_api() && err.is_unauthorized() && !err.is_forbidden() && !err.is_not_found());
    let api = err.as_api().unwrap();
    let _: &dyn std::error::Error = api;
    assert!(!api.title.is_empty());
    let line = err.to_string();
    assert!(
        line.starts_with("api error 401 (unkey/authentication/key_not_found)"),
        "{line}"
    );
    assert!(!line.contains("unkey_not_a_real_root_key") && !line.contains('\n'));
}

#[tokio::test]
async fn liveness_needs_no_key_and_returns_a_message() {
    let local = Local::start();
    let res = local.client().liveness().await.unwrap();
    assert!(!res.data.message.is_empty());
    assert!(res.meta.request_id.starts_with("req_"));
}

#[tokio::test]
async fn builder_reports_the_first_config_error() {
    let e = Unkey::builder()
        .server_url("http://127.0.0.1:1")
        .build()
        .unwrap_err();
    assert_eq!(e.to_string(), "invalid configuration: root key is missing");
    let e = Unkey::builder()
        .root_key(ROOT_KEY)
        .timeout(Duration::ZERO)
        .server_url("nope")
        .build()
        .unwrap_err();
    assert!(e.to_string().contains("timeout"), "first error wins: {e}");
    let e = Unkey::new("").unwrap_err();
    assert_eq!(e.kind(), "config");
    let c = Unkey::new(ROOT_KEY).unwrap();
    assert!(!format!("{c:?}").contains(ROOT_KEY));
    assert!(format!("{c:?}").contains("redacted"));
}

#[tokio::test]
async fn connection_refused_is_a_network_error() {
    // Reserve a port, then close it so nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let unkey = Unkey::builder()
        .root_key(ROOT_KEY)
        .server_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new("key_123"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), "network");
    assert!(err.is_network() && err.is_connect() && !err.is_timeout() && !err.is_api());
    assert!(err.is_retryable());
    assert!(!err.to_string().contains(ROOT_KEY));
    assert!(!format!("{err:?}").contains(ROOT_KEY));
    // The cause is kept: reqwest's error, whose chain reaches the io::Error.
    let source = std::error::Error::source(&err).expect("a transport error keeps its cause");
    assert!(source.is::<reqwest::Error>(), "{source:?}");
    let mut refused = false;
    let mut cause = Some(source);
    while let Some(c) = cause {
        if let Some(io) = c.downcast_ref::<std::io::Error>() {
            refused |= io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        cause = c.source();
    }
    assert!(
        refused,
        "an io::Error ConnectionRefused in the chain of {err:?}"
    );
}

fn _assert_impls() {
    fn send_sync_clone<T: Send + Sync + Clone>() {}
    fn send<T: Send>(_: &T) {}
    send_sync_clone::<unkey_edge::Client>();
    send_sync_clone::<Error>();
    let c = Unkey::new("k").unwrap();
    send(&c.keys().verify_key(VerifyKeyRequest::new("k")));
    send(&c.apis().list_keys_stream(ListKeysRequest::new("a")));
    fn unpin<T: Unpin>(_: &T) {}
    unpin(&c.apis().list_keys_stream(ListKeysRequest::new("a")));
    unpin(
        &c.identities()
            .list_identities_stream(ListIdentitiesRequest::new()),
    );
    unpin(
        &c.permissions()
            .list_permissions_stream(ListPermissionsRequest::new()),
    );
    unpin(&c.permissions().list_roles_stream(ListRolesRequest::new()));
    unpin(
        &c.ratelimit()
            .list_overrides_stream(ListOverridesRequest::new("ns")),
    );
}
