//! ClickHouse's types of columns and expressions ([`Ty`]), which decide how answers are
//! written and which operations ClickHouse refuses.

use super::*;

/// The ClickHouse type of a value, as far as the answer depends on it: times are written as
/// RFC 3339 times (a `Date` at midnight, a `DateTime` to the second, a `DateTime64` to its µs,
/// see [`micros`]), a `Bool` as `true`/`false`, an array as a JSON array; and an outer join's
/// unmatched column takes its type's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    /// Not known here (answered as SQLite holds it; no default).
    Unknown,
    /// An integer ([`IntTy`]: its width and sign, where getLeastSupertype reads them).
    Int(IntTy),
    Float,
    Str,
    Bool,
    /// An array; the type of its innermost elements where it is told
    /// ([`Tr::leaf_element_ty`]), and whether they are `Nullable`: of times (or `Bool`s) its
    /// answer writes them as times (`true`/`false`; see [`Ty::answer`]).
    Array(Option<ArrayLeaf>),
    Date,
    DateTime,
    /// A `DateTime64` of its scale (0 to 9 fraction digits; [`scale`] reads it). Its value is held as Unix ms (a real for µs; of scale 7 to 9 as
    /// [`Ty::Nanos`] where it can be).
    DateTime64(u8),
    /// A `DateTime64` of scale 7 to 9 held as an SQLite integer of Unix ns, in a query whose
    /// every use of it converts it ([`Tr::nanos_gate`]; elsewhere it is a [`Ty::DateTime64`]).
    Nanos(u8),
    /// ClickHouse's `Decimal` of seconds of scale 7 to 9 (a [`Ty::Nanos`] less a time), held as
    /// an SQLite integer of ns, written as [`Ty::Decimal`] is.
    DecimalNanos,
    /// ClickHouse's `Decimal` of seconds of the larger scale (a `DateTime64` less a time, see
    /// [`Tr::time_arithmetic`]; or a `CAST` to a `Decimal`, held as `ch_decimal` answers it,
    /// [`Tr::decimal_site`]), held as the float nearest it (`ch_decimal_minus`), which tells
    /// its µs apart below [`DECIMAL_SECONDS_MAX`] and is what ClickHouse converts it to
    /// (`toFloat64`, a comparison with a float); written as [`decimal_text`] writes it, as
    /// its text and the float's shortest agree. Arithmetic of it is not run
    /// ([`DECIMAL_ARITHMETIC`]). Upstream's Go driver reads it as a shopspring
    /// `decimal.Decimal`, which JSON writes as a string without trailing zeros.
    Decimal,
    /// ClickHouse's `Interval…`: the Go driver cannot read it into the value upstream's route
    /// scans each column into, so an answer with such a column fails there (500).
    Interval,
}

/// A ClickHouse integer type (`UInt8` … `Int64`, a `Bool` being a `UInt8`) as
/// getLeastSupertype tells them apart: its width in bits (0 where it is not known here, which
/// no check refuses), whether it is signed, and of a `UInt64` literal up to `Int64`'s largest
/// whether it may be taken as an `Int64` (FieldToDataType's `unsigned_can_be_signed`, read by
/// getLeastSupertype's convertUInt64toInt64IfPossible). [`Ty`]'s equality ignores it: the
/// width only decides the common type of values that meet ([`Ty::check_common`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct IntTy {
    bits: u8,
    signed: bool,
    signable: bool,
}

impl PartialEq for IntTy {
    fn eq(&self, _: &IntTy) -> bool {
        true
    }
}

impl Eq for IntTy {}

impl IntTy {
    /// An integer whose type is not known here.
    pub(super) const ANY: IntTy = IntTy {
        bits: 0,
        signed: false,
        signable: false,
    };
    /// `UInt8` (a `Bool`, a comparison, `has`, …).
    pub(super) const U8: IntTy = IntTy::unsigned(8);
    /// `UInt16` (`toYear`, `EXTRACT(YEAR FROM t)`).
    pub(super) const U16: IntTy = IntTy::unsigned(16);
    /// `UInt64` (`count()`, `uniq`, `length`, `sum` of an unsigned integer, …).
    pub(super) const U64: IntTy = IntTy::unsigned(64);
    /// `Int32` (`toInt32`).
    pub(super) const I32: IntTy = IntTy::signed(32);
    /// `Int64` (`toInt64`, `sum` of a signed integer, the tables' `Int64` columns, …).
    pub(super) const I64: IntTy = IntTy::signed(64);

    /// Whether it is signed.
    pub(super) fn is_signed(self) -> bool {
        self.signed
    }

    /// Its width in bits where it is known here.
    pub(super) fn known_bits(self) -> Option<u8> {
        matches!(self.bits, 8 | 16 | 32 | 64).then_some(self.bits)
    }

    /// The integer of `bits` bits, signed where `signed` (a `CAST` to it, [`Narrowed`]).
    pub(super) const fn width(bits: u8, signed: bool) -> IntTy {
        if signed {
            IntTy::signed(bits)
        } else {
            IntTy::unsigned(bits)
        }
    }

    const fn unsigned(bits: u8) -> IntTy {
        IntTy {
            bits,
            signed: false,
            signable: false,
        }
    }

    const fn signed(bits: u8) -> IntTy {
        IntTy {
            bits,
            signed: true,
            signable: false,
        }
    }

    /// The type of an integer literal of the digits `digits` (negative where `negative`),
    /// as ClickHouse's FieldToDataType gives it: the smallest `UInt` that holds a
    /// non-negative one, the smallest `Int` a negative one.
    pub(super) fn literal(digits: &str, negative: bool) -> IntTy {
        let Ok(n) = digits.parse::<u64>() else {
            return IntTy::ANY;
        };
        let fits = |bits: u8| {
            let max = (1u128 << bits) - 1;
            if negative {
                u128::from(n) <= (max >> 1) + 1
            } else {
                u128::from(n) <= max
            }
        };
        let Some(bits) = [8, 16, 32, 64].into_iter().find(|b| fits(*b)) else {
            return IntTy::ANY;
        };
        if negative {
            IntTy::signed(bits)
        } else {
            IntTy {
                signable: bits == 64 && i64::try_from(n).is_ok(),
                ..IntTy::unsigned(bits)
            }
        }
    }

    /// Of `Ty::Int` or `Ty::Bool` (a `UInt8`).
    fn of(ty: Ty) -> Option<IntTy> {
        match ty {
            Ty::Int(i) => Some(i),
            Ty::Bool => Some(IntTy::U8),
            _ => None,
        }
    }

    /// The type of `a + b`, `a * b` (`signed` false) or `a - b` (`signed` true) of integers,
    /// as ClickHouse's NumberTraits ResultOfAdditionMultiplication and ResultOfSubtraction
    /// make it: signed when either is (or always, of `-`), one size larger than the larger
    /// up to 64 bits.
    pub(super) fn arithmetic(a: Ty, b: Ty, signed: bool) -> IntTy {
        match (IntTy::of(a), IntTy::of(b)) {
            (Some(x), Some(y)) if x.bits > 0 && y.bits > 0 => IntTy {
                bits: (x.bits.max(y.bits).saturating_mul(2)).min(64),
                signed: signed || x.signed || y.signed,
                signable: false,
            },
            _ => IntTy::ANY,
        }
    }

    /// The type of `a % b` of integers as ClickHouse's NumberTraits ResultOfModulo makes it:
    /// of `b`'s width, unsigned where `a` is, else signed and one size larger up to 64 bits
    /// (`Int64 % UInt8` is an `Int16`, `UInt64 % Int8` a `UInt8`: ClickHouse 25.5.2 and 25.8.2
    /// (chDB) agree on each pair of integer types).
    pub(super) fn modulo(a: Ty, b: Ty) -> IntTy {
        match (IntTy::of(a), IntTy::of(b)) {
            (Some(x), Some(y)) if x.bits > 0 && y.bits > 0 && x.signed => {
                IntTy::signed(y.bits.saturating_mul(2).min(64))
            }
            (Some(x), Some(y)) if x.bits > 0 && y.bits > 0 => IntTy::unsigned(y.bits),
            _ => IntTy::ANY,
        }
    }

    /// The type of `-x` (NumberTraits ResultOfNegate: signed, one size larger of an
    /// unsigned one up to 64 bits).
    pub(super) fn negated(self) -> IntTy {
        match self.bits {
            0 => IntTy::ANY,
            bits if self.signed => IntTy::signed(bits),
            bits => IntTy::signed(bits.saturating_mul(2).min(64)),
        }
    }

    /// The type of `abs(x)` (NumberTraits ResultOfAbs: unsigned of its width).
    pub(super) fn absolute(self) -> IntTy {
        IntTy::unsigned(self.bits)
    }

    /// The type of `sum(x)` of it: `Int64` of a signed integer, `UInt64` of an unsigned one.
    pub(super) fn summed(self) -> IntTy {
        match self.bits {
            0 => IntTy::ANY,
            _ if self.signed => IntTy::I64,
            _ => IntTy::U64,
        }
    }

    /// getLeastSupertype's getNumericType of these integers and (where `float`) a
    /// `Float64`: `None` where there is none (NO_COMMON_TYPE: a signed integer beside a
    /// `UInt64` that cannot be signed, or an integer needing more than 53 bits beside a
    /// float), else their common integer ([`IntTy::ANY`] where a width is not known here or
    /// the common type is a float).
    fn common(ints: &[IntTy], float: bool) -> Option<IntTy> {
        if ints.iter().any(|i| i.bits == 0) {
            return Some(IntTy::ANY);
        }
        let any_signed = ints.iter().any(|i| i.signed);
        // (convertUInt64toInt64IfPossible: every `UInt64` taken as an `Int64` beside a
        // signed integer, where all of them can be.)
        let as_signed = any_signed
            && ints
                .iter()
                .filter(|i| !i.signed && i.bits == 64)
                .all(|i| i.signable);
        let ints: Vec<IntTy> = ints
            .iter()
            .map(|i| match *i {
                i if as_signed && !i.signed && i.bits == 64 => IntTy::I64,
                i => i,
            })
            .collect();
        let max = |signed: bool| {
            ints.iter()
                .filter(|i| i.signed == signed)
                .map(|i| i.bits)
                .max()
                .unwrap_or(0)
        };
        let (signed_bits, unsigned_bits) = (max(true), max(false));
        // (One bit more for the sign where an unsigned one is as wide as the signed ones.)
        let mut needed = signed_bits.max(unsigned_bits);
        if signed_bits > 0 && unsigned_bits >= signed_bits {
            if needed == 64 {
                return None;
            }
            needed += 1;
        }
        if float {
            return (needed <= 53).then_some(IntTy::ANY);
        }
        let Some(bits) = [8, 16, 32, 64].into_iter().find(|b| needed <= *b) else {
            return Some(IntTy::ANY);
        };
        if needed == 0 {
            return Some(IntTy::ANY);
        }
        Some(IntTy {
            bits,
            signed: signed_bits > 0,
            // (A `UInt64` literal's stays with it when it is the only kind.)
            signable: ints.iter().all(|i| i.signable),
        })
    }
}

/// Refused: `concat` of a value held in ns ([`Ty::held_in_ns`]), whose text is not written
/// there.
pub(super) fn concat_not_run() -> ApiError {
    unsupported("concat of a DateTime64 of scale 7 to 9 or a Decimal of its ns")
}

/// Of an array ([`Ty::Array`]): its innermost elements' type, how deep they are (1 in an
/// array of times, 2 in an array of arrays of times, …) and whether they are `Nullable` (an
/// index out of range then reads `NULL`, not the type's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ArrayLeaf {
    kind: LeafKind,
    depth: u8,
    nullable: bool,
}

/// An array's innermost elements' type: a time type ([`Ty::Date`], [`Ty::DateTime`],
/// [`Ty::DateTime64`] or [`Ty::Nanos`] of its scale), [`Ty::Bool`] (held as 1/0 and written
/// `true`/`false` too), a string or a number; or `Nothing`, the elements of an empty literal
/// (`[]`, ClickHouse's `Array(Nothing)`), which any other type is a supertype of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeafKind {
    Bool,
    Date,
    DateTime,
    DateTime64(u8),
    Nanos(u8),
    Str,
    Int(IntTy),
    Float,
    Nothing,
}

impl ArrayLeaf {
    /// The leaf of elements of type `ty` at `depth` (not `Nullable`), if `ty` is one an
    /// array's innermost elements are told as (a time, `Bool`, string or number).
    pub(super) fn of(ty: Ty, depth: u8) -> Option<ArrayLeaf> {
        let kind = match ty {
            Ty::Bool => LeafKind::Bool,
            Ty::Date => LeafKind::Date,
            Ty::DateTime => LeafKind::DateTime,
            Ty::DateTime64(p) => LeafKind::DateTime64(p),
            Ty::Nanos(p) => LeafKind::Nanos(p),
            Ty::Str => LeafKind::Str,
            Ty::Int(i) => LeafKind::Int(i),
            Ty::Float => LeafKind::Float,
            _ => return None,
        };
        Some(ArrayLeaf {
            kind,
            depth,
            nullable: false,
        })
    }

    /// The leaf of an empty array literal's elements (`Nothing`) at `depth`.
    pub(super) fn nothing(depth: u8) -> ArrayLeaf {
        ArrayLeaf {
            kind: LeafKind::Nothing,
            depth,
            nullable: false,
        }
    }

    /// This leaf with its elements `Nullable` where `nullable`.
    pub(super) fn nullable_if(self, nullable: bool) -> ArrayLeaf {
        ArrayLeaf {
            nullable: self.nullable || nullable,
            ..self
        }
    }

    /// Whether its elements are `Nullable`.
    pub(super) fn nullable(self) -> bool {
        self.nullable
    }

    /// Whether its elements are an empty literal's (`Nothing`).
    pub(super) fn is_nothing(self) -> bool {
        self.kind == LeafKind::Nothing
    }

    /// The innermost elements' type ([`Ty::Unknown`] of `Nothing`).
    pub(super) fn ty(self) -> Ty {
        match self.kind {
            LeafKind::Bool => Ty::Bool,
            LeafKind::Date => Ty::Date,
            LeafKind::DateTime => Ty::DateTime,
            LeafKind::DateTime64(p) => Ty::DateTime64(p),
            LeafKind::Nanos(p) => Ty::Nanos(p),
            LeafKind::Str => Ty::Str,
            LeafKind::Int(i) => Ty::Int(i),
            LeafKind::Float => Ty::Float,
            LeafKind::Nothing => Ty::Unknown,
        }
    }

    pub(super) fn depth(self) -> u8 {
        self.depth
    }

    /// The type of an element of such an array: an innermost element, or an array of them.
    pub(super) fn element(self) -> Ty {
        match self.depth {
            0 | 1 => self.ty(),
            d => Ty::Array(Some(ArrayLeaf {
                depth: d - 1,
                ..self
            })),
        }
    }
}

impl Ty {
    /// Whether it is an array (of any elements).
    pub(super) fn is_array(self) -> bool {
        matches!(self, Ty::Array(_))
    }

    /// How ClickHouse's `groupUniqArray` keeps a value of it ([`UniqKind`]).
    pub(super) fn uniq_kind(self) -> UniqKind {
        match self {
            Ty::Str => UniqKind::Str,
            Ty::Bool => UniqKind::Int(8),
            Ty::Int(i) => i.known_bits().map_or(UniqKind::Unknown, UniqKind::Int),
            Ty::Float => UniqKind::Float64,
            Ty::Date => UniqKind::Date,
            Ty::DateTime => UniqKind::DateTime,
            Ty::DateTime64(p) if p <= 6 => UniqKind::DateTime64(p),
            Ty::Nanos(p) if (7..=9).contains(&p) => UniqKind::DateTime64(p),
            // (An array of a depth its code holds, of elements whose bytes are followed.)
            Ty::Array(Some(leaf)) if (1..=9).contains(&leaf.depth()) => {
                let element = match leaf.ty() {
                    Ty::Str => Some(Leaf::Str),
                    Ty::Bool => Some(Leaf::Bool),
                    Ty::Int(i) => i.known_bits().map(Leaf::Int),
                    Ty::Float => Some(Leaf::Float64),
                    Ty::Date => Some(Leaf::Date),
                    Ty::DateTime => Some(Leaf::DateTime),
                    Ty::DateTime64(p) if p <= 6 => Some(Leaf::DateTime64(p)),
                    Ty::Nanos(p) if (7..=9).contains(&p) => Some(Leaf::DateTime64(p)),
                    _ => None,
                };
                element.map_or(UniqKind::Arrays, |leaf_kind| UniqKind::ArrayOf {
                    depth: leaf.depth(),
                    leaf: leaf_kind,
                    nullable: leaf.nullable(),
                })
            }
            Ty::Array(_) => UniqKind::Arrays,
            Ty::Interval => UniqKind::Interval,
            _ => UniqKind::Unknown,
        }
    }

    /// Whether it is an array that ClickHouse orders element by element (a prefix first, so
    /// `[]` least; IColumnArray's compareAt) where it is here held as JSON text, which does
    /// not order so (`["a b"]` before `["a"]`): its ordering is not run. (An array of
    /// intervals is ordered by its counts, see [`Intervals::sort_sql`].)
    pub(super) fn ordered_as_text(self) -> bool {
        self.is_array() && self.leaf_ty() != Some(Ty::Interval)
    }

    /// Whether it is an array an `ORDER BY` key, `min` and `max` order as ClickHouse does
    /// through `ch_array_order` ([`array_order_key`]): one whose elements' type is told (a
    /// `NULL` element's place by the direction there, see [`Tr::nulls_high`]).
    pub(super) fn array_order_key(self) -> bool {
        matches!(self, Ty::Array(Some(_)))
    }

    /// Whether `a` and `b`, an ordering comparison's operands (`<`, `>`, `<=`, `>=`), are
    /// arrays compared through `ch_array_order` as ClickHouse compares them
    /// (GenericComparisonImpl: `compareAt(i, j, b, 1)`, element by element, a prefix first, a
    /// `NULL` element after every value, nan_direction_hint 1): of elements told here, not of
    /// ns, with a common type ([`Ty::check_common`]: of strings beside numbers or of another
    /// depth ClickHouse's NO_COMMON_TYPE, "Invalid analytics query"). Another array there is
    /// not run; neither an array is `Ok(false)`.
    pub(super) fn arrays_ordered(a: Ty, b: Ty) -> Result<bool, ApiError> {
        if !a.ordered_as_text() && !b.ordered_as_text() {
            return Ok(false);
        }
        let keyed = |t: Ty| match t {
            Ty::Array(Some(leaf)) => {
                leaf.is_nothing() || !matches!(leaf.ty(), Ty::Nanos(_) | Ty::Unknown)
            }
            _ => false,
        };
        if !keyed(a) || !keyed(b) {
            return Err(unsupported("ordering arrays"));
        }
        Ty::check_common([a, b].into_iter())?;
        Ok(true)
    }

    /// The type of the innermost elements of an array where it is told.
    /// Whether it is a `UInt8` (a literal up to 255, a comparison, `has`, …).
    pub(super) fn is_u8(self) -> bool {
        matches!(self, Ty::Int(i) if i.bits == 8 && !i.signed)
    }

    pub(super) fn leaf_ty(self) -> Option<Ty> {
        match self {
            Ty::Array(Some(leaf)) => Some(leaf.ty()).filter(|t| *t != Ty::Unknown),
            _ => None,
        }
    }

    /// The type of the innermost elements of an array of times.
    pub(super) fn time_leaf(self) -> Option<Ty> {
        match self {
            Ty::Array(leaf) => leaf.map(ArrayLeaf::ty).filter(|t| t.is_time()),
            _ => None,
        }
    }

    /// `sql`, a value of this type held in ms (a real for µs), inside `ch_time_range`, which
    /// refuses one outside the type's range ([`TIME_RANGE_NOT_RUN`]): a `Date`'s `UInt16` of
    /// days (1970-01-01 to 2149-06-06), a `DateTime`'s `UInt32` of seconds (to 2106-02-07
    /// 06:28:15), a `DateTime64`'s 1900-01-01 to 2299-12-31 23:59:59.999999999 (its DateLUT's
    /// years; the docs' range). Past them ClickHouse's calendar arithmetic wraps (a `Date`'s
    /// `toDayNum` and `addDays`, a `DateTime`'s `UInt32`), saturates (DateLUT's `findIndex`)
    /// or leaves a `DateTime64` past its table, which the
    /// functions reading it clamp; which of these 25.6 does at each place is not followed
    /// here. Of a type not told, the narrowest range every time type holds (a `DateTime`'s).
    /// A value held otherwise (ns, not a time) is left as it is.
    pub(super) fn in_range(self, sql: &str) -> String {
        match self.range_ms() {
            Some((low, high)) => format!("ch_time_range({sql}, {low}, {high})"),
            None => sql.to_string(),
        }
    }

    /// The range [`Ty::in_range`] keeps a value of this type in: Unix ms from the first, up
    /// to (not including) the second.
    pub(super) fn range_ms(self) -> Option<(i64, i64)> {
        match self {
            Ty::Date => Some((0, 5_662_224_000_001)),
            Ty::DateTime | Ty::Unknown => Some((0, 4_294_967_296_000)),
            Ty::DateTime64(_) => Some((-2_208_988_800_000, 10_413_792_000_000)),
            _ => None,
        }
    }

    /// Whether its value is held in ns ([`Ty::Nanos`], [`Ty::DecimalNanos`]).
    pub(super) fn held_in_ns(self) -> bool {
        matches!(self, Ty::Nanos(_) | Ty::DecimalNanos)
    }

    pub(super) fn is_time(self) -> bool {
        matches!(
            self,
            Ty::Date | Ty::DateTime | Ty::DateTime64(_) | Ty::Nanos(_)
        )
    }

