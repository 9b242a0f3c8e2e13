//! ClickHouse's `uniq`, which is approximate: the count of ClickHouse's `UniquesHashSet`
//! (AggregateFunctionUniq.h/.cpp, UniquesHashSet.h; read at stored versions around 25.6, the
//! code index holding no 25.6 tag: ClickHouse/ClickHouse 00836c14 and the forks
//! zvonand/ClickHouse b8570099 (UniquesHashSet.h), 19598379 (AggregateFunctionUniq.h),
//! Algunenano/ClickHouse 33fcd398 (AggregateFunctionUniq.cpp); the batched `insertMany` those
//! UniquesHashSet.h versions hold came with 26.2 (ClickHouse #95904), 25.6 inserts value by
//! value, which counts the same).
//!
//! Each row's arguments become one 32-bit hash ([`row_hash`]); the set keeps the distinct
//! hashes, so two values whose hashes meet count once. Past `UNIQUES_HASH_MAX_SIZE` (65,536)
//! hashes it keeps only those divisible by `2^k`, raising `k` while more than 65,536 remain,
//! and answers the kept count scaled back ([`uniq_size`]). The hashes kept do not depend on
//! the order rows reach the set nor on how states merge: the set always holds the hashes seen
//! divisible by `2^k`, and `k` ends as the least degree leaving at most 65,536 of them.
//!
//! How a row is hashed depends on the arguments' types (createAggregateFunctionUniq):
//! - one argument of a number (`Bool` a `UInt8`), `Date` (its `UInt16` days) or `DateTime`
//!   (its `UInt32` seconds): the value widened to a `UInt64` (sign-extended of a signed type;
//!   a `Float64` its 8 bytes, AggregateFunctionUniqTraits), then `DefaultHash<UInt64>`,
//!   [`int_hash64`], cut to its low 32 bits;
//! - one `String`: CityHash64 of ClickHouse's bundled CityHash v1.0.2 ([`city_hash64`]) of its
//!   bytes, then the same [`int_hash64`] cut to 32 bits;
//! - several arguments, or one of another type whose value lies in one run of bytes (a
//!   `DateTime64`, its `Decimal64`; an `Interval`, its `Int64` count): UniqVariadicHash's CityHash64 of the first argument's
//!   bytes (`getDataAt`), each further argument's folded in by `Hash128to64(CityHash64(its
//!   bytes), hash so far)`, the set's `TrivialHash` keeping its low 32 bits.
//!
//! Arrays, tuples, decimals and `Float32`s are not followed (refused as not run
//! where emitted), nor is a float zero (whose sign the value held here may have lost: `0.0`
//! and `-0.0` are two values there) or a float `NULL` (which may stand for a `nan`). Nor are
//! `toString(x)` and `-x` but of a column's name, which ClickHouse's
//! UniqInjectiveFunctionsEliminationPass (`optimize_injective_functions_inside_uniq`) replaces
//! by `x`, hashing `x`'s own type, as here of a column (`Tr::uniq_injective_stripped`). In a query with a subquery, where its UniqToCountPass may
//! answer a `DISTINCT` or `GROUP BY` subquery's `count()` instead, only a count equal to the
//! exact count is answered (`UniqHashed`).

use super::*;

/// What `ch_uniq_hash` raises of a value whose hash is not followed here (see
/// `sqlite_error`).
pub(super) const UNIQ_HASH: &str = "ch_uniq_hash_not_run";

/// What is refused where [`UNIQ_HASH`] is raised.
pub(super) const UNIQ_HASH_NOT_RUN: &str = "uniq of a float zero or NULL (whose sign, or nan, the value held here may have lost), of a tuple of intervals, a count whose rounding of ClickHouse's collision correction is not settled here, or in a query with a subquery, a count other than the exact count of distinct values or of a NULL (where ClickHouse's UniqToCountPass may answer the count of a subquery's rows instead)";

/// The `UNIQUES_HASH_MAX_SIZE` of UniquesHashSet.h: the most hashes the set keeps.
const MAX_SIZE: usize = 1 << 16;

/// CityHash v1.0.2's primes.
const K0: u64 = 0xc3a5_c85c_97cb_3127;
const K1: u64 = 0xb492_b66f_be98_f273;
const K2: u64 = 0x9ae1_6a3b_2f90_404f;
const K3: u64 = 0xc949_d7c7_509e_6557;

/// 8 bytes of `s` from `at`, little-endian.
fn fetch64(s: &[u8], at: usize) -> u64 {
    load(s, at, 8)
}

/// 4 bytes of `s` from `at`, little-endian.
fn fetch32(s: &[u8], at: usize) -> u64 {
    load(s, at, 4)
}

/// `v` rotated right by `shift` bits.
fn rotate(v: u64, shift: u32) -> u64 {
    v.rotate_right(shift)
}

fn shift_mix(v: u64) -> u64 {
    v ^ (v >> 47)
}

/// Of 0 to 16 bytes.
fn hash_len0to16(s: &[u8]) -> u64 {
    let len = s.len();
    if len > 8 {
        let a = fetch64(s, 0);
        let b = fetch64(s, len - 8);
        return hash_len16(a, rotate(b.wrapping_add(len as u64), len as u32)) ^ b;
    }
    if len >= 4 {
        let a = fetch32(s, 0);
        return hash_len16((len as u64).wrapping_add(a << 3), fetch32(s, len - 4));
    }
    if len > 0 {
        let byte = |i: usize| u32::from(s.get(i).copied().unwrap_or(0));
        let y = byte(0).wrapping_add(byte(len >> 1) << 8);
        let z = (len as u32).wrapping_add(byte(len - 1) << 2);
        return shift_mix(u64::from(y).wrapping_mul(K2) ^ u64::from(z).wrapping_mul(K3))
            .wrapping_mul(K2);
    }
    K2
}

