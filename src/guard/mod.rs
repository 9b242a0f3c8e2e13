//! The guard's decision core: one implementation behind the JS guard (through the wasm export in
//! `src/js/guard.rs`) and the workers-rs guard (`src/worker.rs`).
//!
//! Pure Rust: no I/O, no clock, no runtime types. The glue does the network calls and hands the
//! results in; the core says what to call and what to answer:
//!
//! The glue drives one request through [`Guard::check`] and [`Guard::next`] (module `step`):
//! the core says which Unkey call to make, with the request it wrote, takes the answer back, and
//! says what to answer. Underneath:
//!
//! 1. [`Guard::resolve`] picks the route (first match wins; unmatched requests get the fallback
//!    policy, by default "any valid key"), or refuses a request whose path or method origins
//!    could read differently ([`Refused`]);
//! 2. [`Guard::presented`] reads the key out of a header value;
//! 3. [`Guard::needs_verify`] / [`Guard::limit_identifier`] say which Unkey calls to make;
//! 4. [`Guard::decide`] turns the evidence into a [`Decision`];
//! 5. [`Guard::strips`] says which caller headers never reach the origin.
//!
//! [`Guard::from_json`] reads the JS guard's options (module `config`).
//!
//! ```
//! use unkey_edge::guard::{Guard, Policy, Presented, Evidence, VerifyOutcome};
//! let guard = Guard::builder()
//!     .route("GET", "/public/*", Policy::public())
//!     .route("*", "/admin/*", Policy::permission("admin"))
//!     .route("*", "/api/*", Policy::protected())
//!     .build()
//!     .unwrap();
//! let route = guard.resolve("GET", "/api/users").unwrap();
//! let presented = guard.presented(Some("Bearer sk_123"));
//! assert!(guard.needs_verify(route, &presented));
//! let outcome = VerifyOutcome { code: "NOT_FOUND".into(), ..Default::default() };
//! let ev = Evidence { presented: &presented, verify: Some(Ok(&outcome)), limit: None,
//!                     now_ms: 0.0, request_id: "req_1" };
//! assert_eq!(guard.decide(route, &ev).as_deny().map(|d| d.status), Some(401));
//! ```

mod config;
mod decide;
pub(crate) mod denials;
pub mod flat;
mod ip;
mod key;
mod nfkc;
mod outcome;
mod pattern;
mod policy;
mod problem;
mod step;
pub(crate) mod text;

#[cfg(test)]
mod tests;

pub use decide::{
    deny_with, header_value, ratelimit_headers, Decision, Deny, Evidence, Forward, HeaderNames,
    Settings, Verdict, IDENTITY_TOO_LARGE, IDENTITY_TOO_LARGE_DETAIL, MAX_IDENTITY_HEADER_BYTES,
};
pub use key::{KeySource, Presented, MAX_KEY_LEN};
pub use outcome::{Failure, LimitState, VerifyOutcome, UNREACHABLE_STATUSES};
pub use pattern::{BadPath, NormalPath, Pattern, PatternError};
pub use step::{request_id, Check, Incoming, Step};

/// Why [`Guard::resolve`] refused a request before any route applied (answer it with
/// [`Guard::refusal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The path is one origins read differently ([`NormalPath::parse`]), or one some origin
    /// serves from another path that would get another policy ([`NormalPath::readings`]).
    Path,
    /// The query string asks the origin to act on another method (`_method=DELETE`, as Laravel,
    /// Symfony and `method-override` read it): the guard would check one method and the origin
    /// run another. (Method-override *headers* are stripped instead: [`Guard::strips`].)
    MethodOverride,
}

/// Request headers that ask an origin to act on another method than the request's. The guard
/// strips them ([`Guard::strips`]), so the origin runs the method the guard checked.
pub const METHOD_OVERRIDE_HEADERS: [&str; 3] = [
    "X-HTTP-Method-Override",
    "X-HTTP-Method",
    "X-Method-Override",
];

