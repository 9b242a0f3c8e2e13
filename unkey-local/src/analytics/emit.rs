//! The token-by-token translation of expressions and clauses, and of the calls to
//! ClickHouse's functions.

use super::*;

/// Whether the word `w` is an operator's, a clause's or `AS` (a name, a function's, a literal
/// or a window's `OVER` is none): where the operand of an `IS NULL` ends
/// ([`Tr::nan_null_tested`]).
fn operator_word(w: &str) -> bool {
    let up = w.to_ascii_uppercase();
    KEYWORDS.contains(&up.as_str()) && !matches!(up.as_str(), "NULL" | "TRUE" | "FALSE" | "OVER")
        || matches!(
            up.as_str(),
            "GLOBAL" | "DIV" | "MOD" | "INTERVAL" | "COLLATE"
        )
}

/// The integer arithmetic of a unary minus (SQLite's `-x` of an integer is `0 - x`, past 64
/// bits a float): `ch_i64`, which refuses such a float (see [`Tr::exact_integers`]).
const NEGATED: &str = "ch_i64";

/// What refuses the least `Int64` (`-9223372036854775808`) that a unary minus negates, before
/// another operator reads it (see [`Negation::Operand`]).
const NEGATABLE: &str = "ch_negatable";

/// How the unary minus at a place is written ([`Tr::negation`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Negation {
    /// As it is: `-` (of a literal, another sign, or an operand of another type).
    Plain,
    /// `-1.0 *` before a float: SQLite's `-x` is `0 - x`, a positive zero of a zero, where
    /// ClickHouse's `negate` of a float is its negative zero (a product keeps the sign as
    /// IEEE 754 makes it, `-0.0` of `0.0`; of a `nan`, SQLite's NULL, NULL).
    Float,
    /// `ch_i64(-x)` up to the end of its operand (here), of an integer: ClickHouse's `negate`
    /// of the least `Int64` wraps round to itself, SQLite's turns to a float past 64 bits,
    /// which `ch_i64` refuses as not run (as [`Tr::exact_integers`] does a sum's).
    Whole(usize),
    /// [`Negation::Whole`] of a signed integer of 8, 16 or 32 bits (its width here): its
    /// `negate` is of its type, so the least value wraps round to itself, `-(-128)` of an
    /// `Int8` -128 (ClickHouse 25.5.2 and 25.8.2 (chDB) agree), written `ch_narrow(…)`.
    Narrow(usize, u8),
    /// `-ch_negatable(x)` up to the end of its operand (here), of an integer the operand of a
    /// `*`, `/` or `%` after it, whose writing (`ch_divide(…)`) starts at `x` (the operators
    /// take `-x` apart from the operand before them): `ch_negatable` refuses the least
    /// `Int64`, whose negation ClickHouse wraps round.
    Operand(usize),
}

