//! An `arrayJoin` in `HAVING`: applied to the aggregated rows, as ClickHouse applies it.

use super::aggregates::Entry;
use super::*;

/// The rows of the aggregating `SELECT` `inner` (whose hidden `__ul_k` tells how many times
/// each row stands, see [`Tr::late_having`]) repeated, in its order (its `LIMIT -1` keeps
/// SQLite from dropping its `ORDER BY`): its answered columns `cols`, the hidden ones `keep`,
/// and each copy's number, `__ul_c`.
pub(super) fn repeated(inner: &str, cols: &[(String, Ty)], keep: &[&str]) -> String {
    format!(
        "SELECT {}, \"__ul_c\".\"key\" AS \"__ul_c\" {}",
        kept_columns("\"__ul_g\".", cols, keep),
        repeated_from(inner)
    )
}

/// [`answered_columns`], then the translation's own columns `keep` (each read from `source`).
pub(super) fn kept_columns(source: &str, cols: &[(String, Ty)], keep: &[&str]) -> String {
    let mut names = answered_columns(source, cols);
    for k in keep {
        names.push_str(&format!(", {source}\"{k}\""));
    }
    names
}

/// The `FROM` of [`repeated`]: each row of `inner` (as `__ul_g`) once per copy (`__ul_c`).
pub(super) fn repeated_from(inner: &str) -> String {
    format!(
        "FROM ({inner} LIMIT -1) AS \"__ul_g\", json_each('[' || substr(replace(hex(zeroblob(\"__ul_g\".\"__ul_k\")), '00', ',0'), 2) || ']') AS \"__ul_c\""
    )
}

/// The answered columns `cols` of a `SELECT`, as a select list (each read from `source`):
/// so that the translation's own columns stay out of a set operation's arms.
pub(super) fn answered_columns(source: &str, cols: &[(String, Ty)]) -> String {
    let names: Vec<String> = cols
        .iter()
        .map(|(n, _)| format!("{source}\"{}\"", n.replace('"', "\"\"")))
        .collect();
    names.join(", ")
}

impl<'t> Tr<'t> {
    /// The `HAVING` (where it is) of the aggregating `SELECT` of `st` when its `arrayJoin`
    /// calls all in that `HAVING` multiply the aggregated rows after aggregating (see
    /// [`Tr::late_count`]): without `GROUP BY` (its one aggregated row stands even when no row
    /// passes the `WHERE`), or over an array that reads an aggregate and is not one of
    /// [`Tr::late_array_len`] (its length is known only after aggregating). Others are
    /// grouped by their indexes before aggregating ([`Tr::group_having_arrays`]).
    pub(super) fn late_having(&self, st: &Sel) -> Option<usize> {
        let (having, grouped) = self.top_having(st)?;
        let keys = self.having_array_keys(having, &st.array_join);
        if keys.is_empty() {
            return None;
        }
        let unknown_length = st.array_join.arrays.iter().any(|a| {
            keys.contains(&format!("\"{}\".\"key\"", a.name))
                && self.late_array_len(a, &st.array_join).is_none()
                && self.reads_aggregate(a.at + 2, a.close, &mut Vec::new())
        });
        // (Grouped by the arrays' indexes, the repeated rows are rows when a window function
        // reads them; repeated later, it reads them as [`Tr::lift_windows`] writes it.)
        let late = unknown_length || (!grouped && self.aggregates(having, st));
        late.then_some(having)
    }

    /// The `HAVING` of the `SELECT` of `st` (outside parentheses), and whether a `GROUP BY`
    /// comes before it.
    fn top_having(&self, st: &Sel) -> Option<(usize, bool)> {
        let from_at = st.from_at?;
        let having = self.top_level_find(from_at, st.to, |k| self.word(k) == "HAVING")?;
        Some((having, self.group_by_at(from_at, having).is_some()))
    }

