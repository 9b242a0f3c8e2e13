//! ClickHouse's aggregate validation ([`Tr::check_aggregates`]): in a `SELECT` that aggregates,
//! what is computed after aggregating reads columns only through `GROUP BY` keys or
//! aggregate functions.

use super::*;

/// A token of an expression as ClickHouse's analyzer compares query trees: a column is the
/// source and column it resolves to (so `t.x` and `x` of the same source are one, `t1.x` and
/// `t2.x` two), a select-list alias is its expression in parentheses, a word upper case.
#[derive(Clone, PartialEq, Debug)]
enum Node {
    Column(String),
    Other(String),
}

/// An entry of a select list with each `*` expanded (see [`Tr::positional_entry`]).
pub(super) enum Entry {
    /// A column a `*` stands for, by the name ClickHouse answers it.
    Column(String),
    /// A select-list item's tokens.
    Item(usize, usize),
}

/// The outcome of reading one expression against the `GROUP BY` keys.
enum Verdict {
    Keyed,
    /// A column that no key covers: ClickHouse's NOT_AN_AGGREGATE.
    Unkeyed,
    /// A column only inside an occurrence of an operator key (`a + b`) whose tokens are not
    /// known to be one node of the tree (`1 + a + b` is `(1 + a) + b` there).
    Unsure,
}

/// Whether the `(` at `open` of `v` closes at `close`.
fn closes_at(v: &[Node], open: usize, close: usize) -> bool {
    let mut depth = 0i64;
    for (k, n) in v.iter().enumerate().take(close + 1).skip(open) {
        match n {
            Node::Other(s) if s == "(" || s == "[" => depth += 1,
            Node::Other(s) if s == ")" || s == "]" => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return k == close;
        }
    }
    false
}

/// Where the bracket opened at `open` of `v` closes.
fn close_of(v: &[Node], open: usize) -> Option<usize> {
    (open..v.len()).find(|c| closes_at(v, open, *c))
}

/// `v` without parentheses around all of it.
fn unwrapped(mut v: &[Node]) -> &[Node] {
    while v.len() >= 2
        && v.first() == Some(&Node::Other("(".into()))
        && closes_at(v, 0, v.len() - 1)
    {
        v = v.get(1..v.len() - 1).unwrap_or_default();
    }
    v
}

/// Whether the expression `v` is one node wherever its tokens occur: a column or literal, a
/// call, or a bracketed array (not an operator's, which precedence may split).
fn one_node(v: &[Node]) -> bool {
    let is = |k: usize, s: &str| v.get(k) == Some(&Node::Other(s.into()));
    v.len() == 1
        || (is(1, "(") && closes_at(v, 1, v.len() - 1))
        || (is(0, "[") && closes_at(v, 0, v.len() - 1))
}

/// The priority ClickHouse's parser gives the binary operator at `k` of `v` (its
/// src/Parsers/ExpressionListParsers.cpp operators table: `OR` 3, `AND` 4, comparisons 9,
/// `||` 10, `+ -` 11, `* / % DIV MOD` 12, `[` 14; a lambda's `->` lowest here, a
/// comparison's word 9, past `AND`'s and below `||`'s as `IS NULL`'s 8 and `BETWEEN`'s 7
/// are), and whether a chain of it is one call (`and(a, b, c)`); `None` for others.
fn binary_priority(v: &[Node], k: usize) -> Option<(u8, bool)> {
    let word = |k: usize| match v.get(k) {
        Some(Node::Other(s)) => s.as_str(),
        _ => "",
    };
    Some(match word(k) {
        "-" if word(k + 1) == ">" => (1, false),
        ">" if k.checked_sub(1).is_some_and(|p| word(p) == "-") => (1, false),
        "OR" => (3, true),
        "AND" => (4, true),
        "=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=" | "IS" | "BETWEEN" | "LIKE"
        | "ILIKE" | "IN" | "GLOBAL" | "REGEXP" | "NOT" => (9, false),
        "+" | "-" => (11, false),
        "*" | "/" | "%" | "DIV" | "MOD" => (12, false),
        "[" => (14, false),
        _ => return None,
    })
}

/// The priority of the binary operator at the top of `key` (and whether it merges), where
/// `key` is operands joined by binary operators ([`top_operands`]); `None` otherwise.
fn chain_priority(key: &[Node]) -> Option<(u8, bool)> {
    top_operands(key).map(|(class, _)| class)
}

