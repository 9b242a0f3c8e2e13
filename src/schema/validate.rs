//! The one request validator, shared by the typed Rust API and the wasm façade.
//!
//! It returns the first problem, with a location written like the server's (`body.tags[2]`).
//! It never panics: recursion follows the static schema (values deeper than the schema, such as
//! `meta`, are not descended), and every access is checked.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::{JsonKind, JsonValue, Kind, Pattern, Shape, Ty, MAX_SAFE_INTEGER};

/// A request that would be rejected by the server, found before sending it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// Where, e.g. `body.permissions[2]` (`body` is the request body itself).
    pub location: String,
    /// What is wrong.
    pub kind: ValidationErrorKind,
}

/// What is wrong with the value at [`ValidationError::location`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidationErrorKind {
    /// A field the operation does not accept.
    UnknownField,
    /// A required field is absent.
    Missing,
    /// The JSON type is wrong (`null` on a non-nullable field included).
    WrongType {
        /// The expected type, e.g. `"string"`.
        expected: &'static str,
    },
    /// A number that is not an integer, or outside ±(2^53−1).
    NotSafeInteger,
    /// An integer outside its range.
    OutOfRange {
        /// Minimum.
        min: i64,
        /// Maximum.
        max: i64,
    },
    /// A string shorter than allowed (in Unicode code points).
    TooShort {
        /// Minimum length.
        min: u32,
    },
    /// A string longer than allowed (in Unicode code points).
    TooLong {
        /// Maximum length.
        max: u32,
    },
    /// A string with characters outside its pattern.
    Pattern(Pattern),
    /// A value outside a closed enum.
    NotInEnum {
        /// The allowed values.
        allowed: &'static [&'static str],
    },
    /// Fewer array items than allowed.
    TooFewItems {
        /// Minimum.
        min: u32,
    },
    /// More array items than allowed.
    TooManyItems {
        /// Maximum.
        max: u32,
    },
    /// More object properties than allowed.
    TooManyProperties {
        /// Maximum.
        max: u32,
    },
}

impl ValidationErrorKind {
    /// A lowercase sentence fragment describing the problem.
    ///
    /// Built without `core::fmt`, which keeps formatting code out of the wasm build.
    pub fn message(&self) -> String {
        let mut m = String::new();
        let (head, n, tail): (&str, Option<i64>, &str) = match self {
            Self::UnknownField => ("is not a field of this request", None, ""),
            Self::Missing => ("is required", None, ""),
            Self::WrongType { expected } => {
                m.push_str("must be ");
                m.push_str(expected);
                return m;
            }
            Self::NotSafeInteger => ("must be an integer between -(2^53-1) and 2^53-1", None, ""),
            Self::OutOfRange { min, max } => {
                m.push_str("must be between ");
                push_int(&mut m, *min);
                m.push_str(" and ");
                push_int(&mut m, *max);
                return m;
            }
            Self::TooShort { min } => ("must be at least ", Some(i64::from(*min)), " characters"),
            Self::TooLong { max } => ("must be at most ", Some(i64::from(*max)), " characters"),
            Self::Pattern(p) => {
                m.push_str("may only contain ");
                m.push_str(p.describe());
                return m;
            }
            Self::NotInEnum { allowed } => {
                m.push_str("must be one of ");
                // A loop, not `join`: `join` costs 1 KB of wasm.
                for (i, a) in allowed.iter().enumerate() {
                    if i > 0 {
                        m.push_str(", ");
                    }
                    m.push_str(a);
                }
                return m;
            }
            Self::TooFewItems { min } => ("must have at least ", Some(i64::from(*min)), " items"),
            Self::TooManyItems { max } => ("must have at most ", Some(i64::from(*max)), " items"),
            Self::TooManyProperties { max } => {
                ("must have at most ", Some(i64::from(*max)), " properties")
            }
        };
        m.push_str(head);
        if let Some(n) = n {
            push_int(&mut m, n);
        }
        // "1 character", "2 characters"
        m.push_str(if n == Some(1) {
            tail.trim_end_matches('s')
        } else {
            tail
        });
        m
    }
}

/// Appends the decimal form of `n` (no `core::fmt`).
pub(crate) fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

