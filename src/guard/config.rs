//! The guard's options as JSON: what `guard()`, `withGuard()` and the Hono and Express adapters
//! take (minus their functions), read once into a [`Guard`] with the JSON text reader. The one
//! place where those options are checked; every problem is reported at once.
//!
//! ```json
//! { "routes": [ { "method": "GET", "path": "/public/*", "public": true },
//!               { "path": "/admin/*", "permissions": "admin", "failOpen": true,
//!                 "ratelimit": { "namespace": "api", "limit": 10, "duration": 60000, "by": "ip" } } ],
//!   "fallback": "deny", "key": { "header": "X-API-Key" }, "failOpen": false, "deadlineMs": 2000,
//!   "headers": { "meta": { "plan": "X-Unkey-Plan" } }, "usageExceededStatus": 402 }
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use super::policy::{
    Access, FailMode, LimitBy, NamedLimit, Policy, Protection, StandaloneLimit, DEFAULT_DEADLINE_MS,
};
use super::text::cat;
use super::{ConfigError, Guard, HeaderNames, KeySource};
use crate::schema::{JsonKind, JsonText, JsonValue};

/// Problems found so far, each with where it is.
struct Problems(Vec<String>);

impl Problems {
    fn add(&mut self, at: &str, what: &str) {
        self.0.push(cat(&[at, " ", what]));
    }

    /// The string member `key` of an object that has no other ([`Problems::known`]).
    fn sole(&mut self, v: &JsonText<'_>, key: &str, at: &str) -> Option<String> {
        self.known(v, &[key], at);
        self.string(v, key, at)
    }

    /// Every member of `v` must be one of `allowed`: a misspelt option (`permission`,
    /// `methods`) would otherwise drop its check without a word, and the route pass more than
    /// it says.
    fn known(&mut self, v: &JsonText<'_>, allowed: &[&str], at: &str) {
        if v.kind() != JsonKind::Object {
            return;
        }
        for (name, _) in v.entries() {
            if !allowed.contains(&name.as_ref()) {
                self.add(
                    &cat(&[at, ".", &name]),
                    "is not an option (a misspelt one would drop its check)",
                );
            }
        }
    }

    fn string(&mut self, v: &JsonText<'_>, key: &str, at: &str) -> Option<String> {
        let x = v.get(key).filter(|x| x.kind() != JsonKind::Null)?;
        match x.as_str() {
            Some(s) => Some(s.into_owned()),
            None => {
                self.add(&cat(&[at, ".", key]), "must be a string");
                None
            }
        }
    }

    fn bool(&mut self, v: &JsonText<'_>, key: &str, at: &str) -> Option<bool> {
        let x = v.get(key).filter(|x| x.kind() != JsonKind::Null)?;
        let b = x.as_bool();
        if b.is_none() {
            self.add(&cat(&[at, ".", key]), "must be true or false");
        }
        b
    }

    fn whole(&mut self, v: &JsonText<'_>, key: &str, at: &str) -> Option<u64> {
        let x = v.get(key).filter(|x| x.kind() != JsonKind::Null)?;
        match x.as_f64() {
            Some(n)
                if n.is_finite()
                    && n >= 0.0
                    && n.fract() == 0.0
                    && n <= 9_007_199_254_740_991.0 =>
            {
                Some(n as u64)
            }
            _ => {
                self.add(&cat(&[at, ".", key]), "must be a whole number");
                None
            }
        }
    }

    fn strings(&mut self, v: &JsonText<'_>, key: &str, at: &str) -> Vec<String> {
        let Some(list) = v.get(key).filter(|x| x.kind() != JsonKind::Null) else {
            return Vec::new();
        };
        let items = list.items().unwrap_or_default();
        let out: Vec<String> = items
            .iter()
            .filter_map(|s| s.as_str().map(|s| s.into_owned()))
            .collect();
        if list.kind() != JsonKind::Array || out.len() != items.len() {
            self.add(&cat(&[at, ".", key]), "must be an array of strings");
        }
        out
    }
}

/// The members of a route's policy (a route has `method` and `path` besides).
const POLICY_MEMBERS: [&str; 12] = [
    "public",
    "deny",
    "permissions",
    "credits",
    "tags",
    "ratelimits",
    "failOpen",
    "cache",
    "deadlineMs",
    "ratelimit",
    "method",
    "path",
];

/// Route-wide defaults a route may override.
struct Defaults {
    fail_open: bool,
    deadline_ms: u64,
}

