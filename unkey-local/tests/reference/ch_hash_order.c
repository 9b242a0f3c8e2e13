/* An independent reference for unkey-local's groupUniqArray order (src/analytics/hash_order.rs):
 * ClickHouse's hashes as its C++ (src/Common/HashTable/Hash.h intHash64; base/base/StringRef.h
 * CRC32Hash, hashLessThan8; CityHash v1.0.2 Hash128to64) computes them, with the SSE 4.2 CRC32C
 * instruction, written here in C.
 *
 *   cc -O2 -msse4.2 -o /tmp/ch_hash_order ch_hash_order.c
 *   /tmp/ch_hash_order s DEGREE STRING...   a String (generic set): hash, home cell
 *   /tmp/ch_hash_order i DEGREE BITS N...   an integer of BITS bits (numeric set)
 *   /tmp/ch_hash_order t DEGREE N...        a DateTime64's Decimal64 (generic set, 8 bytes)
 *   /tmp/ch_hash_order b DEGREE BYTES N...  N's first BYTES bytes, little-endian (generic set:
 *                                           a Date's 2, a DateTime's 4 in the -Distinct set)
 *   /tmp/ch_hash_order f DEGREE X...        a Float64 (numeric set: DefaultHash64 copies its 8
 *                                           bytes into a UInt64, then intHash64)
 *   /tmp/ch_hash_order a DEGREE LIST...     an Array(String) (generic set, over the bytes
 *                                           ColumnArray::serializeValueIntoArena writes: its
 *                                           size_t count, then each ColumnString value's size_t
 *                                           size counting its terminating zero, its bytes and
 *                                           that zero); LIST is its elements separated by
 *                                           commas, "" the empty array
 *   /tmp/ch_hash_order A DEGREE LISTS...    an Array(Array(String)) so: its count, then each
 *                                           inner array's bytes as above; LISTS is the inner
 *                                           arrays' LISTs separated by semicolons
 *   /tmp/ch_hash_order x DEGREE HEX...      the bytes written in HEX (generic set): an array of
 *                                           other elements serialized by hand, e.g. Array(Int64)
 *                                           [4]: 0100000000000000 0400000000000000 as one HEX
 */
#include <nmmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t load_le(const char *p, size_t n) { uint64_t v = 0; memcpy(&v, p, n); return v; }

static uint64_t int_hash64(uint64_t x) {
    x ^= x >> 33; x *= 0xff51afd7ed558ccdULL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL; x ^= x >> 33;
    return x;
}

static uint64_t hash128to64(uint64_t lo, uint64_t hi) {
    const uint64_t k = 0x9ddfea08eb382d69ULL;
    uint64_t a = (lo ^ hi) * k; a ^= a >> 47;
    uint64_t b = (hi ^ a) * k; b ^= b >> 47; b *= k;
    return b;
}

static uint64_t less_than8(const char *d, size_t size) {
    const uint64_t k2 = 0x9ae16a3b2f90404fULL, k3 = 0xc949d7c7509e6557ULL;
    if (size >= 4) {
        uint64_t a = load_le(d, 4);
        return hash128to64(size + (a << 3), load_le(d + size - 4, 4));
    }
    if (size > 0) {
        uint8_t a = d[0], b = d[size >> 1], c = d[size - 1];
        uint32_t y = (uint32_t)a + ((uint32_t)b << 8);
        uint32_t z = (uint32_t)size + ((uint32_t)c << 2);
        uint64_t v = y * k2 ^ z * k3;
        return (v ^ (v >> 47)) * k2;
    }
    return k2;
}

static unsigned crc32_hash(const char *pos, size_t size) {
    if (size == 0) return 0;
    if (size < 8) return (unsigned)less_than8(pos, size);
    const char *end = pos + size;
    unsigned res = -1U;
    do { res = (unsigned)_mm_crc32_u64(res, load_le(pos, 8)); pos += 8; } while (pos + 8 < end);
    return (unsigned)_mm_crc32_u64(res, load_le(end - 8, 8));
}

/* Appends at buf + at the bytes of an Array(String) whose elements are `list` split at `sep`
 * ("" none): its size_t count, then each string's size_t size with its terminating zero, its
 * bytes and that zero (ColumnArray and ColumnString serializeValueIntoArena); returns the end. */
