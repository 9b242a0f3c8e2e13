//! The query's tokens, and the words that shape its select lists and clauses.

use super::*;

pub(super) fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// ClickHouse's text of a literal where it names a column (`FieldVisitorToString`): an
/// integer as its value, a float by [`float_name`], a string quoted with `\'` and `\\`
/// escapes, `true`, `false`, `NULL`; `None` for a value it would write otherwise.
pub(super) fn literal_name(t: &Tok) -> Option<String> {
    match t {
        Tok::Num(n) if !n.contains(['.', 'e', 'E']) => Some(n.parse::<u64>().ok()?.to_string()),
        Tok::Num(n) => float_name(n.parse::<f64>().ok()?),
        Tok::Str(s) => {
            let mut out = String::from("'");
            for c in s.chars() {
                match c {
                    '\'' => out.push_str("\\'"),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    '\0' => out.push_str("\\0"),
                    '\u{8}' => out.push_str("\\b"),
                    '\u{c}' => out.push_str("\\f"),
                    c if c.is_control() => return None,
                    c => out.push(c),
                }
            }
            out.push('\'');
            Some(out)
        }
        Tok::Word(w) => match w.to_ascii_uppercase().as_str() {
            "TRUE" => Some("true".into()),
            "FALSE" => Some("false".into()),
            "NULL" => Some("NULL".into()),
            _ => None,
        },
        Tok::Sym(_) => None,
    }
}

/// A float as ClickHouse names it (double-conversion's shortest form with a trailing point,
/// as `FieldVisitorToString` writes a `Float64`): the fewest digits that read back as the
/// value, `1.` for 1, `0.5`, `1.5`, and from 1e21 or below 1e-6 with an exponent (`1e-7`).
pub(super) fn float_name(x: f64) -> Option<String> {
    if !x.is_finite() || x < 0.0 {
        return None;
    }
    // Rust's `{:e}` writes the same shortest digits: `d[.ddd]e[-]x`.
    let shortest = format!("{x:e}");
    let (mantissa, exponent) = shortest.split_once('e')?;
    let exponent: i64 = exponent.parse().ok()?;
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let len = i64::try_from(digits.len()).ok()?;
    if !(-6..21).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        return Some(format!("{first}{rest}e{exponent}"));
    }
    let point = exponent + 1;
    Some(if point <= 0 {
        format!("0.{}{digits}", "0".repeat(usize::try_from(-point).ok()?))
    } else if point >= len {
        format!(
            "{digits}{}.",
            "0".repeat(usize::try_from(point - len).ok()?)
        )
    } else {
        let (whole, fraction) = digits.split_at(usize::try_from(point).ok()?);
        format!("{whole}.{fraction}")
    })
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String),
    Num(String),
    Str(String),
    Sym(&'static str),
}

pub(super) fn tokenize(q: &str) -> Result<Vec<Tok>, ApiError> {
    tokenize_with(q, false)
}

/// The query's tokens as upstream's parser (AfterShip's lexer) reads its literals, for
/// upstream's retention check: a hexadecimal number as written (`0x1F`), and a sign written
/// against digits where the token before is no name, keyword, number or string (`>= -1`) as
/// the number's.
pub(super) fn tokenize_as_written(q: &str) -> Result<Vec<Tok>, ApiError> {
    tokenize_with(q, true)
}

