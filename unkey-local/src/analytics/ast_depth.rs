//! ClickHouse's `max_ast_depth` of upstream's settings profile (100, pkg/clickhouse/user.go
//! `AnalyticsASTDepthMax`), applied to the AST of the query upstream sends
//! ([`check_ast_depth`]).
//!
//! ClickHouse 25.6 parses the query, then checks its AST (executeQuery.cpp,
//! `checkASTSizeLimits`: `IAST::checkDepth`) before it analyses anything: a node `max_ast_depth`
//! below the root or deeper is TOO_DEEP_AST, "AST is too deep. Maximum: 100" (IAST.cpp
//! `checkDepthImpl`: the root's children are at 1, and a node at `max_depth` throws). The
//! message holds none of the words WrapClickHouseError looks for, so upstream answers 400
//! "Invalid analytics query" (pkg/clickhouse/errors.go, ExtractUserFriendlyError's default).
//!
//! How deep that AST is depends on how ClickHouse's parser builds each form (a call is an
//! `ASTFunction` over an `ASTExpressionList` of its arguments; `a + b + c` is
//! `plus(plus(a, b), c)`, `AND`/`OR` chains one call, ExpressionListParsers.cpp
//! `OperatorType::Mergeable`; a constant array or tuple one literal) and on the filters
//! upstream writes into each `SELECT` (query-parser/filter.go), which is not counted exactly
//! here. Two bounds are: a lower one from the calls alone (each call two levels: its function
//! and its argument list), and an upper one that counts every operator and group at the most
//! it can add. Past the lower bound the query is ClickHouse's error; between the two it is
//! not run.

use super::*;

/// Upstream's `max_ast_depth`.
const AST_DEPTH_MAX: usize = 100;

/// The least depth of an expression of the outermost `SELECT` (a `WHERE` or `HAVING` one,
/// `ASTSelectWithUnionQuery` > `ASTExpressionList` > `ASTSelectQuery` > it).
const TOP_EXPRESSION_DEPTH_MIN: usize = 3;

/// The most depth of an expression of the outermost `SELECT`, less the operators it is in:
/// an `ORDER BY` item (5), a `JOIN`'s condition (6), a named window's (8), a `WHERE` under
/// upstream's filters (one `and` of two levels for each, query-parser/filter.go), a `UNION`'s
/// `SELECT` (2 more), with room.
const TOP_EXPRESSION_DEPTH_MAX: usize = 12;

/// The most levels a subquery in `FROM`/`JOIN` adds (`ASTTablesInSelectQuery` >
/// `…Element` > `ASTTableExpression` > `ASTSubquery` > `ASTSelectWithUnionQuery` >
/// `ASTExpressionList` > `ASTSelectQuery`, 7) and one elsewhere (`ASTSubquery` >
/// `ASTSelectWithUnionQuery` > `ASTExpressionList` > `ASTSelectQuery`, 4, and its own
/// clauses as [`TOP_EXPRESSION_DEPTH_MAX`] counts them), with room.
const FROM_SUBQUERY_LEVELS_MAX: usize = 8;
const SUBQUERY_LEVELS_MAX: usize = 14;

/// Words before `(` that make it no call: keywords and clause words.
const NOT_CALLS: &[&str] = &[
    "JOIN",
    "INTERVAL",
    "SETS",
    "ROLLUP",
    "CUBE",
    "EXCEPT",
    "APPLY",
    "VALUES",
    "ANY",
    "ALL",
    "CAST",
    "EXISTS",
    "FILTER",
    "WINDOW",
    "UNION",
    "INTERSECT",
    "SETTINGS",
    "FORMAT",
    "TOP",
    "FINAL",
    "SAMPLE",
    "PREWHERE",
    "QUALIFY",
    "WITH",
    "FILL",
    "STEP",
    "INTERPOLATE",
];

/// Upstream's answer (400 "Invalid analytics query") where ClickHouse's AST of `toks` (the
/// query as written) is certainly deeper than [`AST_DEPTH_MAX`], and not running it where it
/// may be. (Unbalanced groups are left to the other checks.)
pub(super) fn check_ast_depth(toks: &[Tok]) -> Result<(), ApiError> {
    let Some(ends) = group_ends(toks) else {
        return Ok(());
    };
    let heights = Heights { toks, ends: &ends };
    let (low, high) = heights.of(0, toks.len());
    // (A node `h - 1` levels below an expression at depth `d` is at `d + h - 1`.)
    if TOP_EXPRESSION_DEPTH_MIN + low > AST_DEPTH_MAX {
        return Err(query_error("Invalid analytics query"));
    }
    if TOP_EXPRESSION_DEPTH_MAX + high > AST_DEPTH_MAX {
        return Err(unsupported(
            "a query this deeply nested: ClickHouse refuses an AST deeper than upstream's max_ast_depth (100), which is not counted exactly here",
        ));
    }
    Ok(())
}

