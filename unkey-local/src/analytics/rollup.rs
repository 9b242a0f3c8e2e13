//! `WITH ROLLUP|CUBE` and `GROUPING SETS`, as a `UNION ALL` of groupings.

use super::emit::constant_key;
use super::*;

/// `GROUP BY … WITH ROLLUP|CUBE` (see [`Tr::rollup_select`]).
pub(super) struct Rollup {
    /// Where `GROUP` is.
    pub(super) group: usize,
    /// The keys' tokens.
    pub(super) keys: Vec<(usize, usize)>,
    /// Where the clause ends.
    pub(super) end: usize,
    pub(super) cube: bool,
    /// `GROUPING SETS`: each set's keys (indexes into `keys`).
    pub(super) sets: Option<Vec<Vec<usize>>>,
    /// `GROUPING SETS`: each set's keys (as `keys`' indexes, whether each is in it) and the
    /// keys ClickHouse aggregates it by (see `Tr::effective_sets`).
    pub(super) effective: Vec<EffectiveSet>,
}

/// A set of `GROUPING SETS`: which of the keys are its own, and the keys ClickHouse
/// aggregates it by (`Tr::effective_sets`).
pub(super) type EffectiveSet = (Vec<bool>, Vec<Span>);

/// Whether a key is a call of its set's other keys (`Tr::call_of_keys`).
enum Elim {
    /// It is not.
    No,
    /// It may be, as far as read: whether a key of the set was met in it.
    Yes(bool),
    /// Not settled here.
    Unsure,
}

/// A key of `WITH ROLLUP|CUBE` or `GROUPING SETS` as an expression of a group is matched
/// with it (see `Tr::rolled_up_key`).
pub(super) struct GroupKey {
    /// Its tokens with the select-list aliases they use written out, in each form matched
    /// (see `Tr::expanded_tokens`).
    pub(super) forms: Vec<Vec<Tok>>,
    /// Its type's default where the group leaves it out, `None` where it keeps it.
    pub(super) default: Option<String>,
}

/// What an `ORDER BY` item after `WITH ROLLUP|CUBE` or `GROUPING SETS` sorts by.
pub(super) enum RollupOrder {
    /// An answered column, by position `n` (from 1), from the end where the flag is set
    /// (see [`Tr::position`]).
    Position(usize, bool),
    /// An expression (its tokens): an answered column's name, or any other.
    Expr(usize, usize),
}

/// Which of `len` answered columns (from 0) the position `n` (from the end where `from_end`)
/// names, if one.
pub(super) fn answered_at(n: usize, from_end: bool, len: usize) -> Option<usize> {
    match from_end {
        false => n.checked_sub(1).filter(|p| *p < len),
        true => len.checked_sub(n).filter(|_| n > 0),
    }
}

impl<'t> Tr<'t> {
    /// The `HAVING c` at `having` of the `SELECT` whose `FROM` is at `f`, where nothing
    /// aggregates (no `GROUP BY`, or `GROUP BY GROUPING SETS (())` at `before`; else `before`
    /// is `having`): the tokens to write instead, from its `WHERE w` (or `before`) to the end
    /// of the `HAVING`, as `WHERE (w) AND (c)` (or `WHERE (c)`), the form of [`Tr::rewrite`].
    /// ClickHouse then adds no aggregation and applies `HAVING` as a filter of the rows, as
    /// `WHERE` does (its test 02497_having_without_actual_aggregation_bug), with the same
    /// actions: an `arrayJoin` in `c` repeats the rows there as in a `WHERE`, and one the
    /// `WHERE` or the select list also calls is joined once (PlannerActionsVisitor.cpp,
    /// visitFunction reads an expression an earlier step computed as its input). Its planner
    /// adds the `HAVING` filter before the windows, so `WINDOW` and `QUALIFY` may follow.
    /// `None` (not run) where another clause follows.
    pub(super) fn having_as_where(
        &self,
        f: usize,
        before: usize,
        having: usize,
        to: usize,
    ) -> Option<(usize, usize, Vec<Tok>)> {
        let end = self.having_end(having).min(to);
        let follows = self.word(end);
        let clause = matches!(follows.as_str(), "ORDER" | "LIMIT" | "WINDOW" | "QUALIFY");
        if (end < to && !clause) || end <= having + 1 {
            return None;
        }
        let cond = self.toks.get(having + 1..end)?;
        let filter = self.top_level_find(f, before, |k| self.word(k) == "WHERE");
        let mut by = vec![Tok::Word("WHERE".into())];
        let start = match filter {
            Some(w) => {
                by.push(Tok::Sym("("));
                by.extend_from_slice(self.toks.get(w + 1..before)?);
                by.extend([Tok::Sym(")"), Tok::Word("AND".into())]);
                w
            }
            None => before,
        };
        by.push(Tok::Sym("("));
        by.extend_from_slice(cond);
        by.push(Tok::Sym(")"));
        Some((start, end - start, by))
    }

    /// The `HAVING c` at `having` after `GROUP BY GROUPING SETS ((), (), …)` (at `before`) of
    /// more than one set and no aggregate function, in the `SELECT` whose `FROM` is at `f`:
    /// the tokens to write instead, from its `WHERE w` (or `before`) to the end of the
    /// `HAVING`, as `WHERE (w) AND (1 OR (c))` (or `WHERE 1 OR (c)`), which reads `c` as the
    /// query's analysis does (its names, calls and constants) but keeps every row. ClickHouse's
    /// planner applies no `HAVING` there: the `GROUP BY` stays, so it does not move the
    /// `HAVING` to the `WHERE` (Planner.cpp, `need_aggregate` is true of a `GROUP BY`), and
    /// adds its filter step only with an aggregation (`if
    /// (expression_analysis_result.hasAggregation())` … `addFilterStep(…, "HAVING", …)`),
    /// which analyzeAggregation (PlannerExpressionAnalysis.cpp) makes of no keys and no
    /// aggregates none; the `HAVING`'s actions are analysed, never run. `None` (not run) where
    /// `c` calls `arrayJoin`, a window or a subquery (which that analysis may run or refuse
    /// otherwise), or a clause other than `ORDER BY` or `LIMIT` follows.
    pub(super) fn having_unapplied(
        &self,
        f: usize,
        before: usize,
        having: usize,
        to: usize,
    ) -> Option<(usize, usize, Vec<Tok>)> {
        let end = self.having_end(having).min(to);
        let follows = self.word(end);
        if end < to && !matches!(follows.as_str(), "ORDER" | "LIMIT") {
            return None;
        }
        let read = (having + 1..end)
            .any(|k| matches!(self.word(k).as_str(), "SELECT" | "ARRAYJOIN" | "OVER"));
        if read {
            return None;
        }
        let (start, len, mut by) = self.having_as_where(f, before, having, to)?;
        // (`WHERE … (c)`: the condition's parentheses, now `(1 OR (c))`.)
        let open = by.len().checked_sub(end - having + 1)?;
        if by.get(open) != Some(&Tok::Sym("(")) {
            return None;
        }
        by.splice(
            open + 1..open + 1,
            [Tok::Num("1".into()), Tok::Word("OR".into()), Tok::Sym("(")],
        );
        by.push(Tok::Sym(")"));
        Some((start, len, by))
    }

