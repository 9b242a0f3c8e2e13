//! Request validation, hand-written from the constraints of each operation: types, lengths,
//! patterns, ranges, item counts and unknown fields. A [`Checker`] collects every failure so the
//! 400 answer names each bad field at once.

use crate::error::{ApiError, FieldError};
use serde_json::{Map, Value};

/// Characters allowed by a string pattern of the form `^[class]+$`.
#[derive(Debug, Clone, Copy)]
pub enum Pattern {
    /// `[a-zA-Z0-9_]` (ids, prefixes).
    Ident,
    /// `[a-zA-Z0-9_.-]` (external ids).
    External,
    /// `[a-zA-Z0-9_:\-.*]` (permission slugs).
    Slug,
    /// `[a-zA-Z0-9_-]` (resource identifiers).
    Resource,
}

impl Pattern {
    fn allows(self, c: char) -> bool {
        c.is_ascii_alphanumeric()
            || c == '_'
            || match self {
                Pattern::Ident => false,
                Pattern::External => c == '.' || c == '-',
                Pattern::Slug => matches!(c, ':' | '-' | '.' | '*'),
                Pattern::Resource => c == '-',
            }
    }

    /// The spec's regular expression for this pattern (quoted in error messages).
    pub fn regex(self) -> &'static str {
        match self {
            Pattern::Ident => "^[a-zA-Z0-9_]+$",
            Pattern::External => "^[a-zA-Z0-9_.-]+$",
            Pattern::Slug => "^[a-zA-Z0-9_:\\-\\.\\*]+$",
            Pattern::Resource => "^[a-zA-Z0-9_-]+$",
        }
    }
}

/// Rules for one string.
#[derive(Debug, Clone, Copy)]
pub struct Str {
    /// Minimum length in characters.
    pub min: usize,
    /// Maximum length in characters.
    pub max: usize,
    /// Allowed characters, if restricted.
    pub pattern: Option<Pattern>,
}

impl Str {
    /// A string of `min..=max` characters.
    pub const fn len(min: usize, max: usize) -> Str {
        Str {
            min,
            max,
            pattern: None,
        }
    }

    /// The same rule restricted to a pattern.
    pub const fn pat(self, p: Pattern) -> Str {
        Str {
            pattern: Some(p),
            ..self
        }
    }
}

/// Key ids and other identifiers: 3..255, `[a-zA-Z0-9_]`.
pub const KEY_ID: Str = Str::len(3, 255).pat(Pattern::Ident);
/// Permission slugs on keys and roles: 1..128.
pub const SLUG: Str = Str::len(1, 128).pat(Pattern::Slug);
/// External ids: 1..255.
pub const EXTERNAL_ID: Str = Str::len(1, 255).pat(Pattern::External);
/// No length limit beyond what the body allows.
pub const ANY: Str = Str::len(0, usize::MAX);

/// At most this many `errors[]` entries are reported for one body (a body of many bad items
/// would otherwise make an answer many times its own size); the rest are left out.
pub const MAX_ERRORS: usize = 1000;

/// The deepest identity `meta` accepted, counted as MySQL's `JSON_DEPTH` does (a scalar or an
/// empty array/object is 1, `{"a":1}` is 2): upstream stores it in a MySQL JSON column
/// (`CAST(? AS JSON)` in `identity_insert.sql`/`identity_update.sql`), whose documents may nest
/// at most 100 levels, so a deeper one fails the write (a 500, see [`identity_meta_too_deep`]).
/// A key's `meta` is a `text` column and has no such limit (only Go's decoder's 10,000 and the
/// column's size, [`key_meta_too_long`]).
pub const MAX_IDENTITY_META_DEPTH: usize = 100;

/// The longest `meta` a key may store: a MySQL `text` column holds 65,535 bytes
/// (`keys.meta` in upstream's `pkg/mysql/schema/keys.sql`), of `json.Marshal` of the meta.
pub const MAX_KEY_META_BYTES: usize = 65_535;

/// `i64::MAX` as the bundled spec writes a `maximum` of it (its bundler printed the float).
const BUNDLED_INT64_MAX: u64 = 9_223_372_036_854_776_000;

/// An integer's `maximum` in the spec.
#[derive(Debug, Clone, Copy)]
enum Bound {
    /// This one.
    At(i64),
    /// None: an integer past `i64` passes the schema and fails Go's decoder.
    None,
    /// `i64::MAX`, written `9223372036854776000` in the bundled spec.
    Int64,
}

impl Bound {
    /// A `maximum` given as an `i64`, where `i64::MAX` stands for none.
    fn of(max: i64) -> Self {
        if max == i64::MAX {
            Bound::None
        } else {
            Bound::At(max)
        }
    }

    /// The bound as upstream's validator words it.
    fn text(self) -> String {
        match self {
            Bound::At(m) => m.to_string(),
            Bound::None | Bound::Int64 => BUNDLED_INT64_MAX.to_string(),
        }
    }
}

/// The most members a `meta` object may have (the spec's `maxProperties`).
pub const MAX_META_PROPERTIES: usize = 100;

/// Whether `v` nests deeper than `limit` levels (MySQL `JSON_DEPTH` counting). Recursion stops
/// at `limit`, so the cost is bounded whatever the input.
pub fn deeper_than(v: &Value, limit: usize) -> bool {
    if limit == 0 {
        return true;
    }
    match v {
        Value::Array(items) => items.iter().any(|i| deeper_than(i, limit - 1)),
        Value::Object(m) => m.values().any(|i| deeper_than(i, limit - 1)),
        _ => false,
    }
}

/// A field of an update that distinguishes absent, `null` and a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Tri<T> {
    /// Not in the request: leave unchanged.
    Absent,
    /// Explicit `null`: clear.
    Null,
    /// A new value.
    Value(T),
}

/// The first name given twice in a list of rate limits, as the 400 `identities.updateIdentity`
/// answers for it (upstream's handler text, no field list).
pub fn first_duplicate(limits: &[RatelimitInput]) -> Option<ApiError> {
    limits.iter().enumerate().find_map(|(i, r)| {
        limits
            .get(..i)
            .is_some_and(|before| before.iter().any(|b| b.name == r.name))
            .then(|| {
                ApiError::invalid_detail(format!(
                    "Ratelimit with name '{}' is already defined in the request",
                    r.name
                ))
            })
    })
}

/// Upstream's human-readable byte sizes (decimal units, one decimal below 10: `1.0 MB`).
pub fn humanize_bytes(n: u64) -> String {
    const SIZES: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if n < 10 {
        return format!("{n} B");
    }
    let f = n as f64;
    let e = (f.ln() / 1000f64.ln()).floor();
    let val = (f / 1000f64.powf(e) * 10.0 + 0.5).floor() / 10.0;
    let unit = SIZES.get(e as usize).copied().unwrap_or("EB");
    if val < 10.0 {
        format!("{val:.1} {unit}")
    } else {
        format!("{val:.0} {unit}")
    }
}

/// The identities' 1 MiB limit on the serialized `meta`, as upstream's `MaxByteSize` words it:
/// the length of `json.Marshal(meta)` (v2_identities_create_identity/handler.go,
/// update_identity/handler.go), which [`go_marshal`] writes byte for byte.
pub fn meta_size(meta: &Map<String, Value>) -> Result<(), ApiError> {
    const LIMIT: usize = 1024 * 1024;
    let size = go_marshal(meta).len();
    if size <= LIMIT {
        return Ok(());
    }
    Err(ApiError::invalid_detail(format!(
        "Metadata is too large: it must be at most {}, but is {}.",
        humanize_bytes(LIMIT as u64),
        humanize_bytes(size as u64)
    )))
}