    /// Where the `GROUP` of a `GROUP BY` in `[from, to)` outside parentheses is (a `SELECT`'s
    /// own, from its `FROM`).
    pub(super) fn group_by_at(&self, from: usize, to: usize) -> Option<usize> {
        self.top_level_find(from, to, |k| {
            self.word(k) == "GROUP" && self.word(k + 1) == "BY"
        })
    }

    /// Whether the `SELECT` of `st` aggregates only because its `HAVING` or its `ORDER BY`
    /// calls an aggregate function (no `GROUP BY`, none in its select list): ClickHouse's
    /// analyzer collects the aggregates of the whole query (`collectAggregateFunctionNodes`
    /// of the query node), so it then answers its one aggregated row (or none, by `HAVING`),
    /// while SQLite aggregates only over a select list that calls one, so the translation
    /// adds a hidden `count()` there (see [`Tr::select_body`]).
    pub(super) fn aggregates_outside_list(&self, st: &Sel) -> bool {
        let Some(from_at) = st.from_at else {
            return false;
        };
        if self.group_by_at(from_at, st.to).is_some() || self.calls_aggregate(st.list.0, from_at) {
            return false;
        }
        let having = self
            .top_having(st)
            .is_some_and(|(h, _)| self.calls_aggregate(h, self.having_end(h).min(st.to)));
        having || st.order_by.is_some_and(|(a, b)| self.calls_aggregate(a, b))
    }

    /// For a window function beside the late `HAVING` at `having` ([`Tr::late_having`]) of the
    /// `SELECT` whose select list is `[list, from_at)`: ClickHouse computes windows after
    /// `HAVING`, over the rows its `arrayJoin` repeats (its planner adds the `HAVING` filter,
    /// then the window steps, then `ORDER BY`). So the aggregated rows (the `SELECT` up to
    /// `split`, where the `HAVING` ends: `inner_tail` translated) answer what the select list
    /// and the clauses after the `HAVING` read of them ([`Tr::lift_spans`]) as hidden columns
    /// `__ul_aN`, which those then read ([`Tr::lifted`]) over the repeated rows, whose `FROM`
    /// this returns.
    pub(super) fn lift_windows(
        &mut self,
        (list, from_at): (usize, usize),
        (having, split): (usize, usize),
        st: &Sel,
        inner_tail: &[String],
    ) -> Result<String, ApiError> {
        // (Its count reads the aggregated rows as they are.)
        let count = self.late_count(having, st)?;
        let mut columns = self.lift_columns((list, from_at), split, st)?;
        columns.push(format!("{count} AS \"__ul_k\""));
        Ok(repeated_from(&format!(
            "SELECT {} {}",
            columns.join(", "),
            inner_tail.join(" ")
        )))
    }

    /// The columns of the aggregated rows of a `SELECT` (select list `[list, from_at)`, its
    /// clauses after the aggregation from `split`) that the select list and those clauses read
    /// over rows made of them ([`Tr::lift_spans`]), each as a hidden column `__ul_aN` that
    /// they then read ([`Tr::lifted`]).
    pub(super) fn lift_columns(
        &mut self,
        (list, from_at): (usize, usize),
        split: usize,
        st: &Sel,
    ) -> Result<Vec<String>, ApiError> {
        let mut spans = Vec::new();
        self.lift_spans(list, from_at, st, &mut spans)?;
        self.lift_spans(split, st.to, st, &mut spans)?;
        let mut columns = Vec::new();
        let mut table = Vec::new();
        for (s, e) in spans {
            self.generated += 1;
            let name = format!("__ul_a{}", self.generated);
            let sql = self.expression_with(s, e, st.array_join.clone())?;
            columns.push(format!("{sql} AS \"{name}\""));
            table.push((s, (e, format!("\"{name}\""))));
        }
        // (Each read as it is until all are.)
        self.lifted.extend(table);
        Ok(columns)
    }