fn tokenize_with(q: &str, as_written: bool) -> Result<Vec<Tok>, ApiError> {
    const SYMS: &[&str] = &[
        "::", "!=", "<>", "<=", ">=", "==", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")",
        "[", "]", ",", ";", "?", ":",
    ];
    let b = q.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while let Some(&c) = b.get(i) {
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'-' && b.get(i + 1) == Some(&b'-') {
            // A comment to the end of the line.
            while b.get(i).is_some_and(|c| *c != b'\n') {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            // A block comment.
            let end = q
                .get(i + 2..)
                .and_then(|rest| rest.find("*/"))
                .ok_or_else(|| query_error("Invalid SQL syntax: unterminated comment"))?;
            i += end + 4;
        } else if c.is_ascii_alphabetic() || matches!(c, b'_' | b'`' | b'"') {
            // A name, its parts joined by `.`; a part may be quoted with `` ` `` or `"` (as
            // upstream's parser reads them: to the next such quote, no escapes).
            let mut word = String::new();
            let mut quoted = false;
            loop {
                match b.get(i) {
                    Some(&quote @ (b'`' | b'"')) if word.is_empty() || word.ends_with('.') => {
                        let len = b
                            .get(i + 1..)
                            .and_then(|rest| rest.iter().position(|c| *c == quote))
                            .ok_or_else(|| {
                                query_error("Invalid SQL syntax: unclosed quoted identifier")
                            })?;
                        word.push_str(&quoted_word(q.get(i + 1..i + 1 + len).unwrap_or_default())?);
                        i += len + 2;
                        quoted = true;
                    }
                    // (After a quoted part, only a `.` goes on.)
                    Some(c)
                        if (c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
                            && (!quoted || *c == b'.') =>
                    {
                        let start = i;
                        while b
                            .get(i)
                            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
                        {
                            i += 1;
                        }
                        // (A part `limit` after a `.`, `r.limit`, names what the quoted
                        // `` r.`limit` `` does: `LIMIT` is no alias unquoted, and the column
                        // `limit` is the one column of a public table spelled as a keyword.
                        // Other keywords, `b.all` after `AS all`, stay as they are written.)
                        let run = q.get(start..i).unwrap_or_default();
                        for (k, part) in run.split('.').enumerate() {
                            if k > 0 {
                                word.push('.');
                            }
                            // `t.1`: a tuple's element, as `(1, 2).1` below (ClickHouse's lexer
                            // reads a `.` after a name as its operator, tupleElement); a tuple is
                            // no column of a subquery or CTE here, so not run.
                            if k > 0 && !part.is_empty() && part.bytes().all(|c| c.is_ascii_digit())
                            {
                                return Err(unsupported("a tuple's element written `.N`"));
                            }
                            word.push_str(&match k > 0 && part.eq_ignore_ascii_case("limit") {
                                true => quoted_word(part)?,
                                false => own_name_escaped(part),
                            });
                        }
                        quoted = false;
                    }
                    _ => break,
                }
            }
            out.push(Tok::Word(word));
        } else if c == b'.'
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && matches!(out.last(), Some(Tok::Word(w)) if !chparse::is_keyword(w))
        {
            // `t .1`: after a name that is no keyword upstream's parser reads a `.` as a
            // name's (it writes back `t.1`), a tuple's element to ClickHouse, as `t.1`.
            return Err(unsupported("a tuple's element written `.N`"));
        } else if c.is_ascii_digit()
            || (c == b'.'
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && !matches!(out.last(), Some(Tok::Sym(")" | "]"))))
            || (as_written
                && matches!(c, b'+' | b'-')
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && !matches!(out.last(), Some(Tok::Word(_) | Tok::Num(_) | Tok::Str(_))))
        {
            // (`.5` is a number, as upstream's parser reads a `.` before digits and
            // ClickHouse's lexer; after `)` or `]` it is a tuple's element, not run.)
            let start = i;
            if matches!(c, b'+' | b'-') {
                i += 1;
            }
            let c = b.get(i).copied().unwrap_or(c);
            // A hexadecimal literal (`0x1F`), as its decimal value.
            let hex_digits = |at: usize| {
                b.get(at..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|c| c.is_ascii_hexdigit())
                    .count()
            };
            // (Upstream's lexer, AfterShip's consumeNumber, fails with "invalid number" where a
            // name's character follows a number: `1_000`, `1d`, `0X1F`, `0x1G`.)
            let ident_part = |at: usize| {
                b.get(at)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$'))
            };
            if c == b'0' && b.get(i + 1) == Some(&b'x') && hex_digits(i + 2) > 0 {
                let digits = q.get(i + 2..i + 2 + hex_digits(i + 2)).unwrap_or_default();
                if ident_part(i + 2 + digits.len()) {
                    return Err(query_error("Invalid SQL syntax: a letter after a number"));
                }
                if as_written {
                    i += 2 + digits.len();
                    out.push(Tok::Num(q.get(start..i).unwrap_or_default().to_string()));
                    continue;
                }
                let value = u64::from_str_radix(digits, 16).map_err(|_| {
                    query_error("Invalid SQL syntax: a hexadecimal number past 64 bits")
                })?;
                out.push(Tok::Num(value.to_string()));
                i += 2 + digits.len();
                glued_to_number(b, i)?;
                continue;
            }
            while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
                i += 1;
            }
            // An exponent (`1e5`, `2.5E-3`).
            let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
            if matches!(b.get(i), Some(b'e' | b'E'))
                && b.get(i + 1 + sign).is_some_and(u8::is_ascii_digit)
            {
                i += 1 + sign;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            glued_to_number(b, i)?;
            out.push(Tok::Num(q.get(start..i).unwrap_or_default().to_string()));
        } else if c == b'\'' {
            let mut s = Vec::new();
            i += 1;
            loop {
                match b.get(i) {
                    None => return Err(query_error("Invalid SQL syntax: unterminated string")),
                    Some(b'\\') => i = escape(b, i, &mut s)?,
                    Some(b'\'') if b.get(i + 1) == Some(&b'\'') => {
                        s.push(b'\'');
                        i += 2;
                    }
                    Some(b'\'') => {
                        i += 1;
                        break;
                    }
                    Some(&c) => {
                        s.push(c);
                        i += 1;
                    }
                }
            }
            let text = String::from_utf8(s)
                .map_err(|_| unsupported("a string literal whose escapes are not UTF-8"))?;
            out.push(Tok::Str(text));
        } else {
            let rest = q.get(i..).unwrap_or_default();
            // Upstream's lexer reads a sign written against digits as the number's where the
            // token before is no name, keyword, number or string: after `)` or `]` that number
            // stands where an operator must (`count()-1`, `f(x) +2`), its syntax error.
            if matches!(c, b'+' | b'-')
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && matches!(out.last(), Some(Tok::Sym(")" | "]")))
            {
                return Err(query_error(
                    "Invalid SQL syntax: a sign against digits after a bracket",
                ));
            }
            // `(1, 2).1`, `[a, b].2`: a tuple's element, which upstream's parser takes and
            // writes back and ClickHouse's reads (tupleElement); not run here.
            if c == b'.'
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && matches!(out.last(), Some(Tok::Sym(")" | "]")))
            {
                return Err(unsupported("a tuple's element written `.N`"));
            }
            // `{name:Type}` (a query parameter), `{'a': 1}`, `$1`: upstream's parser takes
            // them and writes them back; what ClickHouse answers is not followed here.
            if matches!(c, b'{' | b'$') {
                return Err(unsupported("a `{…}` or `$…` expression"));
            }
            let Some(sym) = SYMS.iter().find(|s| rest.starts_with(**s)) else {
                return Err(query_error(format!(
                    "Invalid SQL syntax: unexpected character {:?} at position {i}",
                    rest.chars().next().unwrap_or(' ')
                )));
            };
            out.push(Tok::Sym(sym));
            i += sym.len();
        }
    }
    Ok(out)
}

/// Reads the escape at `b[i]` (a backslash) of a string literal into `s`, as ClickHouse's
/// parseComplexEscapeSequence (src/IO/ReadHelpers.cpp) reads the query's text, which
/// upstream's parser passes on unchanged: `\a \b \e \f \n \r \t \v` are their control
/// characters, `\xHH` a byte, `\N` nothing; `\\ \' \" \` \/ \=` the character alone, and
/// any other character keeps its backslash (`'100\%'` is `100\%`, so `LIKE 'a\_b'` matches
/// an underscore only). A NUL byte (`\0`, `\x00`), which SQLite's text cannot hold, is not
/// run. Returns the index after the escape.
/// A letter or `_` right after a number (`1_000`, `0b101`, `0x1p3`, `1abc`): upstream's
/// lexer takes none of these number forms and fails there (the audit's `apparse`:
/// "unexpected token kind"), where it was read here as a number and an alias.
fn glued_to_number(b: &[u8], i: usize) -> Result<(), ApiError> {
    match b.get(i) {
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => {
            Err(query_error("Invalid SQL syntax: a letter after a number"))
        }
        _ => Ok(()),
    }
}

fn escape(b: &[u8], i: usize, s: &mut Vec<u8>) -> Result<usize, ApiError> {
    let nul = || unsupported("a string literal holding a NUL byte");
    let Some(&c) = b.get(i + 1) else {
        return Err(query_error("Invalid SQL syntax: unterminated string"));
    };
    let control = match c {
        b'a' => Some(0x07),
        b'b' => Some(0x08),
        b'e' => Some(0x1b),
        b'f' => Some(0x0c),
        b'n' => Some(b'\n'),
        b'r' => Some(b'\r'),
        b't' => Some(b'\t'),
        b'v' => Some(0x0b),
        b'0' => return Err(nul()),
        _ => None,
    };
    match c {
        _ if control.is_some() => s.extend(control),
        b'x' => {
            let byte = b
                .get(i + 2..i + 4)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| unsupported("a `\\x` escape without two hexadecimal digits"))?;
            if byte == 0 {
                return Err(nul());
            }
            s.push(byte);
            return Ok(i + 4);
        }
        b'N' => {}
        b'\\' | b'\'' | b'"' | b'`' | b'/' | b'=' => s.push(c),
        _ if c <= 31 => s.push(c),
        _ => s.extend([b'\\', c]),
    }
    Ok(i + 2)
}

/// How a quoted name that is not a plain word is written in the translation: this, then the
/// hexadecimal of its bytes (see [`quoted_word`]); spelled like the translation's own names,
/// which no name of the query is ([`own_name_escaped`]), but answered.
pub(super) const QUOTED_PREFIX: &str = "__ul_q";

/// The words a quoted name spelled as one of them is not taken for: the clause and operator
/// words of the translation (besides [`KEYWORDS`], [`WINDOW_WORDS`], [`OPERATOR_WORDS`] and
/// [`JOIN_WORDS`]).
pub(super) const CLAUSE_WORDS: &[&str] = &[
    "ARRAY",
    "ASCENDING",
    "CUBE",
    "DESCENDING",
    "EXCEPT",
    "EXISTS",
    "FILL",
    "FINAL",
    "FORMAT",
    "GROUPING",
    "INTERPOLATE",
    "INTERSECT",
    "LIMIT",
    "OFFSET",
    "OUTER",
    "PREWHERE",
    "QUALIFY",
    "ROLLUP",
    "SAMPLE",
    "SETS",
    "SETTINGS",
    "STALENESS",
    "STEP",
    "TO",
    "TOTALS",
    "UNION",
    "WHERE",
    "WINDOW",
    "WITH",
];

/// The word of a quoted identifier `name` (its text between the quotes): the name itself when
/// it is a plain word and no keyword, so that `` `count` `` or `"outcome"` is `count` or
/// `outcome`; otherwise [`QUOTED_PREFIX`] and the hexadecimal of its bytes, a name SQLite reads
/// as it is, that [`own_name_unescaped`] answers as `name`.
pub(super) fn quoted_word(name: &str) -> Result<String, ApiError> {
    // (ClickHouse reads a `\` in a quoted name as an escape; upstream's parser does not.)
    if name.is_empty() || name.contains('\\') {
        return Err(query_error(
            "Invalid SQL syntax: an empty quoted name or one with a backslash",
        ));
    }
    let plain = name
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    if plain && !keyword(name) {
        return Ok(own_name_escaped(name));
    }
    let hex: String = name.bytes().map(|c| format!("{c:02x}")).collect();
    Ok(format!("{QUOTED_PREFIX}{hex}"))
}

/// Whether `word` is spelled as one of the words the translation reads as a keyword (any
/// case), which a name spelled so is not taken for ([`quoted_word`]).
fn keyword(word: &str) -> bool {
    let upper = word.to_ascii_uppercase();
    [
        KEYWORDS,
        WINDOW_WORDS,
        OPERATOR_WORDS,
        &JOIN_WORDS,
        CLAUSE_WORDS,
    ]
    .iter()
    .any(|words| words.contains(&upper.as_str()))
}

/// The quoted name written at byte `i` of `name` by [`quoted_word`] (after no word character),
/// and the index after it.
pub(super) fn quoted_at(name: &str, i: usize) -> Option<(String, usize)> {
    let b = name.as_bytes();
    if i.checked_sub(1)
        .and_then(|p| b.get(p))
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
        || !name.get(i..)?.starts_with(QUOTED_PREFIX)
    {
        return None;
    }
    let start = i + QUOTED_PREFIX.len();
    let digits = b
        .get(start..)?
        .iter()
        .take_while(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        .count()
        / 2
        * 2;
    let bytes = (start..start + digits)
        .step_by(2)
        .map(|k| u8::from_str_radix(name.get(k..k + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    Some((String::from_utf8(bytes).ok()?, start + digits))
}

/// Whether an answer's column `name` is the translation's own (`__ul_…`, never answered; a
/// quoted name of the query's is answered, see [`QUOTED_PREFIX`]).
pub(super) fn own_column(name: &str) -> bool {
    name.starts_with("__ul_") && !name.starts_with(QUOTED_PREFIX)
}

/// Where a name spelled like the translation's own (`__ul_…`, never answered) starts at byte `i`
/// of `name`: after no word character, `__ul` (any case), one or more `u`s when `escaped`,
/// then `_`. Returns the index after `__ul`.
pub(super) fn own_prefix_at(name: &str, i: usize, escaped: bool) -> Option<usize> {
    let b = name.as_bytes();
    let word_char = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
    if i.checked_sub(1)
        .and_then(|p| b.get(p))
        .is_some_and(word_char)
        || !name.get(i..i + 4)?.eq_ignore_ascii_case("__ul")
    {
        return None;
    }
    let us = b
        .iter()
        .skip(i + 4)
        .take_while(|c| c.eq_ignore_ascii_case(&b'u'))
        .count();
    (b.get(i + 4 + us) == Some(&b'_') && (us > 0 || !escaped)).then_some(i + 4)
}

/// A word of the query with each name spelled like the translation's own (`__ul_…`, `__ulu_…`,
/// …) given one more `u` after `__ul`, so that none is taken for one of its own;
/// [`own_name_unescaped`] gives an answered name back.
pub(super) fn own_name_escaped(word: &str) -> String {
    let mut out = word.to_string();
    for i in (0..word.len()).rev() {
        if let Some(at) = own_prefix_at(word, i, false) {
            out.insert(at, 'u');
        }
    }
    out
}

/// An answered column name as the query spelled it (see [`own_name_escaped`]), its quoted
/// names as written between their quotes ([`quoted_word`]).
pub(super) fn own_name_unescaped(name: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    while let Some(c) = name.get(i..).and_then(|rest| rest.chars().next()) {
        if let Some((quoted, end)) = quoted_at(name, i) {
            out.push_str(&quoted);
            i = end;
        } else if let Some(at) = own_prefix_at(name, i, true) {
            // (Without the `u` after `__ul`.)
            out.push_str(name.get(i..at).unwrap_or_default());
            i = at + 1;
        } else {
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

pub(super) const KEYWORDS: &[&str] = &[
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "AS", "GROUP", "BY", "ORDER", "ASC",
    "DESC", "LIMIT", "OFFSET", "HAVING", "DISTINCT", "BETWEEN", "LIKE", "IS", "NULL", "TRUE",
    "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "ON", "USING",
    // A window: `f(…) OVER (…)` (its own words, see [`WINDOW_WORDS`]).
    "OVER", // `x [NOT] ILIKE pattern` (see `Tr::emit`).
    "ILIKE",
];

/// Whether the word at `k` ends an operand ([`Tr::left_operand_start`],
/// [`Tr::right_operand_end`]): a keyword, or a clause, join or window word ([`CLAUSE_WORDS`],
/// [`JOIN_WORDS`], [`WINDOW_WORDS`]) written after an operand, where upstream's parser and
/// ClickHouse read it as the clause's (`FROM t PREWHERE time >= …`, `ORDER BY t WITH FILL FROM a
/// TO b + 3 STEP s`); elsewhere such a word is a name (`SELECT 1 AS step, step + 1`).
pub(super) fn operand_boundary(toks: &[Tok], k: usize) -> bool {
    let Some(Tok::Word(w)) = toks.get(k) else {
        return false;
    };
    let up = w.to_ascii_uppercase();
    KEYWORDS.contains(&up.as_str())
        || ([CLAUSE_WORDS, &JOIN_WORDS, WINDOW_WORDS]
            .iter()
            .any(|words| words.contains(&up.as_str()))
            && ends_operand(k.checked_sub(1).and_then(|p| toks.get(p))))
}

/// The words of a window's specification (`OVER (PARTITION BY … ORDER BY … ROWS BETWEEN …
/// PRECEDING AND CURRENT ROW)`): keywords only there (elsewhere they may name columns).
pub(super) const WINDOW_WORDS: &[&str] = &[
    "PARTITION",
    "ROWS",
    "RANGE",
    "UNBOUNDED",
    "PRECEDING",
    "FOLLOWING",
    "CURRENT",
    "ROW",
    "NULLS",
    "FIRST",
    "LAST",
];

/// Unbalanced parentheses or brackets, which upstream's parser refuses before it looks at
/// what the query reads.
pub(super) fn check_balanced(toks: &[Tok]) -> Result<(), ApiError> {
    let mut open = Vec::new();
    for t in toks {
        match t {
            Tok::Sym(s @ ("(" | "[")) => open.push(*s),
            Tok::Sym(")") if open.pop() != Some("(") => {
                return Err(query_error("Invalid SQL syntax: unbalanced parentheses"))
            }
            Tok::Sym("]") if open.pop() != Some("[") => {
                return Err(query_error("Invalid SQL syntax: unbalanced brackets"))
            }
            _ => {}
        }
    }
    match open.last() {
        None => Ok(()),
        Some(&"[") => Err(query_error("Invalid SQL syntax: unbalanced brackets")),
        Some(_) => Err(query_error("Invalid SQL syntax: unbalanced parentheses")),
    }
}

/// [`expand_with_aliases`] of one query's own `WITH` (it starts `toks`); `marks` are uses
/// expanded before (see [`AliasUses`]), moved with the tokens.
pub(super) fn expand_query_aliases(
    toks: Vec<Tok>,
    marks: AliasUses,
) -> Result<(Vec<Tok>, AliasUses), ApiError> {
    if toks.first().map(upper).as_deref() != Some("WITH") {
        return Ok((toks, marks));
    }
    let mut kept: Vec<(usize, usize)> = Vec::new();
    let mut aliases: Vec<(String, Vec<Tok>)> = Vec::new();
    // (The aliases' expressions, expanded: see [`EXPANDED_TOKENS_MAX`].)
    let mut expanded = 0usize;
    let mut i = 1;
    let mut depth = 0i64;
    let mut start = 1;
    let body_at = loop {
        let Some(t) = toks.get(i) else {
            return Err(query_error("Invalid SQL syntax: a WITH item of this form"));
        };
        match t {
            Tok::Sym("(" | "[") => depth += 1,
            Tok::Sym(")" | "]") => depth -= 1,
            _ => {}
        }
        let ends = depth == 0 && (*t == Tok::Sym(",") || upper(t) == "SELECT");
        if ends {
            let item = toks.get(start..i).unwrap_or_default();
            let is_cte = matches!(
                item,
                [Tok::Word(_), Tok::Word(a), Tok::Sym("("), ..] if a.eq_ignore_ascii_case("AS")
            );
            if is_cte {
                kept.push((start, i));
            } else if let [expr @ .., Tok::Word(a), Tok::Word(name)] = item {
                if !a.eq_ignore_ascii_case("AS") || expr.is_empty() {
                    return Err(query_error("Invalid SQL syntax: a WITH item of this form"));
                }
                let (expr, _) = expand(expr.to_vec(), &aliases, &AliasUses::new());
                expanded += expr.len();
                within_expansion(expanded)?;
                aliases.push((name.clone(), expr));
            } else {
                return Err(query_error("Invalid SQL syntax: a WITH item of this form"));
            }
            if upper(t) == "SELECT" {
                break i;
            }
            start = i + 1;
        }
        i += 1;
    };
    let mut out = Vec::new();
    let mut uses = AliasUses::new();
    let mut append = |out: &mut Vec<Tok>, (a, b): (usize, usize)| {
        let part: AliasUses = marks
            .iter()
            .filter(|(k, _)| (a..b).contains(*k))
            .map(|(k, n)| (k - a, n.clone()))
            .collect();
        let (expanded, at) = expand(toks.get(a..b).unwrap_or_default().to_vec(), &aliases, &part);
        let offset = out.len();
        uses.extend(at.into_iter().map(|(k, name)| (k + offset, name)));
        out.extend(expanded);
    };
    if !kept.is_empty() {
        out.push(Tok::Word("WITH".into()));
        for (n, item) in kept.into_iter().enumerate() {
            if n > 0 {
                out.push(Tok::Sym(","));
            }
            append(&mut out, item);
        }
    }
    append(&mut out, (body_at, toks.len()));
    Ok((out, uses))
}

/// Words that end a select list (upstream's parser's `isSelectItemTerminatorKeyword`, and
/// `INTERSECT`, a set operation here), so no item's alias.
pub(super) const SELECT_LIST_END: &[&str] = &[
    "FROM",
    "WHERE",
    "PREWHERE",
    "GROUP",
    "HAVING",
    "WINDOW",
    "ORDER",
    "LIMIT",
    "SETTINGS",
    "FORMAT",
    "UNION",
    "EXCEPT",
    "INTERSECT",
];

/// Words an expression goes on after (a word after them is an operand, not an alias).
pub(super) const OPERATOR_WORDS: &[&str] = &[
    "AS", "AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "BETWEEN", "OVER", "DIV", "MOD",
    "GLOBAL", "CASE", "WHEN", "THEN", "ELSE", "INTERVAL", "DISTINCT", "ALL", "SELECT",
];

/// `limit` unquoted where an operand is expected (after `SELECT`, `WHERE`, `BY`, `(`, `,`, an
/// operator, …) is the column `limit` of `ratelimits_v1`: upstream's parser reads it so
/// there (the audit's `apparse`: `SELECT identifier, limit …`, `max(limit)`, `WHERE limit >
/// 1`, `ORDER BY limit LIMIT 1`, `LIMIT limit`), as ClickHouse reads a keyword as an identifier in an
/// expression; after an operand it is the clause. It is written as the quoted name
/// ([`LIMIT_COLUMN`]) before anything reads a `LIMIT`.
pub(super) fn limit_columns(mut toks: Vec<Tok>) -> Vec<Tok> {
    const OPERAND_AFTER: &[&str] = &[
        "SELECT", "DISTINCT", "WHERE", "PREWHERE", "HAVING", "QUALIFY", "BY", "AND", "OR", "NOT",
        "CASE", "WHEN", "THEN", "ELSE", "ON", "IN", "BETWEEN", "LIKE", "ILIKE", "DIV", "MOD",
        "LIMIT",
    ];
    for i in 1..toks.len() {
        let operand_expected = match toks.get(i - 1) {
            Some(Tok::Sym(s)) => !matches!(*s, ")" | "]" | "*" | "::"),
            Some(t) => OPERAND_AFTER.contains(&upper(t).as_str()),
            None => false,
        };
        if let Some(Tok::Word(w)) = toks.get_mut(i) {
            if operand_expected && w.eq_ignore_ascii_case("limit") {
                *w = LIMIT_COLUMN.into();
            }
        }
    }
    toks
}

/// Upstream's parser writes the right side of `UNION ALL|DISTINCT (SELECT …)` and `EXCEPT
/// (SELECT …)` back without its parentheses (AfterShip v0.4.18's parseSelectQuery takes
/// them and SelectQuery.String does not write them; the audit's `apparse`), so ClickHouse
/// reads `a EXCEPT (b UNION ALL c)` as `a EXCEPT b UNION ALL c`: they are dropped here.
/// An arm that starts with `WITH` (so written, or so written back), which ClickHouse takes,
/// is not run here.
pub(super) fn reprinted_set_arms(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        let before = |k: usize| i.checked_sub(k).and_then(|p| toks.get(p)).map(upper);
        let set_operator = match before(1).as_deref() {
            Some("ALL" | "DISTINCT") => before(2).as_deref() == Some("UNION"),
            Some("EXCEPT") => true,
            _ => false,
        };
        if set_operator && upper(t) == "WITH" {
            return Err(unsupported("a set operation's arm starting with WITH"));
        }
        let arm = *t == Tok::Sym("(")
            && toks
                .get(i + 1)
                .map(upper)
                .is_some_and(|w| w == "SELECT" || w == "WITH")
            && set_operator;
        if let Some(close) = arm.then(|| closing(&toks, i)).flatten() {
            toks.remove(close);
            toks.remove(i);
            continue;
        }
        i += 1;
    }
    Ok(toks)
}

/// Upstream's parser reads any run of `WITH CUBE|ROLLUP|TOTALS` right after a `GROUP BY` list
/// as flags and writes them back once each in the order `WITH CUBE`, `WITH ROLLUP`, `WITH
/// TOTALS` (AfterShip's parseGroupByClause and GroupByClause.String; another word after
/// such a `WITH` is its syntax error, "expected CUBE, ROLLUP or TOTALS"): so they are
/// written so here, and ClickHouse reads that text (`WITH TOTALS WITH ROLLUP` is its `WITH
/// ROLLUP WITH TOTALS`; `WITH CUBE WITH ROLLUP`, its syntax error, stays one).
pub(super) fn reprinted_group_modifiers(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    const LIST_END: &[&str] = &[
        "WITH",
        "HAVING",
        "ORDER",
        "LIMIT",
        "WINDOW",
        "QUALIFY",
        "SETTINGS",
        "FORMAT",
        "UNION",
        "EXCEPT",
        "INTERSECT",
        "OFFSET",
    ];
    let mut g = 0;
    while g < toks.len() {
        let at_group = toks.get(g).map(upper).as_deref() == Some("GROUP")
            && toks.get(g + 1).map(upper).as_deref() == Some("BY");
        if !at_group {
            g += 1;
            continue;
        }
        // Where the list ends: a clause's word at its level, or the `)` it is in.
        let mut depth = 0usize;
        let mut start = toks.len();
        for (k, t) in toks.iter().enumerate().skip(g + 2) {
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") if depth == 0 => {
                    start = k;
                    break;
                }
                Tok::Sym(")" | "]") => depth -= 1,
                Tok::Word(_) if depth == 0 && LIST_END.contains(&upper(t).as_str()) => {
                    start = k;
                    break;
                }
                _ => {}
            }
        }
        let (mut cube, mut rollup, mut totals) = (false, false, false);
        let mut end = start;
        while toks.get(end).map(upper).as_deref() == Some("WITH") {
            match toks.get(end + 1).map(upper).as_deref() {
                Some("CUBE") => cube = true,
                Some("ROLLUP") => rollup = true,
                Some("TOTALS") => totals = true,
                _ => return Err(clickhouse_parse_error()),
            }
            end += 2;
        }
        // (Written back as `WITH CUBE WITH ROLLUP`, which ClickHouse's parser does not take:
        // after the keys one `WITH ROLLUP|CUBE|TOTALS`, then only `WITH TOTALS`,
        // ParserSelectQuery. Its syntax error, wherever the query's other errors are.)
        if cube && rollup {
            return Err(clickhouse_parse_error());
        }
        let mut written = Vec::new();
        for (set, word) in [(cube, "CUBE"), (rollup, "ROLLUP"), (totals, "TOTALS")] {
            if set {
                written.push(Tok::Word("WITH".into()));
                written.push(Tok::Word(word.into()));
            }
        }
        let len = written.len();
        toks.splice(start..end, written);
        g = start + len;
    }
    Ok(toks)
}

/// Upstream's parser reads `LIMIT m, n` (also before `BY`) as `LIMIT n OFFSET m` and writes
/// the query back so (the audit's `apparse`): so it is written here, before anything reads a
/// `LIMIT`.
pub(super) fn reprinted_limits(mut toks: Vec<Tok>) -> Vec<Tok> {
    // A count with its sign: upstream's lexer reads `-1` or `+5` after the comma as one
    // number literal, whose `+` goes (`LIMIT 1, +5` is `LIMIT +5 OFFSET 1`, 5 rows); a `-`
    // stays for [`limit_counts`].
    let signed = |toks: &[Tok], at: usize, drop_plus: bool| -> Option<(Vec<Tok>, usize)> {
        match (toks.get(at), toks.get(at + 1)) {
            (Some(Tok::Num(n)), _) => Some((vec![Tok::Num(n.clone())], 1)),
            (Some(Tok::Sym("+")), Some(Tok::Num(n))) if drop_plus => {
                Some((vec![Tok::Num(n.clone())], 2))
            }
            (Some(sign @ Tok::Sym("+" | "-")), Some(Tok::Num(n))) => {
                Some((vec![sign.clone(), Tok::Num(n.clone())], 2))
            }
            _ => None,
        }
    };
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        if upper(t) == "LIMIT" {
            if let Some((m, m_len)) = signed(&toks, i + 1, false) {
                if toks.get(i + 1 + m_len) == Some(&Tok::Sym(",")) {
                    if let Some((n, n_len)) = signed(&toks, i + 2 + m_len, true) {
                        let mut by = n;
                        by.push(Tok::Word("OFFSET".into()));
                        by.extend(m);
                        toks.splice(i + 1..i + 2 + m_len + n_len, by);
                    }
                }
            }
        }
        i += 1;
    }
    toks
}

/// Whether SQLite surely reads the float literal `n` as its nearest double, as ClickHouse's
/// parser does (`strtod`): where its digits, at most 15, make an integer that a double holds
/// exactly and its scale is a power of ten of at most 22, which a double holds too, so one
/// rounded product or quotient gives it. (SQLite's own reading of a larger exponent is off by
/// a unit: `1.5e300` is `1.4999999999999998e300` there.)
pub(super) fn sqlite_reads_exactly(n: &str) -> bool {
    let (mantissa, exponent) = match n.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()),
        None => (n, Some(0)),
    };
    let Some(exponent) = exponent else {
        return false;
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let trimmed = digits.trim_start_matches('0');
    let significant = trimmed.trim_end_matches('0');
    let dropped = i64::try_from(trimmed.len() - significant.len()).unwrap_or(i64::MAX);
    let fraction_len = i64::try_from(fraction.len()).unwrap_or(i64::MAX);
    let scale = exponent
        .saturating_add(dropped)
        .saturating_sub(fraction_len);
    significant.len() <= 15 && (significant.is_empty() || (-22..=22).contains(&scale))
}

/// The counts of `LIMIT` and `OFFSET` as upstream and ClickHouse 25.6 take them, written as
/// the plain integers the rest of the translation reads. Upstream's enforceLimit
/// (query-parser/limits.go) keeps a `LIMIT` count only where it is a number literal whose
/// leading integer (Go's `Sscanf("%d")`: `1` of `1.5` and of `1e3`) is from 0 to the cap;
/// any other count (`-1`, `+5`, `(5)`, `2 + 3`, `'x'`, `ALL`, a literal above the cap) it
/// replaces with the cap. ClickHouse 25.6 then takes a kept literal only where it is a
/// `UInt64` exactly (QueryAnalyzer::convertLimitOffsetExpression, convertFieldToType through
/// accurate::convertNumeric): `LIMIT 2.` and `LIMIT 1e3` count 2 and 1000 rows, `LIMIT 1.5`
/// is its INVALID_LIMIT_EXPRESSION, upstream's "Invalid analytics query" (a negative count
/// counts the last rows only from 25.10, ClickHouse PR #88411). `OFFSET`, which upstream
/// leaves alone, is ClickHouse's alone: a literal with an optional sign. `LIMIT n BY` is
/// not this clause.
pub(super) fn limit_counts(mut toks: Vec<Tok>, cap: i64) -> Result<Vec<Tok>, ApiError> {
    // Where the count starting at `from` ends: the clause's end at its level of parentheses.
    let count_end = |toks: &[Tok], from: usize| {
        let mut end = from;
        let mut depth = 0usize;
        while let Some(t) = toks.get(end) {
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]" | ",") if depth == 0 => break,
                Tok::Sym(")" | "]") => depth -= 1,
                Tok::Word(_)
                    if depth == 0
                        && matches!(
                            upper(t).as_str(),
                            "OFFSET"
                                | "BY"
                                | "WITH"
                                | "UNION"
                                | "EXCEPT"
                                | "INTERSECT"
                                | "SETTINGS"
                                | "FORMAT"
                                | "LIMIT"
                        ) =>
                {
                    break
                }
                _ => {}
            }
            end += 1;
        }
        end
    };
    let word = |toks: &[Tok], at: usize| toks.get(at).map(upper).unwrap_or_default();
    // Where the last `LIMIT`'s count ends: upstream's parser reads `OFFSET` only after
    // `LIMIT n` (parseLimitClause) or `SAMPLE k` (refused here already), and refuses it
    // elsewhere ([`chparse`]); one it took elsewhere is a name there (`x AS offset`), which
    // this reading does not follow.
    let mut limit_end = None;
    let sampled = toks.iter().any(|t| upper(t) == "SAMPLE");
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        let clause = upper(t);
        if clause != "LIMIT" && clause != "OFFSET" {
            i += 1;
            continue;
        }
        if clause == "OFFSET" && limit_end != Some(i) && !sampled {
            return Err(query_error("Invalid SQL syntax: OFFSET as a name"));
        }
        let start = i + 1;
        let end = count_end(&toks, start);
        // (`LIMIT n [OFFSET m] BY …` is not this clause.)
        let by = match word(&toks, end).as_str() {
            "BY" => true,
            "OFFSET" if clause == "LIMIT" => word(&toks, count_end(&toks, end + 1)) == "BY",
            _ => false,
        };
        let count = toks.get(start..end).unwrap_or_default();
        let written = match (clause.as_str(), count) {
            (_, []) => None,
            _ if by => None,
            ("LIMIT", [Tok::Num(n)]) => Some(limit_count(n, cap)?),
            ("LIMIT", _) => Some(cap),
            (_, [Tok::Num(n)]) => Some(unsigned_count(false, n)?),
            (_, [Tok::Sym(sign @ ("+" | "-")), Tok::Num(n)]) => {
                Some(unsigned_count(*sign == "-", n)?)
            }
            _ => None,
        };
        limit_end = (clause == "LIMIT").then_some(if written.is_some() { start + 1 } else { end });
        if let Some(n) = written {
            toks.splice(start..end, [Tok::Num(n.to_string())]);
        }
        i += 1;
    }
    Ok(toks)
}

