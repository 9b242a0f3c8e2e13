//! The functions the translation registers in SQLite: ClickHouse's array, aggregate,
//! window and conversion functions.

use super::*;

/// What `ch_modulo` refuses: an integer's remainder by the least `Int64`, which ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree is "Division by the most negative number" (ILLEGAL_DIVISION)
/// of an `Int64`, `0` of an `Int32` and the dividend of a `UInt64`: not run.
pub(super) const MODULO_LEAST: &str = "ch_modulo: the least Int64";
/// What `ch_modulo` refuses of a dividend [`Ty::unsigned_by_signed`] tells (its third
/// argument's bit 8): a negative divisor, which ClickHouse reads in an unsigned type; and of
/// one [`Ty::signed_by_wide_unsigned`] tells (bit 16), a negative dividend.
pub(super) const MODULO_UNSIGNED: &str = "ch_modulo: an unsigned dividend";
/// What is refused where [`MODULO_UNSIGNED`] is raised.
pub(super) const MODULO_UNSIGNED_NOT_RUN: &str =
    "the remainder of a UInt32, a UInt64 or a DateTime by a negative integer, or of a negative integer by a UInt32 or a UInt64";

/// The elements of a JSON array held as text (the `tags` column, an array literal).
pub(super) fn json_items(text: &str) -> Vec<Value> {
    match serde_json::from_str(text.strip_prefix(ARRAY_MARK).unwrap_or(text)) {
        Ok(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// A SQLite value as the JSON value an array element is compared with.
pub(super) fn sqlite_json(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Integer(n) => json!(n),
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Null | ValueRef::Blob(_) => Value::Null,
    }
}

/// SQLite's subtype of a JSON text (its json.c `JSON_SUBTYPE`, `'J'`), which its JSON functions
/// take as JSON, not as a string.
const JSON_SUBTYPE: std::ffi::c_uint = 74;

/// The `i`th argument as the JSON text of an array element where SQLite's JSON functions
/// would lose some of it: a finite real with every digit it needs (SQLite writes 15
/// significant digits, which cut a `DateTime64(6)`'s µs held in ms, see [`micros`]), a text of
/// JSON's subtype as it is; `None` for any other value, which SQLite writes as it is.
fn json_element(ctx: &rusqlite::functions::Context<'_>, i: usize) -> Option<String> {
    match raw(ctx, i) {
        rusqlite::types::ValueRef::Real(f) => {
            serde_json::Number::from_f64(f).map(|n| n.to_string())
        }
        rusqlite::types::ValueRef::Text(t) if ctx.get_subtype(i) == JSON_SUBTYPE => {
            Some(String::from_utf8_lossy(t).into_owned())
        }
        _ => None,
    }
}

/// How `ch_divide`/`ch_modulo` read a quotient or remainder that may not be finite (their
/// third argument; without it, [`NanRead::Answered`]), see [`Tr::nan_read`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NanRead {
    /// It reaches only the answer, where upstream's executor makes a `nan` and an `inf` `null`
    /// (executor.go, `nullifyNonFinite`), as a NULL is answered.
    Answered = 0,
    /// Read otherwise: a `nan` is refused.
    Refused = 1,
    /// Read by arithmetic or a sum, where an `inf` may make a `nan` (`inf - inf`): any
    /// non-finite value is refused.
    NonFinite = 2,
}

impl NanRead {
    /// The text closing a `ch_divide(`/`ch_modulo(` that reads so.
    pub(super) fn close(self) -> &'static str {
        match self {
            NanRead::Answered => ")",
            NanRead::Refused => ", 1)",
            NanRead::NonFinite => ", 2)",
        }
    }

    /// The closing `close` (one of these) that also refuses a negative divisor of
    /// `ch_modulo` ([`MODULO_UNSIGNED`]).
    pub(super) fn unsigned_dividend(close: &'static str) -> &'static str {
        match close {
            ", 1)" => ", 9)",
            ", 2)" => ", 10)",
            ", 4)" => ", 12)",
            ", 5)" => ", 13)",
            ", 6)" => ", 14)",
            _ => ", 8)",
        }
    }

    /// The closing `close` (one of these) that also refuses a negative dividend of
    /// `ch_modulo` ([`MODULO_UNSIGNED`]).
    pub(super) fn wide_unsigned_divisor(close: &'static str) -> &'static str {
        match close {
            ", 1)" => ", 17)",
            ", 2)" => ", 18)",
            ", 4)" => ", 20)",
            ", 5)" => ", 21)",
            ", 6)" => ", 22)",
            _ => ", 16)",
        }
    }

    /// The same of a division whose dividend is a product of integers: a float there (SQLite's
    /// past 64 bits) is refused too ([`INEXACT_INTEGER`]).
    pub(super) fn close_of_product(self) -> &'static str {
        match self {
            NanRead::Answered => ", 4)",
            NanRead::Refused => ", 5)",
            NanRead::NonFinite => ", 6)",
        }
    }
}

/// What a float `nan` read where a NULL cannot stand for it raises (see [`Tr::nan_read`]).
pub(super) const NAN_READ: &str = "ch_nan_read";
/// What `toFloat64` of a string reading as a float that is not finite raises.
pub(super) const FLOAT_TEXT: &str = "ch_float_text_not_finite";
/// What is refused where [`NAN_READ`] is raised.
pub(super) const NAN_NOT_RUN: &str = "a float nan (0 / 0, a float's % 0, avg or quantile over no rows; an inf where arithmetic or a sum reads it) read other than as an answered column, as SQLite holds no NaN";

/// The quotient or remainder `q` of `ch_divide`/`ch_modulo` (`None` of a NULL operand; a
/// `nan`, which SQLite holds as NULL, too), read as their argument `at` says, if they have it
/// ([`NanRead`]): a `nan` refused, or any non-finite `q`.
fn non_finite_read(
    ctx: &rusqlite::functions::Context<'_>,
    at: usize,
    q: Option<f64>,
) -> rusqlite::Result<Option<f64>> {
    let mode = match (ctx.len() > at).then(|| raw(ctx, at)) {
        Some(rusqlite::types::ValueRef::Integer(m)) => m,
        _ => 0,
    };
    // (A dividend that is a product of integers, held as a float: past 64 bits.)
    if mode & 4 != 0 && matches!(raw(ctx, 0), rusqlite::types::ValueRef::Real(_)) {
        return Err(rusqlite::Error::UserFunctionError(
            "integer overflow".into(),
        ));
    }
    let refused = match mode & 3 {
        m if m == NanRead::NonFinite as i64 => q.is_some_and(|q| !q.is_finite()),
        m if m == NanRead::Refused as i64 => q.is_some_and(f64::is_nan),
        _ => false,
    };
    match refused {
        true => Err(rusqlite::Error::UserFunctionError(NAN_READ.into())),
        false => Ok(q),
    }
}

/// `toString` of a value as ClickHouse writes it: a number as it is (a whole float without a
/// fraction: `2`, not SQLite's `2.0`; from 1e21 or below 1e-6 with an exponent, `1e-7`, as
/// [`float_name`]; `nan`, `inf`), a text as it is.
pub(super) fn value_text(v: rusqlite::types::ValueRef<'_>) -> Option<String> {
    use rusqlite::types::ValueRef;
    Some(match v {
        ValueRef::Null => return None,
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(f) if f == 0.0 && f.is_sign_negative() => "-0".into(),
        ValueRef::Real(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 => {
            format!("{}", f as i64)
        }
        ValueRef::Real(f) if f.is_nan() => "nan".into(),
        ValueRef::Real(f) if f.is_infinite() => if f > 0.0 { "inf" } else { "-inf" }.into(),
        ValueRef::Real(f) => {
            let text = float_name(f.abs())?;
            let text = text.strip_suffix('.').unwrap_or(&text);
            if f < 0.0 {
                format!("-{text}")
            } else {
                text.to_string()
            }
        }
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    })
}

/// A value of the type named `t` (`Tr::text_type`) as ClickHouse writes it as text: a time
/// ([`time_text`]), a `Bool` (`true`/`false`), a `Decimal` of seconds ([`decimal_text`]), an
/// array ([`array_text`]) or, unnamed, what
/// SQLite holds ([`value_text`]); `None` for `NULL`.
pub(super) fn typed_text(t: &str, v: rusqlite::types::ValueRef<'_>) -> Option<String> {
    use rusqlite::types::ValueRef;
    if matches!(v, ValueRef::Null) {
        return None;
    }
    let digits = match t {
        "Date" => Some(-1),
        "DateTime" => Some(0),
        _ => t
            .strip_prefix("DateTime64(")
            .and_then(|p| p.strip_suffix(')'))
            .and_then(|p| p.parse().ok()),
    };
    if let Some(digits) = digits {
        return micros(v).map(|us| time_text(digits, us));
    }
    if let Some(element) = t.strip_prefix("Array(").and_then(|e| e.strip_suffix(')')) {
        let json = match v {
            ValueRef::Text(j) | ValueRef::Blob(j) => String::from_utf8_lossy(j).into_owned(),
            _ => return None,
        };
        return Some(array_text(&json_items(&json), element));
    }
    match (t, v) {
        ("Bool", ValueRef::Integer(n)) => Some(if n != 0 { "true" } else { "false" }.into()),
        // (A `-0.0`, `-d` of a zero, is the decimal `0`.)
        ("Decimal", ValueRef::Real(f)) => decimal_text(f).or_else(|| value_text(v)),
        _ => value_text(v),
    }
}

/// `toString` of a time in Unix µs: `YYYY-MM-DD` (`digits` -1, a `Date`), `YYYY-MM-DD
/// hh:mm:ss` (0, a `DateTime`), with a fraction of that many digits (a `DateTime64`'s scale;
/// beyond µs, zeros).
pub(super) fn time_text(digits: i64, us: i64) -> String {
    let t = us.div_euclid(1000);
    let day = ymd(t);
    let secs = t.div_euclid(1000).rem_euclid(86_400);
    let clock = format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    );
    match usize::try_from(digits) {
        Err(_) => day,
        Ok(0) => format!("{day} {clock}"),
        Ok(n) => {
            let frac = format!("{:06}000", us.rem_euclid(1_000_000));
            format!("{day} {clock}.{}", frac.get(..n).unwrap_or(&frac))
        }
    }
}

/// `toString` of an array as ClickHouse writes it (SerializationArray's text: `[`, the
/// elements `,`-joined, `]`), each element in its quoted text: a string in single quotes with
/// `\b`, `\f`, `\n`, `\r`, `\t`, `\0`, `\\` and `'` escaped by a backslash
/// (WriteHelpers' writeAnyEscapedString), a time quoted as `toString` writes it, a `Bool`
/// `true`/`false`, a number as `toString` writes it, `NULL`, an array the same. `element` is
/// the innermost elements' type (see `ch_array_text`).
pub(super) fn array_text(items: &[Value], element: &str) -> String {
    let digits = match element {
        "Date" => Some(-1),
        "DateTime" => Some(0),
        _ => element
            .strip_prefix("DateTime64(")
            .and_then(|p| p.strip_suffix(')'))
            .and_then(|p| p.parse().ok()),
    };
    let one = |v: &Value| -> String {
        let number = |v: &Value| match (v.as_i64(), v.as_f64()) {
            (Some(n), _) => rusqlite::types::Value::Integer(n),
            (None, Some(f)) => rusqlite::types::Value::Real(f),
            _ => rusqlite::types::Value::Null,
        };
        match v {
            Value::Null => "NULL".into(),
            Value::Array(inner) => array_text(inner, element),
            Value::Bool(b) => b.to_string(),
            Value::Number(_) if element == "Bool" => {
                (v.as_f64().unwrap_or_default() != 0.0).to_string()
            }
            Value::Number(_) => {
                let n = number(v);
                match (digits, micros((&n).into())) {
                    (Some(digits), Some(us)) => format!("'{}'", time_text(digits, us)),
                    _ => value_text((&n).into()).unwrap_or_default(),
                }
            }
            Value::String(t) => {
                let mut quoted = String::with_capacity(t.len() + 2);
                quoted.push('\'');
                for c in t.chars() {
                    match c {
                        '\u{8}' => quoted.push_str("\\b"),
                        '\u{c}' => quoted.push_str("\\f"),
                        '\n' => quoted.push_str("\\n"),
                        '\r' => quoted.push_str("\\r"),
                        '\t' => quoted.push_str("\\t"),
                        '\0' => quoted.push_str("\\0"),
                        '\\' | '\'' => {
                            quoted.push('\\');
                            quoted.push(c);
                        }
                        c => quoted.push(c),
                    }
                }
                quoted.push('\'');
                quoted
            }
            Value::Object(_) => v.to_string(),
        }
    };
    let items: Vec<String> = items.iter().map(one).collect();
    format!("[{}]", items.join(","))
}

/// ClickHouse's `has(array, x)`, `hasAny(array, array)` and `hasAll(array, array)` over arrays
/// held as JSON text, as SQLite functions `ch_has`, `ch_hasany`, `ch_hasall`.
pub(super) fn register_array_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let text = |ctx: &rusqlite::functions::Context<'_>, i: usize| -> String {
        match raw(ctx, i) {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
            _ => String::new(),
        }
    };
    // Arrays built with a real's every digit (see [`json_element`]).
    let subtypes = flags | FunctionFlags::SQLITE_SUBTYPE | FunctionFlags::SQLITE_RESULT_SUBTYPE;
    conn.create_scalar_function("ch_json_value", 1, subtypes, move |ctx| {
        Ok(match json_element(ctx, 0) {
            Some(json) => (rusqlite::types::Value::Text(json), Some(JSON_SUBTYPE)),
            None => (raw(ctx, 0).into(), None),
        })
    })?;
    conn.create_scalar_function("ch_json_array", -1, subtypes, move |ctx| {
        let items: Vec<String> = (0..ctx.len())
            .map(|i| match (json_element(ctx, i), raw(ctx, i)) {
                (Some(json), _) => json,
                (None, rusqlite::types::ValueRef::Real(f)) if f.is_nan() => "null".into(),
                (None, rusqlite::types::ValueRef::Real(f)) if f > 0.0 => "9e999".into(),
                (None, rusqlite::types::ValueRef::Real(_)) => "-9e999".into(),
                (None, v) => sqlite_json(v).to_string(),
            })
            .collect();
        Ok((format!("[{}]", items.join(",")), Some(JSON_SUBTYPE)))
    })?;
    // A float literal as its nearest double (see [`sqlite_reads_exactly`]).
    conn.create_scalar_function("ch_float", 1, flags, move |ctx| {
        Ok(text(ctx, 0).parse::<f64>().ok())
    })?;
    // (Of an array of arrays, the element sought is an array value.)
    conn.create_scalar_function("ch_has", 2, flags, move |ctx| {
        let have = json_items(&text(ctx, 0));
        let wanted = match raw(ctx, 1) {
            rusqlite::types::ValueRef::Text(_) if have.iter().any(Value::is_array) => {
                Value::Array(json_items(&text(ctx, 1)))
            }
            v => sqlite_json(v),
        };
        Ok(have.contains(&wanted))
    })?;
    conn.create_scalar_function("ch_hasany", 2, flags, move |ctx| {
        let have = json_items(&text(ctx, 0));
        Ok(json_items(&text(ctx, 1)).iter().any(|w| have.contains(w)))
    })?;
    conn.create_scalar_function("ch_hasall", 2, flags, move |ctx| {
        let have = json_items(&text(ctx, 0));
        Ok(json_items(&text(ctx, 1)).iter().all(|w| have.contains(w)))
    })?;
    let int = |ctx: &rusqlite::functions::Context<'_>, i: usize| -> Option<i64> {
        match raw(ctx, i) {
            rusqlite::types::ValueRef::Integer(n) => Some(n),
            rusqlite::types::ValueRef::Real(f) if f.is_finite() => Some(f as i64),
            _ => None,
        }
    };
    // `ch_floor_div(x, unit)`: see [`floor_div_sql`].
    conn.create_scalar_function("ch_floor_div", 2, flags, move |ctx| {
        use rusqlite::types::{Value as V, ValueRef as R};
        Ok(match (raw(ctx, 0), int(ctx, 1).filter(|u| *u > 0)) {
            (R::Integer(x), Some(u)) => V::Integer(x.div_euclid(u)),
            (R::Real(x), Some(u)) if x.is_finite() => V::Integer((x / u as f64).floor() as i64),
            _ => V::Null,
        })
    })?;
    // A time moved by ms past what SQLite's integers hold: ClickHouse wraps its own
    // arithmetic there, not followed here ([`TIME_PAST`]); any other value as it is.
    conn.create_scalar_function("ch_moved", 1, flags, move |ctx| {
        let v = raw(ctx, 0);
        if past_integers(v) {
            return Err(rusqlite::Error::UserFunctionError(TIME_PAST.into()));
        }
        Ok(rusqlite::types::Value::from(v))
    })?;
    // `ch_time_range(t, low, high)`: a time held in ms (a real for µs) from `low` up to, not
    // including, `high` as it is, else refused ([`TIME_RANGE`], see `Ty::in_range`).
    conn.create_scalar_function("ch_time_range", 3, flags, move |ctx| {
        let v = raw(ctx, 0);
        let (low, high) = (int(ctx, 1).unwrap_or(0), int(ctx, 2).unwrap_or(0));
        let inside = match v {
            rusqlite::types::ValueRef::Integer(n) => (low..high).contains(&n),
            rusqlite::types::ValueRef::Real(f) => f >= low as f64 && f < high as f64,
            _ => true,
        };
        if !inside {
            return Err(rusqlite::Error::UserFunctionError(TIME_RANGE.into()));
        }
        Ok(rusqlite::types::Value::from(v))
    })?;
    // (A count of months past SQLite's integers, or a time moved past the year 9999, which
    // ClickHouse's calendar arithmetic does not reach the same way: [`TIME_PAST`].)
    conn.create_scalar_function("ch_add_months", 2, flags, move |ctx| {
        if past_integers(raw(ctx, 0)) || past_integers(raw(ctx, 1)) {
            return Err(rusqlite::Error::UserFunctionError(TIME_PAST.into()));
        }
        match (int(ctx, 0), int(ctx, 1)) {
            (Some(t), Some(n)) => {
                let moved = add_months(t, n);
                let year = civil_from_days(moved.div_euclid(86_400_000)).0;
                if !(0..=9999).contains(&year) {
                    return Err(rusqlite::Error::UserFunctionError(TIME_PAST.into()));
                }
                Ok(Some(moved))
            }
            _ => Ok(None),
        }
    })?;
    // The variadic functions read their first argument only when there is one (a call
    // without arguments is refused, as ClickHouse refuses it).
    let no_args = || rusqlite::Error::UserFunctionError("missing argument".into());
    conn.create_scalar_function("ch_to_date", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        Ok(int(ctx, 0).map(|t| t - t.rem_euclid(86_400_000)))
    })?;
    // toDate/toDateTime/toDateTime64 of what is not a time: a number is Unix seconds (for
    // toDate, below 65,536 it is days), text a date. A number outside the type's range is
    // held at its ends, as ClickHouse's conversions do under its default
    // `date_time_overflow_behavior` ('ignore'; FunctionsConversion.cpp
    // ToDateTimeTransform64Signed: below 0 the epoch, above the `UInt32` its largest second;
    // ToDateTransform32Or64Signed: below 0 the epoch, from 65,536 a time up to
    // MAX_DATE_TIMESTAMP, 2149-06-06; ToDateTime64TransformSigned/Float: clamped to 1900-01-01
    // and 2299-12-31 23:59:59), so `toDateTime(time)` of the raw tables' ms is 2106-02-07.
    for (name, mode) in [
        ("ch_date_of", 0u8),
        ("ch_datetime_of", 1),
        ("ch_datetime64_of", 3),
    ] {
        // (The seconds a number is held at: a float cut toward zero but for `DateTime64`,
        // whose fraction is kept.)
        let (low, high): (i64, i64) = match mode {
            0 => (0, 5_662_310_399),
            1 => (0, 4_294_967_295),
            _ => (-2_208_988_800, 10_413_791_999),
        };
        conn.create_scalar_function(name, -1, flags, move |ctx| {
            if ctx.is_empty() {
                return Err(no_args());
            }
            // (In Unix µs, see [`micros`].)
            let us = match raw(ctx, 0) {
                rusqlite::types::ValueRef::Integer(n) if mode == 0 && (0..65_536).contains(&n) => {
                    n.checked_mul(86_400_000_000)
                }
                rusqlite::types::ValueRef::Integer(n) => n.clamp(low, high).checked_mul(1_000_000),
                rusqlite::types::ValueRef::Real(f) if f.is_finite() => {
                    if mode == 0 && (0.0..65_536.0).contains(&f) {
                        Some(f as i64 * 86_400_000_000)
                    } else if mode == 3 {
                        Some((f.clamp(low as f64, high as f64) * 1e6) as i64)
                    } else {
                        Some((f as i64).clamp(low, high) * 1_000_000)
                    }
                }
                // Text as the literal's conversion reads it ([`converted_time_text`]).
                rusqlite::types::ValueRef::Text(t) => {
                    let text = String::from_utf8_lossy(t);
                    let ty = match mode {
                        0 => Ty::Date,
                        1 => Ty::DateTime,
                        _ => Ty::DateTime64(6),
                    };
                    match converted_time_text(&text, ty) {
                        Ok(Some(us)) => Some(us),
                        Ok(None) => return Err(parse_error(t)),
                        Err(_) => {
                            return Err(rusqlite::Error::UserFunctionError(TEXT_NOT_RUN.into()))
                        }
                    }
                }
                _ => None,
            };
            Ok(us.map(|us| {
                from_micros(match mode {
                    0 => us - us.rem_euclid(86_400_000_000),
                    1 => us - us.rem_euclid(1_000_000),
                    _ => scale_micros(us, int(ctx, 1).or(Some(3))),
                })
            }))
        })?;
    }
    conn.create_scalar_function("ch_first", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        Ok(int(ctx, 0))
    })?;
    // toDateTime64(time, scale[, time zone]).
    conn.create_scalar_function("ch_datetime64", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        Ok(micros(raw(ctx, 0)).map(|us| from_micros(scale_micros(us, int(ctx, 1)))))
    })?;
    // `ch_zone_floor(seconds, zone, unit)`: see [`zone_floor`].
    conn.create_scalar_function("ch_zone_floor", 3, flags, move |ctx| {
        let (Some(secs), Some(unit)) = (int(ctx, 0), int(ctx, 2)) else {
            return Ok(None);
        };
        zone_floor(&text(ctx, 1), secs, unit)
            .map(Some)
            .ok_or_else(|| rusqlite::Error::UserFunctionError("time zone".into()))
    })?;
    // `ch_zone_day(d, zone)`: the `DateTime` of the zone a `Date` `d` (Unix ms of its UTC
    // midnight) converts to, its day's start there ([`zone_day_start`]), wrapped round the
    // `UInt32` as ToDateTimeImpl's `static_cast<UInt32>` of `fromDayNum` wraps it; but
    // 1970-01-01 of a zone east of UTC, whose start is before 1970, is the next day's start
    // (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `toDateTime(toDate('1970-01-01'),
    // 'Asia/Tokyo')` is 1970-01-02 00:00:00 there, and so compared with a `DateTime`).
    conn.create_scalar_function("ch_zone_day", 2, flags, move |ctx| {
        let Some(ms) = int(ctx, 0) else {
            return Ok(None);
        };
        let (zone, day) = (text(ctx, 1), ms.div_euclid(86_400_000));
        zone_day_start(&zone, day)
            .and_then(|t| match t < 0 && day == 0 {
                true => zone_day_start(&zone, 1),
                false => Some(t),
            })
            .map(|t| Some(t.rem_euclid(1 << 32) * 1000))
            .ok_or_else(|| rusqlite::Error::UserFunctionError("time zone".into()))
    })?;
    // `ch_zone_move(t, days, months, zone)`: a `DateTime` or `DateTime64` `t` (Unix ms) of the
    // zone moved by calendar days and months there ([`zone_moved`]), its ms kept; a day not
    // read there, or a time before 1970 (whose seconds 25.6 takes toward zero), is not run.
    conn.create_scalar_function("ch_zone_move", 4, flags, move |ctx| {
        let (Some(ms), Some(days), Some(months)) = (int(ctx, 0), int(ctx, 1), int(ctx, 2)) else {
            return Ok(None);
        };
        (ms >= 0)
            .then(|| zone_moved(&text(ctx, 3), ms / 1000, days, months))
            .flatten()
            .map(|t| Some(t * 1000 + ms % 1000))
            .ok_or_else(|| rusqlite::Error::UserFunctionError(ZONE_NOT_RUN.into()))
    })?;
    // `ch_in_zone(t, zone)`: the time `t` moved to the zone's wall clock ([`in_zone`]), which a
    // calendar function of UTC then reads as ClickHouse's reads the time in that zone.
    conn.create_scalar_function("ch_in_zone", 2, flags, move |ctx| {
        let Some(us) = micros(raw(ctx, 0)) else {
            return Ok(None);
        };
        in_zone(&text(ctx, 1), us)
            .map(|(us, _)| Some(from_micros(us)))
            .ok_or_else(|| rusqlite::Error::UserFunctionError("time zone".into()))
    })?;
    conn.create_scalar_function("ch_start_of_quarter", 1, flags, move |ctx| {
        Ok(int(ctx, 0).map(start_of_quarter))
    })?;
    let refuse = |what: String| rusqlite::Error::UserFunctionError(what.into());
    // date_trunc(unit, t[, of a DateTime64]): a `DateTime64` (Unix ms, a real for µs) is taken
    // to its whole seconds toward zero first, as ClickHouse's ToStartOfInterval does.
    // A last argument of text is a zone whose wall clock is truncated (see [`in_zone`]).
    conn.create_scalar_function("ch_date_trunc", -1, flags, move |ctx| {
        let unit = text(ctx, 0);
        let zone = match raw(ctx, ctx.len().saturating_sub(1)) {
            rusqlite::types::ValueRef::Text(z) if ctx.len() > 2 => {
                Some(String::from_utf8_lossy(z).into_owned())
            }
            _ => None,
        };
        // (To a unit below the second, a `DateTime64` of its scale or a coarser one is itself,
        // see `Tr::call`.)
        if zone.is_none()
            && ctx.len() == 3
            && matches!(
                unit.to_ascii_lowercase().as_str(),
                "millisecond" | "microsecond" | "nanosecond"
            )
        {
            return Ok(Some(rusqlite::types::Value::from(raw(ctx, 1))));
        }
        let of_datetime64 = ctx.len() - usize::from(zone.is_some()) != 2;
        let t = match of_datetime64 {
            false => int(ctx, 1),
            true => micros(raw(ctx, 1)).map(|us| us / 1_000_000 * 1000),
        };
        // (Of a day or shorter unit, a `DateTime` of the zone: the start of its unit there,
        // [`zone_floor`]; of a longer one, a `Date` of the zone's wall clock.)
        let t = match (&zone, unit_ms(&unit)) {
            (Some(z), Some(u)) if u <= 86_400_000 => {
                return Ok(t
                    .and_then(|t| zone_floor(z, t.div_euclid(1000), u / 1000))
                    .map(|s| rusqlite::types::Value::Integer(s * 1000)));
            }
            (Some(z), _) => {
                t.and_then(|t| in_zone(z, t.saturating_mul(1000)).map(|(us, _)| us / 1000))
            }
            (None, _) => t,
        };
        // (To the week, of a `Date` or `DateTime`, a `Date`: the Monday before 1970-01-01 is
        // 1970-01-01 there, `date_trunc('week', toDate('1970-01-02'))`; of a `DateTime64` a
        // `Date32`, 1969-12-29. ClickHouse 25.5.2 and 25.8.2 (chDB) agree.)
        let week = unit.eq_ignore_ascii_case("week") && !of_datetime64;
        match t {
            None => Ok(None),
            Some(t) => date_trunc(&unit, t)
                .map(|d| if week && t >= 0 { d.max(0) } else { d })
                .map(|t| Some(rusqlite::types::Value::Integer(t)))
                .ok_or_else(|| refuse(format!("unknown unit {unit}"))),
        }
    })?;
    conn.create_scalar_function("ch_json_extract_string", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        if any_null(ctx) {
            return Ok(None);
        }
        // (A document holding an integer past 64 bits is no document to simdjson: `''`.)
        let document = text(ctx, 0);
        let mut v = match json_wide_integer(&document) {
            true => Value::Null,
            false => serde_json::from_str::<FirstKeys>(&document).map_or(Value::Null, |v| v.0),
        };
        for i in 1..ctx.len() {
            v = match (raw(ctx, i), v) {
                (rusqlite::types::ValueRef::Text(k), Value::Object(mut m)) => m
                    .remove(String::from_utf8_lossy(k).as_ref())
                    .unwrap_or(Value::Null),
                // (An object's member by position, in the document's order, which the map
                // here does not keep.)
                (rusqlite::types::ValueRef::Integer(_), Value::Object(_)) => {
                    return Err(refuse(JSON_NOT_RUN.into()))
                }
                // 1-based; negative counts from the end, as ClickHouse.
                (rusqlite::types::ValueRef::Integer(n), Value::Array(mut items)) => {
                    let len = items.len() as i64;
                    let at = if n > 0 { n - 1 } else { len + n };
                    if (0..len).contains(&at) {
                        items.swap_remove(at as usize)
                    } else {
                        Value::Null
                    }
                }
                _ => Value::Null,
            };
        }
        // A value of another type is its text as ClickHouse writes it (chDB 3.6.0, ClickHouse
        // 25.5.2, and 3.7.2, 25.8.2, agree: `{"a": 1.0}` is `1`, `1E2` `100`, `true` `true`,
        // `null` empty): a number as `toString` writes it; an object or array minified with its
        // numbers and strings written again, not followed here.
        Ok(Some(match v {
            Value::String(s) => s,
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => i.to_string(),
                (_, Some(u), _) => u.to_string(),
                // (`-0` is `0` there and `-0.0` `-0`, which serde_json reads alike.)
                (_, _, Some(f)) if f == 0.0 && f.is_sign_negative() => {
                    return Err(refuse(JSON_NOT_RUN.into()))
                }
                (_, _, Some(f)) => value_text(rusqlite::types::ValueRef::Real(f))
                    .ok_or_else(|| refuse(JSON_NOT_RUN.into()))?,
                _ => return Err(refuse(JSON_NOT_RUN.into())),
            },
            Value::Array(_) | Value::Object(_) => return Err(refuse(JSON_NOT_RUN.into())),
        }))
    })?;
    // (Of a `DateTime64`, `%f` writes its fraction; of one of ns, `ch_format_datetime_ns`,
    // its value is ns, of which `%f` writes six digits, its µs downward.)
    for (name, fraction) in [
        ("ch_format_datetime", false),
        ("ch_format_datetime64", true),
        ("ch_format_datetime_ns", true),
    ] {
        conn.create_scalar_function(name, -1, flags, move |ctx| {
            if !(2..=3).contains(&ctx.len()) {
                return Err(refuse("wrong number of arguments".into()));
            }
            let format = text(ctx, 1);
            if format_f_unsettled(&format) {
                return Err(refuse(FORMAT_F_NOT_RUN.into()));
            }
            // (A third argument is the zone whose wall clock is written, see [`in_zone`].)
            let us = match (name, raw(ctx, 0)) {
                ("ch_format_datetime_ns", rusqlite::types::ValueRef::Integer(ns)) => {
                    Some(ns.div_euclid(1000))
                }
                ("ch_format_datetime_ns", rusqlite::types::ValueRef::Null) => None,
                ("ch_format_datetime_ns", _) => {
                    return Err(refuse("formatDateTime of ns held otherwise".into()))
                }
                (_, v) => micros(v),
            };
            let Some(us) = us else {
                return Ok(None);
            };
            let (us, offset) = match ctx.len() {
                3 => in_zone(&text(ctx, 2), us).ok_or_else(|| refuse("time zone".into()))?,
                _ => (us, 0),
            };
            format_datetime(us, &format, fraction, offset)
                .map(Some)
                .ok_or_else(|| refuse(format!("bad format {format}")))
        })?;
    }
    let real = |ctx: &rusqlite::functions::Context<'_>, i: usize| -> Option<f64> {
        match raw(ctx, i) {
            rusqlite::types::ValueRef::Integer(n) => Some(n as f64),
            rusqlite::types::ValueRef::Real(f) => Some(f),
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).trim().parse().ok(),
            _ => None,
        }
    };
    // ClickHouse's `round`, `floor`, `ceil` of `(x[, n])` (FunctionsRound.h): a float is scaled
    // by 10^n (multiplied for n >= 0, divided for n < 0), rounded (`round`'s tie to the even
    // neighbour, `round(2.5)` is 2) and scaled back; an integer is kept for n >= 0, else taken to
    // a multiple of 10^-n (`round`'s tie away from zero).
    for (name, mode) in [
        ("ch_round", Rounding::Round),
        ("ch_floor", Rounding::Floor),
        ("ch_ceil", Rounding::Ceil),
    ] {
        conn.create_scalar_function(name, -1, flags, move |ctx| {
            if !(1..=4).contains(&ctx.len()) || ctx.len() == 3 {
                return Err(refuse("wrong number of arguments".into()));
            }
            // (Of an integer of 8, 16 or 32 bits, in its type: `Tr::narrow_rounding`.)
            if let (4, rusqlite::types::ValueRef::Integer(n)) = (ctx.len(), raw(ctx, 0)) {
                let digits = int(ctx, 1).unwrap_or(0);
                let bits = u8::try_from(int(ctx, 2).unwrap_or(64)).unwrap_or(64);
                let signed = int(ctx, 3) == Some(1);
                return Ok(match narrow_rounding(mode, n, digits, bits, signed) {
                    Some(v) => rusqlite::types::Value::Integer(v),
                    None => rusqlite::types::Value::Integer(
                        mode.integer(n, i32::try_from(digits.clamp(-18, 18)).unwrap_or(0)),
                    ),
                });
            }
            let digits = if ctx.len() == 2 {
                int(ctx, 1).unwrap_or(0)
            } else {
                0
            };
            let digits = i32::try_from(digits.clamp(-18, 18)).unwrap_or(0);
            Ok(match raw(ctx, 0) {
                rusqlite::types::ValueRef::Integer(n) => {
                    rusqlite::types::Value::Integer(mode.integer(n, digits))
                }
                rusqlite::types::ValueRef::Real(f) => {
                    rusqlite::types::Value::Real(mode.float(f, digits))
                }
                rusqlite::types::ValueRef::Text(_) => match real(ctx, 0) {
                    Some(f) => rusqlite::types::Value::Real(mode.float(f, digits)),
                    None => rusqlite::types::Value::Null,
                },
                _ => rusqlite::types::Value::Null,
            })
        })?;
    }
    // `ch_concat(types, x, …)`: each value written as text by its type's writer, the
    // comma-separated `types` naming them ([`typed_text`], `Tr::text_type`).
    conn.create_scalar_function("ch_concat", -1, flags, move |ctx| {
        if any_null(ctx) {
            return Ok(None);
        }
        let types = text(ctx, 0);
        let mut types = types.split(',');
        let mut s = String::new();
        for i in 1..ctx.len() {
            let t = types.next().unwrap_or_default();
            s.push_str(&typed_text(t, raw(ctx, i)).unwrap_or_default());
        }
        Ok(Some(s))
    })?;
    conn.create_scalar_function("ch_startswith", 2, flags, move |ctx| {
        Ok((!any_null(ctx)).then(|| text(ctx, 0).starts_with(&text(ctx, 1))))
    })?;
    conn.create_scalar_function("ch_endswith", 2, flags, move |ctx| {
        Ok((!any_null(ctx)).then(|| text(ctx, 0).ends_with(&text(ctx, 1))))
    })?;
    // ClickHouse's `a / b`: a float, `±inf` by zero (`nan` for 0 / 0, which SQLite holds as
    // NULL). With a third argument ([`NanRead`]) a `nan` (or any non-finite quotient) that a
    // NULL cannot stand for is refused (see [`Tr::nan_read`]).
    for n_args in [2, 3] {
        conn.create_scalar_function("ch_divide", n_args, flags, move |ctx| {
            let float = |i: usize| match raw(ctx, i) {
                rusqlite::types::ValueRef::Integer(n) => Some(n as f64),
                rusqlite::types::ValueRef::Real(f) => Some(f),
                rusqlite::types::ValueRef::Text(t) => {
                    Some(std::str::from_utf8(t).ok()?.trim().parse().unwrap_or(0.0))
                }
                _ => None,
            };
            let q = float(0).zip(float(1)).map(|(a, b)| a / b);
            non_finite_read(ctx, 2, q)
        })?;
    }
    // (By the least `Int64` not run, see [`MODULO_LEAST`].)
    // ClickHouse's `a % b` (DivisionUtils.h's ModuloImpl): of integers the remainder with the
    // sign of `a`, by zero its "Division by zero"; of a float `a - trunc(a / b) * b` (`nan` by
    // zero, which SQLite holds as NULL; refused as `ch_divide`'s with a third argument).
    for n_args in [2, 3] {
        conn.create_scalar_function("ch_modulo", n_args, flags, move |ctx| {
            use rusqlite::types::{Value, ValueRef};
            Ok(match (raw(ctx, 0), raw(ctx, 1)) {
                (ValueRef::Integer(_), ValueRef::Integer(0)) => {
                    return Err(refuse("division by zero".into()));
                }
                (ValueRef::Integer(_), ValueRef::Integer(i64::MIN)) => {
                    return Err(refuse(MODULO_LEAST.into()));
                }
                (ValueRef::Integer(_), ValueRef::Integer(n))
                    if n < 0 && ctx.len() > 2 && int(ctx, 2).is_some_and(|m| m & 8 != 0) =>
                {
                    return Err(refuse(MODULO_UNSIGNED.into()));
                }
                (ValueRef::Integer(a), ValueRef::Integer(_))
                    if a < 0 && ctx.len() > 2 && int(ctx, 2).is_some_and(|m| m & 16 != 0) =>
                {
                    return Err(refuse(MODULO_UNSIGNED.into()));
                }
                (ValueRef::Integer(a), ValueRef::Integer(n)) => Value::Integer(a.wrapping_rem(n)),
                _ => {
                    let r = real(ctx, 0)
                        .zip(real(ctx, 1))
                        .map(|(a, n)| a - (a / n).trunc() * n);
                    non_finite_read(ctx, 2, r)?.map_or(Value::Null, Value::Real)
                }
            })
        })?;
    }
    // `avg`'s or `quantile`'s NULL over no rows (of an argument that is not `Nullable`), or a
    // float's arithmetic's (see [`Tr::exact_integers`]), where ClickHouse's is `nan` that a NULL
    // cannot stand for (see [`Tr::nan_read`]): refused.
    // An integer of ClickHouse's arithmetic (see [`Tr::exact_integers`]): SQLite's float past
    // 64 bits is refused.
    conn.create_scalar_function("ch_i64", 1, flags, move |ctx| {
        use rusqlite::types::{Value, ValueRef};
        match raw(ctx, 0) {
            ValueRef::Real(_) => Err(refuse("integer overflow".into())),
            ValueRef::Integer(n) => Ok(Value::Integer(n)),
            ValueRef::Text(t) => Ok(Value::Text(String::from_utf8_lossy(t).into_owned())),
            ValueRef::Null | ValueRef::Blob(_) => Ok(Value::Null),
        }
    })?;
    // How many rows (up to 2) a scalar subquery answers (see `Tr::scalar`): more than one is
    // ClickHouse's INCORRECT_RESULT_OF_SCALAR_SUBQUERY, upstream's "Invalid analytics query".
    conn.create_scalar_function("ch_one_row", 1, flags, move |ctx| {
        use rusqlite::types::ValueRef;
        match raw(ctx, 0) {
            ValueRef::Integer(n) if n > 1 => Err(rusqlite::Error::UserFunctionError(
                "Scalar subquery returned more than one row".into(),
            )),
            _ => Ok(rusqlite::types::Value::Null),
        }
    })?;
    // The operand of a unary minus of an integer before `*`, `/` or `%` (`Negation::Operand`):
    // the least `Int64`, which ClickHouse's `negate` wraps round to itself and SQLite's turns
    // to a float, refused as `ch_i64` refuses that float.
    conn.create_scalar_function("ch_negatable", 1, flags, move |ctx| {
        use rusqlite::types::{Value, ValueRef};
        match raw(ctx, 0) {
            ValueRef::Integer(i64::MIN) => Err(refuse("integer overflow".into())),
            v => Ok(Value::from(v)),
        }
    })?;
    // What `CASE x WHEN v …` of a float `x` looks up, for `x` and each `v` (see
    // `Tr::float_case_keys`): ClickHouse's `transform` compares a float's bits, where a negative
    // zero is no zero; it is a blob here, which only another negative zero's blob equals (no
    // number or text equals a blob in SQLite). Any other value is kept as it is.
    conn.create_scalar_function("ch_case_key", 1, flags, move |ctx| {
        use rusqlite::types::{Value, ValueRef};
        Ok(match raw(ctx, 0) {
            ValueRef::Real(f) if f == 0.0 && f.is_sign_negative() => Value::Blob(b"-0".to_vec()),
            v => Value::from(v),
        })
    })?;
    // `toIntervalMicrosecond(n)` or `toIntervalNanosecond(n)` (`per_ms` of them a ms) moving a
    // time, as the ms times are held here: whole ms an integer, µs a real's fraction (ClickHouse
    // answers a `DateTime64(6)` or `(9)` then); a fraction of a µs is not held, so refused.
    conn.create_scalar_function("ch_interval_ms", 2, flags, move |ctx| {
        use rusqlite::types::{Value, ValueRef};
        let per_ms = arg::<i64>(ctx, 1)?;
        match raw(ctx, 0) {
            ValueRef::Integer(n) if per_ms > 0 && n % per_ms == 0 => Ok(Value::Integer(n / per_ms)),
            ValueRef::Integer(n) if per_ms > 0 && n % (per_ms / 1000).max(1) == 0 => {
                Ok(Value::Real(n as f64 / per_ms as f64))
            }
            ValueRef::Integer(_) => Err(refuse(SUB_MICROSECOND.into())),
            ValueRef::Real(f) => Ok(Value::Real(f / per_ms as f64)),
            ValueRef::Text(t) => Ok(Value::Text(String::from_utf8_lossy(t).into_owned())),
            ValueRef::Null | ValueRef::Blob(_) => Ok(Value::Null),
        }
    })?;
    // ClickHouse's `coalesce(x, …)` of an `x` that is a float and not `Nullable`
    // ([`Tr::nan_coalesce`]): that `x` whatever the others, as FunctionCoalesce stops
    // at the first argument that cannot be `NULL`; its `nan`, a NULL here, stays one.
    conn.create_scalar_function("ch_first", -1, flags, move |ctx| {
        use rusqlite::types::Value;
        Ok(Value::from(raw(ctx, 0)))
    })?;
    conn.create_scalar_function("ch_no_nan", 1, flags, move |ctx| {
        use rusqlite::types::{Value, ValueRef};
        match raw(ctx, 0) {
            ValueRef::Null => Err(refuse(NAN_READ.into())),
            ValueRef::Integer(n) => Ok(Value::Integer(n)),
            ValueRef::Real(f) => Ok(Value::Real(f)),
            ValueRef::Text(t) => Ok(Value::Text(String::from_utf8_lossy(t).into_owned())),
            ValueRef::Blob(_) => Ok(Value::Null),
        }
    })?;
    // ClickHouse's `substring(s, offset[, length])`, of bytes: offset 1 is the first, 0 gives
    // '', a negative one counts from the end; a negative length leaves that many bytes off the
    // end.
    conn.create_scalar_function("ch_substring", -1, flags, move |ctx| {
        if ctx.len() < 2 {
            return Err(no_args());
        }
        if any_null(ctx) {
            return Ok(None);
        }
        let s = text(ctx, 0).into_bytes();
        let len = s.len() as i64;
        let offset = int(ctx, 1).unwrap_or(0);
        let length = if ctx.len() > 2 { int(ctx, 2) } else { None };
        let (start, end) = match offset {
            0 => (0, 0),
            o if o > 0 => (o - 1, len),
            o => (len + o, len),
        };
        let end = match length {
            Some(l) if l >= 0 => end.min(start.saturating_add(l)),
            Some(l) => end.min(len + l),
            None => end,
        };
        let clamp = |v: i64| usize::try_from(v.clamp(0, len)).unwrap_or(0);
        // (A cut inside a character: ClickHouse keeps the bytes, which later functions read as
        // they are and upstream's JSON writes one U+FFFD each; SQLite's text holds no such
        // bytes here, so it is not run.)
        String::from_utf8(s.get(clamp(start)..clamp(end)).unwrap_or_default().to_vec())
            .map(Some)
            .map_err(|_| rusqlite::Error::UserFunctionError(SUBSTRING_CUT.into()))
    })?;
    // ClickHouse's `toInt32`/`toInt64` ([`to_int`], told the width) and `toFloat64` of a
    // string it cannot read as one ("Cannot parse string 'VALID' as Int64", upstream's
    // "Invalid SQL syntax"); a number is taken as it is.
    conn.create_scalar_function("ch_to_int", 2, flags, move |ctx| {
        to_int(raw(ctx, 0), int(ctx, 1) == Some(32))
    })?;
    conn.create_scalar_function(NOT_NULL, 1, flags, move |ctx| match raw(ctx, 0) {
        ValueRef::Null => Err(rusqlite::Error::UserFunctionError(
            "Cannot convert NULL value to non-Nullable type".into(),
        )),
        v => Ok(rusqlite::types::Value::from(v)),
    })?;
    // A `CAST` to `Decimal(P, S)` ([`decimal_units`]): `ch_decimal(v, P, S)` its value as
    // the answer holds it ([`decimal_answer`]), `ch_decimal_units(v, P, S)` its units (of an
    // aggregate, whose result `ch_decimal_value(units, S)` answers), `ch_decimal_text(v, P, S)`
    // its `toString`.
    let decimal_args = move |ctx: &rusqlite::functions::Context<'_>| {
        let p = u8::try_from(int(ctx, 1).unwrap_or(0)).unwrap_or(0);
        let s = u8::try_from(int(ctx, 2).unwrap_or(0)).unwrap_or(0);
        decimal_units(raw(ctx, 0), p, s)
            .map(|u| (u, s))
            .map_err(|e| decimal_failure(e, raw(ctx, 0)))
    };
    // (`ch_decimal(v, P, S, 1)`: a subquery's column, [`DecimalSite::Column`].)
    let decimal = move |ctx: &rusqlite::functions::Context<'_>| match decimal_args(ctx)? {
        (Some(units), scale) => decimal_answer(units, scale, ctx.len() > 3),
        (None, _) => Ok(rusqlite::types::Value::Null),
    };
    conn.create_scalar_function("ch_decimal", 3, flags, decimal)?;
    conn.create_scalar_function("ch_decimal", 4, flags, decimal)?;
    conn.create_scalar_function(
        "ch_decimal_units",
        3,
        flags,
        move |ctx| match decimal_args(ctx)? {
            (Some(units), _) => i64::try_from(units)
                .map(Some)
                .map_err(|_| rusqlite::Error::UserFunctionError(DECIMAL_NOT_RUN.into())),
            (None, _) => Ok(None),
        },
    )?;
    // (`ch_decimal_value(µs, 6, 1)`: a sum of `Decimal`s of seconds, see
    // `ch_decimal_micros`, refused as one of [`DECIMAL_SECONDS_MAX`] or more is;
    // `ch_decimal_value(units, S, 2)`: a subquery's column, [`DecimalSite::Column`].)
    let decimal_value = move |ctx: &rusqlite::functions::Context<'_>| {
        let scale = u8::try_from(int(ctx, 1).unwrap_or(0)).unwrap_or(0);
        let mode = (ctx.len() > 2).then(|| int(ctx, 2)).flatten();
        match raw(ctx, 0) {
            ValueRef::Integer(units) => decimal_answer(i128::from(units), scale, mode == Some(2))
                .map_err(|e| match mode {
                    Some(1) => rusqlite::Error::UserFunctionError(DECIMAL_RANGE.into()),
                    _ => e,
                }),
            _ => Ok(rusqlite::types::Value::Null),
        }
    };
    conn.create_scalar_function("ch_decimal_value", 2, flags, decimal_value)?;
    conn.create_scalar_function("ch_decimal_value", 3, flags, decimal_value)?;
    conn.create_scalar_function("ch_decimal_text", 3, flags, move |ctx| {
        Ok(match decimal_args(ctx)? {
            (Some(units), scale) => Some(decimal_units_text(units, scale)),
            (None, _) => None,
        })
    })?;
    conn.create_scalar_function("ch_float32", 2, flags, move |ctx| {
        float32(raw(ctx, 0), int(ctx, 1) == Some(1))
    })?;
    // `toString` of a `Float32` (its exact value): its shortest digits for 32 bits, written
    // as a `Float64`'s are ([`value_text`]).
    conn.create_scalar_function("ch_float32_text", 1, flags, move |ctx| {
        Ok(match raw(ctx, 0) {
            ValueRef::Real(f) if f.is_finite() => {
                let shortest: f64 = format!("{:e}", f as f32).parse().unwrap_or(f);
                value_text(ValueRef::Real(shortest))
            }
            v => value_text(v),
        })
    })?;
    // `min`/`max` of arithmetic whose move is not told here (`Tr::min_max_untold`): its
    // value, or over no rows (its group's `COUNT(*)` 0) not run.
    conn.create_scalar_function(MIN_MAX_UNTOLD, 2, flags, move |ctx| match int(ctx, 1) {
        Some(0) => Err(rusqlite::Error::UserFunctionError(MIN_MAX_UNTOLD.into())),
        _ => Ok(rusqlite::types::Value::from(raw(ctx, 0))),
    })?;
    conn.create_scalar_function(NARROWED, 3, flags, move |ctx| {
        narrow(
            raw(ctx, 0),
            u8::try_from(int(ctx, 1).unwrap_or(64)).unwrap_or(64),
            int(ctx, 2) == Some(1),
        )
    })?;
    // `toInt32` of a `DateTime64`'s whole seconds (DecimalUtils::convertToImpl): outside
    // `Int32` ClickHouse's DECIMAL_OVERFLOW "Convert overflow" (upstream's "Invalid analytics
    // query").
    conn.create_scalar_function("ch_decimal_int32", 1, flags, move |ctx| match raw(ctx, 0) {
        rusqlite::types::ValueRef::Integer(n) => i32::try_from(n)
            .map(Some)
            .map_err(|_| refuse("Convert overflow".into())),
        _ => Ok(None),
    })?;
    // The days a `Date` is moved by a number (`Date ± n`, `n + Date`), taken round the
    // `UInt16` of a `Date`'s days as ClickHouse's `addDays` wraps them (ClickHouse 25.5.2 and
    // 25.8.2 (chDB) agree: `toDate('2026-01-01') + 100000` is 2120-05-12, `- 1.9` a day back):
    // an integer's low 16 bits, a float's whole part toward zero (a `nan` none); a float
    // outside `Int64` is its DECIMAL_OVERFLOW "Numeric overflow" (upstream's "Invalid
    // analytics query").
    conn.create_scalar_function("ch_date_days", 1, flags, move |ctx| match raw(ctx, 0) {
        rusqlite::types::ValueRef::Integer(n) => Ok(Some(n & 65535)),
        rusqlite::types::ValueRef::Real(f) if f.is_nan() => Ok(Some(0)),
        rusqlite::types::ValueRef::Real(f) if f.abs() < 9_223_372_036_854_775_808.0 => {
            Ok(Some((f.trunc() as i64) & 65535))
        }
        rusqlite::types::ValueRef::Real(_) => Err(refuse("Numeric overflow".into())),
        _ => Ok(None),
    })?;
    conn.create_scalar_function("ch_to_float", 1, flags, move |ctx| {
        use rusqlite::types::{Value as V, ValueRef as R};
        Ok(match raw(ctx, 0) {
            R::Null => V::Null,
            R::Integer(n) => V::Real(n as f64),
            R::Real(f) => V::Real(f),
            R::Text(t) | R::Blob(t) => {
                let f: f64 = std::str::from_utf8(t)
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .ok_or_else(|| parse_error(t))?;
                // (`inf`, `nan` in Rust's spellings: ClickHouse's readFloatText has its own,
                // and a `nan` is SQLite's NULL.)
                if !f.is_finite() {
                    return Err(rusqlite::Error::UserFunctionError(FLOAT_TEXT.into()));
                }
                V::Real(f)
            }
        })
    })?;
    // An array value (a column of JSON text, or what groupArray/arrayFilter build) as JSON
    // text for json_each.
    // An array value as one built here (with [`ARRAY_MARK`]), whether it was a column's or a
    // literal's (without): `if`/`CASE` of arrays, whose branches may be of either, so that
    // grouping, `DISTINCT` and `uniqExact` read one text of one array (`if(c, tags,
    // arrayFilter(…))`'s two `[]`s are one value: ClickHouse 25.5.2 and 25.8.2 (chDB) agree).
    conn.create_scalar_function("ch_array_marked", 1, flags, move |ctx| {
        use rusqlite::types::{Value, ValueRef};
        Ok(match raw(ctx, 0) {
            ValueRef::Null => Value::Null,
            _ => {
                let t = text(ctx, 0);
                match t.starts_with(ARRAY_MARK) {
                    true => Value::Text(t),
                    false => Value::Text(format!("{ARRAY_MARK}{t}")),
                }
            }
        })
    })?;
    conn.create_scalar_function("ch_array", 1, flags, move |ctx| {
        let t = text(ctx, 0);
        Ok(match t.strip_prefix(ARRAY_MARK) {
            Some(rest) => rest.to_string(),
            None if t.starts_with('[') => t,
            None => "[]".to_string(),
        })
    })?;
    // An array as a key that SQLite's byte order of BLOBs orders as ClickHouse orders the
    // array (see [`array_order_key`]): `ch_array_order(a)` its `NULL` elements after every
    // value, `ch_array_order(a, 0)` before.
    conn.create_scalar_function("ch_array_order", -1, flags, move |ctx| {
        let mut key = Vec::new();
        let nulls_high = ctx.len() < 2 || int(ctx, 1) != Some(0);
        array_order_key(
            &Value::Array(json_items(&text(ctx, 0))),
            &mut key,
            nulls_high,
        );
        Ok(key)
    })?;
    // ARRAY JOIN of several arrays: their sizes must match.
    conn.create_scalar_function("ch_same_length", 2, flags, move |ctx| {
        if json_items(&text(ctx, 0)).len() == json_items(&text(ctx, 1)).len() {
            Ok(true)
        } else {
            Err(refuse("Sizes of ARRAY-JOIN-ed arrays do not match".into()))
        }
    })?;
    // toString of a number as ClickHouse writes it (see [`value_text`]).
    conn.create_scalar_function("ch_to_string", 1, flags, move |ctx| {
        Ok(value_text(raw(ctx, 0)))
    })?;
    // `ch_time_of_text(type, text)`: a constant string expression compared with a time of
    // `type` (`Date`, `DateTime`, `DateTime64(p)`), read as a literal is ([`time_text_micros`]);
    // its errors worded as ClickHouse's, which [`super::sqlite_error`] words as upstream does.
    conn.create_scalar_function("ch_time_of_text", 2, flags, move |ctx| {
        let ty = match text(ctx, 0).as_str() {
            "Date" => Ty::Date,
            "DateTime" => Ty::DateTime,
            t => Ty::DateTime64(
                t.strip_prefix("DateTime64(")
                    .and_then(|p| p.strip_suffix(')'))
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(3),
            ),
        };
        let t = match raw(ctx, 1) {
            rusqlite::types::ValueRef::Null => return Ok(rusqlite::types::Value::Null),
            v => value_text(v).unwrap_or_default(),
        };
        match time_text_micros(&t, ty) {
            Ok(us) => Ok(from_micros(us)),
            Err(e) if e.detail.starts_with("unkey-local does not run") => {
                Err(rusqlite::Error::UserFunctionError(TEXT_NOT_RUN.into()))
            }
            Err(e) if e.detail == "Invalid SQL syntax" => Err(parse_error(t.as_bytes())),
            Err(_) => Err(rusqlite::Error::UserFunctionError(
                format!("Cannot convert string '{t}' to the time's type").into(),
            )),
        }
    })?;
    // toString of a time (see [`time_text`]).
    conn.create_scalar_function("ch_time_text", 2, flags, move |ctx| {
        let digits = int(ctx, 0).unwrap_or(-1);
        Ok(micros(raw(ctx, 1)).map(|us| time_text(digits, us)))
    })?;
    // `x[i]` (ClickHouse's `arrayElement`): the element at 1-based `i` (negative from the
    // end) of the array `x`, else `default` (0 out of range); an element array as an array
    // value (see [`ARRAY_MARK`]), a `Bool` as 0 or 1.
    conn.create_scalar_function("ch_array_element", 3, flags, move |ctx| {
        use rusqlite::types::{Value as V, ValueRef as R};
        let index = match raw(ctx, 1) {
            R::Integer(n) => n,
            R::Real(f) if f.fract() == 0.0 && f.abs() < 9e18 => f as i64,
            _ => return Ok(V::Null),
        };
        if matches!(raw(ctx, 0), R::Null) {
            return Ok(V::Null);
        }
        let items = json_items(&text(ctx, 0));
        let at = match index {
            n if n > 0 => usize::try_from(n - 1).ok(),
            n if n < 0 => usize::try_from(i64::try_from(items.len()).unwrap_or(i64::MAX) + n).ok(),
            _ => None,
        };
        Ok(match at.and_then(|at| items.get(at)) {
            None => raw(ctx, 2).into(),
            Some(Value::Null) => V::Null,
            Some(Value::Bool(b)) => V::Integer(i64::from(*b)),
            Some(Value::String(t)) => V::Text(t.clone()),
            Some(n @ Value::Number(_)) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => V::Integer(i),
                (None, Some(f)) => V::Real(f),
                _ => V::Null,
            },
            Some(v) => V::Text(format!("{ARRAY_MARK}{v}")),
        })
    })?;
    // toString of an array (see [`array_text`]): its innermost elements' type (`Date`,
    // `DateTime`, `DateTime64(p)`, `Bool`, or `''` for any other), and its value.
    // `groupArray(N)(x)`/`groupUniqArray(N)(x)` as the array of all its values where it has
    // `N` or fewer (see `casts::limited_array`); of more, which are kept is not run.
    conn.create_scalar_function(
        LIMITED,
        2,
        flags,
        move |ctx| -> rusqlite::Result<Option<String>> {
            let limit = arg::<i64>(ctx, 0)?;
            let Some(text) = arg::<Option<String>>(ctx, 1)? else {
                return Ok(None);
            };
            match i64::try_from(json_items(&text).len()) {
                Ok(n) if n <= limit => Ok(Some(text)),
                _ => Err(rusqlite::Error::UserFunctionError(LIMITED_ORDER.into())),
            }
        },
    )?;
    conn.create_scalar_function("ch_array_text", 2, flags, move |ctx| {
        let element = text(ctx, 0);
        Ok(match raw(ctx, 1) {
            rusqlite::types::ValueRef::Null => None,
            _ => Some(array_text(&json_items(&text(ctx, 1)), &element)),
        })
    })?;
    // `ch_decimal_minus(a, b)`: the `Decimal` of seconds between two times held as ms (a
    // `DateTime64`'s µs in a real, [`micros`]), as the float nearest it ([`Ty::Decimal`]);
    // refused from [`DECIMAL_SECONDS_MAX`] on ([`DECIMAL_RANGE`]).
    conn.create_scalar_function("ch_decimal_minus", 2, flags, move |ctx| {
        if any_null(ctx) {
            return Ok(None);
        }
        let us = micros(raw(ctx, 0))
            .zip(micros(raw(ctx, 1)))
            .and_then(|(a, b)| a.checked_sub(b))
            .filter(|us| us.unsigned_abs() < DECIMAL_SECONDS_MAX * 1_000_000)
            .ok_or_else(|| rusqlite::Error::UserFunctionError(DECIMAL_RANGE.into()))?;
        Ok(Some(us as f64 / 1e6))
    })?;
    // `ch_decimal_micros(d)`: a `Decimal` of seconds held as the float nearest it (of scale up
    // to 6, [`Ty::Decimal`]) as its integer of µs, read from its text ([`decimal_text`], the
    // decimal's own), where `sum` and `avg` add it exactly ([`Tr::call`]).
    conn.create_scalar_function("ch_decimal_micros", 1, flags, move |ctx| {
        held_micros(raw(ctx, 0))
    })?;
    // `ch_decimal_add(a, b, sign)`: `a + b` (or `a - b`, `sign` -1) of `Decimal`s of seconds
    // held as floats or integers ([`Ty::Decimal`]), ClickHouse's exact decimal sum, of their
    // µs; as such a `Decimal` again.
    conn.create_scalar_function("ch_decimal_add", 3, flags, move |ctx| {
        let range = || rusqlite::Error::UserFunctionError(DECIMAL_RANGE.into());
        let (Some(a), Some(b)) = (held_micros(raw(ctx, 0))?, held_micros(raw(ctx, 1))?) else {
            return Ok(rusqlite::types::Value::Null);
        };
        let b = if int(ctx, 2) == Some(-1) {
            b.checked_neg()
        } else {
            Some(b)
        };
        let us = b.and_then(|b| a.checked_add(b)).ok_or_else(range)?;
        decimal_answer(i128::from(us), 6, false).map_err(|_| range())
    })?;
    // `ch_decimal_mul(a, b, which)`: such a `Decimal` (`b` where `which` is 1, else `a`) times
    // an integer, ClickHouse's exact decimal product (of the `Decimal`'s scale), of its µs;
    // refused from [`DECIMAL_SECONDS_MAX`] on (where no `Decimal64` product overflows).
    conn.create_scalar_function("ch_decimal_mul", 3, flags, move |ctx| {
        let range = || rusqlite::Error::UserFunctionError(DECIMAL_RANGE.into());
        let (decimal, times) = match int(ctx, 2) {
            Some(1) => (raw(ctx, 1), raw(ctx, 0)),
            _ => (raw(ctx, 0), raw(ctx, 1)),
        };
        let times = match times {
            ValueRef::Null => return Ok(rusqlite::types::Value::Null),
            ValueRef::Integer(n) => n,
            _ => return Err(range()),
        };
        let Some(us) = held_micros(decimal)? else {
            return Ok(rusqlite::types::Value::Null);
        };
        let us = i128::from(us)
            .checked_mul(i128::from(times))
            .filter(|us| us.unsigned_abs() < u128::from(DECIMAL_SECONDS_MAX) * 1_000_000)
            .ok_or_else(range)?;
        decimal_answer(us, 6, false).map_err(|_| range())
    })?;
    // `ch_decimal_round(d[, n])`, `_floor`, `_ceil`: ClickHouse's `round`, `floor`, `ceil` of
    // such a `Decimal` (FunctionsRound.h: IntegerRoundingComputation of its units, `round`'s
    // tie away from zero; a `Decimal` of its scale again), of its µs.
    for (name, mode) in [
        ("ch_decimal_round", Rounding::Round),
        ("ch_decimal_floor", Rounding::Floor),
        ("ch_decimal_ceil", Rounding::Ceil),
    ] {
        conn.create_scalar_function(name, -1, flags, move |ctx| {
            if !(1..=2).contains(&ctx.len()) {
                return Err(refuse("wrong number of arguments".into()));
            }
            let digits = match ctx.len() {
                2 => int(ctx, 1).unwrap_or(0),
                _ => 0,
            };
            let digits = i32::try_from(digits.clamp(-12, 12)).unwrap_or(0);
            match held_micros(raw(ctx, 0))? {
                Some(us) => decimal_answer(i128::from(mode.integer(us, digits - 6)), 6, false),
                None => Ok(rusqlite::types::Value::Null),
            }
        })?;
    }
    // A time as a `DateTime64` of ns ([`Ty::Nanos`]): `ch_nanos(kind, x, scale)` of a time
    // held as ms ([`nanos_kind`]) or of Unix seconds (kind 1), cut to the scale; refused past
    // an `i64`'s ns ([`NANOS_RANGE`]). `ch_nanos_text(scale, ns)` is its `toString`.
    conn.create_scalar_function("ch_nanos", -1, flags, move |ctx| {
        if ctx.len() < 2 {
            return Err(no_args());
        }
        let ns = match (int(ctx, 0), raw(ctx, 1)) {
            (_, rusqlite::types::ValueRef::Null) => return Ok(None),
            (Some(0), v) => nanos_of_ms(v),
            (Some(1), rusqlite::types::ValueRef::Integer(s)) => s.checked_mul(1_000_000_000),
            (Some(2), rusqlite::types::ValueRef::Integer(ms)) => ms
                .checked_sub(ms.rem_euclid(1000))
                .and_then(|ms| ms.checked_mul(1_000_000)),
            (Some(3), rusqlite::types::ValueRef::Integer(ms)) => ms
                .checked_sub(ms.rem_euclid(86_400_000))
                .and_then(|ms| ms.checked_mul(1_000_000)),
            _ => None,
        };
        let scale = int(ctx, 2).and_then(|p| u8::try_from(p).ok()).unwrap_or(9);
        ns.map(|ns| Some(scale_nanos(ns, scale)))
            .ok_or_else(|| rusqlite::Error::UserFunctionError(NANOS_RANGE.into()))
    })?;
    // `ch_nanos_move(ns, count, ns_per_unit, months_per_unit)`: moved by a whole count of an
    // interval's units (calendar months keep the time of day and its ns, see [`add_months`]).
    conn.create_scalar_function("ch_nanos_move", 4, flags, move |ctx| {
        let out_of_range = || rusqlite::Error::UserFunctionError(NANOS_RANGE.into());
        let count = match raw(ctx, 1) {
            rusqlite::types::ValueRef::Integer(n) => n,
            rusqlite::types::ValueRef::Real(f) if f.fract() == 0.0 && f.abs() < 9e15 => f as i64,
            rusqlite::types::ValueRef::Null => return Ok(None),
            _ => return Err(out_of_range()),
        };
        let Some(ns) = int(ctx, 0) else {
            return Ok(None);
        };
        let moved = match int(ctx, 3).unwrap_or(0) {
            0 => count
                .checked_mul(int(ctx, 2).unwrap_or(0))
                .and_then(|d| ns.checked_add(d)),
            months => add_months(ns.div_euclid(1_000_000), count.saturating_mul(months))
                .checked_mul(1_000_000)
                .and_then(|ms| ms.checked_add(ns.rem_euclid(1_000_000))),
        };
        // (Before 1900, a `DateTime64`'s range: [`TIME_RANGE`], see `Ty::in_range`.)
        match moved {
            Some(ns) if ns < -2_208_988_800_000_000_000 => {
                Err(rusqlite::Error::UserFunctionError(TIME_RANGE.into()))
            }
            _ => moved.map(Some).ok_or_else(out_of_range),
        }
    })?;
    // `ch_nanos_minus(a, b)`: the ns between two times of ns, checked.
    conn.create_scalar_function("ch_nanos_minus", 2, flags, move |ctx| {
        Ok(match (int(ctx, 0), int(ctx, 1)) {
            (Some(a), Some(b)) => Some(
                a.checked_sub(b)
                    .ok_or_else(|| rusqlite::Error::UserFunctionError(NANOS_RANGE.into()))?,
            ),
            _ => None,
        })
    })?;
    conn.create_scalar_function("ch_nanos_text", 2, flags, move |ctx| {
        let digits = int(ctx, 0)
            .and_then(|p| usize::try_from(p).ok())
            .unwrap_or(9);
        Ok(int(ctx, 1).map(|ns| {
            let ms = ns.div_euclid(1_000_000);
            let secs = ms.div_euclid(1000).rem_euclid(86_400);
            let frac = format!("{:09}", ns.rem_euclid(1_000_000_000));
            format!(
                "{} {:02}:{:02}:{:02}.{}",
                ymd(ms),
                secs / 3600,
                secs % 3600 / 60,
                secs % 60,
                frac.get(..digits).unwrap_or(&frac)
            )
        }))
    })?;
    // ClickHouse's `LIKE` is case-sensitive (SQLite's folds ASCII case): `like(pattern, text)`
    // is what SQLite's `text LIKE pattern` calls. `ch_ilike(text, pattern)` is `ILIKE`.
    let like =
        move |ctx: &rusqlite::functions::Context<'_>, pattern: usize, value: usize, fold: bool| {
            let (p, v) = (raw(ctx, pattern), raw(ctx, value));
            if matches!(p, rusqlite::types::ValueRef::Null)
                || matches!(v, rusqlite::types::ValueRef::Null)
            {
                return Ok(None);
            }
            let as_text = |x: rusqlite::types::ValueRef<'_>| match x {
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                rusqlite::types::ValueRef::Real(f) => f.to_string(),
                _ => String::new(),
            };
            let (mut p, mut v) = (as_text(p), as_text(v));
            if fold {
                // (A non-ASCII letter of either side is folded there otherwise than here: re2's
                // case-insensitive matching takes each character's simple case-folding orbit,
                // `σ`, `ς` and `Σ` one class, `ſ` an `s`; a plain `%needle%` ClickHouse's
                // case-insensitive UTF-8 searcher; Rust's `to_lowercase` full lower-casing.)
                let cased = |t: &str| {
                    t.chars().any(|c| {
                        !c.is_ascii()
                            && (c.to_lowercase().ne(std::iter::once(c))
                                || c.to_uppercase().ne(std::iter::once(c)))
                    })
                };
                if cased(&p) || cased(&v) {
                    return Err(rusqlite::Error::UserFunctionError(ILIKE_CASED.into()));
                }
                p = p.to_lowercase();
                v = v.to_lowercase();
            }
            Ok(Some(like_match(&v, &p)))
        };
    conn.create_scalar_function("like", 2, flags, move |ctx| like(ctx, 0, 1, false))?;
    conn.create_scalar_function("ch_ilike", 2, flags, move |ctx| like(ctx, 1, 0, true))?;
    // (Of its argument only where SQLite evaluates it.)
    conn.create_scalar_function(
        NO_COMMON_TYPE,
        1,
        FunctionFlags::SQLITE_UTF8,
        move |_| -> rusqlite::Result<i64> { Err(refuse(NO_COMMON_TYPE.into())) },
    )?;
    conn.create_aggregate_function("ch_decimal_avg", 2, flags, DecimalAvg)?;
    conn.create_aggregate_function("ch_decimal_avg", 3, flags, DecimalAvg)?;
    // Aggregates that are window functions too (SQLite's `COUNT(DISTINCT …)` and
    // `json_group_array(DISTINCT …)` are not).
    for (name, distinct, nan_read) in [
        ("ch_quantile", false, false),
        ("ch_quantile_distinct", true, false),
        ("ch_quantile_nan_read", false, true),
        ("ch_quantile_distinct_nan_read", true, true),
    ] {
        conn.create_window_function(name, 2, flags, Quantile { distinct, nan_read })?;
        conn.create_window_function(name, 3, flags, Quantile { distinct, nan_read })?;
    }
    conn.create_window_function("ch_countif", 2, flags, CountIf)?;
    conn.create_aggregate_function("ch_countif_distinct", 2, flags, CountIfDistinct)?;
    for mode in 0..8 {
        conn.create_window_function(
            format!("ch_float_sum_{mode}").as_str(),
            1,
            flags,
            FloatSum { mode },
        )?;
    }
    for (name, nullable, nan_read) in [
        ("ch_sumif", false, false),
        ("ch_sumif_nullable", true, false),
        ("ch_sumif_read", false, true),
        ("ch_sumif_nullable_read", true, true),
    ] {
        conn.create_window_function(name, 2, flags, SumIf { nullable, nan_read })?;
    }
    for (name, nullable, nan_read) in [
        ("ch_sumif_distinct", false, false),
        ("ch_sumif_distinct_nullable", true, false),
        ("ch_sumif_distinct_read", false, true),
        ("ch_sumif_distinct_nullable_read", true, true),
    ] {
        conn.create_aggregate_function(name, 2, flags, SumIfDistinct { nullable, nan_read })?;
    }
    // `ch_row_of_values(a, b, …)`: the values as a JSON array (what `uniqExact` of several
    // arguments counts distinct), `NULL` where one is `NULL` (ClickHouse's Null combinator
    // skips that row).
    conn.create_scalar_function("ch_row_of_values", -1, flags, |ctx| {
        if (0..ctx.len()).any(|i| matches!(raw(ctx, i), rusqlite::types::ValueRef::Null)) {
            return Ok(None);
        }
        Ok(Some(
            Value::Array((0..ctx.len()).map(|i| sqlite_json(raw(ctx, i))).collect()).to_string(),
        ))
    })?;
    conn.create_window_function("ch_uniq", 1, flags, Uniq)?;
    register_uniq(conn)?;
    conn.create_window_function("ch_any", 1, flags, AnyValue)?;
    conn.create_window_function("ch_array_min", 1, flags, ArrayExtreme { max: false })?;
    conn.create_window_function("ch_array_max", 1, flags, ArrayExtreme { max: true })?;
    // (With one more argument, `N` of `groupArray(N)(x) OVER …`: see [`Kept`].)
    for (name, arrays) in [
        ("ch_group_array", false),
        ("ch_group_array_of_arrays", true),
    ] {
        conn.create_window_function(name, 1, flags, GroupArray { arrays })?;
        conn.create_window_function(name, 2, flags, GroupArray { arrays })?;
    }
    for (name, set) in [
        ("ch_group_uniq_array", UniqSet::GroupUniqArray),
        ("ch_group_array_distinct", UniqSet::Distinct),
    ] {
        conn.create_window_function(name, 2, flags, GroupUniqArray { set })?;
    }
    conn.create_window_function(
        "ch_group_uniq_array",
        3,
        flags,
        GroupUniqArray {
            set: UniqSet::GroupUniqArray,
        },
    )?;
    Ok(())
}