    /// The arrays of the select list `[list, from_at)`'s `arrayJoin` calls over an aggregate
    /// (`arrayJoin(groupArray(x))`, `arrayJoin([count(), 1])`, also through an alias), which
    /// ClickHouse applies to the aggregated rows, as it does one in `HAVING` (its planner
    /// computes the select list after aggregating, and an `arrayJoin` there multiplies the
    /// rows it is computed for); their names (see [`JoinedArray`]). Those it cannot join
    /// there are refused as not run: with the calls of an array elsewhere too, an aggregate
    /// only in a subquery, or no `FROM`.
    pub(super) fn late_select_arrays(
        &self,
        (list, from_at): (usize, Option<usize>),
        to: usize,
        array_join: &ArrayJoins,
    ) -> Result<Vec<String>, ApiError> {
        let mut late = Vec::new();
        for (g, a) in array_join.arrays.iter().enumerate() {
            let mut calls = array_join.calls.iter().filter(|(_, _, c)| *c == g);
            let in_list = |k: usize| (list..from_at.unwrap_or(to)).contains(&k);
            if !calls.clone().any(|(k, _, _)| in_list(*k))
                || !self.reads_aggregate(a.at + 2, a.close, &mut Vec::new())
            {
                continue;
            }
            let subquery = (a.at + 2..a.close).any(|k| {
                self.toks.get(k) == Some(&Tok::Sym("("))
                    && matches!(self.word(k + 1).as_str(), "SELECT" | "WITH")
            });
            if from_at.is_none() || subquery || !calls.all(|(k, _, _)| in_list(*k)) {
                return Err(unsupported(
                    "an arrayJoin of the select list over an aggregate (arrayJoin(groupArray(x))) without FROM, over a subquery's aggregate or called outside the select list too",
                ));
            }
            late.push(a.name.clone());
        }
        Ok(late)
    }

    /// For the select-list `arrayJoin` calls over an aggregate of a `SELECT` ([`Tr::late_arrays`],
    /// [`Tr::late_select_arrays`]): its aggregated rows (the `SELECT` up to `split`, where its
    /// clauses after aggregating begin: `inner_tail` translated) answer what the select list
    /// and those clauses read of them ([`Tr::lift_columns`]); this returns the `FROM` that joins
    /// each row to the elements of those arrays computed of it (several arrays, their
    /// product), over which the select list and those clauses are written.
    pub(super) fn lift_arrays(
        &mut self,
        list: (usize, usize),
        split: usize,
        st: &Sel,
        inner_tail: &[String],
    ) -> Result<String, ApiError> {
        let columns = self.lift_columns(list, split, st)?;
        let mut from = format!(
            "FROM (SELECT {} {}) AS \"__ul_g\"",
            columns.join(", "),
            inner_tail.join(" ")
        );
        let mut arrays: Vec<JoinedArray> = st
            .array_join
            .arrays
            .iter()
            .filter(|a| self.late_arrays.contains(&a.name))
            .cloned()
            .collect();
        arrays.sort_by_key(|a| a.close);
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for a in arrays {
            // (An element's interval kind would have to travel with the lifted array.)
            if self.element_ty(a.at + 2, a.close, &scope) == Ty::Interval {
                return Err(unsupported(
                    "an arrayJoin of the select list over an aggregate (arrayJoin(groupArray(x))) of intervals",
                ));
            }
            let array = self.expression_with(a.at + 2, a.close, st.array_join.clone())?;
            from.push_str(&format!(", json_each(ch_array({array})) AS \"{}\"", a.name));
        }
        Ok(from)
    }