/// A `LIMIT` count literal `n` as upstream keeps or replaces it (see [`limit_counts`]).
fn limit_count(n: &str, cap: i64) -> Result<i64, ApiError> {
    let leading: String = n.chars().take_while(char::is_ascii_digit).collect();
    match leading.parse::<u64>() {
        Ok(v) if v <= cap.unsigned_abs() => {}
        _ => return Ok(cap),
    }
    let rows = unsigned_count(false, n)?;
    if rows > cap {
        // (Answered here only up to the cap.)
        return Err(unsupported(
            "a LIMIT of a float literal above the workspace's result rows",
        ));
    }
    Ok(rows)
}

/// The literal `n` (negated where `negative`) as ClickHouse converts a `LIMIT` or `OFFSET`
/// to a `UInt64`: exactly, or its error, upstream's "Invalid analytics query".
fn unsigned_count(negative: bool, n: &str) -> Result<i64, ApiError> {
    let invalid = || query_error("Invalid analytics query");
    if !n.contains(['.', 'e', 'E']) {
        let v = n.parse::<u64>().map_err(|_| invalid())?;
        if negative && v != 0 {
            return Err(invalid());
        }
        return Ok(i64::try_from(v).unwrap_or(i64::MAX));
    }
    let f = n.parse::<f64>().map_err(|_| invalid())?;
    if !f.is_finite()
        || f.fract() != 0.0
        || (negative && f != 0.0)
        || f >= 18_446_744_073_709_551_616.0
    {
        return Err(invalid());
    }
    // (A float past `i64` counts more rows than are kept.)
    Ok(if f >= 9_223_372_036_854_775_807.0 {
        i64::MAX
    } else {
        f as i64
    })
}

