//! Verification analytics (`--analytics`): every verification of a found key is recorded, and
//! `analytics.getVerifications` answers a read-only subset of upstream's ClickHouse query
//! language, translated to SQLite over those records.
//!
//! The subset: `SELECT`s from the five public tables (`key_verifications_v1` and its
//! `_per_minute/_hour/_day/_month_v1` rollups), subqueries in `FROM`, in expressions and in
//! `IN (…)`, a top-level `WITH name AS (…)`, `UNION ALL` / `UNION DISTINCT`, with `WHERE`,
//! `GROUP BY`, `HAVING`, `ORDER BY`, `LIMIT`/`OFFSET`, `CASE`, and most functions of upstream's
//! list (see [`Tr::call`]); `INTERVAL`s of months, quarters and years are calendar months, and
//! an expression of intervals of different kinds is ClickHouse's tuple of them ([`Intervals`]),
//! compared or passed to functions as ClickHouse types them ([`Tr::interval_value`],
//! [`Tr::interval_call`], [`Tr::converted_count`]), a subquery's or CTE's column of intervals
//! or of a tuple of them as those intervals ([`IntervalColumn`], [`Tr::column_intervals`]; a
//! tuple literal of them as their tuple, [`Tr::tuple_literal`]; an array of them keeping its
//! elements' kind where it is read, [`Tr::array_column_read`]), a
//! set operation's in its arms' common kinds ([`set_operation_intervals`]), an `arrayJoin` element of a literal in the literal's
//! ([`Tr::joined_interval`]), a subscript of an array of them an interval
//! ([`Tr::subscripted_intervals`]), an array read through its alias where its name is used
//! ([`Tr::array_source`], [`Tr::array_site`]); a time moved by intervals takes ClickHouse's
//! type ([`Ty::moved`]); a subscript `a[i]` is `arrayElement` ([`Tr::subscript`]) and
//! `toString` of an array ClickHouse's text of it ([`sqlite::array_text`]), both typed by where
//! the array comes from ([`Tr::leaf_element_ty`]); a number added to a time counts its days or
//! seconds, and a time less a time is their distance ([`Tr::time_arithmetic`]); a number
//! compared with a time is compared with its seconds, as ClickHouse compares them
//! ([`compared`], [`Tr::number_time_comparison`]), an `IN` list of them converted to the left
//! side's type and the left side of an `IN` subquery to its column's ([`Tr::number_time_in`]),
//! and a time is cut to whole units downward
//! ([`floor_div_sql`]). A time-zone argument reads the time in the zone (jiff's embedded tz
//! database, [`in_zone`]; [`Tr::time_zone`]), and a `DateTime` of a zone is run where it is
//! only answered with the zone's offset, grouped, sorted, compared as an instant or with a
//! string read in the zone ([`zone_wall_time`]), read as an epoch number, floored in its zone
//! or read by a calendar function ([`Tr::zoned_value`]).
//! Joins (ClickHouse's `SEMI`/`ANTI`/`ANY`/`ASOF` too), `EXCEPT` (`ALL` by default; upstream's
//! parser takes no `INTERSECT`, [`chparse`]), `ARRAY JOIN`, `arrayJoin` and
//! `arrayFilter` are built from SQLite's joins,
//! compound selects and `json_each` (the left side of a `RIGHT SEMI`/`ANY`/`ANTI JOIN` after
//! other joins from a CTE of its rows); `WITH ROLLUP|CUBE` and `GROUPING SETS` from a `UNION ALL`
//! of groupings, `LIMIT … BY` from window functions (an integer there naming a select-list item,
//! [`Tr::limit_by_items`]), and `ORDER BY … WITH FILL` by filling
//! the sorted rows of its `SELECT` as ClickHouse does (after its `DISTINCT`), into a temporary
//! table the rest of the query reads ([`Stage`]). An `arrayJoin` in `HAVING` repeats the
//! aggregated rows ([`Tr::late_having`]), which window functions beside it read
//! ([`Tr::lift_windows`]), and one of the select list over an aggregate joins them to its
//! elements ([`Tr::lift_arrays`]); named windows (`WINDOW w AS (…)`) run as SQLite's, where upstream
//! lets ClickHouse run them ([`Tr::check_window_clauses`]). Each `SELECT`'s sources and the ClickHouse
//! types of their columns are tracked ([`Ty`], select-list aliases as their expressions), so
//! answers write times, booleans, decimals and arrays as upstream does (an array of times its
//! elements as times, [`Ty::Array`] telling their type and depth, [`ArrayLeaf`]), an outer
//! join's unmatched columns are their types' defaults (`NULL` for a `Nullable` one), and
//! unaliased computed columns carry the names ClickHouse's analyzer gives them, also through
//! `*` ([`Tr::expression_name`]; subqueries `_subquery_N`, [`Tr::subquery_numbers`]), and a
//! `String` where ClickHouse takes a number is its type error ([`Tr::check_operands`]); `/`
//! is ClickHouse's float division, `inf` by zero ([`Tr::division_operands`]), and a float `nan`
//! (SQLite's NULL) is run only where a NULL stands for it, refused where one arises elsewhere
//! ([`Tr::nan_read`], [`NanRead`]), as is SQLite's float of integer arithmetic past 64 bits
//! ([`Tr::exact_integers`]). `groupUniqArray` answers its values in the order of ClickHouse's
//! hash set, refused where that order is the order values reach the set, and
//! `groupArray(DISTINCT x)` where the order first seen is that set's order too
//! ([`hash_order`]). A
//! select-list alias may go without `AS`, as upstream's parser reads it ([`explicit_aliases`]),
//! and a name may be quoted with `` ` `` or `"` ([`quoted_word`]).
//! Calls of constants (and `%` of constants), which ClickHouse folds as it analyses the
//! query, are read once before the query runs, in the order ClickHouse folds them, so one
//! that fails is the query's error where no row reaches it too ([`Tr::folded`]).
//! The few forms not run are refused with a text that says so; everything else upstream
//! refuses is refused with its error types and texts. The query is tokenized and only whitelisted tokens are re-emitted
//! (a quoted name as a plain word, or hexadecimal when it is not one), so the SQL SQLite runs
//! can only read the recorded rows.
//!
//! Every query first goes through `chparse`, a port of upstream's parser (AfterShip
//! clickhouse-sql-parser v0.4.18) and of the checks upstream makes on its tree before
//! anything else (statements, `SETTINGS`, the node and select-item limits): its syntax
//! errors are upstream's, "Invalid SQL syntax: " and that parser's message
//! ([`chparse::check`]).
//!
//! Where each part lives: `chparse` (upstream's parser, the first gate), `lex` (tokens, and
//! the words that shape select lists), `translate`
//! (the translator [`Tr`]: queries, `SELECT`s, select lists, sources in scope), `emit`
//! (expressions and calls, token by token), `aggregates` (ClickHouse's aggregate validation,
//! [`Tr::check_aggregates`], and `GROUP BY ALL`'s keys, which like `GROUPING SETS (())` of no
//! aggregate and `ORDER BY ALL`'s positions ([`Tr::order_by_all`]) are written into the tokens
//! for one more translation, [`Tr::rewrite`]), `joins`, `rollup`, `having`, `windows` (named
//! windows), `fill` (`WITH FILL`),
//! `intervals`, `types` (ClickHouse's types, [`Ty`]), `names` (ClickHouse's column names),
//! `ast_depth` (ClickHouse's `max_ast_depth`, [`check_ast_depth`]), `dates` (and time zones), `nanos` (`DateTime64`s of scale 7 to 9 to the ns, [`Tr::nanos_gate`]), `retention` (upstream's retention check) and `sqlite` (the functions registered
//! in SQLite); this module records the events and runs the translated query.

use crate::calendar::{civil_from_days, days_from_civil, days_in_month, ymd};
use crate::error::ApiError;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection};
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::{HashSet, VecDeque};

mod aggregates;
mod arith;
mod ast_depth;
mod casts;
mod chparse;
mod dates;
mod emit;
mod fill;
mod hash_order;
mod having;
mod intervals;
mod joins;
mod lex;
mod names;
mod nanos;
mod retention;
mod rollup;
mod sqlite;
mod translate;
mod tree_size;

use chparse::Verdict;
mod types;
mod uniq;
mod windows;

use arith::*;
use ast_depth::*;
use casts::*;
use dates::*;
use fill::*;
use hash_order::*;
use having::*;
use intervals::*;
use lex::*;
use nanos::*;
use retention::*;
use sqlite::*;
use translate::*;
use tree_size::*;
use types::*;
use uniq::*;
use windows::*;

/// At most this many verifications are kept per workspace (the oldest are dropped).
const ROWS_MAX: usize = 100_000;
/// The rows one query may answer unless the workspace's settings say otherwise: upstream's
/// `max_query_result_rows`, 10,000 by default in its schema (clickhouse_workspace_settings.sql).
/// Upstream's parser lowers every `SELECT`'s `LIMIT` to it (query-parser/limits.go, the
/// executor's `Limit`), and its settings profile's `max_result_rows` refuses a larger answer.
pub const RESULT_ROWS_DEFAULT: i64 = 10_000;

/// Drops the oldest rows of `table` (one of the recording tables) beyond [`ROWS_MAX`];
/// `stored` is how many it holds.
fn keep_newest(
    tx: &rusqlite::Transaction<'_>,
    table: &str,
    stored: &mut usize,
) -> rusqlite::Result<()> {
    if *stored > ROWS_MAX {
        let excess = *stored - ROWS_MAX;
        tx.execute(
            &format!("DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} ORDER BY rowid LIMIT ?1)"),
            params![excess as i64],
        )?;
        *stored = ROWS_MAX;
    }
    Ok(())
}
/// The stack of the thread a query is translated on.
const TRANSLATION_STACK_BYTES: usize = 64 * 1024 * 1024;
/// Longest query accepted.
const QUERY_BYTES_MAX: usize = 16 * 1024;

/// One recorded verification (the columns of upstream's `key_verifications_raw_v2`).
#[derive(Debug, Clone)]
pub struct Verification {
    /// Unix ms.
    pub time: i64,
    /// The request's id.
    pub request_id: String,
    /// The key's keyspace (`ks_…`).
    pub key_space_id: String,
    /// The key's identity id, or empty.
    pub identity_id: String,
    /// The identity's external id, or empty.
    pub external_id: String,
    /// The key id.
    pub key_id: String,
    /// `VALID`, `RATE_LIMITED`, …
    pub outcome: &'static str,
    /// The request's tags.
    pub tags: Vec<String>,
    /// Credits spent by this verification.
    pub spent_credits: i64,
}

/// A workspace's analytics limits (ClickHouse's quota and settings profile upstream; here
/// set with `/_local/dashboard/workspaceLimits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Queries allowed per quota window (`None`: unlimited).
    pub max_queries_per_window: Option<i64>,
    /// The quota window, ms (windows are aligned to multiples of it on the server clock).
    pub quota_window_ms: i64,
    /// Rows one query may answer: each `SELECT`'s `LIMIT` is lowered to it, and a larger
    /// answer (a `UNION ALL` of such `SELECT`s) is a 422 (see [`RESULT_ROWS_DEFAULT`]).
    pub max_result_rows: i64,
    /// How long a query may run on the database, ms (see [`QUERY_TIMEOUT_MS_DEFAULT`]).
    pub query_timeout_ms: i64,
}

impl Default for Limits {
    /// Upstream's defaults: no quota here, an hour's window, 10,000 rows, 10 s.
    fn default() -> Self {
        Limits {
            max_queries_per_window: None,
            quota_window_ms: 3_600_000,
            max_result_rows: RESULT_ROWS_DEFAULT,
            query_timeout_ms: QUERY_TIMEOUT_MS_DEFAULT,
        }
    }
}

/// How long upstream lets a query run on ClickHouse before it gives up: its executor's
/// `context.WithTimeout(ctx, AnalyticsQueryTimeout)`, 10 s (pkg/clickhouse/user.go), whose
/// `DeadlineExceeded` WrapClickHouseError answers first of all (422
/// `query_execution_timeout`, "Query execution was canceled or timed out."). Here the same
/// deadline interrupts SQLite ([`Deadline`]), so a query too heavy to finish answers that 422
/// instead of holding its workspace (and its `verifyKey`s) for as long as it runs.
pub const QUERY_TIMEOUT_MS_DEFAULT: i64 = 10_000;