/// Appends the decimal digits of `v` (no `core::fmt`); the one digit loop of the crate.
pub(crate) fn push_u64(out: &mut String, mut v: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    for d in digits.iter().skip(i) {
        out.push(char::from(*d));
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.location)?;
        f.write_str(" ")?;
        f.write_str(&self.kind.message())
    }
}

impl core::error::Error for ValidationError {}

/// One step from the body to a value.
enum Seg<'k> {
    Body,
    Field(&'static str),
    Key(&'k str),
    Index(usize),
}

/// Where the walk is: a chain of steps on the stack, written out only when a check fails, so a
/// valid request costs no allocation for it.
struct Path<'p> {
    seg: Seg<'p>,
    up: Option<&'p Path<'p>>,
}

impl<'p> Path<'p> {
    fn child(&'p self, seg: Seg<'p>) -> Path<'p> {
        Path {
            seg,
            up: Some(self),
        }
    }

    fn fail(&self, kind: ValidationErrorKind) -> ValidationError {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            segs.push(&p.seg);
            at = p.up;
        }
        let mut location = String::from("body");
        for seg in segs.into_iter().rev() {
            match seg {
                Seg::Body => {}
                Seg::Field(name) | Seg::Key(name) => {
                    location.push('.');
                    location.push_str(name);
                }
                Seg::Index(i) => {
                    location.push('[');
                    push_int(&mut location, i64::try_from(*i).unwrap_or(i64::MAX));
                    location.push(']');
                }
            }
        }
        ValidationError { location, kind }
    }
}

/// What the walk does with a member a closed object does not declare: refuse it (`None`, the
/// server's rule), or tell the sink (the object and the member's index among its entries) and
/// go on, as `@unkey/api` drops such members before sending.
type Unknown<'s, J> = Option<&'s mut dyn FnMut(&J, usize)>;

fn shape<J: JsonValue>(
    at: &Path<'_>,
    shape: &Shape,
    v: &J,
    unknown: &mut Unknown<'_, J>,
) -> Result<(), ValidationError> {
    match shape.kind {
        Kind::Alias(ty) => self::ty(at, &ty, v, unknown),
        // Requests must use a known value even for open enums: `open` only says that
        // responses may carry new ones (the server rejects unknown values in requests).
        Kind::Enum { values, .. } => {
            let Some(s) = v.as_str() else {
                return Err(at.fail(ValidationErrorKind::WrongType {
                    expected: "a string",
                }));
            };
            if values.iter().any(|x| *x == s.as_ref()) {
                Ok(())
            } else {
                Err(at.fail(ValidationErrorKind::NotInEnum { allowed: values }))
            }
        }
        Kind::Object { fields, closed } => {
            if v.kind() != JsonKind::Object {
                return Err(at.fail(ValidationErrorKind::WrongType {
                    expected: "an object",
                }));
            }
            let entries = v.entries();
            if closed {
                for (i, (key, _)) in entries.iter().enumerate() {
                    if fields.iter().any(|f| f.name == key) {
                        continue;
                    }
                    match unknown {
                        Some(sink) => sink(v, i),
                        None => {
                            return Err(at
                                .child(Seg::Key(key))
                                .fail(ValidationErrorKind::UnknownField))
                        }
                    }
                }
            }
            for field in fields {
                let at = at.child(Seg::Field(field.name));
                match entries.iter().find(|(key, _)| key == field.name) {
                    None if field.required => {
                        return Err(at.fail(ValidationErrorKind::Missing));
                    }
                    None => {}
                    Some((_, fv)) => match fv.kind() {
                        JsonKind::Null if field.nullable => {}
                        JsonKind::Null => {
                            let expected = expected_of(&field.ty);
                            return Err(at.fail(ValidationErrorKind::WrongType { expected }));
                        }
                        _ => self::ty(&at, &field.ty, fv, unknown)?,
                    },
                }
            }
            Ok(())
        }
    }
}

