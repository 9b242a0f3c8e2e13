use serde_json::{json, Value};

use crate::error::{ApiError, Error, TransportError, TransportErrorKind};

fn decode(status: u16, body: &str) -> ApiError {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    ApiError::from_response(status, parsed.as_ref().as_ref(), body)
}

fn envelope(status: u16, tail: &str, title: &str) -> String {
    json!({
        "meta": {"requestId": "req_abc"},
        "error": {"title": title, "detail": "details here", "status": status,
                  "type": format!("https://unkey.com/docs/errors/{tail}")}
    })
    .to_string()
}

#[test]
fn decodes_every_status_family() {
    for (status, tail) in [
        (400, "unkey/application/invalid_input"),
        (401, "unkey/authentication/key_not_found"),
        (403, "unkey/authorization/insufficient_permissions"),
        (404, "unkey/data/key_not_found"),
        (409, "unkey/data/identity_already_exists"),
        (410, "unkey/data/ratelimit_namespace_gone"),
        (412, "unkey/application/precondition_failed"),
        (429, "user/too_many_requests/workspace_rate_limited"),
        (500, "unkey/application/unexpected_error"),
        (503, "unkey/data/analytics_connection_failed"),
    ] {
        let e = decode(status, &envelope(status, tail, "Title"));
        assert_eq!(e.status, status);
        assert_eq!(e.type_tail(), tail);
        assert_eq!(e.request_id.as_deref(), Some("req_abc"));
        assert_eq!(e.detail, "details here");
        assert_eq!(e.body, None);
        let err = Error::from(e);
        assert_eq!(err.kind(), "api");
        assert_eq!(err.status(), Some(status));
        assert_eq!(err.error_type_tail(), Some(tail));
        assert_eq!(err.is_retryable(), status >= 500 || status == 429);
    }
}

#[test]
fn decodes_validation_details() {
    let body = json!({
        "meta": {"requestId": "req_1"},
        "error": {"title": "Bad Request", "detail": "invalid", "status": 400,
                  "type": "https://unkey.com/docs/errors/unkey/application/invalid_input",
                  "errors": [{"location": "body.name", "message": "too short", "fix": "longer"},
                             {"location": "body.x", "message": "unknown"}, 7]}
    });
    let e = decode(400, &body.to_string());
    assert_eq!(e.errors.len(), 3);
    assert_eq!(e.errors[0].location, "body.name");
    assert_eq!(e.errors[0].fix.as_deref(), Some("longer"));
    assert_eq!(e.errors[1].fix, None);
    let line = Error::from(e).to_string();
    assert_eq!(
        line,
        "api error 400 (unkey/application/invalid_input): invalid; body.name too short [req_1]"
    );
}

#[test]
fn old_type_prefixes_still_match() {
    let e = decode(
        401,
        &envelope(401, "x", "t").replace(
            "https://unkey.com/docs/errors/x",
            "https://unkey.com/docs/api-reference/errors-v2/unkey/authentication/key_not_found",
        ),
    );
    assert_eq!(e.type_tail(), "unkey/authentication/key_not_found");
    let short = ApiError {
        error_type: "a/b".into(),
        ..ApiError::default()
    };
    assert_eq!(short.type_tail(), "a/b");
}

