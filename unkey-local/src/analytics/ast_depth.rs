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

/// Words that end an expression (a clause's, an alias's, a `CASE`'s parts): the items of a
/// list are apart at them as at `,`.
const EXPRESSION_ENDS: &[&str] = &[
    "WHEN",
    "THEN",
    "ELSE",
    "SELECT",
    "DISTINCT",
    "FROM",
    "WHERE",
    "PREWHERE",
    "GROUP",
    "BY",
    "HAVING",
    "ORDER",
    "LIMIT",
    "OFFSET",
    "ON",
    "USING",
    "AS",
    "UNION",
    "JOIN",
    "WINDOW",
    "QUALIFY",
    "ASC",
    "DESC",
    "WITH",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "OUTER",
    "ARRAY",
    "SEMI",
    "ANTI",
    "ASOF",
    "FINAL",
    "SAMPLE",
    "NULLS",
    "FIRST",
    "LAST",
    "FILL",
    "STEP",
    "TO",
    "ROLLUP",
    "CUBE",
    "TOTALS",
    "EXCEPT",
    "INTERSECT",
];

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

/// Upstream's `max_ast_elements`.
const AST_ELEMENTS_MAX: usize = 2_000;

/// The most nodes a `SELECT` adds besides its tokens' (`ASTSelectWithUnionQuery`, its list,
/// `ASTSelectQuery`, its select list, `ASTTablesInSelectQuery`, the `LIMIT` upstream writes
/// in, …), with room.
const SELECT_ELEMENTS_MAX: usize = 16;

/// The most nodes a table source adds besides its name (`ASTTablesInSelectQueryElement`,
/// `ASTTableExpression`, `ASTTableJoin`) and the filters upstream writes into its `SELECT`
/// for it (query-parser/filter.go: `src.workspace_id = '…'` and one `column IN (…)` of the
/// route's security filter, each under an `and`: 6 each), with room.
const SOURCE_ELEMENTS_MAX: usize = 20;

/// Upstream's answer (400 "Invalid analytics query") where ClickHouse's AST of `toks` (the
/// query as written, with the filters upstream writes in) certainly has more than
/// [`AST_ELEMENTS_MAX`] nodes (IAST.cpp `checkSize`, each node and all its children's,
/// a child shared by two parents counted under each: TOO_BIG_AST, "AST is too big. Maximum:
/// 2000", checked after the depth by executeQuery.cpp `checkASTSizeLimits`), and not running
/// it where it may have. Upstream's own count of its parser's nodes (at most 2,000, see
/// `chparse`) comes first, but ClickHouse's parser builds some forms larger: `x BETWEEN a AND
/// b` is `and(greaterOrEquals(x, a), lessOrEquals(x, b))` (ExpressionListParsers.cpp
/// `makeBetweenOperator`), `x` under both. See [`Elements`].
pub(super) fn check_ast_elements(toks: &[Tok]) -> Result<(), ApiError> {
    let Some(ends) = group_ends(toks) else {
        return Ok(());
    };
    let elements = Elements { toks, ends: &ends };
    let (low, high) = elements.of(0, toks.len(), (true, true));
    if low > AST_ELEMENTS_MAX {
        return Err(query_error("Invalid analytics query"));
    }
    if high > AST_ELEMENTS_MAX {
        return Err(unsupported(
            "a query this large: ClickHouse refuses an AST of more than upstream's max_ast_elements (2,000) nodes, which are not counted exactly here",
        ));
    }
    Ok(())
}

/// The nodes of ClickHouse's AST over tokens, as bounds ([`Elements::of`]). The most: each
/// token at the most nodes it can make (a name or a literal one, an operator its function and
/// arguments' list, a call's or a tuple's group two, `->` four, `::` three, …), each `SELECT`
/// [`SELECT_ELEMENTS_MAX`] and each table source [`SOURCE_ELEMENTS_MAX`] more, and for a
/// `BETWEEN` its operand again, taken as everything before it back to an operator it is
/// above (`,`, a clause's word, `AND`, `OR`, `?`, `:`, `->`, the group's start); `TRIM(…)`
/// twice its arguments (ParserTrimExpression quotes the characters twice). The least: the
/// nodes surely there, each binary `+ - * / %` or comparison a function over its list, a
/// call with arguments its function and list (`COLUMNS`, `tuple`, `array` and `map` aside,
/// which may make a matcher or a literal), and a `BETWEEN` six and the operand before it
/// again (at the least its last primary).
struct Elements<'a> {
    toks: &'a [Tok],
    ends: &'a [Option<usize>],
}

