//! The translator ([`Tr`]): a query's `SELECT`s, sources and select lists, translated to
//! SQLite over the recorded rows.

use super::aggregates::Entry;
use super::emit::end_key;
use super::names::with_alias_qualified;
use super::*;

/// A query translated to SQLite: the CTE that names its table, and the `SELECT`.
/// A rollup's latency-state columns (see [`Tr::star_states`]).
const LATENCY_STATES: [&str; 3] = ["latency_avg", "latency_p75", "latency_p99"];

pub(super) struct Translated {
    pub(super) cte: String,
    pub(super) select: String,
    /// The public tables the query reads.
    pub(super) tables: Vec<&'static str>,
    /// The answer's columns: names and ClickHouse types (see [`Ty`]).
    pub(super) columns: Vec<(String, Ty)>,
    /// The `SELECT`s with `WITH FILL`, inner ones first (see [`Stage`]).
    pub(super) stages: Vec<Stage>,
    /// The form of a call it holds that fails where a row reaches it, if any (see
    /// [`Tr::fails_when_read`]).
    pub(super) fails_when_read: Option<&'static str>,
    /// Whether it holds a call ClickHouse fails with no row too (see
    /// [`Tr::fails_without_rows`]).
    pub(super) fails_without_rows: bool,
    /// Whether it holds a comparison ClickHouse fails as it runs (see
    /// [`Tr::fails_as_it_runs`]).
    pub(super) fails_as_it_runs: bool,
    /// The constants ClickHouse folds as it analyses the query, in the order it folds them,
    /// which the query reads once before it runs (see [`Tr::folded`]).
    pub(super) folded: Vec<Fold>,
    /// The `IN` subqueries whose sets ClickHouse builds before it reads a row (see
    /// [`Tr::in_sets`]).
    pub(super) in_sets: Vec<String>,
    /// The zone of each answered column of type `DateTime('zone')` or `DateTime64(p, 'zone')`
    /// (see [`Tr::zoned_value`]), by the columns' order in `columns`.
    pub(super) zones: Vec<Option<String>>,
    /// Whether the answer holds a rollup's latency states (see [`Tr::star_states`]).
    pub(super) answers_states: bool,
}

/// A constant ClickHouse folds as it analyses the query (see [`Tr::folded`]).
#[derive(Debug)]
pub(super) enum Fold {
    /// The SQL that computes it, whether it is in a CTE's body, and when ClickHouse folds it.
    Read(String, bool, FoldStage),
    /// Its error, told as it was translated (a string literal no number or time reads, a
    /// `Decimal` past its digits).
    Failed(ApiError),
}

/// Where a token stands among the branches of the `if` calls around it (see
/// [`Tr::if_branch`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IfBranch {
    /// In no branch that a constant condition leaves (a branch taken, or of no `if`).
    Taken,
    /// In a branch that a literal condition leaves: not folded.
    Untaken,
    /// In a branch of a constant condition not read here.
    Unsure,
}

/// When ClickHouse folds a constant (see [`Fold`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FoldStage {
    /// As its analyzer resolves the query (resolveFunction, a scalar subquery's
    /// evaluateScalarSubqueryIfNeeded).
    Analysis,
    /// As its planner builds the ActionsDAG, after the analyzer has resolved the whole query:
    /// a call over a lambda (`x -> …`), whose `LambdaNode` argument is no constant there.
    /// `nested` where it stands inside a subquery (`(SELECT …)`), whose plan a scalar
    /// subquery's evaluation builds as the analyzer reaches it: which constants of the
    /// query's fail before it is then not followed here.
    Plan { nested: bool },
}

pub(super) fn translate(
    dataset: Dataset,
    query: &str,
    now: i64,
    retention_days: i64,
    rows_max: i64,
) -> Result<Translated, ApiError> {
    if query.len() > QUERY_BYTES_MAX {
        return Err(query_error("Analytics query exceeds the maximum length"));
    }
    CLICKHOUSE_PARSE_FAILED.with(|f| f.set(false));
    // Upstream's parser and the checks it makes on its tree, first ([`chparse`]).
    let (query, no_from, function, clickhouse_syntax, dot_after_where) = match chparse::check(query)
    {
        Verdict::Select {
            end,
            from,
            function,
            dropped_commas,
            clickhouse_syntax,
            dot_after_where,
            ..
        } => {
            // The statement as upstream writes it back: without what follows it, and
            // without the commas its lists end with (`GROUP BY a,`, `IN (1, )`).
            let mut statement = query.get(..end).unwrap_or(query).to_string();
            for at in dropped_commas {
                if statement.get(at..=at) == Some(",") {
                    statement.replace_range(at..=at, " ");
                }
            }
            (
                statement,
                !from,
                function,
                clickhouse_syntax,
                dot_after_where,
            )
        }
        Verdict::Refused(refusal) => return Err(refusal.error()),
        Verdict::Panic(_) => {
            return Err(ApiError::internal(
                "An unexpected error occurred while processing your request.",
            ))
        }
        Verdict::NotPorted(why) => return Err(unsupported(why)),
        Verdict::Hang => {
            return Err(query_error(
                "unkey-local does not run a query whose /* comment is not closed: the real \
                 server's parser never returns on one, so it sends no answer; see the \
                 unkey-local README",
            ))
        }
    };
    let parsed = Parsed {
        no_from,
        function,
        clickhouse_syntax,
        dot_after_where,
    };
    translate_parsed(dataset, &query, now, retention_days, rows_max, parsed).map_err(|e| {
        // This server's own reading refusing what upstream's parser took.
        match e.detail.strip_prefix("Invalid SQL syntax: ") {
            Some(why) => unsupported(&format!(
                "this query, which upstream's parser takes, as read here ({why})"
            )),
            None => e,
        }
    })
}

/// What upstream's parser and checks found of a query it takes ([`chparse::Verdict::Select`]).
#[derive(Clone)]
pub(super) struct Parsed {
    /// Whether its outermost `SELECT` has no `FROM` clause.
    pub(super) no_from: bool,
    /// Upstream's `validateFunctions`' refusal, if any: answered after upstream's checks
    /// before it ([`Tr::finish`]), and in place of any refusal of this server's own reading
    /// before them.
    pub(super) function: Option<chparse::Refusal>,
    /// Whether ClickHouse's parser fails on the text upstream writes back for it (a `WHEN`
    /// glued to a word, a `.5` after a keyword: see chparse's `Parser::note_glued_when` and
    /// `Parser::note_dot_number`): its syntax error, after upstream's checks.
    pub(super) clickhouse_syntax: bool,
    /// Whether a number written `.5` follows `WHERE`, which ClickHouse reads as a number
    /// where upstream's filters put `(` before it and fails on elsewhere: not run.
    pub(super) dot_after_where: bool,
}

/// [`translate`] of a query upstream's parser takes (`query` its statement).
fn translate_parsed(
    dataset: Dataset,
    query: &str,
    now: i64,
    retention_days: i64,
    rows_max: i64,
    parsed: Parsed,
) -> Result<Translated, ApiError> {
    // (This server's own reading refusing a query before upstream's checks are reached: the
    // function upstream refuses, if any, is its answer.)
    let prepared = if parsed.clickhouse_syntax {
        Err(clickhouse_parse_error())
    } else if parsed.dot_after_where {
        Err(unsupported(
            "a number written without its leading 0 (.5) right after WHERE, which ClickHouse reads as a number or a dot by whether upstream puts its filters before it",
        ))
    } else {
        prepare(query, rows_max, dataset.tables())
    };
    let (toks, alias_uses, written, spelled) = match prepared {
        Ok(prepared) => prepared,
        // (Upstream's checks as they read the query's own tokens: this server's reading of
        // it would have been refused after them. ClickHouse's errors, its syntax error
        // "Invalid SQL syntax" without upstream's parser's colon (a ternary it reads
        // otherwise, a placeholder `?` its parser takes as no operand) among them, come after
        // all of them, upstream's retention check too (where it cannot be decided, not run);
        // and ClickHouse's limits of its AST's depth and size where they meet such an error,
        // see [`past_ast_limits`].)
        Err(e) => {
            let clickhouse = refused_at_run(&e) && !not_run(&e);
            match (&parsed.function, tokenize(query)) {
                (function, Ok(toks)) if function.is_some() || clickhouse => {
                    // (`EXTRACT(u FROM t)`, `TRIM(… FROM s)`, `SUBSTRING(s FROM n)`: no
                    // source, as upstream's parser reads them.)
                    let sources = without_call_froms(&toks);
                    let mut tr = Tr::new(&sources, now, dataset);
                    tr.no_from = parsed.no_from;
                    tr.function = parsed.function.clone();
                    tr.check_upstream()?;
                    if !clickhouse {
                        return Err(e);
                    }
                    if parsed.no_from {
                        return Err(query_error("Query must have a FROM clause"));
                    }
                    let written = limit_columns(tokenize_as_written(query)?);
                    check_retention(&written, now, retention_days, true)?;
                    // (ClickHouse's syntax error of a subscript, wherever it is, before an
                    // error of its analysis this reading stopped at.)
                    let e = check_subscripts(&written).err().unwrap_or(e);
                    // (An error of its analysis that this reading stopped at before the
                    // ternaries, `WINDOW` clauses, `trim`/`substring` calls, rollup modifiers
                    // and `EXTRACT(WEEK …)` it reads after: where the query holds one, its
                    // parser's error may come first.)
                    let later = may_hold_later_parse_error(&toks, &e.detail);
                    let e = match clickhouse_parse_failed() || !later {
                        true => e,
                        false => unsupported(
                            "a query whose reading here stops at an error before a form ClickHouse's parser may refuse (its syntax error, which it answers first)",
                        ),
                    };
                    return Err(
                        match check_ast_depth(&written).and_then(|()| check_ast_elements(&written))
                        {
                            Err(limits) => {
                                let unseen =
                                    may_hold_later_parse_error(&toks, "Invalid analytics query");
                                past_ast_limits(limits, Some(e), &written, unseen)
                            }
                            Ok(()) => e,
                        },
                    );
                }
                _ => return Err(e),
            }
        }
    };
    let (mut toks, mut alias_uses, mut spelled) = (toks, alias_uses, spelled);
    // The row policy: nothing before the start of the day `retention_days` ago is visible.
    let cutoff = if retention_days > 0 {
        let t = now.saturating_sub(retention_days.saturating_mul(86_400_000));
        t - t.rem_euclid(86_400_000)
    } else {
        i64::MIN
    };
    // Each `GROUP BY ALL` is written as its keys, one per pass (see [`Tr::rewrite`]).
    for _ in 0..=REWRITES_MAX {
        let pass = |nanos: bool| -> Result<Pass, ApiError> {
            let mut tr = Tr::new(&toks, now, dataset);
            tr.rows_max = rows_max;
            tr.nanos = nanos;
            tr.no_from = parsed.no_from;
            tr.function = parsed.function.clone();
            tr.alias_uses = alias_uses.clone();
            tr.spelled = spelled.clone();
            tr.finish(now, (&written, retention_days), cutoff)
        };
        // A query of ns that meets what is not converted here is held in ms instead.
        let done = if may_hold_nanos(&toks) && Tr::new(&toks, now, dataset).nanos_gate() {
            match pass(true) {
                Err(e) if e.detail.starts_with("unkey-local does not run") => pass(false),
                done => done,
            }
        } else {
            pass(false)
        };
        // (A type error under an `AND`/`OR` a constant decides, see
        // [`Tr::logic_with_constant`].)
        let done = match done {
            Err(e)
                if e.detail == "Invalid analytics query"
                    && Tr::new(&toks, now, dataset).logic_with_constant(true) =>
            {
                Err(unsupported(DECIDED_LOGIC))
            }
            // (A name both an `ARRAY JOIN`'s and another's, see
            // [`Tr::array_join_alias_reused`].)
            Err(e)
                if e.detail == "Invalid analytics query"
                    && Tr::new(&toks, now, dataset).array_join_alias_reused() =>
            {
                Err(unsupported(
                    "a name an ARRAY JOIN gives (ARRAY JOIN tags AS tag) given by another AS of the query too (SELECT tags AS tag)",
                ))
            }
            // (An unknown name in an `if` of a constant condition, see [`Tr::constant_if`].)
            Err(e)
                if e.detail == "Unknown identifier in analytics query"
                    && Tr::new(&toks, now, dataset).constant_if() =>
            {
                Err(unsupported(
                    "a query with an unknown name where it holds an if of a constant condition (ClickHouse resolves only the branch it takes)",
                ))
            }
            done => done,
        }?;
        // (`arrayJoin([])`, see [`Tr::empty_array_joins`].)
        let done = match (&done, Tr::new(&toks, now, dataset).empty_array_joins()) {
            (Pass::Done(_), Some(true)) => return Err(query_error("Invalid analytics query")),
            (Pass::Done(_), Some(false)) => {
                return Err(unsupported(
                    "arrayJoin([]) (of ClickHouse's type Nothing) other than as a whole select-list item",
                ))
            }
            _ => done,
        };
        match done {
            Pass::Done(translated)
                if translated.fails_as_it_runs
                    && Tr::new(&toks, now, dataset).logic_with_constant(false) =>
            {
                return Err(unsupported(DECIDED_LOGIC))
            }
            Pass::Done(translated) => return Ok(translated),
            Pass::Rewrite { edits, named, uses } => {
                alias_uses = uses;
                let mut marks = Marks {
                    uses: &mut alias_uses,
                    spelled: &mut spelled,
                };
                for (from, len, by) in edits {
                    // (A moved operation's tokens are written anew, without the marks of
                    // what they replace.)
                    if named.is_some() {
                        let within = |k: &usize| (from..from + len).contains(k);
                        marks.uses.retain(|k, _| !within(k));
                        marks.spelled.retain(|k, _| !within(k));
                    }
                    replace(&mut toks, &mut marks, from, len, by);
                }
                if let Some((at, name)) = named {
                    alias_uses.insert(at, name);
                }
            }
        }
    }
    Err(unsupported(
        "more than 16 rewrites (GROUP BY ALL, GROUPING SETS (()), arithmetic moved out of sum or avg) in one query",
    ))
}

/// The query's tokens as [`Tr`] reads them: upstream's parser's rewrites and how ClickHouse's
/// parser reads what it writes back; with the `WITH` aliases expanded, the tokens as written
/// (which upstream's retention check reads) and the casts' spellings.
#[allow(clippy::type_complexity)]
fn prepare(
    query: &str,
    rows_max: i64,
    tables: &[&str],
) -> Result<(Vec<Tok>, AliasUses, Vec<Tok>, SpelledCalls), ApiError> {
    let toks = limit_columns(tokenize(query)?);
    // (What this server's tokenizer reads as unbalanced, upstream's parser's lexer does not.)
    check_balanced(&toks)?;
    let toks = string_intervals(reprinted_group_modifiers(global_ins(reprinted_set_arms(
        toks,
    )?)?)?)?;
    let toks = limit_counts(reprinted_limits(toks), rows_max)?;
    let toks = comparison_chains(ternaries(explicit_aliases(unary_signs(toks)?)?)?);
    // (ClickHouse's analyzer refusing the tree its aliases expand to, where that is certain
    // and comes before any other error: upstream's checks pass such a query, see
    // [`certainly_too_big`].)
    if certainly_too_big(&toks, tables) {
        return Err(query_error("Invalid analytics query"));
    }
    let toks = non_finite_literals(toks)?;
    let (toks, alias_uses) = expand_with_aliases(toks)?;
    check_tree_bound(&toks)?;
    let (toks, alias_uses) = empty_parameters(toks, alias_uses);
    // (Upstream's retention check reads its own tree of the query as written.)
    let written = limit_columns(tokenize_as_written(query)?);
    let (toks, alias_uses, spelled) = rewrite_casts(toks, alias_uses)?;
    Ok((toks, alias_uses, written, spelled))
}

/// `f()(x…)` of a function of upstream's list: empty parameters are none, and ClickHouse
/// reads the call as `f(x…)` (`quantile()(x)` the level 0.5, `groupArray()(x)` no limit,
/// `sum()(x)`, `lower()('A')` too) and names it so (`quantile(number)`), as chDB 3.6.0
/// (ClickHouse 25.5.2) and 3.7.2 (25.8.2) agree (`f()()` is their syntax error, left as it
/// is); the `()` is left out (after the tree's bounds are checked on the query as written).
/// The positions of the `WITH` aliases' uses after it move back by two.
fn empty_parameters(mut toks: Vec<Tok>, mut uses: AliasUses) -> (Vec<Tok>, AliasUses) {
    let mut k = 0;
    while k + 4 < toks.len() {
        let parametric = matches!(
            toks.get(k),
            Some(Tok::Word(w)) if super::emit::ARITY.iter().any(|(f, ..)| w.eq_ignore_ascii_case(f))
        ) && matches!(
            toks.get(k + 1..k + 5),
            Some([Tok::Sym("("), Tok::Sym(")"), Tok::Sym("("), next]) if *next != Tok::Sym(")")
        );
        if parametric {
            toks.drain(k + 1..k + 3);
            uses = uses
                .into_iter()
                .map(|(at, v)| (if at > k { at - 2 } else { at }, v))
                .collect();
        }
        k += 1;
    }
    (toks, uses)
}

/// How many `GROUP BY` clauses one query may have rewritten (see [`Tr::rewrite`]; each is
/// one more translation).
const REWRITES_MAX: usize = 16;

/// What one translation of the query ends in.
enum Pass {
    /// The query translated.
    Done(Translated),
    /// The `len` tokens at each `from` of `edits` (the last first) are to be replaced by `by`
    /// and the query translated again (see [`Tr::rewrite`], [`Tr::moved`]), with the expanded
    /// `WITH` aliases `uses` (and, `named`, a group written there named as the call it
    /// stands for).
    Rewrite {
        edits: Vec<(usize, usize, Vec<Tok>)>,
        named: Option<(usize, String)>,
        uses: AliasUses,
    },
}