/// Of 17 to 32 bytes.
fn hash_len17to32(s: &[u8]) -> u64 {
    let len = s.len();
    let a = fetch64(s, 0).wrapping_mul(K1);
    let b = fetch64(s, 8);
    let c = fetch64(s, len - 8).wrapping_mul(K2);
    let d = fetch64(s, len - 16).wrapping_mul(K0);
    hash_len16(
        rotate(a.wrapping_sub(b), 43)
            .wrapping_add(rotate(c, 30))
            .wrapping_add(d),
        a.wrapping_add(rotate(b ^ K3, 20))
            .wrapping_sub(c)
            .wrapping_add(len as u64),
    )
}

/// Of 33 to 64 bytes.
fn hash_len33to64(s: &[u8]) -> u64 {
    let len = s.len();
    let mut z = fetch64(s, 24);
    let mut a = fetch64(s, 0).wrapping_add(
        (len as u64)
            .wrapping_add(fetch64(s, len - 16))
            .wrapping_mul(K0),
    );
    let mut b = rotate(a.wrapping_add(z), 52);
    let mut c = rotate(a, 37);
    a = a.wrapping_add(fetch64(s, 8));
    c = c.wrapping_add(rotate(a, 7));
    a = a.wrapping_add(fetch64(s, 16));
    let vf = a.wrapping_add(z);
    let vs = b.wrapping_add(rotate(a, 31)).wrapping_add(c);
    a = fetch64(s, 16).wrapping_add(fetch64(s, len - 32));
    z = fetch64(s, len - 8);
    b = rotate(a.wrapping_add(z), 52);
    c = rotate(a, 37);
    a = a.wrapping_add(fetch64(s, len - 24));
    c = c.wrapping_add(rotate(a, 7));
    a = a.wrapping_add(fetch64(s, len - 16));
    let wf = a.wrapping_add(z);
    let ws = b.wrapping_add(rotate(a, 31)).wrapping_add(c);
    let r = shift_mix(
        vf.wrapping_add(ws)
            .wrapping_mul(K2)
            .wrapping_add(wf.wrapping_add(vs).wrapping_mul(K0)),
    );
    shift_mix(r.wrapping_mul(K0).wrapping_add(vs)).wrapping_mul(K2)
}

/// A 16-byte hash of the 32 bytes of `s` from `at` and the seeds `a`, `b`.
fn weak_hash_len32_with_seeds(s: &[u8], at: usize, mut a: u64, mut b: u64) -> (u64, u64) {
    let (w, x, y, z) = (
        fetch64(s, at),
        fetch64(s, at + 8),
        fetch64(s, at + 16),
        fetch64(s, at + 24),
    );
    a = a.wrapping_add(w);
    b = rotate(b.wrapping_add(a).wrapping_add(z), 21);
    let c = a;
    a = a.wrapping_add(x).wrapping_add(y);
    b = b.wrapping_add(rotate(a, 44));
    (a.wrapping_add(z), b.wrapping_add(c))
}

/// `CityHash_v1_0_2::CityHash64` of `s` (contrib/cityhash102/src/city.cc), which ClickHouse's
/// `uniq` (and its `cityHash64` of one string) computes.
pub(super) fn city_hash64(s: &[u8]) -> u64 {
    let len = s.len();
    if len <= 16 {
        return hash_len0to16(s);
    }
    if len <= 32 {
        return hash_len17to32(s);
    }
    if len <= 64 {
        return hash_len33to64(s);
    }
    // Over 64 bytes: the end first, then 64-byte chunks from the start, keeping v, w, x, y, z.
    let mut x = fetch64(s, 0);
    let mut y = fetch64(s, len - 16) ^ K1;
    let mut z = fetch64(s, len - 56) ^ K0;
    let mut v = weak_hash_len32_with_seeds(s, len - 64, len as u64, y);
    let mut w = weak_hash_len32_with_seeds(s, len - 32, (len as u64).wrapping_mul(K1), K0);
    z = z.wrapping_add(shift_mix(v.1).wrapping_mul(K1));
    x = rotate(z.wrapping_add(x), 39).wrapping_mul(K1);
    y = rotate(y, 33).wrapping_mul(K1);
    let mut at = 0;
    let mut left = (len - 1) & !63;
    loop {
        x = rotate(
            x.wrapping_add(y)
                .wrapping_add(v.0)
                .wrapping_add(fetch64(s, at + 16)),
            37,
        )
        .wrapping_mul(K1);
        y = rotate(y.wrapping_add(v.1).wrapping_add(fetch64(s, at + 48)), 42).wrapping_mul(K1);
        x ^= w.1;
        y ^= v.0;
        z = rotate(z ^ w.0, 33);
        v = weak_hash_len32_with_seeds(s, at, v.1.wrapping_mul(K1), x.wrapping_add(w.0));
        w = weak_hash_len32_with_seeds(s, at + 32, z.wrapping_add(w.1), y);
        std::mem::swap(&mut z, &mut x);
        at += 64;
        left -= 64;
        if left == 0 {
            break;
        }
    }
    hash_len16(
        hash_len16(v.0, w.0)
            .wrapping_add(shift_mix(y).wrapping_mul(K1))
            .wrapping_add(z),
        hash_len16(v.1, w.1).wrapping_add(x),
    )
}