impl Elements<'_> {
    /// The least and the most nodes of ClickHouse's AST of the tokens `[a, b)`; `leaves`:
    /// whether each literal there is surely a node of its own (not where a list of them may
    /// be one literal, `(1, 2)`, `[1, 2]`, nor in a window's definition), and whether each
    /// name that is a whole element of a list is (not in a window's definition).
    fn of(&self, a: usize, b: usize, leaves: (bool, bool)) -> (usize, usize) {
        let (literals, names) = leaves;
        let heights = Heights {
            toks: self.toks,
            ends: self.ends,
        };
        let (mut low, mut high) = (0usize, 0usize);
        // The most nodes since the last operator a `BETWEEN` is above, the least nodes of the
        // last primary, `BETWEEN`s whose `AND` is to come, and whether `,` here parts
        // elements ClickHouse wraps each in a node (`ORDER BY`, `WITH`, `WINDOW`, joins, …).
        let mut segment = 0usize;
        let mut primary = 0usize;
        let mut betweens = 0usize;
        let mut wrapped = false;
        let mut from = false;
        let mut k = a;
        while k < b {
            let Some(t) = self.toks.get(k) else { break };
            let before = k.checked_sub(1).and_then(|p| self.toks.get(p));
            let word = upper(t);
            if let Some(end) = self.ends.get(k).copied().flatten().filter(|e| *e < b) {
                let after = self.toks.get(k + 1).map(upper).unwrap_or_default();
                let name = before.map(upper).unwrap_or_default();
                let call = before.is_some_and(|p| heights.is_call_name(p));
                let after_operand = call || matches!(before, Some(Tok::Sym(")" | "]")));
                let list = matches!(t, Tok::Sym("(" | "[")) && !after_operand;
                let window = matches!(name.as_str(), "OVER" | "AS");
                let may_collapse = list && heights.top_level_comma(k + 1, end);
                let sure_literals = !(window || may_collapse);
                let (inner_low, inner_high) =
                    self.of(k + 1, end, (sure_literals && literals, !window && names));
                let (own_low, own_high) = match t {
                    Tok::Sym("(") if matches!(after.as_str(), "SELECT" | "WITH") => (0, 2),
                    Tok::Sym("(") if call && name == "TRIM" => (2, 20 + inner_high),
                    Tok::Sym("(") if call => {
                        let sure = !matches!(name.as_str(), "COLUMNS" | "TUPLE" | "ARRAY" | "MAP");
                        let args = end > k + 1;
                        (usize::from(sure) * (1 + usize::from(args)), 3)
                    }
                    // (Parameters then arguments, `quantile(0.5)(x)`; a tuple; a lambda's
                    // parameters; parentheses around one expression make none.)
                    Tok::Sym("(") => (0, 3),
                    // (`CASE` is `multiIf` or `caseWithExpression` over its list, with a
                    // `NULL` where no `ELSE` is written.)
                    Tok::Word(_) => (2, 3),
                    _ => (0, 2),
                };
                let group_low = inner_low.saturating_add(own_low);
                let group_high = inner_high.saturating_add(own_high);
                low = low.saturating_add(group_low);
                high = high.saturating_add(group_high);
                segment = segment.saturating_add(group_high);
                primary = group_low.max(1);
                k = end + 1;
                continue;
            }
            let operand_before = match before {
                Some(p @ Tok::Word(_)) => heights.is_call_name(p),
                before => matches!(
                    before,
                    Some(Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]"))
                ),
            };
            // (The most this token makes, and whether the operand of a `BETWEEN` after it
            // starts after it.)
            let (sure, most, parts) = match t {
                Tok::Sym(",") => {
                    if from {
                        high = high.saturating_add(SOURCE_ELEMENTS_MAX);
                    }
                    (0, usize::from(wrapped), true)
                }
                Tok::Sym(
                    "+" | "-" | "*" | "/" | "%" | "=" | "==" | "!=" | "<>" | "<" | ">" | "<="
                    | ">=",
                ) if operand_before => (2, 2, false),
                Tok::Sym("->") => (0, 4, true),
                Tok::Sym("?" | ":") => (0, 2, true),
                Tok::Sym("::") => (0, 3, false),
                Tok::Sym(_) => (0, 2, false),
                Tok::Num(_) => (0, 1, false),
                // (`INTERVAL '1 day 2 hours'` is an interval of each part.)
                Tok::Str(text) if before.map(upper).as_deref() == Some("INTERVAL") => {
                    let parts = text.split_whitespace().count() + 1;
                    (0, parts.saturating_mul(4), false)
                }
                Tok::Str(_) => (0, 1, false),
                Tok::Word(_) => match word.as_str() {
                    "AND" if betweens > 0 => {
                        betweens -= 1;
                        (0, 0, false)
                    }
                    "AND" | "OR" => (0, 2, true),
                    "BETWEEN" => {
                        betweens += 1;
                        // (In a window's frame, `ROWS BETWEEN …` is no operator.)
                        let frame = before
                            .map(upper)
                            .is_some_and(|w| w == "ROWS" || w == "RANGE");
                        let sure = if frame { 0 } else { 6 + primary };
                        (sure, 6usize.saturating_add(segment), false)
                    }
                    // (Its `ASTSelectQuery` and select list at the least.)
                    "SELECT" => (2, SELECT_ELEMENTS_MAX, true),
                    "FROM" | "JOIN" => {
                        from = true;
                        (0, SOURCE_ELEMENTS_MAX, true)
                    }
                    "OVER" => (0, 4, false),
                    "NOT" | "IS" | "IN" | "LIKE" | "ILIKE" | "DIV" | "MOD" | "INTERVAL"
                    | "EXISTS" | "EXCEPT" => (0, 2, false),
                    _ => (0, 1, EXPRESSION_ENDS.contains(&word.as_str())),
                },
            };
            if let Tok::Word(_) = t {
                match word.as_str() {
                    "ORDER" | "WITH" | "WINDOW" | "INTERPOLATE" | "SETS" | "BY" | "USING"
                    | "FROM" | "JOIN" => wrapped = true,
                    "SELECT" | "WHERE" | "PREWHERE" | "GROUP" | "HAVING" | "LIMIT" | "UNION"
                    | "QUALIFY" | "SETTINGS" | "EXCEPT" | "INTERSECT" => {
                        wrapped = false;
                        from = false;
                    }
                    _ => {}
                }
            }
            // (A literal, and a name that is a whole element of a list, `f(a, b)`, `[a]`, are
            // each a node.)
            let element = matches!(before, Some(Tok::Sym("," | "(" | "[")))
                && matches!(self.toks.get(k + 1), Some(Tok::Sym("," | ")" | "]")))
                && heights.is_call_name(t);
            let leaf = matches!(t, Tok::Num(_) | Tok::Str(_)) && literals || element && names;
            low = low.saturating_add(sure + usize::from(leaf));
            high = high.saturating_add(most);
            if parts {
                segment = 0;
            } else {
                segment = segment.saturating_add(most);
            }
            if matches!(t, Tok::Word(_) | Tok::Num(_) | Tok::Str(_)) && word != "NOT" {
                primary = 1;
            }
            k += 1;
        }
        (low, high)
    }
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