/// A comparison of a `nan` written inside `coalesce(`: where it starts and ends (tokens), and
/// its closing, `", 0)"` or (of `!=`) `", 1)"` ([`Tr::nan_filtered`], [`Tr::nan_compared_item`]).
type NanWrap = (usize, usize, &'static str);

impl<'t> Tr<'t> {
    /// Translates the tokens `[a, b)` of a `SELECT` into `out`.
    pub(super) fn emit(
        &mut self,
        a: usize,
        b: usize,
        st: &mut Sel,
        out: &mut Vec<String>,
    ) -> Result<(), ApiError> {
        let mut i = a;
        // Where each token's translation starts in `out`, and where the divisions written as
        // `ch_divide(` end (see the `/` below).
        let mut starts: Vec<(usize, usize)> = Vec::new();
        let mut divisions: Vec<(usize, &'static str)> = Vec::new();
        // The comparisons of a `nan` under `NOT` or by `!=` in a filter or condition, each
        // written inside `coalesce(…, 0)` (`, 1)` of `!=`), see [`Tr::nan_filtered`].
        let mut nan_wraps = self.nan_wrapped(a, b);
        nan_wraps.sort_by_key(|(_, e, _)| std::cmp::Reverse(*e));
        // The integer arithmetic written inside `ch_i64(` so far (see [`Tr::exact_integers`]).
        let mut exact: Vec<(usize, usize)> = Vec::new();
        // The arrays in an array literal (where each starts and ends), each held there as an
        // array (`json(ch_array(…))`), not as its text.
        let mut nested: Vec<(usize, usize)> = Vec::new();
        // String literals compared with numbers, `Bool`s or times, as the values they are
        // read as ([`literal_number`]).
        let mut numbers: Vec<(usize, String)> = Vec::new();
        // The constants ClickHouse folds met so far and not yet ended (see [`Tr::folded`]):
        // where each starts and ends, where its SQL starts in `out`, and for a `%` the place
        // of its closing in `divisions` ([`Tr::take_folded`]).
        let mut folding: Vec<Folding> = Vec::new();
        // The operands and `WHEN` values of `CASE x WHEN …` of a float, each written inside
        // `ch_case_key(…)` (see [`Tr::float_case_keys`]): where each starts and ends.
        let mut case_keys: Vec<(usize, usize)> = Vec::new();
        // The operands of a unary minus of an integer written inside `ch_negatable(…)` (see
        // [`Negation::Operand`]): where each starts and ends.
        let mut negated: Vec<(usize, usize)> = Vec::new();
        while i < b {
            if out_of_time() {
                return Err(timeout_error());
            }
            let Some(t) = self.toks.get(i) else { break };
            if let Some(end) = self.skipped_from(i) {
                i = end;
                continue;
            }
            self.take_folded(&mut folding, i, None, out);
            while let Some((_, close)) = divisions.pop_if(|(e, _)| *e <= i) {
                out.push(close.into());
                self.take_folded(&mut folding, i, Some(divisions.len()), out);
            }
            while let Some(n) = nested.iter().position(|(_, e)| *e == i) {
                let (s, _) = nested.swap_remove(n);
                let at = starts
                    .iter()
                    .find(|(k, _)| *k == s)
                    .map(|(_, at)| *at)
                    .filter(|at| *at <= out.len())
                    .ok_or_else(|| unsupported("this array in an array"))?;
                out.insert(at, "json(ch_array(".into());
                out.push("))".into());
            }
            self.track_key(i, st, out)?;
            // (Outside what starts here: these end at a `WHEN` or `THEN` of their `CASE`.)
            for (_, end) in case_keys.iter().filter(|(s, _)| *s == i) {
                out.push("ch_case_key(".into());
                divisions.push((*end, ")"));
            }
            // (An answered comparison of a `nan`: ClickHouse's 0, see [`Tr::nan_compared_item`].)
            if let Some((end, close)) = self.nan_compared_start(i, st) {
                out.push("coalesce(".into());
                divisions.push((end, close));
            }
            for (_, end, close) in nan_wraps.iter().filter(|(s, _, _)| *s == i) {
                out.push("coalesce(".into());
                divisions.push((*end, close));
            }
            starts.push((i, out.len()));
            // (Inside what is written at its start later, a `ch_divide(` of `-x / y`.)
            for (_, end) in negated.iter().filter(|(s, _)| *s == i) {
                out.push(format!("{NEGATABLE}("));
                divisions.push((*end, ")"));
            }
            if *t == Tok::Sym("(") {
                if let Some(end) = self.answered_tuple(i, b)? {
                    out.push(format!("'{TUPLE_MARK}'"));
                    i = end;
                    continue;
                }
                if let Some((end, sql)) = self.answered_tuple_element(i, b)? {
                    out.push(sql);
                    i = end;
                    continue;
                }
            }
            // ClickHouse sorts NULLs last (`NULLS LAST` is its default, both ways); SQLite
            // sorts them first ascending: each `ORDER BY` item without `NULLS` gets it.
            if let Some((s, e)) = st.order_by {
                let item_end = i == e || (*t == Tok::Sym(",") && st.closers.is_empty());
                if (s..=e).contains(&i) && item_end && !st.order_item_has_nulls {
                    out.push("NULLS LAST".into());
                }
                if (s..=e).contains(&i) && item_end {
                    st.order_item_has_nulls = false;
                }
                if (s..e).contains(&i) && upper(t) == "NULLS" {
                    st.order_item_has_nulls = true;
                }
            }
            // An unaliased computed select-list item is answered under ClickHouse's name for it
            // (`count()`, `sum(x)`, `plus(a, 1)`, see [`Tr::expression_name`]).
            if let Some(f) = st.from_at.filter(|f| i < *f && st.closers.is_empty()) {
                let starts = i
                    .checked_sub(1)
                    .and_then(|p| self.toks.get(p))
                    .is_some_and(|p| {
                        *p == Tok::Sym(",") || matches!(upper(p).as_str(), "SELECT" | "DISTINCT")
                    });
                if starts {
                    let mut depth = 0i64;
                    let end = (i..f)
                        .find(|k| match self.toks.get(*k) {
                            Some(Tok::Sym("(" | "[")) => {
                                depth += 1;
                                false
                            }
                            Some(Tok::Sym(")" | "]")) => {
                                depth -= 1;
                                false
                            }
                            Some(Tok::Sym(",")) => depth == 0,
                            _ => false,
                        })
                        .unwrap_or(f);
                    // (A column SQLite names as ClickHouse does stands as it is.)
                    let named = match self.toks.get(i..end) {
                        Some([t @ Tok::Word(w)]) if literal_name(t).is_none() => {
                            let name = self.column_name(w);
                            (name != w.rsplit('.').next().unwrap_or(w)).then_some(name)
                        }
                        _ => self.expression_name(i, end),
                    };
                    if let Some(name) = named {
                        // (Translated on its own, as an item of this select list: a `nan` it
                        // answers is read as the aliased item's, see [`Tr::nan_answered`].)
                        let mut item = Sel::new(None, st.to, st.array_join.clone());
                        item.list = st.list;
                        let sql = self.expression_in(i, end, &mut item)?;
                        out.push(format!("{sql} AS \"{}\"", name.replace('"', "\"\"")));
                        i = end;
                        continue;
                    }
                }
            }
            if st.fresh {
                if let Some(c) = st.chains.last_mut() {
                    *c = out.len();
                }
                st.fresh = false;
            }
            // A span the aggregated rows computed, below a window that reads the rows a late
            // `HAVING` repeats (a whole select-list item of a column keeps its name).
            if let Some((end, sql)) = self.lifted.get(&i).cloned() {
                out.push(sql);
                if let (true, Some(Tok::Word(w))) = (end == i + 1, self.toks.get(i)) {
                    if self.is_star_item(i, i, st) && self.word(i + 1) != "AS" {
                        let name = self.column_name(w).replace('"', "\"\"");
                        out.push(format!("AS \"{name}\""));
                    }
                }
                i = end;
                continue;
            }
            if let Some((len, default)) = self.rolled_up_key(i) {
                out.push(default);
                i += len;
                continue;
            }
            if let Some((place, end)) = self.key_from_end(i, st)? {
                out.push(place);
                i = end;
                continue;
            }
            match t {
                // (The string of `toIntervalUnit('n')`, which ClickHouse converts to its
                // count as it analyses the query: see `lex::string_intervals`.)
                Tok::Str(s) if self.interval_string(i) => match int_text(s) {
                    Some(n) => out.push(format!("({n})")),
                    None => return Err(query_error("Invalid SQL syntax")),
                },
                Tok::Str(s) => match numbers.iter().find(|(k, _)| *k == i) {
                    Some((_, n)) => out.push(n.clone()),
                    None => out.push(sql_string(s)),
                },
                Tok::Num(n) => {
                    match n.parse::<f64>() {
                        Err(_) => {
                            return Err(query_error("Invalid SQL syntax: a form read otherwise"))
                        }
                        // (An `inf` that SQLite's arithmetic may make a `nan`, its NULL, see
                        // [`Tr::nan_read`].)
                        Ok(f) if f.is_infinite() => {
                            return Err(unsupported("a float literal past Float64's range"))
                        }
                        Ok(_) => {}
                    }
                    // An integer literal past `Int64`'s largest (ClickHouse's `UInt64`, or a
                    // `Float64` past it) is a float to SQLite: run only as a side of a
                    // comparison, which SQLite makes exactly (and `-9223372036854775808`,
                    // which SQLite reads as the integer).
                    let comparison = |k: Option<usize>| {
                        matches!(
                            k.and_then(|k| self.toks.get(k)),
                            Some(Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">="))
                        )
                    };
                    let big = !n.contains(['.', 'e', 'E']) && n.parse::<i64>().is_err();
                    let min = n == "9223372036854775808"
                        && i.checked_sub(1).and_then(|p| self.toks.get(p)) == Some(&Tok::Sym("-"));
                    if big && !min && !comparison(i.checked_sub(1)) && !comparison(Some(i + 1)) {
                        return Err(unsupported(
                            "an integer literal past Int64's largest (9223372036854775807) but as a side of a comparison",
                        ));
                    }
                    // A float literal SQLite may not read as its nearest double (`1.5e300`),
                    // read by Rust, as ClickHouse reads it (its nearest).
                    if n.contains(['.', 'e', 'E']) && !sqlite_reads_exactly(n) {
                        out.push(format!("ch_float('{n}')"));
                    } else {
                        out.push(n.clone());
                    }
                }
                Tok::Sym("(") => {
                    if matches!(self.word(i + 1).as_str(), "SELECT" | "WITH") {
                        let close = closing(self.toks, i).filter(|c| *c < b).ok_or_else(|| {
                            query_error("Invalid SQL syntax: unbalanced parentheses")
                        })?;
                        let inner = self.scalar(i, close)?;
                        let ty = self.scalar_types.get(&i).copied().unwrap_or(Ty::Unknown);
                        if i.checked_sub(1).is_some_and(|p| self.word(p) == "IN") {
                            self.check_in_set(i - 1, std::iter::once(ty))?;
                            // (Its set, read before the query runs, see [`Tr::in_sets`].)
                            let own = !self.in_cte_body(i) && !self.in_unnamed_cte(i);
                            if own && self.if_branch(i) == IfBranch::Taken {
                                let mut sets = self.in_sets.take();
                                sets.push(inner.clone());
                                self.in_sets.set(sets);
                            }
                            let set = self.in_subquery(i - 1, &inner, out, &starts)?;
                            out.push(set);
                            i = close + 1;
                            continue;
                        }
                        // (A scalar subquery ClickHouse's analyzer runs as it resolves it,
                        // rows reaching it or not: read once before the query, see
                        // [`Tr::folded`].)
                        self.fold(format!("({inner})"), i, FoldStage::Analysis);
                        out.push(format!("({inner})"));
                        i = close + 1;
                        continue;
                    }
                    if let Some(end) = self.intervals_operand(i, b, st, out)? {
                        i = end;
                        continue;
                    }
                    st.closers.push(")".into());
                    st.chains.push(out.len());
                    st.fresh = true;
                    out.push("(".into());
                }
                // `x[i]`: `ch_array_element(x, i, default)` around the operand before it
                // (see [`Tr::subscript`]).
                Tok::Sym("[") if self.subscript_at(i) => {
                    let at = self
                        .primary_start(i)
                        .and_then(|s| starts.iter().find(|(k, _)| *k == s))
                        .map(|(_, at)| *at)
                        .filter(|at| *at <= out.len())
                        .ok_or_else(|| unsupported("this subscript"))?;
                    let (index, default, close) = self.subscript(i, b)?;
                    out.insert(at, "ch_array_element(".into());
                    out.push(format!(", {index}, {default})"));
                    i = close + 1;
                    continue;
                }
                // An array literal: a JSON array for the array functions. (Of intervals
                // subscripted, an interval, see [`Tr::subscripted_intervals`].)
                Tok::Sym("[") => {
                    if self
                        .array_primary_end(i)
                        .is_some_and(|e| self.subscript_at(e))
                    {
                        if let Some(end) = self.intervals_operand(i, b, st, out)? {
                            i = end;
                            continue;
                        }
                    }
                    let close = self.bracket_close(i).unwrap_or(b);
                    let scope = self.scopes.last().cloned().unwrap_or_default();
                    self.check_bool_first(&self.list_items(i + 1, close), &scope)?;
                    self.check_array_beside_null(&self.list_items(i + 1, close), false, &scope)?;
                    let types: Vec<Ty> = self
                        .list_items(i + 1, close)
                        .into_iter()
                        .filter_map(|(s, e)| self.value_ty(s, e, &scope))
                        .collect();
                    // (An array of times of ns is answered as times, see [`Ty::answer`]; of
                    // a `Decimal` of ns it would be its numbers.)
                    if types.contains(&Ty::DecimalNanos) {
                        return Err(unsupported("an array of DateTime64s of scale 7 to 9"));
                    }
                    if types.contains(&Ty::Decimal) {
                        return Err(unsupported(DECIMAL_ARRAY));
                    }
                    Ty::check_common(types.into_iter())?;
                    nested.extend(self.list_items(i + 1, close).into_iter().filter(|(s, e)| {
                        matches!(self.expr_ty(*s, *e, &scope), Ty::Array(Some(_)))
                    }));
                    st.closers.push("]".into());
                    st.chains.push(out.len());
                    st.fresh = true;
                    out.push("ch_json_array(".into());
                }
                Tok::Sym("]") => {
                    if st.closers.pop().as_deref() != Some("]") {
                        return Err(query_error("Invalid SQL syntax: unbalanced brackets"));
                    }
                    st.chains.pop();
                    out.push(")".into());
                }
                Tok::Sym(")") => {
                    let Some(c) = st.closers.pop().filter(|c| c != "]") else {
                        return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
                    };
                    st.chains.pop();
                    if st.windows.last().is_some_and(|d| st.closers.len() < *d) {
                        st.windows.pop();
                    }
                    out.push(c.into());
                }
                Tok::Sym(sym @ ("+" | "-")) => {
                    let binary = ends_operand(i.checked_sub(1).and_then(|p| self.toks.get(p)));
                    // `± interval` (`INTERVAL n UNIT`, `toIntervalUnit(n)`, an expression of
                    // intervals in parentheses): each interval in turn, months, quarters and
                    // years as calendar months (around the operand before), others in ms.
                    if let Some(end) = self.nanos_moved(i, b, binary, st, out)? {
                        i = end;
                        continue;
                    }
                    // (`± toIntervalMicrosecond(n)`/`toIntervalNanosecond(n)`, which are no
                    // intervals of ms here, written as ms by `ch_interval_ms`: of a `Date` or a
                    // number ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT, see [`Tr::check_moved`].)
                    let sub_ms = matches!(
                        self.word(i + 1).as_str(),
                        "TOINTERVALMICROSECOND" | "TOINTERVALNANOSECOND"
                    );
                    if binary && sub_ms {
                        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
                        let left = self.expr_ty(self.left_operand_start(i), i, scope);
                        if matches!(
                            left,
                            Ty::Date | Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Array(_)
                        ) {
                            return Err(query_error("Invalid analytics query"));
                        }
                    }
                    if binary {
                        if let Some((intervals, end)) = self.interval_term(i + 1, b)? {
                            let start = self.left_operand_start(i);
                            self.check_moved((start, i), &intervals, (start, end))?;
                            let sign = if *sym == "-" { -1 } else { 1 };
                            // (A `DateTime` of a zone moves by days and months in its zone,
                            // [`zone_moved`]; see [`Tr::zoned_value`].)
                            let zone = self
                                .value_zone(start, i)
                                .map(|z| format!("'{}'", z.replace('\'', "''")));
                            // (Each move's value kept within its type's range, `Ty::in_range`:
                            // the type of the time moved by the intervals so far.)
                            let scope = self.scopes.last().cloned().unwrap_or_default();
                            let mut moved_ty = self.expr_ty(start, i, &scope);
                            let kinds: Vec<String> =
                                intervals.kinds().into_iter().map(str::to_string).collect();
                            for ((step, count), kind) in intervals.moves().into_iter().zip(kinds) {
                                moved_ty = moved_ty.moved([kind.as_str()]).unwrap_or(moved_ty);
                                let days = match step {
                                    Step::Ms(ms) if ms % 86_400_000 == 0 => Some(ms / 86_400_000),
                                    _ => None,
                                };
                                match (step, &zone) {
                                    (Step::Months(k), Some(z)) => {
                                        let at =
                                            st.chains.last().copied().unwrap_or(0).min(out.len());
                                        out.insert(at, "ch_zone_move(".into());
                                        out.push(format!(", 0, ({count}) * {}, {z})", sign * k));
                                    }
                                    (Step::Ms(_), Some(z)) if days.is_some() => {
                                        let d = days.unwrap_or_default();
                                        let at =
                                            st.chains.last().copied().unwrap_or(0).min(out.len());
                                        out.insert(at, "ch_zone_move(".into());
                                        out.push(format!(", ({count}) * {}, 0, {z})", sign * d));
                                    }
                                    (Step::Months(k), None) => {
                                        let at =
                                            st.chains.last().copied().unwrap_or(0).min(out.len());
                                        out.insert(at, "ch_add_months(".into());
                                        out.push(format!(", ({count}) * {})", sign * k));
                                    }
                                    // (Past SQLite's integers, refused: `ch_moved`.)
                                    (Step::Ms(ms), _) => {
                                        let at =
                                            st.chains.last().copied().unwrap_or(0).min(out.len());
                                        out.insert(at, "ch_moved(".into());
                                        out.push((*sym).into());
                                        out.push(format!("({count}) * {ms})"));
                                    }
                                }
                                if let Some((low, high)) = moved_ty.range_ms() {
                                    let at = st.chains.last().copied().unwrap_or(0).min(out.len());
                                    out.insert(at, "ch_time_range(".into());
                                    out.push(format!(", {low}, {high})"));
                                }
                            }
                            i = end;
                            continue;
                        }
                        if let Some(end) = self.time_arithmetic(i, b, st, out)? {
                            i = end;
                            continue;
                        }
                    } else if let Some(end) = self.intervals_operand(i, b, st, out)? {
                        i = end;
                        continue;
                    }
                    if binary {
                        self.check_operands(i, b)?;
                        let mut wrap = Wrap {
                            starts: &mut starts,
                            out,
                            closes: &mut divisions,
                            done: &mut exact,
                            chains: &mut st.chains,
                        };
                        self.exact_integers(i, b, (st.list, st.to), &mut wrap)?;
                    }
                    // (A unary minus of a float or an integer, see [`Negation`].)
                    let negation = match (binary, *sym) {
                        (false, "-") => self.negation(i, b)?,
                        _ => Negation::Plain,
                    };
                    match negation {
                        Negation::Plain => out.push((*sym).into()),
                        Negation::Float => out.push("-1.0 *".into()),
                        Negation::Whole(end) => {
                            out.push(format!("{NEGATED}(-"));
                            divisions.push((end, ")"));
                        }
                        Negation::Narrow(end, bits) => {
                            out.push(format!("{NARROWED}({NEGATED}(-"));
                            divisions.push((
                                end,
                                match bits {
                                    8 => "), 8, 1)",
                                    16 => "), 16, 1)",
                                    _ => "), 32, 1)",
                                },
                            ));
                        }
                        Negation::Operand(end) => {
                            out.push((*sym).into());
                            negated.push((i + 1, end));
                        }
                    }
                }
                Tok::Sym("*") if self.is_star_item(i, i, st) => {
                    self.check_star_arrays(None)?;
                    self.note_star_states(None);
                    out.push(self.star_sql(None));
                }
                // A `Decimal` of seconds held as a float times an integer ([`Ty::Decimal`]):
                // ClickHouse's decimal product (a `Decimal` of its scale), of its µs,
                // `ch_decimal_mul(left, right, which)` around the operands as for `/`.
                Tok::Sym("*") if self.decimal_product(i, b).is_some() => {
                    let (left, end, right_decimal) =
                        self.decimal_product(i, b).unwrap_or((i, i + 1, false));
                    match starts.iter().find(|(k, _)| *k == left).map(|s| s.1) {
                        Some(at) if at <= out.len() => {
                            out.insert(at, "ch_decimal_mul(".into());
                            out.push(",".into());
                            divisions.push((end, if right_decimal { ", 1)" } else { ", 0)" }));
                        }
                        _ => return Err(unsupported(DECIMAL_ARITHMETIC)),
                    }
                }
                // ClickHouse's `/` divides as floats (`5 / 2` is 2.5, `1 / 0` inf), SQLite's
                // integers as integers and by zero to NULL: `ch_divide(left, right)` around the
                // operands next to it (the `*`/`/`/`%` chain before it, the operand after it),
                // where they can be told, read as [`Tr::nan_read`] says. (Otherwise SQLite's,
                // whose NULL by zero stands for an `inf` or `nan` only in the answer.)
                Tok::Sym("/") => {
                    self.check_operands(i, b)?;
                    let at = self.division_operands(i, b).and_then(|(left, end)| {
                        let at = starts.iter().find(|(k, _)| *k == left)?.1;
                        Some((at, left, end))
                    });
                    match at {
                        Some((at, left, end)) if at <= out.len() => {
                            out.insert(at, "ch_divide(".into());
                            out.push(",".into());
                            let read = self.nan_read(i, left, end, st);
                            let close = match self.integer_product(left, i) {
                                true => read.close_of_product(),
                                false => read.close(),
                            };
                            divisions.push((end, close));
                        }
                        _ if self.nan_answered(i, st) => out.push("* 1.0 /".into()),
                        _ => {
                            return Err(unsupported(
                                "`/` beside this operand, read other than as an answered column",
                            ))
                        }
                    }
                }
                // ClickHouse's `%` of a float is a float's remainder (`7.5 % 2` is 1.5), SQLite's
                // of integers: `ch_modulo(left, right)` around the operands as for `/`, not run
                // where they cannot be told.
                Tok::Sym("%") => {
                    self.check_operands(i, b)?;
                    let at = self.division_operands(i, b).and_then(|(left, end)| {
                        let at = starts.iter().find(|(k, _)| *k == left)?.1;
                        Some((at, end))
                    });
                    let Some((at, end)) = at.filter(|(at, _)| *at <= out.len()) else {
                        return Err(unsupported("`%` beside this operand"));
                    };
                    let close = self.division_operands(i, b).map_or(")", |(left, end)| {
                        let read = self.nan_read(i, left, end, st);
                        match self.integer_product(left, i) {
                            true => read.close_of_product(),
                            false => read.close(),
                        }
                    });
                    // (An unsigned dividend's negative divisor refused, see
                    // [`Ty::unsigned_by_signed`]; a signed one's by a wide unsigned divisor,
                    // [`Ty::signed_by_wide_unsigned`].)
                    let close = match self.division_operands(i, b) {
                        Some((left, end)) => {
                            let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
                            let l = self.expr_ty(left, i, scope);
                            let r = self.expr_ty(i + 1, end, scope);
                            if Ty::unsigned_by_signed(l, r) {
                                NanRead::unsigned_dividend(close)
                            } else if Ty::signed_by_wide_unsigned(l, r) {
                                NanRead::wide_unsigned_divisor(close)
                            } else {
                                close
                            }
                        }
                        None => close,
                    };
                    // A `Date`'s remainder is of its days, a `DateTime`'s of its seconds
                    // (FunctionBinaryArithmetic.h: `Date % Int32 -> Int32`, the time's
                    // number; see [`Tr::check_operands`]).
                    let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
                    let unit = match self.primary_start(i).map(|l| self.expr_ty(l, i, scope)) {
                        Some(Ty::Date) => Some(86_400_000),
                        Some(Ty::DateTime) => Some(1000),
                        _ => None,
                    };
                    if let Some(unit) = unit {
                        let time = out.split_off(at).join(" ");
                        out.push(floor_div_sql(&time, unit));
                    }
                    out.insert(at, "ch_modulo(".into());
                    out.push(",".into());
                    // (ClickHouse's `%` of integer constants fails by zero as it folds them:
                    // its SQL ends with this closing, [`Tr::take_folded`].)
                    if let Some((left, _)) = self
                        .division_operands(i, b)
                        .filter(|(left, end)| self.folded_expression(*left, *end))
                    {
                        folding.push((left, end, at, Some(divisions.len())));
                    }
                    divisions.push((end, close));
                }
                // ClickHouse's `==` is `=`.
                Tok::Sym("==") => {
                    let number = self.check_operands(i, b)?;
                    literal_number(number, &starts, out, &mut numbers);
                    if let Some(end) = self.number_time_comparison(i, b, st, out, &starts)? {
                        i = end;
                        continue;
                    }
                    st.fresh = true;
                    out.push("=".into());
                }
                Tok::Sym(sym) => {
                    let number = self.check_operands(i, b)?;
                    literal_number(number, &starts, out, &mut numbers);
                    if *sym == "*" {
                        let mut wrap = Wrap {
                            starts: &mut starts,
                            out,
                            closes: &mut divisions,
                            done: &mut exact,
                            chains: &mut st.chains,
                        };
                        self.exact_integers(i, b, (st.list, st.to), &mut wrap)?;
                    }
                    if let Some(end) = self.number_time_comparison(i, b, st, out, &starts)? {
                        i = end;
                        continue;
                    }
                    if matches!(*sym, "=" | "!=" | "<>" | "<" | ">" | "<=" | ">=" | ",") {
                        st.fresh = true;
                    }
                    out.push((*sym).into());
                }
                Tok::Word(w)
                    if w.ends_with('.')
                        && self.toks.get(i + 1) == Some(&Tok::Sym("*"))
                        && self.is_star_item(i, i + 1, st) =>
                {
                    self.check_star_arrays(Some(w.trim_end_matches('.')))?;
                    self.note_star_states(Some(w.trim_end_matches('.')));
                    out.push(self.star_sql(Some(w.trim_end_matches('.'))));
                    i += 2;
                    continue;
                }
                Tok::Word(w) => {
                    let up = w.to_ascii_uppercase();
                    // (`JOIN (SELECT …)` joins a subquery.)
                    let is_call = self.toks.get(i + 1) == Some(&Tok::Sym("("))
                        && !KEYWORDS.contains(&up.as_str())
                        && !matches!(up.as_str(), "INTERVAL" | "INTERPOLATE" | "JOIN");
                    let top_clause = st.closers.is_empty() && st.from_at.is_some_and(|f| i > f);
                    if let Some(end) = is_call.then(|| self.folded_call_end(i)).flatten() {
                        folding.push((i, end, out.len(), None));
                    }
                    if Some(i) == st.from_at {
                        out.push("FROM".into());
                        i = self.source(i + 1, st.to, out)?;
                        st.arrays_pending = true;
                        st.fresh = true;
                        continue;
                    }
                    let call = st.array_join.calls.iter().find(|(k, _, _)| *k == i);
                    // (An element of intervals is an interval term, see [`Tr::joined_interval`].)
                    if call.is_some() && !self.joining.contains(&i) {
                        if let Some(end) = self.intervals_operand(i, b, st, out)? {
                            i = end;
                            continue;
                        }
                    }
                    let call = st.array_join.calls.iter().find(|(k, _, _)| *k == i);
                    if let Some((_, close, group)) = call.copied() {
                        let array = st.array_join.arrays.get(group).cloned();
                        let element = match array {
                            Some(a) if self.late_array_len(&a, &st.array_join).is_some() => {
                                let sql =
                                    self.expression_with(a.at + 2, a.close, st.array_join.clone())?;
                                format!(
                                    "json_extract(ch_array({sql}), '$[' || \"{}\".\"key\" || ']')",
                                    a.name
                                )
                            }
                            Some(a) => self.element_sql(&a),
                            None => String::new(),
                        };
                        out.push(element);
                        i = close + 1;
                        continue;
                    }
                    if up == "INTERVAL"
                        || (is_call
                            && (up.starts_with("TOINTERVAL")
                                || INTERVAL_CALLS.contains(&up.as_str())))
                        || up == "CASE"
                        || (!is_call && self.select_alias(w, i).is_some())
                        || (!is_call
                            && self.word(i.saturating_sub(1)) != "AS"
                            && self.column_interval(w).is_some()
                            && !self.interval_column_read(i, false))
                        // (An array of intervals subscripted, see
                        // [`Tr::subscripted_intervals`].)
                        || self.array_primary_end(i).is_some_and(|e| self.subscript_at(e))
                    {
                        if let Some(end) = self.intervals_operand(i, b, st, out)? {
                            i = end;
                            continue;
                        }
                    }
                    if up == "ARRAYFILTER" && is_call {
                        i = self.array_filter(i, out)?;
                        continue;
                    }
                    if is_call {
                        if let Some(end) = self.nanos_branches(i, st, out)? {
                            i = end;
                            continue;
                        }
                        if let Some(end) = self.nanos_call(i, st, out)? {
                            i = end;
                            continue;
                        }
                        // (`toString` of an array of scalar subqueries reads their types:
                        // they are translated ahead.)
                        if up == "TOSTRING" {
                            let close = closing(self.toks, i + 1).unwrap_or(i + 1);
                            self.type_scalars(i + 2, close)?;
                        }
                        // (A `CAST` to an integer: [`NOT_NULL`] around the call's text.)
                        let not_null = self.not_null_cast(i)?;
                        self.check_spelling(i, w)?;
                        let answered = self.nan_answered(i, st) || self.nan_filtered(i);
                        let (at, depth) = (out.len(), st.closers.len());
                        i = self.call(i, w, answered, out, &mut st.closers, &mut st.chains)?;
                        if not_null && out.len() > at && st.closers.len() == depth + 1 {
                            if let Some(open) = out.get_mut(at) {
                                *open = format!("{NOT_NULL}({open}");
                            }
                            if let Some(close) = st.closers.last_mut() {
                                *close = format!("{close})").into();
                            }
                        }
                        continue;
                    }
                    // (`GROUP BY ALL` is written as its keys before it runs, see
                    // [`Tr::group_by_all`].)
                    if up == "ALL" && self.word(i.saturating_sub(1)) == "BY" && i >= 2 {
                        out.push(up);
                        i += 1;
                        continue;
                    }
                    if top_clause && (JOIN_WORDS.contains(&up.as_str()) || up == "ARRAY") {
                        i = self.join(i, st, out)?;
                        st.fresh = true;
                        continue;
                    }
                    if top_clause && up == "USING" {
                        // `USING (a, b)` or `USING a, b`: the column names as they are.
                        let (columns, after) = self.using_columns(i + 1, b)?;
                        self.check_using(&columns)?;
                        if let Some(src) = self.scopes.last_mut().and_then(|s| s.last_mut()) {
                            src.using = columns.iter().map(|c| c.to_ascii_lowercase()).collect();
                        }
                        let mut names = Vec::new();
                        for c in &columns {
                            names.push(self.identifier(c)?);
                        }
                        out.push(format!("USING ({})", names.join(", ")));
                        i = after;
                        continue;
                    }
                    if top_clause
                        && st.arrays_pending
                        && matches!(
                            up.as_str(),
                            "WHERE"
                                | "PREWHERE"
                                | "GROUP"
                                | "ORDER"
                                | "LIMIT"
                                | "HAVING"
                                | "WINDOW"
                                | "QUALIFY"
                        )
                    {
                        self.arrays_after_joins(st, out)?;
                    }
                    if top_clause && matches!(up.as_str(), "WHERE" | "PREWHERE") {
                        self.check_filter(i)?;
                    }
                    // `PREWHERE p [WHERE w]` filters as `WHERE (p) AND (w)`.
                    if top_clause && up == "WHERE" && st.where_state == WhereState::Open {
                        out.push(") AND (".into());
                        st.fresh = true;
                        i += 1;
                        continue;
                    }
                    if top_clause
                        && (up == "PREWHERE" || (up == "WHERE" && !st.extra_where.is_empty()))
                    {
                        if st.extra_where.is_empty() {
                            out.push("WHERE (".into());
                        } else {
                            out.push(format!("WHERE ({}) AND (", st.extra_where.join(" AND ")));
                        }
                        st.where_state = WhereState::Open;
                        st.fresh = true;
                        i += 1;
                        continue;
                    }
                    if top_clause
                        && matches!(
                            up.as_str(),
                            "GROUP" | "ORDER" | "LIMIT" | "HAVING" | "WINDOW" | "QUALIFY"
                        )
                    {
                        self.close_where(st, out);
                    }
                    if top_clause && up == "HAVING" {
                        self.check_condition(i + 1, self.having_end(i).min(b))?;
                    }
                    if top_clause && up == "HAVING" && self.late_having(st) == Some(i) {
                        if self.word(i.saturating_sub(1)) == "TOTALS" {
                            return Err(query_error("Invalid analytics query"));
                        }
                        out.push("HAVING \"__ul_k\" > 0".into());
                        i = self.having_end(i).min(b);
                        continue;
                    }
                    if top_clause && up == "HAVING" {
                        self.group_having_arrays(i, st, out)?;
                    }
                    if up == "INTERVAL" {
                        let (_, unit) = self.interval(i)?;
                        return Err(query_error(format!(
                            "Invalid SQL syntax: unknown unit {unit}"
                        )));
                    }
                    if top_clause && up == "WINDOW" {
                        i = self.window_clause(i, b, st, out)?;
                        continue;
                    }
                    // A named window (see [`Tr::window_clause`]).
                    // (A window function's default over an empty frame closes after it, see
                    // [`Tr::window_default`].)
                    let default = (up == "OVER")
                        .then(|| self.window_default_close(i))
                        .flatten();
                    if let (true, Some(Tok::Word(name))) = (up == "OVER", self.toks.get(i + 1)) {
                        out.push(format!("OVER {}", window_name_sql(name)));
                        out.extend(default.map(String::from));
                        i += 2;
                        continue;
                    }
                    // A window's specification, and `NULLS FIRST|LAST` (of an `ORDER BY`).
                    if up == "OVER" && self.toks.get(i + 1) == Some(&Tok::Sym("(")) {
                        st.windows.push(st.closers.len() + 1);
                        if let Some(close) = default {
                            out.push("OVER (".into());
                            st.closers.push(format!("){close}").into());
                            st.chains.push(out.len());
                            st.fresh = true;
                            i += 2;
                            continue;
                        }
                    }
                    let in_window = st.windows.last().is_some_and(|d| st.closers.len() >= *d);
                    if in_window && up == "ORDER" && self.word(i + 1) == "BY" {
                        if let Some(end) = self.window_order(i, b, st, out)? {
                            st.fresh = true;
                            i = end;
                            continue;
                        }
                    }
                    if in_window && matches!(up.as_str(), "ROWS" | "RANGE") {
                        self.check_frame_offsets(i, b)?;
                    }
                    if in_window && up == "RANGE" {
                        if let Some(end) = self.time_range_frame(i, b, out)? {
                            st.fresh = true;
                            i = end;
                            continue;
                        }
                    }
                    if in_window && WINDOW_WORDS.contains(&up.as_str()) {
                        out.push(up);
                        st.fresh = true;
                        i += 1;
                        continue;
                    }
                    if up == "NULLS" && matches!(self.word(i + 1).as_str(), "FIRST" | "LAST") {
                        out.push(format!("NULLS {}", self.word(i + 1)));
                        i += 2;
                        continue;
                    }
                    if matches!(up.as_str(), "LIKE" | "ILIKE") {
                        self.check_like_operands(i, b)?;
                    }
                    // `x [NOT] ILIKE pattern`: `ch_ilike(x, pattern)` over the operand before it.
                    if up == "NOT" && self.word(i + 1) == "ILIKE" {
                        st.negate_ilike = true;
                        i += 1;
                        continue;
                    }
                    if up == "ILIKE" {
                        let end = self.operand_end(i + 1, b)?;
                        let pattern = self.expression(i + 1, end)?;
                        let at = st.chains.last().copied().unwrap_or(0).min(out.len());
                        let not = if std::mem::take(&mut st.negate_ilike) {
                            "NOT "
                        } else {
                            ""
                        };
                        out.insert(at, format!("{not}ch_ilike("));
                        out.push(format!(", {pattern})"));
                        i = end;
                        continue;
                    }
                    // `WITH TOTALS`: the totals row does not reach upstream's answer (its driver
                    // reads the data rows only).
                    if top_clause && up == "WITH" && self.word(i + 1) == "TOTALS" {
                        i += 2;
                        continue;
                    }
                    // `WITH ROLLUP|CUBE` and `GROUPING SETS` where `Tr::find_rollup` does not
                    // take them (after `WITH TOTALS` or `HAVING`, `GROUPING SETS` without its
                    // list): ClickHouse 25.6's parser takes them only right after the keys.
                    if top_clause
                        && ((up == "WITH"
                            && matches!(self.word(i + 1).as_str(), "ROLLUP" | "CUBE"))
                            || (up == "GROUPING" && self.word(i + 1) == "SETS"))
                    {
                        return Err(clickhouse_parse_error());
                    }
                    if top_clause && up == "GROUP" && self.word(i + 1) == "BY" {
                        let end = self
                            .top_level_find(i + 2, b, |k| {
                                matches!(
                                    self.word(k).as_str(),
                                    "WITH" | "HAVING" | "WINDOW" | "QUALIFY" | "ORDER" | "LIMIT"
                                )
                            })
                            .unwrap_or(b);
                        st.group_by = Some((i + 2, end));
                    }
                    if top_clause && up == "ORDER" && self.word(i + 1) == "BY" {
                        let end = (i + 2..b)
                            .find(|k| {
                                matches!(
                                    self.word(*k).as_str(),
                                    "LIMIT" | "SETTINGS" | "INTERPOLATE"
                                ) || (self.word(*k) == "WITH"
                                    && matches!(self.word(k + 1).as_str(), "FILL" | "TOTALS"))
                            })
                            .unwrap_or(b);
                        st.order_by = Some((i + 2, end));
                    }
                    // `LIMIT n [OFFSET m] BY e, …`: the first n rows (after m) of each e, in
                    // the SELECT's order (see `Tr::select_body`).
                    if top_clause && up == "LIMIT" {
                        if let Some((n, m, at)) = self.limit_by_at(i) {
                            // (A second `LIMIT … BY` parses in neither upstream's parser
                            // nor ClickHouse's.)
                            if st.limit_by.is_some() {
                                return Err(clickhouse_parse_error());
                            }
                            let end = (at..b).find(|k| self.word(*k) == "LIMIT").unwrap_or(b);
                            let mut exprs = Vec::new();
                            for (s, e) in self.limit_by_items(st.list, at, end)? {
                                exprs.push(self.expression(s, e)?);
                            }
                            let exprs = exprs.join(", ");
                            st.limit_by = Some((n.max(0), m.max(0), exprs));
                            i = end;
                            continue;
                        }
                        st.limit_at = Some(out.len());
                    }
                    if top_clause && up == "WITH" && self.word(i + 1) == "FILL" {
                        let order = st.order_by.map_or(i, |(s, _)| s);
                        i = self.with_fill(i, b, order)?;
                        st.limit_seen = true;
                        continue;
                    }
                    if top_clause && up == "INTERPOLATE" {
                        i = self.interpolate(i, b)?;
                        continue;
                    }
                    // With `WITH FILL`, `LIMIT` and `OFFSET` apply to the filled rows.
                    if top_clause && matches!(up.as_str(), "LIMIT" | "OFFSET") {
                        if let Some(fill) = self.fill.as_mut() {
                            let Some(Tok::Num(n)) = self.toks.get(i + 1) else {
                                return Err(query_error(
                                    "Invalid SQL syntax: a form read otherwise",
                                ));
                            };
                            let n = n.parse::<i64>().unwrap_or(self.rows_max).max(0);
                            if up == "LIMIT" {
                                fill.limit = Some(n.min(self.rows_max));
                            } else {
                                fill.offset = n;
                            }
                            i += 2;
                            continue;
                        }
                    }
                    if up == "LIMIT" {
                        st.limit_seen = true;
                        out.push(up);
                        // Only a plain count: the cap on answered rows must hold.
                        let Some(Tok::Num(n)) = self.toks.get(i + 1) else {
                            return Err(query_error("Invalid SQL syntax: LIMIT needs a number"));
                        };
                        let n = n.parse::<i64>().unwrap_or(self.rows_max);
                        out.push(n.clamp(0, self.rows_max).to_string());
                        i += 2;
                        if self.toks.get(i) == Some(&Tok::Sym(",")) {
                            return Err(query_error("Invalid SQL syntax: LIMIT needs a number"));
                        }
                        continue;
                    }
                    if up == "CASE" {
                        case_keys.extend(self.float_case_keys(i, b)?);
                        if let Some(end) = self.nanos_case(i, b, st, out)? {
                            i = end;
                            continue;
                        }
                        // A searched `CASE`'s conditions (ClickHouse's `multiIf`).
                        if self.word(i + 1) == "WHEN" {
                            if let Some((words, _)) = self.case_words(i, b) {
                                for pair in words.windows(2) {
                                    if let [when, then] = pair {
                                        if self.word(*when) == "WHEN" {
                                            self.check_condition(when + 1, *then)?;
                                        }
                                    }
                                }
                            }
                        }
                        let scope = self.scopes.last().cloned().unwrap_or_default();
                        if let Some((branches, after)) = self.case_branches(i, b) {
                            // (Of arrays, its value carries [`ARRAY_MARK`] whichever branch
                            // it is, see `ch_array_marked`.)
                            if self.expr_ty(i, after, &scope).is_array() {
                                out.push("ch_array_marked(".into());
                                divisions.push((after, ")"));
                            }
                            self.check_bool_first(&branches, &scope)?;
                            let no_else = self.case_words(i, b).is_some_and(|(words, _)| {
                                !words.iter().any(|w| self.word(*w) == "ELSE")
                            });
                            self.check_array_beside_null(&branches, no_else, &scope)?;
                            Ty::check_common(
                                branches
                                    .iter()
                                    .filter_map(|(s, e)| self.value_ty(*s, *e, &scope)),
                            )?;
                        }
                    }
                    if up == "IN" {
                        self.check_in_array(i)?;
                    }
                    // (String literals a time is compared with, as the times they are.)
                    if up == "IN" || up == "BETWEEN" {
                        for (at, sql) in self.time_literals(i, b)? {
                            literal_number(Some((at, sql)), &starts, out, &mut numbers);
                        }
                    }
                    if up == "IN" {
                        self.check_in_constant(i)?;
                        if let Some(end) = self.in_nulls(i, st, out, &starts)? {
                            i = end;
                            continue;
                        }
                        if let Some(end) = self.number_time_in(i, b, st, out, &starts)? {
                            i = end;
                            continue;
                        }
                        self.check_in_list(i)?;
                    }
                    if up == "BETWEEN" {
                        if let Some(end) = self.number_time_between(i, b, st, out, &starts)? {
                            i = end;
                            continue;
                        }
                    }
                    let named = i
                        .checked_sub(1)
                        .and_then(|p| self.toks.get(p))
                        .is_some_and(|p| upper(p) == "AS");
                    if named && matches!(up.as_str(), "ASC" | "DESC" | "OVER") {
                        // An alias spelled as these words keeps its spelling as the column's
                        // name (`outcome AS desc` is `desc`: ClickHouse 25.5.2 and 25.8.2
                        // (chDB) agree).
                        out.push(format!("\"{w}\""));
                        st.fresh = true;
                    } else if KEYWORDS.contains(&up.as_str()) {
                        out.push(up);
                        st.fresh = true;
                    } else {
                        let after_as = i
                            .checked_sub(1)
                            .and_then(|p| self.toks.get(p))
                            .is_some_and(|p| upper(p) == "AS");
                        let item_start = i
                            .checked_sub(1)
                            .and_then(|p| self.toks.get(p))
                            .is_some_and(|p| *p == Tok::Sym(",") || upper(p) == "SELECT");
                        let item_end = self
                            .toks
                            .get(i + 1)
                            .is_none_or(|n| *n == Tok::Sym(",") || upper(n) == "FROM");
                        let bare_item = st.closers.is_empty()
                            && st.from_at.is_some_and(|f| i < f)
                            && item_start
                            && item_end;
                        let alias = if after_as {
                            None
                        } else {
                            self.select_alias(w, i)
                        };
                        let (sql, renamed) = if after_as {
                            (self.identifier(w)?, false)
                        } else if let Some((name, s, e)) = alias {
                            // A select-list alias stands for its expression anywhere in its
                            // SELECT, as in ClickHouse (before a column of that name).
                            self.expand_alias()?;
                            self.expanding.push(name);
                            self.alias_sites.push((s, e, i));
                            let sql = self.expression_with(s, e, st.array_join.clone());
                            self.alias_sites.pop();
                            self.expanding.pop();
                            (format!("({})", sql?), true)
                        } else {
                            if self.resolve(w).is_some_and(|(_, t)| t == Ty::Interval)
                                && !self.interval_column_read(i, bare_item)
                            {
                                return Err(interval_column_not_run());
                            }
                            // (See [`IntervalColumn::array`].)
                            let array = match self.array_column(w) {
                                Some(_) => self.array_column_read(i, w)?,
                                None => None,
                            };
                            match array {
                                Some(sql) => (sql, false),
                                None => self.column_ref(w)?,
                            }
                        };
                        out.push(sql);
                        // A select-list item that is just an `ARRAY JOIN` alias, or a column
                        // answered through a default, keeps its name.
                        if bare_item
                            && (renamed || self.array_aliases.contains_key(&w.to_ascii_lowercase()))
                        {
                            let name = w.rsplit('.').next().unwrap_or(w);
                            out.push(format!("AS \"{name}\""));
                        }
                    }
                }
            }
            i += 1;
        }
        self.take_folded(&mut folding, i, None, out);
        while let Some((_, close)) = divisions.pop() {
            out.push(close.into());
            self.take_folded(&mut folding, i, Some(divisions.len()), out);
        }
        if let Some((_, at)) = st.key.take() {
            end_key(
                out,
                at,
                std::mem::take(&mut st.array_key),
                std::mem::take(&mut st.array_group),
            );
        }
        if st.arrays_pending {
            self.arrays_after_joins(st, out)?;
        }
        if let Some((s, e)) = st.order_by {
            if e == b && (s..e).contains(&(b.saturating_sub(1))) && !st.order_item_has_nulls {
                out.push("NULLS LAST".into());
                st.order_item_has_nulls = true;
            }
        }
        Ok(())
    }

    /// The end of the call at `i` where ClickHouse folds it as it analyses the query: a call
    /// of constants ([`Tr::folded_expression`]; see [`Tr::folded`]).
    fn folded_call_end(&self, i: usize) -> Option<usize> {
        let end = closing(self.toks, i + 1)? + 1;
        self.folded_expression(i, end).then_some(end)
    }

    /// Records the constants of `folding` (see [`Tr::emit`]) that end at `i`, the SQL written
    /// into `out` since each started ([`Tr::fold`]), and drops those a translation of more
    /// than them passed over. A call's SQL is whole before the closings of divisions that end
    /// at `i` (`closed` `None`: those of operators around it); a `%`'s with its own closing,
    /// the `closed`-th of `emit`'s divisions.
    fn take_folded(
        &self,
        folding: &mut Vec<Folding>,
        i: usize,
        closed: Option<usize>,
        out: &[String],
    ) {
        folding.retain(|&(start, end, at, closing)| {
            let whole = end == i && closing == closed;
            if whole {
                if let Some(sql) = out.get(at..).filter(|sql| !sql.is_empty()) {
                    self.fold(sql.join(" "), start, self.fold_stage(start, end));
                }
            }
            !whole && end >= i
        });
    }

    /// Whether the token at `at` stands inside parentheses that open a `SELECT` or `WITH` (a
    /// subquery, a CTE's body).
    pub(super) fn within_subquery(&self, at: usize) -> bool {
        let mut depth = 0usize;
        (0..at).rev().any(|p| match self.toks.get(p) {
            Some(Tok::Sym(")" | "]")) => {
                depth += 1;
                false
            }
            Some(Tok::Sym("(" | "[")) if depth > 0 => {
                depth -= 1;
                false
            }
            Some(Tok::Sym("(")) => matches!(self.word(p + 1).as_str(), "SELECT" | "WITH"),
            _ => false,
        })
    }

    /// When ClickHouse folds the constant `[s, e)` ([`FoldStage`]): where it holds a lambda
    /// (`x -> …`, whose arrow is `-` `>`), as its planner builds the ActionsDAG, not as its
    /// analyzer resolves the call (resolveFunction.cpp: a `LambdaNode` argument is no
    /// `ConstantNode`, so the call's arguments are not all constants there). (One inside a
    /// scalar subquery of `[s, e)`, which the analyzer runs, counts too: telling the fold
    /// planned is the cautious side, see `Analytics::run`.)
    fn fold_stage(&self, s: usize, e: usize) -> FoldStage {
        let lambda = (s..e).any(|k| {
            self.toks.get(k) == Some(&Tok::Sym("-")) && self.toks.get(k + 1) == Some(&Tok::Sym(">"))
        });
        if !lambda {
            return FoldStage::Analysis;
        }
        FoldStage::Plan {
            nested: self.within_subquery(s),
        }
    }

    /// Records `sql`, the translation of a constant at `at` that ClickHouse folds, to be read
    /// once before the query runs ([`Tr::folded`]; one recorded already is not again, one in
    /// a CTE the query never names is never folded), at `stage` ([`Tr::fold_stage`]).
    ///
    /// One in the branch of an `if` whose condition is a literal that does not take it is
    /// not folded, one in a branch of an `if` of another constant condition is read as one in
    /// a CTE's body, where SQLite reaches it ([`Tr::if_branch`]).
    pub(super) fn fold(&self, sql: String, at: usize, stage: FoldStage) {
        let branch = self.if_branch(at);
        if branch == IfBranch::Untaken {
            return;
        }
        let in_cte_body = |at: usize| self.in_cte_body(at) || branch == IfBranch::Unsure;
        let mut folded = self.folded.take();
        let known = folded.iter_mut().find_map(|f| match f {
            Fold::Read(s, in_cte, _) if *s == sql => Some(in_cte),
            _ => None,
        });
        match known {
            Some(in_cte) if *in_cte => *in_cte = in_cte_body(at),
            Some(_) => {}
            None if self.in_unnamed_cte(at) => {}
            None => {
                let in_cte = in_cte_body(at);
                folded.push(Fold::Read(sql, in_cte, stage));
            }
        }
        self.folded.set(folded);
    }

    /// Where the token at `at` stands among the branches of the `if` calls around it:
    /// ClickHouse's analyzer resolves `if(c, a, b)` of a constant `c` by the branch it takes
    /// only, folding no constant of the other, so `if(1, 0, toInt64(1 / 0))` is 0 where
    /// `if(0, 0, toInt64(1 / 0))`, `multiIf(1, 0, …)` and `CASE WHEN 1 …` fail (ClickHouse
    /// 25.5.2 and 25.8.2 (chDB) agree). A condition that is a number, `true`, `false` or `NULL`
    /// is read here (`Untaken` the other branch); another constant one is not (`Unsure`).
    pub(super) fn if_branch(&self, at: usize) -> IfBranch {
        let mut found = IfBranch::Taken;
        let mut depth = 0i64;
        let mut k = at;
        while let Some(p) = k.checked_sub(1) {
            k = p;
            match self.toks.get(k) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth > 0 => depth -= 1,
                Some(Tok::Sym("(")) => {
                    let call_if = k.checked_sub(1).is_some_and(|f| {
                        matches!(self.toks.get(f), Some(Tok::Word(_))) && self.word(f) == "IF"
                    });
                    if !call_if {
                        continue;
                    }
                    let args = self.arguments(k);
                    let (Some(&(cs, ce)), Some(n)) = (
                        args.first(),
                        args.iter().position(|(s, e)| (*s..*e).contains(&at)),
                    ) else {
                        continue;
                    };
                    if n == 0 || args.len() != 3 {
                        continue;
                    }
                    let (cs, ce) = self.unparenthesized(cs, ce);
                    let literal = match self.toks.get(cs..ce) {
                        Some([Tok::Num(v)]) | Some([Tok::Sym("-"), Tok::Num(v)]) => {
                            v.parse::<f64>().ok().map(|v| v != 0.0)
                        }
                        Some([Tok::Word(w)]) => match w.to_ascii_uppercase().as_str() {
                            "TRUE" => Some(true),
                            "FALSE" | "NULL" => Some(false),
                            _ => None,
                        },
                        _ => None,
                    };
                    match literal {
                        Some(taken) if (n == 1) != taken => return IfBranch::Untaken,
                        Some(_) => {}
                        None if self.constant_expression(cs, ce) => found = IfBranch::Unsure,
                        None => {}
                    }
                }
                _ => {}
            }
        }
        found
    }

    /// How many constants were folded so far ([`Tr::folded`]).
    pub(super) fn folded_count(&self) -> usize {
        let folded = self.folded.take();
        let count = folded.len();
        self.folded.set(folded);
        count
    }

    /// Moves the constants folded since the `clauses`-th (those of a select list, translated
    /// after its `SELECT`'s clauses) to before those folded since the `from`-th (the clauses',
    /// after the `FROM`'s), as ClickHouse resolves a `SELECT` ([`Tr::folded`]).
    pub(super) fn fold_list_after(&self, from: usize, clauses: usize) {
        let mut folded = self.folded.take();
        if let Some(moved) = folded.get_mut(from..) {
            moved.rotate_right(moved.len().saturating_sub(clauses.saturating_sub(from)));
        }
        self.folded.set(folded);
    }

    /// Records `e`, the error of a constant at `at` ClickHouse folds, told as it is
    /// translated: the query's where no constant folded before it fails ([`Tr::folded`];
    /// none in a CTE the query never names).
    pub(super) fn fold_failure(&self, e: ApiError, at: usize) {
        if self.in_unnamed_cte(at) {
            return;
        }
        // (In a branch of an `if`, see [`Tr::if_branch`].)
        let e = match self.if_branch(at) {
            IfBranch::Untaken => return,
            IfBranch::Unsure => unsupported(
                "a constant that fails in a branch of an if whose constant condition is not read here",
            ),
            IfBranch::Taken => e,
        };
        let mut folded = self.folded.take();
        folded.push(Fold::Failed(e));
        self.folded.set(folded);
    }

    /// The filter of the `WHERE`/`PREWHERE` at `at`, checked as ClickHouse types it:
    /// upstream writes it as `workspace_id = '…' AND (<filter>)`, and `and` refuses a
    /// `String`, an array, a time, a `Decimal` or an interval (ILLEGAL_TYPE_OF_ARGUMENT,
    /// "Illegal type (String) of 2 argument of function and"), and a float constant that is
    /// not a whole number (CANNOT_CONVERT_TYPE, "Cannot convert out of range floating point
    /// value to integer type"); a filter of a `SELECT` that upstream does not wrap (over a
    /// subquery) is ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER for these. All are upstream's "Invalid
    /// analytics query" (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `WHERE outcome`,
    /// `WHERE tags`, `WHERE 1.5`).
    pub(super) fn check_filter(&mut self, at: usize) -> Result<(), ApiError> {
        let prewhere = self.word(at) == "PREWHERE";
        let mut depth = 0i64;
        let end = (at + 1..self.toks.len())
            .find(|k| {
                match self.toks.get(*k) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    _ => {}
                }
                let w = self.word(*k);
                depth < 0
                    || depth == 0
                        && (prewhere && w == "WHERE"
                            || matches!(
                                w.as_str(),
                                "GROUP"
                                    | "ORDER"
                                    | "LIMIT"
                                    | "HAVING"
                                    | "WINDOW"
                                    | "QUALIFY"
                                    | "UNION"
                                    | "EXCEPT"
                                    | "INTERSECT"
                                    | "SETTINGS"
                                    | "FORMAT"
                            ))
            })
            .unwrap_or(self.toks.len());
        if at + 1 >= end {
            return Ok(());
        }
        self.type_scalars(at + 1, end)?;
        if self.refused_by_and(at + 1, end) {
            return Err(query_error("Invalid analytics query"));
        }
        if prewhere {
            self.check_condition(at + 1, end)?;
        }
        Ok(())
    }

    /// The condition `a..b` of a `CASE WHEN`, a `HAVING`, a `PREWHERE` (neither of which
    /// upstream wraps) or an `arrayFilter` lambda, checked as ClickHouse types it: a `UInt8`,
    /// a `Bool`, `NULL` or a `Nullable` of them, no other number, string, array or time
    /// (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `CASE WHEN length(tags) …` is "Illegal
    /// type UInt64 of argument (condition) of function multiIf", `HAVING sum(spent_credits)`
    /// ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER, `arrayFilter(t -> length(t), tags)` "Expression
    /// for function arrayFilter must return UInt8 or Nullable(UInt8), found UInt64"), and an
    /// `AND`, `OR` or `NOT` of an operand `and` refuses ("Illegal type (String) of argument of
    /// function not"): upstream's "Invalid analytics query".
    pub(super) fn check_condition(&self, a: usize, b: usize) -> Result<(), ApiError> {
        if a >= b {
            return Ok(());
        }
        if self.refused_by_and(a, b) {
            return Err(query_error("Invalid analytics query"));
        }
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let ty = self.expr_ty(a, b, &scope);
        if Takes::Condition.refusal(ty).is_some() {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }

    /// Whether `a..b` is an operand `and` refuses (see [`Tr::check_filter`]), or an `AND`,
    /// `OR` or `NOT` (of parentheses or not) of one.
    pub(super) fn refused_by_and(&self, mut a: usize, mut b: usize) -> bool {
        while a < b
            && self.toks.get(a) == Some(&Tok::Sym("("))
            && closing(self.toks, a) == Some(b - 1)
        {
            a += 1;
            b -= 1;
        }
        if a >= b {
            return false;
        }
        if let Some(operands) = self.logical_operands(a, b) {
            return operands.into_iter().any(|(s, e)| self.refused_by_and(s, e));
        }
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let ty = self.expr_ty(a, b, &scope);
        match ty {
            Ty::Str | Ty::Array(_) | Ty::Decimal | Ty::DecimalNanos | Ty::Interval => true,
            t if t.is_time() => true,
            Ty::Float => {
                // A float literal (`1.5`, `-0.5`): refused unless a whole number.
                let start = match self.toks.get(a) {
                    Some(Tok::Sym("-")) => a + 1,
                    _ => a,
                };
                match (self.toks.get(start), b.saturating_sub(start)) {
                    (Some(Tok::Num(n)), 1) => n
                        .parse::<f64>()
                        .map_or(true, |v| !v.is_finite() || v.fract() != 0.0),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// The subscript whose `[` is at `k` (before `b`), as ClickHouse's `arrayElement` reads
    /// it (FunctionArrayElement): the index translated ([`Tr::subscript_index`]), the default
    /// of the elements' type an index out of range gives, and the `]`. An array whose
    /// elements' type is not told here (see [`Tr::subscript_ty`]) or of intervals (which
    /// [`Tr::subscripted_intervals`] reads) is not run.
    pub(super) fn subscript(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<(String, String, usize), ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let operand = self
            .primary_start(k)
            .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
        // (Scalar subqueries in it are translated ahead, to tell their types.)
        self.type_scalars(operand, k)?;
        match self.expr_ty(operand, k, &scope) {
            Ty::Array(_) => {}
            Ty::Unknown => {
                return Err(unsupported(
                    "a subscript of what is not known to be an array here",
                ))
            }
            _ => return Err(query_error("Invalid analytics query")),
        }
        let element = self.subscript_ty(operand, k, &scope).ok_or_else(|| {
            unsupported("a subscript of an array whose elements' type is not known here (of arrays of intervals, of intervals, of scalar subqueries of such types)")
        })?;
        let default = if self.nullable_elements(operand, k, &scope) {
            "NULL"
        } else {
            element.default_sql().ok_or_else(|| {
                unsupported("a subscript of an array of intervals read other than as an interval (moving a time, compared, toString)")
            })?
        };
        self.check_index_zero(operand, k, b)?;
        let (index, close) = self.subscript_index(k, b)?;
        Ok((index, default.to_string(), close))
    }

    /// A subscript `a[0]` (of the literal index 0, whose `[` is at `k` before `b`) of the
    /// array `[operand, k)`: ClickHouse folds it of a constant array to the elements'
    /// default (`[1, 2][0]` is 0), but of an array that is no constant its arrayElement is
    /// ZERO_ARRAY_OR_TUPLE_INDEX ("Array indices are 1-based") on every block, an empty one
    /// too, so rows or not (`tags[0]`, `groupArray(x)[0]`, `[n][0]`), "Invalid analytics
    /// query" (ClickHouse 25.5.2 and 25.8.2 (chDB) agree). An array that reads a public
    /// table's column (outside a subquery, where ClickHouse may drop a column no one reads)
    /// or aggregates fails so; one that neither reads nor is a constant told here (a
    /// subquery's column, which may be a constant there) is not run.
    pub(super) fn check_index_zero(
        &self,
        operand: usize,
        k: usize,
        b: usize,
    ) -> Result<(), ApiError> {
        let Some(close) = self.bracket_close(k).filter(|c| *c < b) else {
            return Ok(());
        };
        let zero = match self.toks.get(k + 1..close) {
            Some([Tok::Num(n)]) | Some([Tok::Sym("-"), Tok::Num(n)]) => n.parse::<u64>() == Ok(0),
            _ => false,
        };
        if !zero || self.constant_expression(operand, k) {
            return Ok(());
        }
        let literal_array = self.toks.get(operand) == Some(&Tok::Sym("["))
            && self.bracket_close(operand) == k.checked_sub(1)
            && self.constant_expression(operand + 1, k - 1);
        if literal_array {
            return Ok(());
        }
        let varies =
            self.reads_table_column(operand, k) || (operand..k).any(|j| self.is_aggregate_call(j));
        if varies && !self.within_subquery(operand) {
            return Err(query_error("Invalid analytics query"));
        }
        Err(unsupported(
            "a subscript of the index 0 of an array not told to be a constant here, nor to read a table (ClickHouse's error of one that is no constant)",
        ))
    }

    /// The index of the subscript whose `[` is at `k` (before `b`), translated, and the `]`.
    /// It is one integer (1-based, negative from the end, 0 out of range); another type is
    /// ILLEGAL_TYPE_OF_ARGUMENT ("Second argument for function arrayElement must have UInt or
    /// Int type"), upstream's "Invalid analytics query"; not one index ClickHouse's syntax
    /// error. An index 0 that varies is out of range, the default, and so is a literal 0 of a
    /// constant array (`[1, 2][0]` is 0; of another array, see [`Tr::check_index_zero`]);
    /// the index is an integer literal, or reads a column (a name not called); another
    /// constant (`1 - 1`, `toInt32('0')`) is not run.
    pub(super) fn subscript_index(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<(String, usize), ApiError> {
        let close = self
            .bracket_close(k)
            .filter(|c| *c < b)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced brackets"))?;
        let &[(s, e)] = self.list_items(k + 1, close).as_slice() else {
            return Err(clickhouse_parse_error());
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        match self.expr_ty(s, e, &scope) {
            Ty::Int(_) | Ty::Bool => {}
            Ty::Unknown => {
                return Err(unsupported(
                    "a subscript whose index is not known to be an integer here",
                ))
            }
            _ => return Err(query_error("Invalid analytics query")),
        }
        let literal = match self.toks.get(s..e).unwrap_or_default() {
            [Tok::Num(n)] | [Tok::Sym("-"), Tok::Num(n)] => Some(n.parse::<i64>().ok()),
            _ => None,
        };
        match literal {
            Some(_) => {}
            None => {
                let reads_column = (s..e).any(|j| {
                    matches!(self.toks.get(j), Some(Tok::Word(w)) if !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()))
                        && self.toks.get(j + 1) != Some(&Tok::Sym("("))
                });
                if !reads_column {
                    return Err(unsupported(
                        "a subscript whose index is a constant expression",
                    ));
                }
            }
        }
        Ok((self.expression(s, e)?, close))
    }

    /// Where the operand before the binary operator at `k` starts: back over operands and
    /// arithmetic to the nearest `(`, `,`, comparison or keyword outside parentheses (a clause
    /// word after an operand too, [`operand_boundary`]).
    pub(super) fn left_operand_start(&self, k: usize) -> usize {
        let mut depth = 0usize;
        let mut j = k;
        while let Some(t) = j.checked_sub(1).and_then(|p| self.toks.get(p)) {
            match t {
                Tok::Sym(")" | "]") => depth += 1,
                Tok::Sym("(" | "[") if depth == 0 => break,
                Tok::Sym("(" | "[") => depth -= 1,
                _ if depth > 0 => {}
                Tok::Num(_) | Tok::Str(_) | Tok::Sym("+" | "-" | "*" | "/" | "%") => {}
                Tok::Word(_) if !operand_boundary(self.toks, j - 1) => {}
                // (The literals `NULL`, `TRUE` and `FALSE` are operands: `true IN (300)`.)
                Tok::Word(w) if literal_word(w) && !after_is(self.toks, j - 1) => {}
                _ => break,
            }
            j -= 1;
        }
        j
    }

    /// Where the operand that starts at `k` ends (before `b`): forward over operands and
    /// arithmetic to the nearest `)`, `,`, comparison or keyword outside parentheses (as
    /// [`Tr::left_operand_start`] goes back).
    pub(super) fn right_operand_end(&self, k: usize, b: usize) -> usize {
        let mut depth = 0usize;
        let mut j = k;
        while let Some(t) = self.toks.get(j).filter(|_| j < b) {
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") if depth == 0 => break,
                Tok::Sym(")" | "]") => depth -= 1,
                _ if depth > 0 => {}
                Tok::Num(_) | Tok::Str(_) | Tok::Sym("+" | "-" | "*" | "/" | "%") => {}
                Tok::Word(_) if !operand_boundary(self.toks, j) => {}
                Tok::Word(w) if literal_word(w) && !after_is(self.toks, j) => {}
                _ => break,
            }
            j += 1;
        }
        j
    }

    /// Where the term that starts at `k` (the right operand of a binary `+`/`-`: operands
    /// joined by `*`, `/`, `%`) ends: at the next binary `+`/`-`, comparison, `,`, closing
    /// bracket, or word after an operand (a clause or an alias), outside brackets.
    pub(super) fn term_end(&self, k: usize, b: usize) -> usize {
        let mut depth = 0usize;
        let mut j = k;
        while j < b {
            let after_operand = j > k && ends_operand(self.toks.get(j - 1));
            match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => depth += 1,
                Some(Tok::Sym(")" | "]")) if depth == 0 => break,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Word(w)) if depth > 0 && w.eq_ignore_ascii_case("END") => depth -= 1,
                _ if depth > 0 => {}
                Some(Tok::Sym("*" | "/" | "%")) => {}
                Some(Tok::Sym("+" | "-")) if !after_operand => {}
                Some(Tok::Sym(_)) => break,
                Some(Tok::Word(_)) if after_operand => break,
                _ => {}
            }
            j += 1;
        }
        j
    }

    /// The operands of the `*` at `k` (up to `b`, as [`Tr::division_operands`] tells them)
    /// where one is a `Decimal` of seconds held as a float ([`Ty::Decimal`]) and the other an
    /// integer: where the left one starts, where the right one ends, and whether the right one
    /// is the `Decimal`.
    fn decimal_product(&self, k: usize, b: usize) -> Option<(usize, usize, bool)> {
        let (left, end) = self.division_operands(k, b)?;
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let integer = |t: Ty| matches!(t, Ty::Int(_) | Ty::Bool);
        match (
            self.expr_ty(left, k, scope),
            self.expr_ty(k + 1, end, scope),
        ) {
            (Ty::Decimal, r) if integer(r) => Some((left, end, false)),
            (l, Ty::Decimal) if integer(l) => Some((left, end, true)),
            _ => None,
        }
    }

    /// Where the operand that starts at `k` ends: a call, a parenthesized expression, or one
    /// token.
    pub(super) fn operand_end(&self, k: usize, b: usize) -> Result<usize, ApiError> {
        let end = match (self.toks.get(k), self.toks.get(k + 1)) {
            // (A parametric call, `quantile(0.5)(x)`, with its arguments.)
            (Some(Tok::Word(_)), Some(Tok::Sym("("))) => {
                closing(self.toks, k + 1).and_then(|c| match self.toks.get(c + 1) {
                    Some(Tok::Sym("(")) => closing(self.toks, c + 1).map(|d| d + 1),
                    _ => Some(c + 1),
                })
            }
            (Some(Tok::Sym("(")), _) => closing(self.toks, k).map(|c| c + 1),
            // (An array literal.)
            (Some(Tok::Sym("[")), _) => self.bracket_close(k).map(|c| c + 1),
            // (`CASE … END`, with the `CASE`s inside it.)
            (Some(Tok::Word(w)), _) if w.eq_ignore_ascii_case("CASE") => {
                let (mut depth, mut cases) = (0i64, 0usize);
                (k..b)
                    .find(|p| {
                        match self.toks.get(*p) {
                            Some(Tok::Sym("(" | "[")) => depth += 1,
                            Some(Tok::Sym(")" | "]")) => depth -= 1,
                            Some(t) if depth == 0 && upper(t) == "CASE" => cases += 1,
                            Some(t) if depth == 0 && upper(t) == "END" => {
                                cases = cases.saturating_sub(1)
                            }
                            _ => {}
                        }
                        cases == 0
                    })
                    .map(|end| end + 1)
            }
            (Some(Tok::Word(_) | Tok::Num(_) | Tok::Str(_)), _) => Some(k + 1),
            _ => None,
        };
        // (With the subscripts that follow it: `a[1][2]`.)
        let mut end = end;
        while let Some(open) = end.filter(|e| self.subscript_at(*e)) {
            end = self.bracket_close(open).map(|c| c + 1);
        }
        end.filter(|e| *e <= b)
            .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))
    }

    /// Where the operand that ends right before `k` starts: a literal, a name, a call, a
    /// `CASE … END`, or a parenthesized or bracketed expression (`None` for anything else).
    pub(super) fn primary_start(&self, k: usize) -> Option<usize> {
        let last = k.checked_sub(1)?;
        match self.toks.get(last)? {
            Tok::Num(_) | Tok::Str(_) => Some(last),
            Tok::Word(w) if w.eq_ignore_ascii_case("END") => {
                let (mut depth, mut ends) = (0i64, 0usize);
                (0..=last).rev().find(|p| {
                    match self.toks.get(*p) {
                        Some(Tok::Sym(")" | "]")) => depth += 1,
                        Some(Tok::Sym("(" | "[")) => depth -= 1,
                        Some(t) if depth == 0 && upper(t) == "END" => ends += 1,
                        Some(t) if depth == 0 && upper(t) == "CASE" => {
                            ends = ends.saturating_sub(1)
                        }
                        _ => {}
                    }
                    ends == 0
                })
            }
            Tok::Word(w) => (!KEYWORDS.contains(&w.to_ascii_uppercase().as_str())).then_some(last),
            Tok::Sym(")" | "]") => {
                let mut depth = 0usize;
                let open = (0..=last).rev().find(|p| {
                    match self.toks.get(*p) {
                        Some(Tok::Sym(")" | "]")) => depth += 1,
                        Some(Tok::Sym("(" | "[")) => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    depth == 0
                })?;
                // (A subscript's operand, `a[1]`, starts where `a` does.)
                if self.subscript_at(open) {
                    return self.primary_start(open);
                }
                let called = |open: usize| {
                    open.checked_sub(1).filter(|f| {
                        self.toks.get(open) == Some(&Tok::Sym("("))
                            && matches!(self.toks.get(*f), Some(Tok::Word(w))
                                if !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()))
                    })
                };
                // (A parametric call's arguments, `quantile(0.5)(x)`, after its parameters.)
                let parametric = open
                    .checked_sub(1)
                    .filter(|p| {
                        self.toks.get(open) == Some(&Tok::Sym("("))
                            && self.toks.get(*p) == Some(&Tok::Sym(")"))
                    })
                    .and_then(|p| self.primary_start(p + 1))
                    .filter(|f| {
                        matches!(self.toks.get(*f), Some(Tok::Word(_)))
                            && self.toks.get(f + 1) == Some(&Tok::Sym("("))
                    });
                Some(parametric.or_else(|| called(open)).unwrap_or(open))
            }
            Tok::Sym(_) => None,
        }
    }

    /// ClickHouse's `arrayFilter(x -> condition, array)` at `i`: the elements of the array for
    /// which the condition holds, in order (an array the answer writes as a JSON array).
    /// Returns the index after the call.
    pub(super) fn array_filter(
        &mut self,
        i: usize,
        out: &mut Vec<String>,
    ) -> Result<usize, ApiError> {
        let close = closing(self.toks, i + 1)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
        let args = self.arguments(i + 1);
        let Some((&(lambda_at, lambda_end), arrays)) = args.split_first() else {
            return Err(query_error("Invalid SQL syntax: a form read otherwise"));
        };
        // `x -> …` or `(x, y) -> …`: one parameter per array.
        let (params, arrow) = match self.toks.get(lambda_at) {
            Some(Tok::Word(v)) => (vec![v.clone()], lambda_at + 1),
            Some(Tok::Sym("(")) => {
                let c = closing(self.toks, lambda_at)
                    .filter(|c| *c < lambda_end)
                    .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
                let mut params = Vec::new();
                for k in lambda_at + 1..c {
                    match self.toks.get(k) {
                        Some(Tok::Word(v)) => params.push(v.clone()),
                        Some(Tok::Sym(",")) => {}
                        _ => return Err(query_error("Invalid SQL syntax: a form read otherwise")),
                    }
                }
                (params, c + 1)
            }
            _ => return Err(query_error("Invalid SQL syntax: a form read otherwise")),
        };
        let lambda = (
            self.toks.get(arrow),
            self.toks.get(arrow + 1),
            arrow + 2 < lambda_end,
        );
        // (A lambda of another count of parameters than arrays is ClickHouse's
        // ILLEGAL_TYPE_OF_ARGUMENT, "First argument for this overload of arrayFilter must be a
        // function with 2 arguments", FunctionArrayMapped.h: "Invalid analytics query".)
        if lambda == (Some(&Tok::Sym("-")), Some(&Tok::Sym(">")), true)
            && !params.is_empty()
            && !arrays.is_empty()
            && params.len() != arrays.len()
        {
            return Err(query_error("Invalid analytics query"));
        }
        if lambda != (Some(&Tok::Sym("-")), Some(&Tok::Sym(">")), true)
            || params.is_empty()
            || params.len() != arrays.len()
        {
            return Err(query_error(
                "Invalid SQL syntax: arrayFilter takes a lambda and one array per parameter",
            ));
        }
        let mut sources = Vec::new();
        let mut first: Option<(String, String)> = None;
        let mut checks = Vec::new();
        let mut names = Vec::new();
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for (s, e) in arrays {
            let array = self.expression(*s, *e)?;
            self.generated += 1;
            let f = format!("__ul_f{}", self.generated);
            // (A parameter is of its array's element type.)
            let element = self.element_ty(*s, *e, &scope);
            self.element_types
                .insert(format!("\"{f}\".\"value\""), element);
            let each = format!("json_each(ch_array({array})) AS \"{f}\"");
            match &first {
                None => {
                    sources.push(each);
                    first = Some((f.clone(), array));
                }
                Some((f0, a0)) => {
                    sources.push(format!("JOIN {each} ON \"{f}\".\"key\" = \"{f0}\".\"key\""));
                    checks.push(format!("ch_same_length({a0}, {array})"));
                }
            }
            names.push(f);
        }
        // The parameters name the elements while the condition is read.
        let mut shadowed = Vec::new();
        for (written, f) in params.iter().zip(&names) {
            let p = written.to_ascii_lowercase();
            let prev = self
                .array_aliases
                .insert(p.clone(), format!("\"{f}\".\"value\""));
            let prev_written = self.array_alias_written.insert(p.clone(), written.clone());
            shadowed.push((p, prev, prev_written));
        }
        let cond = self
            .check_condition(arrow + 2, lambda_end)
            .and_then(|()| self.expression(arrow + 2, lambda_end));
        for (p, prev, prev_written) in shadowed.into_iter().rev() {
            match prev {
                Some(prev) => self.array_aliases.insert(p.clone(), prev),
                None => self.array_aliases.remove(&p),
            };
            match prev_written {
                Some(prev) => self.array_alias_written.insert(p, prev),
                None => self.array_alias_written.remove(&p),
            };
        }
        checks.push(format!("({})", cond?));
        let f0 = names.first().cloned().unwrap_or_default();
        out.push(format!(
            "('{ARRAY_MARK}' || (SELECT json_group_array(ch_json_value(\"{f0}\".\"value\")) FROM {} WHERE {}))",
            sources.join(" "),
            checks.join(" AND ")
        ));
        Ok(close + 1)
    }

    /// The time-zone argument of the call at `i` (`lower`, its name) where the function
    /// takes one (`toDate(t, 'UTC')`, `formatDateTime(t, f, 'Asia/Tokyo')`, `now('UTC')`, …),
    /// which is left out of the translation (its name keeps it). Every time here is UTC, so a
    /// zone whose offset is always 0 (`'UTC'`, `'Etc/UTC'`, `'GMT'`, …) changes nothing
    /// ClickHouse answers (upstream's Go driver writes such a time with `Z` too). Another zone
    /// is answered (its name, as SQL, returned for the call to read its time in, see
    /// [`in_zone`]) where the value is a `Date` or a `String` of a `DateTime` or `DateTime64`
    /// read in the zone: `toDate`, `toStartOfWeek`/`Month`/`Quarter`/`Year`, `date_trunc` to a
    /// week, month, quarter or year, `formatDateTime` and `toString`; of a `Date`, whose day is
    /// the same in every zone (DateLUTImpl's day numbers), it changes nothing but in
    /// `formatDateTime` (`%z`) and is left out. An unknown zone is ClickHouse's "Cannot load
    /// time zone …" (an empty one its ILLEGAL_TYPE_OF_ARGUMENT), which upstream's
    /// WrapClickHouseError answers as "Invalid analytics query"; a zone that is not a string
    /// literal, a value of type `DateTime('zone')` (`now(tz)`, `toDateTime(t, tz)`,
    /// `toStartOfDay(t, tz)`, …) and a zone of a number, a text or a `DateTime64` of ns are not
    /// run.
    fn time_zone(&self, i: usize, lower: &str) -> Result<Option<String>, ApiError> {
        let Some((at, s, e)) = self.zone_argument(i, lower) else {
            // (`toStartOfDay/Hour/Minute` of a `DateTime` of a zone floors it there and keeps
            // the zone, [`Tr::floored_in_its_zone`].)
            if let Some(zone) = self.floor_zone(i, lower) {
                self.zoned_value(i, lower, &zone)?;
                return Ok(Some(format!("'{}'", zone.replace('\'', "''"))));
            }
            // (A `DateTime` of a zone read without one is read in its own.)
            return Ok(self.inherited_zone(i, lower));
        };
        let leave_out = || {
            // (From the comma before it, or the argument alone when it is the first.)
            self.skip(if at == 0 { s } else { s - 1 }, e);
        };
        let args = self.arguments(i + 1);
        let date_unit = matches!(
            args.first().and_then(|(s, _)| self.toks.get(*s)),
            Some(Tok::Str(u)) if matches!(u.to_ascii_lowercase().as_str(), "week" | "month" | "quarter" | "year")
        );
        // A zone after a `Date` of `toStartOfWeek`/`Month`/`Quarter`/`Year` or of `date_trunc`
        // to a week, month, quarter or year, whatever the zone, and a string as the second
        // argument of `toStartOfWeek` (its mode's place), are ClickHouse's
        // ILLEGAL_TYPE_OF_ARGUMENT (upstream's "Invalid analytics query"; ClickHouse 25.5.2 and
        // 25.8.2 (chDB) agree: "The timezone argument of function toStartOfWeek is allowed
        // only when the 1st argument is DateTime or DateTime64", "Illegal type String of 2nd
        // (optional) argument of function toStartOfWeek").
        let zone_of_date = match lower {
            "tostartofweek" | "tostartofmonth" | "tostartofquarter" | "tostartofyear" => {
                self.arg_ty(i, 0) == Ty::Date
            }
            "date_trunc" => date_unit && self.arg_ty(i, 1) == Ty::Date,
            _ => false,
        };
        if zone_of_date || lower == "tostartofweek" && at == 1 {
            return Err(query_error("Invalid analytics query"));
        }
        let zone = match self.written_zone(s, e) {
            // (`toString` takes a zone after a `DateTime` or `DateTime64` only,
            // FunctionsConversion's validateFunctionArguments: of another type a second
            // argument is its NUMBER_OF_ARGUMENTS_DOESNT_MATCH, "Invalid analytics query"; of a
            // `NULL` literal `NULL`, not run, see [`FIXED_ARITY`].)
            _ if lower == "tostring"
                && !matches!(
                    self.first_arg_ty(i),
                    Ty::DateTime | Ty::DateTime64(_) | Ty::Nanos(_)
                ) =>
            {
                return match self.first_arg_ty(i) {
                    Ty::Unknown => Err(unsupported(
                        "toString of a value whose type is not told here, with a second argument",
                    )),
                    _ => Err(query_error("Invalid analytics query")),
                };
            }
            Some(zone) if ZERO_OFFSET_ZONES.contains(&zone) => {
                leave_out();
                return Ok(None);
            }
            Some(zone) => zone,
            // (A time zone is a constant `String`: of a number, an array or a time
            // ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT, FunctionsConversion's "timezone"
            // descriptor (`isString`) and extractTimeZoneNameFromFunctionArguments; but
            // `toDateTime(x, p)` of a number `p` is its `DateTime64` of scale `p`, and a
            // `NULL` literal is `NULL` before the zone is read.)
            None if lower != "todatetime" && {
                let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
                let t = self.expr_ty(s, e, scope);
                t.is_array()
                    || t.is_time()
                    || matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal)
            } =>
            {
                return Err(query_error("Invalid analytics query"))
            }
            None => return Err(unsupported("a time zone given as an expression")),
        };
        // (cctz also reads `Fixed/UTC±hh:mm:ss`, which is no file of the tz database.)
        if zone.starts_with("Fixed/") {
            return Err(unsupported("a Fixed/… time zone"));
        }
        if super::dates::zone(zone).is_none() {
            if super::dates::host_zone(zone) {
                return Err(unsupported(
                    "a time zone ClickHouse 25.6 does not embed (tzdata 2025a) but loads from its host's zoneinfo directory where that holds it (America/Coyhaique, posix/…, localtime)",
                ));
            }
            return Err(query_error("Invalid analytics query"));
        }
        let calendar = match lower {
            "todate" | "tostring" | "formatdatetime" | "tostartofweek" | "tostartofmonth"
            | "tostartofquarter" | "tostartofyear" => true,
            "date_trunc" => date_unit,
            _ => false,
        };
        if !calendar {
            self.zoned_value(i, lower, zone)?;
            leave_out();
            return Ok(Some(format!("'{}'", zone.replace('\'', "''"))));
        }
        let time = self.arg_ty(i, usize::from(lower == "date_trunc"));
        match time {
            Ty::DateTime | Ty::DateTime64(_) => {
                leave_out();
                Ok(Some(format!("'{}'", zone.replace('\'', "''"))))
            }
            Ty::Date if lower != "formatdatetime" => {
                leave_out();
                Ok(None)
            }
            // (What these functions refuse is refused by the call, as without a zone.)
            Ty::Int(_) | Ty::Float | Ty::Str | Ty::Bool
                if !matches!(lower, "todate" | "tostring") =>
            {
                leave_out();
                Ok(None)
            }
            _ => Err(unsupported(
                "a time zone other than UTC of a number or a text, of a DateTime64 of ns, or of a Date in formatDateTime",
            )),
        }
    }

    /// Where the call at `i` (`lower`, its name) has a time-zone argument: its position among
    /// the arguments and its tokens.
    fn zone_argument(&self, i: usize, lower: &str) -> Option<(usize, usize, usize)> {
        let at = match lower {
            // (`today` takes no argument, see [`Tr::call`].)
            "now" => 0,
            "now64" | "todate" | "todatetime" | "fromunixtimestamp64milli" | "tostring" => 1,
            "todatetime64" | "formatdatetime" | "date_trunc" => 2,
            f if f.starts_with("tostartof") => 1,
            _ => return None,
        };
        let args = self.arguments(i + 1);
        // (`toStartOfWeek(t, mode, zone)`: the zone is the string, after a mode or not.)
        let zone_second = matches!(
            args.get(1).and_then(|(s, _)| self.toks.get(*s)),
            Some(Tok::Str(_))
        );
        let at = if lower == "tostartofweek" && !zone_second {
            2
        } else {
            at
        };
        args.get(at).map(|&(s, e)| (at, s, e))
    }

    /// The zone the tokens `[s, e)` name as a string literal: in parentheses, or a `WITH
    /// 'zone' AS name` used by its name (a constant ClickHouse takes as the zone too).
    fn written_zone(&self, s: usize, e: usize) -> Option<&str> {
        let (mut zs, mut ze) = self.unparenthesized(s, e);
        while self.alias_uses.contains_key(&zs) && ze > zs + 1 {
            (zs, ze) = self.unparenthesized(zs + 1, ze - 1);
        }
        match self.toks.get(zs..ze) {
            Some([Tok::Str(zone)]) => Some(zone),
            _ => None,
        }
    }

    /// The zone (as SQL) a calendar function of the time as its first argument (`toDate`,
    /// `toString`, `formatDateTime`, `toStartOfWeek/Month/Quarter/Year`) called at `i`
    /// without a zone reads its time in, where that time is a `DateTime` of a zone other than
    /// UTC written right there (`toString(toDateTime(t, 'Asia/Tokyo'))`): ClickHouse's
    /// extractTimeZoneFromFunctionArguments takes the zone of the time's type when no zone is
    /// given. ([`Tr::zoned_value`] runs that time there.)
    fn inherited_zone(&self, i: usize, lower: &str) -> Option<String> {
        if !matches!(
            lower,
            "todate"
                | "tostring"
                | "formatdatetime"
                | "tostartofweek"
                | "tostartofmonth"
                | "tostartofquarter"
                | "tostartofyear"
        ) {
            return None;
        }
        let &(s, e) = self.arguments(i + 1).first()?;
        let zone = self.value_zone(s, e)?;
        Some(format!("'{}'", zone.replace('\'', "''")))
    }

    /// The time zone of the type of the expression `[s, e)` where it is a `DateTime` of a zone
    /// other than UTC written right there, a call of [`Tr::zoned_value`]'s functions with a
    /// zone as a string literal (`toStartOfDay(t, 'Europe/Berlin')`), in parentheses or named
    /// by a select-list alias.
    pub(super) fn value_zone(&self, s: usize, e: usize) -> Option<String> {
        let (s, e) = self.unparenthesized(s, e);
        if let Some([Tok::Word(w)]) = self.toks.get(s..e) {
            let (_, a, b) = self.select_alias(w, s)?;
            return self.value_zone(a, b);
        }
        let inner = match self.toks.get(s) {
            Some(Tok::Word(f)) if closing(self.toks, s + 1) == e.checked_sub(1) => {
                f.to_ascii_lowercase()
            }
            _ => return None,
        };
        let small_unit = matches!(
            self.toks.get(s + 2),
            Some(Tok::Str(u)) if matches!(u.to_ascii_lowercase().as_str(), "day" | "hour" | "minute" | "second")
        );
        let zoned = match inner.as_str() {
            "now"
            | "now64"
            | "todatetime"
            | "todatetime64"
            | "fromunixtimestamp64milli"
            | "tostartofminute"
            | "tostartofhour"
            | "tostartofday" => true,
            "date_trunc" => small_unit,
            _ => false,
        };
        if !zoned {
            return None;
        }
        // (`toStartOfDay/Hour/Minute` of a zoned time, with no zone of its own: that time's
        // zone, [`Tr::floored_in_its_zone`].)
        if matches!(
            inner.as_str(),
            "tostartofday" | "tostartofhour" | "tostartofminute"
        ) && self.zone_argument(s, &inner).is_none()
        {
            let args = self.arguments(s + 1);
            if let [(a, b)] = args.as_slice() {
                return self.value_zone(*a, *b);
            }
        }
        let (_, zs, ze) = self.zone_argument(s, &inner)?;
        let zone = self.written_zone(zs, ze)?;
        if ZERO_OFFSET_ZONES.contains(&zone) || super::dates::zone(zone).is_none() {
            return None;
        }
        Some(zone.to_string())
    }

    /// Whether the call `[i, close]` is the whole first argument of a calendar function that
    /// reads its time in a zone: its own (written, so an instant is all it reads) or the one
    /// this call's type carries ([`Tr::inherited_zone`]). The function's value (a `Date` or a
    /// `String`) carries no zone.
    fn read_by_calendar(&self, i: usize, close: usize) -> bool {
        self.calendar_reader(i, close).is_some_and(|(f, lower)| {
            self.zone_argument(f, &lower).is_some() || self.inherited_zone(f, &lower).is_some()
        })
    }

    /// Whether the call `[i, close]` is the only argument of a function that reads nothing of
    /// its time but the instant: `toUnixTimestamp64Milli`, `toInt32`, `toInt64`, `toFloat64`
    /// (ms or seconds since the epoch, whatever the zone), or `count` (whether it is `NULL`).
    /// Its zone then reaches nothing:
    /// `toUnixTimestamp64Milli(toDateTime64('2027-04-01', 3, 'America/New_York'))` is
    /// 1806552000000 in ClickHouse 25.5.2 and 25.8.2 (chDB), the instant of that text read in
    /// the zone, as [`Tr::zoned_value`] makes it.
    fn read_as_instant(&self, i: usize, close: usize) -> bool {
        let Some(f) = i.checked_sub(2) else {
            return false;
        };
        let lower = self.word(f).to_ascii_lowercase();
        let epoch = matches!(
            lower.as_str(),
            "tounixtimestamp64milli" | "toint32" | "toint64" | "tofloat64" | "count"
        );
        let only = self.arguments(f + 1) == [(i, close + 1)];
        epoch && only && self.toks.get(i - 1) == Some(&Tok::Sym("("))
    }

    /// Whether the query holds one of the words `not_with` (a set operation, `WITH FILL`,
    /// `ROLLUP`, `CUBE`, `GROUPING SETS`, `TOTALS`) that a `DateTime` of a zone is not run
    /// beside, but for a `WITH FILL` whose steps are instants: with no `FROM`, `TO`,
    /// `STALENESS` or `INTERPOLATE`, and a `STEP` of none (one second), a number literal
    /// (seconds) or one `INTERVAL n SECOND|MINUTE|HOUR` (`toIntervalSecond/Minute/Hour(n)`),
    /// which ClickHouse adds to the instant whatever the zone; the filled rows are answered in
    /// the zone as the others. ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `GROUP BY b ORDER BY
    /// b WITH FILL STEP INTERVAL 1 HOUR` of `toStartOfHour(toDateTime(t, 'Europe/Berlin'))`
    /// fills 03:00 and 04:00 CEST after 01:00 CET on 2027-03-28 (its 02:00 skipped), while a
    /// step of a day or more moves by days in the zone (a DST day is 23 hours), not run.
    fn zoned_modifier(&self, not_with: &[&str]) -> bool {
        let number = |k: usize| matches!(self.toks.get(k), Some(Tok::Num(_)));
        let ends = |k: usize| {
            self.toks.get(k).is_none()
                || matches!(self.toks.get(k), Some(Tok::Sym("," | ")")))
                || matches!(self.word(k).as_str(), "LIMIT" | "OFFSET")
        };
        let instant_fill = |k: usize| {
            let s = k + 1;
            if ends(s) {
                return true;
            }
            if self.word(s) != "STEP" {
                return false;
            }
            let t = s + 1;
            if number(t) {
                return ends(t + 1);
            }
            if self.word(t) == "INTERVAL" {
                return number(t + 1)
                    && matches!(self.word(t + 2).as_str(), "SECOND" | "MINUTE" | "HOUR")
                    && ends(t + 3);
            }
            matches!(
                self.word(t).as_str(),
                "TOINTERVALSECOND" | "TOINTERVALMINUTE" | "TOINTERVALHOUR"
            ) && self.toks.get(t + 1) == Some(&Tok::Sym("("))
                && number(t + 2)
                && self.toks.get(t + 3) == Some(&Tok::Sym(")"))
                && ends(t + 4)
        };
        self.toks.iter().enumerate().any(|(k, t)| {
            let w = upper(t);
            w == "INTERPOLATE"
                || (w == "FILL" && !instant_fill(k))
                || (w != "FILL" && not_with.contains(&w.as_str()))
        })
    }

    /// Whether the tokens `[a, b]` are compared with a string literal (`[a, b] op 'text'`,
    /// `'text' op [a, b]`) or stand before `BETWEEN`, `NOT` or `IN`.
    fn beside_text(&self, a: usize, b: usize) -> bool {
        let text = |p: Option<usize>| matches!(p.and_then(|p| self.toks.get(p)), Some(Tok::Str(_)));
        text(Some(b + 2))
            || text(a.checked_sub(2))
            || matches!(self.word(b + 1).as_str(), "BETWEEN" | "NOT" | "IN")
    }

    /// The zone of the only argument of `toStartOfDay/Hour/Minute` called at `i` (`lower`, its
    /// name) without a zone of its own, where that argument is a `DateTime` or `DateTime64` of
    /// a zone other than UTC ([`Tr::value_zone`]): ClickHouse floors it in that zone and its
    /// value keeps it (`toStartOfHour(toDateTime('2027-03-28 03:30:00', 'Europe/Berlin'))` is
    /// `2027-03-28 03:00:00` of `DateTime('Europe/Berlin')`, `toStartOfDay` of 12:00 CEST that
    /// day its 00:00 CET, in ClickHouse 25.5.2 and 25.8.2, chDB).
    fn floor_zone(&self, i: usize, lower: &str) -> Option<String> {
        if !matches!(lower, "tostartofday" | "tostartofhour" | "tostartofminute") {
            return None;
        }
        let args = self.arguments(i + 1);
        let [(a, b)] = args.as_slice() else {
            return None;
        };
        match self.expr_ty(
            *a,
            *b,
            self.scopes.last().map(Vec::as_slice).unwrap_or_default(),
        ) {
            Ty::DateTime | Ty::DateTime64(0..=6) => self.value_zone(*a, *b),
            _ => None,
        }
    }

    /// Whether the call `[i, close]` is the only argument of a `toStartOfDay/Hour/Minute`
    /// that floors it in its zone ([`Tr::floor_zone`]), whose own value is then checked as a
    /// `DateTime` of that zone.
    fn floored_in_its_zone(&self, i: usize, close: usize) -> bool {
        let Some(f) = i.checked_sub(2) else {
            return false;
        };
        let lower = self.word(f).to_ascii_lowercase();
        self.toks.get(i - 1) == Some(&Tok::Sym("("))
            && self.arguments(f + 1) == [(i, close + 1)]
            && self.floor_zone(f, &lower).is_some()
    }

    /// The call `[i, close]`, or the `min` or `max` (any nesting of them) whose only argument
    /// it is: the tokens of that aggregate. Its value is one of the argument's, of its type and
    /// zone: `max(toDateTime('2027-03-28 12:00:00', 'Europe/Berlin'))` is
    /// `DateTime('Europe/Berlin')` in ClickHouse 25.5.2 and 25.8.2 (chDB).
    fn zoned_aggregate(&self, i: usize, close: usize) -> (usize, usize) {
        let (mut i, mut close) = (i, close);
        while let Some(f) = i.checked_sub(2) {
            let aggregate = matches!(self.word(f).to_ascii_lowercase().as_str(), "min" | "max");
            let only = self.arguments(f + 1) == [(i, close + 1)];
            let open = self.toks.get(i - 1) == Some(&Tok::Sym("("));
            match closing(self.toks, f + 1) {
                Some(c) if aggregate && only && open => (i, close) = (f, c),
                _ => break,
            }
        }
        (i, close)
    }

    /// The calendar function (`toDate`, `toString`, `formatDateTime`,
    /// `toStartOfWeek/Month/Quarter/Year`) whose whole first argument is `[i, close]`: its
    /// index and its name in lower case.
    fn calendar_reader(&self, i: usize, close: usize) -> Option<(usize, String)> {
        let f = i.checked_sub(2)?;
        let lower = self.word(f).to_ascii_lowercase();
        let first = self.arguments(f + 1).first() == Some(&(i, close + 1));
        let calendar = matches!(
            lower.as_str(),
            "todate"
                | "tostring"
                | "formatdatetime"
                | "tostartofweek"
                | "tostartofmonth"
                | "tostartofquarter"
                | "tostartofyear"
        );
        (first && calendar && self.toks.get(i - 1) == Some(&Tok::Sym("("))).then_some((f, lower))
    }

    /// The call at `i` (`lower`, its name) whose value is a `DateTime('zone')` (or a
    /// `DateTime64(p, 'zone')`) of the zone named `zone`: `now(tz)`, `now64(p, tz)`,
    /// `toDateTime(t, tz)`, `toDateTime64(t, p, tz)`, `fromUnixTimestamp64Milli(v, tz)`,
    /// `toStartOfDay/Hour/Minute(t, tz)`, `date_trunc('day'|'hour'|'minute'|'second', t, tz)`.
    /// Its instant is the one ClickHouse computes (the start of the zone's day, hour or minute,
    /// [`zone_floor`]; the time itself otherwise), and its type carries the zone into every
    /// use of it: the answer (upstream's Go driver scans it into a `time.Time` in the zone,
    /// written with its offset), but also every function, comparison with a string and
    /// interval step that reads it. So it is run only where each of those is written: a side
    /// of a comparison ([`Tr::compared_instant`], a string read in the zone), the time a
    /// calendar function reads ([`Tr::read_by_calendar`]), an epoch number or `count` of it
    /// ([`Tr::read_as_instant`]), the time `toStartOfDay/Hour/Minute` floor in its zone
    /// ([`Tr::floored_in_its_zone`], their value then checked so), moved by one interval term
    /// ([`Tr::zoned_move`]), or where its value is answered, grouped and sorted alone: a whole
    /// item of the outermost `SELECT`'s list or of its `GROUP BY` or `ORDER BY`, its alias used
    /// only as such a key, in such a comparison or read by such a function, or a subquery's or
    /// CTE's column only so used ([`Tr::zoned_column`]), in a query with no set operation,
    /// `ROLLUP`, `CUBE`, `GROUPING SETS` or `TOTALS` and no `WITH FILL` but one stepping by
    /// instants ([`Tr::zoned_modifier`]); `min`/`max` of it are taken as it
    /// ([`Tr::zoned_aggregate`]); of a time, a number, a
    /// `Date` (`toDateTime(d, tz)`, its day's start in the zone), a text literal (read in the
    /// zone, [`text_in_zone`]: ConvertThroughParsing reads it with the zone's DateLUT) or
    /// nothing (not of a text expression). The answered column's name and zone are kept
    /// ([`Tr::answer_zones`]).
    fn zoned_value(&self, i: usize, lower: &str, zone: &str) -> Result<(), ApiError> {
        let refused = || {
            unsupported(
                "a DateTime of a time zone other than UTC (now(tz), toDateTime(t, tz), toStartOfDay(t, tz), …) where it is not a whole item of the outermost SELECT's list, GROUP BY or ORDER BY",
            )
        };
        const NOT_WITH: [&str; 8] = [
            "UNION",
            "EXCEPT",
            "INTERSECT",
            "FILL",
            "ROLLUP",
            "CUBE",
            "GROUPING",
            "TOTALS",
        ];
        let close = self.call_close(i).ok_or_else(refused)?;
        // What it is of.
        let time_at = usize::from(lower == "date_trunc");
        let takes = match (lower, self.arg_ty(i, time_at)) {
            ("now", _) => true,
            ("now64", _) => !matches!(self.toks.get(i + 2), Some(Tok::Str(_))),
            ("todatetime" | "todatetime64", Ty::DateTime | Ty::DateTime64(_)) => true,
            // (A `Date`: its day's start in the zone, ToDateTimeImpl's `fromDayNum`,
            // ToStartOfDayImpl's `toDate(DayNum(d))`.)
            ("todatetime" | "tostartofday", Ty::Date) => true,
            // (A text literal, read in the zone where it is converted.)
            ("todatetime" | "todatetime64", Ty::Str) => matches!(
                (self.toks.get(i + 2), self.toks.get(i + 3)),
                (Some(Tok::Str(_)), Some(Tok::Sym(",")))
            ),
            (
                "todatetime" | "todatetime64" | "fromunixtimestamp64milli",
                Ty::Int(_) | Ty::Float,
            ) => true,
            (
                "tostartofminute" | "tostartofhour" | "tostartofday",
                Ty::DateTime | Ty::DateTime64(_),
            ) => true,
            // (Of a unit written as a literal, whose type is told here.)
            ("date_trunc", Ty::DateTime | Ty::DateTime64(_)) => matches!(
                self.toks.get(i + 2),
                Some(Tok::Str(u)) if matches!(u.to_ascii_lowercase().as_str(), "day" | "hour" | "minute" | "second")
            ),
            _ => false,
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let answered = matches!(
            self.expr_ty(i, close + 1, &scope),
            Ty::DateTime | Ty::DateTime64(0..=6)
        );
        if !takes || !answered {
            return Err(unsupported(
                "a DateTime of a time zone other than UTC of a Date, a text or a DateTime64 of ns",
            ));
        }
        // Moved by one `± INTERVAL` term (days and months in the zone, see `Tr::emit`): that
        // whole expression answered, grouped and sorted as the call would be, its alias only a
        // key.
        if let Some(end) = self.zoned_move(i, close)? {
            if self.zoned_modifier(&NOT_WITH) {
                return Err(refused());
            }
            let (item, alias) = self.top_level_item(i, end - 1).ok_or_else(refused)?;
            if let Some(a) = alias {
                let name = self.word(a);
                for (k, t) in self.toks.iter().enumerate() {
                    let same = matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case(&name));
                    if same && k != a && !self.whole_key(k, k) {
                        return Err(refused());
                    }
                }
            }
            if item {
                let name = match alias {
                    Some(a) => match self.toks.get(a) {
                        Some(Tok::Word(w)) => w.clone(),
                        _ => return Err(refused()),
                    },
                    None => self.expression_name(i, end).ok_or_else(refused)?,
                };
                let mut zones = self.answer_zones.take();
                if !zones.iter().any(|(n, z)| *n == name && z == zone) {
                    zones.push((name, zone.to_string()));
                }
                self.answer_zones.set(zones);
            }
            return Ok(());
        }
        // (A side of a comparison with a time or a number: an instant, the zone read nowhere;
        // the time a calendar function reads in a zone.)
        if self.compared_instant(i, close)
            || self.read_by_calendar(i, close)
            || self.read_as_instant(i, close)
            || self.floored_in_its_zone(i, close)
        {
            return Ok(());
        }
        // (`min`/`max` of it: a value of its type, its zone kept, used as the call would be;
        // but not compared with a string, which ClickHouse reads in the zone.)
        let (i, close, wrapped) = match self.zoned_aggregate(i, close) {
            (a, b) if (a, b) != (i, close) => (a, b, true),
            _ => (i, close, false),
        };
        if wrapped && self.beside_text(i, close) {
            return Err(refused());
        }
        if self.compared_instant(i, close) || self.read_as_instant(i, close) {
            return Ok(());
        }
        if self.zoned_modifier(&NOT_WITH) {
            return Err(refused());
        }
        let Some((item, alias)) = self.top_level_item(i, close) else {
            return self.zoned_column(i, close, zone);
        };
        // (Every other use of its alias is a whole `GROUP BY` or `ORDER BY` key or a side of
        // such a comparison.)
        if let Some(a) = alias {
            let name = self.word(a);
            for (k, t) in self.toks.iter().enumerate() {
                let same = matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case(&name));
                let key = self.top_level_item(k, k).is_some_and(|(list, _)| !list);
                if same
                    && k != a
                    && !key
                    && !(self.compared_instant(k, k) && !(wrapped && self.beside_text(k, k)))
                    && !self.read_as_instant(k, k)
                    // (Read by a calendar function in its zone, which that use's own
                    // [`Tr::inherited_zone`] finds by the alias.)
                    && self.calendar_reader(k, k).is_none()
                {
                    return Err(refused());
                }
            }
        }
        if item {
            let name = match alias {
                Some(a) => match self.toks.get(a) {
                    Some(Tok::Word(w)) => w.clone(),
                    _ => return Err(refused()),
                },
                None => self.expression_name(i, close + 1).ok_or_else(refused)?,
            };
            let mut zones = self.answer_zones.take();
            if !zones.iter().any(|(n, z)| *n == name && z == zone) {
                zones.push((name, zone.to_string()));
            }
            self.answer_zones.set(zones);
        }
        Ok(())
    }

    /// Whether the tokens `[a, b]` (a name or a call) are a whole side of a comparison (`=`,
    /// `!=`, `<>`, `<`, `>`, `<=`, `>=`) whose other side is a name or a call of type
    /// `DateTime`, `DateTime64` or a number, or a string literal: ClickHouse compares a
    /// `DateTime` of a zone with those as instants (a number as seconds, [`compared`]), so its
    /// zone changes nothing there, and reads the string in the zone ([`Tr::value_zone`], where
    /// [`Tr::check_operands`] reads it); a `Date` against a `DateTime` of a zone is cast to it
    /// ([`Tr::number_time_comparison`]); a string expression, or a `Date` against a
    /// `DateTime64` of a zone, is converted in the zone, which is not written here. Only sides whose bounds are plain (a
    /// clause's word, `AND`, `OR`, `NOT`, a parenthesis or a comma before, the like after) are
    /// taken, so that no operator binds tighter around them. `[NOT] BETWEEN` two string
    /// literals is two such comparisons, and `[NOT] IN` a list of them a set of its type
    /// ([`Tr::time_literals`], [`Tr::number_time_in`] read them in the zone).
    fn compared_instant(&self, a: usize, b: usize) -> bool {
        const OPS: [&str; 8] = ["=", "==", "!=", "<>", "<", ">", "<=", ">="];
        let op = |k: usize| matches!(self.toks.get(k), Some(Tok::Sym(s)) if OPS.contains(s));
        let bound_before = |k: Option<usize>| match k {
            None => true,
            Some(k) => {
                matches!(self.toks.get(k), Some(Tok::Sym("(" | ",")))
                    || matches!(
                        self.word(k).as_str(),
                        "WHERE"
                            | "PREWHERE"
                            | "HAVING"
                            | "ON"
                            | "AND"
                            | "OR"
                            | "NOT"
                            | "WHEN"
                            | "THEN"
                            | "ELSE"
                            | "SELECT"
                    )
            }
        };
        let bound_after = |k: usize| {
            self.toks.get(k).is_none()
                || matches!(self.toks.get(k), Some(Tok::Sym(")" | ",")))
                || matches!(
                    self.word(k).as_str(),
                    "AND"
                        | "OR"
                        | "GROUP"
                        | "ORDER"
                        | "LIMIT"
                        | "HAVING"
                        | "THEN"
                        | "ELSE"
                        | "END"
                        | "WHEN"
                        | "AS"
                        | "FROM"
                )
        };
        // The other side: a name alone, or a name's call, from `s` to its last token `e`.
        let named = |k: usize| matches!(self.toks.get(k), Some(Tok::Word(w)) if !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()));
        let scope = self.scopes.last().cloned().unwrap_or_default();
        // (A `Date` against a `DateTime`: cast to its type, its day's start in the zone, see
        // [`Tr::number_time_comparison`].)
        let instant = |s: usize, e: usize| match self.expr_ty(s, e + 1, &scope) {
            Ty::DateTime | Ty::DateTime64(_) | Ty::Int(_) | Ty::Float => true,
            Ty::Date => self.expr_ty(a, b + 1, &scope) == Ty::DateTime,
            _ => false,
        };
        // `[a, b] [NOT] BETWEEN 'text' AND 'text'` (two comparisons with strings).
        let between = match self.word(b + 1).as_str() {
            "NOT" => b + 2,
            _ => b + 1,
        };
        let text = |k: usize| matches!(self.toks.get(k), Some(Tok::Str(_)));
        if self.word(between) == "BETWEEN" {
            return bound_before(a.checked_sub(1))
                && text(between + 1)
                && self.word(between + 2) == "AND"
                && text(between + 3)
                && bound_after(between + 4);
        }
        // `[a, b] [NOT] IN ('text', …)`: its set of the left side's type, each string read as
        // a comparison reads it.
        if self.word(between) == "IN" && self.toks.get(between + 1) == Some(&Tok::Sym("(")) {
            let Some(close) = closing(self.toks, between + 1) else {
                return false;
            };
            let items = self.list_items(between + 2, close);
            return bound_before(a.checked_sub(1))
                && bound_after(close + 1)
                && !items.is_empty()
                && items.iter().all(|&(s, e)| e == s + 1 && text(s));
        }
        if a.checked_sub(1).is_some_and(op) && bound_after(b + 1) {
            // `x op [a, b]`.
            let Some(e) = a.checked_sub(2) else {
                return false;
            };
            if matches!(self.toks.get(e), Some(Tok::Str(_))) {
                return bound_before(e.checked_sub(1));
            }
            let s = match self.toks.get(e) {
                Some(Tok::Sym(")")) => (0..e)
                    .rev()
                    .find(|p| closing(self.toks, *p) == Some(e))
                    .and_then(|p| p.checked_sub(1))
                    .filter(|f| named(*f)),
                _ => Some(e).filter(|e| named(*e)),
            };
            return s.is_some_and(|s| bound_before(s.checked_sub(1)) && instant(s, e));
        }
        if op(b + 1) && bound_before(a.checked_sub(1)) {
            // `[a, b] op x`.
            let s = b + 2;
            if matches!(self.toks.get(s), Some(Tok::Str(_))) {
                return bound_after(s + 1);
            }
            if !named(s) {
                return false;
            }
            let e = match self.toks.get(s + 1) {
                Some(Tok::Sym("(")) => closing(self.toks, s + 1),
                _ => Some(s),
            };
            return e.is_some_and(|e| bound_after(e + 1) && instant(s, e));
        }
        false
    }

    /// Where the call `[i, close]` of a `DateTime` of a zone ([`Tr::zoned_value`]) is the whole
    /// left operand of one `+` or `-` of an interval term (`toStartOfDay(t, tz) + INTERVAL 1
    /// DAY`) and nothing more: the end of that term (`None` where it is not so moved). Of a
    /// `DateTime64` of a scale past ms, or followed by more arithmetic, not run.
    fn zoned_move(&self, i: usize, close: usize) -> Result<Option<usize>, ApiError> {
        let not_run = || {
            unsupported(
                "a DateTime64 of a time zone of a scale past ms moved by an interval, or a DateTime of one moved by more than one interval term",
            )
        };
        if !matches!(self.toks.get(close + 1), Some(Tok::Sym("+" | "-")))
            || self.left_operand_start(close + 1) != i
        {
            return Ok(None);
        }
        // (`INTERVAL n UNIT` or `toIntervalUnit(n)`; another term is not taken here.)
        let at = close + 2;
        let end = match self.toks.get(at) {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("INTERVAL") => at + 3,
            Some(Tok::Word(w))
                if w.to_ascii_lowercase().starts_with("tointerval")
                    && self.toks.get(at + 1) == Some(&Tok::Sym("(")) =>
            {
                match closing(self.toks, at + 1) {
                    Some(c) => c + 1,
                    None => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let more = matches!(
            self.toks.get(end),
            Some(Tok::Sym("+" | "-" | "*" | "/" | "%"))
        );
        // (A `DateTime64` of up to ms, held as whole ms: its whole seconds moved, its fraction
        // kept, as AddDaysImpl/AddMonthsImpl split it.)
        let moved = matches!(
            self.expr_ty(i, close + 1, &scope),
            Ty::DateTime | Ty::DateTime64(0..=3)
        );
        if more || !moved {
            return Err(not_run());
        }
        Ok(Some(end))
    }

    /// Whether the tokens `[a, b]` are a whole item of the outermost `SELECT`'s list (`true`,
    /// and where its alias is; see [`Tr::whole_item`]) or of its `GROUP BY` or `ORDER BY`
    /// (`false`), at no depth of parentheses; `None` elsewhere.
    fn top_level_item(&self, a: usize, b: usize) -> Option<(bool, Option<usize>)> {
        let mut depth = 0i64;
        for t in self.toks.get(..a)? {
            match t {
                Tok::Sym("(") => depth += 1,
                Tok::Sym(")") => depth -= 1,
                _ => {}
            }
        }
        if depth != 0 {
            return None;
        }
        if self.whole_item(a, b + 1) {
            return Some((true, (self.word(b + 1) == "AS").then_some(b + 2)));
        }
        self.whole_key(a, b).then_some((false, None))
    }

    /// Whether the tokens `[a, b]` are a whole key of a `GROUP BY` or `ORDER BY` (of the
    /// `SELECT` they stand in, at any depth).
    fn whole_key(&self, a: usize, b: usize) -> bool {
        // A key: its clause is the last `BY` before it outside parentheses, of `GROUP BY` or
        // `ORDER BY`, with no other clause's word between.
        const CLAUSES: [&str; 13] = [
            "SELECT", "FROM", "WHERE", "PREWHERE", "HAVING", "LIMIT", "BY", "ON", "USING", "JOIN",
            "WINDOW", "QUALIFY", "OFFSET",
        ];
        let mut depth = 0i64;
        let mut clause = None;
        for k in (0..a).rev() {
            match self.toks.get(k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) => depth -= 1,
                Some(t @ Tok::Word(_)) if depth == 0 && CLAUSES.contains(&upper(t).as_str()) => {
                    clause = Some(k);
                    break;
                }
                _ => {}
            }
        }
        let key = clause.is_some_and(|c| {
            self.word(c) == "BY"
                && matches!(
                    c.checked_sub(1).map(|p| self.word(p)).as_deref(),
                    Some("GROUP" | "ORDER")
                )
        });
        let comma = |k: Option<usize>| k.and_then(|k| self.toks.get(k)) == Some(&Tok::Sym(","));
        let starts =
            comma(a.checked_sub(1)) || a.checked_sub(1).is_some_and(|p| self.word(p) == "BY");
        // (Or the `)` closing its subquery.)
        let ends = self.toks.get(b + 1).is_none()
            || comma(Some(b + 1))
            || self.toks.get(b + 1) == Some(&Tok::Sym(")"))
            || matches!(
                self.word(b + 1).as_str(),
                "ASC" | "DESC" | "NULLS" | "LIMIT" | "HAVING" | "ORDER" | "WITH"
            );
        key && starts && ends
    }

    /// A `DateTime` of a zone ([`Tr::zoned_value`], the call `[i, close]`) that is not in the
    /// outermost `SELECT`: run where it is a whole item, with an alias, of the list of a
    /// subquery or CTE the outermost `SELECT` reads `FROM` (or joins), whose column then
    /// carries the zone to it, and every other use of that name is a whole `GROUP BY` or
    /// `ORDER BY` key (of either `SELECT`) or a whole item of the outermost `SELECT`'s list
    /// (answered with the zone's offset, by its name there), in a query with no `*` (whose
    /// columns are not told here). Anything else reading that column (a function, a
    /// comparison, which read it in the zone) is not run.
    fn zoned_column(&self, i: usize, close: usize, zone: &str) -> Result<(), ApiError> {
        let refused = || {
            unsupported(
                "a DateTime of a time zone other than UTC (now(tz), toDateTime(t, tz), toStartOfDay(t, tz), …) where it is not a whole item of the outermost SELECT's list, GROUP BY or ORDER BY, or of a subquery's or CTE's list only answered, grouped or sorted",
            )
        };
        // The subquery's parentheses: the nearest around it, themselves at no depth.
        let mut depth = 0i64;
        let mut open = None;
        for k in (0..i).rev() {
            match self.toks.get(k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) if depth == 0 => {
                    open = Some(k);
                    break;
                }
                Some(Tok::Sym("(")) => depth -= 1,
                _ => {}
            }
        }
        let open = open.ok_or_else(refused)?;
        let outer = self.toks.get(..open).unwrap_or_default();
        let opens = outer.iter().filter(|t| **t == Tok::Sym("(")).count();
        let closes = outer.iter().filter(|t| **t == Tok::Sym(")")).count();
        let source = open
            .checked_sub(1)
            .is_some_and(|p| matches!(self.word(p).as_str(), "FROM" | "JOIN" | "AS"));
        // (`count(*)` names no column.)
        let star = self.toks.iter().enumerate().any(|(k, t)| {
            *t == Tok::Sym("*")
                && !(k.checked_sub(1).and_then(|p| self.toks.get(p)) == Some(&Tok::Sym("("))
                    && self.toks.get(k + 1) == Some(&Tok::Sym(")")))
        });
        let alias = close + 2;
        let name = match self.toks.get(alias) {
            Some(Tok::Word(w)) if self.word(close + 1) == "AS" => w.clone(),
            _ => return Err(refused()),
        };
        if opens != closes || !source || star || !self.whole_item(i, close + 1) {
            return Err(refused());
        }
        let mut answered = Vec::new();
        let qualified = format!(".{}", name.to_ascii_lowercase());
        for (k, t) in self.toks.iter().enumerate() {
            // (A qualified name of it, `t.d`, is not told apart here.)
            if matches!(t, Tok::Word(w) if w.to_ascii_lowercase().ends_with(&qualified)) {
                return Err(refused());
            }
            if k == alias || !matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case(&name)) {
                continue;
            }
            match self.top_level_item(k, k) {
                Some((true, Some(a))) => match self.toks.get(a) {
                    Some(Tok::Word(w)) => answered.push(w.clone()),
                    _ => return Err(refused()),
                },
                Some((true, None)) => answered.push(name.clone()),
                _ if self.whole_key(k, k) || self.read_as_instant(k, k) => {}
                // (Not with a string, which ClickHouse reads in the column's zone.)
                _ if self.compared_instant(k, k) && !self.beside_text(k, k) => {}
                _ => return Err(refused()),
            }
        }
        let mut zones = self.answer_zones.take();
        for name in answered {
            if !zones.iter().any(|(n, z)| *n == name && z == zone) {
                zones.push((name, zone.to_string()));
            }
        }
        self.answer_zones.set(zones);
        Ok(())
    }

    /// Whether a float `nan` or `inf` made at the token `k` (a `/` or `%`, an `avg` or
    /// `quantile` call) reaches only the answer, where upstream's executor answers either
    /// `null` (executor.go, `nullifyNonFinite`) as this server answers SQLite's NULL (which
    /// holds no NaN): `k` stands in a select-list item of a `SELECT` the query answers (the
    /// outermost, or an arm of its `UNION ALL`s) without `DISTINCT`, under nothing but
    /// arithmetic, parentheses, the first argument of `round`, `floor`, `ceil` or `abs` and a
    /// branch of `if` ([`Tr::nan_branch`]; a `nan` stays one through them, as a NULL stays
    /// NULL), in an item whose alias nothing
    /// else reads and beside no positional key. Elsewhere a `nan` and a NULL differ (a
    /// comparison, `NOT`, `toString`, `coalesce`, `IS NULL`, `count(x)`, `sum`, a key, a
    /// subquery's column), so one is refused where it arises ([`Tr::nan_read`]).
    pub(super) fn nan_answered(&self, k: usize, st: &Sel) -> bool {
        self.nan_answered_in(k, st.list, st.to)
    }

    /// [`Tr::nan_answered`] in the `SELECT` whose select list is `list` and which ends at `to`.
    fn nan_answered_in(&self, k: usize, list: (usize, usize), to: usize) -> bool {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        // (Of a select-list alias that a whole `ORDER BY` key names, its expression: sorted
        // last there as a NULL is, see [`Tr::order_key_select`].)
        if let [(a, b, site)] = self.alias_sites.as_slice() {
            // (Read by another item of the same answered list, `x / y AS r, round(r * 100, 2)
            // AS pct`: through the alias's expression, then that item, as one item would be.)
            if self.order_key_select(*site).is_none()
                && self.expanding.len() == 1
                && (*a..*b).contains(&k)
                && self.nan_path(k, *a, *b, false)
            {
                return self.select_list_of(*site).is_some_and(|(s, e)| {
                    (s..e).contains(site) && self.nan_item(*site, (s, e), self.toks.len(), 1)
                });
            }
            let Some(select) = self
                .order_key_select(*site)
                .filter(|select| self.answered_lists.contains(select))
            else {
                return false;
            };
            return self.expanding.len() == 1
                && self.word(select + 1) != "DISTINCT"
                && !self.expr_nullable(*a, *b, scope)
                && (*a..*b).contains(&k)
                && self.nan_path(k, *a, *b, false);
        }
        if !self.alias_sites.is_empty() || !self.expanding.is_empty() {
            return false;
        }
        self.nan_item(k, list, to, 0)
    }

    /// The select list (after its `SELECT`, up to its `FROM` or the end) of the `SELECT` whose
    /// clauses hold the token `j`, walking back at `j`'s level out of the groups around it.
    pub(super) fn select_list_of(&self, j: usize) -> Option<(usize, usize)> {
        let mut depth = 0usize;
        let mut select = None;
        for p in (0..j).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) => depth = depth.saturating_sub(1),
                Some(Tok::Word(w)) if depth == 0 && w.eq_ignore_ascii_case("SELECT") => {
                    select = Some(p);
                    break;
                }
                _ => {}
            }
        }
        let s = select? + 1;
        let e = self
            .top_level_find(s, self.toks.len(), |q| self.word(q) == "FROM")
            .unwrap_or(self.toks.len());
        Some((s, e))
    }

    /// [`Tr::nan_answered_in`] of the select-list item that holds `k`: the path from `k` to
    /// the item, and what else reads the item. `hops` counts the items passed through by
    /// alias (at most 4; past the first, only plain paths, no comparison item).
    fn nan_item(&self, k: usize, list: (usize, usize), to: usize, hops: u8) -> bool {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let (s, e) = list;
        let answered = s
            .checked_sub(1)
            .is_some_and(|select| self.answered_lists.contains(&select));
        if hops > 4 || !answered || !(s..e).contains(&k) || self.word(s) == "DISTINCT" {
            return false;
        }
        let Some((is, ie)) = self
            .list_items(s, e)
            .into_iter()
            .find(|(a, b)| (*a..*b).contains(&k))
        else {
            return false;
        };
        let compared = match hops {
            0 => self.nan_compared_item(is, ie, list),
            _ => None,
        };
        let path = match compared {
            Some((start, end, _)) => self.nan_path(k, start, end, true),
            None => self.nan_path(k, is, ie, false),
        };
        if !path {
            return false;
        }
        // Nothing else reads the item by its alias (but a whole `ORDER BY` key, where it is
        // not `Nullable`), nor by its position.
        let as_at = (is..ie).find(|j| self.word(*j) == "AS");
        let alias = as_at.and_then(|j| match self.toks.get(j + 1) {
            Some(Tok::Word(a)) => Some(a.as_str()),
            _ => None,
        });
        let sorted = |j: usize| {
            self.order_key_select(j) == s.checked_sub(1)
                && !self.expr_nullable(is, as_at.unwrap_or(ie), scope)
        };
        let select = s - 1;
        let mut depth = 0i64;
        for j in select..to {
            if (is..ie).contains(&j) {
                continue;
            }
            match self.toks.get(j) {
                Some(Tok::Word(w))
                    if alias.is_some_and(|a| w.eq_ignore_ascii_case(a))
                        && !sorted(j)
                        && !(compared.is_none()
                            && (s..e).contains(&j)
                            && self.nan_item(j, list, to, hops + 1)) =>
                {
                    return false;
                }
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Num(_)) if depth == 0 && j >= e => {
                    let after_by = j.checked_sub(1).is_some_and(|p| {
                        self.word(p) == "BY" || self.toks.get(p) == Some(&Tok::Sym(","))
                    });
                    if after_by {
                        return false;
                    }
                }
                _ => {}
            }
        }
        true
    }

    /// Whether from `k` up to the expression `[is, ie)` around it (a select-list item) stand
    /// only arithmetic, parentheses and the first argument of `round`, `floor`, `ceil` or
    /// `abs` (see [`Tr::nan_level`]), through which a `nan` stays one as a NULL stays NULL;
    /// with `compared`, the item is one comparison of them ([`Tr::nan_compared_item`]).
    fn nan_path(&self, k: usize, is: usize, ie: usize, compared: bool) -> bool {
        // The groups around `k`, innermost last.
        let mut groups = Vec::new();
        for j in is..k {
            match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => groups.push(j),
                Some(Tok::Sym(")" | "]")) => {
                    groups.pop();
                }
                _ => {}
            }
        }
        for &g in groups.iter().rev() {
            let Some(close) = closing(self.toks, g) else {
                return false;
            };
            if self.toks.get(g) != Some(&Tok::Sym("(")) {
                return false;
            }
            // (A branch of `if`, whose value it is.)
            if let Some((s, e)) = self.nan_branch(g, k) {
                if self.nan_level(s, e, k, false) != Some(0) {
                    return false;
                }
                continue;
            }
            let call = match self.nan_group(g) {
                _ if g == is => false,
                Some(call) => call,
                None => return false,
            };
            if self.nan_level(g + 1, close, k, call) != Some(0) {
                return false;
            }
        }
        match self.nan_level_of(is, ie, k, false) {
            Some((0, _)) => true,
            Some((1, _)) => compared,
            _ => false,
        }
    }

    /// Of a select-list item `[is, ie)` of the answered list `list` with an alias, where it is
    /// one comparison (`=`, `<`, `>=`, `!=`, …) at its level, under nothing but `NOT`s, of
    /// operands that are not `Nullable`
    /// and hold a `/`, `%`, `avg` or `quantile` (where a `nan` may arise; no `INTERVAL`),
    /// where the comparison starts and ends (before its `AS`), and its closing. ClickHouse's
    /// comparison of a `nan` is 0 (AccurateComparison.h; `nan != x` 1,
    /// 02769_compare_functions_nan), SQLite's of a NULL is NULL: such a comparison is written
    /// inside `coalesce(…, 0)` (of `!=`, `coalesce(…, 1)`; [`Tr::nan_compared_start`]), so a
    /// `nan` in it is read as answered ([`Tr::nan_answered`]). (Of operands that are not
    /// `Nullable`, SQLite's comparison is NULL only of a NULL standing for a `nan`.)
    pub(super) fn nan_compared_item(
        &self,
        is: usize,
        ie: usize,
        list: (usize, usize),
    ) -> Option<NanWrap> {
        let (a, b) = list;
        let select = a.checked_sub(1)?;
        if !self.answered_lists.contains(&select)
            || !self.alias_sites.is_empty()
            || !self.expanding.is_empty()
            || !self.list_items(a, b).contains(&(is, ie))
        {
            return None;
        }
        // (Its `AS` at its level.)
        let mut depth = 0usize;
        let mut end = ie;
        for j in is..ie {
            match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth = depth.saturating_sub(1),
                Some(Tok::Word(w)) if depth == 0 && w.eq_ignore_ascii_case("AS") => {
                    end = j;
                    break;
                }
                _ => {}
            }
        }
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let aliased = end < ie;
        // (`NOT`s before it, and parentheses around it.)
        let (mut is, mut end) = (is, end);
        loop {
            if is < end && self.word(is) == "NOT" {
                is += 1;
            } else if self.toks.get(is) == Some(&Tok::Sym("("))
                && closing(self.toks, is) == end.checked_sub(1)
                && end > is + 2
            {
                is += 1;
                end -= 1;
            } else {
                break;
            }
        }
        let may_be_nan = (is..end).any(|j| match self.toks.get(j) {
            Some(Tok::Sym("/" | "%")) => true,
            Some(Tok::Word(w)) => matches!(w.to_ascii_lowercase().as_str(), "avg" | "quantile"),
            _ => false,
        });
        let interval = (is..end).any(|j| self.word(j) == "INTERVAL");
        // (Of an item with its alias only: one without is written whole under ClickHouse's
        // name for it, [`Tr::expression_name`], not through this wrapping.)
        let (1, unequal) = self.nan_level_of(is, end, is, false)? else {
            return None;
        };
        (aliased && may_be_nan && !interval && !self.expr_nullable(is, end, scope)).then_some((
            is,
            end,
            if unequal { ", 1)" } else { ", 0)" },
        ))
    }

    /// Where the token `i` starts the comparison of an item of `st`'s select list that
    /// [`Tr::nan_compared_item`] takes, its end, where `coalesce(…, 0)` (or `, 1)`) around it
    /// closes, and that closing.
    fn nan_compared_start(&self, i: usize, st: &Sel) -> Option<(usize, &'static str)> {
        let (a, b) = st.list;
        // (After the `NOT`s and parentheses starting the item.)
        let mut first = i;
        while first > a
            && (self.word(first - 1) == "NOT" || self.toks.get(first - 1) == Some(&Tok::Sym("(")))
        {
            first -= 1;
        }
        let starts_item =
            first == a || first > a && self.toks.get(first - 1) == Some(&Tok::Sym(","));
        let answered = a
            .checked_sub(1)
            .is_some_and(|select| self.answered_lists.contains(&select));
        if !(a..b).contains(&i) || !starts_item || !answered {
            return None;
        }
        let (is, ie) = self
            .list_items(a, b)
            .into_iter()
            .find(|(is, _)| *is == first)?;
        let (start, end, close) = self.nan_compared_item(is, ie, st.list)?;
        (start == i).then_some((end, close))
    }

    /// Of a name at `j` that is a whole key of an `ORDER BY` (`ORDER BY r DESC, …`; no
    /// `NULLS FIRST`, `COLLATE` or `WITH FILL` in the clause), the `SELECT` it sorts. There
    /// ClickHouse sorts a `nan` after the values (before the NULLs: "first the values, then
    /// NaN, then NULL", its ORDER BY reference, both ways), where SQLite's NULL goes with
    /// `NULLS LAST`: the same place for a key that is not `Nullable`.
    fn order_key_select(&self, j: usize) -> Option<usize> {
        let mut next = j + 1;
        if matches!(
            self.word(next).as_str(),
            "ASC" | "DESC" | "ASCENDING" | "DESCENDING"
        ) {
            next += 1;
        }
        if self.word(next) == "NULLS" && self.word(next + 1) == "LAST" {
            next += 2;
        }
        let ends = match self.toks.get(next) {
            None | Some(Tok::Sym("," | ")")) => true,
            Some(t) => matches!(
                upper(t).as_str(),
                "LIMIT" | "SETTINGS" | "UNION" | "EXCEPT" | "INTERSECT" | "FORMAT" | "OFFSET"
            ),
        };
        if !ends {
            return None;
        }
        // (No `WITH FILL` after it in the clause.)
        let after = self.top_level_find(next, self.toks.len(), |j| {
            matches!(
                self.word(j).as_str(),
                "FILL" | "LIMIT" | "SETTINGS" | "UNION" | "EXCEPT" | "INTERSECT"
            )
        });
        if after.is_some_and(|j| self.word(j) == "FILL") {
            return None;
        }
        // Back to its `ORDER BY`, then its `SELECT`, at its level.
        let mut depth = 0usize;
        let mut by = None;
        for p in (0..j).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => return None,
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 => match w.to_ascii_uppercase().as_str() {
                    "BY" if by.is_none() => {
                        if self.word(p.checked_sub(1)?) != "ORDER" {
                            return None;
                        }
                        by = Some(p);
                    }
                    "SELECT" => return by.map(|_| p),
                    "WHERE" | "HAVING" | "GROUP" | "FROM" | "LIMIT" | "WINDOW" | "QUALIFY"
                        if by.is_none() =>
                    {
                        return None
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        None
    }

    /// Whether the call at `i` is a `coalesce` whose first argument is a float that is not
    /// `Nullable`: ClickHouse's coalesce is then that argument, whatever the others
    /// (FunctionCoalesce's executeImpl keeps the arguments up to the first that cannot be
    /// `NULL`, and of one it answers that one; read was src/Functions/coalesce.cpp as the code
    /// index stores it, newer than 25.6, whose loop is the one of the older sources), so a
    /// `nan` in it is that `nan`: written `ch_first(…)`, which answers its first argument, a
    /// NULL standing for the `nan` included, where SQLite's `COALESCE` would take the next.
    pub(super) fn nan_coalesce(&self, i: usize) -> bool {
        self.word(i) == "COALESCE"
            && self.toks.get(i + 1) == Some(&Tok::Sym("("))
            && self.arguments(i + 1).len() > 1
            && !self.first_arg_nullable(i)
            && self.arg_ty(i, 0) == Ty::Float
    }

    /// Of a group around a `nan` (its `(` or `[` at `g`), where a `nan` stays one as a NULL
    /// stays NULL: `Some(false)` a parenthesized expression, `Some(true)` a call of `round`,
    /// `floor`, `ceil` or `abs`, or of `coalesce` whose first argument is a float that is not
    /// `Nullable` ([`Tr::nan_coalesce`]) (see [`Tr::nan_level`]); `None` anything else.
    fn nan_group(&self, g: usize) -> Option<bool> {
        if self.toks.get(g) != Some(&Tok::Sym("(")) {
            return None;
        }
        match g.checked_sub(1).and_then(|p| self.toks.get(p)) {
            None | Some(Tok::Sym("+" | "-" | "*" | "/" | "%" | "(" | ",")) => Some(false),
            Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                "ROUND" | "FLOOR" | "CEIL" | "ABS" => Some(true),
                "COALESCE" if self.nan_coalesce(g - 1) => Some(true),
                "AND" | "OR" | "NOT" | "WHERE" | "HAVING" | "SELECT" | "WHEN" | "CASE" => {
                    Some(false)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The comparisons (`=`, `==`, `<`, `>`, `<=`, `>=`) in the tokens `[from, to)` at their
    /// level (groups skipped), where all else there is operands and arithmetic, through which
    /// a `nan` at `k` stays one as a NULL stays NULL (in a call's first argument only, `call`,
    /// as `round(x, 2)`); `None` where anything else is there (`NOT`, `!=`, `IS`, `IN`, …).
    fn nan_level(&self, from: usize, to: usize, k: usize, call: bool) -> Option<usize> {
        match self.nan_level_of(from, to, k, call)? {
            (n, false) => Some(n),
            (_, true) => None,
        }
    }

    /// [`Tr::nan_level`] with `!=` and `<>` counted too, and whether one of them is there
    /// (ClickHouse's `nan != x` is 1, 02769_compare_functions_nan).
    fn nan_level_of(&self, from: usize, to: usize, k: usize, call: bool) -> Option<(usize, bool)> {
        let mut comparisons = 0;
        let mut unequal = false;
        let mut j = from;
        while j < to {
            match self.toks.get(j)? {
                Tok::Sym("(" | "[") => j = closing(self.toks, j)?,
                Tok::Sym("+" | "-" | "*" | "/" | "%") | Tok::Num(_) | Tok::Str(_) => {}
                Tok::Sym("=" | "==" | "<" | ">" | "<=" | ">=") => comparisons += 1,
                Tok::Sym("!=" | "<>") => {
                    comparisons += 1;
                    unequal = true;
                }
                Tok::Sym(",") if call && j > k => {}
                Tok::Word(w) => {
                    // (An operator's word; an alias, a literal or a window's `OVER` is none.)
                    let up = w.to_ascii_uppercase();
                    let keyword = KEYWORDS.contains(&up.as_str())
                        && !matches!(up.as_str(), "AS" | "NULL" | "TRUE" | "FALSE" | "OVER")
                        || matches!(
                            up.as_str(),
                            "GLOBAL" | "DIV" | "MOD" | "INTERVAL" | "COLLATE"
                        );
                    if keyword {
                        return None;
                    }
                }
                _ => return None,
            }
            j += 1;
        }
        Some((comparisons, unequal))
    }

    /// Whether a `nan` at `k` is read only as a filter or a condition: it stands in a
    /// comparison (`=`, `<`, `>=`, …, under arithmetic, parentheses and the first argument of
    /// `round`, `floor`, `ceil`, `abs` or [`Tr::nan_coalesce`]'s `coalesce`) that is a term of
    /// `AND`s and `OR`s (in parentheses) of a `WHERE` or `HAVING`, of the condition of an
    /// `if(c, a, b)` or of a `WHEN c THEN` of a `CASE` without an operand. There ClickHouse's
    /// comparison of a `nan` is false (AccurateComparison.h: IEEE's `<`, `==` and so on, and
    /// `isNaN` tested in `<=` and `>=` of an integer and a float) and SQLite's of a NULL is
    /// NULL; `AND` and `OR` of either are then false or NULL alike, where they are not true,
    /// and both drop the row, or take the other branch (`if` is SQLite's `IIF`, a `CASE`
    /// SQLite's: a NULL condition is not taken). A comparison under `NOT` (at its level or
    /// over the parentheses around it) or by `!=`/`<>`, where they would tell them apart
    /// (`NOT` of a false is true, of a NULL NULL; `nan != x` is 1 there, 02769_compare_functions_nan),
    /// is taken where its operands are not `Nullable`, written `coalesce(…, 0)` (of `!=`,
    /// `coalesce(…, 1)`) so that it is ClickHouse's value ([`Tr::nan_condition`]).
    /// So is the operand of `IS [NOT] NULL` ([`Tr::nan_null_tested`]).
    pub(super) fn nan_filtered(&self, k: usize) -> bool {
        self.nan_condition(k).is_some()
    }

    /// The comparisons written inside `coalesce(…, 0)` or `coalesce(…, 1)` in the tokens
    /// `[a, b)` ([`Tr::nan_filtered`]): where each starts and ends, and its closing.
    pub(super) fn nan_wrapped(&self, a: usize, b: usize) -> Vec<NanWrap> {
        let mut spans: Vec<NanWrap> = Vec::new();
        let negation = (a..b).any(|j| {
            matches!(self.toks.get(j), Some(Tok::Sym("!=" | "<>")))
                || matches!(self.word(j).as_str(), "NOT" | "IS")
        });
        if !negation {
            return spans;
        }
        for k in a..b {
            let nan = match self.toks.get(k) {
                Some(Tok::Sym("/" | "%" | "+" | "-" | "*")) => true,
                Some(Tok::Word(_)) => self.toks.get(k + 1) == Some(&Tok::Sym("(")),
                _ => false,
            };
            if let Some(Some(span)) = nan.then(|| self.nan_condition(k)).flatten() {
                if span.0 >= a && !spans.contains(&span) {
                    spans.push(span);
                }
            }
        }
        spans
    }

    /// [`Tr::nan_filtered`]: `None` where it is not; `Some(None)` where the comparison stands
    /// as it is, `Some(Some((start, end, closing)))` where it is written inside `coalesce(`.
    fn nan_condition(&self, k: usize) -> Option<Option<NanWrap>> {
        if let Some(operand) = self.nan_null_tested(k) {
            return Some(Some(operand));
        }
        // The groups around `k` back to its clause, innermost first; an `if(`'s group is its
        // clause, whose condition ends at its first `,`.
        let mut groups = Vec::new();
        let mut depth = 0usize;
        let mut clause = None;
        let mut condition = false;
        let mut operand = false;
        // (`CASE … END`s before `k` at its level, skipped.)
        let mut cases = 0usize;
        for j in (0..k).rev() {
            match self.toks.get(j) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                // (A branch of `if`: a group whose value it is.)
                Some(Tok::Sym("(")) if depth == 0 && self.nan_branch(j, k).is_some() => {
                    groups.push(j);
                    cases = 0;
                }
                Some(Tok::Sym("(")) if depth == 0 && j > 0 && self.word(j - 1) == "IF" => {
                    clause = Some(j);
                    condition = true;
                    break;
                }
                Some(Tok::Sym("(" | "[")) if depth == 0 => {
                    groups.push(j);
                    cases = 0;
                }
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 => match w.to_ascii_uppercase().as_str() {
                    "END" => cases += 1,
                    "CASE" if cases > 0 => cases -= 1,
                    "WHEN" | "THEN" | "ELSE" if cases > 0 => {}
                    "WHEN" if self.searched_case_when(j) => {
                        clause = Some(j);
                        condition = true;
                        break;
                    }
                    // (The operand of a `CASE x WHEN …`, see below.)
                    "CASE" if self.word(j + 1) != "WHEN" => {
                        clause = Some(j);
                        condition = true;
                        operand = true;
                        break;
                    }
                    "CASE" | "WHEN" | "THEN" | "ELSE" => return None,
                    "WHERE" | "HAVING" => {
                        clause = Some(j);
                        break;
                    }
                    "SELECT" | "FROM" | "PREWHERE" | "GROUP" | "ORDER" | "LIMIT" | "BY" | "ON"
                    | "USING" | "JOIN" | "WITH" | "UNION" | "EXCEPT" | "INTERSECT" | "WINDOW"
                    | "QUALIFY" | "SETTINGS" | "OVER" => return None,
                    _ => {}
                },
                _ => {}
            }
        }
        let clause = clause?;
        // Where the clause ends (a condition at its `,` or `THEN`, past the `CASE … END`s in
        // it).
        let mut depth = 0usize;
        let mut cases = 0usize;
        let mut end = self.toks.len();
        for j in clause + 1..self.toks.len() {
            match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) if depth == 0 => {
                    end = j;
                    break;
                }
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Sym(",")) if depth == 0 && condition => {
                    end = j;
                    break;
                }
                Some(Tok::Word(w)) if depth == 0 && condition => {
                    match w.to_ascii_uppercase().as_str() {
                        "CASE" => cases += 1,
                        "END" if cases > 0 => cases -= 1,
                        "THEN" | "WHEN" | "ELSE" | "END" if cases == 0 => {
                            end = j;
                            break;
                        }
                        _ => {}
                    }
                }
                Some(Tok::Word(w)) if depth == 0 => {
                    let ends = matches!(
                        w.to_ascii_uppercase().as_str(),
                        "GROUP"
                            | "ORDER"
                            | "LIMIT"
                            | "HAVING"
                            | "WINDOW"
                            | "QUALIFY"
                            | "SETTINGS"
                            | "UNION"
                            | "EXCEPT"
                            | "INTERSECT"
                            | "FORMAT"
                    );
                    if ends {
                        end = j;
                        break;
                    }
                }
                _ => {}
            }
        }
        if end <= k {
            return None;
        }
        // Each level from the innermost: the term of its `AND`s and `OR`s holding `k` (or
        // the group around it), arithmetic with a comparison at one level, and above it only
        // that group.
        let mut levels: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for &g in &groups {
            let (s, e) = self
                .nan_branch(g, k)
                .unwrap_or((g + 1, closing(self.toks, g).unwrap_or(g)));
            levels.push((s, e, Some(g)));
        }
        levels.push((clause + 1, end, None));
        let mut compared = false;
        // (The comparison, where a `NOT` or `!=` reads it: written inside `coalesce(`.)
        let mut span = None;
        let mut negated = false;
        let mut child = (k, k + 1);
        for (from, to, group) in levels {
            if to < from {
                return None;
            }
            // (In a call's first argument, `round(x, 2)`, `coalesce(x, 0)`, the others after it
            // are read as a call's, see [`Tr::nan_level`].)
            let call = group.is_some_and(|g| self.nan_group(g) == Some(true));
            // The term around `child`.
            let mut term = (from, to);
            let mut depth = 0usize;
            for j in from..to {
                match self.toks.get(j) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth = depth.saturating_sub(1),
                    Some(Tok::Word(w))
                        if depth == 0
                            && matches!(w.to_ascii_uppercase().as_str(), "AND" | "OR") =>
                    {
                        if j < child.0 {
                            term.0 = j + 1;
                        } else if j >= child.1 {
                            term.1 = j;
                            break;
                        }
                    }
                    Some(Tok::Word(w)) if w.eq_ignore_ascii_case("BETWEEN") => return None,
                    _ => {}
                }
            }
            // (`NOT`s starting the term.)
            let mut from_not = term.0;
            while from_not < term.1 && self.word(from_not) == "NOT" {
                from_not += 1;
            }
            let not = from_not > term.0;
            if compared {
                if (from_not, term.1) != child {
                    return None;
                }
                negated |= not;
            } else {
                match self.nan_level_of(from_not, term.1, k, call) {
                    // (Below the comparison, the `nan` is no term of `AND`s and `OR`s, which
                    // read it as true there, NULL here.)
                    Some((0, _)) if !not && term == (from, to) => {}
                    Some((1, unequal)) => {
                        compared = true;
                        negated |= not || unequal;
                        span = Some((from_not, term.1, if unequal { ", 1)" } else { ", 0)" }));
                    }
                    _ => return None,
                }
            }
            if let Some(g) = group {
                match self.nan_group(g) {
                    _ if self.nan_branch(g, k).is_some() && !compared => {}
                    Some(true) if !compared => {}
                    Some(false) => {}
                    _ => return None,
                }
                child = (g, closing(self.toks, g).map_or(g, |c| c + 1));
            }
        }
        if operand {
            return (!compared && self.nan_case_operand(clause, end)).then_some(None);
        }
        if !compared {
            return None;
        }
        if !negated {
            return Some(None);
        }
        // (Of operands that are not `Nullable`, SQLite's comparison is NULL only of a NULL
        // standing for a `nan`.)
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let (s, e, close) = span?;
        (!self.expr_nullable(s, e, scope)).then_some(Some((s, e, close)))
    }

    /// Where a `nan` at `k` reaches, as it is (under arithmetic, parentheses, `round`, …, see
    /// [`Tr::nan_path`]), the operand of `x IS [NOT] NULL`, of an `x` that is not `Nullable`:
    /// that operand, written `coalesce(…, 0)`. (Upstream's list has no `isNull` function.)
    /// ClickHouse's `isNull` of a type that cannot hold a `NULL` is 0
    /// whatever the value (isNull.cpp: its constant result for such an argument, and
    /// `executeImpl`'s zero-filled null map), a `nan` included, where SQLite's NULL standing
    /// for it is NULL. (Operands only of arithmetic, after `(`, `,`, `AND`, `OR`, a clause's
    /// or a `CASE`'s word: no operator whose precedence against `IS` could differ.)
    fn nan_null_tested(&self, k: usize) -> Option<NanWrap> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let fits = |s: usize, e: usize| {
            s <= k && k < e && self.nan_path(k, s, e, false) && !self.expr_nullable(s, e, scope)
        };
        // (The first `IS` after `k` past its operands and arithmetic, out of the groups around
        // it too: `round(x / y, 1) IS NULL`.)
        let mut depth = 0i64;
        for p in k + 1..self.toks.len() {
            match self.toks.get(p)? {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") => depth -= 1,
                Tok::Sym("+" | "-" | "*" | "/" | "%" | ",") | Tok::Num(_) | Tok::Str(_) => {}
                _ if depth > 0 => {}
                Tok::Word(w) if w.eq_ignore_ascii_case("IS") => {
                    let tested = self.word(p + 1) == "NULL"
                        || self.word(p + 1) == "NOT" && self.word(p + 2) == "NULL";
                    let s = self.null_operand_start(p).filter(|_| tested)?;
                    return fits(s, p).then_some((s, p, ", 0)"));
                }
                Tok::Word(w) if !operator_word(w) => {}
                _ => return None,
            }
        }
        None
    }

    /// The start of the operand of the `IS` at `p`: the operands and arithmetic before it (see
    /// [`Tr::nan_level`]), where `(`, `,`, `AND`, `OR`, a clause's or a `CASE`'s word stands
    /// before them; `None` otherwise.
    fn null_operand_start(&self, p: usize) -> Option<usize> {
        let mut j = p;
        loop {
            let prev = j.checked_sub(1)?;
            match self.toks.get(prev)? {
                Tok::Sym(")" | "]") => {
                    // (Back to its opening.)
                    let mut depth = 0usize;
                    let mut open = None;
                    for q in (0..=prev).rev() {
                        match self.toks.get(q) {
                            Some(Tok::Sym(")" | "]")) => depth += 1,
                            Some(Tok::Sym("(" | "[")) => {
                                depth = depth.saturating_sub(1);
                                if depth == 0 {
                                    open = Some(q);
                                    break;
                                }
                            }
                            _ => {}
                        }
                    }
                    j = open?;
                }
                Tok::Sym("+" | "-" | "*" | "/" | "%") | Tok::Num(_) | Tok::Str(_) => j = prev,
                Tok::Word(w) if operator_word(w) => break,
                Tok::Word(_) => j = prev,
                _ => break,
            }
        }
        if j >= p {
            return None;
        }
        let before = j.checked_sub(1).and_then(|b| self.toks.get(b));
        let fits = match before {
            Some(Tok::Sym("(" | ",")) => true,
            Some(Tok::Word(w)) => matches!(
                w.to_ascii_uppercase().as_str(),
                "AND" | "OR" | "WHERE" | "HAVING" | "SELECT" | "WHEN" | "THEN" | "ELSE"
            ),
            _ => false,
        };
        fits.then_some(j)
    }

    /// Where the group at `g` is the arguments of `if(c, a, b)` and `k` stands in `a` or `b`,
    /// that argument: the `if`'s value, where a `nan` in it stays one as a NULL stays NULL
    /// (SQLite's `IIF` answers the NULL of its branch; ClickHouse's `if` the `nan` of its
    /// branch, a `Float64` of the branches' common type).
    fn nan_branch(&self, g: usize, k: usize) -> Option<(usize, usize)> {
        if self.toks.get(g) != Some(&Tok::Sym("(")) || self.word(g.checked_sub(1)?) != "IF" {
            return None;
        }
        match self.arguments(g).as_slice() {
            [_, a, b] => [*a, *b].into_iter().find(|(s, e)| (*s..*e).contains(&k)),
            _ => None,
        }
    }

    /// Whether the operand `(case, end)` of a `CASE x WHEN v THEN r … END` at `case`, a `nan`
    /// reaching it as it is (under arithmetic, parentheses, `round`, …, see
    /// [`Tr::nan_condition`]), takes no branch there as its NULL takes none here: ClickHouse
    /// runs it as `transform(x, [v, …], [r, …], else)` (caseWithExpression.cpp), whose
    /// numbers are looked up by their bits (transform.cpp, `bit_cast<UInt64>` of each value in
    /// a table of the `WHEN` values' bits, in the versions the code index stores, which agree;
    /// it holds no 25.6 tag), where a `nan` matches none of values that are no `nan`: the
    /// `ELSE` (or `NULL`) either way. Taken where the operand is not `Nullable`
    /// (its NULL stands for the `nan` only) and each `WHEN` value is a literal (no constant
    /// `nan` among them, whose bits may be the operand's).
    fn nan_case_operand(&self, case: usize, end: usize) -> bool {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        if self.word(end) != "WHEN" || self.expr_nullable(case + 1, end, scope) {
            return false;
        }
        let Some((words, _)) = self.case_words(case, self.toks.len()) else {
            return false;
        };
        words.windows(2).all(|pair| match pair {
            [w, t] if self.word(*w) == "WHEN" => (*w + 1..*t).all(|j| match self.toks.get(j) {
                Some(Tok::Num(_) | Tok::Str(_) | Tok::Sym("-")) => true,
                Some(Tok::Word(v)) => {
                    matches!(v.to_ascii_uppercase().as_str(), "NULL" | "TRUE" | "FALSE")
                }
                _ => false,
            }),
            _ => true,
        })
    }

    /// The spans written inside `ch_case_key(…)` of the `CASE` at `case` (before `b`) where it
    /// has an operand of a float: the operand and each `WHEN` value. ClickHouse runs `CASE x
    /// WHEN v THEN r … END` as `transform(x, [v, …], [r, …], else)` (caseWithExpression.cpp),
    /// which converts the `WHEN` values to `x`'s type and looks `x` up by its bits among
    /// theirs (transform.cpp: `bit_cast<UInt64>` of a number into a table of the converted
    /// values' bytes; of a `Nullable` one SipHash of its bytes), so a negative zero matches no
    /// `WHEN 0` (nor `WHEN 0.0`, or `WHEN -0`, which ClickHouse's parser reads as the integer
    /// 0) and a zero no `WHEN -0.0`, where SQLite's `=` takes them as one: `ch_case_key` tells
    /// them apart (an integer's zero has one sign, a `Decimal`'s is an integer of its units:
    /// not wrapped). Where the operand's type is not known here and a `WHEN` value may be a
    /// zero (anything but a string or non-zero number literal), refused as not run; so is a
    /// `NULL` among the `WHEN` values, or one of another kind than the operand (see below).
    pub(super) fn float_case_keys(
        &self,
        case: usize,
        b: usize,
    ) -> Result<Vec<(usize, usize)>, ApiError> {
        let mut spans = Vec::new();
        if self.word(case + 1) == "WHEN" {
            return Ok(spans);
        }
        let Some((words, _)) = self.case_words(case, b) else {
            return Ok(spans);
        };
        let Some(first) = words.first().copied().filter(|w| self.word(*w) == "WHEN") else {
            return Ok(spans);
        };
        let values: Vec<(usize, usize)> = words
            .windows(2)
            .filter_map(|pair| match pair {
                [w, t] if self.word(*w) == "WHEN" => Some((*w + 1, *t)),
                _ => None,
            })
            .collect();
        // (A `NULL` among the `WHEN` values: `transform` converts them to the operand's type,
        // ClickHouse's error of a `NULL` where that is not `Nullable`, and looks a `Nullable`
        // one's `NULL` up by its hash among theirs, where SQLite's `=` matches no `NULL`.)
        if values
            .iter()
            .any(|(s, e)| (*s..*e).any(|k| self.word(k) == "NULL"))
        {
            return Err(unsupported(
                "`CASE x WHEN NULL …` (ClickHouse's transform converts the WHEN values to x's type)",
            ));
        }
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let operand = self.expr_ty(case + 1, first, scope);
        // (A `WHEN` value of another kind than the operand: `transform` converts it to the
        // operand's type, a string parsed as a number or a time, a number read as a time's
        // seconds, and compares what it parsed (FieldVisitorAccurateEquals reads a string as
        // the number it compares), where SQLite compares the values as they are held.)
        let kind = |t: Ty| match t {
            Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal => Some(0),
            Ty::Str => Some(1),
            // (A `Date`'s `Field` is its days, a `DateTime`'s its seconds: never equal there.)
            Ty::Date => Some(6),
            Ty::DateTime | Ty::DateTime64(_) => Some(2),
            Ty::Nanos(_) | Ty::DecimalNanos => Some(3),
            Ty::Array(_) => Some(4),
            Ty::Interval => Some(5),
            Ty::Unknown => None,
        };
        let mixed = values.iter().any(|(s, e)| {
            matches!((kind(operand), kind(self.expr_ty(*s, *e, scope))), (Some(a), Some(b)) if a != b)
        });
        if mixed {
            return Err(unsupported(
                "`CASE x WHEN v …` of a WHEN value of another kind than x (ClickHouse's transform converts it to x's type: a string parsed as a number or a time)",
            ));
        }
        match operand {
            Ty::Float => {
                spans.push((case + 1, first));
                spans.extend(values);
            }
            Ty::Unknown if values.iter().any(|(s, e)| self.may_be_zero(*s, *e)) => {
                return Err(unsupported(
                    "`CASE x WHEN v …` of an operand whose type is not known here beside a WHEN value that may be a zero (a float's negative zero matches no zero there)",
                ));
            }
            _ => {}
        }
        Ok(spans)
    }

    /// Whether the tokens `[s, e)` may be a zero: all but a string literal and a number
    /// literal (with a sign or not) that is not one.
    fn may_be_zero(&self, s: usize, e: usize) -> bool {
        match self.toks.get(s..e) {
            Some([Tok::Str(_)]) => false,
            Some([Tok::Num(n)] | [Tok::Sym("-" | "+"), Tok::Num(n)]) => {
                n.parse::<f64>().map_or(true, |f| f == 0.0)
            }
            _ => true,
        }
    }

    /// How the unary minus at `i` (before `b`) is written ([`Negation`]): of a float or an
    /// integer that is no literal (`-5` is SQLite's integer, `-0.0` its negative zero, as
    /// ClickHouse's parser reads them), where its operand can be told.
    fn negation(&self, i: usize, b: usize) -> Result<Negation, ApiError> {
        // (`- -128`: of the negative literal, an `Int8`, see [`Negation::Narrow`].)
        if let (Some(Tok::Sym("-")), Some(Tok::Num(_))) =
            (self.toks.get(i + 1), self.toks.get(i + 2))
        {
            let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
            if let Ty::Int(it) = self.expr_ty(i + 1, i + 3, scope) {
                if let (true, Some(bits @ (8 | 16 | 32))) = (it.is_signed(), it.known_bits()) {
                    return Ok(Negation::Narrow(i + 3, bits));
                }
            }
        }
        if matches!(self.toks.get(i + 1), Some(Tok::Num(_)) | Some(Tok::Sym(_)))
            && !matches!(self.toks.get(i + 1), Some(Tok::Sym("(" | "[")))
        {
            return Ok(Negation::Plain);
        }
        let Ok(mut end) = self.operand_end(i + 1, b) else {
            return Ok(Negation::Plain);
        };
        // (A window function with its window.)
        if self.word(end) == "OVER" {
            end = match self.toks.get(end + 1) {
                Some(Tok::Sym("(")) => closing(self.toks, end + 1).map_or(b + 1, |c| c + 1),
                Some(Tok::Word(_)) => end + 2,
                _ => b + 1,
            };
        }
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let ty = match end <= b {
            true => self.expr_ty(i + 1, end, scope),
            false => Ty::Unknown,
        };
        let next = self.toks.get(end);
        match ty {
            // (SQLite's `||` binds tighter than `*`: `-x || 'a'` stays as it is.)
            Ty::Float if !matches!(next, Some(Tok::Sym("||" | "::"))) => Ok(Negation::Float),
            Ty::Int(_) => {
                let subscripted = self.toks.get(end.saturating_sub(1)) == Some(&Tok::Sym("]"));
                match next {
                    Some(Tok::Sym("(" | "[" | "::")) => Err(unsupported(INEXACT_INTEGER)),
                    Some(Tok::Sym("*" | "/" | "%")) if subscripted => {
                        Err(unsupported(INEXACT_INTEGER))
                    }
                    Some(Tok::Sym("*" | "/" | "%")) => Ok(Negation::Operand(end)),
                    _ => match ty {
                        Ty::Int(it) if it.is_signed() => match it.known_bits() {
                            Some(bits @ (8 | 16 | 32)) => Ok(Negation::Narrow(end, bits)),
                            _ => Ok(Negation::Whole(end)),
                        },
                        _ => Ok(Negation::Whole(end)),
                    },
                }
            }
            // ClickHouse's `negate` takes no string and no array (`-outcome`, `-tags`, `-[1]`):
            // ILLEGAL_TYPE_OF_ARGUMENT ("Illegal type Array(UInt8) of argument of function
            // negate"), upstream's "Invalid analytics query"; ClickHouse 25.5.2 and 25.8.2
            // (chDB) agree.
            t if t == Ty::Str || t.is_array() => Err(query_error("Invalid analytics query")),
            _ => Ok(Negation::Plain),
        }
    }

    /// Whether the `WHEN` at `w` is one of a `CASE` without an operand (`CASE WHEN c THEN …`,
    /// ClickHouse's `multiIf` of its conditions), at its level.
    fn searched_case_when(&self, w: usize) -> bool {
        let mut depth = 0usize;
        let mut cases = 0usize;
        for j in (0..w).rev() {
            match self.toks.get(j) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => return false,
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(Tok::Word(x)) if depth == 0 => match x.to_ascii_uppercase().as_str() {
                    "END" => cases += 1,
                    "CASE" if cases > 0 => cases -= 1,
                    "CASE" => return self.word(j + 1) == "WHEN",
                    _ => {}
                },
                _ => {}
            }
        }
        false
    }

    /// Whether a unary `-` stands right before the token at `l`.
    fn unary_minus(&self, l: usize) -> bool {
        let Some(minus) = l.checked_sub(1) else {
            return false;
        };
        if self.toks.get(minus) != Some(&Tok::Sym("-")) {
            return false;
        }
        match minus.checked_sub(1).and_then(|p| self.toks.get(p)) {
            None | Some(Tok::Sym("(" | "," | "+" | "-" | "*" | "/" | "%" | "=" | "<" | ">")) => {
                true
            }
            Some(Tok::Word(w)) => matches!(
                w.to_ascii_uppercase().as_str(),
                "SELECT"
                    | "WHERE"
                    | "HAVING"
                    | "AND"
                    | "OR"
                    | "NOT"
                    | "BY"
                    | "THEN"
                    | "ELSE"
                    | "WHEN"
            ),
            _ => false,
        }
    }

    /// How the `/` or `%` at `k`, of the operands `[left, end)`, reads a quotient that may not
    /// be finite ([`NanRead`]): [`Tr::nan_answered`], or refusing a `nan`, or where SQLite's
    /// arithmetic or a sum reads it (an `inf` less an `inf` is a `nan`, SQLite's NULL) any
    /// value that is not finite.
    pub(super) fn nan_read(&self, k: usize, left: usize, end: usize, st: &Sel) -> NanRead {
        if self.nan_answered(k, st) || self.nan_filtered(k) {
            return NanRead::Answered;
        }
        let (mut l, mut r) = (left, end);
        loop {
            // (A unary minus keeps an `inf` one.)
            while self.unary_minus(l) {
                l -= 1;
            }
            let before = l.checked_sub(1).and_then(|p| self.toks.get(p));
            let arithmetic = |t: Option<&Tok>| {
                matches!(t, Some(Tok::Sym("+" | "-" | "*")))
                    || matches!(t, Some(Tok::Word(w)) if matches!(w.to_ascii_uppercase().as_str(), "DIV" | "MOD"))
            };
            if arithmetic(before) || arithmetic(self.toks.get(r)) {
                return NanRead::NonFinite;
            }
            if before != Some(&Tok::Sym("(")) {
                return NanRead::Refused;
            }
            let open = l - 1;
            let close = closing(self.toks, open);
            match (self.nan_group(open), close) {
                // (Parentheses around the operands, or `round`, `floor`, `ceil` or `abs` of
                // them, where an `inf` stays one.)
                (Some(false), Some(c)) if c == r => {
                    l = open;
                    r = c + 1;
                    continue;
                }
                (Some(true), Some(c)) if c == r || self.toks.get(r) == Some(&Tok::Sym(",")) => {
                    l = open - 1;
                    r = c + 1;
                    continue;
                }
                _ => {}
            }
            return match open.checked_sub(1).and_then(|p| self.toks.get(p)) {
                Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                    "sum" | "avg" | "sumif" | "quantile" => NanRead::NonFinite,
                    _ => NanRead::Refused,
                },
                // (`quantile(level)(x)`.)
                Some(Tok::Sym(")")) => NanRead::NonFinite,
                _ => NanRead::Refused,
            };
        }
    }

    /// The operands and `+`, `-`, `*`, `/`, `%` around the operator at `k` at its level (only
    /// `*`, `/`, `%` with `terms`, the term of a sum it stands in), as ClickHouse's parser
    /// groups them; `None` where they cannot be told.
    fn arithmetic_span(&self, k: usize, b: usize, terms: bool) -> Option<(usize, usize)> {
        let op = |t: Option<&Tok>| match t {
            Some(Tok::Sym("*" | "/" | "%")) => true,
            Some(Tok::Sym("+" | "-")) => !terms,
            _ => false,
        };
        let mut s = self.primary_start(k)?;
        loop {
            while self.unary_minus(s) {
                s -= 1;
            }
            match s.checked_sub(1) {
                Some(p) if op(self.toks.get(p)) => s = self.primary_start(p)?,
                _ => break,
            }
        }
        let mut e = k;
        loop {
            let mut r = e + 1;
            while self.toks.get(r) == Some(&Tok::Sym("-")) {
                r += 1;
            }
            e = self.operand_end(r, b).ok()?;
            if self.word(e) == "OVER" {
                e = match self.toks.get(e + 1) {
                    Some(Tok::Sym("(")) => closing(self.toks, e + 1)? + 1,
                    Some(Tok::Word(_)) => e + 2,
                    _ => return None,
                };
            }
            if matches!(self.toks.get(e), Some(Tok::Sym("(" | "["))) || e > b {
                return None;
            }
            if !op(self.toks.get(e)) {
                break;
            }
        }
        Some((s, e))
    }

    /// Whether the operand `[left, k)` of a `/` is a product of integers (`a * b / c`), whose
    /// SQLite's float past 64 bits `ch_divide` refuses.
    fn integer_product(&self, left: usize, k: usize) -> bool {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let mut depth = 0usize;
        let product = (left..k).any(|j| match self.toks.get(j) {
            Some(Tok::Sym("(" | "[")) => {
                depth += 1;
                false
            }
            Some(Tok::Sym(")" | "]")) => {
                depth = depth.saturating_sub(1);
                false
            }
            Some(Tok::Sym("*")) => depth == 0,
            _ => false,
        });
        product && matches!(self.expr_ty(left, k, scope), Ty::Int(_))
    }

    /// ClickHouse's integer `+`, `-` and `*` keep their 64-bit type (an `Int64` wrapping round),
    /// where SQLite's turn to a float past 64 bits. Around the binary operator at `k`, the sum
    /// it stands in and (of a `*`) its term, where they are integers, are written inside
    /// `ch_i64(…)`, which refuses such a float as not run ([`INEXACT_INTEGER`]); a sum answered
    /// as a whole select-list item is left to the answer's check ([`Ty::inexact_integer`]).
    /// (A `/` of a product, see [`Tr::integer_product`].) A sum of floats read where a NULL
    /// does not stand for a `nan` (see [`Tr::nan_read`]) is written inside `ch_no_nan(…)`,
    /// which refuses SQLite's NULL of one (`inf - inf`, past a call or a subquery's column).
    fn exact_integers(
        &self,
        k: usize,
        b: usize,
        (list, to): ((usize, usize), usize),
        w: &mut Wrap<'_>,
    ) -> Result<(), ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let times = self.toks.get(k) == Some(&Tok::Sym("*"));
        let spans = [
            self.arithmetic_span(k, b, false),
            self.arithmetic_span(k, b, true).filter(|_| times),
        ];
        for (term, span) in spans.into_iter().enumerate() {
            let Some((s, e)) = span.filter(|span| !w.done.contains(span)) else {
                continue;
            };
            let wrapper = match self.expr_ty(s, e, scope) {
                // (One operator's float past 64 bits is past 2^53, which the answer refuses;
                // after more, `a * b - c * d`, it may be any.)
                Ty::Int(_)
                    if self.answered_item(s, e, &list) && self.binary_operators(s, e) == 1 =>
                {
                    None
                }
                Ty::Int(_) => Some("ch_i64("),
                // (A float's `nan`, SQLite's NULL, as an `inf` less an `inf` makes, see
                // [`Tr::nan_read`]; where a NULL stands for it, as a division's.)
                Ty::Float
                    if term == 0 && !self.nan_answered_in(k, list, to) && !self.nan_filtered(k) =>
                {
                    Some("ch_no_nan(")
                }
                _ => None,
            };
            w.done.push((s, e));
            let Some(wrapper) = wrapper else {
                continue;
            };
            let Some(at) = w
                .starts
                .iter()
                .find(|(j, _)| *j == s)
                .map(|(_, at)| *at)
                .filter(|at| *at <= w.out.len())
            else {
                return Err(unsupported(INEXACT_INTEGER));
            };
            w.out.insert(at, wrapper.into());
            // (What is written at or after it moves on by one; what is written later at its
            // start goes inside it.)
            for (_, p) in w.starts.iter_mut() {
                if *p >= at {
                    *p += 1;
                }
            }
            for c in w.chains.iter_mut() {
                if *c > at {
                    *c += 1;
                }
            }
            w.closes.push((e, ")"));
        }
        Ok(())
    }

    /// How many binary arithmetic operators stand in `[s, e)` at its level.
    fn binary_operators(&self, s: usize, e: usize) -> usize {
        let mut depth = 0usize;
        (s..e)
            .filter(|j| match self.toks.get(*j) {
                Some(Tok::Sym("(" | "[")) => {
                    depth += 1;
                    false
                }
                Some(Tok::Sym(")" | "]")) => {
                    depth = depth.saturating_sub(1);
                    false
                }
                Some(Tok::Sym("*" | "/" | "%")) => depth == 0,
                Some(Tok::Sym("+" | "-")) => {
                    depth == 0 && ends_operand(j.checked_sub(1).and_then(|p| self.toks.get(p)))
                }
                _ => false,
            })
            .count()
    }

    /// Whether `[s, e)` is the whole expression of a select-list item the query answers (see
    /// [`Tr::nan_answered`]), whose integer the answer checks.
    fn answered_item(&self, s: usize, e: usize, list: &(usize, usize)) -> bool {
        let (a, b) = *list;
        let answered = a
            .checked_sub(1)
            .is_some_and(|select| self.answered_lists.contains(&select));
        if !answered || !self.alias_sites.is_empty() || !self.expanding.is_empty() {
            return false;
        }
        self.list_items(a, b).into_iter().any(|(is, ie)| {
            let end = (is..ie).find(|j| self.word(*j) == "AS").unwrap_or(ie);
            is == s && end == e
        })
    }

    /// Registers the window function called at `i` as answering `default` (SQL) over an
    /// empty frame: [`Tr::emit`] closes the `COALESCE(` written before it after its `OVER`.
    fn window_default(&self, i: usize, default: &str) -> Result<(), ApiError> {
        let over = self
            .call_close(i)
            .map(|c| c + 1)
            .filter(|o| self.word(*o) == "OVER")
            .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
        let close = match default {
            "0" => ", 0)",
            "''" => ", '')",
            // (`ch_no_nan(`'s, see `avg`.)
            "nan" => ")",
            _ => ", '[]')",
        };
        let mut defaults = self.window_defaults.take();
        if !defaults.contains(&(over, close)) {
            defaults.push((over, close));
        }
        self.window_defaults.set(defaults);
        Ok(())
    }

    /// The text closing a window function's `COALESCE(` after the specification of its `OVER`
    /// at `over` (see [`Tr::window_default`]), if it has one.
    pub(super) fn window_default_close(&self, over: usize) -> Option<&'static str> {
        let defaults = self.window_defaults.take();
        let close = defaults.iter().find(|(o, _)| *o == over).map(|(_, c)| *c);
        self.window_defaults.set(defaults);
        close
    }

    /// Where the translation goes on when the token at `i` starts a range it leaves out
    /// ([`Tr::time_zone`]).
    fn skipped_from(&self, i: usize) -> Option<usize> {
        let skipped = self.skipped.take();
        let end = skipped.iter().find(|(s, _)| *s == i).map(|(_, e)| *e);
        self.skipped.set(skipped);
        end
    }

    /// Leaves the tokens `[s, e)` out of the translation ([`Tr::skipped_from`]).
    pub(super) fn skip(&self, s: usize, e: usize) {
        let mut skipped = self.skipped.take();
        skipped.push((s, e));
        self.skipped.set(skipped);
    }

    /// ClickHouse 25.6's count of arguments of every call of the query ([`ARITY`]), before
    /// anything of it is translated: another count is its NUMBER_OF_ARGUMENTS_DOESNT_MATCH,
    /// whose text names no unknown function, so upstream's ExtractUserFriendlyError answers
    /// "Invalid analytics query" (not SQLite's own reading: its scalar `max(a, b)`, or its
    /// "wrong number of arguments", which reads as "Unknown function"; nor this server's
    /// readings of some calls before theirs, `toIntervalDay()` as a syntax error). A
    /// parametric call's arguments (`quantile(l)(x)`, see [`Tr::check_parameters`]) and
    /// `count(DISTINCT a, b)` (distinct tuples) are not counted here. `trim` and `substring`
    /// are read by ClickHouse's parser (ExpressionListParsers.cpp: TrimLayer takes one
    /// operand, after `[BOTH|LEADING|TRAILING] chars FROM` or alone, then `)`; SubstringLayer
    /// a `)` only after a second or third operand), so another count is its syntax error,
    /// "Invalid SQL syntax".
    pub(super) fn check_arities(&self) -> Result<(), ApiError> {
        // (Each call of [`ARITY`]'s functions: where its name is, its lower-case name, its
        // least and most arguments.)
        let calls: Vec<(usize, String, usize, usize)> = self
            .toks
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let Tok::Word(w) = t else { return None };
                let call = self.toks.get(i + 1) == Some(&Tok::Sym("("))
                    && !i
                        .checked_sub(1)
                        .is_some_and(|p| self.toks.get(p) == Some(&Tok::Sym(".")));
                let lower = w.to_ascii_lowercase();
                let &(_, least, most) = ARITY.iter().find(|(name, ..)| *name == lower)?;
                call.then_some((i, lower, least, most))
            })
            .collect();
        let parametric = |i: usize| {
            closing(self.toks, i + 1).is_some_and(|c| self.toks.get(c + 1) == Some(&Tok::Sym("(")))
        };
        // ClickHouse's parser reads the whole query before anything is analysed: its syntax
        // errors first.
        for (i, lower, ..) in &calls {
            let n = self.arguments(i + 1).len();
            let syntax = match lower.as_str() {
                "trim" => n != 1,
                "substring" => !(2..=3).contains(&n),
                _ => false,
            };
            if syntax && !parametric(*i) {
                return Err(clickhouse_parse_error());
            }
            // (A parametric call's arguments may not be empty there, `quantile(0.5)()`,
            // `sum()()`: its syntax error, as chDB 3.6.0, ClickHouse 25.5.2, and 3.7.2, 25.8.2,
            // agree.)
            let no_arguments = closing(self.toks, i + 1).is_some_and(|c| {
                self.toks.get(c + 1) == Some(&Tok::Sym("("))
                    && self.toks.get(c + 2) == Some(&Tok::Sym(")"))
            });
            if no_arguments {
                return Err(clickhouse_parse_error());
            }
        }
        for (i, lower, least, most) in calls {
            if parametric(i) {
                self.check_parameters(i, &lower)?;
                continue;
            }
            if lower == "count" && self.word(i + 2) == "DISTINCT" {
                continue;
            }
            let args = self.arguments(i + 1);
            let n = args.len();
            let null_at = |k: usize| {
                args.get(k)
                    .is_some_and(|&(s, e)| e == s + 1 && self.word(s) == "NULL")
            };
            let name = match super::translate::spelling(&lower) {
                Some(super::translate::Spelling::Canonical(c)) => c,
                _ => lower.as_str(),
            };
            // (A variadic function of a `NULL` literal is `NULL` before its arguments are
            // counted, see [`FIXED_ARITY`].)
            if (n < least || n > most)
                && (0..n).any(null_at)
                && !FIXED_ARITY.contains(&lower.as_str())
            {
                return Err(unsupported(
                    "a call of a NULL argument with another count of arguments than the function takes, which ClickHouse may answer as NULL",
                ));
            }
            if n < least || n > most {
                return Err(query_error("Invalid analytics query"));
            }
            // (A `NULL` literal where ClickHouse's default implementation for nulls answers
            // `NULL` before the function reads it, or where how the function reads one is not
            // followed here: not run.)
            let null_not_run = match lower.as_str() {
                "todatetime64" | "formatdatetime" | "round" | "floor" | "ceil" => null_at(1),
                "now64" | "date_trunc" | "arrayjoin" => null_at(0),
                "hasany" | "hasall" => null_at(0) || null_at(1),
                _ => false,
            };
            if null_not_run {
                return Err(unsupported(&format!(
                    "{name} of a NULL literal where ClickHouse answers NULL or reads it otherwise"
                )));
            }
        }
        Ok(())
    }

    /// The parameters and arguments of the parametric call at `i` (`lower(p…)(x…)`) of a
    /// function of [`ARITY`]: `quantile`, `groupArray` and `groupUniqArray` take one argument
    /// (FactoryHelpers.h `assertUnary`) and a level or a size at most
    /// (AggregateFunctionQuantile.h: "requires one level parameter or less", none the level
    /// 0.5; createAggregateFunctionGroupArray: "should be 0 or 1", none no limit); every other aggregate of the
    /// list none (`assertNoParameters`, "Aggregate function count cannot have parameters",
    /// the `-If` combinator passing them to `count`/`sum`), and a function that is no
    /// aggregate none either. Each is a ClickHouse error whose text names no unknown function:
    /// "Invalid analytics query" (`quantile(0.5)(x, y)` answered the quantile of `x` here).
    fn check_parameters(&self, i: usize, lower: &str) -> Result<(), ApiError> {
        let Some(c) = closing(self.toks, i + 1) else {
            return Ok(());
        };
        let parameters = self.list_items(i + 2, c).len();
        let arguments = self.arguments(c + 1).len();
        match lower {
            "quantile" | "grouparray" | "groupuniqarray" if parameters <= 1 && arguments == 1 => {
                match parameters {
                    // (Empty parameters are none, AggregateFunctionGroupArray.cpp's "no limit"
                    // and the default level 0.5: not followed here.)
                    0 => Err(unsupported(
                        "quantile()(x), groupArray()(x) or groupUniqArray()(x), of empty parameters",
                    )),
                    _ => Ok(()),
                }
            }
            _ => Err(query_error("Invalid analytics query")),
        }
    }

    /// A function call at `i` (`name(`): pushes its SQLite opening and the closing its `)`
    /// writes. Returns the index after the opening parenthesis (or after the whole call).
    pub(super) fn call(
        &self,
        i: usize,
        w: &str,
        nan_answered: bool,
        out: &mut Vec<String>,
        closers: &mut Vec<Cow<'static, str>>,
        chains: &mut Vec<usize>,
    ) -> Result<usize, ApiError> {
        // `groupArray(N)(x)`, `groupUniqArray(N)(x)`: the call, its values checked against
        // `N` ([`LIMITED`], see `casts::limited_array`); over a window, the window's function
        // keeps the frame's first `N` ([`Tr::call_written`]).
        let windowed = self
            .call_close(i)
            .is_some_and(|c| self.word(c + 1) == "OVER");
        // (`min`/`max` of arithmetic whose move is not told here, see `Tr::min_max_untold`:
        // the call, or its failure over no rows.)
        if self.min_max_untold(i, &w.to_ascii_lowercase(), windowed) {
            out.push(format!("{MIN_MAX_UNTOLD}("));
            let pushed = closers.len();
            let next = self.call_written(i, w, nan_answered, out, closers, chains)?;
            match (closers.len() == pushed + 1, closers.last_mut()) {
                (true, Some(close)) => *close = Cow::Owned(format!("{close}, COUNT(*))")),
                _ => return Err(unsupported(MIN_MAX_UNTOLD_NOT_RUN)),
            }
            return Ok(next);
        }
        let limit = match self.spelled.get(&i).and_then(|s| s.limit) {
            Some(limit) if !windowed => limit,
            _ => return self.call_written(i, w, nan_answered, out, closers, chains),
        };
        out.push(format!("{LIMITED}({limit}, "));
        let pushed = closers.len();
        let next = self.call_written(i, w, nan_answered, out, closers, chains)?;
        match (closers.len() == pushed + 1, closers.last_mut()) {
            (true, Some(close)) => *close = Cow::Owned(format!("{close})")),
            _ => return Err(unsupported("this form of groupArray(N)(x)")),
        }
        Ok(next)
    }

    /// [`Tr::call`] of a call as it is written.
    fn call_written(
        &self,
        i: usize,
        w: &str,
        nan_answered: bool,
        out: &mut Vec<String>,
        closers: &mut Vec<Cow<'static, str>>,
        chains: &mut Vec<usize>,
    ) -> Result<usize, ApiError> {
        let lower = w.to_ascii_lowercase();
        let zone = self.time_zone(i, &lower)?;
        self.check_nanos_arguments(i, &lower)?;
        // A `Decimal` of seconds is held as the float nearest it ([`Ty::Decimal`]): these
        // compute in ClickHouse's decimals (`round` to a decimal digit), which SQLite's floats
        // would miss by a step.
        // (A `CAST` to a `Decimal` is converted where [`Tr::decimal_site`] lets it be read.)
        let cast_of_decimal = self.arguments(i + 1).first().is_some_and(|&(s, _)| {
            matches!(
                self.spelled.get(&s).and_then(|c| c.narrowed),
                Some(Narrowed::Decimal { .. })
            )
        });
        // (Their `sum` and `avg`, not over a window, add its µs exactly, see
        // `ch_decimal_micros`.)
        let decimal_seconds = self.first_arg_ty(i) == Ty::Decimal && !cast_of_decimal;
        let windowed_call = self
            .call_close(i)
            .is_some_and(|c| self.word(c + 1) == "OVER");
        // (Arithmetic ClickHouse's analyzer moves out of `sum` and `avg`: the query is
        // translated again with it moved, see `arith`.)
        if let Some(moved) = self.arithmetic_moved(i, &lower, windowed_call)? {
            self.moved.set(Some(moved));
            return Err(unsupported("arithmetic moved out of an aggregate"));
        }
        if decimal_seconds
            && (matches!(lower.as_str(), "sumif" | "avgif")
                || matches!(lower.as_str(), "sum" | "avg") && windowed_call)
        {
            return Err(unsupported(DECIMAL_ARITHMETIC));
        }
        if matches!(lower.as_str(), "grouparray" | "groupuniqarray")
            && self.first_arg_ty(i) == Ty::Decimal
        {
            return Err(unsupported(DECIMAL_ARRAY));
        }
        let upper_name = lower.to_ascii_uppercase();
        // The SQL around the arguments of a call that reads its time in `zone` ([`Tr::time_zone`]):
        // its one argument left, the time, moved to the zone's wall clock; `formatDateTime`'s
        // and `date_trunc`'s SQLite functions take the zone as their last argument.
        let zoned = |(open, close): (String, String)| match (&zone, lower.as_str()) {
            (
                Some(z),
                "todate" | "tostring" | "tostartofweek" | "tostartofmonth" | "tostartofquarter"
                | "tostartofyear",
            ) => (format!("{open}ch_in_zone("), format!(", {z}){close}")),
            // (A `Date` made a `DateTime` of a zone: its day's start there.)
            (Some(z), "todatetime") if self.first_arg_ty(i) == Ty::Date => {
                (format!("{open}ch_zone_day("), format!(", {z}){close}"))
            }
            (Some(z), "formatdatetime" | "date_trunc") => {
                let close = close.strip_suffix(')').unwrap_or(&close);
                (open, format!("{close}, {z})"))
            }
            _ => (open, close),
        };
        // A call written around its arguments with a closing text made here.
        let wrap = |(open, close): (String, String)| {
            let (open, close) = zoned((open, close));
            (open, close, i + 2)
        };
        let empty_call = self.toks.get(i + 2) == Some(&Tok::Sym(")"));
        // `f(…) OVER (…)` (or `quantile(level)(x) OVER (…)`): a window function.
        let windowed = self
            .call_close(i)
            .is_some_and(|c| self.word(c + 1) == "OVER");
        // (SQLite's windows take no `DISTINCT`; upstream's parser passes `f(DISTINCT x) OVER …`
        // on to ClickHouse. `count(DISTINCT a, b)` is written as distinct tuples, below.)
        let tuples = lower == "count" && self.arguments(i + 1).len() > 1;
        if windowed && self.word(i + 2) == "DISTINCT" && !tuples {
            return Err(unsupported("f(DISTINCT x) OVER …"));
        }
        // ClickHouse takes only a date or a time here: another type (a number such as the raw
        // tables' `time`, a string) is ILLEGAL_TYPE_OF_ARGUMENT, which upstream's handler
        // answers as every other ClickHouse error it does not name.
        let time_argument = match lower.as_str() {
            "date_trunc" => Some(1),
            "formatdatetime" => Some(0),
            f if f.starts_with("tostartof") => Some(0),
            _ => None,
        };
        let ty = time_argument.map_or(Ty::Unknown, |n| self.arg_ty(i, n));
        if ty != Ty::Unknown && !ty.is_time() {
            return Err(query_error("Invalid analytics query"));
        }
        // `date_trunc` of a `Date` to a unit shorter than a day is ClickHouse's
        // ILLEGAL_TYPE_OF_ARGUMENT as it builds the function ("Illegal type Date of argument for
        // function dateTrunc"), rows or not (ClickHouse 25.5.2 and 25.8.2 (chDB) agree).
        let sub_day_unit = matches!(
            self.toks.get(i + 2),
            Some(Tok::Str(u)) if matches!(u.to_ascii_lowercase().as_str(), "hour" | "minute" | "second")
        );
        if lower == "date_trunc" && ty == Ty::Date && sub_day_unit {
            return Err(query_error("Invalid analytics query"));
        }
        // `substring(s, 0[, n])` of a string that is no constant: ClickHouse's substring of a
        // constant offset 0 is ZERO_ARRAY_OR_TUPLE_INDEX ("Indices in strings are 1-based"),
        // on every block, an empty one too, so rows or not; of a constant string it is folded
        // to `''`, and an offset that varies and is 0 answers `''` (ClickHouse 25.5.2 and 25.8.2
        // (chDB) agree). So one that reads a public table's column fails; one whose constness
        // is not told here is not run.
        if lower == "substring" {
            let args = self.arguments(i + 1);
            let zero_offset = args.get(1).is_some_and(|&(s, e)| {
                let (s, e) = self.unparenthesized(s, e);
                matches!(self.toks.get(s..e), Some([Tok::Num(n)]) if n.parse::<u64>() == Ok(0))
            });
            if let (true, Some(&(s, e))) = (zero_offset, args.first()) {
                // (A subquery's column may be a constant there: `substring(s, 0, 2)` of
                // `(SELECT 'abc' AS s …)` is `''`.)
                let literal = matches!(self.toks.get(s..e), Some([Tok::Str(_)]));
                // (In a subquery or a CTE's body ClickHouse may drop a column no one reads
                // before it runs it: not run there.)
                if self.reads_table_column(s, e) && !self.within_subquery(i) {
                    return Err(query_error("Invalid analytics query"));
                }
                if !literal && !self.constant_expression(s, e) {
                    return Err(unsupported(
                        "substring at the offset 0 of a string whose constness is not told here",
                    ));
                }
            }
        }
        // `EXTRACT(HOUR|MINUTE|SECOND FROM d)` of a `Date` is ClickHouse's `toHour(d)`, …,
        // whose transforms refuse a `Date` ("Illegal type Date"), where and when that fails
        // there is not settled here.
        let extract = i.checked_sub(2).and_then(|s| self.spelled.get(&s));
        if lower == "formatdatetime" && extract.is_some_and(|e| e.time_of_day) && ty == Ty::Date {
            return Err(unsupported("EXTRACT(HOUR|MINUTE|SECOND FROM …) of a Date"));
        }
        // The branches of `if` and the arguments of `coalesce` take their common type.
        let mut no_common_type = false;
        match lower.as_str() {
            "if" | "coalesce" => {
                let scope = self.scopes.last().cloned().unwrap_or_default();
                let args = match lower.as_str() {
                    // (Up to its first argument that is not `Nullable`, see
                    // [`Tr::coalesce_typed`].)
                    "coalesce" => self.coalesce_typed(i + 1, &scope),
                    _ => self.arguments(i + 1),
                };
                let values = args.get(usize::from(lower == "if")..).unwrap_or_default();
                self.check_bool_first(values, &scope)?;
                if lower == "if" {
                    self.check_array_beside_null(values, false, &scope)?;
                }
                Ty::check_common(
                    values
                        .iter()
                        .filter_map(|(s, e)| self.value_ty(*s, *e, &scope)),
                )?
            }
            "has" | "hasany" | "hasall" => no_common_type = self.check_search(i, &lower)?,
            // (Of ns, see [`Ty::Nanos`]: not written here.)
            "concat" => {
                let scope = self.scopes.last().cloned().unwrap_or_default();
                let args = self.arguments(i + 1);
                if args
                    .iter()
                    .any(|(s, e)| self.expr_ty(*s, *e, &scope).held_in_ns())
                {
                    return Err(concat_not_run());
                }
                // Of two or more arrays only, ClickHouse concatenates the arrays
                // (`concat(['a'], ['b'])` is `['a', 'b']`; of one array, or with a string
                // beside them, it writes each as text: ClickHouse 25.5.2 and 25.8.2 (chDB)
                // agree), which is not written here.
                if args.len() > 1
                    && args
                        .iter()
                        .all(|(s, e)| self.expr_ty(*s, *e, &scope).is_array())
                {
                    return Err(unsupported("concat of arrays only"));
                }
            }
            _ => {}
        }
        // ClickHouse reads a string literal to a number as it analyses the query, rows or not
        // (of a [`Narrowed`] width outside it, where it does not fail the same way, not run).
        if let ("toint32" | "toint64" | "tofloat64", Some(Tok::Str(v)), Some(Tok::Sym(")"))) =
            (lower.as_str(), self.toks.get(i + 2), self.toks.get(i + 3))
        {
            let narrowed = self.spelled.get(&i).and_then(|s| s.narrowed);
            let read = match (lower.as_str(), narrowed) {
                ("tofloat64", _) => v.parse::<f64>().is_ok(),
                ("toint32", _) => v.parse::<i32>().is_ok(),
                (_, Some(Narrowed::Bool)) => bool_text(v).is_some(),
                // (A `Decimal`'s failure is its own, see [`decimal_units`].)
                (_, Some(Narrowed::Decimal { scale, whole })) => {
                    match decimal_units(ValueRef::Text(v.as_bytes()), whole + scale, scale) {
                        Ok(_) => true,
                        Err(DecimalFailure::Parse) => false,
                        Err(DecimalFailure::NotRun) => return Err(unsupported(DECIMAL_NOT_RUN)),
                        Err(DecimalFailure::Overflow) => {
                            self.fold_failure(query_error("Invalid analytics query"), i);
                            true
                        }
                    }
                }
                (_, Some(Narrowed::Int { bits, signed })) => match v.parse::<i64>() {
                    Ok(n) if !narrowed_holds(n, bits, signed) => {
                        return Err(unsupported(NARROWED_NOT_RUN))
                    }
                    read => read.is_ok(),
                },
                _ => v.parse::<i64>().is_ok(),
            };
            if !read {
                self.fold_failure(query_error("Invalid SQL syntax"), i);
            }
        }
        // Nor an argument of a type the function does not take (a string or a time where it
        // takes a number, "Illegal type String of argument for aggregate function sum").
        self.check_argument_types(i, &lower)?;
        // `f(DISTINCT …)` is ClickHouse's `fDistinct(…)` (its parser appends the combinator,
        // 01259_combinator_distinct's formatted queries), the `-Distinct` combinator over `f`:
        // the distinct tuples of all its arguments fed to `f` (AggregateFunctionDistinct.cpp).
        // `groupArray(DISTINCT x)` is written as `grouparraydistinct` (see `hash_order`).
        let distinct = self.word(i + 2) == "DISTINCT";
        // `countIf(DISTINCT c)` of one argument is ClickHouse's `countIfDistinct`, which its
        // analyzer turns into `uniqExactIf(c)`, one argument short of that function's value and
        // condition: NUMBER_OF_ARGUMENTS_DOESNT_MATCH ("Incorrect number of arguments for
        // aggregate function uniqExact"), rows or not, upstream's "Invalid analytics query"
        // (ClickHouse 25.5.2 and 25.8.2 (chDB) agree; `countIf(DISTINCT x, c)` is answered).
        if distinct && lower == "countif" && self.arguments(i + 1).len() == 1 {
            return Err(query_error("Invalid analytics query"));
        }
        let function = match lower.as_str() {
            "grouparray" if distinct => "grouparraydistinct",
            "countif" if distinct => "countifdistinct",
            "sumif" if distinct => "sumifdistinct",
            _ => lower.as_str(),
        };
        // `uniq(DISTINCT x)` counts what `uniq(x)` does; `countIf(DISTINCT c)` the distinct
        // values of `c` that are not 0, `sumIf(DISTINCT x, c)` sums `x` of the distinct pairs
        // `(x, c)` whose `c` is not 0; `quantile(DISTINCT x)` the quantile of the distinct
        // values (below); `countIf(DISTINCT x, c)` the distinct pairs `(x, c)` whose `c` is
        // not 0 and `x` not NULL (see [`CountIfDistinct`](super::sqlite::CountIfDistinct)).
        let nullable_arg = (0..self.arguments(i + 1).len()).any(|n| {
            let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
            self.arguments(i + 1)
                .get(n)
                .is_some_and(|(s, e)| self.expr_nullable(*s, *e, scope))
        });
        let skip = usize::from(
            distinct
                && matches!(
                    function,
                    "uniq"
                        | "uniqexact"
                        | "grouparraydistinct"
                        | "countifdistinct"
                        | "sumifdistinct"
                ),
        );
        let (open, close): (String, &'static str) = match function {
            // (Where ClickHouse's UniqToCountPass answers `count()` instead, the rows counted,
            // see `Tr::uniq_to_count`.)
            "uniq" | "uniqexact" | "count"
                if !windowed
                    && (function != "count" || self.word(i + 2) == "DISTINCT")
                    && self.uniq_to_count(i) == UniqToCount::Count =>
            {
                let close = closing(self.toks, i + 1)
                    .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
                out.push("COUNT(*)".into());
                return Ok(close + 1);
            }
            // (Over a window, which ClickHouse then answers as one row of `count()`, or where
            // it is not told here, not run.)
            "uniq" | "uniqexact" | "count"
                if (function != "count" || self.word(i + 2) == "DISTINCT")
                    && (function != "uniq" || windowed)
                    && match self.uniq_to_count(i) {
                        UniqToCount::Count => windowed,
                        UniqToCount::Unsure => true,
                        UniqToCount::Not => false,
                    } =>
            {
                return Err(unsupported(
                    "uniqExact, count(DISTINCT …) or a window's uniq over a subquery whose DISTINCT or GROUP BY rows ClickHouse's UniqToCountPass may count instead (where this query's form makes it do so is not followed here, or over a window, where it answers one row)",
                ));
            }
            "count" if empty_call => {
                out.push(match &self.count_ref {
                    Some(c) => format!("COUNT(*) FILTER (WHERE {c} IS NULL OR 1)"),
                    None => "COUNT(*)".into(),
                });
                return Ok(i + 3);
            }
            // Of a float, SQLite's own sum or average as `ch_float_sum_<mode>` computes it,
            // telling a `nan` (infinities of both signs summed, which SQLite's NULL stands for,
            // and `COALESCE(…, 0)` made 0) from no value (see
            // [`FloatSum`](super::sqlite::FloatSum)): answered (or filtered) a NULL, read
            // further refused; no `COALESCE` over a window's empty frame either (its sum is 0
            // there); answered only where every order of adding its values gives one sum, as
            // ClickHouse adds them plainly (see [`OrderFree`](super::sqlite::OrderFree)). (Its
            // one argument takes `DISTINCT`; of a `CAST` to `Float32` too, whose values
            // ClickHouse sums as `Float64`s; not of a `Decimal`.)
            "sum" | "avg" if self.first_arg_ty(i) == Ty::Float && !cast_of_decimal => {
                let mut mode = 0;
                if lower == "avg" {
                    mode |= FLOAT_SUM_AVG;
                }
                if !self.first_arg_nullable(i) {
                    mode |= FLOAT_SUM_NOT_NULLABLE;
                }
                if !nan_answered {
                    mode |= FLOAT_SUM_READ;
                }
                out.push(format!("ch_float_sum_{mode}("));
                closers.push(")".into());
                chains.push(out.len());
                return Ok(i + 2);
            }
            // Over no rows ClickHouse's aggregates answer their types' defaults (`sum` 0, `min`
            // of a string '', of a `Date` the epoch), where SQLite's answer NULL; of a
            // `Nullable` argument with no value that is not NULL, NULL
            // (AggregateFunctionNull.h: "If there were no not-NULL values, the function will
            // return NULL"), as SQLite's. So too over a window's empty frame (`ROWS BETWEEN 1
            // PRECEDING AND 1 PRECEDING` at the first row): WindowTransform.cpp inserts the
            // aggregate's result over the rows the frame holds, none there. The `COALESCE`
            // closes after the window's specification (see [`Tr::window_default`]).
            "sum" | "min" | "max" | "any" => {
                let default = if self.first_arg_nullable(i) {
                    None
                } else if lower == "sum" {
                    Some("0")
                } else {
                    self.first_arg_ty(i).default_sql()
                };
                // (Arrays as ClickHouse orders them, see [`ArrayExtreme`].)
                let array = self.first_arg_ty(i).array_order_key();
                let function = match lower.as_str() {
                    "any" => "ch_any",
                    "min" if array => "ch_array_min",
                    "max" if array => "ch_array_max",
                    _ => &upper_name,
                };
                // (Of a `CAST` to a `Decimal`, its units, whose result's value is answered, see
                // [`DecimalSite::Aggregated`].)
                let whole_argument =
                    closing(self.toks, i + 3).map(|c| c + 1) == closing(self.toks, i + 1);
                let decimal = match self.spelled.get(&(i + 2)).and_then(|s| s.narrowed) {
                    Some(Narrowed::Decimal { scale, .. }) if !windowed && whole_argument => {
                        Some(scale)
                    }
                    _ => None,
                };
                // (Of a `CAST` to `Float32` answered through it, its exact value, shown as
                // answered, see [`Tr::float32_site`].)
                if lower != "sum"
                    && !windowed
                    && whole_argument
                    && self
                        .spelled
                        .get(&(i + 2))
                        .is_some_and(|s| s.narrowed == Some(Narrowed::Float32))
                    && self.answered_only(i, closing(self.toks, i + 1).unwrap_or(i) + 1)
                {
                    let (open, close) = match default {
                        Some(d) => (format!("COALESCE({function}("), format!("), {d})")),
                        None => (format!("{function}("), ")".to_string()),
                    };
                    out.push(format!("ch_float32({open}"));
                    closers.push(format!("{close}, 1)").into());
                    chains.push(out.len());
                    return Ok(i + 2);
                }
                // (Of a `DateTime64` less a time, its µs, see `ch_decimal_micros`.)
                let (decimal, micros) = match decimal {
                    None if lower == "sum" && decimal_seconds && !windowed => (Some(6), true),
                    d => (d, false),
                };
                if let Some(scale) = decimal {
                    let (call, inner) = match micros {
                        true => ("SUM(ch_decimal_micros(".to_string(), "))"),
                        false => (format!("{function}("), ")"),
                    };
                    let (open, close) = match default {
                        Some(d) => (format!("COALESCE({call}"), format!("{inner}, {d})")),
                        None => (call, inner.to_string()),
                    };
                    let column =
                        closing(self.toks, i + 1).is_some_and(|c| self.column_only(i, c + 1));
                    let seconds = match (micros, column) {
                        (true, _) => ", 1",
                        (false, true) => ", 2",
                        (false, false) => "",
                    };
                    out.push(format!("ch_decimal_value({open}"));
                    closers.push(format!("{close}, {scale}{seconds})").into());
                    chains.push(out.len());
                    return Ok(i + 2);
                }
                match default {
                    Some(d) if windowed => {
                        self.window_default(i, d)?;
                        out.push(format!("COALESCE({function}("));
                        closers.push(")".into());
                        chains.push(out.len());
                        return Ok(i + 2);
                    }
                    Some(d) => {
                        out.push(format!("COALESCE({function}("));
                        closers.push(
                            match d {
                                "0" => "), 0)",
                                "''" => "), '')",
                                _ => "), '[]')",
                            }
                            .into(),
                        );
                        chains.push(out.len());
                        return Ok(i + 2);
                    }
                    None => (format!("{function}("), ")"),
                }
            }
            // `count(DISTINCT a, b)`: ClickHouse's countDistinct, run as uniqExact
            // (count_distinct_implementation, QueryAnalyzer::rewriteAggregateFunctionNameIfNeeded)
            // over distinct tuples, as `uniqExact(a, b)` below: a row with a `NULL` among them
            // skipped (the Null combinator's; `ch_row_of_values` is `NULL` there: chDB 3.6.0,
            // ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree, `uniqExact(x, 7)` of 1, 2, NULL is 2).
            "count" if self.word(i + 2) == "DISTINCT" && self.arguments(i + 1).len() > 1 => {
                out.push(
                    match windowed {
                        true => "ch_uniq(ch_row_of_values(",
                        false => "COUNT(DISTINCT ch_row_of_values(",
                    }
                    .into(),
                );
                closers.push("))".into());
                chains.push(out.len());
                return Ok(i + 3);
            }
            // (Of a `CAST` to a `Decimal`, see [`DecimalAvg`]; of a `DateTime64` less a time,
            // its µs, see `ch_decimal_micros`.)
            "avg"
                if !windowed
                    && (decimal_seconds
                        || matches!(
                            self.spelled.get(&(i + 2)).and_then(|s| s.narrowed),
                            Some(Narrowed::Decimal { .. })
                        ) && closing(self.toks, i + 3).map(|c| c + 1)
                            == closing(self.toks, i + 1)) =>
            {
                let (units, scale) = match self.spelled.get(&(i + 2)).and_then(|s| s.narrowed) {
                    Some(Narrowed::Decimal { scale, .. }) if !decimal_seconds => {
                        ("(", scale.to_string())
                    }
                    _ => ("ch_decimal_micros(", "6, 1".to_string()),
                };
                let nan = !nan_answered && !self.first_arg_nullable(i);
                let no_nan = if nan { "ch_no_nan(" } else { "" };
                out.push(format!("{no_nan}ch_decimal_avg({units}"));
                closers.push(format!("), {scale}){}", if nan { ")" } else { "" }).into());
                chains.push(out.len());
                return Ok(i + 2);
            }
            // Over no rows (or a window's empty frame) ClickHouse's `avg` of an argument that is
            // not `Nullable` is `nan`, SQLite's NULL: refused where a NULL cannot stand for it
            // (see [`Tr::nan_read`]).
            "avg" if !nan_answered && !self.first_arg_nullable(i) => {
                if windowed {
                    self.window_default(i, "nan")?;
                    out.push("ch_no_nan(AVG(".into());
                    closers.push(")".into());
                    chains.push(out.len());
                    return Ok(i + 2);
                }
                ("ch_no_nan(AVG(".into(), "))")
            }
            // (A `CAST` to an array, written as `coalesce` of it, see [`Narrowed::Array`].)
            "coalesce"
                if matches!(
                    self.spelled.get(&i).and_then(|s| s.narrowed),
                    Some(Narrowed::Array { .. })
                ) =>
            {
                self.check_array_cast(i)?;
                // (SQLite's `COALESCE` takes two arguments or more.)
                ("COALESCE(".into(), ", NULL)")
            }
            // (Of one argument, that argument, FunctionCoalesce's `arguments.size() == 1`;
            // SQLite's `COALESCE` takes two or more.)
            "coalesce" if self.arguments(i + 1).len() == 1 => ("COALESCE(".into(), ", NULL)"),
            // (Of a float that is not `Nullable` first, that float, see [`Tr::nan_coalesce`].)
            "coalesce" if self.nan_coalesce(i) => ("ch_first(".into(), ")"),
            "count" | "avg" | "lower" | "upper" | "abs" | "coalesce" | "trim" => {
                (format!("{upper_name}("), ")")
            }
            // (Of a `Decimal` of seconds, its µs rounded, see `ch_decimal_round`.)
            "round" | "floor" | "ceil" if decimal_seconds => (format!("ch_decimal_{lower}("), ")"),
            "round" | "floor" | "ceil" if self.narrow_rounding(i).is_some() => {
                let (bits, signed) = self.narrow_rounding(i).unwrap_or((64, true));
                out.push(format!("ch_{lower}("));
                closers.push(format!(", {bits}, {})", u8::from(signed)).into());
                chains.push(out.len());
                return Ok(i + 2);
            }
            "round" => ("ch_round(".into(), ")"),
            // (`countIf(x, c)`, the `-If` combinator over `count(x)`: the rows where `c` is
            // not 0 and `x` not NULL, see [`CountIf`](super::sqlite::CountIf).)
            "countif" if self.arguments(i + 1).len() == 2 => ("ch_countif(".into(), ")"),
            "countif" => ("COUNT(CASE WHEN (".into(), ") THEN 1 END)"),
            "countifdistinct" if self.arguments(i + 1).len() == 2 => {
                ("ch_countif_distinct(".into(), ")")
            }
            // (Of a `Nullable` value, NULL where none was added, see [`SumIf`]; of a float read
            // further than the answer, `_read`: its `nan`, infinities of both signs summed,
            // refused rather than a NULL.)
            "sumifdistinct" | "sumif" => {
                let read = match self.first_arg_ty(i) == Ty::Float && !nan_answered {
                    true => "_read",
                    false => "",
                };
                let name = match (function, nullable_arg, self.first_arg_nullable(i)) {
                    ("sumifdistinct", true, _) => "ch_sumif_distinct_nullable",
                    ("sumifdistinct", false, _) => "ch_sumif_distinct",
                    (_, _, true) => "ch_sumif_nullable",
                    _ => "ch_sumif",
                };
                (format!("{name}{read}("), ")")
            }
            // `uniq`, approximate: ClickHouse's 32-bit hash of each row (`ch_uniq_hash`, of the
            // arguments' types' codes) counted as its UniquesHashSet counts them (see `uniq`);
            // refused as not run of a type whose hashing is not followed.
            "uniq" => {
                let mut codes = Vec::new();
                let single = self.arguments(i + 1).len() == 1;
                for (n, (start, end)) in self.arguments(i + 1).into_iter().enumerate() {
                    // (`uniq(DISTINCT x)` counts what `uniq(x)` does.)
                    let start = start + usize::from(self.word(start) == "DISTINCT");
                    // (`toString(x)` and `-x` hashed as `x`, see `Tr::uniq_injective_stripped`.)
                    let (x, x_end) = self.uniq_injective_stripped(i, start, end)?;
                    let scope = self.scopes.last().cloned().unwrap_or_default();
                    let ty = match (x, x_end) == (start, end) {
                        true => self.arg_ty(i, n),
                        false => self.expr_ty(x, x_end, &scope),
                    };
                    let kind = match self.spelled.get(&x).and_then(|s| s.narrowed) {
                        // (A `CAST` to `Float32` or a `Decimal` is held as a `Float64`.)
                        Some(Narrowed::Float32 | Narrowed::Decimal { .. }) => UniqKind::Unknown,
                        _ => match ty {
                            // (Of one integer, its width does not matter: it is widened to
                            // a `UInt64`, sign-extended of a signed type, as SQLite holds it.)
                            Ty::Int(t) if t.known_bits().is_none() && single => UniqKind::Int(64),
                            ty => ty.uniq_kind(),
                        },
                    };
                    if !uniq_followed(kind) {
                        return Err(unsupported(
                            "uniq of an argument whose type's hashing is not followed here (an array, a tuple, a Decimal, a Float32, or a type not known here)",
                        ));
                    }
                    codes.push(
                        kind.close()
                            .trim_start_matches(", ")
                            .trim_end_matches(')')
                            .to_string(),
                    );
                }
                // (Where ClickHouse's UniqToCountPass may answer `count()` instead, not told
                // here, answered only where the exact count agrees, see `UniqHashed`.)
                let subquery = (0..self.toks.len())
                    .filter(|k| self.word(*k) == "SELECT")
                    .nth(1)
                    .is_some();
                let keyed = subquery && self.uniq_to_count(i) == UniqToCount::Unsure;
                (
                    format!(
                        "ch_uniq_hashed(ch_uniq_hash{}('{}', ",
                        if keyed { "_keyed" } else { "" },
                        codes.join(",")
                    ),
                    "))",
                )
            }
            // Of several arguments, distinct tuples. SQLite's `DISTINCT` is no window
            // function: over a window, `ch_uniq`, `ch_group_array` and `ch_group_uniq_array`.
            "uniqexact" if self.arguments(i + 1).len() > 1 => {
                if windowed {
                    ("ch_uniq(ch_row_of_values(".into(), "))")
                } else {
                    ("COUNT(DISTINCT ch_row_of_values(".into(), "))")
                }
            }
            "uniqexact" if windowed => ("ch_uniq(".into(), ")"),
            "uniqexact" => ("COUNT(DISTINCT (".into(), "))"),
            // (Of arrays, each kept an array: `groupArray(tags)` is an array of arrays.)
            "grouparray" if self.first_arg_ty(i).is_array() => {
                ("ch_group_array_of_arrays(".into(), ")")
            }
            // (In ClickHouse's hash set's order, see `hash_order`; `groupArray(DISTINCT x)` in
            // the order first seen where that is the -Distinct combinator's set's too.)
            "groupuniqarray" | "grouparraydistinct" => (
                match function {
                    "groupuniqarray" => "ch_group_uniq_array(",
                    _ => "ch_group_array_distinct(",
                }
                .into(),
                match self.order_unread(i) {
                    true => UniqKind::Unordered.close(),
                    false => self.first_arg_ty(i).uniq_kind().close(),
                },
            ),
            // (Of a `Nullable` value, without its NULLs, as ClickHouse's Null combinator;
            // `json_group_array` would keep them.)
            "grouparray" if windowed || self.first_arg_nullable(i) => {
                ("ch_group_array(".into(), ")")
            }

            // (Of reals with their every digit, see `ch_json_value`.)
            "grouparray" => (
                format!("('{ARRAY_MARK}' || json_group_array(ch_json_value("),
                ")))",
            ),

            "quantile" => {
                // `quantile(level)(x)` or `quantile(x)` (the median); of a time, its type's
                // unit too, and over no rows the epoch (see [`quantile_answer`]).
                let leveled = matches!(
                    (
                        self.toks.get(i + 2),
                        self.toks.get(i + 3),
                        self.toks.get(i + 4)
                    ),
                    (Some(Tok::Num(_)), Some(Tok::Sym(")")), Some(Tok::Sym("(")))
                );
                let at = if leveled { i + 3 } else { i };
                let ty = self.arg_ty(at, 0);
                // (`quantile(DISTINCT x)`, `quantileDistinct`: of the distinct values, held as
                // floats, which do not tell ns apart.)
                let distinct = !leveled && distinct;
                if distinct && matches!(ty, Ty::Nanos(_) | Ty::DecimalNanos) {
                    return Err(unsupported(
                        "quantile(DISTINCT x) of a DateTime64 of scale 7 to 9",
                    ));
                }
                // (Of a `Nullable` argument with no value, NULL, see `sum`.)
                let nullable = self.first_arg_nullable(at);
                if nullable && matches!(ty, Ty::Nanos(_)) {
                    return Err(unsupported(
                        "a quantile of a Nullable DateTime64 of scale 7 to 9",
                    ));
                }
                let (coalesce, close) = match (ty, windowed || nullable) {
                    (Ty::Date, false) => ("COALESCE(", ", 86400000), 0)"),
                    (Ty::DateTime, false) => ("COALESCE(", ", 1000), 0)"),
                    (Ty::DateTime64(_), false) => ("COALESCE(", ", 1), 0)"),
                    // (Over a window's empty frame too, but of a `Nullable` argument, see
                    // `sum`.)
                    (Ty::Date | Ty::DateTime | Ty::DateTime64(_), true) if !nullable => {
                        self.window_default(i, "0")?;
                        match ty {
                            Ty::Date => ("COALESCE(", ", 86400000)"),
                            Ty::DateTime => ("COALESCE(", ", 1000)"),
                            _ => ("COALESCE(", ", 1)"),
                        }
                    }
                    (Ty::Date, true) => ("", ", 86400000)"),
                    (Ty::DateTime, true) => ("", ", 1000)"),
                    (Ty::DateTime64(_), true) => ("", ", 1)"),
                    // (Of ns, see [`tick_quantile`]; its ticks are an integer again.)
                    (Ty::Nanos(_), false) => ("CAST(COALESCE(", ", -1), 0) AS INTEGER)"),
                    (Ty::Nanos(_) | Ty::DecimalNanos, _) => {
                        return Err(unsupported(
                            "a window's quantile of a DateTime64 of scale 7 to 9, or a quantile of a Decimal of ns",
                        ))
                    }
                    (Ty::Decimal, _) => return Err(unsupported(DECIMAL_ARITHMETIC)),
                    // (Of numbers over no rows `nan`, see `avg`.)
                    _ if nullable || nan_answered => ("", ")"),
                    _ if windowed => {
                        self.window_default(i, "nan")?;
                        ("ch_no_nan(", ")")
                    }
                    _ => ("ch_no_nan(", "))"),
                };
                let level = match self.toks.get(i + 2) {
                    Some(Tok::Num(level)) if leveled => {
                        let level: f64 = level.parse().map_err(|_| {
                            query_error("Invalid SQL syntax: a form read otherwise")
                        })?;
                        if !(0.0..=1.0).contains(&level) {
                            return Err(query_error("Invalid analytics query"));
                        }
                        level
                    }
                    _ => 0.5,
                };
                // (Of a `Nullable` argument read further, a `nan` its infinities make is refused,
                // as its NULL is the NULL of no value, see [`Quantile`].)
                let name = match (distinct, nullable && !nan_answered) {
                    (true, false) => "ch_quantile_distinct",
                    (false, false) => "ch_quantile",
                    (true, true) => "ch_quantile_distinct_nan_read",
                    (false, true) => "ch_quantile_nan_read",
                };
                out.push(format!("{coalesce}{name}({level}, "));
                closers.push(close.into());
                chains.push(out.len());
                // (Upstream's parser prints `quantile(l)(DISTINCT x)` as `quantile(l)(x)`.)
                return Ok(if leveled {
                    i + 5 + usize::from(self.word(i + 5) == "DISTINCT")
                } else {
                    i + 2 + usize::from(distinct)
                });
            }
            "floor" => ("ch_floor(".into(), ")"),
            "ceil" => ("ch_ceil(".into(), ")"),
            // (Of a `CAST` to a `Decimal`, its text, which the `CAST` writes, see
            // [`DecimalSite::Text`].)
            "tostring"
                if matches!(
                    self.spelled.get(&(i + 2)).map(|s| s.narrowed),
                    Some(Some(Narrowed::Decimal { .. }))
                ) && closing(self.toks, i + 3).map(|c| c + 1) == closing(self.toks, i + 1) =>
            {
                ("(".into(), ")")
            }
            // (Of a `CAST` to `Float32`, its text for 32 bits.)
            "tostring"
                if self
                    .spelled
                    .get(&(i + 2))
                    .is_some_and(|s| s.narrowed == Some(Narrowed::Float32))
                    && closing(self.toks, i + 3).map(|c| c + 1) == closing(self.toks, i + 1) =>
            {
                ("ch_float32_text(".into(), ")")
            }
            // A time as ClickHouse writes it as text; its Unix seconds (days for a Date) as a
            // number; an array's element count.
            "tostring" => match self.first_arg_ty(i) {
                t @ Ty::Array(_) => {
                    let (s, e) = self.arguments(i + 1).first().copied().unwrap_or((i, i));
                    let text_type = self.text_type(s, e, t)?;
                    let element = text_type
                        .strip_prefix("Array(")
                        .and_then(|t| t.strip_suffix(')'))
                        .unwrap_or_default();
                    (format!("ch_array_text('{element}', "), ")")
                }
                Ty::Date => ("ch_time_text(-1, ".into(), ")"),
                Ty::DateTime => ("ch_time_text(0, ".into(), ")"),
                Ty::DateTime64(p) => (format!("ch_time_text({p}, "), ")"),
                Ty::Nanos(p) => (format!("ch_nanos_text({p}, "), ")"),
                // (A `Bool` is written as its name, `true`/`false`.)
                Ty::Bool => ("(CASE WHEN (".into(), ") THEN 'true' ELSE 'false' END)"),
                // (Its writer, [`Tr::text_type`]'s, through `ch_concat` of it alone.)
                Ty::Decimal => ("ch_concat('Decimal', ".into(), ")"),
                _ => ("ch_to_string(".into(), ")"),
            },
            // A `CAST` to another width or to `Bool` ([`Narrowed`]): of a `Date` its days, of a
            // `DateTime` its seconds (the numbers ClickHouse holds them as) converted so.
            "toint64" if self.spelled.get(&i).is_some_and(|s| s.narrowed.is_some()) => {
                let narrowed = self.spelled.get(&i).and_then(|s| s.narrowed);
                let arg = self.first_arg_ty(i);
                // (A `Decimal`: of a number or a string, converted as ClickHouse converts it,
                // see [`decimal_units`]; of a `CAST` to `Float32`, whose `Float32` ClickHouse
                // multiplies in 32 bits, not run.)
                if let Some(Narrowed::Decimal { scale, whole }) = narrowed {
                    let float32 = self
                        .spelled
                        .get(&(i + 2))
                        .is_some_and(|s| s.narrowed == Some(Narrowed::Float32));
                    if !matches!(arg, Ty::Int(_) | Ty::Bool | Ty::Float | Ty::Str) || float32 {
                        return Err(unsupported(DECIMAL_NOT_RUN));
                    }
                    let precision = whole + scale;
                    let (function, column) = match self.decimal_site(i)? {
                        DecimalSite::Answer => ("ch_decimal", ""),
                        DecimalSite::Column => ("ch_decimal", ", 1"),
                        DecimalSite::Aggregated => ("ch_decimal_units", ""),
                        DecimalSite::Text => ("ch_decimal_text", ""),
                    };
                    // (Held as ClickHouse holds it: an integer SQLite made a float past 64 bits
                    // refused, see `ch_i64`; a float that SQLite holds as an integer a float.)
                    let (held, after) = match arg {
                        Ty::Int(_) | Ty::Bool => ("ch_i64(", ")"),
                        Ty::Float => ("((", ") * 1.0)"),
                        _ => ("", ""),
                    };
                    return Ok(push_call(
                        out,
                        closers,
                        chains,
                        wrap((
                            format!("{function}({held}"),
                            format!("{after}, {precision}, {scale}{column})"),
                        )),
                    ));
                }
                let (open, close) = match (arg, narrowed) {
                    (Ty::Date, Some(Narrowed::Int { .. })) => floor_div_parts(86_400_000),
                    (Ty::DateTime, Some(Narrowed::Int { .. })) => floor_div_parts(1000),
                    (Ty::Int(_) | Ty::Bool | Ty::Float | Ty::Str | Ty::Unknown, _) => {
                        (String::new(), String::new())
                    }
                    _ => return Err(unsupported(NARROWED_NOT_RUN)),
                };
                let (open, close) = match narrowed {
                    Some(Narrowed::Int { bits, signed }) => (
                        format!("{NARROWED}({open}"),
                        format!("{close}, {bits}, {})", u8::from(signed)),
                    ),
                    _ => (format!("{NARROWED}({open}"), format!("{close}, 1, 0)")),
                };
                return Ok(push_call(out, closers, chains, wrap((open, close))));
            }
            // (A `DateTime64`'s `Decimal` converts to an integer toward zero.)
            "toint32" | "toint64" => match self.first_arg_ty(i) {
                // An integer literal past Int64's range (ClickHouse's UInt64, a float to
                // SQLite) wraps as any integer does ([`super::sqlite`]'s `ch_to_int`).
                _ if matches!(
                    (self.toks.get(i + 2), self.toks.get(i + 3)),
                    (Some(Tok::Num(n)), Some(Tok::Sym(")"))) if n.parse::<i64>().is_err() && n.parse::<u64>().is_ok()
                ) =>
                {
                    let big = match self.toks.get(i + 2) {
                        Some(Tok::Num(n)) => n.parse::<u64>().unwrap_or_default(),
                        _ => 0,
                    };
                    let wrapped = if lower == "toint32" {
                        i64::from(big as i32)
                    } else {
                        big as i64
                    };
                    return Ok(push_call(
                        out,
                        closers,
                        chains,
                        (format!("({wrapped}"), ")".into(), i + 3),
                    ));
                }
                Ty::Date => {
                    return Ok(push_call(
                        out,
                        closers,
                        chains,
                        wrap(floor_div_parts(86_400_000)),
                    ))
                }
                // (A `DateTime` is a `UInt32`: its seconds from 2038 wrap in `toInt32`.)
                Ty::DateTime => {
                    let (open, close) = floor_div_parts(1000);
                    let (open, close) = match lower.as_str() {
                        "toint32" => (format!("ch_to_int({open}"), format!("{close}, 32)")),
                        _ => (open, close),
                    };
                    return Ok(push_call(out, closers, chains, wrap((open, close))));
                }
                // (A `DateTime64` is a `Decimal64`: ClickHouse's ConvertImpl takes its whole
                // seconds through DecimalUtils::convertTo, whose `Int32` outside the type's
                // range is DECIMAL_OVERFLOW "Convert overflow", not wrapped.)
                t @ (Ty::DateTime64(_) | Ty::Nanos(_)) if lower == "toint32" => {
                    let (open, close) = whole_seconds_toward_zero(t);
                    let wrapped = (format!("ch_decimal_int32({open}"), format!("{close})"));
                    return Ok(push_call(out, closers, chains, wrap(wrapped)));
                }
                t @ (Ty::DateTime64(_) | Ty::Nanos(_)) => {
                    let (open, close) = whole_seconds_toward_zero(t);
                    (open.into(), close)
                }
                _ if lower == "toint32" => ("ch_to_int(".into(), ", 32)"),
                _ => ("ch_to_int(".into(), ", 64)"),
            },
            // Of a time, its days (`Date`) or seconds (a `DateTime`'s, a `DateTime64`'s with
            // their fraction), as ClickHouse converts them (FunctionsConversion's ConvertImpl:
            // a `Date`'s day number, a `DateTime`'s `UInt32`, a `DateTime64`'s `Decimal`).
            // A `CAST` to `Float32` ([`Narrowed::Float32`]): of a number or a string, read as
            // [`Tr::float32_site`] tells.
            "tofloat64"
                if self
                    .spelled
                    .get(&i)
                    .is_some_and(|s| s.narrowed == Some(Narrowed::Float32)) =>
            {
                if !matches!(
                    self.first_arg_ty(i),
                    Ty::Int(_) | Ty::Bool | Ty::Float | Ty::Str | Ty::Unknown
                ) {
                    return Err(unsupported(FLOAT32_NOT_RUN));
                }
                match self.float32_site(i)? {
                    Float32Site::Shown => ("ch_float32(".into(), ", 1)"),
                    Float32Site::Exact | Float32Site::Text => ("ch_float32(".into(), ", 0)"),
                }
            }
            "tofloat64" => match self.first_arg_ty(i) {
                Ty::Date => ("ch_to_float(ch_floor_div((".into(), "), 86400000))"),
                Ty::DateTime => ("ch_to_float(ch_floor_div((".into(), "), 1000))"),
                Ty::DateTime64(_) => ("(CAST((".into(), ") AS REAL) / 1000.0)"),
                Ty::Nanos(_) | Ty::DecimalNanos => {
                    return Err(unsupported("toFloat64 of a DateTime64 of scale 7 to 9"))
                }
                _ => ("ch_to_float(".into(), ")"),
            },
            "length" => match self.first_arg_ty(i) {
                Ty::Array(_) => ("json_array_length(ch_array(".into(), "))"),
                _ => ("LENGTH(CAST((".into(), ") AS BLOB))"),
            },
            // Each argument written as its text, as `toString` writes it ([`Tr::text_type`]):
            // `concat('a', now())` is `a2030-03-31 12:00:00`.
            "concat" => {
                let scope = self.scopes.last().cloned().unwrap_or_default();
                let mut types = Vec::new();
                for (s, e) in self.arguments(i + 1) {
                    types.push(self.text_type(s, e, self.expr_ty(s, e, &scope))?);
                }
                // (`concat()` of none is `''`: ClickHouse 24.7 on, PR #65887, its
                // 00727_concat.sql `SELECT concat()`.)
                let comma = if types.is_empty() { "" } else { ", " };
                (format!("ch_concat('{}'{comma}", types.join(",")), ")")
            }
            "substring" => ("ch_substring(".into(), ")"),
            "startswith" => ("ch_startswith(".into(), ")"),
            "endswith" => ("ch_endswith(".into(), ")"),
            // Times are Unix ms here (µs cut off), so these are the identity.
            // (Of ms outside a `DateTime64`'s range, refused: `Ty::in_range`.)
            "fromunixtimestamp64milli" => (
                "ch_time_range((".into(),
                "), -2208988800000, 10413792000000)",
            ),
            // (Of ns, its ms toward zero, as the µs of a real are cut.)
            "tounixtimestamp64milli" if matches!(self.first_arg_ty(i), Ty::Nanos(_)) => {
                ("(CAST((".into(), ") AS INTEGER) / 1000000)")
            }
            "tounixtimestamp64milli" => ("CAST((".into(), ") AS INTEGER)"),
            "tointervalmillisecond" => ("((".into(), "))"),
            "tointervalmicrosecond" => ("ch_interval_ms((".into(), "), 1000)"),
            "tointervalnanosecond" => ("ch_interval_ms((".into(), "), 1000000)"),
            "tointervalsecond" => ("((".into(), ") * 1000)"),
            "tointervalminute" => ("((".into(), ") * 60000)"),
            "tointervalhour" => ("((".into(), ") * 3600000)"),
            "tointervalday" => ("((".into(), ") * 86400000)"),
            "tointervalweek" => ("((".into(), ") * 604800000)"),
            // A `DateTime`: its seconds wrap round its `UInt32` (ClickHouse casts the start of a
            // `DateTime64` before 1970 to one). A `DateTime64` is taken to its whole seconds
            // toward zero first ([`whole_seconds_toward_zero`]).
            // `toStartOfHour`/`toStartOfMinute` of a `Date`: its type passes ClickHouse's
            // analysis (a `DateTime`), its execution fails ("Illegal argument of type Date for
            // function toStartOfHour", ILLEGAL_TYPE_OF_ARGUMENT) where a row reaches it
            // (ClickHouse 25.5.2 and 25.8.2 (chDB) agree), see [`Tr::fails_when_read`].
            "tostartofminute" | "tostartofhour" if self.first_arg_ty(i) == Ty::Date => {
                // (In a subquery or a CTE's body, ClickHouse may drop a column no one reads,
                // and its sort, before it runs it: `count()` of `(SELECT toStartOfHour(time)
                // AS h … ORDER BY h)` is answered there. Not run.)
                if self.within_subquery(i) {
                    return Err(unsupported(TIME_OF_A_DATE_NESTED));
                }
                self.fails_when_read.set(Some(TIME_OF_A_DATE));
                return Ok(push_call(
                    out,
                    closers,
                    chains,
                    wrap((format!("{NO_COMMON_TYPE}(("), "))".into())),
                ));
            }
            "tostartofminute" | "tostartofhour" | "tostartofday" => {
                let unit = match lower.as_str() {
                    "tostartofminute" => 60_000,
                    "tostartofhour" => 3_600_000,
                    _ => 86_400_000,
                };
                // (In a zone: the start of its unit there, see [`zone_floor`]; of a `Date`, its
                // day's start there, as `toDateTime` of it.)
                if let (Some(z), Ty::Date) = (&zone, self.first_arg_ty(i)) {
                    return Ok(push_call(
                        out,
                        closers,
                        chains,
                        wrap(("ch_zone_day(".into(), format!(", {z})"))),
                    ));
                }
                if let Some(z) = &zone {
                    let (open, close) = match self.first_arg_ty(i) {
                        t @ (Ty::DateTime64(_) | Ty::Nanos(_)) => {
                            let (o, c) = whole_seconds_toward_zero(t);
                            (o.to_string(), c.to_string())
                        }
                        _ => floor_div_parts(1000),
                    };
                    return Ok(push_call(
                        out,
                        closers,
                        chains,
                        wrap((
                            format!("((ch_zone_floor({open}"),
                            format!("{close}, {z}, {}) & 4294967295) * 1000)", unit / 1000),
                        )),
                    ));
                }
                let (open, close) = floor_div_parts(unit);
                let (open, close) = match self.first_arg_ty(i) {
                    t @ (Ty::DateTime64(_) | Ty::Nanos(_)) => {
                        let (o, c) = whole_seconds_toward_zero(t);
                        (format!("{open}{o}"), format!("{c} * 1000{close}"))
                    }
                    _ => (open, close),
                };
                return Ok(push_call(
                    out,
                    closers,
                    chains,
                    wrap((
                        format!("((({open}"),
                        format!("{close} * {}) & 4294967295) * 1000)", unit / 1000),
                    )),
                ));
            }
            // Weeks start on Sunday (mode 0), on Monday where the mode's bit 0 is set
            // (`toStartOfWeek(t, 1)`: DateLUTImpl's toFirstDayNumOfWeek reads MONDAY_FIRST
            // only; a mode is 0 to 9, a literal, and left out of the translation); 1970-01-01
            // was a Thursday. The `Date` of the start as ClickHouse holds it
            // ([`date_of_days`]), of the time's whole seconds ([`Tr::whole_seconds`]).
            "tostartofweek" | "tostartofmonth" | "tostartofyear" => {
                let monday = match (lower.as_str(), self.arguments(i + 1).get(1)) {
                    ("tostartofweek", Some(&(s, e))) => match self.toks.get(s..e) {
                        Some([Tok::Num(n)]) => match n.parse::<u8>() {
                            Ok(mode @ 0..=9) => {
                                let mut skipped = self.skipped.take();
                                skipped.push((s - 1, e));
                                self.skipped.set(skipped);
                                mode & 1 == 1
                            }
                            _ => return Err(unsupported("toStartOfWeek of a mode past 9")),
                        },
                        // (A zone, see [`Tr::time_zone`].)
                        Some([Tok::Str(_)]) => false,
                        _ => {
                            return Err(unsupported("toStartOfWeek of a mode other than a literal"))
                        }
                    },
                    _ => false,
                };
                let start = match lower.as_str() {
                    "tostartofweek" if monday => "'start of day', '-6 days', 'weekday 1'",
                    "tostartofweek" => "'start of day', '-6 days', 'weekday 0'",
                    "tostartofmonth" => "'start of month'",
                    _ => "'start of year'",
                };
                let (open, close) = self.whole_seconds(i);
                let (days_open, days_close) = floor_div_parts(86_400);
                let (date_open, date_close) = date_of_days(lower == "tostartofweek");
                return Ok(push_call(
                    out,
                    closers,
                    chains,
                    wrap((
                        format!("{date_open}{days_open}CAST(strftime('%s', {open}"),
                        format!(
                            "{close}, 'unixepoch', {start}) AS INTEGER){days_close}{date_close}"
                        ),
                    )),
                ));
            }
            "tostartofquarter" => {
                let (days_open, days_close) = floor_div_parts(86_400_000);
                let (date_open, date_close) = date_of_days(false);
                let (open, close) = self.whole_seconds(i);
                return Ok(push_call(
                    out,
                    closers,
                    chains,
                    wrap((
                        format!("{date_open}{days_open}ch_start_of_quarter(({open}"),
                        format!("{close}) * 1000){days_close}{date_close}"),
                    )),
                ));
            }
            // `date_trunc(unit, t)`: the start of its unit (weeks from Monday), as Unix ms. Of a
            // `DateTime64`, of its whole seconds toward zero (`ch_date_trunc`'s third argument):
            // ToStartOfInterval's `Int64` overloads take `t / scale_multiplier` first.
            // (To a unit below the second, of a `DateTime64` of that unit's scale or a coarser
            // one, its value as it is, of the unit's scale (`DateTime64(3)` of a millisecond);
            // of a finer scale ClickHouse rounds it to the unit, `.7895` to `.790`, not
            // followed here: chDB 3.6.0 (ClickHouse 25.5.2) and 3.7.2 (25.8.2) agree.)
            "date_trunc" if sub_second_unit(self.toks.get(i + 2)).is_some() => {
                let digits = sub_second_unit(self.toks.get(i + 2)).unwrap_or_default();
                match self.arg_ty(i, 1) {
                    Ty::DateTime64(p) if p <= digits && self.arguments(i + 1).len() == 2 => {
                        ("ch_date_trunc(".into(), ", 1)")
                    }
                    Ty::DateTime64(_) | Ty::Nanos(_) => {
                        return Err(unsupported(
                            "date_trunc to a unit below the second of a DateTime64 of a finer scale (which ClickHouse rounds) or in a time zone",
                        ))
                    }
                    _ => ("ch_date_trunc(".into(), ")"),
                }
            }
            "date_trunc" if matches!(self.arg_ty(i, 1), Ty::DateTime64(_)) => {
                ("ch_date_trunc(".into(), ", 1)")
            }
            "date_trunc" => ("ch_date_trunc(".into(), ")"),
            // `formatDateTime(t, format)`: a String in ClickHouse too.
            "formatdatetime" if matches!(self.first_arg_ty(i), Ty::DateTime64(_)) => {
                ("ch_format_datetime64(".into(), ")")
            }
            "formatdatetime" => ("ch_format_datetime(".into(), ")"),
            // `JSONExtractString(json, key_or_index, …)`: '' when missing or not a string.
            "jsonextractstring" => ("ch_json_extract_string(".into(), ")"),
            "has" => ("ch_has(".into(), ")"),
            // (Of a number and a time, ClickHouse's failure where a row reaches it, see
            // [`Tr::check_search`].)
            "hasany" | "hasall" if no_common_type => {
                self.fails_without_rows.set(true);
                (format!("{NO_COMMON_TYPE}(ch_{lower}("), "))")
            }
            "hasany" => ("ch_hasany(".into(), ")"),
            "hasall" => ("ch_hasall(".into(), ")"),
            // (Of arrays, its value carries [`ARRAY_MARK`] whichever branch it is, see
            // `ch_array_marked`.)
            "if" if {
                let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
                let close = closing(self.toks, i + 1).unwrap_or(i + 1);
                self.expr_ty(i, close + 1, scope).is_array()
            } =>
            {
                ("ch_array_marked(IIF(".into(), "))")
            }
            "if" => ("IIF(".into(), ")"),
            // `now64(scale)` reads the clock to its scale ([`to_scale`]); `now(timezone)` is UTC here.
            "today" | "now" | "now64" => {
                if !empty_call && lower == "today" {
                    return Err(query_error("Invalid SQL syntax"));
                }
                let close = closing(self.toks, i + 1)
                    .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
                if lower == "now64" {
                    self.check_scale(i, 0)?;
                }
                // (Of ns, see [`Ty::Nanos`].)
                let nanos = nanos_scale(self.toks.get(i + 2)).filter(|_| self.nanos);
                let t = match lower.as_str() {
                    "now64" if nanos.is_some() => self
                        .now
                        .checked_mul(1_000_000)
                        .ok_or_else(|| unsupported("now64 past 2262"))?,
                    "today" => self.now - self.now.rem_euclid(86_400_000),
                    "now64" => match self.toks.get(i + 2) {
                        Some(Tok::Num(p)) => to_scale(self.now, p.parse().ok()),
                        _ => self.now,
                    },
                    // (`now()` is a `DateTime`, of whole seconds: it held the clock's ms, so
                    // `time >= now()` missed a row of this second.)
                    _ => self.now - self.now.rem_euclid(1000),
                };
                out.push(t.to_string());
                return Ok(close + 1);
            }
            // (Every call is one of its `SELECT`'s, see [`Tr::select`]: none is left here.)
            "arrayjoin" => return Err(query_error("Invalid analytics query")),
            // toDate/toDateTime/toDateTime64: a date string or Unix seconds (a literal) become
            // Unix ms; an expression is taken as a time already (Unix ms here); toDate keeps
            // the day, toDateTime64 its scale's digits ([`scale_micros`]); a text in a time zone is read
            // in it ([`text_in_zone`]).
            "todate" | "todatetime" | "todatetime64" => {
                if lower == "todatetime64" {
                    self.check_scale(i, 1)?;
                    let scale_arg = self.arguments(i + 1).get(1).map(|(s, _)| *s);
                    match scale_arg.and_then(|s| nanos_scale(self.toks.get(s))) {
                        Some(p) if self.nanos => {
                            return self.nanos_datetime64(i, p, out, closers, chains)
                        }
                        _ => self.check_micros_kept(i)?,
                    }
                }
                let literal = match (self.toks.get(i + 2), self.toks.get(i + 3)) {
                    // (ClickHouse's "Cannot parse …", which upstream words as a syntax error.)
                    (Some(Tok::Str(v)), Some(Tok::Sym(")" | ","))) => {
                        let ty = match lower.as_str() {
                            "todate" => Ty::Date,
                            "todatetime" => Ty::DateTime,
                            _ => Ty::DateTime64(6),
                        };
                        // (In the zone of a `DateTime('zone')`, [`Tr::zoned_value`].)
                        let zone = self.call_close(i).and_then(|c| self.value_zone(i, c + 1));
                        let read = match (converted_time_text(v, ty)?, zone) {
                            (Some(us), Some(zone)) => Some(text_in_zone(v, us, &zone)?),
                            (read, _) => read,
                        };
                        Some(match read {
                            Some(us) if lower == "todatetime64" => micros_sql(us),
                            Some(us) => (us / 1000).to_string(),
                            None => {
                                self.fold_failure(query_error("Invalid SQL syntax"), i);
                                "0".into()
                            }
                        })
                    }
                    _ => None,
                };
                // A time stays itself (to its day); a number is Unix seconds, as ClickHouse
                // reads it (a `toDate` of one below 65,536 days), and text a date.
                // A `DateTime64`'s day: of its whole seconds toward zero, a `Date` as
                // ClickHouse holds it (TransformDateTime64 ToDateImpl: `UInt16` of the day).
                if literal.is_none()
                    && lower == "todate"
                    && matches!(self.first_arg_ty(i), Ty::DateTime64(_) | Ty::Nanos(_))
                {
                    let (open, close) = date_of_datetime64(self.first_arg_ty(i));
                    return Ok(push_call(
                        out,
                        closers,
                        chains,
                        wrap((format!("{open}ch_first("), format!("){close}"))),
                    ));
                }
                if literal.is_none()
                    && lower == "todatetime"
                    && matches!(self.first_arg_ty(i), Ty::DateTime64(_) | Ty::Nanos(_))
                {
                    let (open, close) = datetime_of_datetime64(self.first_arg_ty(i));
                    return Ok(push_call(
                        out,
                        closers,
                        chains,
                        wrap((format!("{open}ch_first("), format!("){close}"))),
                    ));
                }
                let open = match (
                    self.first_arg_ty(i).is_time() || literal.is_some(),
                    lower.as_str(),
                ) {
                    (true, "todate") => "ch_to_date(",
                    (true, "todatetime64") => "ch_datetime64(",
                    (true, _) => "ch_first(",
                    (false, "todate") => "ch_date_of(",
                    (false, "todatetime") => "ch_datetime_of(",
                    (false, _) => "ch_datetime64_of(",
                };
                match literal {
                    Some(ms) => {
                        out.push(format!("{open}{ms}"));
                        closers.push(")".into());
                        chains.push(out.len());
                        return Ok(i + 3);
                    }
                    None => (open.into(), ")"),
                }
            }
            other => {
                return Err(ApiError::analytics(
                    "user/bad_request/invalid_analytics_function",
                    format!("Function '{other}' is not allowed"),
                ))
            }
        };
        let (open, mut close) = zoned((open, close.to_string()));
        // `groupArray(N)(x) OVER …`, `groupUniqArray(N)(x) OVER …`: the window's function of
        // the frame's first `N` values (distinct values), `N` its last argument (see
        // `casts::limited_array`).
        if let (true, Some(limit)) = (windowed, self.spelled.get(&i).and_then(|s| s.limit)) {
            match close.strip_suffix(')') {
                Some(inner) if open.starts_with("ch_group_") => {
                    close = format!("{inner}, {limit})")
                }
                _ => return Err(unsupported("this form of groupArray(N)(x) over a window")),
            }
        }
        out.push(open);
        closers.push(close.into());
        chains.push(out.len());
        Ok(i + 2 + skip)
    }
}

