//! Holds the operation table (`src/ops.rs`) and the derived schema tables against the official
//! OpenAPI spec, read at test time from `../shared/unkey-openapi/openapi-generated.yaml` (the
//! spec is not copied into this repository). Skipped with a notice when the file is absent.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use unkey_edge::ops::{self, Auth, Op};
use unkey_edge::schema::{Kind, Shape, Ty, MAX_SAFE_INTEGER};
use unkey_edge::transport::Method;

const NAMESPACES: [&str; 7] = [
    "keys",
    "apis",
    "ratelimit",
    "identities",
    "permissions",
    "analytics",
    "portal",
];

/// Operations of the spec left out on purpose: analytics over Unkey Deploy's gateway and
/// runtime logs (the Deploy product is out of scope; README).
const OUT_OF_SCOPE: [&str; 2] = [
    "/v2/analytics.getGatewayRequests",
    "/v2/analytics.getRuntimeLogs",
];

fn spec() -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/unkey-openapi/openapi-generated.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        // Under CI a missing spec is a broken checkout, not a reason to pass.
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "spec conformance: {} not found, and CI=true: lay ../shared beside the clone",
            path.display()
        );
        eprintln!("SKIPPED spec conformance: {} not found", path.display());
        return None;
    };
    Some(serde_norway::from_str(&text).expect("spec parses"))
}

struct Spec<'a> {
    root: &'a Value,
    problems: Vec<String>,
}

