//! `CAST(x AS T)`, `CAST(x, 'T')`, `x::T` and `EXTRACT(unit FROM t)`: upstream's parser builds
//! a `CastExpr`, a `::` operation or an `ExtractExpr` of them, which its function validation
//! does not check, so ClickHouse runs them. Each is written here, before anything reads the
//! query, as the conversion of upstream's list that ClickHouse's `CAST` to that type is
//! (`toInt32`, `toInt64`, `toFloat64`, `toString`, `toDate`, `toDateTime`, `toDateTime64`: one
//! place for each conversion; `CAST` and these share FunctionsConversion's `ConvertImpl`), or
//! `EXTRACT`'s function (`toYear`, `toMonth`, …, as ClickHouse's parser writes it) as the
//! number of its `formatDateTime` field. ClickHouse's name of the call is kept
//! ([`Spelled`]): `CAST(x, 'Int32')` (ClickHouse's parser writes every form so, a literal
//! before `::` as the string of its text, `CAST('1', 'Int32')`), `toDayOfMonth(t)`.

use super::*;

/// ClickHouse's name of a call written in for a `CAST` or `EXTRACT`: `prefix`, the name of
/// the first argument of the call `inner` tokens after it, `suffix`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Spelled {
    pub(super) prefix: String,
    pub(super) suffix: String,
    pub(super) inner: usize,
    /// An `EXTRACT` of a time of day (`HOUR`, `MINUTE`, `SECOND`), which ClickHouse takes
    /// of a `Date` only with an error of its own, not run here (see [`Tr::call`]).
    pub(super) time_of_day: bool,
    /// A `CAST` to a `Nullable` type (its call written without it): of a `Nullable` type
    /// (see [`Tr::expr_nullable`]).
    pub(super) nullable: bool,
    /// The `(` of an `IN` list written for an array literal (`x IN ['a', 'b']`), named as
    /// that array (`in(x, ['a', 'b'])`; `prefix`, `suffix` and `inner` unused).
    pub(super) list: bool,
    /// A `CAST` to an integer of another width or to `Bool`, written as `toInt64` of its
    /// argument (see [`Narrowed`]).
    pub(super) narrowed: Option<Narrowed>,
    /// A `CAST` whose `NULL` fails where it reaches it ([`NOT_NULL`]).
    pub(super) not_null: bool,
    /// `groupArray(N)(x)` or `groupUniqArray(N)(x)`, written as the call without its
    /// parameter: `N` (see [`limited_arrays`]).
    pub(super) limit: Option<u64>,
}

/// The SQLite function converting a [`Narrowed`] `CAST`'s value: `ch_narrow(v, bits, signed)`,
/// of 1 bit a `Bool`.
pub(super) const NARROWED: &str = "ch_narrow";

/// The least and largest value a [`Narrowed`] integer of `bits` holds here (a `UInt64` only
/// up to `Int64`'s largest, which SQLite holds).
pub(super) fn narrowed_range(bits: u8, signed: bool) -> (i128, i128) {
    let bits = bits.clamp(1, 64);
    match (bits, signed) {
        (64, false) => (0, i128::from(i64::MAX)),
        (b, true) => (-(1i128 << (b - 1)), (1i128 << (b - 1)) - 1),
        (b, false) => (0, (1i128 << b) - 1),
    }
}

/// Whether `n` is a value of that integer ([`narrowed_range`]).
pub(super) fn narrowed_holds(n: i64, bits: u8, signed: bool) -> bool {
    let (least, most) = narrowed_range(bits, signed);
    (least..=most).contains(&i128::from(n))
}

/// What a [`Narrowed`] `CAST` does not run: its failure ([`NARROWED`]'s) names it.
pub(super) const NARROWED_NOT_RUN: &str = "a CAST to UInt8, UInt16, UInt32, UInt64, Int8, Int16 or Bool of a time but a Date's or DateTime's number, or of a float or string outside the integer type's range (or negative, to UInt64)";

/// A `CAST` to a type of no function of upstream's list, written as `toInt64` (its name and
/// the checks of a call kept) and converted by [`Tr::call`] as ClickHouse's ConvertImpl
/// converts to that type: an integer of `bits` wraps round them (`CAST(-1 AS UInt8)` is 255,
/// `CAST(300 AS UInt8)` 44, 03011_definitive_guide_to_cast), a `Bool` is whether the number
/// is not 0 (02179_bool_type: `toBool(-10000000000)` is `true`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Narrowed {
    Int {
        bits: u8,
        signed: bool,
    },
    Bool,
    /// `Float32`, written as `toFloat64` (its value a `Float64`'s wherever ClickHouse reads it
    /// as one) and run where [`Tr::float32_site`] tells how it is read.
    Float32,
    /// `Decimal(P, S)` of an integer (`P - S` digits before the point, `whole`): the integer
    /// itself, run where [`Tr::decimal_site`] tells how it is read.
    Decimal {
        scale: u8,
        whole: u8,
    },
    /// `Array(T)`, written as `coalesce` of its argument (the same array): of an empty
    /// literal `[]` (ClickHouse's `Array(Nothing)`, which converts to any array), or of an
    /// array of strings to `Array(String)` (`string`), where nothing is converted
    /// ([`Tr::check_array_cast`]).
    Array {
        string: bool,
    },
}

/// Where each [`Spelled`] call starts.
pub(super) type SpelledCalls = std::collections::HashMap<usize, Spelled>;

/// Positions in the tokens that move when tokens are replaced ([`replace`]).
pub(super) struct Marks<'a> {
    pub(super) uses: &'a mut AliasUses,
    pub(super) spelled: &'a mut SpelledCalls,
}

/// `toks` with the `len` tokens at `from` replaced by `by`; the marks after them move with
/// their tokens.
pub(super) fn replace(
    toks: &mut Vec<Tok>,
    marks: &mut Marks<'_>,
    from: usize,
    len: usize,
    by: Vec<Tok>,
) {
    let added = by.len();
    if from + len > toks.len() {
        return;
    }
    toks.splice(from..from + len, by);
    let moved = |k: usize| if k >= from + len { k + added - len } else { k };
    *marks.uses = std::mem::take(marks.uses)
        .into_iter()
        .map(|(k, n)| (moved(k), n))
        .collect();
    *marks.spelled = std::mem::take(marks.spelled)
        .into_iter()
        .map(|(k, n)| (moved(k), n))
        .collect();
}

/// A conversion `CAST` is: the function of upstream's list, its extra argument (a
/// `DateTime64`'s scale) and whether the type is `Nullable`.
struct Target {
    function: &'static str,
    scale: Option<String>,
    nullable: bool,
    narrowed: Option<Narrowed>,
}

/// The type a type name stands for in ClickHouse's DataTypeFactory: its own name (case
/// sensitive) or one of the one-word aliases registered case-insensitively for the types run
/// here (src/DataTypes/DataTypesNumber.cpp, DataTypeString.cpp, DataTypeCustomBool; the
/// aliases of several words, `INT UNSIGNED`, are not read here). A `CAST` is named with the
/// type as it is written (ParserDataType keeps the name: `CAST(x, 'bigint')`).
fn canonical(name: &str) -> Option<&'static str> {
    const OWN: &[&str] = &[
        "UInt8",
        "UInt16",
        "UInt32",
        "UInt64",
        "Int8",
        "Int16",
        "Int32",
        "Int64",
        "Float32",
        "Float64",
        "String",
        "Array",
        "Date",
        "DateTime",
        "DateTime64",
        "Nullable",
        "LowCardinality",
        "Bool",
    ];
    const ALIASES: &[(&str, &str)] = &[
        ("TINYINT", "Int8"),
        ("INT1", "Int8"),
        ("BYTE", "Int8"),
        ("SMALLINT", "Int16"),
        ("INT", "Int32"),
        ("INTEGER", "Int32"),
        ("MEDIUMINT", "Int32"),
        ("BIGINT", "Int64"),
        ("SIGNED", "Int64"),
        ("YEAR", "UInt16"),
        ("UNSIGNED", "UInt64"),
        ("BIT", "UInt64"),
        ("SET", "UInt64"),
        ("FLOAT", "Float32"),
        ("REAL", "Float32"),
        ("SINGLE", "Float32"),
        ("DOUBLE", "Float64"),
        ("DECIMAL", "Decimal"),
        ("DEC", "Decimal"),
        ("NUMERIC", "Decimal"),
        ("DECIMAL32", "Decimal32"),
        ("DECIMAL64", "Decimal64"),
        ("DECIMAL128", "Decimal128"),
        ("DECIMAL256", "Decimal256"),
        ("BOOL", "Bool"),
        ("BOOLEAN", "Bool"),
        ("CHAR", "String"),
        ("NCHAR", "String"),
        ("CHARACTER", "String"),
        ("VARCHAR", "String"),
        ("NVARCHAR", "String"),
        ("VARCHAR2", "String"),
        ("TEXT", "String"),
        ("TINYTEXT", "String"),
        ("MEDIUMTEXT", "String"),
        ("LONGTEXT", "String"),
        ("BLOB", "String"),
        ("CLOB", "String"),
        ("TINYBLOB", "String"),
        ("MEDIUMBLOB", "String"),
        ("LONGBLOB", "String"),
        ("BYTEA", "String"),
    ];
    OWN.iter().copied().find(|own| *own == name).or_else(|| {
        ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
            .map(|(_, own)| *own)
    })
}

