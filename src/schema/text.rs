//! [`JsonValue`] over JSON text, read in place: the wasm façade validates the very text that
//! `JSON.stringify` made for the request body, copied into wasm memory in one go, rather than
//! asking JS about each field (BENCHMARKS.md, "Per-call work, session 3").
//!
//! A [`JsonText`] is the span of one value; nothing is parsed until the validator asks, and
//! only as deep as the schema goes. Values the schema does not describe (`meta`) are skipped
//! by counting brackets, without recursion, so deep nesting cannot exhaust the stack. Text that
//! is not JSON never panics: it reads as [`JsonKind::Other`], or as a shorter object or array.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::validate::{validate_dropping, ValidationError};
use super::{JsonKind, JsonValue, Shape};

/// One JSON value as text, with no whitespace around it (as `JSON.stringify` writes it, and as
/// the members of an object or array are cut); whitespace inside is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonText<'a>(pub &'a str);

impl<'a> JsonText<'a> {
    fn first(&self) -> Option<u8> {
        self.0.bytes().next()
    }

    /// The raw text between the quotes of a string value.
    pub(crate) fn string_body(&self) -> Option<&'a str> {
        self.0.strip_prefix('"')?.strip_suffix('"')
    }

    /// Calls `each` with the members (object) or items (array) between `open` and `close`:
    /// the key's raw text (objects only) and the value's span.
    fn members(&self, open: u8, close: u8, mut each: impl FnMut(Option<&'a str>, JsonText<'a>)) {
        let t = self.0;
        let b = t.as_bytes();
        if b.first() != Some(&open) {
            return;
        }
        let mut i = skip_ws(b, 1);
        if b.get(i) == Some(&close) {
            return;
        }
        loop {
            let mut key = None;
            if open == b'{' {
                let Some(end) = string_end(b, i) else { break };
                key = t.get(i + 1..end - 1);
                i = skip_ws(b, end);
                if b.get(i) != Some(&b':') {
                    break;
                }
                i = skip_ws(b, i + 1);
            }
            let Some(end) = value_end(b, i) else { break };
            let Some(value) = t.get(i..end) else { break };
            each(key, JsonText(value));
            i = skip_ws(b, end);
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                _ => break,
            }
        }
    }
}

/// Checks the request body `text` (JSON text as `JSON.stringify` writes it) against `shape`
/// with [`validate_dropping`], and cuts out every member a closed object does not declare, as
/// `@unkey/api` does before sending: the text to send, or `None` when nothing was cut (send
/// `text` as it is). The rest of the text is kept byte for byte.
///
/// # Errors
/// The first problem [`validate_dropping`] finds (a wrong type, a missing field, …).
pub fn strip_unknown(
    shape: &Shape,
    text: &str,
) -> Result<Option<alloc::string::String>, ValidationError> {
    let mut cut = Cuts {
        base: text.as_ptr() as usize,
        object: "",
        dropped: Vec::new(),
        cuts: Vec::new(),
    };
    // The validator hands over an object's undeclared members one after another, in order,
    // before it descends into any of its values: one object at a time.
    validate_dropping(shape, &JsonText(text), &mut |object, index| {
        if !core::ptr::eq(object.0, cut.object) {
            cut.flush();
            cut.object = object.0;
        }
        cut.dropped.push(index);
    })?;
    cut.flush();
    if cut.cuts.is_empty() {
        return Ok(None);
    }
    let mut out = alloc::string::String::with_capacity(text.len());
    let mut at = 0;
    for (s, e) in cut.cuts {
        out.push_str(text.get(at..s).unwrap_or_default());
        at = at.max(e);
    }
    out.push_str(text.get(at..).unwrap_or_default());
    Ok(Some(out))
}

/// The spans [`strip_unknown`] cuts out of a text, in order and apart.
struct Cuts<'t> {
    /// Where the text starts: every value the validator hands over is a slice of it.
    base: usize,
    /// The object whose members are in `dropped` (`""`: none yet).
    object: &'t str,
    /// The indexes of its members to drop, ascending.
    dropped: Vec<usize>,
    /// Byte ranges of the text to leave out, ascending and disjoint.
    cuts: Vec<(usize, usize)>,
}