static size_t str_array(char *buf, size_t at, const char *list, char sep) {
    size_t len = at + sizeof(size_t), count = 0;
    if (*list)
        for (const char *p = list;;) {
            const char *end = strchr(p, sep);
            size_t n = end ? (size_t)(end - p) : strlen(p), size = n + 1;
            memcpy(buf + len, &size, sizeof size);
            memcpy(buf + len + sizeof size, p, n);
            buf[len + sizeof size + n] = 0;
            len += sizeof size + size;
            count++;
            if (!end) break;
            p = end + 1;
        }
    memcpy(buf + at, &count, sizeof count);
    return len;
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    uint64_t mask = (1ULL << atoi(argv[2])) - 1;
    if (argv[1][0] == 's')
        for (int i = 3; i < argc; i++) {
            uint64_t h = crc32_hash(argv[i], strlen(argv[i]));
            printf("%-16s hash %016llx cell %llu\n", argv[i], (unsigned long long)h, (unsigned long long)(h & mask));
        }
    else if (argv[1][0] == 'i') {
        int bits = atoi(argv[3]);
        for (int i = 4; i < argc; i++) {
            uint64_t v = (uint64_t)strtoll(argv[i], 0, 10);
            if (bits < 64) v &= (1ULL << bits) - 1;
            uint64_t h = int_hash64(v);
            printf("%-16s hash %016llx cell %llu\n", argv[i], (unsigned long long)h, (unsigned long long)(h & mask));
        }
    } else if (argv[1][0] == 't')
        for (int i = 3; i < argc; i++) {
            int64_t v = strtoll(argv[i], 0, 10);
            uint64_t h = crc32_hash((const char *)&v, 8);
            printf("%-16s hash %016llx cell %llu\n", argv[i], (unsigned long long)h, (unsigned long long)(h & mask));
        }
    else if (argv[1][0] == 'b') {
        size_t bytes = (size_t)atoi(argv[3]);
        for (int i = 4; i < argc && bytes <= 8; i++) {
            int64_t v = strtoll(argv[i], 0, 10);
            uint64_t h = crc32_hash((const char *)&v, bytes);
            printf("%-16s hash %016llx cell %llu\n", argv[i], (unsigned long long)h, (unsigned long long)(h & mask));
        }
    }
    else if (argv[1][0] == 'f')
        for (int i = 3; i < argc; i++) {
            double x = strtod(argv[i], 0);
            uint64_t bits = 0;
            memcpy(&bits, &x, sizeof x);
            uint64_t h = int_hash64(bits);
            printf("%-16s hash %016llx cell %llu\n", argv[i], (unsigned long long)h, (unsigned long long)(h & mask));
        }
    else if (argv[1][0] == 'a' || argv[1][0] == 'A')
        for (int i = 3; i < argc; i++) {
            char buf[4096];
            size_t len = 0;
            if (strlen(argv[i]) + 64 > sizeof buf / 4) return 2;
            if (argv[1][0] == 'a')
                len = str_array(buf, 0, argv[i], ',');
            else {
                /* Outer count, then each inner array (split at ';'). */
                size_t count = 0;
                const char *p = argv[i];
                len = sizeof(size_t);
                if (*p)
                    for (;;) {
                        const char *semi = strchr(p, ';');
                        char inner[1024];
                        size_t n = semi ? (size_t)(semi - p) : strlen(p);
                        memcpy(inner, p, n);
                        inner[n] = 0;
                        len = str_array(buf, len, inner, ',');
                        count++;
                        if (!semi) break;
                        p = semi + 1;
                    }
                memcpy(buf, &count, sizeof count);
            }
            uint64_t h = crc32_hash(buf, len);
            printf("[%-14s] hash %016llx cell %llu\n", argv[i], (unsigned long long)h, (unsigned long long)(h & mask));
        }
    else if (argv[1][0] == 'x')
        for (int i = 3; i < argc; i++) {
            char buf[4096];
            size_t len = strlen(argv[i]) / 2;
            if (len > sizeof buf) return 2;
            for (size_t k = 0; k < len; k++) {
                unsigned byte;
                if (sscanf(argv[i] + 2 * k, "%2x", &byte) != 1) return 2;
                buf[k] = (char)byte;
            }
            uint64_t h = crc32_hash(buf, len);
            printf("%s hash %016llx cell %llu\n", argv[i], (unsigned long long)h, (unsigned long long)(h & mask));
        }
    return 0;
}
