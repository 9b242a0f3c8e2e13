//! Starts a real unkey-local process for each test and talks to its `/_local` controls.
//!
//! Binary: `$UNKEY_LOCAL_BIN`, else `$CARGO_TARGET_DIR/debug/unkey-local`, else
//! `<workspace>/target/debug/unkey-local` (`make test-host` builds it first).
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use unkey_edge::{Client, Retries, Unkey};

pub const ROOT_KEY: &str = "unkey_hosttest_root_0123456789";

pub struct Local {
    child: Child,
    pub url: String,
    http: reqwest::Client,
}

impl Drop for Local {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> PathBuf {
    if let Ok(p) = std::env::var("UNKEY_LOCAL_BIN") {
        return PathBuf::from(p);
    }
    let exe = if cfg!(windows) {
        "unkey-local.exe"
    } else {
        "unkey-local"
    };
    if let Ok(dir) = std::env::var("CARGO_TARGET_DIR") {
        let p = PathBuf::from(dir).join("debug").join(exe);
        if p.exists() {
            return p;
        }
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("debug")
        .join(exe)
}

impl Local {
    /// A fresh server with faults, request counters and the test clock enabled. The clock is
    /// frozen (it moves only by [`Local::advance_clock`]), so that no rate-limit window rolls
    /// over in the middle of a test: a roll-over weighs the previous window's count down and
    /// lets one more request through.
    pub fn start() -> Local {
        Local::start_with(&[])
    }

    /// [`Local::start`] with more flags (e.g. `--analytics`).
    pub fn start_with(extra: &[&str]) -> Local {
        let bin = binary();
        let mut child = Command::new(&bin)
            .args(["--listen", "127.0.0.1:0", "--root-key", ROOT_KEY, "--faults", "--frozen-clock"])
            .args(extra)
            // The migration id tests/host/keys.rs imports under (unkey-local answers 404 for others).
            .args(["--migration-id", "mig_test"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start unkey-local at {} ({e}); run `cargo build -p unkey-local` or set UNKEY_LOCAL_BIN", bin.display())
            });
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read startup line");
        let url = line
            .trim()
            .strip_prefix("unkey-local listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from unkey-local: {line:?}"))
            .to_string();
        Local {
            child,
            url,
            http: reqwest::Client::new(),
        }
    }

    /// A client for this server with the given root key and default settings otherwise.
    pub fn client_with_key(&self, key: &str) -> Client {
        Unkey::builder()
            .root_key(key)
            .server_url(&self.url)
            .build()
            .unwrap()
    }

    /// A client with the test root key.
    pub fn client(&self) -> Client {
        self.client_with_key(ROOT_KEY)
    }

    /// A client that never retries (to count attempts exactly).
    pub fn client_no_retries(&self) -> Client {
        Unkey::builder()
            .root_key(ROOT_KEY)
            .server_url(&self.url)
            .retries(Retries::None)
            .build()
            .unwrap()
    }

    pub async fn control(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut rb = self.http.request(method, format!("{}{path}", self.url));
        if let Some(b) = body {
            rb = rb
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let resp = rb.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// Injects a fault: `{"kind": "status"|"delay"|"close"|"truncate"|"non_json", ...}`.
    pub async fn fault(&self, fault: Value) {
        self.control(reqwest::Method::POST, "/_local/faults", Some(fault))
            .await;
    }

    /// Requests the server has received for `path` since the last reset.
    pub async fn count(&self, path: &str) -> u64 {
        let v = self
            .control(reqwest::Method::GET, "/_local/requests", None)
            .await;
        v["paths"][path].as_u64().unwrap_or(0)
    }

    pub async fn reset_counts(&self) {
        self.control(reqwest::Method::DELETE, "/_local/requests", None)
            .await;
    }

    /// Moves the server clock forward.
    pub async fn advance_clock(&self, ms: u64) {
        self.control(
            reqwest::Method::POST,
            "/_local/clock",
            Some(json!({"advanceMs": ms})),
        )
        .await;
    }
}

/// Unix ms on this machine's clock (a frozen unkey-local stands at its start time).
pub fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Sleeps on the tokio clock (used only to let the server settle, never to assert timing).
pub async fn settle(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

/// A fresh API id.
pub async fn new_api(client: &Client, name: &str) -> String {
    use unkey_edge::models::CreateApiRequest;
    client
        .apis()
        .create_api(CreateApiRequest::new(name))
        .await
        .unwrap()
        .data
        .api_id
}
