//! ClickHouse 25.6's limit on the query tree its analyzer builds, where each use of an alias
//! is the alias's expression ([`check_tree_bound`], [`certainly_too_big`]).
//!
//! ClickHouse's analyzer (src/Analyzer/Resolve/QueryAnalyzer.cpp, `resolveExpressionNode`)
//! resolves an identifier that names an alias (of `WITH` or of any other part of a `SELECT`)
//! to the alias's resolved expression, the same node each time, and after it resolves any
//! expression it checks the size of its tree with every such use counted again
//! (ValidationUtils.cpp `validateTreeSize`: each node once per place it is reached from,
//! a folded constant with the expression it was folded from): past `max_expanded_ast_elements`
//! (500,000 by default, Settings.cpp; upstream's settings profile, pkg/clickhouse/user.go, does
//! not set it) it is BAD_ARGUMENTS, "Query tree is too big. Maximum: 500000". The message holds
//! none of the words WrapClickHouseError looks for, so upstream answers 400 "Invalid analytics
//! query" (pkg/clickhouse/errors.go, ExtractUserFriendlyError's default). A call is three nodes
//! (`FunctionNode` and its two lists, of parameters and of arguments) over its arguments, a
//! literal or a column one; one that folds to a constant is one more. The items of `WITH`
//! that name an expression are only registered, resolved where they are used (an unused one
//! never is); the select list, `WHERE` and the other clauses are resolved in turn, the join
//! tree first. (Read in the stored versions of ClickHouse's sources nearest 25.6, which lack
//! its tag: QueryAnalyzer.cpp of 24.x and of after the settings' `Setting::` form (24.10 on),
//! ValidationUtils.cpp, FunctionNode.cpp, Settings.cpp; the check is the same in each.)
//!
//! Two bounds are drawn here. The query runs when an upper bound on its whole tree (every
//! token at the most nodes it can make, each use of an alias its expression's bound, an
//! operand `BETWEEN` repeats counted twice) is within the limit. It is ClickHouse's error
//! where it is certain: a query of `WITH` items and select-list items of numbers, `+`, `-`,
//! `*` and aliases of them only, which no other error can come before, where the least tree
//! of an item (three nodes for each operator, one for each number) is past the limit. Between
//! the two the query is not run.

use super::*;
use std::collections::HashMap;

/// ClickHouse's `max_expanded_ast_elements` (its default; upstream does not set it).
const TREE_NODES_MAX: u64 = 500_000;

/// The most query-tree nodes one token makes: an operator's call (3) folded to a constant
/// (1 more), a literal or a column (1), with room for forms ClickHouse's parser writes as
/// more than one call (`TRIM(BOTH c FROM s)`, `x NOT BETWEEN a AND b`).
const NODES_PER_TOKEN: u64 = 5;

/// What a `SELECT` adds beyond its tokens at the most: its query node and clause lists, the
/// filters upstream writes into its `WHERE`, with room.
const NODES_PER_SELECT: u64 = 1_000;

/// The words before which an operand of `BETWEEN` cannot reach (operators of lower
/// precedence and clause words): where the running part of an expression starts again.
const RESTARTS: &[&str] = &[
    "OR",
    "WHERE",
    "PREWHERE",
    "HAVING",
    "QUALIFY",
    "SELECT",
    "DISTINCT",
    "FROM",
    "ON",
    "USING",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "CASE",
    "BY",
    "LIMIT",
    "OFFSET",
    "WITH",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "JOIN",
    "SETTINGS",
    "AS",
];

/// Refuses (as not run) a query whose tree, as ClickHouse's analyzer counts it with each use
/// of an alias expanded, may be past [`TREE_NODES_MAX`] (see the module's docs). `toks` are
/// the query's with its `WITH` aliases expanded.
pub(super) fn check_tree_bound(toks: &[Tok]) -> Result<(), ApiError> {
    if upper_bound(toks) > TREE_NODES_MAX {
        return Err(unsupported(
            "a query whose aliases may expand past ClickHouse's limit on its query tree (max_expanded_ast_elements, 500,000 nodes), which is not counted exactly here",
        ));
    }
    Ok(())
}