impl Tr<'_> {
    /// How ClickHouse writes the value `[s, e)` of type `t` as text, named by the type whose
    /// writer [`super::sqlite::typed_text`] is: `Date`, `DateTime`, `DateTime64(p)` (a time,
    /// [`time_text`]), `Bool` (`true`/`false`), `Array(T)` of the innermost elements' type `T`
    /// ([`array_text`]; empty for numbers and strings), or empty for what SQLite holds as
    /// ClickHouse writes it ([`value_text`]: numbers, strings, a `Decimal` as `toString`
    /// writes one here).
    pub(super) fn text_type(&self, s: usize, e: usize, t: Ty) -> Result<String, ApiError> {
        Ok(match t {
            Ty::Array(_) => {
                let scope = self.scopes.last().cloned().unwrap_or_default();
                let element = self.leaf_element_ty(s, e, &scope);
                let element = match element.ok_or_else(|| {
                    unsupported("toString or concat of an array whose elements' type is not known here (of arrays of intervals, of scalar subqueries of such types)")
                })? {
                    t @ (Ty::Date | Ty::DateTime | Ty::DateTime64(_) | Ty::Bool) => {
                        self.text_type(s, e, t)?
                    }
                    _ => String::new(),
                };
                format!("Array({element})")
            }
            Ty::Date => "Date".into(),
            Ty::DateTime => "DateTime".into(),
            Ty::DateTime64(p) => format!("DateTime64({p})"),
            Ty::Bool => "Bool".into(),
            Ty::Decimal => "Decimal".into(),
            _ => String::new(),
        })
    }
}

