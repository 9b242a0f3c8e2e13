//! Upstream's query parser, AfterShip's clickhouse-sql-parser v0.4.18 (Go, MIT licence),
//! ported: the first gate of every analytics query, as upstream's query-parser `Parse`
//! (pkg/clickhouse/query-parser/parser.go) runs it: `ParseStmts` (a syntax error is
//! "Invalid SQL syntax: " and the parser's wrapped error, `wrapError`), one statement, a
//! `SELECT`, no `SETTINGS` (`validateSettings`), and `validateComplexity` (at most 2,000
//! nodes and 64 select items as `walkQueryIncludingExcept` visits them); and the refusal of
//! `validateFunctions` (validation.go), which comes after the table checks and so is
//! answered by the translation ([`Verdict::Select`]).
//!
//! Each Go function has its name here in snake case (`parseSelectQuery` is
//! `parse_select_query`), in the file of its Go file's name; only the tree the walk and the
//! counts need is built ([`walk::Sum`]). Every statement its `parseStmt` reads is ported
//! (`parser_stmt.rs`: `INSERT`, `DELETE`, `CREATE`/`ATTACH` of a database, table, view,
//! materialized or live view, function, dictionary, role or user, `ALTER TABLE`/`ROLE`,
//! `DROP`/`DETACH`, `TRUNCATE`, `RENAME`, `USE`, `SET`, `SETTINGS`, `SHOW`, `DESC`,
//! `OPTIMIZE`, `CHECK`, `SYSTEM`, `GRANT`, `EXPLAIN`), so one it takes is "Only SELECT
//! queries are allowed" after the statement count, and one it does not is its syntax error,
//! in the order upstream meets them. Where Go panics (a nil token's text, an error past the
//! end of the query, the end of a node that lacks what its `End()` reads) the answer is
//! upstream's 500 ([`Verdict::Panic`]); an unterminated `/*` comment the lexer reaches (its
//! loop never ends there, so the real server never answers) is refused as not run
//! ([`Verdict::Hang`]); what is not ported (a `%q` of a character Go may escape, a
//! function name Go lower-cases otherwise) is refused as not run ([`Verdict::NotPorted`]).
//! The parse is linear (a peek or a backtrack re-reads one token or a few keywords), its
//! recursion bounded by the 16 KB length (a longer query runs on a stack with room for it).
//!
//! Agreement with the Go parser (v0.4.18's own code: its `ParseStmts`, the walk and the two
//! checks of parser.go, run over the same 76,047 queries, session 13: every query string of
//! unkey-local's tests, AfterShip's `parser/testdata` and each statement of it, and a sweep
//! of each test query truncated at every token, with a token doubled, dropped, swapped or
//! replaced, written over several lines; the harness is [`tests::corpus`]): 75,384 answered
//! the same (48,961 refusals byte for byte, 26,423 queries taken with the same node count),
//! 82 where Go panics (its 500 here), 576 statements other than queries or unterminated
//! comments then left to a fallback, 3 forms not ported, 2 single words the harness did not
//! give Go; none differ. The statements (session 18: AfterShip's `parser/testdata` whole
//! and each statement of it, 255 written across the kinds and for the types now ported,
//! and the same sweep of each, 77,855 strings, against a harness of v0.4.18's `ParseStmts`
//! and upstream's checks up to `validateComplexity`): 76,872 answered the same (62,246
//! syntax errors byte for byte, 8,321 "Only SELECT", 4,226 queries taken with the same node
//! count, the rest statement counts and later checks), 979 where Go panics, 4 forms not
//! ported (a `%q` Go may escape); none differ. The calls upstream's `validateFunctions` meets are collected the
//! same way ([`walk::Call`], [`refused_call`]): over that corpus and the audit's 818
//! everyday queries, of the 27,234 the gate takes its answer (2,410 refusals of a function
//! or table function) is the Go walk's for all but the 2 forms not ported
//! ([`tests::functions_corpus`], against a copy of the Go harness with validation.go's walk).