/// Request headers that ask an origin to serve another path than the request's: apps behind
/// IIS's URL Rewrite module, and Symfony and Zend releases before their 2018 fixes
/// (CVE-2018-14773), route on `X-Original-URL` or `X-Rewrite-URL`, so `GET /public/x` with
/// `X-Original-URL: /admin/users` would be checked as `/public/x` and served as
/// `/admin/users`. The guard strips them ([`Guard::strips`]), so the origin serves the path
/// the guard checked.
pub const PATH_OVERRIDE_HEADERS: [&str; 2] = ["X-Original-URL", "X-Rewrite-URL"];
pub use policy::{
    Access, FailMode, LimitBy, NamedLimit, Policy, Protection, StandaloneLimit, DEFAULT_DEADLINE_MS,
};
use text::{cat, num};

/// One entry of the route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Upper-case methods; empty means any. `GET` also admits `HEAD`.
    pub methods: Vec<String>,
    /// Path pattern.
    pub pattern: Pattern,
    /// What the route demands.
    pub policy: Policy,
}

impl Route {
    fn admits(&self, method: &str) -> bool {
        self.methods.is_empty()
            || self.methods.iter().any(|m| {
                m.eq_ignore_ascii_case(method)
                    || (m == "GET" && method.eq_ignore_ascii_case("HEAD"))
            })
    }
}

/// The longest identifier `ratelimit.limit` takes, in characters (the spec's `maxLength`).
const MAX_IDENTIFIER_CHARS: usize = 512;

/// Index of a route in the table; [`Guard::fallback_route`] for requests no route matched.
pub type RouteId = usize;

/// Why a guard configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// The `Display` text, built without `core::fmt` (for the wasm export).
    pub fn message(&self) -> String {
        cat(&["invalid guard configuration: ", &self.0])
    }
}

/// A compiled route table plus the settings every decision shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guard {
    routes: Vec<Route>,
    fallback: Policy,
    key: KeySource,
    settings: Settings,
    /// Standalone limits seen denied, until their reset ([`denials`]).
    denials: denials::Denials,
}

/// Builds a [`Guard`]; errors are collected and reported by [`GuardBuilder::build`].
#[derive(Debug, Clone)]
pub struct GuardBuilder {
    guard: Guard,
    errors: Vec<String>,
}

impl Guard {
    /// Start a route table. Defaults: key from `Authorization: Bearer`, unmatched requests need
    /// a valid key, `X-Unkey-*` header names, `USAGE_EXCEEDED` → 429.
    pub fn builder() -> GuardBuilder {
        GuardBuilder {
            guard: Guard {
                routes: Vec::new(),
                fallback: Policy::protected(),
                key: KeySource::Bearer,
                settings: Settings::default(),
                denials: denials::Denials::default(),
            },
            errors: Vec::new(),
        }
    }

    /// The route for this request, or why it is refused (answer it with [`Guard::refusal`]).
    /// `target` is the request target: the path, with or without its query string.
    pub fn resolve(&self, method: &str, target: &str) -> Result<RouteId, Refused> {
        let path = NormalPath::parse(target).map_err(|BadPath| Refused::Path)?;
        if query_overrides_method(method, target) {
            return Err(Refused::MethodOverride);
        }
        let route = self.first_match(method, &path);
        // A path some origin serves from another ([`NormalPath::readings`]) passes only when
        // every reading gets this policy: which one the origin takes depends on what it holds.
        let matched = self.routes.get(route).map(|r| &r.pattern);
        let named = |i| matched.and_then(|p| p.literal(i)).is_some();
        let policy = self.policy(route);
        let readings = path
            .readings(self.routes.iter().map(|r| &r.pattern), named)
            .map_err(|BadPath| Refused::Path)?;
        if readings
            .iter()
            .any(|alt| self.policy(self.first_match(method, alt)) != policy)
        {
            return Err(Refused::Path);
        }
        Ok(route)
    }