/// Whether an argument is NULL: `concat`, `startsWith`, `endsWith`, `substring` and
/// `JSONExtractString` are then NULL (ClickHouse's default implementation for NULLs, which
/// none of them turns off: concat.cpp, "If any of arguments is `NULL`, the function returns
/// `NULL`"; 02013_json_function_null_column.reference, `JSONExtract(NULL, …)` and an index
/// that is NULL `\N`).
/// Argument `i` of a call, or SQL `NULL` past its last one. rusqlite's `Context::get_raw`
/// indexes the arguments without a check, and a panic there aborts a release build (the whole
/// server) where a variadic function is called with fewer arguments than it reads; every
/// function here reads its arguments through this (clippy.toml disallows the others).
#[allow(
    clippy::disallowed_methods,
    reason = "the one checked read of an argument"
)]
pub(super) fn raw<'a>(ctx: &'a rusqlite::functions::Context<'_>, i: usize) -> ValueRef<'a> {
    if i < ctx.len() {
        ctx.get_raw(i)
    } else {
        ValueRef::Null
    }
}

/// Argument `i` of a call converted to `T` (see [`raw`]); a missing one reads as `NULL`.
fn arg<T: rusqlite::types::FromSql>(
    ctx: &rusqlite::functions::Context<'_>,
    i: usize,
) -> rusqlite::Result<T> {
    T::column_result(raw(ctx, i)).map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
}

