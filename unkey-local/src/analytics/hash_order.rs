//! The order ClickHouse's `groupUniqArray` answers its values in: its hash set's cells in turn
//! (AggregateFunctionGroupUniqArray.cpp, HashTable.h), which [`uniq_order`] finds where it does
//! not depend on the order values reached the set, and refuses ([`UNIQ_ORDER`]) where it does.
//!
//! ClickHouse's set is an open-addressing table of `2^d` cells probed linearly (`place = hash &
//! mask`, then the next cell), grown by `d += 2` (`+= 1` from 23) once it holds more than
//! `2^(d-1)` values (HashTableGrower), its zero key (`0`, an empty string) kept apart and iterated
//! first. Of a number (`UInt8` … `Int64`, `Bool` a `UInt8`, `Date` its `UInt16` days, `DateTime`
//! its `UInt32` seconds) it is `HashSetWithStackMemory<T, DefaultHash<T>, 4>`, `DefaultHash` the
//! Murmur finalizer [`int_hash64`] of the value's bytes widened to 64 bits with zeros; of any
//! other type the generic `HashSetWithSavedHashWithStackMemory<StringRef, StringRefHash, 3>` over
//! the value's bytes (a `String`'s, a `DateTime64`'s `Decimal64`, an `Interval`'s `Int64`; of
//! an array the bytes `serializeValueIntoArena` writes, [`serialize_array`]),
//! `StringRefHash` the CRC32C hash [`crc32_hash`] of the x86-64 (SSE 4.2) and aarch64 (CRC)
//! builds (base/base/StringRef.h; the stored source, newer than 25.6, keeps `std::string_view`
//! and base/base/StringViewHash.h, whose CRC32Hash repeats the 32 bits in the upper half: the
//! cells, its low bits, are the same). The `-Distinct`
//! combinator (`groupArray(DISTINCT x)`, AggregateFunctionDistinct.h) keeps numbers in the same
//! numeric set, but a `Date` or `DateTime` in its generic one, of 16 cells ([`UniqSet`]).
//!
//! In a linear-probing table whose values all have different home cells every value sits in its
//! own (a cluster's first cell holds a value whose home it is, and so on along it), whatever
//! order they came in and however the table was grown or merged; two values of one home cell
//! sit in the order they came, which parallel reading and merging leave open, so that is
//! refused. The table's size follows the count of values inserted, except: the zero key counts
//! but the check for growing runs only as another value is inserted, so a set of `2^(d-1)`
//! values and the zero key may or may not have grown; and a numeric state read back
//! (a distributed query, parallel replicas, spilling; HashTable::read sizes the table by
//! `HashTableGrower::set`, `d = log2(n - 1) + 2`) is smaller than one grown value by value past
//! 8 values, so more than 8 numbers are refused (the generic state is read back value by value).

use super::*;

impl Tr<'_> {
    /// Whether the `groupUniqArray` (or `groupArray(DISTINCT …)`) call at `i` is the whole first
    /// argument of `length`, `has`, `hasAny` or `hasAll`, which do not read its order.
    pub(super) fn order_unread(&self, i: usize) -> bool {
        let after = closing(self.toks, i + 1).and_then(|c| self.toks.get(c + 1));
        i >= 2
            && self.toks.get(i - 1) == Some(&Tok::Sym("("))
            && match self.word(i - 2).as_str() {
                "LENGTH" => after == Some(&Tok::Sym(")")),
                "HAS" | "HASANY" | "HASALL" => after == Some(&Tok::Sym(",")),
                _ => false,
            }
    }
}

/// What [`uniq_order`] raises where ClickHouse's order depends on the order values reached its
/// set (see [`super::sqlite_error`]).
pub(super) const UNIQ_ORDER: &str = "ch_uniq_order_not_run";

/// What is refused where [`UNIQ_ORDER`] is raised.
pub(super) const UNIQ_ORDER_NOT_RUN: &str = "groupUniqArray of two or more values whose order ClickHouse's hash set leaves to the order they reach it (two values of one home cell, the zero or empty value beside a resize, more than 8 numbers, or a type whose hashing is not followed here: an array of other elements than strings, numbers, Bools and times, a tuple, a float -0 or an array holding a float zero)";

/// What `groupArray(DISTINCT x)` raises where its order in ClickHouse 25.6 is not settled
/// here (see [`super::sqlite_error`]).
pub(super) const DISTINCT_ORDER: &str = "ch_distinct_order_not_run";

/// What is refused where [`DISTINCT_ORDER`] is raised.
pub(super) const DISTINCT_ORDER_NOT_RUN: &str = "groupArray(DISTINCT x) of two or more values unless the order first seen is the -Distinct combinator's hash set's (which of the two ClickHouse 25.6 answers is not settled here; that set's order of an array of other elements than strings, numbers, Bools and times, a tuple, a float -0 or an array holding a float zero is not followed)";

