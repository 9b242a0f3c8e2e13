//! Constraint tables for request and response bodies, and the one validator that checks them.
//!
//! Every model type carries `#[derive(Schema)]` (from `unkey-edge-derive`), which emits a `const`
//! [`Shape`]: wire names, JSON types, required/nullable flags, lengths, ranges, named patterns and
//! item/property counts. The doc comments go to a separate [`Docs`] table that only the host-side
//! code generator reads, so they never reach the wasm.
//!
//! The validator (`validate`) walks any value that implements [`JsonValue`]:
//! `serde_json::Value` here (the typed Rust API); in the wasm façade, the request's JSON text
//! ([`JsonText`]) and, for bodies too long to copy into wasm memory, `JsValue`.
//!
//! Not part of the stable API: public for the crate's code generator, tests and wasm façade,
//! hidden from the docs, and free to change in any release.

mod json;
mod text;
pub(crate) mod validate;

pub use json::{JsonKind, JsonValue};
pub use text::{strip_unknown, JsonText};
pub use validate::{validate, validate_dropping, ValidationError, ValidationErrorKind};

/// Implemented by `#[derive(Schema)]`: the type's constraint table and doc table.
pub trait Schema {
    /// The constraint table.
    const SHAPE: &'static Shape;
    /// Doc comments, for generated TypeScript declarations; never read at run time.
    const DOCS: &'static Docs;
}

/// A named type: a struct (object), a string enum or a transparent alias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    /// Rust type name, also used as the TypeScript interface name (empty in the npm build, where
    /// nothing reads it; see [`host_name`]).
    pub name: &'static str,
    /// What the type is on the wire.
    pub kind: Kind,
    /// Its doc comments ([`Schema::DOCS`]), so the code generator finds them from the operation
    /// table alone. Host only: docs never reach the wasm.
    #[cfg(not(npm))]
    pub docs: &'static Docs,
}

/// The wire form of a [`Shape`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A JSON object with known fields.
    Object {
        /// Known fields, in declaration order.
        fields: &'static [Field],
        /// `additionalProperties: false`: unknown fields are rejected.
        closed: bool,
    },
    /// A string enum.
    Enum {
        /// Known wire values.
        values: &'static [&'static str],
        /// Responses may carry values not listed (an `Unknown(String)` variant). Requests are
        /// still validated against `values`: the server rejects unknown ones.
        open: bool,
    },
    /// A transparent newtype, e.g. the top-level array of `ratelimit.multiLimit`.
    Alias(Ty),
}

/// One field of an object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// Wire (camelCase) name.
    pub name: &'static str,
    /// Type and constraints of the value.
    pub ty: Ty,
    /// Must be present.
    pub required: bool,
    /// May be JSON `null` (tri-state `Patch` fields are optional and nullable).
    pub nullable: bool,
    /// `#[schema(default = false)]` (or an integer): when a JS caller leaves the field out,
    /// the façade sends this JSON value, as `@unkey/api` sends the spec's default; on a field
    /// the wire needs, it also makes the field optional in the `.d.ts`. Host only: codegen
    /// reads it (the optional `?` in the `.d.ts`, the façade's table of defaults).
    #[cfg(not(npm))]
    pub default: Option<&'static str>,
}

/// A JSON type with its constraints. Bounds are inclusive; `u32::MAX` means unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `true` / `false`.
    Bool,
    /// An integer; always also limited to JavaScript's safe integers (±2^53−1).
    Int {
        /// Minimum.
        min: i64,
        /// Maximum.
        max: i64,
    },
    /// A string whose length is counted in Unicode code points, as the server does.
    Str {
        /// Minimum length.
        min: u32,
        /// Maximum length.
        max: u32,
        /// Allowed characters.
        pattern: Option<Pattern>,
    },
    /// An array.
    Array {
        /// Type of every item.
        items: &'static Ty,
        /// Minimum item count.
        min: u32,
        /// Maximum item count.
        max: u32,
    },
    /// A free-form object such as `meta`.
    Map {
        /// Maximum property count.
        max: u32,
    },
    /// Any JSON value.
    Any,
    /// Another named type.
    Ref(&'static Shape),
}

/// The character classes the API uses, by name (so the wasm carries no regex engine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// `^[a-zA-Z0-9_]+$` (key ids, api ids, prefixes).
    AlnumUnderscore,
    /// `^[a-zA-Z0-9_.-]+$` (external ids).
    ExternalId,
    /// `^[a-zA-Z0-9_:\-\.\*]+$` (permission slugs).
    PermissionSlug,
    /// `^[a-zA-Z0-9_-]+$` (role ids in setRolePermissions).
    ResourceId,
    /// A cookie value as RFC 6265 allows it (visible ASCII but `"` `,` `;` and `\`): the
    /// portal session a call of the customer portal's own operations sends as its cookie.
    CookieValue,
}

impl Pattern {
    /// Whether every character of `s` is allowed (an empty string matches no pattern).
    pub fn matches(self, s: &str) -> bool {
        !s.is_empty()
            && s.chars().all(|c| {
                c.is_ascii_alphanumeric()
                    || c == '_'
                    || match self {
                        Pattern::AlnumUnderscore => false,
                        Pattern::ExternalId => c == '.' || c == '-',
                        Pattern::PermissionSlug => matches!(c, ':' | '-' | '.' | '*'),
                        Pattern::ResourceId => c == '-',
                        Pattern::CookieValue => {
                            c.is_ascii_graphic() && !matches!(c, '"' | ',' | ';' | '\\')
                        }
                    }
            })
    }

    /// The equivalent regular expression as the OpenAPI spec writes it.
    pub fn regex(self) -> &'static str {
        match self {
            Pattern::AlnumUnderscore => "^[a-zA-Z0-9_]+$",
            Pattern::ExternalId => "^[a-zA-Z0-9_.-]+$",
            Pattern::PermissionSlug => "^[a-zA-Z0-9_:\\-\\.\\*]+$",
            Pattern::ResourceId => "^[a-zA-Z0-9_-]+$",
            Pattern::CookieValue => "^[\\x21\\x23-\\x2B\\x2D-\\x3A\\x3C-\\x5B\\x5D-\\x7E]+$",
        }
    }

    /// A short human description, used in validation messages.
    pub fn describe(self) -> &'static str {
        match self {
            Pattern::AlnumUnderscore => "letters, digits and _",
            Pattern::ExternalId => "letters, digits, _ . and -",
            Pattern::PermissionSlug => "letters, digits, _ : - . and *",
            Pattern::ResourceId => "letters, digits, _ and -",
            Pattern::CookieValue => "visible ASCII characters other than \" , ; and \\",
        }
    }
}

/// Doc comments of a type: its own and one per field (or per enum value), in table order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Docs {
    /// The type's doc comment.
    pub doc: &'static str,
    /// One entry per field of [`Kind::Object`] or value of [`Kind::Enum`].
    pub items: &'static [&'static str],
}

/// `name`, or `""` in the npm build (`cfg(npm)`, see `build.rs`): evaluated at compile time, so type names that only the
/// host-side code generator reads never reach the npm wasm (measured in `BENCHMARKS.md`).
#[doc(hidden)]
pub const fn host_name(name: &'static str) -> &'static str {
    if cfg!(npm) {
        ""
    } else {
        name
    }
}

/// Largest integer JavaScript represents exactly (2^53 − 1).
pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;
