//! `ORDER BY … WITH FILL`: the rows ClickHouse adds, computed over a `SELECT`'s sorted answer.

use super::*;

/// Runs a [`Stage`]: its `SELECT` (with the query's CTEs, by `with_ctes`), fills its rows
/// ([`Filler`]), and writes them to its temporary table, its columns declared as the
/// `SELECT`'s (so they are answered as they would have been).
pub(super) fn fill_stage(
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
    // A constant: a number, or a time as Unix ms (a text is no number, [`check_fill_number`]).
    let constant = |sql: &str| -> Result<f64, ApiError> {
        let v = conn
            .query_row(&with_ctes(&format!("SELECT {sql}")), [], |r| {
                Ok(match r.get_ref(0)? {
                    ValueRef::Integer(n) => Some(n as f64),
                    ValueRef::Real(f) if f.is_finite() => Some(f),
                    _ => None,
                })
            })
            .map_err(sqlite_error)?;
        v.ok_or_else(|| query_error("Invalid analytics query"))
    };
    // A constant integer as it is (a `DateTime64` of ns).
    let exact = |sql: &str| -> Result<i64, ApiError> {
        conn.query_row(&with_ctes(&format!("SELECT {sql}")), [], |r| {
            Ok(match r.get_ref(0)? {
                ValueRef::Integer(n) => Some(n),
                _ => None,
            })
        })
        .map_err(sqlite_error)?
        .ok_or_else(|| query_error("Invalid analytics query"))
    };
    let mut specs = Vec::new();
    for (c, col) in &stage.cols {
        let (at, ty) = place(c);
        // `FROM` and `TO`; a number given for a time counts its units, as ClickHouse
        // converts it. A time given for a number is FillingTransform's "Incompatible types of
        // WITH FILL expression values" (tryConvertFields: a time bound must be of the
        // column's type), upstream's "Invalid analytics query".
        let bound = |b: &Option<(String, Ty)>| -> Result<Option<f64>, ApiError> {
            let Some((sql, bound_ty)) = b else {
                return Ok(None);
            };
            // (Nor a time of another type for a time: tryConvertFields takes one of the
            // column's very type.)
            if bound_ty.is_time()
                && (matches!(ty, Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal)
                    || ty.is_time() && *bound_ty != ty)
            {
                return Err(query_error("Invalid analytics query"));
            }
            let v = constant(sql)?;
            let counts = matches!(bound_ty, Ty::Int(_) | Ty::Float);
            Ok(Some(if counts { v * fill_unit(ty) } else { v }))
        };
        let amount = |a: &Option<FillAmount>| -> Result<Option<FillStep>, ApiError> {
            let Some(FillAmount { count, per }) = a else {
                return Ok(None);
            };
            let n = constant(count)?;
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
        let step = amount(&col.step)?.unwrap_or(FillStep::Units(if col.desc { -1.0 } else { 1.0 }));
        let staleness = amount(&col.staleness)?;
        let (from, to, base) = match ty {
            Ty::Nanos(_) => {
                let first = rows.iter().find_map(|r| match r.get(at) {
                    Some(V::Integer(n)) => Some(*n),
                    _ => None,
                });
                nanos_bounds(ty, col, first, &exact)?
            }
            _ => (bound(&col.from)?, bound(&col.to)?, 0),
        };
        let spec = FillSpec {
            at,
            ty,
            desc: col.desc,
            from,
            to,
            step,
            staleness,
            base,
        };
        spec.check()?;
        specs.push(spec);
    }
    let mut values: Vec<Vec<Option<f64>>> = Vec::new();
    for r in &rows {
        let mut row = Vec::new();
        for s in &specs {
            row.push(match (r.get(s.at), s.ty) {
                (Some(V::Integer(n)), Ty::Nanos(_)) => Some(nanos_offset(*n, s.base)?),
                (Some(V::Integer(n)), _) => Some(*n as f64),
                (Some(V::Real(f)), _) => Some(*f),
                _ => None,
            });
        }
        values.push(row);
    }
    let prefix: Vec<usize> = stage.prefix.iter().map(|c| place(c).0).collect();
    let same = |a: usize, b: usize| {
        prefix
            .iter()
            .all(|c| rows.get(a).and_then(|r| r.get(*c)) == rows.get(b).and_then(|r| r.get(*c)))
    };
    let offset = usize::try_from(stage.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(stage.limit).unwrap_or(0);
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
                        *x = s.value(v);
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

/// The `FROM` and `TO` of a `WITH FILL` column of a `DateTime64` of ns (`ty`, its first value
/// `first`; `exact` reads a constant) and its base: its values are held as their distance in ns
/// from its `FROM` (else its first value, else its `TO`), a `f64` that holds them exactly up
/// to 2^53 ns (about 104 days; a larger distance is not run). A bound is of its very type
/// (FillingTransform's tryConvertFields: a time of another type, another scale too, is
/// "Incompatible types of WITH FILL expression values", upstream's "Invalid analytics
/// query") or an integer of seconds (converted to its `Decimal64`); another is not run.
pub(super) fn nanos_bounds(
    ty: Ty,
    col: &FillCol,
    first: Option<i64>,
    exact: &dyn Fn(&str) -> Result<i64, ApiError>,
) -> Result<(Option<f64>, Option<f64>, i64), ApiError> {
    let bound = |b: &Option<(String, Ty)>| -> Result<Option<i64>, ApiError> {
        let Some((sql, bound_ty)) = b else {
            return Ok(None);
        };
        match bound_ty {
            t if *t == ty => exact(sql).map(Some),
            Ty::Int(_) => exact(sql)?
                .checked_mul(1_000_000_000)
                .map(Some)
                .ok_or_else(|| unsupported("WITH FILL of a DateTime64 of scale 7 to 9 past 2262")),
            t if t.is_time() => Err(query_error("Invalid analytics query")),
            _ => Err(unsupported(
                "WITH FILL of a DateTime64 of scale 7 to 9 from or to a value other than one of its type or an integer",
            )),
        }
    };
    let (from, to) = (bound(&col.from)?, bound(&col.to)?);
    let base = from.or(first).or(to).unwrap_or(0);
    Ok((
        from.map(|v| nanos_offset(v, base)).transpose()?,
        to.map(|v| nanos_offset(v, base)).transpose()?,
        base,
    ))
}

/// `v` less `base` (ns) as a `f64`, exact; not run past 2^53 ns.
fn nanos_offset(v: i64, base: i64) -> Result<f64, ApiError> {
    match v.checked_sub(base) {
        Some(d) if d.unsigned_abs() <= 1 << 53 => Ok(d as f64),
        _ => Err(unsupported(
            "WITH FILL of a DateTime64 of scale 7 to 9 over more than 2^53 ns (about 104 days)",
        )),
    }
}

/// A `WITH FILL` `FROM`, `TO`, `STEP` or `STALENESS` of type `ty` is of a type ClickHouse
/// stores as a number (PlannerSorting.cpp's extractWithFillValue and
/// extractWithFillValueWithIntervalKind, `isColumnedAsNumber`; its analyzer's
/// resolveSortNodeList too): a string, even one that reads as a date (`FROM '2026-01-01'`, which
/// ClickHouse does not convert to the key's type), or an array is its
/// INVALID_WITH_FILL_EXPRESSION "… must be constant with numeric type", upstream's "Invalid
/// analytics query".
pub(super) fn check_fill_number(ty: Ty) -> Result<(), ApiError> {
    match ty {
        Ty::Str | Ty::Array(_) => Err(query_error("Invalid analytics query")),
        _ => Ok(()),
    }
}

/// A `SELECT … ORDER BY … WITH FILL`: SQLite runs and sorts it, its rows are filled as
/// ClickHouse fills them ([`Filler`]) into the temporary table `table`, and the query reads that
/// table where the `SELECT` was (so a filled subquery or arm of a set operation feeds the rest).
#[derive(Debug, Clone)]
pub(super) struct Stage {
    pub(super) table: String,
    pub(super) select: String,
    /// The `WITH FILL` columns.
    pub(super) cols: Vec<(StageCol, FillCol)>,
    /// The columns of the sorting prefix (see [`Fill::prefix`]).
    pub(super) prefix: Vec<StageCol>,
    /// `INTERPOLATE`: each answered column and its SQLite SQL over the previous row's columns.
    pub(super) interpolate: Vec<(usize, String)>,
    /// The rows answered after filling (the `LIMIT`, or the query's cap).
    pub(super) limit: i64,
    pub(super) offset: i64,
    /// See [`Fill::distinct`].
    pub(super) distinct: bool,
    /// The `SELECT`'s columns: names and ClickHouse types.
    pub(super) columns: Vec<(String, Ty)>,
}

/// ClickHouse's `ORDER BY … WITH FILL [FROM a] [TO b] [STEP s] [STALENESS t], …
/// [INTERPOLATE [(col [AS expr], …)]]` of one `SELECT`, with its `LIMIT` and `OFFSET` (which
/// apply to the filled rows): rows are added for the missing steps of each `WITH FILL` column,
/// their other columns their types' defaults (or interpolated).
#[derive(Debug, Clone, Default)]
pub(super) struct Fill {
    /// The `ORDER BY` items before the first `WITH FILL` one (the sorting prefix): each run of
    /// rows with equal values of them is filled on its own (ClickHouse's
    /// `use_with_fill_by_sorting_prefix`, on by default), its filled rows taking those values.
    pub(super) prefix: Vec<FillKey>,
    /// The `WITH FILL` items, in order.
    pub(super) cols: Vec<(FillKey, FillCol)>,
    /// `INTERPOLATE`: the columns and their expressions as SQLite SQL (`None`: the column's
    /// previous value); an empty list stands for every column not ordered by.
    pub(super) interpolate: Option<Vec<(FillKey, Option<String>)>>,
    pub(super) limit: Option<i64>,
    pub(super) offset: i64,
    /// A `SELECT DISTINCT` that sorts by an expression it does not answer: SQLite runs it
    /// without `DISTINCT`, numbering the rows as read ([`DISTINCT_READ`]), and the stage keeps
    /// the row of each answer read first.
    pub(super) distinct: bool,
}

impl Fill {
    /// The translation's own columns its stage reads of the `SELECT` (see
    /// [`Tr::fill_expressions`]): the keys it does not answer, and [`DISTINCT_READ`].
    pub(super) fn hidden(&self) -> Vec<String> {
        let keys = self.prefix.iter().chain(self.cols.iter().map(|(k, _)| k));
        let mut names: Vec<String> = keys
            .filter_map(|k| match k {
                FillKey::Hidden(name, _) => Some(name.clone()),
                _ => None,
            })
            .collect();
        if self.distinct {
            names.push(DISTINCT_READ.into());
        }
        names
    }
}

/// The column in which a [`Fill::distinct`] `SELECT` numbers its rows as read.
pub(super) const DISTINCT_READ: &str = "__ul_read";

/// An `ORDER BY` item `WITH FILL` fills by (or sorts by first): an answered column by name, or
/// by position (from 1, from the end where the flag is set), another expression (its tokens) until the `SELECT`'s list is known,
/// and then, if it is not answered, the column of the translation's own that computes it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum FillKey {
    Name(String),
    Position(usize, bool),
    Expr(usize, usize),
    Hidden(String, Ty),
}

impl FillKey {
    /// The column it names among the `SELECT`'s `columns` (a position counts the answered
    /// ones only, which come before the translation's own).
    pub(super) fn column(&self, columns: &[(String, Ty)]) -> Option<StageCol> {
        match self {
            FillKey::Name(n) => columns.iter().position(|(c, _)| c == n),
            FillKey::Position(n, from_end) => {
                let answered = columns.iter().take_while(|(c, _)| !own_column(c)).count();
                super::rollup::answered_at(*n, *from_end, answered)
            }
            FillKey::Expr(..) => None,
            FillKey::Hidden(name, ty) => return Some(StageCol::Hidden(name.clone(), *ty)),
        }
        .map(StageCol::Answered)
    }
}

/// A column of a [`Stage`]: an answered one (its index), or one of the translation's own
/// (`__ul_…`: its name and type) that an `ORDER BY … WITH FILL` expression needs.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum StageCol {
    Answered(usize),
    Hidden(String, Ty),
}

/// One `WITH FILL` column.
#[derive(Debug, Clone)]
pub(super) struct FillCol {
    pub(super) desc: bool,
    /// `FROM` and `TO`: SQLite SQL of constants, and their ClickHouse types.
    pub(super) from: Option<(String, Ty)>,
    pub(super) to: Option<(String, Ty)>,
    pub(super) step: Option<FillAmount>,
    pub(super) staleness: Option<FillAmount>,
}

/// A `WITH FILL` `STEP` or `STALENESS` as written: a count (SQLite SQL of a constant, evaluated
/// when the query runs) of one step `per` (a unit of the column, or an interval's unit).
#[derive(Debug, Clone)]
pub(super) struct FillAmount {
    pub(super) count: String,
    pub(super) per: FillStep,
}

/// A `WITH FILL` `STEP` or `STALENESS` (negative when descending).
#[derive(Debug, Clone, Copy)]
pub(super) enum FillStep {
    /// A number: of the column's units (a day of a `Date`, a second of a `DateTime`).
    Units(f64),
    /// `INTERVAL n SECOND…WEEK`, in ms.
    Ms(i64),
    /// `INTERVAL n MONTH|QUARTER|YEAR`, in months.
    Months(i64),
}

impl FillStep {
    /// Its signed count.
    pub(super) fn amount(self) -> f64 {
        match self {
            FillStep::Units(n) => n,
            FillStep::Ms(n) | FillStep::Months(n) => n as f64,
        }
    }

    /// `v` (a number, or a time as it is held) moved by `times` steps, for a column of type
    /// `ty`.
    pub(super) fn apply(self, v: f64, times: i64, ty: Ty) -> f64 {
        match self {
            FillStep::Units(n) => v + n * times as f64 * fill_unit(ty),
            FillStep::Ms(d) => v + d as f64 * times as f64 * held_per_ms(ty),
            // (Bounded to the calendar's reach, so the arithmetic cannot overflow.)
            FillStep::Months(m) => add_months(
                v.clamp(-1e15, 1e15) as i64,
                m.saturating_mul(times).clamp(-1_000_000, 1_000_000),
            ) as f64,
        }
    }
}

/// One unit of a `WITH FILL` column of type `ty` as its values are held (for a time in ms, of
/// a `DateTime64` of ns in ns; for a number, 1): what a plain `STEP`, or a number as
/// `FROM`/`TO`, counts (of a `DateTime64`, seconds: FillingTransform converts a number to its
/// `Decimal64` of the column's scale).
pub(super) fn fill_unit(ty: Ty) -> f64 {
    match ty {
        Ty::Date => 86_400_000.0,
        Ty::DateTime | Ty::DateTime64(_) => 1000.0,
        Ty::Nanos(_) => 1e9,
        _ => 1.0,
    }
}

/// How many of its held units a ms is, for a time of type `ty` (ns of a `DateTime64` of ns).
fn held_per_ms(ty: Ty) -> f64 {
    match ty {
        Ty::Nanos(_) => 1e6,
        _ => 1.0,
    }
}

/// A value of a column of type `ty` in a filled row: `v` as the column holds it, or (`None`) the
/// type's default.
pub(super) fn fill_value(ty: Ty, v: Option<f64>) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match (ty, v) {
        (Ty::Float | Ty::Decimal, Some(v)) => V::Real(v),
        (_, Some(v)) => V::Integer(v.round() as i64),
        (
            Ty::Int(_)
            | Ty::Float
            | Ty::Bool
            | Ty::Date
            | Ty::DateTime
            | Ty::DateTime64(_)
            | Ty::Nanos(_)
            | Ty::DecimalNanos
            | Ty::Decimal,
            None,
        ) => V::Integer(0),
        (Ty::Str, None) => V::Text(String::new()),
        (Ty::Array(_), None) => V::Text(format!("{ARRAY_MARK}[]")),
        (Ty::Unknown | Ty::Interval, None) => V::Null,
    }
}

