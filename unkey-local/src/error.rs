//! The Unkey error envelope: every failure the server reports, with its status, title and `type`
//! URL, built in one place.

use serde_json::{json, Value};

/// Where the documentation URLs of Unkey's error types start.
const TYPE_BASE: &str = "https://unkey.com/docs/errors/";

/// One failed field of a request body, reported in `error.errors[]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Where the problem is, e.g. `body.credits.refill.amount`.
    pub location: String,
    /// What is wrong with it.
    pub message: String,
    /// How to fix it, where upstream's validator says (e.g. the security check).
    pub fix: Option<String>,
}

/// An error answered to the client as Unkey's error envelope.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Short, status-level title.
    pub title: &'static str,
    /// The last three segments of the `type` URL, e.g. `unkey/data/key_not_found`.
    pub code: &'static str,
    /// Human-readable, occurrence-specific explanation.
    pub detail: String,
    /// Field errors (only serialized on 400-family bodies).
    pub errors: Vec<FieldError>,
    /// Seconds for a `Retry-After` header (429 only).
    pub retry_after: Option<u64>,
    /// Written by the OpenAPI validation layer, which always answers `application/json`
    /// (upstream's other errors are `application/problem+json` when the client accepts it).
    pub from_validator: bool,
}

impl ApiError {
    fn new(
        status: u16,
        title: &'static str,
        code: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            title,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            from_validator: false,
        }
    }

    /// 400: the request body failed validation; `errors` names each field.
    pub fn invalid_input(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => format!("{}: {}", one.location, one.message),
            _ => format!("{} fields failed validation", errors.len()),
        };
        let mut e = Self::new(
            400,
            "Bad Request",
            "unkey/application/invalid_input",
            detail,
        );
        e.errors = errors;
        e
    }

    /// 400 `invalid_input` for a rule the schema cannot express, with no field list (as the real
    /// handlers report such rules).
    pub fn invalid_detail(detail: impl Into<String>) -> Self {
        Self::new(
            400,
            "Bad Request",
            "unkey/application/invalid_input",
            detail,
        )
    }

    /// 400 about one field, found after the schema checks (e.g. a semantic rule).
    pub fn bad_field(location: &str, message: impl Into<String>) -> Self {
        Self::invalid_input(vec![FieldError {
            location: location.to_string(),
            message: message.into(),
            fix: None,
        }])
    }

    /// 400: the body could not be read as JSON.
    pub fn unreadable(detail: impl Into<String>) -> Self {
        Self::new(
            400,
            "Bad Request",
            "user/bad_request/request_body_unreadable",
            detail,
        )
    }

    /// 400: no (or an empty) `Authorization` header. Upstream's OpenAPI validator reports the
    /// missing bearer credential of the route's security scheme before it looks at the body, so
    /// this is an `invalid_input` error with one `security` entry, not an authentication one.
    pub fn auth_missing() -> Self {
        let mut e = Self::invalid_input(vec![FieldError {
            location: "security".into(),
            message: "Authorization header was not found".into(),
            fix: Some("Add an 'Authorization' header to this request".into()),
        }]);
        e.detail = "Authorization header for 'bearer' scheme".into();
        e.from_validator = true;
        e
    }

    /// 400: an `Authorization` header without the `Bearer ` prefix (`no_prefix`), or with it
    /// but no token, worded as upstream's root-key check words them.
    pub fn auth_malformed(no_prefix: bool) -> Self {
        let base = "You must provide a valid root key in the Authorization header in the format 'Bearer ROOT_KEY'.";
        let detail = if no_prefix {
            format!("{base} Your authorization header is missing the 'Bearer ' prefix.")
        } else {
            base.to_string()
        };
        Self::new(400, "Bad Request", "unkey/authentication/malformed", detail)
    }

    /// 400: an `Authorization` header without the `Bearer ` prefix on a portal route, as
    /// upstream's `zen.Bearer` words it there (no root-key check wraps it on those routes).
    pub fn bearer_prefix_missing() -> Self {
        Self::new(
            400,
            "Bad Request",
            "unkey/authentication/malformed",
            "Your authorization header is missing the 'Bearer ' prefix.",
        )
    }

    /// 400: a permission query that does not parse.
    pub fn permissions_query_syntax(detail: impl Into<String>) -> Self {
        Self::new(
            400,
            "Bad Request",
            "user/bad_request/permissions_query_syntax_error",
            detail,
        )
    }

    /// 401: the root key is unknown.
    pub fn root_key_not_found() -> Self {
        Self::new(
            401,
            "Unauthorized",
            "unkey/authentication/key_not_found",
            "The provided root key is invalid. We could not find the requested key.",
        )
    }

    /// A root key that exists but may not be used, worded as upstream wraps the key's status
    /// ("The provided root key is invalid. …").
    pub fn root_key_unusable(
        status: u16,
        title: &'static str,
        code: &'static str,
        why: &str,
    ) -> Self {
        let detail = if why.is_empty() {
            "The provided root key is invalid.".to_string()
        } else {
            format!("The provided root key is invalid. {why}")
        };
        Self::new(status, title, code, detail)
    }

    /// 403: the root key lacks a permission; `detail` is the evaluator's message
    /// (`Missing permission: '…'` or `Missing one of these permissions: … or …`).
    pub fn insufficient_permissions(detail: impl Into<String>) -> Self {
        Self::new(
            403,
            "Insufficient Permissions",
            "unkey/authorization/insufficient_permissions",
            detail,
        )
    }

    /// 404 for a missing resource; `code` is one of the `unkey/data/*_not_found` types.
    pub fn not_found(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(404, "Not Found", code, detail)
    }

    /// 404 for a route this server does not have.
    pub fn route_not_found(path: &str) -> Self {
        Self::new(
            404,
            "Not Found",
            "unkey/application/route_not_found",
            format!("No route {path} on this server."),
        )
    }

    /// 405 for a known route called with the wrong method.
    pub fn method_not_allowed(path: &str, allowed: &str) -> Self {
        Self::new(
            405,
            "Method Not Allowed",
            "user/bad_request/method_not_allowed",
            format!("{path} only accepts {allowed}."),
        )
    }

    /// 409 for a duplicate; `code` is one of the `unkey/data/*_already_exists` types.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(409, "Conflicting Resource", code, detail)
    }

    /// 410: the rate-limit namespace was deleted.
    pub fn namespace_gone(detail: impl Into<String>) -> Self {
        Self::new(
            410,
            "Resource Gone",
            "unkey/data/ratelimit_namespace_gone",
            detail,
        )
    }

    /// 412: a precondition the request relies on does not hold.
    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        Self::new(
            412,
            "Precondition Failed",
            "unkey/application/precondition_failed",
            detail,
        )
    }

    /// 412: the resource is protected against this change (an API's delete protection).
    pub fn protected_resource(detail: impl Into<String>) -> Self {
        Self::new(
            412,
            "Resource is protected",
            "unkey/application/protected_resource",
            detail,
        )
    }

    /// 408: the request body did not arrive within the read deadline (`--read-timeout-ms`).
    pub fn request_timeout() -> Self {
        Self::new(
            408,
            "Request Timeout",
            "user/bad_request/request_timeout",
            "Request timeout",
        )
    }

    /// 413: the body is larger than 10 MiB.
    pub fn body_too_large() -> Self {
        Self::new(
            413,
            "Request Entity Too Large",
            "user/bad_request/request_body_too_large",
            "The request body exceeds the 10 MiB limit.",
        )
    }

    /// 429 with `Retry-After` (only injected by the fault controls).
    pub fn too_many_requests(retry_after: u64) -> Self {
        let mut e = Self::new(
            429,
            "Too Many Requests",
            "user/too_many_requests/workspace_rate_limited",
            "Workspace rate limit exceeded (injected by unkey-local --faults).",
        );
        e.retry_after = Some(retry_after);
        e
    }

    /// 429: the workspace's API request limit is exceeded (upstream's authentication
    /// middleware).
    pub fn workspace_rate_limited(detail: impl Into<String>) -> Self {
        Self::new(
            429,
            "Too Many Requests",
            "user/too_many_requests/workspace_rate_limited",
            detail,
        )
    }

    /// 500: something broke inside the server.
    pub fn internal(detail: impl Into<String>) -> Self {
        Self::new(
            500,
            "Internal Server Error",
            "unkey/application/unexpected_error",
            detail,
        )
    }

    /// 500: upstream's verification could not load the key (internal/services/keys/get.go,
    /// "unable to load key", a fault with no code), as for a key with a rate limit it cannot
    /// read ([`crate::limit_rows::unreadable_by_verification`]).
    pub fn key_load_failed() -> Self {
        Self::internal("We could not load the requested key.")
    }

    /// 500 with the `service_unavailable` type: what upstream answers when its database
    /// refuses a write (a handler's `codes.App.Internal.ServiceUnavailable` fault, which its
    /// error middleware answers as a 500).
    pub fn database_refused(detail: impl Into<String>) -> Self {
        Self::new(
            500,
            "Internal Server Error",
            "unkey/application/service_unavailable",
            detail,
        )
    }

    /// 503: the service is unavailable.
    pub fn unavailable(detail: impl Into<String>) -> Self {
        Self::new(
            503,
            "Service Unavailable",
            "unkey/application/service_unavailable",
            detail,
        )
    }

    /// 501: an operation that exists in Unkey but that unkey-local does not implement.
    pub fn not_implemented(path: &str) -> Self {
        Self::new(
            501,
            "Not Implemented",
            "unkey/application/not_implemented",
            format!(
                "{path} is part of Unkey but out of scope for unkey-local (the deploy and gateway groups are not emulated)."
            ),
        )
    }

    /// 400 for an analytics query upstream's parser or ClickHouse refuses; `code` is one of the
    /// `user/bad_request/invalid_analytics_*` types.
    pub fn analytics(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(400, "Bad Request", code, detail)
    }

    /// 429 of another kind than the workspace rate limit (the analytics query quota).
    pub fn too_many(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(429, "Too Many Requests", code, detail)
    }

    /// 422: a query that ran into one of the workspace's analytics limits.
    pub fn unprocessable(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(422, "Unprocessable Entity", code, detail)
    }

    /// 412 for the analytics operations: like a real server without ClickHouse configured.
    pub fn analytics_not_configured() -> Self {
        Self::new(
            412,
            "Precondition Failed",
            "unkey/data/analytics_not_configured",
            "Analytics are not configured for this instance",
        )
    }

    /// 403 `unkey/authorization/forbidden`: refused for a reason other than a missing permission
    /// (a disabled portal, an API that no longer exists).
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(403, "Forbidden", "unkey/authorization/forbidden", detail)
    }

    /// 404 `unkey/data/portal_not_found`, also for a caller who may not mint sessions for the
    /// portal (upstream masks that denial).
    pub fn portal_not_found() -> Self {
        Self::not_found("unkey/data/portal_not_found", "Portal not found.")
    }

    /// 401 `unkey/authentication/portal_session_not_found` with upstream's `detail`.
    pub fn portal_session_not_found(detail: impl Into<String>) -> Self {
        Self::new(
            401,
            "Unauthorized",
            "unkey/authentication/portal_session_not_found",
            detail,
        )
    }

    /// 400 `unkey/authentication/portal_token_missing`: an empty `portal_session` cookie.
    pub fn portal_token_missing() -> Self {
        Self::new(
            400,
            "Bad Request",
            "unkey/authentication/portal_token_missing",
            "A valid portal session token is required.",
        )
    }

    /// 400 from the OpenAPI validator's security check on the cookie-authenticated portal
    /// routes: no `portal_session` cookie.
    pub fn portal_cookie_missing() -> Self {
        let mut e = Self::invalid_input(vec![FieldError {
            location: "security".into(),
            message: "API Key not found in http request cookies for security scheme 'apiKey' with type 'cookie'".into(),
            fix: Some("Submit an API Key 'portal_session' as a cookie with the request".into()),
        }]);
        e.detail = "API Key portal_session not found in cookies".into();
        e.from_validator = true;
        e
    }

    /// 400 `unkey/authentication/missing`: a portal route called with a bearer token instead of
    /// the session cookie (no authenticator of the route claims it).
    pub fn bearer_not_accepted() -> Self {
        Self::new(
            400,
            "Bad Request",
            "unkey/authentication/missing",
            "You must provide a bearer credential in the Authorization header.",
        )
    }

    /// The full `type` URL.
    pub fn type_url(&self) -> String {
        format!("{TYPE_BASE}{}", self.code)
    }

    /// The envelope `{meta, error}`; `errors` is present on every 4xx below 500 that reuses the
    /// bad-request shape (400, 408, 413, 499), as the real server does.
    #[allow(
        clippy::indexing_slicing,
        reason = "writes into the object json! just built"
    )]
    pub fn body(&self, request_id: &str) -> Value {
        let mut error = json!({
            "title": self.title,
            "detail": self.detail,
            "status": self.status,
            "type": self.type_url(),
        });
        if matches!(self.status, 400 | 408 | 413 | 499) {
            let errors: Vec<Value> = self
                .errors
                .iter()
                .map(|e| match &e.fix {
                    Some(fix) => json!({"location": e.location, "message": e.message, "fix": fix}),
                    None => json!({"location": e.location, "message": e.message}),
                })
                .collect();
            error["errors"] = Value::Array(errors);
        }
        json!({"meta": {"requestId": request_id}, "error": error})
    }
}
