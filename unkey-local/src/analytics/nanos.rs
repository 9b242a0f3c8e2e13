//! `DateTime64`s of scale 7 to 9 to the nanosecond ([`Ty::Nanos`]). Every other time is held
//! as Unix ms (a real for µs); such a `DateTime64` is held as an SQLite integer of Unix ns,
//! but only in a query where every place its value reaches converts it ([`Tr::nanos_gate`]):
//! the answer, comparisons and `BETWEEN` ([`nanos_meets`]), keys, `min`/`max`/`any`, `if` and
//! `coalesce` ([`Tr::nanos_branches`]), `CASE` ([`Tr::nanos_case`]), `IN` lists
//! ([`Tr::nanos_in_elements`]), `has`, `date_trunc` and `formatDateTime` ([`Tr::nanos_call`]),
//! intervals, numbers and differences
//! ([`Tr::nanos_moved`], a difference a [`Ty::DecimalNanos`]), the functions of [`TAKE_ONE`],
//! and columns read by name. Any other query holds it in ms, as before, and refuses as not
//! run a value with digits past the µs, which ms would cut ([`Tr::check_micros_kept`]); a
//! query of ns that meets something not converted here is translated again that way. Each
//! converting place also checks the types it meets, so what the gate lets through and no
//! place converts is refused as not run.

use super::*;

/// The text of a run-time refusal of a time outside the ns an `i64` holds (see
/// [`sqlite_error`]).
pub(super) const NANOS_RANGE: &str = "ch_nanos_out_of_range";

/// Whether the tokens call `toDateTime64` or `now64` (a quick look before [`Tr::nanos_gate`]).
pub(super) fn may_hold_nanos(toks: &[Tok]) -> bool {
    toks.iter().any(|t| {
        matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case("toDateTime64") || w.eq_ignore_ascii_case("now64"))
    })
}

/// A `DateTime64`'s scale above 6 as the query writes it (a literal 7, 8 or 9).
pub(super) fn nanos_scale(tok: Option<&Tok>) -> Option<u8> {
    scale(tok).filter(|p| *p > 6)
}

/// `ns` cut to `scale` digits toward zero (as [`scale_micros`] cuts µs).
pub(super) fn scale_nanos(ns: i64, scale: u8) -> i64 {
    let unit = 10_i64.pow(9_u32.saturating_sub(u32::from(scale)));
    ns - ns % unit
}

/// A time held as ms (an integer, or a real whose fraction is µs, see [`micros`]) in ns;
/// `None` past an `i64`'s ns.
pub(super) fn nanos_of_ms(v: ValueRef<'_>) -> Option<i64> {
    micros(v)?.checked_mul(1000)
}

/// Where the tokens a `DateTime64` of ns stands in can meet another value: what
/// [`Tr::nanos_gate`] lets it reach.
enum Parent {
    /// A place that converts it (a comparison, a key, `toString`, …).
    Takes,
    /// A call whose value is of its type again (`max`, `if`): over these tokens.
    Carries(usize, usize),
    /// An array of it (`groupArray`, a literal): over these tokens (see
    /// [`Tr::nanos_array_parent`]).
    Gathers(usize, usize),
    /// A select-list item named so: wherever the name is read.
    Named(String),
    /// Anywhere else.
    Other,
}

/// Words before a `(` that make it a parenthesis around an expression, not a call's.
const OPENING_WORDS: [&str; 14] = [
    "SELECT", "DISTINCT", "WHERE", "AND", "OR", "NOT", "ON", "HAVING", "BY", "THEN", "ELSE",
    "WHEN", "PREWHERE", "QUALIFY",
];

/// Words that may follow a select-list item or an `ORDER BY`/`GROUP BY` key.
const ITEM_END: [&str; 16] = [
    "FROM",
    "WHERE",
    "GROUP",
    "ORDER",
    "LIMIT",
    "HAVING",
    "WINDOW",
    "QUALIFY",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "ASC",
    "DESC",
    "NULLS",
    "OFFSET",
    "PREWHERE",
];

impl<'t> Tr<'t> {
    /// Whether this query may hold its `DateTime64`s of scale 7 to 9 as ns: it has one
    /// (`toDateTime64(x, p)`, `now64(p)`), and each reaches only places that convert it,
    /// followed through `if`/`max`/… and through select-list names (every word of that name,
    /// anywhere in the query, is followed as one; a `*` item passes names on unchanged).
    /// A select list's value leaves its `SELECT` only as a column of a `FROM`/`JOIN`
    /// subquery, a CTE, a set operation's arm or the answer.
    pub(super) fn nanos_gate(&self) -> bool {
        // (Each value followed, and whether it is an array of them.)
        let mut work: Vec<(usize, usize, bool)> = (0..self.toks.len())
            .filter_map(|i| self.nanos_source(i))
            .map(|(s, e)| (s, e, false))
            .collect();
        if work.is_empty() || !self.stars_leave() {
            return false;
        }
        let mut names: HashSet<(String, bool)> = HashSet::new();
        let mut steps = 0usize;
        while let Some((s, e, array)) = work.pop() {
            steps += 1;
            if steps > 8 * self.toks.len() + 64 {
                return false;
            }
            let parent = match array {
                true => self.nanos_array_parent(s, e),
                false => self.nanos_parent(s, e),
            };
            match parent {
                Parent::Takes => {}
                Parent::Carries(s, e) => work.push((s, e, false)),
                Parent::Gathers(s, e) => work.push((s, e, true)),
                Parent::Named(name) => {
                    if names.insert((name.clone(), array)) {
                        work.extend(
                            self.name_uses(&name)
                                .into_iter()
                                .map(|(s, e)| (s, e, array)),
                        );
                    }
                }
                Parent::Other => return false,
            }
        }
        true
    }

    /// The call at `i` when it makes a `DateTime64` of scale 7 to 9: its tokens.
    fn nanos_source(&self, i: usize) -> Option<(usize, usize)> {
        let scale_arg = match self.word(i).as_str() {
            "TODATETIME64" => 1,
            "NOW64" => 0,
            _ => return None,
        };
        if self.toks.get(i + 1) != Some(&Tok::Sym("(")) {
            return None;
        }
        let close = closing(self.toks, i + 1)?;
        // (Read as [`Tr::expr_ty`] and [`Tr::call`] read it: its first token.)
        let (s, _) = *self.arguments(i + 1).get(scale_arg)?;
        nanos_scale(self.toks.get(s)).map(|_| (i, close + 1))
    }

