//! Named windows: `WINDOW w AS (…)` and `f(…) OVER w`, as upstream lets ClickHouse run them.
//!
//! Upstream's parser (clickhouse-sql-parser v0.4.18) reads a `WINDOW` clause after `HAVING`
//! and `OVER name` or `OVER (…)`, a specification of `PARTITION BY`, `ORDER BY` and a frame
//! only (no base window: `OVER (w ORDER BY …)` is its syntax error). It writes the query back
//! (`SelectQuery.String`) with the `WINDOW` clause right after `FROM` (and `ARRAY JOIN`),
//! before `PREWHERE`, `WHERE`, `GROUP BY` and `HAVING`, where ClickHouse's parser takes none
//! of them: a `SELECT` with a `WINDOW` clause and any of them, its own or the workspace filter
//! upstream adds to a `SELECT` that reads a table (not a CTE or subquery), is ClickHouse's
//! syntax error, upstream's 400 "Invalid SQL syntax". Others run: SQLite takes the clause and
//! `OVER name` as they are.

use super::*;

/// The words a window's specification may start with in upstream's parser.
const SPEC_START: &[&str] = &["PARTITION", "ORDER", "ROWS", "RANGE"];

impl<'t> Tr<'t> {
    /// Upstream's parser's refusal of `OVER (name …)` (and of a `WINDOW` definition that
    /// starts with a name): a specification starts with `PARTITION BY`, `ORDER BY`, a frame or
    /// `)`.
    pub(super) fn check_window_specifications(&self) -> Result<(), ApiError> {
        for k in 0..self.toks.len() {
            let spec = match self.word(k).as_str() {
                "OVER" => k + 1,
                "AS" if self.in_window_clause(k) => k + 1,
                _ => continue,
            };
            if self.toks.get(spec) != Some(&Tok::Sym("(")) {
                continue;
            }
            let first = self.word(spec + 1);
            if self.toks.get(spec + 1) != Some(&Tok::Sym(")"))
                && !SPEC_START.contains(&first.as_str())
            {
                return Err(query_error("Invalid SQL syntax: a form read otherwise"));
            }
            // A frame's offsets: upstream's parser (parseFrameExtent) reads an integer literal,
            // a `{param}` or `INTERVAL expr unit` before `PRECEDING|FOLLOWING`, and nothing
            // else (an expression, a float, a function call is its syntax error).
            let Some(close) = closing(self.toks, spec) else {
                continue;
            };
            let frame = (spec + 1..close).find(|j| {
                matches!(self.word(*j).as_str(), "ROWS" | "RANGE") && self.depth_in(spec, *j) == 1
            });
            for (a, e) in frame
                .map(|f| self.frame_offsets(f, close))
                .unwrap_or_default()
            {
                let integer = match self.toks.get(a..e) {
                    Some([Tok::Num(n)]) => {
                        n.starts_with(|c: char| c.is_ascii_digit()) && !n.contains('.')
                    }
                    _ => false,
                };
                if !integer && self.word(a) != "INTERVAL" {
                    return Err(query_error("Invalid SQL syntax"));
                }
            }
        }
        Ok(())
    }

    /// The offsets of the frame `ROWS|RANGE …` at `k` of a window's specification closing at
    /// `close`: each bound's tokens before its `PRECEDING` or `FOLLOWING` (not `UNBOUNDED`).
    pub(super) fn frame_offsets(&self, k: usize, close: usize) -> Vec<(usize, usize)> {
        let mut offsets = Vec::new();
        let first = k + 1 + usize::from(self.word(k + 1) == "BETWEEN");
        let mut start = first;
        for j in first..close {
            match self.word(j).as_str() {
                "AND" => start = j + 1,
                "PRECEDING" | "FOLLOWING" => {
                    if j > start && !(j == start + 1 && self.word(start) == "UNBOUNDED") {
                        offsets.push((start, j));
                    }
                    start = j + 1;
                }
                _ => {}
            }
        }
        offsets
    }