impl<'a> Spec<'a> {
    fn resolve(&self, mut v: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(r) = v.get("$ref").and_then(Value::as_str) else {
                return v;
            };
            let mut cur = self.root;
            for seg in r.trim_start_matches("#/").split('/') {
                cur = &cur[seg];
            }
            v = cur;
        }
        v
    }

    fn fail(&mut self, at: &str, msg: String) {
        self.problems.push(format!("{at}: {msg}"));
    }

    /// `(base type, nullable)` of a schema's `type`.
    fn types(s: &Value) -> (Option<String>, bool) {
        match &s["type"] {
            Value::String(t) => (Some(t.clone()), false),
            Value::Array(ts) => {
                let nullable = ts.iter().any(|t| t == "null");
                let base = ts
                    .iter()
                    .filter_map(Value::as_str)
                    .find(|t| *t != "null")
                    .map(str::to_string);
                (base, nullable)
            }
            _ => (None, false),
        }
    }

    fn bound(s: &Value, key: &str) -> Option<i128> {
        s.get(key).and_then(|v| {
            v.as_i64()
                .map(i128::from)
                .or_else(|| v.as_u64().map(i128::from))
                .or_else(|| v.as_f64().map(|f| f as i128))
        })
    }

    fn check_count(
        &mut self,
        at: &str,
        what: &str,
        ours: (u32, u32),
        s: &Value,
        kmin: &str,
        kmax: &str,
    ) {
        let smin = Self::bound(s, kmin).unwrap_or(0);
        let smax = Self::bound(s, kmax).unwrap_or(i128::from(u32::MAX));
        if (i128::from(ours.0), i128::from(ours.1)) != (smin, smax) {
            self.fail(
                at,
                format!("{what} {}..={} but spec {smin}..={smax}", ours.0, ours.1),
            );
        }
    }

    fn check_ty(&mut self, at: &str, ty: &Ty, s: &'a Value) {
        let s = self.resolve(s);
        let (base, _) = Self::types(s);
        let base = base.as_deref();
        match ty {
            Ty::Bool => {
                if base != Some("boolean") {
                    self.fail(at, format!("boolean but spec {base:?}"));
                }
            }
            Ty::Int { min, max } => {
                if base != Some("integer") {
                    return self.fail(at, format!("integer but spec {base:?}"));
                }
                let safe = i128::from(MAX_SAFE_INTEGER);
                let smin = Self::bound(s, "minimum")
                    .unwrap_or(-safe)
                    .clamp(-safe, safe);
                let smax = Self::bound(s, "maximum").unwrap_or(safe).clamp(-safe, safe);
                if (i128::from(*min), i128::from(*max)) != (smin, smax) {
                    self.fail(at, format!("range {min}..={max} but spec {smin}..={smax}"));
                }
            }
            Ty::Str { min, max, pattern } => {
                if base != Some("string") {
                    return self.fail(at, format!("string but spec {base:?}"));
                }
                self.check_count(at, "length", (*min, *max), s, "minLength", "maxLength");
                let ours = pattern.map(|p| p.regex());
                let theirs = s.get("pattern").and_then(Value::as_str);
                if ours != theirs {
                    self.fail(at, format!("pattern {ours:?} but spec {theirs:?}"));
                }
                if s.get("enum").is_some() {
                    self.fail(at, "plain string but spec has an enum".into());
                }
            }
            Ty::Array { items, min, max } => {
                if base != Some("array") {
                    return self.fail(at, format!("array but spec {base:?}"));
                }
                self.check_count(at, "items", (*min, *max), s, "minItems", "maxItems");
                self.check_ty(&format!("{at}[]"), items, &s["items"]);
            }
            Ty::Map { max } => {
                if base != Some("object") || s.get("properties").is_some() {
                    return self.fail(
                        at,
                        format!("free-form object but spec {base:?} with properties"),
                    );
                }
                self.check_count(
                    at,
                    "properties",
                    (0, *max),
                    s,
                    "minProperties",
                    "maxProperties",
                );
            }
            Ty::Any => {}
            Ty::Ref(shape) => self.check_shape(at, shape, s),
        }
    }

    fn check_shape(&mut self, at: &str, shape: &Shape, s: &'a Value) {
        let s = self.resolve(s);
        match shape.kind {
            Kind::Alias(ty) => self.check_ty(at, &ty, s),
            Kind::Enum { values, .. } => {
                let theirs: BTreeSet<&str> = s["enum"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let ours: BTreeSet<&str> = values.iter().copied().collect();
                if ours != theirs {
                    self.fail(at, format!("enum {ours:?} but spec {theirs:?}"));
                }
            }
            Kind::Object { fields, closed } => {
                if Self::types(s).0.as_deref() != Some("object") {
                    return self.fail(at, "object expected".into());
                }
                let spec_closed = s.get("additionalProperties") == Some(&Value::Bool(false));
                if closed != spec_closed {
                    self.fail(
                        at,
                        format!(
                            "closed={closed} but spec additionalProperties false={spec_closed}"
                        ),
                    );
                }
                let props = s["properties"].as_object().cloned().unwrap_or_default();
                let required: BTreeSet<&str> = s["required"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let ours: BTreeSet<&str> = fields.iter().map(|f| f.name).collect();
                let theirs: BTreeSet<&str> = props.keys().map(String::as_str).collect();
                if ours != theirs {
                    self.fail(at, format!("fields {ours:?} but spec {theirs:?}"));
                }
                for f in fields {
                    let fat = format!("{at}.{}", f.name);
                    let Some(p) = s["properties"].get(f.name) else {
                        continue;
                    };
                    if f.required != required.contains(f.name) {
                        self.fail(&fat, format!("required={} differs from spec", f.required));
                    }
                    let (_, nullable) = Self::types(self.resolve(p));
                    if f.nullable != nullable {
                        self.fail(&fat, format!("nullable={} but spec {nullable}", f.nullable));
                    }
                    self.check_ty(&fat, &f.ty, p);
                }
            }
        }
    }

    /// Response `data`: field names and types only (responses are decoded leniently).
    fn check_data_names(&mut self, at: &str, ty: &Ty, s: &'a Value) {
        let s = self.resolve(s);
        match ty {
            Ty::Array { items, .. } => {
                self.check_data_names(&format!("{at}[]"), items, &s["items"])
            }
            Ty::Ref(Shape {
                kind: Kind::Object { fields, .. },
                ..
            }) => {
                let ours: BTreeSet<&str> = fields.iter().map(|f| f.name).collect();
                let theirs: BTreeSet<&str> = s["properties"]
                    .as_object()
                    .map(|m| m.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                if ours != theirs {
                    self.fail(at, format!("response fields {ours:?} but spec {theirs:?}"));
                }
                for f in fields.iter() {
                    if let Some(p) = s["properties"].get(f.name) {
                        self.check_data_names(&format!("{at}.{}", f.name), &f.ty, p);
                    }
                }
            }
            _ => {}
        }
    }
}

fn operation<'a>(spec: &'a Value, op: &Op) -> Option<&'a Value> {
    let method = match op.method {
        Method::Get => "get",
        Method::Post => "post",
    };
    spec["paths"].get(op.path)?.get(method)
}