    /// The first route that admits the method and matches the path, else the fallback.
    fn first_match(&self, method: &str, path: &NormalPath) -> RouteId {
        self.routes
            .iter()
            .position(|r| r.admits(method) && r.pattern.matches(path))
            .unwrap_or(self.routes.len())
    }

    /// The id [`Guard::resolve`] returns when no route matched.
    pub fn fallback_route(&self) -> RouteId {
        self.routes.len()
    }

    /// The policy of a route (the fallback policy for unknown ids).
    pub fn policy(&self, route: RouteId) -> &Policy {
        self.routes
            .get(route)
            .map(|r| &r.policy)
            .unwrap_or(&self.fallback)
    }

    /// The route table.
    pub fn routes(&self) -> &[Route] {
        &self.routes
    }

    /// Where keys come from.
    pub fn key_source(&self) -> &KeySource {
        &self.key
    }

    /// Shared decision settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Read the key from the raw value of the key header (or a custom function's result).
    pub fn presented(&self, raw: Option<&str>) -> Presented {
        self.key.parse(raw)
    }

    /// Should the glue call `keys.verifyKey`?
    pub fn needs_verify(&self, route: RouteId, presented: &Presented) -> bool {
        matches!(self.policy(route).access, Access::Protected(_))
            && matches!(presented, Presented::Key(_))
    }

    /// The identifier for the route's standalone `ratelimit.limit`, or `None` when no call is due
    /// (no limit configured, the request is already denied by its verification, or the limit
    /// needs the client IP and `ip` is unknown: [`Guard::decide`] then refuses with 500).
    ///
    /// Identifiers carry their source (`key:`, `identity:`, `ip:`, `header:`) so a key id and an
    /// IP can never share a bucket in one namespace.
    pub fn limit_identifier(
        &self,
        route: RouteId,
        verify: Option<&VerifyOutcome>,
        ip: Option<&str>,
        header: Option<&str>,
    ) -> Option<String> {
        let policy = self.policy(route);
        let limit = policy.ratelimit.as_ref()?;
        let verified = match (&policy.access, verify) {
            (Access::Deny, _) => return None,
            (Access::Protected(_), Some(v)) if v.is_valid() => Some(v),
            (Access::Protected(_), _) => return None,
            (Access::Public, _) => None,
        };
        // The client IP comes from the platform, never from a client-set header; when it is
        // unknown no call is made, and the decision refuses the request (500) rather than put
        // every such client in one shared bucket.
        // An IPv6 client counts with its whole /64, which it holds anyway (`ip::bucket`).
        let ip_id = || {
            ip.filter(|s| !s.is_empty())
                .map(|ip| cat(&["ip:", &ip::bucket(ip)]))
        };
        let key_id = verified.and_then(|v| v.key_id.as_deref());
        let ext_id = verified.and_then(|v| v.external_id.as_deref());
        match &limit.by {
            LimitBy::Ip => ip_id(),
            LimitBy::Key => key_id.map_or_else(ip_id, |k| Some(cat(&["key:", k]))),
            LimitBy::Identity => match (ext_id, key_id) {
                (Some(e), _) => Some(cat(&["identity:", e])),
                (None, Some(k)) => Some(cat(&["key:", k])),
                (None, None) => ip_id(),
            },
            // A value longer than `ratelimit.limit` takes as an identifier (with its prefix)
            // counts as absent, as an empty one does: sent, it would be the client's
            // validation error, a 500 `UNKEY_REJECTED` any caller could provoke. The caller
            // could leave the header out to get the same IP bucket.
            LimitBy::Header(_) => match header.map(str::trim).filter(|h| {
                !h.is_empty() && h.chars().count() <= MAX_IDENTIFIER_CHARS - "header:".len()
            }) {
                Some(h) => Some(cat(&["header:", h])),
                None => ip_id(),
            },
        }
    }

    /// Decide for a route given the evidence.
    pub fn decide(&self, route: RouteId, ev: &Evidence<'_>) -> Decision {
        decide::decide(&self.settings, self.policy(route), ev)
    }