/// An alias as [`upper_bound`] weighs it: its name and the span of the `SELECT` it is
/// defined in (see [`query_spans`]).
type Key = (String, (usize, usize));

/// For each token of `toks`, the span of the innermost query holding it: a group `( … )`
/// opening with `SELECT` or `WITH`, or the whole query. ClickHouse's analyzer looks an alias
/// up in the query it is defined in and in the queries inside it, never in an enclosing one
/// (`WITH a AS (SELECT max(time) AS last FROM t …) SELECT last AS time FROM a` reads the
/// column `time` inside and the CTE's column `last` outside: ClickHouse 25.5.2 and 25.8.2
/// (chDB) agree, answering its rows), so a use expands only the definitions whose query
/// holds it.
fn query_spans(toks: &[Tok]) -> Vec<(usize, usize)> {
    let whole = (0, toks.len());
    let mut spans = vec![whole; toks.len()];
    // The groups open, with the span of the query each is in.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut current = whole;
    for (i, t) in toks.iter().enumerate() {
        match t {
            // (A query's parentheses are of the query around it.)
            Tok::Sym("(" | "[") => {
                if let Some(s) = spans.get_mut(i) {
                    *s = current;
                }
                open.push(current);
                let query = matches!(toks.get(i + 1), Some(n) if matches!(upper(n).as_str(), "SELECT" | "WITH"));
                if query && *t == Tok::Sym("(") {
                    current = (i, closing(toks, i).map_or(toks.len(), |c| c + 1));
                }
            }
            Tok::Sym(")" | "]") => {
                if let Some(outer) = open.pop() {
                    current = outer;
                }
                if let Some(s) = spans.get_mut(i) {
                    *s = current;
                }
            }
            _ => {
                if let Some(s) = spans.get_mut(i) {
                    *s = current;
                }
            }
        }
    }
    spans
}