impl Cuts<'_> {
    /// The cuts for `object`'s `dropped` members: each run of dropped members goes with the
    /// comma before it, or for a run at the start with the comma after it (the one before the
    /// first member kept).
    fn flush(&mut self) {
        let base = self.base;
        let at = |s: &str| (s.as_ptr() as usize).wrapping_sub(base);
        let (dropped, cuts) = (&self.dropped, &mut self.cuts);
        let mut add = |cut: (usize, usize)| {
            // Cuts of different objects never overlap: keep them in order.
            let i = cuts.partition_point(|c| c.0 < cut.0);
            cuts.insert(i, cut);
        };
        // One pass over the members (a member's span runs from its key's opening quote to
        // the end of its value): the end of the last member kept, and the current run of
        // dropped members (its start and end), if any.
        let (mut index, mut next) = (0, 0);
        let mut kept: Option<usize> = None;
        let mut run: Option<(usize, usize)> = None;
        JsonText(self.object).members(b'{', b'}', |key, value| {
            let start = key.map_or(0, |k| at(k).wrapping_sub(1));
            let end = at(value.0).wrapping_add(value.0.len());
            if dropped.get(next) == Some(&index) {
                next += 1;
                run = Some((run.map_or(start, |r| r.0), end));
            } else {
                match (run.take(), kept) {
                    (Some(r), Some(k)) => add((k, r.1)),
                    (Some(r), None) => add((r.0, start)),
                    (None, _) => {}
                }
                kept = Some(end);
            }
            index += 1;
        });
        match (run, kept) {
            (Some(r), Some(k)) => add((k, r.1)),
            (Some(r), None) => add(r),
            (None, _) => {}
        }
        self.dropped.clear();
    }
}

fn is_ws(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_ws(c)) {
        i += 1;
    }
    i
}

/// The index just past the string that starts (with its quote) at `i`.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut i = i + 1;
    loop {
        match b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// The index just past the value that starts at `i`: strings by their quotes, objects and
/// arrays by counting brackets (iteratively), anything else up to the next delimiter.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = i;
            loop {
                match b.get(i)? {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        // The first byte opened, so depth is at least 1 here.
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|&c| !matches!(c, b',' | b'}' | b']') && !is_ws(c))
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// The characters of a string's raw text, escapes decoded. A `\u` escape of a surrogate
/// reads as U+FFFD: `JSON.stringify` escapes only lone ones, and writes pairs as they are.
fn chars(raw: &str) -> impl Iterator<Item = char> + '_ {
    let mut it = raw.chars();
    core::iter::from_fn(move || {
        let c = it.next()?;
        if c != '\\' {
            return Some(c);
        }
        Some(match it.next()? {
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => char::from_u32(hex4(&mut it)?).unwrap_or('\u{fffd}'),
            other => other,
        })
    })
}

fn hex4(it: &mut core::str::Chars<'_>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + it.next()?.to_digit(16)?;
    }
    Some(v)
}