/// The bytes ClickHouse's column holds of the value `v` of `kind` (`getDataAt`): a string's
/// bytes, a number's, a `Date`'s `UInt16` days, a `DateTime`'s `UInt32` seconds, a
/// `DateTime64`'s `Decimal64`; `None` where not followed (see the module's note).
fn value_bytes(kind: UniqKind, v: rusqlite::types::ValueRef<'_>) -> Option<Vec<u8>> {
    use rusqlite::types::ValueRef;
    let int = || match v {
        ValueRef::Integer(n) => Some(n),
        _ => None,
    };
    Some(match kind {
        UniqKind::Str => match v {
            ValueRef::Text(t) => t.to_vec(),
            _ => return None,
        },
        UniqKind::Int(bits) => {
            let bytes = int()?.to_le_bytes();
            bytes.get(..usize::from(bits / 8))?.to_vec()
        }
        UniqKind::Float64 => float(v)?.to_bits().to_le_bytes().to_vec(),
        UniqKind::Date => u16::try_from(int()?.div_euclid(86_400_000))
            .ok()?
            .to_le_bytes()
            .to_vec(),
        UniqKind::DateTime => u32::try_from(int()?.div_euclid(1000))
            .ok()?
            .to_le_bytes()
            .to_vec(),
        UniqKind::Interval => int()?.to_le_bytes().to_vec(),
        UniqKind::DateTime64(_) => kind.decimal_units(&sqlite_json(v))?.to_le_bytes().to_vec(),
        _ => return None,
    })
}

/// A `Float64` as SQLite holds it, where its bits are followed: not a zero (whose sign may be
/// lost) nor a `nan`.
fn float(v: rusqlite::types::ValueRef<'_>) -> Option<f64> {
    let f = match v {
        rusqlite::types::ValueRef::Integer(n) => n as f64,
        rusqlite::types::ValueRef::Real(f) => f,
        _ => return None,
    };
    (f != 0.0 && !f.is_nan()).then_some(f)
}

/// The 32-bit hash ClickHouse's `uniq` keeps of a row whose arguments are `values`, each of
/// its kind in `kinds`; `Ok(None)` where one is `NULL` (the Null combinator skips the row),
/// `Err(())` where the hash is not followed here.
pub(super) fn row_hash(
    kinds: &[UniqKind],
    values: &[rusqlite::types::ValueRef<'_>],
) -> Result<Option<u32>, ()> {
    use rusqlite::types::ValueRef;
    if kinds.is_empty() || kinds.len() != values.len() {
        return Err(());
    }
    for (kind, v) in kinds.iter().zip(values) {
        if matches!(v, ValueRef::Null) {
            // (A float's `NULL` may stand for a `nan`, which ClickHouse counts.)
            return match kind {
                UniqKind::Float64 => Err(()),
                _ => Ok(None),
            };
        }
    }
    if let ([kind], [v]) = (kinds, values) {
        // One argument of a number, `Date`, `DateTime` or `String`.
        let widened = match kind {
            UniqKind::Str => Some(city_hash64(&value_bytes(*kind, *v).ok_or(())?)),
            UniqKind::Int(_) => match v {
                ValueRef::Integer(n) => Some(*n as u64),
                _ => return Err(()),
            },
            UniqKind::Float64 => Some(float(*v).ok_or(())?.to_bits()),
            UniqKind::Date | UniqKind::DateTime => {
                let bytes = value_bytes(*kind, *v).ok_or(())?;
                Some(load(&bytes, 0, 8))
            }
            _ => None,
        };
        if let Some(widened) = widened {
            return Ok(Some(int_hash64(widened) as u32));
        }
    }
    // Several arguments, or one other: UniqVariadicHash<false, false>.
    let mut hash = None;
    for (kind, v) in kinds.iter().zip(values) {
        let bytes = value_bytes(*kind, *v).ok_or(())?;
        let h = city_hash64(&bytes);
        hash = Some(match hash {
            None => h,
            Some(so_far) => hash_len16(h, so_far),
        });
    }
    Ok(hash.map(|h| h as u32))
}

/// `intHashCRC32` (Hash.h) of `x`: the CRC32C instruction over its 8 bytes from `-1`.
fn int_hash_crc32(x: u64) -> u64 {
    u64::from(crc32c_u64(u32::MAX, x))
}

/// What ClickHouse's `uniq` answers of the distinct 32-bit `hashes` it was given
/// (UniquesHashSet::size); `None` where its rounding is too near a half to be settled here.
pub(super) fn uniq_size<'a>(hashes: impl Iterator<Item = &'a u32> + Clone) -> Option<u64> {
    // The least skip degree leaving at most `MAX_SIZE` hashes divisible by `2^k`.
    let kept = |k: u32| hashes.clone().filter(|h| h.trailing_zeros() >= k).count();
    let mut k = 0;
    let mut m = kept(0);
    while m > MAX_SIZE {
        k += 1;
        m = kept(k);
    }
    if k == 0 {
        return u64::try_from(m).ok();
    }
    let m = m as u64;
    let skip_mask = (1u64 << k) - 1;
    let res = (m << k) + (int_hash_crc32(m) & skip_mask);
    // `round(double(p32) * (log(p32) - log(p32 - res)))`, of `double`s. Its `log` may differ
    // from the one here in its last bit (some 1e-5 on the answer); a value that near a half is
    // not answered.
    let p32 = (1u64 << 32) as f64;
    let exact = p32 * (p32.ln() - (p32 - res as f64).ln());
    let fraction = exact - exact.floor();
    if (fraction - 0.5).abs() < 1e-3 {
        return None;
    }
    Some(exact.round() as u64)
}

