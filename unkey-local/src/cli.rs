//! Command-line options.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The default for `--read-timeout-ms`: 10 s, the real server's read timeout.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How the server was asked to run.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    pub listen: SocketAddr,
    /// `KEY` or `KEY=perm1,perm2`, as given.
    pub root_keys: Vec<String>,
    /// Unscoped root keys taken verbatim (`--unscoped-root-key`), `=` and all.
    pub unscoped_root_keys: Vec<String>,
    /// SQLite file; in memory when `None`.
    pub data: Option<PathBuf>,
    /// Enable `/_local/faults` and `/_local/requests`.
    pub faults: bool,
    /// Enable `/_local/clock`.
    pub test_clock: bool,
    /// Start with the clock frozen (implies `test_clock`).
    pub frozen_clock: bool,
    /// Enable `/_local/dashboard/...` (settings only Unkey's dashboard changes).
    pub dashboard: bool,
    /// Run without a vault: recoverable keys and decryption answer upstream's 412.
    pub no_vault: bool,
    /// Record verifications and answer `analytics.getVerifications` from them.
    pub analytics: bool,
    /// Create demo data and print it as one JSON line.
    pub seed: bool,
    /// How long a client may take to send a request's headers (and, on a kept-alive connection,
    /// to start its next request), and separately its whole body.
    pub read_timeout: Duration,
    /// Migration ids `keys.migrateKeys` and `keys.verifyKey` accept (`--migration-id`).
    pub migration_ids: Vec<String>,
    /// The workspace id (`--workspace-id`), used in resource-name permissions
    /// (`unkey:v1:<workspace>:…`).
    pub workspace_id: String,
    /// More workspaces (`--workspace ID`), each with the root keys given after it.
    pub workspaces: Vec<WorkspaceConfig>,
    /// Portals of the default workspace (`--portal SLUG=API_ID`), as given.
    pub portals: Vec<String>,
    /// Where `portal.createSession`'s URLs point (`--portal-base-url`).
    pub portal_base_url: String,
    /// The workspaces' analytics retention in days (`--analytics-retention-days`).
    pub retention_days: i64,
}

/// The default for `--analytics-retention-days`: 30, the retention of upstream's test
/// workspaces.
pub const DEFAULT_RETENTION_DAYS: i64 = 30;

/// The default for `--portal-base-url`: Unkey's hosted portal.
pub const DEFAULT_PORTAL_BASE_URL: &str = "https://portal.unkey.com";

/// Splits a `--portal` value into its slug and API id, checked: the slug is a resource
/// identifier as `portal.createSession` takes one (3–255 letters, digits, `_`, `-`).
pub fn portal_spec(v: &str) -> Result<(&str, &str), String> {
    let (slug, api) = v
        .split_once('=')
        .ok_or_else(|| format!("--portal: {v:?} is not SLUG=API_ID"))?;
    let slug_ok = (3..=255).contains(&slug.len())
        && slug
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !slug_ok {
        return Err(format!(
            "--portal: the slug {slug:?} must be 3 to 255 letters, digits, `_` and `-`"
        ));
    }
    if api.is_empty() {
        return Err(format!("--portal: {v:?} names no API id"));
    }
    Ok((slug, api))
}

/// One extra workspace from the command line.
#[derive(Clone, PartialEq, Eq)]
pub struct WorkspaceConfig {
    /// Its id.
    pub id: String,
    /// `--root-key` values given after `--workspace ID`.
    pub root_keys: Vec<String>,
    /// `--unscoped-root-key` values given after `--workspace ID`.
    pub unscoped_root_keys: Vec<String>,
    /// `--portal` values given after `--workspace ID`.
    pub portals: Vec<String>,
}

/// Whether `id` can be a workspace id: letters, digits, `_` and `-`.
fn valid_workspace_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The default workspace id.
pub const DEFAULT_WORKSPACE_ID: &str = "ws_local";