/// A query translated to SQLite for a workspace's settings, or why it is refused (see
/// [`translate`]). The translation reads nothing of the workspace's events, so it is made
/// without holding the workspace ([`Translation::new`]) and run with it ([`Analytics::run`]):
/// a slow translation then delays no `verifyKey`.
pub struct Translation {
    dataset: Dataset,
    query: String,
    now: i64,
    retention_days: i64,
    rows_max: i64,
    /// The time the translation took, which counts against the query's deadline.
    spent: std::time::Duration,
    translated: Result<Translated, ApiError>,
}

impl std::fmt::Debug for Translation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Translation")
            .field("query", &self.query)
            .field("translated", &self.translated.is_ok())
            .finish()
    }
}

impl Translation {
    /// Translates `query` over `dataset` at `now` for a workspace whose analytics reach
    /// `retention_days` back and answer at most `rows_max` rows per `SELECT`, within the
    /// `timeout_ms` the query has (upstream's deadline, [`QUERY_TIMEOUT_MS_DEFAULT`]): a
    /// translation that takes longer stops and is that timeout ([`out_of_time`]).
    pub fn new(
        dataset: Dataset,
        query: &str,
        now: i64,
        retention_days: i64,
        rows_max: i64,
        timeout_ms: i64,
    ) -> Translation {
        let started = std::time::Instant::now();
        let until = started.checked_add(timeout_duration(timeout_ms));
        // The translation recurses once per nested query (at most [`NESTING_MAX`] deep), so it
        // runs on a thread of its own with room for that, whatever thread calls.
        let translated = std::thread::scope(|scope| {
            let failed = |_| ApiError::internal("analytics query translation failed");
            std::thread::Builder::new()
                .name("analytics-translate".into())
                .stack_size(TRANSLATION_STACK_BYTES)
                .spawn_scoped(scope, || {
                    BUDGET.with(|b| {
                        b.set(Budget {
                            until,
                            steps: 0,
                            over: false,
                        })
                    });
                    let translated = translate(dataset, query, now, retention_days, rows_max);
                    if BUDGET.with(|b| b.get().over) {
                        return Err(timeout_error());
                    }
                    translated
                })
                .map_err(|e| failed(e.to_string()))?
                .join()
                .map_err(|_| failed(String::new()))?
        });
        Translation {
            dataset,
            query: query.to_string(),
            now,
            retention_days,
            rows_max,
            spent: started.elapsed(),
            translated,
        }
    }
}

/// Set when the server shuts down ([`stop`]): translations and queries still running stop.
static STOPPING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Stops every analytics translation and query running, and any started later: each answers
/// upstream's timeout ([`timeout_error`]). For the server's shutdown, which then waits for no
/// analytics work.
pub fn stop() {
    STOPPING.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// `ms` as a duration (none if negative).
fn timeout_duration(ms: i64) -> std::time::Duration {
    std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// The deadline of the translation running on this thread (see [`out_of_time`]).
#[derive(Clone, Copy)]
struct Budget {
    /// When it passes (`None`: never).
    until: Option<std::time::Instant>,
    /// The checks made so far.
    steps: u32,
    /// Whether it has passed.
    over: bool,
}

/// How many checks [`out_of_time`] makes for each reading of the clock.
const STEPS_PER_CLOCK_READ: u32 = 256;

thread_local! {
    /// The translation's deadline: none but on a translation's own thread
    /// ([`Translation::new`]).
    static BUDGET: std::cell::Cell<Budget> = const {
        std::cell::Cell::new(Budget { until: None, steps: 0, over: false })
    };
}

/// Whether the translation running on this thread has passed its deadline (or the server is
/// shutting down, [`stop`]). Its recursive passes ([`Tr::expr_ty`], [`Tr::emit`], …) check it
/// at each step, reading the clock every [`STEPS_PER_CLOCK_READ`]: once it has passed, they
/// end at once (typing answers `Unknown`, emitting an error), and the translation is the
/// timeout, whatever it made ([`Translation::new`]).
pub(super) fn out_of_time() -> bool {
    BUDGET.with(|cell| {
        let mut b = cell.get();
        if b.over {
            return true;
        }
        b.steps = b.steps.wrapping_add(1);
        if b.steps % STEPS_PER_CLOCK_READ == 0 {
            b.over = STOPPING.load(std::sync::atomic::Ordering::Relaxed)
                || b.until.is_some_and(|t| std::time::Instant::now() >= t);
        }
        cell.set(b);
        b.over
    })
}

/// Upstream's answer to a query past its deadline: the executor's `DeadlineExceeded`, which
/// WrapClickHouseError answers first of all (pkg/clickhouse/errors.go).
fn timeout_error() -> ApiError {
    ApiError::unprocessable(
        "user/unprocessable_entity/query_execution_timeout",
        "Query execution was canceled or timed out.",
    )
}

/// How often a query's watchdog looks whether the server is shutting down ([`stop`]).
const SHUTDOWN_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// A watchdog that interrupts a connection's running statements once `ms` have passed
/// (SQLite's `sqlite3_interrupt`, through rusqlite's thread-safe handle), unless
/// [`Deadline::finish`] comes first.
struct Deadline {
    done: std::sync::mpsc::Sender<()>,
    fired: std::sync::Arc<std::sync::atomic::AtomicBool>,
    watchdog: Option<std::thread::JoinHandle<()>>,
}

impl Deadline {
    /// Starts the watchdog (without a thread to run it, there is no deadline), which also
    /// interrupts the statements when the server shuts down ([`stop`]).
    fn start(handle: rusqlite::InterruptHandle, limit: std::time::Duration) -> Deadline {
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let fired = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = fired.clone();
        let until = std::time::Instant::now().checked_add(limit);
        let watchdog = std::thread::Builder::new()
            .name("analytics-deadline".into())
            .spawn(move || loop {
                let left = until.map_or(SHUTDOWN_POLL, |t| {
                    t.saturating_duration_since(std::time::Instant::now())
                });
                let stopping = STOPPING.load(std::sync::atomic::Ordering::SeqCst);
                if left.is_zero() || stopping {
                    flag.store(true, std::sync::atomic::Ordering::SeqCst);
                    handle.interrupt();
                    return;
                }
                match wait.recv_timeout(left.min(SHUTDOWN_POLL)) {
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    _ => return,
                }
            })
            .ok();
        Deadline {
            done,
            fired,
            watchdog,
        }
    }

    /// Stops the watchdog; `ran` is what the query answered, or upstream's timeout if the
    /// deadline passed first (whatever SQLite made of the interruption).
    fn finish<T>(self, ran: Result<T, ApiError>) -> Result<T, ApiError> {
        let _ = self.done.send(());
        if let Some(watchdog) = self.watchdog {
            let _ = watchdog.join();
        }
        if self.fired.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(timeout_error());
        }
        ran
    }
}

/// The recorded verifications of one workspace.
#[derive(Default)]
pub struct Analytics {
    pending: VecDeque<Verification>,
    pending_rl: VecDeque<RatelimitEvent>,
    conn: Option<Connection>,
    stored: usize,
    stored_rl: usize,
    /// The workspace's limits.
    pub limits: Limits,
    /// The current quota window's start and the queries counted in it.
    quota_used: (i64, i64),
    /// The rollup tables built since the events last changed: each one's name and the `base`
    /// `SELECT` of the events it was built from (a scoped root key's filter included), so a
    /// query of the same rollup over the same events reads it as built.
    rollups_built: std::collections::HashMap<String, String>,
}

impl std::fmt::Debug for Analytics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analytics")
            .field("pending", &self.pending.len())
            .field("stored", &self.stored)
            .finish()
    }
}

const COLUMNS: &[&str] = &[
    "request_id",
    "time",
    "workspace_id",
    "key_space_id",
    "identity_id",
    "external_id",
    "key_id",
    "region",
    "source",
    "app_id",
    "outcome",
    "tags",
    "spent_credits",
    "latency",
];

const ROLLUP_COLUMNS: &[&str] = &[
    "time",
    "workspace_id",
    "key_space_id",
    "identity_id",
    "external_id",
    "key_id",
    "outcome",
    "source",
    "app_id",
    "tags",
    "count",
    "spent_credits",
];

/// The columns of `ratelimits_v1` (upstream's `ratelimits_raw_v2`).
const RL_COLUMNS: &[&str] = &[
    "request_id",
    "time",
    "workspace_id",
    "namespace_id",
    "identifier",
    "passed",
    "latency",
    "override_id",
    LIMIT_COLUMN,
    "remaining",
    "reset_at",
    "tokens",
];

/// The name `ratelimits_v1`'s `limit` column goes by in a translation: the keyword `LIMIT`
/// is a name only quoted (`` `limit` ``) or after a `.` (`r.limit`), which the lexer writes
/// as [`lex::quoted_word`] writes a quoted keyword, so that no clause finder reads it as
/// `LIMIT`; answered as `limit` ([`lex::own_name_unescaped`]). The table's CTE answers the
/// stored column under this name too ([`Dataset::table_cte`]).
const LIMIT_COLUMN: &str = "__ul_q6c696d6974";

/// The columns of the `ratelimits_per_…_v1` rollups that hold plain values (their latency
/// states need `…Merge` functions, which upstream's function list refuses).
const RL_ROLLUP_COLUMNS: &[&str] = &[
    "time",
    "workspace_id",
    "namespace_id",
    "identifier",
    "passed",
    "total",
    "total_tokens",
    "passed_tokens",
];

/// Which recorded events a query reads: `analytics.getVerifications` or
/// `analytics.getRatelimits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dataset {
    /// Key verifications (`key_verifications_…`).
    Verifications,
    /// Rate-limit decisions of `ratelimit.limit`/`multiLimit` (`ratelimits_…`).
    Ratelimits,
}