/// The integer a JSON number denotes, computed exactly; `None` when it is not an integer, or
/// needs more than 19 digits, or is not a number. One pass over the bytes.
fn integer(t: &str) -> Option<f64> {
    let mut b = t.bytes().peekable();
    let negative = b.next_if_eq(&b'-').is_some();
    // The value is `m` × 10^`scale`.
    let mut m: u64 = 0;
    let mut scale: i64 = 0;
    let mut digits = 0;
    let mut fraction = false;
    while let Some(c) = b.next_if(|c| c.is_ascii_digit() || (*c == b'.' && !fraction)) {
        if c == b'.' {
            fraction = true;
            continue;
        }
        m = m.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
        digits += 1;
        if fraction {
            scale -= 1;
        }
    }
    // Digits before a point, and after it if there is one.
    if digits == 0 || (fraction && scale == 0) {
        return None;
    }
    if b.next_if(|c| *c == b'e' || *c == b'E').is_some() {
        let exp_negative = match b.next_if(|c| *c == b'+' || *c == b'-') {
            Some(sign) => sign == b'-',
            None => false,
        };
        let mut exp: i64 = 0;
        let mut exp_digits = 0;
        while let Some(c) = b.next_if(u8::is_ascii_digit) {
            // Capped: any exponent this large over- or underflows below anyway.
            exp = (exp * 10 + i64::from(c - b'0')).min(1 << 20);
            exp_digits += 1;
        }
        if exp_digits == 0 {
            return None;
        }
        scale += if exp_negative { -exp } else { exp };
    }
    if b.next().is_some() {
        return None;
    }
    while scale < 0 && m != 0 && m.is_multiple_of(10) {
        m /= 10;
        scale += 1;
    }
    if m == 0 {
        scale = 0;
    }
    if scale < 0 {
        return None;
    }
    for _ in 0..scale {
        m = m.checked_mul(10)?;
    }
    // Beyond 2^53 the cast rounds, but such a number fails the safe-integer check either way.
    let v = m as f64;
    Some(if negative { -v } else { v })
}

/// A string's decoded text, borrowed when it has no escapes.
fn unescape(raw: &str) -> Cow<'_, str> {
    if raw.bytes().any(|b| b == b'\\') {
        Cow::Owned(chars(raw).collect())
    } else {
        Cow::Borrowed(raw)
    }
}

impl JsonValue for JsonText<'_> {
    fn kind(&self) -> JsonKind {
        match self.first() {
            Some(b'n') => JsonKind::Null,
            Some(b't' | b'f') => JsonKind::Bool,
            Some(b'-' | b'0'..=b'9') => JsonKind::Number,
            Some(b'"') => JsonKind::String,
            Some(b'[') => JsonKind::Array,
            Some(b'{') => JsonKind::Object,
            _ => JsonKind::Other,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self.0 {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// Exact for integers (in any form JSON allows, up to 19 significant digits); any other
    /// number reads as NaN, which no integer check accepts. This view backs request
    /// validation, where every number field is an integer.
    fn as_f64(&self) -> Option<f64> {
        (self.kind() == JsonKind::Number).then(|| integer(self.0).unwrap_or(f64::NAN))
    }

    fn as_str(&self) -> Option<Cow<'_, str>> {
        self.string_body().map(unescape)
    }

    /// Counted on the raw text: one per character that is not an escape's tail (`\n` is
    /// one, `\u00e9` is one), which is what decoding and counting would give.
    fn str_len(&self, limit: usize) -> Option<usize> {
        let raw = self.string_body()?.as_bytes();
        let (mut n, mut i) = (0, 0);
        while n < limit {
            let Some(&c) = raw.get(i) else { break };
            i += match c {
                b'\\' if raw.get(i + 1) == Some(&b'u') => 6,
                b'\\' => 2,
                // A UTF-8 sequence: its length from the leading byte.
                0xf0.. => 4,
                0xe0.. => 3,
                0xc0.. => 2,
                _ => 1,
            };
            n += 1;
        }
        Some(n)
    }

    fn get(&self, key: &str) -> Option<Self> {
        self.entries()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn entries(&self) -> Vec<(Cow<'_, str>, Self)> {
        let mut out = Vec::new();
        self.members(b'{', b'}', |key, value| {
            if let Some(key) = key {
                out.push((unescape(key), value));
            }
        });
        out
    }

    fn len(&self) -> Option<usize> {
        self.items().map(|items| items.len())
    }

    fn item(&self, index: usize) -> Option<Self> {
        self.items()?.get(index).copied()
    }

    fn items(&self) -> Option<Vec<Self>> {
        let mut out = Vec::new();
        self.members(b'[', b']', |_, v| out.push(v));
        (self.kind() == JsonKind::Array).then_some(out)
    }
}