/// How a value is kept in ClickHouse's set, as `ch_group_uniq_array`'s second argument tells
/// it ([`UniqKind::close`], [`UniqKind::of_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UniqKind {
    /// Not followed here: answered only as one value or none.
    Unknown,
    /// An array of other elements than [`UniqKind::ArrayOf`]'s, not followed either; each
    /// value is kept as an array, not as its JSON text.
    Arrays,
    /// An array of `depth` (1 to 9: `Array(T)`, `Array(Array(T))`, …) of `leaf` elements,
    /// `Nullable` where `nullable`, kept as an array: the generic set over the bytes
    /// `serializeValueIntoArena` writes ([`serialize_array`]).
    ArrayOf {
        depth: u8,
        leaf: Leaf,
        nullable: bool,
    },
    /// Of any type where the array's order is not read (the whole first argument of `length`,
    /// `has`, `hasAny` or `hasAll`): its values in the order first seen.
    Unordered,
    /// An `Interval` (the generic set over its `Int64` count's 8 bytes), held as its count.
    Interval,
    /// A `String` (the generic set over its bytes).
    Str,
    /// An integer of this many bits (8, 16, 32, 64; a `Bool` a `UInt8`), held as an integer.
    Int(u8),
    /// A `Float64` (the numeric set over its 8 bytes), held as a float.
    Float64,
    /// A `Date` (its `UInt16` days), held as Unix ms.
    Date,
    /// A `DateTime` (its `UInt32` seconds), held as Unix ms.
    DateTime,
    /// A `DateTime64` of this scale (the generic set over its `Decimal64`'s 8 bytes): of 0 to
    /// 6 held as Unix ms (a real for µs), of 7 to 9 ([`super::Ty::Nanos`]) as Unix ns.
    DateTime64(u8),
}

