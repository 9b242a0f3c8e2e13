//! Renders the npm package's `index.d.ts` and `index.js` from unkey-edge's own tables: the
//! operation list ([`unkey_edge::ops::all`]) and each model's constraint and doc tables. The
//! hand-written parts (`js/types-head.d.ts`, `js/facade.js`) are embedded as they are.
//!
//! Output is deterministic; `tests/golden.rs` compares it with the committed copy in
//! `tests/js/golden/`.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use unkey_edge::ops::{self, Op};
use unkey_edge::schema::{Docs, Kind, Shape, Ty};

const HEAD_DTS: &str = include_str!("../../js/types-head.d.ts");
const FACADE_JS: &str = include_str!("../../js/facade.js");
const MARKER: &str = "/*@OPERATIONS@*/";

/// The namespace of `GET /v2/liveness`, which is a method of `Unkey` itself.
const LIVENESS: &str = "liveness";

/// The doc comments of a model type, which its shape carries on the host.
fn docs_of(shape: &Shape) -> Option<&'static Docs> {
    Some(shape.docs)
}

/// Namespaces in table order, without duplicates.
fn namespaces() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for op in ops::all() {
        if op.namespace != LIVENESS && !out.contains(&op.namespace) {
            out.push(op.namespace);
        }
    }
    out
}

fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `index.js`: the hand-written façade with the operation table filled in. Methods are listed
/// per namespace in table order; an operation's index in [`unkey_edge::ops::all`] is its position
/// in this listing, so namespaces must be contiguous in the table (checked here).
pub fn facade_js() -> String {
    let mut table = String::from(
        "// Operation names by namespace, in the order of the Rust table: the n-th name listed is\n\
         // operation n of UnkeyCore.call (generated).\nconst OPERATIONS = {\n",
    );
    let mut expected = 0;
    for ns in namespaces() {
        let names: Vec<String> = ops::all()
            .enumerate()
            .filter(|(_, op)| op.namespace == ns)
            .map(|(i, op)| {
                assert_eq!(
                    i, expected,
                    "operations of `{ns}` are not contiguous in ops::all()"
                );
                expected += 1;
                js_string(op.js_name)
            })
            .collect();
        let _ = writeln!(table, "  {ns}: [{}],", names.join(", "));
    }
    table.push_str("};\n");
    let _ = writeln!(
        table,
        "// List operations: their results are also pagers.\nconst PAGINATED = [{}];",
        indexes(|op| op.paginated)
    );
    let _ = writeln!(
        table,
        "// Operations whose success envelope has no `data`.\nconst NO_DATA = [{}];",
        indexes(|op| op.data.is_none())
    );
    let _ = writeln!(
        table,
        "// Operations of the portal session: `(security, request, options)`, no root key.\nconst SESSION = [{}];",
        indexes(|op| op.auth == ops::Auth::Session)
    );
    let _ = writeln!(
        table,
        "// Operations @unkey/api answers as `{{ headers, result }}`: their answers also carry `result`.\nconst AS_RESULT = [{}];",
        indexes(as_result)
    );
    let mut defaults = Vec::new();
    for (i, op) in ops::all().enumerate() {
        let mut paths = Vec::new();
        if let Some(r) = op.request {
            default_paths(&Ty::Ref(r), &mut Vec::new(), &mut paths);
        }
        if !paths.is_empty() {
            defaults.push(format!("{i}: [{}]", paths.join(", ")));
        }
    }
    let _ = writeln!(
        table,
        "// Fields JS callers may leave out, filled in before sending as @unkey/api does, by\n\
         // operation: [path to the objects (\"*\": every item), field, value].\n\
         const DEFAULTS = {{ {} }};",
        defaults.join(", ")
    );
    // The error statuses that get their own class, by operation (`ops::classed_errors`): the
    // most common list once, the others by operation index.
    let classed: Vec<Vec<u16>> = ops::all().map(ops::classed_errors).collect();
    let mut counts: Vec<(&[u16], usize)> = Vec::new();
    for e in &classed {
        match counts.iter_mut().find(|(c, _)| *c == e.as_slice()) {
            Some((_, n)) => *n += 1,
            None => counts.push((e, 1)),
        }
    }
    let common = counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map_or(&[][..], |(e, _)| *e);
    let list = |e: &[u16]| e.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    let others: Vec<String> = classed
        .iter()
        .enumerate()
        .filter(|(_, e)| e.as_slice() != common)
        .map(|(i, e)| format!("{i}: [{}]", list(e)))
        .collect();
    let _ = writeln!(
        table,
        "// The error statuses @unkey/api gives their own class against the real server, which\n\
         // answers application/json (any other status is its generic APIError; so are the ones\n\
         // the spec declares only as application/problem+json: 429, and every status of\n\
         // identities.deleteIdentity): most operations have ERRORS; the others are listed by\n\
         // operation.\n\
         const ERRORS = [{}];\nconst ERRORS_OF = {{ {} }};",
        list(common),
        others.join(", ")
    );
    let liveness = ops::all()
        .position(|op| op.namespace == LIVENESS)
        .map_or(-1, |i| i as i64);
    let _ = writeln!(table, "const LIVENESS = {liveness};");
    let _ = write!(
        table,
        "// The API's limit on a request body, in UTF-16 units of its JSON text.\nconst MAX_BODY = {};",
        ops::MAX_BODY
    );
    FACADE_JS.replacen(MARKER, &table, 1)
}