/// A type as ClickHouse formats it (`Decimal(10, 2)`): a name and its arguments.
#[derive(Debug, Clone, PartialEq)]
enum TypeArg {
    Num(String),
    Str(String),
    Type(String, Vec<TypeArg>),
}

impl TypeArg {
    fn text(&self) -> String {
        match self {
            TypeArg::Num(n) => n.clone(),
            TypeArg::Str(s) => literal_name(&Tok::Str(s.clone())).unwrap_or_default(),
            TypeArg::Type(name, args) if args.is_empty() => name.clone(),
            TypeArg::Type(name, args) => format!(
                "{name}({})",
                args.iter()
                    .map(TypeArg::text)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// The conversion a `CAST` to this type is (`None`: not run here).
    fn target(&self) -> Option<Target> {
        let TypeArg::Type(name, args) = self else {
            return None;
        };
        let plain = |function| {
            args.is_empty().then_some(Target {
                function,
                scale: None,
                nullable: false,
                narrowed: None,
            })
        };
        let narrowed = |narrowed| {
            args.is_empty().then_some(Target {
                function: "toInt64",
                scale: None,
                nullable: false,
                narrowed: Some(narrowed),
            })
        };
        let int = |bits, signed| narrowed(Narrowed::Int { bits, signed });
        match canonical(name)? {
            "UInt8" => int(8, false),
            "UInt16" => int(16, false),
            "UInt32" => int(32, false),
            "UInt64" => int(64, false),
            "Int8" => int(8, true),
            "Int16" => int(16, true),
            "Bool" => narrowed(Narrowed::Bool),
            // (DataTypeDecimal: `Decimal(P[, S])`, P up to 76; `Decimal32(S)` … of P 9, 18, 38,
            // 76.)
            family @ ("Decimal" | "Decimal32" | "Decimal64" | "Decimal128" | "Decimal256") => {
                let num = |a: &TypeArg| match a {
                    TypeArg::Num(n) => n.parse::<u8>().ok(),
                    _ => None,
                };
                let (precision, scale) = match (family, args.as_slice()) {
                    ("Decimal", [p]) => (num(p)?, 0),
                    ("Decimal", [p, s]) => (num(p)?, num(s)?),
                    ("Decimal32", [s]) => (9, num(s)?),
                    ("Decimal64", [s]) => (18, num(s)?),
                    ("Decimal128", [s]) => (38, num(s)?),
                    ("Decimal256", [s]) => (76, num(s)?),
                    _ => return None,
                };
                if !(1..=76).contains(&precision) || scale > precision {
                    return None;
                }
                Some(Target {
                    function: "toInt64",
                    scale: None,
                    nullable: false,
                    narrowed: Some(Narrowed::Decimal {
                        scale,
                        whole: precision - scale,
                    }),
                })
            }
            "Float32" => args.is_empty().then_some(Target {
                function: "toFloat64",
                scale: None,
                nullable: false,
                narrowed: Some(Narrowed::Float32),
            }),
            "Int32" => plain("toInt32"),
            "Int64" => plain("toInt64"),
            "Float64" => plain("toFloat64"),
            // (`VARCHAR(255)`: its length, which ClickHouse reads and drops.)
            "String" => match args.as_slice() {
                [] => plain("toString"),
                [TypeArg::Num(n)] if n.parse::<u64>().is_ok_and(|n| n > 0) => Some(Target {
                    function: "toString",
                    scale: None,
                    nullable: false,
                    narrowed: None,
                }),
                _ => None,
            },
            "Date" => plain("toDate"),
            // (A zone whose offset is always 0 in the type: as without one, see
            // [`ZERO_OFFSET_ZONES`].)
            "DateTime" => match args.as_slice() {
                [] => plain("toDateTime"),
                [TypeArg::Str(zone)] if ZERO_OFFSET_ZONES.contains(&zone.as_str()) => Some(Target {
                    function: "toDateTime",
                    scale: None,
                    nullable: false,
                    narrowed: None,
                }),
                _ => None,
            },
            "DateTime64" => match args.as_slice() {
                [TypeArg::Num(p)] | [TypeArg::Num(p), TypeArg::Str(_)]
                    if p.parse::<u8>().is_ok_and(|p| p <= 9)
                        && args.iter().skip(1).all(|zone| {
                            matches!(zone, TypeArg::Str(z) if ZERO_OFFSET_ZONES.contains(&z.as_str()))
                        }) =>
                {
                    Some(Target {
                        function: "toDateTime64",
                        scale: Some(p.clone()),
                        nullable: false,
                        narrowed: None,
                    })
                }
                _ => None,
            },
            "Array" => match args.as_slice() {
                [inner @ TypeArg::Type(n, _)] if canonical(n) != Some("Nullable") => {
                    let string = inner.target()?.function == "toString";
                    Some(Target {
                        function: "coalesce",
                        scale: None,
                        nullable: false,
                        narrowed: Some(Narrowed::Array { string }),
                    })
                }
                _ => None,
            },
            "Nullable" => match args.as_slice() {
                [inner @ TypeArg::Type(n, _)] if canonical(n) != Some("Nullable") => {
                    let target = inner.target()?;
                    Some(Target {
                        nullable: true,
                        ..target
                    })
                }
                _ => None,
            },
            // (Its values are the inner type's.)
            "LowCardinality" => match args.as_slice() {
                [inner @ TypeArg::Type(n, _)]
                    if matches!(canonical(n), Some("String" | "Nullable")) =>
                {
                    inner.target().filter(|t| t.function == "toString")
                }
                _ => None,
            },
            _ => None,
        }
    }
}

/// Reads a type from `toks[at..]` (a name, then in parentheses numbers, strings or types);
/// returns it and the index after it.
fn read_type(toks: &[Tok], at: usize) -> Option<(TypeArg, usize)> {
    let Some(Tok::Word(name)) = toks.get(at) else {
        return None;
    };
    if name.contains('.') || name.starts_with(QUOTED_PREFIX) {
        return None;
    }
    if toks.get(at + 1) != Some(&Tok::Sym("(")) {
        return Some((TypeArg::Type(name.clone(), Vec::new()), at + 1));
    }
    let mut args = Vec::new();
    let mut k = at + 2;
    loop {
        let (arg, next) = match toks.get(k)? {
            Tok::Num(n) => (TypeArg::Num(n.clone()), k + 1),
            Tok::Str(s) => (TypeArg::Str(s.clone()), k + 1),
            Tok::Word(_) => read_type(toks, k)?,
            Tok::Sym(_) => return None,
        };
        args.push(arg);
        match toks.get(next)? {
            Tok::Sym(",") => k = next + 1,
            Tok::Sym(")") => return Some((TypeArg::Type(name.clone(), args), next + 1)),
            _ => return None,
        }
    }
}

/// `EXTRACT`'s units: ClickHouse's function (IntervalKind::toNameOfFunctionExtractTimePart)
/// and the `formatDateTime` field of its number. (The units below a second are not run here;
/// `WEEK`, see [`EXTRACT_WEEK`].)
const EXTRACT_UNITS: &[(&str, &str, &str)] = &[
    ("SECOND", "toSecond", "%S"),
    ("MINUTE", "toMinute", "%i"),
    ("HOUR", "toHour", "%H"),
    ("DAY", "toDayOfMonth", "%d"),
    ("MONTH", "toMonth", "%m"),
    ("QUARTER", "toQuarter", "%Q"),
    ("YEAR", "toYear", "%Y"),
];

/// The [`Spelled`] prefix of `EXTRACT(WEEK FROM t)`: 25.6's IntervalKind::
/// toNameOfFunctionExtractTimePart throws SYNTAX_ERROR ("The syntax 'EXTRACT(WEEK FROM date)'
/// is not supported, cannot extract the number of a week", which upstream's
/// ExtractUserFriendlyError words "Invalid analytics query": no "syntax error" in it) while
/// ClickHouse parses the query, after upstream's own checks ([`Tr::finish`]); `toISOWeek` only
/// from PR #100274 (2026).
pub(super) const EXTRACT_WEEK: &str = "EXTRACT(WEEK FROM ";

/// The query's `CAST`s, `::`s and `EXTRACT`s written as the calls they are (see the module
/// docs), with ClickHouse's names of those calls.
pub(super) fn rewrite_casts(
    mut toks: Vec<Tok>,
    mut uses: AliasUses,
) -> Result<(Vec<Tok>, AliasUses, SpelledCalls), ApiError> {
    let mut spelled = SpelledCalls::new();
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        let word = upper(t);
        let call = toks.get(i + 1) == Some(&Tok::Sym("("));
        let mut marks = Marks {
            uses: &mut uses,
            spelled: &mut spelled,
        };
        if call && word == "CAST" {
            let close = closing(&toks, i + 1)
                .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
            cast_call(&mut toks, &mut marks, i, close)?;
        } else if call && word == "EXTRACT" {
            let close = closing(&toks, i + 1)
                .ok_or_else(|| query_error("Invalid SQL syntax: a form read otherwise"))?;
            extract_call(&mut toks, &mut marks, i, close)?;
        } else if word == "IN" && toks.get(i + 1) == Some(&Tok::Sym("[")) {
            array_set(&mut toks, &mut marks, i + 1)?;
        } else if t == &Tok::Sym("::") {
            i = cast_operator(&mut toks, &mut marks, i)?;
            continue;
        } else if call && matches!(word.as_str(), "GROUPARRAY" | "GROUPUNIQARRAY") {
            limited_array(&mut toks, &mut marks, i)?;
        }
        i += 1;
    }
    Ok((toks, uses, spelled))
}

/// The argument of `CAST` (its tokens `[a, b)`) checked against a non-`Nullable` target:
/// ClickHouse's CAST of a `NULL` to one is its error ("Cannot convert NULL value to
/// non-Nullable type", upstream's "Invalid analytics query"); a `NULL` inside an expression
/// is not run here, which does not tell where one reaches the `CAST`, but to an integer, whose
/// `NULL` fails where it reaches the `CAST` ([`Tr::not_null_cast`]).
fn check_not_null(toks: &[Tok], a: usize, b: usize, target: &Target) -> Result<(), ApiError> {
    if target.nullable {
        return Ok(());
    }
    let arg = toks.get(a..b).unwrap_or_default();
    if let [t] = arg {
        if upper(t) == "NULL" {
            return Err(query_error("Invalid analytics query"));
        }
    }
    if arg.iter().any(|t| upper(t) == "NULL") && !target.checks_null() {
        return Err(unsupported(CAST_OF_NULL));
    }
    Ok(())
}

/// What a `CAST` of an expression holding `NULL` to a type that is not `Nullable` is, where it
/// is not run.
pub(super) const CAST_OF_NULL: &str =
    "a CAST to a type that is not Nullable of an expression holding NULL";

/// The SQLite function around a `CAST` to an integer that is not `Nullable`: ClickHouse's
/// "Cannot convert NULL value to non-Nullable type" where a `NULL` reaches it (of a `nan`,
/// `NULL` here, "Unexpected inf or nan to integer conversion"; both upstream's "Invalid
/// analytics query").
pub(super) const NOT_NULL: &str = "ch_not_null";

impl Target {
    /// Whether a `NULL` reaching this `CAST` fails as it runs ([`NOT_NULL`]): to an integer
    /// that is not `Nullable`.
    fn checks_null(&self) -> bool {
        !self.nullable
            && matches!(self.function, "toInt32" | "toInt64")
            && self.narrowed != Some(Narrowed::Bool)
    }
}

/// The tokens of `function(` for `target`, and of its closing `)` (a scale before it).
fn target_tokens(target: &Target) -> (Vec<Tok>, Vec<Tok>) {
    let open = vec![Tok::Word(target.function.into()), Tok::Sym("(")];
    let mut close = Vec::new();
    if let Some(p) = &target.scale {
        close.extend([Tok::Sym(","), Tok::Num(p.clone())]);
    }
    close.push(Tok::Sym(")"));
    (open, close)
}

/// The `)` or `]` closing the `(` or `[` at `open` (either kind counted).
pub(super) fn bracket_close(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    (open..toks.len()).find(|k| match toks.get(*k) {
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

/// Where the operand upstream's parser reads as the `x` of `CAST(x AS T)` / `CAST(x, 'T')`
/// ends, starting at `a` (parseColumnCastExpr reads it with parseColumnExpr, one operand with
/// no operator: a name, `f(…)` (with `OVER`), `a[…]`, a literal (a number with the sign
/// written against it, which its lexer takes as one), parentheses, an array, `CASE … END`,
/// `CAST`/`EXTRACT(…)`, `INTERVAL n UNIT`, `DATE 'text'`); `None` where it reads none.
fn cast_operand_end(toks: &[Tok], a: usize) -> Option<usize> {
    let after_group = |open: usize| bracket_close(toks, open).map(|c| c + 1);
    // (parseFunctionParams reads a second list after the first: `quantile(0.5)(x)`.)
    let after_params = |open: usize| {
        let end = after_group(open)?;
        match toks.get(end) {
            Some(Tok::Sym("(")) => after_group(end),
            _ => Some(end),
        }
    };
    match toks.get(a)? {
        Tok::Num(_) | Tok::Str(_) | Tok::Sym("*" | "?") => Some(a + 1),
        // (Our tokens do not keep whether the `-` is against the digits; written so, as
        // `-1` usually is, it is the number's.)
        Tok::Sym("-") if matches!(toks.get(a + 1), Some(Tok::Num(_))) => Some(a + 2),
        Tok::Sym("(") => after_params(a),
        Tok::Sym("[") => after_group(a),
        Tok::Sym(_) => None,
        t @ Tok::Word(_) => match upper(t).as_str() {
            "CASE" => {
                let mut depth = 0usize;
                (a..toks.len())
                    .find(|k| {
                        match toks.get(*k).map(upper).as_deref() {
                            Some("CASE") => depth += 1,
                            Some("END") => depth = depth.saturating_sub(1),
                            _ => return false,
                        }
                        depth == 0
                    })
                    .map(|end| end + 1)
            }
            "INTERVAL" => match (toks.get(a + 1), toks.get(a + 2)) {
                (Some(Tok::Num(_) | Tok::Str(_)), Some(Tok::Word(_))) => Some(a + 3),
                _ => None,
            },
            "DATE" | "TIMESTAMP" if matches!(toks.get(a + 1), Some(Tok::Str(_))) => Some(a + 2),
            _ => match toks.get(a + 1) {
                Some(Tok::Sym("[")) => after_group(a + 1),
                Some(Tok::Sym("(")) => {
                    let end = after_params(a + 1)?;
                    if toks.get(end).map(upper).as_deref() != Some("OVER") {
                        return Some(end);
                    }
                    match toks.get(end + 1) {
                        Some(Tok::Sym("(")) => after_group(end + 1),
                        Some(Tok::Word(_)) => Some(end + 2),
                        _ => None,
                    }
                }
                _ => Some(a + 1),
            },
        },
    }
}

/// `CAST(x AS T)` or `CAST(x, 'T')` at `i`, its `)` at `close`.
fn cast_call(
    toks: &mut Vec<Tok>,
    marks: &mut Marks<'_>,
    i: usize,
    close: usize,
) -> Result<(), ApiError> {
    // The last `AS` or `,` outside parentheses separates the type.
    let mut depth = 0i64;
    let mut split = None;
    for k in i + 2..close {
        match toks.get(k) {
            Some(Tok::Sym("(" | "[")) => depth += 1,
            Some(Tok::Sym(")" | "]")) => depth -= 1,
            Some(t) if depth == 0 && (t == &Tok::Sym(",") || upper(t) == "AS") => split = Some(k),
            _ => {}
        }
    }
    let Some(split) = split.filter(|s| *s > i + 2) else {
        return Err(query_error("Invalid SQL syntax: a form read otherwise"));
    };
    // (Upstream's parser reads one operand as `x`, then `AS` or `,`: `CAST(a + 1 AS T)` is its
    // syntax error, see [`cast_operand_end`].)
    if cast_operand_end(toks, i + 2) != Some(split) {
        return Err(query_error("Invalid SQL syntax: a form read otherwise"));
    }
    let (ty, type_name) = if toks.get(split) == Some(&Tok::Sym(",")) {
        // `CAST(x, 'T')`: ClickHouse names it with the string as it is written.
        let Some(Tok::Str(text)) = toks.get(split + 1).filter(|_| split + 2 == close) else {
            return Err(unsupported("CAST(x, T) whose type is not a string literal"));
        };
        let inner = tokenize(text).map_err(|_| unsupported(&format!("CAST to '{text}'")))?;
        let ty = read_type(&inner, 0)
            .filter(|(_, end)| *end == inner.len())
            .map(|(ty, _)| ty);
        (
            ty,
            literal_name(&Tok::Str(text.clone())).unwrap_or_default(),
        )
    } else {
        // (Upstream's parser reads one name, with parentheses, as the type of `CAST(x AS T)`
        // (parseColumnCastExpr, parseColumnType) and then the `)`: ClickHouse's types of
        // several words, `INT UNSIGNED`, `DOUBLE PRECISION`, are its syntax error.)
        let read = read_type(toks, split + 1);
        if read
            .as_ref()
            .is_some_and(|(_, end)| matches!(toks.get(*end), Some(Tok::Word(_))))
        {
            return Err(query_error("Invalid SQL syntax: a form read otherwise"));
        }
        let ty = read.filter(|(_, end)| *end == close).map(|(ty, _)| ty);
        let name = ty
            .as_ref()
            .map(|t| literal_name(&Tok::Str(t.text())).unwrap_or_default());
        (ty, name.unwrap_or_default())
    };
    let shown = ty
        .as_ref()
        .map_or_else(|| "this type".to_string(), TypeArg::text);
    let target = ty
        .as_ref()
        .and_then(TypeArg::target)
        .ok_or_else(|| unsupported(&format!("CAST to {shown}")))?;
    check_not_null(toks, i + 2, split, &target)?;
    let (open, end) = target_tokens(&target);
    replace(toks, marks, split, close + 1 - split, end);
    replace(toks, marks, i, 2, open);
    marks.spelled.insert(
        i,
        Spelled {
            prefix: "CAST(".into(),
            suffix: format!(", {type_name})"),
            inner: 0,
            time_of_day: false,
            nullable: target.nullable,
            list: false,
            narrowed: target.narrowed,
            not_null: target.checks_null(),
            limit: None,
        },
    );
    Ok(())
}

/// `EXTRACT(unit FROM t)` at `i`, its `)` at `close`; `extract(haystack, pattern)` is
/// ClickHouse's regular expression function, not run here.
fn extract_call(
    toks: &mut Vec<Tok>,
    marks: &mut Marks<'_>,
    i: usize,
    close: usize,
) -> Result<(), ApiError> {
    if toks.get(i + 3).map(upper).as_deref() != Some("FROM") {
        return Err(unsupported(
            "extract(haystack, pattern) (a regular expression)",
        ));
    }
    let unit = toks.get(i + 2).map(upper).unwrap_or_default();
    // (`WEEK`: 25.6's parser throws SYNTAX_ERROR, see [`EXTRACT_WEEK`]; written as `DAY` is,
    // its error raised after upstream's checks.)
    let week = unit == "WEEK";
    let found = EXTRACT_UNITS
        .iter()
        .find(|(u, _, _)| *u == unit || (week && *u == "DAY"));
    let Some((_, function, field)) = found else {
        return Err(unsupported(&format!("EXTRACT({unit} FROM …)")));
    };
    if close <= i + 4 {
        return Err(query_error("Invalid SQL syntax: a form read otherwise"));
    }
    replace(
        toks,
        marks,
        close,
        1,
        vec![
            Tok::Sym(","),
            Tok::Str((*field).into()),
            Tok::Sym(")"),
            Tok::Sym(")"),
        ],
    );
    replace(
        toks,
        marks,
        i,
        4,
        vec![
            Tok::Word("toInt64".into()),
            Tok::Sym("("),
            Tok::Word("formatDateTime".into()),
            Tok::Sym("("),
        ],
    );
    marks.spelled.insert(
        i,
        Spelled {
            prefix: if week {
                EXTRACT_WEEK.into()
            } else {
                format!("{function}(")
            },
            suffix: ")".into(),
            inner: 2,
            time_of_day: matches!(unit.as_str(), "HOUR" | "MINUTE" | "SECOND"),
            nullable: false,
            list: false,
            narrowed: None,
            not_null: false,
            limit: None,
        },
    );
    Ok(())
}

/// `x::T` with the `::` at `i`: `x` is the operand just before it (a name, a literal, a call
/// or parentheses; `::` binds tightest in both parsers, PrecedenceDoubleColon upstream), a
/// literal taken as the string of its text as ClickHouse's parser takes it. A type with
/// arguments after `::` is a call to upstream's parser, which its function validation
/// refuses (`x::Nullable(Int32)`: "Function 'nullable' is not allowed"), but `Tuple(…)`.
/// Returns where to go on.
fn cast_operator(toks: &mut Vec<Tok>, marks: &mut Marks<'_>, i: usize) -> Result<usize, ApiError> {
    let syntax = || query_error("Invalid SQL syntax: a form read otherwise");
    let Some(Tok::Word(type_word)) = toks.get(i + 1).cloned() else {
        return Err(syntax());
    };
    if toks.get(i + 2) == Some(&Tok::Sym("(")) {
        // (`::Tuple(…)` its parser reads as a type, parseNestedType.)
        if type_word == "Tuple" {
            return Err(unsupported("x::Tuple(…)"));
        }
        // (One of a name upstream does not allow is refused with the functions,
        // [`chparse::Verdict`].)
        return Err(unsupported(&format!("x::{type_word}(…)")));
    }
    let ty = TypeArg::Type(type_word.clone(), Vec::new());
    let target = ty
        .target()
        .ok_or_else(|| unsupported(&format!("::{type_word}")))?;
    let before = i.checked_sub(1).ok_or_else(syntax)?;
    let start = match toks.get(before) {
        Some(Tok::Num(n)) => {
            let text = n.clone();
            replace(toks, marks, before, 1, vec![Tok::Str(text)]);
            before
        }
        Some(Tok::Str(_)) => before,
        Some(Tok::Word(w)) if !OPERATOR_WORDS.contains(&w.to_ascii_uppercase().as_str()) => before,
        Some(Tok::Sym(")")) => {
            let open = (0..before)
                .rev()
                .find(|o| closing(toks, *o) == Some(before))
                .ok_or_else(syntax)?;
            match open.checked_sub(1).and_then(|p| toks.get(p)) {
                Some(Tok::Word(w))
                    if !OPERATOR_WORDS.contains(&w.to_ascii_uppercase().as_str())
                        && !KEYWORDS.contains(&w.to_ascii_uppercase().as_str()) =>
                {
                    open - 1
                }
                // ClickHouse's ParserCastOperator takes parentheses of literals alone
                // (`(1)::Int32`, a tuple) as the string of their text, not run here.
                _ if toks.get(open..before).unwrap_or_default().iter().all(|t| {
                    matches!(
                        t,
                        Tok::Num(_) | Tok::Str(_) | Tok::Sym("(" | ")" | "[" | "]" | "," | "-")
                    )
                }) =>
                {
                    return Err(unsupported("(literals)::T"));
                }
                _ => open,
            }
        }
        _ => return Err(unsupported("x::T of this operand")),
    };
    // (A `-` before it: whether ClickHouse's parser casts the negative literal or the
    // number is not settled here.)
    if start
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .is_some_and(|t| t == &Tok::Sym("-"))
    {
        return Err(unsupported("-x::T"));
    }
    check_not_null(toks, start, i, &target)?;
    let (open, end) = target_tokens(&target);
    replace(toks, marks, i, 2, end);
    replace(toks, marks, start, 0, open);
    marks.spelled.insert(
        start,
        Spelled {
            prefix: "CAST(".into(),
            suffix: format!(", '{type_word}')"),
            inner: 0,
            time_of_day: false,
            nullable: target.nullable,
            list: false,
            narrowed: target.narrowed,
            not_null: target.checks_null(),
            limit: None,
        },
    );
    Ok(start + 2)
}

/// Whether the `(` at `open` only groups what it holds: no `,` of its own (at its level), so
/// not a tuple, and it closes.
fn grouping(toks: &[Tok], open: usize) -> bool {
    let Some(close) = bracket_close(toks, open) else {
        return false;
    };
    let mut level = 0usize;
    for at in open + 1..close {
        match toks.get(at) {
            Some(Tok::Sym("(" | "[")) => level += 1,
            Some(Tok::Sym(")" | "]")) => level = level.saturating_sub(1),
            Some(Tok::Sym(",")) if level == 0 => return false,
            _ => {}
        }
    }
    true
}

/// `x IN [a, b]` with the `[` at `open`: ClickHouse builds the set of an array literal's
/// elements as of a list's (02370_analyzer_in_function.sql: `1 IN [1]`, `1 IN [1, 2]` are 1,
/// `1 IN [0]` 0; SetUtils.cpp getSetElementsForConstantValue reads the constant array as it
/// reads a tuple), once the array has its elements' common type, so it is written as the list
/// `(a, b)`, named as the array, whose elements [`Tr::check_in_array`] checks for that common
/// type; `[]` is the empty list, and a `NULL` element, whole or of a tuple element
/// (`(a, b) IN [(1, NULL)]`), is left out of the set as a list's ([`Tr::in_nulls`]); arrays in
/// it are a list's arrays (`tags IN [['t1']]`, also in its tuples, `(tags, 1) IN [(['t1'],
/// 1)]`), one holding a `NULL` of its own (`[['t1', NULL]]`) read by [`Tr::in_nulls`], and
/// parentheses that only group (`[((1))]`) the value they hold. Tuples in tuples (also in
/// parentheses, `[((1, 2))]`), subqueries and another `NULL` inside an element (`[if(c, 1,
/// NULL)]`, `[[[NULL]]]`, `[((NULL))]`) are not run here.
fn array_set(toks: &mut Vec<Tok>, marks: &mut Marks<'_>, open: usize) -> Result<(), ApiError> {
    let not_run = || {
        unsupported(
            "x IN [array literal] with tuples of tuples (also in parentheses), subqueries or NULL inside an element in it (but an array's own NULL beside an array)",
        )
    };
    let mut close = None;
    let mut depth = 0usize;
    let mut tuple = false;
    let mut k = open;
    while close.is_none() {
        k += 1;
        let before = k.checked_sub(1).and_then(|p| toks.get(p));
        // (Where an element of the array or of a tuple in it starts.)
        let starts = matches!(before, Some(Tok::Sym("[" | ","))) && depth == 0
            || tuple && depth == 0 && before == Some(&Tok::Sym("("));
        match toks.get(k) {
            Some(Tok::Sym("]")) if depth == 0 && !tuple => close = Some(k),
            // (An array, an element of the array: a subquery in it not run, nor a `NULL`
            // but one of its own elements, `[['t1', NULL]]`, which [`Tr::in_nulls`] reads.)
            Some(Tok::Sym("[")) if starts && !tuple && depth == 0 => {
                let end = bracket_close(toks, k).ok_or_else(not_run)?;
                let mut level = 0usize;
                for at in k + 1..end {
                    let t = toks.get(at);
                    match t {
                        Some(Tok::Sym("(" | "[")) => level += 1,
                        Some(Tok::Sym(")" | "]")) => level = level.saturating_sub(1),
                        Some(t @ Tok::Word(_))
                            if matches!(upper(t).as_str(), "SELECT" | "WITH") =>
                        {
                            return Err(not_run())
                        }
                        Some(t @ Tok::Word(_)) if upper(t) == "NULL" => {
                            let own = level == 0
                                && matches!(toks.get(at - 1), Some(Tok::Sym("[" | ",")))
                                && matches!(toks.get(at + 1), Some(Tok::Sym("]" | ",")));
                            if !own {
                                return Err(not_run());
                            }
                        }
                        _ => {}
                    }
                }
                k = end;
            }
            // (A call's parentheses.)
            Some(Tok::Sym("(")) if matches!(before, Some(Tok::Word(w)) if !OPERATOR_WORDS.contains(&w.to_ascii_uppercase().as_str()) && !KEYWORDS.contains(&w.to_ascii_uppercase().as_str())) =>
            {
                depth += 1;
            }
            Some(Tok::Sym(")")) if depth > 0 => depth -= 1,
            // (A tuple, an element of the array.)
            Some(Tok::Sym("(")) if starts && !tuple && depth == 0 => tuple = true,
            // (Parentheses inside an element that only group, without a comma of their own,
            // `[((1))]`, `[((1 + 2) * 3)]`: the value they hold, read as a call's are.)
            Some(Tok::Sym("(")) if grouping(toks, k) => depth += 1,
            Some(Tok::Sym(")")) if tuple => tuple = false,
            // (An array, an element of a tuple of the array: as a list's, without a `NULL` or
            // subquery in it.)
            Some(Tok::Sym("[")) if tuple && depth == 0 && starts => {
                let end = bracket_close(toks, k).ok_or_else(not_run)?;
                let inner = toks.get(k + 1..end).unwrap_or_default();
                if inner.iter().any(|t| {
                    matches!(t, Tok::Word(_))
                        && matches!(upper(t).as_str(), "NULL" | "SELECT" | "WITH")
                }) {
                    return Err(not_run());
                }
                k = end;
            }
            Some(Tok::Sym("(" | ")" | "[" | "]")) | None => return Err(not_run()),
            Some(t @ Tok::Word(_)) if upper(t) == "NULL" => {
                let ends = matches!(toks.get(k + 1), Some(Tok::Sym("," | "]")))
                    || tuple && toks.get(k + 1) == Some(&Tok::Sym(")"));
                if !(starts && ends && depth == 0) {
                    return Err(not_run());
                }
            }
            Some(t @ Tok::Word(_)) if matches!(upper(t).as_str(), "SELECT" | "WITH") => {
                return Err(not_run())
            }
            Some(_) => {}
        }
    }
    let close = close.ok_or_else(not_run)?;
    replace(toks, marks, close, 1, vec![Tok::Sym(")")]);
    replace(toks, marks, open, 1, vec![Tok::Sym("(")]);
    marks.spelled.insert(
        open,
        Spelled {
            prefix: String::new(),
            suffix: String::new(),
            inner: 0,
            time_of_day: false,
            nullable: false,
            list: true,
            narrowed: None,
            not_null: false,
            limit: None,
        },
    );
    Ok(())
}

impl Tr<'_> {
    /// Whether the call at `i` is a `CAST` whose `NULL` fails where it reaches it
    /// ([`NOT_NULL`], written around it). Its argument holding `NULL` must read a public
    /// table's column: of none it is a constant ClickHouse folds while it analyses the query,
    /// failing there with no row too, which is not told here ([`CAST_OF_NULL`], not run).
    pub(super) fn not_null_cast(&self, i: usize) -> Result<bool, ApiError> {
        if !self.spelled.get(&i).is_some_and(|s| s.not_null) {
            return Ok(false);
        }
        let Some(&(a, b)) = self.arguments(i + 1).first() else {
            return Ok(false);
        };
        let holds_null = (a..b).any(|k| self.word(k) == "NULL");
        if holds_null && !self.reads_table_column(a, b) {
            return Err(unsupported(CAST_OF_NULL));
        }
        Ok(true)
    }
}

/// How the value of a `CAST` to `Float32` is read ([`Tr::float32_site`]), naming the SQLite
/// function that converts it (`ch_float32(v, shown)`, [`float32`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Float32Site {
    /// As a `Float64` (an operand of arithmetic or a comparison, `sum`, `avg`, a conversion):
    /// the float's exact value, which a `Float64` holds.
    Exact,
    /// Answered as it is (a whole select-list item of the outermost query, read by nothing
    /// else): the `Float64` nearest the shortest decimal that reads back as the float, which
    /// is how upstream's Go writes it (clickhouse-go scans a `Float32` into a `float32`,
    /// `lib/column/column_gen.go`, in the `ch.Dynamic` upstream scans into, whose MarshalJSON
    /// is encoding/json's of a `float32`: strconv's shortest for 32 bits).
    Shown,
    /// The whole argument of `toString`, which writes its shortest text for 32 bits.
    Text,
}

impl Tr<'_> {
    /// How the `CAST(… AS Float32)` at `i` is read, where it is run: see [`Float32Site`].
    /// Elsewhere its result stays a `Float32` whose text differs from a `Float64`'s (`min`,
    /// `if`, an array, a set operation, `-x`, `round`, a subquery's column, …): not run.
    pub(super) fn float32_site(&self, i: usize) -> Result<Float32Site, ApiError> {
        let not_run = || unsupported(FLOAT32_NOT_RUN);
        let close = closing(self.toks, i + 1).ok_or_else(not_run)?;
        let end = close + 1;
        let before = i.checked_sub(1).and_then(|p| self.toks.get(p));
        let after = self.toks.get(end);
        // (Of a `Float32`, a `Float64` (NumberTraits ResultOfAdditionMultiplication: one size
        // larger; ResultOfFloatingPointDivision) or a comparison's `UInt8`.)
        const BINARY: &[&str] = &[
            "+", "-", "*", "/", "=", "==", "!=", "<>", "<", ">", "<=", ">=",
        ];
        let binary = |t: Option<&Tok>| matches!(t, Some(Tok::Sym(s)) if BINARY.contains(s));
        // (A `-` or `+` before it is binary where an operand ends before that.)
        let binary_before = binary(before)
            && (!matches!(before, Some(Tok::Sym("-" | "+")))
                || ends_operand(i.checked_sub(2).and_then(|p| self.toks.get(p))));
        // (`::`/`[` after it read the float itself; a string literal across a comparison is
        // converted to the `Float32` there, not read as a `Float64`.)
        let string_at =
            |k: Option<usize>| matches!(k.and_then(|k| self.toks.get(k)), Some(Tok::Str(_)));
        let string_across = binary_before && string_at(i.checked_sub(2))
            || binary(after) && string_at(Some(end + 1));
        let operand = (binary_before || binary(after))
            && !matches!(after, Some(Tok::Sym("::" | "[")))
            && !string_across;
        let argument_of = |names: &[&str]| {
            i.checked_sub(2)
                .is_some_and(|f| names.contains(&self.word(f).as_str()))
                && before == Some(&Tok::Sym("("))
                && closing(self.toks, i - 1) == Some(end)
        };
        if self.to_string_argument(i, end) {
            return Ok(Float32Site::Text);
        }
        if operand || argument_of(&["SUM", "AVG", "TOFLOAT64", "TOINT32", "TOINT64"]) {
            return Ok(Float32Site::Exact);
        }
        // (The whole argument of `min`, `max` or `any`, which keep its `Float32`, answered as
        // it is: its exact value, whose aggregate `ch_float32` shows, see [`Tr::call`].)
        if argument_of(&["MIN", "MAX", "ANY"]) && self.answered_only(i - 2, end + 1) {
            return Ok(Float32Site::Exact);
        }
        // A whole item of the outermost answer, its alias read nowhere else (where its value
        // would be the nearest decimal's), and no `WITH FILL` counting by it; so too negated
        // (`-x` of a `Float32` is one, whose shortest digits are the negated ones).
        let negated = matches!(before, Some(Tok::Sym("-"))) && !binary_before;
        if self.answered_only(i, end) || negated && self.answered_only(i - 1, end) {
            return Ok(Float32Site::Shown);
        }
        Err(not_run())
    }
}

/// What a `CAST` to `Float32` does not run ([`Tr::float32_site`]).
pub(super) const FLOAT32_NOT_RUN: &str = "a CAST to Float32 read otherwise than answered as it is, by toString, as an operand of arithmetic or a comparison, or by sum, avg or a conversion (its Float32 kept: min, max, any or negation but answered as they are, if, arrays, set operations, rounding, a subquery's column, …), or of a time";

/// How the value of a `CAST` to a `Decimal` is read ([`Tr::decimal_site`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum DecimalSite {
    /// Answered as it is: its value, which upstream's Go writes as a shopspring
    /// `decimal.Decimal` is written, a string without trailing zeros (`"5"` of `5.00`, see
    /// [`Ty::Decimal`]), held as SQLite's `ch_decimal` answers it.
    Answer,
    /// A subquery's, CTE's or set operation arm's column ([`Tr::column_only`]): as
    /// [`DecimalSite::Answer`], a whole value below 2^53 (the reader may compare it with a
    /// float).
    Column,
    /// The whole argument of `sum`, `min`, `max` or `any` answered as it is (`sum` a
    /// `Decimal128` of its scale): its units, whose aggregate `ch_decimal_value` answers; or
    /// of `avg` (a `Float64`, `ch_decimal_avg`) read anywhere but over a window.
    Aggregated,
    /// The whole argument of `toString`, which writes it as the answer does (`5` of `5.00`,
    /// [`decimal_units_text`]).
    Text,
}

impl Tr<'_> {
    /// Whether `[a, b)` (a call's span) is a whole select-list item of the outermost answer
    /// whose alias nothing else reads (where its value is read as answered only).
    pub(super) fn answered_only(&self, a: usize, b: usize) -> bool {
        let alias = match self.toks.get(b) {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("AS") => self.toks.get(b + 1),
            _ => None,
        };
        let alias_read = alias.is_some_and(|alias| {
            self.toks
                .iter()
                .filter(|t| upper(t) == upper(alias))
                .count()
                > 1
        });
        self.outermost_answer()
            && self.whole_item(a, b)
            && !alias_read
            && !self.toks.iter().any(|t| upper(t) == "FILL")
    }