impl UniqKind {
    /// The text closing a `ch_group_uniq_array(` call of it: its code and `)`.
    pub(super) fn close(self) -> &'static str {
        match self {
            UniqKind::Unknown => ", 0)",
            UniqKind::Arrays => ", -1)",
            UniqKind::ArrayOf { .. } => array_close(self.code()),
            UniqKind::Unordered => ", -2)",
            UniqKind::Interval => ", 4)",
            UniqKind::Str => ", 1)",
            UniqKind::Float64 => ", 5)",
            UniqKind::Date => ", 2)",
            UniqKind::DateTime => ", 3)",
            UniqKind::Int(8) => ", 8)",
            UniqKind::Int(16) => ", 16)",
            UniqKind::Int(32) => ", 32)",
            UniqKind::Int(_) => ", 64)",
            UniqKind::DateTime64(0) => ", 100)",
            UniqKind::DateTime64(1) => ", 101)",
            UniqKind::DateTime64(2) => ", 102)",
            UniqKind::DateTime64(3) => ", 103)",
            UniqKind::DateTime64(4) => ", 104)",
            UniqKind::DateTime64(5) => ", 105)",
            UniqKind::DateTime64(6) => ", 106)",
            UniqKind::DateTime64(7) => ", 107)",
            UniqKind::DateTime64(8) => ", 108)",
            UniqKind::DateTime64(_) => ", 109)",
        }
    }

    /// Of its SQL argument.
    pub(super) fn of_code(code: i64) -> UniqKind {
        match code {
            -1 => UniqKind::Arrays,
            ARRAY_CODES..=ARRAY_CODES_END => {
                let leaf = Leaf::of_code(code % 1000);
                let depth = u8::try_from(code / 1000 % 100).unwrap_or(0);
                match leaf {
                    Some(leaf) if (1..=9).contains(&depth) => UniqKind::ArrayOf {
                        depth,
                        leaf,
                        nullable: code / 100_000 % 10 == 1,
                    },
                    _ => UniqKind::Unknown,
                }
            }
            -2 => UniqKind::Unordered,
            4 => UniqKind::Interval,
            1 => UniqKind::Str,
            5 => UniqKind::Float64,
            2 => UniqKind::Date,
            3 => UniqKind::DateTime,
            8 | 16 | 32 | 64 => UniqKind::Int(code as u8),
            100..=109 => UniqKind::DateTime64((code - 100) as u8),
            _ => UniqKind::Unknown,
        }
    }

    /// Whether its values are arrays, each kept as one (not as its JSON text).
    pub(super) fn is_array(self) -> bool {
        matches!(self, UniqKind::Arrays | UniqKind::ArrayOf { .. })
    }

    /// The code of an array of `leaf` elements ([`UniqKind::of_code`]); 0 of another kind.
    fn code(self) -> i64 {
        match self {
            UniqKind::ArrayOf {
                depth,
                leaf,
                nullable,
            } => {
                ARRAY_CODES + 100_000 * i64::from(nullable) + 1000 * i64::from(depth) + leaf.code()
            }
            _ => 0,
        }
    }

    /// Whether ClickHouse keeps it in the numeric set of `set` (else in the generic one): an
    /// integer or a float (`createWithNumericType`, Helpers.h's numeric types), and in
    /// `groupUniqArray`'s a `Date` or `DateTime` too (its `createWithExtraTypes`; the
    /// `-Distinct` combinator's `createWithNumericType` takes only numbers,
    /// AggregateFunctionDistinct.cpp).
    fn numeric(self, set: UniqSet) -> bool {
        match self {
            UniqKind::Int(_) | UniqKind::Float64 => true,
            UniqKind::Date | UniqKind::DateTime => set == UniqSet::GroupUniqArray,
            _ => false,
        }
    }

    /// The initial degree of its set in `set` (`2^d` cells): 4 of a number, of the generic set
    /// 3 in `groupUniqArray`'s, 4 in the `-Distinct` combinator's.
    fn initial_degree(self, set: UniqSet) -> u8 {
        match (self.numeric(set), set) {
            (false, UniqSet::GroupUniqArray) => 3,
            _ => 4,
        }
    }

    /// The value `v` (an array element as [`super::sqlite_json`] writes it) as `set` keeps it:
    /// its hash and whether it is the zero key; `None` where it is not followed.
    fn hashed(self, set: UniqSet, v: &serde_json::Value) -> Option<(u64, bool)> {
        use serde_json::Value;
        // (A number of `bits` bits in the numeric set, or its bytes in the generic one.)
        let number = |bits: u8, n: i64| {
            let key = match bits {
                64 => n as u64,
                _ => (n as u64) & ((1u64 << bits) - 1),
            };
            match self.numeric(set) {
                true => (int_hash64(key), key == 0),
                false => {
                    let bytes = key.to_le_bytes();
                    let size = usize::from(bits / 8);
                    (crc32_hash(bytes.get(..size).unwrap_or(&bytes)), false)
                }
            }
        };
        let ms = || match v {
            Value::Number(n) => n.as_i64(),
            _ => None,
        };
        match (self, v) {
            (UniqKind::Str, Value::String(s)) => Some((crc32_hash(s.as_bytes()), s.is_empty())),
            // (Never the zero key, whose bytes are none: an array's hold at least its count.)
            (
                UniqKind::ArrayOf {
                    depth,
                    leaf,
                    nullable,
                },
                Value::Array(_),
            ) => {
                let mut bytes = Vec::new();
                serialize_array(depth, leaf, nullable, v, &mut bytes)?;
                Some((crc32_hash(&bytes), false))
            }
            (UniqKind::Int(bits), Value::Number(n)) => n.as_i64().map(|n| number(bits, n)),
            // (`DefaultHash<Float64>`, Hash.h DefaultHash64: `intHash64` of the float's 8
            // bytes; the zero key is a value equal to 0 (ZeroTraits::check), so `-0.0` shares
            // it with `0`, and which of the two the zero cell answers is not followed here: not
            // run, nor a value JSON cannot hold.)
            (UniqKind::Float64, Value::Number(n)) => {
                let f = n.as_f64().filter(|f| f.is_finite())?;
                match f == 0.0 {
                    true if f.is_sign_negative() => None,
                    true => Some((int_hash64(0), true)),
                    false => Some((int_hash64(f.to_bits()), false)),
                }
            }
            (UniqKind::Interval, Value::Number(n)) => {
                n.as_i64().map(|n| (crc32_hash(&n.to_le_bytes()), false))
            }
            (UniqKind::Date, _) => ms().map(|ms| number(16, ms.div_euclid(86_400_000))),
            (UniqKind::DateTime, _) => ms().map(|ms| number(32, ms.div_euclid(1000))),
            (UniqKind::DateTime64(_), Value::Number(_)) => {
                Some((crc32_hash(&self.decimal_units(v)?.to_le_bytes()), false))
            }
            _ => None,
        }
    }

    /// Of a `DateTime64` of scale `p` (`self`), the value `v` as its `Decimal64` of `p`'s
    /// units: held as Unix ms (a real for µs) of a scale of 0 to 6, as Unix ns of 7 to 9.
    pub(super) fn decimal_units(self, v: &serde_json::Value) -> Option<i64> {
        let (UniqKind::DateTime64(p), serde_json::Value::Number(n)) = (self, v) else {
            return None;
        };
        if (7..=9).contains(&p) {
            return Some(n.as_i64()?.div_euclid(10i64.pow(9 - u32::from(p))));
        }
        let us = match n.as_i64() {
            Some(ms) => ms.checked_mul(1000)?,
            None => {
                let ms = n.as_f64()?;
                if !ms.is_finite() || ms.abs() >= 9e15 {
                    return None;
                }
                (ms * 1000.0).round() as i64
            }
        };
        Some(us.div_euclid(10i64.checked_pow(6u32.checked_sub(u32::from(p))?)?))
    }
}