/// Where each group (`(…)`, `[…]`, `CASE … END`) that opens at a token closes; `None` where
/// they do not pair.
fn group_ends(toks: &[Tok]) -> Option<Vec<Option<usize>>> {
    let mut ends = vec![None; toks.len()];
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let closer = match t {
            Tok::Sym("(") => Some(")"),
            Tok::Sym("[") => Some("]"),
            Tok::Word(w) if w.eq_ignore_ascii_case("CASE") => Some("END"),
            _ => None,
        };
        if let Some(closer) = closer {
            open.push((i, closer));
            continue;
        }
        let closes = match t {
            Tok::Sym(s @ (")" | "]")) => Some(*s),
            Tok::Word(w) if w.eq_ignore_ascii_case("END") => Some("END"),
            _ => None,
        };
        if let Some(closes) = closes {
            let (at, closer) = open.pop()?;
            if closer != closes {
                return None;
            }
            *ends.get_mut(at)? = Some(i);
        }
    }
    open.is_empty().then_some(ends)
}

/// One item of a list as read so far: its operators (2 levels each, the function and its
/// arguments' list), a chain of `AND`s or of `OR`s one call over conjuncts, and its groups.
#[derive(Default)]
struct Item {
    /// The least height of its groups (calls).
    low: usize,
    /// The binary `+`/`-` (or `*`/`/`/`%`) read in a row now, with no operator of lower
    /// precedence between, and the most of them in a row: ClickHouse's parser nests each
    /// in the one before (`plus(plus(a, b), c)`), so a row of `n` is `2n + 1` high at least.
    additive: usize,
    multiplicative: usize,
    row: usize,
    /// The least height of the groups of the conjunct read now, and whether it has a binary
    /// operator (a call over them, 2 levels).
    conjunct_low: usize,
    binary: bool,
    /// Whether it has a leaf (a name, a literal) in the conjunct read now.
    leaf: bool,
    /// Whether it had a leaf in a conjunct before.
    leaves: bool,
    /// The conjunct's operators and the most height of its groups.
    operators: usize,
    below: usize,
    /// The most height of the conjuncts before.
    conjuncts: usize,
    /// Its operators over `AND`/`OR` (`->`, `?:`), and whether it has `AND`s, `OR`s.
    outer: usize,
    and: bool,
    or: bool,
    /// Whether it is a window's frame (`ROWS BETWEEN … AND …`, no `and` call).
    frame: bool,
}

impl Item {
    /// An operator read: a binary `+`/`-` or `*`/`/`/`%` continues its row (the other's
    /// row is cut by `+`/`-`, which binds less), any other ends both.
    fn operator(&mut self, op: Option<&str>) {
        match op {
            Some("+" | "-") => {
                self.additive += 1;
                self.multiplicative = 0;
            }
            Some("*" | "/" | "%") => self.multiplicative += 1,
            _ => (self.additive, self.multiplicative) = (0, 0),
        }
        self.row = self.row.max(self.additive).max(self.multiplicative);
    }

    /// A group read, of least height `low` and at most `high`.
    fn group(&mut self, low: usize, high: usize) {
        self.low = self.low.max(low);
        self.conjunct_low = self.conjunct_low.max(low);
        self.below = self.below.max(high);
    }

    /// Ends the conjunct read now.
    fn conjunct(&mut self) {
        self.operator(None);
        if self.binary {
            self.low = self.low.max(self.conjunct_low + 2);
        }
        (self.conjunct_low, self.binary) = (0, false);
        let height = 2 * self.operators + self.below.max(usize::from(self.leaf));
        self.conjuncts = self.conjuncts.max(height);
        self.leaves |= self.leaf;
        (self.operators, self.below, self.leaf) = (0, 0, false);
    }

    /// The least and the most height of the item.
    fn heights(&mut self) -> (usize, usize) {
        self.conjunct();
        let over = 2 * self.outer + 2 * usize::from(self.and) + 2 * usize::from(self.or);
        let row = if self.row > 0 { 2 * self.row + 1 } else { 0 };
        // (Under `and`/`or`, each conjunct is two levels down.)
        if (self.and || self.or) && !self.frame {
            self.low += 2;
        }
        (
            self.low.max(usize::from(self.leaves)).max(row),
            over + self.conjuncts,
        )
    }
}

/// The heights (nodes on the longest path down, the expression's own included) of
/// expressions over tokens, as bounds: see [`Heights::of`].
struct Heights<'a> {
    toks: &'a [Tok],
    ends: &'a [Option<usize>],
}