impl<'t> Tr<'t> {
    /// The query translated (see [`translate`]), after upstream's checks.
    /// `retention` is the query as written (before [`rewrite_casts`]), which upstream's
    /// retention check reads, and the days it keeps.
    fn finish(
        &mut self,
        now: i64,
        (written, retention_days): (&[Tok], i64),
        cutoff: i64,
    ) -> Result<Pass, ApiError> {
        let (toks, dataset) = (self.toks, self.dataset);
        let tr = self;
        tr.check_window_specifications()?;
        tr.check_upstream()?;
        // `SELECT DISTINCT ON (…)` and `x = ANY (SELECT …)`: upstream's parser takes both
        // (AfterShip v0.4.18's tryParseDistinctOn; `ANY (…)` as a call of `any`, which its
        // list allows) and writes them back as they are; how ClickHouse 25.6 reads them is
        // not followed here.
        let unrun = toks.iter().enumerate().find_map(|(i, t)| {
            let next = toks.get(i + 1).map(upper).unwrap_or_default();
            let call = toks.get(i + 2) == Some(&Tok::Sym("("));
            match t {
                Tok::Word(_) if upper(t) == "DISTINCT" && next == "ON" && call => {
                    Some("SELECT DISTINCT ON (…)")
                }
                Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=")
                    if next == "ANY" && call =>
                {
                    Some("a comparison with ANY (subquery)")
                }
                _ => None,
            }
        });
        let unrun = unrun.or_else(|| {
            with_alias_qualified(written).then_some(
                "a qualified column q.c beside a WITH <expression> AS c (whether ClickHouse names it c or q.c there)",
            )
        });
        if let Some(form) = unrun {
            check_retention(written, now, retention_days, false)?;
            return Err(unsupported(form));
        }
        // (ClickHouse's syntax error, after upstream's checks, see [`Tr::check_window_clauses`]
        // and [`EXTRACT_WEEK`].)
        let week = tr.spelled.values().any(|s| s.prefix == EXTRACT_WEEK);
        // (ClickHouse's checks of its AST's depth and then its size, after its syntax errors
        // (wherever in the query they are, so the whole query is read first) and before it
        // analyses the query, see [`check_ast_depth`], [`check_ast_elements`],
        // [`past_ast_limits`].)
        let limits = check_ast_depth(written)
            .and_then(|()| check_ast_elements(written))
            .err();
        // (Upstream's retention check before ClickHouse's error `e`, where it is one: a `WHERE`
        // whose bounds are not read here leaves it undecided, and the query is not run.)
        let at_run = |e: ApiError| -> Result<Pass, ApiError> {
            check_retention(written, now, retention_days, !not_run(&e))?;
            Err(e)
        };
        if let Err(e) = tr
            .check_window_clauses()
            .and_then(|()| check_subscripts(written))
            .and_then(|()| match week {
                true => Err(query_error("Invalid analytics query")),
                false => Ok(()),
            })
        {
            // (`EXTRACT(WEEK FROM …)` is an error its parser throws as it reads it, worded
            // "Invalid analytics query" as the limits' and its parser depth's are.)
            return at_run(match limits {
                Some(limits) if clickhouse_parse_failed() => {
                    past_ast_limits(limits, Some(e), written, true)
                }
                _ => e,
            });
        }
        // (Each call's count of arguments, after upstream's checks: ClickHouse's errors, after
        // its syntax errors above.)
        if let Err(e) = tr.check_arities() {
            return at_run(match limits {
                Some(limits) => {
                    past_ast_limits(limits, Some(e), written, may_misplace_modifier(toks))
                }
                None => e,
            });
        }
        // `… FORMAT JSON`: upstream's parser keeps it, and what comes of it depends on the
        // protocol its Go driver speaks to ClickHouse (its analytics URL may be `http://` or
        // `clickhouse://`; over HTTP ClickHouse writes the named format where the driver
        // reads `Native`, over the native protocol blocks are sent whatever the format), which
        // a client cannot see.
        let mut depth = 0i64;
        for (i, t) in toks.iter().enumerate() {
            match t {
                Tok::Sym("(") => depth += 1,
                Tok::Sym(")") => depth -= 1,
                Tok::Word(_)
                    if depth == 0
                        && upper(t) == "FORMAT"
                        && matches!(toks.get(i + 1), Some(Tok::Word(_))) =>
                {
                    let format = unsupported("a FORMAT clause");
                    return at_run(match limits {
                        Some(limits) => past_ast_limits(limits, Some(format), written, true),
                        None => format,
                    });
                }
                _ => {}
            }
        }
        // A rollup's latency states, named: each is an `AggregateFunction` column there, which
        // upstream's Go driver cannot read (see [`Tr::star_states`]), and which this server's
        // rollups do not hold; what each read of one makes (`count(latency_avg)` counts rows)
        // is not followed here.
        let rollup = toks
            .iter()
            .any(|t| matches!(t, Tok::Word(w) if w.contains("_per_") && dataset.tables().contains(&w.as_str())));
        if rollup
            && toks
                .iter()
                .any(|t| matches!(t, Tok::Word(w) if LATENCY_STATES.contains(&w.as_str())))
        {
            let states = unsupported(
                "a rollup's latency state column (latency_avg, latency_p75, latency_p99)",
            );
            return at_run(match limits {
                Some(limits) => past_ast_limits(limits, Some(states), written, true),
                None => states,
            });
        }
        let top = tr.query(0, toks.len(), true);
        // (The outermost query's answer holds latency states.)
        let answers_states = tr.last_states;
        if let Some((from, len, by)) = tr.rewrite.take() {
            let uses = std::mem::take(&mut tr.alias_uses);
            return Ok(Pass::Rewrite {
                edits: vec![(from, len, by)],
                named: None,
                uses,
            });
        }
        if let Some((edits, at, name)) = tr.moved.take() {
            let uses = std::mem::take(&mut tr.alias_uses);
            return Ok(Pass::Rewrite {
                edits,
                named: Some((at, name)),
                uses,
            });
        }
        if let Some(limits) = limits {
            // (Upstream's own errors, which this reading meets with the `SELECT` they are of,
            // before ClickHouse's; not this server's bound on nested subqueries, which
            // upstream does not have.)
            if let Err(e) = &top {
                if !refused_at_run(e) && e.detail != "Analytics query is too complex" {
                    return Err(e.clone());
                }
            }
            let unseen = may_misplace_modifier(toks);
            return at_run(past_ast_limits(limits, top.err(), written, unseen));
        }
        if let Err(e) = top {
            // (Upstream's errors, raised by its checks as they are read here, are its
            // answer before its retention check.)
            if !refused_at_run(&e) {
                return Err(e);
            }
            // (ClickHouse's parser reads the whole query before it analyses it: where this
            // reading stopped at an error of the analysis, a rollup modifier out of its place
            // after it would be its syntax error, answered first.)
            if !not_run(&e) && !clickhouse_parse_failed() && may_misplace_modifier(toks) {
                return at_run(unsupported(
                    "a query whose reading here stops at an error before a rollup modifier that may be out of its place (ClickHouse's syntax error, which it answers first)",
                ));
            }
            return at_run(e);
        }
        check_retention(written, now, retention_days, true)?;
        let top = top?;
        let mut ctes: Vec<String> = Vec::new();
        for table in &tr.tables {
            if let Some(cte) = dataset.table_cte(table, cutoff) {
                ctes.push(cte);
            }
        }
        ctes.extend(tr.user_ctes.iter().cloned());
        let columns = std::mem::take(&mut tr.last_cols);
        // (A name answered twice cannot tell which is of the zone.)
        let mut zones = vec![None; columns.len()];
        for (name, zone) in tr.answer_zones.take() {
            let mut at = columns.iter().enumerate().filter(|(_, (n, _))| *n == name);
            match (at.next(), at.next()) {
                (Some((k, _)), None) => {
                    if let Some(z) = zones.get_mut(k) {
                        *z = Some(zone);
                    }
                }
                _ => {
                    return Err(unsupported(
                        "a DateTime of a time zone answered under a name that is not one column's",
                    ))
                }
            }
        }
        Ok(Pass::Done(Translated {
            zones,
            cte: ctes.join(", "),
            select: top,
            tables: tr.tables.clone(),
            stages: std::mem::take(&mut tr.stages),
            columns,
            fails_when_read: tr.fails_when_read.get(),
            fails_without_rows: tr.fails_without_rows.get(),
            fails_as_it_runs: tr.fails_as_it_runs.get(),
            folded: tr.folded.take(),
            in_sets: tr.in_sets.take(),
            answers_states,
        }))
    }
}

/// ClickHouse's `WITH <expression> AS name`, of the query and of each subquery: the items that
/// name an expression are removed, and every later use of the name in that query becomes
/// `(expression)`; items that name a subquery (`name AS (SELECT …)`) stay. A subquery's are
/// expanded first (the last first, so positions before it stay), so that its names shadow
/// the outer query's there.
pub(super) fn expand_with_aliases(mut toks: Vec<Tok>) -> Result<(Vec<Tok>, AliasUses), ApiError> {
    let nested: Vec<usize> = (0..toks.len())
        .filter(|p| {
            toks.get(*p) == Some(&Tok::Sym("("))
                && toks.get(p + 1).map(upper).as_deref() == Some("WITH")
        })
        .collect();
    let mut uses = AliasUses::new();
    for p in nested.into_iter().rev() {
        let close = closing(&toks, p)
            .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
        let inside = |k: &usize| *k > p && *k < close;
        let marks = uses
            .iter()
            .filter(|(k, _)| inside(k))
            .map(|(k, n)| (k - p - 1, n.clone()))
            .collect();
        let inner = toks.get(p + 1..close).unwrap_or_default().to_vec();
        let (inner, inner_uses) = expand_query_aliases(inner, marks)?;
        within_expansion(inner.len())?;
        let old_len = close - p - 1;
        let shift = |k: usize| {
            if k >= close {
                k + inner.len() - old_len
            } else {
                k
            }
        };
        uses = uses
            .into_iter()
            .filter(|(k, _)| !inside(k))
            .map(|(k, n)| (shift(k), n))
            .chain(inner_uses.into_iter().map(|(k, n)| (k + p + 1, n)))
            .collect();
        toks.splice(p + 1..close, inner);
        within_expansion(toks.len())?;
    }
    let (toks, uses) = expand_query_aliases(toks, uses)?;
    within_expansion(toks.len())?;
    Ok((toks, uses))
}

/// The most tokens a query's `WITH` aliases may expand to here. Each use of an alias is its
/// expression, so aliases of aliases grow exponentially (`WITH 1 AS a0, a0 + a0 AS a1, …`:
/// 40 of them are 2^40 tokens, which took all memory). ClickHouse's own limit on the tree
/// they expand to is drawn in `tree_size.rs` (its error where certain, checked before this;
/// its bound after): past this the query is not run.
const EXPANDED_TOKENS_MAX: usize = 50_000;

/// The most select-list aliases one translation expands: each use of an alias is its
/// expression, translated again, so aliases of aliases take exponential time
/// (`SELECT 1 AS a0, a0 + a0 AS a1, …`), as [`EXPANDED_TOKENS_MAX`] tells of `WITH`'s.
const ALIAS_EXPANSIONS_MAX: usize = 10_000;

impl Tr<'_> {
    /// Counts one more select-list alias expanded, refused (as not run) past
    /// [`ALIAS_EXPANSIONS_MAX`].
    pub(super) fn expand_alias(&mut self) -> Result<(), ApiError> {
        self.alias_expansions += 1;
        if self.alias_expansions > ALIAS_EXPANSIONS_MAX {
            return Err(unsupported(
                "a query whose select-list aliases expand to over 10,000 uses",
            ));
        }
        Ok(())
    }
}

/// Refuses (as not run) `tokens` past [`EXPANDED_TOKENS_MAX`].
pub(super) fn within_expansion(tokens: usize) -> Result<(), ApiError> {
    if tokens > EXPANDED_TOKENS_MAX {
        return Err(unsupported(
            "a query whose WITH aliases expand to over 50,000 tokens",
        ));
    }
    Ok(())
}

/// A range of tokens, `[start, end)`.
pub(super) type Span = (usize, usize);

/// Where a `WITH <expression> AS name` was expanded (the `(` of `(expression)`) and the name
/// it stood for: ClickHouse names a column by the name (`plus(five, 1)`).
pub(super) type AliasUses = std::collections::HashMap<usize, String>;

/// Replaces each use of an alias (a word not after `AS`) with `(expression)`; a select-list
/// item that is just the alias keeps its name (`(expression) AS name`), as ClickHouse names the
/// column. Also returns where each use's `(` is, with its name (and where those of `marks`,
/// uses expanded before, are now).
pub(super) fn expand(
    toks: Vec<Tok>,
    aliases: &[(String, Vec<Tok>)],
    marks: &AliasUses,
) -> (Vec<Tok>, Vec<(usize, String)>) {
    if aliases.is_empty() {
        return (toks, marks.iter().map(|(k, n)| (*k, n.clone())).collect());
    }
    let mut uses = Vec::new();
    let mut out = Vec::with_capacity(toks.len());
    // The parenthesis depths at which a select list is open (from SELECT to its FROM).
    let mut lists: Vec<i64> = Vec::new();
    let mut depth = 0i64;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") => {
                depth -= 1;
                while lists.last().is_some_and(|d| *d > depth) {
                    lists.pop();
                }
            }
            Tok::Word(w) if w.eq_ignore_ascii_case("SELECT") => lists.push(depth),
            Tok::Word(w) if w.eq_ignore_ascii_case("FROM") && lists.last() == Some(&depth) => {
                lists.pop();
            }
            _ => {}
        }
        if let Some(name) = marks.get(&i) {
            uses.push((out.len(), name.clone()));
        }
        let after_as = out.last().is_some_and(|p: &Tok| upper(p) == "AS");
        let found = match t {
            Tok::Word(w) if !after_as => aliases.iter().rev().find(|(n, _)| n == w),
            _ => None,
        };
        let Some((name, expr)) = found else {
            out.push(t.clone());
            continue;
        };
        // (Past the most tokens, the rest is left out: the caller refuses the query, see
        // [`EXPANDED_TOKENS_MAX`].)
        if out.len() > EXPANDED_TOKENS_MAX {
            break;
        }
        uses.push((out.len(), name.clone()));
        out.push(Tok::Sym("("));
        out.extend(expr.iter().cloned());
        out.push(Tok::Sym(")"));
        let prev = i.checked_sub(1).and_then(|p| toks.get(p));
        let next = toks.get(i + 1);
        let item_start = prev.is_some_and(|p| *p == Tok::Sym(",") || upper(p) == "SELECT");
        let item_end = next.is_none_or(|n| *n == Tok::Sym(",") || upper(n) == "FROM");
        if lists.last() == Some(&depth) && item_start && item_end {
            out.push(Tok::Word("AS".into()));
            out.push(Tok::Word(name.clone()));
        }
    }
    (out, uses)
}

/// The public tables a query may read.
pub(super) const PUBLIC_TABLES: &[&str] = &[
    "key_verifications_v1",
    "key_verifications_per_minute_v1",
    "key_verifications_per_hour_v1",
    "key_verifications_per_day_v1",
    "key_verifications_per_month_v1",
];

/// Words that end a `FROM` source (so they are no alias).
pub(super) const SOURCE_END: &[&str] = &[
    "WHERE",
    "GROUP",
    "ORDER",
    "LIMIT",
    "HAVING",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "JOIN",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "ARRAY",
    "GLOBAL",
    "ANY",
    "ALL",
    "ASOF",
    "SEMI",
    "ANTI",
    "FINAL",
    "SAMPLE",
    "PREWHERE",
    "SETTINGS",
    "FORMAT",
    "ON",
    "USING",
    "WINDOW",
    "QUALIFY",
    "AS",
];

/// How ClickHouse 25.6 takes a function of upstream's list as the query spells it, after
/// upstream's validation (validation.go) lower-cased the name only to find it in its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Spelling {
    /// Written so by upstream in any case (its `canonicalFunctionNames`).
    Canonical(&'static str),
    /// Any case, registered without case (`FunctionFactory::Case::Insensitive`,
    /// `AggregateFunctionFactory`'s too, `DATE_TRUNC`'s alias) and named as written (see
    /// [`Tr::clickhouse_name`]), or `trim` and `substring`, which ClickHouse's parser reads in
    /// any case as `trimBoth` and `substring` (ExpressionListParsers' TrimLayer,
    /// SubstringLayer), the names given here.
    AnyCase(&'static str),
    /// Only in lower case: registered with its case (AggregateFunctionUniq.cpp `uniq`,
    /// AggregateFunctionAny.cpp `any`, AggregateFunctionQuantile.cpp `quantile`, today.cpp,
    /// has.cpp), so another spelling (`UNIQ`, `Today`) is ClickHouse's UNKNOWN_FUNCTION
    /// ("Function with name `UNIQ` does not exist", QueryAnalyzer's resolveFunction), which
    /// upstream's ExtractUserFriendlyError answers "Invalid analytics query" (its text holds
    /// none of the phrases it looks for).
    Lower,
    /// `case`, which both parsers read as the `CASE` expression, no call.
    Expression,
}

use Spelling::{AnyCase, Canonical, Expression, Lower};

/// The functions upstream's parser allows (validation.go's `allowedFunctions`), in lower
/// case, and how ClickHouse takes each spelling of them ([`Spelling`]).
pub(super) const FUNCTIONS: &[(&str, Spelling)] = &[
    ("count", AnyCase("count")),
    ("sum", AnyCase("sum")),
    ("avg", AnyCase("avg")),
    ("min", AnyCase("min")),
    ("max", AnyCase("max")),
    ("any", Lower),
    ("grouparray", Canonical("groupArray")),
    ("groupuniqarray", Canonical("groupUniqArray")),
    ("uniq", Lower),
    ("uniqexact", Canonical("uniqExact")),
    ("quantile", Lower),
    ("now", AnyCase("now")),
    ("now64", Canonical("now64")),
    ("today", Lower),
    ("todate", Canonical("toDate")),
    ("todatetime", Canonical("toDateTime")),
    ("todatetime64", Canonical("toDateTime64")),
    ("tostartofday", Canonical("toStartOfDay")),
    ("tostartofweek", Canonical("toStartOfWeek")),
    ("tostartofmonth", Canonical("toStartOfMonth")),
    ("tostartofquarter", Canonical("toStartOfQuarter")),
    ("tostartofyear", Canonical("toStartOfYear")),
    ("tostartofhour", Canonical("toStartOfHour")),
    ("tostartofminute", Canonical("toStartOfMinute")),
    ("date_trunc", AnyCase("dateTrunc")),
    ("formatdatetime", Canonical("formatDateTime")),
    (
        "fromunixtimestamp64milli",
        Canonical("fromUnixTimestamp64Milli"),
    ),
    (
        "tounixtimestamp64milli",
        Canonical("toUnixTimestamp64Milli"),
    ),
    ("tointervalday", Canonical("toIntervalDay")),
    ("tointervalweek", Canonical("toIntervalWeek")),
    ("tointervalmonth", Canonical("toIntervalMonth")),
    ("tointervalyear", Canonical("toIntervalYear")),
    ("tointervalhour", Canonical("toIntervalHour")),
    ("tointervalminute", Canonical("toIntervalMinute")),
    ("tointervalsecond", Canonical("toIntervalSecond")),
    ("tointervalmillisecond", Canonical("toIntervalMillisecond")),
    ("tointervalmicrosecond", Canonical("toIntervalMicrosecond")),
    ("tointervalnanosecond", Canonical("toIntervalNanosecond")),
    ("tointervalquarter", Canonical("toIntervalQuarter")),
    ("lower", AnyCase("lower")),
    ("upper", AnyCase("upper")),
    ("substring", AnyCase("substring")),
    ("concat", AnyCase("concat")),
    ("length", AnyCase("length")),
    ("trim", AnyCase("trimBoth")),
    ("startswith", Canonical("startsWith")),
    ("endswith", Canonical("endsWith")),
    ("jsonextractstring", Canonical("JSONExtractString")),
    ("round", AnyCase("round")),
    ("floor", AnyCase("floor")),
    ("ceil", AnyCase("ceil")),
    ("abs", AnyCase("abs")),
    ("if", AnyCase("if")),
    ("sumif", Canonical("sumIf")),
    ("case", Expression),
    ("coalesce", AnyCase("coalesce")),
    ("countif", Canonical("countIf")),
    ("tostring", Canonical("toString")),
    ("toint32", Canonical("toInt32")),
    ("toint64", Canonical("toInt64")),
    ("tofloat64", Canonical("toFloat64")),
    ("has", Lower),
    ("hasany", Canonical("hasAny")),
    ("hasall", Canonical("hasAll")),
    ("arrayjoin", Canonical("arrayJoin")),
    ("arrayfilter", Canonical("arrayFilter")),
];

/// How ClickHouse takes the function of upstream's list `lower` (its lower-case name).
pub(super) fn spelling(lower: &str) -> Option<Spelling> {
    FUNCTIONS
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, spelling)| *spelling)
}

impl<'t> Tr<'t> {
    /// A call at `i` of a function ClickHouse registers with its case, spelled `w` otherwise
    /// (`UNIQ(x)`, `Today()`, [`Spelling::Lower`]): its UNKNOWN_FUNCTION, "Invalid analytics
    /// query", once its parameters and arguments are translated, as QueryAnalyzer's
    /// resolveFunction resolves them before it looks the name up (an unknown identifier among
    /// them is that error).
    pub(super) fn check_spelling(&mut self, i: usize, w: &str) -> Result<(), ApiError> {
        if spelling(&w.to_ascii_lowercase()) != Some(Spelling::Lower)
            || !w.bytes().any(|c| c.is_ascii_uppercase())
        {
            return Ok(());
        }
        let mut open = Some(i + 1);
        while let Some(o) = open.filter(|o| self.toks.get(*o) == Some(&Tok::Sym("("))) {
            for (s, e) in self.arguments(o) {
                self.expression(s, e)?;
            }
            open = closing(self.toks, o).map(|c| c + 1);
        }
        Err(query_error("Invalid analytics query"))
    }
}

/// A text value the answer decodes as a JSON array (what `groupArray` builds): a prefix no
/// recorded string starts with.
pub(super) const ARRAY_MARK: &str = "\u{1}unkey-local-array\u{1}";

/// One source of a `SELECT` (a table, CTE or subquery): the name it is qualified with, its
/// columns, and whether an outer join may leave it unmatched.
#[derive(Debug, Clone)]
pub(super) struct Src {
    pub(super) name: String,
    pub(super) cols: Vec<(String, Ty)>,
    pub(super) nullable: bool,
    /// Its columns a `USING` joined it by (a `*` answers them once, from the left).
    pub(super) using: Vec<String>,
    /// Whether a `RIGHT` join (of any strictness) joined it, where ClickHouse's `USING`
    /// column is no longer the left side's (see [`Tr::column_name`]).
    pub(super) right_joined: bool,
    /// Its columns (lower-case names) of a `Nullable` type: unmatched, they stay NULL.
    pub(super) nullable_cols: HashSet<String>,
    /// Where its SQL is in the output of its `FROM` (so a later join can number its rows),
    /// and whether an alias follows it there.
    pub(super) piece: Option<usize>,
    pub(super) aliased: bool,
    /// Whether it is read from numbered rows it shares with other sources (see
    /// [`Tr::number_left_side`]), where a `USING` column is no longer one.
    pub(super) projected: bool,
    /// Whether its columns hold a rollup's latency states, which a `*` of it answers (see
    /// [`Tr::star_states`]).
    pub(super) states: bool,
    /// What it reads (a public table, a CTE, a subquery), as ClickHouse's analyzer compares
    /// two sources (see [`Tr::shared_column_source`]).
    pub(super) origin: Origin,
    /// The alias written after it (`FROM t AS a`, `FROM t a`), if any.
    pub(super) alias: Option<String>,
}