/// One item of a list as read so far. The most height: its operators (2 levels each, the
/// function and its arguments' list; a chain of `AND`s or of `OR`s one call over its
/// conjuncts) over its groups ([`Lower`] reads the least).
#[derive(Default)]
struct Item {
    /// The least height.
    lower: Lower,
    /// Whether the conjunct read now has a leaf (a name, a literal).
    leaf: bool,
    /// The conjunct's operators and the most height of its groups.
    operators: usize,
    below: usize,
    /// The most height of the conjuncts before.
    conjuncts: usize,
    /// Its operators over `AND`/`OR` (`->`, `?:`), and whether it has `AND`s, `OR`s.
    outer: usize,
    and: bool,
    or: bool,
}

impl Item {
    /// A group read, of least height `low` and at most `high`.
    fn group(&mut self, low: usize, high: usize) {
        self.lower.operand(low);
        self.below = self.below.max(high);
    }

    /// Ends the conjunct read now.
    fn conjunct(&mut self) {
        let height = 2 * self.operators + self.below.max(usize::from(self.leaf));
        self.conjuncts = self.conjuncts.max(height);
        (self.operators, self.below, self.leaf) = (0, 0, false);
    }

    /// The least and the most height of the item.
    fn heights(&mut self) -> (usize, usize) {
        self.conjunct();
        let over = 2 * self.outer + 2 * usize::from(self.and) + 2 * usize::from(self.or);
        (self.lower.finish(), over + self.conjuncts)
    }
}

