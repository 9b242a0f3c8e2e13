//! Arithmetic moved out of `sum`, `avg`, `min` and `max`, as ClickHouse 25.6's analyzer moves it before the
//! query runs (both passes are on by default, and upstream's settings profile leaves them so):
//!
//! * `RewriteSumFunctionWithSumAndCountPass` (run first, its visitor entering each node):
//!   `sum(column ± literal)` is `sum(column) ± literal * count(column)`, and
//!   `sum(literal ± column)` is `literal * count(column) ± sum(column)`, where the column's
//!   type is a number (not `Nullable`) and the constant's too. Its visitor does not tell an
//!   aggregate from a window function (ClickHouse PR #119699 added that check after 25.6), so
//!   `sum(column ± literal) OVER …` is not run here.
//! * `AggregateFunctionsArithmericOperationsPass` (run after it, leaving each node): an
//!   aggregate (not a window function) `sum` of `x * c`, `x / c`, `c * x`, or `avg` of `x`
//!   and `c` by `+`, `-`, `*` or `/`, where `c` is a constant and `x` is not, is the
//!   operation of `sum(x)` (`avg(x)`) and `c` (`c / x` stays), where the result's type is
//!   unchanged (as it is for the integers and floats run here). The node it makes is not
//!   visited again: `sum((x * 2) * 3)` is `sum(x * 2) * 3`.
//!
//! Each is written here as ClickHouse's tree is, the call replaced by the operation in
//! parentheses (one per translation, see [`Tr::arithmetic_moved`]), named as the call was
//! (ClickHouse names the columns before these passes). `min` and `max` the second pass
//! rewrites too, by any of the four operations, as the other (`max` for `min`) of `c - x` or
//! of `x` by a negative `c`: over rows their values are the same (a float's rounding keeps
//! order), over none the literal's arithmetic with the default, not the default. Where
//! the constant is no number literal (an expression of constants, a select-list alias, a
//! scalar subquery, `inf`), it is not run (`min`/`max` over no rows only, see
//! [`Tr::min_max_untold`]).
//!
//! Read in the ClickHouse sources of the code index (the stored versions of both passes and
//! of QueryTreePassManager.cpp's `addQueryTreePasses`, which has no 25.6 tag; a later
//! version of the first pass checks `optimize_arithmetic_operations_in_aggregate_functions`,
//! true by default, and casts its result to the sum's type, the same for the types here).

use super::*;

/// What an alias-use mark of a group written for a moved operation starts with (see
/// [`Tr::arithmetic_moved`]): the rest is the call's name.
pub(super) const MOVED_MARK: char = '\u{2}';

/// What `min`/`max` whose arithmetic's move is not told here raises over no rows (see
/// [`Tr::min_max_untold`]).
pub(super) const MIN_MAX_UNTOLD: &str = "ch_min_max_untold";
/// What is refused where [`MIN_MAX_UNTOLD`] is raised.
pub(super) const MIN_MAX_UNTOLD_NOT_RUN: &str = "min or max over no rows of arithmetic that ClickHouse's analyzer may move out of it (of a time, by an interval, or with a constant that is no number literal), whose answer there is the arithmetic's with the default, not the default";

/// The edits of a query's tokens, the last first, and the position and name of the group
/// they make (see [`Tr::arithmetic_moved`]).
pub(super) type Moved = (Vec<(usize, usize, Vec<Tok>)>, usize, String);

/// What one side of an operation in an aggregate is to ClickHouse's analyzer.
#[derive(Debug, Clone, PartialEq)]
enum Side {
    /// A number literal (a `ConstantNode`); whether it is below 0.
    Literal { negative: bool },
    /// One column (a `ColumnNode`): its tokens.
    Column(usize, usize),
    /// An expression that reads a column.
    Expression,
    /// A select-list alias, which stands for its expression: a column, a constant or another.
    Alias,
    /// Something that may be a constant this reading does not evaluate.
    Unknown,
}

/// The words that are literals to ClickHouse's parser.
const LITERAL_WORDS: &[&str] = &["NULL", "TRUE", "FALSE", "INF", "INFINITY", "NAN"];

/// Whether the number literal `n` is 0.
fn zero_literal(n: &str) -> bool {
    let lower = n.to_ascii_lowercase();
    match lower
        .strip_prefix("0x")
        .or_else(|| lower.strip_prefix("0b"))
    {
        Some(digits) => digits.chars().all(|c| c == '0'),
        None => lower
            .split('e')
            .next()
            .unwrap_or_default()
            .chars()
            .all(|c| matches!(c, '0' | '.' | '_')),
    }
}

