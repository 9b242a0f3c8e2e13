//! The guard's decision core for JS: `GuardCore`, used only by `js/guard.js`.
//!
//! A thin wrapper over [`crate::guard::Guard`]'s flat entry points (layouts in
//! [`crate::guard::flat`]): strings and numbers in, one NUL-joined string out ([`joined`]), so
//! this export adds no object-walking code to the wasm.

use alloc::string::String;
use alloc::vec::Vec;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::guard::{flat, Guard};

/// A compiled route table. Built once per guard by `js/guard.js`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct GuardCore(Guard);

#[wasm_bindgen]
impl GuardCore {
    /// Compile the route table; throws a `TypeError`-like error naming every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(
        routes: Vec<String>,
        policies: Vec<String>,
        settings: Vec<String>,
    ) -> Result<GuardCore, JsValue> {
        Guard::from_flat(&routes, &policies, &settings)
            .map(GuardCore)
            .map_err(|e| JsValue::from(js_sys::TypeError::new(&e.message())))
    }

    /// Route id for the request (`target`: its path and query), -1 for a path that cannot be
    /// matched safely, -2 for a method override in the query.
    pub fn route(&self, method: &str, target: &str) -> i32 {
        self.0.resolve_flat(method, target)
    }

    /// The key to verify, or `undefined` when no verification is due.
    pub fn plan(&self, route: i32, raw_key: Option<String>) -> Option<String> {
        self.0.plan_flat(route, raw_key.as_deref())
    }

    /// Identifier for the route's standalone rate limit, or `undefined` when no call is due.
    #[wasm_bindgen(js_name = limitId)]
    #[allow(clippy::too_many_arguments)]
    pub fn limit_id(
        &self,
        route: i32,
        valid: bool,
        code: &str,
        key_id: &str,
        external_id: &str,
        ip: &str,
        header: &str,
    ) -> Option<String> {
        self.0
            .limit_identifier_flat(route, valid, code, key_id, external_id, ip, header)
    }

    /// Decide; see `crate::guard::flat` for the layouts. The parts come [`joined`].
    pub fn decide(
        &self,
        route: i32,
        raw_key: Option<String>,
        strings: Vec<String>,
        numbers: Vec<f64>,
    ) -> String {
        joined(
            self.0
                .decide_flat(route, raw_key.as_deref(), &strings, &numbers),
        )
    }

    /// The caller headers (of `names`) to delete before forwarding, [`joined`] (`""`: none).
    pub fn strip(&self, names: Vec<String>) -> String {
        joined(self.0.strip_flat(&names))
    }

    /// Classify a client error: 2 = unreachable (fail mode applies), 3 = rejected,
    /// 4 = unusable (see [`crate::guard::Failure`]).
    pub fn classify(kind: &str, status: Option<u16>) -> u8 {
        flat::classify_flat(kind, status)
    }
}

/// `parts` joined with NUL, which `js/guard.js` splits on: one string crosses into JS instead of
/// one per part (each crossing is a `TextDecoder` call, a native one in workerd). No part can
/// hold a NUL of its own: header names and values cannot, the problem body escapes control
/// characters, and a NUL from the API (in an external id, say) is replaced here, since a header
/// could not carry it anyway.
fn joined(parts: Vec<String>) -> String {
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