/// The first code of an array ([`UniqKind::ArrayOf`]): this plus 100,000 where its elements
/// are `Nullable`, plus 1,000 times its depth, plus its elements' [`Leaf::code`].
const ARRAY_CODES: i64 = 1_000_000;

/// The last code of an array.
const ARRAY_CODES_END: i64 = 1_199_999;

/// The close ([`UniqKind::close`]) of the array of `code`, from a table of every array's made
/// once; `", -1)"` (not followed) of another code.
fn array_close(code: i64) -> &'static str {
    static CLOSES: std::sync::OnceLock<std::collections::HashMap<i64, String>> =
        std::sync::OnceLock::new();
    let closes = CLOSES.get_or_init(|| {
        let mut leaves = vec![
            Leaf::Str,
            Leaf::Bool,
            Leaf::Float64,
            Leaf::Date,
            Leaf::DateTime,
        ];
        leaves.extend([8, 16, 32, 64].map(Leaf::Int));
        leaves.extend((0..=9).map(Leaf::DateTime64));
        let mut closes = std::collections::HashMap::new();
        for leaf in leaves {
            for depth in 1..=9 {
                for nullable in [false, true] {
                    let code = UniqKind::ArrayOf {
                        depth,
                        leaf,
                        nullable,
                    }
                    .code();
                    closes.insert(code, format!(", {code})"));
                }
            }
        }
        closes
    });
    closes.get(&code).map_or(", -1)", String::as_str)
}

/// The innermost elements of an array [`UniqKind::ArrayOf`] follows, each as its column holds
/// it (ColumnString's, ColumnVector's, ColumnDecimal's `serializeValueIntoArena`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Leaf {
    /// A `String`: its size counting a terminating zero, as a `size_t`; its bytes; that zero.
    Str,
    /// A `Bool` (or a `UInt8` of a comparison): its byte, held as 1 or 0.
    Bool,
    /// An integer of this many bits (8, 16, 32, 64): its bytes.
    Int(u8),
    /// A `Float64`: its 8 bytes.
    Float64,
    /// A `Date`: its `UInt16` days, held as Unix ms.
    Date,
    /// A `DateTime`: its `UInt32` seconds, held as Unix ms.
    DateTime,
    /// A `DateTime64` of this scale: its `Decimal64`'s 8 bytes, held as Unix ms (a real for
    /// µs) of a scale of 0 to 6, as Unix ns of 7 to 9 ([`super::Ty::Nanos`]).
    DateTime64(u8),
}

impl Leaf {
    /// Its code, below 1,000 ([`ARRAY_CODES`]).
    fn code(self) -> i64 {
        match self {
            Leaf::Str => 1,
            Leaf::Date => 2,
            Leaf::DateTime => 3,
            Leaf::Float64 => 5,
            Leaf::Bool => 7,
            Leaf::Int(bits) => i64::from(bits),
            Leaf::DateTime64(p) => 100 + i64::from(p),
        }
    }

    /// Of its code.
    fn of_code(code: i64) -> Option<Leaf> {
        Some(match code {
            1 => Leaf::Str,
            2 => Leaf::Date,
            3 => Leaf::DateTime,
            5 => Leaf::Float64,
            7 => Leaf::Bool,
            8 | 16 | 32 | 64 => Leaf::Int(u8::try_from(code).ok()?),
            100..=109 => Leaf::DateTime64(u8::try_from(code - 100).ok()?),
            _ => return None,
        })
    }