/// The digits of a unit below the second written as `date_trunc`'s literal unit
/// (`'millisecond'` 3, `'microsecond'` 6, `'nanosecond'` 9, in any case).
pub(super) fn sub_second_unit(tok: Option<&Tok>) -> Option<u8> {
    match tok {
        Some(Tok::Str(u)) => match u.to_ascii_lowercase().as_str() {
            "millisecond" => Some(3),
            "microsecond" => Some(6),
            "nanosecond" => Some(9),
            _ => None,
        },
        _ => None,
    }
}

/// The SQL around a `DateTime64` (or one of ns, [`Ty::Nanos`]) that makes it the `Date`
/// ClickHouse converts it to (`toDate`, `CAST`: ConvertImpl's TransformDateTime64 ToDateImpl),
/// as Unix ms: the day of its whole seconds toward zero, a `UInt16` of days.
pub(super) fn date_of_datetime64(t: Ty) -> (String, String) {
    let (o, c) = whole_seconds_toward_zero(t);
    let (days_open, days_close) = floor_div_parts(86_400);
    let (date_open, date_close) = date_of_days(false);
    (
        format!("{date_open}{days_open}{o}"),
        format!("{c}{days_close}{date_close}"),
    )
}

/// The SQL around a `DateTime64` (or one of ns) that makes it the `DateTime` ClickHouse
/// converts it to (`toDateTime`, `CAST`), as Unix ms: its whole seconds downward
/// ([`whole_seconds_floor`]) cast to the `UInt32` ClickHouse holds, which wraps
/// (`toDateTime(toDateTime64('1969-12-31 23:59:59.5', 1))` is `2106-02-07 06:28:15`, the
/// `UInt32` of -1: chDB 3.6.0 (ClickHouse 25.5.2) and 3.7.2 (25.8.2) agree).
pub(super) fn datetime_of_datetime64(t: Ty) -> (String, String) {
    let (open, close) = whole_seconds_floor(t);
    (
        format!("(({open}"),
        format!("{close} & 4294967295) * 1000)"),
    )
}