/// What a source reads (see [`Src`]): ClickHouse's analyzer takes two columns of the same
/// name as one where their sources are equal query trees (the same table, the same CTE, or
/// subqueries written alike), aliases aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Origin {
    /// A public table (its public name).
    Table(&'static str),
    /// A top-level CTE (its lower-case name).
    Cte(String),
    /// A subquery: its tokens' span, `(` to `)`.
    Subquery(usize, usize),
}

/// Where a `SELECT` is with the conditions its joins add to its `WHERE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WhereState {
    /// No `WHERE` seen yet.
    None,
    /// The query's `WHERE` is open, after `WHERE (added) AND (`.
    Open,
    /// Closed (or added).
    Done,
}

/// The `arrayJoin(array)` calls of one `SELECT` (outside its subqueries, nested ones too): each
/// call (where it is, its `)`, and which distinct array it joins), and each distinct array
/// (identical calls are one, as in ClickHouse).
#[derive(Debug, Clone, Default)]
pub(super) struct ArrayJoins {
    pub(super) calls: Vec<(usize, usize, usize)>,
    pub(super) arrays: Vec<JoinedArray>,
}

/// One distinct array of a `SELECT`'s `arrayJoin` calls.
#[derive(Debug, Clone)]
pub(super) struct JoinedArray {
    /// Where its first call is, and that call's `)`.
    pub(super) at: usize,
    pub(super) close: usize,
    /// The name of the `json_each` over it.
    pub(super) name: String,
    /// Where the first `ON` is whose condition holds one of its calls (or reads one through a
    /// select-list alias): it then multiplies the rows of the side of that join it reads,
    /// before the join (as ClickHouse); otherwise those of the whole `FROM`.
    pub(super) on: Option<usize>,
    /// The source and column its element is read from (the `json_each`'s `value`, or a column
    /// of the joined side it was added to).
    pub(super) element: (String, String),
}

/// The state of translating one `SELECT`'s tokens (see [`Tr::emit`]).
pub(super) struct Sel {
    /// Where its `FROM` is.
    pub(super) from_at: Option<usize>,
    /// How many constants were folded once its `FROM`, joins and all, was translated (see
    /// [`Tr::folded`], [`Tr::arrays_after_joins`]).
    pub(super) folded_by_from: Option<usize>,
    /// Its end.
    pub(super) to: usize,
    /// Its `arrayJoin(array)` calls (see [`ArrayJoins`]).
    pub(super) array_join: ArrayJoins,
    /// For each open parenthesis: what its `)` closes with.
    pub(super) closers: Vec<Cow<'static, str>>,
    /// Per parenthesis level: where in the output the current operand chain began (what a `±
    /// INTERVAL n MONTH` applies to).
    pub(super) chains: Vec<usize>,
    /// Whether the next piece starts a new chain.
    pub(super) fresh: bool,
    pub(super) limit_seen: bool,
    /// Conditions its joins add to its `WHERE` (`LEFT ANTI JOIN`).
    pub(super) extra_where: Vec<String>,
    pub(super) where_state: WhereState,
    /// A `NOT` before `ILIKE`.
    pub(super) negate_ilike: bool,
    /// The tokens of its `ORDER BY` items.
    pub(super) order_by: Option<(usize, usize)>,
    /// Whether the current `ORDER BY` item says where NULLs go.
    pub(super) order_item_has_nulls: bool,
    /// The parenthesis depths at which a window's specification is open.
    pub(super) windows: Vec<usize>,
    /// `LIMIT n [OFFSET m] BY expressions`: n, m and the expressions as SQL.
    pub(super) limit_by: Option<(i64, i64, String)>,
    /// The tokens of its `GROUP BY` keys (without `WITH ROLLUP|CUBE|TOTALS`).
    pub(super) group_by: Option<(usize, usize)>,
    /// The `GROUP BY`/`ORDER BY` key being written: where its expression ends and where its
    /// SQL starts in the output (see [`constant_key`]).
    pub(super) key: Option<(usize, usize)>,
    /// Where that key is an array ordered through `ch_array_order` (see
    /// [`Tr::check_ordered_key`]), whether its `NULL` elements go after every value
    /// ([`Tr::nulls_high`]).
    pub(super) array_key: Option<bool>,
    /// Where that key is a `GROUP BY` key of an array, grouped by its text without
    /// [`ARRAY_MARK`] (see [`end_key`]).
    pub(super) array_group: bool,
    /// Its select list's tokens (what a positional `LIMIT … BY` item names, see
    /// [`Tr::limit_by_items`]); empty outside a `SELECT`'s own state.
    pub(super) list: (usize, usize),
    /// Where in its output the `LIMIT` after a `LIMIT … BY` starts.
    pub(super) limit_at: Option<usize>,
    /// Whether its `FROM` was written but not yet the arrays of its `arrayJoin` calls (see
    /// [`Tr::arrays_after_joins`]).
    pub(super) arrays_pending: bool,
}

impl Sel {
    pub(super) fn new(from_at: Option<usize>, to: usize, array_join: ArrayJoins) -> Self {
        Sel {
            from_at,
            folded_by_from: None,
            to,
            array_join,
            closers: Vec::new(),
            chains: vec![0],
            fresh: true,
            limit_seen: false,
            extra_where: Vec::new(),
            where_state: WhereState::None,
            negate_ilike: false,
            order_by: None,
            order_item_has_nulls: false,
            windows: Vec::new(),
            limit_by: None,
            group_by: None,
            key: None,
            array_key: None,
            array_group: false,
            list: (0, 0),
            limit_at: None,
            arrays_pending: false,
        }
    }
}

/// The translator's state over one query's tokens.
pub(super) struct Tr<'t> {
    pub(super) toks: &'t [Tok],
    pub(super) now: i64,
    /// The rows each `SELECT` answers at most (its `LIMIT` lowered to it; see
    /// [`RESULT_ROWS_DEFAULT`]).
    pub(super) rows_max: i64,
    /// Whether `DateTime64`s of scale 7 to 9 are held as ns ([`Ty::Nanos`], see
    /// [`Tr::nanos_gate`]).
    pub(super) nanos: bool,
    /// Whether upstream's parser read no `FROM` clause in the query's outermost `SELECT`
    /// (`SELECT a, FROM t` is a column `FROM` aliased `t` there): "Query must have a FROM
    /// clause" where the translation meets that `SELECT` (see [`chparse::Verdict`]).
    pub(super) no_from: bool,
    /// Upstream's `validateFunctions`' refusal of the query, if any ([`Parsed`]).
    pub(super) function: Option<chparse::Refusal>,
    /// Which events the query reads.
    pub(super) dataset: Dataset,
    /// Public tables the query reads (each becomes a CTE over the recorded rows).
    pub(super) tables: Vec<&'static str>,
    /// The top-level `WITH` CTEs, translated (`"name" AS (…)`).
    pub(super) user_ctes: Vec<String>,
    /// Lower-case names of the top-level CTEs (the only ones a `FROM` may name, as upstream).
    pub(super) cte_names: HashSet<String>,
    /// The same, as written: ClickHouse's identifiers are case-sensitive (see
    /// `Tr::source`).
    pub(super) cte_written: HashSet<String>,
    /// Lower-case names defined in the query (`AS name`, source aliases, CTE names).
    pub(super) names: HashSet<String>,
    /// How deeply queries nest right now (a bound on the translator's recursion).
    pub(super) depth: usize,
    /// The tokens of the `SELECT` being translated (see [`Tr::column_only`]).
    pub(super) select_span: (usize, usize),
    /// `ARRAY JOIN … AS alias`: what each alias stands for (an element of the array).
    pub(super) array_aliases: std::collections::HashMap<String, String>,
    /// Each name of [`Tr::array_aliases`] (lower case) as it is written: ClickHouse's
    /// identifiers are case-sensitive, so a use in another case is its UNKNOWN_IDENTIFIER.
    pub(super) array_alias_written: std::collections::HashMap<String, String>,
    /// The ClickHouse types of the elements `array_aliases` stand for, by that SQL (a tag's
    /// `String` unless known).
    pub(super) element_types: std::collections::HashMap<String, Ty>,
    /// Those of `Nullable` elements (by the same SQL).
    pub(super) nullable_element_sql: HashSet<String>,
    /// Sources' columns of intervals (or tuples of them) of known kinds, by `source.column`
    /// (lower case): a subquery's or CTE's.
    pub(super) interval_kinds: IntervalColumns,
    /// The same of the query translated last, by column (lower case).
    pub(super) last_interval_kinds: IntervalColumns,
    /// The same of each CTE.
    pub(super) cte_interval_kinds: std::collections::HashMap<String, IntervalColumns>,
    /// The sources of each `SELECT` being translated (innermost last).
    pub(super) scopes: Vec<Vec<Src>>,
    /// Whether the innermost scope is `INTERPOLATE`'s (the answered columns), not a
    /// subquery's: a name there is no correlated reference (see [`Tr::correlated`]).
    pub(super) interpolating: bool,
    /// The columns (names and types) of the query translated last.
    pub(super) last_cols: Vec<(String, Ty)>,
    /// Of each query being read, inner ones last: whether a `*` of its select list answers a
    /// rollup's latency states (`latency_avg`, `latency_p75`, `latency_p99`, ClickHouse
    /// `AggregateFunction` columns of every rollup, which this server's rollups leave out).
    /// Upstream's Go driver (clickhouse-go v2.42.0, `Type.Column`) has no column type for
    /// them and fails as it decodes the answer's header, before any row (and over none):
    /// upstream's 400 "Invalid analytics query" once ClickHouse has analysed the query.
    pub(super) star_states: Vec<bool>,
    /// [`Tr::star_states`] of the query read last.
    pub(super) last_states: bool,
    /// The CTEs (lower-case names) whose select lists answer latency states.
    pub(super) cte_states: HashSet<String>,
    /// Which of those (lower-case names) are of a `Nullable` type.
    pub(super) last_nullable: HashSet<String>,
    /// The same of each CTE.
    pub(super) cte_nullable: std::collections::HashMap<String, HashSet<String>>,
    /// The columns of each CTE (by lower-case name).
    pub(super) cte_cols: std::collections::HashMap<String, Vec<(String, Ty)>>,
    /// Sources whose columns are written under another name for now (a join's condition
    /// repeated over a second copy of its right side).
    pub(super) renames: Vec<(String, String)>,
    /// Names generated so far (`__ul_…N`).
    pub(super) generated: usize,
    /// `LEFT ARRAY JOIN` aliases (an empty array's element is its type's default).
    pub(super) left_array_aliases: HashSet<String>,
    /// The types of the scalar subqueries translated so far, by where their `(` is.
    pub(super) scalar_types: std::collections::HashMap<usize, Ty>,
    /// Of those whose column is intervals of one kind, that kind (counts left empty; the
    /// subquery answers the count), by where their `(` is.
    pub(super) scalar_intervals: std::collections::HashMap<usize, Intervals>,
    /// Scalar subqueries translated ahead of where they stand, for their types (see
    /// [`Tr::type_scalars`]), by where their `(` is: their SQL, until written.
    pub(super) scalar_sql: std::collections::HashMap<usize, String>,
    /// The `arrayJoin` calls of each `SELECT` being translated (innermost last).
    pub(super) select_arrays: Vec<ArrayJoins>,
    /// The select-list aliases of each `SELECT` being translated (innermost last): the name
    /// and its expression's tokens.
    pub(super) select_aliases: Vec<Vec<(String, usize, usize)>>,
    /// The aliases being expanded now.
    pub(super) expanding: Vec<String>,
    /// The aliases [`Tr::expr_ty`] is typing now (as `expanding`, for a `&self` reader).
    pub(super) typing: std::cell::RefCell<Vec<String>>,
    /// The types found while a typing call runs ([`TypeMemo`]).
    pub(super) memo: std::cell::RefCell<TypeMemo>,
    /// The select-list aliases expanded so far (see [`Tr::expand_alias`]).
    pub(super) alias_expansions: usize,
    /// The `WHEN`, `THEN` and `ELSE` of each `CASE` found so far, by where it is (see
    /// [`Tr::case_words`]).
    pub(super) case_words_found: std::cell::RefCell<std::collections::HashMap<usize, CaseWords>>,
    /// CTEs the `SELECT`s being translated need (`name AS MATERIALIZED (…)`, see
    /// [`Tr::number_left_side`]); each `SELECT` is written after the ones it added.
    pub(super) local_ctes: Vec<String>,
    /// The number in ClickHouse's name of each subquery (`_subquery_N`), by where its `(` is
    /// (see [`Tr::subquery_numbers`]).
    pub(super) subquery_numbers: std::collections::HashMap<usize, usize>,
    /// Where `WITH <expression> AS name`s were expanded (see [`AliasUses`]).
    pub(super) alias_uses: AliasUses,
    /// The calls written for `CAST`s and `EXTRACT`s (see [`Spelled`]).
    pub(super) spelled: SpelledCalls,
    /// `WITH FILL` of the `SELECT` being translated.
    pub(super) fill: Option<Fill>,
    /// While an expression of a `WITH ROLLUP|CUBE` group is translated: every key, as it is
    /// matched, and the default of each the group leaves out (see `Tr::rollup_expression`).
    pub(super) rollup_defaults: Vec<super::rollup::GroupKey>,
    /// The `SELECT`s with `WITH FILL` translated so far.
    pub(super) stages: Vec<Stage>,
    /// Token ranges the translation leaves out (a call's time-zone argument, see
    /// [`Tr::time_zone`]): each range's start and end.
    pub(super) skipped: std::cell::Cell<Vec<(usize, usize)>>,
    /// The answered columns of a `DateTime` of a time zone ([`Tr::zoned_value`]): each one's
    /// name and its zone.
    pub(super) answer_zones: std::cell::Cell<Vec<(String, String)>>,
    /// Window functions answering a default over an empty frame (see [`Tr::call`]): the
    /// index of their `OVER` and the text closing the `COALESCE(` written before the call
    /// after the window's specification (`, 0)`).
    pub(super) window_defaults: std::cell::Cell<Vec<(usize, &'static str)>>,
    /// The form of a call that ClickHouse fails only where a row reaches it, where one was
    /// written (through [`NO_COMMON_TYPE`]): SQLite's failure there is ClickHouse's, and a
    /// query that runs without reaching it is refused as not run (naming that form), since
    /// whether ClickHouse reaches it with no row (an empty block) is not known here. (A cell:
    /// calls are translated through `&self`.)
    pub(super) fails_when_read: std::cell::Cell<Option<&'static str>>,
    /// Whether a call that ClickHouse fails with no row too was written (through
    /// [`NO_COMMON_TYPE`]): SQLite's failure there is ClickHouse's, and a query that runs
    /// without reaching it is that error too (a `WHERE` no row passes, a part the primary key
    /// leaves out, a branch of `if` or `CASE` not taken, after a false `AND`: chDB 3.6.0,
    /// ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree for `hasAny`/`hasAll` of arrays without a
    /// common type).
    pub(super) fails_without_rows: std::cell::Cell<bool>,
    /// Whether the query holds a comparison ClickHouse fails as it runs, with rows or none
    /// (a time and a string expression, NO_COMMON_TYPE): the query is that error once it has
    /// run here without another (see `Analytics::run_query`).
    pub(super) fails_as_it_runs: std::cell::Cell<bool>,
    /// The constants ClickHouse folds as it analyses the query, rows or not: its analyzer's
    /// resolveFunction (QueryAnalyzer.cpp) resolves a function's arguments, then executes a
    /// function whose arguments are all constants and keeps the result, so an error there
    /// fails the query whatever would reach the call later (a branch of `if` or `CASE` not
    /// taken, a term of `AND` after a false one, a `WHERE` no row passes, an empty source).
    /// Each is the SQL that computes it ([`Fold::Read`]: a call of constants or `%` of
    /// constants, [`Tr::folded_call_end`], as `emit` writes it, and a scalar subquery, which
    /// the analyzer runs, read with the query's CTEs; `/` and the other operators
    /// fail on no constant; a constant string expression compared with a time, as the
    /// `ch_time_of_text` that reads it, [`Tr::number_time_comparison`]) or an error told as it
    /// is translated ([`Fold::Failed`], [`Tr::fold_failure`]), in the order ClickHouse
    /// resolves them (the innermost first; a `SELECT`'s `FROM`, then its select list, then
    /// its other clauses, [`Tr::select_body`]). The query reads each once, on its own, before
    /// it runs, so the first to fail is its error. ClickHouse's analyzer resolves a CTE only
    /// where the query names it (QueryAnalyzer.cpp resolveQuery registers CTEs and clears the
    /// `WITH` section): one in the body of a CTE the query never names is not recorded
    /// ([`Tr::in_unnamed_cte`]), and SQL read in another CTE's body ([`Tr::in_cte_body`])
    /// fails the query only where SQLite reaches it as the query runs (which use reaches the
    /// body is not followed here), a query that runs without being not run. (`WITH
    /// expression AS name` is its expression where the name is used, [`expand_with_aliases`],
    /// so one never used is not folded, as in ClickHouse, which resolves such an alias only
    /// where it is read.)
    pub(super) folded: std::cell::Cell<Vec<Fold>>,
    /// The translated `IN` subqueries (`x IN (SELECT …)`) of the query's own `SELECT`s (not
    /// of a CTE's body, nor of an `if` branch a constant condition may leave): ClickHouse
    /// builds each one's set before the query reads a row, so one that fails fails the query
    /// where no row reaches the `IN` (`WHERE x > 100 AND x IN (SELECT toInt64(max(x) / 0) …)`,
    /// ClickHouse 25.5.2 and 25.8.2 (chDB) agree), but not where a constant folds the `IN`
    /// away (`WHERE 0 AND x IN (…)`). Each is read on its own before the query runs; one that
    /// fails where the query then runs without SQLite meeting its failure is refused as not
    /// run.
    pub(super) in_sets: std::cell::Cell<Vec<String>>,
    /// A `GROUP BY` or `ORDER BY` that ClickHouse reads as another met while translating
    /// (`GROUP BY ALL`, see [`Tr::group_by_all`]; `ORDER BY ALL`, [`Tr::order_by_all`]): where its tokens start, how many there are and the tokens
    /// they stand for; the query is then translated again with those written in.
    pub(super) rewrite: std::cell::Cell<Option<(usize, usize, Vec<Tok>)>>,
    /// Arithmetic ClickHouse's analyzer moves out of an aggregate, met while translating
    /// (see [`Tr::arithmetic_moved`]); the query is then translated again with it moved.
    pub(super) moved: std::cell::Cell<Option<Moved>>,
    /// While a late `HAVING`'s count is translated (see [`Tr::late_having`]): a column of the
    /// aggregating `SELECT`'s source, which its `count()` reads so that SQLite aggregates it
    /// there, not in the count's subquery.
    pub(super) count_ref: Option<String>,
    /// The calls (and `CASE`s) translated now as intervals: where each starts and ends, and
    /// which element of their (flattened) intervals is translated (see [`Tr::interval_call`]).
    pub(super) interval_calls: Vec<(usize, usize, usize)>,
    /// The `arrayJoin` calls whose element is translated now as it is (see
    /// [`Tr::joined_interval`]).
    pub(super) joining: Vec<usize>,
    /// The spans of a `SELECT` whose window functions run over the rows its late `HAVING`
    /// repeats, each read from a hidden column of its aggregated rows (see
    /// [`Tr::lift_windows`]): by where each starts, where it ends and that column.
    pub(super) lifted: std::collections::HashMap<usize, (usize, String)>,
    /// The arrays (their names, see [`JoinedArray`]) of select-list `arrayJoin` calls over an
    /// aggregate, joined to the aggregated rows (see [`Tr::lift_arrays`]) rather than before
    /// aggregating.
    pub(super) late_arrays: HashSet<String>,
    /// Whether the window functions beside them are computed over the aggregated rows, before
    /// those arrays join them (see [`Tr::lift_arrays`]), so lifted whole ([`Tr::lift_spans`]).
    pub(super) whole_windows: bool,
    /// The select-list aliases being expanded now, innermost last: their expression's tokens
    /// and where the alias stands (see [`Tr::array_site`]).
    pub(super) alias_sites: Vec<(usize, usize, usize)>,
    /// Where the `SELECT`s the query answers start (the outermost, or each arm of its `UNION
    /// ALL`s), whose select lists may hold a `nan` (see [`Tr::nan_answered`]).
    pub(super) answered_lists: HashSet<usize>,
}

/// Deepest nesting of subqueries translated (upstream bounds a query by its node count).
pub(super) const NESTING_MAX: usize = 64;