    /// Every word reading the column or alias `name` (a `source.name` too), not where it is
    /// named (`AS name`) nor a call.
    fn name_uses(&self, name: &str) -> Vec<(usize, usize)> {
        (0..self.toks.len())
            .filter(|p| match self.toks.get(*p) {
                Some(Tok::Word(w)) => {
                    w.rsplit('.')
                        .next()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                        && self.toks.get(p + 1) != Some(&Tok::Sym("("))
                        && p.checked_sub(1).is_none_or(|b| self.word(b) != "AS")
                }
                _ => false,
            })
            .map(|p| (p, p + 1))
            .collect()
    }

    /// Whether the `(` at `q` is a parenthesis around an expression (not a call's, a list's
    /// or a subquery's).
    fn grouping(&self, q: usize) -> bool {
        match q.checked_sub(1).map(|p| self.toks.get(p)) {
            None => true,
            Some(Some(Tok::Sym(s))) => !matches!(*s, ")" | "]"),
            Some(Some(Tok::Word(w))) => OPENING_WORDS.contains(&w.to_ascii_uppercase().as_str()),
            _ => false,
        }
    }

    /// `[s, e)` with the parentheses around it that group no more than it.
    fn widened(&self, mut s: usize, mut e: usize) -> (usize, usize) {
        while let Some(q) = s.checked_sub(1) {
            if self.toks.get(q) == Some(&Tok::Sym("("))
                && closing(self.toks, q) == Some(e)
                && self.grouping(q)
            {
                s = q;
                e += 1;
            } else {
                break;
            }
        }
        (s, e)
    }

