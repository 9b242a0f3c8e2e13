//! Models to and from `JsValue` (feature `serde-wasm-bindgen`, implied by `gloo`; wasm32):
//! for a Rust browser app or Worker that hands typed results to JS and takes JS input.
//!
//! `to_js` is serde-wasm-bindgen with maps as plain objects and `None` as `null`, as
//! serde_json writes them (fields that are optional but not nullable are left out when
//! absent, as on the wire), so what it gives is what `JSON.parse` of the wire form gives: a
//! `Patch::Null` stays `null` ("clear"), an absent `Patch` stays absent. `from_js` first runs the one schema
//! validator ([`schema::validate_dropping`](crate::schema::validate_dropping), the typed Rust
//! API's checks but for undeclared members, which are dropped as the npm package drops them,
//! over the JS value in place: `src/js/value.rs`) and only then deserializes, so bad input from JS is an
//! [`Error::Validation`] naming the field, as a bad typed request is, and never a panic.
//! Members set to `undefined` count as absent, as in JSON (`js/wasm/defined.js`): for
//! serde-wasm-bindgen alone they are `null`, which on a `Patch` field means "clear".

use alloc::string::String;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use super::Response;
use crate::error::{Error, Result, ValidationError, ValidationErrorKind};
use crate::schema::{validate_dropping, Schema};

#[wasm_bindgen(module = "/js/wasm/defined.js")]
extern "C" {
    /// A copy without `undefined` members (see the file); throws on cycles and throwing traps.
    #[wasm_bindgen(catch)]
    fn defined(v: &JsValue) -> core::result::Result<JsValue, JsValue>;
}

/// The serializer every `to_js` uses: objects for maps, `null` for `None`, as JSON.
fn serializer() -> serde_wasm_bindgen::Serializer {
    serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true)
}

fn encode<T: Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    value.serialize(&serializer()).map_err(|e| {
        let mut message = String::from("cannot convert to a JS value: ");
        message.push_str(&e.to_string());
        Error::Config(message)
    })
}

/// `to_js()` / `from_js()` for every request and response model (every type with a schema
/// table; for a whole response envelope see [`Response::to_js`]).
///
/// ```no_run
/// use unkey_edge::models::{JsModel, VerifyKeyRequest};
/// use wasm_bindgen::JsValue;
///
/// # fn run(input: JsValue) -> unkey_edge::Result<JsValue> {
/// // JS input, checked against the operation's schema before it becomes a typed request.
/// let req = VerifyKeyRequest::from_js(&input)?;
/// // A typed model, as a plain JS object.
/// req.to_js()
/// # }
/// ```
pub trait JsModel: Sized {
    /// This value as a plain JS object (or string, for enums), shaped as its JSON.
    ///
    /// # Errors
    /// [`Error::Config`] if serde-wasm-bindgen cannot represent a value (an integer beyond
    /// ±2^53, which no model holds from the wire).
    fn to_js(&self) -> Result<JsValue>
    where
        Self: Serialize;

    /// A model from a JS value, refused unless it passes the model's schema; members the
    /// model does not declare are dropped, as `@unkey/api` drops them.
    ///
    /// # Errors
    /// [`Error::Validation`] with the first problem's location (`body.name`), as the typed
    /// API reports a bad request.
    fn from_js(value: &JsValue) -> Result<Self>
    where
        Self: DeserializeOwned;
}

impl<T: Schema> JsModel for T {
    fn to_js(&self) -> Result<JsValue>
    where
        Self: Serialize,
    {
        encode(self)
    }

    fn from_js(value: &JsValue) -> Result<Self>
    where
        Self: DeserializeOwned,
    {
        // As the npm package (and `@unkey/api`): members the model does not declare are
        // dropped, not refused; serde skips them below.
        validate_dropping(T::SHAPE, value, &mut |_, _| {})?;
        // The schema holds everything serde reads; should a value still not fit (a getter
        // that answers differently the second time, a case the tables do not state), it is
        // refused the same way, at the top.
        let refused = || {
            Error::Validation(ValidationError {
                location: String::from("body"),
                kind: ValidationErrorKind::WrongType {
                    expected: "a value of the model's type",
                },
            })
        };
        let plain = defined(value).map_err(|_| refused())?;
        serde_wasm_bindgen::from_value(plain).map_err(|_| refused())
    }
}

impl<D: Serialize> Response<D> {
    /// The whole envelope (`{ meta, data, pagination? }`) as a plain JS object.
    ///
    /// # Errors
    /// As [`JsModel::to_js`].
    pub fn to_js(&self) -> Result<JsValue> {
        encode(self)
    }
}