fn any_null(ctx: &rusqlite::functions::Context<'_>) -> bool {
    (0..ctx.len()).any(|i| matches!(raw(ctx, i), rusqlite::types::ValueRef::Null))
}

/// ClickHouse's `LIKE`: `%` any run of characters, `_` any one, `\` escapes the next.
pub(super) fn like_match(text: &str, pattern: &str) -> bool {
    use crate::glob::Token;
    let mut p = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        p.push(match c {
            '%' => Token::Run,
            '_' => Token::One,
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            c => Token::Char(c),
        });
    }
    crate::glob::matches(&p, text)
}

/// The `quantile` aggregate: collects the values, answers [`quantile_answer`]. Its
/// arguments: the level, the value, and for a time its type's unit in ms (see
/// [`quantile_answer`]). With `distinct`, `quantile(DISTINCT x)`, ClickHouse's
/// `quantileDistinct`: of each distinct value once (the `-Distinct` combinator feeds `quantile`
/// its set's values, whose order the exact quantile does not read). Infinities are values
/// there as any other (ReservoirSampler::insert skips only a `nan`, which is SQLite's NULL
/// here), so its interpolation may make a `nan` of them (`inf * 0`, a neighbour's
/// coefficient 0: level 0 of `1, inf`; `-inf * 0.5 + inf * 0.5`), a NULL here. With
/// `nan_read`, of a `Nullable` argument read further, where that NULL would be taken for
/// the NULL of no value ClickHouse answers there, such a `nan` is refused ([`NAN_READ`]).
/// Over more than [`QUANTILE_SAMPLE`] values (distinct values), a group's or a window frame's,
/// ClickHouse's sample is random, so it is not run ([`QUANTILE_SAMPLED`]).
pub(super) struct Quantile {
    pub(super) distinct: bool,
    pub(super) nan_read: bool,
}

