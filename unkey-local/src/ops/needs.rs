//! The permission requirement of each operation, leg for leg and in the order upstream's
//! handlers write them (svc/api/routes/*/handler.go at fc99b6b9), so that a denial lists the same
//! permissions in the same order.

use super::{keyspace_of, Cx};
use crate::auth::Need;

fn t(s: String) -> Need {
    Need::t(s)
}

/// The resource name of one key.
fn key_leg(cx: &Cx, api_id: &str, key_id: &str, action: &str) -> Need {
    let path = format!("keyspaces/{}/keys/{key_id}", keyspace_of(api_id));
    Need::u(cx.ws, &path, action)
}

/// `api.*.<action>`, `api.<apiId>.<action>`, or the key's resource name (getKey, whoami,
/// deleteKey, updateKey, updateCredits, removeRoles, setRoles, verifyKey, decrypt in getKey).
pub fn on_key(cx: &Cx, api_id: &str, key_id: &str, action: &str) -> Need {
    Need::Or(vec![
        t(format!("api.*.{action}")),
        t(format!("api.{api_id}.{action}")),
        key_leg(cx, api_id, key_id, action),
    ])
}

/// createKey: `api.<apiId>.create_key`, `api.*.create_key` or the keyspace's `create_key`.
pub fn create_key(cx: &Cx, api_id: &str) -> Need {
    Need::Or(vec![
        t(format!("api.{api_id}.create_key")),
        t("api.*.create_key".into()),
        Need::u(
            cx.ws,
            &format!("keyspaces/{}", keyspace_of(api_id)),
            "create_key",
        ),
    ])
}

/// `api.*.<action>`, `api.<apiId>.<action>` or every key of the keyspace (encrypt and decrypt).
pub fn on_all_keys(cx: &Cx, api_id: &str, action: &str) -> Need {
    Need::Or(vec![
        t(format!("api.*.{action}")),
        t(format!("api.{api_id}.{action}")),
        Need::u(
            cx.ws,
            &format!("keyspaces/{}/keys/*", keyspace_of(api_id)),
            action,
        ),
    ])
}

/// migrateKeys: the two `create_key` tuples.
pub fn migrate(api_id: &str) -> Need {
    Need::Or(vec![
        t(format!("api.{api_id}.create_key")),
        t("api.*.create_key".into()),
    ])
}

/// rerollKey: the `create_key` tuples or the keyspace's `create_key`.
pub fn reroll(cx: &Cx, api_id: &str) -> Need {
    Need::Or(vec![
        migrate(api_id),
        Need::u(
            cx.ws,
            &format!("keyspaces/{}", keyspace_of(api_id)),
            "create_key",
        ),
    ])
}

/// add/remove/setPermissions and addRoles: the key's `update_key` resource name, or
/// `update_key` on the API together with the rbac tuples named.
pub fn key_rbac(cx: &Cx, api_id: &str, key_id: &str, rbac: &[&str]) -> Need {
    let mut all = vec![Need::Or(vec![
        t("api.*.update_key".into()),
        t(format!("api.{api_id}.update_key")),
    ])];
    all.extend(rbac.iter().map(|a| t(format!("rbac.*.{a}"))));
    Need::Or(vec![
        key_leg(cx, api_id, key_id, "update_key"),
        Need::And(all),
    ])
}

/// Creating missing permissions on the way (add/setPermissions, setRolePermissions).
pub fn create_permission(cx: &Cx) -> Need {
    Need::Or(vec![
        Need::u(cx.ws, "rbac/permissions/*", "create_permission"),
        t("rbac.*.create_permission".into()),
    ])
}

/// getApi, deleteApi: `api.*.<action>` or `api.<apiId>.<action>`.
pub fn on_api(api_id: &str, action: &str) -> Need {
    Need::Or(vec![
        t(format!("api.*.{action}")),
        t(format!("api.{api_id}.{action}")),
    ])
}

/// listKeys: reading every key and the keyspace by resource name, or `read_key` and `read_api`
/// on the API.
pub fn list_keys(cx: &Cx, api_id: &str) -> Need {
    let ks = keyspace_of(api_id);
    Need::Or(vec![
        Need::And(vec![
            Need::u(cx.ws, &format!("keyspaces/{ks}/keys/*"), "read_key"),
            Need::u(cx.ws, &format!("keyspaces/{ks}"), "read_keyspace"),
        ]),
        Need::And(vec![on_api(api_id, "read_key"), on_api(api_id, "read_api")]),
    ])
}

/// Identity operations: `identity.*.<action>` (and `identity.<id>.<action>` where given) or
/// every identity's resource name.
pub fn identity(cx: &Cx, id: Option<&str>, action: &str) -> Need {
    let mut legs = vec![t(format!("identity.*.{action}"))];
    if let Some(id) = id {
        legs.push(t(format!("identity.{id}.{action}")));
    }
    legs.push(Need::u(cx.ws, "projects/*/identities/*", action));
    Need::Or(legs)
}

/// Namespace operations: `ratelimit.<namespaceId>.<action>` or `ratelimit.*.<action>`.
pub fn namespace(ns_id: &str, action: &str) -> Need {
    Need::Or(vec![
        t(format!("ratelimit.{ns_id}.{action}")),
        t(format!("ratelimit.*.{action}")),
    ])
}

/// getOverride: the override's resource name or the namespace tuples.
pub fn read_override(cx: &Cx, ns_id: &str, override_id: &str) -> Need {
    Need::Or(vec![
        Need::u(
            cx.ws,
            &format!("ratelimits/namespaces/{ns_id}/overrides/{override_id}"),
            "read_override",
        ),
        t(format!("ratelimit.{ns_id}.read_override")),
        t("ratelimit.*.read_override".into()),
    ])
}

/// An rbac tuple alone (`rbac.*.<action>`), as createPermission and createRole's inner checks.
pub fn rbac(action: &str) -> Need {
    t(format!("rbac.*.{action}"))
}

/// An rbac tuple as the only leg of an `or` (the read, list and delete operations), which
/// upstream words as "Missing one of these permissions".
pub fn rbac_or(action: &str) -> Need {
    Need::Or(vec![rbac(action)])
}