fn ty<J: JsonValue>(
    at: &Path<'_>,
    ty: &Ty,
    v: &J,
    unknown: &mut Unknown<'_, J>,
) -> Result<(), ValidationError> {
    use ValidationErrorKind as K;
    let expected = expected_of(ty);
    match *ty {
        Ty::Any => match v.kind() {
            JsonKind::Other => Err(at.fail(K::WrongType { expected })),
            _ => Ok(()),
        },
        Ty::Bool => match v.as_bool() {
            Some(_) => Ok(()),
            None => Err(at.fail(K::WrongType { expected })),
        },
        Ty::Int { min, max } => {
            let Some(n) = v.as_f64() else {
                return Err(at.fail(K::WrongType { expected }));
            };
            // `MAX_SAFE_INTEGER as f64` is exact (2^53 − 1 < 2^53).
            let safe = MAX_SAFE_INTEGER as f64;
            if !n.is_finite() || n.trunc() != n || n.abs() > safe {
                return Err(at.fail(K::NotSafeInteger));
            }
            // In range of i64 now, so the cast is exact.
            let n = n as i64;
            if n < min || n > max {
                return Err(at.fail(K::OutOfRange { min, max }));
            }
            Ok(())
        }
        Ty::Str { min, max, pattern } => {
            // Count code points, stopping early on long strings.
            let limit = (max as usize).saturating_add(1);
            let Some(n) = v.str_len(limit) else {
                return Err(at.fail(K::WrongType { expected }));
            };
            if n < min as usize {
                return Err(at.fail(K::TooShort { min }));
            }
            if n > max as usize {
                return Err(at.fail(K::TooLong { max }));
            }
            if let Some(p) = pattern {
                if !v.as_str().is_some_and(|s| p.matches(&s)) {
                    return Err(at.fail(K::Pattern(p)));
                }
            }
            Ok(())
        }
        Ty::Array { items, min, max } => {
            let Some(values) = v.items() else {
                return Err(at.fail(K::WrongType { expected }));
            };
            if values.len() < min as usize {
                return Err(at.fail(K::TooFewItems { min }));
            }
            if values.len() > max as usize {
                return Err(at.fail(K::TooManyItems { max }));
            }
            for (i, item) in values.iter().enumerate() {
                let at = at.child(Seg::Index(i));
                if item.kind() == JsonKind::Null {
                    let expected = expected_of(items);
                    return Err(at.fail(K::WrongType { expected }));
                }
                self::ty(&at, items, item, unknown)?;
            }
            Ok(())
        }
        Ty::Map { max } => {
            if v.kind() != JsonKind::Object {
                return Err(at.fail(K::WrongType { expected }));
            }
            if v.entries().len() > max as usize {
                return Err(at.fail(K::TooManyProperties { max }));
            }
            Ok(())
        }
        Ty::Ref(shape) => self::shape(at, shape, v, unknown),
    }
}

fn expected_of(ty: &Ty) -> &'static str {
    match ty {
        Ty::Bool => "a boolean",
        Ty::Int { .. } => "an integer",
        Ty::Str { .. } => "a string",
        Ty::Array { .. } => "an array",
        Ty::Map { .. } => "an object",
        Ty::Any => "a JSON value",
        Ty::Ref(shape) => match shape.kind {
            Kind::Object { .. } => "an object",
            Kind::Enum { .. } => "a string",
            Kind::Alias(ref inner) => expected_of(inner),
        },
    }
}

/// Checks `value` against `shape` as the server does; the first problem found is returned
/// (a member a closed object does not declare is one: [`ValidationErrorKind::UnknownField`]).
pub fn validate<J: JsonValue>(shape: &Shape, value: &J) -> Result<(), ValidationError> {
    self::shape(&ROOT, shape, value, &mut None)
}

/// Checks `value` against `shape` as a client that drops undeclared members before sending
/// does (`@unkey/api`'s request schemas strip them): every check of [`validate`] but that one.
/// Each member a closed object does not declare is handed to `unknown` (the object, and the
/// member's index among its [`JsonValue::entries`]) instead, and not descended into. A member
/// of the wrong type is still refused.
pub fn validate_dropping<J: JsonValue>(
    shape: &Shape,
    value: &J,
    unknown: &mut dyn FnMut(&J, usize),
) -> Result<(), ValidationError> {
    self::shape(&ROOT, shape, value, &mut Some(unknown))
}

const ROOT: Path<'static> = Path {
    seg: Seg::Body,
    up: None,
};