impl Quantile {
    /// Its answer over the state's values.
    fn answer(&self, (level, values, unit): (&f64, &[f64], &f64)) -> rusqlite::Result<Option<f64>> {
        let sampled = || Err(rusqlite::Error::UserFunctionError(QUANTILE_SAMPLED.into()));
        let answer = if self.distinct {
            let mut distinct = values.to_vec();
            distinct.sort_by(f64::total_cmp);
            distinct.dedup_by(|a, b| a == b);
            if distinct.len() > QUANTILE_SAMPLE {
                return sampled();
            }
            quantile_state_answer(*level, &distinct, *unit)
        } else {
            if values.len() > QUANTILE_SAMPLE {
                return sampled();
            }
            quantile_state_answer(*level, values, *unit)
        };
        match answer {
            Some(q) if q.is_nan() && self.nan_read => {
                Err(rusqlite::Error::UserFunctionError(NAN_READ.into()))
            }
            Some(q) if q.is_nan() => Ok(None),
            answer => Ok(answer),
        }
    }
}

/// The state of [`Quantile`]: the level, the values, the unit (0 for numbers).
pub(super) type QuantileState = (f64, Vec<f64>, f64);

impl rusqlite::functions::Aggregate<QuantileState, Option<f64>> for Quantile {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<QuantileState> {
        Ok((0.5, Vec::new(), 0.0))
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut QuantileState,
    ) -> rusqlite::Result<()> {
        if let rusqlite::types::ValueRef::Real(l) = raw(ctx, 0) {
            acc.0 = l;
        } else if let rusqlite::types::ValueRef::Integer(l) = raw(ctx, 0) {
            acc.0 = l as f64;
        }
        match raw(ctx, 1) {
            rusqlite::types::ValueRef::Integer(n) => acc.1.push(n as f64),
            rusqlite::types::ValueRef::Real(f) if !f.is_nan() => acc.1.push(f),
            _ => {}
        }
        if ctx.len() > 2 {
            if let rusqlite::types::ValueRef::Integer(unit) = raw(ctx, 2) {
                acc.2 = unit as f64;
            }
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        acc: Option<QuantileState>,
    ) -> rusqlite::Result<Option<f64>> {
        acc.map_or(Ok(None), |(level, values, unit)| {
            self.answer((&level, &values, &unit))
        })
    }
}

impl rusqlite::functions::WindowAggregate<QuantileState, Option<f64>> for Quantile {
    fn value(&self, acc: Option<&mut QuantileState>) -> rusqlite::Result<Option<f64>> {
        acc.map_or(Ok(None), |(level, values, unit)| {
            self.answer((level, values, unit))
        })
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut QuantileState,
    ) -> rusqlite::Result<()> {
        let left = match raw(ctx, 1) {
            rusqlite::types::ValueRef::Integer(n) => n as f64,
            rusqlite::types::ValueRef::Real(f) => f,
            _ => return Ok(()),
        };
        if let Some(at) = acc.1.iter().position(|v| *v == left) {
            acc.1.remove(at);
        }
        Ok(())
    }
}

/// The `level` quantile of `values` ([`quantile_of`]). Of times (`unit` their type's ms: a
/// day, a second, 1 for a `DateTime64(3)`; 0 for numbers) ClickHouse's `quantile` answers
/// their type: it interpolates their whole units and cuts the fraction off
/// (QuantileReservoirSampler's `get` casts to the type's value), over no values the type's
/// zero, the epoch.
pub(super) fn quantile_answer(level: f64, values: &[f64], unit: f64) -> Option<f64> {
    if unit == 0.0 {
        return quantile_of(values.to_vec(), level);
    }
    let units = values.iter().map(|v| (v / unit).floor()).collect();
    Some(quantile_of(units, level).map_or(0.0, |q| q.trunc() * unit))
}

/// ClickHouse 25.6's `quantile` of `DateTime64`s of ns (`values`, their ticks as its
/// ReservoirSampler casts them to `Float64`; exact below 8,192 values, as [`quantile_of`]):
/// QuantileReservoirSampler's `get` built the tick from the `Float64` that
/// `quantileInterpolated` answers ([`quantile_of`]), truncated, which cannot hold a time's ns
/// (src/AggregateFunctions/ReservoirSampler.h; PR #114919, merged 2026-08, moved decimals
/// off it), so the answer is a tick a `Float64` holds; over no values the epoch.
pub(super) fn tick_quantile(level: f64, values: &[f64]) -> f64 {
    quantile_of(values.to_vec(), level).map_or(0.0, f64::trunc)
}

/// [`quantile_answer`], or of ns (`unit` below 0) [`tick_quantile`]; over no values NULL
/// (ClickHouse's of a `Nullable` argument with no value that is not NULL; over no rows the
/// translation makes it the type's zero, see `quantile` in [`Tr::call`]).
fn quantile_state_answer(level: f64, values: &[f64], unit: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    if unit < 0.0 {
        return Some(tick_quantile(level, values));
    }
    quantile_answer(level, values, unit)
}

/// ClickHouse's `avg` of a `Decimal`'s units (`ch_decimal_avg(units, scale)`, of a `Decimal`
/// of seconds held as a float `ch_decimal_avg(µs, 6, 1)`, see `ch_decimal_micros`): a `Float64`,
/// AggregateFunctionAvg.h's AvgFraction::divideIfAnyDecimal, the units' sum (a `Decimal128`)
/// converted by DecimalUtils::convertTo (the sum as a `Float64` divided by 10^scale as one),
/// then divided by the count; over no rows `nan` (SQLite's NULL, see `avg`).
pub(super) struct DecimalAvg;

/// The state of [`DecimalAvg`]: the units' sum, their count and the scale.
type DecimalAvgState = (i128, i64, i64, bool);

impl rusqlite::functions::Aggregate<DecimalAvgState, Option<f64>> for DecimalAvg {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<DecimalAvgState> {
        Ok((0, 0, 0, false))
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut DecimalAvgState,
    ) -> rusqlite::Result<()> {
        if let rusqlite::types::ValueRef::Integer(units) = raw(ctx, 0) {
            acc.0 = acc
                .0
                .checked_add(i128::from(units))
                .ok_or_else(|| rusqlite::Error::UserFunctionError(DECIMAL_NOT_RUN.into()))?;
            acc.1 += 1;
        }
        if let rusqlite::types::ValueRef::Integer(scale) = raw(ctx, 1) {
            acc.2 = scale;
        }
        acc.3 = ctx.len() > 2;
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        acc: Option<DecimalAvgState>,
    ) -> rusqlite::Result<Option<f64>> {
        let Some((sum, count, scale, seconds)) = acc.filter(|a| a.1 > 0) else {
            return Ok(None);
        };
        // (Of a `Decimal` of seconds, its µs: the same float as of its own scale's units
        // while the sum is below 2^53, which a `Float64` holds exactly.)
        if seconds && sum.unsigned_abs() >= 1 << 53 {
            return Err(rusqlite::Error::UserFunctionError(DECIMAL_RANGE.into()));
        }
        let unit: f64 = format!("1e{scale}").parse().unwrap_or(1.0);
        Ok(Some(sum as f64 / unit / count as f64))
    }
}

/// ClickHouse's `countIf(x, condition)`: the `-If` combinator over `count(x)`, which counts
/// the rows whose condition is not 0 (AggregateFunctionIf.cpp) and whose `x` is not NULL
/// (AggregateFunctionCount.cpp's `count(x)` of a `Nullable` `x`, its Null combinator); a NULL
/// condition adds no row.
pub(super) struct CountIf;

/// Whether a row of [`CountIf`] is counted.
fn count_if_row(ctx: &rusqlite::functions::Context<'_>) -> bool {
    truthy(raw(ctx, 1)) && !matches!(raw(ctx, 0), rusqlite::types::ValueRef::Null)
}

impl rusqlite::functions::Aggregate<i64, i64> for CountIf {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<i64> {
        Ok(0)
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut i64,
    ) -> rusqlite::Result<()> {
        *acc += i64::from(count_if_row(ctx));
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        acc: Option<i64>,
    ) -> rusqlite::Result<i64> {
        Ok(acc.unwrap_or(0))
    }
}

impl rusqlite::functions::WindowAggregate<i64, i64> for CountIf {
    fn value(&self, acc: Option<&mut i64>) -> rusqlite::Result<i64> {
        Ok(acc.map_or(0, |n| *n))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut i64,
    ) -> rusqlite::Result<()> {
        *acc -= i64::from(count_if_row(ctx));
        Ok(())
    }
}

/// What a float sum whose value depends on the order its values are added in raises (see
/// [`OrderFree`]).
pub(super) const FLOAT_ORDER: &str = "ch_float_sum_order";
/// What is refused where [`FLOAT_ORDER`] is raised.
pub(super) const FLOAT_ORDER_NOT_RUN: &str = "a float sum or avg (sum, avg, sumIf, of DISTINCT or over a window too) whose value depends on the order its values are added in: ClickHouse adds floats without compensation, in the order its threads read the blocks of the table and merge their sums, which a client cannot see; answered only where every order gives one value (each value a multiple of one power of two, 2^-k, and the sum of their magnitudes below 2^(53-k))";

/// Whether a float sum is the same in every order of adding its values: ClickHouse adds
/// floats plainly (AggregateFunctionSum.h's `addManyImpl`: 16 partial sums over a run of
/// values, one by one per group, per thread in the order it reads, then the threads' sums
/// merged), so its last digits follow an order a client cannot see. Where every finite value
/// is a multiple of `2^-k` and the sum of their magnitudes is below `2^(53-k)`, every partial
/// sum of any of them is such a multiple below `2^(53-k)` in magnitude, which a float holds
/// exactly: every order gives the exact sum. Infinities (their sum `inf`, `-inf`, or `nan`
/// where both signs meet) do not depend on the order either, where no partial sum of the
/// finite values overflows. Values that leave a window's frame stay counted here (never
/// answered where they would not be).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct OrderFree {
    /// `k` of the finest `2^-k` one of the finite values (not 0) is a multiple of.
    k: Option<i32>,
    /// The sum of the finite values' magnitudes (exact while below `2^(53-k)`, and at least
    /// that where the exact one is, as rounding keeps order).
    magnitudes: f64,
    /// Whether an infinity was added.
    infinite: bool,
}

