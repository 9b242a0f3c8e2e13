//! Host unit tests of the pure parts: validator, retry policy, error decoding, the engine's
//! request building and deadline arithmetic (on a fake clock), the verification cache (on a fake
//! clock), and the model tables.
//! Behaviour over HTTP is tested against a real unkey-local in `tests/*.rs`.

mod cache;
mod engine;
mod error;
mod models;
mod retry;
mod schema;
