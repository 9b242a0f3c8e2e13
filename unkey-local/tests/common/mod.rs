//! Test harness: starts a real `unkey-local` process on 127.0.0.1:0 and talks HTTP/1.1 to it
//! over a plain TCP socket (so tests can also send malformed requests and observe faults).

#![allow(dead_code)]

pub mod analytics;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

/// The root key every test server accepts with all permissions.
pub const ROOT: &str = "unkey_test_root";

/// The root key [`Server::call`] sends for an operation, as upstream's route tests call it:
/// `(operation, root key, its permissions)`, the permissions their 200 and 404 subtests give
/// the caller (unkeyed/unkey at fc99b6b9, `svc/api/routes/v2_*/{200,404}_test.go`). Every
/// other operation is called with [`ROOT`]. Subtests whose Go code uses another key send it
/// themselves ([`Server::post_as`]).
pub const GO_CALLERS: &[(&str, &str, &str)] = &[
    ("keys.addRoles", "go_add_roles", "api.*.update_key,rbac.*.add_role_to_key"),
    ("keys.removeRoles", "go_remove_roles", "api.*.update_key,rbac.*.remove_role_from_key"),
    ("keys.setRoles", "go_set_roles", "api.*.update_key"),
    (
        "keys.addPermissions",
        "go_add_permissions",
        "api.*.update_key,rbac.*.add_permission_to_key,rbac.*.create_permission",
    ),
    (
        "keys.removePermissions",
        "go_remove_permissions",
        "api.*.update_key,rbac.*.remove_permission_from_key",
    ),
    (
        "keys.setPermissions",
        "go_set_permissions",
        "api.*.update_key,rbac.*.remove_permission_from_key,rbac.*.add_permission_to_key,rbac.*.create_permission",
    ),
    ("keys.verifyKey", "go_verify_key", "api.*.verify_key"),
    ("keys.getKey", "go_get_key", "api.*.read_key,api.*.decrypt_key"),
    ("keys.deleteKey", "go_delete_key", "api.*.delete_key"),
    ("keys.updateCredits", "go_update_credits", "api.*.update_key"),
    ("keys.updateKey", "go_update_key", "api.*.update_key"),
    ("keys.whoami", "go_whoami", "api.*.read_key"),
    ("apis.createApi", "go_create_api", "api.*.create_api"),
    ("apis.getApi", "go_get_api", "api.*.read_api"),
    ("identities.createIdentity", "go_create_identity", "identity.*.create_identity"),
    (
        "permissions.createRole",
        "go_create_role",
        "rbac.*.create_role,rbac.*.add_permission_to_role,rbac.*.create_permission",
    ),
    ("permissions.createPermission", "go_create_permission", "rbac.*.create_permission"),
    ("ratelimit.listOverrides", "go_list_overrides", "ratelimit.*.read_override"),
    ("ratelimit.getOverride", "go_get_override", "ratelimit.*.read_override"),
    ("ratelimit.setOverride", "go_set_override", "ratelimit.*.set_override"),
    ("ratelimit.deleteOverride", "go_delete_override", "ratelimit.*.delete_override"),
    ("ratelimit.limit", "go_limit", "ratelimit.*.limit,ratelimit.*.create_namespace"),
    ("ratelimit.multiLimit", "go_multi_limit", "ratelimit.*.limit,ratelimit.*.create_namespace"),
    ("keys.createKey", "go_create_key", "api.*.create_key,api.*.encrypt_key"),
    ("keys.rerollKey", "go_reroll_key", "api.*.create_key,api.*.encrypt_key"),
    ("keys.migrateKeys", "go_migrate_keys", "api.*.create_key"),
    ("analytics.getVerifications", "go_get_verifications", "api.*.read_analytics"),
    ("analytics.getRatelimits", "go_get_ratelimits", "ratelimit.*.read_analytics"),
    ("apis.listKeys", "go_list_keys", "api.*.read_key,api.*.read_api,api.*.decrypt_key"),
    ("apis.deleteApi", "go_delete_api", "api.*.delete_api"),
    ("identities.getIdentity", "go_get_identity", "identity.*.read_identity"),
    ("identities.listIdentities", "go_list_identities", "identity.*.read_identity"),
    ("identities.updateIdentity", "go_update_identity", "identity.*.update_identity"),
    ("identities.deleteIdentity", "go_delete_identity", "identity.*.delete_identity"),
    ("permissions.getRole", "go_get_role", "rbac.*.read_role"),
    ("permissions.getPermission", "go_get_permission", "rbac.*.read_permission"),
    ("permissions.listRoles", "go_list_roles", "rbac.*.read_role"),
    ("permissions.listPermissions", "go_list_permissions", "rbac.*.read_permission"),
    ("permissions.deleteRole", "go_delete_role", "rbac.*.delete_role"),
    ("permissions.deletePermission", "go_delete_permission", "rbac.*.delete_permission"),
];

