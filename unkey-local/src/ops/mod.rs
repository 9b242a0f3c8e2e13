//! The API operations, one module per tag, and the table that maps each path to its handler.
//! A handler gets the locked state, the caller's root-key scope and the server time, and returns
//! the `data` to wrap in the envelope.

use crate::auth::Scope;
use crate::error::ApiError;
use crate::state::State;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

pub mod analytics;
pub mod apis;
pub mod identities;
pub mod keys;
pub mod needs;
pub mod portal;
pub mod ratelimit;
pub mod rbac;
pub mod verify;

/// Per-request context.
#[derive(Debug)]
pub struct Cx<'a> {
    /// What the root key may do.
    pub scope: &'a Scope,
    /// Server time, Unix ms.
    pub now: i64,
    /// The workspace id, for resource-name permissions.
    pub ws: &'a str,
    /// The request's id (recorded with verifications).
    pub request_id: &'a str,
    /// Whether `ratelimit.limit` records its decision for analytics: false when the request
    /// says `X-Unkey-Metrics: disabled`, which upstream honours on that route only.
    pub metrics: bool,
    /// Whether the body is what Go's decoder read where the validator saw another
    /// ([`crate::gojson`]): the handler then reads values the schema refuses as upstream's
    /// handler does ([`crate::validate::Checker::decoded`]).
    pub decoded: bool,
}

impl Cx<'_> {
    /// Ok when the root key satisfies `need`, else upstream's 403.
    pub fn authorize(&self, need: &crate::auth::Need) -> Result<(), ApiError> {
        self.scope.authorize(need)
    }

    /// Whether the root key satisfies `need`.
    pub fn allows(&self, need: &crate::auth::Need) -> bool {
        self.scope.allows(need)
    }

    /// Whether the root key satisfies what `need` builds; an unscoped root key does without
    /// building it (the requirement is only needed to word a denial).
    pub fn allows_lazy(&self, need: impl FnOnce() -> crate::auth::Need) -> bool {
        matches!(self.scope, crate::auth::Scope::All) || self.scope.allows(&need())
    }
}

/// The keyspace id of an API: `ks_` followed by the API id without its `api_` prefix (upstream
/// gives every API a separate keyspace id; resource-name permissions name keyspaces).
pub fn keyspace_of(api_id: &str) -> String {
    format!("ks_{}", api_id.strip_prefix("api_").unwrap_or(api_id))
}

/// What a handler answers.
#[derive(Debug)]
pub enum Reply {
    /// `{meta, data}`.
    Data(Value),
    /// `{meta, data, pagination}`: the next cursor when there are more items.
    Page(Value, Option<String>),
    /// `{meta}` only (identities.deleteIdentity).
    MetaOnly,
}

/// A handler's result.
pub type OpResult = Result<Reply, ApiError>;

/// An operation handler.
pub type Handler = fn(&mut State, &Cx, &Value) -> OpResult;

/// The handler for a `POST /v2/...` path.
pub fn handler(path: &str) -> Option<Handler> {
    let h: Handler = match path {
        "/v2/keys.verifyKey" => verify::verify_key,
        "/v2/keys.createKey" => keys::create_key,
        "/v2/keys.updateKey" => keys::update_key,
        "/v2/keys.deleteKey" => keys::delete_key,
        "/v2/keys.getKey" => keys::get_key,
        "/v2/keys.whoami" => keys::whoami,
        "/v2/keys.updateCredits" => keys::update_credits,
        "/v2/keys.rerollKey" => keys::reroll_key,
        "/v2/keys.addPermissions" => keys::add_permissions,
        "/v2/keys.removePermissions" => keys::remove_permissions,
        "/v2/keys.setPermissions" => keys::set_permissions,
        "/v2/keys.addRoles" => keys::add_roles,
        "/v2/keys.removeRoles" => keys::remove_roles,
        "/v2/keys.setRoles" => keys::set_roles,
        "/v2/keys.migrateKeys" => keys::migrate_keys,
        "/v2/analytics.getVerifications" => analytics::get_verifications,
        "/v2/analytics.getRatelimits" => analytics::get_ratelimits,
        "/v2/analytics.getGatewayRequests" | "/v2/analytics.getRuntimeLogs" => {
            analytics::not_configured
        }
        "/v2/portal.createSession" => portal::create_session,
        "/v2/apis.createApi" => apis::create_api,
        "/v2/apis.getApi" => apis::get_api,
        "/v2/apis.listKeys" => apis::list_keys,
        "/v2/apis.deleteApi" => apis::delete_api,
        "/v2/ratelimit.limit" => ratelimit::limit,
        "/v2/ratelimit.multiLimit" => ratelimit::multi_limit,
        "/v2/ratelimit.setOverride" => ratelimit::set_override,
        "/v2/ratelimit.getOverride" => ratelimit::get_override,
        "/v2/ratelimit.listOverrides" => ratelimit::list_overrides,
        "/v2/ratelimit.deleteOverride" => ratelimit::delete_override,
        "/v2/identities.createIdentity" => identities::create_identity,
        "/v2/identities.getIdentity" => identities::get_identity,
        "/v2/identities.listIdentities" => identities::list_identities,
        "/v2/identities.updateIdentity" => identities::update_identity,
        "/v2/identities.deleteIdentity" => identities::delete_identity,
        "/v2/permissions.createPermission" => rbac::create_permission,
        "/v2/permissions.getPermission" => rbac::get_permission,
        "/v2/permissions.listPermissions" => rbac::list_permissions,
        "/v2/permissions.deletePermission" => rbac::delete_permission,
        "/v2/permissions.createRole" => rbac::create_role,
        "/v2/permissions.getRole" => rbac::get_role,
        "/v2/permissions.listRoles" => rbac::list_roles,
        "/v2/permissions.deleteRole" => rbac::delete_role,
        "/v2/permissions.setRolePermissions" => rbac::set_role_permissions,
        _ => return None,
    };
    Some(h)
}

