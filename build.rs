//! One name for "the npm build" (`cfg(npm)`): feature `js` on wasm32. There the operation table
//! and the schema tables leave out what only the host's code generator and the typed Rust API
//! read (names, docs, response schemas, JS defaults), to keep the package's wasm small. Every
//! other build, wasm32 included (a browser app, a Worker on workers-rs), keeps the full tables.
fn main() {
    println!("cargo::rustc-check-cfg=cfg(npm)");
    let js = std::env::var_os("CARGO_FEATURE_JS").is_some();
    let wasm32 = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if js && wasm32 {
        println!("cargo::rustc-cfg=npm");
    }
}
