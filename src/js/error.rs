//! [`Error`] → the JS `UnkeyError`: a real `Error` (so stack traces and `instanceof Error`
//! work everywhere) with `name = "UnkeyError"` and the fields of `@unkey/api`'s errors copied on.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::Error;

/// Builds the JS error for `err`. The message is `Error`'s one-line `Display` text, which never
/// contains the root key. Properties, in order: `kind`, `statusCode`, `type`, `title`, `detail`,
/// `requestId`, `body`, `errors` (each only when the error has it; `errors` always).
pub(crate) fn to_js(err: &Error) -> JsValue {
    let e = js_sys::Error::new(&err.message());
    e.set_name("UnkeyError");
    set_str(&e, "kind", err.kind());
    if let Some(status) = err.status() {
        set(&e, "statusCode", &JsValue::from(status));
    }
    let api = err.as_api();
    if let Some(api) = api {
        // One loop instead of one call site per field: the wasm is smaller.
        for (key, value) in [
            ("type", &api.error_type),
            ("title", &api.title),
            ("detail", &api.detail),
        ] {
            if !value.is_empty() {
                set_str(&e, key, value);
            }
        }
    }
    if let Some(id) = err.request_id() {
        set_str(&e, "requestId", id);
    }
    let errors = Array::new();
    if let Some(api) = api {
        if let Some(body) = &api.body {
            set_str(&e, "body", body);
        }
        for d in &api.errors {
            errors.push(&detail(&d.location, &d.message, d.fix.as_deref()));
        }
    }
    if let Error::Validation(v) = err {
        errors.push(&detail(&v.location, &v.kind.message(), None));
    }
    set(&e, "errors", &errors);
    e.into()
}

/// One entry of `errors`: `{ location, message, fix? }`.
fn detail(location: &str, message: &str, fix: Option<&str>) -> Object {
    let item = Object::new();
    set_str(&item, "location", location);
    set_str(&item, "message", message);
    if let Some(fix) = fix {
        set_str(&item, "fix", fix);
    }
    item
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Defining a data property on an object we just created cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

#[inline(never)]
fn set_str(target: &Object, key: &str, value: &str) {
    set(target, key, &JsValue::from_str(value));
}