/// The least height of an item, from what is certain of its tree: it is read in segments,
/// each one expression for certain (an operand right after another starts a new one, as a
/// clause's keyword does), of conjuncts (apart at `AND`/`OR`, whose call is over them,
/// 2 levels, except in a window's frame). In a conjunct, a binary operator is a call over its
/// operands (2 levels above the highest), and a row of binary `+`/`-` (or `*`/`/`/`%`) with
/// no operator of lower precedence between is nested each in the one before by ClickHouse's
/// parser (`plus(plus(a, b), c)`): `2n + 1` high at least for `n` of them.
#[derive(Default)]
struct Lower {
    /// The most of the segments ended.
    low: usize,
    /// The segment's: whether it has `AND`s or `OR`s, whether it is a window's frame, the
    /// most of its conjuncts ended.
    and_or: bool,
    frame: bool,
    conjuncts: usize,
    /// The conjunct's: its highest operand, whether it has a binary operator, its rows.
    operand: usize,
    binary: bool,
    additive: usize,
    multiplicative: usize,
    row: usize,
    /// Whether the last token read was an operand.
    after_operand: bool,
}

impl Lower {
    /// An operand read (a leaf is 1 high).
    fn operand(&mut self, low: usize) {
        if self.after_operand {
            self.segment();
        }
        self.operand = self.operand.max(low);
        self.after_operand = true;
    }

    /// An operator read; `binary`: a call over the operand before and the one after (`op`
    /// its symbol, for rows).
    fn operator(&mut self, op: Option<&str>, binary: bool) {
        match op.filter(|_| binary && self.after_operand) {
            Some("+" | "-") => {
                self.additive += 1;
                self.multiplicative = 0;
            }
            Some("*" | "/" | "%") => self.multiplicative += 1,
            _ => (self.additive, self.multiplicative) = (0, 0),
        }
        self.row = self.row.max(self.additive).max(self.multiplicative);
        self.binary |= binary && self.after_operand;
        self.after_operand = false;
    }

    /// `AND` or `OR` read.
    fn and_or(&mut self) {
        self.conjunct();
        self.and_or = true;
    }

    /// A word of a window's frame read.
    fn frame(&mut self) {
        self.frame = true;
    }

    /// Ends the conjunct read now.
    fn conjunct(&mut self) {
        let rows = if self.row > 0 { 2 * self.row + 1 } else { 0 };
        let height = (self.operand + 2 * usize::from(self.binary)).max(rows);
        self.conjuncts = self.conjuncts.max(height);
        (self.operand, self.binary) = (0, false);
        (self.additive, self.multiplicative, self.row) = (0, 0, 0);
        self.after_operand = false;
    }

    /// Ends the segment read now.
    fn segment(&mut self) {
        self.conjunct();
        let and_or = self.and_or && !self.frame && self.conjuncts > 0;
        self.low = self.low.max(self.conjuncts + 2 * usize::from(and_or));
        (self.and_or, self.frame, self.conjuncts) = (false, false, 0);
    }