    /// Whether `[a, b)` is a whole select-list item of a subquery, a CTE or a set operation's
    /// arm, whose alias its own `SELECT` reads nowhere else and which no `WITH FILL` there
    /// counts by: a column the query around reads as its type allows ([`Ty::Decimal`]'s
    /// reads are exact or refused).
    pub(super) fn column_only(&self, a: usize, b: usize) -> bool {
        let (from, to) = self.select_span;
        let span = self.toks.get(from..to).unwrap_or_default();
        let alias = match self.toks.get(b) {
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("AS") => self.toks.get(b + 1),
            _ => None,
        };
        let alias_read =
            alias.is_some_and(|alias| span.iter().filter(|t| upper(t) == upper(alias)).count() > 1);
        !self.outermost_answer()
            && (from..to).contains(&a)
            && self.whole_item(a, b)
            && !alias_read
            && !span.iter().any(|t| upper(t) == "FILL")
    }

    /// How the `CAST(… AS Decimal(P, S))` at `i` is read, where it is run: see
    /// [`DecimalSite`]. Elsewhere (arithmetic, whose `/` keeps the scale, comparisons, `avg`,
    /// a subquery's column, …) not run.
    pub(super) fn decimal_site(&self, i: usize) -> Result<DecimalSite, ApiError> {
        let not_run = || unsupported(DECIMAL_NOT_RUN);
        let end = closing(self.toks, i + 1).ok_or_else(not_run)? + 1;
        if self.to_string_argument(i, end) {
            return Ok(DecimalSite::Text);
        }
        if self.answered_only(i, end) {
            return Ok(DecimalSite::Answer);
        }
        // (A subquery's column, whose reader may add or multiply it, only where its type's
        // integer holds every value of below 2^32 held here, [`column_holds`].)
        let (precision, scale) = match self.spelled.get(&i).and_then(|s| s.narrowed) {
            Some(Narrowed::Decimal { scale, whole }) => (whole + scale, scale),
            _ => (0, 0),
        };
        if self.column_only(i, end) && column_holds(precision, scale) {
            return Ok(DecimalSite::Column);
        }
        // (The whole argument of an aggregate that keeps its type, answered as it is, or of
        // `avg`, a `Float64`, not over a window.)
        let call = i.checked_sub(2).filter(|f| {
            matches!(
                self.word(*f).as_str(),
                "SUM" | "MIN" | "MAX" | "ANY" | "AVG"
            ) && self.toks.get(i - 1) == Some(&Tok::Sym("("))
                && closing(self.toks, i - 1) == Some(end)
        });
        match call {
            Some(f) if self.word(f) == "AVG" && self.word(end + 1) != "OVER" => {
                Ok(DecimalSite::Aggregated)
            }
            Some(f) if self.word(f) != "AVG" && self.answered_only(f, end + 1) => {
                Ok(DecimalSite::Aggregated)
            }
            // (`sum` a `Decimal128` of its scale.)
            Some(f)
                if self.column_only(f, end + 1)
                    && match self.word(f).as_str() {
                        "SUM" => column_holds(38, scale),
                        "AVG" => false,
                        _ => column_holds(precision, scale),
                    } =>
            {
                Ok(DecimalSite::Aggregated)
            }
            _ => Err(not_run()),
        }
    }
}