/// The SQL around a `DateTime64` (Unix ms, a real for µs; of ns, [`Ty::Nanos`], its ns) that
/// makes its whole seconds downward, as ClickHouse 25.6 takes them for `toDateTime`, `CAST`
/// to `DateTime`, `toStartOfWeek`/`Month`/`Quarter`/`Year` and `formatDateTime` (a time
/// before 1970 with a fraction is of the second before: chDB 3.6.0 (ClickHouse 25.5.2) and
/// 3.7.2 (25.8.2) agree, where `toDate`, `toStartOfMinute`/`Hour`/`Day`, `date_trunc` and
/// `toInt64` take them toward zero, [`whole_seconds_toward_zero`]).
fn whole_seconds_floor(t: Ty) -> (&'static str, &'static str) {
    match t {
        Ty::Nanos(_) => ("ch_floor_div((", "), 1000000000)"),
        _ => ("ch_floor_div((", "), 1000)"),
    }
}

/// The SQL around a `DateTime64` (Unix ms, a real for µs) that makes its whole seconds toward
/// zero, as ClickHouse 25.6 takes them for `toDate`, `toStartOfMinute`/`Hour`/`Day`,
/// `date_trunc` and `toInt32`/`toInt64` (`DecimalUtils::splitWithScaleMultiplier`, which
/// truncates; `toDate(toDateTime64('1969-12-31 23:59:59.5', 1))` is 1970-01-01: chDB 3.6.0
/// (ClickHouse 25.5.2) and 3.7.2 (25.8.2) agree; others floor, [`whole_seconds_floor`]).
/// Of a `DateTime64` of ns ([`Ty::Nanos`]), of its ns.
fn whole_seconds_toward_zero(t: Ty) -> (&'static str, &'static str) {
    match t {
        Ty::Nanos(_) => ("(CAST((", ") AS INTEGER) / 1000000000)"),
        _ => ("(CAST((", ") AS INTEGER) / 1000)"),
    }
}