/// A `WITH FILL` column while filling: where it is, its direction, bounds and steps.
#[derive(Debug, Clone)]
pub(super) struct FillSpec {
    pub(super) at: usize,
    pub(super) ty: Ty,
    pub(super) desc: bool,
    pub(super) from: Option<f64>,
    pub(super) to: Option<f64>,
    pub(super) step: FillStep,
    pub(super) staleness: Option<FillStep>,
    /// Of a `DateTime64` of ns ([`Ty::Nanos`]), the value its others are held as distances
    /// from (see [`nanos_bounds`]); 0 otherwise.
    pub(super) base: i64,
}

impl FillSpec {
    /// A filled row's value of this column (`v` as the filling holds it, `None` for the
    /// type's default).
    pub(super) fn value(&self, v: Option<f64>) -> rusqlite::types::Value {
        match (self.ty, v) {
            (Ty::Nanos(_), Some(v)) => {
                rusqlite::types::Value::Integer(self.base.saturating_add(v.round() as i64))
            }
            _ => fill_value(self.ty, v),
        }
    }

    /// What ClickHouse refuses of it (INVALID_WITH_FILL_EXPRESSION and its like, which
    /// upstream answers as any other query error): a column other than a number or a time, a
    /// step of zero or against the direction, `TO` before `FROM`, a fraction of an integer's
    /// (a `Date`'s, a `DateTime`'s) units, an `INTERVAL` of a number, less than a day of a
    /// `Date`.
    pub(super) fn check(&self) -> Result<(), ApiError> {
        let steps: Vec<FillStep> = std::iter::once(self.step).chain(self.staleness).collect();
        // (Of ns, steps of a second's fraction or more are walked, not calendar months.)
        let months = steps.iter().any(|s| matches!(s, FillStep::Months(_)));
        if self.ty == Ty::DecimalNanos || matches!(self.ty, Ty::Nanos(_)) && months {
            return Err(unsupported(
                "WITH FILL of a DateTime64 of scale 7 to 9 by months, or of a Decimal of ns",
            ));
        }
        // (Its steps are ClickHouse's decimal sums, see [`DECIMAL_ARITHMETIC`].)
        if self.ty == Ty::Decimal {
            return Err(unsupported(
                "WITH FILL of a DateTime64 less a time (a Decimal, held as a float here)",
            ));
        }
        let fraction = |s: &FillStep| matches!(s, FillStep::Units(n) if n.fract() != 0.0);
        let interval = |s: &FillStep| !matches!(s, FillStep::Units(_));
        let refused = match self.ty {
            // FillingTransform's tryConvertFields takes integers, floats and times only (of a
            // `Nullable` too). What [`Tr::expr_ty`] leaves untyped is none: a `NULL`
            // (`Nullable(Nothing)`), an empty array's element (`Nothing`), a tuple, or an
            // expression ClickHouse's own typing refuses (a string plus a number).
            Ty::Unknown | Ty::Interval | Ty::Str | Ty::Array(_) => true,
            // (A `Bool` is a `UInt8` to ClickHouse's filling.)
            Ty::Int(_) | Ty::Bool => steps.iter().any(|s| fraction(s) || interval(s)),
            Ty::Float | Ty::Decimal => steps.iter().any(interval),
            Ty::Date | Ty::DateTime => {
                steps.iter().any(fraction)
                    || (self.ty == Ty::Date
                        && steps
                            .iter()
                            .any(|s| matches!(s, FillStep::Ms(ms) if ms.abs() < 86_400_000)))
            }
            Ty::DateTime64(_) | Ty::Nanos(_) | Ty::DecimalNanos => false,
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
pub(super) enum Filled {
    Row(usize),
    Fill(Vec<Option<f64>>, Option<usize>),
}

/// Filling sorted rows as ClickHouse's `FillingTransform` does (our own code, after its
/// behaviour in `src/Processors/Transforms/FillingTransform.cpp` and
/// `src/Interpreters/FillingRow.cpp`): a "filling row" of the `WITH FILL` columns walks by
/// `STEP` towards each original row, a row inserted for each step short of it; with several
/// columns a later one steps within the earlier ones' values; `FROM` starts each run, `TO` (or
/// `STALENESS` past the last original row) ends it.
pub(super) struct Filler<'a> {
    pub(super) cols: &'a [FillSpec],
    /// The filling row.
    pub(super) row: Vec<Option<f64>>,
    /// The `WITH FILL` values of the original row it walks towards (all `None` at the end).
    pub(super) next: Vec<Option<f64>>,
    /// Where each column's filling stops: `TO`, or nearer with `STALENESS`.
    pub(super) limits: Vec<Option<f64>>,
    /// Whether the filling row was inserted, and whether it moved since.
    pub(super) inserted: bool,
    pub(super) changed: bool,
    pub(super) out: Vec<Filled>,
    /// Rows wanted at most (any after them would not be answered).
    pub(super) cap: usize,
}

impl Filler<'_> {
    /// Fills `values` (each original row's `WITH FILL` values, sorted), the rows of each run of
    /// equal sorting prefixes (`same(a, b)`) on their own.
    pub(super) fn run(
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
    pub(super) fn less(&self, i: usize, a: f64, b: f64) -> bool {
        match self.cols.get(i) {
            Some(c) if c.desc => b < a,
            _ => a < b,
        }
    }

    /// `v` moved by `times` steps of column `i`.
    pub(super) fn step(&self, i: usize, v: f64, times: i64) -> f64 {
        self.cols.get(i).map_or(v, |c| c.step.apply(v, times, c.ty))
    }

    pub(super) fn full(&self) -> bool {
        self.out.len() >= self.cap
    }

    /// Inserts the filling row, its sorting prefix that of the original row `prefix`.
    pub(super) fn put(&mut self, prefix: Option<usize>) {
        if !self.full() {
            self.out.push(Filled::Fill(self.row.clone(), prefix));
        }
        self.inserted = true;
        self.changed = false;
    }

    /// Whether row `a` comes before row `b` (at the first column both have and that differs).
    pub(super) fn row_less(&self, a: &[Option<f64>], b: &[Option<f64>]) -> bool {
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
    pub(super) fn restart_from(&mut self, k: usize) {
        for (i, c) in self.cols.iter().enumerate().skip(k) {
            if let Some(v) = self.row.get_mut(i) {
                *v = c.from;
            }
        }
    }

    /// Columns from `k` on are set to `TO` (or none).
    pub(super) fn restart_to(&mut self, k: usize) {
        for (i, c) in self.cols.iter().enumerate().skip(k) {
            if let Some(v) = self.row.get_mut(i) {
                *v = c.to;
            }
        }
    }

    /// Whether the filling row is short of its limit (at its first column that has one).
    pub(super) fn within_limits(&self) -> bool {
        for (i, (v, l)) in self.row.iter().zip(&self.limits).enumerate() {
            if let (Some(v), Some(l)) = (v, l) {
                return self.less(i, *v, *l);
            }
        }
        true
    }

    /// With `STALENESS`: each such column's limit becomes the original `values` plus it (or
    /// `TO`, when nearer).
    pub(super) fn stale_limits(&mut self, values: &[Option<f64>]) {
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
    pub(super) fn restart_after(&mut self, pos: usize) -> bool {
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
    pub(super) fn advance(&mut self) -> bool {
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
    pub(super) fn shift(&mut self) -> bool {
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
    pub(super) fn range(&mut self, values: &[Vec<Option<f64>>], start: usize, end: usize) {
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
    pub(super) fn suffix(&mut self, prefix: Option<usize>) {
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

impl<'t> Tr<'t> {
    /// `WITH FILL [FROM a] [TO b] [STEP s] [STALENESS t]` at `i`, after the `ORDER BY` item
    /// that ends there (`order`: where the `ORDER BY` list starts): adds the item to the
    /// `SELECT`'s [`Fill`] (at its first, the items before it are the sorting prefix) and
    /// returns the index after it.
    pub(super) fn with_fill(
        &mut self,
        i: usize,
        b: usize,
        order: usize,
    ) -> Result<usize, ApiError> {
        // The `ORDER BY` items up to `i`: the last is the one filled, those before it the
        // sorting prefix.
        let mut items = self.list_items(order, i);
        let Some((start, _)) = items.pop().filter(|(_, e)| *e == i) else {
            return Err(query_error("Invalid SQL syntax: a form read otherwise"));
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
                // (An interval is no bound: PlannerSorting.cpp's extractWithFillValue takes
                // only what is stored as a number.)
                let ty = self.expr_ty(j + 1, end, &scope);
                if ty == Ty::Interval {
                    return Err(query_error("Invalid analytics query"));
                }
                check_fill_number(ty)?;
                *bound = Some((self.expression(j + 1, end)?, ty));
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
    pub(super) fn fill_expressions(
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
                *key = FillKey::Position(n + 1, false);
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
    pub(super) fn order_key(&self, a: usize, mut e: usize) -> Result<(FillKey, bool), ApiError> {
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
        // An integer literal, in parentheses or not (its parser keeps none).
        let (u, v) = self.unparenthesized(a, e);
        match (self.position(u, v), self.toks.get(u..v)) {
            (Some((n, from_end)), _) => Ok((FillKey::Position(n, from_end), desc)),
            (None, Some([Tok::Num(_)])) => Err(query_error("Invalid analytics query")),
            _ if e > a => Ok((FillKey::Expr(a, e), desc)),
            _ => Err(query_error("Invalid SQL syntax: a form read otherwise")),
        }
    }

    /// A `WITH FILL` `STEP` or `STALENESS` over `[a, e)`: a numeric constant expression (of the
    /// column's units), `INTERVAL n UNIT` or `toInterval<Unit>(n)` (`n` one too).
    pub(super) fn fill_amount(
        &mut self,
        a: usize,
        e: usize,
        scope: &[Src],
    ) -> Result<FillAmount, ApiError> {
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
            // ClickHouse counts in any constant of a type stored as a number
            // ([`check_fill_number`]): a Bool as 0 or 1, a date as its days, a time as its
            // seconds (an interval other than those read above is no number either).
            let ty = self.expr_ty(a, e, scope);
            if ty == Ty::Interval {
                return Err(query_error("Invalid analytics query"));
            }
            check_fill_number(ty)?;
            let count = self.expression(a, e)?;
            let count = match ty {
                Ty::Date => floor_div_sql(&count, 86_400_000),
                Ty::DateTime => floor_div_sql(&count, 1000),
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
    pub(super) fn check_fill_constant(&self, a: usize, e: usize) -> Result<(), ApiError> {
        if self.varies(a, e) {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }

    /// `INTERPOLATE [(col [AS expr], …)]` at `i`: recorded in the `SELECT`'s [`Fill`], its
    /// expressions over the answered columns (by their names); returns the index after it.
    pub(super) fn interpolate(&mut self, i: usize, b: usize) -> Result<usize, ApiError> {
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
            let interpolating = std::mem::replace(&mut self.interpolating, true);
            let mut items = Vec::new();
            for (a, e) in self.arguments(i + 1) {
                let item = match self.toks.get(a..e) {
                    Some([Tok::Word(c)]) => Ok((FillKey::Name(c.clone()), None)),
                    Some([Tok::Word(c), Tok::Word(kw), ..]) if kw.eq_ignore_ascii_case("AS") => {
                        self.expression(a + 2, e)
                            .map(|sql| (FillKey::Name(c.clone()), Some(sql)))
                    }
                    _ => Err(query_error("Invalid SQL syntax: a form read otherwise")),
                };
                items.push(item);
            }
            self.interpolating = interpolating;
            self.scopes.pop();
            self.select_aliases.pop();
            for item in items {
                list.push(item?);
            }
            end = close + 1;
        }
        match self.fill.as_mut() {
            Some(fill) => fill.interpolate = Some(list),
            None => return Err(query_error("Invalid SQL syntax: a form read otherwise")),
        }
        Ok(end)
    }

    /// The `SELECT` just translated to `sql` (its columns in `last_cols`), with `fill`: it
    /// becomes a [`Stage`], and what stands in its place reads the filled rows.
    pub(super) fn fill_stage(&mut self, sql: String, fill: Fill) -> Result<String, ApiError> {
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
            limit: fill.limit.unwrap_or(self.rows_max),
            offset: fill.offset,
            distinct: fill.distinct,
            columns,
        });
        Ok(read)
    }
}