/// Whether the integer a `Decimal(precision, scale)` holds its units in holds those of every
/// value below 2^32 (a `Decimal32` none; a `Decimal64` to scale 9, a `Decimal128` to 28), so
/// that no `+`, `-` or `*` by an integer that [`Ty::Decimal`]'s reader runs below 2^32
/// overflows it (ClickHouse's decimal_check_overflow, DECIMAL_OVERFLOW) where it does not here.
fn column_holds(precision: u8, scale: u8) -> bool {
    match precision {
        10..=18 => scale <= 9,
        19..=38 => scale <= 28,
        _ => false,
    }
}

/// What a `CAST` to a `Decimal` does not run ([`Tr::decimal_site`]).
pub(super) const DECIMAL_NOT_RUN: &str = "a CAST to a Decimal read otherwise than answered as it is or as a subquery's column (of a Decimal64 to scale 9 or a Decimal128 to 28; also through sum, min, max or any), by avg or by toString, of a Float32, a time or a value of a type not known here, to more than 38 digits, or of a value held here in no exact number (its units past 64 bits, a fraction no float writes back, a string of an unusual form)";

impl Tr<'_> {
    /// A `CAST` to `Array(T)` at `i` ([`Narrowed::Array`]) of what it does not convert: an
    /// empty literal, or an array of strings (one deep) to `Array(String)`; another (whose
    /// elements ClickHouse converts to `T`) is not run.
    pub(super) fn check_array_cast(&self, i: usize) -> Result<(), ApiError> {
        let Some(Narrowed::Array { string }) = self.spelled.get(&i).and_then(|s| s.narrowed) else {
            return Ok(());
        };
        let Some(&(a, b)) = self.arguments(i + 1).first() else {
            return Ok(());
        };
        let empty = self.toks.get(a..b) == Some(&[Tok::Sym("["), Tok::Sym("]")][..]);
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let strings = string
            && matches!(
                self.expr_ty(a, b, &scope),
                Ty::Array(Some(leaf)) if leaf.depth() == 1 && leaf.ty() == Ty::Str && !leaf.nullable()
            );
        if empty || strings {
            return Ok(());
        }
        Err(unsupported(ARRAY_CAST_NOT_RUN))
    }
}

