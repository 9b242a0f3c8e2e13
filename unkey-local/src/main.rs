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
    // Every thread that handles a request's values (this one, which reads the store at
    // start, and the runtime's) gets a stack for values nested as deep as Go reads them.
    let serve = std::thread::Builder::new()
        .name("unkey-local".into())
        .stack_size(unkey_local::validate::STACK_BYTES)
        .spawn(move || serve(cfg));
    match serve.map(std::thread::JoinHandle::join) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("unkey-local: the server thread failed");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs the server on this thread.
fn serve(cfg: unkey_local::cli::Config) -> std::process::ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(
            std::env::var("UNKEY_LOCAL_THREADS")
                .ok()
                .and_then(|v| v.parse().ok())
                // tokio panics on 0 worker threads.
                .filter(|n: &usize| *n > 0)
                .unwrap_or(2),
        )
        .thread_stack_size(unkey_local::validate::STACK_BYTES)
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