impl std::fmt::Debug for Config {
    // Root keys are secrets: show how many there are, never their text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("root_keys", &self.root_keys.len())
            .field("unscoped_root_keys", &self.unscoped_root_keys.len())
            .field("data", &self.data)
            .field("faults", &self.faults)
            .field("test_clock", &self.test_clock)
            .field("frozen_clock", &self.frozen_clock)
            .field("dashboard", &self.dashboard)
            .field("analytics", &self.analytics)
            .field("seed", &self.seed)
            .field("read_timeout", &self.read_timeout)
            .field("migration_ids", &self.migration_ids)
            .field("workspace_id", &self.workspace_id)
            .field("portals", &self.portals)
            .field("portal_base_url", &self.portal_base_url)
            .field("retention_days", &self.retention_days)
            .field(
                "workspaces",
                &self
                    .workspaces
                    .iter()
                    .map(|w| (&w.id, w.root_keys.len() + w.unscoped_root_keys.len()))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 7070)),
            root_keys: Vec::new(),
            unscoped_root_keys: Vec::new(),
            data: None,
            faults: false,
            test_clock: false,
            frozen_clock: false,
            dashboard: false,
            no_vault: false,
            analytics: false,
            seed: false,
            read_timeout: DEFAULT_READ_TIMEOUT,
            migration_ids: Vec::new(),
            workspace_id: DEFAULT_WORKSPACE_ID.to_string(),
            workspaces: Vec::new(),
            portals: Vec::new(),
            portal_base_url: DEFAULT_PORTAL_BASE_URL.to_string(),
            retention_days: DEFAULT_RETENTION_DAYS,
        }
    }
}

/// Usage text for `--help`.
pub const USAGE: &str = "\
unkey-local: a local, stateful Unkey v2 API server

USAGE: unkey-local [OPTIONS]