/// Whether a key's `meta` is longer than its MySQL `text` column holds
/// ([`MAX_KEY_META_BYTES`] of `json.Marshal(meta)`): upstream's insert or update then fails in
/// MySQL's strict mode (the default of MySQL 8 and PlanetScale; upstream sets no `sql_mode`).
pub fn key_meta_too_long(meta: &Map<String, Value>) -> bool {
    go_marshal(meta).len() > MAX_KEY_META_BYTES
}

/// Whether an identity's `meta` nests deeper than its MySQL JSON column takes
/// ([`MAX_IDENTITY_META_DEPTH`]).
pub fn identity_meta_too_deep(meta: &Map<String, Value>) -> bool {
    meta.values()
        .any(|v| deeper_than(v, MAX_IDENTITY_META_DEPTH.saturating_sub(1)))
}

/// A float64 as Go's `encoding/json` writes it (encode.go, `floatEncoder` for 64 bits):
/// `strconv.AppendFloat(b, f, 'f', -1, 64)` (the shortest digits that read back as `f`, no
/// exponent: `1`, `-0`, `100000000000000000000`, `0.000001`) unless `1e-6 > |f|` or
/// `|f| >= 1e21`, then `'e'` with a sign and no leading zero in the exponent (`1e+21`, `1e-7`,
/// `5e-324`). JSON has no NaN or infinity, so neither is asked for.
pub fn go_float(f: f64) -> String {
    let abs = f.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        // Rust's `Display` of an f64 is the shortest round-trip digits without an exponent.
        return format!("{f}");
    }
    // `{:e}` is the same shortest digits with an exponent (`1e21`, `1.5e-7`).
    let sci = format!("{f:e}");
    match sci.split_once('e') {
        Some((digits, exp)) if !exp.starts_with('-') => format!("{digits}e+{exp}"),
        _ => sci,
    }
}

/// A `meta` as upstream holds it: Go's `encoding/json` decodes it into `map[string]any`, so
/// every number becomes a float64, which it stores and answers as [`go_float`] writes it
/// (`9007199254740993` is `9007199254740992`, `1.0` is `1`, `12345678901234567890` is
/// `12345678901234567000`). A number whose Go text is an integer that fits 64 bits is held as
/// that integer (exact); any other (`-0`, `1e+21`, `100000000000000000000`, `0.5`) as the
/// float64 itself, which [`go_marshal`] writes as Go does.
pub fn go_decoded(v: Value) -> Value {
    match v {
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or_default();
            let text = go_float(f);
            let integer = text.parse::<i64>().map(serde_json::Number::from).ok();
            let integer = integer.or_else(|| text.parse::<u64>().ok().map(Into::into));
            match integer {
                Some(i) if !(f == 0.0 && f.is_sign_negative()) => Value::Number(i),
                _ => serde_json::Number::from_f64(f).map_or(Value::Number(n), Value::Number),
            }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(go_decoded).collect()),
        Value::Object(m) => Value::Object(go_decoded_map(m)),
        other => other,
    }
}

/// [`go_decoded`] of each member.
fn go_decoded_map(m: Map<String, Value>) -> Map<String, Value> {
    m.into_iter().map(|(k, v)| (k, go_decoded(v))).collect()
}

/// The deepest nesting of arrays and objects Go's `encoding/json` reads (scan.go,
/// `maxNestingDepth`); deeper is its "exceeded max depth".
pub const MAX_JSON_NESTING: usize = 10_000;

/// The stack each thread that reads, copies, writes or drops a request's values gets: those
/// walks recurse once a level, up to [`MAX_JSON_NESTING`] levels (a debug build needs between
/// 16 and 32 MiB for 10,000, `meta_as_deep_as_go_reads_is_kept_and_answered`; this is four
/// times that, reserved, not used, until a body nests so deep).
pub const STACK_BYTES: usize = 128 << 20;

/// JSON text read as upstream's Go reads it: nested up to [`MAX_JSON_NESTING`] arrays and
/// objects (serde_json alone stops at 128), numbers correctly rounded (`float_roundtrip`),
/// strings with invalid Unicode read as [`go_lossy_strings`] reads them.
pub fn go_unmarshal<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    go_prescan(bytes, None)?;
    go_deserialize(bytes, |de| T::deserialize(de))
}

/// The checks [`go_unmarshal`] makes of the text before reading it: nesting up to
/// [`MAX_JSON_NESTING`] (Go's "exceeded max depth"). With `numbers`, also notes for each
/// number outside strings, in order, whether it is written as an integer (no `.`, `e` or
/// `E`), which serde_json does not tell (`-0` and `-0.0` are both its -0.0).
pub(crate) fn go_prescan(bytes: &[u8], mut numbers: Option<&mut Vec<bool>>) -> Result<(), String> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut in_number: Option<bool> = None;
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if let Some(integer) = in_number {
            match b {
                b'0'..=b'9' | b'+' | b'-' => continue,
                b'.' | b'e' | b'E' => {
                    in_number = Some(false);
                    continue;
                }
                _ => {
                    if let Some(n) = numbers.as_deref_mut() {
                        n.push(integer);
                    }
                    in_number = None;
                }
            }
        }
        match b {
            b'"' => in_string = true,
            b'-' | b'0'..=b'9' => in_number = Some(true),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_NESTING {
                    return Err("exceeded max depth".into());
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let (Some(integer), Some(n)) = (in_number, numbers) {
        n.push(integer);
    }
    Ok(())
}

/// Reads `bytes` with `read` as [`go_unmarshal`] does (no recursion limit, the whole text),
/// again with [`go_lossy_strings`]' repairs when it fails and there are some.
pub(crate) fn go_deserialize<T>(
    bytes: &[u8],
    read: impl Fn(&mut serde_json::Deserializer<serde_json::de::SliceRead<'_>>) -> serde_json::Result<T>,
) -> Result<T, String> {
    let whole = |bytes: &[u8]| {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        de.disable_recursion_limit();
        let v = read(&mut de).map_err(|e| e.to_string())?;
        de.end().map_err(|e| e.to_string())?;
        Ok(v)
    };
    whole(bytes).or_else(|e| match go_lossy_strings(bytes) {
        Some(fixed) => whole(&fixed),
        None => Err(e),
    })
}

/// The body as Go's `encoding/json` reads its strings, which upstream decodes with: a byte
/// that is not part of valid UTF-8 and a `\u` escape of a surrogate that is not half of a
/// pair are each U+FFFD there, not an error (a JS string cut in half is sent as `"\ud83d"`).
/// `None` when there is nothing to replace (the body is then wrong for another reason).
fn go_lossy_strings(bytes: &[u8]) -> Option<Vec<u8>> {
    let hex4 = |at: usize| {
        let digits = bytes.get(at..at + 4)?;
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let mut out = Vec::with_capacity(bytes.len());
    let (mut i, mut in_string, mut changed) = (0, false, false);
    while let Some(&b) = bytes.get(i) {
        let mut step = 1;
        if !in_string {
            in_string = b == b'"';
        } else if b == b'"' {
            in_string = false;
        } else if b == b'\\' {
            step = 2;
            if bytes.get(i + 1) == Some(&b'u') {
                step = 6;
                if let Some(unit @ 0xD800..=0xDFFF) = hex4(i + 2) {
                    let low = (bytes.get(i + 6..i + 8) == Some(b"\\u"))
                        .then(|| hex4(i + 8))
                        .flatten();
                    if (0xD800..0xDC00).contains(&unit) && matches!(low, Some(0xDC00..=0xDFFF)) {
                        step = 12;
                    } else {
                        out.extend_from_slice(b"\\ufffd");
                        changed = true;
                        i += 6;
                        continue;
                    }
                }
            }
        } else if b >= 0x80 {
            let width = match b {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => 0,
            };
            match bytes.get(i..i + width).map(std::str::from_utf8) {
                Some(Ok(_)) if width > 0 => step = width,
                _ => {
                    out.extend_from_slice("\u{FFFD}".as_bytes());
                    changed = true;
                    i += 1;
                    continue;
                }
            }
        }
        out.extend_from_slice(
            bytes
                .get(i..i + step)
                .or_else(|| bytes.get(i..))
                .unwrap_or_default(),
        );
        i += step;
    }
    changed.then_some(out)
}

/// A serde_json formatter that writes JSON as Go's `json.Marshal` does (upstream writes its
/// answers and its stored `meta` with it): floats as [`go_float`], and in strings `<`, `>`,
/// `&`, U+2028 and U+2029 as `\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029` (encode.go,
/// `appendString` with `escapeHTML`). The other escapes are the same in both (`\"`, `\\`,
/// `\n`, `\r`, `\t`, `\b`, `\f` since Go 1.22, else `\u00XX` in lowercase hex), and map keys
/// are sorted by their bytes in both (serde_json's `Map` is a `BTreeMap` here).
pub struct GoFormatter;

impl serde_json::ser::Formatter for GoFormatter {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, f: f64) -> std::io::Result<()> {
        w.write_all(go_float(f).as_bytes())
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            let (plain, tail) = rest.split_at(at);
            w.write_all(plain.as_bytes())?;
            let mut chars = tail.chars();
            if let Some(c) = chars.next() {
                write!(w, "\\u{:04x}", c as u32)?;
            }
            rest = chars.as_str();
        }
        w.write_all(rest.as_bytes())
    }
}

/// `v` written as Go's `json.Marshal` writes it ([`GoFormatter`]).
pub fn go_marshal<T: serde::Serialize + ?Sized>(v: &T) -> Vec<u8> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, GoFormatter);
    match v.serialize(&mut ser) {
        Ok(()) => out,
        Err(_) => b"{}".to_vec(),
    }
}

