use crate::retry::*;

fn state(class: RetryClass, attempts: u32, outcome: Outcome<'_>) -> State<'_> {
    State {
        class,
        attempts,
        outcome,
        elapsed_ms: 10.0,
        remaining_ms: Some(4_000.0),
        jitter: 0.5,
    }
}

fn retries(class: RetryClass, outcome: Outcome<'_>) -> bool {
    matches!(
        decide(&Retries::default(), &state(class, 1, outcome)),
        Decision::RetryAfter(_)
    )
}

#[test]
fn idempotent_operations_retry_5xx_timeouts_and_connection_errors() {
    use RetryClass::Idempotent as I;
    for status in [500, 502, 503, 504, 520, 521, 522, 523, 524, 525, 526, 408] {
        assert!(
            retries(
                I,
                Outcome::Status {
                    status,
                    retry_after: None
                }
            ),
            "{status}"
        );
    }
    assert!(retries(I, Outcome::Connection));
    assert!(retries(I, Outcome::Connect));
    assert!(retries(I, Outcome::Timeout));
    for status in [400, 401, 403, 404, 409, 410, 412, 422] {
        assert!(
            !retries(
                I,
                Outcome::Status {
                    status,
                    retry_after: None
                }
            ),
            "{status}"
        );
    }
    assert!(!retries(I, Outcome::Aborted));
    // A redirect is never followed, nor retried.
    for status in [300, 301, 302, 303, 307, 308] {
        for class in [I, RetryClass::AtMostOnce] {
            let o = Outcome::Status {
                status,
                retry_after: None,
            };
            assert!(!retries(class, o), "{status}");
        }
    }
}

#[test]
fn spending_operations_retry_only_when_the_request_did_not_run() {
    use RetryClass::AtMostOnce as A;
    assert!(retries(A, Outcome::Connect), "never sent: safe");
    assert!(
        !retries(A, Outcome::Connection),
        "maybe sent: may have spent"
    );
    // Cloudflare could not connect to the API: the request never reached it.
    for status in [521, 523, 525, 526] {
        let o = Outcome::Status {
            status,
            retry_after: None,
        };
        assert!(retries(A, o), "{status}");
    }
    // Unkey's server never sends 502/503/504 for these operations: they come from something in
    // between, which may have passed the request on.
    for status in [502, 503, 504, 520, 522, 524, 500, 501, 599] {
        let o = Outcome::Status {
            status,
            retry_after: None,
        };
        assert!(!retries(A, o), "{status}");
    }
    assert!(
        !retries(A, Outcome::Timeout),
        "a timed-out verify may have spent"
    );
    assert!(!retries(
        A,
        Outcome::Status {
            status: 500,
            retry_after: None
        }
    ));
    assert!(!retries(
        A,
        Outcome::Status {
            status: 504,
            retry_after: None
        }
    ));
    assert!(!retries(
        A,
        Outcome::Status {
            status: 408,
            retry_after: None
        }
    ));
}

#[test]
fn too_many_requests_needs_retry_after() {
    for class in [RetryClass::Idempotent, RetryClass::AtMostOnce] {
        assert!(!retries(
            class,
            Outcome::Status {
                status: 429,
                retry_after: None
            }
        ));
        assert!(!retries(
            class,
            Outcome::Status {
                status: 429,
                retry_after: Some("soon")
            }
        ));
        let d = decide(
            &Retries::default(),
            &state(
                class,
                1,
                Outcome::Status {
                    status: 429,
                    retry_after: Some("2"),
                },
            ),
        );
        assert_eq!(d, Decision::RetryAfter(2_000));
    }
}

#[test]
fn retry_after_past_the_deadline_stops() {
    let mut s = state(
        RetryClass::Idempotent,
        1,
        Outcome::Status {
            status: 503,
            retry_after: Some("5"),
        },
    );
    s.remaining_ms = Some(4_999.0);
    assert_eq!(decide(&Retries::default(), &s), Decision::Stop);
    s.remaining_ms = None;
    assert_eq!(decide(&Retries::default(), &s), Decision::RetryAfter(5_000));
}

#[test]
fn backoff_grows_is_capped_and_jittered() {
    let b = Backoff {
        initial_interval_ms: 100,
        max_interval_ms: 1_000,
        exponent: 2.0,
        max_elapsed_ms: 60_000,
        max_attempts: 10,
    };
    let r = Retries::Backoff(b);
    let wait = |attempts: u32, jitter: f64| {
        let mut s = state(RetryClass::Idempotent, attempts, Outcome::Connection);
        s.jitter = jitter;
        s.remaining_ms = None;
        decide(&r, &s)
    };
    assert_eq!(wait(1, 0.999_999), Decision::RetryAfter(99));
    assert_eq!(wait(2, 0.999_999), Decision::RetryAfter(199));
    assert_eq!(wait(3, 0.5), Decision::RetryAfter(200));
    assert_eq!(
        wait(9, 0.999_999),
        Decision::RetryAfter(999),
        "capped at max_interval"
    );
    assert_eq!(
        wait(2, 0.0),
        Decision::RetryAfter(0),
        "full jitter reaches zero"
    );
    assert_eq!(wait(10, 0.5), Decision::Stop, "max_attempts reached");
    assert_eq!(
        wait(1, f64::NAN),
        Decision::RetryAfter(50),
        "bad jitter is tamed"
    );
}

#[test]
fn deadline_and_elapsed_limits_stop() {
    let mut s = state(RetryClass::Idempotent, 1, Outcome::Connection);
    s.jitter = 0.999;
    s.remaining_ms = Some(10.0);
    assert_eq!(
        decide(&Retries::default(), &s),
        Decision::Stop,
        "pause would reach the deadline"
    );
    s.remaining_ms = Some(0.0);
    assert_eq!(decide(&Retries::default(), &s), Decision::Stop);
    let mut s = state(RetryClass::Idempotent, 1, Outcome::Connection);
    s.elapsed_ms = 10_000.0;
    assert_eq!(
        decide(&Retries::default(), &s),
        Decision::Stop,
        "max_elapsed reached"
    );
    assert_eq!(
        decide(
            &Retries::None,
            &state(RetryClass::Idempotent, 1, Outcome::Connection)
        ),
        Decision::Stop
    );
}

#[test]
fn defaults_are_documented_values() {
    assert_eq!(DEFAULT_TIMEOUT_MS, 5_000);
    assert_eq!(DEFAULT_MAX_ATTEMPTS, 3);
    let Retries::Backoff(b) = Retries::default() else {
        panic!()
    };
    assert_eq!(
        (
            b.initial_interval_ms,
            b.max_interval_ms,
            b.exponent,
            b.max_attempts
        ),
        (50, 1_000, 1.5, 3)
    );
}

#[test]
fn parses_retry_after_seconds_only() {
    assert_eq!(parse_retry_after("3"), Some(3_000));
    assert_eq!(parse_retry_after(" 0.5 "), Some(500));
    assert_eq!(parse_retry_after("-1"), None);
    assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    assert_eq!(parse_retry_after("1e400"), None);
}
