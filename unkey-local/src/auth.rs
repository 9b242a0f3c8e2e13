//! Root keys and their permissions. Only the hash of each root key is kept; a root key is scoped
//! by Unkey permission strings (`api.*.verify_key`, `api.<apiId>.create_key`, `*`, ...) or
//! unscoped, which grants everything.

use crate::ids::hash_key;
use crate::urn::UrnPermission;
use std::collections::HashMap;
use std::sync::Arc;

/// What one root key may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every permission.
    All,
    /// Only these permission strings; a `*` segment matches any value.
    Only(Vec<String>),
}

/// Does a granted permission cover a required one? As upstream, root-key permissions are
/// compared as exact strings: a handler that needs `api.<id>.verify_key` accepts that string or
/// `api.*.verify_key`, so a `*` works only as the resource id. `*`, `api.*.*` or `*.*.verify_key`
/// grant nothing beyond their literal text.
fn covers(granted: &str, required: &str) -> bool {
    if granted == required {
        return true;
    }
    let mut g = granted.splitn(3, '.');
    let mut r = required.splitn(3, '.');
    match (g.next(), g.next(), g.next(), r.next(), r.next(), r.next()) {
        (Some(gk), Some("*"), Some(ga), Some(rk), Some(_), Some(ra)) => gk == rk && ga == ra,
        _ => false,
    }
}

/// A permission requirement as upstream's handlers write it: tuples (`api.*.read_key`), resource
/// names ([`UrnPermission`]), combined with `and`/`or`. Evaluated against a root key's grants
/// and, when denied, worded as upstream words the denial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// A tuple permission, matched as an exact string (`api.*.x` also covers `api.<id>.x`).
    Tuple(String),
    /// A resource-name permission, covered by a matching granted pattern.
    Urn(UrnPermission),
    /// Every child.
    And(Vec<Need>),
    /// Any child.
    Or(Vec<Need>),
}

impl Need {
    /// A tuple leaf.
    pub fn t(s: impl Into<String>) -> Need {
        Need::Tuple(s.into())
    }

    /// A resource-name leaf: `path` and `action` in the workspace `ws`.
    pub fn u(ws: &str, path: &str, action: &str) -> Need {
        Need::Urn(UrnPermission::new(ws, path, action))
    }

    fn leaf_ok(&self, granted: &[String]) -> bool {
        match self {
            Need::Tuple(t) => granted.iter().any(|g| covers(g, t)),
            Need::Urn(u) => {
                let text = u.to_string();
                granted
                    .iter()
                    .any(|g| *g == text || UrnPermission::parse(g).is_some_and(|p| p.covers(u)))
            }
            Need::And(_) | Need::Or(_) => false,
        }
    }

    /// The text upstream uses for this requirement in a denial.
    pub fn format(&self) -> String {
        match self {
            Need::Tuple(t) => t.clone(),
            Need::Urn(u) => u.to_string(),
            Need::And(c) => c.iter().map(Need::format).collect::<Vec<_>>().join(" and "),
            Need::Or(c) => c.iter().map(Need::format).collect::<Vec<_>>().join(" or "),
        }
    }

    /// `Ok` when granted, else the denial message upstream's evaluator writes.
    fn evaluate(&self, granted: &[String]) -> Result<(), String> {
        match self {
            Need::Tuple(_) | Need::Urn(_) => {
                if self.leaf_ok(granted) {
                    Ok(())
                } else {
                    Err(format!("Missing permission: '{}'", self.format()))
                }
            }
            Need::And(children) => children.iter().try_for_each(|c| c.evaluate(granted)),
            Need::Or(children) => {
                if children.iter().any(|c| c.evaluate(granted).is_ok()) {
                    Ok(())
                } else {
                    let parts: Vec<String> = children.iter().map(Need::format).collect();
                    Err(format!(
                        "Missing one of these permissions: {}",
                        parts.join(" or ")
                    ))
                }
            }
        }
    }
}