    /// The type of a time of this type moved by intervals of `kinds` in turn (`plus`/`minus`
    /// call `addHours`, `addMilliseconds`, …; FunctionDateOrDateTimeAddInterval.h types the
    /// result by what each `Add…Impl::execute` returns for its argument): a `Date` moved by
    /// seconds, minutes or hours is a `DateTime` (`execute(UInt16)` returns a `UInt32`), by
    /// ms, µs or ns ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT (`None`: that overload returns `Int8`,
    /// "cannot be used with Date"); a `DateTime` moved by ms, µs or ns is a `DateTime64` of
    /// scale 3, 6 or 9, a `DateTime64` of the larger of its scale and that one; days, weeks
    /// and months keep the type.
    pub(super) fn moved<'k>(self, kinds: impl IntoIterator<Item = &'k str>) -> Option<Ty> {
        kinds.into_iter().try_fold(self, |time, kind| {
            let fine = match kind {
                "MILLISECOND" => Some(3),
                "MICROSECOND" => Some(6),
                "NANOSECOND" => Some(9),
                _ => None,
            };
            let sub_day = fine.is_some() || matches!(kind, "SECOND" | "MINUTE" | "HOUR");
            Some(match (time, fine) {
                (Ty::Date, None) if sub_day => Ty::DateTime,
                (Ty::Date, Some(_)) => return None,
                (Ty::DateTime, Some(p)) => Ty::DateTime64(p),
                (Ty::DateTime64(q), Some(p)) => Ty::DateTime64(p.max(q)),
                (other, _) => other,
            })
        })
    }

    /// The type's default value as SQLite SQL (ClickHouse's value of an unmatched column).
    pub(super) fn default_sql(self) -> Option<&'static str> {
        match self {
            Ty::Int(_)
            | Ty::Float
            | Ty::Bool
            | Ty::Date
            | Ty::DateTime
            | Ty::DateTime64(_)
            | Ty::Nanos(_)
            | Ty::DecimalNanos
            | Ty::Decimal => Some("0"),
            Ty::Str => Some("''"),
            Ty::Array(_) => Some("'[]'"),
            Ty::Unknown | Ty::Interval => None,
        }
    }

    /// The common type of branches (`if`, `coalesce`, `CASE`) as ClickHouse's
    /// getLeastSupertype makes it, as far as answers tell: a `Float64` of numbers one of which
    /// is, an integer of integers (a `Bool` too), a `DateTime64` of the largest scale of times
    /// one of which is (of ns when one is, see [`Ty::Nanos`]; converted to ns only where
    /// [`Tr::nanos_branches`] does, see [`Ty::check_common`]), else a `DateTime` of times one
    /// of which is (a `Date` beside it is one at midnight), an array of arrays' leaves' common
    /// type (of one depth), else the first known.
    pub(super) fn common(types: impl Iterator<Item = Ty>) -> Ty {
        let known: Vec<Ty> = types.filter(|t| *t != Ty::Unknown).collect();
        let nanos: Vec<u8> = known
            .iter()
            .filter_map(|t| match t {
                Ty::Nanos(p) => Some(*p),
                _ => None,
            })
            .collect();
        match nanos.iter().max() {
            Some(p) if known.iter().all(|t| t.is_time()) => return Ty::Nanos(*p),
            Some(_) => return Ty::Unknown,
            None => {}
        }
        // (A `Bool` first beside `UInt8`s and `Bool`s only: getLeastSupertype keeps the first
        // of types of one underlying type, so `if(c, passed, 0)` is a `Bool` and `if(c, 0,
        // passed)` a `UInt8`; ClickHouse 25.5.2 and 25.8.2 (chDB) agree.)
        if known.first() == Some(&Ty::Bool) && known.iter().all(|t| *t == Ty::Bool || t.is_u8()) {
            return Ty::Bool;
        }
        // (Arrays: of their leaves' common type.)
        if known.first().is_some_and(|t| t.is_array()) && known.iter().all(|t| t.is_array()) {
            let leaves: Option<Vec<ArrayLeaf>> = known
                .iter()
                .map(|t| match t {
                    Ty::Array(leaf) => *leaf,
                    _ => None,
                })
                .collect();
            // (An empty literal's `Nothing` takes the others' type, at their depth.)
            let leaf = leaves.and_then(|l| {
                let nullable = l.iter().any(|x| x.nullable);
                let told: Vec<ArrayLeaf> = l.iter().copied().filter(|x| !x.is_nothing()).collect();
                let Some(first) = told.first() else {
                    return l.first().map(|x| x.nullable_if(nullable));
                };
                let depth = first.depth;
                let same = told.iter().all(|x| x.depth == depth);
                let time = Ty::common(told.into_iter().map(ArrayLeaf::ty));
                ArrayLeaf::of(time, depth)
                    .filter(|_| same)
                    .map(|x| x.nullable_if(nullable))
            });
            return Ty::Array(leaf);
        }
        let numbers = known
            .iter()
            .all(|t| matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool));
        let scale = known
            .iter()
            .filter_map(|t| match t {
                Ty::DateTime64(p) => Some(*p),
                _ => None,
            })
            .max();
        match known.first() {
            Some(_) if numbers && known.contains(&Ty::Float) => Ty::Float,
            Some(_) if numbers && known.iter().any(|t| matches!(t, Ty::Int(_))) => {
                let ints: Vec<IntTy> = known.iter().filter_map(|t| IntTy::of(*t)).collect();
                Ty::Int(IntTy::common(&ints, false).unwrap_or(IntTy::ANY))
            }
            Some(_) if known.iter().all(|t| t.is_time()) && scale.is_some() => {
                Ty::DateTime64(scale.unwrap_or(3))
            }
            Some(_) if known.iter().all(|t| t.is_time()) && known.contains(&Ty::DateTime) => {
                Ty::DateTime
            }
            Some(t) => *t,
            None => Ty::Unknown,
        }
    }

    /// ClickHouse's getLeastSupertype finds no common type of a time and anything that is not
    /// one ("some of them are Date/Date32/DateTime/DateTime64 and some of them are not":
    /// NO_COMMON_TYPE, upstream's "Invalid analytics query"), nor of integers and floats
    /// that no number type holds ([`IntTy::common`]): refused where values of `types`
    /// meet in one (`if`, `coalesce`, `CASE`, an array, a set operation's column) and a
    /// number is one of them; next to a time, one not known here is not run.
    pub(super) fn check_common(types: impl Iterator<Item = Ty>) -> Result<(), ApiError> {
        let types: Vec<Ty> = types.collect();
        // An array beside a value of a type told here that is no array (`if(c, ['a'], 2)`,
        // `coalesce(n, [1])`): getLeastSupertype.cpp's "some of them are Array and some of
        // them are not", NO_COMMON_TYPE, upstream's "Invalid analytics query".
        if types.iter().any(|t| t.is_array())
            && types.iter().any(|t| !t.is_array() && *t != Ty::Unknown)
        {
            return Err(query_error("Invalid analytics query"));
        }
        // An interval beside a value of a type told here that is no interval (`if(c, INTERVAL
        // 1 DAY, 1)`, a set operation's column of an interval and a number, a string, a time):
        // NO_COMMON_TYPE ("some of them are numbers and some of them are not"), upstream's
        // "Invalid analytics query"; ClickHouse 25.5.2 and 25.8.2 (chDB) agree.
        if types.contains(&Ty::Interval)
            && types
                .iter()
                .any(|t| !matches!(t, Ty::Interval | Ty::Unknown))
        {
            return Err(query_error("Invalid analytics query"));
        }
        // (An empty array literal, `Array(Nothing)`, has a common type with any array.)
        let types: Vec<Ty> = types
            .into_iter()
            .filter(|t| !matches!(t, Ty::Array(Some(leaf)) if leaf.is_nothing()))
            .collect();
        // Arrays of times: as their leaves, beside arrays whose elements are told (`[1]`, of a
        // number, has no common type with them); beside a value whose elements are not told
        // (answered as numbers) or of another depth, not run.
        if types.iter().any(|t| t.time_leaf().is_some()) {
            let told = |t: &Ty| match t {
                Ty::Array(Some(leaf)) => Some(*leaf),
                _ => None,
            };
            // (Of strings beside them, how ClickHouse converts them is not read here.)
            let leaves: Option<Vec<Ty>> = types
                .iter()
                .map(|t| {
                    told(t)
                        .map(ArrayLeaf::ty)
                        .filter(|l| l.is_time() || matches!(l, Ty::Int(_) | Ty::Float | Ty::Bool))
                })
                .collect();
            let depths: HashSet<u8> = types
                .iter()
                .filter_map(|t| told(t).map(ArrayLeaf::depth))
                .collect();
            return match leaves {
                Some(leaves) if depths.len() == 1 => Ty::check_common(leaves.into_iter()),
                _ => Err(unsupported(
                    "an array of times meeting a value that is not an array of times of its depth told here (if, coalesce, CASE, an array, a set operation)",
                )),
            };
        }
        // Arrays whose elements are told, none of times: of strings beside numbers, or of
        // several depths, they have no common type (NO_COMMON_TYPE, "Invalid analytics query").
        let told: Option<Vec<ArrayLeaf>> = types
            .iter()
            .map(|t| match t {
                Ty::Array(Some(leaf)) => Some(*leaf),
                _ => None,
            })
            .collect();
        if let Some(leaves) = told.filter(|l| l.len() > 1) {
            let depths: HashSet<u8> = leaves.iter().map(|l| l.depth()).collect();
            let strings = leaves.iter().any(|l| l.ty() == Ty::Str);
            let numbers = leaves
                .iter()
                .any(|l| matches!(l.ty(), Ty::Int(_) | Ty::Float | Ty::Bool));
            if depths.len() > 1 || (strings && numbers) {
                return Err(query_error("Invalid analytics query"));
            }
            // Arrays of numbers of one depth: as their leaves ([`IntTy::common`]).
            return Ty::check_common(leaves.into_iter().map(ArrayLeaf::ty));
        }
        // A string beside a number or a time: no common type either (`if(c, 'yes', 0)`,
        // `['2026-01-01', today()]`: getLeastSupertype's "some of them are
        // String/FixedString/Enum and some of them are not", before its rules of times).
        if types.contains(&Ty::Str)
            && types.iter().any(|t| {
                t.is_time()
                    || matches!(
                        t,
                        Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal | Ty::DecimalNanos
                    )
            })
        {
            return Err(query_error("Invalid analytics query"));
        }
        // A `Decimal` beside a float: getLeastSupertype's NO_COMMON_TYPE ("because some of
        // them have no lossless conversion to Decimal": only integers and decimals go with
        // one), upstream's "Invalid analytics query".
        if types.contains(&Ty::Decimal) && types.contains(&Ty::Float) {
            return Err(query_error("Invalid analytics query"));
        }
        let decimal_nanos = |t: &Ty| *t == Ty::DecimalNanos;
        if types.iter().any(decimal_nanos)
            && !types.iter().any(|t| t.is_time())
            && !types.iter().all(decimal_nanos)
        {
            return Err(unsupported(
                "a Decimal of ns (a DateTime64 of scale 7 to 9 less a time) meeting another value",
            ));
        }
        // Numbers: getLeastSupertype's getNumericType ([`IntTy::common`]).
        if types
            .iter()
            .all(|t| matches!(t, Ty::Int(_) | Ty::Bool | Ty::Float))
        {
            let ints: Vec<IntTy> = types.iter().filter_map(|t| IntTy::of(*t)).collect();
            if IntTy::common(&ints, types.contains(&Ty::Float)).is_none() {
                return Err(query_error("Invalid analytics query"));
            }
        }
        if !types.iter().any(|t| t.is_time()) {
            return Ok(());
        }
        if types.iter().any(|t| {
            matches!(
                t,
                Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal | Ty::DecimalNanos
            )
        }) {
            return Err(query_error("Invalid analytics query"));
        }
        if types.contains(&Ty::Unknown) {
            return Err(unsupported(
                "a time meeting a value whose type it cannot tell (if, coalesce, CASE, an array, a set operation)",
            ));
        }
        let nanos = |t: &Ty| matches!(t, Ty::Nanos(_));
        if types.iter().any(nanos) && !types.iter().all(nanos) {
            return Err(unsupported(
                "a DateTime64 of scale 7 to 9 meeting a time of another scale (if, coalesce, CASE, an array, a set operation)",
            ));
        }
        Ok(())
    }

    /// Whether a remainder of a value of this type by a negative integer is read otherwise by
    /// ClickHouse (see [`Tr::check_operands`]): a `UInt32`'s or `UInt64`'s, a `DateTime`'s.
    /// (Of a `UInt8`, a `UInt16`, a `Bool` or a `Date`, ClickHouse's is the remainder by the
    /// divisor's magnitude, as here: 48 dividends and divisors of each signed width, `true %
    /// -1` 0, `toDate('2026-01-01') % -40000` 20454; ClickHouse 25.5.2 and 25.8.2 (chDB)
    /// agree.)
    pub(super) fn unsigned_dividend(self) -> bool {
        self == Ty::DateTime || matches!(self, Ty::Int(i) if i.bits >= 32 && !i.signed)
    }

    /// Whether `l % r` is of such a dividend and a signed integer divisor, whose negative
    /// values `ch_modulo` refuses ([`MODULO_UNSIGNED`]).
    pub(super) fn unsigned_by_signed(l: Ty, r: Ty) -> bool {
        l.unsigned_dividend() && matches!(r, Ty::Int(i) if i.signed)
    }

    /// Whether `l % r` is of a signed integer dividend and a `UInt32` or `UInt64` divisor,
    /// whose negative dividends `ch_modulo` refuses ([`MODULO_UNSIGNED`]): ClickHouse reads
    /// them otherwise (`-7 % toUInt32(3)` is 0, `toInt64(-40000) % 9223372036854775807`
    /// 9223372036854735809; by a `UInt16` `-7 % toUInt16(3)` is -1, as here: ClickHouse
    /// 25.5.2 and 25.8.2 (chDB) agree).
    pub(super) fn signed_by_wide_unsigned(l: Ty, r: Ty) -> bool {
        matches!(l, Ty::Int(i) if i.signed) && r.unsigned_dividend() && r != Ty::DateTime
    }

    /// The type of `a op b` for `op` one of `+ - *` of two numbers (a `Decimal` with an
    /// integer stays one; of integers, see [`IntTy::arithmetic`]).
    pub(super) fn numeric(a: Ty, b: Ty, op: &str) -> Ty {
        match (a, b) {
            (Ty::Decimal, Ty::Int(_) | Ty::Bool | Ty::Decimal)
            | (Ty::Int(_) | Ty::Bool, Ty::Decimal) => Ty::Decimal,
            (Ty::Decimal, Ty::Float) | (Ty::Float, Ty::Decimal) => Ty::Float,
            (Ty::Int(_) | Ty::Bool, Ty::Int(_) | Ty::Bool) => {
                Ty::Int(IntTy::arithmetic(a, b, op == "-"))
            }
            (Ty::Float, Ty::Int(_) | Ty::Float | Ty::Bool) | (Ty::Int(_) | Ty::Bool, Ty::Float) => {
                Ty::Float
            }
            _ => Ty::Unknown,
        }
    }

    /// A value of this type as the answer writes it (a time from Unix ms).
    pub(super) fn answer(self, v: ValueRef<'_>) -> Option<Value> {
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
            (Ty::Nanos(_), _, ValueRef::Integer(ns)) => Some(json!(rfc3339_ns(ns))),
            (Ty::DecimalNanos, _, ValueRef::Integer(ns)) => Some(json!(decimal_fraction(ns, 9))),
            (Ty::Decimal, _, ValueRef::Integer(n)) => Some(json!(n.to_string())),
            (Ty::Decimal, _, ValueRef::Real(f)) => decimal_text(f).map(|t| json!(t)),
            (Ty::Bool, Some(n), _) => Some(json!(n != 0)),
            (Ty::Array(leaf), _, ValueRef::Text(t)) => {
                let s = String::from_utf8_lossy(t);
                let array = serde_json::from_str(s.strip_prefix(ARRAY_MARK).unwrap_or(&s)).ok()?;
                Some(match leaf.map(ArrayLeaf::ty) {
                    Some(
                        t @ (Ty::Bool | Ty::Date | Ty::DateTime | Ty::DateTime64(_) | Ty::Nanos(_)),
                    ) => t.answer_elements(array),
                    _ => go_numbers(array),
                })
            }
            _ => None,
        }
    }

    /// Whether `v`, answered as this type, is an integer (or an array of them) that SQLite
    /// holds as a float past 2^53, its integer arithmetic past 64 bits (or a function of so
    /// large an integer): ClickHouse's is exact, a `UInt64`, or wraps round, an `Int64`, and
    /// upstream's Go writes it exactly ([`INEXACT_INTEGER`]).
    pub(super) fn inexact_integer(self, v: ValueRef<'_>) -> bool {
        fn inexact(v: &Value) -> bool {
            match v {
                Value::Array(items) => items.iter().any(inexact),
                Value::Number(n) => {
                    n.is_f64() && !n.as_f64().is_some_and(|f| f.abs() < 2f64.powi(53))
                }
                _ => false,
            }
        }
        match (self, v) {
            (Ty::Int(_), ValueRef::Real(f)) => f.is_nan() || f.abs() >= 2f64.powi(53),
            (Ty::Array(Some(leaf)), ValueRef::Text(t)) if matches!(leaf.ty(), Ty::Int(_)) => {
                let s = String::from_utf8_lossy(t);
                serde_json::from_str::<Value>(s.strip_prefix(ARRAY_MARK).unwrap_or(&s))
                    .is_ok_and(|a| inexact(&a))
            }
            _ => false,
        }
    }

    /// The elements of an answered array (at any depth) of times of this type, each written as
    /// [`Ty::answer`] writes one: upstream's Go driver scans an `Array(DateTime…)` column into
    /// a `[]time.Time` (`[]*time.Time` of `Nullable` elements, `nil` a JSON `null`), whose
    /// elements JSON writes as it writes one time (clickhouse-go v2.42.0
    /// `lib/column/array.go` `scanSlice` with each element from the time column's `Row`).
    fn answer_elements(self, v: Value) -> Value {
        match v {
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|i| self.answer_elements(i)).collect())
            }
            Value::Number(n) => {
                let held = match n.as_i64() {
                    Some(i) => ValueRef::Integer(i),
                    None => ValueRef::Real(n.as_f64().unwrap_or(f64::NAN)),
                };
                self.answer(held).unwrap_or(Value::Number(n))
            }
            other => other,
        }
    }
}

/// A string read as a `Bool` as ClickHouse's SerializationBool reads it (any case; `None`:
/// "Cannot parse boolean value here", upstream's "Invalid SQL syntax" through "cannot
/// parse"): in a comparison with one and in a `CAST` to it (02179_bool_type: `toBool('yes')`,
/// `toBool('enabled')`, … `true`; `toBool('off')`, `toBool('f')`, … `false`).
pub(super) fn bool_text(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "t" | "y" | "yes" | "on" | "enable" | "enabled" | "1" => Some(true),
        "false" | "f" | "n" | "no" | "off" | "disable" | "disabled" | "0" => Some(false),
        _ => None,
    }
}

/// What is refused of an `IN` array literal whose arrays hold a `NULL` (see [`Tr::in_nulls`]).
const ARRAY_NULL_NOT_RUN: &str = "x IN [array literal] with a NULL inside an array in it but beside an array of elements that are not Nullable";

/// What is refused of an array beside a set of arrays whose elements ClickHouse converts.
const NESTED_TUPLE_IN_NOT_RUN: &str = "a tuple holding a tuple on the left of IN";
const CONVERTED_ARRAYS_NOT_RUN: &str = "an array IN a set of arrays of elements of another kind than the left array's (converted to its type, convertFieldToTypeStrict)";

/// What is refused of an array beside an array literal of its depth, the set of that one
/// array (see [`Tr::one_array_set`]).
const ONE_ARRAY_NOT_RUN: &str = "x IN [array literal] of the left array's depth (the set of that one array) other than of strings beside strings or integers beside integers, one level deep, without NULL";

/// Refused: an answered time SQLite holds as a float, having moved it past its integers.
pub(super) const TIME_PAST_INTEGERS: &str =
    "a time moved by an interval whose milliseconds or months pass 64 bits, or by months past the year 9999";

/// Refused: a time moved or converted outside its type's range (see [`Ty::in_range`]).
pub(super) const TIME_RANGE_NOT_RUN: &str = "a time moved or converted outside its type's range (a Date 1970-01-01 to 2149-06-06, a DateTime 1970-01-01 00:00:00 to 2106-02-07 06:28:15, a DateTime64 1900-01-01 to 2299-12-31 23:59:59.999999999), which ClickHouse wraps round, holds at an end or leaves past its calendar's table";

/// What [`Ty::inexact_integer`] refuses.
pub(super) const INEXACT_INTEGER: &str =
    "integer arithmetic past 64 bits, or an integer past 2^53 held as a float";

/// A float as Go's encoder writes a `float64` (upstream's answers): a whole one without a
/// fraction (`2`, not `2.0`).
pub(super) fn go_float(f: f64) -> Value {
    // (Go writes a negative zero `-0`, the same number as `-0.0`.)
    if f == 0.0 && f.is_sign_negative() {
        return json!(f);
    }
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9e15 {
        json!(f as i64)
    } else {
        json!(f)
    }
}

/// The floats of an answered JSON value (an array's elements, at any depth) as [`go_float`]
/// writes them.
pub(super) fn go_numbers(v: Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.into_iter().map(go_numbers).collect()),
        // (A tuple of an answered array, see `Tr::answered_tuple_element`.)
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, go_numbers(v))).collect()),
        Value::Number(n) if n.is_f64() => go_float(n.as_f64().unwrap_or_default()),
        other => other,
    }
}

/// The type of a public table's column.
pub(super) fn column_ty(table: &str, column: &str) -> Ty {
    let rollup = table.contains("_per_");
    match column {
        "time"
            if rollup && (table.ends_with("_per_day_v1") || table.ends_with("_per_month_v1")) =>
        {
            Ty::Date
        }
        "time" if rollup => Ty::DateTime,
        "tags" => Ty::Array(ArrayLeaf::of(Ty::Str, 1)),
        "passed" if !rollup => Ty::Bool,
        "latency" => Ty::Float,
        // (`ratelimits_raw_v2`'s `UInt64`s; every other integer column is an `Int64`, the
        // rollups' `SimpleAggregateFunction(sum, Int64)` too.)
        super::LIMIT_COLUMN | "remaining" | "tokens" => Ty::Int(IntTy::U64),
        "time" | "spent_credits" | "count" | "passed" | "total" | "total_tokens"
        | "passed_tokens" | "reset_at" => Ty::Int(IntTy::I64),
        _ => Ty::Str,
    }
}

/// A public table's columns (in the order its CTE answers them) and their types.
pub(super) fn table_columns(dataset: Dataset, table: &str) -> Vec<(String, Ty)> {
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
pub(super) fn star(scope: &[Src], only: Option<&str>) -> Vec<(String, String, Ty)> {
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
            let name = if bare_is_own(scope, src, &lower) && seen.insert(lower) {
                col.clone()
            } else {
                format!("{}.{col}", src.name)
            };
            out.push((sql, name, *ty));
        }
    }
    out
}

/// Whether the bare name of the column `lower` of `src` means that column in `scope`, so a
/// `*` names it without its source (chDB 3.6.0, ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree):
/// a `USING` column is the first source's that holds it; another of one source is its own; of
/// a single join's two sources, the left one's (`single_join_prefer_left_table`); of three
/// sources or more, held by two, none's (`SELECT *` of `a`, `b`, `c` all holding `y` names
/// `a.y`, `b.y`, `c.y`; `b.*` beside `a` names `b.x`).
pub(super) fn bare_is_own(scope: &[Src], src: &Src, lower: &str) -> bool {
    let holds = |s: &Src| s.cols.iter().any(|(n, _)| n.eq_ignore_ascii_case(lower));
    let first = scope.iter().find(|s| holds(s));
    let is_first = first.is_some_and(|f| std::ptr::eq(f, src));
    if scope.iter().any(|s| s.using.iter().any(|u| u == lower)) {
        return is_first;
    }
    match scope.iter().filter(|s| holds(s)).count() {
        0 | 1 => true,
        2 if scope.len() == 2 => is_first,
        _ => false,
    }
}

/// The names and types of the columns a `*` (or `q.*`) answers: [`star`]'s, or, when SQLite's
/// own `*` answers, every source's columns as SQLite lists them (a `USING` column once).
pub(super) fn star_columns(scope: &[Src], only: Option<&str>) -> Vec<(String, Ty)> {
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

/// Whether a `Decimal` of seconds ([`Ty::Decimal`]) meets a string (compared, in an `IN`
/// list): ClickHouse reads the string as a decimal of its type, which is not done here
/// ([`DECIMAL_TEXT`]).
pub(super) fn decimal_meets_text(a: Ty, b: Ty) -> bool {
    matches!((a, b), (Ty::Decimal, Ty::Str) | (Ty::Str, Ty::Decimal))
}

/// Whether a number (an integer, float or `Bool`, or a `Decimal`) meets a time of `a` and
/// `b` where ClickHouse compares them as two numbers (FunctionsComparison's
/// getReturnTypeImpl: both are represented by a number; DecimalComparison's
/// allowDecimalComparison for a `DateTime64` or a `Decimal`), see [`compared`]. A `Date`
/// with a number is not compared there ("Do not allow to compare date and number"), nor a
/// `Decimal` with a `DateTime` (allowDecimalComparison takes integers and floats only):
/// ILLEGAL_TYPE_OF_ARGUMENT, upstream's "Invalid analytics query". A side whose type is not
/// known here next to a time is not run.
pub(super) fn number_meets_time(a: Ty, b: Ty) -> Result<bool, ApiError> {
    let number = |t: Ty| matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal);
    match (a, b) {
        (t, n) | (n, t) if t.is_time() && number(n) => match (t, n) {
            (Ty::Date, _) | (Ty::DateTime, Ty::Decimal) => {
                Err(query_error("Invalid analytics query"))
            }
            _ => Ok(true),
        },
        (t, Ty::Unknown) | (Ty::Unknown, t) if t.is_time() => Err(unsupported(
            "a comparison of a time with an expression whose type it cannot tell",
        )),
        _ => Ok(false),
    }
}

/// The SQL of `l op r` (a comparison) of sides of types `lt` and `rt`: where a number meets a
/// time ([`number_meets_time`]), a `DateTime` is its Unix seconds (rounded down from the ms it
/// is held as) and the number against a `DateTime64` is seconds (so in ms, times 1000, which
/// keeps a time's µs exact; a `Decimal` is held as seconds too).
pub(super) fn compared(l: &str, lt: Ty, op: &str, r: &str, rt: Ty) -> String {
    let side = |sql: &str, t: Ty, other: Ty| match (t, other) {
        (Ty::DateTime, _) => floor_div_sql(sql, 1000),
        (Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal, Ty::DateTime64(_)) => {
            format!("(({sql}) * 1000)")
        }
        _ => format!("({sql})"),
    };
    format!("{} {op} {}", side(l, lt, rt), side(r, rt, lt))
}

/// A string literal `text` compared with a time of type `ty` ([`Tr::check_operands`]), as the
/// SQL of that time: ClickHouse's comparison with a constant string converts it to the other
/// side's type (FunctionsComparison.h executeWithConstString; an `IN` list's elements through
/// convertFieldToTypeStrict), by the type's deserializeWholeText under default format
/// settings (src/Interpreters/convertFieldToType.cpp), that is [`read_time_text`] (its test
/// 01311_comparison_with_constant_string: `toDateTime('2020-06-13 01:02:03') =
/// '2020-06-13T01:02:03'` is 1). Text left after the time (`'2026-12-01T00:00:00Z'`, a time
/// of day after a `Date`, a fraction after a `DateTime`) is the type's
/// UNEXPECTED_DATA_AFTER_PARSED_VALUE, which convertFieldToType throws as TYPE_MISMATCH
/// "Cannot convert string … to type …", upstream's "Invalid analytics query"; a text the
/// reader refuses is its "Cannot parse …", upstream's "Invalid SQL syntax" (errors.go,
/// "cannot parse").
fn time_text(text: &str, ty: Ty) -> Result<String, ApiError> {
    time_text_micros(text, ty).map(micros_sql)
}

/// A string literal compared with a time of type `ty` of the time zone named `zone` (a
/// `DateTime('zone')`, see [`Tr::zoned_value`]), as the SQL of that time: the type's
/// serialization reads the text in its zone (SerializationDateTime's readDateTimeText with
/// the type's DateLUT, so a date and time of day are the zone's wall clock, DateLUTImpl's
/// makeDateTime, [`zone_wall_time`]; a Unix time is an instant). Otherwise as [`time_text`];
/// a wall time that is not read here, or whose instant is before 1970 or past the
/// `UInt32` of a `DateTime` (1970-01-01 of a zone east of UTC), is not run.
fn zoned_time_text(text: &str, ty: Ty, zone: Option<&str>) -> Result<String, ApiError> {
    let Some(zone) = zone.filter(|_| matches!(ty, Ty::DateTime | Ty::DateTime64(_))) else {
        return time_text(text, ty);
    };
    let us = time_text_micros(text, ty)?;
    text_in_zone(text, us, zone).map(micros_sql)
}

/// The time `text` reads as where [`read_time_text`] read it as the Unix µs `us` (UTC), read
/// in the zone named `zone` instead, in Unix µs: a date and time of day are the zone's wall
/// clock ([`zone_wall_time`]), a Unix time the instant it is. A wall time not read there, or
/// whose instant is before 1970 or past the `UInt32` of a `DateTime` (1970-01-01 of a zone
/// east of UTC), is not run.
pub(super) fn text_in_zone(text: &str, us: i64, zone: &str) -> Result<i64, ApiError> {
    let s = text.as_bytes();
    let unix = s.len() < 19 && s.iter().take_while(|c| c.is_ascii_digit()).count() > 4;
    if unix {
        return Ok(us);
    }
    let not_run = || unsupported("a text read as a DateTime of a time zone at this time");
    let (wall, fraction) = (us.div_euclid(1_000_000), us.rem_euclid(1_000_000));
    let secs = zone_wall_time(zone, wall)
        .filter(|t| wall > 0 && (0..=4_294_967_295).contains(t))
        .ok_or_else(not_run)?;
    Ok(secs * 1_000_000 + fraction)
}

/// The time a string compared with a time of type `ty` is read as ([`time_text`]), in Unix µs
/// (cut to a `DateTime64`'s scale).
pub(super) fn time_text_micros(text: &str, ty: Ty) -> Result<i64, ApiError> {
    match read_time_text(text, ty) {
        TimeText::Read(us, end, _) if end == text.len() => Ok(match ty {
            Ty::DateTime64(p) => scale_micros(us, Some(i64::from(p))),
            _ => us,
        }),
        TimeText::Read(..) => Err(query_error("Invalid analytics query")),
        // (Taken round the `UInt32`.)
        TimeText::PastDateTime(secs, end) if end == text.len() => {
            Ok((secs & 4_294_967_295) * 1_000_000)
        }
        TimeText::PastDateTime(..) => Err(query_error("Invalid analytics query")),
        TimeText::CannotParse => Err(query_error("Invalid SQL syntax")),
        TimeText::NotRun => Err(unsupported("a time compared with a string of this form")),
    }
}

/// A string literal converted by `toDate`, `toDateTime` or `toDateTime64` (the type `ty`)
/// as ClickHouse 25.6 converts it (src/Functions/FunctionsConversion.cpp,
/// ConvertThroughParsing: parseImpl's readDateText/readDateTimeText, readDateTime64Text, that
/// is [`read_time_text`], then isAllRead): the time in Unix µs, or `None` where ClickHouse
/// refuses the text, its "Cannot parse …" or, for text left after the time,
/// CANNOT_PARSE_TEXT "Cannot parse string … syntax error at position …" (both upstream's
/// "Invalid SQL syntax"). `toDate` also takes a time of day after its date where the text is
/// 19 bytes long, or longer with `.` at its 20th and digits to its end (isAllRead's "special
/// case").
pub(super) fn converted_time_text(text: &str, ty: Ty) -> Result<Option<i64>, ApiError> {
    let s = text.as_bytes();
    match read_time_text(text, ty) {
        TimeText::Read(us, end, _) => {
            let time_of_day = ty == Ty::Date
                && matches!(s.get(end), Some(b' ' | b'T'))
                && (s.len() == 19
                    || s.len() >= 21
                        && s.get(19) == Some(&b'.')
                        && s.get(20..)
                            .is_some_and(|f| f.iter().all(u8::is_ascii_digit)));
            Ok((end == s.len() || time_of_day).then_some(us))
        }
        // (Held at the `UInt32`'s end.)
        TimeText::PastDateTime(_, end) => Ok((end == s.len()).then_some(4_294_967_295 * 1_000_000)),
        TimeText::CannotParse => Ok(None),
        TimeText::NotRun => Err(unsupported("a time converted from a string of this form")),
    }
}

/// The SQL of a time `sql` of type `t` (Unix ms) in the unit an `IN` list of `t` holds its
/// elements in ([`Tr::number_time_in`]): days of a `Date`, seconds of a `DateTime`, the ms of
/// a `DateTime64` as they are.
pub(super) fn time_in_unit(sql: &str, t: Ty) -> String {
    match t {
        Ty::Date => floor_div_sql(sql, 86_400_000),
        Ty::DateTime => floor_div_sql(sql, 1000),
        _ => format!("({sql})"),
    }
}