impl<'t> Tr<'t> {
    /// The tokens `[a, b)` without the parentheses around them all (of one expression).
    fn without_parentheses(&self, mut a: usize, mut b: usize) -> (usize, usize) {
        while b > a + 1
            && self.toks.get(a) == Some(&Tok::Sym("("))
            && closing(self.toks, a) == Some(b - 1)
            && !matches!(self.word(a + 1).as_str(), "SELECT" | "WITH")
            && self.arguments(a).len() == 1
        {
            (a, b) = (a + 1, b - 1);
        }
        (a, b)
    }

    /// The operator ClickHouse's parser makes the root of `[a, b)`, where that is an
    /// arithmetic one: the last binary `+` or `-` outside parentheses, else the last `*`, `/`
    /// or `%` (left-associative, `*` binding tighter). `None` where the root is no such
    /// operator (an operand, or an operator that binds more loosely: a comparison, `AND`,
    /// `IS`, `IN`, …); `Err` where the tokens hold what is not followed here.
    fn arithmetic_root(&self, a: usize, b: usize) -> Result<Option<usize>, ()> {
        let (mut depth, mut cases) = (0i64, 0i64);
        let (mut additive, mut multiplicative) = (None, None);
        for k in a..b {
            let Some(t) = self.toks.get(k) else { break };
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") => depth -= 1,
                _ if depth > 0 => {}
                Tok::Word(w) if w.eq_ignore_ascii_case("CASE") => cases += 1,
                Tok::Word(w) if w.eq_ignore_ascii_case("END") => cases -= 1,
                _ if cases > 0 => {}
                Tok::Sym("+" | "-") => {
                    if k > a && ends_operand(self.toks.get(k - 1)) {
                        additive = Some(k);
                    }
                }
                Tok::Sym("*" | "/" | "%") => multiplicative = Some(k),
                Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=" | "?" | ":") => {
                    return Ok(None)
                }
                Tok::Sym(_) => return Err(()),
                Tok::Word(w) => match w.to_ascii_uppercase().as_str() {
                    "AND" | "OR" | "NOT" | "IS" | "IN" | "LIKE" | "ILIKE" | "BETWEEN"
                    | "GLOBAL" => return Ok(None),
                    "INTERVAL" | "AS" => return Err(()),
                    _ => {}
                },
                Tok::Num(_) | Tok::Str(_) => {}
            }
        }
        Ok(additive.or(multiplicative))
    }

    /// What the tokens `[a, b)` (one side of an operation) are to ClickHouse's analyzer.
    fn operand_side(&self, a: usize, b: usize) -> Side {
        let (a, b) = self.without_parentheses(a, b);
        let literal_word = |w: &str| LITERAL_WORDS.contains(&w.to_ascii_uppercase().as_str());
        match self.toks.get(a..b) {
            Some([Tok::Num(_)]) => return Side::Literal { negative: false },
            Some(
                [Tok::Sym("-"), Tok::Num(n)]
                | [Tok::Sym("-"), Tok::Sym("("), Tok::Num(n), Tok::Sym(")")],
            ) => {
                return Side::Literal {
                    negative: !zero_literal(n),
                }
            }
            Some([Tok::Word(w)])
                if !literal_word(w) && !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()) =>
            {
                return match self.select_alias(w, a) {
                    Some(_) => Side::Alias,
                    None => Side::Column(a, b),
                };
            }
            _ => {}
        }
        let mut reads_column = false;
        // (A lambda's parameters read no column; whether a call of one is folded to a
        // constant before these passes is not followed here.)
        if (a..b).any(|k| {
            self.toks.get(k) == Some(&Tok::Sym("-")) && self.toks.get(k + 1) == Some(&Tok::Sym(">"))
        }) {
            return Side::Unknown;
        }
        for k in a..b {
            if let Some(Tok::Word(w)) = self.toks.get(k) {
                let upper = w.to_ascii_uppercase();
                if upper == "SELECT" {
                    return Side::Unknown;
                }
                let call = self.toks.get(k + 1) == Some(&Tok::Sym("("));
                if call || literal_word(w) || KEYWORDS.contains(&upper.as_str()) {
                    continue;
                }
                if self.select_alias(w, k).is_some() {
                    return Side::Unknown;
                }
                reads_column = true;
            }
        }
        match reads_column {
            true => Side::Expression,
            false => Side::Unknown,
        }
    }

    /// Whether the call at `i` is the aggregate of a group written for a moved operation
    /// (see [`Tr::arithmetic_moved`]): the innermost parentheses around it are that group's.
    fn moved_already(&self, i: usize) -> bool {
        let mut depth = 0i64;
        for k in (0..i).rev() {
            match self.toks.get(k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) if depth == 0 => {
                    return self
                        .alias_uses
                        .get(&k)
                        .is_some_and(|n| n.starts_with(MOVED_MARK));
                }
                Some(Tok::Sym("(")) => depth -= 1,
                _ => {}
            }
        }
        false
    }

    /// The call `w(…)` at `i` (`windowed`: with `OVER`), where ClickHouse's analyzer moves
    /// arithmetic out of it (see this module): the edits that write it as ClickHouse's tree
    /// holds it, with the position of the group they make and its name, the call's (marked
    /// [`MOVED_MARK`]). `None` where ClickHouse keeps the call as it is; not run where which
    /// it does is not told here.
    pub(super) fn arithmetic_moved(
        &self,
        i: usize,
        lower: &str,
        windowed: bool,
    ) -> Result<Option<Moved>, ApiError> {
        let moved = self.arithmetic_moved_of(i, lower, windowed);
        // (`min` and `max` of what is not told here are kept as written: their values are
        // the same but over no rows, where they are not run, see `Tr::min_max_untold`.)
        match moved {
            Err(_) if matches!(lower, "min" | "max") => Ok(None),
            moved => moved,
        }
    }

    /// Whether the aggregate (not a window's) `min`/`max` at `i` holds arithmetic whose move
    /// out of it is not told here ([`Tr::arithmetic_moved`] keeps such a call as written): its
    /// value over rows is the same moved or not, over none ClickHouse's is the arithmetic's
    /// with the type's default where it moves it (`min(toStartOfDay(time) + 3275)` of no rows
    /// is 1970-01-01 00:54:35, `min(t - INTERVAL 15 MONTH)` 1968-10-01, `min(ceil(1.5, 1) -
    /// 1.5 * x)` 1.5: ClickHouse 25.5.2 and 25.8.2 (chDB) agree), so it is written to fail
    /// as not run over no rows ([`MIN_MAX_UNTOLD`]).
    pub(super) fn min_max_untold(&self, i: usize, lower: &str, windowed: bool) -> bool {
        // (A constant argument is folded, not moved.)
        let constant = match self.arguments(i + 1).as_slice() {
            [(s, e)] => self.folded_expression(*s, *e),
            _ => false,
        };
        matches!(lower, "min" | "max")
            && !windowed
            && !constant
            && self.arithmetic_moved_of(i, lower, windowed).is_err()
    }

    /// [`Tr::arithmetic_moved`], found.
    fn arithmetic_moved_of(
        &self,
        i: usize,
        lower: &str,
        windowed: bool,
    ) -> Result<Option<Moved>, ApiError> {
        let not_run = || {
            unsupported(
                "sum or avg of arithmetic with a constant that is no number literal (an expression of constants, an alias, a subquery), whose arithmetic ClickHouse's analyzer moves out of the aggregate, or sum(column ± constant) over a window",
            )
        };
        if !matches!(lower, "sum" | "avg" | "min" | "max") || self.word(i + 2) == "DISTINCT" {
            return Ok(None);
        }
        let Some(close) = closing(self.toks, i + 1) else {
            return Ok(None);
        };
        let arguments = self.arguments(i + 1);
        let [(s, e)] = arguments.as_slice() else {
            return Ok(None);
        };
        if self.toks.get(close + 1) == Some(&Tok::Sym("(")) || self.moved_already(i) {
            return Ok(None);
        }
        let (s, e) = self.without_parentheses(*s, *e);
        let root = match self.arithmetic_root(s, e) {
            Ok(Some(root)) => root,
            Ok(None) => return Ok(None),
            Err(()) => return Err(not_run()),
        };
        let Some(Tok::Sym(op)) = self.toks.get(root) else {
            return Ok(None);
        };
        let op = *op;
        let (left, right) = (self.operand_side(s, root), self.operand_side(root + 1, e));
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let tokens = |a: usize, b: usize| self.toks.get(a..b).unwrap_or_default().to_vec();
        // (Of a type ClickHouse's check takes: `Some(true)` rewritten, `Some(false)` kept.)
        let number = |(a, b): (usize, usize), column: bool| match self.expr_ty(a, b, scope) {
            Ty::Int(_) | Ty::Float | Ty::Bool if column && self.expr_nullable(a, b, scope) => {
                Some(false)
            }
            Ty::Int(_) | Ty::Float | Ty::Bool => Some(true),
            Ty::Str => Some(false),
            _ => None,
        };
        let name = |edits: Vec<(usize, usize, Vec<Tok>)>| -> Result<Option<Moved>, ApiError> {
            let name = self.expression_name(i, close + 1).ok_or_else(not_run)?;
            Ok(Some((edits, i, format!("{MOVED_MARK}{name}"))))
        };
        // `sum(column ± literal)`.
        if lower == "sum" && matches!(op, "+" | "-") {
            let (column, literal, column_first) = match (&left, &right) {
                (Side::Column(a, b), Side::Literal { .. }) => ((*a, *b), (root + 1, e), true),
                (Side::Literal { .. }, Side::Column(a, b)) => ((*a, *b), (s, root), false),
                // (A select-list alias may stand for a column or a constant; what is no number
                // literal may be a constant.)
                (Side::Alias, Side::Expression) | (Side::Expression, Side::Alias) => {
                    return Ok(None)
                }
                (Side::Alias, _) | (_, Side::Alias) => return Err(not_run()),
                (Side::Unknown, Side::Column(..)) | (Side::Column(..), Side::Unknown) => {
                    return Err(not_run())
                }
                _ => return Ok(None),
            };
            if windowed {
                return Err(not_run());
            }
            match number(column, true) {
                Some(true) => {}
                Some(false) => return Ok(None),
                None => return Err(not_run()),
            }
            let word = tokens(column.0, column.1);
            let mut sum = vec![Tok::Word("sum".into()), Tok::Sym("(")];
            sum.extend(word.iter().cloned());
            sum.push(Tok::Sym(")"));
            let mut count = tokens(literal.0, literal.1);
            count.extend([Tok::Sym("*"), Tok::Word("count".into()), Tok::Sym("(")]);
            count.extend(word);
            count.push(Tok::Sym(")"));
            let mut by = vec![Tok::Sym("(")];
            match column_first {
                true => by.extend(sum.into_iter().chain([Tok::Sym(op)]).chain(count)),
                false => by.extend(count.into_iter().chain([Tok::Sym(op)]).chain(sum)),
            }
            by.push(Tok::Sym(")"));
            return name(vec![(i, close + 1 - i, by)]);
        }
        if windowed || op == "%" || lower == "sum" && !matches!(op, "*" | "/") {
            return Ok(None);
        }
        // `min`/`max` of `c - x`, or of `x` by a negative `c`, is the other of `x` (ClickHouse
        // 25.5.2 and 25.8.2 (chDB) agree: `min(1.5 - number)` is `1.5 - max(number)`,
        // `max(number / -2)` `min(number) / -2`).
        let negative = matches!(left, Side::Literal { negative: true })
            || matches!(right, Side::Literal { negative: true });
        let swapped = matches!(lower, "min" | "max")
            && (op == "-" && matches!(left, Side::Literal { .. })
                || matches!(op, "*" | "/") && negative);
        let function = match (swapped, lower) {
            (true, "min") => Tok::Word("max".into()),
            (true, _) => Tok::Word("min".into()),
            _ => self.toks.get(i).cloned().unwrap_or(Tok::Word(lower.into())),
        };
        match (&left, &right) {
            (Side::Literal { .. }, Side::Literal { .. }) => Ok(None),
            // (`c / x` stays, whether `c` is a constant or not.)
            (Side::Unknown, Side::Column(..) | Side::Expression) if op == "/" => Ok(None),
            (Side::Unknown | Side::Alias, _) | (_, Side::Unknown | Side::Alias) => Err(not_run()),
            // (`c / x` stays, "because of lose accuracy".)
            (Side::Literal { .. }, _) if op == "/" => Ok(None),
            // `f(c op x)`: `(c op f(x))`.
            (Side::Literal { .. }, _) => match number((root + 1, e), false) {
                Some(true) => {
                    let mut head = vec![Tok::Sym("(")];
                    head.extend(tokens(s, root + 1));
                    head.extend([function, Tok::Sym("(")]);
                    head.extend(tokens(i + 2, s));
                    name(vec![
                        (close + 1, 0, vec![Tok::Sym(")")]),
                        (i, root + 1 - i, head),
                    ])
                }
                Some(false) => Ok(None),
                None => Err(not_run()),
            },
            // `f(x op c)`: `(f(x) op c)`.
            (_, Side::Literal { .. }) => match number((s, root), false) {
                Some(true) => {
                    let mut tail = tokens(e, close);
                    tail.push(Tok::Sym(")"));
                    tail.extend(tokens(root, e));
                    tail.push(Tok::Sym(")"));
                    let mut edits = vec![
                        (root, close + 1 - root, tail),
                        (i + 2, s - i - 2, tokens(i + 2, s)),
                    ];
                    if swapped {
                        edits.push((i, 1, vec![Tok::Sym("("), function]));
                    } else {
                        edits.push((i, 0, vec![Tok::Sym("(")]));
                    }
                    name(edits)
                }
                Some(false) => Ok(None),
                None => Err(not_run()),
            },
            _ => Ok(None),
        }
    }
}