mod keyword;
mod lexer;
mod parser_column;
mod parser_common;
mod parser_query;
mod parser_stmt;
mod parser_table;
mod walk;

use super::translate::spelling;
pub(super) use keyword::is_keyword;
use parser_common::{Fail, Parser, Shape};
use walk::Limit;

/// Upstream's `astNodesMax`.
pub(crate) const AST_NODES_MAX: usize = 2_000;
/// Upstream's `projectedColumnsMax`.
pub(crate) const PROJECTED_COLUMNS_MAX: usize = 64;

/// What upstream's parser and its checks after it answer for a query.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// One `SELECT` within the limits, of this many nodes, its text `query[..end]` (what
    /// upstream writes back for ClickHouse; a token after its `;` is left), and whether its
    /// `SelectQuery` has a `FROM` clause (upstream's rewriteTables refuses it without one),
    /// and upstream's `validateFunctions`' refusal if any ([`refused_call`]; it comes after
    /// the table checks, so the translation answers it, [`Refusal::Function`]).
    Select {
        nodes: usize,
        end: usize,
        from: bool,
        function: Option<Refusal>,
        /// The byte offsets of the commas upstream writes the query back without
        /// ([`Parser::dropped_commas`]), in order.
        dropped_commas: Vec<usize>,
        /// Whether ClickHouse's parser fails on the text upstream writes back
        /// ([`Parser::clickhouse_syntax`]): its syntax error, after upstream's checks.
        clickhouse_syntax: bool,
        /// Whether a number written `.5` follows `WHERE` ([`Parser::dot_after_where`]).
        dot_after_where: bool,
    },
    /// Refused with this 400.
    Refused(Refusal),
    /// Where Go's parser panics: upstream's server answers its 500 (zen's
    /// `WithPanicRecovery`, "An unexpected error occurred while processing your request.").
    Panic(&'static str),
    /// An unterminated `/*` comment reached as the query is read: upstream's lexer never
    /// leaves it (its loop does not move), so the real server never answers; refused here.
    Hang,
    /// A rarer form not ported (see the module's docs): why.
    NotPorted(&'static str),
}

/// A refusal of [`Verdict::Refused`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// "Invalid SQL syntax: " and the wrapped error.
    Syntax(String),
    /// "No SQL statements found".
    NoStatement,
    /// "Analytics queries must contain exactly one statement".
    NotOne,
    /// "Only SELECT queries are allowed" (`invalid_analytics_query_type`).
    NotSelect,
    /// "SETTINGS clauses are not allowed".
    Settings,
    /// "Analytics query is too complex".
    Complex,
    /// "Analytics query projects too many columns".
    Columns,
    /// "Function 'x' is not allowed" (`invalid_analytics_function`), `x` lower-cased.
    Function(String),
    /// "Table function 'x' is not allowed for security reasons" (the same code).
    TableFunction(String),
}

impl Refusal {
    /// The 400.
    pub(crate) fn error(&self) -> crate::error::ApiError {
        let code = match self {
            Refusal::NotSelect => "user/bad_request/invalid_analytics_query_type",
            Refusal::Function(_) | Refusal::TableFunction(_) => {
                "user/bad_request/invalid_analytics_function"
            }
            _ => "user/bad_request/invalid_analytics_query",
        };
        crate::error::ApiError::analytics(code, self.detail())
    }

    /// The 400's detail.
    pub(crate) fn detail(&self) -> String {
        match self {
            Refusal::Syntax(wrapped) => format!("Invalid SQL syntax: {wrapped}"),
            Refusal::NoStatement => "No SQL statements found".into(),
            Refusal::NotOne => "Analytics queries must contain exactly one statement".into(),
            Refusal::NotSelect => "Only SELECT queries are allowed".into(),
            Refusal::Settings => "SETTINGS clauses are not allowed".into(),
            Refusal::Complex => "Analytics query is too complex".into(),
            Refusal::Columns => "Analytics query projects too many columns".into(),
            Refusal::Function(name) => format!("Function '{name}' is not allowed"),
            Refusal::TableFunction(name) => {
                format!("Table function '{name}' is not allowed for security reasons")
            }
        }
    }
}