/// Whether the function named `upper` (upper case) is one of upstream's aggregate functions.
pub(super) fn is_aggregate_name(upper: &str) -> bool {
    matches!(
        upper,
        "COUNT"
            | "SUM"
            | "AVG"
            | "MIN"
            | "MAX"
            | "ANY"
            | "UNIQ"
            | "UNIQEXACT"
            | "QUANTILE"
            | "GROUPARRAY"
            | "GROUPUNIQARRAY"
            | "COUNTIF"
            | "SUMIF"
    )
}

/// The error upstream answers for ClickHouse's refusal of a correlated subquery (see
/// [`Tr::correlated`]).
pub(super) fn correlated_error() -> ApiError {
    query_error("Invalid analytics query")
}

/// The refusal of a subquery reading an alias of an enclosing query (see
/// [`Tr::outer_alias`]).
pub(super) fn outer_alias_not_run() -> ApiError {
    unsupported("a subquery reading an alias of an enclosing query")
}

pub(super) fn unsupported(what: &str) -> ApiError {
    query_error(format!(
        "unkey-local does not run {what} (the real server does); see the unkey-local README"
    ))
}

/// The form refused where a query this server finds a type error in holds an `AND` or `OR`
/// with a constant operand ([`Tr::logic_with_constant`]).
pub(super) const DECIDED_LOGIC: &str = "a type error that ClickHouse may meet only as it runs the query, where the query holds an AND or OR that a constant operand decides (x AND 0, x OR 1), which ClickHouse folds without running x";

/// Words that end an operand of `AND`/`OR` as [`Tr::logic_with_constant`] reads it.
const OPERAND_ENDS: &[&str] = &[
    "AND",
    "OR",
    "AS",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "CASE",
    "SELECT",
    "DISTINCT",
    "FROM",
    "WHERE",
    "PREWHERE",
    "GROUP",
    "ORDER",
    "BY",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "UNION",
    "WINDOW",
    "QUALIFY",
    "SETTINGS",
    "FORMAT",
    "WITH",
    "ASC",
    "DESC",
    "NULLS",
    "JOIN",
    "ON",
    "USING",
    "ARRAY",
    "EXCEPT",
    "INTERSECT",
    "ALL",
];

/// The form [`Tr::fails_when_read`] names for `toStartOfHour`/`toStartOfMinute` of a `Date`.
pub(super) const TIME_OF_A_DATE: &str =
    "toStartOfHour or toStartOfMinute of a Date (ClickHouse's error where a row reaches it) that no row reaches";

/// The form [`Tr::check_bool_first`] refuses.
pub(super) const BOOL_BESIDE_UINT8: &str = "a Bool (or an array of them) first beside a UInt8 other than the literal 0 or 1 in if, coalesce, CASE, an array or a set operation, whose common type is the Bool that ClickHouse converts the UInt8 to";

/// The form refused for `toStartOfHour`/`toStartOfMinute` of a `Date` in a subquery.
pub(super) const TIME_OF_A_DATE_NESTED: &str =
    "toStartOfHour or toStartOfMinute of a Date in a subquery or a CTE (ClickHouse's error where it runs it, which it may not where no one reads the column)";

/// Whether `e` is this server's refusal of a form it does not run.
pub(super) fn not_run(e: &ApiError) -> bool {
    e.detail.starts_with("unkey-local does not run")
}