#[test]
fn non_envelope_bodies_keep_a_snippet() {
    let html = format!("<html>{}</html>", "é".repeat(2_000));
    let e = decode(502, &html);
    assert_eq!(e.status, 502);
    assert!(e.error_type.is_empty());
    let body = e.body.clone().unwrap();
    assert!(body.len() <= 1024 && body.starts_with("<html>"));
    let err = Error::from(e);
    assert_eq!(err.error_type_tail(), None);
    assert!(err.to_string().starts_with("api error 502: <html>"));
    // JSON that is not an envelope, and an unknown future shape
    let e = decode(500, r#"{"message":"boom","meta":{"requestId":"req_9"}}"#);
    assert_eq!(e.request_id.as_deref(), Some("req_9"));
    assert!(e.body.unwrap().contains("boom"));
    let e = decode(500, r#"{"error":"string"}"#);
    assert!(e.body.is_some());
    let e = decode(400, "");
    assert_eq!(e.body.as_deref(), Some(""));
}

#[test]
fn display_is_one_lowercase_line_without_secrets() {
    let e = decode(500, "line one\nline two");
    let s = Error::from(e).to_string();
    assert!(!s.contains('\n'));
    let t = Error::Transport(TransportError::new(
        TransportErrorKind::Timeout,
        "after 5000 ms",
    ));
    assert_eq!(t.to_string(), "request timed out: after 5000 ms");
    assert_eq!(t.kind(), "timeout");
    assert!(t.is_timeout() && t.is_retryable());
    let n = Error::Transport(TransportError::new(
        TransportErrorKind::Connection,
        "refused",
    ));
    assert_eq!(n.kind(), "network");
    let a = Error::Transport(TransportError::new(TransportErrorKind::Aborted, ""));
    assert_eq!(a.kind(), "aborted");
    assert!(!a.is_retryable());
    let d = Error::Decode {
        status: 200,
        request_id: Some("req_1".into()),
        message: "data is missing".into(),
    };
    assert_eq!(
        (d.kind(), d.status(), d.request_id()),
        ("decode", Some(200), Some("req_1"))
    );
    assert_eq!(Error::Config("x".into()).kind(), "config");
}

#[test]
fn error_is_send_sync_and_small() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Error>();
    assert!(core::mem::size_of::<Error>() <= 80);
}

#[test]
fn predicates_name_each_kind_and_status() {
    let api = |status| Error::from(decode(status, "{}"));
    let all = |e: &Error| {
        [
            e.is_api(),
            e.is_not_found(),
            e.is_unauthorized(),
            e.is_forbidden(),
            e.is_rate_limited(),
            e.is_timeout(),
            e.is_connect(),
            e.is_network(),
            e.is_aborted(),
            e.is_validation(),
            e.is_decode(),
            e.is_config(),
        ]
    };
    let t = |kind| Error::Transport(TransportError::new(kind, "x"));
    let cases: [(Error, [bool; 12]); 11] = [
        (
            api(404),
            [
                true, true, false, false, false, false, false, false, false, false, false, false,
            ],
        ),
        (
            api(401),
            [
                true, false, true, false, false, false, false, false, false, false, false, false,
            ],
        ),
        (
            api(403),
            [
                true, false, false, true, false, false, false, false, false, false, false, false,
            ],
        ),
        (
            api(429),
            [
                true, false, false, false, true, false, false, false, false, false, false, false,
            ],
        ),
        (
            api(500),
            [
                true, false, false, false, false, false, false, false, false, false, false, false,
            ],
        ),
        (
            t(TransportErrorKind::Timeout),
            [
                false, false, false, false, false, true, false, false, false, false, false, false,
            ],
        ),
        (
            t(TransportErrorKind::Connect),
            [
                false, false, false, false, false, false, true, true, false, false, false, false,
            ],
        ),
        (
            t(TransportErrorKind::Connection),
            [
                false, false, false, false, false, false, false, true, false, false, false, false,
            ],
        ),
        (
            t(TransportErrorKind::Aborted),
            [
                false, false, false, false, false, false, false, false, true, false, false, false,
            ],
        ),
        (
            Error::Decode {
                status: 200,
                request_id: None,
                message: "x".into(),
            },
            [
                false, false, false, false, false, false, false, false, false, false, true, false,
            ],
        ),
        (
            Error::Config("x".into()),
            [
                false, false, false, false, false, false, false, false, false, false, false, true,
            ],
        ),
    ];
    for (e, want) in &cases {
        assert_eq!(&all(e), want, "{e:?}");
    }
    let v = crate::schema::validate(
        <crate::models::GetKeyRequest as crate::schema::Schema>::SHAPE,
        &&serde_json::json!({}),
    )
    .unwrap_err();
    assert!(Error::from(v).is_validation());
}

#[test]
fn transport_errors_keep_their_cause_without_printing_secrets() {
    use core::error::Error as _;
    let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused by peer");
    let t = TransportError::new(TransportErrorKind::Connect, "connect failed").with_source(io);
    assert_eq!(
        t,
        TransportError::new(TransportErrorKind::Connect, "connect failed")
    );
    let e = Error::Transport(t.clone());
    let cause = e.source().unwrap();
    assert_eq!(cause.to_string(), "refused by peer");
    assert_eq!(
        cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind),
        Some(std::io::ErrorKind::ConnectionRefused)
    );
    assert_eq!(
        t.source().map(ToString::to_string).as_deref(),
        Some("refused by peer")
    );
    assert_eq!(e.to_string(), "network error: connect failed");
    let debug = format!("{e:?}");
    assert!(
        debug.contains("refused by peer") && debug.contains("Connect"),
        "{debug}"
    );
    assert!(
        Error::Transport(TransportError::new(TransportErrorKind::Timeout, "x"))
            .source()
            .is_none()
    );
    let _: &dyn core::error::Error = &ApiError::default();
}
