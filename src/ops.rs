//! Every operation, once: the table the typed API, the wasm façade, the TypeScript generator and
//! the conformance test all read.
//!
//! Not part of the stable API: public for the crate's code generator, tests and wasm façade,
//! hidden from the docs, and free to change in any release.

use crate::retry::RetryClass;
use crate::schema::{Shape, Ty};
use crate::transport::{Method, Timer, Transport};

/// One Unkey v2 operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Op {
    /// `keys`, `apis`, `ratelimit`, `identities`, `permissions`, `analytics`, `portal` or
    /// `liveness`.
    pub namespace: &'static str,
    /// JS method name (the TS SDK's), e.g. `verifyKey`.
    pub js_name: &'static str,
    /// Rust method name, e.g. `verify_key` (empty in the npm build, `cfg(npm)`).
    pub rust_name: &'static str,
    /// URL path, e.g. `/v2/keys.verifyKey`.
    pub path: &'static str,
    /// `POST`, or `GET` for liveness.
    pub method: Method,
    /// Request body schema (`None`: no body).
    pub request: Option<&'static Shape>,
    /// Schema of the response's `data` (`None`: the envelope has no `data`). In the npm build only its
    /// presence is kept (`Some(Ty::Any)`).
    pub data: Option<Ty>,
    /// How the engine may retry it.
    pub retry: RetryClass,
    /// Cursor-paginated (`cursor` in the request, `pagination` in the response).
    pub paginated: bool,
    /// What it does to cached verifications ([`crate::cache`]).
    pub cache: Effect,
    /// Who it authenticates: the client's root key, or the end user's portal session.
    pub auth: Auth,
    /// One-line summary (empty in the npm build).
    pub doc: &'static str,
    /// The root-key permissions Unkey documents for it (`api.*.verify_key`, or the same for
    /// one API: `api.<api_id>.verify_key`); the spec test holds the list to the spec. Not in
    /// the npm build (the `.d.ts` shows them).
    #[cfg(not(npm))]
    pub permissions: &'static [&'static str],
    /// The error statuses the spec declares for it. `@unkey/api` (and so the JS façade) gives
    /// each its own class, but for those the spec declares only as `application/problem+json`
    /// ([`problem_json_only`]), and any other status its generic `APIError`
    /// ([`classed_errors`]). The spec test holds the list to the spec. Host only: the code
    /// generator writes the JS table.
    #[cfg(not(npm))]
    pub errors: &'static [u16],
}

/// How an operation is authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The client's root key (`authorization: Bearer …`).
    Root,
    /// The end user's portal session (the `portal_session` cookie, given per call), and no
    /// root key: the customer portal's own operations.
    Session,
}

/// The error statuses most operations declare.
#[cfg(not(npm))]
const E_STD: &[u16] = &[400, 401, 403, 404, 429, 500];
/// ... without 404 (nothing is looked up).
#[cfg(not(npm))]
const E_NO_404: &[u16] = &[400, 401, 403, 429, 500];
/// ... with 409 instead of 404 (creating something that must not exist yet).
#[cfg(not(npm))]
const E_CONFLICT: &[u16] = &[400, 401, 403, 409, 429, 500];
/// ... with 410 (a deleted rate-limit namespace).
#[cfg(not(npm))]
const E_GONE: &[u16] = &[400, 401, 403, 404, 410, 429, 500];
/// `apis.deleteApi`: with 412 (delete protection).
#[cfg(not(npm))]
const E_DELETE_API: &[u16] = &[400, 401, 403, 404, 412, 429, 500];
/// `analytics.getVerifications`.
#[cfg(not(npm))]
const E_VERIFICATIONS: &[u16] = &[400, 401, 403, 422, 429, 500, 503];
/// `analytics.getRatelimits`.
#[cfg(not(npm))]
const E_RATELIMITS: &[u16] = &[400, 401, 403, 412, 422, 429, 500, 503];
/// `portal.exchangeCode` (no root-key permission involved).
#[cfg(not(npm))]
const E_EXCHANGE: &[u16] = &[400, 401, 429, 500];