    /// A frame `ROWS|RANGE …` at `k` (its window's specification ending before `b`) whose
    /// offset ClickHouse 25.6's analyzer refuses, BAD_ARGUMENTS, upstream's "Invalid analytics
    /// query", whatever the frame and key: an `INTERVAL`, as it takes only a constant of a
    /// native number type there (src/Analyzer/Resolve/QueryAnalyzer.cpp, resolveWindow:
    /// `isNativeNumber`, else "Window frame begin OFFSET expression must be constant with
    /// numeric type"; ClickHouse's PR #116613 of 2026-08 still describes `RANGE BETWEEN
    /// INTERVAL 2 DAY PRECEDING AND CURRENT ROW` failing so with the analyzer on, as it is by
    /// default); a number other than an integer below 2^31 - 1, as resolveWindow's
    /// WindowFrame::checkValid (src/Interpreters/WindowDescription.cpp) takes a `UInt64` or
    /// `Int64` offset below `INT_MAX` only ("Frame start offset for '…' frame must be a
    /// nonnegative 32-bit integer": of `ROWS` frames in every version read, of `RANGE` ones
    /// too since before 24.11, whose message ClickHouse's issue #72227 quotes for a `RANGE`
    /// frame).
    pub(super) fn check_frame_offsets(&self, k: usize, b: usize) -> Result<(), ApiError> {
        let close = (k..b)
            .find(|j| self.toks.get(*j) == Some(&Tok::Sym(")")) && self.depth_in(k, *j) == 0)
            .unwrap_or(b);
        // (A literal with an exponent, `1e3`, is a `Float64` there, no integer; one past 64
        // bits no `UInt64`.)
        let refused = |(a, e): &(usize, usize)| match self.toks.get(*a..*e) {
            Some([Tok::Num(n)]) => n.parse::<u64>().map_or(true, |n| n >= 2_147_483_647),
            _ => self.word(*a) == "INTERVAL",
        };
        if self.frame_offsets(k, close).iter().any(refused) {
            return Err(query_error("Invalid analytics query"));
        }
        if !self.frame_valid(k, close) {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }

    /// Whether the frame `ROWS|RANGE …` at `k` (its specification closing at `close`) passes
    /// WindowFrame::checkValid, whose refusal is BAD_ARGUMENTS, upstream's "Invalid analytics
    /// query", rows or not: its start may not be `UNBOUNDED FOLLOWING` nor its end `UNBOUNDED
    /// PRECEDING`; `CURRENT ROW` may not be followed by a `PRECEDING` end (`0 PRECEDING` too),
    /// nor follow a `FOLLOWING` start; a start `FOLLOWING` an end `PRECEDING` (`0 FOLLOWING
    /// AND 0 PRECEDING` too), or further on than an end of the same side (`2 FOLLOWING AND 1
    /// FOLLOWING`, `1 PRECEDING AND 2 PRECEDING`) is refused ("Frame start offset 2 FOLLOWING
    /// does not precede the frame end offset 1 FOLLOWING"); without `BETWEEN` the end is
    /// `CURRENT ROW` (ClickHouse 25.5.2 and 25.8.2 (chDB) agree). A bound not read here (an
    /// `INTERVAL`) passes.
    fn frame_valid(&self, k: usize, close: usize) -> bool {
        #[derive(Clone, Copy, PartialEq)]
        enum Bound {
            UnboundedPreceding,
            Preceding(u64),
            Current,
            Following(u64),
            UnboundedFollowing,
        }
        let bound = |a: usize, e: usize| -> Option<Bound> {
            let words: Vec<String> = (a..e).map(|j| self.word(j)).collect();
            let offset = || match self.toks.get(a) {
                Some(Tok::Num(n)) => n.parse::<u64>().ok(),
                _ => None,
            };
            match words
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice()
            {
                ["UNBOUNDED", "PRECEDING"] => Some(Bound::UnboundedPreceding),
                ["UNBOUNDED", "FOLLOWING"] => Some(Bound::UnboundedFollowing),
                ["CURRENT", "ROW"] => Some(Bound::Current),
                [_, "PRECEDING"] => offset().map(Bound::Preceding),
                [_, "FOLLOWING"] => offset().map(Bound::Following),
                _ => None,
            }
        };
        let (start, end) = if self.word(k + 1) == "BETWEEN" {
            let Some(and) = (k + 2..close).find(|j| self.word(*j) == "AND") else {
                return true;
            };
            (bound(k + 2, and), bound(and + 1, close))
        } else {
            (bound(k + 1, close), Some(Bound::Current))
        };
        let (Some(start), Some(end)) = (start, end) else {
            return true;
        };
        match (start, end) {
            (Bound::UnboundedFollowing, _) | (_, Bound::UnboundedPreceding) => false,
            (Bound::Current, Bound::Preceding(_)) | (Bound::Following(_), Bound::Current) => false,
            (Bound::Following(_), Bound::Preceding(_)) => false,
            (Bound::Following(a), Bound::Following(b)) => a <= b,
            (Bound::Preceding(a), Bound::Preceding(b)) => a >= b,
            _ => true,
        }
    }

    /// How deep in parentheses `j` is below the `(` or position `from` (counting brackets
    /// between them, `from` itself included).
    fn depth_in(&self, from: usize, j: usize) -> i64 {
        let mut depth = 0i64;
        for t in self.toks.get(from..j).unwrap_or_default() {
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") => depth -= 1,
                _ => {}
            }
        }
        depth
    }