impl OrderFree {
    /// One value added.
    pub(super) fn add(&mut self, v: f64) {
        if v.is_infinite() {
            self.infinite = true;
            return;
        }
        if v == 0.0 || v.is_nan() {
            return;
        }
        let bits = v.to_bits();
        let biased = i32::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
        let fraction = bits & ((1u64 << 52) - 1);
        // `v` is `m * 2^e`.
        let (m, e) = match biased {
            0 => (fraction, -1074),
            _ => (fraction | (1u64 << 52), biased - 1075),
        };
        let low = e + i32::try_from(m.trailing_zeros()).unwrap_or(0);
        self.k = Some(self.k.map_or(-low, |k| k.max(-low)));
        self.magnitudes += v.abs();
    }

    /// Whether every order of adding the values gives one sum.
    pub(super) fn holds(&self) -> bool {
        let Some(k) = self.k else {
            return true;
        };
        match self.infinite {
            // (No partial sum of the finite values comes near the largest float: of any order,
            // below the exact sum of their magnitudes, which their float sum is within
            // rounding of.)
            true => self.magnitudes < 1.5 * 2f64.powi(1023),
            false => self.magnitudes < 2f64.powi(53 - k),
        }
    }
}

/// `sum(x)` or `avg(x)` of a float `x` (`ch_float_sum_<mode>(x)`, see `Tr::call_written`):
/// SQLite's own `sum`/`avg` (its func.c `sumStep`, `sumInverse`, `sumFinalize`,
/// `avgFinalize` of 3.50, the Kahan-Babuska-Neumaier sum beside an exact integer one, written
/// again here), so that its value is the one SQLite's would be, told apart where SQLite's
/// NULL would stand for two values of ClickHouse's. `mode`'s bits ([`FLOAT_SUM_AVG`],
/// [`FLOAT_SUM_NOT_NULLABLE`], [`FLOAT_SUM_READ`]): an average; of an argument that is not
/// `Nullable` (over no value a sum is ClickHouse's 0, an average its `nan`; else `NULL`);
/// read further than the answer, where a `nan` (infinities of both signs summed, an average
/// over no value) is refused as not run ([`NAN_READ`]) rather than a NULL. A window's frame
/// that an infinity leaves (which SQLite's inverse subtracts, `inf - inf`, where ClickHouse's
/// WindowTransform adds the frame's rows again) is refused so too. Its value is answered only
/// where every order of adding gives it ([`OrderFree`]; SQLite's compensated sum is then the
/// exact sum, as ClickHouse's plain one is), else refused ([`FLOAT_ORDER`]).
pub(super) struct FloatSum {
    /// Its `mode`, which its name ends with (`ch_float_sum_6`): over no row no step reads an
    /// argument.
    pub(super) mode: i64,
}