    /// The bytes its column writes for the element `v` (as [`super::sqlite_json`] holds it),
    /// appended to `out`; `None` where `v` is not one (or is a float zero, whose sign the value
    /// held here may have lost: `0.0` and `-0.0` are two values of the set there).
    fn serialize(self, v: &serde_json::Value, out: &mut Vec<u8>) -> Option<()> {
        use serde_json::Value;
        let int = |n: &serde_json::Number| n.as_i64().or_else(|| n.as_u64().map(|u| u as i64));
        let ms = || match v {
            Value::Number(n) => n.as_i64(),
            _ => None,
        };
        match (self, v) {
            (Leaf::Str, Value::String(s)) => {
                let size = u64::try_from(s.len()).ok()?.checked_add(1)?;
                out.extend_from_slice(&size.to_le_bytes());
                out.extend_from_slice(s.as_bytes());
                out.push(0);
            }
            (Leaf::Bool, Value::Bool(b)) => out.push(u8::from(*b)),
            (Leaf::Bool, Value::Number(n)) => {
                out.push(u8::try_from(n.as_u64().filter(|b| *b <= 1)?).ok()?)
            }
            (Leaf::Int(bits), Value::Number(n)) => {
                let bytes = int(n)?.to_le_bytes();
                out.extend_from_slice(bytes.get(..usize::from(bits / 8))?);
            }
            (Leaf::Float64, Value::Number(n)) => {
                let f = n.as_f64().filter(|f| f.is_finite() && *f != 0.0)?;
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            (Leaf::Date, _) => {
                let days = u16::try_from(ms()?.div_euclid(86_400_000)).ok()?;
                out.extend_from_slice(&days.to_le_bytes());
            }
            (Leaf::DateTime, _) => {
                let seconds = u32::try_from(ms()?.div_euclid(1000)).ok()?;
                out.extend_from_slice(&seconds.to_le_bytes());
            }
            (Leaf::DateTime64(p), Value::Number(_)) => {
                out.extend_from_slice(&UniqKind::DateTime64(p).decimal_units(v)?.to_le_bytes());
            }
            _ => return None,
        }
        Some(())
    }
}

/// The bytes ClickHouse's `serializeValueIntoArena` writes for the array `v` of `depth` (1 an
/// `Array(T)`) of `leaf` elements (`Nullable` where `nullable`), appended to `out`, as the
/// generic set of `groupUniqArray` and of the `-Distinct` combinator hashes them
/// (KeyHolderHelpers.h `getKeyHolder` of a column not held in one piece,
/// `isValueUnambiguouslyRepresentedInContiguousMemoryRegion` being false of an array):
/// ColumnArray's, its element count as a `size_t` (8 bytes, little-endian) and then each
/// element's; ColumnNullable's, a byte 1 of a `NULL` (and nothing more) or 0 and the value's;
/// each innermost element's as [`Leaf::serialize`] writes it (ColumnString's counting the
/// terminating zero every string of the column ends with, `sizeAt`; the in-memory form without
/// it of later versions was taken back behind `serialize_string_in_memory_with_zero_byte`, on
/// by default, ClickHouse PR #90880). `None` where `v` is not such an array.
pub(super) fn serialize_array(
    depth: u8,
    leaf: Leaf,
    nullable: bool,
    v: &serde_json::Value,
    out: &mut Vec<u8>,
) -> Option<()> {
    let serde_json::Value::Array(items) = v else {
        return None;
    };
    out.extend_from_slice(&u64::try_from(items.len()).ok()?.to_le_bytes());
    for item in items {
        match (depth, item) {
            (1, serde_json::Value::Null) if nullable => out.push(1),
            (1, _) => {
                if nullable {
                    out.push(0);
                }
                leaf.serialize(item, out)?;
            }
            (2.., _) => serialize_array(depth - 1, leaf, nullable, item, out)?,
            _ => return None,
        }
    }
    Some(())
}

/// Which of ClickHouse's hash sets keeps the values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UniqSet {
    /// `groupUniqArray`'s (AggregateFunctionGroupUniqArray.cpp; generic: 8 cells).
    GroupUniqArray,
    /// The `-Distinct` combinator's (`groupArray(DISTINCT x)`), as AggregateFunctionDistinct.h
    /// answered its values in its order before it kept them in the order first seen
    /// (`HashSetWithStackMemory<T, DefaultHash<T>, 4>`, generic
    /// `HashSetWithSavedHashWithStackMemory<StringRef, StringRefHash, 4>`: 16 cells).
    Distinct,
}

/// The degree (`2^d` cells) of a set of `kind` in `set` after values were inserted one by one
/// until it held `m`: HashTableGrower's growth, checked as each of them is inserted.
fn degree(kind: UniqKind, set: UniqSet, m: usize) -> u8 {
    let mut d = kind.initial_degree(set);
    while d < 63 && m > 1usize << (d - 1) {
        d += if d >= 23 { 1 } else { 2 };
    }
    d
}

/// The order ClickHouse's `set` iterates the distinct `values` of `kind` (not `NULL`) in, as
/// indexes into `values`: the zero key first, then the others by their cells. `None` where
/// that order depends on the order the values reached the set (see the module's docs).
pub(super) fn uniq_order(
    kind: UniqKind,
    set: UniqSet,
    values: &[serde_json::Value],
) -> Option<Vec<usize>> {
    if values.len() < 2 || kind == UniqKind::Unordered {
        return Some((0..values.len()).collect());
    }
    let hashed: Vec<(u64, bool)> = values
        .iter()
        .map(|v| kind.hashed(set, v))
        .collect::<Option<_>>()?;
    let zero = hashed.iter().position(|(_, z)| *z);
    let others = values.len() - usize::from(zero.is_some());
    // (The zero key inserted before the last other value or after it.)
    let d = degree(kind, set, values.len());
    if d != degree(kind, set, others) || (kind.numeric(set) && d != 4) {
        return None;
    }
    let mask = (1u64 << d) - 1;
    let mut cells: Vec<(u64, usize)> = hashed
        .iter()
        .enumerate()
        .filter(|(_, (_, z))| !z)
        .map(|(i, (h, _))| (h & mask, i))
        .collect();
    cells.sort_unstable();
    if cells.windows(2).any(|w| matches!(w, [a, b] if a.0 == b.0)) {
        return None;
    }
    Some(
        zero.into_iter()
            .chain(cells.into_iter().map(|(_, i)| i))
            .collect(),
    )
}

