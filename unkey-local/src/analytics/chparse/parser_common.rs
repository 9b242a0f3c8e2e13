// Ported to Rust from AfterShip's clickhouse-sql-parser v0.4.18 (Go), file `parser/parser_common.go`.
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

//! The parser's state and common parts (`parser_common.go`).

use super::keyword::go_equal_fold;
use super::lexer::{p, Kind, LexStop, Lexer, Token};
use super::walk::Sum;

/// Why a parse stopped without a tree.
#[derive(Debug)]
pub(crate) enum Fail {
    /// The parser's error (before `wrapError`).
    Syntax(String),
    /// Where Go's parser panics (upstream's server answers its 500).
    Panic(&'static str),
    /// Where Go's lexer never ends (an unterminated `/*` comment).
    Hang,
    /// A rarer form not ported: why.
    NotPorted(&'static str),
}

pub(crate) type R<T> = Result<T, Fail>;

impl From<LexStop> for Fail {
    fn from(stop: LexStop) -> Self {
        match stop {
            LexStop::Error(e) => Fail::Syntax(e),
            LexStop::Hang => Fail::Hang,
        }
    }
}

/// A parse error of this text.
pub(crate) fn err<T>(message: String) -> R<T> {
    Err(Fail::Syntax(message))
}

/// What the parser knows of a node besides what `Walk` visits of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// An `Ident`: its token's text at `input[pos..end]` (`*` too).
    Ident(usize, usize),
    TableFunction,
    /// A `SelectQuery`, and whether it has a `FROM` clause.
    SelectQuery {
        from: bool,
    },
    Other,
}

/// A parsed node: its shape and the subtree `Walk` visits.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) shape: Shape,
    pub(crate) sum: Sum,
}

impl Node {
    pub(crate) fn other(sum: Sum) -> Node {
        Node {
            shape: Shape::Other,
            sum,
        }
    }

    /// A node of no children `Walk` visits.
    pub(crate) fn leaf() -> Node {
        Node::other(Sum::leaf())
    }
}

/// `Parser`.
pub(crate) struct Parser<'a> {
    pub(crate) lexer: Lexer<'a>,
    /// How deep the parse functions are called (bounded, see [`Parser::enter`]).
    pub(crate) depth: usize,
    /// Where a list ended right after a comma (`GROUP BY a,` ending the query, `IN (1, )`):
    /// the list keeps no item for it, so upstream writes the query back without that comma.
    pub(crate) dropped_commas: Vec<usize>,
    /// Where the text upstream writes back is one ClickHouse's parser fails on (see
    /// [`Parser::note_glued_when`], [`Parser::note_dot_number`]): byte offsets.
    pub(crate) clickhouse_syntax: Vec<usize>,
    /// Where a number written `.5` follows `WHERE`, which upstream writes back after `(`
    /// (ClickHouse's number) where it adds its filters and as it is (ClickHouse's syntax
    /// error) where it does not: byte offsets.
    pub(crate) dot_after_where: Vec<usize>,
}

/// The deepest nesting of the parse functions that count it ([`Parser::enter`]): three
/// levels a byte at most (`[[[…`: an array, its item's expression and its operand), so a
/// query within upstream's 16 KB limit never reaches it; deeper is not ported.
const DEPTH_MAX: usize = 3 * 16 * 1024 + 16;

impl<'a> Parser<'a> {
    pub(crate) fn new(input: &'a str) -> Self {
        Parser {
            lexer: Lexer::new(input),
            depth: 0,
            dropped_commas: Vec::new(),
            clickhouse_syntax: Vec::new(),
            dot_after_where: Vec::new(),
        }
    }

    /// The token read last before byte `pos` of the query (its `end` at or before `pos`).
    fn token_before(&self, pos: usize) -> Option<Token> {
        self.lexer
            .tokens
            .iter()
            .filter(|t| t.end <= pos && t.pos < pos)
            .max_by_key(|t| t.end)
            .copied()
    }