impl Scope {
    /// Whether this scope grants `perm` (e.g. `api.api_123.verify_key`).
    pub fn has(&self, perm: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(ps) => ps.iter().any(|p| covers(p, perm)),
        }
    }

    /// Whether this scope satisfies `need`.
    pub fn allows(&self, need: &Need) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(ps) => need.evaluate(ps).is_ok(),
        }
    }

    /// Ok when `need` is satisfied, else the 403 upstream answers, worded as upstream words it.
    pub fn authorize(&self, need: &Need) -> Result<(), crate::error::ApiError> {
        match self {
            Scope::All => Ok(()),
            Scope::Only(ps) => need
                .evaluate(ps)
                .map_err(crate::error::ApiError::insufficient_permissions),
        }
    }

    /// Ok when `perm` is granted, else the 403 naming it.
    pub fn require(&self, perm: &str) -> Result<(), crate::error::ApiError> {
        self.authorize(&Need::t(perm))
    }
}

/// The resource types of Unkey's root-key permissions (`RESOURCE.ID.ACTION`).
pub const RESOURCE_TYPES: &[&str] = &[
    "api",
    "ratelimit",
    "rbac",
    "identity",
    "project",
    "app",
    "environment",
    "portal",
    "workspace",
];

/// Parses the permission list of `--root-key KEY=LIST`: one or more comma-separated permissions
/// (spaces around commas allowed), each either `*` or `RESOURCE.ID.ACTION`, where `RESOURCE` is
/// one of [`RESOURCE_TYPES`], `ID` is letters, digits, `_` and `-`, and `ACTION` is lower-case
/// letters and `_`; any of the three may be `*` (a literal, see `covers`).
pub fn parse_permission_list(list: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    // Errors never quote the text: when `=` belongs to a secret, the tail is part of it.
    for (n, item) in list.split(',').map(str::trim).enumerate() {
        if item.is_empty() {
            return Err(format!("entry {} is empty", n + 1));
        }
        if item != "*" && UrnPermission::parse(item).is_none() {
            let parts: Vec<&str> = item.split('.').collect();
            let ok = match parts.as_slice() {
                [r, id, action] => {
                    (RESOURCE_TYPES.contains(r) || *r == "*")
                        && !id.is_empty()
                        && (*id == "*"
                            || id
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                        && !action.is_empty()
                        && (*action == "*"
                            || action.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
                }
                _ => false,
            };
            if !ok {
                return Err(format!(
                    "entry {} is not `*`, RESOURCE.ID.ACTION or unkey:v1:WORKSPACE:PATH#ACTION",
                    n + 1
                ));
            }
        }
        out.push(item.to_string());
    }
    Ok(out)
}

/// One accepted root key: its workspace index (0 is the default workspace, then the
/// `--workspace`s in order), its scope, and, for a key created at run time through
/// `/_local/dashboard/root-keys`, its id.
#[derive(Debug, Clone)]
struct RootKey {
    /// The workspace index; `None` for a root key whose workspace does not exist.
    ws: Option<usize>,
    scope: Arc<Scope>,
    id: Option<String>,
    /// Disabled in the dashboard: refused with 403 `key_disabled`.
    enabled: bool,
    /// Unix ms after which it is refused with 403 (`None`: never).
    expires: Option<i64>,
}

/// What a root key's lookup found.
#[derive(Debug, Clone)]
pub enum Found {
    /// A usable root key: its workspace index and scope.
    Usable(usize, Arc<Scope>),
    /// A root key whose workspace does not exist.
    WorkspaceMissing,
    /// A root key of the workspace with this index, which must be checked for being enabled.
    Unusable {
        /// Its workspace index.
        ws: usize,
        /// Whether the key itself is enabled.
        enabled: bool,
        /// When it expired (Unix ms), if it has.
        expired: Option<i64>,
        /// Its scope, when it turns out usable (the workspace is enabled).
        scope: Arc<Scope>,
    },
}

/// A root key created at run time, as it is added or changed.
#[derive(Debug, Clone)]
pub struct Created {
    /// Its id.
    pub id: String,
    /// Its workspace index (`None`: a workspace that does not exist).
    pub ws: Option<usize>,
    /// Its permissions.
    pub permissions: Vec<String>,
    /// Whether it is enabled.
    pub enabled: bool,
    /// When it expires (Unix ms).
    pub expires: Option<i64>,
}

/// The root keys this server accepts, by hash.
#[derive(Default, Clone)]
pub struct RootKeys {
    by_hash: HashMap<String, RootKey>,
}

impl std::fmt::Debug for RootKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RootKeys")
            .field("count", &self.by_hash.len())
            .finish()
    }
}

