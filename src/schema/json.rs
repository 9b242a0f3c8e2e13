//! The read-only view of a JSON value that the validator and the error decoder need.

use alloc::borrow::Cow;
use alloc::vec::Vec;

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool,
    /// Any number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
    /// Not representable in JSON (e.g. a JS function, symbol or bigint).
    Other,
}

/// A JSON value the validator can walk without knowing its representation.
///
/// Implemented for `&serde_json::Value` here, and for `JsValue` in the wasm façade. Accessors that
/// descend return `Self`, so a borrowed representation stays borrowed and a handle-based one
/// (JS) returns new handles.
#[allow(clippy::len_without_is_empty)] // `len` is "array length, if an array"
pub trait JsonValue: Sized {
    /// The value's type.
    fn kind(&self) -> JsonKind;
    /// The boolean, if this is one.
    fn as_bool(&self) -> Option<bool>;
    /// The number, if this is one.
    fn as_f64(&self) -> Option<f64>;
    /// The string, if this is one.
    fn as_str(&self) -> Option<Cow<'_, str>>;
    /// The string's length in Unicode code points, counting no further than `limit`; `None`
    /// for a non-string. (The JS value answers without copying the string into wasm.)
    fn str_len(&self, limit: usize) -> Option<usize> {
        self.as_str().map(|s| s.chars().take(limit).count())
    }
    /// An object's property; `None` when absent (or, in JS, `undefined`) or not an object.
    fn get(&self, key: &str) -> Option<Self>;
    /// An object's own members, in order, as JSON would encode them (in JS: own enumerable
    /// properties whose value is not `undefined`); empty for non-objects. The validator walks
    /// these rather than asking for each declared field: one read for the whole object.
    fn entries(&self) -> Vec<(Cow<'_, str>, Self)>;
    /// An array's length; `None` for non-arrays.
    fn len(&self) -> Option<usize>;
    /// An array's item.
    fn item(&self, index: usize) -> Option<Self>;
    /// An array's items; `None` for non-arrays. The default asks for each by index.
    fn items(&self) -> Option<Vec<Self>> {
        let n = self.len()?;
        Some((0..n).map_while(|i| self.item(i)).collect())
    }
}

impl JsonValue for &serde_json::Value {
    fn kind(&self) -> JsonKind {
        use serde_json::Value as V;
        match self {
            V::Null => JsonKind::Null,
            V::Bool(_) => JsonKind::Bool,
            V::Number(_) => JsonKind::Number,
            V::String(_) => JsonKind::String,
            V::Array(_) => JsonKind::Array,
            V::Object(_) => JsonKind::Object,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        serde_json::Value::as_bool(self)
    }
    fn as_f64(&self) -> Option<f64> {
        serde_json::Value::as_f64(self)
    }
    fn as_str(&self) -> Option<Cow<'_, str>> {
        serde_json::Value::as_str(self).map(Cow::Borrowed)
    }
    fn get(&self, key: &str) -> Option<Self> {
        self.as_object().and_then(|m| m.get(key))
    }
    fn entries(&self) -> Vec<(Cow<'_, str>, Self)> {
        self.as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), v))
                    .collect()
            })
            .unwrap_or_default()
    }
    fn len(&self) -> Option<usize> {
        self.as_array().map(Vec::len)
    }
    fn item(&self, index: usize) -> Option<Self> {
        self.as_array().and_then(|a| a.get(index))
    }
}