/// The fields with a `#[schema(default = …)]` under `ty`, as `[path, field, value]` JS arrays.
fn default_paths(ty: &Ty, at: &mut Vec<String>, out: &mut Vec<String>) {
    match ty {
        Ty::Array { items, .. } => {
            at.push(js_string("*"));
            default_paths(items, at, out);
            at.pop();
        }
        Ty::Ref(shape) => match &shape.kind {
            Kind::Object { fields, .. } => {
                for f in fields.iter() {
                    if let Some(value) = f.default {
                        out.push(format!(
                            "[[{}], {}, {value}]",
                            at.join(", "),
                            js_string(f.name)
                        ));
                    }
                    at.push(js_string(f.name));
                    default_paths(&f.ty, at, out);
                    at.pop();
                }
            }
            Kind::Alias(inner) => default_paths(inner, at, out),
            Kind::Enum { .. } => {}
        },
        _ => {}
    }
}

/// The indexes of the operations that satisfy `pred`, as a JS array's items.
/// Whether `@unkey/api` answers `op` as `{ headers, result }` ([`ops::ENVELOPE_AS_RESULT`]).
fn as_result(op: &ops::Op) -> bool {
    ops::ENVELOPE_AS_RESULT.iter().any(|o| o.path == op.path)
}

fn indexes(pred: impl Fn(&ops::Op) -> bool) -> String {
    let found: Vec<String> = ops::all()
        .enumerate()
        .filter(|(_, op)| pred(op))
        .map(|(i, _)| i.to_string())
        .collect();
    found.join(", ")
}

/// One JSDoc block at `indent`, or nothing when `lines` is empty.
fn jsdoc(out: &mut String, indent: &str, lines: &[String]) {
    let lines: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.lines())
        .map(str::trim_end)
        .collect();
    match lines.as_slice() {
        [] => {}
        [one] => {
            let _ = writeln!(out, "{indent}/** {} */", one.replace("*/", "*\\/"));
        }
        many => {
            let _ = writeln!(out, "{indent}/**");
            for l in many {
                if l.is_empty() {
                    let _ = writeln!(out, "{indent} *");
                } else {
                    let _ = writeln!(out, "{indent} * {}", l.replace("*/", "*\\/"));
                }
            }
            let _ = writeln!(out, "{indent} */");
        }
    }
}

fn bound(n: u32) -> Option<u32> {
    (n != u32::MAX).then_some(n)
}

