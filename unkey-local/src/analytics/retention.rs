//! Upstream's retention check (pkg/clickhouse/query-parser/time_range.go): the lower time
//! bounds a query's `WHERE` clauses set, read from the tree its parser (AfterShip's
//! clickhouse-sql-parser) builds of them.

use super::*;
use std::cell::Cell;

/// An expression of a `WHERE` clause as far as upstream's retention check looks at it: the
/// nodes of AfterShip's tree it reads, every other node [`Ex::Other`].
enum Ex {
    /// A name whose last part is `time`, any case (upstream's `isTimeColumn` through
    /// `terminalIdentifier`: `time`, `v.time`, `key_verifications_v1.time`).
    Time,
    /// Another name.
    Name,
    /// A number literal as written (a sign against its digits included).
    Num(String),
    Str(String),
    /// A function call: its name in lower case and its arguments.
    Call(String, Vec<Ex>),
    /// `INTERVAL expr unit`.
    Interval(Box<Ex>, String),
    /// A binary operation: its operator (as written, upper case) and operands.
    Bin(String, Box<Ex>, Box<Ex>),
    /// `x BETWEEN lower AND upper`: `x` and `lower`.
    Between(Box<Ex>, Box<Ex>),
    /// A parenthesized list (AfterShip's `ParamExprList`), whose items the check reads.
    List(Vec<Ex>),
    /// Anything else (a unary operation, a ternary, a subquery, `CASE`, `CAST`, …).
    Other,
}

// AfterShip's precedences (parser_column.go).
const P_UNKNOWN: u8 = 0;
const P_OR: u8 = 1;
const P_AND: u8 = 2;
const P_QUERY: u8 = 3;
const P_NOT: u8 = 4;
const P_GLOBAL: u8 = 5;
const P_IS: u8 = 6;
const P_COMPARE: u8 = 7;
const P_BETWEEN_LIKE: u8 = 8;
const P_IN: u8 = 9;
const P_ADD_SUB: u8 = 10;
const P_MUL_DIV_MOD: u8 = 11;
const P_BRACKET: u8 = 12;
const P_DOUBLE_COLON: u8 = 15;

/// A reader of one token range as AfterShip's `parseSubExpr` reads it. `None` where that
/// parser fails (its syntax error) or meets what is not read here, or past [`NODES_MAX`].
struct Reader<'a> {
    toks: &'a [Tok],
    at: usize,
    /// The expressions read so far in the whole clause.
    nodes: &'a Cell<usize>,
}

/// The most expressions read in one clause (upstream refuses a query of over 2,000 syntax
/// nodes as too complex): every recursion here stays that shallow.
const NODES_MAX: usize = 2_000;