impl Tr<'_> {
    /// The SQL around the first argument of the call at `i` that makes its whole Unix seconds
    /// downward (of a `DateTime64`, [`whole_seconds_floor`]; of another time, Unix ms), as
    /// `toStartOfWeek`/`Month`/`Quarter`/`Year` take them.
    fn whole_seconds(&self, i: usize) -> (String, String) {
        match self.first_arg_ty(i) {
            t @ (Ty::DateTime64(_) | Ty::Nanos(_)) => {
                let (open, close) = whole_seconds_floor(t);
                (open.to_string(), close.to_string())
            }
            _ => floor_div_parts(1000),
        }
    }
}

/// The SQL around a count of days since 1970 that makes it the `Date` ClickHouse answers, as
/// Unix ms: a `UInt16` of days, so a day before 1970 wraps round it (the `toStartOfMonth`,
/// `Quarter` and `Year` of a `DateTime64`, its `toDate`: DateTimeTransforms.h casts the signed
/// day to `UInt16`), or, with `saturate` (`toStartOfWeek`: `std::max(res, 0)`, or a
/// saturating `DayNum`), held at 1970-01-01.
fn date_of_days(saturate: bool) -> (&'static str, &'static str) {
    if saturate {
        ("(MAX(", ", 0) * 86400000)")
    } else {
        ("((", " & 65535) * 86400000)")
    }
}