/// `uniq(x, …)` (also over a window): the count ClickHouse's `UniquesHashSet` answers of the
/// rows' hashes, each row's its `ch_uniq_hash` (`NULL`, skipped, of a row ClickHouse skips).
/// The window's frame keeps how many of its rows hold each hash. Of `ch_uniq_hash_keyed`
/// (a hash and the row's values as text), the distinct rows too: where their count is not the
/// hashes' count, [`UNIQ_HASH`]. That is for a query over a subquery, where ClickHouse's
/// `UniqToCountPass` may answer `count()` of a subquery's `DISTINCT` or `GROUP BY` rows (the
/// exact count, a `NULL` row among them) instead: answered only where the two agree and no
/// row holds a `NULL`.
pub(super) struct UniqHashed;

/// Of a frame (or group), how many rows hold each hash, and of keyed rows each row's values.
#[derive(Default)]
pub(super) struct HashCounts {
    hashes: std::collections::HashMap<u32, usize>,
    rows: std::collections::HashMap<String, usize>,
    keyed: bool,
    /// Keyed rows holding a `NULL`, which `uniq` skips but a subquery's `DISTINCT` keeps.
    null_rows: usize,
}

/// The hash (and the keyed row's values) of the aggregate's argument.
fn hash_arg(ctx: &rusqlite::functions::Context<'_>) -> Option<(u32, Option<String>)> {
    match raw(ctx, 0) {
        rusqlite::types::ValueRef::Integer(n) => u32::try_from(n).ok().map(|h| (h, None)),
        rusqlite::types::ValueRef::Text(t) => {
            let t = String::from_utf8_lossy(t);
            let (h, row) = t.split_once(' ')?;
            Some((h.parse().ok()?, Some(row.to_string())))
        }
        _ => None,
    }
}

/// One more (`up`) or one fewer row holding `key` in `counts`.
fn tally<K: std::hash::Hash + Eq>(
    counts: &mut std::collections::HashMap<K, usize>,
    key: K,
    up: bool,
) {
    if up {
        *counts.entry(key).or_default() += 1;
    } else if let Some(n) = counts.get_mut(&key) {
        *n -= 1;
        if *n == 0 {
            counts.remove(&key);
        }
    }
}

fn add(acc: &mut HashCounts, ctx: &rusqlite::functions::Context<'_>, up: bool) {
    if matches!(raw(ctx, 0), rusqlite::types::ValueRef::Text(b"-")) {
        acc.keyed = true;
        acc.null_rows = if up {
            acc.null_rows + 1
        } else {
            acc.null_rows.saturating_sub(1)
        };
        return;
    }
    if let Some((h, row)) = hash_arg(ctx) {
        tally(&mut acc.hashes, h, up);
        if let Some(row) = row {
            acc.keyed = true;
            tally(&mut acc.rows, row, up);
        }
    }
}

impl rusqlite::functions::Aggregate<HashCounts, i64> for UniqHashed {
    fn init(&self, _: &mut rusqlite::functions::Context<'_>) -> rusqlite::Result<HashCounts> {
        Ok(HashCounts::default())
    }

    fn step(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut HashCounts,
    ) -> rusqlite::Result<()> {
        add(acc, ctx, true);
        Ok(())
    }

    fn finalize(
        &self,
        _: &mut rusqlite::functions::Context<'_>,
        mut acc: Option<HashCounts>,
    ) -> rusqlite::Result<i64> {
        rusqlite::functions::WindowAggregate::value(self, acc.as_mut())
    }
}

impl rusqlite::functions::WindowAggregate<HashCounts, i64> for UniqHashed {
    fn value(&self, acc: Option<&mut HashCounts>) -> rusqlite::Result<i64> {
        let Some(acc) = acc else {
            return Ok(0);
        };
        uniq_size(acc.hashes.keys())
            .filter(|n| !acc.keyed || (*n == acc.rows.len() as u64 && acc.null_rows == 0))
            .and_then(|n| i64::try_from(n).ok())
            .ok_or_else(|| rusqlite::Error::UserFunctionError(UNIQ_HASH.into()))
    }

    fn inverse(
        &self,
        ctx: &mut rusqlite::functions::Context<'_>,
        acc: &mut HashCounts,
    ) -> rusqlite::Result<()> {
        add(acc, ctx, false);
        Ok(())
    }
}

/// The arguments' kinds of `ch_uniq_hash`'s first argument (their codes joined by commas)
/// and its row's hash.
fn hash_call(ctx: &rusqlite::functions::Context<'_>) -> rusqlite::Result<Option<u32>> {
    let codes = match raw(ctx, 0) {
        rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        _ => String::new(),
    };
    let kinds: Vec<UniqKind> = codes
        .split(',')
        .map(|c| UniqKind::of_code(c.trim().parse().unwrap_or(0)))
        .collect();
    let values: Vec<_> = (1..ctx.len()).map(|i| raw(ctx, i)).collect();
    row_hash(&kinds, &values).map_err(|()| rusqlite::Error::UserFunctionError(UNIQ_HASH.into()))
}

/// Registers `ch_uniq_hash(kinds, x, …)` ([`row_hash`]; `kinds` the arguments'
/// [`UniqKind`] codes joined by commas), `ch_uniq_hash_keyed` (the hash, a space and the
/// row's values as JSON; `-` of a row holding a `NULL`) and the aggregate `ch_uniq_hashed` ([`UniqHashed`]).
pub(super) fn register_uniq(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("ch_uniq_hash", -1, flags, |ctx| {
        Ok(hash_call(ctx)?.map(i64::from))
    })?;
    conn.create_scalar_function("ch_uniq_hash_keyed", -1, flags, |ctx| {
        let row: Vec<Value> = (1..ctx.len()).map(|i| sqlite_json(raw(ctx, i))).collect();
        Ok(match hash_call(ctx)? {
            Some(h) => format!("{h} {}", json!(row)),
            None => "-".to_string(),
        })
    })?;
    conn.create_window_function("ch_uniq_hashed", 1, flags, UniqHashed)
}