/// Longest query checked on the caller's thread: a longer one may nest deep enough (the Go
/// parser recurses once or more per bracket) to need [`DEEP_STACK_BYTES`].
const SHALLOW_BYTES: usize = 2048;
/// The stack a query longer than [`SHALLOW_BYTES`] is parsed on: room for the deepest
/// nesting of a 16 KB query (some 16,000 levels of a few calls each, unoptimized builds
/// included); only what is used is touched.
const DEEP_STACK_BYTES: usize = 512 * 1024 * 1024;

/// Upstream's `Parse` up to and with `validateComplexity` (the length is checked before).
pub(crate) fn check(query: &str) -> Verdict {
    if query.len() <= SHALLOW_BYTES {
        return check_here(query);
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("analytics-parse".into())
            .stack_size(DEEP_STACK_BYTES)
            .spawn_scoped(scope, || check_here(query))
            .ok()
            .and_then(|parsing| parsing.join().ok())
            .unwrap_or(Verdict::NotPorted("a parse whose thread failed"))
    })
}

/// [`check`] on this thread.
fn check_here(query: &str) -> Verdict {
    let mut parser = Parser::new(query);
    let stmts = match parser.parse_stmts() {
        Ok(Ok(stmts)) => stmts,
        Ok(Err(wrapped)) => return Verdict::Refused(Refusal::Syntax(wrapped)),
        Err(Fail::NotPorted(why)) => return Verdict::NotPorted(why),
        Err(Fail::Panic(why)) => return Verdict::Panic(why),
        Err(Fail::Hang) => return Verdict::Hang,
        // (Every syntax error is wrapped by `parse_stmts`.)
        Err(Fail::Syntax(_)) => return Verdict::NotPorted("a lexer error outside a statement"),
    };
    let (stmt, end) = match stmts.as_slice() {
        [] => return Verdict::Refused(Refusal::NoStatement),
        [(stmt, end)] => (stmt, *end),
        _ => return Verdict::Refused(Refusal::NotOne),
    };
    let Shape::SelectQuery { from } = stmt.shape else {
        return Verdict::Refused(Refusal::NotSelect);
    };
    if stmt.sum.has_settings() {
        return Verdict::Refused(Refusal::Settings);
    }
    match stmt.sum.limit_crossed(AST_NODES_MAX, PROJECTED_COLUMNS_MAX) {
        Some(Limit::Complex) => Verdict::Refused(Refusal::Complex),
        Some(Limit::Columns) => Verdict::Refused(Refusal::Columns),
        None => match refused_call(&stmt.sum) {
            Ok(function) => Verdict::Select {
                nodes: stmt.sum.total(),
                end,
                from,
                function,
                dropped_commas: {
                    let mut at: Vec<usize> = parser
                        .dropped_commas
                        .iter()
                        .copied()
                        .filter(|at| *at < end)
                        .collect();
                    at.sort_unstable();
                    at.dedup();
                    at
                },
                clickhouse_syntax: parser.clickhouse_syntax.iter().any(|at| *at < end),
                dot_after_where: parser.dot_after_where.iter().any(|at| *at < end),
            },
            Err(why) => Verdict::NotPorted(why),
        },
    }
}