/// `INTERVAL 'n' UNIT`, which upstream's parser keeps (an `IntervalExpr` of a string) and
/// ClickHouse's reads as `toIntervalUnit('n')` where the string is one number (IntervalLayer:
/// "INTERVAL '1' HOUR", the string read again as an expression), written so here and named
/// so; and `toIntervalUnit` of a string literal, which ClickHouse converts by its text
/// parsing as it analyses the query ([`interval_text`]).
pub(super) fn string_intervals(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    // (An unknown unit, `INTERVAL 7 DAYS`, is upstream's parser's error: chparse.)
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        let (Some(Tok::Str(n)), Some(Tok::Word(unit))) = (toks.get(i + 1), toks.get(i + 2)) else {
            i += 1;
            continue;
        };
        let (written, unit) = (unit.clone(), unit.to_ascii_uppercase());
        if upper(t) != "INTERVAL" || !KINDS.iter().any(|(k, _)| *k == unit) {
            i += 1;
            continue;
        }
        // `INTERVAL 'n kind' UNIT`, a whole item of the select list: the interval of the
        // string, named `UNIT` ([`aliased_string_interval`]).
        if let Some((count, kind)) = count_and_kind(n) {
            if aliased_string_interval(&toks, i, &unit) {
                let interval = [
                    Tok::Word("INTERVAL".into()),
                    Tok::Num(count),
                    Tok::Word(kind),
                    Tok::Word("AS".into()),
                    Tok::Word(written),
                ];
                toks.splice(i..i + 3, interval);
                i += 5;
                continue;
            }
        }
        interval_text(n, false)?;
        let (first, rest) = unit.split_at(1);
        let function = format!("toInterval{first}{}", rest.to_ascii_lowercase());
        let call = [
            Tok::Word(function),
            Tok::Sym("("),
            Tok::Str(n.clone()),
            Tok::Sym(")"),
        ];
        toks.splice(i..i + 3, call);
        i += 4;
    }
    // The same conversion written as the call, `toIntervalDay('1.5')`.
    for w in toks.windows(4) {
        if let [Tok::Word(f), Tok::Sym("("), Tok::Str(n), Tok::Sym(")")] = w {
            if f.to_ascii_uppercase().starts_with("TOINTERVAL") {
                interval_text(n, true)?;
            }
        }
    }
    Ok(toks)
}