/// What a `CAST` to an array does not run ([`Tr::check_array_cast`]).
pub(super) const ARRAY_CAST_NOT_RUN: &str = "a CAST to an array of other than an empty array literal, or of an array of strings to Array(String)";

/// Why a value's `CAST` to a `Decimal` gives no value ([`decimal_units`]).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum DecimalFailure {
    /// ClickHouse's DECIMAL_OVERFLOW or ARGUMENT_OUT_OF_BOUND (upstream's "Invalid analytics
    /// query").
    Overflow,
    /// ClickHouse's CANNOT_PARSE_TEXT or CANNOT_PARSE_NUMBER of a string no decimal reads
    /// ("Cannot parse …", upstream's "Invalid SQL syntax").
    Parse,
    /// Not run here ([`DECIMAL_NOT_RUN`]).
    NotRun,
}

/// The least and largest value of the integer a `Decimal` of `precision` holds its units in
/// (`Int32` to 9 digits, `Int64` to 18, `Int128` to 38; `None`: `Int256`, not written here),
/// and the most digits its type holds (its `maxPrecision`).
fn decimal_native(precision: u8) -> Option<(i128, i128, u32)> {
    match precision {
        0..=9 => Some((i128::from(i32::MIN), i128::from(i32::MAX), 9)),
        10..=18 => Some((i128::from(i64::MIN), i128::from(i64::MAX), 18)),
        19..=38 => Some((i128::MIN, i128::MAX, 38)),
        _ => None,
    }
}