    /// Where an array of `DateTime64`s of ns over `[s, e)` goes: a subscript's element and
    /// `arrayJoin`'s (of ns again), `has` (which compares its elements, [`Tr::nanos_has`]),
    /// `length` (which does not read them), a select-list item (the answer writes its
    /// elements, [`Ty::answer`]; a name or a subquery's column is followed); anything else is
    /// [`Parent::Other`].
    fn nanos_array_parent(&self, s: usize, e: usize) -> Parent {
        let (s, e) = self.widened(s, e);
        if self.subscript_at(e) {
            return match self.bracket_close(e) {
                Some(c) => Parent::Carries(s, c + 1),
                None => Parent::Other,
            };
        }
        let Some((at, commas)) = self.list_context(s) else {
            return Parent::Other;
        };
        // (A whole item of its list, next to no operator.)
        let first = s.checked_sub(1).is_some_and(|p| {
            p == at
                || self.toks.get(p) == Some(&Tok::Sym(","))
                || self.word(p) == "DISTINCT" && p == at + 1
        });
        if !first {
            return Parent::Other;
        }
        match self.toks.get(at) {
            Some(Tok::Sym("(")) if !self.grouping(at) => {
                // (`quantile(level)(x)`: the word before its level.)
                let called = self.called(at);
                let whole = matches!(self.toks.get(e), Some(Tok::Sym(",")) | Some(Tok::Sym(")")));
                match (called.as_str(), commas) {
                    ("HAS" | "LENGTH", 0) if whole => Parent::Takes,
                    // (Its elements, of ns again.)
                    ("ARRAYJOIN", 0) if whole => match closing(self.toks, at) {
                        Some(c) => Parent::Carries(at - 1, c + 1),
                        None => Parent::Other,
                    },
                    _ => Parent::Other,
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("SELECT") => self.item_parent(at, s, e),
            _ => Parent::Other,
        }
    }

    /// The word (upper case) whose call's arguments open at `open`; of `quantile(level)(x)`'s
    /// values, `QUANTILE`.
    fn called(&self, open: usize) -> String {
        match open.checked_sub(1).map(|f| (f, self.toks.get(f))) {
            Some((_, Some(Tok::Sym(")")))) => self
                .primary_start(open)
                .map(|p| self.word(p))
                .filter(|w| w == "QUANTILE")
                .unwrap_or_default(),
            Some((f, _)) => self.word(f),
            None => String::new(),
        }
    }

    /// Where the item `[s, e)` of the select list of the `SELECT` at `at` goes: the answer
    /// (unnamed, of the outermost query), or its name (`AS name`, or a column passed on).
    fn item_parent(&self, at: usize, s: usize, e: usize) -> Parent {
        let item_end = |t: Option<&Tok>| match t {
            None | Some(Tok::Sym(",")) | Some(Tok::Sym(")")) => true,
            Some(Tok::Word(w)) => ITEM_END.contains(&w.to_ascii_uppercase().as_str()),
            _ => false,
        };
        if !self.select_leaves(at) {
            Parent::Other
        } else if self.word(e) == "AS" {
            match self.toks.get(e + 1) {
                Some(Tok::Word(name)) if item_end(self.toks.get(e + 2)) => {
                    Parent::Named(name.clone())
                }
                _ => Parent::Other,
            }
        } else if !item_end(self.toks.get(e)) {
            Parent::Other
        } else if let (Some(Tok::Word(name)), true) = (self.toks.get(s), e == s + 1) {
            Parent::Named(name.rsplit('.').next().unwrap_or(name).to_string())
        } else if self.enclosing_open(at).is_none() {
            // The answer's unnamed column.
            Parent::Takes
        } else {
            Parent::Other
        }
    }

    /// Where the value of `[s, e)` goes (see [`Parent`]).
    fn nanos_parent(&self, s: usize, e: usize) -> Parent {
        let (s, e) = self.widened(s, e);
        let before = s.checked_sub(1).and_then(|p| self.toks.get(p));
        let after = self.toks.get(e);
        // How tightly an operator next to it binds (0 for none).
        let rank = |t: Option<&Tok>| match t {
            Some(Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=")) => 3,
            Some(Tok::Sym("(" | ")" | ",")) | None => 0,
            Some(Tok::Sym(_)) => 9,
            Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                "LIKE" | "ILIKE" | "IN" | "BETWEEN" | "IS" | "GLOBAL" => 4,
                "NOT" => 2,
                "AND" | "OR" => 1,
                _ => 0,
            },
            _ => 9,
        };
        // (An array literal's brackets bound a list as a call's parentheses do.)
        let literal_open = before == Some(&Tok::Sym("[")) && !self.subscript_at(s - 1);
        let rb = if literal_open { 0 } else { rank(before) };
        let ra = match after {
            Some(Tok::Sym("]")) => 0,
            _ => rank(after),
        };
        // `x [NOT] BETWEEN lo AND hi` is two comparisons (see [`Tr::number_time_between`]):
        // its `AND` binds tighter than a logical one.
        let and_of_between = |p: usize| self.word(p) == "AND" && self.closes_between(p);
        let between = match s.checked_sub(1) {
            Some(p) if self.word(p) == "BETWEEN" => and_of_between(e),
            Some(p) if and_of_between(p) => ra <= 2,
            _ => {
                rb <= 2
                    && (self.word(e) == "BETWEEN"
                        || self.word(e) == "NOT" && self.word(e + 1) == "BETWEEN")
            }
        };
        // The left side of an `IN` list, which converts its elements ([`Tr::nanos_in_elements`]).
        let in_at = if self.word(e) == "NOT" { e + 1 } else { e };
        let in_list = self.word(in_at) == "IN"
            && self.toks.get(in_at + 1) == Some(&Tok::Sym("("))
            && !matches!(self.word(in_at + 2).as_str(), "SELECT" | "WITH");
        if between || rb <= 2 && in_list {
            return Parent::Takes;
        }
        if rb != 0 || ra != 0 {
            let comparison = |t: Option<&Tok>| {
                matches!(
                    t,
                    Some(Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">="))
                )
            };
            let tighter = match rb.cmp(&ra) {
                std::cmp::Ordering::Greater => before,
                std::cmp::Ordering::Less => after,
                std::cmp::Ordering::Equal => return Parent::Other,
            };
            // Moved by an interval or a number (of its type again), or a difference with
            // another time (a `Decimal` of ns, whose uses are followed as its own).
            if ra > rb && matches!(after, Some(Tok::Sym("+" | "-"))) {
                return match self.interval_literal_end(e + 1) {
                    Some(end) => Parent::Carries(s, end),
                    None => Parent::Carries(s, self.term_end(e + 1, self.toks.len())),
                };
            }
            // (`x ± ns`, not a unary sign.)
            let operand_before = match s.checked_sub(2).and_then(|q| self.toks.get(q)) {
                Some(Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]")) => true,
                Some(Tok::Word(w)) => !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()),
                _ => false,
            };
            if rb > ra && matches!(before, Some(Tok::Sym("+" | "-"))) && operand_before {
                return Parent::Carries(self.left_operand_start(s - 1), e);
            }
            return if comparison(tighter) {
                Parent::Takes
            } else {
                Parent::Other
            };
        }
        // Not next to an operator: the list or clause it stands in.
        let Some((at, commas)) = self.list_context(s) else {
            return Parent::Other;
        };
        match self.toks.get(at) {
            // An argument of a call.
            Some(Tok::Sym("(")) => {
                if self.grouping(at) || !matches!(after, Some(Tok::Sym(",")) | Some(Tok::Sym(")")))
                {
                    return Parent::Other;
                }
                let Some(close) = closing(self.toks, at) else {
                    return Parent::Other;
                };
                let called = self.called(at);
                // (An element of an `IN` list, see [`Tr::nanos_in_elements`].)
                if called == "IN" {
                    return Parent::Takes;
                }
                // (A parametric call's value is not followed here; a window's is, over its
                // `OVER` name or specification.)
                let parametric = matches!(self.toks.get(close + 1), Some(Tok::Sym("(")));
                let over = match (self.word(close + 1) == "OVER", self.toks.get(close + 2)) {
                    (true, Some(Tok::Sym("("))) => closing(self.toks, close + 2).map(|c| c + 1),
                    (true, Some(Tok::Word(_))) => Some(close + 3),
                    (true, _) => return Parent::Other,
                    (false, _) => None,
                };
                let plain = !parametric && over.is_none();
                let (single, end) = (!parametric, over.unwrap_or(close + 1));
                match (called.as_str(), commas) {
                    ("MIN" | "MAX" | "ANY", 0) if single => Parent::Carries(at - 1, end),
                    ("IF", 1 | 2) | ("COALESCE", _) if plain => Parent::Carries(at - 1, close + 1),
                    ("GROUPARRAY" | "GROUPUNIQARRAY", 0) if single => Parent::Gathers(at - 1, end),
                    // (The value `has` looks for, see [`Tr::nanos_has`]; values counted.)
                    ("HAS" | "DATE_TRUNC", 1) if plain => Parent::Takes,
                    ("COUNT" | "UNIQ" | "UNIQEXACT", _) if single => Parent::Takes,
                    ("QUANTILE", 0) if over.is_none() => Parent::Takes,
                    (f, 0) if TAKE_ONE.contains(&f.to_ascii_lowercase().as_str()) => Parent::Takes,
                    _ => Parent::Other,
                }
            }
            // An element of an array literal.
            Some(Tok::Sym("["))
                if !self.subscript_at(at)
                    && matches!(after, Some(Tok::Sym(",")) | Some(Tok::Sym("]"))) =>
            {
                match self.bracket_close(at) {
                    Some(c) => Parent::Gathers(at, c + 1),
                    None => Parent::Other,
                }
            }
            Some(Tok::Word(w)) => {
                let item_end = |t: Option<&Tok>| match t {
                    None | Some(Tok::Sym(",")) | Some(Tok::Sym(")")) => true,
                    Some(Tok::Word(w)) => ITEM_END.contains(&w.to_ascii_uppercase().as_str()),
                    _ => false,
                };
                match w.to_ascii_uppercase().as_str() {
                    "BY" => {
                        // A key (one `WITH FILL` fills too, see [`nanos_bounds`]).
                        let rolled = self.word(e) == "WITH";
                        // (A window's key before its frame too: over a `RANGE` frame with an
                        // offset ClickHouse's error, see [`Tr::time_range_frame`].)
                        let framed = matches!(self.word(e).as_str(), "ROWS" | "RANGE");
                        if item_end(after) || rolled || framed {
                            Parent::Takes
                        } else {
                            Parent::Other
                        }
                    }
                    "SELECT" => self.item_parent(at, s, e),
                    // A `WITH FILL` bound (see [`nanos_bounds`]).
                    "FROM" | "TO"
                        if (w.eq_ignore_ascii_case("TO")
                            || at.checked_sub(1).is_some_and(|p| self.word(p) == "FILL"))
                            && (item_end(after)
                                || matches!(
                                    self.word(e).as_str(),
                                    "TO" | "STEP" | "STALENESS" | "INTERPOLATE"
                                )) =>
                    {
                        Parent::Takes
                    }
                    // A whole branch of a `CASE`: of its type again.
                    "THEN" | "ELSE" if matches!(self.word(e).as_str(), "WHEN" | "ELSE" | "END") => {
                        match self.case_of(at) {
                            Some((case, after)) => Parent::Carries(case, after),
                            None => Parent::Other,
                        }
                    }
                    _ => Parent::Other,
                }
            }
            _ => Parent::Other,
        }
    }

