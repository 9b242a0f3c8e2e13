//! All server state: the entities in memory, indexed for the lookups the operations need, with
//! every change written through to the SQLite store. Also the JSON renderings shared by several
//! operations (keys, identities, roles, permissions, credits).

use crate::collation::{column, Key as CollKey};
use crate::error::ApiError;
use crate::ids::new_id;
use crate::model::*;
use crate::ratelimiter::Limiter;
use crate::store::Store;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Store kinds (the `kind` column).
pub mod kind {
    /// APIs.
    pub const API: &str = "api";
    /// Keys.
    pub const KEY: &str = "key";
    /// Identities.
    pub const IDENTITY: &str = "identity";
    /// Permissions.
    pub const PERMISSION: &str = "permission";
    /// Roles.
    pub const ROLE: &str = "role";
    /// Rate-limit namespaces.
    pub const NAMESPACE: &str = "namespace";
    /// Rate-limit overrides.
    pub const OVERRIDE: &str = "override";
    /// Customer portals.
    pub const PORTAL: &str = "portal";
    /// Portal sessions.
    pub const PORTAL_SESSION: &str = "portal_session";
    /// Root keys created at run time.
    pub const ROOT_KEY: &str = "root_key";
    /// Workspace settings (one row, `workspace`).
    pub const SETTINGS: &str = "settings";
    /// The secret that seals recoverable keys (one row).
    pub const VAULT: &str = "vault";
}

/// A workspace's settings that Unkey changes only in its dashboard or plan (stored as one row).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkspaceSettings {
    /// The workspace's API request limit per minute (`None`: unlimited), as upstream's
    /// `limits.api_requests_count_max_per_minute`.
    #[serde(default)]
    pub api_requests_per_minute: Option<i64>,
    /// Disabled (upstream's `workspaces.enabled = false`): its root keys are refused with 403
    /// `workspace_disabled`.
    #[serde(default)]
    pub disabled: bool,
    /// How many days back its analytics reach (`None`: `--analytics-retention-days`).
    #[serde(default)]
    pub analytics_retention_days: Option<i64>,
    /// Analytics queries allowed per quota window (`None`: unlimited).
    #[serde(default)]
    pub analytics_max_queries_per_window: Option<i64>,
    /// The analytics quota window in seconds (`None`: 3,600, upstream's default).
    #[serde(default)]
    pub analytics_quota_window_seconds: Option<i64>,
    /// Rows one analytics query may answer (`None`: upstream's default, 10,000).
    #[serde(default)]
    pub analytics_max_result_rows: Option<i64>,
    /// How long an analytics query may run, ms (`None`: upstream's 10 s).
    #[serde(default)]
    pub analytics_query_timeout_ms: Option<i64>,
}

impl WorkspaceSettings {
    /// The analytics limits these settings describe.
    pub fn analytics_limits(&self) -> crate::analytics::Limits {
        crate::analytics::Limits {
            max_queries_per_window: self.analytics_max_queries_per_window,
            quota_window_ms: self
                .analytics_quota_window_seconds
                .unwrap_or(3600)
                .saturating_mul(1000),
            max_result_rows: self
                .analytics_max_result_rows
                .unwrap_or(crate::analytics::RESULT_ROWS_DEFAULT),
            query_timeout_ms: self
                .analytics_query_timeout_ms
                .unwrap_or(crate::analytics::QUERY_TIMEOUT_MS_DEFAULT),
        }
    }
}