/// Upstream's POST routes that unkey-local does not run (svc/api/routes/*/handler.go, each
/// `Path()`, all registered by svc/api/routes/register.go): answered 501.
pub fn out_of_scope(path: &str) -> bool {
    const NOT_RUN: &[&str] = &[
        "/v2/apps.createApp",
        "/v2/apps.deleteApp",
        "/v2/apps.getApp",
        "/v2/apps.listApps",
        "/v2/apps.updateApp",
        "/v2/deploy.createDeployment",
        "/v2/deploy.getDeployment",
        "/v2/deployments.createDeployment",
        "/v2/deployments.getDeployment",
        "/v2/deployments.listDeployments",
        "/v2/deployments.promoteDeployment",
        "/v2/deployments.rollbackDeployment",
        "/v2/deployments.startDeployment",
        "/v2/deployments.stopDeployment",
        "/v2/domains.createDomain",
        "/v2/domains.deleteDomain",
        "/v2/domains.getDomain",
        "/v2/domains.listDomains",
        "/v2/domains.verifyDomain",
        "/v2/environments.getEnvironment",
        "/v2/environments.listEnvironmentVariables",
        "/v2/environments.listEnvironments",
        "/v2/environments.removeEnvironmentVariables",
        "/v2/environments.setEnvironmentVariables",
        "/v2/environments.updateSettings",
        "/v2/gateway.listPolicies",
        "/v2/gateway.setPolicies",
        "/v2/gateway.updatePolicy",
        "/v2/github.installApp",
        "/v2/projects.createProject",
        "/v2/projects.deleteProject",
        "/v2/projects.getProject",
        "/v2/projects.listProjects",
        "/v2/projects.updateProject",
    ];
    NOT_RUN.contains(&path)
}

/// The body as a JSON object, or the 400 saying it is not one.
pub fn object_body(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    match body {
        Value::Object(m) => Ok(m),
        other => {
            let mut c = crate::validate::Checker::new();
            c.root(other);
            Err(c
                .finish()
                .err()
                .unwrap_or_else(|| ApiError::internal("a non-object body passed validation")))
        }
    }
}

/// A list's `search` as upstream's handlers pass it to `mysql.SearchContains`: trimmed, and a
/// blank one searches nothing (everything is listed).
pub fn search_term(search: Option<String>) -> Option<String> {
    search
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Unwraps a value that validation has already proven present.
pub fn present<T>(v: Option<T>) -> Result<T, ApiError> {
    v.ok_or_else(|| ApiError::internal("validated field missing"))
}

/// One page of a map of ids, as upstream's `pagination.Paginate` over a query with
/// `id >= cursor ORDER BY id` (svc/api/internal/pagination/pagination.go), both under the id
/// columns' `utf8mb4_0900_as_cs` collation ([`crate::ids::id_cmp`]): items from `cursor` on
/// (inclusive) that `keep` accepts, at most `limit` of them, and the next page's cursor, the id
/// of its first item, when more remain. A cursor holding other characters than `[0-9A-Za-z_]`
/// is refused (400): where MySQL puts those in the collation's order is not reproduced here.
pub fn page<'a, T>(
    map: &'a BTreeMap<String, T>,
    cursor: Option<&str>,
    limit: usize,
    keep: impl Fn(&T) -> bool,
) -> Result<(Vec<&'a T>, Option<String>), ApiError> {
    use crate::ids::id_cmp;
    if let Some(c) = cursor.filter(|c| !crate::ids::orderable(c)) {
        return Err(ApiError::invalid_detail(format!(
            "unkey-local does not order the cursor {c:?} against ids: it compares only cursors \
             of letters, digits and _ as MySQL's utf8mb4_0900_as_cs collation does (the real \
             server does)."
        )));
    }
    let mut items: Vec<(&String, &T)> = map
        .iter()
        .filter(|(id, v)| cursor.is_none_or(|c| id_cmp(id, c).is_ge()) && keep(v))
        .collect();
    items.sort_by(|a, b| id_cmp(a.0, b.0));
    items.truncate(limit + 1);
    let next = items.get(limit).map(|(id, _)| (*id).clone());
    items.truncate(limit);
    Ok((items.into_iter().map(|(_, v)| v).collect(), next))
}