    /// The `CASE` whose `THEN` or `ELSE` is at `at`: where it starts and the index after its
    /// `END`.
    fn case_of(&self, at: usize) -> Option<(usize, usize)> {
        let mut depth = 0i64;
        let case = (0..at).rev().find(|p| {
            match self.toks.get(*p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("END") => depth += 1,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => {
                    if depth == 0 {
                        return true;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            false
        })?;
        let (words, after) = self.case_words(case, self.toks.len())?;
        words.contains(&at).then_some((case, after))
    }

    /// Whether the `AND` at `a` is the one of a `BETWEEN` (the first `AND` after it, outside
    /// parentheses and `CASE … END`).
    fn closes_between(&self, a: usize) -> bool {
        let mut depth = 0i64;
        for p in (0..a).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => return false,
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(Tok::Sym(",")) if depth == 0 => return false,
                Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                    "END" => depth += 1,
                    "CASE" if depth > 0 => depth -= 1,
                    _ if depth > 0 => {}
                    "BETWEEN" => return true,
                    "AND" | "OR" | "CASE" | "WHEN" | "THEN" | "ELSE" | "SELECT" | "WHERE"
                    | "HAVING" | "ON" | "PREWHERE" | "QUALIFY" | "BY" => return false,
                    _ => {}
                },
                _ => {}
            }
        }
        false
    }