/// A rate-limit definition for keys and identities (`RatelimitRequest`).
#[derive(Debug, Clone)]
pub struct RatelimitInput {
    /// Name, 3..128.
    pub name: String,
    /// Requests per window.
    pub limit: i64,
    /// Window in milliseconds.
    pub duration: i64,
    /// Whether verify applies it without being asked.
    pub auto_apply: bool,
}

/// Credits given on create (`KeyCreditsData`).
#[derive(Debug, Clone)]
pub struct CreditsInput {
    /// Remaining uses; `None` is unlimited.
    pub remaining: Option<i64>,
    /// Refill rule.
    pub refill: Option<RefillInput>,
}

/// A refill rule (`KeyCreditsRefill`).
#[derive(Debug, Clone)]
pub struct RefillInput {
    /// `daily` or `monthly`.
    pub interval: String,
    /// Credits set on each refill.
    pub amount: i64,
    /// Day of month for monthly refills.
    pub refill_day: Option<i64>,
}

impl RefillInput {
    /// Upstream's rules for `refillDay`, which the schema cannot express: a monthly refill needs
    /// one; a daily refill may not have one where `daily_day_is_error` (keys.updateKey), and
    /// elsewhere (createKey, migrateKeys) it is ignored.
    pub fn rule_error(&self, daily_day_is_error: bool) -> Option<ApiError> {
        match (self.interval.as_str(), self.refill_day) {
            ("monthly", None) => Some(ApiError::invalid_detail(
                "`refillDay` must be provided when the refill interval is `monthly`.",
            )),
            ("daily", Some(_)) if daily_day_is_error => Some(ApiError::invalid_detail(
                "`refillDay` must not be provided when the refill interval is `daily`.",
            )),
            _ => None,
        }
    }
}

/// Collects field errors while reading a request body. Locations are reported as the real
/// server's validator (libopenapi-validator over santhosh-tekuri/jsonschema) reports them: the
/// JSON Schema keyword location (`/properties/name/minLength`, `/required`,
/// `/properties/keys/items/properties/hash/type`), with its messages (`minLength: got 2, want
/// 3`, `missing property 'apiId'`). Handlers still name fields by instance location
/// (`body.credits.refill`); [`schema_path`] translates.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
    /// For each error, where it is in the body (`body.ratelimits[1].name`) and the keyword that
    /// failed (`None` for a rule beyond the schema): what [`order_like_validator`] sorts by.
    origins: Vec<(String, Option<&'static str>)>,
    /// Missing required members per object of the body (its instance location) and the index of
    /// their error, merged into one error as the validator does.
    missing: Vec<(String, usize, Vec<String>)>,
    /// An integer member written as a whole float in range (`5.0`, `1e2`): the schema takes it,
    /// Go's `json.Unmarshal` into the handler's integer field does not ([`BIND_FAILED`]).
    unbindable: bool,
    /// Of a decoded body ([`Checker::decoded`]): the schema failures upstream's handler takes.
    takes: Option<Takes>,
}

/// Whether upstream's handler takes a value its schema refuses, given the value's instance
/// location (`body.ratelimits[1].limit`), the keyword it fails and the value. Upstream's
/// validator never sees such a value when a member in another case or given twice set it
/// ([`crate::gojson`]), so the handler meets it as it is.
pub type Takes = fn(&str, &str, &Value) -> bool;

/// The longest role name upstream's `roles.name` (`varchar(512)`) holds.
pub const ROLE_NAME_CHARS: usize = 512;

/// The longest permission slug upstream's `permissions.slug` (`varchar(128)`) holds.
pub const PERMISSION_SLUG_CHARS: usize = 128;

/// The 256 characters of the `varchar(256)` columns upstream stores an identity's external id,
/// a rate limit's name and a key's name and hash in (`identities.external_id`,
/// `ratelimits.name`, `keys.name`, `keys.hash`); a longer value fails the insert (MySQL's
/// strict mode, its default).
pub const NAME_COLUMN_CHARS: usize = 256;