/// Of the string of `INTERVAL 'n kind' UNIT`, its count and kind where it is one number and
/// one interval kind as ClickHouse's parser reads them (its IntervalLayer: ParserNumber, then
/// parseIntervalKind, which takes each kind's name in any case), written as this server
/// follows them: digits (no sign, no leading zero, at most 18) and a kind's name, its
/// singular, plural or short one (`'2 hours'`, `'2 hh'`, `'2 h'`; `us`, `sec`, `min`, `w`,
/// `mon` and `y` are none: chDB 3.6.0, ClickHouse 25.5.2, and 3.7.2, 25.8.2, agree on each,
/// [`interval_kind_name`]), with spaces around them. `None` of any other text.
fn count_and_kind(n: &str) -> Option<(String, String)> {
    if !n.bytes().all(|c| c == b' ' || c.is_ascii_alphanumeric()) {
        return None;
    }
    let mut words = n.split(' ').filter(|w| !w.is_empty());
    let (count, kind, None) = (words.next()?, words.next()?, words.next()) else {
        return None;
    };
    let kind = interval_kind_name(&kind.to_ascii_uppercase())?;
    let digits = count.len() <= 18 && count.bytes().all(|c| c.is_ascii_digit());
    let leading_zero = count.len() > 1 && count.starts_with('0');
    (digits && !leading_zero && KINDS.iter().any(|(k, _)| *k == kind))
        .then(|| (count.to_string(), kind.to_string()))
}

/// The kind (singular, upper case) a name of ClickHouse's parseIntervalKind reads inside an
/// `INTERVAL` string, in upper case: its singular or plural name, or a short one.
fn interval_kind_name(name: &str) -> Option<&'static str> {
    Some(match name {
        "NANOSECOND" | "NANOSECONDS" | "NS" => "NANOSECOND",
        "MICROSECOND" | "MICROSECONDS" => "MICROSECOND",
        "MILLISECOND" | "MILLISECONDS" | "MS" => "MILLISECOND",
        "SECOND" | "SECONDS" | "SS" | "S" => "SECOND",
        "MINUTE" | "MINUTES" | "MI" | "N" => "MINUTE",
        "HOUR" | "HOURS" | "HH" | "H" => "HOUR",
        "DAY" | "DAYS" | "DD" | "D" => "DAY",
        "WEEK" | "WEEKS" | "WK" | "WW" => "WEEK",
        "MONTH" | "MONTHS" | "MM" | "M" => "MONTH",
        "QUARTER" | "QUARTERS" | "QQ" | "Q" => "QUARTER",
        "YEAR" | "YEARS" | "YYYY" | "YY" => "YEAR",
        _ => return None,
    })
}

/// Whether the `INTERVAL 'n kind' UNIT` at `i` (its tokens `i` to `i + 2`) ends a whole item of
/// the select list of a query of one `SELECT` (no subquery, CTE or set operation), outside any
/// parentheses, before `,` or `FROM`, and `UNIT` is written nowhere else in the query.
/// ClickHouse's parser then ends the interval with the string (IntervalLayer: "case: INTERVAL
/// '1 HOUR'", `finished`), and the expression there (ExpressionLayer, which takes no alias,
/// `Layer(false, false)`), so the select list's ParserWithOptionalAlias reads `UNIT` as the
/// item's alias without `AS` (ParserAlias, `UNIT` being no restricted keyword): the item is
/// the interval of the string named `UNIT`, as written, whatever kind it names (`INTERVAL '2
/// hour' DAY` is two hours, named `DAY`). Elsewhere the word is read otherwise (an alias of
/// the interval inside `CASE` or `CAST`, whose layers take one without `AS`; else a syntax
/// error), which is not followed here; nor where the name could meet another use of it.
fn aliased_string_interval(toks: &[Tok], i: usize, unit: &str) -> bool {
    let selects = toks.iter().filter(|t| upper(t) == "SELECT").count();
    let uses = toks.iter().filter(|t| upper(t) == unit).count();
    let Some(select) = toks.iter().position(|t| upper(t) == "SELECT") else {
        return false;
    };
    let mut depth = 0i64;
    for t in toks.get(select + 1..i).unwrap_or_default() {
        match t {
            Tok::Sym("(" | "[") => depth += 1,
            Tok::Sym(")" | "]") => depth -= 1,
            _ if depth == 0 && SELECT_LIST_END.contains(&upper(t).as_str()) => return false,
            _ => {}
        }
    }
    let ends_item = match toks.get(i + 3) {
        Some(Tok::Sym(",")) => true,
        Some(t) => upper(t) == "FROM",
        None => false,
    };
    selects == 1 && uses == 1 && select < i && depth == 0 && ends_item
}