/// [`FloatSum`]'s `mode` bit of an average.
pub(super) const FLOAT_SUM_AVG: i64 = 1;
/// [`FloatSum`]'s `mode` bit of an argument that is not `Nullable`.
pub(super) const FLOAT_SUM_NOT_NULLABLE: i64 = 2;
/// [`FloatSum`]'s `mode` bit of a value read further than the answer.
pub(super) const FLOAT_SUM_READ: i64 = 4;

/// The state of [`FloatSum`]: SQLite's `SumCtx` (the float sum and its error term, the integer
/// sum, the count, whether a value that is no integer came, whether the integer sum
/// overflowed), and whether an infinity left the frame.
#[derive(Debug, Default)]
pub(super) struct FloatSumState {
    r_sum: f64,
    r_err: f64,
    i_sum: i64,
    cnt: i64,
    approx: bool,
    ovrfl: bool,
    inverted_infinity: bool,
    order: OrderFree,
}

impl FloatSumState {
    /// One step of the Kahan-Babuska-Neumaier sum.
    fn step(&mut self, r: f64) {
        let s = self.r_sum;
        let t = s + r;
        if s.abs() > r.abs() {
            self.r_err += (s - t) + r;
        } else {
            self.r_err += (r - t) + s;
        }
        self.r_sum = t;
    }

    /// An integer added to the float sum (a large one in two parts).
    fn step_int(&mut self, v: i64) {
        if !(-4_503_599_627_370_495..=4_503_599_627_370_495).contains(&v) {
            let small = v % 16384;
            self.step((v - small) as f64);
            self.step(small as f64);
        } else {
            self.step(v as f64);
        }
    }

    /// The float sum started from the integer sum.
    fn init(&mut self, v: i64) {
        if !(-4_503_599_627_370_495..=4_503_599_627_370_495).contains(&v) {
            let small = v % 16384;
            self.r_sum = (v - small) as f64;
            self.r_err = small as f64;
        } else {
            self.r_sum = v as f64;
            self.r_err = 0.0;
        }
    }

    /// The float sum with its error term (where that is finite).
    fn float(&self) -> f64 {
        match self.r_err.is_finite() {
            true => self.r_sum + self.r_err,
            false => self.r_sum,
        }
    }
}

/// A value as SQLite's `sqlite3_value_numeric_type` reads it for `sum`: an integer, a float,
/// or NULL (a text or blob read as the float its text starts with; none reaches a float's sum
/// here).
fn sum_operand(v: ValueRef<'_>) -> Option<Result<i64, f64>> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(n) => Some(Ok(n)),
        ValueRef::Real(f) => Some(Err(f)),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(Err(std::str::from_utf8(t)
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0.0))),
    }
}