/// What upstream's key and identity handlers do with a value the schema refuses of a
/// `RatelimitRequest` item, a `meta` or a key's credits (`KeyCreditsData` of createKey and
/// migrateKeys; updateKey's is replaced whole, so it never differs from what the validator
/// saw):
/// - a `meta` of more than [`MAX_META_PROPERTIES`] members is marshalled and stored as any;
/// - a rate limit is stored as it is (`uint64(limit)`, `uint64(duration)` into the `bigint
///   unsigned` columns of `ratelimits`), and a verification that applies a limit below 1, a
///   window under 1 s or an empty name skips every limit (see `ops::verify`); a name past the
///   column's [`NAME_COLUMN_CHARS`] fails the insert ([`ratelimit_name_too_long`]); a
///   negative limit or window is stored as Go's `uint64` of it (2^64 - |n|), which every
///   read answers as its `int64` again (the same n, as [`crate::model::RateLimit`] holds it)
///   but which upstream's verification of a key using it cannot load
///   ([`crate::limit_rows::unreadable_by_verification`]);
/// - a refill's `amount` of 0 is stored (`refill_amount`, `bigint unsigned`), a negative one,
///   like a negative `remaining`, fails the key's insert; an `interval` other than `monthly`
///   stores no refill day, which every read answers as `daily`; a `refillDay` of 0 is Go's
///   zero value, which the handler reads as none ([`Checker::check_refill`]); any other is
///   stored as [`stored_refill_day`] says, or fails the key's insert.
pub fn takes_stored_values(instance: &str, keyword: &str, _: &Value) -> bool {
    let Some((owner, field)) = instance.rsplit_once('.') else {
        return false;
    };
    if field == "meta" {
        return keyword == "maxProperties";
    }
    if owner.ends_with(".credits") {
        return (field, keyword) == ("remaining", "minimum");
    }
    if owner.ends_with(".credits.refill") {
        return matches!(
            (field, keyword),
            ("amount", "minimum") | ("interval", "enum") | ("refillDay", "minimum" | "maximum")
        );
    }
    let item = owner
        .strip_suffix(']')
        .and_then(|o| o.rsplit_once('['))
        .is_some_and(|(list, _)| list.ends_with(".ratelimits"));
    item && matches!(
        (field, keyword),
        ("name", "minLength" | "maxLength") | ("limit" | "duration", "minimum")
    )
}

/// Whether a rate limit's name is longer than its column holds ([`NAME_COLUMN_CHARS`]): the
/// insert of the limits then fails (only a decoded body has one, [`takes_stored_values`]).
pub fn ratelimit_name_too_long(limits: Option<&[RatelimitInput]>) -> bool {
    limits
        .unwrap_or_default()
        .iter()
        .any(|r| r.name.chars().count() > NAME_COLUMN_CHARS)
}

/// A monthly refill's day as upstream's createKey and migrateKeys store it:
/// `int16(refillDay)`, Go's conversion keeping the low 16 bits (the same day for the schema's
/// 1 to 31; another only from a decoded body, [`takes_stored_values`]).
pub fn stored_refill_day(day: i64) -> i64 {
    i64::from(day as i16)
}

/// Whether credits hold a value a key's columns refuse (only a decoded body has one,
/// [`takes_stored_values`]): a negative `remaining` or refill amount (`bigint unsigned`), or a
/// monthly refill's day outside the `tinyint` it is stored in ([`stored_refill_day`]). The
/// key's insert then fails.
pub fn credits_column_refused(credits: Option<&CreditsInput>) -> bool {
    credits.is_some_and(|c| {
        c.remaining.is_some_and(|n| n < 0)
            || c.refill.as_ref().is_some_and(|r| {
                let day = r.refill_day.filter(|_| r.interval == "monthly");
                r.amount < 0 || day.is_some_and(|d| !(-128..=127).contains(&stored_refill_day(d)))
            })
    })
}

/// Upstream's answer when a body passed the schema but Go's `json.Unmarshal` into the
/// handler's request struct fails (`zen.BindBody`, pkg/zen/request_util.go and session.go: the
/// two public messages joined), after authentication: 400 `invalid_input`, no `errors`.
pub const BIND_FAILED: &str = "The request body is invalid. The request body was not valid JSON.";

