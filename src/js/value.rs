//! [`JsonValue`] for `JsValue`: lets the shared validator and error decoder read JS objects
//! in place through `Reflect`, with no serde and no copy of the whole value into wasm memory.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Array, JsString, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::schema::{JsonKind, JsonValue};

/// Longest string (UTF-16 units) copied into wasm for validation. Every bounded string field is
/// far shorter, so a longer string is still reported as too long, and a 100 MB string from JS
/// costs no wasm memory.
const MAX_STRING_COPY: u32 = 1 << 16;

impl JsonValue for JsValue {
    fn kind(&self) -> JsonKind {
        if self.is_null() {
            JsonKind::Null
        } else if JsValue::as_bool(self).is_some() {
            JsonKind::Bool
        } else if JsValue::as_f64(self).is_some() {
            JsonKind::Number
        } else if self.is_string() {
            JsonKind::String
        } else if Array::is_array(self) {
            JsonKind::Array
        } else if self.is_object() && !self.is_function() {
            JsonKind::Object
        } else {
            // undefined, functions, symbols, bigints: JSON.stringify drops or rejects them.
            JsonKind::Other
        }
    }

    fn as_bool(&self) -> Option<bool> {
        JsValue::as_bool(self)
    }

    fn as_f64(&self) -> Option<f64> {
        JsValue::as_f64(self)
    }

    fn as_str(&self) -> Option<Cow<'_, str>> {
        let s = self.dyn_ref::<JsString>()?;
        let s = if s.length() > MAX_STRING_COPY {
            s.slice(0, MAX_STRING_COPY)
        } else {
            s.clone()
        };
        Some(Cow::Owned(String::from(s)))
    }

    fn get(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        // A throwing getter or proxy trap counts as absent rather than escaping as a panic.
        Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn keys(&self) -> Vec<String> {
        if !self.is_object() || Array::is_array(self) {
            return Vec::new();
        }
        let obj: &Object = self.unchecked_ref();
        // Own enumerable string keys, as JSON.stringify sees them: `undefined` values are
        // dropped by JSON, so they are not reported as unknown fields either.
        Object::keys(obj)
            .iter()
            .filter_map(|k| {
                let v = Reflect::get(self, &k).ok()?;
                if v.is_undefined() {
                    None
                } else {
                    k.as_string()
                }
            })
            .collect()
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
    Array::is_array(v).then(|| v.unchecked_ref::<Array>())
}