/// The operator and operands of the top of the tree ClickHouse's parser builds of `v` where
/// `v` is operands (a column or literal, a call, parentheses or an array, each with its
/// subscripts) joined by binary operators of one or more
/// priorities among `OR`, `AND`, the comparisons by symbol (`=`, `<`, …), `||`, `+ -` and
/// `* / % DIV MOD` (src/Parsers/ExpressionListParsers.cpp): the operator of the lowest
/// priority binds last, a merging one's occurrences (`and(a, b, c)`) into one call of all
/// its operands, another's left to right, so its last occurrence is the top, of what is
/// before and after it. `None` for another expression (a unary operator, `NOT`, `IS`,
/// `BETWEEN`, `CASE`, …) or a chain of comparisons.
#[allow(clippy::type_complexity)]
fn top_operands(v: &[Node]) -> Option<((u8, bool), Vec<(usize, usize)>)> {
    let word = |k: usize| match v.get(k) {
        Some(Node::Other(s)) => s.as_str(),
        _ => "",
    };
    let mut ops: Vec<(usize, u8, bool)> = Vec::new();
    let mut k = 0;
    loop {
        // An operand: a column or literal, a call, parentheses or an array, then subscripts.
        k = match v.get(k)? {
            Node::Column(_) => k + 1,
            Node::Other(s) if s.starts_with('#') || s.starts_with('\'') => k + 1,
            Node::Other(s) if s == "(" || s == "[" => close_of(v, k)? + 1,
            Node::Other(_) if word(k + 1) == "(" => {
                let close = close_of(v, k + 1)?;
                match word(close + 1) {
                    "(" => close_of(v, close + 1)? + 1,
                    _ => close + 1,
                }
            }
            Node::Other(_) => return None,
        };
        while word(k) == "[" {
            k = close_of(v, k)? + 1;
        }
        if k == v.len() {
            break;
        }
        let comparison = matches!(word(k), "=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=");
        let (priority, merges) = binary_priority(v, k)
            .filter(|(p, _)| matches!(p, 3 | 4 | 10 | 11 | 12) || (*p == 9 && comparison))?;
        ops.push((k, priority, merges));
        k += 1;
    }
    let lowest = ops.iter().map(|(_, p, _)| *p).min()?;
    let at: Vec<(usize, bool)> = ops
        .iter()
        .filter(|(_, p, _)| *p == lowest)
        .map(|(k, _, m)| (*k, *m))
        .collect();
    let (splits, merges): (Vec<usize>, bool) = match at.as_slice() {
        [.., (last, false)] if lowest != 9 || at.len() == 1 => (vec![*last], false),
        [(_, true), ..] => (at.iter().map(|(k, _)| *k).collect(), true),
        _ => return None,
    };
    let mut operands = Vec::new();
    let mut start = 0;
    for op in splits {
        operands.push((start, op));
        start = op + 1;
    }
    operands.push((start, v.len()));
    Some(((lowest, merges), operands))
}

/// Whether the occurrence of `key` at `j` of `v` is one node of the tree ClickHouse's parser
/// builds (operators of a priority bind left to right, a merging one's chain is one call:
/// `1 + a + b` is `(1 + a) + b`, `a + b + c` is `(a + b) + c`, `a AND b AND c` is
/// `and(a, b, c)`); `None` where that is not known here.
fn node_at(v: &[Node], j: usize, key: &[Node]) -> Option<bool> {
    let before = j.checked_sub(1);
    let after = j + key.len();
    if one_node(key)
        || (delimits(before.and_then(|p| v.get(p)), true) && delimits(v.get(after), false))
    {
        return Some(true);
    }
    let (class, merges) = chain_priority(key)?;
    let left = match before {
        Some(p) if !delimits(v.get(p), true) => {
            let word = |k: usize| match v.get(k) {
                Some(Node::Other(s)) => s.as_str(),
                _ => "",
            };
            let priority = match word(p) {
                // A unary minus binds tighter than any binary operator here (13).
                "-" => {
                    let operand_end = p.checked_sub(1).and_then(|q| v.get(q)).map(|n| match n {
                        Node::Column(_) => Some(true),
                        Node::Other(s) if s == ")" || s == "]" => Some(true),
                        Node::Other(s) if s.starts_with('#') || s.starts_with('\'') => Some(true),
                        Node::Other(_) if binary_priority(v, p - 1).is_some() => Some(false),
                        Node::Other(s) if s == "(" || s == "[" || s == "," => Some(false),
                        Node::Other(_) => None,
                    });
                    match operand_end {
                        None => 13,
                        Some(e) => match e? {
                            true => 11,
                            false => 13,
                        },
                    }
                }
                // A unary `NOT` (5).
                "NOT" => 5,
                _ => binary_priority(v, p)?.0,
            };
            // (How comparisons next to a comparison bind is not read here.)
            if class == 9 && priority == 9 {
                return None;
            }
            priority < class
        }
        _ => true,
    };
    let right = match v.get(after) {
        Some(_) if !delimits(v.get(after), false) => {
            let (priority, _) = binary_priority(v, after)?;
            if class == 9 && priority == 9 {
                return None;
            }
            priority < class || (priority == class && !merges)
        }
        _ => true,
    };
    Some(left && right)
}

