//! unkey-edge: a typed Unkey v2 API client for Rust and WebAssembly.