use crate::cache::Effect::{self, All, Keep, Key};
use crate::models::*;
use crate::retry::RetryClass::{AtMostOnce, Idempotent};
use crate::schema::Schema;
use crate::transport::Method::{Get, Post};
use Auth::{Root, Session};

/// `data` is one object of type `$t`.
#[cfg(not(npm))]
macro_rules! obj {
    ($t:ty) => {
        Some(Ty::Ref(<$t as Schema>::SHAPE))
    };
}
/// `data` is an array of `$t`.
#[cfg(not(npm))]
macro_rules! list {
    ($t:ty) => {
        Some(Ty::Array {
            items: &Ty::Ref(<$t as Schema>::SHAPE),
            min: 0,
            max: u32::MAX,
        })
    };
}
// In the npm build (`cfg(npm)`: feature `js` on wasm32, see `build.rs`) the engine only needs to
// know *whether* `data` exists, and nothing reads the Rust names or docs: keeping the response
// schemas and those strings out of the table keeps them out of the npm wasm (measured −2.35 KB
// gzip). Every other build, wasm32 included, keeps them all for the typed Rust API.
#[cfg(npm)]
macro_rules! obj {
    ($t:ty) => {
        Some(Ty::Any)
    };
}
#[cfg(npm)]
macro_rules! list {
    ($t:ty) => {
        Some(Ty::Any)
    };
}
/// `data` is an array of free-form rows (analytics): fields the query chose.
#[cfg(not(npm))]
macro_rules! rows {
    () => {
        Some(Ty::Array {
            items: &Ty::Map { max: u32::MAX },
            min: 0,
            max: u32::MAX,
        })
    };
}
#[cfg(npm)]
macro_rules! rows {
    () => {
        Some(Ty::Any)
    };
}
/// A string only the host and the typed Rust API read (names, docs); empty in the npm build.
#[cfg(not(npm))]
macro_rules! host_str {
    ($s:expr) => {
        $s
    };
}
#[cfg(npm)]
macro_rules! host_str {
    ($s:expr) => {
        ""
    };
}
/// `path[start..end]`, at compile time: the namespace and JS name point into the path string
/// instead of being stored twice in the wasm.
const fn path_part(path: &'static str, start: usize, end: usize) -> &'static str {
    let (head, _) = path.as_bytes().split_at(end);
    let (_, part) = head.split_at(start);
    match core::str::from_utf8(part) {
        Ok(s) => s,
        Err(_) => "",
    }
}

/// The `data` schema of an operation from its kind: `obj(T)`, `list(T)`, `rows()` (free-form
/// analytics rows) or `none()` (the envelope has no `data`).
macro_rules! data_schema {
    (obj $t:ty) => {
        obj!($t)
    };
    (list $t:ty) => {
        list!($t)
    };
    (rows) => {
        rows!()
    };
    (none) => {
        None
    };
}
/// The Rust type the typed method answers as `data`, from the same kind.
macro_rules! data_type {
    (obj $t:ty) => {
        $t
    };
    (list $t:ty) => {
        alloc::vec::Vec<$t>
    };
    (rows) => {
        alloc::vec::Vec<crate::models::JsonMap>
    };
    (none) => {
        crate::models::EmptyData
    };
}
/// The doc line of a list operation's method that points at its stream.
macro_rules! page_doc {
    (true, $rs:ident) => {
        concat!(
            "One page; [`Self::",
            stringify!($rs),
            "_stream`] walks every page."
        )
    };
    (false, $rs:ident) => {
        ""
    };
}
/// The typed Rust method of one operation, on its namespace handle (`crate::api`): it takes the
/// request, and for an operation of the portal session ([`Auth::Session`]) the end user's
/// [`PortalSession`](crate::PortalSession) first.
macro_rules! method {
    (@fn Root $rs:ident $id:ident $req:ty, $data:ty, $(#[$m:meta])*) => {
        $(#[$m])*
        pub async fn $rs(&self, req: $req) -> crate::error::Result<crate::models::Response<$data>> {
            self.client.run(&$id, None, Some(&req), &self.opts).await
        }
    };
    (@fn Session $rs:ident $id:ident $req:ty, $data:ty, $(#[$m:meta])*) => {
        $(#[$m])*
        pub async fn $rs(
            &self,
            session: &crate::PortalSession,
            req: $req,
        ) -> crate::error::Result<crate::models::Response<$data>> {
            self.client.run(&$id, Some(session), Some(&req), &self.opts).await
        }
    };
    ($auth:ident $nsty:ident $rs:ident $id:ident $req:ty, $data:ty, $paged:tt, $doc:literal, $path:expr) => {
        impl<T: Transport, C: Timer> crate::api::$nsty<'_, T, C> {
            method!(@fn $auth $rs $id $req, $data,
                #[doc = $doc]
                #[doc = ""]
                #[doc = concat!("`POST ", $path, "`")]
                #[doc = ""]
                #[doc = page_doc!($paged, $rs)]
                #[doc = ""]
                #[doc = "# Errors"]
                #[doc = "[`Error::Validation`](crate::Error::Validation) before sending; then"]
                #[doc = "[`Error::Api`](crate::Error::Api) for a non-2xx answer,"]
                #[doc = "[`Error::Transport`](crate::Error::Transport) when no answer came in time, or"]
                #[doc = "[`Error::Decode`](crate::Error::Decode) for a malformed body."]
            );
        }
    };
}

macro_rules! ops {
    ($($id:ident: $nsty:ident $ns:literal $js:literal $rs:ident $method:ident $req:ty => $dk:ident($($dt:ty)?), $retry:ident, $paged:tt, $cache:ident, $auth:ident, $doc:literal [$($perm:literal),*] $errs:ident;)*) => {
        $(
            #[doc = $doc]
            pub static $id: Op = Op {
                namespace: path_part(concat!("/v2/", $ns, ".", $js), 4, 4 + $ns.len()),
                js_name: path_part(concat!("/v2/", $ns, ".", $js), 5 + $ns.len(), 5 + $ns.len() + $js.len()),
                rust_name: host_str!(stringify!($rs)),
                path: concat!("/v2/", $ns, ".", $js),
                method: $method,
                request: Some(<$req as Schema>::SHAPE),
                data: data_schema!($dk $($dt)?),
                retry: $retry,
                paginated: $paged,
                cache: $cache,
                auth: $auth,
                doc: host_str!($doc),
                #[cfg(not(npm))]
                permissions: &[$($perm),*],
                #[cfg(not(npm))]
                errors: $errs,
            };
            method!($auth $nsty $rs $id $req, data_type!($dk $($dt)?), $paged, $doc, concat!("/v2/", $ns, ".", $js));
        )*
        /// Every operation, grouped by namespace.
        pub static OPS: &[&Op] = &[$(&$id),*];

        /// The wasm façade's copy of [`all`], in the same order.
        #[cfg(npm)]
        static WIRE: &[Wire] = &[$(Wire::of(&$id),)* Wire::of(&LIVENESS)];
    };
}

/// What the engine reads of an [`Op`]: 12 bytes of wasm data per operation instead of an `Op`'s
/// 72 (measured −0.5 KB gzip in the npm wasm). The JS façade has its own names.
#[cfg(npm)]
#[derive(Clone, Copy)]
struct Wire {
    path: &'static str,
    request: Option<&'static Shape>,
    method: Method,
    retry: RetryClass,
    has_data: bool,
    cache: Effect,
    auth: Auth,
}

#[cfg(npm)]
impl Wire {
    const fn of(op: &Op) -> Wire {
        Wire {
            path: op.path,
            request: op.request,
            method: op.method,
            retry: op.retry,
            has_data: op.data.is_some(),
            cache: op.cache,
            auth: op.auth,
        }
    }
}

/// Operation `index` of [`all`] as the engine needs it (names and docs empty), for the wasm
/// façade.
#[cfg(npm)]
pub(crate) fn by_index(index: usize) -> Option<Op> {
    let w = WIRE.get(index)?;
    Some(Op {
        namespace: "",
        js_name: "",
        rust_name: "",
        path: w.path,
        method: w.method,
        request: w.request,
        data: if w.has_data { Some(Ty::Any) } else { None },
        retry: w.retry,
        paginated: false,
        cache: w.cache,
        auth: w.auth,
        doc: "",
    })
}

ops! {
    VERIFY_KEY: Keys "keys" "verifyKey" verify_key Post VerifyKeyRequest => obj(VerifyKeyData), AtMostOnce, false, Keep, Root,
        "Verify a key: validity, permissions, credits and rate limits. An invalid key is a success with `valid: false`; it spends credits and rate-limit tokens, so it is retried only when it surely did not run." ["api.*.verify_key", "api.<api_id>.verify_key"] E_STD;
    CREATE_KEY: Keys "keys" "createKey" create_key Post CreateKeyRequest => obj(CreateKeyData), AtMostOnce, false, Keep, Root,
        "Create a key; the secret is returned only once." ["api.*.create_key", "api.<api_id>.create_key"] E_STD;
    UPDATE_KEY: Keys "keys" "updateKey" update_key Post UpdateKeyRequest => obj(EmptyData), Idempotent, false, Key, Root,
        "Change a key's settings; absent fields are kept, null clears." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    DELETE_KEY: Keys "keys" "deleteKey" delete_key Post DeleteKeyRequest => obj(EmptyData), Idempotent, false, Key, Root,
        "Delete a key; it stops verifying at once." ["api.*.delete_key", "api.<api_id>.delete_key"] E_STD;
    GET_KEY: Keys "keys" "getKey" get_key Post GetKeyRequest => obj(KeyData), Idempotent, false, Keep, Root,
        "Read a key's settings by id." ["api.*.read_key", "api.<api_id>.read_key", "api.*.decrypt_key", "api.<api_id>.decrypt_key"] E_STD;
    WHOAMI: Keys "keys" "whoami" whoami Post WhoamiRequest => obj(KeyData), Idempotent, false, Keep, Root,
        "Read a key's settings from the key itself." ["api.*.read_key", "api.<api_id>.read_key"] E_STD;
    REROLL_KEY: Keys "keys" "rerollKey" reroll_key Post RerollKeyRequest => obj(RerollKeyData), AtMostOnce, false, Key, Root,
        "Replace a key with a new secret, keeping its settings." ["api.*.create_key", "api.<api_id>.create_key", "api.*.encrypt_key", "api.<api_id>.encrypt_key"] E_STD;
    UPDATE_CREDITS: Keys "keys" "updateCredits" update_credits Post UpdateCreditsRequest => obj(Credits), AtMostOnce, false, Key, Root,
        "Set, increment or decrement a key's credits." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    MIGRATE_KEYS: Keys "keys" "migrateKeys" migrate_keys Post MigrateKeysRequest => obj(MigrateKeysData), AtMostOnce, false, All, Root,
        "Import existing hashed keys." ["api.*.create_key", "api.<api_id>.create_key"] E_STD;
    ADD_PERMISSIONS: Keys "keys" "addPermissions" add_permissions Post AddPermissionsRequest => list(Permission), Idempotent, false, Key, Root,
        "Add permissions to a key." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    REMOVE_PERMISSIONS: Keys "keys" "removePermissions" remove_permissions Post RemovePermissionsRequest => list(Permission), Idempotent, false, Key, Root,
        "Remove permissions from a key." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    SET_PERMISSIONS: Keys "keys" "setPermissions" set_permissions Post SetPermissionsRequest => list(Permission), Idempotent, false, Key, Root,
        "Replace a key's direct permissions." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    ADD_ROLES: Keys "keys" "addRoles" add_roles Post AddRolesRequest => list(Role), Idempotent, false, Key, Root,
        "Add roles to a key." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    REMOVE_ROLES: Keys "keys" "removeRoles" remove_roles Post RemoveRolesRequest => list(Role), Idempotent, false, Key, Root,
        "Remove roles from a key." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    SET_ROLES: Keys "keys" "setRoles" set_roles Post SetRolesRequest => list(Role), Idempotent, false, Key, Root,
        "Replace a key's roles." ["api.*.update_key", "api.<api_id>.update_key"] E_STD;
    CREATE_API: Apis "apis" "createApi" create_api Post CreateApiRequest => obj(CreateApiData), AtMostOnce, false, Keep, Root,
        "Create an API (a keyspace)." ["api.*.create_api"] E_NO_404;
    GET_API: Apis "apis" "getApi" get_api Post GetApiRequest => obj(ApiData), Idempotent, false, Keep, Root,
        "Read an API." ["api.*.read_api", "api.<api_id>.read_api"] E_STD;
    LIST_KEYS: Apis "apis" "listKeys" list_keys Post ListKeysRequest => list(KeyData), Idempotent, true, Keep, Root,
        "List an API's keys, a page at a time." ["api.*.read_key", "api.<api_id>.read_key", "api.*.read_api", "api.<api_id>.read_api", "api.*.decrypt_key", "api.<api_id>.decrypt_key"] E_STD;
    DELETE_API: Apis "apis" "deleteApi" delete_api Post DeleteApiRequest => obj(EmptyData), Idempotent, false, All, Root,
        "Delete an API and invalidate its keys." ["api.*.delete_api", "api.<api_id>.delete_api"] E_DELETE_API;
    LIMIT: Ratelimit "ratelimit" "limit" limit Post LimitRequest => obj(LimitData), AtMostOnce, false, Keep, Root,
        "Check and spend a rate limit. Over the limit is a success with `success: false`; it is retried only when it surely did not run." ["ratelimit.*.limit", "ratelimit.<namespace_id>.limit"] E_GONE;
    MULTI_LIMIT: Ratelimit "ratelimit" "multiLimit" multi_limit Post MultiLimitRequest => obj(MultiLimitData), AtMostOnce, false, Keep, Root,
        "Check and spend several rate limits at once." ["ratelimit.*.limit", "ratelimit.<namespace_id>.limit"] E_GONE;
    SET_OVERRIDE: Ratelimit "ratelimit" "setOverride" set_override Post SetOverrideRequest => obj(SetOverrideData), Idempotent, false, Keep, Root,
        "Create or replace a rate limit override." ["ratelimit.*.set_override", "ratelimit.<namespace_id>.set_override"] E_STD;
    GET_OVERRIDE: Ratelimit "ratelimit" "getOverride" get_override Post GetOverrideRequest => obj(Override), Idempotent, false, Keep, Root,
        "Read a rate limit override." ["ratelimit.*.read_override", "ratelimit.<namespace_id>.read_override"] E_STD;
    LIST_OVERRIDES: Ratelimit "ratelimit" "listOverrides" list_overrides Post ListOverridesRequest => list(Override), Idempotent, true, Keep, Root,
        "List a namespace's overrides, a page at a time." ["ratelimit.*.read_override", "ratelimit.<namespace_id>.read_override"] E_STD;
    DELETE_OVERRIDE: Ratelimit "ratelimit" "deleteOverride" delete_override Post DeleteOverrideRequest => obj(EmptyData), Idempotent, false, Keep, Root,
        "Delete a rate limit override." ["ratelimit.*.delete_override", "ratelimit.<namespace_id>.delete_override"] E_STD;
    CREATE_IDENTITY: Identities "identities" "createIdentity" create_identity Post CreateIdentityRequest => obj(CreateIdentityData), AtMostOnce, false, Keep, Root,
        "Create an identity." ["identity.*.create_identity"] E_CONFLICT;
    GET_IDENTITY: Identities "identities" "getIdentity" get_identity Post GetIdentityRequest => obj(Identity), Idempotent, false, Keep, Root,
        "Read an identity by id or external id." ["identity.*.read_identity"] E_STD;
    LIST_IDENTITIES: Identities "identities" "listIdentities" list_identities Post ListIdentitiesRequest => list(Identity), Idempotent, true, Keep, Root,
        "List identities, a page at a time." ["identity.*.read_identity"] E_NO_404;
    UPDATE_IDENTITY: Identities "identities" "updateIdentity" update_identity Post UpdateIdentityRequest => obj(Identity), Idempotent, false, All, Root,
        "Replace an identity's metadata or rate limits." ["identity.*.update_identity"] E_STD;
    DELETE_IDENTITY: Identities "identities" "deleteIdentity" delete_identity Post DeleteIdentityRequest => none(), Idempotent, false, All, Root,
        "Delete an identity (the response has no data)." ["identity.*.delete_identity"] E_STD;
    CREATE_PERMISSION: Permissions "permissions" "createPermission" create_permission Post CreatePermissionRequest => obj(CreatePermissionData), AtMostOnce, false, Keep, Root,
        "Create a permission." ["rbac.*.create_permission"] E_CONFLICT;
    GET_PERMISSION: Permissions "permissions" "getPermission" get_permission Post GetPermissionRequest => obj(Permission), Idempotent, false, Keep, Root,
        "Read a permission by id or slug." ["rbac.*.read_permission"] E_STD;
    LIST_PERMISSIONS: Permissions "permissions" "listPermissions" list_permissions Post ListPermissionsRequest => list(Permission), Idempotent, true, Keep, Root,
        "List permissions, a page at a time." ["rbac.*.read_permission"] E_NO_404;
    DELETE_PERMISSION: Permissions "permissions" "deletePermission" delete_permission Post DeletePermissionRequest => obj(EmptyData), Idempotent, false, All, Root,
        "Delete a permission." ["rbac.*.delete_permission"] E_STD;
    CREATE_ROLE: Permissions "permissions" "createRole" create_role Post CreateRoleRequest => obj(CreateRoleData), AtMostOnce, false, Keep, Root,
        "Create a role." ["rbac.*.create_role", "rbac.*.add_permission_to_role", "rbac.*.create_permission"] E_CONFLICT;
    GET_ROLE: Permissions "permissions" "getRole" get_role Post GetRoleRequest => obj(Role), Idempotent, false, Keep, Root,
        "Read a role by id or name." ["rbac.*.read_role"] E_STD;
    LIST_ROLES: Permissions "permissions" "listRoles" list_roles Post ListRolesRequest => list(Role), Idempotent, true, Keep, Root,
        "List roles, a page at a time." ["rbac.*.read_role"] E_STD;
    DELETE_ROLE: Permissions "permissions" "deleteRole" delete_role Post DeleteRoleRequest => obj(EmptyData), Idempotent, false, All, Root,
        "Delete a role." ["rbac.*.delete_role"] E_NO_404;
    SET_ROLE_PERMISSIONS: Permissions "permissions" "setRolePermissions" set_role_permissions Post SetRolePermissionsRequest => list(Permission), Idempotent, false, All, Root,
        "Replace a role's permissions." ["rbac.*.add_permission_to_role", "rbac.*.remove_permission_from_role", "rbac.*.create_permission"] E_STD;
    GET_VERIFICATIONS: Analytics "analytics" "getVerifications" get_verifications Post GetVerificationsRequest => rows(), Idempotent, false, Keep, Root,
        "Query key verifications (read-only SQL over the workspace's records)." [] E_VERIFICATIONS;
    GET_RATELIMITS: Analytics "analytics" "getRatelimits" get_ratelimits Post GetRatelimitsRequest => rows(), Idempotent, false, Keep, Root,
        "Query rate-limit records (read-only SQL over the workspace's records)." [] E_RATELIMITS;
    CREATE_SESSION: Portal "portal" "createSession" create_session Post CreatePortalSessionRequest => obj(PortalSessionData), AtMostOnce, false, Keep, Root,
        "Create a customer-portal session for an end user (needs the portal's permission and, per requested scope, that scope's own on the portal's API); redirect them to its URL." ["portal.*.create_portal_session", "portal.<portal_id>.create_portal_session", "api.<api_id>.read_key", "api.<api_id>.read_api", "api.<api_id>.create_key", "api.<api_id>.encrypt_key", "api.<api_id>.read_analytics"] E_STD;
    EXCHANGE_CODE: Portal "portal" "exchangeCode" exchange_code Post ExchangePortalCodeRequest => obj(PortalAccessData), AtMostOnce, false, Keep, Root,
        "Redeem a portal URL's single-use code for the end user's access token." [] E_EXCHANGE;
    PORTAL_LIST_KEYS: Portal "portal" "listKeys" list_keys Post PortalListKeysRequest => list(KeyData), Idempotent, true, Keep, Session,
        "List the portal session's end user's keys, a page at a time." [] E_STD;
    PORTAL_REROLL_KEY: Portal "portal" "rerollKey" reroll_key Post RerollKeyRequest => obj(RerollKeyData), AtMostOnce, false, Key, Session,
        "Replace one of the portal session's end user's keys with a new secret." [] E_STD;
    PORTAL_GET_VERIFICATIONS: Portal "portal" "getVerifications" get_verifications Post PortalGetVerificationsRequest => list(PortalVerificationsPoint), Idempotent, false, Keep, Session,
        "The portal session's end user's verifications over a window, bucketed." [] E_STD;
}

/// Largest request body the API accepts, in UTF-16 units of its JSON text (10 MiB). The JS
/// façade refuses a longer one before copying it into wasm memory.
pub const MAX_BODY: u32 = 10 * 1024 * 1024;

/// `GET /v2/liveness`: not in [`OPS`] (no namespace, no body, no authentication needed).
pub static LIVENESS: Op = Op {
    namespace: path_part("/v2/liveness", 4, 12),
    js_name: path_part("/v2/liveness", 4, 12),
    rust_name: host_str!("liveness"),
    path: "/v2/liveness",
    method: Get,
    request: None,
    data: obj!(LivenessData),
    retry: Idempotent,
    paginated: false,
    cache: Keep,
    auth: Root,
    doc: host_str!("Check that the API is up (no authentication)."),
    #[cfg(not(npm))]
    permissions: &[],
    #[cfg(not(npm))]
    errors: &[412, 500],
};

/// Operations whose response declares headers, which `@unkey/api` therefore answers as
/// `{ headers, result }` rather than the envelope itself. The JS façade's answer to them is the
/// envelope and, like its list pages, also carries it as `result` (`res.result.data` works as
/// with `@unkey/api`). Read by the code generator only.
pub const ENVELOPE_AS_RESULT: [&Op; 2] = [&CREATE_SESSION, &EXCHANGE_CODE];

/// Whether the spec declares error `status` of `op` only as `application/problem+json`: 429 of
/// every operation, and every error of `identities.deleteIdentity`. `@unkey/api` gives such a
/// status its own class only for that content type, and the real server answers
/// `application/json` to the `Accept: application/json` it sends, so there it is an `APIError`
/// (`funcs/*.ts`: `M.jsonErr(429, …, { ctype: "application/problem+json" })`). The spec test
/// holds this rule to the spec's content types.
#[cfg(not(npm))]
pub fn problem_json_only(op: &Op, status: u16) -> bool {
    status == 429 || op.path == DELETE_IDENTITY.path
}

/// The error statuses `@unkey/api` gives their own class (`NotFoundErrorResponse`, …) for `op`
/// against the real server: [`Op::errors`] but those of [`problem_json_only`]. Any other error
/// status is its generic `APIError`. The JS façade's table of classes is written from this.
#[cfg(not(npm))]
pub fn classed_errors(op: &Op) -> alloc::vec::Vec<u16> {
    op.errors
        .iter()
        .copied()
        .filter(|&s| !problem_json_only(op, s))
        .collect()
}

/// Every operation including liveness.
pub fn all() -> impl Iterator<Item = &'static Op> {
    OPS.iter().copied().chain(core::iter::once(&LIVENESS))
}

/// Looks an operation up by namespace and JS name.
pub fn find(namespace: &str, js_name: &str) -> Option<&'static Op> {
    all().find(|op| op.namespace == namespace && op.js_name == js_name)
}

// Pinned at compile time, for every build: the npm build drops the host-only parts, and every
// other build (wasm32 included: a browser app, a workers-rs Worker) keeps the full table.
#[cfg(not(npm))]
const _: () =
    assert!(!VERIFY_KEY.rust_name.is_empty() && matches!(VERIFY_KEY.data, Some(Ty::Ref(_))));
#[cfg(npm)]
const _: () = assert!(VERIFY_KEY.rust_name.is_empty() && matches!(VERIFY_KEY.data, Some(Ty::Any)));