/// ClickHouse's `CAST` of a value to `Decimal(precision, scale)` (FunctionsConversion's
/// ConvertImpl, DataTypesDecimal.cpp `convertToDecimalImpl`), as its units (the value times
/// 10^scale): an integer must stay inside the type's underlying integer once scaled (not its
/// precision: DECIMAL_OVERFLOW past it); a float is multiplied by 10^scale as a `Float64` and
/// cut toward zero (`toDecimal32(9.99999999, 8)` is `9.99999998`, 00700_decimal_casts), inside
/// that integer's range; a string is read by [`decimal_text_units`]. `None` of a `NULL`.
pub(super) fn decimal_units(
    v: ValueRef<'_>,
    precision: u8,
    scale: u8,
) -> Result<Option<i128>, DecimalFailure> {
    let (least, most, max_digits) = decimal_native(precision).ok_or(DecimalFailure::NotRun)?;
    let multiplier = 10i128
        .checked_pow(u32::from(scale))
        .ok_or(DecimalFailure::NotRun)?;
    match v {
        ValueRef::Null => Ok(None),
        ValueRef::Integer(n) => i128::from(n)
            .checked_mul(multiplier)
            .filter(|u| (least..=most).contains(u))
            .map(Some)
            .ok_or(DecimalFailure::Overflow),
        ValueRef::Real(f) => {
            // (10^scale as the `Float64` nearest it, as the integer converts.)
            let m: f64 = format!("1e{scale}")
                .parse()
                .map_err(|_| DecimalFailure::NotRun)?;
            let out = f * m;
            if !out.is_finite() || out <= least as f64 || out >= most as f64 {
                return Err(DecimalFailure::Overflow);
            }
            Ok(Some(out.trunc() as i128))
        }
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            let text = std::str::from_utf8(t).map_err(|_| DecimalFailure::Parse)?;
            decimal_text_units(text, max_digits, u32::from(scale), (least, most)).map(Some)
        }
    }
}

