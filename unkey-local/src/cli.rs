//! Command-line options.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How the server was asked to run.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    pub listen: SocketAddr,
    /// `KEY` or `KEY=perm1,perm2`, as given.
    pub root_keys: Vec<String>,
    /// SQLite file; in memory when `None`.
    pub data: Option<PathBuf>,
    /// Enable `/_local/faults` and `/_local/requests`.
    pub faults: bool,
    /// Enable `/_local/clock`.
    pub test_clock: bool,
    /// Create demo data and print it as one JSON line.
    pub seed: bool,
}

impl std::fmt::Debug for Config {
    // Root keys are secrets: show how many there are, never their text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("root_keys", &self.root_keys.len())
            .field("data", &self.data)
            .field("faults", &self.faults)
            .field("test_clock", &self.test_clock)
            .field("seed", &self.seed)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 7070)),
            root_keys: Vec::new(),
            data: None,
            faults: false,
            test_clock: false,
            seed: false,
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
                         (repeatable; without any, a random unscoped key is printed)
  --data FILE            persist state in this SQLite file (default: in memory)
  --faults               enable /_local/faults and /_local/requests
  --test-clock           enable /_local/clock (move the server clock forward)
  --seed                 create a demo API and keys; print them as one JSON line
  -h, --help             show this help
  -V, --version          show the version
";

/// What the command line asks for.
#[derive(Debug)]
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
            "--root-key" => cfg.root_keys.push(value("--root-key")?),
            "--data" => cfg.data = Some(PathBuf::from(value("--data")?)),
            "--faults" => cfg.faults = true,
            "--test-clock" => cfg.test_clock = true,
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
            "--seed",
            "--data",
            "/tmp/x.db",
        ]);
        assert_eq!(c.listen.port(), 0);
        assert_eq!(c.root_keys, ["a", "b=api.*.verify_key"]);
        assert!(c.faults && c.test_clock && c.seed);
        assert!(!format!("{c:?}").contains("verify_key"));
        assert!(parse(["--nope".to_string()]).is_err());
        assert!(parse(["--listen".to_string()]).is_err());
        assert!(parse(["--listen".into(), "nonsense".into()]).is_err());
        assert!(matches!(
            parse(["--listen".into(), "localhost:0".into()]),
            Ok(Command::Serve(c)) if c.listen.ip().is_loopback()
        ));
    }
}