/// The string `n` of `INTERVAL 'n' UNIT` or (`call`) `toIntervalUnit('n')`, taken where
/// ClickHouse converts it to a count ([`int_text`]). `toIntervalUnit` converts a string by its
/// text parsing (FunctionsConversion.cpp, ConvertThroughParsing of the interval's `Int64`:
/// readIntText of the whole text, else "Cannot parse string … as IntervalDay",
/// CANNOT_PARSE_TEXT, or of a sign without digits "Cannot parse number …",
/// CANNOT_PARSE_NUMBER, both upstream's "Invalid SQL syntax"; `''` is
/// ATTEMPT_TO_READ_AFTER_EOF, "Invalid analytics query"). `INTERVAL 'n'` is read first by
/// ClickHouse's parser (IntervalLayer, over the string's tokens): where ParserNumber reads one
/// number (a `+` or `-` before it taken) and nothing follows, it is the string converted so
/// (`'+5'` 5, `'1.5'`, `' 2'`, `'1e3'`, `'0x1A'` "Cannot parse"); a number past what
/// ParserNumber reads (more than 319 digits, or past `Float64`'s range: strtod's ERANGE) is
/// its syntax error, where `toIntervalUnit` wraps it. A number and interval kinds (`INTERVAL
/// '1 day'`, its test 01523_interval_operator_support_string_literal) are its intervals, which
/// upstream's parser takes only with a unit after them (its parseInterval reads one), and what
/// ClickHouse's parser makes of that unit after them (the interval ends before it: an alias
/// or its syntax error by the clause) is not run here but where it names a select-list item
/// ([`aliased_string_interval`]), nor another number followed by letters (`'1day'`, `'1e'`);
/// any other text (`'1:30'`, `'abc'`) is its syntax error.
fn interval_text(n: &str, call: bool) -> Result<(), ApiError> {
    let syntax = || query_error("Invalid SQL syntax");
    let unsigned = n.strip_prefix(['+', '-']).unwrap_or(n);
    if int_text(n).is_some() {
        // (ParserNumber's buffer, MAX_LENGTH_OF_NUMBER, and strtod's range.)
        let parsed = unsigned.len() <= 319 && unsigned.parse::<f64>().is_ok_and(f64::is_finite);
        return if call || parsed {
            Ok(())
        } else {
            Err(syntax())
        };
    }
    if number_lexeme(unsigned) {
        return Err(syntax());
    }
    let number_first = n
        .trim_start()
        .trim_start_matches(['+', '-'])
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == '.');
    match n {
        "" if call => Err(query_error("Invalid analytics query")),
        _ if !call && number_first && n.bytes().any(|c| c.is_ascii_alphabetic()) => Err(
            unsupported("INTERVAL of a string of a number followed by interval kinds or letters"),
        ),
        _ => Err(syntax()),
    }
}

/// ClickHouse's readIntText of the whole of `text` into an `Int64`, as its conversion of a
/// string calls it (ReadHelpers.h readIntTextImpl, its overflow unchecked as `readText` asks):
/// one `+` or `-` at most, then digits, whose value wraps round 64 bits as the unsigned
/// number it gathers them in does (`'9223372036854775808'` is -9223372036854775808); `None`
/// of other text.
pub(super) fn int_text(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value = digits.bytes().fold(0u64, |v, c| {
        v.wrapping_mul(10)
            .wrapping_add(u64::from(c.wrapping_sub(b'0')))
    });
    let value = if negative {
        value.wrapping_neg()
    } else {
        value
    };
    Some(i64::from_ne_bytes(value.to_ne_bytes()))
}

/// Whether `s` is one number as ClickHouse's lexer reads it, with letters in it: digits with
/// an exponent (`1e3`, `1.5E-3`), or `0x` and hexadecimal digits, or `0b` and binary ones.
fn number_lexeme(s: &str) -> bool {
    let all = |s: &str, f: fn(&u8) -> bool| !s.is_empty() && s.as_bytes().iter().all(f);
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return all(hex, u8::is_ascii_hexdigit);
    }
    if let Some(binary) = s.strip_prefix("0b").or_else(|| s.strip_prefix("0B")) {
        return all(binary, |c| matches!(c, b'0' | b'1'));
    }
    let Some((mantissa, exponent)) = s.split_once(['e', 'E']) else {
        return false;
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    all(whole, u8::is_ascii_digit)
        && (fraction.is_empty() || all(fraction, u8::is_ascii_digit))
        && all(exponent, u8::is_ascii_digit)
}

/// Whether `t` ends an operand, so that a `+` or `-` after it is binary: a literal, `)`, `]`,
/// or a word other than a keyword (`NULL`, `TRUE`, `FALSE` and `END` end one).
pub(super) fn ends_operand(t: Option<&Tok>) -> bool {
    match t {
        Some(Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]")) => true,
        Some(Tok::Word(w)) => {
            let w = w.to_ascii_uppercase();
            !KEYWORDS.contains(&w.as_str())
                || matches!(w.as_str(), "NULL" | "TRUE" | "FALSE" | "END")
        }
        _ => false,
    }
}