/// A string read as a `Decimal` of `scale` (SerializationDecimal::readText through
/// readDecimalText, src/IO/readDecimalText.h, with the type's `maxPrecision`, FunctionsConversion's
/// ConvertThroughParsing): an optional sign, digits with one point (leading zeros not counted),
/// an optional exponent. Past `max_digits` digits those after the point are dropped, and more
/// before it are ARGUMENT_OUT_OF_BOUND, as is a value with more digits before its point than the
/// type leaves (`CAST('123456789', 'Decimal(9,1)')`); digits past the scale are cut, toward zero
/// (`CAST('0.123456789', 'Decimal(9,8)')` is `0.12345678`, 00700_decimal_casts). Anything else
/// after the number is CANNOT_PARSE_TEXT; an empty string, a sign or point alone, a second
/// point, white space around it or an exponent of more than four digits are not run here.
fn decimal_text_units(
    text: &str,
    max_digits: u32,
    scale: u32,
    (least, most): (i128, i128),
) -> Result<i128, DecimalFailure> {
    // (Whether white space around it is read is not settled here.)
    if text.trim() != text {
        return Err(DecimalFailure::NotRun);
    }
    let bytes = text.as_bytes();
    let (negative, body) = match bytes.first() {
        Some(b'-') => (true, bytes.get(1..).unwrap_or_default()),
        Some(b'+') => (false, bytes.get(1..).unwrap_or_default()),
        _ => (false, bytes),
    };
    let mut x: i128 = 0;
    let (mut digits, mut places, mut exponent) = (0u32, 0u32, 0i32);
    let (mut leading, mut after_point, mut seen_digit) = (true, false, false);
    let mut k = 0;
    while let Some(&b) = body.get(k) {
        match b {
            b'.' if after_point => return Err(DecimalFailure::NotRun),
            b'.' => {
                after_point = true;
                leading = false;
            }
            b'0'..=b'9' => {
                seen_digit = true;
                if b == b'0' && leading {
                } else if b == b'0' && after_point {
                    // (Zeros after the point count once a digit follows them.)
                    places += 1;
                } else {
                    leading = false;
                    places += 1;
                    if digits + places > max_digits {
                        if !after_point {
                            return Err(DecimalFailure::Overflow);
                        }
                    } else {
                        digits += places;
                        if after_point {
                            exponent -= places as i32;
                        }
                        x = 10i128
                            .checked_pow(places)
                            .and_then(|p| x.checked_mul(p))
                            .and_then(|x| x.checked_add(i128::from(b - b'0')))
                            .ok_or(DecimalFailure::NotRun)?;
                        places = 0;
                    }
                }
            }
            b'e' | b'E' => {
                let rest = body.get(k + 1..).unwrap_or_default();
                let unsigned = rest
                    .strip_prefix(b"-")
                    .or(rest.strip_prefix(b"+"))
                    .unwrap_or(rest);
                if unsigned.is_empty() || !unsigned.iter().all(u8::is_ascii_digit) {
                    return Err(DecimalFailure::Parse);
                }
                if unsigned.len() > 4 {
                    return Err(DecimalFailure::NotRun);
                }
                exponent += std::str::from_utf8(rest)
                    .ok()
                    .and_then(|e| e.parse::<i32>().ok())
                    .ok_or(DecimalFailure::Parse)?;
                break;
            }
            _ => return Err(DecimalFailure::Parse),
        }
        k += 1;
    }
    if !seen_digit {
        return Err(if body.is_empty() || body == b"." {
            DecimalFailure::NotRun
        } else {
            DecimalFailure::Parse
        });
    }
    if negative {
        x = -x;
    }
    let (digits, scale_i) = (digits as i32, scale as i32);
    if digits + exponent > max_digits as i32 - scale_i {
        return Err(DecimalFailure::Overflow);
    }
    let units = if scale_i + exponent < 0 {
        let cut = -exponent - scale_i;
        // (A cut of the type's whole digits or more leaves 0.)
        if cut >= max_digits as i32 {
            0
        } else {
            x / 10i128.pow(cut as u32)
        }
    } else {
        10i128
            .checked_pow((scale_i + exponent) as u32)
            .and_then(|p| x.checked_mul(p))
            .ok_or(DecimalFailure::Overflow)?
    };
    if !(least..=most).contains(&units) {
        return Err(DecimalFailure::Overflow);
    }
    Ok(units)
}

