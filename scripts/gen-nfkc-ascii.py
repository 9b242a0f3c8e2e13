#!/usr/bin/env python3
"""Print src/guard/nfkc.rs's NFKC_ASCII table: the ranges of characters outside ASCII whose
NFKC form holds an ASCII character (`ⓐ` is `a`, `‥` is `..`, `℀` is `a/c`), leaving out the
fullwidth forms U+FF01-U+FF5E and U+3000, and U+017F (ſ) and U+212A (the Kelvin sign), which
the guard reads as ASCII instead (pattern.rs, `compat` and `fold`). The Unicode
version is Python's `unicodedata.unidata_version`. Usage: python3 scripts/gen-nfkc-ascii.py"""
import unicodedata

ranges = []
for cp in range(0x80, 0x110000):
    c = chr(cp)
    n = unicodedata.normalize("NFKC", c)
    if n == c or not any(ord(ch) < 0x80 for ch in n):
        continue
    if 0xFF01 <= cp <= 0xFF5E or cp in (0x3000, 0x17F, 0x212A):
        continue
    if ranges and ranges[-1][1] == cp - 1:
        ranges[-1][1] = cp
    else:
        ranges.append([cp, cp])
print(f"// Unicode {unicodedata.unidata_version}: {len(ranges)} ranges.")
print("pub(super) const NFKC_ASCII: &[(u32, u32)] = &[")
line = "   "
for a, b in ranges:
    item = f" (0x{a:X}, 0x{b:X}),"
    if len(line) + len(item) > 100:
        print(line)
        line = "   "
    line += item
print(line)
print("];")