    /// ClickHouse's syntax error for a `SELECT` with a `WINDOW` clause as upstream writes it
    /// back (see the module's overview): one with `PREWHERE`, `WHERE`, `GROUP BY` or `HAVING`,
    /// or that reads a table.
    pub(super) fn check_window_clauses(&self) -> Result<(), ApiError> {
        for k in 0..self.toks.len() {
            if self.word(k) != "WINDOW" {
                continue;
            }
            let Some(select) = self.select_start(k) else {
                continue;
            };
            let mut depth = 0i64;
            let mut from = None;
            for j in select + 1..k {
                match self.toks.get(j) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    _ if depth != 0 => {}
                    _ => match self.word(j).as_str() {
                        "FROM" => from = Some(j),
                        "PREWHERE" | "WHERE" | "HAVING" => return Err(clickhouse_parse_error()),
                        "GROUP" if self.word(j + 1) == "BY" => return Err(clickhouse_parse_error()),
                        _ => {}
                    },
                }
            }
            if from.is_some_and(|f| self.reads_table(f, k)) {
                return Err(clickhouse_parse_error());
            }
        }
        Ok(())
    }

    /// Whether the `FROM` at `from` (its clause ending before `end`) reads a table: a source
    /// (after `FROM`, a comma or `JOIN`, not `ARRAY JOIN`) that is a name but no CTE's.
    fn reads_table(&self, from: usize, end: usize) -> bool {
        let mut depth = 0i64;
        (from..end).any(|j| {
            match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                _ => {}
            }
            let starts = match self.toks.get(j) {
                Some(Tok::Sym(",")) => true,
                Some(Tok::Word(_)) => {
                    let w = self.word(j);
                    w == "FROM" || (w == "JOIN" && self.word(j.saturating_sub(1)) != "ARRAY")
                }
                _ => false,
            };
            let source = match self.toks.get(j + 1) {
                Some(Tok::Word(name)) if self.toks.get(j + 2) != Some(&Tok::Sym("(")) => Some(name),
                _ => None,
            };
            depth == 0
                && starts
                && source.is_some_and(|name| {
                    name.contains('.') || !self.cte_names.contains(&name.to_ascii_lowercase())
                })
        })
    }

    /// Whether the `AS` at `k` defines a window: only `name AS (…)` definitions and commas
    /// stand between it and `WINDOW`.
    pub(super) fn in_window_clause(&self, k: usize) -> bool {
        let mut depth = 0i64;
        for j in (0..k).rev() {
            match self.toks.get(j) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) if depth == 0 => return false,
                Some(Tok::Sym("(")) => depth -= 1,
                _ if depth > 0 => {}
                Some(Tok::Sym(",")) => {}
                Some(Tok::Word(_)) => match self.word(j).as_str() {
                    "WINDOW" => return true,
                    "AS" => {}
                    _ if self.word(j + 1) == "AS" => {}
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// The `WINDOW` clause at `k` of a `SELECT` whose `FROM` and `WHERE` were written: each
    /// definition `name AS (…)`, its specification written as an `OVER (…)` one. Returns the
    /// index after the clause.
    pub(super) fn window_clause(
        &mut self,
        k: usize,
        b: usize,
        st: &mut Sel,
        out: &mut Vec<String>,
    ) -> Result<usize, ApiError> {
        out.push("WINDOW".into());
        let mut at = k + 1;
        loop {
            let (Some(Tok::Word(name)), "AS", Some(Tok::Sym("("))) = (
                self.toks.get(at),
                self.word(at + 1).as_str(),
                self.toks.get(at + 2),
            ) else {
                return Err(clickhouse_parse_error());
            };
            let close = closing(self.toks, at + 2)
                .filter(|c| *c < b)
                .ok_or_else(clickhouse_parse_error)?;
            out.push(format!("{} AS", window_name_sql(name)));
            st.windows.push(st.closers.len() + 1);
            self.emit(at + 2, close + 1, st, out)?;
            if self.toks.get(close + 1) != Some(&Tok::Sym(",")) {
                return Ok(close + 1);
            }
            out.push(",".into());
            at = close + 2;
        }
    }
}

impl<'t> Tr<'t> {
    /// The frame `RANGE …` at `k` (its window's specification ending before `b`) of a window
    /// ordered by one `Date` or `DateTime` key, written with its offsets in the key's units
    /// as held here (ms): ClickHouse converts an offset to the key's type and adds it to the
    /// key's physical value (WindowTransform.cpp, setupRangeOffsetComparison and
    /// compareValuesWithOffset over the `UInt16` of a `Date` or `UInt32` of a `DateTime`), so
    /// it counts days of a `Date` and seconds of a `DateTime`. Returns where the frame ends
    /// (the specification's `)`), or `None` for a frame left as it is (another key type).
    pub(super) fn time_range_frame(
        &self,
        k: usize,
        b: usize,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        // The specification's `(` and its `ORDER BY` (at its own depth).
        let mut depth = 0i64;
        let mut open = None;
        let mut order = None;
        for j in (0..k).rev() {
            match self.toks.get(j) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => {
                    open = Some(j);
                    break;
                }
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                _ if depth == 0 && self.word(j) == "ORDER" && self.word(j + 1) == "BY" => {
                    order = Some(j);
                }
                _ => {}
            }
        }
        let (Some(open), Some(order)) = (open, order) else {
            return Ok(None);
        };
        let Some(close) = closing(self.toks, open).filter(|c| *c <= b) else {
            return Ok(None);
        };
        let [(s, e)] = self.list_items(order + 2, k)[..] else {
            return Ok(None);
        };
        let (a, z) = self.unparenthesized(s, self.key_end(s, e, true));
        let scope = self.scopes.last().cloned().unwrap_or_default();
        // (ms per unit, the largest offset the key's type holds.)
        let (unit, max) = match self.expr_ty(a, z, &scope) {
            Ty::Date => (86_400_000u64, u64::from(u16::MAX)),
            Ty::DateTime => (1000, u64::from(u32::MAX)),
            // A `DateTime64`'s column is a `ColumnDecimal`, which compareValuesWithOffset
            // does not take: NOT_IMPLEMENTED "The RANGE OFFSET frame for … ORDER BY column
            // is not implemented", as the pipeline is built (rows or not), upstream's
            // "Invalid analytics query". (An offset is an integer by then:
            // [`Tr::check_window_specifications`], [`Tr::check_frame_offsets`].) So is a
            // `DateTime64` less a time's `Decimal` ([`Ty::Decimal`]).
            Ty::DateTime64(_) | Ty::Nanos(_) | Ty::Decimal | Ty::DecimalNanos => {
                let integers = (k + 1..close).all(|j| match self.toks.get(j) {
                    Some(Tok::Num(n)) => n.bytes().all(|c| c.is_ascii_digit()),
                    _ => FRAME_WORDS.contains(&self.word(j).as_str()),
                });
                let offset = (k + 1..close).any(|j| matches!(self.toks.get(j), Some(Tok::Num(_))));
                if integers && offset {
                    return Err(query_error("Invalid analytics query"));
                }
                if !integers {
                    return Err(range_offset_not_run());
                }
                return Ok(None);
            }
            _ => return Ok(None),
        };
        let mut frame = vec!["RANGE".to_string()];
        for j in k + 1..close {
            match self.toks.get(j) {
                // (Below 2^31 - 1 by now, [`Tr::check_frame_offsets`]. Past a `Date`'s
                // `UInt16` its low 16 bits: convertFieldToType keeps a `UInt64` as it is for a
                // `Date` ("We don't need any conversion UInt64 is under type of Date and
                // DateTime"), and compareValuesWithOffset casts it to the column's `UInt16`.)
                Some(Tok::Num(n)) => {
                    let n = n.parse::<u64>().map_err(|_| range_offset_not_run())?;
                    frame.push((n % (max + 1)).saturating_mul(unit).to_string());
                }
                _ if FRAME_WORDS.contains(&self.word(j).as_str()) => frame.push(self.word(j)),
                // (An `INTERVAL`, an expression or a float is refused before, see
                // [`Tr::check_window_specifications`] and [`Tr::check_frame_offsets`].)
                _ => return Err(range_offset_not_run()),
            }
        }
        out.extend(frame);
        Ok(Some(close))
    }
}

/// The words of a window's frame after `ROWS|RANGE`.
pub(super) const FRAME_WORDS: &[&str] = &[
    "BETWEEN",
    "AND",
    "UNBOUNDED",
    "PRECEDING",
    "FOLLOWING",
    "CURRENT",
    "ROW",
];

/// A `RANGE` frame over a time key whose offset is an integer past the key's type (or not
/// written in decimal digits, `1e3`).
fn range_offset_not_run() -> ApiError {
    unsupported(
        "a RANGE frame's offset over a time key other than decimal digits within the key's type",
    )
}

/// A window's name as SQLite SQL (quoted).
pub(super) fn window_name_sql(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