/// The most nodes ClickHouse's query tree of `toks` can have, aliases expanded.
fn upper_bound(toks: &[Tok]) -> u64 {
    let spans = query_spans(toks);
    let span_at = |i: usize| spans.get(i).copied().unwrap_or((0, toks.len()));
    // Each alias (a name in a query) with the spans of its definitions, in the order first
    // defined.
    let mut names: Vec<(Key, Vec<(usize, usize)>)> = Vec::new();
    for (name, start, end) in definitions(toks) {
        let key = (name, span_at(end));
        match names.iter_mut().find(|(k, _)| *k == key) {
            Some((_, defs)) => defs.push((start, end)),
            None => names.push((key, vec![(start, end)])),
        }
    }
    let keys: Vec<&Key> = names.iter().map(|(k, _)| k).collect();
    // The aliases a use of `w` at `i` may expand to.
    let visible = |w: &str, i: usize| -> Vec<&Key> {
        keys.iter()
            .copied()
            .filter(|(n, (s, e))| n == w && *s <= i && i < *e)
            .collect()
    };
    let matcher = matcher_nodes(toks);
    let mut weights: HashMap<Key, u64> = HashMap::new();
    // An alias is weighed (the most of its definitions) once every other alias its
    // definitions use is (a use of its own name in its definition is a column, as in
    // ClickHouse).
    let mut left: Vec<&(Key, Vec<(usize, usize)>)> = names.iter().collect();
    let weigh =
        |weights: &HashMap<Key, u64>, (key, defs): &(Key, Vec<(usize, usize)>), waits: bool| {
            let lookup = |w: &str, i: usize| -> Use {
                if w == key.0 {
                    return Use::Token;
                }
                let seen = visible(w, i);
                if waits && seen.iter().any(|k| !weights.contains_key(*k)) {
                    return Use::Pending;
                }
                match seen.iter().filter_map(|k| weights.get(*k).copied()).max() {
                    Some(weight) => Use::Weight(weight),
                    None => Use::Token,
                }
            };
            defs.iter()
                .map(|span| cost(toks, *span, matcher, &lookup))
                .try_fold(0u64, |most, c| Some(most.max(c?)))
        };
    while !left.is_empty() {
        let mut waiting = Vec::new();
        for entry in left.iter().copied() {
            match weigh(&weights, entry, true) {
                Some(c) => {
                    weights.insert(entry.0.clone(), c);
                }
                None => waiting.push(entry),
            }
        }
        if waiting.len() == left.len() {
            // Those left use each other (a cycle, which ClickHouse refuses, or names of other
            // `SELECT`s that are columns there): weighed again until none grows, a use of one
            // not weighed yet as a token; one that still grows is past any bound.
            for _ in 0..=waiting.len() {
                let mut grew = false;
                for entry in waiting.iter().copied() {
                    let c = weigh(&weights, entry, false).unwrap_or(u64::MAX);
                    if weights.get(&entry.0) != Some(&c) {
                        weights.insert(entry.0.clone(), c);
                        grew = true;
                    }
                }
                if !grew {
                    waiting.clear();
                    break;
                }
            }
            for entry in waiting {
                weights.insert(entry.0.clone(), u64::MAX);
            }
            break;
        }
        left = waiting;
    }
    let selects = toks.iter().filter(|t| upper(t) == "SELECT").count() as u64;
    let lookup = |w: &str, i: usize| -> Use {
        match visible(w, i)
            .iter()
            .filter_map(|k| weights.get(*k).copied())
            .max()
        {
            Some(weight) => Use::Weight(weight),
            None => Use::Token,
        }
    };
    let whole = cost(toks, (0, toks.len()), matcher, &lookup).unwrap_or(u64::MAX);
    whole
        .saturating_mul(positional_copies(toks))
        .saturating_add(selects.saturating_mul(NODES_PER_SELECT))
}

/// What a use of a name weighs in [`cost`].
enum Use {
    /// No alias (a column, or its own name in its definition): a token.
    Token,
    /// An alias not weighed yet.
    Pending,
    /// An alias of this weight.
    Weight(u64),
}

/// The most nodes a `*` (or `COLUMNS(…)`) of `toks` stands for: as many columns as the
/// query's lists have items, and as a table has, for each source.
fn matcher_nodes(toks: &[Tok]) -> u64 {
    let items = toks.iter().filter(|t| **t == Tok::Sym(",")).count() as u64;
    let sources = toks
        .iter()
        .filter(|t| matches!(upper(t).as_str(), "FROM" | "JOIN"))
        .count() as u64;
    NODES_PER_TOKEN.saturating_mul(items + 64 * (sources + 1))
}

/// The aliases `toks` define, each with the span of its expression: `expression AS name`
/// (from where its list item or group starts) and `name AS (subquery)`.
fn definitions(toks: &[Tok]) -> Vec<(String, usize, usize)> {
    let mut defs = Vec::new();
    // Where the item read now starts, at each depth of groups.
    let mut starts = vec![0usize];
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Sym("(" | "[") => starts.push(i + 1),
            Tok::Sym(")" | "]") => {
                starts.pop();
                if starts.is_empty() {
                    starts.push(i + 1);
                }
            }
            Tok::Sym(",") => {
                if let Some(s) = starts.last_mut() {
                    *s = i + 1;
                }
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("AS") => {
                let start = starts.last().copied().unwrap_or(0);
                match (toks.get(i + 1), toks.get(i + 2)) {
                    (Some(Tok::Word(name)), _) if start < i => {
                        defs.push((name.clone(), start, i));
                    }
                    (Some(Tok::Sym("(")), _) => {
                        if let (Some(Tok::Word(name)), Some(end)) = (
                            i.checked_sub(1).and_then(|p| toks.get(p)),
                            closing(toks, i + 1),
                        ) {
                            defs.push((name.clone(), i + 2, end));
                        }
                    }
                    _ => {}
                }
            }
            Tok::Word(_) if RESTARTS.contains(&upper(t).as_str()) && upper(t) != "AS" => {
                if let Some(s) = starts.last_mut() {
                    *s = i + 1;
                }
            }
            _ => {}
        }
    }
    defs
}

