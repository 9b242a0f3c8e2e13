//! The names ClickHouse's analyzer gives unaliased columns and subqueries.

use super::*;

/// The walk of [`Tr::subquery_numbers`] over a query's tokens.
pub(super) struct Numbering<'n, 't> {
    pub(super) tr: &'n Tr<'t>,
    pub(super) ctes: std::collections::HashMap<String, (usize, usize)>,
    pub(super) next: usize,
    pub(super) numbers: std::collections::HashMap<usize, usize>,
    /// How deeply CTEs are expanded now (a CTE naming itself is refused elsewhere).
    pub(super) depth: usize,
}

impl Numbering<'_, '_> {
    /// A query over `[a, b)`: its `SELECT`s (the arms of its set operations) in order.
    pub(super) fn query(&mut self, a: usize, b: usize) {
        let tr = self.tr;
        let mut i = a;
        // A `WITH` of a subquery: its bodies are resolved where they are named.
        if tr.word(i) == "WITH" {
            while let Some(Tok::Sym("(")) = tr.toks.get(i + 3) {
                let Some(c) = closing(tr.toks, i + 3) else {
                    return;
                };
                i = c + 1;
                if tr.toks.get(i) != Some(&Tok::Sym(",")) {
                    break;
                }
            }
        }
        let mut depth = 0i64;
        let mut start = i;
        for k in i..=b {
            match tr.toks.get(k) {
                Some(Tok::Sym("(")) if k < b => depth += 1,
                Some(Tok::Sym(")")) if k < b => depth -= 1,
                _ if k < b
                    && !(depth == 0
                        && matches!(tr.word(k).as_str(), "UNION" | "EXCEPT" | "INTERSECT")) => {}
                _ => {
                    self.select(start, k);
                    start = k + 1;
                    if matches!(tr.word(start).as_str(), "ALL" | "DISTINCT") {
                        start += 1;
                    }
                }
            }
        }
    }

    /// One `SELECT` over `[a, b)` (or a parenthesized query, an arm of a set operation).
    pub(super) fn select(&mut self, a: usize, b: usize) {
        let tr = self.tr;
        if tr.toks.get(a) == Some(&Tok::Sym("(")) && closing(tr.toks, a) == b.checked_sub(1) {
            return self.query(a + 1, b - 1);
        }
        let mut depth = 0i64;
        let mut from = None;
        let mut from_end = b;
        for k in a..b {
            match tr.toks.get(k) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                _ if depth != 0 => {}
                _ => match tr.word(k).as_str() {
                    "FROM" if from.is_none() => from = Some(k),
                    "PREWHERE" | "WHERE" | "GROUP" | "HAVING" | "WINDOW" | "QUALIFY" | "ORDER"
                    | "LIMIT" | "SETTINGS" | "FORMAT"
                        if from.is_some() =>
                    {
                        from_end = k;
                        break;
                    }
                    _ => {}
                },
            }
        }
        match from {
            Some(f) => {
                self.scan(f + 1, from_end, true);
                self.scan(a + 1, f, false);
                self.scan(from_end, b, false);
            }
            None => self.scan(a + 1, b, false),
        }
    }

    /// The subqueries in `[a, b)` in order, each numbered before those inside it; in a `FROM`,
    /// a CTE named as a source too.
    pub(super) fn scan(&mut self, a: usize, b: usize, sources: bool) {
        let tr = self.tr;
        let mut k = a;
        while k < b {
            match tr.toks.get(k) {
                Some(Tok::Sym("(")) if matches!(tr.word(k + 1).as_str(), "SELECT" | "WITH") => {
                    let close = closing(tr.toks, k).unwrap_or(b).min(b);
                    self.numbers.insert(k, self.next);
                    self.next += 1;
                    self.query(k + 1, close);
                    k = close + 1;
                    continue;
                }
                Some(Tok::Word(w)) if sources => {
                    let named_source =
                        k.checked_sub(1)
                            .and_then(|p| tr.toks.get(p))
                            .is_some_and(|p| {
                                *p == Tok::Sym(",") || matches!(upper(p).as_str(), "FROM" | "JOIN")
                            });
                    let body = self.ctes.get(&w.to_ascii_lowercase()).copied();
                    if let (true, Some((s, e))) = (named_source, body) {
                        if self.depth < NESTING_MAX && self.next <= SUBQUERIES_NUMBERED_MAX {
                            self.next += 1;
                            self.depth += 1;
                            self.query(s, e);
                            self.depth -= 1;
                        }
                    }
                }
                _ => {}
            }
            k += 1;
        }
    }
}

