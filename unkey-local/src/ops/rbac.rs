//! The `permissions` operations: permissions and roles for end-user keys.

use super::{object_body, page, present, Cx, OpResult, Reply};
use crate::collation::column;
use crate::error::ApiError;
use crate::ids::new_id;
use crate::model::Role;
use crate::state::{kind, State};
use crate::validate::{Checker, Pattern, Str, SLUG};
use serde_json::{json, Value};

const B: &str = "body";

fn permission_404(_p: &str) -> ApiError {
    ApiError::not_found(
        "unkey/data/permission_not_found",
        "The requested permission does not exist.",
    )
}

fn role_404(_r: &str) -> ApiError {
    ApiError::not_found(
        "unkey/data/role_not_found",
        "The requested role does not exist.",
    )
}

/// A role's requested slugs as createRole and setRolePermissions use them: the first of each
/// group equal under the slug column's collation, sorted bytewise (`slices.Sort` in
/// v2_permissions_create_role/handler.go and v2_permissions_set_role_permissions/handler.go).
fn sorted_slugs(slugs: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<String> = slugs
        .iter()
        .filter(|s| seen.insert(column::PERMISSION_TEXT.key(s)))
        .cloned()
        .collect();
    kept.sort();
    kept
}

/// `permissions.createPermission` (409 when the slug is taken).
pub fn create_permission(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let name = c.string(o, B, "name", true, Str::len(1, 512));
    let slug = c.string(o, B, "slug", true, SLUG);
    let description = c.string(o, B, "description", false, Str::len(0, 512));
    c.only(o, B, &["name", "slug", "description"]);
    c.finish()?;
    cx.authorize(&super::needs::rbac("create_permission"))?;
    let slug = present(slug)?;
    if st.permission_with_slug(&slug).is_some() {
        return Err(ApiError::conflict(
            "unkey/data/permission_already_exists",
            format!("A permission with slug '{slug}' already exists in this workspace"),
        ));
    }
    let id = st.insert_permission(&present(name)?, &slug, description, cx.now)?;
    Ok(Reply::Data(json!({"permissionId": id})))
}

fn permission_arg(body: &Value) -> Result<String, ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let p = c.string(o, B, "permission", true, SLUG);
    c.only(o, B, &["permission"]);
    c.finish()?;
    present(p)
}

/// `permissions.getPermission` (by id or slug).
pub fn get_permission(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let p = permission_arg(body)?;
    cx.authorize(&super::needs::rbac_or("read_permission"))?;
    let perm = st.find_permission(&p).ok_or_else(|| permission_404(&p))?;
    Ok(Reply::Data(State::permission_json(perm)))
}

fn list_args(body: &Value) -> Result<(usize, Option<String>, Option<String>), ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let limit = c.int(o, B, "limit", false, 1, 100);
    let cursor = c.string(o, B, "cursor", false, Str::len(0, 1024));
    let search = c.string(o, B, "search", false, Str::len(0, 256));
    c.only(o, B, &["limit", "cursor", "search"]);
    c.finish()?;
    Ok((
        limit.unwrap_or(100) as usize,
        cursor,
        super::search_term(search),
    ))
}

/// `permissions.listPermissions` (search matches id, name, slug or description as
/// permission_list.sql's `LOWER(column) LIKE LOWER('%term%')` does, each under its column's
/// collation: accents and case ignored but in the id).
pub fn list_permissions(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let (limit, cursor, term) = list_args(body)?;
    cx.authorize(&super::needs::rbac_or("read_permission"))?;
    let search = term.map(|t| {
        (
            column::ID.contains(&t),
            column::PERMISSION_TEXT.contains(&t),
        )
    });
    let (items, next) = page(&st.permissions, cursor.as_deref(), limit, |p| {
        search.as_ref().is_none_or(|(id, text)| {
            id.matches(&p.id)
                || text.matches(&p.name)
                || text.matches(&p.slug)
                || p.description.as_ref().is_some_and(|d| text.matches(d))
        })
    })?;
    let data: Vec<Value> = items.into_iter().map(State::permission_json).collect();
    Ok(Reply::Page(Value::Array(data), next))
}

/// `permissions.deletePermission`: also removes it from every key and role.
pub fn delete_permission(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let p = permission_arg(body)?;
    cx.authorize(&super::needs::rbac_or("delete_permission"))?;
    let perm = st
        .find_permission(&p)
        .cloned()
        .ok_or_else(|| permission_404(&p))?;
    st.unpersist(kind::PERMISSION, &perm.id)?;
    st.permissions.remove(&perm.id);
    st.permission_by_slug
        .remove(&column::PERMISSION_TEXT.key(&perm.slug));
    let keys: Vec<_> = st
        .keys
        .values()
        .filter(|k| k.permissions.contains(&perm.id))
        .cloned()
        .collect();
    for mut k in keys {
        k.permissions.retain(|x| *x != perm.id);
        st.save_key(k)?;
    }
    let roles: Vec<Role> = st
        .roles
        .values()
        .filter(|r| r.permissions.contains(&perm.id))
        .cloned()
        .collect();
    for mut r in roles {
        r.permissions.retain(|x| *x != perm.id);
        st.persist(kind::ROLE, &r.id, &r)?;
        st.roles.insert(r.id.clone(), r);
    }
    Ok(Reply::Data(json!({})))
}

