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
                return Err(query_error("Invalid SQL syntax"));
            }
        }
        Ok(())
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
                        "PREWHERE" | "WHERE" | "HAVING" => {
                            return Err(query_error("Invalid SQL syntax"))
                        }
                        "GROUP" if self.word(j + 1) == "BY" => {
                            return Err(query_error("Invalid SQL syntax"))
                        }
                        _ => {}
                    },
                }
            }
            if from.is_some_and(|f| self.reads_table(f, k)) {
                return Err(query_error("Invalid SQL syntax"));
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
                return Err(query_error("Invalid SQL syntax"));
            };
            let close = closing(self.toks, at + 2)
                .filter(|c| *c < b)
                .ok_or_else(|| query_error("Invalid SQL syntax"))?;
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

/// A window's name as SQLite SQL (quoted).
pub(super) fn window_name_sql(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
