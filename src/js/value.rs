//! [`JsonValue`] for `JsValue`: lets the envelope check and the error decoder read parsed
//! responses in place, with no serde and no copy of the whole value into wasm memory. (Requests
//! are validated from their JSON text instead: [`JsonText`](crate::schema::JsonText).) The
//! shared validator accepts it too, and a wasm test holds it to the text view.
//!
//! Each read is one call into a small JS helper (below) rather than a chain of `js-sys`
//! calls: telling a value's type through `js-sys` takes up to seven boundary crossings, reading a
//! property four (BENCHMARKS.md, "Per-call work, session 2").

use alloc::borrow::Cow;
use alloc::vec::Vec;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::schema::{JsonKind, JsonValue};

/// Longest string (UTF-16 units) copied into wasm. Every bounded string field is far shorter, so
/// a longer string still counts as too long, and a 100 MB string from JS costs no wasm memory.
const MAX_STRING_COPY: u32 = 1 << 16;

#[wasm_bindgen(module = "/js/wasm/value.js")]
extern "C" {
    /// [`JsonKind`] as a number (see `kind_of`). Boxed primitives (`new String("x")`) count
    /// as objects, as `typeof` says, so the validator refuses them where a string, number or
    /// boolean is expected.
    fn kind(v: &JsValue) -> u32;
    /// `o[k]` for an object, `undefined` otherwise or when a getter or proxy trap throws.
    fn prop(o: &JsValue, k: &str) -> JsValue;
    /// `prop(o, KNOWN[i])` for the envelope's member names ([`KNOWN`]), read on every
    /// response: passing a `&str` to JS decodes it each time, a native `TextDecoder` call in
    /// workerd.
    fn known(o: &JsValue, i: u32) -> JsValue;
    /// `[k0, v0, k1, v1, …]`: own enumerable string keys whose value is not `undefined`
    /// (what `JSON.stringify` encodes); empty for non-objects, arrays and throwing proxies.
    fn entries(o: &JsValue) -> Array;
    /// The string, cut to `max` UTF-16 units; `undefined` for a non-string.
    fn capped(v: &JsValue, max: u32) -> JsValue;
}

/// The property names `known` reads by index; the same list as `KNOWN` in the JS above.
const KNOWN: [&str; 3] = ["meta", "requestId", "data"];

fn kind_of(code: u32) -> JsonKind {
    match code {
        0 => JsonKind::Null,
        1 => JsonKind::Bool,
        2 => JsonKind::Number,
        3 => JsonKind::String,
        4 => JsonKind::Array,
        5 => JsonKind::Object,
        // undefined, functions, symbols, bigints: JSON.stringify drops or rejects them.
        _ => JsonKind::Other,
    }
}

impl JsonValue for JsValue {
    fn kind(&self) -> JsonKind {
        kind_of(kind(self))
    }

    fn as_bool(&self) -> Option<bool> {
        JsValue::as_bool(self)
    }

    fn as_f64(&self) -> Option<f64> {
        JsValue::as_f64(self)
    }

    fn as_str(&self) -> Option<Cow<'_, str>> {
        capped(self, MAX_STRING_COPY).as_string().map(Cow::Owned)
    }

    fn get(&self, key: &str) -> Option<Self> {
        let v = match KNOWN.iter().position(|k| *k == key) {
            Some(i) => known(self, i as u32),
            None => prop(self, key),
        };
        Some(v).filter(|v| !v.is_undefined())
    }

    fn entries(&self) -> Vec<(Cow<'_, str>, Self)> {
        let flat = entries(self);
        let n = flat.length();
        let mut out = Vec::with_capacity((n / 2) as usize);
        let mut i = 0;
        while i + 1 < n {
            // Keys from Object.keys are strings.
            if let Some(key) = flat.get(i).as_string() {
                out.push((Cow::Owned(key), flat.get(i + 1)));
            }
            i += 2;
        }
        out
    }

    fn len(&self) -> Option<usize> {
        as_array(self).map(|a| a.length() as usize)
    }

    fn item(&self, index: usize) -> Option<Self> {
        let a = as_array(self)?;
        let i = u32::try_from(index).ok()?;
        (i < a.length()).then(|| a.get(i))
    }
}

/// `Array.isArray` rather than `instanceof`, so arrays from another realm (an iframe, a Node
/// `vm` context) are arrays too, as they are for `kind()` and for JSON.
fn as_array(v: &JsValue) -> Option<&Array> {
    (kind(v) == 4).then(|| v.unchecked_ref::<Array>())
}