/// A constant ClickHouse folds met while `emit` translates (see [`Tr::folded`]): where it
/// starts and ends, where its SQL starts in the output, and for a `%` the place of its
/// closing among the divisions' ([`Tr::take_folded`]).
type Folding = (usize, usize, usize, Option<usize>);

/// The SQL of a `GROUP BY`/`ORDER BY` key, `sql`, as a constant where SQLite would read it as
/// a position (an integer literal, in parentheses or after unary signs, as its
/// `sqlite3ExprIsInteger` reads such a term), else `None`: ClickHouse 25.6 reads only a key
/// that is itself an integer literal as a position (`replaceNodesWithPositionalArguments`
/// replaces a `ConstantNode` before aliases or `WITH` names are resolved), so an alias or a
/// name of `2` is a constant there: no grouping, no reordering.
pub(super) fn constant_key(sql: &str) -> Option<String> {
    let bare: String = sql
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '(' | ')'))
        .collect();
    let digits = bare.trim_start_matches(['+', '-']);
    (!digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) || sqlite_false_and(sql))
        .then(|| format!("CAST({sql} AS INTEGER)"))
}

/// Whether SQLite's parser makes the SQL `sql` the integer literal 0 (which a `GROUP BY` or
/// `ORDER BY` then reads as a position, out of range): an `AND` one of whose operands is the
/// literal `0` (in parentheses too) or is such an `AND` itself, as its `sqlite3ExprAnd` folds
/// an `AND` with an operand always false as it parses it. ClickHouse answers such a key (`(1
/// AND 0) AS x … GROUP BY x`, `(outcome = 'VALID') AND 0`) as the constant 0, one group
/// (ClickHouse 25.5.2 and 25.8.2 (chDB) agree). An `OR` or a `BETWEEN` outside parentheses
/// is not read here (`a OR b AND 0` is an `OR`).
fn sqlite_false_and(sql: &str) -> bool {
    let sql = sql.trim();
    // (The operands outside parentheses, quotes and strings; `None` past an `OR`/`BETWEEN`.)
    let mut operands: Vec<&str> = Vec::new();
    let (mut depth, mut quote, mut start) = (0usize, None::<char>, 0usize);
    let bytes = sql.as_bytes();
    let word_at = |i: usize, w: &str| {
        let boundary =
            |c: Option<&u8>| c.is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'));
        sql.get(i..i + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
            && boundary(i.checked_sub(1).and_then(|p| bytes.get(p)))
            && boundary(bytes.get(i + w.len()))
    };
    let mut wrapped = sql.starts_with('(');
    for (i, c) in sql.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => quote = Some(c),
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 && i + 1 < sql.len() {
                    wrapped = false;
                }
            }
            _ if depth > 0 => {}
            _ if word_at(i, "OR") || word_at(i, "BETWEEN") => return false,
            _ if word_at(i, "AND") => {
                operands.push(sql.get(start..i).unwrap_or(""));
                start = i + 3;
            }
            _ => {}
        }
    }
    if wrapped && operands.is_empty() {
        return sql
            .get(1..sql.len() - 1)
            .is_some_and(sqlite_false_and_or_zero);
    }
    if operands.is_empty() {
        return false;
    }
    operands.push(sql.get(start..).unwrap_or(""));
    operands.into_iter().any(sqlite_false_and_or_zero)
}

