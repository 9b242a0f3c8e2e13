//! Unkey's resource-name permissions (`unkey:v1:<workspace>:<path>#<action>`), the newer form of
//! root-key permissions next to the `RESOURCE.ID.ACTION` tuples.
//!
//! A granted permission is a pattern: in its path a `*` segment matches exactly one segment of
//! the required resource, a trailing `**` matches the rest of the path (or nothing), and the
//! action `*` (allowed only with the path `**`) matches every action. The workspace must be the
//! same. `unkey:v1:ws_local:keyspaces/ks_1/keys/*#verify_key` lets a root key verify every key of
//! the keyspace `ks_1`; `unkey:v1:ws_local:**#*` grants everything in the workspace.

/// A parsed resource-name permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrnPermission {
    /// The workspace id.
    pub workspace: String,
    /// The resource path, e.g. `keyspaces/ks_1/keys/key_1` (may hold `*` and a final `**`).
    pub path: String,
    /// The action after `#`, or `*`.
    pub action: String,
}

impl UrnPermission {
    /// A required permission on a concrete resource.
    pub fn new(workspace: &str, path: &str, action: &str) -> UrnPermission {
        UrnPermission {
            workspace: workspace.to_string(),
            path: path.to_string(),
            action: action.to_string(),
        }
    }

    /// Parses `unkey:v1:<workspace>:<path>#<action>` with the grammar Unkey accepts; `None` for
    /// anything else (a tuple permission, a customer-defined string, a malformed name).
    pub fn parse(value: &str) -> Option<UrnPermission> {
        let (name, action) = value.split_once('#')?;
        if action.contains('#') {
            return None;
        }
        let mut fields = name.splitn(4, ':');
        let (prefix, version, workspace, path) = (
            fields.next()?,
            fields.next()?,
            fields.next()?,
            fields.next()?,
        );
        if prefix != "unkey" || version != "v1" {
            return None;
        }
        if workspace.is_empty() || workspace.contains([':', '#', '/']) {
            return None;
        }
        let segments: Vec<&str> = path.split('/').collect();
        let last = segments.len().saturating_sub(1);
        for (i, seg) in segments.iter().enumerate() {
            let ok = match *seg {
                "" => false,
                "*" => true,
                "**" => i == last,
                s => !s.contains([':', '#', '*']),
            };
            if !ok {
                return None;
            }
        }
        let action_ok = action == "*"
            || (!action.is_empty()
                && !action.contains([':', '#', '/', '*'])
                && !action.starts_with('_')
                && !action.ends_with('_'));
        if !action_ok || (action == "*" && path != "**") {
            return None;
        }
        Some(UrnPermission::new(workspace, path, action))
    }

    /// Whether this granted permission covers `required` (a concrete resource and action).
    pub fn covers(&self, required: &UrnPermission) -> bool {
        if self.workspace != required.workspace {
            return false;
        }
        if self.action != "*" && self.action != required.action {
            return false;
        }
        let pattern: Vec<&str> = self.path.split('/').collect();
        let target: Vec<&str> = required.path.split('/').collect();
        let seg_match = |p: &[&str], t: &[&str]| {
            p.len() == t.len() && p.iter().zip(t).all(|(a, b)| *a == "*" || a == b)
        };
        match pattern.split_last() {
            Some((&"**", base)) => target
                .get(..base.len())
                .is_some_and(|head| seg_match(base, head)),
            _ => seg_match(&pattern, &target),
        }
    }
}

impl std::fmt::Display for UrnPermission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unkey:v1:{}:{}#{}",
            self.workspace, self.path, self.action
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(path: &str, action: &str) -> UrnPermission {
        UrnPermission::new("ws_1", path, action)
    }

    #[test]
    fn grammar() {
        for ok in [
            "unkey:v1:ws_1:keyspaces/ks_1/keys/k_1#read_key",
            "unkey:v1:ws_1:keyspaces/*/keys/*#read_key",
            "unkey:v1:ws_1:ratelimits/**#read_override",
            "unkey:v1:ws_1:**#*",
        ] {
            assert!(UrnPermission::parse(ok).is_some(), "{ok}");
        }
        for bad in [
            "unkey:v1:ws_1:keyspaces/ks_1",
            "unkey:v1:ws_1:keyspaces/ks_1#read#key",
            "unkey:v1:ws_1:keyspaces/ks_1#*",
            "unkey:v1:ws_1:keyspaces/ks_*#read_key",
            "unkey:v1:ws_1:ratelimits/**/overrides#read_override",
            "unkey:v2:ws_1:**#*",
            "unkey:v1::**#*",
            "unkey:v1:ws_1:a//b#x",
            "unkey:v1:ws_1:a#_x",
            "api.api_1.read_api",
        ] {
            assert!(UrnPermission::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn covering() {
        let key = need("keyspaces/ks_1/keys/k_1", "read_key");
        for g in [
            "unkey:v1:ws_1:keyspaces/ks_1/keys/k_1#read_key",
            "unkey:v1:ws_1:keyspaces/*/keys/*#read_key",
            "unkey:v1:ws_1:keyspaces/ks_1/**#read_key",
            "unkey:v1:ws_1:**#read_key",
            "unkey:v1:ws_1:**#*",
        ] {
            assert!(UrnPermission::parse(g).unwrap().covers(&key), "{g}");
        }
        for g in [
            "unkey:v1:ws_1:keyspaces/ks_1#read_key",
            "unkey:v1:ws_1:keyspaces/*#read_key",
            "unkey:v1:ws_1:*#read_key",
            "unkey:v1:ws_2:**#*",
            "unkey:v1:ws_1:keyspaces/ks_1/keys/k_1#update_key",
        ] {
            assert!(!UrnPermission::parse(g).unwrap().covers(&key), "{g}");
        }
        // `**` also matches the base itself.
        let ks = need("keyspaces/ks_1", "create_key");
        assert!(
            UrnPermission::parse("unkey:v1:ws_1:keyspaces/ks_1/**#create_key")
                .unwrap()
                .covers(&ks)
        );
    }
}