    /// Whether a window function of the `SELECT` of `st` (in its select list or the clauses
    /// after it, its `WINDOW` definitions too) reads a select-list `arrayJoin` over an aggregate
    /// ([`Tr::late_arrays`]): ClickHouse's planner computes in its "before window" actions only
    /// the windows' arguments, `PARTITION BY` and `ORDER BY` (PlannerExpressionAnalysis.cpp,
    /// analyzeWindow, before analyzeProjection), so the select list's `arrayJoin` joins the
    /// rows after the windows unless a window reads it, which joins them before every window.
    pub(super) fn windows_read_late_arrays(&self, st: &Sel) -> bool {
        // (A name of one is taken as read even where it would be a column, inside an
        // aggregate: that window is not run either way.)
        let names: Vec<String> = self
            .select_aliases
            .last()
            .map(|aliases| {
                aliases
                    .iter()
                    .filter(|(_, s, e)| self.reads_late_array(*s, *e, st, &mut Vec::new()))
                    .map(|(n, _, _)| n.clone())
                    .collect()
            })
            .unwrap_or_default();
        let named = |a: usize, b: usize| {
            (a..b).any(|k| matches!(self.toks.get(k), Some(Tok::Word(w)) if names.contains(w)))
        };
        self.any_outside_subqueries(st.list.0, st.to, |k| {
            let span = match self.word(k).as_str() {
                // (The call before it, and its specification or name.)
                "OVER" => self.primary_start(k).zip(match self.toks.get(k + 1) {
                    Some(Tok::Sym("(")) => closing(self.toks, k + 1).map(|c| c + 1),
                    _ => Some(k + 2),
                }),
                "WINDOW" => Some((k, st.to)),
                _ => None,
            };
            span.is_some_and(|(a, b)| {
                named(a, b) || self.reads_late_array(a, b, st, &mut Vec::new())
            })
        })
    }