impl Guard {
    /// A guard from its options as JSON (see the module docs). A member that is not an option
    /// is a problem, as is a public or deny route with protection options.
    ///
    /// # Errors
    /// Every problem found, with where it is, in one [`ConfigError`].
    pub fn from_json(text: &str) -> Result<Guard, ConfigError> {
        let root = JsonText(text.trim());
        let mut p = Problems(Vec::new());
        if root.kind() != JsonKind::Object {
            return Err(ConfigError("options must be an object".into()));
        }
        p.known(
            &root,
            &[
                "routes",
                "fallback",
                "headers",
                "key",
                "failOpen",
                "deadlineMs",
                "usageExceededStatus",
            ],
            "options",
        );
        let defaults = Defaults {
            fail_open: p.bool(&root, "failOpen", "options").unwrap_or(false),
            deadline_ms: p
                .whole(&root, "deadlineMs", "options")
                .unwrap_or(u64::from(DEFAULT_DEADLINE_MS)),
        };
        let key = match root.get("key").filter(|k| k.kind() != JsonKind::Null) {
            None => KeySource::Bearer,
            Some(k) if k.as_str().as_deref() == Some("bearer") => KeySource::Bearer,
            Some(k) if k.as_str().as_deref() == Some("custom") => KeySource::Custom,
            Some(k) => match p.sole(&k, "header", "options.key") {
                Some(h) => KeySource::Header(h),
                None => {
                    p.add(
                        "options.key",
                        "must be \"bearer\", { header: \"X-API-Key\" } or a function",
                    );
                    KeySource::Bearer
                }
            },
        };
        let mut names = HeaderNames::default();
        if let Some(h) = root.get("headers").filter(|h| h.kind() == JsonKind::Object) {
            let at = "options.headers";
            p.known(
                &h,
                &["namespace", "keyId", "identity", "verdict", "meta"],
                at,
            );
            for (field, slot) in [
                ("namespace", &mut names.namespace),
                ("keyId", &mut names.key_id),
                ("identity", &mut names.identity),
                ("verdict", &mut names.verdict),
            ] {
                if let Some(v) = p.string(&h, field, at) {
                    *slot = v;
                }
            }
            if let Some(meta) = h.get("meta").filter(|m| m.kind() == JsonKind::Object) {
                for (field, header) in meta.entries() {
                    match header.as_str() {
                        Some(name) => names.meta.push((field.into_owned(), name.into_owned())),
                        None => p.add(&cat(&[at, ".meta.", &field]), "must be a header name"),
                    }
                }
            }
        }
        let usage = p
            .whole(&root, "usageExceededStatus", "options")
            .unwrap_or(429);
        let mut b = Guard::builder()
            .key_source(key)
            .header_names(names)
            .usage_exceeded_status(u16::try_from(usage).unwrap_or(0));
        match root.get("routes").filter(|r| r.kind() != JsonKind::Null) {
            None => {}
            Some(list) => match list.items() {
                Some(routes) => {
                    for (i, r) in routes.iter().enumerate() {
                        let at = cat(&["options.routes[", &super::text::num(i as u64), "]"]);
                        let Some(path) = p.string(r, "path", &at) else {
                            p.add(&at, "needs a path such as \"/api/*\"");
                            continue;
                        };
                        p.known(r, &POLICY_MEMBERS, &at);
                        let method = methods(r, &at, &mut p);
                        let policy = policy(r, &at, &defaults, &mut p);
                        b = b.route(&method, &path, policy);
                    }
                }
                None => p.add("options.routes", "must be an array"),
            },
        }
        let fallback = match root.get("fallback").filter(|f| f.kind() != JsonKind::Null) {
            None => policy(&JsonText("{}"), "options.fallback", &defaults, &mut p),
            Some(f) => match f.as_str().as_deref() {
                Some("protected") => policy(&JsonText("{}"), "options.fallback", &defaults, &mut p),
                Some("public") => policy(
                    &JsonText(r#"{"public":true}"#),
                    "options.fallback",
                    &defaults,
                    &mut p,
                ),
                Some("deny") => Policy::deny(),
                _ if f.kind() == JsonKind::Object => {
                    // A route's options without its `method` and `path`.
                    let members = POLICY_MEMBERS.get(..10).unwrap_or(&POLICY_MEMBERS);
                    p.known(&f, members, "options.fallback");
                    policy(&f, "options.fallback", &defaults, &mut p)
                }
                _ => {
                    p.add(
                        "options.fallback",
                        "must be \"deny\", \"public\", \"protected\" or a route's options",
                    );
                    Policy::deny()
                }
            },
        };
        b = b.fallback(fallback);
        match (b.build(), p.0.is_empty()) {
            (Ok(g), true) => Ok(g),
            (Ok(_), false) => Err(ConfigError(p.0.join("; "))),
            (Err(e), _) => {
                p.0.push(e.0);
                Err(ConfigError(p.0.join("; ")))
            }
        }
    }
}

/// A route's `method`: one, a list, or any (`*`, absent).
fn methods(r: &JsonText<'_>, at: &str, p: &mut Problems) -> String {
    match r.get("method").filter(|m| m.kind() != JsonKind::Null) {
        None => String::from("*"),
        Some(m) if m.kind() == JsonKind::Array => p.strings(r, "method", at).join(","),
        Some(m) => match m.as_str() {
            Some(s) => s.into_owned(),
            None => {
                p.add(
                    &cat(&[at, ".method"]),
                    "must be a method or a list of methods",
                );
                String::from("*")
            }
        },
    }
}

/// A route's policy from its options.
fn policy(r: &JsonText<'_>, at: &str, d: &Defaults, p: &mut Problems) -> Policy {
    let public = p.bool(r, "public", at).unwrap_or(false);
    let deny = p.bool(r, "deny", at).unwrap_or(false);
    // Options that only a protected route applies: on a public or deny one they would be
    // dropped, and the route pass (or refuse) other than it reads.
    if public || deny {
        let given = |m: &str| r.get(m).is_some_and(|v| v.kind() != JsonKind::Null);
        if public && deny {
            p.add(at, "cannot be both public and deny");
        }
        if ["permissions", "credits", "tags", "ratelimits"]
            .into_iter()
            .any(given)
        {
            p.add(
                at,
                "is public or deny: permissions, credits, tags and ratelimits would not apply",
            );
        }
    }
    let access = if deny {
        Access::Deny
    } else if public {
        Access::Public
    } else {
        let mut prot = Protection {
            permissions: p.string(r, "permissions", at),
            credits: p.whole(r, "credits", at),
            tags: p.strings(r, "tags", at),
            ..Protection::default()
        };
        if let Some(list) = r.get("ratelimits").filter(|l| l.kind() != JsonKind::Null) {
            for (i, item) in list.items().unwrap_or_default().iter().enumerate() {
                let at = cat(&[at, ".ratelimits[", &super::text::num(i as u64), "]"]);
                let named = match item.as_str() {
                    Some(name) => Some(NamedLimit {
                        name: name.into_owned(),
                        cost: None,
                        limit: None,
                        duration_ms: None,
                    }),
                    None => {
                        p.known(item, &["name", "cost", "limit", "duration"], &at);
                        p.string(item, "name", &at)
                    }
                    .map(|name| NamedLimit {
                        name,
                        cost: p.whole(item, "cost", &at),
                        limit: p.whole(item, "limit", &at),
                        duration_ms: p.whole(item, "duration", &at),
                    }),
                };
                match named {
                    Some(n) => prot.ratelimits.push(n),
                    None => p.add(&at, "must be a name or { name, cost?, limit?, duration? }"),
                }
            }
        }
        Access::Protected(prot)
    };
    let fail_open = p.bool(r, "failOpen", at).unwrap_or(d.fail_open);
    let cache = p.bool(r, "cache", at).unwrap_or(true);
    let deadline = p.whole(r, "deadlineMs", at).unwrap_or(d.deadline_ms);
    let mut policy = match access {
        Access::Deny => Policy::deny(),
        Access::Public => Policy::public(),
        Access::Protected(prot) => {
            let mut x = Policy::protected();
            x.access = Access::Protected(prot);
            x
        }
    };
    policy.fail = if fail_open {
        FailMode::Open
    } else {
        FailMode::Closed
    };
    policy.deadline_ms = u32::try_from(deadline).unwrap_or(u32::MAX);
    policy.cache = cache;
    if let Some(l) = r.get("ratelimit").filter(|l| l.kind() != JsonKind::Null) {
        let at = cat(&[at, ".ratelimit"]);
        p.known(&l, &["namespace", "limit", "duration", "cost", "by"], &at);
        let by = match l.get("by").filter(|b| b.kind() != JsonKind::Null) {
            None if public => LimitBy::Ip,
            None => LimitBy::Key,
            Some(b) => match b.as_str().as_deref() {
                Some("key") => LimitBy::Key,
                Some("identity") => LimitBy::Identity,
                Some("ip") => LimitBy::Ip,
                _ => match p.sole(&b, "header", &cat(&[&at, ".by"])) {
                    Some(h) => LimitBy::Header(h),
                    None => {
                        p.add(
                            &cat(&[&at, ".by"]),
                            "must be \"key\", \"identity\", \"ip\" or { header: \"X-Name\" }",
                        );
                        LimitBy::Ip
                    }
                },
            },
        };
        policy.ratelimit = Some(StandaloneLimit {
            namespace: p.string(&l, "namespace", &at).unwrap_or_default(),
            limit: p.whole(&l, "limit", &at).unwrap_or(0),
            duration_ms: p.whole(&l, "duration", &at).unwrap_or(0),
            cost: p.whole(&l, "cost", &at),
            by,
        });
    }
    policy
}