/// Everything the server knows. Maps are keyed by ids, which are random as upstream's: lists
/// order them as upstream's id columns do ([`crate::ids::id_cmp`], `ops::page`).
#[derive(Debug)]
pub struct State {
    store: Store,
    /// Prepended to every stored `kind`: empty for the default workspace, `<id>/` for the
    /// others (`--workspace`), so that workspaces share one database file without mixing.
    prefix: String,
    /// APIs by id.
    pub apis: BTreeMap<String, Api>,
    /// Keys by id (soft-deleted ones included).
    pub keys: BTreeMap<String, Key>,
    /// Key id by hash.
    pub key_by_hash: HashMap<String, String>,
    /// Identities by id (soft-deleted ones included).
    pub identities: BTreeMap<String, Identity>,
    /// Live identity id by external id, keyed under its column's collation
    /// ([`column::EXTERNAL_ID`]).
    pub identity_by_external: HashMap<CollKey, String>,
    /// Permissions by id.
    pub permissions: BTreeMap<String, Permission>,
    /// Permission id by slug, keyed under its column's collation ([`column::PERMISSION_TEXT`]):
    /// slugs are unique and looked up without regard to case, as in Unkey's MySQL tables.
    pub permission_by_slug: HashMap<CollKey, String>,
    /// Roles by id.
    pub roles: BTreeMap<String, Role>,
    /// Role id by name, keyed under its column's collation ([`column::ROLE_NAME`]).
    pub role_by_name: HashMap<CollKey, String>,
    /// Namespaces by id.
    pub namespaces: BTreeMap<String, Namespace>,
    /// Namespace id by name, keyed under its column's collation ([`column::NAMESPACE_NAME`]).
    pub namespace_by_name: HashMap<CollKey, String>,
    /// Overrides by id.
    pub overrides: BTreeMap<String, Override>,
    /// Rate-limit windows (memory only).
    pub limiter: Limiter,
    /// Migration ids `keys.migrateKeys` accepts (`--migration-id`).
    pub migrations: HashMap<String, MigrationAlgorithm>,
    /// Recorded verifications, with `--analytics`.
    pub analytics: Option<crate::analytics::Analytics>,
    /// Seals recoverable keys; `None` with `--no-vault` (then upstream's "Vault hasn't been set
    /// up." 412).
    pub vault: Option<crate::vault::Vault>,
    /// Customer portals by id.
    pub portals: BTreeMap<String, crate::model::Portal>,
    /// Portal sessions by id.
    pub portal_sessions: BTreeMap<String, crate::model::PortalSession>,
    /// Portal session id by exchange-code hash.
    pub session_by_code: HashMap<String, String>,
    /// Portal session id by access-token hash.
    pub session_by_token: HashMap<String, String>,
    /// Where portal URLs point (`--portal-base-url`).
    pub portal_base_url: String,
    /// How far back analytics may be read, in days (`--analytics-retention-days`): the
    /// oldest lower bound an analytics query may put on `time`, and the widest
    /// `portal.getVerifications` window.
    pub retention_days: i64,
    /// Whether a key or identity saved or loaded so far had a rate limit upstream's
    /// verification cannot load ([`crate::limit_rows::unreadable_by_verification`]; only a
    /// decoded body stores one). Never cleared: while it is false, verifyKey looks for none
    /// ([`State::verification_load_fails`]).
    unreadable_limits: bool,
}

fn store_err(e: String) -> ApiError {
    eprintln!("unkey-local: storage error: {e}");
    ApiError::internal("storage error")
}

impl State {
    /// Loads every entity of the default workspace from the store and indexes it.
    pub fn load(store: Store) -> Result<State, String> {
        Self::load_prefixed(store, "")
    }