/// `permissions.createRole` (409 when the name is taken).
pub fn create_role(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let name = c.string(o, B, "name", true, Str::len(1, 128));
    let description = c.string(o, B, "description", false, Str::len(0, 512));
    let permissions = c.strings(o, B, "permissions", false, 0, usize::MAX, SLUG);
    c.only(o, B, &["name", "description", "permissions"]);
    c.finish()?;
    cx.authorize(&super::needs::rbac_or("create_role"))?;
    let name = present(name)?;
    // Upstream's order: the permissions' checks (`create_permission` only when a slug is
    // new), then the role's insert and its 409, in one transaction: a taken name creates no
    // permission.
    let slugs = permissions.as_deref().map(sorted_slugs).unwrap_or_default();
    if !slugs.is_empty() {
        cx.authorize(&super::needs::rbac("add_permission_to_role"))?;
        if slugs.iter().any(|s| st.permission_with_slug(s).is_none()) {
            cx.authorize(&super::needs::rbac("create_permission"))?;
        }
    }
    let key = column::ROLE_NAME.key(&name);
    if st.role_by_name.contains_key(&key) {
        return Err(ApiError::conflict(
            "unkey/data/role_already_exists",
            format!("A role with name '{name}' already exists in this workspace"),
        ));
    }
    let perm_ids = st.ensure_permissions(&slugs, Ok(()), |_| None, None, cx.now)?;
    let role = Role {
        id: new_id("role"),
        name: name.clone(),
        description,
        permissions: perm_ids,
        created_at: cx.now,
    };
    st.persist(kind::ROLE, &role.id, &role)?;
    let id = role.id.clone();
    st.role_by_name.insert(key, id.clone());
    st.roles.insert(id.clone(), role);
    Ok(Reply::Data(json!({"roleId": id})))
}

fn role_arg(body: &Value) -> Result<String, ApiError> {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let r = c.string(o, B, "role", true, Str::len(1, 128));
    c.only(o, B, &["role"]);
    c.finish()?;
    present(r)
}

/// `permissions.getRole` (by id or name).
pub fn get_role(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let r = role_arg(body)?;
    cx.authorize(&super::needs::rbac_or("read_role"))?;
    let role = st.find_role(&r).ok_or_else(|| role_404(&r))?;
    Ok(Reply::Data(st.role_json(role)))
}

/// `permissions.listRoles` (search matches id, name or description as role_list.sql's
/// `LOWER(column) LIKE LOWER('%term%')` does, each under its column's collation).
pub fn list_roles(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let (limit, cursor, term) = list_args(body)?;
    cx.authorize(&super::needs::rbac_or("read_role"))?;
    let search = term.map(|t| {
        (
            column::ID.contains(&t),
            column::ROLE_NAME.contains(&t),
            column::ROLE_DESCRIPTION.contains(&t),
        )
    });
    let (items, next) = page(&st.roles, cursor.as_deref(), limit, |r| {
        search.as_ref().is_none_or(|(id, name, description)| {
            id.matches(&r.id)
                || name.matches(&r.name)
                || r.description
                    .as_ref()
                    .is_some_and(|d| description.matches(d))
        })
    })?;
    let data: Vec<Value> = items.into_iter().map(|r| st.role_json(r)).collect();
    Ok(Reply::Page(Value::Array(data), next))
}

/// `permissions.deleteRole`: also removes it from every key.
pub fn delete_role(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let r = role_arg(body)?;
    cx.authorize(&super::needs::rbac_or("delete_role"))?;
    let role = st.find_role(&r).cloned().ok_or_else(|| role_404(&r))?;
    st.unpersist(kind::ROLE, &role.id)?;
    st.roles.remove(&role.id);
    st.role_by_name.remove(&column::ROLE_NAME.key(&role.name));
    let keys: Vec<_> = st
        .keys
        .values()
        .filter(|k| k.roles.contains(&role.id))
        .cloned()
        .collect();
    for mut k in keys {
        k.roles.retain(|x| *x != role.id);
        st.save_key(k)?;
    }
    Ok(Reply::Data(json!({})))
}

/// `permissions.setRolePermissions`: replaces a role's permissions (`[]` clears them); the role by id.
pub fn set_role_permissions(st: &mut State, cx: &Cx, body: &Value) -> OpResult {
    let o = object_body(body)?;
    let mut c = Checker::new();
    let role_id = c.string(
        o,
        B,
        "roleId",
        true,
        Str::len(3, 255).pat(Pattern::Resource),
    );
    let permissions = c.strings(o, B, "permissions", true, 0, usize::MAX, SLUG);
    c.only(o, B, &["roleId", "permissions"]);
    c.finish()?;
    cx.authorize(&crate::auth::Need::And(vec![
        super::needs::rbac("add_permission_to_role"),
        super::needs::rbac("remove_permission_from_role"),
    ]))?;
    let role_id = present(role_id)?;
    // By id only: upstream locks the role with `role_lock_by_id_and_workspace_id.sql`.
    let mut role = st
        .roles
        .get(&role_id)
        .cloned()
        .ok_or_else(|| role_404(&role_id))?;
    let may_create = cx.authorize(&super::needs::create_permission(cx));
    role.permissions = st.ensure_permissions(
        &sorted_slugs(&present(permissions)?),
        may_create,
        |_| None,
        None,
        cx.now,
    )?;
    st.persist(kind::ROLE, &role.id, &role)?;
    let data: Value = role
        .permissions
        .iter()
        .filter_map(|p| st.permissions.get(p))
        .map(State::permission_json)
        .collect();
    st.roles.insert(role.id.clone(), role);
    Ok(Reply::Data(data))
}