/// Unary signs as upstream's parser and ClickHouse's read them. ClickHouse's parser ignores
/// every `+` where an operand is expected (tryParseOperand, "ignore all leading plus"), so
/// `+x` is `x` and `+1` the literal `1`, named so; a `-` it then meets is `negate` rather than
/// a negative literal (`+ -1`, `- +1` are `negate(1)`, written `- (1)` here). Upstream's parser
/// (AfterShip's parseUnaryExpr) takes one `+`, `-` or `NOT` before an operand, and a sign
/// written against digits as the number's (`- -1`, `+ -1`), so a second sign before a
/// non-number (`- -x`, `+ +x`) or one after `NOT` (`NOT -1`, `NOT NOT x`) is its syntax error.
pub(super) fn unary_signs(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    // (Upstream's parser refuses these first, [`chparse`]; what it took and this reading
    // does not follow, `NOT NOT - 1` where its second `NOT` is a name, is not run.)
    let syntax = || query_error("Invalid SQL syntax: signs or NOT read otherwise");
    let mut i = 0;
    while let Some(t) = toks.get(i) {
        let unary = !ends_operand(i.checked_sub(1).and_then(|p| toks.get(p)));
        let next = toks.get(i + 1);
        let number_after = matches!(toks.get(i + 2), Some(Tok::Num(_)));
        let not =
            |t: Option<&Tok>| matches!(t, Some(Tok::Word(w)) if w.eq_ignore_ascii_case("NOT"));
        match t {
            Tok::Word(w)
                if unary
                    && w.eq_ignore_ascii_case("NOT")
                    && (matches!(next, Some(Tok::Sym("+" | "-"))) || not(next)) =>
            {
                return Err(syntax());
            }
            Tok::Sym(sign @ ("+" | "-")) if unary => match next {
                Some(Tok::Sym(second @ ("+" | "-"))) => {
                    if !number_after {
                        return Err(syntax());
                    }
                    match (*sign, *second) {
                        ("+", "+") => {
                            toks.drain(i..i + 2);
                            continue;
                        }
                        ("-", "-") => {}
                        _ => {
                            if let Some(Tok::Num(n)) = toks.get(i + 2).cloned() {
                                toks.splice(
                                    i..i + 3,
                                    [Tok::Sym("-"), Tok::Sym("("), Tok::Num(n), Tok::Sym(")")],
                                );
                            }
                        }
                    }
                }
                _ if not(next) => return Err(syntax()),
                _ if *sign == "+" && next.is_some() => {
                    toks.remove(i);
                    continue;
                }
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    Ok(toks)
}

/// The words an expression starts after (see [`ternaries`]).
const LEFT_STOPS: &[&str] = &[
    "SELECT", "DISTINCT", "ALL", "WHERE", "PREWHERE", "HAVING", "ON", "BY", "WHEN", "THEN", "ELSE",
    "AS", "USING", "QUALIFY", "LIMIT", "OFFSET", "FROM", "WITH", "ARRAY", "JOIN",
];
/// The words an expression ends before, but as a call (see [`ternaries`]).
const RIGHT_STOPS: &[&str] = &[
    "FROM",
    "WHERE",
    "PREWHERE",
    "GROUP",
    "ORDER",
    "HAVING",
    "LIMIT",
    "OFFSET",
    "AS",
    "WHEN",
    "THEN",
    "ELSE",
    "ASC",
    "DESC",
    "UNION",
    "EXCEPT",
    "INTERSECT",
    "SETTINGS",
    "FORMAT",
    "WINDOW",
    "QUALIFY",
    "JOIN",
    "INNER",
    "LEFT",
    "RIGHT",
    "FULL",
    "CROSS",
    "SEMI",
    "ANTI",
    "ASOF",
    "PASTE",
    "ARRAY",
    "ON",
    "USING",
    "NULLS",
    "WITH",
    "BY",
    "COLLATE",
    "OR",
];

/// ClickHouse's conditional operator `c ? a : b`, which upstream's parser keeps as it is
/// written (AfterShip's TernaryOperation, written back `c ? a : b` without parentheses, also
/// nested: the audit's `apparse`) and ClickHouse's parser reads as `if(c, a, b)`
/// (ExpressionListParsers.cpp: `?` starts it at priority 2, below every operator but a
/// lambda's `->`, `:` ends it at priority 3 as the function `if`): written so here, named
/// `if(c, a, b)` as ClickHouse names it. The condition is all of the expression before `?`.
/// An operator of priority 3 or less after the false branch (`OR`, `:`, `?`) meets the `:`
/// on ClickHouse's operator stack, which tryParseOperator pops into `if(c, a, b)` while the
/// `?` below it stays (or is popped as a call of no name, an operand too many), and
/// mergeElement fails on a `?` left ("We should not meet the starting part of the operator
/// while finishing an element"): ClickHouse's syntax error, "Invalid SQL syntax" through
/// upstream's error mapping, for `c ? a : b OR d` and for a ternary in another's branch
/// without parentheses (`c ? a : d ? x : y`, `c ? d ? x : y : b`; the same loop in the 23.x
/// and current sources, and ClickHouse refusing `x ? y ? 1 : 2 : 3` in sqlglot#1603).
pub(super) fn ternaries(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    let syntax = clickhouse_parse_error;
    let nested = syntax;
    while let Some(q) = toks.iter().rposition(|t| *t == Tok::Sym("?")) {
        // The true branch, to its `:`.
        let mut depth = 0usize;
        let mut colon = None;
        for (k, t) in toks.iter().enumerate().skip(q + 1) {
            let word = upper(t);
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") if depth == 0 => return Err(syntax()),
                Tok::Sym(")" | "]") => depth -= 1,
                Tok::Word(_) if word == "CASE" => depth += 1,
                Tok::Word(_) if word == "END" && depth > 0 => depth -= 1,
                _ if depth > 0 => {}
                Tok::Sym("?") => return Err(nested()),
                Tok::Sym(":") => {
                    colon = Some(k);
                    break;
                }
                Tok::Sym(",") => return Err(syntax()),
                _ => {}
            }
        }
        let colon = colon.ok_or_else(syntax)?;
        // The false branch, to the expression's end.
        let mut depth = 0usize;
        let mut end = toks.len();
        for (k, t) in toks.iter().enumerate().skip(colon + 1) {
            let word = upper(t);
            let call = toks.get(k + 1) == Some(&Tok::Sym("("));
            match t {
                Tok::Sym("(" | "[") => depth += 1,
                Tok::Sym(")" | "]") if depth == 0 => {
                    end = k;
                    break;
                }
                Tok::Sym(")" | "]") => depth -= 1,
                Tok::Word(_) if word == "CASE" => depth += 1,
                Tok::Word(_) if word == "END" && depth > 0 => depth -= 1,
                _ if depth > 0 => {}
                Tok::Sym("?" | ":") => return Err(nested()),
                Tok::Word(_) if word == "OR" && !call => return Err(syntax()),
                Tok::Sym("," | ";") => {
                    end = k;
                    break;
                }
                Tok::Word(_)
                    if word == "END" || (RIGHT_STOPS.contains(&word.as_str()) && !call) =>
                {
                    end = k;
                    break;
                }
                _ => {}
            }
        }
        // The condition, back to the expression's start.
        let mut depth = 0usize;
        let mut start = 0;
        for k in (0..q).rev() {
            let Some(t) = toks.get(k) else { break };
            let word = upper(t);
            match t {
                Tok::Sym(")" | "]") => depth += 1,
                Tok::Sym("(" | "[") if depth == 0 => {
                    start = k + 1;
                    break;
                }
                Tok::Sym("(" | "[") => depth -= 1,
                Tok::Word(_) if word == "END" => depth += 1,
                Tok::Word(_) if word == "CASE" && depth > 0 => depth -= 1,
                _ if depth > 0 => {}
                Tok::Sym(":" | "?") => return Err(nested()),
                Tok::Sym(">") if k > 0 && toks.get(k - 1) == Some(&Tok::Sym("-")) => {
                    start = k + 1;
                    break;
                }
                Tok::Sym("," | ";") => {
                    start = k + 1;
                    break;
                }
                Tok::Word(_) if LEFT_STOPS.contains(&word.as_str()) => {
                    start = k + 1;
                    break;
                }
                _ => {}
            }
        }
        let (Some(condition), Some(yes), Some(no)) = (
            toks.get(start..q),
            toks.get(q + 1..colon),
            toks.get(colon + 1..end),
        ) else {
            return Err(syntax());
        };
        if condition.is_empty() || yes.is_empty() || no.is_empty() {
            return Err(syntax());
        }
        let mut call = vec![Tok::Word("if".into()), Tok::Sym("(")];
        call.extend_from_slice(condition);
        call.push(Tok::Sym(","));
        call.extend_from_slice(yes);
        call.push(Tok::Sym(","));
        call.extend_from_slice(no);
        call.push(Tok::Sym(")"));
        toks.splice(start..end, call);
    }
    if toks.contains(&Tok::Sym(":")) {
        return Err(syntax());
    }
    Ok(toks)
}

/// A chain of comparisons `a = b = c`, `x != '' = 0`, `a = b < c`: ClickHouse's parser reads
/// every comparison operator (`=`, `==`, `!=`, `<>`, `<`, `>`, `<=`, `>=`) at one priority,
/// left to right (ExpressionListParsers.cpp, priority 9), so `a = b = c` is `(a = b) = c`
/// and `0 = 2 < 3` is `(0 = 2) < 3` (ClickHouse 25.5.2 and 25.8.2 (chDB) agree, writing the
/// query back so); SQLite orders `<` before `=`, and this reading types each comparison on
/// the operands next to it. Each comparison a chain continues is written in parentheses
/// here, which name and answer as without them. A chain whose operand holds a word read
/// otherwise here (`IN`, `LIKE`, `BETWEEN`, `IS`, `NOT`, `AND`, … end an operand) is left
/// as it is written.
pub(super) fn comparison_chains(toks: Vec<Tok>) -> Vec<Tok> {
    /// Where the operand at a level starts in `out`, and whether a comparison is in it.
    struct Level {
        start: usize,
        compared: bool,
        case: bool,
    }
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len());
    let mut levels = vec![Level {
        start: 0,
        compared: false,
        case: false,
    }];
    for (k, t) in toks.iter().enumerate() {
        let word = upper(t);
        let call = toks.get(k + 1) == Some(&Tok::Sym("("));
        let lambda = *t == Tok::Sym(">") && k > 0 && toks.get(k - 1) == Some(&Tok::Sym("-"));
        match t {
            Tok::Sym("(" | "[") => {
                out.push(t.clone());
                levels.push(Level {
                    start: out.len(),
                    compared: false,
                    case: false,
                });
                continue;
            }
            Tok::Word(_) if word == "CASE" && !call => {
                out.push(t.clone());
                levels.push(Level {
                    start: out.len(),
                    compared: false,
                    case: true,
                });
                continue;
            }
            Tok::Sym(")" | "]") | Tok::Word(_) if !matches!(t, Tok::Word(_)) || word == "END" => {
                let case = matches!(t, Tok::Word(_));
                match levels.pop() {
                    Some(l) if l.case == case && !levels.is_empty() => {}
                    // (Unbalanced as read here: left as written.)
                    _ => return toks,
                }
                out.push(t.clone());
                continue;
            }
            Tok::Sym("=" | "==" | "!=" | "<>" | "<" | ">" | "<=" | ">=") if !lambda => {
                if let Some(l) = levels.last_mut() {
                    if l.compared && l.start < out.len() {
                        out.insert(l.start, Tok::Sym("("));
                        out.push(Tok::Sym(")"));
                    }
                    l.compared = true;
                }
                out.push(t.clone());
                continue;
            }
            _ => {}
        }
        let ends = match t {
            Tok::Sym("," | ";" | "?" | ":") => true,
            _ if lambda => true,
            Tok::Word(_) => {
                !call
                    && !matches!(word.as_str(), "NULL" | "TRUE" | "FALSE")
                    && (operand_boundary(&toks, k) || LEFT_STOPS.contains(&word.as_str()))
            }
            _ => false,
        };
        out.push(t.clone());
        if ends {
            if let Some(l) = levels.last_mut() {
                l.start = out.len();
                l.compared = false;
            }
        }
    }
    out
}

/// How `x GLOBAL IN (…)` is held: its `IN` spelled so (every other `IN` is spelled `IN`), and
/// named `globalIn(…)` where a column's name is made ([`Tr::expression_name`]).
pub(super) const GLOBAL_IN: &str = "in";

/// `x GLOBAL IN (…)`: upstream's parser takes it (AfterShip's parseInfix, a BinaryOperation
/// "GLOBAL IN" written back as `x GLOBAL IN (…)`, the audit's `apparse`; `GLOBAL NOT IN` is its
/// syntax error, "expected IN after GLOBAL") and ClickHouse's parser makes it `globalIn(x, …)`
/// (ExpressionListParsers.cpp operators_table, at `IN`'s priority 9), which over a table
/// that is not distributed builds its set as `in` does (01585_use_index_for_global_in.sql:
/// `i global in (select …)` answers `in`'s rows): so it is run as `IN`, its `IN` spelled
/// [`GLOBAL_IN`].
pub(super) fn global_ins(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    let mut i = 0;
    while let Some(t) = toks.get_mut(i) {
        if upper(t) == "IN" {
            *t = Tok::Word("IN".into());
        } else if upper(t) == "GLOBAL" {
            let next = toks.get(i + 1).map(upper).unwrap_or_default();
            if next == "NOT" {
                return Err(query_error("Invalid SQL syntax"));
            }
            if next == "IN" {
                toks.remove(i);
                if let Some(t) = toks.get_mut(i) {
                    *t = Tok::Word(GLOBAL_IN.into());
                }
            }
        }
        i += 1;
    }
    Ok(toks)
}

/// Upstream's parser takes a word right after a select-list item's expression as the item's
/// alias (`count() total`) and writes the query back with `AS`: so `AS` is written in here,
/// before anything reads a select list. Two such words in a row are a syntax error there.
pub(super) fn explicit_aliases(mut toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    let mut aliases = Vec::new();
    for (a, k) in select_list_items(&toks) {
        if let Some(at) = implicit_alias(&toks, a, k) {
            if implicit_alias(&toks, a, at).is_some() {
                return Err(query_error("Invalid SQL syntax: two aliases"));
            }
            aliases.push(at);
        }
    }
    // (From the last, so that each index still points at its word.)
    aliases.sort_unstable();
    for k in aliases.into_iter().rev() {
        toks.insert(k, Tok::Word("AS".into()));
    }
    Ok(toks)
}

/// The items of every `SELECT`'s list in `toks`, each as `[start, end)` (after `DISTINCT` or
/// `ALL`; a list ends at a closing parenthesis of its own level or at a clause's keyword,
/// `SELECT_LIST_END`).
fn select_list_items(toks: &[Tok]) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    for (s, t) in toks.iter().enumerate() {
        if upper(t) != "SELECT" {
            continue;
        }
        let mut a = s + 1;
        if matches!(toks.get(a).map(upper).as_deref(), Some("DISTINCT" | "ALL")) {
            a += 1;
        }
        let mut depth = 0i64;
        for k in a.. {
            let t = toks.get(k);
            let list_ends = match t {
                None => true,
                Some(Tok::Sym("(" | "[")) => {
                    depth += 1;
                    false
                }
                Some(Tok::Sym(")" | "]")) => {
                    depth -= 1;
                    depth < 0
                }
                Some(t) => depth == 0 && SELECT_LIST_END.contains(&upper(t).as_str()),
            };
            if list_ends || (depth == 0 && t == Some(&Tok::Sym(","))) {
                items.push((a, k));
                a = k + 1;
            }
            if list_ends {
                break;
            }
        }
    }
    items
}