/// The running count of one group (`(…)`, `[…]`) being read.
#[derive(Default)]
struct Group {
    /// The parts before the running one.
    done: u64,
    /// The running part (an operand of `BETWEEN` lies in it).
    part: u64,
    /// `BETWEEN`s whose `AND` is still to come.
    between: usize,
    /// Whether the group is `TRIM(…)`'s (`TRIM(BOTH c FROM s)` holds `c` twice).
    trim: bool,
}

impl Group {
    fn restart(&mut self) {
        self.done = self.done.saturating_add(self.part);
        self.part = 0;
    }

    fn total(&self) -> u64 {
        self.done.saturating_add(self.part)
    }
}

/// The most nodes of `toks[start..end]`, each use of a name (at its position) as `lookup`
/// weighs it ([`Use`]), each `*` or `COLUMNS(…)` `matcher` ([`matcher_nodes`]); `None` where
/// an alias not weighed yet is used. It reads only its span (weighing each alias reads its
/// definitions only: a long chain of aliases stays linear a round).
fn cost(
    toks: &[Tok],
    (start, end): (usize, usize),
    matcher: u64,
    lookup: &dyn Fn(&str, usize) -> Use,
) -> Option<u64> {
    let mut groups = vec![Group::default()];
    for i in start..end.min(toks.len()) {
        let t = toks.get(i)?;
        let prev = i.checked_sub(1).and_then(|p| toks.get(p));
        let next = toks.get(i + 1);
        let g = groups.last_mut()?;
        match t {
            Tok::Sym("(" | "[") => {
                let trim = matches!(prev, Some(Tok::Word(w)) if w.eq_ignore_ascii_case("TRIM"));
                g.part = g.part.saturating_add(NODES_PER_TOKEN);
                groups.push(Group {
                    trim,
                    ..Group::default()
                });
            }
            Tok::Sym(")" | "]") => {
                let inner = groups.pop()?.total();
                match groups.last_mut() {
                    Some(outer) => outer.part = outer.part.saturating_add(inner),
                    None => groups.push(Group {
                        done: inner,
                        ..Group::default()
                    }),
                }
            }
            Tok::Sym("," | "?" | ":" | "->") => {
                g.part = g.part.saturating_add(NODES_PER_TOKEN);
                g.restart();
            }
            // `*` as all columns (not a product): as many as the query could name.
            Tok::Sym("*")
                if matches!(prev, None | Some(Tok::Sym("(" | ",")))
                    || prev.is_some_and(|p| matches!(upper(p).as_str(), "SELECT" | "DISTINCT")) =>
            {
                g.part = g.part.saturating_add(matcher);
            }
            Tok::Sym("*") if matches!(prev, Some(Tok::Word(p)) if p.ends_with('.')) => {
                g.part = g.part.saturating_add(matcher);
            }
            Tok::Word(w) if w.ends_with('*') => g.part = g.part.saturating_add(matcher),
            Tok::Word(w) if w.eq_ignore_ascii_case("COLUMNS") && next == Some(&Tok::Sym("(")) => {
                g.part = g.part.saturating_add(matcher);
            }
            Tok::Word(w) => {
                let up = w.to_ascii_uppercase();
                let after_as = prev.is_some_and(|p| upper(p) == "AS");
                let call = next == Some(&Tok::Sym("("));
                if up == "BETWEEN" {
                    // Its left operand (in the running part) is written twice.
                    g.part = g.part.saturating_mul(2).saturating_add(NODES_PER_TOKEN);
                    g.between += 1;
                } else if up == "AND" && g.between > 0 {
                    g.between -= 1;
                    g.part = g.part.saturating_add(NODES_PER_TOKEN);
                } else if up == "AND" || RESTARTS.contains(&up.as_str()) {
                    if up == "FROM" && g.trim {
                        g.part = g.part.saturating_mul(2);
                    }
                    g.part = g.part.saturating_add(NODES_PER_TOKEN);
                    g.restart();
                } else if !after_as && !call {
                    match lookup(w, i) {
                        Use::Weight(weight) => g.part = g.part.saturating_add(weight),
                        Use::Pending => return None,
                        Use::Token => g.part = g.part.saturating_add(NODES_PER_TOKEN),
                    }
                } else {
                    g.part = g.part.saturating_add(NODES_PER_TOKEN);
                }
            }
            _ => g.part = g.part.saturating_add(NODES_PER_TOKEN),
        }
    }
    Some(
        groups
            .iter()
            .fold(0u64, |sum, g| sum.saturating_add(g.total())),
    )
}

