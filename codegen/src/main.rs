//! `unkey-edge-codegen OUT_DIR`: writes `OUT_DIR/index.js` and `OUT_DIR/index.d.ts`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: unkey-edge-codegen OUT_DIR");
        return ExitCode::from(2);
    };
    let files = [
        ("index.js", unkey_edge_codegen::facade_js()),
        ("index.d.ts", unkey_edge_codegen::declarations()),
    ];
    for (name, text) in files {
        if let Err(e) = std::fs::write(dir.join(name), text) {
            eprintln!("unkey-edge-codegen: writing {name}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