    /// Loads every entity stored under `prefix` (see [`State`]'s `prefix`) and indexes it.
    pub fn load_prefixed(store: Store, prefix: &str) -> Result<State, String> {
        let mut st = State {
            apis: BTreeMap::new(),
            keys: BTreeMap::new(),
            key_by_hash: HashMap::new(),
            identities: BTreeMap::new(),
            identity_by_external: HashMap::new(),
            permissions: BTreeMap::new(),
            permission_by_slug: HashMap::new(),
            roles: BTreeMap::new(),
            role_by_name: HashMap::new(),
            namespaces: BTreeMap::new(),
            namespace_by_name: HashMap::new(),
            overrides: BTreeMap::new(),
            limiter: Limiter::default(),
            migrations: HashMap::new(),
            analytics: None,
            vault: None,
            portals: BTreeMap::new(),
            portal_sessions: BTreeMap::new(),
            session_by_code: HashMap::new(),
            session_by_token: HashMap::new(),
            portal_base_url: crate::cli::DEFAULT_PORTAL_BASE_URL.to_string(),
            retention_days: crate::cli::DEFAULT_RETENTION_DAYS,
            unreadable_limits: false,
            store,
            prefix: prefix.to_string(),
        };
        for a in st.store.load::<Api>(&st.kind(kind::API))? {
            st.apis.insert(a.id.clone(), a);
        }
        for k in st.store.load::<Key>(&st.kind(kind::KEY))? {
            st.note_limits(&k.ratelimits);
            st.key_by_hash.insert(k.hash.clone(), k.id.clone());
            st.keys.insert(k.id.clone(), k);
        }
        for i in st.store.load::<Identity>(&st.kind(kind::IDENTITY))? {
            if !i.deleted {
                st.identity_by_external
                    .insert(column::EXTERNAL_ID.key(&i.external_id), i.id.clone());
            }
            st.note_limits(&i.ratelimits);
            st.identities.insert(i.id.clone(), i);
        }
        for p in st.store.load::<Permission>(&st.kind(kind::PERMISSION))? {
            st.permission_by_slug
                .insert(column::PERMISSION_TEXT.key(&p.slug), p.id.clone());
            st.permissions.insert(p.id.clone(), p);
        }
        for r in st.store.load::<Role>(&st.kind(kind::ROLE))? {
            st.role_by_name
                .insert(column::ROLE_NAME.key(&r.name), r.id.clone());
            st.roles.insert(r.id.clone(), r);
        }
        for n in st.store.load::<Namespace>(&st.kind(kind::NAMESPACE))? {
            st.namespace_by_name
                .insert(column::NAMESPACE_NAME.key(&n.name), n.id.clone());
            st.namespaces.insert(n.id.clone(), n);
        }
        for o in st.store.load::<Override>(&st.kind(kind::OVERRIDE))? {
            st.overrides.insert(o.id.clone(), o);
        }
        for p in st
            .store
            .load::<crate::model::Portal>(&st.kind(kind::PORTAL))?
        {
            st.portals.insert(p.id.clone(), p);
        }
        for s in st
            .store
            .load::<crate::model::PortalSession>(&st.kind(kind::PORTAL_SESSION))?
        {
            st.session_by_code.insert(s.code_hash.clone(), s.id.clone());
            if let Some(t) = &s.token_hash {
                st.session_by_token.insert(t.clone(), s.id.clone());
            }
            st.portal_sessions.insert(s.id.clone(), s);
        }
        Ok(st)
    }

