// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), file `parser/keyword.go`.
//
// Copyright (c) 2023 AfterShip
//
// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all
// copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.

//! The keywords (`keyword.go`, the set `keywords`) and interval units (`type.go`).

/// `keywords`, upper-case and sorted.
const KEYWORDS: &[&str] = &[
    "ADD",
    "ADMIN",
    "AFTER",
    "ALIAS",
    "ALL",
    "ALTER",
    "AND",
    "ANTI",
    "ANY",
    "APPEND",
    "APPLY",
    "ARRAY",
    "AS",
    "ASC",
    "ASCENDING",
    "ASOF",
    "AST",
    "ASYNC",
    "ATTACH",
    "BETWEEN",
    "BOTH",
    "BY",
    "CACHE",
    "CASE",
    "CAST",
    "CHECK",
    "CLEAR",
    "CLUSTER",
    "CODEC",
    "COLLATE",
    "COLUMN",
    "COLUMNS",
    "COMMENT",
    "COMPILED",
    "CONFIG",
    "CONSTRAINT",
    "CREATE",
    "CROSS",
    "CUBE",
    "CURRENT",
    "DATABASE",
    "DATABASES",
    "DATE",
    "DAY",
    "DEDUPLICATE",
    "DEFAULT",
    "DEFINER",
    "DELAY",
    "DELETE",
    "DEPENDS",
    "DESC",
    "DESCENDING",
    "DESCRIBE",
    "DETACH",
    "DETACHED",
    "DICTIONARIES",
    "DICTIONARY",
    "DISK",
    "DISTINCT",
    "DISTRIBUTED",
    "DNS",
    "DROP",
    "ELSE",
    "EMBEDDED",
    "EMPTY",
    "END",
    "ENGINE",
    "ESTIMATE",
    "EVENTS",
    "EVERY",
    "EXCEPT",
    "EXISTS",
    "EXPLAIN",
    "EXPRESSION",
    "EXTRACT",
    "FALSE",
    "FETCHES",
    "FILESYSTEM",
    "FILL",
    "FINAL",
    "FIRST",
    "FLUSH",
    "FOLLOWING",
    "FOR",
    "FORMAT",
    "FREEZE",
    "FROM",
    "FULL",
    "FUNCTION",
    "FUNCTIONS",
    "GLOBAL",
    "GRANT",
    "GRANTEES",
    "GRANULARITY",
    "GROUP",
    "GROUPING",
    "HAVING",
    "HIERARCHICAL",
    "HOST",
    "HOUR",
    "ID",
    "IDENTIFIED",
    "IF",
    "ILIKE",
    "IN",
    "INDEX",
    "INF",
    "INJECTIVE",
    "INNER",
    "INSERT",
    "INTERPOLATE",
    "INTERVAL",
    "INTO",
    "IP",
    "IS",
    "IS_OBJECT_ID",
    "JOIN",
    "JSON",
    "KERBEROS",
    "KEY",
    "KILL",
    "LAST",
    "LAYOUT",
    "LDAP",
    "LEADING",
    "LEFT",
    "LIFETIME",
    "LIKE",
    "LIMIT",
    "LIVE",
    "LOCAL",
    "LOGS",
    "MARK",
    "MATERIALIZE",
    "MATERIALIZED",
    "MAX",
    "MERGES",
    "MIN",
    "MINUTE",
    "MODIFY",
    "MONTH",
    "MOVE",
    "MOVES",
    "MUTATION",
    "NAME",
    "NAN_SQL",
    "NO",
    "NONE",
    "NOT",
    "NULL",
    "NULLS",
    "OFFSET",
    "ON",
    "OPTIMIZE",
    "OPTION",
    "OR",
    "ORDER",
    "OUTER",
    "OUTFILE",
    "OVER",
    "PARTITION",
    "PIPELINE",
    "POLICY",
    "POPULATE",
    "PRECEDING",
    "PREWHERE",
    "PRIMARY",
    "PROJECTION",
    "QUARTER",
    "QUERY",
    "QUEUES",
    "QUOTA",
    "RANDOMIZE",
    "RANGE",
    "REALM",
    "RECOMPRESS",
    "REFRESH",
    "REGEXP",
    "RELOAD",
    "REMOVE",
    "RENAME",
    "REPLACE",
    "REPLICA",
    "REPLICATED",
    "REPLICATION",
    "RESET",
    "RESTART",
    "RIGHT",
    "ROLE",
    "ROLLUP",
    "ROW",
    "ROWS",
    "SAMPLE",
    "SECOND",
    "SECURITY",
    "SELECT",
    "SEMI",
    "SENDS",
    "SERVER",
    "SET",
    "SETS",
    "SETTING",
    "SETTINGS",
    "SHOW",
    "SHUTDOWN",
    "SKIP",
    "SOURCE",
    "SQL",
    "STALENESS",
    "START",
    "STEP",
    "STOP",
    "SUBSTRING",
    "SYNC",
    "SYNTAX",
    "SYSTEM",
    "TABLE",
    "TABLES",
    "TEMPORARY",
    "TEST",
    "THEN",
    "TIES",
    "TIMEOUT",
    "TIMESTAMP",
    "TO",
    "TOP",
    "TOTALS",
    "TRAILING",
    "TRIM",
    "TRUE",
    "TRUNCATE",
    "TTL",
    "TYPE",
    "UNBOUNDED",
    "UNCOMPRESSED",
    "UNION",
    "UPDATE",
    "USE",
    "USER",
    "USING",
    "UUID",
    "VALUES",
    "VIEW",
    "VOLUME",
    "WATCH",
    "WEEK",
    "WHEN",
    "WHERE",
    "WINDOW",
    "WITH",
    "YEAR",
];

