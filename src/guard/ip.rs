//! The rate-limit bucket of a client IP: an IPv4 address is its own bucket, an IPv6 address
//! counts with its whole /64.
//!
//! One IPv6 subscriber holds at least a /64 (2^64 addresses, RFC 6177), and picks any of them
//! for each connection: a limit per IPv6 address would give such a client as many budgets as it
//! cares to use. So the identifier of a limit "by IP" is the /64's prefix
//! (`2001:db8:1:2::/64`), as Cloudflare's rate limiting groups IPv6 clients. An IPv4 address
//! written in IPv6 form (`::ffff:192.0.2.1`, as a dual-stack Node server reports IPv4 clients)
//! is that IPv4 address.

use alloc::string::String;

use super::text::push_hex;

/// The bucket of `ip` (see the module docs). Text that is not an IPv6 address is kept as it is.
pub fn bucket(ip: &str) -> String {
    let ip = ip.trim();
    match ipv6_groups(ip.split('%').next().unwrap_or(ip)) {
        Some(Groups::V4(v4)) => String::from(v4),
        Some(Groups::V6(g)) => {
            let mut out = String::with_capacity(24);
            for group in g.iter().take(4) {
                push_group(&mut out, *group);
                out.push(':');
            }
            out.push_str(":/64");
            out
        }
        None => String::from(ip),
    }
}

enum Groups<'a> {
    /// An IPv4-mapped address: its IPv4 text.
    V4(&'a str),
    /// The eight 16-bit groups.
    V6([u16; 8]),
}

/// The groups of an IPv6 address in text form, or `None` when it is not one.
fn ipv6_groups(s: &str) -> Option<Groups<'_>> {
    if !s.contains(':') {
        return None;
    }
    // `::ffff:a.b.c.d`: an IPv4 client of a dual-stack socket.
    if let (Some(prefix), Some(v4)) = (s.get(..7), s.get(7..)) {
        if prefix.eq_ignore_ascii_case("::ffff:") && v4.contains('.') && !v4.contains(':') {
            return Some(Groups::V4(v4));
        }
    }
    let (head, tail) = match s.split_once("::") {
        Some((h, t)) => (h, Some(t)),
        None => (s, None),
    };
    let mut left = [0u16; 8];
    let mut right = [0u16; 8];
    let nl = fill(head, &mut left)?;
    let nr = match tail {
        Some(t) => fill(t, &mut right)?,
        None => 0,
    };
    let mut g = [0u16; 8];
    match tail {
        None if nl == 8 => g = left,
        Some(_) if nl + nr < 8 => {
            for (i, v) in left.iter().take(nl).enumerate() {
                *g.get_mut(i)? = *v;
            }
            for (i, v) in right.iter().take(nr).enumerate() {
                *g.get_mut(8 - nr + i)? = *v;
            }
        }
        _ => return None,
    }
    Some(Groups::V6(g))
}

/// Parse `:`-separated groups into `out`; the last may be an embedded IPv4 address (two
/// groups). Returns how many groups were written; `None` for anything malformed.
fn fill(s: &str, out: &mut [u16; 8]) -> Option<usize> {
    if s.is_empty() {
        return Some(0);
    }
    let mut n = 0;
    let mut parts = s.split(':').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() && part.contains('.') {
            let mut v4 = [0u16; 4];
            let mut count = 0;
            for octet in part.split('.') {
                *v4.get_mut(count)? = decimal_octet(octet)?;
                count += 1;
            }
            if count != 4 {
                return None;
            }
            let [a, b, c, d] = v4;
            *out.get_mut(n)? = (a << 8) | b;
            *out.get_mut(n + 1)? = (c << 8) | d;
            return Some(n + 2);
        }
        if part.is_empty() || part.len() > 4 {
            return None;
        }
        *out.get_mut(n)? = u16::from_str_radix(part, 16).ok()?;
        n += 1;
    }
    Some(n)
}

fn decimal_octet(s: &str) -> Option<u16> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u16>().ok().filter(|v| *v <= 255)
}

/// A group in hex without leading zeros, as RFC 5952 writes it.
fn push_group(out: &mut String, v: u16) {
    let digits = match v {
        0..=0xf => 1,
        0x10..=0xff => 2,
        0x100..=0xfff => 3,
        _ => 4,
    };
    push_hex(out, u32::from(v), digits, false);
}

#[cfg(test)]
mod tests {
    use super::bucket;

    #[test]
    fn ipv4_is_its_own_bucket() {
        assert_eq!(bucket("203.0.113.7"), "203.0.113.7");
        assert_eq!(bucket(" 203.0.113.7 "), "203.0.113.7");
        assert_eq!(bucket("::ffff:203.0.113.7"), "203.0.113.7");
        assert_eq!(bucket("::FFFF:203.0.113.7"), "203.0.113.7");
    }

    #[test]
    fn ipv6_counts_by_its_64() {
        let want = "2001:db8:1:2::/64";
        for ip in [
            "2001:db8:1:2::1",
            "2001:0db8:0001:0002:ffff:ffff:ffff:ffff",
            "2001:DB8:1:2:a:b:c:d",
            "2001:db8:1:2:0:0:0:0",
            "2001:db8:1:2::",
            "2001:db8:1:2::192.0.2.1",
            "2001:db8:1:2::1%eth0",
        ] {
            assert_eq!(bucket(ip), want, "{ip}");
        }
        assert_eq!(bucket("2001:db8:1:3::1"), "2001:db8:1:3::/64");
        assert_eq!(bucket("::1"), "0:0:0:0::/64");
        assert_eq!(bucket("fe80::1"), "fe80:0:0:0::/64");
        assert_eq!(bucket("2001:db8::"), "2001:db8:0:0::/64");
    }

    #[test]
    fn anything_else_is_kept_as_it_is() {
        for s in [
            "unknown",
            "1:2:3",
            "1::2::3",
            "12345::",
            "1:2:3:4:5:6:7:8:9",
            "::1.2.3",
            "::1.2.3.256",
            "g::1",
            ":",
        ] {
            assert_eq!(bucket(s), s, "{s}");
        }
    }
}
