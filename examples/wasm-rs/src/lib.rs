//! A wasm-bindgen library on the typed Rust client: every value JS gets is a typed model turned
//! into a plain JS object with `to_js`, and every value JS gives is checked with `from_js`
//! (the schema validator) before it becomes a typed request. Errors reach JS as `Error`s whose
//! `name` is the error's kind (`"api"`, `"validation"`, `"timeout"`…), never with the root key.

use unkey_edge::models::{
    CreateApiRequest, CreateKeyRequest, Credits, JsModel, VerifyKeyRequest,
};
use unkey_edge::{Client, Unkey};
use wasm_bindgen::prelude::*;

/// The Unkey error as a JS `Error`: its one-line text, `name` its kind.
fn to_js_error(e: unkey_edge::Error) -> JsValue {
    let error = js_sys::Error::new(&e.to_string());
    error.set_name(e.kind());
    error.into()
}

/// A client for `serverUrl` with `rootKey`, on gloo-net (the default transport on wasm32).
#[wasm_bindgen]
pub struct Demo {
    unkey: Client,
}

#[wasm_bindgen]
impl Demo {
    /// `new Demo(serverUrl, rootKey)`.
    #[wasm_bindgen(constructor)]
    pub fn new(server_url: &str, root_key: &str) -> Result<Demo, JsValue> {
        let unkey = Unkey::builder()
            .root_key(root_key)
            .server_url(server_url)
            .build()
            .map_err(to_js_error)?;
        Ok(Demo { unkey })
    }

    /// Creates an API and a key with `credits` uses, verifies the key once, and returns
    /// `{ apiId, keyId, verification }` where `verification` is the typed `VerifyKeyData`
    /// as a JS object.
    #[wasm_bindgen(js_name = createAndVerify)]
    pub async fn create_and_verify(&self, name: String, credits: u32) -> Result<JsValue, JsValue> {
        let api = self
            .unkey
            .apis()
            .create_api(CreateApiRequest::new(name))
            .await
            .map_err(to_js_error)?;
        let key = self
            .unkey
            .keys()
            .create_key(CreateKeyRequest::new(&api.data.api_id).credits(Credits::new(i64::from(credits))))
            .await
            .map_err(to_js_error)?;
        let verified = self
            .unkey
            .keys()
            .verify_key(VerifyKeyRequest::new(&key.data.key))
            .await
            .map_err(to_js_error)?;
        let out = js_sys::Object::new();
        js_sys::Reflect::set(&out, &"apiId".into(), &api.data.api_id.into())?;
        js_sys::Reflect::set(&out, &"keyId".into(), &key.data.key_id.into())?;
        let verification = verified.data.to_js().map_err(to_js_error)?;
        js_sys::Reflect::set(&out, &"verification".into(), &verification)?;
        Ok(out.into())
    }

    /// `keys.verifyKey` with a request object from JS (`{ key, permissions?, … }`), checked
    /// against the schema first; resolves to the whole typed response envelope.
    #[wasm_bindgen(js_name = verifyKey)]
    pub async fn verify_key(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let request = VerifyKeyRequest::from_js(&request).map_err(to_js_error)?;
        let response = self
            .unkey
            .keys()
            .verify_key(request)
            .await
            .map_err(to_js_error)?;
        response.to_js().map_err(to_js_error)
    }
}