impl Dataset {
    /// The public tables.
    /// The table upstream's rewriteTables puts in place of the public `table` (its handlers'
    /// `tableAliases`, without the database): a source without an alias is qualified by it
    /// in ClickHouse, and no longer by the public name.
    fn physical_table(self, table: &str) -> Option<&'static str> {
        let physical: &[&str] = match self {
            Dataset::Verifications => &[
                "key_verifications_raw_v2",
                "key_verifications_per_minute_v3",
                "key_verifications_per_hour_v3",
                "key_verifications_per_day_v3",
                "key_verifications_per_month_v3",
            ],
            Dataset::Ratelimits => &[
                "ratelimits_raw_v2",
                "ratelimits_per_minute_v2",
                "ratelimits_per_hour_v2",
                "ratelimits_per_day_v2",
                "ratelimits_per_month_v2",
            ],
        };
        let at = self.tables().iter().position(|t| *t == table)?;
        physical.get(at).copied()
    }

    fn tables(self) -> &'static [&'static str] {
        match self {
            Dataset::Verifications => PUBLIC_TABLES,
            Dataset::Ratelimits => &[
                "ratelimits_v1",
                "ratelimits_per_minute_v1",
                "ratelimits_per_hour_v1",
                "ratelimits_per_day_v1",
                "ratelimits_per_month_v1",
            ],
        }
    }

    /// Whether `name` is a column of one of its tables.
    fn has_column(self, name: &str) -> bool {
        match self {
            Dataset::Verifications => COLUMNS.contains(&name) || ROLLUP_COLUMNS.contains(&name),
            Dataset::Ratelimits => RL_COLUMNS.contains(&name) || RL_ROLLUP_COLUMNS.contains(&name),
        }
    }

    /// The SQLite table its events are stored in, and the column a scoped root key filters.
    fn storage(self) -> (&'static str, &'static str) {
        match self {
            Dataset::Verifications => ("raw", "key_space_id"),
            Dataset::Ratelimits => ("rl_raw", "namespace_id"),
        }
    }

    /// The CTE that names `table`, showing only rows at or after `cutoff` (Unix ms):
    /// upstream's row policy on every analytics table. A raw table reads `base`; a rollup
    /// reads its temporary table (see [`Dataset::rollup`]).
    fn table_cte(self, table: &str, cutoff: i64) -> Option<String> {
        let raw = match self {
            Dataset::Verifications => "key_verifications_v1",
            Dataset::Ratelimits => "ratelimits_v1",
        };
        if table == raw {
            let limit = match self {
                Dataset::Verifications => String::new(),
                Dataset::Ratelimits => format!(", \"limit\" AS \"{LIMIT_COLUMN}\""),
            };
            return Some(format!(
                "{table} AS (SELECT *{limit} FROM base WHERE time >= {cutoff})"
            ));
        }
        self.rollup(table)?;
        Some(format!(
            "{table} AS (SELECT * FROM temp.\"r_{table}\" WHERE time >= {cutoff})"
        ))
    }

    /// For a rollup table: the columns of the temporary table it is built in before a query
    /// (`time` declared DATETIME, so answers write it as ClickHouse's `DateTime` is written),
    /// and the `SELECT` over `base` that fills it.
    fn rollup(self, table: &str) -> Option<(&'static str, String)> {
        let ours = match self {
            Dataset::Verifications => table.starts_with("key_verifications_per_"),
            Dataset::Ratelimits => table.starts_with("ratelimits_per_"),
        };
        if !ours {
            return None;
        }
        let bucket = if table.ends_with("_per_minute_v1") {
            format!("{} * 60000", floor_div_sql("time", 60_000))
        } else if table.ends_with("_per_hour_v1") {
            format!("{} * 3600000", floor_div_sql("time", 3_600_000))
        } else if table.ends_with("_per_day_v1") {
            format!("{} * 86400000", floor_div_sql("time", 86_400_000))
        } else if table.ends_with("_per_month_v1") {
            format!(
                "CAST(strftime('%s', {}, 'unixepoch', 'start of month') AS INTEGER) * 1000",
                floor_div_sql("time", 1000)
            )
        } else {
            return None;
        };
        Some(match self {
            Dataset::Verifications => (
                "time DATETIME, workspace_id TEXT, key_space_id TEXT, identity_id TEXT, external_id TEXT, key_id TEXT, outcome TEXT, source TEXT, app_id TEXT, tags TEXT, count INTEGER, spent_credits INTEGER",
                format!("SELECT {bucket}, workspace_id, key_space_id, identity_id, external_id, key_id, outcome, source, app_id, tags, COUNT(*), SUM(spent_credits) FROM base GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"),
            ),
            Dataset::Ratelimits => (
                "time DATETIME, workspace_id TEXT, namespace_id TEXT, identifier TEXT, passed INTEGER, total INTEGER, total_tokens INTEGER, passed_tokens INTEGER",
                format!("SELECT {bucket}, workspace_id, namespace_id, identifier, SUM(passed), COUNT(*), SUM(tokens), SUM(CASE WHEN passed THEN tokens ELSE 0 END) FROM base GROUP BY 1, 2, 3, 4"),
            ),
        })
    }
}

/// One decision of `ratelimit.limit` or `multiLimit` (the columns of upstream's
/// `ratelimits_raw_v2`).
#[derive(Debug, Clone)]
pub struct RatelimitEvent {
    /// Unix ms.
    pub time: i64,
    /// The request's id.
    pub request_id: String,
    /// The namespace id.
    pub namespace_id: String,
    /// The identifier.
    pub identifier: String,
    /// Whether it passed.
    pub passed: bool,
    /// The override applied, or empty.
    pub override_id: String,
    /// The limit checked.
    pub limit: i64,
    /// What remained.
    pub remaining: i64,
    /// When the window resets, Unix ms.
    pub reset_at: i64,
    /// The cost charged.
    pub tokens: i64,
}

fn query_error(detail: impl Into<String>) -> ApiError {
    ApiError::analytics("user/bad_request/invalid_analytics_query", detail)
}

/// Whether upstream answers `e` only once ClickHouse runs the query (its type and identifier
/// errors as `WrapClickHouseError` words them, its syntax error of upstream's text, "Invalid
/// SQL syntax" without upstream's parser's colon, or a form unkey-local does not run), that
/// is after every check of its own parser, the retention check last among them.
fn refused_at_run(e: &ApiError) -> bool {
    const AT_RUN: [&str; 3] = [
        "Invalid analytics query",
        "Unknown identifier in analytics query",
        "unkey-local does not run",
    ];
    e.code == "user/bad_request/invalid_analytics_query"
        && (AT_RUN.iter().any(|p| e.detail.starts_with(p)) || e.detail == "Invalid SQL syntax")
}

/// Upstream's resourceLimitPatterns (pkg/clickhouse/errors.go), in its source's order: a word
/// WrapClickHouseError looks for in a ClickHouse error's text (lowercased), before anything
/// else, and the error it answers then: status, code and text.
const RESOURCE_WORDS: [(&str, u16, &str, &str); 9] = [
    ("max bytes", 422, "user/unprocessable_entity/query_memory_limit_exceeded", "Query result exceeds the maximum response size."),
    ("max rows", 422, "user/unprocessable_entity/query_rows_limit_exceeded", "Query result exceeds the maximum row count."),
    ("timeout", 422, "user/unprocessable_entity/query_execution_timeout", "Query execution time limit exceeded. Try simplifying your query or reducing the time range."),
    ("execution time", 422, "user/unprocessable_entity/query_execution_timeout", "Query execution time limit exceeded. Try simplifying your query or reducing the time range."),
    ("memory", 422, "user/unprocessable_entity/query_memory_limit_exceeded", "Query memory limit exceeded. Try simplifying your query or reducing the result set size."),
    ("too many rows", 422, "user/unprocessable_entity/query_rows_limit_exceeded", "Query attempted to read too many rows. Try adding more filters or reducing the time range."),
    ("limit for rows_to_read", 422, "user/unprocessable_entity/query_rows_limit_exceeded", "Query attempted to read too many rows. Try adding more filters or reducing the time range."),
    ("limit for rows", 422, "user/unprocessable_entity/query_rows_limit_exceeded", "Query attempted to read too many rows. Try adding more filters or reducing the time range."),
    ("quota", 429, "user/too_many_requests/query_quota_exceeded", "Query quota exceeded for the current time window. Please try again later."),
];

/// `e` as upstream answers it when ClickHouse raised it and its text may quote the query:
/// WrapClickHouseError answers the resource error of the first of [`RESOURCE_WORDS`] the
/// (lowercased) text holds before reading the error's kind. ClickHouse's analyzer names the
/// scope of its error ("Unknown expression identifier `x` In scope SELECT …", the scope's
/// query as ClickHouse formats it, 03096_text_log_format_string_args_not_empty.sh), its syntax
/// error quotes 160 characters from where it failed (writeQueryAroundTheError), and errors of
/// a function quote its expression. So where a resource word is in a name, alias or string of
/// the query (comments are not written back by upstream's parser) or in the filters upstream
/// writes in (the workspace's id, the keyspaces allowed): an unknown identifier of a query of
/// one `SELECT` (no subquery, CTE, `WITH`, join or lambda, whose scope would be another or
/// whose error another) is answered as that word's resource error where the word is in a
/// name or alias (a string may be folded with its call into another constant before the
/// error), and every other such error is refused as not run (which of its text ClickHouse
/// prints is not followed here). Where words of two different errors are there, Go's map
/// iteration picks one at random (errors.go ranges over a map), so it is refused as not run.
fn resource_words(
    e: ApiError,
    query: &str,
    workspace_id: &str,
    allowed: Option<&[String]>,
) -> ApiError {
    const FROM_CLICKHOUSE: [&str; 4] = [
        "Invalid SQL syntax",
        "Invalid analytics query",
        "Unknown identifier in analytics query",
        "Unknown function in analytics query",
    ];
    if e.code != "user/bad_request/invalid_analytics_query"
        || !FROM_CLICKHOUSE.contains(&e.detail.as_str())
    {
        return e;
    }
    // (A syntax error of upstream's own parser never reaches ClickHouse: the errors above
    // come after its gate, see [`translate`].)
    let Ok(toks) = tokenize(query) else {
        return e;
    };
    let upstream_syntax = global_ins(toks.clone()).and_then(reprinted_group_modifiers);
    if upstream_syntax.is_err() {
        return e;
    }
    // (Go's strings.ToLower maps `İ` to `i`.)
    let lower = |t: &str| t.replace('İ', "i").to_lowercase();
    let names: Vec<String> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(lower(&own_name_unescaped(w))),
            _ => None,
        })
        .chain(std::iter::once(lower(workspace_id)))
        .chain(allowed.unwrap_or_default().iter().map(|a| lower(a)))
        .collect();
    let strings: Vec<String> = toks
        .iter()
        .filter_map(|t| match t {
            Tok::Str(s) => Some(lower(s)),
            _ => None,
        })
        .collect();
    let held = |texts: &[String]| {
        RESOURCE_WORDS
            .iter()
            .find(|(word, ..)| texts.iter().any(|t| t.contains(word)))
    };
    // The words ExtractUserFriendlyError reads (errors.go) in the same text, which choose
    // another of its texts where the query holds one of an earlier case ("unknown function"
    // before "unknown identifier", "syntax error" before the default): not followed here.
    const FRIENDLY_WORDS: [&str; 14] = [
        "not enough privileges",
        "unknown function",
        "no matching signature",
        "unknown identifier",
        "unknown expression",
        "unknown column",
        "missing columns",
        "there is no column",
        "no such column",
        "cannot find column",
        "syntax error",
        "unexpected token",
        "unrecognized token",
        "cannot parse",
    ];
    let not_run = || {
        unsupported(
            "an error of ClickHouse's whose text may quote words of the query that upstream's error mapping reads (`quota`, `memory`, `syntax error`, …)",
        )
    };
    let friendly = names
        .iter()
        .chain(&strings)
        .any(|t| FRIENDLY_WORDS.iter().any(|w| t.contains(w)));
    let (in_names, in_strings) = (held(&names), held(&strings));
    if in_names.is_none() && in_strings.is_none() {
        return if friendly { not_run() } else { e };
    }
    // The texts of every resource error whose word the query holds: more than one, and
    // which is answered depends on Go's map iteration.
    let texts: HashSet<&str> = RESOURCE_WORDS
        .iter()
        .filter(|(word, ..)| names.iter().chain(&strings).any(|t| t.contains(word)))
        .map(|(.., text)| *text)
        .collect();
    if texts.len() > 1 {
        return not_run();
    }
    let lambda = toks
        .windows(2)
        .any(|w| matches!(w, [Tok::Sym("-"), Tok::Sym(">")]));
    let one_select = toks.iter().filter(|t| upper(t) == "SELECT").count() == 1
        && !lambda
        && !toks
            .iter()
            .any(|t| matches!(upper(t).as_str(), "WITH" | "JOIN" | "USING"));
    match in_names {
        Some((_, status, code, text))
            if one_select
                && in_strings.is_none()
                && !friendly
                && e.detail == "Unknown identifier in analytics query" =>
        {
            if *status == 429 {
                ApiError::too_many(code, *text)
            } else {
                ApiError::unprocessable(code, *text)
            }
        }
        _ => not_run(),
    }
}

impl Analytics {
    /// Records one verification (a queue push; rows reach SQLite when a query runs).
    pub fn record(&mut self, v: Verification) {
        if self.pending.len() >= ROWS_MAX {
            self.pending.pop_front();
        }
        self.pending.push_back(v);
    }

    /// Records one rate-limit decision.
    pub fn record_ratelimit(&mut self, e: RatelimitEvent) {
        if self.pending_rl.len() >= ROWS_MAX {
            self.pending_rl.pop_front();
        }
        self.pending_rl.push_back(e);
    }

