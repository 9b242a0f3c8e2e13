//! What a route demands of a request: the policy half of a route-table entry.

/// Who may pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// No key needed; the request is forwarded (after any standalone rate limit).
    Public,
    /// A valid key is needed, checked with `keys.verifyKey` using these extra conditions.
    Protected(Protection),
    /// Never forwarded: answered 404 `NO_ROUTE`. Useful as the fallback of a strict table.
    Deny,
}

/// The conditions sent along with `keys.verifyKey` for a protected route.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Protection {
    /// A permission query such as `admin` or `read AND (write OR owner)`.
    pub permissions: Option<String>,
    /// Named rate limits configured on the key or its identity (or ad-hoc ones with a limit and
    /// duration), each with its cost.
    pub ratelimits: Vec<NamedLimit>,
    /// Credits deducted per request. `None` lets the server apply its default (1).
    pub credits: Option<u64>,
    /// Analytics tags sent with the verification.
    pub tags: Vec<String>,
}

/// A rate limit checked by `keys.verifyKey`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedLimit {
    /// Name of the limit on the key or identity.
    pub name: String,
    /// Tokens this request consumes (server default 1).
    pub cost: Option<u64>,
    /// Ad-hoc limit: when both this and `duration_ms` are set the server applies it by key id.
    pub limit: Option<u64>,
    /// Ad-hoc window length in milliseconds.
    pub duration_ms: Option<u64>,
}

/// Whose budget a standalone `ratelimit.limit` call charges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitBy {
    /// The verified key id (the client IP on public routes).
    Key,
    /// The key's identity external id, else its key id, else the client IP.
    Identity,
    /// The client IP (`CF-Connecting-IP` on Workers).
    Ip,
    /// The value of this request header, else the client IP.
    Header(String),
}

/// A standalone `ratelimit.limit` call made for every request on a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandaloneLimit {
    /// Rate-limit namespace (name or id).
    pub namespace: String,
    /// Requests allowed per window.
    pub limit: u64,
    /// Window length in milliseconds (1000 at least, per the API).
    pub duration_ms: u64,
    /// Tokens per request (server default 1).
    pub cost: Option<u64>,
    /// Identifier source.
    pub by: LimitBy,
}

/// What to do when Unkey cannot answer (unreachable, 5xx, or slower than the deadline).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailMode {
    /// Answer 503: nothing unverified reaches the origin. The default.
    #[default]
    Closed,
    /// Forward without identity headers, marked `fail-open` in the verdict header.
    Open,
}

/// Everything a route decides about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// Who may pass.
    pub access: Access,
    /// Behaviour when Unkey is unavailable.
    pub fail: FailMode,
    /// Upper bound, in milliseconds, on each Unkey call made for this route, retries included.
    pub deadline_ms: u32,
    /// Optional standalone rate limit.
    pub ratelimit: Option<StandaloneLimit>,
    /// Whether the verification may be answered by the client's verification cache (when it
    /// has one): `false` for routes that must see a revocation at once. Default `true`.
    pub cache: bool,
}

/// Default per-call deadline: generous for a healthy Unkey (tens of ms), short enough that a
/// stalled one does not hold the caller.
pub const DEFAULT_DEADLINE_MS: u32 = 2_000;

impl Policy {
    /// A public route.
    pub fn public() -> Self {
        Self::with(Access::Public)
    }

    /// A route needing any valid key.
    pub fn protected() -> Self {
        Self::with(Access::Protected(Protection::default()))
    }

    /// A route needing a valid key whose permissions satisfy `query`.
    pub fn permission(query: impl Into<String>) -> Self {
        Self::with(Access::Protected(Protection {
            permissions: Some(query.into()),
            ..Protection::default()
        }))
    }

    /// A route that is never forwarded.
    pub fn deny() -> Self {
        Self::with(Access::Deny)
    }

    fn with(access: Access) -> Self {
        Self {
            access,
            fail: FailMode::Closed,
            deadline_ms: DEFAULT_DEADLINE_MS,
            ratelimit: None,
            cache: true,
        }
    }

    /// Whether the client's verification cache may answer (default `true`).
    pub fn cache(mut self, allowed: bool) -> Self {
        self.cache = allowed;
        self
    }

    /// Set the failure mode.
    pub fn fail(mut self, mode: FailMode) -> Self {
        self.fail = mode;
        self
    }

    /// Set the deadline of each Unkey call.
    pub fn deadline_ms(mut self, ms: u32) -> Self {
        self.deadline_ms = ms;
        self
    }

    /// Add a standalone rate limit.
    pub fn ratelimit(mut self, limit: StandaloneLimit) -> Self {
        self.ratelimit = Some(limit);
        self
    }

    /// Add a named rate limit to the verification (no effect on public routes).
    pub fn named_limit(mut self, name: impl Into<String>, cost: Option<u64>) -> Self {
        if let Access::Protected(p) = &mut self.access {
            p.ratelimits.push(NamedLimit {
                name: name.into(),
                cost,
                limit: None,
                duration_ms: None,
            });
        }
        self
    }

    /// Deduct `cost` credits per request (no effect on public routes).
    pub fn credits(mut self, cost: u64) -> Self {
        if let Access::Protected(p) = &mut self.access {
            p.credits = Some(cost);
        }
        self
    }

    /// Add analytics tags (no effect on public routes).
    pub fn tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        if let Access::Protected(p) = &mut self.access {
            p.tags.extend(tags.into_iter().map(Into::into));
        }
        self
    }

    /// The verification conditions, if the route is protected.
    pub fn protection(&self) -> Option<&Protection> {
        match &self.access {
            Access::Protected(p) => Some(p),
            _ => None,
        }
    }
}