OPTIONS:
  --listen ADDR          address to serve on (default 127.0.0.1:7070; port 0 picks a free port)
  --root-key KEY[=P,..]  accept this root key, optionally scoped to Unkey permissions
                         (repeatable; without any, a random unscoped key is printed).
                         With `=`, the text after the last `=` must be a permission list
                         (`*`, RESOURCE.ID.ACTION or unkey:v1:WORKSPACE:PATH#ACTION,
                         comma-separated), else it is refused
  --unscoped-root-key KEY
                         accept KEY verbatim as an unscoped root key (for keys with `=`)
  --data FILE            persist state in this SQLite file (default: in memory)
  --faults               enable /_local/faults and /_local/requests
  --test-clock           enable /_local/clock (move the server clock forward)
  --frozen-clock         as --test-clock, with the clock stopped at start: it moves only by
                         /_local/clock, so no rate-limit window rolls over during a test
  --analytics            record verifications and answer analytics.getVerifications from
                         them (a read-only subset of the query language; default: 412)
  --dashboard            enable /_local/dashboard/... (root keys, delete protection, IP
                         whitelists, keyspace defaults and key encryption of APIs,
                         rate-limit namespaces, workspace limits: what Unkey's dashboard does)
  --no-vault             run as a server without a vault: recoverable keys and decryption
                         answer 412 (Vault hasn't been set up)
  --seed                 create a demo API and keys; print them as one JSON line
  --read-timeout-ms MS   close connections whose request headers take longer than MS, and
                         answer 408 to bodies that take longer (default 10000)
  --migration-id ID[=ALGORITHM]
                         accept ID as a migrationId in keys.migrateKeys and keys.verifyKey
                         (repeatable); ALGORITHM is sha256 (default) or
                         github.com/seamapi/prefixed-api-key
  --workspace-id ID      the default workspace's id, used in resource-name permissions
                         (unkey:v1:ID:PATH#ACTION; default ws_local)
  --workspace ID         add a workspace; the --root-key, --unscoped-root-key and --portal
                         options after it belong to it (repeatable). A root key sees only
                         its workspace's data
  --portal SLUG=API_ID   configure an enabled customer portal SLUG whose sessions are scoped
                         to API_ID's keys (repeatable; the API must exist when sessions are
                         created). Portals can also be made with /_local/dashboard/portal
  --analytics-retention-days N
                         how many days back analytics reach (default 30): an older lower
                         bound on `time` is a 400, and the widest portal.getVerifications
                         window
  --portal-base-url URL  where portal.createSession's URLs point
                         (default https://portal.unkey.com)
  -h, --help             show this help
  -V, --version          show the version
";

/// What the command line asks for.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "made once per process, from the command line"
)]
pub enum Command {
    /// Run the server.
    Serve(Config),
    /// Print this text and exit successfully.
    Print(String),
}

/// Parses the arguments (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut cfg = Config::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--listen" => {
                let v = value("--listen")?;
                cfg.listen = match v.parse() {
                    Ok(a) => a,
                    // Host names such as `localhost:7070` resolve to their first address.
                    Err(_) => std::net::ToSocketAddrs::to_socket_addrs(v.as_str())
                        .ok()
                        .and_then(|mut it| it.next())
                        .ok_or_else(|| format!("--listen: {v:?} is not HOST:PORT"))?,
                };
            }
            // After `--workspace ID`, root keys belong to that workspace.
            "--root-key" => {
                let v = value("--root-key")?;
                match cfg.workspaces.last_mut() {
                    Some(w) => w.root_keys.push(v),
                    None => cfg.root_keys.push(v),
                }
            }
            "--unscoped-root-key" => {
                let v = value("--unscoped-root-key")?;
                match cfg.workspaces.last_mut() {
                    Some(w) => w.unscoped_root_keys.push(v),
                    None => cfg.unscoped_root_keys.push(v),
                }
            }
            "--workspace" => {
                let v = value("--workspace")?;
                if !valid_workspace_id(&v) {
                    return Err(format!(
                        "--workspace: {v:?} must be letters, digits, `_` and `-`"
                    ));
                }
                cfg.workspaces.push(WorkspaceConfig {
                    id: v,
                    root_keys: Vec::new(),
                    unscoped_root_keys: Vec::new(),
                    portals: Vec::new(),
                });
            }
            "--portal" => {
                let v = value("--portal")?;
                portal_spec(&v)?;
                match cfg.workspaces.last_mut() {
                    Some(w) => w.portals.push(v),
                    None => cfg.portals.push(v),
                }
            }
            "--analytics-retention-days" => {
                let v = value("--analytics-retention-days")?;
                cfg.retention_days = v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=3650).contains(n))
                    .ok_or_else(|| {
                        format!(
                            "--analytics-retention-days: {v:?} is not a number of days in 1..=3650"
                        )
                    })?;
            }
            "--portal-base-url" => {
                let v = value("--portal-base-url")?;
                let ok = (v.starts_with("http://") || v.starts_with("https://"))
                    && !v.ends_with('/')
                    && !v.contains(['?', '#', ' ']);
                if !ok {
                    return Err(format!(
                        "--portal-base-url: {v:?} must be an http(s) URL without a trailing `/`, query or fragment"
                    ));
                }
                cfg.portal_base_url = v;
            }
            "--read-timeout-ms" => {
                let v = value("--read-timeout-ms")?;
                let ms = v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=3_600_000).contains(n))
                    .ok_or_else(|| {
                        format!("--read-timeout-ms: {v:?} is not a number of milliseconds in 1..=3600000")
                    })?;
                cfg.read_timeout = Duration::from_millis(ms);
            }
            "--migration-id" => {
                let v = value("--migration-id")?;
                let (id, algorithm) = v.split_once('=').unwrap_or((v.as_str(), "sha256"));
                if id.is_empty() {
                    return Err("--migration-id needs a non-empty id".into());
                }
                if crate::model::MigrationAlgorithm::parse(algorithm).is_none() {
                    return Err(format!(
                        "--migration-id: unknown algorithm {algorithm:?} (sha256 or github.com/seamapi/prefixed-api-key)"
                    ));
                }
                cfg.migration_ids.push(v);
            }
            "--workspace-id" => {
                let v = value("--workspace-id")?;
                if v.is_empty()
                    || !v
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    return Err(format!(
                        "--workspace-id: {v:?} must be letters, digits, `_` and `-`"
                    ));
                }
                cfg.workspace_id = v;
            }
            "--data" => cfg.data = Some(PathBuf::from(value("--data")?)),
            "--faults" => cfg.faults = true,
            "--test-clock" => cfg.test_clock = true,
            "--frozen-clock" => {
                cfg.test_clock = true;
                cfg.frozen_clock = true;
            }
            "--dashboard" => cfg.dashboard = true,
            "--no-vault" => cfg.no_vault = true,
            "--analytics" => cfg.analytics = true,
            "--seed" | "seed" => cfg.seed = true,
            "-h" | "--help" => return Ok(Command::Print(USAGE.to_string())),
            "-V" | "--version" => {
                return Ok(Command::Print(format!(
                    "unkey-local {}\n",
                    env!("CARGO_PKG_VERSION")
                )))
            }
            other => return Err(format!("unknown argument {other:?}; see --help")),
        }
    }
    Ok(Command::Serve(cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serve(args: &[&str]) -> Config {
        match parse(args.iter().map(|s| s.to_string())).unwrap() {
            Command::Serve(c) => c,
            Command::Print(_) => panic!("expected serve"),
        }
    }

    #[test]
    fn flags() {
        let c = serve(&[
            "--listen",
            "127.0.0.1:0",
            "--root-key",
            "a",
            "--root-key=b=api.*.verify_key",
            "--faults",
            "--test-clock",
            "--dashboard",
            "--seed",
            "--data",
            "/tmp/x.db",
        ]);
        assert_eq!(c.listen.port(), 0);
        assert_eq!(c.root_keys, ["a", "b=api.*.verify_key"]);
        assert!(c.faults && c.test_clock && c.dashboard && c.seed);
        assert!(!c.frozen_clock);
        let frozen = serve(&["--frozen-clock"]);
        assert!(frozen.test_clock && frozen.frozen_clock);
        assert!(!format!("{c:?}").contains("verify_key"));
        assert!(parse(["--nope".to_string()]).is_err());
        assert!(parse(["--listen".to_string()]).is_err());
        assert!(parse(["--listen".into(), "nonsense".into()]).is_err());
        assert!(matches!(
            parse(["--listen".into(), "localhost:0".into()]),
            Ok(Command::Serve(c)) if c.listen.ip().is_loopback()
        ));
    }

    #[test]
    fn timeouts_unscoped_keys_and_migrations() {
        assert_eq!(serve(&[]).read_timeout, DEFAULT_READ_TIMEOUT);
        let c = serve(&[
            "--read-timeout-ms",
            "250",
            "--unscoped-root-key",
            "k==",
            "--migration-id=mig_a",
            "--migration-id",
            "mig_b",
        ]);
        assert_eq!(c.read_timeout, Duration::from_millis(250));
        assert_eq!(c.unscoped_root_keys, ["k=="]);
        assert_eq!(c.migration_ids, ["mig_a", "mig_b"]);
        assert_eq!(c.workspace_id, DEFAULT_WORKSPACE_ID);
        assert_eq!(serve(&["--workspace-id", "ws_2"]).workspace_id, "ws_2");
        assert!(parse(["--workspace-id".into(), "a:b".into()]).is_err());
        let c = serve(&[
            "--root-key",
            "d",
            "--workspace",
            "ws_2",
            "--root-key",
            "w2=api.*.read_key",
            "--unscoped-root-key",
            "w2u",
            "--workspace",
            "ws_3",
            "--root-key",
            "w3",
        ]);
        assert_eq!(c.root_keys, ["d"]);
        assert_eq!(c.workspaces.len(), 2);
        assert_eq!(c.workspaces[0].id, "ws_2");
        assert_eq!(c.workspaces[0].root_keys, ["w2=api.*.read_key"]);
        assert_eq!(c.workspaces[0].unscoped_root_keys, ["w2u"]);
        assert_eq!(c.workspaces[1].root_keys, ["w3"]);
        assert!(!format!("{c:?}").contains("w2u"));
        assert!(parse(["--workspace".into(), "a b".into()]).is_err());
        let c = serve(&[
            "--portal",
            "acme=api_1",
            "--portal-base-url",
            "http://127.0.0.1:3000",
            "--workspace",
            "ws_2",
            "--portal=other-portal=api_2",
        ]);
        assert_eq!(c.portals, ["acme=api_1"]);
        assert_eq!(c.workspaces[0].portals, ["other-portal=api_2"]);
        assert_eq!(c.portal_base_url, "http://127.0.0.1:3000");
        assert_eq!(c.retention_days, DEFAULT_RETENTION_DAYS);
        assert_eq!(
            serve(&["--analytics-retention-days", "90"]).retention_days,
            90
        );
        assert!(parse(["--analytics-retention-days".into(), "0".into()]).is_err());
        for bad in ["ab=api_1", "acme", "acme=", "a c e=api_1"] {
            assert!(parse(["--portal".into(), bad.into()]).is_err(), "{bad}");
        }
        assert!(parse(["--portal-base-url".into(), "ftp://x".into()]).is_err());
        assert!(parse(["--portal-base-url".into(), "https://x/".into()]).is_err());
        assert!(!format!("{c:?}").contains("k=="));
        for bad in ["0", "-1", "x", "3600001"] {
            assert!(
                parse(["--read-timeout-ms".into(), bad.into()]).is_err(),
                "{bad}"
            );
        }
    }
}
