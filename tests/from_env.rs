//! `Unkey::from_env()`: its own test binary, since it sets process-wide environment variables.
#![cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Local, ROOT_KEY};
use unkey_edge::models::GetKeyRequest;
use unkey_edge::{ClientBuilder, Unkey};

#[tokio::test]
async fn from_env_reads_the_root_key_and_the_server_url() {
    let local = Local::start();
    std::env::remove_var("UNKEY_ROOT_KEY");
    std::env::remove_var("UNKEY_SERVER_URL");
    let e = Unkey::from_env().unwrap_err();
    assert!(e.is_config());
    assert_eq!(
        e.to_string(),
        "invalid configuration: root key is missing: the UNKEY_ROOT_KEY environment variable is not set"
    );
    // A key given after from_env() wins over the missing variable.
    let c = ClientBuilder::from_env()
        .root_key(ROOT_KEY)
        .build()
        .unwrap();
    assert_eq!(c.config().server_url, "https://api.unkey.com");

    std::env::set_var("UNKEY_ROOT_KEY", ROOT_KEY);
    std::env::set_var("UNKEY_SERVER_URL", "");
    let c = Unkey::from_env().unwrap();
    assert_eq!(
        c.config().server_url,
        "https://api.unkey.com",
        "empty means unset"
    );

    std::env::set_var("UNKEY_SERVER_URL", &local.url);
    let unkey = Unkey::from_env().unwrap();
    assert!(!format!("{unkey:?}").contains(ROOT_KEY));
    let err = unkey
        .keys()
        .get_key(GetKeyRequest::new("key_doesnotexist"))
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err}");

    std::env::set_var("UNKEY_SERVER_URL", "not a url");
    assert!(Unkey::from_env().unwrap_err().is_config());
}
