//! String building without `core::fmt`, so the guard's wasm carries none of the formatting
//! machinery (about 5 KB): concatenation, decimal and hex digits.

/// Concatenate.
pub(crate) fn cat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        out.push_str(p);
    }
    out
}

/// Decimal digits of `n`.
pub(crate) fn num(n: u64) -> String {
    let mut out = String::new();
    crate::schema::validate::push_u64(&mut out, n);
    out
}

/// Append the low `digits` hex digits of `v` (`upper` for `A-F`).
pub(crate) fn push_hex(out: &mut String, v: u32, digits: u32, upper: bool) {
    for shift in (0..digits).rev() {
        let d = (v >> (shift * 4)) & 0xf;
        let c = match d {
            0..=9 => b'0' + d as u8,
            _ if upper => b'A' + (d as u8 - 10),
            _ => b'a' + (d as u8 - 10),
        };
        out.push(char::from(c));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits() {
        for n in [0u64, 7, 10, 429, 1_000_000, u64::MAX] {
            assert_eq!(num(n), n.to_string());
        }
        let mut s = String::new();
        push_hex(&mut s, 0x0a, 2, true);
        push_hex(&mut s, 0x1f, 4, false);
        assert_eq!(s, "0A001f");
        assert_eq!(cat(&["a", "", "bc"]), "abc");
    }
}