    /// The list or clause the item that starts at `s` stands in: its `(` or `[`, or the word
    /// that starts it (`SELECT`, `BY`, `WHERE`, …), and how many items come before it there.
    fn list_context(&self, s: usize) -> Option<(usize, usize)> {
        let mut depth = 0i64;
        let mut commas = 0usize;
        for p in (0..s).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => return Some((p, commas)),
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(Tok::Sym(",")) if depth == 0 => commas += 1,
                Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                    "END" => depth += 1,
                    "CASE" if depth > 0 => depth -= 1,
                    _ if depth > 0 => {}
                    "SELECT" | "BY" | "CASE" | "WHEN" | "THEN" | "ELSE" | "WHERE" | "HAVING"
                    | "ON" | "USING" | "FROM" | "JOIN" | "WITH" | "LIMIT" | "OFFSET" | "ARRAY"
                    | "PREWHERE" | "QUALIFY" | "TO" | "STEP" | "INTERPOLATE" | "WINDOW" => {
                        return Some((p, commas))
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        None
    }

    /// Whether every `*` (or `q.*`) item passes its columns on only where their names are
    /// followed (see [`Tr::select_leaves`]).
    fn stars_leave(&self) -> bool {
        (0..self.toks.len()).all(|p| {
            let prev = p.checked_sub(1).and_then(|b| self.toks.get(b));
            let qualified = matches!(prev, Some(Tok::Word(w)) if w.ends_with('.'));
            let item = qualified
                || prev == Some(&Tok::Sym(","))
                || matches!(prev.map(upper).as_deref(), Some("SELECT" | "DISTINCT"));
            if self.toks.get(p) != Some(&Tok::Sym("*")) || !item {
                return true;
            }
            let s = if qualified { p - 1 } else { p };
            match self.list_context(s) {
                Some((at, _)) if self.word(at) == "SELECT" => self.select_leaves(at),
                _ => true,
            }
        })
    }

    /// Whether the select list of the `SELECT` at `at` leaves it only as the answer's
    /// columns, a `FROM`/`JOIN` subquery's, a CTE's or a set operation arm's.
    fn select_leaves(&self, at: usize) -> bool {
        let mut q = at;
        loop {
            let Some(open) = self.enclosing_open(q) else {
                return true;
            };
            let before = open.checked_sub(1);
            match before.map(|b| self.word(b)).as_deref() {
                Some("FROM" | "JOIN" | "AS") => return true,
                Some("UNION" | "EXCEPT" | "INTERSECT") | None => q = open,
                Some("ALL" | "DISTINCT")
                    if matches!(
                        open.checked_sub(2).map(|b| self.word(b)).as_deref(),
                        Some("UNION" | "EXCEPT" | "INTERSECT")
                    ) =>
                {
                    q = open;
                }
                Some("") if before.is_some_and(|b| self.toks.get(b) == Some(&Tok::Sym("("))) => {
                    q = open;
                }
                _ => return false,
            }
        }
    }
}

/// The functions (lower case) that take a `DateTime64` of ns as their first argument.
const TAKE_ONE: [&str; 14] = [
    "formatdatetime",
    "tostring",
    "toint32",
    "toint64",
    "tounixtimestamp64milli",
    "tostartofminute",
    "tostartofhour",
    "tostartofday",
    "tostartofweek",
    "tostartofmonth",
    "tostartofquarter",
    "tostartofyear",
    "todate",
    "todatetime",
];

/// Refused where a value of ns meets what is not converted here (see [`Tr::nanos_gate`]).
fn nanos_not_run(what: &str) -> ApiError {
    unsupported(&format!("{what} of a DateTime64 of scale 7 to 9"))
}

impl<'t> Tr<'t> {
    /// In a query of ns, the `+` or `-` at `k` (before `b`; `binary` when it has a left side)
    /// next to a value held in ns: a `DateTime64` of ns moved by intervals after it, each in
    /// turn (`ch_nanos_move`: months as calendar months keeping the time of day and its ns,
    /// as `addMonths`; other kinds by their ns); a difference of it and a `DateTime` or
    /// `DateTime64` (either way round), ClickHouse's `Decimal` of the larger scale
    /// ([`Ty::DecimalNanos`], the other side converted to ns, `ch_nanos_minus` checked);
    /// moved by a number's whole seconds; the rest of arithmetic is not run. Returns where to go on; `None` when no side is
    /// held in ns.
    pub(super) fn nanos_moved(
        &mut self,
        k: usize,
        b: usize,
        binary: bool,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        if !self.nanos {
            return Ok(None);
        }
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let end = self.term_end(k + 1, b);
        let lt = match binary {
            true => self.expr_ty(self.left_operand_start(k), k, &scope),
            false => Ty::Unknown,
        };
        let rt = self.expr_ty(k + 1, end, &scope);
        if !lt.held_in_ns() && !rt.held_in_ns() {
            return Ok(None);
        }
        let at = st.chains.last().copied().unwrap_or(0).min(out.len());
        let minus = self.toks.get(k) == Some(&Tok::Sym("-"));
        if matches!(lt, Ty::Nanos(_)) && !rt.held_in_ns() {
            if let Some((intervals, end)) = self.interval_term(k + 1, b)? {
                let sign = if minus { -1 } else { 1 };
                for (step, count) in intervals.moves() {
                    let (ns, months) = match step {
                        Step::Months(m) => (0, m),
                        Step::Ms(ms) => (ms.saturating_mul(1_000_000), 0),
                    };
                    out.insert(at, "ch_nanos_move(".into());
                    out.push(format!(", ({count}) * {sign}, {ns}, {months})"));
                }
                return Ok(Some(end));
            }
        }
        // Moved by whole seconds of a number (`addSeconds` cuts its fraction off, see
        // [`Tr::time_arithmetic`]), a number first only when added.
        let number = |t: Ty| matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool);
        let time = |t: Ty| matches!(t, Ty::Nanos(_) | Ty::DateTime | Ty::DateTime64(_));
        let sign = if minus { "-" } else { "" };
        let (moved_left, moved_right) = (
            matches!(lt, Ty::Nanos(_)) && number(rt),
            number(lt) && matches!(rt, Ty::Nanos(_)) && !minus,
        );
        let difference = minus && time(lt) && time(rt);
        if !(moved_left || moved_right || difference) {
            return Err(nanos_not_run("arithmetic"));
        }
        let left_sql = out.split_off(at).join(" ");
        let right_sql = self.expression_with(k + 1, end, st.array_join.clone())?;
        out.push(if moved_left {
            format!(
                "ch_nanos_move({left_sql}, {sign}CAST(({right_sql}) AS INTEGER), 1000000000, 0)"
            )
        } else if moved_right {
            format!("ch_nanos_move({right_sql}, CAST(({left_sql}) AS INTEGER), 1000000000, 0)")
        } else {
            format!(
                "ch_nanos_minus({}, {})",
                nanos_side(&left_sql, lt),
                nanos_side(&right_sql, rt)
            )
        });
        Ok(Some(end))
    }

    /// In a query of ns, `if(c, a, b)` or `coalesce(…)` at `i` whose values mix a
    /// `DateTime64` of ns with other times: of their common type, a `DateTime64` of the
    /// largest scale (getLeastSupertype), so each other time is converted to ns
    /// ([`nanos_side`]). Returns where to go on; `None` elsewhere (values all of ns, or not
    /// all times, which [`Ty::check_common`] takes).
    pub(super) fn nanos_branches(
        &mut self,
        i: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let lower = self.word(i).to_ascii_lowercase();
        if !self.nanos || !matches!(lower.as_str(), "if" | "coalesce") {
            return Ok(None);
        }
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let args = self.arguments(i + 1);
        let from = usize::from(lower == "if");
        let types: Vec<Option<Ty>> = args
            .iter()
            .map(|(s, e)| self.value_ty(*s, *e, &scope))
            .collect();
        // (Of `coalesce`, its values up to the first that is not `Nullable`, which its type
        // is of, [`Tr::coalesce_typed`].)
        let typed = match lower.as_str() {
            "coalesce" => self.coalesce_typed(i + 1, &scope).len(),
            _ => args.len(),
        };
        let values: Vec<Ty> = types
            .iter()
            .take(typed)
            .skip(from)
            .flatten()
            .copied()
            .collect();
        let ns = |t: &Ty| matches!(t, Ty::Nanos(_));
        if !values.iter().any(ns) || values.iter().all(ns) || !values.iter().all(|t| t.is_time()) {
            return Ok(None);
        }
        self.check_nanos_arguments(i, &lower)?;
        let close = closing(self.toks, i + 1)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
        let mut sql = Vec::new();
        for (n, ((s, e), t)) in args.iter().zip(&types).enumerate() {
            let arg = self.expression_with(*s, *e, st.array_join.clone())?;
            sql.push(match t {
                Some(t) if n >= from => nanos_side(&arg, *t),
                _ => arg,
            });
        }
        let function = if lower == "if" { "IIF" } else { "COALESCE" };
        out.push(format!("{function}({})", sql.join(", ")));
        Ok(Some(close + 1))
    }

