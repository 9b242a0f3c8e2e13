//! [`Error`] → the JS `UnkeyError`: a real `Error` (so stack traces and `instanceof Error`
//! work everywhere) with `name = "UnkeyError"` and the fields of `@unkey/api`'s errors copied on.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::error::Error;

/// Builds the JS error for `err`. The message is `Error`'s one-line `Display` text, which never
/// contains the root key.
pub(crate) fn to_js(err: &Error) -> JsValue {
    let e = js_sys::Error::new(&err.message());
    e.set_name("UnkeyError");
    set(&e, "kind", &JsValue::from_str(err.kind()));
    let errors = Array::new();
    match err {
        Error::Api(api) => {
            set(&e, "statusCode", &JsValue::from(api.status));
            set_opt(&e, "type", &api.error_type);
            set_opt(&e, "title", &api.title);
            set_opt(&e, "detail", &api.detail);
            if let Some(id) = &api.request_id {
                set(&e, "requestId", &JsValue::from_str(id));
            }
            if let Some(body) = &api.body {
                set(&e, "body", &JsValue::from_str(body));
            }
            for d in &api.errors {
                let item = Object::new();
                set(&item, "location", &JsValue::from_str(&d.location));
                set(&item, "message", &JsValue::from_str(&d.message));
                if let Some(fix) = &d.fix {
                    set(&item, "fix", &JsValue::from_str(fix));
                }
                errors.push(&item);
            }
        }
        Error::Decode {
            status, request_id, ..
        } => {
            set(&e, "statusCode", &JsValue::from(*status));
            if let Some(id) = request_id {
                set(&e, "requestId", &JsValue::from_str(id));
            }
        }
        Error::Validation(v) => {
            let item = Object::new();
            set(&item, "location", &JsValue::from_str(&v.location));
            set(&item, "message", &JsValue::from_str(&v.kind.message()));
            errors.push(&item);
        }
        _ => {}
    }
    set(&e, "errors", &errors);
    e.into()
}

fn set(target: &Object, key: &str, value: &JsValue) {
    // Defining a data property on an object we just created cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn set_opt(target: &Object, key: &str, value: &str) {
    if !value.is_empty() {
        set(target, key, &JsValue::from_str(value));
    }
}
