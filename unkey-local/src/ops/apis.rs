//! The `apis` operations.

use super::{needs, object_body, page, present, Cx, OpResult, Reply};
use crate::error::ApiError;
use crate::ids::new_id;
use crate::model::Api;
use crate::state::{kind, State};
use crate::validate::{Checker, Pattern, Str, ANY};
use serde_json::{json, Value};

const B: &str = "body";
const API_ID: Str = Str::len(8, 255).pat(Pattern::Ident);

fn api_404() -> ApiError {
    ApiError::not_found(
        "unkey/data/api_not_found",
        "The requested API does not exist or has been deleted.",
    )
}

/// `apis.createApi`.
pub fn create_api(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let name = c.string(o, B, "name", true, Str::len(3, 256));
    c.only(o, B, &["name"]);
    c.finish()?;
    cx.authorize(&crate::auth::Need::t("api.*.create_api"))?;
    let api = Api {
        id: new_id("api"),
        name: present(name)?,
        created_at: cx.now,
        deleted: false,
        delete_protection: false,
        ip_whitelist: Vec::new(),
        default_prefix: None,
        default_bytes: None,
        store_encrypted_keys: false,
    };
    st.persist(kind::API, &api.id, &api)?;
    let id = api.id.clone();
    st.apis.insert(id.clone(), api);
    Ok(Reply::Data(json!({"apiId": id})))
}

/// `apis.getApi`.
pub fn get_api(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let api_id = c.string(o, B, "apiId", true, API_ID);
    c.only(o, B, &["apiId"]);
    c.finish()?;
    let api_id = present(api_id)?;
    cx.authorize(&needs::on_api(&api_id, "read_api"))?;
    let api = st.live_api(&api_id).ok_or_else(api_404)?;
    Ok(Reply::Data(json!({"id": api.id, "name": api.name})))
}

/// `apis.listKeys`: the API's live keys in id order, with cursor pagination.
pub fn list_keys(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let api_id = c.string(o, B, "apiId", true, Str::len(1, usize::MAX));
    let limit = c.int(o, B, "limit", false, 1, 100);
    let cursor = c.string(o, B, "cursor", false, ANY);
    // Only minLength 1 in upstream's spec here (V2ApisListKeysRequestBody), not the pattern and
    // maxLength createKey's externalId has.
    let external_id = c.string(o, B, "externalId", false, Str::len(1, usize::MAX));
    let decrypt = c.boolean(o, B, "decrypt");
    c.boolean(o, B, "revalidateKeysCache");
    c.only(
        o,
        B,
        &[
            "apiId",
            "limit",
            "cursor",
            "externalId",
            "decrypt",
            "revalidateKeysCache",
        ],
    );
    c.finish()?;
    let api_id = present(api_id)?;
    // A missing API and one the root key may not read answer the same 404 (the real handler
    // masks the permission failure so API ids cannot be enumerated).
    let hidden = || {
        ApiError::not_found(
            "unkey/data/api_not_found",
            "The requested API does not exist or has been deleted.",
        )
    };
    if st.live_api(&api_id).is_none() || !cx.allows(&needs::list_keys(cx, &api_id)) {
        return Err(hidden());
    }
    // Decryption, in upstream's order: a vault, the permission, a keyspace that stores
    // encrypted keys.
    let vault = match decrypt {
        Some(true) => {
            let vault = st.vault.clone().ok_or_else(super::keys::vault_missing)?;
            cx.authorize(&needs::on_all_keys(cx, &api_id, "decrypt_key"))?;
            if !st.live_api(&api_id).is_some_and(|a| a.store_encrypted_keys) {
                return Err(ApiError::precondition_failed(
                    "The requested API does not support key encryption.",
                ));
            }
            Some(vault)
        }
        _ => None,
    };
    let identity = external_id
        .as_deref()
        .map(|e| st.identity_with_external(e).map(|i| i.id.clone()));
    let (items, next) = page(
        &st.keys,
        cursor.as_deref(),
        limit.unwrap_or(100) as usize,
        |k| {
            !k.deleted
                && k.api_id == api_id
                && match &identity {
                    None => true,
                    Some(wanted) => wanted.is_some() && k.identity_id == *wanted,
                }
        },
    )?;
    let data: Vec<Value> = items
        .iter()
        .map(|k| {
            let mut k = (*k).clone();
            crate::refill::apply(&mut k, cx.now);
            let mut json = st.key_json(&k);
            // Upstream's listing takes the identity id from the key's own column and the rest
            // from a join that skips deleted identities: a deleted one is still named, with an
            // empty external id and nothing else (key_list_live_by_key_space_id.sql).
            if let (Some(id), None, Some(map)) = (
                k.identity_id.as_ref(),
                st.key_identity(&k),
                json.as_object_mut(),
            ) {
                map.insert("identity".into(), json!({"externalId": "", "id": id}));
            }
            let plaintext = vault
                .as_ref()
                .zip(k.encrypted.as_deref())
                .and_then(|(v, e)| v.open(e));
            if let (Some(p), Some(map)) = (plaintext, json.as_object_mut()) {
                map.insert("plaintext".into(), json!(p));
            }
            json
        })
        .collect();
    Ok(Reply::Page(Value::Array(data), next))
}

/// `apis.deleteApi`: soft-deletes the API; its keys then verify as NOT_FOUND.
pub fn delete_api(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let api_id = c.string(o, B, "apiId", true, API_ID);
    c.only(o, B, &["apiId"]);
    c.finish()?;
    let api_id = present(api_id)?;
    cx.authorize(&needs::on_api(&api_id, "delete_api"))?;
    let mut api = st.live_api(&api_id).cloned().ok_or_else(api_404)?;
    if api.delete_protection {
        return Err(ApiError::protected_resource(
            "This API has delete protection enabled. Disable it before attempting to delete.",
        ));
    }
    api.deleted = true;
    st.persist(kind::API, &api.id, &api)?;
    st.apis.insert(api.id.clone(), api);
    Ok(Reply::Data(json!({})))
}
