"""An independent reference for unkey-local's `uniq` (src/analytics/uniq.rs): ClickHouse's
UniquesHashSet (src/AggregateFunctions/UniquesHashSet.h) simulated value by value as its C++
inserts them (an open-addressing table of 2^d cells from d = 4, placed by the hash's bits above
the 15 kept for thinning, grown when over half full up to 2^17 cells, then thinned to the
hashes divisible by 2^k while more than 65,536 remain), and its size() of doubles, with the
hashes of the integers intHash64 cuts to 32 bits (as `uniq` of one integer argument keeps
them) and of strings through CityHash v1.0.2 (the `clickhouse-cityhash` bindings).

    python3 -m venv /tmp/v && /tmp/v/bin/pip install clickhouse-cityhash==1.0.2.6
    /tmp/v/bin/python ch_uniq.py ints FIRST COUNT [STEP]   uniq of FIRST, FIRST+STEP, ... (COUNT values)
    /tmp/v/bin/python ch_uniq.py strs PREFIX COUNT        uniq of PREFIX0 ... PREFIX{COUNT-1}
    /tmp/v/bin/python ch_uniq.py pair STRING INT64        the 32-bit hash uniq(s, n) keeps of one row
                                                          (UniqVariadicHash: CityHash64 of each
                                                          argument's bytes, folded by Hash128to64)
    /tmp/v/bin/python ch_uniq.py dt64 UNITS               the 32-bit hash uniq(t) keeps of a
                                                          DateTime64 of these Decimal64 units
"""
import math
import sys

M64 = (1 << 64) - 1


def int_hash64(x):
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & M64
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & M64
    x ^= x >> 33
    return x


def crc32c_u64(crc, word):
    for i in range(8):
        crc ^= (word >> (8 * i)) & 0xFF
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc


class Set:
    MAX_DEGREE = 17
    MAX_SIZE = 1 << 16
    SKIP_BITS = 32 - 17

    def __init__(self):
        self.size = 0
        self.degree = 4
        self.skip = 0
        self.zero = False
        self.buf = [0] * (1 << self.degree)

    def mask(self):
        return (1 << self.degree) - 1

    def place(self, x):
        return (x >> self.SKIP_BITS) & self.mask()

    def good(self, h):
        return h == ((h >> self.skip) << self.skip)

    def reinsert(self, x):
        p = self.place(x)
        while self.buf[p]:
            p = (p + 1) & self.mask()
        self.buf[p] = x

    def rebuild(self):
        # The cells a table of the current degree holds once every kept hash is placed anew:
        # UniquesHashSet's resize() and rehash() move cells in place, ending with each hash
        # in its probe run, which is what counts here (the set's contents, not its layout).
        kept = [x for x in self.buf if x and self.good(x)]
        self.size = len(kept) + (1 if self.zero else 0)
        self.buf = [0] * (1 << self.degree)
        for x in kept:
            self.reinsert(x)

    def shrink_if_need(self):
        if self.size > (1 << (self.degree - 1)):
            if self.size > self.MAX_SIZE:
                while self.size > self.MAX_SIZE:
                    self.skip += 1
                    self.rebuild()
            else:
                self.degree += 1
                self.rebuild()

    def insert_hash(self, h):
        if not self.good(h):
            return
        if h == 0:
            self.size += 0 if self.zero else 1
            self.zero = True
        else:
            p = self.place(h)
            while self.buf[p] and self.buf[p] != h:
                p = (p + 1) & self.mask()
            if self.buf[p] == h:
                return
            self.buf[p] = h
            self.size += 1
        self.shrink_if_need()

    def count(self):
        if self.skip == 0:
            return self.size
        res = self.size * (1 << self.skip)
        res += crc32c_u64(0xFFFFFFFF, self.size) & ((1 << self.skip) - 1)
        p32 = 1 << 32
        return int(round_half_away(float(p32) * (math.log(p32) - math.log(p32 - res))))


def round_half_away(x):
    return math.floor(x + 0.5) if x >= 0 else math.ceil(x - 0.5)


def hash128to64(lo, hi):
    k = 0x9DDFEA08EB382D69
    a = ((lo ^ hi) * k) & M64
    a ^= a >> 47
    b = ((hi ^ a) * k) & M64
    b ^= b >> 47
    return (b * k) & M64


def main():
    s = Set()
    if sys.argv[1] in ("pair", "dt64"):
        from clickhouse_cityhash.cityhash import CityHash64

        if sys.argv[1] == "dt64":
            print(CityHash64(int(sys.argv[2]).to_bytes(8, "little", signed=True)) & 0xFFFFFFFF)
            return
        h = CityHash64(sys.argv[2].encode())
        n = CityHash64(int(sys.argv[3]).to_bytes(8, "little", signed=True))
        print(hash128to64(n, h) & 0xFFFFFFFF)
        return
    if sys.argv[1] == "ints":
        first, count = int(sys.argv[2]), int(sys.argv[3])
        step = int(sys.argv[4]) if len(sys.argv) > 4 else 1
        for i in range(count):
            s.insert_hash(int_hash64((first + i * step) & M64) & 0xFFFFFFFF)
    else:
        from clickhouse_cityhash.cityhash import CityHash64

        prefix, count = sys.argv[2], int(sys.argv[3])
        for i in range(count):
            v = CityHash64(("%s%d" % (prefix, i)).encode())
            s.insert_hash(int_hash64(v) & 0xFFFFFFFF)
    print(s.count(), "skip degree", s.skip, "kept", s.size)


main()