impl RootKeys {
    /// Adds a root key given as `KEY` (unscoped) or `KEY=perm1,perm2` (scoped).
    ///
    /// The grammar is explicit so that a key containing `=` is never silently read as a scoped
    /// key: when the value contains `=`, the text after the **last** `=` must be a permission
    /// list (see [`parse_permission_list`]) and the key is everything before it; otherwise the
    /// value is refused. A key that itself contains `=` is given scoped as `KEY=perms` (the last
    /// `=` separates) or unscoped with [`RootKeys::add_unscoped`] (`--unscoped-root-key`).
    pub fn add_spec(&mut self, spec: &str) -> Result<(), String> {
        self.add_spec_in(spec, 0)
    }

    /// [`RootKeys::add_spec`] for the workspace with index `ws`.
    pub fn add_spec_in(&mut self, spec: &str, ws: usize) -> Result<(), String> {
        let (key, scope) = match spec.rsplit_once('=') {
            None => (spec, Scope::All),
            Some((k, perms)) => match parse_permission_list(perms) {
                Ok(list) => (k, Scope::Only(list)),
                Err(why) => {
                    return Err(format!(
                        "a value with `=` must be KEY=PERMISSIONS, but the text after the last `=` is not a permission list ({why}); to accept a key that contains `=` as an unscoped root key, use --unscoped-root-key"
                    ))
                }
            },
        };
        self.insert(key, scope, ws)
    }

    /// Adds an unscoped root key taken verbatim (it may contain `=`).
    pub fn add_unscoped(&mut self, key: &str) -> Result<(), String> {
        self.add_unscoped_in(key, 0)
    }

    /// [`RootKeys::add_unscoped`] for the workspace with index `ws`.
    pub fn add_unscoped_in(&mut self, key: &str, ws: usize) -> Result<(), String> {
        self.insert(key, Scope::All, ws)
    }

    fn insert(&mut self, key: &str, scope: Scope, ws: usize) -> Result<(), String> {
        if key.is_empty() || key.chars().any(char::is_whitespace) {
            return Err("a root key must be non-empty and contain no whitespace".into());
        }
        self.by_hash.insert(
            hash_key(key),
            RootKey {
                ws: Some(ws),
                scope: Arc::new(scope),
                id: None,
                enabled: true,
                expires: None,
            },
        );
        Ok(())
    }

    /// Adds (or replaces) a root key created at run time, by its hash.
    pub fn add_created(&mut self, hash: String, k: Created) {
        self.by_hash.insert(
            hash,
            RootKey {
                ws: k.ws,
                scope: Arc::new(Scope::Only(k.permissions)),
                id: Some(k.id),
                enabled: k.enabled,
                expires: k.expires,
            },
        );
    }

    /// The hash of the root key created at run time with this id.
    pub fn hash_of_created(&self, id: &str) -> Option<String> {
        self.by_hash
            .iter()
            .find(|(_, k)| k.id.as_deref() == Some(id))
            .map(|(h, _)| h.clone())
    }

    /// Removes the root key created at run time with this id; whether there was one, and its
    /// workspace index.
    pub fn remove_created(&mut self, id: &str) -> Option<Option<usize>> {
        let hash = self.hash_of_created(id)?;
        self.by_hash.remove(&hash).map(|k| k.ws)
    }