    /// The answer for a request [`Guard::resolve`] refused: 400 `BAD_PATH` or
    /// `METHOD_OVERRIDE`.
    pub fn refusal(&self, why: Refused, request_id: &str) -> Decision {
        let (code, detail) = match why {
            Refused::Path => (
                "BAD_PATH",
                "The request path is ambiguous (a '\\' or '#', an encoded '/', '?' or '#', a \
                 segment of only dots and spaces, a ';', a ':$', a control character, a character \
                 read as ASCII by Unicode normalisation, an escape encoded twice, or not a path).",
            ),
            Refused::MethodOverride => (
                "METHOD_OVERRIDE",
                "The query asks for another method (_method); send the method itself.",
            ),
        };
        deny_with(400, code, detail, request_id, None, Vec::new())
    }

    /// Must this caller-sent header be removed before forwarding? True for the key header, every
    /// header in the namespace, every header the guard itself sets, and the method-override and
    /// path-override headers ([`METHOD_OVERRIDE_HEADERS`], [`PATH_OVERRIDE_HEADERS`]). Names
    /// compare ASCII case-insensitively with `_` and `-` as one character, since CGI, WSGI and
    /// Rack origins read `X_Unkey_Key_Id` as `X-Unkey-Key-Id`.
    pub fn strips(&self, name: &str) -> bool {
        let names = &self.settings.names;
        let ns = names.namespace.as_bytes();
        let starts_ns = !ns.is_empty()
            && name
                .as_bytes()
                .get(..ns.len())
                .is_some_and(|p| same_name(p, ns));
        let is = |h: &str| same_name(h.as_bytes(), name.as_bytes());
        starts_ns
            || self.key.header_name().is_some_and(|h| is(&h))
            || [&names.key_id, &names.identity, &names.verdict]
                .into_iter()
                .any(|h| is(h))
            || names.meta.iter().any(|(_, h)| is(h))
            || METHOD_OVERRIDE_HEADERS.into_iter().any(is)
            || PATH_OVERRIDE_HEADERS.into_iter().any(is)
    }
}

impl GuardBuilder {
    /// Add a route: `method` is one method, a comma-separated list, or `*`/empty for any.
    pub fn route(mut self, method: &str, path: &str, policy: Policy) -> Self {
        match Pattern::parse(path) {
            Ok(pattern) => {
                let methods = method
                    .split(',')
                    .map(|m| m.trim().to_ascii_uppercase())
                    .filter(|m| !m.is_empty() && m != "*")
                    .collect();
                self.check_policy(&policy, path);
                self.guard.routes.push(Route {
                    methods,
                    pattern,
                    policy,
                });
            }
            Err(e) => self.errors.push(e.0),
        }
        self
    }

    /// Policy for requests no route matches (default: any valid key).
    pub fn fallback(mut self, policy: Policy) -> Self {
        self.check_policy(&policy, "fallback");
        self.guard.fallback = policy;
        self
    }

    /// Where to read keys.
    pub fn key_source(mut self, key: KeySource) -> Self {
        if let KeySource::Header(h) = &key {
            if !is_token(h) {
                self.errors
                    .push(cat(&["key header \"", h, "\" is not a header name"]));
            }
        }
        self.guard.key = key;
        self
    }

    /// Header names written for the origin and stripped from callers.
    pub fn header_names(mut self, names: HeaderNames) -> Self {
        let all = [&names.key_id, &names.identity, &names.verdict]
            .into_iter()
            .chain(names.meta.iter().map(|(_, h)| h));
        for h in all {
            if !is_token(h) {
                self.errors.push(cat(&["\"", h, "\" is not a header name"]));
            }
        }
        self.guard.settings.names = names;
        self
    }

    /// Status for `USAGE_EXCEEDED` (default 429).
    pub fn usage_exceeded_status(mut self, status: u16) -> Self {
        if !(400..=599).contains(&status) {
            self.errors.push(cat(&[
                "usage-exceeded status ",
                &num(u64::from(status)),
                " is not a 4xx/5xx",
            ]));
        }
        self.guard.settings.usage_exceeded_status = status;
        self
    }

