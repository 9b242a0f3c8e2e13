//! Root keys and their permissions. Only the hash of each root key is kept; a root key is scoped
//! by Unkey permission strings (`api.*.verify_key`, `api.<apiId>.create_key`, `*`, ...) or
//! unscoped, which grants everything.

use crate::ids::hash_key;
use std::collections::HashMap;

/// What one root key may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every permission.
    All,
    /// Only these permission strings; a `*` segment matches any value.
    Only(Vec<String>),
}

/// Does a granted permission (possibly with `*` segments) cover a required one?
fn covers(granted: &str, required: &str) -> bool {
    if granted == "*" || granted == required {
        return true;
    }
    let mut g = granted.split('.');
    let mut r = required.split('.');
    loop {
        match (g.next(), r.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == "*" || a == b => {}
            _ => return false,
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

    /// Whether this scope grants `action` on at least one resource of `kind`
    /// (e.g. `api.<anything>.verify_key`).
    pub fn has_any(&self, kind: &str, action: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(ps) => ps.iter().any(|p| {
                if p == "*" {
                    return true;
                }
                let parts: Vec<&str> = p.split('.').collect();
                matches!(parts.as_slice(), [k, _, a]
                    if (*k == kind || *k == "*") && (*a == action || *a == "*"))
            }),
        }
    }

    /// Ok when `perm` is granted, else the 403 naming it.
    pub fn require(&self, perm: &str) -> Result<(), crate::error::ApiError> {
        if self.has(perm) {
            Ok(())
        } else {
            Err(crate::error::ApiError::insufficient_permissions(perm))
        }
    }
}

/// The root keys this server accepts, by hash.
#[derive(Default, Clone)]
pub struct RootKeys {
    by_hash: HashMap<String, Scope>,
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
    pub fn add_spec(&mut self, spec: &str) -> Result<(), String> {
        let (key, scope) = match spec.split_once('=') {
            None => (spec, Scope::All),
            Some((k, perms)) => {
                let list: Vec<String> = perms
                    .split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string)
                    .collect();
                (k, Scope::Only(list))
            }
        };
        if key.is_empty() || key.chars().any(char::is_whitespace) {
            return Err("a root key must be non-empty and contain no whitespace".into());
        }
        self.by_hash.insert(hash_key(key), scope);
        Ok(())
    }

    /// The scope of the root key whose hash is `hash`.
    pub fn lookup(&self, hash: &str) -> Option<&Scope> {
        self.by_hash.get(hash)
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
        assert!(s.has_any("api", "verify_key"));
        assert!(s.has_any("ratelimit", "limit"));
        assert!(!s.has_any("identity", "read_identity"));
        assert!(Scope::Only(vec!["*".into()]).has("rbac.*.create_role"));
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
