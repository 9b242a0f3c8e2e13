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
//! [`Tr::interval_call`], [`Tr::converted_count`]); a number added to a time counts its days or seconds, and a time
//! less a time is their distance ([`Tr::time_arithmetic`]).
//! Joins (ClickHouse's `SEMI`/`ANTI`/`ANY`/`ASOF` too), `EXCEPT`/`INTERSECT` (`ALL` by
//! default), `ARRAY JOIN`, `arrayJoin` and `arrayFilter` are built from SQLite's joins,
//! compound selects and `json_each` (the left side of a `RIGHT SEMI`/`ANY`/`ANTI JOIN` after
//! other joins from a CTE of its rows); `WITH ROLLUP|CUBE` and `GROUPING SETS` from a `UNION ALL`
//! of groupings, `LIMIT … BY` from window functions, and `ORDER BY … WITH FILL` by filling
//! the sorted rows of its `SELECT` as ClickHouse does (after its `DISTINCT`), into a temporary
//! table the rest of the query reads ([`Stage`]). Each `SELECT`'s sources and the ClickHouse
//! types of their columns are tracked ([`Ty`], select-list aliases as their expressions), so
//! answers write times, booleans, decimals and arrays as upstream does, an outer
//! join's unmatched columns are their types' defaults (`NULL` for a `Nullable` one), and
//! unaliased computed columns carry the names ClickHouse's analyzer gives them, also through
//! `*` ([`Tr::expression_name`]; subqueries `_subquery_N`, [`Tr::subquery_numbers`]), and a
//! `String` where ClickHouse takes a number is its type error ([`Tr::check_operands`]); `/`
//! is ClickHouse's float division, `inf` by zero ([`Tr::division_operands`]). A
//! select-list alias may go without `AS`, as upstream's parser reads it ([`explicit_aliases`]),
//! and a name may be quoted with `` ` `` or `"` ([`quoted_word`]).
//! The few
//! forms not run are
//! refused with a text that says so; everything else upstream refuses is refused with its
//! error types and texts. The query is tokenized and only whitelisted tokens are re-emitted
//! (a quoted name as a plain word, or hexadecimal when it is not one), so the SQL SQLite runs
//! can only read the recorded rows.

use crate::calendar::{civil_from_days, days_from_civil, days_in_month, ymd};
use crate::error::ApiError;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection};
use serde_json::{json, Map, Value};
use std::collections::{HashSet, VecDeque};

/// At most this many verifications are kept per workspace (the oldest are dropped).
const ROWS_MAX: usize = 100_000;
/// At most this many rows are answered (a larger `LIMIT` is lowered, as upstream's parser does).
const RESULT_ROWS_MAX: i64 = 10_000;

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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// Queries allowed per quota window (`None`: unlimited).
    pub max_queries_per_window: Option<i64>,
    /// The quota window, ms (windows are aligned to multiples of it on the server clock).
    pub quota_window_ms: i64,
    /// Rows one query may answer (`None`: only the 10,000-row `LIMIT`).
    pub max_result_rows: Option<i64>,
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
    "limit",
    "remaining",
    "reset_at",
    "tokens",
];

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
            return Some(format!(
                "{table} AS (SELECT * FROM base WHERE time >= {cutoff})"
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
            "(time / 60000) * 60000"
        } else if table.ends_with("_per_hour_v1") {
            "(time / 3600000) * 3600000"
        } else if table.ends_with("_per_day_v1") {
            "(time / 86400000) * 86400000"
        } else if table.ends_with("_per_month_v1") {
            "CAST(strftime('%s', time / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000"
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

/// The rows of the aggregating `SELECT` `inner` (whose hidden `__ul_k` tells how many times
/// each row stands, see [`Tr::late_having`]) repeated, in its order (its `LIMIT -1` keeps
/// SQLite from dropping its `ORDER BY`): its answered columns `cols`, the hidden ones `keep`,
/// and each copy's number, `__ul_c`.
fn repeated(inner: &str, cols: &[(String, Ty)], keep: &[&str]) -> String {
    let mut names = answered_columns("\"__ul_g\".", cols);
    for k in keep {
        names.push_str(&format!(", \"__ul_g\".\"{k}\""));
    }
    format!(
        "SELECT {names}, \"__ul_c\".\"key\" AS \"__ul_c\" {}",
        repeated_from(inner)
    )
}

/// The `FROM` of [`repeated`]: each row of `inner` (as `__ul_g`) once per copy (`__ul_c`).
fn repeated_from(inner: &str) -> String {
    format!(
        "FROM ({inner} LIMIT -1) AS \"__ul_g\", json_each('[' || substr(replace(hex(zeroblob(\"__ul_g\".\"__ul_k\")), '00', ',0'), 2) || ']') AS \"__ul_c\""
    )
}

/// The answered columns `cols` of a `SELECT`, as a select list (each read from `source`):
/// so that the translation's own columns stay out of a set operation's arms.
fn answered_columns(source: &str, cols: &[(String, Ty)]) -> String {
    let names: Vec<String> = cols
        .iter()
        .map(|(n, _)| format!("{source}\"{}\"", n.replace('"', "\"\"")))
        .collect();
    names.join(", ")
}

fn query_error(detail: impl Into<String>) -> ApiError {
    ApiError::analytics("user/bad_request/invalid_analytics_query", detail)
}

/// Whether upstream answers `e` only once ClickHouse runs the query (its type and identifier
/// errors as `WrapClickHouseError` words them, or a form unkey-local does not run), that is
/// after every check of its own parser, the retention check last among them.
fn refused_at_run(e: &ApiError) -> bool {
    const AT_RUN: [&str; 3] = [
        "Invalid analytics query",
        "Unknown identifier in analytics query",
        "unkey-local does not run",
    ];
    e.code == "user/bad_request/invalid_analytics_query"
        && AT_RUN.iter().any(|p| e.detail.starts_with(p))
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
    /// keyspaces (a root key with `read_analytics` on some APIs only).
    pub fn query(
        &mut self,
        workspace_id: &str,
        query: &str,
        now: i64,
        keyspaces: Option<&[String]>,
        retention_days: i64,
    ) -> Result<Vec<Value>, ApiError> {
        self.query_in(
            Dataset::Verifications,
            workspace_id,
            query,
            now,
            keyspaces,
            retention_days,
        )
    }

    /// Runs `query` over this workspace's events of `dataset`; `allowed` limits the rows to
    /// these keyspaces (verifications) or namespaces (rate limits).
    pub fn query_in(
        &mut self,
        dataset: Dataset,
        workspace_id: &str,
        query: &str,
        now: i64,
        allowed: Option<&[String]>,
        retention_days: i64,
    ) -> Result<Vec<Value>, ApiError> {
        // The translation recurses once per nested query (at most [`NESTING_MAX`] deep), so it
        // runs on a thread of its own with room for that, whatever thread calls.
        let translated = std::thread::scope(|scope| {
            let failed = |_| ApiError::internal("analytics query translation failed");
            std::thread::Builder::new()
                .name("analytics-translate".into())
                .stack_size(TRANSLATION_STACK_BYTES)
                .spawn_scoped(scope, || translate(dataset, query, now, retention_days))
                .map_err(|e| failed(e.to_string()))?
                .join()
                .map_err(|_| failed(String::new()))?
        })?;
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
        let max_rows = self.limits.max_result_rows;
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
        let conn = self.flush(workspace_id)?;
        // The rollups the query reads, built afresh from the (filtered) events.
        for table in &translated.tables {
            if let Some((columns, fill)) = dataset.rollup(table) {
                conn.execute_batch(&format!(
                    "DROP TABLE IF EXISTS temp.\"r_{table}\"; CREATE TEMP TABLE \"r_{table}\" ({columns}); WITH base AS ({base}) INSERT INTO temp.\"r_{table}\" {fill};"
                ))
                .map_err(sqlite_error)?;
            }
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
        let mut rows = stmt.query([]).map_err(sqlite_error)?;
        let mut out = Vec::new();
        // A column of ClickHouse's `Interval` type: upstream's route fails to read the first row
        // (its Go driver reads an `Interval` into a string only), and its executor wraps that
        // failure ("Failed to read query results") as a ClickHouse error of no known kind.
        let intervals = types.contains(&Ty::Interval);
        while let Some(row) = rows.next().map_err(sqlite_error)? {
            if intervals {
                return Err(query_error(
                    "Invalid analytics query Failed to read query results",
                ));
            }
            // `max_result_rows` with `result_overflow_mode = 'throw'`, as upstream's settings
            // profile: a larger answer is an error, not a shorter one.
            if max_rows.is_some_and(|m| out.len() as i64 >= m) {
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
                if let Some(v) = types.get(i).and_then(|t| t.answer(raw)) {
                    m.insert(own_name_unescaped(name), v);
                    continue;
                }
                let v = match raw {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(n) if booleans.get(i).copied().unwrap_or(false) => {
                        json!(n != 0)
                    }
                    ValueRef::Integer(n) if datetimes.get(i).copied().unwrap_or(false) => {
                        json!(crate::ids::rfc3339(n))
                    }
                    ValueRef::Integer(n) => json!(n),
                    // A whole float is written without a fraction, as Go's encoder writes
                    // ClickHouse's Float64 values (`2`, not `2.0`).
                    ValueRef::Real(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9e15 => {
                        json!(f as i64)
                    }
                    ValueRef::Real(f) if f.is_finite() => json!(f),
                    ValueRef::Real(_) => Value::Null,
                    ValueRef::Text(t) => {
                        let s = String::from_utf8_lossy(t).to_string();
                        if let Some(array) = s.strip_prefix(ARRAY_MARK) {
                            // Only a non-finite float (SQLite's `9e999`) fails to read back:
                            // upstream's JSON encoder fails on it too.
                            serde_json::from_str(array)
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
        Ok(out)
    }
}

/// Runs a [`Stage`]: its `SELECT` (with the query's CTEs, by `with_ctes`), fills its rows
/// ([`Filler`]), and writes them to its temporary table, its columns declared as the
/// `SELECT`'s (so they are answered as they would have been).
fn fill_stage(
    conn: &Connection,
    stage: &Stage,
    with_ctes: &dyn Fn(&str) -> String,
) -> Result<(), ApiError> {
    use rusqlite::types::Value as V;
    let mut stmt = conn
        .prepare(&with_ctes(&stage.select))
        .map_err(sqlite_error)?;
    let names: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
    let decls: Vec<String> = stmt
        .columns()
        .iter()
        .map(|c| c.decl_type().unwrap_or_default().to_string())
        .collect();
    // Where each answered column is among SQLite's (which adds the translation's `__ul_…`).
    let at: Vec<usize> = (0..names.len())
        .filter(|i| names.get(*i).is_some_and(|n| !own_column(n)))
        .collect();
    // (No user name is spelled as the translation's own: see `own_name_escaped`.)
    if at.len() != stage.columns.len() {
        return Err(query_error("Invalid analytics query"));
    }
    let ty_at = |i: usize| {
        at.iter()
            .position(|a| *a == i)
            .and_then(|c| stage.columns.get(c))
            .map_or(Ty::Unknown, |(_, t)| *t)
    };
    let answered = |c: &usize| at.get(*c).copied().unwrap_or(usize::MAX);
    // A column of the stage: where it is among SQLite's, and its type.
    let place = |c: &StageCol| match c {
        StageCol::Answered(c) => (
            answered(c),
            stage.columns.get(*c).map_or(Ty::Unknown, |(_, t)| *t),
        ),
        StageCol::Hidden(name, ty) => (
            names.iter().position(|n| n == name).unwrap_or(usize::MAX),
            *ty,
        ),
    };
    let mut rows: Vec<Vec<V>> = Vec::new();
    let mut q = stmt.query([]).map_err(sqlite_error)?;
    while let Some(r) = q.next().map_err(sqlite_error)? {
        let row = (0..names.len())
            .map(|i| r.get::<_, V>(i))
            .collect::<rusqlite::Result<Vec<V>>>()
            .map_err(sqlite_error)?;
        rows.push(row);
    }
    drop(q);
    if stage.distinct {
        // Of each answer, the row read first (the lowest `DISTINCT_READ`), in sorted order.
        let read = names.iter().position(|n| n == DISTINCT_READ);
        let mut first: std::collections::HashMap<String, (i64, usize)> =
            std::collections::HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            let answer = format!("{:?}", at.iter().map(|c| r.get(*c)).collect::<Vec<_>>());
            let n = match read.and_then(|k| r.get(k)) {
                Some(V::Integer(n)) => *n,
                _ => i64::try_from(i).unwrap_or(i64::MAX),
            };
            let kept = first.entry(answer).or_insert((n, i));
            if n < kept.0 {
                *kept = (n, i);
            }
        }
        let keep: HashSet<usize> = first.into_values().map(|(_, i)| i).collect();
        let mut i = 0;
        rows.retain(|_| {
            i += 1;
            keep.contains(&(i - 1))
        });
    }
    // A constant: a number, or a time as Unix ms (a date string is read as a date).
    let constant = |sql: &str| -> Result<(f64, bool), ApiError> {
        let v = conn
            .query_row(&with_ctes(&format!("SELECT {sql}")), [], |r| {
                Ok(match r.get_ref(0)? {
                    ValueRef::Integer(n) => Some((n as f64, true)),
                    ValueRef::Real(f) if f.is_finite() => Some((f, true)),
                    ValueRef::Text(t) => {
                        parse_date(&String::from_utf8_lossy(t)).map(|ms| (ms as f64, false))
                    }
                    _ => None,
                })
            })
            .map_err(sqlite_error)?;
        v.ok_or_else(|| query_error("Invalid analytics query"))
    };
    let mut specs = Vec::new();
    for (c, col) in &stage.cols {
        let (at, ty) = place(c);
        // `FROM` and `TO`; a number given for a time counts its units, as ClickHouse
        // converts it.
        let bound = |b: &Option<(String, Ty)>| -> Result<Option<f64>, ApiError> {
            let Some((sql, bound_ty)) = b else {
                return Ok(None);
            };
            let (v, number) = constant(sql)?;
            let counts = number && matches!(bound_ty, Ty::Int | Ty::Float);
            Ok(Some(if counts { v * fill_unit(ty) } else { v }))
        };
        let amount = |a: &Option<FillAmount>| -> Result<Option<FillStep>, ApiError> {
            let Some(FillAmount { count, per }) = a else {
                return Ok(None);
            };
            let n = constant(count)?.0;
            // (An interval counts whole units.)
            let whole = || match n.fract() == 0.0 {
                true => Ok(n as i64),
                false => Err(query_error("Invalid analytics query")),
            };
            Ok(Some(match *per {
                FillStep::Units(u) => FillStep::Units(n * u),
                FillStep::Ms(ms) => FillStep::Ms(whole()?.saturating_mul(ms)),
                FillStep::Months(m) => FillStep::Months(whole()?.saturating_mul(m)),
            }))
        };
        let spec = FillSpec {
            at,
            ty,
            desc: col.desc,
            from: bound(&col.from)?,
            to: bound(&col.to)?,
            step: amount(&col.step)?.unwrap_or(FillStep::Units(if col.desc { -1.0 } else { 1.0 })),
            staleness: amount(&col.staleness)?,
        };
        spec.check()?;
        specs.push(spec);
    }
    let values: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| {
            specs
                .iter()
                .map(|s| match r.get(s.at) {
                    Some(V::Integer(n)) => Some(*n as f64),
                    Some(V::Real(f)) => Some(*f),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let prefix: Vec<usize> = stage.prefix.iter().map(|c| place(c).0).collect();
    let same = |a: usize, b: usize| {
        prefix
            .iter()
            .all(|c| rows.get(a).and_then(|r| r.get(*c)) == rows.get(b).and_then(|r| r.get(*c)))
    };
    let offset = usize::try_from(stage.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(stage.limit.unwrap_or(RESULT_ROWS_MAX)).unwrap_or(0);
    let plan = Filler::run(&specs, &values, same, offset.saturating_add(limit));
    // A filled row's columns: the `WITH FILL` values, the sorting prefix of its run, the
    // `INTERPOLATE` expressions over the row before it, and otherwise defaults.
    let defaults: Vec<V> = (0..names.len())
        .map(|i| fill_value(ty_at(i), None))
        .collect();
    let quote = |n: &str| format!("\"{}\"", n.replace('"', "\"\""));
    let mut interpolate = if stage.interpolate.is_empty() {
        None
    } else {
        let exprs: Vec<&str> = stage.interpolate.iter().map(|(_, e)| e.as_str()).collect();
        let previous: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("?{} AS {}", i + 1, quote(n)))
            .collect();
        Some(
            conn.prepare(&format!(
                "SELECT {} FROM (SELECT {})",
                exprs.join(", "),
                previous.join(", ")
            ))
            .map_err(sqlite_error)?,
        )
    };
    let mut filled: Vec<Vec<V>> = Vec::new();
    for item in plan {
        let row = match item {
            Filled::Row(r) => rows.get(r).cloned().unwrap_or_default(),
            Filled::Fill(values, prefix_row) => {
                let mut row = defaults.clone();
                for (s, v) in specs.iter().zip(values) {
                    if let Some(x) = row.get_mut(s.at) {
                        *x = fill_value(s.ty, v);
                    }
                }
                if let Some(src) = prefix_row.and_then(|p| rows.get(p)) {
                    for c in &prefix {
                        if let (Some(x), Some(v)) = (row.get_mut(*c), src.get(*c)) {
                            *x = v.clone();
                        }
                    }
                }
                if let Some(stmt) = interpolate.as_mut() {
                    let previous = filled.last().unwrap_or(&defaults);
                    let got = stmt
                        .query_row(rusqlite::params_from_iter(previous.iter()), |r| {
                            (0..stage.interpolate.len())
                                .map(|i| r.get::<_, V>(i))
                                .collect::<rusqlite::Result<Vec<V>>>()
                        })
                        .map_err(sqlite_error)?;
                    for ((c, _), v) in stage.interpolate.iter().zip(got) {
                        if let Some(x) = row.get_mut(answered(c)) {
                            *x = v;
                        }
                    }
                }
                row
            }
        };
        filled.push(row);
    }
    let table = quote(&stage.table);
    let declared: Vec<String> = names
        .iter()
        .zip(&decls)
        .map(|(n, d)| format!("{} {d}", quote(n)))
        .collect();
    conn.execute_batch(&format!(
        "DROP TABLE IF EXISTS temp.{table}; CREATE TEMP TABLE {table} ({});",
        declared.join(", ")
    ))
    .map_err(sqlite_error)?;
    let mut insert = conn
        .prepare(&format!(
            "INSERT INTO temp.{table} VALUES ({})",
            vec!["?"; names.len()].join(", ")
        ))
        .map_err(sqlite_error)?;
    for row in filled.iter().skip(offset).take(limit) {
        insert
            .execute(rusqlite::params_from_iter(row.iter()))
            .map_err(sqlite_error)?;
    }
    Ok(())
}

fn sqlite_error(e: rusqlite::Error) -> ApiError {
    // Worded as upstream words ClickHouse's errors (pkg/clickhouse/errors.go).
    let text = e.to_string().to_lowercase();
    if text.contains(TUPLE_OF_INTERVALS) {
        return ApiError::internal("An unexpected error occurred while processing your request.");
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

fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// ClickHouse's text of a literal where it names a column (`FieldVisitorToString`): an
/// integer as its value, a float by [`float_name`], a string quoted with `\'` and `\\`
/// escapes, `true`, `false`, `NULL`; `None` for a value it would write otherwise.
fn literal_name(t: &Tok) -> Option<String> {
    match t {
        Tok::Num(n) if !n.contains(['.', 'e', 'E']) => Some(n.parse::<u64>().ok()?.to_string()),
        Tok::Num(n) => float_name(n.parse::<f64>().ok()?),
        Tok::Str(s) => {
            let mut out = String::from("'");
            for c in s.chars() {
                match c {
                    '\'' => out.push_str("\\'"),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    '\0' => out.push_str("\\0"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    c if c.is_control() => return None,
                    c => out.push(c),
                }
            }
            out.push('\'');
            Some(out)
        }
        Tok::Word(w) => match w.to_ascii_uppercase().as_str() {
            "TRUE" => Some("true".into()),
            "FALSE" => Some("false".into()),
            "NULL" => Some("NULL".into()),
            _ => None,
        },
        Tok::Sym(_) => None,
    }
}

/// A float as ClickHouse names it (double-conversion's shortest form with a trailing point,
/// as `FieldVisitorToString` writes a `Float64`): the fewest digits that read back as the
/// value, `1.` for 1, `0.5`, `1.5`, and from 1e21 or below 1e-6 with an exponent (`1e-7`).
fn float_name(x: f64) -> Option<String> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    // Rust's `{:e}` writes the same shortest digits: `d[.ddd]e[-]x`.
    let shortest = format!("{x:e}");
    let (mantissa, exponent) = shortest.split_once('e')?;
    let exponent: i64 = exponent.parse().ok()?;
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let len = i64::try_from(digits.len()).ok()?;
    if !(-6..21).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        return Some(format!("{first}{rest}e{exponent}"));
    }
    let point = exponent + 1;
    Some(if point <= 0 {
        format!("0.{}{digits}", "0".repeat(usize::try_from(-point).ok()?))
    } else if point >= len {
        format!(
            "{digits}{}.",
            "0".repeat(usize::try_from(point - len).ok()?)
        )
    } else {
        let (whole, fraction) = digits.split_at(usize::try_from(point).ok()?);
        format!("{whole}.{fraction}")
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Num(String),
    Str(String),
    Sym(&'static str),
}

fn tokenize(q: &str) -> Result<Vec<Tok>, ApiError> {
    const SYMS: &[&str] = &[
        "!=", "<>", "<=", ">=", "==", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[",
        "]", ",", ";",
    ];
    let b = q.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while let Some(&c) = b.get(i) {
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            // A comment to the end of the line.
            while b.get(i).is_some_and(|c| *c != b'\n') {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            // A block comment.
            let end = q
                .get(i + 2..)
                .and_then(|rest| rest.find("*/"))
                .ok_or_else(|| query_error("Invalid SQL syntax: unterminated comment"))?;
            i += end + 4;
        } else if c.is_ascii_alphabetic() || matches!(c, b'_' | b'`' | b'"') {
            // A name, its parts joined by `.`; a part may be quoted with `` ` `` or `"` (as
            // upstream's parser reads them: to the next such quote, no escapes).
            let mut word = String::new();
            let mut quoted = false;
            loop {
                match b.get(i) {
                    Some(&quote @ (b'`' | b'"')) if word.is_empty() || word.ends_with('.') => {
                        let len = b
                            .get(i + 1..)
                            .and_then(|rest| rest.iter().position(|c| *c == quote))
                            .ok_or_else(|| {
                                query_error("Invalid SQL syntax: unclosed quoted identifier")
                            })?;
                        word.push_str(&quoted_word(q.get(i + 1..i + 1 + len).unwrap_or_default())?);
                        i += len + 2;
                        quoted = true;
                    }
                    // (After a quoted part, only a `.` goes on.)
                    Some(c)
                        if (c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
                            && (!quoted || *c == b'.') =>
                    {
                        let start = i;
                        while b
                            .get(i)
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
                        {
                            i += 1;
                        }
                        word.push_str(&own_name_escaped(q.get(start..i).unwrap_or_default()));
                        quoted = false;
                    }
                    _ => break,
                }
            }
            out.push(Tok::Word(word));
        } else if c.is_ascii_digit() {
            let start = i;
            // A hexadecimal literal (`0x1F`), as its decimal value.
            let hex_digits = |at: usize| {
                b.get(at..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count()
            };
            if c == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X')) && hex_digits(i + 2) > 0 {
                let digits = q.get(i + 2..i + 2 + hex_digits(i + 2)).unwrap_or_default();
                let value = u64::from_str_radix(digits, 16)
                    .map_err(|_| query_error("Invalid SQL syntax"))?;
                out.push(Tok::Num(value.to_string()));
                i += 2 + digits.len();
                continue;
            }
            while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
                i += 1;
            }
            // An exponent (`1e5`, `2.5E-3`).
            let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
            if matches!(b.get(i), Some(b'e' | b'E'))
                && b.get(i + 1 + sign).is_some_and(u8::is_ascii_digit)
            {
                i += 1 + sign;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            out.push(Tok::Num(q.get(start..i).unwrap_or_default().to_string()));
        } else if c == b'\'' {
            let mut s = Vec::new();
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(query_error("Invalid SQL syntax: unterminated string")),
                    Some(b'\\') => {
                        if let Some(&n) = b.get(i + 1) {
                            s.push(n);
                        }
                        i += 2;
                    }
                    Some(b'\'') if b.get(i + 1) == Some(&b'\'') => {
                        s.push(b'\'');
                        i += 2;
                    }
                    Some(b'\'') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        s.push(c);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Str(String::from_utf8_lossy(&s).to_string()));
        } else {
            let rest = q.get(i..).unwrap_or_default();
            let Some(sym) = SYMS.iter().find(|s| rest.starts_with(**s)) else {
                return Err(query_error(format!(
                    "Invalid SQL syntax: unexpected character {:?} at position {i}",
                    rest.chars().next().unwrap_or(' ')
                )));
            };
            out.push(Tok::Sym(sym));
            i += sym.len();
        }
    }
    Ok(out)
}

/// How a quoted name that is not a plain word is written in the translation: this, then the
/// hexadecimal of its bytes (see [`quoted_word`]); spelled like the translation's own names,
/// which no name of the query is ([`own_name_escaped`]), but answered.
const QUOTED_PREFIX: &str = "__ul_q";

/// The words a quoted name spelled as one of them is not taken for: the clause and operator
/// words of the translation (besides [`KEYWORDS`], [`WINDOW_WORDS`], [`OPERATOR_WORDS`] and
/// [`JOIN_WORDS`]).
const CLAUSE_WORDS: &[&str] = &[
    "ARRAY",
    "ASCENDING",
    "CUBE",
    "DESCENDING",
    "EXCEPT",
    "EXISTS",
    "FILL",
    "FINAL",
    "FORMAT",
    "GROUPING",
    "INTERPOLATE",
    "INTERSECT",
    "LIMIT",
    "OFFSET",
    "OUTER",
    "PREWHERE",
    "QUALIFY",
    "ROLLUP",
    "SAMPLE",
    "SETS",
    "SETTINGS",
    "STALENESS",
    "STEP",
    "TO",
    "TOTALS",
    "UNION",
    "WHERE",
    "WINDOW",
    "WITH",
];

/// The word of a quoted identifier `name` (its text between the quotes): the name itself when
/// it is a plain word and no keyword, so that `` `count` `` or `"outcome"` is `count` or
/// `outcome`; otherwise [`QUOTED_PREFIX`] and the hexadecimal of its bytes, a name SQLite reads
/// as it is, that [`own_name_unescaped`] answers as `name`.
fn quoted_word(name: &str) -> Result<String, ApiError> {
    // (ClickHouse reads a `\` in a quoted name as an escape; upstream's parser does not.)
    if name.is_empty() || name.contains('\\') {
        return Err(query_error("Invalid SQL syntax"));
    }
    let plain = name
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    let upper = name.to_ascii_uppercase();
    let keyword = [
        KEYWORDS,
        WINDOW_WORDS,
        OPERATOR_WORDS,
        &JOIN_WORDS,
        CLAUSE_WORDS,
    ]
    .iter()
    .any(|words| words.contains(&upper.as_str()));
    if plain && !keyword {
        return Ok(own_name_escaped(name));
    }
    let hex: String = name.bytes().map(|c| format!("{c:02x}")).collect();
    Ok(format!("{QUOTED_PREFIX}{hex}"))
}

/// The quoted name written at byte `i` of `name` by [`quoted_word`] (after no word character),
/// and the index after it.
fn quoted_at(name: &str, i: usize) -> Option<(String, usize)> {
    let b = name.as_bytes();
    if i.checked_sub(1)
        .and_then(|p| b.get(p))
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        || !name.get(i..)?.starts_with(QUOTED_PREFIX)
    {
        return None;
    }
    let start = i + QUOTED_PREFIX.len();
    let digits = b
        .get(start..)?
        .iter()
        .take_while(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        .count()
        / 2
        * 2;
    let bytes = (start..start + digits)
        .step_by(2)
        .map(|k| u8::from_str_radix(name.get(k..k + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    Some((String::from_utf8(bytes).ok()?, start + digits))
}

/// Whether an answer's column `name` is the translation's own (`__ul_…`, never answered; a
/// quoted name of the query's is answered, see [`QUOTED_PREFIX`]).
fn own_column(name: &str) -> bool {
    name.starts_with("__ul_") && !name.starts_with(QUOTED_PREFIX)
}

/// Where a name spelled like the translation's own (`__ul_…`, never answered) starts at byte `i`
/// of `name`: after no word character, `__ul` (any case), one or more `u`s when `escaped`,
/// then `_`. Returns the index after `__ul`.
fn own_prefix_at(name: &str, i: usize, escaped: bool) -> Option<usize> {
    let b = name.as_bytes();
    let word_char = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    if i.checked_sub(1)
        .and_then(|p| b.get(p))
        .is_some_and(word_char)
        || !name.get(i..i + 4)?.eq_ignore_ascii_case("__ul")
    {
        return None;
    }
    let us = b
        .iter()
        .skip(i + 4)
        .take_while(|c| c.eq_ignore_ascii_case(&b'u'))
        .count();
    (b.get(i + 4 + us) == Some(&b'_') && (us > 0 || !escaped)).then_some(i + 4)
}

/// A word of the query with each name spelled like the translation's own (`__ul_…`, `__ulu_…`,
/// …) given one more `u` after `__ul`, so that none is taken for one of its own;
/// [`own_name_unescaped`] gives an answered name back.
fn own_name_escaped(word: &str) -> String {
    let mut out = word.to_string();
    for i in (0..word.len()).rev() {
        if let Some(at) = own_prefix_at(word, i, false) {
            out.insert(at, 'u');
        }
    }
    out
}

/// An answered column name as the query spelled it (see [`own_name_escaped`]), its quoted
/// names as written between their quotes ([`quoted_word`]).
fn own_name_unescaped(name: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(c) = name.get(i..).and_then(|rest| rest.chars().next()) {
        if let Some((quoted, end)) = quoted_at(name, i) {
            out.push_str(&quoted);
            i = end;
        } else if let Some(at) = own_prefix_at(name, i, true) {
            // (Without the `u` after `__ul`.)
            out.push_str(name.get(i..at).unwrap_or_default());
            i = at + 1;
        } else {
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// A query translated to SQLite: the CTE that names its table, and the `SELECT`.
struct Translated {
    cte: String,
    select: String,
    /// The public tables the query reads.
    tables: Vec<&'static str>,
    /// The answer's columns: names and ClickHouse types (see [`Ty`]).
    columns: Vec<(String, Ty)>,
    /// The `SELECT`s with `WITH FILL`, inner ones first (see [`Stage`]).
    stages: Vec<Stage>,
}

/// A `SELECT … ORDER BY … WITH FILL`: SQLite runs and sorts it, its rows are filled as
/// ClickHouse fills them ([`Filler`]) into the temporary table `table`, and the query reads that
/// table where the `SELECT` was (so a filled subquery or arm of a set operation feeds the rest).
#[derive(Debug, Clone)]
struct Stage {
    table: String,
    select: String,
    /// The `WITH FILL` columns.
    cols: Vec<(StageCol, FillCol)>,
    /// The columns of the sorting prefix (see [`Fill::prefix`]).
    prefix: Vec<StageCol>,
    /// `INTERPOLATE`: each answered column and its SQLite SQL over the previous row's columns.
    interpolate: Vec<(usize, String)>,
    limit: Option<i64>,
    offset: i64,
    /// See [`Fill::distinct`].
    distinct: bool,
    /// The `SELECT`'s columns: names and ClickHouse types.
    columns: Vec<(String, Ty)>,
}

/// ClickHouse's `ORDER BY … WITH FILL [FROM a] [TO b] [STEP s] [STALENESS t], …
/// [INTERPOLATE [(col [AS expr], …)]]` of one `SELECT`, with its `LIMIT` and `OFFSET` (which
/// apply to the filled rows): rows are added for the missing steps of each `WITH FILL` column,
/// their other columns their types' defaults (or interpolated).
#[derive(Debug, Clone, Default)]
struct Fill {
    /// The `ORDER BY` items before the first `WITH FILL` one (the sorting prefix): each run of
    /// rows with equal values of them is filled on its own (ClickHouse's
    /// `use_with_fill_by_sorting_prefix`, on by default), its filled rows taking those values.
    prefix: Vec<FillKey>,
    /// The `WITH FILL` items, in order.
    cols: Vec<(FillKey, FillCol)>,
    /// `INTERPOLATE`: the columns and their expressions as SQLite SQL (`None`: the column's
    /// previous value); an empty list stands for every column not ordered by.
    interpolate: Option<Vec<(FillKey, Option<String>)>>,
    limit: Option<i64>,
    offset: i64,
    /// A `SELECT DISTINCT` that sorts by an expression it does not answer: SQLite runs it
    /// without `DISTINCT`, numbering the rows as read ([`DISTINCT_READ`]), and the stage keeps
    /// the row of each answer read first.
    distinct: bool,
}

/// The column in which a [`Fill::distinct`] `SELECT` numbers its rows as read.
const DISTINCT_READ: &str = "__ul_read";

/// An `ORDER BY` item `WITH FILL` fills by (or sorts by first): an answered column by name, or
/// by position (from 1), another expression (its tokens) until the `SELECT`'s list is known,
/// and then, if it is not answered, the column of the translation's own that computes it.
#[derive(Debug, Clone, PartialEq)]
enum FillKey {
    Name(String),
    Position(usize),
    Expr(usize, usize),
    Hidden(String, Ty),
}

impl FillKey {
    /// The column it names among the `SELECT`'s `columns`.
    fn column(&self, columns: &[(String, Ty)]) -> Option<StageCol> {
        match self {
            FillKey::Name(n) => columns.iter().position(|(c, _)| c == n),
            FillKey::Position(p) => p.checked_sub(1).filter(|p| *p < columns.len()),
            FillKey::Expr(..) => None,
            FillKey::Hidden(name, ty) => return Some(StageCol::Hidden(name.clone(), *ty)),
        }
        .map(StageCol::Answered)
    }
}

/// A column of a [`Stage`]: an answered one (its index), or one of the translation's own
/// (`__ul_…`: its name and type) that an `ORDER BY … WITH FILL` expression needs.
#[derive(Debug, Clone, PartialEq)]
enum StageCol {
    Answered(usize),
    Hidden(String, Ty),
}

/// One `WITH FILL` column.
#[derive(Debug, Clone)]
struct FillCol {
    desc: bool,
    /// `FROM` and `TO`: SQLite SQL of constants, and their ClickHouse types.
    from: Option<(String, Ty)>,
    to: Option<(String, Ty)>,
    step: Option<FillAmount>,
    staleness: Option<FillAmount>,
}

/// A `WITH FILL` `STEP` or `STALENESS` as written: a count (SQLite SQL of a constant, evaluated
/// when the query runs) of one step `per` (a unit of the column, or an interval's unit).
#[derive(Debug, Clone)]
struct FillAmount {
    count: String,
    per: FillStep,
}

/// A `WITH FILL` `STEP` or `STALENESS` (negative when descending).
#[derive(Debug, Clone, Copy)]
enum FillStep {
    /// A number: of the column's units (a day of a `Date`, a second of a `DateTime`).
    Units(f64),
    /// `INTERVAL n SECOND…WEEK`, in ms.
    Ms(i64),
    /// `INTERVAL n MONTH|QUARTER|YEAR`, in months.
    Months(i64),
}

impl FillStep {
    /// Its signed count.
    fn amount(self) -> f64 {
        match self {
            FillStep::Units(n) => n,
            FillStep::Ms(n) | FillStep::Months(n) => n as f64,
        }
    }

    /// `v` (a number, or a time as Unix ms) moved by `times` steps, for a column of type `ty`.
    fn apply(self, v: f64, times: i64, ty: Ty) -> f64 {
        match self {
            FillStep::Units(n) => v + n * times as f64 * fill_unit(ty),
            FillStep::Ms(d) => v + d as f64 * times as f64,
            // (Bounded to the calendar's reach, so the arithmetic cannot overflow.)
            FillStep::Months(m) => add_months(
                v.clamp(-1e15, 1e15) as i64,
                m.saturating_mul(times).clamp(-1_000_000, 1_000_000),
            ) as f64,
        }
    }
}

/// The ms of one unit of a `WITH FILL` column of type `ty` (for a number, 1): what a plain
/// `STEP`, or a number as `FROM`/`TO`, counts.
fn fill_unit(ty: Ty) -> f64 {
    match ty {
        Ty::Date => 86_400_000.0,
        Ty::DateTime | Ty::DateTime64(_) => 1000.0,
        _ => 1.0,
    }
}

/// A value of a column of type `ty` in a filled row: `v` as the column holds it, or (`None`) the
/// type's default.
fn fill_value(ty: Ty, v: Option<f64>) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match (ty, v) {
        (Ty::Float | Ty::Decimal, Some(v)) => V::Real(v),
        (_, Some(v)) => V::Integer(v.round() as i64),
        (
            Ty::Int
            | Ty::Float
            | Ty::Bool
            | Ty::Date
            | Ty::DateTime
            | Ty::DateTime64(_)
            | Ty::Decimal,
            None,
        ) => V::Integer(0),
        (Ty::Str, None) => V::Text(String::new()),
        (Ty::Array, None) => V::Text(format!("{ARRAY_MARK}[]")),
        (Ty::Unknown | Ty::Interval, None) => V::Null,
    }
}

/// A `WITH FILL` column while filling: where it is, its direction, bounds and steps.
#[derive(Debug, Clone)]
struct FillSpec {
    at: usize,
    ty: Ty,
    desc: bool,
    from: Option<f64>,
    to: Option<f64>,
    step: FillStep,
    staleness: Option<FillStep>,
}

impl FillSpec {
    /// What ClickHouse refuses of it (INVALID_WITH_FILL_EXPRESSION and its like, which
    /// upstream answers as any other query error): a column other than a number or a time, a
    /// step of zero or against the direction, `TO` before `FROM`, a fraction of an integer's
    /// (a `Date`'s, a `DateTime`'s) units, an `INTERVAL` of a number, less than a day of a
    /// `Date`.
    fn check(&self) -> Result<(), ApiError> {
        let steps: Vec<FillStep> = std::iter::once(self.step).chain(self.staleness).collect();
        let fraction = |s: &FillStep| matches!(s, FillStep::Units(n) if n.fract() != 0.0);
        let interval = |s: &FillStep| !matches!(s, FillStep::Units(_));
        let refused = match self.ty {
            // FillingTransform's tryConvertFields takes integers, floats and times only (of a
            // `Nullable` too). What [`Tr::expr_ty`] leaves untyped is none: a `NULL`
            // (`Nullable(Nothing)`), an empty array's element (`Nothing`), a tuple, or an
            // expression ClickHouse's own typing refuses (a string plus a number).
            Ty::Unknown | Ty::Interval | Ty::Str | Ty::Array => true,
            // (A `Bool` is a `UInt8` to ClickHouse's filling.)
            Ty::Int | Ty::Bool => steps.iter().any(|s| fraction(s) || interval(s)),
            Ty::Float | Ty::Decimal => steps.iter().any(interval),
            Ty::Date | Ty::DateTime => {
                steps.iter().any(fraction)
                    || (self.ty == Ty::Date
                        && steps
                            .iter()
                            .any(|s| matches!(s, FillStep::Ms(ms) if ms.abs() < 86_400_000)))
            }
            Ty::DateTime64(_) => false,
        };
        let against = steps
            .iter()
            .any(|s| s.amount() == 0.0 || (s.amount() < 0.0) != self.desc);
        let reversed = match (self.from, self.to) {
            (Some(f), Some(t)) => (self.desc && t > f) || (!self.desc && t < f),
            _ => false,
        };
        if refused || against || reversed {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }
}

/// One row of a filled answer: an original row (its index), or a filled one (the `WITH FILL`
/// columns' values, `None` for their defaults, and the original row whose sorting prefix it
/// takes).
#[derive(Debug, Clone, PartialEq)]
enum Filled {
    Row(usize),
    Fill(Vec<Option<f64>>, Option<usize>),
}

/// Filling sorted rows as ClickHouse's `FillingTransform` does (our own code, after its
/// behaviour in `src/Processors/Transforms/FillingTransform.cpp` and
/// `src/Interpreters/FillingRow.cpp`): a "filling row" of the `WITH FILL` columns walks by
/// `STEP` towards each original row, a row inserted for each step short of it; with several
/// columns a later one steps within the earlier ones' values; `FROM` starts each run, `TO` (or
/// `STALENESS` past the last original row) ends it.
struct Filler<'a> {
    cols: &'a [FillSpec],
    /// The filling row.
    row: Vec<Option<f64>>,
    /// The `WITH FILL` values of the original row it walks towards (all `None` at the end).
    next: Vec<Option<f64>>,
    /// Where each column's filling stops: `TO`, or nearer with `STALENESS`.
    limits: Vec<Option<f64>>,
    /// Whether the filling row was inserted, and whether it moved since.
    inserted: bool,
    changed: bool,
    out: Vec<Filled>,
    /// Rows wanted at most (any after them would not be answered).
    cap: usize,
}

impl Filler<'_> {
    /// Fills `values` (each original row's `WITH FILL` values, sorted), the rows of each run of
    /// equal sorting prefixes (`same(a, b)`) on their own.
    fn run(
        cols: &[FillSpec],
        values: &[Vec<Option<f64>>],
        same: impl Fn(usize, usize) -> bool,
        cap: usize,
    ) -> Vec<Filled> {
        let mut f = Filler {
            cols,
            row: vec![None; cols.len()],
            next: vec![None; cols.len()],
            limits: cols.iter().map(|c| c.to).collect(),
            inserted: false,
            changed: false,
            out: Vec::new(),
            cap,
        };
        if values.is_empty() {
            // No rows: from `FROM` up to `TO`, when both are given.
            f.restart_from(0);
            f.suffix(None);
            return f.out;
        }
        let mut start = 0;
        while start < values.len() && !f.full() {
            let end = (start + 1..values.len())
                .find(|k| !same(start, *k))
                .unwrap_or(values.len());
            if start > 0 {
                f.suffix(Some(start - 1));
            }
            f.range(values, start, end);
            start = end;
        }
        f.suffix(Some(values.len() - 1));
        f.out
    }

    /// Whether `a` comes before `b` in column `i`'s direction.
    fn less(&self, i: usize, a: f64, b: f64) -> bool {
        match self.cols.get(i) {
            Some(c) if c.desc => b < a,
            _ => a < b,
        }
    }

    /// `v` moved by `times` steps of column `i`.
    fn step(&self, i: usize, v: f64, times: i64) -> f64 {
        self.cols.get(i).map_or(v, |c| c.step.apply(v, times, c.ty))
    }

    fn full(&self) -> bool {
        self.out.len() >= self.cap
    }

    /// Inserts the filling row, its sorting prefix that of the original row `prefix`.
    fn put(&mut self, prefix: Option<usize>) {
        if !self.full() {
            self.out.push(Filled::Fill(self.row.clone(), prefix));
        }
        self.inserted = true;
        self.changed = false;
    }

    /// Whether row `a` comes before row `b` (at the first column both have and that differs).
    fn row_less(&self, a: &[Option<f64>], b: &[Option<f64>]) -> bool {
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            if let (Some(x), Some(y)) = (x, y) {
                if x != y {
                    return self.less(i, *x, *y);
                }
            }
        }
        false
    }

    /// Columns from `k` on start again from `FROM` (or none).
    fn restart_from(&mut self, k: usize) {
        for (i, c) in self.cols.iter().enumerate().skip(k) {
            if let Some(v) = self.row.get_mut(i) {
                *v = c.from;
            }
        }
    }

    /// Columns from `k` on are set to `TO` (or none).
    fn restart_to(&mut self, k: usize) {
        for (i, c) in self.cols.iter().enumerate().skip(k) {
            if let Some(v) = self.row.get_mut(i) {
                *v = c.to;
            }
        }
    }

    /// Whether the filling row is short of its limit (at its first column that has one).
    fn within_limits(&self) -> bool {
        for (i, (v, l)) in self.row.iter().zip(&self.limits).enumerate() {
            if let (Some(v), Some(l)) = (v, l) {
                return self.less(i, *v, *l);
            }
        }
        true
    }

    /// With `STALENESS`: each such column's limit becomes the original `values` plus it (or
    /// `TO`, when nearer).
    fn stale_limits(&mut self, values: &[Option<f64>]) {
        for (i, c) in self.cols.iter().enumerate() {
            let (Some(s), Some(Some(v))) = (c.staleness, values.get(i)) else {
                continue;
            };
            let border = s.apply(*v, 1, c.ty);
            let limit = match c.to {
                Some(t) if self.less(i, t, border) => t,
                _ => border,
            };
            if let Some(l) = self.limits.get_mut(i) {
                *l = Some(limit);
            }
        }
    }

    /// Once the filling row reached the original row at column `pos`: the later columns
    /// start again (from `FROM`, or the original's values); whether it is still before it.
    fn restart_after(&mut self, pos: usize) -> bool {
        let mut before = false;
        for i in pos + 1..self.cols.len() {
            let from = self.cols.get(i).and_then(|c| c.from);
            let next = self.next.get(i).copied().flatten();
            let v = from.or(next);
            if let Some(r) = self.row.get_mut(i) {
                *r = v;
            }
            let limit = self.limits.get(i).copied().flatten();
            before |= v.is_some_and(|v| {
                next.is_none_or(|n| self.less(i, v, n)) && limit.is_none_or(|l| self.less(i, v, l))
            });
        }
        self.changed = true;
        before
    }

    /// Moves the filling row one step towards the next original row (or its limits):
    /// whether there is a row to insert.
    fn advance(&mut self) -> bool {
        if self.full() {
            return false;
        }
        let n = self.cols.len();
        let border = |i: usize| {
            let limit = self.limits.get(i).copied().flatten();
            let next = self.next.get(i).copied().flatten();
            match (limit, next) {
                (Some(l), Some(o)) => Some(if self.less(i, l, o) { l } else { o }),
                (l, o) => l.or(o),
            }
        };
        // The first column short of its border.
        let Some((pos, v)) = (0..n).find_map(|i| {
            let v = self.row.get(i).copied().flatten()?;
            border(i).filter(|b| *b != v).map(|_| (i, v))
        }) else {
            return false;
        };
        let next = self.next.get(pos).copied().flatten();
        let limit = self.limits.get(pos).copied().flatten();
        if !v.is_finite()
            || next.is_some_and(|o| self.less(pos, o, v))
            || limit.is_some_and(|l| !self.less(pos, v, l))
        {
            return false;
        }
        // A later column with a limit steps first, within this one's value.
        for i in (pos + 1..n).rev() {
            let (Some(vi), Some(li)) = (
                self.row.get(i).copied().flatten(),
                self.limits.get(i).copied().flatten(),
            ) else {
                continue;
            };
            let stepped = self.step(i, vi, 1);
            if self.less(i, stepped, li) {
                if let Some(r) = self.row.get_mut(i) {
                    *r = Some(stepped);
                }
                self.restart_from(i + 1);
                self.changed = true;
                return true;
            }
        }
        let stepped = self.step(pos, v, 1);
        if next.is_some_and(|o| self.less(pos, o, stepped))
            || limit.is_some_and(|l| !self.less(pos, stepped, l))
        {
            return false;
        }
        if let Some(r) = self.row.get_mut(pos) {
            *r = Some(stepped);
        }
        self.changed = true;
        if next == Some(stepped) {
            return self.restart_after(pos);
        }
        self.restart_from(pos + 1);
        true
    }

    /// With `STALENESS`: moves the filling row by whole steps as near the next original row as
    /// it gets without passing it; whether there is a row to insert.
    fn shift(&mut self) -> bool {
        for pos in 0..self.cols.len() {
            let (Some(v), Some(o)) = (
                self.row.get(pos).copied().flatten(),
                self.next.get(pos).copied().flatten(),
            ) else {
                continue;
            };
            if v == o {
                continue;
            }
            if self.less(pos, o, v) {
                return false;
            }
            // The furthest whole number of steps not past `o` (doubling, then halving).
            let (mut at, mut len) = (v, 1i64);
            for _ in 0..500 {
                if len <= 0 {
                    break;
                }
                let moved = self.step(pos, at, len);
                if !moved.is_finite() || self.less(pos, moved, at) || self.less(pos, o, moved) {
                    len /= 2;
                } else {
                    at = moved;
                    len = len.saturating_mul(2);
                }
            }
            if let Some(r) = self.row.get_mut(pos) {
                *r = Some(at);
            }
            if at == o {
                return self.restart_after(pos);
            }
            self.restart_to(pos + 1);
            self.changed = false;
            return false;
        }
        false
    }

    /// Fills one run `[start, end)` of rows with the same sorting prefix.
    fn range(&mut self, values: &[Vec<Option<f64>>], start: usize, end: usize) {
        let first = values.get(start).cloned().unwrap_or_default();
        for i in 0..self.cols.len() {
            let current = first.get(i).copied().flatten();
            if let Some(from) = self.cols.get(i).and_then(|c| c.from) {
                if current != Some(from) {
                    self.restart_from(i);
                    self.inserted = false;
                    if current.is_some_and(|c| self.less(i, from, c)) {
                        self.put(Some(start));
                    }
                    break;
                }
            }
            if let Some(r) = self.row.get_mut(i) {
                *r = current;
            }
        }
        let stale = self.cols.iter().any(|c| c.staleness.is_some());
        self.stale_limits(&first);
        for r in start..end {
            if self.full() {
                return;
            }
            let before = self.row_less(&self.next, &self.row);
            self.next = values.get(r).cloned().unwrap_or_default();
            // `FROM` between the previous original row and this one.
            if before && self.row_less(&self.row, &self.next) && self.within_limits() {
                self.put(Some(r));
            }
            self.changed = false;
            while self.advance() {
                self.put(Some(r));
            }
            if stale {
                self.stale_limits(&self.next.clone());
                while self.shift() {
                    loop {
                        self.put(Some(r));
                        if !self.advance() {
                            break;
                        }
                    }
                }
            }
            if self.changed {
                self.inserted = false;
            }
            self.out.push(Filled::Row(r));
        }
    }

    /// After a run (or when there are no rows): the rows up to the limits (`TO`), their
    /// sorting prefix that of the original row `prefix`.
    fn suffix(&mut self, prefix: Option<usize>) {
        let first = (self.row_less(&self.next, &self.row) && !self.inserted)
            || (self.next.iter().all(Option::is_none) && self.row.iter().any(Option::is_some));
        self.next = vec![None; self.cols.len()];
        if self.limits.iter().all(Option::is_none) || !self.within_limits() {
            return;
        }
        if first {
            self.put(prefix);
        }
        while self.advance() {
            self.put(prefix);
        }
    }
}

const KEYWORDS: &[&str] = &[
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "AS", "GROUP", "BY", "ORDER", "ASC",
    "DESC", "LIMIT", "OFFSET", "HAVING", "DISTINCT", "BETWEEN", "LIKE", "IS", "NULL", "TRUE",
    "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "ON", "USING",
    // A window: `f(…) OVER (…)` (its own words, see [`WINDOW_WORDS`]).
    "OVER", // `x [NOT] ILIKE pattern` (see `Tr::emit`).
    "ILIKE",
];

/// The words of a window's specification (`OVER (PARTITION BY … ORDER BY … ROWS BETWEEN …
/// PRECEDING AND CURRENT ROW)`): keywords only there (elsewhere they may name columns).
const WINDOW_WORDS: &[&str] = &[
    "PARTITION",
    "ROWS",
    "RANGE",
    "UNBOUNDED",
    "PRECEDING",
    "FOLLOWING",
    "CURRENT",
    "ROW",
    "NULLS",
    "FIRST",
    "LAST",
];

fn unit_ms(unit: &str) -> Option<i64> {
    Some(match unit.to_ascii_uppercase().trim_end_matches('S') {
        "SECOND" => 1_000,
        "MINUTE" => 60_000,
        "HOUR" => 3_600_000,
        "DAY" => 86_400_000,
        "WEEK" => 604_800_000,
        _ => return None,
    })
}

/// The elements of a JSON array held as text (the `tags` column, an array literal).
fn json_items(text: &str) -> Vec<Value> {
    match serde_json::from_str(text.strip_prefix(ARRAY_MARK).unwrap_or(text)) {
        Ok(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// A SQLite value as the JSON value an array element is compared with.
fn sqlite_json(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Integer(n) => json!(n),
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Null | ValueRef::Blob(_) => Value::Null,
    }
}

/// ClickHouse's `has(array, x)`, `hasAny(array, array)` and `hasAll(array, array)` over arrays
/// held as JSON text, as SQLite functions `ch_has`, `ch_hasany`, `ch_hasall`.
fn register_array_functions(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    let text = |ctx: &rusqlite::functions::Context<'_>, i: usize| -> String {
        match ctx.get_raw(i) {
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
            _ => String::new(),
        }
    };
    conn.create_scalar_function("ch_has", 2, flags, move |ctx| {
        let wanted = sqlite_json(ctx.get_raw(1));
        Ok(json_items(&text(ctx, 0)).contains(&wanted))
    })?;
    conn.create_scalar_function("ch_hasany", 2, flags, move |ctx| {
        let have = json_items(&text(ctx, 0));
        Ok(json_items(&text(ctx, 1)).iter().any(|w| have.contains(w)))
    })?;
    conn.create_scalar_function("ch_hasall", 2, flags, move |ctx| {
        let have = json_items(&text(ctx, 0));
        Ok(json_items(&text(ctx, 1)).iter().all(|w| have.contains(w)))
    })?;
    let int = |ctx: &rusqlite::functions::Context<'_>, i: usize| -> Option<i64> {
        match ctx.get_raw(i) {
            rusqlite::types::ValueRef::Integer(n) => Some(n),
            rusqlite::types::ValueRef::Real(f) if f.is_finite() => Some(f as i64),
            _ => None,
        }
    };
    conn.create_scalar_function("ch_add_months", 2, flags, move |ctx| {
        Ok(match (int(ctx, 0), int(ctx, 1)) {
            (Some(t), Some(n)) => Some(add_months(t, n)),
            _ => None,
        })
    })?;
    // The variadic functions read their first argument only when there is one (a call
    // without arguments is refused, as ClickHouse refuses it).
    let no_args = || rusqlite::Error::UserFunctionError("missing argument".into());
    conn.create_scalar_function("ch_to_date", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        Ok(int(ctx, 0).map(|t| t - t.rem_euclid(86_400_000)))
    })?;
    // toDate/toDateTime/toDateTime64 of what is not a time: a number is Unix seconds (for
    // toDate, below 65,536 it is days), text a date.
    for (name, mode) in [
        ("ch_date_of", 0u8),
        ("ch_datetime_of", 1),
        ("ch_datetime64_of", 3),
    ] {
        conn.create_scalar_function(name, -1, flags, move |ctx| {
            if ctx.is_empty() {
                return Err(no_args());
            }
            // (In Unix µs, see [`micros`].)
            let us = match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Integer(n) if mode == 0 && (0..65_536).contains(&n) => {
                    n.checked_mul(86_400_000_000)
                }
                rusqlite::types::ValueRef::Integer(n) => n.checked_mul(1_000_000),
                rusqlite::types::ValueRef::Real(f) if f.is_finite() => {
                    if mode == 0 && (0.0..65_536.0).contains(&f) {
                        Some(f as i64 * 86_400_000_000)
                    } else {
                        Some((f * 1e6) as i64)
                    }
                }
                rusqlite::types::ValueRef::Text(t) if mode == 3 => {
                    parse_datetime64(&String::from_utf8_lossy(t))
                }
                rusqlite::types::ValueRef::Text(t) => {
                    parse_date(&String::from_utf8_lossy(t)).and_then(|ms| ms.checked_mul(1000))
                }
                _ => None,
            };
            Ok(us.map(|us| {
                from_micros(match mode {
                    0 => us - us.rem_euclid(86_400_000_000),
                    1 => us - us.rem_euclid(1_000_000),
                    _ => scale_micros(us, int(ctx, 1).or(Some(3))),
                })
            }))
        })?;
    }
    conn.create_scalar_function("ch_first", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        Ok(int(ctx, 0))
    })?;
    // toDateTime64(time, scale[, time zone]).
    conn.create_scalar_function("ch_datetime64", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        Ok(micros(ctx.get_raw(0)).map(|us| from_micros(scale_micros(us, int(ctx, 1)))))
    })?;
    conn.create_scalar_function("ch_start_of_quarter", 1, flags, move |ctx| {
        Ok(int(ctx, 0).map(start_of_quarter))
    })?;
    let refuse = |what: String| rusqlite::Error::UserFunctionError(what.into());
    conn.create_scalar_function("ch_date_trunc", 2, flags, move |ctx| {
        let unit = text(ctx, 0);
        match int(ctx, 1) {
            None => Ok(None),
            Some(t) => date_trunc(&unit, t)
                .map(Some)
                .ok_or_else(|| refuse(format!("unknown unit {unit}"))),
        }
    })?;
    conn.create_scalar_function("ch_json_extract_string", -1, flags, move |ctx| {
        if ctx.is_empty() {
            return Err(no_args());
        }
        let mut v: Value = serde_json::from_str(&text(ctx, 0)).unwrap_or(Value::Null);
        for i in 1..ctx.len() {
            v = match (ctx.get_raw(i), v) {
                (rusqlite::types::ValueRef::Text(k), Value::Object(mut m)) => m
                    .remove(String::from_utf8_lossy(k).as_ref())
                    .unwrap_or(Value::Null),
                // 1-based; negative counts from the end, as ClickHouse.
                (rusqlite::types::ValueRef::Integer(n), Value::Array(mut items)) => {
                    let len = items.len() as i64;
                    let at = if n > 0 { n - 1 } else { len + n };
                    if (0..len).contains(&at) {
                        items.swap_remove(at as usize)
                    } else {
                        Value::Null
                    }
                }
                _ => Value::Null,
            };
        }
        Ok(match v {
            Value::String(s) => s,
            _ => String::new(),
        })
    })?;
    // (Of a `DateTime64`, `%f` writes its fraction.)
    for (name, fraction) in [
        ("ch_format_datetime", false),
        ("ch_format_datetime64", true),
    ] {
        conn.create_scalar_function(name, -1, flags, move |ctx| {
            if !(2..=3).contains(&ctx.len()) {
                return Err(refuse("wrong number of arguments".into()));
            }
            let format = text(ctx, 1);
            match micros(ctx.get_raw(0)) {
                None => Ok(None),
                Some(us) => format_datetime(us, &format, fraction)
                    .map(Some)
                    .ok_or_else(|| refuse(format!("bad format {format}"))),
            }
        })?;
    }
    let real = |ctx: &rusqlite::functions::Context<'_>, i: usize| -> Option<f64> {
        match ctx.get_raw(i) {
            rusqlite::types::ValueRef::Integer(n) => Some(n as f64),
            rusqlite::types::ValueRef::Real(f) => Some(f),
            rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).trim().parse().ok(),
            _ => None,
        }
    };
    // ClickHouse's `round(x[, n])`: a float's tie to the even neighbour (`round(2.5)` is 2), an
    // integer's away from zero.
    conn.create_scalar_function("ch_round", -1, flags, move |ctx| {
        if !(1..=2).contains(&ctx.len()) {
            return Err(refuse("wrong number of arguments".into()));
        }
        let digits = if ctx.len() == 2 {
            int(ctx, 1).unwrap_or(0)
        } else {
            0
        };
        let digits = i32::try_from(digits.clamp(-18, 18)).unwrap_or(0);
        Ok(match ctx.get_raw(0) {
            rusqlite::types::ValueRef::Integer(n) if digits >= 0 => {
                rusqlite::types::Value::Integer(n)
            }
            rusqlite::types::ValueRef::Integer(n) => {
                let unit = 10i64.saturating_pow(digits.unsigned_abs());
                let half = unit / 2;
                let rounded = if n >= 0 {
                    (n.saturating_add(half) / unit).saturating_mul(unit)
                } else {
                    -((n.saturating_neg().saturating_add(half) / unit).saturating_mul(unit))
                };
                rusqlite::types::Value::Integer(rounded)
            }
            rusqlite::types::ValueRef::Real(f) => {
                let scale = 10f64.powi(digits);
                rusqlite::types::Value::Real((f * scale).round_ties_even() / scale)
            }
            _ => rusqlite::types::Value::Null,
        })
    })?;
    conn.create_scalar_function("ch_floor", 1, flags, move |ctx| {
        Ok(real(ctx, 0).map(f64::floor))
    })?;
    conn.create_scalar_function("ch_ceil", 1, flags, move |ctx| {
        Ok(real(ctx, 0).map(f64::ceil))
    })?;
    conn.create_scalar_function("ch_concat", -1, flags, move |ctx| {
        let mut s = String::new();
        for i in 0..ctx.len() {
            match ctx.get_raw(i) {
                rusqlite::types::ValueRef::Integer(n) => s.push_str(&n.to_string()),
                rusqlite::types::ValueRef::Real(f) => s.push_str(&f.to_string()),
                rusqlite::types::ValueRef::Text(t) => s.push_str(&String::from_utf8_lossy(t)),
                _ => {}
            }
        }
        Ok(s)
    })?;
    conn.create_scalar_function("ch_startswith", 2, flags, move |ctx| {
        Ok(text(ctx, 0).starts_with(&text(ctx, 1)))
    })?;
    conn.create_scalar_function("ch_endswith", 2, flags, move |ctx| {
        Ok(text(ctx, 0).ends_with(&text(ctx, 1)))
    })?;
    // ClickHouse's `a / b`: a float, `±inf` by zero (`nan`, which SQLite holds as NULL, for 0 / 0).
    conn.create_scalar_function("ch_divide", 2, flags, move |ctx| {
        let float = |i: usize| match ctx.get_raw(i) {
            rusqlite::types::ValueRef::Integer(n) => Some(n as f64),
            rusqlite::types::ValueRef::Real(f) => Some(f),
            rusqlite::types::ValueRef::Text(t) => {
                Some(std::str::from_utf8(t).ok()?.trim().parse().unwrap_or(0.0))
            }
            _ => None,
        };
        Ok(float(0).zip(float(1)).map(|(a, b)| a / b))
    })?;
    // ClickHouse's `substring(s, offset[, length])`, of bytes: offset 1 is the first, 0 gives
    // '', a negative one counts from the end; a negative length leaves that many bytes off the
    // end.
    conn.create_scalar_function("ch_substring", -1, flags, move |ctx| {
        if ctx.len() < 2 {
            return Err(no_args());
        }
        let s = text(ctx, 0).into_bytes();
        let len = s.len() as i64;
        let offset = int(ctx, 1).unwrap_or(0);
        let length = if ctx.len() > 2 { int(ctx, 2) } else { None };
        let (start, end) = match offset {
            0 => (0, 0),
            o if o > 0 => (o - 1, len),
            o => (len + o, len),
        };
        let end = match length {
            Some(l) if l >= 0 => end.min(start.saturating_add(l)),
            Some(l) => end.min(len + l),
            None => end,
        };
        let clamp = |v: i64| usize::try_from(v.clamp(0, len)).unwrap_or(0);
        Ok(
            String::from_utf8_lossy(s.get(clamp(start)..clamp(end)).unwrap_or_default())
                .into_owned(),
        )
    })?;
    // ClickHouse's `toInt32`/`toInt64`/`toFloat64` of a string it cannot read as one
    // ("Cannot parse string 'VALID' as Int64", upstream's "Invalid SQL syntax"); a number is
    // cut to an integer or taken as it is.
    for (name, float) in [("ch_to_int", false), ("ch_to_float", true)] {
        conn.create_scalar_function(name, 1, flags, move |ctx| {
            let parse_error = |t: &[u8]| {
                rusqlite::Error::UserFunctionError(
                    format!("Cannot parse string '{}'", String::from_utf8_lossy(t)).into(),
                )
            };
            use rusqlite::types::{Value as V, ValueRef as R};
            Ok(match (ctx.get_raw(0), float) {
                (R::Null, _) => V::Null,
                (R::Integer(n), false) => V::Integer(n),
                (R::Real(f), false) => V::Integer(f as i64),
                (R::Integer(n), true) => V::Real(n as f64),
                (R::Real(f), true) => V::Real(f),
                (R::Text(t) | R::Blob(t), false) => V::Integer(
                    std::str::from_utf8(t)
                        .ok()
                        .and_then(|t| t.parse().ok())
                        .ok_or_else(|| parse_error(t))?,
                ),
                (R::Text(t) | R::Blob(t), true) => V::Real(
                    std::str::from_utf8(t)
                        .ok()
                        .and_then(|t| t.parse().ok())
                        .ok_or_else(|| parse_error(t))?,
                ),
            })
        })?;
    }
    // An array value (a column of JSON text, or what groupArray/arrayFilter build) as JSON
    // text for json_each.
    conn.create_scalar_function("ch_array", 1, flags, move |ctx| {
        let t = text(ctx, 0);
        Ok(match t.strip_prefix(ARRAY_MARK) {
            Some(rest) => rest.to_string(),
            None if t.starts_with('[') => t,
            None => "[]".to_string(),
        })
    })?;
    // ARRAY JOIN of several arrays: their sizes must match.
    conn.create_scalar_function("ch_same_length", 2, flags, move |ctx| {
        if json_items(&text(ctx, 0)).len() == json_items(&text(ctx, 1)).len() {
            Ok(true)
        } else {
            Err(refuse("Sizes of ARRAY-JOIN-ed arrays do not match".into()))
        }
    })?;
    // toString of a number as ClickHouse writes it (a whole float without a fraction: `2`,
    // not SQLite's `2.0`).
    conn.create_scalar_function("ch_to_string", 1, flags, move |ctx| {
        Ok(match ctx.get_raw(0) {
            rusqlite::types::ValueRef::Null => None,
            rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
            rusqlite::types::ValueRef::Real(f)
                if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 =>
            {
                Some(format!("{}", f as i64))
            }
            rusqlite::types::ValueRef::Real(f) if f.is_nan() => Some("nan".into()),
            rusqlite::types::ValueRef::Real(f) if f.is_infinite() => {
                Some(if f > 0.0 { "inf" } else { "-inf" }.into())
            }
            rusqlite::types::ValueRef::Real(f) => Some(f.to_string()),
            rusqlite::types::ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
            rusqlite::types::ValueRef::Blob(b) => Some(String::from_utf8_lossy(b).into_owned()),
        })
    })?;
    // toString of a time: `YYYY-MM-DD` (digits -1), `YYYY-MM-DD hh:mm:ss` (0), with a fraction
    // of that many digits (a `DateTime64`'s scale; beyond ms, zeros).
    conn.create_scalar_function("ch_time_text", 2, flags, move |ctx| {
        let digits = int(ctx, 0).unwrap_or(-1);
        Ok(micros(ctx.get_raw(1)).map(|us| {
            let t = us.div_euclid(1000);
            let day = ymd(t);
            let secs = t.div_euclid(1000).rem_euclid(86_400);
            let clock = format!(
                "{:02}:{:02}:{:02}",
                secs / 3600,
                secs % 3600 / 60,
                secs % 60
            );
            match usize::try_from(digits) {
                Err(_) => day,
                Ok(0) => format!("{day} {clock}"),
                Ok(n) => {
                    let frac = format!("{:06}000", us.rem_euclid(1_000_000));
                    format!("{day} {clock}.{}", frac.get(..n).unwrap_or(&frac))
                }
            }
        }))
    })?;
    // ClickHouse's `LIKE` is case-sensitive (SQLite's folds ASCII case): `like(pattern, text)`
    // is what SQLite's `text LIKE pattern` calls. `ch_ilike(text, pattern)` is `ILIKE`.
    let like =
        move |ctx: &rusqlite::functions::Context<'_>, pattern: usize, value: usize, fold: bool| {
            let (p, v) = (ctx.get_raw(pattern), ctx.get_raw(value));
            if matches!(p, rusqlite::types::ValueRef::Null)
                || matches!(v, rusqlite::types::ValueRef::Null)
            {
                return None;
            }
            let as_text = |x: rusqlite::types::ValueRef<'_>| match x {
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                rusqlite::types::ValueRef::Real(f) => f.to_string(),
                _ => String::new(),
            };
            let (mut p, mut v) = (as_text(p), as_text(v));
            if fold {
                p = p.to_lowercase();
                v = v.to_lowercase();
            }
            Some(like_match(&v, &p))
        };
    conn.create_scalar_function("like", 2, flags, move |ctx| Ok(like(ctx, 0, 1, false)))?;
    conn.create_scalar_function("ch_ilike", 2, flags, move |ctx| Ok(like(ctx, 1, 0, true)))?;
    // Not deterministic: SQLite evaluates it for each row read, not once.
    conn.create_scalar_function(
        TUPLE_OF_INTERVALS,
        0,
        FunctionFlags::SQLITE_UTF8,
        move |_| -> rusqlite::Result<i64> { Err(refuse(TUPLE_OF_INTERVALS.into())) },
    )?;
    // Aggregates that are window functions too (SQLite's `COUNT(DISTINCT …)` and
    // `json_group_array(DISTINCT …)` are not).
    conn.create_window_function("ch_quantile", 2, flags, Quantile)?;
    conn.create_window_function("ch_quantile", 3, flags, Quantile)?;
    conn.create_window_function("ch_sumif", 2, flags, SumIf)?;
    conn.create_window_function("ch_uniq", 1, flags, Uniq)?;
    conn.create_window_function("ch_group_array", 1, flags, GroupArray { distinct: false })?;
    conn.create_window_function(
        "ch_group_uniq_array",
        1,
        flags,
        GroupArray { distinct: true },
    )?;
    Ok(())
}

/// ClickHouse's `LIKE`: `%` any run of characters, `_` any one, `\` escapes the next.
fn like_match(text: &str, pattern: &str) -> bool {
    use crate::glob::Token;
    let mut p = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        p.push(match c {
            '%' => Token::Run,
            '_' => Token::One,
            '\\' => Token::Char(chars.next().unwrap_or('\\')),
            c => Token::Char(c),
        });
    }
    crate::glob::matches(&p, text)
}

/// The `quantile` aggregate: collects the values, answers [`quantile_answer`]. Its
/// arguments: the level, the value, and for a time its type's unit in ms (see
/// [`quantile_answer`]).
struct Quantile;

/// The state of [`Quantile`]: the level, the values, the unit (0 for numbers).
type QuantileState = (f64, Vec<f64>, f64);

impl rusqlite::functions::Aggregate<QuantileState, Option<f64>> for Quantile {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<QuantileState> {
        Ok((0.5, Vec::new(), 0.0))
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut QuantileState,
    ) -> rusqlite::Result<()> {
        if let rusqlite::types::ValueRef::Real(l) = ctx.get_raw(0) {
            acc.0 = l;
        } else if let rusqlite::types::ValueRef::Integer(l) = ctx.get_raw(0) {
            acc.0 = l as f64;
        }
        match ctx.get_raw(1) {
            rusqlite::types::ValueRef::Integer(n) => acc.1.push(n as f64),
            rusqlite::types::ValueRef::Real(f) if f.is_finite() => acc.1.push(f),
            _ => {}
        }
        if ctx.len() > 2 {
            if let rusqlite::types::ValueRef::Integer(unit) = ctx.get_raw(2) {
                acc.2 = unit as f64;
            }
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        acc: Option<QuantileState>,
    ) -> rusqlite::Result<Option<f64>> {
        Ok(acc.and_then(|(level, values, unit)| quantile_answer(level, &values, unit)))
    }
}

impl rusqlite::functions::WindowAggregate<QuantileState, Option<f64>> for Quantile {
    fn value(&self, acc: Option<&mut QuantileState>) -> rusqlite::Result<Option<f64>> {
        Ok(acc.and_then(|(level, values, unit)| quantile_answer(*level, values, *unit)))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut QuantileState,
    ) -> rusqlite::Result<()> {
        let left = match ctx.get_raw(1) {
            rusqlite::types::ValueRef::Integer(n) => n as f64,
            rusqlite::types::ValueRef::Real(f) => f,
            _ => return Ok(()),
        };
        if let Some(at) = acc.1.iter().position(|v| *v == left) {
            acc.1.remove(at);
        }
        Ok(())
    }
}

/// The `level` quantile of `values` ([`quantile_of`]). Of times (`unit` their type's ms: a
/// day, a second, 1 for a `DateTime64(3)`; 0 for numbers) ClickHouse's `quantile` answers
/// their type: it interpolates their whole units and cuts the fraction off
/// (QuantileReservoirSampler's `get` casts to the type's value), over no values the type's
/// zero, the epoch.
fn quantile_answer(level: f64, values: &[f64], unit: f64) -> Option<f64> {
    if unit <= 0.0 {
        return quantile_of(values.to_vec(), level);
    }
    let units = values.iter().map(|v| (v / unit).floor()).collect();
    Some(quantile_of(units, level).map_or(0.0, |q| q.trunc() * unit))
}

/// ClickHouse's `sumIf(x, condition)`.
struct SumIf;

impl rusqlite::functions::Aggregate<(i64, f64, bool), rusqlite::types::Value> for SumIf {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<(i64, f64, bool)> {
        Ok((0, 0.0, false))
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut (i64, f64, bool),
    ) -> rusqlite::Result<()> {
        if truthy(ctx.get_raw(1)) {
            match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Integer(n) => acc.0 = acc.0.saturating_add(n),
                rusqlite::types::ValueRef::Real(f) => {
                    acc.1 += f;
                    acc.2 = true;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<(i64, f64, bool)>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<(i64, f64, bool), rusqlite::types::Value> for SumIf {
    fn value(
        &self,
        acc: Option<&mut (i64, f64, bool)>,
    ) -> rusqlite::Result<rusqlite::types::Value> {
        // An integer sum stays an integer, as ClickHouse's sumIf of integers.
        Ok(match acc {
            Some((i, f, true)) => rusqlite::types::Value::Real(*i as f64 + *f),
            Some((i, _, false)) => rusqlite::types::Value::Integer(*i),
            None => rusqlite::types::Value::Integer(0),
        })
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut (i64, f64, bool),
    ) -> rusqlite::Result<()> {
        if truthy(ctx.get_raw(1)) {
            match ctx.get_raw(0) {
                rusqlite::types::ValueRef::Integer(n) => acc.0 = acc.0.saturating_sub(n),
                rusqlite::types::ValueRef::Real(f) => acc.1 -= f,
                _ => {}
            }
        }
        Ok(())
    }
}

/// Whether an SQLite value is a true condition (a non-zero number).
fn truthy(v: rusqlite::types::ValueRef<'_>) -> bool {
    match v {
        rusqlite::types::ValueRef::Integer(n) => n != 0,
        rusqlite::types::ValueRef::Real(f) => f != 0.0,
        _ => false,
    }
}

/// `uniq`/`uniqExact` as a window function: how many distinct values (not `NULL`) the frame
/// holds, each counted by how many of its rows the frame holds.
struct Uniq;

/// The values a window's frame holds (as JSON text) and how many of its rows hold each.
type Counts = std::collections::HashMap<String, usize>;

impl rusqlite::functions::Aggregate<Counts, i64> for Uniq {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<Counts> {
        Ok(Counts::new())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Counts,
    ) -> rusqlite::Result<()> {
        let v = sqlite_json(ctx.get_raw(0));
        if !v.is_null() {
            *acc.entry(v.to_string()).or_default() += 1;
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<Counts>,
    ) -> rusqlite::Result<i64> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<Counts, i64> for Uniq {
    fn value(&self, acc: Option<&mut Counts>) -> rusqlite::Result<i64> {
        Ok(acc.map_or(0, |m| m.len() as i64))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut Counts,
    ) -> rusqlite::Result<()> {
        let key = sqlite_json(ctx.get_raw(0)).to_string();
        if let Some(n) = acc.get_mut(&key) {
            *n -= 1;
            if *n == 0 {
                acc.remove(&key);
            }
        }
        Ok(())
    }
}

/// `groupArray` (or with `distinct`, `groupUniqArray`) as a window function: the frame's
/// values (not `NULL`, as ClickHouse skips them) in the order they entered it (the first of
/// equal ones), as an array value (see [`ARRAY_MARK`]).
struct GroupArray {
    distinct: bool,
}

impl rusqlite::functions::Aggregate<VecDeque<Value>, String> for GroupArray {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<VecDeque<Value>> {
        Ok(VecDeque::new())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut VecDeque<Value>,
    ) -> rusqlite::Result<()> {
        let v = sqlite_json(ctx.get_raw(0));
        if !v.is_null() {
            acc.push_back(v);
        }
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<VecDeque<Value>>,
    ) -> rusqlite::Result<String> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<VecDeque<Value>, String> for GroupArray {
    fn value(&self, acc: Option<&mut VecDeque<Value>>) -> rusqlite::Result<String> {
        let mut seen = HashSet::new();
        let items: Vec<&Value> = acc
            .iter()
            .flat_map(|a| a.iter())
            .filter(|v| !self.distinct || seen.insert(v.to_string()))
            .collect();
        Ok(format!("{ARRAY_MARK}{}", json!(items)))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut VecDeque<Value>,
    ) -> rusqlite::Result<()> {
        // Rows leave a frame in the order they entered it.
        let left = sqlite_json(ctx.get_raw(0));
        if let Some(at) = acc.iter().position(|v| *v == left) {
            acc.remove(at);
        }
        Ok(())
    }
}

/// A date string as upstream's retention check reads one: RFC 3339, `YYYY-MM-DD HH:MM:SS` or
/// `YYYY-MM-DD` (UTC), as Unix ms.
fn parse_date(s: &str) -> Option<i64> {
    let num = |a: usize, b: usize| -> Option<i64> {
        let part = s.get(a..b)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let sep = |i: usize, c: u8| s.as_bytes().get(i) == Some(&c);
    if s.len() < 10 || !sep(4, b'-') || !sep(7, b'-') {
        return None;
    }
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let day_ms = days_from_civil(y, m, d) * 86_400_000;
    if s.len() == 10 {
        return Some(day_ms);
    }
    if !(sep(10, b' ') || sep(10, b'T')) || !sep(13, b':') || !sep(16, b':') {
        return None;
    }
    let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let base = day_ms + ((h * 60 + mi) * 60 + sec) * 1000;
    let rest = s.get(19..)?;
    if sep(10, b' ') {
        return rest.is_empty().then_some(base);
    }
    // RFC 3339: optional fraction, then `Z` or `±HH:MM`.
    let rest = match rest.strip_prefix('.') {
        Some(f) => f.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    if rest == "Z" || rest == "z" {
        return Some(base);
    }
    let (sign, off) = match rest.as_bytes().first() {
        Some(b'+') => (-1, rest.get(1..)?),
        Some(b'-') => (1, rest.get(1..)?),
        _ => return None,
    };
    let (oh, om) = off.split_once(':')?;
    let (oh, om) = (oh.parse::<i64>().ok()?, om.parse::<i64>().ok()?);
    Some(base + sign * (oh * 60 + om) * 60_000)
}

/// The time a value expression of a `time` comparison stands for, as upstream's retention check
/// (time_range.go) evaluates it: a number is Unix ms, a string a date; `now()`, `now64(…)` and
/// `today()` are now; `toStartOf…(x)`, `toDate…(x)`, `formatDateTime(x, …)`,
/// `to/fromUnixTimestamp64Milli(x)` are `x` and `date_trunc(unit, x)` is `x` (none of them
/// truncates there); another function is now; `± INTERVAL n UNIT` moves it (a month is 30
/// days and a year 365 there). `None` when upstream cannot tell (it then lets the query
/// through: a `QUARTER`, an interval that is not a literal). Returns the value and the index
/// after the expression.
fn time_value(toks: &[Tok], i: usize, now: i64) -> Option<(i64, usize)> {
    let (mut t, mut i) = match toks.get(i)? {
        Tok::Num(n) => (n.parse::<i64>().ok()?, i + 1),
        Tok::Str(s) => (parse_date(s)?, i + 1),
        Tok::Word(w) if toks.get(i + 1) == Some(&Tok::Sym("(")) => {
            let f = w.to_ascii_lowercase();
            let close = closing(toks, i + 1)?;
            let argument = match f.as_str() {
                "date_trunc" => {
                    // The second argument.
                    let mut depth = 0i64;
                    let comma = (i + 2..close).find(|k| match toks.get(*k) {
                        Some(Tok::Sym("(")) => {
                            depth += 1;
                            false
                        }
                        Some(Tok::Sym(")")) => {
                            depth -= 1;
                            false
                        }
                        Some(Tok::Sym(",")) => depth == 0,
                        _ => false,
                    })?;
                    Some(comma + 1)
                }
                "todate"
                | "todatetime"
                | "todatetime64"
                | "formatdatetime"
                | "tounixtimestamp64milli"
                | "fromunixtimestamp64milli" => Some(i + 2),
                _ if f.starts_with("tostartof") => Some(i + 2),
                _ => None,
            };
            match argument {
                Some(at) => (time_value(toks, at, now)?.0, close + 1),
                None => (now, close + 1),
            }
        }
        _ => return None,
    };
    loop {
        let sign = match toks.get(i) {
            Some(Tok::Sym("-")) => -1,
            Some(Tok::Sym("+")) => 1,
            _ => return Some((t, i)),
        };
        let (Some(Tok::Word(kw)), Some(Tok::Num(n)), Some(Tok::Word(unit))) =
            (toks.get(i + 1), toks.get(i + 2), toks.get(i + 3))
        else {
            return Some((t, i));
        };
        if !kw.eq_ignore_ascii_case("INTERVAL") {
            return Some((t, i));
        }
        let n = n.parse::<i64>().ok()?;
        let unit = unit.to_ascii_uppercase();
        let ms = match unit.trim_end_matches('S') {
            "MONTH" => 30 * 86_400_000,
            "YEAR" => 365 * 86_400_000,
            _ => unit_ms(&unit)?,
        };
        t = t.checked_add(sign * n.checked_mul(ms)?)?;
        i += 4;
    }
}

/// The lower bounds on `time` one `WHERE` clause states (`time >= x`, `time > x`, `time = x`,
/// `x <= time`, `x < time`, `x = time`, `time BETWEEN x AND …`), as far as they can be told.
fn time_bounds(clause: &[Tok], now: i64, bounds: &mut Vec<i64>) {
    let is_word =
        |t: Option<&Tok>, w: &str| matches!(t, Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w));
    for (i, t) in clause.iter().enumerate() {
        if !is_word(Some(t), "time") {
            continue;
        }
        // `time <op> value`
        match clause.get(i + 1) {
            Some(Tok::Sym(">=" | ">" | "=")) => {
                if let Some((v, _)) = time_value(clause, i + 2, now) {
                    bounds.push(v);
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("BETWEEN") => {
                if let Some((v, _)) = time_value(clause, i + 2, now) {
                    bounds.push(v);
                }
            }
            _ => {}
        }
        // `value <op> time`: find a value expression ending right before the operator.
        if let Some(Tok::Sym("<=" | "<" | "=")) = i.checked_sub(1).and_then(|j| clause.get(j)) {
            let bound = (0..i.saturating_sub(1))
                .rev()
                .find_map(|j| time_value(clause, j, now).filter(|(_, next)| *next == i - 1));
            if let Some((v, _)) = bound {
                bounds.push(v);
            }
        }
    }
}

/// Upstream's retention check: a lower bound on `time` in the `WHERE` clause (`time >= x`,
/// `time > x`, `time = x`, `x <= time`, `x < time`, `time BETWEEN x AND …`) older than
/// `retention_days` before now is refused with `query_range_exceeds_retention`.
fn check_retention(toks: &[Tok], now: i64, retention_days: i64) -> Result<(), ApiError> {
    if retention_days <= 0 {
        return Ok(());
    }
    let earliest = now.saturating_sub(retention_days.saturating_mul(86_400_000));
    let is_word =
        |t: Option<&Tok>, w: &str| matches!(t, Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w));
    // Every SELECT's WHERE clause, as upstream checks each one: up to the next clause of that
    // SELECT or the parenthesis that closes it.
    let mut bounds = Vec::new();
    for (start, _) in toks
        .iter()
        .enumerate()
        .filter(|(_, t)| is_word(Some(t), "WHERE"))
    {
        let mut depth = 0i64;
        let mut end = toks.len();
        for (i, t) in toks.iter().enumerate().skip(start + 1) {
            match t {
                Tok::Sym("(") => depth += 1,
                Tok::Sym(")") => {
                    depth -= 1;
                    if depth < 0 {
                        end = i;
                        break;
                    }
                }
                Tok::Word(_)
                    if depth == 0
                        && [
                            "GROUP",
                            "ORDER",
                            "LIMIT",
                            "HAVING",
                            "UNION",
                            "EXCEPT",
                            "INTERSECT",
                        ]
                        .iter()
                        .any(|w| is_word(Some(t), w)) =>
                {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let clause = toks.get(start + 1..end).unwrap_or_default();
        time_bounds(clause, now, &mut bounds);
    }
    match bounds.into_iter().find(|v| *v < earliest) {
        None => Ok(()),
        Some(v) => Err(ApiError::analytics(
            "user/bad_request/query_range_exceeds_retention",
            format!(
                "Cannot query data older than {retention_days} days. Your query attempts to access data from {}, but only data from {} onwards is available.",
                ymd(v),
                ymd(earliest)
            ),
        )),
    }
}

fn translate(
    dataset: Dataset,
    query: &str,
    now: i64,
    retention_days: i64,
) -> Result<Translated, ApiError> {
    if query.len() > QUERY_BYTES_MAX {
        return Err(query_error("Analytics query exceeds the maximum length"));
    }
    let mut toks = tokenize(query)?;
    while toks.last() == Some(&Tok::Sym(";")) {
        toks.pop();
    }
    if toks.is_empty() {
        return Err(query_error("No SQL statements found"));
    }
    if toks.contains(&Tok::Sym(";")) {
        return Err(query_error(
            "Analytics queries must contain exactly one statement",
        ));
    }
    let first = toks.first().map(upper).unwrap_or_default();
    if first != "SELECT" && first != "WITH" {
        return Err(if first.is_empty() {
            query_error("Invalid SQL syntax")
        } else {
            ApiError::analytics(
                "user/bad_request/invalid_analytics_query_type",
                "Only SELECT queries are allowed",
            )
        });
    }
    if toks.iter().any(|t| upper(t) == "SETTINGS") {
        return Err(query_error("SETTINGS clauses are not allowed"));
    }
    // The row policy: nothing before the start of the day `retention_days` ago is visible.
    let cutoff = if retention_days > 0 {
        let t = now.saturating_sub(retention_days.saturating_mul(86_400_000));
        t - t.rem_euclid(86_400_000)
    } else {
        i64::MIN
    };
    check_balanced(&toks)?;
    let (toks, alias_uses) = expand_with_aliases(explicit_aliases(toks)?)?;
    let mut tr = Tr::new(&toks, now, dataset);
    tr.alias_uses = alias_uses;
    tr.check_sources()?;
    tr.check_functions()?;
    let top = tr.query(0, toks.len(), true);
    if top.as_ref().err().is_none_or(refused_at_run) {
        check_retention(&toks, now, retention_days)?;
    }
    let top = top?;
    if let Some(e) = tr.run_error.take() {
        return Err(e);
    }
    let mut ctes: Vec<String> = Vec::new();
    for table in &tr.tables {
        if let Some(cte) = dataset.table_cte(table, cutoff) {
            ctes.push(cte);
        }
    }
    ctes.extend(tr.user_ctes.iter().cloned());
    let columns = std::mem::take(&mut tr.last_cols);
    Ok(Translated {
        cte: ctes.join(", "),
        select: top,
        tables: tr.tables.clone(),
        stages: std::mem::take(&mut tr.stages),
        columns,
    })
}

/// Unbalanced parentheses or brackets, which upstream's parser refuses before it looks at
/// what the query reads.
fn check_balanced(toks: &[Tok]) -> Result<(), ApiError> {
    let mut open = Vec::new();
    for t in toks {
        match t {
            Tok::Sym(s @ ("(" | "[")) => open.push(*s),
            Tok::Sym(")") if open.pop() != Some("(") => {
                return Err(query_error("Invalid SQL syntax: unbalanced parentheses"))
            }
            Tok::Sym("]") if open.pop() != Some("[") => {
                return Err(query_error("Invalid SQL syntax: unbalanced brackets"))
            }
            _ => {}
        }
    }
    match open.last() {
        None => Ok(()),
        Some(&"[") => Err(query_error("Invalid SQL syntax: unbalanced brackets")),
        Some(_) => Err(query_error("Invalid SQL syntax: unbalanced parentheses")),
    }
}

/// ClickHouse's `WITH <expression> AS name`, of the query and of each subquery: the items that
/// name an expression are removed, and every later use of the name in that query becomes
/// `(expression)`; items that name a subquery (`name AS (SELECT …)`) stay. A subquery's are
/// expanded first (the last first, so positions before it stay), so that its names shadow
/// the outer query's there.
fn expand_with_aliases(mut toks: Vec<Tok>) -> Result<(Vec<Tok>, AliasUses), ApiError> {
    let nested: Vec<usize> = (0..toks.len())
        .filter(|p| {
            toks.get(*p) == Some(&Tok::Sym("("))
                && toks.get(p + 1).map(upper).as_deref() == Some("WITH")
        })
        .collect();
    let mut uses = AliasUses::new();
    for p in nested.into_iter().rev() {
        let close = closing(&toks, p).ok_or_else(|| query_error("Invalid SQL syntax"))?;
        let inside = |k: &usize| *k > p && *k < close;
        let marks = uses
            .iter()
            .filter(|(k, _)| inside(k))
            .map(|(k, n)| (k - p - 1, n.clone()))
            .collect();
        let inner = toks.get(p + 1..close).unwrap_or_default().to_vec();
        let (inner, inner_uses) = expand_query_aliases(inner, marks)?;
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
    }
    expand_query_aliases(toks, uses)
}

/// [`expand_with_aliases`] of one query's own `WITH` (it starts `toks`); `marks` are uses
/// expanded before (see [`AliasUses`]), moved with the tokens.
fn expand_query_aliases(
    toks: Vec<Tok>,
    marks: AliasUses,
) -> Result<(Vec<Tok>, AliasUses), ApiError> {
    if toks.first().map(upper).as_deref() != Some("WITH") {
        return Ok((toks, marks));
    }
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut aliases: Vec<(String, Vec<Tok>)> = Vec::new();
    let mut i = 1;
    let mut depth = 0i64;
    let mut start = 1;
    let body_at = loop {
        let Some(t) = toks.get(i) else {
            return Err(query_error("Invalid SQL syntax"));
        };
        match t {
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") => depth -= 1,
            _ => {}
        }
        let ends = depth == 0 && (*t == Tok::Sym(",") || upper(t) == "SELECT");
        if ends {
            let item = toks.get(start..i).unwrap_or_default();
            let is_cte = matches!(
                item,
                [Tok::Word(_), Tok::Word(a), Tok::Sym("("), ..] if a.eq_ignore_ascii_case("AS")
            );
            if is_cte {
                kept.push((start, i));
            } else if let [expr @ .., Tok::Word(a), Tok::Word(name)] = item {
                if !a.eq_ignore_ascii_case("AS") || expr.is_empty() {
                    return Err(query_error("Invalid SQL syntax"));
                }
                let (expr, _) = expand(expr.to_vec(), &aliases, &AliasUses::new());
                aliases.push((name.clone(), expr));
            } else {
                return Err(query_error("Invalid SQL syntax"));
            }
            if upper(t) == "SELECT" {
                break i;
            }
            start = i + 1;
        }
        i += 1;
    };
    let mut out = Vec::new();
    let mut uses = AliasUses::new();
    let mut append = |out: &mut Vec<Tok>, (a, b): (usize, usize)| {
        let part: AliasUses = marks
            .iter()
            .filter(|(k, _)| (a..b).contains(*k))
            .map(|(k, n)| (k - a, n.clone()))
            .collect();
        let (expanded, at) = expand(toks.get(a..b).unwrap_or_default().to_vec(), &aliases, &part);
        let offset = out.len();
        uses.extend(at.into_iter().map(|(k, name)| (k + offset, name)));
        out.extend(expanded);
    };
    if !kept.is_empty() {
        out.push(Tok::Word("WITH".into()));
        for (n, item) in kept.into_iter().enumerate() {
            if n > 0 {
                out.push(Tok::Sym(","));
            }
            append(&mut out, item);
        }
    }
    append(&mut out, (body_at, toks.len()));
    Ok((out, uses))
}

/// Where a `WITH <expression> AS name` was expanded (the `(` of `(expression)`) and the name
/// it stood for: ClickHouse names a column by the name (`plus(five, 1)`).
type AliasUses = std::collections::HashMap<usize, String>;

/// Replaces each use of an alias (a word not after `AS`) with `(expression)`; a select-list
/// item that is just the alias keeps its name (`(expression) AS name`), as ClickHouse names the
/// column. Also returns where each use's `(` is, with its name (and where those of `marks`,
/// uses expanded before, are now).
fn expand(
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

/// Words that end a select list (upstream's parser's `isSelectItemTerminatorKeyword`, and
/// `INTERSECT`, a set operation here), so no item's alias.
const SELECT_LIST_END: &[&str] = &[
    "FROM",
    "WHERE",
    "PREWHERE",
    "GROUP",
    "HAVING",
    "WINDOW",
    "ORDER",
    "LIMIT",
    "SETTINGS",
    "FORMAT",
    "UNION",
    "EXCEPT",
    "INTERSECT",
];

/// Words an expression goes on after (a word after them is an operand, not an alias).
const OPERATOR_WORDS: &[&str] = &[
    "AS", "AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "BETWEEN", "OVER", "DIV", "MOD",
    "GLOBAL", "CASE", "WHEN", "THEN", "ELSE", "INTERVAL", "DISTINCT", "ALL", "SELECT",
];

/// Upstream's parser takes a word right after a select-list item's expression as the item's
/// alias (`count() total`) and writes the query back with `AS`: so `AS` is written in here,
/// before anything reads a select list. Two such words in a row are a syntax error there.
fn explicit_aliases(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    let mut aliases = Vec::new();
    for (s, t) in toks.iter().enumerate() {
        if upper(t) != "SELECT" {
            continue;
        }
        let mut a = s + 1;
        if matches!(toks.get(a).map(upper).as_deref(), Some("DISTINCT" | "ALL")) {
            a += 1;
        }
        let mut depth = 0i64;
        for k in a.. {
            let t = toks.get(k);
            let list_ends = match t {
                None => true,
                Some(Tok::Sym("(" | "[")) => {
                    depth += 1;
                    false
                }
                Some(Tok::Sym(")" | "]")) => {
                    depth -= 1;
                    depth < 0
                }
                Some(t) => depth == 0 && SELECT_LIST_END.contains(&upper(t).as_str()),
            };
            if list_ends || (depth == 0 && t == Some(&Tok::Sym(","))) {
                if let Some(at) = implicit_alias(&toks, a, k) {
                    if implicit_alias(&toks, a, at).is_some() {
                        return Err(query_error("Invalid SQL syntax"));
                    }
                    aliases.push(at);
                }
                a = k + 1;
            }
            if list_ends {
                break;
            }
        }
    }
    // (From the last, so that each index still points at its word.)
    aliases.sort_unstable();
    for k in aliases.into_iter().rev() {
        toks.insert(k, Tok::Word("AS".into()));
    }
    Ok(toks)
}

/// Where the select-list item `toks[a..b]` ends in a word that is its alias without `AS`:
/// a word that is no operator, after an operand's end, and no `INTERVAL`'s unit or `CASE`'s
/// `END`.
fn implicit_alias(toks: &[Tok], a: usize, b: usize) -> Option<usize> {
    let at = b.checked_sub(1).filter(|at| *at > a)?;
    let last = toks.get(at).map(upper).filter(|w| !w.is_empty())?;
    let operand_ends = match toks.get(at - 1)? {
        Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]") => true,
        Tok::Word(w) => !OPERATOR_WORDS.contains(&w.to_ascii_uppercase().as_str()),
        Tok::Sym(_) => false,
    };
    let item = toks.get(a..at)?;
    let unit = item.iter().enumerate().rev().any(|(v, t)| {
        let operand = a + v + 1;
        upper(t) == "INTERVAL"
            && match toks.get(operand) {
                Some(Tok::Sym("(")) => closing(toks, operand).map(|c| c + 1),
                Some(Tok::Sym("-")) => Some(operand + 2),
                _ => Some(operand + 1),
            } == Some(at)
    });
    let count = |w: &str| item.iter().filter(|t| upper(t) == w).count();
    let case_end = last == "END" && count("CASE") > count("END");
    (operand_ends && !OPERATOR_WORDS.contains(&last.as_str()) && !unit && !case_end).then_some(at)
}

fn upper(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.to_ascii_uppercase(),
        _ => String::new(),
    }
}

/// The public tables a query may read.
const PUBLIC_TABLES: &[&str] = &[
    "key_verifications_v1",
    "key_verifications_per_minute_v1",
    "key_verifications_per_hour_v1",
    "key_verifications_per_day_v1",
    "key_verifications_per_month_v1",
];

/// Words that end a `FROM` source (so they are no alias).
const SOURCE_END: &[&str] = &[
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

/// The spelling upstream gives the camel-cased functions of its list (validation.go writes the
/// query with them), by lower-case name.
fn canonical_function(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "grouparray" => "groupArray",
        "groupuniqarray" => "groupUniqArray",
        "uniqexact" => "uniqExact",
        "jsonextractstring" => "JSONExtractString",
        "todate" => "toDate",
        "todatetime" => "toDateTime",
        "todatetime64" => "toDateTime64",
        "tostartofday" => "toStartOfDay",
        "tostartofweek" => "toStartOfWeek",
        "tostartofmonth" => "toStartOfMonth",
        "tostartofquarter" => "toStartOfQuarter",
        "tostartofyear" => "toStartOfYear",
        "tostartofhour" => "toStartOfHour",
        "tostartofminute" => "toStartOfMinute",
        "formatdatetime" => "formatDateTime",
        "fromunixtimestamp64milli" => "fromUnixTimestamp64Milli",
        "tounixtimestamp64milli" => "toUnixTimestamp64Milli",
        "startswith" => "startsWith",
        "endswith" => "endsWith",
        "sumif" => "sumIf",
        "countif" => "countIf",
        "tostring" => "toString",
        "toint32" => "toInt32",
        "toint64" => "toInt64",
        "tofloat64" => "toFloat64",
        "hasany" => "hasAny",
        "hasall" => "hasAll",
        "arrayjoin" => "arrayJoin",
        "arrayfilter" => "arrayFilter",
        "tointervalday" => "toIntervalDay",
        "tointervalweek" => "toIntervalWeek",
        "tointervalmonth" => "toIntervalMonth",
        "tointervalyear" => "toIntervalYear",
        "tointervalhour" => "toIntervalHour",
        "tointervalminute" => "toIntervalMinute",
        "tointervalsecond" => "toIntervalSecond",
        "tointervalmillisecond" => "toIntervalMillisecond",
        "tointervalmicrosecond" => "toIntervalMicrosecond",
        "tointervalnanosecond" => "toIntervalNanosecond",
        "tointervalquarter" => "toIntervalQuarter",
        _ => return None,
    })
}

/// The functions upstream's parser allows (validation.go), in lower case.
const ALLOWED_FUNCTIONS: &[&str] = &[
    "count",
    "sum",
    "avg",
    "min",
    "max",
    "any",
    "grouparray",
    "groupuniqarray",
    "uniq",
    "uniqexact",
    "quantile",
    "now",
    "now64",
    "today",
    "todate",
    "todatetime",
    "todatetime64",
    "tostartofday",
    "tostartofweek",
    "tostartofmonth",
    "tostartofquarter",
    "tostartofyear",
    "tostartofhour",
    "tostartofminute",
    "date_trunc",
    "formatdatetime",
    "fromunixtimestamp64milli",
    "tounixtimestamp64milli",
    "tointervalday",
    "tointervalweek",
    "tointervalmonth",
    "tointervalyear",
    "tointervalhour",
    "tointervalminute",
    "tointervalsecond",
    "tointervalmillisecond",
    "tointervalmicrosecond",
    "tointervalnanosecond",
    "tointervalquarter",
    "lower",
    "upper",
    "substring",
    "concat",
    "length",
    "trim",
    "startswith",
    "endswith",
    "jsonextractstring",
    "round",
    "floor",
    "ceil",
    "abs",
    "if",
    "sumif",
    "case",
    "coalesce",
    "countif",
    "tostring",
    "toint32",
    "toint64",
    "tofloat64",
    "has",
    "hasany",
    "hasall",
    "arrayjoin",
    "arrayfilter",
];

/// A text value the answer decodes as a JSON array (what `groupArray` builds): a prefix no
/// recorded string starts with.
const ARRAY_MARK: &str = "\u{1}unkey-local-array\u{1}";

/// The ClickHouse type of a value, as far as the answer depends on it: times are written as
/// RFC 3339 times (a `Date` at midnight, a `DateTime` to the second, a `DateTime64` to its µs,
/// see [`micros`]), a `Bool` as `true`/`false`, an array as a JSON array; and an outer join's
/// unmatched column takes its type's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    /// Not known here (answered as SQLite holds it; no default).
    Unknown,
    Int,
    Float,
    Str,
    Bool,
    Array,
    Date,
    DateTime,
    /// A `DateTime64` of its scale (0 to 9 fraction digits; [`scale`] reads it). Its value is
    /// held as Unix ms, so the digits of a scale above 3 are zeros (see the README).
    DateTime64(u8),
    /// ClickHouse's `Decimal` of seconds of the larger scale (a `DateTime64` less a time, see
    /// [`Tr::time_arithmetic`]), held as seconds (to the µs). Upstream's Go driver reads it as a
    /// shopspring `decimal.Decimal`, which JSON writes as a string without trailing zeros.
    Decimal,
    /// ClickHouse's `Interval…`: the Go driver cannot read it into the value upstream's route
    /// scans each column into, so an answer with such a column fails there (500).
    Interval,
}

impl Ty {
    fn is_time(self) -> bool {
        matches!(self, Ty::Date | Ty::DateTime | Ty::DateTime64(_))
    }

    /// The type's default value as SQLite SQL (ClickHouse's value of an unmatched column).
    fn default_sql(self) -> Option<&'static str> {
        match self {
            Ty::Int
            | Ty::Float
            | Ty::Bool
            | Ty::Date
            | Ty::DateTime
            | Ty::DateTime64(_)
            | Ty::Decimal => Some("0"),
            Ty::Str => Some("''"),
            Ty::Array => Some("'[]'"),
            Ty::Unknown | Ty::Interval => None,
        }
    }

    /// The common type of branches (`if`, `coalesce`, `CASE`) as ClickHouse's
    /// getLeastSupertype makes it, as far as answers tell: a `Float64` of numbers one of which
    /// is, an integer of integers (a `Bool` too), a `DateTime64` of the largest scale of times
    /// one of which is, else the first known.
    fn common(types: impl Iterator<Item = Ty>) -> Ty {
        let known: Vec<Ty> = types.filter(|t| *t != Ty::Unknown).collect();
        let numbers = known
            .iter()
            .all(|t| matches!(t, Ty::Int | Ty::Float | Ty::Bool));
        let scale = known
            .iter()
            .filter_map(|t| match t {
                Ty::DateTime64(p) => Some(*p),
                _ => None,
            })
            .max();
        match known.first() {
            Some(_) if numbers && known.contains(&Ty::Float) => Ty::Float,
            Some(_) if numbers && known.contains(&Ty::Int) => Ty::Int,
            Some(_) if known.iter().all(|t| t.is_time()) && scale.is_some() => {
                Ty::DateTime64(scale.unwrap_or(3))
            }
            Some(t) => *t,
            None => Ty::Unknown,
        }
    }

    /// The type of `a ∘ b` for `+ - *` of two numbers (a `Decimal` with an integer stays one).
    fn numeric(a: Ty, b: Ty) -> Ty {
        match (a, b) {
            (Ty::Decimal, Ty::Int | Ty::Bool | Ty::Decimal) | (Ty::Int | Ty::Bool, Ty::Decimal) => {
                Ty::Decimal
            }
            (Ty::Decimal, Ty::Float) | (Ty::Float, Ty::Decimal) => Ty::Float,
            (Ty::Int | Ty::Bool, Ty::Int | Ty::Bool) => Ty::Int,
            (Ty::Float, Ty::Int | Ty::Float | Ty::Bool) | (Ty::Int | Ty::Bool, Ty::Float) => {
                Ty::Float
            }
            _ => Ty::Unknown,
        }
    }

    /// A value of this type as the answer writes it (a time from Unix ms).
    fn answer(self, v: ValueRef<'_>) -> Option<Value> {
        let ms = match v {
            ValueRef::Integer(n) => Some(n),
            ValueRef::Real(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 9e15 => {
                Some(f as i64)
            }
            _ => None,
        };
        match (self, ms, v) {
            (Ty::Date, Some(ms), _) => Some(json!(rfc3339_ms(ms - ms.rem_euclid(86_400_000)))),
            (Ty::DateTime, Some(ms), _) => Some(json!(rfc3339_ms(ms - ms.rem_euclid(1000)))),
            (Ty::DateTime64(_), _, v) => micros(v).map(|us| json!(rfc3339_us(us))),
            (Ty::Decimal, _, ValueRef::Integer(n)) => Some(json!(n.to_string())),
            (Ty::Decimal, _, ValueRef::Real(f)) if f.is_finite() && f.abs() < 9e12 => {
                Some(json!(decimal_seconds((f * 1e6).round() as i64)))
            }
            (Ty::Bool, Some(n), _) => Some(json!(n != 0)),
            (Ty::Array, _, ValueRef::Text(t)) => {
                let s = String::from_utf8_lossy(t);
                serde_json::from_str(s.strip_prefix(ARRAY_MARK).unwrap_or(&s)).ok()
            }
            _ => None,
        }
    }
}

/// `us` as a `Decimal` of seconds as shopspring's decimal writes it: `-1.5`, `3600`.
fn decimal_seconds(us: i64) -> String {
    let sign = if us < 0 { "-" } else { "" };
    let (whole, frac) = (us.unsigned_abs() / 1_000_000, us.unsigned_abs() % 1_000_000);
    let frac = format!("{frac:06}");
    match frac.trim_end_matches('0') {
        "" => format!("{sign}{whole}"),
        digits => format!("{sign}{whole}.{digits}"),
    }
}

/// A Unix ms time as a `DateTime64` of `scale` digits holds it ([`scale_micros`]; as
/// `now64(scale)` reads this ms clock).
fn to_scale(ms: i64, scale: Option<i64>) -> i64 {
    scale_micros(ms.saturating_mul(1000), scale.or(Some(3))) / 1000
}

/// A time in Unix µs as a `DateTime64` of `scale` digits holds it: its fraction cut to that
/// many digits (as ClickHouse converts a time or parses one into a smaller scale); µs are kept
/// at most (see the README on scales above 6).
fn scale_micros(us: i64, scale: Option<i64>) -> i64 {
    match scale.and_then(|p| u32::try_from(6 - p).ok()) {
        Some(cut @ 1..=6) => {
            let unit = 10_i64.pow(cut);
            us - us % unit
        }
        _ => us,
    }
}

/// A time as SQLite holds it, in Unix µs: Unix ms, an integer, or (a `DateTime64` finer than
/// ms) a real of ms whose µs are its fraction.
fn micros(v: ValueRef<'_>) -> Option<i64> {
    match v {
        ValueRef::Integer(ms) => ms.checked_mul(1000),
        ValueRef::Real(ms) if ms.is_finite() && ms.abs() < 9e15 => {
            Some((ms * 1000.0).round() as i64)
        }
        _ => None,
    }
}

/// A time in Unix µs as SQLite holds it (see [`micros`]).
fn from_micros(us: i64) -> rusqlite::types::Value {
    match us % 1000 {
        0 => rusqlite::types::Value::Integer(us / 1000),
        _ => rusqlite::types::Value::Real(us as f64 / 1000.0),
    }
}

/// A time in Unix µs as SQL (see [`micros`]).
fn micros_sql(us: i64) -> String {
    match from_micros(us) {
        rusqlite::types::Value::Real(ms) => format!("{ms:?}"),
        _ => (us / 1000).to_string(),
    }
}

/// A `DateTime64`'s scale as a query writes it (`now64(6)`): a number up to 9, else `None`
/// (see [`Tr::check_scale`] for a larger one).
fn scale(tok: Option<&Tok>) -> Option<u8> {
    match tok {
        Some(Tok::Num(p)) => p.parse().ok().filter(|p| *p <= 9),
        _ => None,
    }
}

/// A `DateTime64` literal (`toDateTime64('2026-01-01 00:00:00.123456', 6)`): a date as
/// [`parse_date`] reads it, with a fraction of a second after the time too, taken to its
/// microseconds; in Unix µs.
fn parse_datetime64(text: &str) -> Option<i64> {
    let Some((base, fraction)) = text.split_once('.').filter(|(b, _)| b.len() == 19) else {
        return parse_date(text)?.checked_mul(1000);
    };
    if fraction.is_empty() || !fraction.bytes().all(|c| c.is_ascii_digit()) {
        return parse_date(text)?.checked_mul(1000);
    }
    let us: i64 = format!("{fraction:0<6}").get(..6)?.parse().ok()?;
    Some(parse_date(base)?.checked_mul(1000)? + us)
}

/// A Unix ms time as Go writes a `time.Time` in JSON ([`rfc3339_us`]).
fn rfc3339_ms(ms: i64) -> String {
    rfc3339_us(ms.saturating_mul(1000))
}

/// A Unix µs time as Go writes a `time.Time` in JSON (RFC 3339, UTC, with the fraction of a
/// second only when there is one, its trailing zeros dropped).
fn rfc3339_us(us: i64) -> String {
    let whole = crate::ids::rfc3339(us.div_euclid(1000));
    let frac = us.rem_euclid(1_000_000);
    if frac == 0 {
        return whole;
    }
    let digits = format!("{frac:06}");
    let digits = digits.trim_end_matches('0');
    match whole.strip_suffix('Z') {
        Some(base) => format!("{base}.{digits}Z"),
        None => whole,
    }
}

/// The type of a public table's column.
fn column_ty(table: &str, column: &str) -> Ty {
    let rollup = table.contains("_per_");
    match column {
        "time" if rollup && table.ends_with("_per_month_v1") => Ty::Date,
        "time" if rollup => Ty::DateTime,
        "tags" => Ty::Array,
        "passed" if !rollup => Ty::Bool,
        "latency" => Ty::Float,
        "time" | "spent_credits" | "count" | "passed" | "total" | "total_tokens"
        | "passed_tokens" | "limit" | "remaining" | "reset_at" | "tokens" => Ty::Int,
        _ => Ty::Str,
    }
}

/// A public table's columns (in the order its CTE answers them) and their types.
fn table_columns(dataset: Dataset, table: &str) -> Vec<(String, Ty)> {
    let rollup = table.contains("_per_");
    let names = match (dataset, rollup) {
        (Dataset::Verifications, false) => COLUMNS,
        (Dataset::Verifications, true) => ROLLUP_COLUMNS,
        (Dataset::Ratelimits, false) => RL_COLUMNS,
        (Dataset::Ratelimits, true) => RL_ROLLUP_COLUMNS,
    };
    names
        .iter()
        .map(|c| (c.to_string(), column_ty(table, c)))
        .collect()
}

/// The columns a `*` (or `q.*`) stands for: every source's columns in order (a `USING` column
/// once, from the left), as SQLite SQL, the name ClickHouse answers them by (a name an earlier
/// source already has is qualified with its source's, `d.key_id`) and the type; an unmatched
/// column is its default. Empty when a source's columns are not all known by name (SQLite's
/// own `*` then answers).
fn star(scope: &[Src], only: Option<&str>) -> Vec<(String, String, Ty)> {
    let sources: Vec<&Src> = scope
        .iter()
        .filter(|s| only.is_none_or(|q| s.name.eq_ignore_ascii_case(q)))
        .collect();
    let known = |s: &&Src| {
        !s.name.is_empty() && !s.cols.is_empty() && s.cols.iter().all(|(n, _)| !n.is_empty())
    };
    if sources.is_empty() || !sources.iter().all(known) {
        return Vec::new();
    }
    let mut out: Vec<(String, String, Ty)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for (n, src) in sources.iter().enumerate() {
        for (col, ty) in &src.cols {
            let lower = col.to_ascii_lowercase();
            if own_column(&lower) || (n > 0 && src.using.contains(&lower)) {
                continue;
            }
            // (ClickHouse's names may hold a `"`: `equals(x, 'a"b')`.)
            let reference = format!("\"{}\".\"{}\"", src.name, col.replace('"', "\"\""));
            let sql = match ty.default_sql() {
                Some(default) if src.nullable && !src.nullable_cols.contains(&lower) => {
                    format!("COALESCE({reference}, {default})")
                }
                _ => reference,
            };
            let name = if seen.insert(lower) {
                col.clone()
            } else {
                format!("{}.{col}", src.name)
            };
            out.push((sql, name, *ty));
        }
    }
    out
}

/// The names and types of the columns a `*` (or `q.*`) answers: [`star`]'s, or, when SQLite's
/// own `*` answers, every source's columns as SQLite lists them (a `USING` column once).
fn star_columns(scope: &[Src], only: Option<&str>) -> Vec<(String, Ty)> {
    let listed = star(scope, only);
    if !listed.is_empty() {
        return listed.into_iter().map(|(_, n, t)| (n, t)).collect();
    }
    let mut out = Vec::new();
    let sources = scope
        .iter()
        .filter(|s| only.is_none_or(|q| s.name.eq_ignore_ascii_case(q)));
    for (n, src) in sources.enumerate() {
        for (col, ty) in &src.cols {
            if n == 0 || !src.using.contains(&col.to_ascii_lowercase()) {
                out.push((col.clone(), *ty));
            }
        }
    }
    out
}

/// One source of a `SELECT` (a table, CTE or subquery): the name it is qualified with, its
/// columns, and whether an outer join may leave it unmatched.
#[derive(Debug, Clone)]
struct Src {
    name: String,
    cols: Vec<(String, Ty)>,
    nullable: bool,
    /// Its columns a `USING` joined it by (a `*` answers them once, from the left).
    using: Vec<String>,
    /// Its columns (lower-case names) of a `Nullable` type: unmatched, they stay NULL.
    nullable_cols: HashSet<String>,
    /// Where its SQL is in the output of its `FROM` (so a later join can number its rows),
    /// and whether an alias follows it there.
    piece: Option<usize>,
    aliased: bool,
    /// Whether it is read from numbered rows it shares with other sources (see
    /// [`Tr::number_left_side`]), where a `USING` column is no longer one.
    projected: bool,
}

/// Where a `SELECT` is with the conditions its joins add to its `WHERE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WhereState {
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
struct ArrayJoins {
    calls: Vec<(usize, usize, usize)>,
    arrays: Vec<JoinedArray>,
}

/// One distinct array of a `SELECT`'s `arrayJoin` calls.
#[derive(Debug, Clone)]
struct JoinedArray {
    /// Where its first call is, and that call's `)`.
    at: usize,
    close: usize,
    /// The name of the `json_each` over it.
    name: String,
    /// Where the first `ON` is whose condition holds one of its calls (or reads one through a
    /// select-list alias): it then multiplies the rows of the side of that join it reads,
    /// before the join (as ClickHouse); otherwise those of the whole `FROM`.
    on: Option<usize>,
    /// The source and column its element is read from (the `json_each`'s `value`, or a column
    /// of the joined side it was added to).
    element: (String, String),
}

/// `GROUP BY … WITH ROLLUP|CUBE` (see [`Tr::rollup_select`]).
struct Rollup {
    /// Where `GROUP` is.
    group: usize,
    /// The keys' tokens.
    keys: Vec<(usize, usize)>,
    /// Where the clause ends.
    end: usize,
    cube: bool,
    /// `GROUPING SETS`: each set's keys (indexes into `keys`).
    sets: Option<Vec<Vec<usize>>>,
}

/// What an `ORDER BY` item after `WITH ROLLUP|CUBE` or `GROUPING SETS` sorts by.
enum RollupOrder {
    /// An answered column, by position (from 1).
    Position(usize),
    /// An expression (its tokens): an answered column's name, or any other.
    Expr(usize, usize),
}

/// The state of translating one `SELECT`'s tokens (see [`Tr::emit`]).
struct Sel {
    /// Where its `FROM` is.
    from_at: Option<usize>,
    /// Its end.
    to: usize,
    /// Its `arrayJoin(array)` calls (see [`ArrayJoins`]).
    array_join: ArrayJoins,
    /// For each open parenthesis: what its `)` closes with.
    closers: Vec<&'static str>,
    /// Per parenthesis level: where in the output the current operand chain began (what a `±
    /// INTERVAL n MONTH` applies to).
    chains: Vec<usize>,
    /// Whether the next piece starts a new chain.
    fresh: bool,
    limit_seen: bool,
    /// Conditions its joins add to its `WHERE` (`LEFT ANTI JOIN`).
    extra_where: Vec<String>,
    where_state: WhereState,
    /// A `NOT` before `ILIKE`.
    negate_ilike: bool,
    /// The tokens of its `ORDER BY` items.
    order_by: Option<(usize, usize)>,
    /// Whether the current `ORDER BY` item says where NULLs go.
    order_item_has_nulls: bool,
    /// The parenthesis depths at which a window's specification is open.
    windows: Vec<usize>,
    /// `LIMIT n [OFFSET m] BY expressions`: n, m and the expressions as SQL.
    limit_by: Option<(i64, i64, String)>,
    /// Where in its output the `LIMIT` after a `LIMIT … BY` starts.
    limit_at: Option<usize>,
    /// Whether its `FROM` was written but not yet the arrays of its `arrayJoin` calls (see
    /// [`Tr::arrays_after_joins`]).
    arrays_pending: bool,
}

impl Sel {
    fn new(from_at: Option<usize>, to: usize, array_join: ArrayJoins) -> Self {
        Sel {
            from_at,
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
            limit_at: None,
            arrays_pending: false,
        }
    }
}

/// The translator's state over one query's tokens.
struct Tr<'t> {
    toks: &'t [Tok],
    now: i64,
    /// Which events the query reads.
    dataset: Dataset,
    /// Public tables the query reads (each becomes a CTE over the recorded rows).
    tables: Vec<&'static str>,
    /// The top-level `WITH` CTEs, translated (`"name" AS (…)`).
    user_ctes: Vec<String>,
    /// Lower-case names of the top-level CTEs (the only ones a `FROM` may name, as upstream).
    cte_names: HashSet<String>,
    /// Lower-case names defined in the query (`AS name`, source aliases, CTE names).
    names: HashSet<String>,
    /// How deeply queries nest right now (a bound on the translator's recursion).
    depth: usize,
    /// `ARRAY JOIN … AS alias`: what each alias stands for (an element of the array).
    array_aliases: std::collections::HashMap<String, String>,
    /// The ClickHouse types of the elements `array_aliases` stand for, by that SQL (a tag's
    /// `String` unless known).
    element_types: std::collections::HashMap<String, Ty>,
    /// Columns projected by all `SELECT`s so far (upstream allows 64 in a query).
    projected: usize,
    /// The sources of each `SELECT` being translated (innermost last).
    scopes: Vec<Vec<Src>>,
    /// The columns (names and types) of the query translated last.
    last_cols: Vec<(String, Ty)>,
    /// Which of those (lower-case names) are of a `Nullable` type.
    last_nullable: HashSet<String>,
    /// The same of each CTE.
    cte_nullable: std::collections::HashMap<String, HashSet<String>>,
    /// The columns of each CTE (by lower-case name).
    cte_cols: std::collections::HashMap<String, Vec<(String, Ty)>>,
    /// Sources whose columns are written under another name for now (a join's condition
    /// repeated over a second copy of its right side).
    renames: Vec<(String, String)>,
    /// Names generated so far (`__ul_…N`).
    generated: usize,
    /// `LEFT ARRAY JOIN` aliases (an empty array's element is its type's default).
    left_array_aliases: HashSet<String>,
    /// The types of the scalar subqueries translated so far, by where their `(` is.
    scalar_types: std::collections::HashMap<usize, Ty>,
    /// The `arrayJoin` calls of each `SELECT` being translated (innermost last).
    select_arrays: Vec<ArrayJoins>,
    /// The select-list aliases of each `SELECT` being translated (innermost last): the name
    /// and its expression's tokens.
    select_aliases: Vec<Vec<(String, usize, usize)>>,
    /// The aliases being expanded now.
    expanding: Vec<String>,
    /// The aliases [`Tr::expr_ty`] is typing now (as `expanding`, for a `&self` reader).
    typing: std::cell::RefCell<Vec<String>>,
    /// CTEs the `SELECT`s being translated need (`name AS MATERIALIZED (…)`, see
    /// [`Tr::number_left_side`]); each `SELECT` is written after the ones it added.
    local_ctes: Vec<String>,
    /// The number in ClickHouse's name of each subquery (`_subquery_N`), by where its `(` is
    /// (see [`Tr::subquery_numbers`]).
    subquery_numbers: std::collections::HashMap<usize, usize>,
    /// Where `WITH <expression> AS name`s were expanded (see [`AliasUses`]).
    alias_uses: AliasUses,
    /// `WITH FILL` of the `SELECT` being translated.
    fill: Option<Fill>,
    /// While an expression of a `WITH ROLLUP|CUBE` group is translated: the keys the group
    /// leaves out (their tokens) and their defaults (see [`Tr::rollup_expression`]).
    rollup_defaults: Vec<(usize, usize, String)>,
    /// The `SELECT`s with `WITH FILL` translated so far.
    stages: Vec<Stage>,
    /// An error ClickHouse raises only when the query runs (see [`refused_at_run`]) that did
    /// not stop the translation: a date literal it cannot parse.
    /// (A cell: calls are translated through `&self`.)
    run_error: std::cell::Cell<Option<ApiError>>,
    /// While a late `HAVING`'s count is translated (see [`Tr::late_having`]): a column of the
    /// aggregating `SELECT`'s source, which its `count()` reads so that SQLite aggregates it
    /// there, not in the count's subquery.
    count_ref: Option<String>,
    /// The calls (and `CASE`s) translated now as intervals: where each starts and ends, and
    /// which element of their (flattened) intervals is translated (see [`Tr::interval_call`]).
    interval_calls: Vec<(usize, usize, usize)>,
}

/// The walk of [`Tr::subquery_numbers`] over a query's tokens.
struct Numbering<'n, 't> {
    tr: &'n Tr<'t>,
    ctes: std::collections::HashMap<String, (usize, usize)>,
    next: usize,
    numbers: std::collections::HashMap<usize, usize>,
    /// How deeply CTEs are expanded now (a CTE naming itself is refused elsewhere).
    depth: usize,
}

impl Numbering<'_, '_> {
    /// A query over `[a, b)`: its `SELECT`s (the arms of its set operations) in order.
    fn query(&mut self, a: usize, b: usize) {
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
    fn select(&mut self, a: usize, b: usize) {
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
    fn scan(&mut self, a: usize, b: usize, sources: bool) {
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
const SUBQUERIES_NUMBERED_MAX: usize = 4096;
/// Deepest nesting of subqueries translated (upstream bounds a query by its node count).
const NESTING_MAX: usize = 64;
/// Most columns all `SELECT`s of a query may project together, as upstream.
const PROJECTED_COLUMNS_MAX: usize = 64;

/// The index of the `)` matching the `(` at `open`.
fn closing(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A subquery's column of an `Interval` type read where its kind matters: the translator
/// tracks that a column is an `Interval` but not of which kind (see
/// [`Tr::interval_column_read`]).
fn interval_column_not_run() -> ApiError {
    unsupported("a subquery's interval column other than answered, sorted, grouped, or passed whole to toString, concat, count, uniq, uniqExact or length(groupArray(…))")
}

fn unsupported(what: &str) -> ApiError {
    query_error(format!(
        "unkey-local does not run {what} (the real server does); see the unkey-local README"
    ))
}

impl<'t> Tr<'t> {
    fn new(toks: &'t [Tok], now: i64, dataset: Dataset) -> Self {
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
            dataset,
            tables: Vec::new(),
            user_ctes: Vec::new(),
            cte_names,
            names,
            depth: 0,
            array_aliases,
            projected: 0,
            scopes: Vec::new(),
            last_cols: Vec::new(),
            last_nullable: HashSet::new(),
            cte_nullable: std::collections::HashMap::new(),
            cte_cols: std::collections::HashMap::new(),
            renames: Vec::new(),
            generated: 0,
            left_array_aliases: HashSet::new(),
            element_types: std::collections::HashMap::new(),
            scalar_types: std::collections::HashMap::new(),
            select_aliases: Vec::new(),
            expanding: Vec::new(),
            typing: std::cell::RefCell::new(Vec::new()),
            local_ctes: Vec::new(),
            select_arrays: Vec::new(),
            fill: None,
            rollup_defaults: Vec::new(),
            stages: Vec::new(),
            run_error: std::cell::Cell::new(None),
            count_ref: None,
            subquery_numbers: std::collections::HashMap::new(),
            alias_uses: AliasUses::new(),
            interval_calls: Vec::new(),
        };
        tr.subquery_numbers = tr.subquery_numbers();
        tr
    }

    /// The numbers ClickHouse's analyzer gives the query's subqueries (`_subquery_1`, … in the
    /// order it resolves them, QueryAnalyzer's `subquery_counter`), by where each `(` is. It
    /// resolves a `SELECT`'s `FROM` (its sources, a CTE named there anew each time, and join
    /// conditions) first, then its select list, then the rest, and numbers each subquery
    /// before the subqueries inside it; a `UNION`'s arms and the top-level query are no
    /// subqueries.
    fn subquery_numbers(&self) -> std::collections::HashMap<usize, usize> {
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

    /// Upstream checks every table a query reads before anything else about it: a CTE may not
    /// take a public table's name, and every source must be a public table or a top-level CTE.
    fn check_sources(&mut self) -> Result<(), ApiError> {
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
            // `ARRAY JOIN x` joins a column, not a table.
            if i.checked_sub(1)
                .and_then(|p| self.toks.get(p))
                .map(upper)
                .as_deref()
                == Some("ARRAY")
            {
                continue;
            }
            let Some(Tok::Word(table)) = self.toks.get(i + 1) else {
                continue;
            };
            if self.toks.get(i + 2) == Some(&Tok::Sym("(")) {
                return Err(ApiError::analytics(
                    "user/bad_request/invalid_analytics_function",
                    format!(
                        "Table function '{}' is not allowed for security reasons",
                        table.to_ascii_lowercase()
                    ),
                ));
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

    /// Upstream validates every function a query calls before it runs: one outside its list
    /// is "Function 'x' is not allowed" (the name in lower case), whatever else is wrong.
    fn check_functions(&self) -> Result<(), ApiError> {
        for (i, t) in self.toks.iter().enumerate() {
            let Tok::Word(w) = t else { continue };
            let up = w.to_ascii_uppercase();
            if self.toks.get(i + 1) != Some(&Tok::Sym("("))
                || KEYWORDS.contains(&up.as_str())
                || matches!(
                    up.as_str(),
                    "INTERVAL"
                        | "EXISTS"
                        | "JOIN"
                        | "ALL"
                        | "DISTINCT"
                        | "UNION"
                        | "EXCEPT"
                        | "INTERSECT"
                        | "INNER"
                        | "LEFT"
                        | "RIGHT"
                        | "FULL"
                        | "CROSS"
                        | "OUTER"
                        | "SEMI"
                        | "ANTI"
                        | "ASOF"
                        | "GLOBAL"
                        | "ARRAY"
                        | "WITH"
                        | "FILL"
                        | "TO"
                        | "STEP"
                        | "INTERPOLATE"
                        | "SETS"
                )
            {
                continue;
            }
            // A table function is checked with the tables.
            let before = i.checked_sub(1).and_then(|p| self.toks.get(p)).map(upper);
            if matches!(before.as_deref(), Some("FROM" | "JOIN")) {
                continue;
            }
            let lower = w.to_ascii_lowercase();
            if !ALLOWED_FUNCTIONS.contains(&lower.as_str()) {
                return Err(ApiError::analytics(
                    "user/bad_request/invalid_analytics_function",
                    format!("Function '{lower}' is not allowed"),
                ));
            }
        }
        Ok(())
    }

    fn word(&self, i: usize) -> String {
        self.toks.get(i).map(upper).unwrap_or_default()
    }

    /// A query over `[from, to)`: an optional `WITH` (merged into the outer `WITH` at the top
    /// level), then one or more `SELECT`s joined by `UNION ALL` / `UNION DISTINCT`.
    fn query(&mut self, from: usize, to: usize, top: bool) -> Result<String, ApiError> {
        self.depth += 1;
        if self.depth > NESTING_MAX {
            return Err(query_error("Analytics query is too complex"));
        }
        let out = self.query_inner(from, to, top);
        self.depth -= 1;
        out
    }

    fn query_inner(&mut self, from: usize, to: usize, top: bool) -> Result<String, ApiError> {
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
                    return Err(query_error("Invalid SQL syntax"));
                };
                let close = closing(self.toks, i + 2)
                    .filter(|c| *c < to)
                    .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
                let inner = self.query(i + 3, close, false)?;
                self.cte_cols.insert(
                    name.to_ascii_lowercase(),
                    std::mem::take(&mut self.last_cols),
                );
                self.cte_nullable.insert(
                    name.to_ascii_lowercase(),
                    std::mem::take(&mut self.last_nullable),
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
                    // ClickHouse's default for a bare EXCEPT/INTERSECT is ALL.
                    let (op, len) = match (up.as_str(), next.as_str()) {
                        ("UNION", "ALL") => ("UNION ALL", 2),
                        ("UNION", "DISTINCT") => ("UNION", 2),
                        ("UNION", _) => return Err(query_error("Invalid analytics query")),
                        ("EXCEPT", "DISTINCT") => ("EXCEPT", 2),
                        ("EXCEPT", "ALL") => ("EXCEPT ALL", 2),
                        ("EXCEPT", _) => ("EXCEPT ALL", 1),
                        ("INTERSECT", "DISTINCT") => ("INTERSECT", 2),
                        ("INTERSECT", "ALL") => ("INTERSECT ALL", 2),
                        ("INTERSECT", _) => ("INTERSECT ALL", 1),
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
        let mut translated = Vec::new();
        let mut first_cols = Vec::new();
        let mut first_nullable = HashSet::new();
        for (n, (a, b)) in arms.into_iter().enumerate() {
            let arm = self.select(a, b, top && n == 0)?;
            if n == 0 {
                first_cols = std::mem::take(&mut self.last_cols);
                first_nullable = std::mem::take(&mut self.last_nullable);
            }
            // Each arm keeps its own ORDER BY and LIMIT, as in ClickHouse.
            translated.push(if several {
                format!("SELECT * FROM ({arm})")
            } else {
                arm
            });
        }
        // INTERSECT binds tighter than UNION and EXCEPT, which go from left to right.
        let mut arms = translated.into_iter();
        let mut units = vec![arms.next().unwrap_or_default()];
        let mut unit_ops = Vec::new();
        for (op, arm) in ops.into_iter().zip(arms) {
            if op.starts_with("INTERSECT") {
                let left = units.pop().unwrap_or_default();
                units.push(set_operation(&left, op, &arm));
            } else {
                units.push(arm);
                unit_ops.push(op);
            }
        }
        let mut units = units.into_iter();
        let mut out = units.next().unwrap_or_default();
        for (op, unit) in unit_ops.into_iter().zip(units) {
            out = set_operation(&out, op, &unit);
        }
        self.last_cols = first_cols;
        self.last_nullable = first_nullable;
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
    fn select(&mut self, from: usize, to: usize, top: bool) -> Result<String, ApiError> {
        if self.word(from) != "SELECT" {
            return Err(query_error("Invalid SQL syntax"));
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
        if from_at.is_none() && top {
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
                    .ok_or_else(|| query_error("Invalid SQL syntax"))?;
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
        // The projected columns: the select list's items outside parentheses.
        let mut depth = 0i64;
        let mut items = 1;
        for j in from + 1..from_at.unwrap_or(to) {
            match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Sym(",")) if depth == 0 => items += 1,
                _ => {}
            }
        }
        self.projected += items;
        if self.projected > PROJECTED_COLUMNS_MAX {
            return Err(query_error("Analytics query projects too many columns"));
        }
        // The names its `ARRAY JOIN` gives elements hold in this SELECT only.
        let aliases = self.array_aliases.clone();
        let left_aliases = self.left_array_aliases.clone();
        self.scopes.push(Vec::new());
        self.select_aliases.push(names);
        self.select_arrays.push(array_join.clone());
        let ctes = self.local_ctes.len();
        // (A subquery's `WITH FILL` is its own.)
        let outer_fill = self.fill.take();
        let out = self.select_body(from, to, from_at, array_join).map(|sql| {
            // The CTEs it needs are its own (a `SELECT` in parentheses may begin with `WITH`).
            let own = self.local_ctes.split_off(ctes);
            if own.is_empty() {
                sql
            } else {
                format!("SELECT * FROM (WITH {} {sql})", own.join(", "))
            }
        });
        let fill = std::mem::replace(&mut self.fill, outer_fill);
        // (Named while its sources and aliases are in view, see [`Tr::column_name`].)
        if out.is_ok() {
            let scope = self.scopes.last().cloned().unwrap_or_default();
            self.last_cols = self.item_types(from + 1, from_at.unwrap_or(to), &scope);
            self.last_nullable = self.item_nullables(from + 1, from_at.unwrap_or(to), &scope);
        }
        self.select_aliases.pop();
        self.select_arrays.pop();
        self.scopes.pop();
        self.array_aliases = aliases;
        self.left_array_aliases = left_aliases;
        match (out, fill) {
            (Ok(sql), Some(fill)) => self.fill_stage(sql, fill),
            (out, _) => out,
        }
    }

    /// Translates one `SELECT` over `[from, to)`: its `FROM` and everything after it first
    /// (which fills the scope the select list's columns are resolved in), then the select list.
    fn select_body(
        &mut self,
        from: usize,
        to: usize,
        from_at: Option<usize>,
        array_join: ArrayJoins,
    ) -> Result<String, ApiError> {
        if let Some(rollup) = from_at.and_then(|f| self.find_rollup(f, to)) {
            return self.rollup_select(from, to, from_at, array_join, rollup);
        }
        let mut st = Sel::new(from_at, to, array_join);
        let mut tail = Vec::new();
        if let Some(f) = from_at {
            self.emit(f, to, &mut st, &mut tail)?;
            self.close_where(&mut st, &mut tail);
        }
        if !st.closers.is_empty() {
            return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
        }
        let mut head = Vec::new();
        st.chains = vec![0];
        st.fresh = true;
        // A `SELECT` without `FROM` reads ClickHouse's one-row `system.one` (its `dummy` 0): its
        // `arrayJoin` calls join to that row, after its select list.
        let one_row = from_at.is_none() && !st.array_join.arrays.is_empty();
        let list_end = if one_row {
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
        } else {
            from_at.unwrap_or(to)
        };
        self.emit(from, list_end, &mut st, &mut head)?;
        if !st.closers.is_empty() {
            return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
        }
        self.fill_expressions(from + 1, list_end, &mut head, &st.array_join)?;
        if one_row {
            head.push("FROM (SELECT 0 AS \"dummy\")".into());
            self.arrays_after_joins(&mut st, &mut head)?;
            self.emit(list_end, to, &mut st, &mut head)?;
        }
        // A late `HAVING` ([`Tr::late_having`]): each aggregated row with the number of its
        // `HAVING` arrays' elements (their combinations) the condition holds for, repeated
        // that many times in its order (see [`repeated`]); `LIMIT` and `LIMIT … BY` count
        // the repeated rows.
        let late = match self.late_having(&st) {
            // ClickHouse computes a window over the repeated rows; here they are repeated
            // after SQLite's windows (which also move the count's aggregates out of it).
            Some(_) if st.from_at.is_some_and(|f| self.windowed(f)) => {
                return Err(query_error("Invalid analytics query"));
            }
            Some(having) => {
                head.push(format!(", {} AS \"__ul_k\"", self.late_count(having, &st)?));
                let scope = self.scopes.last().cloned().unwrap_or_default();
                Some(self.item_types(from + 1, list_end, &scope))
            }
            None => None,
        };
        if let Some((n, m, by)) = st.limit_by.take() {
            // Each row's place within its `BY` group and in the whole order, then the rows
            // whose place is within the limit, in that order; a `LIMIT` after it applies last.
            let order = match st.order_by {
                Some((a, b)) => format!(" ORDER BY {}", self.expression(a, b)?),
                None => String::new(),
            };
            let limit = match st.limit_at {
                Some(k) => tail.split_off(k.min(tail.len())).join(" "),
                None => format!("LIMIT {RESULT_ROWS_MAX}"),
            };
            let (places, rows) = match &late {
                Some(cols) => {
                    // (A window beside the count's subquery would move its aggregates out of
                    // their group: the repeated rows are numbered in their order instead.)
                    head.push(format!(", json_array({by}) AS \"__ul_lp\""));
                    head.extend(tail);
                    let rows = repeated(&head.join(" "), cols, &["__ul_lp"]);
                    let places = format!(
                        "SELECT *, ROW_NUMBER() OVER (PARTITION BY \"__ul_lp\" ORDER BY \"__ul_lo\") AS \"__ul_lb\" FROM (SELECT *, ROW_NUMBER() OVER () AS \"__ul_lo\" FROM ({rows}))"
                    );
                    (places, "\"__ul_lo\"")
                }
                None => {
                    head.push(format!(
                        ", ROW_NUMBER() OVER (PARTITION BY {by}{order}) AS \"__ul_lb\", ROW_NUMBER() OVER ({order}) AS \"__ul_lo\""
                    ));
                    head.extend(tail);
                    (head.join(" "), "\"__ul_lo\"")
                }
            };
            let names = match &late {
                Some(cols) => answered_columns("", cols),
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
                None => format!("LIMIT {RESULT_ROWS_MAX}"),
            };
            head.extend(tail);
            let rows = repeated(&head.join(" "), cols, &[]);
            return Ok(format!(
                "SELECT {} FROM ({rows}) {limit}",
                answered_columns("", cols)
            ));
        }
        head.extend(tail);
        if !st.limit_seen {
            head.push(format!("LIMIT {RESULT_ROWS_MAX}"));
        }
        Ok(head.join(" "))
    }

    /// The `HAVING` (where it is) of the aggregating `SELECT` of `st` when its `arrayJoin`
    /// calls all in that `HAVING` multiply the aggregated rows after aggregating (see
    /// [`Tr::late_count`]): without `GROUP BY` (its one aggregated row stands even when no row
    /// passes the `WHERE`), or over an array that reads an aggregate and is not one of
    /// [`Tr::late_array_len`] (its length is known only after aggregating). Others are
    /// grouped by their indexes before aggregating ([`Tr::group_having_arrays`]).
    fn late_having(&self, st: &Sel) -> Option<usize> {
        let from_at = st.from_at?;
        let mut depth = 0i64;
        let mut grouped = false;
        let having = (from_at..st.to).find(|k| {
            match self.toks.get(*k) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                _ => {}
            }
            grouped |= depth == 0 && self.word(*k) == "GROUP" && self.word(k + 1) == "BY";
            depth == 0 && self.word(*k) == "HAVING"
        })?;
        let keys = self.having_array_keys(having, &st.array_join);
        if keys.is_empty() {
            return None;
        }
        let unknown_length = st.array_join.arrays.iter().any(|a| {
            keys.contains(&format!("\"{}\".\"key\"", a.name))
                && self.late_array_len(a, &st.array_join).is_none()
                && self.reads_aggregate(a.at + 2, a.close, &mut Vec::new())
        });
        // (A window function reads the repeated rows: grouped by the arrays' indexes, they
        // are rows when it runs; see `Tr::select_body` for the arrays of unknown length.)
        let late =
            unknown_length || (!grouped && !self.windowed(from_at) && self.aggregates(having, st));
        late.then_some(having)
    }

    /// Whether the select list of the `SELECT` whose `FROM` is at `from_at` calls a window
    /// function (`… OVER`), outside its subqueries.
    fn windowed(&self, from_at: usize) -> bool {
        let mut depth = 0i64;
        let select = (0..from_at).rev().find(|k| {
            match self.toks.get(*k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) => depth -= 1,
                _ => {}
            }
            depth == 0 && self.word(*k) == "SELECT"
        });
        let mut k = select.unwrap_or(from_at);
        while k < from_at {
            if self.toks.get(k) == Some(&Tok::Sym("("))
                && matches!(self.word(k + 1).as_str(), "SELECT" | "WITH")
            {
                k = closing(self.toks, k).map_or(from_at, |c| c + 1);
                continue;
            }
            if self.word(k) == "OVER" {
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
    fn late_count(&mut self, having: usize, st: &Sel) -> Result<String, ApiError> {
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

    /// `GROUP BY k, … WITH ROLLUP|CUBE` of the `SELECT` whose `FROM` is at `f`: where `GROUP`
    /// is, the keys' token ranges, where the clause ends, and whether it is a cube.
    fn find_rollup(&self, f: usize, to: usize) -> Option<Rollup> {
        let mut depth = 0i64;
        let group = (f..to).find(|k| {
            match self.toks.get(*k) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                _ => {}
            }
            depth == 0 && self.word(*k) == "GROUP" && self.word(k + 1) == "BY"
        })?;
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
                    && closing(self.toks, a) == Some(b - 1)
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
    /// expressions computed in each group) and `LIMIT` apply to them all.
    fn rollup_select(
        &mut self,
        from: usize,
        to: usize,
        from_at: Option<usize>,
        array_join: ArrayJoins,
        rollup: Rollup,
    ) -> Result<String, ApiError> {
        let Some(f) = from_at else {
            return Err(query_error("Invalid SQL syntax"));
        };
        let mut st = Sel::new(from_at, to, array_join);
        // The sources and the WHERE, once.
        let mut sources = Vec::new();
        self.emit(f, rollup.group, &mut st, &mut sources)?;
        self.close_where(&mut st, &mut sources);
        let sources = sources.join(" ");
        let mut keys = Vec::new();
        for (a, b) in &rollup.keys {
            keys.push(self.expression_with(*a, *b, st.array_join.clone())?);
        }
        // The clauses after it: HAVING (per group), ORDER BY and LIMIT (over all).
        let mut having = None;
        let mut having_keys = Vec::new();
        let mut order = Vec::new();
        let mut limit = format!("LIMIT {RESULT_ROWS_MAX}");
        let mut k = rollup.end;
        while k < to {
            match self.word(k).as_str() {
                // (Its totals row does not reach upstream's answer, as in `Tr::emit`.)
                "WITH" if k == rollup.end && self.word(k + 1) == "TOTALS" => k += 2,
                "HAVING" => {
                    let end = (k + 1..to)
                        .find(|j| matches!(self.word(*j).as_str(), "ORDER" | "LIMIT"))
                        .unwrap_or(to);
                    having = Some(self.expression_with(k + 1, end, st.array_join.clone())?);
                    having_keys = self.having_array_keys(k, &st.array_join);
                    k = end;
                }
                "ORDER" if self.word(k + 1) == "BY" => {
                    let end = (k + 2..to)
                        .find(|j| matches!(self.word(*j).as_str(), "LIMIT" | "INTERPOLATE"))
                        .unwrap_or(to);
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
                "LIMIT" | "OFFSET" if self.fill.is_some() => {
                    // With `WITH FILL`, they apply to the filled rows.
                    let n = match self.toks.get(k + 1) {
                        Some(Tok::Num(n)) => n.parse::<i64>().unwrap_or(RESULT_ROWS_MAX).max(0),
                        _ => return Err(query_error("Invalid SQL syntax")),
                    };
                    let is_limit = self.word(k) == "LIMIT";
                    if let Some(fill) = self.fill.as_mut() {
                        if is_limit {
                            fill.limit = Some(n.min(RESULT_ROWS_MAX));
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
                    let n = count(k + 1).ok_or_else(|| query_error("Invalid SQL syntax"))?;
                    limit = format!("LIMIT {}", n.clamp(0, RESULT_ROWS_MAX));
                    k += 2;
                    if self.word(k) == "OFFSET" {
                        let m = count(k + 1).ok_or_else(|| query_error("Invalid SQL syntax"))?;
                        limit.push_str(&format!(" OFFSET {}", m.max(0)));
                        k += 2;
                    }
                }
                _ => return Err(query_error("Invalid SQL syntax")),
            }
        }
        // With `WITH FILL`, every group is filled (and its `LIMIT` applies after).
        if self.fill.is_some() {
            limit.clear();
        }
        // A late `HAVING` ([`Tr::late_having`]) repeats each group's rows (see [`repeated`]).
        let late = match self.late_having(&st) {
            Some(_) if self.windowed(f) => return Err(query_error("Invalid analytics query")),
            Some(at) if self.word(at.saturating_sub(1)) == "TOTALS" => {
                return Err(query_error("Invalid analytics query"))
            }
            Some(at) => {
                having_keys.clear();
                having = Some("\"__ul_k\" > 0".into());
                Some(self.late_count(at, &st)?)
            }
            None => None,
        };
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
            if self.toks.get(a..b) == Some(&[Tok::Sym("*")][..]) {
                // (ClickHouse refuses it too: its columns are not keys or aggregates.)
                return Err(query_error("Invalid analytics query"));
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
        for (item, how) in order {
            let column = match item {
                RollupOrder::Position(p) => match p.checked_sub(1).and_then(|p| names.get(p)) {
                    Some(name) => Some(name.clone()),
                    None => return Err(query_error("Invalid analytics query")),
                },
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
        let mut arms = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let mut list = Vec::new();
            for (n, (sql, key, default, (a, e))) in rendered.iter().enumerate() {
                let value = match key {
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
            if let Some(count) = &late {
                list.push(format!("{count} AS \"__ul_k\""));
            }
            let by: Vec<&String> = keys
                .iter()
                .zip(group)
                .filter(|(_, kept)| **kept)
                .map(|(k, _)| k)
                .chain(&having_keys)
                .collect();
            let mut arm = format!("SELECT {} {sources}", list.join(", "));
            if !by.is_empty() {
                arm.push_str(&format!(
                    " GROUP BY {}",
                    by.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            if let Some(h) = &having {
                arm.push_str(&format!(" HAVING {h}"));
            }
            if late.is_some() {
                arm = format!("SELECT \"__ul_g\".* {}", repeated_from(&arm));
            }
            arms.push(format!("SELECT * FROM ({arm})"));
        }
        let order = if by_sql.is_empty() {
            String::new()
        } else {
            format!("ORDER BY {}", by_sql.join(", "))
        };
        let all = arms.join(" UNION ALL ");
        if !distinct {
            return Ok(format!("SELECT * FROM ({all}) {order} {limit}"));
        }
        // `DISTINCT` (after `HAVING`, before `ORDER BY`): the first row of each answer.
        let partition: Vec<String> = names.iter().map(|n| quote(n)).collect();
        Ok(format!(
            "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY {}) AS \"__ul_d\" FROM ({all})) WHERE \"__ul_d\" = 1 {order} {limit}",
            partition.join(", ")
        ))
    }

    /// An `ORDER BY` item `[a, e)` after `WITH ROLLUP|CUBE` or `GROUPING SETS`: what it sorts
    /// by, and its direction and `NULLS` as SQLite SQL (`NULLS LAST` unless it says otherwise,
    /// as ClickHouse).
    fn rollup_order_item(&self, a: usize, mut e: usize) -> Result<(RollupOrder, String), ApiError> {
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
            return Err(query_error("Invalid SQL syntax"));
        }
        how.push(nulls);
        let item = match self.toks.get(a..e) {
            Some([Tok::Num(n)]) => RollupOrder::Position(
                n.parse()
                    .map_err(|_| query_error("Invalid analytics query"))?,
            ),
            _ => RollupOrder::Expr(a, e),
        };
        Ok((item, how.join(" ")))
    }

    /// An expression `[a, e)` of a `SELECT` with `WITH ROLLUP|CUBE` or `GROUPING SETS` (an item
    /// or an `ORDER BY` one), computed in the group that keeps the keys `group`: a key the
    /// group leaves out is its type's default there outside aggregates (which read the
    /// rows), as in ClickHouse.
    fn rollup_expression(
        &mut self,
        a: usize,
        e: usize,
        rollup: &Rollup,
        group: &[bool],
        array_join: &ArrayJoins,
    ) -> Result<String, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        // The keys the group leaves out (and the expressions of keys that are aliases), and
        // their defaults.
        let mut defaults = Vec::new();
        for (k, (ka, kb)) in rollup.keys.iter().enumerate() {
            if group.get(k).copied().unwrap_or(true) {
                continue;
            }
            let default = self
                .expr_ty(*ka, *kb, &scope)
                .default_sql()
                .unwrap_or("NULL")
                .to_string();
            if let Some([Tok::Word(w)]) = self.toks.get(*ka..*kb) {
                let aliased = self
                    .select_aliases
                    .last()
                    .and_then(|aliases| aliases.iter().find(|(n, ..)| n == w));
                if let Some((_, s, e)) = aliased {
                    defaults.push((*s, *e, default.clone()));
                }
            }
            defaults.push((*ka, *kb, default));
        }
        let saved = std::mem::replace(&mut self.rollup_defaults, defaults);
        let sql = self.expression_with(a, e, array_join.clone());
        self.rollup_defaults = saved;
        sql
    }

    /// Where a key its group leaves out starts at `i` outside aggregates, while
    /// [`Tr::rollup_expression`] translates: its length in tokens and its default.
    fn rolled_up_key(&self, i: usize) -> Option<(usize, String)> {
        let (ka, kb, default) = self
            .rollup_defaults
            .iter()
            .find(|(ka, kb, _)| self.toks.get(*ka..*kb) == self.toks.get(i..i + (kb - ka)))?;
        (!self.inside_aggregate(i)).then(|| (kb - ka, default.clone()))
    }

    /// Before a clause that ends a `WHERE` (or at the end of the `SELECT`): closes the `WHERE`
    /// the joins' conditions were added to, or adds one with them.
    fn close_where(&self, st: &mut Sel, out: &mut Vec<String>) {
        match st.where_state {
            WhereState::Open => out.push(")".into()),
            WhereState::None if !st.extra_where.is_empty() => {
                out.push(format!("WHERE {}", st.extra_where.join(" AND ")));
            }
            _ => {}
        }
        st.where_state = WhereState::Done;
    }

    /// At the end of a `FROM` (after its joins, as ClickHouse evaluates the `SELECT`'s
    /// expressions after them): joins the `json_each` of each array of the `SELECT`'s
    /// `arrayJoin` calls that is not in a join's `ON`, an inner one before the one it is in.
    fn arrays_after_joins(&mut self, st: &mut Sel, out: &mut Vec<String>) -> Result<(), ApiError> {
        st.arrays_pending = false;
        let mut arrays: Vec<JoinedArray> = st
            .array_join
            .arrays
            .iter()
            .filter(|a| a.on.is_none())
            .cloned()
            .collect();
        arrays.sort_by_key(|a| a.close);
        let late = self
            .late_having(st)
            .map(|h| self.having_array_keys(h, &st.array_join))
            .unwrap_or_default();
        for a in arrays {
            if late.contains(&format!("\"{}\".\"key\"", a.name)) {
                continue;
            }
            if let Some(n) = self.late_array_len(&a, &st.array_join) {
                let indexes: Vec<String> = (0..n).map(|i| i.to_string()).collect();
                out.push(format!(
                    ", json_each('[{}]') AS \"{}\"",
                    indexes.join(","),
                    a.name
                ));
                continue;
            }
            let array = self.expression_with(a.at + 2, a.close, st.array_join.clone())?;
            out.push(format!(", json_each(ch_array({array})) AS \"{}\"", a.name));
        }
        Ok(())
    }

    /// The number of elements of a `HAVING` array that reads an aggregate (`HAVING
    /// arrayJoin([count(), 1]) > 0`), which ClickHouse computes per aggregated row: a literal
    /// array all of whose calls are in the `HAVING`. Only its indexes are joined before
    /// aggregating (grouped by as any `HAVING` array's, see [`Tr::having_array_keys`]), and
    /// each call reads the element at its index of the array computed over the group.
    fn late_array_len(&self, a: &JoinedArray, array_join: &ArrayJoins) -> Option<usize> {
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
    fn having_array_keys(&self, having: usize, array_join: &ArrayJoins) -> Vec<String> {
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
    fn having_end(&self, having: usize) -> usize {
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
    fn group_having_arrays(
        &self,
        having: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<(), ApiError> {
        let keys = self.having_array_keys(having, &st.array_join);
        let mut depth = 0i64;
        let grouped = (st.from_at.unwrap_or(having)..having).any(|k| {
            match self.toks.get(k) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) => depth -= 1,
                _ => {}
            }
            depth == 0 && self.word(k) == "GROUP" && self.word(k + 1) == "BY"
        });
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
    fn aggregates(&self, having: usize, st: &Sel) -> bool {
        let Some(from_at) = st.from_at else {
            return false;
        };
        let mut depth = 0i64;
        let select = (0..from_at).rev().find(|k| {
            match self.toks.get(*k) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) => depth -= 1,
                _ => {}
            }
            depth == 0 && self.word(*k) == "SELECT"
        });
        let end = self.having_end(having);
        let ranges = select
            .map(|s| (s, from_at))
            .into_iter()
            .chain([(having, end)]);
        for (mut k, to) in ranges {
            while k < to {
                if self.toks.get(k) == Some(&Tok::Sym("("))
                    && matches!(self.word(k + 1).as_str(), "SELECT" | "WITH")
                {
                    k = closing(self.toks, k).map_or(to, |c| c + 1);
                    continue;
                }
                if self.is_aggregate_call(k)
                    && closing(self.toks, k + 1).is_some_and(|c| self.word(c + 1) != "OVER")
                {
                    return true;
                }
                k += 1;
            }
        }
        false
    }

    /// How an `arrayJoin` element (its source and column, see [`JoinedArray`]) is read here: a
    /// source written under another name for now is read there, and one an outer join may
    /// leave unmatched has the default of the element's type there (see [`Tr::element_ty`]; a
    /// `String` unless known).
    fn element_sql(&self, array: &JoinedArray) -> String {
        let (source, column) = &array.element;
        let renamed = self
            .renames
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(source))
            .map_or(source, |(_, other)| other);
        let sql = format!("\"{renamed}\".\"{column}\"");
        let scope = self.scopes.last().map_or(&[][..], Vec::as_slice);
        let unmatched = scope
            .iter()
            .any(|src| src.nullable && src.name.eq_ignore_ascii_case(source));
        if !unmatched {
            return sql;
        }
        let ty = self.element_ty(array.at + 2, array.close, scope);
        let default = ty.default_sql().unwrap_or("''");
        format!("COALESCE({sql}, {default})")
    }

    /// Translates the tokens `[a, b)` of a `SELECT` into `out`.
    fn emit(
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
        let mut divisions: Vec<usize> = Vec::new();
        // String literals compared with numbers, as the numbers they are read as.
        let mut numbers: Vec<(usize, String)> = Vec::new();
        while i < b {
            let Some(t) = self.toks.get(i) else { break };
            while divisions.last().is_some_and(|e| *e <= i) {
                divisions.pop();
                out.push(")".into());
            }
            starts.push((i, out.len()));
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
                        let sql = self.expression_with(i, end, st.array_join.clone())?;
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
            if let Some((len, default)) = self.rolled_up_key(i) {
                out.push(default);
                i += len;
                continue;
            }
            match t {
                Tok::Str(s) => match numbers.iter().find(|(k, _)| *k == i) {
                    Some((_, n)) => out.push(n.clone()),
                    None => out.push(sql_string(s)),
                },
                Tok::Num(n) => {
                    if n.parse::<f64>().is_err() {
                        return Err(query_error("Invalid SQL syntax"));
                    }
                    out.push(n.clone());
                }
                Tok::Sym("(") => {
                    if matches!(self.word(i + 1).as_str(), "SELECT" | "WITH") {
                        let close = closing(self.toks, i).filter(|c| *c < b).ok_or_else(|| {
                            query_error("Invalid SQL syntax: unbalanced parentheses")
                        })?;
                        let inner = self.query(i + 1, close, false)?;
                        // A scalar subquery's type is its first column's.
                        let ty = self.last_cols.first().map_or(Ty::Unknown, |(_, t)| *t);
                        self.scalar_types.insert(i, ty);
                        out.push(format!("({inner})"));
                        i = close + 1;
                        continue;
                    }
                    if let Some(end) = self.intervals_operand(i, b, st, out)? {
                        i = end;
                        continue;
                    }
                    st.closers.push(")");
                    st.chains.push(out.len());
                    st.fresh = true;
                    out.push("(".into());
                }
                // An array literal: a JSON array for the array functions.
                Tok::Sym("[") => {
                    st.closers.push("]");
                    st.chains.push(out.len());
                    st.fresh = true;
                    out.push("json_array(".into());
                }
                Tok::Sym("]") => {
                    if st.closers.pop() != Some("]") {
                        return Err(query_error("Invalid SQL syntax: unbalanced brackets"));
                    }
                    st.chains.pop();
                    out.push(")".into());
                }
                Tok::Sym(")") => {
                    let Some(c) = st.closers.pop().filter(|c| *c != "]") else {
                        return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
                    };
                    st.chains.pop();
                    if st.windows.last().is_some_and(|d| st.closers.len() < *d) {
                        st.windows.pop();
                    }
                    out.push(c.into());
                }
                Tok::Sym(sym @ ("+" | "-")) => {
                    let binary = match i.checked_sub(1).and_then(|p| self.toks.get(p)) {
                        Some(Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]")) => true,
                        Some(Tok::Word(w)) => {
                            let w = w.to_ascii_uppercase();
                            !KEYWORDS.contains(&w.as_str())
                                || matches!(w.as_str(), "NULL" | "TRUE" | "FALSE" | "END")
                        }
                        _ => false,
                    };
                    // `± interval` (`INTERVAL n UNIT`, `toIntervalUnit(n)`, an expression of
                    // intervals in parentheses): each interval in turn, months, quarters and
                    // years as calendar months (around the operand before), others in ms.
                    if binary {
                        if let Some((intervals, end)) = self.interval_term(i + 1, b)? {
                            self.check_moved(self.left_operand_start(i), i)?;
                            let sign = if *sym == "-" { -1 } else { 1 };
                            for (step, count) in intervals.moves() {
                                match step {
                                    Step::Months(k) => {
                                        let at =
                                            st.chains.last().copied().unwrap_or(0).min(out.len());
                                        out.insert(at, "ch_add_months(".into());
                                        out.push(format!(", ({count}) * {})", sign * k));
                                    }
                                    Step::Ms(ms) => {
                                        out.push((*sym).into());
                                        out.push(format!("({count}) * {ms}"));
                                    }
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
                    }
                    out.push((*sym).into());
                }
                Tok::Sym("*") if self.is_star_item(i, i, st) => {
                    out.push(self.star_sql(None));
                }
                // ClickHouse's `/` divides as floats (`5 / 2` is 2.5, `1 / 0` inf), SQLite's
                // integers as integers and by zero to NULL: `ch_divide(left, right)` around the
                // operands next to it (the `*`/`/`/`%` chain before it, the operand after it),
                // where they can be told.
                Tok::Sym("/") => {
                    self.check_operands(i, b)?;
                    let at = self.division_operands(i, b).and_then(|(left, end)| {
                        let at = starts.iter().find(|(k, _)| *k == left)?.1;
                        Some((at, end))
                    });
                    match at {
                        Some((at, end)) if at <= out.len() => {
                            out.insert(at, "ch_divide(".into());
                            out.push(",".into());
                            divisions.push(end);
                        }
                        _ => out.push("* 1.0 /".into()),
                    }
                }
                // ClickHouse's `==` is `=`.
                Tok::Sym("==") => {
                    let number = self.check_operands(i, b)?;
                    literal_number(number, &starts, out, &mut numbers);
                    st.fresh = true;
                    out.push("=".into());
                }
                Tok::Sym(sym) => {
                    let number = self.check_operands(i, b)?;
                    literal_number(number, &starts, out, &mut numbers);
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
                    if Some(i) == st.from_at {
                        out.push("FROM".into());
                        i = self.source(i + 1, st.to, out)?;
                        st.arrays_pending = true;
                        st.fresh = true;
                        continue;
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
                        i = self.call(i, w, out, &mut st.closers, &mut st.chains)?;
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
                    // A window's specification, and `NULLS FIRST|LAST` (of an `ORDER BY`).
                    if up == "OVER" && self.toks.get(i + 1) == Some(&Tok::Sym("(")) {
                        st.windows.push(st.closers.len() + 1);
                    }
                    let in_window = st.windows.last().is_some_and(|d| st.closers.len() >= *d);
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
                        return Err(query_error("Invalid SQL syntax"));
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
                        let count = |k: usize| match self.toks.get(k) {
                            Some(Tok::Num(n)) => n.parse::<i64>().ok(),
                            _ => None,
                        };
                        let by = match (count(i + 1), self.word(i + 2).as_str()) {
                            (Some(n), "BY") => Some((n, 0, i + 3)),
                            (Some(n), "OFFSET") if self.word(i + 4) == "BY" => {
                                count(i + 3).map(|m| (n, m, i + 5))
                            }
                            _ => None,
                        };
                        if let Some((n, m, at)) = by {
                            // (A second `LIMIT … BY` parses in neither upstream's parser
                            // nor ClickHouse's.)
                            if st.limit_by.is_some() {
                                return Err(query_error("Invalid SQL syntax"));
                            }
                            let end = (at..b).find(|k| self.word(*k) == "LIMIT").unwrap_or(b);
                            let exprs = self.expression(at, end)?;
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
                                return Err(query_error("Invalid SQL syntax"));
                            };
                            let n = n.parse::<i64>().unwrap_or(RESULT_ROWS_MAX).max(0);
                            if up == "LIMIT" {
                                fill.limit = Some(n.min(RESULT_ROWS_MAX));
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
                        let n = n.parse::<i64>().unwrap_or(RESULT_ROWS_MAX);
                        out.push(n.clamp(0, RESULT_ROWS_MAX).to_string());
                        i += 2;
                        if self.toks.get(i) == Some(&Tok::Sym(",")) {
                            return Err(query_error(
                                "Invalid SQL syntax: write LIMIT n OFFSET m instead of LIMIT m, n",
                            ));
                        }
                        continue;
                    }
                    if KEYWORDS.contains(&up.as_str()) {
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
                            self.expanding.push(name);
                            let sql = self.expression_with(s, e, st.array_join.clone());
                            self.expanding.pop();
                            (format!("({})", sql?), true)
                        } else {
                            if self.resolve(w).is_some_and(|(_, t)| t == Ty::Interval)
                                && !self.interval_column_read(i, bare_item)
                            {
                                return Err(interval_column_not_run());
                            }
                            self.column_ref(w)?
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
        for _ in divisions {
            out.push(")".into());
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

    /// `INTERVAL n UNIT` at `i`: the count and the unit.
    fn interval(&self, i: usize) -> Result<(i64, String), ApiError> {
        match (self.toks.get(i + 1), self.toks.get(i + 2)) {
            (Some(Tok::Num(n)), Some(Tok::Word(unit))) => n
                .parse::<i64>()
                .map(|n| (n, unit.to_ascii_uppercase()))
                .map_err(|_| query_error("Invalid SQL syntax")),
            _ => Err(query_error("Invalid SQL syntax")),
        }
    }

    /// One interval term at `k`: `INTERVAL n UNIT`, `toIntervalUnit(x)`, `-term`, or an
    /// expression of intervals in parentheses; its intervals and the index after it (`None`
    /// when there is none, or of a unit not counted here).
    fn interval_term(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<Option<(Intervals, usize)>, ApiError> {
        let toks = self.toks;
        let one = |kind: &str, count: String| {
            step_of(kind).map(|step| Intervals::One(kind.to_string(), step, count))
        };
        let term = match toks.get(k) {
            // `negate`, of a tuple element by element (`tupleNegate`).
            Some(Tok::Sym("-")) => self
                .interval_term(k + 1, b)?
                .map(|(v, end)| (v.negated(), end)),
            Some(Tok::Sym("(")) if !matches!(self.word(k + 1).as_str(), "SELECT" | "WITH") => {
                match closing(toks, k).filter(|c| *c < b) {
                    Some(close) => match self.interval_run(k + 1, close)? {
                        Some((v, end)) if end == close => Some((v, close + 1)),
                        _ => None,
                    },
                    None => None,
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("INTERVAL") => {
                let (n, unit) = self.interval(k)?;
                one(unit.trim_end_matches('S'), n.to_string()).map(|v| (v, k + 3))
            }
            Some(Tok::Word(w)) if toks.get(k + 1) == Some(&Tok::Sym("(")) => {
                let up = w.to_ascii_uppercase();
                match up
                    .strip_prefix("TOINTERVAL")
                    .filter(|u| step_of(u).is_some())
                {
                    Some(unit) => {
                        let close = closing(toks, k + 1)
                            .filter(|c| *c < b)
                            .ok_or_else(|| query_error("Invalid SQL syntax"))?;
                        if let Some((v, _)) = self
                            .interval_run(k + 2, close)?
                            .filter(|(_, end)| *end == close)
                        {
                            let count = self.converted_count(&v, unit, k + 2, close)?;
                            return Ok(one(unit, count).map(|v| (v, close + 1)));
                        }
                        let count = self.expression(k + 2, close)?;
                        one(unit, format!("({count})")).map(|v| (v, close + 1))
                    }
                    None => self.interval_call(k, b)?,
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => self.interval_call(k, b)?,
            Some(Tok::Word(_)) => self.interval_alias(k)?,
            _ => None,
        };
        // ClickHouse's `*`, `/` and `%` take no interval (its arithmetic types an `Interval`
        // only in `±` with one of its kind; a tuple's go element by element):
        // ILLEGAL_TYPE_OF_ARGUMENT.
        let multiplied = |t: Option<&Tok>| matches!(t, Some(Tok::Sym("*" | "/" | "%")));
        if term.is_some()
            && (multiplied(k.checked_sub(1).and_then(|p| toks.get(p)))
                || multiplied(term.as_ref().and_then(|(_, end)| toks.get(*end))))
        {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(term)
    }

    /// The count of the interval `v` (the tokens `[a, b)`) converted to the kind `unit` by a
    /// `toInterval…` call, as ClickHouse's interval-to-interval conversion (ConvertImpl in
    /// FunctionsConversion) computes it: into a smaller kind multiplied by the factors
    /// between them, into a larger one divided (truncated) by the factors of
    /// `interval_conversions` from the source kind's own on, one place below the target's
    /// (so `toIntervalWeek(INTERVAL 14 DAY)` is 14 / 24 = 0 there); months into days count a
    /// month 4 weeks. It reads its argument's first row for every row, so a count that is
    /// not a constant is not run; a tuple of intervals it takes no more than any other
    /// `Tuple` (`callOnIndexAndDataType` has no case for one: ILLEGAL_TYPE_OF_ARGUMENT,
    /// upstream's 400 "Invalid analytics query").
    fn converted_count(
        &self,
        v: &Intervals,
        unit: &str,
        a: usize,
        b: usize,
    ) -> Result<String, ApiError> {
        /// ClickHouse's interval kinds in order, and the factor from each one to the next.
        const KINDS: [&str; 11] = [
            "NANOSECOND",
            "MICROSECOND",
            "MILLISECOND",
            "SECOND",
            "MINUTE",
            "HOUR",
            "DAY",
            "WEEK",
            "MONTH",
            "QUARTER",
            "YEAR",
        ];
        const FACTORS: [i64; 11] = [1, 1000, 1000, 1000, 60, 60, 24, 7, 4, 3, 4];
        // (Words: `INTERVAL n UNIT` and `toInterval…(` only.)
        let constant = (a..b).all(|k| match self.toks.get(k) {
            Some(Tok::Word(w)) => {
                let up = w.to_ascii_uppercase();
                up == "INTERVAL"
                    || k.checked_sub(2).is_some_and(|p| self.word(p) == "INTERVAL")
                    || (up.starts_with("TOINTERVAL")
                        && self.toks.get(k + 1) == Some(&Tok::Sym("(")))
            }
            _ => true,
        });
        let not_run = || unsupported("a toInterval… of an interval whose count is not a constant");
        let Intervals::One(kind, _, count) = v else {
            return Err(query_error("Invalid analytics query"));
        };
        let position = |k: &str| KINDS.iter().position(|n| *n == k);
        let (Some(from), Some(to)) = (position(kind), position(unit)) else {
            return Err(not_run());
        };
        if !constant {
            return Err(not_run());
        }
        let product = |range: std::ops::Range<usize>| {
            FACTORS.get(range).map_or(1, |f| f.iter().product::<i64>())
        };
        Ok(match from.cmp(&to) {
            std::cmp::Ordering::Equal => format!("({count})"),
            std::cmp::Ordering::Less => format!("(({count}) / {})", product(from..to)),
            std::cmp::Ordering::Greater => format!("(({count}) * {})", product(to + 1..from + 1)),
        })
    }

    /// A select-list alias at `k` whose expression is intervals (ClickHouse puts the
    /// expression in the alias's place): those intervals and the index after the name.
    fn interval_alias(&mut self, k: usize) -> Result<Option<(Intervals, usize)>, ApiError> {
        let Some(Tok::Word(w)) = self.toks.get(k) else {
            return Ok(None);
        };
        let named = k.checked_sub(1).is_some_and(|p| self.word(p) == "AS");
        if named || self.toks.get(k + 1) == Some(&Tok::Sym("(")) {
            return Ok(None);
        }
        let Some((name, s, e)) = self.select_alias(w, k) else {
            return Ok(None);
        };
        self.expanding.push(name);
        let run = self.interval_run(s, e);
        self.expanding.pop();
        Ok(run?.filter(|(_, end)| *end == e).map(|(v, _)| (v, k + 1)))
    }

    /// ClickHouse moves by intervals only a date or time (or a string it reads as one): of
    /// another type the operand `[a, b)` is ILLEGAL_TYPE_OF_ARGUMENT ("Illegal type Int64 of
    /// first argument of function subtractDays. Must be a date, a date with time or a String",
    /// FunctionDateOrDateTimeAddInterval.h), upstream's "Invalid analytics query". An interval
    /// whose kind is not known here (a subquery's column) is not run: ClickHouse adds it to
    /// the other as intervals.
    fn check_moved(&self, a: usize, b: usize) -> Result<(), ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        match self.expr_ty(a, b, scope) {
            Ty::Int | Ty::Float | Ty::Bool | Ty::Array => {
                Err(query_error("Invalid analytics query"))
            }
            Ty::Interval => Err(interval_column_not_run()),
            _ => Ok(()),
        }
    }

    /// Where the operand before the binary operator at `k` starts: back over operands and
    /// arithmetic to the nearest `(`, `,`, comparison or keyword outside parentheses.
    fn left_operand_start(&self, k: usize) -> usize {
        let mut depth = 0usize;
        let mut j = k;
        while let Some(t) = j.checked_sub(1).and_then(|p| self.toks.get(p)) {
            match t {
                Tok::Sym(")" | "]") => depth += 1,
                Tok::Sym("(" | "[") if depth == 0 => break,
                Tok::Sym("(" | "[") => depth -= 1,
                _ if depth > 0 => {}
                Tok::Num(_) | Tok::Str(_) | Tok::Sym("+" | "-" | "*" | "/" | "%" | "||") => {}
                Tok::Word(w) if !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()) => {}
                _ => break,
            }
            j -= 1;
        }
        j
    }

    /// Where the operand that starts at `k` ends (before `b`): forward over operands and
    /// arithmetic to the nearest `)`, `,`, comparison or keyword outside parentheses (as
    /// [`Tr::left_operand_start`] goes back).
    fn right_operand_end(&self, k: usize, b: usize) -> usize {
        let mut depth = 0usize;
        let mut j = k;
        while let Some(t) = self.toks.get(j).filter(|_| j < b) {
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") if depth == 0 => break,
                Tok::Sym(")" | "]") => depth -= 1,
                _ if depth > 0 => {}
                Tok::Num(_) | Tok::Str(_) | Tok::Sym("+" | "-" | "*" | "/" | "%" | "||") => {}
                Tok::Word(w) if !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()) => {}
                _ => break,
            }
            j += 1;
        }
        j
    }

    /// Where the term that starts at `k` (the right operand of a binary `+`/`-`: operands
    /// joined by `*`, `/`, `%`) ends: at the next binary `+`/`-`, comparison, `,`, closing
    /// bracket, or word after an operand (a clause or an alias), outside brackets.
    fn term_end(&self, k: usize, b: usize) -> usize {
        let mut depth = 0usize;
        let mut j = k;
        while j < b {
            let after_operand = j > k
                && match self.toks.get(j - 1) {
                    Some(Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]")) => true,
                    Some(Tok::Word(w)) => {
                        let w = w.to_ascii_uppercase();
                        !KEYWORDS.contains(&w.as_str())
                            || matches!(w.as_str(), "NULL" | "TRUE" | "FALSE" | "END")
                    }
                    _ => false,
                };
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

    /// The binary `±` at `k` (before `b`) with a date or time on a side, as ClickHouse's
    /// arithmetic takes it (FunctionBinaryArithmetic's getFunctionForIntervalArithmetic; its
    /// tests 01099_operators_date_and_timestamp and 02156_minus_op_with_datatime64): a number
    /// added to a time, or subtracted from one, moves it by whole days of a `Date` and whole
    /// seconds of a `DateTime` or `DateTime64` (`addDays`/`addSeconds`, which cut a fraction
    /// off, a `Date`'s days saturating at its range's ends, a `DateTime`'s seconds wrapping
    /// round its `UInt32`); a time less a time of its type is their distance, an `Int32` of days or seconds,
    /// and with a `DateTime64` a `Decimal` of seconds ([`Ty::Decimal`]). Any other mix (a
    /// number less a time, a sum of times, a `Date` and a `DateTime`, a string) is
    /// ILLEGAL_TYPE_OF_ARGUMENT, upstream's "Invalid analytics query". Pushes the SQL and
    /// returns where to go on; `None` when no side is a time (or a side's type is not known, or
    /// intervals, which [`Tr::interval_term`] applies).
    fn time_arithmetic(
        &mut self,
        k: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let left = self.expr_ty(self.left_operand_start(k), k, &scope);
        let end = self.term_end(k + 1, b);
        let right = self.expr_ty(k + 1, end, &scope);
        let untold = |t: Ty| matches!(t, Ty::Unknown | Ty::Interval);
        if !left.is_time() && !right.is_time() || untold(left) || untold(right) {
            return Ok(None);
        }
        let minus = self.toks.get(k) == Some(&Tok::Sym("-"));
        let number = |t: Ty| matches!(t, Ty::Int | Ty::Float | Ty::Bool);
        // (A `DateTime64` keeps its µs, see [`micros`].)
        let whole = |t: Ty, sql: &str| match t {
            Ty::Date => format!("(CAST(({sql}) AS INTEGER) / 86400000)"),
            Ty::DateTime => format!("(CAST(({sql}) AS INTEGER) / 1000)"),
            Ty::DateTime64(_) => format!("({sql})"),
            _ => format!("CAST(({sql}) AS INTEGER)"),
        };
        let moved = match (left, right) {
            (t, n) if t.is_time() && number(n) => Some(t),
            (n, t) if number(n) && t.is_time() && !minus => Some(t),
            _ => None,
        };
        let distance = match (left, right) {
            _ if moved.is_some() => None,
            (Ty::Date, Ty::Date) | (Ty::DateTime, Ty::DateTime) if minus => Some(false),
            (Ty::DateTime64(_), Ty::DateTime | Ty::DateTime64(_))
            | (Ty::DateTime, Ty::DateTime64(_))
                if minus =>
            {
                Some(true)
            }
            _ => return Err(query_error("Invalid analytics query")),
        };
        let term = self.expression_with(k + 1, end, st.array_join.clone())?;
        let at = st.chains.last().copied().unwrap_or(0).min(out.len());
        let left_sql = out.split_off(at).join(" ");
        let sql = match (moved, distance) {
            // A count of whole units (SQLite's CAST cuts a fraction off, as C++'s does), the
            // result as the type holds it: a `Date` kept within its UInt16 days (addDays
            // saturates), a `DateTime` within its UInt32 seconds (addSeconds wraps).
            (Some(t), _) => {
                let (time, count) = if left.is_time() {
                    (left_sql, term)
                } else {
                    (term, left_sql)
                };
                let sign = if minus { "-" } else { "+" };
                let sum = format!("{} {sign} CAST(({count}) AS INTEGER)", whole(t, &time));
                match t {
                    Ty::Date => format!("(MAX(0, MIN(65535, {sum})) * 86400000)"),
                    Ty::DateTime => format!("((({sum}) & 4294967295) * 1000)"),
                    _ => format!(
                        "({} {sign} CAST(({count}) AS INTEGER) * 1000)",
                        whole(t, &time)
                    ),
                }
            }
            // Days or seconds.
            (None, Some(false)) => {
                format!("({} - {})", whole(left, &left_sql), whole(right, &term))
            }
            // In ms, a `DateTime` its whole seconds.
            _ => {
                let ms = |t: Ty, sql: &str| match t {
                    Ty::DateTime => format!("({} * 1000)", whole(t, sql)),
                    _ => whole(t, sql),
                };
                format!(
                    "(({} - {}) / 1000.0)",
                    ms(left, &left_sql),
                    ms(right, &term)
                )
            }
        };
        out.push(sql);
        Ok(Some(end))
    }

    /// The interval terms joined by `+`/`-` from `k` (before `b`), folded as ClickHouse folds
    /// them (see [`Intervals::add`]), and the index after the last.
    fn interval_run(&mut self, k: usize, b: usize) -> Result<Option<(Intervals, usize)>, ApiError> {
        let toks = self.toks;
        let Some((mut v, mut end)) = self.interval_term(k, b)? else {
            return Ok(None);
        };
        while let Some(Tok::Sym(op @ ("+" | "-"))) = toks.get(end).filter(|_| end + 1 < b) {
            let Some((next, after)) = self.interval_term(end + 1, b)? else {
                break;
            };
            v = v.add(if *op == "-" { -1 } else { 1 }, next)?;
            end = after;
        }
        Ok(Some((v, end)))
    }

    /// An operand that starts with intervals at `i` (not after a binary `±`, which
    /// [`Tr::emit`] applies to the operand before it): `intervals + x` is `x` moved by them; of
    /// their own as a select-list item, they are answered as ClickHouse's `Interval` (see
    /// [`Ty::Interval`]) or tuple of intervals (see [`TUPLE_OF_INTERVALS`]); elsewhere as
    /// [`Tr::interval_value`] translates them. Pushes the SQL and returns the index after
    /// the operand; `None` when no intervals start at `i`.
    fn intervals_operand(
        &mut self,
        i: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let Some((v, end)) = self.interval_run(i, b)? else {
            return Ok(None);
        };
        // `intervals - x` (x not an interval): "argument of type Interval cannot be first".
        if self.toks.get(end) == Some(&Tok::Sym("-")) {
            return Err(query_error("Invalid analytics query"));
        }
        if self.toks.get(end) == Some(&Tok::Sym("+")) {
            let operand_end = self.operand_end(end + 1, b)?;
            self.check_moved(end + 1, operand_end)?;
            let operand = self.expression(end + 1, operand_end)?;
            out.push(v.applied(&operand));
            return Ok(Some(operand_end));
        }
        // A select-list item, also as the unaliased item [`Tr::emit`] translates on its own.
        let on_its_own = st.from_at.is_none()
            && st.closers.is_empty()
            && end == b
            && i.checked_sub(1)
                .and_then(|p| self.toks.get(p))
                .is_some_and(|p| {
                    *p == Tok::Sym(",") || matches!(upper(p).as_str(), "SELECT" | "DISTINCT")
                })
            && self
                .toks
                .get(b)
                .is_none_or(|n| *n == Tok::Sym(",") || upper(n) == "FROM");
        let whole_item = on_its_own || self.is_star_item(i, end - 1, st);
        let sql = match v {
            Intervals::Tuple(_) if whole_item => format!("{TUPLE_OF_INTERVALS}()"),
            Intervals::One(_, _, count) if whole_item => count,
            v => self.interval_value(i, end, b, &v)?,
        };
        out.push(sql);
        Ok(Some(end))
    }

    /// The intervals `v` over `[i, end)` (before `b`) as an operand of what surrounds them,
    /// as ClickHouse types them there. Compared, with intervals of their family on the other
    /// side (ClickHouse compares an `Interval` in the smallest kind of the two, and refuses
    /// months, quarters or years against a fixed-length kind: its interval comparison test,
    /// `toIntervalMonth(124) > toIntervalQuarter(5)` is 1, `toIntervalMonth(6) =
    /// toIntervalMicrosecond(26)` ILLEGAL_TYPE_OF_ARGUMENT; a tuple element by element), they
    /// are their length in months or ms (a tuple a row value); against anything else
    /// ClickHouse finds no common type (getLeastSupertype: NO_COMMON_TYPE), upstream's 400
    /// "Invalid analytics query". An argument of `toString` or `concat` is its count in its
    /// own kind (an `Interval` is written as its number, a tuple as `(a,b)`); of `count`,
    /// `uniq` or `uniqExact`, a value; of a call [`Tr::interval_call`] translates, its length;
    /// of the functions [`INTERVAL_TYPE_ERRORS`] names, ClickHouse's type error; in an array
    /// the query answers as it is, the text upstream's driver writes
    /// ([`Tr::interval_element_text`]); in an `IN` list or searched in an array literal as
    /// [`Tr::interval_search`] compares them; in an array only `length` reads
    /// ([`Tr::interval_length_element`]), its count. Elsewhere (another array, `arrayJoin`, …) they
    /// are not run.
    fn interval_value(
        &mut self,
        i: usize,
        end: usize,
        b: usize,
        v: &Intervals,
    ) -> Result<String, ApiError> {
        let toks = self.toks;
        let compared = |k: usize| {
            matches!(
                toks.get(k),
                Some(Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">="))
            )
        };
        let other = if compared(end) {
            let side = (end + 1, self.right_operand_end(end + 1, b));
            Some((self.interval_run(end + 1, b)?, side))
        } else if let Some(op) = i.checked_sub(1).filter(|p| compared(*p)) {
            // (A `CASE … END` before it starts at its `CASE`.)
            let mut nested = 0usize;
            let case = (0..op).rev().find(|k| match self.word(*k).as_str() {
                "END" => {
                    nested += 1;
                    false
                }
                "CASE" => {
                    nested = nested.saturating_sub(1);
                    nested == 0
                }
                _ => false,
            });
            let start = match case {
                Some(c) if self.word(op - 1) == "END" => c,
                _ => self.left_operand_start(op),
            };
            let run = self.interval_run(start, op)?.filter(|(_, e)| *e == op);
            Some((run, (start, op)))
        } else {
            None
        };
        if let Some((other, (s, e))) = other {
            let scope = self.scopes.last().cloned().unwrap_or_default();
            return match other {
                Some((w, _)) if v.comparable(&w) => Ok(v.length_sql()),
                // (See [`Tr::check_operands`].)
                None if self.expr_ty(s, e, &scope) == Ty::Interval => {
                    Err(interval_column_not_run())
                }
                _ => Err(query_error("Invalid analytics query")),
            };
        }
        // The call whose argument the intervals are.
        let open = self.enclosing_open(i);
        let call = open
            .filter(|k| toks.get(*k) == Some(&Tok::Sym("(")))
            .and_then(|k| k.checked_sub(1))
            .filter(|f| matches!(toks.get(*f), Some(Tok::Word(_))));
        if matches!(v, Intervals::One(..)) && self.sort_or_group_key(i, end) {
            // ClickHouse sorts and groups an `Interval` column (one kind) by its count.
            return Ok(v.length_sql());
        }
        let whole_argument = matches!(
            i.checked_sub(1).and_then(|p| toks.get(p)),
            Some(Tok::Sym("(" | ","))
        ) && matches!(toks.get(end), Some(Tok::Sym(")" | ",")));
        let function = call.map(|f| self.word(f)).unwrap_or_default();
        match (call, v) {
            (Some(_), _) if matches!(function.as_str(), "TOSTRING" | "CONCAT") && whole_argument => {
                Ok(v.text_sql())
            }
            (Some(_), _) if INTERVAL_TYPE_ERRORS.contains(&function.as_str()) => {
                Err(query_error("Invalid analytics query"))
            }
            _ if self.interval_calls.iter().any(|(s, e, _)| {
                call == Some(*s)
                    || (self.word(*s) == "CASE"
                        && self
                            .case_branches(*s, *e)
                            .is_some_and(|(branches, _)| branches.contains(&(i, end))))
            }) =>
            {
                // An answered argument of a call translated as intervals: the length of the
                // element translated.
                let element = self.interval_calls.last().map_or(0, |(_, _, j)| *j);
                let moves = v.moves();
                match moves.get(element) {
                    Some((Step::Months(n) | Step::Ms(n), count)) => Ok(format!("(({count}) * {n})")),
                    None => Err(query_error("Invalid analytics query")),
                }
            }
            (Some(_), Intervals::Tuple(_)) if matches!(function.as_str(), "COUNT" | "UNIQ" | "UNIQEXACT") => {
                Ok(format!("json_array{}", v.length_sql()))
            }
            (Some(_), Intervals::One(..)) if matches!(function.as_str(), "COUNT" | "UNIQ" | "UNIQEXACT") => {
                Ok(v.length_sql())
            }
            _ if open.is_some_and(|o| self.answered_array(o, call, i, end)) => {
                self.interval_element_text(open, i, end, v)
            }
            (_, Intervals::One(_, _, count)) if self.interval_length_element(open, i, end)? => {
                Ok(format!("({count})"))
            }
            _ => match self.interval_search(open, i, end, v)? {
                Some(sql) => Ok(sql),
                None => Err(unsupported(
                    "an interval or a tuple of intervals in an array or IN list, or passed to groupArray, groupUniqArray, has, hasAny, hasAll or a toInterval…",
                )),
            },
        }
    }

    /// The intervals `v` at `[i, end)` as (an element of) an argument of `has(array, x)`,
    /// `hasAny(array, array)` or `hasAll(array, array)` whose arrays are literals of
    /// intervals; `None` otherwise. ClickHouse's `has` takes an element and needle that have
    /// a common type (FunctionArrayIndex's `allowArguments`, getLeastSupertype) and compares
    /// their stored counts as they are (`executeConst`/`executeIntegral`: an `Interval` column
    /// is an `Int64` one): the array's elements in the literal's common kind (`array` casts
    /// them to it), the needle in its own, so `has([INTERVAL 1 DAY], INTERVAL 1 HOUR)` is 1.
    /// `hasAny` and `hasAll` cast both arrays to their common type first
    /// (FunctionArrayHasAllAny), so they compare each element in the smallest kind of all.
    /// No common type is ClickHouse's error, upstream's 400 "Invalid analytics query". An
    /// interval in or before an `IN` list ([`Tr::interval_in`]) is its count.
    fn interval_search(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
        v: &Intervals,
    ) -> Result<Option<String>, ApiError> {
        let refused = || query_error("Invalid analytics query");
        let Intervals::One(kind, _, count) = v else {
            return Ok(None);
        };
        if let Some(sql) = self.interval_in(open, i, end, kind, count)? {
            return Ok(Some(sql));
        }
        // The call's `(`: the intervals' own, or that of the array literal holding them.
        let Some(o) = open else {
            return Ok(None);
        };
        let paren = if self.toks.get(o) == Some(&Tok::Sym("[")) {
            match self.enclosing_open(o) {
                Some(p) => p,
                None => return Ok(None),
            }
        } else {
            o
        };
        let function = paren
            .checked_sub(1)
            .map(|f| self.word(f))
            .unwrap_or_default();
        let args = self.arguments(paren);
        let target = match (function.as_str(), args.as_slice()) {
            ("ARRAYJOIN", &[(a0, b0)]) if o == a0 && self.joined_whole(paren) => {
                match self.literal_intervals(a0, b0)? {
                    Some(elements) => elements,
                    None => return Ok(None),
                }
            }
            ("HAS", &[(a0, b0), (a1, b1)]) => {
                let Some(elements) = self.literal_intervals(a0, b0)? else {
                    return Ok(None);
                };
                let scope = self.scopes.last().cloned().unwrap_or_default();
                let needle = match self.interval_run(a1, b1)? {
                    Some((w @ Intervals::One(..), after)) if after == b1 => w,
                    None if self.expr_ty(a1, b1, &scope) == Ty::Interval => {
                        return Err(interval_column_not_run())
                    }
                    _ => return Err(refused()),
                };
                if elements.clone().supertype(&needle).is_none() {
                    return Err(refused());
                }
                if (i, end) == (a1, b1) {
                    return Ok(Some(format!("({count})")));
                }
                if o != a0 {
                    return Ok(None);
                }
                elements
            }
            ("HASANY" | "HASALL", &[(a0, b0), (a1, b1)]) if o == a0 || o == a1 => {
                let (Some(first), Some(second)) = (
                    self.literal_intervals(a0, b0)?,
                    self.literal_intervals(a1, b1)?,
                ) else {
                    return Ok(None);
                };
                first.supertype(&second).ok_or_else(refused)?
            }
            _ => return Ok(None),
        };
        // An element of one of the literals, in the kind it is compared in.
        let Intervals::One(target, _, _) = &target else {
            return Ok(None);
        };
        Ok(Some(if target == kind {
            format!("({count})")
        } else {
            self.converted_count(v, target, i, end)?
        }))
    }

    /// The interval of kind `kind` and count `count` at `[i, end)` as the left operand of
    /// `[NOT] IN (list)` or an item of such a list, with intervals of that kind on the other
    /// side: its count; `None` when it is neither.
    /// ClickHouse converts each item to the left operand's type for its set
    /// (getSetElementsForConstantValue, convertFieldToTypeStrict) and compares the stored
    /// counts; convertFieldToType has no case for an `Interval` target, so an item of another
    /// kind or type is its TYPE_MISMATCH "Type mismatch in IN or VALUES section", upstream's
    /// 400 "Invalid analytics query"; a number on the left takes an item's count as it is
    /// (convertNumericType), so `1 IN (INTERVAL 1 DAY)` is 1, and a string its text
    /// (FieldVisitorToString), so `'1' IN (INTERVAL 1 DAY)` is 1; a `Date` takes the count as
    /// a day number and a `DateTime64` as seconds, where a `DateTime` has no conversion from
    /// an interval's `Int64` (TYPE_MISMATCH). Another left operand, and a subquery list, are
    /// left to the caller (not run).
    fn interval_in(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
        kind: &str,
        count: &str,
    ) -> Result<Option<String>, ApiError> {
        let counted = Ok(Some(format!("({count})")));
        let refused = || query_error("Invalid analytics query");
        let operator = |tr: &Self, k: usize| match tr.word(k).as_str() {
            "NOT" if tr.word(k + 1) == "IN" => Some(k + 2),
            "IN" => Some(k + 1),
            _ => None,
        };
        let same = |tr: &mut Self, a: usize, b: usize| -> Result<Option<bool>, ApiError> {
            Ok(match tr.interval_run(a, b)? {
                Some((Intervals::One(other, _, _), after)) if after == b => Some(other == kind),
                Some((Intervals::Tuple(_), after)) if after == b => Some(false),
                _ => None,
            })
        };
        // The left operand: every item of the list an interval of its kind.
        if let Some(paren) = operator(self, end).filter(|p| {
            self.toks.get(*p) == Some(&Tok::Sym("(")) && self.left_operand_start(end) == i
        }) {
            for (a, b) in self.arguments(paren) {
                if self.word(a) == "SELECT" {
                    return Ok(None);
                }
                if same(self, a, b)? != Some(true) {
                    return Err(refused());
                }
            }
            return counted;
        }
        // An item (or the whole list, `IN (INTERVAL 1 DAY)` being one interval in
        // parentheses): the left operand an interval of its kind.
        let after_in = |k: usize| k.checked_sub(1).filter(|p| self.word(*p) == "IN");
        let whole_list = self.toks.get(i) == Some(&Tok::Sym("("))
            && closing(self.toks, i).is_some_and(|c| c + 1 == end);
        let op = match open.filter(|o| self.toks.get(*o) == Some(&Tok::Sym("("))) {
            _ if whole_list => after_in(i),
            Some(o) if self.arguments(o).contains(&(i, end)) => after_in(o),
            _ => None,
        };
        let Some(op) = op else {
            return Ok(None);
        };
        let op = op
            .checked_sub(1)
            .filter(|p| self.word(*p) == "NOT")
            .unwrap_or(op);
        let left = self.left_operand_start(op);
        match same(self, left, op)? {
            Some(true) => counted,
            Some(false) => Err(refused()),
            None => {
                let scope = self.scopes.last().cloned().unwrap_or_default();
                Ok(match self.expr_ty(left, op, &scope) {
                    Ty::Int | Ty::Float => Some(format!("({count})")),
                    Ty::Str => Some(format!("(CAST(({count}) AS TEXT))")),
                    // A day number (the count as a `UInt64` cut to the `Date` column's
                    // `UInt16`); a negative count converts to nothing, matched by no date.
                    Ty::Date => Some(format!(
                        "(CASE WHEN ({count}) >= 0 THEN (({count}) % 65536) * 86400000 ELSE -1 END)"
                    )),
                    // Seconds (decimalFromComponents of the count).
                    Ty::DateTime64(_) => Some(format!("(({count}) * 1000)")),
                    // No case for an `Int64` to a `DateTime`: TYPE_MISMATCH.
                    Ty::DateTime => return Err(refused()),
                    _ => None,
                })
            }
        }
    }

    /// Whether the `arrayJoin` call whose `(` is at `paren` is read only as a whole: a whole
    /// select-list item of the outermost `SELECT` (not of a set operation; its alias read
    /// nowhere else), answered as an `Interval` column (see [`Ty::Interval`]), or the whole
    /// argument of `toString` (an `Interval` written as its count). Its rows are then the
    /// counts of the array's elements in their common kind (ClickHouse's `arrayJoin` of an
    /// `Array(IntervalX)` answers `IntervalX` rows).
    fn joined_whole(&self, paren: usize) -> bool {
        let toks = self.toks;
        let (Some(k), Some(close)) = (paren.checked_sub(1), closing(toks, paren)) else {
            return false;
        };
        let to_string = k.checked_sub(2).is_some_and(|f| self.word(f) == "TOSTRING")
            && toks.get(k.wrapping_sub(1)) == Some(&Tok::Sym("("))
            && toks.get(close + 1) == Some(&Tok::Sym(")"));
        let (after, alias) = match self.word(close + 1).as_str() {
            "AS" => (close + 3, toks.get(close + 2)),
            _ => (close + 1, None),
        };
        let starts = k.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|t| {
            *t == Tok::Sym(",") || matches!(upper(t).as_str(), "SELECT" | "DISTINCT")
        });
        let ends = toks
            .get(after)
            .is_none_or(|t| *t == Tok::Sym(",") || upper(t) == "FROM");
        let unread = alias.is_none_or(|a| toks.iter().filter(|t| *t == a).count() == 1);
        let set_operation = toks
            .iter()
            .any(|t| matches!(upper(t).as_str(), "UNION" | "EXCEPT" | "INTERSECT"));
        let item = self.depth == 1
            && self.expanding.is_empty()
            && self.enclosing_open(k).is_none()
            && !set_operation;
        to_string || (item && starts && ends && unread)
    }

    /// The common type of the array literal `[a, b)` of intervals (see
    /// [`Intervals::supertype`]); `None` when it is not a nonempty literal of intervals or
    /// holds a tuple; an element that is not an interval, or no common type, is ClickHouse's
    /// NO_COMMON_TYPE, upstream's 400 "Invalid analytics query".
    fn literal_intervals(&mut self, a: usize, b: usize) -> Result<Option<Intervals>, ApiError> {
        if self.toks.get(a) != Some(&Tok::Sym("[")) || self.bracket_close(a) != Some(b - 1) {
            return Ok(None);
        }
        let mut common: Option<Intervals> = None;
        for (s, e) in self.list_items(a + 1, b - 1) {
            match self.interval_run(s, e)? {
                Some((w @ Intervals::One(..), after)) if after == e => {
                    common = Some(match common {
                        Some(c) => c
                            .supertype(&w)
                            .ok_or_else(|| query_error("Invalid analytics query"))?,
                        None => w,
                    });
                }
                Some((Intervals::Tuple(_), after)) if after == e => return Ok(None),
                _ => return Err(query_error("Invalid analytics query")),
            }
        }
        Ok(common)
    }

    /// Whether the interval at `[i, end)` (its `(` or `[` left open at `open`) is an element
    /// of an array only `length` reads: an item of an array literal, or the whole argument
    /// of `groupArray`/`groupUniqArray`, that is `length`'s whole argument. ClickHouse's
    /// `length` takes an array of any element type (FunctionLength: its offsets), so only
    /// the number of elements matters; an array literal's elements still need a common type
    /// (NO_COMMON_TYPE, upstream's 400 "Invalid analytics query"). An element is written as
    /// its count (distinct counts are distinct intervals of the one kind `groupUniqArray`
    /// sees).
    fn interval_length_element(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
    ) -> Result<bool, ApiError> {
        let Some(o) = open else {
            return Ok(false);
        };
        // The array: `[…]` from `o`, or the `groupArray(…)` call before `o`.
        let array = match self.toks.get(o) {
            Some(Tok::Sym("[")) => self.bracket_close(o).map(|c| (o, c + 1)),
            Some(Tok::Sym("(")) => o
                .checked_sub(1)
                .filter(|f| matches!(self.word(*f).as_str(), "GROUPARRAY" | "GROUPUNIQARRAY"))
                .filter(|_| self.arguments(o) == [(i, end)])
                .and_then(|f| closing(self.toks, o).map(|c| (f, c + 1))),
            _ => None,
        };
        let Some((a, b)) = array else {
            return Ok(false);
        };
        let length = self
            .enclosing_open(a)
            .filter(|p| self.toks.get(*p) == Some(&Tok::Sym("(")))
            .filter(|p| p.checked_sub(1).is_some_and(|f| self.word(f) == "LENGTH"))
            .is_some_and(|p| self.arguments(p) == [(a, b)]);
        if !length {
            return Ok(false);
        }
        Ok(a != o || self.literal_intervals(a, b)?.is_some())
    }

    /// The `(` or `[` left open before `k`.
    fn enclosing_open(&self, k: usize) -> Option<usize> {
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

    /// The `]` of the `[` at `open`.
    fn bracket_close(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        (open..self.toks.len()).find(|k| match self.toks.get(*k) {
            Some(Tok::Sym("(" | "[")) => {
                depth += 1;
                false
            }
            Some(Tok::Sym(")" | "]")) => {
                depth = depth.saturating_sub(1);
                depth == 0
            }
            _ => false,
        })
    }

    /// Whether the intervals `[i, end)` are an element of an array the outermost query answers
    /// as it is: an array literal at `open`, or the one argument of a `groupArray` or
    /// `groupUniqArray` call at `call`, that is a whole select-list item there (not read by
    /// anything else, nor through its alias).
    fn answered_array(&self, open: usize, call: Option<usize>, i: usize, end: usize) -> bool {
        let toks = self.toks;
        // (Not a subscript: `tags[1]`.)
        let literal = toks.get(open) == Some(&Tok::Sym("["))
            && match open.checked_sub(1).and_then(|p| toks.get(p)) {
                Some(t @ Tok::Word(_)) => KEYWORDS.contains(&upper(t).as_str()),
                Some(Tok::Sym(")" | "]")) => false,
                _ => true,
            };
        let span = if literal {
            self.bracket_close(open).map(|close| (open, close + 1))
        } else {
            call.filter(|f| {
                matches!(self.word(*f).as_str(), "GROUPARRAY" | "GROUPUNIQARRAY")
                    && closing(toks, open) == Some(end)
                    && open + 1 == i
            })
            .and_then(|f| closing(toks, open).map(|close| (f, close + 1)))
        };
        let Some((a, b)) = span else {
            return false;
        };
        // (Of a set operation ClickHouse answers the common type of its `SELECT`s' columns.)
        let mut level = 0usize;
        let set_operation = toks.iter().any(|t| match t {
            Tok::Sym("(") => {
                level += 1;
                false
            }
            Tok::Sym(")") => {
                level = level.saturating_sub(1);
                false
            }
            _ => level == 0 && matches!(upper(t).as_str(), "UNION" | "EXCEPT" | "INTERSECT"),
        });
        if self.depth != 1 || !self.expanding.is_empty() || set_operation {
            return false;
        }
        let after = match toks.get(b) {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("AS") => b + 2,
            _ => b,
        };
        let ends = match toks.get(after) {
            None | Some(Tok::Sym(",")) => true,
            Some(t) => upper(t) == "FROM",
        };
        // Back to the keyword of its clause, outside parentheses.
        let mut depth = 0usize;
        let mut k = a;
        let clause = loop {
            let Some(p) = k.checked_sub(1) else {
                break String::new();
            };
            k = p;
            match toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => break String::new(),
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(t @ Tok::Word(_))
                    if depth == 0
                        && matches!(
                            upper(t).as_str(),
                            "SELECT"
                                | "FROM"
                                | "WHERE"
                                | "BY"
                                | "HAVING"
                                | "LIMIT"
                                | "ON"
                                | "USING"
                        ) =>
                {
                    break upper(t)
                }
                _ => {}
            }
        };
        let starts = matches!(
            a.checked_sub(1).and_then(|p| toks.get(p)),
            Some(Tok::Sym(","))
        ) || matches!(self.word(a.wrapping_sub(1)).as_str(), "SELECT" | "DISTINCT");
        ends && starts && clause == "SELECT"
    }

    /// An interval of an answered array ([`Tr::answered_array`]) as upstream's Go driver
    /// writes it (clickhouse-go v2.42.0's `Interval` column, read through the `sql.Scanner` of
    /// the `ch.Dynamic` upstream scans into: `"1 Day"`, `"2 Days"`, an `s` after a count
    /// above 1), in the common kind of the literal's elements (ClickHouse's
    /// getLeastSupertype: the smallest kind of one family, each converted to it; months with
    /// a fixed-length kind, or an interval with anything else, NO_COMMON_TYPE, upstream's 400
    /// "Invalid analytics query"). A tuple of intervals is not run.
    fn interval_element_text(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
        v: &Intervals,
    ) -> Result<String, ApiError> {
        let not_run = || {
            unsupported("a tuple of intervals in an array literal or passed to groupArray or groupUniqArray")
        };
        let Intervals::One(kind, _, count) = v else {
            return Err(not_run());
        };
        let literal = open.filter(|o| self.toks.get(*o) == Some(&Tok::Sym("[")));
        let common = match literal.and_then(|o| self.bracket_close(o).map(|c| (o, c))) {
            Some((o, close)) => self.literal_intervals(o, close + 1)?.ok_or_else(not_run)?,
            None => v.clone(),
        };
        let Intervals::One(target, _, _) = &common else {
            return Err(not_run());
        };
        let count = if target == kind {
            format!("({count})")
        } else {
            self.converted_count(v, target, i, end)?
        };
        let mut name = target.to_ascii_lowercase();
        if let Some(first) = name.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        Ok(format!(
            "(CAST({count} AS INTEGER) || ' {name}' || IIF(CAST({count} AS INTEGER) > 1, 's', ''))"
        ))
    }

    /// Whether the column of a source at `i` that is of an `Interval` type (a subquery's,
    /// whose kind is not carried here, see [`interval_column_not_run`]) is read where its
    /// kind does not matter: a whole select-list item (`bare`, answered as an `Interval`
    /// column), a whole `ORDER BY` or `GROUP BY` key (by its count), or the whole argument
    /// of `toString` or an argument of `concat` (its count), an argument of `count`, `uniq`
    /// or `uniqExact` (its values, all of one kind), or the whole argument of
    /// `groupArray`/`groupUniqArray` that is `length`'s whole argument.
    fn interval_column_read(&self, i: usize, bare: bool) -> bool {
        if bare || self.sort_or_group_key(i, i + 1) {
            return true;
        }
        let Some(open) = self
            .enclosing_open(i)
            .filter(|o| self.toks.get(*o) == Some(&Tok::Sym("(")) && *o > 0)
            .filter(|o| self.arguments(*o).contains(&(i, i + 1)))
        else {
            return false;
        };
        let only = open + 1 == i && closing(self.toks, open) == Some(i + 1);
        match self.word(open - 1).as_str() {
            "CONCAT" | "COUNT" | "UNIQ" | "UNIQEXACT" => true,
            "TOSTRING" => only,
            "GROUPARRAY" | "GROUPUNIQARRAY" if only => (open - 1)
                .checked_sub(1)
                .filter(|p| self.toks.get(*p) == Some(&Tok::Sym("(")))
                .is_some_and(|p| {
                    p.checked_sub(1).is_some_and(|f| self.word(f) == "LENGTH")
                        && closing(self.toks, p) == Some(open + 3)
                }),
            _ => false,
        }
    }

    /// Whether `[i, end)` is a whole `ORDER BY` or `GROUP BY` item of its `SELECT`.
    fn sort_or_group_key(&self, i: usize, end: usize) -> bool {
        let before = i.checked_sub(1).map(|p| self.word(p)).unwrap_or_default();
        let after = match self.toks.get(end) {
            None | Some(Tok::Sym(")" | ",")) => true,
            Some(Tok::Word(w)) => matches!(
                w.to_ascii_uppercase().as_str(),
                "ASC"
                    | "DESC"
                    | "NULLS"
                    | "WITH"
                    | "LIMIT"
                    | "OFFSET"
                    | "HAVING"
                    | "ORDER"
                    | "UNION"
                    | "EXCEPT"
                    | "INTERSECT"
            ),
            _ => false,
        };
        if !(after && (before == "BY" || self.toks.get(i.wrapping_sub(1)) == Some(&Tok::Sym(","))))
        {
            return false;
        }
        let mut depth = 0usize;
        for k in (0..i).rev() {
            match self.toks.get(k) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth == 0 => return false,
                Some(Tok::Sym("(" | "[")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 => match w.to_ascii_uppercase().as_str() {
                    "BY" => {
                        return matches!(self.word(k.saturating_sub(1)).as_str(), "ORDER" | "GROUP")
                    }
                    "SELECT" | "FROM" | "WHERE" | "HAVING" | "LIMIT" | "ON" | "USING" | "JOIN" => {
                        return false
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        false
    }

    /// A call at `k` that answers one of its arguments (`if`, `coalesce`, `any`, `min`,
    /// `max`, and a `CASE` one of its branches; upstream allows no other such function) of
    /// intervals: their common type (see [`Intervals::supertype`]; months, quarters or years
    /// with a fixed-length kind, a tuple with an interval or a tuple of another size, or
    /// intervals with another value than `NULL`, are NO_COMMON_TYPE, upstream's 400 "Invalid
    /// analytics query"), and the index after the call; `None` when its answered arguments
    /// hold no interval.
    fn interval_call(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<Option<(Intervals, usize)>, ApiError> {
        if self.interval_calls.iter().any(|(s, _, _)| *s == k) {
            return Ok(None);
        }
        let (answered, after) = if self.word(k) == "CASE" {
            match self.case_branches(k, b) {
                Some(found) => found,
                None => return Ok(None),
            }
        } else {
            let Some(close) = closing(self.toks, k + 1).filter(|c| *c < b) else {
                return Ok(None);
            };
            let args = self.arguments(k + 1);
            let answered: Vec<(usize, usize)> = match self.word(k).as_str() {
                "IF" => args.iter().skip(1).copied().collect(),
                "COALESCE" => args,
                "ANY" | "MIN" | "MAX" => args.into_iter().take(1).collect(),
                _ => return Ok(None),
            };
            (answered, close + 1)
        };
        let mut values = Vec::new();
        let mut others = false;
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for (s, e) in answered {
            if e == s + 1 && self.word(s) == "NULL" {
                continue;
            }
            match self.interval_run(s, e)? {
                Some((v, end)) if end == e => values.push(v),
                // (See [`interval_column_not_run`].)
                None if self.expr_ty(s, e, &scope) == Ty::Interval => {
                    return Err(interval_column_not_run())
                }
                _ => others = true,
            }
        }
        let Some(first) = values.first().cloned() else {
            return Ok(None);
        };
        let common = values
            .iter()
            .skip(1)
            .try_fold(first, |common, v| common.supertype(v))
            .filter(|_| !others)
            .ok_or_else(|| query_error("Invalid analytics query"))?;
        // Each element in turn: the call over the lengths of that element of its arguments,
        // in the element's kind.
        let mut counts = Vec::new();
        for (element, (step, _)) in common.moves().into_iter().enumerate() {
            self.interval_calls.push((k, after, element));
            let sql = self.expression(k, after);
            self.interval_calls.pop();
            let (Step::Months(n) | Step::Ms(n)) = step;
            counts.push(format!("(({}) / {n})", sql?));
        }
        Ok(Some((common.with_counts(&mut counts.into_iter()), after)))
    }

    /// The branches (`THEN …`, `ELSE …`) of the `CASE` at `k` (before `b`) and the index after
    /// its `END`.
    fn case_branches(&self, k: usize, b: usize) -> Option<(Vec<(usize, usize)>, usize)> {
        let mut depth = 0i64;
        let mut branch = None;
        let mut branches = Vec::new();
        for j in k + 1..b {
            let up = match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => {
                    depth += 1;
                    continue;
                }
                Some(Tok::Sym(")" | "]")) => {
                    depth -= 1;
                    continue;
                }
                Some(Tok::Word(w)) => w.to_ascii_uppercase(),
                _ => continue,
            };
            match up.as_str() {
                "CASE" => depth += 1,
                "END" if depth > 0 => depth -= 1,
                "WHEN" | "ELSE" | "END" | "THEN" if depth == 0 => {
                    if let Some(s) = branch.take() {
                        branches.push((s, j));
                    }
                    if up != "WHEN" && up != "END" {
                        branch = Some(j + 1);
                    }
                    if up == "END" {
                        return Some((branches, j + 1));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// A column, alias or `alias.column`, quoted for SQLite.
    fn identifier(&self, w: &str) -> Result<String, ApiError> {
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
                || self.names.contains(&part.to_ascii_lowercase())
        };
        let parts: Vec<&str> = w.split('.').collect();
        if parts.len() > 2 || !parts.iter().all(|p| !p.is_empty() && known(p)) {
            return Err(query_error("Unknown identifier in analytics query"));
        }
        Ok(parts
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join("."))
    }

    /// The source a column reference resolves to in the current `SELECT`, and its type.
    fn resolve(&self, w: &str) -> Option<(&Src, Ty)> {
        let scope = self.scopes.last()?;
        Self::resolve_in(scope, w)
    }

    fn resolve_in<'s>(scope: &'s [Src], w: &str) -> Option<(&'s Src, Ty)> {
        let find = |src: &'s Src, c: &str| {
            src.cols
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(c))
                .map(|(_, t)| (src, *t))
        };
        match w.split_once('.') {
            Some((q, c)) => scope
                .iter()
                .filter(|s| s.name.eq_ignore_ascii_case(q))
                .find_map(|s| find(s, c)),
            None => scope.iter().find_map(|s| find(s, w)),
        }
    }

    /// A column reference as SQLite SQL, and whether it is written as an expression (so a
    /// select-list item of it needs its name): a column of a source an outer join may leave
    /// unmatched is its type's default there, as in ClickHouse.
    fn column_ref(&self, w: &str) -> Result<(String, bool), ApiError> {
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
        let sql = self.identifier(w)?;
        let Some((src, ty)) = self.resolve(w) else {
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
        // (A bare name of a source read from shared numbered rows is read from that source.)
        let sql = if src.projected && !w.contains('.') {
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

    /// The items of a select list `[a, b)`: their names (empty when SQLite names them) and
    /// types; a `*` or `t.*` stands for the columns of the sources.
    fn item_types(&self, a: usize, b: usize, scope: &[Src]) -> Vec<(String, Ty)> {
        let a = if self.word(a) == "DISTINCT" { a + 1 } else { a };
        let mut out = Vec::new();
        for (s, e) in self.list_items(a, b) {
            match self.toks.get(s..e).unwrap_or_default() {
                [Tok::Sym("*")] => out.extend(star_columns(scope, None)),
                [Tok::Word(q), Tok::Sym("*")] if q.ends_with('.') => {
                    out.extend(star_columns(scope, Some(q.trim_end_matches('.'))))
                }
                [.., Tok::Word(kw), Tok::Word(name)] if kw.eq_ignore_ascii_case("AS") => {
                    out.push((name.clone(), self.expr_ty(s, e - 2, scope)));
                }
                [Tok::Word(col)] if literal_name(&Tok::Word(col.clone())).is_none() => {
                    out.push((self.column_name(col), self.expr_ty(s, e, scope)));
                }
                _ => out.push((
                    self.expression_name(s, e).unwrap_or_default(),
                    self.expr_ty(s, e, scope),
                )),
            }
        }
        out
    }

    /// Where the operand that starts at `k` ends: a call, a parenthesized expression, or one
    /// token.
    fn operand_end(&self, k: usize, b: usize) -> Result<usize, ApiError> {
        let end = match (self.toks.get(k), self.toks.get(k + 1)) {
            (Some(Tok::Word(_)), Some(Tok::Sym("("))) => closing(self.toks, k + 1).map(|c| c + 1),
            (Some(Tok::Sym("(")), _) => closing(self.toks, k).map(|c| c + 1),
            (Some(Tok::Word(_) | Tok::Num(_) | Tok::Str(_)), _) => Some(k + 1),
            _ => None,
        };
        end.filter(|e| *e <= b)
            .ok_or_else(|| query_error("Invalid SQL syntax"))
    }

    /// ClickHouse's arithmetic takes no `String` (`'a' + 1`, `outcome * 2`), and it compares
    /// no `String` expression with a number (`outcome = 1`): ILLEGAL_TYPE_OF_ARGUMENT
    /// ("Illegal types of arguments (String, UInt8) of function plus"), upstream's "Invalid
    /// analytics query". A string literal compared with a number it reads as one of the
    /// number's type, or refuses ("Cannot convert string 'abc' to type Int64", TYPE_MISMATCH,
    /// upstream's "Invalid analytics query" too): returned is that literal's index and the
    /// number to write for it. Checked on the operands next to the binary operator at `k` (up
    /// to `b`); a type not known here passes.
    fn check_operands(&self, k: usize, b: usize) -> Result<Option<(usize, String)>, ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let Some(Tok::Sym(op)) = self.toks.get(k) else {
            return Ok(None);
        };
        let comparison = matches!(*op, "=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=");
        if !comparison && !matches!(*op, "+" | "-" | "*" | "/" | "%") {
            return Ok(None);
        }
        let ty = |s: usize, e: usize| match self.toks.get(s..e) {
            // (A select-list alias may shadow a column of another type; an array's element
            // may be of any.)
            Some([Tok::Word(w)])
                if self.select_alias(w, s).is_some()
                    || self.array_aliases.contains_key(&w.to_ascii_lowercase()) =>
            {
                Ty::Unknown
            }
            _ => self.expr_ty(s, e, scope),
        };
        let Some(left) = self.primary_start(k) else {
            return Ok(None);
        };
        let mut right = k + 1;
        while self.toks.get(right) == Some(&Tok::Sym("-")) {
            right += 1;
        }
        let Ok(right_end) = self.operand_end(right, b) else {
            return Ok(None);
        };
        let (l, r) = (ty(left, k), ty(right, right_end));
        // A source's column of an `Interval` type (a subquery's): its kind is not known here,
        // and ClickHouse's answer depends on it (`±` of two kinds is a tuple, a comparison is
        // in the smaller kind).
        let column = |s: usize, e: usize, t: Ty| {
            t == Ty::Interval && e == s + 1 && matches!(self.toks.get(s), Some(Tok::Word(_)))
        };
        if column(left, k, l) || column(right, right_end, r) {
            return Err(interval_column_not_run());
        }
        let number = |t: Ty| matches!(t, Ty::Int | Ty::Float | Ty::Bool);
        let literal =
            |s: usize, e: usize| e == s + 1 && matches!(self.toks.get(s), Some(Tok::Str(_)));
        let illegal = match *op {
            "+" | "-" | "*" | "/" | "%" => {
                (l == Ty::Str && (number(r) || r == Ty::Str)) || (r == Ty::Str && number(l))
            }
            _ if comparison => {
                (l == Ty::Str && number(r) && !literal(left, k))
                    || (r == Ty::Str && number(l) && !literal(right, right_end))
            }
            _ => false,
        };
        if illegal {
            return Err(query_error("Invalid analytics query"));
        }
        if !comparison {
            return Ok(None);
        }
        // A literal that is a whole side, against the other whole side.
        let (start, end) = (self.left_operand_start(k), self.right_operand_end(k + 1, b));
        let (at, ty) = match (literal(start, k), literal(k + 1, end)) {
            (true, false) => (start, ty(k + 1, end)),
            (false, true) => (k + 1, ty(start, k)),
            _ => return Ok(None),
        };
        let Some(Tok::Str(text)) = self.toks.get(at) else {
            return Ok(None);
        };
        let read = match ty {
            Ty::Int => text.parse::<i64>().ok().map(|n| n.to_string()),
            Ty::Float => text
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(|f| format!("{f:?}")),
            _ => return Ok(None),
        };
        read.map(|n| Some((at, n)))
            .ok_or_else(|| query_error("Invalid analytics query"))
    }

    /// The operands of the `/` at `k` (up to `b`): where the chain of `*`, `/` and `%` before
    /// it starts and where the operand after it ends (`None` when they cannot be told).
    fn division_operands(&self, k: usize, b: usize) -> Option<(usize, usize)> {
        let mut left = self.primary_start(k)?;
        while matches!(
            left.checked_sub(1).and_then(|p| self.toks.get(p)),
            Some(Tok::Sym("*" | "/" | "%"))
        ) {
            left = self.primary_start(left - 1)?;
        }
        let mut right = k + 1;
        while self.toks.get(right) == Some(&Tok::Sym("-")) {
            right += 1;
        }
        let end = self.operand_end(right, b).ok()?;
        // (Not before what continues the operand: `quantile(l)(x)`, `f(…) OVER …`, `a[1]`.)
        let continued =
            matches!(self.toks.get(end), Some(Tok::Sym("(" | "["))) || self.word(end) == "OVER";
        (!continued).then_some((left, end))
    }

    /// Where the operand that ends right before `k` starts: a literal, a name, a call, a
    /// `CASE … END`, or a parenthesized or bracketed expression (`None` for anything else).
    fn primary_start(&self, k: usize) -> Option<usize> {
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
                let called = open.checked_sub(1).filter(|f| {
                    self.toks.get(open) == Some(&Tok::Sym("("))
                        && matches!(self.toks.get(*f), Some(Tok::Word(w))
                            if !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()))
                });
                Some(called.unwrap_or(open))
            }
            Tok::Sym(_) => None,
        }
    }

    /// The select-list alias of the current `SELECT` that the word at `i` names: its name and
    /// its expression's tokens (not from inside that expression, nor while it is expanded).
    fn select_alias(&self, w: &str, i: usize) -> Option<(String, usize, usize)> {
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
        // Inside an aggregate's arguments, an alias of an aggregate would nest aggregates: the
        // name is the column there (as upstream's documented queries read `sum(total) AS
        // total, … sum(total) - …`).
        let aggregate_alias = (s..e).any(|k| self.is_aggregate_call(k));
        if aggregate_alias && self.inside_aggregate(i) {
            return None;
        }
        Some((name, s, e))
    }

    /// Whether the tokens `[from, to)` call an aggregate function, directly or through the
    /// select-list aliases they name (`seen`: the aliases followed so far).
    fn reads_aggregate(&self, from: usize, to: usize, seen: &mut Vec<String>) -> bool {
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

    /// Whether the word at `k` calls an aggregate function.
    fn is_aggregate_call(&self, k: usize) -> bool {
        self.toks.get(k + 1) == Some(&Tok::Sym("("))
            && matches!(
                self.word(k).as_str(),
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

    /// Whether the token at `i` is inside an aggregate call's parentheses (within its own
    /// query).
    fn inside_aggregate(&self, i: usize) -> bool {
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
                    if name_at
                        .is_some_and(|n| self.is_aggregate_call(n) || self.word(n) == "QUANTILE")
                    {
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
    fn is_star_item(&self, a: usize, b: usize, st: &Sel) -> bool {
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

    /// A `*` (or `q.*`) of the current `SELECT` as SQLite select-list items (see [`star`]).
    fn star_sql(&self, only: Option<&str>) -> String {
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

    /// `WITH FILL [FROM a] [TO b] [STEP s] [STALENESS t]` at `i`, after the `ORDER BY` item
    /// that ends there (`order`: where the `ORDER BY` list starts): adds the item to the
    /// `SELECT`'s [`Fill`] (at its first, the items before it are the sorting prefix) and
    /// returns the index after it.
    fn with_fill(&mut self, i: usize, b: usize, order: usize) -> Result<usize, ApiError> {
        // The `ORDER BY` items up to `i`: the last is the one filled, those before it the
        // sorting prefix.
        let mut items = self.list_items(order, i);
        let Some((start, _)) = items.pop().filter(|(_, e)| *e == i) else {
            return Err(query_error("Invalid SQL syntax"));
        };
        let (key, desc) = self.order_key(start, i)?;
        let mut fill = match self.fill.take() {
            Some(fill) => fill,
            None => {
                let mut fill = Fill::default();
                for (a, e) in items {
                    fill.prefix.push(self.order_key(a, e)?.0);
                }
                fill
            }
        };
        let mut col = FillCol {
            desc,
            from: None,
            to: None,
            step: None,
            staleness: None,
        };
        // The end of the value that starts at `j`.
        let value_end = |j: usize| {
            let mut depth = 0i64;
            for e in j..b {
                match self.toks.get(e) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    Some(Tok::Sym(",")) if depth == 0 => return e,
                    Some(Tok::Word(w))
                        if depth == 0
                            && matches!(
                                w.to_ascii_uppercase().as_str(),
                                "TO" | "STEP" | "LIMIT" | "OFFSET" | "INTERPOLATE" | "STALENESS"
                            ) =>
                    {
                        return e
                    }
                    _ => {}
                }
            }
            b
        };
        let mut j = i + 2;
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for (word, bound) in [("FROM", &mut col.from), ("TO", &mut col.to)] {
            if self.word(j) == word {
                let end = value_end(j + 1);
                self.check_fill_constant(j + 1, end)?;
                *bound = Some((
                    self.expression(j + 1, end)?,
                    self.expr_ty(j + 1, end, &scope),
                ));
                j = end;
            }
        }
        for (word, amount) in [("STEP", &mut col.step), ("STALENESS", &mut col.staleness)] {
            if self.word(j) == word {
                let end = value_end(j + 1);
                *amount = Some(self.fill_amount(j + 1, end, &scope)?);
                j = end;
            }
        }
        fill.cols.push((key, col));
        self.fill = Some(fill);
        Ok(j)
    }

    /// Once the select list `[a, b)` of a `SELECT` with `WITH FILL` is translated into `head`:
    /// an `ORDER BY` expression it needs that is an item of the list stands for that column;
    /// another is computed in a column of the translation's own, added to `head` (as
    /// ClickHouse sorts and fills by it before it drops it).
    fn fill_expressions(
        &mut self,
        a: usize,
        b: usize,
        head: &mut Vec<String>,
        array_join: &ArrayJoins,
    ) -> Result<(), ApiError> {
        let Some(mut fill) = self.fill.take() else {
            return Ok(());
        };
        let distinct = self.word(a) == "DISTINCT";
        let a = a + usize::from(distinct);
        // The items' expressions (without `AS name`); none with a `*`, whose columns are many
        // (a column's name then names one of them, see `Tr::fill_stage`).
        let mut items = Vec::new();
        let mut depth = 0i64;
        let mut start = a;
        for k in a..=b {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) if k < b => depth += 1,
                Some(Tok::Sym(")" | "]")) if k < b => depth -= 1,
                Some(Tok::Sym(",")) if k < b && depth == 0 => {
                    items.push((start, k));
                    start = k + 1;
                }
                _ if k == b => items.push((start, k)),
                _ => {}
            }
        }
        let star = |s: usize, e: usize| {
            matches!(
                self.toks.get(s..e),
                Some([Tok::Sym("*")] | [Tok::Word(_), Tok::Sym("*")])
            )
        };
        let starred = items.iter().any(|(s, e)| star(*s, *e));
        if starred {
            items.clear();
        }
        // Each item's expression and alias.
        let items: Vec<(usize, usize, Option<&Tok>)> = items
            .into_iter()
            .map(|(s, e)| match self.word(e.saturating_sub(2)).as_str() {
                "AS" if e >= s + 3 => (s, e - 2, self.toks.get(e - 1)),
                _ => (s, e, None),
            })
            .collect();
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let keys = fill
            .prefix
            .iter_mut()
            .chain(fill.cols.iter_mut().map(|(k, _)| k));
        for key in keys {
            let FillKey::Expr(ka, ke) = *key else {
                continue;
            };
            let listed = items.iter().position(|(s, e, alias)| {
                let key = self.toks.get(ka..ke);
                key == self.toks.get(*s..*e)
                    || (alias.is_some() && key == alias.map(std::slice::from_ref))
            });
            if let Some(n) = listed {
                *key = FillKey::Position(n + 1);
                continue;
            }
            if starred && ke == ka + 1 {
                continue;
            }
            fill.distinct |= distinct;
            self.generated += 1;
            let name = format!("__ul_fk{}", self.generated);
            let sql = self.expression_with(ka, ke, array_join.clone())?;
            head.push(format!(", {sql} AS \"{name}\""));
            *key = FillKey::Hidden(name, self.expr_ty(ka, ke, &scope));
        }
        // ClickHouse's `DISTINCT` comes before its `ORDER BY` (distinct.md, "DISTINCT and ORDER
        // BY"): the stage keeps each answer's row read first, its own sorting key.
        if fill.distinct {
            if head.get(1).is_some_and(|p| p == "DISTINCT") {
                head.remove(1);
            }
            head.push(format!(", ROW_NUMBER() OVER () AS \"{DISTINCT_READ}\""));
        }
        self.fill = Some(fill);
        Ok(())
    }

    /// An `ORDER BY` item `[a, e)` that `WITH FILL` needs (one it fills by, or one before it):
    /// the answered column it names, and whether it is descending.
    fn order_key(&self, a: usize, mut e: usize) -> Result<(FillKey, bool), ApiError> {
        let mut desc = false;
        loop {
            match self.word(e.saturating_sub(1)).as_str() {
                "ASC" | "ASCENDING" => e -= 1,
                "DESC" | "DESCENDING" => {
                    desc = true;
                    e -= 1;
                }
                "FIRST" | "LAST" if self.word(e.saturating_sub(2)) == "NULLS" => e -= 2,
                _ => break,
            }
        }
        match self.toks.get(a..e) {
            Some([Tok::Num(n)]) => n
                .parse()
                .map(|p| (FillKey::Position(p), desc))
                .map_err(|_| query_error("Invalid analytics query")),
            _ if e > a => Ok((FillKey::Expr(a, e), desc)),
            _ => Err(query_error("Invalid SQL syntax")),
        }
    }

    /// A `WITH FILL` `STEP` or `STALENESS` over `[a, e)`: a numeric constant expression (of the
    /// column's units), `INTERVAL n UNIT` or `toInterval<Unit>(n)` (`n` one too).
    fn fill_amount(&mut self, a: usize, e: usize, scope: &[Src]) -> Result<FillAmount, ApiError> {
        self.check_fill_constant(a, e)?;
        // Intervals joined by `±`: of one kind, one interval; a tuple of kinds is not a number.
        if self.expr_ty(a, e, scope) == Ty::Interval {
            match self.interval_run(a, e)? {
                Some((Intervals::One(_, step, count), end)) if end == e => {
                    let per = match step {
                        Step::Months(m) => FillStep::Months(m),
                        Step::Ms(ms) => FillStep::Ms(ms),
                    };
                    return Ok(FillAmount { count, per });
                }
                Some((Intervals::Tuple(_), end)) if end == e => {
                    return Err(query_error("Invalid analytics query"))
                }
                _ => {}
            }
        }
        let word = self.word(a);
        let interval = match (word.as_str(), self.toks.get(a + 1)) {
            ("INTERVAL", _) if e >= a + 3 => Some((a + 1, e - 1, self.word(e - 1))),
            (w, Some(Tok::Sym("(")))
                if w.starts_with("TOINTERVAL") && closing(self.toks, a + 1) == Some(e - 1) =>
            {
                Some((a + 2, e - 1, w.trim_start_matches("TOINTERVAL").to_string()))
            }
            _ => None,
        };
        let Some((ca, ce, unit)) = interval else {
            // ClickHouse counts in any constant of a type stored as a number (PlannerSorting.cpp,
            // `isColumnedAsNumber`): a Bool as 0 or 1, a date as its days, a time as its
            // seconds; others are its INVALID_WITH_FILL_EXPRESSION.
            let ty = self.expr_ty(a, e, scope);
            if matches!(ty, Ty::Str | Ty::Array | Ty::Interval) {
                return Err(query_error("Invalid analytics query"));
            }
            let count = self.expression(a, e)?;
            let count = match ty {
                Ty::Date => format!("(({count}) / 86400000)"),
                Ty::DateTime => format!("(({count}) / 1000)"),
                Ty::DateTime64(_) => format!("(({count}) / 1000.0)"),
                _ => count,
            };
            return Ok(FillAmount {
                count,
                per: FillStep::Units(1.0),
            });
        };
        let per = match (months_of(&unit), unit_ms(&unit)) {
            (Some(m), _) => FillStep::Months(m),
            (None, Some(ms)) => FillStep::Ms(ms),
            _ => {
                return Err(query_error(format!(
                    "Invalid SQL syntax: unknown unit {unit}"
                )))
            }
        };
        Ok(FillAmount {
            count: self.expression(ca, ce)?,
            per,
        })
    }

    /// ClickHouse's analyzer takes only constants for `WITH FILL`'s `FROM`, `TO`, `STEP` and
    /// `STALENESS` (QueryAnalyzer's `resolveSortNodeList`): one over `[a, e)` that reads a column,
    /// aggregates or calls `arrayJoin` is its INVALID_WITH_FILL_EXPRESSION.
    fn check_fill_constant(&self, a: usize, e: usize) -> Result<(), ApiError> {
        let varies = (a..e).any(|k| {
            self.is_aggregate_call(k)
                || (self.word(k) == "ARRAYJOIN" && self.toks.get(k + 1) == Some(&Tok::Sym("(")))
        });
        if varies || self.reads_column(a, e) {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }

    /// `INTERPOLATE [(col [AS expr], …)]` at `i`: recorded in the `SELECT`'s [`Fill`], its
    /// expressions over the answered columns (by their names); returns the index after it.
    fn interpolate(&mut self, i: usize, b: usize) -> Result<usize, ApiError> {
        let mut list = Vec::new();
        let mut end = i + 1;
        if self.toks.get(i + 1) == Some(&Tok::Sym("(")) {
            let close = closing(self.toks, i + 1)
                .filter(|c| *c < b)
                .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
            // The names are the answered columns: no select-list alias expands, no source
            // qualifies them.
            self.select_aliases.push(Vec::new());
            self.scopes.push(Vec::new());
            let mut items = Vec::new();
            for (a, e) in self.arguments(i + 1) {
                let item = match self.toks.get(a..e) {
                    Some([Tok::Word(c)]) => Ok((FillKey::Name(c.clone()), None)),
                    Some([Tok::Word(c), Tok::Word(kw), ..]) if kw.eq_ignore_ascii_case("AS") => {
                        self.expression(a + 2, e)
                            .map(|sql| (FillKey::Name(c.clone()), Some(sql)))
                    }
                    _ => Err(query_error("Invalid SQL syntax")),
                };
                items.push(item);
            }
            self.scopes.pop();
            self.select_aliases.pop();
            for item in items {
                list.push(item?);
            }
            end = close + 1;
        }
        match self.fill.as_mut() {
            Some(fill) => fill.interpolate = Some(list),
            None => return Err(query_error("Invalid SQL syntax")),
        }
        Ok(end)
    }

    /// The `SELECT` just translated to `sql` (its columns in `last_cols`), with `fill`: it
    /// becomes a [`Stage`], and what stands in its place reads the filled rows.
    fn fill_stage(&mut self, sql: String, fill: Fill) -> Result<String, ApiError> {
        let columns = self.last_cols.clone();
        // (A column's name, when the list has a `*`; see `Tr::fill_expressions`.)
        let named = |key: &FillKey| match key {
            FillKey::Expr(a, e) => match self.toks.get(*a..*e) {
                Some([Tok::Word(w)]) => {
                    FillKey::Name(w.rsplit('.').next().unwrap_or(w).to_string())
                }
                _ => key.clone(),
            },
            _ => key.clone(),
        };
        let unanswered = || query_error("Unknown identifier in analytics query");
        let mut prefix = Vec::new();
        for key in &fill.prefix {
            prefix.push(named(key).column(&columns).ok_or_else(unanswered)?);
        }
        let mut cols: Vec<(StageCol, FillCol)> = Vec::new();
        for (key, col) in fill.cols {
            let at = named(&key).column(&columns).ok_or_else(unanswered)?;
            // ClickHouse refuses the same column twice (INVALID_WITH_FILL_EXPRESSION).
            if prefix.contains(&at) || cols.iter().any(|(c, _)| *c == at) {
                return Err(query_error("Invalid analytics query"));
            }
            cols.push((at, col));
        }
        let ordered = |c: usize| {
            let c = StageCol::Answered(c);
            prefix.contains(&c) || cols.iter().any(|(at, _)| *at == c)
        };
        let mut interpolate = Vec::new();
        match fill.interpolate {
            // Every column not ordered by, its previous value.
            Some(list) if list.is_empty() => {
                for (c, (name, _)) in columns.iter().enumerate() {
                    if !ordered(c) && !own_column(name) {
                        interpolate.push((c, format!("\"{}\"", name.replace('"', "\"\""))));
                    }
                }
            }
            Some(list) => {
                for (key, sql) in list {
                    let Some(StageCol::Answered(c)) = key.column(&columns) else {
                        return Err(query_error("Unknown identifier in analytics query"));
                    };
                    if ordered(c) {
                        return Err(query_error("Invalid analytics query"));
                    }
                    let name = columns.get(c).map(|(n, _)| n.replace('"', "\"\""));
                    interpolate.push((
                        c,
                        sql.unwrap_or_else(|| format!("\"{}\"", name.unwrap_or_default())),
                    ));
                }
            }
            None => {}
        }
        self.generated += 1;
        let table = format!("__ul_f{}", self.generated);
        let read = format!("SELECT * FROM \"{table}\" ORDER BY rowid");
        self.stages.push(Stage {
            table,
            select: sql,
            cols,
            prefix,
            interpolate,
            limit: fill.limit,
            offset: fill.offset,
            distinct: fill.distinct,
            columns,
        });
        Ok(read)
    }

    /// The aliases of a select list `[a, b)`: `expression AS name` items.
    fn item_aliases(&self, a: usize, b: usize) -> Vec<(String, usize, usize)> {
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
    /// `count(*)`, `sum` for `SUM`, `trimBoth` for `trim`, `dateTrunc` for `date_trunc`,
    /// `countDistinct(x)` for `count(DISTINCT x)`), its parameters (`quantile(0.5)(x)`) and
    /// arguments named by [`Tr::expression_name`], and a window after it as ` OVER (…)`.
    fn clickhouse_name(&self, a: usize, b: usize) -> Option<String> {
        let function = match self.toks.get(a)? {
            Tok::Word(f) if self.toks.get(a + 1) == Some(&Tok::Sym("(")) => f.to_ascii_lowercase(),
            _ => return None,
        };
        let canonical = match function.as_str() {
            "count" | "sum" | "avg" | "min" | "max" | "any" | "uniq" | "quantile" | "lower"
            | "upper" | "length" | "concat" | "round" | "floor" | "ceil" | "abs" | "if"
            | "coalesce" | "now" | "now64" | "today" | "has" | "substring" => function.clone(),
            "trim" => "trimBoth".into(),
            "date_trunc" => "dateTrunc".into(),
            other => canonical_function(other)?.to_string(),
        };
        let close = closing(self.toks, a + 1)?;
        let mut name = canonical;
        let mut group = (a + 1, close);
        loop {
            let mut args = self.arguments(group.0);
            // `f(DISTINCT x)` is ClickHouse's `fDistinct(x)`.
            if let Some((s, _)) = args.first_mut() {
                if self.word(*s) == "DISTINCT" {
                    *s += 1;
                    name.push_str("Distinct");
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
        let mut end = group.1 + 1;
        if self.word(end) == "OVER" && self.toks.get(end + 1) == Some(&Tok::Sym("(")) {
            let close = closing(self.toks, end + 1)?;
            name = format!("{name} OVER ({})", self.window_name(end + 2, close)?);
            end = close + 1;
        }
        (end == b).then_some(name)
    }

    /// ClickHouse's name of the column `w` of the current `SELECT` as written (`c` or `q.c`):
    /// without its qualifier unless the bare name would mean something else there, a
    /// select-list alias, another source's column or a `USING` column (IdentifierResolver
    /// drops a qualifier only while the rest still binds to the same column).
    fn column_name(&self, w: &str) -> String {
        let Some((q, c)) = w.rsplit_once('.') else {
            return w.to_string();
        };
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let alias = self
            .select_aliases
            .last()
            .is_some_and(|names| names.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(c)));
        let elsewhere = scope.iter().any(|src| {
            src.using.contains(&c.to_ascii_lowercase())
                || (!src.name.eq_ignore_ascii_case(q)
                    && src.cols.iter().any(|(n, _)| n.eq_ignore_ascii_case(c)))
        });
        if alias || elsewhere {
            w.to_string()
        } else {
            c.to_string()
        }
    }

    /// ClickHouse's name of a window's specification `[a, b)` (inside `OVER (…)`):
    /// `PARTITION BY x, y ORDER BY t ASC` (each `ORDER BY` item with its direction, `ASC` when
    /// none is written, and `NULLS …` when written) and a frame as `ROWS|RANGE BETWEEN … AND
    /// …` (one bound is `… AND CURRENT ROW`).
    fn window_name(&self, a: usize, b: usize) -> Option<String> {
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
    fn expression_name(&self, mut a: usize, mut b: usize) -> Option<String> {
        // An expanded `WITH <expression> AS name` is named by its name.
        if self.toks.get(a) == Some(&Tok::Sym("(")) && closing(self.toks, a) == b.checked_sub(1) {
            if let Some(name) = self.alias_uses.get(&a) {
                return Some(name.clone());
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
        // `a || b || c` is `concat(a, b, c)`.
        let concat: Vec<usize> = top
            .iter()
            .copied()
            .filter(|k| self.toks.get(*k) == Some(&Tok::Sym("||")))
            .collect();
        if !concat.is_empty() {
            let mut parts = Vec::new();
            let mut start = a;
            for k in concat.into_iter().chain(std::iter::once(b)) {
                parts.push(self.expression_name(start, k)?);
                start = k + 1;
            }
            return Some(format!("concat({})", parts.join(", ")));
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
                let unit = unit.trim_end_matches('s');
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
    fn case_name(&self, a: usize, b: usize) -> Option<String> {
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

    /// The items of a select list `[a, b)` of a `Nullable` type (lower-case names): those with
    /// a `NULL` (outside subqueries), a scalar subquery or a `Nullable` column in them; a `*`
    /// adds its sources'.
    fn item_nullables(&self, a: usize, b: usize, scope: &[Src]) -> HashSet<String> {
        let mut out = HashSet::new();
        let names = self.item_types(a, b, scope);
        let a = if self.word(a) == "DISTINCT" { a + 1 } else { a };
        let mut n = 0usize;
        for (s, e) in self.list_items(a, b) {
            let only = match self.toks.get(s..e) {
                Some([Tok::Sym("*")]) => Some(None),
                Some([Tok::Word(q), Tok::Sym("*")]) if q.ends_with('.') => {
                    Some(Some(q.trim_end_matches('.')))
                }
                _ => None,
            };
            if let Some(only) = only {
                for src in scope
                    .iter()
                    .filter(|src| only.is_none_or(|q| src.name.eq_ignore_ascii_case(q)))
                {
                    out.extend(src.nullable_cols.iter().cloned());
                }
                n += star_columns(scope, only).len();
                continue;
            }
            let mut nullable = false;
            let mut k = s;
            while k < e {
                match self.toks.get(k) {
                    // A scalar subquery is `Nullable` where its type can be (ClickHouse's
                    // evaluateScalarSubqueryIfNeeded); the set of an `IN` is none.
                    Some(Tok::Sym("("))
                        if matches!(self.word(k + 1).as_str(), "SELECT" | "WITH") =>
                    {
                        let set = k.checked_sub(1).is_some_and(|p| self.word(p) == "IN");
                        if !set && self.scalar_types.get(&k) != Some(&Ty::Array) {
                            nullable = true;
                        }
                        k = closing(self.toks, k).map_or(e, |c| c + 1);
                        continue;
                    }
                    // (`x IS [NOT] NULL` is no NULL value.)
                    Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL") => {
                        let before = k.checked_sub(1).map(|p| self.word(p)).unwrap_or_default();
                        if before != "IS" && before != "NOT" {
                            nullable = true;
                        }
                    }
                    Some(Tok::Word(w)) => {
                        let column = w.rsplit('.').next().unwrap_or(w).to_ascii_lowercase();
                        if Self::resolve_in(scope, w)
                            .is_some_and(|(src, _)| src.nullable_cols.contains(&column))
                        {
                            nullable = true;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            if let Some((name, _)) = names.get(n) {
                if nullable && !name.is_empty() {
                    out.insert(name.to_ascii_lowercase());
                }
            }
            n += 1;
        }
        out
    }

    /// The arguments of the call whose `(` is at `open`: their token ranges.
    fn arguments(&self, open: usize) -> Vec<(usize, usize)> {
        match closing(self.toks, open) {
            Some(close) => self.list_items(open + 1, close),
            None => Vec::new(),
        }
    }

    /// The items of the comma-separated list `[a, b)` (commas outside parentheses and
    /// brackets): their token ranges; none for an empty list.
    fn list_items(&self, a: usize, b: usize) -> Vec<(usize, usize)> {
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

    /// The [`Tr::expression_name`]s of the list `[a, b)`, joined as ClickHouse joins
    /// arguments (`a, b`).
    fn list_names(&self, a: usize, b: usize) -> Option<String> {
        let names = self
            .list_items(a, b)
            .into_iter()
            .map(|(s, e)| self.expression_name(s, e))
            .collect::<Option<Vec<_>>>()?;
        Some(names.join(", "))
    }

    /// The ClickHouse type of the expression `[a, b)` (best effort; `Unknown` when it cannot
    /// tell).
    fn expr_ty(&self, mut a: usize, mut b: usize, scope: &[Src]) -> Ty {
        while a < b
            && self.toks.get(a) == Some(&Tok::Sym("("))
            && closing(self.toks, a) == Some(b - 1)
            && !matches!(self.word(a + 1).as_str(), "SELECT" | "WITH")
        {
            a += 1;
            b -= 1;
        }
        if a >= b {
            return Ty::Unknown;
        }
        if self.toks.get(a) == Some(&Tok::Sym("(")) && closing(self.toks, a) == Some(b - 1) {
            return self.scalar_types.get(&a).copied().unwrap_or(Ty::Unknown);
        }
        // The operators outside parentheses.
        let mut depth = 0i64;
        let mut additive = None;
        let mut multiplicative = None;
        for k in a..b {
            let t = self.toks.get(k);
            match t {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                // A `CASE … END` is one operand (of its branches' type when it is all of it).
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => {
                    if k == a
                        && self
                            .case_branches(a, b)
                            .is_some_and(|(_, after)| after == b)
                    {
                        return self.case_ty(a, b, scope);
                    }
                    depth += 1;
                }
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("END") => depth -= 1,
                _ if depth != 0 => {}
                Some(Tok::Sym("=" | "!=" | "<>" | "<" | ">" | "<=" | ">=")) => return Ty::Int,
                Some(Tok::Sym("||")) => return Ty::Str,
                Some(Tok::Word(w))
                    if matches!(
                        w.to_ascii_uppercase().as_str(),
                        "AND" | "OR" | "NOT" | "IN" | "LIKE" | "ILIKE" | "BETWEEN" | "IS"
                    ) =>
                {
                    return Ty::Int
                }
                Some(Tok::Sym(op @ ("+" | "-" | "*" | "/" | "%"))) if k > a => {
                    let binary = matches!(
                        self.toks.get(k - 1),
                        Some(Tok::Num(_) | Tok::Str(_) | Tok::Word(_) | Tok::Sym(")" | "]"))
                    );
                    if binary {
                        if matches!(*op, "+" | "-") {
                            additive = Some((k, *op));
                        } else {
                            multiplicative = Some((k, *op));
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some((k, op)) = additive {
            let left = self.expr_ty(a, k, scope);
            let interval =
                self.word(k + 1) == "INTERVAL" || self.word(k + 1).starts_with("TOINTERVAL");
            // (See [`Tr::time_arithmetic`].)
            if left.is_time() {
                let right = self.expr_ty(k + 1, b, scope);
                return match right {
                    _ if interval || !right.is_time() => left,
                    Ty::DateTime64(_) => Ty::Decimal,
                    _ if matches!(left, Ty::DateTime64(_)) => Ty::Decimal,
                    _ => Ty::Int,
                };
            }
            let right = self.expr_ty(k + 1, b, scope);
            // `INTERVAL … + time`; intervals of intervals (of one kind, ClickHouse's
            // `Interval`; see `Intervals`).
            if left == Ty::Interval && right.is_time() {
                return right;
            }
            // `n + time`: n days of a `Date`, seconds of a `DateTime`.
            if matches!(left, Ty::Int | Ty::Float | Ty::Bool) && right.is_time() && op == "+" {
                return right;
            }
            if left == Ty::Interval && right == Ty::Interval {
                return Ty::Interval;
            }
            return Ty::numeric(left, right);
        }
        if let Some((k, op)) = multiplicative {
            return match op {
                "/" => Ty::Float,
                "%" => Ty::Int,
                _ => Ty::numeric(self.expr_ty(a, k, scope), self.expr_ty(k + 1, b, scope)),
            };
        }
        match (self.toks.get(a), b - a) {
            (Some(Tok::Sym("-")), _) => return self.expr_ty(a + 1, b, scope),
            (Some(Tok::Num(n)), 1) => {
                return if n.contains(['.', 'e', 'E']) {
                    Ty::Float
                } else {
                    Ty::Int
                }
            }
            (Some(Tok::Str(_)), 1) => return Ty::Str,
            (Some(Tok::Word(w)), 1) => {
                let up = w.to_ascii_uppercase();
                if up == "TRUE" || up == "FALSE" {
                    return Ty::Bool;
                }
                if let Some(sql) = self.array_aliases.get(&w.to_ascii_lowercase()) {
                    return self.element_types.get(sql).copied().unwrap_or(Ty::Str);
                }
                // A select-list alias is its expression's type (as `emit` expands it).
                let alias = self
                    .select_alias(w, a)
                    .filter(|(name, ..)| !self.typing.borrow().contains(name));
                if let Some((name, s, e)) = alias {
                    self.typing.borrow_mut().push(name);
                    let ty = self.expr_ty(s, e, scope);
                    self.typing.borrow_mut().pop();
                    return ty;
                }
                return Self::resolve_in(scope, w).map_or(Ty::Unknown, |(_, t)| t);
            }
            (Some(Tok::Sym("[")), _) => return Ty::Array,
            (Some(Tok::Word(w)), 3) if w.eq_ignore_ascii_case("INTERVAL") => return Ty::Interval,
            _ => {}
        }
        let Some(Tok::Word(f)) = self.toks.get(a) else {
            return Ty::Unknown;
        };
        let f = f.to_ascii_lowercase();
        if self.toks.get(a + 1) != Some(&Tok::Sym("(")) {
            return Ty::Unknown;
        }
        // `quantile(level)(x)` or `quantile(x)`: of a time, its type; else a `Float64`.
        if f == "quantile" {
            let values = match closing(self.toks, a + 1) {
                Some(c) if self.toks.get(c + 1) == Some(&Tok::Sym("(")) => c + 1,
                _ => a + 1,
            };
            let ty = self
                .arguments(values)
                .first()
                .map_or(Ty::Unknown, |(s, e)| self.expr_ty(*s, *e, scope));
            return if ty.is_time() { ty } else { Ty::Float };
        }
        let close = closing(self.toks, a + 1);
        // A window function's type is its function's.
        if let Some(c) = close.filter(|c| self.word(c + 1) == "OVER" && *c + 1 < b) {
            return self.expr_ty(a, c + 1, scope);
        }
        if close != Some(b - 1) {
            return Ty::Unknown;
        }
        let args = self.arguments(a + 1);
        let arg = |n: usize| {
            args.get(n)
                .map_or(Ty::Unknown, |(s, e)| self.expr_ty(*s, *e, scope))
        };
        // The common type of some arguments.
        let common = |from: usize| Ty::common((from..args.len()).map(arg));
        match f.as_str() {
            f if f.starts_with("tointerval") => Ty::Interval,
            "count"
            | "uniq"
            | "uniqexact"
            | "countif"
            | "length"
            | "toint32"
            | "toint64"
            | "tounixtimestamp64milli"
            | "startswith"
            | "endswith"
            | "has"
            | "hasany"
            | "hasall" => Ty::Int,
            "avg" | "tofloat64" => Ty::Float,
            "sum" | "sumif" => match arg(0) {
                Ty::Float => Ty::Float,
                Ty::Unknown => Ty::Unknown,
                _ => Ty::Int,
            },
            "min" | "max" | "any" | "round" | "floor" | "ceil" | "abs" => arg(0),
            "coalesce" => common(0),
            "if" => common(1),
            "arrayjoin" => args
                .first()
                .map_or(Ty::Unknown, |(s, e)| self.element_ty(*s, *e, scope)),
            "grouparray" | "groupuniqarray" | "arrayfilter" => Ty::Array,
            "lower" | "upper" | "substring" | "concat" | "trim" | "tostring" | "formatdatetime"
            | "jsonextractstring" => Ty::Str,
            "now" | "todatetime" | "tostartofminute" | "tostartofhour" | "tostartofday" => {
                Ty::DateTime
            }
            "now64" => Ty::DateTime64(
                args.first()
                    .and_then(|(s, _)| scale(self.toks.get(*s)))
                    .unwrap_or(3),
            ),
            "todatetime64" => Ty::DateTime64(
                args.get(1)
                    .and_then(|(s, _)| scale(self.toks.get(*s)))
                    .unwrap_or(3),
            ),
            "fromunixtimestamp64milli" => Ty::DateTime64(3),
            "today" | "todate" | "tostartofweek" | "tostartofmonth" | "tostartofquarter"
            | "tostartofyear" => Ty::Date,
            "date_trunc" => match args.first().and_then(|(s, _)| self.toks.get(*s)) {
                Some(Tok::Str(unit))
                    if matches!(
                        unit.to_ascii_lowercase().as_str(),
                        "week" | "month" | "quarter" | "year"
                    ) =>
                {
                    Ty::Date
                }
                _ => Ty::DateTime,
            },
            _ => Ty::Unknown,
        }
    }

    /// The type of an element of the array `[a, b)`: of an array literal, its first known
    /// element's; of `if`/`coalesce`, its arrays' common one; of `arrayFilter`, its array's;
    /// of a column (`tags`), a tag's.
    fn element_ty(&self, a: usize, b: usize, scope: &[Src]) -> Ty {
        let call = match self.toks.get(a) {
            Some(Tok::Word(f))
                if self.toks.get(a + 1) == Some(&Tok::Sym("("))
                    && closing(self.toks, a + 1) == Some(b - 1) =>
            {
                Some(f.to_ascii_lowercase())
            }
            _ => None,
        };
        let args = || self.arguments(a + 1);
        match (self.toks.get(a), call.as_deref()) {
            (Some(Tok::Sym("[")), _) => self
                .list_items(a + 1, b.saturating_sub(1))
                .into_iter()
                .map(|(s, e)| self.expr_ty(s, e, scope))
                .find(|t| *t != Ty::Unknown)
                .unwrap_or(Ty::Unknown),
            (_, Some("if" | "coalesce")) => {
                let from = usize::from(call.as_deref() == Some("if"));
                Ty::common(
                    args()
                        .into_iter()
                        .skip(from)
                        .map(|(s, e)| self.element_ty(s, e, scope)),
                )
            }
            (_, Some("arrayfilter")) => args()
                .last()
                .map_or(Ty::Unknown, |(s, e)| self.element_ty(*s, *e, scope)),
            (_, Some("grouparray" | "groupuniqarray")) => args()
                .first()
                .map_or(Ty::Unknown, |(s, e)| self.expr_ty(*s, *e, scope)),
            _ => Ty::Str,
        }
    }

    /// The type of `CASE … END` over `[a, b)`: its first branch's (`THEN` or `ELSE`) that can
    /// be told.
    fn case_ty(&self, a: usize, b: usize, scope: &[Src]) -> Ty {
        let mut depth = 0i64;
        let mut branch = None;
        let mut types = Vec::new();
        for k in a + 1..b {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 => {
                    let up = w.to_ascii_uppercase();
                    if let (Some(s), "WHEN" | "ELSE" | "END") = (branch, up.as_str()) {
                        types.push(self.expr_ty(s, k, scope));
                        branch = None;
                    }
                    if matches!(up.as_str(), "THEN" | "ELSE") {
                        branch = Some(k + 1);
                    }
                }
                _ => {}
            }
        }
        Ty::common(types.into_iter())
    }

    /// ClickHouse's refusal of a `DateTime64` scale above 9 as the `n`-th argument of the call
    /// at `i` (ARGUMENT_OUT_OF_BOUND, upstream's "Invalid analytics query").
    fn check_scale(&self, i: usize, n: usize) -> Result<(), ApiError> {
        match self
            .arguments(i + 1)
            .get(n)
            .and_then(|(s, _)| self.toks.get(*s))
        {
            tok @ Some(Tok::Num(_)) if scale(tok).is_none() => {
                Err(query_error("Invalid analytics query"))
            }
            _ => Ok(()),
        }
    }

    /// The type of the first argument of the call at `i` (`name(`) in the current `SELECT`.
    fn first_arg_ty(&self, i: usize) -> Ty {
        self.arg_ty(i, 0)
    }

    /// The type of the `n`-th argument (from 0) of the call at `i` in the current `SELECT`.
    fn arg_ty(&self, i: usize, n: usize) -> Ty {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        match self.arguments(i + 1).get(n) {
            Some((s, e)) => self.expr_ty(*s, *e, scope),
            None => Ty::Unknown,
        }
    }

    /// ClickHouse's `arrayFilter(x -> condition, array)` at `i`: the elements of the array for
    /// which the condition holds, in order (an array the answer writes as a JSON array).
    /// Returns the index after the call.
    fn array_filter(&mut self, i: usize, out: &mut Vec<String>) -> Result<usize, ApiError> {
        let close = closing(self.toks, i + 1)
            .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
        let args = self.arguments(i + 1);
        let Some((&(lambda_at, lambda_end), arrays)) = args.split_first() else {
            return Err(query_error("Invalid SQL syntax"));
        };
        // `x -> …` or `(x, y) -> …`: one parameter per array.
        let (params, arrow) = match self.toks.get(lambda_at) {
            Some(Tok::Word(v)) => (vec![v.to_ascii_lowercase()], lambda_at + 1),
            Some(Tok::Sym("(")) => {
                let c = closing(self.toks, lambda_at)
                    .filter(|c| *c < lambda_end)
                    .ok_or_else(|| query_error("Invalid SQL syntax"))?;
                let mut params = Vec::new();
                for k in lambda_at + 1..c {
                    match self.toks.get(k) {
                        Some(Tok::Word(v)) => params.push(v.to_ascii_lowercase()),
                        Some(Tok::Sym(",")) => {}
                        _ => return Err(query_error("Invalid SQL syntax")),
                    }
                }
                (params, c + 1)
            }
            _ => return Err(query_error("Invalid SQL syntax")),
        };
        let lambda = (
            self.toks.get(arrow),
            self.toks.get(arrow + 1),
            arrow + 2 < lambda_end,
        );
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
        for (s, e) in arrays {
            let array = self.expression(*s, *e)?;
            self.generated += 1;
            let f = format!("__ul_f{}", self.generated);
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
        for (p, f) in params.iter().zip(&names) {
            let prev = self
                .array_aliases
                .insert(p.clone(), format!("\"{f}\".\"value\""));
            shadowed.push((p.clone(), prev));
        }
        let cond = self.expression(arrow + 2, lambda_end);
        for (p, prev) in shadowed.into_iter().rev() {
            match prev {
                Some(prev) => self.array_aliases.insert(p, prev),
                None => self.array_aliases.remove(&p),
            };
        }
        checks.push(format!("({})", cond?));
        let f0 = names.first().cloned().unwrap_or_default();
        out.push(format!(
            "('{ARRAY_MARK}' || (SELECT json_group_array(\"{f0}\".\"value\") FROM {} WHERE {}))",
            sources.join(" "),
            checks.join(" AND ")
        ));
        Ok(close + 1)
    }

    /// The sources after `FROM` at `i`: one ([`Tr::one_source`]), then more after commas
    /// (ClickHouse's cross join). Returns the index after them; `JOIN`s that follow are
    /// translated by the `SELECT`'s loop ([`Tr::join`]).
    fn source(&mut self, i: usize, to: usize, out: &mut Vec<String>) -> Result<usize, ApiError> {
        let mut next = self.one_source(i, to, out)?;
        while next < to && self.toks.get(next) == Some(&Tok::Sym(",")) {
            out.push(",".into());
            next = self.one_source(next + 1, to, out)?;
        }
        // `[LEFT] ARRAY JOIN array [AS alias]`: a row per element, the alias (or the array
        // column's own name) naming the element in this SELECT; `LEFT` keeps a row whose array
        // is empty, its element the empty string.
        loop {
            let left = self.word(next) == "LEFT" && self.word(next + 1) == "ARRAY";
            let at = if left { next + 1 } else { next };
            if self.word(at) != "ARRAY" || self.word(at + 1) != "JOIN" {
                break;
            }
            next = self.array_join_clause(at + 2, to, left, out)?;
        }
        if next < to {
            let w = self.word(next);
            if !after_source(&w) {
                return Err(query_error("Invalid SQL syntax"));
            }
        }
        Ok(next)
    }

    /// The arrays of an `ARRAY JOIN` at `k` (after `ARRAY JOIN`): `array AS alias` or a
    /// column alone (its name then names the element), comma-separated; several arrays are
    /// joined element by element (their sizes must match, as in ClickHouse). Returns the index
    /// after them.
    fn array_join_clause(
        &mut self,
        k: usize,
        to: usize,
        left: bool,
        out: &mut Vec<String>,
    ) -> Result<usize, ApiError> {
        let mut items = Vec::new();
        let mut at = k;
        let after = loop {
            let mut depth = 0i64;
            let mut end = to;
            for j in at..to {
                match self.toks.get(j) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    Some(Tok::Sym(",")) if depth == 0 => {
                        end = j;
                        break;
                    }
                    Some(Tok::Word(w))
                        if depth == 0
                            && (SOURCE_END.contains(&w.to_ascii_uppercase().as_str())
                                || w.eq_ignore_ascii_case("AS")) =>
                    {
                        end = j;
                        break;
                    }
                    _ => {}
                }
            }
            if end == at {
                return Err(query_error("Invalid SQL syntax"));
            }
            // An expression without an alias still multiplies the rows; no name reads its
            // element (ClickHouse resolves only an identifier to an unaliased ARRAY JOIN
            // expression: IdentifierResolver::tryResolveExpressionFromArrayJoinExpressions).
            let (alias, next) = match (self.word(end).as_str(), self.toks.get(end + 1)) {
                ("AS", Some(Tok::Word(alias))) => (Some(alias.clone()), end + 2),
                _ => match self.toks.get(at..end) {
                    Some([Tok::Word(col)]) => {
                        (Some(col.rsplit('.').next().unwrap_or(col).to_string()), end)
                    }
                    _ => (None, end),
                },
            };
            items.push((at, end, alias));
            if next < to && self.toks.get(next) == Some(&Tok::Sym(",")) {
                at = next + 1;
            } else {
                break next;
            }
        };
        // All arrays are read before any alias names an element.
        let mut arrays = Vec::new();
        for (a, b, _) in &items {
            arrays.push(self.expression(*a, *b)?);
        }
        let mut first: Option<(String, String)> = None;
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for ((a, b, alias), array) in items.into_iter().zip(arrays) {
            self.generated += 1;
            let element = format!("__ul_a{}", self.generated);
            self.element_types.insert(
                format!("\"{element}\".\"value\""),
                self.element_ty(a, b, &scope),
            );
            let each = format!("json_each(ch_array({array})) AS \"{element}\"");
            out.push(match (&first, left) {
                (None, true) => format!("LEFT JOIN {each} ON 1"),
                (None, false) => format!(", {each}"),
                (Some((e0, _)), true) => {
                    format!("LEFT JOIN {each} ON \"{element}\".\"key\" = \"{e0}\".\"key\"")
                }
                (Some((e0, a0)), false) => format!(
                    "JOIN {each} ON \"{element}\".\"key\" = \"{e0}\".\"key\" AND ch_same_length({a0}, {array})"
                ),
            });
            if first.is_none() {
                first = Some((element.clone(), array));
            }
            let Some(alias) = alias else {
                continue;
            };
            if left {
                self.left_array_aliases.insert(alias.to_ascii_lowercase());
            }
            self.array_aliases.insert(
                alias.to_ascii_lowercase(),
                format!("\"{element}\".\"value\""),
            );
        }
        Ok(after)
    }

    /// The columns of a `USING` whose list starts at `k`: `(a, b)` or `a, b`. Returns them and
    /// the index after the list.
    fn using_columns(&self, k: usize, to: usize) -> Result<(Vec<String>, usize), ApiError> {
        let (mut j, end) = match self.toks.get(k) {
            Some(Tok::Sym("(")) => {
                let close = closing(self.toks, k)
                    .filter(|c| *c < to)
                    .ok_or_else(|| query_error("Invalid SQL syntax"))?;
                (k + 1, Some(close))
            }
            _ => (k, None),
        };
        let mut columns = Vec::new();
        loop {
            match self.toks.get(j) {
                Some(Tok::Word(c)) if j < end.unwrap_or(to) => columns.push(c.clone()),
                _ => return Err(query_error("Invalid SQL syntax")),
            }
            j += 1;
            if j < end.unwrap_or(to) && self.toks.get(j) == Some(&Tok::Sym(",")) {
                j += 1;
                continue;
            }
            break;
        }
        match end {
            Some(close) if j == close => Ok((columns, close + 1)),
            Some(_) => Err(query_error("Invalid SQL syntax")),
            None => Ok((columns, j)),
        }
    }

    /// Where the `ON` condition that starts at `k` ends: at the next clause or join.
    fn on_end(&self, k: usize, to: usize) -> usize {
        let mut depth = 0i64;
        for j in k..to {
            match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Word(w))
                    if depth == 0 && self.toks.get(j + 1) != Some(&Tok::Sym("(")) =>
                {
                    let w = w.to_ascii_uppercase();
                    if after_source(&w) || matches!(w.as_str(), "ARRAY" | "WINDOW" | "QUALIFY") {
                        return j;
                    }
                }
                _ => {}
            }
        }
        to
    }

    /// Translates the expression `[a, b)` on its own (a join's condition, a lambda's body),
    /// where the `SELECT`'s `arrayJoin` calls stand for their elements.
    fn expression(&mut self, a: usize, b: usize) -> Result<String, ApiError> {
        let arrays = self.select_arrays.last().cloned().unwrap_or_default();
        self.expression_with(a, b, arrays)
    }

    /// [`Tr::expression`] where the `SELECT`'s `arrayJoin` calls stand for their elements.
    fn expression_with(
        &mut self,
        a: usize,
        b: usize,
        array_join: ArrayJoins,
    ) -> Result<String, ApiError> {
        let mut st = Sel::new(None, b, array_join);
        let mut out = Vec::new();
        self.emit(a, b, &mut st, &mut out)?;
        if !st.closers.is_empty() {
            return Err(query_error("Invalid SQL syntax: unbalanced parentheses"));
        }
        Ok(out.join(" "))
    }

    /// A join at `i`: `[GLOBAL] [INNER|LEFT|RIGHT|FULL [OUTER]|CROSS] [ALL|ANY|SEMI|ANTI] JOIN
    /// source` (the strictness may also come first). The kinds SQLite has are written as they
    /// are (their `ON`/`USING` follows, translated by the `SELECT`'s loop); ClickHouse's own
    /// are built from them (see [`Tr::strict_join`]). Outer joins mark the sources whose
    /// unmatched columns take their types' defaults, as ClickHouse without `join_use_nulls`.
    fn join(&mut self, i: usize, st: &mut Sel, out: &mut Vec<String>) -> Result<usize, ApiError> {
        let to = st.to;
        let mut j = i;
        let mut side: Option<String> = None;
        let mut strictness: Option<String> = None;
        let mut outer = false;
        while j < to {
            let w = self.word(j);
            match w.as_str() {
                "JOIN" => break,
                "GLOBAL" => {}
                "OUTER" => outer = true,
                "INNER" | "LEFT" | "RIGHT" | "FULL" | "CROSS" if side.is_none() => side = Some(w),
                "ANY" | "ALL" | "SEMI" | "ANTI" | "ASOF" if strictness.is_none() => {
                    strictness = Some(w)
                }
                // `[LEFT] ARRAY JOIN` after a join.
                "ARRAY" if strictness.is_none() && !outer && self.word(j + 1) == "JOIN" => {
                    let left = match side.as_deref() {
                        None => false,
                        Some("LEFT") => true,
                        _ => return Err(query_error("Invalid SQL syntax")),
                    };
                    return self.array_join_clause(j + 2, to, left, out);
                }
                _ => return Err(query_error("Invalid SQL syntax")),
            }
            j += 1;
        }
        if self.word(j) != "JOIN" {
            return Err(query_error("Invalid SQL syntax"));
        }
        let side = side.unwrap_or_else(|| "INNER".into());
        let strictness = strictness.unwrap_or_else(|| "ALL".into());
        if strictness != "ALL" {
            return self.strict_join(&side, &strictness, j + 1, st, out);
        }
        let at = out.len();
        out.push(if outer {
            format!("{side} OUTER JOIN")
        } else {
            format!("{side} JOIN")
        });
        let before = self.scopes.last().map_or(0, Vec::len);
        let next = self.one_source(j + 1, to, out)?;
        if let Some(scope) = self.scopes.last_mut() {
            for (n, src) in scope.iter_mut().enumerate() {
                let joined = n >= before;
                src.nullable |= match side.as_str() {
                    "LEFT" => joined,
                    "RIGHT" => !joined,
                    "FULL" => true,
                    _ => false,
                };
            }
        }
        if self.word(next) == "ON" {
            // The arrays of `arrayJoin` calls in its condition that read the left side join
            // it before the join.
            let left = self.join_arrays(next, before, st, out)?;
            let added = left.len();
            out.splice(at..at, left);
            if let Some(src) = self.scopes.last_mut().and_then(|s| s.get_mut(before)) {
                src.piece = src.piece.map(|p| p + added);
            }
        }
        let w = self.word(next);
        if next < to && !(matches!(w.as_str(), "ON" | "USING") || after_source(&w)) {
            return Err(query_error("Invalid SQL syntax"));
        }
        Ok(next)
    }

    /// ClickHouse's joins of a strictness SQLite lacks, of the source at `i`, from SQLite's
    /// joins: one side's rows are numbered, and a row of the other side joins only its first
    /// match (`NOT EXISTS` an earlier one) or, for `ASOF`, its closest (`NOT EXISTS` a closer
    /// one by the condition's inequality, then the earlier). `LEFT SEMI`/`INNER ANY`/`ASOF` keep
    /// the left rows with a match, `LEFT ANY`/`LEFT ASOF` every left row, `LEFT ANTI` those
    /// without one; `RIGHT SEMI`/`ANY`/`ANTI` the same for the right rows (a left side of
    /// several sources is numbered as one, see [`Tr::number_left_side`]). The unmatched side's
    /// columns take their defaults.
    fn strict_join(
        &mut self,
        side: &str,
        strictness: &str,
        i: usize,
        st: &mut Sel,
        out: &mut Vec<String>,
    ) -> Result<usize, ApiError> {
        // (the SQLite join, whether the left side is the numbered one, whether the other side
        // keeps its unmatched rows)
        let (join, numbers_left, keeps_unmatched) = match (side, strictness) {
            ("LEFT", "SEMI") | ("INNER", "ANY" | "ASOF") => ("JOIN", false, false),
            ("LEFT", "ANY" | "ANTI" | "ASOF") => ("LEFT JOIN", false, true),
            ("RIGHT", "SEMI") => ("JOIN", true, false),
            ("RIGHT", "ANY" | "ANTI") => ("RIGHT JOIN", true, true),
            // ClickHouse refuses the others (`ANY FULL JOINs are not implemented`; `SEMI` and
            // `ANTI` are `LEFT` or `RIGHT`, `ASOF` `LEFT` or `INNER`).
            _ => return Err(query_error("Invalid analytics query")),
        };
        let to = st.to;
        self.generated += 1;
        let n = self.generated;
        let row = format!("__ul_r{n}");
        let other = format!("__ul_b{n}");
        let before = self.scopes.last().map_or(0, Vec::len);
        let mut piece = Vec::new();
        let next = self.one_source(i, to, &mut piece)?;
        // The arrays of `arrayJoin` calls in its condition that read the left side join it now.
        let left_arrays = match self.word(next).as_str() {
            "ON" => self.join_arrays(next, before, st, &mut piece)?,
            _ => Vec::new(),
        };
        out.extend(left_arrays);
        let Some(first_piece) = self
            .scopes
            .last()
            .and_then(|s| s.first())
            .and_then(|src| src.piece)
        else {
            return Err(query_error("Invalid SQL syntax"));
        };
        // The left side is one source as written (its SQL, and an alias after it).
        let one_left_source = before == 1
            && match out.get(first_piece + 1..) {
                Some([]) => true,
                Some([alias]) => alias.starts_with("AS "),
                _ => false,
            };
        // The numbered side (its name), and the second copy of it the first (or closest)
        // match is looked for in, under other names; the other side's unmatched columns are
        // defaults.
        let target = if numbers_left { 0 } else { before };
        let (name, aliased) = {
            let Some(src) = self.scopes.last_mut().and_then(|s| s.get_mut(target)) else {
                return Err(query_error("Invalid SQL syntax"));
            };
            src.cols.push((row.clone(), Ty::Unknown));
            (src.name.clone(), src.aliased)
        };
        if let Some(scope) = self.scopes.last_mut() {
            let numbered = if numbers_left {
                0..before
            } else {
                before..before + 1
            };
            for src in scope.get_mut(numbered).unwrap_or_default() {
                src.nullable |= keeps_unmatched;
            }
        }
        let (copy, renames) = if numbers_left && !one_left_source {
            self.number_left_side(before, &row, &other, st, out)
        } else {
            // The source's SQL becomes its numbered copy, under its name.
            let slot = if numbers_left {
                out.get_mut(first_piece)
            } else {
                piece.first_mut()
            };
            let Some(slot) = slot else {
                return Err(query_error("Invalid SQL syntax"));
            };
            let numbered = format!("(SELECT *, ROW_NUMBER() OVER () AS \"{row}\" FROM {slot})");
            *slot = if aliased {
                numbered.clone()
            } else {
                format!("{numbered} AS \"{name}\"")
            };
            (
                format!("{numbered} AS \"{other}\""),
                vec![(name.clone(), other.clone())],
            )
        };
        let renamed_by = |side: &str| {
            renames
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(side))
                .map_or_else(|| side.to_string(), |(_, o)| o.clone())
        };
        let (on, on_other, closer, after) = match self.word(next).as_str() {
            "ON" => {
                let end = self.on_end(next + 1, to);
                let on = self.expression_with(next + 1, end, st.array_join.clone())?;
                let kept = self.renames.len();
                self.renames.extend(renames.iter().cloned());
                let on_other = self.expression_with(next + 1, end, st.array_join.clone());
                let closer = if strictness == "ASOF" {
                    self.asof_closer(next + 1, end, &name, &other, &row)
                        .map(Some)
                } else {
                    Ok(None)
                };
                self.renames.truncate(kept);
                (on, on_other?, closer?, end)
            }
            "USING" => {
                let (columns, after) = self.using_columns(next + 1, to)?;
                if let Some(src) = self.scopes.last_mut().and_then(|s| s.get_mut(before)) {
                    src.using = columns.iter().map(|c| c.to_ascii_lowercase()).collect();
                }
                let mut on = Vec::new();
                let mut on_other = Vec::new();
                let mut closer = None;
                for (k, c) in columns.iter().enumerate() {
                    // The left side's column of that name.
                    let left = self
                        .scopes
                        .last()
                        .and_then(|s| {
                            s.iter().take(before).find(|src| {
                                src.cols.iter().any(|(col, _)| col.eq_ignore_ascii_case(c))
                            })
                        })
                        .map(|src| src.name.clone())
                        .ok_or_else(|| query_error("Unknown identifier in analytics query"))?;
                    let right = self
                        .scopes
                        .last()
                        .and_then(|s| s.get(before))
                        .map(|src| src.name.clone())
                        .unwrap_or_default();
                    // `ASOF … USING (k, t)`: the last column is `left.t >= right.t`.
                    let op = if strictness == "ASOF" && k + 1 == columns.len() {
                        closer = Some(format!(
                            "(\"{other}\".\"{c}\" > \"{right}\".\"{c}\" OR (\"{other}\".\"{c}\" = \"{right}\".\"{c}\" AND \"{other}\".\"{row}\" < \"{right}\".\"{row}\"))"
                        ));
                        ">="
                    } else {
                        "="
                    };
                    on.push(format!("\"{left}\".\"{c}\" {op} \"{right}\".\"{c}\""));
                    on_other.push(format!(
                        "\"{}\".\"{c}\" {op} \"{}\".\"{c}\"",
                        renamed_by(&left),
                        renamed_by(&right)
                    ));
                }
                (on.join(" AND "), on_other.join(" AND "), closer, after)
            }
            _ => {
                return Err(query_error(
                    "Invalid SQL syntax: the join needs ON or USING",
                ))
            }
        };
        let first = match (strictness, closer) {
            ("ANTI", _) => String::new(),
            (_, Some(closer)) => format!(
                " AND NOT EXISTS (SELECT 1 FROM {copy} WHERE ({on_other}) AND {closer})"
            ),
            _ => format!(
                " AND NOT EXISTS (SELECT 1 FROM {copy} WHERE ({on_other}) AND \"{other}\".\"{row}\" < \"{name}\".\"{row}\")"
            ),
        };
        out.push(format!("{join} {} ON ({on}){first}", piece.join(" ")));
        if strictness == "ANTI" {
            st.extra_where.push(format!("\"{name}\".\"{row}\" IS NULL"));
        }
        Ok(after)
    }

    /// The left side of a `RIGHT SEMI`/`ANY`/`ANTI JOIN` that is more than one source as
    /// written (after another join, or with the elements of an `ARRAY JOIN` or `arrayJoin`):
    /// its rows (the `FROM` written so far, `out` from its first source, and the conditions
    /// its joins added to the `WHERE`) are computed once, numbered (`row`), and each of its
    /// sources (and `json_each` of elements) becomes a projection of them under its own name,
    /// joined by that number, so that every column keeps its qualifier. Returns a second copy
    /// of those projections, each under another name (the first source's `other`), and those
    /// names.
    fn number_left_side(
        &mut self,
        before: usize,
        row: &str,
        other: &str,
        st: &mut Sel,
        out: &mut Vec<String>,
    ) -> (String, Vec<(String, String)>) {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let start = scope.first().and_then(|src| src.piece).unwrap_or(0);
        let mut rows = out.split_off(start.min(out.len())).join(" ");
        if !st.extra_where.is_empty() {
            rows.push_str(&format!(" WHERE {}", st.extra_where.join(" AND ")));
            st.extra_where.clear();
        }
        // The `json_each` of elements among those rows.
        let mut elements: Vec<String> = Vec::new();
        let qualifiers = st
            .array_join
            .arrays
            .iter()
            .filter(|a| a.element.1 == "value")
            .map(|a| a.element.0.clone())
            .chain(self.array_aliases.values().filter_map(|sql| {
                sql.strip_prefix('"')
                    .and_then(|q| q.split_once('"'))
                    .map(|(q, _)| q.to_string())
            }));
        for q in qualifiers {
            if rows.contains(&format!("AS \"{q}\"")) && !elements.contains(&q) {
                elements.push(q);
            }
        }
        self.generated += 1;
        let cte = format!("__ul_l{}", self.generated);
        // Each projected column: the numbered rows' column, its source and its name there.
        let mut columns: Vec<(String, String, String)> = Vec::new();
        for src in scope.iter().take(before) {
            for (col, _) in src.cols.iter().filter(|(c, _)| !c.is_empty() && c != row) {
                let at = columns.len();
                columns.push((format!("__ul_c{at}"), src.name.clone(), col.clone()));
            }
        }
        for q in &elements {
            let at = columns.len();
            columns.push((format!("__ul_c{at}"), q.clone(), "value".into()));
        }
        let list: Vec<String> = columns
            .iter()
            .map(|(c, q, col)| format!("\"{q}\".\"{col}\" AS \"{c}\""))
            .collect();
        self.local_ctes.push(format!(
            "\"{cte}\" AS MATERIALIZED (SELECT {}, ROW_NUMBER() OVER () AS \"{row}\" FROM {rows})",
            list.join(", ")
        ));
        // The projections, each source under `name(source)`, joined by the row number.
        let mut owners: Vec<String> = scope.iter().take(before).map(|s| s.name.clone()).collect();
        owners.extend(elements);
        let projections = |name: &dyn Fn(&str) -> String| {
            let mut from = Vec::new();
            for (k, owner) in owners.iter().enumerate() {
                let list: Vec<String> = columns
                    .iter()
                    .filter(|(_, q, _)| q == owner)
                    .map(|(c, _, col)| format!("\"{c}\" AS \"{col}\""))
                    .chain(std::iter::once(format!("\"{row}\"")))
                    .collect();
                let sql = format!(
                    "(SELECT {} FROM \"{cte}\") AS \"{}\"",
                    list.join(", "),
                    name(owner)
                );
                from.push(match owners.first() {
                    Some(first) if k > 0 => format!(
                        "JOIN {sql} ON \"{}\".\"{row}\" = \"{}\".\"{row}\"",
                        name(owner),
                        name(first)
                    ),
                    _ => sql,
                });
            }
            from.join(" ")
        };
        let renames: Vec<(String, String)> = owners
            .iter()
            .enumerate()
            .map(|(k, owner)| {
                let renamed = if k == 0 {
                    other.to_string()
                } else {
                    format!("{other}_{k}")
                };
                (owner.clone(), renamed)
            })
            .collect();
        out.push(projections(&|owner: &str| owner.to_string()));
        if let Some(scope) = self.scopes.last_mut() {
            for src in scope.iter_mut().take(before) {
                src.projected = true;
            }
        }
        let copy = projections(&|owner: &str| {
            renames
                .iter()
                .find(|(n, _)| n == owner)
                .map_or_else(|| owner.to_string(), |(_, o)| o.clone())
        });
        (copy, renames)
    }

    /// The arrays of the `arrayJoin` calls in the `ON` condition at `on`, of the join whose
    /// right source is the scope's `right`-th (its SQL at `pieces[its piece]`): as in
    /// ClickHouse, whose join expands a side's `arrayJoin` ahead of the join, each multiplies
    /// the rows of the side it reads (ClickHouse PR #104785: `INNER JOIN tags ON
    /// arrayJoin(items.tag_ids) = tags.id` joins an item once per element). One of the right
    /// source (or of no column) makes that source a subquery with its element as a column;
    /// one of the left side is returned as the `json_each` to join the left side before the
    /// join. One that reads both sides is refused, as ClickHouse since PR #112889 (its
    /// `INVALID_JOIN_ON_EXPRESSION`; before it, a logical error or a wrong answer).
    fn join_arrays(
        &mut self,
        on: usize,
        right: usize,
        st: &mut Sel,
        pieces: &mut [String],
    ) -> Result<Vec<String>, ApiError> {
        let mut mine: Vec<usize> = (0..st.array_join.arrays.len())
            .filter(|g| {
                st.array_join
                    .arrays
                    .get(*g)
                    .is_some_and(|a| a.on == Some(on))
            })
            .collect();
        mine.sort_by_key(|g| st.array_join.arrays.get(*g).map_or(0, |a| a.close));
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let (lefts, rights) = scope.split_at(right.min(scope.len()));
        let reads = |sources: &[Src], a: &JoinedArray| {
            (a.at + 2..a.close).any(|k| match self.toks.get(k) {
                Some(Tok::Word(w)) if self.toks.get(k + 1) != Some(&Tok::Sym("(")) => {
                    Self::resolve_in(sources, w).is_some()
                }
                _ => false,
            })
        };
        let mut on_left: Vec<usize> = Vec::new();
        let mut left_pieces = Vec::new();
        let mut right_arrays = Vec::new();
        for g in mine {
            let Some(a) = st.array_join.arrays.get(g).cloned() else {
                continue;
            };
            // An `arrayJoin` inside it reads the side that one reads.
            let inner_left =
                st.array_join.calls.iter().any(|(k, _, inner)| {
                    (a.at + 2..a.close).contains(k) && on_left.contains(inner)
                });
            let left = reads(lefts, &a) || inner_left;
            if left && reads(rights.get(..1).unwrap_or_default(), &a) {
                return Err(query_error("Invalid analytics query"));
            }
            let array = self.expression_with(a.at + 2, a.close, st.array_join.clone())?;
            let each = format!("json_each(ch_array({array})) AS \"{}\"", a.name);
            if left {
                on_left.push(g);
                left_pieces.push(format!(", {each}"));
            } else {
                right_arrays.push((g, each));
            }
        }
        if right_arrays.is_empty() {
            return Ok(left_pieces);
        }
        // The right source becomes `(SELECT source.*, element AS name… FROM source AS name,
        // json_each(…) AS name…)` under its own name.
        let Some(src) = self.scopes.last_mut().and_then(|s| s.get_mut(right)) else {
            return Err(query_error("Invalid SQL syntax"));
        };
        let name = src.name.clone();
        let slot = src.piece.and_then(|p| pieces.get_mut(p));
        let Some(slot) = slot else {
            return Err(query_error("Invalid SQL syntax"));
        };
        let mut columns = vec![format!("\"{name}\".*")];
        let mut sources = vec![format!("{slot} AS \"{name}\"")];
        for (g, each) in &right_arrays {
            if let Some(a) = st.array_join.arrays.get_mut(*g) {
                columns.push(format!("\"{}\".\"value\" AS \"{}\"", a.name, a.name));
                src.cols.push((a.name.clone(), Ty::Unknown));
                a.element = (name.clone(), a.name.clone());
            }
            let element = st.array_join.arrays.get(*g).map(|a| a.element.clone());
            if let (Some(a), Some(element)) = (
                self.select_arrays
                    .last_mut()
                    .and_then(|s| s.arrays.get_mut(*g)),
                element,
            ) {
                a.element = element;
            }
            sources.push(each.clone());
        }
        *slot = format!(
            "(SELECT {} FROM {}){}",
            columns.join(", "),
            sources.join(", "),
            if src.aliased {
                String::new()
            } else {
                format!(" AS \"{name}\"")
            }
        );
        Ok(left_pieces)
    }

    /// For `ASOF` over the `ON` condition `[a, b)`: which row of `target` (the numbered right
    /// side, `other` its second copy) is closer, by the condition's one inequality (`left.t >=
    /// right.t` looks for the greatest `right.t`, `<=` for the least), ties to the earlier row.
    /// Call with `target` renamed to `other`.
    fn asof_closer(
        &mut self,
        a: usize,
        b: usize,
        target: &str,
        other: &str,
        row: &str,
    ) -> Result<String, ApiError> {
        // The conjuncts outside parentheses.
        let mut parts = Vec::new();
        let mut depth = 0i64;
        let mut start = a;
        for k in a..b {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 && w.eq_ignore_ascii_case("AND") => {
                    parts.push((start, k));
                    start = k + 1;
                }
                _ => {}
            }
        }
        parts.push((start, b));
        // ClickHouse's ASOF key: the one inequality between a right-side and a left-side
        // expression; an inequality within one side filters that side (as any other
        // condition). None, or more than one, is its INVALID_JOIN_ON_EXPRESSION.
        let mut found = None;
        for (s, e) in parts {
            let mut depth = 0i64;
            for k in s..e {
                match self.toks.get(k) {
                    Some(Tok::Sym("(" | "[")) => depth += 1,
                    Some(Tok::Sym(")" | "]")) => depth -= 1,
                    Some(Tok::Sym(op @ ("<" | "<=" | ">" | ">="))) if depth == 0 => {
                        let right_after = self.mentions(k + 1, e, target, other);
                        let left = if right_after { (s, k) } else { (k + 1, e) };
                        if right_after == self.mentions(s, k, target, other)
                            || !self.reads_column(left.0, left.1)
                        {
                            continue;
                        }
                        if found.is_some() {
                            return Err(query_error("Invalid analytics query"));
                        }
                        // The right side's operand, and whether the closest is its greatest.
                        found = Some(if right_after {
                            ((k + 1, e), matches!(*op, ">" | ">="))
                        } else {
                            ((s, k), matches!(*op, "<" | "<="))
                        });
                    }
                    _ => {}
                }
            }
        }
        let Some((range, greatest)) = found else {
            return Err(query_error("Invalid analytics query"));
        };
        let copy = self.expression(range.0, range.1)?;
        let renames = std::mem::take(&mut self.renames);
        let original = self.expression(range.0, range.1);
        self.renames = renames;
        let original = original?;
        let cmp = if greatest { ">" } else { "<" };
        Ok(format!(
            "({copy} {cmp} {original} OR ({copy} = {original} AND \"{other}\".\"{row}\" < \"{target}\".\"{row}\"))"
        ))
    }

    /// Whether `[a, b)` reads a column (of any source).
    fn reads_column(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| match self.toks.get(k) {
            Some(Tok::Word(w)) if self.toks.get(k + 1) != Some(&Tok::Sym("(")) => {
                w.contains('.') || self.resolve(w).is_some()
            }
            _ => false,
        })
    }

    /// Whether `[a, b)` reads a column of the source named `target` (written as `other` now).
    fn mentions(&self, a: usize, b: usize, target: &str, other: &str) -> bool {
        (a..b).any(|k| match self.toks.get(k) {
            Some(Tok::Word(w)) if self.toks.get(k + 1) != Some(&Tok::Sym("(")) => {
                let qualified = w
                    .split_once('.')
                    .is_some_and(|(q, _)| q.eq_ignore_ascii_case(target));
                qualified
                    || self
                        .resolve(w)
                        .is_some_and(|(src, _)| src.name.eq_ignore_ascii_case(target))
                    || w.eq_ignore_ascii_case(other)
            }
            _ => false,
        })
    }

    /// One source: a public table, a top-level CTE or a subquery, and an optional alias; it
    /// joins the current `SELECT`'s scope. Returns the index after it.
    fn one_source(
        &mut self,
        i: usize,
        to: usize,
        out: &mut Vec<String>,
    ) -> Result<usize, ApiError> {
        let piece = out.len();
        let mut nullable_cols = HashSet::new();
        let (mut next, name, cols) = match self.toks.get(i) {
            Some(Tok::Word(table)) => {
                let lower = table.to_ascii_lowercase();
                if let Some(n) = self.cte_nullable.get(&lower) {
                    nullable_cols = n.clone();
                }
                let cols = if let Some(public) =
                    self.dataset.tables().iter().find(|p| **p == table.as_str())
                {
                    if !self.tables.contains(public) {
                        self.tables.push(public);
                    }
                    out.push((*public).to_string());
                    table_columns(self.dataset, public)
                } else if self.cte_names.contains(&lower) {
                    out.push(format!("\"{table}\""));
                    self.cte_cols.get(&lower).cloned().unwrap_or_default()
                } else {
                    return Err(ApiError::analytics(
                        "user/bad_request/invalid_analytics_table",
                        format!(
                            "Access to table '{}' is not allowed",
                            own_name_unescaped(table)
                        ),
                    ));
                };
                (i + 1, table.clone(), cols)
            }
            Some(Tok::Sym("(")) if matches!(self.word(i + 1).as_str(), "SELECT" | "WITH") => {
                let close = closing(self.toks, i)
                    .filter(|c| *c < to)
                    .ok_or_else(|| query_error("Invalid SQL syntax: unbalanced parentheses"))?;
                let inner = self.query(i + 1, close, false)?;
                out.push(format!("({inner})"));
                nullable_cols = self.last_nullable.clone();
                (close + 1, String::new(), self.last_cols.clone())
            }
            _ => return Err(query_error("Invalid SQL syntax")),
        };
        let mut name = name;
        // `FINAL` (a merged read of a rollup, an AggregatingMergeTree): the rollups here are
        // always merged. (The raw tables, plain MergeTrees, refuse it in ClickHouse.)
        let is_table = matches!(self.toks.get(i), Some(Tok::Word(t)) if t.contains("_per_"))
            && self
                .dataset
                .tables()
                .iter()
                .any(|p| matches!(self.toks.get(i), Some(Tok::Word(t)) if t == p));
        if is_table && self.word(next) == "FINAL" {
            next += 1;
        }
        // An alias, with or without AS.
        let alias_at = if self.word(next) == "AS" {
            next + 1
        } else {
            next
        };
        let mut aliased = false;
        if let Some(Tok::Word(alias)) = self.toks.get(alias_at).filter(|_| alias_at < to) {
            if !SOURCE_END.contains(&alias.to_ascii_uppercase().as_str()) {
                out.push(format!("AS \"{alias}\""));
                name = alias.clone();
                next = alias_at + 1;
                aliased = true;
            }
        }
        if is_table && self.word(next) == "FINAL" {
            next += 1;
        }
        if name.is_empty() {
            aliased = true;
            // A subquery without an alias gets one (its columns can then be listed for `*`).
            self.generated += 1;
            name = format!("__ul_s{}", self.generated);
            out.push(format!("AS \"{name}\""));
        }
        if let Some(scope) = self.scopes.last_mut() {
            scope.push(Src {
                name,
                cols,
                nullable: false,
                using: Vec::new(),
                nullable_cols,
                piece: Some(piece),
                aliased,
                projected: false,
            });
        }
        Ok(next)
    }

    /// A function call at `i` (`name(`): pushes its SQLite opening and the closing its `)`
    /// writes. Returns the index after the opening parenthesis (or after the whole call).
    fn call(
        &self,
        i: usize,
        w: &str,
        out: &mut Vec<String>,
        closers: &mut Vec<&'static str>,
        chains: &mut Vec<usize>,
    ) -> Result<usize, ApiError> {
        let lower = w.to_ascii_lowercase();
        let upper_name = lower.to_ascii_uppercase();
        let empty_call = self.toks.get(i + 2) == Some(&Tok::Sym(")"));
        // `f(…) OVER (…)` (or `quantile(level)(x) OVER (…)`): a window function.
        let windowed = closing(self.toks, i + 1)
            .map(|c| match self.toks.get(c + 1) {
                Some(Tok::Sym("(")) if lower == "quantile" => {
                    closing(self.toks, c + 1).unwrap_or(c)
                }
                _ => c,
            })
            .and_then(|c| self.toks.get(c + 1))
            .is_some_and(|t| upper(t) == "OVER");
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
        // ClickHouse reads a string literal to a number as it analyses the query, rows or not.
        if let ("toint32" | "toint64" | "tofloat64", Some(Tok::Str(v)), Some(Tok::Sym(")"))) =
            (lower.as_str(), self.toks.get(i + 2), self.toks.get(i + 3))
        {
            let read = if lower == "tofloat64" {
                v.parse::<f64>().is_ok()
            } else {
                v.parse::<i64>().is_ok()
            };
            if !read {
                let first = self.run_error.take();
                self.run_error
                    .set(first.or_else(|| Some(query_error("Invalid SQL syntax"))));
            }
        }
        // Nor a string or an array where it takes a number ("Illegal type String of argument
        // for aggregate function sum").
        let numeric = matches!(
            lower.as_str(),
            "sum" | "avg" | "sumif" | "round" | "floor" | "ceil" | "abs"
        );
        if numeric && matches!(self.first_arg_ty(i), Ty::Str | Ty::Array) {
            return Err(query_error("Invalid analytics query"));
        }
        let (open, close): (String, &'static str) = match lower.as_str() {
            "count" if empty_call => {
                out.push(match &self.count_ref {
                    Some(c) => format!("COUNT(*) FILTER (WHERE {c} IS NULL OR 1)"),
                    None => "COUNT(*)".into(),
                });
                return Ok(i + 3);
            }
            // Over no rows ClickHouse's aggregates answer their types' defaults (`sum` 0, `min`
            // of a string ''), where SQLite's answer NULL (a window's frame is never empty).
            "sum" | "min" | "max" | "any" if !windowed => {
                let default = if lower == "sum" {
                    Some("0")
                } else {
                    self.first_arg_ty(i).default_sql()
                };
                let function = if lower == "any" { "MIN" } else { &upper_name };
                match default {
                    Some(d) => {
                        out.push(format!("COALESCE({function}("));
                        closers.push(match d {
                            "0" => "), 0)",
                            "''" => "), '')",
                            _ => "), '[]')",
                        });
                        chains.push(out.len());
                        return Ok(i + 2);
                    }
                    None => (format!("{function}("), ")"),
                }
            }
            "count" | "sum" | "avg" | "min" | "max" | "lower" | "upper" | "abs" | "coalesce"
            | "trim" => (format!("{upper_name}("), ")"),
            "round" => ("ch_round(".into(), ")"),
            "any" => ("MIN(".into(), ")"),
            "countif" => ("COUNT(CASE WHEN (".into(), ") THEN 1 END)"),
            "sumif" => ("ch_sumif(".into(), ")"),
            // Of several arguments, distinct tuples. SQLite's `DISTINCT` is no window
            // function: over a window, `ch_uniq`, `ch_group_array` and `ch_group_uniq_array`.
            "uniq" | "uniqexact" if self.arguments(i + 1).len() > 1 => {
                if windowed {
                    ("ch_uniq(json_array(".into(), "))")
                } else {
                    ("COUNT(DISTINCT json_array(".into(), "))")
                }
            }
            "uniq" | "uniqexact" if windowed => ("ch_uniq(".into(), ")"),
            "uniq" | "uniqexact" => ("COUNT(DISTINCT (".into(), "))"),
            "grouparray" if windowed => ("ch_group_array(".into(), ")"),
            "groupuniqarray" if windowed => ("ch_group_uniq_array(".into(), ")"),
            "grouparray" => (
                format!("('{ARRAY_MARK}' || json_group_array("),
                "))",
            ),
            "groupuniqarray" => (
                format!("('{ARRAY_MARK}' || json_group_array(DISTINCT "),
                "))",
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
                let ty = self.arg_ty(if leveled { i + 3 } else { i }, 0);
                let (coalesce, close) = match (ty, windowed) {
                    (Ty::Date, false) => ("COALESCE(", ", 86400000), 0)"),
                    (Ty::DateTime, false) => ("COALESCE(", ", 1000), 0)"),
                    (Ty::DateTime64(_), false) => ("COALESCE(", ", 1), 0)"),
                    (Ty::Date, true) => ("", ", 86400000)"),
                    (Ty::DateTime, true) => ("", ", 1000)"),
                    (Ty::DateTime64(_), true) => ("", ", 1)"),
                    _ => ("", ")"),
                };
                let level = match self.toks.get(i + 2) {
                    Some(Tok::Num(level)) if leveled => {
                        let level: f64 = level
                            .parse()
                            .map_err(|_| query_error("Invalid SQL syntax"))?;
                        if !(0.0..=1.0).contains(&level) {
                            return Err(query_error("Invalid analytics query"));
                        }
                        level
                    }
                    _ => 0.5,
                };
                out.push(format!("{coalesce}ch_quantile({level}, "));
                closers.push(close);
                chains.push(out.len());
                return Ok(if leveled { i + 5 } else { i + 2 });
            }
            "floor" => ("ch_floor(".into(), ")"),
            "ceil" => ("ch_ceil(".into(), ")"),
            // A time as ClickHouse writes it as text; its Unix seconds (days for a Date) as a
            // number; an array's element count.
            "tostring" => match self.first_arg_ty(i) {
                Ty::Date => ("ch_time_text(-1, ".into(), ")"),
                Ty::DateTime => ("ch_time_text(0, ".into(), ")"),
                Ty::DateTime64(p) => (format!("ch_time_text({p}, "), ")"),
                _ => ("ch_to_string(".into(), ")"),
            },
            "toint32" | "toint64" => match self.first_arg_ty(i) {
                Ty::Date => ("(CAST((".into(), ") AS INTEGER) / 86400000)"),
                Ty::DateTime | Ty::DateTime64(_) => ("(CAST((".into(), ") AS INTEGER) / 1000)"),
                _ => ("ch_to_int(".into(), ")"),
            },
            "tofloat64" => ("ch_to_float(".into(), ")"),
            "length" => match self.first_arg_ty(i) {
                Ty::Array => ("json_array_length(ch_array(".into(), "))"),
                _ => ("LENGTH(CAST((".into(), ") AS BLOB))"),
            },
            "concat" => ("ch_concat(".into(), ")"),
            "substring" => ("ch_substring(".into(), ")"),
            "startswith" => ("ch_startswith(".into(), ")"),
            "endswith" => ("ch_endswith(".into(), ")"),
            // Times are Unix ms here (µs cut off), so these are the identity.
            "fromunixtimestamp64milli" => ("(".into(), ")"),
            "tounixtimestamp64milli" => ("CAST((".into(), ") AS INTEGER)"),
            "tointervalmillisecond" => ("((".into(), "))"),
            "tointervalmicrosecond" => ("((".into(), ") / 1000)"),
            "tointervalnanosecond" => ("((".into(), ") / 1000000)"),
            "tointervalsecond" => ("((".into(), ") * 1000)"),
            "tointervalminute" => ("((".into(), ") * 60000)"),
            "tointervalhour" => ("((".into(), ") * 3600000)"),
            "tointervalday" => ("((".into(), ") * 86400000)"),
            "tointervalweek" => ("((".into(), ") * 604800000)"),
            "tostartofminute" => ("(CAST((".into(), ") AS INTEGER) / 60000 * 60000)"),
            "tostartofhour" => ("(CAST((".into(), ") AS INTEGER) / 3600000 * 3600000)"),
            "tostartofday" => ("(CAST((".into(), ") AS INTEGER) / 86400000 * 86400000)"),
            // Weeks start on Sunday (mode 0); 1970-01-01 was a Thursday.
            "tostartofweek" => (
                "(CAST(strftime('%s', (".into(),
                ") / 1000, 'unixepoch', 'start of day', '-6 days', 'weekday 0') AS INTEGER) * 1000)",
            ),
            "tostartofmonth" => (
                "(CAST(strftime('%s', (".into(),
                ") / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000)",
            ),
            "tostartofquarter" => ("ch_start_of_quarter(".into(), ")"),
            // `date_trunc(unit, t)`: the start of its unit (weeks from Monday), as Unix ms.
            "date_trunc" => ("ch_date_trunc(".into(), ")"),
            // `formatDateTime(t, format)`: a String in ClickHouse too.
            "formatdatetime" if matches!(self.first_arg_ty(i), Ty::DateTime64(_)) => {
                ("ch_format_datetime64(".into(), ")")
            }
            "formatdatetime" => ("ch_format_datetime(".into(), ")"),
            // `JSONExtractString(json, key_or_index, …)`: '' when missing or not a string.
            "jsonextractstring" => ("ch_json_extract_string(".into(), ")"),
            "tostartofyear" => (
                "(CAST(strftime('%s', (".into(),
                ") / 1000, 'unixepoch', 'start of year') AS INTEGER) * 1000)",
            ),
            "has" => ("ch_has(".into(), ")"),
            "hasany" => ("ch_hasany(".into(), ")"),
            "hasall" => ("ch_hasall(".into(), ")"),
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
                let t = match lower.as_str() {
                    "today" => self.now - self.now.rem_euclid(86_400_000),
                    "now64" => match self.toks.get(i + 2) {
                        Some(Tok::Num(p)) => to_scale(self.now, p.parse().ok()),
                        _ => self.now,
                    },
                    _ => self.now,
                };
                out.push(t.to_string());
                return Ok(close + 1);
            }
            // (Every call is one of its `SELECT`'s, see [`Tr::select`]: none is left here.)
            "arrayjoin" => return Err(query_error("Invalid analytics query")),
            // toDate/toDateTime/toDateTime64: a date string or Unix seconds (a literal) become
            // Unix ms; an expression is taken as a time already (Unix ms here); toDate keeps
            // the day, toDateTime64 its scale's digits ([`scale_micros`]). A time zone is ignored.
            "todate" | "todatetime" | "todatetime64" => {
                if lower == "todatetime64" {
                    self.check_scale(i, 1)?;
                }
                let literal = match (self.toks.get(i + 2), self.toks.get(i + 3)) {
                    // (ClickHouse's "Cannot parse …", which upstream words as a syntax error.)
                    (Some(Tok::Str(v)), Some(Tok::Sym(")" | ","))) => Some(
                        match lower.as_str() {
                            "todatetime64" => parse_datetime64(v).map(micros_sql),
                            _ => parse_date(v).map(|ms| ms.to_string()),
                        }
                        .unwrap_or_else(|| {
                            let first = self.run_error.take();
                            self.run_error
                                .set(first.or_else(|| Some(query_error("Invalid SQL syntax"))));
                            "0".into()
                        }),
                    ),
                    _ => None,
                };
                // A time stays itself (to its day); a number is Unix seconds, as ClickHouse
                // reads it (a `toDate` of one below 65,536 days), and text a date.
                let open = match (self.first_arg_ty(i).is_time() || literal.is_some(), lower.as_str()) {
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
                        closers.push(")");
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
        out.push(open);
        closers.push(close);
        chains.push(out.len());
        Ok(i + 2)
    }
}

/// A string literal compared with a number ([`Tr::check_operands`]), written as the number:
/// over what is written already for it (found by `starts`, each token's place in `out`), or
/// kept in `numbers` for when it is reached.
fn literal_number(
    number: Option<(usize, String)>,
    starts: &[(usize, usize)],
    out: &mut [String],
    numbers: &mut Vec<(usize, String)>,
) {
    let Some((at, n)) = number else { return };
    match starts.iter().find(|(k, _)| *k == at) {
        Some((_, pos)) => {
            if let Some(slot) = out.get_mut(*pos) {
                *slot = n;
            }
        }
        None => numbers.push((at, n)),
    }
}

/// `left op right` for a set operator of ClickHouse. SQLite's own (`UNION ALL`, and `UNION`,
/// `EXCEPT`, `INTERSECT`, which are ClickHouse's `DISTINCT` forms) are written as they are;
/// ClickHouse's `EXCEPT ALL`/`INTERSECT ALL` keep every row of the left side (duplicates too)
/// whose row the right side lacks/has: the left rows joined, column by column, to the distinct
/// rows SQLite's operator answers.
fn set_operation(left: &str, op: &str, right: &str) -> String {
    match op {
        "EXCEPT ALL" | "INTERSECT ALL" => {
            let distinct = op.trim_end_matches(" ALL");
            format!(
                "SELECT * FROM (WITH \"__ul_l\" AS ({left}) SELECT \"__ul_l\".* FROM \"__ul_l\" NATURAL JOIN (SELECT * FROM \"__ul_l\" {distinct} SELECT * FROM ({right})) AS \"__ul_d\")"
            )
        }
        _ => format!("SELECT * FROM ({left}) {op} SELECT * FROM ({right})"),
    }
}

/// The functions that answer one of their arguments, so of intervals an interval (see
/// [`Tr::interval_call`]).
const INTERVAL_CALLS: &[&str] = &["IF", "COALESCE", "ANY", "MIN", "MAX"];

/// The functions of upstream's list that take no `Interval` (nor tuple of them): ClickHouse's
/// ILLEGAL_TYPE_OF_ARGUMENT, upstream's 400 "Invalid analytics query". The conversions find
/// no conversion from it (FunctionsConversion's `executeInternal`: `callOnIndexAndDataType`
/// has no case for `TypeIndex::Interval`, so "Illegal type … of argument of function"), the
/// aggregates and arithmetic take numbers (`sum`, `avg`, `quantile`, `abs`, `round`, …), the
/// others strings or times.
const INTERVAL_TYPE_ERRORS: &[&str] = &[
    "TOINT32",
    "TOINT64",
    "TOFLOAT64",
    "TODATE",
    "TODATETIME",
    "TODATETIME64",
    "SUM",
    "SUMIF",
    "AVG",
    "COUNTIF",
    "QUANTILE",
    "ROUND",
    "FLOOR",
    "CEIL",
    "ABS",
    "LOWER",
    "UPPER",
    "SUBSTRING",
    "TRIM",
    "LENGTH",
    "STARTSWITH",
    "ENDSWITH",
    "JSONEXTRACTSTRING",
    "TOSTARTOFDAY",
    "TOSTARTOFWEEK",
    "TOSTARTOFMONTH",
    "TOSTARTOFQUARTER",
    "TOSTARTOFYEAR",
    "TOSTARTOFHOUR",
    "TOSTARTOFMINUTE",
    "DATE_TRUNC",
    "FORMATDATETIME",
    "FROMUNIXTIMESTAMP64MILLI",
    "TOUNIXTIMESTAMP64MILLI",
    "ARRAYFILTER",
];

/// How one interval kind moves a time: by calendar months, or by a fixed number of ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Months(i64),
    Ms(i64),
}

/// The step of an interval kind (`DAY`, `MONTH`, …, upper case, singular).
fn step_of(kind: &str) -> Option<Step> {
    match (months_of(kind), unit_ms(kind)) {
        (Some(k), _) => Some(Step::Months(k)),
        (None, Some(ms)) => Some(Step::Ms(ms)),
        _ => (kind == "MILLISECOND").then_some(Step::Ms(1)),
    }
}

/// An expression of ClickHouse intervals: one `Interval`, or a `Tuple` of them when kinds
/// differ (02457_tuple_of_intervals.reference: `INTERVAL 1 SECOND + INTERVAL 1 SECOND` is
/// `IntervalSecond` 2, `INTERVAL 1 HOUR + INTERVAL 1 SECOND + INTERVAL 1 SECOND` is
/// `Tuple(IntervalHour, IntervalSecond)` `(1,2)`), which moves a time by each element in turn
/// (a nested tuple's too: `addTupleOfIntervals` applies `plus` to each element).
#[derive(Debug, Clone)]
enum Intervals {
    /// One interval: its kind (upper case, singular), step and count (SQLite SQL).
    One(String, Step, String),
    /// A tuple of intervals (or of tuples, as `tuplePlus` of different kinds makes).
    Tuple(Vec<Intervals>),
}

impl Intervals {
    /// ClickHouse's `negate` (of a tuple, `tupleNegate`: element by element).
    fn negated(self) -> Intervals {
        match self {
            Intervals::One(kind, step, count) => Intervals::One(kind, step, format!("-({count})")),
            Intervals::Tuple(items) => {
                Intervals::Tuple(items.into_iter().map(Intervals::negated).collect())
            }
        }
    }

    /// `self ± next` (`sign` -1 for `-`), as ClickHouse's arithmetic resolves it: two of one
    /// kind are one interval; another kind makes a tuple, and a tuple takes an interval into
    /// its last element when of its kind, else as an element of its own (`addInterval`,
    /// `subtractInterval`); two tuples go element by element (`tuplePlus`, `tupleMinus`). An
    /// interval plus or minus a tuple, tuples of different sizes, and a nested tuple plus an
    /// interval are ClickHouse errors (upstream's "Invalid analytics query").
    fn add(self, sign: i64, next: Intervals) -> Result<Intervals, ApiError> {
        let next = if sign < 0 { next.negated() } else { next };
        let refused = || query_error("Invalid analytics query");
        Ok(match (self, next) {
            (Intervals::One(kind, step, a), Intervals::One(other, _, b)) if kind == other => {
                Intervals::One(kind, step, format!("({a}) + ({b})"))
            }
            (one @ Intervals::One(..), other @ Intervals::One(..)) => {
                Intervals::Tuple(vec![one, other])
            }
            (Intervals::One(..), Intervals::Tuple(_)) => return Err(refused()),
            (Intervals::Tuple(mut items), Intervals::One(other, step, b)) => {
                if items.iter().any(|item| matches!(item, Intervals::Tuple(_))) {
                    return Err(refused());
                }
                match items.last_mut() {
                    Some(Intervals::One(kind, _, a)) if *kind == other => {
                        *a = format!("({a}) + ({b})");
                    }
                    _ => items.push(Intervals::One(other, step, b)),
                }
                Intervals::Tuple(items)
            }
            (Intervals::Tuple(items), Intervals::Tuple(others)) => {
                if items.len() != others.len() {
                    return Err(refused());
                }
                let sums: Result<Vec<_>, _> = items
                    .into_iter()
                    .zip(others)
                    .map(|(item, other)| item.add(1, other))
                    .collect();
                Intervals::Tuple(sums?)
            }
        })
    }

    /// Whether ClickHouse compares `self` with `other`: intervals of one family (months,
    /// quarters and years; or the fixed-length kinds), tuples of such element by element.
    fn comparable(&self, other: &Intervals) -> bool {
        match (self, other) {
            (Intervals::One(_, a, _), Intervals::One(_, b, _)) => {
                matches!(a, Step::Months(_)) == matches!(b, Step::Months(_))
            }
            (Intervals::Tuple(a), Intervals::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.comparable(y))
            }
            _ => false,
        }
    }

    /// The common type of `self` and `other` (ClickHouse's getLeastSupertype): of two intervals
    /// of one family the smaller kind (`findSmallestIntervalSuperType`), of tuples of one size
    /// element by element; `None` when there is none (NO_COMMON_TYPE). Its counts are
    /// `self`'s.
    fn supertype(self, other: &Intervals) -> Option<Intervals> {
        match (self, other) {
            (Intervals::One(kind, step, count), Intervals::One(other_kind, other_step, _)) => {
                let months = |s: &Step| matches!(s, Step::Months(_));
                let length = |s: &Step| match s {
                    Step::Months(n) | Step::Ms(n) => *n,
                };
                if months(&step) != months(other_step) {
                    None
                } else if length(other_step) < length(&step) {
                    Some(Intervals::One(other_kind.clone(), *other_step, count))
                } else {
                    Some(Intervals::One(kind, step, count))
                }
            }
            (Intervals::Tuple(items), Intervals::Tuple(others)) if items.len() == others.len() => {
                let items: Option<Vec<_>> = items
                    .into_iter()
                    .zip(others)
                    .map(|(a, b)| a.supertype(b))
                    .collect();
                items.map(Intervals::Tuple)
            }
            _ => None,
        }
    }

    /// The same intervals with the counts `counts` gives, in the order of [`Intervals::moves`].
    fn with_counts(&self, counts: &mut impl Iterator<Item = String>) -> Intervals {
        match self {
            Intervals::One(kind, step, _) => {
                Intervals::One(kind.clone(), *step, counts.next().unwrap_or_default())
            }
            Intervals::Tuple(items) => {
                Intervals::Tuple(items.iter().map(|item| item.with_counts(counts)).collect())
            }
        }
    }

    /// Its length in months or ms in SQLite SQL (a tuple's as a row value, flattened: a
    /// nested tuple compares as its elements in turn).
    fn length_sql(&self) -> String {
        let lengths: Vec<String> = self
            .moves()
            .into_iter()
            .map(|(step, count)| match step {
                Step::Months(n) | Step::Ms(n) => format!("(({count}) * {n})"),
            })
            .collect();
        match self {
            Intervals::One(..) => lengths.concat(),
            Intervals::Tuple(_) => format!("({})", lengths.join(", ")),
        }
    }

    /// `toString` of it in SQLite SQL: an interval's count, a tuple as `(a,b)`.
    fn text_sql(&self) -> String {
        match self {
            Intervals::One(_, _, count) => format!("CAST(({count}) AS TEXT)"),
            Intervals::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Intervals::text_sql).collect();
                format!("('(' || {} || ')')", items.join(" || ',' || "))
            }
        }
    }

    /// Each interval in the order it moves a time: its step and count.
    fn moves(&self) -> Vec<(Step, &str)> {
        match self {
            Intervals::One(_, step, count) => vec![(*step, count.as_str())],
            Intervals::Tuple(items) => items.iter().flat_map(Intervals::moves).collect(),
        }
    }

    /// `time + self` in SQLite SQL (times are Unix ms).
    fn applied(&self, time: &str) -> String {
        self.moves()
            .into_iter()
            .fold(time.to_string(), |acc, (step, count)| match step {
                Step::Months(k) => format!("ch_add_months({acc}, ({count}) * {k})"),
                Step::Ms(ms) => format!("({acc} + ({count}) * {ms})"),
            })
    }
}

/// The SQLite function a tuple of intervals answered as a column calls: upstream's Go driver
/// panics reading a `Tuple` into the `Dynamic` its route scans each column into (clickhouse-go
/// v2.42 `Tuple.scanStruct` sets an unexported field of it), which upstream's panic recovery
/// answers as a 500 (see [`sqlite_error`]). It fails when a row is read, as there.
const TUPLE_OF_INTERVALS: &str = "ch_tuple_of_intervals";

/// Months in one `INTERVAL` unit counted in months.
fn months_of(unit: &str) -> Option<i64> {
    match unit.trim_end_matches('S') {
        "MONTH" => Some(1),
        "QUARTER" => Some(3),
        "YEAR" => Some(12),
        _ => None,
    }
}

/// `ms` moved by `months` calendar months, the day clamped to the month's last (as ClickHouse
/// adds months to a date), the time of day kept.
fn add_months(ms: i64, months: i64) -> i64 {
    // Beyond a million years either way the arithmetic below would overflow.
    let months = months.clamp(-12_000_000, 12_000_000);
    let day = ms.div_euclid(86_400_000);
    let rest = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(day);
    let total = y * 12 + (m - 1) + months;
    let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
    let last = days_in_month(ny, nm);
    days_from_civil(ny, nm, d.min(last))
        .saturating_mul(86_400_000)
        .saturating_add(rest)
}

/// ClickHouse's `date_trunc(unit, t)` on Unix ms (weeks start on Monday).
fn date_trunc(unit: &str, ms: i64) -> Option<i64> {
    const DAY: i64 = 86_400_000;
    let day = ms.div_euclid(DAY);
    let (y, m, _) = civil_from_days(day);
    Some(match unit.to_ascii_lowercase().as_str() {
        "second" => ms - ms.rem_euclid(1000),
        "minute" => ms - ms.rem_euclid(60_000),
        "hour" => ms - ms.rem_euclid(3_600_000),
        "day" => day * DAY,
        // 1970-01-01 was a Thursday (3 days after a Monday).
        "week" => (day - (day + 3).rem_euclid(7)) * DAY,
        "month" => days_from_civil(y, m, 1) * DAY,
        "quarter" => start_of_quarter(ms),
        "year" => days_from_civil(y, 1, 1) * DAY,
        _ => return None,
    })
}

/// ClickHouse's `formatDateTime(t, format)` for Unix µs (UTC), with its common specifiers:
/// `%Y %y %m %d %e %H %I %i %S %s %f %M %b %F %T %D %j %p %w %u %n %t %%`; `None` for another.
/// `%f` is six digits, of a `DateTime64` (`fraction`) its fraction of a second, else zeros (as
/// ClickHouse without `formatdatetime_f_prints_scale_number_of_digits`, off by default).
fn format_datetime(us: i64, format: &str, fraction: bool) -> Option<String> {
    let ms = us.div_euclid(1000);
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let day = ms.div_euclid(86_400_000);
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    let (y, m, d) = civil_from_days(day);
    let (h, mi, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    let month = MONTHS.get(usize::try_from(m - 1).ok()?)?;
    let weekday = (day + 4).rem_euclid(7); // Sunday = 0
    let yday = day - days_from_civil(y, 1, 1) + 1;
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let piece = match chars.next()? {
            'Y' => format!("{y:04}"),
            'y' => format!("{:02}", y.rem_euclid(100)),
            'm' => format!("{m:02}"),
            'd' => format!("{d:02}"),
            'e' => format!("{d:>2}"),
            'H' => format!("{h:02}"),
            'I' => format!("{:02}", if h % 12 == 0 { 12 } else { h % 12 }),
            'i' => format!("{mi:02}"),
            'S' | 's' => format!("{s:02}"),
            'f' if fraction => format!("{:06}", us.rem_euclid(1_000_000)),
            'f' => "000000".to_string(),
            'M' => (*month).to_string(),
            'b' => month.get(..3)?.to_string(),
            'F' => format!("{y:04}-{m:02}-{d:02}"),
            'T' => format!("{h:02}:{mi:02}:{s:02}"),
            'D' => format!("{m:02}/{d:02}/{:02}", y.rem_euclid(100)),
            'j' => format!("{yday:03}"),
            'p' => (if h < 12 { "AM" } else { "PM" }).to_string(),
            'w' => weekday.to_string(),
            'u' => (if weekday == 0 { 7 } else { weekday }).to_string(),
            'n' => "\n".to_string(),
            't' => "\t".to_string(),
            '%' => "%".to_string(),
            _ => return None,
        };
        out.push_str(&piece);
    }
    Some(out)
}

/// The first millisecond of the quarter of `ms`.
fn start_of_quarter(ms: i64) -> i64 {
    let (y, m, _) = civil_from_days(ms.div_euclid(86_400_000));
    days_from_civil(y, (m - 1) / 3 * 3 + 1, 1) * 86_400_000
}

/// ClickHouse's `quantile(level)(x)`: the level-th value of the sorted values, interpolated
/// linearly between neighbours (exact here; ClickHouse samples above 8,192 values).
fn quantile_of(mut values: Vec<f64>, level: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let pos = level * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let frac = pos - lo as f64;
    let a = *values.get(lo)?;
    let b = values.get(lo + 1).copied().unwrap_or(a);
    Some(a + (b - a) * frac)
}

/// The words that start a join (`LEFT ANY JOIN`, `GLOBAL INNER JOIN`, …).
const JOIN_WORDS: [&str; 12] = [
    "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "GLOBAL", "ANY", "ALL", "SEMI", "ANTI",
    "ASOF",
];

/// Whether `word` (upper case) may follow a `FROM` source: a clause, or another join.
fn after_source(word: &str) -> bool {
    matches!(
        word,
        "WHERE" | "PREWHERE" | "GROUP" | "ORDER" | "LIMIT" | "HAVING"
    ) || JOIN_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Decimal(18, 3)` of seconds as shopspring's decimal writes it (trailing zeros
    /// dropped, no point when whole).
    #[test]
    fn decimal_seconds_as_go_writes_them() {
        assert_eq!(decimal_seconds(3_600_123_000), "3600.123");
        assert_eq!(decimal_seconds(3_600_000_000), "3600");
        assert_eq!(decimal_seconds(10_250_000), "10.25");
        assert_eq!(decimal_seconds(-250_000), "-0.25");
        assert_eq!(decimal_seconds(1_000_001), "1.000001");
        assert_eq!(decimal_seconds(0), "0");
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
        assert_eq!(parse_date("2026-12-06T10:00:00.250Z"), Some(t));
        assert_eq!(ymd(t), "2026-12-06");
        for bad in [
            "2026-13-01",
            "yesterday",
            "2026-12-06 10:00",
            "2026-12-06T10:00:00",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
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
        let r = q(
            &mut a,
            "SELECT key_space_id, count() AS n FROM key_verifications_v1 WHERE time >= now() - INTERVAL 7 DAY GROUP BY key_space_id",
        )
        .unwrap();
        assert_eq!(r, vec![json!({"key_space_id": "ks_a", "n": 2})]);
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
            ("time >= today()", 0),
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
                "DELETE FROM key_verifications_v1",
                "invalid_analytics_query_type",
            ),
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
}