impl rusqlite::functions::Aggregate<FloatSumState, rusqlite::types::Value> for FloatSum {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<FloatSumState> {
        Ok(FloatSumState::default())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        p: &mut FloatSumState,
    ) -> rusqlite::Result<()> {
        let Some(value) = sum_operand(raw(ctx, 0)) else {
            return Ok(());
        };
        p.cnt += 1;
        p.order.add(match value {
            Ok(n) => n as f64,
            Err(f) => f,
        });
        match (p.approx, value) {
            (false, Err(f)) => {
                p.init(p.i_sum);
                p.approx = true;
                p.step(f);
            }
            (false, Ok(n)) => match p.i_sum.checked_add(n) {
                Some(sum) => p.i_sum = sum,
                None => {
                    p.ovrfl = true;
                    p.init(p.i_sum);
                    p.approx = true;
                    p.step_int(n);
                }
            },
            (true, Ok(n)) => p.step_int(n),
            (true, Err(f)) => {
                p.ovrfl = false;
                p.step(f);
            }
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut p: Option<FloatSumState>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        rusqlite::functions::WindowAggregate::value(self, p.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<FloatSumState, rusqlite::types::Value> for FloatSum {
    fn value(&self, p: Option<&mut FloatSumState>) -> rusqlite::Result<rusqlite::types::Value> {
        use rusqlite::types::Value;
        let mut none = FloatSumState::default();
        let p = p.unwrap_or(&mut none);
        let mode = self.mode;
        let nan = || match mode & FLOAT_SUM_READ {
            0 => Ok(Value::Null),
            _ => Err(rusqlite::Error::UserFunctionError(NAN_READ.into())),
        };
        if p.inverted_infinity {
            return Err(rusqlite::Error::UserFunctionError(NAN_READ.into()));
        }
        if !p.order.holds() {
            return Err(rusqlite::Error::UserFunctionError(FLOAT_ORDER.into()));
        }
        let avg = mode & FLOAT_SUM_AVG != 0;
        if p.cnt <= 0 {
            return match (avg, mode & FLOAT_SUM_NOT_NULLABLE != 0) {
                (_, false) => Ok(Value::Null),
                (false, true) => Ok(Value::Real(0.0)),
                (true, true) => nan(),
            };
        }
        let value = match (avg, p.approx) {
            (false, true) if p.ovrfl => {
                return Err(rusqlite::Error::UserFunctionError(
                    "integer overflow".into(),
                ))
            }
            (false, true) => p.float(),
            (false, false) => return Ok(Value::Integer(p.i_sum)),
            (true, true) => p.float() / p.cnt as f64,
            (true, false) => p.i_sum as f64 / p.cnt as f64,
        };
        match value.is_nan() {
            true => nan(),
            false => Ok(Value::Real(value)),
        }
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        p: &mut FloatSumState,
    ) -> rusqlite::Result<()> {
        let Some(value) = sum_operand(raw(ctx, 0)) else {
            return Ok(());
        };
        p.cnt -= 1;
        match (p.approx, value) {
            (false, value) => {
                let n = match value {
                    Ok(n) => n,
                    Err(f) => f as i64,
                };
                match p.i_sum.checked_sub(n) {
                    Some(sum) => p.i_sum = sum,
                    None => {
                        p.ovrfl = true;
                        p.approx = true;
                    }
                }
            }
            (true, Ok(i64::MIN)) => {
                p.step_int(i64::MAX);
                p.step_int(1);
            }
            (true, Ok(n)) => p.step_int(-n),
            (true, Err(f)) => {
                p.inverted_infinity |= f.is_infinite();
                p.step(-f);
            }
        }
        Ok(())
    }
}

/// ClickHouse's `sumIf(x, condition)`; of a `Nullable` `x` (`nullable`) NULL where no value
/// that is not NULL met the condition (AggregateFunctionIf.cpp's AggregateFunctionIfNullUnary
/// adds only such rows, and AggregateFunctionNull answers NULL without one).
pub(super) struct SumIf {
    pub(super) nullable: bool,
    /// Read further than the answer (`ch_sumif_read`, …): a float sum that is `nan`
    /// (infinities of both signs), which SQLite would hold as NULL, refused ([`NAN_READ`]).
    pub(super) nan_read: bool,
}

/// The state of [`SumIf`]: the integer sum, the float sum, whether a float was added, how
/// many values were, and whether an infinity left a window's frame (which the float sum
/// subtracts, `inf - inf`, where ClickHouse's WindowTransform adds the frame's rows again:
/// refused, [`NAN_READ`]), and whether its float sum is the same in every order of adding
/// ([`OrderFree`]: where a float came and it is not, refused, [`FLOAT_ORDER`]).
type SumIfState = (i64, f64, bool, i64, bool, OrderFree);

impl rusqlite::functions::Aggregate<SumIfState, rusqlite::types::Value> for SumIf {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<SumIfState> {
        Ok((0, 0.0, false, 0, false, OrderFree::default()))
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut SumIfState,
    ) -> rusqlite::Result<()> {
        if truthy(raw(ctx, 1)) {
            match raw(ctx, 0) {
                rusqlite::types::ValueRef::Integer(n) => {
                    acc.0 = acc.0.saturating_add(n);
                    acc.3 += 1;
                    acc.5.add(n as f64);
                }
                rusqlite::types::ValueRef::Real(f) => {
                    acc.1 += f;
                    acc.2 = true;
                    acc.3 += 1;
                    acc.5.add(f);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<SumIfState>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<SumIfState, rusqlite::types::Value> for SumIf {
    fn value(&self, acc: Option<&mut SumIfState>) -> rusqlite::Result<rusqlite::types::Value> {
        // An integer sum stays an integer, as ClickHouse's sumIf of integers.
        let nan = |(i, f, float, _, _, _): &SumIfState| *float && (*i as f64 + *f).is_nan();
        let refused = acc
            .as_deref()
            .is_some_and(|acc| acc.4 || self.nan_read && nan(acc));
        if refused {
            return Err(rusqlite::Error::UserFunctionError(NAN_READ.into()));
        }
        if acc.as_deref().is_some_and(|acc| acc.2 && !acc.5.holds()) {
            return Err(rusqlite::Error::UserFunctionError(FLOAT_ORDER.into()));
        }
        Ok(match acc {
            Some((_, _, _, 0, _, _)) | None if self.nullable => rusqlite::types::Value::Null,
            Some((i, f, true, _, _, _)) => rusqlite::types::Value::Real(*i as f64 + *f),
            Some((i, _, false, _, _, _)) => rusqlite::types::Value::Integer(*i),
            None => rusqlite::types::Value::Integer(0),
        })
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut SumIfState,
    ) -> rusqlite::Result<()> {
        if truthy(raw(ctx, 1)) {
            match raw(ctx, 0) {
                rusqlite::types::ValueRef::Integer(n) => {
                    acc.0 = acc.0.saturating_sub(n);
                    acc.3 -= 1;
                }
                rusqlite::types::ValueRef::Real(f) => {
                    acc.1 -= f;
                    acc.3 -= 1;
                    acc.4 |= f.is_infinite();
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// ClickHouse's `sumIf(DISTINCT x, condition)`, `sumIfDistinct`: the `-Distinct` combinator
/// feeds `sumIf` each distinct pair of its arguments once (AggregateFunctionDistinct.cpp, its
/// data of several arguments), so `x` is summed once per distinct `(x, condition)` whose
/// condition is not 0; of no such pair 0. With `nullable` (a `Nullable` argument), as
/// ClickHouse's Null combinator wraps `-Distinct` (which has no null adapter of its own, unlike
/// `-If`; AggregateFunctionNull.cpp's AggregateFunctionNullVariadic): a row with a NULL
/// argument is skipped, and the answer is NULL where no row had none, else the sum (0 where
/// no pair met its condition).
pub(super) struct SumIfDistinct {
    pub(super) nullable: bool,
    /// As [`SumIf`]'s.
    pub(super) nan_read: bool,
}

/// The state of [`SumIfDistinct`]: the sum, the pairs seen, whether a row without NULL came.
type SumIfDistinctState = (SumIfState, HashSet<String>, bool);

impl rusqlite::functions::Aggregate<SumIfDistinctState, rusqlite::types::Value> for SumIfDistinct {
    fn init(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
    ) -> rusqlite::Result<SumIfDistinctState> {
        Ok((
            (0, 0.0, false, 0, false, OrderFree::default()),
            HashSet::new(),
            false,
        ))
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut SumIfDistinctState,
    ) -> rusqlite::Result<()> {
        use rusqlite::types::ValueRef;
        let key = distinct_key;
        let (x, condition) = (raw(ctx, 0), raw(ctx, 1));
        if matches!(x, ValueRef::Null) || matches!(condition, ValueRef::Null) {
            return Ok(());
        }
        acc.2 = true;
        if truthy(condition) && acc.1.insert(format!("{} {}", key(x), key(condition))) {
            match x {
                ValueRef::Integer(n) => {
                    acc.0 .0 = acc.0 .0.saturating_add(n);
                    acc.0 .3 += 1;
                    acc.0 .5.add(n as f64);
                }
                ValueRef::Real(f) => {
                    acc.0 .1 += f;
                    acc.0 .2 = true;
                    acc.0 .3 += 1;
                    acc.0 .5.add(f);
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        acc: Option<SumIfDistinctState>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        if self.nullable && !acc.as_ref().is_some_and(|a| a.2) {
            return Ok(rusqlite::types::Value::Null);
        }
        let mut sum = acc.map(|(s, _, _)| s);
        let sum_if = SumIf {
            nullable: false,
            nan_read: self.nan_read,
        };
        rusqlite::functions::WindowAggregate::value(&sum_if, sum.as_mut())
    }
}

/// A value as a key of the `-Distinct` combinator's set: each value of one type its own key.
fn distinct_key(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Integer(n) => format!("i{n}"),
        ValueRef::Real(f) => format!("f{}", f.to_bits()),
        ValueRef::Text(t) => format!("t{}", String::from_utf8_lossy(t)),
        ValueRef::Blob(b) => format!("b{b:?}"),
        ValueRef::Null => String::new(),
    }
}

/// ClickHouse's `countIf(DISTINCT x, condition)`, `countIfDistinct`: the `-Distinct`
/// combinator feeds `countIf` each distinct pair of its arguments once
/// (AggregateFunctionDistinct.cpp), so the distinct `(x, condition)` whose condition is not
/// 0 are counted. Of a `Nullable` argument ClickHouse's Null combinator wraps `-Distinct`
/// (AggregateFunctionNull.cpp, AggregateFunctionNullVariadic): a row with a NULL is skipped,
/// and as `count`'s `returns_default_when_only_null` is what the factory hands `countIfDistinct`
/// (AggregateFunctionFactory.cpp reads a combinator's properties from its nested function),
/// the answer is no `Nullable`: 0 where no row had none.
pub(super) struct CountIfDistinct;

impl rusqlite::functions::Aggregate<HashSet<String>, i64> for CountIfDistinct {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<HashSet<String>> {
        Ok(HashSet::new())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut HashSet<String>,
    ) -> rusqlite::Result<()> {
        if count_if_row(ctx) {
            acc.insert(format!(
                "{} {}",
                distinct_key(raw(ctx, 0)),
                distinct_key(raw(ctx, 1))
            ));
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        acc: Option<HashSet<String>>,
    ) -> rusqlite::Result<i64> {
        Ok(acc.map_or(0, |a| i64::try_from(a.len()).unwrap_or(i64::MAX)))
    }
}

/// Whether an SQLite value is a true condition (a non-zero number).
pub(super) fn truthy(v: rusqlite::types::ValueRef<'_>) -> bool {
    match v {
        rusqlite::types::ValueRef::Integer(n) => n != 0,
        rusqlite::types::ValueRef::Real(f) => f != 0.0,
        _ => false,
    }
}

/// `uniq`/`uniqExact` as a window function: how many distinct values (not `NULL`) the frame
/// holds, each counted by how many of its rows the frame holds.
pub(super) struct Uniq;

/// The values a window's frame holds (as JSON text) and how many of its rows hold each.
pub(super) type Counts = std::collections::HashMap<String, usize>;

impl rusqlite::functions::Aggregate<Counts, i64> for Uniq {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<Counts> {
        Ok(Counts::new())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Counts,
    ) -> rusqlite::Result<()> {
        let v = sqlite_json(raw(ctx, 0));
        if !v.is_null() {
            *acc.entry(v.to_string()).or_default() += 1;
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<Counts>,
    ) -> rusqlite::Result<i64> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<Counts, i64> for Uniq {
    fn value(&self, acc: Option<&mut Counts>) -> rusqlite::Result<i64> {
        Ok(acc.map_or(0, |m| m.len() as i64))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Counts,
    ) -> rusqlite::Result<()> {
        let key = sqlite_json(raw(ctx, 0)).to_string();
        if let Some(n) = acc.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                acc.remove(&key);
            }
        }
        Ok(())
    }
}

/// `groupArray` as a window function: the frame's values (not `NULL`, as ClickHouse skips
/// them) in the order they entered it, as an array value (see [`ARRAY_MARK`]). With `arrays`,
/// of array values, each kept as an array (an array of arrays), not as its text. With a
/// second argument `N`, `groupArray(N)(x) OVER …`: the frame's first `N` values ([`Kept`]).
pub(super) struct GroupArray {
    pub(super) arrays: bool,
}

/// The values a window's `groupArray` or `groupUniqArray` holds, and the `N` of
/// `groupArray(N)(x) OVER …` (`groupUniqArray(N)(x) OVER …`): ClickHouse's WindowTransform
/// adds the frame's rows in its order to a state it makes anew whenever the frame's start
/// moves, so the state keeps the frame's first `N` values (distinct values) that are not
/// `NULL` (AggregateFunctionGroupArray.cpp `add`, AggregateFunctionGroupUniqArray.cpp `add`).
#[derive(Default)]
pub(super) struct Kept {
    /// `N`, read from the call's last argument at its first row.
    limit: Option<usize>,
    values: VecDeque<Value>,
}

/// `N`, the call's argument at `at`, where the call has it: a positive integer
/// (`casts::limited_array` checks it).
fn kept_limit(ctx: &rusqlite::functions::Context<'_>, at: usize) -> Option<usize> {
    (ctx.len() > at)
        .then(|| arg::<i64>(ctx, at).ok())
        .flatten()
        .and_then(|n| usize::try_from(n).ok())
}

impl GroupArray {
    /// Its argument as the element it adds.
    fn element(&self, ctx: &rusqlite::functions::Context<'_>) -> Value {
        match raw(ctx, 0) {
            rusqlite::types::ValueRef::Text(t) if self.arrays => {
                Value::Array(json_items(&String::from_utf8_lossy(t)))
            }
            v => sqlite_json(v),
        }
    }
}

impl rusqlite::functions::Aggregate<Kept, String> for GroupArray {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<Kept> {
        Ok(Kept::default())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Kept,
    ) -> rusqlite::Result<()> {
        if acc.limit.is_none() {
            acc.limit = kept_limit(ctx, 1);
        }
        let v = self.element(ctx);
        if !v.is_null() {
            acc.values.push_back(v);
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<Kept>,
    ) -> rusqlite::Result<String> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<Kept, String> for GroupArray {
    fn value(&self, acc: Option<&mut Kept>) -> rusqlite::Result<String> {
        let limit = acc.as_ref().and_then(|a| a.limit).unwrap_or(usize::MAX);
        let items: Vec<&Value> = acc
            .iter()
            .flat_map(|a| a.values.iter())
            .take(limit)
            .collect();
        Ok(format!("{ARRAY_MARK}{}", json!(items)))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Kept,
    ) -> rusqlite::Result<()> {
        // Rows leave a frame in the order they entered it.
        let left = self.element(ctx);
        if let Some(at) = acc.values.iter().position(|v| *v == left) {
            acc.values.remove(at);
        }
        Ok(())
    }
}

/// The values `groupUniqArray` gathers (see [`GroupUniqArray`]): how ClickHouse's set keeps
/// them, and those of the rows (of the frame) in the order they came.
#[derive(Default)]
pub(super) struct Gathered {
    kind: Option<UniqKind>,
    values: VecDeque<Value>,
    /// `N` of `groupUniqArray(N)(x) OVER …`: the frame's first `N` distinct values are
    /// kept (see [`Kept`]).
    limit: Option<usize>,
}

/// The argument of `groupUniqArray` as the element it adds (an array value as an array; a
/// `Float64` that SQLite holds as an integer as the float, one value with its equal floats).
fn uniq_element(ctx: &rusqlite::functions::Context<'_>, kind: Option<UniqKind>) -> Value {
    match raw(ctx, 0) {
        rusqlite::types::ValueRef::Text(t) if kind.is_some_and(UniqKind::is_array) => {
            Value::Array(json_items(&String::from_utf8_lossy(t)))
        }
        rusqlite::types::ValueRef::Integer(n) if kind == Some(UniqKind::Float64) => {
            json!(n as f64)
        }
        v => sqlite_json(v),
    }
}

/// ClickHouse's `groupUniqArray(x)` (also over a window): the distinct values that are not
/// `NULL` (ClickHouse's Null combinator skips them) in the order of ClickHouse's hash set,
/// [`uniq_order`], as an array value (see [`ARRAY_MARK`]); where that order depends on the
/// order values reached the set, [`UNIQ_ORDER`]. Its second argument is its
/// [`UniqKind`]'s code ([`UniqKind::close`]). Of the `-Distinct` combinator's set,
/// `groupArray(DISTINCT x)`: the values in the order first seen where that is its set's order
/// too, else [`DISTINCT_ORDER`] (which of the two ClickHouse 25.6 answers is not settled here:
/// AggregateFunctionDistinct.h answered its set's order, and later keeps the order first
/// seen).
pub(super) struct GroupUniqArray {
    pub(super) set: UniqSet,
}

impl rusqlite::functions::Aggregate<Gathered, String> for GroupUniqArray {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<Gathered> {
        Ok(Gathered::default())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Gathered,
    ) -> rusqlite::Result<()> {
        if acc.kind.is_none() {
            acc.kind = Some(UniqKind::of_code(arg::<i64>(ctx, 1).unwrap_or(0)));
            acc.limit = kept_limit(ctx, 2);
        }
        let v = uniq_element(ctx, acc.kind);
        if !v.is_null() {
            acc.values.push_back(v);
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<Gathered>,
    ) -> rusqlite::Result<String> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<Gathered, String> for GroupUniqArray {
    fn value(&self, acc: Option<&mut Gathered>) -> rusqlite::Result<String> {
        let (kind, values, limit) = match acc {
            Some(a) => (
                a.kind.unwrap_or(UniqKind::Unknown),
                a.values.iter().collect(),
                a.limit.unwrap_or(usize::MAX),
            ),
            None => (UniqKind::Unknown, Vec::new(), usize::MAX),
        };
        let mut seen = HashSet::new();
        let distinct: Vec<Value> = values
            .into_iter()
            .filter(|v| seen.insert(v.to_string()))
            .take(limit)
            .cloned()
            .collect();
        let order = match (self.set, uniq_order(kind, self.set, &distinct)) {
            (UniqSet::GroupUniqArray, Some(order)) => order,
            (UniqSet::GroupUniqArray, None) => {
                return Err(rusqlite::Error::UserFunctionError(UNIQ_ORDER.into()))
            }
            (UniqSet::Distinct, Some(order)) if order.iter().copied().eq(0..distinct.len()) => {
                order
            }
            (UniqSet::Distinct, _) => {
                return Err(rusqlite::Error::UserFunctionError(DISTINCT_ORDER.into()))
            }
        };
        let items: Vec<&Value> = order.iter().filter_map(|i| distinct.get(*i)).collect();
        Ok(format!("{ARRAY_MARK}{}", json!(items)))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Gathered,
    ) -> rusqlite::Result<()> {
        // Rows leave a frame in the order they entered it.
        let left = uniq_element(ctx, acc.kind);
        if let Some(at) = acc.values.iter().position(|v| *v == left) {
            acc.values.remove(at);
        }
        Ok(())
    }
}

/// ClickHouse's `any(x)`: the first value that is not `NULL` in the order rows are fed to it
/// (AggregateFunctionAny.h keeps the first it is given; its Null combinator skips `NULL`s),
/// `NULL` when there is none. A window's frame keeps its values, dropping the first as rows
/// leave it.
pub(super) struct AnyValue;

impl rusqlite::functions::Aggregate<VecDeque<rusqlite::types::Value>, rusqlite::types::Value>
    for AnyValue
{
    fn init(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
    ) -> rusqlite::Result<VecDeque<rusqlite::types::Value>> {
        Ok(VecDeque::new())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut VecDeque<rusqlite::types::Value>,
    ) -> rusqlite::Result<()> {
        let v = rusqlite::types::Value::from(raw(ctx, 0));
        if v != rusqlite::types::Value::Null {
            acc.push_back(v);
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<VecDeque<rusqlite::types::Value>>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<VecDeque<rusqlite::types::Value>, rusqlite::types::Value>
    for AnyValue
{
    fn value(
        &self,
        acc: Option<&mut VecDeque<rusqlite::types::Value>>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        Ok(acc
            .and_then(|a| a.front().cloned())
            .unwrap_or(rusqlite::types::Value::Null))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut VecDeque<rusqlite::types::Value>,
    ) -> rusqlite::Result<()> {
        // Rows leave a frame in the order they entered it.
        if rusqlite::types::Value::from(raw(ctx, 0)) != rusqlite::types::Value::Null {
            acc.pop_front();
        }
        Ok(())
    }
}

/// ClickHouse's `min`/`max` of arrays (`max` where `max`): the least (greatest) array as
/// SingleValueDataGeneric compares their Fields ([`array_order_key`]: element by element, a
/// prefix first, a `NULL` element first), the first of equal ones; over a window's frame too
/// (its rows kept, in the order they entered).
pub(super) struct ArrayExtreme {
    pub(super) max: bool,
}

impl
    rusqlite::functions::Aggregate<
        VecDeque<(Vec<u8>, rusqlite::types::Value)>,
        rusqlite::types::Value,
    > for ArrayExtreme
{
    fn init(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
    ) -> rusqlite::Result<VecDeque<(Vec<u8>, rusqlite::types::Value)>> {
        Ok(VecDeque::new())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut VecDeque<(Vec<u8>, rusqlite::types::Value)>,
    ) -> rusqlite::Result<()> {
        let v = rusqlite::types::Value::from(raw(ctx, 0));
        if v != rusqlite::types::Value::Null {
            let mut key = Vec::new();
            if let rusqlite::types::Value::Text(t) = &v {
                array_order_key(&Value::Array(json_items(t)), &mut key, false);
            }
            acc.push_back((key, v));
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<VecDeque<(Vec<u8>, rusqlite::types::Value)>>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl
    rusqlite::functions::WindowAggregate<
        VecDeque<(Vec<u8>, rusqlite::types::Value)>,
        rusqlite::types::Value,
    > for ArrayExtreme
{
    fn value(
        &self,
        acc: Option<&mut VecDeque<(Vec<u8>, rusqlite::types::Value)>>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        let mut best: Option<&(Vec<u8>, rusqlite::types::Value)> = None;
        for item in acc.iter().flat_map(|a| a.iter()) {
            let better = best.is_none_or(|b| if self.max { item.0 > b.0 } else { item.0 < b.0 });
            if better {
                best = Some(item);
            }
        }
        Ok(best.map_or(rusqlite::types::Value::Null, |b| b.1.clone()))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut VecDeque<(Vec<u8>, rusqlite::types::Value)>,
    ) -> rusqlite::Result<()> {
        // Rows leave a frame in the order they entered it.
        if rusqlite::types::Value::from(raw(ctx, 0)) != rusqlite::types::Value::Null {
            acc.pop_front();
        }
        Ok(())
    }
}

/// ClickHouse's `quantile(level)(x)`: the level-th value of the sorted values, interpolated
/// linearly between neighbours as ReservoirSampler::quantileInterpolated computes it in
/// `Float64` (`a * left_coef + b * right_coef`, the same since its first sources; ClickHouse
/// builds with `-ffp-contract=off` since PR #60610 of 2024-03, so no machine fuses it), which
/// `a + (b - a) * frac` would round otherwise (`quantile(0.99)` of 1, 4 and 10 is 9.88 there,
/// not 9.879999999999999) (exact, as ClickHouse's up to 8,192 values; past them [`Quantile`] is not run).
pub(super) fn quantile_of(mut values: Vec<f64>, level: f64) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let last = values.len().checked_sub(1)? as f64;
    let index = (level * last).min(last).max(0.0);
    let left = index as usize;
    let a = *values.get(left)?;
    let Some(b) = values.get(left + 1).copied() else {
        return Some(a);
    };
    Some(a * ((left + 1) as f64 - index) + b * (index - left as f64))
}

/// The rounding of ClickHouse's `round`, `floor` and `ceil`.
#[derive(Clone, Copy)]
pub(super) enum Rounding {
    Round,
    Floor,
    Ceil,
}

/// `round`/`floor`/`ceil` (`mode`) of the integer `x` of `bits` bits (8, 16 or 32; signed
/// where `signed`) to `digits` decimal places, as ClickHouse's IntegerRoundingComputation
/// computes it in that type: for `digits` < 0, past the type's decimal digits (2, 4, 9) 0;
/// else with the scale `s` = 10^-digits, `round` moves a negative `x` by `-s`, `floor` by
/// `-(s - 1)`, `ceil` a non-negative one by `s - 1`, each stored back in the type (wrapping),
/// then takes `(x + s / 2) / s * s` (`round`) or `x / s * s`, in C's `int` (32 bits) or the
/// type where it is as wide, truncating, and stores that in the type. So `round(-125, -1)` of
/// an `Int8` is 120, `round(255, -1)` of a `UInt8` 4, `round(-125, -2)` 0, `ceil(255, -1)` 0,
/// `round(toInt32(-2147483600), -1)` -2147483600 (ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree). `None` for another width.
pub(super) fn narrow_rounding(
    mode: Rounding,
    x: i64,
    digits: i64,
    bits: u8,
    signed: bool,
) -> Option<i64> {
    if !matches!(bits, 8 | 16 | 32) {
        return None;
    }
    if digits >= 0 {
        return Some(x);
    }
    let places = match bits {
        8 => 2,
        16 => 4,
        _ => 9,
    };
    let p = digits.checked_neg()?;
    if p > places {
        return Some(0);
    }
    let wrap = |v: i128, bits: u8, signed: bool| -> i128 {
        let m = 1i128 << bits;
        let u = v.rem_euclid(m);
        if signed && u >= m / 2 {
            u - m
        } else {
            u
        }
    };
    let (wide, wide_signed) = if bits < 32 {
        (32, true)
    } else {
        (bits, signed)
    };
    let scale = 10i128.checked_pow(u32::try_from(p).ok()?)?;
    let mut v = wrap(i128::from(x), bits, signed);
    let result = match mode {
        Rounding::Round => {
            if v < 0 {
                v = wrap(v - scale, bits, signed);
            }
            let sum = wrap(v + scale / 2, wide, wide_signed);
            wrap(sum / scale * scale, wide, wide_signed)
        }
        Rounding::Floor => {
            if v < 0 {
                v = wrap(v - (scale - 1), bits, signed);
            }
            v / scale * scale
        }
        Rounding::Ceil => {
            if v >= 0 {
                v = wrap(v + scale - 1, bits, signed);
            }
            v / scale * scale
        }
    };
    i64::try_from(wrap(result, bits, signed)).ok()
}

impl Rounding {
    /// `x` rounded to `digits` decimal places (negative: to tens, hundreds, …).
    fn float(self, x: f64, digits: i32) -> f64 {
        let scale = 10f64.powi(digits.abs());
        let scaled = if digits >= 0 { x * scale } else { x / scale };
        let rounded = match self {
            Rounding::Round => scaled.round_ties_even(),
            Rounding::Floor => scaled.floor(),
            Rounding::Ceil => scaled.ceil(),
        };
        if digits >= 0 {
            rounded / scale
        } else {
            rounded * scale
        }
    }

    /// `n` rounded to a multiple of 10^-digits (itself for `digits` >= 0).
    fn integer(self, n: i64, digits: i32) -> i64 {
        if digits >= 0 {
            return n;
        }
        let unit = 10i64.saturating_pow(digits.unsigned_abs());
        let down = n.div_euclid(unit).saturating_mul(unit);
        let up = if down == n {
            n
        } else {
            down.saturating_add(unit)
        };
        match self {
            Rounding::Floor => down,
            Rounding::Ceil => up,
            // Half away from zero.
            Rounding::Round => {
                let from_down = n - down;
                if from_down * 2 > unit || (from_down * 2 == unit && n > 0) {
                    up
                } else {
                    down
                }
            }
        }
    }
}

/// The error of a `DateTime` of a zone moved on a day [`zone_moved`] does not read (see
/// [`super::sqlite_error`]).
pub(super) const ZONE_NOT_RUN: &str = "ch_zone_not_run";

/// The error of a time moved past SQLite's integers or the year 9999 (see `ch_moved`,
/// `ch_add_months` and [`super::sqlite_error`]).
pub(super) const TIME_PAST: &str = "ch_time_past_integers";

/// The error of a time outside its type's range (see `ch_time_range`, `ch_nanos_move` and
/// [`super::sqlite_error`]).
pub(super) const TIME_RANGE: &str = "ch_time_range_not_run";

/// Whether `v` is a float SQLite's integer arithmetic made past its 64 bits (a sum or product
/// of integers that overflowed; the reals held here, a `DateTime64`'s ms with its µs, are far
/// below).
fn past_integers(v: rusqlite::types::ValueRef<'_>) -> bool {
    matches!(v, rusqlite::types::ValueRef::Real(f) if f.is_nan() || f.abs() >= 9.2e18)
}

/// A JSON value read as ClickHouse's `JSONExtract*` reads it: an object's key given more than
/// once keeps its first value (SimdJSONParser's `Object::find` is simdjson's DOM `at_key`, which
/// returns the first field of that key; RapidJSON's `FindMember`, its fallback, too), where
/// serde_json's `Value` keeps the last.
struct FirstKeys(Value);

impl<'de> serde::Deserialize<'de> for FirstKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FirstKeysVisitor).map(FirstKeys)
    }
}

struct FirstKeysVisitor;

impl<'de> serde::de::Visitor<'de> for FirstKeysVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::from(n))
    }
    fn visit_str<E>(self, t: &str) -> Result<Value, E> {
        Ok(Value::String(t.to_string()))
    }
    fn visit_string<E>(self, t: String) -> Result<Value, E> {
        Ok(Value::String(t))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(FirstKeys(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut m = Map::new();
        while let Some((k, FirstKeys(v))) = map.next_entry::<String, FirstKeys>()? {
            m.entry(k).or_insert(v);
        }
        Ok(Value::Object(m))
    }
}

/// The error of `JSONExtractString` of an object or array, of an object's member by
/// position, or of a negative zero (see [`super::sqlite_error`]).
pub(super) const JSON_NOT_RUN: &str = "ch_json_extract_not_run";

/// Whether the JSON text `document` holds an integer (a number without `.`, `e` or `E`)
/// outside `Int64` and `UInt64`, which simdjson refuses, so the document is none to ClickHouse
/// (`JSONExtractString('{"a": "x", "b": 123456789012345678901234}', 'a')` is `''`: chDB 3.6.0,
/// ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree), where serde_json reads it as a float.
fn json_wide_integer(document: &str) -> bool {
    let mut chars = document.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '-' | '0'..='9' => {
                let mut number = String::from(c);
                while let Some(&d) = chars.peek() {
                    if !(d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-')) {
                        break;
                    }
                    number.push(d);
                    chars.next();
                }
                let integer = !number.contains(['.', 'e', 'E']);
                if integer && number.parse::<i64>().is_err() && number.parse::<u64>().is_err() {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// The error of a text [`converted_time_text`] does not read (see [`super::sqlite_error`]).
pub(super) const TEXT_NOT_RUN: &str = "ch_time_text_not_run";
/// The error of `formatDateTime` of a format holding `%f` beside `%e`, `%M` or `%W` (see
/// [`format_f_unsettled`]).
pub(super) const FORMAT_F_NOT_RUN: &str = "ch_format_f_not_run";

/// Whether `format` holds `%f` beside `%e`, `%M` or `%W`, the specifiers whose width varies:
/// ClickHouse 25.5 writes `%f`'s digits there as bytes 0 to 9 (`\u0001\u0002…`, chDB 3.6.0,
/// ClickHouse 25.5.2), 25.8 as digits (chDB 3.7.2, 25.8.2), so which 25.6 writes is not
/// settled.
pub(super) fn format_f_unsettled(format: &str) -> bool {
    let mut specifiers = Vec::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c == '%' {
            if let Some(s) = chars.next() {
                specifiers.push(s);
            }
        }
    }
    specifiers.contains(&'f') && specifiers.iter().any(|s| matches!(s, 'e' | 'M' | 'W'))
}
/// The error of `ILIKE` of a non-ASCII letter (see [`super::sqlite_error`]).
pub(super) const ILIKE_CASED: &str = "ch_ilike_cased_not_run";
/// The error of `substring` whose bytes cut a character (see [`super::sqlite_error`]).
pub(super) const SUBSTRING_CUT: &str = "ch_substring_cut_not_run";
/// The error of `quantile` over more values than ClickHouse's sample holds (see
/// [`QUANTILE_SAMPLE`]).
pub(super) const QUANTILE_SAMPLED: &str = "ch_quantile_sampled_not_run";
/// The values ClickHouse's `quantile` (`quantileReservoirSampler`) keeps: ReservoirSampler.h's
/// `DEFAULT_SAMPLE_COUNT`. Up to it every value is kept and the answer is exact; past it each
/// further value replaces one at random (and states merged from several threads sample
/// again), so which are kept is open.
pub(super) const QUANTILE_SAMPLE: usize = 8192;
/// The error of `toInt32`/`toInt64` of a finite float outside the type's range (see
/// [`to_int`]).
pub(super) const TO_INT_RANGE: &str = "ch_to_int_range_not_run";
/// The SQLite function of `groupArray(N)(x)` and `groupUniqArray(N)(x)` (see
/// `casts::limited_array`).
pub(super) const LIMITED: &str = "ch_limited_array";
/// What [`LIMITED`] raises of more than `N` values.
pub(super) const LIMITED_ORDER: &str = "ch_limited_array_not_run";
/// The error of `ch_interval_ms` of a count of ns that is no whole µs.
pub(super) const SUB_MICROSECOND: &str = "ch_sub_microsecond_not_run";
/// The SQLite error of a `Decimal` of seconds (a `DateTime64` less a time) of
/// [`DECIMAL_SECONDS_MAX`] or more.
pub(super) const DECIMAL_RANGE: &str = "ch_decimal_out_of_range";
/// A `Decimal` of seconds is held as the float nearest it ([`Ty::Decimal`]), which tells its
/// µs apart, and writes them as the shortest text that reads back, below 2^32 seconds (the
/// float's step there is 2^-20 s, under a µs); 2^32 seconds (136 years) and more are not run.
pub(super) const DECIMAL_SECONDS_MAX: u64 = 1 << 32;
/// Refused: what ClickHouse computes in decimals of a `Decimal` of seconds held as a float.
pub(super) const DECIMAL_ARITHMETIC: &str = "arithmetic (but + and - of integers or another, * of an integer), sumIf, avgIf, a window's sum or avg or quantile of a Decimal held as a float here (a DateTime64 less a time, a subquery's column of a CAST)";
/// Refused: a `Decimal` of seconds compared with a string ([`decimal_meets_text`]).
pub(super) const DECIMAL_TEXT: &str = "a DateTime64 less a time (a Decimal) compared with a string";
/// Refused: an array of `Decimal`s of seconds (its elements' type is not followed here, and
/// upstream's Go writes each as a string).
pub(super) const DECIMAL_ARRAY: &str = "an array of DateTime64s less times (Decimals)";

/// The SQLite error of a [`DecimalFailure`] of `v`, worded as upstream words ClickHouse's.
fn decimal_failure(e: DecimalFailure, v: ValueRef<'_>) -> rusqlite::Error {
    match (e, v) {
        (DecimalFailure::Overflow, _) => {
            rusqlite::Error::UserFunctionError("Decimal convert overflow".into())
        }
        (DecimalFailure::Parse, ValueRef::Text(t) | ValueRef::Blob(t)) => parse_error(t),
        _ => rusqlite::Error::UserFunctionError(DECIMAL_NOT_RUN.into()),
    }
}

/// A `Decimal`'s `units` of `scale` as the answer holds it, for upstream's Go to write as a
/// shopspring `decimal.Decimal` (a string without trailing zeros, see [`Ty::Decimal`]): a
/// whole value as its integer, another as the float whose shortest text ([`decimal_text`])
/// is the decimal's own; one no float writes so is not run ([`DECIMAL_NOT_RUN`]). Of a
/// subquery's `column`, whose reader may compare it with a float (ClickHouse through the
/// decimal's `Float64`, SQLite exactly), a whole value is held only below 2^53.
fn decimal_answer(
    units: i128,
    scale: u8,
    column: bool,
) -> rusqlite::Result<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    let not_run = || rusqlite::Error::UserFunctionError(DECIMAL_NOT_RUN.into());
    let unit = 10i128.checked_pow(u32::from(scale)).ok_or_else(not_run)?;
    if units % unit == 0 {
        return i64::try_from(units / unit)
            .ok()
            .filter(|v| !column || v.unsigned_abs() < 1 << 53)
            .map(V::Integer)
            .ok_or_else(not_run);
    }
    let text = decimal_units_text(units, scale);
    let f: f64 = text.parse().map_err(|_| not_run())?;
    match decimal_text(f) {
        Some(shown) if shown == text => Ok(V::Real(f)),
        _ => Err(not_run()),
    }
}

/// A `Decimal` of seconds held as the float nearest it ([`Ty::Decimal`]) as its integer of µs
/// (`ch_decimal_micros`); [`DECIMAL_RANGE`] where the float does not tell them.
fn held_micros(v: ValueRef<'_>) -> rusqlite::Result<Option<i64>> {
    let range = || rusqlite::Error::UserFunctionError(DECIMAL_RANGE.into());
    match v {
        ValueRef::Null => Ok(None),
        ValueRef::Integer(n) => n.checked_mul(1_000_000).map(Some).ok_or_else(range),
        ValueRef::Real(f) => decimal_text(f)
            .and_then(|t| decimal_micros(&t))
            .map(Some)
            .ok_or_else(range),
        _ => Err(range()),
    }
}

/// A decimal's text of up to six fraction digits (`-1.5`, `3600`) as its integer of µs.
fn decimal_micros(text: &str) -> Option<i64> {
    let (sign, abs) = match text.strip_prefix('-') {
        Some(abs) => (-1, abs),
        None => (1, text),
    };
    let (whole, fraction) = abs.split_once('.').unwrap_or((abs, ""));
    if fraction.len() > 6 || whole.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let fraction: i64 = format!("{fraction:0<6}").parse().ok()?;
    whole
        .checked_mul(1_000_000)
        .and_then(|us| us.checked_add(fraction))
        .map(|us| sign * us)
}

/// ClickHouse's "Cannot parse string …" of a string that is no such number (or time).
fn parse_error(t: &[u8]) -> rusqlite::Error {
    rusqlite::Error::UserFunctionError(
        format!("Cannot parse string '{}'", String::from_utf8_lossy(t)).into(),
    )
}

/// ClickHouse's `toInt32` (`int32`) or `toInt64` of a value (FunctionsConversion's
/// `ConvertImpl`): an integer wraps round the width's bits; a float is cut toward zero, a
/// finite one outside the width is not run ([`TO_INT_RANGE`]: ConvertImpl checks only for
/// inf and nan and then `static_cast`s it, which C++ leaves undefined and the machine makes:
/// x86's `cvttsd2si` the width's least value, aarch64's `fcvtzs` the nearest end), and `±inf`
/// is refused ("Unexpected inf or nan to integer conversion", upstream's
/// "Invalid analytics query"); a string must read as an integer of the width.
fn to_int(
    v: rusqlite::types::ValueRef<'_>,
    int32: bool,
) -> rusqlite::Result<rusqlite::types::Value> {
    use rusqlite::types::{Value as V, ValueRef as R};
    // The power of two the width's values stay below.
    let bound = if int32 {
        2_147_483_648.0
    } else {
        9_223_372_036_854_775_808.0
    };
    Ok(match v {
        R::Null => V::Null,
        R::Integer(n) if int32 => V::Integer(i64::from(n as i32)),
        R::Integer(n) => V::Integer(n),
        R::Real(f) if !f.is_finite() => {
            return Err(rusqlite::Error::UserFunctionError(
                "Unexpected inf or nan to integer conversion".into(),
            ))
        }
        R::Real(f) if f.trunc() >= -bound && f.trunc() < bound => V::Integer(f as i64),
        R::Real(_) => return Err(rusqlite::Error::UserFunctionError(TO_INT_RANGE.into())),
        R::Text(t) | R::Blob(t) => {
            let read = std::str::from_utf8(t).ok();
            V::Integer(
                if int32 {
                    read.and_then(|t| t.parse::<i32>().ok()).map(i64::from)
                } else {
                    read.and_then(|t| t.parse::<i64>().ok())
                }
                .ok_or_else(|| parse_error(t))?,
            )
        }
    })
}

/// A `CAST` to `Float32` of a value (see [`Float32Site`]): an integer or a `Float64` rounded to
/// the nearest `float` (ClickHouse's `static_cast`), a string read as one (else "Cannot
/// parse", as `toFloat64`'s), held as its exact value, or where `shown` as the `Float64`
/// nearest its shortest decimal for 32 bits (`0.1`, not `0.10000000149011612`).
pub(super) fn float32(v: ValueRef<'_>, shown: bool) -> rusqlite::Result<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    let f = match v {
        ValueRef::Null => return Ok(V::Null),
        ValueRef::Integer(n) => n as f32,
        ValueRef::Real(f) => f as f32,
        ValueRef::Text(t) | ValueRef::Blob(t) => std::str::from_utf8(t)
            .ok()
            .and_then(|t| t.parse::<f32>().ok())
            .ok_or_else(|| parse_error(t))?,
    };
    if f.is_nan() {
        return Ok(V::Null);
    }
    Ok(V::Real(if shown && f.is_finite() {
        format!("{f:e}").parse().unwrap_or(f64::from(f))
    } else {
        f64::from(f)
    }))
}

/// A [`Narrowed`] `CAST`'s conversion of a value (of `bits` 1, to `Bool`), as ClickHouse's
/// ConvertImpl makes it: an integer keeps its low `bits` bits (as a signed one where
/// `signed`), a float is cut toward zero (`±inf` "Unexpected inf or nan to integer
/// conversion", as [`to_int`]), a string is read as an integer (else "Cannot parse"); to
/// `Bool`, whether a number is not 0, a string as [`bool_text`] reads it. A float or string
/// outside the type's range (whose conversion there is the machine's, or a parse error of its
/// own) and a negative number to `UInt64` (past what SQLite holds) fail as not run
/// ([`NARROWED_NOT_RUN`]).
fn narrow(v: ValueRef<'_>, bits: u8, signed: bool) -> rusqlite::Result<rusqlite::types::Value> {
    use rusqlite::types::Value as V;
    let not_run = || rusqlite::Error::UserFunctionError(NARROWED.into());
    if bits == 1 {
        return match v {
            ValueRef::Null => Ok(V::Null),
            ValueRef::Integer(n) => Ok(V::Integer(i64::from(n != 0))),
            ValueRef::Real(f) => Ok(V::Integer(i64::from(f != 0.0))),
            ValueRef::Text(t) | ValueRef::Blob(t) => std::str::from_utf8(t)
                .ok()
                .and_then(bool_text)
                .map(|b| V::Integer(i64::from(b)))
                .ok_or_else(|| {
                    rusqlite::Error::UserFunctionError(
                        format!(
                            "Cannot parse boolean value here: '{}'",
                            String::from_utf8_lossy(t)
                        )
                        .into(),
                    )
                }),
        };
    }
    let (least, most) = narrowed_range(bits, signed);
    let wrapped = |n: i64| -> rusqlite::Result<V> {
        if bits >= 64 {
            return if signed || n >= 0 {
                Ok(V::Integer(n))
            } else {
                Err(not_run())
            };
        }
        let modulus = 1i128 << bits;
        let low = i128::from(n).rem_euclid(modulus);
        let value = if signed && low > most {
            low - modulus
        } else {
            low
        };
        Ok(V::Integer(i64::try_from(value).unwrap_or_default()))
    };
    let in_range = |n: i128| (least..=most).contains(&n);
    match v {
        ValueRef::Null => Ok(V::Null),
        ValueRef::Integer(n) => wrapped(n),
        ValueRef::Real(f) if !f.is_finite() => Err(rusqlite::Error::UserFunctionError(
            "Unexpected inf or nan to integer conversion".into(),
        )),
        // (Below 2^64 in magnitude, `as i128` is exact after `trunc`.)
        ValueRef::Real(f) if f.trunc().abs() < 1.8e19 && in_range(f.trunc() as i128) => {
            Ok(V::Integer(f.trunc() as i64))
        }
        ValueRef::Real(_) => Err(not_run()),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            let n = std::str::from_utf8(t)
                .ok()
                .and_then(|t| t.parse::<i64>().ok())
                .ok_or_else(|| parse_error(t))?;
            if narrowed_holds(n, bits, signed) {
                Ok(V::Integer(n))
            } else {
                Err(not_run())
            }
        }
    }
}

/// Appends to `key` the bytes of `v` (an array element, or a whole array) whose byte order
/// is ClickHouse's order of it (ColumnArray's compareAt: element by element, then the shorter
/// first, so `[]` least; ColumnString's by bytes, a prefix first; numbers by value, `-0` as
/// `0`): an array is each element after `2` and then `1`; a string its bytes (a `0` as `0
/// 255`) and then `0 0`; a number its `f64` and, for integers past 2^53, its `i64` after it
/// (each with its sign bit flipped, a negative `f64`'s every bit), so an integer and a float
/// of one value are one key. A `NULL` element is `4`, after any value, where `nulls_high`
/// (ClickHouse's nan_direction_hint 1: a comparison's, an ascending `ORDER BY … NULLS
/// LAST`'s), else `2`, before any value but after the array's end (the hint -1; Field's
/// order, whose `Null` is its least type, as `min`/`max` compare); a value is after `3`.
pub(super) fn array_order_key(v: &Value, key: &mut Vec<u8>, nulls_high: bool) {
    let null = if nulls_high { 4 } else { 2 };
    match v {
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Null => key.push(null),
                    _ => {
                        key.push(3);
                        array_order_key(item, key, nulls_high);
                    }
                }
            }
            key.push(1);
        }
        Value::String(text) => {
            for b in text.bytes() {
                key.push(b);
                if b == 0 {
                    key.push(255);
                }
            }
            key.extend([0, 0]);
        }
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            let f = if f == 0.0 { 0.0 } else { f };
            let bits = f.to_bits();
            let ordered = if bits >> 63 == 1 {
                !bits
            } else {
                bits | (1 << 63)
            };
            key.extend(ordered.to_be_bytes());
            let exact = n.as_i64().unwrap_or(f as i64);
            key.extend(((exact as u64) ^ (1 << 63)).to_be_bytes());
        }
        Value::Bool(b) => array_order_key(&json!(u8::from(*b)), key, nulls_high),
        Value::Null | Value::Object(_) => key.push(null),
    }
}