    fn check_policy(&mut self, policy: &Policy, at: &str) {
        if policy.deadline_ms == 0 {
            self.errors.push(cat(&[at, ": deadline must be > 0 ms"]));
        }
        if let Some(l) = &policy.ratelimit {
            if l.namespace.is_empty() || l.limit == 0 || l.duration_ms < 1000 {
                self.errors.push(cat(&[
                    at,
                    ": a rate limit needs a namespace, limit >= 1 and duration >= 1000 ms",
                ]));
            }
            if let LimitBy::Header(h) = &l.by {
                if !is_token(h) {
                    self.errors
                        .push(cat(&[at, ": \"", h, "\" is not a header name"]));
                }
            }
        }
        if let Some(p) = policy.protection() {
            if p.ratelimits.iter().any(|r| r.name.len() < 3) {
                self.errors
                    .push(cat(&[at, ": rate-limit names need 3 characters or more"]));
            }
        }
    }

    /// Finish, reporting every problem found.
    pub fn build(mut self) -> Result<Guard, ConfigError> {
        // A limit by the key's own header would send the caller's key to Unkey as a rate-limit
        // identifier (kept in its analytics): `by: "key"` is that limit, by the key's id.
        if let Some(key_header) = self.guard.key.header_name() {
            let policies = self.guard.routes.iter().map(|r| &r.policy);
            let by_key_header = policies
                .chain([&self.guard.fallback])
                .filter_map(|p| p.ratelimit.as_ref())
                .any(|l| match &l.by {
                    LimitBy::Header(h) => same_name(h.as_bytes(), key_header.as_bytes()),
                    _ => false,
                });
            if by_key_header {
                self.errors.push(cat(&[
                    "a rate limit by the key header \"",
                    &key_header,
                    "\" would send the key itself as its identifier: limit by \"key\" instead",
                ]));
            }
        }
        if self.errors.is_empty() {
            Ok(self.guard)
        } else {
            let mut all = String::new();
            for (i, e) in self.errors.iter().enumerate() {
                if i > 0 {
                    all.push_str("; ");
                }
                all.push_str(e);
            }
            Err(ConfigError(all))
        }
    }
}

/// Header names as origins compare them: ASCII case-insensitive, `_` equal to `-`.
fn same_name(a: &[u8], b: &[u8]) -> bool {
    let fold = |c: u8| {
        if c == b'_' {
            b'-'
        } else {
            c.to_ascii_lowercase()
        }
    };
    a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| fold(x) == fold(y))
}

/// Does the query string of `target` carry a `_method` other than `method`? Names and values
/// are percent-decoded and compared ASCII case-insensitively; `&` and `;` both separate pairs.
/// A name is read as PHP reads it (Laravel honours `_method` on every request): spaces around
/// it dropped, and a `.` or a space inside it an `_`, so `.method` is `_method`.
fn query_overrides_method(method: &str, target: &str) -> bool {
    let Some((_, query)) = target.split_once('?') else {
        return false;
    };
    let query = query.split('#').next().unwrap_or("");
    query.split(['&', ';']).any(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded = |s: &str| pattern::percent_decode(&s.replace('+', " "));
        // A value that does not decode is refused: some origin may still read a method in it.
        decoded(name).is_some_and(|n| names_method(n.trim()))
            && decoded(value).is_none_or(|v| {
                let v = v.trim();
                !v.is_empty() && !v.eq_ignore_ascii_case(method)
            })
    })
}

/// Is this query parameter name `_method` to PHP, which turns a `.` or a space in a name into
/// an `_` (case aside, as the method-override readers compare it)?
fn names_method(name: &str) -> bool {
    let php = |b: u8| match b {
        b'.' | b' ' => b'_',
        b => b.to_ascii_lowercase(),
    };
    name.len() == "_method".len() && name.bytes().map(php).eq("_method".bytes())
}

/// RFC 9110 token: what a header name may contain.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