    /// The `WHEN` read last, which AfterShip's `String()` writes back glued to the text
    /// before it (`CaseExpr`: `"CASE " + expr` then each `WhenClause`, `"WHEN … THEN " +
    /// then`, with no space between): `CASE outcomeWHEN 'VALID'`, `THEN 1WHEN …`. Where that
    /// text ends in a name, keyword or number, ClickHouse's lexer reads one token through the
    /// `WHEN` (`outcomeWHEN`, `1WHEN`, `NULLWHEN`; `1.0WHEN` its "Wrong number") and its
    /// parser fails, the `CASE` missing a `WHEN` before `THEN`; after `)`, `]` or a quote
    /// (`'VALID'WHEN`, `` `x`WHEN ``) it reads the same. ClickHouse 25.5.2 and 25.8.2 (chDB)
    /// agree.
    pub(crate) fn note_glued_when(&mut self) {
        let Some(when) = self.last() else { return };
        let Some(before) = self.token_before(when.pos) else {
            return;
        };
        let bytes = self.lexer.input.as_bytes();
        let quoted = matches!(bytes.get(before.end), Some(b'\'' | b'`' | b'"'))
            && matches!(before.kind, Kind::Str | Kind::Ident);
        let word = before
            .end
            .checked_sub(1)
            .and_then(|k| bytes.get(k))
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$'));
        if matches!(before.kind, Kind::Int | Kind::Float) || word && !quoted {
            self.clickhouse_syntax.push(when.pos);
        }
    }

    /// A number written `.5` where an operand goes (its `.` read last), which AfterShip
    /// writes back as it is (`NumberLiteral`): ClickHouse's lexer reads a `.` before digits as
    /// a number only after no word (keyword or name), number or closing bracket (Lexer.cpp,
    /// for `t.1`), so after a keyword (`SELECT .5`, `THEN .5`, `BY .5`) it is a `.` and its
    /// parser fails; after an operator or `(` (`x > .5`, `f(.5)`) it is 0.5. ClickHouse
    /// 25.5.2 and 25.8.2 (chDB) agree. After `LIMIT` upstream writes its own limit in its
    /// place, after `INTERVAL` ClickHouse reads an element of a name; after `WHERE` its
    /// filters may put `(` before it (see
    /// [`Parser::dot_after_where`]).
    pub(crate) fn note_dot_number(&mut self) {
        let Some(dot) = self.last() else { return };
        let Some(before) = self.token_before(dot.pos) else {
            return;
        };
        if !matches!(before.kind, Kind::Keyword | Kind::Ident) {
            return;
        }
        let word = self.lexer.slice(&before);
        // (`INTERVAL .5 DAY` ClickHouse reads as the name `INTERVAL`'s element `.5`, its
        // unknown identifier, not its syntax error: ClickHouse 25.5.2 and 25.8.2 (chDB)
        // agree; left to the translation, which does not run an `INTERVAL` of a float.)
        if word.eq_ignore_ascii_case("LIMIT") || word.eq_ignore_ascii_case("INTERVAL") {
            return;
        }
        if word.eq_ignore_ascii_case("WHERE") && before.kind == Kind::Keyword {
            self.dot_after_where.push(dot.pos);
        } else {
            self.clickhouse_syntax.push(dot.pos);
        }
    }

    /// One level deeper into the recursive parse functions; [`Parser::leave`] undoes it.
    pub(crate) fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > DEPTH_MAX {
            return Err(Fail::NotPorted("nesting deeper than the port follows"));
        }
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// `consumeToken`, its error ignored (as Go's callers do).
    pub(crate) fn next(&mut self) -> R<()> {
        let _ = self.lexer.consume_token()?;
        Ok(())
    }

    pub(crate) fn last(&self) -> Option<Token> {
        self.lexer.last().copied()
    }

    pub(crate) fn last_token_kind(&self) -> Kind {
        self.last().map_or(Kind::Eof, |t| t.kind)
    }

    /// `p.last().String`, which panics in Go where there is no last token.
    pub(crate) fn last_string(&self) -> R<String> {
        match self.last() {
            Some(t) => Ok(self.lexer.text(&t)),
            None => Err(Fail::Panic("a nil token's text")),
        }
    }

    /// The last token's text where it is known to be there.
    pub(crate) fn last_text(&self) -> String {
        self.last().map(|t| self.lexer.text(&t)).unwrap_or_default()
    }

    /// `Token.ToString`: a keyword upper-cased.
    pub(crate) fn token_to_string(&self, t: &Token) -> String {
        let s = self.lexer.text(t);
        if t.kind == Kind::Keyword {
            s.to_ascii_uppercase()
        } else {
            s
        }
    }