/// A `Decimal`'s `units` of `scale` as ClickHouse's `toString` writes it (FunctionsConversion's
/// FormatImpl: WriteHelpers' writeText of a Decimal with `trailing_zeros` false, `5` of `5.00`,
/// `-0.5`), which is also how upstream's Go writes its shopspring `decimal.Decimal`.
pub(super) fn decimal_units_text(units: i128, scale: u8) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let digits = usize::from(scale);
    let abs = units.unsigned_abs().to_string();
    let abs = format!("{abs:0>width$}", width = digits + 1);
    let (whole, fraction) = abs.split_at(abs.len() - digits);
    match fraction.trim_end_matches('0') {
        "" => format!("{sign}{whole}"),
        fraction => format!("{sign}{whole}.{fraction}"),
    }
}

/// `groupArray(N)(x)` and `groupUniqArray(N)(x)` at `i` (ClickHouse's parametric forms:
/// AggregateFunctionGroupArray.cpp, AggregateFunctionGroupUniqArray.cpp), written as the call
/// without its parameter, `N` kept with its name ([`Spelled::limit`], `groupArray(3)(x)`).
/// Each keeps the first `N` values (distinct values) that reach its state, and a merge of
/// states appends the other's until `N` (`mergeNoSampler`; the set's `mergeImpl` inserts the
/// other set's values in its hash order): so of `N` or fewer values (distinct values) it is
/// `groupArray(x)` (`groupUniqArray(x)`, the same set), and of more which `N` are kept is the
/// order values reach it, which ClickHouse's parallel reading and merging leave open: that
/// is refused where a group has more ([`LIMITED_ORDER`]). Over a window's frame, whose rows
/// ClickHouse's WindowTransform adds in the frame's order (the state made anew where the
/// frame's start moves), it keeps the frame's first `N` values (distinct values), written
/// as the window's own function with `N` (`Tr::call_written`). A parameter that is no
/// positive integer is ClickHouse's BAD_ARGUMENTS "Parameter for aggregate function … should
/// be positive number" (upstream's "Invalid analytics query"); a hexadecimal one (`0x3`)
/// reaches here as its value, as ClickHouse's ParserNumber reads it, and `groupArray`'s over
/// 0xFFFFFF (`aggregate_function_group_array_max_element_size`) is not run here. Upstream's
/// parser writes the arguments after parameters back without their `DISTINCT` (AfterShip's
/// `ColumnArgList.String`), so `groupArray(N)(DISTINCT x)` is ClickHouse's `groupArray(N)(x)`.
fn limited_array(toks: &mut Vec<Tok>, marks: &mut Marks<'_>, i: usize) -> Result<(), ApiError> {
    let (Some(Tok::Word(name)), Some(Tok::Num(n)), Some(Tok::Sym(")")), Some(Tok::Sym("("))) = (
        toks.get(i),
        toks.get(i + 2),
        toks.get(i + 3),
        toks.get(i + 4),
    ) else {
        return Ok(());
    };
    let canonical = match name.to_ascii_lowercase().as_str() {
        "grouparray" => "groupArray",
        _ => "groupUniqArray",
    };
    let limit = match n.parse::<u64>() {
        Ok(limit) if limit > 0 => limit,
        _ => return Err(query_error("Invalid analytics query")),
    };
    if canonical == "groupArray" && limit > 0xFF_FFFF {
        return Err(unsupported("groupArray(N)(x) of an N over 0xFFFFFF"));
    }
    if toks.get(i + 5).map(upper).as_deref() == Some("DISTINCT") {
        replace(toks, marks, i + 5, 1, Vec::new());
    }
    replace(toks, marks, i + 1, 3, Vec::new());
    marks.spelled.insert(
        i,
        Spelled {
            prefix: format!("{canonical}({limit})("),
            suffix: ")".into(),
            inner: 0,
            time_of_day: false,
            nullable: false,
            list: false,
            narrowed: None,
            not_null: false,
            limit: Some(limit),
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strings read as ClickHouse's readDecimalText reads them, each from
    /// 00700_decimal_casts(.sql, .reference): digits past the scale cut toward zero, too many
    /// before the point (or an exponent making them so) ARGUMENT_OUT_OF_BOUND, the type's
    /// largest precision (not its own) bounding them.
    #[test]
    fn decimal_strings_as_clickhouse_reads_them() {
        let units = |t: &str, p: u8, s: u8| decimal_units(ValueRef::Text(t.as_bytes()), p, s);
        assert_eq!(units("1.1", 9, 2), Ok(Some(110)));
        assert_eq!(units("1.1", 9, 0), Ok(Some(1)));
        assert_eq!(units("-0.1", 9, 0), Ok(Some(0)));
        assert_eq!(units("0.0000000001", 9, 9), Ok(Some(0)));
        assert_eq!(units("1e-1", 18, 0), Ok(Some(0)));
        assert_eq!(units("-1e-10", 9, 9), Ok(Some(0)));
        assert_eq!(units("0.123456789", 9, 8), Ok(Some(12_345_678)));
        assert_eq!(units("123456789", 9, 0), Ok(Some(123_456_789)));
        assert_eq!(units("42.4200", 9, 2), Ok(Some(4242)));
        // (Of `Decimal(4, 2)`, a `Decimal32`'s nine digits bound it, not four.)
        assert_eq!(units("1000.5", 4, 2), Ok(Some(100_050)));
        for (t, p, s) in [
            ("1000000000", 9, 0),
            ("-1000000000000000000", 18, 0),
            ("1", 9, 9),
            ("-1", 18, 18),
            ("1e9", 9, 0),
            ("-1E18", 18, 0),
            ("1e0", 9, 9),
            ("123456789", 9, 1),
            ("123456789123456789", 18, 1),
        ] {
            assert_eq!(units(t, p, s), Err(DecimalFailure::Overflow), "{t}");
        }
        for t in ["1.5x", "abc", "1e", "1e+", "-x"] {
            assert_eq!(units(t, 9, 2), Err(DecimalFailure::Parse), "{t}");
        }
        for t in ["", "-", ".", "1.2.3", " 1", "1 ", "1e12345"] {
            assert_eq!(units(t, 9, 2), Err(DecimalFailure::NotRun), "{t}");
        }
    }

    /// Numbers as ClickHouse's convertToDecimalImpl converts them (00700_decimal_casts: a
    /// `Float64` multiplied and cut, `toDecimal32(9.99999999, 8)` `9.99999998`; an integer
    /// checked against the underlying integer, not the precision).
    #[test]
    fn decimal_numbers_as_clickhouse_converts_them() {
        assert_eq!(
            decimal_units(ValueRef::Real(9.99999999), 9, 8),
            Ok(Some(999_999_998))
        );
        assert_eq!(
            decimal_units(ValueRef::Real(-9.99999999), 18, 8),
            Ok(Some(-999_999_998))
        );
        assert_eq!(
            decimal_units(ValueRef::Real(324.46), 10, 2),
            Ok(Some(32445))
        );
        assert_eq!(
            decimal_units(ValueRef::Real(999_999_999.0), 9, 0),
            Ok(Some(999_999_999))
        );
        assert_eq!(
            decimal_units(ValueRef::Real(2_147_483_647.0), 9, 0),
            Err(DecimalFailure::Overflow)
        );
        assert_eq!(
            decimal_units(ValueRef::Real(f64::INFINITY), 18, 0),
            Err(DecimalFailure::Overflow)
        );
        assert_eq!(
            decimal_units(ValueRef::Integer(1000), 4, 2),
            Ok(Some(100_000))
        );
        assert_eq!(
            decimal_units(ValueRef::Integer(3_000_000_000), 9, 0),
            Err(DecimalFailure::Overflow)
        );
        assert_eq!(decimal_units(ValueRef::Null, 9, 0), Ok(None));
        assert_eq!(
            decimal_units(ValueRef::Integer(1), 40, 0),
            Err(DecimalFailure::NotRun)
        );
        assert_eq!(decimal_units_text(-7000, 3), "-7");
        assert_eq!(decimal_units_text(5, 3), "0.005");
        assert_eq!(decimal_units_text(-500, 3), "-0.5");
        assert_eq!(decimal_units_text(-5, 0), "-5");
        assert_eq!(decimal_units_text(0, 2), "0");
    }
}