/// A running server process, killed on drop.
pub struct Server {
    pub child: Child,
    pub addr: String,
    pub lines: Vec<String>,
    /// Whether the [`GO_CALLERS`] root keys were given (by [`Server::start`]).
    go_callers: bool,
    _stdout: BufReader<ChildStdout>,
}

/// An HTTP response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `data` of a 200 answer (panics with the body otherwise).
    pub fn data(&self) -> Value {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.body));
        self.json()["data"].clone()
    }

    /// The `error.type` URL of an error answer.
    pub fn error_type(&self) -> String {
        self.json()["error"]["type"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

impl Server {
    /// Starts with the test root key plus `args`; reads `extra_lines` lines after the first.
    pub fn start_with(args: &[&str], extra_lines: usize) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_unkey-local"));
        cmd.args(["--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().expect("spawn unkey-local");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut lines = Vec::new();
        for _ in 0..=extra_lines {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            lines.push(line.trim_end().to_string());
        }
        let first = &lines[0];
        let addr = first
            .strip_prefix("unkey-local listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_string();
        Server {
            child,
            addr,
            lines,
            go_callers: false,
            _stdout: stdout,
        }
    }

    /// Starts with the test root key, the migration ids `mig` and `mig_1`, and `args`.
    pub fn start(args: &[&str]) -> Server {
        let specs: Vec<String> = GO_CALLERS
            .iter()
            .map(|(_, key, perms)| format!("{key}={perms}"))
            .collect();
        let mut all = vec![
            "--root-key",
            ROOT,
            "--migration-id",
            "mig",
            "--migration-id",
            "mig_1",
        ];
        for spec in &specs {
            all.extend(["--root-key", spec.as_str()]);
        }
        all.extend_from_slice(args);
        let mut s = Self::start_with(&all, 0);
        s.go_callers = true;
        s
    }

    /// A raw request; `extra` are additional header lines.
    pub fn request(&self, method: &str, path: &str, extra: &[(&str, &str)], body: &[u8]) -> Resp {
        try_request(&self.addr, method, path, extra, body).expect("request failed")
    }

    /// POST with a root key (or none).
    pub fn post_as(&self, path: &str, root: Option<&str>, body: &Value) -> Resp {
        let auth = root.map(|r| format!("Bearer {r}"));
        let mut headers = vec![
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
        ];
        if let Some(a) = &auth {
            headers.push(("Authorization", a.as_str()));
        }
        self.request("POST", path, &headers, body.to_string().as_bytes())
    }

    /// POST as upstream's route tests call `op` (its [`GO_CALLERS`] root key), else as the
    /// unscoped test root key.
    pub fn call(&self, op: &str, body: Value) -> Resp {
        let key = GO_CALLERS
            .iter()
            .find(|(o, _, _)| self.go_callers && *o == op)
            .map_or(ROOT, |(_, key, _)| *key);
        self.post_as(&format!("/v2/{op}"), Some(key), &body)
    }

    /// `data` of a successful call.
    pub fn ok(&self, op: &str, body: Value) -> Value {
        let r = self.call(op, body);
        assert_eq!(
            r.status,
            200,
            "{op} failed: {}",
            String::from_utf8_lossy(&r.body)
        );
        r.json()["data"].clone()
    }

    pub fn create_api(&self) -> String {
        self.ok("apis.createApi", json!({"name": "test-api"}))["apiId"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Creates a key; returns (keyId, key).
    pub fn create_key(&self, body: Value) -> (String, String) {
        let d = self.ok("keys.createKey", body);
        (
            d["keyId"].as_str().unwrap().to_string(),
            d["key"].as_str().unwrap().to_string(),
        )
    }

    pub fn verify(&self, body: Value) -> Value {
        self.ok("keys.verifyKey", body)
    }

    pub fn advance(&self, ms: i64) {
        let r = self.request(
            "POST",
            "/_local/clock",
            &[],
            json!({"advanceMs": ms}).to_string().as_bytes(),
        );
        assert_eq!(r.status, 200);
    }

    /// Sends SIGTERM and waits; returns the exit status.
    pub fn terminate(self) -> std::process::ExitStatus {
        self.signal("-TERM")
    }

    /// Sends a signal (`-TERM`, `-INT`) and waits; returns the exit status.
    pub fn signal(mut self, sig: &str) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let ok = Command::new("kill").args([sig, &pid]).status().unwrap();
        assert!(ok.success());
        for _ in 0..100 {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("server did not stop after SIGTERM");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`).
pub fn try_request(
    addr: &str,
    method: &str,
    path: &str,
    extra: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if !extra
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes())?;
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    parse_response(&raw, method == "HEAD")
}

/// Parses a response; `is_head`: the answer to a HEAD, whose `Content-Length` has no body.
fn parse_response(raw: &[u8], is_head: bool) -> std::io::Result<Resp> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = raw[split + 4..].to_vec();
    let declared = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    if let Some(n) = declared.filter(|_| !is_head) {
        if body.len() < n {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("truncated body: {} of {n} bytes", body.len()),
            ));
        }
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

impl Server {
    /// Creates a root key with these permissions through `/_local/dashboard/root-keys` (the
    /// server must run with `--dashboard`), as upstream's tests create one per case; returns
    /// the key.
    pub fn root_key(&self, perms: &[&str]) -> String {
        self.root_key_in(None, perms)
    }

    /// [`Server::root_key`] in the workspace `ws` (one given with `--workspace`).
    pub fn root_key_in(&self, ws: Option<&str>, perms: &[&str]) -> String {
        let mut body = json!({"permissions": perms});
        if let Some(ws) = ws {
            body["workspace"] = json!(ws);
        }
        let r = self.request(
            "POST",
            "/_local/dashboard/root-keys",
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        );
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        r.json()["key"].as_str().unwrap().to_string()
    }
}

impl Resp {
    /// Asserts an error answer: its status, `error.type` ending in `/<kind>` (e.g.
    /// `unkey/data/role_not_found`) and its exact `error.detail`.
    pub fn assert_error(&self, status: u16, kind: &str, detail: &str) {
        let body = String::from_utf8_lossy(&self.body);
        assert_eq!(self.status, status, "{body}");
        let e = &self.json()["error"];
        assert_eq!(
            e["type"],
            format!("https://unkey.com/docs/errors/{kind}"),
            "{body}"
        );
        assert_eq!(e["detail"], detail, "{body}");
        assert_eq!(e["status"], status, "{body}");
        if let Some(title) = upstream_title(kind) {
            assert_eq!(e["title"], title, "{body}");
        }
        assert!(
            self.json()["meta"]["requestId"]
                .as_str()
                .is_some_and(|id| id.starts_with("req_")),
            "{body}"
        );
    }

    /// Asserts the validator's 400 for a body of `op` that fails its schema.
    pub fn assert_schema_error(&self, op: &str) {
        self.assert_error(
            400,
            "unkey/application/invalid_input",
            &format!("POST request body for '/v2/{op}' failed to validate schema"),
        );
    }
}

/// The `error.title` upstream's error middleware (svc/api/internal/middleware/errors.go at
/// fc99b6b9) writes for the error code `kind`, where the tests know it; written from that
/// mapping, apart from the server's own titles, so that the tests check them.
pub fn upstream_title(kind: &str) -> Option<&'static str> {
    let (group, code) = kind.rsplit_once('/')?;
    Some(match (group, code) {
        ("unkey/authentication", "key_not_found") => "Unauthorized",
        ("unkey/authentication", "missing" | "malformed") => "Bad Request",
        ("unkey/data", "ratelimit_namespace_gone") => "Resource Gone",
        ("unkey/data", "analytics_not_configured") => "Precondition Failed",
        ("unkey/data", c) if c.ends_with("_not_found") => "Not Found",
        ("unkey/data", c) if c.ends_with("_already_exists") => "Conflicting Resource",
        ("unkey/application", "invalid_input") => "Bad Request",
        ("unkey/application", "precondition_failed") => "Precondition Failed",
        ("unkey/application", "protected_resource") => "Resource is protected",
        ("unkey/application", "unexpected_error" | "service_unavailable") => {
            "Internal Server Error"
        }
        ("unkey/authorization", "insufficient_permissions") => "Insufficient Permissions",
        ("unkey/authorization", "forbidden") => "Forbidden",
        ("unkey/authorization", "key_disabled") => "Key is disabled",
        ("unkey/authorization", "workspace_disabled") => "Workspace is disabled",
        ("user/bad_request", "request_body_too_large") => "Request Entity Too Large",
        ("user/bad_request", "request_timeout") => "Request Timeout",
        ("user/bad_request", "client_closed_request") => "Client Closed Request",
        (
            "user/bad_request",
            "permissions_query_syntax_error"
            | "request_body_unreadable"
            | "invalid_analytics_query"
            | "invalid_analytics_table"
            | "invalid_analytics_function"
            | "invalid_analytics_query_type"
            | "query_range_exceeds_retention",
        ) => "Bad Request",
        ("user/unprocessable_entity", _) => "Unprocessable Entity",
        ("user/too_many_requests", _) => "Too Many Requests",
        _ => return None,
    })
}

/// `ids` sorted as upstream's `ORDER BY id` sorts ids of one prefix under the id columns'
/// `utf8mb4_0900_as_cs` collation (pkg/mysql/schema/*.sql): first by the characters without
/// regard to case (digits before letters), then, where those are equal, a lowercase letter
/// before its uppercase one at the first position the case differs. Written apart from the
/// server's own `ids::id_cmp` so that the tests check it.
pub fn in_id_order<S: AsRef<str>>(ids: &[S]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.as_ref().to_string()).collect();
    v.sort_by_key(|s| {
        let folded = s.to_ascii_lowercase();
        let case: Vec<bool> = s.bytes().map(|b| b.is_ascii_uppercase()).collect();
        (folded, case)
    });
    v
}