    /// `GROUP BY k, … WITH ROLLUP|CUBE` of the `SELECT` whose `FROM` is at `f`: where `GROUP`
    /// is, the keys' token ranges, where the clause ends, and whether it is a cube.
    pub(super) fn find_rollup(&self, f: usize, to: usize) -> Option<Rollup> {
        let group = self.group_by_at(f, to)?;
        // `GROUPING SETS ((a, b), (a), ())`: the keys of all sets, and each set's.
        if self.word(group + 2) == "GROUPING" && self.word(group + 3) == "SETS" {
            let open = group + 4;
            if self.toks.get(open) != Some(&Tok::Sym("(")) {
                return None;
            }
            let close = closing(self.toks, open)?;
            let mut keys: Vec<(usize, usize)> = Vec::new();
            let mut sets = Vec::new();
            for (a, b) in self.arguments(open) {
                // A set: `(k, …)`, `()` or one key.
                let members = if self.toks.get(a) == Some(&Tok::Sym("("))
                    && closing(self.toks, a).is_some_and(|c| c + 1 == b)
                {
                    if b == a + 2 {
                        Vec::new()
                    } else {
                        self.arguments(a)
                    }
                } else {
                    vec![(a, b)]
                };
                let mut set = Vec::new();
                for (ma, mb) in members {
                    let at = match keys
                        .iter()
                        .position(|(ka, kb)| self.toks.get(*ka..*kb) == self.toks.get(ma..mb))
                    {
                        Some(at) => at,
                        None => {
                            keys.push((ma, mb));
                            keys.len() - 1
                        }
                    };
                    set.push(at);
                }
                sets.push(set);
            }
            if self.toks.get(open + 1) == Some(&Tok::Sym(")")) {
                sets.clear();
            }
            return Some(Rollup {
                group,
                keys,
                end: close + 1,
                cube: false,
                sets: Some(sets),
                effective: Vec::new(),
            });
        }
        let mut depth = 0i64;
        let mut keys = Vec::new();
        let mut start = group + 2;
        for k in group + 2..to {
            match self.toks.get(k) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                Some(Tok::Sym(",")) if depth == 0 => {
                    keys.push((start, k));
                    start = k + 1;
                }
                Some(Tok::Word(w)) if depth == 0 && w.eq_ignore_ascii_case("WITH") => {
                    let cube = match self.word(k + 1).as_str() {
                        "ROLLUP" => false,
                        "CUBE" => true,
                        _ => return None,
                    };
                    keys.push((start, k));
                    return Some(Rollup {
                        group,
                        keys,
                        end: k + 2,
                        cube,
                        sets: None,
                        effective: Vec::new(),
                    });
                }
                Some(Tok::Word(w))
                    if depth == 0
                        && matches!(
                            w.to_ascii_uppercase().as_str(),
                            "HAVING" | "ORDER" | "LIMIT"
                        ) =>
                {
                    return None
                }
                _ => {}
            }
        }
        None
    }

    /// A `SELECT [DISTINCT] … GROUP BY k1, …, kn WITH ROLLUP|CUBE [HAVING …] [ORDER BY …]
    /// [LIMIT …]`: the groups of every prefix of the keys (of every subset, for `CUBE`), all
    /// keys first, none last, a key a group leaves out answered as its type's default (as
    /// ClickHouse does); `DISTINCT`, `ORDER BY` (answered columns by name or position, other
    /// expressions computed in each group), `LIMIT` and window functions apply to them all.
    pub(super) fn rollup_select(
        &mut self,
        from: usize,
        to: usize,
        from_at: Option<usize>,
        array_join: ArrayJoins,
        mut rollup: Rollup,
    ) -> Result<String, ApiError> {
        let Some(f) = from_at else {
            return Err(query_error("Invalid SQL syntax: a form read otherwise"));
        };
        // `GROUPING SETS (…)` then `WITH ROLLUP|CUBE|TOTALS` and `WITH TOTALS`, as 25.6's
        // ParserSelectQuery reads them after any `GROUP BY` list: its analyzer refuses
        // `ROLLUP`/`CUBE` beside the sets, and `WITH TOTALS` beside more or fewer than one set,
        // first of all (QueryAnalyzer::resolveQuery: NOT_IMPLEMENTED, "GROUPING SETS are not
        // supported together with ROLLUP and CUBE", "WITH TOTALS and GROUPING SETS are not
        // supported together" where `getGroupBy().getNodes().size() != 1`;
        // 02304_grouping_sets_with_rollup_cube.sql, 01883_with_grouping_sets.sql), which
        // upstream words "Invalid analytics query".
        // `WITH ROLLUP|CUBE`, `WITH TOTALS` and a `HAVING` together: the analyzer's
        // NOT_IMPLEMENTED ("… not supported together in presence of HAVING"), checked before
        // anything else of the query is resolved (an unknown name in it, or constant keys,
        // change nothing; ClickHouse 25.5.2 and 25.8.2 (chDB) agree), which upstream words
        // "Invalid analytics query". (`WITH TOTALS` and `HAVING` with one grouping set are
        // answered: see below.)
        if rollup.sets.is_none() {
            let totals = self
                .top_level_find(rollup.end, to, |k| {
                    self.word(k) == "WITH" && self.word(k + 1) == "TOTALS"
                })
                .is_some();
            let having = self
                .top_level_find(rollup.end, to, |k| self.word(k) == "HAVING")
                .is_some();
            if totals && having {
                return Err(query_error("Invalid analytics query"));
            }
        }
        // (Another modifier there is its parser's syntax error, answered as before.)
        // (`GROUPING SETS ()`, no set, is its parser's syntax error, answered as before.)
        if let Some(sets) = rollup.sets.as_ref().filter(|sets| !sets.is_empty()) {
            let with = |at: usize| (self.word(at) == "WITH").then(|| self.word(at + 1));
            let (first, second) = (with(rollup.end), with(rollup.end + 2));
            let (rollup_or_cube, totals) = match (first.as_deref(), second.as_deref()) {
                (Some("ROLLUP" | "CUBE"), None) => (true, false),
                (Some("ROLLUP" | "CUBE"), Some("TOTALS")) => (true, true),
                (Some("TOTALS"), None) => (false, true),
                _ => (false, false),
            };
            if rollup_or_cube || (totals && sets.len() != 1) {
                return Err(query_error("Invalid analytics query"));
            }
        }
        // A key that is a position (`n`, `-n`) is the select list item it names, as in
        // ClickHouse (see [`Tr::limit_by_items`]); beside `*` which column is not known here.
        let list = (from + 1, f);
        for key in rollup.keys.iter_mut() {
            let (a, b) = self.unparenthesized(key.0, key.1);
            if self.position(a, b).is_none() {
                continue;
            }
            let items = self.select_items(from, f);
            if items
                .iter()
                .any(|(s, e)| self.toks.get(e.wrapping_sub(1)) == Some(&Tok::Sym("*")) && e > s)
            {
                return Err(unsupported(
                    "a positional key of WITH ROLLUP|CUBE or GROUPING SETS beside *",
                ));
            }
            if let Some(item) = self.limit_by_items(list, a, b)?.first() {
                *key = *item;
            }
        }
        self.drop_constant_keys(&mut rollup)?;
        // A key of `WITH ROLLUP|CUBE` equal to an earlier one (through select-list aliases)
        // is dropped, as ClickHouse's analyzer drops it: `GROUP BY a, outcome WITH ROLLUP`
        // with `a` `outcome` rolls up `a` alone (ClickHouse 25.5.2 and 25.8.2 (chDB) agree).
        if rollup.sets.is_none() {
            let mut seen: Vec<Vec<Vec<Tok>>> = Vec::new();
            let keys = std::mem::take(&mut rollup.keys);
            for (a, b) in keys {
                let forms = self.key_forms(a, b);
                if !seen.contains(&forms) {
                    seen.push(forms);
                    rollup.keys.push((a, b));
                }
            }
        }
        // (A tuple key of more sets than one: see `Tr::tuple_key`.)
        if rollup.sets.as_ref().is_some_and(|sets| sets.len() > 1)
            && rollup.keys.iter().any(|&(a, b)| self.tuple_key(a, b, 0))
        {
            return Err(unsupported(
                "a tuple key of GROUPING SETS of more than one set",
            ));
        }
        // The keys ClickHouse aggregates each set by (see `Tr::effective_sets`).
        rollup.effective = self.effective_sets(&rollup)?;
        let mut st = Sel::new(from_at, to, array_join);
        // The sources and the WHERE, once.
        let mut sources = Vec::new();
        self.emit(f, rollup.group, &mut st, &mut sources)?;
        self.close_where(&mut st, &mut sources);
        let sources = sources.join(" ");
        let mut keys = Vec::new();
        for (a, b) in &rollup.keys {
            let sql = self.expression_with(*a, *b, st.array_join.clone())?;
            keys.push(constant_key(&sql).unwrap_or(sql));
        }
        // The clauses after it: HAVING (per group), ORDER BY and LIMIT (over all).
        // (Its condition's tokens, translated in each group.)
        let mut having = None;
        let mut having_keys = Vec::new();
        let mut order = Vec::new();
        let mut limit = format!("LIMIT {}", self.rows_max);
        // `LIMIT n [OFFSET m] BY …`: its counts and its items' tokens.
        let mut limit_by: Option<(i64, i64, Vec<Span>)> = None;
        let mut k = rollup.end;
        while k < to {
            match self.word(k).as_str() {
                // (Its totals row does not reach upstream's answer, as in `Tr::emit`.)
                "WITH" if k == rollup.end && self.word(k + 1) == "TOTALS" => k += 2,
                "HAVING" => {
                    let end = (k + 1..to)
                        .find(|j| matches!(self.word(*j).as_str(), "ORDER" | "LIMIT"))
                        .unwrap_or(to);
                    self.expression_with(k + 1, end, st.array_join.clone())?;
                    having = Some((k + 1, end));
                    having_keys = self.having_array_keys(k, &st.array_join);
                    k = end;
                }
                "ORDER" if self.word(k + 1) == "BY" => {
                    let end = (k + 2..to)
                        .find(|j| matches!(self.word(*j).as_str(), "LIMIT" | "INTERPOLATE"))
                        .unwrap_or(to);
                    self.unordered_arrays(k + 2, end, st.list)?;
                    let mut depth = 0i64;
                    let mut start = k + 2;
                    let mut j = k + 2;
                    while j <= end {
                        match self.toks.get(j) {
                            Some(Tok::Sym("(" | "[")) if j < end => depth += 1,
                            Some(Tok::Sym(")" | "]")) if j < end => depth -= 1,
                            Some(Tok::Sym(",")) if j < end && depth == 0 => {
                                order.push(self.rollup_order_item(start, j)?);
                                start = j + 1;
                            }
                            // (Its rows are filled as any `SELECT`'s, see `Tr::fill_stage`.)
                            Some(Tok::Word(w))
                                if j < end
                                    && depth == 0
                                    && w.eq_ignore_ascii_case("WITH")
                                    && self.word(j + 1) == "FILL" =>
                            {
                                order.push(self.rollup_order_item(start, j)?);
                                j = self.with_fill(j, end, k + 2)?;
                                start = j + 1;
                            }
                            _ if j == end && start < end => {
                                order.push(self.rollup_order_item(start, j)?)
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    k = end;
                }
                "INTERPOLATE" => k = self.interpolate(k, to)?,
                "LIMIT" if limit_by.is_none() && self.limit_by_at(k).is_some() => {
                    if let Some((n, m, at)) = self.limit_by_at(k) {
                        let end = (at..to).find(|j| self.word(*j) == "LIMIT").unwrap_or(to);
                        let items = self.limit_by_items((from + 1, f), at, end)?;
                        limit_by = Some((n.max(0), m.max(0), items));
                        k = end;
                    }
                }
                "LIMIT" | "OFFSET" if self.fill.is_some() => {
                    // With `WITH FILL`, they apply to the filled rows.
                    let n = match self.toks.get(k + 1) {
                        Some(Tok::Num(n)) => n.parse::<i64>().unwrap_or(self.rows_max).max(0),
                        _ => return Err(query_error("Invalid SQL syntax: a form read otherwise")),
                    };
                    let is_limit = self.word(k) == "LIMIT";
                    if let Some(fill) = self.fill.as_mut() {
                        if is_limit {
                            fill.limit = Some(n.min(self.rows_max));
                        } else {
                            fill.offset = n;
                        }
                    }
                    limit = String::new();
                    k += 2;
                }
                "LIMIT" => {
                    let count = |j: usize| match self.toks.get(j) {
                        Some(Tok::Num(n)) => n.parse::<i64>().ok(),
                        _ => None,
                    };
                    let n = count(k + 1)
                        .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
                    limit = format!("LIMIT {}", n.clamp(0, self.rows_max));
                    k += 2;
                    if self.word(k) == "OFFSET" {
                        let m = count(k + 1).ok_or_else(|| {
                            query_error("Invalid SQL syntax: a form read otherwise")
                        })?;
                        limit.push_str(&format!(" OFFSET {}", m.max(0)));
                        k += 2;
                    }
                }
                // (A modifier out of its place: ClickHouse 25.6's syntax error, see
                // [`Tr::find_rollup`].)
                _ => return Err(clickhouse_parse_error()),
            }
        }
        // With `WITH FILL`, every group is filled (and its `LIMIT` applies after).
        if self.fill.is_some() {
            limit.clear();
        } else {
            // (Without it, the items ClickHouse drops, see `Tr::redundant_order_items`.)
            let redundant = self.redundant_order_items(&order, from, f);
            order = order
                .into_iter()
                .zip(redundant)
                .filter(|(_, r)| !r)
                .map(|(item, _)| item)
                .collect();
        }
        // A late `HAVING` ([`Tr::late_having`]) repeats each group's rows (see [`repeated`]).
        let late = match self.late_having(&st) {
            Some(at) if self.word(at.saturating_sub(1)) == "TOTALS" => {
                return Err(query_error("Invalid analytics query"))
            }
            Some(at) => {
                having_keys.clear();
                having = None;
                self.late_count(at, &st)?;
                Some(at)
            }
            None => None,
        };
        // ClickHouse computes windows over the rows of all groupings (after `HAVING`): each
        // group answers what the select list and `ORDER BY` read of it, as hidden columns (see
        // [`Tr::lift_windows`]), which a `SELECT` over their `UNION ALL` reads.
        let windowed = self.windowed(f);
        if windowed && self.fill.is_some() {
            return Err(unsupported(
                "WITH FILL beside a window function and WITH ROLLUP|CUBE or GROUPING SETS",
            ));
        }
        let mut spans = Vec::new();
        if windowed {
            self.lift_spans(from + 1, f, &st, &mut spans)?;
            for (item, _) in &order {
                if let RollupOrder::Expr(a, e) = item {
                    self.lift_spans(*a, *e, &st, &mut spans)?;
                }
            }
            for (a, e) in limit_by.iter().flat_map(|(_, _, items)| items) {
                self.lift_spans(*a, *e, &st, &mut spans)?;
            }
        }
        // The select list: each item, and which key it is (its expression, or its alias).
        let list = (from + 1, f);
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let types = self.item_types(list.0, list.1, &scope);
        let mut items = Vec::new();
        let distinct = self.word(list.0) == "DISTINCT";
        let start = list.0 + usize::from(distinct);
        let mut depth = 0i64;
        let mut at = start;
        for j in start..=list.1 {
            let end = match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) if j < list.1 => {
                    depth += 1;
                    None
                }
                Some(Tok::Sym(")" | "]")) if j < list.1 => {
                    depth -= 1;
                    None
                }
                Some(Tok::Sym(",")) if j < list.1 && depth == 0 => Some(j),
                _ if j == list.1 => Some(j),
                _ => None,
            };
            if let Some(end) = end {
                items.push((at, end));
                at = end + 1;
            }
        }
        let mut rendered = Vec::new();
        for (n, (a, b)) in items.iter().copied().enumerate() {
            let (expr_end, alias) = match (
                self.word(b.saturating_sub(2)).as_str(),
                self.toks.get(b.saturating_sub(1)),
            ) {
                ("AS", Some(Tok::Word(name))) if b >= a + 3 => (b - 2, Some(name.clone())),
                _ => (b, None),
            };
            if let Some(only) = self.star_item(a, b) {
                // (ClickHouse refuses it where a column is no key, NOT_AN_AGGREGATE; else it
                // runs, which is not written here: see [`Tr::star_refusal`].)
                return Err(self
                    .star_refusal(only, &st)
                    .unwrap_or_else(|| unsupported("* beside ROLLUP, CUBE or GROUPING SETS")));
            }
            let key = rollup.keys.iter().position(|(ka, kb)| {
                self.toks.get(*ka..*kb) == self.toks.get(a..expr_end)
                    || (kb == &(ka + 1)
                        && matches!((self.toks.get(*ka), &alias), (Some(Tok::Word(w)), Some(al)) if w == al))
            });
            let sql = self.expression_with(a, expr_end, st.array_join.clone())?;
            let default = types
                .get(n)
                .and_then(|(_, t)| t.default_sql())
                .unwrap_or("NULL");
            rendered.push((sql, key, default, (a, expr_end)));
        }
        // The groups: all keys, then fewer (every subset for a cube).
        let n = keys.len();
        let mut groups: Vec<Vec<bool>> = Vec::new();
        if let Some(sets) = &rollup.sets {
            for set in sets {
                groups.push((0..n).map(|i| set.contains(&i)).collect());
            }
        } else if rollup.cube {
            for mask in (0..(1u32 << n.min(12))).rev() {
                groups.push((0..n).map(|i| mask & (1 << (n - 1 - i)) != 0).collect());
            }
        } else {
            for kept in (0..=n).rev() {
                groups.push((0..n).map(|i| i < kept).collect());
            }
        }
        // The answered columns' names (with `DISTINCT`, a column SQLite names gets its name
        // from its SQL, as SQLite would give it, so that it can be named).
        let names: Vec<String> = types
            .iter()
            .zip(&rendered)
            .map(|((name, _), (sql, ..))| match name.is_empty() && distinct {
                true => sql.clone(),
                false => name.clone(),
            })
            .collect();
        let quote = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
        // `ORDER BY`: answered columns by name, or expressions as columns of the translation's
        // own (`__ul_oN`), computed in each group.
        let mut by_sql = Vec::new();
        let mut hidden = Vec::new();
        for (item, how) in order.iter().filter(|_| !windowed) {
            let column = match *item {
                RollupOrder::Position(n, end) => {
                    match answered_at(n, end, names.len()).and_then(|p| names.get(p)) {
                        Some(name) => Some(name.clone()),
                        None => return Err(query_error("Invalid analytics query")),
                    }
                }
                RollupOrder::Expr(a, e) => match self.toks.get(a..e) {
                    Some([Tok::Word(w)]) if names.contains(w) => Some(w.clone()),
                    _ => {
                        hidden.push((a, e));
                        None
                    }
                },
            };
            let target =
                column.map_or_else(|| format!("\"__ul_o{}\"", hidden.len()), |c| quote(&c));
            by_sql.push(format!("{target} {how}"));
        }
        // `WITH FILL` by such an expression fills by its column.
        if let Some(mut fill) = self.fill.take() {
            let keys = fill
                .prefix
                .iter_mut()
                .chain(fill.cols.iter_mut().map(|(k, _)| k));
            for key in keys {
                let FillKey::Expr(ka, ke) = *key else {
                    continue;
                };
                if let Some(h) = hidden.iter().position(|(a, e)| (*a, *e) == (ka, ke)) {
                    let ty = self.expr_ty(ka, ke, &scope);
                    *key = FillKey::Hidden(format!("__ul_o{}", h + 1), ty);
                }
            }
            self.fill = Some(fill);
        }
        // A grouping of no keys is one row (of the keys' defaults) where the others have rows:
        // ClickHouse's RollupTransform and CubeTransform merge the aggregated rows with the
        // keys they leave out reset, also where nothing aggregates (grouped here by a constant,
        // so that SQLite makes one row of them and none of no rows). Its `GROUPING SETS` answer
        // none for `()` where no aggregate function is called (its issue 61461, open in
        // ClickHouse 25.6: an aggregator of no keys and no aggregates keeps no row); where every
        // set is `()` it does not aggregate at all: the query is validated as aggregating (a
        // column is no key), then written without the clause (see [`Tr::rewrite`]).
        let keyless = |group: &Vec<bool>| !group.contains(&true);
        let aggregating =
            self.calls_aggregate(list.0, list.1) || self.calls_aggregate(rollup.end, to);
        if rollup.sets.is_some() && !aggregating {
            if groups.iter().all(keyless) {
                self.check_aggregates(from, f, to)?;
                // (`WITH TOTALS` adds nothing where nothing aggregates: the planner adds its
                // TotalsHaving step only with an aggregation, Planner.cpp, whose totals row
                // does not reach upstream's answer anyway. Of one set, the analyzer's
                // GroupingFunctionsResolvePass then makes its keys, none, the `GROUP BY`
                // (resolveGroupingFunctions: "if there are only 1 grouping set it will be
                // removed"), so the planner, which aggregates nothing, adds the `HAVING` to the
                // `WHERE` (Planner.cpp: `need_aggregate` false), with `WITH TOTALS` too.)
                let totals =
                    self.word(rollup.end) == "WITH" && self.word(rollup.end + 1) == "TOTALS";
                let end = rollup.end + if totals { 2 } else { 0 };
                let next = self.word(end);
                let clause = matches!(next.as_str(), "ORDER" | "LIMIT" | "WINDOW" | "QUALIFY");
                let rewrite = if end >= to || clause {
                    Some((rollup.group, end - rollup.group, Vec::new()))
                } else if next == "HAVING" && groups.len() == 1 {
                    self.having_as_where(f, rollup.group, end, to)
                } else if next == "HAVING" {
                    self.having_unapplied(f, rollup.group, end, to)
                } else {
                    None
                };
                let Some(rewrite) = rewrite else {
                    return Err(unsupported(
                        "GROUPING SETS of only () without an aggregate function followed by other than ORDER BY, LIMIT, WINDOW or QUALIFY, or by a HAVING of more than one () that calls arrayJoin, a window or a subquery or is followed by other than ORDER BY or LIMIT",
                    ));
                };
                self.rewrite.set(Some(rewrite));
                return Err(unsupported("GROUPING SETS of only ()"));
            }
            groups.retain(|group| !keyless(group));
        }
        let constant = "''".to_string();
        let mut arms = Vec::new();
        let mut lifted = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let mut list = Vec::new();
            for (n, (s, e)) in spans.iter().enumerate() {
                let sql = self.rollup_expression(*s, *e, &rollup, group, &st.array_join)?;
                list.push(format!("{sql} AS \"__ul_a{n}\""));
                if g == 0 {
                    lifted.push((*s, (*e, format!("\"__ul_a{n}\""))));
                }
            }
            // (A column where the windows read nothing of the groups: `count() OVER ()`.)
            if windowed {
                list.push("1 AS \"__ul_n\"".into());
            }
            for (n, (sql, key, default, (a, e))) in
                rendered.iter().enumerate().filter(|_| !windowed)
            {
                let value = match key {
                    // (Of `GROUPING SETS`, the keys a set is aggregated by are not its own, see
                    // `Tr::effective_sets`.)
                    _ if rollup.sets.is_some() => {
                        self.rollup_expression(*a, *e, &rollup, group, &st.array_join)?
                    }
                    Some(k) if !group.get(*k).copied().unwrap_or(true) => default.to_string(),
                    // An expression of keys the group leaves out reads their defaults.
                    None if group.contains(&false) => {
                        self.rollup_expression(*a, *e, &rollup, group, &st.array_join)?
                    }
                    _ => sql.clone(),
                };
                // The first group names the columns.
                list.push(
                    match names.get(n).filter(|name| g == 0 && !name.is_empty()) {
                        Some(name) => format!("{value} AS {}", quote(name)),
                        None => value,
                    },
                );
            }
            for (h, (a, e)) in hidden.iter().enumerate() {
                let sql = self.rollup_expression(*a, *e, &rollup, group, &st.array_join)?;
                list.push(format!("{sql} AS \"__ul_o{}\"", h + 1));
            }
            if let Some((_, _, items)) = limit_by.as_ref().filter(|_| !windowed) {
                let mut sql = Vec::new();
                for (a, e) in items {
                    sql.push(self.rollup_expression(*a, *e, &rollup, group, &st.array_join)?);
                }
                list.push(format!("json_array({}) AS \"__ul_lp\"", sql.join(", ")));
            }
            // (A late `HAVING`'s count, of the group's keys.)
            if let Some(at) = late {
                let count = self.in_group(&rollup, group, |tr| tr.late_count(at, &st))?;
                list.push(format!("{count} AS \"__ul_k\""));
            }
            let mut by: Vec<&String> = keys
                .iter()
                .zip(group)
                .filter(|(_, kept)| **kept)
                .map(|(k, _)| k)
                .chain(&having_keys)
                .collect();
            if by.is_empty() && rollup.sets.is_none() {
                by.push(&constant);
            }
            let mut arm = format!("SELECT {} {sources}", list.join(", "));
            if !by.is_empty() {
                arm.push_str(&format!(
                    " GROUP BY {}",
                    by.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            if let Some((ha, he)) = having {
                let h = self.rollup_expression(ha, he, &rollup, group, &st.array_join)?;
                arm.push_str(&format!(" HAVING {h}"));
            } else if late.is_some() {
                arm.push_str(" HAVING \"__ul_k\" > 0");
            }
            if late.is_some() {
                arm = format!("SELECT \"__ul_g\".* {}", repeated_from(&arm));
            }
            arms.push(format!("SELECT * FROM ({arm})"));
        }
        let all = arms.join(" UNION ALL ");
        // `LIMIT … BY` over the rows made in their order (`rows`): as a `SELECT`'s (see
        // [`numbered_by_group`]), after `DISTINCT`, the windows and `ORDER BY`.
        let limited = |rows: String, limit: &str| {
            match limit_by.as_ref().map(|(n, m, _)| (*n, *m)) {
            Some((n, m)) => format!(
                "SELECT * FROM ({}) WHERE \"__ul_lb\" > {m} AND \"__ul_lb\" <= {} ORDER BY \"__ul_lo\" {limit}",
                numbered_by_group(&format!("{rows} LIMIT -1")),
                m.saturating_add(n)
            ),
            None => format!("{rows} {limit}"),
        }
        };
        if windowed {
            // The select list and `ORDER BY` over the groups' rows, reading those columns.
            self.lifted.extend(lifted);
            let mut head = Vec::new();
            let mut outer = Sel::new(from_at, to, st.array_join.clone());
            self.emit(from, f, &mut outer, &mut head)?;
            for (item, how) in &order {
                by_sql.push(match *item {
                    RollupOrder::Position(n, end) => match answered_at(n, end, names.len()) {
                        Some(p) => format!("{} {how}", p + 1),
                        None => return Err(query_error("Invalid analytics query")),
                    },
                    RollupOrder::Expr(a, e) => format!("{} {how}", self.expression(a, e)?),
                });
            }
            let order = match by_sql.is_empty() {
                true => String::new(),
                false => format!("ORDER BY {}", by_sql.join(", ")),
            };
            if let Some((_, _, items)) = &limit_by {
                let mut sql = Vec::new();
                for (a, e) in items {
                    sql.push(self.expression(*a, *e)?);
                }
                head.push(format!(", json_array({}) AS \"__ul_lp\"", sql.join(", ")));
            }
            return Ok(limited(
                format!("{} FROM ({all}) {order}", head.join(" ")),
                &limit,
            ));
        }
        let order = if by_sql.is_empty() {
            String::new()
        } else {
            format!("ORDER BY {}", by_sql.join(", "))
        };
        if !distinct {
            return Ok(limited(format!("SELECT * FROM ({all}) {order}"), &limit));
        }
        // `DISTINCT` (after `HAVING`, before `ORDER BY`): the first row of each answer.
        let partition: Vec<String> = names.iter().map(|n| quote(n)).collect();
        Ok(limited(
            format!(
                "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY {}) AS \"__ul_d\" FROM ({all})) WHERE \"__ul_d\" = 1 {order}",
                partition.join(", ")
            ),
            &limit,
        ))
    }

    /// Which items of the `ORDER BY` `order` (of the `SELECT` at `select` whose `FROM` is at
    /// `f`) ClickHouse's analyzer drops before it sorts (its pass of
    /// optimize_redundant_functions_in_order_by, not run beside `WITH FILL`): a call whose
    /// arguments are, all the way down, calls of columns that earlier items sort by as
    /// columns, without a constant, an aggregate or a window. It changes nothing where every
    /// row's call is the call of its columns, but the rows `WITH ROLLUP|CUBE` or `GROUPING
    /// SETS` add break that (`toString(x)`, a key, is `''` beside `x` = 0), so `ORDER BY k0,
    /// k1, v` with `k0` the column `x` and `k1` `toString(x)` sorts by `k0, v` only
    /// (ClickHouse 25.5.2 and 25.8.2 (chDB) agree). Read through select-list aliases and
    /// positions.
    fn redundant_order_items(
        &self,
        order: &[(RollupOrder, String)],
        select: usize,
        f: usize,
    ) -> Vec<bool> {
        let items = self.select_items(select, f);
        let mut columns: Vec<String> = Vec::new();
        let mut redundant = Vec::new();
        for (item, _) in order {
            let span = match *item {
                RollupOrder::Position(n, end) => answered_at(n, end, items.len())
                    .and_then(|p| items.get(p))
                    .copied(),
                RollupOrder::Expr(a, e) => Some((a, e)),
            };
            let toks = span
                .map(|(a, e)| self.unparenthesized(a, e))
                .and_then(|(a, e)| self.expanded_tokens(a, e))
                .unwrap_or_default();
            match toks.as_slice() {
                [Tok::Word(w)] => {
                    if !matches!(
                        w.to_ascii_uppercase().as_str(),
                        "TRUE" | "FALSE" | "NULL" | "NAN" | "INF"
                    ) {
                        columns.push(w.rsplit('.').next().unwrap_or(w).to_string());
                    }
                    redundant.push(false);
                }
                _ => redundant.push(calls_of_columns(&toks, &columns)),
            }
        }
        redundant
    }

    /// An `ORDER BY` item `[a, e)` after `WITH ROLLUP|CUBE` or `GROUPING SETS`: what it sorts
    /// by, and its direction and `NULLS` as SQLite SQL (`NULLS LAST` unless it says otherwise,
    /// as ClickHouse).
    pub(super) fn rollup_order_item(
        &self,
        a: usize,
        mut e: usize,
    ) -> Result<(RollupOrder, String), ApiError> {
        let mut how = Vec::new();
        let mut nulls = "NULLS LAST".to_string();
        loop {
            match self.word(e.saturating_sub(1)).as_str() {
                w @ ("ASC" | "DESC") => how.insert(0, w.to_string()),
                "FIRST" | "LAST" if self.word(e.saturating_sub(2)) == "NULLS" => {
                    nulls = format!("NULLS {}", self.word(e - 1));
                    e -= 1;
                }
                _ => break,
            }
            e -= 1;
        }
        if e <= a {
            return Err(query_error("Invalid SQL syntax: a form read otherwise"));
        }
        how.push(nulls);
        // An integer literal, in parentheses or not, `-n` from the end (as [`Tr::key_from_end`]).
        let (u, v) = self.unparenthesized(a, e);
        let item = match (self.position(u, v), self.toks.get(u..v)) {
            (Some((n, from_end)), _) => RollupOrder::Position(n, from_end),
            (None, Some([Tok::Num(_)])) => return Err(query_error("Invalid analytics query")),
            _ => RollupOrder::Expr(a, e),
        };
        Ok((item, how.join(" ")))
    }

    /// An expression `[a, e)` of a `SELECT` with `WITH ROLLUP|CUBE` or `GROUPING SETS` (an item,
    /// an `ORDER BY` or `LIMIT … BY` one, or its `HAVING`), computed in the group that keeps
    /// the keys `group`: a key the group leaves out is its type's default there outside
    /// aggregates (which read the rows), as in ClickHouse (see `Tr::rolled_up_key`).
    pub(super) fn rollup_expression(
        &mut self,
        a: usize,
        e: usize,
        rollup: &Rollup,
        group: &[bool],
        array_join: &ArrayJoins,
    ) -> Result<String, ApiError> {
        let keys = self.group_keys(rollup, group);
        let saved = std::mem::replace(&mut self.rollup_defaults, keys);
        let sql = self.expression_with(a, e, array_join.clone());
        self.rollup_defaults = saved;
        sql
    }

    /// `f` run while the expressions translated are those of the group that keeps the keys
    /// `group` (see `Tr::rollup_expression`).
    fn in_group<T>(
        &mut self,
        rollup: &Rollup,
        group: &[bool],
        f: impl FnOnce(&mut Self) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let keys = self.group_keys(rollup, group);
        let saved = std::mem::replace(&mut self.rollup_defaults, keys);
        let done = f(self);
        self.rollup_defaults = saved;
        done
    }

    /// Every key of `rollup` as `Tr::rolled_up_key` matches it, with its default where
    /// `group` leaves it out.
    fn group_keys(&self, rollup: &Rollup, group: &[bool]) -> Vec<GroupKey> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let default_of = |(a, b): Span| {
            self.expr_ty(a, b, &scope)
                .default_sql()
                .unwrap_or("NULL")
                .to_string()
        };
        let mut keys: Vec<GroupKey> = Vec::new();
        if !rollup.effective.is_empty() {
            // `GROUPING SETS`: the keys of every set as ClickHouse aggregates it, each kept
            // where the group's set is aggregated by it.
            let own = rollup
                .effective
                .iter()
                .find(|(members, _)| members.as_slice() == group)
                .map(|(_, spans)| spans.iter().map(|&(a, b)| self.key_forms(a, b)).collect())
                .unwrap_or_else(Vec::new);
            for &span in rollup.effective.iter().flat_map(|(_, spans)| spans) {
                let forms = self.key_forms(span.0, span.1);
                if keys.iter().any(|key| key.forms == forms) {
                    continue;
                }
                let default = (!own.contains(&forms)).then(|| default_of(span));
                keys.push(GroupKey { forms, default });
            }
            return keys;
        }
        for (k, key) in rollup.keys.iter().enumerate() {
            let default = (!group.get(k).copied().unwrap_or(true)).then(|| default_of(*key));
            let forms = self.key_forms(key.0, key.1);
            // (A key met again, through an alias, is one key, kept where either is.)
            match keys.iter_mut().find(|key| key.forms == forms) {
                Some(same) if default.is_none() => same.default = None,
                Some(_) => {}
                None => keys.push(GroupKey { forms, default }),
            }
        }
        keys
    }

    /// The forms `Tr::rolled_up_key` matches the key `[a, b)` in: its tokens with the
    /// select-list aliases they use written out, with and without parentheses around it all.
    fn key_forms(&self, a: usize, b: usize) -> Vec<Vec<Tok>> {
        let mut forms: Vec<Vec<Tok>> = Vec::new();
        let (ua, ub) = self.unparenthesized(a, b);
        for (a, b) in [(a, b), (ua, ub)] {
            let Some(form) = self.expanded_tokens(a, b) else {
                continue;
            };
            // (A key that is an alias of more than an operand: its expression written out
            // too, without the parentheses it is expanded in.)
            let inner = match (form.first(), form.last()) {
                (Some(Tok::Sym("(")), Some(Tok::Sym(")")))
                    if closing(&form, 0).is_some_and(|c| c + 1 == form.len()) =>
                {
                    form.get(1..form.len() - 1).map(<[Tok]>::to_vec)
                }
                _ => None,
            };
            for f in std::iter::once(form).chain(inner) {
                if !f.is_empty() && !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
        forms
    }

    /// The keys ClickHouse's analyzer aggregates each of `rollup`'s `GROUPING SETS` by (its
    /// passes of optimize_group_by_function_keys, then of
    /// optimize_injective_functions_in_group_by, both run per set and not beside `WITH
    /// ROLLUP|CUBE`): a key that is a call of other keys of its set (and constants) is
    /// dropped from it, then each left loses its injective calls (`Tr::injective_core`).
    /// The keys of all sets are then the aggregation's; in the rows of a set, each it is not
    /// aggregated by is its default, even one of its own keys that another set keeps
    /// (`GROUPING SETS ((k0, k1), (k0))` with `k0` `upper(k1)` answers `k0` `''` in the rows
    /// of the first set), and an expression of them is computed from them (`k0` is `upper` of
    /// `k1`'s value in the rows of `((k0, k1), ())`). ClickHouse 25.5.2 and 25.8.2 (chDB)
    /// agree. A key whose calls are not read here is not run.
    fn effective_sets(&self, rollup: &Rollup) -> Result<Vec<EffectiveSet>, ApiError> {
        let Some(sets) = rollup.sets.as_ref() else {
            return Ok(Vec::new());
        };
        let mut effective = Vec::new();
        for set in sets {
            let members: Vec<bool> = (0..rollup.keys.len()).map(|k| set.contains(&k)).collect();
            let forms: Vec<Vec<Vec<Tok>>> = set
                .iter()
                .filter_map(|k| rollup.keys.get(*k))
                .map(|&(a, b)| self.key_forms(a, b))
                .collect();
            let mut spans = Vec::new();
            for &(a, b) in set.iter().filter_map(|k| rollup.keys.get(*k)) {
                match self.key_of_keys(a, b, &forms) {
                    Some(true) => {}
                    Some(false) => spans.push(self.injective_core(a, b, 0)),
                    None => {
                        return Err(unsupported(
                            "a key of GROUPING SETS that may be a call of its set's other keys in a form not read here",
                        ))
                    }
                }
            }
            effective.push((members, spans));
        }
        Ok(effective)
    }

    /// Whether the key `[a, b)` is a call of the keys `set` (their forms) and constants,
    /// which ClickHouse drops from the set (`Tr::effective_sets`); `None` where not
    /// settled here.
    fn key_of_keys(&self, a: usize, b: usize, set: &[Vec<Vec<Tok>>]) -> Option<bool> {
        let own = self.key_forms(a, b);
        // (A key of the set inside this one but not as an operand of it may be read as one
        // by ClickHouse where the operators split here do not find it.)
        let written = self.expanded_tokens(a, b)?;
        // (A column no other key of the set names is read as a column ClickHouse does not
        // find among them, so the key stays.)
        let names = |toks: &[Tok]| -> Vec<String> {
            toks.iter()
                .enumerate()
                .filter_map(|(k, t)| match t {
                    // (Not a type after `::`, nor a unit after `INTERVAL n`.)
                    Tok::Word(w)
                        if !(toks.get(k + 1) == Some(&Tok::Sym("("))
                            || KEYWORDS.contains(&w.to_ascii_uppercase().as_str())
                            || (k > 0 && toks.get(k - 1) == Some(&Tok::Sym("::")))
                            || (k > 1
                                && toks.get(k - 2).is_some_and(|p| upper(p) == "INTERVAL"))) =>
                    {
                        Some(w.clone())
                    }
                    _ => None,
                })
                .collect()
        };
        let others: Vec<String> = set
            .iter()
            .filter(|forms| **forms != own)
            .flat_map(|forms| forms.iter().flat_map(|f| names(f)))
            .collect();
        if names(&written).iter().any(|w| !others.contains(w)) {
            return Some(false);
        }
        for forms in set.iter().filter(|forms| **forms != own) {
            for form in forms.iter().filter(|f| f.len() > 1) {
                let inside = written.windows(form.len()).enumerate().any(|(at, w)| {
                    w == form.as_slice()
                        && !(at > 0
                            && written.get(at - 1) == Some(&Tok::Sym("("))
                            && written.get(at + form.len()) == Some(&Tok::Sym(")")))
                });
                if inside && !self.one_operand_tokens(form) && written != *form {
                    return None;
                }
            }
        }
        match self.call_of_keys(a, b, set, 0, true) {
            Elim::Yes(found) => Some(found),
            Elim::No => Some(false),
            Elim::Unsure => None,
        }
    }

    /// Whether the tokens `form` are one operand (see `Tr::one_operand`).
    fn one_operand_tokens(&self, form: &[Tok]) -> bool {
        match form.first() {
            _ if form.len() == 1 => true,
            Some(Tok::Word(_)) if form.get(1) == Some(&Tok::Sym("(")) => {
                closing(form, 1).is_some_and(|c| c + 1 == form.len())
            }
            Some(Tok::Sym("(" | "[")) => closing(form, 0).is_some_and(|c| c + 1 == form.len()),
            _ => false,
        }
    }

    /// `Tr::key_of_keys` of `[a, b)`, the key itself where `top` (which is not matched
    /// with the set's keys) or an operand of it.
    fn call_of_keys(
        &self,
        a: usize,
        b: usize,
        set: &[Vec<Vec<Tok>>],
        depth: usize,
        top: bool,
    ) -> Elim {
        let (u, v) = self.unparenthesized(a, b);
        if depth > 32 || v <= u {
            return Elim::Unsure;
        }
        if !top {
            if let Some(written) = self.expanded_tokens(u, v) {
                if set.iter().any(|forms| forms.contains(&written)) {
                    return Elim::Yes(true);
                }
            }
        }
        // A constant is read as one only below a call.
        let constant = if top { Elim::No } else { Elim::Yes(false) };
        if v == u + 1 {
            return match self.toks.get(u) {
                Some(Tok::Num(_) | Tok::Str(_)) => constant,
                Some(Tok::Word(w))
                    if matches!(w.to_ascii_uppercase().as_str(), "TRUE" | "FALSE" | "NULL") =>
                {
                    constant
                }
                Some(Tok::Word(_)) => match self.alias_used_at(u) {
                    Some((s, e)) => self.call_of_keys(s, e, set, depth + 1, top),
                    None => Elim::No,
                },
                _ => Elim::Unsure,
            };
        }
        let operands = |items: Vec<Span>| -> Elim {
            let mut out = Elim::Yes(false);
            for (s, e) in items {
                match self.call_of_keys(s, e, set, depth + 1, false) {
                    Elim::No => return Elim::No,
                    Elim::Unsure => out = Elim::Unsure,
                    Elim::Yes(found) => {
                        if let Elim::Yes(any) = out {
                            out = Elim::Yes(any || found);
                        }
                    }
                }
            }
            out
        };
        let whole = |open: usize| closing(self.toks, open).is_some_and(|c| c + 1 == v);
        match self.toks.get(u) {
            Some(Tok::Word(w)) if self.toks.get(u + 1) == Some(&Tok::Sym("(")) && whole(u + 1) => {
                let up = w.to_ascii_uppercase();
                let args = self.arguments(u + 1);
                if is_aggregate_name(&up) || up == "ARRAYJOIN" {
                    return Elim::Unsure;
                }
                if args.is_empty() || matches!(up.as_str(), "NOW" | "NOW64" | "TODAY") {
                    return Elim::No;
                }
                // (A `CAST` written as a call: its type is a constant.)
                if self.spelled.contains_key(&u) {
                    return operands(args.into_iter().take(1).collect());
                }
                if (u + 2..v).any(|k| {
                    self.toks.get(k) == Some(&Tok::Sym("-"))
                        && self.toks.get(k + 1) == Some(&Tok::Sym(">"))
                }) {
                    return Elim::Unsure;
                }
                operands(args)
            }
            Some(Tok::Sym("[")) if whole(u) => match self.list_items(u + 1, v - 1) {
                items if items.is_empty() => Elim::No,
                items => operands(items),
            },
            _ => {
                // A tuple (its parentheses gone), or operators between operands.
                let items = self.list_items(u, v);
                if items.len() > 1 {
                    return operands(items);
                }
                let mut chunks = Vec::new();
                let mut depth_here = 0i64;
                let mut start = u;
                let mut k = u;
                while k < v {
                    let t = self.toks.get(k);
                    let op = match t {
                        Some(Tok::Sym("(" | "[")) => {
                            depth_here += 1;
                            false
                        }
                        Some(Tok::Sym(")" | "]")) => {
                            depth_here -= 1;
                            false
                        }
                        _ if depth_here != 0 => false,
                        Some(Tok::Sym(
                            "=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=" | "+" | "-" | "*"
                            | "/" | "%" | "||" | "?" | ":",
                        )) => true,
                        Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                            "AND" | "OR" | "NOT" | "IS" | "LIKE" | "ILIKE" | "IN" | "BETWEEN"
                            | "DIV" | "MOD" => true,
                            "CASE" | "WHEN" | "THEN" | "ELSE" | "END" | "INTERVAL" | "OVER"
                            | "GLOBAL" | "COLLATE" => return Elim::Unsure,
                            _ => false,
                        },
                        _ => false,
                    };
                    if op {
                        if k > start {
                            chunks.push((start, k));
                        }
                        start = k + 1;
                    } else if depth_here == 0 && t == Some(&Tok::Sym("::")) {
                        // (`x::T`: the type is a constant.)
                        if k > start {
                            chunks.push((start, k));
                        }
                        k += 2;
                        start = k;
                        continue;
                    }
                    k += 1;
                }
                if start < v {
                    chunks.push((start, v));
                }
                if chunks.len() < 2 && !(chunks.len() == 1 && chunks.first() != Some(&(u, v))) {
                    return Elim::Unsure;
                }
                operands(chunks)
            }
        }
    }

    /// The key `[a, b)` of `GROUPING SETS` without the injective calls around it, which
    /// ClickHouse's analyzer takes out of each set's keys (its pass of
    /// optimize_injective_functions_in_group_by, not run beside `WITH ROLLUP|CUBE`) and
    /// computes after aggregating, from their arguments: `toString(x)` (a time zone beside
    /// it too), `concat(x)` and `-x` are the key `x`, so in the rows of a set that leaves
    /// the key out `toString(x)` is `toString` of `x`'s default (`'0'`), and in those of a
    /// set that keeps `x` its value. `CAST(x AS String)`, arithmetic with a constant,
    /// `NOT`, `[x]` and the other conversions stay keys (ClickHouse 25.5.2 and 25.8.2
    /// (chDB) agree). Through select-list aliases and parentheses.
    pub(super) fn injective_core(&self, a: usize, b: usize, depth: usize) -> (usize, usize) {
        let (u, v) = self.unparenthesized(a, b);
        if depth > 16 || v <= u {
            return (a, b);
        }
        if v == u + 1 {
            return match self.alias_used_at(u) {
                Some((s, e)) => {
                    let (cs, ce) = self.injective_core(s, e, depth + 1);
                    if (cs, ce) == self.unparenthesized(s, e) {
                        (a, b)
                    } else {
                        (cs, ce)
                    }
                }
                None => (a, b),
            };
        }
        // `-x` of one operand.
        if self.toks.get(u) == Some(&Tok::Sym("-")) && self.one_operand(u + 1, v) {
            return self.injective_core(u + 1, v, depth + 1);
        }
        let call = matches!(self.toks.get(u), Some(Tok::Word(_)))
            && self.toks.get(u + 1) == Some(&Tok::Sym("("))
            && closing(self.toks, u + 1).is_some_and(|c| c + 1 == v);
        if !call {
            return (a, b);
        }
        // (A `CAST` written as a call is ClickHouse's `_CAST`, which is none.)
        if self.spelled.contains_key(&u) {
            return (a, b);
        }
        let args = self.arguments(u + 1);
        let injective = match (self.word(u).as_str(), args.as_slice()) {
            ("TOSTRING", [_]) | ("CONCAT", [_]) => true,
            ("TOSTRING", [_, (z, ze)]) => {
                ze == &(z + 1) && matches!(self.toks.get(*z), Some(Tok::Str(_)))
            }
            _ => false,
        };
        match args.first() {
            Some((x, xe)) if injective => self.injective_core(*x, *xe, depth + 1),
            _ => (a, b),
        }
    }

    /// Whether `[a, b)` is one operand: a name or literal, a call, or a parenthesized or
    /// bracketed whole.
    fn one_operand(&self, a: usize, b: usize) -> bool {
        match self.toks.get(a) {
            _ if b == a + 1 => true,
            Some(Tok::Word(_)) if self.toks.get(a + 1) == Some(&Tok::Sym("(")) => {
                closing(self.toks, a + 1).is_some_and(|c| c + 1 == b)
            }
            Some(Tok::Sym("(" | "[")) => closing(self.toks, a).is_some_and(|c| c + 1 == b),
            _ => false,
        }
    }

    /// Whether a key of `GROUPING SETS` of more than one set is a tuple (`(a, b)`,
    /// `tuple(a, b)`), through aliases and injective calls: ClickHouse's analyzer makes each
    /// of its elements a key (see `Tr::injective_core`), which is not written here.
    fn tuple_key(&self, a: usize, b: usize, depth: usize) -> bool {
        let (mut x, mut y) = self.injective_core(a, b, 0);
        // (Parentheses around a list are a tuple's.)
        while self.toks.get(x) == Some(&Tok::Sym("("))
            && closing(self.toks, x).is_some_and(|c| c + 1 == y)
        {
            if self.list_items(x + 1, y - 1).len() > 1 {
                return true;
            }
            (x, y) = (x + 1, y - 1);
        }
        if y == x + 1 && depth < 16 {
            return match self.alias_used_at(x) {
                Some((s, e)) => self.tuple_key(s, e, depth + 1),
                None => false,
            };
        }
        matches!(self.toks.get(x), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("tuple"))
            && self.toks.get(x + 1) == Some(&Tok::Sym("("))
            && closing(self.toks, x + 1) == Some(y.saturating_sub(1))
    }

    /// The select-list alias the word at `k` uses, if one (as the translation reads it: not
    /// after `AS`, not a call's name, not from inside its own expression): its expression.
    fn alias_used_at(&self, k: usize) -> Option<(usize, usize)> {
        let Some(Tok::Word(w)) = self.toks.get(k) else {
            return None;
        };
        let after_as = k.checked_sub(1).is_some_and(|p| self.word(p) == "AS");
        let call = self.toks.get(k + 1) == Some(&Tok::Sym("("));
        if after_as
            || call
            || w.contains('.')
            || KEYWORDS.contains(&w.to_ascii_uppercase().as_str())
            || self.array_aliases.contains_key(&w.to_ascii_lowercase())
        {
            return None;
        }
        self.select_aliases
            .last()?
            .iter()
            .find(|(name, s, e)| name == w && !(*s..*e).contains(&k))
            .map(|(_, s, e)| (*s, *e))
    }

    /// The tokens of `[a, b)` with each select-list alias they use written out (in
    /// parentheses unless it is one operand: a name, a literal, a call, a bracketed whole), as
    /// ClickHouse compares an expression with the `GROUP BY` keys; `None` past 16 aliases deep
    /// or 2,000 tokens.
    fn expanded_tokens(&self, a: usize, b: usize) -> Option<Vec<Tok>> {
        let mut out = Vec::new();
        self.expand_into(a, b, 0, &mut out, usize::MAX)?;
        Some(out)
    }

    /// `Tr::expanded_tokens` of `[a, b)` appended to `out`, stopping (with `Some`) once
    /// `out` holds more than `stop` tokens.
    fn expand_into(
        &self,
        a: usize,
        b: usize,
        depth: usize,
        out: &mut Vec<Tok>,
        stop: usize,
    ) -> Option<()> {
        for k in a..b {
            if out.len() > 2000 || depth > 16 {
                return None;
            }
            if out.len() > stop {
                return Some(());
            }
            match self.alias_used_at(k) {
                Some((s, e)) => {
                    let operand = e == s + 1
                        || (matches!(self.toks.get(s), Some(Tok::Word(_)))
                            && self.toks.get(s + 1) == Some(&Tok::Sym("("))
                            && closing(self.toks, s + 1).is_some_and(|c| c + 1 == e))
                        || (matches!(self.toks.get(s), Some(Tok::Sym("(" | "[")))
                            && closing(self.toks, s).is_some_and(|c| c + 1 == e));
                    if !operand {
                        out.push(Tok::Sym("("));
                    }
                    self.expand_into(s, e, depth + 1, out, stop)?;
                    if !operand {
                        out.push(Tok::Sym(")"));
                    }
                }
                None => out.push(self.toks.get(k)?.clone()),
            }
        }
        Some(())
    }

    /// The number of tokens from `j` whose expansion (`Tr::expanded_tokens`) is `form`.
    fn expands_to(&self, j: usize, form: &[Tok]) -> Option<usize> {
        let mut out = Vec::new();
        let mut k = j;
        while out.len() < form.len() {
            self.toks.get(k)?;
            self.expand_into(k, k + 1, 0, &mut out, form.len())?;
            k += 1;
            if !form.starts_with(&out) {
                return None;
            }
        }
        Some(k - j)
    }

    /// The key of `Tr::rollup_defaults` that starts at `j`, the longest where several do,
    /// and its length in tokens.
    fn group_key_at(&self, j: usize) -> Option<(usize, &GroupKey)> {
        let mut best: Option<(usize, &GroupKey)> = None;
        for key in &self.rollup_defaults {
            for form in &key.forms {
                if let Some(len) = self.expands_to(j, form) {
                    if best.is_none_or(|(l, _)| len > l) {
                        best = Some((len, key));
                    }
                }
            }
        }
        best
    }

    /// Whether the token at `p` is inside a key the group keeps, which starts before it (or
    /// at it, where `at_too`): ClickHouse reads such a key as its column, which holds its
    /// value whatever other keys the group leaves out (`toString(x)`, a key, is `'0'` where
    /// the key `x` is rolled up).
    fn inside_kept_key(&self, p: usize, at_too: bool) -> bool {
        let longest = self
            .rollup_defaults
            .iter()
            .flat_map(|key| key.forms.iter().map(Vec::len))
            .max()
            .unwrap_or(0);
        (p.saturating_sub(longest)..p + usize::from(at_too)).any(|j| {
            matches!(self.group_key_at(j), Some((len, key)) if key.default.is_none() && j + len > p)
        })
    }

    /// Where a key its group leaves out starts at `i` outside aggregates, while
    /// `Tr::rollup_expression` translates: its length in tokens and its default. An
    /// expression is matched with the keys as ClickHouse's analyzer matches it, whole first:
    /// through select-list aliases (`toString(a)` is the key `toString(x)` where `a` is `x`),
    /// and not inside a key the group keeps, nor inside an aggregate, also where an alias
    /// used there is written out (`sum(a)` of a key `a` sums the rows).
    pub(super) fn rolled_up_key(&self, i: usize) -> Option<(usize, String)> {
        if self.rollup_defaults.is_empty() || self.inside_aggregate(i) {
            return None;
        }
        let site_read = self
            .alias_sites
            .iter()
            .any(|(_, _, site)| self.inside_aggregate(*site) || self.inside_kept_key(*site, true));
        if site_read || self.inside_kept_key(i, false) {
            return None;
        }
        let (len, key) = self.group_key_at(i)?;
        key.default.clone().map(|default| (len, default))
    }

    /// ClickHouse drops the constant keys of `ROLLUP`, `CUBE` and `GROUPING SETS` (a literal,
    /// a select-list alias of one, a call of constants: `2 AS two … GROUP BY two WITH
    /// ROLLUP` is one group, its `two` 2 in every row, not its default in a rolled-up one;
    /// each grouping set loses them and stays, `GROUPING SETS ((two, k), (two), ())` grouping
    /// by `k`, `()` and `()`; ClickHouse 25.5.2 and 25.8.2 (chDB) agree): they are left out of
    /// `rollup`'s keys, so they are read as the constants they are. Where every key is one,
    /// `WITH ROLLUP|CUBE` is read as the `GROUP BY` without it; `GROUPING SETS` are not run.
    fn drop_constant_keys(&self, rollup: &mut Rollup) -> Result<(), ApiError> {
        let constant: Vec<bool> = rollup
            .keys
            .iter()
            .map(|&(a, b)| self.constant_key_tokens(a, b, 0))
            .collect();
        if !constant.contains(&true) {
            return Ok(());
        }
        // (Of `ROLLUP`/`CUBE`, no key is left to roll up: the `GROUP BY` of its constants as
        // it is without the modifier, read again so.)
        if constant.iter().all(|c| *c) {
            if rollup.sets.is_none() && rollup.end >= 2 {
                self.rewrite.set(Some((rollup.end - 2, 2, Vec::new())));
            }
            return Err(unsupported("GROUPING SETS whose keys are all constants"));
        }
        let mut index = Vec::new();
        let mut keys = Vec::new();
        for (key, constant) in rollup.keys.iter().zip(&constant) {
            index.push((!constant).then_some(keys.len()));
            if !constant {
                keys.push(*key);
            }
        }
        rollup.keys = keys;
        if let Some(sets) = rollup.sets.as_mut() {
            for set in sets.iter_mut() {
                *set = set
                    .iter()
                    .filter_map(|k| index.get(*k).copied().flatten())
                    .collect();
            }
        }
        Ok(())
    }

    /// Whether the key `[a, b)` is a constant to ClickHouse ([`Tr::drop_constant_keys`]): a
    /// literal, a constant expression, or a select-list alias of one.
    fn constant_key_tokens(&self, a: usize, b: usize, depth: usize) -> bool {
        let (a, b) = self.unparenthesized(a, b);
        match self.toks.get(a..b) {
            Some([Tok::Num(_) | Tok::Str(_)]) => true,
            Some([Tok::Sym("-"), Tok::Num(_)]) => true,
            Some([Tok::Word(w)]) if matches!(w.to_ascii_uppercase().as_str(), "TRUE" | "FALSE") => {
                true
            }
            Some([Tok::Word(w)]) => match self.select_alias(w, a) {
                Some((_, s, e)) if depth < 8 => self.constant_key_tokens(s, e, depth + 1),
                _ => false,
            },
            _ => self.constant_expression(a, b),
        }
    }
}

/// Whether the expression `toks` (aliases written out, `Tr::expanded_tokens`) is calls and
/// operators of `columns` only, with one at least (see `Tr::redundant_order_items`): no
/// literal, no aggregate, window, lambda, `CASE` or `arrayJoin`, no call without arguments,
/// no other name.
fn calls_of_columns(toks: &[Tok], columns: &[String]) -> bool {
    let mut column = false;
    for (k, t) in toks.iter().enumerate() {
        let next = toks.get(k + 1);
        let prev = k.checked_sub(1).and_then(|p| toks.get(p)).map(upper);
        match t {
            Tok::Word(w) if next == Some(&Tok::Sym("(")) => {
                let up = w.to_ascii_uppercase();
                if is_aggregate_name(&up)
                    || matches!(up.as_str(), "ARRAYJOIN" | "NOW" | "NOW64" | "TODAY")
                    || toks.get(k + 2) == Some(&Tok::Sym(")"))
                {
                    return false;
                }
            }
            Tok::Word(w) => match w.to_ascii_uppercase().as_str() {
                "AND" | "OR" | "NOT" | "IS" | "LIKE" | "ILIKE" | "IN" | "BETWEEN" | "DIV"
                | "MOD" => {}
                "NULL" if matches!(prev.as_deref(), Some("IS" | "NOT")) => {}
                _ if KEYWORDS.contains(&w.to_ascii_uppercase().as_str()) => return false,
                _ => {
                    if !columns
                        .iter()
                        .any(|c| c == w.rsplit('.').next().unwrap_or(w))
                    {
                        return false;
                    }
                    column = true;
                }
            },
            // (A lambda's `->`.)
            Tok::Sym("-") if next == Some(&Tok::Sym(">")) => return false,
            Tok::Sym(_) => {}
            _ => return false,
        }
    }
    column
}
