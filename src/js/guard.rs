//! The guard's core for JS: `GuardCore` and `GuardCheck`, used only by `js/guard.js`.
//!
//! A thin wrapper over [`crate::guard`]: the options come in once as JSON
//! ([`Guard::from_json`]), each request is a [`Check`] driven by `next`, and answers cross back
//! as one NUL-joined string ([`flat`]), so this export adds no object-walking code to the wasm.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::Function;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::guard::{flat, Check, Guard, Incoming};

/// A compiled route table. Built once per guard by `js/guard.js`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct GuardCore(Guard);

/// One request's check, between steps. `js/guard.js` frees it when the request is decided.
#[wasm_bindgen]
#[derive(Debug)]
pub struct GuardCheck(Check);

#[wasm_bindgen]
impl GuardCore {
    /// Compile the guard's options (JSON, see `crate::guard::config`); throws a `TypeError`
    /// naming every problem.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<GuardCore, JsValue> {
        Guard::from_json(options)
            .map(GuardCore)
            .map_err(|e| JsValue::from(js_sys::TypeError::new(&e.message())))
    }

    /// Start a request: `header(name)` gives a header's value or null; `custom_key` is what a
    /// key function gave; `ip` the platform's client IP; `request_id` an id of the caller's;
    /// `random` two 32-bit halves for an id when there is no `cf-ray`; `now` Unix ms.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        &self,
        method: &str,
        target: &str,
        header: &Function,
        custom_key: Option<String>,
        ip: Option<String>,
        request_id: Option<String>,
        random_hi: u32,
        random_lo: u32,
        now: f64,
    ) -> GuardCheck {
        let read = |name: &str| {
            header
                .call1(&JsValue::UNDEFINED, &JsValue::from_str(name))
                .ok()
                .and_then(|v| v.as_string())
        };
        let incoming = Incoming {
            method,
            target,
            header: &read,
            custom_key: custom_key.as_deref(),
            ip: ip.as_deref(),
            request_id: request_id.as_deref(),
            random: (u64::from(random_hi) << 32) | u64::from(random_lo),
        };
        GuardCheck(self.0.check(&incoming, now))
    }

    /// The next step of `check`, as `crate::guard::flat` lays it out.
    pub fn next(&self, check: &mut GuardCheck) -> String {
        flat::joined(&flat::encode_step(&self.0.next(&mut check.0)))
    }

    /// Feed `keys.verifyKey`'s answer (the envelope as JSON text) to `check`.
    pub fn verified(&self, check: &mut GuardCheck, envelope: &str) {
        check.0.verified(envelope, &self.0);
    }

    /// The pattern of the route `check` matched (`undefined`: a refused path or the fallback).
    #[wasm_bindgen(js_name = routePath)]
    pub fn route_path(&self, check: &GuardCheck) -> Option<String> {
        let id = check.0.route()?;
        self.0
            .routes()
            .get(id)
            .map(|r| String::from(r.pattern.as_str()))
    }

    /// The caller headers (of `names`) to delete before forwarding, NUL-joined (`""`: none).
    pub fn strip(&self, names: Vec<String>) -> String {
        let kept: Vec<String> = names.into_iter().filter(|h| self.0.strips(h)).collect();
        flat::joined(&kept)
    }
}

#[wasm_bindgen]
impl GuardCheck {
    /// Feed `ratelimit.limit`'s answer (the envelope as JSON text).
    pub fn limited(&mut self, envelope: &str) {
        self.0.limited(envelope);
    }

    /// The pending call failed: the error's `kind` and HTTP status.
    pub fn failed(&mut self, kind: &str, status: Option<u16>) {
        self.0.failed(kind, status);
    }

    /// This request's id (for the answer and `onError`).
    #[wasm_bindgen(js_name = requestId)]
    pub fn request_id(&self) -> String {
        String::from(self.0.request_id())
    }
}