    /// In a query of ns, the `CASE` at `i` (before `b`) whose branches mix a `DateTime64` of
    /// ns with other times: as `if`'s ([`Tr::nanos_branches`]; ClickHouse's `multiIf` takes
    /// getLeastSupertype of its branches too), each other time converted to ns. Returns where
    /// to go on; `None` elsewhere.
    pub(super) fn nanos_case(
        &mut self,
        i: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        if !self.nanos {
            return Ok(None);
        }
        let (Some((words, after)), Some((branches, _))) =
            (self.case_words(i, b), self.case_branches(i, b))
        else {
            return Ok(None);
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let types: Vec<Option<Ty>> = branches
            .iter()
            .map(|(s, e)| self.value_ty(*s, *e, &scope))
            .collect();
        let values: Vec<Ty> = types.iter().flatten().copied().collect();
        let ns = |t: &Ty| matches!(t, Ty::Nanos(_));
        if !values.iter().any(ns) || values.iter().all(ns) || !values.iter().all(|t| t.is_time()) {
            return Ok(None);
        }
        // `CASE [x] WHEN c THEN v … [ELSE v] END`, each part between its words translated
        // (a float operand's and its `WHEN` values' inside `ch_case_key`, see
        // [`Tr::float_case_keys`]).
        let keys = self.float_case_keys(i, b)?;
        let mut sql = vec!["CASE".to_string()];
        let mut from = i + 1;
        for at in words.iter().copied().chain(std::iter::once(after - 1)) {
            if from < at {
                let part = self.expression_with(from, at, st.array_join.clone())?;
                let branch = branches.iter().position(|(s, _)| *s == from);
                sql.push(match branch.and_then(|n| types.get(n).copied().flatten()) {
                    Some(t) => nanos_side(&part, t),
                    None if keys.contains(&(from, at)) => format!("ch_case_key({part})"),
                    None => part,
                });
            }
            sql.push(self.word(at));
            from = at + 1;
        }
        out.push(sql.join(" "));
        Ok(Some(after))
    }

    /// The elements `items` (of types `types`) of an `IN` list whose left side is a
    /// `DateTime64` of scale `p` held in ns, as ClickHouse builds its set
    /// (getSetElementsForConstantValue: convertFieldToTypeStrict of each element's value to the
    /// left side's type): a `DateTime64` of that scale or a smaller one as its value (rescaled
    /// since ClickHouse 24.3), an integer as whole seconds and a `DateTime` (its `UInt64` of
    /// seconds) so too, a `Date` as its day's start (not its day number as seconds:
    /// `toDateTime64('1970-01-01 06:06:44', 9) IN (toDate('2030-03-31'))` is 0, chDB 3.6.0,
    /// ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree), a text parsed as that type reads it (to
    /// the scale's digits, as `toDateTime64` here), a `NULL` not in the set; a float is
    /// TYPE_MISMATCH (upstream's "Invalid analytics query"). A `DateTime64` of a larger scale
    /// (dropped where its digits past the scale are not zero), an element that reads a column
    /// and anything else are not run.
    pub(super) fn nanos_in_elements(
        &mut self,
        p: u8,
        items: &[(usize, usize)],
        types: &[Ty],
        st: &Sel,
    ) -> Result<Vec<String>, ApiError> {
        let mut elements = Vec::new();
        for ((s, e), t) in items.iter().zip(types) {
            let toks = self.toks.get(*s..*e).unwrap_or_default();
            let number = match toks {
                [Tok::Num(n)] => Some((1, n)),
                [Tok::Sym("-"), Tok::Num(n)] => Some((-1, n)),
                _ => None,
            };
            let element = match (toks, number, t) {
                ([Tok::Word(w)], _, _) if w.eq_ignore_ascii_case("NULL") => continue,
                // (ClickHouse takes only constants there.)
                _ if self.reads_column(*s, *e) => {
                    return Err(nanos_not_run("an IN of this element with one"))
                }
                (_, Some((sign, n)), _) => match n.parse::<i64>() {
                    Ok(n) => n
                        .checked_mul(sign * 1_000_000_000)
                        .ok_or_else(|| nanos_not_run("an IN of this number with one"))?
                        .to_string(),
                    Err(_) if n.parse::<f64>().is_ok() => {
                        return Err(query_error("Invalid analytics query"))
                    }
                    Err(_) => return Err(nanos_not_run("an IN of this number with one")),
                },
                ([Tok::Str(v)], _, _) => parse_datetime_in(v, 9)
                    .map(|ns| scale_nanos(ns, p).to_string())
                    .ok_or_else(|| nanos_not_run("an IN of this text with one"))?,
                (_, _, t @ (Ty::Nanos(_) | Ty::DateTime64(_) | Ty::DateTime | Ty::Date)) if !matches!(t, Ty::Nanos(q) if *q > p) =>
                {
                    let sql = self.expression_with(*s, *e, st.array_join.clone())?;
                    nanos_side(&sql, *t)
                }
                _ => return Err(nanos_not_run("an IN of this element with one")),
            };
            elements.push(element);
        }
        Ok(elements)
    }

    /// In a query of ns, the call at `i` where it converts a value held in ns itself (`has`,
    /// `date_trunc`, `formatDateTime`). Returns where to go on; `None` elsewhere.
    pub(super) fn nanos_call(
        &mut self,
        i: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        match self.word(i).as_str() {
            "HAS" if self.nanos => self.nanos_has(i, st, out),
            "DATE_TRUNC" if self.nanos => self.nanos_date_trunc(i, st, out),
            "FORMATDATETIME" if self.nanos => self.nanos_format(i, st, out),
            _ => Ok(None),
        }
    }

    /// `formatDateTime(t, format[, tz])` at `i` of a `DateTime64` of ns: of its µs downward
    /// (`ch_format_datetime_ns`), where the format is a literal: its whole seconds downward
    /// (`1969-12-31 23:59:59.9995` is `23:59:59`), `%f` six digits of its fraction, the µs
    /// past its second (`.123456789` is `123456`, and 1 ns before 1970 `999999`), as chDB
    /// 3.6.0 (ClickHouse 25.5.2) and 3.7.2 (25.8.2) agree (ClickHouse's
    /// `formatdatetime_f_prints_scale_number_of_digits`, off by default); a format that is no
    /// literal is not run. `None` when `t` is not of ns.
    fn nanos_format(
        &mut self,
        i: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let args = self.arguments(i + 1);
        let Some((t, t_end)) = args.first().copied() else {
            return Ok(None);
        };
        if !matches!(self.expr_ty(t, t_end, &scope), Ty::Nanos(_)) {
            return Ok(None);
        }
        let literal = args.get(1).and_then(|(s, e)| match self.toks.get(*s..*e) {
            Some([Tok::Str(f)]) => Some(f),
            _ => None,
        });
        if literal.is_none() {
            return Err(nanos_not_run(
                "formatDateTime with a format not written out",
            ));
        }
        let close = closing(self.toks, i + 1)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
        let mut sql = vec![self.expression_with(t, t_end, st.array_join.clone())?];
        for (s, e) in args.iter().skip(1) {
            sql.push(self.expression_with(*s, *e, st.array_join.clone())?);
        }
        out.push(format!("ch_format_datetime_ns({})", sql.join(", ")));
        Ok(Some(close + 1))
    }

    /// The two arguments of the call at `i`, where it has exactly two.
    fn two_arguments(&self, i: usize) -> Option<[(usize, usize); 2]> {
        <[(usize, usize); 2]>::try_from(self.arguments(i + 1)).ok()
    }

    /// `has(a, x)` at `i` of an array of `DateTime64`s of ns and a time of
    /// another type: ClickHouse's `has` (arrayIndex.h) compares them as instants (a constant
    /// array's elements with FieldVisitorAccurateEquals, a `Decimal` against a `DateTime`'s
    /// seconds; another array cast with the value to their common type, a `DateTime64` of the
    /// larger scale), so `x` is converted to ns ([`nanos_side`]). (A `Date`, whose day number
    /// a constant array's elements would meet as a number, is not run, see
    /// [`Tr::check_search`].) Returns where to go on; `None` elsewhere.
    fn nanos_has(
        &mut self,
        i: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let Some([(a, a_end), (x, x_end)]) = self.two_arguments(i) else {
            return Ok(None);
        };
        let xt = self.expr_ty(x, x_end, &scope);
        if !matches!(self.element_ty(a, a_end, &scope), Ty::Nanos(_))
            || matches!(xt, Ty::Nanos(_))
            || !xt.is_time()
        {
            return Ok(None);
        }
        self.check_search(i, "has")?;
        let close = closing(self.toks, i + 1)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
        let array = self.expression_with(a, a_end, st.array_join.clone())?;
        let value = self.expression_with(x, x_end, st.array_join.clone())?;
        out.push(format!("ch_has({array}, {})", nanos_side(&value, xt)));
        Ok(Some(close + 1))
    }

    /// `date_trunc(unit, t)` at `i` of a `DateTime64` of ns: of its ms (downward), as of a
    /// `DateTime64(3)`; its units (a second or more) do not read the digits past the ms.
    /// `None` when `t` is not of ns.
    fn nanos_date_trunc(
        &mut self,
        i: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let Some([(u, u_end), (t, t_end)]) = self.two_arguments(i) else {
            return Ok(None);
        };
        if !matches!(self.expr_ty(t, t_end, &scope), Ty::Nanos(_)) {
            return Ok(None);
        }
        if super::emit::sub_second_unit(self.toks.get(u)).is_some() {
            return Err(nanos_not_run("date_trunc to a unit below the second"));
        }
        let close = closing(self.toks, i + 1)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
        let unit = self.expression_with(u, u_end, st.array_join.clone())?;
        let time = self.expression_with(t, t_end, st.array_join.clone())?;
        out.push(format!(
            "ch_date_trunc({unit}, {})",
            floor_div_sql(&time, 1_000_000)
        ));
        Ok(Some(close + 1))
    }

    /// Where an interval literal that starts at `k` ends (`INTERVAL n UNIT`,
    /// `toIntervalUnit(…)`).
    fn interval_literal_end(&self, k: usize) -> Option<usize> {
        match self.word(k).as_str() {
            "INTERVAL" => matches!(
                (self.toks.get(k + 1), self.toks.get(k + 2)),
                (Some(Tok::Num(_)), Some(Tok::Word(_)))
            )
            .then_some(k + 3),
            w if w.starts_with("TOINTERVAL") && self.toks.get(k + 1) == Some(&Tok::Sym("(")) => {
                closing(self.toks, k + 1).map(|c| c + 1)
            }
            _ => None,
        }
    }

    /// In a query of ns, the call at `i` (`lower`, its name) with a value held in ns among
    /// its arguments is not run unless it takes one: `min`/`max`/`any`, `if`'s branches,
    /// `count`/`uniq`/`uniqExact` (which count values as they are), and of a `DateTime64` of
    /// ns [`TAKE_ONE`], `groupArray`, `groupUniqArray`, the value `has` looks for and the
    /// time `date_trunc` cuts ([`Tr::nanos_date_trunc`]).
    pub(super) fn check_nanos_arguments(&self, i: usize, lower: &str) -> Result<(), ApiError> {
        if !self.nanos {
            return Ok(());
        }
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        for (n, (s, e)) in self.arguments(i + 1).into_iter().enumerate() {
            let carried = matches!(
                (lower, n),
                ("min" | "max" | "any", 0)
                    | ("if", 1 | 2)
                    | ("coalesce" | "count" | "uniq" | "uniqexact", _)
            );
            // (`groupArray`'s array [`Tr::nanos_gate`] lets only the answer and `has` read.)
            let gathered = n == 0 && matches!(lower, "grouparray" | "groupuniqarray" | "quantile")
                || n == 1 && matches!(lower, "has" | "date_trunc");
            let takes = match self.expr_ty(s, e, scope) {
                Ty::Nanos(_) => carried || gathered || (n == 0 && TAKE_ONE.contains(&lower)),
                Ty::DecimalNanos => carried,
                _ => true,
            };
            if !takes {
                return Err(nanos_not_run(&format!("{lower}(…)")));
            }
        }
        Ok(())
    }

    /// `toDateTime64(x, p)` at `i` of a scale `p` above 6 in a query of ns: a text (to its
    /// ninth digit) or an integer (Unix seconds) read here, a time or an integer expression
    /// converted by `ch_nanos`, each cut to the scale's digits as [`scale_micros`] cuts µs.
    /// Another argument, or a time outside an `i64` of ns (1677-09-21 to 2262-04-11), is not
    /// run. Returns where to go on.
    pub(super) fn nanos_datetime64(
        &self,
        i: usize,
        p: u8,
        out: &mut Vec<String>,
        closers: &mut Vec<Cow<'static, str>>,
        chains: &mut Vec<usize>,
    ) -> Result<usize, ApiError> {
        let close = closing(self.toks, i + 1)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
        let first = self
            .arguments(i + 1)
            .first()
            .copied()
            .unwrap_or((i + 2, i + 2));
        let literal = match self.toks.get(first.0..first.1) {
            Some([Tok::Str(v)]) => Some(parse_datetime_in(v, 9)),
            Some([Tok::Num(n)]) => Some(
                n.parse::<i64>()
                    .ok()
                    .and_then(|s| s.checked_mul(1_000_000_000)),
            ),
            _ => None,
        };
        if let Some(ns) = literal {
            let ns =
                ns.ok_or_else(|| nanos_not_run("this text or number, or a time past 2262,"))?;
            out.push(scale_nanos(ns, p).to_string());
            return Ok(close + 1);
        }
        let kind = match self.first_arg_ty(i) {
            Ty::Int(_) | Ty::Bool => 1,
            t => nanos_kind(t)
                .ok_or_else(|| nanos_not_run("toDateTime64 of this argument as one"))?,
        };
        out.push(format!("ch_nanos({kind}, "));
        closers.push(")".into());
        chains.push(out.len());
        Ok(i + 2)
    }

    /// In a query held in ms, `toDateTime64(x, p)` at `i` whose scale may be above 6 is not
    /// run where `x` may have digits past the µs, which ms would cut (a text or a float
    /// literal with one, another expression than a time or an integer).
    pub(super) fn check_micros_kept(&self, i: usize) -> Result<(), ApiError> {
        let args = self.arguments(i + 1);
        let digits = match args.get(1).and_then(|(s, e)| self.toks.get(*s..*e)) {
            Some([t]) => match scale(Some(t)) {
                Some(p) if p <= 6 => return Ok(()),
                Some(p) => usize::from(p),
                None => 9,
            },
            _ => 9,
        };
        let past = |fraction: &str| {
            fraction
                .get(6..digits.min(fraction.len()))
                .is_some_and(|d| d.bytes().any(|c| c != b'0'))
        };
        let Some((s, e)) = args.first().copied() else {
            return Ok(());
        };
        let lost = match self.toks.get(s..e).unwrap_or_default() {
            [Tok::Str(v)] => v.split_once('.').is_some_and(|(_, f)| past(f)),
            [Tok::Num(n)] | [Tok::Sym("-"), Tok::Num(n)] => {
                n.contains(['e', 'E']) || n.split_once('.').is_some_and(|(_, f)| past(f))
            }
            _ => !matches!(
                self.first_arg_ty(i),
                Ty::Date | Ty::DateTime | Ty::DateTime64(_) | Ty::Int(_) | Ty::Bool
            ),
        };
        if lost {
            return Err(unsupported(
                "a DateTime64's digits past the µs here (toDateTime64 of scale 7 to 9 where the value reaches what keeps only µs)",
            ));
        }
        Ok(())
    }

    /// The comparison `[left, k) op [k + 1, end)` where a side is a `DateTime64` of ns (of
    /// types `lt`, `rt`): ClickHouse compares a time in their common `DateTime64`, so the other
    /// side is converted to ns (`ch_nanos`), and a number as seconds (DecimalComparison), so
    /// an integer is counted in ns. A float, a `Decimal`, a string, a value not known here
    /// or a join condition of another type is not run. Whether a side is converted (not when
    /// neither is of ns, nor both, which SQLite compares as they are).
    pub(super) fn nanos_sides(
        &self,
        (left, k, end): (usize, usize, usize),
        lt: Ty,
        rt: Ty,
    ) -> Result<bool, ApiError> {
        let converted = nanos_meets(lt, rt)?;
        if converted && self.join_sides(left, k, end) {
            return Err(nanos_not_run("a join condition of another type with one"));
        }
        Ok(converted)
    }
}

/// Whether a comparison of types `lt` and `rt` converts a side to ns ([`nanos_side`]): when one
/// is a `DateTime64` of ns and the other a time or an integer; not when neither is held in ns,
/// nor both are of ns or `Decimal`s of ns (SQLite compares them as they are); any other pair
/// with one held in ns is not run (see [`Tr::nanos_sides`]).
pub(super) fn nanos_meets(lt: Ty, rt: Ty) -> Result<bool, ApiError> {
    let ns = |t: Ty| matches!(t, Ty::Nanos(_));
    let decimal = |t: Ty| t == Ty::DecimalNanos;
    if ns(lt) && ns(rt) || decimal(lt) && decimal(rt) || !lt.held_in_ns() && !rt.held_in_ns() {
        return Ok(false);
    }
    let other = if ns(lt) { rt } else { lt };
    if decimal(lt)
        || decimal(rt)
        || !matches!(
            other,
            Ty::Date | Ty::DateTime | Ty::DateTime64(_) | Ty::Int(_) | Ty::Bool
        )
    {
        return Err(nanos_not_run("a comparison of this value with one"));
    }
    Ok(true)
}

/// A side of a comparison with a `DateTime64` of ns, in ns (see [`Tr::nanos_sides`]).
pub(super) fn nanos_side(sql: &str, t: Ty) -> String {
    match (t, nanos_kind(t)) {
        (Ty::Int(_) | Ty::Bool, _) => format!("(({sql}) * 1000000000)"),
        (_, Some(kind)) => format!("ch_nanos({kind}, {sql}, 9)"),
        _ => format!("({sql})"),
    }
}

/// How `ch_nanos` reads a time of type `t` held in ms: a `DateTime64` as it is (0), a
/// `DateTime` to its whole seconds (2) and a `Date` to its day (3), as their values are
/// (`now()` is held to the ms here; see [`Ty::answer`]). (1 reads Unix seconds.)
pub(super) fn nanos_kind(t: Ty) -> Option<u8> {
    match t {
        Ty::DateTime64(_) => Some(0),
        Ty::DateTime => Some(2),
        Ty::Date => Some(3),
        _ => None,
    }
}