/// Whether an unquoted word is a keyword (`keywords.Contains(strings.ToUpper(word))`; an
/// unquoted word is ASCII).
pub(crate) fn is_keyword(word: &str) -> bool {
    KEYWORDS
        .binary_search_by(|k| k.bytes().cmp(word.bytes().map(|b| b.to_ascii_uppercase())))
        .is_ok()
}

/// `intervalUnits` (type.go).
const INTERVAL_UNITS: &[&str] = &[
    "MILLISECOND",
    "SECOND",
    "MINUTE",
    "HOUR",
    "DAY",
    "WEEK",
    "MONTH",
    "QUARTER",
    "YEAR",
];

/// `intervalUnits.Contains(strings.ToUpper(name))`.
pub(crate) fn is_interval_unit(name: &str) -> bool {
    INTERVAL_UNITS.iter().any(|u| go_upper_is(name, u))
}

/// Whether Go's `strings.ToUpper(s) == upper` for an ASCII upper-case `upper`: the ASCII
/// letters, and the two characters Go upper-cases to one (`ı` to `I`, `ſ` to `S`).
pub(crate) fn go_upper_is(s: &str, upper: &str) -> bool {
    let mut want = upper.bytes();
    for c in s.chars() {
        let u = match c {
            'ı' => b'I',
            'ſ' => b'S',
            c if c.is_ascii() => c.to_ascii_uppercase() as u8,
            _ => return false,
        };
        if want.next() != Some(u) {
            return false;
        }
    }
    want.next().is_none()
}

/// Go's `strings.EqualFold(s, ascii)` for an ASCII `ascii`: ASCII case, and the two
/// characters that fold to an ASCII letter (`ſ` to `s`, the Kelvin sign to `k`).
pub(crate) fn go_equal_fold(s: &str, ascii: &str) -> bool {
    let mut want = ascii.bytes();
    for c in s.chars() {
        let l = match c {
            'ſ' => b's',
            '\u{212A}' => b'k',
            c if c.is_ascii() => c.to_ascii_lowercase() as u8,
            _ => return false,
        };
        if want.next().map(|w| w.to_ascii_lowercase()) != Some(l) {
            return false;
        }
    }
    want.next().is_none()
}