impl Heights<'_> {
    /// The least and the most height of ClickHouse's AST of any item of `[a, b)` (items apart
    /// at `,`, `WHEN`, `THEN`, `ELSE`).
    fn of(&self, a: usize, b: usize) -> (usize, usize) {
        let (mut low, mut high) = (0, 0);
        let mut item = Item::default();
        let mut k = a;
        while k < b {
            let Some(t) = self.toks.get(k) else { break };
            let word = match t {
                Tok::Word(w) => w.to_ascii_uppercase(),
                _ => String::new(),
            };
            if *t == Tok::Sym(",") || matches!(word.as_str(), "WHEN" | "THEN" | "ELSE") {
                let (l, h) = item.heights();
                (low, high) = (low.max(l), high.max(h));
                item = Item::default();
                k += 1;
                continue;
            }
            if let Some(end) = self.ends.get(k).copied().flatten().filter(|e| *e < b) {
                let (inner_low, inner_high) = self.of(k + 1, end);
                let (group_low, levels) = self.group(k, end, inner_low);
                item.group(group_low, levels + inner_high);
                k = end + 1;
                continue;
            }
            let before = k.checked_sub(1).and_then(|p| self.toks.get(p));
            let operand_before = match before {
                Some(Tok::Word(w)) => self.is_call_name(&Tok::Word(w.clone())),
                before => matches!(
                    before,
                    Some(Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]"))
                ),
            };
            match t {
                // (Lower than `AND` and `OR`: over them.)
                Tok::Sym("->" | "?" | ":") => {
                    item.operator(None);
                    item.outer += 1;
                }
                // (`*` as a column list, `count(*)`: a leaf.)
                Tok::Sym("*") if !operand_before => item.leaf = true,
                Tok::Sym(op) => {
                    item.operator(Some(*op).filter(|_| operand_before));
                    // (`::` may make a literal of a literal.)
                    item.binary |= operand_before && *op != "::";
                    item.operators += 1;
                }
                Tok::Word(_) => match word.as_str() {
                    "AND" => {
                        item.and = true;
                        item.conjunct();
                    }
                    "OR" => {
                        item.or = true;
                        item.conjunct();
                    }
                    // (`x BETWEEN a AND b` is `and(x >= a, x <= b)`.)
                    "BETWEEN" => {
                        item.operator(None);
                        item.operators += 2;
                    }
                    "NOT" | "IS" | "IN" | "LIKE" | "ILIKE" | "INTERVAL" | "EXISTS" | "DIV"
                    | "MOD" | "OVER" | "ANY" | "ALL" | "GLOBAL" => {
                        item.operator(None);
                        item.operators += 1;
                    }
                    w => {
                        item.frame |= WINDOW_WORDS.contains(&w);
                        item.leaf = true;
                    }
                },
                _ => item.leaf = true,
            }
            k += 1;
        }
        let (l, h) = item.heights();
        (low.max(l), high.max(h))
    }

    /// The least height the group from `k` to `end` (whose items' is `inner_low` at least)
    /// has, and the most levels it adds above its items.
    fn group(&self, k: usize, end: usize, inner_low: usize) -> (usize, usize) {
        let before = k.checked_sub(1).and_then(|p| self.toks.get(p));
        let after = self.toks.get(k + 1).map(upper).unwrap_or_default();
        match self.toks.get(k) {
            Some(Tok::Sym("(")) if matches!(after.as_str(), "SELECT" | "WITH") => {
                let from = before
                    .map(upper)
                    .is_some_and(|w| w == "FROM" || w == "JOIN");
                let levels = if from {
                    FROM_SUBQUERY_LEVELS_MAX
                } else {
                    SUBQUERY_LEVELS_MAX
                };
                (inner_low, levels)
            }
            // A call: its function and its arguments' list, then an argument.
            Some(Tok::Sym("(")) if before.is_some_and(|p| self.is_call_name(p)) => {
                (2 + inner_low, 2)
            }
            // Parentheses around one expression add nothing, but a lambda's parameters (a
            // tuple) and a window's definition (its list and `ORDER BY` item); a tuple is a
            // call.
            Some(Tok::Sym("(")) => {
                let one = !self.top_level_comma(k + 1, end);
                let lambda = self.toks.get(end + 1) == Some(&Tok::Sym("->"));
                let window = before.map(upper).is_some_and(|w| w == "OVER" || w == "AS");
                (inner_low, if one && !lambda && !window { 0 } else { 3 })
            }
            // Brackets (`array`, `arrayElement`), `CASE` (`multiIf`, `caseWithExpression`).
            _ => (inner_low, 2),
        }
    }

    /// Whether `[a, b)` has a `,` outside its groups.
    fn top_level_comma(&self, a: usize, b: usize) -> bool {
        let mut j = a;
        while j < b {
            match self.ends.get(j).copied().flatten() {
                Some(end) => j = end + 1,
                None if self.toks.get(j) == Some(&Tok::Sym(",")) => return true,
                None => j += 1,
            }
        }
        false
    }

    /// Whether `(` after `t` opens a call's arguments: after a name that is no keyword.
    fn is_call_name(&self, t: &Tok) -> bool {
        let Tok::Word(w) = t else {
            return false;
        };
        let w = w.to_ascii_uppercase();
        !KEYWORDS.contains(&w.as_str())
            && !OPERATOR_WORDS.contains(&w.as_str())
            && !WINDOW_WORDS.contains(&w.as_str())
            && !NOT_CALLS.contains(&w.as_str())
    }
}