    /// ClickHouse's answer to `*` (of the source `only`, or of all) in the select list of the
    /// aggregating `SELECT` of `st`: each column it stands for must be a `GROUP BY` key (its
    /// analyzer's validateAggregates: NOT_AN_AGGREGATE otherwise), so a column that no key
    /// names (through a select-list alias of it too) is its "Invalid analytics query"; `None`
    /// where every column may be a key. The keys of `ROLLUP(…)`, `CUBE(…)` and `GROUPING SETS
    /// (…)` are read inside them (validateAggregates collects the keys of every set); there,
    /// and beside `WITH ROLLUP|CUBE`, a `*` whose columns are all keys (or are not known here)
    /// is refused as not run: the groupings' rows of a `*` are not written here.
    pub(super) fn star_refusal(&self, only: Option<&str>, st: &Sel) -> Option<ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let columns = star(scope, only);
        let from_at = st.from_at?;
        let end = self.having_end(from_at).min(st.to);
        let group = self.group_by_at(from_at, end);
        let mut names = Vec::new();
        let mut groupings = false;
        if let Some(g) = group {
            let keys_end = (g + 2..end)
                .find(|k| matches!(self.word(*k).as_str(), "HAVING" | "WITH" | "WINDOW"))
                .unwrap_or(end);
            groupings = self.word(keys_end) == "WITH"
                && matches!(self.word(keys_end + 1).as_str(), "ROLLUP" | "CUBE");
            let mut pending = self.list_items(g + 2, keys_end);
            while let Some((a, b)) = pending.pop() {
                let (mut a, mut b) = self.unparenthesized(a, b);
                // A grouping's keys, each set's in turn (a set in parentheses is its keys).
                let open = match self.word(a).as_str() {
                    "ROLLUP" | "CUBE" => Some(a + 1),
                    "GROUPING" if self.word(a + 1) == "SETS" => Some(a + 2),
                    _ => None,
                };
                if let Some(open) = open.filter(|o| self.toks.get(*o) == Some(&Tok::Sym("("))) {
                    groupings = true;
                    pending.extend(self.arguments(open));
                    continue;
                }
                if groupings && b > a && self.list_items(a, b).len() > 1 {
                    pending.extend(self.list_items(a, b));
                    continue;
                }
                // A position names an item (or a column of `*`) of the select list.
                if let Some((n, from_end)) = self.position(a, b) {
                    let select = self.select_start(from_at)?;
                    let items = self.select_items(select, from_at);
                    match self.positional_entry(&items, n, from_end)? {
                        Entry::Column(name) => {
                            names.push(name);
                            continue;
                        }
                        Entry::Item(s, e) => (a, b) = (s, e),
                    }
                }
                let word = match self.toks.get(a..b) {
                    Some([Tok::Word(w)]) => match self.select_alias(w, a) {
                        Some((_, s, e)) => match self.toks.get(s..e) {
                            Some([Tok::Word(c)]) => Some(c.clone()),
                            _ => None,
                        },
                        None => Some(w.clone()),
                    },
                    _ => None,
                };
                if self.word(a) == "ALL" {
                    return None;
                }
                if let Some(w) = word {
                    names.push(w.rsplit('.').next().unwrap_or_default().to_string());
                }
            }
        }
        let unkeyed = columns
            .iter()
            .any(|(_, name, _)| !names.iter().any(|n| n.eq_ignore_ascii_case(name)));
        if !columns.is_empty() && unkeyed {
            return Some(query_error("Invalid analytics query"));
        }
        groupings.then(|| unsupported("* beside ROLLUP, CUBE or GROUPING SETS"))
    }

    /// Whether the tokens `[from, to)` call an `arrayJoin` of [`Tr::late_arrays`] of `st`,
    /// directly or through the select-list aliases they name (`seen`: those followed so far).
    pub(super) fn reads_late_array(
        &self,
        from: usize,
        to: usize,
        st: &Sel,
        seen: &mut Vec<String>,
    ) -> bool {
        (from..to).any(|k| {
            let late = st.array_join.calls.iter().any(|(c, _, g)| {
                *c == k
                    && st
                        .array_join
                        .arrays
                        .get(*g)
                        .is_some_and(|a| self.late_arrays.contains(&a.name))
            });
            if late {
                return true;
            }
            let Some(Tok::Word(w)) = self.toks.get(k) else {
                return false;
            };
            match self.select_alias(w, k) {
                Some((name, s, e)) if !seen.contains(&name) => {
                    seen.push(name);
                    self.reads_late_array(s, e, st, seen)
                }
                _ => false,
            }
        })
    }

    /// The spans of `[a, b)` (of a `SELECT` whose windows [`Tr::lift_windows`] lifts) that its
    /// aggregated rows compute: each call that is no window, has none in it and answers no
    /// interval (one is read as an interval where it stands: its arguments are lifted), and
    /// each column outside those. Windows, operators, literals, keywords, the select list's
    /// aliases (read through their expressions) and subqueries (their own `SELECT`s) stay.
    pub(super) fn lift_spans(
        &self,
        a: usize,
        b: usize,
        st: &Sel,
        spans: &mut Vec<(usize, usize)>,
    ) -> Result<(), ApiError> {
        let not_run = || {
            unsupported("a lambda, an arrayJoin over a window, an aggregate or a column of intervals, or * read over rows made after aggregating (beside a window function and an arrayJoin in HAVING, or an arrayJoin of the select list over an aggregate)")
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        // The windows' specifications met so far (their words are keywords there).
        let mut specs: Vec<(usize, usize)> = Vec::new();
        let mut k = a;
        while k < b {
            let Some(t) = self.toks.get(k) else { break };
            let next = self.toks.get(k + 1);
            match t {
                Tok::Sym("(") if matches!(self.word(k + 1).as_str(), "SELECT" | "WITH") => {
                    k = closing(self.toks, k).map_or(b, |c| c + 1);
                    continue;
                }
                Tok::Sym("-") if next == Some(&Tok::Sym(">")) => return Err(not_run()),
                Tok::Sym("*") if self.is_star_item(k, k, st) => {
                    return Err(self.star_refusal(None, st).unwrap_or_else(not_run))
                }
                Tok::Word(w) if w.ends_with('.') && next == Some(&Tok::Sym("*")) => {
                    let only = Some(w.trim_end_matches('.'));
                    return Err(self.star_refusal(only, st).unwrap_or_else(not_run));
                }
                Tok::Word(w) => {
                    let up = w.to_ascii_uppercase();
                    let after_as = k.checked_sub(1).is_some_and(|p| self.word(p) == "AS");
                    let in_spec = specs.iter().any(|(o, c)| (*o..*c).contains(&k));
                    let keyword = KEYWORDS.contains(&up.as_str())
                        || matches!(up.as_str(), "INTERVAL" | "INTERPOLATE")
                        || (in_spec && WINDOW_WORDS.contains(&up.as_str()));
                    if keyword || after_as {
                    } else if next == Some(&Tok::Sym("(")) {
                        let end = self.call_close(k).map_or(b, |c| c + 1);
                        let window_free = self.word(end) != "OVER";
                        let window = !window_free
                            || self.any_outside_subqueries(k, end, |j| self.word(j) == "OVER");
                        let interval = self.expr_ty(k, end, &scope) == Ty::Interval;
                        // (A late `arrayJoin` is applied to the rows made: what reads one,
                        // its arguments.)
                        if self.reads_late_array(k, end, st, &mut Vec::new()) {
                            k += 2;
                            continue;
                        }
                        if !window && !interval {
                            spans.push((k, end));
                            k = end;
                            continue;
                        }
                        // (A window over the aggregated rows is computed there whole, see
                        // [`Tr::lift_arrays`]; one of a named window is not run.)
                        if !window_free && self.whole_windows {
                            let Some(c) = closing(self.toks, end + 1) else {
                                return Err(not_run());
                            };
                            spans.push((k, c + 1));
                            k = c + 1;
                            continue;
                        }
                        if up == "ARRAYJOIN" || (interval && self.is_aggregate_call(k)) {
                            return Err(not_run());
                        }
                        if let Some(c) = closing(self.toks, end + 1).filter(|_| !window_free) {
                            specs.push((end + 1, c));
                        }
                        // (Its arguments, and a window's specification after them.)
                        k += 2;
                        continue;
                    } else if self.select_alias(w, k).is_none()
                        && (w.contains('.')
                            || self.resolve(w).is_some()
                            || self.array_aliases.contains_key(&w.to_ascii_lowercase()))
                    {
                        if self.expr_ty(k, k + 1, &scope) == Ty::Interval {
                            return Err(not_run());
                        }
                        spans.push((k, k + 1));
                    }
                }
                _ => {}
            }
            k += 1;
        }
        Ok(())
    }

    /// Whether the select list of the `SELECT` whose `FROM` is at `from_at` calls a window
    /// function (`… OVER`), outside its subqueries.
    pub(super) fn windowed(&self, from_at: usize) -> bool {
        let select = self.select_start(from_at).unwrap_or(from_at);
        self.any_outside_subqueries(select, from_at, |k| self.word(k) == "OVER")
    }

    /// Where the `SELECT` that the token at `from_at` (its `FROM`, or another of its clauses)
    /// belongs to starts.
    pub(super) fn select_start(&self, from_at: usize) -> Option<usize> {
        let mut depth = 0i64;
        (0..from_at).rev().find(|k| {
            match self.toks.get(*k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) => depth -= 1,
                _ => {}
            }
            depth == 0 && self.word(*k) == "SELECT"
        })
    }

    /// Whether `found` holds at a token of `[a, b)` outside the subqueries there.
    pub(super) fn any_outside_subqueries(
        &self,
        a: usize,
        b: usize,
        found: impl Fn(usize) -> bool,
    ) -> bool {
        let mut k = a;
        while k < b {
            if self.toks.get(k) == Some(&Tok::Sym("("))
                && matches!(self.word(k + 1).as_str(), "SELECT" | "WITH")
            {
                k = closing(self.toks, k).map_or(b, |c| c + 1);
                continue;
            }
            if found(k) {
                return true;
            }
            k += 1;
        }
        false
    }

    /// For the late `HAVING` at `having` ([`Tr::late_having`]): per aggregated row, how many
    /// elements of its arrays (combinations of them) the condition holds for, a subquery over
    /// the arrays computed of the group (as ClickHouse's `arrayJoin` in `HAVING`, its test
    /// 04402). Its `count()` reads a column of the source, which makes SQLite aggregate it in
    /// the group (see [`Tr::count_ref`]).
    pub(super) fn late_count(&mut self, having: usize, st: &Sel) -> Result<String, ApiError> {
        let keys = self.having_array_keys(having, &st.array_join);
        self.count_ref = self.scopes.last().and_then(|s| s.first()).and_then(|src| {
            src.cols
                .first()
                .map(|(c, _)| format!("\"{}\".\"{}\"", src.name, c))
        });
        let mut sources = Vec::new();
        let mut arrays: Vec<JoinedArray> = st.array_join.arrays.clone();
        arrays.sort_by_key(|a| a.close);
        let counted = (|| {
            for a in arrays
                .iter()
                .filter(|a| keys.contains(&format!("\"{}\".\"key\"", a.name)))
            {
                let array = self.expression_with(a.at + 2, a.close, st.array_join.clone())?;
                sources.push(format!("json_each(ch_array({array})) AS \"{}\"", a.name));
            }
            let end = self.having_end(having).min(st.to);
            let condition = self.expression_with(having + 1, end, st.array_join.clone())?;
            Ok(format!(
                "(SELECT COUNT(*) FROM {} WHERE {condition})",
                sources.join(", ")
            ))
        })();
        self.count_ref = None;
        counted
    }

    /// The number of elements of a `HAVING` array that reads an aggregate (`HAVING
    /// arrayJoin([count(), 1]) > 0`), which ClickHouse computes per aggregated row: a literal
    /// array all of whose calls are in the `HAVING`. Only its indexes are joined before
    /// aggregating (grouped by as any `HAVING` array's, see [`Tr::having_array_keys`]), and
    /// each call reads the element at its index of the array computed over the group.
    pub(super) fn late_array_len(&self, a: &JoinedArray, array_join: &ArrayJoins) -> Option<usize> {
        // (The `HAVING` of its `SELECT`: the nearest before it outside its parentheses.)
        let mut depth = 0i64;
        let having = (0..a.at).rev().find(|k| {
            match self.toks.get(*k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) => depth -= 1,
                _ => {}
            }
            depth <= 0 && matches!(self.word(*k).as_str(), "HAVING" | "SELECT")
        })?;
        if self.word(having) != "HAVING" {
            return None;
        }
        let (open, last) = (a.at + 2, a.close.checked_sub(1)?);
        let mut depth = 0i64;
        let mut items = 1;
        for k in open..=last {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Sym(",")) if depth == 1 => items += 1,
                _ => {}
            }
            if depth == 0 && k < last {
                return None;
            }
        }
        let literal = self.toks.get(open) == Some(&Tok::Sym("["))
            && self.toks.get(last) == Some(&Tok::Sym("]"));
        let empty = open + 1 == last;
        let aggregate = self.reads_aggregate(open, last, &mut Vec::new());
        let mine = self.having_array_keys(having, array_join);
        let in_having = mine.contains(&format!("\"{}\".\"key\"", a.name));
        (literal && aggregate && in_having).then_some(if empty { 0 } else { items })
    }

    /// The index columns of the arrays whose `arrayJoin` calls are all in the `HAVING` clause
    /// that starts at `having`: ClickHouse applies such an `arrayJoin` to the aggregated rows
    /// (its test 04402 keeps one in `HAVING`, where elsewhere it "would multiply the rows before
    /// aggregation"), so its array, joined before, is grouped by too: each element keeps a
    /// group of its own, aggregated as the group without it, and `HAVING` then keeps a row
    /// per element it holds for.
    pub(super) fn having_array_keys(&self, having: usize, array_join: &ArrayJoins) -> Vec<String> {
        let end = self.having_end(having);
        (0..array_join.arrays.len())
            .filter(|g| {
                array_join
                    .calls
                    .iter()
                    .filter(|(_, _, c)| c == g)
                    .all(|(k, _, _)| (having..end).contains(k))
            })
            .filter_map(|g| array_join.arrays.get(g))
            .map(|a| format!("\"{}\".\"key\"", a.name))
            .collect()
    }

    /// Where the `HAVING` clause that starts at `having` ends.
    pub(super) fn having_end(&self, having: usize) -> usize {
        let mut depth = 0i64;
        (having + 1..self.toks.len())
            .find(|k| {
                match self.toks.get(*k) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    _ => {}
                }
                depth < 0
                    || depth == 0
                        && matches!(
                            self.word(*k).as_str(),
                            "ORDER"
                                | "LIMIT"
                                | "WINDOW"
                                | "QUALIFY"
                                | "UNION"
                                | "EXCEPT"
                                | "INTERSECT"
                        )
            })
            .unwrap_or(self.toks.len())
    }

    /// Before the `HAVING` at `having` of a `SELECT` with `GROUP BY`: its `arrayJoin` arrays'
    /// indexes added to the grouping ([`Tr::having_array_keys`]). With `WITH TOTALS`, such an
    /// `arrayJoin` is ClickHouse's ILLEGAL_COLUMN (a stateless test of its: "HAVING with
    /// TOTALS is rejected before execution").
    pub(super) fn group_having_arrays(
        &self,
        having: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<(), ApiError> {
        let keys = self.having_array_keys(having, &st.array_join);
        let grouped = self
            .group_by_at(st.from_at.unwrap_or(having), having)
            .is_some();
        if keys.is_empty() || !(grouped || self.aggregates(having, st)) {
            return Ok(());
        }
        if self.word(having.saturating_sub(1)) == "TOTALS" {
            return Err(query_error("Invalid analytics query"));
        }
        let by = if grouped { "," } else { "GROUP BY" };
        out.push(format!("{by} {}", keys.join(", ")));
        Ok(())
    }

    /// Whether the `SELECT` whose `HAVING` is at `having` calls an aggregate function (not as
    /// a window function) in its select list or `HAVING`: without `GROUP BY` it then answers
    /// one aggregated row, which its `HAVING` arrays multiply as any group.
    pub(super) fn aggregates(&self, having: usize, st: &Sel) -> bool {
        let Some(from_at) = st.from_at else {
            return false;
        };
        self.select_start(from_at)
            .is_some_and(|s| self.calls_aggregate(s, from_at))
            || self.calls_aggregate(having, self.having_end(having))
    }

    /// Whether the tokens `[a, b)` call an aggregate function (not as a window function, but
    /// in a window's arguments too), outside their subqueries.
    pub(super) fn calls_aggregate(&self, a: usize, b: usize) -> bool {
        self.any_outside_subqueries(a, b, |k| {
            self.is_aggregate_call(k)
                && self
                    .call_close(k)
                    .is_some_and(|c| self.word(c + 1) != "OVER")
        })
    }

    /// Whether the tokens `[from, to)` call an aggregate function, directly or through the
    /// select-list aliases they name (`seen`: the aliases followed so far).
    pub(super) fn reads_aggregate(&self, from: usize, to: usize, seen: &mut Vec<String>) -> bool {
        (from..to).any(|k| {
            if self.is_aggregate_call(k) {
                return true;
            }
            let Some(Tok::Word(w)) = self.toks.get(k) else {
                return false;
            };
            match self.select_alias(w, k) {
                Some((name, s, e)) if !seen.contains(&name) => {
                    seen.push(name);
                    self.reads_aggregate(s, e, seen)
                }
                _ => false,
            }
        })
    }
}