/// A human summary of a type's constraints, e.g. `1–255 characters; letters, digits and _`.
fn constraints(ty: &Ty) -> Option<String> {
    match ty {
        Ty::Int { min, max } => {
            let max = (*max < unkey_edge::schema::MAX_SAFE_INTEGER).then_some(*max);
            let min = (*min > -unkey_edge::schema::MAX_SAFE_INTEGER).then_some(*min);
            match (min, max) {
                (Some(a), Some(b)) => Some(format!("Integer, {a} to {b}.")),
                (Some(a), None) => Some(format!("Integer, at least {a}.")),
                (None, Some(b)) => Some(format!("Integer, at most {b}.")),
                (None, None) => Some("Integer.".into()),
            }
        }
        Ty::Str { min, max, pattern } => {
            let mut s = match (*min, bound(*max)) {
                (0, None) => String::new(),
                (0, Some(b)) => format!("At most {b} characters"),
                (a, None) => format!("At least {a} characters"),
                (a, Some(b)) => format!("{a} to {b} characters"),
            };
            if let Some(p) = pattern {
                if !s.is_empty() {
                    s.push_str("; ");
                }
                let _ = write!(s, "only {} (`{}`)", p.describe(), p.regex());
            }
            (!s.is_empty()).then(|| s + ".")
        }
        Ty::Array { min, max, items } => {
            let count = match (*min, bound(*max)) {
                (0, None) => None,
                (0, Some(b)) => Some(format!("At most {b} items.")),
                (a, None) => Some(format!("At least {a} items.")),
                (a, Some(b)) => Some(format!("{a} to {b} items.")),
            };
            match (count, constraints(items)) {
                (Some(c), Some(i)) => Some(format!("{c} Each item: {i}")),
                (Some(c), None) => Some(c),
                (None, Some(i)) => Some(format!("Each item: {i}")),
                (None, None) => None,
            }
        }
        Ty::Map { max } => bound(*max).map(|m| format!("At most {m} properties.")),
        _ => None,
    }
}

/// The TypeScript type of `ty`.
fn ts(ty: &Ty) -> String {
    match ty {
        Ty::Bool => "boolean".into(),
        Ty::Int { .. } => "number".into(),
        Ty::Str { .. } => "string".into(),
        Ty::Array { items, .. } => {
            let inner = ts(items);
            if inner.contains(' ') {
                format!("Array<{inner}>")
            } else {
                format!("{inner}[]")
            }
        }
        Ty::Map { .. } => "Record<string, unknown>".into(),
        Ty::Any => "unknown".into(),
        Ty::Ref(shape) => shape.name.into(),
    }
}

/// Every named type reachable from the operations, in first-use order.
fn reachable() -> Vec<&'static Shape> {
    reachable_from(true)
}

/// The named types reachable from the operations' requests (and, with `responses`, their `data`).
fn reachable_from(responses: bool) -> Vec<&'static Shape> {
    fn walk_ty(ty: &Ty, out: &mut Vec<&'static Shape>, seen: &mut BTreeSet<&'static str>) {
        match ty {
            Ty::Array { items, .. } => walk_ty(items, out, seen),
            Ty::Ref(s) => walk(s, out, seen),
            _ => {}
        }
    }
    fn walk(
        shape: &'static Shape,
        out: &mut Vec<&'static Shape>,
        seen: &mut BTreeSet<&'static str>,
    ) {
        if !seen.insert(shape.name) {
            return;
        }
        out.push(shape);
        match &shape.kind {
            Kind::Object { fields, .. } => {
                for f in fields.iter() {
                    walk_ty(&f.ty, out, seen);
                }
            }
            Kind::Alias(ty) => walk_ty(ty, out, seen),
            Kind::Enum { .. } => {}
        }
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for op in ops::all() {
        if let Some(r) = op.request {
            walk(r, &mut out, &mut seen);
        }
        if let (true, Some(d)) = (responses, &op.data) {
            walk_ty(d, &mut out, &mut seen);
        }
    }
    out
}

