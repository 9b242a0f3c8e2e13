// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), file `parser/lexer.go`.
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

//! The lexer (`lexer.go`, `helper.go`): tokens are read one at a time, on demand, and the
//! parser backtracks by saving and restoring the lexer's [`State`] (`lexerState`).

use super::keyword::is_keyword;

/// A token's kind (`TokenKind`): the named kinds, or the text of a symbol (`P(a, 0)` one
/// byte, `P(a, b)` two; `->` for both `->` and `+>`, as `lexer.go` kinds them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Eof,
    Ident,
    Keyword,
    Int,
    Float,
    Str,
    P(u8, u8),
}

/// A one-byte symbol's kind.
pub(crate) const fn p(c: u8) -> Kind {
    Kind::P(c, 0)
}

/// `Unquoted`, `DoubleQuote`, `BackTicks` (`SingleQuote` is the parser's).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum QuoteType {
    Unquoted,
    DoubleQuote,
    BackTicks,
}

/// A token (`Token`): its text is `input[pos..end]`, with a `.` before it where the parser
/// made a float of `.` and an integer (`parseNumber`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub(crate) pos: usize,
    pub(crate) end: usize,
    pub(crate) kind: Kind,
    pub(crate) base: u8,
    pub(crate) dot_prefixed: bool,
}

/// `lexerState`: the read position and the last token read (an index into the lexer's
/// tokens, which the parser may change as Go's shared `*Token` is).
#[derive(Clone, Copy, Debug)]
pub(crate) struct State {
    pub(crate) current: usize,
    pub(crate) last_token: Option<usize>,
}

/// `Lexer`.
pub(crate) struct Lexer<'a> {
    pub(crate) state: State,
    pub(crate) input: &'a str,
    pub(crate) tokens: Vec<Token>,
}

pub(crate) fn is_digit(c: u8) -> bool {
    c.is_ascii_digit()
}