    /// Whether a root key with this hash is accepted (given at start or created since).
    pub fn contains(&self, hash: &str) -> bool {
        self.by_hash.contains_key(hash)
    }

    /// The scope of the root key whose hash is `hash`.
    pub fn lookup(&self, hash: &str) -> Option<&Scope> {
        self.by_hash.get(hash).map(|k| k.scope.as_ref())
    }

    /// The root key whose hash is `hash`, as of `now` (Unix ms).
    pub fn find(&self, hash: &str, now: i64) -> Option<Found> {
        let k = self.by_hash.get(hash)?;
        let Some(ws) = k.ws else {
            return Some(Found::WorkspaceMissing);
        };
        let expired = k.expires.filter(|e| now > *e);
        Some(if k.enabled && expired.is_none() {
            Found::Usable(ws, Arc::clone(&k.scope))
        } else {
            Found::Unusable {
                ws,
                enabled: k.enabled,
                expired,
                scope: Arc::clone(&k.scope),
            }
        })
    }

    /// Whether no root key is configured.
    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_segments() {
        let s = Scope::Only(vec![
            "api.*.verify_key".into(),
            "ratelimit.ns_1.limit".into(),
        ]);
        assert!(s.has("api.api_1.verify_key"));
        assert!(!s.has("api.api_1.create_key"));
        assert!(s.has("ratelimit.ns_1.limit"));
        assert!(!s.has("ratelimit.ns_2.limit"));
        // Exact strings, as upstream: `*` is literal except as the resource id.
        assert!(!Scope::Only(vec!["*".into()]).has("rbac.*.create_role"));
        assert!(!Scope::Only(vec!["api.*.*".into()]).has("api.api_1.read_key"));
        assert!(!Scope::Only(vec!["*.*.read_key".into()]).has("api.api_1.read_key"));
        assert!(Scope::Only(vec!["*".into()]).has("*"));
    }

    #[test]
    fn root_key_grammar() {
        let mut rk = RootKeys::default();
        // Unscoped, scoped, and scoped with `=` inside the key (the last `=` separates).
        rk.add_spec("plain").unwrap();
        rk.add_spec("k=api.*.verify_key, ratelimit.ns_1.limit")
            .unwrap();
        rk.add_spec("b64===api.api_1.create_key").unwrap();
        assert_eq!(rk.lookup(&hash_key("plain")), Some(&Scope::All));
        assert!(matches!(
            rk.find(&hash_key("plain"), 0),
            Some(Found::Usable(0, _))
        ));
        assert_eq!(
            rk.lookup(&hash_key("k")),
            Some(&Scope::Only(vec![
                "api.*.verify_key".into(),
                "ratelimit.ns_1.limit".into()
            ]))
        );
        assert!(rk.lookup(&hash_key("b64==")).is_some());
        // Text after `=` that is not a permission list is refused, never guessed.
        for bad in [
            "abc==",
            "abc=",
            "a=b",
            "a=api.x",
            "a=foo.*.read",
            "a=api.*.Read",
            "a=api.*.x,",
        ] {
            let err = RootKeys::default().add_spec(bad).unwrap_err();
            assert!(err.contains("--unscoped-root-key"), "{bad}: {err}");
        }
        assert_eq!(parse_permission_list("*"), Ok(vec!["*".to_string()]));
        rk.add_unscoped("abc==").unwrap();
        assert_eq!(rk.lookup(&hash_key("abc==")), Some(&Scope::All));
    }

    #[test]
    fn debug_hides_keys() {
        let mut rk = RootKeys::default();
        rk.add_spec("unkey_secret=api.*.verify_key").unwrap();
        assert!(!format!("{rk:?}").contains("secret"));
        assert!(rk.lookup(&hash_key("unkey_secret")).is_some());
        assert!(rk.lookup(&hash_key("unkey_other")).is_none());
    }
}