    pub(crate) fn pos(&self) -> usize {
        self.last().map_or(self.lexer.state.current, |t| t.pos)
    }

    pub(crate) fn match_token_kind(&self, kind: Kind) -> bool {
        let last = self.last_token_kind();
        last == kind || kind == Kind::Ident && last == Kind::Keyword
    }

    pub(crate) fn expect_token_kind(&mut self, kind: Kind) -> R<()> {
        if self.try_consume_token_kind(kind)?.is_some() {
            return Ok(());
        }
        err(format!(
            "expected the last token kind is: {}, but got {}",
            kind_str(kind),
            kind_str(self.last_token_kind())
        ))
    }

    pub(crate) fn try_consume_token_kind(&mut self, kind: Kind) -> R<Option<Token>> {
        if self.match_token_kind(kind) {
            let last = self.last();
            self.next()?;
            return Ok(last);
        }
        Ok(None)
    }

    pub(crate) fn match_keyword(&self, keyword: &str) -> bool {
        self.match_token_kind(Kind::Keyword)
            && self
                .last()
                .is_some_and(|t| go_equal_fold(self.lexer.slice(&t), keyword))
    }

    pub(crate) fn match_one_of_keywords(&self, keywords: &[&str]) -> bool {
        keywords.iter().any(|k| self.match_keyword(k))
    }

    pub(crate) fn expect_keyword(&mut self, keyword: &str) -> R<()> {
        if !self.match_keyword(keyword) {
            return err(format!(
                "expected keyword: {keyword}, but got {}",
                kind_str(self.last_token_kind())
            ));
        }
        self.next()
    }

    pub(crate) fn try_consume_keywords(&mut self, keywords: &[&str]) -> R<bool> {
        let saved = self.lexer.save_state();
        for keyword in keywords {
            if !self.match_keyword(keyword) {
                self.lexer.restore_state(saved);
                return Ok(false);
            }
            self.next()?;
        }
        Ok(true)
    }

    /// `tryParseIdent`.
    pub(crate) fn try_parse_ident(&mut self) -> R<Option<Node>> {
        if self.last_token_kind() != Kind::Ident {
            return Ok(None);
        }
        let Some(t) = self.last() else {
            return Ok(None);
        };
        self.next()?;
        Ok(Some(ident_node(&t)))
    }

    /// `parseIdent`.
    pub(crate) fn parse_ident(&mut self) -> R<Node> {
        let last = self.last();
        self.expect_token_kind(Kind::Ident)?;
        match last {
            Some(t) => Ok(ident_node(&t)),
            None => Err(Fail::NotPorted("an identifier of no token")),
        }
    }

    /// `parseIdentOrString`.
    pub(crate) fn parse_ident_or_string(&mut self) -> R<Node> {
        if self.match_token_kind(Kind::Ident) {
            return self.parse_ident();
        }
        if self.match_token_kind(Kind::Str) {
            let t = self.last();
            self.next()?;
            return Ok(t.map_or_else(Node::leaf, |t| ident_node(&t)));
        }
        err(format!(
            "expected <ident> or <string>, but got {}",
            go_quote(&kind_str(self.last_token_kind()))?
        ))
    }

    /// `tryParseDotIdent`.
    pub(crate) fn try_parse_dot_ident(&mut self) -> R<Option<Node>> {
        if self.try_consume_token_kind(p(b'.'))?.is_none() {
            return Ok(None);
        }
        self.parse_ident().map(Some)
    }

    /// `tryParseDotIdentOrString`.
    pub(crate) fn try_parse_dot_ident_or_string(&mut self) -> R<Option<Node>> {
        if self.try_consume_token_kind(p(b'.'))?.is_none() {
            return Ok(None);
        }
        self.parse_ident_or_string().map(Some)
    }

    /// `tryParseNull`.
    pub(crate) fn try_parse_null(&mut self) -> R<Option<Node>> {
        Ok(self.try_consume_keywords(&["NULL"])?.then(Node::leaf))
    }

    /// `tryParseNotNull`: a `NotNullLiteral` walks to its `NullLiteral`.
    pub(crate) fn try_parse_not_null(&mut self) -> R<Option<Node>> {
        if !self.try_consume_keywords(&["NOT"])? {
            return Ok(None);
        }
        self.expect_keyword("NULL")?;
        Ok(Some(Node::other(Sum::of([Some(Sum::leaf())]))))
    }