fn is_hex_digit(c: u8) -> bool {
    c.is_ascii_hexdigit()
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_part(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Lexer {
            state: State {
                current: 0,
                last_token: None,
            },
            input,
            tokens: Vec::new(),
        }
    }

    pub(crate) fn save_state(&self) -> State {
        self.state
    }

    pub(crate) fn restore_state(&mut self, state: State) {
        self.state = state;
    }

    /// The last token read (`lastToken`), `None` at the end or after a lexer error.
    pub(crate) fn last(&self) -> Option<&Token> {
        self.state.last_token.and_then(|i| self.tokens.get(i))
    }

    /// A token's text (`Token.String`).
    /// (A token of one byte of a character is Go's string of that byte, which its JSON
    /// writes as U+FFFD, as `from_utf8_lossy` does here.)
    pub(crate) fn text(&self, t: &Token) -> String {
        let bytes = self.input.as_bytes().get(t.pos..t.end).unwrap_or_default();
        let s = String::from_utf8_lossy(bytes);
        if t.dot_prefixed {
            format!(".{s}")
        } else {
            s.to_string()
        }
    }

    /// A token's text as written in the query (without the `.` [`Lexer::text`] may put
    /// before a number), no copy; empty for a byte of a character.
    pub(crate) fn slice(&self, t: &Token) -> &str {
        self.input.get(t.pos..t.end).unwrap_or_default()
    }

    /// `len(Token.String)`.
    pub(crate) fn text_len(&self, t: &Token) -> usize {
        t.end.saturating_sub(t.pos) + usize::from(t.dot_prefixed)
    }

    fn set_last(&mut self, t: Token) {
        self.tokens.push(t);
        self.state.last_token = Some(self.tokens.len() - 1);
    }

    fn skip_n(&mut self, n: usize) {
        self.state.current += n;
    }

    fn peek_n(&self, n: usize) -> u8 {
        self.input
            .as_bytes()
            .get(self.state.current + n)
            .copied()
            .unwrap_or(0)
    }

    fn peek_ok(&self, n: usize) -> bool {
        self.state.current + n < self.input.len()
    }

    fn consume_number(&mut self) -> Result<(), String> {
        let mut i = 0;
        let mut base = 10;
        if self.peek_n(0) == b'+' || self.peek_n(0) == b'-' {
            i += 1;
        }
        if self.peek_n(0) == b'0' && self.peek_ok(1) && self.peek_n(1) == b'x' {
            i += 2;
            base = 16;
        }
        let mut has_exp = false;
        let mut kind = Kind::Int;
        let mut has_number_part = false;
        while self.peek_ok(i) {
            has_number_part = true;
            let c = self.peek_n(i);
            if base == 10 && is_digit(c) || base == 16 && is_hex_digit(c) {
                i += 1;
                continue;
            }
            if c == b'.' {
                kind = Kind::Float;
                i += 1;
                continue;
            }
            if base != 16 && matches!(c, b'e' | b'E' | b'p' | b'P') {
                if has_exp {
                    return Err("invalid number".into());
                }
                i += 1;
                if self.peek_ok(i) && matches!(self.peek_n(i), b'+' | b'-') {
                    i += 1;
                }
                if !self.peek_ok(i) || !is_digit(self.peek_n(i)) {
                    return Err("exponent part should contain at least one digit".into());
                }
                has_exp = true;
                continue;
            }
            break;
        }
        if self.peek_ok(i) && is_ident_part(self.peek_n(i)) || !has_number_part {
            return Err("invalid number".into());
        }
        let at = self.state.current;
        self.set_last(Token {
            pos: at,
            end: at + i,
            kind,
            base,
            dot_prefixed: false,
        });
        self.skip_n(i);
        Ok(())
    }

    fn consume_ident(&mut self) -> Result<(), String> {
        let mut quote = QuoteType::Unquoted;
        if self.peek_ok(0) && (self.peek_n(0) == b'`' || self.peek_n(0) == b'"') {
            quote = if self.peek_n(0) == b'`' {
                QuoteType::BackTicks
            } else {
                QuoteType::DoubleQuote
            };
            self.skip_n(1);
        }
        let mut i = 0;
        if quote == QuoteType::Unquoted {
            if self.peek_ok(i) && self.peek_n(i) == b'$' {
                i += 1;
            }
            while self.peek_ok(i) && is_ident_part(self.peek_n(i)) {
                i += 1;
            }
        } else {
            let close = if quote == QuoteType::BackTicks {
                b'`'
            } else {
                b'"'
            };
            while self.peek_ok(i) && self.peek_n(i) != close {
                i += 1;
            }
            if !self.peek_ok(i) {
                let at = self.state.current;
                let slice = self.input.get(at..at + i).unwrap_or_default();
                return Err(format!("unclosed quoted identifier: {slice}"));
            }
        }
        let at = self.state.current;
        let slice = self.input.get(at..at + i).unwrap_or_default();
        let kind = if quote == QuoteType::Unquoted && is_keyword(slice) {
            Kind::Keyword
        } else {
            Kind::Ident
        };
        self.set_last(Token {
            pos: at,
            end: at + i,
            kind,
            base: 0,
            dot_prefixed: false,
        });
        self.skip_n(i);
        if quote != QuoteType::Unquoted {
            self.skip_n(1);
        }
        Ok(())
    }

    fn consume_single_line_comment(&mut self) {
        self.skip_n(2);
        let mut i = 0;
        while self.peek_ok(i) && self.peek_n(i) != b'\r' && self.peek_n(i) != b'\n' {
            i += 1;
        }
        self.skip_n(i + 1);
    }

    /// `consumeMultiLineComment`: Go's loop never ends on a comment left open (its
    /// condition does not move), which is answered here as [`LexStop::Hang`].
    fn consume_multi_line_comment(&mut self) -> Result<(), LexStop> {
        self.skip_n(2);
        let mut i = 0;
        loop {
            if self.is_eof() {
                break;
            }
            if self.peek_ok(i + 1) && self.peek_n(i) == b'*' && self.peek_n(i + 1) == b'/' {
                i += 2;
                break;
            }
            if !self.peek_ok(i + 1) {
                return Err(LexStop::Hang);
            }
            i += 1;
        }
        self.skip_n(i);
        Ok(())
    }

    fn consume_string(&mut self) -> Result<(), String> {
        let mut i = 1;
        let end_char = b'\'';
        while self.peek_ok(i) {
            let c = self.peek_n(i);
            if c == b'\\' {
                i += 1;
                if self.peek_ok(i) {
                    i += 1;
                }
                continue;
            }
            if c == end_char {
                if self.peek_ok(i + 1) && self.peek_n(i + 1) == end_char {
                    i += 2;
                    continue;
                }
                break;
            }
            i += 1;
        }
        if !self.peek_ok(i) || self.peek_n(i) != end_char {
            return Err("invalid string".into());
        }
        let at = self.state.current;
        self.set_last(Token {
            pos: at + 1,
            end: at + i,
            kind: Kind::Str,
            base: 0,
            dot_prefixed: false,
        });
        self.skip_n(i + 1);
        Ok(())
    }

    fn skip_comments(&mut self) -> Result<(), LexStop> {
        while !self.is_eof() {
            self.skip_space();
            if !self.peek_ok(0) {
                return Ok(());
            }
            match self.peek_n(0) {
                b'-' if self.peek_ok(1) && self.peek_n(1) == b'-' => {
                    self.consume_single_line_comment();
                }
                b'/' if self.peek_ok(1) && self.peek_n(1) == b'*' => {
                    self.consume_multi_line_comment()?;
                }
                b'\r' | b'\n' => self.skip_n(1),
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// `peekToken`: the next token, the state kept; on an error the state is left where
    /// the failed read left it, as Go's is.
    pub(crate) fn peek_token(&mut self) -> Result<Option<Token>, LexStop> {
        let saved = self.save_state();
        self.consume_token()?.map_err(LexStop::Error)?;
        let token = self.last().copied();
        self.restore_state(saved);
        Ok(token)
    }

    fn has_precedence_token(&self, last: Option<usize>) -> bool {
        last.and_then(|i| self.tokens.get(i)).is_some_and(|t| {
            matches!(
                t.kind,
                Kind::Ident | Kind::Keyword | Kind::Int | Kind::Float | Kind::Str
            )
        })
    }

    fn symbol(&mut self, n: usize, kind: Kind) {
        let at = self.state.current;
        self.set_last(Token {
            pos: at,
            end: at + n,
            kind,
            base: 0,
            dot_prefixed: false,
        });
        self.skip_n(n);
    }

    /// `consumeToken`: the outer `Err` is what Go does not return from (see [`LexStop`]),
    /// the inner one the error Go's returns (which most callers ignore).
    pub(crate) fn consume_token(&mut self) -> Result<Result<(), String>, LexStop> {
        let last_token = self.state.last_token;
        self.state.last_token = None;
        self.skip_comments()?;
        self.skip_space();
        if self.is_eof() {
            return Ok(Ok(()));
        }
        let c = self.peek_n(0);
        let next = self.peek_ok(1).then(|| self.peek_n(1));
        match c {
            b'>' | b'<' | b'!' | b'=' | b'|' => {
                if let Some(d) = next {
                    if c == b'|' && d == b'|'
                        || c == b'<' && d == b'>'
                        || c == b'=' && d == b'='
                        || c != b'|' && d == b'='
                    {
                        self.symbol(2, Kind::P(c, d));
                        return Ok(Ok(()));
                    }
                }
            }
            b'+' | b'-' => {
                if !self.has_precedence_token(last_token) && next.is_some_and(is_digit) {
                    return Ok(self.consume_number());
                } else if next == Some(b'>') {
                    self.symbol(2, Kind::P(b'-', b'>'));
                    return Ok(Ok(()));
                }
            }
            b'0'..=b'9' => return Ok(self.consume_number()),
            b'`' | b'$' | b'"' => return Ok(self.consume_ident()),
            b'\'' => return Ok(self.consume_string()),
            b':' if next == Some(b':') => {
                self.symbol(2, Kind::P(b':', b':'));
                return Ok(Ok(()));
            }
            b'.' => {
                self.symbol(1, p(b'.'));
                return Ok(Ok(()));
            }
            _ => {}
        }
        if is_ident_start(c) {
            return Ok(self.consume_ident());
        }
        self.symbol(1, p(c));
        Ok(Ok(()))
    }

    pub(crate) fn is_eof(&self) -> bool {
        self.state.current >= self.input.len()
    }

    /// `skipSpace`: Go's `unicode.IsSpace` is Unicode's `White_Space`, as Rust's
    /// `char::is_whitespace`.
    fn skip_space(&mut self) {
        while let Some(c) = self
            .input
            .get(self.state.current..)
            .and_then(|s| s.chars().next())
        {
            if !c.is_whitespace() {
                break;
            }
            self.state.current += c.len_utf8();
        }
    }
}

/// What the Go lexer does that is no answer: an error of `peekToken` (returned), or a loop
/// that never ends (an unterminated `/*` comment).
#[derive(Debug)]
pub(crate) enum LexStop {
    Error(String),
    Hang,
}