/// ClickHouse's `intHash64` (Hash.h; the Murmur finalizer), its `DefaultHash` of an integer.
pub(super) fn int_hash64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x
}

/// The CRC32C (Castagnoli) step over the 8 bytes of `word` (little-endian), as x86-64's
/// `_mm_crc32_u64(crc, word)` and aarch64's `__crc32cd` compute it (no inversion).
pub(super) fn crc32c_u64(mut crc: u32, word: u64) -> u32 {
    for byte in word.to_le_bytes() {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0x82f6_3b78
            } else {
                crc >> 1
            };
        }
    }
    crc
}

/// CityHash v1.0.2's `Hash128to64` of `(u, v)`, ClickHouse's `hashLen16`.
pub(super) fn hash_len16(u: u64, v: u64) -> u64 {
    const K_MUL: u64 = 0x9ddf_ea08_eb38_2d69;
    let mut a = (u ^ v).wrapping_mul(K_MUL);
    a ^= a >> 47;
    let mut b = (v ^ a).wrapping_mul(K_MUL);
    b ^= b >> 47;
    b.wrapping_mul(K_MUL)
}

/// `n` bytes of `data` from `at`, little-endian (`unalignedLoadLittleEndian`); 0 past its end.
pub(super) fn load(data: &[u8], at: usize, n: usize) -> u64 {
    data.iter()
        .skip(at)
        .take(n)
        .rev()
        .fold(0, |acc, b| (acc << 8) | u64::from(*b))
}

/// ClickHouse's `hashLessThan8` (StringRef.h) of 1 to 7 bytes.
fn hash_less_than8(data: &[u8]) -> u64 {
    const K2: u64 = 0x9ae1_6a3b_2f90_404f;
    const K3: u64 = 0xc949_d7c7_509e_6557;
    let size = data.len();
    if size >= 4 {
        let a = load(data, 0, 4);
        return hash_len16((size as u64).wrapping_add(a << 3), load(data, size - 4, 4));
    }
    let byte = |i: usize| u32::from(data.get(i).copied().unwrap_or(0));
    let y = byte(0).wrapping_add(byte(size >> 1) << 8);
    let z = (size as u32).wrapping_add(byte(size.saturating_sub(1)) << 2);
    let mixed = u64::from(y).wrapping_mul(K2) ^ u64::from(z).wrapping_mul(K3);
    (mixed ^ (mixed >> 47)).wrapping_mul(K2)
}