    /// `parseDecimal`.
    pub(crate) fn parse_decimal(&mut self) -> R<Node> {
        let (node, base, literal) = self.parse_number_token()?;
        if base != 10 {
            return err(format!("invalid decimal literal: {}", go_quote(&literal)?));
        }
        Ok(node)
    }

    /// `parseNumber`.
    pub(crate) fn parse_number(&mut self) -> R<Node> {
        self.parse_number_token().map(|(node, _, _)| node)
    }

    /// `parseNumber`, with the number's base and text.
    pub(crate) fn parse_number_token(&mut self) -> R<(Node, u8, String)> {
        let mut last = self.state_last_index();
        if self.match_token_kind(Kind::Int) {
            self.expect_token_kind(Kind::Int)?;
        } else if self.match_token_kind(Kind::Float) {
            self.expect_token_kind(Kind::Float)?;
        } else if self.match_token_kind(p(b'.')) {
            self.next()?;
            last = self.state_last_index();
            self.expect_token_kind(Kind::Int)?;
            let t = last.and_then(|i| self.lexer.tokens.get(i)).copied();
            if t.is_some_and(|t| t.base != 10) {
                return err(format!(
                    "invalid decimal literal: {}",
                    go_quote(&t.map(|t| self.lexer.text(&t)).unwrap_or_default())?
                ));
            }
            // (Go changes the token itself: a state saved with it sees the float.)
            if let Some(t) = last.and_then(|i| self.lexer.tokens.get_mut(i)) {
                t.dot_prefixed = true;
                t.kind = Kind::Float;
            }
        } else {
            return err(format!(
                "expected <int> or <float>, but got {}",
                go_quote(&kind_str(self.last_token_kind()))?
            ));
        }
        let t = last.and_then(|i| self.lexer.tokens.get(i)).copied();
        let (base, text) = t.map_or((0, String::new()), |t| (t.base, self.lexer.text(&t)));
        Ok((Node::leaf(), base, text))
    }

    fn state_last_index(&self) -> Option<usize> {
        self.lexer.state.last_token
    }

    /// `parseString`.
    pub(crate) fn parse_string(&mut self) -> R<Node> {
        self.expect_token_kind(Kind::Str)?;
        Ok(Node::leaf())
    }

    /// `parseLiteral` (its `NULL` is not consumed, as in Go).
    pub(crate) fn parse_literal(&mut self) -> R<Node> {
        if self.match_token_kind(Kind::Int) || self.match_token_kind(Kind::Float) {
            return self.parse_number();
        }
        if self.match_token_kind(Kind::Str) {
            return self.parse_string();
        }
        if self.match_token_kind(Kind::Ident) {
            return self.parse_ident();
        }
        if self.match_keyword("NULL") {
            return Ok(Node::leaf());
        }
        err(format!(
            "expected <int>, <string>, <ident> or keyword <NULL>, but got {}",
            go_quote(&kind_str(self.last_token_kind()))?
        ))
    }

    /// `ParseNestedIdentifier`.
    pub(crate) fn parse_nested_identifier(&mut self) -> R<Node> {
        let ident = self.parse_ident()?;
        let dot = self.try_parse_dot_ident()?;
        Ok(Node::other(Sum::of([Some(ident.sum), dot.map(|d| d.sum)])))
    }

    /// `tryParseFormat`.
    pub(crate) fn try_parse_format(&mut self) -> R<Option<Node>> {
        if !self.match_keyword("FORMAT") {
            return Ok(None);
        }
        self.parse_format().map(Some)
    }

    /// `parseFormat`.
    pub(crate) fn parse_format(&mut self) -> R<Node> {
        self.expect_keyword("FORMAT")?;
        let ident = self.parse_ident()?;
        Ok(Node::other(Sum::of([Some(ident.sum)])))
    }