/// A string literal compared with a number, a `Bool` or a time ([`Tr::check_operands`],
/// [`Tr::time_literals`]), written as the value it is read as: over what is written already
/// for it (found by `starts`, each token's place in `out`), or kept in `numbers` for when it
/// is reached.
pub(super) fn literal_number(
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

/// The types [`Tr::expr_ty`] and [`Tr::leaf_element_ty`] found while one of them runs: each
/// subexpression's, once, by its tokens, its scope and the aliases being typed
/// ([`Tr::typing_alias`]). An expression's type is found from its parts', so without it a
/// nesting of arrays, `CASE`s or calls is typed again for every level above it (exponential
/// time in the depth). It holds only while a typing call runs: between them the translation
/// changes what types are read from, and it is cleared.
#[derive(Default)]
pub(super) struct TypeMemo {
    /// How many typing calls are running.
    depth: usize,
    /// The aliases being typed: a number of their own for each (0 for none).
    frame: u64,
    /// The numbers given so far.
    frames: u64,
    expr: std::collections::HashMap<MemoKey, Ty>,
    leaf: std::collections::HashMap<MemoKey, Option<Ty>>,
    /// Whether each expression is `Nullable` ([`Tr::expr_nullable`]).
    nullable: std::collections::HashMap<MemoKey, bool>,
}

/// An expression's tokens `[a, b)`, its scope (where and how long) and its alias frame.
type MemoKey = (usize, usize, usize, usize, u64);

impl<'t> Tr<'t> {
    /// The memo's key of `[a, b)` in `scope` (see [`TypeMemo`]).
    fn memo_key(&self, a: usize, b: usize, scope: &[Src]) -> MemoKey {
        let frame = self.memo.borrow().frame;
        (a, b, scope.as_ptr() as usize, scope.len(), frame)
    }

    /// Runs `typed` as one typing call (see [`TypeMemo`]): the memo is cleared when the
    /// outermost one ends.
    fn memo_call<T>(&self, typed: impl FnOnce() -> T) -> T {
        self.memo.borrow_mut().depth += 1;
        let t = typed();
        let mut memo = self.memo.borrow_mut();
        memo.depth = memo.depth.saturating_sub(1);
        if memo.depth == 0 {
            memo.expr.clear();
            memo.leaf.clear();
            memo.nullable.clear();
        }
        t
    }

    /// Runs `typed` with the alias `name` being typed (pushed on `typing`, with an alias
    /// frame of its own in the memo).
    pub(super) fn typing_alias<T>(&self, name: String, typed: impl FnOnce() -> T) -> T {
        self.typing.borrow_mut().push(name);
        let outer = {
            let mut memo = self.memo.borrow_mut();
            memo.frames += 1;
            let outer = memo.frame;
            memo.frame = memo.frames;
            outer
        };
        let t = self.memo_call(typed);
        self.memo.borrow_mut().frame = outer;
        self.typing.borrow_mut().pop();
        t
    }
}

impl<'t> Tr<'t> {
    /// The binary `±` at `k` (before `b`) with a date or time on a side, as ClickHouse's
    /// arithmetic takes it (FunctionBinaryArithmetic's getFunctionForIntervalArithmetic; its
    /// tests 01099_operators_date_and_timestamp and 02156_minus_op_with_datatime64): a number
    /// added to a time, or subtracted from one, moves it by whole days of a `Date` and whole
    /// seconds of a `DateTime` or `DateTime64` (`addDays`/`addSeconds`, which cut a fraction
    /// off, a `Date`'s days wrapping round its `UInt16`, a `DateTime`'s seconds wrapping
    /// round its `UInt32`); a time less a time of its type is their distance, an `Int32` of days or seconds,
    /// and with a `DateTime64` a `Decimal` of seconds ([`Ty::Decimal`]). Any other mix (a
    /// number less a time, a sum of times, a `Date` and a `DateTime`, a string) is
    /// ILLEGAL_TYPE_OF_ARGUMENT, upstream's "Invalid analytics query". Pushes the SQL and
    /// returns where to go on; `None` when no side is a time (or a side's type is not known, or
    /// intervals, which [`Tr::interval_term`] applies).
    pub(super) fn time_arithmetic(
        &mut self,
        k: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
    ) -> Result<Option<usize>, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let left = self.expr_ty(self.left_operand_start(k), k, &scope);
        let end = self.term_end(k + 1, b);
        // A scalar subquery after it is translated ahead to tell its type: a number or a time
        // is taken as any other; its intervals (whose kind its column holds) are not run.
        let scalar = self.toks.get(k + 1) == Some(&Tok::Sym("("))
            && matches!(self.word(k + 2).as_str(), "SELECT" | "WITH")
            && closing(self.toks, k + 1) == Some(end - 1);
        if scalar && left.is_time() {
            self.type_scalars(k + 1, end)?;
            if matches!(self.scalar_types.get(&(k + 1)), None | Some(Ty::Unknown)) {
                return Err(unsupported(
                    "a time plus or minus a scalar subquery of a type not told here",
                ));
            }
        }
        let right = self.expr_ty(k + 1, end, &scope);
        if left.held_in_ns() || right.held_in_ns() {
            return Err(unsupported("arithmetic of a DateTime64 of scale 7 to 9"));
        }
        // A scalar subquery of one interval: the time moved by its count (one value, so no
        // conversion of it varies), as `± INTERVAL` moves it ([`Tr::check_moved`] types it).
        if scalar && left.is_time() && right == Ty::Interval {
            let Some(Intervals::One(kind, step, _)) = self.scalar_intervals.get(&(k + 1)).cloned()
            else {
                return Err(unsupported(
                    "a time plus or minus a scalar subquery of intervals of several kinds",
                ));
            };
            let start = self.left_operand_start(k);
            let v = Intervals::One(kind.clone(), step, String::new());
            self.check_moved((start, k), &v, (start, end))?;
            let count = format!("({})", self.scalar(k + 1, end - 1)?);
            let sign = if self.toks.get(k) == Some(&Tok::Sym("-")) {
                "-"
            } else {
                ""
            };
            let at = st.chains.last().copied().unwrap_or(0).min(out.len());
            let time = out.split_off(at).join(" ");
            out.push(Intervals::One(kind, step, format!("{sign}{count}")).applied(&time, left));
            return Ok(Some(end));
        }
        let untold = |t: Ty| matches!(t, Ty::Unknown | Ty::Interval);
        let minus = self.toks.get(k) == Some(&Tok::Sym("-"));
        // A `Decimal` of seconds held as a float ([`Ty::Decimal`]) plus or minus an integer or
        // another: ClickHouse's decimal sum (a `Decimal` of the larger scale), of their µs
        // (`ch_decimal_add`).
        let integer = |t: Ty| matches!(t, Ty::Int(_) | Ty::Bool);
        if matches!(
            (left, right),
            (Ty::Decimal, Ty::Decimal) | (Ty::Decimal, Ty::Int(_) | Ty::Bool)
        ) || integer(left) && right == Ty::Decimal
        {
            let term = self.expression_with(k + 1, end, st.array_join.clone())?;
            let at = st.chains.last().copied().unwrap_or(0).min(out.len());
            let left_sql = out.split_off(at).join(" ");
            let sign = if minus { -1 } else { 1 };
            out.push(format!("ch_decimal_add({left_sql}, {term}, {sign})"));
            return Ok(Some(end));
        }
        if !left.is_time() && !right.is_time() || untold(left) || untold(right) {
            return Ok(None);
        }
        let number = |t: Ty| matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool);
        // (A `DateTime64` keeps its µs, see [`micros`].)
        let whole = |t: Ty, sql: &str| match t {
            Ty::Date => floor_div_sql(sql, 86_400_000),
            Ty::DateTime => floor_div_sql(sql, 1000),
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
            // result as the type holds it: a `Date` wrapped round its UInt16 days (addDays;
            // ClickHouse 25.5.2 and 25.8.2 (chDB) agree), a `DateTime` round its UInt32
            // seconds (addSeconds wraps).
            (Some(t), _) => {
                let (time, count) = if left.is_time() {
                    (left_sql, term)
                } else {
                    (term, left_sql)
                };
                let sign = if minus { "-" } else { "+" };
                let sum = format!("{} {sign} CAST(({count}) AS INTEGER)", whole(t, &time));
                match t {
                    // (Each side within 16 bits, so no sum overflows here.)
                    Ty::Date => format!(
                        "((({} {sign} ch_date_days({count})) & 65535) * 86400000)",
                        whole(t, &time)
                    ),
                    Ty::DateTime => format!("((({sum}) & 4294967295) * 1000)"),
                    // (A `DateTime64`'s `addSeconds` is its ticks' sum, left unchecked.)
                    _ => t.in_range(&format!(
                        "({} {sign} CAST(({count}) AS INTEGER) * 1000)",
                        whole(t, &time)
                    )),
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
                    "ch_decimal_minus({}, {})",
                    ms(left, &left_sql),
                    ms(right, &term)
                )
            }
        };
        out.push(sql);
        Ok(Some(end))
    }

    /// The comparison at `k` (`=`, `!=`, `<`, …, before `b`) where a number meets a time, as
    /// ClickHouse compares them ([`number_meets_time`], [`compared`]): the left side's SQL is
    /// taken back from `out` (from where its first token's starts, see `starts`), the right
    /// side's translated, and the comparison pushed. Returns where to go on; `None` when no
    /// number meets a time there.
    pub(super) fn number_time_comparison(
        &mut self,
        k: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<Option<usize>, ApiError> {
        let op = match self.toks.get(k) {
            Some(Tok::Sym("==")) => "=",
            Some(Tok::Sym(op @ ("=" | "!=" | "<>" | "<" | ">" | "<=" | ">="))) => op,
            _ => return Ok(None),
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let left = self.comparison_left(k);
        let end = self.comparison_right_end(k + 1, b);
        self.type_scalars(k + 1, end)?;
        let (lt, rt) = (
            self.expr_ty(left, k, &scope),
            self.expr_ty(k + 1, end, &scope),
        );
        // (A `DateTime64` of ns against another type, see [`Tr::nanos_sides`].)
        if self.nanos_sides((left, k, end), lt, rt)? {
            let l = self.taken_back(left, out, starts)?;
            let r = self.expression_with(k + 1, end, st.array_join.clone())?;
            out.push(format!(
                "{} {op} {}",
                nanos_side(&l, lt),
                nanos_side(&r, rt)
            ));
            return Ok(Some(end));
        }
        // Arrays equal as their JSON texts, of which one built here (`groupArray`,
        // `arrayFilter`) carries [`ARRAY_MARK`]: `ch_array` leaves it out (before, `groupArray(x)
        // = ['a']` was never equal).
        if matches!(op, "=" | "!=" | "<>") && lt.is_array() && rt.is_array() {
            let l = self.taken_back(left, out, starts)?;
            let r = self.expression_with(k + 1, end, st.array_join.clone())?;
            out.push(format!("ch_array({l}) {op} ch_array({r})"));
            return Ok(Some(end));
        }
        // Tuples are compared as SQLite's row values, an array in them as its text, of which
        // one the query builds carries [`ARRAY_MARK`] and a literal not.
        let tuples = [(left, k), (k + 1, end)].map(|(a, b)| self.tuple_elements(a, b));
        if tuples.iter().all(Option::is_some)
            && tuples
                .iter()
                .flatten()
                .flatten()
                .any(|&(s, e)| self.marked_array(s, e, &scope))
        {
            return Err(unsupported(
                "a tuple holding an array built by the query (groupArray, arrayFilter, a subquery's column) compared with another tuple",
            ));
        }
        // Arrays ordered as ClickHouse orders them ([`Ty::arrays_ordered`]).
        if matches!(op, "<" | ">" | "<=" | ">=") && Ty::arrays_ordered(lt, rt)? {
            let l = self.taken_back(left, out, starts)?;
            let r = self.expression_with(k + 1, end, st.array_join.clone())?;
            out.push(format!("ch_array_order({l}) {op} ch_array_order({r})"));
            return Ok(Some(end));
        }
        // A join's key (an `ON` equality of a column of each side) takes the sides' common
        // type (TableJoin's inferJoinKeyCommonType: "Can't infer common type for joined
        // columns", TYPE_MISMATCH); another condition across the sides there is not run.
        // (So do numbers without one, [`Ty::check_common`]: a `UInt64` and a signed integer.)
        let number = |t: Ty| matches!(t, Ty::Int(_) | Ty::Bool | Ty::Float);
        if number(lt)
            && number(rt)
            && Ty::check_common([lt, rt].into_iter()).is_err()
            && self.join_sides(left, k, end)
        {
            return Err(query_error("Invalid analytics query"));
        }
        // A time against a constant string expression (a literal is read as it is written,
        // [`time_text`]): ClickHouse folds the expression and reads its text so, which
        // `ch_time_of_text` does, once before the query runs too ([`Tr::folded`]).
        let time = |t: Ty| t.is_time() && !t.held_in_ns();
        let text_side = match (lt, rt) {
            (t, Ty::Str) if time(t) && self.constant_expression(k + 1, end) => Some(t),
            (Ty::Str, t) if time(t) && self.constant_expression(left, k) => Some(t),
            _ => None,
        };
        if let Some(t) = text_side {
            let name = self.text_type(left, k, t)?;
            let l = self.taken_back(left, out, starts)?;
            let r = self.expression_with(k + 1, end, st.array_join.clone())?;
            let read = |sql: &str| format!("ch_time_of_text('{name}', {sql})");
            let (l, r, text) = match rt {
                Ty::Str => (format!("({l})"), read(&r), read(&r)),
                _ => (read(&l), format!("({r})"), read(&l)),
            };
            out.push(format!("{l} {op} {r}"));
            self.fold(text, k, FoldStage::Analysis);
            return Ok(Some(end));
        }
        // A `DateTime` of a zone against a `Date`: their common type is that `DateTime`
        // (getLeastSupertype takes the first `DateTime` type, its zone with it; comparing a
        // date and a time goes through executeGeneric's cast), so the `Date` is its day's start
        // in the zone (ToDateTimeImpl, `ch_zone_day`).
        let zoned_date = match (lt, rt) {
            (Ty::DateTime, Ty::Date) => self.value_zone(left, k).map(|z| (false, z)),
            (Ty::Date, Ty::DateTime) => self.value_zone(k + 1, end).map(|z| (true, z)),
            _ => None,
        };
        if let Some((date_left, zone)) = zoned_date {
            if self.join_sides(left, k, end) {
                return Err(unsupported(
                    "a join condition of a Date and a DateTime of a time zone",
                ));
            }
            let l = self.taken_back(left, out, starts)?;
            let r = self.expression_with(k + 1, end, st.array_join.clone())?;
            let day = |sql: &str| format!("ch_zone_day({sql}, '{}')", zone.replace('\'', "''"));
            let (l, r) = match date_left {
                true => (day(&l), format!("({r})")),
                false => (format!("({l})"), day(&r)),
            };
            out.push(format!("{l} {op} {r}"));
            return Ok(Some(end));
        }
        if !number_meets_time(lt, rt)? {
            return Ok(None);
        }
        // An `ASOF` join's inequality across the sides is its last key, of the sides' common
        // type too (TableJoin's inferJoinKeyCommonType goes over every key of the clause).
        // Any other comparison of a column of each side is a predicate of 25.6's logical join
        // step (PlannerJoinsLogical.cpp; no allow_experimental_join_condition there), but
        // whether it brings an inequality's operands to their common type (JoinStepLogical.cpp
        // addJoinConditionToTableJoin of the JoinInfo sources: NO_COMMON_TYPE here) or only a
        // key's (addJoinPredicatesToTableJoin of the later JoinOperator sources: compared as
        // in `WHERE`) is not settled here for 25.6: not run.
        // Of those, an inequality (`<`, `>`, `<=`, `>=`) that is a term of the `ON`'s `AND`s is
        // NO_COMMON_TYPE ("JOIN cannot infer common type in ON section"), upstream's 400
        // "Invalid analytics query", where no row reaches it too; one under `NOT` or `OR` or by
        // `!=` is compared as in `WHERE` there (not run here): chDB 3.6.0 (ClickHouse 25.5.2)
        // and 3.7.2 (25.8.2) agree.
        if self.join_sides(left, k, end) {
            return Err(match op {
                "=" => query_error("Invalid analytics query"),
                _ if self.in_asof_on(left) => query_error("Invalid analytics query"),
                "<" | ">" | "<=" | ">=" if self.on_conjunct(left, end) => {
                    query_error("Invalid analytics query")
                }
                _ => unsupported("a join condition of a number and a time"),
            });
        }
        let l = self.taken_back(left, out, starts)?;
        let r = self.expression_with(k + 1, end, st.array_join.clone())?;
        out.push(compared(&l, lt, op, &r, rt));
        Ok(Some(end))
    }

    /// The `)` of the list of `x [NOT] IN (…)` at `k` (the `IN`), where it is a parenthesized
    /// list and not a subquery.
    pub(super) fn in_list_close(&self, k: usize) -> Option<usize> {
        if self.toks.get(k + 1) != Some(&Tok::Sym("("))
            || matches!(self.word(k + 2).as_str(), "SELECT" | "WITH")
        {
            return None;
        }
        closing(self.toks, k + 1)
    }

    /// The `AND` that ends the lower bound of the `BETWEEN` at `k` (before `b`): the first
    /// outside parentheses, brackets and `CASE … END`.
    pub(super) fn between_and(&self, k: usize, b: usize) -> Option<usize> {
        let mut depth = 0i64;
        (k + 1..b).find(|j| {
            match self.toks.get(*j) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => depth += 1,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("END") => depth -= 1,
                _ => {}
            }
            depth == 0 && self.word(*j) == "AND"
        })
    }

    /// `x [NOT] BETWEEN lo AND hi` at `k` (the `BETWEEN`, before `b`) where a number meets a
    /// time, or of arrays: ClickHouse's `x >= lo AND x <= hi`, each as [`compared`] (see
    /// [`Tr::number_time_comparison`]) or as arrays are ordered. Returns where to go on, or
    /// `None`.
    pub(super) fn number_time_between(
        &mut self,
        k: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<Option<usize>, ApiError> {
        let not = k.checked_sub(1).is_some_and(|p| self.word(p) == "NOT");
        let x_end = if not { k - 1 } else { k };
        let Some(and) = self.between_and(k, b) else {
            return Ok(None);
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let x = self.comparison_left(x_end);
        let end = self.comparison_right_end(and + 1, b);
        self.type_scalars(k + 1, end)?;
        let xt = self.expr_ty(x, x_end, &scope);
        let (lt, ht) = (
            self.expr_ty(k + 1, and, &scope),
            self.expr_ty(and + 1, end, &scope),
        );
        // Arrays: `x >= lo AND x <= hi` as ClickHouse orders arrays ([`Ty::arrays_ordered`];
        // their JSON text does not order so).
        if Ty::arrays_ordered(xt, lt)? | Ty::arrays_ordered(xt, ht)? {
            if not && out.pop().as_deref() != Some("NOT") {
                return Err(unsupported("this NOT BETWEEN"));
            }
            let x_sql = self.taken_back(x, out, starts)?;
            let lo = self.expression_with(k + 1, and, st.array_join.clone())?;
            let hi = self.expression_with(and + 1, end, st.array_join.clone())?;
            out.push(format!(
                "{}(ch_array_order({x_sql}) >= ch_array_order({lo}) AND ch_array_order({x_sql}) <= ch_array_order({hi}))",
                if not { "NOT " } else { "" },
            ));
            return Ok(Some(end));
        }
        // (Of a `DateTime64` of ns, as [`nanos_meets`] compares.)
        let meets = |a: Ty, b: Ty| match a.held_in_ns() || b.held_in_ns() {
            true => nanos_meets(a, b).map(|_| true),
            false => number_meets_time(a, b),
        };
        let low = meets(xt, lt)?;
        if !(meets(xt, ht)? || low) {
            return Ok(None);
        }
        // (In a join's `ON`, `x >= lo AND x <= hi` across the sides: two predicates, not run
        // as [`Tr::number_time_comparison`] says.)
        let across = |t: Ty| number_meets_time(xt, t).unwrap_or(false);
        if (across(lt) || across(ht)) && self.join_sides(x, x_end, end) {
            return Err(match !not && self.on_conjunct(x, end) {
                true => query_error("Invalid analytics query"),
                false => unsupported("a join condition of a number and a time"),
            });
        }
        if not && out.pop().as_deref() != Some("NOT") {
            return Err(unsupported("this NOT BETWEEN"));
        }
        let x_sql = self.taken_back(x, out, starts)?;
        let lo = self.expression_with(k + 1, and, st.array_join.clone())?;
        let hi = self.expression_with(and + 1, end, st.array_join.clone())?;
        let side =
            |a: &str, at: Ty, op: &str, b: &str, bt: Ty| match at.held_in_ns() || bt.held_in_ns() {
                true => format!("{} {op} {}", nanos_side(a, at), nanos_side(b, bt)),
                false => compared(a, at, op, b, bt),
            };
        out.push(format!(
            "{}({} AND {})",
            if not { "NOT " } else { "" },
            side(&x_sql, xt, ">=", &lo, lt),
            side(&x_sql, xt, "<=", &hi, ht)
        ));
        Ok(Some(end))
    }

    /// `x [NOT] IN (…)` at `k` (the `IN`, before `b`) with a list where a number meets a time:
    /// ClickHouse builds the set in the left side's type, converting each element
    /// (convertFieldToTypeStrict, as getSetElementsForConstantValue does). A time among the
    /// elements of a number is its Unix seconds (a `DateTime`) or days (a `Date`), and a
    /// `DateTime64` one is TYPE_MISMATCH ("Type mismatch in IN or VALUES section", upstream's
    /// "Invalid analytics query"). An integer among the elements of a time is its seconds (of a
    /// `DateTime` or `DateTime64`) or days (of a `Date`): a negative one is TYPE_MISMATCH with a
    /// `DateTime` and dropped with a `Date`, a float TYPE_MISMATCH; any other element there
    /// (an expression, one past the type's range, which ClickHouse would wrap) is not run. A
    /// time among the elements of a time of another type is converted too (convertFieldToType:
    /// a `DateTime` to a `Date` its day, a `Date` to a `DateTime` its midnight, either to a
    /// `DateTime64` exactly). (With a subquery, see [`Tr::converted_in_subquery`].) Returns
    /// where to go on; `None` when no number meets a time, nor a time one of another type, in
    /// the list.
    pub(super) fn number_time_in(
        &mut self,
        k: usize,
        b: usize,
        st: &Sel,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<Option<usize>, ApiError> {
        if self.toks.get(k + 1) != Some(&Tok::Sym("(")) {
            return Ok(None);
        }
        if matches!(self.word(k + 2).as_str(), "SELECT" | "WITH") {
            return self.converted_in_subquery(k, b, out, starts);
        }
        let Some(close) = self.in_list_close(k).filter(|c| *c < b) else {
            return Ok(None);
        };
        let not = k.checked_sub(1).is_some_and(|p| self.word(p) == "NOT");
        let x_end = if not { k - 1 } else { k };
        let x = self.comparison_left(x_end);
        self.type_scalars(k + 1, close + 1)?;
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let xt = self.expr_ty(x, x_end, &scope);
        let items = self.list_items(k + 2, close);
        let types: Vec<Ty> = items
            .iter()
            .map(|(s, e)| self.expr_ty(*s, *e, &scope))
            .collect();
        if let (Ty::Nanos(p), true) = (xt, self.nanos) {
            let elements = self.nanos_in_elements(p, &items, &types, st)?;
            if not && out.pop().as_deref() != Some("NOT") {
                return Err(unsupported("this NOT IN"));
            }
            let x_sql = self.taken_back(x, out, starts)?;
            out.push(format!(
                "(({x_sql}) {}IN ({}))",
                if not { "NOT " } else { "" },
                elements.join(", ")
            ));
            return Ok(Some(close + 1));
        }
        if std::iter::once(&xt).chain(&types).any(|t| t.held_in_ns()) {
            return Err(unsupported("IN of a DateTime64 of scale 7 to 9"));
        }
        let number = |t: Ty| matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool);
        let text = |(s, e): &(usize, usize)| match self.toks.get(*s..*e) {
            Some([Tok::Str(t)]) => Some(t.clone()),
            _ => None,
        };
        // A `Bool` (`ratelimits_v1.passed`) reads a string element as a comparison reads
        // it (convertFieldToType: SerializationBool's text, see [`bool_text`]).
        // A number literal (`1`, `-2`, `1.5`), and the integer it is where it is one.
        let number_literal = |(s, e): &(usize, usize)| match self.toks.get(*s..*e) {
            Some([Tok::Num(n)] | [Tok::Sym("-"), Tok::Num(n)]) => Some(n.clone()),
            _ => None,
        };
        let integer_literal = |i: &(usize, usize)| {
            let n = number_literal(i)?;
            if n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let v = n.parse::<i128>().ok()?;
            Some(if self.toks.get(i.0) == Some(&Tok::Sym("-")) {
                -v
            } else {
                v
            })
        };
        // The literal `true` or `false`: its digit.
        let bool_literal = |(s, e): &(usize, usize)| match self.toks.get(*s..*e) {
            Some([Tok::Word(w)]) if w.eq_ignore_ascii_case("TRUE") => Some(1),
            Some([Tok::Word(w)]) if w.eq_ignore_ascii_case("FALSE") => Some(0),
            _ => None,
        };
        // (A set's elements are converted to the left side's type, convertFieldToType: a
        // number to a `Bool` whether it is not 0, an integer to a `String` its digits.)
        let meets = if xt == Ty::Bool {
            items.iter().any(|i| {
                text(i).is_some()
                    || number_literal(i).is_some()
                        && !matches!(self.toks.get(i.0..i.1), Some([Tok::Num(n)]) if n == "0" || n == "1")
            })
        } else if xt == Ty::Str {
            items
                .iter()
                .any(|i| number_literal(i).is_some() || bool_literal(i).is_some())
        } else if matches!(xt, Ty::Int(_) | Ty::Float)
            && items.iter().any(|i| text(i).is_some())
            && !types.iter().any(|t| t.is_time())
        {
            true
        } else if xt.is_time() {
            types.iter().any(|t| number(*t) || t.is_time() && *t != xt)
                || items.iter().any(|i| text(i).is_some())
        } else {
            matches!(xt, Ty::Int(_) | Ty::Float) && types.iter().any(|t| t.is_time())
        };
        if !meets {
            return Ok(None);
        }
        // (A text a number cannot read: its error, as [`Tr::check_in_list`] tells it.)
        if matches!(xt, Ty::Int(_) | Ty::Float) {
            self.check_in_texts(k)?;
        }
        // The elements as the left side's type holds them, in the unit it is compared in.
        let mut elements = Vec::new();
        for ((s, e), t) in items.iter().zip(&types) {
            // (A `NULL` is not in a set of a type that cannot hold one.)
            if self.value_ty(*s, *e, &scope).is_none() {
                continue;
            }
            // A time of another type: convertFieldToType's conversions between `Date` and
            // `DateTime` (the day of one, the midnight of the other) and to a `DateTime64`
            // (exact); a `DateTime64` to a `Date`, a `DateTime` or a smaller scale is not run.
            // A text: read as the left side's type, as a comparison reads it.
            if let Some(text) = text(&(*s, *e)).filter(|_| xt.is_time()) {
                // (In the zone of the left side's type, where it has one.)
                let ms = zoned_time_text(&text, xt, self.value_zone(x, x_end).as_deref())?;
                elements.push(match xt {
                    Ty::DateTime64(_) => format!("(({ms}) / 1000.0)"),
                    _ => time_in_unit(&ms, xt),
                });
                continue;
            }
            // A string's set: its texts, and integers as their digits (ClickHouse 25.5.2 and
            // 25.8.2 (chDB) agree: `'1' IN (1, 2)`, `'-1' IN (-1)` are 1; of a float,
            // `'1' IN (1.0)` and `'1000' IN (1e3)` are 0, not run here).
            if xt == Ty::Str {
                if text(&(*s, *e)).is_some() {
                    let sql = self.expression_with(*s, *e, st.array_join.clone())?;
                    elements.push(format!("({sql})"));
                } else if let Some(v) = integer_literal(&(*s, *e)) {
                    elements.push(format!("'{v}'"));
                } else if let Some(v) = bool_literal(&(*s, *e)) {
                    // (`'1' IN (true)` is 1, `'true' IN (true)` 0: ClickHouse 25.5.2 and
                    // 25.8.2 (chDB) agree.)
                    elements.push(format!("'{v}'"));
                } else {
                    return Err(unsupported(
                        "an IN of a string and a number that is not an integer literal",
                    ));
                }
                continue;
            }
            if xt == Ty::Bool {
                if text(&(*s, *e)).is_none() && number_literal(&(*s, *e)).is_some() {
                    // A literal ClickHouse types `UInt8` (0 to 255) keeps its value, so 2 to
                    // 255 meet neither `false` nor `true`; a wider or negative one is `true`
                    // unless 0. (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `true IN (300)`,
                    // `true IN (-1)`, `true IN (256)` are 1, `true IN (5)`, `true IN (255)`,
                    // `false IN (256)` 0; `true IN (0.5)` 0, not run here.)
                    match integer_literal(&(*s, *e)) {
                        Some(v) if (0..=255).contains(&v) => elements.push(v.to_string()),
                        Some(v) => elements.push(u8::from(v != 0).to_string()),
                        None => return Err(unsupported("an IN of a Bool and a float")),
                    }
                    continue;
                }
                match (text(&(*s, *e)), self.toks.get(*s..*e).unwrap_or_default()) {
                    (Some(text), _) => {
                        let read =
                            bool_text(&text).ok_or_else(|| query_error("Invalid SQL syntax"))?;
                        elements.push(u8::from(read).to_string());
                    }
                    (None, [Tok::Num(n)]) if n == "0" || n == "1" => elements.push(n.clone()),
                    (None, _) if *t == Ty::Bool => {
                        let sql = self.expression_with(*s, *e, st.array_join.clone())?;
                        elements.push(format!("({sql})"));
                    }
                    _ => return Err(unsupported("this IN of a Bool and a string")),
                }
                continue;
            }
            // A number's set: a text read as the number's type ([`Tr::check_in_list`] has
            // refused one it cannot read), where SQLite would compare a text with a number
            // as unequal (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `5 IN ('5', '7')`,
            // `1.5 IN ('1.5')` are 1, `1 IN ('300')` of a `UInt8` 0).
            if let Some(text) = text(&(*s, *e)).filter(|_| matches!(xt, Ty::Int(_) | Ty::Float)) {
                match (xt, text.parse::<i128>(), text.parse::<f64>()) {
                    (Ty::Int(_), Ok(v), _) if i64::try_from(v).is_ok() => {
                        elements.push(v.to_string())
                    }
                    (Ty::Int(_), Ok(_), _) => {}
                    (Ty::Float, _, Ok(f)) if f.is_finite() => elements.push(format!("{f:?}")),
                    _ => {
                        return Err(unsupported(
                            "an IN of a number and a string it may not read as one",
                        ))
                    }
                }
                continue;
            }
            if xt.is_time() && t.is_time() {
                let sql = self.expression_with(*s, *e, st.array_join.clone())?;
                elements.push(match (xt, *t) {
                    (Ty::DateTime, Ty::DateTime | Ty::Date) => floor_div_sql(&sql, 1000),
                    (Ty::Date, Ty::Date | Ty::DateTime) => floor_div_sql(&sql, 86_400_000),
                    (Ty::DateTime64(_), Ty::DateTime | Ty::Date) => format!("(({sql}) / 1000.0)"),
                    (Ty::DateTime64(p), Ty::DateTime64(q)) if q <= p => {
                        format!("(({sql}) / 1000.0)")
                    }
                    _ => return Err(unsupported("this IN of times of other types")),
                });
                continue;
            }
            if xt.is_time() {
                let n = match self.toks.get(*s..*e).unwrap_or_default() {
                    [Tok::Num(n)] => n.parse::<i64>().ok(),
                    [Tok::Sym("-"), Tok::Num(n)] => n.parse::<i64>().ok().map(|v| -v),
                    _ => None,
                };
                // (An integer past `Int64`'s range is no float: not run below.)
                let float = matches!(self.toks.get(*s..*e).unwrap_or_default(),
                    [Tok::Num(n)] | [Tok::Sym("-"), Tok::Num(n)]
                        if n.parse::<i64>().is_err() && n.parse::<u128>().is_err());
                match (xt, n) {
                    _ if float => return Err(query_error("Invalid analytics query")),
                    (Ty::DateTime, Some(n)) if n < 0 => {
                        return Err(query_error("Invalid analytics query"))
                    }
                    (Ty::DateTime, Some(n @ 0..=4_294_967_295))
                    | (Ty::Date, Some(n @ 0..=65_535))
                    | (Ty::DateTime64(_), Some(n)) => elements.push(n.to_string()),
                    (Ty::Date, Some(n)) if n < 0 => {}
                    _ => return Err(unsupported("this IN of a time and a number")),
                }
            } else {
                let sql = self.expression_with(*s, *e, st.array_join.clone())?;
                elements.push(match t {
                    Ty::DateTime => floor_div_sql(&sql, 1000),
                    Ty::Date => floor_div_sql(&sql, 86_400_000),
                    Ty::DateTime64(_) => return Err(query_error("Invalid analytics query")),
                    Ty::Int(_) | Ty::Float | Ty::Bool => format!("({sql})"),
                    _ => return Err(unsupported("an IN of a number and a time")),
                });
            }
        }
        if not && out.pop().as_deref() != Some("NOT") {
            return Err(unsupported("this NOT IN"));
        }
        let x_sql = self.taken_back(x, out, starts)?;
        let x_sql = match xt {
            Ty::DateTime => floor_div_sql(&x_sql, 1000),
            Ty::Date => floor_div_sql(&x_sql, 86_400_000),
            Ty::DateTime64(_) => format!("(({x_sql}) / 1000.0)"),
            _ => format!("({x_sql})"),
        };
        out.push(format!(
            "({x_sql} {}IN ({}))",
            if not { "NOT " } else { "" },
            elements.join(", ")
        ));
        Ok(Some(close + 1))
    }

    /// `x [NOT] IN (SELECT …)` at `k` (the `IN`, before `b`) where a number meets a time, or
    /// a time one of another type. ClickHouse builds this set from the subquery's column as it
    /// is (Planner/CollectSets.cpp
    /// addFromSubquery) and converts the left side to its type when it looks a row up
    /// (Set::execute, castColumnAccurateOrNull): a value the conversion cannot hold is `NULL`
    /// there, which is in no set (`IN` 0, `NOT IN` 1). An integer meeting a `DateTime` set is
    /// its seconds if within the `UInt32` (FunctionsConversion.h Transformer, the
    /// `DateTimeAccurateOrNullConvertStrategyAdditions` check), else `NULL`: the set's seconds
    /// are compared with it as they are. Against a `Date` set it is, within the `UInt32` too,
    /// its days up to 65535 and the day of it as a Unix time past that (ToDateTransform32Or64
    /// and its `Signed` form: `from <= DATE_LUT_MAX_DAY_NUM`, in the 24.x sources; UTC). A
    /// time meeting a set of integers is its Unix seconds (a `DateTime`) or days (a `Date`),
    /// `NULL` outside the set's integer type, where no element is. A `DateTime` against a
    /// `Date` set is its day (refused in the `WHERE` of a `SELECT` that reads a table, see
    /// [`Tr::filters_table_rows`]). A `DateTime64` (of a scale up to 6) against a set of
    /// integers, `Date`s or `DateTime`s meets each as a `DateTime64` of it, exactly (the
    /// seconds, the midnight, the second): ClickHouse 25.5.2 and 25.8.2 (chDB) agree that
    /// `toDateTime64('2030-03-31 12:00:00.9', 1) IN (SELECT 1901188800)` is 0 (1 of
    /// `…12:00:00`), and a `DateTime64` of `…12:00:00.5` in no `DateTime` or `Date` set of
    /// that second or day; against a `DateTime64` set of a smaller
    /// scale (of ms or coarser) its value cut toward zero to that scale (a `Decimal`'s
    /// conversion divides; to a scale of 4 or 5 it is not run); the other mixes of times
    /// convert exactly, so SQLite's comparison of their ms is ClickHouse's. Any other meeting
    /// (a float, a
    /// `Bool` or a `Decimal` with a time; an integer with a `DateTime64` set, which CAST
    /// clamps to the type's range rather than making `NULL`, by a path not read here) is left
    /// to [`Tr::check_in_set`], which refuses it as not run. Returns where to go on, or `None`.
    fn converted_in_subquery(
        &mut self,
        k: usize,
        b: usize,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<Option<usize>, ApiError> {
        let Some(close) = closing(self.toks, k + 1).filter(|c| *c < b) else {
            return Ok(None);
        };
        let not = k.checked_sub(1).is_some_and(|p| self.word(p) == "NOT");
        let x_end = if not { k - 1 } else { k };
        let x = self.comparison_left(x_end);
        if x >= x_end {
            return Ok(None);
        }
        self.type_scalars(k + 1, close + 1)?;
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let xt = self.expr_ty(x, x_end, &scope);
        let set = self
            .scalar_types
            .get(&(k + 1))
            .copied()
            .unwrap_or(Ty::Unknown);
        // The left side and the set's element, each as SQL over its value (`None`: not
        // converted here).
        let sides = |x: &str, v: &str| -> Option<(String, String)> {
            Some(match (xt, set) {
                (Ty::Int(_), Ty::DateTime) => (format!("({x})"), floor_div_sql(v, 1000)),
                // (Days up to 65535, else the day of a Unix time; no day is -1.)
                (Ty::Int(_), Ty::Date) => (
                    format!(
                        "(CASE WHEN ({x}) BETWEEN 0 AND 65535 THEN ({x}) WHEN ({x}) BETWEEN 65536 AND 4294967295 THEN {} ELSE -1 END)",
                        floor_div_sql(x, 86_400)
                    ),
                    floor_div_sql(v, 86_400_000),
                ),
                (Ty::DateTime, Ty::Int(_)) => (floor_div_sql(x, 1000), v.to_string()),
                (Ty::Date, Ty::Int(_)) => (floor_div_sql(x, 86_400_000), v.to_string()),
                // (Exactly: the set's value as a `DateTime64`, see below.)
                (Ty::DateTime64(_), Ty::Int(_)) => (x.to_string(), format!("(({v}) * 1000)")),
                // A time of another type: the day of a `DateTime`, and a `DateTime64` as its
                // `toDate`/`toDateTime` make it (the same ConvertImpl), compared in seconds or
                // days; a `DateTime64` to a smaller scale of ms, cut toward zero
                // (DecimalUtils convertDecimals divides).
                (Ty::DateTime, Ty::Date) => (
                    floor_div_sql(x, 86_400_000),
                    floor_div_sql(v, 86_400_000),
                ),
                (Ty::DateTime64(_), Ty::Date | Ty::DateTime) => (x.to_string(), v.to_string()),
                (Ty::DateTime64(p), Ty::DateTime64(q)) if p > q && q <= 3 => {
                    let unit = 10i64.pow(u32::from(3 - q));
                    (
                        format!("(CAST(({x}) / {unit} AS INTEGER) * {unit})"),
                        v.to_string(),
                    )
                }
                _ => return None,
            })
        };
        if matches!((xt, set), (Ty::DateTime64(p), Ty::Int(_) | Ty::Date | Ty::DateTime) if p > 6) {
            return Err(unsupported(
                "IN of a DateTime64 of scale 7 to 9 (or of a scale not settled) and a subquery's integers, Dates or DateTimes",
            ));
        }
        if xt == Ty::DateTime && set == Ty::Date && self.filters_table_rows(k) {
            return Err(unsupported(
                "a DateTime IN a subquery's Dates in the WHERE or PREWHERE of a SELECT that reads a table, where ClickHouse's index analysis compares the Dates' midnights with the table's sort key and its rows with their days",
            ));
        }
        if sides("", "").is_none() {
            if matches!((xt, set), (Ty::DateTime64(p), Ty::DateTime64(q)) if p > q) {
                return Err(unsupported(
                    "IN of a DateTime64 and a subquery's DateTime64 of a smaller scale below the ms",
                ));
            }
            return Ok(None);
        }
        if not && out.pop().as_deref() != Some("NOT") {
            return Err(unsupported("this NOT IN"));
        }
        let x_sql = self.taken_back(x, out, starts)?;
        let inner = self.scalar(k + 1, close)?;
        let (left, element) = sides(&x_sql, "\"v\"").ok_or_else(|| unsupported("this IN"))?;
        // (ClickHouse keeps no `NULL` in a set, transform_null_in being off.)
        out.push(format!(
            "({left} {}IN (WITH \"__ul_in\"(\"v\") AS ({inner}) SELECT {element} FROM \"__ul_in\" WHERE \"v\" IS NOT NULL))",
            if not { "NOT " } else { "" },
        ));
        Ok(Some(close + 1))
    }

    /// Whether `k` stands in the `WHERE` or `PREWHERE` of a `SELECT` whose `FROM` names a public
    /// table (outside the subqueries there). ClickHouse's index analysis reads such a
    /// condition over the table's sort key (KeyCondition) and may skip the table's parts by
    /// a conversion its rows' own evaluation does not make: `time IN (SELECT max(time) FROM
    /// key_verifications_per_day_v1)` over the hourly rollup answers 0 rows in ClickHouse
    /// 25.5.2 and 25.8.2 (chDB), which agree, where the same `IN` in its select list (a
    /// `countIf`) or over a subquery of it counts the day's 29.
    pub(super) fn filters_table_rows(&self, k: usize) -> bool {
        let reads_table = self.scopes.last().is_some_and(|scope| {
            scope
                .iter()
                .any(|src| matches!(src.origin, Origin::Table(_)))
        });
        if !reads_table {
            return false;
        }
        let mut depth = 0usize;
        for p in (0..k).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) => depth = depth.saturating_sub(1),
                Some(Tok::Word(_)) if depth == 0 => match self.word(p).as_str() {
                    "WHERE" | "PREWHERE" => return true,
                    "SELECT" | "FROM" | "JOIN" | "ON" | "USING" | "GROUP" | "HAVING" | "ORDER"
                    | "LIMIT" | "QUALIFY" | "WINDOW" | "WITH" | "BY" => return false,
                    _ => {}
                },
                _ => {}
            }
        }
        false
    }

    /// The type of the value `[a, b)` where values meet in a common type: `None` for a `NULL`
    /// (ClickHouse's `Nullable(Nothing)`, which any type takes), else [`Tr::expr_ty`].
    pub(super) fn value_ty(&self, a: usize, b: usize, scope: &[Src]) -> Option<Ty> {
        match self.toks.get(a..b) {
            Some([Tok::Word(w)]) if w.eq_ignore_ascii_case("NULL") => None,
            _ => Some(self.expr_ty(a, b, scope)),
        }
    }

    /// An array beside `NULL` where values meet (`[[x], NULL]`, `if(c, [1], NULL)`, `CASE`
    /// with such a branch, or one without `ELSE` whose missing branch is `NULL`, `null_too`):
    /// an array cannot be inside `Nullable`, so ClickHouse finds no common type
    /// (NO_COMMON_TYPE, "some of them are Array and some of them are not"), upstream's
    /// "Invalid analytics query"; ClickHouse 25.5.2 and 25.8.2 (chDB) agree (`coalesce` takes
    /// one, not checked here).
    pub(super) fn check_array_beside_null(
        &self,
        values: &[(usize, usize)],
        null_too: bool,
        scope: &[Src],
    ) -> Result<(), ApiError> {
        let types: Vec<Option<Ty>> = values
            .iter()
            .map(|(s, e)| self.value_ty(*s, *e, scope))
            .collect();
        let null = null_too || types.iter().any(Option::is_none);
        if null && types.iter().flatten().any(|t| t.is_array()) {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }

    /// `x [NOT] IN (…)` at `k` (the `IN`) with a list: ClickHouse takes only a constant or a
    /// subquery there (Planner/CollectSets.cpp: "Function 'in' is supported only if second
    /// argument is constant or table expression", UNSUPPORTED_METHOD), so a list that reads a
    /// public table's column (also through `SELECT *` of one), aggregates or calls
    /// `arrayJoin` is upstream's "Invalid analytics query". (A subquery's column of a
    /// constant is left as it was: whether the analyzer takes it as a constant is not read
    /// here.)
    pub(super) fn check_in_constant(&self, k: usize) -> Result<(), ApiError> {
        let Some(close) = self.in_list_close(k) else {
            return Ok(());
        };
        if self.reads_table_column(k + 2, close) || self.aggregates_or_joins(k + 2, close) {
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }

    /// Whether `[a, b)` names a column of a public table (a name not called that resolves to
    /// one).
    pub(super) fn reads_table_column(&self, a: usize, b: usize) -> bool {
        (a..b).any(|p| match self.toks.get(p) {
            Some(Tok::Word(w)) if self.toks.get(p + 1) != Some(&Tok::Sym("(")) => self
                .resolve(w)
                .is_some_and(|(src, _)| self.table_source(src)),
            _ => false,
        })
    }

    /// `x [NOT] IN (…)` at `k` (the `IN`) with a list: see [`Tr::check_in_set`].
    pub(super) fn check_in_list(&self, k: usize) -> Result<(), ApiError> {
        let Some(close) = self.in_list_close(k) else {
            return Ok(());
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        // (A `NULL` is no element of the set, see [`Tr::in_nulls`].)
        let types: Vec<Ty> = self
            .list_items(k + 2, close)
            .into_iter()
            .filter_map(|(s, e)| self.value_ty(s, e, &scope))
            .collect();
        self.check_in_texts(k)?;
        self.check_in_set(k, types.into_iter())
    }

    /// The string elements of the `IN` list at `k` (the `IN`) whose left side is a number.
    pub(super) fn check_in_texts(&self, k: usize) -> Result<(), ApiError> {
        let Some(close) = self.in_list_close(k) else {
            return Ok(());
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        // A string element of a number's set is read as the number's type
        // (convertFieldToType), which fails on a text that is not one: TYPE_MISMATCH ("Cannot
        // convert string 'u1' to type Int8"), upstream's "Invalid analytics query", as a
        // comparison's string is (ClickHouse 25.5.2 and 25.8.2 (chDB) agree: `-1 IN ('u1')`,
        // `1 IN ('1.5')`, `1 IN (' 1')`, `1 IN ('+1')`, `1.5 IN ('x')`; `1 IN ('-1')` of a
        // `UInt8` too, and `1 IN ('')` another error, not run here).
        let (start, end) = self.in_left(k);
        let left = self.expr_ty(start, end, &scope);
        let unsigned = matches!(left, Ty::Int(i) if i.bits > 0 && !i.signed);
        for (s, e) in self.list_items(k + 2, close) {
            let (Ty::Int(_) | Ty::Float, Some([Tok::Str(text)])) = (left, self.toks.get(s..e))
            else {
                continue;
            };
            let digits = text.strip_prefix('-').unwrap_or(text);
            let integer = !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit());
            let read = match left {
                Ty::Float => text.parse::<f64>().is_ok_and(f64::is_finite),
                _ => integer && !(unsigned && text.starts_with('-')),
            };
            if read {
                continue;
            }
            // (Of an empty text, a hexadecimal or binary one, `inf` or `nan`, how ClickHouse
            // reads it is not told here.)
            let lower = text.to_ascii_lowercase();
            if text.is_empty()
                || ["0x", "0b", "-0x", "-0b"]
                    .iter()
                    .any(|p| lower.starts_with(p))
                || lower.contains("inf")
                || lower.contains("nan")
            {
                return Err(unsupported(
                    "an IN of a number and a string it may not read as one",
                ));
            }
            return Err(query_error("Invalid analytics query"));
        }
        Ok(())
    }

    /// `x [NOT] IN (…)` at `k` (the `IN`) with a list (also an array literal's, written as
    /// one by [`rewrite_casts`]) where a `NULL` meets the set. ClickHouse's default
    /// `transform_null_in = 0` builds the set without a `NULL` element, nor a tuple holding
    /// one (SetUtils.cpp createBlockFromCollection), where SQLite's list answers `NULL` for a
    /// value it does not hold (01231_operator_null_in.sql: of `i` 1, NULL, 3, NULL, 5,
    /// `i in (1, 3, NULL)` counts 2 rows and `i not in (1, 3, NULL)` 1): those elements are
    /// left out of the list ([`Tr::skipped_from`]). A set so left empty (or `[]`) answers 0
    /// (`NOT IN` 1), but `NULL` for a `NULL` on the left (FunctionIn takes the default
    /// implementation for `NULL`s, in.cpp), where SQLite's empty list answers 0: that is
    /// written as a `CASE` (returns where to go on). An element that may be `NULL` other than
    /// a `NULL` literal (`CASE` without `ELSE`, a cast to `Nullable`) is not run. A tuple on
    /// the left with a `Nullable` element is read through `coalesce` ([`Tr::nullable_tuple`]),
    /// and against a set left empty is 0 (`NOT IN` 1).
    ///
    /// The set's elements are those of the list but where the list is of the left side's
    /// depth (getSetElementsForConstantValue, `lhs_type_depth == rhs_type_depth`, "(1, 2) in
    /// (1, 2)"): as many values as a tuple on the left has elements, none a tuple, are that
    /// one tuple, which SQLite reads in one more pair of parentheses (returns where to go on);
    /// one parenthesized tuple beside a value on the left, `1 IN ((1, 2))`, is a tuple of
    /// that tuple there, ClickHouse's "Unsupported types for IN"; one array literal beside it,
    /// `1 IN ([1, 2])`, is the set of its elements, written without its brackets.
    pub(super) fn in_nulls(
        &self,
        k: usize,
        st: &mut Sel,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<Option<usize>, ApiError> {
        let Some(close) = self.in_list_close(k) else {
            return Ok(None);
        };
        let array = self.spelled.get(&(k + 1)).is_some_and(|s| s.list);
        let items = self.list_items(k + 2, close);
        if items.is_empty() && !array {
            return Ok(None);
        }
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let (start, end) = self.in_left_value(k);
        let tuple_left = self.tuple_elements(start, end);
        let is_tuple = |(s, e): &(usize, usize)| self.tuple_elements(*s, *e).is_some();
        // (A tuple holding a tuple on the left: ClickHouse's set takes it, 00626_in_syntax's
        // `((1, 2), (3, 4)) in ((1, 2), (3, 4))` and `in (((1, 2), (3, 4)), ((5, 6), (7,
        // 8)))` are 1, where SQLite's row values do not nest.)
        if tuple_left.as_ref().is_some_and(|l| l.iter().any(is_tuple)) {
            return Err(unsupported(NESTED_TUPLE_IN_NOT_RUN));
        }
        let wrap = self.nullable_tuple(tuple_left.as_deref(), &scope)?;
        // The depths of both sides (getCompoundTypeDepth: an array's or a tuple's one more than
        // its (first) element's), where they are told.
        let left_depth = self.set_depth(start, end, &scope);
        let right_depth = match items.as_slice() {
            [] => Some(1),
            &[(s, e)] if !array => self.set_depth(s, e, &scope),
            &[(s, e), ..] => self.set_depth(s, e, &scope).map(|d| d + 1),
        };
        let depths = left_depth.zip(right_depth);
        if let Some((l, r)) = depths {
            // (Neither one element nor its elements: "Unsupported types for IN",
            // ILLEGAL_TYPE_OF_ARGUMENT, upstream's "Invalid analytics query".)
            if r != l && r != l + 1 {
                return Err(query_error("Invalid analytics query"));
            }
            // (One parenthesized tuple beside a value on the left, `1 IN ((1, 2))`: ClickHouse
            // reads the list as a tuple of that tuple, `Tuple(Tuple(UInt8, UInt8))`, two levels
            // deeper than the value, "Unsupported types for IN" (ClickHouse 25.5.2 and 25.8.2
            // (chDB) agree).)
            let one_tuple_item = matches!(items.as_slice(), [item] if is_tuple(item));
            if l == 0 && tuple_left.is_none() && !array && one_tuple_item {
                return Err(query_error("Invalid analytics query"));
            }
            // (A tuple of the array's depth beside an array, `tags IN ('t1', 't2')`: the set
            // of that one tuple, which convertFieldToType has no case to convert to an
            // array type, TYPE_MISMATCH "Type mismatch in IN or VALUES section".)
            if r == l && l > 0 && !array && items.len() > 1 && tuple_left.is_none() {
                return Err(query_error("Invalid analytics query"));
            }
            // (An array literal of the array's depth beside an array, `tags IN ['t1']`: the
            // set of that one array, [`Tr::one_array_set`].)
            if r == l && l > 0 && array {
                if l == 1 && tuple_left.is_none() {
                    return self.one_array_set(k, &items, (start, end), st, out, starts);
                }
                return Err(unsupported(ONE_ARRAY_NOT_RUN));
            }
            // (A tuple as an element of the set beside an array: convertFieldToType has no
            // case to make an array of a tuple, TYPE_MISMATCH; the set's elements are the
            // items, or the one item where it is of the left's depth, or, of one
            // parenthesized item a level deeper, its elements, `tags IN ((['t1'], ['t2']))`.)
            if l > 0 && tuple_left.is_none() && items.iter().any(is_tuple) {
                let single = items.len() == 1 && !array;
                let inner_tuple = || {
                    items.iter().any(|&(s, e)| {
                        self.tuple_elements(s, e)
                            .is_some_and(|elements| elements.iter().any(is_tuple))
                    })
                };
                if single == (r == l) || inner_tuple() {
                    return Err(query_error("Invalid analytics query"));
                }
            }
        }
        // (So too an array in a tuple of the set beside the left tuple's array: the tuples'
        // elements are converted to the left's, `(tags, 1) IN [(['t1'], 1)]`.)
        if let Some(left) = &tuple_left {
            let tuples: Vec<Vec<(usize, usize)>> = match items.iter().any(is_tuple) {
                true => items
                    .iter()
                    .filter_map(|&(s, e)| self.tuple_elements(s, e))
                    .collect(),
                false => vec![items.clone()],
            };
            let converted = tuples.iter().any(|tuple| {
                left.iter().zip(tuple).any(|(&l, &(s, e))| {
                    self.toks.get(s) == Some(&Tok::Sym("["))
                        && self.array_converted(l, (s, e), &scope)
                })
            });
            if converted {
                return Err(unsupported(CONVERTED_ARRAYS_NOT_RUN));
            }
            // (The tuples are compared as SQLite's row values, arrays as their texts, of which
            // one built by the query carries [`ARRAY_MARK`]: only a public table's column or an
            // array literal is run there.)
            if left.iter().any(|&(s, e)| self.marked_array(s, e, &scope)) {
                return Err(unsupported(
                    "a tuple holding an array built by the query (groupArray, arrayFilter, a subquery's column) on the left of IN",
                ));
            }
        }
        let one_tuple = tuple_left.as_ref().is_some_and(|t| {
            t.len() == items.len()
                && !array
                && depths.is_some_and(|(l, r)| l == r)
                && !items.iter().any(is_tuple)
                && !items
                    .iter()
                    .any(|(s, e)| self.expr_ty(*s, *e, &scope) == Ty::Interval)
        });
        // One tuple or array literal of elements beside a value on the left (`1 IN ((1, 2))`,
        // `1 IN ([1, 2])`): its elements are the set's, written without its brackets (an
        // array's once they take their common type).
        let items = match items.as_slice() {
            &[(s, e)] if !array && depths.is_some_and(|(l, r)| r == l + 1) => {
                let elements = match self.toks.get(s) {
                    Some(Tok::Sym("[")) if self.bracket_close(s) == Some(e - 1) => {
                        let elements = self.list_items(s + 1, e - 1);
                        Ty::check_common(
                            elements
                                .iter()
                                .filter_map(|(s, e)| self.value_ty(*s, *e, &scope)),
                        )?;
                        Some((elements, (s + 1, e - 1)))
                    }
                    _ => self.tuple_elements(s, e).map(|elements| {
                        let inner = self.unparenthesized(s, e);
                        (elements, inner)
                    }),
                };
                match elements {
                    Some((elements, (a, b))) => {
                        self.skip(s, a);
                        self.skip(b, e);
                        elements
                    }
                    None => items,
                }
            }
            _ => items,
        };
        let null = |(s, e): (usize, usize)| {
            let (s, e) = self.unparenthesized(s, e);
            matches!(self.toks.get(s..e), Some([Tok::Word(w)]) if w.eq_ignore_ascii_case("NULL"))
        };
        // An array literal of the set holding a `NULL` of its own (`tags IN [['t1', NULL]]`):
        // converted to the left array's type, whose elements are not `Nullable`, it is no
        // value (convertFieldToType: "have_unconvertible_element", `Null`), so no element of
        // the set (createBlockFromCollection skips a `NULL`). Run where the left side is an
        // array, not a tuple, of elements told not to be `Nullable`, one level below the set.
        let holds_null = |(s, e): (usize, usize)| {
            self.toks.get(s) == Some(&Tok::Sym("["))
                && self.bracket_close(s) == Some(e - 1)
                && self.list_items(s + 1, e - 1).into_iter().any(&null)
        };
        if items.iter().any(|el| holds_null(*el)) {
            let left_plain = matches!(
                self.expr_ty(start, end, &scope),
                Ty::Array(Some(leaf)) if !leaf.nullable() && !leaf.is_nothing()
            );
            let shaped = depths.is_some_and(|(l, r)| l == 1 && r == 2);
            if !(left_plain && shaped && tuple_left.is_none()) {
                return Err(unsupported(ARRAY_NULL_NOT_RUN));
            }
        }
        let mut dropped = Vec::new();
        for &(s, e) in &items {
            let elements = self.tuple_elements(s, e).unwrap_or_else(|| vec![(s, e)]);
            if elements.iter().any(|el| null(*el)) || holds_null((s, e)) {
                dropped.push(true);
            } else if elements
                .iter()
                .any(|(s, e)| self.expr_nullable(*s, *e, &scope))
            {
                return Err(unsupported(
                    "an IN element that may be NULL other than a NULL literal",
                ));
            } else {
                dropped.push(false);
            }
        }
        let not = end < k;
        // An array on the left, against array literals: read through `ch_array`, as an
        // equality of arrays is (an array built here carries [`ARRAY_MARK`], a literal not).
        if depths.is_some_and(|(l, _)| l > 0) && tuple_left.is_none() {
            let literal = |&(s, e): &(usize, usize)| {
                self.toks.get(s) == Some(&Tok::Sym("[")) && self.bracket_close(s) == Some(e - 1)
                    || null((s, e))
            };
            if !items.iter().all(literal) {
                return Err(unsupported(
                    "an array IN a set of other than array literals",
                ));
            }
            // (ClickHouse converts each array of the set to the left side's type,
            // convertFieldToTypeStrict: `[1, 2] IN [[1.0, 2]]` is 1, a number beside strings
            // their text. Here the arrays are compared as they are, so elements of another
            // kind than the left side's are not run; integers of other widths hold the same
            // values, and one the left's type cannot hold matches no row either way.)
            if items
                .iter()
                .any(|&item| self.array_converted((start, end), item, &scope))
            {
                return Err(unsupported(CONVERTED_ARRAYS_NOT_RUN));
            }
            self.array_left(start, not, out, starts)?;
        }
        // The list written here: in one more pair of parentheses, or read by `coalesce`.
        let opened = |tr: &Self, st: &mut Sel, out: &mut Vec<String>, open: &str| {
            let close = ")".repeat(open.len());
            if wrap {
                tr.rewrite_left(start, not, out, starts, |left| format!("coalesce({left}"))?;
            }
            tr.check_in_list(k)?;
            out.push("IN".into());
            st.closers.push(if wrap {
                format!("{close}, {})", u8::from(not)).into()
            } else {
                close.into()
            });
            st.chains.push(out.len());
            st.fresh = true;
            out.push(open.into());
            Ok(Some(k + 2))
        };
        // A tuple against a set of no element: 0 (`NOT IN` 1), a `NULL` in it or not
        // (Set::execute), as SQLite's row value against an empty subquery of as many columns.
        let no_element = |out: &mut Vec<String>, n: usize| {
            if not && out.pop().as_deref() != Some("NOT") {
                return Err(unsupported("this NOT IN"));
            }
            let left = self.taken_back(start, out, starts)?;
            out.push(format!(
                "({left} {}IN (SELECT {} WHERE 0))",
                if not { "NOT " } else { "" },
                vec!["NULL"; n].join(", ")
            ));
            Ok(Some(close + 1))
        };
        if one_tuple {
            if dropped.iter().any(|d| *d) {
                return no_element(out, items.len());
            }
            return opened(self, st, out, "((");
        }
        let Some(first_kept) = dropped.iter().position(|d| !d) else {
            if let Some(t) = &tuple_left {
                return no_element(out, t.len());
            }
            if !self.expr_nullable(start, end, &scope) {
                if let Some(&(s, _)) = items.first() {
                    self.skip(s, close);
                }
                return Ok(None);
            }
            if not && out.pop().as_deref() != Some("NOT") {
                return Err(unsupported("this NOT IN"));
            }
            let left = self.taken_back(start, out, starts)?;
            out.push(format!(
                "(CASE WHEN ({left}) IS NULL THEN NULL ELSE {} END)",
                u8::from(not)
            ));
            return Ok(Some(close + 1));
        };
        for (n, (&(s, e), _)) in items
            .iter()
            .zip(&dropped)
            .enumerate()
            .filter(|(_, (_, d))| **d)
        {
            // (Before the first kept element with the comma after it, after it with the
            // comma before.)
            match items.get(n + 1) {
                Some(&(next, _)) if n < first_kept => self.skip(s, next),
                _ => self.skip(s.saturating_sub(1), e),
            }
        }
        if wrap {
            return opened(self, st, out, "(");
        }
        Ok(None)
    }

    /// The array on the left of `[NOT] IN` (from `start`), taken back from `out` and written
    /// again through `ch_array` (as an equality of arrays reads it), with its `NOT` after it.
    fn array_left(
        &self,
        start: usize,
        not: bool,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<(), ApiError> {
        self.rewrite_left(start, not, out, starts, |left| format!("ch_array({left})"))
    }

    /// The left side of `[NOT] IN` (from `start`), taken back from `out` and written again as
    /// `write` makes it, with its `NOT` (which `out` holds after it) after it again.
    fn rewrite_left(
        &self,
        start: usize,
        not: bool,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
        write: impl FnOnce(&str) -> String,
    ) -> Result<(), ApiError> {
        if not && out.pop().as_deref() != Some("NOT") {
            return Err(unsupported("this NOT IN"));
        }
        let left = self.taken_back(start, out, starts)?;
        out.push(write(&left));
        if not {
            out.push("NOT".into());
        }
        Ok(())
    }

    /// Whether `[s, e)` is an array the query builds (`groupArray`, `arrayFilter`, a subquery's
    /// column), whose text carries [`ARRAY_MARK`]; a public table's column and an array literal
    /// do not.
    fn marked_array(&self, s: usize, e: usize, scope: &[Src]) -> bool {
        self.expr_ty(s, e, scope).is_array()
            && !(e == s + 1 && self.reads_table_column(s, e))
            && !(self.toks.get(s) == Some(&Tok::Sym("[")) && self.bracket_close(s) == Some(e - 1))
    }

    /// Whether the array `item` of an `IN` set beside the array `left` is of another kind of
    /// element than the left's, which ClickHouse converts to the left's type
    /// (convertFieldToTypeStrict: `[1, 2] IN [[1.0, 2]]` is 1, a number beside strings its
    /// text), where both are told. Here the arrays are compared as they are, so that is not
    /// run; integers of other widths hold the same values, and one the left's type cannot
    /// hold matches no row either way.
    fn array_converted(&self, left: (usize, usize), item: (usize, usize), scope: &[Src]) -> bool {
        let leaf = |(s, e): (usize, usize)| self.leaf_element_ty(s, e, scope);
        match (leaf(left), leaf(item)) {
            (Some(a), Some(b)) => {
                a != Ty::Unknown
                    && b != Ty::Unknown
                    && a != b
                    && !matches!((a, b), (Ty::Int(_), Ty::Int(_)))
            }
            _ => false,
        }
    }

    /// `arr [NOT] IN [a, b]` at `k` (the `IN`; the list of `items`) where
    /// the array literal is of the depth of `arr` (`left`), one array of values: ClickHouse's
    /// set is then that one array (getSetElementsForConstantValue, `lhs_type_depth ==
    /// rhs_type_depth`, "1 in 1"), converted to the left side's type (convertFieldToTypeStrict,
    /// element by element), so `tags IN ['t1']` is `tags = ['t1']` and `tags IN []` is `tags =
    /// []`. Written as `ch_array(arr) [NOT] IN (ch_json_array(a, b))`, as an array beside a
    /// set of array literals is. Run where that conversion leaves each element as it is: of
    /// arrays of strings beside strings, and of integers beside integers (one another type
    /// cannot hold is no element of the left side's either, so the set never holds the row's
    /// array). Other elements (a `NULL`, which makes the whole array unconvertible and the set
    /// empty; a float, a time, a string beside numbers) and arrays of arrays are not run.
    fn one_array_set(
        &self,
        k: usize,
        items: &[(usize, usize)],
        (start, end): (usize, usize),
        st: &mut Sel,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<Option<usize>, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let leaf = self.leaf_element_ty(start, end, &scope);
        let kept = items.iter().all(|&(s, e)| {
            !self.expr_nullable(s, e, &scope)
                && matches!(
                    (leaf, self.value_ty(s, e, &scope)),
                    (Some(Ty::Str), Some(Ty::Str)) | (Some(Ty::Int(_)), Some(Ty::Int(_)))
                )
        });
        if !kept || !matches!(leaf, Some(Ty::Str | Ty::Int(_))) {
            return Err(unsupported(ONE_ARRAY_NOT_RUN));
        }
        let not = end < k;
        self.array_left(start, not, out, starts)?;
        out.push("IN".into());
        // (The list's `)` closes the array and the list.)
        st.closers.push("))".into());
        st.chains.push(out.len());
        st.fresh = true;
        out.push("(ch_json_array(".into());
        Ok(Some(k + 2))
    }

    /// The depth of the value `[a, b)` as ClickHouse counts it for the set of an `IN`
    /// (SetUtils.cpp getCompoundTypeDepth): an array's or a tuple's one more than its (first)
    /// element's, 0 of any other; `None` where it is not told (a `NULL`, an unknown type).
    fn set_depth(&self, a: usize, b: usize, scope: &[Src]) -> Option<usize> {
        if let Some(elements) = self.tuple_elements(a, b) {
            let &(s, e) = elements.first()?;
            return self.set_depth(s, e, scope).map(|d| d + 1);
        }
        match self.value_ty(a, b, scope)? {
            Ty::Array(Some(leaf)) => Some(usize::from(leaf.depth())),
            Ty::Array(None) | Ty::Unknown => None,
            _ => Some(0),
        }
    }

    /// Whether `tuple`, the elements of a tuple on the left of `IN`, holds a `Nullable` one:
    /// ClickHouse's set answers 0 (`NOT IN` 1) for a row with a `NULL` there (Set::execute
    /// reads the elements' null maps, "We will check existence in Set only for keys whose
    /// components do not contain any NULL value"; 01231_operator_null_in.sql's
    /// `null_in_tuple`: `t not in ((1, '1'), (NULL, NULL))` holds `(2, NULL)` and `(NULL,
    /// NULL)`), no `NULL` as SQLite's row value answers, so the `IN` is read through
    /// `coalesce(…, 0|1)` (it is 0 or 1 of a row without one, the set holding no `NULL`). A
    /// `NULL` literal there (of `Nullable(Nothing)`, converted to the set's type) is not run.
    fn nullable_tuple(
        &self,
        tuple: Option<&[(usize, usize)]>,
        scope: &[Src],
    ) -> Result<bool, ApiError> {
        let mut nullable = false;
        for &(s, e) in tuple.unwrap_or_default() {
            if self.value_ty(s, e, scope).is_none() {
                return Err(unsupported("a NULL literal in a tuple on the left of IN"));
            }
            nullable |= self.expr_nullable(s, e, scope);
        }
        Ok(nullable)
    }

    /// The set of `x [NOT] IN (SELECT …)` at `k` (the `IN`, already written), `inner` the
    /// subquery's SQL: ClickHouse's set holds no row with a `NULL` in it (Set.cpp
    /// insertFromColumns: "We will insert to the Set only keys, where all components are not
    /// NULL"; 01231_operator_null_in.sql's `null_in_subquery`), where SQLite's answers `NULL`
    /// for a value it does not hold, so those rows are left out. A `NULL` on the left answers
    /// `NULL` whatever the set (FunctionIn's default implementation for `NULL`s), where
    /// SQLite's empty set answers 0: a `Nullable` left side is written as a `CASE` that reads
    /// it twice (the whole `IN` is returned then); a tuple with a `Nullable` element on the
    /// left is read through `coalesce` ([`Tr::nullable_tuple`]).
    pub(super) fn in_subquery(
        &self,
        k: usize,
        inner: &str,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<String, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let (start, end) = self.in_left_value(k);
        let tuple_left = self.tuple_elements(start, end);
        let wrap = self.nullable_tuple(tuple_left.as_deref(), &scope)?;
        let columns: Vec<String> = (1..=tuple_left.as_ref().map_or(1, Vec::len))
            .map(|n| format!("\"v{n}\""))
            .collect();
        // (Arrays as their JSON texts without [`ARRAY_MARK`], as an equality of them reads.)
        let array = tuple_left.is_none() && self.expr_ty(start, end, &scope).is_array();
        let set = format!(
            "(WITH \"__ul_in\"({names}) AS ({inner}) SELECT {read} FROM \"__ul_in\" WHERE {kept})",
            names = columns.join(", "),
            read = if array {
                "ch_array(\"v1\")".to_string()
            } else {
                columns.join(", ")
            },
            kept = columns
                .iter()
                .map(|c| format!("{c} IS NOT NULL"))
                .collect::<Vec<_>>()
                .join(" AND "),
        );
        if !wrap && !array && !self.expr_nullable(start, end, &scope) {
            return Ok(set);
        }
        let not = end < k;
        if out.pop().as_deref() != Some("IN") || not && out.pop().as_deref() != Some("NOT") {
            return Err(unsupported("this IN"));
        }
        let left = self.taken_back(start, out, starts)?;
        if array {
            return Ok(format!(
                "ch_array({left}) {}IN {set}",
                if not { "NOT " } else { "" }
            ));
        }
        if wrap {
            return Ok(format!(
                "coalesce({left} {}IN {set}, {})",
                if not { "NOT " } else { "" },
                u8::from(not)
            ));
        }
        Ok(format!(
            "(CASE WHEN ({left}) IS NULL THEN NULL ELSE ({left}) {}IN {set} END)",
            if not { "NOT " } else { "" }
        ))
    }

    /// The elements of the tuple literal `[a, b)` (`(x, y)`, also in more parentheses), if it
    /// is one.
    pub(super) fn tuple_elements(&self, a: usize, b: usize) -> Option<Vec<(usize, usize)>> {
        let (s, e) = self.unparenthesized(a, b);
        if s == a || matches!(self.word(s).as_str(), "SELECT" | "WITH") {
            return None;
        }
        let items = self.list_items(s, e);
        (items.len() > 1).then_some(items)
    }

    /// `x [NOT] IN [a, b]` at `k` (the `IN`), an array literal written as a list (see
    /// [`rewrite_casts`]): its elements take their common type first, as the constant array
    /// is typed before its set is built (getLeastSupertype, NO_COMMON_TYPE "Invalid analytics
    /// query": `x IN ['a', 1]`, `x IN [1, today()]`; a `NULL` takes any type). Its `NULL`s and
    /// an empty set are those of a list ([`Tr::in_nulls`]).
    pub(super) fn check_in_array(&self, k: usize) -> Result<(), ApiError> {
        let Some(close) = self
            .in_list_close(k)
            .filter(|_| self.spelled.get(&(k + 1)).is_some_and(|s| s.list))
        else {
            return Ok(());
        };
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let items = self.list_items(k + 2, close);
        Ty::check_common(
            items
                .iter()
                .filter_map(|(s, e)| self.value_ty(*s, *e, &scope)),
        )
    }

    /// Where the left side of the `[NOT] IN` (or `[NOT] BETWEEN`) at `k` starts and ends.
    pub(super) fn in_left(&self, k: usize) -> (usize, usize) {
        let end = match k.checked_sub(1) {
            Some(p) if self.word(p) == "NOT" => p,
            _ => k,
        };
        (self.comparison_left(end), end)
    }

    /// [`Tr::in_left`], a `NULL` literal there too (a keyword, where operands stop).
    fn in_left_value(&self, k: usize) -> (usize, usize) {
        match self.in_left(k) {
            (start, end) if start == end && self.word(end.wrapping_sub(1)) == "NULL" => {
                (end - 1, end)
            }
            left => left,
        }
    }

    /// ClickHouse builds the set of an `IN` list in the type of its left side, converting each
    /// element (convertFieldToType), and converts the left side to a subquery's column: a
    /// number against a time there that [`Tr::number_time_in`] does not take (`5 IN (SELECT
    /// today())`, a `Bool` on the left) is not run here, nor where a side's type next to a
    /// time is not known. `k` is the `IN`, `types` its elements'.
    pub(super) fn check_in_set(
        &self,
        k: usize,
        types: impl Iterator<Item = Ty>,
    ) -> Result<(), ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let (start, end) = self.in_left(k);
        let left = self.expr_ty(start, end, &scope);
        for t in types {
            if left.held_in_ns() || t.held_in_ns() {
                return Err(unsupported("IN of a DateTime64 of scale 7 to 9"));
            }
            if number_meets_time(left, t).unwrap_or(true) {
                return Err(unsupported("an IN of a number and a time"));
            }
            if decimal_meets_text(left, t) {
                return Err(unsupported(DECIMAL_TEXT));
            }
        }
        Ok(())
    }

    /// `has`, `hasAny` or `hasAll` at `i` (`lower`, its name) of a number and a time (an
    /// array of one, the value or array of the other). ClickHouse's `has` (arrayIndex.h
    /// allowArguments) takes a value of the array's type, a native number with a number, or of
    /// a common type with it: `getLeastSupertype` of a number and a time (or of a string and
    /// either) is NO_COMMON_TYPE while the query is analysed, upstream's "Invalid analytics
    /// query". `hasAny`/`hasAll` (hasAllAny.h) check only that both are arrays while the query
    /// is analysed and find the arrays' common type in `executeImpl`, each time a block
    /// reaches them, and with none (ClickHouse 25.5 and 25.8 fail them where no row is read):
    /// `true` here, they fail so where a row reaches them (the call is written through
    /// [`NO_COMMON_TYPE`]) and a query that never evaluates it is that error too, see
    /// [`Tr::fails_when_read`]. Of a `DateTime64` of ns, only `has` of an array of it and
    /// a time other than a `Date` is run ([`Tr::nanos_has`]).
    pub(super) fn check_search(&self, i: usize, lower: &str) -> Result<bool, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let args = self.arguments(i + 1);
        let ty = |n: usize, element: bool| {
            args.get(n).map_or(Ty::Unknown, |(s, e)| {
                if element {
                    self.element_ty(*s, *e, &scope)
                } else {
                    self.expr_ty(*s, *e, &scope)
                }
            })
        };
        let (a, b) = (ty(0, true), ty(1, lower != "has"));
        // (An array sought among elements that are not, or the other way round: the types
        // are not comparable, FunctionArrayIndex's and hasAny's ILLEGAL_TYPE_OF_ARGUMENT or
        // NO_COMMON_TYPE.)
        let told = |n: usize| matches!(ty(n, false), Ty::Array(Some(leaf)) if !leaf.is_nothing());
        let told_b = if lower == "has" {
            b != Ty::Unknown
        } else {
            told(1)
        };
        if told(0) && told_b && a.is_array() != b.is_array() {
            return Err(query_error("Invalid analytics query"));
        }
        let number = |t: Ty| matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal);
        let meets = a.is_time() && number(b) || number(a) && b.is_time();
        // A string has no common type with a number or a time either ("some of them are
        // String/FixedString and some of them are not"), whatever the arrays' depths; where the
        // array's strings are told (`tags`, a literal, `groupArray` of strings).
        let leaf = |n: usize| {
            args.get(n)
                .and_then(|(s, e)| self.leaf_element_ty(*s, *e, &scope))
        };
        let other = |t: Option<Ty>| t.is_some_and(|t| number(t) || t.is_time());
        let string_meets = |x: Option<Ty>, y: Option<Ty>| {
            x == Some(Ty::Str) && other(y) || other(x) && y == Some(Ty::Str)
        };
        let second = match lower {
            "has" => Some(ty(1, false)),
            _ => leaf(1),
        };
        let strings = string_meets(leaf(0), second);
        if lower == "has" && (meets || strings) {
            return Err(query_error("Invalid analytics query"));
        }
        // (Numbers without a common type too, [`Ty::check_common`]: a signed integer beside a
        // `UInt64` that cannot be signed; hasAllAny takes their getLeastSupertype as it runs.)
        let numbers = |t: Ty| matches!(t, Ty::Int(_) | Ty::Bool | Ty::Float);
        let no_common = numbers(a) && numbers(b) && Ty::check_common([a, b].into_iter()).is_err();
        if meets || strings || no_common {
            return Ok(true);
        }
        // (`has` of an array of ns and a time: see [`Tr::nanos_has`].)
        let of_ns = lower == "has" && matches!(a, Ty::Nanos(_)) && b.is_time() && b != Ty::Date;
        if (a.held_in_ns() || b.held_in_ns()) && !of_ns {
            return Err(unsupported(
                "has, hasAny or hasAll of a DateTime64 of scale 7 to 9",
            ));
        }
        if number_meets_time(a, b).unwrap_or(true) {
            return Err(unsupported("has, hasAny or hasAll of a number and a time"));
        }
        Ok(false)
    }

    /// The SQL of the subquery in the parentheses at `open` (to `close`), translated here or
    /// ahead ([`Tr::type_scalars`]); its type, its first column's, is kept in `scalar_types`.
    pub(super) fn scalar(&mut self, open: usize, close: usize) -> Result<String, ApiError> {
        if let Some(sql) = self.scalar_sql.remove(&open) {
            return Ok(sql);
        }
        let inner = self.query(open + 1, close, false)?;
        // One that answers more than one row is ClickHouse's error as its analyzer runs it
        // (evaluateScalarSubqueryIfNeeded: INCORRECT_RESULT_OF_SCALAR_SUBQUERY), upstream's
        // "Invalid analytics query", rows reaching it or not; SQLite's would take its first
        // row. Read with the constants folded before the query ([`Tr::folded`]), after the
        // subquery's own value. (Not the set of an `IN`, nor `EXISTS`'.) ClickHouse 25.5.2
        // and 25.8.2 (chDB) agree: `SELECT (SELECT outcome FROM key_verifications_v1) …` is
        // "Scalar subquery returned more than one row".
        let set = open
            .checked_sub(1)
            .is_some_and(|p| matches!(self.word(p).as_str(), "IN" | "EXISTS"));
        if !set {
            self.fold(format!("({inner})"), open, FoldStage::Analysis);
            self.fold(
                format!("ch_one_row((SELECT count(*) FROM (SELECT 1 FROM ({inner}) LIMIT 2)))"),
                open,
                FoldStage::Analysis,
            );
        }
        // A scalar subquery's type is its first column's. (Its tuple or array of intervals is
        // held as a source's column, see [`IntervalColumn`].)
        let ty = self.last_cols.first().map_or(Ty::Unknown, |(_, t)| *t);
        let first = self.last_cols.first().map(|(n, _)| n.to_ascii_lowercase());
        let kinds = first.and_then(|n| self.last_interval_kinds.get(&n));
        if kinds.is_some_and(|c| c.array || matches!(c.intervals, Some(Intervals::Tuple(_)))) {
            return Err(unsupported(
                "a subquery in an expression or IN whose column is a tuple or an array of intervals",
            ));
        }
        if let Some(v @ Intervals::One(..)) = kinds.and_then(|c| c.intervals.clone()) {
            self.scalar_intervals.insert(open, v);
        }
        self.scalar_types.insert(open, ty);
        Ok(inner)
    }

    /// Translates the subqueries in `[a, b)` not translated yet (outside other subqueries), so
    /// that [`Tr::expr_ty`] can tell their types before they are written.
    pub(super) fn type_scalars(&mut self, a: usize, b: usize) -> Result<(), ApiError> {
        let mut k = a;
        while k < b {
            let subquery = self.toks.get(k) == Some(&Tok::Sym("("))
                && matches!(self.word(k + 1).as_str(), "SELECT" | "WITH");
            match closing(self.toks, k).filter(|c| subquery && *c < b) {
                Some(close) => {
                    if !self.scalar_types.contains_key(&k) {
                        let sql = self.scalar(k, close)?;
                        self.scalar_sql.insert(k, sql);
                    }
                    k = close + 1;
                }
                None => k += 1,
            }
        }
        Ok(())
    }

    /// A join's `USING` columns are its keys, of the sides' common type (see
    /// [`Tr::number_time_comparison`]): a number on one side and a time on the other is
    /// TYPE_MISMATCH, upstream's "Invalid analytics query".
    pub(super) fn check_using(&self, columns: &[String]) -> Result<(), ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let Some((joined, left)) = scope.split_last() else {
            return Ok(());
        };
        let ty = |src: &Src, c: &str| {
            src.cols
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(c))
                .map(|(_, t)| *t)
        };
        for c in columns {
            let l = left.iter().find_map(|s| ty(s, c)).unwrap_or(Ty::Unknown);
            let r = ty(joined, c).unwrap_or(Ty::Unknown);
            if (l.held_in_ns() || r.held_in_ns()) && l != r {
                return Err(unsupported(
                    "a USING key of a DateTime64 of scale 7 to 9 and another type",
                ));
            }
            if number_meets_time(l, r)? {
                return Err(query_error("Invalid analytics query"));
            }
        }
        Ok(())
    }

    /// Whether the comparison of `[a, k)` with `[k + 1, b)` is in a join's `ON` and compares a
    /// column of one side with one of another (and no other).
    /// Whether the condition `[a, b)` is a term of its `ON`'s `AND`s: no parenthesis opens
    /// around it, and no `OR` or `NOT` is outside parentheses between the `ON` and it, nor
    /// `OR` after it up to the `ON`'s end.
    pub(super) fn on_conjunct(&self, a: usize, b: usize) -> bool {
        let mut depth = 0i64;
        for p in (0..a).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) if depth == 0 => return false,
                Some(Tok::Sym("(")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 => match w.to_ascii_uppercase().as_str() {
                    "OR" | "NOT" => return false,
                    "ON" => break,
                    _ => {}
                },
                None => return false,
                _ => {}
            }
        }
        let mut depth = 0i64;
        for p in b..self.toks.len() {
            match self.toks.get(p) {
                Some(Tok::Sym("(")) => depth += 1,
                Some(Tok::Sym(")")) if depth == 0 => return true,
                Some(Tok::Sym(")")) => depth -= 1,
                Some(Tok::Word(w)) if depth == 0 => match w.to_ascii_uppercase().as_str() {
                    "OR" => return false,
                    w if SOURCE_END.contains(&w) || matches!(w, "SETTINGS" | "FORMAT") => {
                        return true
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        true
    }

    pub(super) fn join_sides(&self, a: usize, k: usize, b: usize) -> bool {
        let mut depth = 0i64;
        let clause = (0..a).rev().find_map(|p| {
            match self.toks.get(p) {
                Some(Tok::Sym(")")) => depth += 1,
                // (Out of the parentheses around the comparison, too.)
                Some(Tok::Sym("(")) => depth = (depth - 1).max(0),
                Some(Tok::Word(w)) if depth == 0 => {
                    let w = w.to_ascii_uppercase();
                    if matches!(
                        w.as_str(),
                        "ON" | "WHERE" | "PREWHERE" | "HAVING" | "SELECT" | "BY" | "QUALIFY"
                    ) {
                        return Some(w);
                    }
                }
                _ => {}
            }
            None
        });
        if clause.as_deref() != Some("ON") {
            return false;
        }
        let sources = |s: usize, e: usize| -> HashSet<String> {
            (s..e)
                .filter_map(|p| match self.toks.get(p) {
                    Some(Tok::Word(w)) if self.toks.get(p + 1) != Some(&Tok::Sym("(")) => self
                        .resolve(w)
                        .map(|(src, _)| src.name.to_ascii_lowercase()),
                    _ => None,
                })
                .collect()
        };
        let (l, r) = (sources(a, k), sources(k + 1, b));
        !l.is_empty() && !r.is_empty() && l.is_disjoint(&r)
    }

    /// Whether the token at `a` is in the `ON` condition of an `ASOF` join (its `JOIN` keyword
    /// led by `ASOF`, as `ASOF [LEFT] JOIN` or `LEFT ASOF JOIN`).
    pub(super) fn in_asof_on(&self, a: usize) -> bool {
        let mut depth = 0i64;
        let mut on = None;
        for p in (0..a).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) => depth = (depth - 1).max(0),
                Some(Tok::Word(w)) if depth == 0 && w.eq_ignore_ascii_case("ON") => {
                    on = Some(p);
                    break;
                }
                _ => {}
            }
        }
        let Some(on) = on else { return false };
        let mut depth = 0i64;
        let Some(join) = (0..on).rev().find(|p| {
            match self.toks.get(*p) {
                Some(Tok::Sym(")")) => depth += 1,
                Some(Tok::Sym("(")) => depth -= 1,
                _ => {}
            }
            depth == 0 && self.word(*p) == "JOIN"
        }) else {
            return false;
        };
        (join.saturating_sub(2)..join).any(|p| self.word(p) == "ASOF")
    }

    /// Where the left side of the comparison at `k` starts: its operands and arithmetic back
    /// to a `(`, `,`, comparison or keyword, a `CASE … END` whole.
    pub(super) fn comparison_left(&self, k: usize) -> usize {
        let left = self.left_operand_start(k);
        match left.checked_sub(1) {
            Some(p) if self.word(p) == "END" => self
                .primary_start(left)
                .map_or(left, |s| self.left_operand_start(s)),
            _ => left,
        }
    }

    /// Where the right side of a comparison that starts at `k` ends (before `b`), a
    /// `CASE … END` whole.
    pub(super) fn comparison_right_end(&self, k: usize, b: usize) -> usize {
        match self.word(k).as_str() {
            "CASE" => self
                .case_branches(k, b)
                .map_or(k, |(_, after)| self.right_operand_end(after, b)),
            _ => self.right_operand_end(k, b),
        }
    }

    /// The SQL already written for the operand whose first token is `left` (its place in
    /// `out` found by `starts`), taken off `out`.
    pub(super) fn taken_back(
        &self,
        left: usize,
        out: &mut Vec<String>,
        starts: &[(usize, usize)],
    ) -> Result<String, ApiError> {
        let at = starts
            .iter()
            .find(|(t, _)| *t == left)
            .map(|(_, p)| *p)
            .filter(|p| *p < out.len())
            .ok_or_else(|| unsupported("this comparison of a number with a time"))?;
        Ok(out.split_off(at).join(" "))
    }

    /// The items of a select list `[a, b)`: their names (empty when SQLite names them) and
    /// types; a `*` or `t.*` stands for the columns of the sources.
    pub(super) fn item_types(&self, a: usize, b: usize, scope: &[Src]) -> Vec<(String, Ty)> {
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

    /// ClickHouse's arithmetic takes no `String` (`'a' + 1`, `outcome * 2`), and it compares
    /// no `String` expression with a number (`outcome = 1`): ILLEGAL_TYPE_OF_ARGUMENT
    /// ("Illegal types of arguments (String, UInt8) of function plus"), upstream's "Invalid
    /// analytics query". A string literal compared with a number it reads as one of the
    /// number's type, or refuses ("Cannot convert string 'abc' to type Int64", TYPE_MISMATCH,
    /// upstream's "Invalid analytics query" too), one compared with a `Bool` or a time as
    /// that type reads it (a select-list alias as the type of its expression; a string
    /// expression against a time is not run): returned is that literal's index and the value
    /// to write for it. Checked on the operands next to the binary operator at `k` (up to
    /// `b`); a type not known here passes.
    pub(super) fn check_operands(
        &self,
        k: usize,
        b: usize,
    ) -> Result<Option<(usize, String)>, ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let Some(Tok::Sym(op)) = self.toks.get(k) else {
            return Ok(None);
        };
        let comparison = matches!(*op, "=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=");
        if !comparison && !matches!(*op, "+" | "-" | "*" | "/" | "%") {
            return Ok(None);
        }
        // (A select-list alias is its expression wherever it is used, a column of its name
        // too (ClickHouse's analyzer): of one that reads a column, that expression's type,
        // `min(outcome) AS a … HAVING a >= 50` ClickHouse's NO_COMMON_TYPE as `outcome >= 50`
        // (ClickHouse 25.5.2 and 25.8.2 (chDB) agree); of another, a constant ClickHouse may
        // fold and read as a literal (`'5' AS a … WHERE a = 5`), not told here. An array's
        // element may be of any.)
        let reads_column = |a: usize, b: usize| {
            (a..b).any(|k| match self.toks.get(k) {
                Some(Tok::Word(w)) => {
                    self.toks.get(k + 1) != Some(&Tok::Sym("("))
                        && Self::resolve_in(scope, w).is_some()
                }
                _ => false,
            })
        };
        let ty = |s: usize, e: usize| match self.toks.get(s..e) {
            Some([Tok::Word(w)])
                if self.select_alias(w, s).is_some()
                    || self.array_aliases.contains_key(&w.to_ascii_lowercase()) =>
            {
                Ty::Unknown
            }
            _ => self.expr_ty(s, e, scope),
        };
        // (For the types an operator refuses.)
        let operand_ty = |s: usize, e: usize| match self.toks.get(s..e) {
            Some([Tok::Word(w)]) if !self.array_aliases.contains_key(&w.to_ascii_lowercase()) => {
                match self.select_alias(w, s) {
                    Some((_, a, b)) if reads_column(a, b) => self.expr_ty(a, b, scope),
                    _ => ty(s, e),
                }
            }
            _ => ty(s, e),
        };
        let Some(left) = self.primary_start(k) else {
            return Ok(None);
        };
        let mut right = k + 1;
        while self.toks.get(right) == Some(&Tok::Sym("-")) {
            right += 1;
        }
        // Arrays are ordered element by element there, as JSON text here (a select-list
        // alias as the expression it names).
        let ordering = matches!(*op, "<" | ">" | "<=" | ">=");
        let named = |s: usize, e: usize| match self.toks.get(s..e) {
            Some([Tok::Word(w)]) => match self.select_alias(w, s) {
                Some((_, a, b)) => self.expr_ty(a, b, scope),
                None => ty(s, e),
            },
            _ => ty(s, e),
        };
        let Ok(right_end) = self.operand_end(right, b) else {
            if ordering && named(left, k).ordered_as_text() {
                return Err(unsupported("ordering arrays"));
            }
            return Ok(None);
        };
        let (l, r) = (ty(left, k), ty(right, right_end));
        if ordering {
            Ty::arrays_ordered(named(left, k), named(right, right_end))?;
        }
        if comparison && decimal_meets_text(named(left, k), named(right, right_end)) {
            return Err(unsupported(DECIMAL_TEXT));
        }
        // (Compared, the float nearest each `Decimal` orders as the decimals do.)
        if !comparison && (named(left, k) == Ty::Decimal || named(right, right_end) == Ty::Decimal)
        {
            return Err(unsupported(DECIMAL_ARITHMETIC));
        }
        // A source's column of an `Interval` type whose kind is not known here (see
        // [`interval_column_not_run`]): ClickHouse's answer depends on it (`±` of two kinds is a tuple, a
        // comparison is in the smaller kind).
        // (So is a scalar subquery's.)
        let column = |s: usize, e: usize, t: Ty| {
            let scalar = self.toks.get(s) == Some(&Tok::Sym("("))
                && matches!(self.word(s + 1).as_str(), "SELECT" | "WITH")
                && closing(self.toks, s) == Some(e - 1);
            t == Ty::Interval
                && (scalar
                    || (e == s + 1
                        && matches!(self.toks.get(s), Some(Tok::Word(w)) if self.column_interval(w).is_none())))
        };
        if column(left, k, l) || column(right, right_end, r) {
            return Err(interval_column_not_run());
        }
        let number = |t: Ty| matches!(t, Ty::Int(_) | Ty::Float | Ty::Bool);
        let literal =
            |s: usize, e: usize| e == s + 1 && matches!(self.toks.get(s), Some(Tok::Str(_)));
        // (An array of strings is no number either: `tags / 2`.)
        let strings = |t: Ty| t == Ty::Str || (t.is_array() && t.leaf_ty() == Some(Ty::Str));
        // A time is multiplied or divided by nothing, and only a time's remainder of a number
        // is taken (FunctionBinaryArithmetic.h, DateBinaryOperationTraits: a `Date` or a
        // time plus or minus an integer, less another, and `Date % Int32`; any other is
        // InvalidType, "Illegal types of arguments (DateTime, UInt8) of function multiply").
        // That remainder is of a `Date`'s days or a `DateTime`'s seconds (see `Tr::emit`);
        // a `DateTime64`'s (a decimal there) is not run here.
        if *op == "%" && l.is_time() && number(r) && !matches!(l, Ty::Date | Ty::DateTime) {
            return Err(unsupported("`%` of a DateTime64"));
        }
        // A `UInt32`'s, a `UInt64`'s or a `DateTime`'s remainder by a negative integer:
        // ClickHouse reads the divisor in an unsigned type and answers in the type of the
        // divisor's width (`limit % -1` of a `UInt64` 300 is the `UInt8` 44,
        // `toUInt64(300) % toInt64(-2)` 300, `toUInt32(7) % -3` 7; ClickHouse 25.5.2 and
        // 25.8.2 (chDB) agree), which is not followed here: refused of a negative literal
        // here, of a signed expression where a row's divisor is negative (`ch_modulo`, see
        // [`Ty::unsigned_by_signed`]).
        if *op == "%" && right > k + 1 && Ty::unsigned_dividend(l) {
            return Err(unsupported(MODULO_UNSIGNED_NOT_RUN));
        }
        let (l, r) = (operand_ty(left, k), operand_ty(right, right_end));
        // (`NULL`, parenthesized or not: ClickHouse's `Nullable(Nothing)`, whose arithmetic
        // with any type is `NULL`, `NULL % toDate(x)` and `NULL * now()` too, as ClickHouse
        // 25.5.2 and 25.8.2 (chDB) agree.)
        let null = |s: usize, e: usize| {
            let (mut s, mut e) = (s, e);
            while e > s + 2
                && self.toks.get(s) == Some(&Tok::Sym("("))
                && closing(self.toks, s) == Some(e - 1)
            {
                (s, e) = (s + 1, e - 1);
            }
            e == s + 1
                && matches!(self.toks.get(s), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL"))
        };
        let with_null = null(left, k) || null(right, right_end);
        let illegal = match *op {
            _ if with_null => false,
            "*" | "/" if l.is_time() || r.is_time() => true,
            "%" if r.is_time() || (l.is_time() && !number(r)) => true,
            "+" | "-" | "*" | "/" | "%" => {
                (strings(l) && (number(r) || strings(r))) || (strings(r) && number(l))
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
        // An array beside a value of another known type (not `NULL`, which answers `NULL`):
        // compared, or added to or taken from, it is ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT
        // ("Illegal types of arguments (Array(String), UInt8) of function equals", "Illegal
        // types Array(UInt8) and UInt8 of arguments of function plus"), upstream's "Invalid
        // analytics query"; multiplied, divided or its remainder taken by a number it is an
        // array of each element's (`[1, 2] * 2` is `[2, 4]`, `[1, 2] / 1` `[1.0, 2.0]`), and
        // two arrays added or taken element by element (`[1, 2] + [3, 4]` is `[4, 6]`), which
        // are not run here. ClickHouse 25.5.2 and 25.8.2 (chDB) agree on each. (A string
        // compared with an array is read as an array's text, below, or not run.)
        if !with_null && (l.is_array() || r.is_array()) {
            let other = if l.is_array() { r } else { l };
            let scalar = number(other) || other.is_time() || other == Ty::Interval;
            match *op {
                _ if l.is_array() && r.is_array() => {
                    if !comparison {
                        return Err(unsupported("arithmetic of two arrays"));
                    }
                }
                "+" | "-" if scalar || other == Ty::Str => {
                    return Err(query_error("Invalid analytics query"))
                }
                _ if comparison && scalar => return Err(query_error("Invalid analytics query")),
                // (Multiplied, divided or its remainder taken by a time or an interval:
                // ILLEGAL_TYPE_OF_ARGUMENT too, `[1, 2] * toDate(…)`.)
                "*" | "/" | "%" if other.is_time() || other == Ty::Interval => {
                    return Err(query_error("Invalid analytics query"))
                }
                _ if comparison
                    && other == Ty::Str
                    && !literal(left, k)
                    && !literal(right, right_end) =>
                {
                    return Err(unsupported("an array compared with a string expression"))
                }
                _ if comparison => {}
                _ => return Err(unsupported("arithmetic of an array")),
            }
        }
        if !comparison {
            return Ok(None);
        }
        // A literal that is a whole side, against the other whole side (a select-list alias
        // as the expression it names, which ClickHouse's analyzer reads it as).
        let value_ty = named;
        let (start, end) = (self.left_operand_start(k), self.right_operand_end(k + 1, b));
        let (at, ty) = match (literal(start, k), literal(k + 1, end)) {
            (true, false) => (start, value_ty(k + 1, end)),
            (false, true) => (k + 1, value_ty(start, k)),
            (false, false) => {
                // (A string expression against a time: ClickHouse converts a constant one as
                // a literal, [`Tr::number_time_comparison`], and fails another as the query
                // runs, NO_COMMON_TYPE, where no row reaches it too: chDB 3.6.0, ClickHouse
                // 25.5.2, and 3.7.2, 25.8.2, agree, also with no part read. The query is
                // that error once it has run, see [`Tr::fails_as_it_runs`].)
                let (lt, rt) = (value_ty(start, k), value_ty(k + 1, end));
                let time = |t: Ty| t.is_time() && !t.held_in_ns();
                if time(lt) && rt == Ty::Str && !self.constant_expression(k + 1, end)
                    || lt == Ty::Str && time(rt) && !self.constant_expression(start, k)
                {
                    if self.join_sides(start, k, end) {
                        return Err(unsupported(
                            "a time compared with a string expression in a join's ON",
                        ));
                    }
                    self.fails_as_it_runs.set(true);
                }
                return Ok(None);
            }
            _ => return Ok(None),
        };
        let Some(Tok::Str(text)) = self.toks.get(at) else {
            return Ok(None);
        };
        let read = match ty {
            Ty::Int(_) => text.parse::<i64>().ok().map(|n| n.to_string()),
            // (ClickHouse's readFloatText reads `inf` and `nan` in its own spellings, and a
            // `nan` is SQLite's NULL: not run.)
            Ty::Float => match text.parse::<f64>() {
                Ok(f) if !f.is_finite() => {
                    return Err(unsupported("a float compared with a string of inf or nan"))
                }
                read => read.ok().map(|f| format!("{f:?}")),
            },
            // A `Bool` (`ratelimits_v1.passed`) reads the string as SerializationBool does
            // (any case), or fails: "Cannot parse boolean value here", upstream's "Invalid SQL
            // syntax" (errors.go, "cannot parse").
            Ty::Bool => {
                let read = bool_text(text).ok_or_else(|| query_error("Invalid SQL syntax"))?;
                return Ok(Some((at, u8::from(read).to_string())));
            }
            // (A `DateTime64` of ns reads its strings where it is compared, see `nanos.rs`.)
            // (In the zone of the other side's type, where it has one.)
            t if t.is_time() && !t.held_in_ns() => {
                let (s, e) = if at == start {
                    (k + 1, end)
                } else {
                    (start, k)
                };
                let zone = self.value_zone(s, e);
                return zoned_time_text(text, t, zone.as_deref()).map(|sql| Some((at, sql)));
            }
            // An array reads the string as its text (FunctionsComparison.h,
            // executeWithConstString's convertFieldToType): one not starting with `[` is
            // CANNOT_READ_ARRAY_FROM_TEXT ("Array does not start with '[' character: while
            // converting 'a' to Array(UInt8)"), upstream's "Invalid analytics query"; the
            // array such a text reads as is not read here.
            t if t.is_array() => {
                return Err(if text.starts_with('[') {
                    unsupported("an array compared with a string")
                } else {
                    query_error("Invalid analytics query")
                });
            }
            _ => return Ok(None),
        };
        read.map(|n| Some((at, n)))
            .ok_or_else(|| query_error("Invalid analytics query"))
    }

    /// Whether the token at `k` is in the body of a CTE, `WITH name AS (…)` (or in a named
    /// window's specification, `WINDOW name AS (…)`, told apart here only by the clause before
    /// its list).
    pub(super) fn in_cte_body(&self, k: usize) -> bool {
        self.cte_of(k).is_some()
    }

    /// Where the name of the CTE whose body holds the token at `k` is, as
    /// [`Tr::in_cte_body`] tells it (the innermost).
    pub(super) fn cte_of(&self, k: usize) -> Option<usize> {
        let mut depth = 0usize;
        for p in (0..k).rev() {
            match self.toks.get(p) {
                Some(Tok::Sym(")" | "]")) => depth += 1,
                Some(Tok::Sym("(" | "[")) if depth > 0 => depth -= 1,
                Some(Tok::Sym("(")) => {
                    let named = p >= 3
                        && self.word(p - 1) == "AS"
                        && matches!(self.toks.get(p - 2), Some(Tok::Word(_)))
                        && (self.word(p - 3) == "WITH"
                            || self.toks.get(p - 3) == Some(&Tok::Sym(",")));
                    if named {
                        return Some(p - 2);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Whether the token at `k` is in the body of a CTE whose name the query writes nowhere
    /// else: ClickHouse's analyzer resolves a CTE only where an identifier names it
    /// (QueryAnalyzer.cpp resolveQuery registers CTEs and clears the `WITH` section), so it
    /// folds none of such a CTE's constants ([`Tr::folded`]). (Any other word spelled as the
    /// name, in any case, counts as naming it.)
    pub(super) fn in_unnamed_cte(&self, k: usize) -> bool {
        let Some(at) = self.cte_of(k) else {
            return false;
        };
        let Some(Tok::Word(name)) = self.toks.get(at) else {
            return false;
        };
        !self
            .toks
            .iter()
            .enumerate()
            .any(|(j, t)| j != at && matches!(t, Tok::Word(w) if w.eq_ignore_ascii_case(name)))
    }

    /// Whether `[s, e)` is an expression of more than a string literal that ClickHouse folds to a
    /// constant as it analyses the query (its constant folding of functions of constants):
    /// literals, operators, `CASE`, `INTERVAL n UNIT` and calls of functions other than
    /// aggregates, windows and `arrayJoin`. A name (a column, an alias, a lambda's parameter)
    /// or a subquery is not told a constant here.
    pub(super) fn constant_expression(&self, s: usize, e: usize) -> bool {
        self.constant_of(s, e, false)
    }

    /// Whether ClickHouse folds `[s, e)` as it analyses the query (see [`Tr::folded`]): a
    /// [`Tr::constant_expression`], or one holding the operators `IS [NOT] NULL`,
    /// `BETWEEN`, `[NOT] [I]LIKE` (of constants, functions of them too) or scalar subqueries
    /// (`(SELECT …)`, which ClickHouse's analyzer runs and replaces by their value as it
    /// resolves them, QueryAnalyzer.cpp's evaluateScalarSubqueryIfNeeded; not a set's, `IN
    /// (SELECT …)`), read here before the query runs with its CTEs; and a call with a lambda
    /// that captures no column (its parameters the only names in it): FunctionCapture answers
    /// a constant of such a lambda, which ActionsDAG executes as the plan is built, with the
    /// call (src/Functions/FunctionsMiscellaneous.h).
    pub(super) fn folded_expression(&self, s: usize, e: usize) -> bool {
        self.constant_of(s, e, true)
    }

    /// [`Tr::constant_expression`], and with `folded` [`Tr::folded_expression`].
    fn constant_of(&self, s: usize, e: usize, folded: bool) -> bool {
        if e <= s + 1 && matches!(self.toks.get(s), Some(Tok::Str(_))) || e <= s {
            return false;
        }
        // (The scalar subqueries in it, each read as a constant as a whole.)
        let mut subqueries: Vec<(usize, usize)> = Vec::new();
        for k in s..e {
            let scalar = folded
                && self.toks.get(k) == Some(&Tok::Sym("("))
                && matches!(self.word(k + 1).as_str(), "SELECT" | "WITH")
                && !subqueries.iter().any(|(a, b)| (*a..*b).contains(&k));
            if scalar {
                if k.checked_sub(1).is_some_and(|p| self.word(p) == "IN") {
                    return false;
                }
                match closing(self.toks, k).filter(|c| *c < e) {
                    Some(c) => subqueries.push((k, c + 1)),
                    None => return false,
                }
            }
        }
        // (The parameters of its lambdas, `x -> …` or `(x, y) -> …`, whose arrow is `-` `>`.)
        let mut parameters: Vec<String> = Vec::new();
        for k in (s + 1..e).filter(|_| folded) {
            let arrow = self.toks.get(k) == Some(&Tok::Sym("-"))
                && self.toks.get(k + 1) == Some(&Tok::Sym(">"));
            match self.toks.get(k - 1) {
                Some(Tok::Word(w)) if arrow => parameters.push(w.to_ascii_uppercase()),
                Some(Tok::Sym(")")) if arrow => {
                    let open = (s..k - 1)
                        .rev()
                        .find(|o| closing(self.toks, *o) == Some(k - 1));
                    for p in open.map_or(k - 1..k - 1, |o| o + 1..k - 1) {
                        if let Some(Tok::Word(w)) = self.toks.get(p) {
                            parameters.push(w.to_ascii_uppercase());
                        }
                    }
                }
                _ => {}
            }
        }
        (s..e).all(|k| match self.toks.get(k) {
            _ if subqueries.iter().any(|(a, b)| (*a..*b).contains(&k)) => true,
            Some(Tok::Str(_) | Tok::Num(_) | Tok::Sym(_)) => true,
            Some(t @ Tok::Word(_)) => {
                let w = upper(t);
                let call = self.toks.get(k + 1) == Some(&Tok::Sym("("));
                if call {
                    !self.is_aggregate_call(k) && !matches!(w.as_str(), "ARRAYJOIN" | "OVER")
                } else {
                    literal_name(t).is_some()
                        || parameters.contains(&w)
                        || matches!(
                            w.as_str(),
                            "CASE"
                                | "WHEN"
                                | "THEN"
                                | "ELSE"
                                | "END"
                                | "AND"
                                | "OR"
                                | "NOT"
                                | "INTERVAL"
                        )
                        || folded && matches!(w.as_str(), "IS" | "BETWEEN" | "LIKE" | "ILIKE")
                        || self.word(k.saturating_sub(2)) == "INTERVAL"
                            && KINDS
                                .iter()
                                .any(|(kind, _)| w.trim_end_matches('S') == *kind)
                }
            }
            None => false,
        })
    }

    /// The string literals among the values `x [NOT] IN (…)` or `x [NOT] BETWEEN lo AND hi` at
    /// `k` (the `IN` or `BETWEEN`, before `b`) compares `x` with where `x` is a time: each
    /// literal's index and the SQL of the time it is read as ([`time_text`]; ClickHouse
    /// converts an `IN` list's elements to the left side's type, convertFieldToTypeStrict, and
    /// `BETWEEN` is two comparisons). Another string value there is not run.
    pub(super) fn time_literals(
        &self,
        k: usize,
        b: usize,
    ) -> Result<Vec<(usize, String)>, ApiError> {
        let scope = self.scopes.last().cloned().unwrap_or_default();
        let (x_start, x_end) = self.in_left(k);
        let xt = self.expr_ty(x_start, x_end, &scope);
        // (A `DateTime64` of ns reads its strings where it is compared, see `nanos.rs`.)
        if !xt.is_time() || xt.held_in_ns() {
            return Ok(Vec::new());
        }
        let values = match self.word(k).as_str() {
            "IN" => match self.in_list_close(k).filter(|c| *c < b) {
                Some(close) => self.list_items(k + 2, close),
                None => return Ok(Vec::new()),
            },
            "BETWEEN" => {
                let Some(and) = self.between_and(k, b) else {
                    return Ok(Vec::new());
                };
                vec![
                    (k + 1, and),
                    (and + 1, self.comparison_right_end(and + 1, b)),
                ]
            }
            _ => return Ok(Vec::new()),
        };
        // (In the zone of the left side's type, where it has one, as a comparison reads them
        // and the set's type is.)
        let zone = self.value_zone(self.comparison_left(x_end), x_end);
        let mut out = Vec::new();
        for (s, e) in values {
            match self.toks.get(s..e) {
                Some([Tok::Str(text)]) => {
                    out.push((s, zoned_time_text(text, xt, zone.as_deref())?))
                }
                _ if self.expr_ty(s, e, &scope) == Ty::Str => {
                    return Err(unsupported("a time compared with a string expression"));
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// The operands of the `/` at `k` (up to `b`): where the chain of `*`, `/` and `%` before
    /// it starts and where the operand after it ends (`None` when they cannot be told); a
    /// window function's operand with its `OVER` (`c / sum(c) OVER ()`).
    pub(super) fn division_operands(&self, k: usize, b: usize) -> Option<(usize, usize)> {
        let windowed = |start: usize| match start.checked_sub(1) {
            Some(over) if self.word(over) == "OVER" => self.primary_start(over),
            _ => Some(start),
        };
        let mut left = windowed(self.primary_start(k)?)?;
        while matches!(
            left.checked_sub(1).and_then(|p| self.toks.get(p)),
            Some(Tok::Sym("*" | "/" | "%"))
        ) {
            left = windowed(self.primary_start(left - 1)?)?;
        }
        let mut right = k + 1;
        while self.toks.get(right) == Some(&Tok::Sym("-")) {
            right += 1;
        }
        let mut end = self.operand_end(right, b).ok()?;
        if self.word(end) == "OVER" {
            end = match self.toks.get(end + 1) {
                Some(Tok::Sym("(")) => closing(self.toks, end + 1)? + 1,
                Some(Tok::Word(_)) => end + 2,
                _ => return None,
            };
            if end > b {
                return None;
            }
        }
        // (Not before what continues the operand: `quantile(l)(x)`, `a[1]`.)
        let continued =
            matches!(self.toks.get(end), Some(Tok::Sym("(" | "["))) || self.word(end) == "OVER";
        (!continued).then_some((left, end))
    }

    /// Whether the select-list item `[s, e)` is a `*` (`Some(None)`) or a `q.*` (`Some(Some(q))`):
    /// the columns it stands for are [`star`]'s.
    pub(super) fn star_item(&self, s: usize, e: usize) -> Option<Option<&'t str>> {
        let toks: &'t [Tok] = self.toks;
        match toks.get(s..e) {
            Some([Tok::Sym("*")]) => Some(None),
            Some([Tok::Word(q), Tok::Sym("*")]) if q.ends_with('.') => {
                Some(Some(q.trim_end_matches('.')))
            }
            _ => None,
        }
    }

    /// The items of a select list `[a, b)` of a `Nullable` type (lower-case names): those
    /// [`Tr::expr_nullable`] tells; a `*` adds its sources'.
    pub(super) fn item_nullables(&self, a: usize, b: usize, scope: &[Src]) -> HashSet<String> {
        let mut out = HashSet::new();
        let names = self.item_types(a, b, scope);
        let a = if self.word(a) == "DISTINCT" { a + 1 } else { a };
        let mut n = 0usize;
        for (s, e) in self.list_items(a, b) {
            if let Some(only) = self.star_item(s, e) {
                for src in scope
                    .iter()
                    .filter(|src| only.is_none_or(|q| src.name.eq_ignore_ascii_case(q)))
                {
                    out.extend(src.nullable_cols.iter().cloned());
                }
                n += star_columns(scope, only).len();
                continue;
            }
            let nullable = self.expr_nullable(s, e, scope);
            if let Some((name, _)) = names.get(n) {
                if nullable && !name.is_empty() {
                    out.insert(name.to_ascii_lowercase());
                }
            }
            n += 1;
        }
        out
    }

    /// Whether the expression `[a, b)` is of a `Nullable` type: one with a `NULL` (outside
    /// subqueries), a `CASE` without `ELSE`, a `CAST` to a `Nullable` type, a scalar
    /// subquery, a `Nullable` column or an
    /// `ARRAY JOIN` alias of `Nullable` elements in it, but not where it is only
    /// inside `count`/`countIf`/`uniq`/`uniqExact`/`groupArray`/`groupUniqArray`/`isNull`/
    /// `isNotNull` or the list of `x IN (…)` (never `Nullable`: they skip or test NULLs), and
    /// `coalesce`/`ifNull` only when every argument is (FunctionCoalesce drops a `Nullable`
    /// from its type when its last argument is not).
    pub(super) fn expr_nullable(&self, a: usize, b: usize, scope: &[Src]) -> bool {
        // (Found once per typing call, as types are: `coalesce`'s type asks it of its
        // arguments, [`Tr::coalesce_typed`].)
        let key = self.memo_key(a, b, scope);
        let known = self.memo.borrow().nullable.get(&key).copied();
        if let Some(nullable) = known {
            return nullable;
        }
        self.memo_call(|| {
            let nullable = self.found_nullable(a, b, scope);
            self.memo.borrow_mut().nullable.insert(key, nullable);
            nullable
        })
    }

    /// [`Tr::expr_nullable`], found.
    fn found_nullable(&self, a: usize, b: usize, scope: &[Src]) -> bool {
        let mut k = a;
        while k < b {
            match self.toks.get(k) {
                // `CAST(x AS Nullable(T))` (written as `T`'s conversion).
                Some(Tok::Word(_)) if self.spelled.get(&k).is_some_and(|s| s.nullable) => {
                    return true;
                }
                Some(Tok::Word(f)) if self.toks.get(k + 1) == Some(&Tok::Sym("(")) => {
                    let close = closing(self.toks, k + 1).map_or(b, |c| c + 1);
                    match f.to_ascii_lowercase().as_str() {
                        // (And the list of `x IN (…)`, whose set skips a `NULL`.)
                        "count" | "countif" | "uniq" | "uniqexact" | "grouparray"
                        | "groupuniqarray" | "isnull" | "isnotnull" | "in" => {
                            k = close;
                            continue;
                        }
                        "coalesce" | "ifnull" => {
                            let args = self.arguments(k + 1);
                            if !args.is_empty()
                                && args.iter().all(|(s, e)| self.expr_nullable(*s, *e, scope))
                            {
                                return true;
                            }
                            k = close;
                            continue;
                        }
                        _ => {}
                    }
                }
                // (The set of an `IN` is no scalar subquery.)
                Some(Tok::Sym("(")) if matches!(self.word(k + 1).as_str(), "SELECT" | "WITH") => {
                    let set = k.checked_sub(1).is_some_and(|p| self.word(p) == "IN");
                    if !set && self.scalar_nullable(k) {
                        return true;
                    }
                    k = closing(self.toks, k).map_or(b, |c| c + 1);
                    continue;
                }
                // (`x IS [NOT] NULL` is no NULL value.)
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL") => {
                    let before = k.checked_sub(1).map(|p| self.word(p)).unwrap_or_default();
                    if before != "IS" && before != "NOT" {
                        return true;
                    }
                }
                // A `CASE` without `ELSE` is NULL where no branch is taken.
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => {
                    let words = self.case_words(k, b).map(|(w, _)| w).unwrap_or_default();
                    if !words.iter().any(|w| self.word(*w) == "ELSE") {
                        return true;
                    }
                }
                // An `ARRAY JOIN` alias of an array of `Nullable` elements.
                Some(Tok::Word(w))
                    if self
                        .array_aliases
                        .get(&w.to_ascii_lowercase())
                        .is_some_and(|sql| self.nullable_element_sql.contains(sql)) =>
                {
                    return true;
                }
                Some(Tok::Word(w)) => {
                    // A select-list alias is its expression (as `emit` expands it).
                    let alias = self
                        .select_alias(w, k)
                        .filter(|(name, ..)| !self.typing.borrow().contains(name));
                    if let Some((name, s, e)) = alias {
                        let nullable = self.typing_alias(name, || self.expr_nullable(s, e, scope));
                        if nullable {
                            return true;
                        }
                        k += 1;
                        continue;
                    }
                    if Self::nullable_column(scope, w) {
                        return true;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        false
    }

    /// The ClickHouse type of the expression `[a, b)` (best effort; `Unknown` when it cannot
    /// tell), found once per typing call ([`TypeMemo`]).
    pub(super) fn expr_ty(&self, a: usize, b: usize, scope: &[Src]) -> Ty {
        let key = self.memo_key(a, b, scope);
        let known = self.memo.borrow().expr.get(&key).copied();
        if let Some(ty) = known {
            return ty;
        }
        self.memo_call(|| {
            // (Past the deadline, the translation is the timeout whatever it finds.)
            if out_of_time() {
                return Ty::Unknown;
            }
            let ty = self.found_ty(a, b, scope);
            self.memo.borrow_mut().expr.insert(key, ty);
            ty
        })
    }

    /// The type of `a..b` when its outermost operator is `OR`, `AND` or a leading `NOT`:
    /// a `Bool` when an operand is one, else a `UInt8` (`None`: not such an expression).
    fn logical_ty(&self, a: usize, b: usize, scope: &[Src]) -> Option<Ty> {
        let operands = self.logical_operands(a, b)?;
        let bool = operands
            .iter()
            .any(|(s, e)| s < e && self.expr_ty(*s, *e, scope) == Ty::Bool);
        Some(if bool { Ty::Bool } else { Ty::Int(IntTy::U8) })
    }

    /// The operands of `a..b` when its outermost operator is `OR`, `AND` or a leading `NOT`
    /// (`None`: not such an expression).
    pub(super) fn logical_operands(&self, a: usize, b: usize) -> Option<Vec<(usize, usize)>> {
        // The depth-0 `OR`s, else `AND`s (not a `BETWEEN`'s), splitting `a..b`.
        let mut ors = Vec::new();
        let mut ands = Vec::new();
        let mut depth = 0i64;
        let mut between = 0usize;
        for k in a..b {
            match self.toks.get(k) {
                Some(Tok::Sym("(" | "[")) => depth += 1,
                Some(Tok::Sym(")" | "]")) => depth -= 1,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("CASE") => depth += 1,
                Some(Tok::Word(w)) if w.eq_ignore_ascii_case("END") => depth -= 1,
                _ if depth != 0 => {}
                Some(Tok::Word(w)) => match w.to_ascii_uppercase().as_str() {
                    "OR" => ors.push(k),
                    "BETWEEN" => between += 1,
                    "AND" if between > 0 => between -= 1,
                    "AND" => ands.push(k),
                    _ => {}
                },
                _ => {}
            }
        }
        let splits = if !ors.is_empty() { ors } else { ands };
        let operands: Vec<(usize, usize)> = if splits.is_empty() {
            if self.word(a) != "NOT" || a + 1 >= b {
                return None;
            }
            vec![(a + 1, b)]
        } else {
            let mut out = Vec::new();
            let mut start = a;
            for k in splits {
                out.push((start, k));
                start = k + 1;
            }
            out.push((start, b));
            out
        };
        Some(operands)
    }

    /// Whether `a..b`, an `=` at `k`, is one ClickHouse's analyzer reads as its logical
    /// side: `f = 1` (or `true`) as `f`, `f = 0` as `not(f)`, where `f` is an `and`, `or` or
    /// `not` of a `Bool` — so a `Bool` (ClickHouse 25.5.2 and 25.8.2 (chDB) agree:
    /// `(NOT passed) = 1`, `1 = (NOT passed)`, `(passed AND 1) = true` are `Bool`;
    /// `passed = 1`, `(NOT passed) != 1`, `(NOT passed) = 2` a `UInt8`).
    fn bool_equality(&self, a: usize, k: usize, b: usize, scope: &[Src]) -> bool {
        let constant = |s: usize, e: usize| {
            e == s + 1
                && match self.toks.get(s) {
                    Some(Tok::Num(n)) => n == "0" || n == "1",
                    Some(Tok::Word(w)) => {
                        w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false")
                    }
                    _ => false,
                }
        };
        let logical = |mut s: usize, mut e: usize| {
            while s < e
                && self.toks.get(s) == Some(&Tok::Sym("("))
                && closing(self.toks, s) == Some(e - 1)
            {
                s += 1;
                e -= 1;
            }
            s < e && self.logical_ty(s, e, scope) == Some(Ty::Bool)
        };
        (constant(k + 1, b) && logical(a, k)) || (constant(a, k) && logical(k + 1, b))
    }

    /// [`Tr::expr_ty`], found.
    fn found_ty(&self, mut a: usize, mut b: usize, scope: &[Src]) -> Ty {
        // (The argument of `f(DISTINCT x)` is `x`'s type.)
        if self.word(a) == "DISTINCT" && a + 1 < b {
            a += 1;
        }
        // A tuple literal of intervals (see [`Tr::tuple_literal`]).
        if self.toks.get(a) == Some(&Tok::Sym("(")) && closing(self.toks, a) == Some(b - 1) {
            let items = self.list_items(a + 1, b - 1);
            if items.len() > 1
                && items
                    .iter()
                    .all(|(s, e)| self.expr_ty(*s, *e, scope) == Ty::Interval)
            {
                return Ty::Interval;
            }
        }
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
        // `and`/`or`/`not` of a `Bool` operand is a `Bool` (ClickHouse 25.5.2 and 25.8.2
        // (chDB) agree: `NOT passed`, `passed AND 1`, `1 OR passed` are `Bool`; `1 AND 2`,
        // `(NOT passed) = 1` a `UInt8`).
        if let Some(ty) = self.logical_ty(a, b, scope) {
            return ty;
        }
        // The operators outside parentheses.
        let mut depth = 0i64;
        let mut additive = None;
        let mut multiplicative = None;
        // (`||` binds tighter than a comparison, `LIKE` or `AND`: `'x' || outcome LIKE 'x%'`
        // is a `UInt8`.)
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
                Some(Tok::Sym("=" | "==")) if self.bool_equality(a, k, b, scope) => {
                    return Ty::Bool
                }
                Some(Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=")) => {
                    return Ty::Int(IntTy::U8)
                }
                Some(Tok::Word(w))
                    if matches!(
                        w.to_ascii_uppercase().as_str(),
                        "AND" | "OR" | "NOT" | "IN" | "LIKE" | "ILIKE" | "BETWEEN" | "IS"
                    ) =>
                {
                    return Ty::Int(IntTy::U8)
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
                    _ if interval || right == Ty::Interval => self.moved_ty(left, k + 1, b),
                    _ if !right.is_time() => left,
                    Ty::Nanos(_) => Ty::DecimalNanos,
                    _ if matches!(left, Ty::Nanos(_)) => Ty::DecimalNanos,
                    Ty::DateTime64(_) => Ty::Decimal,
                    _ if matches!(left, Ty::DateTime64(_)) => Ty::Decimal,
                    // (A `Date` less a `Date`, a `DateTime` less a `DateTime`: an `Int32`, as
                    // ClickHouse 25.5.2 and 25.8.2 (chDB) agree.)
                    _ => Ty::Int(IntTy::I32),
                };
            }
            let right = self.expr_ty(k + 1, b, scope);
            // `INTERVAL … + time`; intervals of intervals (of one kind, ClickHouse's
            // `Interval`; see `Intervals`).
            if left == Ty::Interval && right.is_time() {
                return self.moved_ty(right, a, k);
            }
            // `n + time`: n days of a `Date`, seconds of a `DateTime`.
            if matches!(left, Ty::Int(_) | Ty::Float | Ty::Bool) && right.is_time() && op == "+" {
                return right;
            }
            if left == Ty::Interval && right == Ty::Interval {
                return Ty::Interval;
            }
            return Ty::numeric(left, right, op);
        }
        if let Some((k, op)) = multiplicative {
            return match op {
                "/" => Ty::Float,
                "%" => match (self.expr_ty(a, k, scope), self.expr_ty(k + 1, b, scope)) {
                    (Ty::Float, _) | (_, Ty::Float) => Ty::Float,
                    (l, r) => Ty::Int(IntTy::modulo(l, r)),
                },
                _ => Ty::numeric(self.expr_ty(a, k, scope), self.expr_ty(k + 1, b, scope), op),
            };
        }
        // `x[i]`: of the type of `x`'s elements.
        if let Some(open) = self.subscript_of(a, b) {
            return self.subscript_ty(a, open, scope).unwrap_or(Ty::Unknown);
        }
        match (self.toks.get(a), b - a) {
            // (`-1` is ClickHouse's literal of an `Int8`, and `-x` of an integer its negation.)
            (Some(Tok::Sym("-")), _) => {
                if let (Some(Tok::Num(n)), 2) = (self.toks.get(a + 1), b - a) {
                    if !n.contains(['.', 'e', 'E']) {
                        return Ty::Int(IntTy::literal(n, true));
                    }
                }
                // (Of a `Bool`, a `UInt8`'s: `-true` is the `Int16` -1.)
                return match self.expr_ty(a + 1, b, scope) {
                    t @ (Ty::Int(_) | Ty::Bool) => {
                        Ty::Int(IntTy::of(t).map_or(IntTy::ANY, IntTy::negated))
                    }
                    t => t,
                };
            }
            (Some(Tok::Num(n)), 1) => {
                return if n.contains(['.', 'e', 'E']) {
                    Ty::Float
                } else {
                    Ty::Int(IntTy::literal(n, false))
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
                    return self.typing_alias(name, || self.expr_ty(s, e, scope));
                }
                return Self::resolve_in(scope, w).map_or(Ty::Unknown, |(_, t)| t);
            }
            (Some(Tok::Sym("[")), _) => return self.built_array(a, b, scope),
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
            "count" | "uniq" | "uniqexact" | "countif" | "length" => Ty::Int(IntTy::U64),
            "toint32" => Ty::Int(IntTy::I32),
            // (`EXTRACT(unit FROM t)`, written as `toInt64` of its field, is ClickHouse's
            // `toYear`, a `UInt16`, or `toMonth`, `toHour`, …, a `UInt8`: see `casts.rs`.)
            // (A `CAST` to another width or to `Bool` is written as `toInt64` too, [`Narrowed`].)
            "toint64" => match self
                .spelled
                .get(&a)
                .map(|s| (s.prefix.as_str(), s.narrowed))
            {
                Some((_, Some(Narrowed::Int { bits, signed }))) => {
                    Ty::Int(IntTy::width(bits, signed))
                }
                Some((_, Some(Narrowed::Bool))) => Ty::Bool,
                Some((_, Some(Narrowed::Decimal { .. }))) => Ty::Decimal,
                Some(("toYear(", _)) => Ty::Int(IntTy::U16),
                Some((p, _)) if p.starts_with("to") => Ty::Int(IntTy::U8),
                _ => Ty::Int(IntTy::I64),
            },
            "tounixtimestamp64milli" => Ty::Int(IntTy::I64),
            "startswith" | "endswith" | "has" | "hasany" | "hasall" => Ty::Int(IntTy::U8),
            "avg" | "tofloat64" => Ty::Float,
            // (Of a `Decimal`, ClickHouse's `Decimal128` of its scale: written as one.)
            "sum" | "sumif" => match arg(0) {
                Ty::Float => Ty::Float,
                Ty::Unknown => Ty::Unknown,
                Ty::Decimal => Ty::Decimal,
                t => Ty::Int(IntTy::of(t).map_or(IntTy::ANY, IntTy::summed)),
            },
            // (Of a `Bool`, a `UInt8`'s.)
            "abs" => match arg(0) {
                t @ (Ty::Int(_) | Ty::Bool) => {
                    Ty::Int(IntTy::of(t).map_or(IntTy::ANY, IntTy::absolute))
                }
                t => t,
            },
            "min" | "max" | "any" | "round" | "floor" | "ceil" => arg(0),
            "coalesce" => Ty::common((0..self.coalesce_typed(a + 1, scope).len()).map(arg)),
            "if" => common(1),
            "arrayjoin" => args
                .first()
                .map_or(Ty::Unknown, |(s, e)| self.element_ty(*s, *e, scope)),
            "grouparray" | "groupuniqarray" | "arrayfilter" => self.built_array(a, b, scope),
            // (`concat` of arrays only is their concatenation, an array: not run, see
            // `concat_not_run`.)
            "concat"
                if args.len() > 1
                    && args
                        .iter()
                        .all(|(s, e)| self.expr_ty(*s, *e, scope).is_array()) =>
            {
                Ty::Unknown
            }
            "lower" | "upper" | "substring" | "concat" | "trim" | "tostring" | "formatdatetime"
            | "jsonextractstring" => Ty::Str,
            "now" | "todatetime" | "tostartofminute" | "tostartofhour" | "tostartofday" => {
                Ty::DateTime
            }
            "now64" | "todatetime64" => {
                let p = args
                    .get(usize::from(f == "todatetime64"))
                    .and_then(|(s, _)| scale(self.toks.get(*s)))
                    .unwrap_or(3);
                if self.nanos && p > 6 {
                    Ty::Nanos(p)
                } else {
                    Ty::DateTime64(p)
                }
            }
            "fromunixtimestamp64milli" => Ty::DateTime64(3),
            "today" | "todate" | "tostartofweek" | "tostartofmonth" | "tostartofquarter"
            | "tostartofyear" => Ty::Date,
            // Of a `DateTime64`, 25.6 answers a `Date32` or a `DateTime64(0)` (date_trunc.cpp
            // with `function_date_trunc_return_type_behavior` 0, its default; chDB 3.6.0
            // (ClickHouse 25.5.2) and 3.7.2 (25.8.2) agree: `toString(date_trunc('hour',
            // toDateTime64(…, 3)))` has no fraction): the `Date32` is written as a `Date` is.
            "date_trunc" => match args.first().and_then(|(s, _)| self.toks.get(*s)) {
                Some(Tok::Str(unit))
                    if matches!(
                        unit.to_ascii_lowercase().as_str(),
                        "week" | "month" | "quarter" | "year"
                    ) =>
                {
                    Ty::Date
                }
                unit @ Some(Tok::Str(_))
                    if super::emit::sub_second_unit(unit).is_some()
                        && matches!(arg(1), Ty::DateTime64(_) | Ty::Nanos(_)) =>
                {
                    Ty::DateTime64(super::emit::sub_second_unit(unit).unwrap_or_default())
                }
                _ if matches!(arg(1), Ty::DateTime64(_) | Ty::Nanos(_)) => Ty::DateTime64(0),
                _ => Ty::DateTime,
            },
            _ => Ty::Unknown,
        }
    }

    /// The type of the array `[a, b)` that a literal, `groupArray`, `groupUniqArray` or
    /// `arrayFilter` makes: its innermost elements' type where it is told, their depth and
    /// whether they are `Nullable`.
    fn built_array(&self, a: usize, b: usize, scope: &[Src]) -> Ty {
        let Some(time) = self.leaf_element_ty(a, b, scope) else {
            return Ty::Array(None);
        };
        // (Its innermost elements are `Nullable` as its argument's are, of `groupArray` of
        // arrays or `arrayFilter`; `groupArray` of others skips `NULL`s.)
        let arg_leaf =
            |arg: Option<&(usize, usize)>| match arg.map(|(s, e)| self.expr_ty(*s, *e, scope)) {
                Some(Ty::Array(Some(leaf))) => Some(leaf.nullable()),
                _ => None,
            };
        let nullable = match self.whole_call(a, b).as_deref() {
            Some("grouparray" | "groupuniqarray") => {
                arg_leaf(self.arguments(a + 1).first()).unwrap_or(false)
            }
            Some("arrayfilter") => arg_leaf(self.arguments(a + 1).last())
                .unwrap_or_else(|| self.told_nullable(a, b, scope)),
            _ => self.told_nullable(a, b, scope),
        };
        // How deep its times are: one more than in its elements (`arrayFilter`: as in its
        // array).
        let depth = |t: Ty| match t {
            Ty::Array(Some(leaf)) => leaf.depth(),
            _ => 0,
        };
        let args = || self.arguments(a + 1);
        let inner = match self.toks.get(a) {
            Some(Tok::Sym("[")) => self
                .list_items(a + 1, b.saturating_sub(1))
                .into_iter()
                .map(|(s, e)| depth(self.expr_ty(s, e, scope)))
                .max()
                .unwrap_or(0),
            Some(Tok::Word(f)) if f.eq_ignore_ascii_case("arrayfilter") => args()
                .last()
                .map_or(1, |(s, e)| depth(self.expr_ty(*s, *e, scope)))
                .saturating_sub(1),
            _ => args()
                .first()
                .map_or(0, |(s, e)| depth(self.expr_ty(*s, *e, scope))),
        };
        let depth = inner.saturating_add(1);
        // (Of no element told, an empty literal's or `[NULL]`'s: `Nothing`.)
        let leaf = match time {
            Ty::Unknown => Some(ArrayLeaf::nothing(depth)),
            t => ArrayLeaf::of(t, depth),
        };
        Ty::Array(leaf.map(|l| l.nullable_if(nullable)))
    }

    /// The name, in lowercase, of the call that is the whole of `[a, b)` (`f(…)`), if it is one.
    pub(super) fn whole_call(&self, a: usize, b: usize) -> Option<String> {
        match self.toks.get(a) {
            Some(Tok::Word(f))
                if self.toks.get(a + 1) == Some(&Tok::Sym("("))
                    && closing(self.toks, a + 1).map(|c| c + 1) == Some(b) =>
            {
                Some(f.to_ascii_lowercase())
            }
            _ => None,
        }
    }

    /// The type of an element of the array `[a, b)`: of an array literal, its first known
    /// element's; of `if`/`coalesce`, its arrays' common one; of `arrayFilter`, its array's;
    /// of a column (`tags`), a tag's; through parentheses and aliases ([`Tr::array_source`]).
    pub(super) fn element_ty(&self, a: usize, b: usize, scope: &[Src]) -> Ty {
        let (a, b) = self.array_source(a, b);
        let call = self.whole_call(a, b);
        let args = || self.arguments(a + 1);
        match (self.toks.get(a), call.as_deref()) {
            // (A source's column of arrays of intervals, see [`IntervalColumn::array`].)
            (Some(Tok::Word(w)), None) if b == a + 1 && self.array_column(w).is_some() => {
                Ty::Interval
            }
            (Some(Tok::Sym("[")), _) => self
                .list_items(a + 1, b.saturating_sub(1))
                .into_iter()
                .map(|(s, e)| self.expr_ty(s, e, scope))
                .find(|t| *t != Ty::Unknown)
                .unwrap_or(Ty::Unknown),
            (_, Some("if")) => Ty::common(
                args()
                    .into_iter()
                    .skip(1)
                    .map(|(s, e)| self.element_ty(s, e, scope)),
            ),
            (_, Some("coalesce")) => Ty::common(
                self.coalesce_typed(a + 1, scope)
                    .into_iter()
                    .map(|(s, e)| self.element_ty(s, e, scope)),
            ),
            (_, Some("arrayfilter")) => args()
                .last()
                .map_or(Ty::Unknown, |(s, e)| self.element_ty(*s, *e, scope)),
            (_, Some("grouparray" | "groupuniqarray")) => args()
                .first()
                .map_or(Ty::Unknown, |(s, e)| self.expr_ty(*s, *e, scope)),
            // (A column of arrays whose elements are told: a subquery's too.)
            (Some(Tok::Word(w)), None) if b == a + 1 => match Self::resolve_in(scope, w) {
                Some((_, Ty::Array(Some(leaf)))) => leaf.element(),
                _ => Ty::Str,
            },
            _ => Ty::Str,
        }
    }

    /// The type of the innermost elements of the array `[a, b)` where it comes from
    /// tells it: an array literal (of array literals, their elements'), `groupArray`/`groupUniqArray`,
    /// `if`/`coalesce`/`arrayFilter` of such, a column whose type tells them (a public table's
    /// `tags`, a subquery's column of such arrays). `None` elsewhere (an array literal holding
    /// a column of arrays, whose text it holds).
    pub(super) fn leaf_element_ty(&self, a: usize, b: usize, scope: &[Src]) -> Option<Ty> {
        let key = self.memo_key(a, b, scope);
        let known = self.memo.borrow().leaf.get(&key).copied();
        if let Some(ty) = known {
            return ty;
        }
        self.memo_call(|| {
            // (Past the deadline, the translation is the timeout whatever it finds.)
            if out_of_time() {
                return None;
            }
            let ty = self.found_leaf_ty(a, b, scope);
            self.memo.borrow_mut().leaf.insert(key, ty);
            ty
        })
    }

    /// [`Tr::leaf_element_ty`], found.
    fn found_leaf_ty(&self, a: usize, b: usize, scope: &[Src]) -> Option<Ty> {
        // (The argument of `f(DISTINCT x)` is `x`'s.)
        let a = if self.word(a) == "DISTINCT" && a + 1 < b {
            a + 1
        } else {
            a
        };
        let (a, b) = self.array_source(a, b);
        // (An element of an array of arrays has its innermost elements.)
        if let Some(open) = self.subscript_of(a, b) {
            return self.leaf_element_ty(a, open, scope);
        }
        // (An array in an array literal is held as an array where its elements are told, see
        // [`Tr::emit`]'s `nested`; another holds its text.)
        let leaf = |s: usize, e: usize| match self.expr_ty(s, e, scope) {
            Ty::Array(Some(_)) => self.leaf_element_ty(s, e, scope),
            Ty::Array(None) | Ty::Unknown => None,
            t => Some(t),
        };
        let call = self.whole_call(a, b);
        let args = || self.arguments(a + 1);
        match (self.toks.get(a), call.as_deref()) {
            (Some(Tok::Sym("[")), _) => {
                let types: Option<Vec<Ty>> = self
                    .list_items(a + 1, b.saturating_sub(1))
                    .into_iter()
                    .filter(|(s, e)| *e != s + 1 || self.word(*s) != "NULL")
                    .map(|(s, e)| leaf(s, e))
                    .collect();
                types.map(|t| Ty::common(t.into_iter()))
            }
            (_, Some("if" | "coalesce")) => {
                let values = match call.as_deref() {
                    Some("if") => args().into_iter().skip(1).collect(),
                    _ => self.coalesce_typed(a + 1, scope),
                };
                let types: Option<Vec<Ty>> = values
                    .into_iter()
                    .map(|(s, e)| self.leaf_element_ty(s, e, scope))
                    .collect();
                types.map(|t| Ty::common(t.into_iter()))
            }
            (_, Some("arrayfilter")) => args()
                .last()
                .and_then(|(s, e)| self.leaf_element_ty(*s, *e, scope)),
            // (`groupArray` of arrays keeps them arrays, see `ch_group_array_of_arrays`.)
            (_, Some("grouparray" | "groupuniqarray")) => {
                args()
                    .first()
                    .and_then(|(s, e)| match self.expr_ty(*s, *e, scope) {
                        Ty::Array(_) => self.leaf_element_ty(*s, *e, scope),
                        _ => leaf(*s, *e),
                    })
            }
            // (A source's column of arrays of intervals, see [`IntervalColumn::array`].)
            (Some(Tok::Word(w)), None) if b == a + 1 && self.array_column(w).is_some() => {
                Some(Ty::Interval)
            }
            // (A column whose type tells them: `tags`, a subquery's column of such arrays.)
            (Some(Tok::Word(w)), None) if b == a + 1 => match Self::resolve_in(scope, w)? {
                (_, Ty::Array(Some(leaf))) => Some(leaf.ty()),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether the `[` at `k` opens a subscript (`a[1]`, ClickHouse's `arrayElement`; the
    /// AfterShip parser reads `expr[…]` after an operand as `ObjectParams`, which upstream's
    /// validation lets through) rather than an array literal: it follows an operand (a name
    /// that is no keyword nor clause word, `ARRAY JOIN [1, 2]`, `WITH [1] AS a`; `)` or `]`).
    pub(super) fn subscript_at(&self, k: usize) -> bool {
        self.toks.get(k) == Some(&Tok::Sym("["))
            && match k.checked_sub(1).and_then(|p| self.toks.get(p)) {
                Some(t @ Tok::Word(_)) => {
                    let w = upper(t);
                    !KEYWORDS.contains(&w.as_str())
                        && !SOURCE_END.contains(&w.as_str())
                        && w != "WITH"
                }
                Some(Tok::Sym(")" | "]")) => true,
                _ => false,
            }
    }

    /// The `[` of the subscript that `[a, b)` is all of (`x[i]`, `x` starting at `a`).
    pub(super) fn subscript_of(&self, a: usize, b: usize) -> Option<usize> {
        if self.toks.get(b.checked_sub(1)?) != Some(&Tok::Sym("]")) {
            return None;
        }
        let open = (a..b)
            .rev()
            .find(|k| self.subscript_at(*k) && self.bracket_close(*k) == Some(b - 1))?;
        (self.primary_start(open) == Some(a)).then_some(open)
    }

    /// The type of the elements of the array `[a, b)` a subscript reads: as its type tells
    /// them (an array of arrays' an array), else an array of an array literal of arrays, else
    /// the innermost elements' ([`Tr::leaf_element_ty`]); `None` where that is not told.
    pub(super) fn subscript_ty(&self, a: usize, b: usize, scope: &[Src]) -> Option<Ty> {
        if let Ty::Array(Some(leaf)) = self.expr_ty(a, b, scope) {
            if !leaf.is_nothing() {
                return Some(leaf.element());
            }
        }
        let (s, e) = self.array_source(a, b);
        let literal = self.toks.get(s) == Some(&Tok::Sym("["))
            && !self.subscript_at(s)
            && self.bracket_close(s) == Some(e - 1);
        let nested = literal
            && self
                .list_items(s + 1, e - 1)
                .iter()
                .any(|(x, y)| self.expr_ty(*x, *y, scope).is_array());
        if nested {
            return Some(match self.built_array(a, b, scope) {
                Ty::Array(Some(leaf)) => leaf.element(),
                _ => Ty::Array(None),
            });
        }
        self.leaf_element_ty(a, b, scope)
            .filter(|t| *t != Ty::Unknown)
    }

    /// Whether the elements of the array `[a, b)` are of a `Nullable` type (a subscript out
    /// of its range is then `NULL`, not the type's default): as its type tells them (a
    /// subquery's column too; an array of arrays' elements are arrays, never `Nullable`), else
    /// as [`Tr::told_nullable`] finds them.
    pub(super) fn nullable_elements(&self, a: usize, b: usize, scope: &[Src]) -> bool {
        match self.expr_ty(a, b, scope) {
            Ty::Array(Some(leaf)) => leaf.depth() == 1 && leaf.nullable(),
            _ => self.told_nullable(a, b, scope),
        }
    }

    /// Whether the scalar subquery whose `(` is at `k` is `Nullable`: wherever its type can be,
    /// all but an array here (ClickHouse's evaluateScalarSubqueryIfNeeded,
    /// wrap_with_nullable_or_tuple, of a row or none).
    fn scalar_nullable(&self, k: usize) -> bool {
        !self.scalar_types.get(&k).is_some_and(|t| t.is_array())
    }

    /// Whether the elements of the array `[a, b)` are `Nullable` where it is written: an
    /// array literal with a `NULL`, a `Nullable` column (as [`Tr::item_nullables`] tells an
    /// item) or a scalar subquery in it, `if` or `coalesce` of one, `arrayFilter` over one.
    /// (`groupArray` skips `NULL`s: its elements are not `Nullable`.)
    fn told_nullable(&self, a: usize, b: usize, scope: &[Src]) -> bool {
        let (a, b) = self.array_source(a, b);
        match self.toks.get(a) {
            Some(Tok::Sym("[")) if !self.subscript_at(a) => {
                let mut k = a + 1;
                while k < b {
                    match self.toks.get(k) {
                        Some(Tok::Sym("("))
                            if matches!(self.word(k + 1).as_str(), "SELECT" | "WITH") =>
                        {
                            if self.scalar_nullable(k) {
                                return true;
                            }
                            k = closing(self.toks, k).map_or(b, |c| c + 1);
                            continue;
                        }
                        Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NULL") => {
                            let before = k.checked_sub(1).map(|p| self.word(p)).unwrap_or_default();
                            if before != "IS" && before != "NOT" {
                                return true;
                            }
                        }
                        Some(Tok::Word(w)) if Self::nullable_column(scope, w) => return true,
                        _ => {}
                    }
                    k += 1;
                }
                false
            }
            Some(Tok::Word(f)) if self.toks.get(a + 1) == Some(&Tok::Sym("(")) => {
                let args = self.arguments(a + 1);
                match f.to_ascii_lowercase().as_str() {
                    "if" => args
                        .iter()
                        .skip(1)
                        .any(|(s, e)| self.nullable_elements(*s, *e, scope)),
                    "coalesce" => self
                        .coalesce_typed(a + 1, scope)
                        .iter()
                        .any(|(s, e)| self.nullable_elements(*s, *e, scope)),
                    "arrayfilter" => args
                        .last()
                        .is_some_and(|(s, e)| self.nullable_elements(*s, *e, scope)),
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// Values that meet in one type (`if`'s branches, `coalesce`'s arguments, `CASE`'s
    /// branches, an array literal's elements) whose first is a `Bool` (or an array of them)
    /// beside `UInt8`s and `Bool`s only: their common type is the `Bool` ([`Ty::common`]),
    /// which ClickHouse converts each `UInt8` to (`if(c, passed, 2)` is `true` where it takes
    /// the 2, `[passed, 2]` `[…, true]`; ClickHouse 25.5.2 and 25.8.2 (chDB) agree). Here a
    /// `UInt8` keeps its value, so one other than the literal `0` or `1` is not run.
    pub(super) fn check_bool_first(
        &self,
        values: &[(usize, usize)],
        scope: &[Src],
    ) -> Result<(), ApiError> {
        let typed: Vec<(usize, usize, Ty)> = values
            .iter()
            .filter_map(|&(s, e)| self.value_ty(s, e, scope).map(|t| (s, e, t)))
            .filter(|(_, _, t)| *t != Ty::Unknown)
            .collect();
        let leaf = |t: Ty| t.leaf_ty().unwrap_or(t);
        let first_bool = typed.first().is_some_and(|(_, _, t)| leaf(*t) == Ty::Bool);
        if !first_bool
            || !typed
                .iter()
                .all(|(_, _, t)| leaf(*t) == Ty::Bool || leaf(*t).is_u8())
        {
            return Ok(());
        }
        let zero_or_one = |s: usize, e: usize| {
            let (s, e) = self.unparenthesized(s, e);
            matches!(self.toks.get(s..e), Some([Tok::Num(n)]) if n == "0" || n == "1")
        };
        if typed
            .iter()
            .any(|&(s, e, t)| leaf(t).is_u8() && !(t.is_u8() && zero_or_one(s, e)))
        {
            return Err(unsupported(BOOL_BESIDE_UINT8));
        }
        Ok(())
    }

    /// The arguments of the `coalesce(` whose `(` is at `open` that its type is of:
    /// FunctionCoalesce keeps the arguments up to the first that is not `Nullable` and drops
    /// the rest from its type, so `coalesce(outcome, 1)` is `outcome`'s `String` and
    /// `coalesce(['a'], 1)` an `Array(String)`, with no common type looked for (ClickHouse
    /// 25.5.2 and 25.8.2 (chDB) agree); every argument where all are `Nullable`.
    pub(super) fn coalesce_typed(&self, open: usize, scope: &[Src]) -> Vec<(usize, usize)> {
        let mut args = self.arguments(open);
        if let Some(p) = args
            .iter()
            .position(|(s, e)| !self.expr_nullable(*s, *e, scope))
        {
            args.truncate(p + 1);
        }
        args
    }

    /// The type of `CASE … END` over `[a, b)`: its branches' (`THEN`, `ELSE`) common type
    /// ([`Ty::common`]).
    pub(super) fn case_ty(&self, a: usize, b: usize, scope: &[Src]) -> Ty {
        let branches = self.case_branches(a, b).map(|(v, _)| v).unwrap_or_default();
        Ty::common(branches.iter().map(|(s, e)| self.expr_ty(*s, *e, scope)))
    }

    /// Whether `[s, e)` reads a column of `scope` or an `ARRAY JOIN` alias (a name not
    /// called), so is no constant.
    fn reads_a_column(&self, s: usize, e: usize, scope: &[Src]) -> bool {
        (s..e).any(|k| match self.toks.get(k) {
            Some(Tok::Word(w)) => {
                self.toks.get(k + 1) != Some(&Tok::Sym("("))
                    && (Self::resolve_in(scope, w).is_some()
                        || self.array_aliases.contains_key(&w.to_ascii_lowercase()))
            }
            _ => false,
        })
    }

    /// ClickHouse's refusal of a `DateTime64` scale above 9 (ARGUMENT_OUT_OF_BOUND) or of a
    /// string (ILLEGAL_TYPE_OF_ARGUMENT) as the `n`-th argument of the call at `i`, upstream's
    /// "Invalid analytics query".
    pub(super) fn check_scale(&self, i: usize, n: usize) -> Result<(), ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        if let Some(&(s, e)) = self.arguments(i + 1).get(n) {
            // A column read is no constant ("… 2nd argument 'scale' to function
            // 'toDateTime64'. Expected: const Integer, got: UInt64"), and a negative literal
            // other than `-0` is out of bounds ("Scale 255 is out of bounds"): ClickHouse
            // 25.5.2 and 25.8.2 (chDB) agree; upstream's "Invalid analytics query".
            let column = self.reads_a_column(s, e, scope);
            let negative = match self.toks.get(s..e) {
                Some([Tok::Sym("-"), Tok::Num(v)]) => v.parse::<f64>() != Ok(0.0),
                _ => false,
            };
            if column || negative {
                return Err(query_error("Invalid analytics query"));
            }
        }
        match self
            .arguments(i + 1)
            .get(n)
            .and_then(|(s, _)| self.toks.get(*s))
        {
            tok @ Some(Tok::Num(_)) if scale(tok).is_none() => {
                Err(query_error("Invalid analytics query"))
            }
            // A string is no integer scale (ILLEGAL_TYPE_OF_ARGUMENT).
            Some(Tok::Str(_)) => Err(query_error("Invalid analytics query")),
            _ => Ok(()),
        }
    }

    /// ClickHouse's type checks of the arguments of the call at `i` (`name(`, `lower` its
    /// lower-case name), as [`argument_types`] lists them: an argument of a type the function
    /// does not take is ILLEGAL_TYPE_OF_ARGUMENT (ILLEGAL_COLUMN for a non-constant format),
    /// upstream's "Invalid analytics query"; an array where its values would be ordered is
    /// not run. A type not known here passes.
    pub(super) fn check_argument_types(&self, i: usize, lower: &str) -> Result<(), ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        // `quantile(level)(x)`: its values are in its second parentheses.
        let open = match closing(self.toks, i + 1) {
            Some(c) if lower == "quantile" && self.toks.get(c + 1) == Some(&Tok::Sym("(")) => c + 1,
            _ => i + 1,
        };
        let args = self.arguments(open);
        // (`startsWith`/`endsWith` of two strings or of two arrays, FunctionStartsEndsWith.h:
        // a string beside an array is its ILLEGAL_TYPE_OF_ARGUMENT.)
        if matches!(lower, "startswith" | "endswith") {
            let tys: Vec<Ty> = args
                .iter()
                .map(|&(s, e)| self.expr_ty(s, e, scope))
                .collect();
            if tys.iter().any(|t| t.is_array()) && tys.contains(&Ty::Str) {
                return Err(query_error("Invalid analytics query"));
            }
            // Of two arrays ClickHouse tests the elements (`startsWith(['a', 'b'], ['a'])` is
            // 1, `startsWith(x, [])` 1: ClickHouse 25.5.2 and 25.8.2 (chDB) agree), which is
            // not written here.
            // (An array beside a number or a time is ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT, as
            // `Takes::TextOrArray` answers below.)
            if tys.len() > 1 && tys.iter().all(|t| t.is_array()) {
                return Err(unsupported("startsWith or endsWith of arrays"));
            }
        }
        for (n, takes) in argument_types(lower) {
            let n = match *n {
                LAST => args.len().saturating_sub(1),
                n => n,
            };
            let Some((s, e)) = args.get(n).copied() else {
                continue;
            };
            // (An `AND`, `OR` or `NOT` of a string or an array is refused by `and`/`not`
            // first: `countIf(NOT external_id)`, see `Tr::check_condition`.)
            if matches!(takes, Takes::Condition) && self.refused_by_and(s, e) {
                return Err(query_error("Invalid analytics query"));
            }
            let ty = self.expr_ty(s, e, scope);
            match takes.refusal(ty) {
                Some(Refusal::Error) => return Err(query_error("Invalid analytics query")),
                Some(Refusal::NotRun) => return Err(unsupported("ordering arrays")),
                None => {}
            }
            // (formatDateTime: "Illegal column … of second ('format') argument of function
            // formatDateTime. Must be constant string", FunctionFormatDateTime.cpp: a column
            // read is no constant.)
            if matches!(takes, Takes::ConstantText) {
                let column = (s..e).any(|k| match self.toks.get(k) {
                    Some(Tok::Word(w)) => {
                        self.toks.get(k + 1) != Some(&Tok::Sym("("))
                            && Self::resolve_in(scope, w).is_some()
                    }
                    _ => false,
                });
                if column {
                    return Err(query_error("Invalid analytics query"));
                }
            }
        }
        // The digits of `round`/`floor`/`ceil` read from a column: ClickHouse takes them row by
        // row and fails once one is out of its range ("Scale argument for rounding function is
        // too large", ARGUMENT_OUT_OF_BOUND: ClickHouse 25.5.2 and 25.8.2 (chDB) agree on
        // `round(spent_credits, time)`), which is not followed here (after the type checks
        // above, whose errors come first).
        if matches!(lower, "round" | "floor" | "ceil") {
            if let Some(&(s, e)) = args.get(1) {
                let column = self.reads_a_column(s, e, scope);
                if column {
                    return Err(unsupported(
                        "round, floor or ceil to a number of digits read from a column",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The operands of `[NOT] LIKE` or `[NOT] ILIKE` at `i` (the `LIKE`/`ILIKE` word; before
    /// `b`), its sides at a comparison's precedence, as `like`'s arguments in
    /// [`argument_types`]: `tags LIKE '%a%'`, `spent_credits LIKE '1%'` or `outcome LIKE 5`
    /// is ClickHouse's ILLEGAL_TYPE_OF_ARGUMENT, upstream's "Invalid analytics query".
    pub(super) fn check_like_operands(&self, i: usize, b: usize) -> Result<(), ApiError> {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        let op = match i.checked_sub(1) {
            Some(p) if self.word(p) == "NOT" => p,
            _ => i,
        };
        // (`true`/`false`, keywords to the operand scans, are a `Bool` operand.)
        let boolean = |k: usize| matches!(self.word(k).as_str(), "TRUE" | "FALSE");
        let left = match self.comparison_left(op) {
            l if l == op && op > 0 && boolean(op - 1) => op - 1,
            l => l,
        };
        let right = match self.comparison_right_end(i + 1, b) {
            r if r == i + 1 && boolean(i + 1) => i + 2,
            r => r,
        };
        let sides = [(left, op), (i + 1, right)];
        for (n, takes) in argument_types("like") {
            let Some((s, e)) = sides.get(*n).copied().filter(|(s, e)| s < e) else {
                continue;
            };
            if matches!(
                takes.refusal(self.expr_ty(s, e, scope)),
                Some(Refusal::Error)
            ) {
                return Err(query_error("Invalid analytics query"));
            }
        }
        Ok(())
    }

    /// The type of the first argument of the call at `i` (`name(`) in the current `SELECT`.
    /// Of `round`/`floor`/`ceil` at `i` of two arguments whose first is an integer of 8, 16
    /// or 32 bits (a literal's type, `-125` an `Int8`; `toYear(t)` a `UInt16`): its width and
    /// whether it is signed. ClickHouse computes such a rounding to tens, hundreds, … in that
    /// type (its IntegerRoundingComputation, [`super::sqlite::narrow_rounding`]), so it wraps
    /// where the value steps past it.
    pub(super) fn narrow_rounding(&self, i: usize) -> Option<(u8, bool)> {
        if self.arguments(i + 1).len() != 2 {
            return None;
        }
        match self.first_arg_ty(i) {
            Ty::Int(it) => it
                .known_bits()
                .filter(|b| *b < 64)
                .map(|b| (b, it.is_signed())),
            _ => None,
        }
    }

    pub(super) fn first_arg_ty(&self, i: usize) -> Ty {
        self.arg_ty(i, 0)
    }

    /// Whether the first argument of the call at `i` in the current `SELECT` is `Nullable`
    /// ([`Tr::expr_nullable`]).
    pub(super) fn first_arg_nullable(&self, i: usize) -> bool {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        self.arguments(i + 1)
            .first()
            .is_some_and(|(s, e)| self.expr_nullable(*s, *e, scope))
    }

    /// The type of the `n`-th argument (from 0) of the call at `i` in the current `SELECT`.
    pub(super) fn arg_ty(&self, i: usize, n: usize) -> Ty {
        let scope = self.scopes.last().map(Vec::as_slice).unwrap_or_default();
        match self.arguments(i + 1).get(n) {
            Some((s, e)) => self.expr_ty(*s, *e, scope),
            None => Ty::Unknown,
        }
    }
}

/// What an argument of a function takes, where ClickHouse refuses other types as it builds
/// the function ([`argument_types`]).
#[derive(Debug, Clone, Copy)]
pub(super) enum Takes {
    /// A number (an integer, a `Bool`, a float or a decimal): no string, array or time.
    Number,
    /// A string: no number, array or time.
    Text,
    /// A constant string (no number, array or time, nor a column read).
    ConstantText,
    /// A string or an array: no number or time.
    TextOrArray,
    /// The condition of an `-If` combinator: a `UInt8` (a `Bool`, a comparison, …) only.
    Condition,
    /// A number or a time: no string or array.
    Quantity,
    /// Any type, its values ordered: an array is not run (ClickHouse compares arrays
    /// element by element, here they are JSON text).
    Ordered,
    /// An array: no number, string or time.
    Array,
    /// An integer (or a `Bool`): no string, array, time, float or decimal.
    Integer,
    /// A string or an integer (a JSON key or index): no array, time, float or decimal.
    Key,
    /// Anything but an array.
    NotArray,
    /// A `DateTime64`: no number, string, array, `Date` or `DateTime`.
    DateTime64,
}

/// How [`Takes`] refuses a type.
pub(super) enum Refusal {
    Error,
    NotRun,
}

impl Takes {
    /// How it refuses an argument of type `t` (`None`: taken, or not known here).
    pub(super) fn refusal(self, t: Ty) -> Option<Refusal> {
        let number = matches!(
            t,
            Ty::Int(_) | Ty::Float | Ty::Bool | Ty::Decimal | Ty::DecimalNanos
        );
        let refused = match self {
            Takes::Number => t == Ty::Str || t.is_array() || t.is_time(),
            Takes::Text | Takes::ConstantText => number || t.is_array() || t.is_time(),
            Takes::TextOrArray => number || t.is_time(),
            Takes::Condition => match t {
                Ty::Bool => false,
                Ty::Int(i) => i.bits != 0 && (i.bits != 8 || i.signed),
                _ => number || t == Ty::Str || t.is_array() || t.is_time(),
            },
            Takes::Quantity => t == Ty::Str || t.is_array(),
            Takes::Array => number || t == Ty::Str || t.is_time(),
            Takes::Integer => {
                matches!(t, Ty::Str | Ty::Float | Ty::Decimal | Ty::DecimalNanos)
                    || t.is_array()
                    || t.is_time()
            }
            Takes::Key => {
                matches!(t, Ty::Float | Ty::Decimal | Ty::DecimalNanos)
                    || t.is_array()
                    || t.is_time()
            }
            Takes::NotArray => t.is_array(),
            Takes::DateTime64 => !matches!(
                t,
                Ty::DateTime64(_) | Ty::Nanos(_) | Ty::Unknown | Ty::Interval
            ),
            Takes::Ordered => {
                return (t.ordered_as_text() && !t.array_order_key()).then_some(Refusal::NotRun)
            }
        };
        refused.then_some(Refusal::Error)
    }
}

/// The last argument of a call, in [`argument_types`].
pub(super) const LAST: usize = usize::MAX;

/// The arguments (from 0) of the functions whose argument types ClickHouse 25.6 checks, with
/// what each takes (see [`Tr::check_argument_types`]); the evidence, ClickHouse's sources:
/// - `sum`, `avg`, `sumIf`'s value: AggregateFunctionSum.cpp / AggregateFunctionAvg.cpp
///   create only for numbers and decimals ("Illegal type DateTime of argument for aggregate
///   function sum"); `round`, `floor`, `ceil`: FunctionsRound.h (`isNumber`, "must be numeric
///   type"); `abs`: FunctionUnaryArithmetic.h (its castType lists numbers and decimals only).
/// - `lower`, `upper`, `trim`, `substring`'s string: FunctionStringToString.h / LowerUpperImpl,
///   FunctionSubstring.cpp (`isStringOrFixedString`, "Illegal type UInt8 of argument");
///   `startsWith`/`endsWith`: FunctionStartsEndsWith.h (two strings, or two arrays).
/// - `like`, the operators `[NOT] LIKE` and `[NOT] ILIKE` (`like`, `notLike`, `ilike`,
///   `notILike`; [`Tr::check_like_operands`]): FunctionsStringSearch.h getReturnTypeImpl (a
///   `String`, `FixedString` or `Enum` haystack, a `String` needle, "Illegal type Int64 of
///   argument of function like").
/// - `length`: FunctionLength / length.cpp (a string, an array or a map only).
/// - `countIf`, `sumIf`'s condition: AggregateFunctionIf.cpp (`isUInt8` of the last argument
///   or `NULL`, "Illegal type Int64 of last argument for aggregate function with If suffix").
/// - `quantile`: AggregateFunctionQuantile.cpp (numbers, dates and times, decimals).
/// - `formatDateTime`'s format: FunctionFormatDateTime.cpp ("Must be constant string").
/// - `min`/`max` of arrays: ClickHouse orders them as it compares them (Field's `<` of an
///   Array, element by element), not as their JSON text: not run.
/// - `if`'s condition: FunctionIf.cpp ("Illegal type String of first argument (condition) of
///   function if. Must be UInt8"); `substring`'s offset and length: FunctionSubstring.cpp
///   (`isNativeNumber`, "Illegal type String of second argument"); the rounding functions'
///   scale: FunctionsRound.h ("Scale argument for rounding functions must have integer
///   type"); `has`, `hasAny`, `hasAll`, `arrayJoin`: FunctionArrayIndex.h ("First argument for
///   function has must be an array"), FunctionArrayHasAllAny ("Argument 0 for function hasAny
///   must be an array"), arrayJoin.cpp ("Argument for function arrayJoin must be Array");
///   `JSONExtractString`: FunctionsJSON.h (the JSON a string; each key "a string specifying
///   key or an integer specifying index"); `toUnixTimestamp64Milli` of no `DateTime64` (its
///   signature `(DateTime64) -> Int64`, FunctionUnixTimestamp64.h) and
///   `fromUnixTimestamp64Milli` of no integer: 01277_toUnixTimestamp64.sql and
///   01277_fromUnixTimestamp64.sql (`('abc')`: ILLEGAL_TYPE_OF_ARGUMENT); the scale of
///   `toDateTime64`/`now64`: FunctionsConversion's "scale" descriptor (`isNativeInteger`,
///   constant); the conversions `toInt32`, `toInt64`, `toFloat64`, `toDate`, `toDateTime`,
///   `toDateTime64` of an array: ConvertImpl has none ("Illegal type Array(String) of
///   argument of function toInt32").
///
/// [`LAST`] stands for the last argument (`countIf(cond)` or `countIf(x, cond)`).
pub(super) fn argument_types(function: &str) -> &'static [(usize, Takes)] {
    match function {
        "sum" | "avg" | "abs" => &[(0, Takes::Number)],
        "round" | "floor" | "ceil" => &[(0, Takes::Number), (1, Takes::Integer)],
        "sumif" => &[(0, Takes::Number), (1, Takes::Condition)],
        "countif" => &[(LAST, Takes::Condition)],
        "lower" | "upper" | "trim" => &[(0, Takes::Text)],
        "substring" => &[(0, Takes::Text), (1, Takes::Number), (2, Takes::Number)],
        "startswith" | "endswith" => &[(0, Takes::TextOrArray), (1, Takes::TextOrArray)],
        "like" => &[(0, Takes::Text), (1, Takes::Text)],
        "length" => &[(0, Takes::TextOrArray)],
        "quantile" => &[(0, Takes::Quantity)],
        "formatdatetime" => &[(1, Takes::ConstantText)],
        "min" | "max" => &[(0, Takes::Ordered)],
        "if" => &[(0, Takes::Condition)],
        "has" | "arrayjoin" => &[(0, Takes::Array)],
        "hasany" | "hasall" => &[(0, Takes::Array), (1, Takes::Array)],
        "jsonextractstring" => &[
            (0, Takes::Text),
            (1, Takes::Key),
            (2, Takes::Key),
            (3, Takes::Key),
            (4, Takes::Key),
            (5, Takes::Key),
            (6, Takes::Key),
            (7, Takes::Key),
        ],
        "tounixtimestamp64milli" => &[(0, Takes::DateTime64)],
        "fromunixtimestamp64milli" => &[(0, Takes::Integer)],
        "todatetime64" => &[(0, Takes::NotArray), (1, Takes::Integer)],
        "now64" => &[(0, Takes::Integer)],
        "toint32" | "toint64" | "tofloat64" | "todate" | "todatetime" => &[(0, Takes::NotArray)],
        _ => &[],
    }
}