    fn flush(&mut self, workspace_id: &str) -> Result<&Connection, ApiError> {
        let internal = |e: rusqlite::Error| {
            eprintln!("unkey-local: analytics storage error: {e}");
            ApiError::internal("analytics storage error")
        };
        if self.conn.is_none() {
            let conn = Connection::open_in_memory().map_err(internal)?;
            conn.execute_batch(
                "CREATE TABLE raw (request_id TEXT, time INTEGER, workspace_id TEXT,
                    key_space_id TEXT, identity_id TEXT, external_id TEXT, key_id TEXT,
                    region TEXT, source TEXT, app_id TEXT, outcome TEXT, tags TEXT,
                    spent_credits INTEGER, latency REAL);
                 CREATE TABLE rl_raw (request_id TEXT, time INTEGER, workspace_id TEXT,
                    namespace_id TEXT, identifier TEXT, passed BOOLEAN, latency REAL,
                    override_id TEXT, \"limit\" INTEGER, remaining INTEGER, reset_at INTEGER,
                    tokens INTEGER);",
            )
            .map_err(internal)?;
            register_array_functions(&conn).map_err(internal)?;
            // A double-quoted name that is no column is an error (an unknown identifier, as in
            // ClickHouse), not SQLite's legacy string literal.
            conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DQS_DML, false)
                .map_err(internal)?;
            conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DQS_DDL, false)
                .map_err(internal)?;
            self.conn = Some(conn);
        }
        let Some(conn) = self.conn.as_mut() else {
            return Err(ApiError::internal("analytics storage missing"));
        };
        if !self.pending.is_empty() || !self.pending_rl.is_empty() {
            self.rollups_built.clear();
        }
        if !self.pending.is_empty() {
            let tx = conn.transaction().map_err(internal)?;
            {
                let mut stmt = tx
                    .prepare_cached(
                        "INSERT INTO raw VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'local', 'api', '', ?8, ?9, ?10, 0)",
                    )
                    .map_err(internal)?;
                for v in self.pending.drain(..) {
                    let tags = serde_json::to_string(&v.tags).unwrap_or_else(|_| "[]".into());
                    stmt.execute(params![
                        v.request_id,
                        v.time,
                        workspace_id,
                        v.key_space_id,
                        v.identity_id,
                        v.external_id,
                        v.key_id,
                        v.outcome,
                        tags,
                        v.spent_credits
                    ])
                    .map_err(internal)?;
                    self.stored += 1;
                }
            }
            keep_newest(&tx, "raw", &mut self.stored).map_err(internal)?;
            tx.commit().map_err(internal)?;
        }
        if !self.pending_rl.is_empty() {
            let tx = conn.transaction().map_err(internal)?;
            {
                let mut stmt = tx
                    .prepare_cached(
                        "INSERT INTO rl_raw VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9, ?10, ?11)",
                    )
                    .map_err(internal)?;
                for e in self.pending_rl.drain(..) {
                    stmt.execute(params![
                        e.request_id,
                        e.time,
                        workspace_id,
                        e.namespace_id,
                        e.identifier,
                        e.passed,
                        e.override_id,
                        e.limit,
                        e.remaining,
                        e.reset_at,
                        e.tokens
                    ])
                    .map_err(internal)?;
                    self.stored_rl += 1;
                }
            }
            keep_newest(&tx, "rl_raw", &mut self.stored_rl).map_err(internal)?;
            tx.commit().map_err(internal)?;
        }
        self.conn
            .as_ref()
            .ok_or_else(|| ApiError::internal("analytics storage missing"))
    }

    /// The time and outcome of every recorded verification of the end user `external_id`
    /// (only of `key_id` when given) from `from` (inclusive) to `to` (exclusive), Unix ms: what
    /// `portal.getVerifications` counts.
    pub fn outcomes_of(
        &mut self,
        workspace_id: &str,
        external_id: &str,
        key_id: Option<&str>,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, String)>, ApiError> {
        let conn = self.flush(workspace_id)?;
        let mut stmt = conn
            .prepare_cached(
                "SELECT time, outcome FROM raw WHERE external_id = ?1 AND (?2 = '' OR key_id = ?2)
                 AND time >= ?3 AND time < ?4",
            )
            .map_err(sqlite_error)?;
        let rows = stmt
            .query_map(params![external_id, key_id.unwrap_or(""), from, to], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .map_err(sqlite_error)?;
        rows.collect::<Result<Vec<_>, _>>().map_err(sqlite_error)
    }

    /// Runs `query` over this workspace's verifications; `keyspaces` limits the rows to these
    /// keyspaces (a root key with `read_analytics` on some APIs only). ([`Translation::new`]
    /// and [`Analytics::run`] in one, for a caller that holds the workspace while it
    /// translates.)
    pub fn query(
        &mut self,
        workspace_id: &str,
        query: &str,
        now: i64,
        keyspaces: Option<&[String]>,
        retention_days: i64,
    ) -> Result<Vec<Value>, ApiError> {
        let translation = Translation::new(
            Dataset::Verifications,
            query,
            now,
            retention_days,
            self.limits.max_result_rows,
            self.limits.query_timeout_ms,
        );
        self.run(translation, workspace_id, keyspaces)
    }

    /// Runs a query translated by [`Translation::new`] over this workspace's events of its
    /// dataset; `allowed` limits the rows to these keyspaces (verifications) or namespaces
    /// (rate limits). A translation error is answered here, where upstream answers it (before
    /// the quota counts the query), and an error ClickHouse raises as upstream's error mapping
    /// reads its text ([`resource_words`]). A translation made for another row limit than the
    /// workspace's now is made again.
    pub fn run(
        &mut self,
        translation: Translation,
        workspace_id: &str,
        allowed: Option<&[String]>,
    ) -> Result<Vec<Value>, ApiError> {
        let timeout = timeout_duration(self.limits.query_timeout_ms);
        let translation = if translation.rows_max == self.limits.max_result_rows {
            translation
        } else {
            let left = timeout.saturating_sub(translation.spent);
            let again = Translation::new(
                translation.dataset,
                &translation.query,
                translation.now,
                translation.retention_days,
                self.limits.max_result_rows,
                i64::try_from(left.as_millis()).unwrap_or(i64::MAX),
            );
            Translation {
                spent: translation.spent.saturating_add(again.spent),
                ..again
            }
        };
        let Translation {
            dataset,
            query,
            now,
            rows_max,
            translated,
            spent,
            ..
        } = translation;
        // (The translation's time counts against the query's deadline.)
        let left = timeout.saturating_sub(spent);
        self.run_query(
            dataset,
            workspace_id,
            translated,
            now,
            allowed,
            (rows_max, left),
        )
        .map_err(|e| resource_words(e, &query, workspace_id, allowed))
    }

    /// [`Analytics::run`] but for [`resource_words`]: the rows a `SELECT` may answer, and the
    /// time the query has left.
    fn run_query(
        &mut self,
        dataset: Dataset,
        workspace_id: &str,
        translated: Result<Translated, ApiError>,
        now: i64,
        allowed: Option<&[String]>,
        (max_rows, left): (i64, std::time::Duration),
    ) -> Result<Vec<Value>, ApiError> {
        // (A translation past the deadline stands for a query upstream's parser took, which
        // reached ClickHouse: the quota counts it first.)
        let timed_out = matches!(&translated, Err(e) if e.code == timeout_error().code);
        let translated = match translated {
            Err(e) if !timed_out => return Err(e),
            translated => translated,
        };
        // The quota counts queries that reach the database (a query the parser refuses never
        // does), per fixed window, as ClickHouse's `MAX queries` quota.
        if let Some(max) = self.limits.max_queries_per_window {
            let window = self.limits.quota_window_ms.max(1000);
            let start = now - now.rem_euclid(window);
            if self.quota_used.0 != start {
                self.quota_used = (start, 0);
            }
            if self.quota_used.1 >= max {
                return Err(ApiError::too_many(
                    "user/too_many_requests/query_quota_exceeded",
                    "Query quota exceeded for the current time window. Please try again later.",
                ));
            }
            self.quota_used.1 += 1;
        }
        let translated = translated?;
        // (The events recorded so far are written first, outside the deadline.)
        let handle = self.flush(workspace_id)?.get_interrupt_handle();
        let deadline = Deadline::start(handle, left);
        let ran = self.run_translated(dataset, &translated, allowed, max_rows);
        let ran = deadline.finish(ran);
        // A comparison ClickHouse fails as it runs, rows or none (see `Tr::fails_as_it_runs`):
        // its error, where the query ran here without another (or failed with the same); which
        // of two errors ClickHouse meets first as it runs is not followed.
        if translated.fails_as_it_runs {
            let invalid = query_error("Invalid analytics query");
            return match ran {
                Ok(_) => Err(invalid),
                Err(e) if e.status == invalid.status && e.detail == invalid.detail => Err(e),
                Err(e) if e.detail.starts_with("unkey-local does not run") => Err(e),
                Err(_) => Err(unsupported(
                    "a time compared with a string expression beside another error as the query runs",
                )),
            };
        }
        ran
    }

    /// Runs a translated query on the database (see [`Analytics::run`]).
    fn run_translated(
        &mut self,
        dataset: Dataset,
        translated: &Translated,
        allowed: Option<&[String]>,
        max_rows: i64,
    ) -> Result<Vec<Value>, ApiError> {
        let (storage, column) = dataset.storage();
        let base = match allowed {
            None => format!("SELECT * FROM {storage}"),
            Some(ids) => {
                let list: Vec<String> = ids.iter().map(|k| sql_string(k)).collect();
                format!(
                    "SELECT * FROM {storage} WHERE {column} IN ({})",
                    list.join(", ")
                )
            }
        };
        // A `SELECT` with the query's CTEs (a query that reads no table has none of its own).
        let with_ctes = |select: &str| {
            if translated.cte.is_empty() {
                format!("WITH base AS ({base}) {select}")
            } else {
                format!("WITH base AS ({base}), {} {select}", translated.cte)
            }
        };
        let sql = with_ctes(&translated.select);
        let conn = self
            .conn
            .as_ref()
            .ok_or_else(|| ApiError::internal("analytics storage missing"))?;
        // The rollups the query reads, built from the (filtered) events unless they were built
        // from the same events since those last changed.
        for table in &translated.tables {
            if let Some((columns, fill)) = dataset.rollup(table) {
                if self.rollups_built.get(*table) == Some(&base) {
                    continue;
                }
                self.rollups_built.remove(*table);
                conn.execute_batch(&format!(
                    "DROP TABLE IF EXISTS temp.\"r_{table}\"; CREATE TEMP TABLE \"r_{table}\" ({columns}); WITH base AS ({base}) INSERT INTO temp.\"r_{table}\" {fill};"
                ))
                .map_err(sqlite_error)?;
                self.rollups_built.insert(table.to_string(), base.clone());
            }
        }
        // Each constant ClickHouse folds as it analyses the query, read once and on its own
        // before any row (see `Tr::folded`): its error is the query's (in a CTE's body, where
        // SQLite reaches it). (SQL SQLite cannot prepare on its own, one that reads what only
        // the query around it holds, is left to the query; a constant reads no table.)
        // A call over a lambda ClickHouse folds only as it builds the plan, after its
        // analyzer has folded every other constant (`FoldStage::Plan`): where such a call
        // fails first here, the others are read on, and the first the analyzer folds that
        // fails is the query's error instead. Where the order is not followed (two such calls
        // failing otherwise, one inside a subquery, a CTE's body failing otherwise) the query
        // is refused as not run.
        let mut cte_fold_error = false;
        let mut planned: Option<Planned> = None;
        for fold in &translated.folded {
            let (sql, in_cte, stage) = match fold {
                Fold::Read(sql, in_cte, stage) => (sql, *in_cte, *stage),
                // (Told as it was translated: the analyzer's.)
                Fold::Failed(e) => return Err(analysis_failure(&planned, e.clone())),
            };
            // (With the query's CTEs, which a scalar subquery in it reads.)
            let prepared = conn.prepare(&with_ctes(&format!("SELECT {sql}")));
            let Some(mut stmt) = prepared.ok().filter(|s| s.readonly()) else {
                continue;
            };
            let Err(e) = stmt.query_row([], |_| Ok(())) else {
                continue;
            };
            let e = sqlite_error(e);
            match (&mut planned, in_cte, stage) {
                (None, true, _) => cte_fold_error = true,
                (Some(p), true, _) => p.unsure |= !same_error(&p.error, &e),
                (None, false, FoldStage::Plan { nested }) => {
                    planned = Some(Planned {
                        error: e,
                        nested,
                        unsure: false,
                    })
                }
                (Some(p), false, FoldStage::Plan { nested }) => {
                    p.nested |= nested;
                    p.unsure |= !same_error(&p.error, &e);
                }
                (_, false, FoldStage::Analysis) => return Err(analysis_failure(&planned, e)),
            }
        }
        match planned {
            Some(p) if p.unsure => return Err(unsupported(FOLDS_MEET)),
            Some(p) => return Err(p.error),
            None => {}
        }
        // Each `IN` subquery's set, which ClickHouse builds before the query reads a row
        // (`Tr::in_sets`): read on its own, every row; where it fails and the query runs
        // without SQLite meeting that failure, the query is refused (see below).
        let mut in_set_error = false;
        for set in &translated.in_sets {
            let prepared = conn.prepare(&with_ctes(&format!("SELECT * FROM ({set})")));
            let Some(mut stmt) = prepared.ok().filter(|s| s.readonly()) else {
                continue;
            };
            let Ok(mut rows) = stmt.query([]) else {
                in_set_error = true;
                continue;
            };
            loop {
                match rows.next() {
                    Ok(Some(_)) => {}
                    Ok(None) => break,
                    Err(_) => {
                        in_set_error = true;
                        break;
                    }
                }
            }
        }
        // A rollup's latency states answered: upstream's Go driver fails on the answer's
        // header, which ClickHouse sends before it reads a row (see `Tr::star_states`).
        if translated.answers_states {
            return Err(query_error("Invalid analytics query"));
        }
        for stage in &translated.stages {
            fill_stage(conn, stage, &with_ctes)?;
        }
        let mut stmt = conn.prepare(&sql).map_err(sqlite_error)?;
        if !stmt.readonly() {
            return Err(ApiError::analytics(
                "user/bad_request/invalid_analytics_query_type",
                "Only SELECT queries are allowed",
            ));
        }
        let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        // A column read straight from a `Bool` column (`ratelimits_v1.passed`, declared
        // BOOLEAN in the store, which SQLite reports through CTEs and subqueries) is answered
        // as ClickHouse's `Bool` is: `true`/`false`.
        let booleans: Vec<bool> = stmt
            .columns()
            .iter()
            .map(|c| {
                c.decl_type()
                    .is_some_and(|t| t.eq_ignore_ascii_case("BOOLEAN"))
            })
            .collect();
        // A rollup's `time` (declared DATETIME) is ClickHouse's `DateTime`, which upstream's
        // Go answers write as an RFC 3339 time.
        let datetimes: Vec<bool> = stmt
            .columns()
            .iter()
            .map(|c| {
                c.decl_type()
                    .is_some_and(|t| t.eq_ignore_ascii_case("DATETIME"))
            })
            .collect();
        // The ClickHouse types of the answer's columns, when they are told for each.
        // (Columns named `__ul_…` are the translation's own and never answered.)
        let answered = names.iter().filter(|n| !own_column(n)).count();
        let types: Vec<Ty> = if translated.columns.len() == answered {
            let mut told = translated.columns.iter().map(|(_, t)| *t);
            names
                .iter()
                .map(|n| {
                    if own_column(n) {
                        Ty::Unknown
                    } else {
                        told.next().unwrap_or(Ty::Unknown)
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        // The zone each column's times are written in, where its type carries one.
        let mut told_zones = translated.zones.iter().cloned();
        let zones: Vec<Option<String>> = names
            .iter()
            .map(|n| match own_column(n) {
                true => None,
                false => told_zones.next().flatten(),
            })
            .collect();
        if types.is_empty() && zones.iter().any(Option::is_some) {
            return Err(unsupported("a DateTime of a time zone in this query"));
        }
        let mut rows = stmt.query([]).map_err(sqlite_error)?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            // `max_result_rows` with `result_overflow_mode = 'throw'`, as upstream's settings
            // profile: a larger answer is an error, not a shorter one.
            if out.len() as i64 >= max_rows {
                return Err(ApiError::unprocessable(
                    "user/unprocessable_entity/query_rows_limit_exceeded",
                    "Query result exceeds the maximum row count.",
                ));
            }
            let mut m = Map::new();
            for (i, name) in names.iter().enumerate() {
                // The row numbers of ClickHouse's joins (see `Tr::strict_join`).
                if own_column(name) {
                    continue;
                }
                let raw = row.get_ref(i).map_err(sqlite_error)?;
                // (A `Tuple` the Go driver panics reading, see [`TUPLE_MARK`], of intervals
                // too.)
                if raw == ValueRef::Text(TUPLE_MARK.as_bytes()) {
                    return Err(ApiError::internal(
                        "An unexpected error occurred while processing your request.",
                    ));
                }
                // A column of ClickHouse's `Interval` type: upstream's route fails to read the
                // first row (its Go driver reads an `Interval` into a string only), and its
                // executor wraps that failure ("Failed to read query results") as a ClickHouse
                // error of no known kind. (The driver reads a row's columns in order.)
                if types.get(i) == Some(&Ty::Interval) {
                    return Err(query_error(
                        "Invalid analytics query Failed to read query results",
                    ));
                }
                if types.get(i).is_some_and(|t| t.inexact_integer(raw)) {
                    return Err(unsupported(INEXACT_INTEGER));
                }
                if let Some(zone) = zones
                    .get(i)
                    .and_then(Option::as_deref)
                    .filter(|_| raw != ValueRef::Null)
                {
                    let us = match (types.get(i), raw) {
                        (Some(Ty::DateTime), ValueRef::Integer(ms)) => ms
                            .checked_sub(ms.rem_euclid(1000))
                            .and_then(|ms| ms.checked_mul(1000)),
                        (Some(Ty::DateTime64(_)), raw) => micros(raw),
                        _ => None,
                    };
                    let text = us
                        .and_then(|us| rfc3339_in_zone(us, zone))
                        .ok_or_else(|| unsupported("this DateTime of a time zone"))?;
                    m.insert(own_name_unescaped(name), json!(text));
                    continue;
                }
                if let Some(v) = types.get(i).and_then(|t| t.answer(raw)) {
                    m.insert(own_name_unescaped(name), v);
                    continue;
                }
                // A time SQLite made a float: moved by an interval whose ms (or months) pass
                // its integers (`now() - INTERVAL 9223372036854775807 DAY`), where ClickHouse
                // wraps them as its own arithmetic does.
                if types.get(i).is_some_and(|t| t.is_time()) && matches!(raw, ValueRef::Real(_)) {
                    return Err(unsupported(TIME_PAST_INTEGERS));
                }
                // An array that does not read back (of a non-finite float, SQLite's `9e999`):
                // upstream's JSON encoder fails on it.
                if matches!((types.get(i), raw), (Some(Ty::Array(_)), ValueRef::Text(_))) {
                    return Err(ApiError::internal("Failed to encode query results"));
                }
                let v = match raw {
                    ValueRef::Null => Value::Null,
                    // (Unless the column's type is told a number: SQLite reports the
                    // declared type of a set operation's last arm, `5 UNION ALL passed`
                    // read through a subquery, where ClickHouse's column is the arms'
                    // common `UInt8`, 25.5.2 and 25.8.2 (chDB) agree.)
                    ValueRef::Integer(n)
                        if booleans.get(i).copied().unwrap_or(false)
                            && !matches!(types.get(i), Some(Ty::Int(_) | Ty::Float)) =>
                    {
                        json!(n != 0)
                    }
                    ValueRef::Integer(n) if datetimes.get(i).copied().unwrap_or(false) => {
                        json!(crate::ids::rfc3339(n))
                    }
                    ValueRef::Integer(n) => json!(n),
                    ValueRef::Real(f) if f.is_finite() => go_float(f),
                    ValueRef::Real(_) => Value::Null,
                    ValueRef::Text(t) => {
                        let s = String::from_utf8_lossy(t).to_string();
                        if let Some(array) = s.strip_prefix(ARRAY_MARK) {
                            // Only a non-finite float (SQLite's `9e999`) fails to read back:
                            // upstream's JSON encoder fails on it too.
                            serde_json::from_str(array)
                                .map(go_numbers)
                                .map_err(|_| ApiError::internal("Failed to encode query results"))?
                        } else if name == "tags" && s.starts_with('[') {
                            serde_json::from_str(&s).unwrap_or(Value::String(s))
                        } else {
                            Value::String(s)
                        }
                    }
                    ValueRef::Blob(_) => Value::Null,
                };
                m.insert(own_name_unescaped(name), v);
            }
            out.push(Value::Object(m));
        }
        // A constant that fails in a CTE's body the query ran without reaching (see
        // `Tr::folded`).
        if cte_fold_error {
            return Err(unsupported(
                "a constant that fails (a conversion, a time read from a string) in a CTE, or in a branch of an if whose constant condition is not read here, that no row reaches",
            ));
        }
        // A call ClickHouse fails where a row reaches it and where none does (on the empty
        // block, or with no part read: see `Tr::fails_without_rows`), which no row did here.
        if translated.fails_without_rows {
            return Err(query_error("Invalid analytics query"));
        }
        // A call ClickHouse fails where a row reaches it, which none did here (see
        // `Tr::fails_when_read`).
        if let Some(form) = translated.fails_when_read {
            return Err(unsupported(form));
        }
        // An `IN` subquery that failed on its own, which no row here reached: ClickHouse
        // builds its set before the query runs (its error, ClickHouse 25.5.2 and 25.8.2 (chDB)
        // agree), but not where its filter is folded away (`WHERE 0 AND x IN (…)`).
        if in_set_error {
            return Err(unsupported(
                "an IN subquery that fails where no row reaches the IN (ClickHouse builds its set before the query runs, unless a constant folds the IN away)",
            ));
        }
        Ok(out)
    }
}

/// Why a query is refused where a call over a lambda, which ClickHouse folds as it builds
/// the plan, and another constant it folds fail otherwise (see `Analytics::run`'s folds).
const FOLDS_MEET: &str = "a query where a call over a lambda of constants (which ClickHouse folds as it builds the plan) and another constant fail with different errors, where which of them fails first there is not followed here (two such calls, one inside a subquery or a CTE)";

/// Whether `a` and `b` are answered alike: status, code and detail.
fn same_error(a: &ApiError, b: &ApiError) -> bool {
    (a.status, a.code, a.detail.as_str()) == (b.status, b.code, b.detail.as_str())
}

/// What the constants read before a query runs have met of calls over lambdas, which
/// ClickHouse folds as it builds the plan (`FoldStage::Plan`) and which failed here.
struct Planned {
    /// The first one's error.
    error: ApiError,
    /// Whether one of them stands inside a subquery, whose plan a scalar subquery builds as
    /// the analyzer reaches it.
    nested: bool,
    /// Whether a later one, or a constant in a CTE's body, failed otherwise.
    unsure: bool,
}

/// The query's error where a constant ClickHouse's analyzer folds fails with `e` after the
/// calls over lambdas of `planned` failed (or none): `e`, which the analyzer reaches before
/// any plan is built, unless one of them stands inside a subquery and fails otherwise, or
/// their order is not followed here, where it is refused as not run.
fn analysis_failure(planned: &Option<Planned>, e: ApiError) -> ApiError {
    match planned {
        Some(p) if p.nested && (p.unsure || !same_error(&p.error, &e)) => unsupported(FOLDS_MEET),
        _ => e,
    }
}

/// The errors this server's own SQLite functions raise where a row reaches a form it does not
/// run, each the marker its error text holds (compared lower-cased) and the form the refusal
/// names, in the order they are looked for.
const RUN_REFUSALS: &[(&str, &str)] = &[
    (
        NANOS_RANGE,
        "a DateTime64 of scale 7 to 9 outside 1677-09-21 to 2262-04-11 (held as Unix ns), or moved by a fraction of an interval",
    ),
    (
        ZONE_NOT_RUN,
        "a DateTime of a time zone moved by days or months on a day whose offset change is not followed here",
    ),
    (
        DECIMAL_RANGE,
        "a Decimal held as a float here (a DateTime64 less a time, a subquery's column of a CAST) of 2^32 (136 years) or more, where the float no longer tells its µs apart, or one with digits past the µs summed or averaged",
    ),
    (TIME_PAST, TIME_PAST_INTEGERS),
    (TIME_RANGE, TIME_RANGE_NOT_RUN),
    (TEXT_NOT_RUN, "a time converted from a string of this form"),
    (
        JSON_NOT_RUN,
        "JSONExtractString of an object or array (which ClickHouse writes again, minified), of an object's member by position, or of a negative zero",
    ),
    (
        FORMAT_F_NOT_RUN,
        "formatDateTime of a format holding %f beside %e, %M or %W (ClickHouse 25.5 writes bytes there, 25.8 digits)",
    ),
    // (SQLite's `sum` and `abs` past 64 bits; ClickHouse's wrap round.)
    ("integer overflow", INEXACT_INTEGER),
    (NARROWED, NARROWED_NOT_RUN),
    (MIN_MAX_UNTOLD, MIN_MAX_UNTOLD_NOT_RUN),
    (FLOAT_TEXT, "toFloat64 of a string of inf or nan"),
    (NAN_READ, NAN_NOT_RUN),
    (FLOAT_ORDER, FLOAT_ORDER_NOT_RUN),
    (
        SUB_MICROSECOND,
        "a time moved by toIntervalNanosecond of a count that is no whole µs",
    ),
    (
        ILIKE_CASED,
        "ILIKE where either side holds a non-ASCII letter (one with a case mapping), which ClickHouse folds as re2's simple case folding or its UTF-8 searcher does",
    ),
    (
        SUBSTRING_CUT,
        "substring whose bytes cut a multi-byte UTF-8 character (ClickHouse keeps the bytes, which SQLite's text does not hold here)",
    ),
    (
        QUANTILE_SAMPLED,
        "quantile of a group (or window frame) of more than 8,192 values (distinct values), past which ClickHouse's reservoir sample keeps values at random",
    ),
    (
        TO_INT_RANGE,
        "toInt32 or toInt64 of a float outside the integer type's range (whose conversion there is the machine's)",
    ),
    (
        LIMITED_ORDER,
        "groupArray(N)(x) or groupUniqArray(N)(x) of a group of more than N values (distinct values), where which N ClickHouse keeps is the order they reach it, which its parallel reading and merging leave open",
    ),
    (UNIQ_HASH, UNIQ_HASH_NOT_RUN),
    (UNIQ_ORDER, UNIQ_ORDER_NOT_RUN),
    (DISTINCT_ORDER, DISTINCT_ORDER_NOT_RUN),
    (DECIMAL_NOT_RUN, DECIMAL_NOT_RUN),
    (sqlite::MODULO_UNSIGNED, sqlite::MODULO_UNSIGNED_NOT_RUN),
    (
        sqlite::MODULO_LEAST,
        "a remainder by the least Int64 (-9223372036854775808), which ClickHouse refuses of an Int64 (Division by the most negative number) and reads otherwise of narrower or unsigned integers",
    ),
    // (SQLite's row value where ClickHouse reads a `Tuple`, other than [`Tr::answered_tuple`].)
    (
        "row value misused",
        "a tuple other than compared, in IN, or a select-list item of its own",
    ),
];

fn sqlite_error(e: rusqlite::Error) -> ApiError {
    // Worded as upstream words ClickHouse's errors (pkg/clickhouse/errors.go).
    let text = e.to_string().to_lowercase();
    if let Some((_, form)) = RUN_REFUSALS
        .iter()
        .find(|(marker, _)| text.contains(&marker.to_lowercase()))
    {
        return unsupported(form);
    }
    let detail = if text.contains("no such column") || text.contains("no such table") {
        "Unknown identifier in analytics query"
    } else if text.contains("no such function") || text.contains("wrong number of arguments") {
        "Unknown function in analytics query"
    } else if text.contains("syntax error")
        || text.contains("unrecognized token")
        || text.contains("cannot parse")
    {
        "Invalid SQL syntax"
    } else {
        "Invalid analytics query"
    };
    query_error(detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A translation past its deadline stops and is upstream's timeout (422
    /// `query_execution_timeout`), whatever it would have made: the deadline covers the whole
    /// query, translation included ([`out_of_time`]). With time left, the same query
    /// translates.
    #[test]
    fn translation_past_the_deadline_is_the_timeout() {
        let nested = |i: usize| {
            format!(
                "{}spent_credits{} AS c{i}",
                "coalesce(".repeat(40),
                ", NULL)".repeat(40)
            )
        };
        let columns: Vec<String> = (0..7).map(nested).collect();
        let query = format!("SELECT {} FROM key_verifications_v1", columns.join(", "));
        let translate = |timeout_ms: i64| {
            Translation::new(
                Dataset::Verifications,
                &query,
                1_700_000_000_000,
                30,
                RESULT_ROWS_DEFAULT,
                timeout_ms,
            )
            .translated
        };
        match translate(0) {
            Err(e) => assert_eq!(
                (e.status, e.code, e.detail.as_str()),
                (
                    422,
                    "user/unprocessable_entity/query_execution_timeout",
                    "Query execution was canceled or timed out."
                )
            ),
            Ok(_) => panic!("translated past its deadline"),
        }
        assert!(translate(QUERY_TIMEOUT_MS_DEFAULT).is_ok());
    }

    /// `limit`'s name in a translation is what the lexer writes for the keyword as a name.
    #[test]
    fn limit_column_is_the_quoted_keyword() {
        assert_eq!(
            lex::quoted_word("limit").ok().as_deref(),
            Some(LIMIT_COLUMN)
        );
        assert_eq!(lex::own_name_unescaped(LIMIT_COLUMN), "limit");
        // (And it is the only column spelled as a keyword, which the lexer relies on.)
        for c in [COLUMNS, ROLLUP_COLUMNS, RL_COLUMNS, RL_ROLLUP_COLUMNS].concat() {
            if c != LIMIT_COLUMN {
                assert_eq!(lex::quoted_word(c).ok().as_deref(), Some(c));
            }
        }
    }

    /// A `Decimal` of seconds held as the float nearest it, as shopspring's decimal and
    /// ClickHouse's text write it (trailing zeros dropped, no point when whole), each µs told
    /// apart below 2^32 seconds (the float nearest `4294967295.999999` is not 2^32's).
    #[test]
    fn decimal_text_as_go_writes_it() {
        let text = |us: i64| decimal_text(us as f64 / 1e6);
        assert_eq!(text(3_600_123_000).as_deref(), Some("3600.123"));
        assert_eq!(text(3_600_000_000).as_deref(), Some("3600"));
        assert_eq!(text(10_250_000).as_deref(), Some("10.25"));
        assert_eq!(text(-250_000).as_deref(), Some("-0.25"));
        assert_eq!(text(1_000_001).as_deref(), Some("1.000001"));
        assert_eq!(text(456).as_deref(), Some("0.000456"));
        assert_eq!(text(1).as_deref(), Some("0.000001"));
        assert_eq!(text(0).as_deref(), Some("0"));
        assert_eq!(
            text(-4_294_967_295_999_999).as_deref(),
            Some("-4294967295.999999")
        );
        assert_eq!(text(4_294_967_296_000_000), None);
    }

    /// A quantile of `DateTime64` ticks of ns interpolates their `Float64`s as 25.6's
    /// ReservoirSampler::quantileInterpolated does (`a * left_coef + b * right_coef`) and cuts
    /// the answer to a tick; of numbers that expression's rounding is answered (9.88, where
    /// `a + (b - a) * frac` rounds to 9.879999999999999).
    #[test]
    fn quantile_as_float64_interpolates() {
        let ticks = [
            1_901_190_896_067_760_384.0,
            1_901_190_896_820_096_768.0,
            1_901_190_896_861_425_664.0,
        ];
        assert_eq!(tick_quantile(0.5, &ticks), 1_901_190_896_820_096_768.0);
        assert_eq!(tick_quantile(0.5, &ticks[..2]), 1_901_190_896_443_928_576.0);
        assert_eq!(tick_quantile(0.3, &ticks), 1_901_190_896_519_162_368.0);
        assert_eq!(tick_quantile(0.5, &[]), 0.0);
        assert_eq!(quantile_of(vec![10.0, 1.0, 4.0], 0.99), Some(9.88));
        assert_eq!(quantile_of(vec![3.0, 7.0], 0.1), Some(3.4000000000000004));
        assert_eq!(quantile_of(vec![3.0, 7.0], 0.3), Some(4.199999999999999));
    }

    /// A quantile of times interpolates whole units and cuts the fraction off; of numbers it
    /// is interpolated as it is; over no times it is the epoch.
    #[test]
    fn quantile_of_times_in_whole_units() {
        assert_eq!(
            quantile_answer(0.75, &[0.0, 1500.0, 4000.0], 1000.0),
            Some(2000.0)
        );
        assert_eq!(
            quantile_answer(0.75, &[0.0, 1500.0, 4000.0], 1.0),
            Some(2750.0)
        );
        assert_eq!(
            quantile_answer(0.75, &[0.0, 1500.0, 4000.0], 0.0),
            Some(2750.0)
        );
        assert_eq!(quantile_answer(0.5, &[], 86_400_000.0), Some(0.0));
        assert_eq!(quantile_answer(0.5, &[], 0.0), None);
    }

    /// Floats as ClickHouse's FieldVisitorToString writes them (double-conversion's shortest
    /// form with a trailing point, exponents below 1e-6 and from 1e21), and quoted strings.
    /// Where `AS` is written in: after an item's expression, not for a clause's word, an
    /// interval's unit, a `CASE`'s `END`, `NULL` after `IS`, or a number's exponent.
    #[test]
    fn implicit_aliases() {
        for (implicit, explicit) in [
            (
                "SELECT count() n, outcome o FROM t",
                "SELECT count() AS n, outcome AS o FROM t",
            ),
            (
                "SELECT DISTINCT x y FROM t",
                "SELECT DISTINCT x AS y FROM t",
            ),
            (
                "SELECT (SELECT 1 a) b FROM t",
                "SELECT (SELECT 1 AS a) AS b FROM t",
            ),
            (
                "SELECT INTERVAL 1 DAY, INTERVAL (2) HOUR h",
                "SELECT INTERVAL 1 DAY, INTERVAL (2) HOUR AS h",
            ),
            (
                "SELECT CASE WHEN a THEN b END FROM t",
                "SELECT CASE WHEN a THEN b END FROM t",
            ),
            (
                "SELECT a IS NOT NULL, 1e5 FROM t",
                "SELECT a IS NOT NULL, 1e5 FROM t",
            ),
            (
                "SELECT a FROM t WHERE b LIMIT 1",
                "SELECT a FROM t WHERE b LIMIT 1",
            ),
            (
                "SELECT count() OVER w FROM t",
                "SELECT count() OVER w FROM t",
            ),
        ] {
            assert_eq!(
                explicit_aliases(tokenize(implicit).unwrap()).unwrap(),
                tokenize(explicit).unwrap(),
                "{implicit}"
            );
        }
        assert!(explicit_aliases(tokenize("SELECT a b c FROM t").unwrap()).is_err());
    }

    #[test]
    fn literal_names() {
        for (text, name) in [
            ("1.0", "1."),
            ("1.50", "1.5"),
            ("0.5", "0.5"),
            ("100.0", "100."),
            ("0.0", "0."),
            ("0.000001", "0.000001"),
            ("0.0000001", "1e-7"),
            ("0.00000015", "1.5e-7"),
            ("123456789012345678901.0", "123456789012345680000."),
            ("1000000000000000000000.0", "1e21"),
            ("12345678901234567890123.0", "1.2345678901234568e22"),
        ] {
            assert_eq!(
                literal_name(&Tok::Num(text.into())).as_deref(),
                Some(name),
                "{text}"
            );
        }
        assert_eq!(literal_name(&Tok::Num("007".into())).as_deref(), Some("7"));
        assert_eq!(
            literal_name(&Tok::Str("a'b\\c\nd".into())).as_deref(),
            Some("'a\\'b\\\\c\\nd'")
        );
        assert_eq!(literal_name(&Tok::Str("\u{1}".into())), None);
        assert_eq!(
            literal_name(&Tok::Word("True".into())).as_deref(),
            Some("true")
        );
        assert_eq!(literal_name(&Tok::Word("x".into())), None);
    }

    #[test]
    fn dates() {
        assert_eq!(ymd(0), "1970-01-01");
        assert_eq!(parse_date("1970-01-02"), Some(86_400_000));
        assert_eq!(
            parse_date("2024-02-29 12:00:00").map(ymd),
            Some("2024-02-29".into())
        );
        let t = parse_date("2026-12-06T10:00:00Z").unwrap();
        assert_eq!(parse_date("2026-12-06T12:00:00+02:00"), Some(t));
        // Go's time.Parse: a fraction after the seconds in every layout (cut to ms here), a
        // one-digit hour, spaces for the layout's space; the day must exist, the hour be < 24.
        assert_eq!(parse_date("2026-12-06T10:00:00.250Z"), Some(t + 250));
        assert_eq!(parse_date("2026-12-06 10:00:00.2509"), Some(t + 250));
        assert_eq!(parse_date("2026-12-06 10:00:00,5"), Some(t + 500));
        assert_eq!(parse_date("2026-12-06  10:00:00"), Some(t));
        assert_eq!(parse_date("2026-12-06T9:00:00-01:00"), Some(t));
        assert_eq!(
            parse_date("2026-12-06T10:00:00+24:00"),
            Some(t - 86_400_000)
        );
        assert_eq!(ymd(t), "2026-12-06");
        for bad in [
            "2026-13-01",
            "yesterday",
            "2026-12-06 10:00",
            "2026-12-06T10:00:00",
            "2026-02-30",
            "2026-03-01 24:00:00",
            "2026-03-01 00:60:00",
            "2026-03-01t00:00:00z",
            "2026-03-01T00:00:00.Z",
            "2026-03-01T00:00:00+25:00",
            "2026-03-01T00:00:00+0500",
            " 2026-03-01",
            "2026-03-01 ",
            "2026-3-01",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    /// ClickHouse 25.6's basic reader of a time's text (src/IO/ReadHelpers.h
    /// readDateTextImpl/readDateTimeTextImpl, ReadHelpers.cpp's fallbacks).
    #[test]
    fn time_texts() {
        use TimeText::*;
        let day = days_from_civil(2026, 12, 1) * 86_400_000_000;
        let dt = Ty::DateTime;
        for (text, ty, want) in [
            // `Date`: four digits, then `MMDD` or a separator and one or two digits twice.
            ("2026-12-01", Ty::Date, Read(day, 10, 0)),
            ("20261201", Ty::Date, Read(day, 8, 0)),
            ("2026/12/1", Ty::Date, Read(day, 9, 0)),
            ("2026-12-01T00:00:00Z", Ty::Date, Read(day, 10, 0)),
            ("2026-12", Ty::Date, CannotParse),
            ("26-12-01", Ty::Date, CannotParse),
            ("2026-123-01", Ty::Date, CannotParse),
            ("1950-01-01", Ty::Date, Read(0, 10, 0)),
            ("2200-01-01", Ty::Date, Read(65_535 * 86_400_000_000, 10, 0)),
            ("2026-02-29", Ty::Date, NotRun),
            // `DateTime`: 19 bytes or more read unchecked, fewer by the fallback.
            ("2026-12-01 10:20:30", dt, Read(day + 37_230_000_000, 19, 0)),
            ("2026/12/01T10-20-30", dt, Read(day + 37_230_000_000, 19, 0)),
            (
                "2026-12-01T10:20:30Z",
                dt,
                Read(day + 37_230_000_000, 19, 0),
            ),
            ("2026-12-01", dt, Read(day, 10, 0)),
            (
                "2026-12-01 01:00:00.5",
                dt,
                Read(day + 3_600_000_000, 19, 0),
            ),
            ("2026-12-01 1:00:00", dt, CannotParse),
            ("2026-12-01 10:00", dt, CannotParse),
            ("2026-12-1", dt, CannotParse),
            ("2026", dt, CannotParse),
            ("Z", dt, CannotParse),
            ("1796083200", dt, Read(1_796_083_200_000_000, 10, 0)),
            ("1969-12-31 23:59:59", dt, Read(0, 19, 0)),
            ("2200-01-01", dt, PastDateTime(7_258_118_400, 10)),
            ("4294967296", dt, PastDateTime(4_294_967_296, 10)),
            ("2026-12-01 24:00:00", dt, NotRun),
            // `DateTime64`: a fraction after it, its scale's digits kept.
            (
                "2026-12-01 00:00:00.123456",
                Ty::DateTime64(3),
                Read(day + 123_000, 26, 0),
            ),
            (
                "2026-12-01T00:00:00.5Z",
                Ty::DateTime64(3),
                Read(day + 500_000, 21, 0),
            ),
            (
                "2026-12-01.25",
                Ty::DateTime64(6),
                Read(day + 250_000, 13, 0),
            ),
            (
                "1969-12-31 23:59:59.5",
                Ty::DateTime64(1),
                Read(-500_000, 21, 0),
            ),
            (
                "2026-12-01 00:00:00.123456789",
                Ty::DateTime64(9),
                Read(day + 123_456, 29, 789),
            ),
            ("1796083200", Ty::DateTime64(3), NotRun),
            ("-1", Ty::DateTime64(3), NotRun),
            ("now", Ty::DateTime64(3), CannotParse),
        ] {
            assert_eq!(read_time_text(text, ty), want, "{text} {ty:?}");
        }
        let ns = |text: &str| parse_datetime_in(text, 9);
        assert_eq!(ns("1970-01-01 00:00:01.000000002"), Some(1_000_000_002));
        assert_eq!(ns("1969-12-31 23:59:59.5"), Some(-500_000_000));
        assert_eq!(ns("2026-12-01T00:00:00Z"), None);
        assert_eq!(ns("2299-12-31 00:00:00"), None);
        assert_eq!(
            parse_datetime_in("1970-01-01 00:00:01.23456", 4),
            Some(12_345)
        );
    }

    fn v(key: &str, ks: &str, outcome: &'static str, time: i64) -> Verification {
        Verification {
            time,
            request_id: "req_1".into(),
            key_space_id: ks.into(),
            identity_id: String::new(),
            external_id: String::new(),
            key_id: key.into(),
            outcome,
            tags: vec!["t1".into()],
            spent_credits: 1,
        }
    }

    #[test]
    fn queries() {
        let mut a = Analytics::default();
        let now = 10 * 86_400_000;
        a.record(v("k1", "ks_a", "VALID", now - 1000));
        a.record(v("k1", "ks_a", "RATE_LIMITED", now - 2000));
        a.record(v("k2", "ks_b", "VALID", now - 8 * 86_400_000));
        let q = |a: &mut Analytics, s: &str| a.query("ws_1", s, now, None, 30);
        let r = q(&mut a, "SELECT COUNT(*) as count FROM key_verifications_v1").unwrap();
        assert_eq!(r, vec![json!({"count": 3})]);
        // The raw `time` is Unix ms: bounded by ms, the 8-day-old row is left out; against
        // `now() - INTERVAL 7 DAY` (a `DateTime`, its seconds) every row passes, as on the real
        // server (see `types::compared`).
        let r = q(
            &mut a,
            "SELECT key_space_id, count() AS n FROM key_verifications_v1 WHERE time >= toUnixTimestamp64Milli(now64(3) - INTERVAL 7 DAY) GROUP BY key_space_id",
        )
        .unwrap();
        assert_eq!(r, vec![json!({"key_space_id": "ks_a", "n": 2})]);
        let r = q(
            &mut a,
            "SELECT count() AS n FROM key_verifications_v1 WHERE time >= now() - INTERVAL 7 DAY",
        )
        .unwrap();
        assert_eq!(r, vec![json!({"n": 3})]);
        let r = q(
            &mut a,
            "SELECT countIf(outcome = 'VALID') AS ok, uniq(key_id) AS keys FROM key_verifications_v1;",
        )
        .unwrap();
        assert_eq!(r, vec![json!({"ok": 2, "keys": 2})]);
        let r = q(&mut a, "SELECT tags FROM key_verifications_v1 LIMIT 1").unwrap();
        assert_eq!(r, vec![json!({"tags": ["t1"]})]);
        for (filter, n) in [
            ("has(tags, 't1')", 3),
            ("has(tags, 't2')", 0),
            ("hasAny(tags, ['x', 't1'])", 3),
            ("hasAll(tags, ['x', 't1'])", 0),
            ("NOT has(tags, 't1')", 0),
            ("fromUnixTimestamp64Milli(time) >= today()", 0),
            (
                "toStartOfMonth(fromUnixTimestamp64Milli(time)) <= fromUnixTimestamp64Milli(time) AND toStartOfWeek(fromUnixTimestamp64Milli(time)) <= fromUnixTimestamp64Milli(time)",
                3,
            ),
            ("lower(outcome) = 'valid'", 2),
            ("if(outcome = 'VALID', 1, 0) = 1", 2),
        ] {
            let r = q(
                &mut a,
                &format!("SELECT COUNT(*) AS c FROM key_verifications_v1 WHERE {filter}"),
            )
            .unwrap();
            assert_eq!(r, vec![json!({"c": n})], "{filter}");
        }
        // 1970-01-10 (a Saturday) is in the week that began on Sunday 1970-01-04; month and year
        // begin on 1970-01-01.
        let r = q(
            &mut a,
            "WITH fromUnixTimestamp64Milli(time) AS t SELECT toStartOfWeek(t) AS w, toStartOfMonth(t) AS m, toStartOfYear(t) AS y FROM key_verifications_v1 WHERE key_id = 'k1' LIMIT 1",
        )
        .unwrap();
        assert_eq!(
            r,
            vec![
                json!({"w": "1970-01-04T00:00:00Z", "m": "1970-01-01T00:00:00Z", "y": "1970-01-01T00:00:00Z"})
            ]
        );
        let r = q(
            &mut a,
            "SELECT SUM(count) AS c FROM key_verifications_per_day_v1 WHERE key_space_id IN ('ks_a')",
        )
        .unwrap();
        assert_eq!(r, vec![json!({"c": 2})]);
        let r = a
            .query(
                "ws_1",
                "SELECT COUNT(*) AS c FROM key_verifications_v1",
                now,
                Some(&["ks_b".to_string()]),
                30,
            )
            .unwrap();
        assert_eq!(r, vec![json!({"c": 1})]);
        for (bad, code) in [
            ("", "invalid_analytics_query"),
            (
                "DELETE FROM key_verifications_v1 WHERE 1",
                "invalid_analytics_query_type",
            ),
            // (Upstream's parser requires the `WHERE`: without it, its syntax error.)
            ("DELETE FROM key_verifications_v1", "invalid_analytics_query"),
            ("SELECT * FROM system.tables", "invalid_analytics_table"),
            (
                "SELECT nope FROM key_verifications_v1",
                "invalid_analytics_query",
            ),
            (
                "SELECT file('x') FROM key_verifications_v1",
                "invalid_analytics_function",
            ),
            (
                "SELECT 1 FROM key_verifications_v1; SELECT 2 FROM key_verifications_v1",
                "invalid_analytics_query",
            ),
            (
                "SELECT * FROM key_verifications_v1 WHERE invalid syntax here",
                "invalid_analytics_query",
            ),
            (
                "SELECT 1 FROM key_verifications_v1 a ASOF JOIN key_verifications_v1 b ON a.key_id = b.key_id",
                "invalid_analytics_query",
            ),
        ] {
            let e = q(&mut a, bad).unwrap_err();
            assert!(e.code.ends_with(code), "{bad}: {} {}", e.code, e.detail);
            assert_eq!(e.status, 400, "{bad}");
        }
    }

    /// Where a rollup modifier may be out of its place (ClickHouse's syntax error, which the
    /// translation meets only with its `SELECT`'s clauses; upstream's parser refuses most such
    /// forms first): after a `HAVING` or `WITH TOTALS`, or `GROUPING SETS` not right after
    /// `GROUP BY`.
    #[test]
    fn rollup_modifiers_that_may_be_misplaced() {
        let may = |q: &str| may_misplace_modifier(&tokenize(q).unwrap());
        assert!(may("SELECT a FROM t GROUP BY a HAVING b > 0 WITH ROLLUP"));
        assert!(may(
            "SELECT a FROM t GROUP BY a WITH TOTALS HAVING b WITH CUBE"
        ));
        assert!(may("SELECT a FROM t GROUP BY a, GROUPING SETS ((a))"));
        assert!(!may(
            "SELECT a FROM t GROUP BY a WITH ROLLUP WITH TOTALS HAVING b > 0"
        ));
        assert!(!may("SELECT a FROM t GROUP BY GROUPING SETS ((a), ())"));
        assert!(!may("SELECT a FROM t GROUP BY a HAVING count() > 1"));
    }

    /// A subscript of other than one index is ClickHouse's syntax error wherever it is; an
    /// array literal after a keyword or a clause's word is no subscript.
    #[test]
    fn subscripts_of_one_index() {
        let check = |q: &str| check_subscripts(&tokenize(q).unwrap()).is_ok();
        assert!(!check("SELECT [1, 2][1, 2] FROM t"));
        assert!(!check("SELECT a[] FROM t"));
        assert!(!check("SELECT f(x)[1, 2] FROM t"));
        assert!(check("SELECT a[1], m['k'], [1, 2][f(1, 2)] FROM t"));
        assert!(check(
            "SELECT x FROM t ARRAY JOIN [1, 2] AS x WHERE y IN [1, 2]"
        ));
        assert!(check(
            "SELECT CASE WHEN a THEN [1, 2] ELSE [3, 4] END FROM t"
        ));
        assert!(check("SELECT TOP 5 [1, 2] FROM t"));
        assert!(!check("SELECT 5 [1, 2] FROM t"));
    }

    /// A user's `__ul…_` name gets one more `u` (any case, each dotted part, not inside a
    /// word), and an answered name loses it again.
    #[test]
    fn own_names_are_escaped_and_unescaped() {
        for (word, escaped) in [
            ("__ul_x", "__ulu_x"),
            ("__ULu_y", "__ULuu_y"),
            ("t.__ul_a1", "t.__ulu_a1"),
            ("x__ul_y", "x__ul_y"),
            ("__uly", "__uly"),
        ] {
            assert_eq!(own_name_escaped(word), escaped, "{word}");
            assert_eq!(own_name_unescaped(escaped), word, "{escaped}");
        }
        assert_eq!(own_name_unescaped("plus(__ulu_x, 1)"), "plus(__ul_x, 1)");
    }

    /// A quoted name is its plain word when it is one and no keyword, else written in hex,
    /// and answered as written between its quotes, also inside a larger name.
    #[test]
    fn quoted_names_are_words_and_answered_as_written() {
        for (name, word) in [
            ("outcome", "outcome"),
            ("__ul_x", "__ulu_x"),
            ("from", "__ul_q66726f6d"),
            ("a b", "__ul_q612062"),
            ("__ulu_ x", "__ul_q5f5f756c755f2078"),
            ("é", "__ul_qc3a9"),
        ] {
            assert_eq!(quoted_word(name).unwrap(), word, "{name}");
            assert_eq!(own_name_unescaped(word), name, "{word}");
        }
        assert_eq!(own_name_unescaped("plus(__ul_q612062, 1)"), "plus(a b, 1)");
        assert_eq!(own_name_unescaped("x__ul_q61"), "x__ul_q61");
        assert!(quoted_word("").is_err());
        assert!(quoted_word("a\\b").is_err());
    }

    /// `ch_float_sum_<mode>` is SQLite's own `sum`/`avg` written again (see
    /// `sqlite::FloatSum`), answered only where every order of adding gives its value: over
    /// mixed integers (small, and past 2^52, which its float sum takes in two parts), floats
    /// and NULLs, whole and over a sliding window's frame, each value is SQLite's `SUM`'s and
    /// `AVG`'s bit for bit or refused as depending on the order; over values on a grid of
    /// `2^-3` whose magnitudes sum below `2^50`, every one is answered.
    #[test]
    fn float_sum_is_sqlites_sum() {
        for grid in [false, true] {
            let conn = Connection::open_in_memory().unwrap();
            register_array_functions(&conn).unwrap();
            conn.execute_batch("CREATE TABLE t (id INTEGER, g INTEGER, x)")
                .unwrap();
            let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
            let mut next = || {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                seed >> 11
            };
            for id in 0..600i64 {
                let r = next();
                let value: rusqlite::types::Value = match (r % 6, grid) {
                    (0, _) => rusqlite::types::Value::Null,
                    (1, _) => rusqlite::types::Value::Integer((r % 2001) as i64 - 1000),
                    (2, false) => rusqlite::types::Value::Integer(
                        ((r % (1 << 40)) as i64 + (1 << 52))
                            * if r % 4 == 0 { -1 } else { 1 }
                            * 100,
                    ),
                    (2, true) => rusqlite::types::Value::Integer((r % (1 << 40)) as i64),
                    (3, false) => {
                        rusqlite::types::Value::Real(((r % 1_000_000) as f64) / 7.0 - 50_000.0)
                    }
                    (3, true) => {
                        rusqlite::types::Value::Real(((r % 1_000_000) as f64) / 8.0 - 50_000.0)
                    }
                    (4, false) => rusqlite::types::Value::Real(((r % 997) as f64) * 1e-9 + 0.1),
                    (4, true) => rusqlite::types::Value::Real(((r % 997) as f64) * 0.25 + 0.5),
                    (_, false) => rusqlite::types::Value::Real(((r % 1000) as f64 - 500.0) * 1e15),
                    (_, true) => rusqlite::types::Value::Real(((r % 1000) as f64 - 500.0) * 1e9),
                };
                // (Groups of integers only, of floats only and of both.)
                let group = match id % 3 {
                    0 if matches!(value, rusqlite::types::Value::Real(_)) => 3,
                    g => g,
                };
                conn.execute(
                    "INSERT INTO t VALUES (?1, ?2, ?3)",
                    rusqlite::params![id, group, value],
                )
                .unwrap();
            }
            type Cell = Option<rusqlite::types::Value>;
            // (Each row's pair, or the error the query ends in.)
            let pairs = |sql: &str| -> Result<Vec<(Cell, Cell)>, rusqlite::Error> {
                let mut stmt = conn.prepare(sql).unwrap();
                let rows = stmt.query_map([], |row| Ok((row.get(0).ok(), row.get(1).ok())))?;
                rows.collect()
            };
            let same = |a: &Cell, b: &Cell| match (a, b) {
                (Some(rusqlite::types::Value::Real(x)), Some(rusqlite::types::Value::Real(y))) => {
                    x.to_bits() == y.to_bits()
                }
                _ => a == b,
            };
            let mut refused = 0;
            for sql in [
                "SELECT SUM(x), ch_float_sum_0(x) FROM t WHERE g != 1 GROUP BY g",
                "SELECT AVG(x), ch_float_sum_1(x) FROM t GROUP BY g",
                "SELECT SUM(x), ch_float_sum_0(x) FROM t WHERE g = 2 OR g = 3",
                "SELECT SUM(x) OVER w, ch_float_sum_0(x) OVER w FROM t WHERE g != 1 WINDOW w AS (ORDER BY id ROWS BETWEEN 5 PRECEDING AND CURRENT ROW)",
                "SELECT AVG(x) OVER w, ch_float_sum_1(x) OVER w FROM t WINDOW w AS (PARTITION BY g ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING)",
                "SELECT SUM(x), ch_float_sum_0(x) FROM t WHERE id < 0",
            ] {
                match pairs(sql) {
                    Ok(rows) => {
                        for (a, b) in rows {
                            assert!(same(&a, &b), "{sql}: {a:?} {b:?}");
                        }
                    }
                    Err(e) => {
                        assert!(!grid, "{sql}: {e}");
                        assert!(e.to_string().contains(FLOAT_ORDER), "{sql}: {e}");
                        refused += 1;
                    }
                }
            }
            // (Of the random floats, all but the sum over no row depend on the order.)
            assert_eq!(refused, if grid { 0 } else { 5 });
        }
    }

    /// The rule of `sqlite::OrderFree`: values whose compensated (SQLite's), sequential and
    /// 16-lane (ClickHouse's `addManyImpl`) sums differ are refused; integers, halves, and
    /// values on a grid of `2^-k` whose magnitudes sum below `2^(53-k)` are answered, and for
    /// those every order of adding gives one value.
    #[test]
    fn float_sum_answered_only_where_order_free() {
        fn order_free(values: &[f64]) -> bool {
            let mut o = OrderFree::default();
            for v in values {
                o.add(*v);
            }
            o.holds()
        }
        fn sequential(values: &[f64]) -> f64 {
            values.iter().fold(0.0, |s, v| s + v)
        }
        fn lanes(values: &[f64]) -> f64 {
            let mut partial = [0.0f64; 16];
            let whole = values.len() / 16 * 16;
            for (i, v) in values.iter().take(whole).enumerate() {
                partial[i % 16] += v;
            }
            let mut local = 0.0;
            for v in values.iter().skip(whole) {
                local += v;
            }
            partial.iter().fold(0.0, |s, v| s + v) + local
        }
        fn compensated(values: &[f64]) -> f64 {
            let (mut sum, mut err) = (0.0f64, 0.0f64);
            for v in values {
                let t = sum + v;
                err += match sum.abs() > v.abs() {
                    true => (sum - t) + v,
                    false => (v - t) + sum,
                };
                sum = t;
            }
            sum + err
        }
        // Sums whose orders disagree: refused.
        let tenths = vec![0.1; 9];
        assert_eq!(compensated(&tenths), 0.9);
        assert_eq!(sequential(&tenths), 0.8999999999999999);
        assert!(!order_free(&tenths));
        let cancel = [1e16, 1.0, -1e16];
        assert_ne!(compensated(&cancel), sequential(&cancel));
        assert!(!order_free(&cancel));
        let many = vec![0.1; 32];
        assert_eq!(lanes(&many), 3.2000000000000006);
        assert_eq!(sequential(&many), 3.2000000000000015);
        assert_ne!(lanes(&many), sequential(&many));
        assert!(!order_free(&many));
        // Exact sums: answered.
        assert!(order_free(&[1.0, 2.0, 3.0, -7.0]));
        assert!(order_free(&[0.5, 1.5, -2.5, 1024.5]));
        assert!(order_free(&[4_503_599_627_370_496.0, 1.0, 1.0]));
        assert!(!order_free(&[9_007_199_254_740_992.0, 1.0]));
        assert!(order_free(&[9_007_199_254_740_992.0, 2.0]));
        assert!(order_free(&[]));
        // (Infinities, whatever the finite values.)
        assert!(order_free(&[f64::INFINITY, 0.1, 0.2]));
        assert!(order_free(&[f64::INFINITY, f64::NEG_INFINITY, 0.1]));
        assert!(!order_free(&[f64::INFINITY, f64::MAX, f64::MAX]));
        // Random sets on grids: where answered, every order agrees.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut answered = 0;
        for _ in 0..2000 {
            let n = 1 + (next() % 60) as usize;
            let k = (next() % 12) as i32 - 4;
            let width = 1u64 << (next() % 56);
            let mut values: Vec<f64> = (0..n)
                .map(|_| {
                    let m = (next() % width) as f64 - (width / 2) as f64;
                    m * 2f64.powi(-k)
                })
                .collect();
            let forward = [sequential(&values), lanes(&values), compensated(&values)];
            values.reverse();
            let backward = [sequential(&values), lanes(&values), compensated(&values)];
            if order_free(&values) {
                answered += 1;
                for s in forward.iter().chain(backward.iter()) {
                    assert_eq!(s.to_bits(), forward[0].to_bits(), "{values:?}");
                }
            }
        }
        assert!(answered > 500, "{answered}");
    }
}
