//! The `unkey-local` binary: parses the command line and runs the server.

use unkey_local::cli::{parse, Command};

fn main() -> std::process::ExitCode {
    let cfg = match parse(std::env::args().skip(1)) {
        Ok(Command::Serve(cfg)) => cfg,
        Ok(Command::Print(text)) => {
            print!("{text}");
            return std::process::ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("unkey-local: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(
            std::env::var("UNKEY_LOCAL_THREADS")
                .ok()
                .and_then(|v| v.parse().ok())
                // tokio panics on 0 worker threads.
                .filter(|n: &usize| *n > 0)
                .unwrap_or(2),
        )
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("unkey-local: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    match runtime.block_on(unkey_local::run(cfg, &mut stdout)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("unkey-local: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