impl Reader<'_> {
    fn word(&self, w: &str) -> bool {
        matches!(self.toks.get(self.at), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w))
    }

    fn sym(&self, s: &'static str) -> bool {
        self.toks.get(self.at) == Some(&Tok::Sym(s))
    }

    fn next_precedence(&self) -> u8 {
        match self.toks.get(self.at) {
            Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                "OR" => P_OR,
                "AND" => P_AND,
                "IS" => P_IS,
                "NOT" => P_NOT,
                "BETWEEN" | "LIKE" | "ILIKE" => P_BETWEEN_LIKE,
                "IN" => P_IN,
                "GLOBAL" => P_GLOBAL,
                _ => P_UNKNOWN,
            },
            Some(Tok::Sym(s)) => match *s {
                "::" => P_DOUBLE_COLON,
                "=" | "<" | "<=" | ">=" | ">" | "==" | "!=" | "<>" => P_COMPARE,
                // (`||`, which upstream's parser does not read, where ClickHouse reads it:
                // above comparisons, below `+`/`-`.)
                "||" => P_IN,
                "+" | "-" => P_ADD_SUB,
                "*" | "/" | "%" => P_MUL_DIV_MOD,
                "(" | "[" => P_BRACKET,
                "?" => P_QUERY,
                _ => P_UNKNOWN,
            },
            _ => P_UNKNOWN,
        }
    }

    fn sub(&mut self, precedence: u8) -> Option<Ex> {
        self.nodes.set(self.nodes.get() + 1);
        if self.nodes.get() > NODES_MAX {
            return None;
        }
        let mut ex = self.unary()?;
        while self.at < self.toks.len() {
            let next = self.next_precedence();
            if next <= precedence {
                break;
            }
            ex = self.infix(ex, next)?;
        }
        Some(ex)
    }

    fn infix(&mut self, left: Ex, precedence: u8) -> Option<Ex> {
        self.nodes.set(self.nodes.get() + 1);
        if self.nodes.get() > NODES_MAX {
            return None;
        }
        let op = match self.toks.get(self.at)? {
            Tok::Sym(s) => s.to_string(),
            Tok::Word(w) => w.to_ascii_uppercase(),
            _ => return None,
        };
        match op.as_str() {
            "BETWEEN" => self.between(left),
            "NOT" => {
                // `NOT IN`, `NOT LIKE`, `NOT ILIKE`.
                self.at += 1;
                // (`NOT BETWEEN`, upstream's syntax error, which the translation runs as
                // ClickHouse does: no bound, as no `time BETWEEN` of upstream's.)
                if self.word("BETWEEN") {
                    self.between(left)?;
                    return Some(Ex::Other);
                }
                if !(self.word("IN") || self.word("LIKE") || self.word("ILIKE")) {
                    return None;
                }
                self.at += 1;
                let right = self.sub(precedence)?;
                Some(Ex::Bin(
                    format!("NOT {op}"),
                    Box::new(left),
                    Box::new(right),
                ))
            }
            "GLOBAL" => {
                self.at += 1;
                if !self.word("IN") {
                    return None;
                }
                self.at += 1;
                self.sub(precedence)?;
                Some(Ex::Other)
            }
            "IS" => {
                self.at += 1;
                if self.word("NOT") {
                    self.at += 1;
                }
                if !self.word("NULL") {
                    return None;
                }
                self.at += 1;
                Some(Ex::Other)
            }
            "?" => {
                self.at += 1;
                self.sub(P_UNKNOWN)?;
                if !self.sym(":") {
                    return None;
                }
                self.at += 1;
                self.sub(P_UNKNOWN)?;
                Some(Ex::Other)
            }
            "[" => {
                self.bracketed()?;
                Some(Ex::Other)
            }
            "(" => None,
            _ => {
                self.at += 1;
                let right = self.sub(precedence)?;
                Some(Ex::Bin(op, Box::new(left), Box::new(right)))
            }
        }
    }

    fn between(&mut self, left: Ex) -> Option<Ex> {
        self.at += 1;
        let lower = self.sub(P_BETWEEN_LIKE)?;
        if !self.word("AND") {
            return None;
        }
        self.at += 1;
        self.sub(P_BETWEEN_LIKE)?;
        Some(Ex::Between(Box::new(left), Box::new(lower)))
    }

    fn unary(&mut self) -> Option<Ex> {
        if self.sym("+") || self.sym("-") || self.word("NOT") {
            self.at += 1;
            self.column()?;
            return Some(Ex::Other);
        }
        self.column()
    }

    /// The items of the parenthesized (or bracketed) list at the reader, each read alone
    /// ([`Ex::Other`] where one is not read here); the reader moves past it.
    fn bracketed(&mut self) -> Option<Vec<Ex>> {
        let close = bracket_close(self.toks, self.at)?;
        let inner = self.toks.get(self.at + 1..close)?;
        self.at = close + 1;
        let mut items = Vec::new();
        let (mut depth, mut from) = (0i64, 0);
        for (k, t) in inner.iter().enumerate() {
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") => depth -= 1,
                Tok::Sym(",") if depth == 0 => {
                    items.push(self.read_all(inner.get(from..k)?)?);
                    from = k + 1;
                }
                _ => {}
            }
        }
        if !inner.is_empty() {
            items.push(self.read_all(inner.get(from..)?)?);
        }
        Some(items)
    }

    /// `toks` (an item of a list) read whole as one expression, [`Ex::Other`] when it is not;
    /// `None` past [`NODES_MAX`].
    fn read_all(&self, toks: &[Tok]) -> Option<Ex> {
        let mut r = Reader {
            toks,
            at: 0,
            nodes: self.nodes,
        };
        let ex = r.sub(P_UNKNOWN);
        if self.nodes.get() > NODES_MAX {
            return None;
        }
        Some(match ex {
            Some(ex) if r.at == toks.len() => ex,
            _ => Ex::Other,
        })
    }

    fn column(&mut self) -> Option<Ex> {
        let t = self.toks.get(self.at)?;
        match t {
            Tok::Num(n) => {
                self.at += 1;
                Some(Ex::Num(n.clone()))
            }
            Tok::Str(s) => {
                self.at += 1;
                Some(Ex::Str(s.clone()))
            }
            Tok::Sym("(") => {
                if matches!(self.toks.get(self.at + 1), Some(Tok::Word(w))
                    if w.eq_ignore_ascii_case("SELECT") || w.eq_ignore_ascii_case("WITH"))
                {
                    self.at = closing(self.toks, self.at)? + 1;
                    return Some(Ex::Other);
                }
                Some(Ex::List(self.bracketed()?))
            }
            Tok::Sym("[") => {
                self.bracketed()?;
                Some(Ex::Other)
            }
            Tok::Sym("*" | "?") => {
                self.at += 1;
                Some(Ex::Other)
            }
            Tok::Word(w) => {
                let upper = w.to_ascii_uppercase();
                let call = self.toks.get(self.at + 1) == Some(&Tok::Sym("("));
                match upper.as_str() {
                    "INTERVAL" => {
                        self.at += 1;
                        let n = self.sub(P_UNKNOWN)?;
                        let Some(Tok::Word(unit)) = self.toks.get(self.at) else {
                            return None;
                        };
                        self.at += 1;
                        Some(Ex::Interval(Box::new(n), unit.to_ascii_uppercase()))
                    }
                    "DATE" | "TIMESTAMP"
                        if matches!(self.toks.get(self.at + 1), Some(Tok::Str(_))) =>
                    {
                        // (Read as the string alone.)
                        self.at += 1;
                        self.column()
                    }
                    "CASE" => {
                        let mut depth = 0i64;
                        while let Some(t) = self.toks.get(self.at) {
                            self.at += 1;
                            match t {
                                Tok::Word(w) if w.eq_ignore_ascii_case("CASE") => depth += 1,
                                Tok::Word(w) if w.eq_ignore_ascii_case("END") => {
                                    depth -= 1;
                                    if depth == 0 {
                                        return Some(Ex::Other);
                                    }
                                }
                                _ => {}
                            }
                        }
                        None
                    }
                    _ if call => {
                        self.at += 1;
                        let args = self.bracketed()?;
                        // (`f(params)(args)`, a parametric aggregate.)
                        if self.sym("(") {
                            self.bracketed()?;
                            return Some(Ex::Other);
                        }
                        // (`f(…) OVER (…)` or `OVER name`, a window function.)
                        if self.word("OVER") {
                            self.at += 1;
                            match self.sym("(") {
                                true => {
                                    self.bracketed()?;
                                }
                                false => self.at += 1,
                            }
                            return Some(Ex::Other);
                        }
                        match upper.as_str() {
                            "CAST" | "EXTRACT" => Some(Ex::Other),
                            _ => Some(Ex::Call(w.to_ascii_lowercase(), args)),
                        }
                    }
                    "AND" | "OR" | "NOT" | "BETWEEN" | "IN" | "LIKE" | "ILIKE" | "IS"
                    | "SELECT" | "FROM" | "WHERE" | "GROUP" | "ORDER" | "LIMIT" | "HAVING" => None,
                    _ => {
                        self.at += 1;
                        let last = w.rsplit('.').next().unwrap_or_default();
                        Some(match last.eq_ignore_ascii_case("time") {
                            true => Ex::Time,
                            false => Ex::Name,
                        })
                    }
                }
            }
            _ => None,
        }
    }
}