/// How many times the query's tree may hold its select lists: once, and once more for each
/// `GROUP BY ALL`/`ORDER BY ALL` and each key of `GROUP BY`, `ORDER BY`, `LIMIT … BY` that is a
/// position in the select list (ClickHouse puts the item there).
fn positional_copies(toks: &[Tok]) -> u64 {
    let mut copies = 1u64;
    let mut depth = 0i64;
    // The depth of the `BY` list open, if any.
    let mut by: Option<i64> = None;
    for (i, t) in toks.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| toks.get(p));
        match t {
            Tok::Sym("(" | "[") => depth += 1,
            Tok::Sym(")" | "]") => {
                depth -= 1;
                if by.is_some_and(|d| d > depth) {
                    by = None;
                }
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("BY") => by = Some(depth),
            Tok::Word(w)
                if by == Some(depth)
                    && w.eq_ignore_ascii_case("ALL")
                    && prev.is_some_and(|p| upper(p) == "BY") =>
            {
                copies = copies.saturating_add(1);
            }
            Tok::Num(_)
                if by == Some(depth)
                    && prev.is_some_and(|p| *p == Tok::Sym(",") || upper(p) == "BY") =>
            {
                copies = copies.saturating_add(1);
            }
            Tok::Word(_) if by == Some(depth) && RESTARTS.contains(&upper(t).as_str()) => {
                by = None;
            }
            _ => {}
        }
    }
    copies
}

