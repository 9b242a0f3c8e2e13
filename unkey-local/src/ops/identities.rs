//! The `identities` operations. An identity's rate limits are shared by all its keys.

use super::{object_body, page, present, Cx, OpResult, Reply};
use crate::collation::column;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::limit_rows::{self, Owner};
use crate::model::Identity;
use crate::state::State;
use crate::validate::{
    ratelimit_name_too_long, takes_stored_values, Checker, Str, Takes, ANY, EXTERNAL_ID,
    NAME_COLUMN_CHARS,
};
use serde_json::{json, Value};

const B: &str = "body";

fn identity_404() -> ApiError {
    ApiError::not_found(
        "unkey/data/identity_not_found",
        "This identity does not exist.",
    )
}

/// What createIdentity's handler takes of a decoded body ([`Cx::decoded`]): values of its
/// rate limits and `meta` ([`takes_stored_values`]), and any external id, which it inserts as
/// it is (one past its column's [`NAME_COLUMN_CHARS`] fails the insert, a 500).
fn create_takes(instance: &str, keyword: &str, v: &Value) -> bool {
    (instance == "body.externalId" && matches!(keyword, "minLength" | "maxLength" | "pattern"))
        || takes_stored_values(instance, keyword, v)
}

/// `identities.createIdentity` (409 when the external id is taken).
pub fn create_identity(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::decoded(cx.decoded.then_some(create_takes as Takes));
    let external_id = c.string(o, B, "externalId", true, EXTERNAL_ID);
    let meta = c.meta(o, B, "meta");
    let ratelimits = c.ratelimits(o, B, "ratelimits");
    c.finish()?;
    cx.authorize(&super::needs::identity(cx, None, "create_identity"))?;
    if let Some(m) = &meta {
        crate::validate::meta_size(m)?;
    }
    let external_id = present(external_id)?;
    // The JSON column refuses a meta too deep, and the `varchar(256)` column an external id
    // too long (only a decoded body has one), in the insert, before the unique external id is
    // checked (v2_identities_create_identity/handler.go: a fault with no code, a 500).
    if meta
        .as_ref()
        .is_some_and(crate::validate::identity_meta_too_deep)
        || external_id.chars().count() > NAME_COLUMN_CHARS
    {
        return Err(ApiError::internal(
            "We're unable to create the identity and its ratelimits.",
        ));
    }
    let key = column::EXTERNAL_ID.key(&external_id);
    if st.identity_by_external.contains_key(&key) {
        return Err(ApiError::conflict(
            "unkey/data/identity_already_exists",
            format!("Identity with externalId '{external_id}' already exists in this workspace."),
        ));
    }
    // The rate limits are inserted after the identity, in its transaction: a name too long
    // for its column (only a decoded body has one) fails it all.
    if ratelimit_name_too_long(ratelimits.as_deref()) {
        return Err(ApiError::internal(
            "We're unable to create a ratelimit for the identity.",
        ));
    }
    let ident = Identity {
        id: new_id("id"),
        external_id: external_id.clone(),
        meta,
        ratelimits: limit_rows::created(ratelimits.as_deref().unwrap_or(&[]), Owner::Identity),
        created_at: cx.now,
        deleted: false,
    };
    let id = ident.id.clone();
    st.save_identity(ident)?;
    st.identity_by_external.insert(key, id.clone());
    Ok(Reply::Data(json!({"identityId": id})))
}

fn identity_arg(body: &Value, allowed: &[&str]) -> Result<String, ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let ident = c.string(o, B, "identity", true, Str::len(1, usize::MAX));
    c.only(o, B, allowed);
    c.finish()?;
    present(ident)
}

/// `identities.getIdentity` (by identity id or external id).
pub fn get_identity(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let ident = identity_arg(body, &["identity"])?;
    // Looked up first: the requirement names the identity (404 before 403, as upstream).
    let i = st.find_identity(&ident).ok_or_else(identity_404)?;
    cx.authorize(&super::needs::identity(cx, Some(&i.id), "read_identity"))?;
    Ok(Reply::Data(State::identity_json(i)))
}