impl Tr<'_> {
    /// The argument `[a, b)` of the `uniq` call at `i` as ClickHouse hashes it: its
    /// UniqInjectiveFunctionsEliminationPass (`optimize_injective_functions_inside_uniq`, on by
    /// default) takes `toString(x)` and `-x` (nested too, `toString(-x)`) to `x`, which is
    /// hashed as its own type (`uniq(toString(number))` of `numbers(200000)` is `uniq(number)`'s
    /// 199902, not 200384: chDB 3.6.0, ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree). Here where
    /// `x` is a name of a column (the tokens around it left out of the translation,
    /// [`Tr::skip`]); elsewhere, a constant (which ClickHouse folds first, keeping its text) or
    /// through an alias, not run.
    pub(super) fn uniq_injective_stripped(
        &self,
        i: usize,
        a: usize,
        b: usize,
    ) -> Result<(usize, usize), ApiError> {
        let not_run = || {
            unsupported(
                "uniq of toString(x) or -x of other than a column's name (ClickHouse's optimize_injective_functions_inside_uniq hashes x there, folding constants first)",
            )
        };
        let injective = |a: usize, b: usize| {
            let mut a = a;
            while self.toks.get(a) == Some(&Tok::Sym("(")) {
                a += 1;
            }
            self.toks.get(a) == Some(&Tok::Sym("-")) || (a..b).any(|k| self.word(k) == "TOSTRING")
        };
        if let Some(Tok::Word(w)) = self.toks.get(a) {
            if b == a + 1 {
                if let Some((_, s, e)) = self.select_alias(w, i) {
                    return match injective(s, e) {
                        true => Err(not_run()),
                        false => Ok((a, b)),
                    };
                }
            }
        }
        let (mut x, mut y) = (a, b);
        let mut skips = Vec::new();
        loop {
            let (p, q) = self.unparenthesized(x, y);
            if self.word(p) == "TOSTRING"
                && self.toks.get(p + 1) == Some(&Tok::Sym("("))
                && closing(self.toks, p + 1) == q.checked_sub(1)
                && self.arguments(p + 1).len() == 1
            {
                skips.push((p, p + 2));
                skips.push((q - 1, q));
                (x, y) = (p + 2, q - 1);
            } else if self.toks.get(p) == Some(&Tok::Sym("-")) && q > p + 1 {
                skips.push((p, p + 1));
                (x, y) = (p + 1, q);
            } else {
                (x, y) = (p, q);
                break;
            }
        }
        if skips.is_empty() {
            return match injective(a, b) {
                true => Err(not_run()),
                false => Ok((a, b)),
            };
        }
        let column = match self.toks.get(x..y) {
            Some([Tok::Word(w)]) => {
                self.select_alias(w, i).is_none()
                    && !self.alias_uses.contains_key(&x)
                    && !KEYWORDS_NOT_COLUMNS
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(w))
            }
            _ => false,
        };
        if !column {
            return Err(not_run());
        }
        for (s, e) in skips {
            self.skip(s, e);
        }
        Ok((x, y))
    }
}

/// Words that stand for no column where a `uniq` argument is one word.
const KEYWORDS_NOT_COLUMNS: [&str; 3] = ["NULL", "TRUE", "FALSE"];