/// Whether ClickHouse's analyzer certainly refuses `toks` (the query's, before its `WITH`
/// aliases are expanded) for its tree's size, before any other error of it: the query is
/// `[WITH items] SELECT items FROM table [LIMIT n]`, `table` one of `tables`, every item an
/// expression of numbers, `+`, `-`, `*`, parentheses and names of aliases before it (with
/// `AS name`, each name once), and one select-list item's least tree is past
/// [`TREE_NODES_MAX`]. (ClickHouse resolves the table, then the select list in order: the
/// items before it fold to constants without error; the items of `WITH` are resolved where
/// they are used.)
pub(super) fn certainly_too_big(toks: &[Tok], tables: &[&str]) -> bool {
    let mut least: HashMap<String, u64> = HashMap::new();
    let mut i;
    let word =
        |k: usize, w: &str| matches!(toks.get(k), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w));
    // One item, `expression [AS name]` ending at `,` or at `end_word`: its least tree and
    // where it ends; `None` where it is of another form.
    let item = |from: usize, end_word: &str, least: &HashMap<String, u64>| {
        let mut k = from;
        let mut depth = 0i64;
        while let Some(t) = toks.get(k) {
            match t {
                Tok::Sym("(") => depth += 1,
                Tok::Sym(")") => depth -= 1,
                Tok::Sym(",") if depth == 0 => break,
                Tok::Word(w) if depth == 0 && w.eq_ignore_ascii_case(end_word) => break,
                _ => {}
            }
            k += 1;
        }
        let body = toks.get(from..k)?;
        let (expr, name) = match body {
            [expr @ .., Tok::Word(a), Tok::Word(name)] if a.eq_ignore_ascii_case("AS") => {
                (expr, Some(name.clone()))
            }
            _ => (body, None),
        };
        Some((least_nodes(expr, least)?, name, k))
    };
    if word(0, "WITH") {
        i = 1;
        loop {
            let Some((nodes, Some(name), k)) = item(i, "SELECT", &least) else {
                return false;
            };
            if least.insert(name, nodes).is_some() {
                return false;
            }
            i = k + 1;
            if word(k, "SELECT") {
                break;
            }
        }
    } else if word(0, "SELECT") {
        i = 1;
    } else {
        return false;
    }
    let mut past = false;
    loop {
        let Some((nodes, name, k)) = item(i, "FROM", &least) else {
            return false;
        };
        past |= nodes > TREE_NODES_MAX;
        if let Some(name) = name {
            if least.insert(name, nodes).is_some() {
                return false;
            }
        }
        i = k + 1;
        if word(k, "FROM") {
            break;
        }
    }
    let table = matches!(toks.get(i), Some(Tok::Word(t)) if tables.contains(&t.as_str()));
    let rest = toks.get(i + 1..).unwrap_or_default();
    let tail = match rest {
        [] => true,
        [Tok::Word(l), Tok::Num(_)] => l.eq_ignore_ascii_case("LIMIT"),
        _ => false,
    };
    past && table && tail
}