/// `identities.listIdentities` with an optional case-insensitive search.
pub fn list_identities(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let limit = c.int(o, B, "limit", false, 1, 100);
    let cursor = c.string(o, B, "cursor", false, ANY);
    let search = c.string(o, B, "search", false, Str::len(0, 256));
    c.only(o, B, &["limit", "cursor", "search"]);
    c.finish()?;
    // `LOWER(i.id) LIKE … OR LOWER(i.external_id) LIKE …` (identity_list.sql).
    let search = super::search_term(search)
        .map(|t| (column::ID.contains(&t), column::EXTERNAL_ID.contains(&t)));
    let (items, next) = page(
        &st.identities,
        cursor.as_deref(),
        limit.unwrap_or(100) as usize,
        |i| {
            !i.deleted
                && search
                    .as_ref()
                    .is_none_or(|(id, ext)| id.matches(&i.id) || ext.matches(&i.external_id))
        },
    )?;
    // As upstream, each listed identity is authorized on its own (an empty page needs nothing).
    for i in &items {
        cx.authorize(&crate::auth::Need::Or(vec![
            crate::auth::Need::t(format!("identity.{}.read_identity", i.id)),
            crate::auth::Need::t("identity.*.read_identity"),
            crate::auth::Need::u(cx.ws, "projects/*/identities/*", "read_identity"),
        ]))?;
    }
    let data: Vec<Value> = items.into_iter().map(State::identity_json).collect();
    Ok(Reply::Page(Value::Array(data), next))
}

/// `identities.updateIdentity`: `meta` and `ratelimits` replace the old values.
pub fn update_identity(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::decoded(cx.decoded.then_some(takes_stored_values as Takes));
    let ident = c.string(o, B, "identity", true, Str::len(1, usize::MAX));
    let meta = c.meta(o, B, "meta");
    let ratelimits = c.ratelimits(o, B, "ratelimits");
    c.only(o, B, &["identity", "meta", "ratelimits"]);
    c.finish()?;
    cx.authorize(&super::needs::identity(cx, None, "update_identity"))?;
    // Checked after authorization, with the handler's own text (upstream's order).
    if let Some(e) = ratelimits
        .as_deref()
        .and_then(crate::validate::first_duplicate)
    {
        return Err(e);
    }
    if let Some(m) = &meta {
        crate::validate::meta_size(m)?;
    }
    let mut i = st
        .find_identity(&present(ident)?)
        .cloned()
        .ok_or_else(identity_404)?;
    // The JSON column refuses it in the update, which comes before the rate limits'
    // (v2_identities_update_identity/handler.go: a fault with no code, a 500).
    if meta
        .as_ref()
        .is_some_and(crate::validate::identity_meta_too_deep)
    {
        return Err(ApiError::internal(
            "We're unable to update the identity's metadata.",
        ));
    }
    // New rate limits are inserted after the old ones are updated: a name too long for its
    // column (only a decoded body has one, and no stored limit) fails that insert.
    if ratelimit_name_too_long(ratelimits.as_deref()) {
        return Err(ApiError::database_refused("Failed to insert ratelimits"));
    }
    let limits = ratelimits
        .map(|r| limit_rows::updated_for_identity(&r, &i.ratelimits))
        .transpose()?;
    // Upstream answers the request's `meta`, not the stored one
    // (v2_identities_update_identity/handler.go builds the response from `req.Meta`): none when
    // the request has none; and the rate limits it meant to write (`IdentityUpdate::answer`).
    let echo_meta = meta.is_some();
    if let Some(m) = meta {
        i.meta = Some(m);
    }
    let mut answered = None;
    if let Some(u) = limits {
        i.ratelimits = u.rows;
        answered = Some(u.answer);
    }
    let mut data = State::identity_json(&i);
    if let Some(m) = data.as_object_mut() {
        if !echo_meta {
            m.remove("meta");
        }
        if let Some(a) = answered.filter(|a| !a.is_empty()) {
            m.insert(
                "ratelimits".into(),
                a.iter().map(State::ratelimit_json).collect(),
            );
        }
    }
    st.save_identity(i)?;
    Ok(Reply::Data(data))
}

/// `identities.deleteIdentity`: soft delete; answers `{meta}` only.
pub fn delete_identity(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let ident = identity_arg(body, &["identity"])?;
    cx.authorize(&super::needs::identity(cx, None, "delete_identity"))?;
    let mut i = st.find_identity(&ident).cloned().ok_or_else(identity_404)?;
    i.deleted = true;
    let external = column::EXTERNAL_ID.key(&i.external_id);
    st.save_identity(i)?;
    st.identity_by_external.remove(&external);
    Ok(Reply::MetaOnly)
}