/// The JSON Schema location of an instance location: `body` is the root (``), `.name` is
/// `/properties/name`, `[i]` is `/items`.
pub fn schema_path(instance: &str) -> String {
    let rest = instance.strip_prefix("body").unwrap_or(instance);
    let mut out = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                out.push_str("/properties/");
                while let Some(&n) = chars.peek() {
                    if n == '.' || n == '[' {
                        break;
                    }
                    out.push(n);
                    chars.next();
                }
            }
            '[' => {
                out.push_str("/items");
                for n in chars.by_ref() {
                    if n == ']' {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A string quoted as the validator quotes it in messages: `'text'`.
pub fn quoted(s: &str) -> String {
    let escaped = format!("{s:?}");
    let inner = escaped
        .get(1..escaped.len().saturating_sub(1))
        .unwrap_or_default()
        .replace("\\\"", "\"")
        .replace('\'', "\\'");
    format!("'{inner}'")
}

fn join_quoted(items: &[String]) -> String {
    items
        .iter()
        .map(|s| quoted(s))
        .collect::<Vec<_>>()
        .join(", ")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Where a keyword's failure comes in the list upstream's validator (santhosh-tekuri/jsonschema
/// v6, flattened by libopenapi-validator) writes for one schema node. The library checks a value
/// in a fixed sequence and lists failures as it meets them: `type` (then nothing else of that
/// node), `$ref`; for an object `minProperties`, `maxProperties`, `required`, the members
/// (`properties`), `additionalProperties` (one failure naming every extra member, after the
/// members); for an array `minItems`, `maxItems`, `uniqueItems`, then the items in index order;
/// for a string `minLength`, `maxLength`, `pattern`; for a number `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`; then `not`, `allOf`, `anyOf`, `oneOf`,
/// `if`/`then`/`else`. A failure inside a member comes where that member is checked.
fn keyword_rank(keyword: &str) -> u8 {
    match keyword {
        "type" | "const" | "enum" | "format" => 0,
        "$ref" => 1,
        "minProperties" | "minItems" | "minLength" | "minimum" => 2,
        "maxProperties" | "maxItems" | "maxLength" | "maximum" => 3,
        "required" | "uniqueItems" | "pattern" | "exclusiveMinimum" => 4,
        "dependencies" | "exclusiveMaximum" => 5,
        "properties" | "items" | "prefixItems" | "multipleOf" => 6,
        "patternProperties" | "additionalItems" => 7,
        "additionalProperties" => 8,
        "propertyNames" | "contains" => 9,
        "dependentSchemas" => 10,
        "dependentRequired" => 11,
        "not" => 20,
        "allOf" => 21,
        "anyOf" => 22,
        "oneOf" => 23,
        "if" => 24,
        "then" => 25,
        "else" => 26,
        "unevaluatedProperties" | "unevaluatedItems" => 40,
        _ => 50,
    }
}

/// Reorders failures (stably) as the real server lists them: the failures of one value in
/// [`keyword_rank`] order, before those of its members or items, and those of one member or item
/// together; items in index order. Upstream visits an object's members in Go's map order, which
/// is random per request, so no order of failures in *different* members is guaranteed there;
/// here they keep the order in which the handler met them (the spec's order of the fields).
/// `origins` gives each error's instance location and keyword (see [`Checker`]).
pub fn order_like_validator(errors: &mut [FieldError], origins: &[(String, Option<&'static str>)]) {
    // Members in the order of their first failure (by their full instance path).
    let mut members: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut keyed: Vec<(Vec<(u8, usize)>, usize)> = Vec::with_capacity(errors.len());
    for (i, (instance, keyword)) in origins.iter().enumerate().take(errors.len()) {
        let rest = instance.strip_prefix("body").unwrap_or(instance);
        let mut key = Vec::new();
        let mut end = 0;
        let bytes = rest.as_bytes();
        while end < bytes.len() {
            let start = end;
            match bytes.get(end) {
                Some(b'[') => {
                    let close = rest
                        .get(start..)
                        .and_then(|r| r.find(']'))
                        .map_or(rest.len(), |c| start + c + 1);
                    let index = rest
                        .get(start + 1..close.saturating_sub(1))
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(0);
                    key.push((keyword_rank("items"), index));
                    end = close;
                }
                _ => {
                    end += 1;
                    while end < bytes.len() && !matches!(bytes.get(end), Some(b'.' | b'[')) {
                        end += 1;
                    }
                    let path = rest.get(..end).unwrap_or_default();
                    let next = members.len();
                    let ordinal = *members.entry(path.to_string()).or_insert(next);
                    key.push((keyword_rank("properties"), ordinal));
                }
            }
        }
        if let Some(k) = keyword {
            key.push((keyword_rank(k), 0));
        }
        keyed.push((key, i));
    }
    if keyed.len() < errors.len() {
        return;
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let original: Vec<FieldError> = errors.to_vec();
    for (slot, (_, from)) in errors.iter_mut().zip(keyed) {
        if let Some(e) = original.get(from) {
            *slot = e.clone();
        }
    }
}

fn loc(base: &str, name: &str) -> String {
    format!("{base}.{name}")
}

impl Checker {
    /// A checker with no errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A checker of a body Go's decoder read otherwise than the validator saw it
    /// ([`crate::gojson`]), which records no schema failure that `takes` accepts: the value
    /// is then read as if it passed, as upstream's handler reads it. `None` checks as
    /// [`Checker::new`].
    pub fn decoded(takes: Option<Takes>) -> Self {
        Checker {
            takes,
            ..Self::default()
        }
    }

    /// Records a failed schema keyword for `v` at `instance` unless this checker's `takes`
    /// accepts it; whether it was recorded.
    fn schema(
        &mut self,
        instance: &str,
        keyword: &'static str,
        v: &Value,
        message: impl Into<String>,
    ) -> bool {
        if self.takes.is_some_and(|takes| takes(instance, keyword, v)) {
            return false;
        }
        self.keyword(instance, keyword, message);
        true
    }

    /// Records a failure of a rule beyond the schema at an instance location
    /// (`body.ratelimits[1].name`), reported at its schema location.
    pub fn fail(&mut self, location: impl Into<String>, message: impl Into<String>) {
        if self.errors.len() >= MAX_ERRORS {
            return;
        }
        let instance = location.into();
        self.errors.push(FieldError {
            location: schema_path(&instance),
            message: message.into(),
            fix: None,
        });
        self.origins.push((instance, None));
    }

    /// Records a failed schema keyword for the value at an instance location.
    pub fn keyword(&mut self, instance: &str, keyword: &'static str, message: impl Into<String>) {
        if self.errors.len() >= MAX_ERRORS {
            return;
        }
        self.errors.push(FieldError {
            location: format!("{}/{keyword}", schema_path(instance)),
            message: message.into(),
            fix: None,
        });
        self.origins.push((instance.to_string(), Some(keyword)));
    }

    /// How many failures are recorded so far.
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Ok when nothing failed, otherwise the 400 naming every failed field, in the order the
    /// real server's validator lists them (see [`order_like_validator`]).
    pub fn finish(mut self) -> Result<(), ApiError> {
        if self.errors.is_empty() && self.unbindable {
            Err(ApiError::invalid_detail(BIND_FAILED))
        } else if self.errors.is_empty() {
            Ok(())
        } else {
            order_like_validator(&mut self.errors, &self.origins);
            Err(ApiError::invalid_input(self.errors))
        }
    }

    /// The body as an object, or an error when it is another JSON type.
    pub fn root<'v>(&mut self, body: &'v Value) -> Option<&'v Map<String, Value>> {
        match body {
            Value::Object(m) => Some(m),
            other => {
                self.keyword(
                    "body",
                    "type",
                    format!("got {}, want object", type_name(other)),
                );
                None
            }
        }
    }

    /// Rejects members not in `allowed` (the spec's `additionalProperties: false`).
    pub fn only(&mut self, o: &Map<String, Value>, base: &str, allowed: &[&str]) {
        let unknown: Vec<String> = o
            .keys()
            .filter(|k| !allowed.contains(&k.as_str()))
            .cloned()
            .collect();
        if !unknown.is_empty() {
            self.keyword(
                base,
                "additionalProperties",
                format!(
                    "additional properties {} not allowed",
                    join_quoted(&unknown)
                ),
            );
        }
    }

    fn required(&mut self, o: &Map<String, Value>, base: &str, name: &str, req: bool) {
        if req && !o.contains_key(name) {
            self.missing_member(base, name);
        }
    }

    /// Records that the object at `base` lacks the required member `name`; several missing
    /// members of one object make one error, as the validator reports them.
    pub fn missing_member(&mut self, base: &str, name: &str) {
        let message = |names: &[String]| match names {
            [one] => format!("missing property {}", quoted(one)),
            many => format!("missing properties {}", join_quoted(many)),
        };
        if let Some((_, at, names)) = self.missing.iter_mut().find(|(b, _, _)| b == base) {
            names.push(name.to_string());
            if let Some(e) = self.errors.get_mut(*at) {
                e.message = message(names);
            }
            return;
        }
        if self.errors.len() >= MAX_ERRORS {
            return;
        }
        let names = vec![name.to_string()];
        self.errors.push(FieldError {
            location: format!("{}/required", schema_path(base)),
            message: message(&names),
            fix: None,
        });
        self.origins.push((base.to_string(), Some("required")));
        self.missing
            .push((base.to_string(), self.errors.len() - 1, names));
    }

    /// Checks a string value against a rule.
    pub fn check_str(&mut self, location: &str, v: &Value, rule: Str) -> Option<String> {
        let Value::String(s) = v else {
            self.keyword(
                location,
                "type",
                format!("got {}, want string", type_name(v)),
            );
            return None;
        };
        // Every keyword of the string is checked, as upstream's validator does: a short string
        // with a bad character fails both `minLength` and `pattern`.
        let before = self.errors.len();
        let n = s.chars().count();
        if n < rule.min {
            self.schema(
                location,
                "minLength",
                v,
                format!("minLength: got {n}, want {}", rule.min),
            );
        }
        if n > rule.max {
            self.schema(
                location,
                "maxLength",
                v,
                format!("maxLength: got {n}, want {}", rule.max),
            );
        }
        if let Some(p) = rule.pattern {
            // An empty string does not match `^[…]+$` either.
            if s.is_empty() || !s.chars().all(|c| p.allows(c)) {
                self.schema(
                    location,
                    "pattern",
                    v,
                    format!("{} does not match pattern {}", quoted(s), quoted(p.regex())),
                );
            }
        }
        (self.errors.len() == before).then(|| s.clone())
    }

    /// A string member.
    pub fn string(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        req: bool,
        rule: Str,
    ) -> Option<String> {
        self.required(o, base, name, req);
        let v = o.get(name)?;
        self.check_str(&loc(base, name), v, rule)
    }

    /// A string member that may be `null` (update semantics).
    pub fn nullable_string(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        rule: Str,
    ) -> Tri<String> {
        match o.get(name) {
            None => Tri::Absent,
            Some(Value::Null) => Tri::Null,
            Some(v) => {
                let (location, before) = (loc(base, name), self.errors.len());
                let checked = self.check_str(&location, v, rule);
                self.nullable_type(&location, before);
                match checked {
                    Some(s) => Tri::Value(s),
                    None => Tri::Absent,
                }
            }
        }
    }

    /// Words a `type` failure at `location` recorded since `before` as for a schema whose
    /// `type` is `[X, "null"]`: upstream's validator (santhosh-tekuri/jsonschema v6) lists the
    /// wanted types in its fixed order, `null` first (`got string, want null or integer`).
    pub fn nullable_type(&mut self, location: &str, before: usize) {
        let at = format!("{}/type", schema_path(location));
        for e in self.errors.iter_mut().skip(before) {
            if e.location == at {
                if let Some((got, want)) = e.message.split_once(", want ") {
                    e.message = format!("{got}, want null or {want}");
                }
            }
        }
    }

    /// Checks an integer value against an inclusive range; `max` of `i64::MAX` is a schema
    /// without a `maximum`.
    pub fn check_int(&mut self, location: &str, v: &Value, min: i64, max: i64) -> Option<i64> {
        self.check_int_to(location, v, min, Bound::of(max))
    }

    fn check_int_to(&mut self, location: &str, v: &Value, min: i64, max: Bound) -> Option<i64> {
        let Some(n) = v.as_i64() else {
            // Past `i64` or written as a float: JSON Schema compares the number exactly, and a
            // whole one that passes is refused by Go's decoder for an int field (strconv.ParseInt
            // of `5.0` or of 2^63), "not valid JSON".
            let whole = v.as_u64().is_some() || v.as_f64().is_some_and(|f| f.fract() == 0.0);
            let f = v.as_f64().unwrap_or(0.0);
            let over = match max {
                Bound::At(m) => f > m as f64,
                Bound::None => false,
                Bound::Int64 => v
                    .as_u64()
                    .map_or(f > BUNDLED_INT64_MAX as f64, |u| u > BUNDLED_INT64_MAX),
            };
            let under = min != i64::MIN && f < min as f64;
            // The validator compares and prints the number as an exact rational, which has no
            // -0 (`-0.0` is `got 0`) and no `.0` (`-5.0` is `got -5`).
            let got = match v {
                Value::Number(n) if n.is_f64() => go_float(f + 0.0),
                other => other.to_string(),
            };
            match () {
                _ if !whole => self.keyword(
                    location,
                    "type",
                    format!("got {}, want integer", type_name(v)),
                ),
                _ if over => self.keyword(
                    location,
                    "maximum",
                    format!("maximum: got {got}, want {}", max.text()),
                ),
                _ if under => self.keyword(
                    location,
                    "minimum",
                    format!("minimum: got {got}, want {min}"),
                ),
                _ => self.unbindable = true,
            }
            return None;
        };
        if n < min
            && self.schema(
                location,
                "minimum",
                v,
                format!("minimum: got {n}, want {min}"),
            )
        {
            return None;
        }
        if let Bound::At(m) = max {
            if n > m
                && self.schema(
                    location,
                    "maximum",
                    v,
                    format!("maximum: got {n}, want {m}"),
                )
            {
                return None;
            }
        }
        Some(n)
    }

    /// An integer member whose schema's `maximum` is `i64::MAX`, which the bundled spec writes
    /// as `9223372036854776000` (the float its bundler printed): checked against that number,
    /// as upstream's validator reads it.
    pub fn int64(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        req: bool,
        min: i64,
    ) -> Option<i64> {
        self.required(o, base, name, req);
        let v = o.get(name)?;
        self.check_int_to(&loc(base, name), v, min, Bound::Int64)
    }

    /// [`Checker::int64`] of a member that may be `null`.
    pub fn nullable_int64(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        min: i64,
    ) -> Tri<i64> {
        self.nullable_int_to(o, base, name, min, Bound::Int64)
    }

    /// An integer member.
    pub fn int(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        req: bool,
        min: i64,
        max: i64,
    ) -> Option<i64> {
        self.required(o, base, name, req);
        let v = o.get(name)?;
        self.check_int(&loc(base, name), v, min, max)
    }

    /// An integer member that may be `null`.
    pub fn nullable_int(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        min: i64,
        max: i64,
    ) -> Tri<i64> {
        self.nullable_int_to(o, base, name, min, Bound::of(max))
    }

    fn nullable_int_to(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        min: i64,
        max: Bound,
    ) -> Tri<i64> {
        match o.get(name) {
            None => Tri::Absent,
            Some(Value::Null) => Tri::Null,
            Some(v) => {
                let (location, before) = (loc(base, name), self.errors.len());
                let checked = self.check_int_to(&location, v, min, max);
                self.nullable_type(&location, before);
                match checked {
                    Some(n) => Tri::Value(n),
                    None => Tri::Absent,
                }
            }
        }
    }

    /// A boolean member.
    pub fn boolean(&mut self, o: &Map<String, Value>, base: &str, name: &str) -> Option<bool> {
        let v = o.get(name)?;
        match v {
            Value::Bool(b) => Some(*b),
            other => {
                self.keyword(
                    &loc(base, name),
                    "type",
                    format!("got {}, want boolean", type_name(other)),
                );
                None
            }
        }
    }

    /// Checks a free-form object with at most `max_props` members.
    pub fn check_object(
        &mut self,
        location: &str,
        v: &Value,
        max_props: usize,
    ) -> Option<Map<String, Value>> {
        match v {
            Value::Object(m) if m.len() > max_props => {
                let message = format!("maxProperties: got {}, want {max_props}", m.len());
                (!self.schema(location, "maxProperties", v, message)).then(|| m.clone())
            }
            Value::Object(m) => Some(m.clone()),
            other => {
                self.keyword(
                    location,
                    "type",
                    format!("got {}, want object", type_name(other)),
                );
                None
            }
        }
    }

    /// A free-form object member (`meta`).
    pub fn object(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        max_props: usize,
    ) -> Option<Map<String, Value>> {
        let v = o.get(name)?;
        self.check_object(&loc(base, name), v, max_props)
    }

    /// A `meta` member: an object of at most [`MAX_META_PROPERTIES`] members, its numbers as
    /// upstream holds them ([`go_decoded`]).
    pub fn meta(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
    ) -> Option<Map<String, Value>> {
        self.object(o, base, name, MAX_META_PROPERTIES)
            .map(go_decoded_map)
    }

    /// A `meta` member that may be `null` (update semantics).
    pub fn nullable_meta(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
    ) -> Tri<Map<String, Value>> {
        match self.nullable_object(o, base, name, MAX_META_PROPERTIES) {
            Tri::Value(m) => Tri::Value(go_decoded_map(m)),
            other => other,
        }
    }

    /// A free-form object member that may be `null`.
    pub fn nullable_object(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        max_props: usize,
    ) -> Tri<Map<String, Value>> {
        match o.get(name) {
            None => Tri::Absent,
            Some(Value::Null) => Tri::Null,
            Some(v) => {
                let (location, before) = (loc(base, name), self.errors.len());
                let checked = self.check_object(&location, v, max_props);
                self.nullable_type(&location, before);
                match checked {
                    Some(m) => Tri::Value(m),
                    None => Tri::Absent,
                }
            }
        }
    }

    /// Checks an array value's length and returns its items.
    pub fn check_array<'v>(
        &mut self,
        location: &str,
        v: &'v Value,
        min: usize,
        max: usize,
    ) -> Option<&'v Vec<Value>> {
        let Value::Array(items) = v else {
            self.keyword(
                location,
                "type",
                format!("got {}, want array", type_name(v)),
            );
            return None;
        };
        // A count out of range is recorded and the items are still checked, as upstream's
        // validator lists `minItems`/`maxItems` and then the items' own failures.
        if items.len() < min {
            self.schema(
                location,
                "minItems",
                v,
                format!("minItems: got {}, want {min}", items.len()),
            );
        }
        if items.len() > max {
            self.schema(
                location,
                "maxItems",
                v,
                format!("maxItems: got {}, want {max}", items.len()),
            );
        }
        Some(items)
    }

    /// An array-of-strings member.
    #[allow(clippy::too_many_arguments)]
    pub fn strings(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
        req: bool,
        min: usize,
        max: usize,
        item: Str,
    ) -> Option<Vec<String>> {
        self.required(o, base, name, req);
        let v = o.get(name)?;
        let location = loc(base, name);
        let items = self.check_array(&location, v, min, max)?;
        let before = self.errors.len();
        let out: Vec<String> = items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| self.check_str(&format!("{location}[{i}]"), it, item))
            .collect();
        (self.errors.len() == before).then_some(out)
    }

    /// A `RatelimitRequest[]` member (at most 50), its items as given: a name given twice is
    /// the operation's to store ([`crate::limit_rows`]) or refuse ([`first_duplicate`]).
    pub fn ratelimits(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
    ) -> Option<Vec<RatelimitInput>> {
        let v = o.get(name)?;
        let location = loc(base, name);
        let items = self.check_array(&location, v, 0, 50)?;
        let before = self.errors.len();
        let mut out: Vec<RatelimitInput> = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let l = format!("{location}[{i}]");
            let Some(m) = self.check_object(&l, it, usize::MAX) else {
                continue;
            };
            let name = self.string(&m, &l, "name", true, Str::len(3, 128));
            let limit = self.int(&m, &l, "limit", true, 1, i64::MAX);
            let duration = self.int(&m, &l, "duration", true, 1000, i64::MAX);
            self.required(&m, &l, "autoApply", true);
            let auto_apply = self.boolean(&m, &l, "autoApply");
            if let (Some(name), Some(limit), Some(duration)) = (name, limit, duration) {
                out.push(RatelimitInput {
                    name,
                    limit,
                    duration,
                    auto_apply: auto_apply.unwrap_or(false),
                });
            }
        }
        (self.errors.len() == before).then_some(out)
    }

    /// A refill rule at `location`.
    pub fn check_refill(&mut self, location: &str, v: &Value) -> Option<RefillInput> {
        let m = self.check_object(location, v, usize::MAX)?;
        self.only(&m, location, &["interval", "amount", "refillDay"]);
        let interval = self.string(&m, location, "interval", true, ANY);
        let amount = self.int64(&m, location, "amount", true, 1);
        // A day of 0 passes only where a decoded body's handler reads it as Go's zero value,
        // none (`takes_stored_values`).
        let refill_day = self
            .int(&m, location, "refillDay", false, 1, 31)
            .filter(|d| *d != 0);
        let interval = interval?;
        if interval != "daily"
            && interval != "monthly"
            && self.schema(
                &format!("{location}.interval"),
                "enum",
                &Value::String(interval.clone()),
                "value must be one of 'daily', 'monthly'",
            )
        {
            return None;
        }
        // Any interval but `monthly` that passes (a decoded body's) is upstream's `daily`.
        let interval = if interval == "monthly" {
            interval
        } else {
            "daily".to_string()
        };
        // `refillDay` with the interval is checked by the operations after authorization, as
        // upstream's handlers do (see `RefillInput::rule_error`).
        Some(RefillInput {
            interval,
            amount: amount?,
            refill_day,
        })
    }

    /// A `KeyCreditsData` member (create and migrate).
    pub fn credits(
        &mut self,
        o: &Map<String, Value>,
        base: &str,
        name: &str,
    ) -> Option<CreditsInput> {
        let v = o.get(name)?;
        let l = loc(base, name);
        let m = self.check_object(&l, v, usize::MAX)?;
        self.only(&m, &l, &["remaining", "refill"]);
        self.required(&m, &l, "remaining", true);
        let remaining = self.nullable_int64(&m, &l, "remaining", 0);
        let refill = match m.get("refill") {
            None => None,
            Some(r) => Some(self.check_refill(&format!("{l}.refill"), r)?),
        };
        Some(CreditsInput {
            remaining: match remaining {
                Tri::Value(n) => Some(n),
                _ => None,
            },
            refill,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humanized_sizes() {
        assert_eq!(humanize_bytes(5), "5 B");
        assert_eq!(humanize_bytes(1024 * 1024), "1.0 MB");
        assert_eq!(humanize_bytes(16_000), "16 kB");
        assert_eq!(humanize_bytes(1_572_864), "1.6 MB");
    }
    use serde_json::json;

    #[test]
    fn collects_every_failure() {
        let body = json!({"keyId": "x", "extra": 1, "permanent": "yes"});
        let mut c = Checker::new();
        let o = c.root(&body).unwrap();
        c.string(o, "body", "keyId", true, KEY_ID);
        c.boolean(o, "body", "permanent");
        c.only(o, "body", &["keyId", "permanent"]);
        let err = c.finish().unwrap_err();
        let locs: Vec<_> = err.errors.iter().map(|e| e.location.as_str()).collect();
        // JSON Schema keyword locations with the validator's messages, as upstream answers.
        assert_eq!(
            locs,
            [
                "/properties/keyId/minLength",
                "/properties/permanent/type",
                "/additionalProperties"
            ]
        );
        let msgs: Vec<_> = err.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "minLength: got 1, want 3",
                "got string, want boolean",
                "additional properties 'extra' not allowed"
            ]
        );
        assert_eq!(err.status, 400);
    }

    #[test]
    fn schema_paths_and_messages() {
        assert_eq!(schema_path("body"), "");
        assert_eq!(
            schema_path("body.credits.refill.amount"),
            "/properties/credits/properties/refill/properties/amount"
        );
        assert_eq!(
            schema_path("body.keys[12].meta"),
            "/properties/keys/items/properties/meta"
        );
        assert_eq!(
            schema_path("body[0].namespace"),
            "/items/properties/namespace"
        );
        assert_eq!(quoted("it's \"x\""), r#"'it\'s "x"'"#);
        // Missing members of one object make one error.
        let body = json!({});
        let mut c = Checker::new();
        let o = c.root(&body).unwrap();
        c.string(o, "body", "migrationId", true, ANY);
        c.string(o, "body", "apiId", true, ANY);
        let err = c.finish().unwrap_err();
        assert_eq!(err.errors.len(), 1);
        assert_eq!(err.errors[0].location, "/required");
        assert_eq!(
            err.errors[0].message,
            "missing properties 'migrationId', 'apiId'"
        );
        let mut c = Checker::new();
        c.check_str("body.slug", &json!("a b"), SLUG);
        let err = c.finish().unwrap_err();
        assert_eq!(
            err.errors[0].message,
            r"'a b' does not match pattern '^[a-zA-Z0-9_:\\-\\.\\*]+$'"
        );
    }

    /// A `meta` whose JSON depth is exactly `depth` (MySQL counting).
    fn nested(depth: usize) -> Value {
        let mut v = json!(1);
        for _ in 1..depth {
            v = json!({ "a": v });
        }
        v
    }

    #[test]
    fn meta_depth_counts_like_mysql() {
        assert!(!deeper_than(&json!(1), 1));
        assert!(!deeper_than(&json!({}), 1));
        assert!(!deeper_than(&json!([]), 1));
        assert!(deeper_than(&json!({"a": 1}), 1));
        assert!(!deeper_than(&json!({"a": 1}), 2));
        assert!(!deeper_than(&json!([[1], {"b": [2]}]), 4));
        assert!(deeper_than(&json!([[1], {"b": [2]}]), 3));
        let at = |depth: usize| nested(depth).as_object().cloned().unwrap_or_default();
        assert!(!identity_meta_too_deep(&at(MAX_IDENTITY_META_DEPTH)));
        assert!(identity_meta_too_deep(&at(MAX_IDENTITY_META_DEPTH + 1)));
        assert!(!identity_meta_too_deep(&Map::new()));
        // The checker takes any depth (a key's meta is MySQL `text`).
        let body = json!({"meta": nested(MAX_IDENTITY_META_DEPTH + 1)});
        let mut c = Checker::new();
        assert!(c.meta(body.as_object().unwrap(), "body", "meta").is_some());
        assert!(c.finish().is_ok());
    }

    /// Go's float64 text, encoding/json encode.go `floatEncoder` (go1.25): `'f'` with the
    /// shortest digits for 1e-6 <= |f| < 1e21 and 0, else `'e'` with `e-07` cleaned to `e-7`.
    #[test]
    fn go_float_writes_as_encoding_json() {
        for (f, text) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (100.0, "100"),
            (0.5, "0.5"),
            (0.1 + 0.2, "0.30000000000000004"),
            (0.000001, "0.000001"),
            (-0.000001, "-0.000001"),
            (9.99e-7, "9.99e-7"),
            (1e-7, "1e-7"),
            (1.5e-10, "1.5e-10"),
            (5e-324, "5e-324"),
            (9007199254740993.0, "9007199254740992"),
            (12345678901234567890.0, "12345678901234567000"),
            (18446744073709551615.0, "18446744073709552000"),
            (1e20, "100000000000000000000"),
            (999999999999999900000.0, "999999999999999900000"),
            (1e21, "1e+21"),
            (-1e21, "-1e+21"),
            (1.5e300, "1.5e+300"),
            (f64::MAX, "1.7976931348623157e+308"),
        ] {
            assert_eq!(go_float(f), text, "{f:e}");
        }
    }

    /// Numbers of a `meta` as upstream holds them after `json.Unmarshal` into `any`.
    #[test]
    fn go_decoded_numbers() {
        let v: Value = serde_json::from_str(
            r#"{"n":9007199254740993,"b":12345678901234567890,"f":1.0,"c":1e2,"z":0.0,"m":-0.0,
            "e":100000000000000000000,"s":0.000001,"t":1e-7,"u":1e21,"x":18446744073709551615,
            "y":-9223372036854775807,"a":[1.50,{"d":2.0}],"k":"1.0"}"#,
        )
        .unwrap();
        let v = go_decoded(v);
        assert!(v["n"].is_u64() || v["n"].is_i64());
        assert_eq!(v["n"], json!(9007199254740992_u64));
        assert_eq!(v["b"], json!(12345678901234567000_u64));
        assert_eq!(v["f"], json!(1));
        assert_eq!(v["c"], json!(100));
        assert_eq!(v["z"], json!(0));
        assert!(v["m"]
            .as_f64()
            .is_some_and(|m| m == 0.0 && m.is_sign_negative()));
        assert_eq!(v["x"], json!(18446744073709551616.0));
        // (Go's shortest text of -2^63 is -9223372036854776000, past i64: held as the float.)
        assert_eq!(v["y"], json!(-9223372036854775808.0));
        assert_eq!(v["a"], json!([1.5, {"d": 2}]));
        assert_eq!(v["k"], json!("1.0"));
        assert_eq!(
            String::from_utf8(go_marshal(&v)).unwrap(),
            r#"{"a":[1.5,{"d":2}],"b":12345678901234567000,"c":100,"e":100000000000000000000,"f":1,"k":"1.0","m":-0,"n":9007199254740992,"s":0.000001,"t":1e-7,"u":1e+21,"x":18446744073709552000,"y":-9223372036854776000,"z":0}"#
        );
    }

    /// Go's string escapes (encode.go `appendString`, `escapeHTML` on for `json.Marshal`):
    /// `<`, `>`, `&`, U+2028, U+2029 as six bytes; `"`, `\`, controls as serde_json writes them.
    #[test]
    fn go_marshal_escapes_as_encoding_json() {
        let v = json!({"a": "<b>&\u{2028}\u{2029}\"\\\n\u{1}\u{8}\u{c}é\u{7f}"});
        assert_eq!(
            String::from_utf8(go_marshal(&v)).unwrap(),
            "{\"a\":\"\\u003cb\\u003e\\u0026\\u2028\\u2029\\\"\\\\\\n\\u0001\\b\\fé\u{7f}\"}"
        );
        // meta_size counts those bytes: `{"a":""}` is 8, each `<` 6.
        let big = json!({"a": "<".repeat(174_761)});
        let m = big.as_object().unwrap();
        assert_eq!(go_marshal(m).len(), 8 + 6 * 174_761);
        assert!(meta_size(m).is_ok());
        let big = json!({"a": "<".repeat(174_762)});
        let e = meta_size(big.as_object().unwrap()).unwrap_err();
        assert_eq!(
            e.detail,
            "Metadata is too large: it must be at most 1.0 MB, but is 1.0 MB."
        );
        // A key's 65,535 bytes: 10,921 `<` are 65,534, 10,922 are 65,540.
        let fits = json!({"a": "<".repeat(10_921)});
        assert!(!key_meta_too_long(fits.as_object().unwrap()));
        let long = json!({"a": "<".repeat(10_922)});
        assert!(key_meta_too_long(long.as_object().unwrap()));
    }

    /// Go's decoder nests up to 10,000 arrays and objects (scan.go `maxNestingDepth`); brackets
    /// inside strings do not count.
    #[test]
    fn go_unmarshal_nests_as_deep_as_go() {
        let text = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let deep = std::thread::Builder::new()
            .stack_size(STACK_BYTES)
            .spawn(move || {
                let ok = go_unmarshal::<Value>(text(MAX_JSON_NESTING).as_bytes()).is_ok();
                let err = go_unmarshal::<Value>(text(MAX_JSON_NESTING + 1).as_bytes()).err();
                (ok, err)
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(deep, (true, Some("exceeded max depth".to_string())));
        let quoted = format!(r#"{{"a":"{}\"\\","b":[1]}}"#, "[{".repeat(MAX_JSON_NESTING));
        let v = go_unmarshal::<Value>(quoted.as_bytes()).unwrap();
        assert_eq!(v["b"], json!([1]));
        assert!(go_unmarshal::<Value>(b"[1] x").is_err());
        assert_eq!(
            go_unmarshal::<Value>(b"0.38276699244722956").unwrap(),
            json!(0.38276699244722956)
        );
    }

    #[test]
    fn patterns_and_ranges() {
        let mut c = Checker::new();
        assert!(c.check_str("a", &json!("ab c"), KEY_ID).is_none());
        assert!(c.check_str("a", &json!("a.b*:c-d"), SLUG).is_some());
        assert!(c.check_int("n", &json!(1.5), 0, 10).is_none());
        assert!(c.check_int("n", &json!(11), 0, 10).is_none());
        assert_eq!(c.check_int("n", &json!(10), 0, 10), Some(10));
    }
}
