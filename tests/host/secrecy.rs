//! The root key in no view of any error, of every kind the native client produces, nor in the
//! client's own `Debug`: errors come from a real unkey-local (refusing the key, faults).

use std::collections::BTreeSet;
use std::error::Error as _;

use crate::common::Local;
use serde_json::json;
use unkey_edge::models::*;
use unkey_edge::{CallOptions, Error, Retries, Unkey};

const SECRET: &str = "unkey_s3cr3ts3cr3ts3cr3t";

/// Display, Debug (both forms) and every `source()` of `e`.
fn every_view(e: &Error) -> String {
    let mut out = format!("{e}\n{e:?}\n{e:#?}");
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(&format!("\n{s}\n{s:?}"));
        source = s.source();
    }
    out
}

#[tokio::test]
async fn no_error_of_any_kind_shows_the_root_key() {
    let local = Local::start();
    let client = Unkey::builder()
        .root_key(SECRET)
        .server_url(&local.url)
        .retries(Retries::None)
        .build()
        .unwrap();
    assert!(!format!("{client:?}{client:#?}").contains("s3cr3t"));
    let mut kinds = BTreeSet::new();
    let mut check = |e: Error| {
        let text = every_view(&e);
        assert!(!text.contains("s3cr3t"), "{}: {text}", e.kind());
        kinds.insert(e.kind());
    };
    let get = || GetApiRequest::new("api_secrecy");
    // api: the server does not know this root key (401), then a 500.
    check(client.apis().get_api(get()).await.unwrap_err());
    const GET_API: &str = "/v2/apis.getApi";
    for (fault, timeout) in [
        (
            json!({"kind": "status", "status": 500, "path": GET_API}),
            None,
        ),
        (
            json!({"kind": "non_json", "status": 200, "path": GET_API}),
            None,
        ),
        (json!({"kind": "close", "path": GET_API}), None),
        (
            json!({"kind": "delay", "delayMs": 1000, "path": GET_API}),
            Some(100),
        ),
    ] {
        local.fault(fault).await;
        let opts = timeout.map_or_else(CallOptions::new, |t| CallOptions::new().timeout_ms(t));
        check(
            client
                .apis()
                .with_options(opts)
                .get_api(get())
                .await
                .unwrap_err(),
        );
        local
            .control(reqwest::Method::DELETE, "/_local/faults", None)
            .await;
    }
    check(
        client
            .apis()
            .get_api(GetApiRequest::new(""))
            .await
            .unwrap_err(),
    );
    // config: keys the builder refuses, with the secret inside.
    for bad in [format!("{SECRET} x"), format!("{SECRET}\u{200b}")] {
        check(Unkey::builder().root_key(bad).build().unwrap_err());
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "api",
            "config",
            "decode",
            "network",
            "timeout",
            "validation"
        ]
    );
}