/// ClickHouse's `CRC32Hash` (`StringRefHash` where CRC32C is an instruction) of `data`: 0 of
/// none, [`hash_less_than8`] of fewer than 8 bytes cut to 32 bits, else CRC32C from `-1` over
/// its 8-byte words and then its last 8 bytes (again, where its size is a multiple of 8).
pub(super) fn crc32_hash(data: &[u8]) -> u64 {
    let size = data.len();
    if size == 0 {
        return 0;
    }
    if size < 8 {
        return u64::from(hash_less_than8(data) as u32);
    }
    let mut crc = u32::MAX;
    let mut pos = 0;
    loop {
        crc = crc32c_u64(crc, load(data, pos, 8));
        pos += 8;
        if pos + 8 >= size {
            break;
        }
    }
    u64::from(crc32c_u64(crc, load(data, size - 8, 8)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CRC32C's known answers (RFC 3720 B.4: 32 bytes of zeros `8a 91 36 aa`, of ones `62 a8
    /// ab 43`; "123456789" `e3069283`), the standard CRC being the steps inverted at both ends.
    #[test]
    fn crc32c_vectors() {
        let standard = |words: &[u64]| !words.iter().fold(u32::MAX, |c, w| crc32c_u64(c, *w));
        assert_eq!(standard(&[0; 4]), 0x8a91_36aa);
        assert_eq!(standard(&[u64::MAX; 4]), 0x62a8_ab43);
        // (An incrementing 0..31: RFC 3720's `46 dd 79 4e`.)
        let ascending: Vec<u64> = (0..4u64)
            .map(|w| load(&(0..32u8).collect::<Vec<_>>(), (w * 8) as usize, 8))
            .collect();
        assert_eq!(standard(&ascending), 0x46dd_794e);
    }

    /// Values of tests/reference/ch_hash_order.c, which computes them with the SSE 4.2
    /// instruction and ClickHouse's C++ code of these hashes (its output pasted here).
    #[test]
    fn hashes_against_the_reference() {
        assert_eq!(crc32_hash(b""), 0);
        // `ch_hash_order s 3 VALID RATE_LIMITED a 12345678`: `0431b7dd`, `d947079c`,
        // `d003acfa`, `bc9a8457`.
        assert_eq!(crc32_hash(b"VALID"), 0x0431_b7dd);
        assert_eq!(crc32_hash(b"RATE_LIMITED"), 0xd947_079c);
        assert_eq!(crc32_hash(b"a"), 0xd003_acfa);
        assert_eq!(crc32_hash(b"12345678"), 0xbc9a_8457);
        // `s 3 path=/x path=/abc key_2cGKbMxRyIzhCxo1 0123456789abcdef ab abc`: 4 to 7 bytes,
        // 9 (its last 8 bytes again), 20, 16 (its last word twice), 2 and 3 bytes.
        assert_eq!(crc32_hash(b"path=/x"), 0xafc5_af83);
        assert_eq!(crc32_hash(b"path=/abc"), 0x3fe1_e8f8);
        assert_eq!(crc32_hash(b"key_2cGKbMxRyIzhCxo1"), 0xf966_32db);
        assert_eq!(crc32_hash(b"0123456789abcdef"), 0xbd2c_ee61);
        assert_eq!(crc32_hash(b"ab"), 0xf3cc_3f3e);
        assert_eq!(crc32_hash(b"abc"), 0x3a4e_ce31);
        // `ch_hash_order i 4 64 0 1` and `i 4 8 -1` (an `Int8`'s byte, `0xff`).
        assert_eq!(int_hash64(0), 0);
        assert_eq!(int_hash64(1), 0xb456_bcfc_34c2_cb2c);
        assert_eq!(
            UniqKind::Int(8).hashed(UniqSet::GroupUniqArray, &json!(-1)),
            Some((0x1200_a2a6_1d24_8b28, false))
        );
    }

    /// A `Float64`'s 8 bytes in the numeric set (`ch_hash_order f 4 0.5 2`), an integer SQLite
    /// holds read as the float; 0 the zero key, `-0.0` and a value JSON cannot hold not
    /// followed.
    #[test]
    fn float64_bytes() {
        let hash = |v: serde_json::Value| UniqKind::Float64.hashed(UniqSet::GroupUniqArray, &v);
        assert_eq!(hash(json!(0.5)), Some((0xb4c9_fa8a_0e05_4925, false)));
        assert_eq!(hash(json!(2.0)), Some((0x6554_a709_55a9_89a0, false)));
        assert_eq!(hash(json!(2)), Some((0x6554_a709_55a9_89a0, false)));
        assert_eq!(hash(json!(0.0)).map(|(_, zero)| zero), Some(true));
        assert_eq!(hash(json!(-0.0)), None);
        assert_eq!(hash(json!(null)), None);
    }

    /// A `DateTime64`'s `Decimal64` in its scale's units, as held here in ms (a real for µs) or
    /// ns: `ch_hash_order t 3 1767225600000000000 1767225600123456 1767225600123` (2026-01-01
    /// 00:00:00 of scale 9, 00:00:00.123456 of scale 6, 00:00:00.123 of scale 3).
    #[test]
    fn date_time64_units() {
        let hash = |kind: UniqKind, v: serde_json::Value| {
            kind.hashed(UniqSet::GroupUniqArray, &v).map(|(h, _)| h)
        };
        assert_eq!(
            hash(UniqKind::DateTime64(9), json!(1_767_225_600_000_000_000i64)),
            Some(0x35b4_377a)
        );
        assert_eq!(
            hash(UniqKind::DateTime64(6), json!(1_767_225_600_123.456)),
            Some(0x0b64_f467)
        );
        assert_eq!(
            hash(UniqKind::DateTime64(3), json!(1_767_225_600_123i64)),
            Some(0x7f92_2c38)
        );
    }

    /// A `Date`'s 2 bytes and a `DateTime`'s 4 in the `-Distinct` set (`ch_hash_order b 4 2
    /// 20454` and `b 4 4 1767225600`: 2026-01-01), and in `groupUniqArray`'s numeric one (`i 4
    /// 16 20454`).
    #[test]
    fn times_in_each_set() {
        let day = json!(1_767_225_600_000i64);
        let hash = |kind: UniqKind, set| kind.hashed(set, &day).map(|(h, _)| h);
        assert_eq!(hash(UniqKind::Date, UniqSet::Distinct), Some(0x2799_2829));
        assert_eq!(
            hash(UniqKind::DateTime, UniqSet::Distinct),
            Some(0xd32e_8003)
        );
        assert_eq!(
            hash(UniqKind::Date, UniqSet::GroupUniqArray),
            Some(0x7f37_48c5_cfdf_97f2)
        );
    }

    /// An array of strings as ColumnArray's `serializeValueIntoArena` writes it, hashed
    /// (tests/reference/ch_hash_order.c: `a 3 "" t1 t1,t2 t2 a,b,c`, `A 3 t1 t1,t2 ";"
    /// "t1;"`); not of another depth or element.
    #[test]
    fn string_array_bytes() {
        let hash = |depth: u8, v: serde_json::Value| {
            UniqKind::ArrayOf {
                depth,
                leaf: Leaf::Str,
                nullable: false,
            }
            .hashed(UniqSet::GroupUniqArray, &v)
        };
        let mut bytes = Vec::new();
        assert_eq!(
            serialize_array(1, Leaf::Str, false, &json!(["ab"]), &mut bytes),
            Some(())
        );
        assert_eq!(
            bytes,
            [1, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, b'a', b'b', 0]
        );
        assert_eq!(hash(1, json!([])), Some((0xbd8f_6515, false)));
        assert_eq!(hash(1, json!(["t1"])), Some((0x4902_99c5, false)));
        assert_eq!(hash(1, json!(["t1", "t2"])), Some((0x55cc_31b2, false)));
        assert_eq!(hash(1, json!(["t2"])), Some((0x7de5_315c, false)));
        assert_eq!(hash(1, json!(["a", "b", "c"])), Some((0x3863_d3ab, false)));
        assert_eq!(hash(2, json!([["t1"]])), Some((0x7ace_934a, false)));
        assert_eq!(hash(2, json!([["t1", "t2"]])), Some((0x5bc2_a5ee, false)));
        assert_eq!(hash(2, json!([[], []])), Some((0x0a77_e0fc, false)));
        assert_eq!(hash(2, json!([["t1"], []])), Some((0x80a5_55a0, false)));
        // (Another depth, a number or a NULL among them: not followed.)
        assert_eq!(hash(1, json!([["t1"]])), None);
        assert_eq!(hash(2, json!(["t1"])), None);
        assert_eq!(hash(1, json!([1])), None);
        assert_eq!(hash(1, json!(["a", null])), None);
        assert_eq!(hash(1, json!("t1")), None);
    }

    #[test]
    fn codes() {
        for kind in [
            UniqKind::Unknown,
            UniqKind::Arrays,
            UniqKind::ArrayOf {
                depth: 1,
                leaf: Leaf::Str,
                nullable: false,
            },
            UniqKind::ArrayOf {
                depth: 9,
                leaf: Leaf::DateTime64(9),
                nullable: true,
            },
            UniqKind::ArrayOf {
                depth: 2,
                leaf: Leaf::Int(16),
                nullable: false,
            },
            UniqKind::Unordered,
            UniqKind::Interval,
            UniqKind::Str,
            UniqKind::Float64,
            UniqKind::Date,
            UniqKind::DateTime,
            UniqKind::Int(8),
            UniqKind::Int(16),
            UniqKind::Int(32),
            UniqKind::Int(64),
            UniqKind::DateTime64(0),
            UniqKind::DateTime64(6),
            UniqKind::DateTime64(9),
        ] {
            let code = kind.close().trim_matches([',', ' ', ')']).parse::<i64>();
            assert_eq!(code.map(UniqKind::of_code), Ok(kind));
        }
    }

    #[test]
    fn order_and_refusals() {
        // One value or none: no order to tell.
        assert_eq!(
            uniq_order(UniqKind::Unknown, UniqSet::GroupUniqArray, &[json!(1.5)]),
            Some(vec![0])
        );
        assert_eq!(
            uniq_order(
                UniqKind::Unknown,
                UniqSet::GroupUniqArray,
                &[json!(1.5), json!(2.5)]
            ),
            None
        );
        // The zero key first.
        assert_eq!(
            uniq_order(
                UniqKind::Int(64),
                UniqSet::GroupUniqArray,
                &[json!(1), json!(0)]
            ),
            Some(vec![1, 0])
        );
        // More than 8 numbers.
        let nine: Vec<_> = (1..=9).map(|n| json!(n)).collect();
        assert_eq!(
            uniq_order(UniqKind::Int(64), UniqSet::GroupUniqArray, &nine),
            None
        );
        // The empty string beside 4 others: 8 cells or 32, as it came before the last or after.
        let five = ["", "a", "b", "c", "d"].map(|v| json!(v));
        assert_eq!(
            uniq_order(UniqKind::Str, UniqSet::GroupUniqArray, &five),
            None
        );
        let uniq = UniqSet::GroupUniqArray;
        assert_eq!(degree(UniqKind::Str, uniq, 4), 3);
        assert_eq!(degree(UniqKind::Str, uniq, 5), 5);
        assert_eq!(degree(UniqKind::Str, UniqSet::Distinct, 5), 4);
        assert_eq!(degree(UniqKind::Int(8), uniq, 8), 4);
        assert_eq!(degree(UniqKind::Int(8), uniq, 9), 6);
    }
}