    /// The stored kind of `kind` in this workspace.
    fn kind<'k>(&self, kind: &'k str) -> std::borrow::Cow<'k, str> {
        if self.prefix.is_empty() {
            std::borrow::Cow::Borrowed(kind)
        } else {
            std::borrow::Cow::Owned(format!("{}{kind}", self.prefix))
        }
    }

    /// Writes one entity through to the store.
    pub fn persist<T: Serialize>(&self, kind: &str, id: &str, doc: &T) -> Result<(), ApiError> {
        self.store.put(&self.kind(kind), id, doc).map_err(store_err)
    }

    /// The vault secret stored with this workspace's rows, made and stored when there is none.
    pub fn load_vault(&self) -> Result<crate::vault::Vault, String> {
        let stored = self
            .store
            .load::<crate::vault::StoredSecret>(&self.kind(kind::VAULT))?
            .into_iter()
            .next()
            .and_then(|s| crate::vault::Vault::from_stored(&s));
        match stored {
            Some(v) => Ok(v),
            None => {
                let v = crate::vault::Vault::generate();
                self.store
                    .put(&self.kind(kind::VAULT), "secret", &v.to_stored())
                    .map_err(|e| format!("cannot store the vault secret: {e}"))?;
                Ok(v)
            }
        }
    }

    /// This workspace's stored settings (defaults when none were stored).
    pub fn settings(&self) -> Result<WorkspaceSettings, String> {
        Ok(self
            .store
            .load::<WorkspaceSettings>(&self.kind(kind::SETTINGS))?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    /// The root keys created at run time in this workspace (kept in the store only; the
    /// server's [`crate::auth::RootKeys`] holds the live set).
    pub fn created_root_keys(&self) -> Result<Vec<crate::model::CreatedRootKey>, String> {
        self.store.load(&self.kind(kind::ROOT_KEY))
    }

    /// Removes one entity from the store.
    pub fn unpersist(&self, kind: &str, id: &str) -> Result<(), ApiError> {
        self.store.delete(&self.kind(kind), id).map_err(store_err)
    }

    /// Saves a key (memory and store) and indexes its hash.
    pub fn save_key(&mut self, key: Key) -> Result<(), ApiError> {
        self.persist(kind::KEY, &key.id, &key)?;
        self.note_limits(&key.ratelimits);
        self.key_by_hash.insert(key.hash.clone(), key.id.clone());
        self.keys.insert(key.id.clone(), key);
        Ok(())
    }

    /// Saves an identity (memory and store); its external id is the caller's to index.
    pub fn save_identity(&mut self, identity: Identity) -> Result<(), ApiError> {
        self.persist(kind::IDENTITY, &identity.id, &identity)?;
        self.note_limits(&identity.ratelimits);
        self.identities.insert(identity.id.clone(), identity);
        Ok(())
    }

    /// Records that rate limits upstream's verification cannot load are stored, if any of
    /// these is one.
    fn note_limits(&mut self, limits: &[RateLimit]) {
        if limits
            .iter()
            .any(crate::limit_rows::unreadable_by_verification)
        {
            self.unreadable_limits = true;
        }
    }

    /// Whether upstream's verification fails to load the key of this id, as it does for a
    /// key, not deleted, that has a rate limit it cannot read, or whose live identity has one
    /// ([`crate::limit_rows::unreadable_by_verification`]): before it looks at the key's
    /// workspace, API, state or the root key's permissions. Reads nothing unless such a
    /// limit was ever stored ([`State`]'s `unreadable_limits`).
    pub fn verification_load_fails(&self, key_id: &str) -> bool {
        if !self.unreadable_limits {
            return false;
        }
        let unreadable = |limits: &[RateLimit]| {
            limits
                .iter()
                .any(crate::limit_rows::unreadable_by_verification)
        };
        self.keys.get(key_id).is_some_and(|k| {
            !k.deleted
                && (unreadable(&k.ratelimits)
                    || self
                        .key_identity(k)
                        .is_some_and(|i| unreadable(&i.ratelimits)))
        })
    }

    /// A live key by id, whose API is live too.
    pub fn live_key(&self, key_id: &str) -> Option<&Key> {
        self.keys
            .get(key_id)
            .filter(|k| !k.deleted && self.apis.get(&k.api_id).is_some_and(|a| !a.deleted))
    }

    /// A live key by id, or the 404 the key operations answer.
    pub fn key_or_404(&self, key_id: &str) -> Result<Key, ApiError> {
        self.live_key(key_id).cloned().ok_or_else(|| {
            ApiError::not_found(
                "unkey/data/key_not_found",
                "The specified key was not found.",
            )
        })
    }

    /// A portal of this workspace by id (exact) or slug (under its column's collation,
    /// [`column::PORTAL_SLUG`]: in any case).
    pub fn find_portal(&self, id_or_slug: &str) -> Option<&crate::model::Portal> {
        self.portals.get(id_or_slug).or_else(|| {
            self.portals
                .values()
                .find(|p| column::PORTAL_SLUG.eq(&p.slug, id_or_slug))
        })
    }

    /// Creates the portal `slug` mapped to `api_id`, or points the existing one there; enabled
    /// unless `enabled` says otherwise; a new one gets the id `id` when given.
    pub fn upsert_portal(
        &mut self,
        slug: &str,
        api_id: &str,
        enabled: Option<bool>,
        id: Option<&str>,
        now: i64,
    ) -> Result<crate::model::Portal, ApiError> {
        let portal = match self
            .portals
            .values()
            .find(|p| column::PORTAL_SLUG.eq(&p.slug, slug))
        {
            Some(p) => crate::model::Portal {
                api_id: api_id.to_string(),
                enabled: enabled.unwrap_or(p.enabled),
                ..p.clone()
            },
            None => crate::model::Portal {
                id: id.map_or_else(|| crate::ids::new_id("pc"), str::to_string),
                slug: slug.to_string(),
                api_id: api_id.to_string(),
                enabled: enabled.unwrap_or(true),
                created_at: now,
            },
        };
        self.persist(kind::PORTAL, &portal.id, &portal)?;
        self.portals.insert(portal.id.clone(), portal.clone());
        Ok(portal)
    }

    /// Stores a portal session and indexes its credentials' hashes.
    pub fn save_portal_session(
        &mut self,
        session: crate::model::PortalSession,
    ) -> Result<(), ApiError> {
        self.persist(kind::PORTAL_SESSION, &session.id, &session)?;
        self.session_by_code
            .insert(session.code_hash.clone(), session.id.clone());
        if let Some(t) = &session.token_hash {
            self.session_by_token.insert(t.clone(), session.id.clone());
        }
        self.portal_sessions.insert(session.id.clone(), session);
        Ok(())
    }

    /// A live API by id.
    pub fn live_api(&self, api_id: &str) -> Option<&Api> {
        self.apis.get(api_id).filter(|a| !a.deleted)
    }

    /// A live identity by id or external id (the latter under its column's collation).
    pub fn find_identity(&self, id_or_external: &str) -> Option<&Identity> {
        if let Some(i) = self.identities.get(id_or_external).filter(|i| !i.deleted) {
            return Some(i);
        }
        self.identity_with_external(id_or_external)
    }

    /// The live identity with this external id, under its column's collation.
    pub fn identity_with_external(&self, external_id: &str) -> Option<&Identity> {
        self.identity_by_external
            .get(&column::EXTERNAL_ID.key(external_id))
            .and_then(|id| self.identities.get(id))
            .filter(|i| !i.deleted)
    }

    /// The identity with this external id, created when missing (createKey/updateKey).
    pub fn upsert_identity(&mut self, external_id: &str, now: i64) -> Result<String, ApiError> {
        let key = column::EXTERNAL_ID.key(external_id);
        if let Some(id) = self.identity_by_external.get(&key) {
            return Ok(id.clone());
        }
        let ident = Identity {
            id: new_id("id"),
            external_id: external_id.to_string(),
            meta: None,
            ratelimits: Vec::new(),
            created_at: now,
            deleted: false,
        };
        let id = ident.id.clone();
        self.save_identity(ident)?;
        self.identity_by_external.insert(key, id.clone());
        Ok(id)
    }

    /// A permission by id or slug (getPermission, deletePermission).
    pub fn find_permission(&self, id_or_slug: &str) -> Option<&Permission> {
        self.permissions
            .get(id_or_slug)
            .or_else(|| self.permission_with_slug(id_or_slug))
    }

    /// A permission by slug only, as upstream's role routes look them up
    /// (`permission_find_by_slugs.sql`, `slug IN (…)` on a case-insensitive column, the rows
    /// matched again by lower-cased slug): an id finds none, another case finds it.
    pub fn permission_with_slug(&self, slug: &str) -> Option<&Permission> {
        self.permission_by_slug
            .get(&column::PERMISSION_TEXT.key(slug))
            .and_then(|id| self.permissions.get(id))
    }

    /// A permission by its exact slug, as upstream's key routes find them: the same query,
    /// its rows then matched to the request's slugs exactly in Go, so another case finds none.
    pub fn permission_with_exact_slug(&self, slug: &str) -> Option<&Permission> {
        self.permission_with_slug(slug).filter(|p| p.slug == slug)
    }

    /// Inserts a new permission.
    pub fn insert_permission(
        &mut self,
        name: &str,
        slug: &str,
        description: Option<String>,
        now: i64,
    ) -> Result<String, ApiError> {
        let p = Permission {
            id: new_id("perm"),
            name: name.to_string(),
            slug: slug.to_string(),
            description,
            created_at: now,
        };
        self.persist(kind::PERMISSION, &p.id, &p)?;
        let id = p.id.clone();
        self.permission_by_slug
            .insert(column::PERMISSION_TEXT.key(&p.slug), id.clone());
        self.permissions.insert(id.clone(), p);
        Ok(id)
    }

    /// Ids for these slugs; missing permissions are created, with the description `describe`
    /// gives, when `may_create` is `Ok`, otherwise its error (the 403 for creating permissions)
    /// is returned. With `exact` (the key routes), slugs are matched exactly
    /// ([`Self::permission_with_exact_slug`]) and a slug to create that equals an existing one
    /// or another one to create but for case fails, as upstream's insert does on its
    /// case-insensitive unique index, with the 500 whose detail `exact` holds; nothing is
    /// created then. Without it (the role routes), slugs are matched without regard to case.
    pub fn ensure_permissions(
        &mut self,
        slugs: &[String],
        may_create: Result<(), ApiError>,
        describe: fn(&str) -> Option<String>,
        exact: Option<&'static str>,
        now: i64,
    ) -> Result<Vec<String>, ApiError> {
        let find = |st: &State, slug: &str| match exact {
            Some(_) => st.permission_with_exact_slug(slug).map(|p| p.id.clone()),
            None => st.permission_with_slug(slug).map(|p| p.id.clone()),
        };
        let mut missing: Vec<&String> = Vec::new();
        for slug in slugs {
            if find(self, slug).is_none() && !missing.contains(&slug) {
                missing.push(slug);
            }
        }
        if !missing.is_empty() {
            may_create?;
        }
        if let Some(detail) = exact {
            let mut keys = HashSet::new();
            for slug in &missing {
                if self.permission_with_slug(slug).is_some()
                    || !keys.insert(column::PERMISSION_TEXT.key(slug))
                {
                    return Err(ApiError::database_refused(detail));
                }
            }
        }
        let mut ids = Vec::with_capacity(slugs.len());
        for slug in slugs {
            let id = match find(self, slug) {
                Some(id) => id,
                None => self.insert_permission(slug, slug, describe(slug), now)?,
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// A role by id or name (getRole, deleteRole).
    pub fn find_role(&self, id_or_name: &str) -> Option<&Role> {
        self.roles.get(id_or_name).or_else(|| {
            self.role_by_name
                .get(&column::ROLE_NAME.key(id_or_name))
                .and_then(|id| self.roles.get(id))
        })
    }

    /// A role by its exact name, as upstream's key routes find roles: by `name IN (…)` in
    /// MySQL (`role_find_by_names.sql`, `role_find_many_by_name_with_perms.sql`), whose rows
    /// are then matched to the request's names exactly in Go, so neither an id nor the name
    /// in another case finds one.
    pub fn role_named(&self, name: &str) -> Option<&Role> {
        self.role_by_name
            .get(&column::ROLE_NAME.key(name))
            .and_then(|id| self.roles.get(id))
            .filter(|r| r.name == name)
    }

    /// Role ids for these names ([`Self::role_named`]); each must exist (404
    /// `role_not_found`, the first missing one in the request's order).
    pub fn resolve_roles(&self, names: &[String]) -> Result<Vec<String>, ApiError> {
        let mut ids = Vec::with_capacity(names.len());
        for n in names {
            let r = self.role_named(n).ok_or_else(|| {
                ApiError::not_found(
                    "unkey/data/role_not_found",
                    format!("Role '{n}' was not found."),
                )
            })?;
            if !ids.contains(&r.id) {
                ids.push(r.id.clone());
            }
        }
        Ok(ids)
    }

    /// Role ids for these names; missing roles are created (keys.migrateKeys).
    pub fn ensure_roles(&mut self, names: &[String], now: i64) -> Result<Vec<String>, ApiError> {
        let mut ids = Vec::with_capacity(names.len());
        for n in names {
            let key = column::ROLE_NAME.key(n);
            let known = self.role_by_name.get(&key).cloned();
            let id = match known {
                Some(id) => id,
                None => {
                    let role = Role {
                        id: new_id("role"),
                        name: n.clone(),
                        description: None,
                        permissions: Vec::new(),
                        created_at: now,
                    };
                    self.persist(kind::ROLE, &role.id, &role)?;
                    let id = role.id.clone();
                    self.role_by_name.insert(key, id.clone());
                    self.roles.insert(id.clone(), role);
                    id
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// A namespace by id or name (the name under its column's collation, keyed once here).
    pub fn find_namespace(&self, id_or_name: &str) -> Option<&Namespace> {
        self.namespaces.get(id_or_name).or_else(|| {
            self.namespace_by_name
                .get(&column::NAMESPACE_NAME.key(id_or_name))
                .and_then(|id| self.namespaces.get(id))
        })
    }

    /// Creates a namespace.
    pub fn insert_namespace(&mut self, name: &str, now: i64) -> Result<String, ApiError> {
        let ns = Namespace {
            id: new_id("rlns"),
            name: name.to_string(),
            created_at: now,
            deleted: false,
        };
        self.persist(kind::NAMESPACE, &ns.id, &ns)?;
        let id = ns.id.clone();
        self.namespace_by_name
            .insert(column::NAMESPACE_NAME.key(&ns.name), id.clone());
        self.namespaces.insert(id.clone(), ns);
        Ok(id)
    }

    /// The key's permission slugs, direct and through its roles, sorted and unique.
    pub fn effective_permissions(&self, key: &Key) -> Vec<String> {
        let mut set: HashSet<&str> = HashSet::new();
        let role_perms = key
            .roles
            .iter()
            .filter_map(|r| self.roles.get(r))
            .flat_map(|r| r.permissions.iter());
        for pid in key.permissions.iter().chain(role_perms) {
            if let Some(p) = self.permissions.get(pid) {
                set.insert(p.slug.as_str());
            }
        }
        let mut v: Vec<String> = set.into_iter().map(str::to_string).collect();
        v.sort();
        v
    }

    /// The key's permission slugs as verifyKey answers them: its direct ones, then those of
    /// each of its roles, duplicates kept, as upstream's verification query lists them with a
    /// `UNION ALL` (internal/services/keys/db/queries/key_find_for_verification.sql). No order
    /// within the two parts is fixed there; here each role's and the direct ones are sorted.
    pub fn verification_permissions(&self, key: &Key) -> Vec<String> {
        let slugs = |ids: &[String]| {
            let mut v: Vec<String> = ids
                .iter()
                .filter_map(|p| self.permissions.get(p))
                .map(|p| p.slug.clone())
                .collect();
            v.sort();
            v
        };
        let mut all = slugs(&key.permissions);
        for r in key.roles.iter().filter_map(|r| self.roles.get(r)) {
            all.extend(slugs(&r.permissions));
        }
        all
    }

    /// The key's role names, in the order they were given.
    pub fn role_names(&self, key: &Key) -> Vec<String> {
        key.roles
            .iter()
            .filter_map(|r| self.roles.get(r))
            .map(|r| r.name.clone())
            .collect()
    }

    /// `Permission` JSON.
    #[allow(
        clippy::indexing_slicing,
        reason = "serde_json::Value: reads never panic, writes go into an object built by json!"
    )]
    pub fn permission_json(p: &Permission) -> Value {
        let mut v = json!({"id": p.id, "name": p.name, "slug": p.slug});
        if let Some(d) = p.description.as_ref().filter(|d| !d.is_empty()) {
            v["description"] = json!(d);
        }
        v
    }

    /// `Role` JSON, with its permissions.
    #[allow(
        clippy::indexing_slicing,
        reason = "serde_json::Value: reads never panic, writes go into an object built by json!"
    )]
    pub fn role_json(&self, r: &Role) -> Value {
        let mut v = json!({"id": r.id, "name": r.name});
        if let Some(d) = r.description.as_ref().filter(|d| !d.is_empty()) {
            v["description"] = json!(d);
        }
        let perms: Vec<Value> = r
            .permissions
            .iter()
            .filter_map(|p| self.permissions.get(p))
            .map(Self::permission_json)
            .collect();
        if !perms.is_empty() {
            v["permissions"] = Value::Array(perms);
        }
        v
    }

    /// `RatelimitResponse` JSON.
    pub fn ratelimit_json(r: &RateLimit) -> Value {
        json!({"id": r.id, "name": r.name, "limit": r.limit, "duration": r.duration, "autoApply": r.auto_apply})
    }

    /// `Identity` JSON.
    #[allow(
        clippy::indexing_slicing,
        reason = "serde_json::Value: reads never panic, writes go into an object built by json!"
    )]
    pub fn identity_json(i: &Identity) -> Value {
        let mut v = json!({"id": i.id, "externalId": i.external_id});
        if let Some(m) = i.meta.as_ref().filter(|m| !m.is_empty()) {
            v["meta"] = Value::Object(m.clone());
        }
        if !i.ratelimits.is_empty() {
            v["ratelimits"] = i.ratelimits.iter().map(Self::ratelimit_json).collect();
        }
        v
    }

    /// `KeyCreditsData` JSON (`remaining` is an explicit null when unlimited).
    #[allow(
        clippy::indexing_slicing,
        reason = "serde_json::Value: reads never panic, writes go into an object built by json!"
    )]
    pub fn credits_json(c: &Credits) -> Value {
        let mut v = json!({"remaining": c.remaining});
        if let Some(r) = &c.refill {
            let mut rv = json!({"interval": r.interval, "amount": r.amount});
            if let Some(d) = r.refill_day {
                rv["refillDay"] = json!(d);
            }
            v["refill"] = rv;
        }
        v
    }

    /// The live identity linked to a key.
    pub fn key_identity(&self, key: &Key) -> Option<&Identity> {
        key.identity_id
            .as_ref()
            .and_then(|id| self.identities.get(id))
            .filter(|i| !i.deleted)
    }

    /// `KeyResponseData` JSON (getKey, whoami, listKeys).
    pub fn key_json(&self, k: &Key) -> Value {
        let mut v = Map::new();
        v.insert("keyId".into(), json!(k.id));
        v.insert("start".into(), json!(k.start));
        v.insert("enabled".into(), json!(k.enabled));
        v.insert("createdAt".into(), json!(k.created_at));
        if let Some(n) = &k.name {
            v.insert("name".into(), json!(n));
        }
        if let Some(m) = k.meta.as_ref().filter(|m| !m.is_empty()) {
            v.insert("meta".into(), Value::Object(m.clone()));
        }
        if let Some(t) = k.updated_at {
            v.insert("updatedAt".into(), json!(t));
        }
        if let Some(t) = k.last_used_at {
            v.insert("lastUsedAt".into(), json!(t));
        }
        // `expires: 0` is omitted, as upstream's `omitempty` int64 field does.
        if let Some(t) = k.expires.filter(|t| *t != 0) {
            v.insert("expires".into(), json!(t));
        }
        let perms = self.effective_permissions(k);
        if !perms.is_empty() {
            v.insert("permissions".into(), json!(perms));
        }
        let roles = self.role_names(k);
        if !roles.is_empty() {
            v.insert("roles".into(), json!(roles));
        }
        // Unlimited keys have no credits object at all (a NULL column upstream); the explicit
        // `remaining: null` only appears in updateCredits' answer.
        if let Some(c) = k.credits.as_ref().filter(|c| c.remaining.is_some()) {
            v.insert("credits".into(), Self::credits_json(c));
        }
        if let Some(i) = self.key_identity(k) {
            v.insert("identity".into(), Self::identity_json(i));
        }
        if !k.ratelimits.is_empty() {
            v.insert(
                "ratelimits".into(),
                k.ratelimits.iter().map(Self::ratelimit_json).collect(),
            );
        }
        Value::Object(v)
    }
}

/// Builds stored credits from create input.
pub fn to_credits(c: &crate::validate::CreditsInput, now: i64) -> Credits {
    Credits {
        remaining: c.remaining,
        refill: c.refill.as_ref().map(to_refill),
        last_refill_at: now,
    }
}

/// Builds a stored refill rule from input.
pub fn to_refill(r: &crate::validate::RefillInput) -> Refill {
    Refill {
        interval: r.interval.clone(),
        amount: r.amount,
        // Upstream stores the day only for monthly refills.
        refill_day: r
            .refill_day
            .filter(|_| r.interval == "monthly")
            .map(crate::validate::stored_refill_day),
    }
}
