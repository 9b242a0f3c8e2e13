//! ClickHouse's dates and times on Unix ms: calendar months, truncation, its date formats
//! and Go's writing of times.

use super::*;

pub(super) fn unit_ms(unit: &str) -> Option<i64> {
    Some(match unit.to_ascii_uppercase().trim_end_matches('S') {
        "SECOND" => 1_000,
        "MINUTE" => 60_000,
        "HOUR" => 3_600_000,
        "DAY" => 86_400_000,
        "WEEK" => 604_800_000,
        _ => return None,
    })
}

/// A date string as upstream's retention check reads one: RFC 3339, `YYYY-MM-DD HH:MM:SS` or
/// `YYYY-MM-DD` (UTC), as Unix ms.
pub(super) fn parse_date(s: &str) -> Option<i64> {
    let num = |a: usize, b: usize| -> Option<i64> {
        let part = s.get(a..b)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let sep = |i: usize, c: u8| s.as_bytes().get(i) == Some(&c);
    if s.len() < 10 || !sep(4, b'-') || !sep(7, b'-') {
        return None;
    }
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let day_ms = days_from_civil(y, m, d) * 86_400_000;
    if s.len() == 10 {
        return Some(day_ms);
    }
    if !(sep(10, b' ') || sep(10, b'T')) || !sep(13, b':') || !sep(16, b':') {
        return None;
    }
    let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let base = day_ms + ((h * 60 + mi) * 60 + sec) * 1000;
    let rest = s.get(19..)?;
    if sep(10, b' ') {
        return rest.is_empty().then_some(base);
    }
    // RFC 3339: optional fraction, then `Z` or `±HH:MM`.
    let rest = match rest.strip_prefix('.') {
        Some(f) => f.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    if rest == "Z" || rest == "z" {
        return Some(base);
    }
    let (sign, off) = match rest.as_bytes().first() {
        Some(b'+') => (-1, rest.get(1..)?),
        Some(b'-') => (1, rest.get(1..)?),
        _ => return None,
    };
    let (oh, om) = off.split_once(':')?;
    let (oh, om) = (oh.parse::<i64>().ok()?, om.parse::<i64>().ok()?);
    Some(base + sign * (oh * 60 + om) * 60_000)
}

/// SQL for a time (or a count of ms) `sql` in whole `unit`s, rounded down: ClickHouse's/// SQL for a time (or a count of ms) `sql` in whole `unit`s, rounded down: ClickHouse's
/// calendar (`toStartOf…`, whole seconds and days, `WITH FILL` counts) floors a time before
/// 1970 to the unit before it, where SQLite's integer `/` truncates toward zero. Every such
/// division is written here (SQLite's `ch_floor_div`; a real is floored too, `NULL` stays).
pub(super) fn floor_div_sql(sql: &str, unit: i64) -> String {
    let (open, close) = floor_div_parts(unit);
    format!("{open}{sql}{close}")
}

/// [`floor_div_sql`] as the SQL before and after its operand.
pub(super) fn floor_div_parts(unit: i64) -> (String, String) {
    ("ch_floor_div((".into(), format!("), {unit})"))
}

/// `us` as a `Decimal` of seconds as shopspring's decimal writes it: `-1.5`, `3600`.
pub(super) fn decimal_seconds(us: i64) -> String {
    decimal_fraction(us, 6)
}

/// `units` of a second of `digits` fraction digits (µs of 6, ns of 9) as a `Decimal` of
/// seconds as shopspring's decimal writes it (trailing zeros dropped, no point when whole).
pub(super) fn decimal_fraction(units: i64, digits: usize) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let per_second = u32::try_from(digits)
        .ok()
        .and_then(|d| 10_u64.checked_pow(d))
        .unwrap_or(1);
    let (whole, frac) = (
        units.unsigned_abs() / per_second,
        units.unsigned_abs() % per_second,
    );
    let frac = format!("{frac:0digits$}");
    match frac.trim_end_matches('0') {
        "" => format!("{sign}{whole}"),
        digits => format!("{sign}{whole}.{digits}"),
    }
}

/// A Unix ms time as a `DateTime64` of `scale` digits holds it ([`scale_micros`]; as
/// `now64(scale)` reads this ms clock).
pub(super) fn to_scale(ms: i64, scale: Option<i64>) -> i64 {
    scale_micros(ms.saturating_mul(1000), scale.or(Some(3))) / 1000
}

/// A time in Unix µs as a `DateTime64` of `scale` digits holds it: its fraction cut to that
/// many digits (as ClickHouse converts a time or parses one into a smaller scale); µs are kept
/// at most (see the README on scales above 6).
pub(super) fn scale_micros(us: i64, scale: Option<i64>) -> i64 {
    match scale.and_then(|p| u32::try_from(6 - p).ok()) {
        Some(cut @ 1..=6) => {
            let unit = 10_i64.pow(cut);
            us - us % unit
        }
        _ => us,
    }
}

/// A time as SQLite holds it, in Unix µs: Unix ms, an integer, or (a `DateTime64` finer than
/// ms) a real of ms whose µs are its fraction.
pub(super) fn micros(v: ValueRef<'_>) -> Option<i64> {
    match v {
        ValueRef::Integer(ms) => ms.checked_mul(1000),
        ValueRef::Real(ms) if ms.is_finite() && ms.abs() < 9e15 => {
            Some((ms * 1000.0).round() as i64)
        }
        _ => None,
    }
}

/// A time in Unix µs as SQLite holds it (see [`micros`]).
pub(super) fn from_micros(us: i64) -> rusqlite::types::Value {
    match us % 1000 {
        0 => rusqlite::types::Value::Integer(us / 1000),
        _ => rusqlite::types::Value::Real(us as f64 / 1000.0),
    }
}

/// A time in Unix µs as SQL (see [`micros`]).
pub(super) fn micros_sql(us: i64) -> String {
    match from_micros(us) {
        rusqlite::types::Value::Real(ms) => format!("{ms:?}"),
        _ => (us / 1000).to_string(),
    }
}

/// A `DateTime64`'s scale as a query writes it (`now64(6)`): a number up to 9, else `None`
/// (see [`Tr::check_scale`] for a larger one).
pub(super) fn scale(tok: Option<&Tok>) -> Option<u8> {
    match tok {
        Some(Tok::Num(p)) => p.parse().ok().filter(|p| *p <= 9),
        _ => None,
    }
}

/// A `DateTime64` literal (`toDateTime64('2026-01-01 00:00:00.123456', 6)`): a date as
/// [`parse_date`] reads it, with a fraction of a second after the time too, taken to its
/// microseconds; in Unix µs ([`parse_datetime_in`]).
pub(super) fn parse_datetime64(text: &str) -> Option<i64> {
    parse_datetime_in(text, 6)
}

/// A `DateTime64` literal in units of `digits` (3 to 9) fraction digits of a second since
/// 1970, its fraction taken to that many digits; `None` where an `i64` cannot hold it.
pub(super) fn parse_datetime_in(text: &str, digits: usize) -> Option<i64> {
    let per_ms = 10_i64.checked_pow(u32::try_from(digits.checked_sub(3)?).ok()?)?;
    let Some((base, fraction)) = text.split_once('.').filter(|(b, _)| b.len() == 19) else {
        return parse_date(text)?.checked_mul(per_ms);
    };
    if fraction.is_empty() || !fraction.bytes().all(|c| c.is_ascii_digit()) {
        return parse_date(text)?.checked_mul(per_ms);
    }
    let part: i64 = format!("{fraction:0<digits$}")
        .get(..digits)?
        .parse()
        .ok()?;
    parse_date(base)?.checked_mul(per_ms)?.checked_add(part)
}

/// A Unix ms time as Go writes a `time.Time` in JSON ([`rfc3339_us`]).
pub(super) fn rfc3339_ms(ms: i64) -> String {
    rfc3339_us(ms.saturating_mul(1000))
}

/// A Unix µs time as Go writes a `time.Time` in JSON ([`rfc3339_fraction`]).
pub(super) fn rfc3339_us(us: i64) -> String {
    rfc3339_fraction(us.div_euclid(1000), us.rem_euclid(1_000_000), 6)
}

/// A Unix ns time as Go writes a `time.Time` in JSON ([`rfc3339_fraction`]).
pub(super) fn rfc3339_ns(ns: i64) -> String {
    rfc3339_fraction(ns.div_euclid(1_000_000), ns.rem_euclid(1_000_000_000), 9)
}

/// A time (its Unix ms, and its fraction of a second in `digits` digits) as Go writes a
/// `time.Time` in JSON: RFC 3339, UTC, with the fraction of a second only when there is one,
/// its trailing zeros dropped.
fn rfc3339_fraction(ms: i64, frac: i64, digits: usize) -> String {
    let whole = crate::ids::rfc3339(ms);
    if frac == 0 {
        return whole;
    }
    let digits = format!("{frac:0digits$}");
    let digits = digits.trim_end_matches('0');
    match whole.strip_suffix('Z') {
        Some(base) => format!("{base}.{digits}Z"),
        None => whole,
    }
}

/// Months in one `INTERVAL` unit counted in months.
pub(super) fn months_of(unit: &str) -> Option<i64> {
    match unit.trim_end_matches('S') {
        "MONTH" => Some(1),
        "QUARTER" => Some(3),
        "YEAR" => Some(12),
        _ => None,
    }
}

/// `ms` moved by `months` calendar months, the day clamped to the month's last (as ClickHouse
/// adds months to a date), the time of day kept.
pub(super) fn add_months(ms: i64, months: i64) -> i64 {
    // Beyond a million years either way the arithmetic below would overflow.
    let months = months.clamp(-12_000_000, 12_000_000);
    let day = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(day);
    let total = y * 12 + (m - 1) + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let last = days_in_month(ny, nm);
    days_from_civil(ny, nm, d.min(last))
        .saturating_mul(86_400_000)
        .saturating_add(rest)
}

/// ClickHouse's `date_trunc(unit, t)` on Unix ms (weeks start on Monday).
pub(super) fn date_trunc(unit: &str, ms: i64) -> Option<i64> {
    const DAY: i64 = 86_400_000;
    let day = ms.div_euclid(DAY);
    let (y, m, _) = civil_from_days(day);
    Some(match unit.to_ascii_lowercase().as_str() {
        "second" => ms - ms.rem_euclid(1000),
        "minute" => ms - ms.rem_euclid(60_000),
        "hour" => ms - ms.rem_euclid(3_600_000),
        "day" => day * DAY,
        // 1970-01-01 was a Thursday (3 days after a Monday).
        "week" => (day - (day + 3).rem_euclid(7)) * DAY,
        "month" => days_from_civil(y, m, 1) * DAY,
        "quarter" => start_of_quarter(ms),
        "year" => days_from_civil(y, 1, 1) * DAY,
        _ => return None,
    })
}

/// ClickHouse's `formatDateTime(t, format)` for Unix µs (UTC), with the specifiers of its
/// MySQL-style table (`%a %b %c %C %d %D %e %f %F %g %G %h %H %i %I %j %k %l %m %M %n %p %Q %r
/// %R %s %S %t %T %u %V %w %W %y %Y %z %%`, numbers zero-padded as 25.6 writes them without
/// `formatdatetime_format_without_leading_zeros`); `None` for another.
/// `%f` is six digits, of a `DateTime64` (`fraction`) its fraction of a second, else zeros (as
/// ClickHouse without `formatdatetime_f_prints_scale_number_of_digits`, off by default).
pub(super) fn format_datetime(us: i64, format: &str, fraction: bool) -> Option<String> {
    let ms = us.div_euclid(1000);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const WEEKDAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    let day = ms.div_euclid(86_400_000);
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    let (y, m, d) = civil_from_days(day);
    let (h, mi, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let month = MONTHS.get(usize::try_from(m - 1).ok()?)?;
    let weekday = (day + 4).rem_euclid(7); // Sunday = 0
    let yday = day - days_from_civil(y, 1, 1) + 1;
    let weekday_name = WEEKDAYS.get(usize::try_from(weekday).ok()?)?;
    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
    let (iso_year, iso_week) = iso_week(day);
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let piece = match chars.next()? {
            'Y' => format!("{y:04}"),
            'y' => format!("{:02}", y.rem_euclid(100)),
            'm' => format!("{m:02}"),
            'd' => format!("{d:02}"),
            'e' => format!("{d:>2}"),
            'H' => format!("{h:02}"),
            'I' | 'h' | 'l' => format!("{h12:02}"),
            'k' => format!("{h:02}"),
            'c' => format!("{m:02}"),
            'C' => format!("{:02}", y.div_euclid(100)),
            'Q' => ((m - 1) / 3 + 1).to_string(),
            'a' => weekday_name.get(..3)?.to_string(),
            'W' => (*weekday_name).to_string(),
            'r' => format!("{h12:02}:{mi:02} {}", if h < 12 { "AM" } else { "PM" }),
            'R' => format!("{h:02}:{mi:02}"),
            'V' => format!("{iso_week:02}"),
            'G' => format!("{iso_year:04}"),
            'g' => format!("{:02}", iso_year.rem_euclid(100)),
            'z' => "+0000".to_string(),
            'i' => format!("{mi:02}"),
            'S' | 's' => format!("{s:02}"),
            'f' if fraction => format!("{:06}", us.rem_euclid(1_000_000)),
            'f' => "000000".to_string(),
            'M' => (*month).to_string(),
            'b' => month.get(..3)?.to_string(),
            'F' => format!("{y:04}-{m:02}-{d:02}"),
            'T' => format!("{h:02}:{mi:02}:{s:02}"),
            'D' => format!("{m:02}/{d:02}/{:02}", y.rem_euclid(100)),
            'j' => format!("{yday:03}"),
            'p' => (if h < 12 { "AM" } else { "PM" }).to_string(),
            'w' => weekday.to_string(),
            'u' => (if weekday == 0 { 7 } else { weekday }).to_string(),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            _ => return None,
        };
        out.push_str(&piece);
    }
    Some(out)
}

/// The ISO 8601 week-numbering year and week (1 to 53) of a Unix day: weeks start on Monday,
/// and week 1 is the one holding the year's first Thursday.
fn iso_week(day: i64) -> (i64, i64) {
    // 1970-01-01 was a Thursday: the Thursday of `day`'s week decides its year.
    let monday = day - (day + 3).rem_euclid(7);
    let thursday = monday + 3;
    let (year, _, _) = civil_from_days(thursday);
    (year, (thursday - days_from_civil(year, 1, 1)) / 7 + 1)
}

/// The first millisecond of the quarter of `ms`.
pub(super) fn start_of_quarter(ms: i64) -> i64 {
    let (y, m, _) = civil_from_days(ms.div_euclid(86_400_000));
    days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) * 86_400_000
}

/// The time zones whose offset is always 0: every time here is UTC, so ClickHouse answers
/// them as it answers a time without one (upstream's Go driver writes such a time with `Z`
/// too), in a function's zone argument ([`Tr::time_zone`]) and a `CAST`'s type
/// (`DateTime('UTC')`).
pub(super) const ZERO_OFFSET: [&str; 18] = [
    "UTC",
    "Etc/UTC",
    "UCT",
    "Etc/UCT",
    "GMT",
    "Etc/GMT",
    "GMT0",
    "Etc/GMT0",
    "GMT+0",
    "Etc/GMT+0",
    "GMT-0",
    "Etc/GMT-0",
    "Greenwich",
    "Etc/Greenwich",
    "Universal",
    "Etc/Universal",
    "Zulu",
    "Etc/Zulu",
];