/// ClickHouse's parser reads the words `nan`, `inf` and `infinity` (any case) as `Float64`
/// literals, not names (`SELECT nan AS x, -inf AS y` is `null`, `null` as upstream writes a
/// non-finite float, `toTypeName(inf)` `Float64`: ClickHouse 25.5.2 and 25.8.2 (chDB)
/// agree): each is written here as the same constant of `Float64` ClickHouse computes, `(0 /
/// 0)` or `(1 / 0)`. Where one stands in a select-list item without an alias, whose column
/// ClickHouse names by the literal (`inf`, `plus(inf, 1)`), it is not run. (A word after `.`,
/// one called, and an alias after `AS` are names.)
pub(super) fn non_finite_literals(toks: Vec<Tok>) -> Result<Vec<Tok>, ApiError> {
    let literal = |k: usize| {
        matches!(toks.get(k), Some(Tok::Word(w)) if matches!(w.to_ascii_uppercase().as_str(), "NAN" | "INF" | "INFINITY"))
            && !matches!(toks.get(k + 1), Some(Tok::Sym("(" | ".")))
            && !k.checked_sub(1).is_some_and(|p| {
                matches!(toks.get(p), Some(Tok::Sym(".")))
                    || toks.get(p).map(upper).as_deref() == Some("AS")
            })
    };
    let found: Vec<usize> = (0..toks.len()).filter(|k| literal(*k)).collect();
    if found.is_empty() {
        return Ok(toks);
    }
    // (The select-list items without an alias.)
    let unaliased: Vec<(usize, usize)> = select_list_items(&toks)
        .into_iter()
        .filter(|(a, k)| !(*k >= a + 2 && toks.get(k - 2).map(upper).as_deref() == Some("AS")))
        .collect();
    if found
        .iter()
        .any(|k| unaliased.iter().any(|(a, b)| (*a..*b).contains(k)))
    {
        return Err(unsupported(
            "the literal nan, inf or infinity in a select-list item without an alias (whose column ClickHouse names by the literal)",
        ));
    }
    let mut out = Vec::with_capacity(toks.len() + 4 * found.len());
    for (k, t) in toks.into_iter().enumerate() {
        if !found.contains(&k) {
            out.push(t);
            continue;
        }
        let nan = upper(&t) == "NAN";
        out.extend([
            Tok::Sym("("),
            Tok::Num(if nan { "0" } else { "1" }.into()),
            Tok::Sym("/"),
            Tok::Num("0".into()),
            Tok::Sym(")"),
        ]);
    }
    Ok(out)
}

/// Where the select-list item `toks[a..b]` ends in a word that is its alias without `AS`:
/// a word that is no operator, after an operand's end, and no `INTERVAL`'s unit or `CASE`'s
/// `END`.
pub(super) fn implicit_alias(toks: &[Tok], a: usize, b: usize) -> Option<usize> {
    let at = b.checked_sub(1).filter(|at| *at > a)?;
    let last = toks.get(at).map(upper).filter(|w| !w.is_empty())?;
    let operand_ends = match toks.get(at - 1)? {
        Tok::Num(_) | Tok::Str(_) | Tok::Sym(")" | "]") => true,
        Tok::Word(w) => !OPERATOR_WORDS.contains(&w.to_ascii_uppercase().as_str()),
        Tok::Sym(_) => false,
    };
    let item = toks.get(a..at)?;
    let unit = item.iter().enumerate().rev().any(|(v, t)| {
        let operand = a + v + 1;
        upper(t) == "INTERVAL"
            && match toks.get(operand) {
                Some(Tok::Sym("(")) => closing(toks, operand).map(|c| c + 1),
                Some(Tok::Sym("-")) => Some(operand + 2),
                _ => Some(operand + 1),
            } == Some(at)
    });
    let count = |w: &str| item.iter().filter(|t| upper(t) == w).count();
    let case_end = last == "END" && count("CASE") > count("END");
    (operand_ends && !OPERATOR_WORDS.contains(&last.as_str()) && !unit && !case_end).then_some(at)
}

pub(super) fn upper(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.to_ascii_uppercase(),
        _ => String::new(),
    }
}

/// The index of the `)` matching the `(` at `open`.
pub(super) fn closing(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// `left op right` for a set operator of ClickHouse. SQLite's own (`UNION ALL`, and `UNION`,
/// ClickHouse's `UNION DISTINCT`) are written as they are; ClickHouse's `EXCEPT ALL` keeps
/// every row of the left side (duplicates too) whose row the right side lacks: the left rows
/// joined, column by column, to the distinct rows SQLite's `EXCEPT` answers.
pub(super) fn set_operation(left: &str, op: &str, right: &str) -> String {
    match op {
        "EXCEPT ALL" => {
            format!(
                "SELECT * FROM (WITH \"__ul_l\" AS ({left}) SELECT \"__ul_l\".* FROM \"__ul_l\" NATURAL JOIN (SELECT * FROM \"__ul_l\" EXCEPT SELECT * FROM ({right})) AS \"__ul_d\")"
            )
        }
        _ => format!("SELECT * FROM ({left}) {op} SELECT * FROM ({right})"),
    }
}

/// The words that start a join (`LEFT ANY JOIN`, `GLOBAL INNER JOIN`, …).
pub(super) const JOIN_WORDS: [&str; 12] = [
    "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "GLOBAL", "ANY", "ALL", "SEMI", "ANTI",
    "ASOF",
];

/// Whether `word` (upper case) may follow a `FROM` source: a clause, or another join.
pub(super) fn after_source(word: &str) -> bool {
    matches!(
        word,
        "WHERE" | "PREWHERE" | "GROUP" | "ORDER" | "LIMIT" | "HAVING" | "WINDOW"
    ) || JOIN_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// readIntText of a whole string as ClickHouse's conversion calls it: one sign, digits
    /// wrapping round 2^64 (ReadHelpers.h readIntTextImpl, overflow unchecked).
    #[test]
    fn int_text_reads_as_clickhouse_read_int_text() {
        assert_eq!(int_text("+5"), Some(5));
        assert_eq!(int_text("-0"), Some(0));
        assert_eq!(int_text("007"), Some(7));
        assert_eq!(int_text("9223372036854775807"), Some(i64::MAX));
        assert_eq!(int_text("9223372036854775808"), Some(i64::MIN));
        assert_eq!(int_text("-9223372036854775808"), Some(i64::MIN));
        assert_eq!(int_text("18446744073709551621"), Some(5));
        assert_eq!(int_text("-18446744073709551615"), Some(1));
        for text in [
            "", "+", "-", "--1", "+-1", "1+", " 1", "1 ", "1.5", "1e3", "0x10",
        ] {
            assert_eq!(int_text(text), None, "{text}");
        }
    }

    /// What ClickHouse's parser reads as one number inside `INTERVAL '…'`, and what it then
    /// converts or refuses ([`interval_text`]).
    #[test]
    fn interval_strings_as_clickhouse_parses_them() {
        for s in ["1e3", "1.5E-3", "1.e3", "0x1A", "0X1a", "0b101"] {
            assert!(number_lexeme(s), "{s}");
        }
        for s in ["1", "1.5", "1e", "e3", "0x", "0b2", "1day", "1 day", ".5e3"] {
            assert!(!number_lexeme(s), "{s}");
        }
        assert!(interval_text("+5", false).is_ok());
        assert!(interval_text("18446744073709551621", false).is_ok());
        let long = format!("1{}", "0".repeat(319));
        assert!(interval_text(&long, true).is_ok());
        assert!(interval_text(&long, false).is_err());
        assert!(interval_text("1e3", false).is_err());
        assert!(interval_text("1e3", true).is_err());
    }
}
