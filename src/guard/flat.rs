//! How a [`Step`] crosses to JS (`js/guard.js`, through the wasm export in `src/js/guard.rs`):
//! one string of NUL-separated parts, so an answer is one copy out of wasm memory. Pure, so it
//! is tested here on the host; `js/guard.js` is the only consumer and documents the same layout.
//!
//! - `["verify", deadlineMs, requestJson, cache]` (cache `"1"` when the client's verification
//!   cache may answer, `"0"` not) and `["limit", deadlineMs, requestJson]`: the call to make;
//! - `["deny", status, code, body, "0", (name, value)*]`: answer with this;
//! - `["forward", "0", verdict, "", n, (name, value)×n for the origin request, (name, value)*
//!   for the response]`: send it on.
//!
//! No part can hold a NUL of its own: header names and values cannot, JSON and problem bodies
//! escape control characters, and a NUL from the API (in an external id, say) is replaced, since
//! a header could not carry it anyway.

use alloc::string::String;
use alloc::vec::Vec;

use super::text::num as decimal;
use super::{Decision, Step};

/// The parts of a step (layout in the module docs).
pub fn encode_step(step: &Step) -> Vec<String> {
    match step {
        Step::Verify {
            request,
            deadline_ms,
            cache,
        } => Vec::from([
            String::from("verify"),
            decimal(u64::from(*deadline_ms)),
            request.clone(),
            String::from(if *cache { "1" } else { "0" }),
        ]),
        Step::Limit {
            request,
            deadline_ms,
        } => Vec::from([
            String::from("limit"),
            decimal(u64::from(*deadline_ms)),
            request.clone(),
        ]),
        Step::Done(d) => encode(d),
    }
}

/// The parts of a decision (layout in the module docs).
pub fn encode(d: &Decision) -> Vec<String> {
    let mut out = Vec::new();
    match d {
        Decision::Deny(d) => {
            out.extend([
                "deny".to_owned(),
                decimal(u64::from(d.status)),
                d.code.clone(),
                d.body.clone(),
                "0".to_owned(),
            ]);
            for (k, v) in &d.headers {
                out.extend([k.clone(), v.clone()]);
            }
        }
        Decision::Forward(f) => {
            out.extend([
                "forward".to_owned(),
                "0".to_owned(),
                f.verdict.as_str().to_owned(),
                String::new(),
                decimal(f.request_headers.len() as u64),
            ]);
            for (k, v) in f.request_headers.iter().chain(&f.response_headers) {
                out.extend([k.clone(), v.clone()]);
            }
        }
    }
    out
}

/// `parts` joined with NUL, which `js/guard.js` splits on (NULs inside a part become U+FFFD).
pub fn joined(parts: &[String]) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('\0');
        }
        if part.contains('\0') {
            out.push_str(&part.replace('\0', "\u{fffd}"));
        } else {
            out.push_str(part);
        }
    }
    out
}
