//! ClickHouse's `Interval`s and tuples of them: their algebra, and how each place they
//! stand in reads them.

use super::*;

/// A subquery's column of an `Interval` type whose kinds are not known here (a set
/// operation's whose arms are not all intervals of known kinds or `NULL`) read where its kind
/// matters (see [`Tr::interval_column_read`]); one of known kinds reads as those intervals
/// (see [`Tr::column_intervals`]).
pub(super) fn interval_column_not_run() -> ApiError {
    unsupported("a subquery's interval column other than answered, sorted, grouped, or passed whole to toString, concat, count, uniq, uniqExact or length(groupArray(…))")
}

/// An interval of one kind cast to another (a comparison's or `if`'s common type) whose
/// count is not the same on every row: ClickHouse's conversion reads its first row's count
/// for every row (see [`converted`]).
pub(super) fn varying_conversion() -> ApiError {
    unsupported("an interval whose count is not a constant converted to another kind (compared with, or answered by if, coalesce or CASE beside, an interval of a smaller kind)")
}

/// The functions that answer one of their arguments, so of intervals an interval (see
/// [`Tr::interval_call`]).
pub(super) const INTERVAL_CALLS: &[&str] = &["IF", "COALESCE", "ANY", "MIN", "MAX"];

/// The functions of upstream's list that take no `Interval` (nor tuple of them): ClickHouse's
/// ILLEGAL_TYPE_OF_ARGUMENT, upstream's 400 "Invalid analytics query". `toDateTime64` finds
/// no conversion from it (CANNOT_CONVERT_TYPE), the aggregates and arithmetic take numbers
/// (`sum`, `avg`, `quantile`, `abs`, `round`, …), the others strings or times. (The other
/// conversions take one, see [`INTERVAL_CONVERSIONS`].)
pub(super) const INTERVAL_TYPE_ERRORS: &[&str] = &[
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

/// The conversions that read an `Interval` of one kind as its count, an `Int64`, which
/// ClickHouse 25.5.2 and 25.8.2 (chDB) agree on (`toInt64(INTERVAL 2 MONTH)` is 2,
/// `toDate(INTERVAL 1 DAY)` 1970-01-02, `toDateTime(INTERVAL 1 DAY)` 1970-01-01 00:00:01,
/// `CAST(INTERVAL 1 DAY AS Int64)` 1), not run here (see [`interval_conversion_not_run`]); of
/// a tuple of intervals they are its ILLEGAL_TYPE_OF_ARGUMENT.
pub(super) const INTERVAL_CONVERSIONS: &[&str] =
    &["TOINT32", "TOINT64", "TOFLOAT64", "TODATE", "TODATETIME"];

/// An interval converted to a number or a time, or compared with a number or a `DateTime`,
/// which ClickHouse reads as its count (see [`INTERVAL_CONVERSIONS`]; `1 = INTERVAL 1 MONTH`
/// is 1, `INTERVAL 1 DAY < now()` 1, ClickHouse 25.5.2 and 25.8.2 (chDB) agree).
pub(super) fn interval_conversion_not_run() -> ApiError {
    unsupported("an interval converted to a number or a time (toInt32, toInt64, toFloat64, toDate, toDateTime, CAST) or compared with a number or a DateTime, which ClickHouse reads as its count")
}

/// `hasAny` or `hasAll` of two arrays of intervals whose elements' kinds differ: ClickHouse
/// 25.5.2 and 25.8.2 (chDB) agree that `hasAny([INTERVAL 1 DAY], [INTERVAL 24 HOUR])` is 0,
/// as is `hasAny([INTERVAL 1 DAY], [INTERVAL 1 HOUR])` and `hasAll([toIntervalDay(2), INTERVAL
/// 48 HOUR], [INTERVAL 172800 SECOND])` (no conversion to a common kind, nor the counts
/// compared as they are), which is not followed here.
pub(super) fn different_kinds_searched() -> ApiError {
    unsupported("hasAny or hasAll of two arrays of intervals of different kinds")
}

/// A column of an `Interval` type of known kinds (see [`Tr::interval_kinds`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct IntervalColumn {
    /// Its intervals, counts left empty: one interval of a kind (held as its count), or a
    /// tuple of them (held as a JSON array of its counts in the order of
    /// [`Intervals::moves`], see [`Intervals::column`]); `None` for a `NULL` item, which a set
    /// operation's column takes the other arms' type for (ClickHouse's `Nullable(Nothing)`).
    pub(super) intervals: Option<Intervals>,
    /// Whether every row holds the same count (ClickHouse converts a column of one kind to
    /// another by its first row's count, see [`converted`]).
    pub(super) constant: bool,
    /// Whether it is an array of such intervals (`intervals` its elements' kind, one
    /// interval), held as a JSON array of their counts in that kind (see
    /// [`Tr::array_column_read`]).
    pub(super) array: bool,
}

/// Columns of intervals (or tuples of them) of known kinds, by name (lower case).
pub(super) type IntervalColumns = std::collections::HashMap<String, IntervalColumn>;

/// ClickHouse's interval kinds in order, and the factor from each one to the next
/// (`interval_conversions` of getLeastSupertype.h).
pub(super) const KINDS: [(&str, i64); 11] = [
    ("NANOSECOND", 1),
    ("MICROSECOND", 1000),
    ("MILLISECOND", 1000),
    ("SECOND", 1000),
    ("MINUTE", 60),
    ("HOUR", 60),
    ("DAY", 24),
    ("WEEK", 7),
    ("MONTH", 4),
    ("QUARTER", 3),
    ("YEAR", 4),
];

/// How ClickHouse's interval-to-interval conversion (ConvertImpl in FunctionsConversion, also
/// `CAST` to a common type) takes a count of kind `from` to the kind `to`: into a smaller kind
/// multiplied by the factors between them (`Greater` and that product), into a larger one
/// divided (truncated) by the factors of [`KINDS`] from the source kind's own on, one place
/// below the target's (`Less`; so `toIntervalWeek(INTERVAL 14 DAY)` is 14 / 24 = 0 there);
/// months into days count a month 4 weeks. `None` for a kind not counted here.
fn conversion(from: &str, to: &str) -> Option<(std::cmp::Ordering, i64)> {
    let position = |k: &str| KINDS.iter().position(|(n, _)| *n == k);
    let (from, to) = (position(from)?, position(to)?);
    let product = |range: std::ops::Range<usize>| {
        KINDS
            .get(range)
            .map_or(1, |f| f.iter().map(|(_, n)| n).product::<i64>())
    };
    let order = from.cmp(&to);
    Some(match order {
        std::cmp::Ordering::Equal => (order, 1),
        std::cmp::Ordering::Less => (order, product(from..to)),
        std::cmp::Ordering::Greater => (order, product(to + 1..from + 1)),
    })
}

/// The count `count` (SQLite SQL) of an interval of kind `from` converted to the kind `to`
/// (see [`conversion`]). ClickHouse converts the first row's count and answers it for every
/// row, so it is right only for a count that is the same on every row. `None` for a kind
/// not counted here.
pub(super) fn converted(count: &str, from: &str, to: &str) -> Option<String> {
    Some(match conversion(from, to)? {
        (std::cmp::Ordering::Equal, _) => format!("({count})"),
        (std::cmp::Ordering::Less, n) => format!("(({count}) / {n})"),
        (std::cmp::Ordering::Greater, n) => format!("(({count}) * {n})"),
    })
}

/// The columns of an `Interval` type of known kinds of a set operation whose arms answer the
/// columns `arms` (each arm's names and types, and its such columns by name), each arm's select
/// list over its own `SELECT` (`*`: no column is converted), and those of the columns that an
/// arm answers as `NULL` (`Nullable` ones). ClickHouse gives each column the arms' common type
/// (getLeastSupertype; with a `NULL`, the others' type made `Nullable`, which an `Interval`
/// can be inside: DataTypeInterval.h `canBeInsideNullable`, but a tuple cannot: NO_COMMON_TYPE,
/// upstream's 400 "Invalid analytics query"); months with a fixed-length kind, or an interval
/// with a tuple, have none (NO_COMMON_TYPE). Arms of the same family but different kinds are
/// not run: ClickHouse 25.5.2 and 25.8.2 (chDB) agree that they keep their counts in the first
/// arm's kind, not converted. A column whose arms are not all intervals of known kinds or
/// `NULL` is left untold (see [`interval_column_not_run`]), and one of arrays of intervals
/// must be of one kind in every arm (see [`IntervalColumn::array`]).
pub(super) fn set_operation_intervals(
    arms: &[(Vec<(String, Ty)>, IntervalColumns)],
) -> Result<(IntervalColumns, Vec<String>, HashSet<String>), ApiError> {
    let Some((first, first_kinds)) = arms.first() else {
        return Ok(Default::default());
    };
    if arms.len() == 1 {
        return Ok((first_kinds.clone(), vec!["*".into()], HashSet::new()));
    }
    let mut kinds = std::collections::HashMap::new();
    let mut nullable = HashSet::new();
    for (place, (name, _)) in first.iter().enumerate() {
        let columns: Option<Vec<&IntervalColumn>> = arms
            .iter()
            .map(|(cols, kinds)| {
                let (name, ty) = cols.get(place)?;
                kinds
                    .get(&name.to_ascii_lowercase())
                    .filter(|c| c.intervals.is_none() || *ty == Ty::Interval || c.array)
            })
            .collect();
        // An array of intervals: every arm's of one kind (ClickHouse would cast another's
        // elements to the common kind, by its first row's count).
        let arrays = arms.iter().filter(|(cols, kinds)| {
            cols.get(place)
                .and_then(|(n, _)| kinds.get(&n.to_ascii_lowercase()))
                .is_some_and(|c| c.array)
        });
        if arrays.count() > 0 {
            let kinds_of = |c: &IntervalColumn| c.intervals.as_ref().map(Intervals::shape);
            match &columns {
                Some(cs)
                    if cs.iter().all(|c| c.array)
                        && cs.iter().all(|c| kinds_of(c) == cs.first().and_then(|f| kinds_of(f))) =>
                {
                    if let Some(first) = cs.first() {
                        kinds.insert(name.to_ascii_lowercase(), (*first).clone());
                    }
                    continue;
                }
                _ => {
                    return Err(unsupported(
                        "a set operation's column of arrays of intervals whose arms are not all arrays of intervals of one kind",
                    ))
                }
            }
        }
        let Some(columns) = columns else { continue };
        let mut common: Option<Intervals> = None;
        for v in columns.iter().filter_map(|c| c.intervals.as_ref()) {
            common = Some(match common {
                None => v.clone(),
                Some(c) => c
                    .supertype(v)
                    .ok_or_else(|| query_error("Invalid analytics query"))?,
            });
        }
        let Some(common) = common else { continue };
        // A tuple of intervals beside a `NULL` arm: ClickHouse's NO_COMMON_TYPE ("There is no
        // supertype for types Tuple(IntervalDay, IntervalHour), Nullable(Nothing) because some
        // of them are Tuple and some of them are not"; ClickHouse 25.5.2 and 25.8.2 (chDB)
        // agree), upstream's "Invalid analytics query".
        if matches!(common, Intervals::Tuple(_)) && columns.iter().any(|c| c.intervals.is_none()) {
            return Err(query_error("Invalid analytics query"));
        }
        // Arms of different kinds: ClickHouse 25.5.2 and 25.8.2 (chDB) agree that
        // `toIntervalMonth(1) … UNION ALL INTERVAL 1 QUARTER … UNION ALL INTERVAL 1 YEAR`
        // answers every row as 1 month (the counts kept, no conversion to the common kind),
        // which is not followed here.
        let differs = columns.iter().any(|c| {
            c.intervals
                .as_ref()
                .is_some_and(|v| v.kinds() != common.kinds())
        });
        if differs {
            return Err(unsupported(
                "a set operation's interval column whose arms differ in kind",
            ));
        }
        if columns.iter().any(|c| c.intervals.is_none()) {
            nullable.insert(name.to_ascii_lowercase());
        }
        kinds.insert(
            name.to_ascii_lowercase(),
            IntervalColumn {
                intervals: Some(common.shape()),
                constant: false,
                array: false,
            },
        );
    }
    // (No arm's column is converted: each is read as it is.)
    let lists = arms.iter().map(|_| "*".to_string()).collect();
    Ok((kinds, lists, nullable))
}