#[test]
fn every_spec_operation_of_our_namespaces_is_in_the_table() {
    let Some(spec) = spec() else { return };
    let mut missing = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let ns = path
            .trim_start_matches("/v2/")
            .split('.')
            .next()
            .unwrap_or_default();
        if !(NAMESPACES.contains(&ns) || path == "/v2/liveness")
            || OUT_OF_SCOPE.contains(&path.as_str())
        {
            continue;
        }
        for method in item.as_object().unwrap().keys() {
            let found = ops::all()
                .any(|op| op.path == path && format!("{:?}", op.method).to_lowercase() == *method);
            if !found {
                missing.push(format!("{method} {path}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "spec operations missing from src/ops.rs: {missing:?}"
    );
}

#[test]
fn table_names_paths_and_pagination_match_the_spec() {
    let Some(spec) = spec() else { return };
    let mut problems = Vec::new();
    for op in ops::all() {
        let Some(o) = operation(&spec, op) else {
            problems.push(format!("{}: not in spec", op.path));
            continue;
        };
        if op.namespace != "liveness" {
            let id = format!("{}.{}", op.namespace, op.js_name);
            if o["operationId"] != id.as_str() {
                problems.push(format!(
                    "{}: operationId {} != {id}",
                    op.path, o["operationId"]
                ));
            }
            // Speakeasy lower-cases the first letter of the override for TS method names.
            let sdk = o["x-speakeasy-name-override"].as_str().unwrap_or_default();
            let mut chars = sdk.chars();
            let sdk: String = chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect())
                .unwrap_or_default();
            if sdk != op.js_name {
                problems.push(format!(
                    "{}: SDK name {} != {}",
                    op.path, o["x-speakeasy-name-override"], op.js_name
                ));
            }
        }
        if o.get("x-speakeasy-pagination").is_some() != op.paginated {
            problems.push(format!(
                "{}: paginated={} differs from spec",
                op.path, op.paginated
            ));
        }
        if op.rust_name.to_lowercase().replace('_', "") != op.js_name.to_lowercase() {
            problems.push(format!(
                "{}: rust name {} vs js name {}",
                op.path, op.rust_name, op.js_name
            ));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn request_tables_match_the_spec_schemas() {
    let Some(spec) = spec() else { return };
    let mut s = Spec {
        root: &spec,
        problems: Vec::new(),
    };
    for op in ops::all() {
        let Some(o) = operation(&spec, op) else {
            continue;
        };
        let body = o
            .get("requestBody")
            .map(|rb| &rb["content"]["application/json"]["schema"]);
        match (op.request, body) {
            (Some(shape), Some(schema)) => s.check_shape(op.path, shape, schema),
            (None, None) => {}
            (ours, theirs) => s.fail(
                op.path,
                format!(
                    "request body ours={} spec={}",
                    ours.is_some(),
                    theirs.is_some()
                ),
            ),
        }
    }
    assert!(
        s.problems.is_empty(),
        "{} mismatches:\n{}",
        s.problems.len(),
        s.problems.join("\n")
    );
}

#[test]
fn response_data_fields_match_the_spec() {
    let Some(spec) = spec() else { return };
    let mut s = Spec {
        root: &spec,
        problems: Vec::new(),
    };
    for op in ops::all() {
        let Some(o) = operation(&spec, op) else {
            continue;
        };
        let body = s.resolve(&o["responses"]["200"]);
        let envelope = s.resolve(&body["content"]["application/json"]["schema"]);
        let data = envelope["properties"].get("data");
        match (&op.data, data) {
            (Some(ty), Some(d)) => s.check_data_names(op.path, ty, d),
            (None, None) => {}
            (ours, theirs) => s.fail(
                op.path,
                format!("data ours={} spec={}", ours.is_some(), theirs.is_some()),
            ),
        }
        let has_pagination = envelope["properties"].get("pagination").is_some();
        if has_pagination != op.paginated {
            s.fail(
                op.path,
                format!(
                    "pagination in spec={has_pagination} but paginated={}",
                    op.paginated
                ),
            );
        }
    }
    assert!(
        s.problems.is_empty(),
        "{} mismatches:\n{}",
        s.problems.len(),
        s.problems.join("\n")
    );
}

/// `word.(*|<id>).action`: a root-key permission as the spec's descriptions write them.
#[cfg(not(all(feature = "js", target_arch = "wasm32")))]
fn is_permission(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    parts.len() == 3
        && word(parts[0])
        && (parts[1] == "*" || (parts[1].starts_with('<') && parts[1].ends_with('>')))
        && word(parts[2])
}

// (Not in the npm build, whose operation table leaves the permissions out.)
#[cfg(not(all(feature = "js", target_arch = "wasm32")))]
#[test]
fn root_key_permissions_match_the_spec() {
    let Some(spec) = spec() else { return };
    let mut problems = Vec::new();
    for op in ops::all() {
        let Some(o) = operation(&spec, op) else {
            continue;
        };
        let desc = o["description"].as_str().unwrap_or("");
        // Every permission the description names in backticks (odd-numbered pieces).
        let theirs: BTreeSet<&str> = desc
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|s| is_permission(s))
            .collect();
        let ours: BTreeSet<&str> = op.permissions.iter().copied().collect();
        if ours != theirs {
            problems.push(format!("{}: ours {ours:?}, spec {theirs:?}", op.path));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// The error statuses each operation declares pick the JS error class (`@unkey/api` gives an
// undeclared status its generic `APIError`): the table's list must be the spec's.
#[cfg(not(all(feature = "js", target_arch = "wasm32")))]
#[test]
fn declared_error_statuses_match_the_spec() {
    let Some(spec) = spec() else { return };
    let mut problems = Vec::new();
    for op in ops::all() {
        let Some(o) = operation(&spec, op) else {
            problems.push(format!("{}: not in the spec", op.path));
            continue;
        };
        let theirs: BTreeSet<u16> = o["responses"]
            .as_object()
            .map(|r| {
                r.keys()
                    .filter_map(|k| k.parse().ok())
                    .filter(|s| *s >= 300)
                    .collect()
            })
            .unwrap_or_default();
        let ours: BTreeSet<u16> = op.errors.iter().copied().collect();
        if ours != theirs {
            problems.push(format!("{}: ours {ours:?}, spec {theirs:?}", op.path));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// Which declared statuses get their own JS class against the real server (application/json):
// those the spec declares with an `application/json` body (`@unkey/api` matches the others only
// as `application/problem+json`), which `ops::problem_json_only` states.
#[cfg(not(all(feature = "js", target_arch = "wasm32")))]
#[test]
fn problem_json_only_statuses_match_the_spec() {
    let Some(spec) = spec() else { return };
    let mut problems = Vec::new();
    for op in ops::all() {
        let Some(o) = operation(&spec, op) else {
            continue;
        };
        let Some(responses) = o["responses"].as_object() else {
            continue;
        };
        for (status, r) in responses {
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            if status < 300 {
                continue;
            }
            let r = match r.get("$ref").and_then(Value::as_str) {
                Some(at) => at
                    .strip_prefix("#/components/responses/")
                    .map_or(&Value::Null, |name| &spec["components"]["responses"][name]),
                None => r,
            };
            let theirs = r["content"].get("application/json").is_none();
            if theirs != ops::problem_json_only(op, status) {
                problems.push(format!(
                    "{} {status}: problem+json only in the spec: {theirs}",
                    op.path
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

// Who authenticates each operation: the spec's `security` names `portalSession` for the portal
// session's own operations (the table's `Auth::Session`: a cookie per call, never the root key)
// and the root key (`rootKey` or the spec's default) for every other.
#[test]
fn authentication_matches_the_spec() {
    let Some(spec) = spec() else { return };
    let mut problems = Vec::new();
    for op in ops::all() {
        let Some(o) = operation(&spec, op) else {
            continue;
        };
        let schemes: BTreeSet<&str> = o["security"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|req| req.as_object())
            .flat_map(|req| req.keys().map(String::as_str))
            .collect();
        let session = schemes.contains("portalSession");
        if session != (op.auth == Auth::Session) {
            problems.push(format!("{}: ours {:?}, spec {schemes:?}", op.path, op.auth));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
