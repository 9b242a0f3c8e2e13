//! The JS façade (wasm32). Feature `js`: one exported class, `UnkeyCore`, with one generic
//! method, `call(opIndex, text, oversize, options…)`. The `Unkey` class users see, with its
//! namespaces and methods, is plain JS generated from [`crate::ops`] (`unkey-edge-codegen`).
//!
//! No serde is reachable from here: requests are encoded with `JSON.stringify` and that text is
//! checked against the schema tables in wasm memory ([`JsonText`](crate::schema::JsonText));
//! responses are parsed with `JSON.parse`, checked for the envelope's shape and handed back as
//! they are (read through [`JsonValue`](crate::schema::JsonValue) for `JsValue` when the wasm
//! classifies them). One code path serves every operation, which keeps the wasm small
//! (`size-probe.md`); no Rust future runs per call: the JS façade sends each attempt and the
//! wasm steps the engine's attempt bookkeeping synchronously (`UnkeyCore::next_attempt`,
//! `UnkeyCore::settle`).
//!
//! Feature `js-guard` exports the guard's `GuardCore` (`guard.rs`) as well; `make pkg` builds
//! `js` + `js-guard` as the `unkey-edge/guard` subpath's own wasm, so that clients that never use
//! the guard don't carry it and a guard Worker carries one wasm.

#[cfg(feature = "js")]
mod client;
#[cfg(feature = "js")]
mod error;
#[cfg(feature = "js-guard")]
mod guard;
#[cfg(feature = "js")]
mod options;
// Also the JS view `models::JsModel::from_js` validates (feature `serde-wasm-bindgen`).
#[cfg(any(feature = "js", feature = "serde-wasm-bindgen"))]
mod value;

#[cfg(feature = "js")]
pub use client::UnkeyCore;

/// The npm build's allocator (feature `lol_alloc`): a free list that coalesces neighbours,
/// about 7 KB smaller than the default dlmalloc. wasm32 without atomics has one thread, which
/// is what `AssumeSingleThreaded` requires.
#[cfg(feature = "lol_alloc")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature runs on a single thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
