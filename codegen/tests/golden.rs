//! The committed copies of the generated `index.d.ts` / `index.js` (tests/js/golden/) must match
//! what the tables produce. Refresh them with `UPDATE_GOLDEN=1 cargo test -p unkey-edge-codegen`
//! and review the diff: it is the package's public API.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

fn check(name: &str, rendered: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/js/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, rendered).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run UPDATE_GOLDEN=1 cargo test -p unkey-edge-codegen",
            path.display()
        )
    });
    if golden != rendered {
        let line = golden
            .lines()
            .zip(rendered.lines())
            .position(|(a, b)| a != b)
            .map_or(
                golden.lines().count().min(rendered.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "{} drifted from the tables (first difference at line {line}); \
             if intended, run UPDATE_GOLDEN=1 cargo test -p unkey-edge-codegen and commit",
            path.display()
        );
    }
}

#[test]
fn declarations_match_golden() {
    check("index.d.ts", &unkey_edge_codegen::declarations());
}

#[test]
fn facade_matches_golden() {
    check("index.js", &unkey_edge_codegen::facade_js());
}

#[test]
fn declarations_have_no_any() {
    let d = unkey_edge_codegen::declarations();
    assert!(
        !d.contains(": any") && !d.contains("<any>") && !d.contains("any[]"),
        "public types must not use `any`"
    );
}

#[test]
fn every_operation_is_in_the_facade() {
    let js = unkey_edge_codegen::facade_js();
    let dts = unkey_edge_codegen::declarations();
    for op in unkey_edge::ops::all() {
        assert!(
            js.contains(&format!("\"{}\"", op.js_name)) || op.namespace == "liveness",
            "{} missing from index.js",
            op.js_name
        );
        assert!(
            dts.contains(&format!("  {}(", op.js_name)),
            "{} missing from index.d.ts",
            op.js_name
        );
    }
}