/// Whether `uniq` hashes a value of `kind` as ClickHouse does here.
pub(super) fn uniq_followed(kind: UniqKind) -> bool {
    matches!(
        kind,
        UniqKind::Str
            | UniqKind::Int(_)
            | UniqKind::Float64
            | UniqKind::Date
            | UniqKind::DateTime
            | UniqKind::DateTime64(_)
            | UniqKind::Interval
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::types::ValueRef;

    /// CityHash64 of prefixes of [`BASE`] (repeated thrice) of each length class, as the
    /// `clickhouse-cityhash` 1.0.2.6 Python bindings (built from CityHash v1.0.2's C++) answer
    /// them: `CityHash64(BASE[:n].encode())`.
    #[test]
    fn city_hash64_against_the_reference() {
        let base = BASE.repeat(3);
        for (n, h) in CITY_VECTORS {
            let s = base.get(..*n).unwrap();
            assert_eq!(city_hash64(s.as_bytes()), *h, "{s:?}");
        }
        // (ClickHouse's `cityHash64('abc')`.)
        assert_eq!(city_hash64(b"abc"), 4_220_206_313_085_259_313);
    }

    /// The hashes `uniq` keeps of integers (one integer argument).
    fn int_hashes(values: impl Iterator<Item = i64>) -> std::collections::HashSet<u32> {
        values
            .map(|n| {
                row_hash(&[UniqKind::Int(64)], &[ValueRef::Integer(n)])
                    .unwrap()
                    .unwrap()
            })
            .collect()
    }

    /// Counts as tests/reference/ch_uniq.py answers them, simulating UniquesHashSet value by
    /// value (`ints FIRST COUNT [STEP]`, `strs PREFIX COUNT`); ClickHouse's own test of
    /// #95904 answers `uniq(number) FROM numbers(100000)` 100315 "as previous releases".
    #[test]
    fn counts_against_the_reference() {
        let count = |first: i64, n: i64, step: i64| {
            uniq_size(int_hashes((0..n).map(|i| first + i * step)).iter())
        };
        assert_eq!(count(1, 1000, 1), Some(1000));
        assert_eq!(count(0, 65536, 1), Some(65536));
        assert_eq!(count(1, 65537, 1), Some(65821));
        assert_eq!(count(0, 100_000, 1), Some(100_315));
        assert_eq!(count(1, 70_000, 1), Some(70_358));
        assert_eq!(count(1, 300_000, 1), Some(301_743));
        assert_eq!(count(-50_000, 120_000, 7), Some(120_137));
        let strs = |prefix: &str, n: usize| {
            let hashes: std::collections::HashSet<u32> = (0..n)
                .map(|i| {
                    let s = format!("{prefix}{i}");
                    row_hash(&[UniqKind::Str], &[ValueRef::Text(s.as_bytes())])
                        .unwrap()
                        .unwrap()
                })
                .collect();
            uniq_size(hashes.iter())
        };
        assert_eq!(strs("req_", 70_000), Some(69_924));
        assert_eq!(strs("key_", 10_000), Some(10_000));
        assert_eq!(uniq_size([].iter()), Some(0));
    }

    /// Rows of several arguments, and a `DateTime64`, through UniqVariadicHash (`ch_uniq.py
    /// pair key_1 7`, `pair "" -1`, `dt64 1767225600123`).
    #[test]
    fn variadic_hashes_against_the_reference() {
        let pair = |s: &str, n: i64| {
            row_hash(
                &[UniqKind::Str, UniqKind::Int(64)],
                &[ValueRef::Text(s.as_bytes()), ValueRef::Integer(n)],
            )
        };
        assert_eq!(pair("key_1", 7), Ok(Some(2_966_884_667)));
        assert_eq!(pair("", -1), Ok(Some(1_780_241_892)));
        // (2026-01-01 00:00:00.123 of a `DateTime64(3)`, held as Unix ms.)
        assert_eq!(
            row_hash(
                &[UniqKind::DateTime64(3)],
                &[ValueRef::Integer(1_767_225_600_123)]
            ),
            Ok(Some(142_903_732))
        );
        // A row with a `NULL` is skipped; a float zero or `NULL` is not followed.
        assert_eq!(
            row_hash(
                &[UniqKind::Str, UniqKind::Int(64)],
                &[ValueRef::Text(b"a"), ValueRef::Null]
            ),
            Ok(None)
        );
        assert_eq!(
            row_hash(&[UniqKind::Float64], &[ValueRef::Real(0.0)]),
            Err(())
        );
        assert_eq!(row_hash(&[UniqKind::Float64], &[ValueRef::Null]), Err(()));
        assert_eq!(
            row_hash(&[UniqKind::Arrays], &[ValueRef::Text(b"[]")]),
            Err(())
        );
    }

    /// Two strings whose 32-bit hashes meet count once, as ClickHouse counts them.
    #[test]
    fn colliding_strings_count_once() {
        let (a, b) = colliding_keys();
        assert_ne!(a, b);
        let hash = |s: &str| row_hash(&[UniqKind::Str], &[ValueRef::Text(s.as_bytes())]);
        assert_eq!(hash(&a), hash(&b));
        let hashes: std::collections::HashSet<u32> = [hash(&a), hash(&b)]
            .into_iter()
            .flatten()
            .flatten()
            .collect();
        assert_eq!(uniq_size(hashes.iter()), Some(1));
    }

    /// `ch_uniq_hashed(ch_uniq_hash(…))` as SQL: over 100,000 numbers (ClickHouse's 100315,
    /// thinned once), over a group of the two colliding keys, and over a sliding window
    /// (each frame counted anew as rows leave it).
    #[test]
    fn sql_functions_count_as_clickhouse() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        register_array_functions(&conn).unwrap();
        let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
        assert_eq!(
            one("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < 99999) SELECT ch_uniq_hashed(ch_uniq_hash('64', x)) FROM n"),
            100_315
        );
        let (a, b) = colliding_keys();
        assert_eq!(
            one(&format!("SELECT ch_uniq_hashed(ch_uniq_hash('1', k)) FROM (SELECT '{a}' AS k UNION ALL SELECT '{b}' UNION ALL SELECT NULL)")),
            1
        );
        let mut stmt = conn
            .prepare(&format!("SELECT ch_uniq_hashed(ch_uniq_hash('1', k)) OVER (ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (SELECT 1 AS i, 'x' AS k UNION ALL SELECT 2, '{a}' UNION ALL SELECT 3, '{b}' UNION ALL SELECT 4, 'y') ORDER BY i"))
            .unwrap();
        let counts: Vec<i64> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(counts, [1, 2, 1, 2]);
        // Keyed (a query with a subquery): answered where the exact count agrees, raised where
        // the hashes meet or a row holds a `NULL`.
        let keyed = |rows: &str| {
            conn.query_row(
                &format!("SELECT ch_uniq_hashed(ch_uniq_hash_keyed('1', k)) FROM ({rows})"),
                [],
                |r| r.get::<_, i64>(0),
            )
        };
        assert_eq!(
            keyed("SELECT 'a' AS k UNION ALL SELECT 'b' UNION ALL SELECT 'a'").unwrap(),
            2
        );
        for rows in [
            format!("SELECT '{a}' AS k UNION ALL SELECT '{b}'"),
            "SELECT 'a' AS k UNION ALL SELECT NULL".to_string(),
        ] {
            let e = keyed(&rows).unwrap_err();
            assert!(e.to_string().contains(UNIQ_HASH), "{rows}: {e}");
        }
        // (A float zero is not followed: raised, and refused as not run.)
        let e = conn
            .query_row("SELECT ch_uniq_hashed(ch_uniq_hash('5', 0.0))", [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_err();
        assert!(e.to_string().contains(UNIQ_HASH), "{e}");
    }

    /// The first two of `key_0`, `key_1`, … whose hashes `uniq` keeps meet.
    pub(crate) fn colliding_keys() -> (String, String) {
        let mut seen = std::collections::HashMap::new();
        for i in 0.. {
            let s = format!("key_{i}");
            let h = row_hash(&[UniqKind::Str], &[ValueRef::Text(s.as_bytes())])
                .unwrap()
                .unwrap();
            if let Some(first) = seen.insert(h, s.clone()) {
                return (first, s);
            }
        }
        unreachable!()
    }

    const BASE: &str = r#"req_2aB9xQ7rT4mLk0PzW8vN3cY6uE1sD5fG-hJ_oI.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*()_+=-[]{}|;:,.<>?/~`"#;

    const CITY_VECTORS: &[(usize, u64)] = &[
        (0, 11160318154034397263),
        (1, 10313574662831111302),
        (2, 2837091817166206039),
        (3, 4430304544343987913),
        (4, 6460334643496710670),
        (7, 11049585213179932894),
        (8, 14097399558838286009),
        (9, 6728985048744907985),
        (16, 11597674105879775359),
        (17, 7497049425701384256),
        (24, 9558731091030398948),
        (31, 4603743313250795885),
        (32, 12638559529410062892),
        (33, 8429578330490520143),
        (48, 4647013744744100290),
        (63, 10961552459160235047),
        (64, 8379603713879759042),
        (65, 6654317995052287242),
        (100, 87676996427282578),
        (127, 9722735455021872838),
        (128, 723877415228271554),
        (129, 12003546962728895647),
        (200, 12978306541425751174),
    ];
}

/// Whether ClickHouse's UniqToCountPass (`optimize_uniq_to_count`, on by default and not set by
/// upstream) answers `count()` of the rows in place of the `uniq`/`uniqExact`/`count(DISTINCT
/// …)` call at `i` ([`Tr::uniq_to_count`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UniqToCount {
    /// It does: the call is the whole select list of a `SELECT` whose `FROM` is one subquery
    /// with `DISTINCT` over the call's arguments (its select list's names, in any order) or
    /// with a `GROUP BY` of them.
    Count,
    /// It does not (the select list has other items, the call is inside another expression,
    /// the `FROM` is a table or a join, the subquery has neither `DISTINCT` nor `GROUP BY`,
    /// or other names than the call's arguments).
    Not,
    /// Not told here (a subquery's `*`, expressions or positions among its names or keys,
    /// `ROLLUP`/`CUBE`/`GROUPING SETS`/`WITH TOTALS`, its own `WITH`, the call outside a
    /// select list of one item).
    Unsure,
}

impl Tr<'_> {
    /// [`UniqToCount`] of the `uniq`, `uniqExact` or `count(DISTINCT …)` call at `i`, as chDB
    /// 3.6.0 (ClickHouse 25.5.2) and 3.7.2 (25.8.2) agree: `SELECT uniq(x) FROM (SELECT
    /// DISTINCT x …)`, `… FROM (SELECT x, count() FROM … GROUP BY x)` (also with an alias,
    /// `x AS a … GROUP BY x` read as `uniq(a)`, with the outer `WHERE`, `GROUP BY`, `HAVING`)
    /// answer the subquery's rows, a `NULL` row among them; `uniq(x), count()`, `uniq(x) + 1`,
    /// `uniq(DISTINCT x)`, `uniqIf`, `uniq(x, x)`, `uniq(x)` of `DISTINCT x, y` or `GROUP BY x,
    /// y`, a join or `ARRAY JOIN` beside the subquery, a subquery without either do not.
    pub(super) fn uniq_to_count(&self, i: usize) -> UniqToCount {
        use UniqToCount::*;
        let Some((s, from)) = self.select_list_of(i) else {
            return Not;
        };
        // The `FROM`: one subquery (or a name, which may be a CTE's), then its alias, then
        // the end or a clause of this `SELECT`.
        if self.word(from) != "FROM" {
            return Not;
        }
        let (inner, after) = match self.toks.get(from + 1) {
            Some(Tok::Sym("(")) => match closing(self.toks, from + 1) {
                Some(close) => ((from + 2, close), close + 1),
                None => return Not,
            },
            // (A name: a table, or a CTE's, `WITH name AS (…)`, whose body is read.)
            Some(Tok::Word(name)) => {
                if !self.cte_names.contains(&name.to_ascii_lowercase()) {
                    return Not;
                }
                let body = (1..self.toks.len().saturating_sub(2)).find(|&k| {
                    matches!(self.toks.get(k), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(name))
                        && self.word(k + 1) == "AS"
                        && self.toks.get(k + 2) == Some(&Tok::Sym("("))
                        && (self.word(k - 1) == "WITH"
                            || self.toks.get(k - 1) == Some(&Tok::Sym(",")))
                });
                match body.and_then(|k| Some((k + 3, closing(self.toks, k + 2)?))) {
                    Some(inner) => (inner, from + 2),
                    None => ((0, 0), from + 2),
                }
            }
            _ => return Not,
        };
        let mut next = after + usize::from(self.word(after) == "AS");
        if matches!(self.toks.get(next), Some(Tok::Word(w)) if !SOURCE_END.iter().any(|e| e.eq_ignore_ascii_case(w)))
        {
            next += 1;
        }
        match self.toks.get(next) {
            None | Some(Tok::Sym(")" | ";")) => {}
            Some(Tok::Word(_))
                if matches!(
                    self.word(next).as_str(),
                    "WHERE" | "PREWHERE" | "GROUP" | "HAVING" | "ORDER" | "LIMIT" | "SETTINGS"
                ) => {}
            Some(Tok::Word(_))
                if matches!(
                    self.word(next).as_str(),
                    "JOIN"
                        | "INNER"
                        | "LEFT"
                        | "RIGHT"
                        | "FULL"
                        | "CROSS"
                        | "ARRAY"
                        | "ANY"
                        | "ALL"
                        | "SEMI"
                        | "ANTI"
                        | "ASOF"
                        | "GLOBAL"
                        | "PASTE"
                ) =>
            {
                return Not
            }
            Some(Tok::Sym(",")) => return Not,
            _ => return Unsure,
        }
        // The subquery: `SELECT [DISTINCT] …` with `DISTINCT` or `GROUP BY`.
        if inner == (0, 0) {
            return Unsure;
        }
        // (A set operation is no query node of its own there: the pass takes none.)
        let (a, b) = inner;
        if self
            .top_level_find(a, b, |k| {
                matches!(self.word(k).as_str(), "UNION" | "EXCEPT" | "INTERSECT")
            })
            .is_some()
        {
            return Not;
        }
        if self.word(a) != "SELECT"
            || self
                .top_level_find(a + 1, b, |k| {
                    matches!(self.word(k).as_str(), "SELECT" | "WITH")
                })
                .is_some()
        {
            return Unsure;
        }
        let distinct = self.word(a + 1) == "DISTINCT";
        if distinct && self.word(a + 2) == "ON" {
            return Not;
        }
        let inner_from = self
            .top_level_find(a + 1, b, |k| self.word(k) == "FROM")
            .unwrap_or(b);
        let group = self
            .top_level_find(inner_from, b, |k| {
                self.word(k) == "GROUP" && self.word(k + 1) == "BY"
            })
            .map(|g| g + 2);
        if !distinct && group.is_none() {
            return Not;
        }
        // The call: the whole select list, but an alias.
        let items = self.list_items(s + usize::from(self.word(s) == "DISTINCT"), from);
        let [(item_start, item_end)] = items.as_slice() else {
            return Not;
        };
        let Some(close) = closing(self.toks, i + 1) else {
            return Not;
        };
        if !(*item_start..*item_end).contains(&i) {
            return Unsure;
        }
        // (Over a window too: ClickHouse then answers one row, `count()` as an aggregate.)
        let call_end = match (self.word(close + 1).as_str(), self.toks.get(close + 2)) {
            ("OVER", Some(Tok::Sym("("))) => match closing(self.toks, close + 2) {
                Some(c) => c + 1,
                None => return Unsure,
            },
            ("OVER", Some(Tok::Word(_))) => close + 3,
            ("OVER", _) => return Unsure,
            _ => close + 1,
        };
        let alias_only = match item_end.checked_sub(call_end) {
            Some(0) => true,
            Some(1) => matches!(self.toks.get(call_end), Some(Tok::Word(_))),
            Some(2) => self.word(call_end) == "AS",
            _ => false,
        };
        if *item_start != i || !alias_only {
            return Not;
        }
        let args = self.arguments(i + 1);
        let counted = self.word(i) == "COUNT";
        let mut names = Vec::new();
        for (n, (x, y)) in args.iter().enumerate() {
            let x = x + usize::from(counted && n == 0 && self.word(*x) == "DISTINCT");
            if n == 0 && !counted && self.word(x) == "DISTINCT" {
                return Not;
            }
            match self.toks.get(x..*y) {
                Some([Tok::Word(w)]) => names.push(w.clone()),
                _ => return Unsure,
            }
        }
        let list_names = |list: &[(usize, usize)]| -> Option<Vec<String>> {
            list.iter()
                .map(|&(x, y)| match self.toks.get(x..y) {
                    Some([Tok::Word(w)]) => Some(w.clone()),
                    Some([.., Tok::Word(k), Tok::Word(w)])
                        if y >= x + 3 && k.eq_ignore_ascii_case("AS") =>
                    {
                        Some(w.clone())
                    }
                    _ => None,
                })
                .collect()
        };
        let same = |theirs: &[String]| {
            theirs.len() == names.len() && names.iter().all(|n| theirs.contains(n))
        };
        let projection = self.list_items(a + 1 + usize::from(distinct), inner_from);
        if distinct {
            match list_names(&projection) {
                Some(p) if same(&p) => return Count,
                Some(_) if group.is_none() => return Not,
                Some(_) => {}
                None => return Unsure,
            }
        }
        let Some(g) = group else {
            return Not;
        };
        let g_end = self
            .top_level_find(g, b, |k| {
                matches!(
                    self.word(k).as_str(),
                    "HAVING" | "ORDER" | "LIMIT" | "WITH" | "SETTINGS" | "WINDOW" | "QUALIFY"
                )
            })
            .unwrap_or(b);
        if g_end < b && self.word(g_end) == "WITH" {
            return Unsure;
        }
        // Each key a name: the select list's item of that name, or the alias of an item that
        // is that name (`x AS a … GROUP BY x` is `a`).
        let mut keys = Vec::new();
        for (x, y) in self.list_items(g, g_end) {
            let Some([Tok::Word(k)]) = self.toks.get(x..y) else {
                return Unsure;
            };
            if matches!(
                k.to_ascii_uppercase().as_str(),
                "ROLLUP" | "CUBE" | "GROUPING" | "ALL"
            ) {
                return Unsure;
            }
            let named = projection
                .iter()
                .find_map(|&(p, q)| match self.toks.get(p..q) {
                    Some([Tok::Word(w)]) if w == k => Some(w.clone()),
                    Some([Tok::Word(w), Tok::Word(r), Tok::Word(alias)])
                        if r.eq_ignore_ascii_case("AS") && (w == k || alias == k) =>
                    {
                        Some(alias.clone())
                    }
                    Some([.., Tok::Word(r), Tok::Word(alias)])
                        if q >= p + 3 && r.eq_ignore_ascii_case("AS") && alias == k =>
                    {
                        Some(alias.clone())
                    }
                    _ => None,
                });
            match named {
                Some(n) => keys.push(n),
                None => return Unsure,
            }
        }
        if same(&keys) {
            Count
        } else {
            Not
        }
    }
}