/// The most subqueries [`Tr::subquery_numbers`] numbers, a bound on expanding CTEs that name
/// CTEs (upstream's parser allows 2,000 nodes in a query).
pub(super) const SUBQUERIES_NUMBERED_MAX: usize = 4096;

impl<'t> Tr<'t> {
    /// The numbers ClickHouse's analyzer gives the query's subqueries (`_subquery_1`, … in the
    /// order it resolves them, QueryAnalyzer's `subquery_counter`), by where each `(` is. It
    /// resolves a `SELECT`'s `FROM` (its sources, a CTE named there anew each time, and join
    /// conditions) first, then its select list, then the rest, and numbers each subquery
    /// before the subqueries inside it; a `UNION`'s arms and the top-level query are no
    /// subqueries.
    pub(super) fn subquery_numbers(&self) -> std::collections::HashMap<usize, usize> {
        // The top-level CTEs' bodies.
        let mut ctes = std::collections::HashMap::new();
        let mut start = 0;
        if self.word(0) == "WITH" {
            let mut i = 1;
            while let (Some(Tok::Word(name)), "AS", Some(Tok::Sym("("))) = (
                self.toks.get(i),
                self.word(i + 1).as_str(),
                self.toks.get(i + 2),
            ) {
                let Some(c) = closing(self.toks, i + 2) else {
                    break;
                };
                ctes.insert(name.to_ascii_lowercase(), (i + 3, c));
                start = c + 1;
                if self.toks.get(c + 1) != Some(&Tok::Sym(",")) {
                    break;
                }
                i = c + 2;
            }
        }
        let mut numbering = Numbering {
            tr: self,
            ctes,
            next: 1,
            numbers: std::collections::HashMap::new(),
            depth: 0,
        };
        numbering.query(start, self.toks.len());
        numbering.numbers
    }