    /// `wrapError`: `line L:C message`, the query's line `L` (from 0), and under it `C`
    /// spaces and a `^` for each byte of the last token (one at the end).
    pub(crate) fn wrap_error(&self, message: &str) -> R<String> {
        let pos = self.pos();
        let input = self.lexer.input.as_bytes();
        // (Past the end, Go's loop indexes out of the input and panics.)
        let Some(before) = input.get(..pos) else {
            return Err(Fail::Panic("an error past the end of the query"));
        };
        let line_no = before.iter().filter(|&&c| c == b'\n').count();
        let column = before.iter().rev().take_while(|&&c| c != b'\n').count();
        let mut buf = format!("line {line_no}:{column} {message}\n");
        if let Some(line) = self.lexer.input.split('\n').nth(line_no) {
            buf.push_str(line);
            buf.push('\n');
            buf.push_str(&" ".repeat(column));
            let carets = self.last().map_or(1, |t| self.lexer.text_len(&t));
            buf.push_str(&"^".repeat(carets));
            buf.push('\n');
        }
        Ok(buf)
    }

    /// `parseRatioExpr`: a `RatioExpr` walks to its numbers.
    pub(crate) fn parse_ratio_expr(&mut self) -> R<Node> {
        let numerator = self.parse_number()?;
        let mut denominator = None;
        if self.try_consume_token_kind(p(b'/'))?.is_some() {
            denominator = Some(self.parse_number()?.sum);
        }
        Ok(Node::other(Sum::of([Some(numerator.sum), denominator])))
    }

    /// `Ident.Name` of `node`.
    pub(crate) fn ident_name(&self, node: &Node) -> String {
        match node.shape {
            Shape::Ident(pos, end) => self.lexer.input.get(pos..end).unwrap_or("*").to_string(),
            _ => String::new(),
        }
    }

    /// `Ident.String()` of `node`: its name in the quotes it was written in.
    pub(crate) fn ident_string(&self, node: &Node) -> String {
        let name = self.ident_name(node);
        let Shape::Ident(pos, end) = node.shape else {
            return name;
        };
        let bytes = self.lexer.input.as_bytes();
        match (
            pos.checked_sub(1).and_then(|b| bytes.get(b)),
            bytes.get(end),
        ) {
            (Some(&q), Some(&c)) if q == c && matches!(q, b'`' | b'"' | b'\'') => {
                let q = char::from(q);
                format!("{q}{name}{q}")
            }
            _ => name,
        }
    }
}

/// An `Ident` of token `t`.
pub(crate) fn ident_node(t: &Token) -> Node {
    Node {
        shape: Shape::Ident(t.pos, t.end),
        sum: Sum::leaf(),
    }
}

/// A kind as Go's `%s` writes it.
pub(crate) fn kind_str(kind: Kind) -> String {
    match kind {
        Kind::Eof => "<eof>".into(),
        Kind::Ident => "<ident>".into(),
        Kind::Keyword => "<keyword>".into(),
        Kind::Int => "<int>".into(),
        Kind::Float => "<float>".into(),
        Kind::Str => "<string>".into(),
        Kind::P(a, 0) => String::from_utf8_lossy(&[a]).into_owned(),
        Kind::P(a, b) => String::from_utf8_lossy(&[a, b]).into_owned(),
    }
}

/// Go's `%q` (`strconv.Quote`) of `s` (U+FFFD standing for a byte that is no character,
/// as [`kind_str`] and `Lexer::text` write one, `\xNN` in Go); a character other than
/// ASCII that [`go_printable`] does not know is not followed (Go's `IsPrint` decides its
/// escape).
pub(crate) fn go_quote(s: &str) -> R<String> {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            ' '..='~' => out.push(c),
            c if c.is_ascii() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if go_printable(c) => out.push(c),
            _ => {
                return Err(Fail::NotPorted(
                    "a quoted token of a character Go may escape",
                ))
            }
        }
    }
    out.push('"');
    Ok(out)
}

/// Characters other than ASCII that Go's `unicode.IsPrint` takes, as far as known here:
/// letters and digits, and blocks of punctuation and symbols every character of which is
/// assigned and printable (Latin-1's but the soft hyphen, general punctuation but the
/// format characters and separators, currency, letterlike, arrows, mathematical operators,
/// box drawing to dingbats, CJK brackets, the common emoji).
fn go_printable(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c,
            '\u{A1}'..='\u{AC}'
            | '\u{AE}'..='\u{BF}'
            | '\u{D7}'
            | '\u{F7}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{20A0}'..='\u{20BF}'
            | '\u{2100}'..='\u{214F}'
            | '\u{2190}'..='\u{22FF}'
            | '\u{2500}'..='\u{27BF}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{1F300}'..='\u{1F64F}')
}
