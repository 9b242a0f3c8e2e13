//! `unkey-edge-codegen OUT_DIR`: writes `OUT_DIR/index.js`, `OUT_DIR/index.d.ts`,
//! `OUT_DIR/components.d.ts` and `.js` (@unkey/api's enum objects), `OUT_DIR/operations.d.ts` (with an empty `.js`) and the
//! standalone functions `OUT_DIR/funcs/<name>.js` / `.d.ts`.

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
        // `unkey-edge/models/components` is types and @unkey/api's enum objects;
        // `/models/operations` is types only: its JS module is empty.
        ("components.d.ts", unkey_edge_codegen::components_dts()),
        ("components.js", unkey_edge_codegen::components_js()),
        ("operations.d.ts", unkey_edge_codegen::operations_dts()),
        ("operations.js", "export {};\n".to_string()),
    ];
    for (name, text) in files {
        if let Err(e) = std::fs::write(dir.join(name), text) {
            eprintln!("unkey-edge-codegen: writing {name}: {e}");
            return ExitCode::FAILURE;
        }
    }
    // `funcs/<name>.js` and `.d.ts`: the standalone functions.
    let funcs = dir.join("funcs");
    if let Err(e) = std::fs::create_dir_all(&funcs) {
        eprintln!("unkey-edge-codegen: creating {}: {e}", funcs.display());
        return ExitCode::FAILURE;
    }
    for (name, js, dts) in unkey_edge_codegen::funcs() {
        for (file, text) in [(format!("{name}.js"), js), (format!("{name}.d.ts"), dts)] {
            if let Err(e) = std::fs::write(funcs.join(&file), text) {
                eprintln!("unkey-edge-codegen: writing funcs/{file}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