    /// The least height of the item.
    fn finish(&mut self) -> usize {
        self.segment();
        self.low
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
    /// at `,` and [`EXPRESSION_ENDS`]).
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
            if *t == Tok::Sym(",") || EXPRESSION_ENDS.contains(&word.as_str()) {
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
                Tok::Sym(op @ ("->" | "?" | ":")) => {
                    item.lower.operator(Some(op), true);
                    item.outer += 1;
                }
                // (`*` as a column list, `count(*)`: a leaf.)
                Tok::Sym("*") if !operand_before => {
                    item.lower.operand(1);
                    item.leaf = true;
                }
                Tok::Sym(op) => {
                    // (`a.b` may be one name; `::` may make a literal of a literal.)
                    let call = operand_before && !matches!(*op, "." | "::");
                    item.lower.operator(Some(op), call);
                    item.operators += 1;
                }
                Tok::Word(_) => match word.as_str() {
                    "AND" | "OR" => {
                        item.lower.and_or();
                        item.and |= word == "AND";
                        item.or |= word == "OR";
                        item.conjunct();
                    }
                    // (`x BETWEEN a AND b` is `and(x >= a, x <= b)`.)
                    "BETWEEN" => {
                        item.lower.operator(None, true);
                        item.operators += 2;
                    }
                    "IS" | "IN" | "LIKE" | "ILIKE" | "DIV" | "MOD" => {
                        item.lower.operator(None, true);
                        item.operators += 1;
                    }
                    "NOT" | "INTERVAL" | "EXISTS" | "OVER" | "ANY" | "ALL" | "GLOBAL" => {
                        item.lower.operator(None, false);
                        item.operators += 1;
                    }
                    w => {
                        if WINDOW_WORDS.contains(&w) {
                            item.lower.frame();
                        }
                        // (A call's name: the call is the operand, read as its group.)
                        let call =
                            self.toks.get(k + 1) == Some(&Tok::Sym("(")) && self.is_call_name(t);
                        if !call {
                            item.lower.operand(1);
                        }
                        item.leaf = true;
                    }
                },
                _ => {
                    item.lower.operand(1);
                    item.leaf = true;
                }
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
            // `CASE` (a call of `multiIf` or `caseWithExpression`).
            Some(Tok::Word(_)) => (2 + inner_low, 2),
            // Brackets (`array`, `arrayElement`, or a literal of constants).
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

/// ClickHouse's `max_parser_depth` (its default, 1000; upstream's settings profile does not
/// set it).
const PARSER_DEPTH_MAX: usize = 1_000;

/// Whether ClickHouse's parser may reach `max_parser_depth` on `toks` (the query as written),
/// where it stops with TOO_DEEP_RECURSION ("Maximum parse depth (1000) exceeded", none of
/// upstream's error mapping's words: "Invalid analytics query") wherever in the text that is,
/// so that a syntax error of its parser met elsewhere is not surely its answer. Each parser's
/// call nests one level (IParserBase.cpp `parse`: `IncreaseDepthTag`); the expression parser
/// keeps its operators and brackets on a stack of its own (ExpressionListParsers.cpp
/// `ParserExpressionImpl::parse`, layers) but a subquery, a literal array or tuple, a cast's
/// type and a chain of operators in the older parsers nest calls. Counted at the most, with
/// room: each subquery 30 levels, each other group (`(`, `[`, `CASE`) 8, each operator one,
/// and 50 for the statement.
pub(super) fn may_reach_parser_depth(toks: &[Tok]) -> bool {
    let (mut open, mut deepest, mut operators) = (Vec::new(), 0usize, 0usize);
    for (i, t) in toks.iter().enumerate() {
        let subquery = matches!(toks.get(i + 1), Some(Tok::Word(w))
            if w.eq_ignore_ascii_case("SELECT") || w.eq_ignore_ascii_case("WITH"));
        match t {
            Tok::Sym("(") if subquery => open.push(30),
            Tok::Sym("(" | "[") => open.push(8),
            Tok::Word(w) if w.eq_ignore_ascii_case("CASE") => open.push(8),
            Tok::Sym(")" | "]") => {
                open.pop();
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("END") => {
                open.pop();
            }
            Tok::Sym(s) if !matches!(*s, "," | ";" | "." | "*") => operators += 1,
            _ => {}
        }
        deepest = deepest.max(open.iter().sum());
    }
    50 + deepest + operators > PARSER_DEPTH_MAX
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The least and the most height of the query's items ([`Heights::of`]).
    fn heights(query: &str) -> (usize, usize) {
        let toks = tokenize_as_written(query).unwrap_or_default();
        let ends = group_ends(&toks).unwrap_or_default();
        Heights {
            toks: &toks,
            ends: &ends,
        }
        .of(0, toks.len())
    }

    /// Heights as ClickHouse's parser builds the trees: a call is its function over its
    /// argument list over the argument; `+` rows nest; `AND` is one call over its conjuncts;
    /// a window's frame is no call; clauses are apart.
    #[test]
    fn heights_of_expressions() {
        // abs > list > abs > list > 1.
        assert_eq!(heights("SELECT abs(abs(1)) AS x FROM t"), (5, 5));
        // plus > list > plus > list > 1.
        assert_eq!(heights("SELECT 1 + 1 + 1 AS x FROM t"), (5, 5));
        // and > list > equals > list > b.
        assert_eq!(heights("SELECT a FROM t WHERE b = 1 AND c = 2"), (5, 5));
        // (Two clauses' `+` are not one row of two, 5: each is a row of one under its call.)
        assert_eq!(heights("SELECT 1 + 1 AS x FROM t WHERE b + c >= 0").0, 3);
        // (`count` > list > `a`, whatever the frame's `AND`; the window's definition is
        // counted in the most only.)
        let window = "SELECT count(a) OVER (ORDER BY t ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS n FROM t";
        assert_eq!(heights(window).0, 3);
        // (A constant array is one literal: no least height of its own.)
        assert_eq!(heights("SELECT [[[1]]] AS x FROM t").0, 1);
        // (See `elements_of_queries` for the nodes.)
        // `CASE` is `multiIf` > list > its branches.
        assert_eq!(
            heights("SELECT CASE WHEN a THEN 1 ELSE 2 END AS x FROM t").0,
            3
        );
    }

    /// The least and the most nodes of ClickHouse's AST of a query ([`Elements::of`]).
    fn elements(query: &str) -> (usize, usize) {
        let toks = tokenize_as_written(query).unwrap_or_default();
        let ends = group_ends(&toks).unwrap_or_default();
        Elements {
            toks: &toks,
            ends: &ends,
        }
        .of(0, toks.len(), (true, true))
    }

    /// The bounds hold ClickHouse's count: `x BETWEEN 0 AND 5` nested `n` deep is `8 + 2 *`
    /// the one inside (`and`, `greaterOrEquals`, `lessOrEquals`, their lists, the two
    /// literals, `x` under both), beside 14 of the query (`ASTSelectWithUnionQuery`, its
    /// list, `ASTSelectQuery`, its select list, the table's four and upstream's filter's six).
    #[test]
    fn elements_of_queries() {
        let mut exact = 1usize;
        let mut x = "x".to_string();
        for n in 1..=10 {
            x = format!("({x} BETWEEN 0 AND 5)");
            exact = 8 + 2 * exact;
            let (low, high) = elements(&format!("SELECT {x} AS y FROM t"));
            assert!(
                low <= exact + 14 && exact + 14 <= high,
                "{n}: {low} {exact} {high}"
            );
            // (The least is past 2,000 from 8 deep, the most within it to 7 deep.)
            assert_eq!(low > AST_ELEMENTS_MAX, n >= 8, "{n}");
            assert_eq!(high <= AST_ELEMENTS_MAX, n <= 7, "{n}");
        }
        // A list of literals may be one literal: none of its elements is sure.
        let (low, high) = elements("SELECT 1 FROM t WHERE x IN (1, 2, 3)");
        assert!(low <= 4 + 7 && high >= 25, "{low} {high}");
        // A window's frame is no `BETWEEN` operator.
        let frame =
            "SELECT count() OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM t";
        assert!(elements(frame).0 <= 3, "{:?}", elements(frame));
    }
}