/// How one interval kind moves a time: by calendar months, or by a fixed number of ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Months(i64),
    Ms(i64),
}

/// The step of an interval kind (`DAY`, `MONTH`, …, upper case, singular).
pub(super) fn step_of(kind: &str) -> Option<Step> {
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Intervals {
    /// One interval: its kind (upper case, singular), step and count (SQLite SQL).
    One(String, Step, String),
    /// A tuple of intervals (or of tuples, as `tuplePlus` of different kinds makes).
    Tuple(Vec<Intervals>),
}

impl Intervals {
    /// ClickHouse's `negate` (of a tuple, `tupleNegate`: element by element).
    pub(super) fn negated(self) -> Intervals {
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
    pub(super) fn add(self, sign: i64, next: Intervals) -> Result<Intervals, ApiError> {
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
    pub(super) fn comparable(&self, other: &Intervals) -> bool {
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
    pub(super) fn supertype(self, other: &Intervals) -> Option<Intervals> {
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
    pub(super) fn with_counts(&self, counts: &mut impl Iterator<Item = String>) -> Intervals {
        match self {
            Intervals::One(kind, step, _) => {
                Intervals::One(kind.clone(), *step, counts.next().unwrap_or_default())
            }
            Intervals::Tuple(items) => {
                Intervals::Tuple(items.iter().map(|item| item.with_counts(counts)).collect())
            }
        }
    }

    /// The same kinds with their counts left empty (a column's, see [`IntervalColumn`]).
    pub(super) fn shape(&self) -> Intervals {
        self.with_counts(&mut std::iter::repeat(String::new()))
    }

    /// How a subquery's column holds it (see [`IntervalColumn`]): an interval as its count, a
    /// tuple as a JSON array of its counts.
    pub(super) fn column_sql(&self) -> String {
        match self {
            Intervals::One(_, _, count) => count.clone(),
            Intervals::Tuple(_) => {
                let counts: Vec<&str> = self.moves().into_iter().map(|(_, c)| c).collect();
                format!("json_array({})", counts.join(", "))
            }
        }
    }

    /// The same kinds read from the column `sql` that holds them as [`Intervals::column_sql`]
    /// writes them.
    pub(super) fn column(&self, sql: &str) -> Intervals {
        match self {
            Intervals::One(..) => self.with_counts(&mut std::iter::once(sql.to_string())),
            Intervals::Tuple(_) => {
                self.with_counts(&mut (0..).map(|n| format!("json_extract({sql}, '$[{n}]')")))
            }
        }
    }

    /// Its length in months or ms in SQLite SQL (a tuple's as a row value, flattened: a
    /// nested tuple compares as its elements in turn).
    pub(super) fn length_sql(&self) -> String {
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

    /// A text that sorts as its counts do in turn (ClickHouse's `ColumnTuple::compareAt`
    /// compares element by element) and is equal only for equal counts: each count as a
    /// sign digit and 19 digits (a negative one offset by 2^63), joined by `,`; `NULL` for a
    /// `NULL` row.
    pub(super) fn sort_sql(&self) -> String {
        let counts: Vec<String> = self
            .moves()
            .into_iter()
            .map(|(_, count)| {
                let n = format!("CAST(({count}) AS INTEGER)");
                format!("(CASE WHEN {n} IS NULL THEN NULL WHEN {n} < 0 THEN printf('0%019d', ({n} + 9223372036854775807) + 1) ELSE printf('1%019d', {n}) END)")
            })
            .collect();
        counts.join(" || ',' || ")
    }

    /// `toString` of it in SQLite SQL: an interval's count, a tuple as `(a,b)`.
    pub(super) fn text_sql(&self) -> String {
        match self {
            Intervals::One(_, _, count) => format!("CAST(({count}) AS TEXT)"),
            Intervals::Tuple(items) => {
                let items: Vec<String> = items.iter().map(Intervals::text_sql).collect();
                format!("('(' || {} || ')')", items.join(" || ',' || "))
            }
        }
    }

    /// The kind of each interval, in the order of [`Intervals::moves`].
    pub(super) fn kinds(&self) -> Vec<&str> {
        match self {
            Intervals::One(kind, ..) => vec![kind.as_str()],
            Intervals::Tuple(items) => items.iter().flat_map(Intervals::kinds).collect(),
        }
    }

    /// Each interval in the order it moves a time: its step and count.
    pub(super) fn moves(&self) -> Vec<(Step, &str)> {
        match self {
            Intervals::One(_, step, count) => vec![(*step, count.as_str())],
            Intervals::Tuple(items) => items.iter().flat_map(Intervals::moves).collect(),
        }
    }

    /// `time + self` in SQLite SQL (times are Unix ms) of a time of type `ty`, each move kept
    /// within the type it makes ([`Ty::in_range`]).
    pub(super) fn applied(&self, time: &str, ty: Ty) -> String {
        let mut ty = ty;
        let kinds = self.kinds();
        self.moves()
            .into_iter()
            .zip(kinds)
            .fold(time.to_string(), |acc, ((step, count), kind)| {
                ty = ty.moved([kind]).unwrap_or(ty);
                ty.in_range(&match step {
                    Step::Months(k) => format!("ch_add_months({acc}, ({count}) * {k})"),
                    Step::Ms(ms) => format!("ch_moved({acc} + ({count}) * {ms})"),
                })
            })
    }
}

/// The count `count` (SQLite SQL) of an interval of kind `kind` as upstream's Go driver
/// writes an element of an answered array of them (see [`Tr::interval_element_text`]).
pub(super) fn interval_text(count: &str, kind: &str) -> String {
    let mut name = kind.to_ascii_lowercase();
    if let Some(first) = name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    format!("(CAST({count} AS INTEGER) || ' {name}' || IIF(CAST({count} AS INTEGER) > 1, 's', ''))")
}

/// The value a tuple answered as a column is written as (of intervals, or a tuple literal,
/// [`Tr::answered_tuple`]): upstream's Go driver panics reading a `Tuple` into the `Dynamic`
/// its route scans each column into (clickhouse-go v2.42 `Tuple.scanStruct`: an unnamed
/// element's name `""` matches the untagged unexported field `value` of `chcol.Variant`, which
/// `setJSONFieldValue` reads with `Interface()` or `Set`s, and reflect panics), which
/// upstream's panic recovery answers as a 500. It fails where a row of the answer is read
/// (`Analytics::query_run`), as there.
pub(super) const TUPLE_MARK: &str = "\u{1}unkey-local-tuple\u{1}";

/// The SQLite function around a call ClickHouse fails where a row reaches it: `hasAny` or
/// `hasAll` of a number and a time, whose arrays have no common type (see
/// [`Tr::check_search`]); its failure is upstream's "Invalid analytics query".
pub(super) const NO_COMMON_TYPE: &str = "ch_no_common_type";

/// The `WHEN`, `THEN` and `ELSE` of a `CASE` and the index after its `END` (see
/// [`Tr::case_words`]).
pub(super) type CaseWords = Option<(Vec<usize>, usize)>;

impl<'t> Tr<'t> {
    /// `INTERVAL n UNIT` at `i`: the count and the unit.
    pub(super) fn interval(&self, i: usize) -> Result<(i64, String), ApiError> {
        // (Upstream's parser takes any expression as the count, `INTERVAL (1 + 1) DAY`,
        // `INTERVAL x DAY`, `INTERVAL 1.5 DAY`, and ClickHouse's parser too: not run here.)
        let not_run = || unsupported("an INTERVAL of other than an integer literal");
        match (self.toks.get(i + 1), self.toks.get(i + 2)) {
            (Some(Tok::Num(n)), Some(Tok::Word(unit))) => n
                .parse::<i64>()
                .map(|n| (n, unit.to_ascii_uppercase()))
                .map_err(|_| not_run()),
            _ => Err(not_run()),
        }
    }

    /// One interval term at `k`: `INTERVAL n UNIT`, `toIntervalUnit(x)`, `-term`, or an
    /// expression of intervals in parentheses; its intervals and the index after it (`None`
    /// when there is none, or of a unit not counted here).
    pub(super) fn interval_term(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<Option<(Intervals, usize)>, ApiError> {
        let toks = self.toks;
        let one = |kind: &str, count: String| {
            step_of(kind).map(|step| Intervals::One(kind.to_string(), step, count))
        };
        let subscripted = self.subscripted_intervals(k, b)?;
        let term = match toks.get(k) {
            _ if subscripted.is_some() => subscripted,
            // `negate`, of a tuple element by element (`tupleNegate`).
            Some(Tok::Sym("-")) => self
                .interval_term(k + 1, b)?
                .map(|(v, end)| (v.negated(), end)),
            Some(Tok::Sym("(")) if !matches!(self.word(k + 1).as_str(), "SELECT" | "WITH") => {
                match closing(toks, k).filter(|c| *c < b) {
                    Some(close) => match self.interval_run(k + 1, close)? {
                        Some((v, end)) if end == close => Some((v, close + 1)),
                        Some(_) => self.tuple_literal(k, close)?.map(|v| (v, close + 1)),
                        None => None,
                    },
                    None => None,
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("INTERVAL") => {
                let (n, unit) = self.interval(k)?;
                one(&unit, n.to_string()).map(|v| (v, k + 3))
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
                        // (Of an array, ClickHouse's conversion has none: its type error; of a
                        // float, decimal or time, how its count is converted and moves a time
                        // is not followed here, nor a string read from each row, parsed as an
                        // `Int64` or "Cannot parse".)
                        // (Of a float, its `Int64` as `toInt64` converts it, toward zero:
                        // `toIntervalDay(1.7)` is 1 day, `-1.7` -1, chDB 3.6.0, ClickHouse
                        // 25.5.2, and 3.7.2, 25.8.2, agree; `ch_to_int` refuses where the
                        // machine's conversion would be read, past `Int64`.)
                        let scope = self.scopes.last().cloned().unwrap_or_default();
                        let literal =
                            close == k + 3 && matches!(self.toks.get(k + 2), Some(Tok::Str(_)));
                        let float = match self.expr_ty(k + 2, close, &scope) {
                            Ty::Str if literal => false,
                            Ty::Float => true,
                            t if t.is_array() => return Err(query_error("Invalid analytics query")),
                            t if t.is_time()
                                || matches!(t, Ty::Decimal | Ty::DecimalNanos | Ty::Str) =>
                            {
                                return Err(unsupported(
                                    "a toInterval… of a decimal, a time or a string other than a literal",
                                ))
                            }
                            _ => false,
                        };
                        let count = self.expression(k + 2, close)?;
                        let count = match float {
                            true => format!("ch_to_int(({count}), 64)"),
                            false => format!("({count})"),
                        };
                        one(unit, count).map(|v| (v, close + 1))
                    }
                    None if up == "ARRAYJOIN" => self.joined_interval(k, b)?,
                    None => self.interval_call(k, b)?,
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => self.interval_call(k, b)?,
            Some(Tok::Word(w)) => match self.interval_alias(k)? {
                // A source's column of intervals of known kinds: those intervals.
                None if self.select_alias(w, k).is_none()
                    && k.checked_sub(1).is_none_or(|p| self.word(p) != "AS") =>
                {
                    self.column_intervals(w)?.map(|v| (v, k + 1))
                }
                found => found,
            },
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
            // (Of `NULL`, `NULL * INTERVAL 1 DAY`, ClickHouse's `NULL`: ClickHouse 25.5.2 and
            // 25.8.2 (chDB) agree; not run here.)
            let null =
                |t: Option<&Tok>| matches!(t, Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL"));
            let end = term.as_ref().map_or(k, |(_, end)| *end);
            if null(k.checked_sub(2).and_then(|p| toks.get(p))) || null(toks.get(end + 1)) {
                return Err(unsupported("an interval multiplied or divided by NULL"));
            }
            return Err(query_error("Invalid analytics query"));
        }
        Ok(term)
    }

    /// Where the array that may be subscripted starting at `k` ends: an array literal, a
    /// call, or a name.
    pub(super) fn array_primary_end(&self, k: usize) -> Option<usize> {
        match (self.toks.get(k)?, self.toks.get(k + 1)) {
            (Tok::Sym("["), _) if !self.subscript_at(k) => self.bracket_close(k).map(|c| c + 1),
            (Tok::Word(_), Some(Tok::Sym("("))) => closing(self.toks, k + 1).map(|c| c + 1),
            (Tok::Word(_), _) => Some(k + 1),
            _ => None,
        }
    }

    /// `array[i]` at `k` (before `b`) of an array of intervals of one kind (see
    /// [`Tr::array_intervals`]: a literal, `groupArray`/`groupUniqArray` of an interval, a
    /// source's column of them): an interval of the elements' common kind (ClickHouse's
    /// `arrayElement` of an `Array(IntervalHour)` is an `IntervalHour`), its count the element
    /// (out of range 0, an interval's default; `NULL` of a literal with a `NULL`), and the
    /// index after the `]`. `None` for another operand (a subscript of a subscript is not
    /// one of these).
    pub(super) fn subscripted_intervals(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<Option<(Intervals, usize)>, ApiError> {
        let Some(open) = self
            .array_primary_end(k)
            .filter(|e| *e < b && self.subscript_at(*e))
        else {
            return Ok(None);
        };
        let Some(close) = self.bracket_close(open).filter(|c| *c < b) else {
            return Ok(None);
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        if self.subscript_at(close + 1) || self.element_ty(k, open, &scope) != Ty::Interval {
            return Ok(None);
        }
        let Some(Intervals::One(kind, step, _)) = self.array_intervals(k, open)? else {
            return Ok(None);
        };
        let default = if self.nullable_elements(k, open, &scope) {
            "NULL"
        } else {
            "0"
        };
        self.check_index_zero(k, open, b)?;
        let array = self.expression(k, open)?;
        let (index, _) = self.subscript_index(open, b)?;
        let count = format!("ch_array_element({array}, {index}, {default})");
        Ok(Some((Intervals::One(kind, step, count), close + 1)))
    }

    /// The tuple literal of intervals in the parentheses `open` to `close`
    /// (`(INTERVAL 1 DAY, INTERVAL 1 HOUR)`): ClickHouse's `tuple` of them, the same type
    /// as the `Tuple(IntervalDay, IntervalHour)` their sum is (02457_tuple_of_intervals:
    /// a date plus either moves it by each in turn). `None` when it is not one of two or more
    /// intervals (a nested tuple is not run), or when it is an `IN` list whose left operand
    /// is not intervals of its kinds (each item is then an element of the set, see
    /// [`Tr::interval_in`]; of its kinds, SetUtils' `getSetElementsForConstantValue` takes
    /// the tuple as one element, both being of one depth).
    pub(super) fn tuple_literal(
        &mut self,
        open: usize,
        close: usize,
    ) -> Result<Option<Intervals>, ApiError> {
        let items = self.list_items(open + 1, close);
        if items.len() < 2 {
            return Ok(None);
        }
        let mut elements = Vec::new();
        for (s, e) in items {
            match self.interval_run(s, e)? {
                Some((v @ Intervals::One(..), after)) if after == e => elements.push(v),
                _ => return Ok(None),
            }
        }
        let tuple = Intervals::Tuple(elements);
        let op = open
            .checked_sub(1)
            .filter(|p| self.word(*p) == "IN")
            .map(
                |p| match p.checked_sub(1).filter(|n| self.word(*n) == "NOT") {
                    Some(n) => n,
                    None => p,
                },
            );
        if let Some(op) = op {
            let left = self.left_operand_start(op);
            let same = match self.interval_run(left, op)? {
                Some((v, after)) if after == op => v.shape() == tuple.shape(),
                _ => false,
            };
            if !same {
                return Ok(None);
            }
        }
        Ok(Some(tuple))
    }

    /// The count of the interval `v` (the tokens `[a, b)`) converted to the kind `unit` by a
    /// `toInterval…` call (see [`converted`]). ClickHouse converts its argument's first row
    /// for every row, so a count that is not the same on every row
    /// ([`Tr::constant_intervals`]) is not run; a tuple of intervals it takes no more than
    /// any other `Tuple` (`callOnIndexAndDataType` has no case for one:
    /// ILLEGAL_TYPE_OF_ARGUMENT, upstream's 400 "Invalid analytics query").
    pub(super) fn converted_count(
        &self,
        v: &Intervals,
        unit: &str,
        a: usize,
        b: usize,
    ) -> Result<String, ApiError> {
        let not_run = || unsupported("a toInterval… of an interval whose count is not a constant");
        let Intervals::One(kind, _, count) = v else {
            return Err(query_error("Invalid analytics query"));
        };
        let count = converted(count, kind, unit).ok_or_else(not_run)?;
        if kind != unit && !self.constant_intervals(a, b) {
            return Err(not_run());
        }
        Ok(count)
    }

    /// Whether the intervals `[a, b)` hold the same count on every row: `INTERVAL n UNIT`s
    /// and `toInterval…` of such, and columns of a sole source whose count is (see
    /// [`IntervalColumn`]).
    pub(super) fn constant_intervals(&self, a: usize, b: usize) -> bool {
        let sole = self.scopes.last().is_some_and(|scope| scope.len() == 1);
        (a..b).all(|k| match self.toks.get(k) {
            Some(Tok::Word(w)) => {
                let up = w.to_ascii_uppercase();
                up == "INTERVAL"
                    || k.checked_sub(2).is_some_and(|p| self.word(p) == "INTERVAL")
                    || (up.starts_with("TOINTERVAL")
                        && self.toks.get(k + 1) == Some(&Tok::Sym("(")))
                    || (sole
                        && self.word(k.wrapping_sub(1)) != "AS"
                        && self.toks.get(k + 1) != Some(&Tok::Sym("("))
                        && self.column_interval(w).is_some_and(|c| c.constant))
            }
            _ => true,
        })
    }

    /// The intervals of the column `w` of a source (a subquery's or CTE's) when they are of
    /// known kinds (see [`Tr::interval_kinds`]), read from it.
    pub(super) fn column_intervals(&self, w: &str) -> Result<Option<Intervals>, ApiError> {
        match self.column_interval(w).and_then(|c| c.intervals.as_ref()) {
            Some(v) => Ok(Some(v.column(&self.column_ref(w)?.0))),
            None => Ok(None),
        }
    }

    /// The column `w` of a source when it is of intervals of known kinds.
    pub(super) fn column_interval(&self, w: &str) -> Option<&IntervalColumn> {
        let (src, ty) = self.resolve(w)?;
        let column = w.rsplit('.').next().unwrap_or(w).to_ascii_lowercase();
        let key = format!("{}.{column}", src.name.to_ascii_lowercase());
        self.interval_kinds
            .get(&key)
            .filter(|c| ty == Ty::Interval && c.intervals.is_some() && !c.array)
    }

    /// The column `w` of a source when it is an array of intervals of a known kind (see
    /// [`IntervalColumn::array`]).
    pub(super) fn array_column(&self, w: &str) -> Option<&IntervalColumn> {
        let (src, ty) = self.resolve(w)?;
        let column = w.rsplit('.').next().unwrap_or(w).to_ascii_lowercase();
        let key = format!("{}.{column}", src.name.to_ascii_lowercase());
        self.interval_kinds
            .get(&key)
            .filter(|c| ty.is_array() && c.array && c.intervals.is_some())
    }

    /// The kinds of the select-list items `[a, b)` of the `SELECT` just translated (its
    /// sources still in scope) that are intervals of known kinds (or `NULL`, see
    /// [`IntervalColumn`]), by column (lower case): what a query reading it as a source
    /// carries (`*` its sources' own).
    pub(super) fn item_interval_kinds(&mut self, a: usize, b: usize) -> IntervalColumns {
        let a = if self.word(a) == "DISTINCT" { a + 1 } else { a };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let mut out = std::collections::HashMap::new();
        for (s, e) in self.list_items(a, b) {
            let (name, end) = match self.toks.get(s..e).unwrap_or_default() {
                [Tok::Sym("*")] => (None, e),
                [Tok::Word(q), Tok::Sym("*")] if q.ends_with('.') => {
                    (Some(q.trim_end_matches('.').to_string()), e)
                }
                [.., Tok::Word(kw), Tok::Word(name)] if kw.eq_ignore_ascii_case("AS") => {
                    (Some(name.clone()), e - 2)
                }
                [Tok::Word(col)] => (Some(self.column_name(col)), e),
                _ => (self.expression_name(s, e), e),
            };
            if self.toks.get(end - 1) == Some(&Tok::Sym("*")) {
                for src in scope.iter().filter(|src| {
                    name.as_ref()
                        .is_none_or(|q| src.name.eq_ignore_ascii_case(q))
                }) {
                    let prefix = format!("{}.", src.name.to_ascii_lowercase());
                    for (key, column) in &self.interval_kinds {
                        if let Some(name) = key.strip_prefix(&prefix) {
                            let constant = column.constant && scope.len() == 1;
                            let column = IntervalColumn {
                                constant,
                                ..column.clone()
                            };
                            out.insert(name.to_string(), column);
                        }
                    }
                }
                continue;
            }
            let Some(name) = name else { continue };
            let ty = self.expr_ty(s, end, &scope);
            let column = if end == s + 1 && self.word(s) == "NULL" {
                Some(IntervalColumn {
                    intervals: None,
                    constant: true,
                    array: false,
                })
            } else if ty.is_array() {
                // An array of intervals (see [`IntervalColumn::array`]).
                match self.array_intervals(s, end) {
                    Ok(Some(v @ Intervals::One(..))) => Some(IntervalColumn {
                        intervals: Some(v.shape()),
                        constant: false,
                        array: true,
                    }),
                    _ => None,
                }
            } else if ty == Ty::Interval {
                match self.interval_run(s, end) {
                    Ok(Some((v, after))) if after == end => Some(IntervalColumn {
                        intervals: Some(v.shape()),
                        constant: self.constant_intervals(s, end),
                        array: false,
                    }),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(column) = column {
                out.insert(name.to_ascii_lowercase(), column);
            }
        }
        out
    }

    /// A select-list alias at `k` whose expression is intervals (ClickHouse puts the
    /// expression in the alias's place): those intervals and the index after the name.
    pub(super) fn interval_alias(
        &mut self,
        k: usize,
    ) -> Result<Option<(Intervals, usize)>, ApiError> {
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

    /// An `arrayJoin` call at `k` (one of the `SELECT`'s) over an array of intervals (see
    /// [`Tr::array_intervals`]: a literal, also through parentheses or its alias, or in
    /// `HAVING` `groupArray` of an interval): each row's element, an interval of the array's
    /// element kind (ClickHouse's `arrayJoin` of an `Array(IntervalHour)` answers
    /// `IntervalHour` rows, `array` having cast each element of a literal to it), and the index
    /// after the call; `None` over another array.
    pub(super) fn joined_interval(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<Option<(Intervals, usize)>, ApiError> {
        let Some(close) = closing(self.toks, k + 1).filter(|c| *c < b) else {
            return Ok(None);
        };
        let joined = self
            .select_arrays
            .last()
            .is_some_and(|arrays| arrays.calls.iter().any(|(at, _, _)| *at == k));
        let &[(a0, b0)] = self.arguments(k + 1).as_slice() else {
            return Ok(None);
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        if !joined || self.joining.contains(&k) || self.element_ty(a0, b0, &scope) != Ty::Interval {
            return Ok(None);
        }
        let Some(Intervals::One(kind, step, _)) = self.array_intervals(a0, b0)? else {
            return Ok(None);
        };
        self.joining.push(k);
        let element = self.expression(k, close + 1);
        self.joining.pop();
        Ok(Some((Intervals::One(kind, step, element?), close + 1)))
    }

    /// ClickHouse moves by intervals only a date or time (or a string it reads as one): of
    /// another type the operand `[a, b)` is ILLEGAL_TYPE_OF_ARGUMENT ("Illegal type Int64 of
    /// first argument of function subtractDays. Must be a date, a date with time or a String",
    /// FunctionDateOrDateTimeAddInterval.h), upstream's "Invalid analytics query". An interval
    /// whose kind is not known here (see [`interval_column_not_run`]) is not run: ClickHouse adds it
    /// to the other as intervals. A time moved by `v` takes the type [`Ty::moved`] gives (a
    /// `Date` by ms ClickHouse's error); the moving expression `whole` must be typed so by
    /// [`Tr::expr_ty`], which reads the kinds from the tokens ([`Tr::moved_ty`]), else it is
    /// not run.
    pub(super) fn check_moved(
        &self,
        (a, b): (usize, usize),
        v: &Intervals,
        whole: (usize, usize),
    ) -> Result<(), ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        match self.expr_ty(a, b, scope) {
            Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Array(_) => {
                Err(query_error("Invalid analytics query"))
            }
            Ty::Interval => Err(interval_column_not_run()),
            // A string moved by intervals is read as a `DateTime` (or a `DateTime64` of the
            // scale its text shows: `'2029-02-24 12:34:56.5' - INTERVAL 1 SECOND` is one of
            // scale 3), or fails ("Cannot read DateTime: unexpected alphabetical character"):
            // not run here (ClickHouse 25.5.2 and 25.8.2 (chDB) agree on both).
            Ty::Str => Err(unsupported(
                "a string moved by intervals, which ClickHouse reads as a DateTime or DateTime64",
            )),
            // (Intervals count ms; one of ns is moved in [`Tr::nanos_moved`].)
            t if t.held_in_ns() => Err(unsupported(
                "intervals moving a DateTime64 of scale 7 to 9 here",
            )),
            time if time.is_time() => {
                let moved = time
                    .moved(v.kinds())
                    .ok_or_else(|| query_error("Invalid analytics query"))?;
                if self.expr_ty(whole.0, whole.1, scope) != moved {
                    return Err(unsupported(
                        "a time moved by intervals whose kinds are not read from their tokens",
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The type of a time of type `time` moved by the intervals `[a, b)` (see [`Ty::moved`]),
    /// their kinds read from the tokens as far as they tell them ([`Tr::named_kinds`]; `time`
    /// when they tell a `Date` moved by ms, which [`Tr::check_moved`] refuses).
    pub(super) fn moved_ty(&self, time: Ty, a: usize, b: usize) -> Ty {
        let kinds = self.named_kinds(a, b);
        time.moved(kinds.iter().map(String::as_str)).unwrap_or(time)
    }

    /// The interval kinds the tokens `[a, b)` name in turn: `INTERVAL n UNIT`,
    /// `toInterval…(…)` (not its argument), a source's column of intervals (or arrays of
    /// them) of known kinds, a select-list alias of such.
    pub(super) fn named_kinds(&self, a: usize, b: usize) -> Vec<String> {
        let mut kinds = Vec::new();
        let mut k = a;
        while k < b {
            let Some(Tok::Word(w)) = self.toks.get(k) else {
                k += 1;
                continue;
            };
            let up = w.to_ascii_uppercase();
            let call = self.toks.get(k + 1) == Some(&Tok::Sym("("));
            if up == "INTERVAL" {
                if let Ok((_, unit)) = self.interval(k) {
                    kinds.push(unit);
                }
                k += 3;
                continue;
            }
            if let Some(unit) = up.strip_prefix("TOINTERVAL").filter(|_| call) {
                kinds.push(unit.to_string());
                k = closing(self.toks, k + 1).map_or(b, |c| c + 1);
                continue;
            }
            if !call {
                let column = self.column_interval(w).or_else(|| self.array_column(w));
                if let Some(v) = column.and_then(|c| c.intervals.as_ref()) {
                    kinds.extend(v.kinds().into_iter().map(str::to_string));
                } else if let Some((name, s, e)) = self
                    .select_alias(w, k)
                    .filter(|(name, ..)| !self.typing.borrow().contains(name))
                    .filter(|_| k.checked_sub(1).is_none_or(|p| self.word(p) != "AS"))
                {
                    kinds.extend(self.typing_alias(name, || self.named_kinds(s, e)));
                }
            }
            k += 1;
        }
        kinds
    }

    /// The interval terms joined by `+`/`-` from `k` (before `b`), folded as ClickHouse folds
    /// them (see [`Intervals::add`]), and the index after the last.
    pub(super) fn interval_run(
        &mut self,
        k: usize,
        b: usize,
    ) -> Result<Option<(Intervals, usize)>, ApiError> {
        let toks = self.toks;
        let Some((mut v, mut end)) = self.interval_term(k, b)? else {
            return Ok(None);
        };
        let mut constant = self.constant_intervals(k, end);
        while let Some(Tok::Sym(op @ ("+" | "-"))) = toks.get(end).filter(|_| end + 1 < b) {
            let Some((next, after)) = self.interval_term(end + 1, b)? else {
                break;
            };
            // Intervals of different kinds (a tuple made or extended) where one side's count
            // is a constant and the other's not: ClickHouse 25.5.2 and 25.8.2 (chDB) agree that
            // `toIntervalDay(spent_credits) + INTERVAL 1 HOUR` is ILLEGAL_COLUMN ("ColumnTuple
            // cannot have ColumnConst as its element"), as is `(INTERVAL 1 DAY + INTERVAL 1
            // HOUR) + toIntervalMinute(spent_credits)`, but `INTERVAL 1 HOUR +
            // toIntervalDay(spent_credits)` (one interval, a constant, first) is answered; the
            // failing forms are not run here.
            let next_constant = self.constant_intervals(end + 1, after);
            // (Of the kind of a tuple's last element, it is added to that element: no tuple is
            // made, and `x + INTERVAL 2 HOUR` of a column of `(day, hour)` tuples is answered.)
            let same_kind = match (&v, &next) {
                (Intervals::One(a, ..), Intervals::One(b, ..)) => a == b,
                (Intervals::Tuple(items), Intervals::One(b, ..)) => {
                    matches!(items.last(), Some(Intervals::One(a, ..)) if a == b)
                }
                _ => false,
            };
            let fails = match (constant, next_constant) {
                (false, true) => true,
                (true, false) => matches!(v, Intervals::Tuple(_)),
                _ => false,
            };
            if !same_kind && fails {
                return Err(unsupported(
                    "a sum of intervals of different kinds where one side's count is a constant and the other's not",
                ));
            }
            constant = constant && next_constant;
            v = v.add(if *op == "-" { -1 } else { 1 }, next)?;
            end = after;
        }
        Ok(Some((v, end)))
    }

    /// An operand that starts with intervals at `i` (not after a binary `±`, which
    /// [`Tr::emit`] applies to the operand before it): `intervals + x` is `x` moved by them; of
    /// their own as a select-list item, they are answered as ClickHouse's `Interval` (see
    /// [`Ty::Interval`]) or tuple of intervals (see [`TUPLE_MARK`]); elsewhere as
    /// [`Tr::interval_value`] translates them. Pushes the SQL and returns the index after
    /// the operand; `None` when no intervals start at `i`.
    pub(super) fn intervals_operand(
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
            self.check_moved((end + 1, operand_end), &v, (i, operand_end))?;
            let scope = self.scopes.last().cloned().unwrap_or_default();
            let ty = self.expr_ty(end + 1, operand_end, &scope);
            let operand = self.expression(end + 1, operand_end)?;
            out.push(v.applied(&operand, ty));
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
            // (A subquery's or CTE's column, see [`IntervalColumn`].)
            Intervals::Tuple(_) if whole_item && self.depth > 1 => v.column_sql(),
            Intervals::Tuple(_) if whole_item => format!("'{TUPLE_MARK}'"),
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
    pub(super) fn interval_value(
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
                Some((w, _)) if v.comparable(&w) => {
                    // (Cast to the common type, see [`converted`].)
                    let common = v.clone().supertype(&w);
                    if common.is_some_and(|c| c.kinds() != v.kinds())
                        && !self.constant_intervals(i, end)
                    {
                        return Err(varying_conversion());
                    }
                    Ok(v.length_sql())
                }
                // (See [`Tr::check_operands`].)
                None if self.expr_ty(s, e, &scope) == Ty::Interval => {
                    Err(interval_column_not_run())
                }
                // (An interval against a number or a `DateTime`: its count compared, see
                // [`interval_conversion_not_run`]; of a type not told here, not run either.)
                None if matches!(v, Intervals::One(..))
                    && matches!(
                        self.expr_ty(s, e, &scope),
                        Ty::Int(_) | Ty::Float | Ty::Bool | Ty::DateTime | Ty::Unknown
                    ) =>
                {
                    Err(interval_conversion_not_run())
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
        if self.sort_or_group_key(i, end) {
            // ClickHouse sorts and groups an `Interval` column (one kind) by its count, a
            // tuple's by its elements in turn.
            return Ok(match v {
                Intervals::One(..) => v.length_sql(),
                Intervals::Tuple(_) => v.sort_sql(),
            });
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
            (Some(_), _) if INTERVAL_TYPE_ERRORS.contains(&function.as_str()) && whole_argument => {
                Err(query_error("Invalid analytics query"))
            }
            (Some(_), Intervals::Tuple(_))
                if INTERVAL_CONVERSIONS.contains(&function.as_str()) && whole_argument =>
            {
                Err(query_error("Invalid analytics query"))
            }
            (Some(_), Intervals::One(..))
                if INTERVAL_CONVERSIONS.contains(&function.as_str()) && whole_argument =>
            {
                Err(interval_conversion_not_run())
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
            // A subquery's column of arrays of intervals (see [`IntervalColumn::array`]), or
            // `toString`'s argument.
            _ if open.is_some_and(|o| {
                (self.depth > 1 && self.array_item(o, call, i, end))
                    || self.counted_array_item(o, call, i, end)
            }) =>
            {
                Ok(self.interval_element(open, i, end, v)?.0)
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
    /// `hasAny(array, array)` or `hasAll(array, array)` whose arrays are of intervals (see
    /// [`Tr::array_intervals`]), or of `arrayJoin` of a literal of them; `None` otherwise. ClickHouse's `has` takes an element and needle that have
    /// a common type (FunctionArrayIndex's `allowArguments`, getLeastSupertype) and compares
    /// their stored counts as they are (`executeConst`/`executeIntegral`: an `Interval` column
    /// is an `Int64` one): the array's elements in the literal's common kind (`array` casts
    /// them to it), the needle in its own, so `has([INTERVAL 1 DAY], INTERVAL 1 HOUR)` is 1.
    /// `hasAny` and `hasAll` cast both arrays to their common type first
    /// (FunctionArrayHasAllAny), so they compare each element in the smallest kind of all
    /// (an array cast to another kind is not run: ClickHouse answers bytes of memory there).
    /// No common type is ClickHouse's error, upstream's 400 "Invalid analytics query". An
    /// interval in or before an `IN` list ([`Tr::interval_in`]) is its count.
    pub(super) fn interval_search(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
        v: &Intervals,
    ) -> Result<Option<String>, ApiError> {
        let refused = || query_error("Invalid analytics query");
        if let Some(sql) = self.interval_in(open, i, end, v)? {
            return Ok(Some(sql));
        }
        let Intervals::One(kind, _, count) = v else {
            return Ok(None);
        };
        // The call's `(`: the intervals' own, or that of the array holding them (where it is
        // read, see [`Tr::array_site`]).
        let Some(o) = open else {
            return Ok(None);
        };
        let held = self.interval_array_at(o, i, end);
        let (array, paren) = match held {
            Some((a, b)) => {
                let (a, _) = self.array_site(a, b);
                match self.enclosing_open(a) {
                    Some(p) => (a, p),
                    None => return Ok(None),
                }
            }
            None => (o, o),
        };
        let function = paren
            .checked_sub(1)
            .map(|f| self.word(f))
            .unwrap_or_default();
        let args = self.arguments(paren);
        let target = match (function.as_str(), args.as_slice()) {
            ("ARRAYJOIN", &[(a0, b0)]) if array == a0 => match self.array_intervals(a0, b0)? {
                Some(elements) => elements,
                None => return Ok(None),
            },
            ("HAS", &[(a0, b0), (a1, b1)]) => {
                let Some(elements) = self.array_intervals(a0, b0)? else {
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
                if array != a0 {
                    return Ok(None);
                }
                elements
            }
            ("HASANY" | "HASALL", &[(a0, b0), (a1, b1)]) if array == a0 || array == a1 => {
                let (Some(first), Some(second)) =
                    (self.array_intervals(a0, b0)?, self.array_intervals(a1, b1)?)
                else {
                    return Ok(None);
                };
                let common = first.clone().supertype(&second).ok_or_else(refused)?;
                if first.kinds() != second.kinds() {
                    return Err(different_kinds_searched());
                }
                // (Cast to the common type, an array's elements take its first one's count.)
                // (An array cast to the common type of another kind: ClickHouse 25.5 and 25.8
                // answer bytes of memory there, `CAST([INTERVAL 1 DAY] AS
                // Array(IntervalHour))` is `[140267385941616]`, and
                // `hasAny([INTERVAL 1 MINUTE], [INTERVAL 60 SECOND])` 0, as chDB 3.6.0 and
                // 3.7.2 do; a literal's own elements of several kinds are converted right,
                // `hasAny([INTERVAL 1 MINUTE, INTERVAL 1 SECOND], [INTERVAL 60 SECOND])` 1.)
                let own = if array == a0 { first } else { second };
                if own.kinds() != common.kinds() {
                    return Err(unsupported(
                        "hasAny or hasAll of arrays of intervals of two kinds (ClickHouse casts one to the other's kind, answering bytes of memory)",
                    ));
                }
                common
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

    /// The intervals `v` at `[i, end)` as the left operand of `[NOT] IN (list)` or an item of
    /// such a list, with intervals of its kinds on the other side: its count (a tuple's counts
    /// as a row value); `None` when it is neither.
    /// ClickHouse converts each item to the left operand's type for its set
    /// (getSetElementsForConstantValue, convertFieldToTypeStrict) and compares the stored
    /// counts; convertFieldToType has no case for an `Interval` target, so an item of another
    /// kind or type is its TYPE_MISMATCH "Type mismatch in IN or VALUES section", upstream's
    /// 400 "Invalid analytics query"; a number on the left takes an item's count as it is
    /// (convertNumericType), so `1 IN (INTERVAL 1 DAY)` is 1, and a string its text
    /// (FieldVisitorToString), so `'1' IN (INTERVAL 1 DAY)` is 1; a `Date` takes the count as
    /// a day number and a `DateTime64` as seconds, where a `DateTime` has no conversion from
    /// an interval's `Int64` (TYPE_MISMATCH). A tuple of intervals on the left makes a set of
    /// tuples, each item's elements converted in turn, with its own types as the hint
    /// (Analyzer/SetUtils.cpp `createBlockFromCollection`): so an item of the same kinds is
    /// compared element by element and any other is TYPE_MISMATCH as well. Another left
    /// operand, an item that is a tuple beside one that is not, a nested tuple, and a
    /// subquery list, are left to the caller (not run).
    pub(super) fn interval_in(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
        v: &Intervals,
    ) -> Result<Option<String>, ApiError> {
        let counts: Vec<&str> = v.moves().into_iter().map(|(_, c)| c).collect();
        let (count, tuple) = match v {
            Intervals::One(_, _, count) => (count.as_str(), false),
            Intervals::Tuple(items) if items.iter().all(|e| matches!(e, Intervals::One(..))) => {
                ("", true)
            }
            Intervals::Tuple(_) => return Ok(None),
        };
        let row = format!("({})", counts.join(", "));
        let counted = Ok(Some(if tuple {
            row.clone()
        } else {
            format!("({count})")
        }));
        let refused = || query_error("Invalid analytics query");
        let shape = v.shape();
        let operator = |tr: &Self, k: usize| match tr.word(k).as_str() {
            "NOT" if tr.word(k + 1) == "IN" => Some(k + 2),
            "IN" => Some(k + 1),
            _ => None,
        };
        let same = |tr: &mut Self, a: usize, b: usize| -> Result<Option<bool>, ApiError> {
            Ok(match tr.interval_run(a, b)? {
                Some((other, after)) if after == b => Some(other.shape() == shape),
                _ => None,
            })
        };
        // The left operand: every item of the list an interval of its kind.
        if let Some(paren) = operator(self, end).filter(|p| {
            self.toks.get(*p) == Some(&Tok::Sym("(")) && self.left_operand_start(end) == i
        }) {
            // (A tuple literal of its kinds is one element, see [`Tr::tuple_literal`].)
            let close = closing(self.toks, paren).unwrap_or(paren);
            if tuple && self.tuple_literal(paren, close)?.is_some() {
                return counted;
            }
            for (a, b) in self.arguments(paren) {
                if self.word(a) == "SELECT" {
                    return Ok(None);
                }
                // (A `NULL` is converted to no type, and left out of the set: see
                // [`Tr::in_nulls`].)
                if matches!(self.toks.get(a..b), Some([Tok::Word(w)]) if w.eq_ignore_ascii_case("NULL"))
                {
                    continue;
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
            && closing(self.toks, i).is_some_and(|c| c + 1 == end)
            && after_in(i).is_some();
        // (SQLite reads a list of one row value in the list's own parentheses.)
        let counted = match counted {
            Ok(Some(_)) if tuple && whole_list => Ok(Some(format!("({row})"))),
            other => other,
        };
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
            None if tuple => Ok(None),
            None => {
                let scope = self.scopes.last().cloned().unwrap_or_default();
                Ok(match self.expr_ty(left, op, &scope) {
                    Ty::Int(_) | Ty::Float => Some(format!("({count})")),
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

    /// The intervals of the elements of the array `[a, b)` that `has`, `hasAny` or `hasAll`
    /// searches (through parentheses and aliases, see [`Tr::array_source`]): of an array
    /// literal their common type ([`Tr::literal_intervals`]), of `groupArray` or
    /// `groupUniqArray` of an interval that interval's (the aggregate keeps its argument's
    /// type); `None` for another array.
    pub(super) fn array_intervals(
        &mut self,
        a: usize,
        b: usize,
    ) -> Result<Option<Intervals>, ApiError> {
        let (a, b) = self.array_source(a, b);
        if let (Some(Tok::Word(w)), true) = (self.toks.get(a), b == a + 1) {
            return Ok(self.array_column(w).and_then(|c| c.intervals.clone()));
        }
        let grouped = matches!(self.word(a).as_str(), "GROUPARRAY" | "GROUPUNIQARRAY")
            && closing(self.toks, a + 1) == Some(b - 1);
        if !grouped {
            return self.literal_intervals(a, b);
        }
        let &[(s, e)] = self.arguments(a + 1).as_slice() else {
            return Ok(None);
        };
        Ok(match self.interval_run(s, e)? {
            Some((v @ Intervals::One(..), after)) if after == e => Some(v),
            _ => None,
        })
    }

    /// The common type of the array literal `[a, b)` of intervals (see
    /// [`Intervals::supertype`]); `None` when it is not a nonempty literal of intervals or
    /// holds a tuple; an element that is not an interval, or no common type, is ClickHouse's
    /// NO_COMMON_TYPE, upstream's 400 "Invalid analytics query".
    pub(super) fn literal_intervals(
        &mut self,
        a: usize,
        b: usize,
    ) -> Result<Option<Intervals>, ApiError> {
        if self.toks.get(a) != Some(&Tok::Sym("[")) || self.bracket_close(a) != Some(b - 1) {
            return Ok(None);
        }
        let mut common: Option<Intervals> = None;
        for (s, e) in self.list_items(a + 1, b - 1) {
            // A `NULL` makes the elements `Nullable` (an `Interval` can be inside one:
            // DataTypeInterval's `canBeInsideNullable`), answered as `null` beside their texts
            // (the Go driver's `[]*string`); read otherwise, not run here.
            if e == s + 1 && self.word(s) == "NULL" {
                if !self.answered_array(a, None, s, e) {
                    return Err(unsupported(
                        "an array of intervals with a NULL other than answered as a column",
                    ));
                }
                continue;
            }
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
    pub(super) fn interval_length_element(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
    ) -> Result<bool, ApiError> {
        let Some(o) = open else {
            return Ok(false);
        };
        let Some((s, e)) = self.interval_array_at(o, i, end) else {
            return Ok(false);
        };
        let (a, b) = self.array_site(s, e);
        let length = self
            .enclosing_open(a)
            .filter(|p| self.toks.get(*p) == Some(&Tok::Sym("(")))
            .filter(|p| p.checked_sub(1).is_some_and(|f| self.word(f) == "LENGTH"))
            .is_some_and(|p| self.arguments(p) == [(a, b)]);
        if !length {
            return Ok(false);
        }
        Ok(s != o || self.literal_intervals(s, e)?.is_some())
    }

    /// The array that holds the interval `[i, end)` (its `(` or `[` left open at `o`) as an
    /// element: the array literal `[…]` from `o`, or the `groupArray(…)` or
    /// `groupUniqArray(…)` call before `o` of the interval alone; `None` otherwise.
    pub(super) fn interval_array_at(
        &self,
        o: usize,
        i: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        match self.toks.get(o) {
            Some(Tok::Sym("[")) => self.bracket_close(o).map(|c| (o, c + 1)),
            Some(Tok::Sym("(")) => o
                .checked_sub(1)
                .filter(|f| matches!(self.word(*f).as_str(), "GROUPARRAY" | "GROUPUNIQARRAY"))
                .filter(|_| self.arguments(o) == [(i, end)])
                .and_then(|f| closing(self.toks, o).map(|c| (f, c + 1))),
            _ => None,
        }
    }

    /// Whether the intervals `[i, end)` are an element of an array the outermost query answers
    /// as it is ([`Tr::array_item`] there).
    pub(super) fn answered_array(
        &self,
        open: usize,
        call: Option<usize>,
        i: usize,
        end: usize,
    ) -> bool {
        self.outermost_answer() && self.array_item(open, call, i, end)
    }

    /// Whether the `SELECT` being translated is the outermost query's, not one of a set
    /// operation's (of which ClickHouse answers the common type of its `SELECT`s' columns).
    pub(super) fn outermost_answer(&self) -> bool {
        let mut level = 0usize;
        let set_operation = self.toks.iter().any(|t| match t {
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
        self.depth == 1 && !set_operation
    }

    /// Whether the intervals `[i, end)` are an element of an array that is a whole
    /// select-list item: an array literal at `open`, or the one argument of a `groupArray`
    /// or `groupUniqArray` call at `call`, also through aliases (not read by anything else,
    /// see [`Tr::array_site`]).
    pub(super) fn array_item(
        &self,
        open: usize,
        call: Option<usize>,
        i: usize,
        end: usize,
    ) -> bool {
        self.array_span(open, call, i, end)
            .is_some_and(|(a, b)| self.whole_item(a, b))
    }

    /// Whether the intervals `[i, end)` are an element of an array (as [`Tr::array_item`]
    /// finds it) that is the whole argument of `toString`, which writes its elements' counts
    /// in their common kind (`[24,1]` for `[INTERVAL 1 DAY, INTERVAL 1 HOUR]`, see
    /// [`sqlite::array_text`]), or subscripted (see [`Tr::subscripted_intervals`]).
    pub(super) fn counted_array_item(
        &self,
        open: usize,
        call: Option<usize>,
        i: usize,
        end: usize,
    ) -> bool {
        self.array_span(open, call, i, end)
            .is_some_and(|(a, b)| self.to_string_argument(a, b) || self.subscript_at(b))
    }

    /// Whether `[a, b)` is the whole argument of a `toString` call.
    pub(super) fn to_string_argument(&self, a: usize, b: usize) -> bool {
        a.checked_sub(2).is_some_and(|f| self.word(f) == "TOSTRING")
            && self.toks.get(a - 1) == Some(&Tok::Sym("("))
            && closing(self.toks, a - 1) == Some(b)
    }

    /// Where the array holding the intervals `[i, end)` as an element stands (see
    /// [`Tr::array_item`], through aliases by [`Tr::array_site`]).
    fn array_span(
        &self,
        open: usize,
        call: Option<usize>,
        i: usize,
        end: usize,
    ) -> Option<(usize, usize)> {
        let toks = self.toks;
        // (Not a subscript: `tags[1]`.)
        let literal = toks.get(open) == Some(&Tok::Sym("[")) && !self.subscript_at(open);
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
        span.map(|(a, b)| self.array_site(a, b))
    }

    /// A tuple literal `(x, y, …)` at `i` (before `b`) that is a whole select-list item of the
    /// outermost `SELECT` (not of a set operation's arm, whose arms' types meet): ClickHouse
    /// 25.6 types it an unnamed `Tuple` (`enable_named_columns_in_function_tuple` is off by
    /// default since 24.10, SettingsChangesHistory "Disabled pending usability
    /// improvements"), which upstream's Go driver panics reading where an element is not
    /// `NULL` ([`TUPLE_MARK`]): so where an element is of a type that is not `Nullable`
    /// and no array or tuple, it is checked as ClickHouse reads it and answered as that 500
    /// once a row is read. Returns the index after it. Any other tuple SQLite reads as a row
    /// value is not run ([`sqlite_error`]).
    pub(super) fn answered_tuple(&mut self, i: usize, b: usize) -> Result<Option<usize>, ApiError> {
        let toks = self.toks;
        let Some(close) = closing(toks, i).filter(|c| *c < b) else {
            return Ok(None);
        };
        let items = self.list_items(i + 1, close);
        let set_operation = toks
            .iter()
            .any(|t| matches!(upper(t).as_str(), "UNION" | "EXCEPT"));
        if items.len() < 2
            || matches!(self.word(i + 1).as_str(), "SELECT" | "WITH")
            || self.depth != 1
            || set_operation
            || !self.whole_item(i, close + 1)
        {
            return Ok(None);
        }
        let scope = self.scopes.last().cloned().unwrap_or_default();
        // (A tuple of intervals is [`Tr::intervals_operand`]'s.)
        if items
            .iter()
            .any(|&(s, e)| self.expr_ty(s, e, &scope) == Ty::Interval)
        {
            return Ok(None);
        }
        let read = items.iter().any(|&(s, e)| {
            !self.expr_nullable(s, e, &scope)
                && toks.get(s) != Some(&Tok::Sym("("))
                && !matches!(self.expr_ty(s, e, &scope), Ty::Array(_) | Ty::Unknown)
        });
        if !read {
            return Ok(None);
        }
        for (s, e) in items {
            self.expression(s, e)?;
        }
        Ok(Some(close + 1))
    }

    /// A tuple literal `(x, …, z)` at `i` (before `b`) that is an element of an array literal,
    /// or the argument of `groupArray`, answered as a whole column of the outermost `SELECT`:
    /// clickhouse-go v2.42.0 reads that `Array(Tuple(…))` into upstream's `ch.Dynamic` through
    /// its `sql.Scanner` (`Array.ScanRow`, `scanSliceOfMaps`), each tuple a map holding its
    /// unnamed elements under the one key `""` (`Tuple.scanMap`), so its last: written as the
    /// JSON object of every element under that key, the last kept where the answer reads it
    /// ([`go_numbers`]), each element computed. The literal's tuples take their common type
    /// position by position (getLeastSupertype: one of another arity or no common type is
    /// NO_COMMON_TYPE, upstream's "Invalid analytics query"). Elements other than numbers and
    /// strings that are not `Nullable` (whose Go values this does not write) are not run.
    /// Returns the index after it and its SQL.
    pub(super) fn answered_tuple_element(
        &mut self,
        i: usize,
        b: usize,
    ) -> Result<Option<(usize, String)>, ApiError> {
        let toks = self.toks;
        let Some(close) = closing(toks, i).filter(|c| *c < b) else {
            return Ok(None);
        };
        let items = self.list_items(i + 1, close);
        if items.len() < 2 || matches!(self.word(i + 1).as_str(), "SELECT" | "WITH") {
            return Ok(None);
        }
        let Some(open) = self.enclosing_open(i) else {
            return Ok(None);
        };
        let literal = toks.get(open) == Some(&Tok::Sym("["));
        // (`groupUniqArray`'s hash set of tuples is not followed here.)
        let call = open
            .checked_sub(1)
            .filter(|f| !literal && self.word(*f) == "GROUPARRAY");
        if !literal && call.is_none() || !self.answered_array(open, call, i, close + 1) {
            return Ok(None);
        }
        let not_run = || {
            unsupported("a tuple of other than numbers and strings that are not Nullable in an answered array")
        };
        let tuples = match (literal, self.bracket_close(open)) {
            (true, Some(end)) => self
                .list_items(open + 1, end)
                .into_iter()
                .map(|(s, e)| {
                    let tuple =
                        toks.get(s) == Some(&Tok::Sym("(")) && closing(toks, s) == Some(e - 1);
                    tuple.then(|| self.list_items(s + 1, e - 1))
                })
                .collect::<Option<Vec<_>>>()
                .ok_or_else(not_run)?,
            (true, None) => return Err(not_run()),
            (false, _) => vec![items.clone()],
        };
        if tuples.iter().any(|t| t.len() != items.len()) {
            return Err(query_error("Invalid analytics query"));
        }
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for at in 0..items.len() {
            let mut types = Vec::new();
            for &(s, e) in tuples.iter().filter_map(|t| t.get(at)) {
                let ty = self.value_ty(s, e, &scope).ok_or_else(not_run)?;
                if !matches!(ty, Ty::Int(_) | Ty::Float | Ty::Str)
                    || self.expr_nullable(s, e, &scope)
                {
                    return Err(not_run());
                }
                types.push(ty);
            }
            Ty::check_common(types.into_iter())?;
        }
        let mut parts = Vec::new();
        for (s, e) in items {
            parts.push(format!("'', {}", self.expression(s, e)?));
        }
        Ok(Some((
            close + 1,
            format!("json_object({})", parts.join(", ")),
        )))
    }

    /// Whether `[a, b)` is a whole select-list item (aliased or not) of its `SELECT`.
    pub(super) fn whole_item(&self, a: usize, b: usize) -> bool {
        let toks = self.toks;
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
    pub(super) fn interval_element_text(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
        v: &Intervals,
    ) -> Result<String, ApiError> {
        let (count, target) = self.interval_element(open, i, end, v)?;
        Ok(interval_text(&count, &target))
    }

    /// An interval of an array that is a whole select-list item ([`Tr::array_item`]) as its
    /// count in the common kind of the array's elements (see [`Tr::interval_element_text`]),
    /// and that kind.
    pub(super) fn interval_element(
        &mut self,
        open: Option<usize>,
        i: usize,
        end: usize,
        v: &Intervals,
    ) -> Result<(String, String), ApiError> {
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
        Ok((count, target.clone()))
    }

    /// Whether the column of a source at `i` that is of an `Interval` type (a subquery's,
    /// whose kind may not be known here, see [`interval_column_not_run`]) is read where its
    /// kind does not matter: a whole select-list item (`bare`, answered as an `Interval`
    /// column), a whole `ORDER BY` or `GROUP BY` key (by its count), or the whole argument
    /// of `toString` or an argument of `concat` (its count), an argument of `count`, `uniq`
    /// or `uniqExact` (its values, all of one kind), or the whole argument of
    /// `groupArray`/`groupUniqArray` that is `length`'s whole argument.
    pub(super) fn interval_column_read(&self, i: usize, bare: bool) -> bool {
        // A tuple's column holds a JSON array (see [`IntervalColumn`]): read as its values only
        // where each is a distinct value.
        let tuple = matches!(self.toks.get(i), Some(Tok::Word(w))
            if matches!(self.column_interval(w).and_then(|c| c.intervals.as_ref()), Some(Intervals::Tuple(_))));
        if !tuple && (bare || self.sort_or_group_key(i, i + 1)) {
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
            "COUNT" | "UNIQ" | "UNIQEXACT" => true,
            _ if tuple => false,
            "CONCAT" => true,
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

    /// A read at `i` of the column `w` of a source that is an array of intervals (see
    /// [`IntervalColumn::array`]), where it stands (through aliases, [`Tr::array_site`]):
    /// `Ok(None)` where its counts are read as they are, `Ok(Some(sql))` for the outermost
    /// query's whole item (its elements as upstream's driver writes them, see
    /// [`interval_text`]), and an error elsewhere. Its counts are read as a whole item of a
    /// subquery (it travels on), `length`'s whole argument, `has`'s array (its needle an
    /// interval of a kind with a common type, compared by its count as
    /// [`Tr::interval_search`] says), an array of `hasAny` or `hasAll` whose other array is
    /// of intervals of its kind (of a smaller kind ClickHouse would cast this one, answering
    /// bytes of memory), or `arrayJoin`'s whole argument
    /// (its elements intervals of its kind, see [`Tr::joined_interval`]). Any other read is
    /// not run: ClickHouse reads intervals there, this a JSON array of counts.
    pub(super) fn array_column_read(
        &mut self,
        i: usize,
        w: &str,
    ) -> Result<Option<String>, ApiError> {
        let not_run = || {
            unsupported("an array of intervals read from a subquery's column other than answered, or passed whole to length, has, hasAny, hasAll or arrayJoin")
        };
        let refused = || query_error("Invalid analytics query");
        let Some(Intervals::One(kind, ..)) = self.array_column(w).and_then(|c| c.intervals.clone())
        else {
            return Err(not_run());
        };
        let (a, b) = self.array_site(i, i + 1);
        // (Subscripted, its count is read, see [`Tr::subscripted_intervals`].)
        if self.subscript_at(b) {
            return Ok(None);
        }
        // Sorted or grouped by: ClickHouse compares arrays element by element, one that
        // begins the other first (ColumnArray::compareAt), its elements (of one kind) by their
        // counts. A text of each count as [`Intervals::sort_sql`] writes one, joined by `,`,
        // sorts so, and is equal only for equal arrays.
        if self.sort_or_group_key(a, b) {
            let column = self.column_ref(w)?.0;
            let step = step_of(&kind).ok_or_else(not_run)?;
            let element = Intervals::One(kind, step, "value".into()).sort_sql();
            return Ok(Some(format!(
                "(SELECT coalesce(group_concat({element}, ',' ORDER BY key), '') FROM json_each(ch_array({column})))"
            )));
        }
        if self.whole_item(a, b) {
            if self.depth > 1 {
                return Ok(None);
            }
            if !self.outermost_answer() {
                return Err(not_run());
            }
            let text = interval_text("value", &kind);
            let column = self.column_ref(w)?.0;
            // (Answered under its own name unless it is given one.)
            let name = match self.toks.get(a) {
                Some(Tok::Word(site)) if self.word(b) != "AS" => {
                    let name = self.column_name(site);
                    format!(" AS \"{}\"", name.replace('"', "\"\""))
                }
                _ => String::new(),
            };
            return Ok(Some(format!(
                "(SELECT json_group_array({text} ORDER BY key) FROM json_each(ch_array({column}))){name}"
            )));
        }
        let Some(paren) = self
            .enclosing_open(a)
            .filter(|p| self.toks.get(*p) == Some(&Tok::Sym("(")))
        else {
            return Err(not_run());
        };
        let function = paren
            .checked_sub(1)
            .map(|f| self.word(f))
            .unwrap_or_default();
        let args = self.arguments(paren);
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let own = Intervals::One(
            kind.clone(),
            step_of(&kind).ok_or_else(not_run)?,
            String::new(),
        );
        match (function.as_str(), args.as_slice()) {
            ("LENGTH" | "ARRAYJOIN" | "TOSTRING", &[arg]) if arg == (a, b) => Ok(None),
            ("HAS", &[arg, (a1, b1)]) if arg == (a, b) => match self.interval_run(a1, b1)? {
                Some((needle @ Intervals::One(..), after)) if after == b1 => {
                    match own.supertype(&needle) {
                        Some(_) => Ok(None),
                        None => Err(refused()),
                    }
                }
                None if self.expr_ty(a1, b1, &scope) == Ty::Interval => {
                    Err(interval_column_not_run())
                }
                _ => Err(refused()),
            },
            ("HASANY" | "HASALL", &[first, second]) if first == (a, b) || second == (a, b) => {
                let (s, e) = if first == (a, b) { second } else { first };
                match self.array_intervals(s, e)? {
                    Some(other) => match own.clone().supertype(&other) {
                        Some(_) if other.kinds() != own.kinds() => {
                            Err(different_kinds_searched())
                        }
                        Some(common) if common.kinds() == own.kinds() => Ok(None),
                        Some(_) => Err(unsupported(
                            "hasAny or hasAll of a subquery's column of arrays of intervals converted to a smaller kind",
                        )),
                        None => Err(refused()),
                    },
                    None => Err(not_run()),
                }
            }
            _ => Err(not_run()),
        }
    }

    /// `*` (of the source `only`) answered by the outermost query over a source's column of
    /// arrays of intervals is not run: its counts would be answered as they are, not as
    /// upstream's driver writes intervals (see [`Tr::array_column_read`]).
    pub(super) fn check_star_arrays(&self, only: Option<&str>) -> Result<(), ApiError> {
        if self.depth > 1 {
            return Ok(());
        }
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let arrays = scope
            .iter()
            .filter(|src| only.is_none_or(|q| src.name.eq_ignore_ascii_case(q)))
            .any(|src| {
                let prefix = format!("{}.", src.name.to_ascii_lowercase());
                self.interval_kinds
                    .iter()
                    .any(|(key, c)| c.array && key.starts_with(&prefix))
            });
        if arrays {
            return Err(unsupported(
                "* answered over a subquery's column of arrays of intervals",
            ));
        }
        Ok(())
    }

    /// Whether `[i, end)` is a whole `ORDER BY`, `GROUP BY` or `LIMIT … BY` item of its
    /// `SELECT`.
    pub(super) fn sort_or_group_key(&self, i: usize, end: usize) -> bool {
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
                        // (`LIMIT n [OFFSET m | , m] BY`.)
                        let limit = (0..k).rev().find(|p| {
                            !matches!(self.toks.get(*p), Some(Tok::Num(_) | Tok::Sym(",")))
                                && self.word(*p) != "OFFSET"
                        });
                        return matches!(
                            self.word(k.saturating_sub(1)).as_str(),
                            "ORDER" | "GROUP"
                        ) || limit.is_some_and(|p| self.word(p) == "LIMIT" && p + 1 < k);
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
    pub(super) fn interval_call(
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
        let mut varying = Vec::new();
        let mut others = false;
        let scope = self.scopes.last().cloned().unwrap_or_default();
        for (s, e) in answered {
            if e == s + 1 && self.word(s) == "NULL" {
                continue;
            }
            match self.interval_run(s, e)? {
                Some((v, end)) if end == e => {
                    if !self.constant_intervals(s, e) {
                        varying.push(values.len());
                    }
                    values.push(v);
                }
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
        // (`coalesce` is typed by its arguments up to the first that is not `Nullable` only,
        // see [`Tr::coalesce_typed`]: where the others have no common type with those, its
        // answer is not followed here.)
        let dropped = self.word(k) == "COALESCE" && {
            let scope = self.scopes.last().cloned().unwrap_or_default();
            self.coalesce_typed(k + 1, &scope).len() < self.arguments(k + 1).len()
        };
        let common = values
            .iter()
            .skip(1)
            .try_fold(first, |common, v| common.supertype(v))
            .filter(|_| !others);
        let common = match common {
            Some(common) => common,
            None if dropped => {
                return Err(unsupported(
                    "coalesce of intervals whose arguments after its first that is not Nullable have no common type with it",
                ))
            }
            None => return Err(query_error("Invalid analytics query")),
        };
        // (Each argument is cast to the common type, see [`converted`].)
        let converted = |n: &usize| values.get(*n).is_some_and(|v| v.kinds() != common.kinds());
        if varying.iter().any(converted) {
            return Err(varying_conversion());
        }
        // A tuple converted to another tuple of intervals: ClickHouse 25.5.2 and 25.8.2 (chDB)
        // agree that `if(1 = 1, INTERVAL 1 MONTH + INTERVAL 1 DAY, INTERVAL 1 YEAR + INTERVAL
        // 2 HOUR)` is ILLEGAL_COLUMN ("ColumnTuple cannot have ColumnConst as its element")
        // where its condition is a constant and `(1,24)` where it is not; not followed here.
        if matches!(common, Intervals::Tuple(_)) && (0..values.len()).any(|n| converted(&n)) {
            return Err(unsupported(
                "if, CASE, coalesce, any, min or max of tuples of intervals converted to other kinds",
            ));
        }
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
    pub(super) fn case_branches(&self, k: usize, b: usize) -> Option<(Vec<(usize, usize)>, usize)> {
        let (words, after) = self.case_words(k, b)?;
        let branches = words
            .iter()
            .zip(words.iter().skip(1).chain(std::iter::once(&(after - 1))))
            .filter(|(w, _)| matches!(self.word(**w).as_str(), "THEN" | "ELSE"))
            .map(|(w, next)| (w + 1, *next))
            .collect();
        Some((branches, after))
    }

    /// The `WHEN`, `THEN` and `ELSE` of the `CASE` at `k` (before `b`), not those of a `CASE`
    /// inside it, and the index after its `END`. (Each `CASE`'s are found once, up to the end
    /// of the tokens, [`Tr::case_words_of`]: a nesting of `CASE`s is read here for each
    /// level and each pass over it.)
    pub(super) fn case_words(&self, k: usize, b: usize) -> CaseWords {
        let known = self.case_words_found.borrow().get(&k).cloned();
        let found = match known {
            Some(found) => found,
            None => {
                let found = self.case_words_of(k);
                self.case_words_found.borrow_mut().insert(k, found.clone());
                found
            }
        };
        found.filter(|(_, after)| *after <= b)
    }

    /// [`Tr::case_words`] before the end of the tokens.
    fn case_words_of(&self, k: usize) -> CaseWords {
        let mut depth = 0i64;
        let mut words = Vec::new();
        for j in k + 1..self.toks.len() {
            let w = match self.toks.get(j) {
                Some(Tok::Sym("(" | "[")) => {
                    depth += 1;
                    continue;
                }
                Some(Tok::Sym(")" | "]")) => {
                    depth -= 1;
                    continue;
                }
                Some(Tok::Word(w)) => w,
                _ => continue,
            };
            let is = |word: &str| w.eq_ignore_ascii_case(word);
            if is("CASE") {
                depth += 1;
            } else if is("END") && depth > 0 {
                depth -= 1;
            } else if is("END") {
                return Some((words, j + 1));
            } else if depth == 0 && (is("WHEN") || is("ELSE") || is("THEN")) {
                words.push(j);
            }
        }
        None
    }
}