/// The time an expression stands for, as upstream's `extractTimestampFromExpr` evaluates it,
/// in Unix ms rounded down (the bound it is compared with is whole ms, so `<` keeps its
/// answer): a number literal is Unix ms when Go's `strconv.ParseInt(s, 10, 64)` reads it; a
/// string a date by Go's `time.Parse` ([`parse_date`]); `now`, `now64`, `today` and every
/// function it does not know are now; `toStartOf…`, `toDate`, `toDateTime`, `toDateTime64`,
/// `formatDateTime`, `toUnixTimestamp64Milli`, `fromUnixTimestamp64Milli` are their first
/// argument, `date_trunc` its second (none truncates there); `x ± INTERVAL n UNIT` moves `x`
/// by Go's `time.Duration` of ns (a month 30 days, a year 365; wrapping past 64 bits as Go
/// does); any other node is now. `None` where upstream's evaluation fails (it then lets the
/// query through).
fn timestamp(ex: &Ex, now: i64) -> Option<i128> {
    match ex {
        Ex::Num(n) => go_parse_int(n).map(i128::from),
        Ex::Str(s) => parse_date(s).map(i128::from),
        Ex::Call(f, args) => match f.as_str() {
            "now" | "now64" | "today" => Some(now.into()),
            "todate"
            | "todatetime"
            | "todatetime64"
            | "formatdatetime"
            | "tounixtimestamp64milli"
            | "fromunixtimestamp64milli" => timestamp(args.first()?, now),
            _ if f.starts_with("tostartof")
                && ["hour", "day", "week", "month", "quarter", "year", "minute"]
                    .contains(&f.trim_start_matches("tostartof")) =>
            {
                timestamp(args.first()?, now)
            }
            "date_trunc" => timestamp(args.get(1)?, now),
            _ => Some(now.into()),
        },
        Ex::Bin(op, left, right) => {
            let base = timestamp(left, now)?;
            let sign = match op.as_str() {
                "-" => -1,
                "+" => 1,
                _ => return None,
            };
            let Ex::Interval(n, unit) = right.as_ref() else {
                return None;
            };
            let Ex::Num(n) = n.as_ref() else {
                return None;
            };
            let n = go_parse_int(n)?;
            let unit_ns: i64 = match unit.as_str() {
                "SECOND" => 1_000_000_000,
                "MINUTE" => 60_000_000_000,
                "HOUR" => 3_600_000_000_000,
                "DAY" => 86_400_000_000_000,
                "WEEK" => 604_800_000_000_000,
                "MONTH" => 30 * 86_400_000_000_000,
                "YEAR" => 365 * 86_400_000_000_000,
                _ => return None,
            };
            // (Go's `time.Duration(n) * …` wraps past 64 bits.)
            let ns = n.wrapping_mul(unit_ns);
            let ns = if sign < 0 { ns.wrapping_neg() } else { ns };
            Some(base + i128::from(ns).div_euclid(1_000_000))
        }
        _ => Some(now.into()),
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)`: an optional sign, then decimal digits only.
fn go_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// The lower bounds `ex` states on `time` as upstream's `validateWhereClause` finds them: a
/// binary operation with `time` on one side (the operator turned to read `time <op> value`;
/// `>=`, `>` and `=` bound it), then both its operands; `time BETWEEN x AND …`; the items of a
/// parenthesized list. Nothing else is looked into (a call such as `if(…)`, a ternary, `NOT`).
fn bounds(ex: &Ex, now: i64, out: &mut Vec<i128>) {
    match ex {
        Ex::Bin(op, left, right) => {
            let time_left = matches!(left.as_ref(), Ex::Time);
            if time_left || matches!(right.as_ref(), Ex::Time) {
                let value = if time_left { right } else { left };
                let lower = match op.as_str() {
                    "=" => true,
                    ">=" | ">" => time_left,
                    "<=" | "<" => !time_left,
                    _ => false,
                };
                if let Some(t) = timestamp(value, now).filter(|_| lower) {
                    out.push(t);
                }
            }
            bounds(left, now, out);
            bounds(right, now, out);
        }
        Ex::Between(x, lower) if matches!(x.as_ref(), Ex::Time) => {
            if let Some(t) = timestamp(lower, now) {
                out.push(t);
            }
        }
        Ex::List(items) => items.iter().for_each(|item| bounds(item, now, out)),
        _ => {}
    }
}

/// Upstream's retention check: a lower bound on `time` in a `WHERE` clause (of any SELECT,
/// see [`bounds`]) older than `retention_days` before now is refused with
/// `query_range_exceeds_retention`. `toks` are the query's as upstream's lexer reads its
/// literals ([`tokenize_as_written`]). A `WHERE` clause not read here (upstream's syntax error
/// or a form this reader does not know) has no bounds that can be told: with
/// `refuse_unread` (the query would otherwise be answered) it is not run.
pub(super) fn check_retention(
    toks: &[Tok],
    now: i64,
    retention_days: i64,
    refuse_unread: bool,
) -> Result<(), ApiError> {
    if retention_days <= 0 {
        return Ok(());
    }
    let earliest = now.saturating_sub(retention_days.saturating_mul(86_400_000));
    let is_word =
        |t: Option<&Tok>, w: &str| matches!(t, Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w));
    // Every SELECT's WHERE clause, as upstream checks each one: up to the next clause of that
    // SELECT or the parenthesis that closes it.
    let mut found = Vec::new();
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
                            "WINDOW",
                            "QUALIFY",
                            "SETTINGS",
                            "FORMAT",
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
        // (A clause not read whole here is upstream's syntax error or a form this reader does
        // not know: its bounds cannot be told, so it is not run.)
        let clause = toks.get(start + 1..end).unwrap_or_default();
        let nodes = Cell::new(0);
        let mut r = Reader {
            toks: clause,
            at: 0,
            nodes: &nodes,
        };
        match r.sub(P_UNKNOWN).filter(|_| r.at == clause.len()) {
            Some(ex) => bounds(&ex, now, &mut found),
            None if refuse_unread => {
                return Err(unsupported(
                    "a WHERE clause whose time bounds it cannot read as upstream's retention check does",
                ))
            }
            None => {}
        }
    }
    match found.into_iter().find(|v| *v < i128::from(earliest)) {
        None => Ok(()),
        Some(v) => Err(ApiError::analytics(
            "user/bad_request/query_range_exceeds_retention",
            format!(
                "Cannot query data older than {retention_days} days. Your query attempts to access data from {}, but only data from {} onwards is available.",
                ymd(i64::try_from(v).unwrap_or(i64::MIN)),
                ymd(earliest)
            ),
        )),
    }
}