    /// The aliases of a select list `[a, b)`: `expression AS name` items.
    pub(super) fn item_aliases(&self, a: usize, b: usize) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        let mut depth = 0i64;
        let mut start = a;
        for k in a..=b {
            let end = match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) if k < b => {
                    depth += 1;
                    None
                }
                Some(Tok::Sym(")" | "]")) if k < b => {
                    depth -= 1;
                    None
                }
                Some(Tok::Sym(",")) if k < b && depth == 0 => Some(k),
                _ if k == b => Some(k),
                _ => None,
            };
            let Some(end) = end else { continue };
            if let (Some(Tok::Word(kw)), Some(Tok::Word(name))) = (
                end.checked_sub(2).and_then(|p| self.toks.get(p)),
                end.checked_sub(1).and_then(|p| self.toks.get(p)),
            ) {
                let s = if self.word(start) == "DISTINCT" {
                    start + 1
                } else {
                    start
                };
                if kw.eq_ignore_ascii_case("AS") && end >= s + 3 {
                    out.push((name.clone(), s, end - 2));
                }
            }
            start = end + 1;
        }
        out
    }

    /// ClickHouse's name of the call `[a, b)` (its analyzer's projection name): the function
    /// as ClickHouse spells it after upstream and its own parser rewrote it (`count()` for
    /// `count(*)`, `COUNT()` for `COUNT(*)`, `SUM` for `SUM`, `toDate` for `TODATE` (upstream's
    /// `canonicalFunctionNames`), `trimBoth` for `trim`, `date_trunc` as written,
    /// `countDistinct(x)` for `count(DISTINCT x)`), its parameters (`quantile(0.5)(x)`) and
    /// arguments named by [`Tr::expression_name`], and a window after it as ` OVER (…)` (or
    /// ` OVER name`).
    pub(super) fn clickhouse_name(&self, a: usize, b: usize) -> Option<String> {
        let (function, written) = match self.toks.get(a)? {
            Tok::Word(f) if self.toks.get(a + 1) == Some(&Tok::Sym("(")) => {
                (f.to_ascii_lowercase(), f)
            }
            _ => return None,
        };
        // A call written for a `CAST` or `EXTRACT` is named as ClickHouse names those.
        if let Some(spelled) = self.spelled.get(&a) {
            let close = closing(self.toks, a + 1)?;
            let (s, e) = *self.arguments(a + 1 + spelled.inner).first()?;
            let name = format!(
                "{}{}{}",
                spelled.prefix,
                self.expression_name(s, e)?,
                spelled.suffix
            );
            // (`groupArray(N)(x) OVER (…)` is a window's.)
            return match spelled.limit {
                Some(_) => self.over_name(name, close + 1, b),
                None => (close + 1 == b).then_some(name),
            };
        }
        // A name upstream writes canonically is ClickHouse's so; one registered without case
        // keeps the case it is written in (`COUNT(*)` is `COUNT()`, `SUM(x)` `SUM(x)`,
        // `date_trunc(…)` `date_trunc(…)`: ClickHouse 25.5.2 and 25.8.2 (chDB) agree), but for
        // `trim` and `substring`, which ClickHouse's parser reads in any case as `trimBoth` and
        // `substring` (ExpressionListParsers' TrimLayer, SubstringLayer).
        let canonical = match spelling(&function)? {
            Spelling::Canonical(name) => name.to_string(),
            Spelling::AnyCase(name) if matches!(function.as_str(), "trim" | "substring") => {
                name.to_string()
            }
            Spelling::AnyCase(_) => written.clone(),
            Spelling::Lower => function.clone(),
            Spelling::Expression => return None,
        };
        let close = closing(self.toks, a + 1)?;
        let mut name = canonical;
        let mut group = (a + 1, close);
        loop {
            let mut args = self.arguments(group.0);
            // `f(DISTINCT x)` is ClickHouse's `fDistinct(x)`, `f` as it is written: its parser
            // appends `Distinct` to the name (FunctionLayer), and FunctionNameNormalizer
            // spells a name canonically only where the whole of it is registered without
            // case, which no `…Distinct` is (`COUNT(DISTINCT x)` is `COUNTDistinct(x)`), a
            // name upstream writes canonically as it writes it (`SUMIF(DISTINCT x, c)` is
            // `sumIfDistinct(x, c)`: ClickHouse 25.5.2 and 25.8.2 (chDB) agree);
            // upstream's parser prints `quantile(l)(DISTINCT x)` without its `DISTINCT`.
            if let Some((s, _)) = args.first_mut() {
                if self.word(*s) == "DISTINCT" {
                    *s += 1;
                    if group.0 == a + 1 {
                        let sent = match spelling(&function) {
                            Some(Spelling::Canonical(c)) => c,
                            _ => written.as_str(),
                        };
                        name = format!("{sent}Distinct");
                    }
                }
            }
            let star = matches!(args.as_slice(), [(s, e)] if *e == s + 1 && self.toks.get(*s) == Some(&Tok::Sym("*")));
            let parts = if star && function == "count" {
                Vec::new()
            } else {
                args.iter()
                    .map(|(s, e)| self.expression_name(*s, *e))
                    .collect::<Option<Vec<_>>>()?
            };
            name = format!("{name}({})", parts.join(", "));
            // `quantile(level)(x)`: a second group of arguments.
            match self.toks.get(group.1 + 1) {
                Some(Tok::Sym("(")) if function == "quantile" && group.0 == a + 1 => {
                    let second = closing(self.toks, group.1 + 1)?;
                    group = (group.1 + 1, second);
                }
                _ => break,
            }
        }
        self.over_name(name, group.1 + 1, b)
    }

    /// The call named `name` ending at `end`, with a window after it to `b` named as
    /// ` OVER (…)` (or ` OVER name`); `None` where `[end, b)` is something else.
    fn over_name(&self, mut name: String, mut end: usize, b: usize) -> Option<String> {
        if self.word(end) == "OVER" && self.toks.get(end + 1) == Some(&Tok::Sym("(")) {
            let close = closing(self.toks, end + 1)?;
            name = format!("{name} OVER ({})", self.window_name(end + 2, close)?);
            end = close + 1;
        } else if let (true, Some(Tok::Word(window))) =
            (self.word(end) == "OVER", self.toks.get(end + 1))
        {
            // A named window: its name (QueryAnalyzer::resolveFunction).
            name = format!("{name} OVER {window}");
            end += 2;
        }
        (end == b).then_some(name)
    }

    /// ClickHouse's name of the column `w` of the current `SELECT` as written (`c` or `q.c`):
    /// without its qualifier where the bare name binds to the same column there (its analyzer
    /// drops a qualifier only then). It binds to a select-list alias of that name first (of
    /// the same case: `SELECT a.x, 1 AS X` names `x`); then, of the sources that have such a
    /// column, to the only one; of the two of a single join, to the left one (its
    /// `single_join_prefer_left_table`), and for a `USING` column to the left side's unless
    /// the join is a `RIGHT` one; with two joins or more, to none (ambiguous). So `a.key_id`
    /// of `a LEFT JOIN (…) b` is `key_id`, `b.key_id` is `b.key_id`, and `a.key_id` of three
    /// sources that all have it `a.key_id` (ClickHouse 25.5.2 and 25.8.2 (chDB) agree). (A
    /// `WITH <expression> AS c` beside a qualified `q.c` is not run, see
    /// `with_alias_qualified`.)
    pub(super) fn column_name(&self, w: &str) -> String {
        let Some((q, c)) = w.rsplit_once('.') else {
            return w.to_string();
        };
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let alias = self
            .select_aliases
            .last()
            .is_some_and(|names| names.iter().any(|(n, _, _)| n == c));
        let having: Vec<usize> = scope
            .iter()
            .enumerate()
            .filter(|(_, src)| src.cols.iter().any(|(n, _)| n.eq_ignore_ascii_case(c)))
            .map(|(k, _)| k)
            .collect();
        let own = scope
            .iter()
            .position(|src| src.name.eq_ignore_ascii_case(q));
        let binds = match (having.as_slice(), scope) {
            (_, _) if alias => false,
            ([_] | [], _) => true,
            ([0, 1], [_, right]) => {
                own == Some(0)
                    && !(right.right_joined && right.using.contains(&c.to_ascii_lowercase()))
            }
            _ => false,
        };
        if binds {
            c.to_string()
        } else {
            w.to_string()
        }
    }

    /// ClickHouse's name of a window's specification `[a, b)` (inside `OVER (…)`):
    /// `PARTITION BY x, y ORDER BY t ASC` (each `ORDER BY` item with its direction, `ASC` when
    /// none is written, and `NULLS …` when written) and a frame as `ROWS|RANGE BETWEEN … AND
    /// …` (one bound is `… AND CURRENT ROW`).
    pub(super) fn window_name(&self, a: usize, b: usize) -> Option<String> {
        // The clauses' keywords outside parentheses.
        let mut depth = 0i64;
        let (mut partition, mut order, mut frame) = (None, None, None);
        for k in a..b {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                _ if depth != 0 => {}
                _ => match (self.word(k).as_str(), self.word(k + 1).as_str()) {
                    ("PARTITION", "BY") => partition = Some(k),
                    ("ORDER", "BY") => order = Some(k),
                    ("ROWS" | "RANGE", _) => frame = Some(k),
                    _ => {}
                },
            }
        }
        let ends = |start: usize| {
            [partition, order, frame]
                .into_iter()
                .flatten()
                .filter(|k| *k > start)
                .min()
                .unwrap_or(b)
        };
        let mut parts = Vec::new();
        if let Some(p) = partition {
            let keys = self.list_names(p + 2, ends(p))?;
            parts.push(format!("PARTITION BY {keys}"));
        }
        if let Some(o) = order {
            let mut named = Vec::new();
            for (s, mut e) in self.list_items(o + 2, ends(o)) {
                let mut nulls = String::new();
                if self.word(e.checked_sub(2)?) == "NULLS" {
                    nulls = format!(" NULLS {}", self.word(e - 1));
                    e -= 2;
                }
                let direction = match self.word(e.checked_sub(1)?).as_str() {
                    "DESC" | "DESCENDING" => {
                        e -= 1;
                        "DESC"
                    }
                    "ASC" | "ASCENDING" => {
                        e -= 1;
                        "ASC"
                    }
                    _ => "ASC",
                };
                named.push(format!(
                    "{} {direction}{nulls}",
                    self.expression_name(s, e)?
                ));
            }
            parts.push(format!("ORDER BY {}", named.join(", ")));
        }
        if let Some(f) = frame {
            let kind = self.word(f);
            let bound = |s: usize, e: usize| -> Option<String> {
                match self.toks.get(s..e)? {
                    [Tok::Word(c), Tok::Word(r)]
                        if c.eq_ignore_ascii_case("CURRENT") && r.eq_ignore_ascii_case("ROW") =>
                    {
                        Some("CURRENT ROW".into())
                    }
                    [.., Tok::Word(side)] => {
                        let side = side.to_ascii_uppercase();
                        if !matches!(side.as_str(), "PRECEDING" | "FOLLOWING") {
                            return None;
                        }
                        let offset = if self.word(s) == "UNBOUNDED" && e == s + 2 {
                            "UNBOUNDED".to_string()
                        } else {
                            self.expression_name(s, e - 1)?
                        };
                        Some(format!("{offset} {side}"))
                    }
                    _ => None,
                }
            };
            let (begin, end) = if self.word(f + 1) == "BETWEEN" {
                let and = (f + 2..b).find(|k| self.word(*k) == "AND")?;
                (bound(f + 2, and)?, bound(and + 1, b)?)
            } else {
                (bound(f + 1, b)?, "CURRENT ROW".to_string())
            };
            parts.push(format!("{kind} BETWEEN {begin} AND {end}"));
        }
        Some(parts.join(" "))
    }

    /// ClickHouse's name of the expression `[a, b)` (its analyzer's projection name, which
    /// names a column no alias names): a column as written, a literal as ClickHouse prints its
    /// value ([`literal_name`]), each operator its function (`a + 1` is `plus(a, 1)`, `x = 'v'`
    /// `equals(x, 'v')`, `a AND b AND c` `and(a, b, c)`, `x BETWEEN l AND h`
    /// `and(greaterOrEquals(x, l), lessOrEquals(x, h))`, `x IN ('a', 'b')` `in(x, ('a', 'b'))`,
    /// `-x` `negate(x)`), `CASE WHEN` `multiIf(…)` and `CASE x WHEN` `caseWithExpression(x, …)`
    /// (`NULL` without `ELSE`), an array `[1, 2]`, a tuple `(a, b)`, a lambda
    /// `lambda(tuple(x), …)`, an interval `toIntervalDay(1)`, a subquery `_subquery_N` (see
    /// [`Tr::subquery_numbers`]), a `WITH <expression> AS name` used by its name, calls and
    /// windows by [`Tr::clickhouse_name`]. `None` for a form
    /// it does not name (the translation refuses those anyway).
    pub(super) fn expression_name(&self, mut a: usize, mut b: usize) -> Option<String> {
        // An `IN` list written for an array literal is named as the array.
        if self.spelled.get(&a).is_some_and(|s| s.list) && closing(self.toks, a) == b.checked_sub(1)
        {
            let items = self
                .list_items(a + 1, b - 1)
                .into_iter()
                .map(|(s, e)| self.expression_name(s, e))
                .collect::<Option<Vec<_>>>()?;
            return Some(format!("[{}]", items.join(", ")));
        }
        // An expanded `WITH <expression> AS name` is named by its name.
        if self.toks.get(a) == Some(&Tok::Sym("(")) && closing(self.toks, a) == b.checked_sub(1) {
            if let Some(name) = self.alias_uses.get(&a) {
                return Some(name.trim_start_matches(MOVED_MARK).to_string());
            }
        }
        // Parentheses around one expression (not a tuple, not a subquery) name nothing.
        while self.toks.get(a) == Some(&Tok::Sym("("))
            && closing(self.toks, a) == Some(b.checked_sub(1)?)
            && !matches!(self.word(a + 1).as_str(), "SELECT" | "WITH")
            && self.arguments(a).len() <= 1
        {
            a += 1;
            b -= 1;
        }
        if a >= b {
            return None;
        }
        if self.toks.get(a) == Some(&Tok::Sym("(")) && closing(self.toks, a) == Some(b - 1) {
            if matches!(self.word(a + 1).as_str(), "SELECT" | "WITH") {
                return Some(format!("_subquery_{}", self.subquery_numbers.get(&a)?));
            }
            // A tuple.
            return Some(format!("({})", self.list_names(a + 1, b - 1)?));
        }
        // The operators outside parentheses and outside `CASE … END`.
        let mut depth = 0i64;
        let mut cases = 0i64;
        let mut top = Vec::new();
        for k in a..b {
            match (self.toks.get(k), self.word(k).as_str()) {
                (Some(Tok::Sym("(" | "[")), _) => depth += 1,
                (Some(Tok::Sym(")" | "]")), _) => depth -= 1,
                _ if depth != 0 => {}
                (_, "CASE") => {
                    if cases == 0 {
                        top.push(k);
                    }
                    cases += 1;
                }
                (_, "END") if cases > 0 => {
                    cases -= 1;
                    if cases == 0 {
                        top.push(k);
                    }
                }
                _ if cases == 0 => top.push(k),
                _ => {}
            }
        }
        let word_at = |k: usize| self.word(k);
        // (An aliased expression is named by its alias.)
        if top.iter().any(|k| word_at(*k) == "AS") {
            return None;
        }
        // `x -> body` (`(x, y) -> body`): a lambda, named `lambda(tuple(x), body)`.
        if let Some(arrow) = top.iter().copied().find(|k| {
            self.toks.get(*k) == Some(&Tok::Sym("-"))
                && self.toks.get(k + 1) == Some(&Tok::Sym(">"))
        }) {
            let params = match self.toks.get(a..arrow)? {
                [Tok::Word(p)] => vec![p.clone()],
                [Tok::Sym("("), inner @ .., Tok::Sym(")")] => inner
                    .iter()
                    .filter(|t| **t != Tok::Sym(","))
                    .map(|t| match t {
                        Tok::Word(p) => Some(p.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()?,
                _ => return None,
            };
            let body = self.expression_name(arrow + 2, b)?;
            return Some(format!("lambda(tuple({}), {body})", params.join(", ")));
        }
        // `or`, then `and`, of all their operands (an `AND` that closes a `BETWEEN` is not one).
        let split = |word: &str| -> Vec<usize> {
            let mut betweens = 0usize;
            let mut at = Vec::new();
            for k in top.iter().copied() {
                match word_at(k).as_str() {
                    "BETWEEN" => betweens += 1,
                    "AND" if betweens > 0 => betweens -= 1,
                    w if w == word => at.push(k),
                    _ => {}
                }
            }
            at
        };
        for (word, function) in [("OR", "or"), ("AND", "and")] {
            let at = split(word);
            if !at.is_empty() {
                let mut parts = Vec::new();
                let mut start = a;
                for k in at.iter().copied().chain(std::iter::once(b)) {
                    parts.push(self.expression_name(start, k)?);
                    start = k + 1;
                }
                return Some(format!("{function}({})", parts.join(", ")));
            }
        }
        if word_at(a) == "NOT" {
            return Some(format!("not({})", self.expression_name(a + 1, b)?));
        }
        // `x IS [NOT] NULL` is `isNull(x)` / `isNotNull(x)`.
        if let Some(k) = top.iter().copied().find(|k| word_at(*k) == "IS") {
            let not = word_at(k + 1) == "NOT";
            let null_at = if not { k + 2 } else { k + 1 };
            if word_at(null_at) != "NULL" || null_at + 1 != b {
                return None;
            }
            let x = self.expression_name(a, k)?;
            return Some(if not {
                format!("isNotNull({x})")
            } else {
                format!("isNull({x})")
            });
        }
        // `x [NOT] BETWEEN l AND h` is `and(greaterOrEquals(x, l), lessOrEquals(x, h))`
        // (`or(less(x, l), greater(x, h))`).
        if let Some(between) = top.iter().copied().find(|k| word_at(*k) == "BETWEEN") {
            let and = top
                .iter()
                .copied()
                .find(|k| *k > between && word_at(*k) == "AND")?;
            let not = between.checked_sub(1).is_some_and(|p| word_at(p) == "NOT");
            let value_end = if not { between - 1 } else { between };
            let x = self.expression_name(a, value_end)?;
            let low = self.expression_name(between + 1, and)?;
            let high = self.expression_name(and + 1, b)?;
            return Some(if not {
                format!("or(less({x}, {low}), greater({x}, {high}))")
            } else {
                format!("and(greaterOrEquals({x}, {low}), lessOrEquals({x}, {high}))")
            });
        }
        // The last comparison (they associate to the left).
        let comparison = top.iter().rev().copied().find_map(|k| {
            let negated = k.checked_sub(1).is_some_and(|p| word_at(p) == "NOT");
            let op = match (
                self.toks.get(k)?,
                word_at(k).as_str(),
                word_at(k + 1).as_str(),
            ) {
                (Tok::Sym("=" | "=="), _, _) => ("equals", 1),
                (Tok::Sym("!=" | "<>"), _, _) => ("notEquals", 1),
                (Tok::Sym("<"), _, _) => ("less", 1),
                (Tok::Sym(">"), _, _) => ("greater", 1),
                (Tok::Sym("<="), _, _) => ("lessOrEquals", 1),
                (Tok::Sym(">="), _, _) => ("greaterOrEquals", 1),
                (_, "LIKE", _) if !negated => ("like", 1),
                (_, "ILIKE", _) if !negated => ("ilike", 1),
                (Tok::Word(w), _, _) if w == GLOBAL_IN => ("globalIn", 1),
                (_, "IN", _) if !negated => ("in", 1),
                (_, "NOT", "LIKE") => ("notLike", 2),
                (_, "NOT", "ILIKE") => ("notILike", 2),
                (_, "NOT", "IN") => ("notIn", 2),
                _ => return None,
            };
            (k > a).then_some((k, op))
        });
        if let Some((k, (function, len))) = comparison {
            let left = self.expression_name(a, k)?;
            let right = self.expression_name(k + len, b)?;
            return Some(format!("{function}({left}, {right})"));
        }
        // The last `+`/`-` (then `*`, `/`, `%`) between two operands: left-associative.
        let binary = |k: usize| {
            k > a
                && matches!(
                    self.toks.get(k - 1),
                    Some(Tok::Num(_) | Tok::Str(_) | Tok::Word(_) | Tok::Sym(")" | "]"))
                )
                && !KEYWORDS.contains(&word_at(k - 1).as_str())
        };
        for ops in [
            &[("+", "plus"), ("-", "minus")][..],
            &[("*", "multiply"), ("/", "divide"), ("%", "modulo")][..],
        ] {
            let last = top.iter().rev().copied().find_map(|k| {
                let sym = match self.toks.get(k)? {
                    Tok::Sym(s) => *s,
                    _ => return None,
                };
                let (_, function) = ops.iter().find(|(o, _)| *o == sym)?;
                binary(k).then_some((k, *function))
            });
            if let Some((k, function)) = last {
                let left = self.expression_name(a, k)?;
                let right = self.expression_name(k + 1, b)?;
                return Some(format!("{function}({left}, {right})"));
            }
        }
        // A negative number is a literal; `-x` otherwise `negate(x)`.
        if self.toks.get(a) == Some(&Tok::Sym("-")) {
            return match self.toks.get(a + 1..b)? {
                [Tok::Num(n)] => Some(format!("-{}", literal_name(&Tok::Num(n.clone()))?)),
                _ => Some(format!("negate({})", self.expression_name(a + 1, b)?)),
            };
        }
        // A subscript: `arrayElement(x, i)`.
        if let Some(open) = self.subscript_of(a, b) {
            let array = self.expression_name(a, open)?;
            let index = self.expression_name(open + 1, b - 1)?;
            return Some(format!("arrayElement({array}, {index})"));
        }
        // An array: `[` whose `]` ends the expression.
        if self.toks.get(a) == Some(&Tok::Sym("[")) && top.is_empty() {
            let mut depth = 0i64;
            let close = (a..b).find(|k| {
                match self.toks.get(*k) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    _ => {}
                }
                depth == 0
            })?;
            if close + 1 != b {
                return None;
            }
            return Some(format!("[{}]", self.list_names(a + 1, close)?));
        }
        if word_at(a) == "CASE" && top.len() == 2 && word_at(b - 1) == "END" {
            return self.case_name(a, b);
        }
        match self.toks.get(a..b)? {
            [t @ (Tok::Num(_) | Tok::Str(_))] => literal_name(t),
            [Tok::Word(w)] => match w.to_ascii_uppercase().as_str() {
                "TRUE" | "FALSE" | "NULL" => literal_name(&Tok::Word(w.clone())),
                up if KEYWORDS.contains(&up) => None,
                _ => Some(self.column_name(w)),
            },
            // `INTERVAL n UNIT` is ClickHouse's `toIntervalUnit(n)`.
            [Tok::Word(i), _, Tok::Word(unit)] if i.eq_ignore_ascii_case("INTERVAL") => {
                let unit = unit.to_ascii_lowercase();
                let mut chars = unit.chars();
                let first = chars.next()?.to_ascii_uppercase();
                let n = self.expression_name(a + 1, a + 2)?;
                Some(format!("toInterval{first}{}({n})", chars.as_str()))
            }
            _ => self.clickhouse_name(a, b),
        }
    }

    /// ClickHouse's name of `CASE [x] WHEN c THEN v … [ELSE e] END` over `[a, b)`:
    /// `multiIf(c, v, …, e)`, with a case expression `caseWithExpression(x, c, v, …, e)`; its
    /// parser adds `NULL` for a missing `ELSE`.
    pub(super) fn case_name(&self, a: usize, b: usize) -> Option<String> {
        let mut parts = Vec::new();
        let mut start = a + 1;
        let mut has_else = false;
        let mut depth = 0i64;
        let mut cases = 0i64;
        for k in a + 1..b {
            match (self.toks.get(k), self.word(k).as_str()) {
                (Some(Tok::Sym("(" | "[")), _) => depth += 1,
                (Some(Tok::Sym(")" | "]")), _) => depth -= 1,
                _ if depth != 0 => {}
                (_, "CASE") => cases += 1,
                (_, "END") if cases > 0 => cases -= 1,
                (_, w @ ("WHEN" | "THEN" | "ELSE" | "END")) if cases == 0 => {
                    // No case expression: nothing before the first `WHEN`.
                    if k > start {
                        parts.push(self.expression_name(start, k)?);
                    }
                    start = k + 1;
                    has_else |= w == "ELSE";
                }
                _ => {}
            }
        }
        if !has_else {
            parts.push("NULL".into());
        }
        let function = if self.word(a + 1) == "WHEN" {
            "multiIf"
        } else {
            "caseWithExpression"
        };
        Some(format!("{function}({})", parts.join(", ")))
    }

    /// The [`Tr::expression_name`]s of the list `[a, b)`, joined as ClickHouse joins
    /// arguments (`a, b`).
    pub(super) fn list_names(&self, a: usize, b: usize) -> Option<String> {
        let names = self
            .list_items(a, b)
            .into_iter()
            .map(|(s, e)| self.expression_name(s, e))
            .collect::<Option<Vec<_>>>()?;
        Some(names.join(", "))
    }
}

/// Whether the query as written has a `WITH <expression> AS c` and a qualified column `q.c`
/// of that name (its case). ClickHouse names an unaliased `q.c` so where the alias is its
/// `SELECT`'s own and `c` where it is an outer query's (ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree: `WITH 1 AS x SELECT a.x FROM t a` is `a.x`, `WITH 1 AS x SELECT * FROM (SELECT a.x
/// FROM t a)` is `x`), which is not followed here: not run.
pub(super) fn with_alias_qualified(toks: &[Tok]) -> bool {
    let mut names: Vec<&str> = Vec::new();
    for (p, t) in toks.iter().enumerate() {
        if upper(t) != "WITH" {
            continue;
        }
        let mut depth = 0i64;
        let mut start = p + 1;
        for k in p + 1..toks.len() {
            let Some(t) = toks.get(k) else { break };
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                break;
            }
            let select = upper(t) == "SELECT";
            if depth == 0 && (*t == Tok::Sym(",") || select) {
                if let [.., Tok::Word(a), Tok::Word(name)] = toks.get(start..k).unwrap_or_default()
                {
                    if a.eq_ignore_ascii_case("AS") {
                        names.push(name.as_str());
                    }
                }
                if select {
                    break;
                }
                start = k + 1;
            }
        }
    }
    !names.is_empty()
        && toks.iter().any(|t| {
            matches!(t, Tok::Word(w) if w.rsplit_once('.').is_some_and(|(_, c)| names.contains(&c)))
        })
}