/// [`sqlite_false_and`], or the integer literal 0 (`0`, `00`, in parentheses too).
fn sqlite_false_and_or_zero(sql: &str) -> bool {
    let sql = sql.trim();
    let bare = sql.trim_start_matches('(').trim_end_matches(')').trim();
    (!bare.is_empty() && bare.bytes().all(|c| c == b'0')) || sqlite_false_and(sql)
}

/// Whether `w` is the literal `NULL`, `TRUE` or `FALSE`.
fn literal_word(w: &str) -> bool {
    ["NULL", "TRUE", "FALSE"]
        .iter()
        .any(|l| w.eq_ignore_ascii_case(l))
}

/// Whether the token at `k` follows `IS` (or `IS NOT`): `x IS NULL`'s `NULL` is its
/// operator's, no operand.
fn after_is(toks: &[Tok], k: usize) -> bool {
    let word = |p: usize| matches!(toks.get(p), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("IS"));
    let not = |p: usize| matches!(toks.get(p), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NOT"));
    k.checked_sub(1)
        .is_some_and(|p| word(p) || (not(p) && p.checked_sub(1).is_some_and(word)))
}

/// Rewrites the key whose SQL starts at `at` in `out` as [`constant_key`] says.
pub(super) fn write_constant_key(out: &mut Vec<String>, at: usize) {
    if let Some(sql) = out.get(at..).and_then(|p| constant_key(&p.join(" "))) {
        out.truncate(at);
        out.push(sql);
    }
}

/// Ends the `GROUP BY`/`ORDER BY` key whose SQL starts at `at` in `out`: an array's as its
/// `ch_array_order` (where `array`, see [`Tr::check_ordered_key`], `Some` of whether its
/// `NULL` elements go after every value, [`Tr::nulls_high`]), a `GROUP BY` key of an array
/// (`group`) as its text without [`ARRAY_MARK`] (`ch_array`: an array built here, as
/// `arrayFilter`'s, carries the mark and a column's not, so `if(c, tags, arrayFilter(…))`
/// would group two `[]`s apart, where ClickHouse 25.5.2 and 25.8.2 (chDB) agree they are one
/// key), another as [`write_constant_key`] writes it.
pub(super) fn end_key(out: &mut Vec<String>, at: usize, array: Option<bool>, group: bool) {
    if group && at <= out.len() {
        out.insert(at, "ch_array(".into());
        out.push(")".into());
    } else if let Some(high) = array.filter(|_| at <= out.len()) {
        out.insert(at, "ch_array_order(".into());
        out.push(format!(", {})", u8::from(high)));
    } else {
        write_constant_key(out, at);
    }
}

/// Opens the call whose SQL is `open` … `close` around its arguments (`after`, the index after
/// its `(`, is returned).
fn push_call(
    out: &mut Vec<String>,
    closers: &mut Vec<Cow<'static, str>>,
    chains: &mut Vec<usize>,
    (open, close, after): (String, String, usize),
) -> usize {
    out.push(open);
    closers.push(close.into());
    chains.push(out.len());
    after
}

/// What [`Tr::exact_integers`] writes into: where each token's translation starts, the
/// output, the texts closing calls at a token, the spans written so far and the chains.
pub(super) struct Wrap<'w> {
    pub(super) starts: &'w mut Vec<(usize, usize)>,
    pub(super) out: &'w mut Vec<String>,
    pub(super) closes: &'w mut Vec<(usize, &'static str)>,
    pub(super) done: &'w mut Vec<(usize, usize)>,
    pub(super) chains: &'w mut Vec<usize>,
}

/// The functions of [`ARITY`] whose count of arguments ClickHouse 25.6 checks before it
/// reads their types: its aggregates (AggregateFunctionFactory builds the function of the
/// arguments' types without `Nullable` before the Null combinator answers `NULL`), and the
/// functions that are not variadic (IFunctionOverloadResolver::checkNumberOfArguments, before
/// getReturnTypeWithoutLowCardinality answers a `NULL` constant argument's `NULL`). Of the
/// variadic ones (`substring`, `round`, the conversions, the date functions, …) a `NULL`
/// literal among another count of arguments may be `NULL`: not run.
const FIXED_ARITY: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "any",
    "grouparray",
    "groupuniqarray",
    "quantile",
    "uniq",
    "uniqexact",
    "sumif",
    "countif",
    "if",
    "lower",
    "upper",
    "length",
    "abs",
    "startswith",
    "endswith",
    "has",
    "hasany",
    "hasall",
    "arrayjoin",
    "today",
    "trim",
];

/// The least and most arguments ClickHouse 25.6 takes of functions of upstream's list:
/// AggregateFunctionCount.cpp (`count`: "requires zero or one argument"); `assertUnary` of
/// `sum`, `avg`, `min`, `max`, `any`, `groupArray`, `groupUniqArray`, `quantile`
/// (FactoryHelpers.h, "Aggregate function {} requires single argument"); `uniq`'s
/// "Incorrect number of arguments" of none; the `-If` combinator's one more (`sumIf`,
/// `countIf`); FunctionIf's 3; FunctionCoalesce's "requires at least one argument" (one is
/// answered as it is); the unary string, math and array functions' `getNumberOfArguments`,
/// `substring`'s 2 or 3 (a syntax error otherwise, see [`Tr::check_arities`]) and
/// FunctionRounding's "should be 1 or 2";
/// the date and time functions' own signatures (`toDate(value[, timezone])`,
/// `toDateTime64(value, scale[, timezone])`, `toStartOfWeek(t[, mode[, timezone]])`,
/// `date_trunc(unit, value[, timezone])`, `formatDateTime(t, format[, timezone])`, `now([tz])`,
/// `now64([scale[, tz]])`, `today()`, `toInterval…(n)`: FunctionsConversion's
/// validateFunctionArguments and the date functions' getNumberOfArguments);
/// `toString(value[, timezone])`, `toInt32`, `toInt64`, `toFloat64` of one (the same
/// validateFunctionArguments: a zone only after a `DateTime` or `DateTime64`, see
/// [`Tr::time_zone`]); `toUnixTimestamp64Milli(value)` and `fromUnixTimestamp64Milli(value[,
/// timezone])` (01277_toUnixTimestamp64.sql, 01277_fromUnixTimestamp64.sql: none, or a second
/// argument of the first, is NUMBER_OF_ARGUMENTS_DOESNT_MATCH); `JSONExtractString(json[,
/// key…])`; `arrayFilter(lambda, array…)` (FunctionArrayMapped: "needs at least 2
/// argument"; its lambda's parameters, one per array, see [`Tr::array_filter`]); `concat` of
/// any, none too (`''` since 24.7, PR #65887; 00727_concat.sql); `trim(s)` (a syntax error otherwise, see [`Tr::check_arities`]).
pub(super) const ARITY: &[(&str, usize, usize)] = &[
    ("count", 0, 1),
    ("sum", 1, 1),
    ("avg", 1, 1),
    ("min", 1, 1),
    ("max", 1, 1),
    ("any", 1, 1),
    ("grouparray", 1, 1),
    ("groupuniqarray", 1, 1),
    ("quantile", 1, 1),
    ("uniq", 1, usize::MAX),
    ("uniqexact", 1, usize::MAX),
    ("sumif", 2, 2),
    ("countif", 1, 2),
    ("if", 3, 3),
    ("coalesce", 1, usize::MAX),
    ("lower", 1, 1),
    ("upper", 1, 1),
    ("length", 1, 1),
    ("abs", 1, 1),
    ("substring", 2, 3),
    ("startswith", 2, 2),
    ("endswith", 2, 2),
    ("round", 1, 2),
    ("floor", 1, 2),
    ("ceil", 1, 2),
    ("has", 2, 2),
    ("hasany", 2, 2),
    ("hasall", 2, 2),
    ("arrayjoin", 1, 1),
    ("arrayfilter", 2, usize::MAX),
    ("concat", 0, usize::MAX),
    ("trim", 1, 1),
    ("jsonextractstring", 1, usize::MAX),
    ("tostring", 1, 2),
    ("toint32", 1, 1),
    ("toint64", 1, 1),
    ("tofloat64", 1, 1),
    ("tounixtimestamp64milli", 1, 1),
    ("todate", 1, 2),
    ("todatetime", 1, 2),
    ("todatetime64", 2, 3),
    ("tostartofday", 1, 2),
    ("tostartofhour", 1, 2),
    ("tostartofminute", 1, 2),
    ("tostartofmonth", 1, 2),
    ("tostartofquarter", 1, 2),
    ("tostartofyear", 1, 2),
    ("tostartofweek", 1, 3),
    ("date_trunc", 2, 3),
    ("formatdatetime", 2, 3),
    ("fromunixtimestamp64milli", 1, 2),
    ("now", 0, 1),
    ("now64", 0, 2),
    ("today", 0, 0),
    ("tointervalday", 1, 1),
    ("tointervalweek", 1, 1),
    ("tointervalmonth", 1, 1),
    ("tointervalquarter", 1, 1),
    ("tointervalyear", 1, 1),
    ("tointervalhour", 1, 1),
    ("tointervalminute", 1, 1),
    ("tointervalsecond", 1, 1),
    ("tointervalmillisecond", 1, 1),
    ("tointervalmicrosecond", 1, 1),
    ("tointervalnanosecond", 1, 1),
];
