//! A crash (SIGKILL, no clean shutdown) in the middle of a write burst loses no acknowledged write:
//! every key whose createKey answered 200, and every credit a verification spent, is there after
//! a restart on the same `--data` file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::Server;
use serde_json::json;

#[test]
fn acknowledged_writes_survive_a_sigkill() {
    let path = std::env::temp_dir().join(format!("unkey-local-crash-{}.db", std::process::id()));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let db = path.to_string_lossy().to_string();
    let s = Server::start(&["--data", &db]);
    let api = s.create_api();
    let (_, spent) = s.create_key(json!({"apiId": api, "credits": {"remaining": 100}}));
    let mut acknowledged = Vec::new();
    for i in 0..40 {
        let (id, key) = s.create_key(json!({"apiId": api, "name": format!("k{i}")}));
        acknowledged.push((id, key));
        assert_eq!(s.verify(json!({"key": spent}))["valid"], true);
    }
    // The last answers are in; now the process dies without a chance to flush anything.
    let status = s.signal("-KILL");
    assert!(!status.success(), "SIGKILL is not a clean exit: {status:?}");

    let s = Server::start(&["--data", &db]);
    for (id, key) in &acknowledged {
        let v = s.verify(json!({"key": key}));
        assert_eq!(v["code"], "VALID", "{id} lost in the crash");
        assert_eq!(v["keyId"], id.as_str());
    }
    // 40 verifications spent 40 credits, and the next one spends the 41st.
    assert_eq!(s.verify(json!({"key": spent}))["credits"], 59);
    drop(s);
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
}