/// Words before and after which an expression's tokens are a whole operand.
fn delimits(n: Option<&Node>, before: bool) -> bool {
    let Some(Node::Other(s)) = n else {
        return n.is_none();
    };
    let shared = matches!(s.as_str(), "," | "WHEN" | "THEN" | "ELSE");
    match before {
        true => shared || matches!(s.as_str(), "(" | "[" | "CASE"),
        false => {
            shared
                || matches!(
                    s.as_str(),
                    ")" | "]" | "END" | "ASC" | "DESC" | "NULLS" | "WITH"
                )
        }
    }
}

impl Tr<'_> {
    /// The tokens `[a, b)` as [`Node`]s, select-list aliases read as their expressions
    /// (`seen`: those followed so far); `lambda`: the lambdas' parameter names, no columns.
    fn nodes(&self, a: usize, b: usize, seen: &mut Vec<String>, lambda: &[String]) -> Vec<Node> {
        let mut out = Vec::new();
        for k in a..b {
            let Some(t) = self.toks.get(k) else { break };
            let node = match t {
                Tok::Word(w) if self.toks.get(k + 1) != Some(&Tok::Sym("(")) => {
                    if let Some((name, s, e)) = self.select_alias(w, k) {
                        if !seen.contains(&name) {
                            seen.push(name);
                            out.push(Node::Other("(".into()));
                            out.extend(self.nodes(s, e, seen, lambda));
                            out.push(Node::Other(")".into()));
                            seen.pop();
                            continue;
                        }
                    }
                    let lower = w.to_ascii_lowercase();
                    if lambda.contains(&lower) {
                        Node::Other(w.to_ascii_uppercase())
                    } else if self.array_aliases.contains_key(&lower) {
                        Node::Column(format!("array join.{lower}"))
                    } else if let Some((src, _)) = self.resolve(w) {
                        let column = lower.rsplit('.').next().unwrap_or_default();
                        Node::Column(format!("{}.{column}", src.name.to_ascii_lowercase()))
                    } else {
                        Node::Other(w.to_ascii_uppercase())
                    }
                }
                Tok::Word(w) => Node::Other(w.to_ascii_uppercase()),
                Tok::Num(n) => Node::Other(format!("#{n}")),
                Tok::Str(s) => Node::Other(format!("'{s}")),
                Tok::Sym(s) => Node::Other((*s).to_string()),
            };
            out.push(node);
        }
        out
    }

    /// The names lambdas of `[a, b)` take (`x -> …`, `(x, y) -> …`).
    fn lambda_names(&self, a: usize, b: usize) -> Vec<String> {
        let mut names = Vec::new();
        for k in a..b {
            if self.toks.get(k) != Some(&Tok::Sym("-"))
                || self.toks.get(k + 1) != Some(&Tok::Sym(">"))
            {
                continue;
            }
            let Some(p) = k.checked_sub(1) else { continue };
            let params = match self.toks.get(p) {
                Some(Tok::Word(w)) => vec![w.clone()],
                Some(Tok::Sym(")")) => {
                    let open = (0..p).rev().find(|o| closing(self.toks, *o) == Some(p));
                    open.map(|o| {
                        (o + 1..p)
                            .filter_map(|j| match self.toks.get(j) {
                                Some(Tok::Word(w)) => Some(w.clone()),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default()
                }
                _ => Vec::new(),
            };
            names.extend(params.into_iter().map(|w| w.to_ascii_lowercase()));
        }
        names
    }

    /// The items of the select list of the `SELECT` at `select` whose `FROM` is at `from_at`,
    /// without their aliases (`AS name`).
    pub(super) fn select_items(&self, select: usize, from_at: usize) -> Vec<(usize, usize)> {
        let start = select + 1 + usize::from(self.word(select + 1) == "DISTINCT");
        self.list_items(start, from_at)
            .into_iter()
            .map(|(s, e)| match self.word(e.saturating_sub(2)).as_str() {
                "AS" if e >= s + 3 => (s, e - 2),
                _ => (s, e),
            })
            .collect()
    }

    /// The tokens `[a, b)` without the parentheses around them all (ClickHouse's parser keeps
    /// none: `(1)` is the literal `1`), but those of a `WITH <expression> AS name` used by its
    /// name (which is no literal: ClickHouse reads positions before it resolves names).
    pub(super) fn unparenthesized(&self, mut a: usize, mut b: usize) -> (usize, usize) {
        while self.toks.get(a) == Some(&Tok::Sym("("))
            && !self.alias_uses.contains_key(&a)
            && closing(self.toks, a) == Some(b.saturating_sub(1))
        {
            (a, b) = (a + 1, b - 1);
        }
        (a, b)
    }

    /// The position `n` (`-n`: from the end) that the tokens `[a, b)` are, if they are one.
    pub(super) fn position(&self, a: usize, b: usize) -> Option<(usize, bool)> {
        match (b - a, self.toks.get(a)) {
            (1, Some(Tok::Num(n))) => n.parse::<usize>().ok().map(|n| (n, false)),
            (2, Some(Tok::Sym("-"))) => match self.toks.get(a + 1) {
                Some(Tok::Num(n)) => n.parse::<usize>().ok().map(|n| (n, true)),
                _ => None,
            },
            _ => None,
        }
    }

    /// What the position `n` (from the end where `from_end`) of the select list `items`
    /// names, counting each column a `*` stands for, as ClickHouse's analyzer expands `*`
    /// before it reads positions; `None` beyond the list or where a `*`'s columns are not
    /// known.
    pub(super) fn positional_entry(
        &self,
        items: &[(usize, usize)],
        n: usize,
        from_end: bool,
    ) -> Option<Entry> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let mut entries = Vec::new();
        for (s, e) in items {
            let Some(only) = self.star_item(*s, *e) else {
                entries.push(Entry::Item(*s, *e));
                continue;
            };
            let columns = star(scope, only);
            if columns.is_empty() {
                return None;
            }
            entries.extend(columns.into_iter().map(|(_, name, _)| Entry::Column(name)));
        }
        let p = match from_end {
            false => n.checked_sub(1)?,
            true => entries.len().checked_sub(n)?,
        };
        (p < entries.len()).then(|| entries.swap_remove(p))
    }

    /// ClickHouse 25.6's `GROUP BY ALL` (QueryAnalyzer::expandGroupByAll and
    /// recursivelyCollectMaxOrdinaryExpressions): its keys are, of each select-list item,
    /// the largest parts that call no aggregate function and read a column: the item itself
    /// where it has no aggregate; else, of a call, the keys of each argument (a lambda is
    /// none); constants, subqueries and aggregates are none. The keys found for the `ALL` at
    /// `at` are kept in [`Tr::rewrite`] and the translation stops, to be run again with them
    /// written in (so that the grouping and the validation read them as written keys);
    /// binary operators are split as ClickHouse's parser builds them ([`top_operands`]). Not
    /// run: another expression (a unary operator, `NOT`, `IS`, `BETWEEN`, `CASE`, …) over an
    /// aggregate beside a column outside it, `*`, a window function over no aggregate, and a
    /// part naming its own item's alias or defining one.
    fn group_by_all(
        &self,
        items: &[(usize, usize)],
        select: usize,
        to: usize,
        at: usize,
    ) -> Result<(), ApiError> {
        let lambda = self.lambda_names(select, to);
        let aliases: Vec<String> = self
            .select_aliases
            .last()
            .map(|a| a.iter().map(|(n, _, _)| n.clone()).collect())
            .unwrap_or_default();
        let mut ranges = Vec::new();
        // The keys of `*` items, by where their item starts.
        let mut star_keys: Vec<(usize, Vec<String>)> = Vec::new();
        for (s, e) in items {
            let Some(only) = self.star_item(*s, *e) else {
                self.all_keys(*s, *e, &lambda, &mut ranges)?;
                continue;
            };
            star_keys.push((*s, self.star_keys(only, &aliases)?));
        }
        let mut keys: Vec<Tok> = Vec::new();
        let push_key = |keys: &mut Vec<Tok>, key: &[Tok]| {
            if !keys.is_empty() {
                keys.push(Tok::Sym(","));
            }
            keys.extend(key.iter().cloned());
        };
        // (In the select list's order: a `*`'s columns where it stands.)
        let mut stars = star_keys.into_iter().peekable();
        for (a, b) in ranges {
            while let Some((_, names)) = stars.next_if(|(at, _)| *at < a) {
                for name in names {
                    push_key(&mut keys, &[Tok::Word(name)]);
                }
            }
            for k in a..b {
                let own_alias = match self.toks.get(k) {
                    Some(Tok::Word(w)) if self.toks.get(k + 1) != Some(&Tok::Sym("(")) => {
                        aliases.contains(w) && self.select_alias(w, k).is_none()
                    }
                    _ => false,
                };
                let defines = self.word(k) == "AS" && !self.inside_cast(k);
                if own_alias || defines {
                    return Err(unsupported(
                        "GROUP BY ALL over an item that reads its own alias or defines one inside",
                    ));
                }
            }
            push_key(&mut keys, self.toks.get(a..b).unwrap_or_default());
        }
        for (_, names) in stars {
            for name in names {
                push_key(&mut keys, &[Tok::Word(name)]);
            }
        }
        if keys.is_empty() && self.word(at + 1) == "WITH" {
            return Err(unsupported(
                "GROUP BY ALL WITH … where the select list has no key",
            ));
        }
        // (Without keys, the whole `GROUP BY ALL` goes.)
        let rewrite = match keys.is_empty() {
            true => (at.saturating_sub(2), 3, keys),
            false => (at, 1, keys),
        };
        self.rewrite.set(Some(rewrite));
        Err(unsupported("GROUP BY ALL"))
    }

    /// The `GROUP BY ALL` keys of a `*` (or `q.*`, `only`) of the select list: ClickHouse's
    /// analyzer expands it into its columns before expandGroupByAll reads the projection, so
    /// each column is a key, written as its name. Not run where a name would not read that
    /// column as a key here: one that is no plain word or is a keyword (`limit`), one of
    /// several sources' columns (a join's), one a select-list alias takes (`aliases`), or a
    /// `*` whose columns are not known.
    fn star_keys(&self, only: Option<&str>, aliases: &[String]) -> Result<Vec<String>, ApiError> {
        let refused = || {
            unsupported(
                "GROUP BY ALL beside a * whose columns are not known here, or of a column named by a keyword, by a select-list alias or in several sources",
            )
        };
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let columns = star(scope, only);
        if columns.is_empty() {
            return Err(refused());
        }
        let mut names = Vec::new();
        for (_, name, _) in columns {
            let owner = scope.iter().filter(|src| {
                only.is_none_or(|q| src.name.eq_ignore_ascii_case(q))
                    && src.cols.iter().any(|(c, _)| c.eq_ignore_ascii_case(&name))
            });
            let word = quoted_word(&name).map_err(|_| refused())?;
            let resolved = Self::resolve_in(scope, &name).map(|(src, _)| src.name.clone());
            let mut owners = owner.map(|src| src.name.clone());
            let plain = word == name && !aliases.iter().any(|a| a.eq_ignore_ascii_case(&name));
            match (owners.next(), owners.next(), resolved) {
                (Some(o), None, Some(r)) if plain && o == r => names.push(name),
                _ => return Err(refused()),
            }
        }
        Ok(names)
    }

    /// The `HAVING` at `having` of the `SELECT` whose `FROM` is at `from_at` that
    /// neither groups nor aggregates: ClickHouse 25.6's analyzer does not validate it as
    /// aggregating, and its planner applies the `HAVING` as a filter of the rows (its test
    /// 02497_having_without_actual_aggregation_bug answers `9` for `select number from
    /// numbers_mt(10) having number >= 9`), so it is written as a `WHERE`
    /// ([`Tr::having_as_where`]). Beside an `arrayJoin` of the select list it filters the
    /// repeated rows as a `WHERE` does: its planner builds the `HAVING`'s actions before the
    /// projection's, so an `arrayJoin` the `HAVING` reads through its alias is joined there,
    /// once, and the projection reads that column as its input (PlannerActionsVisitor.cpp,
    /// visitFunction: an expression an earlier step computed is not computed again, "because
    /// it will be calculated twice"); one that reads no `arrayJoin` keeps the same rows
    /// before or after they are repeated; one that calls its own repeats the rows as a `WHERE`
    /// calling it does. Not run beside `WITH TOTALS`.
    fn having_without_aggregation(
        &self,
        from_at: usize,
        having: usize,
        to: usize,
    ) -> Result<(), ApiError> {
        // (An empty `HAVING` is the syntax error it was.)
        if self.having_end(having).min(to) <= having + 1 {
            return Ok(());
        }
        let rewrite = match self.word(having.saturating_sub(1)) == "TOTALS" {
            true => None,
            false => self.having_as_where(from_at, having, having, to),
        };
        let Some(rewrite) = rewrite else {
            return Err(unsupported(
                "HAVING without GROUP BY or an aggregate function beside WITH TOTALS",
            ));
        };
        self.rewrite.set(Some(rewrite));
        Err(unsupported("HAVING without aggregation"))
    }

    /// Whether the `AS` at `k` is a `CAST(x AS type)`'s.
    fn inside_cast(&self, k: usize) -> bool {
        (0..k)
            .rev()
            .find(|o| self.toks.get(*o) == Some(&Tok::Sym("(")) && closing(self.toks, *o) > Some(k))
            .and_then(|o| o.checked_sub(1))
            .is_some_and(|f| self.word(f) == "CAST")
    }

    /// The `GROUP BY ALL` keys of the expression `[a, b)` (see [`Tr::group_by_all`]).
    fn all_keys(
        &self,
        a: usize,
        b: usize,
        lambda: &[String],
        into: &mut Vec<(usize, usize)>,
    ) -> Result<(), ApiError> {
        let (a, b) = self.unparenthesized(a, b);
        let v = self.nodes(a, b, &mut Vec::new(), lambda);
        // (Columns outside aggregates and subqueries.)
        let reads_column = !matches!(keyed(&v, &[]), Verdict::Keyed);
        if !has_aggregate(&v) {
            if reads_column && v.contains(&Node::Other("OVER".into())) {
                return Err(unsupported(
                    "GROUP BY ALL beside a window function over no aggregate",
                ));
            }
            if reads_column {
                into.push((a, b));
            }
            return Ok(());
        }
        if !reads_column {
            return Ok(());
        }
        if let (Some(Tok::Word(_)), Some(Tok::Sym("("))) = (self.toks.get(a), self.toks.get(a + 1))
        {
            let close = closing(self.toks, a + 1).unwrap_or(b);
            if close + 1 == b || self.word(close + 1) == "OVER" {
                for (s, e) in self.arguments(a + 1) {
                    let is_lambda = (s..e).any(|k| {
                        self.toks.get(k) == Some(&Tok::Sym("-"))
                            && self.toks.get(k + 1) == Some(&Tok::Sym(">"))
                    });
                    if !is_lambda {
                        self.all_keys(s, e, lambda, into)?;
                    }
                }
                return Ok(());
            }
        }
        if let Some(Tok::Word(w)) = self.toks.get(a).filter(|_| b == a + 1) {
            if let Some((_, s, e)) = self.select_alias(w, a) {
                return self.all_keys(s, e, lambda, into);
            }
        }
        // Binary operators (its nodes as for a key, see [`node_at`]): the call at the top of
        // the tree ClickHouse's parser builds, each of whose arguments gives its parts
        // ([`top_operands`]: `x * count() + 1` is `plus(multiply(x, count()), 1)`, a merging
        // chain `a AND b AND c` one call).
        if let Some((_, operands)) = top_operands(&v).filter(|_| v.len() == b - a) {
            for (s, e) in operands {
                self.all_keys(a + s, a + e, lambda, into)?;
            }
            return Ok(());
        }
        Err(unsupported(
            "GROUP BY ALL over an expression other than calls and binary operators (a unary operator, NOT, IS, BETWEEN, IN, LIKE, CASE) that reads an aggregate beside a column outside it",
        ))
    }

    /// The node of the column of `*` answered as `name` (`key_id`, or `d.key_id` of a second
    /// source holding that name too) as [`Tr::nodes`] reads that column where a clause names
    /// it: its source's and its own name; `None` where a select-list alias is spelled so
    /// (whose reading a clause's name takes first) or no source resolves it.
    fn star_column_node(&self, name: &str, at: usize) -> Option<Node> {
        if self.select_alias(name, at).is_some() {
            return None;
        }
        let (src, _) = self.resolve(name)?;
        let lower = name.to_ascii_lowercase();
        let column = lower.rsplit('.').next().unwrap_or_default();
        Some(Node::Column(format!(
            "{}.{column}",
            src.name.to_ascii_lowercase()
        )))
    }

    /// ClickHouse 25.6's validateAggregates (its analyzer's `ValidateGroupByColumnsVisitor`)
    /// for the `SELECT` at `select` whose `FROM` is at `from_at` and which ends at `to`: where
    /// it aggregates (it has `GROUP BY`, or calls an aggregate function outside a window), each
    /// column its select list, `HAVING`, `QUALIFY`, `ORDER BY`, `LIMIT … BY` and the named
    /// windows they use (`OVER w`) read must be
    /// under an aggregate function or inside an expression equal to a `GROUP BY` key (as
    /// ClickHouse compares trees: through select-list aliases, of `ROLLUP`, `CUBE` and
    /// `GROUPING SETS` too; a positional key is the item it names; `grouping` is not in
    /// upstream's list). Otherwise it is NOT_AN_AGGREGATE, upstream's "Invalid analytics query". Subqueries are their own `SELECT`s; lambdas'
    /// parameters are no columns. `GROUP BY ALL` is first written as its keys
    /// ([`Tr::group_by_all`]). A key of operators is met where its tokens are one node of the
    /// tree ([`node_at`]); where that is not known (operands or neighbours beyond
    /// [`top_operands`]'s binary operators) a column read only there is refused as not run.
    pub(super) fn check_aggregates(
        &self,
        select: usize,
        from_at: usize,
        to: usize,
    ) -> Result<(), ApiError> {
        // The clauses of this `SELECT`, outside parentheses.
        let mut depth = 0i64;
        let mut clauses: Vec<(String, usize)> = Vec::new();
        for k in from_at..to {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                _ => {}
            }
            let word = self.word(k);
            let clause = match word.as_str() {
                "GROUP" | "ORDER" if self.word(k + 1) == "BY" => true,
                "HAVING" | "QUALIFY" | "WINDOW" | "LIMIT" | "SETTINGS" | "INTERPOLATE" => true,
                "WITH" => matches!(self.word(k + 1).as_str(), "ROLLUP" | "CUBE" | "TOTALS"),
                _ => false,
            };
            if depth == 0 && clause {
                clauses.push((word, k));
            }
        }
        let end_of = |k: usize| {
            clauses
                .iter()
                .map(|(_, c)| *c)
                .find(|c| *c > k)
                .unwrap_or(to)
        };
        let at = |name: &str| clauses.iter().find(|(w, _)| w == name).map(|(_, k)| *k);
        let items = self.select_items(select, from_at);
        // The places read after aggregating.
        let mut places: Vec<(usize, usize)> = items.clone();
        for name in ["HAVING", "QUALIFY", "ORDER"] {
            if let Some(k) = at(name) {
                let a = k + if name == "ORDER" { 2 } else { 1 };
                places.push((a, end_of(k)));
            }
        }
        for (w, k) in &clauses {
            if let Some((_, _, by)) = self.limit_by_at(*k).filter(|_| w == "LIMIT") {
                places.push((by, end_of(*k)));
            }
        }
        // A named window's specification, where `OVER name` reads it.
        if let Some(k) = at("WINDOW") {
            for (s, e) in self.list_items(k + 1, end_of(k)) {
                let Some(Tok::Word(name)) = self.toks.get(s) else {
                    continue;
                };
                let used = places.iter().any(|(a, b)| {
                    (*a..*b).any(|j| {
                        self.word(j) == "OVER"
                            && self.toks.get(j + 1) == Some(&Tok::Word(name.clone()))
                    })
                });
                if used && self.word(s + 1) == "AS" && e > s + 3 {
                    places.push((s + 3, e - 1));
                }
            }
        }
        let group = at("GROUP");
        let aggregates = places.iter().any(|(a, b)| self.calls_aggregate(*a, *b));
        if group.is_none() && !aggregates {
            return match at("HAVING") {
                Some(h) => self.having_without_aggregation(from_at, h, to),
                None => Ok(()),
            };
        }
        // The keys' token ranges.
        let mut key_ranges: Vec<(usize, usize)> = Vec::new();
        // Columns of `*` a position names (`GROUP BY 1` of `SELECT *, …`), as [`Tr::nodes`]
        // reads such a column; `star_key` where one is not told so (a select-list alias of
        // its name, or no source resolves it).
        let mut star_keys: Vec<Vec<Node>> = Vec::new();
        let mut star_key = false;
        if let Some(g) = group {
            let mut pending = self.list_items(g + 2, end_of(g));
            while let Some((a, b)) = pending.pop() {
                let (a, b) = self.unparenthesized(a, b);
                let open = match self.word(a).as_str() {
                    "ALL" if b == a + 1 => return self.group_by_all(&items, select, to, a),
                    "ROLLUP" | "CUBE" => Some(a + 1),
                    "GROUPING" if self.word(a + 1) == "SETS" => Some(a + 2),
                    _ => None,
                };
                if let Some(open) = open.filter(|o| self.toks.get(*o) == Some(&Tok::Sym("("))) {
                    pending.extend(self.arguments(open));
                    continue;
                }
                // A set of `GROUPING SETS` in parentheses is its keys.
                if b > a && self.list_items(a, b).len() > 1 {
                    pending.extend(self.list_items(a, b));
                    continue;
                }
                let Some((n, from_end)) = self.position(a, b) else {
                    if b > a {
                        key_ranges.push((a, b));
                    }
                    continue;
                };
                // (A column of `*` as a key: `*`'s check below reads it, not the rest.)
                match self.positional_entry(&items, n, from_end) {
                    Some(Entry::Item(s, e)) => key_ranges.push((s, e)),
                    Some(Entry::Column(name)) => match self.star_column_node(&name, a) {
                        Some(node) => star_keys.push(vec![node]),
                        None => star_key = true,
                    },
                    None => return Ok(()),
                }
            }
        }
        let lambda = self.lambda_names(select, to);
        let keys: Vec<Vec<Node>> = key_ranges
            .iter()
            .map(|(a, b)| unwrapped(&self.nodes(*a, *b, &mut Vec::new(), &lambda)).to_vec())
            .filter(|k| !k.is_empty())
            .chain(star_keys)
            .collect();
        // `*` stands for its columns, each of which must be a key.
        let sel = Sel::new(Some(from_at), to, ArrayJoins::default());
        for (s, e) in &items {
            let Some(only) = self.star_item(*s, *e) else {
                continue;
            };
            if let Some(e) = self.star_refusal(only, &sel) {
                return Err(e);
            }
        }
        let mut unsure = false;
        for (a, b) in places {
            let v = self.nodes(a, b, &mut Vec::new(), &lambda);
            match keyed(&v, &keys) {
                Verdict::Keyed => {}
                // (Where a column of `*` not told here is a key, it may be that one.)
                Verdict::Unkeyed if star_key => {
                    return Err(unsupported(
                        "a GROUP BY position naming a column of * that is also a select-list alias or not resolved here, beside a column that no other key covers",
                    ))
                }
                Verdict::Unkeyed => return Err(query_error("Invalid analytics query")),
                Verdict::Unsure => unsure = true,
            }
        }
        match unsure {
            true => Err(unsupported(
                "a column read only inside an operator expression equal to a GROUP BY key written without parentheses (GROUP BY a + b … SELECT 1 + a + b)",
            )),
            false => Ok(()),
        }
    }
}

/// Where the aggregate call at `j` of `v` ends (`quantile(l)(x)` its second group), if one
/// is there that no `OVER` makes a window's.
fn aggregate_end(v: &[Node], j: usize) -> Option<usize> {
    let word = |k: usize| match v.get(k) {
        Some(Node::Other(s)) => s.as_str(),
        _ => "",
    };
    if !is_aggregate_name(word(j)) || word(j + 1) != "(" {
        return None;
    }
    let close = close_of(v, j + 1).map(|c| match word(c + 1) {
        "(" if word(j) == "QUANTILE" => close_of(v, c + 1).unwrap_or(c),
        _ => c,
    })?;
    (word(close + 1) != "OVER").then_some(close)
}

/// Whether `v` calls an aggregate function (not as a window's, nor in a subquery).
fn has_aggregate(v: &[Node]) -> bool {
    let word = |k: usize| match v.get(k) {
        Some(Node::Other(s)) => s.as_str(),
        _ => "",
    };
    let mut j = 0;
    while j < v.len() {
        if word(j) == "(" && matches!(word(j + 1), "SELECT" | "WITH") {
            j = close_of(v, j).map_or(v.len(), |c| c + 1);
            continue;
        }
        if aggregate_end(v, j).is_some() {
            return true;
        }
        j += 1;
    }
    false
}

/// Whether every column of `v` is under an aggregate function or inside a part equal to one
/// of `keys`.
fn keyed(v: &[Node], keys: &[Vec<Node>]) -> Verdict {
    let word = |k: usize| match v.get(k) {
        Some(Node::Other(s)) => s.as_str(),
        _ => "",
    };
    // Occurrences of operator keys not known to be whole operands.
    let mut partial = vec![false; v.len()];
    let mut verdict = Verdict::Keyed;
    let mut j = 0;
    while j < v.len() {
        let hit = keys.iter().find(|key| {
            v.get(j..j + key.len()) == Some(key.as_slice()) && node_at(v, j, key) == Some(true)
        });
        if let Some(key) = hit {
            j += key.len();
            continue;
        }
        for key in keys {
            if v.get(j..j + key.len()) == Some(key.as_slice()) && node_at(v, j, key).is_none() {
                for p in partial.iter_mut().skip(j).take(key.len()) {
                    *p = true;
                }
            }
        }
        if word(j) == "(" && matches!(word(j + 1), "SELECT" | "WITH") {
            j = close_of(v, j).map_or(v.len(), |c| c + 1);
            continue;
        }
        // An aggregate call (not a window's) reads its columns before aggregating.
        if let Some(close) = aggregate_end(v, j) {
            j = close + 1;
            continue;
        }
        if let Some(Node::Column(_)) = v.get(j) {
            if partial.get(j) == Some(&true) {
                verdict = Verdict::Unsure;
            } else {
                return Verdict::Unkeyed;
            }
        }
        // (A named window after `OVER` is no column.)
        j += if word(j) == "OVER" && word(j + 1) != "(" {
            2
        } else {
            1
        };
    }
    verdict
}