thread_local! {
    /// Whether the translation of the query on this thread met a syntax error of ClickHouse's
    /// parser ([`clickhouse_parse_error`]), reset as each query's translation starts.
    static CLICKHOUSE_PARSE_FAILED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A syntax error of ClickHouse's parser in upstream's text (a ternary it reads otherwise, a
/// placeholder `?`, a rollup modifier or `WINDOW` clause out of its place, a subscript
/// `a[1, 2]`, a second `LIMIT … BY`, `trim`/`substring` of another count of arguments):
/// "Invalid SQL syntax" through upstream's error mapping, as is a text ClickHouse cannot
/// parse as it analyses or runs the query ("Cannot parse …"), which is not this. ClickHouse
/// parses the whole query before it checks its AST's depth and size (executeQuery.cpp:
/// `parseQuery`, then `checkASTSizeLimits`), so this one comes before those limits' error
/// where both are in one query, the other after it; the translation notes that it met one
/// ([`clickhouse_parse_failed`]).
pub(super) fn clickhouse_parse_error() -> ApiError {
    CLICKHOUSE_PARSE_FAILED.with(|f| f.set(true));
    query_error("Invalid SQL syntax")
}

/// Whether the translation of the query met [`clickhouse_parse_error`].
pub(super) fn clickhouse_parse_failed() -> bool {
    CLICKHOUSE_PARSE_FAILED.with(|f| f.get())
}

/// A subscript of other than one index (`a[1, 2]`, `a[]`) anywhere in `written` (the query as
/// written): ClickHouse's parser reads one expression and then `]` after an operand's `[`
/// (ExpressionListParsers.cpp, the `arrayElement` operator's layer), so anything else is its
/// syntax error ([`clickhouse_parse_error`]), which it meets before it analyses anything: it
/// comes before an error of the analysis met earlier in the text (an unknown name), as
/// before the AST's limits. Only a `[` after a literal, `)`, `]` or a name that is no keyword
/// or clause word is read as a subscript here (an array literal after `JOIN`, `IN`, `ARRAY
/// JOIN`, … is none), as [`Tr::subscript_index`] reads it in the translation.
pub(super) fn check_subscripts(written: &[Tok]) -> Result<(), ApiError> {
    const NOT_OPERANDS: &[&str] = &[
        "INTERVAL",
        "WITH",
        "ARRAY",
        "JOIN",
        "RECURSIVE",
        "FILL",
        "STEP",
        "TO",
        "SETTINGS",
        "FORMAT",
        "PREWHERE",
        "QUALIFY",
        "UNION",
        "ALL",
        "ANY",
        "EXCEPT",
        "INTERSECT",
        "VALUES",
        "GLOBAL",
        "ROLLUP",
        "CUBE",
        "TOTALS",
        "SETS",
        "WINDOW",
        "FINAL",
        "SAMPLE",
        "APPLY",
        "REPLACE",
        "EXTRACT",
        "CAST",
        "EXISTS",
        "NULLS",
        "FIRST",
        "LAST",
        "COLLATE",
        "ESCAPE",
        "TOP",
        "DIV",
        "MOD",
        "REGEXP",
        "SOME",
        "TIES",
    ];
    for (i, t) in written.iter().enumerate() {
        if *t != Tok::Sym("[") {
            continue;
        }
        let before = |k: usize| i.checked_sub(k).and_then(|p| written.get(p));
        let subscript = match before(1) {
            // (`SELECT TOP n [1, 2]`: the count, then the select list.)
            Some(Tok::Num(_)) => {
                !matches!(before(2), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("TOP"))
            }
            Some(Tok::Str(_) | Tok::Sym(")" | "]")) => true,
            Some(Tok::Word(w)) => {
                let up = w.to_ascii_uppercase();
                !KEYWORDS.contains(&up.as_str())
                    && !CLAUSE_WORDS.contains(&up.as_str())
                    && !JOIN_WORDS.contains(&up.as_str())
                    && !WINDOW_WORDS.contains(&up.as_str())
                    && !NOT_OPERANDS.contains(&up.as_str())
            }
            _ => false,
        };
        if !subscript {
            continue;
        }
        let (mut depth, mut items, mut empty) = (0usize, 1usize, true);
        for t in written.iter().skip(i + 1) {
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") if depth == 0 => break,
                Tok::Sym(")" | "]") => depth -= 1,
                Tok::Sym(",") if depth == 0 => items += 1,
                _ => {}
            }
            empty = false;
        }
        if empty || items != 1 {
            return Err(clickhouse_parse_error());
        }
    }
    Ok(())
}

/// `toks` with the `FROM` of a call of `EXTRACT`, `TRIM` or `SUBSTRING` written as `,`, so that
/// upstream's checks of the query's sources as read from its own tokens do not take what
/// follows it for a table.
pub(super) fn without_call_froms(toks: &[Tok]) -> Vec<Tok> {
    let mut out = toks.to_vec();
    let mut open: Vec<bool> = Vec::new();
    for i in 0..out.len() {
        match out.get(i) {
            Some(Tok::Sym("(")) => {
                let call = i
                    .checked_sub(1)
                    .and_then(|p| toks.get(p))
                    .is_some_and(|t| matches!(upper(t).as_str(), "EXTRACT" | "TRIM" | "SUBSTRING"));
                open.push(call);
            }
            Some(Tok::Sym(")")) => {
                open.pop();
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("FROM") && open.last() == Some(&true) => {
                if let Some(t) = out.get_mut(i) {
                    *t = Tok::Sym(",");
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `toks` (the query's own tokens) hold a form whose error of ClickHouse's parser this
/// server finds only after the query's reading has got past its first stages, worded other
/// than `detail` through upstream's error mapping (a ternary or placeholder `?`, a `WINDOW`
/// clause, a call of `trim` or `substring`, a rollup modifier: "Invalid SQL syntax";
/// `EXTRACT(WEEK FROM …)`: "Invalid analytics query"): where that reading stops at an error
/// of ClickHouse's analysis worded `detail` before it, which ClickHouse answers first is not
/// known here.
pub(super) fn may_hold_later_parse_error(toks: &[Tok], detail: &str) -> bool {
    let word = |i: usize| toks.get(i).map(upper).unwrap_or_default();
    let syntax = detail != "Invalid SQL syntax";
    (0..toks.len()).any(|i| match toks.get(i) {
        Some(Tok::Sym("?" | ":")) => syntax,
        Some(Tok::Word(_)) => match word(i).as_str() {
            "WINDOW" | "ROLLUP" | "CUBE" | "GROUPING" => syntax,
            "TRIM" | "SUBSTRING" => syntax && toks.get(i + 1) == Some(&Tok::Sym("(")),
            "EXTRACT" => {
                detail != "Invalid analytics query"
                    && toks.get(i + 1) == Some(&Tok::Sym("("))
                    && word(i + 2) == "WEEK"
            }
            _ => false,
        },
        _ => false,
    })
}

/// Whether `toks` may hold a rollup modifier out of its place, ClickHouse's syntax error that
/// the translation meets only where it reads that `SELECT`'s clauses (a `WITH ROLLUP|CUBE` or
/// `GROUPING SETS` after a `HAVING` or `WITH TOTALS`, `GROUPING SETS` not right after `GROUP
/// BY`, see [`Tr::find_rollup`]): counted at the most, any such word after a `HAVING` or
/// `TOTALS` anywhere before it.
pub(super) fn may_misplace_modifier(toks: &[Tok]) -> bool {
    let word = |i: usize| toks.get(i).map(upper).unwrap_or_default();
    let mut after_having = false;
    for i in 0..toks.len() {
        let w = word(i);
        let modifier = (w == "WITH" && matches!(word(i + 1).as_str(), "ROLLUP" | "CUBE"))
            || (w == "GROUPING" && word(i + 1) == "SETS");
        if modifier && after_having {
            return true;
        }
        if w == "GROUPING"
            && word(i + 1) == "SETS"
            && !(i >= 2 && word(i - 2) == "GROUP" && word(i - 1) == "BY")
        {
            return true;
        }
        if matches!(w.as_str(), "HAVING" | "TOTALS") {
            after_having = true;
        }
    }
    false
}

/// The answer where ClickHouse's checks of its AST's depth and size (`limits`, their error or
/// this server's refusal where it does not count them exactly) meet the query's first error
/// as this server reads it (`first`, `None` where it reads the whole query without one):
/// ClickHouse's parser reads the whole query first, so a syntax error of its parser met
/// anywhere in the translation is the answer ([`clickhouse_parse_error`]); a query read whole
/// without one is the limits'; a reading that stopped at another error (ClickHouse's error of
/// analysing or running it) is the limits' too, its syntax errors being found before, but
/// where such a syntax error may be in the rest of the query this reading has not seen
/// (`unseen`: a form it finds a syntax error of only later), it is not run. Where ClickHouse's parser may stop at its own
/// `max_parser_depth` (`written`, the query as written, nested that deep, see
/// [`may_reach_parser_depth`]), which of that and a syntax error it meets first is not
/// followed here, so that is not run either.
pub(super) fn past_ast_limits(
    limits: ApiError,
    first: Option<ApiError>,
    written: &[Tok],
    unseen: bool,
) -> ApiError {
    if clickhouse_parse_failed() {
        if may_reach_parser_depth(written) {
            return unsupported(
                "a query whose syntax error ClickHouse's parser may not reach before its max_parser_depth (1000)",
            );
        }
        return query_error("Invalid SQL syntax");
    }
    match first {
        None => limits,
        Some(e) if not_run(&e) => e,
        Some(_) if not_run(&limits) || !unseen => limits,
        Some(_) => unsupported(
            "a query past ClickHouse's max_ast_depth or max_ast_elements whose reading here stops at another error before its end (whether ClickHouse's parser meets a syntax error after it, which it answers first, is not known here)",
        ),
    }
}

impl<'t> Tr<'t> {
    pub(super) fn new(toks: &'t [Tok], now: i64, dataset: Dataset) -> Self {
        let mut names = HashSet::new();
        for w in toks.windows(2) {
            if let [Tok::Word(a), Tok::Word(name)] = w {
                if a.eq_ignore_ascii_case("AS") {
                    names.insert(name.to_ascii_lowercase());
                }
            }
        }
        // Source aliases: `FROM x alias`, `FROM (…) alias`.
        for (i, t) in toks.iter().enumerate() {
            if !matches!(upper(t).as_str(), "FROM" | "JOIN") {
                continue;
            }
            let after = match toks.get(i + 1) {
                Some(Tok::Word(_)) => i + 2,
                Some(Tok::Sym("(")) => closing(toks, i + 1).map_or(toks.len(), |c| c + 1),
                _ => continue,
            };
            if let Some(Tok::Word(alias)) = toks.get(after) {
                if !SOURCE_END.contains(&alias.to_ascii_uppercase().as_str()) {
                    names.insert(alias.to_ascii_lowercase());
                }
            }
        }
        // `ARRAY JOIN … AS alias` names an element in its own SELECT (see `Tr::source`).
        let array_aliases = std::collections::HashMap::new();
        let mut cte_names = HashSet::new();
        let mut cte_written = HashSet::new();
        if toks.first().map(upper).as_deref() == Some("WITH") {
            // Top-level `WITH name AS (…), name AS (…)`.
            let mut i = 1;
            while let (Some(Tok::Word(name)), Some(Tok::Word(kw)), Some(Tok::Sym("("))) =
                (toks.get(i), toks.get(i + 1), toks.get(i + 2))
            {
                if !kw.eq_ignore_ascii_case("AS") {
                    break;
                }
                cte_names.insert(name.to_ascii_lowercase());
                cte_written.insert(name.clone());
                names.insert(name.to_ascii_lowercase());
                let Some(c) = closing(toks, i + 2) else { break };
                if toks.get(c + 1) != Some(&Tok::Sym(",")) {
                    break;
                }
                i = c + 2;
            }
        }
        let mut tr = Tr {
            toks,
            now,
            rows_max: RESULT_ROWS_DEFAULT,
            nanos: false,
            no_from: false,
            function: None,
            dataset,
            tables: Vec::new(),
            user_ctes: Vec::new(),
            cte_names,
            cte_written,
            names,
            depth: 0,
            select_span: (0, 0),
            array_aliases,
            array_alias_written: std::collections::HashMap::new(),
            scopes: Vec::new(),
            interpolating: false,
            last_cols: Vec::new(),
            star_states: Vec::new(),
            last_states: false,
            cte_states: HashSet::new(),
            last_nullable: HashSet::new(),
            cte_nullable: std::collections::HashMap::new(),
            cte_cols: std::collections::HashMap::new(),
            renames: Vec::new(),
            generated: 0,
            left_array_aliases: HashSet::new(),
            element_types: std::collections::HashMap::new(),
            nullable_element_sql: HashSet::new(),
            interval_kinds: std::collections::HashMap::new(),
            last_interval_kinds: std::collections::HashMap::new(),
            cte_interval_kinds: std::collections::HashMap::new(),
            scalar_types: std::collections::HashMap::new(),
            scalar_intervals: std::collections::HashMap::new(),
            scalar_sql: std::collections::HashMap::new(),
            select_aliases: Vec::new(),
            expanding: Vec::new(),
            typing: std::cell::RefCell::new(Vec::new()),
            memo: std::cell::RefCell::new(TypeMemo::default()),
            alias_expansions: 0,
            case_words_found: std::cell::RefCell::new(std::collections::HashMap::new()),
            local_ctes: Vec::new(),
            select_arrays: Vec::new(),
            fill: None,
            rollup_defaults: Vec::new(),
            stages: Vec::new(),
            skipped: std::cell::Cell::new(Vec::new()),
            answer_zones: std::cell::Cell::new(Vec::new()),
            window_defaults: std::cell::Cell::new(Vec::new()),
            fails_when_read: std::cell::Cell::new(None),
            fails_without_rows: std::cell::Cell::new(false),
            fails_as_it_runs: std::cell::Cell::new(false),
            folded: std::cell::Cell::new(Vec::new()),
            in_sets: std::cell::Cell::new(Vec::new()),
            rewrite: std::cell::Cell::new(None),
            moved: std::cell::Cell::new(None),
            count_ref: None,
            subquery_numbers: std::collections::HashMap::new(),
            alias_uses: AliasUses::new(),
            spelled: SpelledCalls::new(),
            interval_calls: Vec::new(),
            joining: Vec::new(),
            lifted: std::collections::HashMap::new(),
            late_arrays: HashSet::new(),
            whole_windows: false,
            alias_sites: Vec::new(),
            answered_lists: HashSet::new(),
        };
        tr.subquery_numbers = tr.subquery_numbers();
        tr
    }

    /// Upstream checks every table a query reads before anything else about it: a CTE may not
    /// take a public table's name, and every source must be a public table or a top-level CTE.
    pub(super) fn check_sources(&mut self) -> Result<(), ApiError> {
        for (i, t) in self.toks.iter().enumerate() {
            if upper(t) == "WITH" {
                if let Some(Tok::Word(name)) = self.toks.get(i + 1) {
                    if let Some(public) = self
                        .dataset
                        .tables()
                        .iter()
                        .find(|p| p.eq_ignore_ascii_case(name))
                    {
                        return Err(ApiError::analytics(
                            "user/bad_request/invalid_analytics_table",
                            format!("CTE name '{public}' conflicts with a public table name"),
                        ));
                    }
                }
            }
            if let (Some(Tok::Sym(",")), Some(Tok::Word(name)), Some(Tok::Word(kw))) =
                (Some(t), self.toks.get(i + 1), self.toks.get(i + 2))
            {
                let public = self
                    .dataset
                    .tables()
                    .iter()
                    .find(|p| p.eq_ignore_ascii_case(name));
                if let (Some(public), true, Some(Tok::Sym("("))) =
                    (public, kw.eq_ignore_ascii_case("AS"), self.toks.get(i + 3))
                {
                    return Err(ApiError::analytics(
                        "user/bad_request/invalid_analytics_table",
                        format!("CTE name '{public}' conflicts with a public table name"),
                    ));
                }
            }
            if !matches!(upper(t).as_str(), "FROM" | "JOIN") {
                continue;
            }
            // `WITH FILL FROM x` starts a value, not a table.
            if i.checked_sub(1)
                .and_then(|p| self.toks.get(p))
                .map(upper)
                .as_deref()
                == Some("FILL")
            {
                continue;
            }
            // `ARRAY JOIN x` joins a column, not a table; upstream's parser reads `LEFT
            // [OUTER] ARRAY JOIN x` as a join of the table (or table function) `x`
            // (AfterShip v0.4.18's parseJoinOp takes `ARRAY` as a join's modifier, before
            // the select's `ARRAY JOIN` clause is tried), which its table check refuses.
            let before = |k: usize| i.checked_sub(k).and_then(|p| self.toks.get(p)).map(upper);
            if before(1).as_deref() == Some("ARRAY")
                && !matches!(before(2).as_deref(), Some("LEFT" | "OUTER"))
            {
                continue;
            }
            let Some(Tok::Word(table)) = self.toks.get(i + 1) else {
                continue;
            };
            // (A table function is refused with the functions, [`chparse::Verdict`].)
            if self.toks.get(i + 2) == Some(&Tok::Sym("(")) {
                continue;
            }
            if !self.dataset.tables().contains(&table.as_str())
                && !self.cte_names.contains(&table.to_ascii_lowercase())
            {
                return Err(ApiError::analytics(
                    "user/bad_request/invalid_analytics_table",
                    format!(
                        "Access to table '{}' is not allowed",
                        own_name_unescaped(table)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Upstream's checks after its parser's: validateSetOperands, rewriteTables (its tables)
    /// and validateFunctions ([`Parsed`]).
    pub(super) fn check_upstream(&mut self) -> Result<(), ApiError> {
        self.check_set_operands()?;
        self.check_sources()?;
        if let Some(refusal) = &self.function {
            // (Upstream's rewriteTables refuses a query of no `FROM` before its functions.)
            if self.no_from {
                return Err(query_error("Query must have a FROM clause"));
            }
            return Err(refusal.error());
        }
        Ok(())
    }

    /// Upstream's validateSetOperands (before it reads the tables): the right side of an
    /// `IN` that is not a list in parentheses, an array literal or a subquery (a name, a
    /// string, a call) is a set ClickHouse reads from a table or a literal, which upstream
    /// refuses. (An array literal is written as a list, see [`rewrite_casts`].)
    pub(super) fn check_set_operands(&self) -> Result<(), ApiError> {
        for (i, t) in self.toks.iter().enumerate() {
            if upper(t) != "IN" {
                continue;
            }
            match self.toks.get(i + 1) {
                // (`[` where the tokens are read as written.)
                Some(Tok::Sym("(" | "[")) => {}
                _ => {
                    return Err(query_error(
                        "Table-backed IN expressions are not supported; use a literal list or a subquery",
                    ))
                }
            }
        }
        Ok(())
    }

    pub(super) fn word(&self, i: usize) -> String {
        self.toks.get(i).map(upper).unwrap_or_default()
    }

    /// A query over `[from, to)`: an optional `WITH` (merged into the outer `WITH` at the top
    /// level), then one or more `SELECT`s joined by `UNION ALL` / `UNION DISTINCT`.
    pub(super) fn query(&mut self, from: usize, to: usize, top: bool) -> Result<String, ApiError> {
        self.depth += 1;
        if self.depth > NESTING_MAX {
            return Err(query_error("Analytics query is too complex"));
        }
        self.star_states.push(false);
        let out = self.query_inner(from, to, top);
        self.last_states = self.star_states.pop().unwrap_or(false);
        self.depth -= 1;
        out
    }

    pub(super) fn query_inner(
        &mut self,
        from: usize,
        to: usize,
        top: bool,
    ) -> Result<String, ApiError> {
        let mut i = from;
        let mut with = Vec::new();
        if self.word(i) == "WITH" {
            i += 1;
            loop {
                let (Some(Tok::Word(name)), true, Some(Tok::Sym("("))) = (
                    self.toks.get(i),
                    self.word(i + 1) == "AS",
                    self.toks.get(i + 2),
                ) else {
                    // (`expand_with_aliases` has taken each `WITH expression AS name`.)
                    return Err(query_error("Invalid SQL syntax: a WITH item of this form"));
                };
                let close = closing(self.toks, i + 2)
                    .filter(|c| *c < to)
                    .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
                let inner = self.query(i + 3, close, false)?;
                self.cte_cols.insert(
                    name.to_ascii_lowercase(),
                    std::mem::take(&mut self.last_cols),
                );
                if std::mem::take(&mut self.last_states) {
                    self.cte_states.insert(name.to_ascii_lowercase());
                }
                self.cte_nullable.insert(
                    name.to_ascii_lowercase(),
                    std::mem::take(&mut self.last_nullable),
                );
                self.cte_interval_kinds.insert(
                    name.to_ascii_lowercase(),
                    std::mem::take(&mut self.last_interval_kinds),
                );
                with.push(format!("\"{name}\" AS ({inner})"));
                i = close + 1;
                if self.toks.get(i) == Some(&Tok::Sym(",")) {
                    i += 1;
                } else {
                    break;
                }
            }
        }
        // Split at the set operators outside parentheses.
        let mut arms: Vec<(usize, usize)> = Vec::new();
        let mut ops: Vec<&'static str> = Vec::new();
        let mut depth = 0i64;
        let mut start = i;
        let mut j = i;
        while j < to {
            match self.toks.get(j) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 => {
                    let up = w.to_ascii_uppercase();
                    let next = self.word(j + 1);
                    // Upstream's parser takes only these ([`chparse`]);
                    // ClickHouse's default for a bare `EXCEPT` is `ALL`.
                    let (op, len) = match (up.as_str(), next.as_str()) {
                        ("UNION", "ALL") => ("UNION ALL", 2),
                        ("UNION", "DISTINCT") => ("UNION", 2),
                        ("EXCEPT", _) => ("EXCEPT ALL", 1),
                        ("UNION" | "INTERSECT", _) => {
                            return Err(query_error(
                                "Invalid SQL syntax: a set operator read otherwise",
                            ))
                        }
                        _ => {
                            j += 1;
                            continue;
                        }
                    };
                    arms.push((start, j));
                    ops.push(op);
                    j += len;
                    start = j;
                    continue;
                }
                _ => {}
            }
            j += 1;
        }
        arms.push((start, to));
        let several = arms.len() > 1;
        if top && ops.iter().all(|op| *op == "UNION ALL") {
            self.answered_lists.extend(arms.iter().map(|(a, _)| *a));
        }
        let mut translated = Vec::new();
        let mut first_nullable = HashSet::new();
        let mut arm_columns = Vec::new();
        for (n, (a, b)) in arms.into_iter().enumerate() {
            translated.push(self.select(a, b, top && n == 0)?);
            if n == 0 {
                first_nullable = std::mem::take(&mut self.last_nullable);
            } else {
                // A column is `Nullable` where any arm's is (the arms' common type).
                let nullable = std::mem::take(&mut self.last_nullable);
                for (column, (name, _)) in self.last_cols.iter().enumerate() {
                    let first = arm_columns
                        .first()
                        .and_then(|(cols, _): &(Vec<(String, Ty)>, _)| cols.get(column));
                    if let Some((first, _)) = first {
                        if nullable.contains(&name.to_ascii_lowercase()) {
                            first_nullable.insert(first.to_ascii_lowercase());
                        }
                    }
                }
                // Each column takes the arms' common type.
                for (column, (name, ty)) in self.last_cols.iter().enumerate() {
                    let first_col = arm_columns
                        .first()
                        .and_then(|(cols, _): &(Vec<(String, Ty)>, _)| cols.get(column));
                    let first = first_col.map_or(Ty::Unknown, |(_, t)| *t);
                    // (An array beside a `Nullable` column, as a `NULL` arm's: an array cannot
                    // be inside `Nullable`, so ClickHouse finds no common type, NO_COMMON_TYPE
                    // of `[1]` beside `NULL` as ClickHouse 25.5.2 and 25.8.2 (chDB) agree; not
                    // run here, where a column's `Nullable` is not always told apart.)
                    let first_null = first_col
                        .is_some_and(|(n, _)| first_nullable.contains(&n.to_ascii_lowercase()));
                    let here_null = nullable.contains(&name.to_ascii_lowercase());
                    Ty::check_common([first, *ty].into_iter())?;
                    if (first.is_array() && here_null && !ty.is_array())
                        || (ty.is_array() && first_null && !first.is_array())
                    {
                        return Err(unsupported(
                            "an array beside a Nullable value (a NULL) in a set operation's column",
                        ));
                    }
                    // (Arrays of `Bool`s first beside arrays of `UInt8`s: ClickHouse's column
                    // is of `Bool`s, its `[2]` `[true]`, see [`Tr::check_bool_first`].)
                    let bool_leaf = first.is_array() && first.leaf_ty() == Some(Ty::Bool);
                    if bool_leaf && ty.leaf_ty().is_some_and(Ty::is_u8) {
                        return Err(unsupported(BOOL_BESIDE_UINT8));
                    }
                    // (Times, arrays of times: of their common type, a `Date` beside a
                    // `DateTime` one at midnight.)
                    // (Integers: of their common width, which the next arm meets.)
                    // (A `Bool` first beside other integers than `UInt8`s: of their common
                    // integer type, `true UNION ALL length(tags)` a `UInt64`'s 1, as ClickHouse
                    // 25.5.2 and 25.8.2 (chDB) agree; see [`Ty::common`].)
                    let ints = matches!(first, Ty::Int(_) | Ty::Bool)
                        && matches!(ty, Ty::Int(_) | Ty::Bool);
                    if (first.is_array() && ty.is_array())
                        || (first.is_time() && ty.is_time())
                        || ints
                    {
                        let cols = arm_columns.first_mut().map(|(cols, _)| cols);
                        if let Some((_, t)) = cols.and_then(|c| c.get_mut(column)) {
                            *t = Ty::common([first, *ty].into_iter());
                        }
                    }
                    // (Of ns, the larger scale, as `toString` writes it.)
                    if let (Ty::Nanos(p), Ty::Nanos(q)) = (first, *ty) {
                        let cols = arm_columns.first_mut().map(|(cols, _)| cols);
                        if let Some((_, t)) = cols.and_then(|c| c.get_mut(column)) {
                            *t = Ty::Nanos(p.max(q));
                        }
                    }
                }
            }
            arm_columns.push((
                std::mem::take(&mut self.last_cols),
                std::mem::take(&mut self.last_interval_kinds),
            ));
        }
        let (kinds, conversions, nulls) = set_operation_intervals(&arm_columns)?;
        if several {
            // Each arm keeps its own ORDER BY and LIMIT, as in ClickHouse.
            for (arm, columns) in translated.iter_mut().zip(&conversions) {
                *arm = format!("SELECT {columns} FROM ({arm})");
            }
        }
        let mut first_cols = arm_columns.into_iter().next().unwrap_or_default().0;
        // (A column of intervals whose first arm is `NULL` is of the others' type.)
        for (name, ty) in &mut first_cols {
            let column = kinds.get(&name.to_ascii_lowercase());
            if column.is_some_and(|c| c.intervals.is_some() && !c.array) {
                *ty = Ty::Interval;
            }
        }
        first_nullable.extend(nulls);
        // (From left to right.)
        let mut arms = translated.into_iter();
        let mut out = arms.next().unwrap_or_default();
        for (op, arm) in ops.into_iter().zip(arms) {
            out = set_operation(&out, op, &arm);
        }
        self.last_cols = first_cols;
        self.last_nullable = first_nullable;
        self.last_interval_kinds = kinds;
        if top {
            self.user_ctes = with;
            Ok(out)
        } else if with.is_empty() {
            Ok(out)
        } else {
            Ok(format!("WITH {} {out}", with.join(", ")))
        }
    }

    /// One `SELECT … FROM source [WHERE …] [GROUP BY …] [HAVING …] [ORDER BY …] [LIMIT …]`
    /// over `[from, to)`.
    pub(super) fn select(&mut self, from: usize, to: usize, top: bool) -> Result<String, ApiError> {
        let outer = std::mem::replace(&mut self.select_span, (from, to));
        let out = self.select_inner(from, to, top);
        self.select_span = outer;
        out
    }

    fn select_inner(&mut self, from: usize, to: usize, top: bool) -> Result<String, ApiError> {
        if self.word(from) != "SELECT" {
            return Err(query_error("Invalid SQL syntax: a form read otherwise"));
        }
        // The FROM of this SELECT (outside parentheses).
        let mut depth = 0i64;
        let mut from_at = None;
        for j in from..to {
            match self.toks.get(j) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 && w.eq_ignore_ascii_case("FROM") => {
                    from_at = Some(j);
                    break;
                }
                _ => {}
            }
        }
        if (from_at.is_none() || self.no_from) && top {
            return Err(query_error("Query must have a FROM clause"));
        }
        // `arrayJoin(array)` anywhere in this SELECT: one row per element of the array (as
        // ClickHouse, a row whose array is empty is dropped; several arrays, their product), by
        // joining `json_each` of each distinct array. One in a join's `ON` multiplies the side
        // it reads (see [`Tr::join_arrays`]).
        let mut on_ranges = Vec::new();
        let mut depth = 0i64;
        for j in from_at.unwrap_or(to)..to {
            match self.toks.get(j) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 && w.eq_ignore_ascii_case("ON") => {
                    on_ranges.push((j, self.on_end(j + 1, to)));
                }
                _ => {}
            }
        }
        let mut array_join = ArrayJoins::default();
        let mut k = from + 1;
        while k < to {
            if self.toks.get(k) == Some(&Tok::Sym("("))
                && matches!(self.word(k + 1).as_str(), "SELECT" | "WITH")
            {
                k = closing(self.toks, k).map_or(to, |c| c + 1);
                continue;
            }
            if self.word(k) == "ARRAYJOIN" && self.toks.get(k + 1) == Some(&Tok::Sym("(")) {
                let close = closing(self.toks, k + 1)
                    .filter(|c| *c > k + 2 && *c < to)
                    .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
                let args = self.toks.get(k + 2..close);
                let same = array_join
                    .arrays
                    .iter()
                    .position(|a| self.toks.get(a.at + 2..a.close) == args);
                let on = on_ranges
                    .iter()
                    .find(|(on, end)| (*on..*end).contains(&k))
                    .map(|(on, _)| *on);
                let group = match same {
                    Some(g) => {
                        if let Some(a) = array_join.arrays.get_mut(g) {
                            a.on = a.on.or(on);
                        }
                        g
                    }
                    None => {
                        self.generated += 1;
                        let name = format!("__ul_j{}", self.generated);
                        array_join.arrays.push(JoinedArray {
                            at: k,
                            close,
                            on,
                            element: (name.clone(), "value".into()),
                            name,
                        });
                        array_join.arrays.len() - 1
                    }
                };
                array_join.calls.push((k, close, group));
                // An `arrayJoin` inside it joins first (its array reads that one's element).
                k += 2;
                continue;
            }
            k += 1;
        }
        // A select-list alias read in an `ON` brings the arrays of its `arrayJoin` calls there.
        let names = self.item_aliases(from + 1, from_at.unwrap_or(to));
        // One alias for two different expressions is ClickHouse's MULTIPLE_EXPRESSIONS_FOR_ALIAS
        // (QueryAnalyzer, after comparing the resolved nodes), "Invalid analytics query"; the
        // same expression twice is one.
        for (k, (name, s, e)) in names.iter().enumerate() {
            let twice = names.iter().skip(k + 1).any(|(other, s2, e2)| {
                other == name && self.toks.get(*s..*e) != self.toks.get(*s2..*e2)
            });
            if twice {
                return Err(query_error("Invalid analytics query"));
            }
        }
        for (on, end) in &on_ranges {
            for k in *on..*end {
                let Some(Tok::Word(w)) = self.toks.get(k) else {
                    continue;
                };
                let Some((_, s, e)) = names.iter().find(|(name, _, _)| name == w) else {
                    continue;
                };
                for (call, _, g) in &array_join.calls {
                    if let Some(a) = array_join
                        .arrays
                        .get_mut(*g)
                        .filter(|_| (s..e).contains(&call))
                    {
                        a.on.get_or_insert(*on);
                    }
                }
            }
        }
        // The names its `ARRAY JOIN` gives elements hold in this SELECT only.
        let aliases = self.array_aliases.clone();
        let written = self.array_alias_written.clone();
        let left_aliases = self.left_array_aliases.clone();
        self.scopes.push(Vec::new());
        self.select_aliases.push(names);
        self.select_arrays.push(array_join.clone());
        let ctes = self.local_ctes.len();
        // (A subquery's `WITH FILL` is its own.)
        let outer_fill = self.fill.take();
        let out = self
            .select_body(from, to, from_at, array_join)
            .and_then(|sql| {
                // (After the select list is resolved, as ClickHouse validates aggregates.)
                if let Some(f) = from_at {
                    self.check_aggregates(from, f, to)?;
                    self.check_logical_items(from + 1, f)?;
                }
                Ok(sql)
            });
        let out = out.map(|sql| {
            // The CTEs it needs are its own (a `SELECT` in parentheses may begin with `WITH`).
            let own = self.local_ctes.split_off(ctes);
            if own.is_empty() {
                sql
            } else {
                format!("SELECT * FROM (WITH {} {sql})", own.join(", "))
            }
        });
        let fill = std::mem::replace(&mut self.fill, outer_fill);
        self.lifted.retain(|k, _| !(from..to).contains(k));
        // (Named while its sources and aliases are in view, see [`Tr::column_name`].)
        if out.is_ok() {
            let scope = self.scopes.last().cloned().unwrap_or_default();
            self.last_cols = self.item_types(from + 1, from_at.unwrap_or(to), &scope);
            self.last_nullable = self.item_nullables(from + 1, from_at.unwrap_or(to), &scope);
            self.last_interval_kinds = self.item_interval_kinds(from + 1, from_at.unwrap_or(to));
        }
        self.select_aliases.pop();
        self.select_arrays.pop();
        self.scopes.pop();
        self.array_aliases = aliases;
        self.array_alias_written = written;
        self.left_array_aliases = left_aliases;
        match (out, fill) {
            (Ok(sql), Some(fill)) => self.fill_stage(sql, fill),
            (out, _) => out,
        }
    }

    /// `LIMIT n [OFFSET m] BY …` at `i`: `n`, `m` and where its expressions start.
    pub(super) fn limit_by_at(&self, i: usize) -> Option<(i64, i64, usize)> {
        let count = |k: usize| match self.toks.get(k) {
            Some(Tok::Num(n)) => n.parse::<i64>().ok(),
            _ => None,
        };
        match (count(i + 1), self.word(i + 2).as_str()) {
            (Some(n), "BY") => Some((n, 0, i + 3)),
            (Some(n), "OFFSET") if self.word(i + 4) == "BY" => count(i + 3).map(|m| (n, m, i + 5)),
            _ => None,
        }
    }

    /// The items of the `LIMIT … BY` list `[a, b)` of the `SELECT` whose select list is
    /// `list`: each item's tokens, where a positional one stands for the select list item it
    /// names. ClickHouse 25.6 replaces an integer literal there by that item (its analyzer's
    /// `replaceNodesWithPositionalArguments`, as for `ORDER BY` and `GROUP BY`, under
    /// `enable_positional_arguments`, on by default): `n` names the n-th item, `-n` the n-th
    /// from the end, in parentheses or not ([`Tr::unparenthesized`]: its parser keeps none),
    /// others are out of bounds (`BAD_ARGUMENTS`); any other expression, `1 + 0`, `1.0` or a
    /// `WITH` name too, is itself.
    pub(super) fn limit_by_items(
        &self,
        list: (usize, usize),
        a: usize,
        b: usize,
    ) -> Result<Vec<Span>, ApiError> {
        let start = list.0 + usize::from(self.word(list.0) == "DISTINCT" && list.0 < list.1);
        let items: Vec<(usize, usize)> = self
            .list_items(start, list.1)
            .into_iter()
            .map(|(s, e)| match self.word(e.saturating_sub(2)).as_str() {
                "AS" if e >= s + 3 => (s, e - 2),
                _ => (s, e),
            })
            .collect();
        let starred = |(s, e): &(usize, usize)| {
            matches!(
                self.toks.get(*s..*e),
                Some([Tok::Sym("*"), ..] | [Tok::Word(_), Tok::Sym("*"), ..])
            )
        };
        let integer = |k: usize| match self.toks.get(k) {
            Some(Tok::Num(n)) if n.bytes().all(|c| c.is_ascii_digit()) => Some(n.parse::<u64>()),
            _ => None,
        };
        let mut out = Vec::new();
        for (s, e) in self.list_items(a, b) {
            let (u, v) = self.unparenthesized(s, e);
            let place = match (v - u, self.toks.get(u)) {
                (1, _) => integer(u).map(|n| n.map(|n| (n, false))),
                (2, Some(Tok::Sym("-"))) => integer(u + 1).map(|n| n.map(|n| (n, true))),
                _ => None,
            };
            // (A literal past `u64` is no positional argument in ClickHouse either.)
            let Some(Ok((n, from_end))) = place else {
                out.push((s, e));
                continue;
            };
            let count = items.len() as u64;
            let at = match from_end {
                false => n.checked_sub(1).filter(|p| *p < count),
                true => count.checked_sub(n).filter(|_| n > 0),
            };
            let at = at
                .and_then(|p| usize::try_from(p).ok())
                .ok_or_else(|| query_error("Invalid analytics query"))?;
            // (`*`'s columns are many: which one a place names is not known here.)
            let before = if from_end { items.len() } else { at + 1 };
            if items.iter().take(before).any(starred) {
                return Err(unsupported("a positional LIMIT … BY item beside *"));
            }
            if let Some(item) = items.get(at) {
                out.push(*item);
            }
        }
        Ok(out)
    }

    /// The `GROUP BY` or `ORDER BY` key list of the `SELECT` of `st` in which a key starts at
    /// `i` (outside parentheses): the list's tokens and whether it is the `ORDER BY`.
    fn key_list_at(&self, i: usize, st: &Sel) -> Option<(usize, usize, bool)> {
        let inside = |r: Option<(usize, usize)>| r.filter(|(s, e)| (*s..*e).contains(&i));
        let (s, e, order) = match (inside(st.order_by), inside(st.group_by)) {
            (Some((s, e)), _) => (s, e, true),
            (None, Some((s, e))) => (s, e, false),
            (None, None) => return None,
        };
        let starts = i == s || self.toks.get(i.wrapping_sub(1)) == Some(&Tok::Sym(","));
        (starts && st.closers.is_empty()).then_some((s, e, order))
    }

    /// Where the expression of the key that starts at `i` of a key list ending at `e` ends:
    /// at its list's next `,` or, of an `ORDER BY` item, at its direction, `NULLS` or
    /// `COLLATE`.
    pub(super) fn key_end(&self, i: usize, e: usize, order: bool) -> usize {
        self.top_level_find(i, e, |k| {
            self.toks.get(k) == Some(&Tok::Sym(","))
                || (order
                    && matches!(
                        self.word(k).as_str(),
                        "ASC" | "DESC" | "ASCENDING" | "DESCENDING" | "NULLS" | "COLLATE"
                    ))
        })
        .unwrap_or(e)
    }

    /// Whether the `NULL` elements of the array `ORDER BY` key ending at `end` (at its
    /// direction, `,` or the end) go after every value: ClickHouse sorts with
    /// nan_direction_hint its `nulls_direction` (PlannerSorting.cpp: its direction, as no
    /// `NULLS FIRST|LAST` passes upstream's parser), which ColumnArray's compareAt passes to
    /// its elements' ColumnNullable: 1 (ascending) puts a `NULL` after a value, -1 before it
    /// (then reversed by the `DESC`).
    pub(super) fn nulls_high(&self, end: usize) -> bool {
        !matches!(self.word(end).as_str(), "DESC" | "DESCENDING")
    }

    /// The first token of `[from, to)` outside parentheses and brackets (counted from `from`)
    /// that `at` holds for.
    pub(super) fn top_level_find(
        &self,
        from: usize,
        to: usize,
        mut at: impl FnMut(usize) -> bool,
    ) -> Option<usize> {
        let mut depth = 0i64;
        (from..to).find(|k| {
            match self.toks.get(*k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                _ => {}
            }
            depth == 0 && at(*k)
        })
    }

    /// At `i`, in the `SELECT` of `st`: ends the `GROUP BY`/`ORDER BY` key being written where
    /// its expression ends ([`constant_key`]), and follows the key that starts at `i` unless
    /// it is a position (an integer literal, which SQLite reads as the same position).
    /// An `ORDER BY` key of an array (a select-list alias as its expression) is not run:
    /// ClickHouse orders arrays element by element (a prefix first, so `[]` least), which
    /// their JSON text here does not.
    pub(super) fn track_key(
        &self,
        i: usize,
        st: &mut Sel,
        out: &mut Vec<String>,
    ) -> Result<(), ApiError> {
        if let Some((_, at)) = st.key.filter(|(end, _)| i >= *end) {
            st.key = None;
            end_key(
                out,
                at,
                std::mem::take(&mut st.array_key),
                std::mem::take(&mut st.array_group),
            );
        }
        if st.key.is_some() {
            return Ok(());
        }
        if let Some((s, e, true)) = self.key_list_at(i, st) {
            if matches!(self.toks.get(i), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("ALL")) {
                return Err(if i == s {
                    self.order_by_all(s, e, st.list)
                } else {
                    self.all_identifier(i)
                });
            }
        }
        if let Some((_, e, order)) = self.key_list_at(i, st) {
            let end = self.key_end(i, e, order);
            let (a, b) = self.unparenthesized(i, end);
            let array = order && self.check_ordered_key(a, b, st.list)?;
            if self.position(a, b).is_none() {
                st.key = Some((end, out.len()));
                st.array_key = array.then(|| self.nulls_high(end));
                st.array_group = !order && self.key_ty(a, b, st.list).is_array();
            } else if array {
                return Err(self.array_position(a, b, st.list));
            }
        }
        Ok(())
    }

    /// An `ORDER BY` position `[a, b)` naming an array item of the select list `list`
    /// (ClickHouse sorts by that item, as [`Tr::check_ordered_key`] reads it): written as the
    /// item's alias, or its one column name, for one more translation ([`Tr::rewrite`]),
    /// which orders it through `ch_array_order`; another item is not run.
    fn array_position(&self, a: usize, b: usize, list: (usize, usize)) -> ApiError {
        let not_run = || unsupported("ordering arrays");
        let Some((n, from_end)) = self.position(a, b) else {
            return not_run();
        };
        if list.0 == 0 {
            return not_run();
        }
        let items = self.select_items(list.0 - 1, list.1);
        // (An item is without its alias, [`Tr::select_items`]; a `*`'s column by its name.)
        let name = match self.positional_entry(&items, n, from_end) {
            Some(Entry::Item(s, e)) => match (self.toks.get(e..e + 2), self.toks.get(s..e)) {
                (Some([Tok::Word(kw), name @ Tok::Word(_)]), _)
                    if kw.eq_ignore_ascii_case("AS") =>
                {
                    name.clone()
                }
                (_, Some([name @ Tok::Word(_)])) => name.clone(),
                _ => return not_run(),
            },
            Some(Entry::Column(name)) => Tok::Word(name),
            None => return not_run(),
        };
        self.rewrite.set(Some((a, b - a, vec![name])));
        unsupported("ORDER BY a position naming an array")
    }

    /// ClickHouse 25.6's `ORDER BY ALL [ASC|DESC] [NULLS FIRST|LAST]` (an `ORDER BY` of the
    /// one key `all`, ParserSelectQuery; QueryAnalyzer::expandOrderByAll): every item of the
    /// select list (a `*` as its columns, expanded before) in turn, each with that direction,
    /// so it is written as their positions, `1 DESC, 2 DESC, …` (see [`Tr::rewrite`]), which
    /// ClickHouse reads as those items (02943_order_by_all). An item whose name is `all` is
    /// its UNEXPECTED_EXPRESSION ("Cannot use ORDER BY ALL to sort a column with name
    /// 'all'"), upstream's "Invalid analytics query". With another key or `WITH FILL` it is
    /// the identifier `all` ([`Tr::all_identifier`]; `COLLATE` is upstream's syntax error).
    /// Not run beside a `*` whose columns are not known here. The keys list is `[s, e)`, the
    /// select list `list`.
    fn order_by_all(&self, s: usize, e: usize, list: (usize, usize)) -> ApiError {
        let not_run = || unsupported("ORDER BY ALL beside a * whose columns are not known here");
        // (`WITH FILL` after the list: 25.6's parser reads no `ORDER BY ALL` then.)
        if self.word(e) == "WITH" && self.word(e + 1) == "FILL" {
            return self.all_identifier(s);
        }
        let modifier = match self.toks.get(s + 1..e).unwrap_or_default() {
            m @ ([] | [Tok::Word(_)] | [Tok::Word(_), Tok::Word(_), Tok::Word(_)]) => m,
            m @ [Tok::Word(n), Tok::Word(_)] if n.eq_ignore_ascii_case("NULLS") => m,
            _ => return self.all_identifier(s),
        };
        let words: Vec<String> = modifier.iter().map(upper).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let direction = |w: &str| matches!(w, "ASC" | "DESC" | "ASCENDING" | "DESCENDING");
        let nulls = |w: &[&str]| matches!(w, ["NULLS", "FIRST" | "LAST"]);
        let valid = match words.as_slice() {
            [] => true,
            [d] => direction(d),
            [d, rest @ ..] if direction(d) => nulls(rest),
            w => nulls(w),
        };
        if !valid {
            return self.all_identifier(s);
        }
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let start = list.0 + usize::from(self.word(list.0) == "DISTINCT");
        let mut count = 0usize;
        for (a, b) in self.list_items(start, list.1) {
            let named_all = match self.toks.get(a..b).unwrap_or_default() {
                [.., Tok::Word(kw), Tok::Word(name)] if kw.eq_ignore_ascii_case("AS") => {
                    name.eq_ignore_ascii_case("all")
                }
                [Tok::Word(name)] => name.eq_ignore_ascii_case("all"),
                _ => false,
            };
            if named_all {
                return query_error("Invalid analytics query");
            }
            count += match self.star_item(a, b) {
                Some(only) => match star(scope, only).len() {
                    0 => return not_run(),
                    n => n,
                },
                None => 1,
            };
        }
        let mut keys = Vec::new();
        for p in 1..=count {
            if p > 1 {
                keys.push(Tok::Sym(","));
            }
            keys.push(Tok::Num(p.to_string()));
            keys.extend(modifier.iter().cloned());
        }
        self.rewrite.set(Some((s, e - s, keys)));
        unsupported("ORDER BY ALL")
    }

    /// The `ORDER BY` key `all` at `at` where it is not ClickHouse's `ORDER BY ALL` (25.6's
    /// ParserSelectQuery sets order_by_all only for an `ORDER BY` of one key, an identifier
    /// `all` in any case, without `WITH FILL`): the identifier as it is spelled, which
    /// ClickHouse's analyzer resolves as any other (identifiers are case-sensitive), and
    /// which names no column of upstream's tables. So, unless a select-list alias is spelled
    /// so or a source has a column of that name (not run here), it is its UNKNOWN_IDENTIFIER,
    /// "Unknown identifier in analytics query".
    fn all_identifier(&self, at: usize) -> ApiError {
        let Some(Tok::Word(name)) = self.toks.get(at) else {
            return query_error("Invalid SQL syntax: a form read otherwise");
        };
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let aliased = self
            .select_aliases
            .last()
            .is_some_and(|aliases| aliases.iter().any(|(alias, ..)| alias == name));
        if aliased || Self::resolve_in(scope, name).is_some() {
            return unsupported("ORDER BY an alias or column named all");
        }
        query_error("Unknown identifier in analytics query")
    }

    /// The `ORDER BY` key `[a, b)` (of a `SELECT` whose select list is `list`, or of a window)
    /// where it is an array ClickHouse orders element by element: whether it is one ordered
    /// through `ch_array_order` ([`Ty::array_order_key`]), refused where it is another
    /// ([`Ty::ordered_as_text`]). A select-list alias or a position is the item it names.
    pub(super) fn check_ordered_key(
        &self,
        a: usize,
        b: usize,
        list: (usize, usize),
    ) -> Result<bool, ApiError> {
        let ty = self.key_ty(a, b, list);
        if ty.array_order_key() {
            return Ok(true);
        }
        if ty.ordered_as_text() {
            return Err(unsupported("ordering arrays"));
        }
        Ok(false)
    }

    /// The type of the `GROUP BY`/`ORDER BY` key `[a, b)` of the select list `list` (a
    /// select-list alias as its expression, a position as the item it names; a source's
    /// column of an array of intervals not told).
    fn key_ty(&self, a: usize, b: usize, list: (usize, usize)) -> Ty {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        match self.toks.get(a..b) {
            // (A source's column of an array of intervals: sorted by their counts, see
            // [`Tr::interval_value`].)
            Some([Tok::Word(w)]) if self.array_column(w).is_some() => Ty::Unknown,
            Some([Tok::Word(w)]) => match self.select_alias(w, a) {
                Some((_, s, e)) => self.expr_ty(s, e, scope),
                None => self.expr_ty(a, b, scope),
            },
            // (A position: the select-list item it names, see [`Tr::positional_entry`].)
            _ => match self.position(a, b) {
                Some((n, from_end)) if list.0 > 0 => {
                    let items = self.select_items(list.0 - 1, list.1);
                    match self.positional_entry(&items, n, from_end) {
                        Some(Entry::Item(s, e)) => self.expr_ty(s, e, scope),
                        Some(Entry::Column(name)) => {
                            Self::resolve_in(scope, &name).map_or(Ty::Unknown, |(_, t)| t)
                        }
                        None => Ty::Unknown,
                    }
                }
                _ => self.expr_ty(a, b, scope),
            },
        }
    }

    /// The end of a window's `ORDER BY` at `i` (before `b`): its frame (`ROWS`, `RANGE`) or the
    /// specification's `)`.
    fn window_order_end(&self, i: usize, b: usize) -> usize {
        let mut depth = 0i64;
        (i + 2..b)
            .find(|k| {
                match self.toks.get(*k) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) if depth == 0 => return true,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    _ => {}
                }
                depth == 0 && matches!(self.word(*k).as_str(), "ROWS" | "RANGE")
            })
            .unwrap_or(b)
    }

    /// A window's `ORDER BY` at `i` (before `b`) with a key of an array
    /// ([`Tr::check_ordered_key`]): written here, each array key as its `ch_array_order` (its
    /// `NULL` elements by its direction, [`Tr::nulls_high`]: WindowTransform compares its
    /// rows' keys with the sort description's nulls_direction as a sort does), its other keys
    /// as any expression; the end of the keys is returned (`None`: no array key, written as
    /// the rest of the query is). Beside a `RANGE` frame's offset (which takes one numeric
    /// key) or a `COLLATE`, not run.
    pub(super) fn window_order(
        &mut self,
        i: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let end = self.window_order_end(i, b);
        let mut keys = Vec::new();
        let mut k = i + 2;
        while k < end {
            let key_end = self.key_end(k, end, true);
            let (a, z) = self.unparenthesized(k, key_end);
            let array = self.check_ordered_key(a, z, (0, 0))?;
            let next = self.key_end(key_end, end, false);
            keys.push((k, key_end, next, array));
            k = next + 1;
        }
        if !keys.iter().any(|key| key.3) {
            return Ok(None);
        }
        // (A `RANGE` frame of `UNBOUNDED` and `CURRENT ROW` bounds is over peers, equal keys;
        // one with an offset is not run.)
        if self.word(end) == "RANGE" {
            let bound_end = (end + 1..b)
                .find(|k| !FRAME_WORDS.contains(&self.word(*k).as_str()))
                .unwrap_or(b);
            if self.toks.get(bound_end) != Some(&Tok::Sym(")")) {
                return Err(unsupported("ordering arrays"));
            }
        }
        let mut parts = Vec::new();
        for (k, key_end, next, array) in keys {
            let mut sql = self.expression_with(k, key_end, st.array_join.clone())?;
            if array {
                sql = format!(
                    "ch_array_order({sql}, {})",
                    u8::from(self.nulls_high(key_end))
                );
            }
            for m in key_end..next {
                match self.word(m).as_str() {
                    w @ ("ASC" | "DESC") => sql = format!("{sql} {w}"),
                    "ASCENDING" => sql.push_str(" ASC"),
                    "DESCENDING" => sql.push_str(" DESC"),
                    _ => return Err(unsupported("ordering arrays")),
                }
            }
            parts.push(sql);
        }
        out.push(format!("ORDER BY {}", parts.join(", ")));
        Ok(Some(end))
    }

    /// The `ORDER BY` keys `[a, b)` (of a `SELECT` whose select list is `list`) where they are
    /// not written as `Tr::emit` writes them (before `LIMIT … BY` or beside
    /// `WITH ROLLUP|CUBE`): an array among them is not run ([`Tr::check_ordered_key`]).
    pub(super) fn unordered_arrays(
        &self,
        a: usize,
        end: usize,
        list: (usize, usize),
    ) -> Result<(), ApiError> {
        let mut k = a;
        while k < end {
            let key_end = self.key_end(k, end, true);
            let (a, b) = self.unparenthesized(k, key_end);
            if self.check_ordered_key(a, b, list)? {
                return Err(unsupported("ordering arrays"));
            }
            // (On past its direction and `NULLS …` to the next key.)
            k = self.key_end(key_end, end, false) + 1;
        }
        Ok(())
    }

    /// At `i`, a `GROUP BY` or `ORDER BY` key of the `SELECT` of `st` that is `-n` (an
    /// integer literal, in parentheses or not): the select list item `n` from the end, which
    /// ClickHouse 25.6 groups or sorts by (`replaceNodesWithPositionalArguments` under
    /// `enable_positional_arguments`, as for `LIMIT … BY`, see [`Tr::limit_by_items`]), as
    /// SQLite's position of it (SQLite reads `-n` as a position out of bounds), and where the
    /// key ends; out of bounds "Invalid analytics query".
    pub(super) fn key_from_end(
        &self,
        i: usize,
        st: &Sel,
    ) -> Result<Option<(String, usize)>, ApiError> {
        let Some((_, e, order)) = self.key_list_at(i, st) else {
            return Ok(None);
        };
        let end = self.key_end(i, e, order);
        let (a, b) = self.unparenthesized(i, end);
        if !matches!(self.position(a, b), Some((_, true))) || st.list == (0, 0) {
            return Ok(None);
        }
        let start = st.list.0 + usize::from(self.word(st.list.0) == "DISTINCT");
        let items = self.list_items(start, st.list.1);
        let starred = items.iter().any(|(a, b)| {
            matches!(
                self.toks.get(*a..*b),
                Some([Tok::Sym("*"), ..] | [Tok::Word(_), Tok::Sym("*"), ..])
            )
        });
        // (`LIMIT … BY` numbers rows in the order's expressions, where a place is no position.)
        let limit_by =
            order && (e..st.to).any(|k| self.word(k) == "LIMIT" && self.limit_by_at(k).is_some());
        if starred || limit_by {
            return Err(unsupported(if order {
                "ORDER BY -n (a select list item from the end) beside * or LIMIT … BY"
            } else {
                "GROUP BY -n (a select list item from the end) beside *"
            }));
        }
        let named = self.limit_by_items(st.list, a, b)?;
        let place = named
            .first()
            .and_then(|(a, _)| items.iter().position(|(x, _)| x == a));
        Ok(place.map(|p| ((p + 1).to_string(), end)))
    }

    /// The end of the select list of the `SELECT` at `from` that has no `FROM`: its first
    /// clause outside parentheses, or `to`.
    fn list_end(&self, from: usize, to: usize) -> usize {
        let mut depth = 0i64;
        (from + 1..to)
            .find(|k| {
                match self.toks.get(*k) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    _ => {}
                }
                depth == 0
                    && self.toks.get(k + 1) != Some(&Tok::Sym("("))
                    && matches!(
                        self.word(*k).as_str(),
                        "WHERE" | "GROUP" | "HAVING" | "WINDOW" | "QUALIFY" | "ORDER" | "LIMIT"
                    )
            })
            .unwrap_or(to)
    }

    /// Translates one `SELECT` over `[from, to)`: its `FROM` and everything after it first
    /// (which fills the scope the select list's columns are resolved in), then the select list.
    pub(super) fn select_body(
        &mut self,
        from: usize,
        to: usize,
        from_at: Option<usize>,
        array_join: ArrayJoins,
    ) -> Result<String, ApiError> {
        // Select-list `arrayJoin` calls over an aggregate ([`Tr::late_select_arrays`]).
        let late_arrays = self.late_select_arrays((from + 1, from_at), to, &array_join)?;
        if let Some(rollup) = from_at.and_then(|f| self.find_rollup(f, to)) {
            if !late_arrays.is_empty() {
                return Err(unsupported(
                    "an arrayJoin of the select list over an aggregate (arrayJoin(groupArray(x))) beside WITH ROLLUP|CUBE or GROUPING SETS",
                ));
            }
            return self.rollup_select(from, to, from_at, array_join, rollup);
        }
        let mut st = Sel::new(from_at, to, array_join);
        st.list = (from + 1, from_at.unwrap_or_else(|| self.list_end(from, to)));
        // A window function beside a late `HAVING` ([`Tr::late_having`]) reads the rows it
        // repeats: what follows the `HAVING` is written over them ([`Tr::lift_windows`]).
        let lifted = from_at
            .filter(|f| self.windowed(*f))
            .and_then(|f| Some((f, self.late_having(&st)?)));
        if !late_arrays.is_empty() && self.late_having(&st).is_some() {
            return Err(unsupported(
                "an arrayJoin of the select list over an aggregate (arrayJoin(groupArray(x))) beside an arrayJoin in HAVING that repeats aggregated rows",
            ));
        }
        self.late_arrays.extend(late_arrays.iter().cloned());
        // (One a window reads joins the rows before every window, which the rows made after
        // aggregating do not reproduce yet; see [`Tr::windows_read_late_arrays`].)
        if !late_arrays.is_empty() && self.windows_read_late_arrays(&st) {
            return Err(unsupported(
                "an arrayJoin of the select list over an aggregate (arrayJoin(groupArray(x))) that a window function reads",
            ));
        }
        // (Read before aggregating, such a call would be an aggregate's value there.)
        if let Some(f) = from_at.filter(|_| !late_arrays.is_empty()) {
            if self.reads_late_array(f, self.having_end(f).min(to), &st, &mut Vec::new()) {
                return Err(unsupported(
                    "an arrayJoin of the select list over an aggregate (arrayJoin(groupArray(x))) read in WHERE, GROUP BY or HAVING",
                ));
            }
        }
        let mut tail = Vec::new();
        if let Some(f) = from_at {
            // (The select list and the clauses after aggregating are written over the rows
            // made after it: those a late `HAVING` repeats, or the elements of late arrays.)
            let split = match lifted {
                Some((_, h)) => self.having_end(h).min(to),
                None if !late_arrays.is_empty() => self.having_end(f).min(to),
                None => to,
            };
            self.emit(f, split, &mut st, &mut tail)?;
            self.close_where(&mut st, &mut tail);
            if let Some((f, having)) = lifted {
                let inner = std::mem::take(&mut tail);
                tail.push(self.lift_windows((from + 1, f), (having, split), &st, &inner)?);
                self.emit(split, to, &mut st, &mut tail)?;
            } else if !late_arrays.is_empty() {
                let inner = std::mem::take(&mut tail);
                self.whole_windows = true;
                let lifted = self.lift_arrays((from + 1, f), split, &st, &inner);
                self.whole_windows = false;
                tail.push(lifted?);
                self.emit(split, to, &mut st, &mut tail)?;
            }
        }
        if !st.closers.is_empty() {
            return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
        }
        let folded_by_clauses = self.folded_count();
        let mut head = Vec::new();
        st.chains = vec![0];
        st.fresh = true;
        // A `SELECT` without `FROM` reads ClickHouse's one-row `system.one` (its `dummy` 0): its
        // `arrayJoin` calls join to that row, after its select list.
        let one_row = from_at.is_none() && !st.array_join.arrays.is_empty();
        let list_end = if one_row {
            self.list_end(from, to)
        } else {
            from_at.unwrap_or(to)
        };
        self.emit(from, list_end, &mut st, &mut head)?;
        if !st.closers.is_empty() {
            return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
        }
        self.fill_expressions(from + 1, list_end, &mut head, &st.array_join)?;
        // (ClickHouse resolves the select list after the `FROM`, before the other clauses.)
        if let Some(by_from) = st.folded_by_from {
            self.fold_list_after(by_from, folded_by_clauses);
        }
        if one_row {
            head.push("FROM (SELECT 0 AS \"dummy\")".into());
            self.arrays_after_joins(&mut st, &mut head)?;
            self.emit(list_end, to, &mut st, &mut head)?;
        }
        // A late `HAVING` ([`Tr::late_having`]): each aggregated row with the number of its
        // `HAVING` arrays' elements (their combinations) the condition holds for, repeated
        // that many times in its order (see [`repeated`]); `LIMIT` and `LIMIT … BY` count
        // the repeated rows.
        let late = match self.late_having(&st).filter(|_| lifted.is_none()) {
            Some(having) => {
                head.push(format!(", {} AS \"__ul_k\"", self.late_count(having, &st)?));
                let scope = self.scopes.last().cloned().unwrap_or_default();
                Some(self.item_types(from + 1, list_end, &scope))
            }
            None => None,
        };
        // An aggregate only in `HAVING` or `ORDER BY` ([`Tr::aggregates_outside_list`]): a
        // hidden `count()` makes SQLite aggregate, and only the answered columns are read of it.
        let having_only = match late.is_none() && self.aggregates_outside_list(&st) {
            true => {
                head.push(", count() AS \"__ul_h\"".into());
                let scope = self.scopes.last().cloned().unwrap_or_default();
                Some(self.item_types(from + 1, list_end, &scope))
            }
            false => None,
        };
        // (The repeated rows keep the columns `WITH FILL` reads that are not answered.)
        let filled = self.fill.as_ref().map(Fill::hidden).unwrap_or_default();
        let keep: Vec<&str> = filled.iter().map(String::as_str).collect();
        if let Some((n, m, by)) = st.limit_by.take() {
            // Each row's place within its `BY` group and in the whole order, then the rows
            // whose place is within the limit, in that order; a `LIMIT` after it applies last.
            let order = match st.order_by {
                Some((a, b)) => {
                    self.unordered_arrays(a, b, st.list)?;
                    format!(" ORDER BY {}", self.expression(a, b)?)
                }
                None => String::new(),
            };
            let limit = match st.limit_at {
                Some(k) => tail.split_off(k.min(tail.len())).join(" "),
                None => format!("LIMIT {}", self.rows_max),
            };
            // ClickHouse applies `LIMIT … BY` after the windows and `ORDER BY` (its planner's
            // steps), which may read windows, that SQLite cannot nest in the numbering's.
            let windows = self.any_outside_subqueries(from, to, |k| self.word(k) == "OVER");
            let (places, rows) = match &late {
                Some(cols) => {
                    // (A window beside the count's subquery would move its aggregates out of
                    // their group: the repeated rows are numbered in their order instead.)
                    head.push(format!(", json_array({by}) AS \"__ul_lp\""));
                    head.extend(tail);
                    let rows = repeated(&head.join(" "), cols, &[&keep[..], &["__ul_lp"]].concat());
                    (numbered_by_group(&rows), "\"__ul_lo\"")
                }
                // (Its one aggregated row too, where only `HAVING` or `ORDER BY` aggregates.)
                None if windows || having_only.is_some() => {
                    // (Its `LIMIT -1` keeps SQLite from dropping its `ORDER BY`.)
                    head.push(format!(", json_array({by}) AS \"__ul_lp\""));
                    head.extend(tail);
                    let rows = format!("{} LIMIT -1", head.join(" "));
                    (numbered_by_group(&rows), "\"__ul_lo\"")
                }
                None => {
                    head.push(format!(
                        ", ROW_NUMBER() OVER (PARTITION BY {by}{order}) AS \"__ul_lb\", ROW_NUMBER() OVER ({order}) AS \"__ul_lo\""
                    ));
                    head.extend(tail);
                    (head.join(" "), "\"__ul_lo\"")
                }
            };
            let names = match late.as_ref().or(having_only.as_ref()) {
                Some(cols) => kept_columns("", cols, &keep),
                None => "*".into(),
            };
            return Ok(format!(
                "SELECT {names} FROM ({places}) WHERE \"__ul_lb\" > {m} AND \"__ul_lb\" <= {} ORDER BY {rows} {limit}",
                m.saturating_add(n)
            ));
        }
        if let Some(cols) = &late {
            let limit = match st.limit_at.filter(|_| st.limit_seen) {
                Some(k) => tail.split_off(k.min(tail.len())).join(" "),
                None => format!("LIMIT {}", self.rows_max),
            };
            head.extend(tail);
            let rows = repeated(&head.join(" "), cols, &keep);
            return Ok(format!(
                "SELECT {} FROM ({rows}) {limit}",
                kept_columns("", cols, &keep)
            ));
        }
        head.extend(tail);
        if let Some(cols) = &having_only {
            return Ok(format!(
                "SELECT {} FROM ({})",
                kept_columns("", cols, &keep),
                head.join(" ")
            ));
        }
        if !st.limit_seen {
            head.push(format!("LIMIT {}", self.rows_max));
        }
        Ok(head.join(" "))
    }

    /// Before a clause that ends a `WHERE` (or at the end of the `SELECT`): closes the `WHERE`
    /// the joins' conditions were added to, or adds one with them.
    pub(super) fn close_where(&self, st: &mut Sel, out: &mut Vec<String>) {
        match st.where_state {
            WhereState::Open => out.push(")".into()),
            WhereState::None if !st.extra_where.is_empty() => {
                out.push(format!("WHERE {}", st.extra_where.join(" AND ")));
            }
            _ => {}
        }
        st.where_state = WhereState::Done;
    }

    /// The `(` or `[` left open before `k`.
    pub(super) fn enclosing_open(&self, k: usize) -> Option<usize> {
        let mut depth = 0usize;
        for p in (0..k).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => return Some(p),
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                _ => {}
            }
        }
        None
    }

    /// Whether `[a, b)` is an expression in parentheses (not a call's, a tuple or a
    /// subquery).
    pub(super) fn parenthesized(&self, a: usize, b: usize) -> bool {
        let call = a
            .checked_sub(1)
            .and_then(|p| self.toks.get(p))
            .is_some_and(|t| match t {
                Tok::Word(w) => !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()),
                t => matches!(t, Tok::Sym(")" | "]")),
            });
        self.toks.get(a) == Some(&Tok::Sym("("))
            && b > a + 2
            && closing(self.toks, a) == Some(b - 1)
            && !call
            && !matches!(self.word(a + 1).as_str(), "SELECT" | "WITH")
            && self.list_items(a + 1, b - 1).len() == 1
    }

    /// The array expression `[a, b)` seen through parentheses and select-list aliases
    /// (ClickHouse puts an alias's expression in its place): the tokens of the array itself.
    pub(super) fn array_source(&self, mut a: usize, mut b: usize) -> (usize, usize) {
        for _ in 0..NESTING_MAX {
            match self.toks.get(a..b).unwrap_or_default() {
                [Tok::Sym("("), ..] if self.parenthesized(a, b) => (a, b) = (a + 1, b - 1),
                [Tok::Word(w)] if self.word(a.wrapping_sub(1)) != "AS" => {
                    // (One being expanded is where it stands.)
                    let expanded = self.alias_sites.iter().find(|(_, _, at)| *at == a);
                    match self.select_alias(w, a) {
                        Some((_, s, e)) => (a, b) = (s, e),
                        None => match expanded {
                            Some(&(s, e, _)) => (a, b) = (s, e),
                            None => break,
                        },
                    }
                }
                _ => break,
            }
        }
        (a, b)
    }

    /// Where the array `[a, b)` is read: out through the parentheses around it and, while a
    /// select-list alias whose expression it is is expanded ([`Tr::alias_sites`]), from
    /// where the alias stands (the inverse of [`Tr::array_source`]).
    pub(super) fn array_site(&self, mut a: usize, mut b: usize) -> (usize, usize) {
        let mut sites = self.alias_sites.iter().rev().peekable();
        loop {
            if a > 0 && self.parenthesized(a - 1, b + 1) {
                (a, b) = (a - 1, b + 1);
            } else if let Some(&(_, _, at)) = sites.next_if(|(s, e, _)| (*s, *e) == (a, b)) {
                (a, b) = (at, at + 1);
            } else {
                return (a, b);
            }
        }
    }

    /// The `]` of the `[` at `open`.
    pub(super) fn bracket_close(&self, open: usize) -> Option<usize> {
        bracket_close(self.toks, open)
    }

    /// An `ARRAY JOIN` alias or a lambda's parameter read in another case than written
    /// (`ARRAY JOIN tags AS T … GROUP BY t`, `arrayFilter(X -> x = 'a', tags)`): ClickHouse's
    /// UNKNOWN_IDENTIFIER ("Unknown expression identifier `t` …"; ClickHouse 25.5.2 and 25.8.2
    /// (chDB) agree), which the lookup in any case here would answer.
    pub(super) fn check_array_alias_case(&self, w: &str) -> Result<(), ApiError> {
        match self.array_alias_written.get(&w.to_ascii_lowercase()) {
            Some(written) if written != w => {
                Err(query_error("Unknown identifier in analytics query"))
            }
            _ => Ok(()),
        }
    }

    /// A column, alias or `alias.column`, quoted for SQLite.
    pub(super) fn identifier(&self, w: &str) -> Result<String, ApiError> {
        self.check_array_alias_case(w)?;
        if let Some(element) = self.array_aliases.get(&w.to_ascii_lowercase()) {
            // (Its `json_each` may be written under another name for now.)
            for (name, other) in &self.renames {
                if let Some(column) = element.strip_prefix(&format!("\"{name}\".")) {
                    return Ok(format!("\"{other}\".{column}"));
                }
            }
            return Ok(element.clone());
        }
        let known = |part: &str| {
            self.dataset.has_column(part)
                || self.dataset.tables().contains(&part)
                || self
                    .dataset
                    .tables()
                    .iter()
                    .any(|t| self.dataset.physical_table(t) == Some(part))
                || self.names.contains(&part.to_ascii_lowercase())
        };
        let parts: Vec<&str> = w.split('.').collect();
        if parts.len() > 2 || !parts.iter().all(|p| !p.is_empty() && known(p)) {
            // A subquery's or CTE's unaliased computed column read by the name ClickHouse
            // gives it (`` `count()` ``, `` `plus(x, 1)` ``), which ClickHouse resolves
            // (ClickHouse 25.5.2 and 25.8.2 (chDB) agree) and this translation does not
            // write: not run.
            let name = match quoted_at(w, 0) {
                Some((name, end)) if end == w.len() => name,
                _ => w.to_string(),
            };
            let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
            if name.contains('(')
                && scope
                    .iter()
                    .any(|src| src.cols.iter().any(|(n, _)| *n == name))
            {
                return Err(unsupported(
                    "a subquery's or CTE's unaliased computed column read by its name (`count()`)",
                ));
            }
            // An alias of an enclosing `SELECT`: ClickHouse's analyzer reads its expression
            // in the subquery's own scope (`SELECT key_id AS k, (SELECT count() FROM t WHERE
            // key_id = k)` compares the subquery's `key_id` with itself: ClickHouse 25.5.2 and
            // 25.8.2 (chDB) agree), which this translation does not write: not run.
            if self.outer_alias(&name) {
                return Err(outer_alias_not_run());
            }
            return Err(query_error("Unknown identifier in analytics query"));
        }
        Ok(parts
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join("."))
    }

    /// The source a column reference resolves to in the current `SELECT`, and its type.
    pub(super) fn resolve(&self, w: &str) -> Option<(&Src, Ty)> {
        let scope = self.scopes.last()?;
        Self::resolve_in(scope, w)
    }

    /// Whether the name `w` (qualified or not) is a `Nullable` column of a source in `scope`.
    pub(super) fn nullable_column(scope: &[Src], w: &str) -> bool {
        let column = w.rsplit('.').next().unwrap_or(w).to_ascii_lowercase();
        Self::resolve_in(scope, w).is_some_and(|(src, _)| src.nullable_cols.contains(&column))
    }

    /// Whether the bare name `w` is a column of both sources of the current `SELECT`'s single
    /// join (two sources, no `USING` of it), which ClickHouse resolves to the left one's
    /// (`single_join_prefer_left_table`; of three sources or more it is AMBIGUOUS_IDENTIFIER).
    pub(super) fn left_of_single_join(&self, w: &str) -> bool {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let holds = |src: &Src| src.cols.iter().any(|(n, _)| n.eq_ignore_ascii_case(w));
        scope.len() == 2
            && scope.iter().all(holds)
            && !scope
                .iter()
                .any(|src| src.using.contains(&w.to_ascii_lowercase()))
    }

    /// Whether the column `w`, which no source of the innermost `SELECT` has, is a column of
    /// an enclosing `SELECT`'s source: a correlated subquery. ClickHouse refuses each as the
    /// real server sends it (25.5's analyzer without `allow_experimental_correlated_subqueries`
    /// raises UNSUPPORTED_METHOD; 25.8 cannot decorrelate the `Limit` step of upstream's
    /// `LIMIT 10000`, NOT_IMPLEMENTED, or an `IN` argument: ClickHouse 25.5.2 and 25.8.2 (chDB)
    /// agree that it is an error), and upstream's error mapping answers either as "Invalid
    /// analytics query". SQLite would run it.
    pub(super) fn correlated(&self, w: &str) -> bool {
        if self.interpolating || self.scopes.len() < 2 {
            return false;
        }
        let outer = self.scopes.len() - 1;
        self.scopes
            .get(..outer)
            .unwrap_or_default()
            .iter()
            .any(|scope| Self::resolve_in(scope, w).is_some())
    }

    /// Whether `w`, no column of the innermost `SELECT`'s sources, is a select-list alias of
    /// an enclosing `SELECT` (and not of the innermost): ClickHouse's analyzer reads the
    /// alias's expression in the subquery's own scope (`SELECT key_id AS k, (SELECT count()
    /// FROM t WHERE key_id = k)` compares the subquery's `key_id` with itself: ClickHouse
    /// 25.5.2 and 25.8.2 (chDB) agree), which this translation does not write.
    pub(super) fn outer_alias(&self, w: &str) -> bool {
        let depth = self.select_aliases.len().saturating_sub(1);
        let own = self
            .select_aliases
            .last()
            .is_some_and(|aliases| aliases.iter().any(|(alias, ..)| alias == w));
        !self.interpolating
            && !own
            && self
                .select_aliases
                .get(..depth)
                .unwrap_or_default()
                .iter()
                .any(|aliases| aliases.iter().any(|(alias, ..)| alias == w))
    }

    /// The source of `scope` the column `w` (`column` or `qualifier.column`) names, and its
    /// type. ClickHouse's identifiers are case-sensitive (a column, a table's alias, a CTE's
    /// or subquery's column: `FROM t AS KV … kv.outcome` is its UNKNOWN_IDENTIFIER, "Maybe you
    /// meant: ['KV.outcome']": ClickHouse 25.5.2 and 25.8.2 (chDB) agree), so the names are
    /// compared as written.
    pub(super) fn resolve_in<'s>(scope: &'s [Src], w: &str) -> Option<(&'s Src, Ty)> {
        Self::resolve_cased(scope, w, false)
    }

    /// [`Tr::resolve_in`], or with `any_case` its names compared in any ASCII case (SQLite's
    /// way, which a name this server writes through would be resolved by).
    pub(super) fn resolve_cased<'s>(
        scope: &'s [Src],
        w: &str,
        any_case: bool,
    ) -> Option<(&'s Src, Ty)> {
        let same = |a: &str, b: &str| {
            if any_case {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        let find = |src: &'s Src, c: &str| {
            src.cols
                .iter()
                .find(|(n, _)| same(n, c))
                .map(|(_, t)| (src, *t))
        };
        match w.split_once('.') {
            Some((q, c)) => scope
                .iter()
                .filter(|s| same(&s.name, q))
                .find_map(|s| find(s, c)),
            None => scope.iter().find_map(|s| find(s, w)),
        }
    }

    /// Whether `w`, which names no column of the innermost `SELECT`'s sources as written,
    /// would name one, or a select-list alias of it, in another case: ClickHouse's
    /// UNKNOWN_IDENTIFIER (its identifiers are case-sensitive: `count() AS Total … ORDER BY
    /// total` is "Unknown expression identifier `total` … Maybe you meant: ['Total']"), which
    /// SQLite would resolve.
    pub(super) fn other_case(&self, w: &str) -> bool {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let alias = || {
            !w.contains('.')
                && self.select_aliases.last().is_some_and(|aliases| {
                    aliases
                        .iter()
                        .any(|(a, ..)| a.eq_ignore_ascii_case(w) && a != w)
                })
        };
        Self::resolve_cased(scope, w, true).is_some() || alias()
    }

    /// A column reference as SQLite SQL, and whether it is written as an expression (so a
    /// select-list item of it needs its name): a column of a source an outer join may leave
    /// unmatched is its type's default there, as in ClickHouse.
    pub(super) fn column_ref(&self, w: &str) -> Result<(String, bool), ApiError> {
        self.check_array_alias_case(w)?;
        let lower = w.to_ascii_lowercase();
        if let Some(element) = self.array_aliases.get(&lower) {
            let sql = self.identifier(w)?;
            if self.left_array_aliases.contains(&lower) {
                // An empty array's element: its type's default (a tag's '').
                let ty = self.element_types.get(element).copied().unwrap_or(Ty::Str);
                let default = ty.default_sql().unwrap_or("''");
                return Ok((format!("COALESCE({sql}, {default})"), true));
            }
            return Ok((sql, false));
        }
        // (A name two or more sources have: the one ClickHouse's analyzer takes, see
        // [`Tr::shared_column_source`]; where it takes none, SQLite's ambiguity is its error.)
        let (sql, resolved) = match self.shared_column_source(w) {
            Some((src, ty)) => (format!("\"{}\".\"{w}\"", src.name), Some((src, ty))),
            None => (self.identifier(w)?, self.resolve(w)),
        };
        let Some((src, ty)) = resolved else {
            if self.correlated(w) {
                return Err(correlated_error());
            }
            if self.outer_alias(w) {
                return Err(outer_alias_not_run());
            }
            if self.other_case(w) {
                return Err(query_error("Unknown identifier in analytics query"));
            }
            return Ok((sql, false));
        };
        if let Some((_, other)) = self
            .renames
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&src.name))
        {
            let column = w.rsplit('.').next().unwrap_or(w);
            return Ok((format!("\"{other}\".\"{column}\""), false));
        }
        // (A bare name of a source read from shared numbered rows is read from that source;
        // so is one that two sources of a single join hold, from the left one, as ClickHouse's
        // `single_join_prefer_left_table`, on by default and not set by upstream, resolves it:
        // chDB 3.6.0, ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree.)
        let sql = if !w.contains('.') && (src.projected || self.left_of_single_join(w)) {
            format!("\"{}\".\"{w}\"", src.name)
        } else {
            sql
        };
        let column = w.rsplit('.').next().unwrap_or(w).to_ascii_lowercase();
        match ty.default_sql() {
            Some(default) if src.nullable && !src.nullable_cols.contains(&column) => {
                Ok((format!("COALESCE({sql}, {default})"), true))
            }
            _ => Ok((sql, false)),
        }
    }

    /// The select-list alias of the current `SELECT` that the word at `i` names: its name and
    /// its expression's tokens (not from inside that expression, nor while it is expanded).
    pub(super) fn select_alias(&self, w: &str, i: usize) -> Option<(String, usize, usize)> {
        if w.contains('.') || self.array_aliases.contains_key(&w.to_ascii_lowercase()) {
            return None;
        }
        let (name, s, e) = self
            .select_aliases
            .last()?
            .iter()
            .find(|(name, s, e)| {
                name == w && !(*s..*e).contains(&i) && !self.expanding.contains(name)
            })
            .cloned()?;
        // Inside an aggregate's arguments too: an alias of an aggregate there nests aggregates,
        // ClickHouse's ILLEGAL_AGGREGATION, so upstream's documented `sum(total) AS total, …
        // sum(total) - sum(passed)` is its 400 (ClickHouse 25.5.2 and 25.8.2 (chDB) agree).
        Some((name, s, e))
    }

    /// The `)` that ends the call at `k` (`name(`): its parentheses', or for
    /// `quantile(level)(x)` its second group's.
    pub(super) fn call_close(&self, k: usize) -> Option<usize> {
        let close = closing(self.toks, k + 1)?;
        match self.toks.get(close + 1) {
            Some(Tok::Sym("(")) if self.word(k) == "QUANTILE" => closing(self.toks, close + 1),
            _ => Some(close),
        }
    }

    /// Whether the string literal at `k` is the whole argument of a `toIntervalUnit(…)` call
    /// (`INTERVAL 'n' UNIT` is written as one, see [`string_intervals`]).
    pub(super) fn interval_string(&self, k: usize) -> bool {
        matches!(self.toks.get(k), Some(Tok::Str(_)))
            && self.toks.get(k + 1) == Some(&Tok::Sym(")"))
            && k.checked_sub(1)
                .is_some_and(|p| self.toks.get(p) == Some(&Tok::Sym("(")))
            && k.checked_sub(2)
                .is_some_and(|f| self.word(f).starts_with("TOINTERVAL"))
    }

    /// Whether the word at `k` calls an aggregate function.
    pub(super) fn is_aggregate_call(&self, k: usize) -> bool {
        self.toks.get(k + 1) == Some(&Tok::Sym("(")) && is_aggregate_name(&self.word(k))
    }

    /// Whether the token at `i` is inside an aggregate call's parentheses (within its own
    /// query), a window function's not counting.
    pub(super) fn inside_aggregate(&self, i: usize) -> bool {
        let mut depth = 0i64;
        let mut k = i;
        while let Some(p) = k.checked_sub(1) {
            k = p;
            match self.toks.get(k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) if depth > 0 => depth -= 1,
                Some(Tok::Sym("(")) => {
                    if matches!(self.word(k + 1).as_str(), "SELECT" | "WITH") {
                        return false;
                    }
                    // `quantile(level)(x)`: the call's name is before its first parentheses.
                    let mut name_at = k.checked_sub(1);
                    if let Some(Tok::Sym(")")) = name_at.and_then(|n| self.toks.get(n)) {
                        let open = (0..k.saturating_sub(1))
                            .rev()
                            .find(|o| closing(self.toks, *o) == Some(k - 1));
                        name_at = open.and_then(|o| o.checked_sub(1));
                    }
                    // (A window function's arguments are read after the aggregation, as
                    // ClickHouse computes windows over its rows: not inside an aggregate.)
                    if name_at.is_some_and(|n| {
                        (self.is_aggregate_call(n) || self.word(n) == "QUANTILE")
                            && self
                                .call_close(n)
                                .is_none_or(|c| self.word(c + 1) != "OVER")
                    }) {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// Whether the tokens `[a, b]` (a `*`, `q.*`, or any expression) are a whole item of a
    /// select list.
    pub(super) fn is_star_item(&self, a: usize, b: usize, st: &Sel) -> bool {
        let before = a.checked_sub(1).and_then(|p| self.toks.get(p));
        let starts = before.is_some_and(|p| {
            *p == Tok::Sym(",") || matches!(upper(p).as_str(), "SELECT" | "DISTINCT")
        });
        let item_end = |k: usize| {
            self.toks
                .get(k)
                .is_none_or(|n| *n == Tok::Sym(",") || upper(n) == "FROM")
        };
        let aliased = self.word(b + 1) == "AS"
            && matches!(self.toks.get(b + 2), Some(Tok::Word(_)))
            && item_end(b + 3);
        let ends = item_end(b + 1) || aliased;
        st.closers.is_empty() && st.from_at.is_some_and(|f| b < f) && starts && ends
    }

    /// Notes a `*` (of the source `only`) of the current `SELECT` that answers latency states
    /// (see [`Tr::star_states`]).
    pub(super) fn note_star_states(&mut self, only: Option<&str>) {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let states = scope
            .iter()
            .filter(|src| only.is_none_or(|q| src.name.eq_ignore_ascii_case(q)))
            .any(|src| src.states);
        if states {
            if let Some(flag) = self.star_states.last_mut() {
                *flag = true;
            }
        }
    }

    /// A `*` (or `q.*`) of the current `SELECT` as SQLite select-list items (see [`star`]).
    pub(super) fn star_sql(&self, only: Option<&str>) -> String {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let items = star(scope, only);
        if items.is_empty() {
            return match only {
                Some(q) => format!("\"{q}\".*"),
                None => "*".into(),
            };
        }
        items
            .into_iter()
            .map(|(sql, name, _)| format!("{sql} AS \"{}\"", name.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The arguments of the call whose `(` is at `open`: their token ranges.
    /// Whether the query holds an `AND` or `OR` (an operator or a call `and(…)`, `or(…)`)
    /// with an operand ClickHouse folds to a constant ([`Tr::constant_expression`]): with one
    /// of 0, `x AND 0` is the constant 0 and `x OR 1` 1 as ClickHouse's analyzer resolves
    /// them (FunctionsLogical's constant result of non-constant arguments), and `x` is never
    /// run, so a type error ClickHouse meets only as it runs `x` (`time = toString(time)` of a
    /// `Date`, which 25.8 words "while executing function equals") is not met: `WHERE time =
    /// toString(time) AND 0` answers no rows, `OR 1` every row (ClickHouse 25.5.2 and 25.8.2
    /// (chDB) agree). Which of this server's type errors ClickHouse meets only then is not
    /// followed here: such a query is not run ([`DECIDED_LOGIC`]). With `literal_only`, only
    /// a literal operand is read as deciding (`0`, `false`; `1`, `true`), else any constant
    /// but a literal that does not decide is.
    pub(super) fn logic_with_constant(&self, literal_only: bool) -> bool {
        let ends = |k: usize| match self.toks.get(k) {
            Some(Tok::Sym("," | ";")) | None => true,
            Some(Tok::Word(_)) => OPERAND_ENDS.contains(&self.word(k).as_str()),
            _ => false,
        };
        for k in 0..self.toks.len() {
            let w = match self.toks.get(k) {
                Some(Tok::Word(_)) => self.word(k),
                _ => continue,
            };
            if w != "AND" && w != "OR" {
                continue;
            }
            // (A literal decides only as 0 or `false` for `AND`, another number or `true` for
            // `OR`; another constant is taken as one that may.)
            let operand = |s: usize, e: usize| {
                let (s, e) = self.unparenthesized(s, e);
                let literal = match self.toks.get(s..e) {
                    Some([Tok::Num(v)]) => v.parse::<f64>().ok().map(|v| v != 0.0),
                    Some([Tok::Word(_)]) => match self.word(s).as_str() {
                        "TRUE" => Some(true),
                        "FALSE" => Some(false),
                        "NULL" => return false,
                        _ => None,
                    },
                    _ => None,
                };
                match literal {
                    Some(value) => value == (w == "OR"),
                    None => !literal_only && s < e && self.constant_expression(s, e),
                }
            };
            // (Its left operand, back to what opens or ends it.)
            let mut s = k;
            let mut depth = 0usize;
            while let Some(p) = s.checked_sub(1) {
                match self.toks.get(p) {
                    Some(Tok::Sym(")" | "]")) => depth += 1,
                    Some(Tok::Sym("(" | "[")) if depth == 0 => break,
                    Some(Tok::Sym("(" | "[")) => depth -= 1,
                    _ if depth == 0 && ends(p) => break,
                    _ => {}
                }
                s = p;
            }
            // (A call `and(…)`/`or(…)`: no left operand.)
            if s == k && self.toks.get(k + 1) == Some(&Tok::Sym("(")) {
                if self.arguments(k + 1).iter().any(|&(a, b)| operand(a, b)) {
                    return true;
                }
                continue;
            }
            // (`BETWEEN`'s `AND`.)
            if (s..k).any(|p| self.word(p) == "BETWEEN") {
                continue;
            }
            let mut e = k + 1;
            let mut depth = 0usize;
            while e < self.toks.len() {
                match self.toks.get(e) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) if depth == 0 => break,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    _ if depth == 0 && ends(e) => break,
                    _ => {}
                }
                e += 1;
            }
            if operand(s, k) || operand(k + 1, e) {
                return true;
            }
        }
        false
    }

    /// Of the calls `arrayJoin([])` (of the empty literal, ClickHouse's `Array(Nothing)`,
    /// whose values are of type `Nothing`): `None` where the query holds none, else whether
    /// each is a whole select-list item (with its alias or not). ClickHouse refuses a column
    /// of type `Nothing` (ILLEGAL_TYPE_OF_ARGUMENT "Invalid projection column with type
    /// Nothing", upstream's "Invalid analytics query"; also in a subquery, and of `min`,
    /// `toString` or `+ 1` of it, and in `WHERE` its ILLEGAL_TYPE_OF_COLUMN_FOR_FILTER:
    /// ClickHouse 25.5.2 and 25.8.2 (chDB) agree), where SQLite answers no rows.
    pub(super) fn empty_array_joins(&self) -> Option<bool> {
        let mut found = None;
        for k in 0..self.toks.len() {
            let call = self.word(k) == "ARRAYJOIN"
                && self.toks.get(k + 1) == Some(&Tok::Sym("("))
                && self.toks.get(k + 2) == Some(&Tok::Sym("["))
                && self.toks.get(k + 3) == Some(&Tok::Sym("]"))
                && self.toks.get(k + 4) == Some(&Tok::Sym(")"));
            if !call {
                continue;
            }
            // (Opened by `SELECT` [`DISTINCT`] or a `,` of a select list; ended by its `,`, its
            // end, or an alias first.)
            let before = k.checked_sub(1).map(|p| self.word(p)).unwrap_or_default();
            let opened = matches!(before.as_str(), "SELECT" | "DISTINCT" | "ALL")
                || k.checked_sub(1).is_some_and(|p| {
                    self.toks.get(p) == Some(&Tok::Sym(",")) && self.in_select_list(p)
                });
            let mut after = k + 5;
            if self.word(after) == "AS" {
                after += 2;
            }
            let ended = match self.toks.get(after) {
                None | Some(Tok::Sym("," | ")")) => true,
                Some(t) => SELECT_LIST_END.contains(&upper(t).as_str()),
            };
            let whole = opened && ended;
            found = Some(found.unwrap_or(true) && whole);
        }
        found
    }

    /// Whether the query holds an `if` (`if(c, a, b)`, `c ? a : b` as read here) whose
    /// condition is a constant: ClickHouse's analyzer resolves only the branch it takes, so a
    /// name it does not know in the other is no error there (`if(1, 'a', nosuch)`,
    /// `if(now() > today(), ['', 'u1'], tags)` of `ratelimits_v1` answer their taken branch:
    /// ClickHouse 25.5.2 and 25.8.2 (chDB) agree). Where this server finds an unknown name in
    /// such a query, with a name in a branch the condition may not take (the other of a
    /// number's, either of another constant's) that is no column of the query's tables, it
    /// is not run.
    pub(super) fn constant_if(&self) -> bool {
        // (A branch holding a name that may be unknown: a word neither called nor a keyword
        // or literal, nor a column of a table the query names.)
        let tables: Vec<&str> = self
            .dataset
            .tables()
            .iter()
            .copied()
            .filter(|t| {
                self.toks
                    .iter()
                    .any(|w| matches!(w, Tok::Word(w) if w.eq_ignore_ascii_case(t)))
            })
            .collect();
        let columns: Vec<String> = tables
            .iter()
            .flat_map(|t| table_columns(self.dataset, t))
            .map(|(c, _)| c.to_ascii_uppercase())
            .collect();
        let names = |a: usize, b: usize| {
            (a..b).any(|k| match self.toks.get(k) {
                Some(t @ Tok::Word(_)) => {
                    self.toks.get(k + 1) != Some(&Tok::Sym("("))
                        && literal_name(t).is_none()
                        && !KEYWORDS.contains(&self.word(k).as_str())
                        && !columns.contains(&self.word(k))
                }
                _ => false,
            })
        };
        (0..self.toks.len()).any(|k| {
            if self.word(k) != "IF" || self.toks.get(k + 1) != Some(&Tok::Sym("(")) {
                return false;
            }
            let arguments = self.arguments(k + 1);
            let [(cs, ce), (as_, ae), (bs, be)] = arguments.as_slice() else {
                return false;
            };
            let (cs, ce) = self.unparenthesized(*cs, *ce);
            let taken = match self.toks.get(cs..ce) {
                Some([Tok::Num(v)]) => v.parse::<f64>().ok().map(|v| v != 0.0),
                _ if self.constant_expression(cs, ce) => None,
                _ => return false,
            };
            match taken {
                Some(true) => names(*bs, *be),
                Some(false) => names(*as_, *ae),
                None => names(*as_, *ae) || names(*bs, *be),
            }
        })
    }

    /// Whether a name an `ARRAY JOIN` gives (`ARRAY JOIN tags AS tag`) is given by another
    /// `AS` of the query too (`SELECT tags AS tag … ARRAY JOIN tags AS tag`), which ClickHouse
    /// answers (the select list's `tag` the whole array, the rows those of the `ARRAY JOIN`:
    /// ClickHouse 25.5.2 and 25.8.2 (chDB) agree) where this server's reading of the names
    /// finds an error: such a query is not run.
    pub(super) fn array_join_alias_reused(&self) -> bool {
        let mut joined: Vec<String> = Vec::new();
        let mut given: Vec<String> = Vec::new();
        let mut in_array_join = false;
        let mut depth = 0i64;
        for k in 0..self.toks.len() {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => {
                    depth -= 1;
                    if depth < 0 {
                        in_array_join = false;
                        depth = 0;
                    }
                }
                Some(Tok::Word(_)) => {
                    let w = self.word(k);
                    if w == "ARRAY" && self.word(k + 1) == "JOIN" {
                        in_array_join = true;
                        depth = 0;
                    } else if depth == 0
                        && matches!(
                            w.as_str(),
                            "WHERE"
                                | "PREWHERE"
                                | "GROUP"
                                | "ORDER"
                                | "HAVING"
                                | "LIMIT"
                                | "JOIN"
                                | "SELECT"
                                | "UNION"
                                | "SETTINGS"
                                | "WINDOW"
                                | "QUALIFY"
                        )
                        && self.word(k.saturating_sub(1)) != "ARRAY"
                    {
                        in_array_join = false;
                    } else if w == "AS" {
                        if let Some(Tok::Word(name)) = self.toks.get(k + 1) {
                            let name = name.to_ascii_uppercase();
                            if in_array_join {
                                joined.push(name);
                            } else {
                                given.push(name);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        joined
            .iter()
            .enumerate()
            .any(|(n, a)| given.contains(a) || joined.iter().skip(n + 1).any(|b| b == a))
    }

    /// Whether the token at `at` stands in a select list, at its depth: the clause it follows
    /// at that depth is a `SELECT`'s.
    fn in_select_list(&self, at: usize) -> bool {
        let mut depth = 0usize;
        let mut k = at;
        while let Some(p) = k.checked_sub(1) {
            k = p;
            match self.toks.get(k) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => return false,
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(t @ Tok::Word(_)) if depth == 0 => {
                    let w = upper(t);
                    if w == "SELECT" {
                        return true;
                    }
                    if SELECT_LIST_END.contains(&w.as_str()) || w == "BY" || w == "ON" {
                        return false;
                    }
                }
                _ => {}
            }
        }
        false
    }

    pub(super) fn arguments(&self, open: usize) -> Vec<(usize, usize)> {
        match closing(self.toks, open) {
            Some(close) => self.list_items(open + 1, close),
            None => Vec::new(),
        }
    }

    /// The items of the comma-separated list `[a, b)` (commas outside parentheses and
    /// brackets): their token ranges; none for an empty list.
    /// The select-list items of `a..b` (a `SELECT`'s list) that are an `AND`, `OR` or `NOT`
    /// (an alias aside): one of an operand `and` or `not` refuses (`NOT external_id`,
    /// `external_id AND 1`, `NOT tags`) is ClickHouse's "Illegal type (String) of argument of
    /// function not" (ClickHouse 25.5.2 and 25.8.2 (chDB) agree), upstream's "Invalid
    /// analytics query" (see `Tr::check_condition`).
    pub(super) fn check_logical_items(&self, a: usize, b: usize) -> Result<(), ApiError> {
        let a = a + usize::from(self.word(a) == "DISTINCT");
        for (s, e) in self.list_items(a, b) {
            let e = match (
                e.checked_sub(2).map(|p| self.word(p)),
                self.toks.get(e.wrapping_sub(1)),
            ) {
                (Some(kw), Some(Tok::Word(_))) if kw == "AS" && e >= s + 3 => e - 2,
                _ => e,
            };
            if self.logical_operands(s, e).is_some() && self.refused_by_and(s, e) {
                return Err(query_error("Invalid analytics query"));
            }
        }
        Ok(())
    }

    pub(super) fn list_items(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut items = Vec::new();
        let mut depth = 0i64;
        let mut start = a;
        for k in a..b {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Sym(",")) if depth == 0 => {
                    items.push((start, k));
                    start = k + 1;
                }
                _ => {}
            }
        }
        if start < b {
            items.push((start, b));
        }
        items
    }

    /// Translates the expression `[a, b)` on its own (a join's condition, a lambda's body),
    /// where the `SELECT`'s `arrayJoin` calls stand for their elements.
    pub(super) fn expression(&mut self, a: usize, b: usize) -> Result<String, ApiError> {
        let arrays = self.select_arrays.last().cloned().unwrap_or_default();
        self.expression_with(a, b, arrays)
    }

    /// [`Tr::expression`] where the `SELECT`'s `arrayJoin` calls stand for their elements.
    pub(super) fn expression_with(
        &mut self,
        a: usize,
        b: usize,
        array_join: ArrayJoins,
    ) -> Result<String, ApiError> {
        let mut st = Sel::new(None, b, array_join);
        self.expression_in(a, b, &mut st)
    }

    /// [`Tr::expression_with`] in the state `st`.
    pub(super) fn expression_in(
        &mut self,
        a: usize,
        b: usize,
        st: &mut Sel,
    ) -> Result<String, ApiError> {
        let mut out = Vec::new();
        self.emit(a, b, st, &mut out)?;
        if !st.closers.is_empty() {
            return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
        }
        Ok(out.join(" "))
    }

    /// Whether `[a, b)` varies by row as ClickHouse's analyzer sees it: it reads a column,
    /// aggregates or calls `arrayJoin` (a constant is none of these).
    pub(super) fn varies(&self, a: usize, b: usize) -> bool {
        self.aggregates_or_joins(a, b) || self.reads_column(a, b)
    }

    /// Whether `[a, b)` calls an aggregate function or `arrayJoin`.
    pub(super) fn aggregates_or_joins(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| {
            self.is_aggregate_call(k)
                || (self.word(k) == "ARRAYJOIN" && self.toks.get(k + 1) == Some(&Tok::Sym("(")))
        })
    }

    /// Whether `src` holds a public table's columns (the table, or `SELECT *` of it).
    pub(super) fn table_source(&self, src: &Src) -> bool {
        self.dataset
            .tables()
            .iter()
            .any(|t| src.cols == table_columns(self.dataset, t))
    }

    /// Whether `[a, b)` reads a column (of any source).
    pub(super) fn reads_column(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| match self.toks.get(k) {
            Some(Tok::Word(w)) if self.toks.get(k + 1) != Some(&Tok::Sym("(")) => {
                w.contains('.') || self.resolve(w).is_some()
            }
            _ => false,
        })
    }
}

/// The rows of `rows` (made in their order, their `LIMIT … BY` group in `__ul_lp`) with their
/// place in the order (`__ul_lo`) and in their group (`__ul_lb`).
pub(super) fn numbered_by_group(rows: &str) -> String {
    format!(
        "SELECT *, ROW_NUMBER() OVER (PARTITION BY \"__ul_lp\" ORDER BY \"__ul_lo\") AS \"__ul_lb\" FROM (SELECT *, ROW_NUMBER() OVER () AS \"__ul_lo\" FROM ({rows}))"
    )
}