/// The least nodes of ClickHouse's tree of `expr`, an expression of numbers, `+`, `-`, `*`,
/// parentheses and names of `least` (each its least): one for each number, three for each
/// binary operator (its call; a sign before an operand is counted as none). `None` where it
/// is of another form or not well formed.
fn least_nodes(expr: &[Tok], least: &HashMap<String, u64>) -> Option<u64> {
    let mut nodes = 0u64;
    let mut depth = 0usize;
    let mut operand = true;
    for t in expr {
        match (operand, t) {
            (true, Tok::Num(n))
                if n.bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') =>
            {
                nodes = nodes.saturating_add(1);
                operand = false;
            }
            (true, Tok::Word(w)) => {
                nodes = nodes.saturating_add(*least.get(w)?);
                operand = false;
            }
            (true, Tok::Sym("(")) => depth += 1,
            (true, Tok::Sym("-")) => {}
            (false, Tok::Sym("+" | "-" | "*")) => {
                nodes = nodes.saturating_add(3);
                operand = true;
            }
            (false, Tok::Sym(")")) => depth = depth.checked_sub(1)?,
            _ => return None,
        }
    }
    (!operand && depth == 0).then_some(nodes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `WITH 1 AS a0, a0 + a0 AS a1, …` up to `a{n}`, or the same in the select list.
    fn chain(n: usize, with: bool) -> String {
        let items: Vec<String> = (1..=n)
            .map(|i| format!("a{} + a{} AS a{i}", i - 1, i - 1))
            .collect();
        match with {
            true => format!(
                "WITH 1 AS a0, {} SELECT a{n} AS x FROM key_verifications_v1 LIMIT 1",
                items.join(", ")
            ),
            false => format!(
                "SELECT 1 AS a0, {} FROM key_verifications_v1",
                items.join(", ")
            ),
        }
    }

    fn certain(q: &str) -> bool {
        let toks = tokenize(q).unwrap_or_default();
        certainly_too_big(&toks, PUBLIC_TABLES)
    }

    #[test]
    fn a_chain_is_certainly_past_the_limit_from_its_eighteenth_level() {
        // `a17` is at least 4 * 2^17 - 3 = 524,285 nodes; `a16` at most 5 * 2^16 - 4.
        for with in [true, false] {
            assert!(certain(&chain(17, with)));
            assert!(certain(&chain(40, with)));
            assert!(!certain(&chain(16, with)));
        }
    }

    #[test]
    fn only_a_query_no_other_error_can_come_before_is_certain() {
        let with = chain(20, true);
        // A call, a string, a column, a filter, a join, a name used before it is defined.
        for q in [
            with.replace("a20 AS x", "toString(a20) AS x"),
            with.replace("1 AS a0", "'1' AS a0"),
            with.replace("1 AS a0", "key_id AS a0"),
            with.replace("LIMIT 1", "WHERE outcome = 'VALID'"),
            with.replace(
                "LIMIT 1",
                "AS k JOIN key_verifications_v1 AS l ON k.key_id = l.key_id",
            ),
            with.replace("FROM key_verifications_v1", "FROM verifications"),
            chain(20, false).replace("SELECT 1 AS a0,", "SELECT a1 AS b, 1 AS a0,"),
        ] {
            assert!(!certain(&q), "{q}");
        }
    }

    #[test]
    fn the_upper_bound_counts_each_use_of_an_alias() {
        let bound = |q: &str| upper_bound(&tokenize(q).unwrap_or_default());
        let plain = bound("SELECT count(*) FROM key_verifications_v1 WHERE outcome = 'VALID'");
        assert!(plain < 5_000, "{plain}");
        assert!(bound(&chain(12, false)) <= TREE_NODES_MAX);
        assert!(bound(&chain(16, false)) > TREE_NODES_MAX);
        // Four uses a level: eight levels of a sum of 40 columns pass the limit.
        let sum = vec!["spent_credits"; 40].join(" + ");
        let items: Vec<String> = (1..=8)
            .map(|i| format!("a{0} + a{0} + a{0} + a{0} AS a{i}", i - 1))
            .collect();
        let q = format!(
            "SELECT {sum} AS a0, {} FROM key_verifications_v1",
            items.join(", ")
        );
        assert!(bound(&q) > TREE_NODES_MAX);
        // `BETWEEN` writes its operand twice.
        let once = bound("SELECT a0 + 1 AS b, (spent_credits + spent_credits) * 2 AS a0 FROM t");
        let twice = bound(
            "SELECT a0 BETWEEN 1 AND 2 AS b, (spent_credits + spent_credits) * 2 AS a0 FROM t",
        );
        assert!(twice > once, "{once} {twice}");
        // A name used in its own definition is the column; names that use each other have
        // no bound.
        let own = bound("SELECT toStartOfHour(time) AS time, count(*) FROM t GROUP BY time");
        assert!(own < 10_000, "{own}");
        let cycle = bound("SELECT b + 1 AS a, a + 1 AS b FROM t");
        assert!(cycle > TREE_NODES_MAX, "{cycle}");
        let later = bound("SELECT a2 AS b, a1 + a1 AS a2, a0 + a0 AS a1, 1 AS a0 FROM t");
        assert_eq!(
            later,
            bound("SELECT 1 AS a0, a0 + a0 AS a1, a1 + a1 AS a2, a2 AS b FROM t")
        );
    }

    #[test]
    fn a_long_chain_written_backwards_is_bounded() {
        // 1,100 aliases each naming the next (a 16 KB query): weighed one a round, each
        // weighing reads only its own span (it took minutes when each read the whole query;
        // speed is the benchmarks' to measure, this holds the bound).
        let n = 1_100;
        let items: Vec<String> = (0..n).map(|i| format!("a{} AS a{i}", i + 1)).collect();
        let q = format!("SELECT {}, 1 AS a{n} FROM t", items.join(", "));
        assert!(q.len() < 16_384, "{}", q.len());
        let toks = tokenize(&q).unwrap_or_default();
        let bound = upper_bound(&toks);
        assert!(bound < TREE_NODES_MAX, "{bound}");
    }
}