/// Declares `shape`; `request` when a request can contain it (unknown fields are then refused
/// before sending; in responses they pass through).
fn render_shape(out: &mut String, shape: &Shape, request: bool) {
    let docs = docs_of(shape);
    let doc = docs.map(|d| d.doc).unwrap_or("");
    let item_doc = |i: usize| docs.and_then(|d| d.items.get(i)).copied().unwrap_or("");
    match &shape.kind {
        Kind::Object { fields, closed } => {
            let mut head = vec![doc.to_string()];
            if *closed && request {
                head.push("Unknown fields are rejected.".into());
            }
            jsdoc(
                out,
                "",
                &head
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            );
            let _ = writeln!(out, "export interface {} {{", shape.name);
            for (i, f) in fields.iter().enumerate() {
                let mut lines = Vec::new();
                if !item_doc(i).is_empty() {
                    lines.push(item_doc(i).to_string());
                }
                if let Some(c) = constraints(&f.ty) {
                    lines.push(c);
                }
                if let Some(d) = f.default {
                    lines.push(format!(
                        "Default `{d}`: sent as such when left out, as `@unkey/api` does."
                    ));
                }
                jsdoc(out, "  ", &lines);
                let opt = if f.required && f.default.is_none() {
                    ""
                } else {
                    "?"
                };
                let null = if f.nullable { " | null" } else { "" };
                // An optional member also takes `undefined` (absent on the wire), as
                // `@unkey/api`'s do: `{ prefix: maybe }` compiles under exactOptionalPropertyTypes.
                let undefined = if opt.is_empty() { "" } else { " | undefined" };
                let _ = writeln!(out, "  {}{opt}: {}{null}{undefined};", f.name, ts(&f.ty));
            }
            out.push_str("}\n\n");
        }
        Kind::Enum { values, open } => {
            let mut lines: Vec<String> = vec![doc.to_string()];
            for (i, v) in values.iter().enumerate() {
                if !item_doc(i).is_empty() {
                    lines.push(format!("- `{v}`: {}", item_doc(i)));
                }
            }
            if *open {
                lines.push("Other values may appear as the API evolves.".into());
            }
            jsdoc(
                out,
                "",
                &lines
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            );
            let mut alts: Vec<String> = values.iter().map(|v| js_string(v)).collect();
            if *open {
                alts.push("(string & {})".into());
            }
            let _ = writeln!(out, "export type {} = {};\n", shape.name, alts.join(" | "));
        }
        Kind::Alias(ty) => {
            let mut lines = vec![doc.to_string()];
            if let Some(c) = constraints(ty) {
                lines.push(c);
            }
            jsdoc(
                out,
                "",
                &lines
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            );
            let _ = writeln!(out, "export type {} = {};\n", shape.name, ts(ty));
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn result_type(op: &Op) -> String {
    match (&op.data, op.paginated) {
        (Some(d), true) => format!("Page<{}>", ts(d)),
        (Some(d), false) if as_result(op) => format!("Enveloped<{}>", ts(d)),
        (Some(d), false) => format!("Result<{}>", ts(d)),
        (None, _) => "{ meta: Meta }".into(),
    }
}

fn method(out: &mut String, op: &Op) {
    let mut lines = vec![
        op.doc.to_string(),
        format!("`{} {}`", method_name(op), op.path),
    ];
    if op.paginated {
        lines.push(
            "The result is also a pager: `await res.next()`, or `for await (const page of res)`."
                .into(),
        );
    }
    if !op.permissions.is_empty() {
        let list: Vec<String> = op.permissions.iter().map(|p| format!("`{p}`")).collect();
        // One action in several forms (`api.*.x`, `api.<api_id>.x`): any one of them does.
        // Several actions: which are needed together depends on the request (the summary says).
        let actions: std::collections::BTreeSet<&str> = op
            .permissions
            .iter()
            .filter_map(|p| p.rsplit('.').next())
            .collect();
        let how = if actions.len() == 1 {
            "Root-key permissions (any one)"
        } else {
            "Root-key permissions involved"
        };
        lines.push(format!("{how}: {}.", list.join(", ")));
    }
    if let Some(example) = example(op) {
        lines.push(format!("@example {example}"));
    }
    if op.auth == ops::Auth::Session {
        lines.push(
            "Acts for a portal session's end user: `security.portalSession` is their access \
             token (`portal.exchangeCode`), sent as the `portal_session` cookie; the root key is \
             not sent."
                .into(),
        );
    }
    jsdoc(out, "  ", &lines);
    let mut req = String::new();
    if op.auth == ops::Auth::Session {
        req.push_str("security: PortalSecurity, ");
    }
    if let Some(shape) = op.request {
        let _ = write!(req, "request: {}, ", shape.name);
    }
    let _ = writeln!(
        out,
        "  {}({req}options?: RequestOptions): Promise<{}>;",
        op.js_name,
        result_type(op)
    );
}

/// A one-line example for the operations users reach for first.
fn example(op: &Op) -> Option<&'static str> {
    Some(match (op.namespace, op.js_name) {
        ("keys", "verifyKey") => {
            "const { data } = await unkey.keys.verifyKey({ key, permissions: \"documents.read\" }); if (!data.valid) console.log(data.code);"
        }
        ("keys", "createKey") => {
            "const { data } = await unkey.keys.createKey({ apiId, prefix: \"sk\", credits: { remaining: 100 } }); // data.key: shown once"
        }
        ("apis", "listKeys") => {
            "for await (const page of await unkey.apis.listKeys({ apiId })) console.log(page.data.length);"
        }
        ("ratelimit", "limit") => {
            "const { data } = await unkey.ratelimit.limit({ namespace: \"email\", identifier: userId, limit: 10, duration: 60_000 }); if (!data.success) return;"
        }
        _ => return None,
    })
}

fn method_name(op: &Op) -> &'static str {
    match op.method {
        unkey_edge::transport::Method::Get => "GET",
        unkey_edge::transport::Method::Post => "POST",
    }
}

/// `index.d.ts`: the hand-written head, then the client class, namespaces and models.
pub fn declarations() -> String {
    let mut out = String::from(HEAD_DTS);
    out.push_str(
        "\n// ---- generated from src/ops.rs and src/models/ by unkey-edge-codegen ----\n\n",
    );
    jsdoc(&mut out, "", &["A client for the Unkey v2 API, shaped like `@unkey/api`'s `Unkey`.".into(),
        "Every method validates its request before sending it and rejects with an `UnkeyError`.".into()]);
    out.push_str("export declare class Unkey {\n  constructor(options?: UnkeyOptions);\n");
    out.push_str("  /** The verification cache (`UnkeyOptions.cache`). */\n  readonly cache: VerificationCache;\n");
    for ns in namespaces() {
        let _ = writeln!(
            out,
            "  /** `{ns}.*` operations. */\n  readonly {ns}: {};",
            capitalize(ns)
        );
    }
    for op in ops::all().filter(|op| op.namespace == LIVENESS) {
        let mut lines = vec![
            op.doc.to_string(),
            format!("`{} {}`", method_name(op), op.path),
        ];
        lines.retain(|l| !l.is_empty());
        jsdoc(&mut out, "  ", &lines);
        let _ = writeln!(
            out,
            "  {}(options?: RequestOptions): Promise<{}>;",
            op.js_name,
            result_type(op)
        );
    }
    out.push_str("}\n\n");
    for ns in namespaces() {
        let _ = writeln!(
            out,
            "/** The `{ns}` namespace of `Unkey`. */\nexport interface {} {{",
            capitalize(ns)
        );
        for op in ops::all().filter(|op| op.namespace == ns) {
            method(&mut out, op);
        }
        out.push_str("}\n\n");
    }
    let in_requests: BTreeSet<&str> = reachable_from(false).iter().map(|s| s.name).collect();
    for shape in reachable() {
        render_shape(&mut out, shape, in_requests.contains(shape.name));
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The TypeScript type of `op`'s method (`Unkey["keys"]["verifyKey"]`), from which the
/// standalone functions and the `@unkey/api` type names derive their parameters and results.
fn method_type(op: &Op) -> String {
    format!("Unkey[\"{}\"][\"{}\"]", op.namespace, op.js_name)
}

/// The standalone functions of `unkey-edge/funcs/*.js`, as `@unkey/api` names them
/// (`keysVerifyKey`): `(file name, JS, declarations)` per operation. Each calls the method of the
/// client it is given and answers a `Result` (`js/fp.js`), so it carries no wasm of its own and
/// works with the client of any entry (`unkey-edge`, `unkey-edge/cache`, `unkey-edge/guard`).
pub fn funcs() -> Vec<(String, String, String)> {
    ops::all()
        .filter(|op| op.namespace != LIVENESS)
        .map(|op| {
            let name = format!("{}{}", op.namespace, capitalize(op.js_name));
            let (wrap, result) = if op.paginated {
                ("toPageResult", "PageResult")
            } else {
                ("toResult", "Result")
            };
            let method = method_type(op);
            let mut doc = Vec::new();
            if !op.doc.is_empty() {
                doc.push(op.doc.to_string());
            }
            doc.push(format!(
                "`unkey.{}.{}` as a standalone function, like `@unkey/api/funcs/{name}.js`: \
                 it answers `{{ ok: true, value }}` or `{{ ok: false, error }}` (an `UnkeyError`) \
                 and never rejects with an error the client classifies.",
                op.namespace, op.js_name
            ));
            let mut dts = String::from(
                "// Generated by unkey-edge-codegen from src/ops.rs.\n\
                 import type { Unkey, UnkeyError } from \"../index.js\";\n",
            );
            let _ = writeln!(dts, "import type {{ {result} }} from \"../fp.js\";\n");
            jsdoc(&mut dts, "", &doc);
            let _ = writeln!(
                dts,
                "export declare function {name}(client: Unkey, ...args: Parameters<{method}>): \
                 Promise<{result}<Awaited<ReturnType<{method}>>, UnkeyError>>;"
            );
            // The method's own parameters: `(request, options)`, `(options)` without a body,
            // `(security, request, options)` for the portal session's.
            let args = match (op.auth, op.request.is_some()) {
                (ops::Auth::Session, _) => "security, request, options",
                (_, true) => "request, options",
                (_, false) => "options",
            };
            let js = format!(
                "// Generated by unkey-edge-codegen from src/ops.rs: `unkey.{ns}.{m}` answering a Result.\n\
                 import {{ {wrap} }} from \"../fp.js\";\n\n\
                 export function {name}(client, {args}) {{\n  \
                 return {wrap}(() => client.{ns}.{m}({args}));\n}}\n",
                ns = op.namespace,
                m = op.js_name
            );
            (name, js, dts)
        })
        .collect()
}

/// The enums of the operations in scope that `@unkey/api`'s `models/components` also exports as
/// objects (`Code.RateLimited === "RATE_LIMITED"`), as `(its name, our enum)`: each is the type
/// and an object of the enum's values, named as `@unkey/api` names them.
const ENUM_OBJECTS: [(&str, &str); 5] = [
    ("Code", "VerifyCode"),
    ("KeyCreditsRefillInterval", "RefillInterval"),
    ("UpdateKeyCreditsRefillInterval", "RefillInterval"),
    ("Operation", "CreditOperation"),
    ("Scope", "PortalScope"),
];

/// One of [`ENUM_OBJECTS`]: `@unkey/api`'s name, our enum, and its `(member, value)` pairs.
struct EnumObject {
    theirs: &'static str,
    ours: &'static str,
    members: Vec<(String, &'static str)>,
}

/// [`ENUM_OBJECTS`] with each enum's members: the member is the value in PascalCase
/// (`NOT_FOUND` → `NotFound`, `keys:read` → `KeysRead`), as `@unkey/api` has it. (An enum no
/// operation reaches is left out; tests/js/dropin.test.mjs holds the objects to `@unkey/api`'s.)
fn enum_objects() -> Vec<EnumObject> {
    let shapes = reachable();
    ENUM_OBJECTS
        .iter()
        .filter_map(|&(theirs, ours)| {
            let values = shapes
                .iter()
                .find(|s| s.name == ours)
                .and_then(|s| match &s.kind {
                    Kind::Enum { values, .. } => Some(*values),
                    _ => None,
                })?;
            let members = values
                .iter()
                .map(|v| {
                    let member = v
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .map(|w| capitalize(&w.to_ascii_lowercase()))
                        .collect::<String>();
                    (member, *v)
                })
                .collect();
            Some(EnumObject {
                theirs,
                ours,
                members,
            })
        })
        .collect()
}

/// `components.js`: the enum objects of [`ENUM_OBJECTS`] (the module's only values).
pub fn components_js() -> String {
    let mut out = String::from(
        "// Generated by unkey-edge-codegen from src/ops.rs: @unkey/api's enum objects for the\n\
         // operations in scope (the rest of `unkey-edge/models/components` is types only).\n",
    );
    for EnumObject {
        theirs, members, ..
    } in enum_objects()
    {
        let body = members
            .iter()
            .map(|(m, v)| format!("  {m}: {},\n", js_string(v)))
            .collect::<String>();
        let _ = writeln!(out, "export const {theirs} = {{\n{body}}};");
    }
    out
}

/// The error responses' parts, as `(@unkey/api's name, ours in errors.d.ts)`.
const ERROR_COMPONENTS: [(&str, &str); 3] = [
    ("BaseError", "ErrorDetails"),
    ("BadRequestErrorDetails", "BadRequestErrorDetails"),
    ("ValidationError", "UnkeyFieldError"),
];

/// Shared component types that `@unkey/api` and `index.d.ts` both have, as `(its name, ours)`.
const SHARED_COMPONENTS: [(&str, &str); 22] = [
    ("Meta", "Meta"),
    ("Pagination", "Pagination"),
    ("Identity", "Identity"),
    ("Permission", "Permission"),
    ("Role", "Role"),
    ("KeyResponseData", "KeyData"),
    ("RatelimitOverride", "Override"),
    ("EmptyResponse", "EmptyData"),
    ("KeysVerifyKeyCredits", "VerifyCredits"),
    ("KeysVerifyKeyRatelimit", "VerifyRatelimit"),
    ("KeyRatelimit", "VerifyRatelimit"),
    ("KeyCreditsData", "Credits"),
    ("KeyCreditsRefill", "Refill"),
    ("UpdateKeyCreditsData", "CreditsPatch"),
    ("UpdateKeyCreditsRefill", "Refill"),
    ("RatelimitRequest", "RatelimitConfig"),
    ("RatelimitResponse", "RatelimitData"),
    ("VerifyKeyRatelimitData", "VerifyRatelimitData"),
    ("V2RatelimitMultiLimitCheck", "MultiLimitResult"),
    ("V2KeysMigrateKeyData", "MigrateKey"),
    ("V2KeysMigrateKeysMigration", "MigratedKey"),
    (
        "V2PortalGetVerificationsDataPoint",
        "PortalVerificationsPoint",
    ),
];

/// `components.d.ts` (`unkey-edge/models/components`): `@unkey/api`'s names for each operation's
/// request body, response body and response data (`V2KeysVerifyKeyRequestBody`, …), as aliases
/// derived from the methods of `Unkey`, so that type imports of a program written for
/// `@unkey/api` keep compiling. Types only: `@unkey/api`'s runtime schemas are not reproduced.
pub fn components_dts() -> String {
    let mut out = String::from(
        "// Generated by unkey-edge-codegen from src/ops.rs: @unkey/api's names for each operation's\n\
         // bodies, derived from the methods of `Unkey` (types only).\n\
         import type * as m from \"./index.js\";\n\
         import type { Unkey } from \"./index.js\";\n\
         import type * as e from \"./errors.js\";\n\n",
    );
    for (theirs, ours) in SHARED_COMPONENTS {
        let _ = writeln!(
            out,
            "/** `@unkey/api`'s `{theirs}`. */\nexport type {theirs} = m.{ours};"
        );
    }
    for (theirs, ours) in ERROR_COMPONENTS {
        let _ = writeln!(
            out,
            "/** `@unkey/api`'s `{theirs}`. */\nexport type {theirs} = e.{ours};"
        );
    }
    for EnumObject {
        theirs,
        ours,
        members,
    } in enum_objects()
    {
        let body = members
            .iter()
            .map(|(m, v)| format!("  readonly {m}: {};\n", js_string(v)))
            .collect::<String>();
        let _ = writeln!(
            out,
            "/** `@unkey/api`'s `{theirs}`: the values of `{ours}`, by name. */\nexport declare const {theirs}: {{\n{body}}};\n/** `@unkey/api`'s `{theirs}`. */\nexport type {theirs} = m.{ours};"
        );
    }
    for op in ops::all().filter(|op| op.namespace != LIVENESS) {
        let base = format!("V2{}{}", capitalize(op.namespace), capitalize(op.js_name));
        let method = method_type(op);
        // An operation whose body an earlier one already has (the portal session's rerollKey
        // takes keys.rerollKey's, as the spec says) has no name of its own for it.
        let shared_body = op.request.is_some_and(|r| {
            ops::all()
                .take_while(|o| o.path != op.path)
                .any(|o| o.request.is_some_and(|q| q.name == r.name))
        });
        if op.request.is_some() && !shared_body {
            let _ = writeln!(
                out,
                "/** The request of `unkey.{}.{}`. */\nexport type {base}RequestBody = Parameters<{method}>[{}];",
                op.namespace,
                op.js_name,
                usize::from(op.auth == ops::Auth::Session)
            );
        }
        // The body as sent, `{ meta, data }` (and a list's `pagination`), as `@unkey/api` types
        // it: of a page or an `Enveloped` answer, its `result` (a test's fixture of this type
        // has no `next` or `result` to give), which the answer itself also is.
        let body = if op.paginated || as_result(op) {
            format!("Awaited<ReturnType<{method}>>[\"result\"]")
        } else {
            format!("Awaited<ReturnType<{method}>>")
        };
        let _ = writeln!(
            out,
            "/** The response body of `unkey.{}.{}`. */\nexport type {base}ResponseBody = {body};",
            op.namespace, op.js_name
        );
        if op.data.is_some() {
            let _ = writeln!(
                out,
                "/** `data` of `unkey.{}.{}`'s response. */\nexport type {base}ResponseData = {base}ResponseBody[\"data\"];",
                op.namespace, op.js_name
            );
        }
    }
    out
}

/// `operations.d.ts` (`unkey-edge/models/operations`): `@unkey/api`'s names for the answers it
/// wraps as `{ result }` — each list operation's page (`ApisListKeysResponse`), and the answers of
/// [`ops::ENVELOPE_AS_RESULT`] (`PortalCreateSessionResponse`, without `headers`) — as the
/// `result` member of this package's answer. Types only.
pub fn operations_dts() -> String {
    let mut out = String::from(
        "// Generated by unkey-edge-codegen from src/ops.rs: @unkey/api's names for list pages and\n\
         // other `{ result }` answers, derived from the methods of `Unkey` (types only).\n\
         import type { PortalSecurity, Unkey } from \"./index.js\";\n\n",
    );
    for op in ops::all().filter(|op| op.auth == ops::Auth::Session) {
        let _ = writeln!(
            out,
            "/** The `security` of `unkey.{}.{}`: the end user's portal session. */\nexport type {}{}Security = PortalSecurity;",
            op.namespace,
            op.js_name,
            capitalize(op.namespace),
            capitalize(op.js_name)
        );
    }
    // Each list page, then each answer `@unkey/api` wraps with its headers (not kept here).
    let pages = ops::all()
        .filter(|op| op.paginated)
        .map(|op| (op, "A page of", ""));
    let wrapped = ops::all()
        .filter(|op| as_result(op))
        .map(|op| (op, "The answer of", ", but for its `headers` (not kept)"));
    for (op, what, but) in pages.chain(wrapped) {
        let method = method_type(op);
        let _ = writeln!(
            out,
            "/** {what} `unkey.{}.{}`, as `@unkey/api` types it{but}. */\nexport type {}{}Response = {{ result: Awaited<ReturnType<{method}>>[\"result\"] }};",
            op.namespace,
            op.js_name,
            capitalize(op.namespace),
            capitalize(op.js_name)
        );
    }
    out
}