/// Upstream's `validateFunctions` (query-parser/validation.go): the first `FunctionExpr`
/// (of a name) or `TableFunctionExpr` its walk meets whose name, lower-cased
/// (`strings.ToLower`), is not in its list ([`super::translate::FUNCTIONS`]; no table function is).
/// This is the one check of the functions a query calls: an operator's function form
/// (`like(a, b)`, `in(…)`, `and(…)`) is a call to upstream's parser, a cast's `::T(…)` too.
fn refused_call(sum: &walk::Sum) -> Result<Option<Refusal>, &'static str> {
    let refused = |call: &walk::Call| match go_lower(&call.name) {
        Some(lower) if call.table => !lower.is_empty(),
        Some(lower) => !lower.is_empty() && spelling(&lower).is_none(),
        // (Refused whatever its lower case; what that is is not followed here.)
        None => true,
    };
    let Some(call) = sum.first_call(&refused) else {
        return Ok(None);
    };
    let lower = go_lower(&call.name).ok_or("a function name Go lower-cases otherwise")?;
    Ok(Some(match call.table {
        true => Refusal::TableFunction(lower),
        false => Refusal::Function(lower),
    }))
}

/// Go's `strings.ToLower`, where each character's lower case is one character (as Go's
/// `unicode.ToLower` makes it; `None` otherwise).
fn go_lower(s: &str) -> Option<String> {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => Some(l),
                _ => None,
            }
        })
        .collect()
}

/// The answer as the Go harness (/tmp/ap13/go/gate) writes it, for comparing the two.
#[cfg(test)]
fn answer(query: &str) -> String {
    if query.len() > 16 * 1024 {
        return "Analytics query exceeds the maximum length".into();
    }
    match check(query) {
        Verdict::Select { nodes, .. } => format!("OK nodes={nodes}"),
        Verdict::Refused(r) => r.detail(),
        Verdict::Panic(why) => format!("PANIC {why}"),
        Verdict::Hang => "HANG".into(),
        Verdict::NotPorted(why) => format!("NOTPORTED {why}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Outcome = Result<(), Box<dyn std::error::Error>>;

    /// Writes `each`'s line for each JSON string line of `$CHPARSE_CORPUS` (where it has
    /// one) to `$CHPARSE_OUT`, run on a stack of the translation thread's size.
    fn over_corpus(each: fn(&str) -> Option<String>) -> Outcome {
        let input = std::fs::read_to_string(std::env::var("CHPARSE_CORPUS")?)?;
        let mut queries = Vec::new();
        for line in input.lines() {
            queries.push(serde_json::from_str::<String>(line)?);
        }
        let lines = std::thread::Builder::new()
            .stack_size(super::super::TRANSLATION_STACK_BYTES)
            .spawn(move || queries.iter().filter_map(|q| each(q)).collect::<Vec<_>>())?
            .join()
            .map_err(|_| "the corpus thread failed")?;
        let mut out = String::new();
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        std::fs::write(std::env::var("CHPARSE_OUT")?, out)?;
        Ok(())
    }

    /// [`answer`] for each query, for comparing with the Go harness (/tmp/ap13/go/gate).
    #[test]
    #[ignore]
    fn corpus() -> Outcome {
        over_corpus(|q| serde_json::to_string(&answer(q)).ok())
    }

    /// `OK nodes=N FN=` and validateFunctions' refusal (`-` for none) where the gate takes
    /// the query, else its answer, for comparing with the Go harness's (/tmp/af_go/gate).
    #[test]
    #[ignore]
    fn functions_corpus() -> Outcome {
        over_corpus(|q| {
            let a = match check(q) {
                Verdict::Select {
                    nodes, function, ..
                } => format!(
                    "OK nodes={nodes} FN={}",
                    function.map_or("-".into(), |r| r.detail())
                ),
                _ => answer(q),
            };
            serde_json::to_string(&a).ok()
        })
    }

    /// For each query under 3,000 bytes that upstream's parser takes, the translation's
    /// refusal, if any (a survey, not a check).
    #[test]
    #[ignore]
    fn translation_after_the_gate() -> Outcome {
        over_corpus(|q| {
            if q.len() >= 3000 || !matches!(check(q), Verdict::Select { .. }) {
                return None;
            }
            let refused = super::super::translate::translate(
                super::super::Dataset::Verifications,
                q,
                1_900_000_000_000,
                30,
                10_000,
            )
            .err()?;
            Some(serde_json::json!([q, refused.detail]).to_string())
        })
    }
}
