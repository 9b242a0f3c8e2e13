//! Request and response bodies of every operation, one module per namespace.
//!
//! Requests are `#[non_exhaustive]` structs with public fields, a `new(required…)` constructor and
//! one fluent setter per optional field (both from `#[derive(Request)]`). Unset optional fields
//! are not sent. Responses tolerate unknown fields, and their enums are open (`Unknown(String)`),
//! so a server that adds a field or a code does not break deserialization.
//!
//! Timestamps are Unix epoch milliseconds and durations are milliseconds (`i64`).

pub mod apis;
pub mod common;
pub mod identities;
pub mod keys;
pub mod permissions;
pub mod ratelimit;

pub use apis::*;
pub use common::*;
pub use identities::*;
pub use keys::*;
pub use permissions::*;
pub use ratelimit::*;
