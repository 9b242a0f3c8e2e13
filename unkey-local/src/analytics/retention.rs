//! Upstream's retention check: the lower time bounds a query's `WHERE` clauses set.

use super::*;

/// The time a value expression of a `time` comparison stands for, as upstream's retention check
/// (time_range.go) evaluates it: a number is Unix ms, a string a date; `now()`, `now64(…)` and
/// `today()` are now; `toStartOf…(x)`, `toDate…(x)`, `formatDateTime(x, …)`,
/// `to/fromUnixTimestamp64Milli(x)` are `x` and `date_trunc(unit, x)` is `x` (none of them
/// truncates there); another function is now; `± INTERVAL n UNIT` moves it (a month is 30
/// days and a year 365 there). `None` when upstream cannot tell (it then lets the query
/// through: a `QUARTER`, an interval that is not a literal). Returns the value and the index
/// after the expression.
pub(super) fn time_value(toks: &[Tok], i: usize, now: i64) -> Option<(i64, usize)> {
    let (mut t, mut i) = match toks.get(i)? {
        Tok::Num(n) => (n.parse::<i64>().ok()?, i + 1),
        Tok::Str(s) => (parse_date(s)?, i + 1),
        Tok::Word(w) if toks.get(i + 1) == Some(&Tok::Sym("(")) => {
            let f = w.to_ascii_lowercase();
            let close = closing(toks, i + 1)?;
            let argument = match f.as_str() {
                "date_trunc" => {
                    // The second argument.
                    let mut depth = 0i64;
                    let comma = (i + 2..close).find(|k| match toks.get(*k) {
                        Some(Tok::Sym("(")) => {
                            depth += 1;
                            false
                        }
                        Some(Tok::Sym(")")) => {
                            depth -= 1;
                            false
                        }
                        Some(Tok::Sym(",")) => depth == 0,
                        _ => false,
                    })?;
                    Some(comma + 1)
                }
                "todate"
                | "todatetime"
                | "todatetime64"
                | "formatdatetime"
                | "tounixtimestamp64milli"
                | "fromunixtimestamp64milli" => Some(i + 2),
                _ if f.starts_with("tostartof") => Some(i + 2),
                _ => None,
            };
            match argument {
                Some(at) => (time_value(toks, at, now)?.0, close + 1),
                None => (now, close + 1),
            }
        }
        _ => return None,
    };
    loop {
        let sign = match toks.get(i) {
            Some(Tok::Sym("-")) => -1,
            Some(Tok::Sym("+")) => 1,
            // (`x::T` is an operation upstream does not evaluate.)
            Some(Tok::Sym("::")) => return None,
            _ => return Some((t, i)),
        };
        let (Some(Tok::Word(kw)), Some(Tok::Num(n)), Some(Tok::Word(unit))) =
            (toks.get(i + 1), toks.get(i + 2), toks.get(i + 3))
        else {
            return Some((t, i));
        };
        if !kw.eq_ignore_ascii_case("INTERVAL") {
            return Some((t, i));
        }
        let n = n.parse::<i64>().ok()?;
        let unit = unit.to_ascii_uppercase();
        let ms = match unit.trim_end_matches('S') {
            "MONTH" => 30 * 86_400_000,
            "YEAR" => 365 * 86_400_000,
            _ => unit_ms(&unit)?,
        };
        t = t.checked_add(sign * n.checked_mul(ms)?)?;
        i += 4;
    }
}

/// The lower bounds on `time` one `WHERE` clause states (`time >= x`, `time > x`, `time = x`,
/// `x <= time`, `x < time`, `x = time`, `time BETWEEN x AND …`), as far as they can be told.
pub(super) fn time_bounds(clause: &[Tok], now: i64, bounds: &mut Vec<i64>) {
    let is_word =
        |t: Option<&Tok>, w: &str| matches!(t, Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w));
    for (i, t) in clause.iter().enumerate() {
        if !is_word(Some(t), "time") {
            continue;
        }
        // `time <op> value`
        match clause.get(i + 1) {
            Some(Tok::Sym(">=" | ">" | "=")) => {
                if let Some((v, _)) = time_value(clause, i + 2, now) {
                    bounds.push(v);
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("BETWEEN") => {
                if let Some((v, _)) = time_value(clause, i + 2, now) {
                    bounds.push(v);
                }
            }
            _ => {}
        }
        // `value <op> time`: find a value expression ending right before the operator.
        if let Some(Tok::Sym("<=" | "<" | "=")) = i.checked_sub(1).and_then(|j| clause.get(j)) {
            let bound = (0..i.saturating_sub(1))
                .rev()
                .find_map(|j| time_value(clause, j, now).filter(|(_, next)| *next == i - 1));
            if let Some((v, _)) = bound {
                bounds.push(v);
            }
        }
    }
}

/// Upstream's retention check: a lower bound on `time` in the `WHERE` clause (`time >= x`,
/// `time > x`, `time = x`, `x <= time`, `x < time`, `time BETWEEN x AND …`) older than
/// `retention_days` before now is refused with `query_range_exceeds_retention`.
pub(super) fn check_retention(toks: &[Tok], now: i64, retention_days: i64) -> Result<(), ApiError> {
    if retention_days <= 0 {
        return Ok(());
    }
    let earliest = now.saturating_sub(retention_days.saturating_mul(86_400_000));
    let is_word =
        |t: Option<&Tok>, w: &str| matches!(t, Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w));
    // Every SELECT's WHERE clause, as upstream checks each one: up to the next clause of that
    // SELECT or the parenthesis that closes it.
    let mut bounds = Vec::new();
    for (start, _) in toks
        .iter()
        .enumerate()
        .filter(|(_, t)| is_word(Some(t), "WHERE"))
    {
        let mut depth = 0i64;
        let mut end = toks.len();
        for (i, t) in toks.iter().enumerate().skip(start + 1) {
            match t {
                Tok::Sym("(") => depth += 1,
                Tok::Sym(")") => {
                    depth -= 1;
                    if depth < 0 {
                        end = i;
                        break;
                    }
                }
                Tok::Word(_)
                    if depth == 0
                        && [
                            "GROUP",
                            "ORDER",
                            "LIMIT",
                            "HAVING",
                            "UNION",
                            "EXCEPT",
                            "INTERSECT",
                        ]
                        .iter()
                        .any(|w| is_word(Some(t), w)) =>
                {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let clause = toks.get(start + 1..end).unwrap_or_default();
        time_bounds(clause, now, &mut bounds);
    }
    match bounds.into_iter().find(|v| *v < earliest) {
        None => Ok(()),
        Some(v) => Err(ApiError::analytics(
            "user/bad_request/query_range_exceeds_retention",
            format!(
                "Cannot query data older than {retention_days} days. Your query attempts to access data from {}, but only data from {} onwards is available.",
                ymd(v),
                ymd(earliest)
            ),
        )),
    }
}
