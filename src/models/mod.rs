//! Request and response bodies of every operation, one module per namespace.
//!
//! Requests are `#[non_exhaustive]` structs with public fields, a `new(required…)` constructor and
//! one fluent setter per optional field (both from `#[derive(Request)]`). Unset optional fields
//! are not sent. Responses tolerate unknown fields, and their enums are open (`Unknown(String)`),
//! so a server that adds a field or a code does not break deserialization.
//!
//! Timestamps are Unix epoch milliseconds and durations are milliseconds (`i64`).
//!
//! ```
//! use unkey_edge::models::{CreateKeyRequest, Credits, ListKeysRequest, Refill, RefillInterval};
//!
//! let page = ListKeysRequest::new("api_123").limit(100);
//! assert_eq!(page.limit, Some(100));
//! let create = CreateKeyRequest::new("api_123")
//!     .prefix("sk")
//!     .byte_length(16)
//!     .name("ci runner")
//!     .roles(["deployer"])
//!     .credits(Credits::new(1_000).refill(Refill::new(RefillInterval::Daily, 1_000)))
//!     .expires(4_102_444_800_000);
//! assert_eq!(create.byte_length, Some(16));
//! ```

pub mod analytics;
pub mod apis;
pub mod common;
pub mod identities;
#[cfg(all(feature = "serde-wasm-bindgen", target_arch = "wasm32"))]
mod js;
pub mod keys;
pub mod permissions;
pub mod portal;
pub mod ratelimit;

pub use analytics::*;
pub use apis::*;
pub use common::*;
pub use identities::*;
#[cfg(all(feature = "serde-wasm-bindgen", target_arch = "wasm32"))]
pub use js::JsModel;
pub use keys::*;
pub use permissions::*;
pub use portal::*;
pub use ratelimit::*;
